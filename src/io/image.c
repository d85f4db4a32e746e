#include "image.h"

#include <errno.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <stb_image.h>

/* Positions are measured in units of 1/(dw*dh) of a source pixel's side:
 * output column x covers [x*sw, (x+1)*sw) and source column i covers
 * [i*dw, (i+1)*dw), so every overlap is an exact integer and the mean is
 * one division at the end. */
static int64_t overlap(int64_t a0, int64_t a1, int64_t b0, int64_t b1) {
    int64_t lo = a0 > b0 ? a0 : b0, hi = a1 < b1 ? a1 : b1;
    return hi > lo ? hi - lo : 0;
}

static double cell_mean(const unsigned char *src, int sw, int comp, int ch,
                        int dw, int dh, int x, int y, int sh) {
    int64_t x0 = (int64_t)x * sw, x1 = x0 + sw, y0 = (int64_t)y * sh, y1 = y0 + sh;
    int64_t sum = 0;
    for (int j = (int)(y0 / dh); j < sh && (int64_t)j * dh < y1; j++) {
        int64_t wy = overlap(y0, y1, (int64_t)j * dh, (int64_t)(j + 1) * dh);
        const unsigned char *row = src + (size_t)j * sw * comp;
        for (int i = (int)(x0 / dw); i < sw && (int64_t)i * dw < x1; i++)
            sum += wy * overlap(x0, x1, (int64_t)i * dw, (int64_t)(i + 1) * dw) * row[(size_t)i * comp + ch];
    }
    return (double)sum / ((double)sw * sh * 255.0);
}

void image_resize_area(const unsigned char *src, int sw, int sh, int comp,
                       int dw, int dh, double *out) {
    for (int c = 0; c < comp; c++)
        for (int y = 0; y < dh; y++)
            for (int x = 0; x < dw; x++)
                *out++ = cell_mean(src, sw, comp, c, dw, dh, x, y, sh);
}

/* Where the picture's bytes come from: an open file or memory. */
typedef struct {
    FILE *f;
    const unsigned char *data;
    int len;
} source;

static int src_info(const source *src, int *sw, int *sh, int *comp) {
    return src->f ? stbi_info_from_file(src->f, sw, sh, comp)
                  : stbi_info_from_memory(src->data, src->len, sw, sh, comp);
}

static unsigned char *src_load(const source *src, int *sw, int *sh, int *comp, int channels) {
    return src->f ? stbi_load_from_file(src->f, sw, sh, comp, channels)
                  : stbi_load_from_memory(src->data, src->len, sw, sh, comp, channels);
}

static int decode(const source *src, const char *path, int channels, int h, int w, double *out, errmsg *e) {
    int sw, sh, comp;
    unsigned char *px;
    if (!src_info(src, &sw, &sh, &comp))
        return errmsg_set(e, "%s: not a picture stb_image can read (%s)", path, stbi_failure_reason());
    /* stb accepts a PNM header with a zero side; the mean would be 0/0. */
    if (sw < 1 || sh < 1)
        return errmsg_set(e, "%s: %d x %d pixels, an empty picture", path, sw, sh);
    if (sw > IMAGE_MAX_SIDE || sh > IMAGE_MAX_SIDE)
        return errmsg_set(e, "%s: %d x %d pixels, more than %d on a side", path, sw, sh, IMAGE_MAX_SIDE);
    /* stb converts to gray or RGB for us (req_comp), whatever the file has. */
    px = src_load(src, &sw, &sh, &comp, channels);
    if (!px) return errmsg_set(e, "%s: cannot decode (%s)", path, stbi_failure_reason());
    image_resize_area(px, sw, sh, channels, w, h, out);
    stbi_image_free(px);
    return 0;
}

static int check_target(const char *path, int channels, int h, int w, errmsg *e) {
    if (channels != 1 && channels != 3)
        return errmsg_set(e, "%s: needs 1 or 3 channels, the input has %d", path, channels);
    if (h < 1 || w < 1 || h > IMAGE_MAX_SIDE || w > IMAGE_MAX_SIDE)
        return errmsg_set(e, "%s: cannot resize to %d x %d", path, w, h);
    return 0;
}

int image_load(const char *path, int channels, int h, int w, double *out, errmsg *e) {
    struct stat st;
    source src = {0};
    int rc;
    if (check_target(path, channels, h, w, e)) return -1;
    if (!(src.f = fopen(path, "rb"))) return errmsg_set(e, "%s: cannot open: %s", path, strerror(errno));
    if (fstat(fileno(src.f), &st) == 0 && S_ISDIR(st.st_mode))
        rc = errmsg_set(e, "%s: is a directory, not a picture", path);
    else
        rc = decode(&src, path, channels, h, w, out, e);
    fclose(src.f);
    return rc;
}

int image_load_memory(const void *data, size_t len, const char *name, int channels,
                      int h, int w, double *out, errmsg *e) {
    source src = {NULL, data, (int)len};
    if (check_target(name, channels, h, w, e)) return -1;
    /* stb takes an int length. */
    if (len == 0 || len > INT32_MAX)
        return errmsg_set(e, "%s: %zu bytes is not a picture stb_image can read", name, len);
    return decode(&src, name, channels, h, w, out, e);
}
