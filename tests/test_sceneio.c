#include "check.h"
#include "fileio.h"
#include "sceneio.h"

#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <stb_image_write.h>

/* Scenes are written with ' for " so they read like JSON. */
static char *q(const char *src) {
    size_t n = strlen(src);
    char *s = malloc(n + 1);
    for (size_t i = 0; i <= n; i++) s[i] = src[i] == '\'' ? '"' : src[i];
    return s;
}

static int parse(scene *s, const char *json, errmsg *e) {
    char *t = q(json);
    int rc = sceneio_parse(s, t, strlen(t), NULL, e);
    free(t);
    return rc;
}

static void expect_error(const char *json, const char *msg) {
    scene s;
    errmsg e = {{0}};
    if (!CHECK_INT(parse(&s, json, &e), -1)) {
        fprintf(stderr, "  scene: %s\n", json);
        scene_free(&s);
        return;
    }
    CHECK_STR(e.msg, msg);
    CHECK(s.input == NULL && s.nlayers == 0);
}

static int64_t in_count(const scene *s) {
    return (int64_t)s->in_c * s->in_sp[0] * s->in_sp[1] * s->in_sp[2];
}

static const double tf_out[4][4][2] = {
    {{10, 1.9}, {10, 2.2}, {6, 1.6}, {6, 2}},
    {{12, 1.4}, {15, 2.2}, {13, 2.7}, {13, 1.7}},
    {{7, 1.7}, {11, 1.3}, {16, 1.3}, {7, 1}},
    {{10, 0.6}, {7, 1.4}, {4, 1.5}, {7, 1.4}}};

static void check_tf_output(const scene *s) {
    const scene_layer *L = &s->layer[0];
    CHECK_INT(L->g.out_c, 2);
    CHECK_INT(L->g.out_sp[1], 4);
    CHECK_INT(L->g.out_sp[2], 4);
    CHECK(L->out != NULL);
    if (!L->out) return;
    for (int y = 0; y < 4; y++)
        for (int x = 0; x < 4; x++)
            for (int f = 0; f < 2; f++)
                CHECK_NEAR(L->out[f * 16 + y * 4 + x], tf_out[y][x][f], 1e-9);
}

static void test_tf_example(void) {
    scene s;
    errmsg e = {{0}};
    CHECK_INT(sceneio_load(&s, TEST_ASSETS "/scenes/seeds-tf-nn-conv2d.json", &e), 0);
    CHECK_STR(e.msg, "");
    CHECK_INT(s.layout, SCENE_HWC);
    CHECK_INT(s.in_c, 1);
    CHECK_INT(s.in_sp[0], 1);
    CHECK_INT(s.in_sp[1], 5);
    CHECK_INT(s.in_sp[2], 5);
    CHECK_INT(s.layer[0].p.bias, 0);
    CHECK(s.layer[0].bias == NULL);
    /* weights [kh][kw][c][f] in the file; [f][c][kh][kw] in the core */
    CHECK_NEAR(s.layer[0].weight[0 * 4 + 1], 3, 0);
    CHECK_NEAR(s.layer[0].weight[1 * 4 + 3], 0.4, 0);
    check_tf_output(&s);
    scene_free(&s);

    /* The same scene in CHW order gives the same numbers. */
    CHECK_INT(parse(&s,
        "{'input': {'shape': [1, 5, 5], 'data': [[[2,1,2,0,1],[1,3,2,2,3],[1,1,3,3,0],"
        "[2,2,0,1,1],[0,0,3,1,2]]]},"
        " 'layers': [{'type': 'conv2d', 'filters': 2, 'kernel_size': [2, 2], 'bias': false,"
        " 'weights': [[[[2, 3], [0, 1]]], [[[0.1, 0.2], [0.3, 0.4]]]]}]}", &e), 0);
    CHECK_STR(e.msg, "");
    CHECK_INT(s.layout, SCENE_CHW);
    check_tf_output(&s);
    scene_free(&s);
}

static void test_kernel_51(void) {
    scene s;
    errmsg e = {{0}};
    CHECK_INT(sceneio_load(&s, TEST_ASSETS "/scenes/seeds-kernel-51.json", &e), 0);
    CHECK_STR(e.msg, "");
    CHECK_INT(s.layer[0].g.out_sp[2], 3);
    CHECK_NEAR(s.layer[0].out[0], 51, 0);
    CHECK_NEAR(s.layer[0].out[1], 66, 0);
    CHECK_NEAR(s.layer[0].out[2 * 3 + 2], -2, 0);
    scene_free(&s);
}

static void test_default_scene(void) {
    scene s, d;
    errmsg e = {{0}};
    CHECK_INT(sceneio_load(&s, TEST_ASSETS "/scenes/default.json", &e), 0);
    CHECK_STR(e.msg, "");
    CHECK_INT(s.in_c, 3);
    CHECK_INT(s.layer[0].g.out_sp[1], 3);
    CHECK_INT(s.layer[0].g.out_sp[2], 3);
    CHECK_NEAR(s.layer[0].bias[0], 1, 0);
    CHECK_NEAR(s.layer[0].bias[1], 0, 0);
    /* default.json is the program's built-in default, written out. */
    CHECK_INT(scene_make_default(&d, &e), 0);
    CHECK_STR(s.title, d.title);
    CHECK(memcmp(s.input, d.input, 75 * sizeof(double)) == 0);
    CHECK(memcmp(s.layer[0].weight, d.layer[0].weight, 54 * sizeof(double)) == 0);
    CHECK(memcmp(s.layer[0].out, d.layer[0].out, 18 * sizeof(double)) == 0);
    scene_free(&d);
    scene_free(&s);
}

static void test_fills(void) {
    scene s, t;
    errmsg e = {{0}};
    tensor_fill f = {TENSOR_FILL_RANDOM, 2, -1, 1, 1};
    double want[2 * 2 * 9];

    /* ramp in CHW: 1..n in core order */
    CHECK_INT(parse(&s, "{'input': {'shape': [2, 2, 3], 'fill': 'ramp'},"
                        " 'layers': [{'type': 'conv2d', 'kernel_size': 1}]}", &e), 0);
    for (int i = 0; i < 12; i++) CHECK_NEAR(s.input[i], i + 1, 0);
    scene_free(&s);

    /* ramp in HWC: 1..n in file order [h][w][c], then permuted */
    CHECK_INT(parse(&s, "{'layout': 'HWC', 'input': {'shape': [2, 3, 2], 'fill': 'ramp'},"
                        " 'layers': [{'type': 'conv2d', 'kernel_size': 1}]}", &e), 0);
    for (int c = 0; c < 2; c++)
        for (int h = 0; h < 2; h++)
            for (int w = 0; w < 3; w++)
                CHECK_NEAR(s.input[(c * 2 + h) * 3 + w], 1 + (h * 3 + w) * 2 + c, 0);
    scene_free(&s);

    /* random: the defaults are small integers and the same on every parse;
     * omitted weights use seed = layer index + 1 */
    const char *r = "{'input': {'shape': [2, 4, 4], 'fill': 'random', 'seed': 5},"
                    " 'layers': [{'type': 'conv2d', 'filters': 2, 'kernel_size': 3, 'padding': 'same'},"
                    " {'type': 'conv2d', 'filters': 2, 'kernel_size': 3, 'bias_values': {'fill': 'random'}}]}";
    CHECK_INT(parse(&s, r, &e), 0);
    CHECK_INT(parse(&t, r, &e), 0);
    CHECK(memcmp(s.input, t.input, 32 * sizeof(double)) == 0);
    CHECK(memcmp(s.layer[1].out, t.layer[1].out, 2 * sizeof(double)) == 0);
    int zeros = 0, twos = 0, bad = 0;
    for (int i = 0; i < 32; i++) {
        zeros += s.input[i] == 0;
        twos += s.input[i] == 2;
        bad += !(s.input[i] == 0 || s.input[i] == 1 || s.input[i] == 2);
    }
    CHECK_INT(bad, 0);
    CHECK(zeros > 0 && twos > 0);
    tensor_fill_apply(&f, want, 36);
    CHECK(memcmp(s.layer[1].weight, want, 36 * sizeof(double)) == 0);
    CHECK_NEAR(s.layer[0].bias[0], 0, 0); /* bias_values omitted: zeros */
    CHECK(s.layer[1].bias[0] == 0 || s.layer[1].bias[0] == 1);
    scene_free(&s);
    scene_free(&t);

    /* min/max/integers, ones, zeros */
    CHECK_INT(parse(&s, "{'input': {'shape': [1, 3], 'fill': 'random', 'min': 0.5, 'max': 0.75},"
                        " 'layers': [{'type': 'conv1d', 'kernel_size': 1, 'weights': {'fill': 'ones'},"
                        " 'bias_values': {'fill': 'random', 'min': 10, 'max': 12}}]}", &e), 0);
    CHECK_STR(e.msg, "");
    for (int i = 0; i < 3; i++) CHECK(s.input[i] >= 0.5 && s.input[i] <= 0.75 && s.input[i] != 0.5);
    CHECK_NEAR(s.layer[0].weight[0], 1, 0);
    CHECK(s.layer[0].bias[0] == 10 || s.layer[0].bias[0] == 11 || s.layer[0].bias[0] == 12);
    scene_free(&s);
}

static void test_aliases(void) {
    scene s, t;
    errmsg e = {{0}};
    CHECK_INT(parse(&s, "{'data_format': 'channels_last', 'input': {'shape': [6, 6, 2], 'fill': 'ones'},"
                        " 'layers': [{'type': 'conv2d', 'out_channels': 3, 'in_channels': 2, 'kernel_size': [3, 2],"
                        " 'strides': [2, 1], 'dilation_rate': 1, 'use_bias': false, 'padding': 'SAME',"
                        " 'activation': 'linear'}]}", &e), 0);
    CHECK_STR(e.msg, "");
    CHECK_INT(parse(&t, "{'layout': 'HWC', 'input': {'shape': [6, 6, 2], 'fill': 'ones'},"
                        " 'layers': [{'type': 'conv2d', 'filters': 3, 'kernel_size': [3, 2],"
                        " 'stride': [2, 1], 'dilation': [1, 1], 'bias': false, 'padding': 'same',"
                        " 'activation': 'none'}]}", &e), 0);
    CHECK_INT(s.layout, SCENE_HWC);
    CHECK(memcmp(&s.layer[0].p, &t.layer[0].p, sizeof s.layer[0].p) == 0);
    CHECK_INT(s.layer[0].p.filters, 3);
    CHECK_INT(s.layer[0].p.kernel[1], 3);
    CHECK_INT(s.layer[0].p.kernel[2], 2);
    CHECK_INT(s.layer[0].p.stride[1], 2);
    CHECK_INT(s.layer[0].p.padding, CONV_PAD_SAME);
    CHECK_INT(s.layer[0].g.out_sp[1], 3);
    CHECK_INT(s.layer[0].g.out_sp[2], 6);
    scene_free(&s);
    scene_free(&t);

    /* padding forms */
    CHECK_INT(parse(&s, "{'input': {'shape': [1, 4, 4], 'fill': 'ramp'},"
                        " 'layers': [{'type': 'conv2d', 'kernel_size': 3, 'padding': [1, 2]},"
                        " {'type': 'conv2d', 'kernel_size': 2, 'padding': [[0, 1], 2]}]}", &e), 0);
    CHECK_STR(e.msg, "");
    CHECK_INT(s.layer[0].p.padding, CONV_PAD_AMOUNT);
    CHECK_INT(s.layer[0].p.pad[1][0], 1);
    CHECK_INT(s.layer[0].p.pad[1][1], 1);
    CHECK_INT(s.layer[0].p.pad[2][0], 2);
    CHECK_INT(s.layer[0].p.pad[2][1], 2);
    CHECK_INT(s.layer[0].p.pad[0][0], 0);
    CHECK_INT(s.layer[1].p.pad[1][0], 0);
    CHECK_INT(s.layer[1].p.pad[1][1], 1);
    CHECK_INT(s.layer[1].p.pad[2][0], 2);
    CHECK_INT(s.layer[1].g.out_sp[1], 4 + 1 - 1);
    CHECK_INT(s.layer[1].g.out_sp[2], 6 + 4 - 1);
    scene_free(&s);

    CHECK_INT(parse(&s, "{'input': {'shape': [1, 5, 5], 'fill': 'ramp'},"
                        " 'layers': [{'type': 'conv2d', 'kernel_size': 3, 'padding': 'Full'}]}", &e), 0);
    CHECK_INT(s.layer[0].g.out_sp[1], 7);
    scene_free(&s);
}

static void test_kinds(void) {
    scene s;
    errmsg e = {{0}};
    /* conv1d in HWC: input [W, C], weights [k, C, F] */
    CHECK_INT(parse(&s, "{'layout': 'HWC', 'input': {'shape': [4, 2], 'data': [[1, 10], [2, 20], [3, 30], [4, 40]]},"
                        " 'layers': [{'type': 'conv1d', 'filters': 1, 'kernel_size': 2, 'bias': false,"
                        " 'weights': [[[1], [0]], [[0], [1]]]}]}", &e), 0);
    CHECK_STR(e.msg, "");
    CHECK_INT(s.in_sp[0], 1);
    CHECK_INT(s.in_sp[1], 1);
    CHECK_INT(s.in_sp[2], 4);
    CHECK_NEAR(s.input[4], 10, 0);
    /* out[x] = in0[x] + in1[x+1] */
    CHECK_NEAR(s.layer[0].out[0], 1 + 20, 0);
    CHECK_NEAR(s.layer[0].out[2], 3 + 40, 0);
    scene_free(&s);

    /* conv3d */
    CHECK_INT(parse(&s, "{'input': {'shape': [1, 2, 2, 2], 'fill': 'ramp'},"
                        " 'layers': [{'type': 'conv3d', 'kernel_size': 2, 'weights': {'fill': 'ones'},"
                        " 'bias_values': [0.5]}]}", &e), 0);
    CHECK_STR(e.msg, "");
    CHECK_NEAR(s.layer[0].out[0], 36.5, 0);
    scene_free(&s);

    /* conv_transpose2d in HWC: weights [kh, kw, F, C] */
    CHECK_INT(parse(&s, "{'layout': 'HWC', 'input': {'shape': [1, 1, 2], 'data': [[[1, 2]]]},"
                        " 'layers': [{'type': 'conv_transpose2d', 'filters': 1, 'kernel_size': 2, 'bias': false,"
                        " 'weights': [[[[1, 10]], [[2, 20]]], [[[3, 30]], [[4, 40]]]]}]}", &e), 0);
    CHECK_STR(e.msg, "");
    CHECK_INT(s.layer[0].g.out_sp[1], 2);
    CHECK_NEAR(s.layer[0].out[0], 1 * 1 + 2 * 10, 0);
    CHECK_NEAR(s.layer[0].out[3], 1 * 4 + 2 * 40, 0);
    scene_free(&s);

    /* stacked layers read the previous output */
    CHECK_INT(parse(&s, "{'input': {'shape': [1, 3], 'data': [[1, 2, 3]]},"
                        " 'layers': [{'type': 'conv1d', 'kernel_size': 2, 'weights': [[[1, 1]]], 'bias_values': [1]},"
                        " {'type': 'conv1d', 'kernel_size': 2, 'weights': [[[1, -1]]], 'activation': 'relu', 'bias': false}]}",
                    &e), 0);
    CHECK_NEAR(s.layer[0].out[0], 4, 0);
    CHECK_NEAR(s.layer[0].out[1], 6, 0);
    CHECK_NEAR(s.layer[1].out[0], 0, 0);
    scene_free(&s);
}

static void test_errors(void) {
    const char *L = "'layers': [{'type': 'conv2d', 'kernel_size': 3}]";
    char buf[512];
    expect_error("", "line 1, column 1: invalid JSON at the end");
    expect_error("{\n  'title': 'x',\n  'layers' [1]\n}", "line 3, column 12: invalid JSON near \"[1]\"");
    expect_error("{'a': 1} x", "line 1, column 10: invalid JSON near \"x\"");
    expect_error("[1]", "scene: must be a JSON object {...}");
    expect_error("{'input': {'shape': [1, 3, 3], 'fill': 'ones'}, 'layerz': []}",
                 "layerz: unknown key (known: title, layout, data_format, input, layers)");
    expect_error("{'title': 'a', 'title': 'b'}", "title: duplicate key");
    expect_error("{'ti\\ntle': 1}", "ti?tle: unknown key (known: title, layout, data_format, input, layers)");
    expect_error("{'layout': 'NCHW', 'layers': []}", "layout: must be \"CHW\" or \"HWC\"");
    expect_error("{'layout': 'CHW', 'data_format': 'channels_first'}",
                 "layout: data_format is the same parameter; give only one");
    expect_error("{'input': {'shape': [1, 3, 3], 'fill': 'ones'}}", "layers: missing");
    expect_error("{'input': {'shape': [1, 3, 3], 'fill': 'ones'}, 'layers': []}",
                 "layers: must be a list of 1 to 16 layers");
    expect_error("{'layers': [{'type': 'conv2d', 'kernel_size': 3}]}", "input: missing");
    expect_error("{'input': {'shape': [1, 3, 3], 'fill': 'ones'}, 'layers': [{'type': 'conv4d'}]}",
                 "layers[0].type: must be \"conv1d\", \"conv2d\", \"conv3d\" or \"conv_transpose2d\"");
    expect_error("{'input': {'shape': [1, 3, 3], 'fill': 'ones'}, 'layers': [{'type': 'conv2d'}]}",
                 "layers[0].kernel_size: missing");
    expect_error("{'input': {'shape': [1, 3, 3], 'fill': 'ones'}, 'layers': [{'type': 'conv2d', 'kernel_size': [3]}]}",
                 "layers[0].kernel_size: must be a positive integer or a list of 2 of them");
    expect_error("{'input': {'shape': [1, 3, 3], 'fill': 'ones'}, 'layers': [{'type': 'conv2d', 'kernel_size': 1.5}]}",
                 "layers[0].kernel_size: must be a positive integer or a list of 2 of them");
    expect_error("{'input': {'shape': [1, 3, 3], 'fill': 'ones'}, 'layers': [{'type': 'conv2d', 'kernel_size': 1e9}]}",
                 "layers[0].kernel_size: too large (at most 16777216)");
    expect_error("{'input': {'shape': [1, 3, 3], 'fill': 'ones'}, 'layers': [{'type': 'conv2d', 'kernel_size': 1, 'filters': '2'}]}",
                 "layers[0].filters: must be a positive integer");
    expect_error("{'input': {'shape': [1, 3, 3], 'fill': 'ones'}, 'layers': [{'type': 'conv2d', 'kernel_size': 1,"
                 " 'filters': 2, 'out_channels': 2}]}",
                 "layers[0].filters: out_channels is the same parameter; give only one");
    expect_error("{'input': {'shape': [1, 3, 3], 'fill': 'ones'}, 'layers': [{'type': 'conv2d', 'kernel_size': 1, 'bias': 1}]}",
                 "layers[0].bias: must be true or false");
    expect_error("{'input': {'shape': [1, 3, 3], 'fill': 'ones'}, 'layers': [{'type': 'conv2d', 'kernel_size': 1, 'padding': 'half'}]}",
                 "layers[0].padding: must be \"valid\", \"same\", \"full\", \"causal\", a non-negative integer, "
                 "or a list of 2 integers or [before, after] pairs");
    expect_error("{'input': {'shape': [1, 3, 3], 'fill': 'ones'}, 'layers': [{'type': 'conv2d', 'kernel_size': 1, 'padding': -1}]}",
                 "layers[0].padding: must be \"valid\", \"same\", \"full\", \"causal\", a non-negative integer, "
                 "or a list of 2 integers or [before, after] pairs");
    expect_error("{'input': {'shape': [1, 3, 3], 'fill': 'ones'}, 'layers': [{'type': 'conv2d', 'kernel_size': 1, 'activation': 'gelu'}]}",
                 "layers[0].activation: must be \"none\", \"linear\", \"relu\", \"sigmoid\" or \"tanh\"");
    expect_error("{'input': {'shape': [1, 3, 3], 'fill': 'ones'}, 'layers': [{'type': 'conv2d', 'kernel_size': 1, 'padding_mode': 'wrap'}]}",
                 "layers[0].padding_mode: must be \"zeros\", \"reflect\", \"replicate\" or \"circular\"");
    expect_error("{'input': {'shape': [1, 3, 3], 'fill': 'ones'}, 'layers': [{'type': 'conv2d', 'kernel_size': 1, 'kernel': 3}]}",
                 "layers[0].kernel: unknown key (known: type, filters, out_channels, in_channels, kernel_size, "
                 "stride, strides, padding, padding_mode, dilation, dilation_rate, groups, bias, use_bias, "
                 "activation, output_padding, weights, bias_values)");
    expect_error("{'input': {'shape': [1, 3, 3], 'fill': 'ones'}, 'layers': [{'type': 'conv2d', 'kernel_size': 1,"
                 " 'bias': false, 'bias_values': [1]}]}",
                 "layers[0].bias_values: given, but bias is false");
    expect_error("{'input': {'shape': [2, 3, 3], 'fill': 'ones'}, 'layers': [{'type': 'conv2d', 'kernel_size': 1},"
                 " {'type': 'conv2d', 'kernel_size': 1, 'in_channels': 2}]}",
                 "layers[1].in_channels: 2, but the layer's input has 1 channels");
    expect_error("{'input': {'shape': [1, 3, 3], 'fill': 'ones'}, 'layers': [{'type': 'conv2d', 'kernel_size': 1},"
                 " {'type': 'conv1d', 'kernel_size': 1}]}",
                 "layers[1].type: conv1d after conv2d; all layers need the same number of spatial axes");

    /* input */
    snprintf(buf, sizeof buf, "{'input': {'shape': [3, 3], 'fill': 'ones'}, %s}", L);
    expect_error(buf, "input.shape: conv2d needs 3 dimensions [C, H, W], got 2");
    snprintf(buf, sizeof buf, "{'layout': 'HWC', 'input': {'shape': [3, 3], 'fill': 'ones'}, %s}", L);
    expect_error(buf, "input.shape: conv2d needs 3 dimensions [H, W, C], got 2");
    snprintf(buf, sizeof buf, "{'input': {'shape': [1, 0, 3], 'fill': 'ones'}, %s}", L);
    expect_error(buf, "input.shape: must be a list of positive integers");
    snprintf(buf, sizeof buf, "{'input': {'shape': [64, 1024, 1024], 'fill': 'ones'}, %s}", L);
    expect_error(buf, "input.shape: more than 16777216 values, the limit on a tensor");
    snprintf(buf, sizeof buf, "{'input': {'shape': [1, 3, 3]}, %s}", L);
    expect_error(buf, "input: needs exactly one of data, fill or image");
    snprintf(buf, sizeof buf, "{'input': {'shape': [1, 3, 3], 'fill': 'ones', 'image': 'a.png'}, %s}", L);
    expect_error(buf, "input: needs exactly one of data, fill or image");
    snprintf(buf, sizeof buf, "{'input': {'shape': [1, 3, 3], 'data': [], 'seed': 1}, %s}", L);
    expect_error(buf, "input.seed: only used with fill");
    snprintf(buf, sizeof buf, "{'input': {'shape': [1, 3, 3], 'fill': 'noise'}, %s}", L);
    expect_error(buf, "input.fill: must be \"random\", \"zeros\", \"ones\" or \"ramp\"");
    snprintf(buf, sizeof buf, "{'input': {'shape': [1, 3, 3], 'fill': 'random', 'seed': -1}, %s}", L);
    expect_error(buf, "input.seed: must be a whole number from 0 to 2^53");
    snprintf(buf, sizeof buf, "{'input': {'shape': [1, 3, 3], 'fill': 'random', 'min': 3}, %s}", L);
    expect_error(buf, "input.min: 3 is more than max 2");
    snprintf(buf, sizeof buf, "{'input': {'shape': [1, 3, 3], 'fill': 'random', 'min': 0.5, 'max': 1, 'integers': true}, %s}", L);
    expect_error(buf, "input.integers: true needs whole min and max");
    snprintf(buf, sizeof buf, "{'input': {'shape': [1, 2, 5], 'fill': 'ones', 'colour': 1}, %s}", L);
    expect_error(buf, "input.colour: unknown key (known: shape, data, fill, seed, min, max, integers, image)");
    snprintf(buf, sizeof buf, "{'input': {'shape': [4, 5, 5], 'image': 'a.png'}, %s}", L);
    expect_error(buf, "input.image: needs 1 or 3 channels, the input has 4");
    expect_error("{'input': {'shape': [1, 5], 'image': 'a.png'}, 'layers': [{'type': 'conv1d', 'kernel_size': 1}]}",
                 "input.image: only for 2-D inputs [C, H, W]");
    snprintf(buf, sizeof buf, "{'input': {'shape': [1, 3, 3], 'image': 'no-such-file.png'}, %s}", L);
    expect_error(buf, "input.image: no-such-file.png: cannot open: No such file or directory");
    /* found by fuzzing: a newline in the file name stays out of the one-line message */
    snprintf(buf, sizeof buf, "{'input': {'shape': [1, 3, 3], 'image': 'two\\nlines.png'}, %s}", L);
    expect_error(buf, "input.image: two?lines.png: cannot open: No such file or directory");

    /* input data */
    snprintf(buf, sizeof buf, "{'input': {'shape': [1, 3, 5], 'data': [[[1,2,3,4,5],[1,2,3,4,5],[1,2,3,4]]]}, %s}", L);
    expect_error(buf, "input.data[0][2]: expected a list of 5 numbers, got 4");
    snprintf(buf, sizeof buf, "{'input': {'shape': [1, 3, 2], 'data': [[[1,2],[1,2]]]}, %s}", L);
    expect_error(buf, "input.data[0]: expected a list of 3 lists, got 2");
    snprintf(buf, sizeof buf, "{'input': {'shape': [1, 2, 2], 'data': [[[1,2],[1,'x']]]}, %s}", L);
    expect_error(buf, "input.data[0][1][1]: expected a number, got a string");
    snprintf(buf, sizeof buf, "{'input': {'shape': [1, 2, 2], 'data': [[[1,2],[1,[3]]]]}, %s}", L);
    expect_error(buf, "input.data[0][1][1]: expected a number, got a list");
    snprintf(buf, sizeof buf, "{'input': {'shape': [1, 2, 2], 'data': [[[1,2],3]]}, %s}", L);
    expect_error(buf, "input.data[0][1]: expected a list of 2 numbers, got a number");
    snprintf(buf, sizeof buf, "{'input': {'shape': [1, 2, 2], 'data': [[[1,2],[1,1e308]]]}, %s}", L);
    expect_error(buf, "input.data[0][1][1]: must be a finite number of magnitude at most 1e15");
    snprintf(buf, sizeof buf, "{'input': {'shape': [1, 2, 2], 'data': [[[1,2],[1,-1e999]]]}, %s}", L);
    expect_error(buf, "input.data[0][1][1]: must be a finite number of magnitude at most 1e15");
    snprintf(buf, sizeof buf, "{'input': {'shape': [1, 2, 2], 'data': [[[1,2],[1,NaN]]]}, %s}", L);
    expect_error(buf, "line 1, column 51: invalid JSON near \"NaN]]]}, \"layers\"");

    /* weights and bias */
    expect_error("{'input': {'shape': [3, 4, 4], 'fill': 'ones'}, 'layers': [{'type': 'conv2d', 'kernel_size': 1, 'filters': 2},"
                 " {'type': 'conv2d', 'filters': 2, 'kernel_size': 3, 'weights': [[[[1]]], [[[1]]]]}]}",
                 "layers[1].weights: shape [2, 2, 3, 3] expected, data has 2 x 1 x 1 x 1");
    expect_error("{'input': {'shape': [1, 4, 4], 'fill': 'ones'}, 'layers': [{'type': 'conv2d', 'kernel_size': 2,"
                 " 'weights': [[[[1, 2], [3, 4, 5]]]]}]}",
                 "layers[0].weights[0][0][1]: expected a list of 2 numbers, got 3");
    expect_error("{'input': {'shape': [1, 4, 4], 'fill': 'ones'}, 'layers': [{'type': 'conv2d', 'kernel_size': 1,"
                 " 'weights': [[[[[1]]]]]}]}",
                 "layers[0].weights: shape [1, 1, 1, 1] expected, data has 1 x 1 x 1 x 1 x 1 x ...");
    expect_error("{'input': {'shape': [1, 4, 4], 'fill': 'ones'}, 'layers': [{'type': 'conv2d', 'kernel_size': 1,"
                 " 'weights': 'ones'}]}",
                 "layers[0].weights: must be a nested list of numbers or a fill object");
    expect_error("{'input': {'shape': [1, 4, 4], 'fill': 'ones'}, 'layers': [{'type': 'conv2d', 'kernel_size': 1,"
                 " 'weights': {'seed': 3}}]}",
                 "layers[0].weights: a fill object needs \"fill\"");
    expect_error("{'input': {'shape': [1, 4, 4], 'fill': 'ones'}, 'layers': [{'type': 'conv2d', 'kernel_size': 1,"
                 " 'weights': {'fill': 'ones', 'shape': [1]}}]}",
                 "layers[0].weights.shape: unknown key (known: fill, seed, min, max, integers)");
    expect_error("{'input': {'shape': [1, 4, 4], 'fill': 'ones'}, 'layers': [{'type': 'conv2d', 'kernel_size': 1,"
                 " 'filters': 2, 'bias_values': [1, 2, 3]}]}",
                 "layers[0].bias_values: expected a list of 2 numbers, got 3");
}

/* Errors the core reports arrive prefixed; check the prefix only. */
static void test_core_error_prefix(void) {
    scene s;
    errmsg e = {{0}};
    CHECK_INT(parse(&s, "{'input': {'shape': [1, 3, 3], 'fill': 'ones'}, 'layers': [{'type': 'conv2d', 'kernel_size': 5}]}", &e), -1);
    CHECK(strncmp(e.msg, "layers[0].", 10) == 0);
}

static void test_deep_nesting(void) {
    scene s;
    errmsg e = {{0}};
    enum { DEPTH = 5000 };
    char *json = malloc(2 * DEPTH + 200), *p = json;
    p += sprintf(p, "{\"input\": {\"shape\": [1, 1, 1], \"data\": ");
    for (int i = 0; i < DEPTH; i++) *p++ = '[';
    for (int i = 0; i < DEPTH; i++) *p++ = ']';
    sprintf(p, "}, \"layers\": [{\"type\": \"conv2d\", \"kernel_size\": 1}]}");
    CHECK_INT(sceneio_parse(&s, json, strlen(json), NULL, &e), -1);
    CHECK_HAS(e.msg, "line 1, column ");
    CHECK_HAS(e.msg, "invalid JSON");
    free(json);

    /* Nesting within cJSON's limit but deeper than the shape: rejected at
     * the depth the shape allows. */
    json = malloc(2 * 500 + 200);
    p = json;
    p += sprintf(p, "{\"input\": {\"shape\": [1, 1, 1], \"data\": ");
    for (int i = 0; i < 500; i++) *p++ = '[';
    for (int i = 0; i < 500; i++) *p++ = ']';
    sprintf(p, "}, \"layers\": [{\"type\": \"conv2d\", \"kernel_size\": 1}]}");
    CHECK_INT(sceneio_parse(&s, json, strlen(json), NULL, &e), -1);
    CHECK_STR(e.msg, "input.data[0][0][0]: expected a number, got a list");
    free(json);

    CHECK_INT(sceneio_parse(&s, "{\"title\": \"a\"}\0x", 16, NULL, &e), -1);
    CHECK_STR(e.msg, "line 1, column 15: NUL byte near \" x\"");
}

static int same_array(const double *a, const double *b, int64_t n) {
    if (!a || !b) return a == b;
    return memcmp(a, b, (size_t)n * sizeof *a) == 0;
}

static void check_round_trip(const scene *s, const char *what) {
    errmsg e = {{0}};
    scene t;
    char *json = sceneio_to_json(s, &e);
    if (!CHECK(json != NULL)) {
        fprintf(stderr, "  %s: %s\n", what, e.msg);
        return;
    }
    if (!CHECK_INT(sceneio_parse(&t, json, strlen(json), NULL, &e), 0)) {
        fprintf(stderr, "  %s: %s\n%s\n", what, e.msg, json);
        free(json);
        return;
    }
    CHECK_STR(t.title, s->title);
    CHECK_INT(t.layout, s->layout);
    CHECK_INT(t.in_c, s->in_c);
    CHECK(memcmp(t.in_sp, s->in_sp, sizeof t.in_sp) == 0);
    CHECK_INT(t.nlayers, s->nlayers);
    CHECK(same_array(t.input, s->input, in_count(s)));
    for (int i = 0; i < s->nlayers && i < t.nlayers; i++) {
        const scene_layer *a = &s->layer[i], *b = &t.layer[i];
        int ok = CHECK(memcmp(&a->p, &b->p, sizeof a->p) == 0);
        ok &= CHECK(same_array(a->weight, b->weight, a->g.weight_count));
        if (a->bias) ok &= CHECK(same_array(a->bias, b->bias, a->p.filters));
        ok &= CHECK(same_array(a->out, b->out, (int64_t)a->g.out_c * a->g.out_cells));
        if (!ok) fprintf(stderr, "  %s: layers[%d] differ\n%s\n", what, i, json);
    }
    /* And the written form is stable. */
    char *again = sceneio_to_json(&t, &e);
    CHECK(again && strcmp(again, json) == 0);
    free(again);
    free(json);
    scene_free(&t);
}

static void test_round_trip(void) {
    static const char *scenes[] = {
        "{'title': 'quote \\\" and \\\\ and \\n', 'layout': 'HWC',"
        " 'input': {'shape': [3, 4, 2], 'fill': 'random', 'min': -1, 'max': 1, 'integers': false},"
        " 'layers': [{'type': 'conv2d', 'filters': 4, 'kernel_size': [2, 3], 'stride': [1, 2],"
        " 'padding': [[0, 1], [2, 0]], 'dilation': [2, 1], 'groups': 2, 'activation': 'tanh',"
        " 'weights': {'fill': 'random', 'min': 0, 'max': 1, 'integers': false},"
        " 'bias_values': [0.1, -0, 0.3333333333333333, 1e-300]},"
        " {'type': 'conv2d', 'filters': 1, 'kernel_size': 1, 'padding': 'same', 'padding_mode': 'reflect'}]}",
        "{'input': {'shape': [2, 7], 'data': [[1, 2, 3, 4, 5, 6, 7], [0.1, 0.2, 0.3, 0.4, 0.5, 0.6, 0.7]]},"
        " 'layers': [{'type': 'conv1d', 'filters': 3, 'kernel_size': 3, 'padding': 'full', 'activation': 'sigmoid'}]}",
        "{'layout': 'HWC', 'input': {'shape': [2, 3, 3, 2], 'fill': 'ramp'},"
        " 'layers': [{'type': 'conv3d', 'filters': 2, 'kernel_size': [1, 2, 2], 'padding': 1,"
        " 'padding_mode': 'circular'}]}",
        "{'layout': 'HWC', 'input': {'shape': [3, 3, 4], 'fill': 'ramp'},"
        " 'layers': [{'type': 'conv_transpose2d', 'filters': 4, 'groups': 2, 'kernel_size': 3, 'stride': 2,"
        " 'padding': 1, 'output_padding': 1, 'activation': 'relu'}]}",
        "{'input': {'shape': [2, 3, 3], 'fill': 'ramp'},"
        " 'layers': [{'type': 'conv_transpose2d', 'filters': 2, 'kernel_size': [2, 3], 'bias': false}]}",
    };
    for (size_t i = 0; i < sizeof scenes / sizeof *scenes; i++) {
        scene s;
        errmsg e = {{0}};
        if (!CHECK_INT(parse(&s, scenes[i], &e), 0)) {
            fprintf(stderr, "  scene %d: %s\n", (int)i, e.msg);
            continue;
        }
        check_round_trip(&s, "inline scene");
        scene_free(&s);
    }

    /* -0 keeps its sign through the file */
    scene s;
    errmsg e = {{0}};
    CHECK_INT(parse(&s, "{'input': {'shape': [1, 2], 'data': [[-0, 0]]},"
                        " 'layers': [{'type': 'conv1d', 'kernel_size': 1}]}", &e), 0);
    CHECK(signbit(s.input[0]) && !signbit(s.input[1]));
    check_round_trip(&s, "-0");
    scene_free(&s);

    /* A scene edited past the format's limits is refused, not written wrong. */
    CHECK_INT(scene_make_default(&s, &e), 0);
    check_round_trip(&s, "scene_make_default");
    s.input[3] = 1e300;
    CHECK(sceneio_to_json(&s, &e) == NULL);
    CHECK_STR(e.msg, "scene: a value is not a finite number of magnitude at most 1e15");
    scene_free(&s);
}

static void test_assets(void) {
    DIR *d = opendir(TEST_ASSETS "/scenes");
    struct dirent *ent;
    int n = 0;
    if (!CHECK(d != NULL)) return;
    while ((ent = readdir(d))) {
        char path[1024];
        size_t len = strlen(ent->d_name);
        scene s;
        errmsg e = {{0}};
        if (len < 5 || strcmp(ent->d_name + len - 5, ".json") != 0) continue;
        snprintf(path, sizeof path, "%s/scenes/%s", TEST_ASSETS, ent->d_name);
        if (!CHECK_INT(sceneio_load(&s, path, &e), 0)) {
            fprintf(stderr, "  %s\n", e.msg);
            continue;
        }
        CHECK(s.title[0] != 0);
        check_round_trip(&s, ent->d_name);
        scene_free(&s);
        n++;
    }
    closedir(d);
    CHECK(n >= 17);
}

/* The shapes and parameter counts the Keras and conv_arithmetic files claim. */
static void check_asset(const char *name, int layer, int oh, int ow, int oc, long long params) {
    char path[512];
    scene s;
    errmsg e = {{0}};
    snprintf(path, sizeof path, "%s/scenes/%s", TEST_ASSETS, name);
    if (!CHECK_INT(sceneio_load(&s, path, &e), 0)) {
        fprintf(stderr, "  %s\n", e.msg);
        return;
    }
    CHECK_INT(s.layer[layer].g.out_sp[1], oh);
    CHECK_INT(s.layer[layer].g.out_sp[2], ow);
    CHECK_INT(s.layer[layer].g.out_c, oc);
    if (params >= 0) CHECK_INT(s.layer[layer].g.param_count, params);
    scene_free(&s);
}

static void test_asset_shapes(void) {
    check_asset("keras-8x8x1-k2-valid.json", 0, 7, 7, 3, 15);
    check_asset("keras-8x8x3-two-layers.json", 0, 6, 6, 2, 56);
    check_asset("keras-8x8x3-two-layers.json", 1, 4, 4, 4, 76);
    check_asset("keras-8x8x1-same.json", 0, 8, 8, 2, 20);
    check_asset("keras-8x8x1-same-stride2.json", 0, 4, 4, 2, 20);
    check_asset("keras-8x8x1-k1.json", 0, 8, 8, 2, 4);
    check_asset("keras-8x8x3-k1.json", 0, 8, 8, 2, 8);
    check_asset("conv-arithmetic-no_padding_no_strides.json", 0, 2, 2, 1, 9);
    check_asset("conv-arithmetic-arbitrary_padding_no_strides.json", 0, 6, 6, 1, 16);
    check_asset("conv-arithmetic-same_padding_no_strides.json", 0, 5, 5, 1, 9);
    check_asset("conv-arithmetic-full_padding_no_strides.json", 0, 7, 7, 1, 9);
    check_asset("conv-arithmetic-no_padding_strides.json", 0, 2, 2, 1, 9);
    check_asset("conv-arithmetic-padding_strides.json", 0, 3, 3, 1, 9);
    check_asset("conv-arithmetic-padding_strides_odd.json", 0, 3, 3, 1, 9);
    check_asset("conv-arithmetic-dilation.json", 0, 3, 3, 1, 9);
}

static void test_load_errors(void) {
    scene s;
    errmsg e = {{0}};
    FILE *f;
    CHECK_INT(sceneio_load(&s, "no-such-scene.json", &e), FILEIO_EIO);
    CHECK_STR(e.msg, "no-such-scene.json: No such file or directory");
    remove("fifo.json");
    CHECK_INT(mkfifo("fifo.json", 0600), 0);
    CHECK_INT(sceneio_load(&s, "fifo.json", &e), -1);
    CHECK_STR(e.msg, "fifo.json: is a FIFO, not a regular file");
    remove("fifo.json");
    CHECK_INT(sceneio_load(&s, "/dev/zero", &e), -1);
    CHECK_STR(e.msg, "/dev/zero: is a character device, not a regular file");
    mkdir("scenes-dir.json", 0700);
    CHECK_INT(sceneio_load(&s, "scenes-dir.json", &e), -1);
    CHECK_STR(e.msg, "scenes-dir.json: is a directory, not a scene file");

    /* Sparse: costs nothing on disk, and is refused before reading. */
    f = fopen("huge-scene.json", "wb");
    CHECK(f && fseek(f, SCENEIO_MAX_FILE_BYTES, SEEK_SET) == 0 && fputc(' ', f) == ' ');
    if (f) fclose(f);
    CHECK_INT(sceneio_load(&s, "huge-scene.json", &e), -1);
    CHECK_STR(e.msg, "huge-scene.json: larger than 67108864 bytes");
    remove("huge-scene.json");

    f = fopen("bad-scene.json", "wb");
    fputs("{\"input\": {\"shape\": [1, 3, 3], \"fill\": \"ones\"},\n \"layers\": [{\"type\": \"conv2d\"}]}", f);
    fclose(f);
    CHECK_INT(sceneio_load(&s, "bad-scene.json", &e), -1);
    CHECK_STR(e.msg, "bad-scene.json: layers[0].kernel_size: missing");
    CHECK(s.input == NULL && s.nlayers == 0);
}

/* A relative image path is read from the scene file's folder. */
static void test_image_input(void) {
    unsigned char px[2 * 4 * 3];
    scene s;
    errmsg e = {{0}};
    FILE *f;
    for (int i = 0; i < 8; i++) px[3 * i] = px[3 * i + 1] = px[3 * i + 2] = (unsigned char)(i * 30);
    mkdir("imgscene", 0700);
    CHECK(stbi_write_png("imgscene/pic.png", 4, 2, 3, px, 4 * 3) != 0);
    f = fopen("imgscene/scene.json", "wb");
    fputs("{\"layout\": \"HWC\", \"input\": {\"shape\": [1, 2, 3], \"image\": \"pic.png\"},"
          " \"layers\": [{\"type\": \"conv2d\", \"kernel_size\": 1, \"weights\": {\"fill\": \"ones\"}}]}", f);
    fclose(f);
    CHECK_INT(sceneio_load(&s, "imgscene/scene.json", &e), 0);
    CHECK_STR(e.msg, "");
    CHECK_INT(s.in_c, 3);
    /* 4x2 pixels into 2x1 cells: each the mean of a 2x2 block */
    CHECK_NEAR(s.input[0], (0 + 30 + 120 + 150) / 4 / 255.0, 1e-12);
    CHECK_NEAR(s.input[1], (60 + 90 + 180 + 210) / 4 / 255.0, 1e-12);
    CHECK_NEAR(s.input[2], 75 / 255.0, 1e-12); /* channel 1, same gray */
    CHECK_NEAR(s.input[5], 135 / 255.0, 1e-12);
    check_round_trip(&s, "image scene");
    scene_free(&s);
}

int main(void) {
    test_tf_example();
    test_kernel_51();
    test_default_scene();
    test_fills();
    test_aliases();
    test_kinds();
    test_errors();
    test_core_error_prefix();
    test_deep_nesting();
    test_round_trip();
    test_assets();
    test_asset_shapes();
    test_load_errors();
    test_image_input();
    return check_done();
}
