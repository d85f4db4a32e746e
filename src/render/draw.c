/* draw: frame commands to SDL calls. The shapes are frame.h's
 * (frame_paint): runs of solid rectangles of one colour (fills and box
 * edges) go out together; slanted segments are quads and arrow heads
 * triangles through SDL_RenderGeometry; text comes from the font cache.
 *
 * On an offscreen surface opaque rectangles are written straight into its
 * pixels: SDL's software fill uses non-temporal stores, which cost about
 * 25 times more than plain ones on the small cells a frame is made of. */
#include "draw.h"

#include <math.h>
#include <string.h>

enum { DRAW_BATCH = 512 };

typedef struct {
    SDL_Renderer *r;
    SDL_Surface *direct; /* the software renderer's surface, or NULL */
    SDL_Rect clip;       /* FRAME_CLIP in force (w = 0: none) */
    font_set *fonts;
    SDL_Rect rect[DRAW_BATCH];
    int n;
    frame_color color; /* colour of the queued rects */
} draw_ctx;

static int draw_same_color(frame_color a, frame_color b) {
    return a.r == b.r && a.g == b.g && a.b == b.b && a.a == b.a;
}

static void draw_set_color(SDL_Renderer *r, frame_color c) {
    SDL_SetRenderDrawBlendMode(r, c.a == 255 ? SDL_BLENDMODE_NONE : SDL_BLENDMODE_BLEND);
    SDL_SetRenderDrawColor(r, c.r, c.g, c.b, c.a);
}

static void draw_fill_direct(draw_ctx *d) {
    SDL_Surface *s = d->direct;
    SDL_Rect bound = { 0, 0, s->w, s->h }, r;
    Uint32 px = SDL_MapRGBA(s->format, d->color.r, d->color.g, d->color.b, 255);
    int i, x, y;
    if (d->clip.w > 0 && !SDL_IntersectRect(&bound, &d->clip, &bound)) return;
    SDL_RenderFlush(d->r); /* what the renderer queued goes underneath */
    for (i = 0; i < d->n; i++) {
        if (!SDL_IntersectRect(&d->rect[i], &bound, &r)) continue;
        for (y = r.y; y < r.y + r.h; y++) {
            Uint32 *row = (Uint32 *)((Uint8 *)s->pixels + (size_t)y * s->pitch) + r.x;
            for (x = 0; x < r.w; x++) row[x] = px;
        }
    }
}

static void draw_flush(draw_ctx *d) {
    if (d->n == 0) return;
    if (d->direct && d->color.a == 255) {
        draw_fill_direct(d);
    } else {
        draw_set_color(d->r, d->color);
        SDL_RenderFillRects(d->r, d->rect, d->n);
    }
    d->n = 0;
}

static void draw_rect(draw_ctx *d, int x, int y, int w, int h, frame_color c) {
    if (w <= 0 || h <= 0 || c.a == 0) return;
    if (d->n == DRAW_BATCH || (d->n && !draw_same_color(c, d->color))) draw_flush(d);
    d->color = c;
    d->rect[d->n++] = (SDL_Rect){ x, y, w, h };
}

/* The painter's three shapes (frame.h decides which are drawn where). */
static void paint_rect(void *ctx, int x, int y, int w, int h, frame_color c) { draw_rect(ctx, x, y, w, h, c); }

/* A slanted segment is a quad; a hairline is SDL's own 1-pixel line. */
static void paint_seg(void *ctx, const frame_seg *s, frame_color c) {
    draw_ctx *d = ctx;
    double dx = s->x1 - s->x0, dy = s->y1 - s->y0, len = sqrt(dx * dx + dy * dy), nx, ny;
    SDL_Vertex v[4];
    static const int idx[6] = { 0, 1, 2, 0, 2, 3 };
    SDL_Color col = { c.r, c.g, c.b, c.a };
    int i;
    draw_flush(d);
    draw_set_color(d->r, c);
    if (s->hair) {
        SDL_RenderDrawLine(d->r, (int)s->x0, (int)s->y0, (int)s->x1, (int)s->y1);
        return;
    }
    if (len <= 0) return;
    nx = -dy / len * s->thick / 2.0;
    ny = dx / len * s->thick / 2.0;
    v[0].position = (SDL_FPoint){ (float)(s->x0 + nx), (float)(s->y0 + ny) };
    v[1].position = (SDL_FPoint){ (float)(s->x1 + nx), (float)(s->y1 + ny) };
    v[2].position = (SDL_FPoint){ (float)(s->x1 - nx), (float)(s->y1 - ny) };
    v[3].position = (SDL_FPoint){ (float)(s->x0 - nx), (float)(s->y0 - ny) };
    for (i = 0; i < 4; i++) {
        v[i].color = col;
        v[i].tex_coord = (SDL_FPoint){ 0, 0 };
    }
    SDL_RenderGeometry(d->r, NULL, v, 4, idx, 6);
}

static void paint_tri(void *ctx, const double xy[6], frame_color c) {
    draw_ctx *d = ctx;
    SDL_Color col = { c.r, c.g, c.b, c.a };
    SDL_Vertex v[3];
    draw_flush(d);
    for (int i = 0; i < 3; i++) {
        v[i].position = (SDL_FPoint){ (float)xy[2 * i], (float)xy[2 * i + 1] };
        v[i].color = col;
        v[i].tex_coord = (SDL_FPoint){ 0, 0 };
    }
    draw_set_color(d->r, c);
    SDL_RenderGeometry(d->r, NULL, v, 3, NULL, 0);
}

/* Aligned in w (at x when w is 0), centred in h when h is given; cut at
 * the box's left and right edges so long numbers never spill into the
 * next cell. */
static int draw_text(draw_ctx *d, const frame *f, const frame_cmd *c, errmsg *e) {
    const char *s = frame_text(f, c);
    int tw, th, x, y;
    SDL_Rect src, dst;
    SDL_Texture *tex;
    if (!s || !*s || c->color.a == 0) return 0;
    if (font_text(d->fonts, d->r, c->font, c->size, c->color, s, &tex, &tw, &th, e) != 0) return -1;
    if (!tex) return 0;
    draw_flush(d);
    x = c->x;
    if (c->align == FRAME_ALIGN_CENTER) x += (c->w - tw) / 2;
    else if (c->align == FRAME_ALIGN_RIGHT) x += c->w - tw;
    y = c->h > 0 ? c->y + (c->h - th) / 2 : c->y;
    src = (SDL_Rect){ 0, 0, tw, th };
    dst = (SDL_Rect){ x, y, tw, th };
    if (c->w > 0) {
        int lo = x < c->x ? c->x - x : 0;
        int hi = x + tw > c->x + c->w ? x + tw - (c->x + c->w) : 0;
        if (lo + hi >= tw) return 0;
        src.x += lo;
        src.w -= lo + hi;
        dst.x += lo;
        dst.w = src.w;
    }
    SDL_RenderCopy(d->r, tex, &src, &dst);
    return 0;
}

/* Through a texture on any renderer (nearest scaling: a cell is a block
 * of pixels, never blurred into its neighbours). */
static int draw_image(draw_ctx *d, const frame *f, const frame_cmd *c, errmsg *e) {
    const unsigned char *px = frame_image_pixels(f, c);
    SDL_Surface *s;
    SDL_Texture *tex;
    SDL_Rect dst = { c->x, c->y, c->w, c->h };
    if (!px || c->w <= 0 || c->h <= 0) return 0;
    draw_flush(d);
    s = SDL_CreateRGBSurfaceWithFormatFrom((void *)px, c->pw, c->ph, 24, c->pw * 3, SDL_PIXELFORMAT_RGB24);
    if (!s) return errmsg_set(e, "draw: cannot make a %dx%d image: %s", c->pw, c->ph, SDL_GetError());
    tex = SDL_CreateTextureFromSurface(d->r, s);
    SDL_FreeSurface(s);
    if (!tex) return errmsg_set(e, "draw: cannot make a %dx%d texture: %s", c->pw, c->ph, SDL_GetError());
    SDL_SetTextureScaleMode(tex, SDL_ScaleModeNearest);
    SDL_RenderCopy(d->r, tex, NULL, &dst);
    SDL_RenderFlush(d->r);
    SDL_DestroyTexture(tex);
    return 0;
}

static void draw_clip(draw_ctx *d, const frame_cmd *c) {
    SDL_Rect r = { c->x, c->y, c->w, c->h };
    draw_flush(d);
    d->clip = c->w > 0 ? r : (SDL_Rect){ 0, 0, 0, 0 };
    SDL_RenderSetClipRect(d->r, c->w > 0 ? &r : NULL);
}

/* direct: the surface r draws on when r is a software renderer we made. */
static int draw_frame_on(SDL_Renderer *r, SDL_Surface *direct, font_set *fonts,
                         const frame *f, errmsg *e) {
    draw_ctx d;
    frame_painter paint = { paint_rect, paint_seg, paint_tri, &d };
    size_t i;
    int rc = 0;
    d.r = r;
    d.direct = direct && direct->format->BytesPerPixel == 4 && !SDL_MUSTLOCK(direct) ? direct : NULL;
    d.clip = (SDL_Rect){ 0, 0, 0, 0 };
    d.fonts = fonts;
    d.n = 0;
    SDL_RenderSetClipRect(r, NULL);
    SDL_SetRenderDrawBlendMode(r, SDL_BLENDMODE_NONE);
    /* SDL's streaming stores suit one big clear (unlike small cells). */
    SDL_SetRenderDrawColor(r, f->background.r, f->background.g, f->background.b, 255);
    SDL_RenderClear(r);
    for (i = 0; i < f->n && rc == 0; i++) {
        const frame_cmd *c = &f->cmd[i];
        switch (c->kind) {
        case FRAME_TEXT: rc = draw_text(&d, f, c, e); break;
        case FRAME_CLIP: draw_clip(&d, c); break;
        case FRAME_IMAGE: rc = draw_image(&d, f, c, e); break;
        default: frame_paint(&paint, c); break;
        }
    }
    draw_flush(&d);
    SDL_RenderSetClipRect(r, NULL);
    font_sweep(fonts);
    return rc;
}

int draw_frame(SDL_Renderer *r, font_set *fonts, const frame *f, errmsg *e) {
    return draw_frame_on(r, NULL, fonts, f, e);
}

static int draw_offscreen_surface(draw_offscreen *o, int w, int h, errmsg *e) {
    if (w < 1 || h < 1 || w > 16384 || h > 16384)
        return errmsg_set(e, "size: %dx%d is outside 1x1..16384x16384", w, h);
    o->surface = SDL_CreateRGBSurfaceWithFormat(0, w, h, 32, SDL_PIXELFORMAT_ARGB8888);
    if (!o->surface) return errmsg_set(e, "draw: cannot make a %dx%d surface: %s", w, h, SDL_GetError());
    o->renderer = SDL_CreateSoftwareRenderer(o->surface);
    if (!o->renderer) {
        SDL_FreeSurface(o->surface);
        o->surface = NULL;
        return errmsg_set(e, "draw: cannot make a software renderer: %s", SDL_GetError());
    }
    return 0;
}

static void draw_offscreen_drop(draw_offscreen *o) {
    if (o->fonts) font_release(o->fonts);
    if (o->renderer) SDL_DestroyRenderer(o->renderer);
    if (o->surface) SDL_FreeSurface(o->surface);
    o->renderer = NULL;
    o->surface = NULL;
}

int draw_offscreen_init(draw_offscreen *o, int w, int h, const char *font_path, errmsg *e) {
    memset(o, 0, sizeof *o);
    if (draw_offscreen_surface(o, w, h, e) != 0) return -1;
    o->fonts = font_open(font_path, e);
    if (!o->fonts) {
        draw_offscreen_drop(o);
        return -1;
    }
    return 0;
}

void draw_offscreen_free(draw_offscreen *o) {
    draw_offscreen_drop(o);
    font_close(o->fonts);
    o->fonts = NULL;
}

int draw_offscreen_resize(draw_offscreen *o, int w, int h, errmsg *e) {
    if (o->surface && o->surface->w == w && o->surface->h == h) return 0;
    draw_offscreen_drop(o);
    return draw_offscreen_surface(o, w, h, e);
}

int draw_offscreen_frame(draw_offscreen *o, const frame *f, errmsg *e) {
    if (draw_offscreen_resize(o, f->width, f->height, e) != 0) return -1;
    if (draw_frame_on(o->renderer, o->surface, o->fonts, f, e) != 0) return -1;
    SDL_RenderFlush(o->renderer);
    return 0;
}

frame_color draw_offscreen_pixel(const draw_offscreen *o, int x, int y) {
    frame_color c = { 0, 0, 0, 0 };
    const SDL_Surface *s = o->surface;
    Uint32 px;
    if (!s || x < 0 || y < 0 || x >= s->w || y >= s->h) return c;
    px = *(const Uint32 *)((const Uint8 *)s->pixels + (size_t)y * s->pitch + (size_t)x * 4);
    SDL_GetRGBA(px, s->format, &c.r, &c.g, &c.b, &c.a);
    return c;
}
