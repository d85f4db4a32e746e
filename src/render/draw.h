/* draw: the SDL backend. Turns a frame (frame.h) into pixels on any
 * SDL_Renderer: a window's, or the software renderer of an offscreen
 * surface, which needs no display and no SDL_Init (render, export, tests).
 * Both go through draw_frame, so what the tests probe is what the window
 * shows. */
#ifndef CONVANIM_DRAW_H
#define CONVANIM_DRAW_H

#include <SDL.h>
#include "errmsg.h"
#include "font.h"
#include "frame.h"

/* Clears to the frame's background and draws every command in order.
 * Ends the frame's use of the text cache (font_sweep). Does not present. */
int draw_frame(SDL_Renderer *r, font_set *fonts, const frame *f, errmsg *e);

/* A surface (ARGB8888) with a software renderer and its fonts. */
typedef struct {
    SDL_Surface *surface;
    SDL_Renderer *renderer;
    font_set *fonts;
} draw_offscreen;

/* font_path NULL: fontconfig's faces (font_open). */
int draw_offscreen_init(draw_offscreen *o, int w, int h, const char *font_path, errmsg *e);
void draw_offscreen_free(draw_offscreen *o);

/* New surface size; keeps the fonts. */
int draw_offscreen_resize(draw_offscreen *o, int w, int h, errmsg *e);

/* Draws f, resizing the surface to f's size first if it differs. */
int draw_offscreen_frame(draw_offscreen *o, const frame *f, errmsg *e);

/* Colour at (x, y) of the surface; transparent black outside it. */
frame_color draw_offscreen_pixel(const draw_offscreen *o, int x, int y);

#endif
