/* lesson: a lecture as a list of slides, each a scene with where to stand
 * in it (layer, granularity, start step, where play stops), view options,
 * a caption and an optional question for the students.
 *
 * Captions are the teacher's text with fields in braces, "{H_out}",
 * "{params}", filled from the slide's scene and layer (lesson_fill), so a
 * formula reads with its numbers. The fields are lesson_field_names; "{{"
 * and "}}" are literal braces.
 *
 * Ownership: a lesson owns its slides and their scenes; lesson_free
 * releases them. Loading is src/io/lessonio. */
#ifndef CONVANIM_LESSON_H
#define CONVANIM_LESSON_H

#include <stddef.h>
#include <stdint.h>
#include "scene.h"
#include "sched.h"

enum { LESSON_MAX_SLIDES = 256, LESSON_TEXT = 1024, LESSON_TITLE = 128 };

/* What a slide may ask (answer.h checks the answers). */
typedef enum {
    LESSON_Q_NONE,   /* no question */
    LESSON_Q_VALUE,  /* the next output value (answer_value_cell: the cell in play, or the next) */
    LESSON_Q_SHAPE,  /* the layer's output shape, in the scene's layout */
    LESSON_Q_PARAMS, /* the layer's parameter count */
    LESSON_Q_FIELD,  /* the input cells the output cell at the step reads (clicked) */
    LESSON_Q_COUNT
} lesson_qkind;

/* "none", "next_value", "output_shape", "params", "receptive_field" */
extern const char *const lesson_q_names[LESSON_Q_COUNT];

/* The question put to the students, in our words ("What is the next
 * output value?"). */
const char *lesson_q_prompt(lesson_qkind q);

/* The fields a caption may name. */
typedef enum {
    LESSON_F_TITLE,                      /* the scene's title */
    LESSON_F_C_IN, LESSON_F_D_IN, LESSON_F_H_IN, LESSON_F_W_IN,
    LESSON_F_C_OUT, LESSON_F_D_OUT, LESSON_F_H_OUT, LESSON_F_W_OUT,
    LESSON_F_K_H, LESSON_F_K_W, LESSON_F_S_H, LESSON_F_S_W,
    LESSON_F_P_H, LESSON_F_P_W, LESSON_F_DIL_H, LESSON_F_DIL_W,
    LESSON_F_GROUPS, LESSON_F_FILTERS,
    LESSON_F_IN_SHAPE, LESSON_F_OUT_SHAPE, /* "(8, 8, 3)" in the scene's layout */
    LESSON_F_FORMULA_H, LESSON_F_FORMULA_W, /* "H_out = (5 + 2*0 - 1*(3-1) - 1)/1 + 1 = 3" */
    LESSON_F_PARAMS,                     /* this layer's parameter count */
    LESSON_F_PARAMS_SUM,                 /* "(3*3*3 + 1)*2 = 56" */
    LESSON_F_TOTAL_PARAMS,               /* every layer of the scene */
    LESSON_F_WEIGHTS, LESSON_F_MACS,
    LESSON_F_CONVS,                      /* per-channel convolutions: filters x channels each reads */
    LESSON_F_CPG,                        /* channels each filter reads (C_in / groups) */
    LESSON_F_LAYER, LESSON_F_LAYERS,     /* layer number from 1, layer count */
    LESSON_F_VALUE,                      /* output value of the cell at the step */
    LESSON_F_ARITHMETIC,                 /* its arithmetic, one line ("...; total: ...") */
    LESSON_F_COUNT
} lesson_field;

/* "title", "C_in", "D_in", "H_in", "W_in", "C_out", ..., "value", "arithmetic" */
extern const char *const lesson_field_names[LESSON_F_COUNT];

typedef struct {
    scene s;
    int layer;
    sched_gran gran;
    int64_t step;          /* where the slide starts */
    int64_t stop;          /* play pauses here; -1: the layer's last step */
    int projector;         /* -1: as the presenter is, 0 off, 1 on */
    int hover_set;         /* the slide shows an output cell's receptive field lit */
    int hover_filter;
    int64_t hover_cell;    /* linear output cell */
    char caption[LESSON_TEXT];
    lesson_qkind question;
} lesson_slide;

typedef struct {
    char title[LESSON_TITLE];
    int nslides;
    lesson_slide *slide;   /* [nslides] */
} lesson;

void lesson_init(lesson *l);
void lesson_free(lesson *l);

/* The caption of slide `sl` with its fields filled in, into buf (cut
 * safely at n). Fails on a field that is not in lesson_field_names
 * ("{H_ot} is not a field (known: ...)") or an unmatched brace. */
int lesson_fill(char *buf, size_t n, const char *text, const lesson_slide *sl, errmsg *e);

/* The same with the step given (the presenter's playhead, not the slide's
 * start): the value and arithmetic fields follow it. */
int lesson_fill_at(char *buf, size_t n, const char *text, const scene *s, int layer, sched_gran gran,
                   int64_t step, errmsg *e);

/* The output cell the step works on, and the filter. */
void lesson_cell_at(const scene *s, int layer, sched_gran gran, int64_t step, int *filter, int64_t *cell);

#endif
