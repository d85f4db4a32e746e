#include "presenter.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

void presenter_init(presenter *p, const lesson *l) {
    memset(p, 0, sizeof *p);
    p->l = l && l->nslides > 0 ? l : NULL;
}

void presenter_free(presenter *p) {
    free(p->picked);
    p->picked = NULL;
    p->picked_n = 0;
}

/* A new question (slide, quiz, step): nothing typed, no verdict. */
static void forget_answer(presenter *p) {
    p->typing = 0;
    p->typed[0] = 0;
    p->answered = 0;
    p->error[0] = 0;
    if (p->picked) memset(p->picked, 0, (size_t)p->picked_n);
}

const lesson_slide *presenter_goto_slide(presenter *p, int i, scene *s, errmsg *e) {
    const lesson_slide *sl;
    scene copy;
    if (!p->l) {
        errmsg_set(e, "lesson: none is shown");
        return NULL;
    }
    i = i < 0 ? 0 : i >= p->l->nslides ? p->l->nslides - 1 : i;
    sl = &p->l->slide[i];
    scene_init(&copy);
    if (scene_copy(&copy, &sl->s, e)) return NULL; /* the scene shown stays */
    scene_free(s);
    *s = copy;
    p->slide = i;
    p->quiz = 0;
    forget_answer(p);
    return sl;
}

lesson_qkind presenter_question(const presenter *p) {
    if (p->quiz) return LESSON_Q_VALUE;
    return p->l ? p->l->slide[p->slide].question : LESSON_Q_NONE;
}

static void check(presenter *p, const scene *s, const layout_view *v) {
    lesson_qkind q = presenter_question(p);
    errmsg e = {""};
    p->typing = 0;
    p->verdict_step = v->step;
    p->answered = 1;
    if (q == LESSON_Q_FIELD) {
        if (p->picked && p->picked_n == s->layer[v->layer].g.in_cells)
            answer_check_field(s, v->layer, v->gran, v->step, p->picked, &p->verdict);
        return;
    }
    if (answer_check(s, v->layer, v->gran, v->step, q, p->typed, &p->verdict, &e)) {
        p->verdict.right = 0;
        snprintf(p->verdict.text, sizeof p->verdict.text, "%s", e.msg);
    }
}

static int typing_key(presenter *p, const scene *s, const layout_view *v, SDL_Keycode key) {
    size_t n = strlen(p->typed);
    switch (key) {
    case SDLK_RETURN: case SDLK_KP_ENTER: check(p, s, v); break;
    case SDLK_ESCAPE: p->typing = 0; break;
    case SDLK_BACKSPACE:
        while (n > 0 && ((unsigned char)p->typed[n - 1] & 0xC0) == 0x80) n--; /* whole characters */
        if (n > 0) p->typed[n - 1] = 0;
        break;
    default: break;
    }
    return 1; /* while typing every key belongs to the answer */
}

/* Keys that open the answer box: Enter, or what an answer starts with
 * (the text event then brings the character). */
static int opens_answer(SDL_Keycode key) {
    return key == SDLK_RETURN || key == SDLK_KP_ENTER || (key >= SDLK_0 && key <= SDLK_9) || key == SDLK_MINUS ||
           key == SDLK_KP_MINUS || key == SDLK_LEFTPAREN || key == SDLK_LEFTBRACKET;
}

int presenter_key(presenter *p, const scene *s, const layout_view *v, SDL_Keycode key, Uint16 mod, int *moved) {
    int shift = (mod & KMOD_SHIFT) != 0, ctrl = (mod & (KMOD_CTRL | KMOD_ALT | KMOD_GUI)) != 0;
    lesson_qkind q = presenter_question(p);
    *moved = -1;
    if (p->typing) return typing_key(p, s, v, key);
    if (p->blank && key == SDLK_ESCAPE) {
        p->blank = 0;
        return 1;
    }
    if (ctrl) return 0;
    if (key == SDLK_b) {
        p->blank = !p->blank;
        return 1;
    }
    if (p->l && (key == SDLK_PAGEDOWN || key == SDLK_PAGEUP || key == SDLK_n || key == SDLK_r)) {
        if (key == SDLK_r) *moved = p->slide;
        else if (key == SDLK_PAGEDOWN || (key == SDLK_n && !shift)) *moved = p->slide + 1 < p->l->nslides ? p->slide + 1 : -1;
        else *moved = p->slide > 0 ? p->slide - 1 : -1;
        return 1;
    }
    if (key == SDLK_a && !shift) {
        p->quiz = !p->quiz;
        forget_answer(p);
        return 1;
    }
    if (q == LESSON_Q_NONE || !opens_answer(key)) return 0;
    if (q == LESSON_Q_FIELD) {
        if (key != SDLK_RETURN && key != SDLK_KP_ENTER) return 0;
        check(p, s, v);
        return 1;
    }
    p->typing = 1;
    p->typed[0] = 0;
    p->answered = 0;
    return 1;
}

int presenter_text(presenter *p, const char *utf8) {
    size_t n = strlen(p->typed), add = strlen(utf8);
    if (!p->typing) return 0;
    if (n + add < sizeof p->typed) memcpy(p->typed + n, utf8, add + 1);
    return 1;
}

/* picked[] sized for the layer shown (its input cells), zeroed when it changes. */
static int fit_picks(presenter *p, const scene *s, const layout_view *v) {
    int64_t n = s->layer[v->layer].g.in_cells;
    unsigned char *m;
    if (p->picked && p->picked_n == n) return 0;
    if (!(m = calloc((size_t)n, 1))) return -1;
    free(p->picked);
    p->picked = m;
    p->picked_n = n;
    return 0;
}

int presenter_click(presenter *p, const scene *s, const layout_view *v, frame_element el, int64_t b) {
    int64_t k;
    if (presenter_question(p) != LESSON_Q_FIELD || el != FRAME_EL_INPUT_CELL) return 0;
    if (fit_picks(p, s, v)) return 0;
    k = layout_input_index(s, v->layer, b);
    if (k < 0) return 1; /* padding: read, but never a cell of the input */
    p->picked[k] = !p->picked[k];
    p->answered = 0;
    return 1;
}

const layout_slide *presenter_sync(presenter *p, const scene *s, const layout_view *v) {
    layout_slide *ls = &p->ls;
    lesson_qkind q = presenter_question(p);
    errmsg e = {""};
    memset(ls, 0, sizeof *ls);
    if (p->blank) {
        ls->blank = 1;
        return ls;
    }
    if (!p->l && q == LESSON_Q_NONE) return NULL;
    if (p->l) {
        const lesson_slide *sl = &p->l->slide[p->slide];
        snprintf(p->counter, sizeof p->counter, "slide %d / %d", p->slide + 1, p->l->nslides);
        ls->counter = p->counter;
        if (lesson_fill_at(p->caption, sizeof p->caption, sl->caption, s, v->layer, v->gran, v->step, &e))
            snprintf(p->caption, sizeof p->caption, "%s", sl->caption);
        ls->caption = p->caption;
    }
    /* the value and the cells read belong to one step: moving on asks again */
    if ((q == LESSON_Q_VALUE || q == LESSON_Q_FIELD) && p->answered && p->verdict_step != v->step) forget_answer(p);
    if (q == LESSON_Q_FIELD && fit_picks(p, s, v) == 0) {
        if (p->verdict_step != v->step && !p->answered) memset(p->picked, 0, (size_t)p->picked_n);
        p->verdict_step = v->step;
        ls->picked = p->picked;
    }
    if (q != LESSON_Q_NONE) {
        answer_prompt(p->prompt, sizeof p->prompt, s, v->layer, v->gran, v->step, q);
        ls->question = p->prompt;
        ls->answer = p->typed;
        ls->typing = p->typing;
        ls->verdict = p->answered ? p->verdict.text : NULL;
        ls->right = p->verdict.right;
    }
    return ls;
}
