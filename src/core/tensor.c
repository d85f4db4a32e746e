#include "tensor.h"

#include <math.h>
#include <stdlib.h>

const char *const tensor_fill_names[] = {"zeros", "ones", "ramp", "random"};
_Static_assert(sizeof tensor_fill_names / sizeof tensor_fill_names[0] == TENSOR_FILL_COUNT, "a name for every fill");

int tensor_count(int rank, const int *dim, int64_t *count, const char *what, errmsg *e) {
    int64_t n = 1;
    for (int i = 0; i < rank; i++) {
        if (dim[i] < 1)
            return errmsg_set(e, "%s: dimension %d is %d, must be at least 1", what, i, dim[i]);
        /* Checked before multiplying, so the product can never overflow. */
        if (n > TENSOR_MAX_ELEMS / dim[i])
            return errmsg_set(e, "%s: more than %lld values, the limit on a tensor",
                              what, (long long)TENSOR_MAX_ELEMS);
        n *= dim[i];
    }
    *count = n;
    return 0;
}

double *tensor_alloc(int64_t n, const char *what, errmsg *e) {
    double *p;
    if (n < 1 || n > TENSOR_MAX_ELEMS) {
        errmsg_set(e, "%s: %lld values, the limit on a tensor is %lld", what, (long long)n,
                   (long long)TENSOR_MAX_ELEMS);
        return NULL;
    }
    p = calloc((size_t)n, sizeof *p);
    if (!p) errmsg_set(e, "%s: out of memory for %lld values", what, (long long)n);
    return p;
}

uint64_t tensor_rng_next(uint64_t *state) {
    uint64_t z = (*state += 0x9E3779B97F4A7C15ull);
    z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ull;
    z = (z ^ (z >> 27)) * 0x94D049BB133111EBull;
    return z ^ (z >> 31);
}

static double rng_unit(uint64_t *state) {
    return (double)(tensor_rng_next(state) >> 11) * (1.0 / 9007199254740992.0);
}

void tensor_fill_apply(const tensor_fill *f, double *data, int64_t n) {
    uint64_t st = f->seed;
    for (int64_t i = 0; i < n; i++) {
        switch (f->kind) {
        case TENSOR_FILL_ZEROS: data[i] = 0; break;
        case TENSOR_FILL_ONES: data[i] = 1; break;
        case TENSOR_FILL_RAMP: data[i] = (double)(i + 1); break;
        case TENSOR_FILL_RANDOM:
            if (f->integers) {
                int64_t lo = (int64_t)f->lo, span = (int64_t)f->hi - lo + 1;
                data[i] = span > 0 ? (double)(lo + (int64_t)(tensor_rng_next(&st) % (uint64_t)span))
                                   : (double)lo;
            } else {
                data[i] = f->lo + (f->hi - f->lo) * rng_unit(&st);
            }
            break;
        case TENSOR_FILL_COUNT: data[i] = 0; break;
        }
    }
}

void tensor_permute(const double *src, int rank, const int *dim, const int *perm, double *dst) {
    int64_t step[TENSOR_MAX_RANK], n = 1, m = 1, off = 0;
    int idx[TENSOR_MAX_RANK] = {0};
    for (int i = 0; i < rank; i++) n *= dim[i];
    /* Output axis i is source axis perm[i]: walking the source in order, the
     * destination offset moves by the output stride of that axis. */
    for (int i = rank - 1; i >= 0; i--) { step[perm[i]] = m; m *= dim[perm[i]]; }
    for (int64_t k = 0; k < n; k++) {
        dst[off] = src[k];
        for (int a = rank - 1; a >= 0; a--) {
            idx[a]++;
            off += step[a];
            if (idx[a] < dim[a]) break;
            off -= step[a] * dim[a];
            idx[a] = 0;
        }
    }
}

int tensor_decimals(const double *v, int64_t n, int most) {
    static const double scale[TENSOR_DECIMALS_MAX + 1] = {1, 10, 100, 1000, 1e4, 1e5, 1e6};
    int d = 0;
    if (most > TENSOR_DECIMALS_MAX) most = TENSOR_DECIMALS_MAX;
    for (int64_t i = 0; i < n && d < most; i++) {
        double x = fabs(v[i]);
        if (!isfinite(x)) continue;
        while (d < most && fabs(x * scale[d] - nearbyint(x * scale[d])) > 1e-9 * (x * scale[d] > 1 ? x * scale[d] : 1))
            d++;
    }
    return d;
}

tensor_stat tensor_stat_of(const double *v, int64_t n) {
    tensor_stat st = {0, 0, 0, 0};
    if (!v) return st;
    for (int64_t i = 0; i < n; i++) {
        if (v[i] < st.lo) st.lo = v[i];
        if (v[i] > st.hi) st.hi = v[i];
        if (fabs(v[i]) > st.max_abs) st.max_abs = fabs(v[i]);
    }
    st.decimals = tensor_decimals(v, n, TENSOR_DECIMALS_MAX);
    return st;
}
