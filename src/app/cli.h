/* cli: the command line, parsed into a plain struct; no I/O, so it can be
 * fuzzed and tested directly. The command line is a public interface that
 * users script against: extend it, never break it.
 *
 *   convanim [SCENE] [window options]         open the window
 *   convanim compute SCENE [--layer N]
 *   convanim summary SCENE
 *   convanim explain SCENE --at Y,X [--filter F] [--layer N]
 *   convanim render SCENE --step N --out FILE.png [--size WxH] ...
 *   convanim export SCENE --gif FILE | --frames DIR ...
 *   convanim code SCENE --framework pytorch|keras|tfjs [--data DIR | --shape-only]
 *   convanim lesson LESSON [--check | --export DIR] [window options]
 * Wherever SCENE goes, scene flags may stand instead (--input 5x5
 * --channels 3 --filters 2 --kernel 3 --stride 2 --padding 1 ...); with
 * neither, the default scene. */
#ifndef CONVANIM_CLI_H
#define CONVANIM_CLI_H

#include <stdint.h>
#include "conv.h"
#include "errmsg.h"
#include "sched.h"

typedef enum {
    CLI_WINDOW, CLI_COMPUTE, CLI_SUMMARY, CLI_EXPLAIN, CLI_RENDER, CLI_EXPORT, CLI_CODE, CLI_LESSON
} cli_command;

typedef struct {
    cli_command cmd;
    int help;            /* --help / -h: print cli_usage(cmd) */
    int version;         /* --version */

    /* Where the scene comes from. */
    const char *scene_path; /* positional SCENE; NULL if none */
    int scene_flags;        /* nonzero if any scene flag was given */
    conv_params params;     /* from the scene flags (defaults: conv2d, 1 filter, k 3) */
    int in_c;               /* --channels / --in-channels, default 1 */
    int in_ndim;            /* spatial axes given to --input (1..3) */
    int in_sp[CONV_SP];     /* --input 5x5 (unused leading axes 1) */
    uint64_t seed;          /* --seed, default 1 */
    const char *image;      /* --image PATH: load as the input */
    int layout;             /* --layout chw|hwc: a scene_layout; -1 = the scene's */

    /* What to look at. -1 means "the command's default". */
    int layer;              /* --layer N */
    int filter;             /* --filter F, default 0 */
    int at_n;               /* number of --at coordinates given */
    int at[CONV_SP];        /* --at Z,Y,X / Y,X / X, left-aligned as given */

    /* View. */
    int64_t step;           /* --step N (render), default 0 */
    sched_gran gran;        /* --granularity, default channel */
    int gran_set;
    const char *theme;      /* --theme light|dark|cb, NULL = light */
    const char *font;       /* --font PATH */
    int width, height;      /* --size WxH, 0 = command's default */
    const char *out;        /* --out FILE */
    const char *script;     /* --script FILE: drive the window from a script */
    const char *screenshot; /* --screenshot FILE: window saves its last frame there */
    int projector;          /* --projector: projector mode (large numbers, no key hints) */
    int hover_set;          /* --hover input:C,Y,X | output:F,Y,X | tensor:T,C,Y,X */
    int hover_output;       /* 1: an output cell, 0: an input cell, 2: a cell of the network strip */
    int hover_n;            /* coordinates given, channel or filter (tensor) first */
    int hover[2 + 3];
    const char *describe;   /* --describe FILE.json: the frame's description */
    int style;              /* --style window|figure: a layout_style; -1 = the command's (render window, export figure) */
    const char *caption;    /* --caption TEXT: a figure's caption */
    int vocab;              /* --vocab pytorch|keras: a codegen_framework; -1 = the scene's layout's */
    int numbers;            /* --numbers auto|on|off: a layout_numbers, default auto */
    int tview;              /* --transposed-view scatter|inserted: a layout_tview, default scatter */

    /* Export. */
    const char *gif;        /* --gif FILE */
    const char *frames;     /* --frames DIR */
    const char *mp4;        /* --mp4 FILE (H.264) */
    const char *webm;       /* --webm FILE (VP9) */
    const char *svg;        /* --svg DIR: an SVG a step */
    const char *pdf;        /* --pdf FILE: a page a step */
    double fps;             /* --fps N (default 2) */
    int delay_ms;           /* --delay MS (overrides fps) */
    int64_t from, to;       /* --from / --to step range, -1 = whole layer */
    int hold_ms;            /* --hold MS on the last frame */
    int loop;               /* --loop N, 0 = forever */
    int quiet;              /* --quiet */

    /* Code. */
    const char *framework;  /* --framework pytorch|keras|tfjs */
    int shape_only;         /* --shape-only: the short form (layers and shapes) */
    const char *data_dir;   /* --data DIR: side files for the program's numbers */

    /* Lesson (the positional is the lesson file, in scene_path). */
    int check;              /* --check: validate the lesson, open nothing */
    const char *export_dir; /* --export DIR: a picture per slide and index.html */
} cli_opts;

/* Parses argv (argv[0] is the program). Fails on an unknown command or
 * flag, a missing or malformed value, naming the flag and the reason. */
int cli_parse(int argc, char **argv, cli_opts *o, errmsg *e);

/* Help text of a command (CLI_WINDOW: the overview). */
const char *cli_usage(cli_command cmd);

const char *cli_command_name(cli_command cmd);

#endif
