/* conv: geometry, validation and the forward pass against hand-computed
 * values, the reference notes' worked examples and equivalent formulations
 * (transposed = zero-inserted direct, grouped = split and concatenated). */
#include "check.h"

#include <stdlib.h>

#include "conv.h"
#include "tensor.h"

static conv_params params2d(int filters, int k, int s, int pad) {
    conv_params p;
    conv_params_init(&p, CONV_2D);
    p.filters = filters;
    p.kernel[1] = p.kernel[2] = k;
    p.stride[1] = p.stride[2] = s;
    p.padding = CONV_PAD_AMOUNT;
    p.pad[1][0] = p.pad[1][1] = p.pad[2][0] = p.pad[2][1] = pad;
    p.bias = 0;
    return p;
}

static conv_params params1d(int k, int s, int d, conv_padding padding, int pad) {
    conv_params p;
    conv_params_init(&p, CONV_1D);
    p.kernel[2] = k;
    p.stride[2] = s;
    p.dilation[2] = d;
    p.padding = padding;
    p.pad[2][0] = p.pad[2][1] = pad;
    p.bias = 0;
    return p;
}

/* Runs a one-channel conv1d and compares every output value. */
static void check_1d(conv_params p, const double *in, int n, const double *w, const double *want, int nwant) {
    int sp[CONV_SP] = {1, 1, n};
    conv_geom g;
    errmsg e;
    double out[64];
    if (!CHECK(conv_resolve(&p, 1, sp, &g, &e) == 0)) { fprintf(stderr, "  %s\n", e.msg); return; }
    CHECK_INT(g.out_sp[2], nwant);
    conv_forward(&g, in, w, NULL, out);
    for (int i = 0; i < nwant && i < g.out_sp[2]; i++) CHECK_NEAR(out[i], want[i], 1e-12);
}

/* Reference note 004: tf.nn.conv2d, 5x5x1 input, 2x2x1x2 kernel, VALID. */
static void test_tf_nn_conv2d(void) {
    double x[25] = {2, 1, 2, 0, 1, 1, 3, 2, 2, 3, 1, 1, 3, 3, 0, 2, 2, 0, 1, 1, 0, 0, 3, 1, 2};
    /* [F][C][kh][kw] from TF's [kh][kw][C][F] = [[[[2,.1]],[[3,.2]]],[[[0,.3]],[[1,.4]]]] */
    double w[8] = {2, 3, 0, 1, 0.1, 0.2, 0.3, 0.4};
    double want[2][16] = {{10, 10, 6, 6, 12, 15, 13, 13, 7, 11, 16, 7, 10, 7, 4, 7},
                          {1.9, 2.2, 1.6, 2.0, 1.4, 2.2, 2.7, 1.7, 1.7, 1.3, 1.3, 1.0, 0.6, 1.4, 1.5, 1.4}};
    conv_params p = params2d(2, 2, 1, 0);
    int sp[CONV_SP] = {1, 5, 5};
    conv_geom g;
    double out[32];
    CHECK(conv_resolve(&p, 1, sp, &g, NULL) == 0);
    CHECK_INT(g.out_sp[1], 4);
    CHECK_INT(g.out_sp[2], 4);
    CHECK_INT(g.param_count, 8);
    conv_forward(&g, x, w, NULL, out);
    for (int f = 0; f < 2; f++)
        for (int i = 0; i < 16; i++) CHECK_NEAR(out[f * 16 + i], want[f][i], 1e-9);
}

/* Reference note 000: a 5x5 image and a 3x3 kernel give 51, 66, ..., -2. */
static void test_kernel_51(void) {
    double x[25] = {2, 4, 9, 1, 4, 2, 1, 4, 4, 6, 1, 1, 2, 9, 2, 7, 3, 5, 1, 3, 2, 3, 4, 8, 5};
    double w[9] = {1, 2, 3, -4, 7, 4, 2, -5, 1};
    conv_params p = params2d(1, 3, 1, 0);
    int sp[CONV_SP] = {1, 5, 5};
    conv_geom g;
    double out[9];
    CHECK(conv_resolve(&p, 1, sp, &g, NULL) == 0);
    conv_forward(&g, x, w, NULL, out);
    CHECK_NEAR(out[0], 51, 0);
    CHECK_NEAR(out[1], 66, 0);
    CHECK_NEAR(out[8], -2, 0);
}

/* TensorFlow 'same' with stride 2 puts the odd cell of padding after. */
static void test_same_stride2(void) {
    double in8[8] = {1, 2, 3, 4, 5, 6, 7, 8}, ones[3] = {1, 1, 1};
    double want8[4] = {6, 12, 18, 15}, want7[4] = {3, 9, 15, 13};
    conv_params p = params1d(3, 2, 1, CONV_PAD_SAME, 0);
    int sp8[CONV_SP] = {1, 1, 8}, sp7[CONV_SP] = {1, 1, 7}, sp5[CONV_SP] = {1, 1, 5};
    conv_geom g;
    check_1d(p, in8, 8, ones, want8, 4);
    CHECK(conv_resolve(&p, 1, sp8, &g, NULL) == 0);
    CHECK_INT(g.pad_lo[2], 0);
    CHECK_INT(g.pad_hi[2], 1);
    check_1d(p, in8, 7, ones, want7, 4);
    CHECK(conv_resolve(&p, 1, sp7, &g, NULL) == 0);
    CHECK_INT(g.pad_lo[2], 1);
    CHECK_INT(g.pad_hi[2], 1);
    /* k = 4, stride 1: total 3, one before and two after (TF), out = in */
    p = params1d(4, 1, 1, CONV_PAD_SAME, 0);
    CHECK(conv_resolve(&p, 1, sp5, &g, NULL) == 0);
    CHECK_INT(g.pad_lo[2], 1);
    CHECK_INT(g.pad_hi[2], 2);
    CHECK_INT(g.out_sp[2], 5);
    /* Keras notebook: 8x8, k3, same, strides 2 -> 4x4 */
    {
        conv_params q = params2d(2, 3, 2, 0);
        int sp[CONV_SP] = {1, 8, 8};
        q.padding = CONV_PAD_SAME;
        q.bias = 1;
        CHECK(conv_resolve(&q, 1, sp, &g, NULL) == 0);
        CHECK_INT(g.out_sp[1], 4);
        CHECK_INT(g.out_sp[2], 4);
        CHECK_INT(g.param_count, 20);
    }
}

static void test_full_and_dilation(void) {
    double in[7] = {1, 2, 3, 4, 5, 6, 7}, ones[3] = {1, 1, 1};
    double want_d2[3] = {9, 12, 15};
    double want_full[5] = {1, 3, 6, 5, 3}; /* [1,2,3] full with ones */
    check_1d(params1d(3, 1, 2, CONV_PAD_VALID, 0), in, 7, ones, want_d2, 3);
    check_1d(params1d(3, 1, 1, CONV_PAD_FULL, 0), in, 3, ones, want_full, 5);
}

/* Keras' causal padding: d*(k-1) zeros before, none after; output t reads
 * inputs t-d*(k-1) .. t only. Values as PyTorch gives with F.pad((4, 0)). */
static void test_causal(void) {
    double in[6] = {1, 2, 3, 4, 5, 6}, w[3] = {1, 10, 100};
    double want[6] = {100, 200, 310, 420, 531, 642}; /* d 2: x[t-4] + 10 x[t-2] + 100 x[t] */
    double want_s2[3] = {100, 310, 531};
    conv_params p = params1d(3, 1, 2, CONV_PAD_CAUSAL, 0);
    int sp[CONV_SP] = {1, 1, 6}, sp2[CONV_SP] = {1, 6, 6};
    conv_geom g;
    errmsg e;
    check_1d(p, in, 6, w, want, 6);
    CHECK(conv_resolve(&p, 1, sp, &g, NULL) == 0);
    CHECK_INT(g.pad_lo[2], 4);
    CHECK_INT(g.pad_hi[2], 0);
    p.stride[2] = 2;
    check_1d(p, in, 6, w, want_s2, 3);
    CHECK_STR(conv_padding_name(CONV_PAD_CAUSAL), "causal");
    /* conv1d only */
    {
        conv_params q = params2d(1, 3, 1, 0);
        q.padding = CONV_PAD_CAUSAL;
        CHECK(conv_resolve(&q, 1, sp2, &g, &e) == -1);
        CHECK_STR(e.msg, "padding: 'causal' is for conv1d only, this layer is conv2d");
    }
}

/* Every padding mode on [1,2,3,4], kernel [1,10,100], padding 2; the digits
 * of each output show which cells the taps read. Values as PyTorch gives. */
static void test_padding_modes(void) {
    double in[4] = {1, 2, 3, 4}, w[3] = {1, 10, 100};
    double zeros[6] = {100, 210, 321, 432, 43, 4};
    double reflect[6] = {123, 212, 321, 432, 343, 234};
    double replicate[6] = {111, 211, 321, 432, 443, 444};
    double circular[6] = {143, 214, 321, 432, 143, 214};
    conv_params p = params1d(3, 1, 1, CONV_PAD_AMOUNT, 2);
    check_1d(p, in, 4, w, zeros, 6);
    p.padding_mode = CONV_MODE_REFLECT;
    check_1d(p, in, 4, w, reflect, 6);
    p.padding_mode = CONV_MODE_REPLICATE;
    check_1d(p, in, 4, w, replicate, 6);
    p.padding_mode = CONV_MODE_CIRCULAR;
    check_1d(p, in, 4, w, circular, 6);
}

/* 2D reflect at a corner: both axes mirror. 3x3 ramp, k1... use k3 p1 with
 * a one-hot kernel at tap 0 so output (0,0) reads padded (0,0) = in(1,1). */
static void test_reflect_corner(void) {
    double in[9] = {1, 2, 3, 4, 5, 6, 7, 8, 9}, w[9] = {1, 0, 0, 0, 0, 0, 0, 0, 0}, out[9];
    conv_params p = params2d(1, 3, 1, 1);
    int sp[CONV_SP] = {1, 3, 3};
    conv_geom g;
    conv_tap t;
    int o[CONV_SP] = {0, 0, 0};
    p.padding_mode = CONV_MODE_REFLECT;
    CHECK(conv_resolve(&p, 1, sp, &g, NULL) == 0);
    conv_forward(&g, in, w, NULL, out);
    CHECK_NEAR(out[0], 5, 0);  /* padded (0,0) mirrors to (1,1) */
    CHECK_NEAR(out[1], 4, 0);  /* padded (0,1) mirrors to (1,0) */
    CHECK_NEAR(out[4], 1, 0);
    conv_tap_at(&g, o, 0, &t);
    CHECK_INT(t.kind, CONV_TAP_COPY);
    CHECK_INT(t.src[1], 1);
    CHECK_INT(t.src[2], 1);
    conv_tap_at(&g, o, 4, &t);
    CHECK_INT(t.kind, CONV_TAP_DATA);
    p.padding_mode = CONV_MODE_ZEROS;
    CHECK(conv_resolve(&p, 1, sp, &g, NULL) == 0);
    conv_tap_at(&g, o, 0, &t);
    CHECK_INT(t.kind, CONV_TAP_PAD);
    CHECK_INT(t.at[1], 0);
}

static void test_conv3d_and_activation(void) {
    double in[8] = {1, 2, 3, 4, 5, 6, 7, 8}, w[8] = {1, 1, 1, 1, 1, 1, 1, 1}, b = -40, out[1];
    conv_params p;
    int sp[CONV_SP] = {2, 2, 2};
    conv_geom g;
    conv_params_init(&p, CONV_3D);
    p.kernel[0] = p.kernel[1] = p.kernel[2] = 2;
    CHECK(conv_resolve(&p, 1, sp, &g, NULL) == 0);
    CHECK_INT(g.kvol, 8);
    CHECK_INT(g.param_count, 9);
    conv_forward(&g, in, w, &b, out);
    CHECK_NEAR(out[0], -4, 0);
    p.activation = CONV_ACT_RELU;
    CHECK(conv_resolve(&p, 1, sp, &g, NULL) == 0);
    conv_forward(&g, in, w, &b, out);
    CHECK_NEAR(out[0], 0, 0);
    CHECK_NEAR(conv_activate(CONV_ACT_SIGMOID, 0), 0.5, 0);
    CHECK_NEAR(conv_activate(CONV_ACT_TANH, 1), 0.76159415595576485, 1e-15);
}

/* ones(2x2) conv_transpose ones(3x3), stride 1: the classic overlap count. */
static void test_transposed_hand(void) {
    double in[4] = {1, 1, 1, 1}, w[9] = {1, 1, 1, 1, 1, 1, 1, 1, 1}, out[16];
    double want[16] = {1, 2, 2, 1, 2, 4, 4, 2, 2, 4, 4, 2, 1, 2, 2, 1};
    conv_params p = params2d(1, 3, 1, 0);
    int sp[CONV_SP] = {1, 2, 2};
    conv_geom g;
    p.kind = CONV_TRANSPOSE_2D;
    CHECK(conv_resolve(&p, 1, sp, &g, NULL) == 0);
    CHECK_INT(g.out_sp[1], 4);
    conv_forward(&g, in, w, NULL, out);
    for (int i = 0; i < 16; i++) CHECK_NEAR(out[i], want[i], 0);
}

static void random_fill(double *a, int64_t n, uint64_t seed) {
    tensor_fill f = {TENSOR_FILL_RANDOM, seed, -3, 3, 1};
    tensor_fill_apply(&f, a, n);
}

/* Transposed convolution equals a direct one over the zero-inserted input,
 * padded by d*(k-1) - p (+ output_padding after), with the kernel flipped
 * and its channel axes swapped. */
static void check_transposed_equiv(int in_c, int filters, int groups, int n, int k, int s, int pad, int d, int op) {
    conv_params pt = params2d(filters, k, s, pad), pd;
    int sp[CONV_SP] = {1, n, n}, zn = (n - 1) * s + 1, q = d * (k - 1) - pad, zsp[CONV_SP] = {1, zn, zn};
    conv_geom gt, gd;
    double *in, *w, *b, *z, *wd, *ot, *od;
    errmsg e;
    pt.kind = CONV_TRANSPOSE_2D;
    pt.groups = groups;
    pt.bias = 1;
    pt.dilation[1] = pt.dilation[2] = d;
    pt.output_padding[1] = pt.output_padding[2] = op;
    if (!CHECK(conv_resolve(&pt, in_c, sp, &gt, &e) == 0)) { fprintf(stderr, "  %s\n", e.msg); return; }
    pd = pt;
    pd.kind = CONV_2D;
    pd.stride[1] = pd.stride[2] = 1;
    pd.output_padding[1] = pd.output_padding[2] = 0;
    pd.pad[1][0] = pd.pad[2][0] = q;
    pd.pad[1][1] = pd.pad[2][1] = q + op;
    if (!CHECK(conv_resolve(&pd, in_c, zsp, &gd, &e) == 0)) { fprintf(stderr, "  %s\n", e.msg); return; }
    CHECK_INT(gd.out_sp[1], gt.out_sp[1]);
    CHECK_INT(gd.out_sp[2], gt.out_sp[2]);
    in = calloc((size_t)in_c * n * n, sizeof *in);
    w = calloc((size_t)gt.weight_count, sizeof *w);
    b = calloc((size_t)filters, sizeof *b);
    z = calloc((size_t)in_c * zn * zn, sizeof *z);
    wd = calloc((size_t)gd.weight_count, sizeof *wd);
    ot = calloc((size_t)filters * gt.out_cells, sizeof *ot);
    od = calloc((size_t)filters * gd.out_cells, sizeof *od);
    random_fill(in, (int64_t)in_c * n * n, 11);
    random_fill(w, gt.weight_count, 12);
    random_fill(b, filters, 13);
    for (int c = 0; c < in_c; c++)
        for (int y = 0; y < n; y++)
            for (int x = 0; x < n; x++) z[((int64_t)c * zn + y * s) * zn + x * s] = in[((int64_t)c * n + y) * n + x];
    for (int f = 0; f < filters; f++)
        for (int c = 0; c < gt.cpg; c++)
            for (int t = 0; t < gt.kvol; t++)
                wd[conv_weight_index(&gd, f, c, t)] = w[conv_weight_index(&gt, f, c, gt.kvol - 1 - t)];
    conv_forward(&gt, in, w, b, ot);
    conv_forward(&gd, z, wd, b, od);
    for (int64_t i = 0; i < filters * gt.out_cells; i++) CHECK_NEAR(ot[i], od[i], 1e-12);
    free(in); free(w); free(b); free(z); free(wd); free(ot); free(od);
}

static void test_transposed_equiv(void) {
    check_transposed_equiv(2, 2, 1, 3, 3, 2, 1, 1, 1);
    check_transposed_equiv(1, 1, 1, 2, 3, 2, 0, 1, 0);
    check_transposed_equiv(4, 6, 2, 3, 3, 1, 2, 1, 0);
    check_transposed_equiv(2, 3, 1, 4, 2, 3, 1, 2, 1);
}

/* Grouped convolution equals the groups run separately and concatenated. */
static void test_groups(void) {
    conv_params p = params2d(6, 3, 1, 1), q;
    int sp[CONV_SP] = {1, 4, 4};
    conv_geom g, h;
    double in[64], w[6 * 2 * 9], b[6], out[6 * 16], part[3 * 16];
    p.groups = 2;
    p.bias = 1;
    random_fill(in, 64, 1);
    random_fill(w, 6 * 2 * 9, 2);
    random_fill(b, 6, 3);
    CHECK(conv_resolve(&p, 4, sp, &g, NULL) == 0);
    CHECK_INT(g.cpg, 2);
    CHECK_INT(g.param_count, 6 * 2 * 9 + 6);
    conv_forward(&g, in, w, b, out);
    q = p;
    q.groups = 1;
    q.filters = 3;
    CHECK(conv_resolve(&q, 2, sp, &h, NULL) == 0);
    for (int grp = 0; grp < 2; grp++) {
        conv_forward(&h, in + grp * 2 * 16, w + grp * 3 * 2 * 9, b + grp * 3, part);
        for (int i = 0; i < 3 * 16; i++) CHECK_NEAR(out[grp * 3 * 16 + i], part[i], 1e-12);
    }
    /* depthwise: groups = channels */
    q = p;
    q.groups = 4;
    q.filters = 4;
    CHECK(conv_resolve(&q, 4, sp, &h, NULL) == 0);
    CHECK_INT(h.cpg, 1);
    CHECK_INT(conv_group_first_channel(&h, 3), 3);
}

static void check_error(conv_params p, int in_c, int h, int w, const char *want) {
    int sp[CONV_SP] = {1, h, w};
    conv_geom g;
    errmsg e;
    e.msg[0] = 0;
    CHECK(conv_resolve(&p, in_c, sp, &g, &e) == -1);
    CHECK_STR(e.msg, want);
}

static void test_errors(void) {
    conv_params p = params2d(1, 7, 1, 0);
    check_error(p, 1, 5, 5,
                "kernel_size: output H = (5 + 2*0 - 1*(7-1) - 1)/1 + 1 = -1, must be at least 1: "
                "the kernel spans 7 cells (dilation 1), the padded input only 5");
    p = params2d(2, 3, 1, 0);
    p.groups = 2;
    check_error(p, 3, 5, 5, "groups: in_channels 3 is not divisible by groups 2");
    p = params2d(3, 3, 1, 0);
    p.groups = 2;
    check_error(p, 4, 5, 5, "groups: filters 3 is not divisible by groups 2");
    p = params2d(1, 3, 0, 0);
    check_error(p, 1, 5, 5, "stride: must be at least 1, got 0");
    p = params2d(1, 3, 1, 0);
    p.dilation[2] = 0;
    check_error(p, 1, 5, 5, "dilation: must be at least 1, got 0");
    p = params2d(1, 3, 1, -1);
    check_error(p, 1, 5, 5, "padding: must not be negative, got -1");
    p = params2d(1, 3, 1, 4);
    p.padding_mode = CONV_MODE_REFLECT;
    check_error(p, 1, 4, 4, "padding: reflect padding 4 on H must be less than the input size 4");
    p.padding_mode = CONV_MODE_CIRCULAR;
    p.pad[1][0] = p.pad[1][1] = p.pad[2][0] = p.pad[2][1] = 5;
    check_error(p, 1, 4, 4, "padding: circular padding 5 on H must be at most the input size 4");
    p = params2d(1, 3, 2, 0);
    p.kind = CONV_TRANSPOSE_2D;
    p.output_padding[1] = p.output_padding[2] = 2;
    check_error(p, 1, 3, 3, "output_padding: 2 must be smaller than the stride (2) or the dilation (1)");
    p = params2d(0, 3, 1, 0);
    check_error(p, 1, 5, 5, "filters: must be at least 1, got 0");
    /* size limits are checked, never allocated */
    p = params2d(64, 1, 1, 0);
    check_error(p, 1, 4096, 4096, "output: more than 16777216 values, the limit on a tensor");
    check_error(p, 1, 100000, 100000, "input: more than 16777216 values, the limit on a tensor");
    p = params2d(1, 65, 1, 0);
    check_error(p, 1, 100, 100, "kernel_size: kernel volume is more than 4096 taps, the limit");
    /* work is bounded too: 4096 filters x 1M cells x 1 x 9 taps */
    p = params2d(4096, 3, 1, 1);
    check_error(p, 1, 1024, 1024, "output: more than 16777216 values, the limit on a tensor");
    p = params2d(16, 3, 1, 1);
    check_error(p, 64, 1024, 1024,
                "filters: 9663676416 multiply-adds (16 filters x 1048576 output cells x 64 channels x 9 taps), "
                "the limit on a layer is 1073741824");
    /* output padding on a direct convolution */
    p = params2d(1, 3, 1, 0);
    p.output_padding[2] = 1;
    check_error(p, 1, 5, 5, "output_padding: only conv_transpose2d has it, got 1");
}

static void test_formula(void) {
    conv_params p = params2d(2, 3, 2, 1);
    int sp[CONV_SP] = {1, 5, 5}, sp6[CONV_SP] = {1, 6, 6};
    conv_geom g;
    char buf[128];
    p.bias = 1;
    CHECK(conv_resolve(&p, 3, sp, &g, NULL) == 0);
    conv_formula(buf, sizeof buf, &g, 1);
    CHECK_STR(buf, "(5 + 2*1 - 1*(3-1) - 1)/2 + 1 = 3");
    CHECK_INT(g.param_count, 56);
    CHECK_INT(g.macs, 2 * 9 * 27);
    CHECK(conv_resolve(&p, 3, sp6, &g, NULL) == 0);
    conv_formula(buf, sizeof buf, &g, 2);
    CHECK_STR(buf, "floor((6 + 2*1 - 1*(3-1) - 1)/2) + 1 = 3");
    p.pad[2][0] = 0;
    CHECK(conv_resolve(&p, 3, sp, &g, NULL) == 0);
    conv_formula(buf, sizeof buf, &g, 2);
    CHECK_STR(buf, "floor((5 + 0 + 1 - 1*(3-1) - 1)/2) + 1 = 2");
    p = params2d(1, 3, 2, 1);
    p.kind = CONV_TRANSPOSE_2D;
    p.output_padding[1] = p.output_padding[2] = 1;
    CHECK(conv_resolve(&p, 1, (int[CONV_SP]){1, 3, 3}, &g, NULL) == 0);
    conv_formula(buf, sizeof buf, &g, 1);
    CHECK_STR(buf, "(3-1)*2 - 2*1 + 1*(3-1) + 1 + 1 = 6");
}

static int feeds_count;
static int64_t feeds_last_cell;
static int feeds_last_tap;
static void count_feed(void *ctx, int64_t cell, int tap) {
    (void)ctx;
    feeds_count++;
    feeds_last_cell = cell;
    feeds_last_tap = tap;
}

/* Every (cell, tap) conv_feeds reports reads the input cell, and it finds
 * them all: checked against a scan of every tap of every output cell. */
static void check_feeds(conv_params p, int n) {
    int sp[CONV_SP] = {1, n, n};
    conv_geom g;
    if (!CHECK(conv_resolve(&p, 1, sp, &g, NULL) == 0)) return;
    for (int y = 0; y < n; y++)
        for (int x = 0; x < n; x++) {
            int in[CONV_SP] = {0, y, x}, scan = 0;
            for (int64_t cell = 0; cell < g.out_cells; cell++) {
                int o[CONV_SP];
                conv_cell_coords(&g, cell, o);
                for (int t = 0; t < g.kvol; t++) {
                    conv_tap tp;
                    conv_tap_at(&g, o, t, &tp);
                    if ((tp.kind == CONV_TAP_DATA || tp.kind == CONV_TAP_COPY) && tp.src[1] == y && tp.src[2] == x)
                        scan++;
                }
            }
            feeds_count = 0;
            conv_feeds(&g, in, count_feed, NULL);
            CHECK_INT(feeds_count, scan);
        }
}

static void test_feeds(void) {
    conv_params p = params2d(1, 3, 2, 1);
    int sp[CONV_SP] = {1, 5, 5}, corner[CONV_SP] = {0, 0, 0}, mid[CONV_SP] = {0, 1, 1};
    conv_geom g;
    CHECK(conv_resolve(&p, 1, sp, &g, NULL) == 0);
    feeds_count = 0;
    conv_feeds(&g, corner, count_feed, NULL);
    CHECK_INT(feeds_count, 1);
    CHECK_INT(feeds_last_cell, 0);
    CHECK_INT(feeds_last_tap, 4);
    feeds_count = 0;
    conv_feeds(&g, mid, count_feed, NULL);
    CHECK_INT(feeds_count, 4);
    check_feeds(p, 5);
    p.padding_mode = CONV_MODE_REFLECT;
    check_feeds(p, 5);
    p.padding_mode = CONV_MODE_CIRCULAR;
    check_feeds(p, 4);
    p.padding_mode = CONV_MODE_REPLICATE;
    p.dilation[1] = p.dilation[2] = 2;
    check_feeds(p, 6);
    p = params2d(1, 3, 2, 1);
    p.kind = CONV_TRANSPOSE_2D;
    check_feeds(p, 3);
}

/* The vocabularies and the one 'same' formula (TensorFlow's, any stride). */
static void test_names_and_same(void) {
    int lo, hi;
    CHECK_STR(conv_kind_name(CONV_TRANSPOSE_2D), "conv_transpose2d");
    CHECK_STR(conv_padding_name(CONV_PAD_AMOUNT), "explicit");
    CHECK_STR(conv_padding_name(CONV_PAD_SAME), "same");
    CHECK_STR(conv_padmode_name(CONV_MODE_CIRCULAR), "circular");
    CHECK_STR(conv_act_name(CONV_ACT_TANH), "tanh");
    CHECK_STR(conv_act_name((conv_act)99), "?");
    conv_same_padding(5, 3, 1, 1, &lo, &hi); /* total 2 */
    CHECK_INT(lo, 1);
    CHECK_INT(hi, 1);
    conv_same_padding(6, 3, 2, 1, &lo, &hi); /* (3-1)*2 + 3 - 6 = 1: the extra cell after */
    CHECK_INT(lo, 0);
    CHECK_INT(hi, 1);
    conv_same_padding(8, 3, 2, 2, &lo, &hi); /* (4-1)*2 + 5 - 8 = 3 */
    CHECK_INT(lo, 1);
    CHECK_INT(hi, 2);
    conv_same_padding(5, 1, 3, 1, &lo, &hi); /* never negative */
    CHECK_INT(lo + hi, 0);
}

/* The whole-layer pass (rows at a time for zeros padding) gives conv_cell's
 * numbers to the bit, over random layers of every direct kind: strides,
 * dilation, asymmetric padding, groups, bias, activations. */
static void test_forward_is_cell(void) {
    uint64_t st = 5;
    int layers = 0, cells_same = 0, cells = 0;
    for (int t = 0; t < 300; t++) {
        conv_params p;
        conv_geom g;
        int in_sp[CONV_SP] = {1, 1, 1}, in_c, nd;
        conv_kind kind = (conv_kind)(tensor_rng_next(&st) % 3);
        double *in, *w, *b, *out;
        conv_params_init(&p, kind);
        nd = conv_ndim(kind);
        in_c = 1 + (int)(tensor_rng_next(&st) % 4);
        p.groups = tensor_rng_next(&st) % 2 ? in_c : 1;
        p.filters = p.groups * (1 + (int)(tensor_rng_next(&st) % 3));
        p.padding = CONV_PAD_AMOUNT;
        p.bias = (int)(tensor_rng_next(&st) % 2);
        p.activation = (conv_act)(tensor_rng_next(&st) % 4);
        for (int a = CONV_SP - nd; a < CONV_SP; a++) {
            in_sp[a] = 1 + (int)(tensor_rng_next(&st) % 9);
            p.kernel[a] = 1 + (int)(tensor_rng_next(&st) % 4);
            p.stride[a] = 1 + (int)(tensor_rng_next(&st) % 3);
            p.dilation[a] = 1 + (int)(tensor_rng_next(&st) % 3);
            p.pad[a][0] = (int)(tensor_rng_next(&st) % 4);
            p.pad[a][1] = (int)(tensor_rng_next(&st) % 4);
        }
        if (conv_resolve(&p, in_c, in_sp, &g, NULL) != 0) continue;
        layers++;
        in = malloc((size_t)(in_c * g.in_cells) * sizeof *in);
        w = malloc((size_t)g.weight_count * sizeof *w);
        b = malloc((size_t)p.filters * sizeof *b);
        out = malloc((size_t)(g.out_c * g.out_cells) * sizeof *out);
        for (int64_t i = 0; i < in_c * g.in_cells; i++) in[i] = (double)(tensor_rng_next(&st) % 2001) / 997 - 1;
        for (int64_t i = 0; i < g.weight_count; i++) w[i] = (double)(tensor_rng_next(&st) % 2001) / 1009 - 1;
        for (int i = 0; i < p.filters; i++) b[i] = (double)(tensor_rng_next(&st) % 101) / 103;
        conv_forward(&g, in, w, b, out);
        for (int f = 0; f < g.out_c; f++)
            for (int64_t c = 0; c < g.out_cells; c++) {
                cells++;
                cells_same += out[f * g.out_cells + c] == conv_cell(&g, in, w, b, f, c, NULL, NULL);
            }
        free(in), free(w), free(b), free(out);
    }
    CHECK(layers > 100);
    CHECK_INT(cells_same, cells);
}

int main(void) {
    test_forward_is_cell();
    test_tf_nn_conv2d();
    test_kernel_51();
    test_same_stride2();
    test_full_and_dilation();
    test_causal();
    test_padding_modes();
    test_reflect_corner();
    test_conv3d_and_activation();
    test_transposed_hand();
    test_transposed_equiv();
    test_groups();
    test_errors();
    test_formula();
    test_feeds();
    test_names_and_same();
    return check_done();
}
