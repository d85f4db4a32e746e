#include "lessonout.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "answer.h"
#include "fileio.h"
#include "pngout.h"
#include "strbuf.h"

enum { PATH_MAX_LEN = 4096 };

void lessonout_opts_init(lessonout_opts *o) {
    memset(o, 0, sizeof *o);
    o->width = EXPORT_DEFAULT_W;
    o->height = EXPORT_DEFAULT_H;
    o->delay_ms = 500;
    o->style = LAYOUT_STYLE_FIGURE;
}

static int plays(const lesson_slide *sl) { return sl->stop > sl->step; }

void lessonout_name(const lesson *l, int i, char *buf, size_t n) {
    snprintf(buf, n, "slide-%02d.%s", i + 1, plays(&l->slide[i]) ? "gif" : "png");
}

/* &, <, >, " and ' as entities: captions are the author's text, not markup. */
static void html_text(strbuf *b, const char *s) {
    for (; *s; s++) {
        switch (*s) {
        case '&': strbuf_puts(b, "&amp;"); break;
        case '<': strbuf_puts(b, "&lt;"); break;
        case '>': strbuf_puts(b, "&gt;"); break;
        case '"': strbuf_puts(b, "&quot;"); break;
        case '\'': strbuf_puts(b, "&#39;"); break;
        default: strbuf_add(b, s, 1); break;
        }
    }
}

char *lessonout_html(const lesson *l, errmsg *e) {
    strbuf b = {0};
    char name[LESSONOUT_NAME], *cap = malloc(LESSON_TEXT * 4);
    const char *title = l->title[0] ? l->title : "Lesson";
    if (!cap) {
        errmsg_set(e, "index.html: out of memory");
        return NULL;
    }
    strbuf_puts(&b, "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n<title>");
    html_text(&b, title);
    strbuf_puts(&b, "</title>\n<style>body{font-family:sans-serif;max-width:1000px;margin:2em auto;padding:0 1em}"
                    "figure{margin:2em 0}img{max-width:100%;height:auto;border:1px solid #ddd}"
                    "figcaption{font-size:1.15em;margin-top:.5em}.question{font-weight:bold}</style>\n</head>\n"
                    "<body>\n<h1>");
    html_text(&b, title);
    strbuf_puts(&b, "</h1>\n");
    for (int i = 0; i < l->nslides; i++) {
        const lesson_slide *sl = &l->slide[i];
        errmsg fe;
        lessonout_name(l, i, name, sizeof name);
        if (lesson_fill(cap, LESSON_TEXT * 4, sl->caption, sl, &fe)) snprintf(cap, LESSON_TEXT * 4, "%s", sl->caption);
        strbuf_printf(&b, "<figure id=\"slide-%d\">\n<img src=\"%s\" alt=\"slide %d: ", i + 1, name, i + 1);
        html_text(&b, sl->s.title[0] ? sl->s.title : title);
        strbuf_printf(&b, "\">\n<figcaption><b>%d.</b> ", i + 1);
        html_text(&b, cap);
        if (sl->question != LESSON_Q_NONE) {
            char q[256];
            answer_prompt(q, sizeof q, &sl->s, sl->layer, sl->gran, sl->step, sl->question);
            strbuf_puts(&b, "<br><span class=\"question\">");
            html_text(&b, q);
            strbuf_puts(&b, "</span>");
        }
        strbuf_puts(&b, "</figcaption>\n</figure>\n");
    }
    strbuf_puts(&b, "</body>\n</html>\n");
    free(cap);
    if (b.failed) {
        free(b.s);
        errmsg_set(e, "index.html: out of memory");
        return NULL;
    }
    return b.s;
}

static int join(char *buf, size_t n, const char *dir, const char *name, errmsg *e) {
    if ((size_t)snprintf(buf, n, "%s/%s", dir, name) >= n) return errmsg_set(e, "%s: path too long", dir);
    return 0;
}

static int make_dir(const char *dir, errmsg *e) {
    struct stat st;
    if (mkdir(dir, 0777) == 0) return 0;
    if (errno == EEXIST && stat(dir, &st) == 0 && S_ISDIR(st.st_mode)) return 0;
    if (errno == EEXIST) return errmsg_set(e, "%s: is not a folder", dir);
    return errmsg_set(e, "%s: cannot create the folder: %s", dir, strerror(errno));
}

static int write_slide(const lesson *l, int i, const char *path, const lessonout_opts *o, errmsg *e) {
    const lesson_slide *sl = &l->slide[i];
    if (plays(sl)) {
        export_opts x;
        export_opts_init(&x);
        x.gif = path;
        x.width = o->width;
        x.height = o->height;
        x.layer = sl->layer;
        x.gran = sl->gran;
        x.from = sl->step;
        x.to = sl->stop;
        x.delay_ms = o->delay_ms;
        x.hold_ms = 1000;
        x.theme = o->theme;
        x.font = o->font;
        x.style = o->style;
        x.projector = sl->projector > 0;
        return export_run(&sl->s, &x, NULL, NULL, NULL, e);
    }
    layout_view v;
    layout_view_init(&v);
    v.layer = sl->layer;
    v.gran = sl->gran;
    v.step = sl->step;
    v.style = o->style;
    v.projector = sl->projector > 0;
    if (o->theme) v.theme = o->theme;
    if (sl->hover_set) {
        v.hover_el = FRAME_EL_OUTPUT_CELL;
        v.hover_a = sl->hover_filter;
        v.hover_b = sl->hover_cell;
    }
    return pngout_render(&sl->s, &v, o->width, o->height, o->font, path, e);
}

/* slide-NN.png / .gif of an earlier run that this one did not write. */
static void remove_stale(const lesson *l, const char *dir) {
    char name[LESSONOUT_NAME], mine[LESSONOUT_NAME], path[PATH_MAX_LEN];
    for (int i = 0; i < LESSON_MAX_SLIDES; i++) {
        for (int k = 0; k < 2; k++) {
            snprintf(name, sizeof name, "slide-%02d.%s", i + 1, k ? "gif" : "png");
            if (i < l->nslides) {
                lessonout_name(l, i, mine, sizeof mine);
                if (strcmp(mine, name) == 0) continue;
            }
            if ((size_t)snprintf(path, sizeof path, "%s/%s", dir, name) < sizeof path) unlink(path);
        }
    }
}

int lessonout_write(const lesson *l, const char *dir, const lessonout_opts *o, lessonout_progress_fn progress,
                    void *ctx, errmsg *e) {
    char path[PATH_MAX_LEN], name[LESSONOUT_NAME];
    char *html;
    int rc;
    if (make_dir(dir, e)) return -1;
    for (int i = 0; i < l->nslides; i++) {
        lessonout_name(l, i, name, sizeof name);
        if (join(path, sizeof path, dir, name, e)) return -1;
        if (write_slide(l, i, path, o, e)) {
            errmsg_prefix(e, "slide %d: ", i + 1);
            return -1;
        }
        if (progress && progress(ctx, i + 1, l->nslides)) return errmsg_set(e, "export: cancelled");
    }
    if (join(path, sizeof path, dir, "index.html", e)) return -1;
    if (!(html = lessonout_html(l, e))) return -1;
    rc = fileio_write_file(path, html, strlen(html), e);
    free(html);
    if (rc == 0) remove_stale(l, dir);
    return rc;
}
