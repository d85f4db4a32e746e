/* cairodraw: frame commands as cairo paths and glyphs. */
#include "cairodraw.h"

#include <stdlib.h>
#include <cairo-ft.h>
#include <fontconfig/fontconfig.h>

struct cairodraw_fonts {
    cairo_font_face_t *face[3];
};

cairodraw_fonts *cairodraw_fonts_open(const char *const path[3], errmsg *e) {
    cairodraw_fonts *fs = calloc(1, sizeof *fs);
    if (!fs) {
        errmsg_set(e, "fonts: out of memory");
        return NULL;
    }
    for (int i = 0; i < 3; i++) {
        FcPattern *p = FcPatternCreate();
        if (!p || !FcPatternAddString(p, FC_FILE, (const FcChar8 *)path[i])) {
            if (p) FcPatternDestroy(p);
            cairodraw_fonts_close(fs);
            errmsg_set(e, "fonts: out of memory");
            return NULL;
        }
        FcPatternAddInteger(p, FC_INDEX, 0);
        fs->face[i] = cairo_ft_font_face_create_for_pattern(p); /* holds its own reference to p */
        FcPatternDestroy(p);
        if (cairo_font_face_status(fs->face[i]) != CAIRO_STATUS_SUCCESS) {
            errmsg_set(e, "%s: cairo cannot use this font: %s", path[i],
                       cairo_status_to_string(cairo_font_face_status(fs->face[i])));
            cairodraw_fonts_close(fs);
            return NULL;
        }
    }
    return fs;
}

void cairodraw_fonts_close(cairodraw_fonts *fs) {
    if (!fs) return;
    for (int i = 0; i < 3; i++)
        if (fs->face[i]) cairo_font_face_destroy(fs->face[i]);
    free(fs);
}

static void set_color(cairo_t *cr, frame_color c) {
    cairo_set_source_rgba(cr, c.r / 255.0, c.g / 255.0, c.b / 255.0, c.a / 255.0);
}

static void paint_rect(void *ctx, int x, int y, int w, int h, frame_color c) {
    cairo_t *cr = ctx;
    if (w <= 0 || h <= 0 || c.a == 0) return;
    set_color(cr, c);
    cairo_rectangle(cr, x, y, w, h);
    cairo_fill(cr);
}

static void paint_seg(void *ctx, const frame_seg *s, frame_color c) {
    cairo_t *cr = ctx;
    set_color(cr, c);
    cairo_set_line_cap(cr, s->hair ? CAIRO_LINE_CAP_SQUARE : CAIRO_LINE_CAP_BUTT);
    cairo_set_line_width(cr, s->thick);
    if (s->hair) { /* pixel centres, as SDL's line runs through them */
        cairo_move_to(cr, s->x0 + 0.5, s->y0 + 0.5);
        cairo_line_to(cr, s->x1 + 0.5, s->y1 + 0.5);
    } else {
        cairo_move_to(cr, s->x0, s->y0);
        cairo_line_to(cr, s->x1, s->y1);
    }
    cairo_stroke(cr);
}

static void paint_tri(void *ctx, const double xy[6], frame_color c) {
    cairo_t *cr = ctx;
    set_color(cr, c);
    cairo_move_to(cr, xy[0], xy[1]);
    cairo_line_to(cr, xy[2], xy[3]);
    cairo_line_to(cr, xy[4], xy[5]);
    cairo_close_path(cr);
    cairo_fill(cr);
}

/* As draw.c places it: aligned in w, centred in h on the face's line
 * height, cut at the box's left and right edges. */
static void draw_text(cairo_t *cr, cairodraw_fonts *fs, const frame *f, const frame_cmd *c) {
    const char *s = frame_text(f, c);
    cairo_font_extents_t fe;
    cairo_text_extents_t te;
    double x, y, th;
    if (!s || !*s || c->color.a == 0 || (unsigned)c->font > 2) return;
    cairo_set_font_face(cr, fs->face[c->font]);
    cairo_set_font_size(cr, c->size < 1 ? 1 : c->size);
    cairo_font_extents(cr, &fe);
    cairo_text_extents(cr, s, &te);
    th = fe.ascent + fe.descent;
    x = c->x;
    if (c->align == FRAME_ALIGN_CENTER) x += (c->w - te.x_advance) / 2;
    else if (c->align == FRAME_ALIGN_RIGHT) x += c->w - te.x_advance;
    y = c->h > 0 ? c->y + (int)((c->h - th) / 2) : c->y;
    cairo_save(cr);
    if (c->w > 0) {
        cairo_rectangle(cr, c->x, 0, c->w, f->height);
        cairo_clip(cr);
    }
    set_color(cr, c->color);
    cairo_move_to(cr, x, y + fe.ascent);
    cairo_show_text(cr, s);
    cairo_restore(cr);
}

/* A picture (FRAME_IMAGE): its RGB pixels into a cairo image, scaled into
 * the box with nearest filtering (a cell stays a block of colour). */
static void draw_image(cairo_t *cr, const frame *f, const frame_cmd *c) {
    const unsigned char *px = frame_image_pixels(f, c);
    cairo_surface_t *img;
    unsigned char *dst;
    int stride;
    if (!px || c->w <= 0 || c->h <= 0) return;
    img = cairo_image_surface_create(CAIRO_FORMAT_RGB24, c->pw, c->ph);
    if (cairo_surface_status(img) != CAIRO_STATUS_SUCCESS) {
        cairo_surface_destroy(img);
        return;
    }
    cairo_surface_flush(img);
    dst = cairo_image_surface_get_data(img);
    stride = cairo_image_surface_get_stride(img);
    for (int y = 0; y < c->ph; y++)
        for (int x = 0; x < c->pw; x++) {
            const unsigned char *s = px + ((size_t)y * c->pw + x) * 3;
            ((uint32_t *)(dst + (size_t)y * stride))[x] = (uint32_t)s[0] << 16 | (uint32_t)s[1] << 8 | s[2];
        }
    cairo_surface_mark_dirty(img);
    cairo_save(cr);
    cairo_rectangle(cr, c->x, c->y, c->w, c->h);
    cairo_clip(cr);
    cairo_translate(cr, c->x, c->y);
    cairo_scale(cr, (double)c->w / c->pw, (double)c->h / c->ph);
    cairo_set_source_surface(cr, img, 0, 0);
    cairo_pattern_set_filter(cairo_get_source(cr), CAIRO_FILTER_NEAREST);
    cairo_paint(cr);
    cairo_restore(cr);
    cairo_surface_destroy(img);
}

int cairodraw_frame(cairo_t *cr, cairodraw_fonts *fs, const frame *f, errmsg *e) {
    frame_painter paint = {paint_rect, paint_seg, paint_tri, cr};
    int clipped = 0;
    cairo_font_options_t *fo = cairo_font_options_create();
    cairo_save(cr);
    /* whole-pixel advances, as SDL_ttf's hinted faces measured the layout */
    cairo_font_options_set_hint_metrics(fo, CAIRO_HINT_METRICS_ON);
    cairo_font_options_set_hint_style(fo, CAIRO_HINT_STYLE_FULL);
    cairo_set_font_options(cr, fo);
    cairo_font_options_destroy(fo);
    cairo_set_antialias(cr, CAIRO_ANTIALIAS_DEFAULT);
    set_color(cr, (frame_color){f->background.r, f->background.g, f->background.b, 255});
    cairo_rectangle(cr, 0, 0, f->width, f->height);
    cairo_fill(cr);
    for (size_t i = 0; i < f->n; i++) {
        const frame_cmd *c = &f->cmd[i];
        if (c->kind == FRAME_TEXT) {
            draw_text(cr, fs, f, c);
        } else if (c->kind == FRAME_IMAGE) {
            draw_image(cr, f, c);
        } else if (c->kind == FRAME_CLIP) {
            if (clipped) cairo_restore(cr);
            clipped = c->w > 0;
            if (clipped) {
                cairo_save(cr);
                cairo_rectangle(cr, c->x, c->y, c->w, c->h);
                cairo_clip(cr);
            }
        } else {
            frame_paint(&paint, c);
        }
    }
    if (clipped) cairo_restore(cr);
    cairo_restore(cr);
    if (cairo_status(cr) != CAIRO_STATUS_SUCCESS)
        return errmsg_set(e, "cairo: %s", cairo_status_to_string(cairo_status(cr)));
    return 0;
}
