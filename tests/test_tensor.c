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

/* The stat a frame reads instead of scanning: range, largest |v|, and
 * the decimals that write every value exactly. */
static void test_stat(void) {
    double v[5] = {0.5, -1.25, 3, 0, 0};
    double w[3] = {2, 4, 0.1 + 0.2};
    tensor_stat st;
    v[4] = v[4] / v[3]; /* NaN: skipped */
    st = tensor_stat_of(v, 5);
    CHECK_NEAR(st.lo, -1.25, 0);
    CHECK_NEAR(st.hi, 3, 0);
    CHECK_NEAR(st.max_abs, 3, 0);
    CHECK_INT(st.decimals, 2);
    CHECK_INT(tensor_decimals(v, 5, 1), 1);
    CHECK_INT(tensor_decimals(w, 2, 6), 0);
    CHECK_INT(tensor_decimals(w, 3, 6), 1); /* 0.30000000000000004 reads as 0.3 */
    st = tensor_stat_of(w, 2);
    CHECK_NEAR(st.lo, 0, 0); /* 0 counts: all positive */
    CHECK_NEAR(st.hi, 4, 0);
    st = tensor_stat_of(NULL, 7);
    CHECK(st.lo == 0 && st.hi == 0 && st.max_abs == 0 && st.decimals == 0);
    w[0] = 1e-7; /* past the 6 decimals the rule goes to */
    CHECK_INT(tensor_decimals(w, 1, 99), TENSOR_DECIMALS_MAX);
    /* min(most, d at the limit) is d at most: the stat keeps one number */
    {
        double u[4] = {0.25, 1e-10, 0.125, 7};
        for (int most = 0; most <= TENSOR_DECIMALS_MAX; most++)
            CHECK_INT(tensor_decimals(u, 4, most), most < tensor_stat_of(u, 4).decimals ? most : tensor_stat_of(u, 4).decimals);
    }
}

int main(void) {
    test_count();
    test_fill();
    test_permute();
    test_stat();
    return check_done();
}
