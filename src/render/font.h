/* font: the three faces a frame uses (sans, sans bold, mono), found through
 * fontconfig or given as one path, opened per pixel size on first use, and
 * a cache of rendered strings so a frame that repeats last frame's text
 * draws it from textures instead of rasterising it again.
 *
 * A font_set belongs to one thread; sets on different threads may work at
 * once (opening and closing faces is serialised inside). Its text cache
 * holds textures of one renderer at a time; passing another empties it. */
#ifndef CONVANIM_FONT_H
#define CONVANIM_FONT_H

#include <SDL.h>
#include "errmsg.h"
#include "frame.h"

typedef struct font_set font_set;

/* path NULL: fontconfig's matches for "DejaVu Sans", "DejaVu Sans:bold"
 * and "DejaVu Sans Mono"; otherwise that file serves all three faces and
 * must open. NULL on failure with a message. */
font_set *font_open(const char *path, errmsg *e);
void font_close(font_set *fs);

/* The file behind a face (for messages and tests). */
const char *font_path(const font_set *fs, frame_font face);

/* frame_measure_fn: pixel width of s; ctx is the font_set. 0 for an empty
 * string or when the face cannot be opened at that size. */
int font_measure(void *ctx, frame_font face, int size, const char *s);

/* Line height of a face at size (ascent + descent), 0 on failure. */
int font_height(font_set *fs, frame_font face, int size);

/* Texture of s in colour c on renderer r into *tex, from the cache when
 * the same (face, size, colour, text) was drawn recently; owned by the set
 * and valid until the next font_sweep. *tex is NULL when there is nothing
 * to draw (empty or zero-width text). -1 on failure with a message. */
int font_text(font_set *fs, SDL_Renderer *r, frame_font face, int size, frame_color c,
              const char *s, SDL_Texture **tex, int *w, int *h, errmsg *e);

/* Frees every cached texture: call before destroying their renderer. */
void font_release(font_set *fs);

/* Ends a frame: frees the strings no frame drew in the last two frames. */
void font_sweep(font_set *fs);

/* Cached strings right now (tests). */
int font_cached(const font_set *fs);

#endif
