#include "conv.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "tensor.h"

void conv_params_init(conv_params *p, conv_kind kind) {
    memset(p, 0, sizeof *p);
    p->kind = kind;
    p->filters = 1;
    for (int a = 0; a < CONV_SP; a++) p->kernel[a] = p->stride[a] = p->dilation[a] = 1;
    p->padding = CONV_PAD_VALID;
    p->padding_mode = CONV_MODE_ZEROS;
    p->groups = 1;
    p->bias = 1;
    p->activation = CONV_ACT_NONE;
}

int conv_ndim(conv_kind kind) {
    switch (kind) {
    case CONV_1D: return 1;
    case CONV_3D: return 3;
    default: return 2;
    }
}

#define COUNT(t) (sizeof(t) / sizeof((t)[0]))

const char *const conv_kind_names[] = {"conv1d", "conv2d", "conv3d", "conv_transpose2d"};
const char *const conv_padding_names[] = {"explicit", "valid", "same", "full", "causal"};
const char *const conv_padmode_names[] = {"zeros", "reflect", "replicate", "circular"};
const char *const conv_act_names[] = {"none", "relu", "sigmoid", "tanh"};
const char *const conv_act_titles[] = {"none", "ReLU", "sigmoid", "tanh"};
_Static_assert(COUNT(conv_act_titles) == CONV_ACT_COUNT, "a title for every conv_act");
_Static_assert(COUNT(conv_kind_names) == CONV_KIND_COUNT, "a name for every conv_kind");
_Static_assert(COUNT(conv_padding_names) == CONV_PADDING_COUNT, "a name for every conv_padding");
_Static_assert(COUNT(conv_padmode_names) == CONV_MODE_COUNT, "a name for every conv_padmode");
_Static_assert(COUNT(conv_act_names) == CONV_ACT_COUNT, "a name for every conv_act");

/* Out-of-range values (a corrupt struct) get "?" rather than a wild read. */
const char *conv_kind_name(conv_kind k) { return (unsigned)k < CONV_KIND_COUNT ? conv_kind_names[k] : "?"; }
const char *conv_padding_name(conv_padding p) { return (unsigned)p < CONV_PADDING_COUNT ? conv_padding_names[p] : "?"; }
const char *conv_padmode_name(conv_padmode m) { return (unsigned)m < CONV_MODE_COUNT ? conv_padmode_names[m] : "?"; }
const char *conv_act_name(conv_act a) { return (unsigned)a < CONV_ACT_COUNT ? conv_act_names[a] : "?"; }

void conv_same_padding(int in, int k, int s, int d, int *lo, int *hi) {
    int64_t total = (((int64_t)in + s - 1) / s - 1) * s + (int64_t)d * (k - 1) + 1 - in;
    if (total < 0) total = 0;
    if (total > INT32_MAX) total = INT32_MAX;
    *lo = (int)(total / 2);
    *hi = (int)(total - total / 2);
}

const char *conv_axis_name(int ndim, int axis) {
    static const char *names[] = {"D", "H", "W"};
    if (ndim == 1) return "L"; /* PyTorch's name for the one axis of conv1d */
    return names[axis];
}

static int is_transposed(const conv_geom *g) { return g->p.kind == CONV_TRANSPOSE_2D; }

/* Dilated kernel extent d*(k-1) + 1, in 64 bits: parameters are ints. */
static int64_t extent(const conv_params *p, int a) {
    return (int64_t)p->dilation[a] * (p->kernel[a] - 1) + 1;
}

/* Output size of one axis before it is checked, in 64 bits so that absurd
 * parameters give an honest number rather than wrapping around. */
static int64_t out_size(const conv_geom *g, int a) {
    const conv_params *p = &g->p;
    int64_t in = g->in_sp[a], lo = g->pad_lo[a], hi = g->pad_hi[a];
    if (is_transposed(g))
        return (in - 1) * p->stride[a] - lo - hi + extent(p, a) - 1 + p->output_padding[a] + 1;
    {
        int64_t num = in + lo + hi - extent(p, a);
        /* floor division: num may be negative when the kernel does not fit */
        int64_t q = num >= 0 ? num / p->stride[a] : -((-num + p->stride[a] - 1) / p->stride[a]);
        return q + 1;
    }
}

int conv_formula(char *buf, size_t n, const conv_geom *g, int axis) {
    const conv_params *p = &g->p;
    int in = g->in_sp[axis], lo = g->pad_lo[axis], hi = g->pad_hi[axis];
    int k = p->kernel[axis], s = p->stride[axis], d = p->dilation[axis];
    long long out = (long long)out_size(g, axis);
    long long num = (long long)in + lo + hi - (long long)d * (k - 1) - 1;
    char pad[48];
    if (is_transposed(g)) {
        if (lo == hi) snprintf(pad, sizeof pad, "2*%d", lo);
        else snprintf(pad, sizeof pad, "(%d + %d)", lo, hi);
        return snprintf(buf, n, "(%d-1)*%d - %s + %d*(%d-1) + %d + 1 = %lld", in, s, pad, d, k,
                        p->output_padding[axis], out);
    }
    if (lo == hi) snprintf(pad, sizeof pad, "2*%d", lo);
    else snprintf(pad, sizeof pad, "%d + %d", lo, hi);
    if (num % s == 0)
        return snprintf(buf, n, "(%d + %s - %d*(%d-1) - 1)/%d + 1 = %lld", in, pad, d, k, s, out);
    return snprintf(buf, n, "floor((%d + %s - %d*(%d-1) - 1)/%d) + 1 = %lld", in, pad, d, k, s, out);
}

static int check_positive(const int *v, int first, const char *name, errmsg *e) {
    for (int a = first; a < CONV_SP; a++)
        if (v[a] < 1) return errmsg_set(e, "%s: must be at least 1, got %d", name, v[a]);
    return 0;
}

/* Unused leading axes must stay neutral so the 3-axis code is exact. */
static int check_unused_axes(const conv_params *p, const int in_sp[CONV_SP], int first, errmsg *e) {
    for (int a = 0; a < first; a++) {
        if (p->kernel[a] != 1 || p->stride[a] != 1 || p->dilation[a] != 1 ||
            p->output_padding[a] != 0 || (p->padding == CONV_PAD_AMOUNT && (p->pad[a][0] || p->pad[a][1])))
            return errmsg_set(e, "type: %s has %d spatial axes, parameters were given for more",
                              conv_kind_name(p->kind), CONV_SP - first);
        if (in_sp[a] != 1)
            return errmsg_set(e, "type: %s expects an input with %d spatial axes, this one has %d",
                              conv_kind_name(p->kind), CONV_SP - first, CONV_SP - a);
    }
    return 0;
}

static int resolve_padding(conv_geom *g, int first, errmsg *e) {
    conv_params *p = &g->p;
    for (int a = first; a < CONV_SP; a++) {
        int64_t ext = extent(p, a), s = p->stride[a], total;
        switch (p->padding) {
        case CONV_PAD_AMOUNT:
            if (p->pad[a][0] < 0 || p->pad[a][1] < 0)
                return errmsg_set(e, "padding: must not be negative, got %d", p->pad[a][0] < 0 ? p->pad[a][0] : p->pad[a][1]);
            g->pad_lo[a] = p->pad[a][0];
            g->pad_hi[a] = p->pad[a][1];
            break;
        case CONV_PAD_VALID: g->pad_lo[a] = g->pad_hi[a] = 0; break;
        case CONV_PAD_SAME:
            if (is_transposed(g)) {
                /* Keras Conv2DTranspose 'same': output = in * stride. */
                total = ext > s ? ext - s : 0;
                if (s > ext) p->output_padding[a] += (int)(s - ext);
                if (total > (1 << 24)) return errmsg_set(e, "padding: 'same' would need %lld cells", (long long)total);
                g->pad_lo[a] = (int)(total / 2);
                g->pad_hi[a] = (int)(total - total / 2);
            } else {
                conv_same_padding(g->in_sp[a], p->kernel[a], p->stride[a], p->dilation[a], &g->pad_lo[a], &g->pad_hi[a]);
                total = (int64_t)g->pad_lo[a] + g->pad_hi[a];
                if (total > (1 << 24)) return errmsg_set(e, "padding: 'same' would need %lld cells", (long long)total);
            }
            break;
        case CONV_PAD_FULL:
            if (is_transposed(g))
                return errmsg_set(e, "padding: 'full' is not defined for conv_transpose2d; give amounts");
            if (ext - 1 > (1 << 24)) return errmsg_set(e, "padding: 'full' would need %lld cells", (long long)(ext - 1));
            g->pad_lo[a] = g->pad_hi[a] = (int)(ext - 1);
            break;
        case CONV_PAD_CAUSAL:
            if (p->kind != CONV_1D)
                return errmsg_set(e, "padding: 'causal' is for conv1d only, this layer is %s", conv_kind_name(p->kind));
            if (ext - 1 > (1 << 24)) return errmsg_set(e, "padding: 'causal' would need %lld cells", (long long)(ext - 1));
            g->pad_lo[a] = (int)(ext - 1);
            g->pad_hi[a] = 0;
            break;
        case CONV_PADDING_COUNT: return errmsg_set(e, "padding: unknown kind %d", (int)p->padding);
        }
    }
    return 0;
}

/* PyTorch's limits on copied padding: reflect mirrors without repeating the
 * edge, so it needs pad < in; circular may wrap at most once. */
static int check_padding_mode(const conv_geom *g, int first, errmsg *e) {
    const conv_params *p = &g->p;
    if (p->padding_mode == CONV_MODE_ZEROS) return 0;
    if (is_transposed(g))
        return errmsg_set(e, "padding_mode: conv_transpose2d supports only 'zeros', got '%s'",
                          conv_padmode_name(p->padding_mode));
    for (int a = first; a < CONV_SP; a++) {
        int in = g->in_sp[a], pad = g->pad_lo[a] > g->pad_hi[a] ? g->pad_lo[a] : g->pad_hi[a];
        const char *ax = conv_axis_name(CONV_SP - first, a);
        if (p->padding_mode == CONV_MODE_REFLECT && pad >= in)
            return errmsg_set(e, "padding: reflect padding %d on %s must be less than the input size %d",
                              pad, ax, in);
        if (p->padding_mode == CONV_MODE_CIRCULAR && pad > in)
            return errmsg_set(e, "padding: circular padding %d on %s must be at most the input size %d",
                              pad, ax, in);
    }
    return 0;
}

static int resolve_output(conv_geom *g, int first, errmsg *e) {
    const conv_params *p = &g->p;
    for (int a = 0; a < CONV_SP; a++) {
        int64_t o = a < first ? 1 : out_size(g, a);
        if (o < 1) {
            char f[160];
            conv_formula(f, sizeof f, g, a);
            if (is_transposed(g))
                return errmsg_set(e, "padding: output %s = %s, must be at least 1",
                                  conv_axis_name(CONV_SP - first, a), f);
            return errmsg_set(e, "kernel_size: output %s = %s, must be at least 1: the kernel spans %lld "
                              "cells (dilation %d), the padded input only %lld",
                              conv_axis_name(CONV_SP - first, a), f, (long long)extent(p, a),
                              p->dilation[a], (long long)g->in_sp[a] + g->pad_lo[a] + g->pad_hi[a]);
        }
        if (o > TENSOR_MAX_ELEMS)
            return errmsg_set(e, "output: %s = %lld is larger than the limit %lld",
                              conv_axis_name(CONV_SP - first, a), (long long)o, (long long)TENSOR_MAX_ELEMS);
        g->out_sp[a] = (int)o;
    }
    return 0;
}

static int check_transposed(const conv_params *p, int first, errmsg *e) {
    for (int a = first; a < CONV_SP; a++) {
        int op = p->output_padding[a];
        if (op < 0) return errmsg_set(e, "output_padding: must not be negative, got %d", op);
        if (p->kind != CONV_TRANSPOSE_2D && op != 0)
            return errmsg_set(e, "output_padding: only conv_transpose2d has it, got %d", op);
        if (p->kind == CONV_TRANSPOSE_2D && op >= p->stride[a] && op >= p->dilation[a])
            return errmsg_set(e, "output_padding: %d must be smaller than the stride (%d) or the dilation (%d)",
                              op, p->stride[a], p->dilation[a]);
    }
    return 0;
}

static int check_groups(const conv_params *p, int in_c, errmsg *e) {
    if (p->filters < 1) return errmsg_set(e, "filters: must be at least 1, got %d", p->filters);
    if (in_c < 1) return errmsg_set(e, "in_channels: must be at least 1, got %d", in_c);
    if (p->groups < 1) return errmsg_set(e, "groups: must be at least 1, got %d", p->groups);
    if (in_c % p->groups)
        return errmsg_set(e, "groups: in_channels %d is not divisible by groups %d", in_c, p->groups);
    if (p->filters % p->groups)
        return errmsg_set(e, "groups: filters %d is not divisible by groups %d", p->filters, p->groups);
    return 0;
}

static int check_sizes(conv_geom *g, errmsg *e) {
    int wdim[3] = {g->p.filters, g->cpg, g->kvol};
    int odim[4] = {g->out_c, g->out_sp[0], g->out_sp[1], g->out_sp[2]};
    int64_t n;
    if (tensor_count(3, wdim, &g->weight_count, "weights", e)) return -1;
    if (tensor_count(4, odim, &n, "output", e)) return -1;
    if (tensor_count(CONV_SP, g->out_sp, &g->out_cells, "output", e)) return -1;
    g->param_count = g->weight_count + (g->p.bias ? g->p.filters : 0);
    g->macs = (int64_t)g->out_c * g->out_cells * g->cpg * g->kvol;
    if (g->macs > CONV_MAX_MACS)
        return errmsg_set(e, "filters: %lld multiply-adds (%d filters x %lld output cells x %d channels x %d taps), "
                          "the limit on a layer is %lld", (long long)g->macs, g->out_c, (long long)g->out_cells,
                          g->cpg, g->kvol, (long long)CONV_MAX_MACS);
    return 0;
}

int conv_resolve(const conv_params *p, int in_c, const int in_sp[CONV_SP], conv_geom *g, errmsg *e) {
    int first = CONV_SP - conv_ndim(p->kind);
    int64_t kvol = 1;
    memset(g, 0, sizeof *g);
    g->p = *p;
    g->in_c = in_c;
    memcpy(g->in_sp, in_sp, sizeof g->in_sp);
    if (check_groups(p, in_c, e)) return -1;
    if (check_positive(p->kernel, first, "kernel_size", e)) return -1;
    if (check_positive(p->stride, first, "stride", e)) return -1;
    if (check_positive(p->dilation, first, "dilation", e)) return -1;
    if (check_positive(in_sp, first, "input", e)) return -1;
    if (tensor_count(CONV_SP, in_sp, &g->in_cells, "input", e)) return -1;
    if (check_unused_axes(p, in_sp, first, e)) return -1;
    if (check_transposed(p, first, e)) return -1;
    for (int a = 0; a < CONV_SP; a++) {
        kvol *= p->kernel[a];
        if (kvol > CONV_MAX_KVOL)
            return errmsg_set(e, "kernel_size: kernel volume is more than %d taps, the limit", CONV_MAX_KVOL);
    }
    g->kvol = (int)kvol;
    g->cpg = in_c / p->groups;
    g->fpg = p->filters / p->groups;
    g->out_c = p->filters;
    if (resolve_padding(g, first, e)) return -1;
    if (check_padding_mode(g, first, e)) return -1;
    if (resolve_output(g, first, e)) return -1;
    return check_sizes(g, e);
}

int64_t conv_weight_index(const conv_geom *g, int f, int c_local, int tap) {
    if (is_transposed(g)) {
        int64_t c = conv_group_first_channel(g, f) + c_local;
        return (c * g->fpg + f % g->fpg) * g->kvol + tap;
    }
    return ((int64_t)f * g->cpg + c_local) * g->kvol + tap;
}

int conv_group_first_channel(const conv_geom *g, int f) { return (f / g->fpg) * g->cpg; }

void conv_cell_coords(const conv_geom *g, int64_t cell, int out[CONV_SP]) {
    out[2] = (int)(cell % g->out_sp[2]);
    cell /= g->out_sp[2];
    out[1] = (int)(cell % g->out_sp[1]);
    out[0] = (int)(cell / g->out_sp[1]);
}

int64_t conv_cell_index(const conv_geom *g, const int out[CONV_SP]) {
    return ((int64_t)out[0] * g->out_sp[1] + out[1]) * g->out_sp[2] + out[2];
}

void conv_tap_coords(const conv_geom *g, int tap, int k[CONV_SP]) {
    k[2] = tap % g->p.kernel[2];
    tap /= g->p.kernel[2];
    k[1] = tap % g->p.kernel[1];
    k[0] = tap / g->p.kernel[1];
}

int conv_pad_source(conv_padmode m, int i, int in) {
    switch (m) {
    case CONV_MODE_REFLECT:
        if (in == 1) return 0;
        if (i < 0) i = -i;
        if (i >= in) i = 2 * (in - 1) - i;
        /* validation keeps reflect padding < in; clamp anyway so a caller
         * drawing an unvalidated layer still gets an index inside */
        return i < 0 ? 0 : i >= in ? in - 1 : i;
    case CONV_MODE_REPLICATE: return i < 0 ? 0 : (i >= in ? in - 1 : i);
    case CONV_MODE_CIRCULAR: return ((i % in) + in) % in;
    default: return i;
    }
}

static void tap_direct(const conv_geom *g, const int out[CONV_SP], const int k[CONV_SP], conv_tap *t) {
    int outside = 0;
    for (int a = 0; a < CONV_SP; a++) {
        int at = out[a] * g->p.stride[a] + k[a] * g->p.dilation[a];
        int i = at - g->pad_lo[a];
        t->at[a] = at;
        t->src[a] = i;
        if (i < 0 || i >= g->in_sp[a]) {
            outside = 1;
            t->src[a] = conv_pad_source(g->p.padding_mode, i, g->in_sp[a]);
        }
    }
    if (!outside) t->kind = CONV_TAP_DATA;
    else t->kind = g->p.padding_mode == CONV_MODE_ZEROS ? CONV_TAP_PAD : CONV_TAP_COPY;
}

/* Gather form of the transposed convolution: output o takes input i where
 * o = i*s - lo + k*d. In the equivalent direct convolution over the
 * zero-inserted input (padded by d*(K-1) - lo) with the kernel flipped, the
 * tap sits at o + (K-1-k)*d. */
static void tap_transposed(const conv_geom *g, const int out[CONV_SP], const int k[CONV_SP], conv_tap *t) {
    int kind = CONV_TAP_DATA;
    for (int a = 0; a < CONV_SP; a++) {
        int s = g->p.stride[a], d = g->p.dilation[a];
        int num = out[a] + g->pad_lo[a] - k[a] * d;
        t->at[a] = out[a] + (g->p.kernel[a] - 1 - k[a]) * d;
        t->src[a] = num >= 0 ? num / s : -1;
        if (num < 0 || num > (g->in_sp[a] - 1) * s) kind = CONV_TAP_PAD;
        else if (num % s && kind == CONV_TAP_DATA) kind = CONV_TAP_HOLE;
    }
    t->kind = (conv_tapkind)kind;
}

void conv_tap_at(const conv_geom *g, const int out[CONV_SP], int tap, conv_tap *t) {
    int k[CONV_SP];
    conv_tap_coords(g, tap, k);
    if (is_transposed(g)) tap_transposed(g, out, k, t);
    else tap_direct(g, out, k, t);
}

double conv_tap_value(const conv_geom *g, const double *input, int c, const conv_tap *t) {
    if (t->kind != CONV_TAP_DATA && t->kind != CONV_TAP_COPY) return 0;
    return input[(int64_t)c * g->in_cells + ((int64_t)t->src[0] * g->in_sp[1] + t->src[1]) * g->in_sp[2] + t->src[2]];
}

double conv_activate(conv_act a, double x) {
    switch (a) {
    case CONV_ACT_RELU: return x > 0 ? x : 0;
    case CONV_ACT_SIGMOID: return 1 / (1 + exp(-x));
    case CONV_ACT_TANH: return tanh(x);
    default: return x;
    }
}

/* Fast path for the common case: direct convolution, zero padding. Skipping
 * padding taps adds nothing, so the sums equal the general path's. */
static double chan_direct_zeros(const conv_geom *g, const double *in, const double *w, const int out[CONV_SP]) {
    const conv_params *p = &g->p;
    int base[CONV_SP];
    double sum = 0;
    for (int a = 0; a < CONV_SP; a++) base[a] = out[a] * p->stride[a] - g->pad_lo[a];
    for (int kz = 0; kz < p->kernel[0]; kz++) {
        int z = base[0] + kz * p->dilation[0];
        if (z < 0 || z >= g->in_sp[0]) { w += p->kernel[1] * p->kernel[2]; continue; }
        for (int ky = 0; ky < p->kernel[1]; ky++, w += p->kernel[2]) {
            int y = base[1] + ky * p->dilation[1];
            const double *row;
            if (y < 0 || y >= g->in_sp[1]) continue;
            row = in + ((int64_t)z * g->in_sp[1] + y) * g->in_sp[2];
            for (int kx = 0; kx < p->kernel[2]; kx++) {
                int x = base[2] + kx * p->dilation[2];
                if (x >= 0 && x < g->in_sp[2]) sum += row[x] * w[kx];
            }
        }
    }
    return sum;
}

static double chan_general(const conv_geom *g, const double *input, const double *weight,
                           int f, int c_local, const int out[CONV_SP]) {
    int c = conv_group_first_channel(g, f) + c_local;
    double sum = 0;
    for (int j = 0; j < g->kvol; j++) {
        /* a transposed layer's taps in reverse: its window, read flipped,
         * in reading order (the step schedule's order, sched.h) */
        int tap = is_transposed(g) ? g->kvol - 1 - j : j;
        conv_tap t;
        conv_tap_at(g, out, tap, &t);
        sum += conv_tap_value(g, input, c, &t) * weight[conv_weight_index(g, f, c_local, tap)];
    }
    return sum;
}

double conv_cell(const conv_geom *g, const double *input, const double *weight,
                 const double *bias, int f, int64_t cell, double *chan_sum, double *pre) {
    int out[CONV_SP], c0 = conv_group_first_channel(g, f);
    int fast = !is_transposed(g) && g->p.padding_mode == CONV_MODE_ZEROS;
    double total = 0, b = (g->p.bias && bias) ? bias[f] : 0;
    conv_cell_coords(g, cell, out);
    for (int c = 0; c < g->cpg; c++) {
        double s = fast ? chan_direct_zeros(g, input + (int64_t)(c0 + c) * g->in_cells,
                                            weight + conv_weight_index(g, f, c, 0), out)
                        : chan_general(g, input, weight, f, c, out);
        if (chan_sum) chan_sum[c] = s;
        total += s;
    }
    total += b;
    if (pre) *pre = total;
    return conv_activate(g->p.activation, total);
}

/* Output indices o in [*first, *end) on an axis of out_n cells whose input
 * o*s - lo + kd lies inside [0, n). */
static void reach(int n, int out_n, int s, int lo, int kd, int *first, int *end) {
    int from = lo - kd, to = n - 1 + lo - kd; /* o*s must lie in [from, to] */
    int a = from <= 0 ? 0 : (from + s - 1) / s, b = to < 0 ? 0 : to / s + 1;
    if (b > out_n) b = out_n;
    *first = a;
    *end = b > a ? b : a;
}

/* A kernel row of three taps, stride 1: where all three reach, the three
 * products in one pass, added left to right (((acc + a) + b) + c, the
 * order tap by tap would give); at the edges, tap by tap. */
static void row3(const double *in, const double *w, const int *xr, int lo, int d, double *restrict acc) {
    int a = xr[0] > xr[2] ? xr[0] : xr[2], b = xr[1] < xr[3] ? xr[1] : xr[3];
    double w0 = w[0], w1 = w[1], w2 = w[2];
    if (a < xr[4]) a = xr[4];
    if (b > xr[5]) b = xr[5];
    if (b < a) b = a;
    for (int kx = 0; kx < 3; kx++) /* left edge */
        for (int x = xr[2 * kx]; x < xr[2 * kx + 1] && x < a; x++) acc[x] += in[x - lo + kx * d] * w[kx];
    if (b > a) {
        const double *restrict r0 = in + a - lo, *restrict r1 = r0 + d, *restrict r2 = r1 + d;
        double *restrict o = acc + a;
        for (int x = 0; x < b - a; x++) o[x] = o[x] + r0[x] * w0 + r1[x] * w1 + r2[x] * w2;
    }
    for (int kx = 0; kx < 3; kx++) /* right edge */
        for (int x = xr[2 * kx] > b ? xr[2 * kx] : b; x < xr[2 * kx + 1]; x++) acc[x] += in[x - lo + kx * d] * w[kx];
}

/* One output row (oz, oy) of one filter and input channel: its products
 * added into acc[0..oW), taps in kernel order, padding taps skipped, so
 * acc[x] is chan_direct_zeros' sum exactly. The row stays in L1 across the
 * taps; xr[2*kx] .. xr[2*kx+1] is the reach of tap column kx. */
static void chan_row(const conv_geom *g, const double *in, const double *w, int oz, int oy, const int *xr,
                     double *restrict acc) {
    const conv_params *p = &g->p;
    const int *s = p->stride, *d = p->dilation, *lo = g->pad_lo, *isp = g->in_sp;
    for (int kz = 0; kz < p->kernel[0]; kz++) {
        int64_t iz = (int64_t)oz * s[0] - lo[0] + kz * d[0];
        if (iz < 0 || iz >= isp[0]) {
            w += p->kernel[1] * p->kernel[2];
            continue;
        }
        for (int ky = 0; ky < p->kernel[1]; ky++, w += p->kernel[2]) {
            int64_t iy = (int64_t)oy * s[1] - lo[1] + ky * d[1];
            if (iy < 0 || iy >= isp[1]) continue;
            if (p->kernel[2] == 3 && s[2] == 1) {
                row3(in + (iz * isp[1] + iy) * isp[2], w, xr, lo[2], d[2], acc);
                continue;
            }
            for (int kx = 0; kx < p->kernel[2]; kx++) {
                int x0 = xr[2 * kx], nx = xr[2 * kx + 1] - x0;
                const double *restrict row;
                double wt = w[kx];
                double *restrict o = acc + x0;
                if (nx <= 0) continue;
                row = in + (iz * isp[1] + iy) * isp[2] + ((int64_t)x0 * s[2] - lo[2] + kx * d[2]);
                if (s[2] == 1)
                    for (int x = 0; x < nx; x++) o[x] += row[x] * wt;
                else
                    for (int x = 0; x < nx; x++) o[x] += row[(int64_t)x * s[2]] * wt;
            }
        }
    }
}

/* Zeros padding, direct: a row of output cells at a time (several times
 * faster than cell by cell), in the cell path's summation order (per
 * channel, taps in order; then the channels; then the bias), so the
 * numbers are conv_cell's to the bit. */
static int forward_planes(const conv_geom *g, const double *input, const double *weight,
                          const double *bias, double *out) {
    int oW = g->out_sp[2], kw = g->p.kernel[2];
    double *chan = malloc((size_t)oW * sizeof *chan);
    int *xr = malloc((size_t)kw * 2 * sizeof *xr);
    if (!chan || !xr) {
        free(chan);
        free(xr);
        return -1;
    }
    for (int kx = 0; kx < kw; kx++)
        reach(g->in_sp[2], oW, g->p.stride[2], g->pad_lo[2], kx * g->p.dilation[2], &xr[2 * kx], &xr[2 * kx + 1]);
    for (int f = 0; f < g->out_c; f++) {
        double b = (g->p.bias && bias) ? bias[f] : 0;
        int c0 = conv_group_first_channel(g, f);
        for (int oz = 0; oz < g->out_sp[0]; oz++)
            for (int oy = 0; oy < g->out_sp[1]; oy++) {
                double *tot = out + (int64_t)f * g->out_cells + ((int64_t)oz * g->out_sp[1] + oy) * oW;
                for (int x = 0; x < oW; x++) tot[x] = 0;
                for (int c = 0; c < g->cpg; c++) {
                    const double *in = input + (int64_t)(c0 + c) * g->in_cells;
                    const double *w = weight + conv_weight_index(g, f, c, 0);
                    if (g->cpg == 1) { /* 0 + the one channel's sum is that sum */
                        chan_row(g, in, w, oz, oy, xr, tot);
                        continue;
                    }
                    for (int x = 0; x < oW; x++) chan[x] = 0;
                    chan_row(g, in, w, oz, oy, xr, chan);
                    for (int x = 0; x < oW; x++) tot[x] += chan[x];
                }
                for (int x = 0; x < oW; x++) tot[x] = conv_activate(g->p.activation, tot[x] + b);
            }
    }
    free(chan);
    free(xr);
    return 0;
}

void conv_forward(const conv_geom *g, const double *input, const double *weight,
                  const double *bias, double *out) {
    /* the row path needs two small scratch rows; without them, cell by cell */
    if (!is_transposed(g) && g->p.padding_mode == CONV_MODE_ZEROS &&
        forward_planes(g, input, weight, bias, out) == 0)
        return;
    for (int f = 0; f < g->out_c; f++)
        for (int64_t cell = 0; cell < g->out_cells; cell++)
            out[(int64_t)f * g->out_cells + cell] = conv_cell(g, input, weight, bias, f, cell, NULL, NULL);
}

/* Padded positions of one axis whose value comes from input index i: the
 * cell itself and, under copying modes, its copies in the padding. */
static int axis_positions(const conv_geom *g, int a, int i, int pos[3]) {
    int n = 0, lo = g->pad_lo[a], len = g->in_sp[a] + lo + g->pad_hi[a];
    pos[n++] = i + lo;
    if (g->p.padding_mode == CONV_MODE_ZEROS || is_transposed(g)) return n;
    for (int p = 0; p < lo && n < 3; p++)
        if (conv_pad_source(g->p.padding_mode, p - lo, g->in_sp[a]) == i) pos[n++] = p;
    for (int p = lo + g->in_sp[a]; p < len && n < 3; p++)
        if (conv_pad_source(g->p.padding_mode, p - lo, g->in_sp[a]) == i) pos[n++] = p;
    return n;
}

/* Output index on axis a that reads padded position p through kernel index
 * k, or -1. */
static int axis_output(const conv_geom *g, int a, int p, int k) {
    int s = g->p.stride[a], num;
    if (is_transposed(g)) {
        /* input i feeds o = i*s - lo + k*d; p here is i + lo */
        int o = (p - g->pad_lo[a]) * s - g->pad_lo[a] + k * g->p.dilation[a];
        return o >= 0 && o < g->out_sp[a] ? o : -1;
    }
    num = p - k * g->p.dilation[a];
    if (num < 0 || num % s) return -1;
    return num / s < g->out_sp[a] ? num / s : -1;
}

void conv_feeds(const conv_geom *g, const int in[CONV_SP], conv_visit_fn fn, void *ctx) {
    int pos[CONV_SP][3], np[CONV_SP], o[CONV_SP], k[CONV_SP];
    for (int a = 0; a < CONV_SP; a++) np[a] = axis_positions(g, a, in[a], pos[a]);
    for (k[0] = 0; k[0] < g->p.kernel[0]; k[0]++)
        for (int i0 = 0; i0 < np[0]; i0++) {
            if ((o[0] = axis_output(g, 0, pos[0][i0], k[0])) < 0) continue;
            for (k[1] = 0; k[1] < g->p.kernel[1]; k[1]++)
                for (int i1 = 0; i1 < np[1]; i1++) {
                    if ((o[1] = axis_output(g, 1, pos[1][i1], k[1])) < 0) continue;
                    for (k[2] = 0; k[2] < g->p.kernel[2]; k[2]++)
                        for (int i2 = 0; i2 < np[2]; i2++) {
                            if ((o[2] = axis_output(g, 2, pos[2][i2], k[2])) < 0) continue;
                            fn(ctx, conv_cell_index(g, o), (k[0] * g->p.kernel[1] + k[1]) * g->p.kernel[2] + k[2]);
                        }
                }
        }
}
