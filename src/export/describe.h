/* describe: the public JSON description of a rendered frame, its display
 * list as layout built it, for tests (ours and anyone's) to check what is
 * on screen without reading pixels. Documented in README ("The frame,
 * described"); extend it, don't break it.
 *
 *   { "width": 1920, "height": 1080, "projector": false, "style": "window",
 *     "commands": [ { "kind": "rect|box|line|hatch|text|clip|arrow",
 *                     "x": 0, "y": 0, "w": 0, "h": 0,
 *                     "text": "...", "size": 16,           (text only)
 *                     "element": "input_cell|...|none",    (frame_element_names)
 *                     "index": [..],                       (frame.h, when known)
 *                     "now": true,
 *                     "color": "#rrggbb", "font": "sans|bold|mono" } ] }
 *
 * Pixels, origin top-left; `size` is the pixel height the font is opened
 * at; `now` marks what is in play at the step (frame.h). */
#ifndef CONVANIM_DESCRIBE_H
#define CONVANIM_DESCRIBE_H

#include "errmsg.h"
#include "frame.h"

/* The description as a string the caller frees; NULL on out of memory. */
char *describe_json(const frame *f, int projector, const char *style);

/* Written to path as a whole file (fileio_write_file); 0 or -1 with e. */
int describe_write(const char *path, const frame *f, int projector, const char *style, errmsg *e);

#endif
