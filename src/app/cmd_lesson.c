#include "cmd_lesson.h"

#include <stdio.h>
#include <string.h>

#include "cmd.h"
#include "fileio.h"
#include "lessonio.h"
#include "lessonout.h"
#include "theme.h"
#include "window.h"

static int load(const cli_opts *o, lesson *l, errmsg *e) {
    int rc = lessonio_load(l, o->scene_path, e);
    return rc == 0 ? 0 : rc == FILEIO_EIO ? 1 : 2;
}

/* The presenter: slide 0's scene goes into a scene of ours, which the
 * window replaces slide by slide. */
static int present(const cli_opts *o, const lesson *l, errmsg *e) {
    window_opts w;
    scene s;
    int rc;
    window_opts_init(&w);
    w.width = o->width;
    w.height = o->height;
    w.font = o->font;
    w.theme = o->theme;
    w.script = o->script;
    w.screenshot = o->screenshot;
    w.projector = o->projector;
    w.lesson = l;
    w.layer = l->slide[0].layer;
    w.gran = l->slide[0].gran;
    w.step = l->slide[0].step;
    scene_init(&s);
    if (scene_copy(&s, &l->slide[0].s, e)) return 1;
    rc = window_run(&s, &w, e);
    scene_free(&s);
    if (rc == 0) return 0;
    if (rc == WINDOW_BAD_INPUT) return 2;
    if (rc == WINDOW_NO_DISPLAY) errmsg_prefix(e, "lesson: ");
    if (rc == WINDOW_NO_DISPLAY && strlen(e->msg) + 60 < sizeof e->msg)
        strcat(e->msg, "; --export DIR writes the slides as pictures instead");
    return 1;
}

/* No picture or page may replace the lesson file itself. */
static int check_outputs(const cli_opts *o, const lesson *l, errmsg *e) {
    char path[4096], name[LESSONOUT_NAME];
    for (int i = 0; i <= l->nslides; i++) {
        if (i < l->nslides) lessonout_name(l, i, name, sizeof name);
        else snprintf(name, sizeof name, "index.html");
        snprintf(path, sizeof path, "%s/%s", o->export_dir, name);
        if (fileio_same_file(path, o->scene_path))
            return errmsg_set(e, "--export: %s would replace the lesson file %s", path, o->scene_path);
        if (fileio_check_output(path, e)) {
            errmsg_prefix(e, "--export: %s: ", path);
            return -1;
        }
    }
    return 0;
}

static int progress(void *ctx, int done, int total) {
    (void)ctx;
    (void)done;
    (void)total;
    return cmd_signal() != 0;
}

static int export_lesson(const cli_opts *o, const lesson *l, errmsg *e) {
    lessonout_opts x;
    char full[4096];
    lessonout_opts_init(&x);
    if (o->width > 0) x.width = o->width;
    if (o->height > 0) x.height = o->height;
    x.font = o->font;
    x.theme = theme_get(o->theme ? o->theme : "light");
    if (check_outputs(o, l, e)) return 2;
    cmd_catch_signals();
    if (lessonout_write(l, o->export_dir, &x, progress, NULL, e))
        return cmd_signal() ? cmd_interrupted("lesson --export", e) : 1;
    printf("%d slide%s and index.html in %s\n", l->nslides, l->nslides == 1 ? "" : "s",
           fileio_full_path(o->export_dir, full, sizeof full));
    return 0;
}

int cmd_lesson(const cli_opts *o, errmsg *e) {
    lesson l;
    int status = load(o, &l, e);
    if (status) return status;
    if (o->check)
        printf("%s: %d slide%s, every scene and field checked\n", o->scene_path, l.nslides, l.nslides == 1 ? "" : "s");
    else if (o->export_dir)
        status = export_lesson(o, &l, e);
    else
        status = present(o, &l, e);
    lesson_free(&l);
    return status;
}
