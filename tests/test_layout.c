#include "layout.h"
#include "explain.h"
#include "check.h"

#include <stdlib.h>

/* The measure the frame under test was laid out with. */
static frame_measure_fn measure = frame_text_width_estimate;

/* A wider font than the estimate: layout must follow the view's measure. */
static int wide_measure(void *ctx, frame_font font, int size, const char *s) {
    int n = 0;
    (void)ctx;
    for (; *s; s++) n += ((unsigned char)*s & 0xC0) != 0x80;
    return (n * size * (font == FRAME_FONT_MONO ? 70 : 78) + 99) / 100;
}

static int is_cell(frame_element el) {
    return el == FRAME_EL_INPUT_CELL || el == FRAME_EL_PAD_CELL || el == FRAME_EL_WEIGHT_CELL
        || el == FRAME_EL_PRODUCT_CELL || el == FRAME_EL_OUTPUT_CELL;
}

/* Input and padding cells are one grid: (channel, padded cell). */
static int same_el(frame_element a, frame_element b) {
    if (a == FRAME_EL_PAD_CELL) a = FRAME_EL_INPUT_CELL;
    if (b == FRAME_EL_PAD_CELL) b = FRAME_EL_INPUT_CELL;
    return a == b;
}

static int same_color(frame_color a, frame_color b) {
    return a.r == b.r && a.g == b.g && a.b == b.b && a.a == b.a;
}

static int overlap(const frame_cmd *a, const frame_cmd *b) {
    return a->x < b->x + b->w && b->x < a->x + a->w && a->y < b->y + b->h && b->y < a->y + a->h;
}

static int inside(const frame_cmd *in, const frame_cmd *out) {
    return in->x >= out->x && in->y >= out->y && in->x + in->w <= out->x + out->w
        && in->y + in->h <= out->y + out->h;
}

static int same_owner(const frame_cmd *a, const frame_cmd *b) {
    return is_cell(a->el) && same_el(a->el, b->el) && a->a == b->a && a->b == b->b;
}

/* First RECT of element (el, a, b): the cell itself. */
static const frame_cmd *find_cell(const frame *f, frame_element el, int a, int64_t b) {
    for (size_t i = 0; i < f->n; i++) {
        const frame_cmd *c = &f->cmd[i];
        if (c->kind == FRAME_RECT && same_el(c->el, el) && c->a == a && c->b == b) return c;
    }
    return NULL;
}

static int point_in(int x, int y, int w, int h, int px, int py) {
    return px >= 0 && py >= 0 && px <= w && py <= h && x >= 0 && y >= 0 && x <= w && y <= h;
}

/* Every command lies inside the window. */
static int all_inside(const frame *f) {
    for (size_t i = 0; i < f->n; i++) {
        const frame_cmd *c = &f->cmd[i];
        int ok;
        if (c->kind == FRAME_LINE || c->kind == FRAME_ARROW)
            ok = point_in(c->x, c->y, f->width, f->height, c->x + c->w, c->y + c->h);
        else
            ok = c->w >= 0 && c->h >= 0 && c->x >= 0 && c->y >= 0 && c->x + c->w <= f->width
                 && c->y + c->h <= f->height;
        if (!ok) {
            fprintf(stderr, "  command %zu (kind %d el %d \"%s\") at %d,%d %dx%d leaves %dx%d\n", i, c->kind,
                    c->el, frame_text(f, c), c->x, c->y, c->w, c->h, f->width, f->height);
            return 0;
        }
    }
    return 1;
}

static const frame *sort_frame;

static int by_x(const void *a, const void *b) {
    const frame_cmd *p = &sort_frame->cmd[*(const size_t *)a], *q = &sort_frame->cmd[*(const size_t *)b];
    return (p->x > q->x) - (p->x < q->x);
}

/* No two texts or cells overlap, except a cell and what belongs to it. */
static int no_overlap(const frame *f) {
    size_t *idx = malloc(f->n * sizeof *idx), m = 0;
    int ok = 1;
    for (size_t i = 0; i < f->n; i++) {
        const frame_cmd *c = &f->cmd[i];
        if (c->kind == FRAME_TEXT || (c->kind == FRAME_RECT && is_cell(c->el))) idx[m++] = i;
    }
    sort_frame = f;
    qsort(idx, m, sizeof *idx, by_x);
    for (size_t i = 0; i < m && ok; i++) {
        const frame_cmd *a = &f->cmd[idx[i]];
        for (size_t j = i + 1; j < m && f->cmd[idx[j]].x < a->x + a->w; j++) {
            const frame_cmd *b = &f->cmd[idx[j]];
            if (!overlap(a, b) || same_owner(a, b)) continue;
            fprintf(stderr, "  overlap: \"%s\" (kind %d el %d %d,%d %dx%d) and \"%s\" (kind %d el %d %d,%d %dx%d)\n",
                    frame_text(f, a), a->kind, a->el, a->x, a->y, a->w, a->h,
                    frame_text(f, b), b->kind, b->el, b->x, b->y, b->w, b->h);
            ok = 0;
            break;
        }
    }
    free(idx);
    return ok;
}

/* The cell of element (el, a, b) that holds text command t: a channel's
 * grid may be drawn twice (the stage and the strip). */
static const frame_cmd *cell_holding(const frame *f, const frame_cmd *t) {
    for (size_t i = 0; i < f->n; i++) {
        const frame_cmd *c = &f->cmd[i];
        if (c->kind == FRAME_RECT && same_el(c->el, t->el) && c->a == t->a && c->b == t->b && inside(t, c)) return c;
    }
    return NULL;
}

/* Text in a cell fits the cell: measured width within the cell's width. */
static int cell_text_fits(const frame *f) {
    for (size_t i = 0; i < f->n; i++) {
        const frame_cmd *c = &f->cmd[i], *cell;
        if (c->kind != FRAME_TEXT || !is_cell(c->el)) continue;
        cell = cell_holding(f, c);
        if (!cell
            || measure(NULL, c->font, c->size, frame_text(f, c)) > cell->w) {
            fprintf(stderr, "  cell text \"%s\" size %d does not fit its cell\n", frame_text(f, c), c->size);
            return 0;
        }
    }
    return 1;
}

/* Other text fits its box too. */
static int text_fits(const frame *f) {
    for (size_t i = 0; i < f->n; i++) {
        const frame_cmd *c = &f->cmd[i];
        if (c->kind != FRAME_TEXT) continue;
        if (measure(NULL, c->font, c->size, frame_text(f, c)) > c->w) {
            fprintf(stderr, "  text \"%s\" runs past its box\n", frame_text(f, c));
            return 0;
        }
    }
    return 1;
}

static int count(const frame *f, frame_kind k, frame_element el) {
    int n = 0;
    for (size_t i = 0; i < f->n; i++) n += f->cmd[i].kind == k && f->cmd[i].el == el;
    return n;
}

static const char *find_text(const frame *f, const char *needle) {
    for (size_t i = 0; i < f->n; i++)
        if (f->cmd[i].kind == FRAME_TEXT && strstr(frame_text(f, &f->cmd[i]), needle))
            return frame_text(f, &f->cmd[i]);
    return NULL;
}

/* ---- random scenes ---- */

static int rnd(uint64_t *st, int lo, int hi) {
    return lo + (int)(tensor_rng_next(st) % (uint64_t)(hi - lo + 1));
}

static int random_scene(scene *s, uint64_t *st) {
    conv_params p;
    int kinds[] = {CONV_2D, CONV_2D, CONV_2D, CONV_2D, CONV_1D, CONV_3D, CONV_TRANSPOSE_2D};
    conv_kind kind = (conv_kind)kinds[rnd(st, 0, 6)];
    int sp[CONV_SP] = {1, 1, 1}, in_c = rnd(st, 1, 16), first;
    conv_params_init(&p, kind);
    first = CONV_SP - conv_ndim(kind);
    for (int a = first; a < CONV_SP; a++) {
        sp[a] = rnd(st, 0, 3) ? rnd(st, 1, kind == CONV_3D ? 8 : 64) : rnd(st, 1, 6);
        p.kernel[a] = rnd(st, 1, 5);
        p.stride[a] = rnd(st, 1, 3);
        p.dilation[a] = rnd(st, 0, 3) ? 1 : rnd(st, 2, 3);
        p.pad[a][0] = rnd(st, 0, 2);
        p.pad[a][1] = rnd(st, 0, 3) ? p.pad[a][0] : rnd(st, 0, 2);
    }
    p.padding = (conv_padding)rnd(st, 0, 3);
    p.padding_mode = kind == CONV_TRANSPOSE_2D ? CONV_MODE_ZEROS : (conv_padmode)rnd(st, 0, 3);
    p.filters = rnd(st, 1, 16);
    p.groups = (in_c % 2 == 0 && p.filters % 2 == 0 && rnd(st, 0, 2) == 0) ? 2 : 1;
    p.bias = rnd(st, 0, 3) != 0;
    p.activation = (conv_act)rnd(st, 0, 3);
    if (kind == CONV_TRANSPOSE_2D && rnd(st, 0, 1)) p.output_padding[2] = p.stride[2] > 1 ? 1 : 0;
    return scene_make(s, &p, in_c, sp, tensor_rng_next(st), NULL);
}

static void test_random(void) {
    static const int sizes[][2] = {{320, 240}, {3840, 2160}, {640, 480}, {1600, 900}, {1024, 768}, {400, 1200}};
    uint64_t st = 42;
    frame f;
    int scenes = 0, frames = 0;
    frame_init(&f, 0, 0, (frame_color){0, 0, 0, 255});
    while (scenes < 150) {
        scene s;
        layout_view v;
        if (random_scene(&s, &st)) continue;
        scenes++;
        for (int k = 0; k < 4; k++) {
            const char *themes[] = {"light", "dark", "cb"};
            int w = k < 2 ? sizes[(scenes + k) % 6][0] : rnd(&st, 320, 3840);
            int h = k < 2 ? sizes[(scenes + k) % 6][1] : rnd(&st, 240, 2160);
            int64_t n;
            errmsg e;
            layout_view_init(&v);
            v.gran = (sched_gran)rnd(&st, 0, 2);
            v.theme = theme_get(themes[rnd(&st, 0, 2)]);
            v.projector = rnd(&st, 0, 3) == 0;
            v.scale = (w >= 1600 && rnd(&st, 0, 2) == 0) ? 2 : 1;
            n = sched_count(&s.layer[0].g, v.gran);
            v.step = (int64_t)(tensor_rng_next(&st) % (uint64_t)n);
            if (rnd(&st, 0, 2) == 0) {
                v.hover_el = FRAME_EL_OUTPUT_CELL;
                v.hover_a = rnd(&st, 0, s.layer[0].g.out_c - 1);
                v.hover_b = (int64_t)(tensor_rng_next(&st) % (uint64_t)s.layer[0].g.out_cells);
            } else if (rnd(&st, 0, 1) == 0) {
                v.hover_el = FRAME_EL_INPUT_CELL;
                v.hover_a = rnd(&st, 0, s.in_c - 1);
                v.hover_b = rnd(&st, 0, 500);
            }
            measure = rnd(&st, 0, 1) ? wide_measure : frame_text_width_estimate;
            v.measure = measure;
            CHECK_INT(layout_frame(&f, &s, &v, w, h, &e), 0);
            frames++;
            if (!CHECK(all_inside(&f)) || !CHECK(no_overlap(&f)) || !CHECK(cell_text_fits(&f))
                || !CHECK(text_fits(&f))) {
                const conv_geom *g = &s.layer[0].g;
                fprintf(stderr, "  scene: %s in_c %d in %dx%dx%d k %d,%d s %d d %d pad %d/%d F %d %dx%d step %lld gran %d\n",
                        conv_kind_name(g->p.kind), g->in_c, g->in_sp[0], g->in_sp[1], g->in_sp[2],
                        g->p.kernel[1], g->p.kernel[2], g->p.stride[2], g->p.dilation[2], g->pad_lo[2],
                        g->pad_hi[2], g->out_c, w, h, (long long)v.step, v.gran);
            }
            v.show_help = 1;
            CHECK_INT(layout_frame(&f, &s, &v, w, h, &e), 0);
            CHECK(all_inside(&f));
            CHECK(count(&f, FRAME_TEXT, FRAME_EL_PANEL) > 0);
        }
        scene_free(&s);
    }
    CHECK_INT(frames, 600);
    measure = frame_text_width_estimate;
    frame_free(&f);
}

/* ---- the default scene ---- */

static void check_output_states(const frame *f, const scene *s, const layout_view *v) {
    const scene_layer *L = &s->layer[0];
    const conv_geom *g = &L->g;
    double mx = 0;
    int bad = 0;
    for (int64_t i = 0; i < g->out_c * g->out_cells; i++)
        if (fabs(L->out[i]) > mx) mx = fabs(L->out[i]);
    for (int fl = 0; fl < g->out_c; fl++)
        for (int64_t cell = 0; cell < g->out_cells; cell++) {
            const frame_cmd *c = find_cell(f, FRAME_EL_OUTPUT_CELL, fl, cell);
            sched_cellstate cs = sched_cell_state(g, v->gran, v->step, fl, cell);
            if (!c) {
                bad++;
                continue;
            }
            if (cs == SCHED_EMPTY) bad += !same_color(c->color, v->theme->empty);
            else if (cs == SCHED_DONE)
                bad += !same_color(c->color, theme_value_color(v->theme, L->out[fl * g->out_cells + cell], mx));
            else
                bad += same_color(c->color, v->theme->empty);
        }
    CHECK_INT(bad, 0);
}

/* The accent box on channel ch covers exactly the receptive field's cells. */
static void check_window(const frame *f, const scene *s, const layout_view *v) {
    const conv_geom *g = &s->layer[0].g;
    sched_state st;
    CHECK_INT(sched_state_init(&st, g, NULL), 0);
    sched_state_at(&st, g, v->gran, v->step, s->input, s->layer[0].weight, s->layer[0].bias);
    for (int ch = 0; ch < g->cpg; ch++) {
        int x0 = 1 << 30, y0 = 1 << 30, x1 = -1, y1 = -1, found = 0, Wp = g->in_sp[2] + g->pad_lo[2] + g->pad_hi[2];
        for (int t = 0; t < g->kvol; t++) {
            const frame_cmd *c = find_cell(f, FRAME_EL_INPUT_CELL, st.in_c0 + ch,
                                           (int64_t)st.tap[t].at[1] * Wp + st.tap[t].at[2]);
            if (!CHECK(c != NULL)) continue;
            if (c->x < x0) x0 = c->x;
            if (c->y < y0) y0 = c->y;
            if (c->x + c->w > x1) x1 = c->x + c->w;
            if (c->y + c->h > y1) y1 = c->y + c->h;
        }
        for (size_t i = 0; i < f->n; i++) {
            const frame_cmd *c = &f->cmd[i];
            found += c->kind == FRAME_BOX && !c->dashed && same_color(c->color, v->theme->accent)
                     && c->x == x0 && c->y == y0 && c->x + c->w == x1 && c->y + c->h == y1;
        }
        CHECK(found >= 1);
    }
    sched_state_free(&st);
}

static int lit_products(const frame *f, const theme *t) {
    int n = 0;
    for (size_t i = 0; i < f->n; i++)
        n += f->cmd[i].kind == FRAME_BOX && f->cmd[i].el == FRAME_EL_PRODUCT_CELL
             && same_color(f->cmd[i].color, t->accent);
    return n;
}

static void test_default(void) {
    scene s;
    layout_view v;
    frame f;
    errmsg e;
    const frame_cmd *c, *tl = NULL;
    frame_element el;
    int a, rects = 0;
    int64_t b;
    CHECK_INT(scene_make_default(&s, &e), 0);
    frame_init(&f, 0, 0, (frame_color){0, 0, 0, 255});
    layout_view_init(&v);
    CHECK_STR(v.theme->name, "light");
    CHECK_INT(v.gran, SCHED_CHANNEL);

    /* the mockup's step: filter 0, cell (1,1), channel 2 */
    v.step = 14;
    CHECK_INT(layout_frame(&f, &s, &v, 1600, 900, &e), 0);
    CHECK(all_inside(&f));
    CHECK(no_overlap(&f));
    CHECK(cell_text_fits(&f));
    CHECK_HAS(find_text(&f, "Conv2d("), "nn.Conv2d(in_channels=3, out_channels=2, kernel_size=3, stride=2, padding=1)");
    CHECK_HAS(find_text(&f, "input 3x5x5"), "input 3x5x5 -> output 2x3x3");
    CHECK_HAS(find_text(&f, "granularity"), "granularity: channel");
    /* a stage for channel 2, the step's, over a strip of all three */
    CHECK_HAS(find_text(&f, "input channel 2"), "input channel 2 (padding 1, zeros)");
    CHECK(find_text(&f, "all 3 input channels") != NULL);
    CHECK_HAS(find_text(&f, "ch 0 = "), "ch 0 = -2");
    CHECK_HAS(find_text(&f, "step "), "step 15 / 54");
    CHECK_HAS(find_text(&f, "steps/s"), "4 steps/s");
    CHECK_HAS(find_text(&f, "H_out"), "H_out = (5 + 2*1 - 1*(3-1) - 1)/2 + 1 = 3");
    CHECK_HAS(find_text(&f, "(3*3*3 + 1)"), "(3*3*3 + 1)*2 = 56");
    CHECK_HAS(find_text(&f, "+ bias"), "+ bias 1");
    CHECK(find_text(&f, "channel 2:") != NULL);
    CHECK(find_text(&f, "output[0][1][1]") != NULL);
    for (size_t i = 0; i < f.n; i++) rects += f.cmd[i].kind == FRAME_RECT && f.cmd[i].el == FRAME_EL_OUTPUT_CELL;
    CHECK_INT(rects, 18);
    CHECK_INT(count(&f, FRAME_RECT, FRAME_EL_INPUT_CELL), 4 * 25);
    CHECK_INT(count(&f, FRAME_RECT, FRAME_EL_PAD_CELL), 4 * 24);
    CHECK_INT(count(&f, FRAME_RECT, FRAME_EL_WEIGHT_CELL), 9);
    CHECK_INT(count(&f, FRAME_HATCH, FRAME_EL_PAD_CELL), 4 * 24);
    check_output_states(&f, &s, &v);
    check_window(&f, &s, &v);
    CHECK_INT(lit_products(&f, v.theme), 0);
    /* the mockup's numbers: padding zeros, partial sums, result */
    c = find_cell(&f, FRAME_EL_INPUT_CELL, 0, 0);
    CHECK(c && same_color(c->color, v.theme->pad_fill));

    /* hit-testing finds the output cell under the mouse */
    c = find_cell(&f, FRAME_EL_OUTPUT_CELL, 1, 4);
    CHECK(c != NULL);
    if (c) {
        CHECK_INT(layout_hit(&f, c->x + c->w / 2, c->y + c->h / 2, &el, &a, &b), 1);
        CHECK_INT(el, FRAME_EL_OUTPUT_CELL);
        CHECK_INT(a, 1);
        CHECK_INT(b, 4);
    }
    c = find_cell(&f, FRAME_EL_INPUT_CELL, 2, 8);
    CHECK(c && layout_hit(&f, c->x + 1, c->y + 1, &el, &a, &b) && el == FRAME_EL_INPUT_CELL && a == 2 && b == 8);
    CHECK_INT(layout_hit(&f, 0, 0, &el, &a, &b), 0);

    /* the timeline maps its ends to the first and last step */
    for (size_t i = 0; i < f.n && !tl; i++)
        if (f.cmd[i].el == FRAME_EL_TIMELINE) tl = &f.cmd[i];
    CHECK(tl != NULL);
    if (tl) {
        CHECK_INT(layout_timeline_step(&f, &s, &v, tl->x), 0);
        CHECK_INT(layout_timeline_step(&f, &s, &v, tl->x + tl->w - 1), 53);
        CHECK_INT(layout_timeline_step(&f, &s, &v, -100), 0);
        CHECK_INT(layout_timeline_step(&f, &s, &v, 100000), 53);
        CHECK_INT(layout_timeline_step(&f, &s, &v, tl->x + (tl->w - 1) / 2), 27);
    }

    /* every step at every granularity: output states and the window */
    for (int gr = 0; gr < 3; gr++) {
        v.gran = (sched_gran)gr;
        for (v.step = 0; v.step < sched_count(&s.layer[0].g, v.gran); v.step += gr == 2 ? 7 : 1) {
            CHECK_INT(layout_frame(&f, &s, &v, 1280, 720, &e), 0);
            check_output_states(&f, &s, &v);
            check_window(&f, &s, &v);
            CHECK_INT(lit_products(&f, v.theme), gr == SCHED_MAC ? 1 : 0);
        }
    }

    /* hover an output cell: its receptive field lights on every channel */
    v.gran = SCHED_CHANNEL;
    v.step = 0;
    v.hover_el = FRAME_EL_OUTPUT_CELL;
    v.hover_a = 0;
    v.hover_b = 8;
    CHECK_INT(layout_frame(&f, &s, &v, 1600, 900, &e), 0);
    {
        int lit = 0;
        for (size_t i = 0; i < f.n; i++)
            lit += f.cmd[i].kind == FRAME_RECT && f.cmd[i].el == FRAME_EL_INPUT_CELL
                   && same_color(f.cmd[i].color, v.theme->accent_faint);
        CHECK_INT(lit, 27 + 9); /* every channel on the strip, and the stage's */
        CHECK(find_text(&f, "output[0][2][2]") != NULL);
        /* padded cell (row 4..6, col 4..6) lies in the field, row 0 does not */
        CHECK_INT(count(&f, FRAME_RECT, FRAME_EL_INPUT_CELL) + count(&f, FRAME_RECT, FRAME_EL_PAD_CELL), 4 * 49 + 36);
    }
    /* hover an input cell: the output cells it feeds light up in both maps */
    v.hover_el = FRAME_EL_INPUT_CELL;
    v.hover_a = 1;
    v.hover_b = 2 * 7 + 2; /* input (1,1): read by output (0,0), (0,1), (1,0), (1,1) */
    CHECK_INT(layout_frame(&f, &s, &v, 1600, 900, &e), 0);
    {
        int lit = 0;
        for (size_t i = 0; i < f.n; i++)
            lit += f.cmd[i].kind == FRAME_RECT && f.cmd[i].el == FRAME_EL_OUTPUT_CELL
                   && same_color(f.cmd[i].color, v.theme->accent_faint);
        CHECK_INT(lit, 8);
    }
    v.hover_el = FRAME_EL_NONE;

    /* mac granularity: one product lit */
    v.gran = SCHED_MAC;
    v.step = 100;
    CHECK_INT(layout_frame(&f, &s, &v, 1600, 900, &e), 0);
    CHECK_INT(lit_products(&f, v.theme), 1);

    /* Keras wording in HWC scenes */
    s.layout = SCENE_HWC;
    CHECK_INT(layout_frame(&f, &s, &v, 1600, 900, &e), 0);
    CHECK_HAS(find_text(&f, "Conv2D("), "layers.Conv2D(filters=2, kernel_size=3, strides=2, padding=\"same\")");
    CHECK_HAS(find_text(&f, "input 5x5x3"), "input 5x5x3 -> output 3x3x2");

    /* help overlay lists the keys */
    v.show_help = 1;
    CHECK_INT(layout_frame(&f, &s, &v, 1600, 900, &e), 0);
    CHECK(find_text(&f, "Space") != NULL);
    CHECK(find_text(&f, "F11") != NULL);

    /* a layer that does not exist */
    v.layer = 3;
    CHECK_INT(layout_frame(&f, &s, &v, 1600, 900, &e), -1);
    CHECK_HAS(e.msg, "layer");
    frame_free(&f);
    scene_free(&s);
}

static void test_frame_theme(void) {
    frame f;
    frame_cmd c = {0}, *p;
    const theme *t = theme_get("light");
    frame_color w = {255, 255, 255, 255}, k = {0, 0, 0, 255};
    frame_init(&f, 10, 20, w);
    c.kind = FRAME_TEXT;
    p = frame_push(&f, &c, "hello");
    CHECK(p != NULL);
    CHECK_STR(frame_text(&f, p), "hello");
    c.kind = FRAME_RECT;
    p = frame_push(&f, &c, NULL);
    CHECK_STR(frame_text(&f, p), "");
    for (int i = 0; i < 1000; i++) frame_push(&f, &c, "x");
    CHECK_INT(f.n, 1002);
    CHECK_STR(frame_text(&f, &f.cmd[0]), "hello");
    frame_clear(&f, 30, 40, k);
    CHECK_INT(f.n, 0);
    CHECK_INT(f.width, 30);
    frame_free(&f);
    CHECK_INT(frame_text_width_estimate(NULL, FRAME_FONT_MONO, 10, "abcd"), 25);
    CHECK_INT(frame_text_width_estimate(NULL, FRAME_FONT_MONO, 10, "\xe2\x86\x92"), 7);

    CHECK(theme_get("dark") != NULL);
    CHECK(theme_get("cb") != NULL);
    CHECK(theme_get("neon") == NULL);
    CHECK_HAS(theme_names(), "cb");
    /* T in the window cycles light -> dark -> cb -> light */
    CHECK(theme_next(theme_get("light")) == theme_get("dark"));
    CHECK(theme_next(theme_get("dark")) == theme_get("cb"));
    CHECK(theme_next(theme_get("cb")) == theme_get("light"));
    CHECK(theme_next(NULL) == theme_get("light"));
    CHECK(same_color(theme_value_color(t, 0, 5), t->zero));
    CHECK(same_color(theme_value_color(t, 5, 5), t->pos));
    CHECK(same_color(theme_value_color(t, -9, 5), t->neg));
    CHECK(same_color(theme_value_color(t, 3, 0), t->zero));
    {
        frame_color half = theme_value_color(t, 2.5, 5);
        CHECK_INT(half.r, (t->zero.r + t->pos.r + 1) / 2);
    }
    CHECK(same_color(theme_text_on(t, w), (frame_color){17, 17, 17, 255}));
    CHECK(same_color(theme_text_on(t, k), w));
    CHECK(same_color(theme_text_on(t, t->pos), w));
    for (int i = 0; i < 3; i++) {
        const theme *th = theme_get(i == 0 ? "light" : i == 1 ? "dark" : "cb");
        CHECK(!same_color(th->empty, th->zero));
        CHECK(!same_color(th->pos, th->neg));
    }
}

static int count_color(const frame *f, frame_kind k, frame_element el, frame_color c) {
    int n = 0;
    for (size_t i = 0; i < f->n; i++)
        n += f->cmd[i].kind == k && f->cmd[i].el == el && same_color(f->cmd[i].color, c);
    return n;
}

/* Reflect padding: copies carry their value, faded, without hatching, and
 * hovering one marks the cell it copies. */
static void test_copies(void) {
    scene s;
    conv_params p;
    int sp[CONV_SP] = {1, 4, 4};
    layout_view v;
    frame f;
    const frame_cmd *src, *copy;
    int marked = 0;
    conv_params_init(&p, CONV_2D);
    p.kernel[1] = p.kernel[2] = 3;
    p.padding = CONV_PAD_AMOUNT;
    p.pad[1][0] = p.pad[1][1] = p.pad[2][0] = p.pad[2][1] = 1;
    p.padding_mode = CONV_MODE_REFLECT;
    CHECK_INT(scene_make(&s, &p, 1, sp, 3, NULL), 0);
    frame_init(&f, 0, 0, (frame_color){0, 0, 0, 255});
    layout_view_init(&v);
    v.hover_el = FRAME_EL_INPUT_CELL;
    v.hover_a = 0;
    v.hover_b = 0; /* padded (0,0) reflects input (1,1), padded (2,2) */
    CHECK_INT(layout_frame(&f, &s, &v, 1280, 720, NULL), 0);
    CHECK(no_overlap(&f));
    CHECK_INT(count(&f, FRAME_RECT, FRAME_EL_INPUT_CELL), 36);
    CHECK_INT(count(&f, FRAME_HATCH, FRAME_EL_INPUT_CELL), 0);
    CHECK_INT(count_color(&f, FRAME_RECT, FRAME_EL_INPUT_CELL, v.theme->pad_fill), 0);
    src = find_cell(&f, FRAME_EL_INPUT_CELL, 0, 2 * 6 + 2);
    copy = find_cell(&f, FRAME_EL_INPUT_CELL, 0, 0);
    CHECK(src && copy);
    for (size_t i = 0; src && i < f.n; i++) {
        const frame_cmd *c = &f.cmd[i];
        marked += c->kind == FRAME_BOX && c->dashed && same_color(c->color, v.theme->accent) && c->x == src->x
                  && c->y == src->y && c->w == src->w;
    }
    CHECK_INT(marked, 1);
    /* input (1,1), padded (2,2), is read by outputs (0..2, 0..2) directly
     * and by output (0,0) again through the copy at padded (0,0) */
    CHECK_INT(count_color(&f, FRAME_RECT, FRAME_EL_OUTPUT_CELL, v.theme->accent_faint), 9);
    CHECK_HAS(find_text(&f, "padding copy of input[0][1][1]"), "feeds 9 output cells");
    CHECK_HAS(find_text(&f, "input channel 0"), "(padding 1, reflect)");
    CHECK_HAS(find_text(&f, "Conv2d("), "padding_mode=\"reflect\"");
    frame_free(&f);
    scene_free(&s);
}

/* conv1d is one row; conv3d shows the depth slice the window is on. */
static void test_other_kinds(void) {
    scene s;
    conv_params p;
    int sp1[CONV_SP] = {1, 1, 12}, sp3[CONV_SP] = {4, 5, 5};
    layout_view v;
    frame f;
    frame_init(&f, 0, 0, (frame_color){0, 0, 0, 255});
    layout_view_init(&v);

    conv_params_init(&p, CONV_1D);
    p.kernel[2] = 3;
    p.padding = CONV_PAD_SAME;
    p.filters = 2;
    CHECK_INT(scene_make(&s, &p, 2, sp1, 5, NULL), 0);
    v.step = 11;
    CHECK_INT(layout_frame(&f, &s, &v, 1280, 720, NULL), 0);
    CHECK_INT(count(&f, FRAME_RECT, FRAME_EL_INPUT_CELL) + count(&f, FRAME_RECT, FRAME_EL_PAD_CELL), 2 * 14);
    CHECK_INT(count(&f, FRAME_RECT, FRAME_EL_OUTPUT_CELL), 2 * 12);
    CHECK_HAS(find_text(&f, "Conv1d("), "input 2x12 -> output 2x12");
    CHECK(find_text(&f, "L_out = ") != NULL);
    CHECK(no_overlap(&f));
    scene_free(&s);

    conv_params_init(&p, CONV_3D);
    p.kernel[0] = p.kernel[1] = p.kernel[2] = 3;
    p.padding = CONV_PAD_AMOUNT;
    for (int a = 0; a < CONV_SP; a++) p.pad[a][0] = p.pad[a][1] = 1;
    p.filters = 2;
    CHECK_INT(scene_make(&s, &p, 2, sp3, 5, NULL), 0);
    v.gran = SCHED_MAC;
    v.step = 5 * 54 + 27 + 9; /* cell 5 = (0,1,0), channel 1, tap 9: kz 1 */
    CHECK_INT(layout_frame(&f, &s, &v, 1280, 720, NULL), 0);
    /* conv3d view: the 3 slices of channel 1 the window covers, and the
     * input volume as small maps (2 channels x 6 padded depths), 7x7 each */
    CHECK_INT(count(&f, FRAME_RECT, FRAME_EL_INPUT_CELL) + count(&f, FRAME_RECT, FRAME_EL_PAD_CELL), (3 + 2 * 6) * 49);
    /* output cell (0,1,0): padded depths 0, 1, 2, i.e. -1, 0, 1 */
    CHECK(find_text(&f, "depth -1 (padding)") != NULL);
    CHECK(find_text(&f, "depth 1") != NULL);
    CHECK_HAS(find_text(&f, "input channel 1"), "depth slices");
    CHECK_INT(count(&f, FRAME_RECT, FRAME_EL_WEIGHT_CELL), 27);
    CHECK_INT(lit_products(&f, v.theme), 1);
    CHECK(no_overlap(&f));
    scene_free(&s);
    frame_free(&f);
}

/* A second layer reads the first one's output; steps out of range clamp. */
static void test_layers(void) {
    scene s;
    layout_view v;
    frame f;
    errmsg e;
    CHECK_INT(scene_make_default(&s, &e), 0);
    conv_params_init(&s.layer[1].p, CONV_2D);
    s.layer[1].p.kernel[1] = s.layer[1].p.kernel[2] = 2;
    s.layer[1].p.activation = CONV_ACT_RELU;
    s.nlayers = 2;
    CHECK_INT(scene_resolve(&s, &e), 0);
    CHECK_INT(scene_compute(&s, &e), 0);
    frame_init(&f, 0, 0, (frame_color){0, 0, 0, 255});
    layout_view_init(&v);
    v.layer = 1;
    v.gran = SCHED_POSITION;
    v.step = 1000;
    CHECK_INT(layout_frame(&f, &s, &v, 1280, 720, &e), 0);
    CHECK_HAS(find_text(&f, "layer 2"), "layer 2 of 2");
    CHECK_HAS(find_text(&f, "input 2x3x3"), "input 2x3x3 -> output 1x2x2");
    CHECK_HAS(find_text(&f, "Conv2d("), "ReLU()");
    CHECK_HAS(find_text(&f, "step "), "step 4 / 4");
    CHECK(find_text(&f, "relu(") != NULL);
    CHECK_INT(count(&f, FRAME_RECT, FRAME_EL_INPUT_CELL), 2 * 9);
    CHECK_INT(count(&f, FRAME_RECT, FRAME_EL_OUTPUT_CELL), 4);
    CHECK_INT(count(&f, FRAME_HATCH, FRAME_EL_INPUT_CELL), 0);
    CHECK(no_overlap(&f));
    v.step = -5;
    CHECK_INT(layout_frame(&f, &s, &v, 1280, 720, &e), 0);
    CHECK_HAS(find_text(&f, "step "), "step 1 / 4");
    frame_free(&f);
    scene_free(&s);
}

/* A small scene on a large window grows its cells (to a cap), centres the
 * picture in the height left, and at mac granularity draws the tap being
 * multiplied heavier than the rest of the window. */
static void test_fill(void) {
    scene s;
    conv_params p;
    int sp[CONV_SP] = {1, 7, 7}, bottom = 0, thick_now = 0, thick_other = 0, size = 0;
    layout_view v;
    frame f;
    const frame_cmd *c0, *c48, *now;
    sched_pos pos;
    conv_params_init(&p, CONV_2D);
    p.kernel[1] = p.kernel[2] = 3;
    p.dilation[1] = p.dilation[2] = 2;
    p.bias = 0;
    CHECK_INT(scene_make(&s, &p, 1, sp, 3, NULL), 0);
    frame_init(&f, 0, 0, (frame_color){0, 0, 0, 255});
    layout_view_init(&v);
    v.gran = SCHED_MAC;
    pos = (sched_pos){0, 1, 0, 3}; /* output (0,1), tap (1,0), dilation 2: input (2,1) */
    v.step = sched_index(&s.layer[0].g, SCHED_MAC, pos);
    CHECK_INT(layout_frame(&f, &s, &v, 1600, 900, NULL), 0);
    CHECK(all_inside(&f));
    CHECK(no_overlap(&f));
    CHECK(cell_text_fits(&f));
    CHECK(text_fits(&f));
    c0 = find_cell(&f, FRAME_EL_INPUT_CELL, 0, 0);
    c48 = find_cell(&f, FRAME_EL_INPUT_CELL, 0, 48);
    if (CHECK(c0 && c48)) {
        CHECK(c0->w >= 45 && c0->w <= 68);
        /* about as much room above the grid as below it, in the main area
         * between the header's rule (y < 40) and the caption (y > 780) */
        for (size_t i = 0; i < f.n; i++)
            if (f.cmd[i].kind == FRAME_LINE && f.cmd[i].h == 0 && f.cmd[i].y > bottom) bottom = f.cmd[i].y;
        CHECK(c0->y > 120);
        CHECK(abs((c0->y - 30) - (bottom - (c48->y + c48->h))) < 80);
    }
    for (size_t i = 0; i < f.n; i++) {
        const frame_cmd *c = &f.cmd[i];
        if (c->kind == FRAME_TEXT && c->el == FRAME_EL_INPUT_CELL && c->size > size) size = c->size;
    }
    CHECK(size > 13); /* numbers grow with the cells */
    now = find_cell(&f, FRAME_EL_INPUT_CELL, 0, 2 * 7 + 1);
    for (size_t i = 0; now && c0 && c48 && i < f.n; i++) {
        const frame_cmd *c = &f.cmd[i];
        if (c->kind != FRAME_BOX || !same_color(c->color, v.theme->accent) || c->w != c0->w || c->h != c0->h
            || c->x >= c48->x + c48->w || c->y >= c48->y + c48->h)
            continue; /* only single input cells */
        if (c->x == now->x && c->y == now->y) thick_now = c->thick > thick_now ? c->thick : thick_now;
        else if (c->thick > thick_other) thick_other = c->thick;
    }
    CHECK(thick_other >= 1);
    CHECK(thick_now >= thick_other + 3);
    frame_free(&f);
    scene_free(&s);
}

/* The footer's status line: a message in place of the key hints, and an
 * export's progress as a bar after it. */
static void test_status(void) {
    scene s;
    layout_view v;
    frame f;
    errmsg e;
    const frame_cmd *track = NULL, *fill = NULL, *msg = NULL;
    CHECK_INT(scene_make_default(&s, &e), 0);
    frame_init(&f, 0, 0, (frame_color){0, 0, 0, 255});
    layout_view_init(&v);
    CHECK(v.export_progress < 0);
    CHECK(v.status == NULL);
    v.status = "exporting a.gif: 27 / 54 frames   Esc cancels";
    v.export_progress = 0.5;
    CHECK_INT(layout_frame(&f, &s, &v, 1280, 720, &e), 0);
    CHECK(all_inside(&f));
    CHECK(no_overlap(&f));
    CHECK(text_fits(&f));
    CHECK(find_text(&f, "H help") == NULL);
    for (size_t i = 0; i < f.n; i++) {
        const frame_cmd *c = &f.cmd[i];
        if (c->kind == FRAME_TEXT && strcmp(frame_text(&f, c), v.status) == 0) msg = c;
        if (c->kind == FRAME_RECT && c->el == FRAME_EL_NONE && same_color(c->color, v.theme->grid) && c->h > 2
            && c->w > 60 && c->y > 600)
            track = c;
        if (c->kind == FRAME_RECT && c->el == FRAME_EL_NONE && same_color(c->color, v.theme->accent) && c->y > 600)
            fill = c;
    }
    if (CHECK(msg && track && fill)) {
        CHECK(track->x >= msg->x + msg->w);
        CHECK_INT(fill->x, track->x);
        CHECK(abs(2 * fill->w - track->w) <= 1);
    }
    v.export_progress = -1;
    v.status = "saved a.gif (54 frames, 312 KB)";
    CHECK_INT(layout_frame(&f, &s, &v, 1280, 720, &e), 0);
    CHECK(find_text(&f, "saved a.gif") != NULL);
    CHECK(find_text(&f, "H help") == NULL);
    v.status = NULL;
    CHECK_INT(layout_frame(&f, &s, &v, 1280, 720, &e), 0);
    CHECK(find_text(&f, "H help") != NULL);
    frame_free(&f);
    scene_free(&s);
}

/* Grids cut short by the height: the kernel is drawn no larger than the
 * input it slides over (unless the input's cells are at their cap), so the
 * window box reads as the kernel's outline; with width to spare the rows
 * go into two columns and every cell grows. (A wide input, limited by the
 * width, keeps a readable kernel instead: at 1024x600 these scenes do.) */
static void test_kernel_scale(void) {
    static const int scenes[][4] = {{4, 7, 3, 1}, {3, 10, 5, 2}, {8, 5, 3, 0}, {2, 6, 3, 2}, {6, 4, 3, 1}};
    static const int sizes[][2] = {{1600, 900}, {1280, 720}, {1920, 1080}, {2560, 1440}, {1366, 768}, {3840, 1600}};
    frame f;
    layout_view v;
    int tested = 0;
    frame_init(&f, 0, 0, (frame_color){0, 0, 0, 255});
    layout_view_init(&v);
    for (size_t i = 0; i < sizeof scenes / sizeof scenes[0]; i++) {
        scene s;
        conv_params p;
        int sp[CONV_SP] = {1, scenes[i][1], scenes[i][1]};
        conv_params_init(&p, CONV_2D);
        p.kernel[1] = p.kernel[2] = scenes[i][2];
        p.pad[1][0] = p.pad[1][1] = p.pad[2][0] = p.pad[2][1] = scenes[i][3];
        p.filters = 3;
        if (!CHECK_INT(scene_make(&s, &p, scenes[i][0], sp, 3, NULL), 0)) continue;
        for (size_t k = 0; k < sizeof sizes / sizeof sizes[0]; k++) {
            const frame_cmd *in, *w;
            CHECK_INT(layout_frame(&f, &s, &v, sizes[k][0], sizes[k][1], NULL), 0);
            CHECK(all_inside(&f));
            CHECK(no_overlap(&f));
            CHECK(text_fits(&f));
            in = find_cell(&f, FRAME_EL_INPUT_CELL, 0, 0);
            w = find_cell(&f, FRAME_EL_WEIGHT_CELL, 0, 0);
            if (!CHECK(in && w)) continue;
            tested++;
            if (!CHECK_INT(in->w, w->w))
                fprintf(stderr, "  scene %zu at %dx%d: input cell %d, weight cell %d\n", i, sizes[k][0],
                        sizes[k][1], in->w, w->w);
        }
        scene_free(&s);
    }
    CHECK_INT(tested, 30);
    {
        scene s;
        conv_params p;
        int sp[CONV_SP] = {1, 7, 7};
        const frame_cmd *c0, *c2, *w;
        conv_params_init(&p, CONV_2D);
        p.pad[1][0] = p.pad[1][1] = p.pad[2][0] = p.pad[2][1] = 1;
        p.filters = 3;
        CHECK_INT(scene_make(&s, &p, 4, sp, 3, NULL), 0);
        CHECK_INT(layout_frame(&f, &s, &v, 2560, 1440, NULL), 0);
        c0 = find_cell(&f, FRAME_EL_INPUT_CELL, 0, 0);
        c2 = find_cell(&f, FRAME_EL_INPUT_CELL, 2, 0);
        w = find_cell(&f, FRAME_EL_WEIGHT_CELL, 0, 0);
        if (CHECK(c0 && c2 && w)) {
            CHECK(c0->w >= 80);             /* the stage: four rows would give about 40 */
            CHECK(c2->w < c0->w);           /* channel 2 on the strip */
            CHECK_INT(w->w, c0->w);
        }
        scene_free(&s);
    }
    frame_free(&f);
}

int main(void) {
    test_frame_theme();
    test_default();
    test_copies();
    test_other_kinds();
    test_layers();
    test_fill();
    test_kernel_scale();
    test_status();
    test_random();
    return check_done();
}
