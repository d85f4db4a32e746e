/* codegen: exact code for a table of layers in every framework, whole
 * programs for the default scene and the Keras notebook's scenes, and the
 * shapes the code claims checked against the core's geometry. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "check.h"
#include "codegen.h"

static char buf[1 << 15];

static conv_params params(conv_kind kind, int filters, int k) {
    conv_params p;
    conv_params_init(&p, kind);
    p.filters = filters;
    for (int a = CONV_SP - conv_ndim(kind); a < CONV_SP; a++) p.kernel[a] = k;
    return p;
}

static void set_pad(conv_params *p, int a, int lo, int hi) {
    p->padding = CONV_PAD_AMOUNT;
    p->pad[a][0] = lo;
    p->pad[a][1] = hi;
}

static void set_stride(conv_params *p, int s) { p->stride[1] = p->stride[2] = s; }

typedef struct {
    const char *name;
    conv_params p;
    int in_c, d, h, w;
    scene_layout layout;
    const char *code[3]; /* codegen_layer for pytorch, keras, tfjs */
    const char *keras_shape; /* the output shape, as Keras prints it */
} layer_case;

/* The output shape line each program ends with, built from the geometry
 * here rather than by codegen's own helpers. */
static void want_last_line(char *s, size_t n, const conv_geom *g, scene_layout layout, codegen_framework fw) {
    int first = CONV_SP - conv_ndim(g->p.kind), len = 0, cf = fw == CODEGEN_PYTORCH || layout == SCENE_CHW;
    int dims[1 + CONV_SP], nd = 0;
    if (cf) dims[nd++] = g->out_c;
    for (int a = first; a < CONV_SP; a++) dims[nd++] = g->out_sp[a];
    if (!cf) dims[nd++] = g->out_c;
    if (fw == CODEGEN_PYTORCH) len += snprintf(s + len, n - (size_t)len, "# torch.Size([1");
    if (fw == CODEGEN_KERAS) len += snprintf(s + len, n - (size_t)len, "# output shape: (None");
    if (fw == CODEGEN_TFJS) len += snprintf(s + len, n - (size_t)len, "// output shape: [null");
    for (int i = 0; i < nd; i++) len += snprintf(s + len, n - (size_t)len, ", %d", dims[i]);
    snprintf(s + len, n - (size_t)len, "%s", fw == CODEGEN_PYTORCH ? "])\n" : fw == CODEGEN_KERAS ? ")\n" : "]\n");
}

static const char *last_line(const char *text) {
    size_t len = strlen(text);
    const char *p = text + len;
    if (len < 2) return text;
    for (p -= 2; p > text && p[-1] != '\n'; p--) {}
    return p;
}

static void check_case(layer_case *c) {
    scene s;
    errmsg e;
    int sp[CONV_SP] = {c->d, c->h, c->w};
    char want[128];
    if (!CHECK(scene_make(&s, &c->p, c->in_c, sp, 1, &e) == 0)) {
        fprintf(stderr, "  %s: %s\n", c->name, e.msg);
        return;
    }
    s.layout = c->layout;
    for (int fw = 0; fw < 3; fw++) {
        int len = codegen_layer(buf, sizeof buf, &s.layer[0].g, s.layout, (codegen_framework)fw);
        if (!CHECK_STR(buf, c->code[fw])) fprintf(stderr, "  case %s, %s\n", c->name, codegen_framework_name(fw));
        CHECK_INT(len, strlen(c->code[fw]));
        len = codegen_scene(buf, sizeof buf, &s, (codegen_framework)fw);
        CHECK_INT(len, strlen(buf));
        want_last_line(want, sizeof want, &s.layer[0].g, s.layout, (codegen_framework)fw);
        if (!CHECK_STR(last_line(buf), want)) fprintf(stderr, "  case %s\n", c->name);
        /* the layer's own "-> shape" comment agrees with the last line */
        if (fw == CODEGEN_KERAS) {
            char arrow[96];
            snprintf(arrow, sizeof arrow, "  # -> %s\n", c->keras_shape);
            CHECK_HAS(buf, arrow);
            snprintf(arrow, sizeof arrow, "# output shape: %s\n", c->keras_shape);
            CHECK_STR(last_line(buf), arrow);
        }
    }
    scene_free(&s);
}

static void test_layers(void) {
    static layer_case cases[32];
    int n = 0;
    layer_case *c;

    /* The Keras notebook: 8x8x1, 3 filters, kernel 2, 'valid', relu. */
    c = &cases[n++];
    *c = (layer_case){"notebook k2 valid relu", params(CONV_2D, 3, 2), 1, 1, 8, 8, SCENE_HWC,
        {"nn.Conv2d(in_channels=1, out_channels=3, kernel_size=2)\nnn.ReLU()",
         "layers.Conv2D(filters=3, kernel_size=2, activation=\"relu\")",
         "tf.layers.conv2d({filters: 3, kernelSize: 2, activation: 'relu'})"},
        "(None, 7, 7, 3)"};
    c->p.activation = CONV_ACT_RELU;

    /* 'same', stride 1: PyTorch says "same" too. */
    c = &cases[n++];
    *c = (layer_case){"notebook same", params(CONV_2D, 2, 3), 1, 1, 8, 8, SCENE_HWC,
        {"nn.Conv2d(in_channels=1, out_channels=2, kernel_size=3, padding=\"same\")\nnn.ReLU()",
         "layers.Conv2D(filters=2, kernel_size=3, padding=\"same\", activation=\"relu\")",
         "tf.layers.conv2d({filters: 2, kernelSize: 3, padding: 'same', activation: 'relu'})"},
        "(None, 8, 8, 2)"};
    c->p.padding = CONV_PAD_SAME;
    c->p.activation = CONV_ACT_RELU;

    /* 'same', stride 2 on 8x8: TF pads 0 before, 1 after. */
    c = &cases[n++];
    *c = (layer_case){"notebook same stride 2", params(CONV_2D, 2, 3), 1, 1, 8, 8, SCENE_HWC,
        {"# TF 'same' with stride 2 pads 0 before and 1 after\nnn.ZeroPad2d((0, 1, 0, 1))\n"
         "nn.Conv2d(in_channels=1, out_channels=2, kernel_size=3, stride=2)\nnn.ReLU()",
         "layers.Conv2D(filters=2, kernel_size=3, strides=2, padding=\"same\", activation=\"relu\")",
         "tf.layers.conv2d({filters: 2, kernelSize: 3, strides: 2, padding: 'same', activation: 'relu'})"},
        "(None, 4, 4, 2)"};
    c->p.padding = CONV_PAD_SAME;
    set_stride(&c->p, 2);
    c->p.activation = CONV_ACT_RELU;

    /* 'same', stride 2 on 7x7: symmetric, so PyTorch takes padding=1. */
    c = &cases[n++];
    *c = (layer_case){"same stride 2 symmetric", params(CONV_2D, 2, 3), 1, 1, 7, 7, SCENE_HWC,
        {"# TF 'same' with stride 2 pads 1 on each side\n"
         "nn.Conv2d(in_channels=1, out_channels=2, kernel_size=3, stride=2, padding=1)",
         "layers.Conv2D(filters=2, kernel_size=3, strides=2, padding=\"same\")",
         "tf.layers.conv2d({filters: 2, kernelSize: 3, strides: 2, padding: 'same'})"},
        "(None, 4, 4, 2)"};
    c->p.padding = CONV_PAD_SAME;
    set_stride(&c->p, 2);

    /* The notebook's 1x1 kernel on three channels. */
    c = &cases[n++];
    *c = (layer_case){"notebook k1", params(CONV_2D, 2, 1), 3, 1, 8, 8, SCENE_HWC,
        {"nn.Conv2d(in_channels=3, out_channels=2, kernel_size=1, padding=\"same\")\nnn.ReLU()",
         "layers.Conv2D(filters=2, kernel_size=1, padding=\"same\", activation=\"relu\")",
         "tf.layers.conv2d({filters: 2, kernelSize: 1, padding: 'same', activation: 'relu'})"},
        "(None, 8, 8, 2)"};
    c->p.padding = CONV_PAD_SAME;
    c->p.activation = CONV_ACT_RELU;

    /* Asymmetric explicit padding, per-axis kernel. */
    c = &cases[n++];
    *c = (layer_case){"asymmetric", params(CONV_2D, 2, 3), 1, 1, 6, 6, SCENE_HWC,
        {"# asymmetric padding: a pad module first, its amounts run last axis first (left, right, top, bottom)\n"
         "nn.ZeroPad2d((2, 1, 0, 1))\nnn.Conv2d(in_channels=1, out_channels=2, kernel_size=(3, 1))",
         "# explicit padding: a padding layer, then a 'valid' convolution\n"
         "layers.ZeroPadding2D(padding=((0, 1), (2, 1)))\nlayers.Conv2D(filters=2, kernel_size=(3, 1))",
         "// explicit padding: a padding layer, then a 'valid' convolution\n"
         "tf.layers.zeroPadding2d({padding: [[0, 1], [2, 1]]})\ntf.layers.conv2d({filters: 2, kernelSize: [3, 1]})"},
        "(None, 5, 9, 2)"};
    set_pad(&c->p, 1, 0, 1);
    set_pad(&c->p, 2, 2, 1);
    c->p.kernel[2] = 1;

    /* Symmetric reflect: one argument in PyTorch, tf.pad in Keras. */
    c = &cases[n++];
    *c = (layer_case){"reflect", params(CONV_2D, 2, 3), 3, 1, 5, 5, SCENE_HWC,
        {"nn.Conv2d(in_channels=3, out_channels=2, kernel_size=3, padding=1, padding_mode=\"reflect\")",
         "# Keras has no reflect padding layer; tf.pad REFLECT mirrors without repeating the edge, like PyTorch's 'reflect'\n"
         "layers.Lambda(lambda t: tf.pad(t, [[0, 0], [1, 1], [1, 1], [0, 0]], mode=\"REFLECT\"))\n"
         "layers.Conv2D(filters=2, kernel_size=3)",
         "// TF.js has no reflect padding layer; tf.mirrorPad 'reflect' mirrors without repeating the edge, like PyTorch's 'reflect'\n"
         "new FnLayer(t => tf.mirrorPad(t, [[0, 0], [1, 1], [1, 1], [0, 0]], 'reflect'), [null, 7, 7, 3])\n"
         "tf.layers.conv2d({filters: 2, kernelSize: 3})"},
        "(None, 5, 5, 2)"};
    set_pad(&c->p, 1, 1, 1);
    set_pad(&c->p, 2, 1, 1);
    c->p.padding_mode = CONV_MODE_REFLECT;

    /* Replicate, asymmetric, channels first. */
    c = &cases[n++];
    *c = (layer_case){"replicate chw", params(CONV_2D, 2, 3), 1, 1, 6, 6, SCENE_CHW,
        {"# asymmetric padding: a pad module first, its amounts run last axis first (left, right, top, bottom)\n"
         "nn.ReplicationPad2d((2, 1, 0, 1))\nnn.Conv2d(in_channels=1, out_channels=2, kernel_size=3)",
         "# Keras has no replicate padding layer; gathering at clipped indices repeats the edge cells\n"
         "layers.Lambda(lambda t: tf.gather(tf.gather(t, tf.clip_by_value(tf.range(0, 7), 0, 5), axis=2), "
         "tf.clip_by_value(tf.range(-2, 7), 0, 5), axis=3))\n"
         "layers.Conv2D(filters=2, kernel_size=3, data_format=\"channels_first\")",
         "// TF.js has no replicate padding layer; gathering at clipped indices repeats the edge cells\n"
         "new FnLayer(t => tf.gather(tf.gather(t, tf.clipByValue(tf.range(0, 7, 1, 'int32'), 0, 5), 2), "
         "tf.clipByValue(tf.range(-2, 7, 1, 'int32'), 0, 5), 3), [null, 1, 7, 9])\n"
         "tf.layers.conv2d({filters: 2, kernelSize: 3, dataFormat: 'channelsFirst'})"},
        "(None, 2, 5, 7)"};
    set_pad(&c->p, 1, 0, 1);
    set_pad(&c->p, 2, 2, 1);
    c->p.padding_mode = CONV_MODE_REPLICATE;

    /* Circular, one side only. */
    c = &cases[n++];
    *c = (layer_case){"circular", params(CONV_2D, 1, 2), 1, 1, 4, 4, SCENE_HWC,
        {"# asymmetric padding: a pad module first, its amounts run last axis first (left, right, top, bottom)\n"
         "# nn.CircularPad2d is new in PyTorch 2.1: Pad (F.pad as a module, above) works from 1.13\n"
         "Pad((0, 1, 0, 1), \"circular\")\nnn.Conv2d(in_channels=1, out_channels=1, kernel_size=2)",
         "# Keras has no circular padding layer; gathering at indices modulo the size wraps around\n"
         "layers.Lambda(lambda t: tf.gather(tf.gather(t, tf.range(0, 5) % 4, axis=1), tf.range(0, 5) % 4, axis=2))\n"
         "layers.Conv2D(filters=1, kernel_size=2)",
         "// TF.js has no circular padding layer; gathering at indices modulo the size wraps around\n"
         "new FnLayer(t => tf.gather(tf.gather(t, tf.range(0, 5, 1, 'int32').mod(tf.scalar(4, 'int32')), 1), "
         "tf.range(0, 5, 1, 'int32').mod(tf.scalar(4, 'int32')), 2), [null, 5, 5, 1])\n"
         "tf.layers.conv2d({filters: 1, kernelSize: 2})"},
        "(None, 4, 4, 1)"};
    set_pad(&c->p, 1, 0, 1);
    set_pad(&c->p, 2, 0, 1);
    c->p.padding_mode = CONV_MODE_CIRCULAR;

    /* Dilation with stride: Keras and TF.js refuse the pair. */
    c = &cases[n++];
    *c = (layer_case){"dilation stride", params(CONV_2D, 2, 3), 1, 1, 9, 9, SCENE_HWC,
        {"nn.Conv2d(in_channels=1, out_channels=2, kernel_size=3, stride=2, dilation=2)",
         "layers.Conv2D(filters=2, kernel_size=3, dilation_rate=2)\n"
         "# Keras refuses strides > 1 together with dilation > 1: stride 1, then keep one cell in 2\n"
         "layers.Lambda(lambda t: t[:, ::2, ::2, :])",
         "tf.layers.conv2d({filters: 2, kernelSize: 3, dilationRate: 2})\n"
         "// TF.js refuses strides > 1 together with dilation > 1: stride 1, then keep one cell in 2\n"
         "new FnLayer(t => tf.gather(tf.gather(t, tf.range(0, 5, 2, 'int32'), 1), tf.range(0, 5, 2, 'int32'), 2), "
         "[null, 3, 3, 2])"},
        "(None, 3, 3, 2)"};
    c->p.dilation[1] = c->p.dilation[2] = 2;
    set_stride(&c->p, 2);

    /* Dilation alone, with 'same'. */
    c = &cases[n++];
    *c = (layer_case){"dilation same", params(CONV_2D, 1, 3), 1, 1, 7, 7, SCENE_HWC,
        {"nn.Conv2d(in_channels=1, out_channels=1, kernel_size=3, padding=\"same\", dilation=2)",
         "layers.Conv2D(filters=1, kernel_size=3, padding=\"same\", dilation_rate=2)",
         "tf.layers.conv2d({filters: 1, kernelSize: 3, padding: 'same', dilationRate: 2})"},
        "(None, 7, 7, 1)"};
    c->p.dilation[1] = c->p.dilation[2] = 2;
    c->p.padding = CONV_PAD_SAME;

    /* Groups: Keras has them, TF.js does not. */
    c = &cases[n++];
    *c = (layer_case){"groups", params(CONV_2D, 4, 3), 4, 1, 5, 5, SCENE_HWC,
        {"nn.Conv2d(in_channels=4, out_channels=4, kernel_size=3, groups=2)",
         "layers.Conv2D(filters=4, kernel_size=3, groups=2)",
         "// TF.js has no grouped convolution (groups=2): each filter here reads all 4 channels, not 2; "
         "more weights, same output shape\ntf.layers.conv2d({filters: 4, kernelSize: 3})"},
        "(None, 3, 3, 4)"};
    c->p.groups = 2;

    /* Depthwise (groups == channels), multiplier 2, no bias. */
    c = &cases[n++];
    *c = (layer_case){"depthwise", params(CONV_2D, 6, 3), 3, 1, 5, 5, SCENE_HWC,
        {"nn.Conv2d(in_channels=3, out_channels=6, kernel_size=3, groups=3, bias=False)",
         "layers.Conv2D(filters=6, kernel_size=3, groups=3, use_bias=False)",
         "// TF.js has no groups; groups == in_channels is a depthwise convolution\n"
         "tf.layers.depthwiseConv2d({kernelSize: 3, depthMultiplier: 2, useBias: false})"},
        "(None, 3, 3, 6)"};
    c->p.groups = 3;
    c->p.bias = 0;

    /* conv1d, 'same' stride 2. */
    c = &cases[n++];
    *c = (layer_case){"conv1d", params(CONV_1D, 2, 3), 2, 1, 1, 8, SCENE_HWC,
        {"# TF 'same' with stride 2 pads 0 before and 1 after\n"
         "# nn.ZeroPad1d is new in PyTorch 2.1: Pad (F.pad as a module, above) works from 1.13\n"
         "Pad((0, 1), \"constant\")\n"
         "nn.Conv1d(in_channels=2, out_channels=2, kernel_size=3, stride=2)\nnn.Tanh()",
         "layers.Conv1D(filters=2, kernel_size=3, strides=2, padding=\"same\", activation=\"tanh\")",
         "tf.layers.conv1d({filters: 2, kernelSize: 3, strides: 2, padding: 'same', activation: 'tanh'})"},
        "(None, 4, 2)"};
    c->p.padding = CONV_PAD_SAME;
    c->p.stride[2] = 2;
    c->p.activation = CONV_ACT_TANH;

    /* conv3d, 'full'. */
    c = &cases[n++];
    *c = (layer_case){"conv3d full", params(CONV_3D, 2, 3), 1, 4, 4, 4, SCENE_HWC,
        {"# 'full' padding is dilation*(kernel-1): 2 on each side\n"
         "nn.Conv3d(in_channels=1, out_channels=2, kernel_size=3, padding=2)",
         "# 'full' padding is dilation*(kernel-1): 2 on each side\n"
         "layers.ZeroPadding3D(padding=2)\nlayers.Conv3D(filters=2, kernel_size=3)",
         "// 'full' padding is dilation*(kernel-1): 2 on each side\n"
         "new FnLayer(t => tf.pad(t, [[0, 0], [2, 2], [2, 2], [2, 2], [0, 0]]), [null, 8, 8, 8, 1])\n"
         "tf.layers.conv3d({filters: 2, kernelSize: 3})"},
        "(None, 6, 6, 6, 2)"};
    c->p.padding = CONV_PAD_FULL;

    /* conv_transpose2d with padding and output_padding. */
    c = &cases[n++];
    *c = (layer_case){"transpose output_padding", params(CONV_TRANSPOSE_2D, 2, 3), 1, 1, 3, 3, SCENE_HWC,
        {"nn.ConvTranspose2d(in_channels=1, out_channels=2, kernel_size=3, stride=2, padding=1, output_padding=1)",
         "layers.Conv2DTranspose(filters=2, kernel_size=3, strides=2)\n"
         "# transposed layers here know only 'valid' and 'same': 'valid', then crop 1 before and 0 after\n"
         "layers.Cropping2D(cropping=((1, 0), (1, 0)))",
         "tf.layers.conv2dTranspose({filters: 2, kernelSize: 3, strides: 2})\n"
         "// transposed layers here know only 'valid' and 'same': 'valid', then crop 1 before and 0 after\n"
         "tf.layers.cropping2D({cropping: [[1, 0], [1, 0]]})"},
        "(None, 6, 6, 2)"};
    set_stride(&c->p, 2);
    set_pad(&c->p, 1, 1, 1);
    set_pad(&c->p, 2, 1, 1);
    c->p.output_padding[1] = c->p.output_padding[2] = 1;

    /* conv_transpose2d output_padding without padding: Keras says it,
     * TF.js has no output padding at all. */
    c = &cases[n++];
    *c = (layer_case){"transpose output_padding only", params(CONV_TRANSPOSE_2D, 1, 3), 1, 1, 2, 2, SCENE_HWC,
        {"nn.ConvTranspose2d(in_channels=1, out_channels=1, kernel_size=3, stride=2, output_padding=1, bias=False)",
         "layers.Conv2DTranspose(filters=1, kernel_size=3, strides=2, output_padding=1, use_bias=False)",
         "tf.layers.conv2dTranspose({filters: 1, kernelSize: 3, strides: 2, useBias: false})\n"
         "// TF.js has no output padding: zeros stand in for the cells that hold only the bias "
         "(same shape; values differ when there is a bias or a sigmoid)\n"
         "tf.layers.zeroPadding2d({padding: [[0, 1], [0, 1]]})"},
        "(None, 6, 6, 1)"};
    set_stride(&c->p, 2);
    c->p.output_padding[1] = c->p.output_padding[2] = 1;
    c->p.bias = 0;

    /* conv_transpose2d 'same': Keras's own, cropped in PyTorch. */
    c = &cases[n++];
    *c = (layer_case){"transpose same", params(CONV_TRANSPOSE_2D, 2, 3), 1, 1, 3, 3, SCENE_HWC,
        {"nn.ConvTranspose2d(in_channels=1, out_channels=2, kernel_size=3, stride=2)\n"
         "# 'same' crops 0 before and 1 after: ConvTranspose2d crops both sides alike, "
         "ZeroPad2d with negative amounts crops the rest\nnn.ZeroPad2d((0, -1, 0, -1))\nnn.Sigmoid()",
         "layers.Conv2DTranspose(filters=2, kernel_size=3, strides=2, padding=\"same\", activation=\"sigmoid\")",
         "tf.layers.conv2dTranspose({filters: 2, kernelSize: 3, strides: 2, padding: 'same', activation: 'sigmoid'})"},
        "(None, 6, 6, 2)"};
    set_stride(&c->p, 2);
    c->p.padding = CONV_PAD_SAME;
    c->p.activation = CONV_ACT_SIGMOID;

    for (int i = 0; i < n; i++) check_case(&cases[i]);
}

static void test_default_scene(void) {
    scene s;
    errmsg e;
    CHECK(scene_make_default(&s, &e) == 0);
    codegen_scene(buf, sizeof buf, &s, CODEGEN_PYTORCH);
    CHECK_STR(buf,
        "# CS231n demo: 5x5x3 input, two 3x3x3 filters, stride 2, padding 1\n"
        "import torch\n"
        "from torch import nn\n"
        "\n"
        "model = nn.Sequential(\n"
        "    nn.Conv2d(in_channels=3, out_channels=2, kernel_size=3, stride=2, padding=1),  # -> (1, 2, 3, 3)\n"
        ")\n"
        "x = torch.randn(1, 3, 5, 5)\n"
        "print(model(x).shape)\n"
        "# torch.Size([1, 2, 3, 3])\n");
    /* The default scene is channel-first; Keras and TF.js say so. Padding
     * 1 with stride 2 on 5x5 is exactly TF's 'same'. */
    codegen_scene(buf, sizeof buf, &s, CODEGEN_KERAS);
    CHECK_STR(buf,
        "# CS231n demo: 5x5x3 input, two 3x3x3 filters, stride 2, padding 1\n"
        "from tensorflow import keras\n"
        "from tensorflow.keras import layers\n"
        "\n"
        "inputs = keras.Input(shape=(3, 5, 5))\n"
        "# padding 1 on each side is what 'same' gives for this input\n"
        "x = layers.Conv2D(filters=2, kernel_size=3, strides=2, padding=\"same\", data_format=\"channels_first\")(inputs)"
        "  # -> (None, 2, 3, 3)\n"
        "model = keras.Model(inputs, x)\n"
        "model.summary()\n"
        "# output shape: (None, 2, 3, 3)\n");
    s.layout = SCENE_HWC;
    codegen_scene(buf, sizeof buf, &s, CODEGEN_TFJS);
    CHECK_STR(buf,
        "// CS231n demo: 5x5x3 input, two 3x3x3 filters, stride 2, padding 1\n"
        "import * as tf from '@tensorflow/tfjs';\n"
        "\n"
        "const input = tf.input({shape: [5, 5, 3]});\n"
        "let x = input;\n"
        "// padding 1 on each side is what 'same' gives for this input\n"
        "x = tf.layers.conv2d({filters: 2, kernelSize: 3, strides: 2, padding: 'same'}).apply(x);  // -> [null, 3, 3, 2]\n"
        "const model = tf.model({inputs: input, outputs: x});\n"
        "model.summary();\n"
        "// output shape: [null, 3, 3, 2]\n");
    scene_free(&s);
}

/* The notebook's two-layer model: 8x8x3 -> 6x6x2 -> 4x4x4. */
static void test_two_layers(void) {
    scene s;
    errmsg e;
    scene_init(&s);
    s.layout = SCENE_HWC;
    s.in_c = 3;
    s.in_sp[1] = s.in_sp[2] = 8;
    s.nlayers = 2;
    s.layer[0].p = params(CONV_2D, 2, 3);
    s.layer[1].p = params(CONV_2D, 4, 3);
    s.layer[0].p.activation = s.layer[1].p.activation = CONV_ACT_RELU;
    CHECK(scene_resolve(&s, &e) == 0);
    CHECK_INT(s.layer[1].g.out_sp[1], 4);
    CHECK_INT(s.layer[1].g.param_count, 76);
    codegen_scene(buf, sizeof buf, &s, CODEGEN_KERAS);
    CHECK_STR(buf,
        "from tensorflow import keras\n"
        "from tensorflow.keras import layers\n"
        "\n"
        "inputs = keras.Input(shape=(8, 8, 3))\n"
        "x = layers.Conv2D(filters=2, kernel_size=3, activation=\"relu\")(inputs)  # -> (None, 6, 6, 2)\n"
        "x = layers.Conv2D(filters=4, kernel_size=3, activation=\"relu\")(x)  # -> (None, 4, 4, 4)\n"
        "model = keras.Model(inputs, x)\n"
        "model.summary()\n"
        "# output shape: (None, 4, 4, 4)\n");
    codegen_scene(buf, sizeof buf, &s, CODEGEN_PYTORCH);
    CHECK_HAS(buf,
        "model = nn.Sequential(\n"
        "    nn.Conv2d(in_channels=3, out_channels=2, kernel_size=3),\n"
        "    nn.ReLU(),  # -> (1, 2, 6, 6)\n"
        "    nn.Conv2d(in_channels=2, out_channels=4, kernel_size=3),\n"
        "    nn.ReLU(),  # -> (1, 4, 4, 4)\n"
        ")\n"
        "x = torch.randn(1, 3, 8, 8)\n");
    codegen_scene(buf, sizeof buf, &s, CODEGEN_TFJS);
    CHECK_HAS(buf, "x = tf.layers.conv2d({filters: 4, kernelSize: 3, activation: 'relu'}).apply(x);  // -> [null, 4, 4, 4]\n");
    scene_free(&s);
}

/* Imports and helpers appear only when a layer needs them. */
static void test_helpers(void) {
    scene s;
    errmsg e;
    int sp[CONV_SP] = {1, 5, 5};
    conv_params p = params(CONV_2D, 1, 3);
    set_pad(&p, 1, 1, 1);
    set_pad(&p, 2, 1, 1);
    p.padding_mode = CONV_MODE_REFLECT;
    CHECK(scene_make(&s, &p, 1, sp, 1, &e) == 0);
    s.layout = SCENE_HWC;
    codegen_scene(buf, sizeof buf, &s, CODEGEN_KERAS);
    CHECK(strncmp(buf, "import tensorflow as tf\nfrom tensorflow import keras\n", 52) == 0);
    codegen_scene(buf, sizeof buf, &s, CODEGEN_TFJS);
    CHECK_HAS(buf, "class FnLayer extends tf.layers.Layer {\n");
    CHECK(strstr(buf, "class FnLayer") < strstr(buf, "new FnLayer("));
    scene_free(&s);
    CHECK(scene_make_default(&s, &e) == 0);
    codegen_scene(buf, sizeof buf, &s, CODEGEN_KERAS);
    CHECK(strstr(buf, "import tensorflow as tf") == NULL);
    codegen_scene(buf, sizeof buf, &s, CODEGEN_TFJS);
    CHECK(strstr(buf, "FnLayer") == NULL);
    scene_free(&s);
}

static void test_truncation(void) {
    scene s;
    errmsg e;
    char small[20];
    int full;
    CHECK(scene_make_default(&s, &e) == 0);
    full = codegen_scene(buf, sizeof buf, &s, CODEGEN_PYTORCH);
    CHECK_INT(codegen_scene(small, sizeof small, &s, CODEGEN_PYTORCH), full);
    CHECK_INT(strlen(small), sizeof small - 1);
    CHECK(strncmp(small, buf, sizeof small - 1) == 0);
    CHECK_INT(codegen_scene(NULL, 0, &s, CODEGEN_KERAS), codegen_scene(buf, sizeof buf, &s, CODEGEN_KERAS));
    full = codegen_layer(buf, sizeof buf, &s.layer[0].g, s.layout, CODEGEN_TFJS);
    CHECK_INT(codegen_layer(small, 1, &s.layer[0].g, s.layout, CODEGEN_TFJS), full);
    CHECK_STR(small, "");
    scene_free(&s);
}

static void test_parse(void) {
    codegen_framework fw = CODEGEN_TFJS;
    CHECK(codegen_framework_parse("pytorch", &fw) == 0 && fw == CODEGEN_PYTORCH);
    CHECK(codegen_framework_parse("Torch", &fw) == 0 && fw == CODEGEN_PYTORCH);
    CHECK(codegen_framework_parse("keras", &fw) == 0 && fw == CODEGEN_KERAS);
    CHECK(codegen_framework_parse("TensorFlow", &fw) == 0 && fw == CODEGEN_KERAS);
    CHECK(codegen_framework_parse("tf", &fw) == 0 && fw == CODEGEN_KERAS);
    CHECK(codegen_framework_parse("tfjs", &fw) == 0 && fw == CODEGEN_TFJS);
    CHECK(codegen_framework_parse("tf.js", &fw) == 0 && fw == CODEGEN_TFJS);
    CHECK(codegen_framework_parse("jax", &fw) == -1);
    CHECK(codegen_framework_parse("", &fw) == -1);
    CHECK(codegen_framework_parse("a-very-long-framework-name", &fw) == -1);
    CHECK(codegen_framework_parse(NULL, &fw) == -1);
    CHECK_STR(codegen_framework_name(CODEGEN_KERAS), "keras");
}

/* The exact program of the default scene: input, weights and bias inline,
 * the output printed as JSON on the last line. */
static void test_program_default(void) {
    scene s;
    errmsg e;
    strbuf b = {0};
    codegen_opts o = {CODEGEN_PYTORCH, NULL};
    codegen_data side = {0, NULL};
    CHECK(scene_make_default(&s, &e) == 0);
    CHECK(codegen_program(&b, &s, &o, &side, &e) == 0);
    CHECK_HAS(b.s, "model = nn.Sequential(\n    nn.Conv2d(in_channels=3, out_channels=2, kernel_size=3, stride=2, padding=1),");
    CHECK_HAS(b.s, ").double()\n");
    /* the first input row of channel 0 and filter 0's first row, as the core has them */
    CHECK_HAS(b.s, "x = torch.tensor([[[0, 0, 0, 0, 1],\n");
    CHECK_HAS(b.s, "    model[0].weight.copy_(torch.tensor([[[[0, 1, 0],\n");
    CHECK_HAS(b.s, "    model[0].bias.copy_(torch.tensor([1, 0], dtype=torch.float64))\n");
    CHECK_STR(last_line(b.s), "print(json.dumps(y[0].tolist()))\n");
    CHECK_INT(side.n, 0);
    free(b.s);
    b = (strbuf){0};
    o.fw = CODEGEN_TFJS;
    CHECK(codegen_program(&b, &s, &o, &side, &e) == 0);
    CHECK_HAS(b.s, "const input = tf.input({shape: [5, 5, 3]});");
    CHECK_HAS(b.s, "conv0.setWeights([tf.tensor([[[[0, -1],");
    CHECK_STR(last_line(b.s), "console.log(JSON.stringify(tf.transpose(y, [0, 3, 1, 2]).arraySync()[0]));\n");
    free(b.s);
    scene_free(&s);
}

/* Groups in TF: a block-diagonal kernel; dilation with strides: zeros
 * between the taps. Checked value by value in the side arrays. */
static void test_program_rewrites(void) {
    conv_params p = params(CONV_2D, 2, 2);
    int sp[CONV_SP] = {1, 5, 5};
    scene s;
    errmsg e;
    strbuf b = {0};
    codegen_opts o = {CODEGEN_KERAS, "dir"};
    codegen_data side = {0, NULL};
    const codegen_array *k;
    p.groups = 2;
    p.dilation[1] = p.dilation[2] = 2;
    p.stride[1] = p.stride[2] = 2;
    CHECK(scene_make(&s, &p, 2, sp, 3, &e) == 0);
    CHECK(codegen_program(&b, &s, &o, &side, &e) == 0);
    CHECK_HAS(b.s, "# groups=2 as one kernel: each filter's weights for the other groups' channels are zeros");
    CHECK_HAS(b.s, "conv0 = layers.Conv2D(filters=2, kernel_size=3, strides=2)\n");
    CHECK_HAS(b.s, "conv0.set_weights([np.load(os.path.join(data, \"keras_layer0_kernel.npy\")).astype(np.float32)");
    CHECK_INT(side.n, 3);
    CHECK_STR(side.a[0].name, "keras_input.npy");
    k = &side.a[1];
    CHECK_STR(k->name, "keras_layer0_kernel.npy");
    CHECK_INT(k->rank, 4);
    CHECK_INT(k->dim[0], 3);
    CHECK_INT(k->dim[1], 3);
    CHECK_INT(k->dim[2], 2);
    CHECK_INT(k->dim[3], 2);
    /* [ky][kx][c][f]: tap (2, 2) is the core's tap (1, 1) = 3; c 0 feeds only f 0 */
    CHECK_NEAR(k->data[((2 * 3 + 2) * 2 + 0) * 2 + 0], s.layer[0].weight[conv_weight_index(&s.layer[0].g, 0, 0, 3)], 0);
    CHECK_NEAR(k->data[((2 * 3 + 2) * 2 + 1) * 2 + 1], s.layer[0].weight[conv_weight_index(&s.layer[0].g, 1, 0, 3)], 0);
    CHECK_NEAR(k->data[((2 * 3 + 2) * 2 + 0) * 2 + 1], 0, 0);
    CHECK_NEAR(k->data[((1 * 3 + 2) * 2 + 0) * 2 + 0], 0, 0); /* between dilated taps */
    codegen_data_free(&side);
    free(b.s);
    scene_free(&s);
}

/* Above CODEGEN_INLINE_MAX numbers the program needs side files. */
static void test_program_too_big(void) {
    conv_params p = params(CONV_2D, 1, 3);
    int sp[CONV_SP] = {1, 70, 70};
    scene s;
    errmsg e;
    strbuf b = {0};
    codegen_opts o = {CODEGEN_TFJS, NULL};
    CHECK(scene_make(&s, &p, 1, sp, 1, &e) == 0);
    CHECK(codegen_program(&b, &s, &o, NULL, &e) != 0);
    CHECK_HAS(e.msg, "data: the scene has 4910 numbers to set, more than the 4096 a snippet holds");
    free(b.s);
    scene_free(&s);
}

int main(void) {
    test_program_default();
    test_program_rewrites();
    test_program_too_big();
    test_parse();
    test_layers();
    test_default_scene();
    test_two_layers();
    test_helpers();
    test_truncation();
    return check_done();
}
