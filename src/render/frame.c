#include "frame.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

/* A command with no text points here; frame_text then returns "". */
#define FRAME_NO_TEXT ((size_t)-1)

void frame_init(frame *f, int width, int height, frame_color background) {
    memset(f, 0, sizeof *f);
    f->width = width;
    f->height = height;
    f->background = background;
}

void frame_clear(frame *f, int width, int height, frame_color background) {
    f->width = width;
    f->height = height;
    f->background = background;
    f->n = 0;
    f->pool_len = 0;
    f->px_len = 0;
}

void frame_free(frame *f) {
    free(f->cmd);
    free(f->pool);
    free(f->px);
    memset(f, 0, sizeof *f);
}

static int grow(void **buf, size_t *cap, size_t need, size_t elem) {
    size_t n = *cap ? *cap : 64;
    void *p;
    if (need <= *cap) return 0;
    while (n < need) n *= 2;
    p = realloc(*buf, n * elem);
    if (!p) return -1;
    *buf = p;
    *cap = n;
    return 0;
}

static int pool_add(frame *f, const char *s, size_t *at) {
    size_t len = strlen(s) + 1;
    void *pool = f->pool;
    if (grow(&pool, &f->pool_cap, f->pool_len + len, 1)) return -1;
    f->pool = pool;
    memcpy(f->pool + f->pool_len, s, len);
    *at = f->pool_len;
    f->pool_len += len;
    return 0;
}

frame_cmd *frame_push(frame *f, const frame_cmd *c, const char *text) {
    void *cmd = f->cmd;
    size_t at = FRAME_NO_TEXT;
    frame_cmd *out;
    if (grow(&cmd, &f->cap, f->n + 1, sizeof *f->cmd)) return NULL;
    f->cmd = cmd;
    if (text && pool_add(f, text, &at)) return NULL;
    out = &f->cmd[f->n++];
    *out = *c;
    out->text = at;
    return out;
}

const char *frame_text(const frame *f, const frame_cmd *c) {
    if (c->text == FRAME_NO_TEXT || c->text >= f->pool_len) return "";
    return f->pool + c->text;
}

/* Advance widths as a fraction of the pixel size, on the generous side of
 * DejaVu Sans / Sans Mono, so estimated text never outgrows its box by much
 * when the real font is measured later. */
int frame_text_width_estimate(void *ctx, frame_font font, int size, const char *s) {
    double em = font == FRAME_FONT_MONO ? 0.61 : font == FRAME_FONT_SANS_BOLD ? 0.70 : 0.62;
    long glyphs = 0;
    (void)ctx;
    for (; *s; s++)
        if (((unsigned char)*s & 0xC0) != 0x80) glyphs++; /* count UTF-8 lead bytes */
    return (int)(glyphs * em * size + 0.999);
}

const char *const frame_kind_names[] = {"rect", "box", "line", "hatch", "text", "clip", "arrow", "image"};
_Static_assert(sizeof frame_kind_names / sizeof frame_kind_names[0] == FRAME_KIND_COUNT, "a name for every frame_kind");

const char *const frame_element_names[] = {
    "none", "input_cell", "weight_cell", "product", "output_cell", "timeline", "panel", "caption", "label",
    "panel", "code", "pad_cell", "partial_sum", "sum", "formula", "code", "hint", "window",
    "channel_map", "filter_map", "picture", "slide_caption", "slide_counter", "question", "answer", "verdict",
    "network_tensor", "tensor_cell", "network_layer"};
_Static_assert(sizeof frame_element_names / sizeof frame_element_names[0] == FRAME_EL_COUNT,
               "a name for every frame_element");

void frame_index(frame_cmd *c, int n, const int *v, int now) {
    if (!c) return;
    if (n > FRAME_MAX_INDEX) n = FRAME_MAX_INDEX;
    c->nidx = n < 0 ? 0 : n;
    for (int i = 0; i < c->nidx; i++) c->idx[i] = v[i];
    c->now = now != 0;
}

void frame_tag(frame_cmd *c, frame_element el, int a, int64_t b) {
    if (!c) return;
    c->el = el;
    c->a = a;
    c->b = b;
}

frame_cmd *frame_add(frame *f, frame_kind kind, int x, int y, int w, int h, frame_color c, const char *text) {
    frame_cmd cmd;
    memset(&cmd, 0, sizeof cmd);
    cmd.kind = kind;
    cmd.x = x;
    cmd.y = y;
    cmd.w = w;
    cmd.h = h;
    cmd.thick = 1;
    cmd.color = c;
    return frame_push(f, &cmd, text);
}

/* ---- geometry ---- */

/* A segment `thick` wide: a rect when axis-aligned. */
static void paint_segment(const frame_painter *p, double x0, double y0, double x1, double y1, int thick,
                          frame_color c) {
    double dx = x1 - x0, dy = y1 - y0;
    frame_seg s;
    if (thick < 1) thick = 1;
    if (dy == 0 || dx == 0) {
        double lx = fmin(x0, x1), ly = fmin(y0, y1);
        if (dy == 0)
            p->rect(p->ctx, (int)lround(lx), (int)lround(y0 - thick / 2.0), (int)lround(fabs(dx)) + (dx == 0), thick, c);
        else
            p->rect(p->ctx, (int)lround(x0 - thick / 2.0), (int)lround(ly), thick, (int)lround(fabs(dy)), c);
        return;
    }
    s = (frame_seg){x0, y0, x1, y1, thick, 0};
    p->seg(p->ctx, &s, c);
}

void frame_paint_line(const frame_painter *p, double x0, double y0, double x1, double y1, int thick, int dashed,
                      frame_color c) {
    double dx = x1 - x0, dy = y1 - y0, len = sqrt(dx * dx + dy * dy);
    double on = 3.0 * (thick > 1 ? thick : 2), off = 2.0 * (thick > 1 ? thick : 2), t;
    if (!dashed || len <= on) {
        paint_segment(p, x0, y0, x1, y1, thick, c);
        return;
    }
    for (t = 0; t < len; t += on + off) {
        double t1 = fmin(t + on, len);
        paint_segment(p, x0 + dx * t / len, y0 + dy * t / len, x0 + dx * t1 / len, y0 + dy * t1 / len, thick, c);
    }
}

/* Four edges inside the box; dashed edges are dashed lines along the inside. */
static void paint_box(const frame_painter *p, const frame_cmd *c) {
    int t = c->thick < 1 ? 1 : c->thick;
    double h = t / 2.0, x0 = c->x, y0 = c->y, x1 = c->x + c->w, y1 = c->y + c->h;
    if (c->w <= 0 || c->h <= 0) return;
    if (t * 2 >= c->w || t * 2 >= c->h) {
        p->rect(p->ctx, c->x, c->y, c->w, c->h, c->color);
        return;
    }
    if (!c->dashed) {
        p->rect(p->ctx, c->x, c->y, c->w, t, c->color);
        p->rect(p->ctx, c->x, c->y + c->h - t, c->w, t, c->color);
        p->rect(p->ctx, c->x, c->y + t, t, c->h - 2 * t, c->color);
        p->rect(p->ctx, c->x + c->w - t, c->y + t, t, c->h - 2 * t, c->color);
        return;
    }
    frame_paint_line(p, x0, y0 + h, x1, y0 + h, t, 1, c->color);
    frame_paint_line(p, x0, y1 - h, x1, y1 - h, t, 1, c->color);
    frame_paint_line(p, x0 + h, y0, x0 + h, y1, t, 1, c->color);
    frame_paint_line(p, x1 - h, y0, x1 - h, y1, t, 1, c->color);
}

/* Lines "/" every `gap` pixels, each cut to the rectangle: the point
 * (x + k + s, y + h - s) is inside for s in [max(0, -k), min(h, w - k)]. */
static void paint_hatch(const frame_painter *p, const frame_cmd *c) {
    int t = c->thick < 1 ? 1 : c->thick, gap = 6 * t, k;
    for (k = -c->h + gap / 2; k < c->w; k += gap) {
        int s0 = k < 0 ? -k : 0, s1 = c->w - k < c->h ? c->w - k : c->h;
        frame_seg s;
        if (s0 >= s1) continue;
        if (t == 1)
            s = (frame_seg){c->x + k + s0, c->y + c->h - s0 - 1, c->x + k + s1 - 1, c->y + c->h - s1, 1, 1};
        else
            s = (frame_seg){c->x + k + s0, c->y + c->h - s0, c->x + k + s1, c->y + c->h - s1, t, 0};
        p->seg(p->ctx, &s, c->color);
    }
}

static void paint_arrow(const frame_painter *p, const frame_cmd *c) {
    double x0 = c->x, y0 = c->y, x1 = c->x + c->w, y1 = c->y + c->h;
    double len = sqrt((double)c->w * c->w + (double)c->h * c->h), ux, uy, head, bx, by, xy[6];
    int t = c->thick < 1 ? 1 : c->thick;
    if (len < 1) return;
    ux = c->w / len;
    uy = c->h / len;
    head = fmin(4.0 * t + 6, len);
    bx = x1 - ux * head;
    by = y1 - uy * head;
    frame_paint_line(p, x0, y0, bx, by, t, c->dashed, c->color);
    xy[0] = x1;
    xy[1] = y1;
    xy[2] = bx - uy * head / 2;
    xy[3] = by + ux * head / 2;
    xy[4] = bx + uy * head / 2;
    xy[5] = by - ux * head / 2;
    p->tri(p->ctx, xy, c->color);
}

void frame_paint(const frame_painter *p, const frame_cmd *c) {
    switch (c->kind) {
    case FRAME_RECT: p->rect(p->ctx, c->x, c->y, c->w, c->h, c->color); break;
    case FRAME_BOX: paint_box(p, c); break;
    case FRAME_LINE: frame_paint_line(p, c->x, c->y, c->x + c->w, c->y + c->h, c->thick, c->dashed, c->color); break;
    case FRAME_HATCH: paint_hatch(p, c); break;
    case FRAME_ARROW: paint_arrow(p, c); break;
    default: break;
    }
}

frame_cmd *frame_image(frame *f, int x, int y, int w, int h, int pw, int ph, const unsigned char *rgb) {
    size_t n = (size_t)(pw > 0 ? pw : 0) * (size_t)(ph > 0 ? ph : 0) * 3;
    void *px = f->px;
    frame_cmd *c;
    if (pw < 1 || ph < 1 || (size_t)pw * (size_t)ph > FRAME_IMAGE_MAX || f->px_len + n > (size_t)FRAME_IMAGES_MAX * 3)
        return NULL;
    if (grow(&px, &f->px_cap, f->px_len + n, 1)) return NULL;
    f->px = px;
    if (!(c = frame_add(f, FRAME_IMAGE, x, y, w, h, (frame_color){0, 0, 0, 255}, NULL))) return NULL;
    memcpy(f->px + f->px_len, rgb, n);
    c->pw = pw;
    c->ph = ph;
    c->pix = f->px_len;
    f->px_len += n;
    return c;
}

const unsigned char *frame_image_pixels(const frame *f, const frame_cmd *c) {
    if (c->kind != FRAME_IMAGE || c->pix + (size_t)c->pw * c->ph * 3 > f->px_len) return NULL;
    return f->px + c->pix;
}
