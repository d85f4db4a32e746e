/* Benchmark (not a test): the forward pass of 3x224x224 -> 64 filters 3x3,
 * padding 1, alone (CPU time, best of 5), and its numbers against the
 * cell-by-cell sum (conv_cell, the order the window shows). bench_forward.sh
 * runs PyTorch float64 on one thread on the same layer beside it. */
#include <stdio.h>
#include <stdlib.h>
#include <time.h>

#include "scene.h"

static double cpu_now(void) {
    struct timespec ts;
    clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &ts);
    return (double)ts.tv_sec + ts.tv_nsec * 1e-9;
}

int main(void) {
    scene s;
    conv_params p;
    int sp[CONV_SP] = {1, 224, 224};
    errmsg e;
    double best = 1e9, worst_diff = 0;
    int64_t n;
    double *out;
    conv_params_init(&p, CONV_2D);
    p.filters = 64;
    p.kernel[1] = p.kernel[2] = 3;
    p.padding = CONV_PAD_AMOUNT;
    p.pad[1][0] = p.pad[1][1] = p.pad[2][0] = p.pad[2][1] = 1;
    if (scene_make(&s, &p, 3, sp, 1, &e)) { fprintf(stderr, "%s\n", e.msg); return 1; }
    /* fractions, not the small integers scene_make draws: sums that round */
    for (int64_t i = 0; i < 3 * 224 * 224; i++) s.input[i] = s.input[i] / 3 + 0.1;
    for (int64_t i = 0; i < s.layer[0].g.weight_count; i++) s.layer[0].weight[i] = s.layer[0].weight[i] / 7 + 0.01;
    n = (int64_t)s.layer[0].g.out_c * s.layer[0].g.out_cells;
    out = malloc((size_t)n * sizeof *out);
    if (!out) return 1;
    for (int r = 0; r < 5; r++) {
        double t0 = cpu_now();
        conv_forward(&s.layer[0].g, s.input, s.layer[0].weight, s.layer[0].bias, out);
        if (cpu_now() - t0 < best) best = cpu_now() - t0;
    }
    for (int64_t i = 0; i < n; i++) {
        double want = conv_cell(&s.layer[0].g, s.input, s.layer[0].weight, s.layer[0].bias,
                                (int)(i / s.layer[0].g.out_cells), i % s.layer[0].g.out_cells, NULL, NULL);
        double diff = out[i] > want ? out[i] - want : want - out[i];
        if (diff > worst_diff) worst_diff = diff;
    }
    printf("convanim forward 3x224x224 -> 64 x 3x3, padding 1: %.3f s CPU (best of 5), %.0f M MAC/s\n", best,
           (double)s.layer[0].g.macs / best / 1e6);
    printf("  largest difference from the cell-by-cell sum: %g\n", worst_diff);
    free(out);
    scene_free(&s);
    return 0;
}
