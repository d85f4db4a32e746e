/* test_edit: the edit model the window's panel calls, on fixed cases and on
 * many random edit sequences; every scene that results saves and loads
 * back identical. */
#include <stdlib.h>
#include <string.h>

#include "check.h"
#include "edit.h"
#include "sceneio.h"

static scene make_default(void) {
    scene s;
    errmsg e;
    scene_init(&s);
    if (scene_make_default(&s, &e)) fprintf(stderr, "%s\n", e.msg);
    return s;
}

static int arrays_eq(const double *a, const double *b, int64_t n) {
    if (!a || !b) return a == b;
    return memcmp(a, b, (size_t)n * sizeof *a) == 0;
}

/* What a scene means: parameters that count, shapes and every value. */
static int scene_eq(const scene *a, const scene *b) {
    if (a->in_c != b->in_c || memcmp(a->in_sp, b->in_sp, sizeof a->in_sp) || a->layout != b->layout ||
        a->nlayers != b->nlayers)
        return 0;
    if (!arrays_eq(a->input, b->input, (int64_t)a->in_c * a->in_sp[0] * a->in_sp[1] * a->in_sp[2])) return 0;
    for (int i = 0; i < a->nlayers; i++) {
        const scene_layer *x = &a->layer[i], *y = &b->layer[i];
        const conv_params *p = &x->p, *q = &y->p;
        if (p->kind != q->kind || p->filters != q->filters || memcmp(p->kernel, q->kernel, sizeof p->kernel) ||
            memcmp(p->stride, q->stride, sizeof p->stride) || memcmp(p->dilation, q->dilation, sizeof p->dilation) ||
            p->padding != q->padding || p->padding_mode != q->padding_mode || p->groups != q->groups ||
            p->bias != q->bias || p->activation != q->activation ||
            memcmp(p->output_padding, q->output_padding, sizeof p->output_padding))
            return 0;
        if (memcmp(x->g.pad_lo, y->g.pad_lo, sizeof x->g.pad_lo) || memcmp(x->g.pad_hi, y->g.pad_hi, sizeof x->g.pad_hi) ||
            memcmp(x->g.out_sp, y->g.out_sp, sizeof x->g.out_sp))
            return 0;
        if (!arrays_eq(x->weight, y->weight, x->g.weight_count)) return 0;
        if (p->bias && !arrays_eq(x->bias, y->bias, p->filters)) return 0;
        if (!arrays_eq(x->out, y->out, (int64_t)x->g.out_c * x->g.out_cells)) return 0;
    }
    return 1;
}

/* Saves and loads back; 1 if the loaded scene is the same. */
static int round_trip(const scene *s) {
    errmsg e = {""};
    char *json = sceneio_to_json(s, &e);
    scene t;
    int same;
    if (!json) {
        fprintf(stderr, "to_json: %s\n", e.msg);
        return 0;
    }
    scene_init(&t);
    if (sceneio_parse(&t, json, strlen(json), NULL, &e)) {
        fprintf(stderr, "parse: %s\n%s\n", e.msg, json);
        free(json);
        return 0;
    }
    same = scene_eq(s, &t);
    free(json);
    scene_free(&t);
    return same;
}

/* The outputs are what a fresh forward pass gives. */
static int outputs_fresh(const scene *s) {
    for (int i = 0; i < s->nlayers; i++) {
        const scene_layer *L = &s->layer[i];
        int64_t n = (int64_t)L->g.out_c * L->g.out_cells;
        double *out = malloc((size_t)n * sizeof *out);
        int same;
        conv_forward(&L->g, scene_layer_input_data(s, i), L->weight, L->bias, out);
        same = arrays_eq(out, L->out, n);
        free(out);
        if (!same) return 0;
    }
    return 1;
}

static void test_get(void) {
    scene s = make_default();
    char buf[64];
    edit_get(&s, 0, EDIT_STRIDE_H, buf, sizeof buf);
    CHECK_STR(buf, "2");
    edit_get(&s, 0, EDIT_PADDING, buf, sizeof buf);
    CHECK_STR(buf, "explicit");
    edit_get(&s, 0, EDIT_PAD_W_HI, buf, sizeof buf);
    CHECK_STR(buf, "1");
    edit_get(&s, 0, EDIT_BIAS, buf, sizeof buf);
    CHECK_STR(buf, "on");
    edit_get(&s, 0, EDIT_LAYOUT, buf, sizeof buf);
    CHECK_STR(buf, "CHW");
    edit_get(&s, 0, EDIT_KERNEL_D, buf, sizeof buf);
    CHECK_STR(buf, "-");
    CHECK(!edit_field_used(&s, 0, EDIT_KERNEL_D));
    CHECK(!edit_field_used(&s, 0, EDIT_OUTPAD_H));
    CHECK(edit_field_used(&s, 0, EDIT_IN_H));
    CHECK_STR(edit_field_label(&s, 0, EDIT_PAD_H_LO), "pad top");
    CHECK_INT(edit_field_next(&s, 0, EDIT_CHANNELS, 1), EDIT_FILTERS);
    CHECK_INT(edit_field_next(&s, 0, EDIT_FILTERS, 1), EDIT_KERNEL_H);
    CHECK_INT(edit_field_next(&s, 0, EDIT_IN_H, -1), EDIT_TYPE);
    CHECK_INT(edit_field_next(&s, 0, EDIT_TYPE, -1), EDIT_LAYOUT);
    scene_free(&s);
}

static void test_stride_and_padding(void) {
    scene s = make_default();
    errmsg e = {""};
    char buf[64];
    CHECK_INT(edit_step(&s, 0, EDIT_STRIDE_H, 1, &e), 0);
    CHECK_INT(s.layer[0].p.stride[1], 3);
    CHECK_INT(s.layer[0].g.out_sp[1], 2); /* floor((5 + 2 - 2 - 1)/3) + 1 */
    CHECK_INT(s.layer[0].g.out_sp[2], 3);
    CHECK(outputs_fresh(&s));
    CHECK_INT(edit_set(&s, 0, EDIT_PADDING, "same", &e), 0);
    CHECK_INT(s.layer[0].p.padding, CONV_PAD_SAME);
    CHECK_INT(s.layer[0].g.out_sp[1], 2); /* ceil(5/3) */
    CHECK_INT(edit_set(&s, 0, EDIT_PADDING, "0", &e), 0);
    CHECK_INT(s.layer[0].g.out_sp[2], 2); /* (5 - 2 - 1)/2 + 1 */
    /* one side only: explicit, the other sides keep their amounts */
    CHECK_INT(edit_set(&s, 0, EDIT_PADDING, "full", &e), 0);
    CHECK_INT(s.layer[0].g.pad_lo[2], 2);
    CHECK_INT(edit_step(&s, 0, EDIT_PAD_W_LO, -1, &e), 0);
    CHECK_INT(s.layer[0].p.padding, CONV_PAD_AMOUNT);
    CHECK_INT(s.layer[0].g.pad_lo[2], 1);
    CHECK_INT(s.layer[0].g.pad_hi[2], 2);
    CHECK_INT(s.layer[0].g.pad_lo[1], 2);
    edit_get(&s, 0, EDIT_PADDING, buf, sizeof buf);
    CHECK_STR(buf, "explicit");
    CHECK(outputs_fresh(&s));
    /* cycling the choice: explicit -> valid */
    CHECK_INT(edit_step(&s, 0, EDIT_PADDING, 1, &e), 0);
    CHECK_INT(s.layer[0].p.padding, CONV_PAD_VALID);
    CHECK(round_trip(&s));
    scene_free(&s);
}

/* causal: conv1d's own padding; stepping a conv2d passes it by, typing it
 * is refused with the core's reason, the layer kept. */
static void test_causal(void) {
    scene s = make_default(), s1;
    errmsg e = {""};
    conv_params p;
    int sp[CONV_SP] = {1, 1, 8};
    CHECK_INT(edit_set(&s, 0, EDIT_PADDING, "full", &e), 0);
    CHECK_INT(edit_step(&s, 0, EDIT_PADDING, 1, &e), 0);
    CHECK_INT(s.layer[0].p.padding, CONV_PAD_AMOUNT); /* full -> (causal skipped) -> explicit */
    CHECK_INT(edit_set(&s, 0, EDIT_PADDING, "causal", &e), -1);
    CHECK_STR(e.msg, "padding = causal: layers[0].padding: 'causal' is for conv1d only, this layer is conv2d");
    CHECK_INT(s.layer[0].p.padding, CONV_PAD_AMOUNT);
    CHECK_INT(edit_set(&s, 0, EDIT_PADDING, "half", &e), -1);
    CHECK_STR(e.msg, "padding: 'half' is not one of explicit, valid, same, full, causal");
    scene_free(&s);
    conv_params_init(&p, CONV_1D);
    p.kernel[2] = 3;
    p.dilation[2] = 2;
    CHECK_INT(scene_make(&s1, &p, 1, sp, 1, &e), 0);
    CHECK_INT(edit_set(&s1, 0, EDIT_PADDING, "full", &e), 0);
    CHECK_INT(edit_step(&s1, 0, EDIT_PADDING, 1, &e), 0);
    CHECK_INT(s1.layer[0].p.padding, CONV_PAD_CAUSAL);
    CHECK_INT(s1.layer[0].g.pad_lo[2], 4);
    CHECK_INT(s1.layer[0].g.pad_hi[2], 0);
    CHECK_INT(s1.layer[0].g.out_sp[2], 8);
    CHECK(outputs_fresh(&s1));
    CHECK(round_trip(&s1));
    scene_free(&s1);
}

/* Switching the kind keeps what can be kept: the W axis from conv2d to
 * conv1d (the input's first row), a square from a line back, a cube from
 * a square; causal padding turns into its explicit amounts. */
static void test_kind(void) {
    scene s = make_default();
    errmsg e = {""};
    double row[3][5];
    char buf[32];
    for (int c = 0; c < 3; c++)
        for (int x = 0; x < 5; x++) row[c][x] = s.input[c * 25 + x];
    CHECK(edit_field_used(&s, 0, EDIT_TYPE));
    CHECK_INT(edit_set(&s, 0, EDIT_TYPE, "conv1d", &e), 0);
    CHECK_INT(s.layer[0].p.kind, CONV_1D);
    CHECK_INT(s.in_sp[1], 1);
    CHECK_INT(s.in_sp[2], 5);
    CHECK_INT(s.layer[0].p.kernel[1], 1);
    CHECK_INT(s.layer[0].p.kernel[2], 3);
    CHECK_INT(s.layer[0].p.stride[2], 2);
    CHECK_INT(s.layer[0].g.pad_lo[2], 1);
    CHECK_INT(s.layer[0].g.out_sp[2], 3);
    for (int c = 0; c < 3; c++)
        for (int x = 0; x < 5; x++) CHECK_NEAR(s.input[c * 5 + x], row[c][x], 0);
    CHECK(!edit_field_used(&s, 0, EDIT_IN_H));
    CHECK(outputs_fresh(&s));
    CHECK(round_trip(&s));
    CHECK_INT(edit_set(&s, 0, EDIT_PADDING, "causal", &e), 0);
    CHECK_INT(edit_set(&s, 0, EDIT_TYPE, "conv2d", &e), 0);
    CHECK_INT(s.layer[0].p.padding, CONV_PAD_AMOUNT);
    CHECK_INT(s.layer[0].g.pad_lo[1], 2);
    CHECK_INT(s.layer[0].g.pad_hi[1], 0);
    CHECK_INT(s.layer[0].g.pad_lo[2], 2);
    CHECK_INT(s.in_sp[1], 5);
    CHECK_INT(s.layer[0].p.kernel[1], 3);
    for (int c = 0; c < 3; c++)
        for (int x = 0; x < 5; x++) CHECK_NEAR(s.input[c * 25 + x], row[c][x], 0);
    CHECK_INT(edit_step(&s, 0, EDIT_TYPE, 1, &e), 0); /* conv2d -> conv3d */
    CHECK_INT(s.layer[0].p.kind, CONV_3D);
    CHECK_INT(s.in_sp[0], 5);
    CHECK_INT(s.layer[0].p.kernel[0], 3);
    CHECK_INT(s.layer[0].g.out_sp[0], 3); /* (5 + 2 + 0 - 1*(3-1) - 1)/2 + 1 */
    CHECK(outputs_fresh(&s));
    CHECK_INT(edit_set(&s, 0, EDIT_TYPE, "conv_transpose2d", &e), 0);
    CHECK_INT(s.in_sp[0], 1);
    CHECK_INT(s.layer[0].p.kernel[0], 1);
    edit_get(&s, 0, EDIT_TYPE, buf, sizeof buf);
    CHECK_STR(buf, "conv_transpose2d");
    CHECK(outputs_fresh(&s));
    CHECK(round_trip(&s));
    scene_free(&s);
}

static void test_errors(void) {
    scene s = make_default(), before = make_default();
    errmsg e = {""};
    CHECK_INT(edit_set(&s, 0, EDIT_KERNEL_H, "9", &e), -1);
    CHECK_HAS(e.msg, "kernel H = 9: ");
    CHECK_HAS(e.msg, "(5 + 2*1 - 1*(9-1) - 1)/2 + 1 = 0");
    CHECK(strncmp(e.msg, "kernel H", 8) == 0);
    CHECK(scene_eq(&s, &before));
    CHECK_INT(edit_set(&s, 0, EDIT_GROUPS, "2", &e), -1);
    CHECK_STR(e.msg, "groups = 2: layers[0].groups: in_channels 3 is not divisible by groups 2");
    CHECK_INT(edit_set(&s, 0, EDIT_STRIDE_W, "abc", &e), -1);
    CHECK_STR(e.msg, "stride W: 'abc' is not a whole number");
    CHECK_INT(edit_set(&s, 0, EDIT_ACTIVATION, "gelu", &e), -1);
    CHECK_STR(e.msg, "activation: 'gelu' is not one of none, relu, sigmoid, tanh");
    CHECK_INT(edit_step(&s, 0, EDIT_STRIDE_H, -2, &e), -1);
    CHECK_HAS(e.msg, "stride H = 0: layers[0].stride: must be at least 1, got 0");
    CHECK_INT(edit_set(&s, 0, EDIT_KERNEL_D, "3", &e), -1);
    CHECK_STR(e.msg, "kernel D: not a parameter of layer 0 (conv2d)");
    CHECK_INT(edit_set(&s, 0, EDIT_IN_W, "100000", &e), -1);
    CHECK_STR(e.msg, "input W = 100000: must be at most 4096");
    CHECK_INT(edit_set(&s, 0, EDIT_PADMODE, "reflect", &e), 0);
    CHECK_INT(edit_set(&s, 0, EDIT_PADDING, "5", &e), -1);
    CHECK_HAS(e.msg, "padding = 5: layers[0].padding: reflect padding 5 on H must be less than the input size 5");
    CHECK_INT(s.layer[0].p.padding_mode, CONV_MODE_REFLECT);
    CHECK_INT(s.layer[0].g.pad_lo[1], 1);
    scene_free(&s);
    scene_free(&before);
}

static void test_reshape_keeps_values(void) {
    scene s = make_default(), old = make_default();
    errmsg e = {""};
    const conv_geom *g;
    CHECK_INT(edit_step(&s, 0, EDIT_FILTERS, 1, &e), 0);
    CHECK_INT(s.layer[0].g.out_c, 3);
    CHECK(arrays_eq(s.layer[0].weight, old.layer[0].weight, old.layer[0].g.weight_count));
    CHECK_NEAR(s.layer[0].bias[0], 1, 0);
    CHECK_NEAR(s.layer[0].bias[1], 0, 0);
    CHECK(s.layer[0].weight[2 * 27] >= -1 && s.layer[0].weight[2 * 27] <= 1);
    /* kernel 3 -> 4 wide: tap (ky, kx) keeps its value where kx < 3 */
    CHECK_INT(edit_step(&s, 0, EDIT_KERNEL_W, 1, &e), 0);
    g = &s.layer[0].g;
    CHECK_INT(g->kvol, 12);
    CHECK_NEAR(s.layer[0].weight[conv_weight_index(g, 1, 2, 2 * 4 + 1)],
               old.layer[0].weight[conv_weight_index(&old.layer[0].g, 1, 2, 2 * 3 + 1)], 0);
    /* channels 3 -> 1 -> 3: channel 0 of the input is kept throughout */
    CHECK_INT(edit_set(&s, 0, EDIT_CHANNELS, "1", &e), 0);
    CHECK_INT(s.layer[0].g.cpg, 1);
    CHECK(arrays_eq(s.input, old.input, 25));
    CHECK_INT(edit_set(&s, 0, EDIT_CHANNELS, "3", &e), 0);
    CHECK(arrays_eq(s.input, old.input, 25));
    CHECK(outputs_fresh(&s));
    /* bias off frees the values, back on fills new ones */
    CHECK_INT(edit_set(&s, 0, EDIT_BIAS, "off", &e), 0);
    CHECK(s.layer[0].bias == NULL);
    CHECK_INT(edit_set(&s, 0, EDIT_BIAS, "true", &e), 0);
    CHECK(s.layer[0].bias != NULL);
    CHECK(round_trip(&s));
    scene_free(&s);
    scene_free(&old);
}

static void test_values(void) {
    scene s = make_default();
    errmsg e = {""};
    const conv_geom *g = &s.layer[0].g;
    double img[75];
    CHECK_INT(edit_set_value(&s, 0, EDIT_INPUT, 0, 10, &e), 0);
    CHECK_NEAR(s.input[0], 10, 0);
    CHECK(outputs_fresh(&s));
    CHECK_INT(edit_set_value(&s, 0, EDIT_WEIGHT, 5, -3.5, &e), 0);
    CHECK_NEAR(s.layer[0].weight[5], -3.5, 0);
    CHECK_INT(edit_set_value(&s, 0, EDIT_BIASES, 1, 0.25, &e), 0);
    CHECK_NEAR(s.layer[0].bias[1], 0.25, 0);
    CHECK_INT(edit_set_value(&s, 0, EDIT_WEIGHT, 54, 1, &e), -1);
    CHECK_STR(e.msg, "index: 54 is outside 0..53");
    CHECK(outputs_fresh(&s));
    CHECK_INT(edit_kernel_preset(&s, 0, 1, 2, EDIT_PRESET_SOBEL_X, &e), 0);
    CHECK_NEAR(s.layer[0].weight[conv_weight_index(g, 1, 2, 3)], -2, 0);
    CHECK_NEAR(s.layer[0].weight[conv_weight_index(g, 1, 2, 5)], 2, 0);
    CHECK_NEAR(s.layer[0].weight[conv_weight_index(g, 1, 2, 4)], 0, 0);
    CHECK_INT(edit_kernel_preset(&s, 0, 0, 0, EDIT_PRESET_GAUSSIAN, &e), 0);
    CHECK_NEAR(s.layer[0].weight[4], 0.25, 0);
    CHECK_NEAR(s.layer[0].weight[0], 0.0625, 0);
    CHECK_INT(edit_kernel_preset(&s, 0, 0, 1, EDIT_PRESET_BOX, &e), 0);
    CHECK_NEAR(s.layer[0].weight[9 + 8], 1.0 / 9, 1e-15);
    CHECK_INT(edit_kernel_preset(&s, 0, 0, 3, EDIT_PRESET_BOX, &e), -1);
    CHECK_STR(e.msg, "channel: 3 is outside 0..2");
    CHECK(outputs_fresh(&s));
    CHECK(round_trip(&s));
    /* a 1x1 kernel takes the centre of the 3x3 */
    CHECK_INT(edit_set(&s, 0, EDIT_KERNEL_H, "1", &e), 0);
    CHECK_INT(edit_set(&s, 0, EDIT_KERNEL_W, "1", &e), 0);
    CHECK_INT(edit_kernel_preset(&s, 0, 0, 0, EDIT_PRESET_LAPLACIAN, &e), 0);
    CHECK_NEAR(s.layer[0].weight[0], -4, 0);
    /* randomize: the same seed gives the same scene */
    {
        scene t;
        CHECK_INT(scene_copy(&t, &s, &e), 0);
        CHECK_INT(edit_randomize(&s, 42, &e), 0);
        CHECK_INT(edit_randomize(&t, 42, &e), 0);
        CHECK(scene_eq(&s, &t));
        CHECK_INT(edit_randomize(&t, 43, &e), 0);
        CHECK(!scene_eq(&s, &t));
        scene_free(&t);
    }
    for (int i = 0; i < 75; i++) img[i] = i / 74.0;
    CHECK_INT(edit_set_input(&s, img, &e), 0);
    CHECK_NEAR(s.input[74], 1, 0);
    CHECK(outputs_fresh(&s));
    scene_free(&s);
}

static void test_map_step(void) {
    scene s = make_default();
    errmsg e = {""};
    conv_geom old = s.layer[0].g;
    /* filter 1, cell (1, 1) = 4, channel 2: (9 + 4)*3 + 2 */
    int64_t step = (9 + 4) * 3 + 2;
    CHECK_INT(edit_set(&s, 0, EDIT_STRIDE_H, "1", &e), 0);
    CHECK_INT(edit_set(&s, 0, EDIT_STRIDE_W, "1", &e), 0);
    /* 5x5 output: cell (1, 1) = 6 */
    CHECK_INT(edit_map_step(&old, &s.layer[0].g, SCHED_CHANNEL, step), (25 + 6) * 3 + 2);
    /* back: a cell that no longer exists clamps */
    {
        conv_geom big = s.layer[0].g;
        int64_t last_cell = (25 + 24) * 3; /* filter 1, cell (4, 4), channel 0 */
        CHECK_INT(edit_map_step(&big, &old, SCHED_CHANNEL, last_cell), (9 + 8) * 3);
        CHECK_INT(edit_map_step(&big, &old, SCHED_MAC, 1000000), sched_count(&old, SCHED_MAC) - 1);
    }
    /* fewer filters and channels */
    old = s.layer[0].g;
    CHECK_INT(edit_set(&s, 0, EDIT_FILTERS, "1", &e), 0);
    CHECK_INT(edit_set(&s, 0, EDIT_CHANNELS, "1", &e), 0);
    CHECK_INT(edit_map_step(&old, &s.layer[0].g, SCHED_CHANNEL, (25 + 6) * 3 + 2), 6);
    scene_free(&s);
}

/* ---- random edit sequences ---- */

static const char *const words[] = {"valid", "same", "full", "explicit", "zeros", "reflect", "replicate",
                                    "circular", "on", "off", "relu", "tanh", "HWC", "CHW", "x", ""};

static void random_edits(scene *s, uint64_t seed, int n) {
    uint64_t rng = seed;
    int ok = 0, bad = 0, named = 0, kept = 0, fresh = 0, trips = 0;
    for (int i = 0; i < n; i++) {
        errmsg e = {""};
        scene before;
        int layer = (int)(tensor_rng_next(&rng) % (uint64_t)s->nlayers);
        edit_field f = (edit_field)(tensor_rng_next(&rng) % EDIT_FIELD_COUNT);
        uint64_t r = tensor_rng_next(&rng);
        int rc;
        char text[32];
        if (scene_copy(&before, s, &e)) break;
        if (r % 3 == 0) {
            snprintf(text, sizeof text, "%d", (int)(r / 3 % 9) - 1);
            rc = edit_set(s, layer, f, text, &e);
        } else if (r % 3 == 1) {
            rc = edit_set(s, layer, f, words[r / 3 % (sizeof words / sizeof words[0])], &e);
        } else {
            rc = edit_step(s, layer, f, (int)(r / 3 % 5) - 2, &e);
        }
        if (rc == 0) {
            ok++;
            fresh += outputs_fresh(s);
            if (scene_resolve(s, &e) != 0) fprintf(stderr, "invalid after an edit: %s\n", e.msg);
            if (i % 10 == 0) {
                trips++;
                if (round_trip(s)) kept++; /* counted with the unchanged cases below */
                else fprintf(stderr, "round trip differs after edit %d\n", i);
            }
        } else {
            const char *label = edit_field_label(s, layer, f);
            bad++;
            named += strncmp(e.msg, label, strlen(label)) == 0 || strncmp(e.msg, "layer", 5) == 0;
            if (strncmp(e.msg, label, strlen(label)) != 0) fprintf(stderr, "unnamed: %s\n", e.msg);
            kept += scene_eq(s, &before);
        }
        scene_free(&before);
    }
    CHECK_INT(fresh, ok);
    CHECK_INT(named, bad);
    CHECK_INT(kept, bad + trips);
    CHECK(ok > n / 10);
    CHECK(bad > n / 10);
}

static void test_random(void) {
    errmsg e = {""};
    for (uint64_t seed = 1; seed <= 6; seed++) {
        scene s = make_default();
        random_edits(&s, seed, 300);
        scene_free(&s);
    }
    {
        scene s;
        scene_init(&s);
        if (sceneio_load(&s, TEST_ASSETS "/scenes/keras-8x8x3-two-layers.json", &e) == 0) {
            random_edits(&s, 99, 400);
            scene_free(&s);
        } else {
            CHECK_STR(e.msg, "");
        }
    }
    {
        scene s;
        conv_params p;
        int sp[CONV_SP] = {1, 4, 4};
        conv_params_init(&p, CONV_TRANSPOSE_2D);
        p.kernel[1] = p.kernel[2] = 3;
        p.stride[1] = p.stride[2] = 2;
        p.filters = 2;
        CHECK_INT(scene_make(&s, &p, 2, sp, 5, &e), 0);
        random_edits(&s, 7, 300);
        scene_free(&s);
    }
    {
        scene s;
        conv_params p;
        int sp[CONV_SP] = {3, 4, 4};
        conv_params_init(&p, CONV_3D);
        p.kernel[0] = p.kernel[1] = p.kernel[2] = 2;
        CHECK_INT(scene_make(&s, &p, 1, sp, 5, &e), 0);
        random_edits(&s, 8, 300);
        scene_free(&s);
    }
}

/* Undo / redo: every edit back and forth, through the public API. */
static void test_history(void) {
    scene s = make_default(), orig = make_default(), copy;
    edit_history h;
    errmsg e = {""};
    uint64_t id0;
    CHECK_INT(edit_history_init(&h, EDIT_HISTORY_LEVELS, EDIT_HISTORY_BUDGET, &e), 0);
    CHECK(!edit_history_can_undo(&h) && !edit_history_can_redo(&h));
    CHECK_INT(edit_history_undo(&h, &s), 0);
    CHECK_INT(edit_history_redo(&h, &s), 0);
    id0 = edit_history_id(&h);
    /* a kernel shrunk and grown again: new taps get new values ... */
    CHECK_INT(scene_copy(&copy, &s, &e), 0);
    CHECK_INT(edit_set(&s, 0, EDIT_KERNEL_H, "1", &e), 0);
    edit_history_push(&h, &copy);
    CHECK(copy.input == NULL && copy.nlayers == 0);
    CHECK(edit_history_id(&h) != id0);
    CHECK_INT(scene_copy(&copy, &s, &e), 0);
    CHECK_INT(edit_set(&s, 0, EDIT_KERNEL_H, "3", &e), 0);
    edit_history_push(&h, &copy);
    CHECK_INT(s.layer[0].g.kvol, 9);
    /* ... and undo gives the old weights back, step by step */
    CHECK_INT(edit_history_undo(&h, &s), 1);
    CHECK_INT(s.layer[0].p.kernel[1], 1);
    CHECK_INT(edit_history_undo(&h, &s), 1);
    CHECK_INT(s.layer[0].p.kernel[1], 3);
    CHECK(scene_eq(&s, &orig));
    CHECK(edit_history_id(&h) == id0);
    CHECK_INT(edit_history_undo(&h, &s), 0);
    /* redo goes forward again, to the grown kernel */
    CHECK_INT(edit_history_redo(&h, &s), 1);
    CHECK_INT(s.layer[0].p.kernel[1], 1);
    CHECK_INT(edit_history_redo(&h, &s), 1);
    CHECK_INT(s.layer[0].p.kernel[1], 3);
    CHECK(!scene_eq(&s, &orig));
    CHECK_INT(edit_history_redo(&h, &s), 0);
    /* a new edit after an undo forgets what could be redone */
    CHECK_INT(edit_history_undo(&h, &s), 1);
    CHECK_INT(scene_copy(&copy, &s, &e), 0);
    CHECK_INT(edit_set_value(&s, 0, EDIT_WEIGHT, 0, 7, &e), 0);
    edit_history_push(&h, &copy);
    CHECK(!edit_history_can_redo(&h));
    CHECK_INT(edit_history_undo(&h, &s), 1);
    CHECK_INT(s.layer[0].p.kernel[1], 1);
    /* clear (another scene opened): nothing to undo */
    edit_history_clear(&h);
    CHECK(!edit_history_can_undo(&h) && !edit_history_can_redo(&h));
    edit_history_free(&h);
    scene_free(&s);
    scene_free(&orig);
}

/* At least 100 levels: 150 edits in a 128-slot ring undo 128 of them. */
static void test_history_levels(void) {
    scene s = make_default(), copy;
    edit_history h;
    errmsg e = {""};
    int n = 0;
    CHECK(EDIT_HISTORY_LEVELS >= 100);
    CHECK_INT(edit_history_init(&h, EDIT_HISTORY_LEVELS, EDIT_HISTORY_BUDGET, &e), 0);
    for (int i = 1; i <= 150; i++) {
        CHECK_INT(scene_copy(&copy, &s, &e), 0);
        CHECK_INT(edit_set_value(&s, 0, EDIT_INPUT, 0, i, &e), 0);
        edit_history_push(&h, &copy);
    }
    while (edit_history_undo(&h, &s)) n++;
    CHECK_INT(n, EDIT_HISTORY_LEVELS);
    CHECK_NEAR(s.input[0], 150 - EDIT_HISTORY_LEVELS, 0);
    CHECK(outputs_fresh(&s));
    n = 0;
    while (edit_history_redo(&h, &s)) n++;
    CHECK_INT(n, EDIT_HISTORY_LEVELS);
    CHECK_NEAR(s.input[0], 150, 0);
    edit_history_free(&h);
    /* a budget of about two scenes keeps the newest two, never none */
    CHECK_INT(edit_history_init(&h, EDIT_HISTORY_LEVELS, 2 * sizeof(scene) + 4096, &e), 0);
    for (int i = 0; i < 5; i++) {
        CHECK_INT(scene_copy(&copy, &s, &e), 0);
        CHECK_INT(edit_set_value(&s, 0, EDIT_INPUT, 0, 200 + i, &e), 0);
        edit_history_push(&h, &copy);
    }
    n = 0;
    while (edit_history_undo(&h, &s)) n++;
    CHECK_INT(n, 2);
    CHECK_NEAR(s.input[0], 202, 0);
    edit_history_free(&h);
    CHECK_INT(edit_history_init(&h, 4, 1, &e), 0);
    CHECK_INT(scene_copy(&copy, &s, &e), 0);
    edit_history_push(&h, &copy);
    CHECK_INT(edit_history_undo(&h, &s), 1);
    edit_history_free(&h);
    CHECK_INT(edit_history_init(&h, 0, 1, &e), -1);
    CHECK_HAS(e.msg, "history");
    scene_free(&s);
}

/* Growing a kernel keeps every weight at its (ky, kx) and fills only the
 * new taps; growing it after shrinking gives new values, undo the old. */
static void test_kernel_grow(void) {
    scene s = make_default(), old = make_default();
    errmsg e = {""};
    const conv_geom *g, *og = &old.layer[0].g;
    CHECK_INT(edit_set(&s, 0, EDIT_KERNEL_H, "5", &e), 0);
    CHECK_INT(edit_set(&s, 0, EDIT_KERNEL_W, "4", &e), 0);
    g = &s.layer[0].g;
    CHECK_INT(g->kvol, 20);
    for (int f = 0; f < 2; f++)
        for (int c = 0; c < 3; c++)
            for (int ky = 0; ky < 3; ky++)
                for (int kx = 0; kx < 3; kx++)
                    CHECK_NEAR(s.layer[0].weight[conv_weight_index(g, f, c, ky * 4 + kx)],
                               old.layer[0].weight[conv_weight_index(og, f, c, ky * 3 + kx)], 0);
    /* the new taps are small integers in -1..1 */
    for (int ky = 0; ky < 5; ky++)
        for (int kx = 0; kx < 4; kx++) {
            double w = s.layer[0].weight[conv_weight_index(g, 1, 2, ky * 4 + kx)];
            CHECK(w == -1 || w == 0 || w == 1);
        }
    scene_free(&s);
    scene_free(&old);
}

/* The panel's preset row: the preset the weights are, or custom. */
static void test_kernel_which(void) {
    scene s = make_default();
    errmsg e = {""};
    CHECK_INT(edit_kernel_which(&s, 0, 0), -1); /* random weights */
    for (int p = 0; p < EDIT_PRESET_COUNT; p++) {
        for (int c = 0; c < 3; c++) CHECK_INT(edit_kernel_preset(&s, 0, 0, c, (edit_preset)p, &e), 0);
        CHECK_INT(edit_kernel_which(&s, 0, 0), p);
        CHECK_INT(edit_kernel_which(&s, 0, 1), -1);
    }
    /* one channel differs: custom */
    CHECK_INT(edit_kernel_preset(&s, 0, 0, 1, EDIT_PRESET_SOBEL_X, &e), 0);
    CHECK_INT(edit_kernel_which(&s, 0, 0), -1);
    /* Sobel x everywhere, then one weight changed */
    CHECK_INT(edit_kernel_preset(&s, 0, 0, 0, EDIT_PRESET_SOBEL_X, &e), 0);
    CHECK_INT(edit_kernel_preset(&s, 0, 0, 2, EDIT_PRESET_SOBEL_X, &e), 0);
    CHECK_INT(edit_kernel_which(&s, 0, 0), EDIT_PRESET_SOBEL_X);
    CHECK_INT(edit_set_value(&s, 0, EDIT_WEIGHT, 0, 5, &e), 0);
    CHECK_INT(edit_kernel_which(&s, 0, 0), -1);
    /* a 5x5 box blur is still box blur */
    CHECK_INT(edit_set(&s, 0, EDIT_KERNEL_H, "5", &e), 0);
    CHECK_INT(edit_set(&s, 0, EDIT_KERNEL_W, "5", &e), 0);
    for (int c = 0; c < 3; c++) CHECK_INT(edit_kernel_preset(&s, 0, 1, c, EDIT_PRESET_BOX, &e), 0);
    CHECK_INT(edit_kernel_which(&s, 0, 1), EDIT_PRESET_BOX);
    CHECK_INT(edit_kernel_which(&s, 0, 2), -1);
    CHECK_INT(edit_kernel_which(&s, 1, 0), -1);
    scene_free(&s);
}

/* A weight or bias typed in recomputes one filter's map (and the layers
 * after it): the numbers are those of the whole forward pass, to the bit. */
static void test_value_recompute(void) {
    uint64_t st = 11;
    int checked = 0;
    for (int n = 0; n < 40; n++) {
        scene s, full;
        conv_params p;
        errmsg e;
        int sp[CONV_SP] = {1, 3 + (int)(tensor_rng_next(&st) % 6), 3 + (int)(tensor_rng_next(&st) % 6)};
        int in_c = 1 + (int)(tensor_rng_next(&st) % 4);
        conv_params_init(&p, CONV_2D);
        p.kernel[1] = p.kernel[2] = 1 + (int)(tensor_rng_next(&st) % 3);
        p.filters = 2 * (1 + (int)(tensor_rng_next(&st) % 3));
        p.groups = in_c % 2 == 0 && tensor_rng_next(&st) % 2 ? 2 : 1;
        p.padding = CONV_PAD_SAME;
        p.activation = (conv_act)(tensor_rng_next(&st) % CONV_ACT_COUNT);
        if (scene_make(&s, &p, in_c, sp, tensor_rng_next(&st), &e)) continue;
        {
            const conv_geom *g = &s.layer[0].g;
            int64_t wi = (int64_t)(tensor_rng_next(&st) % (uint64_t)g->weight_count);
            int fb = (int)(tensor_rng_next(&st) % (uint64_t)g->out_c);
            CHECK_INT(edit_set_value(&s, 0, EDIT_WEIGHT, wi, 0.375 * (double)(n - 20), &e), 0);
            CHECK_INT(edit_set_value(&s, 0, EDIT_BIASES, fb, -1.25, &e), 0);
            CHECK_INT(scene_copy(&full, &s, &e), 0);
            CHECK_INT(scene_compute(&full, &e), 0);
            checked += CHECK(memcmp(full.layer[0].out, s.layer[0].out,
                                    sizeof(double) * (size_t)(g->out_c * g->out_cells)) == 0);
            scene_free(&full);
        }
        scene_free(&s);
    }
    CHECK(checked >= 30);
}

int main(void) {
    test_get();
    test_stride_and_padding();
    test_causal();
    test_kind();
    test_errors();
    test_reshape_keeps_values();
    test_values();
    test_map_step();
    test_random();
    test_history();
    test_history_levels();
    test_kernel_grow();
    test_kernel_which();
    test_value_recompute();
    return check_done();
}
