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
#include "describe.h"
#include "draw.h"
#include "font.h"
#include "layout.h"
#include "scene.h"
#include "sceneio.h"

static draw_offscreen fonts; /* only its fonts: layout measures with them */

static cJSON *described(const scene *s, layout_view *v, int w, int h) {
    frame f;
    errmsg e;
    char *json;
    cJSON *root = NULL;
    frame_init(&f, w, h, (frame_color){255, 255, 255, 255});
    v->measure = font_measure;
    v->measure_ctx = fonts.fonts;
    if (CHECK_INT(layout_frame(&f, s, v, w, h, &e), 0) && (json = describe_json(&f, v->projector, "window"))) {
        root = cJSON_Parse(json);
        cJSON_free(json);
    }
    frame_free(&f);
    CHECK(root != NULL);
    return root;
}

static const char *field(const cJSON *c, const char *k) {
    const cJSON *i = cJSON_GetObjectItemCaseSensitive(c, k);
    return cJSON_IsString(i) ? i->valuestring : "";
}

static int number(const cJSON *c, const char *k) {
    const cJSON *i = cJSON_GetObjectItemCaseSensitive(c, k);
    return cJSON_IsNumber(i) ? i->valueint : -1;
}

static int index_at(const cJSON *c, int i) {
    const cJSON *v = cJSON_GetArrayItem(cJSON_GetObjectItemCaseSensitive(c, "index"), i);
    return cJSON_IsNumber(v) ? v->valueint : -1000000;
}

static int in_play(const cJSON *c) { return cJSON_IsTrue(cJSON_GetObjectItemCaseSensitive(c, "now")); }

static int is_text(const cJSON *c, const char *el) {
    return strcmp(field(c, "kind"), "text") == 0 && strcmp(field(c, "element"), el) == 0;
}

#define EACH(c, root) cJSON_ArrayForEach(c, cJSON_GetObjectItemCaseSensitive(root, "commands"))

/* Text size of the numbers in play of element el: the smallest of them,
 * or where one number is drawn twice (the stage and its small map) the
 * largest; 0 if none. */
static int least_now(const cJSON *root, const char *el, int largest) {
    int m = 0;
    const cJSON *c;
    EACH(c, root)
        if (is_text(c, el) && in_play(c) && (m == 0 || (largest ? number(c, "size") > m : number(c, "size") < m)))
            m = number(c, "size");
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
        if (is_text(c, "product") && in_play(c)) {
            nprod++;
            on_channel += index_at(c, 0) == ch;
            total += strtod(field(c, "text"), NULL);
        }
        if (is_text(c, "partial_sum") && in_play(c)) {
            psums++;
            psum = strtod(field(c, "text") + 2, NULL); /* "= 3" */
        }
        if (in_play(c) && (!strcmp(field(c, "element"), "input_cell") || !strcmp(field(c, "element"), "pad_cell")) &&
            index_at(c, 1) > reach)
            reach = index_at(c, 1);
        if (is_text(c, "output_cell") && in_play(c)) {
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
        EACH(c, root) found |= is_text(c, "label") && strncmp(field(c, "text"), want, strlen(want)) == 0;
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

int main(void) {
    errmsg e;
    if (draw_offscreen_init(&fonts, 16, 16, NULL, &e)) {
        fprintf(stderr, "no fonts: %s\n", e.msg);
        return 1;
    }
    test_seq();
    test_groups();
    test_vol();
    draw_offscreen_free(&fonts);
    return check_done();
}
