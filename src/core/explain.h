/* explain: the text a learner reads: numbers, the arithmetic of one output
 * cell or step, the parameter count as a sum (the output-size formula with
 * its numbers is conv_formula, in conv.h). Pure formatting into caller
 * buffers; each function returns the length it wanted to write (like
 * snprintf), truncating safely. */
#ifndef CONVANIM_EXPLAIN_H
#define CONVANIM_EXPLAIN_H

#include <stddef.h>
#include "scene.h"
#include "sched.h"

/* Shortest decimal that reads back as exactly v ("0.1", "51", "-2",
 * "1.9000000000000001"); "nan"/"inf" never occur in scenes. */
int explain_num(char *buf, size_t n, double v);

/* At most `digits` significant digits, for cells in a frame ("0.333"). */
int explain_short(char *buf, size_t n, double v, int digits);

/* One channel of one output cell: "2*1 + 4*2 + ... + 2*(-4) = 51", input
 * value first, then weight, taps in kernel order; taps in holes (transposed)
 * are left out. c_local is the channel within the filter's group. */
int explain_channel(char *buf, size_t n, const conv_geom *g, const double *input,
                    const double *weight, int f, int64_t cell, int c_local);

/* The whole cell. One channel and no bias: the single line above. Otherwise
 * one line per channel ("channel 0: ... = a"), then "bias: b" when there is
 * a bias, then "total: a + b + ... = v", then "relu(v) = y" when there is an
 * activation. Lines end in '\n'. */
int explain_cell(char *buf, size_t n, const conv_geom *g, const double *input,
                 const double *weight, const double *bias, int f, int64_t cell);

/* explain_cell as one line, its lines joined by "; " (captions, verdicts). */
int explain_cell_line(char *buf, size_t n, const conv_geom *g, const double *input,
                      const double *weight, const double *bias, int f, int64_t cell);

/* The arithmetic of what a step adds, for the caption: the products of the
 * channel (or the one product at mac granularity) done so far, "= partial". */
int explain_step(char *buf, size_t n, const conv_geom *g, const sched_state *s, sched_gran gran);

/* One axis's output size, named as the panels write it:
 * "H_out = (5 + 2*1 - 1*(3-1) - 1)/2 + 1 = 3" (conv_formula after the name). */
int explain_out_size(char *buf, size_t n, const conv_geom *g, int axis);

/* The receptive field of a cell of tensor t (net.h: 0 the input, i the
 * output of layer i) on the input, axis by axis with the numbers:
 * "RF_H = 1 + 2*1 + 2*1 = 5, jump_H = 1*1*1 = 1". "" (returns 0) where the
 * textbook recurrence does not hold (a transposed layer on the way). */
int explain_rf(char *buf, size_t n, const scene *s, int t, int axis);
/* The same in a few words: "receptive field 5x5, jump 1x1". */
int explain_rf_short(char *buf, size_t n, const scene *s, int t);

/* Parameter count as a sum: "(3*3*3 + 1)*2 = 56"; without bias "3*3*3*2 = 54". */
int explain_params(char *buf, size_t n, const conv_geom *g);

/* A grouped layer's split (groups > 1; "" otherwise), two lines:
 * "channels/groups = 3/3 = 1 a filter, filters/groups = 6/3 = 2 a group\n"
 * "a group: (3*3*1 + 1)*2 = 20; 3 groups: 60". */
int explain_groups(char *buf, size_t n, const conv_geom *g);

#endif
