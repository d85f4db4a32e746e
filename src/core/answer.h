/* answer: what a student types or clicks, read and checked against the
 * core (the forward pass, the geometry), with a verdict to show: "right"
 * or "not quite", and the arithmetic or the formula with its numbers.
 *
 * Typed answers are numbers as people write them: "-2", "-2.0", "51.",
 * "(4, 4, 2)", "4x4x2", "[4,4,2]", "4 4 2". */
#ifndef CONVANIM_ANSWER_H
#define CONVANIM_ANSWER_H

#include <stddef.h>
#include "lesson.h"

enum { ANSWER_MAX_NUMBERS = 8, ANSWER_VERDICT = 2048 };

/* Reads up to max numbers (ANSWER_MAX_NUMBERS at most) into v, *n of
 * them. Fails ("answer: \"4y4\" is not a number or a list like (4, 4,
 * 2)") on anything else, an empty text or more numbers than max. */
int answer_parse(const char *text, double *v, int max, int *n, errmsg *e);

typedef struct {
    int right;                    /* 1 right, 0 wrong */
    char text[ANSWER_VERDICT];    /* "right: 2*1 + ... = 51" / "not quite: ..." */
} answer_verdict;

/* The output cell a "next value" question asks about at the step: the
 * cell in play while its sum is not complete (channel, mac granularity),
 * otherwise (its value is on screen) the next step's cell; the last cell
 * at the last step. */
void answer_value_cell(const scene *s, int layer, sched_gran gran, int64_t step, int *filter, int64_t *cell);

/* "output[0][2][2]": the cell in the scene's order (channel first or last). */
void answer_cell_name(char *buf, size_t n, const scene *s, int layer, int filter, int64_t cell);

/* The question put at the step, naming the cell where it is about one
 * ("What is the next output value, output[0][2][2]?"). */
void answer_prompt(char *buf, size_t n, const scene *s, int layer, sched_gran gran, int64_t step, lesson_qkind q);

/* Checks a typed answer to question q (value, shape, params) about layer
 * `layer` of s at step (granularity gran); the value is answer_value_cell's. A value is right when it is
 * within 1e-9 of the output's magnitude, or rounded to the decimals typed
 * (0.333 for 1/3, 1.9 for 1.9000000000000001; 51.2 is not 51); a shape must be the layer's
 * output in the scene's layout; a count exact. Fails only on text
 * answer_parse cannot read (e says why) or a question that is not typed. */
int answer_check(const scene *s, int layer, sched_gran gran, int64_t step, lesson_qkind q, const char *typed,
                 answer_verdict *v, errmsg *e);

/* The receptive field of the output cell at the step: marks in field[]
 * (of g.in_cells entries, linear unpadded input cells, channel-free) every
 * input cell one of its taps reads (padding copies read their source).
 * Returns how many were marked. */
int64_t answer_field(const scene *s, int layer, sched_gran gran, int64_t step, unsigned char *field);

/* Checks clicked cells (picked[], as field[]) against that set. */
void answer_check_field(const scene *s, int layer, sched_gran gran, int64_t step, const unsigned char *picked,
                        answer_verdict *v);

#endif
