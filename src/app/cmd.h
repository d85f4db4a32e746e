/* cmd: the text commands (compute, summary, explain) and loading the scene
 * the command line names. Each returns the exit status (0 ok, 1 failure,
 * 2 bad input) and fills e on failure; output goes to `out` only once it is
 * complete, so a failing command prints nothing there. */
#ifndef CONVANIM_CMD_H
#define CONVANIM_CMD_H

#include <stdio.h>
#include "cli.h"
#include "scene.h"

/* The scene file, the scene flags or the default scene, with --image and
 * --layout applied; refuses (2) outputs (--gif, --out, --screenshot,
 * --describe, --frames) that are FIFOs or folders or would replace one of the inputs
 * (the scene file, its image, --image, --script). */
int cmd_load_scene(const cli_opts *o, scene *s, errmsg *e);

/* From here on SIGINT (unless ignored when the program started, as under
 * nohup) and SIGTERM only set a flag, which the writing commands poll so
 * they can remove their temporary files before exiting. */
void cmd_catch_signals(void);

/* The signal caught, 0 if none. */
int cmd_signal(void);

/* 128 + the signal (130, 143), with e saying what was interrupted. */
int cmd_interrupted(const char *what, errmsg *e);

int cmd_compute(const cli_opts *o, const scene *s, FILE *out, errmsg *e);
int cmd_summary(const cli_opts *o, const scene *s, FILE *out, errmsg *e);
int cmd_explain(const cli_opts *o, const scene *s, FILE *out, errmsg *e);

/* The scene as runnable PyTorch, Keras or TF.js code (--framework). */
int cmd_code(const cli_opts *o, const scene *s, FILE *out, errmsg *e);

#endif
