/* export: the animation of one layer, streamed frame by frame into a GIF
 * (gifout) and/or numbered PNG files (pngout). Each step is laid out,
 * drawn offscreen, converted to RGBA in one reused buffer and handed on,
 * so memory stays flat in the number of frames.
 *
 * Failure leaves nothing of the run behind: the GIF is renamed into place
 * only at the end, and PNG frames are written under temporary names that
 * are renamed to frame_00001.png... once every frame is done, replacing
 * an earlier run's. A frame folder holds one run: once the new set is in
 * place, frame_NNNNN.png numbered past it (an earlier, longer run's) are
 * removed; other files are left, and counted for the caller to warn about.
 * The folder is locked (flock) for the run: a second export into it fails
 * at once instead of mixing its frames in, and parts left by a killed run
 * are removed when the next run takes the lock. */
#ifndef CONVANIM_EXPORT_H
#define CONVANIM_EXPORT_H

#include <stdint.h>
#include "errmsg.h"
#include "scene.h"
#include "sched.h"
#include "layout.h"
#include "theme.h"

enum { EXPORT_DEFAULT_W = 960, EXPORT_DEFAULT_H = 540, EXPORT_PALETTE_SAMPLES = 16 };

typedef struct {
    const char *gif;        /* GIF file to write, NULL for none */
    const char *frames;     /* directory for PNG frames, NULL for none; created if missing */
    const char *mp4, *webm; /* video files (videoout.h), NULL for none */
    const char *svg;        /* folder for an SVG a step (vecout.h), NULL for none */
    const char *pdf;        /* PDF file, a page a step, NULL for none */
    int width, height;
    int layer;              /* -1: the last layer */
    sched_gran gran;
    layout_tview tview;     /* transposed layers: scatter (default) or inserted */
    int64_t from, to;       /* inclusive step range, -1: that end of the layer */
    int delay_ms;           /* time per frame */
    int hold_ms;            /* added to the last frame */
    int loop;               /* times to play, 0 = forever (see gifout.h) */
    const theme *theme;     /* NULL: light */
    const char *font;       /* NULL: fontconfig's faces */
    layout_style style;     /* LAYOUT_STYLE_FIGURE by default: no hints, timeline or speed */
    layout_numbers numbers; /* AUTO: decided once for the run (layout_resolve_numbers) */
    const char *caption;    /* a figure's caption, NULL none */
    int vocab;              /* the description's framework, -1: the scene's layout's */
    int projector;          /* projector mode's larger text */
} export_opts;

/* 960x540, channel granularity, whole layer, 500 ms a frame, forever,
 * figure style, numbers auto. */
void export_opts_init(export_opts *o);

/* Called with (0, total) before the first frame and after each frame; a
 * nonzero return stops the run, which then fails ("export: cancelled")
 * and leaves nothing behind, like any failure. */
typedef int (*export_progress_fn)(void *ctx, int64_t done, int64_t total);

typedef struct {
    int64_t frames;
    long long gif_bytes;    /* size of the GIF written */
    long long png_bytes;    /* all PNG frames together */
    long long mp4_bytes, webm_bytes, svg_bytes, pdf_bytes;
    int64_t stale_frames;   /* an earlier run's frames past the new set, removed */
    int64_t other_files;    /* files in the frame folder that are not frames, left */
    char other_name[256];   /* the first of them */
    layout_numbers numbers; /* what the run drew: LAYOUT_NUMBERS_ON or _OFF */
    int numbers_auto;       /* decided by the AUTO rule (not asked for) */
} export_stats;

/* The layer and step range o asks for, checked against the scene: fails
 * (bad input) on a missing layer or a range outside [0, steps). */
int export_range(const scene *s, const export_opts *o, int *layer, int64_t *from, int64_t *to,
                 errmsg *e);

/* Writes everything o asks for. progress and stats may be NULL. */
int export_run(const scene *s, const export_opts *o, export_progress_fn progress, void *ctx,
               export_stats *stats, errmsg *e);

/* Delay of frame i (from 0) of n in hundredths of a second: rounding is
 * carried from frame to frame so the total matches n * delay_ms + hold_ms. */
int export_delay_cs(const export_opts *o, int64_t i, int64_t n);

#endif
