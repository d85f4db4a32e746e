/* cmd_lesson: `convanim lesson FILE` (the presenter in the window),
 * `--check` (validate, open nothing) and `--export DIR` (a picture per
 * slide and an index.html). Returns the exit status, e filled on failure. */
#ifndef CONVANIM_CMD_LESSON_H
#define CONVANIM_CMD_LESSON_H

#include "cli.h"

int cmd_lesson(const cli_opts *o, errmsg *e);

#endif
