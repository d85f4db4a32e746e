/* presenter: a lesson in the window, and the quiz of any scene. The
 * window hands it keys, typed text and clicks on input cells before the
 * editor; it moves between slides (copying the slide's scene into the
 * window's, so the editor works on a copy and R puts the slide back),
 * asks the slide's question, reads the answer and keeps the verdict
 * (answer.h), and fills the layout_slide the frame draws.
 *
 * Keys, in a lesson: PageDown / PageUp or N / Shift+N next / previous
 * slide (a clicker's keys; Right / Left stay one step, Ctrl+PageDown /
 * PageUp move between layers); B blanks the screen (again, or Esc, shows
 * it); R resets the slide (its scene, step, view). Anywhere: A asks the
 * next output value (the quiz; A again ends it): the cell in play while
 * its sum is not complete, else the next one (answer_value_cell). With
 * a question shown, Enter (or a digit, '-', '(' or '[') opens the answer
 * box; Enter checks, Esc closes it. A receptive-field question takes
 * clicks on input cells (again to unpick), Enter checks them. */
#ifndef CONVANIM_PRESENTER_H
#define CONVANIM_PRESENTER_H

#include <SDL.h>
#include "answer.h"
#include "layout.h"
#include "lesson.h"

enum { PRESENTER_TYPED = 128 };

typedef struct {
    const lesson *l;        /* NULL: a plain scene (the quiz only) */
    int slide;
    int blank;
    int quiz;               /* A: asking in a plain scene, or on a slide without a question */
    int typing;
    char typed[PRESENTER_TYPED];
    int answered;           /* the verdict belongs to verdict_step */
    int64_t verdict_step;
    answer_verdict verdict;
    unsigned char *picked;  /* [in_cells] of the layer shown, receptive-field questions */
    int64_t picked_n;
    char counter[32];
    char caption[LESSON_TEXT * 4];
    char prompt[192];       /* the question, naming the cell a value question asks */
    char error[ERRMSG_SIZE];
    layout_slide ls;
} presenter;

void presenter_init(presenter *p, const lesson *l);
void presenter_free(presenter *p);

/* Puts slide i's scene into *s (a fresh copy) and returns the slide, for
 * its view (layer, granularity, step, stop, projector, hover); NULL with e
 * when the copy fails (memory: the scene shown is left as it was) or
 * there is no lesson. i is clamped. */
const lesson_slide *presenter_goto_slide(presenter *p, int i, scene *s, errmsg *e);

/* The question shown now (the slide's, or the quiz's), LESSON_Q_NONE if none. */
lesson_qkind presenter_question(const presenter *p);

/* Keys and text: 1 when taken. A slide change is reported in *moved (the
 * slide to go to, -1 none) for the window to call presenter_goto_slide. */
int presenter_key(presenter *p, const scene *s, const layout_view *v, SDL_Keycode key, Uint16 mod, int *moved);
int presenter_text(presenter *p, const char *utf8);

/* A click on the input cell of hover target b: picks or unpicks it when
 * a receptive-field question is shown. 1 when taken. */
int presenter_click(presenter *p, const scene *s, const layout_view *v, frame_element el, int64_t b);

/* Before drawing: the layout_slide of the view (NULL when there is
 * nothing to show), with the caption filled for the step shown. */
const layout_slide *presenter_sync(presenter *p, const scene *s, const layout_view *v);

#endif
