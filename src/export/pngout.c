/* pngout: stb_image_write into a temporary file, then rename(). */
#include "pngout.h"

#include "describe.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>
#include <stb_image_write.h>

#include "draw.h"
#include "fileio.h"
#include "vecout.h"

/* Our frames are flat colours and text: with no row filter and zlib level
 * 4, stb encodes them 3.5 times faster than its defaults (level 8, the best
 * of five filters tried on every row) and the files come out about 9%
 * smaller (the default scene at 1280x720, 54 frames: 1.6 s, 5.7 MB against
 * 5.5 s, 6.3 MB). stb keeps these settings in globals. */
enum { PNGOUT_LEVEL = 4, PNGOUT_FILTER = 0 };

typedef struct {
    FILE *fp;
    int failed;
} pngout_sink;

static void pngout_put(void *ctx, void *data, int size) {
    pngout_sink *k = ctx;
    if (!k->failed && fwrite(data, 1, (size_t)size, k->fp) != (size_t)size) k->failed = errno ? errno : EIO;
}

/* Encodes into fp and flushes it to the disk; 0 or an errno. */
static int pngout_encode(FILE *fp, const unsigned char *rgba, int w, int h, int stride) {
    pngout_sink k = { fp, 0 };
    int ok;
    errno = 0;
    stbi_write_png_compression_level = PNGOUT_LEVEL;
    stbi_write_force_png_filter = PNGOUT_FILTER;
    ok = stbi_write_png_to_func(pngout_put, &k, w, h, 4, rgba, stride);
    if (!k.failed && fflush(fp) != 0) k.failed = errno ? errno : EIO;
    if (!k.failed && fsync(fileno(fp)) != 0 && errno != EINVAL && errno != EROFS) k.failed = errno;
    if (!ok && !k.failed) k.failed = ENOMEM;
    return k.failed;
}

/* A device or /dev/stdout: written where it is. */
static int pngout_in_place(const char *path, const unsigned char *rgba, int w, int h, int stride, errmsg *e) {
    FILE *fp = fopen(path, "wb");
    int err;
    if (!fp) return errmsg_set(e, "%s: %s", path, strerror(errno));
    err = pngout_encode(fp, rgba, w, h, stride);
    if (fclose(fp) != 0 && !err) err = errno ? errno : EIO;
    return err ? errmsg_set(e, "%s: %s", path, strerror(err)) : 0;
}

int pngout_write_rgba(const char *path, const unsigned char *rgba, int w, int h, int stride, errmsg *e) {
    struct stat st;
    char *tmp;
    int fd, err;
    FILE *fp;
    if (w < 1 || h < 1 || stride < 4 * w) return errmsg_set(e, "%s: bad image size %dx%d", path, w, h);
    if (fileio_check_output(path, e) != 0) {
        errmsg_prefix(e, "%s: ", path);
        return -1;
    }
    if (strcmp(path, "/dev/stdout") == 0 || (stat(path, &st) == 0 && !S_ISREG(st.st_mode)))
        return pngout_in_place(path, rgba, w, h, stride, e);
    fd = fileio_temp_open(path, &tmp, e);
    if (fd < 0) {
        errmsg_prefix(e, "%s: ", path);
        return -1;
    }
    fp = fdopen(fd, "wb");
    if (!fp) {
        err = errno;
        close(fd);
        unlink(tmp);
        free(tmp);
        return errmsg_set(e, "%s: %s", path, strerror(err));
    }
    err = pngout_encode(fp, rgba, w, h, stride);
    /* Renamed while still open and locked: see fileio_temp_open. */
    if (!err) err = fileio_temp_commit(fd, tmp, path);
    if (err) unlink(tmp);
    if (fclose(fp) != 0 && !err) err = errno ? errno : EIO;
    free(tmp);
    return err ? errmsg_set(e, "%s: %s", path, strerror(err)) : 0;
}

int pngout_write_surface(const char *path, SDL_Surface *s, errmsg *e) {
    SDL_Surface *rgba = SDL_ConvertSurfaceFormat(s, SDL_PIXELFORMAT_RGBA32, 0);
    int rc;
    if (!rgba) return errmsg_set(e, "%s: cannot convert the image: %s", path, SDL_GetError());
    if (SDL_MUSTLOCK(rgba)) SDL_LockSurface(rgba);
    rc = pngout_write_rgba(path, rgba->pixels, rgba->w, rgba->h, rgba->pitch, e);
    if (SDL_MUSTLOCK(rgba)) SDL_UnlockSurface(rgba);
    SDL_FreeSurface(rgba);
    return rc;
}

int pngout_render(const scene *s, const layout_view *view, int w, int h,
                  const char *font_path, const char *out_path, errmsg *e) {
    return pngout_render_described(s, view, w, h, font_path, out_path, NULL, e);
}

/* The offscreen surface is ours and done with: its pixels become RGBA in
 * place, rather than in a copy as large again (an 8192x8192 frame is
 * 256 MiB). Other formats take the converting path. */
static int write_consumed(const char *path, SDL_Surface *s, errmsg *e) {
    int rc;
    if (s->format->format != SDL_PIXELFORMAT_ARGB8888) return pngout_write_surface(path, s, e);
    if (SDL_MUSTLOCK(s)) SDL_LockSurface(s);
    if (SDL_ConvertPixels(s->w, s->h, SDL_PIXELFORMAT_ARGB8888, s->pixels, s->pitch, SDL_PIXELFORMAT_RGBA32,
                          s->pixels, s->pitch) != 0) {
        if (SDL_MUSTLOCK(s)) SDL_UnlockSurface(s);
        return pngout_write_surface(path, s, e);
    }
    rc = pngout_write_rgba(path, s->pixels, s->w, s->h, s->pitch, e);
    if (SDL_MUSTLOCK(s)) SDL_UnlockSurface(s);
    return rc;
}

int pngout_render_described(const scene *s, const layout_view *view, int w, int h, const char *font_file,
                            const char *out_path, const char *describe_path, errmsg *e) {
    draw_offscreen o;
    layout_view v = *view;
    frame f;
    int rc;
    if (draw_offscreen_init(&o, w, h, font_file, e) != 0) return -1;
    v.measure = font_measure;
    v.measure_ctx = o.fonts;
    frame_init(&f, w, h, v.theme ? v.theme->background : (frame_color){ 255, 255, 255, 255 });
    rc = layout_frame(&f, s, &v, w, h, e);
    if (rc == 0 && vecout_format_of(out_path) >= 0) { /* F.svg, F.pdf: the cairo backend draws it */
        const char *fp[3];
        for (int i = 0; i < 3; i++) fp[i] = font_path(o.fonts, (frame_font)i);
        rc = vecout_write(out_path, (vecout_format)vecout_format_of(out_path), &f, fp, e);
    } else {
        if (rc == 0) rc = draw_offscreen_frame(&o, &f, e);
        if (rc == 0) rc = write_consumed(out_path, o.surface, e);
    }
    if (rc == 0 && describe_path) rc = describe_write(describe_path, &f, v.projector, layout_style_names[v.style], e);
    frame_free(&f);
    draw_offscreen_free(&o);
    return rc;
}
