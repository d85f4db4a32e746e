/* sched: O(1) random access checked against a replay from step 0 on many
 * random small layers, at every granularity. */
#include "check.h"

#include <math.h>
#include <stdlib.h>

#include "scene.h"
#include "sched.h"
#include "tensor.h"

static int rnd(uint64_t *st, int lo, int hi) { return lo + (int)(tensor_rng_next(st) % (uint64_t)(hi - lo + 1)); }

/* A random valid one-layer scene of any kind. */
static int random_scene(scene *s, uint64_t *st) {
    for (int tries = 0; tries < 100; tries++) {
        conv_params p;
        int kind = rnd(st, 0, 3), in_c, sp[CONV_SP] = {1, 1, 1};
        conv_params_init(&p, (conv_kind)kind);
        p.groups = rnd(st, 1, 2);
        in_c = p.groups * rnd(st, 1, 2);
        p.filters = p.groups * rnd(st, 1, 2);
        p.bias = rnd(st, 0, 1);
        p.activation = (conv_act)rnd(st, 0, 3);
        p.padding = (conv_padding)rnd(st, 0, kind == CONV_TRANSPOSE_2D ? 2 : 3);
        p.padding_mode = kind == CONV_TRANSPOSE_2D ? CONV_MODE_ZEROS : (conv_padmode)rnd(st, 0, 3);
        for (int a = CONV_SP - conv_ndim(p.kind); a < CONV_SP; a++) {
            sp[a] = rnd(st, 1, kind == CONV_3D ? 4 : 6);
            p.kernel[a] = rnd(st, 1, 3);
            p.stride[a] = rnd(st, 1, 3);
            p.dilation[a] = rnd(st, 1, 2);
            p.pad[a][0] = rnd(st, 0, 2);
            p.pad[a][1] = rnd(st, 0, 2);
            if (kind == CONV_TRANSPOSE_2D) p.output_padding[a] = rnd(st, 0, p.stride[a] - 1);
        }
        if (scene_make(s, &p, in_c, sp, tensor_rng_next(st), NULL) == 0) return 0;
    }
    return -1;
}

/* Replays every step of (gran) in order, accumulating products the slow way,
 * and compares with sched_state_at at each step. */
static void check_replay(const scene *sc, sched_gran gran) {
    const scene_layer *L = &sc->layer[0];
    const conv_geom *g = &L->g;
    sched_state s;
    int64_t n = sched_count(g, gran);
    double *acc = calloc((size_t)g->cpg, sizeof *acc);
    int bad = 0;
    CHECK(sched_state_init(&s, g, NULL) == 0);
    for (int64_t step = 0; step < n && !bad; step++) {
        sched_pos pos = sched_at(g, gran, step);
        int out[CONV_SP], c0 = conv_group_first_channel(g, pos.filter);
        double sum = 0;
        if (sched_index(g, gran, pos) != step) bad = 1;
        if (step == sched_index(g, gran, (sched_pos){pos.filter, pos.cell, -1, -1}))
            for (int c = 0; c < g->cpg; c++) acc[c] = 0; /* a new cell starts (a transposed one at its last tap) */
        conv_cell_coords(g, pos.cell, out);
        for (int c = 0; c < g->cpg; c++)
            for (int t = 0; t < g->kvol; t++) {
                int now = gran == SCHED_POSITION || (gran == SCHED_CHANNEL && c == pos.chan) ||
                          (gran == SCHED_MAC && c == pos.chan && t == pos.tap);
                conv_tap tp;
                if (!now) continue;
                conv_tap_at(g, out, t, &tp);
                acc[c] += conv_tap_value(g, sc->input, c0 + c, &tp) * L->weight[conv_weight_index(g, pos.filter, c, t)];
            }
        for (int c = 0; c < g->cpg; c++) sum += acc[c];
        sched_state_at(&s, g, gran, step, sc->input, L->weight, L->bias);
        for (int c = 0; c < g->cpg; c++) if (s.chan_sum[c] != acc[c]) bad = 2;
        if (s.sum != sum) bad = 3;
        if (s.complete) {
            double want = L->out[(int64_t)pos.filter * g->out_cells + pos.cell];
            if (s.value != want) bad = 4;
            if (step != sched_cell_last(g, gran, pos.filter, pos.cell)) bad = 5;
        }
        if (sched_cell_state(g, gran, step, pos.filter, pos.cell) != SCHED_CURRENT) bad = 6;
        if (pos.cell > 0 && sched_cell_state(g, gran, step, pos.filter, pos.cell - 1) != SCHED_DONE) bad = 7;
        if (pos.cell + 1 < g->out_cells && sched_cell_state(g, gran, step, pos.filter, pos.cell + 1) != SCHED_EMPTY) bad = 8;
        if (bad) fprintf(stderr, "  %s: step %lld of %lld failed check %d\n", sched_gran_name(gran),
                         (long long)step, (long long)n, bad);
    }
    CHECK(!bad);
    sched_state_free(&s);
    free(acc);
}

static void test_property(void) {
    uint64_t st = 2024;
    for (int i = 0; i < 300; i++) {
        scene s;
        if (!CHECK(random_scene(&s, &st) == 0)) continue;
        for (int gran = 0; gran < 3; gran++) check_replay(&s, (sched_gran)gran);
        scene_free(&s);
    }
}

/* The mockup's frame: default scene, channel granularity, filter 0, output
 * cell (1,1), its last channel: step 15 of 54 (1-based). */
static void test_default_counts(void) {
    scene s;
    const conv_geom *g;
    sched_pos p;
    sched_state st;
    CHECK(scene_make_default(&s, NULL) == 0);
    g = &s.layer[0].g;
    CHECK_INT(sched_count(g, SCHED_POSITION), 18);
    CHECK_INT(sched_count(g, SCHED_CHANNEL), 54);
    CHECK_INT(sched_count(g, SCHED_MAC), 486);
    p = sched_at(g, SCHED_CHANNEL, 14);
    CHECK_INT(p.filter, 0);
    CHECK_INT(p.cell, 4);
    CHECK_INT(p.chan, 2);
    CHECK_INT(p.tap, -1);
    p = sched_at(g, SCHED_MAC, 485);
    CHECK_INT(p.filter, 1);
    CHECK_INT(p.cell, 8);
    CHECK_INT(p.chan, 2);
    CHECK_INT(p.tap, 8);
    CHECK_INT(sched_cell_last(g, SCHED_MAC, 0, 0), 26);
    CHECK(sched_state_init(&st, g, NULL) == 0);
    sched_state_at(&st, g, SCHED_CHANNEL, 14, s.input, s.layer[0].weight, s.layer[0].bias);
    CHECK(st.complete);
    CHECK_INT(st.out[1], 1);
    CHECK_INT(st.out[2], 1);
    CHECK_NEAR(st.value, s.layer[0].out[4], 0);
    CHECK_NEAR(st.pre - st.sum, 1, 0); /* bias of filter 0 */
    /* output (0,0) reads padding on its top row and left column */
    sched_state_at(&st, g, SCHED_MAC, 0, s.input, s.layer[0].weight, s.layer[0].bias);
    CHECK_INT(st.tap[0].kind, CONV_TAP_PAD);
    CHECK_INT(st.tap[4].kind, CONV_TAP_DATA);
    CHECK_INT(st.done[0], 1);
    CHECK_INT(st.done[1], 0);
    CHECK(!st.complete);
    sched_state_free(&st);
    scene_free(&s);
}

/* ---- the scatter order of transposed layers ---- */

/* Replays the scatter order from step 0, stamping each step's products
 * into an output of running sums, and checks every output cell's closed
 * form (sched_scatter_cell) against it at every step. */
static void check_scatter(const scene *sc, sched_gran gran) {
    const scene_layer *L = &sc->layer[0];
    const conv_geom *g = &L->g;
    int64_t n = sched_order_count(g, SCHED_SCATTER, gran), cells = g->out_cells;
    double *acc = calloc((size_t)(g->out_c * cells), sizeof *acc);
    int *got = calloc((size_t)(g->out_c * cells), sizeof *got), bad = 0;
    CHECK_INT(n, (int64_t)g->out_c * g->in_cells * (gran == SCHED_POSITION ? 1 : gran == SCHED_CHANNEL ? g->cpg : g->cpg * g->kvol));
    for (int64_t step = 0; step < n && !bad; step++) {
        sched_pos pos = sched_order_at(g, SCHED_SCATTER, gran, step);
        int in[CONV_SP], c0 = conv_group_first_channel(g, pos.filter);
        if (sched_order_index(g, SCHED_SCATTER, gran, pos) != step) bad = 1;
        in[2] = (int)(pos.cell % g->in_sp[2]);
        in[1] = (int)(pos.cell / g->in_sp[2] % g->in_sp[1]);
        in[0] = (int)(pos.cell / g->in_sp[2] / g->in_sp[1]);
        for (int c = 0; c < g->cpg; c++)
            for (int t = 0; t < g->kvol; t++) {
                int k[CONV_SP], o[CONV_SP], inside = 1;
                if ((gran != SCHED_POSITION && c != pos.chan) || (gran == SCHED_MAC && t != pos.tap)) continue;
                conv_tap_coords(g, t, k);
                for (int a = 0; a < CONV_SP; a++) {
                    o[a] = in[a] * g->p.stride[a] - g->pad_lo[a] + k[a] * g->p.dilation[a];
                    inside &= o[a] >= 0 && o[a] < g->out_sp[a];
                }
                if (!inside) continue; /* cropped by the padding */
                {
                    int64_t i = (int64_t)pos.filter * cells + conv_cell_index(g, o);
                    acc[i] += sc->input[(int64_t)(c0 + c) * g->in_cells + pos.cell] *
                              L->weight[conv_weight_index(g, pos.filter, c, t)];
                    got[i]++;
                }
            }
        for (int f = 0; f < g->out_c && !bad; f++)
            for (int64_t cell = 0; cell < cells && !bad; cell++) {
                sched_outcell oc;
                int64_t i = (int64_t)f * cells + cell;
                sched_scatter_cell(g, gran, step, sc->input, L->weight, L->bias, f, cell, &oc);
                if (oc.stamps != got[i]) bad = 2;
                else if (fabs(oc.sum - acc[i]) > 1e-12 * (1 + fabs(acc[i]))) bad = 3;
                else if ((oc.state == SCHED_DONE) != (f < pos.filter || (f == pos.filter && oc.stamps == oc.total))) bad = 4;
                else if (oc.state == SCHED_DONE && oc.value != L->out[i]) bad = 5; /* bit for bit */
                else if (oc.state == SCHED_EMPTY && oc.stamps) bad = 6;
            }
        if (bad) fprintf(stderr, "  scatter %s: step %lld of %lld failed check %d\n", sched_gran_name(gran),
                         (long long)step, (long long)n, bad);
    }
    CHECK(!bad);
    free(acc);
    free(got);
}

static void test_scatter_property(void) {
    uint64_t st = 11;
    int done = 0;
    while (done < 60) {
        scene s;
        if (!CHECK(random_scene(&s, &st) == 0)) break;
        if (s.layer[0].g.p.kind == CONV_TRANSPOSE_2D) {
            for (int gran = 0; gran < 3; gran++) check_scatter(&s, (sched_gran)gran);
            done++;
        }
        scene_free(&s);
    }
}

/* A 2x2 input, kernel 3, stride 2, no padding: a 5x5 output, four stamps
 * that overlap on the middle row and column. */
static void test_scatter_stamps(void) {
    conv_params p;
    scene s;
    int sp[CONV_SP] = {1, 2, 2};
    const conv_geom *g;
    sched_outcell oc;
    conv_params_init(&p, CONV_TRANSPOSE_2D);
    p.kernel[1] = p.kernel[2] = 3;
    p.stride[1] = p.stride[2] = 2;
    p.padding = CONV_PAD_AMOUNT;
    p.filters = 1;
    CHECK_INT(scene_make(&s, &p, 1, sp, 5, NULL), 0);
    g = &s.layer[0].g;
    CHECK_INT(g->out_sp[1], 5);
    CHECK_INT(sched_order_count(g, SCHED_SCATTER, SCHED_POSITION), 4);
    CHECK_INT(sched_order_count(g, SCHED_SCATTER, SCHED_MAC), 36);
    CHECK_INT(sched_order_count(g, SCHED_GATHER, SCHED_MAC), 25 * 9);
    /* after the first stamp: (0,0) is complete, (2,2) has 1 of its 4 */
    sched_scatter_cell(g, SCHED_POSITION, 0, s.input, s.layer[0].weight, s.layer[0].bias, 0, 0, &oc);
    CHECK_INT(oc.state, SCHED_DONE);
    CHECK(oc.now);
    CHECK_INT(oc.total, 1);
    sched_scatter_cell(g, SCHED_POSITION, 0, s.input, s.layer[0].weight, s.layer[0].bias, 0, 12, &oc);
    CHECK_INT(oc.state, SCHED_PARTIAL);
    CHECK_INT(oc.stamps, 1);
    CHECK_INT(oc.total, 4);
    CHECK_NEAR(oc.sum, s.input[0] * s.layer[0].weight[8], 0);
    /* (0,4) is only the second stamp's: empty after the first */
    sched_scatter_cell(g, SCHED_POSITION, 0, s.input, s.layer[0].weight, s.layer[0].bias, 0, 4, &oc);
    CHECK_INT(oc.state, SCHED_EMPTY);
    CHECK(!oc.now);
    sched_scatter_cell(g, SCHED_POSITION, 3, s.input, s.layer[0].weight, s.layer[0].bias, 0, 12, &oc);
    CHECK_INT(oc.state, SCHED_DONE);
    CHECK_NEAR(oc.value, s.layer[0].out[12], 0);
    /* mac: the second input cell's third tap is step 9 + 2 */
    {
        sched_pos q = sched_order_at(g, SCHED_SCATTER, SCHED_MAC, 11);
        CHECK_INT(q.cell, 1);
        CHECK_INT(q.chan, 0);
        CHECK_INT(q.tap, 2);
        CHECK(sched_scatter_done(g, SCHED_MAC, 11, 0, 1, 0, 2));
        CHECK(!sched_scatter_done(g, SCHED_MAC, 11, 0, 1, 0, 3));
    }
    /* the gather order reads the flipped window in reading order: the
     * tap in play moves right, then down, on the zero-inserted grid */
    {
        sched_state stt;
        int prev = -1, ok = 1;
        CHECK(sched_state_init(&stt, g, NULL) == 0);
        for (int64_t step = 0; step < 9; step++) {
            sched_pos q = sched_at(g, SCHED_MAC, step);
            int at;
            sched_state_at(&stt, g, SCHED_MAC, step, s.input, s.layer[0].weight, s.layer[0].bias);
            at = stt.tap[q.tap].at[1] * 100 + stt.tap[q.tap].at[2];
            ok &= at > prev;
            prev = at;
        }
        CHECK(ok);
        CHECK_INT(sched_at(g, SCHED_MAC, 0).tap, 8);
        CHECK_INT(sched_cell_last(g, SCHED_MAC, 0, 0), 8);
        sched_state_free(&stt);
    }
    scene_free(&s);
}

int main(void) {
    test_default_counts();
    test_property();
    test_scatter_stamps();
    test_scatter_property();
    return check_done();
}
