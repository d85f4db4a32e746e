#include "check.h"

#include "tensor.h"

static void test_count(void) {
    int64_t n = 0;
    errmsg e;
    CHECK(tensor_count(3, (int[]){3, 5, 5}, &n, "input", &e) == 0);
    CHECK_INT(n, 75);
    CHECK(tensor_count(2, (int[]){0, 5}, &n, "input.shape", &e) == -1);
    CHECK_STR(e.msg, "input.shape: dimension 0 is 0, must be at least 1");
    CHECK(tensor_count(3, (int[]){100000, 100000, 100000}, &n, "input.shape", &e) == -1);
    CHECK_STR(e.msg, "input.shape: more than 16777216 values, the limit on a tensor");
    CHECK(tensor_alloc(TENSOR_MAX_ELEMS + 1, "x", &e) == NULL);
}

static void test_fill(void) {
    double a[6], b[6];
    tensor_fill ramp = {TENSOR_FILL_RAMP, 0, 0, 0, 0};
    tensor_fill rnd = {TENSOR_FILL_RANDOM, 7, -1, 1, 1};
    tensor_fill_apply(&ramp, a, 6);
    for (int i = 0; i < 6; i++) CHECK_NEAR(a[i], i + 1, 0);
    tensor_fill_apply(&rnd, a, 6);
    tensor_fill_apply(&rnd, b, 6);
    for (int i = 0; i < 6; i++) {
        CHECK_NEAR(a[i], b[i], 0);
        CHECK(a[i] == -1 || a[i] == 0 || a[i] == 1);
    }
    /* splitmix64 reference value: the fills are the same on every machine */
    {
        uint64_t st = 0;
        CHECK(tensor_rng_next(&st) == 0xE220A8397B1DCDAFull);
    }
}

static void test_permute(void) {
    /* HWC [2][3][2] -> CHW [2][2][3] */
    double hwc[12], chw[12], back[12];
    int dim[3] = {2, 3, 2}, perm[3] = {2, 0, 1}, dim2[3] = {2, 2, 3}, perm2[3] = {1, 2, 0};
    for (int i = 0; i < 12; i++) hwc[i] = i;
    tensor_permute(hwc, 3, dim, perm, chw);
    /* chw[c][h][w] = hwc[h][w][c] */
    CHECK_NEAR(chw[0], 0, 0);
    CHECK_NEAR(chw[1], 2, 0);
    CHECK_NEAR(chw[3], 6, 0);
    CHECK_NEAR(chw[6], 1, 0);
    CHECK_NEAR(chw[11], 11, 0);
    tensor_permute(chw, 3, dim2, perm2, back);
    for (int i = 0; i < 12; i++) CHECK_NEAR(back[i], hwc[i], 0);
    /* Keras kernel [kh][kw][C][F] -> [F][C][kh][kw] */
    {
        double k[8] = {2, 0.1, 3, 0.2, 0, 0.3, 1, 0.4}, w[8];
        int kd[4] = {2, 2, 1, 2}, kp[4] = {3, 2, 0, 1};
        double want[8] = {2, 3, 0, 1, 0.1, 0.2, 0.3, 0.4};
        tensor_permute(k, 4, kd, kp, w);
        for (int i = 0; i < 8; i++) CHECK_NEAR(w[i], want[i], 0);
    }
}

int main(void) {
    test_count();
    test_fill();
    test_permute();
    return check_done();
}
