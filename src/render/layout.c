#include "layout.h"
#include "net.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "codegen.h"
#include "explain.h"
#include "view.h"

/* The frame around the view, top to bottom:
 *
 *   header:  the scene's title and where we are (layer, granularity); the
 *            layer as code and its shapes
 *   main:    the view of the layer (view_draw: by its kind), and beside it the side
 *            panel (formulas, parameters, code) or the editor column
 *   footer:  the formula (projector mode), the caption (what the mouse is
 *            over, then the step's arithmetic), key hints and the step
 *            counter, the timeline
 *
 * Everything is measured from the window size; the view takes the room
 * that is left, so the grids grow with the screen. */

const char *const layout_style_names[LAYOUT_STYLE_COUNT] = {"window", "figure"};
_Static_assert(sizeof layout_style_names / sizeof layout_style_names[0] == LAYOUT_STYLE_COUNT, "one name a style");
const char *const layout_numbers_names[LAYOUT_NUMBERS_COUNT] = {"auto", "on", "off"};
_Static_assert(sizeof layout_numbers_names / sizeof layout_numbers_names[0] == LAYOUT_NUMBERS_COUNT,
               "one name a numbers rule");

#define imin lay_imin
#define imax lay_imax
#define iclamp lay_iclamp

static int line_h(int size) { return text_line_h(size); }
static int code_size(const lay *l) { return (l->ts * 11 + 5) / 10; }
static int title_size(const lay *l) { return (l->ts * 14 + 5) / 10; }

/* ---- setup ---- */

/* The input grid drawn: padded, or for a transposed layer the
 * zero-inserted grid of its equivalent direct convolution; off[] is where
 * input cell 0 sits in it. */
static void grid_of(const conv_geom *g, int grid[CONV_SP], int off[CONV_SP]) {
    for (int a = 0; a < CONV_SP; a++) {
        if (g->p.kind == CONV_TRANSPOSE_2D) {
            int ext = g->p.dilation[a] * (g->p.kernel[a] - 1);
            grid[a] = g->out_sp[a] + ext;
            off[a] = ext - g->pad_lo[a];
        } else {
            grid[a] = g->in_sp[a] + g->pad_lo[a] + g->pad_hi[a];
            off[a] = g->pad_lo[a];
        }
    }
}

int64_t layout_input_cell(const scene *s, int layer, const int *pos, int n) {
    const conv_geom *g;
    int grid[CONV_SP], off[CONV_SP], at[CONV_SP] = {0, 0, 0}, first;
    if (layer < 0 || layer >= s->nlayers) return -1;
    g = &s->layer[layer].g;
    first = CONV_SP - conv_ndim(g->p.kind);
    if (n != CONV_SP - first) return -1;
    grid_of(g, grid, off);
    for (int a = first; a < CONV_SP; a++) {
        int q = pos[a - first];
        if (g->p.kind == CONV_TRANSPOSE_2D) q *= g->p.stride[a];
        at[a] = q + off[a];
        if (at[a] < 0 || at[a] >= grid[a]) return -1;
    }
    return ((int64_t)at[0] * grid[1] + at[1]) * grid[2] + at[2];
}

int64_t layout_input_index(const scene *s, int layer, int64_t b) {
    const conv_geom *g;
    int grid[CONV_SP], off[CONV_SP], src[CONV_SP];
    if (layer < 0 || layer >= s->nlayers || b < 0) return -1;
    g = &s->layer[layer].g;
    grid_of(g, grid, off);
    if (b >= (int64_t)grid[0] * grid[1] * grid[2]) return -1;
    for (int a = CONV_SP - 1; a >= 0; a--) {
        int q = (int)(b % grid[a]) - off[a], st = g->p.kind == CONV_TRANSPOSE_2D ? g->p.stride[a] : 1;
        b /= grid[a];
        if (q < 0 || q % st || q / st >= g->in_sp[a]) return -1;
        src[a] = q / st;
    }
    return ((int64_t)src[0] * g->in_sp[1] + src[1]) * g->in_sp[2] + src[2];
}

static void setup_grid(lay *l) {
    const conv_geom *g = l->g;
    grid_of(g, l->grid, l->off);
    /* conv3d: the depth slice the current tap (or the window's first) reads */
    {
        int tap = l->st.pos.tap >= 0 ? l->st.pos.tap : 0, k[CONV_SP];
        conv_tap_coords(g, tap, k);
        l->kzs = k[0];
        l->zsl = iclamp(l->st.tap[tap].at[0], 0, l->grid[0] - 1);
    }
    /* the window's bounds on the slice: most cells are outside it */
    l->win[0] = l->win[2] = 1 << 30;
    l->win[1] = l->win[3] = -1;
    for (int t = 0; t < g->kvol; t++) {
        const conv_tap *tp = &l->st.tap[t];
        if (tp->at[0] != l->zsl) continue;
        l->win[0] = imin(l->win[0], tp->at[1]);
        l->win[1] = imax(l->win[1], tp->at[1]);
        l->win[2] = imin(l->win[2], tp->at[2]);
        l->win[3] = imax(l->win[3], tp->at[2]);
    }
}

/* Text size ts for the window; projector mode reads from the back of a
 * room, so it scales with the screen. The largest cell scales with the
 * screen too: a small layer on a big screen gets big cells. */
static void setup_sizes(lay *l, int width, int height, int ts) {
    l->ts = ts;
    l->gap = imax(2, ts * 4 / 5);
    l->margin = imax(2, ts * 9 / 10);
    l->cmax = imax(imax(ts * 13 / 5, (int)lround(68 * l->sc)), height / (l->v->projector ? 11 : 14));
    (void)width;
}

/* A figure is read on a slide or a page, not from the keys' distance: its
 * labels keep LAYOUT_FIGURE_DIGITS px down to the conv_arithmetic size
 * (395x381), where the window's would be 9. */
static int text_size(const layout_view *v, int width, int height) {
    double sc = v->scale > 0.25 ? v->scale : 1;
    int want = (int)lround(13 * sc), lim = imax(7, imin(height / 24, width / 40));
    if (v->style == LAYOUT_STYLE_FIGURE) lim = imax(imin(LAYOUT_FIGURE_DIGITS, height / 20), imin(height / 24, width / 36));
    if (v->projector) want = imax((int)lround(13 * sc * 1.45), height / 45);
    return iclamp(want, 7, lim);
}

/* ---- header ---- */

static void header(lay *l, box b) {
    char code[1024], line[1400], in[64], out[64], right[96], shapes[160], head[SCENE_TITLE_SIZE];
    const char *title = l->s->title[0] ? l->s->title : "convanim";
    int ts = l->ts, tt = title_size(l), two = b.h >= line_h(tt) + line_h(code_size(l)), wr, wt;
    box tb, rb, cb;
    frame_cmd *r;
    if (l->s->nlayers > 1)
        snprintf(right, sizeof right, "layer %d of %d  \xc2\xb7  granularity: %s", l->v->layer + 1, l->s->nlayers,
                 sched_gran_name(l->v->gran));
    else
        snprintf(right, sizeof right, "granularity: %s", sched_gran_name(l->v->gran));
    wr = imin(lay_measure(l, FRAME_FONT_SANS, ts, right), b.w / 4);
    rb = (box){b.x + b.w - wr, b.y, wr, line_h(tt)};
    frame_tag(lay_pick(l, rb, FRAME_FONT_SANS, ts, FRAME_ALIGN_RIGHT, l->t->muted,
                       (const char *const[]){right, sched_gran_name(l->v->gran)}, 2), FRAME_EL_LABEL, 0, 0);
    /* the title's short form: up to its first ':' */
    snprintf(head, sizeof head, "%s", title);
    head[strcspn(head, ":")] = 0;
    wt = b.w - wr - l->gap;
    if (!two) wt = imin(wt, imax(lay_measure(l, FRAME_FONT_SANS_BOLD, tt, head), b.w / 4));
    tb = (box){b.x, b.y, wt, line_h(tt)};
    r = lay_pick(l, tb, FRAME_FONT_SANS_BOLD, tt, FRAME_ALIGN_LEFT, l->t->text,
                 (const char *const[]){title, head, "convanim"}, 3);
    frame_tag(r, FRAME_EL_LABEL, 0, 0);
    if (r) r->w = imin(r->w, lay_measure(l, r->font, r->size, frame_text(l->f, r))); /* its own width only */
    if (two) cb = (box){b.x, b.y + line_h(tt), b.w, line_h(code_size(l))};
    else cb = (box){b.x + (r ? r->w : 0) + 2 * l->gap, b.y, 0, line_h(tt)};
    if (!two) cb.w = rb.x - l->gap - cb.x;
    codegen_oneline(code, sizeof code, l->g, l->s->layout, l->s->layout == SCENE_HWC ? CODEGEN_KERAS : CODEGEN_PYTORCH);
    lay_shape(in, sizeof in, l, l->g->in_c, l->g->in_sp);
    lay_shape(out, sizeof out, l, l->g->out_c, l->g->out_sp);
    snprintf(shapes, sizeof shapes, "input %s -> output %s", in, out);
    snprintf(line, sizeof line, "%s  \xc2\xb7  %s", code, shapes);
    r = lay_pick(l, cb, FRAME_FONT_SANS, code_size(l), FRAME_ALIGN_LEFT, l->t->text,
                 (const char *const[]){line, shapes, code}, 3);
    frame_tag(r, FRAME_EL_CODE, 0, 0);
}

/* Lines the figure's description takes in width w: one if it fits
 * (shrunk a little at most), else two, wrapped. */
static int figure_desc_lines(lay *l, int w, const char *code) {
    return lay_measure(l, FRAME_FONT_MONO, imax(TEXT_MIN, code_size(l) * 3 / 4), code) <= w ? 1 : 2;
}

/* A figure's header: the title, then the layer on one line (or two). */
static void header_figure(lay *l, box b) {
    char code[1024];
    int tt = title_size(l), cs = code_size(l), y = b.y;
    codegen_oneline(code, sizeof code, l->g, l->s->layout, lay_vocab(l));
    if (l->s->title[0]) {
        char head[SCENE_TITLE_SIZE];
        snprintf(head, sizeof head, "%s", l->s->title);
        head[strcspn(head, ":")] = 0; /* the title's short form: up to its first ':' */
        frame_tag(lay_pick(l, (box){b.x, y, b.w, line_h(tt)}, FRAME_FONT_SANS_BOLD, tt, FRAME_ALIGN_LEFT, l->t->text,
                           (const char *const[]){l->s->title, head}, 2), FRAME_EL_LABEL, 0, 0);
        y += line_h(tt);
    }
    if (figure_desc_lines(l, b.w, code) == 1)
        frame_tag(lay_text(l, (box){b.x, y, b.w, line_h(cs)}, FRAME_FONT_MONO, cs, FRAME_ALIGN_LEFT, l->t->muted, code),
                  FRAME_EL_CODE, 0, 0);
    else
        lay_wrap(l, (box){b.x, y, b.w, b.y + b.h - y}, FRAME_FONT_MONO, cs, l->t->muted, FRAME_EL_CODE, code);
}

/* ---- footer ---- */

/* The track (the first FRAME_EL_TIMELINE command: layout_timeline_step
 * reads it), the part played, and the playhead. */
static void timeline(lay *l, box band) {
    int th = imax(3, l->ts * 2 / 5), ph = imin(band.h, th * 3), px;
    box track = {band.x + ph / 2, band.y + (band.h - th) / 2, band.w - ph, th};
    if (track.w < 2) return;
    frame_tag(lay_rect(l, track, l->t->grid), FRAME_EL_TIMELINE, 0, 0);
    px = track.x;
    if (l->nsteps > 1) px += (int)((double)l->st.step * (track.w - 1) / (double)(l->nsteps - 1) + 0.5);
    frame_tag(lay_rect(l, (box){track.x, track.y, px - track.x + 1, th}, l->t->accent), FRAME_EL_TIMELINE, 0, 0);
    frame_tag(lay_rect(l, (box){px - ph / 2, band.y + (band.h - ph) / 2, ph, ph}, l->t->accent), FRAME_EL_TIMELINE, 0, 0);
}

/* A message, and while an export runs a bar of its progress after it. */
static void status_line(lay *l, box b) {
    double done = l->v->export_progress;
    const char *s = l->v->status ? l->v->status : "";
    int tw = imin(lay_measure(l, FRAME_FONT_SANS, l->ts, s), done >= 0 ? b.w * 2 / 3 : b.w);
    int th = imax(4, l->ts * 3 / 5), bw = imin(b.w - tw - l->gap, l->ts * 24);
    if (*s)
        frame_tag(lay_text(l, (box){b.x, b.y, tw, b.h}, FRAME_FONT_SANS, l->ts, FRAME_ALIGN_LEFT, l->t->accent, s),
                  FRAME_EL_LABEL, 0, 0);
    if (done >= 0 && bw >= l->ts * 3) {
        box track = {b.x + (*s ? tw + l->gap : 0), b.y + (b.h - th) / 2, bw, th};
        lay_rect(l, track, l->t->grid);
        lay_rect(l, (box){track.x, track.y, (int)(track.w * (done > 1 ? 1 : done) + 0.5), th}, l->t->accent);
    }
}

static void formula_text(const lay *l, char *buf, size_t n, const char *sep);

static void hints(lay *l, box b) {
    char right[128], count[64], sp[32];
    int wr;
    box rb, lb;
    lay_num(sp, sizeof sp, l->v->speed, 3);
    snprintf(count, sizeof count, "step %lld / %lld", (long long)l->st.step + 1, (long long)l->nsteps);
    snprintf(right, sizeof right, "%s  \xc2\xb7  %s steps/s%s", count, sp, l->v->playing ? "" : "  \xc2\xb7  paused");
    wr = imin(lay_measure(l, FRAME_FONT_SANS, l->ts, l->v->projector ? count : right), b.w / 2);
    rb = (box){b.x + b.w - wr, b.y, wr, b.h};
    lb = (box){b.x, b.y, rb.x - b.x - l->gap, b.h};
    frame_tag(lay_pick(l, rb, FRAME_FONT_SANS, l->ts, FRAME_ALIGN_RIGHT, l->t->muted,
                       (const char *const[]){l->v->projector ? count : right, count}, 2), FRAME_EL_HINT, 0, 0);
    if (l->v->status || l->v->export_progress >= 0) {
        status_line(l, lb);
        return;
    }
    if (l->v->projector) { /* a projector shows the picture and its formula, not the keys */
        char f[2048];
        formula_text(l, f, sizeof f, "     ");
        frame_tag(lay_text(l, lb, FRAME_FONT_MONO, l->ts, FRAME_ALIGN_LEFT, l->t->text, f), FRAME_EL_FORMULA, 0, 0);
        return;
    }
    frame_tag(lay_pick(l, lb, FRAME_FONT_SANS, l->ts, FRAME_ALIGN_LEFT, l->t->muted,
                       (const char *const[]){"space play   <-/-> step   shift <-/-> cell   1/2/3 granularity   H help",
                                             "space play   <-/-> step   H help", "H help"}, 3),
              FRAME_EL_HINT, 0, 0);
}

/* ---- captions ---- */

/* A later layer's cell: what it sees of the scene's input through the
 * layers before, " (sees the input's H 1-5, W 2-6)". */
static size_t sees_input(const lay *l, char *buf, size_t n, int f, const int at[CONV_SP]) {
    net_field fl[SCENE_MAX_LAYERS + 1];
    int t = l->v->layer + 1, nd = lay_ndim(l);
    size_t k = 0;
    if (net_fields(l->s, t, f, at, fl, NULL)) return 0;
    if (net_field_cells(&fl[0]) == 0) { /* it reads padding alone */
        net_fields_free(fl, t + 1);
        return 0;
    }
    for (int a = lay_first_axis(l); a < CONV_SP && k < n; a++) {
        int lo, hi;
        net_field_span(&fl[0], a, &lo, &hi);
        k += (size_t)snprintf(buf + k, n - k, "%s%s %d-%d", a == lay_first_axis(l) ? " (sees the input's " : ", ",
                              conv_axis_name(nd, a), lo, hi);
    }
    if (k < n) k += (size_t)snprintf(buf + k, n - k, ")");
    net_fields_free(fl, t + 1);
    return k < n ? k : n - 1;
}

static void caption_output(lay *l, char *buf, size_t n) {
    const layout_view *v = l->v;
    char cell[8192];
    int at[CONV_SP];
    size_t k;
    conv_cell_coords(l->g, v->hover_b, at);
    lay_out_index(buf, n, l, v->hover_a, at);
    k = strlen(buf);
    if (v->layer > 0 && k < n) k += sees_input(l, buf + k, n - k, v->hover_a, at);
    if (k + 3 < n) {
        memcpy(buf + k, ":  ", 3);
        k += 3;
    }
    explain_cell(cell, sizeof cell, l->g, l->in, l->L->weight, l->L->bias, v->hover_a, v->hover_b);
    /* one line per part becomes "; "-separated parts of one paragraph */
    for (const char *p = cell; *p && k + 3 < n; p++) {
        if (*p != '\n') {
            buf[k++] = *p;
        } else if (p[1]) {
            buf[k++] = ';';
            buf[k++] = ' ';
        }
    }
    buf[k] = 0;
}

static void caption_input(lay *l, char *buf, size_t n) {
    const layout_view *v = l->v;
    int pos[CONV_SP], src[CONV_SP];
    char val[32], name[96];
    conv_tapkind k;
    int64_t fed = 0;
    unsigned char *lit;
    if (!lay_grid_pos(l, v->hover_b, pos)) return;
    k = lay_classify(l, pos, src);
    if (k == CONV_TAP_PAD || k == CONV_TAP_HOLE) {
        snprintf(buf, n, "%s: always 0, adds nothing to any sum",
                 k == CONV_TAP_PAD ? "zero padding" : "inserted zero (transposed stride)");
        return;
    }
    if (!(lit = lay_feeds(l, src, &fed))) return;
    free(lit);
    lay_num(val, sizeof val, lay_in_value(l, v->hover_a, src), 6);
    lay_in_name(name, sizeof name, l, v->hover_a, src);
    snprintf(buf, n, "%s%s = %s  feeds %lld output cell%s of each filter that reads channel %d",
             k == CONV_TAP_COPY ? "padding copy of " : "", name, val, (long long)fed, fed == 1 ? "" : "s", v->hover_a);
}

static void hover_caption(lay *l, char *buf, size_t n) {
    const layout_view *v = l->v;
    const conv_geom *g = l->g;
    buf[0] = 0;
    if (v->hover_el == FRAME_EL_OUTPUT_CELL && v->hover_a >= 0 && v->hover_a < g->out_c && v->hover_b >= 0 &&
        v->hover_b < g->out_cells)
        caption_output(l, buf, n);
    else if (v->hover_el == FRAME_EL_INPUT_CELL && v->hover_a >= 0 && v->hover_a < g->in_c)
        caption_input(l, buf, n);
}

static int hovering(const lay *l) { return l->v->hover_el == FRAME_EL_OUTPUT_CELL || l->v->hover_el == FRAME_EL_INPUT_CELL; }

/* What the mouse is over first, then the step: both stay on screen. */
static void caption(lay *l, box cap) {
    char hover[4096], step[4096];
    int size = code_size(l), lh = line_h(size), used = 0;
    hover_caption(l, hover, sizeof hover);
    if (l->step_text[0]) snprintf(step, sizeof step, "%s", l->step_text); /* the view's own words */
    else explain_step(step, sizeof step, l->g, &l->st, l->v->gran);
    if (hover[0]) {
        int lines = imax(1, cap.h / lh / 2);
        used = lay_wrap(l, (box){cap.x, cap.y, cap.w, lines * lh}, FRAME_FONT_MONO, size, l->t->accent,
                        FRAME_EL_CAPTION, hover);
    }
    lay_wrap(l, (box){cap.x, cap.y + used, cap.w, cap.h - used}, FRAME_FONT_MONO, size, l->t->text,
             FRAME_EL_CAPTION, step);
}

/* "H_out = (5 + 2*1 - 1*(3-1) - 1)/2 + 1 = 3" for each axis. */
static void formula_text(const lay *l, char *buf, size_t n, const char *sep) {
    size_t k = 0;
    buf[0] = 0;
    for (int a = lay_first_axis(l); a < CONV_SP && k < n; a++) {
        char f[640];
        explain_out_size(f, sizeof f, l->g, a);
        k += (size_t)snprintf(buf + k, n - k, "%s%s", k ? sep : "", f);
    }
    if (l->s->nlayers > 1 && k < n) { /* a network: what one cell of this layer sees of the input */
        char f[128];
        explain_rf_short(f, sizeof f, l->s, l->v->layer + 1);
        if (f[0]) snprintf(buf + k, n - k, "%s%s", sep, f);
    }
}

/* Projector mode (or no room for the side panel): the formula under the
 * picture, in the caption's type. */
static void formula_band(lay *l, box b) {
    char buf[2048];
    formula_text(l, buf, sizeof buf, "     ");
    frame_tag(lay_text(l, b, FRAME_FONT_MONO, code_size(l), FRAME_ALIGN_LEFT, l->t->text, buf), FRAME_EL_FORMULA,
              0, 0);
}

/* ---- side panel ---- */

static int panel_head(lay *l, box *b, const char *s) {
    box hb = {b->x, b->y, b->w, line_h(l->ts)};
    if (hb.h > b->h) return 0;
    frame_tag(lay_text(l, hb, FRAME_FONT_SANS_BOLD, l->ts, FRAME_ALIGN_LEFT, l->t->text, s), FRAME_EL_PANEL, 0, 0);
    b->y += hb.h;
    b->h -= hb.h;
    return 1;
}

/* Panel text: shrunk a little rather than wrapped where that is enough
 * (formulas read best on one line), wrapped otherwise. */
static void panel_body(lay *l, box *b, frame_font font, frame_color c, frame_element el, const char *s) {
    int size = imax(TEXT_MIN, l->ts * 9 / 10), lo = imax(TEXT_MIN, size * 4 / 5), used;
    for (const char *p = s; *p;) {
        char line[512];
        size_t n = strcspn(p, "\n");
        snprintf(line, sizeof line, "%.*s", (int)(n < sizeof line ? n : sizeof line - 1), p);
        if (lay_measure(l, font, lo, line) <= b->w) /* shrinking keeps it on one line */
            while (size > lo && lay_measure(l, font, size, line) > b->w) size--;
        p += n + (p[n] == '\n');
    }
    used = lay_wrap(l, *b, font, size, c, el, s);
    b->y += used + l->gap / 2;
    b->h -= used + l->gap / 2;
}

/* A formula too long for the panel breaks before its result, the way it
 * is written by hand:  H_out = (5 + 2*1 - 1*(3-1) - 1)/2 + 1
 *                            = 3                                        */
static void formula_break(lay *l, const box *b, char *buf, size_t n) {
    char *eq = NULL, *p = buf, tail[256];
    int indent, lo = imax(TEXT_MIN, imax(TEXT_MIN, l->ts * 9 / 10) * 4 / 5); /* as panel_body shrinks */
    if (lay_measure(l, FRAME_FONT_MONO, lo, buf) <= b->w) return;
    while ((p = strstr(p, " = "))) eq = p++;
    if (!eq || eq == strstr(buf, " = ")) return;
    indent = (int)(strstr(buf, " = ") - buf);
    snprintf(tail, sizeof tail, "%s", eq + 1);
    snprintf(eq, n - (size_t)(eq - buf), "\n%*s%s", indent, "", tail);
}

static void side_panel(lay *l) {
    char buf[1100], f[1024];
    box b = l->panel;
    if (b.w <= 0) return;
    if (panel_head(l, &b, "output size")) {
        for (int a = lay_first_axis(l); a < CONV_SP; a++) {
            explain_out_size(buf, sizeof buf, l->g, a);
            formula_break(l, &b, buf, sizeof buf);
            panel_body(l, &b, FRAME_FONT_MONO, l->t->text, FRAME_EL_FORMULA, buf);
        }
    }
    if (l->s->nlayers > 1 && explain_rf(buf, sizeof buf, l->s, l->v->layer + 1, lay_first_axis(l)) > 0 &&
        panel_head(l, &b, "receptive field on the input")) {
        for (int a = lay_first_axis(l); a < CONV_SP; a++) {
            explain_rf(buf, sizeof buf, l->s, l->v->layer + 1, a);
            formula_break(l, &b, buf, sizeof buf);
            panel_body(l, &b, FRAME_FONT_MONO, l->t->text, FRAME_EL_FORMULA, buf);
        }
    }
    if (panel_head(l, &b, "parameters")) {
        explain_params(f, sizeof f, l->g);
        panel_body(l, &b, FRAME_FONT_MONO, l->t->text, FRAME_EL_PANEL, f);
        if (explain_groups(f, sizeof f, l->g) > 0) panel_body(l, &b, FRAME_FONT_MONO, l->t->text, FRAME_EL_PANEL, f);
        snprintf(buf, sizeof buf, "MACs: %lld", (long long)l->g->macs);
        panel_body(l, &b, FRAME_FONT_MONO, l->t->text, FRAME_EL_PANEL, buf);
    }
    if (panel_head(l, &b, "PyTorch")) {
        codegen_oneline(f, sizeof f, l->g, l->s->layout, CODEGEN_PYTORCH);
        panel_body(l, &b, FRAME_FONT_MONO, l->t->text, FRAME_EL_CODE, f);
    }
    if (panel_head(l, &b, "Keras")) {
        codegen_oneline(f, sizeof f, l->g, l->s->layout, CODEGEN_KERAS);
        panel_body(l, &b, FRAME_FONT_MONO, l->t->text, FRAME_EL_CODE, f);
    }
    panel_body(l, &b, FRAME_FONT_SANS, l->t->muted, FRAME_EL_HINT,
               "hover a cell: an output cell lights its receptive field on every channel, "
               "an input cell the outputs it feeds");
}

/* ---- help overlay ---- */

static void help(lay *l) {
    static const char *const keys[][2] = {
        {"Space", "play / pause"}, {"Right / Left", "next / previous step"},
        {"Shift+Right / Left", "next / previous output cell"}, {"Ctrl+Right / Left", "next / previous filter"},
        {"Shift+Down / Up", "next / previous output row"}, {"G", "output pictures: value colours / gray"},
        {"Home / End", "first / last step"}, {"+ / -", "faster / slower"},
        {"1 / 2 / 3", "granularity: position, channel, mac"}, {"P", "projector mode (large numbers, no keys)"},
        {"PageUp / PageDown", "previous / next layer (no lesson)"},
        {"T", "next theme"}, {"V", "transposed: scatter / zero-inserted view"}, {"F11", "fullscreen"}, {"H / F1", "this help"},
        {"F2", "show / hide the parameter panel"}, {"Tab / Shift+Tab", "next / previous parameter"},
        {"Up / Down", "step the parameter; Enter types"},
        {"Ctrl+Z", "undo"}, {"Ctrl+Shift+Z / Ctrl+Y", "redo"},
        {"Ctrl+S / Ctrl+Shift+S", "save / save as"}, {"Ctrl+O", "open a scene"},
        {"E", "export GIF (Esc cancels)"}, {"Esc", "cancel / close, then quit"},
        {"Q", "quit (asks if unsaved)"},
        {"PageDown / PageUp, N / Shift+N", "lesson: next / previous slide"},
        {"Ctrl+PageDown / PageUp", "next / previous layer (in a lesson too)"},
        {"B", "lesson: blank the screen"}, {"R", "lesson: reset the slide"},
        {"A", "ask: quiz on the next output value"}, {"Enter", "answer the question (type, Enter checks)"},
    };
    enum { N = sizeof keys / sizeof keys[0] };
    int m = l->margin, fs = code_size(l), pad, w, h, kw;
    box b;
    while (fs > TEXT_MIN && (N + 1) * line_h(fs) + 2 * fs > l->f->height - 2 * m) fs--;
    pad = fs;
    w = imin(l->f->width - 2 * m, fs * 34);
    h = imin(l->f->height - 2 * m, (N + 1) * line_h(fs) + 2 * pad);
    if (w <= 2 * pad || h <= 2 * pad) return;
    b = (box){(l->f->width - w) / 2, (l->f->height - h) / 2, w, h};
    frame_tag(lay_rect(l, b, l->t->panel), FRAME_EL_PANEL, 0, 0);
    lay_outline(l, b, l->t->accent, imax(1, (int)lround(2 * l->sc)), 0);
    kw = (w - 2 * pad) * 2 / 5;
    frame_tag(lay_text(l, (box){b.x + pad, b.y + pad, w - 2 * pad, line_h(fs)}, FRAME_FONT_SANS_BOLD, fs,
                       FRAME_ALIGN_LEFT, l->t->text, "keys"), FRAME_EL_PANEL, 0, 0);
    for (int i = 0; i < N; i++) {
        int y = b.y + pad + (i + 1) * line_h(fs);
        if (y + line_h(fs) > b.y + b.h - pad / 2) break;
        frame_tag(lay_text(l, (box){b.x + pad, y, kw - pad / 2, line_h(fs)}, FRAME_FONT_MONO, fs, FRAME_ALIGN_LEFT,
                           l->t->accent, keys[i][0]), FRAME_EL_PANEL, 0, 0);
        frame_tag(lay_text(l, (box){b.x + pad + kw, y, w - 2 * pad - kw, line_h(fs)}, FRAME_FONT_SANS, fs,
                           FRAME_ALIGN_LEFT, l->t->text, keys[i][1]), FRAME_EL_PANEL, 0, 0);
    }
}

/* ---- a lesson's slide ---- */

static int slide_size(const lay *l) { return (l->ts * 17 + 5) / 10; }

/* Lays out the slide band in b (height: as much as it needs) and returns
 * the height used; with draw 0 nothing is kept, so the same code measures
 * the band for regions() and draws it. */
static int slide_band(lay *l, box b, int draw) {
    const layout_slide *sl = l->v->slide;
    size_t keep = l->f->n;
    int cs = slide_size(l), qs = title_size(l), vs = code_size(l), y = b.y, cw = 0, lim = l->f->height / 3;
    char answer[600];
    if (!sl || sl->blank || b.w <= 0) return 0;
    if (sl->counter && *sl->counter) {
        cw = lay_measure(l, FRAME_FONT_SANS, l->ts, sl->counter);
        frame_tag(lay_text(l, (box){b.x + b.w - cw, b.y, cw, line_h(cs)}, FRAME_FONT_SANS, l->ts, FRAME_ALIGN_RIGHT,
                           l->t->muted, sl->counter), FRAME_EL_SLIDE_COUNTER, 0, 0);
        cw += l->gap;
    }
    if (sl->caption && *sl->caption)
        y += lay_wrap(l, (box){b.x, y, b.w - cw, imin(4 * line_h(cs), lim)}, FRAME_FONT_SANS, cs, l->t->text,
                      FRAME_EL_SLIDE_CAPTION, sl->caption);
    if (sl->question && *sl->question) {
        y += lay_wrap(l, (box){b.x, y, b.w - cw, 2 * line_h(qs)}, FRAME_FONT_SANS_BOLD, qs, l->t->accent,
                      FRAME_EL_QUESTION, sl->question);
        if (sl->typing || (sl->answer && *sl->answer)) {
            snprintf(answer, sizeof answer, "your answer: %s%s", sl->answer ? sl->answer : "", sl->typing ? "_" : "");
            y += lay_wrap(l, (box){b.x, y, b.w, line_h(qs)}, FRAME_FONT_MONO, qs, l->t->text, FRAME_EL_ANSWER, answer);
        } else if (!sl->verdict || !*sl->verdict) {
            y += lay_wrap(l, (box){b.x, y, b.w, line_h(l->ts)}, FRAME_FONT_SANS, l->ts, l->t->muted, FRAME_EL_HINT,
                          sl->picked ? "click the input cells, then Enter to check" : "Enter to answer");
        }
    }
    if (sl->verdict && *sl->verdict)
        y += lay_wrap(l, (box){b.x, y, b.w, 3 * line_h(vs)}, FRAME_FONT_MONO, vs, sl->right ? l->t->pos : l->t->neg,
                      FRAME_EL_VERDICT, sl->verdict);
    if (!draw) l->f->n = keep;
    return y - b.y;
}

static int slide_height(lay *l, int w, int height) {
    int h = slide_band(l, (box){0, 0, w, height}, 0);
    return imin(h, height / 2);
}

/* The cells clicked for a receptive-field question, outlined over the
 * input cells drawn (every channel's copy of the cell). */
static void slide_picks(lay *l) {
    const layout_slide *sl = l->v->slide;
    size_t n = l->f->n;
    if (!sl || !sl->picked) return;
    for (size_t i = 0; i < n; i++) {
        frame_cmd c = l->f->cmd[i];
        int64_t k;
        if (c.el != FRAME_EL_INPUT_CELL || c.kind != FRAME_RECT) continue;
        k = layout_input_index(l->s, l->v->layer, c.b);
        if (k < 0 || !sl->picked[k]) continue;
        frame_cmd *o = lay_outline(l, (box){c.x, c.y, c.w, c.h}, l->t->text, imax(2, c.w / 7), 0); /* not the window's colour */
        frame_tag(o, FRAME_EL_ANSWER, c.a, c.b);
        if (o) frame_index(o, c.nidx, c.idx, 0);
    }
}

/* ---- the frame ---- */

const char *const layout_tview_names[] = {"scatter", "inserted"};
_Static_assert(sizeof layout_tview_names / sizeof layout_tview_names[0] == LAYOUT_TV_COUNT, "a name for every view");

sched_order layout_order(const scene *s, const layout_view *v) {
    if (v->layer < 0 || v->layer >= s->nlayers) return SCHED_GATHER;
    return s->layer[v->layer].g.p.kind == CONV_TRANSPOSE_2D && v->tview == LAYOUT_TV_SCATTER ? SCHED_SCATTER
                                                                                           : SCHED_GATHER;
}

void layout_view_init(layout_view *v) {
    memset(v, 0, sizeof *v);
    v->gran = SCHED_CHANNEL;
    v->theme = theme_get("light");
    v->scale = 1;
    v->speed = 4;
    v->hover_el = FRAME_EL_NONE;
    v->export_progress = -1;
    v->vocab = -1;
}

typedef struct { box head, slide, formula, cap, hint, band; } regions_t;

/* A figure: the header, the picture, the author's caption; no panel. */
static void regions_figure(lay *l, int width, int height, regions_t *r) {
    char code[1024];
    int m = l->margin, hh = 0, cap = 0, top, bottom;
    const char *c = l->v->caption;
    codegen_oneline(code, sizeof code, l->g, l->s->layout, lay_vocab(l));
    memset(r, 0, sizeof *r);
    if (l->s->title[0]) hh += line_h(title_size(l));
    hh += figure_desc_lines(l, width - 2 * m, code) * line_h(code_size(l));
    r->head = (box){m, m / 2, width - 2 * m, hh};
    top = r->head.y + hh + m / 2;
    if (c && *c) cap = imin(2, (lay_measure(l, FRAME_FONT_SANS, l->ts, c) + width - 2 * m - 1) / imax(1, width - 2 * m)) * line_h(l->ts);
    r->cap = (box){m, height - m / 2 - cap, width - 2 * m, cap};
    bottom = r->cap.y - (cap ? l->gap / 2 : 0);
    l->main = (box){m, top + l->gap / 2, width - 2 * m, bottom - top - l->gap};
    l->panel = (box){width - m, l->main.y, 0, l->main.h};
}

static int editor_open(const lay *l) { return l->v->editor && l->v->editor->open; }

/* The chrome's boxes; the main area and the panel get what is left. */
/* side: give the side panel its column (projector mode never does). */
static void regions(lay *l, int width, int height, int side, regions_t *r) {
    if (l->figure) {
        regions_figure(l, width, height, r);
        return;
    }
    int m = l->margin, ts = l->ts, proj = l->v->projector || !side, cap_lines = height >= 700 ? 3 : height >= 420 ? 2 : 1;
    int hh = line_h(title_size(l)), top, bottom, pw = 0, band_h = imax(line_h(ts), 3 * imax(3, ts * 2 / 5));
    if (hovering(l)) cap_lines = imax(cap_lines, 2);
    if (l->s->title[0] && height >= 360) hh += line_h(code_size(l)); /* the title has a line of its own */
    r->head = (box){m, m / 2, width - 2 * m, hh};
    top = r->head.y + hh + m / 2;
    r->slide = (box){m, top, width - 2 * m, slide_height(l, width - 2 * m, height)};
    if (r->slide.h > 0) top += r->slide.h + m / 2;
    r->band = (box){m, height - m / 2 - band_h, width - 2 * m, band_h};
    r->hint = (box){m, r->band.y - line_h(ts), width - 2 * m, line_h(ts)};
    r->cap = (box){m, r->hint.y - l->gap / 2 - cap_lines * line_h(code_size(l)), width - 2 * m,
                   cap_lines * line_h(code_size(l))};
    r->formula = (box){m, r->cap.y, width - 2 * m, 0};
    if (proj && !l->v->projector) { /* projector mode has it on the hint line */
        r->formula.h = line_h(code_size(l));
        r->formula.y = r->cap.y - l->gap / 2 - r->formula.h;
    }
    bottom = (proj ? r->formula.y : r->cap.y) - l->gap / 2;
    if (editor_open(l)) pw = panel_width(width, ts);
    else if (!proj && width >= ts * 62) pw = iclamp(width * 22 / 100, ts * 16, ts * 30);
    if (!side && !editor_open(l)) pw = 0;
    l->main = (box){m, top + l->gap / 2, width - 2 * m - (pw ? pw + 2 * l->gap : 0), bottom - top - l->gap};
    l->panel = (box){width - m - pw, l->main.y, pw, l->main.h};
}

static int prepare(lay *l, const scene *s, const layout_view *v, errmsg *e) {
    const scene_layer *L = &s->layer[v->layer];
    const conv_geom *g = &L->g;
    int64_t step = v->step;
    l->s = s;
    l->L = L;
    l->g = g;
    l->in = scene_layer_input_data(s, v->layer);
    if (!l->in || !L->weight || !L->out) return errmsg_set(e, "layers[%d]: not computed", v->layer);
    l->order = layout_order(s, v);
    l->nsteps = sched_order_count(g, l->order, v->gran);
    if (step >= l->nsteps) step = l->nsteps - 1;
    if (step < 0) step = 0;
    if (sched_state_init(&l->st, g, e)) return -1;
    if (l->order == SCHED_SCATTER) {
        /* the scatter view reads its own state (sched_scatter_cell); the
         * gather state of the first output cell keeps the grid's setup */
        sched_state_at(&l->st, g, v->gran, 0, l->in, L->weight, L->bias);
        l->st.step = step;
    } else {
        sched_state_at(&l->st, g, v->gran, step, l->in, L->weight, L->bias);
    }
    /* counted by scene_compute: a frame reads no whole tensor for them */
    l->in_stat = scene_layer_input_stat(s, v->layer);
    l->in_max = l->in_stat->max_abs;
    l->w_max = L->w_stat.max_abs;
    l->p_max = l->in_max * l->w_max;
    l->b_max = L->b_stat.max_abs;
    l->out_max = L->out_stat.max_abs;
    l->d_in = imin(2, l->in_stat->decimals);
    l->d_w = imin(2, L->w_stat.decimals);
    l->d_out = imin(2, L->out_stat.decimals);
    setup_grid(l);
    return 0;
}

/* ---- the view, by the layer's kind (one case a view) ---- */

static void view_draw(lay *l) {
    box main = l->main, band, nband;
    int net = view_net_reserve(l, &nband), groups = view_groups_reserve(l, &band);
    switch (l->g->p.kind) {
    case CONV_1D: view_seq(l); break;
    case CONV_3D: view_vol(l); break;
    case CONV_TRANSPOSE_2D:
        if (l->order == SCHED_SCATTER) view_tconv(l);
        else view_grid(l);
        break;
    default: view_grid(l); break;
    }
    if (groups) view_groups(l, band);
    if (net) view_net(l, nband);
    l->main = main;
}

static void view_plan(lay *l, plan_out *p) {
    box main = l->main, band;
    view_net_reserve(l, &band);
    view_groups_reserve(l, &band);
    switch (l->g->p.kind) {
    case CONV_1D: view_seq_plan(l, p); break;
    case CONV_3D: view_vol_plan(l, p); break;
    case CONV_TRANSPOSE_2D:
        if (l->order == SCHED_SCATTER) view_tconv_plan(l, p);
        else view_grid_plan(l, p);
        break;
    default: view_grid_plan(l, p); break;
    }
    l->main = main;
}

/* The plan the view gets with text size ts (no commands are kept). */
static plan_out plan_at(lay *l, int width, int height, int ts, int side) {
    regions_t r;
    plan_out p = {0};
    size_t n = l->f->n;
    setup_sizes(l, width, height, ts);
    regions(l, width, height, side, &r);
    if (l->main.w > 0 && l->main.h > 0) view_plan(l, &p);
    l->f->n = n;
    return p;
}

/* The side panel takes what the picture leaves: where its column would
 * shrink the cells by a fifth or more, it gives way (the formula then
 * goes under the picture). */
static int side_panel_fits(lay *l, int width, int height, int ts) {
    plan_out with, without;
    if (l->v->projector || l->figure) return 0;
    if (editor_open(l)) return 1;
    with = plan_at(l, width, height, ts, 1);
    if (with.c >= l->cmax * 4 / 5) return 1;
    without = plan_at(l, width, height, ts, 0);
    if (with.c < PLAN_READABLE && without.c > with.c) return 0; /* numbers that can be read first */
    if (with.focus && with.co < PLAN_READABLE && without.co >= PLAN_READABLE && without.c >= with.c)
        return 0; /* a magnifier's output cell too */
    return without.c * 4 < with.c * 5;
}

/* Projector mode makes every number larger, never smaller: its larger
 * text may not take so much room that the cells (input or output) end up
 * below the window's. Smaller text first, then the window's sum size. */
static int projector_size(lay *l, int width, int height) {
    layout_view plain = *l->v;
    const layout_view *keep = l->v;
    int ts = text_size(keep, width, height), ts0, side;
    plan_out p0, p;
    plain.projector = 0;
    l->v = &plain;
    ts0 = text_size(&plain, width, height);
    side = side_panel_fits(l, width, height, ts0);
    p0 = plan_at(l, width, height, ts0, side);
    l->v = keep;
    l->c_floor = p0.c;
    l->co_floor = p0.co;
    for (; ts >= ts0; ts--) {
        p = plan_at(l, width, height, ts, 0);
        if (p.c >= p0.c && p.co >= p0.co) return ts;
    }
    l->lean = 1;
    return ts0;
}

static void draw_chrome_lines(lay *l, int width, const regions_t *r) {
    int m = l->margin;
    lay_line(l, m, r->head.y + r->head.h + m / 2 - 1, width - 2 * m - 1, 0, l->t->grid, 1, FRAME_LINE);
    lay_line(l, m, l->main.y + l->main.h + l->gap / 2, width - 2 * m - 1, 0, l->t->grid, 1, FRAME_LINE);
}

/* A cell of the network strip on the animated layer's input or output is
 * that cell of the view: hovering it there lights what hovering it in the
 * view would. Returns v, or hv filled with the view's terms. */
static const layout_view *strip_hover(const scene *s, const layout_view *v, layout_view *hv) {
    int c, pos[CONV_SP], nd, t = v->hover_a;
    if (v->hover_el != FRAME_EL_TENSOR_CELL || (t != v->layer && t != v->layer + 1)) return v;
    if (net_cell_at(s, t, v->hover_b, &c, pos)) return v;
    *hv = *v;
    hv->hover_a = c;
    if (t == v->layer + 1) {
        hv->hover_el = FRAME_EL_OUTPUT_CELL;
        hv->hover_b = conv_cell_index(&s->layer[v->layer].g, pos);
        return hv;
    }
    nd = conv_ndim(s->layer[v->layer].g.p.kind);
    hv->hover_el = FRAME_EL_INPUT_CELL;
    hv->hover_b = layout_input_cell(s, v->layer, pos + CONV_SP - nd, nd);
    return hv->hover_b < 0 ? v : hv;
}

/* The frame of (scene, view) at width x height into l, already set up
 * with its frame, pen and theme. */
static int frame_of(lay *l, const scene *s, const layout_view *v, int width, int height, errmsg *e) {
    regions_t r;
    layout_view hv;
    int ts, side, rc = 0;
    if (v->layer < 0 || v->layer >= s->nlayers)
        return errmsg_set(e, "layer: %d is out of range (the scene has %d)", v->layer, s->nlayers);
    l->v = v = strip_hover(s, v, &hv);
    if (width < 1 || height < 1) return 0;
    if (prepare(l, s, v, e)) return -1;
    ts = v->projector ? projector_size(l, width, height) : text_size(v, width, height);
    side = side_panel_fits(l, width, height, ts);
    setup_sizes(l, width, height, ts);
    regions(l, width, height, side, &r);
    if (l->figure) {
        header_figure(l, r.head);
        if (l->main.h > 0 && l->main.w > 0) view_draw(l);
        if (r.cap.h > 0)
            lay_wrap(l, r.cap, FRAME_FONT_SANS, l->ts, l->t->text, FRAME_EL_CAPTION, v->caption);
        sched_state_free(&l->st);
        return l->fail ? errmsg_set(e, "frame: out of memory") : 0;
    }
    draw_chrome_lines(l, width, &r);
    header(l, r.head);
    if (r.slide.h > 0) slide_band(l, r.slide, 1);
    if (l->main.h > 0 && l->main.w > 0) view_draw(l);
    slide_picks(l);
    if (editor_open(l) && l->panel.w > 0) {
        panel_style ps = {l->t, l->ts, v->measure, v->measure_ctx};
        rc = panel_frame(l->f, s, v->layer, v->editor, l->panel.x, l->panel.y, l->panel.w, l->panel.h, &ps, e);
    } else {
        side_panel(l);
    }
    if (rc == 0) {
        if (r.formula.h > 0) formula_band(l, r.formula);
        caption(l, r.cap);
        hints(l, r.hint);
        timeline(l, r.band);
        if (v->show_help) help(l);
    }
    sched_state_free(&l->st);
    if (rc == 0 && l->fail) return errmsg_set(e, "frame: out of memory");
    return rc;
}

/* One pass of the layout with a rule for the cells' digits. *small is
 * set when a figure's grid had digits under LAYOUT_FIGURE_DIGITS px (and
 * so went without). */
static int layout_pass(frame *f, const scene *s, const layout_view *v, int width, int height, layout_numbers num,
                       int *small, errmsg *e) {
    lay l;
    int rc;
    memset(&l, 0, sizeof l);
    l.f = f;
    l.pen = (text_pen){f, v->measure, v->measure_ctx, 0};
    l.v = v;
    l.t = v->theme ? v->theme : theme_get("light");
    l.sc = v->scale > 0.25 ? v->scale : 1;
    l.figure = v->style == LAYOUT_STYLE_FIGURE;
    l.num_off = num == LAYOUT_NUMBERS_OFF;
    l.num_least = l.figure && num == LAYOUT_NUMBERS_AUTO ? LAYOUT_FIGURE_DIGITS : 0;
    if (v->slide && v->slide->blank) { /* B: a dark screen while the teacher talks */
        frame_clear(f, width, height, (frame_color){0, 0, 0, 255});
        if (small) *small = 0;
        return 0;
    }
    frame_clear(f, width, height, l.t->background);
    rc = frame_of(&l, s, v, width, height, e);
    if (small) *small = l.num_small;
    return rc;
}

/* A figure's AUTO: every cell's digits readable, or none: a figure with
 * some grids numbered and some bare reads as a mistake. */
int layout_frame(frame *f, const scene *s, const layout_view *v, int width, int height, errmsg *e) {
    int small = 0;
    if (layout_pass(f, s, v, width, height, v->numbers, &small, e) != 0) return -1;
    if (small) return layout_pass(f, s, v, width, height, LAYOUT_NUMBERS_OFF, NULL, e);
    return 0;
}

int layout_resolve_numbers(const scene *s, const layout_view *v, int width, int height, errmsg *e) {
    frame f;
    int small = 0, rc;
    if (v->numbers != LAYOUT_NUMBERS_AUTO) return v->numbers;
    frame_init(&f, width, height, (frame_color){255, 255, 255, 255});
    rc = layout_pass(&f, s, v, width, height, LAYOUT_NUMBERS_AUTO, &small, e);
    frame_free(&f);
    if (rc != 0) return -1;
    return small ? LAYOUT_NUMBERS_OFF : LAYOUT_NUMBERS_ON;
}

/* What the mouse can point at: cells, the timeline, the editor's rows and
 * tabs, labels and captions. Outlines and lines are not targets, nor are
 * the elements that only describe (sums, formula, code, hints, window);
 * a padding cell is hit as the input cell it is in the padded grid. */
static int hit_target(const frame_cmd *c) {
    if (c->el == FRAME_EL_NONE || c->kind == FRAME_LINE || c->kind == FRAME_ARROW) return 0;
    if (c->el == FRAME_EL_WINDOW || c->el == FRAME_EL_SUM || c->el == FRAME_EL_PARTIAL_SUM ||
        c->el == FRAME_EL_FORMULA || c->el == FRAME_EL_CODE || c->el == FRAME_EL_HINT)
        return 0;
    return 1;
}

int layout_hit(const frame *f, int x, int y, frame_element *el, int *a, int64_t *b) {
    for (size_t i = f->n; i-- > 0;) {
        const frame_cmd *c = &f->cmd[i];
        if (!hit_target(c)) continue;
        if (x < c->x || y < c->y || x >= c->x + c->w || y >= c->y + c->h) continue;
        if (el) *el = c->el == FRAME_EL_PAD_CELL ? FRAME_EL_INPUT_CELL : c->el;
        if (a) *a = c->a;
        if (b) *b = c->b;
        return 1;
    }
    return 0;
}

int64_t layout_picture_cell(const frame *f, const scene *s, int layer, int64_t now, int x, int y) {
    const conv_geom *g;
    int at[CONV_SP];
    if (layer < 0 || layer >= s->nlayers) return -1;
    g = &s->layer[layer].g;
    if (now < 0 || now >= g->out_cells) now = 0;
    conv_cell_coords(g, now, at);
    for (size_t i = f->n; i-- > 0;) {
        const frame_cmd *c = &f->cmd[i];
        int rows = (int)(c->b >> 32), cols = (int)(c->b & 0xffffffff), r, q;
        if (c->el != FRAME_EL_PICTURE || c->w < 1 || c->h < 1 || rows < 1 || cols < 1) continue;
        if (x < c->x || y < c->y || x >= c->x + c->w || y >= c->y + c->h) continue;
        r = (int)((int64_t)(y - c->y) * rows / c->h);
        q = (int)((int64_t)(x - c->x) * cols / c->w);
        if (c->a == 0) { /* the window's top-left is out * stride (transposed: the zero-inserted grid, stride 1) */
            int tr = g->p.kind == CONV_TRANSPOSE_2D;
            int sh = tr ? 1 : g->p.stride[1], sw = tr ? 1 : g->p.stride[2];
            int eh = g->p.dilation[1] * (g->p.kernel[1] - 1) + 1, ew = g->p.dilation[2] * (g->p.kernel[2] - 1) + 1;
            r = (r - eh / 2 + sh / 2) / sh;
            q = (q - ew / 2 + sw / 2) / sw;
            if (r < 0) r = 0; /* integer division rounds toward 0: clamp the negatives */
            if (q < 0) q = 0;
        }
        at[1] = iclamp(r, 0, g->out_sp[1] - 1);
        at[2] = iclamp(q, 0, g->out_sp[2] - 1);
        return ((int64_t)at[0] * g->out_sp[1] + at[1]) * g->out_sp[2] + at[2];
    }
    return -1;
}

int64_t layout_strip_cell(const frame *f, const scene *s, int x, int y, int *t) {
    for (size_t i = f->n; i-- > 0;) {
        const frame_cmd *c = &f->cmd[i];
        int ch, sp[CONV_SP], r, q, z;
        if (c->el != FRAME_EL_NETWORK_TENSOR || c->kind != FRAME_IMAGE || c->w < 1 || c->h < 1) continue;
        if (x < c->x || y < c->y || x >= c->x + c->w || y >= c->y + c->h) continue;
        if (c->a < 0 || c->a > s->nlayers) return -1;
        net_tensor_shape(s, c->a, &ch, sp);
        if (c->b < 0 || c->b >= (int64_t)ch * sp[0]) return -1;
        r = (int)((int64_t)(y - c->y) * sp[1] / c->h);
        q = (int)((int64_t)(x - c->x) * sp[2] / c->w);
        z = (int)(c->b % sp[0]);
        *t = c->a;
        return net_cell_index(s, c->a, (int)(c->b / sp[0]), (int[]){z, r, q});
    }
    return -1;
}

int64_t layout_timeline_step(const frame *f, const scene *s, const layout_view *v, int x) {
    int64_t n;
    if (v->layer < 0 || v->layer >= s->nlayers) return -1;
    n = sched_order_count(&s->layer[v->layer].g, layout_order(s, v), v->gran);
    for (size_t i = 0; i < f->n; i++) {
        const frame_cmd *c = &f->cmd[i];
        int64_t step;
        if (c->el != FRAME_EL_TIMELINE) continue;
        if (n <= 1 || c->w <= 1) return 0;
        step = (int64_t)floor((double)(x - c->x) * (double)(n - 1) / (double)(c->w - 1) + 0.5);
        return step < 0 ? 0 : step >= n ? n - 1 : step;
    }
    return -1;
}
