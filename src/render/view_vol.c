/* view_vol: a conv3d layer as depth slices side by side.
 *
 *   slices:  the kd depth slices of the input channel in play that the
 *            window covers, each with the window on it, the kernel slice
 *            under it (weights, then products, at the input's cell size)
 *            and the slice's sum; so every one of the kd*kh*kw products of
 *            the channel is on screen at once
 *   sum box: the slice sums adding up to the channel's partial sum, the
 *            channels' partial sums, bias, activation
 *   right:   the output slice of the current cell large, the filter's
 *            other output depth slices as small maps, and under them the
 *            whole input volume as small maps (a row per channel, a map
 *            per padded depth slice, the window's slices outlined)
 *
 * Depth indices are the scene's (unpadded: -1 is the padding slice). */
#include "view.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define imin lay_imin
#define imax lay_imax
#define iclamp lay_iclamp
#define chan_now lay_chan_now
#define chan_started lay_chan_started
#define tap_now lay_tap_now
#define thick_for lay_thick

typedef struct {
    lay *l;
    int c, co, t, to;       /* cells: slices and kernels, output slice, volume maps, output maps */
    int kd, kh, kw;
    int lab, gap, big, wbox, rlab;
    int w, h;               /* the picture */
    int x0, y0, colw, x_b, x_o;
    int cl;                 /* channel in play (within the group) */
    int d_p;                /* decimals of products and sums */
} vv;

/* ---- what is in play ---- */


/* Padded depth of kernel slice kz in the current window. */
static int slice_z(const vv *V, int kz) { return V->l->st.tap[kz * V->kh * V->kw].at[0]; }

static int in_window(const lay *l, int z, int r, int q) {
    for (int tap = 0; tap < l->g->kvol; tap++) {
        const conv_tap *t = &l->st.tap[tap];
        if (t->at[0] == z && t->at[1] == r && t->at[2] == q) return 1;
    }
    return 0;
}

/* ---- sizes ---- */

static int col_w(const vv *V, int c) { return imax(V->l->grid[2] * c, 2 * V->kw * c + V->gap); }

static int left_w(const vv *V, int c) { return V->kd * col_w(V, c) + (V->kd - 1) * 2 * V->gap; }

static int left_h(const vv *V, int c) {
    return 2 * V->lab + V->l->grid[1] * c + V->gap + V->lab + V->kh * c + V->gap / 2 + text_line_h(V->big);
}

static int vol_rows(const vv *V) { return imin(V->l->g->cpg, 16); }

static int right_w(const vv *V, int co, int t, int to) {
    const lay *l = V->l;
    const conv_geom *g = l->g;
    int ow = g->out_sp[2] * co, maps = g->out_sp[0] * (g->out_sp[2] * to + V->gap / 2);
    int vol = V->rlab + l->grid[0] * (l->grid[2] * t + V->gap / 2);
    return imax(ow, imax(maps, vol));
}

static int right_h(const vv *V, int co, int t, int to) {
    const conv_geom *g = V->l->g;
    return V->lab + g->out_sp[1] * co + V->gap + V->lab + g->out_sp[1] * to + V->gap + V->lab +
           vol_rows(V) * (V->l->grid[1] * t + V->gap / 2);
}

static int fits(vv *V, int c, int co, int t, int to, int W, int H) {
    int w = left_w(V, c) + 2 * V->gap + V->wbox + 2 * V->gap + right_w(V, co, t, to);
    int h = imax(left_h(V, c), right_h(V, co, t, to));
    if (w > W || h > H) return 0;
    V->w = w;
    V->h = h;
    return 1;
}

static int sum_size(const lay *l) { return l->v->projector && !l->lean ? l->ts * 23 / 10 : (l->ts * 19 + 5) / 10; }

/* The largest cells that fit: slices and kernels first, then the output,
 * then the small maps (2 px at least, the volume's shape, but never
 * larger than the slices: the window's cells are largest there). */
static void plan(vv *V) {
    lay *l = V->l;
    const conv_geom *g = l->g;
    char total[64], s[96];
    V->kd = g->p.kernel[0];
    V->kh = g->p.kernel[1];
    V->kw = g->p.kernel[2];
    V->lab = text_line_h(l->ts);
    V->gap = l->gap;
    V->big = (l->ts * 27 + 10) / 20;
    V->d_p = imin(3, l->d_in + l->d_w);
    V->cl = l->st.pos.chan >= 0 ? l->st.pos.chan : 0;
    V->rlab = lay_measure(l, FRAME_FONT_SANS, l->ts * 9 / 10, "ch 00") + V->gap / 2;
    lay_fixed(total, sizeof total, -(l->p_max * g->kvol * g->cpg + l->b_max), V->d_p);
    snprintf(s, sizeof s, "so far %s", total);
    V->wbox = imax(lay_measure(l, FRAME_FONT_MONO, sum_size(l), s), l->ts * 9) + 2 * l->gap;
    V->wbox = imin(V->wbox, imax(l->ts * 10, l->f->width / 5));
    V->c = V->co = 0;
    /* one cell size for input and output while that keeps numbers */
    for (int c = l->cmax; c >= PLAN_NUMBERS; c--) {
        if (l->c_floor && (c < l->c_floor || c < l->co_floor)) break;
        for (int t = imax(2, c / 5); t >= 2; t--)
            if (fits(V, c, c, t, c / 3, l->main.w, l->main.h)) {
                V->c = V->co = c, V->t = t, V->to = c / 3;
                return;
            }
    }
    for (int c = l->cmax; c >= 1; c--) {
        if (l->c_floor && c < l->c_floor && c >= PLAN_NUMBERS) continue;
        for (int co = c; co >= imax(1, c / 2); co--) {
            if (l->co_floor && co < l->co_floor && co >= PLAN_NUMBERS && c >= l->c_floor) continue;
            for (int t = imin(c, imax(2, c / 5)); t >= imin(2, c); t--) {
                int to = imax(imin(2, co), co / 3);
                if (fits(V, c, co, t, to, l->main.w, l->main.h)) {
                    V->c = c, V->co = co, V->t = t, V->to = to;
                    return;
                }
            }
        }
    }
}

/* ---- drawing ---- */

static void label(lay *l, box b, frame_color c, int a, const char *const *forms, int n) {
    frame_tag(lay_pick(l, b, FRAME_FONT_SANS, l->ts, FRAME_ALIGN_LEFT, c, forms, n), FRAME_EL_LABEL, a, 0);
}

static void tag_input(lay *l, frame_cmd *r, int ch, conv_tapkind k, const int pos[CONV_SP], int now) {
    int idx[FRAME_MAX_INDEX], n;
    if (!r) return;
    frame_tag(r, k == CONV_TAP_PAD ? FRAME_EL_PAD_CELL : FRAME_EL_INPUT_CELL, ch, lay_in_index(l, pos[0], pos[1], pos[2]));
    n = lay_input_index(l, ch, pos, idx);
    frame_index(r, n, idx, now);
}

/* One padded depth slice z of channel ch at cell c; numbers if small is 0
 * and they fit. */
static void slice(vv *V, int x, int y, int c, int ch, int cl, int z, int small) {
    lay *l = V->l;
    int rows = l->grid[1], cols = l->grid[2], d = l->d_in, fs = 0;
    box gb = {x, y, cols * c, rows * c};
    if (!small && c >= PLAN_NUMBERS) {
        double *v = malloc(sizeof *v * (size_t)rows * (size_t)cols);
        int64_t n = 0;
        if (!v) {
            l->fail = 1;
            return;
        }
        for (int r = 0; r < rows; r++)
            for (int q = 0; q < cols; q++) {
                int pos[CONV_SP] = {z, r, q}, src[CONV_SP];
                conv_tapkind k = lay_classify(l, pos, src);
                v[n++] = k == CONV_TAP_PAD ? 0 : lay_in_value(l, ch, src);
            }
        fs = lay_grid_text(l, v, n, c, &d);
        free(v);
    }
    for (int r = 0; r < rows; r++)
        for (int q = 0; q < cols; q++) {
            int pos[CONV_SP] = {z, r, q}, src[CONV_SP], now = chan_now(l, cl) && in_window(l, z, r, q);
            conv_tapkind k = lay_classify(l, pos, src);
            double v = k == CONV_TAP_PAD ? 0 : lay_in_value(l, ch, src);
            box cb = {x + q * c, y + r * c, c, c};
            frame_color fill = theme_value_color(l->t, v, l->in_max), ink = theme_text_on(l->t, fill);
            if (k == CONV_TAP_PAD) fill = l->t->pad_fill, ink = l->t->pad_text;
            else if (k == CONV_TAP_COPY) fill = lay_fade(fill, l->t->pad_fill, 0.55), ink = l->t->copy_text;
            tag_input(l, lay_rect(l, cb, fill), ch, k, pos, now);
            if (k == CONV_TAP_PAD && c >= 10) tag_input(l, lay_emit(l, FRAME_HATCH, cb, l->t->pad_hatch, NULL), ch, k, pos, now);
            if (fs) tag_input(l, lay_cell_number(l, cb, v, fs, d, ink), ch, k, pos, now);
        }
    lay_grid_lines(l, gb, rows, cols, c);
}

/* The window's cells on padded slice z, outlined (each tap's cell when
 * the kernel is dilated, else their bounding box). */
static void window_on(vv *V, int x, int y, int c, int z, int cl) {
    lay *l = V->l;
    const conv_geom *g = l->g;
    int r0 = 1 << 30, r1 = -1, q0 = 1 << 30, q1 = -1, tk = thick_for(l, c), cur = chan_now(l, cl);
    for (int tap = 0; tap < g->kvol; tap++) {
        const conv_tap *t = &l->st.tap[tap];
        if (t->at[0] != z) continue;
        r0 = imin(r0, t->at[1]), r1 = imax(r1, t->at[1]);
        q0 = imin(q0, t->at[2]), q1 = imax(q1, t->at[2]);
        if (g->p.dilation[1] > 1 || g->p.dilation[2] > 1)
            frame_tag(lay_outline(l, (box){x + t->at[2] * c, y + t->at[1] * c, c, c}, l->t->accent, cur ? tk : 1, 0),
                      FRAME_EL_WINDOW, cl, tap);
    }
    if (r1 < 0) return;
    if (g->p.dilation[1] == 1 && g->p.dilation[2] == 1)
        frame_tag(lay_outline(l, (box){x + q0 * c, y + r0 * c, (q1 - q0 + 1) * c, (r1 - r0 + 1) * c}, l->t->accent,
                              cur ? tk : imax(1, tk / 2), 0),
                  FRAME_EL_WINDOW, cl, 0);
    if (l->v->gran == SCHED_MAC && cur && l->st.pos.tap >= 0) {
        const conv_tap *t = &l->st.tap[l->st.pos.tap];
        if (t->at[0] == z)
            lay_outline(l, (box){x + t->at[2] * c, y + t->at[1] * c, c, c}, l->t->accent, imax(tk + 2, c / 7), 0);
    }
}

/* Weights and products of kernel slice kz (channel cl) at y, one number
 * rule for all the channel's weights and one for all its products. */
static void kernel_slice(vv *V, int x, int y, int kz, int fw, int dw, int fp, int dp) {
    lay *l = V->l;
    const sched_state *st = &l->st;
    int c = V->c, cl = V->cl, ch = st->in_c0 + cl, f = st->pos.filter, idx[FRAME_MAX_INDEX], n;
    int xp = x + V->kw * c + V->gap;
    for (int ky = 0; ky < V->kh; ky++)
        for (int kx = 0; kx < V->kw; kx++) {
            int tap = (kz * V->kh + ky) * V->kw + kx, now = tap_now(l, cl, tap);
            size_t i = (size_t)cl * st->kvol + tap;
            box wc = {x + kx * c, y + ky * c, c, c}, pc = {xp + kx * c, y + ky * c, c, c};
            double w = st->w[i], p = st->x[i] * w;
            frame_color fill = theme_value_color(l->t, w, l->w_max);
            frame_cmd *r;
            n = lay_weight_index(l, f, cl, tap, idx);
            frame_tag(r = lay_rect(l, wc, fill), FRAME_EL_WEIGHT_CELL, cl, tap);
            frame_index(r, n, idx, now);
            frame_tag(r = lay_cell_number(l, wc, w, fw, dw, theme_text_on(l->t, fill)), FRAME_EL_WEIGHT_CELL, cl, tap);
            frame_index(r, n, idx, now);
            n = lay_product_index(l, ch, tap, idx);
            fill = st->done[i] ? theme_value_color(l->t, p, l->p_max) : l->t->empty;
            frame_tag(r = lay_rect(l, pc, fill), FRAME_EL_PRODUCT_CELL, cl, tap);
            frame_index(r, n, idx, now);
            if (st->done[i]) {
                frame_tag(r = lay_cell_number(l, pc, p, fp, dp, theme_text_on(l->t, fill)), FRAME_EL_PRODUCT_CELL, cl, tap);
                frame_index(r, n, idx, now);
            }
            if (now && l->v->gran == SCHED_MAC) {
                lay_outline(l, wc, l->t->accent, imax(thick_for(l, c) + 2, c / 7), 0);
                frame_tag(lay_outline(l, pc, l->t->accent, imax(thick_for(l, c) + 2, c / 7), 0), FRAME_EL_PRODUCT_CELL, cl, tap);
            }
        }
    lay_grid_lines(l, (box){x, y, V->kw * c, V->kh * c}, V->kh, V->kw, c);
    lay_grid_lines(l, (box){xp, y, V->kw * c, V->kh * c}, V->kh, V->kw, c);
    if (chan_now(l, cl)) lay_outline(l, (box){x, y, V->kw * c, V->kh * c}, l->t->accent, thick_for(l, c), 0);
}

/* Sum of the products in kernel slice kz of channel cl so far. */
static double slice_sum(const vv *V, int cl, int kz, int *any) {
    const sched_state *st = &V->l->st;
    double s = 0;
    int n = V->kh * V->kw;
    *any = 0;
    for (int i = 0; i < n; i++) {
        size_t k = (size_t)cl * st->kvol + (size_t)kz * n + i;
        if (st->done[k]) s += st->x[k] * st->w[k], *any = 1;
    }
    return s;
}

static void depth_words(const vv *V, int z, char *lng, size_t nl, char *sht, size_t ns) {
    const lay *l = V->l;
    int d = z - l->off[0], pad = d < 0 || d >= l->g->in_sp[0];
    snprintf(lng, nl, "depth %d%s", d, pad ? " (padding)" : "");
    snprintf(sht, ns, "d %d%s", d, pad ? " (pad)" : "");
}

static void slices(vv *V) {
    lay *l = V->l;
    const sched_state *st = &l->st;
    int c = V->c, cl = V->cl, ch = st->in_c0 + cl, kvol = st->kvol, fw, fp, dw = l->d_w, dp = V->d_p;
    char f0[160], f1[96], f2[48];
    double *wv = malloc(sizeof *wv * (size_t)kvol * 2), *pv;
    int y = V->y0;
    if (!wv) {
        l->fail = 1;
        return;
    }
    pv = wv + kvol;
    for (int t = 0; t < kvol; t++) {
        size_t i = (size_t)cl * kvol + t;
        wv[t] = st->w[i];
        pv[t] = st->done[i] ? st->x[i] * st->w[i] : 0;
    }
    fw = lay_grid_text(l, wv, kvol, c, &dw);
    fp = lay_grid_text(l, pv, kvol, c, &dp);
    free(wv);
    char in0[96];
    lay_in_channel(in0, sizeof in0, l, ch, 0);
    snprintf(f0, sizeof f0, "%s: the %d depth slices the window covers", in0, V->kd);
    lay_in_channel(f2, sizeof f2, l, ch, 1);
    snprintf(f1, sizeof f1, "%s: %d depth slices", f2, V->kd);
    label(l, (box){V->x0, y, left_w(V, c), V->lab}, l->t->text, ch, (const char *const[]){f0, f1, f2}, 3);
    y += V->lab;
    for (int kz = 0; kz < V->kd; kz++) {
        int x = V->x0 + kz * (col_w(V, c) + 2 * V->gap), z = slice_z(V, kz), yk, any;
        int f = st->pos.filter, w = col_w(V, c);
        char d0[64], d1[48], w0[64], w1[48], s[64], v[48];
        depth_words(V, z, d0, sizeof d0, d1, sizeof d1);
        label(l, (box){x, y, w, V->lab}, l->t->muted, ch, (const char *const[]){d0, d1}, 2);
        slice(V, x, y + V->lab, c, ch, cl, z, 0);
        window_on(V, x, y + V->lab, c, z, cl);
        yk = y + V->lab + l->grid[1] * c + V->gap;
        snprintf(w0, sizeof w0, "w[%d][%d][%d]", f, cl, kz);
        snprintf(w1, sizeof w1, "w");
        label(l, (box){x, yk, V->kw * c + V->gap / 2, V->lab}, l->t->muted, ch, (const char *const[]){w0, w1}, 2);
        label(l, (box){x + V->kw * c + V->gap, yk, V->kw * c + V->gap / 2, V->lab}, l->t->muted, ch,
              (const char *const[]){"products", "prod", "x"}, 3);
        kernel_slice(V, x, yk + V->lab, kz, fw, dw, fp, dp);
        {
            double ss = slice_sum(V, cl, kz, &any);
            int idx[2] = {ch, kz};
            frame_cmd *r;
            if (!any) continue;
            lay_fixed(v, sizeof v, ss, V->d_p);
            snprintf(s, sizeof s, "= %s", v);
            r = lay_pick(l, (box){x, yk + V->lab + V->kh * c + V->gap / 2, w, text_line_h(V->big)}, FRAME_FONT_MONO,
                         V->big, FRAME_ALIGN_LEFT, l->t->text, (const char *const[]){s, v}, 2);
            frame_tag(r, FRAME_EL_PARTIAL_SUM, cl, kz);
            frame_index(r, 2, idx, 0);
        }
    }
}

/* ---- sum box ---- */

/* One line of the box: the longest of forms that fits, tagged. */
static int box_line(vv *V, int y, frame_font font, int size, frame_color c, frame_element el, int now,
                    const int *idx, int nidx, const char *const *forms, int n) {
    lay *l = V->l;
    box b = {V->x_b + V->gap, y, V->wbox - 2 * V->gap, text_line_h(size)};
    frame_cmd *r = lay_pick(l, b, font, size, FRAME_ALIGN_LEFT, c, forms, n);
    frame_tag(r, el, el == FRAME_EL_PARTIAL_SUM ? V->cl : 0, 0);
    if (el != FRAME_EL_LABEL) frame_index(r, nidx, idx, now);
    return y + b.h;
}

static void sum_box(vv *V) {
    lay *l = V->l;
    const sched_state *st = &l->st;
    const conv_geom *g = l->g;
    int mono = (l->ts * 23 + 10) / 20, big = sum_size(l), y, h, ch = st->in_c0 + V->cl, d = V->d_p;
    char a[512], b[160], v[48], name[96];
    size_t k = 0;
    int terms = 0, any;
    h = 2 * V->gap + text_line_h(l->ts) + 2 * text_line_h(mono) + text_line_h(big) + 2 * text_line_h(mono) +
        text_line_h(big);
    y = iclamp(V->y0 + V->lab + (l->grid[1] * V->c) / 2 - h / 2, l->main.y, l->main.y + l->main.h - h);
    if (h > l->main.h) return;
    frame_tag(lay_rect(l, (box){V->x_b, y, V->wbox, h}, l->t->panel), FRAME_EL_SUM, 0, 0);
    lay_outline(l, (box){V->x_b, y, V->wbox, h}, l->t->border, 1, 0);
    y += V->gap;
    lay_out_index(name, sizeof name, l, st->pos.filter, st->out);
    y = box_line(V, y, FRAME_FONT_SANS, l->ts, l->t->muted, FRAME_EL_LABEL, 0, NULL, 0, (const char *const[]){name, "output"}, 2);
    /* the channel in play: its slices' sums, then its partial sum */
    a[0] = 0;
    for (int kz = 0; kz < V->kd; kz++) {
        double ss = slice_sum(V, V->cl, kz, &any);
        if (!any) continue;
        lay_fixed(v, sizeof v, ss, d);
        if (k < sizeof a) k += (size_t)snprintf(a + k, sizeof a - k, "%s%s", terms++ ? " + " : "", v);
    }
    snprintf(b, sizeof b, "ch %d, %d slices:", ch, V->kd);
    y = box_line(V, y, FRAME_FONT_SANS, l->ts, l->t->muted, FRAME_EL_LABEL, 0, NULL, 0,
                 (const char *const[]){b, "slices:"}, 2);
    y = box_line(V, y, FRAME_FONT_MONO, mono, l->t->text, FRAME_EL_SUM, 0, NULL, 0,
                 (const char *const[]){terms ? a : "(none yet)", ""}, 2);
    if (chan_started(l, V->cl) || chan_now(l, V->cl)) {
        int idx[1] = {ch};
        lay_fixed(v, sizeof v, st->chan_sum[V->cl], d);
        snprintf(b, sizeof b, "= %s", v);
        y = box_line(V, y, FRAME_FONT_MONO, big, l->t->accent, FRAME_EL_PARTIAL_SUM, chan_now(l, V->cl), idx, 1,
                     (const char *const[]){b}, 1);
    } else {
        y += text_line_h(big);
    }
    /* the channels, bias, the value */
    k = 0, terms = 0;
    for (int c = 0; c < g->cpg; c++) {
        if (!chan_started(l, c)) continue;
        lay_fixed(v, sizeof v, st->chan_sum[c], d);
        if (k < sizeof a) k += (size_t)snprintf(a + k, sizeof a - k, "%s%s", terms++ ? " + " : "", v);
    }
    snprintf(b, sizeof b, "%d of %d channels", terms, g->cpg);
    y = box_line(V, y, FRAME_FONT_MONO, mono, l->t->text, FRAME_EL_SUM, 1, NULL, 0,
                 (const char *const[]){terms ? a : "", b, ""}, 3);
    if (g->p.bias) {
        double bv = l->L->bias ? l->L->bias[st->pos.filter] : 0;
        lay_fixed(v, sizeof v, bv, imax(d, lay_decimals(&bv, 1, 3)));
        snprintf(b, sizeof b, "+ bias %s", v);
        y = box_line(V, y, FRAME_FONT_MONO, mono, st->complete ? l->t->text : l->t->muted, FRAME_EL_SUM, 1, NULL, 0,
                     (const char *const[]){b}, 1);
    } else {
        y += text_line_h(mono);
    }
    if (st->complete) {
        char pre[48];
        lay_fixed(pre, sizeof pre, st->pre, imax(d, lay_decimals(&st->pre, 1, 3)));
        lay_fixed(v, sizeof v, st->value, imax(d, lay_decimals(&st->value, 1, 3)));
        if (g->p.activation == CONV_ACT_NONE) snprintf(b, sizeof b, "= %s", v);
        else snprintf(b, sizeof b, "%s(%s) = %s", conv_act_name(g->p.activation), pre, v);
    } else {
        lay_fixed(v, sizeof v, st->sum, d);
        snprintf(b, sizeof b, "so far %s", v);
    }
    box_line(V, y, FRAME_FONT_MONO, big, l->t->accent, FRAME_EL_SUM, 1, NULL, 0, (const char *const[]){b, v}, 2);
}

/* ---- the output volume and the input volume ---- */

static double out_value(const lay *l, int f, int64_t cell, sched_cellstate cs) {
    if (cs == SCHED_CURRENT) return l->st.complete ? l->st.value : l->st.sum;
    return l->L->out[(int64_t)f * l->g->out_cells + cell];
}

/* Output depth slice z of filter f at cell co; numbers if they fit. */
static void out_slice(vv *V, int x, int y, int co, int z, int small) {
    lay *l = V->l;
    const conv_geom *g = l->g;
    int f = l->st.pos.filter, oH = g->out_sp[1], oW = g->out_sp[2], d = imin(3, imax(V->d_p, l->d_out)), fs = 0;
    double *v = malloc(sizeof *v * (size_t)oH * (size_t)oW);
    if (!v) {
        l->fail = 1;
        return;
    }
    for (int r = 0; r < oH; r++)
        for (int q = 0; q < oW; q++) v[r * oW + q] = l->L->out[(int64_t)f * g->out_cells + ((int64_t)z * oH + r) * oW + q];
    if (co >= PLAN_NUMBERS && !small) fs = lay_grid_text(l, v, (int64_t)oH * oW, co, &d); /* small: a map, no numbers */
    free(v);
    for (int r = 0; r < oH; r++)
        for (int q = 0; q < oW; q++) {
            int64_t cell = ((int64_t)z * oH + r) * oW + q;
            sched_cellstate cs = sched_cell_state(g, l->v->gran, l->st.step, f, cell);
            double val = out_value(l, f, cell, cs);
            frame_color fill = cs == SCHED_EMPTY ? l->t->empty : theme_value_color(l->t, val, l->out_max);
            box cb = {x + q * co, y + r * co, co, co};
            lay_output_cell(l, cb, f, cell, fill, cs == SCHED_EMPTY ? NULL : &val, fs,
                            cs == SCHED_CURRENT ? imax(d, V->d_p) : d, cs == SCHED_CURRENT);
        }
    lay_grid_lines(l, (box){x, y, oW * co, oH * co}, oH, oW, co);
    if (z == l->st.out[0])
        lay_outline(l, (box){x + l->st.out[2] * co, y + l->st.out[1] * co, co, co}, l->t->accent,
                    thick_for(l, co) + 1, 0);
}

static int vol_first(const vv *V) { return iclamp(V->cl - vol_rows(V) / 2, 0, V->l->g->cpg - vol_rows(V)); }

/* Top-left of the input volume's map of (channel cl, padded depth z); 0
 * if not drawn. */
static int vol_xy(const vv *V, int cl, int z, int *x, int *y) {
    const lay *l = V->l;
    int i = cl - vol_first(V), y0 = V->y0 + right_h(V, V->co, V->t, V->to) - vol_rows(V) * (l->grid[1] * V->t + V->gap / 2);
    if (i < 0 || i >= vol_rows(V) || z < 0 || z >= l->grid[0]) return 0;
    *x = V->x_o + V->rlab + z * (l->grid[2] * V->t + V->gap / 2);
    *y = y0 + i * (l->grid[1] * V->t + V->gap / 2);
    return 1;
}

/* Top-left of output depth slice z's small map. */
static void omap_xy(const vv *V, int z, int *x, int *y) {
    const conv_geom *g = V->l->g;
    *x = V->x_o + z * (g->out_sp[2] * V->to + V->gap / 2);
    *y = V->y0 + V->lab + g->out_sp[1] * V->co + V->gap + V->lab;
}

static void right_column(vv *V) {
    lay *l = V->l;
    const conv_geom *g = l->g;
    int f = l->st.pos.filter, z = l->st.out[0], x, y, rw = right_w(V, V->co, V->t, V->to);
    char f0[128], f1[64], f2[32];
    snprintf(f0, sizeof f0, "output channel %d (filter %d), depth %d of %d", f, f, z, g->out_sp[0]);
    snprintf(f1, sizeof f1, "out ch %d, depth %d", f, z);
    snprintf(f2, sizeof f2, "out %d d %d", f, z);
    label(l, (box){V->x_o, V->y0, rw, V->lab}, l->t->muted, f, (const char *const[]){f0, f1, f2}, 3);
    out_slice(V, V->x_o, V->y0 + V->lab, V->co, z, 0);
    omap_xy(V, 0, &x, &y);
    snprintf(f0, sizeof f0, "output %d, its %d depth slices", f, g->out_sp[0]);
    snprintf(f1, sizeof f1, "depths 0-%d", g->out_sp[0] - 1);
    label(l, (box){V->x_o, y - V->lab, rw, V->lab}, l->t->muted, f, (const char *const[]){f0, f1, ""}, 3);
    for (int d = 0; d < g->out_sp[0]; d++) {
        omap_xy(V, d, &x, &y);
        out_slice(V, x, y, V->to, d, 1);
        if (d == z)
            lay_outline(l, (box){x - 2, y - 2, g->out_sp[2] * V->to + 4, g->out_sp[1] * V->to + 4}, l->t->accent, 2, 0);
    }
    if (!vol_xy(V, vol_first(V), 0, &x, &y)) return;
    snprintf(f0, sizeof f0, "input volume: %d channels x %d depth slices (padded)", g->cpg, l->grid[0]);
    snprintf(f1, sizeof f1, "input: channel x depth");
    label(l, (box){V->x_o, y - V->lab, rw, V->lab}, l->t->muted, 0, (const char *const[]){f0, f1, "input", ""}, 4);
    for (int i = 0; i < vol_rows(V); i++) {
        int cl = vol_first(V) + i, ch = l->st.in_c0 + cl;
        char s[16];
        vol_xy(V, cl, 0, &x, &y);
        snprintf(s, sizeof s, "ch %d", ch);
        frame_tag(lay_pick(l, (box){V->x_o, y, V->rlab, l->grid[1] * V->t}, FRAME_FONT_SANS, l->ts * 9 / 10,
                           FRAME_ALIGN_LEFT, chan_now(l, cl) ? l->t->accent : l->t->muted,
                           (const char *const[]){s, s + 3}, 2),
                  FRAME_EL_LABEL, ch, 0);
        for (int zz = 0; zz < l->grid[0]; zz++) {
            int mx, my, inwin = 0;
            vol_xy(V, cl, zz, &mx, &my);
            slice(V, mx, my, V->t, ch, cl, zz, 1);
            for (int kz = 0; kz < V->kd; kz++) inwin |= slice_z(V, kz) == zz;
            if (inwin && chan_now(l, cl)) window_on(V, mx, my, V->t, zz, cl);
            if (inwin && cl == V->cl)
                lay_outline(l, (box){mx - 1, my - 1, l->grid[2] * V->t + 2, l->grid[1] * V->t + 2}, l->t->accent, 1, 0);
        }
    }
}

/* ---- hover ---- */

/* Every place padded cell pos of channel cl is drawn (a big slice and its
 * volume map). */
static int places(const vv *V, int cl, const int pos[CONV_SP], box out[2]) {
    const lay *l = V->l;
    int n = 0, x, y;
    if (cl == V->cl)
        for (int kz = 0; kz < V->kd; kz++)
            if (slice_z(V, kz) == pos[0]) {
                x = V->x0 + kz * (col_w(V, V->c) + 2 * V->gap);
                y = V->y0 + 2 * V->lab;
                out[n++] = (box){x + pos[2] * V->c, y + pos[1] * V->c, V->c, V->c};
                break;
            }
    if (vol_xy(V, cl, pos[0], &x, &y)) out[n++] = (box){x + pos[2] * V->t, y + pos[1] * V->t, V->t, V->t};
    (void)l;
    return n;
}

/* An output cell lights its receptive field on every slice it touches. */
static void light_rf(vv *V) {
    lay *l = V->l;
    const conv_geom *g = l->g;
    int f = l->v->hover_a, out[CONV_SP], c0;
    if (f < 0 || f >= g->out_c || l->v->hover_b < 0 || l->v->hover_b >= g->out_cells) return;
    c0 = conv_group_first_channel(g, f);
    if (c0 != l->st.in_c0) return; /* another group's channels are not drawn */
    conv_cell_coords(g, l->v->hover_b, out);
    {
        int x, y;
        omap_xy(V, out[0], &x, &y);
        lay_outline(l, (box){x + out[2] * V->to, y + out[1] * V->to, V->to, V->to}, l->t->accent, 1, 0);
        if (out[0] == l->st.out[0])
            lay_outline(l, (box){V->x_o + out[2] * V->co, V->y0 + V->lab + out[1] * V->co, V->co, V->co},
                        l->t->accent, thick_for(l, V->co), 1);
    }
    for (int cl = 0; cl < g->cpg; cl++)
        for (int tap = 0; tap < g->kvol; tap++) {
            conv_tap t;
            box bx[2];
            conv_tap_at(g, out, tap, &t);
            for (int k = 0, n = places(V, cl, t.at, bx); k < n; k++)
                frame_tag(lay_rect(l, bx[k], l->t->accent_faint), FRAME_EL_INPUT_CELL, c0 + cl,
                          lay_in_index(l, t.at[0], t.at[1], t.at[2]));
        }
}

static void light_feeds(vv *V) {
    lay *l = V->l;
    const conv_geom *g = l->g;
    int ch = l->v->hover_a, pos[CONV_SP], src[CONV_SP], cl = ch - l->st.in_c0, f = l->st.pos.filter, x, y;
    int64_t fed;
    unsigned char *lit;
    box bx[2];
    if (ch < 0 || ch >= g->in_c || !lay_grid_pos(l, l->v->hover_b, pos)) return;
    if (cl >= 0 && cl < g->cpg)
        for (int i = 0, n = places(V, cl, pos, bx); i < n; i++) lay_outline(l, bx[i], l->t->accent, thick_for(l, bx[i].w) + 1, 0);
    if (lay_classify(l, pos, src) == CONV_TAP_PAD || cl < 0 || cl >= g->cpg) return;
    if (!(lit = lay_feeds(l, src, &fed))) return;
    for (int64_t cell = 0; cell < g->out_cells; cell++) {
        int o[CONV_SP];
        if (!lit[cell]) continue;
        conv_cell_coords(g, cell, o);
        if (o[0] == l->st.out[0])
            frame_tag(lay_rect(l, (box){V->x_o + o[2] * V->co, V->y0 + V->lab + o[1] * V->co, V->co, V->co},
                               l->t->accent_faint), FRAME_EL_OUTPUT_CELL, f, cell);
        omap_xy(V, o[0], &x, &y);
        frame_tag(lay_rect(l, (box){x + o[2] * V->to, y + o[1] * V->to, V->to, V->to}, l->t->accent_faint),
                  FRAME_EL_OUTPUT_CELL, f, cell);
    }
    free(lit);
}

/* ---- entry points ---- */

void view_vol_plan(lay *l, plan_out *p) {
    vv V = {0};
    V.l = l;
    plan(&V);
    *p = (plan_out){0};
    p->c = V.c;
    p->co = V.co;
    p->width = V.w;
}

void view_vol(lay *l) {
    vv V = {0};
    V.l = l;
    plan(&V);
    if (V.c < 1) {
        label(l, (box){l->main.x, l->main.y, l->main.w, text_line_h(l->ts)}, l->t->muted, 0,
              (const char *const[]){"volume too large to draw at this window size", "too large to draw"}, 2);
        return;
    }
    V.x0 = l->main.x + (l->main.w - V.w) / 2;
    V.y0 = l->main.y + (l->main.h - V.h) / 2;
    V.x_b = V.x0 + left_w(&V, V.c) + 2 * V.gap;
    V.x_o = V.x_b + V.wbox + 2 * V.gap;
    slices(&V);
    sum_box(&V);
    right_column(&V);
    if (l->v->hover_el == FRAME_EL_OUTPUT_CELL) light_rf(&V);
    else if (l->v->hover_el == FRAME_EL_INPUT_CELL) light_feeds(&V);
}
