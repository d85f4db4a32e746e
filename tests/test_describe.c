/* describe, and through it the picture's rules: every scene in assets/ and
 * random ones, at 320x240 to 3840x2160, in window and projector mode, laid
 * out with the real fonts' measure and read back from the public JSON
 * dump, as anyone checking a frame would. */
#include <dirent.h>
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
#include "net.h"
#include "scene.h"
#include "sceneio.h"

static const int sizes[][2] = {{320, 240}, {1024, 768}, {1280, 720}, {1920, 1080}, {3840, 2160}};
enum { NSIZES = sizeof sizes / sizeof sizes[0] };

/* Largest text size of an element (only what is in play if now_only). */
static int text_max(const cJSON *root, const char *el, int now_only) {
    int m = 0;
    const cJSON *c;
    cJSON_ArrayForEach(c, commands(root))
        if (is(c, "text", el) && (!now_only || now(c)) && num(c, "size") > m) m = num(c, "size");
    return m;
}

/* The smallest text of an element (0 if it has none). */
static int text_min(const cJSON *root, const char *el) {
    int m = 0;
    const cJSON *c;
    cJSON_ArrayForEach(c, commands(root))
        if (is(c, "text", el) && (m == 0 || num(c, "size") < m)) m = num(c, "size");
    return m;
}

static int count(const cJSON *root, const char *kind, const char *el) {
    int n = 0;
    const cJSON *c;
    cJSON_ArrayForEach(c, commands(root)) n += is(c, kind, el);
    return n;
}

static const char *find_text(const cJSON *root, const char *el, const char *needle) {
    const cJSON *c;
    cJSON_ArrayForEach(c, commands(root))
        if (is(c, "text", el) && strstr(str(c, "text"), needle)) return str(c, "text");
    return NULL;
}

/* ---- the rules ---- */

static int inside(const cJSON *root) {
    int W = num(root, "width"), H = num(root, "height");
    const cJSON *c;
    cJSON_ArrayForEach(c, commands(root)) {
        int x = num(c, "x"), y = num(c, "y"), w = num(c, "w"), h = num(c, "h");
        if (is(c, "line", NULL) || is(c, "arrow", NULL)) continue;
        if (x < 0 || y < 0 || x + w > W || y + h > H) {
            fprintf(stderr, "  %s %s at %d,%d %dx%d leaves %dx%d\n", str(c, "kind"), str(c, "element"), x, y, w, h, W, H);
            return 0;
        }
    }
    return 1;
}

/* The window's input cells, the weights and the products: one size (while
 * the input's cells carry numbers). */
static int one_cell_size(const cJSON *root) {
    int lo = 1 << 30, hi = 0, any = 0;
    const cJSON *c;
    cJSON_ArrayForEach(c, commands(root)) {
        if (!is(c, "rect", NULL) || !now(c)) continue;
        if (strcmp(str(c, "element"), "weight_cell") && strcmp(str(c, "element"), "product")) continue;
        lo = lo < num(c, "w") ? lo : num(c, "w");
        hi = hi > num(c, "w") ? hi : num(c, "w");
        any = 1;
    }
    if (!any) return 1; /* no kernel drawn (too small a frame) */
    /* the largest window cells on the input are the stage's */
    {
        int in = 0;
        cJSON_ArrayForEach(c, commands(root))
            if ((is(c, "rect", "input_cell") || is(c, "rect", "pad_cell")) && now(c) && num(c, "w") > in) in = num(c, "w");
        /* below PLAN_NUMBERS the input is a picture: the weights stay readable */
        if (lo != hi || (in && (in >= 12 ? in != hi : in > hi))) {
            fprintf(stderr, "  weights/products %d..%d px, window cells %d px\n", lo, hi, in);
            return 0;
        }
    }
    return 1;
}

/* No label, hint or sum ends in "..." (they are shortened by rule). */
static int no_ellipsis(const cJSON *root) {
    static const char *const els[] = {"label", "hint", "sum", "partial_sum", "formula"};
    const cJSON *c;
    cJSON_ArrayForEach(c, commands(root)) {
        size_t n = strlen(str(c, "text"));
        if (!is(c, "text", NULL) || n < 3 || strcmp(str(c, "text") + n - 3, "...")) continue;
        for (size_t i = 0; i < sizeof els / sizeof els[0]; i++)
            if (strcmp(str(c, "element"), els[i]) == 0) {
                fprintf(stderr, "  %s cut: \"%s\"\n", els[i], str(c, "text"));
                return 0;
            }
    }
    return 1;
}

/* Every input channel of the filter's group is drawn somewhere: as cells,
 * or (a big input) as a small map. */
static int all_channels(const cJSON *root, const scene *s, int layer, int c0) {
    const conv_geom *g = &s->layer[layer].g;
    int seen = 0;
    unsigned char *on = calloc((size_t)g->in_c, 1);
    const cJSON *c;
    cJSON_ArrayForEach(c, commands(root)) {
        const cJSON *idx = cJSON_GetObjectItemCaseSensitive(c, "index");
        int ch;
        if (!is(c, "rect", "input_cell") && !is(c, "rect", "pad_cell") && !is(c, "image", "channel_map")) continue;
        ch = cJSON_GetArrayItem(idx, 0) ? cJSON_GetArrayItem(idx, 0)->valueint : -1;
        if (ch >= 0 && ch < g->in_c && !on[ch]) on[ch] = 1, seen++;
    }
    for (int ch = c0; ch < c0 + g->cpg; ch++)
        if (!on[ch]) {
            fprintf(stderr, "  channel %d not drawn (%d of %d)\n", ch, seen, g->cpg);
            free(on);
            return 0;
        }
    free(on);
    return 1;
}

/* The numbers a class reads, by element: projector mode never shrinks them. */
static const char *const numbers[] = {"input_cell", "weight_cell", "product", "output_cell", "sum", "partial_sum"};

static void check_scene(const scene *s, const char *name, int *frames) {
    layout_view v;
    int64_t n;
    layout_view_init(&v);
    v.layer = s->nlayers - 1;
    n = sched_count(&s->layer[v.layer].g, v.gran);
    v.step = n / 3;
    for (int k = 0; k < NSIZES; k++) {
        int w = sizes[k][0], h = sizes[k][1], big = w >= 1280 && h >= 720, sz[2][6] = {{0}};
        sched_pos pos = sched_at(&s->layer[v.layer].g, v.gran, v.step);
        for (int proj = 0; proj < 2; proj++) {
            cJSON *root;
            v.projector = proj;
            if (!(root = described(s, &v, w, h))) continue;
            (*frames)++;
            if (!CHECK(inside(root)) | !CHECK(one_cell_size(root)) | !CHECK(!big || no_ellipsis(root)) |
                !CHECK(!big || all_channels(root, s, v.layer, conv_group_first_channel(&s->layer[v.layer].g, pos.filter))))
                fprintf(stderr, "  in %s at %dx%d%s\n", name, w, h, proj ? " projector" : "");
            for (int i = 0; i < 6; i++) sz[proj][i] = text_max(root, numbers[i], 0);
            /* projector mode: no key hints, no side panel, the formula */
            if (proj) {
                CHECK(find_text(root, "hint", "space play") == NULL);
                CHECK_INT(count(root, "text", "panel"), 0);
                if (h >= 480) CHECK(count(root, "text", "formula") >= 1);
            } else if (big) {
                CHECK(find_text(root, "hint", "space play") != NULL);
            }
            /* the title is in the frame */
            if (s->title[0] && h >= 480) {
                char head[SCENE_TITLE_SIZE];
                snprintf(head, sizeof head, "%s", s->title);
                head[strcspn(head, ":")] = 0;
                if (!CHECK(find_text(root, "label", head) != NULL)) fprintf(stderr, "  no title in %s\n", name);
            }
            cJSON_Delete(root);
        }
        for (int i = 0; i < 6; i++)
            if (!CHECK(sz[1][i] >= sz[0][i]))
                fprintf(stderr, "  %s at %dx%d: %s %d px in projector mode, %d px in the window\n", name, w, h,
                        numbers[i], sz[1][i], sz[0][i]);
    }
}

static void test_assets(void) {
    DIR *d = opendir(TEST_ASSETS "/scenes");
    struct dirent *de;
    int scenes = 0, frames = 0;
    if (!CHECK(d != NULL)) return;
    while ((de = readdir(d))) {
        char path[1024];
        scene s;
        errmsg e;
        if (!strstr(de->d_name, ".json")) continue;
        snprintf(path, sizeof path, "%s/scenes/%s", TEST_ASSETS, de->d_name);
        if (!CHECK_INT(sceneio_load(&s, path, &e), 0)) {
            fprintf(stderr, "  %s: %s\n", path, e.msg);
            continue;
        }
        check_scene(&s, de->d_name, &frames);
        scene_free(&s);
        scenes++;
    }
    closedir(d);
    CHECK(scenes >= 18);
    CHECK_INT(frames, scenes * NSIZES * 2);
}

static int rnd(uint64_t *st, int lo, int hi) { return lo + (int)(tensor_rng_next(st) % (uint64_t)(hi - lo + 1)); }

static void test_random(void) {
    uint64_t st = 7;
    int scenes = 0, frames = 0;
    while (scenes < 40) {
        conv_params p;
        scene s;
        int sp[CONV_SP] = {1, 1, 1}, in_c = rnd(&st, 1, 8);
        conv_kind kind = rnd(&st, 0, 4) ? CONV_2D : (conv_kind)rnd(&st, 0, 3);
        conv_params_init(&p, kind);
        for (int a = CONV_SP - conv_ndim(kind); a < CONV_SP; a++) {
            sp[a] = rnd(&st, 2, kind == CONV_3D ? 6 : 12);
            p.kernel[a] = rnd(&st, 1, 4);
            p.stride[a] = rnd(&st, 1, 2);
            p.pad[a][0] = p.pad[a][1] = rnd(&st, 0, 2);
        }
        p.padding = rnd(&st, 0, 1) ? CONV_PAD_AMOUNT : CONV_PAD_SAME;
        p.filters = rnd(&st, 1, 6);
        if (scene_make(&s, &p, in_c, sp, tensor_rng_next(&st), NULL)) continue;
        {
            char name[160];
            const conv_geom *g = &s.layer[0].g;
            snprintf(name, sizeof name, "random %s c%d in %dx%dx%d k%d s%d pad%d F%d", conv_kind_name(kind), in_c,
                     sp[0], sp[1], sp[2], p.kernel[2], p.stride[2], g->pad_lo[2], p.filters);
            check_scene(&s, name, &frames);
        }
        scene_free(&s);
        scenes++;
    }
    CHECK_INT(frames, 40 * NSIZES * 2);
}

/* The default scene on a 1920x1080 projector, as the issue measured it. */
static void test_projector(void) {
    scene s;
    layout_view v;
    cJSON *root;
    CHECK_INT(scene_make_default(&s, NULL), 0);
    layout_view_init(&v);
    v.projector = 1;
    for (v.step = 0; v.step < 54; v.step += 7) {
        if (!(root = described(&s, &v, 1920, 1080))) continue;
        CHECK(text_max(root, "input_cell", 1) >= 32);
        CHECK(text_max(root, "weight_cell", 1) >= 32);
        CHECK(text_max(root, "product", 0) >= 32 || v.step % 3 == 0); /* a channel's first step has none yet */
        CHECK(text_max(root, "output_cell", 0) >= 32 || v.step < 3);
        CHECK(text_max(root, "sum", 1) >= 48);
        cJSON_Delete(root);
    }
    scene_free(&s);
}

/* Every filter has an element: its output cells or its small map. */
static int all_filters(const cJSON *root, int filters) {
    unsigned char *on = calloc((size_t)filters, 1);
    const cJSON *c;
    int ok = 1;
    cJSON_ArrayForEach(c, commands(root)) {
        const cJSON *idx = cJSON_GetObjectItemCaseSensitive(c, "index");
        int f;
        if (!is(c, "rect", "output_cell") && !is(c, "image", "filter_map")) continue;
        f = cJSON_GetArrayItem(idx, 0) ? cJSON_GetArrayItem(idx, 0)->valueint : -1;
        if (f >= 0 && f < filters) on[f] = 1;
    }
    for (int f = 0; f < filters && ok; f++)
        if (!on[f]) {
            fprintf(stderr, "  filter %d has no element\n", f);
            ok = 0;
        }
    free(on);
    return ok;
}

/* Big inputs (the cases): the window's input values, the weights,
 * the products, the sum and the output cell in play are set at 14 px or
 * more, so is every number of the output's magnifier, and every channel
 * and filter is on screen. At 1024x768 the magnifier's cells are 40 px,
 * where a weight or product like -0.33 keeps its two decimals at 12 px
 * (lay_grid_text: down to 2/3 of the size before a decimal goes). */
static void check_big(const scene *s, const char *name) {
    static const int big_sizes[][3] = {{1024, 768, 12}, {1280, 720, 14}, {1920, 1080, 14}}; /* w, h, kernel's px */
    const conv_geom *g = &s->layer[0].g;
    for (size_t k = 0; k < sizeof big_sizes / sizeof big_sizes[0]; k++)
        for (int proj = 0; proj < 2; proj++) {
            layout_view v;
            cJSON *root;
            int w = big_sizes[k][0], h = big_sizes[k][1], kpx = big_sizes[k][2];
            layout_view_init(&v);
            v.projector = proj;
            /* a channel's last step of a cell in the middle: its products are in */
            v.step = sched_index(g, v.gran, (sched_pos){g->out_c / 2, g->out_cells / 2 + g->out_sp[2] / 2, g->cpg - 1, -1});
            if (!(root = described(s, &v, w, h))) continue;
            if (!CHECK(text_max(root, "input_cell", 1) >= 14) | !CHECK(text_max(root, "weight_cell", 1) >= kpx) |
                !CHECK(text_max(root, "product", 1) >= kpx) | !CHECK(text_max(root, "sum", 1) >= 14) |
                !CHECK(text_max(root, "output_cell", 1) >= 14) | !CHECK(text_min(root, "output_cell") >= 14) |
                !CHECK(all_channels(root, s, 0, 0)) | !CHECK(all_filters(root, g->out_c)) | !CHECK(inside(root)))
                fprintf(stderr, "  %s at %dx%d%s: input %d, weights %d, products %d, sum %d, output %d (least %d) px\n",
                        name, w, h, proj ? " projector" : "", text_max(root, "input_cell", 1),
                        text_max(root, "weight_cell", 1), text_max(root, "product", 1), text_max(root, "sum", 1),
                        text_max(root, "output_cell", 1), text_min(root, "output_cell"));
            cJSON_Delete(root);
        }
}

static void test_big(void) {
    static const char *const photos[] = {"photo-sobel-x.json", "photo-blur.json", "photo-3to8.json"};
    static const int shapes[][3] = {{64, 64, 64}, {16, 16, 16}}; /* channels, side, filters */
    for (size_t i = 0; i < sizeof photos / sizeof photos[0]; i++) {
        char path[1024];
        scene s;
        errmsg e;
        snprintf(path, sizeof path, "%s/scenes/%s", TEST_ASSETS, photos[i]);
        if (!CHECK_INT(sceneio_load(&s, path, &e), 0)) continue;
        CHECK_INT(s.in_c * s.in_sp[1] * s.in_sp[2], 3 * 224 * 224);
        check_big(&s, photos[i]);
        scene_free(&s);
    }
    for (size_t i = 0; i < sizeof shapes / sizeof shapes[0]; i++) {
        conv_params p;
        scene s;
        int sp[CONV_SP] = {1, shapes[i][1], shapes[i][1]};
        char name[64];
        conv_params_init(&p, CONV_2D);
        p.kernel[1] = p.kernel[2] = 3;
        p.pad[1][0] = p.pad[1][1] = p.pad[2][0] = p.pad[2][1] = 1;
        p.filters = shapes[i][2];
        if (!CHECK_INT(scene_make(&s, &p, shapes[i][0], sp, 5, NULL), 0)) continue;
        snprintf(name, sizeof name, "%dx%dx%d -> %d", shapes[i][0], shapes[i][1], shapes[i][1], shapes[i][2]);
        check_big(&s, name);
        scene_free(&s);
    }
}

/* ---- the network strip ---- */

/* Distinct idx[0] of an element's commands: every tensor (layer) drawn. */
static int distinct(const cJSON *root, const char *el, int n) {
    unsigned char seen[32] = {0};
    int k = 0;
    const cJSON *c;
    cJSON_ArrayForEach(c, commands(root)) {
        const cJSON *ix = cJSON_GetObjectItemCaseSensitive(c, "index");
        int t;
        if (strcmp(str(c, "element"), el) || !cJSON_IsArray(ix)) continue;
        t = cJSON_GetArrayItem(ix, 0)->valueint;
        if (t >= 0 && t < n && t < 32 && !seen[t]) seen[t] = 1, k++;
    }
    return k;
}

/* A tensor drawn as pictures has no tensor_cells: the field is a lit
 * outline on each of its maps. */
static int drawn_as_picture(const cJSON *root, int t) {
    const cJSON *c;
    int pictures = 0;
    cJSON_ArrayForEach(c, commands(root)) {
        const cJSON *ix = cJSON_GetObjectItemCaseSensitive(c, "index");
        if (!cJSON_IsArray(ix) || cJSON_GetArrayItem(ix, 0)->valueint != t) continue;
        if (is(c, "rect", "tensor_cell")) return 0;
        pictures += is(c, "image", "network_tensor");
    }
    return pictures > 0;
}

static int lit_outlines(const cJSON *root, int t) {
    const cJSON *c;
    int n = 0;
    cJSON_ArrayForEach(c, commands(root)) {
        const cJSON *ix = cJSON_GetObjectItemCaseSensitive(c, "index");
        n += is(c, "box", "network_tensor") && cJSON_GetArrayItem(ix, 0)->valueint == t &&
             cJSON_IsTrue(cJSON_GetObjectItemCaseSensitive(c, "lit"));
    }
    return n;
}

/* The lit tensor_cells of tensor t are exactly channels [0, nch) x rows
 * [y0, y1] x columns [x0, x1] (cut to the tensor), each drawn once. */
static int lit_exactly(const cJSON *root, int t, int nch, int y0, int y1, int x0, int x1, int rows, int cols) {
    int want, got = 0, wrong = 0;
    const cJSON *c;
    y0 = y0 < 0 ? 0 : y0, x0 = x0 < 0 ? 0 : x0;
    y1 = y1 >= rows ? rows - 1 : y1, x1 = x1 >= cols ? cols - 1 : x1;
    want = nch * (y1 - y0 + 1) * (x1 - x0 + 1);
    cJSON_ArrayForEach(c, commands(root)) {
        const cJSON *ix = cJSON_GetObjectItemCaseSensitive(c, "index");
        int y, x;
        if (!is(c, "rect", "tensor_cell") || cJSON_GetArraySize(ix) != 4 || cJSON_GetArrayItem(ix, 0)->valueint != t)
            continue;
        if (!cJSON_IsTrue(cJSON_GetObjectItemCaseSensitive(c, "lit"))) continue;
        y = cJSON_GetArrayItem(ix, 2)->valueint, x = cJSON_GetArrayItem(ix, 3)->valueint;
        got++;
        if (cJSON_GetArrayItem(ix, 1)->valueint >= nch || y < y0 || y > y1 || x < x0 || x > x1) wrong++;
    }
    if (got == 0 && drawn_as_picture(root, t)) return lit_outlines(root, t) == nch;
    if (got != want || wrong) fprintf(stderr, "  tensor %d: %d lit (%d outside), want %d\n", t, got, wrong, want);
    return got == want && !wrong;
}

/* A stack of 2-D layers, all 3x3, stride 1, dilation 1 and padding p[i]
 * (0 valid, 1 same): the field of cell (y, x) of tensor t on tensor u
 * grows by one cell each side a layer, shifted back by the padding: the
 * geometry by hand, not net.c's. */
static void field_by_hand(const int *pad, int t, int u, int y, int x, int *y0, int *y1, int *x0, int *x1) {
    *y0 = *y1 = y, *x0 = *x1 = x;
    for (int i = t; i-- > u;) {
        *y0 = *y0 - pad[i], *y1 = *y1 - pad[i] + 2;
        *x0 = *x0 - pad[i], *x1 = *x1 - pad[i] + 2;
    }
}

static void check_network(const scene *s, const char *name, const int *pad, int layer, int f, int y, int x) {
    static const int net_sizes[][2] = {{1280, 720}, {1920, 1080}};
    for (int k = 0; k < 2; k++)
        for (int mode = 0; mode < 3; mode++) { /* output cell hovered; projector; a strip cell hovered */
            layout_view v;
            cJSON *root;
            int w = net_sizes[k][0], h = net_sizes[k][1], ok = 1, at[CONV_SP] = {0, y, x};
            const conv_geom *g = &s->layer[layer].g;
            layout_view_init(&v);
            v.layer = layer;
            v.projector = mode == 1;
            if (mode < 2) {
                v.hover_el = FRAME_EL_OUTPUT_CELL;
                v.hover_a = f;
                v.hover_b = conv_cell_index(g, at);
            } else {
                v.hover_el = FRAME_EL_TENSOR_CELL;
                v.hover_a = layer + 1;
                v.hover_b = (int64_t)f * g->out_cells + conv_cell_index(g, at);
            }
            if (!(root = described(s, &v, w, h))) continue;
            ok &= CHECK_INT(distinct(root, "network_tensor", s->nlayers + 1), s->nlayers + 1);
            ok &= CHECK_INT(distinct(root, "network_layer", s->nlayers), s->nlayers);
            ok &= CHECK(inside(root));
            ok &= CHECK(s->nlayers > 2 || count(root, "rect", "tensor_cell") == 8 * 8 * 3 + 6 * 6 * 2 + 4 * 4 * 4);
            for (int u = 0; u <= layer; u++) {
                int c, sp[CONV_SP], y0, y1, x0, x1;
                scene_layer_input(s, u, &c, sp);
                field_by_hand(pad, layer + 1, u, y, x, &y0, &y1, &x0, &x1);
                ok &= CHECK(lit_exactly(root, u, c, y0, y1, x0, x1, sp[1], sp[2]));
            }
            if (mode < 2) { /* the caption says what the hovered cell sees of the input */
                char want[96];
                int y0, y1, x0, x1;
                field_by_hand(pad, layer + 1, 0, y, x, &y0, &y1, &x0, &x1);
                snprintf(want, sizeof want, "(sees the input's H %d-%d, W %d-%d)", y0 < 0 ? 0 : y0,
                         y1 >= s->in_sp[1] ? s->in_sp[1] - 1 : y1, x0 < 0 ? 0 : x0, x1 >= s->in_sp[2] ? s->in_sp[2] - 1 : x1);
                ok &= CHECK(find_text(root, "caption", want) != NULL);
            }
            /* the view's own output cell is the hovered one in both ways of hovering */
            ok &= CHECK(text_max(root, "output_cell", 0) > 0);
            if (!ok) fprintf(stderr, "  %s at %dx%d, mode %d\n", name, w, h, mode);
            cJSON_Delete(root);
        }
}

static void test_network(void) {
    char path[1024];
    scene s;
    errmsg e;
    int valid[SCENE_MAX_LAYERS] = {0}, same[SCENE_MAX_LAYERS];
    snprintf(path, sizeof path, "%s/scenes/keras-8x8x3-two-layers.json", TEST_ASSETS);
    if (CHECK_INT(sceneio_load(&s, path, &e), 0)) {
        check_network(&s, "two layers", valid, 1, 1, 1, 2); /* sees rows 1-5, columns 2-6 of the input */
        check_network(&s, "two layers, corner", valid, 1, 3, 3, 3);
        scene_free(&s);
    }
    /* sixteen 'same' layers on 2x20x20: a field of 33x33, cut by the borders */
    scene_init(&s);
    s.in_c = 2;
    s.in_sp[0] = 1;
    s.in_sp[1] = s.in_sp[2] = 20;
    s.nlayers = SCENE_MAX_LAYERS;
    for (int i = 0; i < SCENE_MAX_LAYERS; i++) {
        conv_params_init(&s.layer[i].p, CONV_2D);
        s.layer[i].p.filters = 2 + i % 2;
        s.layer[i].p.kernel[1] = s.layer[i].p.kernel[2] = 3;
        s.layer[i].p.padding = CONV_PAD_SAME;
        same[i] = 1;
    }
    s.input = calloc(2 * 20 * 20, sizeof *s.input);
    for (int i = 0; s.input && i < 2 * 20 * 20; i++) s.input[i] = i % 7 - 3;
    if (CHECK(s.input != NULL) && CHECK_INT(scene_resolve(&s, &e), 0) && CHECK_INT(scene_compute(&s, &e), 0)) {
        check_network(&s, "sixteen layers", same, 15, 0, 2, 17);
        check_network(&s, "sixteen layers, layer 9", same, 8, 1, 10, 10);
    }
    scene_free(&s);
}

/* Random stacks of 2-4 layers of every kind: at every size the strip stays
 * in the frame, and where a tensor is drawn cell by cell its lit cells are
 * as many as net_fields' field of the hovered cell holds. */
static void test_random_networks(void) {
    uint64_t st = 11;
    int scenes = 0, frames = 0;
    while (scenes < 24) {
        scene s;
        errmsg e;
        conv_kind kind = (conv_kind)rnd(&st, 0, 3);
        int nd = conv_ndim(kind), ok = 1;
        scene_init(&s);
        s.in_c = rnd(&st, 1, 3);
        for (int a = 0; a < CONV_SP; a++) s.in_sp[a] = a < CONV_SP - nd ? 1 : rnd(&st, 4, kind == CONV_3D ? 6 : 12);
        s.nlayers = rnd(&st, 2, 4);
        for (int i = 0; i < s.nlayers; i++) {
            conv_params *p = &s.layer[i].p;
            conv_params_init(p, kind);
            p->filters = rnd(&st, 1, 3);
            for (int a = CONV_SP - nd; a < CONV_SP; a++) {
                p->kernel[a] = rnd(&st, 1, 3);
                p->stride[a] = rnd(&st, 1, 2);
                p->dilation[a] = kind == CONV_TRANSPOSE_2D ? 1 : rnd(&st, 1, 2);
            }
            p->padding = kind == CONV_TRANSPOSE_2D || rnd(&st, 0, 1) ? CONV_PAD_VALID : CONV_PAD_SAME;
            p->activation = (conv_act)rnd(&st, 0, CONV_ACT_COUNT - 1);
        }
        s.input = malloc(sizeof *s.input * (size_t)(s.in_c * s.in_sp[0] * s.in_sp[1] * s.in_sp[2]));
        for (int i = 0; s.input && i < s.in_c * s.in_sp[0] * s.in_sp[1] * s.in_sp[2]; i++) s.input[i] = rnd(&st, -2, 2);
        if (!s.input || scene_resolve(&s, &e) || scene_compute(&s, &e)) {
            scene_free(&s);
            continue;
        }
        for (int k = 0; k < NSIZES; k++) {
            layout_view v;
            cJSON *root;
            int layer = rnd(&st, 0, s.nlayers - 1), t = layer + 1, c, sp[CONV_SP], at[CONV_SP] = {0, 0, 0};
            net_field fl[SCENE_MAX_LAYERS + 1];
            net_tensor_shape(&s, t, &c, sp);
            c = rnd(&st, 0, c - 1);
            for (int a = 0; a < CONV_SP; a++) at[a] = rnd(&st, 0, sp[a] - 1);
            layout_view_init(&v);
            v.layer = layer;
            v.hover_el = FRAME_EL_OUTPUT_CELL;
            v.hover_a = c;
            v.hover_b = conv_cell_index(&s.layer[layer].g, at);
            if (!(root = described(&s, &v, sizes[k][0], sizes[k][1]))) continue;
            frames++;
            ok &= CHECK(inside(root));
            if (CHECK_INT(net_fields(&s, t, c, at, fl, &e), 0)) {
                for (int u = 0; u < t; u++) {
                    int lit = 0, cells = 0;
                    const cJSON *cmd;
                    cJSON_ArrayForEach(cmd, commands(root)) {
                        const cJSON *ix = cJSON_GetObjectItemCaseSensitive(cmd, "index");
                        if (!is(cmd, "rect", "tensor_cell") || cJSON_GetArrayItem(ix, 0)->valueint != u) continue;
                        cells++;
                        lit += cJSON_IsTrue(cJSON_GetObjectItemCaseSensitive(cmd, "lit"));
                    }
                    if (cells) ok &= CHECK_INT(lit, net_field_cells(&fl[u]));
                }
                net_fields_free(fl, t + 1);
            }
            if (!ok) fprintf(stderr, "  random network %d (%s, %d layers) at %dx%d\n", scenes, conv_kind_name(kind),
                             s.nlayers, sizes[k][0], sizes[k][1]);
            cJSON_Delete(root);
        }
        scene_free(&s);
        scenes++;
    }
    CHECK_INT(frames, 24 * NSIZES);
}

/* The dump itself: its fields, the indices and 'now'. */
static void test_dump(void) {
    scene s;
    layout_view v;
    cJSON *root;
    const cJSON *c;
    int out_now = 0, win_now = 0, partial_now = 0, pad = 0;
    CHECK_INT(scene_make_default(&s, NULL), 0);
    layout_view_init(&v);
    v.step = 14; /* filter 0, cell (1,1), channel 2 */
    root = described(&s, &v, 1280, 720);
    if (!root) return;
    CHECK_INT(num(root, "width"), 1280);
    CHECK_INT(num(root, "height"), 720);
    CHECK(cJSON_IsFalse(cJSON_GetObjectItemCaseSensitive(root, "projector")));
    CHECK_STR(str(root, "style"), "window");
    cJSON_ArrayForEach(c, commands(root)) {
        const cJSON *idx = cJSON_GetObjectItemCaseSensitive(c, "index");
        if (is(c, "rect", "output_cell") && now(c)) {
            out_now++;
            CHECK_INT(cJSON_GetArraySize(idx), 3);
            CHECK_INT(cJSON_GetArrayItem(idx, 0)->valueint, 0);
            CHECK_INT(cJSON_GetArrayItem(idx, 1)->valueint, 1);
            CHECK_INT(cJSON_GetArrayItem(idx, 2)->valueint, 1);
        }
        if ((is(c, "rect", "input_cell") || is(c, "rect", "pad_cell")) && now(c)) {
            int ch = cJSON_GetArrayItem(idx, 0)->valueint, y = cJSON_GetArrayItem(idx, 1)->valueint,
                x = cJSON_GetArrayItem(idx, 2)->valueint;
            win_now++;
            CHECK_INT(ch, 2);
            CHECK(y >= 1 && y <= 3 && x >= 1 && x <= 3); /* output (1,1), stride 2, pad 1: rows 1..3 */
        }
        if (is(c, "rect", "pad_cell")) {
            int y = cJSON_GetArrayItem(idx, 1)->valueint, x = cJSON_GetArrayItem(idx, 2)->valueint;
            pad += y == -1 || x == -1 || y == 5 || x == 5;
        }
        if (is(c, "text", "partial_sum") && now(c)) {
            partial_now++;
            CHECK_INT(cJSON_GetArrayItem(idx, 0)->valueint, 2);
            CHECK_STR(str(c, "text"), "= -1");
        }
        if (is(c, "text", "weight_cell") && now(c) && cJSON_GetArrayItem(idx, 3)->valueint == 2 &&
            cJSON_GetArrayItem(idx, 2)->valueint == 0)
            CHECK_STR(str(c, "text"), "-1"); /* w[0][2][0][2] */
    }
    CHECK_INT(out_now, 1);
    CHECK_INT(win_now, 2 * 9); /* the stage and the strip */
    CHECK_INT(partial_now, 1);
    CHECK_INT(pad, 4 * 24); /* every padding cell is a pad_cell: the stage and the strip's three */
    CHECK(find_text(root, "sum", "= -3") != NULL);
    CHECK(find_text(root, "label", "CS231n demo") != NULL);
    CHECK(find_text(root, "code", "nn.Conv2d(in_channels=3") != NULL);
    CHECK(find_text(root, "formula", "H_out = (5 + 2*1 - 1*(3-1) - 1)/2 + 1 = 3") != NULL);
    cJSON_Delete(root);

    /* hovering keeps the step's arithmetic on screen */
    v.hover_el = FRAME_EL_OUTPUT_CELL;
    v.hover_a = 1;
    v.hover_b = 4;
    root = described(&s, &v, 1280, 720);
    if (root) {
        CHECK(find_text(root, "caption", "output[1][1][1]") != NULL);
        CHECK(find_text(root, "caption", "channel 2:") != NULL);
        cJSON_Delete(root);
    }
    scene_free(&s);
}

/* Smallest text size of the cells' digits; 0 if there are none. */
static const char *const cell_digits[] = {"input_cell", "pad_cell", "weight_cell", "product", "output_cell"};
static int digits_min(const cJSON *root) {
    int m = 0;
    const cJSON *c;
    cJSON_ArrayForEach(c, commands(root))
        for (int i = 0; i < 5; i++)
            if (is(c, "text", cell_digits[i]) && (m == 0 || num(c, "size") < m)) m = num(c, "size");
    return m;
}

/* Text anywhere in the frame that contains needle. */
static int any_text(const cJSON *root, const char *needle) {
    const cJSON *c;
    cJSON_ArrayForEach(c, commands(root))
        if (is(c, "text", NULL) && strstr(str(c, "text"), needle)) return 1;
    return 0;
}

/* A figure: nothing about driving the window, every cell's digits readable
 * or none, everything inside the frame. */
static void check_figure(const cJSON *root, const char *name, int w, int h) {
    int dm = digits_min(root);
    if (!CHECK(strcmp(str(root, "style"), "figure") == 0) | !CHECK_INT(count(root, "text", "hint"), 0) |
        !CHECK_INT(count(root, "rect", "timeline"), 0) | !CHECK_INT(count(root, "text", "panel"), 0) |
        !CHECK_INT(count(root, "text", "formula"), 0) | !CHECK(!any_text(root, "steps/s")) |
        !CHECK(!any_text(root, "H help")) | !CHECK(!any_text(root, "hover")) | !CHECK(!any_text(root, "granularity")) |
        !CHECK(dm == 0 || dm >= LAYOUT_FIGURE_DIGITS) | !CHECK(inside(root)))
        fprintf(stderr, "  figure of %s at %dx%d (digits %d px)\n", name, w, h, dm);
}

static void test_figure(void) {
    static const int fsizes[][2] = {{395, 381}, {1280, 720}, {1920, 1080}};
    DIR *d = opendir(TEST_ASSETS "/scenes");
    struct dirent *de;
    int scenes = 0;
    if (!CHECK(d != NULL)) return;
    while ((de = readdir(d))) {
        char path[1024];
        scene s;
        errmsg e;
        layout_view v;
        int64_t n;
        if (!strstr(de->d_name, ".json")) continue;
        snprintf(path, sizeof path, "%s/scenes/%s", TEST_ASSETS, de->d_name);
        if (!CHECK_INT(sceneio_load(&s, path, &e), 0)) continue;
        layout_view_init(&v);
        v.style = LAYOUT_STYLE_FIGURE;
        v.layer = s.nlayers - 1;
        v.speed = 2;
        n = sched_count(&s.layer[v.layer].g, v.gran);
        for (int k = 0; k < 3; k++)
            for (int proj = 0; proj < 2; proj++)
                for (v.step = n / 3; ; v.step = n - 1) {
                    cJSON *root;
                    v.projector = proj;
                    if ((root = described(&s, &v, fsizes[k][0], fsizes[k][1]))) {
                        check_figure(root, de->d_name, fsizes[k][0], fsizes[k][1]);
                        cJSON_Delete(root);
                    }
                    if (v.step == n - 1) break;
                }
        scene_free(&s);
        scenes++;
    }
    closedir(d);
    CHECK(scenes >= 18);
}

/* conv_arithmetic's first case at its own size: digits, 10 px or more;
 * the caption, the Keras words, numbers off. */
static void test_figure_options(void) {
    scene s;
    errmsg e;
    layout_view v;
    cJSON *root;
    if (!CHECK_INT(sceneio_load(&s, TEST_ASSETS "/scenes/conv-arithmetic-no_padding_no_strides.json", &e), 0)) return;
    layout_view_init(&v);
    v.style = LAYOUT_STYLE_FIGURE;
    v.step = 2;
    if ((root = described(&s, &v, 395, 381))) {
        CHECK(text_max(root, "input_cell", 0) >= LAYOUT_FIGURE_DIGITS);
        CHECK(text_max(root, "output_cell", 0) >= LAYOUT_FIGURE_DIGITS);
        CHECK(find_text(root, "code", "nn.Conv2d(") != NULL);
        cJSON_Delete(root);
    }
    CHECK_INT(layout_resolve_numbers(&s, &v, 395, 381, &e), LAYOUT_NUMBERS_ON);
    CHECK_INT(layout_resolve_numbers(&s, &v, 200, 200, &e), LAYOUT_NUMBERS_OFF);
    v.caption = "Figure 2.1: no padding, unit strides";
    v.vocab = 1; /* CODEGEN_KERAS */
    if ((root = described(&s, &v, 395, 381))) {
        CHECK(find_text(root, "caption", "Figure 2.1") != NULL);
        CHECK(find_text(root, "code", "Conv2D(") != NULL);
        CHECK(find_text(root, "code", "nn.Conv2d") == NULL);
        check_figure(root, "caption", 395, 381);
        cJSON_Delete(root);
    }
    v.numbers = LAYOUT_NUMBERS_OFF;
    if ((root = described(&s, &v, 1280, 720))) {
        CHECK_INT(digits_min(root), 0);
        CHECK(count(root, "rect", "input_cell") == 16); /* the geometry stays */
        cJSON_Delete(root);
    }
    v.numbers = LAYOUT_NUMBERS_ON; /* asked for: drawn wherever they fit, small or not */
    CHECK_INT(layout_resolve_numbers(&s, &v, 200, 200, &e), LAYOUT_NUMBERS_ON);
    scene_free(&s);
}

int main(void) {
    errmsg e;
    if (draw_offscreen_init(&fonts, 16, 16, NULL, &e)) {
        fprintf(stderr, "no fonts: %s\n", e.msg);
        return 1;
    }
    test_dump();
    test_projector();
    test_assets();
    test_random();
    test_big();
    test_network();
    test_random_networks();
    test_figure();
    test_figure_options();
    draw_offscreen_free(&fonts);
    return check_done();
}
