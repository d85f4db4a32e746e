#include "check.h"

#include <string.h>

#include "scene.h"

static void test_default(void) {
    scene s;
    const scene_layer *L;
    CHECK(scene_make_default(&s, NULL) == 0);
    L = &s.layer[0];
    CHECK_INT(s.in_c, 3);
    CHECK_INT(s.in_sp[1], 5);
    CHECK_INT(L->g.out_c, 2);
    CHECK_INT(L->g.out_sp[1], 3);
    CHECK_INT(L->g.out_sp[2], 3);
    CHECK_INT(L->g.param_count, 56);
    CHECK_NEAR(L->bias[0], 1, 0);
    CHECK_NEAR(L->bias[1], 0, 0);
    /* random small integers: input 0..2, weights -1..1 */
    for (int i = 0; i < 75; i++) CHECK(s.input[i] == 0 || s.input[i] == 1 || s.input[i] == 2);
    for (int i = 0; i < 54; i++) CHECK(L->weight[i] >= -1 && L->weight[i] <= 1);
    scene_free(&s);
}

/* The two-layer Keras model of the notes: 8x8x3 -> 6x6x2 (56) -> 4x4x4 (76). */
static void test_stack(void) {
    scene s;
    conv_params p;
    int sp[CONV_SP] = {1, 8, 8};
    errmsg e;
    conv_params_init(&p, CONV_2D);
    p.filters = 2;
    p.kernel[1] = p.kernel[2] = 3;
    p.activation = CONV_ACT_RELU;
    CHECK(scene_make(&s, &p, 3, sp, 1, &e) == 0);
    s.layer[1].p = p;
    s.layer[1].p.filters = 4;
    s.nlayers = 2;
    CHECK(scene_resolve(&s, &e) == 0);
    CHECK(scene_compute(&s, &e) == 0);
    CHECK_INT(s.layer[0].g.out_sp[1], 6);
    CHECK_INT(s.layer[0].g.param_count, 56);
    CHECK_INT(s.layer[1].g.in_c, 2);
    CHECK_INT(s.layer[1].g.out_sp[2], 4);
    CHECK_INT(s.layer[1].g.param_count, 76);
    CHECK(scene_layer_input_data(&s, 1) == s.layer[0].out);
    /* a third layer whose kernel no longer fits names its index */
    s.layer[2].p = p;
    s.layer[2].p.kernel[1] = s.layer[2].p.kernel[2] = 5;
    s.nlayers = 3;
    CHECK(scene_resolve(&s, &e) == -1);
    CHECK_HAS(e.msg, "layers[2].kernel_size: output H = (4 + 2*0 - 1*(5-1) - 1)/1 + 1 = 0");
    scene_free(&s);
}

static void test_copy_and_errors(void) {
    scene s, c;
    errmsg e;
    CHECK(scene_make_default(&s, NULL) == 0);
    CHECK(scene_copy(&c, &s, &e) == 0);
    CHECK(c.input != s.input);
    CHECK(memcmp(c.input, s.input, 75 * sizeof(double)) == 0);
    CHECK(memcmp(c.layer[0].out, s.layer[0].out, 18 * sizeof(double)) == 0);
    CHECK_STR(c.title, s.title);
    scene_free(&c);
    s.nlayers = 0;
    CHECK(scene_resolve(&s, &e) == -1);
    CHECK_STR(e.msg, "layers: at least one layer is needed");
    scene_free(&s);
    {
        conv_params p;
        int sp[CONV_SP] = {1, 3, 3};
        conv_params_init(&p, CONV_2D);
        p.kernel[1] = p.kernel[2] = 4;
        CHECK(scene_make(&s, &p, 1, sp, 1, &e) == -1);
        CHECK_HAS(e.msg, "layers[0].kernel_size: output H = (3 + 2*0 - 1*(4-1) - 1)/1 + 1 = 0");
        CHECK(s.input == NULL);
    }
}

/* The stats layout reads are the scene's values' own, after scene_compute
 * and after scene_compute_filter changed one filter. */
static void test_stats(void) {
    scene s;
    errmsg e;
    scene_layer *L;
    double m = 0;
    CHECK(scene_make_default(&s, &e) == 0);
    L = &s.layer[0];
    CHECK_NEAR(s.in_stat.lo, 0, 0);
    CHECK_NEAR(s.in_stat.hi, 2, 0); /* 0..2 over 75 values */
    CHECK_INT(s.in_stat.decimals, 0);
    CHECK_NEAR(L->w_stat.max_abs, 1, 0);
    CHECK_NEAR(L->b_stat.max_abs, 1, 0); /* the CS231n biases 1, 0 */
    for (int i = 0; i < 18; i++) m = L->out[i] > m ? L->out[i] : m;
    CHECK_NEAR(L->out_stat.hi, m, 0);
    CHECK(scene_layer_input_stat(&s, 0) == &s.in_stat);
    L->weight[0] = 0.25;
    L->bias[0] = 10;
    CHECK(scene_compute_filter(&s, 0, 0, &e) == 0);
    CHECK_INT(L->w_stat.decimals, 2);
    CHECK_NEAR(L->b_stat.hi, 10, 0);
    m = 0;
    for (int i = 0; i < 18; i++) m = L->out[i] > m ? L->out[i] : m;
    CHECK(m >= 10);
    CHECK_NEAR(L->out_stat.hi, m, 0);
    /* a copy keeps them; the whole pass counts the same */
    {
        scene c;
        CHECK(scene_copy(&c, &s, &e) == 0);
        CHECK_NEAR(c.layer[0].out_stat.hi, m, 0);
        CHECK(scene_compute(&c, &e) == 0);
        CHECK_NEAR(c.layer[0].out_stat.lo, L->out_stat.lo, 0);
        CHECK_NEAR(c.layer[0].out_stat.max_abs, L->out_stat.max_abs, 0);
        CHECK_INT(c.layer[0].out_stat.decimals, L->out_stat.decimals);
        CHECK_INT(c.layer[0].w_stat.decimals, 2);
        scene_free(&c);
    }
    scene_free(&s);
}

int main(void) {
    test_default();
    test_stack();
    test_copy_and_errors();
    test_stats();
    return check_done();
}
