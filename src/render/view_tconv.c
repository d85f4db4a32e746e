/* view_tconv: a transposed layer as the framework computes it, each input
 * cell in turn stamping value x kernel into the output (the scatter order,
 * sched.h). Left to right:
 *
 *   input:   the channel in play, the stamping cell outlined, the cells
 *            already stamped marked; every channel of the group as a small
 *            map under it
 *   kernel:  w[c][f] and the stamp (value x each weight) at the input's
 *            cell size; at position granularity the stamp of all channels
 *   output:  the canvas of every stamp, stride apart: the output cells
 *            with their running sums (overlaps add up there), ringed by
 *            the cells the padding crops, grown by output_padding; the
 *            current stamp outlined
 *
 * The zero-insertion equivalent is the grid view's (view_grid.c); both
 * give the same numbers at the end of every output cell. */
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
    sched_pos pos;          /* the step, in the scatter order */
    int in[CONV_SP];        /* the stamping input cell */
    int cl;                 /* channel in play (group-local; 0 at position granularity) */
    int c0;                 /* first input channel of the filter's group */
    int c, co, t;           /* cells: input and kernel, output canvas, strip maps */
    int canvas[CONV_SP];    /* full stamp extent: (in-1)*s + d*(k-1) + 1, or the output's if larger */
    int lab, gap, per_line, strip_lines;
    int w, h, x0, y0, x_k, x_o;
    double *stamp;          /* [kvol] the products on screen */
    unsigned char *done;    /* [kvol] in already */
} tv;

/* ---- geometry ---- */

static int in_rows(const tv *T) { return T->l->g->in_sp[1]; }
static int in_cols(const tv *T) { return T->l->g->in_sp[2]; }

/* Canvas position of output cell o on axis a (output 0 sits after the
 * cells the padding crops). */
static int canvas_of(const tv *T, int a, int o) { return o + T->l->g->pad_lo[a]; }

static int strip_h(const tv *T, int c, int t) {
    const conv_geom *g = T->l->g;
    int per = imax(1, (in_cols(T) * c + T->gap) / (in_cols(T) * t + T->gap)), lines = (g->cpg + per - 1) / per;
    return T->lab + lines * (T->lab + in_rows(T) * t + T->gap / 2);
}

static int fits(tv *T, int c, int co, int t, int W, int H) {
    const conv_geom *g = T->l->g;
    int kh = g->p.kernel[1], kw = g->p.kernel[2];
    int w = in_cols(T) * c + 2 * T->gap + kw * c + 3 * T->gap + T->canvas[2] * co;
    int hl = T->lab + in_rows(T) * c + T->gap + strip_h(T, c, t);
    int hk = 2 * (T->lab + kh * c) + T->gap;
    int ho = T->lab + T->canvas[1] * co + T->lab;
    int h = imax(hl, imax(hk, ho));
    if (w > W || h > H) return 0;
    T->w = w, T->h = h;
    return 1;
}

static void plan(tv *T) {
    lay *l = T->l;
    const conv_geom *g = l->g;
    T->lab = text_line_h(l->ts);
    T->gap = l->gap;
    T->pos = sched_order_at(g, SCHED_SCATTER, l->v->gran, l->st.step);
    T->cl = T->pos.chan >= 0 ? T->pos.chan : 0;
    T->c0 = conv_group_first_channel(g, T->pos.filter);
    T->in[2] = (int)(T->pos.cell % g->in_sp[2]);
    T->in[1] = (int)(T->pos.cell / g->in_sp[2] % g->in_sp[1]);
    T->in[0] = (int)(T->pos.cell / g->in_sp[2] / g->in_sp[1]);
    for (int a = 0; a < CONV_SP; a++)
        T->canvas[a] = imax((g->in_sp[a] - 1) * g->p.stride[a] + g->p.dilation[a] * (g->p.kernel[a] - 1) + 1,
                            g->out_sp[a] + g->pad_lo[a]);
    T->c = T->co = 0;
    for (int pass = 0; pass < 2 && !T->c; pass++)
        for (int c = l->cmax; c >= 1 && !T->c; c--) {
            if (l->c_floor && c < l->c_floor && c >= PLAN_NUMBERS) continue;
            for (int co = c; co >= (pass ? 1 : c); co--) {
                int t = imin(c, imax(2, c / 4));
                if (pass == 0 && c < PLAN_NUMBERS) break;
                if (l->co_floor && co < l->co_floor && co >= PLAN_NUMBERS) continue;
                if (fits(T, c, co, t, l->main.w, l->main.h)) {
                    T->c = c, T->co = co, T->t = t;
                    break;
                }
            }
        }
    if (T->c) {
        T->per_line = imax(1, (in_cols(T) * T->c + T->gap) / (in_cols(T) * T->t + T->gap));
        T->strip_lines = (g->cpg + T->per_line - 1) / T->per_line;
    }
}

/* ---- what is in play ---- */

static int chan_now(const tv *T, int cl) { return T->pos.chan < 0 || T->pos.chan == cl; }

/* Input cell (linear) already stamped (all of it) on channel cl. */
static int stamped(const tv *T, int cl, int64_t cell) {
    const lay *l = T->l;
    const conv_geom *g = l->g;
    return sched_scatter_done(g, l->v->gran, l->st.step, T->pos.filter, cell, cl, g->kvol - 1);
}

/* ---- drawing ---- */

static int thick_for(const lay *l, int c) { return iclamp(c / 8, 1, imax(1, (int)lround(3 * l->sc))); }

static void label(lay *l, box b, frame_color c, int a, const char *const *forms, int n) {
    frame_tag(lay_pick(l, b, FRAME_FONT_SANS, l->ts, FRAME_ALIGN_LEFT, c, forms, n), FRAME_EL_LABEL, a, 0);
}

/* Hover id of input cell (r, q): its place on the zero-inserted grid, as
 * layout_input_cell gives it. */
static int64_t in_id(const lay *l, int r, int q) {
    return lay_in_index(l, l->off[0], r * l->g->p.stride[1] + l->off[1], q * l->g->p.stride[2] + l->off[2]);
}

static void tag_in(lay *l, frame_cmd *r, int ch, int y, int x, int now) {
    int idx[3] = {ch, y, x};
    frame_tag(r, FRAME_EL_INPUT_CELL, ch, in_id(l, y, x));
    frame_index(r, 3, idx, now);
}

static box strip_map(const tv *T, int cl) {
    int i = cl % T->per_line, line = cl / T->per_line, t = T->t;
    int y = T->y0 + T->lab + in_rows(T) * T->c + T->gap + T->lab;
    return (box){T->x0 + i * (in_cols(T) * t + T->gap), y + line * (T->lab + in_rows(T) * t + T->gap / 2) + T->lab,
                 in_cols(T) * t, in_rows(T) * t};
}

static void input_grid(tv *T, int x, int y, int c, int cl, int small) {
    lay *l = T->l;
    const conv_geom *g = l->g;
    int ch = T->c0 + cl, d = l->d_in, fs = 0, R = in_rows(T), Q = in_cols(T), cur = chan_now(T, cl);
    const double *v = l->in + (int64_t)ch * g->in_cells;
    if (c >= PLAN_NUMBERS && !small) fs = lay_grid_text(l, v, (int64_t)R * Q, c, &d);
    for (int r = 0; r < R; r++)
        for (int q = 0; q < Q; q++) {
            int64_t cell = (int64_t)r * Q + q;
            int now = cur && cell == T->pos.cell, was = stamped(T, cl, cell) && !now;
            frame_color fill = theme_value_color(l->t, v[cell], l->in_max);
            box cb = {x + q * c, y + r * c, c, c};
            if (!was && !now && cell > T->pos.cell) fill = lay_fade(fill, l->t->background, 0.15);
            tag_in(l, lay_rect(l, cb, fill), ch, r, q, now);
            if (fs) tag_in(l, lay_cell_number(l, cb, v[cell], fs, d, theme_text_on(l->t, fill)), ch, r, q, now);
            if (was && c >= 8) /* a tick in the corner: this cell has stamped */
                lay_rect(l, (box){cb.x + c - imax(2, c / 6) - 1, cb.y + 1, imax(2, c / 6), imax(2, c / 6)}, l->t->trace);
        }
    lay_grid_lines(l, (box){x, y, Q * c, R * c}, R, Q, c);
    if (cur)
        lay_outline(l, (box){x + T->in[2] * c, y + T->in[1] * c, c, c}, l->t->accent, imax(thick_for(l, c) + 1, c / 7), 0);
}

static void input_column(tv *T) {
    lay *l = T->l;
    const conv_geom *g = l->g;
    int ch = T->c0 + T->cl;
    char f0[128], f1[64], f2[32];
    /* the stamping value is in the cell and the caption: the label names the channel */
    lay_in_channel(f0, sizeof f0, l, ch, 0);
    lay_in_channel(f1, sizeof f1, l, ch, 1);
    snprintf(f2, sizeof f2, "ch %d", ch);
    label(l, (box){T->x0, T->y0, T->x_k - T->x0 - T->gap, T->lab}, l->t->text, ch, (const char *const[]){f0, f1, f2}, 3);
    input_grid(T, T->x0, T->y0 + T->lab, T->c, T->cl, 0);
    snprintf(f0, sizeof f0, g->cpg == 1 ? "the input channel, the stamping cell on it"
                                         : "the %d input channels, the stamping cell on each", g->cpg);
    snprintf(f1, sizeof f1, "%d channel%s", g->cpg, g->cpg == 1 ? "" : "s");
    {
        box s0 = strip_map(T, 0);
        label(l, (box){T->x0, s0.y - 2 * T->lab, T->x_k - T->x0 - T->gap, T->lab}, l->t->muted, 0,
              (const char *const[]){f0, f1, ""}, 3);
    }
    for (int cl = 0; cl < g->cpg; cl++) {
        box m = strip_map(T, cl);
        char s[24];
        snprintf(s, sizeof s, "ch %d", T->c0 + cl);
        label(l, (box){m.x, m.y - T->lab, m.w + T->gap / 2, T->lab}, chan_now(T, cl) ? l->t->accent : l->t->muted,
              T->c0 + cl, (const char *const[]){s, s + 3}, 2);
        input_grid(T, m.x, m.y, T->t, cl, 1);
    }
}

/* The stamp of the step: the products of (input cell, channel) with every
 * tap of w[c][f], or their sum over the channels at position granularity. */
static void make_stamp(tv *T) {
    lay *l = T->l;
    const conv_geom *g = l->g;
    int f = T->pos.filter;
    for (int tap = 0; tap < g->kvol; tap++) {
        T->stamp[tap] = 0;
        T->done[tap] = (unsigned char)sched_scatter_done(g, l->v->gran, l->st.step, f, T->pos.cell, T->cl, tap);
        for (int cl = 0; cl < g->cpg; cl++) {
            if (!chan_now(T, cl)) continue;
            T->stamp[tap] += l->in[(int64_t)(T->c0 + cl) * g->in_cells + T->pos.cell] *
                             l->L->weight[conv_weight_index(g, f, cl, tap)];
        }
    }
}

static int tap_now(const tv *T, int tap) { return T->l->v->gran != SCHED_MAC || T->pos.tap == tap; }

static void kernel_column(tv *T) {
    lay *l = T->l;
    const conv_geom *g = l->g;
    int c = T->c, kh = g->p.kernel[1], kw = g->p.kernel[2], f = T->pos.filter, ch = T->c0 + T->cl;
    int dw = l->d_w, dp = imin(3, l->d_in + l->d_w), fw, fp, idx[FRAME_MAX_INDEX], n, y = T->y0;
    double *w = malloc(sizeof *w * (size_t)g->kvol);
    char f0[96], f1[48];
    if (!w) {
        l->fail = 1;
        return;
    }
    for (int tap = 0; tap < g->kvol; tap++) w[tap] = l->L->weight[conv_weight_index(g, f, T->cl, tap)];
    fw = lay_grid_text(l, w, g->kvol, c, &dw);
    fp = lay_grid_text(l, T->stamp, g->kvol, c, &dp);
    snprintf(f0, sizeof f0, "weights w[%d][%d]", ch, f % g->fpg);
    snprintf(f1, sizeof f1, "w[%d][%d]", ch, f % g->fpg);
    label(l, (box){T->x_k, y, kw * c + 2 * T->gap, T->lab}, l->t->muted, ch, (const char *const[]){f0, f1, "w"}, 3);
    y += T->lab;
    for (int pass = 0; pass < 2; pass++) {
        for (int tap = 0; tap < g->kvol; tap++) {
            int k[CONV_SP], now = tap_now(T, tap);
            box cb;
            frame_color fill;
            frame_cmd *r;
            conv_tap_coords(g, tap, k);
            cb = (box){T->x_k + k[2] * c, y + k[1] * c, c, c};
            if (pass == 0) {
                fill = theme_value_color(l->t, w[tap], l->w_max);
                n = lay_weight_index(l, f, T->cl, tap, idx);
                frame_tag(r = lay_rect(l, cb, fill), FRAME_EL_WEIGHT_CELL, T->cl, tap);
                frame_index(r, n, idx, now);
                frame_tag(r = lay_cell_number(l, cb, w[tap], fw, dw, theme_text_on(l->t, fill)), FRAME_EL_WEIGHT_CELL, T->cl, tap);
                frame_index(r, n, idx, now);
            } else {
                fill = T->done[tap] ? theme_value_color(l->t, T->stamp[tap], l->p_max) : l->t->empty;
                n = lay_product_index(l, ch, tap, idx);
                frame_tag(r = lay_rect(l, cb, fill), FRAME_EL_PRODUCT_CELL, T->cl, tap);
                frame_index(r, n, idx, now);
                if (T->done[tap]) {
                    r = lay_cell_number(l, cb, T->stamp[tap], fp, dp, theme_text_on(l->t, fill));
                    frame_tag(r, FRAME_EL_PRODUCT_CELL, T->cl, tap);
                    frame_index(r, n, idx, now);
                }
            }
            if (l->v->gran == SCHED_MAC && now) lay_outline(l, cb, l->t->accent, imax(thick_for(l, c) + 2, c / 7), 0);
        }
        lay_grid_lines(l, (box){T->x_k, y, kw * c, kh * c}, kh, kw, c);
        lay_outline(l, (box){T->x_k, y, kw * c, kh * c}, l->t->accent, thick_for(l, c), 0);
        y += kh * c + T->gap;
        if (pass == 0) {
            char v[32];
            lay_num(v, sizeof v, l->in[(int64_t)ch * g->in_cells + T->pos.cell], 6);
            if (T->pos.chan < 0 && g->cpg > 1) snprintf(f0, sizeof f0, "stamp: sum of %d channels", g->cpg);
            else snprintf(f0, sizeof f0, "stamp = %s x w", v);
            label(l, (box){T->x_k, y, kw * c + 2 * T->gap, T->lab}, l->t->muted, ch,
                  (const char *const[]){f0, "stamp", ""}, 3);
            y += T->lab;
        }
    }
    free(w);
}

/* ---- the output canvas ---- */

static box canvas_cell(const tv *T, int u, int v) { return (box){T->x_o + v * T->co, T->y0 + T->lab + u * T->co, T->co, T->co}; }

static void canvas(tv *T) {
    lay *l = T->l;
    const conv_geom *g = l->g;
    int f = T->pos.filter, oH = g->out_sp[1], oW = g->out_sp[2], co = T->co, d = imin(3, imax(l->d_out, imin(3, l->d_in + l->d_w)));
    int fs = 0, U = T->canvas[1], V = T->canvas[2];
    char f0[160], f1[96], f2[32];
    const double *out = l->L->out + (int64_t)f * g->out_cells;
    sched_outcell oc;
    snprintf(f0, sizeof f0, "output channel %d: the stamps, %d apart, summed%s", f, g->p.stride[2],
             g->pad_lo[2] || g->pad_lo[1] ? "; hatched: cropped by padding" : "");
    snprintf(f1, sizeof f1, "output %d, stamps summed", f);
    snprintf(f2, sizeof f2, "out %d", f);
    label(l, (box){T->x_o, T->y0, l->main.x + l->main.w - T->x_o, T->lab}, l->t->muted, f, (const char *const[]){f0, f1, f2}, 3);
    if (co >= PLAN_NUMBERS) fs = lay_grid_text(l, out, g->out_cells, co, &d);
    for (int u = 0; u < U; u++)
        for (int v = 0; v < V; v++) {
            int o[CONV_SP] = {0, u - g->pad_lo[1], v - g->pad_lo[2]};
            box cb = canvas_cell(T, u, v);
            frame_color fill;
            double val;
            int64_t cell;
            if (o[1] < 0 || o[1] >= oH || o[2] < 0 || o[2] >= oW) { /* cropped */
                lay_rect(l, cb, l->t->pad_fill);
                if (co >= 10) lay_emit(l, FRAME_HATCH, cb, l->t->pad_hatch, NULL);
                continue;
            }
            cell = conv_cell_index(g, o);
            sched_scatter_cell(g, l->v->gran, l->st.step, l->in, l->L->weight, l->L->bias, f, cell, &oc);
            /* a finished cell shows the layer's own value: the same number the
             * zero-insertion view ends the cell with */
            val = oc.state == SCHED_DONE ? out[cell] : oc.sum;
            if (oc.state == SCHED_EMPTY) {
                fill = l->t->empty;
            } else {
                fill = theme_value_color(l->t, val, l->out_max);
                if (oc.state == SCHED_PARTIAL) fill = lay_fade(fill, l->t->empty, 0.35);
            }
            lay_output_cell(l, cb, f, cell, fill, oc.state == SCHED_EMPTY ? NULL : &val, fs, d, oc.now);
        }
    lay_grid_lines(l, (box){T->x_o, T->y0 + T->lab, V * co, U * co}, U, V, co);
    /* the output proper, and the current stamp */
    lay_outline(l, (box){T->x_o + canvas_of(T, 2, 0) * co, T->y0 + T->lab + canvas_of(T, 1, 0) * co, oW * co, oH * co},
                l->t->border, imax(1, thick_for(l, co) / 2 + 1), 0);
    {
        int u0 = T->in[1] * g->p.stride[1], v0 = T->in[2] * g->p.stride[2];
        int eh = g->p.dilation[1] * (g->p.kernel[1] - 1) + 1, ew = g->p.dilation[2] * (g->p.kernel[2] - 1) + 1;
        frame_tag(lay_outline(l, (box){T->x_o + v0 * co, T->y0 + T->lab + u0 * co, ew * co, eh * co}, l->t->accent,
                              thick_for(l, co) + 1, 0), FRAME_EL_WINDOW, T->cl, 0);
        if (l->v->gran == SCHED_MAC && T->pos.tap >= 0) {
            int k[CONV_SP];
            conv_tap_coords(g, T->pos.tap, k);
            lay_outline(l, canvas_cell(T, u0 + k[1] * g->p.dilation[1], v0 + k[2] * g->p.dilation[2]), l->t->accent,
                        imax(thick_for(l, co) + 2, co / 7), 0);
        }
    }
    if (g->p.output_padding[1] || g->p.output_padding[2]) {
        snprintf(f0, sizeof f0, "output_padding %d: the last %s grown", g->p.output_padding[2] ? g->p.output_padding[2] : g->p.output_padding[1],
                 g->p.output_padding[1] && g->p.output_padding[2] ? "row and column" : g->p.output_padding[1] ? "row" : "column");
        label(l, (box){T->x_o, T->y0 + T->lab + U * co, l->main.x + l->main.w - T->x_o, T->lab}, l->t->muted, f,
              (const char *const[]){f0, "output_padding", ""}, 3);
    }
}

/* ---- hover ---- */

/* An output cell lights the input cells whose stamps reach it. */
static void light_rf(tv *T) {
    lay *l = T->l;
    const conv_geom *g = l->g;
    int f = l->v->hover_a, o[CONV_SP];
    if (f != T->pos.filter || l->v->hover_b < 0 || l->v->hover_b >= g->out_cells) return;
    conv_cell_coords(g, l->v->hover_b, o);
    for (int tap = 0; tap < g->kvol; tap++) {
        conv_tap t;
        conv_tap_at(g, o, tap, &t);
        if (t.kind != CONV_TAP_DATA) continue;
        for (int cl = 0; cl < g->cpg; cl++) {
            box m = strip_map(T, cl);
            frame_tag(lay_rect(l, (box){m.x + t.src[2] * T->t, m.y + t.src[1] * T->t, T->t, T->t}, l->t->accent_faint),
                      FRAME_EL_INPUT_CELL, T->c0 + cl, in_id(l, t.src[1], t.src[2]));
            if (cl == T->cl)
                frame_tag(lay_rect(l, (box){T->x0 + t.src[2] * T->c, T->y0 + T->lab + t.src[1] * T->c, T->c, T->c},
                                   l->t->accent_faint), FRAME_EL_INPUT_CELL, T->c0 + cl, in_id(l, t.src[1], t.src[2]));
        }
    }
}

/* An input cell lights its stamp on the canvas. */
static void light_feeds(tv *T) {
    lay *l = T->l;
    const conv_geom *g = l->g;
    int pos[CONV_SP], src[CONV_SP];
    if (!lay_grid_pos(l, l->v->hover_b, pos) || lay_classify(l, pos, src) != CONV_TAP_DATA) return;
    for (int tap = 0; tap < g->kvol; tap++) {
        int k[CONV_SP];
        conv_tap_coords(g, tap, k);
        lay_rect(l, canvas_cell(T, src[1] * g->p.stride[1] + k[1] * g->p.dilation[1], src[2] * g->p.stride[2] + k[2] * g->p.dilation[2]),
                 l->t->accent_faint);
    }
    lay_outline(l, (box){T->x0 + src[2] * T->c, T->y0 + T->lab + src[1] * T->c, T->c, T->c}, l->t->accent, thick_for(l, T->c) + 1, 1);
}

/* ---- the step's words ---- */

static void step_text(tv *T) {
    lay *l = T->l;
    const conv_geom *g = l->g;
    int ch = T->c0 + T->cl, f = T->pos.filter;
    char v[32], w[32], p[32];
    double x = l->in[(int64_t)ch * g->in_cells + T->pos.cell];
    lay_num(v, sizeof v, x, 6);
    if (l->v->gran == SCHED_MAC) {
        int k[CONV_SP], o[CONV_SP] = {0, 0, 0}, inside = 1;
        conv_tap_coords(g, T->pos.tap, k);
        for (int a = 1; a < CONV_SP; a++) {
            o[a] = T->in[a] * g->p.stride[a] - g->pad_lo[a] + k[a] * g->p.dilation[a];
            inside &= o[a] >= 0 && o[a] < g->out_sp[a];
        }
        lay_num(w, sizeof w, l->L->weight[conv_weight_index(g, f, T->cl, T->pos.tap)], 6);
        lay_num(p, sizeof p, x * l->L->weight[conv_weight_index(g, f, T->cl, T->pos.tap)], 6);
        if (inside) {
            sched_outcell oc;
            char s[32];
            sched_scatter_cell(g, l->v->gran, l->st.step, l->in, l->L->weight, l->L->bias, f, conv_cell_index(g, o), &oc);
            lay_num(s, sizeof s, oc.sum, 6);
            snprintf(l->step_text, sizeof l->step_text,
                     "input[%d][%d][%d] x w[%d][%d][%d][%d] = %s x %s = %s  ->  output[%d][%d][%d] += %s, so far %s (%d of %d stamps)",
                     ch, T->in[1], T->in[2], ch, f % g->fpg, k[1], k[2], v, w, p, f, o[1], o[2], p, s, oc.stamps, oc.total);
        } else {
            snprintf(l->step_text, sizeof l->step_text,
                     "input[%d][%d][%d] x w[%d][%d][%d][%d] = %s x %s = %s  ->  (%d, %d): cropped by the padding, adds nothing",
                     ch, T->in[1], T->in[2], ch, f % g->fpg, k[1], k[2], v, w, p, o[1], o[2]);
        }
    } else if (T->pos.chan >= 0 || g->cpg == 1) { /* one channel: its stamp */
        snprintf(l->step_text, sizeof l->step_text,
                 "input[%d][%d][%d] = %s stamps %s x w[%d][%d] into output %d at rows %d.., columns %d.. (stride %d)", ch,
                 T->in[1], T->in[2], v, v, ch, f % g->fpg, f, T->in[1] * g->p.stride[1] - g->pad_lo[1],
                 T->in[2] * g->p.stride[2] - g->pad_lo[2], g->p.stride[2]);
    } else {
        snprintf(l->step_text, sizeof l->step_text,
                 "input cell (%d, %d) of all %d channels stamps sum_c input[c][%d][%d] x w[c][%d] into output %d at rows %d.., columns %d..",
                 T->in[1], T->in[2], g->cpg, T->in[1], T->in[2], f % g->fpg, f, T->in[1] * g->p.stride[1] - g->pad_lo[1],
                 T->in[2] * g->p.stride[2] - g->pad_lo[2]);
    }
}

/* ---- entry points ---- */

void view_tconv_plan(lay *l, plan_out *p) {
    tv T = {0};
    T.l = l;
    plan(&T);
    *p = (plan_out){0};
    p->c = T.c;
    p->co = T.co;
    p->width = T.w;
}

void view_tconv(lay *l) {
    tv T = {0};
    T.l = l;
    plan(&T);
    step_text(&T);
    if (T.c < 1) {
        label(l, (box){l->main.x, l->main.y, l->main.w, text_line_h(l->ts)}, l->t->muted, 0,
              (const char *const[]){"layer too large to draw at this window size", "too large to draw"}, 2);
        return;
    }
    T.stamp = malloc(sizeof *T.stamp * (size_t)l->g->kvol);
    T.done = malloc((size_t)l->g->kvol);
    if (!T.stamp || !T.done) {
        l->fail = 1;
        free(T.stamp);
        free(T.done);
        return;
    }
    T.x0 = l->main.x + (l->main.w - T.w) / 2;
    T.y0 = l->main.y + (l->main.h - T.h) / 2;
    T.x_k = T.x0 + in_cols(&T) * T.c + 2 * T.gap;
    T.x_o = T.x_k + l->g->p.kernel[2] * T.c + 3 * T.gap;
    make_stamp(&T);
    input_column(&T);
    kernel_column(&T);
    canvas(&T);
    if (l->v->hover_el == FRAME_EL_OUTPUT_CELL) light_rf(&T);
    else if (l->v->hover_el == FRAME_EL_INPUT_CELL) light_feeds(&T);
    free(T.stamp);
    free(T.done);
}
