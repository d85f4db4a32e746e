/* libFuzzer target: the schedule. The bytes pick a small valid layer
 * (scene_make) and a few steps; the state at each step, computed
 * directly, must agree with conv_cell and with the step arithmetic. */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include "scene.h"
#include "sched.h"

typedef struct {
    const uint8_t *p;
    size_t n;
} bytes;

/* Next byte mod m (0 once the input is used up). */
static int pick(bytes *b, int m) {
    int v = 0;
    if (b->n) { v = *b->p++; b->n--; }
    return v % m;
}

static void make_params(bytes *b, conv_params *p, int *in_c, int sp[CONV_SP]) {
    conv_kind kind = (conv_kind)pick(b, 4);
    int ndim = conv_ndim(kind), groups = 1 + pick(b, 3);
    conv_params_init(p, kind);
    *in_c = groups * (1 + pick(b, 3));
    p->groups = groups;
    p->filters = groups * (1 + pick(b, 3));
    p->bias = pick(b, 2);
    p->activation = (conv_act)pick(b, 4);
    p->padding_mode = kind == CONV_TRANSPOSE_2D ? CONV_MODE_ZEROS : (conv_padmode)pick(b, 4);
    p->padding = (conv_padding)pick(b, 4);
    if (p->padding_mode != CONV_MODE_ZEROS && p->padding == CONV_PAD_FULL)
        p->padding = CONV_PAD_AMOUNT;
    for (int a = 0; a < CONV_SP; a++) sp[a] = 1;
    for (int a = CONV_SP - ndim; a < CONV_SP; a++) {
        sp[a] = 1 + pick(b, 7);
        p->kernel[a] = 1 + pick(b, 4);
        p->stride[a] = 1 + pick(b, 3);
        p->dilation[a] = 1 + pick(b, 2);
        p->pad[a][0] = pick(b, 3);
        p->pad[a][1] = pick(b, 3);
        if (kind == CONV_TRANSPOSE_2D) p->output_padding[a] = pick(b, p->stride[a]);
    }
}

static void check_step(const scene_layer *L, const double *input, sched_state *st,
                       sched_gran gran, int64_t t) {
    const conv_geom *g = &L->g;
    double chan[64], pre, value;
    sched_pos pos = sched_at(g, gran, t);
    if (sched_index(g, gran, pos) != t) abort();
    if (pos.filter < 0 || pos.filter >= g->out_c || pos.cell < 0 || pos.cell >= g->out_cells) abort();
    sched_state_at(st, g, gran, t, input, L->weight, L->bias);
    if (sched_cell_state(g, gran, t, pos.filter, pos.cell) != SCHED_CURRENT) abort();
    value = conv_cell(g, input, L->weight, L->bias, pos.filter, pos.cell, chan, &pre);
    for (int c = 0; c < g->cpg; c++) {
        int all = 1;
        double sum = 0;
        for (int k = 0; k < g->kvol; k++) {
            all &= st->done[c * g->kvol + k];
            if (st->done[c * g->kvol + k]) sum += st->x[c * g->kvol + k] * st->w[c * g->kvol + k];
        }
        if (st->chan_sum[c] != sum) abort();
        /* A finished channel holds exactly the direct partial sum. */
        if (all && st->chan_sum[c] != chan[c]) abort();
    }
    if (st->complete != (t == sched_cell_last(g, gran, pos.filter, pos.cell))) abort();
    if (st->complete) {
        if (st->pre != pre) abort();
        if (st->value != value && !(st->value != st->value && value != value)) abort();
        if (L->out[(int64_t)pos.filter * g->out_cells + pos.cell] != value) abort();
    }
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
    bytes b = {data, size};
    conv_params p;
    int in_c, sp[CONV_SP];
    scene s;
    sched_state st;
    sched_gran gran;
    uint64_t rng;
    make_params(&b, &p, &in_c, sp);
    gran = (sched_gran)pick(&b, 3);
    rng = (uint64_t)pick(&b, 256) << 8 | (uint64_t)pick(&b, 256);
    if (scene_make(&s, &p, in_c, sp, rng, NULL) != 0) return 0;
    if (sched_state_init(&st, &s.layer[0].g, NULL) != 0) abort();
    {
        const conv_geom *g = &s.layer[0].g;
        int64_t n = sched_count(g, gran);
        if (n != (int64_t)g->out_c * g->out_cells *
                     (gran == SCHED_POSITION ? 1 : gran == SCHED_CHANNEL ? g->cpg : (int64_t)g->cpg * g->kvol))
            abort();
        check_step(&s.layer[0], s.input, &st, gran, 0);
        check_step(&s.layer[0], s.input, &st, gran, n - 1);
        for (int i = 0; i < 16; i++)
            check_step(&s.layer[0], s.input, &st, gran, (int64_t)(tensor_rng_next(&rng) % (uint64_t)n));
    }
    sched_state_free(&st);
    scene_free(&s);
    return 0;
}
