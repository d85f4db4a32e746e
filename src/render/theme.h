/* theme: the colours of a frame. One accent means "now" (window, weights in
 * use, sum under way, output cell); the same hue fainter means "already
 * summed". Values use one diverging scale centred on 0. */
#ifndef CONVANIM_THEME_H
#define CONVANIM_THEME_H

#include "frame.h"

typedef struct {
    const char *name;        /* "light", "dark", "cb" (colour-blind safe) */
    frame_color background, panel, text, muted, grid, border;
    frame_color accent, accent_faint, trace;
    frame_color pad_fill, pad_hatch, pad_text, copy_text;
    frame_color neg, zero, pos; /* ends and middle of the diverging scale */
    frame_color empty;          /* output cells not computed yet */
} theme;

/* NULL if the name is unknown. theme_names() lists them, comma-separated. */
const theme *theme_get(const char *name);
const char *theme_names(void);
int theme_count(void);
const theme *theme_at(int i); /* 0 <= i < theme_count(), in theme_names' order */

/* The theme after t in theme_names' order, wrapping (T in the window);
 * NULL t gives the first. */
const theme *theme_next(const theme *t);

/* Colour of value v on the diverging scale, |v| >= maxabs saturates. */
frame_color theme_value_color(const theme *t, double v, double maxabs);

/* The colour of group g of a grouped layer: Okabe and Ito's colour-blind
 * safe palette, in turn (every theme). */
frame_color theme_group_color(int g);

/* Black or white text, whichever reads on background c. */
frame_color theme_text_on(const theme *t, frame_color c);

#endif
