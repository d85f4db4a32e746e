/* answer: typed answers as people write them, checked against the forward
 * pass and the geometry; the verdict shows the arithmetic or the formula. */
#include "answer.h"
#include "check.h"
#include "explain.h"

#include <stdlib.h>

static void test_parse(void) {
    static const struct { const char *text; int n; double v[3]; } ok[] = {
        {"-2", 1, {-2}}, {"-2.0", 1, {-2}}, {" 51 ", 1, {51}}, {"1.9", 1, {1.9}}, {"1e2", 1, {100}},
        {"(4, 4, 2)", 3, {4, 4, 2}}, {"4x4x2", 3, {4, 4, 2}}, {"[4,4,2]", 3, {4, 4, 2}},
        {"4 4 2", 3, {4, 4, 2}}, {"4X4", 2, {4, 4}}, {"4\xc3\x97" "4", 2, {4, 4}}, {"(None, 7, 7, 3)", -1, {0}},
    };
    static const struct { const char *text; int max; const char *msg; } bad[] = {
        {"", 1, "answer: type a number"},
        {"  ", 3, "answer: type a number or a list like (4, 4, 2)"},
        {"4y4", 3, "answer: \"4y4\" is not a number or a list like (4, 4, 2)"},
        {"fifty", 1, "answer: \"fifty\" is not a number or a list like (4, 4, 2)"},
        {"1, 2", 1, "answer: \"1, 2\" has more than 1 number"},
        {"1e999", 1, "answer: \"1e999\" is not a number or a list like (4, 4, 2)"},
    };
    for (size_t i = 0; i < sizeof ok / sizeof ok[0]; i++) {
        double v[8];
        int n = 0;
        errmsg e = {""};
        int rc = answer_parse(ok[i].text, v, 8, &n, &e);
        if (ok[i].n < 0) { /* Keras' None is not a number: said so, not misread */
            CHECK_INT(rc, -1);
            continue;
        }
        CHECK_INT(rc, 0);
        CHECK_INT(n, ok[i].n);
        for (int k = 0; k < n && k < 3; k++) CHECK_NEAR(v[k], ok[i].v[k], 0);
    }
    for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
        double v[8];
        int n;
        errmsg e = {""};
        CHECK_INT(answer_parse(bad[i].text, v, bad[i].max, &n, &e), -1);
        CHECK_STR(e.msg, bad[i].msg);
    }
}

/* The notes' 5x5 image and 3x3 kernel: 51, 66, ..., -2. */
static void scene_51(scene *s) {
    static const double img[25] = {2, 4, 9, 1, 4, 2, 1, 4, 4, 6, 1, 1, 2, 9, 2, 7, 3, 5, 1, 3, 2, 3, 4, 8, 5};
    static const double k[9] = {1, 2, 3, -4, 7, 4, 2, -5, 1};
    conv_params p;
    int sp[CONV_SP] = {1, 5, 5};
    errmsg e = {""};
    conv_params_init(&p, CONV_2D);
    p.kernel[1] = p.kernel[2] = 3;
    p.bias = 0;
    CHECK_INT(scene_make(s, &p, 1, sp, 1, &e), 0);
    memcpy(s->input, img, sizeof img);
    memcpy(s->layer[0].weight, k, sizeof k);
    CHECK_INT(scene_compute(s, &e), 0);
}

static void test_value(void) {
    scene s;
    answer_verdict v;
    errmsg e = {""};
    scene_51(&s);
    int f;
    int64_t cell;
    char name[64];
    /* position granularity shows the cell's value: the next cell is asked */
    answer_value_cell(&s, 0, SCHED_POSITION, 0, &f, &cell);
    CHECK_INT(cell, 1);
    answer_value_cell(&s, 0, SCHED_POSITION, 8, &f, &cell);
    CHECK_INT(cell, 8); /* the last: nothing after it */
    answer_value_cell(&s, 0, SCHED_MAC, 3, &f, &cell);
    CHECK_INT(cell, 0); /* mac: the sum is not complete until tap 8 */
    answer_value_cell(&s, 0, SCHED_MAC, 8, &f, &cell);
    CHECK_INT(cell, 1);
    answer_cell_name(name, sizeof name, &s, 0, 0, 7);
    CHECK_STR(name, "output[0][2][1]");
    CHECK_INT(answer_check(&s, 0, SCHED_MAC, 0, LESSON_Q_VALUE, "51", &v, &e), 0);
    CHECK_INT(v.right, 1);
    CHECK_STR(v.text, "right: output[0][0][0] = 2*1 + 4*2 + 9*3 + 2*(-4) + 1*7 + 4*4 + 1*2 + 1*(-5) + 2*1 = 51");
    CHECK_INT(answer_check(&s, 0, SCHED_POSITION, 0, LESSON_Q_VALUE, "66.0", &v, &e), 0);
    CHECK_INT(v.right, 1);
    CHECK_INT(answer_check(&s, 0, SCHED_POSITION, 7, LESSON_Q_VALUE, "-2.0", &v, &e), 0);
    CHECK_INT(v.right, 1);
    CHECK_INT(answer_check(&s, 0, SCHED_POSITION, 7, LESSON_Q_VALUE, "2", &v, &e), 0);
    CHECK_INT(v.right, 0);
    CHECK_STR(v.text, "not quite (you said 2): output[0][2][2] = 2*1 + 9*2 + 2*3 + 5*(-4) + 1*7 + 3*4 + 4*2 + 8*(-5) + 5*1 = -2");
    /* a decimal typed is not rounded away: 51.2 is not 51 */
    CHECK_INT(answer_check(&s, 0, SCHED_MAC, 0, LESSON_Q_VALUE, "51.2", &v, &e), 0);
    CHECK_INT(v.right, 0);
    /* mac granularity: step 9 is the first tap of cell (0, 1), which is 66 */
    CHECK_INT(answer_check(&s, 0, SCHED_MAC, 9, LESSON_Q_VALUE, "66", &v, &e), 0);
    CHECK_INT(v.right, 1);
    CHECK_INT(answer_check(&s, 0, SCHED_MAC, 0, LESSON_Q_VALUE, "x", &v, &e), -1);
    CHECK_STR(e.msg, "answer: \"x\" is not a number or a list like (4, 4, 2)");
    scene_free(&s);
}

static void test_rounded(void) {
    scene s;
    answer_verdict v;
    errmsg e = {""};
    scene_51(&s);
    s.layer[0].weight[4] = 7 + 1.0 / 3; /* the centre: cell (0,0) = 51 + 1/3 */
    CHECK_INT(scene_compute(&s, &e), 0);
    CHECK_INT(answer_check(&s, 0, SCHED_MAC, 0, LESSON_Q_VALUE, "51.333", &v, &e), 0);
    CHECK_INT(v.right, 1);
    CHECK_INT(answer_check(&s, 0, SCHED_MAC, 0, LESSON_Q_VALUE, "51.3", &v, &e), 0);
    CHECK_INT(v.right, 1);
    CHECK_INT(answer_check(&s, 0, SCHED_MAC, 0, LESSON_Q_VALUE, "51.34", &v, &e), 0);
    CHECK_INT(v.right, 0);
    CHECK_INT(answer_check(&s, 0, SCHED_MAC, 0, LESSON_Q_VALUE, "51", &v, &e), 0);
    CHECK_INT(v.right, 0);
    scene_free(&s);
}

/* Keras' 8x8x1 input, 2 filters of 3, strides 2, 'same': (4, 4, 2), 20 parameters. */
static void test_shape_params(void) {
    scene s;
    conv_params p;
    int sp[CONV_SP] = {1, 8, 8};
    answer_verdict v;
    errmsg e = {""};
    conv_params_init(&p, CONV_2D);
    p.filters = 2;
    p.kernel[1] = p.kernel[2] = 3;
    p.stride[1] = p.stride[2] = 2;
    p.padding = CONV_PAD_SAME;
    CHECK_INT(scene_make(&s, &p, 1, sp, 1, &e), 0);
    s.layout = SCENE_HWC;
    static const char *const right[] = {"(4, 4, 2)", "4x4x2", "[4,4,2]", "4 4 2"};
    for (size_t i = 0; i < 4; i++) {
        CHECK_INT(answer_check(&s, 0, SCHED_POSITION, 0, LESSON_Q_SHAPE, right[i], &v, &e), 0);
        CHECK_INT(v.right, 1);
    }
    CHECK_STR(v.text, "right: the output is (4, 4, 2): H_out = (8 + 0 + 1 - 1*(3-1) - 1)/2 + 1 = 4; "
                      "W_out = (8 + 0 + 1 - 1*(3-1) - 1)/2 + 1 = 4; 2 filters give 2 channels");
    CHECK_INT(answer_check(&s, 0, SCHED_POSITION, 0, LESSON_Q_SHAPE, "(2, 4, 4)", &v, &e), 0);
    CHECK_INT(v.right, 0); /* channel first is not this HWC scene's order */
    CHECK_INT(answer_check(&s, 0, SCHED_POSITION, 0, LESSON_Q_SHAPE, "8x8x2", &v, &e), 0);
    CHECK_INT(v.right, 0);
    CHECK_HAS(v.text, "not quite: the output is (4, 4, 2)");
    s.layout = SCENE_CHW;
    CHECK_INT(answer_check(&s, 0, SCHED_POSITION, 0, LESSON_Q_SHAPE, "(2, 4, 4)", &v, &e), 0);
    CHECK_INT(v.right, 1);
    CHECK_INT(answer_check(&s, 0, SCHED_POSITION, 0, LESSON_Q_PARAMS, "20", &v, &e), 0);
    CHECK_INT(v.right, 1);
    CHECK_STR(v.text, "right: (3*3*1 + 1)*2 = 20 (each filter's weights, plus its bias)");
    CHECK_INT(answer_check(&s, 0, SCHED_POSITION, 0, LESSON_Q_PARAMS, "18", &v, &e), 0);
    CHECK_INT(v.right, 0);
    CHECK_STR(v.text, "not quite: (3*3*1 + 1)*2 = 20 (each filter's weights, plus its bias)");
    CHECK_INT(answer_check(&s, 0, SCHED_POSITION, 0, LESSON_Q_FIELD, "1", &v, &e), -1);
    scene_free(&s);
}

/* The CS231n demo: padding 1, stride 2; output cell (0, 0) reads the 2x2
 * corner (the rest of its window is padding), (1, 1) a full 3x3. */
static void test_field(void) {
    scene s;
    errmsg e = {""};
    unsigned char f[25], pick[25];
    answer_verdict v;
    CHECK_INT(scene_make_default(&s, &e), 0);
    CHECK_INT(answer_field(&s, 0, SCHED_POSITION, 0, f), 4);
    CHECK(f[0] && f[1] && f[5] && f[6] && !f[2] && !f[10]);
    CHECK_INT(answer_field(&s, 0, SCHED_POSITION, 4, f), 9);
    CHECK(f[6] && f[8] && f[16] && f[18] && !f[5] && !f[9] && !f[21]);
    memcpy(pick, f, sizeof pick);
    answer_check_field(&s, 0, SCHED_POSITION, 4, pick, &v);
    CHECK_INT(v.right, 1);
    CHECK_STR(v.text, "right: it reads 9 input cells (a 3x3 window, dilation 1, stride 2); you picked 9 of them");
    pick[6] = 0;
    pick[0] = 1;
    answer_check_field(&s, 0, SCHED_POSITION, 4, pick, &v);
    CHECK_INT(v.right, 0);
    CHECK_STR(v.text, "not quite: it reads 9 input cells (a 3x3 window, dilation 1, stride 2); you picked 8 of them "
                      "and cells outside it");
    memset(pick, 0, sizeof pick);
    answer_check_field(&s, 0, SCHED_POSITION, 0, pick, &v);
    CHECK_STR(v.text, "not quite: it reads 4 input cells (a 3x3 window, dilation 1, stride 2, the rest is padding); "
                      "you picked 0 of them");
    scene_free(&s);
}

int main(void) {
    test_parse();
    test_value();
    test_rounded();
    test_shape_params();
    test_field();
    return check_done();
}
