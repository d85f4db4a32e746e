/* lay: the drawing helpers, words and grid arithmetic that layout.c and
 * the views share (view.h). */
#include "view.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "explain.h"

int lay_imin(int a, int b) { return a < b ? a : b; }
int lay_imax(int a, int b) { return a > b ? a : b; }
int lay_iclamp(int v, int lo, int hi) { return v < lo ? lo : v > hi ? hi : v; }

/* ---- commands ---- */

frame_cmd *lay_emit(lay *l, frame_kind k, box b, frame_color c, const char *text) {
    frame_cmd *r = frame_add(l->f, k, b.x, b.y, b.w, b.h, c, text);
    if (!r) l->fail = 1;
    return r;
}

frame_cmd *lay_rect(lay *l, box b, frame_color c) {
    return b.w > 0 && b.h > 0 ? lay_emit(l, FRAME_RECT, b, c, NULL) : NULL;
}

frame_cmd *lay_outline(lay *l, box b, frame_color c, int thick, int dashed) {
    frame_cmd *r;
    if (b.w <= 0 || b.h <= 0) return NULL;
    r = lay_emit(l, FRAME_BOX, b, c, NULL);
    if (r) {
        r->thick = lay_imax(1, lay_imin(thick, lay_imin(b.w, b.h) / 2));
        r->dashed = dashed;
    }
    return r;
}

frame_cmd *lay_line(lay *l, int x, int y, int dx, int dy, frame_color c, int thick, frame_kind k) {
    box b = {x, y, dx, dy};
    frame_cmd *r = lay_emit(l, k, b, c, NULL);
    if (r) r->thick = thick;
    return r;
}

/* ---- text, through the text module ---- */

static frame_cmd *pen_done(lay *l, frame_cmd *r) {
    l->fail |= l->pen.fail;
    return r;
}

int lay_measure(lay *l, frame_font font, int size, const char *s) {
    return text_width(&l->pen, font, size, s);
}

frame_cmd *lay_text(lay *l, box b, frame_font font, int size, frame_align al, frame_color c, const char *s) {
    return pen_done(l, text_cut(&l->pen, b, font, size, al, c, s));
}

frame_cmd *lay_pick(lay *l, box b, frame_font font, int size, frame_align al, frame_color c,
                    const char *const *forms, int n) {
    return pen_done(l, text_pick(&l->pen, b, font, size, al, c, forms, n));
}

int lay_wrap(lay *l, box b, frame_font font, int size, frame_color c, frame_element el, const char *s) {
    int h = text_wrap(&l->pen, b, font, size, c, el, s);
    l->fail |= l->pen.fail;
    return h;
}

frame_color lay_fade(frame_color c, frame_color to, double k) {
    frame_color r;
    r.r = (uint8_t)(c.r + (to.r - c.r) * k + 0.5);
    r.g = (uint8_t)(c.g + (to.g - c.g) * k + 0.5);
    r.b = (uint8_t)(c.b + (to.b - c.b) * k + 0.5);
    r.a = 255;
    return r;
}

/* ---- numbers ---- */

int lay_decimals(const double *v, int64_t n, int most) { return tensor_decimals(v, n, most); }

void lay_fixed(char *buf, size_t n, double v, int d) {
    snprintf(buf, n, "%.*f", d, v);
    if (buf[0] == '-') { /* "-0.00" reads as a negative number: it is 0 */
        const char *p = buf + 1;
        while (*p == '0' || *p == '.') p++;
        if (!*p) memmove(buf, buf + 1, strlen(buf));
    }
}

void lay_num(char *buf, size_t n, double v, int digits) {
    explain_short(buf, n, v, digits);
}

void lay_grid_lines(lay *l, box g, int rows, int cols, int c) {
    if (c < 4) return;
    for (int r = 1; r < rows; r++) lay_line(l, g.x, g.y + r * c, g.w - 1, 0, l->t->grid, 1, FRAME_LINE);
    for (int q = 1; q < cols; q++) lay_line(l, g.x + q * c, g.y, 0, g.h - 1, l->t->grid, 1, FRAME_LINE);
    lay_outline(l, g, l->t->border, 1, 0);
}

/* ---- words ---- */

codegen_framework lay_vocab(const lay *l) {
    if (l->v->vocab >= 0 && l->v->vocab < CODEGEN_FRAMEWORK_COUNT) return (codegen_framework)l->v->vocab;
    return l->s->layout == SCENE_HWC ? CODEGEN_KERAS : CODEGEN_PYTORCH;
}

int lay_ndim(const lay *l) { return conv_ndim(l->g->p.kind); }
int lay_first_axis(const lay *l) { return CONV_SP - lay_ndim(l); }

int lay_all_eq(const lay *l, const int *v, int x) {
    for (int a = lay_first_axis(l); a < CONV_SP; a++)
        if (v[a] != x) return 0;
    return 1;
}

int lay_pads_symmetric(const lay *l) {
    for (int a = lay_first_axis(l); a < CONV_SP; a++)
        if (l->g->pad_lo[a] != l->g->pad_hi[a]) return 0;
    return 1;
}

void lay_shape(char *buf, size_t n, const lay *l, int c, const int *sp) {
    size_t k = 0;
    int hwc = l->s->layout == SCENE_HWC;
    if (!hwc) k += (size_t)snprintf(buf, n, "%d", c);
    for (int a = lay_first_axis(l); a < CONV_SP && k < n; a++)
        k += (size_t)snprintf(buf + k, n - k, "%s%d", k ? "x" : "", sp[a]);
    if (hwc && k < n) snprintf(buf + k, n - k, "x%d", c);
}

/* "name[c][..]" in the scene's order: channel first (CHW) or last (HWC). */
static void indexed(char *buf, size_t n, const lay *l, const char *name, int c, const int *at) {
    size_t k = (size_t)snprintf(buf, n, "%s", name);
    int hwc = l->s->layout == SCENE_HWC;
    if (!hwc && k < n) k += (size_t)snprintf(buf + k, n - k, "[%d]", c);
    for (int a = lay_first_axis(l); a < CONV_SP && k < n; a++)
        k += (size_t)snprintf(buf + k, n - k, "[%d]", at[a]);
    if (hwc && k < n) snprintf(buf + k, n - k, "[%d]", c);
}

void lay_out_index(char *buf, size_t n, const lay *l, int f, const int *at) { indexed(buf, n, l, "output", f, at); }
void lay_in_channel(char *buf, size_t n, const lay *l, int ch, int form) {
    int layer = l->v->layer;
    conv_act a = layer > 0 ? l->s->layer[layer - 1].g.p.activation : CONV_ACT_NONE;
    char c[32] = "", after[48] = "";
    if (ch >= 0) snprintf(c, sizeof c, form ? " ch %d" : " channel %d", ch);
    if (a != CONV_ACT_NONE) snprintf(after, sizeof after, " (after %s)", conv_act_titles[a]);
    if (layer == 0) snprintf(buf, n, "%s%s", form ? "in" : "input", c);
    else if (form) snprintf(buf, n, "L%d out%s", layer, c);
    else snprintf(buf, n, "layer %d output%s%s", layer, c, after);
}

void lay_in_name(char *buf, size_t n, const lay *l, int ch, const int *src) { indexed(buf, n, l, "input", ch, src); }

/* ---- the input grid: what sits at each padded position ---- */

conv_tapkind lay_classify_axis(const lay *l, int a, int p, int *src) {
    const conv_geom *g = l->g;
    int q = p - l->off[a], n = g->in_sp[a];
    if (g->p.kind == CONV_TRANSPOSE_2D) {
        int s = g->p.stride[a];
        if (q < 0 || q > (n - 1) * s) return CONV_TAP_PAD;
        *src = q / s;
        return q % s ? CONV_TAP_HOLE : CONV_TAP_DATA;
    }
    if (q >= 0 && q < n) {
        *src = q;
        return CONV_TAP_DATA;
    }
    if (g->p.padding_mode == CONV_MODE_ZEROS) return CONV_TAP_PAD;
    *src = conv_pad_source(g->p.padding_mode, q, n);
    return CONV_TAP_COPY;
}

conv_tapkind lay_classify(const lay *l, const int pos[CONV_SP], int src[CONV_SP]) {
    int copy = 0, hole = 0;
    for (int a = 0; a < CONV_SP; a++) {
        conv_tapkind k = lay_classify_axis(l, a, pos[a], &src[a]);
        if (k == CONV_TAP_PAD) return k;
        hole |= k == CONV_TAP_HOLE;
        copy |= k == CONV_TAP_COPY;
    }
    return hole ? CONV_TAP_HOLE : copy ? CONV_TAP_COPY : CONV_TAP_DATA;
}

double lay_in_value(const lay *l, int ch, const int src[CONV_SP]) {
    const conv_geom *g = l->g;
    return l->in[(int64_t)ch * g->in_cells + ((int64_t)src[0] * g->in_sp[1] + src[1]) * g->in_sp[2] + src[2]];
}

int64_t lay_in_index(const lay *l, int z, int r, int q) {
    return ((int64_t)z * l->grid[1] + r) * l->grid[2] + q;
}

int lay_grid_pos(const lay *l, int64_t b, int pos[CONV_SP]) {
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

unsigned char *lay_feeds(lay *l, const int src[CONV_SP], int64_t *n) {
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

/* ---- indices in the scene's terms (frame.h) ---- */

/* v[] on the axes the layer has, after `lead` leading values. */
static int axes_after(const lay *l, int *idx, int lead, const int *v) {
    int k = lead;
    for (int a = lay_first_axis(l); a < CONV_SP; a++) idx[k++] = v[a];
    return k;
}

int lay_input_index(const lay *l, int ch, const int pos[CONV_SP], int *idx) {
    int q[CONV_SP];
    for (int a = 0; a < CONV_SP; a++) q[a] = pos[a] - l->off[a];
    idx[0] = ch;
    return axes_after(l, idx, 1, q);
}

int lay_weight_index(const lay *l, int f, int cl, int tap, int *idx) {
    int k[CONV_SP];
    conv_tap_coords(l->g, tap, k);
    idx[0] = f;
    idx[1] = cl;
    return axes_after(l, idx, 2, k);
}

int lay_product_index(const lay *l, int ch, int tap, int *idx) {
    int k[CONV_SP];
    conv_tap_coords(l->g, tap, k);
    idx[0] = ch;
    return axes_after(l, idx, 1, k);
}

int lay_output_index(const lay *l, int f, int64_t cell, int *idx) {
    int at[CONV_SP];
    conv_cell_coords(l->g, cell, at);
    idx[0] = f;
    return axes_after(l, idx, 1, at);
}

/* ---- what is in play, and its numbers (every view) ---- */

int lay_chan_now(const lay *l, int cl) { return l->st.pos.chan < 0 || l->st.pos.chan == cl; }

int lay_chan_started(const lay *l, int cl) {
    for (int t = 0; t < l->st.kvol; t++)
        if (l->st.done[(size_t)cl * l->st.kvol + t]) return 1;
    return 0;
}

int lay_tap_now(const lay *l, int cl, int tap) {
    if (!lay_chan_now(l, cl)) return 0;
    return l->v->gran != SCHED_MAC || l->st.pos.tap == tap;
}

int lay_thick(const lay *l, int c) { return lay_iclamp(c / 8, 1, lay_imax(1, (int)lround(3 * l->sc))); }

int lay_grid_text(lay *l, const double *v, int64_t n, int c, int *d) {
    int want = lay_iclamp(c * 23 / 50, 7, 4 * l->ts), room = c - lay_imax(2, c / 10), least = 7;
    if (c < PLAN_NUMBERS || l->num_off) return 0;
    for (; *d >= 0; (*d)--) {
        int wide, fs;
        char buf[48], longest[48] = "";
        /* numbers are set in the monospaced face: the longest is the widest */
        for (int64_t i = 0; i < n; i++) {
            lay_fixed(buf, sizeof buf, v[i], *d);
            if (strlen(buf) > strlen(longest)) memcpy(longest, buf, sizeof buf);
        }
        wide = lay_measure(l, FRAME_FONT_MONO, want, longest);
        fs = wide <= room ? want : (int)((double)want * room / wide);
        if (fs >= lay_imax(least, want * 2 / 3) || *d == 0) {
            if (*d < 0) *d = 0;
            if (fs < l->num_least) { /* a figure's digits: all readable or none (layout.c) */
                l->num_small = 1;
                return 0;
            }
            return fs >= least ? fs : 0;
        }
    }
    *d = 0;
    return 0;
}

frame_cmd *lay_cell_number(lay *l, box cell, double v, int fs, int d, frame_color c) {
    char buf[48];
    if (fs < 7) return NULL;
    lay_fixed(buf, sizeof buf, v, d);
    return pen_done(l, text_whole(&l->pen, cell, FRAME_FONT_MONO, fs, FRAME_ALIGN_CENTER, c, buf));
}

frame_cmd *lay_output_cell(lay *l, box cb, int f, int64_t cell, frame_color fill, const double *v, int fs,
                           int d, int now) {
    int idx[FRAME_MAX_INDEX], n = lay_output_index(l, f, cell, idx);
    frame_cmd *r = lay_rect(l, cb, fill), *t;
    frame_tag(r, FRAME_EL_OUTPUT_CELL, f, cell);
    frame_index(r, n, idx, now);
    if (v) {
        t = lay_cell_number(l, cb, *v, fs, d, theme_text_on(l->t, fill));
        frame_tag(t, FRAME_EL_OUTPUT_CELL, f, cell);
        frame_index(t, n, idx, now);
    }
    return r;
}

int lay_hovered_output(const lay *l, int out[CONV_SP], int *c0) {
    const conv_geom *g = l->g;
    int f = l->v->hover_a;
    int64_t cell = l->v->hover_b;
    if (l->v->hover_el != FRAME_EL_OUTPUT_CELL || f < 0 || f >= g->out_c || cell < 0 || cell >= g->out_cells) return 0;
    *c0 = conv_group_first_channel(g, f);
    conv_cell_coords(g, cell, out);
    return 1;
}
