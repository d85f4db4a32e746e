/* cmd_export: `convanim export`. Streams the layer's animation into a GIF
 * (--gif) and/or PNG frames (--frames DIR) through export_run.
 *
 * On a terminal (stderr is a tty) a progress bar with frames done, frames
 * a second and time left is redrawn in place on stderr; on a pipe nothing
 * is drawn. When done, one summary line (frames, bytes, seconds) goes to
 * stdout. --quiet silences both; errors are left to the caller. */
#ifndef CONVANIM_CMD_EXPORT_H
#define CONVANIM_CMD_EXPORT_H

#include "cli.h"
#include "errmsg.h"
#include "export.h"
#include "scene.h"

/* The export options the command line asks for (defaults: 960x540, 2 fps,
 * channel granularity, the last layer, loop forever). Fails (bad input) on
 * an unknown theme. */
int cmd_export_opts(const cli_opts *o, export_opts *x, errmsg *e);

/* Returns the exit status: 0 done, 1 a write failed, 2 bad input (step
 * range, layer, theme); e says why. */
int cmd_export_run(const scene *s, const cli_opts *o, errmsg *e);

#endif
