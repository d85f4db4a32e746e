/* gifout: animated GIFs through cgif, one frame at a time, written
 * atomically.
 *
 * Size: every frame after the first is encoded by cgif as the rectangle
 * that changed since the frame before, with unchanged pixels inside it
 * transparent (CGIF_FRAME_GEN_USE_DIFF_WINDOW | _USE_TRANSPARENCY), so a
 * step that lights one cell costs about the bytes of that cell. cgif needs
 * a free palette slot for the transparent index, hence at most 255 colours.
 *
 * Palette: one global palette, fixed when the first frame is added, built
 * from a colour histogram of sample frames (gifout_sample, then the first
 * frame itself). Our frames are flat theme colours plus anti-aliased text
 * edges. The palette has 63, 127 or 255 entries, the smallest that holds
 * every flat colour (one covering at least GIFOUT_FLAT_PIXELS pixels) in
 * three quarters of it: each halving makes every LZW code a bit shorter,
 * which is most of what keeps our GIFs smaller than gifsicle -O3 makes.
 * With no more distinct colours than that, the palette is exact. Otherwise
 * the most frequent colours fill three quarters exactly (flat fills cover
 * many pixels, so they win), the last quarter goes to the rarer colours that lie
 * farthest from every entry so far (so the anti-aliasing ramps are covered
 * end to end, not bunched), and every other colour maps to its nearest
 * entry, without dithering: flat cells stay exact and flat, text edges stay crisp instead
 * of speckled, and an unchanged region maps to the same indices in every
 * frame, which the diff window needs. Lookups go through a hash table of
 * RGB -> index that also remembers nearest-colour answers. A colour first
 * seen in a later frame (say a product value no sample showed) gets its
 * nearest entry: the one place a flat fill can be approximate.
 *
 * Loop: `loop` is the number of times the animation plays, 0 = forever.
 * GIF's NETSCAPE2.0 count (cgif's numLoops) is the number of repeats after
 * the first play, 0 meaning forever; so loop 1 writes no loop extension
 * (CGIF_ATTR_NO_LOOP) and loop N >= 2 writes N - 1.
 *
 * Files: the GIF goes to a locked temporary file beside the target
 * (fileio_temp_open: NAME.tmp-XXXXXX, cut to fit NAME_MAX; stale ones of
 * a killed run are removed first), flushed, fsync'd and renamed over the
 * target only by gifout_close, so a failure leaves no partial file and an
 * existing target untouched; success replaces it. A character device
 * (/dev/full, /dev/null) or /dev/stdout is written in place, since it
 * cannot be replaced; write errors there are still reported. A FIFO, a
 * socket or a folder is refused unopened. */
#ifndef CONVANIM_GIFOUT_H
#define CONVANIM_GIFOUT_H

#include "errmsg.h"

enum { GIFOUT_MAX_COLORS = 255, GIFOUT_FLAT_PIXELS = 400 };

typedef struct gifout gifout;

/* Starts a GIF of w x h pixels (1..65535) at path. NULL on failure with a
 * message (bad size, directory missing or unwritable). */
gifout *gifout_open(const char *path, int w, int h, int loop, errmsg *e);

/* Counts the colours of an RGBA frame (rows `stride` bytes apart; alpha
 * ignored) toward the palette without adding it. Only before the first
 * gifout_add; later calls are ignored. */
int gifout_sample(gifout *g, const unsigned char *rgba, int stride, errmsg *e);

/* Appends an RGBA frame shown for delay_cs hundredths of a second
 * (clamped to 2..65535: browsers slow shorter delays to 100 ms). */
int gifout_add(gifout *g, const unsigned char *rgba, int stride, int delay_cs, errmsg *e);

/* Finishes the file and moves it into place; *bytes (may be NULL) gets
 * its size. Frees g whatever happens; on failure the target is as it was.
 * Fails if no frame was added. */
int gifout_close(gifout *g, long long *bytes, errmsg *e);

/* Gives up: removes the temporary file, frees g; the target is untouched. */
void gifout_abort(gifout *g);

/* Bytes handed to the file so far (cgif keeps the last two frames back). */
long long gifout_bytes(const gifout *g);

/* The palette (3 bytes an entry) once fixed; its size, 0 before. */
int gifout_palette(const gifout *g, unsigned char rgb[3 * 256]);

#endif
