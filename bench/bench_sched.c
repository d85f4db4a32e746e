/* Benchmark (not a test): random access into the schedule of a big layer
 * and its full forward pass. 3x224x224 -> 64 filters 3x3, padding 1. */
#include <stdio.h>
#include <stdlib.h>
#include <time.h>

#include "scene.h"
#include "sched.h"

static double now(void) {
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + ts.tv_nsec * 1e-9;
}

int main(void) {
    scene s;
    conv_params p;
    int sp[CONV_SP] = {1, 224, 224};
    sched_state st;
    errmsg e;
    double t0, t1, t2, checksum = 0;
    uint64_t rng = 99;
    int64_t n;
    enum { STEPS = 10000 };
    conv_params_init(&p, CONV_2D);
    p.filters = 64;
    p.kernel[1] = p.kernel[2] = 3;
    p.padding = CONV_PAD_AMOUNT;
    p.pad[1][0] = p.pad[1][1] = p.pad[2][0] = p.pad[2][1] = 1;
    t0 = now();
    if (scene_make(&s, &p, 3, sp, 1, &e)) { fprintf(stderr, "%s\n", e.msg); return 1; }
    t1 = now();
    n = sched_count(&s.layer[0].g, SCHED_MAC);
    if (sched_state_init(&st, &s.layer[0].g, &e)) return 1;
    for (int i = 0; i < STEPS; i++) {
        int64_t step = (int64_t)(tensor_rng_next(&rng) % (uint64_t)n);
        sched_state_at(&st, &s.layer[0].g, SCHED_MAC, step, s.input, s.layer[0].weight, s.layer[0].bias);
        checksum += st.sum;
    }
    t2 = now();
    printf("layer 3x224x224 -> 64 x 3x3, padding 1: %lld mac steps\n", (long long)n);
    printf("forward pass (with scene set-up): %.3f s (%.1f M MAC/s)\n", t1 - t0,
           (double)s.layer[0].g.macs / (t1 - t0) / 1e6);
    printf("random access: %d steps in %.4f s = %.2f us a step (target < 50)\n", STEPS, t2 - t1,
           (t2 - t1) / STEPS * 1e6);
    printf("(checksum %g)\n", checksum);
    sched_state_free(&st);
    scene_free(&s);
    return 0;
}
