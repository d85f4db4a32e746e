/* view_pic: whole grids as pictures, a cell a pixel (or less), for the
 * context beside the magnifier of a big input (view_grid.c). Pixels are
 * sampled nearest, top-left: a picture of pw x ph pixels shows grid cell
 * (r * rows / ph, q * cols / pw) at pixel (r, q). */
#include "view.h"

#include <math.h>

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
pic_mode pic_input_mode(const lay *l) {
    const conv_geom *g = l->g;
    if (l->v->layer != 0 || (g->in_c != 1 && g->in_c != 3) || l->in_max > 1 || l->in_stat->lo < 0) return PIC_VALUE;
    return g->in_c == 3 ? PIC_RGB : PIC_GRAY;
}

static unsigned char byte_of(double v) { return (unsigned char)lround(fmin(1, fmax(0, v)) * 255); }

static void put(unsigned char *p, frame_color c) {
    p[0] = c.r;
    p[1] = c.g;
    p[2] = c.b;
}

void pic_input(const lay *l, pic_mode m, int ch, int pw, int ph, unsigned char *rgb) {
    int rows = l->grid[1], cols = l->grid[2];
    for (int i = 0; i < ph; i++)
        for (int j = 0; j < pw; j++) {
            int pos[CONV_SP] = {l->zsl, (int)((int64_t)i * rows / ph), (int)((int64_t)j * cols / pw)}, src[CONV_SP];
            conv_tapkind k = lay_classify(l, pos, src);
            unsigned char *p = rgb + ((size_t)i * pw + j) * 3;
            if (k == CONV_TAP_PAD || k == CONV_TAP_HOLE) {
                put(p, l->t->pad_fill);
            } else if (m == PIC_RGB) {
                for (int c = 0; c < 3; c++) p[c] = byte_of(lay_in_value(l, c, src));
            } else if (m == PIC_GRAY) {
                p[0] = p[1] = p[2] = byte_of(lay_in_value(l, ch, src));
            } else {
                put(p, theme_value_color(l->t, lay_in_value(l, ch, src), l->in_max));
            }
        }
}

void pic_output(const lay *l, int f, int gray, int pw, int ph, unsigned char *rgb) {
    const conv_geom *g = l->g;
    int rows = g->out_sp[1], cols = g->out_sp[2], z = l->st.out[0];
    const double *out = l->L->out + (int64_t)f * g->out_cells;
    int64_t cur = (int64_t)l->st.pos.filter * g->out_cells + l->st.pos.cell, base = (int64_t)f * g->out_cells;
    double lo = 0, hi = 0;
    if (gray) /* the map's own range, black to white: what a photo editor shows */
        for (int64_t i = 0; i < g->out_cells; i++) {
            lo = i ? fmin(lo, out[i]) : out[i];
            hi = i ? fmax(hi, out[i]) : out[i];
        }
    for (int i = 0; i < ph; i++)
        for (int j = 0; j < pw; j++) {
            int64_t cell = ((int64_t)z * rows + (int64_t)i * rows / ph) * cols + (int64_t)j * cols / pw;
            unsigned char *p = rgb + ((size_t)i * pw + j) * 3;
            double v = base + cell == cur ? (l->st.complete ? l->st.value : l->st.sum) : out[cell];
            if (base + cell > cur) put(p, l->t->empty);
            else if (gray) p[0] = p[1] = p[2] = byte_of(hi > lo ? (v - lo) / (hi - lo) : 0.5);
            else put(p, theme_value_color(l->t, v, l->out_max));
        }
}
