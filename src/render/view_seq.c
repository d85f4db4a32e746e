/* view_seq: a conv1d layer as sequence strips, time left to right, every
 * row at one cell size so that a column is one moment:
 *
 *   overview:  only when the sequence is longer than fits at a readable
 *              cell: the whole padded sequence as a thin strip, the part
 *              on screen outlined and the window marked; the rows below
 *              scroll with the window
 *   channels:  for each input channel of the filter's group, its padded
 *              input as a row of numbered cells (padding hatched), the
 *              kernel's weights in a row under the window's taps, their
 *              products under those, and "= partial sum" beside them
 *   sum:       the partial sums adding up, bias, activation
 *   outputs:   one row per filter; output cell o sits under the tap its
 *              time belongs to: the window's last tap for causal padding
 *              (it reads nothing after it), the middle tap otherwise
 *
 * Causal padding is drawn as what it is: the zeros before t = 0 (a dashed
 * line marks t = 0) and, at the current cell, a line after the window's
 * last tap through every row: nothing right of it is read. */
#include "view.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define imin lay_imin
#define imax lay_imax
#define iclamp lay_iclamp

typedef struct {
    lay *l;
    int c;                /* cell size of every row */
    int n;                /* padded sequence length */
    int v0, nvis;         /* first padded column on screen, columns on screen */
    int x0;               /* left edge of column v0 */
    int ov;               /* height of the overview band (0: the whole sequence fits) */
    int lab, gap, big;    /* label line, spacing, partial sum text size */
    int ch0, nch;         /* channels (in the group) drawn in full */
    int tm, y_mini;       /* the others: thin rows of this height, from y_mini */
    int f0, nf;           /* filters shown */
    int anchor;           /* tap an output cell sits under */
    int y_ov, y_ch, y_sum, y_out; /* tops of the bands */
    int icur;             /* output row of the filter in play: the sum sits just above it */
    int d_in, d_w, d_p, d_out;
} sv;

/* ---- sizes ---- */

static int block_h(const sv *S, int c) { return S->lab + 3 * c + S->gap; }
static int out_h(const sv *S, int c) { return S->lab + c + S->gap; }
static int sum_h(const sv *S) { return text_line_h(S->big) + S->gap; }
static int mini_h(const sv *S, int nch) {
    int rest = S->l->g->cpg - nch;
    return rest > 0 ? S->lab + rest * (S->tm + 1) + S->gap : 0;
}

/* Largest cell at which nch channel blocks and nf output rows fit the
 * height left under an overview of height ov. */
static int fit_h(const sv *S, int h, int nch, int nf) {
    int fixed = nch * block_h(S, 0) + nf * out_h(S, 0) + sum_h(S) + S->ov + mini_h(S, nch);
    return (h - fixed) / (3 * nch + nf);
}

/* Cells whose numbers read at the back of the room: numbers of 14 px in
 * a window (lay_grid_text sets them at 23/50 of the cell), of the
 * projector's text size in projector mode. */
static int readable(const lay *l) { return imax(31, l->ts * 23 / 10); }

static void plan(sv *S, lay *l) {
    const conv_geom *g = l->g;
    int W = l->main.w, H = l->main.h, want = readable(l), cw, ch;
    memset(S, 0, sizeof *S);
    S->l = l;
    S->n = l->grid[2];
    S->lab = text_line_h(l->ts);
    S->gap = l->gap;
    /* the sums are the numbers the class watches: at least the projector's text size */
    S->big = imax((l->ts * 27 + 10) / 20, l->v->projector ? l->f->height / 45 : 0);
    S->nch = g->cpg;
    S->nf = g->out_c;
    cw = W / imax(1, S->n);
    if (cw < want) S->ov = S->lab + imax(6, l->ts * 2 / 3) + S->gap; /* it scrolls */
    /* channels not drawn in full are thin rows, in at most a quarter of the height */
    S->tm = iclamp((H / 4 - S->lab - S->gap) / imax(1, g->cpg - 1) - 1, 1, S->lab);
    ch = fit_h(S, H, S->nch, S->nf);
    while (ch < want && (S->nch > 1 || S->nf > 1)) {
        if (S->nch > 1 && 3 * S->nch >= S->nf) S->nch--;
        else S->nf--;
        ch = fit_h(S, H, S->nch, S->nf);
    }
    if (l->v->projector && imin(l->cmax, ch) < l->c_floor) {
        /* projector mode never shrinks the cells below the window's: the sums give back their size first */
        S->big = (l->ts * 27 + 10) / 20;
        ch = fit_h(S, H, S->nch, S->nf);
    }
    S->c = imin(l->cmax, ch);
    if (!S->ov) S->c = imin(S->c, cw);
    if (S->c < 1) S->c = 0;
    S->nvis = S->c ? imin(S->n, W / S->c) : 0;
}

static int kernel_span(const lay *l) { return l->g->p.dilation[2] * (l->g->p.kernel[2] - 1); }

/* Columns on screen follow the window: its middle as near the middle of
 * the screen as the ends allow. */
static void place(sv *S) {
    lay *l = S->l;
    const conv_geom *g = l->g;
    int cur = l->st.pos.chan >= 0 ? l->st.pos.chan : 0, mid = l->st.tap[0].at[2] + kernel_span(l) / 2;
    int used, h;
    S->v0 = iclamp(mid - S->nvis / 2, 0, S->n - S->nvis);
    S->x0 = l->main.x + (l->main.w - S->nvis * S->c) / 2;
    S->ch0 = iclamp(cur - S->nch / 2, 0, g->cpg - S->nch);
    S->f0 = iclamp(l->st.pos.filter - S->nf / 2, 0, g->out_c - S->nf);
    S->anchor = g->p.padding == CONV_PAD_CAUSAL ? g->p.kernel[2] - 1 : (g->p.kernel[2] - 1) / 2;
    S->d_in = l->d_in;
    S->d_w = l->d_w;
    S->d_p = imin(3, S->d_in + S->d_w);
    S->d_out = imin(3, imax(S->d_p, l->d_out));
    h = S->ov + S->nch * block_h(S, S->c) + mini_h(S, S->nch) + sum_h(S) + S->nf * out_h(S, S->c);
    used = h < l->main.h ? (l->main.h - h) / 2 : 0;
    S->y_ov = l->main.y + used;
    S->y_ch = S->y_ov + S->ov;
    S->y_mini = S->y_ch + S->nch * block_h(S, S->c);
    S->y_out = S->y_mini + mini_h(S, S->nch);
    S->icur = iclamp(l->st.pos.filter - S->f0, 0, S->nf - 1);
    S->y_sum = S->y_out + S->icur * out_h(S, S->c);
}

static int visible(const sv *S, int q) { return q >= S->v0 && q < S->v0 + S->nvis; }
static int col_x(const sv *S, int q) { return S->x0 + (q - S->v0) * S->c; }
static box col_box(const sv *S, int q, int y) { return (box){col_x(S, q), y, S->c, S->c}; }
static int in_y(const sv *S, int k) { return S->y_ch + k * block_h(S, S->c) + S->lab; }
static int w_y(const sv *S, int k) { return in_y(S, k) + S->c; }
static int o_y(const sv *S, int i) { return S->y_out + i * out_h(S, S->c) + (i >= S->icur ? sum_h(S) : 0) + S->lab; }

/* Padded column of output cell o. */
static int out_col(const sv *S, int o) {
    const conv_geom *g = S->l->g;
    return o * g->p.stride[2] + S->anchor * g->p.dilation[2];
}

static int tap_col(const lay *l, int tap) { return l->st.tap[tap].at[2]; }

static int in_window(const lay *l, int q) {
    for (int t = 0; t < l->g->kvol; t++)
        if (tap_col(l, t) == q) return 1;
    return 0;
}

static void label(lay *l, box b, frame_color c, int a, const char *const *forms, int n) {
    frame_tag(lay_pick(l, b, FRAME_FONT_SANS, l->ts, FRAME_ALIGN_LEFT, c, forms, n), FRAME_EL_LABEL, a, 0);
}

static void number_tag(frame_cmd *r, frame_element el, int a, int64_t b, int n, const int *idx, int now) {
    frame_tag(r, el, a, b);
    frame_index(r, n, idx, now);
}

/* ---- the overview of a long sequence ---- */

static void overview(sv *S) {
    lay *l = S->l;
    int W = l->main.w, bh = S->ov - S->lab - S->gap, cl = l->st.pos.chan >= 0 ? l->st.pos.chan : 0;
    int ch = l->st.in_c0 + cl, blocks = imin(S->n, W), y = S->y_ov + S->lab;
    int lo = tap_col(l, 0), hi = tap_col(l, l->g->kvol - 1);
    char f0[128], f1[64];
    snprintf(f0, sizeof f0, "the whole sequence (%d cells with padding): cells %d-%d on screen, the window in it",
             S->n, S->v0 - l->off[2], S->v0 + S->nvis - 1 - l->off[2]);
    snprintf(f1, sizeof f1, "cells %d-%d of %d", S->v0 - l->off[2], S->v0 + S->nvis - 1 - l->off[2], S->n);
    label(l, (box){l->main.x, S->y_ov, W, S->lab}, l->t->muted, 0, (const char *const[]){f0, f1, ""}, 3);
    for (int i = 0; i < blocks; i++) {
        int q = (int)((int64_t)i * S->n / blocks), x0 = l->main.x + (int)((int64_t)i * W / blocks);
        int x1 = l->main.x + (int)((int64_t)(i + 1) * W / blocks), pos[CONV_SP] = {0, 0, q}, src[CONV_SP];
        conv_tapkind k = lay_classify(l, pos, src);
        frame_color fill = k == CONV_TAP_DATA || k == CONV_TAP_COPY
                               ? theme_value_color(l->t, lay_in_value(l, ch, src), l->in_max) : l->t->pad_fill;
        lay_rect(l, (box){x0, y, imax(1, x1 - x0), bh}, fill);
    }
    {
        int a = l->main.x + (int)((int64_t)S->v0 * W / S->n), b = l->main.x + (int)((int64_t)(S->v0 + S->nvis) * W / S->n);
        int wa = l->main.x + (int)((int64_t)lo * W / S->n), wb = l->main.x + (int)((int64_t)(hi + 1) * W / S->n);
        lay_outline(l, (box){a, y - 2, imax(3, b - a), bh + 4}, l->t->border, 2, 0);
        frame_tag(lay_rect(l, (box){wa, y, imax(2, wb - wa), bh}, l->t->accent), FRAME_EL_WINDOW, cl, 0);
    }
}

/* ---- a channel: input row, weights, products, partial sum ---- */

static void pad_words(const lay *l, char *lng, size_t nl, char *sht, size_t ns) {
    const conv_geom *g = l->g;
    int lo = g->pad_lo[2], hi = g->pad_hi[2];
    lng[0] = sht[0] = 0;
    if (g->p.padding == CONV_PAD_CAUSAL) {
        snprintf(lng, nl, " (causal: %d %s before t = 0, none after)", lo, lo == 1 ? "zero" : "zeros");
        snprintf(sht, ns, " (causal)");
    } else if (lo == hi && lo) {
        snprintf(lng, nl, " (padding %d, %s)", lo, conv_padmode_name(g->p.padding_mode));
        snprintf(sht, ns, " (pad %d)", lo);
    } else if (lo || hi) {
        snprintf(lng, nl, " (padding %d before, %d after, %s)", lo, hi, conv_padmode_name(g->p.padding_mode));
        snprintf(sht, ns, " (padded)");
    }
}

static void input_row(sv *S, int k, int cl) {
    lay *l = S->l;
    int ch = l->st.in_c0 + cl, y = in_y(S, k), c = S->c, now = lay_chan_now(l, cl), d = S->d_in, fs, nv = 0;
    double *vals = malloc(sizeof *vals * (size_t)imax(1, S->nvis));
    char f0[160], f1[96], f2[32], f3[16], pl[96], ps[32];
    pad_words(l, pl, sizeof pl, ps, sizeof ps);
    char in0[96], in1[32];
    lay_in_channel(in0, sizeof in0, l, ch, 0);
    lay_in_channel(in1, sizeof in1, l, ch, 1);
    if (k == 0 && S->nch < l->g->cpg)
        snprintf(f0, sizeof f0, "%s%s  \xc2\xb7  channels %d-%d of %d shown", in0, pl,
                 l->st.in_c0 + S->ch0, l->st.in_c0 + S->ch0 + S->nch - 1, l->g->cpg);
    else
        snprintf(f0, sizeof f0, "%s%s", in0, pl);
    snprintf(f1, sizeof f1, "%s%s", in1, ps);
    snprintf(f2, sizeof f2, "ch %d", ch);
    snprintf(f3, sizeof f3, "%d", ch);
    label(l, (box){S->x0, y - S->lab, S->nvis * c, S->lab}, now ? l->t->text : l->t->muted, ch,
          (const char *const[]){f0, f1, f2, f3}, 4);
    if (!vals) {
        l->fail = 1;
        return;
    }
    for (int q = S->v0; q < S->v0 + S->nvis; q++) {
        int pos[CONV_SP] = {0, 0, q}, src[CONV_SP];
        conv_tapkind kind = lay_classify(l, pos, src);
        vals[nv++] = kind == CONV_TAP_DATA || kind == CONV_TAP_COPY ? lay_in_value(l, ch, src) : 0;
    }
    fs = lay_grid_text(l, vals, nv, c, &d);
    for (int q = S->v0; q < S->v0 + S->nvis; q++) {
        int pos[CONV_SP] = {0, 0, q}, src[CONV_SP], idx[FRAME_MAX_INDEX], n;
        conv_tapkind kind = lay_classify(l, pos, src);
        box cb = col_box(S, q, y);
        double v = vals[q - S->v0];
        frame_color fill = theme_value_color(l->t, v, l->in_max), ink = theme_text_on(l->t, fill);
        frame_element el = kind == CONV_TAP_PAD ? FRAME_EL_PAD_CELL : FRAME_EL_INPUT_CELL;
        int in_play = now && in_window(l, q);
        if (kind == CONV_TAP_PAD) {
            fill = l->t->pad_fill;
            ink = l->t->pad_text;
        } else if (kind == CONV_TAP_COPY) {
            fill = lay_fade(fill, l->t->pad_fill, 0.55);
            ink = l->t->copy_text;
        }
        n = lay_input_index(l, ch, pos, idx);
        number_tag(lay_rect(l, cb, fill), el, ch, q, n, idx, in_play);
        if (kind == CONV_TAP_PAD && c >= 10) number_tag(lay_emit(l, FRAME_HATCH, cb, l->t->pad_hatch, NULL), el, ch, q, n, idx, in_play);
        number_tag(lay_cell_number(l, cb, v, fs, d, ink), el, ch, q, n, idx, in_play);
        if (q > S->v0) lay_line(l, cb.x, cb.y, 0, c - 1, l->t->grid, 1, FRAME_LINE);
    }
    lay_outline(l, (box){S->x0, y, S->nvis * c, c}, l->t->border, 1, 0);
    free(vals);
}

/* The window on the input row: one box, or a box a tap when dilated; the
 * tap of a multiply-add thicker. */
static void window(sv *S, int k, int cl) {
    lay *l = S->l;
    const conv_geom *g = l->g;
    int y = in_y(S, k), c = S->c, tk = lay_thick(l, c) + 1, now = lay_chan_now(l, cl), lo = tap_col(l, 0);
    int hi = tap_col(l, g->kvol - 1);
    if (!now) tk = imax(1, tk / 2);
    if (g->p.dilation[2] == 1 && visible(S, lo) && visible(S, hi)) {
        frame_tag(lay_outline(l, (box){col_x(S, lo), y, (hi - lo + 1) * c, c}, l->t->accent, tk, 0), FRAME_EL_WINDOW,
                  cl, 0);
    } else {
        for (int t = 0; t < g->kvol; t++)
            if (visible(S, tap_col(l, t)))
                frame_tag(lay_outline(l, col_box(S, tap_col(l, t), y), l->t->accent, tk, 0), FRAME_EL_WINDOW, cl, t);
    }
    if (now && l->v->gran == SCHED_MAC && l->st.pos.tap >= 0 && visible(S, tap_col(l, l->st.pos.tap)))
        lay_outline(l, col_box(S, tap_col(l, l->st.pos.tap), y), l->t->accent, imax(tk + 1, c / 12), 0);
}

/* Where "= 3" of width w goes: right of the products, else left of them
 * (where the row names would be); -1 if neither has room. */
static int sum_x(const sv *S, int w) {
    const lay *l = S->l;
    int lo = imax(tap_col(l, 0), S->v0), hi = imin(tap_col(l, l->g->kvol - 1), S->v0 + S->nvis - 1);
    int x = col_x(S, hi) + S->c + S->gap / 2;
    if (x + w <= l->main.x + l->main.w) return x;
    x = col_x(S, lo) - S->gap / 2 - w;
    return x >= l->main.x ? x : -1;
}

static int sum_width(sv *S, int cl) {
    char v[48], buf[64];
    lay_fixed(v, sizeof v, S->l->st.chan_sum[cl], S->d_p);
    snprintf(buf, sizeof buf, "= %s", v);
    return lay_measure(S->l, FRAME_FONT_MONO, S->big, buf);
}

static void kernel_rows(sv *S, int k, int cl) {
    lay *l = S->l;
    const conv_geom *g = l->g;
    int ch = l->st.in_c0 + cl, yw = w_y(S, k), yp = yw + S->c, c = S->c, kv = g->kvol, dw = S->d_w, dp = S->d_p;
    int fw, fp, idx[FRAME_MAX_INDEX], n, f = l->st.pos.filter;
    double wv[CONV_MAX_KVOL] = {0}, pv[CONV_MAX_KVOL] = {0};
    for (int t = 0; t < kv; t++) {
        size_t i = (size_t)cl * kv + t;
        wv[t] = l->st.w[i];
        pv[t] = l->st.done[i] ? l->st.x[i] * l->st.w[i] : 0;
    }
    fw = lay_grid_text(l, wv, kv, c, &dw);
    fp = lay_grid_text(l, pv, kv, c, &dp);
    for (int t = 0; t < kv; t++) {
        int q = tap_col(l, t), now = lay_tap_now(l, cl, t);
        size_t i = (size_t)cl * kv + t;
        box wc = col_box(S, q, yw), pc = col_box(S, q, yp);
        frame_color fill = theme_value_color(l->t, wv[t], l->w_max);
        if (!visible(S, q)) continue;
        n = lay_weight_index(l, f, cl, t, idx);
        number_tag(lay_rect(l, wc, fill), FRAME_EL_WEIGHT_CELL, cl, t, n, idx, now);
        number_tag(lay_cell_number(l, wc, wv[t], fw, dw, theme_text_on(l->t, fill)), FRAME_EL_WEIGHT_CELL, cl, t, n,
                   idx, now);
        lay_outline(l, wc, l->t->border, 1, 0);
        n = lay_product_index(l, ch, t, idx);
        if (l->st.done[i]) {
            fill = theme_value_color(l->t, pv[t], l->p_max);
            number_tag(lay_rect(l, pc, fill), FRAME_EL_PRODUCT_CELL, cl, t, n, idx, now);
            number_tag(lay_cell_number(l, pc, pv[t], fp, dp, theme_text_on(l->t, fill)), FRAME_EL_PRODUCT_CELL, cl, t,
                       n, idx, now);
        } else {
            number_tag(lay_rect(l, pc, l->t->empty), FRAME_EL_PRODUCT_CELL, cl, t, n, idx, now);
        }
        lay_outline(l, pc, l->t->border, 1, 0);
        if (now && l->v->gran == SCHED_MAC) {
            lay_outline(l, wc, l->t->accent, imax(lay_thick(l, c) + 1, c / 12), 0);
            lay_outline(l, pc, l->t->accent, imax(lay_thick(l, c) + 1, c / 12), 0);
        }
    }
    {
        /* "w" and "x" say what the two rows are, left of the kernel */
        int lo = tap_col(l, 0), x = visible(S, lo) ? col_x(S, lo) : S->x0, lw = lay_measure(l, FRAME_FONT_SANS, l->ts, "w[0][0] ");
        char w0[48];
        snprintf(w0, sizeof w0, "w[%d][%d]", f, cl);
        int sw = sum_width(S, cl), sx = sum_x(S, sw);
        if (c >= S->lab && x - lw >= l->main.x && !(sx >= 0 && sx < x && sx + sw > x - lw)) {
            label(l, (box){x - lw, yw + (c - S->lab) / 2, lw, S->lab}, l->t->muted, ch, (const char *const[]){w0, "w"}, 2);
            label(l, (box){x - lw, yp + (c - S->lab) / 2, lw, S->lab}, l->t->muted, ch,
                  (const char *const[]){"prod", "x"}, 2);
        }
    }
}

/* "= 3" beside the products, on the side with room. */
static void partial_sum(sv *S, int k, int cl) {
    lay *l = S->l;
    int y = w_y(S, k) + S->c, now = lay_chan_now(l, cl), idx[1] = {l->st.in_c0 + cl}, w, x;
    char v[48], buf[64];
    frame_cmd *r;
    if (!now && !lay_chan_started(l, cl)) return;
    lay_fixed(v, sizeof v, l->st.chan_sum[cl], S->d_p);
    snprintf(buf, sizeof buf, "= %s", v);
    w = lay_measure(l, FRAME_FONT_MONO, S->big, buf);
    x = sum_x(S, w);
    if (x < 0) return; /* no room either side: the sum line has it */
    r = lay_text(l, (box){x, y + (S->c - text_line_h(S->big)) / 2, w, text_line_h(S->big)}, FRAME_FONT_MONO, S->big,
                 FRAME_ALIGN_LEFT, now ? l->t->accent : l->t->text, buf);
    number_tag(r, FRAME_EL_PARTIAL_SUM, cl, 0, 1, idx, now);
}

/* The channels without a block of their own: a thin row each, on the
 * same time columns, with the window on it. */
static void mini_rows(sv *S) {
    lay *l = S->l;
    const conv_geom *g = l->g;
    int y = S->y_mini + S->lab, lo = tap_col(l, 0), hi = tap_col(l, g->kvol - 1), k = 0;
    char f0[96], f1[48];
    if (S->nch >= g->cpg) return;
    if (g->cpg - S->nch == 1) snprintf(f0, sizeof f0, "the other input channel, the window on it");
    else snprintf(f0, sizeof f0, "the other %d input channels, the window on each", g->cpg - S->nch);
    snprintf(f1, sizeof f1, "other channels");
    label(l, (box){S->x0, S->y_mini, S->nvis * S->c, S->lab}, l->t->muted, 0, (const char *const[]){f0, f1, ""}, 3);
    for (int cl = 0; cl < g->cpg; cl++) {
        int ch = l->st.in_c0 + cl, now = lay_chan_now(l, cl), ry = y + k * (S->tm + 1);
        if (cl >= S->ch0 && cl < S->ch0 + S->nch) continue;
        k++;
        for (int q = S->v0; q < S->v0 + S->nvis; q++) {
            int pos[CONV_SP] = {0, 0, q}, src[CONV_SP], idx[FRAME_MAX_INDEX], n;
            conv_tapkind kind = lay_classify(l, pos, src);
            int data = kind == CONV_TAP_DATA || kind == CONV_TAP_COPY;
            frame_color fill = data ? theme_value_color(l->t, lay_in_value(l, ch, src), l->in_max) : l->t->pad_fill;
            n = lay_input_index(l, ch, pos, idx);
            number_tag(lay_rect(l, (box){col_x(S, q), ry, S->c, S->tm}, fill),
                       kind == CONV_TAP_PAD ? FRAME_EL_PAD_CELL : FRAME_EL_INPUT_CELL, ch, q, n, idx,
                       now && in_window(l, q));
        }
        if (visible(S, lo) && visible(S, hi))
            lay_outline(l, (box){col_x(S, lo), ry, (hi - lo + 1) * S->c, S->tm}, l->t->accent, now ? 2 : 1, 0);
    }
}

/* ---- the sum and the output rows ---- */

static void sum_line(sv *S, char *s, size_t n) {
    lay *l = S->l;
    const sched_state *st = &l->st;
    char v[48];
    size_t k = 0;
    int terms = 0;
    s[0] = 0;
    for (int c = 0; c < l->g->cpg && k < n; c++) {
        if (!lay_chan_started(l, c)) continue;
        lay_fixed(v, sizeof v, st->chan_sum[c], S->d_p);
        /* "3 + (-1)": a negative term after the first in parentheses, as explain writes it */
        if (!terms++) k += (size_t)snprintf(s + k, n - k, "%s", v);
        else k += (size_t)snprintf(s + k, n - k, v[0] == '-' ? " + (%s)" : " + %s", v);
    }
    if (st->complete && l->g->p.bias && k < n) {
        double b = l->L->bias ? l->L->bias[st->pos.filter] : 0;
        lay_fixed(v, sizeof v, b, imax(S->d_p, lay_decimals(&b, 1, 3)));
        k += (size_t)snprintf(s + k, n - k, " + bias %s", v);
        terms++;
    }
    lay_fixed(v, sizeof v, st->complete ? st->pre : st->sum, S->d_p);
    if (k < n && !st->complete && terms > 1) snprintf(s + k, n - k, " = %s so far", v);
    else if (!st->complete) snprintf(s, n, "so far %s", v);
    else if (k < n && terms > 1) k += (size_t)snprintf(s + k, n - k, " = %s", v);
    if (st->complete && l->g->p.activation != CONV_ACT_NONE && k < n) {
        char y[48];
        lay_fixed(y, sizeof y, st->value, imax(S->d_out, 1));
        snprintf(s + k, n - k, ";  %s -> %s", conv_act_name(l->g->p.activation), y);
    }
}

static void sum_and_arrow(sv *S) {
    lay *l = S->l;
    char s[512];
    int oc = out_col(S, l->st.out[2]), cx = col_x(S, oc) + S->c / 2, w, x, i = l->st.pos.filter - S->f0;
    frame_cmd *r;
    sum_line(S, s, sizeof s);
    w = imin(lay_measure(l, FRAME_FONT_MONO, S->big, s), l->main.w);
    x = iclamp(cx - w / 2, l->main.x, l->main.x + l->main.w - w);
    r = lay_text(l, (box){x, S->y_sum, w, text_line_h(S->big)}, FRAME_FONT_MONO, S->big, FRAME_ALIGN_LEFT,
                 l->t->accent, s);
    frame_tag(r, FRAME_EL_SUM, 0, 0);
    frame_index(r, 0, NULL, 1);
    if (i >= 0 && i < S->nf && visible(S, oc)) {
        int y0 = S->y_sum + text_line_h(S->big), y1 = o_y(S, i) - 2;
        if (y1 - y0 > 4) lay_line(l, cx, y0, 0, y1 - y0, l->t->accent, imax(1, (int)lround(2 * l->sc)), FRAME_ARROW);
    }
}

static void output_row(sv *S, int i, int f) {
    lay *l = S->l;
    const conv_geom *g = l->g;
    int oW = g->out_sp[2], y = o_y(S, i), c = S->c, d = S->d_out, fs, nv = 0;
    double *vals = malloc(sizeof *vals * (size_t)oW);
    char f0[160], f1[64], f2[32], f3[16];
    snprintf(f0, sizeof f0, "output channel %d (filter %d)%s", f, f,
             g->p.padding == CONV_PAD_CAUSAL ? ": cell t reads inputs up to t, never after" : "");
    snprintf(f1, sizeof f1, "output channel %d (filter %d)", f, f);
    if (i == 0 && S->nf < g->out_c) /* the filters without a row are named where the rows start */
        snprintf(f0, sizeof f0, "output channel %d (filter %d)  \xc2\xb7  filters %d-%d of %d shown", f, f, S->f0,
                 S->f0 + S->nf - 1, g->out_c);
    snprintf(f2, sizeof f2, "out %d", f);
    snprintf(f3, sizeof f3, "%d", f);
    {
        /* the arrow from the sum comes down through this label: the label goes beside it */
        box lb = {S->x0, y - S->lab, S->nvis * c, S->lab};
        if (i == S->icur) {
            int ax = col_x(S, out_col(S, l->st.out[2])) + c / 2, left = ax - S->gap - lb.x, right = lb.x + lb.w - ax - S->gap;
            if (left >= right) lb.w = imax(1, left);
            else lb = (box){ax + S->gap, lb.y, right, lb.h};
        }
        label(l, lb, f == l->st.pos.filter ? l->t->text : l->t->muted, f, (const char *const[]){f0, f1, f2, f3}, 4);
    }
    if (!vals) {
        l->fail = 1;
        return;
    }
    for (int o = 0; o < oW; o++)
        if (visible(S, out_col(S, o))) vals[nv++] = l->L->out[(int64_t)f * g->out_cells + o];
    fs = lay_grid_text(l, vals, nv, c, &d);
    free(vals);
    for (int o = 0; o < oW; o++) {
        int q = out_col(S, o);
        sched_cellstate cs;
        box cb;
        double v;
        frame_color fill;
        if (!visible(S, q)) continue;
        cs = sched_cell_state(g, l->v->gran, l->st.step, f, o);
        cb = col_box(S, q, y);
        v = cs == SCHED_CURRENT ? (l->st.complete ? l->st.value : l->st.sum) : l->L->out[(int64_t)f * g->out_cells + o];
        fill = cs == SCHED_EMPTY ? l->t->empty : theme_value_color(l->t, v, l->out_max);
        lay_output_cell(l, cb, f, o, fill, cs == SCHED_EMPTY ? NULL : &v, fs,
                        cs == SCHED_CURRENT ? imax(d, S->d_p) : d, cs == SCHED_CURRENT);
        lay_outline(l, cb, l->t->border, 1, 0);
        if (f == l->st.pos.filter && o == l->st.out[2])
            frame_tag(lay_outline(l, cb, l->t->accent, lay_thick(l, c) + 1, 0), FRAME_EL_OUTPUT_CELL, f, o);
    }
}

/* A vertical line at x over the rows of cells only (never through a
 * label or the sum). */
static void rows_line(sv *S, int x, frame_color c, int tk, int dashed) {
    lay *l = S->l;
    frame_cmd *r;
    for (int k = 0; k < S->nch + S->nf; k++) {
        int y = k < S->nch ? in_y(S, k) : o_y(S, k - S->nch), h = k < S->nch ? 3 * S->c : S->c;
        if ((r = lay_line(l, x, y, 0, h - 1, c, tk, FRAME_LINE))) r->dashed = dashed;
    }
}

/* t = 0 (where the input starts, after the padding before it), and for
 * causal padding the edge of what the current cell may read. */
static void time_marks(sv *S) {
    lay *l = S->l;
    int t0 = l->off[2], tk = imax(1, (int)lround(2 * l->sc));
    if (t0 > 0 && visible(S, t0)) rows_line(S, col_x(S, t0), l->t->border, tk, 1);
    if (l->g->p.padding == CONV_PAD_CAUSAL) {
        int q = tap_col(l, l->g->kvol - 1);
        if (visible(S, q)) rows_line(S, col_x(S, q) + S->c + tk / 2, l->t->accent, tk, 0);
    }
}

/* ---- hover ---- */

static void light_rf(sv *S) {
    lay *l = S->l;
    const conv_geom *g = l->g;
    int out[CONV_SP], c0;
    if (!lay_hovered_output(l, out, &c0)) return;
    for (int k = 0; k < S->nch; k++) {
        int cl = S->ch0 + k, ch = l->st.in_c0 + cl;
        if (ch < c0 || ch >= c0 + g->cpg) continue;
        for (int tap = 0; tap < g->kvol; tap++) {
            conv_tap t;
            conv_tap_at(g, out, tap, &t);
            if (visible(S, t.at[2]))
                frame_tag(lay_rect(l, col_box(S, t.at[2], in_y(S, k)), l->t->accent_faint), FRAME_EL_INPUT_CELL, ch,
                          t.at[2]);
        }
    }
}

static void light_feeds(sv *S) {
    lay *l = S->l;
    const conv_geom *g = l->g;
    int ch = l->v->hover_a, cl = ch - l->st.in_c0, pos[CONV_SP], src[CONV_SP];
    int64_t fed;
    unsigned char *lit;
    conv_tapkind k;
    if (ch < 0 || ch >= g->in_c || !lay_grid_pos(l, l->v->hover_b, pos)) return;
    if (cl >= S->ch0 && cl < S->ch0 + S->nch && visible(S, pos[2]))
        lay_outline(l, col_box(S, pos[2], in_y(S, cl - S->ch0)), l->t->accent, lay_thick(l, S->c) + 1, 0);
    k = lay_classify(l, pos, src);
    if ((k != CONV_TAP_DATA && k != CONV_TAP_COPY) || !(lit = lay_feeds(l, src, &fed))) return;
    for (int i = 0; i < S->nf; i++) {
        int f = S->f0 + i, c0 = conv_group_first_channel(g, f);
        if (ch < c0 || ch >= c0 + g->cpg) continue;
        for (int o = 0; o < g->out_sp[2]; o++)
            if (lit[o] && visible(S, out_col(S, o)))
                frame_tag(lay_rect(l, col_box(S, out_col(S, o), o_y(S, i)), l->t->accent_faint), FRAME_EL_OUTPUT_CELL,
                          f, o);
    }
    free(lit);
}

/* ---- the view ---- */

void view_seq_plan(lay *l, plan_out *p) {
    sv S;
    plan(&S, l);
    memset(p, 0, sizeof *p);
    p->c = p->co = S.c;
    p->rows = S.nch;
    p->fn = S.nf;
    p->width = S.nvis * S.c;
}

void view_seq(lay *l) {
    sv S;
    plan(&S, l);
    if (S.c < 1 || S.nvis < 1) {
        label(l, (box){l->main.x, l->main.y, l->main.w, text_line_h(l->ts)}, l->t->muted, 0,
              (const char *const[]){"the sequence does not fit at this window size", "too small"}, 2);
        return;
    }
    place(&S);
    if (S.ov) overview(&S);
    for (int k = 0; k < S.nch; k++) {
        int cl = S.ch0 + k;
        input_row(&S, k, cl);
        window(&S, k, cl);
        kernel_rows(&S, k, cl);
        partial_sum(&S, k, cl);
    }
    mini_rows(&S);
    sum_and_arrow(&S);
    for (int i = 0; i < S.nf; i++) output_row(&S, i, S.f0 + i);
    time_marks(&S);
    if (l->v->hover_el == FRAME_EL_OUTPUT_CELL) light_rf(&S);
    else if (l->v->hover_el == FRAME_EL_INPUT_CELL) light_feeds(&S);
}
