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

int main(void) {
    test_default();
    test_stack();
    test_copy_and_errors();
    return check_done();
}
