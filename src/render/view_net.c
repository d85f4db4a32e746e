/* view_net: the network strip of a scene of several layers, in a band
 * under any view:
 *
 *   input (8, 8, 3)          layer 1 (6, 6, 2)        layer 2 (4, 4, 4)
 *   [c0] [c1] [c2]   ---->   [c0] [c1]        ---->   [c0] [c1] [c2] [c3]
 *              Conv2D 3x3 · 56 params    Conv2D 3x3 · 76 params
 *
 * Every tensor (net.h: t = 0 the input, t = i the output of layer i) is a
 * small map per channel (per channel and depth slice for conv3d), its
 * shape written as the scene's layout writes it; between two tensors the
 * layer with its parameter count, a click target. The layer the view
 * animates is in the accent colour, its output filled as far as the step
 * has computed it. Hovering an output cell of that layer (or a tensor's
 * cell in the strip) lights its receptive field on every earlier tensor,
 * down to the input: each cell in it carries `lit`.
 *
 * Small tensors are drawn cell by cell (tensor_cell elements); big ones
 * (or cells under 3 px) as pictures, a map an image, the field tinted in
 * the pixels and outlined: that outline is the network_tensor's command
 * that carries `lit`. */
#include "view.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "codegen.h"
#include "net.h"

enum {
    NET_CELLS_MAX = 4096, /* a tensor of more cells is drawn as pictures */
    NET_CELL_MIN = 3      /* ... and so is one whose cells come out smaller (px) */
};

/* How the c*D maps of h x w cells tile a slot: columns, and a cell's size
 * in pixels (fractional where a cell is under a pixel). */
typedef struct { int cols, rows, gap; double cs; } tiling;

/* One tensor's maps: their tiling, how many are drawn (photo: one RGB
 * map), a map's size and the block's. */
typedef struct {
    tiling tl;
    int maps, shown, photo;
    int mw, mh, w, h;
} tplan;

typedef struct {
    lay *l;
    box band;
    int nt;                /* tensors: nlayers + 1 */
    int aw, sw;            /* an arrow's width, a tensor's slot */
    int fs, lab;           /* label text size, label line */
    int mgap;              /* between two maps of a tensor */
    int gap;               /* between the maps and the layers' labels */
    tplan plan[SCENE_MAX_LAYERS + 1];
    int my, mh;            /* the maps' rows: top and height */
    int nd;                /* axes the layers have */
    int hov_t, hov_c;      /* the hovered cell (tensor, channel; -1 none) */
    int hov_at[CONV_SP];
    int field_ok;          /* field[0..hov_t] are set */
    net_field field[SCENE_MAX_LAYERS + 1];
    int64_t done;          /* the animated layer's output: cells [0, done) computed ([c][cells]); -1 all */
} nv;

#define imin lay_imin
#define imax lay_imax


/* ---- what is hovered ---- */

/* The cell the mouse is over, as a tensor's cell: the view's output cell
 * of the animated layer, or a cell of the strip itself. */
static void find_hover(nv *N) {
    const lay *l = N->l;
    const layout_view *v = l->v;
    N->hov_t = -1;
    if (v->hover_el == FRAME_EL_OUTPUT_CELL) {
        const conv_geom *g = l->g;
        if (v->hover_a < 0 || v->hover_a >= g->out_c || v->hover_b < 0 || v->hover_b >= g->out_cells) return;
        N->hov_t = v->layer + 1;
        N->hov_c = v->hover_a;
        conv_cell_coords(g, v->hover_b, N->hov_at);
    } else if (v->hover_el == FRAME_EL_INPUT_CELL) { /* the view's input: tensor `layer` */
        int64_t i = layout_input_index(l->s, v->layer, v->hover_b);
        int c0;
        if (i < 0 || v->hover_a < 0 || v->hover_a >= l->g->in_c) return;
        N->hov_t = v->layer;
        N->hov_c = v->hover_a;
        net_cell_at(l->s, v->layer, i, &c0, N->hov_at); /* channel 0's cell i: its position */
    } else if (v->hover_el == FRAME_EL_TENSOR_CELL) {
        if (net_cell_at(l->s, v->hover_a, v->hover_b, &N->hov_c, N->hov_at)) return;
        N->hov_t = v->hover_a;
    }
    if (N->hov_t >= 0) N->field_ok = net_fields(l->s, N->hov_t, N->hov_c, N->hov_at, N->field, NULL) == 0;
}

static int cell_lit(const nv *N, int t, int c, const int at[CONV_SP]) {
    return N->field_ok && t < N->hov_t && net_field_has(&N->field[t], c, at);
}

static int cell_hovered(const nv *N, int t, int c, const int at[CONV_SP]) {
    return t == N->hov_t && c == N->hov_c && !memcmp(at, N->hov_at, sizeof N->hov_at);
}

/* ---- words ---- */

/* "(8, 8, 3)": the tensor's shape as Keras prints it, in the scene's layout */
static void shape_text(char *buf, size_t n, const nv *N, int t) {
    int c, sp[CONV_SP], dim[4], rank;
    size_t k;
    net_tensor_shape(N->l->s, t, &c, sp);
    rank = scene_user_shape(N->l->s, c, sp, N->nd, dim);
    k = (size_t)snprintf(buf, n, "(");
    for (int i = 0; i < rank && k < n; i++) k += (size_t)snprintf(buf + k, n - k, "%s%d", i ? ", " : "", dim[i]);
    if (k < n) snprintf(buf + k, n - k, ")");
}

static void kernel_text(char *buf, size_t n, const nv *N, const conv_params *p) {
    size_t k = 0;
    buf[0] = 0;
    for (int a = CONV_SP - N->nd; a < CONV_SP && k < n; a++)
        k += (size_t)snprintf(buf + k, n - k, "%s%d", a > CONV_SP - N->nd ? "x" : "", p->kernel[a]);
}

/* ---- drawing ---- */

static int slot_x(const nv *N, int t) { return N->band.x + t * (N->sw + N->aw); }

static frame_cmd *tagged(frame_cmd *c, frame_element el, int a, int64_t b, int idx0, int now) {
    frame_tag(c, el, a, b);
    frame_index(c, 1, &idx0, now);
    return c;
}

static void tensor_label(nv *N, int t) {
    lay *l = N->l;
    char shape[64], f0[128], f1[96], f2[32], f3[16];
    int play = t == l->v->layer || t == l->v->layer + 1;
    shape_text(shape, sizeof shape, N, t);
    if (t == 0) {
        snprintf(f0, sizeof f0, "input %s", shape);
        snprintf(f1, sizeof f1, "input %s", shape);
        snprintf(f2, sizeof f2, "input");
        snprintf(f3, sizeof f3, "in");
    } else {
        snprintf(f0, sizeof f0, "layer %d output %s", t, shape);
        snprintf(f1, sizeof f1, "layer %d %s", t, shape);
        snprintf(f2, sizeof f2, "layer %d", t);
        snprintf(f3, sizeof f3, "L%d", t);
    }
    tagged(lay_pick(l, (box){slot_x(N, t), N->my - N->lab, N->sw, N->lab}, play ? FRAME_FONT_SANS_BOLD : FRAME_FONT_SANS,
                    N->fs, FRAME_ALIGN_LEFT, play ? l->t->text : l->t->muted, (const char *const[]){f0, f1, f2, f3}, 4),
           FRAME_EL_NETWORK_TENSOR, t, 0, t, play);
}


static tiling tile(int maps, int h, int w, int bw, int bh, int gap) {
    tiling best = {1, maps, 1, 0};
    for (int cols = 1; cols <= maps; cols++) {
        int rows = (maps + cols - 1) / cols;
        double cs = fmin((double)(bw - (cols - 1) * gap) / ((double)cols * w),
                         (double)(bh - (rows - 1) * gap) / ((double)rows * h));
        if (cs > best.cs) best = (tiling){cols, rows, gap, cs};
    }
    if (best.cs >= 1) best.cs = floor(best.cs);
    return best;
}

static frame_color cell_color(const nv *N, double v, double m, int lit, int empty) {
    const theme *th = N->l->t;
    frame_color c = empty ? th->empty : theme_value_color(th, v, m);
    return lit ? lay_fade(c, th->accent, 0.55) : c;
}

/* One map of tensor t (channel c, depth slice z) cell by cell. */
static void map_cells(nv *N, int t, int c, int z, int x0, int y0, int cs, const int sp[CONV_SP], const double *data,
                      double m) {
    lay *l = N->l;
    int hx0 = -1, hx1 = -1, hy0 = -1, hy1 = -1;
    for (int y = 0; y < sp[1]; y++)
        for (int x = 0; x < sp[2]; x++) {
            int at[CONV_SP] = {z, y, x}, idx[FRAME_MAX_INDEX], n = 0, lit = cell_lit(N, t, c, at);
            int64_t b = net_cell_index(l->s, t, c, at);
            int empty = N->done >= 0 && t == l->v->layer + 1 && b >= N->done;
            frame_cmd *r = lay_rect(l, (box){x0 + x * cs, y0 + y * cs, cs - (cs > 3), cs - (cs > 3)},
                                    cell_color(N, data[b], m, lit, empty));
            idx[n++] = t;
            idx[n++] = c;
            for (int a = CONV_SP - N->nd; a < CONV_SP; a++) idx[n++] = at[a];
            frame_tag(r, FRAME_EL_TENSOR_CELL, t, b);
            frame_index(r, n, idx, N->done >= 0 && t == l->v->layer + 1 && b == N->done - 1);
            if (r) r->lit = lit;
            if (lit) {
                hy0 = hy0 < 0 ? y : hy0, hy1 = y;
                hx0 = hx0 < 0 || x < hx0 ? x : hx0, hx1 = imax(hx1, x);
            }
            if (cell_hovered(N, t, c, at))
                lay_outline(l, (box){x0 + x * cs - 1, y0 + y * cs - 1, cs + 1, cs + 1}, l->t->accent, 2, 0);
        }
    if (hy0 >= 0) /* the field's outline: it reads at a glance on tiny cells */
        lay_outline(l, (box){x0 + hx0 * cs - 1, y0 + hy0 * cs - 1, (hx1 - hx0 + 1) * cs + 1, (hy1 - hy0 + 1) * cs + 1},
                    l->t->accent, 1, 0);
}

/* The field's (or the hovered cell's) span on a map drawn as a picture:
 * an outline at least a few pixels wide, where a cell is under a pixel. */
static void field_box(nv *N, int t, box b, const int sp[CONV_SP]) {
    int r0, r1, q0, q1, k = imax(5, (int)lround(4 * N->l->sc));
    box o;
    frame_cmd *r;
    net_field_span(&N->field[t], 1, &r0, &r1);
    net_field_span(&N->field[t], 2, &q0, &q1);
    if (r0 < 0 || q0 < 0) return;
    o.x = b.x + (int)((int64_t)q0 * b.w / sp[2]);
    o.y = b.y + (int)((int64_t)r0 * b.h / sp[1]);
    o.w = imax(1, (int)((int64_t)(q1 + 1) * b.w / sp[2]) - (o.x - b.x));
    o.h = imax(1, (int)((int64_t)(r1 + 1) * b.h / sp[1]) - (o.y - b.y));
    if (o.w < k) o.x -= (k - o.w) / 2, o.w = k;
    if (o.h < k) o.y -= (k - o.h) / 2, o.h = k;
    r = lay_outline(N->l, o, t == N->hov_t ? N->l->t->text : N->l->t->accent, imax(1, (int)lround(N->l->sc)), 0);
    tagged(r, FRAME_EL_NETWORK_TENSOR, t, 0, t, 0);
    if (r) r->lit = t < N->hov_t; /* the field on a picture: its outline is what is lit */
}

/* One map as a picture of pw x ph pixels, sampled nearest; c = -1: the
 * three channels as one RGB picture (a photo). */
static void map_picture(nv *N, int t, int c, int z, box b, const int sp[CONV_SP], const double *data, double m) {
    lay *l = N->l;
    int64_t cells = (int64_t)sp[0] * sp[1] * sp[2];
    unsigned char *px = malloc((size_t)b.w * b.h * 3);
    frame_cmd *r;
    if (!px) {
        l->fail = 1;
        return;
    }
    for (int i = 0; i < b.h; i++)
        for (int j = 0; j < b.w; j++) {
            int at[CONV_SP] = {z, (int)((int64_t)i * sp[1] / b.h), (int)((int64_t)j * sp[2] / b.w)};
            int64_t cell = ((int64_t)z * sp[1] + at[1]) * sp[2] + at[2], k = (int64_t)imax(c, 0) * cells + cell;
            int empty = N->done >= 0 && t == l->v->layer + 1 && k >= N->done;
            unsigned char *p = px + ((size_t)i * b.w + j) * 3;
            frame_color col;
            if (c < 0) {
                int lit = cell_lit(N, t, 0, at) || cell_lit(N, t, 1, at) || cell_lit(N, t, 2, at);
                col = (frame_color){(uint8_t)lround(data[cell] * 255), (uint8_t)lround(data[cells + cell] * 255),
                                    (uint8_t)lround(data[2 * cells + cell] * 255), 255};
                if (lit) col = lay_fade(col, l->t->accent, 0.55);
            } else {
                col = cell_color(N, data[k], m, cell_lit(N, t, c, at), empty);
            }
            p[0] = col.r, p[1] = col.g, p[2] = col.b;
        }
    r = frame_image(l->f, b.x, b.y, b.w, b.h, b.w, b.h, px);
    free(px);
    if (!r) {
        l->fail = 1;
        return;
    }
    /* b: which map, for layout_strip_cell (a photo: channel 0) */
    tagged(r, FRAME_EL_NETWORK_TENSOR, t, (int64_t)imax(c, 0) * sp[0] + z, t, 0);
    if (N->field_ok && t <= N->hov_t && (c < 0 || N->field[t].chan[c]) && N->field[t].pos[0][z]) field_box(N, t, b, sp);
}

/* How tensor t's maps go in its slot, before anything is drawn: the
 * strip is as tall as its tallest tensor needs, centred in the band. */
static void tensor_plan(nv *N, int t, tplan *P) {
    lay *l = N->l;
    int c, sp[CONV_SP], n;
    net_tensor_shape(l->s, t, &c, sp);
    P->maps = c * sp[0];
    P->photo = t == 0 && sp[0] == 1 && pic_values_mode(scene_layer_input_stat(l->s, t), c) == PIC_RGB;
    if (P->photo) P->maps = 1;
    P->tl = tile(P->maps, sp[1], sp[2], N->sw, N->mh, N->mgap);
    P->shown = P->maps;
    if (P->tl.cs * imax(sp[1], sp[2]) < 2) { /* maps under 2 px: as many as hold 2 px, then "+N" */
        int side = 2, cols = imax(1, (N->sw + 1) / (side * sp[2] + 1)), rows = imax(1, (N->mh + 1) / (side * sp[1] + 1));
        P->shown = imin(P->maps, imax(1, cols * rows - 1));
        P->tl = tile(P->shown, sp[1], sp[2], N->sw, N->mh, N->mgap);
    }
    P->mw = imax(1, (int)(P->tl.cs * sp[2]));
    P->mh = imax(1, (int)(P->tl.cs * sp[1]));
    n = P->shown + (P->shown < P->maps); /* the "+N" takes a place */
    P->w = imin(N->sw, imin(P->tl.cols, n) * (P->mw + P->tl.gap) - P->tl.gap);
    P->h = imin(N->mh, (n + P->tl.cols - 1) / P->tl.cols * (P->mh + P->tl.gap) - P->tl.gap);
}

static void tensor_maps(nv *N, int t, const tplan *P) {
    lay *l = N->l;
    int c, sp[CONV_SP], x0 = slot_x(N, t), play = t == l->v->layer || t == l->v->layer + 1;
    const double *data = scene_layer_input_data(l->s, t);
    const tiling *tl = &P->tl;
    int64_t cells;
    double m;
    net_tensor_shape(l->s, t, &c, sp);
    cells = (int64_t)sp[0] * sp[1] * sp[2];
    m = scene_layer_input_stat(l->s, t)->max_abs;
    tagged(lay_rect(l, (box){x0, N->my, N->sw, N->mh}, l->t->background), FRAME_EL_NETWORK_TENSOR, t, 0, t, play);
    for (int k = 0; k < P->shown; k++) {
        int ch = k / sp[0], z = k % sp[0], col = k % tl->cols, row = k / tl->cols;
        int x = x0 + col * (P->mw + tl->gap), y = N->my + row * (P->mh + tl->gap);
        if (P->photo)
            map_picture(N, t, -1, 0, (box){x, y, P->mw, P->mh}, sp, data, m);
        else if (tl->cs >= NET_CELL_MIN && c * cells <= NET_CELLS_MAX)
            map_cells(N, t, ch, z, x, y, (int)tl->cs, sp, data, m);
        else
            map_picture(N, t, ch, z, (box){x, y, P->mw, P->mh}, sp, data, m);
    }
    if (P->shown < P->maps) {
        char more[32];
        int k = P->shown, x = x0 + k % tl->cols * (P->mw + tl->gap), y = N->my + k / tl->cols * (P->mh + tl->gap);
        snprintf(more, sizeof more, "+%d", P->maps - P->shown);
        tagged(lay_text(l, (box){x, y, x0 + N->sw - x, N->lab}, FRAME_FONT_SANS, imax(TEXT_MIN, N->fs * 4 / 5),
                        FRAME_ALIGN_LEFT, l->t->muted, more), FRAME_EL_NETWORK_TENSOR, t, 0, t, 0);
    }
    if (play) /* around the maps drawn */
        lay_outline(l, (box){x0 - 3, N->my - 3, P->w + 6, P->h + 6}, l->t->accent, 1, 1);
}

/* The layer between tensors i and i+1: its arrow (a click target) and,
 * under it, its class, kernel and parameter count. */
static void layer_link(nv *N, int i) {
    lay *l = N->l;
    const conv_geom *g = &l->s->layer[i].g;
    int x = slot_x(N, i) + N->sw, now = i == l->v->layer, y = N->my + N->mh / 2;
    int thick = imax(1, (int)lround((now ? 3 : 1.5) * l->sc));
    frame_color c = now ? l->t->accent : l->t->muted;
    char k[32], f0[160], f1[96], f2[64], f3[32], f4[16];
    const char *act = g->p.activation == CONV_ACT_NONE ? "" : conv_act_titles[g->p.activation];
    box lb = {x - N->sw / 2, N->my + N->mh + N->gap / 2, N->aw + N->sw, N->lab};
    tagged(lay_rect(l, (box){x, N->my, N->aw, N->mh}, l->t->background), FRAME_EL_NETWORK_LAYER, i, 0, i, now);
    tagged(lay_line(l, x + 3, y, N->aw - 6, 0, c, thick, FRAME_ARROW), FRAME_EL_NETWORK_LAYER, i, 0, i, now);
    kernel_text(k, sizeof k, N, &g->p);
    snprintf(f0, sizeof f0, "%s %s%s%s \xc2\xb7 %lld params", codegen_class_name(g->p.kind, lay_vocab(l)), k, *act ? " " : "",
             act, (long long)g->param_count);
    snprintf(f1, sizeof f1, "%s %s \xc2\xb7 %lld params", codegen_class_name(g->p.kind, lay_vocab(l)), k,
             (long long)g->param_count);
    snprintf(f2, sizeof f2, "%s \xc2\xb7 %lld params", k, (long long)g->param_count);
    snprintf(f3, sizeof f3, "%lld params", (long long)g->param_count);
    snprintf(f4, sizeof f4, "%lld", (long long)g->param_count);
    tagged(lay_pick(l, lb, now ? FRAME_FONT_SANS_BOLD : FRAME_FONT_SANS, N->fs, FRAME_ALIGN_CENTER, now ? l->t->text : c,
                    (const char *const[]){f0, f1, f2, f3, f4}, 5),
           FRAME_EL_NETWORK_LAYER, i, 0, i, now);
}

/* The animated layer's output computed so far, in the gather order's
 * filter-major cells; -1: all of it (the scatter order fills cells in
 * another order, and the strip does not follow it). */
static int64_t done_cells(const lay *l) {
    if (l->order == SCHED_SCATTER) return -1;
    return (int64_t)l->st.pos.filter * l->g->out_cells + l->st.pos.cell + 1;
}

/* The strip's measures in band (nothing drawn); 0 if its slots or maps
 * would be too small to draw. */
static int setup(nv *N, lay *l, box band) {
    int nl = l->s->nlayers;
    memset(N, 0, sizeof *N);
    N->l = l;
    N->band = band;
    N->nt = nl + 1;
    N->nd = conv_ndim(l->s->layer[0].g.p.kind);
    N->fs = imax(TEXT_MIN, l->ts * 9 / 10);
    N->lab = N->fs * 3 / 2;
    N->aw = lay_iclamp(band.w / (N->nt * 4), l->ts * 2, l->ts * 5);
    N->sw = (band.w - nl * N->aw) / N->nt;
    N->my = band.y + N->lab;
    N->mh = band.h - 2 * N->lab - l->gap / 2;
    N->mgap = imax(2, l->gap / 3);
    N->gap = imax(2, l->gap / 4);
    return N->sw >= 4 && N->mh >= 4;
}

/* The tallest tensor's maps: the strip's height in the band. */
static int plan_all(nv *N) {
    int hmax = 1;
    for (int t = 0; t < N->nt; t++) {
        tensor_plan(N, t, &N->plan[t]);
        hmax = imax(hmax, N->plan[t].h);
    }
    return hmax;
}

/* The band takes what the tallest tensor needs, up to 30% of the main
 * area (at most 10 lines): the view keeps the rest. */
int view_net_reserve(lay *l, box *band) {
    int ts = l->ts, h;
    nv N;
    if (l->s->nlayers < 2) return 0;
    h = lay_iclamp(l->main.h * 30 / 100, ts * 6, ts * 10);
    if (l->main.h - h - l->gap < ts * 12) h = l->main.h - l->gap - ts * 12;
    if (h < ts * 4) return 0;
    *band = (box){l->main.x, l->main.y + l->main.h - h, l->main.w, h};
    if (setup(&N, l, *band)) { /* no taller than the maps need */
        int need = plan_all(&N) + (h - N.mh);
        if (need < h) band->y += h - need, band->h = h = need;
    }
    l->main.h -= h + l->gap;
    return 1;
}

void view_net(lay *l, box band) {
    nv N;
    if (!setup(&N, l, band)) return;
    N.done = done_cells(l);
    lay_line(l, band.x, band.y - l->gap / 2, band.w - 1, 0, l->t->grid, 1, FRAME_LINE);
    find_hover(&N);
    {
        int hmax = plan_all(&N);
        N.my += (N.mh - hmax) / 2;
        N.mh = hmax;
    }
    for (int t = 0; t < N.nt; t++) {
        tensor_label(&N, t);
        tensor_maps(&N, t, &N.plan[t]);
        if (t < l->s->nlayers) layer_link(&N, t);
    }
    if (N.field_ok) net_fields_free(N.field, N.hov_t + 1);
}
