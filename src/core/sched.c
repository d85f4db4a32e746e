#include "sched.h"

#include <stdlib.h>
#include <string.h>

const char *const sched_gran_names[] = {"position", "channel", "mac"};
_Static_assert(sizeof sched_gran_names / sizeof sched_gran_names[0] == SCHED_GRAN_COUNT, "a name for every granularity");

const char *sched_gran_name(sched_gran g) {
    return (unsigned)g < SCHED_GRAN_COUNT ? sched_gran_names[g] : "?";
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
    if (gran == SCHED_MAC) { p.tap = (int)(step % g->kvol); step /= g->kvol; }
    if (gran != SCHED_POSITION) { p.chan = (int)(step % g->cpg); step /= g->cpg; }
    p.cell = step % g->out_cells;
    p.filter = (int)(step / g->out_cells);
    return p;
}

int64_t sched_index(const conv_geom *g, sched_gran gran, sched_pos pos) {
    int64_t i = (int64_t)pos.filter * g->out_cells + pos.cell;
    if (gran != SCHED_POSITION) i = i * g->cpg + (pos.chan < 0 ? 0 : pos.chan);
    if (gran == SCHED_MAC) i = i * g->kvol + (pos.tap < 0 ? 0 : pos.tap);
    return i;
}

int64_t sched_cell_last(const conv_geom *g, sched_gran gran, int filter, int64_t cell) {
    sched_pos p = {filter, cell, g->cpg - 1, g->kvol - 1};
    return sched_index(g, gran, p);
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
static int is_done(sched_gran gran, sched_pos pos, int c, int tap) {
    switch (gran) {
    case SCHED_POSITION: return 1;
    case SCHED_CHANNEL: return c <= pos.chan;
    default: return c < pos.chan || (c == pos.chan && tap <= pos.tap);
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
        for (int t = 0; t < g->kvol; t++) {
            size_t i = (size_t)c * g->kvol + t;
            s->x[i] = conv_tap_value(g, input, s->in_c0 + c, &s->tap[t]);
            s->w[i] = weight[conv_weight_index(g, f, c, t)];
            s->done[i] = (unsigned char)is_done(gran, pos, c, t);
            if (s->done[i]) cs += s->x[i] * s->w[i];
        }
        s->chan_sum[c] = cs;
        s->sum += cs;
    }
    s->complete = step == sched_cell_last(g, gran, f, pos.cell);
    s->pre = s->sum + ((g->p.bias && bias) ? bias[f] : 0);
    s->value = conv_activate(g->p.activation, s->pre);
}
