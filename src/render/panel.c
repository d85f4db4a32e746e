#include "panel.h"

#include <stdio.h>
#include <string.h>

#include "explain.h"
#include "text.h"

/* Errors read in red on every theme: the themes' own reds are the
 * negative end of the value scale, which means "negative", not "wrong". */
static const frame_color error_red = {200, 40, 40, 255};

typedef struct {
    frame *f;
    const panel_style *st;
    const theme *t;
    int fs, rh, gap;      /* row text size, row height, spacing */
    int x, w, y, bottom;  /* the column and the next free line */
    int fail;
} pan;

static int imax(int a, int b) { return a > b ? a : b; }
static int imin(int a, int b) { return a < b ? a : b; }
static int line_h(int size) { return text_line_h(size); }

void panel_state_init(panel_state *ps) {
    memset(ps, 0, sizeof *ps);
    ps->row = EDIT_IN_H;
    ps->error_row = -1;
    ps->fw = CODEGEN_PYTORCH;
    ps->preset = EDIT_PRESET_SOBEL_X;
    ps->seed = 1;
}

const char *panel_row_label(const scene *s, int layer, int row) {
    if (row == PANEL_ROW_PRESET) return "kernel preset";
    if (row == PANEL_ROW_SEED) return "random seed";
    return edit_field_label(s, layer, (edit_field)row);
}

int panel_row_used(const scene *s, int layer, int row) {
    if (row == PANEL_ROW_PRESET || row == PANEL_ROW_SEED) return s && layer >= 0 && layer < s->nlayers;
    return edit_field_used(s, layer, (edit_field)row);
}

int panel_row_next(const scene *s, int layer, int row, int dir) {
    int r = row;
    for (int n = 0; n < PANEL_ROW_COUNT; n++) {
        r = (r + (dir < 0 ? -1 : 1) + PANEL_ROW_COUNT) % PANEL_ROW_COUNT;
        if (panel_row_used(s, layer, r)) return r;
    }
    return row;
}

int panel_width(int width, int ts) {
    int w = width * 28 / 100;
    if (width < ts * 60) return 0;
    return imin(imax(w, ts * 22), ts * 34);
}

/* ---- commands ---- */

static frame_cmd *emit(pan *p, frame_kind k, int x, int y, int w, int h, frame_color c, const char *text) {
    frame_cmd *r = frame_add(p->f, k, x, y, w, h, c, text);
    if (!r) p->fail = 1;
    return r;
}

static int measure(const pan *p, frame_font font, int size, const char *s) {
    if (p->st->measure) return p->st->measure(p->st->measure_ctx, font, size, s);
    return frame_text_width_estimate(NULL, font, size, s);
}

/* Text in (x, y, w, h): the text module's rule, shrunk then cut. */
static frame_cmd *text(pan *p, int x, int y, int w, int h, frame_font font, int size, frame_align al,
                       frame_color c, const char *s) {
    text_pen pen = {p->f, p->st->measure, p->st->measure_ctx, 0};
    frame_cmd *r = text_cut(&pen, (text_box){x, y, w, h}, font, size, al, c, s);
    p->fail |= pen.fail;
    return r;
}

/* Lines of s (breaking at '\n', then at spaces) from p->y down, while
 * they fit; returns 0 once the column is full. */
static int para(pan *p, frame_font font, int size, frame_color c, const char *s) {
    char buf[1024];
    int h = line_h(size);
    while (*s) {
        size_t end = strcspn(s, "\n"), len = end, cut = 0;
        if (p->y + h > p->bottom) return 0;
        if (len >= sizeof buf) len = sizeof buf - 1;
        memcpy(buf, s, len);
        buf[len] = 0;
        while (measure(p, font, size, buf) > p->w) { /* break at the last space that fits */
            char *sp = strrchr(buf, ' ');
            if (!sp || sp == buf) break;
            *sp = 0;
            cut = 1;
        }
        len = strlen(buf);
        frame_tag(text(p, p->x, p->y, p->w, h, font, size, FRAME_ALIGN_LEFT, c, buf), FRAME_EL_PANEL, 0, 0);
        p->y += h;
        s += len;
        if (cut) while (*s == ' ') s++;
        else if (*s == '\n') s++;
    }
    return 1;
}

static int heading(pan *p, const char *s) {
    int h = line_h(p->st->ts);
    if (p->y + h > p->bottom) return 0;
    p->y += p->gap / 2;
    frame_tag(text(p, p->x, p->y, p->w, h, FRAME_FONT_SANS_BOLD, p->st->ts, FRAME_ALIGN_LEFT, p->t->text, s),
        FRAME_EL_PANEL, 0, 0);
    p->y += h;
    return 1;
}

/* ---- rows ---- */

static void row_value(const scene *s, int layer, const panel_state *ps, int row, char *buf, size_t n) {
    if (ps->typing && ps->row == row) snprintf(buf, n, "%s_", ps->text);
    else if (row == PANEL_ROW_PRESET) snprintf(buf, n, "%s", ps->custom ? "custom" : edit_preset_name((edit_preset)ps->preset));
    else if (row == PANEL_ROW_SEED) snprintf(buf, n, "%d", ps->seed);
    else edit_get(s, layer, (edit_field)row, buf, n);
}

static void one_row(pan *p, const scene *s, int layer, const panel_state *ps, int row) {
    char val[PANEL_TEXT + 2];
    int lw = p->w * 2 / 5, bw = p->rh + 2, vx = p->x + lw, vw = p->w - lw - 2 * bw - 4;
    int focus = ps->row == row, err = ps->error_row == row && ps->error[0];
    frame_color vc = err ? error_red : p->t->text;
    frame_cmd *c;
    row_value(s, layer, ps, row, val, sizeof val);
    if (focus) frame_tag(emit(p, FRAME_RECT, p->x - 2, p->y, p->w + 4, p->rh, p->t->accent_faint, NULL), FRAME_EL_FIELD, row, 0);
    frame_tag(text(p, p->x + 2, p->y, lw - 4, p->rh, FRAME_FONT_SANS, p->fs, FRAME_ALIGN_LEFT,
             err ? error_red : p->t->muted, panel_row_label(s, layer, row)), FRAME_EL_FIELD, row, 0);
    frame_tag(emit(p, FRAME_RECT, vx, p->y + 1, vw, p->rh - 2, p->t->panel, NULL), FRAME_EL_FIELD, row, 0);
    c = emit(p, FRAME_BOX, vx, p->y + 1, vw, p->rh - 2,
             err ? error_red : focus && ps->focused ? p->t->accent : p->t->border, NULL);
    if (c && (err || (focus && ps->focused))) c->thick = 2;
    frame_tag(c, FRAME_EL_FIELD, row, 0);
    frame_tag(text(p, vx + 4, p->y, vw - 8, p->rh, FRAME_FONT_MONO, p->fs, FRAME_ALIGN_LEFT, vc, val), FRAME_EL_FIELD, row, 0);
    for (int k = 0; k < 2; k++) {
        int bx = vx + vw + 2 + k * (bw + 2);
        frame_tag(emit(p, FRAME_RECT, bx, p->y + 1, bw, p->rh - 2, p->t->grid, NULL), FRAME_EL_FIELD, row, k ? 1 : -1);
        frame_tag(text(p, bx, p->y, bw, p->rh, FRAME_FONT_MONO, p->fs, FRAME_ALIGN_CENTER, p->t->text, k ? "+" : "-"),
            FRAME_EL_FIELD, row, k ? 1 : -1);
    }
    p->y += p->rh;
}

/* Which rows fit: all if they can, else a window around the focused one. */
static void rows(pan *p, const scene *s, int layer, const panel_state *ps, int room) {
    int used[PANEL_ROW_COUNT], n = 0, focus = 0, first = 0, fit = room / p->rh;
    for (int r = 0; r < PANEL_ROW_COUNT; r++)
        if (panel_row_used(s, layer, r)) {
            if (r == ps->row) focus = n;
            used[n++] = r;
        }
    if (fit < 1) return;
    if (fit < n) {
        first = focus - fit / 2;
        if (first < 0) first = 0;
        if (first > n - fit) first = n - fit;
    } else {
        fit = n;
    }
    for (int i = first; i < first + fit; i++) one_row(p, s, layer, ps, used[i]);
}

/* ---- formulas and code ---- */

static void formulas(pan *p, const scene *s, int layer) {
    const conv_geom *g = &s->layer[layer].g;
    int nd = conv_ndim(g->p.kind), size = imax(TEXT_MIN, p->fs);
    char f[512], buf[640];
    if (!heading(p, "output size")) return;
    for (int a = CONV_SP - nd; a < CONV_SP; a++) {
        explain_out_size(buf, sizeof buf, g, a);
        if (!para(p, FRAME_FONT_MONO, size, p->t->text, buf)) return;
    }
    if (!heading(p, "parameters")) return;
    explain_params(f, sizeof f, g);
    if (!para(p, FRAME_FONT_MONO, size, p->t->text, f)) return;
    snprintf(buf, sizeof buf, "MACs: %lld", (long long)g->macs);
    para(p, FRAME_FONT_MONO, size, p->t->text, buf);
}

static void code(pan *p, const scene *s, int layer, const panel_state *ps) {
    static const char *const tabs[] = {"PyTorch", "Keras", "TF.js"};
    char buf[4096];
    int h = line_h(p->fs) + 4, tw = p->w / 3;
    if (p->y + p->gap / 2 + h > p->bottom) return;
    p->y += p->gap / 2;
    for (int i = 0; i < 3; i++) {
        int on = (int)ps->fw == i;
        int x = p->x + i * tw;
        frame_tag(emit(p, FRAME_RECT, x, p->y, tw - 2, h, on ? p->t->accent : p->t->grid, NULL), FRAME_EL_CODE_TAB, i, 0);
        frame_tag(text(p, x, p->y, tw - 2, h, on ? FRAME_FONT_SANS_BOLD : FRAME_FONT_SANS, p->fs, FRAME_ALIGN_CENTER,
                 on ? theme_text_on(p->t, p->t->accent) : p->t->text, tabs[i]), FRAME_EL_CODE_TAB, i, 0);
    }
    p->y += h + 2;
    codegen_layer(buf, sizeof buf, &s->layer[layer].g, s->layout, ps->fw);
    if (!para(p, FRAME_FONT_MONO, imax(TEXT_MIN, p->fs * 9 / 10), p->t->text, buf)) return;
    /* the tab shows the layer; the program that sets every number and
     * prints the output is one command away */
    snprintf(buf, sizeof buf, "whole program, every number: convanim code SCENE --framework %s",
             codegen_framework_name(ps->fw));
    para(p, FRAME_FONT_MONO, imax(TEXT_MIN, p->fs * 4 / 5), p->t->muted, buf);
}

int panel_frame(frame *f, const scene *s, int layer, const panel_state *ps, int x, int y, int w, int h,
                const panel_style *st, errmsg *e) {
    pan p;
    char buf[2 * PANEL_TEXT + 64];
    int foot, nrows = 0;
    if (layer < 0 || layer >= s->nlayers) return errmsg_set(e, "layer: %d is out of range", layer);
    if (w < 40 || h < 40) return 0;
    memset(&p, 0, sizeof p);
    p.f = f;
    p.st = st;
    p.t = st->t;
    p.gap = imax(2, st->ts * 4 / 5);
    p.x = x + p.gap / 2;
    p.w = w - p.gap;
    p.y = y;
    p.bottom = y + h;
    for (int r = 0; r < PANEL_ROW_COUNT; r++) nrows += panel_row_used(s, layer, r);
    p.fs = imax(TEXT_MIN, st->ts * 9 / 10);
    p.rh = line_h(p.fs) + 3;
    /* rows take at most 64% of the height; text shrinks a little before rows go */
    while (p.fs > imax(TEXT_MIN + 2, st->ts * 3 / 4) && nrows * p.rh > h * 64 / 100) p.rh = line_h(--p.fs) + 3;
    frame_tag(emit(&p, FRAME_RECT, x, y, w, h, p.t->panel, NULL), FRAME_EL_PANEL, 0, 0);
    snprintf(buf, sizeof buf, "layer %d: %s%s", layer + 1, conv_kind_name(s->layer[layer].p.kind),
             ps->focused ? "" : "   (Tab: edit)");
    heading(&p, buf);
    foot = line_h(p.fs) * (ps->error[0] ? 3 : 0) + (ps->prompt[0] || ps->status[0] ? line_h(p.fs) : 0);
    rows(&p, s, layer, ps, imin(nrows * p.rh, p.bottom - p.y - foot - 2 * line_h(p.fs)));
    if (ps->error[0]) {
        p.y += 2;
        para(&p, FRAME_FONT_SANS, p.fs, error_red, ps->error);
    }
    if (ps->prompt[0]) {
        snprintf(buf, sizeof buf, "%s%s_", ps->prompt, ps->text);
        para(&p, FRAME_FONT_MONO, p.fs, p.t->accent, buf);
    } else if (ps->status[0]) {
        para(&p, FRAME_FONT_SANS, p.fs, p.t->muted, ps->status);
    }
    formulas(&p, s, layer);
    code(&p, s, layer, ps);
    if (p.fail) return errmsg_set(e, "frame: out of memory");
    return 0;
}
