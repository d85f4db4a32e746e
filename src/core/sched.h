/* sched: the step schedule of the animation, random access in O(1) and the
 * full state at any step in O(cpg * kvol), never by replaying.
 *
 * Order: filter, then output cell (linear index, see conv.h), then input
 * channel of the filter's group, then kernel tap. Granularity decides how
 * much one step covers:
 *   position  one output cell of one filter         F * cells steps
 *   channel   one input channel of that cell        F * cells * cpg
 *   mac       one multiply-add                      F * cells * cpg * kvol
 * Step t is the step being shown: its own work is included in the state
 * (the running sum at step t contains step t's products).
 *
 * A transposed layer reads its window with the kernel flipped (conv.h), so
 * at mac granularity its taps are taken in reverse index order: the one
 * in play walks the window on the zero-inserted grid in reading order.
 *
 * The scatter order (transposed layers: what the framework computes) is
 * filter, then input cell (linear, like an output cell), then input
 * channel of the group, then tap: each input cell in turn stamps its
 * value x the kernel into the output.
 *   position  one input cell, all channels of the group   F * in_cells
 *   channel   one input cell of one channel                 F * in_cells * cpg
 *   mac       one tap of that stamp                         F * in_cells * cpg * kvol
 * sched_pos says the same with `cell` an input cell. */
#ifndef CONVANIM_SCHED_H
#define CONVANIM_SCHED_H

#include <stdint.h>
#include "conv.h"

typedef enum { SCHED_POSITION, SCHED_CHANNEL, SCHED_MAC, SCHED_GRAN_COUNT } sched_gran;
extern const char *const sched_gran_names[SCHED_GRAN_COUNT];

const char *sched_gran_name(sched_gran g); /* "position", "channel", "mac" */

typedef struct {
    int filter;
    int64_t cell;
    int chan; /* channel within the group; -1 when the step covers all (position) */
    int tap;  /* -1 when the step covers all taps (position, channel) */
} sched_pos;

/* Cannot overflow, so steps need no limit of their own: out_c * out_cells
 * is an output tensor (at most TENSOR_MAX_ELEMS = 2^24 values), cpg is at
 * most the input channels (2^24) and kvol at most CONV_MAX_KVOL (2^12):
 * at most 2^60 steps, below INT64_MAX; sched_index stays under it too. */
int64_t sched_count(const conv_geom *g, sched_gran gran);
sched_pos sched_at(const conv_geom *g, sched_gran gran, int64_t step);

/* The granularity a layer opens at when none is asked for: channel, or
 * position for a layer of more than SCHED_BIG steps at channel granularity
 * (a 3x224x224 input has 150,528 of them a filter: one a cell is enough). */
enum { SCHED_BIG = 10000 };
sched_gran sched_default_gran(const conv_geom *g);

/* Step of pos. A -1 channel or tap stands for the first one, so this also
 * gives the first step of a cell at any granularity. */
int64_t sched_index(const conv_geom *g, sched_gran gran, sched_pos pos);

/* Last step that works on (filter, cell). */
int64_t sched_cell_last(const conv_geom *g, sched_gran gran, int filter, int64_t cell);

/* PARTIAL: the scatter order only (some stamps in, not all). */
typedef enum { SCHED_EMPTY, SCHED_CURRENT, SCHED_DONE, SCHED_PARTIAL } sched_cellstate;

/* State of output cell (filter, cell) when step is shown. The cell of the
 * current step is CURRENT even if its last product is in. */
sched_cellstate sched_cell_state(const conv_geom *g, sched_gran gran, int64_t step,
                                 int filter, int64_t cell);

/* Everything the picture of one step needs, owned by the state. Per-tap
 * arrays are cpg*kvol entries, channel-major ([c_local][tap]); tap
 * positions are the same on every channel, so `tap` has kvol entries. */
typedef struct {
    int cpg, kvol;
    conv_tap *tap;        /* [kvol] where each tap reads */
    double *x;            /* input value read by each tap */
    double *w;            /* weight of each tap for the current filter */
    unsigned char *done;  /* 1 once the product is in the sum */
    double *chan_sum;     /* [cpg] partial sum of each channel so far */

    int64_t step;
    sched_pos pos;
    int out[CONV_SP];     /* output cell coordinates */
    int in_c0;            /* input channel of c_local 0 */
    double sum;           /* all products so far, channel partial sums added */
    int complete;         /* every product is in: bias and activation apply */
    double pre;           /* sum + bias (valid when complete) */
    double value;         /* activation(pre) (valid when complete) */
} sched_state;

int sched_state_init(sched_state *s, const conv_geom *g, errmsg *e);
void sched_state_free(sched_state *s);

/* Fills s for step (0 <= step < sched_count) directly. input, weight and
 * bias as in conv.h (bias may be NULL). */
void sched_state_at(sched_state *s, const conv_geom *g, sched_gran gran, int64_t step,
                    const double *input, const double *weight, const double *bias);

/* ---- the scatter order ---- */

typedef enum { SCHED_GATHER, SCHED_SCATTER, SCHED_ORDER_COUNT } sched_order;

/* sched_count, sched_at, sched_index in order o (SCHED_SCATTER only for a
 * transposed layer; the gather order otherwise). */
int64_t sched_order_count(const conv_geom *g, sched_order o, sched_gran gran);
sched_pos sched_order_at(const conv_geom *g, sched_order o, sched_gran gran, int64_t step);
int64_t sched_order_index(const conv_geom *g, sched_order o, sched_gran gran, sched_pos pos);

/* Whether the product of (input cell, channel in group, tap) of filter f
 * is in the output at step of the scatter order. */
int sched_scatter_done(const conv_geom *g, sched_gran gran, int64_t step, int f, int64_t in_cell, int c, int tap);

/* One output cell of the scatter order at a step, in O(cpg * kvol). */
typedef struct {
    sched_cellstate state; /* EMPTY, PARTIAL or DONE (every stamp in; a cell no stamp reaches is
                              DONE from its filter's first step) */
    int now;               /* the step's own work lands here */
    int stamps, total;     /* products (input cell, channel, tap) in so far, and in all */
    double sum;            /* their sum: per channel in conv_forward's order, then the channels */
    double value;          /* DONE: activation(sum + bias), bit for bit conv_forward's */
} sched_outcell;

void sched_scatter_cell(const conv_geom *g, sched_gran gran, int64_t step, const double *input,
                        const double *weight, const double *bias, int f, int64_t cell, sched_outcell *out);

#endif
