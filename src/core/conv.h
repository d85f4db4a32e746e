/* conv: the geometry, validation and forward pass of one convolution layer,
 * computed exactly as PyTorch and TensorFlow do (cross-correlation, no
 * kernel flip).
 *
 * Spatial axes. The core always works with three spatial axes in the order
 * D, H, W (index 0, 1, 2). A conv2d leaves D at size 1 (kernel 1, stride 1,
 * no padding); a conv1d leaves D and H at 1. conv_ndim() says how many of the
 * trailing axes the user sees.
 *
 * Layouts (all row-major, channel-first):
 *   input   [in_c][D][H][W]
 *   output  [out_c][oD][oH][oW]
 *   weight  conv1d/2d/3d:       [filters][in_c/groups][kD][kH][kW]   (PyTorch)
 *           conv_transpose2d:   [in_c][filters/groups][kD][kH][kW]   (PyTorch)
 *   bias    [filters]
 * A kernel tap is the linear index (kz*kH + ky)*kW + kx; an output cell is
 * the linear index (z*oH + y)*oW + x.
 *
 * Output size per axis (direct):  floor((in + lo + hi - d*(k-1) - 1)/s) + 1
 *            (transposed):       (in-1)*s - lo - hi + d*(k-1) + output_padding + 1
 * Padding "same" follows TensorFlow for any stride:
 *   total = max((ceil(in/s)-1)*s + (k-1)*d + 1 - in, 0), lo = total/2, hi = rest.
 * "full" is d*(k-1) on each side. "causal" (conv1d only, Keras' name) is
 * d*(k-1) before and 0 after: output t reads inputs t-d*(k-1) .. t, never a
 * later one. */
#ifndef CONVANIM_CONV_H
#define CONVANIM_CONV_H

#include <stddef.h>
#include <stdint.h>
#include "errmsg.h"

enum { CONV_SP = 3 };          /* spatial axes inside the core: D, H, W */
enum { CONV_MAX_KVOL = 4096 }; /* largest kernel volume (e.g. 64x64, 16x16x16) */

/* Most multiply-adds one layer may take (2^30, a few seconds): a bound on
 * the work a scene file can ask for, as TENSOR_MAX_ELEMS bounds memory. */
#define CONV_MAX_MACS ((int64_t)1 << 30)

/* Each vocabulary has one names table, here beside its enum (conv.c holds
 * them, with a static assert on their length): scene files, the command
 * line, the editor, codegen and the picture all read these. */
typedef enum { CONV_1D, CONV_2D, CONV_3D, CONV_TRANSPOSE_2D, CONV_KIND_COUNT } conv_kind;
typedef enum { CONV_PAD_AMOUNT, CONV_PAD_VALID, CONV_PAD_SAME, CONV_PAD_FULL, CONV_PAD_CAUSAL, CONV_PADDING_COUNT } conv_padding;
typedef enum { CONV_MODE_ZEROS, CONV_MODE_REFLECT, CONV_MODE_REPLICATE, CONV_MODE_CIRCULAR, CONV_MODE_COUNT } conv_padmode;
typedef enum { CONV_ACT_NONE, CONV_ACT_RELU, CONV_ACT_SIGMOID, CONV_ACT_TANH, CONV_ACT_COUNT } conv_act;

extern const char *const conv_kind_names[CONV_KIND_COUNT];       /* "conv1d", ..., "conv_transpose2d" */
extern const char *const conv_padding_names[CONV_PADDING_COUNT]; /* "explicit", "valid", "same", "full", "causal" */
extern const char *const conv_padmode_names[CONV_MODE_COUNT];    /* "zeros", "reflect", "replicate", "circular" */
extern const char *const conv_act_names[CONV_ACT_COUNT];         /* "none", "relu", "sigmoid", "tanh" */
extern const char *const conv_act_titles[CONV_ACT_COUNT];        /* as prose writes them: "none", "ReLU", ... */

/* What the user asked for. Axes the kind does not use keep kernel, stride,
 * dilation 1 and padding 0. */
typedef struct {
    conv_kind kind;
    int filters;
    int kernel[CONV_SP], stride[CONV_SP], dilation[CONV_SP];
    conv_padding padding;
    int pad[CONV_SP][2];         /* before, after: used when padding == CONV_PAD_AMOUNT */
    int output_padding[CONV_SP]; /* conv_transpose2d only */
    conv_padmode padding_mode;
    int groups;
    int bias;                    /* nonzero: one bias per filter */
    conv_act activation;
} conv_params;

/* The layer resolved against an input shape: everything derived once. */
typedef struct {
    conv_params p;
    int in_c, in_sp[CONV_SP];
    int out_c, out_sp[CONV_SP];
    int pad_lo[CONV_SP], pad_hi[CONV_SP]; /* resolved padding per axis */
    int cpg;                   /* input channels each filter reads: in_c / groups */
    int fpg;                   /* filters per group: filters / groups */
    int kvol;                  /* kernel volume kD*kH*kW */
    int64_t in_cells;          /* D*H*W */
    int64_t out_cells;         /* oD*oH*oW */
    int64_t weight_count;      /* filters * cpg * kvol */
    int64_t param_count;       /* weight_count + (bias ? filters : 0) */
    int64_t macs;              /* multiply-adds of the forward pass */
} conv_geom;

/* Sets the defaults: filters 1, kernel/stride/dilation 1, padding valid,
 * zeros mode, groups 1, bias on, no activation. */
void conv_params_init(conv_params *p, conv_kind kind);

int conv_ndim(conv_kind kind);              /* 1, 2 or 3 spatial axes */
const char *conv_kind_name(conv_kind kind); /* "conv2d", "conv_transpose2d", ... */
const char *conv_padmode_name(conv_padmode m);
const char *conv_act_name(conv_act a);
const char *conv_padding_name(conv_padding p);
const char *conv_axis_name(int ndim, int axis); /* "W" for conv1d axis 2, "H", "D" */

/* TensorFlow's 'same' padding of a direct convolution on one axis of size
 * `in`: total = max((ceil(in/s)-1)*s + d*(k-1) + 1 - in, 0), the smaller
 * half before. The one place this formula is written. */
void conv_same_padding(int in, int k, int s, int d, int *lo, int *hi);

/* Validates p against an input of in_c channels and in_sp spatial size and
 * fills g. On failure the message names the parameter and, where shape math
 * fails, shows the formula with the numbers. */
int conv_resolve(const conv_params *p, int in_c, const int in_sp[CONV_SP], conv_geom *g, errmsg *e);

/* Index into the weight array (layout above) of filter f, input channel
 * c_local (0..cpg-1 within the filter's group) and tap. */
int64_t conv_weight_index(const conv_geom *g, int f, int c_local, int tap);

/* First input channel of the group filter f belongs to. */
int conv_group_first_channel(const conv_geom *g, int f);

/* Where one kernel tap reads for one output cell. */
typedef enum {
    CONV_TAP_DATA, /* inside the input: src is the cell */
    CONV_TAP_PAD,  /* zero padding */
    CONV_TAP_COPY, /* reflect/replicate/circular padding: src is the copied cell */
    CONV_TAP_HOLE  /* transposed: between strided input cells, contributes nothing */
} conv_tapkind;

typedef struct {
    conv_tapkind kind;
    int src[CONV_SP]; /* input cell read (DATA, COPY); unspecified otherwise */
    int at[CONV_SP];  /* position in the padded input grid (0 = first padding
                         cell); transposed: in the zero-inserted padded grid of
                         the equivalent direct convolution */
} conv_tap;

void conv_cell_coords(const conv_geom *g, int64_t cell, int out[CONV_SP]);
int64_t conv_cell_index(const conv_geom *g, const int out[CONV_SP]);
void conv_tap_coords(const conv_geom *g, int tap, int k[CONV_SP]);

void conv_tap_at(const conv_geom *g, const int out[CONV_SP], int tap, conv_tap *t);

/* Input index that padded position i (i < 0 or i >= in: in the padding)
 * copies under mode m (reflect, replicate, circular); i itself for zeros. */
int conv_pad_source(conv_padmode m, int i, int in);

/* Value the tap reads from channel c of input (0 for PAD and HOLE). */
double conv_tap_value(const conv_geom *g, const double *input, int c, const conv_tap *t);

double conv_activate(conv_act a, double x);

/* The output-size formula of one axis with the numbers filled in:
 * "(5 + 2*1 - 1*(3-1) - 1)/2 + 1 = 3", "floor((6 + 2*1 - 1*(3-1) - 1)/2) + 1 = 3"
 * when the division is inexact, "(5 + 0 + 1 - ...)" for asymmetric padding,
 * "(3-1)*2 - 2*1 + 1*(3-1) + 0 + 1 = 5" for transposed layers. Returns what
 * snprintf returns. Valid once g's sizes and padding are set (also inside a
 * failing conv_resolve, which is how its errors show the numbers). */
int conv_formula(char *buf, size_t n, const conv_geom *g, int axis);

/* One output cell: per-channel partial sums (chan_sum[cpg], may be NULL),
 * their total plus bias before activation (*pre), and the activated value. */
double conv_cell(const conv_geom *g, const double *input, const double *weight,
                 const double *bias, int f, int64_t cell, double *chan_sum, double *pre);

/* The whole layer into out[out_c * out_cells]. Summation order matches
 * conv_cell: per channel, taps in kernel order; then channels in order;
 * then bias. */
void conv_forward(const conv_geom *g, const double *input, const double *weight,
                  const double *bias, double *out);

/* Where an input cell is read from by output cells: calls fn for every
 * (filter-independent) output cell and tap of one input channel position.
 * Used to light up the cells an input cell feeds. */
typedef void (*conv_visit_fn)(void *ctx, int64_t cell, int tap);
void conv_feeds(const conv_geom *g, const int in[CONV_SP], conv_visit_fn fn, void *ctx);

#endif
