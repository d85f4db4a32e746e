#include "image.h"

#include <errno.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <stb_image.h>

#include "fileio.h"

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

/* stb_image 2.27 (Debian 12's) writes past its Huffman table when a JPEG
 * DHT segment declares more than 256 codes (fixed upstream in 2.28), even
 * from stbi_info. Such a file is corrupt anyway, so it is refused before
 * stb sees it. The header is walked the way stb reads it (stb trusts the
 * tables' own counts over segment lengths); after the frame header, where
 * APP data no longer appears, every DHT marker is checked. */
typedef struct {
    const unsigned char *p;
    size_t n, i;
} jscan;

static int jget(jscan *j) { return j->i < j->n ? j->p[j->i++] : 0; }
static int jget16(jscan *j) { int hi = jget(j); return hi << 8 | jget(j); }

/* Tables of one DHT segment: 0 if one has more than 256 codes. */
static int dht_ok(jscan *j) {
    long len = jget16(j) - 2;
    while (len > 0 && j->i < j->n) {
        int codes = 0;
        jget(j);
        for (int k = 0; k < 16; k++) codes += jget(j);
        if (codes > 256) return 0;
        j->i += (size_t)codes;
        len -= 17 + codes;
    }
    return 1;
}

static int jpeg_ok(const unsigned char *p, size_t n) {
    jscan j = {p, n, 0};
    int m;
    /* SOI, after any number of 0xFF fill bytes, as stb reads markers */
    if (jget(&j) != 0xFF) return 1;
    while ((m = jget(&j)) == 0xFF) {}
    if (m != 0xD8) return 1; /* not a JPEG */
    /* Header: stb's marker loop up to the frame header (SOF0..2). */
    while (j.i < j.n) {
        if (jget(&j) != 0xFF) continue;
        while ((m = jget(&j)) == 0xFF) {}
        if (m == 0xC0 || m == 0xC1 || m == 0xC2) break;
        if (m == 0xC4) {
            if (!dht_ok(&j)) return 0;
        } else if (m == 0xDB) {
            long len = jget16(&j) - 2;
            while (len > 0 && j.i < j.n) {
                int sixteen = jget(&j) >> 4 != 0;
                j.i += sixteen ? 128 : 64;
                len -= sixteen ? 129 : 65;
            }
        } else if (m == 0xDD || (m >= 0xE0 && m <= 0xEF) || m == 0xFE) {
            int len = jget16(&j); /* DRI, APPn, COM: skipped by length */
            if (len < 2) return 1;
            j.i += (size_t)len - 2;
        } else {
            return 1; /* stb stops here with its own error */
        }
    }
    /* After it: any DHT marker, whatever stb's scan decoding reaches. */
    for (; j.i + 1 < j.n; j.i++)
        if (p[j.i] == 0xFF && p[j.i + 1] == 0xC4) {
            jscan t = {p, n, j.i + 2};
            if (!dht_ok(&t)) return 0;
        }
    return 1;
}

/* stb 2.27 converts 16-bit PNM samples with its 8-bit converter and reads
 * past the buffer (fixed upstream in 2.28), so pictures are decoded with
 * their own components and converted here the way stb would: gray from
 * colour as (77 r + 150 g + 29 b) >> 8, alpha dropped. Gray and RGB
 * shrink in place; gray to RGB returns a new buffer (NULL: out of memory). */
static unsigned char *to_channels(unsigned char *px, size_t n, int comp, int channels) {
    unsigned char *rgb;
    if (comp == channels) return px;
    if (channels == 1 || comp >= 3) {
        for (size_t i = 0; i < n; i++) {
            const unsigned char *s = px + i * (size_t)comp;
            if (channels == 3) memmove(px + i * 3, s, 3);
            else px[i] = comp >= 3 ? (unsigned char)((s[0] * 77 + s[1] * 150 + s[2] * 29) >> 8) : s[0];
        }
        return px;
    }
    if (!(rgb = malloc(n * 3))) return NULL;
    for (size_t i = 0; i < n; i++) memset(rgb + i * 3, px[i * (size_t)comp], 3);
    return rgb;
}

/* stb leaves the reason empty on some truncated files. */
static const char *why(void) {
    const char *r = stbi_failure_reason();
    return r && *r ? r : "corrupt or truncated";
}

static int decode(const unsigned char *data, int len, const char *path, int channels,
                  int h, int w, double *out, errmsg *e) {
    int sw, sh, comp;
    unsigned char *px, *rgb;
    if (!jpeg_ok(data, (size_t)len))
        return errmsg_set(e, "%s: cannot decode (corrupt JPEG Huffman table)", path);
    if (!stbi_info_from_memory(data, len, &sw, &sh, &comp))
        return errmsg_set(e, "%s: not a picture stb_image can read (%s)", path, why());
    /* stb accepts a PNM header with a zero side; the mean would be 0/0. */
    if (sw < 1 || sh < 1)
        return errmsg_set(e, "%s: %d x %d pixels, an empty picture", path, sw, sh);
    if (sw > IMAGE_MAX_SIDE || sh > IMAGE_MAX_SIDE)
        return errmsg_set(e, "%s: %d x %d pixels, more than %d on a side", path, sw, sh, IMAGE_MAX_SIDE);
    /* A few bytes of header can claim a huge picture: bound the decode. */
    if ((long long)sw * sh > IMAGE_MAX_PIXELS)
        return errmsg_set(e, "%s: %d x %d pixels, more than %d in all", path, sw, sh, IMAGE_MAX_PIXELS);
    px = stbi_load_from_memory(data, len, &sw, &sh, &comp, 0);
    if (!px) return errmsg_set(e, "%s: cannot decode (%s)", path, why());
    rgb = to_channels(px, (size_t)sw * (size_t)sh, comp, channels);
    if (rgb) image_resize_area(rgb, sw, sh, channels, w, h, out);
    if (rgb != px) free(rgb);
    stbi_image_free(px);
    return rgb ? 0 : errmsg_set(e, "%s: out of memory for %d x %d pixels", path, sw, sh);
}

static int check_target(const char *path, int channels, int h, int w, errmsg *e) {
    if (channels != 1 && channels != 3)
        return errmsg_set(e, "%s: needs 1 or 3 channels, the input has %d", path, channels);
    if (h < 1 || w < 1 || h > IMAGE_MAX_SIDE || w > IMAGE_MAX_SIDE)
        return errmsg_set(e, "%s: cannot resize to %d x %d", path, w, h);
    return 0;
}

int image_load(const char *path, int channels, int h, int w, double *out, errmsg *e) {
    FILE *f;
    char *data = NULL;
    size_t len = 0;
    int rc;
    if (check_target(path, channels, h, w, e)) return -1;
    rc = fileio_open_read(path, "picture", &f, e);
    if (rc == FILEIO_EIO) errmsg_prefix(e, "cannot open: ");
    if (rc == 0) {
        /* Stops one byte past the limit, whatever the file claims to be. */
        rc = fileio_read_all(f, (size_t)IMAGE_MAX_FILE_BYTES, &data, &len, e);
        fclose(f);
        if (rc == FILEIO_TOO_BIG)
            rc = errmsg_set(e, "more than %ld bytes, the limit on a picture file", (long)IMAGE_MAX_FILE_BYTES);
    }
    if (rc) {
        errmsg_prefix(e, "%s: ", path);
        return rc;
    }
    rc = image_load_memory(data, len, path, channels, h, w, out, e);
    free(data);
    return rc;
}

int image_load_memory(const void *data, size_t len, const char *name, int channels,
                      int h, int w, double *out, errmsg *e) {
    if (check_target(name, channels, h, w, e)) return -1;
    if (len == 0) return errmsg_set(e, "%s: not a picture stb_image can read (empty file)", name);
    if (len > IMAGE_MAX_FILE_BYTES)
        return errmsg_set(e, "%s: more than %ld bytes, the limit on a picture file", name,
                          (long)IMAGE_MAX_FILE_BYTES);
    return decode(data, (int)len, name, channels, h, w, out, e);
}
