/* cmd_view: the commands that show a frame: `render` (one step to a PNG,
 * no display needed) and the window, which falls back to rendering a file
 * when there is no display. Each returns the exit status and fills e. */
#ifndef CONVANIM_CMD_VIEW_H
#define CONVANIM_CMD_VIEW_H

#include "cli.h"
#include "scene.h"

int cmd_render(const cli_opts *o, const scene *s, errmsg *e);

/* Opens the window; with no display, says so on stderr and renders the
 * first step to convanim-default.png (or -2, -3... rather than replace a
 * file the user has). */
int cmd_window(const cli_opts *o, scene *s, errmsg *e);

#endif
