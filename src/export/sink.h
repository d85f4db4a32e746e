/* sink: where an export's frames go. export.c lays out and draws each
 * step once and hands it to every sink of the run: GIF (gifout), PNG
 * frames, video (videoout), SVG / PDF (vecout). A sink is a small table of
 * functions over its own state, in the order
 *
 *   begin    once, before the first frame: open the temporary file(s)
 *   sample   (may be NULL) frames shown early to fix a palette
 *   frame    every frame in order, with its time on the timeline
 *   end      once, after the last frame: finish, rename into place
 *   abort    instead of end, after any failure (or before begin failed
 *            halfway): remove everything the sink wrote; the targets are
 *            as they were
 *
 * so the rules on files (written to a locked temporary name, renamed into
 * place only whole, an existing target kept on failure) are each sink's,
 * and the same for all. A frame comes as its description (frame.h, for the
 * vector sinks) and, for sinks that set `pixels`, as RGBA.
 *
 * Times are milliseconds from the start of the animation. */
#ifndef CONVANIM_SINK_H
#define CONVANIM_SINK_H

#include <stdint.h>
#include "errmsg.h"
#include "frame.h"

typedef struct {
    const frame *f;               /* the display list drawn */
    const unsigned char *rgba;    /* width*height*4 bytes, rows 4*width apart; NULL unless the sink wants pixels */
    int width, height;
    int64_t index, count;         /* frame index (from 0) of count */
    int64_t t_ms, dur_ms;         /* when it is shown and for how long (the hold on the last) */
    int delay_cs;                 /* dur_ms in hundredths, rounding carried (export_delay_cs) */
} sink_frame;

typedef struct export_sink export_sink;
struct export_sink {
    const char *what;             /* "GIF", "PNG frames", ... */
    int pixels;                   /* frames need RGBA */
    int (*begin)(export_sink *k, errmsg *e);
    int (*sample)(export_sink *k, const sink_frame *fr, errmsg *e);
    int (*frame)(export_sink *k, const sink_frame *fr, errmsg *e);
    int (*end)(export_sink *k, errmsg *e);
    void (*abort)(export_sink *k);
    void *ctx;                    /* the sink's own state */
    long long bytes;              /* written, set by end */
};

#endif
