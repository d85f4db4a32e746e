#include "cmd_lesson.h"

#include <stdio.h>

#include "fileio.h"
#include "lessonio.h"

static int load(const cli_opts *o, lesson *l, errmsg *e) {
    int rc = lessonio_load(l, o->scene_path, e);
    return rc == 0 ? 0 : rc == FILEIO_EIO ? 1 : 2;
}

int cmd_lesson(const cli_opts *o, errmsg *e) {
    lesson l;
    int status = load(o, &l, e);
    if (status) return status;
    if (o->check) {
        printf("%s: %d slide%s, every scene and field checked\n", o->scene_path, l.nslides, l.nslides == 1 ? "" : "s");
    } else {
        errmsg_set(e, "lesson: only --check is ready in this version");
        status = 2;
    }
    lesson_free(&l);
    return status;
}
