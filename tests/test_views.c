/* The views of each layer kind, read back from the public describe dump as
 * anyone checking a frame would (issue "a true view for every layer
 * kind"): at 1280x720 and 1920x1080 the numbers of the window, the
 * weights, the products and the output cell are drawn at 14 px or more,
 * 24 px or more in projector mode at 1080p; at channel granularity the
 * products in play are exactly the channel's kernel volume, on that
 * channel, and add up to the partial sum shown; a causal layer's window
 * never reaches past the output cell's own time; a grouped layer shows
 * its map of groups. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <cjson/cJSON.h>

#include "check.h"
#include "describe_read.h"
#include "describe.h"
#include "draw.h"
#include "font.h"
#include "layout.h"
#include "scene.h"
#include "sceneio.h"

static int index_at(const cJSON *c, int i) {
    const cJSON *v = cJSON_GetArrayItem(cJSON_GetObjectItemCaseSensitive(c, "index"), i);
    return cJSON_IsNumber(v) ? v->valueint : -1000000;
}

static int is_text(const cJSON *c, const char *el) { return is(c, "text", el); }

#define EACH(c, root) cJSON_ArrayForEach(c, commands(root))

/* Text size of the numbers in play of element el: the smallest of them,
 * or where one number is drawn twice (the stage and its small map) the
 * largest; 0 if none. */
static int least_now(const cJSON *root, const char *el, int largest) {
    int m = 0;
    const cJSON *c;
    EACH(c, root)
        if (is_text(c, el) && now(c) && (m == 0 || (largest ? num(c, "size") > m : num(c, "size") < m)))
            m = num(c, "size");
    return m;
}

/* One frame's promises; what = "scene at WxH" for messages. */
static void check_frame(const cJSON *root, const scene *s, const layout_view *v, int least, const char *what) {
    const conv_geom *g = &s->layer[v->layer].g;
    sched_pos pos = sched_at(g, v->gran, v->step);
    int ch = conv_group_first_channel(g, pos.filter) + (pos.chan >= 0 ? pos.chan : 0), out[CONV_SP];
    /* the numbers of the window, the weights, the products and the output cell; the sums at 14 px at least */
    static const char *const els[] = {"input_cell", "weight_cell", "product", "output_cell", "partial_sum", "sum"};
    int nprod = 0, on_channel = 0, psums = 0, reach = -1000000, out_x = -1;
    double total = 0, psum = 0;
    const cJSON *c;
    conv_cell_coords(g, pos.cell, out);
    for (size_t i = 0; i < sizeof els / sizeof els[0]; i++) {
        int m = least_now(root, els[i], i == 0), want = i < 4 ? least : 14;
        if (!CHECK(m >= want)) fprintf(stderr, "  %s: %s in play at %d px, want %d or more\n", what, els[i], m, want);
    }
    EACH(c, root) {
        if (is_text(c, "product") && now(c)) {
            nprod++;
            on_channel += index_at(c, 0) == ch;
            total += strtod(str(c, "text"), NULL);
        }
        if (is_text(c, "partial_sum") && now(c)) {
            psums++;
            psum = strtod(str(c, "text") + 2, NULL); /* "= 3" */
        }
        if (now(c) && (!strcmp(str(c, "element"), "input_cell") || !strcmp(str(c, "element"), "pad_cell")) &&
            index_at(c, 1) > reach)
            reach = index_at(c, 1);
        if (is_text(c, "output_cell") && now(c)) {
            /* the output cell in play: filter, then the layer's own axes */
            int same = index_at(c, 0) == pos.filter;
            for (int a = CONV_SP - conv_ndim(g->p.kind), i = 1; a < CONV_SP; a++, i++) same &= index_at(c, i) == out[a];
            out_x = same ? out[2] : -2;
        }
    }
    if (v->gran == SCHED_CHANNEL) {
        if (!CHECK_INT(nprod, g->kvol) | !CHECK_INT(on_channel, g->kvol) | !CHECK_INT(psums, 1) |
            !CHECK_NEAR(total, psum, 1e-9))
            fprintf(stderr, "  %s step %lld: %d products in play (%d on channel %d), sum %g, partial sum %g\n", what,
                    (long long)v->step, nprod, on_channel, ch, total, psum);
    }
    CHECK_INT(out_x, out[2]);
    if (g->p.groups > 1) {
        /* the map of groups: channels/groups in its title */
        char want[32];
        int found = 0;
        snprintf(want, sizeof want, "groups = %d", g->p.groups);
        EACH(c, root) found |= is_text(c, "label") && strncmp(str(c, "text"), want, strlen(want)) == 0;
        if (!CHECK(found)) fprintf(stderr, "  %s: no \"%s\" map\n", what, want);
    }
    if (g->p.padding == CONV_PAD_CAUSAL && !CHECK_INT(reach, out[2]))
        fprintf(stderr, "  %s step %lld: the window reads input %d for output %d\n", what, (long long)v->step, reach,
                out[2]);
}

static void check_scene(const scene *s, const char *name) {
    static const int sizes[][2] = {{1280, 720}, {1920, 1080}};
    const conv_geom *g = &s->layer[0].g;
    for (int gran = 0; gran < SCHED_GRAN_COUNT; gran++) {
        layout_view v;
        int64_t n = sched_count(g, (sched_gran)gran), steps[4] = {0, n / 3, n / 2, n - 1};
        layout_view_init(&v);
        v.gran = (sched_gran)gran;
        for (int k = 0; k < 2; k++)
            for (int proj = 0; proj < 2; proj++)
                for (int i = 0; i < 4; i++) {
                    int w = sizes[k][0], h = sizes[k][1];
                    char what[160];
                    cJSON *root;
                    v.projector = proj;
                    v.step = steps[i];
                    if (!(root = described(s, &v, w, h))) continue;
                    snprintf(what, sizeof what, "%s at %dx%d%s, %s", name, w, h, proj ? " projector" : "",
                             sched_gran_name(v.gran));
                    check_frame(root, s, &v, proj && h >= 1080 ? 24 : 14, what);
                    cJSON_Delete(root);
                }
    }
}

static void check_asset(const char *file) {
    char path[1024];
    scene s;
    errmsg e;
    snprintf(path, sizeof path, "%s/scenes/%s", TEST_ASSETS, file);
    if (!CHECK_INT(sceneio_load(&s, path, &e), 0)) {
        fprintf(stderr, "  %s: %s\n", path, e.msg);
        return;
    }
    check_scene(&s, file);
    scene_free(&s);
}

/* conv1d: the sequence strip, also for a sequence longer than the screen
 * (it scrolls with the window: the window is always on screen). */
static void test_seq(void) {
    conv_params p;
    scene s;
    errmsg e;
    int sp[CONV_SP] = {1, 1, 200};
    check_asset("conv1d.json");
    check_asset("conv1d-causal.json");
    conv_params_init(&p, CONV_1D);
    p.filters = 3;
    p.kernel[2] = 5;
    p.dilation[2] = 2;
    p.padding = CONV_PAD_CAUSAL;
    if (CHECK_INT(scene_make(&s, &p, 2, sp, 3, &e), 0)) {
        check_scene(&s, "causal conv1d of 200 cells");
        scene_free(&s);
    }
}

/* Groups: the grid view with the map of filters <-> channel groups under
 * it; depthwise with multiplier 2, two channels a group, and a grouped
 * conv1d under the sequence strip. */
static void test_groups(void) {
    conv_params p;
    scene s;
    errmsg e;
    int sp2[CONV_SP] = {1, 6, 6}, sp1[CONV_SP] = {1, 1, 14};
    check_asset("depthwise-multiplier2.json");
    conv_params_init(&p, CONV_2D);
    p.filters = 4;
    p.groups = 2;
    p.kernel[1] = p.kernel[2] = 3;
    if (CHECK_INT(scene_make(&s, &p, 4, sp2, 5, &e), 0)) {
        check_scene(&s, "conv2d 4 channels, groups 2");
        scene_free(&s);
    }
    conv_params_init(&p, CONV_1D);
    p.filters = 4;
    p.groups = 2;
    p.kernel[2] = 3;
    p.padding = CONV_PAD_CAUSAL;
    if (CHECK_INT(scene_make(&s, &p, 2, sp1, 6, &e), 0)) {
        check_scene(&s, "causal conv1d, groups 2");
        scene_free(&s);
    }
}

/* conv3d: the window's depth slices side by side, every product of the
 * channel on screen at channel granularity. */
static void test_vol(void) {
    check_asset("conv3d-3x4x5x5.json");
}

/* ---- conv_transpose2d: the scatter view and the zero-insertion view ---- */

/* Text of output cell (f, cell) in the dump; NULL if none. now_only: the
 * one in play. */
static const char *out_text(const cJSON *root, const conv_geom *g, int f, int64_t cell, int now_only) {
    int o[CONV_SP];
    const cJSON *c;
    conv_cell_coords(g, cell, o);
    EACH(c, root)
        if (is_text(c, "output_cell") && index_at(c, 0) == f && index_at(c, 1) == o[1] && index_at(c, 2) == o[2] &&
            (!now_only || now(c)))
            return str(c, "text");
    return NULL;
}

/* The scatter view's promises: the stamping cell's number, the weights,
 * the stamp's products and the output cells it lands on at 14 px (24 in
 * projector mode at 1080p); at channel granularity the kvol products of
 * the channel in play, each its input value times its weight. */
static void check_scatter(const scene *s, const char *name) {
    static const int sizes[][2] = {{1280, 720}, {1920, 1080}};
    const scene_layer *L = &s->layer[0];
    const conv_geom *g = &L->g;
    for (int gran = 0; gran < SCHED_GRAN_COUNT; gran++) {
        layout_view v;
        int64_t n = sched_order_count(g, SCHED_SCATTER, (sched_gran)gran), steps[3] = {0, n / 2, n - 1};
        layout_view_init(&v);
        v.gran = (sched_gran)gran;
        for (int k = 0; k < 2; k++)
            for (int proj = 0; proj < 2; proj++)
                for (int i = 0; i < 3; i++) {
                    static const char *const els[] = {"input_cell", "weight_cell", "product", "output_cell"};
                    int least = proj && sizes[k][1] >= 1080 ? 24 : 14, nprod = 0, bad = 0;
                    sched_pos pos = sched_order_at(g, SCHED_SCATTER, v.gran, steps[i]);
                    int c0 = conv_group_first_channel(g, pos.filter), cl = pos.chan < 0 ? 0 : pos.chan;
                    cJSON *root;
                    const cJSON *c;
                    v.projector = proj;
                    v.step = steps[i];
                    if (!(root = described(s, &v, sizes[k][0], sizes[k][1]))) continue;
                    for (int e = 0; e < 4; e++) {
                        int m = least_now(root, els[e], e == 0);
                        if (e == 3 && m == 0) continue; /* a tap the padding crops lands on no output cell */
                        if (!CHECK(m >= least))
                            fprintf(stderr, "  %s at %dx%d%s, %s step %lld: %s in play at %d px\n", name, sizes[k][0],
                                    sizes[k][1], proj ? " projector" : "", sched_gran_name(v.gran),
                                    (long long)v.step, els[e], m);
                    }
                    EACH(c, root) {
                        int tap;
                        double want;
                        if (!is_text(c, "product") || !now(c)) continue;
                        nprod++;
                        if (v.gran == SCHED_POSITION) continue; /* the stamp of all channels */
                        tap = (index_at(c, 1) * g->p.kernel[2]) + index_at(c, 2);
                        want = s->input[(int64_t)(c0 + cl) * g->in_cells + pos.cell] *
                               L->weight[conv_weight_index(g, pos.filter, cl, tap)];
                        bad |= index_at(c, 0) != c0 + cl || strtod(str(c, "text"), NULL) != want;
                    }
                    if (v.gran == SCHED_CHANNEL) CHECK_INT(nprod, g->kvol);
                    if (!CHECK(!bad)) fprintf(stderr, "  %s: a product is not input x weight\n", name);
                    cJSON_Delete(root);
                }
    }
}

/* Both views draw the same value in every output cell at the end of that
 * cell: the scatter view once its last stamp is in, the zero-insertion
 * view at the cell's last step. */
static void check_same_values(const scene *s, const char *name) {
    const scene_layer *L = &s->layer[0];
    const conv_geom *g = &L->g;
    int64_t ncells = (int64_t)g->out_c * g->out_cells, seen = 0;
    char (*ins)[48] = calloc((size_t)ncells, sizeof *ins);
    unsigned char *compared = calloc((size_t)ncells, 1);
    layout_view v;
    layout_view_init(&v);
    v.gran = SCHED_POSITION;
    v.tview = LAYOUT_TV_INSERTED;
    for (int f = 0; f < g->out_c; f++)
        for (int64_t cell = 0; cell < g->out_cells; cell++) {
            cJSON *root;
            const char *t;
            v.step = sched_cell_last(g, v.gran, f, cell);
            if (!(root = described(s, &v, 1280, 720))) continue;
            t = out_text(root, g, f, cell, 1);
            if (CHECK(t != NULL)) snprintf(ins[f * g->out_cells + cell], sizeof ins[0], "%s", t);
            cJSON_Delete(root);
        }
    v.tview = LAYOUT_TV_SCATTER;
    for (v.step = 0; v.step < sched_order_count(g, SCHED_SCATTER, v.gran); v.step++) {
        cJSON *root = described(s, &v, 1280, 720);
        if (!root) continue;
        for (int f = 0; f < g->out_c; f++)
            for (int64_t cell = 0; cell < g->out_cells; cell++) {
                sched_outcell oc;
                const char *t;
                int64_t i = f * g->out_cells + cell;
                sched_scatter_cell(g, v.gran, v.step, s->input, L->weight, L->bias, f, cell, &oc);
                if (oc.state != SCHED_DONE || compared[i]) continue;
                /* the step that completes the cell, or the filter's first if no stamp reaches it */
                t = out_text(root, g, f, cell, 0);
                if (!CHECK(t != NULL) || !CHECK(strtod(t, NULL) == strtod(ins[i], NULL)))
                    fprintf(stderr, "  %s: output %d cell %lld: scatter %s, inserted %s\n", name, f, (long long)cell,
                            t ? t : "(none)", ins[i]);
                compared[i] = 1;
                seen++;
            }
        cJSON_Delete(root);
    }
    CHECK_INT(seen, ncells);
    free(ins);
    free(compared);
}

static void test_tconv(void) {
    static const char *const files[] = {
        "transposed-stride2.json", "conv-arithmetic-no_padding_no_strides_transposed.json",
        "conv-arithmetic-arbitrary_padding_no_strides_transposed.json",
        "conv-arithmetic-same_padding_no_strides_transposed.json",
        "conv-arithmetic-full_padding_no_strides_transposed.json", "conv-arithmetic-no_padding_strides_transposed.json",
        "conv-arithmetic-padding_strides_transposed.json", "conv-arithmetic-padding_strides_odd_transposed.json"};
    for (size_t i = 0; i < sizeof files / sizeof files[0]; i++) {
        char path[1024];
        scene s;
        errmsg e;
        snprintf(path, sizeof path, "%s/scenes/%s", TEST_ASSETS, files[i]);
        if (!CHECK_INT(sceneio_load(&s, path, &e), 0)) {
            fprintf(stderr, "  %s: %s\n", path, e.msg);
            continue;
        }
        check_scatter(&s, files[i]);
        check_same_values(&s, files[i]);
        scene_free(&s);
    }
}

/* The network strip on the photo (3 -> 8 -> depthwise 8 -> 1): its maps
 * are pictures; a point on one is a tensor cell (layout_strip_cell), and
 * hovering that cell outlines its field on the maps before it: the
 * depthwise layer's filter 3 reads layer 1's channel 3 alone, which reads
 * the whole photo (one RGB map). */
static void test_net(void) {
    char path[1024];
    scene s;
    errmsg e;
    frame f;
    layout_view v;
    int t = -1, found = 0;
    int64_t cell = -1, want = -2;
    snprintf(path, sizeof path, "%s/scenes/photo-network.json", TEST_ASSETS);
    if (!CHECK_INT(sceneio_load(&s, path, &e), 0)) return;
    layout_view_init(&v);
    v.layer = 2;
    v.measure = font_measure;
    v.measure_ctx = fonts.fonts;
    frame_init(&f, 1280, 720, (frame_color){255, 255, 255, 255});
    CHECK_INT(layout_frame(&f, &s, &v, 1280, 720, &e), 0);
    for (size_t i = 0; i < f.n && !found; i++) { /* layer 2's output (56x56), map 3: its middle */
        const frame_cmd *c = &f.cmd[i];
        if (c->el != FRAME_EL_NETWORK_TENSOR || c->kind != FRAME_IMAGE || c->a != 2 || c->b != 3) continue;
        found = 1;
        cell = layout_strip_cell(&f, &s, c->x + c->w / 2, c->y + c->h / 2, &t);
        want = 3 * 56 * 56 + (int64_t)(c->h / 2) * 56 / c->h * 56 + (c->w / 2) * 56 / c->w; /* pixel -> cell, nearest */
    }
    CHECK(found);
    CHECK_INT(t, 2);
    CHECK_INT(cell, want);
    CHECK(cell >= 3 * 56 * 56 + 26 * 56 && cell <= 3 * 56 * 56 + 29 * 56); /* the middle rows of map 3 */
    CHECK_INT(layout_strip_cell(&f, &s, 0, 0, &t), -1);
    v.hover_el = FRAME_EL_TENSOR_CELL;
    v.hover_a = 2;
    v.hover_b = cell;
    CHECK_INT(layout_frame(&f, &s, &v, 1280, 720, &e), 0);
    {
        int lit[3] = {0, 0, 0}, hovered = 0;
        for (size_t i = 0; i < f.n; i++) {
            const frame_cmd *c = &f.cmd[i];
            if (c->el != FRAME_EL_NETWORK_TENSOR || c->kind != FRAME_BOX) continue;
            if (c->lit && c->a >= 0 && c->a < 3) lit[c->a]++;
            else if (c->a == 2) hovered++;
        }
        CHECK_INT(lit[0], 1); /* the photo, one RGB map */
        CHECK_INT(lit[1], 1); /* channel 3 of 8 */
        CHECK_INT(lit[2], 0);
        CHECK(hovered >= 1);  /* the cell itself, outlined, not lit */
    }
    frame_free(&f);
    scene_free(&s);
}

int main(void) {
    errmsg e;
    if (draw_offscreen_init(&fonts, 16, 16, NULL, &e)) {
        fprintf(stderr, "no fonts: %s\n", e.msg);
        return 1;
    }
    test_seq();
    test_groups();
    test_vol();
    test_tconv();
    test_net();
    draw_offscreen_free(&fonts);
    return check_done();
}
