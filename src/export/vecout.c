/* vecout: cairo's SVG and PDF surfaces, fed by cairodraw. */
#include "vecout.h"

#include <ctype.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <cairo-pdf.h>
#include <cairo-svg.h>

#include "cairodraw.h"
#include "fileio.h"
#include "framedir.h"

const char *const vecout_format_names[VECOUT_FORMAT_COUNT] = {"svg", "pdf"};
_Static_assert(sizeof vecout_format_names / sizeof vecout_format_names[0] == VECOUT_FORMAT_COUNT,
               "one name a vector format");

int vecout_format_of(const char *path) {
    const char *dot = strrchr(path, '.');
    if (!dot || strchr(dot, '/')) return -1;
    for (int f = 0; f < VECOUT_FORMAT_COUNT; f++) {
        const char *n = vecout_format_names[f];
        size_t i = 0;
        while (n[i] && tolower((unsigned char)dot[1 + i]) == n[i]) i++;
        if (!n[i] && !dot[1 + i]) return f;
    }
    return -1;
}

/* ---- cairo's output into memory or a file ---- */

typedef struct {
    unsigned char *buf;
    size_t n, cap;
    FILE *fp;               /* a file instead of memory */
    int err;                /* errno of a failed write; ENOMEM */
} stream;

static cairo_status_t stream_write(void *ctx, const unsigned char *data, unsigned int len) {
    stream *s = ctx;
    if (s->fp) {
        if (fwrite(data, 1, len, s->fp) != len) {
            s->err = errno ? errno : EIO;
            return CAIRO_STATUS_WRITE_ERROR;
        }
        s->n += len;
        return CAIRO_STATUS_SUCCESS;
    }
    if (s->n + len > s->cap) {
        size_t cap = s->cap ? s->cap : 1 << 16;
        unsigned char *p;
        while (cap < s->n + len) cap *= 2;
        if (!(p = realloc(s->buf, cap))) {
            s->err = ENOMEM;
            return CAIRO_STATUS_NO_MEMORY;
        }
        s->buf = p;
        s->cap = cap;
    }
    memcpy(s->buf + s->n, data, len);
    s->n += len;
    return CAIRO_STATUS_SUCCESS;
}

static cairo_surface_t *surface_for(vecout_format fmt, stream *s, int w, int h) {
    if (fmt == VECOUT_SVG) {
        cairo_surface_t *sf = cairo_svg_surface_create_for_stream(stream_write, s, w, h);
        cairo_svg_surface_restrict_to_version(sf, CAIRO_SVG_VERSION_1_1);
        cairo_svg_surface_set_document_unit(sf, CAIRO_SVG_UNIT_PX); /* a pixel of the frame, not a point */
        return sf;
    }
    return cairo_pdf_surface_create_for_stream(stream_write, s, w, h);
}

/* Draws f on a new page (or the one page) of sf. */
static int draw_page(cairo_surface_t *sf, cairodraw_fonts *fonts, const frame *f, const char *path, errmsg *e) {
    cairo_t *cr = cairo_create(sf);
    int rc = cairodraw_frame(cr, fonts, f, e);
    if (rc == 0) cairo_show_page(cr);
    cairo_destroy(cr);
    if (rc != 0) errmsg_prefix(e, "%s: ", path);
    return rc;
}

/* Finishes sf (its last bytes go to the stream) and frees it. */
static int finish(cairo_surface_t *sf, const stream *s, const char *path, errmsg *e) {
    cairo_status_t st;
    cairo_surface_finish(sf);
    st = cairo_surface_status(sf);
    cairo_surface_destroy(sf);
    if (s->err) return errmsg_set(e, "%s: %s", path, strerror(s->err));
    if (st != CAIRO_STATUS_SUCCESS) return errmsg_set(e, "%s: cairo: %s", path, cairo_status_to_string(st));
    return 0;
}

/* One page into memory, then the file atomically. */
static int write_one(const char *path, vecout_format fmt, const frame *f, cairodraw_fonts *fonts, long long *bytes,
                     errmsg *e) {
    stream s = {0};
    cairo_surface_t *sf = surface_for(fmt, &s, f->width, f->height);
    int rc = draw_page(sf, fonts, f, path, e);
    if (finish(sf, &s, path, rc == 0 ? e : NULL) != 0 && rc == 0) rc = -1;
    if (rc == 0) rc = fileio_write_file(path, s.buf, s.n, e);
    if (rc == 0 && bytes) *bytes += (long long)s.n;
    free(s.buf);
    return rc;
}

int vecout_write(const char *path, vecout_format fmt, const frame *f, const char *const font_path[3], errmsg *e) {
    cairodraw_fonts *fonts = cairodraw_fonts_open(font_path, e);
    int rc;
    if (!fonts) return -1;
    rc = write_one(path, fmt, f, fonts, NULL, e);
    cairodraw_fonts_close(fonts);
    return rc;
}

/* ---- the sinks ---- */

typedef struct {
    vecout_format fmt;
    const char *path;       /* the folder (SVG) or the file (PDF) */
    const char *const *font_path;
    cairodraw_fonts *fonts;
    framedir dir;           /* SVG */
    int dir_open;
    stream s;               /* PDF: into the temporary file */
    cairo_surface_t *pdf;
    int fd;
    char *tmp;
} vec;

static int vec_begin(export_sink *k, errmsg *e) {
    vec *v = k->ctx;
    int fd;
    if (!(v->fonts = cairodraw_fonts_open(v->font_path, e))) return -1;
    if (v->fmt == VECOUT_SVG) {
        v->dir_open = 1;
        return framedir_open(&v->dir, v->path, "svg", e);
    }
    if (fileio_check_output(v->path, e) != 0) {
        errmsg_prefix(e, "%s: ", v->path);
        return -1;
    }
    if ((fd = fileio_temp_open(v->path, &v->tmp, e)) < 0) {
        errmsg_prefix(e, "%s: ", v->path);
        return -1;
    }
    v->fd = fd;
    if (!(v->s.fp = fdopen(dup(fd), "wb"))) return errmsg_set(e, "%s: %s", v->path, strerror(errno));
    return 0;
}

static int vec_frame(export_sink *k, const sink_frame *fr, errmsg *e) {
    vec *v = k->ctx;
    if (v->fmt == VECOUT_SVG) {
        if (write_one(framedir_part(&v->dir, fr->index), VECOUT_SVG, fr->f, v->fonts, NULL, e) != 0) return -1;
        framedir_wrote(&v->dir, fr->index);
        return 0;
    }
    /* a page a step: the first frame fixes the page size */
    if (!v->pdf) v->pdf = surface_for(VECOUT_PDF, &v->s, fr->width, fr->height);
    return draw_page(v->pdf, v->fonts, fr->f, v->path, e);
}

static void vec_free(vec *v) {
    if (v->pdf) cairo_surface_destroy(v->pdf);
    if (v->s.fp) fclose(v->s.fp);
    if (v->fd >= 0) close(v->fd);
    if (v->dir_open) framedir_close(&v->dir);
    cairodraw_fonts_close(v->fonts);
    free(v->tmp);
    free(v);
}

static void vec_abort(export_sink *k) {
    vec *v = k->ctx;
    if (!v) return;
    if (v->dir_open) framedir_drop(&v->dir);
    if (v->tmp) unlink(v->tmp);
    vec_free(v);
    k->ctx = NULL;
}

static int vec_end(export_sink *k, errmsg *e) {
    vec *v = k->ctx;
    int rc = 0, err;
    if (v->fmt == VECOUT_SVG) {
        if (framedir_commit(&v->dir, e) != 0) goto fail;
        k->bytes = v->dir.bytes;
        vec_free(v);
        k->ctx = NULL;
        return 0;
    }
    rc = finish(v->pdf, &v->s, v->path, e);
    v->pdf = NULL;
    if (rc != 0) goto fail;
    err = fflush(v->s.fp) != 0 ? errno : fileio_temp_finish(v->fd, &v->tmp, v->path);
    if (err) {
        errmsg_set(e, "%s: %s", v->path, strerror(err));
        goto fail;
    }
    k->bytes = (long long)v->s.n;
    vec_free(v);
    k->ctx = NULL;
    return 0;
fail:
    vec_abort(k);
    return -1;
}

int vecout_sink(export_sink *k, vecout_format fmt, const char *path, const char *const font_path[3], errmsg *e) {
    vec *v = calloc(1, sizeof *v);
    if (!v) return errmsg_set(e, "%s: out of memory", path);
    v->fmt = fmt;
    v->path = path;
    v->font_path = font_path;
    v->fd = -1;
    *k = (export_sink){fmt == VECOUT_SVG ? "SVG" : "PDF", 0, vec_begin, NULL, vec_frame, vec_end, vec_abort, v, 0};
    return 0;
}
