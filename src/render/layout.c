#include "layout.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "explain.h"

/* Layout of one frame, left to right the way the computation flows:
 *
 *   header: convanim, the layer as code, shapes, granularity
 *   main:   per input channel of the filter's group, one row:
 *             input grid (padded) | weights | products | "= partial"
 *           then the sum box, then one output map per filter
 *   panel:  output size formulas, parameters, MACs, code, hover hint
 *   footer: caption (the step's arithmetic), key hints, step counter,
 *           timeline track
 *
 * Everything is measured from the window size, so any window from 320x240
 * up gets a picture where nothing overlaps: cells shrink, numbers hide when
 * cells get small, whole channel rows give way to an "... N more" line. */

typedef struct { int x, y, w, h; } box;

/* How the main area is split; computed once per frame. */
typedef struct {
    int c;                 /* input cell size, 0: too small to draw */
    int ck, wk;            /* kernel cell size, width budget of a kernel grid */
    int show_kernel, show_sum, show_box;
    int first, n;          /* channel rows shown: c_local first .. first+n-1 */
    int cols, rpc, colw;   /* columns of channel rows, rows per column, column pitch */
    int hlim;              /* the input cells are as large as the height allows */
    int x_in, x_w, x_p, x_s, x_b, x_o;
    int y0, lab, row_h;
    int wsum, wbox, wout;
    int co, ffirst, fn, map_h; /* output maps: cell size, filters shown */
    int big;               /* text size of the partial sums */
} plan;

typedef struct {
    frame *f;
    const layout_view *v;
    const theme *t;
    const scene *s;
    const scene_layer *L;
    const conv_geom *g;
    const double *in;
    sched_state st;
    int64_t nsteps;
    double in_max, w_max, p_max, out_max;
    int grid[CONV_SP], off[CONV_SP]; /* the padded (or zero-inserted) input grid */
    int zsl, kzs;          /* depth slice of the input grid and kernel shown */
    int ts, gap, margin;   /* base text size and spacing */
    int cmax, comax;       /* largest input and output cells */
    double sc;             /* scale for line widths */
    box main, panel;
    plan p;
    int fail;              /* out of memory */
} lay;

enum { TEXT_MIN = 6, CELL_MAX = 68 };

static int imin(int a, int b) { return a < b ? a : b; }
static int imax(int a, int b) { return a > b ? a : b; }
static int iclamp(int v, int lo, int hi) { return v < lo ? lo : v > hi ? hi : v; }
static int line_h(int size) { return size + (size + 3) / 4; }

/* ---- commands ---- */

static frame_cmd *emit(lay *l, frame_kind k, box b, frame_color c, const char *text) {
    frame_cmd *r = frame_add(l->f, k, b.x, b.y, b.w, b.h, c, text);
    if (!r) l->fail = 1;
    return r;
}

static frame_cmd *rect(lay *l, box b, frame_color c) {
    return b.w > 0 && b.h > 0 ? emit(l, FRAME_RECT, b, c, NULL) : NULL;
}

static frame_cmd *outline(lay *l, box b, frame_color c, int thick, int dashed) {
    frame_cmd *r;
    if (b.w <= 0 || b.h <= 0) return NULL;
    r = emit(l, FRAME_BOX, b, c, NULL);
    if (r) {
        r->thick = imax(1, imin(thick, imin(b.w, b.h) / 2));
        r->dashed = dashed;
    }
    return r;
}

static void line(lay *l, int x, int y, int dx, int dy, frame_color c, int thick, frame_kind k) {
    box b = {x, y, dx, dy};
    frame_cmd *r = emit(l, k, b, c, NULL);
    if (r) r->thick = thick;
}

/* ---- text ---- */

static int measure(const lay *l, frame_font font, int size, const char *s) {
    if (l->v->measure) return l->v->measure(l->v->measure_ctx, font, size, s);
    return frame_text_width_estimate(NULL, font, size, s);
}

static frame_cmd *put_text(lay *l, box b, frame_font font, int size, frame_align al,
                           frame_color c, const char *s) {
    frame_cmd *r;
    box t = b;
    t.h = line_h(size);
    t.y = b.y + (b.h - t.h) / 2;
    r = emit(l, FRAME_TEXT, t, c, s);
    if (r) {
        r->font = font;
        r->size = size;
        r->align = al;
    }
    return r;
}

/* Largest size <= want (down to 3/4 of it) at which s fits b; 0 if none. */
static int fit_size(const lay *l, box b, frame_font font, int want, const char *s) {
    int size = want, lo;
    if (b.w <= 0 || b.h <= 0 || !*s) return 0;
    while (size > TEXT_MIN && line_h(size) > b.h) size--;
    if (line_h(size) > b.h) return 0;
    lo = imax(TEXT_MIN, size * 3 / 4);
    while (size > lo && measure(l, font, size, s) > b.w) size--;
    return measure(l, font, size, s) <= b.w ? size : 0;
}

/* All or nothing: numbers are never cut. */
static frame_cmd *text_whole(lay *l, box b, frame_font font, int size, frame_align al,
                             frame_color c, const char *s) {
    int fs = fit_size(l, b, font, size, s);
    return fs ? put_text(l, b, font, fs, al, c, s) : NULL;
}

/* Shrinks, then cuts the tail with "..." so the text never leaves b. */
static frame_cmd *text(lay *l, box b, frame_font font, int size, frame_align al,
                       frame_color c, const char *s) {
    char buf[1024];
    size_t n;
    int fs = fit_size(l, b, font, size, s);
    if (fs) return put_text(l, b, font, fs, al, c, s);
    while (size > TEXT_MIN && line_h(size) > b.h) size--;
    if (b.w <= 0 || line_h(size) > b.h || !*s) return NULL;
    size = imax(TEXT_MIN, size * 3 / 4);
    n = strlen(s);
    if (n >= sizeof buf - 4) n = sizeof buf - 4;
    while (n > 0) {
        do n--; while (n > 0 && ((unsigned char)s[n] & 0xC0) == 0x80);
        memcpy(buf, s, n);
        memcpy(buf + n, "...", 4);
        if (measure(l, font, size, buf) <= b.w) return put_text(l, b, font, size, al, c, buf);
    }
    return NULL;
}

/* Lays s out in lines within b, breaking at spaces and '\n'; the last line
 * that fits ends in "..." if text remains. Returns the height used. */
static int wrap(lay *l, box b, frame_font font, int size, frame_color c, frame_element el,
                const char *s) {
    char buf[1024];
    int h = line_h(size), y = b.y, bottom = b.y + b.h;
    const char *p = s;
    if (b.h < h) {
        size = b.h * 4 / 5;
        h = line_h(size);
        if (size < TEXT_MIN) return 0;
    }
    while (*p && y + h <= bottom) {
        size_t para = strcspn(p, "\n"), len = 0, i = 0;
        if (y + 2 * h > bottom) {
            len = strlen(p); /* the last line: text() cuts it with "..." */
        } else {
            while (i < para) {
                size_t j = i;
                while (j < para && p[j] == ' ') j++;
                while (j < para && p[j] != ' ') j++;
                if (j >= sizeof buf) break;
                memcpy(buf, p, j);
                buf[j] = 0;
                if (len > 0 && measure(l, font, size, buf) > b.w) break;
                len = i = j;
            }
            if (len == 0) len = para;
        }
        if (len >= sizeof buf) len = sizeof buf - 1;
        memcpy(buf, p, len);
        buf[len] = 0;
        for (size_t k = 0; k < len; k++)
            if (buf[k] == '\n') buf[k] = ' ';
        frame_tag(text(l, (box){b.x, y, b.w, h}, font, size, FRAME_ALIGN_LEFT, c, buf), el, 0, 0);
        p += len;
        while (*p == ' ') p++;
        if (*p == '\n') p++;
        y += h;
    }
    return y - b.y;
}

static void num(char *buf, size_t n, double v, int digits) {
    explain_short(buf, n, v, digits);
}

/* A number in a cell, at the largest size that fits, or nothing. */
static void cell_number(lay *l, box cell, double v, int size, frame_color c,
                        frame_element el, int a, int64_t b) {
    char buf[32];
    box in = {cell.x + 1, cell.y + 1, cell.w - 2, cell.h - 2};
    frame_cmd *r;
    num(buf, sizeof buf, v, 3);
    r = text_whole(l, in, FRAME_FONT_MONO, size, FRAME_ALIGN_CENTER, c, buf);
    if (!r) {
        num(buf, sizeof buf, v, 2);
        r = text_whole(l, in, FRAME_FONT_MONO, size, FRAME_ALIGN_CENTER, c, buf);
    }
    frame_tag(r, el, a, b);
}

static frame_color fade(frame_color c, frame_color to, double k) {
    frame_color r;
    r.r = (uint8_t)(c.r + (to.r - c.r) * k + 0.5);
    r.g = (uint8_t)(c.g + (to.g - c.g) * k + 0.5);
    r.b = (uint8_t)(c.b + (to.b - c.b) * k + 0.5);
    r.a = 255;
    return r;
}

/* ---- words: the layer as code, shapes, indices ---- */

static int ndim(const lay *l) { return conv_ndim(l->g->p.kind); }
static int first_axis(const lay *l) { return CONV_SP - ndim(l); }

static void axes(char *buf, size_t n, const lay *l, const int *v) {
    int a0 = first_axis(l), same = 1;
    size_t k = 0;
    for (int a = a0; a < CONV_SP; a++) same &= v[a] == v[a0];
    if (same) {
        snprintf(buf, n, "%d", v[a0]);
        return;
    }
    k += (size_t)snprintf(buf + k, n - k, "(");
    for (int a = a0; a < CONV_SP && k < n; a++)
        k += (size_t)snprintf(buf + k, n - k, "%s%d", a > a0 ? ", " : "", v[a]);
    if (k < n) snprintf(buf + k, n - k, ")");
}

static int all_eq(const lay *l, const int *v, int x) {
    for (int a = first_axis(l); a < CONV_SP; a++)
        if (v[a] != x) return 0;
    return 1;
}

static int pads_symmetric(const lay *l) {
    for (int a = first_axis(l); a < CONV_SP; a++)
        if (l->g->pad_lo[a] != l->g->pad_hi[a]) return 0;
    return 1;
}

static void code_torch(char *buf, size_t n, const lay *l) {
    static const char *const names[] = {"Conv1d", "Conv2d", "Conv3d", "ConvTranspose2d"};
    const conv_params *p = &l->g->p;
    char t[64];
    size_t k = 0;
    axes(t, sizeof t, l, p->kernel);
    k += (size_t)snprintf(buf + k, n - k, "%s(in_channels=%d, out_channels=%d, kernel_size=%s",
                          names[p->kind], l->g->in_c, p->filters, t);
    if (k < n && !all_eq(l, p->stride, 1)) {
        axes(t, sizeof t, l, p->stride);
        k += (size_t)snprintf(buf + k, n - k, ", stride=%s", t);
    }
    if (k < n && p->padding == CONV_PAD_SAME && p->kind != CONV_TRANSPOSE_2D)
        k += (size_t)snprintf(buf + k, n - k, ", padding='same'");
    else if (k < n && !all_eq(l, l->g->pad_lo, 0)) {
        axes(t, sizeof t, l, l->g->pad_lo);
        k += (size_t)snprintf(buf + k, n - k, ", padding=%s%s", t, pads_symmetric(l) ? "" : "+");
    }
    if (k < n && !all_eq(l, p->output_padding, 0) && p->kind == CONV_TRANSPOSE_2D) {
        axes(t, sizeof t, l, p->output_padding);
        k += (size_t)snprintf(buf + k, n - k, ", output_padding=%s", t);
    }
    if (k < n && !all_eq(l, p->dilation, 1)) {
        axes(t, sizeof t, l, p->dilation);
        k += (size_t)snprintf(buf + k, n - k, ", dilation=%s", t);
    }
    if (k < n && p->groups != 1) k += (size_t)snprintf(buf + k, n - k, ", groups=%d", p->groups);
    if (k < n && !p->bias) k += (size_t)snprintf(buf + k, n - k, ", bias=False");
    if (k < n && p->padding_mode != CONV_MODE_ZEROS)
        k += (size_t)snprintf(buf + k, n - k, ", padding_mode='%s'", conv_padmode_name(p->padding_mode));
    if (k < n) k += (size_t)snprintf(buf + k, n - k, ")");
    if (k < n && p->activation != CONV_ACT_NONE)
        snprintf(buf + k, n - k, " + %s", p->activation == CONV_ACT_RELU ? "ReLU()"
                 : p->activation == CONV_ACT_SIGMOID ? "Sigmoid()" : "Tanh()");
}

/* Whether the resolved padding is what Keras' padding='same' gives. */
static int keras_same(const lay *l) {
    const conv_geom *g = l->g;
    if (g->p.kind == CONV_TRANSPOSE_2D) return g->p.padding == CONV_PAD_SAME;
    if (g->p.padding_mode != CONV_MODE_ZEROS) return 0;
    for (int a = first_axis(l); a < CONV_SP; a++) {
        int in = g->in_sp[a], s = g->p.stride[a];
        int total = ((in + s - 1) / s - 1) * s + (g->p.kernel[a] - 1) * g->p.dilation[a] + 1 - in;
        if (total < 0) total = 0;
        if (g->pad_lo[a] != total / 2 || g->pad_hi[a] != total - total / 2) return 0;
    }
    return !(all_eq(l, g->pad_lo, 0) && all_eq(l, g->pad_hi, 0)) || g->p.padding == CONV_PAD_SAME;
}

static void code_keras(char *buf, size_t n, const lay *l) {
    static const char *const names[] = {"Conv1D", "Conv2D", "Conv3D", "Conv2DTranspose"};
    const conv_params *p = &l->g->p;
    char t[64];
    size_t k = 0;
    int same = keras_same(l), explicit_pad = !same && p->kind != CONV_TRANSPOSE_2D
                       && !(all_eq(l, l->g->pad_lo, 0) && all_eq(l, l->g->pad_hi, 0));
    if (explicit_pad) {
        axes(t, sizeof t, l, l->g->pad_lo);
        k += (size_t)snprintf(buf + k, n - k, "ZeroPadding%dD(%s) + ", ndim(l), t);
    }
    axes(t, sizeof t, l, p->kernel);
    if (k < n)
        k += (size_t)snprintf(buf + k, n - k, "%s(filters=%d, kernel_size=%s", names[p->kind], p->filters, t);
    if (k < n && !all_eq(l, p->stride, 1)) {
        axes(t, sizeof t, l, p->stride);
        k += (size_t)snprintf(buf + k, n - k, ", strides=%s", t);
    }
    if (k < n)
        k += (size_t)snprintf(buf + k, n - k, ", padding='%s'", same ? "same" : "valid");
    if (k < n && !all_eq(l, p->dilation, 1)) {
        axes(t, sizeof t, l, p->dilation);
        k += (size_t)snprintf(buf + k, n - k, ", dilation_rate=%s", t);
    }
    if (k < n && p->groups != 1) k += (size_t)snprintf(buf + k, n - k, ", groups=%d", p->groups);
    if (k < n && !p->bias) k += (size_t)snprintf(buf + k, n - k, ", use_bias=False");
    if (k < n && p->activation != CONV_ACT_NONE)
        k += (size_t)snprintf(buf + k, n - k, ", activation='%s'", conv_act_name(p->activation));
    if (k < n) snprintf(buf + k, n - k, ")");
}

/* "3x5x5" in the scene's order: channels first (CHW) or last (HWC). */
static void shape(char *buf, size_t n, const lay *l, int c, const int *sp) {
    size_t k = 0;
    int hwc = l->s->layout == SCENE_HWC;
    if (!hwc) k += (size_t)snprintf(buf, n, "%d", c);
    for (int a = first_axis(l); a < CONV_SP && k < n; a++)
        k += (size_t)snprintf(buf + k, n - k, "%s%d", k ? "x" : "", sp[a]);
    if (hwc && k < n) snprintf(buf + k, n - k, "x%d", c);
}

/* "output[0][1][1]" (CHW) or "output[1][1][0]" (HWC). */
static void out_index(char *buf, size_t n, const lay *l, int f, const int *at) {
    size_t k = (size_t)snprintf(buf, n, "output");
    int hwc = l->s->layout == SCENE_HWC;
    if (!hwc && k < n) k += (size_t)snprintf(buf + k, n - k, "[%d]", f);
    for (int a = first_axis(l); a < CONV_SP && k < n; a++)
        k += (size_t)snprintf(buf + k, n - k, "[%d]", at[a]);
    if (hwc && k < n) snprintf(buf + k, n - k, "[%d]", f);
}

/* ---- the input grid: what sits at each padded position ---- */

/* Kind and source cell of padded position pos[]. */
static conv_tapkind classify(const lay *l, const int pos[CONV_SP], int src[CONV_SP]) {
    const conv_geom *g = l->g;
    int transposed = g->p.kind == CONV_TRANSPOSE_2D, copy = 0, hole = 0;
    for (int a = 0; a < CONV_SP; a++) {
        int q = pos[a] - l->off[a], n = g->in_sp[a];
        if (transposed) {
            int s = g->p.stride[a];
            if (q < 0 || q > (n - 1) * s) return CONV_TAP_PAD;
            if (q % s) hole = 1;
            src[a] = q / s;
        } else if (q < 0 || q >= n) {
            if (g->p.padding_mode == CONV_MODE_ZEROS) return CONV_TAP_PAD;
            src[a] = conv_pad_source(g->p.padding_mode, q, n);
            copy = 1;
        } else {
            src[a] = q;
        }
    }
    return hole ? CONV_TAP_HOLE : copy ? CONV_TAP_COPY : CONV_TAP_DATA;
}

static double in_value(const lay *l, int ch, const int src[CONV_SP]) {
    const conv_geom *g = l->g;
    return l->in[(int64_t)ch * g->in_cells + ((int64_t)src[0] * g->in_sp[1] + src[1]) * g->in_sp[2] + src[2]];
}

static int64_t in_index(const lay *l, int z, int r, int q) {
    return ((int64_t)z * l->grid[1] + r) * l->grid[2] + q;
}

/* Top and x offset of channel row `row`: rows fill a column, then the next. */
static int row_y(const lay *l, int row) { return l->p.y0 + row % l->p.rpc * l->p.row_h; }
static int row_dx(const lay *l, int row) { return row / l->p.rpc * l->p.colw; }

static box in_cell_box(const lay *l, int row, int r, int q) {
    box b = {l->p.x_in + row_dx(l, row) + q * l->p.c, row_y(l, row) + l->p.lab + r * l->p.c, l->p.c, l->p.c};
    return b;
}

/* ---- setup ---- */

static double maxabs(const double *v, int64_t n) {
    double m = 0;
    for (int64_t i = 0; v && i < n; i++)
        if (fabs(v[i]) > m) m = fabs(v[i]);
    return m;
}

static void setup_grid(lay *l) {
    const conv_geom *g = l->g;
    for (int a = 0; a < CONV_SP; a++) {
        if (g->p.kind == CONV_TRANSPOSE_2D) {
            int ext = g->p.dilation[a] * (g->p.kernel[a] - 1);
            l->grid[a] = g->out_sp[a] + ext;
            l->off[a] = ext - g->pad_lo[a];
        } else {
            l->grid[a] = g->in_sp[a] + g->pad_lo[a] + g->pad_hi[a];
            l->off[a] = g->pad_lo[a];
        }
    }
    /* conv3d: the depth slice the current tap (or the window's first) reads */
    {
        int tap = l->st.pos.tap >= 0 ? l->st.pos.tap : 0, k[CONV_SP];
        conv_tap_coords(g, tap, k);
        l->kzs = k[0];
        l->zsl = iclamp(l->st.tap[tap].at[0], 0, l->grid[0] - 1);
    }
}

static void setup_sizes(lay *l, int width, int height) {
    double sc = l->v->scale > 0.25 ? l->v->scale : 1;
    int want = (int)lround(13 * sc * (l->v->projector ? 1.45 : 1));
    int lim = imax(7, imin(height / 24, width / 40));
    l->sc = sc;
    l->ts = iclamp(want, 7, lim);
    l->gap = imax(2, l->ts * 4 / 5);
    l->margin = imax(2, l->ts * 9 / 10);
    /* A small scene on a big screen (a projector) gets big cells: the cap
     * is a size still read as a grid cell, not the text's size. */
    l->cmax = imax(l->ts * 13 / 5, (int)lround(CELL_MAX * sc));
    l->comax = imax(l->ts * 17 / 5, l->cmax * 5 / 4);
}

/* ---- header and footer ---- */

static void header(lay *l, box b) {
    char code[512], line[900], in[64], out[64], right[96];
    int title = (l->ts * 14 + 5) / 10, wt, wr;
    box tb, rb, mb;
    wt = measure(l, FRAME_FONT_SANS_BOLD, title, "convanim");
    if (l->s->nlayers > 1)
        snprintf(right, sizeof right, "layer %d of %d  \xc2\xb7  granularity: %s", l->v->layer + 1,
                 l->s->nlayers, sched_gran_name(l->v->gran));
    else
        snprintf(right, sizeof right, "granularity: %s", sched_gran_name(l->v->gran));
    wr = imin(measure(l, FRAME_FONT_SANS, l->ts, right), b.w / 4);
    tb = (box){b.x, b.y, imin(wt, b.w / 3), b.h};
    rb = (box){b.x + b.w - wr, b.y, wr, b.h};
    mb = (box){tb.x + tb.w + l->gap, b.y, rb.x - l->gap - (tb.x + tb.w + l->gap), b.h};
    frame_tag(text(l, tb, FRAME_FONT_SANS_BOLD, title, FRAME_ALIGN_LEFT, l->t->text, "convanim"), FRAME_EL_LABEL, 0, 0);
    frame_tag(text(l, rb, FRAME_FONT_SANS, l->ts, FRAME_ALIGN_RIGHT, l->t->muted, right), FRAME_EL_LABEL, 0, 0);
    if (l->s->layout == SCENE_HWC) code_keras(code, sizeof code, l);
    else code_torch(code, sizeof code, l);
    shape(in, sizeof in, l, l->g->in_c, l->g->in_sp);
    shape(out, sizeof out, l, l->g->out_c, l->g->out_sp);
    snprintf(line, sizeof line, "%s  \xc2\xb7  input %s -> output %s", code, in, out);
    if (!fit_size(l, mb, FRAME_FONT_SANS, (l->ts * 11 + 5) / 10, line))
        snprintf(line, sizeof line, "input %s -> output %s  \xc2\xb7  %s", in, out, code);
    frame_tag(text(l, mb, FRAME_FONT_SANS, (l->ts * 11 + 5) / 10, FRAME_ALIGN_LEFT, l->t->text, line),
        FRAME_EL_LABEL, 0, 0);
}

static int64_t cur_step(const lay *l) { return l->st.step; }

/* The track (the first FRAME_EL_TIMELINE command: layout_timeline_step
 * reads it), the part played, and the playhead. */
static void timeline(lay *l, box band) {
    int th = imax(3, l->ts * 2 / 5), ph = imin(band.h, th * 3), px;
    box track = {band.x + ph / 2, band.y + (band.h - th) / 2, band.w - ph, th};
    if (track.w < 2) return;
    frame_tag(rect(l, track, l->t->grid), FRAME_EL_TIMELINE, 0, 0);
    px = track.x;
    if (l->nsteps > 1)
        px += (int)((double)cur_step(l) * (track.w - 1) / (double)(l->nsteps - 1) + 0.5);
    frame_tag(rect(l, (box){track.x, track.y, px - track.x + 1, th}, l->t->accent), FRAME_EL_TIMELINE, 0, 0);
    frame_tag(rect(l, (box){px - ph / 2, band.y + (band.h - ph) / 2, ph, ph}, l->t->accent), FRAME_EL_TIMELINE, 0, 0);
}

/* A message, and while an export runs a bar of its progress after it. */
static void status_line(lay *l, box b) {
    double done = l->v->export_progress;
    const char *s = l->v->status ? l->v->status : "";
    int tw = imin(measure(l, FRAME_FONT_SANS, l->ts, s), done >= 0 ? b.w * 2 / 3 : b.w);
    int th = imax(4, l->ts * 3 / 5), bw = imin(b.w - tw - l->gap, l->ts * 24);
    if (*s) frame_tag(text(l, (box){b.x, b.y, tw, b.h}, FRAME_FONT_SANS, l->ts, FRAME_ALIGN_LEFT, l->t->accent, s),
                FRAME_EL_LABEL, 0, 0);
    if (done >= 0 && bw >= l->ts * 3) {
        box track = {b.x + (*s ? tw + l->gap : 0), b.y + (b.h - th) / 2, bw, th};
        rect(l, track, l->t->grid);
        rect(l, (box){track.x, track.y, (int)(track.w * (done > 1 ? 1 : done) + 0.5), th}, l->t->accent);
    }
}

static void hints(lay *l, box b) {
    char right[128], sp[32];
    int wr;
    box rb, lb;
    num(sp, sizeof sp, l->v->speed, 3);
    snprintf(right, sizeof right, "step %lld / %lld  \xc2\xb7  %s steps/s%s", (long long)cur_step(l) + 1,
             (long long)l->nsteps, sp, l->v->playing ? "" : "  \xc2\xb7  paused");
    wr = imin(measure(l, FRAME_FONT_SANS, l->ts, right), b.w / 2);
    rb = (box){b.x + b.w - wr, b.y, wr, b.h};
    lb = (box){b.x, b.y, rb.x - b.x - l->gap, b.h};
    frame_tag(text(l, rb, FRAME_FONT_SANS, l->ts, FRAME_ALIGN_RIGHT, l->t->muted, right), FRAME_EL_LABEL, 0, 0);
    if (l->v->status || l->v->export_progress >= 0) {
        status_line(l, lb);
        return;
    }
    frame_tag(text(l, lb, FRAME_FONT_SANS, l->ts, FRAME_ALIGN_LEFT, l->t->muted,
             "space play   <-/-> step   shift <-/-> cell   1/2/3 granularity   H help"),
        FRAME_EL_LABEL, 0, 0);
}

/* Padded position of linear index b of the input grid; 0 if out of range. */
static int grid_pos(const lay *l, int64_t b, int pos[CONV_SP]) {
    if (b < 0 || b >= (int64_t)l->grid[0] * l->grid[1] * l->grid[2]) return 0;
    pos[2] = (int)(b % l->grid[2]);
    pos[1] = (int)(b / l->grid[2] % l->grid[1]);
    pos[0] = (int)(b / l->grid[2] / l->grid[1]);
    return 1;
}

typedef struct { unsigned char *lit; int64_t n; } feed_ctx;

static void feed_mark(void *ctx, int64_t cell, int tap) {
    feed_ctx *fc = ctx;
    (void)tap;
    fc->n += !fc->lit[cell];
    fc->lit[cell] = 1;
}

/* Output cells (of any filter reading the channel) that input cell src
 * feeds, as flags in a new array of out_cells; NULL on failure. */
static unsigned char *feeds(lay *l, const int src[CONV_SP], int64_t *n) {
    feed_ctx fc;
    if (!(fc.lit = calloc((size_t)l->g->out_cells, 1))) {
        l->fail = 1;
        return NULL;
    }
    fc.n = 0;
    conv_feeds(l->g, src, feed_mark, &fc);
    *n = fc.n;
    return fc.lit;
}

/* "input[1][2][3]" (CHW) or "input[2][3][1]" (HWC). */
static void in_name(char *buf, size_t n, const lay *l, int ch, const int *src) {
    size_t k = (size_t)snprintf(buf, n, "input");
    int hwc = l->s->layout == SCENE_HWC;
    if (!hwc && k < n) k += (size_t)snprintf(buf + k, n - k, "[%d]", ch);
    for (int a = first_axis(l); a < CONV_SP && k < n; a++)
        k += (size_t)snprintf(buf + k, n - k, "[%d]", src[a]);
    if (hwc && k < n) snprintf(buf + k, n - k, "[%d]", ch);
}

static void caption_output(lay *l, char *buf, size_t n) {
    const layout_view *v = l->v;
    char cell[8192];
    int at[CONV_SP];
    size_t k;
    conv_cell_coords(l->g, v->hover_b, at);
    out_index(buf, n, l, v->hover_a, at);
    k = strlen(buf);
    if (k + 3 < n) {
        memcpy(buf + k, ":  ", 3);
        k += 3;
    }
    explain_cell(cell, sizeof cell, l->g, l->in, l->L->weight, l->L->bias, v->hover_a, v->hover_b);
    /* one line per part becomes "; "-separated parts of one paragraph */
    for (const char *p = cell; *p && k + 3 < n; p++) {
        if (*p != '\n') {
            buf[k++] = *p;
        } else if (p[1]) {
            buf[k++] = ';';
            buf[k++] = ' ';
        }
    }
    buf[k] = 0;
}

static void caption_input(lay *l, char *buf, size_t n) {
    const layout_view *v = l->v;
    int pos[CONV_SP], src[CONV_SP];
    char val[32], name[96];
    conv_tapkind k;
    int64_t fed = 0;
    unsigned char *lit;
    if (!grid_pos(l, v->hover_b, pos)) return;
    k = classify(l, pos, src);
    if (k == CONV_TAP_PAD || k == CONV_TAP_HOLE) {
        snprintf(buf, n, "%s: always 0, adds nothing to any sum",
                 k == CONV_TAP_PAD ? "zero padding" : "inserted zero (transposed stride)");
        return;
    }
    if (!(lit = feeds(l, src, &fed))) return;
    free(lit);
    num(val, sizeof val, in_value(l, v->hover_a, src), 6);
    in_name(name, sizeof name, l, v->hover_a, src);
    snprintf(buf, n, "%s%s = %s  feeds %lld output cell%s of each filter that reads channel %d",
             k == CONV_TAP_COPY ? "padding copy of " : "", name, val, (long long)fed, fed == 1 ? "" : "s",
             v->hover_a);
}

static void hover_caption(lay *l, char *buf, size_t n) {
    const layout_view *v = l->v;
    const conv_geom *g = l->g;
    buf[0] = 0;
    if (v->hover_el == FRAME_EL_OUTPUT_CELL && v->hover_a >= 0 && v->hover_a < g->out_c
        && v->hover_b >= 0 && v->hover_b < g->out_cells)
        caption_output(l, buf, n);
    else if (v->hover_el == FRAME_EL_INPUT_CELL && v->hover_a >= 0 && v->hover_a < g->in_c)
        caption_input(l, buf, n);
}

static void footer(lay *l, box cap, box hint, box band) {
    char buf[4096];
    hover_caption(l, buf, sizeof buf);
    if (!buf[0]) explain_step(buf, sizeof buf, l->g, &l->st, l->v->gran);
    wrap(l, cap, FRAME_FONT_MONO, (l->ts * 11 + 5) / 10, l->t->text, FRAME_EL_CAPTION, buf);
    hints(l, hint);
    timeline(l, band);
}

/* ---- side panel ---- */

static int panel_head(lay *l, box *b, const char *s) {
    box hb = {b->x, b->y, b->w, line_h(l->ts)};
    if (hb.h > b->h) return 0;
    frame_tag(text(l, hb, FRAME_FONT_SANS_BOLD, l->ts, FRAME_ALIGN_LEFT, l->t->text, s), FRAME_EL_PANEL, 0, 0);
    b->y += hb.h;
    b->h -= hb.h;
    return 1;
}

/* Panel text: shrunk a little rather than wrapped where that is enough
 * (formulas read best on one line), wrapped otherwise. */
static void panel_body(lay *l, box *b, frame_font font, frame_color c, const char *s) {
    int size = imax(TEXT_MIN, l->ts * 9 / 10), lo = imax(TEXT_MIN, size * 4 / 5), used;
    for (const char *p = s; *p;) {
        char line[512];
        size_t n = strcspn(p, "\n");
        snprintf(line, sizeof line, "%.*s", (int)(n < sizeof line ? n : sizeof line - 1), p);
        if (measure(l, font, lo, line) <= b->w) /* shrinking keeps it on one line */
            while (size > lo && measure(l, font, size, line) > b->w) size--;
        p += n + (p[n] == '\n');
    }
    used = wrap(l, *b, font, size, c, FRAME_EL_PANEL, s);
    b->y += used + l->gap / 2;
    b->h -= used + l->gap / 2;
}

/* A formula too long for the panel breaks before its result, the way it
 * is written by hand:  H_out = (5 + 2*1 - 1*(3-1) - 1)/2 + 1
 *                            = 3                                        */
static void formula_break(const lay *l, const box *b, char *buf, size_t n) {
    char *eq = NULL, *p = buf, tail[256];
    int indent, lo = imax(TEXT_MIN, imax(TEXT_MIN, l->ts * 9 / 10) * 4 / 5); /* as panel_body shrinks */
    if (measure(l, FRAME_FONT_MONO, lo, buf) <= b->w) return;
    while ((p = strstr(p, " = "))) eq = p++;
    if (!eq || eq == strstr(buf, " = ")) return;
    indent = (int)(strstr(buf, " = ") - buf);
    snprintf(tail, sizeof tail, "%s", eq + 1);
    snprintf(eq, n - (size_t)(eq - buf), "\n%*s%s", indent, "", tail);
}

static void side_panel(lay *l) {
    char buf[1024], f[512];
    box b = l->panel;
    if (b.w <= 0) return;
    if (panel_head(l, &b, "output size")) {
        for (int a = first_axis(l); a < CONV_SP; a++) {
            conv_formula(f, sizeof f, l->g, a);
            snprintf(buf, sizeof buf, "%s_out = %s", conv_axis_name(ndim(l), a), f);
            formula_break(l, &b, buf, sizeof buf);
            panel_body(l, &b, FRAME_FONT_MONO, l->t->text, buf);
        }
    }
    if (panel_head(l, &b, "parameters")) {
        explain_params(f, sizeof f, l->g);
        panel_body(l, &b, FRAME_FONT_MONO, l->t->text, f);
        snprintf(buf, sizeof buf, "MACs: %lld", (long long)l->g->macs);
        panel_body(l, &b, FRAME_FONT_MONO, l->t->text, buf);
    }
    if (panel_head(l, &b, "PyTorch")) {
        code_torch(f, sizeof f, l);
        snprintf(buf, sizeof buf, "nn.%s", f);
        panel_body(l, &b, FRAME_FONT_MONO, l->t->text, buf);
    }
    if (panel_head(l, &b, "Keras")) {
        code_keras(f, sizeof f, l);
        snprintf(buf, sizeof buf, "layers.%s", f);
        panel_body(l, &b, FRAME_FONT_MONO, l->t->text, buf);
    }
    panel_body(l, &b, FRAME_FONT_SANS, l->t->muted,
               "hover a cell: an output cell lights its receptive field on every channel, "
               "an input cell the outputs it feeds");
}

/* ---- the plan of the main area ---- */

/* Largest n <= total of grids (`cells` rows each, a label above each, an
 * "... N more" line when some are left out) that fit in height h with
 * cells of at least `target`; their cell size (at most cw, cmax) in *cell. */
static int stack_n(int h, int total, int lab, int gap, int cells, int cw, int cmax, int target, int *cell) {
    for (int n = total; n >= 1; n--) {
        int avail = h - n * (lab + gap) - (n < total ? lab : 0), c;
        if (avail < 0) continue;
        c = imin(imin(cw, avail / (n * cells)), cmax);
        if (c >= target || n == 1) {
            *cell = imax(c, 0);
            return n;
        }
    }
    *cell = 0;
    return 0;
}

/* Cells big enough for numbers if that keeps at least half the grids;
 * else as many grids as keep cells visible. 0 if not one label fits. */
static int stack(int h, int total, int lab, int gap, int cells, int cw, int cmax, int *cell) {
    int n = stack_n(h, total, lab, gap, cells, cw, cmax, imin(14, imin(cw, cmax)), cell);
    if (n >= (total + 1) / 2) return n;
    return stack_n(h, total, lab, gap, cells, cw, cmax, imin(4, imin(cw, cmax)), cell);
}

static int cell_max(const lay *l) { return l->cmax; }

/* Kernel cells as large as the input's would make the whole row the same
 * scale; they are at least the readable share of the width a kernel
 * column is given when the input needs tiny cells. */
static int kernel_width(const lay *l, int fixed, int tight) {
    box m = l->main;
    int kW = l->g->p.kernel[2], Gw = l->grid[2];
    int same = kW * imax(0, m.w - fixed - 3 * l->gap) / (Gw + 2 * kW);
    return imin(kW * cell_max(l), imax(imax(kW * 4, m.w / (tight ? 14 : 10)), same));
}

/* Widths of the columns beside the input grids; `tight` trims them for
 * the grids' sake when space is short (their text shrinks or cuts). */
static void plan_columns(lay *l, plan *p, int *cw, int tight) {
    const conv_geom *g = l->g;
    box m = l->main;
    int gap = l->gap, Gw = l->grid[2], oW = g->out_sp[2];
    int comax = l->ts * 17 / 5; /* the inputs' cells come first: maps grow later */
    p->big = (l->ts * 27 + 10) / 20;
    p->wsum = measure(l, FRAME_FONT_MONO, p->big, tight ? "= -0.0" : "= -0.000");
    p->wbox = tight ? l->ts * 8 : iclamp(m.w * 17 / 100, l->ts * 10, l->ts * 17);
    p->wout = tight ? imax(imin(oW * comax, m.w * 18 / 100), imin(l->ts * 9, m.w / 5))
                    : imax(imin(oW * comax, m.w * 24 / 100), imin(l->ts * 12, m.w / 4));
    p->wout = imax(p->wout, imin(oW, m.w / 3)); /* one pixel a cell, if need be */
    p->show_box = p->show_sum = p->show_kernel = 1;
    for (;;) {
        int fixed = p->wout + 2 * gap;
        if (p->show_box) fixed += p->wbox + 3 * gap;
        if (p->show_sum) fixed += p->wsum + gap;
        p->wk = kernel_width(l, fixed, tight);
        if (p->show_kernel) fixed += 2 * p->wk + 3 * gap;
        *cw = (m.w - fixed) / Gw;
        if (*cw >= 4) break;
        if (p->show_box) p->show_box = 0;
        else if (p->show_sum) p->show_sum = 0;
        else if (p->show_kernel) p->show_kernel = 0;
        else break;
    }
    if (*cw < 0) *cw = 0;
}

static void plan_rows(lay *l, plan *p, int cw) {
    int cpg = l->g->cpg, Gh = l->grid[1], cmax = cell_max(l);
    int cur = l->st.pos.chan >= 0 ? l->st.pos.chan : 0;
    p->lab = line_h(l->ts);
    p->n = stack(l->main.h, cpg, p->lab, l->gap, Gh, cw, cmax, &p->c);
    p->first = iclamp(cur - p->n / 2, 0, cpg - p->n);
    p->cols = 1;
    p->rpc = imax(1, p->n);
    p->row_h = p->lab + Gh * p->c + l->gap;
    p->y0 = l->main.y;
    p->hlim = p->c < imin(cw, cmax);
    p->ck = imin(imin(cmax, p->wk / l->g->p.kernel[2]), Gh * p->c / l->g->p.kernel[1]);
    /* The window box on the input must read as the kernel's outline: when
     * height limits the grids, the kernel is drawn no larger than the
     * input; when width does (a wide input), the kernel stays readable. */
    p->ck = imin(p->ck, p->hlim ? p->c : imax(p->c, l->ts * 13 / 5));
}

/* Width of one channel row: input grid, kernels, partial sum. */
static int row_width(const lay *l, const plan *p, int c, int ck) {
    int w = l->grid[2] * c + 2 * l->gap;
    if (p->show_kernel) w += 3 * l->gap + 2 * l->g->p.kernel[2] * ck;
    if (p->show_sum) w += p->wsum + l->gap;
    return w;
}

/* Output cells at most a little larger than the input's. */
static int map_cell_max(const lay *l, const plan *p) {
    return imin(l->comax, imax(l->ts * 17 / 5, p->c * 5 / 4));
}

static void plan_maps(lay *l, plan *p) {
    const conv_geom *g = l->g;
    int F = g->out_c, oH = g->out_sp[1], oW = g->out_sp[2], comax = map_cell_max(l, p);
    p->fn = stack(l->main.h, F, p->lab, l->gap, oH, p->wout / oW, comax, &p->co);
    p->ffirst = iclamp(l->st.pos.filter - p->fn / 2, 0, F - p->fn);
    p->map_h = p->lab + oH * p->co + l->gap;
}

/* Channel rows cut short by the height go into two columns side by side
 * when the width beside them lets every row's cells grow. */
static void plan_two(lay *l, plan *p) {
    const conv_geom *g = l->g;
    int cpg = g->cpg, Gh = l->grid[1], Gw = l->grid[2], kH = g->p.kernel[1], kW = g->p.kernel[2];
    int n2 = (cpg + 1) / 2, gap = l->gap, c, fixed, per;
    if (!p->hlim || cpg < 2 || p->c < 1) return;
    c = imin((l->main.h - n2 * (p->lab + gap)) / (n2 * Gh), cell_max(l));
    fixed = p->wout + 2 * gap + gap + (p->show_box ? p->wbox + 3 * gap : 0);
    fixed += 2 * (row_width(l, p, 0, 0));
    per = 2 * (Gw + (p->show_kernel ? 2 * kW : 0));
    c = imin(c, (l->main.w - fixed) / per);
    if (c < p->c + imax(2, p->c / 4)) return; /* worth a less familiar picture */
    p->cols = 2;
    p->n = cpg;
    p->first = 0;
    p->rpc = n2;
    p->c = c;
    p->ck = imin(c, Gh * c / kH);
    p->row_h = p->lab + Gh * c + gap;
    plan_maps(l, p);
}

static void plan_try(lay *l, plan *p, int tight) {
    int cw;
    memset(p, 0, sizeof *p);
    plan_columns(l, p, &cw, tight);
    plan_rows(l, p, cw);
    plan_maps(l, p);
}

/* The roomy plan unless cells would be too small to carry numbers; then
 * trimmed columns, and as a last resort the side panel's width. */
static void plan_one(lay *l) {
    plan t;
    plan_try(l, &l->p, 0);
    if (l->p.c >= 14) return;
    plan_try(l, &t, 1);
    if (t.c > l->p.c) l->p = t;
    if (l->p.c >= 10 || l->panel.w <= 0 || (l->v->editor && l->v->editor->open)) return; /* the editor stays */
    {
        box keep = l->main;
        l->main.w += l->panel.w + 2 * l->gap;
        plan_try(l, &t, 1);
        if (t.c >= l->p.c + 3) {
            l->p = t;
            l->panel.w = 0;
        } else {
            l->main = keep;
        }
    }
}

/* One column of channel rows, or two if that grows the cells (with the
 * columns beside them roomy or trimmed). */
static void plan_pick(lay *l) {
    plan t;
    plan_one(l);
    for (int tight = 0; tight < 2; tight++) {
        plan_try(l, &t, tight);
        plan_two(l, &t);
        if (t.cols == 2 && t.c > l->p.c) l->p = t;
    }
}

/* Height of the tallest column: the channel rows or the output maps. */
static int plan_height(const lay *l, const plan *p) {
    int rows = p->rpc * p->row_h - l->gap + (p->n < l->g->cpg ? p->lab : 0);
    int maps = p->fn * p->map_h - l->gap + (p->fn < l->g->out_c ? p->lab : 0);
    return imax(rows, maps);
}

static void plan_main(lay *l) {
    plan *p = &l->p;
    const conv_geom *g = l->g;
    int used, x, sp, gap = l->gap, kw, extra, grow, h;
    plan_pick(l);
    kw = g->p.kernel[2] * p->ck;
    used = row_width(l, p, p->c, p->ck) * p->cols + (p->cols - 1) * gap + p->wout;
    if (p->show_box) used += p->wbox + 3 * gap;
    /* room to spare goes first to the output maps, up to their largest
     * cells, then into the gaps between columns, a little each; the rest
     * centres the whole picture, as does height the grids leave */
    extra = imax(0, l->main.w - used);
    grow = imin(extra, imax(0, g->out_sp[2] * map_cell_max(l, p) - p->wout));
    extra -= grow;
    sp = imin(extra / (3 * p->cols + 1), l->ts * 4);
    extra -= (3 * p->cols + 1) * sp;
    p->wout += grow;
    x = l->main.x;
    if (extra > 0) {
        p->wout += extra;
        plan_maps(l, p);
        if (p->co >= 1) {
            int need = imax(g->out_sp[2] * p->co,
                            measure(l, FRAME_FONT_SANS, l->ts, "output channel 00 (filter 00)"));
            if (need < p->wout) x += (p->wout - need) / 2;
        }
    } else if (grow > 0) {
        plan_maps(l, p);
    }
    h = plan_height(l, p);
    if (p->c >= 1 && h > 0 && h < l->main.h) p->y0 += (l->main.h - h) / 2;
    p->x_in = x;
    x += l->grid[2] * p->c + 2 * gap + sp;
    if (p->show_kernel) {
        p->x_w = x;
        p->x_p = x + kw + gap;
        x = p->x_p + kw + gap + sp;
    }
    if (p->show_sum) {
        p->x_s = x;
        x += p->wsum + gap + sp;
    }
    p->colw = x - p->x_in + gap;
    x += (p->cols - 1) * p->colw;
    if (p->show_box) {
        p->x_b = x + gap;
        x += p->wbox + 3 * gap + sp;
    }
    p->x_o = x;
}

/* ---- channel rows ---- */

static int chan_current(const lay *l, int cl) {
    return l->st.pos.chan < 0 || l->st.pos.chan == cl;
}

static int chan_started(const lay *l, int cl) {
    for (int t = 0; t < l->st.kvol; t++)
        if (l->st.done[(size_t)cl * l->st.kvol + t]) return 1;
    return 0;
}

static void grid_lines(lay *l, box g, int rows, int cols, int c) {
    if (c < 4) return;
    for (int r = 1; r < rows; r++)
        line(l, g.x, g.y + r * c, g.w - 1, 0, l->t->grid, 1, FRAME_LINE);
    for (int q = 1; q < cols; q++)
        line(l, g.x + q * c, g.y, 0, g.h - 1, l->t->grid, 1, FRAME_LINE);
    outline(l, g, l->t->border, 1, 0);
}

/* The text size up to cells of twice it; then the numbers grow with the
 * cells (to twice the text size) so a projected grid stays legible. */
static int cell_text_size(const lay *l, int c) {
    return iclamp(imax(imin(c / 2, l->ts), c * 2 / 5), 7, 2 * l->ts);
}

static void input_grid(lay *l, int row, int ch) {
    int c = l->p.c, fs = cell_text_size(l, c), nums = c >= 14;
    box gb = in_cell_box(l, row, 0, 0);
    gb.w = l->grid[2] * c;
    gb.h = l->grid[1] * c;
    for (int r = 0; r < l->grid[1]; r++)
        for (int q = 0; q < l->grid[2]; q++) {
            int pos[CONV_SP] = {l->zsl, r, q}, src[CONV_SP];
            conv_tapkind k = classify(l, pos, src);
            int64_t id = in_index(l, l->zsl, r, q);
            box cb = in_cell_box(l, row, r, q);
            double v = 0;
            frame_color fill, ink;
            if (k == CONV_TAP_DATA || k == CONV_TAP_COPY) v = in_value(l, ch, src);
            fill = theme_value_color(l->t, v, l->in_max);
            ink = theme_text_on(l->t, fill);
            if (k == CONV_TAP_PAD || k == CONV_TAP_HOLE) {
                fill = l->t->pad_fill;
                ink = l->t->pad_text;
            } else if (k == CONV_TAP_COPY) {
                fill = fade(fill, l->t->pad_fill, 0.55);
                ink = l->t->copy_text;
            }
            frame_tag(rect(l, cb, fill), FRAME_EL_INPUT_CELL, ch, id);
            if (k == CONV_TAP_PAD && c >= 6) frame_tag(emit(l, FRAME_HATCH, cb, l->t->pad_hatch, NULL), FRAME_EL_INPUT_CELL, ch, id);
            if (nums) cell_number(l, cb, v, fs, ink, FRAME_EL_INPUT_CELL, ch, id);
        }
    grid_lines(l, gb, l->grid[1], l->grid[2], c);
}

/* Bounding box, on the grid of channel row `row`, of the window of output
 * cell out[] (taps in the shown depth slice only; all taps if any_depth). */
static int window_box(const lay *l, int row, const int out[CONV_SP], int any_depth, box *wb) {
    int r0 = 1 << 30, r1 = -1, q0 = 1 << 30, q1 = -1;
    for (int tap = 0; tap < l->g->kvol; tap++) {
        conv_tap t;
        conv_tap_at(l->g, out, tap, &t);
        if (!any_depth && t.at[0] != l->zsl) continue;
        if (t.at[1] < 0 || t.at[1] >= l->grid[1] || t.at[2] < 0 || t.at[2] >= l->grid[2]) continue;
        r0 = imin(r0, t.at[1]);
        r1 = imax(r1, t.at[1]);
        q0 = imin(q0, t.at[2]);
        q1 = imax(q1, t.at[2]);
    }
    if (r1 < 0) return 0;
    *wb = in_cell_box(l, row, r0, q0);
    wb->w = (q1 - q0 + 1) * l->p.c;
    wb->h = (r1 - r0 + 1) * l->p.c;
    return 1;
}

static int prev_cell(const lay *l, int out[CONV_SP]) {
    const sched_pos *p = &l->st.pos;
    if (p->cell > 0) conv_cell_coords(l->g, p->cell - 1, out);
    else if (p->filter > 0) conv_cell_coords(l->g, l->g->out_cells - 1, out);
    else return 0;
    return 1;
}

static int thick_for(const lay *l, int c) {
    return iclamp(c / 8, 1, imax(1, (int)lround(3 * l->sc)));
}

/* At mac granularity the tap being multiplied stands out from the rest of
 * the window: a heavy outline on it, a light one on the others. */
static int mac_now(const lay *l, int cl) {
    return l->v->gran == SCHED_MAC && l->st.pos.tap >= 0 && chan_current(l, cl);
}

static int tap_thick(const lay *l, int c) {
    return imax(thick_for(l, c) + 2, c / 7);
}

static void window(lay *l, int row, int cl) {
    const conv_geom *g = l->g;
    int c = l->p.c, tk = thick_for(l, c), cur = chan_current(l, cl), prev[CONV_SP], mac = mac_now(l, cl);
    box wb, pb;
    int has = window_box(l, row, l->st.out, 0, &wb);
    if (mac) tk = imax(1, tk / 2);
    if (prev_cell(l, prev) && window_box(l, row, prev, 1, &pb)
        && (!has || pb.x != wb.x || pb.y != wb.y))
        outline(l, pb, l->t->trace, imax(1, tk / 2 + (tk > 1)), 1);
    if (!has) return;
    if (g->p.dilation[1] == 1 && g->p.dilation[2] == 1) {
        outline(l, wb, l->t->accent, cur ? tk : imax(1, tk / 2), 0);
    } else {
        for (int tap = 0; tap < g->kvol; tap++) {
            const conv_tap *t = &l->st.tap[tap];
            if (t->at[0] != l->zsl || t->at[1] < 0 || t->at[1] >= l->grid[1]
                || t->at[2] < 0 || t->at[2] >= l->grid[2])
                continue;
            outline(l, in_cell_box(l, row, t->at[1], t->at[2]), l->t->accent, cur ? tk : 1, 0);
        }
    }
    if (mac) {
        const conv_tap *t = &l->st.tap[l->st.pos.tap];
        if (t->at[0] == l->zsl && t->at[1] >= 0 && t->at[1] < l->grid[1] && t->at[2] >= 0 && t->at[2] < l->grid[2])
            outline(l, in_cell_box(l, row, t->at[1], t->at[2]), l->t->accent, tap_thick(l, c), 0);
    }
}

/* The taps of the kernel depth slice on screen, as kH x kW cells at x. */
static box kernel_box(const lay *l, int x, int row) {
    box b = {x + row_dx(l, row), row_y(l, row) + l->p.lab, l->g->p.kernel[2] * l->p.ck, l->g->p.kernel[1] * l->p.ck};
    return b;
}

/* Screen cell of kernel tap (ky, kx). A transposed layer reads its window
 * with the kernel flipped (conv.h), so it is drawn flipped to line up. */
static box tap_box(const lay *l, box grid, int ky, int kx) {
    int c = l->p.ck;
    if (l->g->p.kind == CONV_TRANSPOSE_2D) {
        ky = l->g->p.kernel[1] - 1 - ky;
        kx = l->g->p.kernel[2] - 1 - kx;
    }
    return (box){grid.x + kx * c, grid.y + ky * c, c, c};
}

static void kernel_grids(lay *l, int row, int cl) {
    const conv_geom *g = l->g;
    int c = l->p.ck, kH = g->p.kernel[1], kW = g->p.kernel[2], fs = cell_text_size(l, c);
    int nums = c >= 14, cur = chan_current(l, cl), tk = thick_for(l, c);
    box wg = kernel_box(l, l->p.x_w, row), pg = kernel_box(l, l->p.x_p, row);
    for (int ky = 0; ky < kH; ky++)
        for (int kx = 0; kx < kW; kx++) {
            int tap = (l->kzs * kH + ky) * kW + kx;
            size_t i = (size_t)cl * g->kvol + tap;
            box wc = tap_box(l, wg, ky, kx), pc = tap_box(l, pg, ky, kx);
            double w = l->st.w[i], prod = l->st.x[i] * w;
            frame_color fill = theme_value_color(l->t, w, l->w_max);
            frame_tag(rect(l, wc, fill), FRAME_EL_WEIGHT_CELL, cl, tap);
            if (nums) cell_number(l, wc, w, fs, theme_text_on(l->t, fill), FRAME_EL_WEIGHT_CELL, cl, tap);
            if (l->st.done[i]) {
                fill = theme_value_color(l->t, prod, l->p_max);
                frame_tag(rect(l, pc, fill), FRAME_EL_PRODUCT_CELL, cl, tap);
                if (nums) cell_number(l, pc, prod, fs, theme_text_on(l->t, fill), FRAME_EL_PRODUCT_CELL, cl, tap);
            } else {
                frame_tag(rect(l, pc, l->t->empty), FRAME_EL_PRODUCT_CELL, cl, tap);
            }
        }
    grid_lines(l, wg, kH, kW, c);
    grid_lines(l, pg, kH, kW, c);
    if (cur) outline(l, wg, l->t->accent, tk, 0);
    if (mac_now(l, cl)) {
        int k[CONV_SP];
        conv_tap_coords(g, l->st.pos.tap, k);
        outline(l, tap_box(l, wg, k[1], k[2]), l->t->accent, tap_thick(l, c), 0);
        frame_tag(outline(l, tap_box(l, pg, k[1], k[2]), l->t->accent, tap_thick(l, c), 0), FRAME_EL_PRODUCT_CELL, cl,
            l->st.pos.tap);
    }
}

static void row_labels(lay *l, int row, int cl, int ch) {
    const conv_geom *g = l->g;
    plan *p = &l->p;
    char buf[160], pad[96];
    int y = row_y(l, row), dx = row_dx(l, row);
    int end = p->show_kernel ? p->x_w : p->show_sum ? p->x_s : p->cols > 1 ? p->x_in + p->colw : p->x_o;
    box lb = {p->x_in + dx, y, end - p->x_in - l->gap / 2, p->lab};
    if (g->p.kind == CONV_TRANSPOSE_2D)
        snprintf(pad, sizeof pad, " (zeros inserted, stride %d)", g->p.stride[2]);
    else if (all_eq(l, g->pad_lo, 0) && all_eq(l, g->pad_hi, 0))
        pad[0] = 0;
    else if (pads_symmetric(l) && all_eq(l, g->pad_lo, g->pad_lo[2]))
        snprintf(pad, sizeof pad, " (padding %d, %s)", g->pad_lo[2], conv_padmode_name(g->p.padding_mode));
    else
        snprintf(pad, sizeof pad, " (padding, %s)", conv_padmode_name(g->p.padding_mode));
    if (ndim(l) == 3)
        snprintf(buf, sizeof buf, "input channel %d, depth %d%s", ch, l->zsl - l->off[0], pad);
    else
        snprintf(buf, sizeof buf, "input channel %d%s", ch, pad);
    frame_tag(text(l, lb, FRAME_FONT_SANS, l->ts, FRAME_ALIGN_LEFT, l->t->muted, buf), FRAME_EL_LABEL, ch, 0);
    if (p->show_kernel) {
        int f = l->st.pos.filter;
        box wl = {p->x_w + dx, y, p->x_p - p->x_w - l->gap / 2, p->lab};
        box pl = {p->x_p + dx, y, p->x_p - p->x_w - l->gap / 2, p->lab};
        if (g->p.kind == CONV_TRANSPOSE_2D) snprintf(buf, sizeof buf, "w[%d][%d] flipped", ch, f % g->fpg);
        else snprintf(buf, sizeof buf, "w[%d][%d]", f, cl);
        frame_tag(text(l, wl, FRAME_FONT_SANS, l->ts, FRAME_ALIGN_LEFT, l->t->muted, buf), FRAME_EL_LABEL, ch, 0);
        frame_tag(text(l, pl, FRAME_FONT_SANS, l->ts, FRAME_ALIGN_LEFT, l->t->muted, "products"), FRAME_EL_LABEL, ch, 0);
    }
    if (p->show_sum && row > 0) {
        box sl = {p->x_s + dx, y, p->wsum, p->lab};
        frame_tag(text(l, sl, FRAME_FONT_SANS, l->ts, FRAME_ALIGN_LEFT, l->t->muted, "+"), FRAME_EL_LABEL, ch, 0);
    }
}

static void partial_sum(lay *l, int row, int cl) {
    plan *p = &l->p;
    int y = row_y(l, row) + p->lab, gh = l->grid[1] * p->c, x = p->x_s + row_dx(l, row);
    int cur = chan_current(l, cl), started = chan_started(l, cl), bh = imin(gh, line_h(p->big));
    char v[32], buf[48];
    box sb = {x, y, p->wsum, bh}, nb = {x, y + bh, p->wsum, line_h(l->ts * 9 / 10)};
    if (!started && !cur) return;
    num(v, sizeof v, l->st.chan_sum[cl], 4);
    snprintf(buf, sizeof buf, "= %s", v);
    frame_tag(text(l, sb, FRAME_FONT_MONO, p->big, FRAME_ALIGN_LEFT, cur ? l->t->accent : l->t->text, buf),
        FRAME_EL_LABEL, cl, 0);
    if (nb.y + nb.h <= y + gh)
        frame_tag(text(l, nb, FRAME_FONT_SANS, l->ts * 9 / 10, FRAME_ALIGN_LEFT, cur ? l->t->accent : l->t->muted,
                 cur ? "now" : "summed"), FRAME_EL_LABEL, cl, 0);
}

/* Right end of the channel rows' lines of text: before the sum box. */
static int rows_end(const lay *l) {
    return (l->p.show_box ? l->p.x_b : l->p.x_o) - l->gap;
}

static void channel_rows(lay *l) {
    plan *p = &l->p;
    if (p->n < 1) return;
    if (p->c < 1) {
        box b = {l->main.x, l->main.y, rows_end(l) - l->main.x, p->lab};
        text(l, b, FRAME_FONT_SANS, l->ts, FRAME_ALIGN_LEFT, l->t->muted, "input too large to draw at this window size");
        return;
    }
    for (int row = 0; row < p->n; row++) {
        int cl = p->first + row, ch = l->st.in_c0 + cl;
        row_labels(l, row, cl, ch);
        input_grid(l, row, ch);
        window(l, row, cl);
        if (p->show_kernel && p->ck >= 1) kernel_grids(l, row, cl);
        if (p->show_sum) partial_sum(l, row, cl);
    }
    if (p->n < l->g->cpg) {
        char buf[96];
        box b = {l->main.x, p->y0 + p->rpc * p->row_h, rows_end(l) - l->main.x, p->lab};
        if (p->n == 1)
            snprintf(buf, sizeof buf, "... %d more channel%s (showing channel %d)", l->g->cpg - 1,
                     l->g->cpg == 2 ? "" : "s", l->st.in_c0 + p->first);
        else
            snprintf(buf, sizeof buf, "... %d more channel%s (showing %d-%d)", l->g->cpg - p->n,
                     l->g->cpg - p->n == 1 ? "" : "s",
                     l->st.in_c0 + p->first, l->st.in_c0 + p->first + p->n - 1);
        frame_tag(text(l, b, FRAME_FONT_SANS, l->ts, FRAME_ALIGN_LEFT, l->t->muted, buf), FRAME_EL_LABEL, 0, 0);
    }
}

/* ---- sum box and output maps ---- */

typedef struct { frame_font font; int size; frame_color color; char s[512]; } sum_line;

static int sum_lines(lay *l, sum_line *ln) {
    const conv_geom *g = l->g;
    const sched_state *st = &l->st;
    int n = 0, terms = 0, w = l->p.wbox - 2 * l->gap, mono = (l->ts * 23 + 10) / 20;
    char v[32];
    size_t k = 0;
    ln[n] = (sum_line){FRAME_FONT_SANS, l->ts, l->t->muted, ""};
    out_index(ln[n].s, sizeof ln[n].s, l, st->pos.filter, st->out);
    n++;
    ln[n] = (sum_line){FRAME_FONT_MONO, mono, l->t->text, ""};
    for (int c = 0; c < g->cpg; c++) {
        if (!chan_started(l, c)) continue;
        num(v, sizeof v, st->chan_sum[c], 4);
        if (k < sizeof ln[n].s) k += (size_t)snprintf(ln[n].s + k, sizeof ln[n].s - k, "%s%s", terms++ ? " + " : "", v);
    }
    num(v, sizeof v, st->sum, 4);
    if (terms > 1 && k < sizeof ln[n].s) snprintf(ln[n].s + k, sizeof ln[n].s - k, " = %s", v);
    /* the sum spelled out if it fits, else shorter ways to say it */
    for (int form = 0; terms > 1 && form < 3; form++) {
        if (measure(l, ln[n].font, imax(TEXT_MIN, mono * 3 / 4), ln[n].s) <= w) break;
        if (form == 0) snprintf(ln[n].s, sizeof ln[n].s, "sum of %d channels = %s", terms, v);
        else if (form == 1) snprintf(ln[n].s, sizeof ln[n].s, "%d channels: %s", terms, v);
        else snprintf(ln[n].s, sizeof ln[n].s, "= %s", v);
    }
    if (terms > 1 || (terms && st->complete)) n++;
    if (g->p.bias) {
        num(v, sizeof v, l->L->bias ? l->L->bias[st->pos.filter] : 0, 4);
        ln[n] = (sum_line){FRAME_FONT_MONO, mono, st->complete ? l->t->text : l->t->muted, ""};
        snprintf(ln[n++].s, sizeof ln[0].s, "+ bias %s", v);
    }
    if (st->complete) {
        num(v, sizeof v, st->pre, 4);
        ln[n] = (sum_line){FRAME_FONT_MONO, (l->ts * 19 + 5) / 10, l->t->accent, ""};
        snprintf(ln[n++].s, sizeof ln[0].s, "= %s", v);
        if (g->p.activation != CONV_ACT_NONE) {
            char y[32];
            num(y, sizeof y, st->value, 4);
            ln[n] = (sum_line){FRAME_FONT_MONO, mono, l->t->accent, ""};
            snprintf(ln[n++].s, sizeof ln[0].s, "%s(%s) = %s", conv_act_name(g->p.activation), v, y);
        }
    } else {
        num(v, sizeof v, st->sum, 4);
        ln[n] = (sum_line){FRAME_FONT_MONO, mono, l->t->accent, ""};
        snprintf(ln[n++].s, sizeof ln[0].s, "so far %s", v);
    }
    return n;
}

static int sum_box(lay *l, box *out) {
    sum_line ln[6];
    int n = sum_lines(l, ln), pad = l->gap, h = 2 * pad, first = 0, y, cy;
    plan *p = &l->p;
    box b;
    for (int i = 0; i < n; i++) h += line_h(ln[i].size);
    while (h > l->main.h && first < n - 1) h -= line_h(ln[first++].size);
    if (h > l->main.h) return 0;
    cy = p->y0 + (p->rpc * p->row_h - l->gap) / 2;
    y = iclamp(cy - h / 2, l->main.y, l->main.y + l->main.h - h);
    b = (box){p->x_b, y, p->wbox, h};
    frame_tag(rect(l, b, l->t->panel), FRAME_EL_PANEL, 0, 0);
    outline(l, b, l->t->border, 1, 0);
    y += pad;
    for (int i = first; i < n; i++) {
        box lb = {b.x + pad, y, b.w - 2 * pad, line_h(ln[i].size)};
        frame_tag(text(l, lb, ln[i].font, ln[i].size, FRAME_ALIGN_LEFT, ln[i].color, ln[i].s), FRAME_EL_PANEL, 0, 0);
        y += lb.h;
    }
    *out = b;
    return 1;
}

static box out_cell_box(const lay *l, int mrow, int y, int x) {
    const plan *p = &l->p;
    box b = {p->x_o + x * p->co, p->y0 + mrow * p->map_h + p->lab + y * p->co, p->co, p->co};
    return b;
}

static void output_map(lay *l, int mrow, int f) {
    const conv_geom *g = l->g;
    plan *p = &l->p;
    int oH = g->out_sp[1], oW = g->out_sp[2], co = p->co, z = l->st.out[0];
    int fs = iclamp(co * 2 / 5, 7, l->ts * 2), tk = thick_for(l, co) + 1;
    char buf[96];
    box lb = {p->x_o, p->y0 + mrow * p->map_h, l->main.x + l->main.w - p->x_o, p->lab}, gb;
    if (ndim(l) == 3) snprintf(buf, sizeof buf, "output channel %d (filter %d), depth %d", f, f, z);
    else snprintf(buf, sizeof buf, "output channel %d (filter %d)", f, f);
    frame_tag(text(l, lb, FRAME_FONT_SANS, l->ts, FRAME_ALIGN_LEFT, l->t->muted, buf), FRAME_EL_LABEL, f, 0);
    if (co < 1) return;
    for (int y = 0; y < oH; y++)
        for (int x = 0; x < oW; x++) {
            int64_t cell = ((int64_t)z * oH + y) * oW + x;
            sched_cellstate cs = sched_cell_state(g, l->v->gran, cur_step(l), f, cell);
            box cb = out_cell_box(l, mrow, y, x);
            double v = cs == SCHED_CURRENT ? (l->st.complete ? l->st.value : l->st.sum)
                                           : l->L->out[(int64_t)f * g->out_cells + cell];
            frame_color fill = cs == SCHED_EMPTY ? l->t->empty : theme_value_color(l->t, v, l->out_max);
            frame_tag(rect(l, cb, fill), FRAME_EL_OUTPUT_CELL, f, cell);
            if (cs != SCHED_EMPTY && co >= 14)
                cell_number(l, cb, v, fs, theme_text_on(l->t, fill), FRAME_EL_OUTPUT_CELL, f, cell);
        }
    gb = out_cell_box(l, mrow, 0, 0);
    gb.w = oW * co;
    gb.h = oH * co;
    grid_lines(l, gb, oH, oW, co);
    if (f == l->st.pos.filter) {
        int64_t cell = l->st.pos.cell;
        frame_tag(outline(l, out_cell_box(l, mrow, l->st.out[1], l->st.out[2]), l->t->accent, tk, 0),
            FRAME_EL_OUTPUT_CELL, f, cell);
    }
}

static void outputs(lay *l) {
    plan *p = &l->p;
    box sb = {0, 0, 0, 0};
    int has_box = p->show_box && sum_box(l, &sb);
    for (int i = 0; i < p->fn; i++) output_map(l, i, p->ffirst + i);
    if (p->fn >= 1 && p->fn < l->g->out_c) {
        char buf[96];
        box b = {p->x_o, p->y0 + p->fn * p->map_h, l->main.x + l->main.w - p->x_o, p->lab};
        snprintf(buf, sizeof buf, "... %d more filter%s", l->g->out_c - p->fn, l->g->out_c - p->fn == 1 ? "" : "s");
        frame_tag(text(l, b, FRAME_FONT_SANS, l->ts, FRAME_ALIGN_LEFT, l->t->muted, buf), FRAME_EL_LABEL, 0, 0);
    }
    if (has_box && p->co >= 1 && l->st.pos.filter >= p->ffirst && l->st.pos.filter < p->ffirst + p->fn) {
        int mrow = l->st.pos.filter - p->ffirst, ay = sb.y + sb.h / 2, tk = imax(1, (int)lround(2 * l->sc));
        box cb = out_cell_box(l, mrow, l->st.out[1], 0);
        int xs = p->x_s + (p->cols - 1) * p->colw; /* the last column's sums */
        if (sb.x - xs - p->wsum >= 6 && p->show_sum)
            line(l, xs + p->wsum + 2, ay, sb.x - xs - p->wsum - 5, 0, l->t->accent, tk, FRAME_ARROW);
        if (p->x_o - (sb.x + sb.w) > 8) {
            int x0 = sb.x + sb.w + 1, xm = (x0 + p->x_o) / 2, ty = cb.y + cb.h / 2;
            if (ty != ay) {
                line(l, x0, ay, xm - x0, 0, l->t->accent, tk, FRAME_LINE);
                line(l, xm, ay, 0, ty - ay, l->t->accent, tk, FRAME_LINE);
                x0 = xm;
            }
            line(l, x0, ty, p->x_o - 3 - x0, 0, l->t->accent, tk, FRAME_ARROW);
        }
    }
}

/* ---- hover ---- */

static void light_rf(lay *l) {
    const conv_geom *g = l->g;
    int f = l->v->hover_a, out[CONV_SP];
    int64_t cell = l->v->hover_b;
    int c0;
    if (f < 0 || f >= g->out_c || cell < 0 || cell >= g->out_cells || l->p.c < 1) return;
    c0 = conv_group_first_channel(g, f);
    conv_cell_coords(g, cell, out);
    for (int row = 0; row < l->p.n; row++) {
        int ch = l->st.in_c0 + l->p.first + row;
        if (ch < c0 || ch >= c0 + g->cpg) continue;
        for (int tap = 0; tap < g->kvol; tap++) {
            conv_tap t;
            conv_tap_at(g, out, tap, &t);
            if (t.at[0] != l->zsl || t.at[1] < 0 || t.at[1] >= l->grid[1] || t.at[2] < 0 || t.at[2] >= l->grid[2])
                continue;
            frame_tag(rect(l, in_cell_box(l, row, t.at[1], t.at[2]), l->t->accent_faint), FRAME_EL_INPUT_CELL, ch,
                in_index(l, t.at[0], t.at[1], t.at[2]));
        }
    }
}

static void light_feeds(lay *l) {
    const conv_geom *g = l->g;
    int ch = l->v->hover_a, pos[CONV_SP], src[CONV_SP], row = ch - l->st.in_c0 - l->p.first;
    int tk = thick_for(l, l->p.c) + 1;
    int64_t fed;
    unsigned char *lit;
    conv_tapkind k;
    if (ch < 0 || ch >= g->in_c || !grid_pos(l, l->v->hover_b, pos)) return;
    if (row >= 0 && row < l->p.n && pos[0] == l->zsl && l->p.c >= 1)
        outline(l, in_cell_box(l, row, pos[1], pos[2]), l->t->accent, tk, 0);
    k = classify(l, pos, src);
    if (k != CONV_TAP_DATA && k != CONV_TAP_COPY) return;
    if (k == CONV_TAP_COPY && row >= 0 && row < l->p.n && l->p.c >= 1 && src[0] + l->off[0] == l->zsl)
        outline(l, in_cell_box(l, row, src[1] + l->off[1], src[2] + l->off[2]), l->t->accent, tk, 1);
    if (l->p.co < 1 || !(lit = feeds(l, src, &fed))) return;
    for (int i = 0; i < l->p.fn; i++) {
        int f = l->p.ffirst + i, c0 = conv_group_first_channel(g, f), z = l->st.out[0];
        if (ch < c0 || ch >= c0 + g->cpg) continue;
        for (int y = 0; y < g->out_sp[1]; y++)
            for (int x = 0; x < g->out_sp[2]; x++) {
                int64_t cell = ((int64_t)z * g->out_sp[1] + y) * g->out_sp[2] + x;
                if (lit[cell]) frame_tag(rect(l, out_cell_box(l, i, y, x), l->t->accent_faint), FRAME_EL_OUTPUT_CELL, f, cell);
            }
    }
    free(lit);
}

/* ---- help overlay ---- */

static void help(lay *l) {
    static const char *const keys[][2] = {
        {"Space", "play / pause"}, {"Right / Left", "next / previous step"},
        {"Shift+Right / Left", "next / previous output cell"}, {"Ctrl+Right / Left", "next / previous filter"},
        {"Home / End", "first / last step"}, {"+ / -", "faster / slower"},
        {"1 / 2 / 3", "granularity: position, channel, mac"}, {"P", "projector mode (larger text)"},
        {"PageUp / PageDown", "previous / next layer"},
        {"T", "next theme"}, {"F11", "fullscreen"}, {"H / F1", "this help"},
        {"F2", "show / hide the parameter panel"}, {"Tab / Shift+Tab", "next / previous parameter"},
        {"Up / Down", "step the parameter; Enter types"},
        {"Ctrl+S / Ctrl+O", "save / open the scene"},
        {"E", "export GIF (Esc cancels)"}, {"Q / Esc", "quit"},
    };
    enum { N = sizeof keys / sizeof keys[0] };
    int m = l->margin, fs = (l->ts * 11 + 5) / 10, pad, w, h, kw;
    box b;
    while (fs > TEXT_MIN && (N + 1) * line_h(fs) + 2 * fs > l->f->height - 2 * m) fs--;
    pad = fs;
    w = imin(l->f->width - 2 * m, fs * 34);
    h = imin(l->f->height - 2 * m, (N + 1) * line_h(fs) + 2 * pad);
    if (w <= 2 * pad || h <= 2 * pad) return;
    b = (box){(l->f->width - w) / 2, (l->f->height - h) / 2, w, h};
    frame_tag(rect(l, b, l->t->panel), FRAME_EL_PANEL, 0, 0);
    outline(l, b, l->t->accent, imax(1, (int)lround(2 * l->sc)), 0);
    kw = (w - 2 * pad) * 2 / 5;
    frame_tag(text(l, (box){b.x + pad, b.y + pad, w - 2 * pad, line_h(fs)}, FRAME_FONT_SANS_BOLD, fs,
             FRAME_ALIGN_LEFT, l->t->text, "keys"), FRAME_EL_PANEL, 0, 0);
    for (int i = 0; i < N; i++) {
        int y = b.y + pad + (i + 1) * line_h(fs);
        if (y + line_h(fs) > b.y + b.h - pad / 2) break;
        frame_tag(text(l, (box){b.x + pad, y, kw - pad / 2, line_h(fs)}, FRAME_FONT_MONO, fs, FRAME_ALIGN_LEFT,
                 l->t->accent, keys[i][0]), FRAME_EL_PANEL, 0, 0);
        frame_tag(text(l, (box){b.x + pad + kw, y, w - 2 * pad - kw, line_h(fs)}, FRAME_FONT_SANS, fs,
                 FRAME_ALIGN_LEFT, l->t->text, keys[i][1]), FRAME_EL_PANEL, 0, 0);
    }
}

/* ---- the frame ---- */

void layout_view_init(layout_view *v) {
    memset(v, 0, sizeof *v);
    v->gran = SCHED_CHANNEL;
    v->theme = theme_get("light");
    v->scale = 1;
    v->speed = 4;
    v->hover_el = FRAME_EL_NONE;
    v->export_progress = -1;
}

static void regions(lay *l, int width, int height, box *head, box *cap, box *hint, box *band) {
    int m = l->margin, ts = l->ts, cap_lines = height >= 700 ? 3 : height >= 420 ? 2 : 1;
    int hh = line_h((ts * 14 + 5) / 10), top, bottom, pw = 0;
    *head = (box){m, m / 2, width - 2 * m, hh};
    top = head->y + hh + m / 2;
    line(l, m, top - 1, width - 2 * m - 1, 0, l->t->grid, 1, FRAME_LINE);
    *band = (box){m, height - m / 2 - imax(line_h(ts), 3 * imax(3, ts * 2 / 5)), width - 2 * m,
                  imax(line_h(ts), 3 * imax(3, ts * 2 / 5))};
    *hint = (box){m, band->y - line_h(ts), width - 2 * m, line_h(ts)};
    *cap = (box){m, hint->y - l->gap / 2 - cap_lines * line_h((ts * 11 + 5) / 10), width - 2 * m,
                 cap_lines * line_h((ts * 11 + 5) / 10)};
    bottom = cap->y - l->gap / 2;
    line(l, m, bottom, width - 2 * m - 1, 0, l->t->grid, 1, FRAME_LINE);
    if (l->v->editor && l->v->editor->open) pw = panel_width(width, ts);
    else if (width >= ts * 62) pw = iclamp(width * 22 / 100, ts * 16, ts * 30);
    l->main = (box){m, top + l->gap / 2, width - 2 * m - (pw ? pw + 2 * l->gap : 0), bottom - top - l->gap};
    l->panel = (box){width - m - pw, l->main.y, pw, l->main.h};
}

static int prepare(lay *l, const scene *s, const layout_view *v, errmsg *e) {
    const scene_layer *L = &s->layer[v->layer];
    const conv_geom *g = &L->g;
    int64_t step = v->step;
    l->s = s;
    l->L = L;
    l->g = g;
    l->in = scene_layer_input_data(s, v->layer);
    if (!l->in || !L->weight || !L->out) return errmsg_set(e, "layers[%d]: not computed", v->layer);
    l->nsteps = sched_count(g, v->gran);
    if (step >= l->nsteps) step = l->nsteps - 1;
    if (step < 0) step = 0;
    if (sched_state_init(&l->st, g, e)) return -1;
    sched_state_at(&l->st, g, v->gran, step, l->in, L->weight, L->bias);
    l->in_max = maxabs(l->in, (int64_t)g->in_c * g->in_cells);
    l->w_max = maxabs(L->weight, g->weight_count);
    l->p_max = l->in_max * l->w_max;
    l->out_max = maxabs(L->out, (int64_t)g->out_c * g->out_cells);
    setup_grid(l);
    return 0;
}

int layout_frame(frame *f, const scene *s, const layout_view *v, int width, int height, errmsg *e) {
    lay l;
    box head, cap, hint, band;
    memset(&l, 0, sizeof l);
    l.f = f;
    l.v = v;
    l.t = v->theme ? v->theme : theme_get("light");
    frame_clear(f, width, height, l.t->background);
    if (v->layer < 0 || v->layer >= s->nlayers)
        return errmsg_set(e, "layer: %d is out of range (the scene has %d)", v->layer, s->nlayers);
    if (width < 1 || height < 1) return 0;
    if (prepare(&l, s, v, e)) return -1;
    setup_sizes(&l, width, height);
    regions(&l, width, height, &head, &cap, &hint, &band);
    header(&l, head);
    if (l.main.h > 0 && l.main.w > 0) {
        plan_main(&l);
        channel_rows(&l);
        outputs(&l);
        if (v->hover_el == FRAME_EL_OUTPUT_CELL) light_rf(&l);
        else if (v->hover_el == FRAME_EL_INPUT_CELL) light_feeds(&l);
    }
    if (v->editor && v->editor->open && l.panel.w > 0) {
        panel_style ps = {l.t, l.ts, v->measure, v->measure_ctx};
        if (panel_frame(f, s, v->layer, v->editor, l.panel.x, l.panel.y, l.panel.w, l.panel.h, &ps, e)) {
            sched_state_free(&l.st);
            return -1;
        }
    } else {
        side_panel(&l);
    }
    footer(&l, cap, hint, band);
    if (v->show_help) help(&l);
    sched_state_free(&l.st);
    if (l.fail) return errmsg_set(e, "frame: out of memory");
    return 0;
}

int layout_hit(const frame *f, int x, int y, frame_element *el, int *a, int64_t *b) {
    for (size_t i = f->n; i-- > 0;) {
        const frame_cmd *c = &f->cmd[i];
        if (c->el == FRAME_EL_NONE || c->kind == FRAME_LINE || c->kind == FRAME_ARROW) continue;
        if (x < c->x || y < c->y || x >= c->x + c->w || y >= c->y + c->h) continue;
        if (el) *el = c->el;
        if (a) *a = c->a;
        if (b) *b = c->b;
        return 1;
    }
    return 0;
}

int64_t layout_timeline_step(const frame *f, const scene *s, const layout_view *v, int x) {
    int64_t n;
    if (v->layer < 0 || v->layer >= s->nlayers) return -1;
    n = sched_count(&s->layer[v->layer].g, v->gran);
    for (size_t i = 0; i < f->n; i++) {
        const frame_cmd *c = &f->cmd[i];
        int64_t step;
        if (c->el != FRAME_EL_TIMELINE) continue;
        if (n <= 1 || c->w <= 1) return 0;
        step = (int64_t)floor((double)(x - c->x) * (double)(n - 1) / (double)(c->w - 1) + 0.5);
        return step < 0 ? 0 : step >= n ? n - 1 : step;
    }
    return -1;
}
