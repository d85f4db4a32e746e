/* layout: a frame is a pure function of (scene, view, size). layout_frame
 * reads the core's state at the view's step and appends draw commands; it
 * has no SDL in it, so tests check its output directly.
 *
 * 2D layers are drawn in full (input channels with their padding ring, the
 * filter's weights, the products, per-channel sums, the output maps, the
 * caption, side panel and timeline); other kinds reuse the same pieces with
 * the leading axes collapsed. */
#ifndef CONVANIM_LAYOUT_H
#define CONVANIM_LAYOUT_H

#include "frame.h"
#include "panel.h"
#include "theme.h"
#include "scene.h"
#include "sched.h"

/* What the frame is for. WINDOW: the window's frame, with its key hints,
 * timeline, speed, side panel and hover help. FIGURE: a figure for a
 * slide, a paper or a video: the title, the layer's one-line description,
 * the geometry and the numbers, an optional caption; nothing that is
 * about driving the window. */
typedef enum { LAYOUT_STYLE_WINDOW, LAYOUT_STYLE_FIGURE, LAYOUT_STYLE_COUNT } layout_style;
extern const char *const layout_style_names[LAYOUT_STYLE_COUNT]; /* "window", "figure" */

/* Digits in the cells. AUTO: in a figure, every cell's digits at
 * LAYOUT_FIGURE_DIGITS px or more, or none at all (clean geometry, as
 * conv_arithmetic draws); in the window, wherever they fit. */
typedef enum { LAYOUT_NUMBERS_AUTO, LAYOUT_NUMBERS_ON, LAYOUT_NUMBERS_OFF, LAYOUT_NUMBERS_COUNT } layout_numbers;
extern const char *const layout_numbers_names[LAYOUT_NUMBERS_COUNT]; /* "auto", "on", "off" */
enum { LAYOUT_FIGURE_DIGITS = 10 };
/* A lesson's slide on screen (src/app/presenter.c fills it): the counter
 * and the caption in large type under the header, then the question,
 * what is typed and the verdict. Also the quiz of a plain scene (only a
 * question). Text is the caller's; NULL or "" for what is not shown. */
typedef struct {
    const char *counter;         /* "slide 3 / 13" */
    const char *caption;         /* fields filled in */
    const char *question;
    const char *answer;          /* typed so far */
    int typing;                  /* the answer box takes keys: a caret is drawn */
    const char *verdict;         /* "right: ..." / "not quite: ..." */
    int right;
    int blank;                   /* the screen goes dark (B), nothing drawn */
    const unsigned char *picked; /* input cells clicked, [g.in_cells] unpadded; NULL none */
} layout_slide;

/* A transposed layer's two views: SCATTER (the default) as the framework
 * computes it, each input cell stamping value x kernel into the output,
 * stepped in sched's scatter order; INSERTED the zero-insertion
 * equivalent, a direct convolution over the input with stride-1 zeros
 * inserted, stepped in the gather order. Other kinds ignore it. */
typedef enum { LAYOUT_TV_SCATTER, LAYOUT_TV_INSERTED, LAYOUT_TV_COUNT } layout_tview;
extern const char *const layout_tview_names[LAYOUT_TV_COUNT]; /* "scatter", "inserted" */

typedef struct {
    int layer;               /* which layer of the scene */
    layout_tview tview;      /* transposed layers: scatter (default) or inserted */
    layout_style style;      /* LAYOUT_STYLE_WINDOW (the default) or _FIGURE */
    layout_numbers numbers;  /* LAYOUT_NUMBERS_AUTO by default */
    const char *caption;     /* figure: a line of the author's under the picture; NULL none */
    int vocab;               /* the description's framework (codegen_framework); -1: the scene's layout's */
    sched_gran gran;
    int64_t step;            /* clamped into [0, sched_order_count) (layout_order) */
    const theme *theme;
    int projector;           /* larger text */
    double scale;            /* high-DPI factor, 1.0 = 96 dpi */
    int playing;
    double speed;            /* steps per second, shown on the timeline */
    int show_help;           /* key help overlay */
    int gray;                /* output pictures in grayscale (over each map's range), not value colours */
    /* Hover (from the mouse, via layout_hit): an input cell lights the
     * output cells it feeds; an output cell lights its receptive field. */
    frame_element hover_el;  /* FRAME_EL_NONE, _INPUT_CELL or _OUTPUT_CELL */
    int hover_a;
    int64_t hover_b;
    const panel_state *editor; /* open: the editor column replaces the side panel */
    /* The footer's status line in place of the key hints: a message
     * ("saved ..."), and while an export runs its progress as a bar. */
    const char *status;      /* NULL: the key hints */
    double export_progress;  /* 0..1 while exporting, < 0 (the default) none */
    frame_measure_fn measure; /* NULL: frame_text_width_estimate */
    void *measure_ctx;
    const layout_slide *slide; /* a lesson's slide or a quiz; NULL none */
} layout_view;

void layout_view_init(layout_view *v);

/* The step order of v's layer: the scatter order for a transposed layer in
 * the scatter view, the gather order otherwise. Steps (v->step, counts,
 * sched_order_at) are in this order. */
sched_order layout_order(const scene *s, const layout_view *v);

/* Clears f to width x height and lays out the frame. Fails only on memory
 * or an out-of-range layer. */
int layout_frame(frame *f, const scene *s, const layout_view *v, int width, int height, errmsg *e);

/* What LAYOUT_NUMBERS_AUTO comes to for (scene, view) at width x height:
 * LAYOUT_NUMBERS_ON or _OFF (a view that is not AUTO gives its own). An
 * export decides once for its whole run, so the digits do not come and
 * go between frames. -1 on failure (as layout_frame). */
int layout_resolve_numbers(const scene *s, const layout_view *v, int width, int height, errmsg *e);

/* Hover target (layout_view.hover_b) of the input cell at pos[0..n) in
 * the layer's own axes (y, x for conv2d), unpadded: negative or past the
 * edge for a padding cell. -1 if it is not on the grid drawn. */
int64_t layout_input_cell(const scene *s, int layer, const int *pos, int n);

/* The output cell (linear, conv.h) whose window sits nearest where (x, y)
 * falls on a picture of the input (FRAME_EL_PICTURE a = 0), or the cell
 * itself on the output's picture (a = 1), at the depth of output cell
 * `now`; -1 if (x, y) is on no picture. */
int64_t layout_picture_cell(const frame *f, const scene *s, int layer, int64_t now, int x, int y);

/* The network strip: the cell (as FRAME_EL_TENSOR_CELL's b, *t its
 * tensor) of a map drawn as a picture at (x, y); -1 if (x, y) is on none. */
int64_t layout_strip_cell(const frame *f, const scene *s, int x, int y, int *t);

/* The unpadded input cell (linear, channel-free: (z*H + y)*W + x) that
 * hover target b of an input cell is, -1 for padding or a hole. */
int64_t layout_input_index(const scene *s, int layer, int64_t b);

/* Topmost command at (x, y) that belongs to an element; 0 if none. */
int layout_hit(const frame *f, int x, int y, frame_element *el, int *a, int64_t *b);

/* Timeline: the step a click at x picks (for scrubbing), from the frame's
 * FRAME_EL_TIMELINE command. -1 if there is no timeline. */
int64_t layout_timeline_step(const frame *f, const scene *s, const layout_view *v, int x);

#endif
