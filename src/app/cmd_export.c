/* cmd_export: options, the progress bar and the summary around export_run. */
#include "cmd_export.h"

#include "cmd.h"
#include "fileio.h"
#include "videoout.h"

#include <math.h>
#include <stdio.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

enum { BAR_WIDTH = 28 };

typedef struct {
    double start;       /* seconds, monotonic */
    double last_draw;
    int tty;            /* draw the bar at all */
    int open;           /* a bar is on the line, not yet ended by a newline */
} progress;

static double now_seconds(void) {
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + ts.tv_nsec / 1e9;
}

int cmd_export_opts(const cli_opts *o, export_opts *x, errmsg *e) {
    export_opts_init(x);
    x->gif = o->gif;
    x->frames = o->frames;
    x->mp4 = o->mp4;
    x->webm = o->webm;
    x->svg = o->svg;
    x->pdf = o->pdf;
    if (o->width > 0) x->width = o->width;
    if (o->height > 0) x->height = o->height;
    x->layer = o->layer;
    if (o->gran_set) x->gran = o->gran;
    x->tview = (layout_tview)o->tview;
    x->from = o->from;
    x->to = o->to;
    if (o->delay_ms > 0) x->delay_ms = o->delay_ms;
    else if (o->fps > 0) x->delay_ms = (int)lround(1000.0 / o->fps);
    if (x->delay_ms < 1) x->delay_ms = 1;
    x->hold_ms = o->hold_ms;
    x->loop = o->loop;
    x->font = o->font;
    if (o->style >= 0) x->style = (layout_style)o->style;
    x->numbers = (layout_numbers)o->numbers;
    x->caption = o->caption;
    x->vocab = o->vocab;
    x->projector = o->projector;
    x->theme = theme_get(o->theme ? o->theme : "light");
    if (!x->theme) return errmsg_set(e, "--theme: unknown theme '%s' (%s)", o->theme, theme_names());
    return 0;
}

/* Redraws at most ten times a second, and always for the last frame. */
static int progress_draw(void *ctx, int64_t done, int64_t total) {
    progress *p = ctx;
    double t = now_seconds(), el = t - p->start, fps, left;
    char bar[BAR_WIDTH + 1];
    int fill, i;
    if (cmd_signal()) return 1; /* stops the run, which removes what it wrote */
    if (!p->tty || (done < total && done > 0 && t - p->last_draw < 0.1)) return 0;
    p->last_draw = t;
    fill = total > 0 ? (int)(BAR_WIDTH * done / total) : 0;
    for (i = 0; i < BAR_WIDTH; i++) bar[i] = i < fill ? '#' : '.';
    bar[BAR_WIDTH] = 0;
    fps = el > 0 && done > 0 ? done / el : 0;
    left = fps > 0 ? (total - done) / fps : 0;
    fprintf(stderr, "\r[%s] %lld/%lld frames  %.1f fps  %.0f s left \033[K", bar, (long long)done,
            (long long)total, fps, left);
    p->open = done < total;
    if (!p->open) fputc('\n', stderr);
    fflush(stderr);
    return 0;
}

/* Frames, time, the full path of each file written and its bytes, and
 * the digits when the AUTO rule left them out. */
static void print_summary(const cli_opts *o, const export_opts *x, const export_stats *st, double seconds) {
    char full[4096];
    printf("%lld frames, %.2f s", (long long)st->frames, seconds);
    if (o->gif) printf(", %s %lld bytes", fileio_full_path(o->gif, full, sizeof full), st->gif_bytes);
    if (o->frames) printf(", %s/ %lld bytes", fileio_full_path(o->frames, full, sizeof full), st->png_bytes);
    if (o->mp4) printf(", %s %lld bytes", fileio_full_path(o->mp4, full, sizeof full), st->mp4_bytes);
    if (o->webm) printf(", %s %lld bytes", fileio_full_path(o->webm, full, sizeof full), st->webm_bytes);
    if (o->svg) printf(", %s/ %lld bytes", fileio_full_path(o->svg, full, sizeof full), st->svg_bytes);
    if (o->pdf) printf(", %s %lld bytes", fileio_full_path(o->pdf, full, sizeof full), st->pdf_bytes);
    if (st->numbers_auto && st->numbers == LAYOUT_NUMBERS_OFF)
        printf(", numbers off: digits would be under %d px at %dx%d (--numbers on draws them)", LAYOUT_FIGURE_DIGITS,
               x->width, x->height);
    putchar('\n');
}

int cmd_export_run(const scene *s, const cli_opts *o, errmsg *e) {
    export_opts x;
    export_stats st;
    progress p;
    int layer;
    int64_t from, to;
    if (cmd_export_opts(o, &x, e) != 0) return 2;
    if (export_range(s, &x, &layer, &from, &to, e) != 0) {
        errmsg_prefix(e, "--"); /* "from: ..." names the flag */
        return 2;
    }
    if (!o->gran_set && sched_default_gran(&s->layer[layer].g) != x.gran) { /* a big layer: a step a cell */
        x.gran = sched_default_gran(&s->layer[layer].g);
        if (export_range(s, &x, &layer, &from, &to, e) != 0) {
            errmsg_prefix(e, "--");
            return 2;
        }
    }
    /* An FFmpeg without the encoder: said before anything is drawn. Not
     * bad input (the command is right), a machine without a part: 1. */
    if ((o->mp4 && videoout_check(VIDEOOUT_MP4, e) != 0) || (o->webm && videoout_check(VIDEOOUT_WEBM, e) != 0)) {
        errmsg_prefix(e, "%s: ", o->mp4 && videoout_check(VIDEOOUT_MP4, NULL) != 0 ? "--mp4" : "--webm");
        return 1;
    }
    p.start = p.last_draw = now_seconds();
    p.tty = !o->quiet && isatty(fileno(stderr));
    p.open = 0;
    cmd_catch_signals();
    if (export_run(s, &x, progress_draw, &p, &st, e) != 0) {
        if (p.open) fputc('\n', stderr); /* leave the bar's line before the error */
        return cmd_signal() ? cmd_interrupted("export", e) : 1;
    }
    if (!o->quiet) print_summary(o, &x, &st, now_seconds() - p.start);
    /* Not an error, and not for --quiet to hide: someone else's files. */
    if (st.other_files > 0) {
        errmsg w; /* through errmsg: a file name may hold a newline */
        if (st.other_files == 1)
            errmsg_set(&w, "warning: %s: %s is not a frame; left as it is", o->frames, st.other_name);
        else
            errmsg_set(&w, "warning: %s: %s and %lld more are not frames; left as they are", o->frames,
                       st.other_name, (long long)st.other_files - 1);
        fprintf(stderr, "convanim: %s\n", w.msg);
    }
    return 0;
}
