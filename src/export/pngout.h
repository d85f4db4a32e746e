/* pngout: PNG files written atomically. The image goes to a temporary file
 * beside the target and is renamed over it only once complete, so a failure
 * (full disk, unwritable directory) leaves no partial file and an existing
 * target untouched; success replaces it. The temporary file is fileio's
 * (locked, a name that fits NAME_MAX, stale ones of a killed run removed).
 * A character device or /dev/stdout is written in place, since it cannot
 * be replaced; a FIFO, a socket or a folder is refused unopened. */
#ifndef CONVANIM_PNGOUT_H
#define CONVANIM_PNGOUT_H

#include <SDL.h>
#include "errmsg.h"
#include "layout.h"
#include "scene.h"

/* rgba: w*h pixels, 4 bytes each (R, G, B, A), rows `stride` bytes apart. */
int pngout_write_rgba(const char *path, const unsigned char *rgba, int w, int h, int stride, errmsg *e);

/* Any SDL surface, converted to RGBA first. */
int pngout_write_surface(const char *path, SDL_Surface *s, errmsg *e);

/* One frame of layer view->layer at view->step, drawn offscreen at w x h
 * (fonts from font_path, NULL = fontconfig) and written to out_path. */
int pngout_render(const scene *s, const layout_view *view, int w, int h,
                  const char *font_path, const char *out_path, errmsg *e);

/* pngout_render, and the frame's description (describe.h) written to
 * describe_path as well when it is not NULL. An out_path ending in .svg
 * or .pdf is drawn by the cairo backend instead (vecout.h). */
int pngout_render_described(const scene *s, const layout_view *view, int w, int h, const char *font_path,
                            const char *out_path, const char *describe_path, errmsg *e);

#endif
