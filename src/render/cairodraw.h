/* cairodraw: the cairo backend. Draws a frame description (frame.h) onto
 * any cairo surface: SVG and PDF files (export's vecout), in the same
 * shapes as the SDL backend (frame_paint decides them) and the same
 * DejaVu faces, opened from the files the SDL backend uses through cairo's
 * FreeType / fontconfig font faces, so text is laid out as it was measured.
 * Text is drawn as text: a PDF's can be selected and searched.
 *
 * Units: one cairo unit is one pixel of the frame. */
#ifndef CONVANIM_CAIRODRAW_H
#define CONVANIM_CAIRODRAW_H

#include <cairo.h>
#include "errmsg.h"
#include "frame.h"

typedef struct cairodraw_fonts cairodraw_fonts;

/* The three faces (sans, bold, mono) from their font files; NULL on
 * failure with a message. */
cairodraw_fonts *cairodraw_fonts_open(const char *const path[3], errmsg *e);
void cairodraw_fonts_close(cairodraw_fonts *fs);

/* Draws f (background first) onto cr; -1 if cairo failed. */
int cairodraw_frame(cairo_t *cr, cairodraw_fonts *fs, const frame *f, errmsg *e);

#endif
