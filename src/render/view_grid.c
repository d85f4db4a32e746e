/* view_grid: the computation as 2-D grids, left to right as it flows:
 *
 *   channel column: each input channel of the filter's group, padded, with
 *                   the kernel's window on it; beside the channel in play
 *                   its weights and products at the same cell size, then
 *                   "= partial sum"   (plan.h: all as rows, or a stage row
 *                   for the channel in play over a strip of small maps)
 *   sum box:        the partial sums adding up, bias, activation
 *   output maps:    one per filter, the current cell outlined
 *
 * Conv1d, conv3d and transposed layers are drawn with the same grids for
 * now: one depth slice, the zero-inserted input. */
#include "view.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define imin lay_imin
#define imax lay_imax
#define iclamp lay_iclamp
#define chan_current lay_chan_now
#define chan_started lay_chan_started
#define tap_now lay_tap_now
#define grid_text lay_grid_text
#define cell_number lay_cell_number
#define thick_for lay_thick
#define grid_lines lay_grid_lines

/* Where things go, from the plan. */
typedef struct {
    lay *l;
    plan_in in;
    plan_out p;
    int cur;                /* channel (in group) on the stage / in play; 0 at position granularity */
    int x_in, x_w, x_p, x_s, x_b, x_o;
    int y0;                 /* top of the channel column and the maps */
    int y_strip;            /* PLAN_STAGE: top of the strip */
    int strip_first;        /* PLAN_STAGE: first channel on the strip */
    int ffirst;             /* first output map drawn */
    int big;                /* text size of the partial sums */
    int d_in, d_w, d_p, d_out; /* decimals of inputs, weights, products and sums, outputs */
    /* Focus and context (an input too fine for numbers): the rows show a
     * magnifier, rows vr0.. and columns vq0.. of the padded grid around
     * the window, the output a neighbourhood of the current cell; the
     * whole grids are pictures beside them. Without focus the views are
     * the whole grids. */
    int focus;
    int vr0, vq0, vrows, vcols;
    int or0, oq0, orows, ocols;
    int ctx_w, octx_w;      /* widths of the input's and the output's picture columns */
    int wbox_full;          /* the sum box's width before the cap beside the rows */
    int x_ctx, x_octx;
} gv;

/* ---- geometry ---- */

static int row_y(const gv *G, int row) { return G->y0 + row * plan_row_h(&G->in, G->p.c); }

/* Cell (r, q) of the grid whose top-left cell is at (x, y). */
static box cell_at(int x, int y, int c, int r, int q) { return (box){x + q * c, y + r * c, c, c}; }

/* The channel column's row of channel cl; -1 if it has none (stage mode:
 * only the channel in play has a row). */
static int row_of(const gv *G, int cl) {
    if (G->p.mode == PLAN_ROWS) return cl;
    return cl == G->cur ? 0 : -1;
}

/* Top-left of the small map of channel cl on the strip; 0 if not drawn. */
static int strip_xy(const gv *G, int cl, int *x, int *y) {
    const plan_in *in = &G->in;
    int i = cl - G->strip_first, t = G->p.t;
    if (G->p.mode != PLAN_STAGE || i < 0 || i >= G->p.strip_n) return 0;
    *x = G->x_in + i % G->p.per_line * (in->grid_w * t + in->gap);
    *y = G->y_strip + in->lab + i / G->p.per_line * (in->lab + in->grid_h * t + in->gap) + in->lab;
    return 1;
}

/* Every place padded cell (r, q) of channel cl is drawn: its row and its
 * small map. Returns how many (0..2) with their boxes. */
static int input_places(const gv *G, int cl, int r, int q, box out[2]) {
    int n = 0, row = row_of(G, cl), x, y;
    if (r < G->vr0 || r >= G->vr0 + G->vrows || q < G->vq0 || q >= G->vq0 + G->vcols) return 0;
    if (row >= 0) out[n++] = cell_at(G->x_in, row_y(G, row) + G->in.lab, G->p.c, r - G->vr0, q - G->vq0);
    if (strip_xy(G, cl, &x, &y)) out[n++] = cell_at(x, y, G->p.t, r, q);
    return n;
}

/* ---- numbers ---- */



/* ---- the input grid ---- */


/* The taps' positions in the shown depth slice (flags over the grid). */
static int in_window(const lay *l, int r, int q) {
    if (r < l->win[0] || r > l->win[1] || q < l->win[2] || q > l->win[3]) return 0;
    for (int tap = 0; tap < l->g->kvol; tap++) {
        const conv_tap *t = &l->st.tap[tap];
        if (t->at[0] == l->zsl && t->at[1] == r && t->at[2] == q) return 1;
    }
    return 0;
}

static void tag_input(lay *l, frame_cmd *c, int ch, int cl, conv_tapkind k, int r, int q) {
    int pos[CONV_SP] = {l->zsl, r, q}, idx[FRAME_MAX_INDEX], n;
    if (!c) return;
    frame_tag(c, k == CONV_TAP_PAD || k == CONV_TAP_HOLE ? FRAME_EL_PAD_CELL : FRAME_EL_INPUT_CELL, ch,
              lay_in_index(l, l->zsl, r, q));
    n = lay_input_index(l, ch, pos, idx);
    frame_index(c, n, idx, chan_current(l, cl) && in_window(l, r, q));
}

/* The values a grid shows, for its number rule. */
static double *grid_values(const gv *G, int ch, int64_t *n) {
    lay *l = G->l;
    double *v = malloc(sizeof *v * (size_t)G->vrows * (size_t)G->vcols);
    *n = 0;
    if (!v) {
        l->fail = 1;
        return NULL;
    }
    for (int r = G->vr0; r < G->vr0 + G->vrows; r++)
        for (int q = G->vq0; q < G->vq0 + G->vcols; q++) {
            int pos[CONV_SP] = {l->zsl, r, q}, src[CONV_SP];
            conv_tapkind k = lay_classify(l, pos, src);
            v[(*n)++] = k == CONV_TAP_DATA || k == CONV_TAP_COPY ? lay_in_value(l, ch, src) : 0;
        }
    return v;
}

/* A grid of more cells than a frame can usefully hold is drawn as blocks
 * of step x step cells, each in its top-left cell's colour: a picture of
 * it, at a bounded cost in commands (and memory), until the magnifier of
 * big inputs comes. 1 for any grid a screen shows cell by cell. */
enum { GRID_MAX_CELLS = 1 << 18 };
static int sample_step(int64_t rows, int64_t cols) {
    int step = 1;
    while (((rows + step - 1) / step) * ((cols + step - 1) / step) > GRID_MAX_CELLS) step++;
    return step;
}

/* Cells (r, q) .. (r + n - 1, q + n - 1) of a grid, cut at its edge. */
static box block_at(int x, int y, int c, int r, int q, int n, int rows, int cols) {
    box b = cell_at(x, y, c, r, q);
    b.w = imin(n, cols - q) * c;
    b.h = imin(n, rows - r) * c;
    return b;
}

/* small: a map on the strip, whose numbers must not be specks */
static void input_grid(gv *G, int x, int y, int c, int ch, int cl, int small) {
    lay *l = G->l;
    int64_t nv = 0;
    int n = sample_step(G->vrows, G->vcols), r0 = G->vr0, q0 = G->vq0;
    /* a figure's strip maps are geometry: their digits would be specks */
    double *vals = c >= PLAN_NUMBERS && n == 1 && !(small && l->figure) ? grid_values(G, ch, &nv) : NULL;
    int d = G->d_in, fs = vals ? grid_text(l, vals, nv, c, &d) : 0;
    if (small && fs < imax(8, l->ts / 2)) fs = 0;
    box gb = {x, y, G->vcols * c, G->vrows * c};
    for (int r = r0; r < r0 + G->vrows; r += n)
        for (int q = q0; q < q0 + G->vcols; q += n) {
            int pos[CONV_SP] = {l->zsl, r, q}, src[CONV_SP];
            conv_tapkind k = lay_classify(l, pos, src);
            box cb = block_at(x, y, c, r - r0, q - q0, n, G->vrows, G->vcols);
            double v = 0;
            frame_color fill, ink;
            if (k == CONV_TAP_DATA || k == CONV_TAP_COPY) v = lay_in_value(l, ch, src);
            fill = theme_value_color(l->t, v, l->in_max);
            ink = l->t->text; /* only a number needs its ink worked out */
            if (k == CONV_TAP_PAD || k == CONV_TAP_HOLE) {
                fill = l->t->pad_fill;
                ink = l->t->pad_text;
            } else if (k == CONV_TAP_COPY) {
                fill = lay_fade(fill, l->t->pad_fill, 0.55);
                ink = l->t->copy_text;
            } else if (fs) {
                ink = theme_text_on(l->t, fill);
            }
            tag_input(l, lay_rect(l, cb, fill), ch, cl, k, r, q);
            if (k == CONV_TAP_PAD && c >= 10) tag_input(l, lay_emit(l, FRAME_HATCH, cb, l->t->pad_hatch, NULL), ch, cl, k, r, q);
            if (fs) tag_input(l, cell_number(l, cb, v, fs, d, ink), ch, cl, k, r, q);
        }
    grid_lines(l, gb, G->vrows, G->vcols, c);
    free(vals);
}

/* Bounding box of the window of output cell out[] on the grid at (x, y)
 * (taps in the shown depth slice only; all taps if any_depth). */
static int window_box(const lay *l, int x, int y, int c, const int out[CONV_SP], int any_depth, box *wb) {
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
    *wb = cell_at(x, y, c, r0, q0);
    wb->w = (q1 - q0 + 1) * c;
    wb->h = (r1 - r0 + 1) * c;
    return 1;
}

static int prev_cell(const lay *l, int out[CONV_SP]) {
    const sched_pos *p = &l->st.pos;
    if (p->cell > 0) conv_cell_coords(l->g, p->cell - 1, out);
    else if (p->filter > 0) conv_cell_coords(l->g, l->g->out_cells - 1, out);
    else return 0;
    return 1;
}

static int mac_now(const lay *l, int cl) {
    return l->v->gran == SCHED_MAC && l->st.pos.tap >= 0 && chan_current(l, cl);
}

static int tap_thick(const lay *l, int c) { return imax(thick_for(l, c) + 2, c / 7); }

static int tap_on_grid(const lay *l, const conv_tap *t) {
    return t->at[0] == l->zsl && t->at[1] >= 0 && t->at[1] < l->grid[1] && t->at[2] >= 0 && t->at[2] < l->grid[2];
}

/* b cut to clip (w = 0: no clip); 0 if nothing is left. */
static int cut_to(box *b, box clip) {
    int x0, y0, x1, y1;
    if (clip.w <= 0) return 1;
    x0 = imax(b->x, clip.x);
    y0 = imax(b->y, clip.y);
    x1 = imin(b->x + b->w, clip.x + clip.w);
    y1 = imin(b->y + b->h, clip.y + clip.h);
    if (x1 <= x0 || y1 <= y0) return 0;
    *b = (box){x0, y0, x1 - x0, y1 - y0};
    return 1;
}

static frame_cmd *outline_cut(lay *l, box b, box clip, frame_color c, int thick, int dashed) {
    return cut_to(&b, clip) ? lay_outline(l, b, c, thick, dashed) : NULL;
}

/* clip: the magnifier's part of the grid (w = 0: the whole grid is drawn) */
static void window(lay *l, int x, int y, int c, int cl, box clip) {
    const conv_geom *g = l->g;
    int tk = thick_for(l, c), cur = chan_current(l, cl), prev[CONV_SP], mac = mac_now(l, cl);
    box wb, pb;
    int has = window_box(l, x, y, c, l->st.out, 0, &wb);
    if (mac) tk = imax(1, tk / 2);
    if (prev_cell(l, prev) && window_box(l, x, y, c, prev, 1, &pb) && (!has || pb.x != wb.x || pb.y != wb.y))
        outline_cut(l, pb, clip, l->t->trace, imax(1, tk / 2 + (tk > 1)), 1);
    if (!has) return;
    if (g->p.dilation[1] == 1 && g->p.dilation[2] == 1) {
        frame_tag(outline_cut(l, wb, clip, l->t->accent, cur ? tk : imax(1, tk / 2), 0), FRAME_EL_WINDOW, cl, 0);
    } else {
        for (int tap = 0; tap < g->kvol; tap++) {
            const conv_tap *t = &l->st.tap[tap];
            if (!tap_on_grid(l, t)) continue;
            frame_tag(outline_cut(l, cell_at(x, y, c, t->at[1], t->at[2]), clip, l->t->accent, cur ? tk : 1, 0),
                      FRAME_EL_WINDOW, cl, tap);
        }
    }
    if (mac) {
        const conv_tap *t = &l->st.tap[l->st.pos.tap];
        if (tap_on_grid(l, t))
            outline_cut(l, cell_at(x, y, c, t->at[1], t->at[2]), clip, l->t->accent, tap_thick(l, c), 0);
    }
}

/* ---- weights and products ---- */

/* Screen cell of kernel tap (ky, kx). A transposed layer reads its window
 * with the kernel flipped (conv.h), so it is drawn flipped to line up. */
static box tap_box(const lay *l, box grid, int c, int ky, int kx) {
    if (l->g->p.kind == CONV_TRANSPOSE_2D) {
        ky = l->g->p.kernel[1] - 1 - ky;
        kx = l->g->p.kernel[2] - 1 - kx;
    }
    return (box){grid.x + kx * c, grid.y + ky * c, c, c};
}

static void kernel_grids(gv *G, int y, int c, int cl, int ch) {
    lay *l = G->l;
    const conv_geom *g = l->g;
    int kH = g->p.kernel[1], kW = g->p.kernel[2], cur = chan_current(l, cl), tk = thick_for(l, c);
    int nk = kH * kW, dw = G->d_w, dp = G->d_p, fw, fp, idx[FRAME_MAX_INDEX], n;
    box wg = {G->x_w, y, kW * c, kH * c}, pg = {G->x_p, y, kW * c, kH * c};
    double *wv = malloc(sizeof *wv * (size_t)nk * 2), *pv;
    if (!wv) {
        l->fail = 1;
        return;
    }
    pv = wv + nk;
    for (int i = 0, tap0 = l->kzs * nk; i < nk; i++) {
        size_t s = (size_t)cl * g->kvol + tap0 + i;
        wv[i] = l->st.w[s];
        pv[i] = l->st.done[s] ? l->st.x[s] * l->st.w[s] : 0;
    }
    fw = grid_text(l, wv, nk, c, &dw);
    fp = grid_text(l, pv, nk, c, &dp);
    for (int ky = 0; ky < kH; ky++)
        for (int kx = 0; kx < kW; kx++) {
            int tap = (l->kzs * kH + ky) * kW + kx, now = tap_now(l, cl, tap);
            size_t i = (size_t)cl * g->kvol + tap;
            box wc = tap_box(l, wg, c, ky, kx), pc = tap_box(l, pg, c, ky, kx);
            double w = l->st.w[i], prod = l->st.x[i] * w;
            frame_color fill = theme_value_color(l->t, w, l->w_max);
            frame_cmd *r;
            n = lay_weight_index(l, l->st.pos.filter, cl, tap, idx);
            frame_tag(r = lay_rect(l, wc, fill), FRAME_EL_WEIGHT_CELL, cl, tap);
            frame_index(r, n, idx, now);
            r = cell_number(l, wc, w, fw, dw, theme_text_on(l->t, fill));
            frame_tag(r, FRAME_EL_WEIGHT_CELL, cl, tap);
            frame_index(r, n, idx, now);
            n = lay_product_index(l, ch, tap, idx);
            if (!G->p.show_products) continue;
            if (l->st.done[i]) {
                fill = theme_value_color(l->t, prod, l->p_max);
                frame_tag(r = lay_rect(l, pc, fill), FRAME_EL_PRODUCT_CELL, cl, tap);
                frame_index(r, n, idx, now);
                r = cell_number(l, pc, prod, fp, dp, theme_text_on(l->t, fill));
                frame_tag(r, FRAME_EL_PRODUCT_CELL, cl, tap);
                frame_index(r, n, idx, now);
            } else {
                frame_tag(r = lay_rect(l, pc, l->t->empty), FRAME_EL_PRODUCT_CELL, cl, tap);
                frame_index(r, n, idx, now);
            }
        }
    free(wv);
    grid_lines(l, wg, kH, kW, c);
    if (G->p.show_products) grid_lines(l, pg, kH, kW, c);
    if (cur) lay_outline(l, wg, l->t->accent, tk, 0);
    if (mac_now(l, cl)) {
        int k[CONV_SP];
        conv_tap_coords(g, l->st.pos.tap, k);
        lay_outline(l, tap_box(l, wg, c, k[1], k[2]), l->t->accent, tap_thick(l, c), 0);
        if (G->p.show_products)
            frame_tag(lay_outline(l, tap_box(l, pg, c, k[1], k[2]), l->t->accent, tap_thick(l, c), 0),
                      FRAME_EL_PRODUCT_CELL, cl, l->st.pos.tap);
    }
}

/* ---- labels, by rule: the longest form that fits ---- */

static void pad_words(const lay *l, char *lng, size_t nl, char *sht, size_t ns) {
    const conv_geom *g = l->g;
    lng[0] = sht[0] = 0;
    if (g->p.kind == CONV_TRANSPOSE_2D) {
        snprintf(lng, nl, " (zeros inserted, stride %d)", g->p.stride[2]);
        snprintf(sht, ns, " (stride %d)", g->p.stride[2]);
    } else if (lay_all_eq(l, g->pad_lo, 0) && lay_all_eq(l, g->pad_hi, 0)) {
        return;
    } else if (lay_pads_symmetric(l) && lay_all_eq(l, g->pad_lo, g->pad_lo[2])) {
        snprintf(lng, nl, " (padding %d, %s)", g->pad_lo[2], conv_padmode_name(g->p.padding_mode));
        snprintf(sht, ns, " (pad %d)", g->pad_lo[2]);
    } else {
        snprintf(lng, nl, " (padding, %s)", conv_padmode_name(g->p.padding_mode));
        snprintf(sht, ns, " (padded)");
    }
}

static void label(lay *l, box b, frame_color c, int ch, const char *const *forms, int n) {
    frame_cmd *r = lay_pick(l, b, FRAME_FONT_SANS, l->ts, FRAME_ALIGN_LEFT, c, forms, n);
    frame_tag(r, FRAME_EL_LABEL, ch, 0);
}

static void row_labels(gv *G, int row, int cl, int ch) {
    lay *l = G->l;
    const conv_geom *g = l->g;
    char f0[160], f1[96], f2[64], f3[32], f4[16], pl[96], ps[32], dep[32] = "";
    int y = row_y(G, row), lab = G->in.lab;
    int end = G->p.show_kernel ? G->x_w : G->p.show_sum ? G->x_s : G->x_in + G->p.row_w;
    box lb = {G->x_in, y, end - G->x_in - l->gap / 2, lab};
    pad_words(l, pl, sizeof pl, ps, sizeof ps);
    if (lay_ndim(l) == 3) snprintf(dep, sizeof dep, ", depth %d", l->zsl - l->off[0]);
    char in0[96], in1[32];
    lay_in_channel(in0, sizeof in0, l, ch, 0);
    lay_in_channel(in1, sizeof in1, l, ch, 1);
    snprintf(f0, sizeof f0, "%s%s%s", in0, dep, pl);
    snprintf(f1, sizeof f1, "%s%s%s", in1, dep, ps);
    snprintf(f2, sizeof f2, "%s%s", in1, dep);
    snprintf(f3, sizeof f3, "ch %d", ch);
    snprintf(f4, sizeof f4, "%d", ch);
    label(l, lb, l->t->muted, ch, (const char *const[]){f0, f1, f2, f3, f4}, 5);
    if (G->p.show_kernel) {
        int f = l->st.pos.filter, kw = g->p.kernel[2] * plan_kernel_cell(&G->in, G->p.c);
        box wl = {G->x_w, y, kw + l->gap / 2, lab}, pl2 = {G->x_p, y, kw + l->gap / 2, lab};
        char w0[64], w1[48];
        if (g->p.kind == CONV_TRANSPOSE_2D) {
            snprintf(w0, sizeof w0, "w[%d][%d] flipped", ch, f % g->fpg);
            snprintf(w1, sizeof w1, "w[%d][%d]", ch, f % g->fpg);
        } else {
            snprintf(w0, sizeof w0, "weights w[%d][%d]", f, cl);
            snprintf(w1, sizeof w1, "w[%d][%d]", f, cl);
        }
        label(l, wl, l->t->muted, ch, (const char *const[]){w0, w1, "w"}, 3);
        if (G->p.show_products) label(l, pl2, l->t->muted, ch, (const char *const[]){"products", "prod", "x"}, 3);
    }
    if (G->p.show_sum && G->p.mode == PLAN_ROWS && row > 0) {
        box sl = {G->x_s, y, G->in.wsum, lab};
        frame_tag(lay_text(l, sl, FRAME_FONT_SANS, l->ts, FRAME_ALIGN_LEFT, l->t->muted, "+"), FRAME_EL_LABEL, ch, 0);
    }
}

static void partial_sum(gv *G, int y, int c, int cl) {
    lay *l = G->l;
    int gh = G->in.grid_h * c, cur = chan_current(l, cl), started = chan_started(l, cl);
    int bh = imin(gh, text_line_h(G->big)), idx[1] = {l->st.in_c0 + cl};
    char v[48], buf[64];
    box sb = {G->x_s, y, G->in.wsum, bh}, nb = {G->x_s, y + bh, G->in.wsum, text_line_h(l->ts * 9 / 10)};
    frame_cmd *r;
    if (!started && !cur) return;
    lay_fixed(v, sizeof v, l->st.chan_sum[cl], G->d_p);
    snprintf(buf, sizeof buf, "= %s", v);
    r = lay_text(l, sb, FRAME_FONT_MONO, G->big, FRAME_ALIGN_LEFT, cur ? l->t->accent : l->t->text, buf);
    frame_tag(r, FRAME_EL_PARTIAL_SUM, cl, 0);
    frame_index(r, 1, idx, cur);
    if (nb.y + nb.h <= y + gh)
        frame_tag(lay_text(l, nb, FRAME_FONT_SANS, l->ts * 9 / 10, FRAME_ALIGN_LEFT, cur ? l->t->accent : l->t->muted,
                           cur ? "now" : "summed"), FRAME_EL_LABEL, cl, 0);
}

static void channel_row(gv *G, int row, int cl) {
    lay *l = G->l;
    int ch = l->st.in_c0 + cl, y = row_y(G, row) + G->in.lab, c = G->p.c;
    row_labels(G, row, cl, ch);
    input_grid(G, G->x_in, y, c, ch, cl, 0);
    window(l, G->x_in - G->vq0 * c, y - G->vr0 * c, c, cl,
           G->focus ? (box){G->x_in, y, G->vcols * c, G->vrows * c} : (box){0, 0, 0, 0});
    if (G->p.show_kernel) kernel_grids(G, y, plan_kernel_cell(&G->in, c), cl, ch);
    if (G->p.show_sum) partial_sum(G, y, c, cl);
}

/* ---- the strip of small maps (PLAN_STAGE) ---- */

static void strip(gv *G) {
    lay *l = G->l;
    int n = G->p.strip_n, cpg = l->g->cpg, t = G->p.t, lab = G->in.lab;
    char f0[96], f1[64];
    box tb = {G->x_in, G->y_strip, G->p.row_w, lab};
    if (n == cpg) {
        snprintf(f0, sizeof f0, "all %d input channels, the window on each", cpg);
        snprintf(f1, sizeof f1, "all %d channels", cpg);
    } else {
        snprintf(f0, sizeof f0, "input channels %d-%d of %d", l->st.in_c0 + G->strip_first,
                 l->st.in_c0 + G->strip_first + n - 1, cpg);
        snprintf(f1, sizeof f1, "ch %d-%d of %d", l->st.in_c0 + G->strip_first, l->st.in_c0 + G->strip_first + n - 1,
                 cpg);
    }
    label(l, tb, l->t->muted, 0, (const char *const[]){f0, f1, ""}, 3);
    for (int i = 0; i < n; i++) {
        int cl = G->strip_first + i, ch = l->st.in_c0 + cl, x, y, now = chan_current(l, cl);
        char s0[96], s1[80], s2[16], v[48];
        box mb;
        if (!strip_xy(G, cl, &x, &y)) continue;
        mb = (box){x, y, l->grid[2] * t, l->grid[1] * t};
        if (chan_started(l, cl) || now) {
            lay_fixed(v, sizeof v, l->st.chan_sum[cl], G->d_p);
            snprintf(s0, sizeof s0, "ch %d = %s", ch, v);
            snprintf(s1, sizeof s1, "%d = %s", ch, v);
        } else {
            snprintf(s0, sizeof s0, "ch %d", ch);
            snprintf(s1, sizeof s1, "%d", ch);
        }
        snprintf(s2, sizeof s2, "%d", ch);
        /* the label may use half the gap to the next map, not more */
        label(l, (box){x, y - lab, imax(1, imin(mb.w + l->gap / 2, G->x_in + G->p.row_w - x)), lab},
              now ? l->t->accent : l->t->muted, ch,
              (const char *const[]){s0, s1, s2}, 3);
        input_grid(G, x, y, t, ch, cl, 1);
        window(l, x, y, t, cl, (box){0, 0, 0, 0});
        if (now) lay_outline(l, (box){mb.x - 2, mb.y - 2, mb.w + 4, mb.h + 4}, l->t->accent, 2, 0);
    }
}

/* ---- sum box and output maps ---- */

typedef struct { frame_font font; int size; frame_color color; char s[512]; } sum_line;

/* The running sum is the number the class watches: large, larger still
 * on a projector. */
static int sum_size(const lay *l) { return l->v->projector && !l->lean ? l->ts * 23 / 10 : (l->ts * 19 + 5) / 10; }

static int sum_lines(gv *G, sum_line *ln) {
    lay *l = G->l;
    const conv_geom *g = l->g;
    const sched_state *st = &l->st;
    int n = 0, terms = 0, w = G->in.wbox - 2 * l->gap, mono = (l->ts * 23 + 10) / 20, d = G->d_p;
    int big = sum_size(l);
    char v[48];
    size_t k = 0;
    ln[n] = (sum_line){FRAME_FONT_SANS, l->ts, l->t->muted, ""};
    lay_out_index(ln[n].s, sizeof ln[n].s, l, st->pos.filter, st->out);
    n++;
    ln[n] = (sum_line){FRAME_FONT_MONO, mono, l->t->text, ""};
    for (int c = 0; c < g->cpg; c++) {
        if (!chan_started(l, c)) continue;
        lay_fixed(v, sizeof v, st->chan_sum[c], d);
        if (k < sizeof ln[n].s) k += (size_t)snprintf(ln[n].s + k, sizeof ln[n].s - k, "%s%s", terms++ ? " + " : "", v);
    }
    lay_fixed(v, sizeof v, st->sum, d);
    if (terms > 1 && k < sizeof ln[n].s) snprintf(ln[n].s + k, sizeof ln[n].s - k, " = %s", v);
    /* the sum spelled out if it fits, else shorter ways to say it */
    for (int form = 0; terms > 1 && form < 3; form++) {
        if (lay_measure(l, ln[n].font, imax(TEXT_MIN, mono * 3 / 4), ln[n].s) <= w) break;
        if (form == 0) snprintf(ln[n].s, sizeof ln[n].s, "sum of %d channels = %s", terms, v);
        else if (form == 1) snprintf(ln[n].s, sizeof ln[n].s, "%d channels: %s", terms, v);
        else snprintf(ln[n].s, sizeof ln[n].s, "= %s", v);
    }
    if (terms > 1 || (terms && st->complete)) n++;
    if (g->p.bias) {
        double b = l->L->bias ? l->L->bias[st->pos.filter] : 0;
        lay_fixed(v, sizeof v, b, imax(d, lay_decimals(&b, 1, 3)));
        ln[n] = (sum_line){FRAME_FONT_MONO, mono, st->complete ? l->t->text : l->t->muted, ""};
        snprintf(ln[n++].s, sizeof ln[0].s, "+ bias %s", v);
    }
    if (st->complete) {
        double pre = st->pre;
        lay_fixed(v, sizeof v, pre, imax(d, g->p.bias ? lay_decimals(&pre, 1, 3) : 0));
        ln[n] = (sum_line){FRAME_FONT_MONO, big, l->t->accent, ""};
        snprintf(ln[n++].s, sizeof ln[0].s, "= %s", v);
        if (g->p.activation != CONV_ACT_NONE) {
            char y[48];
            lay_fixed(y, sizeof y, st->value, imax(G->d_out, 1));
            ln[n] = (sum_line){FRAME_FONT_MONO, mono, l->t->accent, ""};
            snprintf(ln[n++].s, sizeof ln[0].s, "%s(%s) = %s", conv_act_name(g->p.activation), v, y);
        }
    } else {
        lay_fixed(v, sizeof v, st->sum, d);
        ln[n] = (sum_line){FRAME_FONT_MONO, big, l->t->accent, ""};
        snprintf(ln[n++].s, sizeof ln[0].s, "so far %s", v);
    }
    return n;
}

/* Vertical centre of what the sum box sums: the row in play. */
static int play_centre(const gv *G) {
    int c = G->p.c, gh = G->in.grid_h * c;
    if (G->p.mode == PLAN_STAGE || G->l->st.pos.chan < 0)
        return G->p.mode == PLAN_STAGE ? row_y(G, 0) + G->in.lab + gh / 2 : G->y0 + G->p.col_h / 2;
    return row_y(G, G->l->st.pos.chan) + G->in.lab + gh / 2;
}

static int sum_box(gv *G, box *out) {
    lay *l = G->l;
    sum_line ln[6];
    int n = sum_lines(G, ln), pad = l->gap, h = 2 * pad, first = 0, y;
    box b;
    for (int i = 0; i < n; i++) h += text_line_h(ln[i].size);
    while (h > l->main.h && first < n - 1) h -= text_line_h(ln[first++].size);
    if (h > l->main.h) return 0;
    y = iclamp(play_centre(G) - h / 2, l->main.y, l->main.y + l->main.h - h);
    if (G->in.box_under) y = iclamp(G->y0 + G->p.col_h + l->gap, l->main.y, l->main.y + l->main.h - h);
    b = (box){G->x_b, y, G->in.wbox, h};
    frame_tag(lay_rect(l, b, l->t->panel), FRAME_EL_SUM, 0, 0);
    lay_outline(l, b, l->t->border, 1, 0);
    y += pad;
    for (int i = first; i < n; i++) {
        box lb = {b.x + pad, y, b.w - 2 * pad, text_line_h(ln[i].size)};
        frame_cmd *r = lay_text(l, lb, ln[i].font, ln[i].size, FRAME_ALIGN_LEFT, ln[i].color, ln[i].s);
        frame_tag(r, i == 0 ? FRAME_EL_LABEL : FRAME_EL_SUM, 0, 0);
        if (i > 0) frame_index(r, 0, NULL, 1);
        y += lb.h;
    }
    *out = b;
    return 1;
}

static int map_h(const gv *G) { return G->in.lab + G->in.out_h * G->p.co + G->in.gap; }

static box out_cell_box(const gv *G, int mrow, int y, int x) {
    int co = G->p.co;
    y -= G->or0;
    x -= G->oq0;
    return (box){G->x_o + x * co, G->y0 + mrow * map_h(G) + G->in.lab + y * co, co, co};
}

static int out_in_view(const gv *G, int y, int x) {
    return y >= G->or0 && y < G->or0 + G->orows && x >= G->oq0 && x < G->oq0 + G->ocols;
}

static void output_map(gv *G, int mrow, int f) {
    lay *l = G->l;
    const conv_geom *g = l->g;
    int oH = g->out_sp[1], oW = g->out_sp[2], co = G->p.co, z = l->st.out[0], tk = thick_for(l, co) + 1;
    int d = G->d_out, fs;
    char f0[96], f1[64], f2[32], f3[16], dep[24] = "";
    box lb = {G->x_o, G->y0 + mrow * map_h(G), l->main.x + l->main.w - G->x_o, G->in.lab}, gb;
    if (G->focus) lb.w = imax(G->octx_w, l->main.x + l->main.w - G->x_o);
    int y0 = G->or0, x0 = G->oq0, y1 = y0 + G->orows, x1 = x0 + G->ocols, nv = 0;
    int step = sample_step(G->orows, G->ocols);
    double *vals = malloc(sizeof *vals * (step == 1 ? (size_t)G->orows * (size_t)G->ocols : 1));
    if (lay_ndim(l) == 3) snprintf(dep, sizeof dep, ", depth %d", z);
    snprintf(f0, sizeof f0, "output channel %d (filter %d)%s", f, f, dep);
    snprintf(f1, sizeof f1, "out ch %d%s", f, dep);
    snprintf(f2, sizeof f2, "out %d", f);
    snprintf(f3, sizeof f3, "%d", f);
    label(l, lb, l->t->muted, f, (const char *const[]){f0, f1, f2, f3}, 4);
    if (co < 1 || !vals) {
        if (!vals) l->fail = 1;
        free(vals);
        return;
    }
    for (int y = y0; y < y1 && step == 1; y++)
        for (int x = x0; x < x1; x++) {
            int64_t cell = ((int64_t)z * oH + y) * oW + x;
            vals[nv++] = l->L->out[(int64_t)f * g->out_cells + cell];
        }
    fs = step == 1 ? grid_text(l, vals, nv, co, &d) : 0;
    free(vals);
    for (int y = y0; y < y1; y += step)
        for (int x = x0; x < x1; x += step) {
            int64_t cell = ((int64_t)z * oH + y) * oW + x;
            sched_cellstate cs = sched_cell_state(g, l->v->gran, l->st.step, f, cell);
            box cb = out_cell_box(G, mrow, y, x);
            double v;
            cb.w = imin(step, x1 - x) * co; /* a block of cells where the map is sampled */
            cb.h = imin(step, y1 - y) * co;
            v = cs == SCHED_CURRENT ? (l->st.complete ? l->st.value : l->st.sum)
                                           : l->L->out[(int64_t)f * g->out_cells + cell];
            frame_color fill = cs == SCHED_EMPTY ? l->t->empty : theme_value_color(l->t, v, l->out_max);
            lay_output_cell(l, cb, f, cell, fill, cs == SCHED_EMPTY ? NULL : &v, fs,
                            cs == SCHED_CURRENT ? imax(d, G->d_p) : d, cs == SCHED_CURRENT);
        }
    gb = out_cell_box(G, mrow, y0, x0);
    gb.w = G->ocols * co;
    gb.h = G->orows * co;
    grid_lines(l, gb, G->orows, G->ocols, co);
    if (f == l->st.pos.filter)
        frame_tag(lay_outline(l, out_cell_box(G, mrow, l->st.out[1], l->st.out[2]), l->t->accent, tk, 0),
                  FRAME_EL_OUTPUT_CELL, f, l->st.pos.cell);
}

static void outputs(gv *G) {
    lay *l = G->l;
    box sb = {0, 0, 0, 0};
    int has_box = G->p.show_box && sum_box(G, &sb), fn = G->p.fn;
    for (int i = 0; i < fn; i++) output_map(G, i, G->ffirst + i);
    if (fn >= 1 && fn < G->in.maps && !G->focus) { /* grouped: the other groups' filters are on the map of groups */
        char f0[96], f1[48];
        box b = {G->x_o, G->y0 + fn * map_h(G), l->main.x + l->main.w - G->x_o, G->in.lab};
        snprintf(f0, sizeof f0, "filters %d-%d of %d shown", G->ffirst, G->ffirst + fn - 1, l->g->out_c);
        snprintf(f1, sizeof f1, "%d-%d of %d", G->ffirst, G->ffirst + fn - 1, l->g->out_c);
        label(l, b, l->t->muted, 0, (const char *const[]){f0, f1}, 2);
    }
    if (has_box && G->p.co >= 1 && l->st.pos.filter >= G->ffirst && l->st.pos.filter < G->ffirst + fn) {
        int mrow = l->st.pos.filter - G->ffirst, ay = sb.y + sb.h / 2, tk = imax(1, (int)lround(2 * l->sc));
        box cb = out_cell_box(G, mrow, l->st.out[1], 0);
        int xs = G->x_s, ws = G->in.wsum;
        if (sb.x - xs - ws >= 6 && G->p.show_sum)
            lay_line(l, xs + ws + 2, ay, sb.x - xs - ws - 5, 0, l->t->accent, tk, FRAME_ARROW);
        if (G->x_o - (sb.x + sb.w) > 8) {
            int x0 = sb.x + sb.w + 1, xm = (x0 + G->x_o) / 2, ty = cb.y + cb.h / 2;
            if (ty != ay) {
                lay_line(l, x0, ay, xm - x0, 0, l->t->accent, tk, FRAME_LINE);
                lay_line(l, xm, ay, 0, ty - ay, l->t->accent, tk, FRAME_LINE);
                x0 = xm;
            }
            lay_line(l, x0, ty, G->x_o - 3 - x0, 0, l->t->accent, tk, FRAME_ARROW);
        }
    }
}

/* ---- hover ---- */

static void light_rf(gv *G) {
    lay *l = G->l;
    const conv_geom *g = l->g;
    int out[CONV_SP], c0;
    if (!lay_hovered_output(l, out, &c0)) return;
    for (int cl = 0; cl < g->cpg; cl++) {
        int ch = l->st.in_c0 + cl;
        if (ch < c0 || ch >= c0 + g->cpg) continue;
        for (int tap = 0; tap < g->kvol; tap++) {
            conv_tap t;
            box bx[2];
            conv_tap_at(g, out, tap, &t);
            if (!tap_on_grid(l, &t)) continue;
            for (int k = 0, n = input_places(G, cl, t.at[1], t.at[2], bx); k < n; k++)
                frame_tag(lay_rect(l, bx[k], l->t->accent_faint), FRAME_EL_INPUT_CELL, ch,
                          lay_in_index(l, t.at[0], t.at[1], t.at[2]));
        }
    }
}

static void light_feeds(gv *G) {
    lay *l = G->l;
    const conv_geom *g = l->g;
    int ch = l->v->hover_a, pos[CONV_SP], src[CONV_SP], cl = ch - l->st.in_c0, tk = thick_for(l, G->p.c) + 1;
    int64_t fed;
    unsigned char *lit;
    conv_tapkind k;
    box bx[2];
    if (ch < 0 || ch >= g->in_c || !lay_grid_pos(l, l->v->hover_b, pos)) return;
    if (cl >= 0 && cl < g->cpg && pos[0] == l->zsl)
        for (int i = 0, n = input_places(G, cl, pos[1], pos[2], bx); i < n; i++)
            lay_outline(l, bx[i], l->t->accent, tk, 0);
    k = lay_classify(l, pos, src);
    if (k != CONV_TAP_DATA && k != CONV_TAP_COPY) return;
    if (k == CONV_TAP_COPY && cl >= 0 && cl < g->cpg && src[0] + l->off[0] == l->zsl)
        for (int i = 0, n = input_places(G, cl, src[1] + l->off[1], src[2] + l->off[2], bx); i < n; i++)
            lay_outline(l, bx[i], l->t->accent, tk, 1);
    if (G->p.co < 1 || !(lit = lay_feeds(l, src, &fed))) return;
    for (int i = 0; i < G->p.fn; i++) {
        int f = G->ffirst + i, c0 = conv_group_first_channel(g, f), z = l->st.out[0];
        if (ch < c0 || ch >= c0 + g->cpg) continue;
        for (int y = 0; y < g->out_sp[1]; y++)
            for (int x = 0; x < g->out_sp[2]; x++) {
                int64_t cell = ((int64_t)z * g->out_sp[1] + y) * g->out_sp[2] + x;
                if (lit[cell] && out_in_view(G, y, x)) frame_tag(lay_rect(l, out_cell_box(G, i, y, x), l->t->accent_faint), FRAME_EL_OUTPUT_CELL, f, cell);
            }
    }
    free(lit);
}

/* ---- focus and context: the whole grids as pictures ---- */

/* Screen box of grid cells r0..r1, q0..q1 on a picture of a rows x cols
 * grid drawn in pb. */
static box pic_cells(box pb, int rows, int cols, int r0, int r1, int q0, int q1) {
    int x0 = pb.x + (int)((int64_t)q0 * pb.w / cols), x1 = pb.x + (int)((int64_t)(q1 + 1) * pb.w / cols);
    int y0 = pb.y + (int)((int64_t)r0 * pb.h / rows), y1 = pb.y + (int)((int64_t)(r1 + 1) * pb.h / rows);
    return (box){x0, y0, imax(1, x1 - x0), imax(1, y1 - y0)};
}

/* An image of w x h on screen: its pixels (at most one a screen pixel). */
static frame_cmd *picture(lay *l, box b, int in, int ch, pic_mode m, int gray) {
    int pw = imin(b.w, in ? l->grid[2] : l->g->out_sp[2]), ph = imin(b.h, in ? l->grid[1] : l->g->out_sp[1]);
    unsigned char *px = malloc((size_t)pw * ph * 3);
    frame_cmd *r = NULL;
    if (!px) {
        l->fail = 1;
        return NULL;
    }
    if (in) pic_input(l, m, ch, pw, ph, px);
    else pic_output(l, ch, gray, pw, ph, px);
    if (!(r = frame_image(l->f, b.x, b.y, b.w, b.h, pw, ph, px))) l->fail = 1;
    free(px);
    return r;
}

/* Small maps of n grids (rows x cols each) in box b: the largest that fit
 * all, per line, with a label line each where they are large enough. */
typedef struct { int w, h, per, lab, gap; } map_grid;

static map_grid maps_in(const lay *l, box b, int n, int rows, int cols) {
    map_grid mg = {0, 0, 1, 0, imax(2, l->gap / 2)};
    for (int w = imin(b.w, cols * 4); w >= 4; w--) {
        int h = imax(1, (int)((int64_t)w * rows / cols)), per = imax(1, (b.w + mg.gap) / (w + mg.gap));
        int lab = w >= l->ts * 3 ? text_line_h(imax(TEXT_MIN, l->ts * 4 / 5)) : 0;
        int lines = (n + per - 1) / per;
        if (per * (w + mg.gap) - mg.gap <= b.w && lines * (h + lab + mg.gap) <= b.h) return (map_grid){w, h, per, lab, mg.gap};
    }
    return (map_grid){imin(b.w, 3), imin(b.w, 3), imax(1, (b.w + 1) / 4), 0, 1};
}

static box map_box(box b, const map_grid *mg, int i) {
    return (box){b.x + i % mg->per * (mg->w + mg->gap), b.y + i / mg->per * (mg->h + mg->lab + mg->gap) + mg->lab, mg->w,
                 mg->h};
}

static void map_label(lay *l, box mb, const map_grid *mg, int now, const char *lng, const char *sht) {
    if (!mg->lab) return;
    frame_tag(lay_pick(l, (box){mb.x, mb.y - mg->lab, mb.w, mg->lab}, FRAME_FONT_SANS, imax(TEXT_MIN, l->ts * 4 / 5),
                       FRAME_ALIGN_LEFT, now ? l->t->accent : l->t->muted, (const char *const[]){lng, sht}, 2),
              FRAME_EL_LABEL, 0, 0);
}

static void mark_window(lay *l, box pb, int rows, int cols, int thick) {
    if (l->win[1] < 0) return;
    frame_tag(lay_outline(l, pic_cells(pb, rows, cols, l->win[0], l->win[1], l->win[2], l->win[3]), l->t->accent,
                          thick, 0), FRAME_EL_WINDOW, 0, 0);
}

static void input_context(gv *G) {
    lay *l = G->l;
    const conv_geom *g = l->g;
    pic_mode m = pic_input_mode(l);
    int rows = l->grid[1], cols = l->grid[2], pw, ph, lab = G->in.lab, y = l->main.y, cpg = g->cpg;
    int ch = l->st.in_c0 + G->cur, idx[1];
    char f0[160], f1[64], shape[48];
    box pb, mb;
    frame_cmd *r;
    lay_shape(shape, sizeof shape, l, g->in_c, g->in_sp);
    pic_fit(rows, cols, G->ctx_w, imax(1, l->main.h / (cpg > 1 ? 2 : 1) - 2 * lab), &pw, &ph);
    if (m == PIC_VALUE && g->in_c > 1) {
        char in0[96];
        lay_in_channel(in0, sizeof in0, l, ch, 0);
        snprintf(f0, sizeof f0, "%s of %s", in0, shape);
        lay_in_channel(f1, sizeof f1, l, ch, 1);
    } else {
        char in0[96];
        lay_in_channel(in0, sizeof in0, l, -1, 0);
        snprintf(f0, sizeof f0, "%s %s%s", in0, shape, m == PIC_RGB ? " (RGB)" : "");
        lay_in_channel(f1, sizeof f1, l, -1, 1);
    }
    label(l, (box){G->x_ctx, y, G->ctx_w, lab}, l->t->muted, 0, (const char *const[]){f0, f1}, 2);
    pb = (box){G->x_ctx, y + lab, pw, ph};
    r = picture(l, pb, 1, m == PIC_RGB ? 0 : ch, m, 0);
    frame_tag(r, FRAME_EL_PICTURE, 0, (int64_t)rows << 32 | (uint32_t)cols);
    lay_outline(l, pic_cells(pb, rows, cols, G->vr0, G->vr0 + G->vrows - 1, G->vq0, G->vq0 + G->vcols - 1),
                l->t->text, 1, 1);
    mark_window(l, pb, rows, cols, imax(1, (int)lround(2 * l->sc)));
    y = pb.y + ph + l->gap;
    if (cpg < 2 || y + 2 * lab + 4 > l->main.y + l->main.h) return;
    {
        char c0[96], c1[48];
        snprintf(c0, sizeof c0, "all %d input channels", cpg);
        snprintf(c1, sizeof c1, "%d channels", cpg);
        label(l, (box){G->x_ctx, y, G->ctx_w, lab}, l->t->muted, 0, (const char *const[]){c0, c1}, 2);
    }
    mb = (box){G->x_ctx, y + lab, G->ctx_w, l->main.y + l->main.h - y - lab};
    map_grid mg = maps_in(l, mb, cpg, rows, cols);
    for (int cl = 0; cl < cpg; cl++) {
        int c = l->st.in_c0 + cl, now = chan_current(l, cl);
        box b = map_box(mb, &mg, cl);
        char s0[32], s1[16];
        if (b.y + b.h > l->main.y + l->main.h) break;
        snprintf(s0, sizeof s0, "ch %d", c);
        snprintf(s1, sizeof s1, "%d", c);
        map_label(l, b, &mg, now, s0, s1);
        idx[0] = c;
        r = picture(l, b, 1, c, m == PIC_VALUE ? PIC_VALUE : PIC_GRAY, 0);
        frame_tag(r, FRAME_EL_CHANNEL_MAP, c, 0);
        frame_index(r, 1, idx, now);
        if (b.w >= 16) mark_window(l, b, rows, cols, 1);
        if (now && !(l->v->gran == SCHED_POSITION))
            lay_outline(l, (box){b.x - 2, b.y - 2, b.w + 4, b.h + 4}, l->t->accent, 2, 0);
    }
}

static void output_context(gv *G) {
    lay *l = G->l;
    const conv_geom *g = l->g;
    int rows = g->out_sp[1], cols = g->out_sp[2], pw, ph, lab = G->in.lab, y = G->y0 + map_h(G), f = l->st.pos.filter;
    int idx[1], w = imax(G->octx_w, imin(l->main.x + l->main.w - G->x_octx, G->ctx_w));
    char f0[128], f1[64], f2[32];
    box pb, mb;
    frame_cmd *r;
    int bottom = l->main.y + l->main.h, hmax = (bottom - y - lab) / (g->out_c > 1 ? 2 : 1);
    if (hmax < 8 || w < 8) return; /* no room under the magnifier */
    pic_fit(rows, cols, w, hmax, &pw, &ph);
    snprintf(f0, sizeof f0, "the whole map, %dx%d%s", rows, cols, l->v->gray ? " (gray)" : "");
    snprintf(f1, sizeof f1, "out ch %d", f);
    snprintf(f2, sizeof f2, "%d", f);
    label(l, (box){G->x_octx, y, w, lab}, l->t->muted, f, (const char *const[]){f0, f1, f2}, 3);
    pb = (box){G->x_octx, y + lab, pw, ph};
    r = picture(l, pb, 0, f, PIC_VALUE, l->v->gray);
    frame_tag(r, FRAME_EL_PICTURE, 1, (int64_t)rows << 32 | (uint32_t)cols);
    lay_outline(l, pic_cells(pb, rows, cols, G->or0, G->or0 + G->orows - 1, G->oq0, G->oq0 + G->ocols - 1),
                l->t->text, 1, 1);
    lay_outline(l, pic_cells(pb, rows, cols, l->st.out[1], l->st.out[1], l->st.out[2], l->st.out[2]), l->t->accent,
                imax(1, (int)lround(2 * l->sc)), 0);
    y = pb.y + ph + l->gap;
    if (g->out_c < 2 || y + 2 * lab + 4 > bottom) return;
    {
        char c0[96], c1[48];
        snprintf(c0, sizeof c0, "all %d filters' output maps", g->out_c);
        snprintf(c1, sizeof c1, "%d filters", g->out_c);
        label(l, (box){G->x_octx, y, w, lab}, l->t->muted, 0, (const char *const[]){c0, c1}, 2);
    }
    mb = (box){G->x_octx, y + lab, imax(1, l->main.x + l->main.w - G->x_octx), l->main.y + l->main.h - y - lab};
    map_grid mg = maps_in(l, mb, g->out_c, rows, cols);
    for (int k = 0; k < g->out_c; k++) {
        box b = map_box(mb, &mg, k);
        char s0[32], s1[16];
        if (b.y + b.h > l->main.y + l->main.h) break;
        snprintf(s0, sizeof s0, "out %d", k);
        snprintf(s1, sizeof s1, "%d", k);
        map_label(l, b, &mg, k == f, s0, s1);
        idx[0] = k;
        r = picture(l, b, 0, k, PIC_VALUE, l->v->gray);
        frame_tag(r, FRAME_EL_FILTER_MAP, k, 0);
        frame_index(r, 1, idx, k == f);
        if (k == f) lay_outline(l, (box){b.x - 2, b.y - 2, b.w + 4, b.h + 4}, l->t->accent, 2, 0);
    }
}

/* ---- the plan ---- */

/* Decimals of each kind of number, from every value the layer has
 * (layout.c counts them once a frame). */
static void decimals(gv *G) {
    lay *l = G->l;
    G->d_in = l->d_in;
    G->d_w = l->d_w;
    G->d_p = imin(3, G->d_in + G->d_w);
    G->d_out = imin(3, imax(G->d_p, l->d_out));
}

/* Without focus the views are the whole grids. */
static void whole_views(gv *G) {
    const lay *l = G->l;
    G->focus = 0;
    G->vr0 = G->vq0 = G->or0 = G->oq0 = 0;
    G->vrows = l->grid[1];
    G->vcols = l->grid[2];
    G->orows = l->g->out_sp[1];
    G->ocols = l->g->out_sp[2];
    G->ctx_w = G->octx_w = 0;
}

static void run_plan(gv *G) {
    plan_in *in = &G->in;
    if (plan_grid(in, &G->p) && (in->c_floor || in->co_floor)) {
        in->c_floor = in->co_floor = 0; /* floors that cannot be kept are no floors */
        plan_grid(in, &G->p);
    }
}

/* Focus and context for an input whose cells cannot hold numbers: the
 * window and m cells around it (m = 2, or 1 where 2 would leave the
 * numbers small) drawn large in the rows, the output's neighbourhood of
 * the current cell likewise; the whole input and output as pictures in
 * columns of their own. Rows for every channel where they fit at twice
 * the smallest cell for numbers, else one row: the channel in play. */
static void focus_views(gv *G, int m) {
    lay *l = G->l;
    const conv_geom *g = l->g;
    int ext_h = g->p.dilation[1] * (g->p.kernel[1] - 1) + 1, ext_w = g->p.dilation[2] * (g->p.kernel[2] - 1) + 1;
    int r0 = l->win[1] >= 0 ? l->win[0] : 0, q0 = l->win[3] >= 0 ? l->win[2] : 0;
    G->vrows = imin(l->grid[1], ext_h + 2 * m);
    G->vcols = imin(l->grid[2], ext_w + 2 * m);
    G->vr0 = iclamp(r0 - m, 0, l->grid[1] - G->vrows);
    G->vq0 = iclamp(q0 - m, 0, l->grid[2] - G->vcols);
    /* the output's neighbourhood: 3x3, so its cells can be large */
    G->orows = imin(g->out_sp[1], 3);
    G->ocols = imin(g->out_sp[2], 3);
    G->or0 = iclamp(l->st.out[1] - 1, 0, g->out_sp[1] - G->orows);
    G->oq0 = iclamp(l->st.out[2] - 1, 0, g->out_sp[2] - G->ocols);
}

/* An output cell whose number, -0.705 at its widest, is set at 14 px or
 * more (lay_grid_text: a mono digit is 0.6 of the size, a tenth of the
 * cell is margin). */
enum { CO_READABLE = PLAN_READABLE * 3 / 2 };

/* The output's cell once the room the plan left over goes to it (its
 * picture goes under its magnifier): up to half the main area's height
 * for the 3x3, never past the window's in projector mode. */
static int grown_co(const gv *G) {
    const lay *l = G->l;
    int spare = G->in.w - G->p.width, cap = imin(l->cmax * 3 / 2, (l->main.h / 2 - G->in.lab) / imax(1, G->orows));
    int co = imax(G->p.co, imin(cap, G->p.co + spare / imax(1, G->ocols)));
    if (l->co_floor > 0 && co > l->co_floor) co = l->co_floor; /* projector: the window's, so its numbers read alike */
    return co;
}

/* co_big: the output cell in play large enough for a number like -0.705
 * at 14 px, with room to spare */
static int focus_plan(gv *G, int m, int w0, int co_big) {
    lay *l = G->l;
    plan_in *in = &G->in;
    int floor_c = in->c_floor, floor_co = co_big ? imax(in->co_floor, PLAN_READABLE * 7 / 4) : in->co_floor, pw, ph;
    focus_views(G, m);
    G->focus = 1;
    pic_fit(l->grid[1], l->grid[2], l->main.w / 5, l->main.h / (l->g->cpg > 1 ? 2 : 1) - 2 * in->lab, &pw, &ph);
    G->ctx_w = imax(pw, imin(l->main.w / 6, l->ts * 12));
    in->w = w0 - G->ctx_w - 2 * l->gap; /* the output's picture goes under its magnifier */
    in->grid_h = G->vrows;
    in->grid_w = G->vcols;
    in->out_h = G->orows;
    in->out_w = G->ocols;
    in->maps = 1;
    in->chans = l->g->cpg;
    in->ck_min = PLAN_NUMBERS; /* the magnifier's cells and the kernel's are one size */
    /* the sum box under the magnifier's row, where a stage leaves room:
     * its width goes to the cells (its tallest: the label, the sums, the
     * bias, the total, the activation) */
    in->box_under = 1;
    in->wbox = G->wbox_full; /* under the row it need not be cut to a fifth of the frame */
    in->h = l->main.h - (2 * l->gap + text_line_h(l->ts) + 3 * text_line_h((l->ts * 23 + 10) / 20) +
                         text_line_h(sum_size(l))) - l->gap;
    in->co_want = l->cmax;     /* the output cell in play is read from the back too */
    in->c_floor = floor_c;
    in->co_floor = floor_co;
    run_plan(G);
    if (in->chans > 1 && (G->p.mode == PLAN_STAGE || G->p.c < PLAN_READABLE)) {
        in->chans = 1;
        in->c_floor = floor_c;
        in->co_floor = floor_co;
        run_plan(G);
        G->p.mode = PLAN_STAGE; /* the channel in play on the stage; the strip is the picture column */
        G->p.strip_n = 0;
    }
    if (l->c_floor > 0 && G->p.c > l->c_floor && G->p.c >= PLAN_NUMBERS) {
        /* projector mode: the window's cells, so their numbers (and
         * decimals) read alike, never smaller */
        G->p.c = l->c_floor;
        G->p.row_w = plan_row_w(in, &G->p, G->p.c);
        G->p.col_h = G->p.rows * plan_row_h(in, G->p.c) - in->gap;
        G->p.width = G->p.row_w + in->gap + in->out_w * G->p.co;
    }
    if (co_big && l->c_floor == 0 && G->p.c > PLAN_READABLE && grown_co(G) < CO_READABLE) {
        /* the plan grows the magnifier's cells while the output's keep
         * 3/4 of them: in a narrow frame (1024 wide) that leaves the
         * output's 3x3 too small for its digits. The magnifier gives up
         * cells, down to readable ones, if that makes the output's read */
        plan_out was = G->p;
        while (G->p.c > PLAN_READABLE && grown_co(G) < CO_READABLE) {
            int c = --G->p.c;
            G->p.row_w = plan_row_w(in, &G->p, c);
            G->p.col_h = G->p.rows * plan_row_h(in, c) - in->gap;
            G->p.width = G->p.row_w + in->gap + in->out_w * G->p.co;
        }
        if (grown_co(G) < CO_READABLE) G->p = was;
    }
    if (G->p.c >= 1) { /* room the plan left over goes to the output's cells */
        int co = grown_co(G);
        G->p.width += (co - G->p.co) * G->ocols;
        G->p.maps_h += (co - G->p.co) * G->orows;
        G->p.co = co;
    }
    G->p.focus = 1;
    return G->p.c;
}

static void make_plan(gv *G) {
    lay *l = G->l;
    const conv_geom *g = l->g;
    plan_in *in = &G->in;
    char part[64], total[64];
    G->p = (plan_out){0};
    whole_views(G);
    G->big = (l->ts * 27 + 10) / 20;
    decimals(G);
    /* the widest sums the columns must hold: every product at its largest */
    lay_fixed(part, sizeof part, -(l->p_max * g->kvol), G->d_p);
    lay_fixed(total, sizeof total, -(l->p_max * g->kvol * g->cpg + l->b_max), G->d_p);
    *in = (plan_in){0};
    in->w = l->main.w;
    in->h = l->main.h;
    in->grid_h = l->grid[1];
    in->grid_w = l->grid[2];
    in->k_h = g->p.kernel[1];
    in->k_w = g->p.kernel[2];
    in->out_h = g->out_sp[1];
    in->out_w = g->out_sp[2];
    in->chans = g->cpg;
    in->maps = g->p.groups > 1 ? g->fpg : g->out_c; /* grouped: the maps of the group in play (view_groups maps the rest) */
    in->all_now = l->v->gran == SCHED_POSITION;
    in->lab = text_line_h(l->ts);
    in->gap = l->gap;
    {
        char s[80];
        snprintf(s, sizeof s, "= %s", part);
        in->wsum = lay_measure(l, FRAME_FONT_MONO, G->big, s);
        snprintf(s, sizeof s, "so far %s", total);
        in->wbox = imax(lay_measure(l, FRAME_FONT_MONO, sum_size(l), s), l->ts * 7) + 2 * l->gap;
        G->wbox_full = in->wbox;
        in->wbox = imin(in->wbox, imax(l->ts * 10, l->f->width / 5)); /* the frame's, not the main area's: a side panel must not widen it */
    }
    in->cmax = l->cmax;
    in->ck_min = imin(l->cmax, l->ts * 13 / 5);
    in->cgood = l->cmax * 4 / 5;
    in->c_floor = l->c_floor;
    in->co_floor = l->co_floor;
    /* a figure's cells large enough for its digits (grid_text's want) */
    if (l->figure && !l->num_off) in->c_want = (LAYOUT_FIGURE_DIGITS * 50 + 22) / 23;
    run_plan(G);
    /* focus where the input's cells cannot hold numbers, or not every
     * filter's map has a place (they do as small maps beside a magnifier) */
    if ((G->p.c < PLAN_NUMBERS || (G->p.fn < in->maps && G->p.co < PLAN_READABLE)) &&
        (l->grid[1] > 12 || l->grid[2] > 12)) {
        plan_in keep = *in;
        plan_out plain = G->p;
        keep.c_floor = l->c_floor; /* the whole grid's plan may have dropped them */
        keep.co_floor = l->co_floor;
        /* the sum box kept and the input's numbers readable first, then
         * the output's, then the wider margin: the first where both read,
         * else the first where the input's do, else the largest cells
         * with the sum box */
        int best = -1, score = -1, first = -1;
        for (int k = 0; k < 4; k++) {
            int c, sc, reads;
            *in = keep;
            c = focus_plan(G, k & 1 ? 1 : 2, keep.w, k < 2);
            /* projector mode: never smaller than the window's (its floors) */
            int floors = c >= keep.c_floor && G->p.co >= keep.co_floor;
            sc = G->p.show_box * 100000 + floors * 50000 + (c >= PLAN_READABLE) * 10000 +
                 (G->p.co >= keep.co_floor) * 1000 + c;
            if (sc > score) best = k, score = sc;
            reads = G->p.show_box && floors && c >= PLAN_READABLE;
            if (reads && first < 0) first = k;
            if (reads && G->p.co >= CO_READABLE) {
                first = best = k;
                break;
            }
        }
        if (first >= 0) best = first;
        *in = keep;
        focus_plan(G, best & 1 ? 1 : 2, keep.w, best < 2);
        if (G->p.c < PLAN_NUMBERS || (G->p.c <= plain.c && plain.fn == in->maps)) { /* no room for a magnifier either */
            *in = keep;
            G->p = plain;
            whole_views(G);
        }
    }
}

/* Positions from the plan; the spare room centres the picture. */
static void place(gv *G) {
    lay *l = G->l;
    const plan_out *p = &G->p;
    int gap = l->gap, c = p->c, x, h = imax(p->col_h, p->maps_h), ctx = G->focus ? G->ctx_w + 2 * gap : 0;
    int spare = imax(0, l->main.w - p->width - ctx), sp = imin(spare / 6, l->ts);
    G->cur = l->st.pos.chan >= 0 ? l->st.pos.chan : 0;
    G->y0 = l->main.y + (h < l->main.h && !G->focus ? (l->main.h - h) / 2 : 0);
    x = l->main.x + (spare - 3 * sp) / 2;
    G->x_ctx = x;
    if (G->focus) x += G->ctx_w + 2 * gap;
    G->x_in = x;
    x += G->in.grid_w * c + 2 * gap;
    G->x_w = x;
    if (p->show_kernel) {
        int ck = plan_kernel_cell(&G->in, c);
        G->x_p = x + l->g->p.kernel[2] * ck + gap;
        x = p->show_products ? G->x_p + l->g->p.kernel[2] * ck + 2 * gap : G->x_p + gap;
    }
    G->x_s = x;
    x = G->x_in + p->row_w + sp;
    G->x_b = x + gap;
    if (p->show_box && !G->in.box_under) x += G->in.wbox + 3 * gap + sp;
    else x += sp;
    if (G->in.box_under) G->x_b = p->show_kernel ? G->x_w : G->x_in;
    G->x_o = x;
    G->x_octx = x;
    G->octx_w = G->ocols * p->co;
    G->y_strip = G->y0 + plan_row_h(&G->in, c) + gap;
    G->strip_first = iclamp(G->cur - p->strip_n / 2, 0, l->g->cpg - p->strip_n);
    {
        int g0 = l->st.pos.filter / l->g->fpg * l->g->fpg, gn = l->g->p.groups > 1 ? l->g->fpg : l->g->out_c;
        if (gn == l->g->out_c) g0 = 0;
        G->ffirst = iclamp(l->st.pos.filter - p->fn / 2, g0, g0 + gn - p->fn);
    }
    if (G->focus) G->ffirst = l->st.pos.filter;
}

void view_grid_plan(lay *l, plan_out *p) {
    gv G = {0};
    G.l = l;
    make_plan(&G);
    *p = G.p;
}

void view_grid(lay *l) {
    gv G = {0};
    G.l = l;
    make_plan(&G);
    if (G.p.c < 1) {
        box b = {l->main.x, l->main.y, l->main.w, text_line_h(l->ts)};
        label(l, b, l->t->muted, 0, (const char *const[]){"input too large to draw at this window size",
                                                            "input too large to draw"}, 2);
        return;
    }
    place(&G);
    if (G.focus) {
        input_context(&G);
        output_context(&G);
    }
    if (G.p.mode == PLAN_ROWS) {
        for (int row = 0; row < G.p.rows; row++) channel_row(&G, row, row);
    } else {
        channel_row(&G, 0, G.cur);
        if (!G.focus) strip(&G);
    }
    outputs(&G);
    if (l->v->hover_el == FRAME_EL_OUTPUT_CELL) light_rf(&G);
    else if (l->v->hover_el == FRAME_EL_INPUT_CELL) light_feeds(&G);
}
