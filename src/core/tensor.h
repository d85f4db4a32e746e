/* tensor: shapes, limits, fills and axis permutations of flat double arrays.
 *
 * Inside the core every tensor is a plain row-major array of doubles whose
 * shape is given beside it; data is channel-first (C, D, H, W). Scenes may be
 * written channel-last (H, W, C); the loader permutes with tensor_permute.
 * Sizes are checked against TENSOR_MAX_ELEMS before anything is allocated,
 * so a huge request is an error, never an out-of-memory crash. */
#ifndef CONVANIM_TENSOR_H
#define CONVANIM_TENSOR_H

#include <stdint.h>
#include "errmsg.h"

enum { TENSOR_MAX_RANK = 5 };

/* Largest tensor the program accepts: 2^24 values (128 MiB of doubles).
 * Enough for 3x1024x1024 or 64x224x224 (3.2M); the documented limit. */
#define TENSOR_MAX_ELEMS ((int64_t)1 << 24)

/* Product of dim[0..rank-1] into *count. Fails (naming `what`) if a
 * dimension is < 1 or the product exceeds TENSOR_MAX_ELEMS. */
int tensor_count(int rank, const int *dim, int64_t *count, const char *what, errmsg *e);

/* calloc of n doubles after the limit check; NULL on failure with a message. */
double *tensor_alloc(int64_t n, const char *what, errmsg *e);

typedef enum { TENSOR_FILL_ZEROS, TENSOR_FILL_ONES, TENSOR_FILL_RAMP, TENSOR_FILL_RANDOM, TENSOR_FILL_COUNT } tensor_fillkind;
extern const char *const tensor_fill_names[TENSOR_FILL_COUNT]; /* "zeros", "ones", "ramp", "random" */

typedef struct {
    tensor_fillkind kind;
    uint64_t seed;   /* random: same seed, same values on every machine */
    double lo, hi;   /* random: range, inclusive */
    int integers;    /* random: whole numbers in [lo, hi] when nonzero */
} tensor_fill;

/* zeros, ones, ramp = 1, 2, 3, ... n in array order, or random. */
void tensor_fill_apply(const tensor_fill *f, double *data, int64_t n);

/* dst[permuted index] = src[index]: output axis i is input axis perm[i].
 * dim is the shape of src. Example HWC -> CHW: perm = {2, 0, 1}. */
void tensor_permute(const double *src, int rank, const int *dim, const int *perm, double *dst);

/* Decimals that write every v[0..n) exactly (within 1e-9 relative), at
 * most `most` (itself at most TENSOR_DECIMALS_MAX); not-finite values
 * are skipped. The smallest d that works for all, so for most <= m:
 * tensor_decimals(v, n, most) == min(most, tensor_decimals(v, n, m)). */
enum { TENSOR_DECIMALS_MAX = 6 };
int tensor_decimals(const double *v, int64_t n, int most);

/* What the views read of a whole tensor, counted once where its values
 * are set (scene_compute) rather than at every frame. NaN is skipped. */
typedef struct {
    double lo, hi;   /* smallest and largest value, 0 taken as one of them (none: 0, 0) */
    double max_abs;  /* largest |v| (max(-lo, hi)) */
    int decimals;    /* tensor_decimals(v, n, TENSOR_DECIMALS_MAX) */
} tensor_stat;

/* The stat of v[0..n); v NULL counts as zeros. */
tensor_stat tensor_stat_of(const double *v, int64_t n);

/* Deterministic PRNG (splitmix64) the fills use; exposed for tests and
 * the schedule property test. */
uint64_t tensor_rng_next(uint64_t *state);

#endif
