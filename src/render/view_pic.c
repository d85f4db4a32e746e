/* view_pic: whole grids as pictures, a cell a pixel (or less), for the
 * context beside the magnifier of a big input (view_grid.c). Pixels are
 * sampled nearest, top-left: a picture of pw x ph pixels shows grid cell
 * (r * rows / ph, q * cols / pw) at pixel (r, q). */
#include "view.h"

#include <math.h>
#include <string.h>

const char *const pic_mode_names[] = {"value", "gray", "rgb"};
_Static_assert(sizeof pic_mode_names / sizeof pic_mode_names[0] == PIC_MODE_COUNT, "a name for every pic_mode");

void pic_fit(int rows, int cols, int wmax, int hmax, int *w, int *h) {
    double k = fmin((double)wmax / cols, (double)hmax / rows);
    if (k >= 1) k = floor(k); /* whole pixels a cell where they fit */
    if (k > 8) k = 8;
    *w = lay_imax(1, (int)(cols * k));
    *h = lay_imax(1, (int)(rows * k));
}

/* Values of a layer's first input in [0, 1] on 1 or 3 channels: a
 * picture, shown as one. */
pic_mode pic_values_mode(const tensor_stat *st, int c) {
    if ((c != 1 && c != 3) || st->max_abs > 1 || st->lo < 0) return PIC_VALUE;
    return c == 3 ? PIC_RGB : PIC_GRAY;
}

pic_mode pic_input_mode(const lay *l) {
    return l->v->layer != 0 ? PIC_VALUE : pic_values_mode(l->in_stat, l->g->in_c);
}

static unsigned char byte_of(double v) { return (unsigned char)lround(fmin(1, fmax(0, v)) * 255); }

static void put(unsigned char *p, frame_color c) {
    p[0] = c.r;
    p[1] = c.g;
    p[2] = c.b;
}

/* The colours (theme_value_color, or byte_of as gray) of the values a
 * picture meets, remembered by value: a picture of 150,000 pixels has few
 * distinct values (a photo's 256 levels, small integers), and the colour
 * is a function of the value alone, so the pixels are the same. */
enum { PIC_MEMO = 256 };
typedef struct {
    const theme *t; /* NULL: gray bytes (byte_of) */
    double max;
    double v[PIC_MEMO]; /* NaN: empty (NaN equals nothing) */
    frame_color c[PIC_MEMO];
} pic_memo;

static void memo_init(pic_memo *m, const theme *t, double max) {
    m->t = t;
    m->max = max;
    for (int i = 0; i < PIC_MEMO; i++) m->v[i] = NAN;
}

static frame_color memo_color(pic_memo *m, double v) {
    uint64_t b;
    unsigned h;
    memcpy(&b, &v, sizeof b);
    h = (unsigned)((b ^ b >> 31) * 0x9E3779B97F4A7C15ull >> 56);
    if (m->v[h] != v) {
        unsigned char y = m->t ? 0 : byte_of(v);
        m->v[h] = v;
        m->c[h] = m->t ? theme_value_color(m->t, v, m->max) : (frame_color){y, y, y, 255};
    }
    return m->c[h];
}

static unsigned char memo_byte(pic_memo *m, double v) { return memo_color(m, v).r; }

/* Columns of a picture are classified a chunk at a time (no allocation),
 * rows once a row: the padded grid's axes are independent (lay_classify). */
enum { PIC_CHUNK = 256 };

void pic_input(const lay *l, pic_mode m, int ch, int pw, int ph, unsigned char *rgb) {
    const conv_geom *g = l->g;
    int rows = l->grid[1], cols = l->grid[2], zs = 0, qs[PIC_CHUNK];
    int64_t plane = g->in_cells, wid = g->in_sp[2];
    unsigned char qpad[PIC_CHUNK];
    conv_tapkind zk = lay_classify_axis(l, 0, l->zsl, &zs);
    const double *in = l->in + (int64_t)(m == PIC_RGB ? 0 : ch) * plane;
    pic_memo memo;
    memo_init(&memo, m == PIC_VALUE ? l->t : NULL, l->in_max);
    for (int j0 = 0; j0 < pw; j0 += PIC_CHUNK) {
        int j1 = lay_imin(pw, j0 + PIC_CHUNK);
        for (int j = j0; j < j1; j++) {
            conv_tapkind k = lay_classify_axis(l, 2, (int)((int64_t)j * cols / pw), &qs[j - j0]);
            qpad[j - j0] = k == CONV_TAP_PAD || k == CONV_TAP_HOLE;
        }
        for (int i = 0; i < ph; i++) {
            int rs = 0;
            conv_tapkind rk = lay_classify_axis(l, 1, (int)((int64_t)i * rows / ph), &rs);
            int rpad = zk == CONV_TAP_PAD || zk == CONV_TAP_HOLE || rk == CONV_TAP_PAD || rk == CONV_TAP_HOLE;
            const double *row = in + ((int64_t)zs * g->in_sp[1] + rs) * wid;
            unsigned char *p = rgb + ((size_t)i * pw + j0) * 3;
            for (int j = j0; j < j1; j++, p += 3) {
                const double *v = row + qs[j - j0];
                if (rpad || qpad[j - j0]) put(p, l->t->pad_fill);
                else if (m == PIC_RGB) p[0] = memo_byte(&memo, v[0]), p[1] = memo_byte(&memo, v[plane]), p[2] = memo_byte(&memo, v[2 * plane]);
                else if (m == PIC_GRAY) p[0] = p[1] = p[2] = memo_byte(&memo, *v);
                else put(p, memo_color(&memo, *v));
            }
        }
    }
}

void pic_output(const lay *l, int f, int gray, int pw, int ph, unsigned char *rgb) {
    const conv_geom *g = l->g;
    int rows = g->out_sp[1], cols = g->out_sp[2], z = l->st.out[0], qs[PIC_CHUNK];
    const double *out = l->L->out + (int64_t)f * g->out_cells;
    int64_t cur = (int64_t)l->st.pos.filter * g->out_cells + l->st.pos.cell, base = (int64_t)f * g->out_cells;
    double lo = 0, hi = 0, now = l->st.complete ? l->st.value : l->st.sum;
    pic_memo memo;
    memo_init(&memo, l->t, l->out_max);
    if (gray) /* the map's own range, black to white: what a photo editor shows */
        for (int64_t i = 0; i < g->out_cells; i++) {
            lo = i ? fmin(lo, out[i]) : out[i];
            hi = i ? fmax(hi, out[i]) : out[i];
        }
    for (int j0 = 0; j0 < pw; j0 += PIC_CHUNK) {
        int j1 = lay_imin(pw, j0 + PIC_CHUNK);
        for (int j = j0; j < j1; j++) qs[j - j0] = (int)((int64_t)j * cols / pw);
        for (int i = 0; i < ph; i++) {
            int64_t row = ((int64_t)z * rows + (int64_t)i * rows / ph) * cols;
            unsigned char *p = rgb + ((size_t)i * pw + j0) * 3;
            for (int j = j0; j < j1; j++, p += 3) {
                int64_t cell = row + qs[j - j0];
                double v = base + cell == cur ? now : out[cell];
                if (base + cell > cur) put(p, l->t->empty);
                else if (gray) p[0] = p[1] = p[2] = byte_of(hi > lo ? (v - lo) / (hi - lo) : 0.5);
                else put(p, memo_color(&memo, v));
            }
        }
    }
}
