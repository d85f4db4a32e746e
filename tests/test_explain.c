#include "check.h"

#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "explain.h"
#include "tensor.h"

static void test_numbers(void) {
    char b[64];
    explain_num(b, sizeof b, 51);
    CHECK_STR(b, "51");
    explain_num(b, sizeof b, 0.1);
    CHECK_STR(b, "0.1");
    explain_num(b, sizeof b, 0.1 + 0.2);
    CHECK_STR(b, "0.30000000000000004");
    explain_num(b, sizeof b, -0.0);
    CHECK_STR(b, "0");
    explain_num(b, sizeof b, 1e21);
    CHECK_STR(b, "1e+21");
    /* 15, 16 and 17 digits, tiny, negative whole, and truncation */
    explain_num(b, sizeof b, 0.123456789012345);
    CHECK_STR(b, "0.123456789012345");
    explain_num(b, sizeof b, 1.0 / 3);
    CHECK_STR(b, "0.3333333333333333");
    explain_num(b, sizeof b, 2.0 / 3);
    CHECK_STR(b, "0.6666666666666666");
    explain_num(b, sizeof b, 1.9000000000000001);
    CHECK_STR(b, "1.9000000000000001");
    explain_num(b, sizeof b, 1e-5);
    CHECK_STR(b, "1e-05");
    explain_num(b, sizeof b, -9007199254740991.0);
    CHECK_STR(b, "-9007199254740991");
    CHECK_INT(explain_num(b, 3, -1234), 5);
    CHECK_STR(b, "-1");
    explain_short(b, sizeof b, 1.0 / 3, 3);
    CHECK_STR(b, "0.333");
    explain_short(b, sizeof b, -12, 3);
    CHECK_STR(b, "-12");
}

/* The shortest digits that read back: what trying 1 to 17 digits of %g
 * gives (the definition; whole numbers below 2^53 in full), for values
 * over the whole range. */
static void test_numbers_shortest(void) {
    uint64_t st = 14;
    int same = 0, n = 60000;
    for (int i = 0; i < n; i++) {
        char got[64], want[64], tmp[40];
        double v;
        uint64_t r = tensor_rng_next(&st);
        switch (i % 4) {
        case 0: v = (double)(r >> 11) / 9007199254740992.0 * 20 - 10; break;   /* 53 random bits */
        case 1: v = (double)(int64_t)(r % 2000001) / 1000 - 1000; break;      /* short decimals */
        case 2: v = ldexp((double)(r >> 11), (int)(r % 120) - 100); break;    /* many exponents */
        default: v = 1.0 / (double)(1 + r % 1000); break;
        }
        if (r & 1) v = -v;
        if (v == floor(v)) v += 0.5;
        for (int prec = 1; prec <= 17; prec++) {
            snprintf(tmp, sizeof tmp, "%.*g", prec, v);
            if (strtod(tmp, NULL) == v) break;
        }
        snprintf(want, sizeof want, "%s", tmp);
        if (v == floor(v) && fabs(v) < 9007199254740992.0) snprintf(want, sizeof want, "%.0f", v);
        explain_num(got, sizeof got, v);
        if (strcmp(got, want) == 0) same++;
        else if (i - same < 5) fprintf(stderr, "  %s, want %s\n", got, want);
    }
    CHECK_INT(same, n);
}

/* Reference note 000: 2*1 + 4*2 + 9*3 + 2*(-4) + ... = 51, 66, -2. */
static void test_kernel_51(void) {
    scene s;
    conv_params p;
    int sp[CONV_SP] = {1, 5, 5};
    double x[25] = {2, 4, 9, 1, 4, 2, 1, 4, 4, 6, 1, 1, 2, 9, 2, 7, 3, 5, 1, 3, 2, 3, 4, 8, 5};
    double w[9] = {1, 2, 3, -4, 7, 4, 2, -5, 1};
    char b[512];
    const conv_geom *g;
    conv_params_init(&p, CONV_2D);
    p.kernel[1] = p.kernel[2] = 3;
    p.bias = 0;
    CHECK(scene_make(&s, &p, 1, sp, 1, NULL) == 0);
    g = &s.layer[0].g;
    memcpy(s.input, x, sizeof x);
    memcpy(s.layer[0].weight, w, sizeof w);
    CHECK(scene_compute(&s, NULL) == 0);
    explain_cell(b, sizeof b, g, s.input, w, NULL, 0, 0);
    CHECK_STR(b, "2*1 + 4*2 + 9*3 + 2*(-4) + 1*7 + 4*4 + 1*2 + 1*(-5) + 2*1 = 51\n");
    explain_cell(b, sizeof b, g, s.input, w, NULL, 0, 1);
    CHECK_STR(b, "4*1 + 9*2 + 1*3 + 1*(-4) + 4*7 + 4*4 + 1*2 + 2*(-5) + 9*1 = 66\n");
    explain_cell(b, sizeof b, g, s.input, w, NULL, 0, 8);
    CHECK_STR(b, "2*1 + 9*2 + 2*3 + 5*(-4) + 1*7 + 3*4 + 4*2 + 8*(-5) + 5*1 = -2\n");
    /* the caption at position granularity shows the one channel's products */
    {
        sched_state st;
        CHECK(sched_state_init(&st, g, NULL) == 0);
        sched_state_at(&st, g, SCHED_POSITION, 1, s.input, w, NULL);
        explain_step(b, sizeof b, g, &st, SCHED_POSITION);
        CHECK_STR(b, "4*1 + 9*2 + 1*3 + 1*(-4) + 4*7 + 4*4 + 1*2 + 2*(-5) + 9*1 = 66");
        sched_state_free(&st);
    }
    /* truncation is safe and reports the wanted length */
    CHECK_INT(explain_cell(b, 10, g, s.input, w, NULL, 0, 0), 63);
    CHECK_INT((int)strlen(b), 9);
    scene_free(&s);
}

static void test_multichannel(void) {
    scene s;
    conv_params p;
    int sp[CONV_SP] = {1, 3, 3};
    char b[1024];
    const conv_geom *g;
    conv_params_init(&p, CONV_2D);
    p.kernel[1] = p.kernel[2] = 2;
    p.activation = CONV_ACT_RELU;
    CHECK(scene_make(&s, &p, 2, sp, 3, NULL) == 0);
    g = &s.layer[0].g;
    for (int i = 0; i < 18; i++) s.input[i] = i < 9 ? 1 : 2;
    for (int i = 0; i < 8; i++) s.layer[0].weight[i] = i < 4 ? 1 : -1;
    s.layer[0].bias[0] = 3;
    CHECK(scene_compute(&s, NULL) == 0);
    explain_cell(b, sizeof b, g, s.input, s.layer[0].weight, s.layer[0].bias, 0, 0);
    CHECK_STR(b, "channel 0: 1*1 + 1*1 + 1*1 + 1*1 = 4\n"
                 "channel 1: 2*(-1) + 2*(-1) + 2*(-1) + 2*(-1) = -8\n"
                 "bias: 3\n"
                 "total: 4 + (-8) + 3 = -1\n"
                 "relu(-1) = 0\n");
    CHECK_NEAR(s.layer[0].out[0], 0, 0);
    explain_params(b, sizeof b, g);
    CHECK_STR(b, "(2*2*2 + 1)*1 = 9");
    scene_free(&s);
}

static void test_step_caption(void) {
    scene s;
    sched_state st;
    char b[512];
    const conv_geom *g;
    CHECK(scene_make_default(&s, NULL) == 0);
    g = &s.layer[0].g;
    CHECK(sched_state_init(&st, g, NULL) == 0);
    sched_state_at(&st, g, SCHED_MAC, 4, s.input, s.layer[0].weight, s.layer[0].bias);
    explain_step(b, sizeof b, g, &st, SCHED_MAC);
    CHECK_HAS(b, "channel 0:  ");
    CHECK_HAS(b, "channel sum so far");
    sched_state_at(&st, g, SCHED_POSITION, 0, s.input, s.layer[0].weight, s.layer[0].bias);
    explain_step(b, sizeof b, g, &st, SCHED_POSITION);
    CHECK_HAS(b, " + bias 1 = ");
    explain_params(b, sizeof b, g);
    CHECK_STR(b, "(3*3*3 + 1)*2 = 56");
    explain_groups(b, sizeof b, g);
    CHECK_STR(b, "");
    {
        /* depthwise with multiplier 2: 3 channels, 6 filters */
        conv_params p;
        scene d;
        int sp[CONV_SP] = {1, 5, 5};
        conv_params_init(&p, CONV_2D);
        p.filters = 6;
        p.groups = 3;
        p.kernel[1] = p.kernel[2] = 3;
        CHECK(scene_make(&d, &p, 3, sp, 1, NULL) == 0);
        explain_groups(b, sizeof b, &d.layer[0].g);
        CHECK_STR(b, "channels/groups = 3/3 = 1 a filter, filters/groups = 6/3 = 2 a group\n"
                     "a group: (3*3*1 + 1)*2 = 20; 3 groups: 60");
        explain_params(b, sizeof b, &d.layer[0].g);
        CHECK_STR(b, "(3*3*1 + 1)*6 = 60");
        scene_free(&d);
    }
    conv_formula(b, sizeof b, g, 2);
    CHECK_STR(b, "(5 + 2*1 - 1*(3-1) - 1)/2 + 1 = 3");
    sched_state_free(&st);
    scene_free(&s);
}

static int count_terms(const char *s) {
    int n = 1;
    for (; *s && *s != '='; s++) n += *s == '+';
    return n;
}

/* A transposed layer gathers only from input cells: output (1,1) of a 2x2
 * input, stride 2, kernel 3 reads one of them, (2,2) reads four. */
static void test_transposed_terms(void) {
    scene s;
    conv_params p;
    int sp[CONV_SP] = {1, 2, 2};
    char b[512];
    conv_params_init(&p, CONV_TRANSPOSE_2D);
    p.kernel[1] = p.kernel[2] = 3;
    p.stride[1] = p.stride[2] = 2;
    p.bias = 0;
    CHECK(scene_make(&s, &p, 1, sp, 1, NULL) == 0);
    explain_cell(b, sizeof b, &s.layer[0].g, s.input, s.layer[0].weight, NULL, 0, 1 * 5 + 1);
    CHECK_INT(count_terms(b), 1);
    explain_cell(b, sizeof b, &s.layer[0].g, s.input, s.layer[0].weight, NULL, 0, 2 * 5 + 2);
    CHECK_INT(count_terms(b), 4);
    scene_free(&s);
}

/* The output size as the panels write it, one axis at a time. */
static void test_out_size(void) {
    scene s;
    char buf[256];
    CHECK(scene_make_default(&s, NULL) == 0);
    explain_out_size(buf, sizeof buf, &s.layer[0].g, 1);
    CHECK_STR(buf, "H_out = (5 + 2*1 - 1*(3-1) - 1)/2 + 1 = 3");
    explain_out_size(buf, sizeof buf, &s.layer[0].g, 2);
    CHECK_STR(buf, "W_out = (5 + 2*1 - 1*(3-1) - 1)/2 + 1 = 3");
    scene_free(&s);
}

/* Three 3x3 layers, the middle one of stride 2: 1 + 2 + 2 + 2*2 = 9 */
static void test_receptive_field(void) {
    scene s;
    errmsg e;
    char b[256];
    scene_init(&s);
    s.in_c = 1;
    s.in_sp[0] = 1;
    s.in_sp[1] = s.in_sp[2] = 16;
    s.nlayers = 3;
    for (int i = 0; i < 3; i++) {
        conv_params_init(&s.layer[i].p, CONV_2D);
        s.layer[i].p.kernel[1] = s.layer[i].p.kernel[2] = 3;
    }
    s.layer[1].p.stride[1] = s.layer[1].p.stride[2] = 2;
    CHECK(scene_resolve(&s, &e) == 0);
    explain_rf(b, sizeof b, &s, 3, 1);
    CHECK_STR(b, "RF_H = 1 + 2*1 + 2*1 + 2*2 = 9, jump_H = 1*1*2*1 = 2");
    explain_rf_short(b, sizeof b, &s, 3);
    CHECK_STR(b, "receptive field 9x9, jump 2x2");
    explain_rf_short(b, sizeof b, &s, 1);
    CHECK_STR(b, "receptive field 3x3, jump 1x1");
    s.layer[2].p.kind = CONV_TRANSPOSE_2D;
    CHECK(scene_resolve(&s, &e) == 0);
    CHECK_INT(explain_rf(b, sizeof b, &s, 3, 1), 0);
    CHECK_STR(b, "");
    explain_rf_short(b, sizeof b, &s, 2);
    CHECK_STR(b, "receptive field 5x5, jump 2x2");
    scene_free(&s);
}

int main(void) {
    test_out_size();
    test_transposed_terms();
    test_numbers();
    test_numbers_shortest();
    test_kernel_51();
    test_multichannel();
    test_step_caption();
    test_receptive_field();
    return check_done();
}
