/* export: step -> layout -> (offscreen pixels -> RGBA) -> every sink of the
 * run (sink.h): GIF and PNG frames here, video and vector files from their
 * own modules. */
#include "export.h"

#define _DEFAULT_SOURCE /* flock */
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <unistd.h>

#include "draw.h"
#include "framedir.h"
#include "gifout.h"
#include "layout.h"
#include "pngout.h"
#include "sink.h"
#include "vecout.h"
#include "videoout.h"

enum { EXPORT_MAX_SINKS = 8 };

void export_opts_init(export_opts *o) {
    memset(o, 0, sizeof *o);
    o->width = EXPORT_DEFAULT_W;
    o->height = EXPORT_DEFAULT_H;
    o->layer = -1;
    o->gran = SCHED_CHANNEL;
    o->from = o->to = -1;
    o->delay_ms = 500;
    o->style = LAYOUT_STYLE_FIGURE;
    o->numbers = LAYOUT_NUMBERS_AUTO;
    o->vocab = -1;
}

int export_range(const scene *s, const export_opts *o, int *layer, int64_t *from, int64_t *to,
                 errmsg *e) {
    int64_t n;
    int l = o->layer < 0 ? s->nlayers - 1 : o->layer;
    if (s->nlayers < 1) return errmsg_set(e, "layer: the scene has no layers");
    if (l >= s->nlayers)
        return errmsg_set(e, "layer: %d is past the last layer %d", l, s->nlayers - 1);
    {
        layout_view v;
        layout_view_init(&v);
        v.layer = l;
        v.tview = o->tview;
        n = sched_order_count(&s->layer[l].g, layout_order(s, &v), o->gran);
    }
    *layer = l;
    *from = o->from < 0 ? 0 : o->from;
    *to = o->to < 0 ? n - 1 : o->to;
    if (*from >= n)
        return errmsg_set(e, "from: step %lld is past the last step %lld (%s granularity)",
                          (long long)*from, (long long)(n - 1), sched_gran_name(o->gran));
    if (*to >= n)
        return errmsg_set(e, "to: step %lld is past the last step %lld (%s granularity)",
                          (long long)*to, (long long)(n - 1), sched_gran_name(o->gran));
    if (*from > *to)
        return errmsg_set(e, "from: %lld is after to %lld", (long long)*from, (long long)*to);
    return 0;
}

int export_delay_cs(const export_opts *o, int64_t i, int64_t n) {
    long long t1 = (long long)(i + 1) * o->delay_ms + (i == n - 1 ? o->hold_ms : 0);
    long long t0 = (long long)i * o->delay_ms;
    return (int)((t1 + 5) / 10 - (t0 + 5) / 10);
}

/* Everything one run owns. */
typedef struct {
    const scene *s;
    const export_opts *o;
    layout_view view;
    draw_offscreen off;
    int off_ok;
    frame f;
    unsigned char *rgba;   /* width*height*4, reused for every frame */
    gifout *gif;
    framedir png;          /* o->frames, locked for the run */
    int png_open;
    export_stats st;
    export_sink sink[EXPORT_MAX_SINKS];
    int nsinks;
    int video_at[VIDEOOUT_FORMAT_COUNT]; /* the video sinks' places in sink[], -1 none */
    int vec_at[VECOUT_FORMAT_COUNT];     /* the vector sinks' */
    const char *font_path[3];            /* the faces' files, for the vector sinks */
    int pixels;            /* some sink wants RGBA */
} exporter;

/* Lays out the step and, if a sink wants them, draws its pixels. */
static int export_draw(exporter *x, int64_t step, errmsg *e) {
    SDL_Surface *sf;
    int rc;
    x->view.step = step;
    if (layout_frame(&x->f, x->s, &x->view, x->o->width, x->o->height, e) != 0) return -1;
    if (!x->pixels) return 0;
    if (draw_offscreen_frame(&x->off, &x->f, e) != 0) return -1;
    sf = x->off.surface;
    if (SDL_MUSTLOCK(sf)) SDL_LockSurface(sf);
    rc = SDL_ConvertPixels(sf->w, sf->h, sf->format->format, sf->pixels, sf->pitch,
                           SDL_PIXELFORMAT_RGBA32, x->rgba, 4 * sf->w);
    if (SDL_MUSTLOCK(sf)) SDL_UnlockSurface(sf);
    if (rc != 0) return errmsg_set(e, "export: cannot read the pixels: %s", SDL_GetError());
    return 0;
}

/* Feeds up to EXPORT_PALETTE_SAMPLES frames, spread over the range from its
 * first to its last step, to the GIF's palette: colours that appear only
 * later (outputs filled in, products of far cells) then get exact entries. */
static sink_frame export_sink_frame(const exporter *x, int64_t i, int64_t n) {
    sink_frame fr;
    fr.f = &x->f;
    fr.rgba = x->pixels ? x->rgba : NULL;
    fr.width = x->o->width;
    fr.height = x->o->height;
    fr.index = i;
    fr.count = n;
    fr.t_ms = i * x->o->delay_ms;
    fr.dur_ms = x->o->delay_ms + (i == n - 1 ? x->o->hold_ms : 0);
    fr.delay_cs = export_delay_cs(x->o, i, n);
    return fr;
}

static int export_sample(exporter *x, int64_t from, int64_t n, errmsg *e) {
    int64_t k = n < EXPORT_PALETTE_SAMPLES ? n : EXPORT_PALETTE_SAMPLES, j;
    int any = 0;
    for (int s = 0; s < x->nsinks; s++) any |= x->sink[s].sample != NULL;
    for (j = 0; any && j < k; j++) {
        int64_t step = from + (k == 1 ? 0 : j * (n - 1) / (k - 1));
        sink_frame fr;
        if (export_draw(x, step, e) != 0) return -1;
        fr = export_sink_frame(x, step - from, n);
        for (int s = 0; s < x->nsinks; s++)
            if (x->sink[s].sample && x->sink[s].sample(&x->sink[s], &fr, e) != 0) return -1;
    }
    return 0;
}

/* ---- the two sinks of this file: GIF and PNG frames ---- */

static int gif_begin(export_sink *k, errmsg *e) {
    exporter *x = k->ctx;
    x->gif = gifout_open(x->o->gif, x->o->width, x->o->height, x->o->loop, e);
    return x->gif ? 0 : -1;
}

static int gif_sample(export_sink *k, const sink_frame *fr, errmsg *e) {
    exporter *x = k->ctx;
    return gifout_sample(x->gif, fr->rgba, 4 * fr->width, e);
}

static int gif_frame(export_sink *k, const sink_frame *fr, errmsg *e) {
    exporter *x = k->ctx;
    return gifout_add(x->gif, fr->rgba, 4 * fr->width, fr->delay_cs, e);
}

static int gif_end(export_sink *k, errmsg *e) {
    exporter *x = k->ctx;
    gifout *g = x->gif;
    x->gif = NULL;
    if (gifout_close(g, &k->bytes, e) != 0) return -1;
    x->st.gif_bytes = k->bytes;
    return 0;
}

static void gif_abort(export_sink *k) {
    exporter *x = k->ctx;
    if (x->gif) gifout_abort(x->gif);
    x->gif = NULL;
}

static int png_begin(export_sink *k, errmsg *e) {
    exporter *x = k->ctx;
    x->png_open = 1;
    return framedir_open(&x->png, x->o->frames, "png", e);
}

static int png_frame(export_sink *k, const sink_frame *fr, errmsg *e) {
    exporter *x = k->ctx;
    if (pngout_write_rgba(framedir_part(&x->png, fr->index), fr->rgba, fr->width, fr->height, 4 * fr->width, e) != 0)
        return -1;
    framedir_wrote(&x->png, fr->index);
    return 0;
}

static int png_end(export_sink *k, errmsg *e) {
    exporter *x = k->ctx;
    if (framedir_commit(&x->png, e) != 0) return -1;
    k->bytes = x->st.png_bytes = x->png.bytes;
    x->st.stale_frames += x->png.stale;
    x->st.other_files += x->png.other;
    if (x->png.other) snprintf(x->st.other_name, sizeof x->st.other_name, "%s", x->png.other_name);
    return 0;
}

static void png_abort(export_sink *k) {
    exporter *x = k->ctx;
    if (x->png_open) framedir_drop(&x->png);
}

static void export_add_sink(exporter *x, export_sink k) {
    if (x->nsinks < EXPORT_MAX_SINKS) x->sink[x->nsinks++] = k;
}

/* AUTO's digits, decided once for the run from its first and last steps
 * (the last has every product and output written): off if either is. */
static int export_numbers(exporter *x, int64_t from, int64_t to, errmsg *e) {
    int a, b;
    x->st.numbers_auto = x->view.numbers == LAYOUT_NUMBERS_AUTO;
    x->view.step = from;
    if ((a = layout_resolve_numbers(x->s, &x->view, x->o->width, x->o->height, e)) < 0) return -1;
    x->view.step = to;
    if ((b = layout_resolve_numbers(x->s, &x->view, x->o->width, x->o->height, e)) < 0) return -1;
    x->view.numbers = a == LAYOUT_NUMBERS_OFF || b == LAYOUT_NUMBERS_OFF ? LAYOUT_NUMBERS_OFF : LAYOUT_NUMBERS_ON;
    x->st.numbers = x->view.numbers;
    return 0;
}

static int export_setup(exporter *x, int layer, errmsg *e) {
    const export_opts *o = x->o;
    size_t px = (size_t)o->width * (size_t)o->height * 4;
    if (o->width < 1 || o->height < 1 || o->width > 16384 || o->height > 16384)
        return errmsg_set(e, "size: bad picture size %dx%d", o->width, o->height);
    if (!o->gif && !o->frames && !o->mp4 && !o->webm && !o->svg && !o->pdf)
        return errmsg_set(e, "export: nothing to write (no GIF, frames, video, SVG or PDF)");
    if (o->gif)
        export_add_sink(x, (export_sink){"GIF", 1, gif_begin, gif_sample, gif_frame, gif_end, gif_abort, x, 0});
    if (o->frames)
        export_add_sink(x, (export_sink){"PNG frames", 1, png_begin, NULL, png_frame, png_end, png_abort, x, 0});
    for (int f = 0; f < VIDEOOUT_FORMAT_COUNT; f++) {
        const char *path = f == VIDEOOUT_MP4 ? o->mp4 : o->webm;
        export_sink k;
        if (!path) continue;
        if (videoout_sink(&k, path, (videoout_format)f, o->width, o->height, 1000.0 / o->delay_ms, e) != 0) return -1;
        x->video_at[f] = x->nsinks;
        export_add_sink(x, k);
    }
    for (int f = 0; f < VECOUT_FORMAT_COUNT; f++) {
        const char *path = f == VECOUT_SVG ? o->svg : o->pdf;
        export_sink k;
        if (!path) continue;
        if (vecout_sink(&k, (vecout_format)f, path, x->font_path, e) != 0) return -1;
        x->vec_at[f] = x->nsinks;
        export_add_sink(x, k);
    }
    for (int s = 0; s < x->nsinks; s++) x->pixels |= x->sink[s].pixels;
    if (o->delay_ms < 1) return errmsg_set(e, "delay: %d ms is too short", o->delay_ms);
    layout_view_init(&x->view);
    x->view.layer = layer;
    x->view.gran = o->gran;
    x->view.tview = o->tview;
    if (o->theme) x->view.theme = o->theme;
    x->view.playing = 1;
    x->view.speed = 1000.0 / o->delay_ms;
    x->view.style = o->style;
    x->view.numbers = o->numbers;
    x->view.caption = o->caption;
    x->view.vocab = o->vocab;
    x->view.projector = o->projector;
    x->rgba = malloc(px);
    if (!x->rgba) return errmsg_set(e, "export: out of memory");
    if (draw_offscreen_init(&x->off, o->width, o->height, o->font, e) != 0) return -1;
    x->off_ok = 1;
    x->view.measure = font_measure;
    x->view.measure_ctx = x->off.fonts;
    for (int i = 0; i < 3; i++) x->font_path[i] = font_path(x->off.fonts, (frame_font)i);
    frame_init(&x->f, o->width, o->height, x->view.theme->background);
    for (int s = 0; s < x->nsinks; s++)
        if (x->sink[s].begin(&x->sink[s], e) != 0) return -1; /* abort cleans up after half a begin */
    return 0;
}

static void export_teardown(exporter *x, int failed) {
    /* abort is safe on a sink that never began: every sink's is called */
    for (int s = 0; failed && s < x->nsinks; s++) x->sink[s].abort(&x->sink[s]);
    if (x->png_open) framedir_close(&x->png);
    frame_free(&x->f);
    if (x->off_ok) draw_offscreen_free(&x->off);
    free(x->rgba);
}

static int export_frames(exporter *x, int64_t from, int64_t n, export_progress_fn progress,
                         void *ctx, errmsg *e) {
    int64_t i;
    if (progress && progress(ctx, 0, n)) return errmsg_set(e, "export: cancelled");
    /* A cancel during the (at most 16) sample frames takes effect after them. */
    if (export_sample(x, from, n, e) != 0) return -1;
    for (i = 0; i < n; i++) {
        sink_frame fr;
        if (export_draw(x, from + i, e) != 0) return -1;
        fr = export_sink_frame(x, i, n);
        for (int s = 0; s < x->nsinks; s++)
            if (x->sink[s].frame(&x->sink[s], &fr, e) != 0) return -1;
        x->st.frames = i + 1;
        if (progress && progress(ctx, i + 1, n) && i + 1 < n) return errmsg_set(e, "export: cancelled");
    }
    return 0;
}

int export_run(const scene *s, const export_opts *o, export_progress_fn progress, void *ctx,
               export_stats *stats, errmsg *e) {
    exporter x;
    int64_t from, to;
    int layer, rc;
    memset(&x, 0, sizeof x);
    for (int f = 0; f < VIDEOOUT_FORMAT_COUNT; f++) x.video_at[f] = -1;
    for (int f = 0; f < VECOUT_FORMAT_COUNT; f++) x.vec_at[f] = -1;
    x.s = s;
    x.o = o;
    if (export_range(s, o, &layer, &from, &to, e) != 0) return -1;
    rc = export_setup(&x, layer, e);
    if (rc == 0) rc = export_numbers(&x, from, to, e);
    if (rc == 0) rc = export_frames(&x, from, to - from + 1, progress, ctx, e);
    /* Ended in order; a file already renamed into place stays when a later
     * sink fails (it is complete, and the message names what went wrong):
     * only the sinks not yet ended are aborted. */
    for (int s = 0; rc == 0 && s < x.nsinks; s++) {
        rc = x.sink[s].end(&x.sink[s], e);
        if (rc != 0) {
            memmove(&x.sink[0], &x.sink[s], sizeof x.sink[0] * (size_t)(x.nsinks - s));
            x.nsinks -= s; /* the failed one too: abort is safe after a failed end */
        }
    }
    if (rc == 0 && x.video_at[VIDEOOUT_MP4] >= 0) x.st.mp4_bytes = x.sink[x.video_at[VIDEOOUT_MP4]].bytes;
    if (rc == 0 && x.video_at[VIDEOOUT_WEBM] >= 0) x.st.webm_bytes = x.sink[x.video_at[VIDEOOUT_WEBM]].bytes;
    if (rc == 0 && x.vec_at[VECOUT_SVG] >= 0) x.st.svg_bytes = x.sink[x.vec_at[VECOUT_SVG]].bytes;
    if (rc == 0 && x.vec_at[VECOUT_PDF] >= 0) x.st.pdf_bytes = x.sink[x.vec_at[VECOUT_PDF]].bytes;
    if (rc == 0 && stats) *stats = x.st;
    export_teardown(&x, rc != 0);
    return rc;
}
