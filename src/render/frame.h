/* frame: the description of one picture, a plain list of draw commands in
 * the way rxi's microui builds its command list. Layout code (no SDL) fills
 * it; the SDL backend (draw.h) turns it into pixels; tests read it.
 *
 * Units are pixels of the target surface, origin top-left, x right, y down.
 * Commands are drawn in order (later on top). Text is UTF-8, stored in one
 * pool owned by the frame. Every command may carry an element id so tests
 * and hit-testing can find "output cell (f=0, y=1, x=1)" without guessing. */
#ifndef CONVANIM_FRAME_H
#define CONVANIM_FRAME_H

#include <stddef.h>
#include <stdint.h>
#include "errmsg.h"

typedef struct { uint8_t r, g, b, a; } frame_color;

typedef enum {
    FRAME_RECT,    /* filled rectangle x, y, w, h */
    FRAME_BOX,     /* outline of x, y, w, h, `thick` pixels inside the box; dashed if set */
    FRAME_LINE,    /* from (x, y) to (x + w, y + h), `thick` wide; dashed if set */
    FRAME_HATCH,   /* diagonal hatching lines clipped to x, y, w, h (padding) */
    FRAME_TEXT,    /* text with its top-left (or aligned) at x, y inside w, h */
    FRAME_CLIP,    /* clip later commands to x, y, w, h; w = 0 resets */
    FRAME_ARROW,   /* line with an arrow head at its end */
    FRAME_IMAGE,   /* pw x ph RGB pixels (frame_image_pixels) scaled to x, y, w, h, nearest */
    FRAME_KIND_COUNT
} frame_kind;

/* "rect", "box", "line", "hatch", "text", "clip", "arrow", "image" (describe.h) */
extern const char *const frame_kind_names[FRAME_KIND_COUNT];

typedef enum { FRAME_FONT_SANS, FRAME_FONT_SANS_BOLD, FRAME_FONT_MONO } frame_font;
typedef enum { FRAME_ALIGN_LEFT, FRAME_ALIGN_CENTER, FRAME_ALIGN_RIGHT } frame_align;

/* What a command belongs to: for tests, hit-testing the mouse and the
 * public description of a frame (describe.h), which speaks the names in
 * frame_element_names. a and b are for hit-testing; idx[] are the
 * element's indices in the scene's own terms (see FRAME_MAX_INDEX). */
typedef enum {
    FRAME_EL_NONE,
    FRAME_EL_INPUT_CELL,   /* a = channel, b = linear cell in the padded grid */
    FRAME_EL_WEIGHT_CELL,  /* a = channel in group, b = tap */
    FRAME_EL_PRODUCT_CELL, /* a = channel in group, b = tap */
    FRAME_EL_OUTPUT_CELL,  /* a = filter, b = linear output cell */
    FRAME_EL_TIMELINE,
    FRAME_EL_PANEL,
    FRAME_EL_CAPTION,
    FRAME_EL_LABEL,
    FRAME_EL_FIELD,        /* editor panel row: a = row (panel.h), b = 0 value, -1 minus, +1 plus */
    FRAME_EL_CODE_TAB,     /* editor panel code switch: a = codegen_framework */
    FRAME_EL_PAD_CELL,     /* a cell of the padding ring: a, b as FRAME_EL_INPUT_CELL */
    FRAME_EL_PARTIAL_SUM,  /* a channel's sum of products: a = channel in group */
    FRAME_EL_SUM,          /* the running sum of the output cell (total, bias, activation) */
    FRAME_EL_FORMULA,      /* the output-size formula */
    FRAME_EL_CODE,         /* the layer as framework code */
    FRAME_EL_HINT,         /* key hints, the step counter and speed */
    FRAME_EL_WINDOW,       /* the kernel's window outline on the input */
    FRAME_EL_CHANNEL_MAP,  /* a small map of one input channel: a = channel */
    FRAME_EL_FILTER_MAP,   /* a small output map of one filter: a = filter */
    FRAME_EL_PICTURE,      /* a grid drawn as a picture, a cell a pixel (or less): a = 0 input, 1 output;
                              b = rows << 32 | columns of the grid it shows (for the click that moves there) */
    FRAME_EL_SLIDE_CAPTION, /* a lesson slide's caption (layout_slide) */
    FRAME_EL_SLIDE_COUNTER, /* "slide 3 / 13" */
    FRAME_EL_QUESTION,     /* the question put to the students */
    FRAME_EL_ANSWER,       /* what was typed, or a clicked input cell (a, b as FRAME_EL_INPUT_CELL) */
    FRAME_EL_VERDICT,      /* "right: ..." / "not quite: ..." */
    /* The network strip of a scene of several layers (net.h's tensors) */
    FRAME_EL_NETWORK_TENSOR, /* a tensor: a = t (0 the input, i the output of layer i); on a map
                              drawn as an image b = the map, channel * D + depth */
    FRAME_EL_TENSOR_CELL,  /* a cell of one: a = t, b = linear index over [c][D][H][W] */
    FRAME_EL_NETWORK_LAYER, /* the layer between two tensors: a = layer (0-based) */
    FRAME_EL_COUNT
} frame_element;

/* "none", "input_cell", "weight_cell", "product", "output_cell", ... as the
 * describe dump writes them (the editor's fields count as "panel"). */
extern const char *const frame_element_names[FRAME_EL_COUNT];

/* Indices in the scene's own terms, only the axes the layer has:
 *   input_cell, pad_cell: channel, [depth,] [y,] x, unpadded (negative or
 *                         past the edge in the padding)
 *   weight_cell:          filter, channel in group, [kd,] [ky,] kx
 *   product:              channel, [kd,] [ky,] kx
 *   partial_sum:          channel
 *   output_cell:          filter, [d,] [y,] x
 *   network_tensor:       t
 *   tensor_cell:          t, channel, [d,] [y,] x
 *   network_layer:        layer (0-based, as --layer) */
enum { FRAME_MAX_INDEX = 5 };

typedef struct {
    frame_kind kind;
    int x, y, w, h;
    int thick;
    int dashed;
    frame_color color;
    frame_font font;
    int size;           /* text pixel height */
    frame_align align;
    size_t text;        /* offset into the frame's text pool */
    frame_element el;   /* owner element and its indices */
    int a;
    int64_t b;
    int nidx;           /* how many of idx[] are set */
    int idx[FRAME_MAX_INDEX];
    int now;            /* in play at this step (describe.h) */
    int lit;            /* part of a hovered receptive field (describe.h) */
    int pw, ph;         /* FRAME_IMAGE: its pixels, row-major RGB, 3 bytes each, at offset pix of the pool */
    size_t pix;
} frame_cmd;

typedef struct {
    int width, height;
    frame_color background;
    frame_cmd *cmd;
    size_t n, cap;
    char *pool;
    size_t pool_len, pool_cap;
    unsigned char *px;  /* the images' pixels */
    size_t px_len, px_cap;
} frame;

/* The most pixels one image may hold, and all images of a frame: a view
 * samples a bigger grid down (the screen shows no more pixels anyway). */
enum { FRAME_IMAGE_MAX = 1 << 20, FRAME_IMAGES_MAX = 1 << 23 };

void frame_init(frame *f, int width, int height, frame_color background);
void frame_clear(frame *f, int width, int height, frame_color background); /* keeps buffers */
void frame_free(frame *f);

/* Appends a command; returns it (for setting el/a/b) or NULL if out of memory.
 * Text is copied into the pool. */
frame_cmd *frame_push(frame *f, const frame_cmd *c, const char *text);

/* frame_push of the common case: kind, rectangle, colour, 1-pixel lines,
 * everything else zero. */
frame_cmd *frame_add(frame *f, frame_kind kind, int x, int y, int w, int h, frame_color c, const char *text);

const char *frame_text(const frame *f, const frame_cmd *c);

/* Appends an image command showing pw x ph pixels (RGB, row-major, 3
 * bytes each, copied) in x, y, w, h. NULL if out of memory or past the
 * limits above. */
frame_cmd *frame_image(frame *f, int x, int y, int w, int h, int pw, int ph, const unsigned char *rgb);
/* The pixels of an image command (NULL for any other). */
const unsigned char *frame_image_pixels(const frame *f, const frame_cmd *c);

/* Marks c (may be NULL, as frame_push returns on failure) as part of an element. */
void frame_tag(frame_cmd *c, frame_element el, int a, int64_t b);

/* Sets c's scene indices (n of them, from v) and whether it is in play
 * now; c may be NULL. */
void frame_index(frame_cmd *c, int n, const int *v, int now);

/* Measures text: pixel width of s at `size` in `font`. The SDL backend
 * supplies the real one; layout falls back to frame_text_width_estimate. */
typedef int (*frame_measure_fn)(void *ctx, frame_font font, int size, const char *s);
int frame_text_width_estimate(void *ctx, frame_font font, int size, const char *s);

/* ---- geometry: what every backend draws a command as ----
 * The shapes of the commands are decided here, once, so that each backend
 * (SDL: draw.c, cairo: cairodraw.c) only fills rectangles and triangles,
 * strokes straight segments and places text. */

typedef struct {
    double x0, y0, x1, y1; /* from, to (pixels) */
    int thick;             /* width, at least 1 */
    int hair;              /* a 1-pixel line from pixel (x0, y0) to pixel (x1, y1), both drawn */
} frame_seg;

typedef struct {
    void (*rect)(void *ctx, int x, int y, int w, int h, frame_color c);
    void (*seg)(void *ctx, const frame_seg *s, frame_color c);
    void (*tri)(void *ctx, const double xy[6], frame_color c);
    void *ctx;
} frame_painter;

/* A line (x0, y0)-(x1, y1), dashed or not: dashes of 3 x thick on, 2 x
 * thick off (thick 1 counts as 2), so a thick dashed line still reads as
 * dashed. Axis-aligned segments come as rects. */
void frame_paint_line(const frame_painter *p, double x0, double y0, double x1, double y1, int thick, int dashed,
                      frame_color c);

/* FRAME_RECT, FRAME_BOX (edges inside the box), FRAME_LINE, FRAME_HATCH
 * ("/" lines every 6 x thick, cut to the box) and FRAME_ARROW (a line and
 * a head of 4 x thick + 6 px) as the painter's rects, segments and
 * triangles. Text and clips are the backend's own. */
void frame_paint(const frame_painter *p, const frame_cmd *c);

#endif
