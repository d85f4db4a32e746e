/* text: putting words into a frame so they fit. Layout, the views and the
 * editor panel all place text through here, so every label follows the
 * same rules: shrink a little (to 3/4 of the size asked for), then take a
 * shorter form if one is given, and only as a last resort cut the tail
 * with "...". Numbers are never cut: text_whole draws all or nothing.
 *
 * Sizes are pixel heights the font is opened at; a line of text of size s
 * takes text_line_h(s) pixels. */
#ifndef CONVANIM_TEXT_H
#define CONVANIM_TEXT_H

#include "frame.h"

enum { TEXT_MIN = 6 }; /* smallest size drawn at all */

typedef struct { int x, y, w, h; } text_box;

/* Where text goes and how it is measured. `fail` is set when the frame
 * runs out of memory; the caller reports it. */
typedef struct {
    frame *f;
    frame_measure_fn measure; /* NULL: frame_text_width_estimate */
    void *ctx;
    int fail;
} text_pen;

int text_line_h(int size);
int text_width(const text_pen *p, frame_font font, int size, const char *s);

/* One line of s at exactly `size`, centred vertically in b. */
frame_cmd *text_put(text_pen *p, text_box b, frame_font font, int size, frame_align al, frame_color c,
                    const char *s);

/* Largest size <= want (down to 3/4 of it) at which s fits b; 0 if none. */
int text_fit(const text_pen *p, text_box b, frame_font font, int want, const char *s);

/* All or nothing: NULL if s does not fit at 3/4 of size. */
frame_cmd *text_whole(text_pen *p, text_box b, frame_font font, int size, frame_align al, frame_color c,
                      const char *s);

/* Shrinks, then cuts the tail with "..." so the text never leaves b. */
frame_cmd *text_cut(text_pen *p, text_box b, frame_font font, int size, frame_align al, frame_color c,
                    const char *s);

/* The first of forms[0..n) that fits whole (longest first, by the
 * caller's rule: "input channel 0 (padding 1, zeros)", "in ch 0 (pad 1)",
 * "ch 0"); the last one is cut if none does. */
frame_cmd *text_pick(text_pen *p, text_box b, frame_font font, int size, frame_align al, frame_color c,
                     const char *const *forms, int n);

/* Lines of s within b, breaking at '\n' and spaces; every line is tagged
 * el. The last line that fits ends in "..." if text remains. Returns the
 * height used. */
int text_wrap(text_pen *p, text_box b, frame_font font, int size, frame_color c, frame_element el, const char *s);

#endif
