/* image: pictures as input tensors, through stb_image.
 *
 * The picture is resized to the input's spatial size by area averaging
 * (each output cell is the mean of the source pixels it covers, weighted by
 * overlap), converted to gray for 1 channel or RGB for 3, values 0..1.
 * Output layout [channels][h][w]. The header is read first (stbi_info), so a
 * picture wider or taller than IMAGE_MAX_SIDE, or of more than
 * IMAGE_MAX_PIXELS pixels (16.7 million, 4096 x 4096), is refused without
 * decoding. */
#ifndef CONVANIM_IMAGE_H
#define CONVANIM_IMAGE_H

#include <stddef.h>
#include "errmsg.h"

enum { IMAGE_MAX_SIDE = 16384, IMAGE_MAX_PIXELS = 1 << 24 };

/* Largest picture file read (files are read whole, then decoded). */
#define IMAGE_MAX_FILE_BYTES (256L * 1024 * 1024)

/* -1 for a file that is not a picture (or not a regular file: a FIFO, a
 * device), FILEIO_EIO when it cannot be opened or read. */
int image_load(const char *path, int channels, int h, int w, double *out, errmsg *e);

/* The same from the bytes of a picture file in memory; `name` stands for
 * the path in messages. */
int image_load_memory(const void *data, size_t len, const char *name, int channels,
                      int h, int w, double *out, errmsg *e);

/* The resize on its own: src is sw x sh pixels of comp 8-bit components
 * (interleaved), comp == channels. */
void image_resize_area(const unsigned char *src, int sw, int sh, int comp,
                       int dw, int dh, double *out);

#endif
