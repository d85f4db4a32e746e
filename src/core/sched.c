#include "sched.h"

#include <stdlib.h>
#include <string.h>

const char *const sched_gran_names[] = {"position", "channel", "mac"};
_Static_assert(sizeof sched_gran_names / sizeof sched_gran_names[0] == SCHED_GRAN_COUNT, "a name for every granularity");

const char *sched_gran_name(sched_gran g) {
    return (unsigned)g < SCHED_GRAN_COUNT ? sched_gran_names[g] : "?";
}

/* The tap taken j-th at mac granularity: a transposed layer's in reverse,
 * so that the tap in play reads its flipped window in reading order. Its
 * own inverse. */
static int tap_in_order(const conv_geom *g, int j) {
    return g->p.kind == CONV_TRANSPOSE_2D ? g->kvol - 1 - j : j;
}

/* Steps per output cell of one filter. */
static int64_t per_cell(const conv_geom *g, sched_gran gran) {
    switch (gran) {
    case SCHED_CHANNEL: return g->cpg;
    case SCHED_MAC: return (int64_t)g->cpg * g->kvol;
    default: return 1;
    }
}

int64_t sched_count(const conv_geom *g, sched_gran gran) {
    return (int64_t)g->out_c * g->out_cells * per_cell(g, gran);
}

sched_pos sched_at(const conv_geom *g, sched_gran gran, int64_t step) {
    sched_pos p = {0, 0, -1, -1};
    if (gran == SCHED_MAC) { p.tap = tap_in_order(g, (int)(step % g->kvol)); step /= g->kvol; }
    if (gran != SCHED_POSITION) { p.chan = (int)(step % g->cpg); step /= g->cpg; }
    p.cell = step % g->out_cells;
    p.filter = (int)(step / g->out_cells);
    return p;
}

int64_t sched_index(const conv_geom *g, sched_gran gran, sched_pos pos) {
    int64_t i = (int64_t)pos.filter * g->out_cells + pos.cell;
    if (gran != SCHED_POSITION) i = i * g->cpg + (pos.chan < 0 ? 0 : pos.chan);
    if (gran == SCHED_MAC) i = i * g->kvol + (pos.tap < 0 ? 0 : tap_in_order(g, pos.tap));
    return i;
}

int64_t sched_cell_last(const conv_geom *g, sched_gran gran, int filter, int64_t cell) {
    sched_pos p = {filter, cell, g->cpg - 1, tap_in_order(g, g->kvol - 1)};
    return sched_index(g, gran, p);
}

sched_gran sched_default_gran(const conv_geom *g) {
    return sched_count(g, SCHED_CHANNEL) > SCHED_BIG ? SCHED_POSITION : SCHED_CHANNEL;
}

sched_cellstate sched_cell_state(const conv_geom *g, sched_gran gran, int64_t step,
                                 int filter, int64_t cell) {
    int64_t cur = step / per_cell(g, gran), this = (int64_t)filter * g->out_cells + cell;
    return this < cur ? SCHED_DONE : this == cur ? SCHED_CURRENT : SCHED_EMPTY;
}

int sched_state_init(sched_state *s, const conv_geom *g, errmsg *e) {
    size_t n = (size_t)g->cpg * (size_t)g->kvol;
    memset(s, 0, sizeof *s);
    s->cpg = g->cpg;
    s->kvol = g->kvol;
    s->tap = malloc((size_t)g->kvol * sizeof *s->tap);
    s->x = malloc(n * sizeof *s->x);
    s->w = malloc(n * sizeof *s->w);
    s->done = malloc(n);
    s->chan_sum = malloc((size_t)g->cpg * sizeof *s->chan_sum);
    if (!s->tap || !s->x || !s->w || !s->done || !s->chan_sum) {
        sched_state_free(s);
        return errmsg_set(e, "schedule: out of memory for %d channels x %d taps", g->cpg, g->kvol);
    }
    return 0;
}

void sched_state_free(sched_state *s) {
    free(s->tap);
    free(s->x);
    free(s->w);
    free(s->done);
    free(s->chan_sum);
    memset(s, 0, sizeof *s);
}

/* Whether the product of (channel c, tap) is in the sum at pos. */
static int is_done(const conv_geom *g, sched_gran gran, sched_pos pos, int c, int tap) {
    switch (gran) {
    case SCHED_POSITION: return 1;
    case SCHED_CHANNEL: return c <= pos.chan;
    default: return c < pos.chan || (c == pos.chan && tap_in_order(g, tap) <= tap_in_order(g, pos.tap));
    }
}

void sched_state_at(sched_state *s, const conv_geom *g, sched_gran gran, int64_t step,
                    const double *input, const double *weight, const double *bias) {
    sched_pos pos = sched_at(g, gran, step);
    int f = pos.filter;
    s->step = step;
    s->pos = pos;
    s->in_c0 = conv_group_first_channel(g, f);
    conv_cell_coords(g, pos.cell, s->out);
    for (int t = 0; t < g->kvol; t++) conv_tap_at(g, s->out, t, &s->tap[t]);
    s->sum = 0;
    for (int c = 0; c < g->cpg; c++) {
        double cs = 0;
        for (int j = 0; j < g->kvol; j++) { /* in the schedule's order, as conv_forward sums */
            int t = tap_in_order(g, j);
            size_t i = (size_t)c * g->kvol + t;
            s->x[i] = conv_tap_value(g, input, s->in_c0 + c, &s->tap[t]);
            s->w[i] = weight[conv_weight_index(g, f, c, t)];
            s->done[i] = (unsigned char)is_done(g, gran, pos, c, t);
            if (s->done[i]) cs += s->x[i] * s->w[i];
        }
        s->chan_sum[c] = cs;
        s->sum += cs;
    }
    s->complete = step == sched_cell_last(g, gran, f, pos.cell);
    s->pre = s->sum + ((g->p.bias && bias) ? bias[f] : 0);
    s->value = conv_activate(g->p.activation, s->pre);
}

/* ---- the scatter order ---- */

int64_t sched_order_count(const conv_geom *g, sched_order o, sched_gran gran) {
    if (o != SCHED_SCATTER || g->p.kind != CONV_TRANSPOSE_2D) return sched_count(g, gran);
    return (int64_t)g->out_c * g->in_cells * per_cell(g, gran);
}

sched_pos sched_order_at(const conv_geom *g, sched_order o, sched_gran gran, int64_t step) {
    sched_pos p = {0, 0, -1, -1};
    if (o != SCHED_SCATTER || g->p.kind != CONV_TRANSPOSE_2D) return sched_at(g, gran, step);
    if (gran == SCHED_MAC) { p.tap = (int)(step % g->kvol); step /= g->kvol; }
    if (gran != SCHED_POSITION) { p.chan = (int)(step % g->cpg); step /= g->cpg; }
    p.cell = step % g->in_cells;
    p.filter = (int)(step / g->in_cells);
    return p;
}

int64_t sched_order_index(const conv_geom *g, sched_order o, sched_gran gran, sched_pos pos) {
    int64_t i;
    if (o != SCHED_SCATTER || g->p.kind != CONV_TRANSPOSE_2D) return sched_index(g, gran, pos);
    i = (int64_t)pos.filter * g->in_cells + pos.cell;
    if (gran != SCHED_POSITION) i = i * g->cpg + (pos.chan < 0 ? 0 : pos.chan);
    if (gran == SCHED_MAC) i = i * g->kvol + (pos.tap < 0 ? 0 : pos.tap);
    return i;
}

/* The step of the scatter order that adds product (in_cell, c, tap) of f. */
static int64_t scatter_step(const conv_geom *g, sched_gran gran, int f, int64_t in_cell, int c, int tap) {
    sched_pos p = {f, in_cell, c, tap};
    return sched_order_index(g, SCHED_SCATTER, gran, p);
}

int sched_scatter_done(const conv_geom *g, sched_gran gran, int64_t step, int f, int64_t in_cell, int c, int tap) {
    return scatter_step(g, gran, f, in_cell, c, tap) <= step;
}

/* The input cell whose tap lands on output cell o (-1 if none: the tap
 * falls between input cells or outside the input). */
static int64_t source_of(const conv_geom *g, const int o[CONV_SP], int tap) {
    int k[CONV_SP], i[CONV_SP];
    conv_tap_coords(g, tap, k);
    for (int a = 0; a < CONV_SP; a++) {
        int s = g->p.stride[a], num = o[a] + g->pad_lo[a] - k[a] * g->p.dilation[a];
        if (num < 0 || num % s || num / s >= g->in_sp[a]) return -1;
        i[a] = num / s;
    }
    return ((int64_t)i[0] * g->in_sp[1] + i[1]) * g->in_sp[2] + i[2];
}

void sched_scatter_cell(const conv_geom *g, sched_gran gran, int64_t step, const double *input,
                        const double *weight, const double *bias, int f, int64_t cell, sched_outcell *out) {
    int o[CONV_SP], c0 = conv_group_first_channel(g, f);
    double total = 0;
    memset(out, 0, sizeof *out);
    conv_cell_coords(g, cell, o);
    for (int c = 0; c < g->cpg; c++) {
        double cs = 0;
        for (int j = 0; j < g->kvol; j++) { /* conv_forward's order: skipped taps add +-0 */
            int tap = tap_in_order(g, j);
            int64_t i = source_of(g, o, tap), at;
            if (i < 0) continue;
            out->total++;
            at = scatter_step(g, gran, f, i, c, tap);
            if (at > step) continue;
            out->now |= at == step;
            out->stamps++;
            cs += input[(int64_t)(c0 + c) * g->in_cells + i] * weight[conv_weight_index(g, f, c, tap)];
        }
        total += cs;
    }
    out->sum = total;
    if (out->stamps == out->total && sched_order_at(g, SCHED_SCATTER, gran, step).filter >= f) {
        out->state = SCHED_DONE;
        out->value = conv_activate(g->p.activation, total + ((g->p.bias && bias) ? bias[f] : 0));
    } else {
        out->state = out->stamps ? SCHED_PARTIAL : SCHED_EMPTY;
    }
}
