#include "frame.h"

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
}

void frame_free(frame *f) {
    free(f->cmd);
    free(f->pool);
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

const char *const frame_kind_names[] = {"rect", "box", "line", "hatch", "text", "clip", "arrow"};
_Static_assert(sizeof frame_kind_names / sizeof frame_kind_names[0] == FRAME_KIND_COUNT, "a name for every frame_kind");

const char *const frame_element_names[] = {
    "none", "input_cell", "weight_cell", "product", "output_cell", "timeline", "panel", "caption", "label",
    "panel", "code", "pad_cell", "partial_sum", "sum", "formula", "code", "hint", "window"};
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
