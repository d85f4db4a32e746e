/* view: what layout.c shares with the views (inside src/render only).
 *
 * layout.c draws the frame's chrome (header, formula, caption, key hints,
 * timeline, side panel, help) and hands the main area to the view of the
 * layer's kind; a view draws the computation there and may add to the
 * caption. One file a view: view_grid.c (2-D grids), view_seq.c (conv1d
 * as sequence strips); layout.c picks one by the layer's kind. */
#ifndef CONVANIM_VIEW_H
#define CONVANIM_VIEW_H

#include "codegen.h"
#include "layout.h"
#include "plan.h"
#include "text.h"

typedef text_box box;

typedef struct lay {
    frame *f;
    text_pen pen;
    const layout_view *v;
    const theme *t;
    const scene *s;
    const scene_layer *L;
    const conv_geom *g;
    const double *in;
    const tensor_stat *in_stat; /* of in (scene_layer_input_stat) */
    sched_state st;
    int64_t nsteps;
    double in_max, w_max, p_max, b_max, out_max;
    int d_in, d_w, d_out;  /* decimals that show the inputs, weights, outputs exactly (at most 2) */
    int grid[CONV_SP], off[CONV_SP]; /* the padded (or zero-inserted) input grid */
    int zsl, kzs;          /* depth slice of the input grid and kernel shown */
    int win[4];            /* the window's rows and columns on that slice: r0, r1, q0, q1 */
    int ts, gap, margin;   /* base text size and spacing */
    int cmax;              /* largest cell */
    double sc;             /* scale for line widths */
    box main, panel;
    int lean;              /* projector mode that had to give up its larger sums to keep the cells */
    int c_floor, co_floor; /* plan_in's floors: projector mode keeps the window's cells */
    int figure;            /* LAYOUT_STYLE_FIGURE */
    int num_least;         /* cells' digits smaller than this are not drawn (0: any that fit) */
    int num_off;           /* no digits in any cell (LAYOUT_NUMBERS_OFF) */
    int num_small;         /* set by the view: a grid's digits came out under num_least */
    int fail;              /* out of memory */
    sched_order order;     /* the steps' order (layout_order) */
    char step_text[1024];  /* the step's arithmetic in the view's own words; "" for explain_step's */
} lay;

/* ---- drawing (lay.c) ---- */
int lay_imin(int a, int b);
int lay_imax(int a, int b);
int lay_iclamp(int v, int lo, int hi);
frame_cmd *lay_emit(lay *l, frame_kind k, box b, frame_color c, const char *text);
frame_cmd *lay_rect(lay *l, box b, frame_color c);
frame_cmd *lay_outline(lay *l, box b, frame_color c, int thick, int dashed);
frame_cmd *lay_line(lay *l, int x, int y, int dx, int dy, frame_color c, int thick, frame_kind k);
int lay_measure(lay *l, frame_font font, int size, const char *s);
frame_cmd *lay_text(lay *l, box b, frame_font font, int size, frame_align al, frame_color c, const char *s);
frame_cmd *lay_pick(lay *l, box b, frame_font font, int size, frame_align al, frame_color c,
                    const char *const *forms, int n);
int lay_wrap(lay *l, box b, frame_font font, int size, frame_color c, frame_element el, const char *s);
frame_color lay_fade(frame_color c, frame_color to, double k);

/* ---- numbers: one rule a grid ---- */
/* Decimals that show every v[0..n) exactly, at most `most`
 * (tensor_decimals; whole tensors have theirs in their tensor_stat). */
int lay_decimals(const double *v, int64_t n, int most);
/* v with d decimals ("-0" printed as "0"). */
void lay_fixed(char *buf, size_t n, double v, int d);
/* Shortest text of v with at most `digits` significant digits. */
void lay_num(char *buf, size_t n, double v, int digits);

/* ---- what is in play (cl: channel in the filter's group) ---- */
int lay_chan_now(const lay *l, int cl);          /* the channel is in play at this step */
int lay_chan_started(const lay *l, int cl);      /* some of its products are summed */
int lay_tap_now(const lay *l, int cl, int tap);  /* that tap's product is in play */
int lay_thick(const lay *l, int c);              /* outline width for cells of c pixels */

/* The text size and decimals (*d: at most, in; used, out) at which every
 * value of one grid fits a cell of c pixels: one rule for the whole grid,
 * so the products and the sum they add up to are written alike. 0 if the
 * numbers do not fit. */
int lay_grid_text(lay *l, const double *v, int64_t n, int c, int *d);
/* v centred in the cell at fs pixels with d decimals, whole or not at all. */
frame_cmd *lay_cell_number(lay *l, box cell, double v, int fs, int d, frame_color c);
/* One output cell of any view: its fill and, when v is not NULL (the cell
 * is not empty), its number with d decimals, both tagged output_cell
 * [f, cell] with the cell's scene index; now marks the cell in play.
 * Returns the fill's command. */
frame_cmd *lay_output_cell(lay *l, box cb, int f, int64_t cell, frame_color fill, const double *v, int fs,
                           int d, int now);
/* The lines between rows x cols cells of c pixels inside g, and its outline. */
void lay_grid_lines(lay *l, box g, int rows, int cols, int c);

/* ---- words ---- */
int lay_ndim(const lay *l);
/* The framework whose words the picture speaks: the view's vocab, or the
 * one the scene's layout speaks (HWC: Keras, CHW: PyTorch). */
codegen_framework lay_vocab(const lay *l);
int lay_first_axis(const lay *l);
int lay_all_eq(const lay *l, const int *v, int x);
int lay_pads_symmetric(const lay *l);
void lay_shape(char *buf, size_t n, const lay *l, int c, const int *sp);          /* "3x5x5" */
void lay_out_index(char *buf, size_t n, const lay *l, int f, const int *at);     /* "output[0][1][1]" */
void lay_in_name(char *buf, size_t n, const lay *l, int ch, const int *src);     /* "input[1][2][3]" */
/* What the layer reads, channel ch: long (form 0) "input channel 1", or
 * for a later layer "layer 1 output channel 1 (after ReLU)"; short (1)
 * "in ch 1" / "L1 out ch 1". Channel -1: the tensor ("input", "layer 1
 * output (after ReLU)"; "in", "L1 out"). */
void lay_in_channel(char *buf, size_t n, const lay *l, int ch, int form);

/* ---- the input grid ---- */
conv_tapkind lay_classify(const lay *l, const int pos[CONV_SP], int src[CONV_SP]);
/* One axis of it: what padded-grid coordinate p of axis a is, and the
 * input coordinate it reads (*src, not set for PAD). lay_classify is PAD
 * if an axis is, else HOLE if one is, else COPY if one is, else DATA. */
conv_tapkind lay_classify_axis(const lay *l, int a, int p, int *src);
double lay_in_value(const lay *l, int ch, const int src[CONV_SP]);
int64_t lay_in_index(const lay *l, int z, int r, int q);
int lay_grid_pos(const lay *l, int64_t b, int pos[CONV_SP]);
/* Output cells that input cell src feeds, as flags over out_cells (the
 * caller frees); NULL on failure. */
unsigned char *lay_feeds(lay *l, const int src[CONV_SP], int64_t *n);
/* The output cell under the mouse (its coordinates, and the first input
 * channel of its filter's group); 0 when the mouse is on no output cell. */
int lay_hovered_output(const lay *l, int out[CONV_SP], int *c0);
/* Scene indices of padded grid position pos on channel ch (frame.h). */
int lay_input_index(const lay *l, int ch, const int pos[CONV_SP], int *idx);
int lay_weight_index(const lay *l, int f, int cl, int tap, int *idx);
int lay_product_index(const lay *l, int ch, int tap, int *idx);
int lay_output_index(const lay *l, int f, int64_t cell, int *idx);

/* ---- whole grids as pictures (view_pic.c) ---- */
typedef enum { PIC_VALUE, PIC_GRAY, PIC_RGB, PIC_MODE_COUNT } pic_mode;
extern const char *const pic_mode_names[PIC_MODE_COUNT]; /* "value", "gray", "rgb" */
/* How the layer's input reads as a picture: RGB (3 channels in [0, 1] of
 * the scene's input), gray (1 such channel) or value colours. */
pic_mode pic_input_mode(const lay *l);
/* The rule itself, for any tensor of c channels: RGB or gray for values
 * in [0, 1] on 3 or 1 channels, value colours otherwise. */
pic_mode pic_values_mode(const tensor_stat *st, int c);
/* Drawn size of a rows x cols grid in wmax x hmax: whole pixels a cell
 * (at most 8) where it fits, else less than one. */
void pic_fit(int rows, int cols, int wmax, int hmax, int *w, int *h);
/* pw x ph RGB pixels (3 bytes each, row-major) of the padded input grid
 * on the shown depth slice: channel ch (PIC_RGB: channels 0-2). */
void pic_input(const lay *l, pic_mode m, int ch, int pw, int ph, unsigned char *rgb);
/* Of filter f's output map as far as the step has computed it (cells not
 * yet computed in the theme's empty colour): value colours around 0, or
 * gray over the map's own range. */
void pic_output(const lay *l, int f, int gray, int pw, int ph, unsigned char *rgb);

/* ---- views ---- */
/* The grid view: plans (fills l->plan) and draws the main area. */
void view_grid(lay *l);
/* Only the plan the grid view would draw by (nothing is drawn). */
void view_grid_plan(lay *l, plan_out *p);
/* conv1d: sequence strips (view_seq.c); its plan gives c and co, the cell
 * size of the inputs and of the outputs. */
void view_seq(lay *l);
void view_seq_plan(lay *l, plan_out *p);
/* A grouped layer's map of filters <-> channel groups (view_groups.c), in
 * a band under any view: _reserve takes the band off the bottom of
 * l->main (returns 0 and leaves it when there are no groups or no room). */
int view_groups_reserve(lay *l, box *band);
void view_groups(lay *l, box band);
/* A scene of several layers: the network strip (view_net.c), every
 * tensor as small maps and the layers between them, in a band under any
 * view (_reserve as view_groups_reserve). */
int view_net_reserve(lay *l, box *band);
void view_net(lay *l, box band);
/* conv3d: the window's depth slices side by side (view_vol.c). The plan
 * gives only c (slices and kernels) and co (the output slice). */
void view_vol(lay *l);
void view_vol_plan(lay *l, plan_out *p);
/* conv_transpose2d, the scatter view (view_tconv.c): each input cell
 * stamps value x kernel into the output, in sched's scatter order. */
void view_tconv(lay *l);
void view_tconv_plan(lay *l, plan_out *p);

#endif
