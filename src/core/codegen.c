#include "codegen.h"

#include <ctype.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "explain.h"

/* A layer becomes a block of lines (comments and expressions) first; the
 * layer and scene writers only differ in how they wrap the lines. */
enum { LINE_SIZE = 640, BLOCK_LINES = 10 };

typedef struct {
    int comment;
    char text[LINE_SIZE];
} line;

typedef struct {
    line line[BLOCK_LINES];
    int n;
    int needs_tf;     /* Keras code calls tf.* (import tensorflow as tf) */
    int needs_fnlayer; /* TF.js code uses the FnLayer helper class */
    int needs_pad;    /* PyTorch code uses the Pad helper module (F.pad) */
    int wline;        /* the line of the layer that holds the weights */
    int bline;        /* exact TF: a 1x1 depthwise layer adding the bias late, or -1 */
} block;

/* An appending writer that counts what it wanted to write, like snprintf. */
typedef struct {
    char *buf;
    size_t n, len;
} out;

static void vput(out *o, const char *fmt, va_list ap) {
    int k = vsnprintf(o->len < o->n ? o->buf + o->len : NULL, o->len < o->n ? o->n - o->len : 0, fmt, ap);
    if (k > 0) o->len += (size_t)k;
}

static void put(out *o, const char *fmt, ...) ERRMSG_PRINTF(2, 3);
static void put(out *o, const char *fmt, ...) {
    va_list ap;
    va_start(ap, fmt);
    vput(o, fmt, ap);
    va_end(ap);
}

static out new_line(block *b, int comment) {
    int i = b->n < BLOCK_LINES ? b->n++ : BLOCK_LINES - 1;
    out o = {b->line[i].text, LINE_SIZE, 0};
    b->line[i].comment = comment;
    b->line[i].text[0] = 0;
    return o;
}

static void add(block *b, int comment, const char *fmt, ...) ERRMSG_PRINTF(3, 4);
static void add(block *b, int comment, const char *fmt, ...) {
    out o = new_line(b, comment);
    va_list ap;
    va_start(ap, fmt);
    vput(&o, fmt, ap);
    va_end(ap);
}

/* A call's keyword arguments: name=value in Python, name: value in JS. */
typedef struct {
    out o;
    int count, js;
} call;

static void karg(call *c, const char *name, const char *fmt, ...) ERRMSG_PRINTF(3, 4);
static void karg(call *c, const char *name, const char *fmt, ...) {
    va_list ap;
    put(&c->o, "%s%s%s", c->count++ ? ", " : "", name, c->js ? ": " : "=");
    va_start(ap, fmt);
    vput(&c->o, fmt, ap);
    va_end(ap);
}

/* ---- geometry helpers ---- */

static int first_axis(const conv_geom *g) { return CONV_SP - conv_ndim(g->p.kind); }

static int all_equal(const int *v, int first, int want) {
    for (int a = first; a < CONV_SP; a++)
        if (v[a] != want) return 0;
    return 1;
}

static int pads_zero(const int *lo, const int *hi, int first) {
    return all_equal(lo, first, 0) && all_equal(hi, first, 0);
}

static int pads_symmetric(const int *lo, const int *hi, int first) {
    for (int a = first; a < CONV_SP; a++)
        if (lo[a] != hi[a]) return 0;
    return 1;
}

static int extent(const conv_params *p, int a) { return p->dilation[a] * (p->kernel[a] - 1) + 1; }

static int is_tf_same(const conv_geom *g, int first) {
    for (int a = first; a < CONV_SP; a++) {
        int lo, hi;
        conv_same_padding(g->in_sp[a], g->p.kernel[a], g->p.stride[a], g->p.dilation[a], &lo, &hi);
        if (lo != g->pad_lo[a] || hi != g->pad_hi[a]) return 0;
    }
    return 1;
}

/* Output padding the user asked for: conv_resolve adds the cells Keras's
 * transposed 'same' implies when the stride exceeds the kernel. */
static int user_output_padding(const conv_geom *g, int a) {
    int op = g->p.output_padding[a], s = g->p.stride[a], ext = extent(&g->p, a);
    if (g->p.padding == CONV_PAD_SAME && s > ext) op -= s - ext;
    return op;
}

/* Position of spatial axis a in a batched tensor. */
static int tensor_axis(int a, int first, int cf) { return a - first + (cf ? 2 : 1); }

/* ---- formatting helpers ---- */

/* One value per used axis: "3" when all agree, else "(3, 1)" / "[3, 1]". */
static const char *axes(char *s, size_t n, const int *v, int first, int js) {
    out o = {s, n, 0};
    if (all_equal(v, first, v[first])) {
        put(&o, "%d", v[first]);
        return s;
    }
    put(&o, "%s", js ? "[" : "(");
    for (int a = first; a < CONV_SP; a++) put(&o, "%s%d", a > first ? ", " : "", v[a]);
    put(&o, "%s", js ? "]" : ")");
    return s;
}

/* A shape in the framework's convention: (1, 2, 3, 3), (None, 3, 3, 2),
 * [null, 3, 3, 2]; batch NULL leaves the batch axis out. */
static void put_shape(out *o, const char *batch, int c, const int sp[CONV_SP], int first, int cf, int js) {
    int d[1 + CONV_SP], nd = 0, count = 0;
    if (cf) d[nd++] = c;
    for (int a = first; a < CONV_SP; a++) d[nd++] = sp[a];
    if (!cf) d[nd++] = c;
    put(o, "%s", js ? "[" : "(");
    if (batch) put(o, "%s", batch), count++;
    for (int i = 0; i < nd; i++) put(o, "%s%d", count++ ? ", " : "", d[i]);
    put(o, "%s", js ? "]" : ")");
}

/* Per-axis (before, after) amounts: ((0, 1), (0, 1)) or [[0, 1], [0, 1]];
 * with_batch adds the zero rows of the batch and channel axes, for tf.pad. */
static void put_pairs(out *o, const int *lo, const int *hi, int first, int js, int with_batch, int cf) {
    const char *l = js ? "[" : "(", *r = js ? "]" : ")";
    int count = 0;
    if (with_batch) l = "[", r = "]";
    put(o, "%s", l);
    if (with_batch) put(o, "[0, 0]"), count++;
    if (with_batch && cf) put(o, ", [0, 0]"), count++;
    for (int a = first; a < CONV_SP; a++)
        put(o, "%s%s%d, %d%s", count++ ? ", " : "", l, lo[a], hi[a], r);
    if (with_batch && !cf) put(o, ", [0, 0]");
    put(o, "%s", r);
}

/* "0 before and 1 after", "1 on each side", or per axis "H: ..., W: ...". */
static void put_pad_words(out *o, const int *lo, const int *hi, int first) {
    int same = 1, nd = CONV_SP - first;
    for (int a = first; a < CONV_SP; a++)
        if (lo[a] != lo[first] || hi[a] != hi[first]) same = 0;
    for (int a = first; a < CONV_SP; a++) {
        if (!same) put(o, "%s%s ", a > first ? ", " : "", conv_axis_name(nd, a));
        if (lo[a] == hi[a]) put(o, "%d on each side", lo[a]);
        else put(o, "%d before and %d after", lo[a], hi[a]);
        if (same) break;
    }
}

/* The comment line explaining resolved 'same', 'full' or 'causal' padding. */
static void note_padding(block *b, const conv_geom *g, int first, int js) {
    char s[64];
    out o;
    if (g->p.padding == CONV_PAD_CAUSAL) {
        add(b, 1, "'causal' padding is dilation*(kernel-1) = %d before and 0 after, so no output reads a "
                  "later input; %s", g->pad_lo[first],
            js ? "TF.js's conv1d has no 'causal': a left pad, then 'valid'" : "an explicit left pad, then 'valid'");
        return;
    }
    if (g->p.padding != CONV_PAD_SAME && g->p.padding != CONV_PAD_FULL) return;
    o = new_line(b, 1);
    if (g->p.padding == CONV_PAD_SAME)
        put(&o, "TF 'same' with stride %s pads ", axes(s, sizeof s, g->p.stride, first, js));
    else
        put(&o, "'full' padding is dilation*(kernel-1): ");
    put_pad_words(&o, g->pad_lo, g->pad_hi, first);
}

static const char *act_py(conv_act a) {
    static const char *names[] = {"", "nn.ReLU()", "nn.Sigmoid()", "nn.Tanh()"};
    return names[a];
}

/* ---- PyTorch ---- */

/* F.pad order: last axis first, (left, right, top, bottom, front, back). */
static void put_torch_pad(out *o, const int *lo, const int *hi, int first, int sign) {
    put(o, "(");
    for (int a = CONV_SP - 1; a >= first; a--)
        put(o, "%s%d, %d", a < CONV_SP - 1 ? ", " : "", sign * lo[a], sign * hi[a]);
    put(o, ")");
}

static void torch_padding_args(call *c, block *b, const conv_geom *g, int first) {
    static const char *pad_mod[] = {"ZeroPad", "ReflectionPad", "ReplicationPad", "CircularPad"};
    const conv_params *p = &g->p;
    int nd = CONV_SP - first, zero = pads_zero(g->pad_lo, g->pad_hi, first);
    char s[64];
    if (p->padding == CONV_PAD_SAME && all_equal(p->stride, first, 1)) {
        karg(c, "padding", "\"same\"");
    } else if (zero) {
        return;
    } else if (pads_symmetric(g->pad_lo, g->pad_hi, first)) {
        note_padding(b, g, first, 0);
        karg(c, "padding", "%s", axes(s, sizeof s, g->pad_lo, first, 0));
    } else {
        /* PyTorch's padding= is symmetric: a pad module takes the rest. */
        out o;
        if (p->padding == CONV_PAD_SAME || p->padding == CONV_PAD_CAUSAL) note_padding(b, g, first, 0);
        else add(b, 1, "asymmetric padding: a pad module first, its amounts run last axis first %s",
                 nd == 1 ? "(left, right)" : nd == 2 ? "(left, right, top, bottom)"
                                                     : "(left, right, top, bottom, front, back)");
        if (p->padding_mode == CONV_MODE_CIRCULAR || (p->padding_mode == CONV_MODE_ZEROS && nd != 2)) {
            /* Debian 12 ships PyTorch 1.13: no such modules there. */
            add(b, 1, "nn.%s%dd is new in PyTorch 2.1: Pad (F.pad as a module, above) works from 1.13",
                pad_mod[p->padding_mode], nd);
            b->needs_pad = 1;
            o = new_line(b, 0);
            put(&o, "Pad(");
            put_torch_pad(&o, g->pad_lo, g->pad_hi, first, 1);
            put(&o, ", \"%s\")", p->padding_mode == CONV_MODE_CIRCULAR ? "circular" : "constant");
            return;
        }
        o = new_line(b, 0);
        put(&o, "nn.%s%dd(", pad_mod[p->padding_mode], nd);
        put_torch_pad(&o, g->pad_lo, g->pad_hi, first, 1);
        put(&o, ")");
        return; /* the pad module did the padding_mode's work */
    }
    if (p->padding_mode != CONV_MODE_ZEROS) karg(c, "padding_mode", "\"%s\"", conv_padmode_name(p->padding_mode));
}

static void torch_block(block *b, const conv_geom *g) {
    const conv_params *p = &g->p;
    int first = first_axis(g), nd = conv_ndim(p->kind), tr = p->kind == CONV_TRANSPOSE_2D;
    int m[CONV_SP] = {0}, crop_lo[CONV_SP] = {0}, crop_hi[CONV_SP] = {0}, op[CONV_SP] = {0};
    char s[64], text[LINE_SIZE];
    int late = 0; /* output padding PyTorch refuses: zeros, then the bias */
    call c;
    if (tr)
        for (int a = first; a < CONV_SP; a++) {
            m[a] = g->pad_lo[a] < g->pad_hi[a] ? g->pad_lo[a] : g->pad_hi[a];
            crop_lo[a] = g->pad_lo[a] - m[a];
            crop_hi[a] = g->pad_hi[a] - m[a];
            op[a] = p->output_padding[a];
            if (op[a] >= (p->stride[a] > p->dilation[a] ? p->stride[a] : p->dilation[a])) late = 1;
        }
    if (late)
        for (int a = first; a < CONV_SP; a++) {
            /* no padding= (it would crop the far end the output padding
             * reaches back into); ZeroPad2d's own amounts: crop the
             * padding, then add the output padding */
            m[a] = 0;
            crop_lo[a] = -g->pad_lo[a];
            crop_hi[a] = op[a] - g->pad_hi[a];
            op[a] = 0;
        }
    c.o = (out){text, sizeof text, 0};
    c.count = 0;
    c.js = 0;
    if (tr) put(&c.o, "nn.ConvTranspose2d(");
    else put(&c.o, "nn.Conv%dd(", nd);
    karg(&c, "in_channels", "%d", g->in_c);
    karg(&c, "out_channels", "%d", p->filters);
    karg(&c, "kernel_size", "%s", axes(s, sizeof s, p->kernel, first, 0));
    if (!all_equal(p->stride, first, 1)) karg(&c, "stride", "%s", axes(s, sizeof s, p->stride, first, 0));
    if (tr) {
        if (!all_equal(m, first, 0)) karg(&c, "padding", "%s", axes(s, sizeof s, m, first, 0));
        if (!all_equal(op, first, 0)) karg(&c, "output_padding", "%s", axes(s, sizeof s, op, first, 0));
    } else {
        torch_padding_args(&c, b, g, first);
    }
    if (!all_equal(p->dilation, first, 1)) karg(&c, "dilation", "%s", axes(s, sizeof s, p->dilation, first, 0));
    if (p->groups != 1) karg(&c, "groups", "%d", p->groups);
    if (!p->bias || late) karg(&c, "bias", "False");
    put(&c.o, ")");
    b->wline = b->n;
    add(b, 0, "%s", text);
    if (late) {
        out o = new_line(b, 1);
        put(&o, "output_padding %s is past what PyTorch takes (less than the stride or dilation): ",
            axes(s, sizeof s, p->output_padding, first, 0));
        put(&o, "crop and pad with zeros, then a 1x1 layer of weights 1 adds the bias to every cell");
        o = new_line(b, 0);
        put(&o, "nn.ZeroPad2d(");
        put_torch_pad(&o, crop_lo, crop_hi, first, 1);
        put(&o, ")");
        o = new_line(b, 0);
        put(&o, "nn.Conv2d(in_channels=%d, out_channels=%d, kernel_size=1, groups=%d%s)", g->out_c, g->out_c,
            g->out_c, p->bias ? "" : ", bias=False");
        b->bline = b->n - 1;
    } else if (tr && !pads_zero(crop_lo, crop_hi, first)) {
        out o = new_line(b, 1);
        put(&o, "%s crops ", p->padding == CONV_PAD_SAME ? "'same'" : "the padding");
        put_pad_words(&o, g->pad_lo, g->pad_hi, first);
        put(&o, ": ConvTranspose2d crops both sides alike, ZeroPad2d with negative amounts crops the rest");
        o = new_line(b, 0);
        put(&o, "nn.ZeroPad2d(");
        put_torch_pad(&o, crop_lo, crop_hi, first, -1);
        put(&o, ")");
    }
    if (p->activation != CONV_ACT_NONE) add(b, 0, "%s", act_py(p->activation));
}

/* ---- Keras and TF.js ---- */

typedef struct {
    int js;    /* TF.js names and syntax, else Keras */
    int cf;    /* channels first */
    int exact; /* the program that sets the weights: rewrites for exact numbers */
} tfstyle;

static const char *q(const tfstyle *st) { return st->js ? "'" : "\""; }

/* Nested gathers along every padded axis, reading copies of edge cells. */
static void put_gathers(out *o, const conv_geom *g, int first, const tfstyle *st) {
    char expr[2][LINE_SIZE];
    int cur = 0;
    snprintf(expr[0], LINE_SIZE, "t");
    for (int a = first; a < CONV_SP; a++) {
        int lo = g->pad_lo[a], hi = g->pad_hi[a], in = g->in_sp[a], ax = tensor_axis(a, first, st->cf);
        out e = {expr[!cur], LINE_SIZE, 0};
        if (!lo && !hi) continue;
        put(&e, "tf.gather(%s, ", expr[cur]);
        if (g->p.padding_mode == CONV_MODE_CIRCULAR)
            /* TF.js: mod by a plain number gives float32, which tf.gather refuses */
            put(&e, st->js ? "tf.range(%d, %d, 1, 'int32').mod(tf.scalar(%d, 'int32'))" : "tf.range(%d, %d) %% %d",
                -lo, in + hi, in);
        else if (st->js)
            put(&e, "tf.clipByValue(tf.range(%d, %d, 1, 'int32'), 0, %d)", -lo, in + hi, in - 1);
        else
            put(&e, "tf.clip_by_value(tf.range(%d, %d), 0, %d)", -lo, in + hi, in - 1);
        put(&e, st->js ? ", %d)" : ", axis=%d)", ax);
        cur = !cur;
    }
    put(o, "%s", expr[cur]);
}

/* The body of a function of t that pads t as the layer does. */
static void put_pad_fn(out *o, const conv_geom *g, int first, const tfstyle *st) {
    switch (g->p.padding_mode) {
    case CONV_MODE_ZEROS:
        put(o, "tf.pad(t, ");
        put_pairs(o, g->pad_lo, g->pad_hi, first, 1, 1, st->cf);
        put(o, ")");
        break;
    case CONV_MODE_REFLECT:
        put(o, st->js ? "tf.mirrorPad(t, " : "tf.pad(t, ");
        put_pairs(o, g->pad_lo, g->pad_hi, first, 1, 1, st->cf);
        put(o, st->js ? ", 'reflect')" : ", mode=\"REFLECT\")");
        break;
    default:
        put_gathers(o, g, first, st);
    }
}

/* A TF.js FnLayer: the function and the shape it returns. */
static void put_fnlayer(block *b, out *o, const char *fn, int c, const int sp[CONV_SP], int first, int cf) {
    b->needs_fnlayer = 1;
    put(o, "new FnLayer(t => %s, ", fn);
    put_shape(o, "null", c, sp, first, cf, 1);
    put(o, ")");
}

static void note_mode(block *b, const conv_geom *g, const tfstyle *st) {
    const char *who = st->js ? "TF.js" : "Keras";
    switch (g->p.padding_mode) {
    case CONV_MODE_ZEROS:
        if (g->p.padding == CONV_PAD_AMOUNT)
            add(b, 1, "explicit padding: a padding layer, then a 'valid' convolution");
        break;
    case CONV_MODE_REFLECT:
        add(b, 1, "%s has no reflect padding layer; %s mirrors without repeating the edge, like PyTorch's 'reflect'",
            who, st->js ? "tf.mirrorPad 'reflect'" : "tf.pad REFLECT");
        break;
    case CONV_MODE_REPLICATE:
        add(b, 1, "%s has no replicate padding layer; gathering at clipped indices repeats the edge cells", who);
        break;
    case CONV_MODE_CIRCULAR:
        add(b, 1, "%s has no circular padding layer; gathering at indices modulo the size wraps around", who);
        break;
    case CONV_MODE_COUNT: break;
    }
}

/* Padding done by a layer of its own, before a 'valid' convolution. */
static void tf_pre_pad(block *b, const conv_geom *g, int first, const tfstyle *st) {
    int nd = CONV_SP - first, mode = g->p.padding_mode;
    char fn[LINE_SIZE];
    out f = {fn, sizeof fn, 0}, o;
    note_padding(b, g, first, st->js);
    note_mode(b, g, st);
    put_pad_fn(&f, g, first, st);
    o = new_line(b, 0);
    if (mode == CONV_MODE_ZEROS && !st->js && !(nd == 1 && st->cf)) {
        put(&o, "layers.ZeroPadding%dD(padding=", nd);
        if (all_equal(g->pad_lo, first, g->pad_lo[first]) && all_equal(g->pad_hi, first, g->pad_lo[first]))
            put(&o, "%d", g->pad_lo[first]);
        else if (nd == 1)
            put(&o, "(%d, %d)", g->pad_lo[first], g->pad_hi[first]);
        else
            put_pairs(&o, g->pad_lo, g->pad_hi, first, 0, 0, 0);
        if (st->cf) put(&o, ", data_format=\"channels_first\"");
        put(&o, ")");
    } else if (mode == CONV_MODE_ZEROS && st->js && nd == 2) {
        put(&o, "tf.layers.zeroPadding2d({padding: ");
        put_pairs(&o, g->pad_lo, g->pad_hi, first, 1, 0, 0);
        if (st->cf) put(&o, ", dataFormat: 'channelsFirst'");
        put(&o, "})");
    } else if (st->js) {
        int sp[CONV_SP];
        for (int a = 0; a < CONV_SP; a++) sp[a] = g->in_sp[a] + g->pad_lo[a] + g->pad_hi[a];
        put_fnlayer(b, &o, fn, g->in_c, sp, first, st->cf);
    } else {
        b->needs_tf = 1;
        put(&o, "layers.Lambda(lambda t: %s)", fn);
    }
}

/* Strides after a stride-1 dilated convolution: both frameworks refuse
 * strides > 1 together with dilation > 1. */
static void tf_post_stride(block *b, const conv_geom *g, int first, const tfstyle *st) {
    char s[64], expr[2][LINE_SIZE];
    int cur = 0;
    out o;
    add(b, 1, "%s refuses strides > 1 together with dilation > 1: stride 1, then keep one cell in %s",
        st->js ? "TF.js" : "Keras", axes(s, sizeof s, g->p.stride, first, st->js));
    o = new_line(b, 0);
    if (!st->js) {
        put(&o, "layers.Lambda(lambda t: t[:");
        if (st->cf) put(&o, ", :");
        for (int a = first; a < CONV_SP; a++) {
            if (g->p.stride[a] == 1) put(&o, ", :");
            else put(&o, ", ::%d", g->p.stride[a]);
        }
        if (!st->cf) put(&o, ", :");
        put(&o, "])");
        return;
    }
    snprintf(expr[0], LINE_SIZE, "t");
    for (int a = first; a < CONV_SP; a++) {
        int s1 = g->in_sp[a] + g->pad_lo[a] + g->pad_hi[a] - extent(&g->p, a) + 1;
        out e = {expr[!cur], LINE_SIZE, 0};
        if (g->p.stride[a] == 1) continue;
        put(&e, "tf.gather(%s, tf.range(0, %d, %d, 'int32'), %d)", expr[cur], s1, g->p.stride[a],
            tensor_axis(a, first, st->cf));
        cur = !cur;
    }
    put_fnlayer(b, &o, expr[cur], g->out_c, g->out_sp, first, st->cf);
}

/* How a layer becomes TF layers. The short form (the panel, --shape-only)
 * keeps the layer's own vocabulary; the exact form (a program that sets
 * the weights) rewrites what TF cannot compute as asked, so its numbers
 * are the scene's. Keras and TF.js get the same rewrites, so one check in
 * TF.js covers both. */
typedef struct {
    int depthwise; /* a DepthwiseConv2D layer (groups == in_channels) */
    int blockdiag; /* groups > 1 as one kernel whose other groups' blocks are zeros */
    int dilate;    /* dilation written into the kernel as zeros between taps */
    int late_bias; /* transposed: bias and activation in a layer after the padding */
    int k[CONV_SP]; /* the kernel size the TF layer gets */
    int d[CONV_SP]; /* the dilation it gets */
} tfplan;

static tfplan tf_plan(const conv_geom *g, const tfstyle *st) {
    const conv_params *p = &g->p;
    int first = first_axis(g), tr = p->kind == CONV_TRANSPOSE_2D, dil1 = all_equal(p->dilation, first, 1);
    tfplan pl;
    memset(&pl, 0, sizeof pl);
    if (st->exact) {
        /* TF.js ignores a depthwise layer's dilation: those go block-diagonal too */
        pl.depthwise = p->groups > 1 && p->kind == CONV_2D && p->groups == g->in_c && dil1;
        pl.blockdiag = p->groups > 1 && !pl.depthwise;
        /* TF refuses strides with dilation; TF.js's transposed layer ignores dilation */
        pl.dilate = !dil1 && (tr || !all_equal(p->stride, first, 1));
    } else {
        pl.depthwise = st->js && p->groups > 1 && p->kind == CONV_2D && p->groups == g->in_c;
    }
    for (int a = 0; a < CONV_SP; a++) {
        pl.k[a] = pl.dilate ? extent(p, a) : p->kernel[a];
        pl.d[a] = pl.dilate ? 1 : p->dilation[a];
    }
    return pl;
}

/* Transposed layers in Keras and TF.js know only 'valid' and 'same':
 * anything else is 'valid' (plus output padding) and then a crop. x[] is
 * the output padding the framework adds after 'valid'. */
static void tf_post_crop(block *b, const conv_geom *g, int first, const tfstyle *st, const int *x,
                         const tfplan *pl) {
    int lo[CONV_SP] = {0}, hi[CONV_SP] = {0}, extra[CONV_SP] = {0};
    out o;
    for (int a = first; a < CONV_SP; a++) {
        lo[a] = g->pad_lo[a];
        hi[a] = x[a] - g->p.output_padding[a] + g->pad_hi[a];
        if (hi[a] < 0) extra[a] = -hi[a], hi[a] = 0;
    }
    if (!pads_zero(lo, hi, first)) {
        o = new_line(b, 1);
        put(&o, "transposed layers here know only 'valid' and 'same': 'valid', then crop ");
        put_pad_words(&o, lo, hi, first);
        o = new_line(b, 0);
        put(&o, st->js ? "tf.layers.cropping2D({cropping: " : "layers.Cropping2D(cropping=");
        put_pairs(&o, lo, hi, first, st->js, 0, 0);
        if (st->cf) put(&o, st->js ? ", dataFormat: 'channelsFirst'" : ", data_format=\"channels_first\"");
        put(&o, st->js ? "})" : ")");
    }
    if (!pads_zero(extra, extra, first)) {
        int none[CONV_SP] = {0};
        if (pl->late_bias)
            add(b, 1, "output padding: cells no input reaches, zeros here; the layer after adds the bias "
                      "(and the activation) to them too, as PyTorch does");
        else
            add(b, 1, "TF.js has no output padding: zeros stand in for the cells that hold only the bias "
                      "(same shape; values differ when there is a bias or a sigmoid)");
        o = new_line(b, 0);
        if (st->js) put(&o, "tf.layers.zeroPadding2d({padding: ");
        else put(&o, "layers.ZeroPadding2D(padding=");
        put_pairs(&o, none, extra, first, st->js, 0, 0);
        if (st->cf) put(&o, st->js ? ", dataFormat: 'channelsFirst'" : ", data_format=\"channels_first\"");
        put(&o, st->js ? "})" : ")");
    }
}

/* Exact form, transposed with output padding past the last input's reach:
 * a 1x1 depthwise layer of weights 1 adds the bias after the padding. */
static void tf_late_bias(block *b, const conv_geom *g, const tfstyle *st) {
    char text[LINE_SIZE];
    call c = {{text, sizeof text, 0}, 0, st->js};
    put(&c.o, "%s", st->js ? "tf.layers.depthwiseConv2d({" : "layers.DepthwiseConv2D(");
    karg(&c, st->js ? "kernelSize" : "kernel_size", "1");
    if (g->p.activation != CONV_ACT_NONE) karg(&c, "activation", "%s%s%s", q(st), conv_act_name(g->p.activation), q(st));
    if (!g->p.bias) karg(&c, st->js ? "useBias" : "use_bias", "%s", st->js ? "false" : "False");
    put(&c.o, "%s", st->js ? "})" : ")");
    b->bline = b->n;
    add(b, 0, "%s", text);
}

static const char *tf_layer_name(const conv_geom *g, const tfstyle *st, int depthwise) {
    static const char *keras[] = {"layers.Conv1D(", "layers.Conv2D(", "layers.Conv3D(", "layers.Conv2DTranspose("};
    static const char *js[] = {"tf.layers.conv1d({", "tf.layers.conv2d({", "tf.layers.conv3d({",
                               "tf.layers.conv2dTranspose({"};
    if (depthwise) return st->js ? "tf.layers.depthwiseConv2d({" : "layers.DepthwiseConv2D(";
    return st->js ? js[g->p.kind] : keras[g->p.kind];
}

static void tf_block(block *b, const conv_geom *g, const tfstyle *st) {
    const conv_params *p = &g->p;
    tfplan pl = tf_plan(g, st);
    int first = first_axis(g), tr = p->kind == CONV_TRANSPOSE_2D;
    int dil_stride = !all_equal(pl.d, first, 1) && !all_equal(p->stride, first, 1);
    int zero = pads_zero(g->pad_lo, g->pad_hi, first), same = 0, crop = 0, causal = 0;
    int depthwise = pl.depthwise, act = p->activation, bias = p->bias;
    int conv3d_strided = p->kind == CONV_3D && !all_equal(p->stride, first, 1);
    int x[CONV_SP] = {0}, x_given = 0;
    char s[64], text[LINE_SIZE];
    call c = {{text, sizeof text, 0}, 0, st->js};
    if (tr) {
        int user_op_zero = 1;
        for (int a = first; a < CONV_SP; a++) user_op_zero &= user_output_padding(g, a) == 0;
        same = p->padding == CONV_PAD_SAME && user_op_zero;
        for (int a = first; !same && a < CONV_SP; a++) {
            int natural = p->stride[a] > extent(p, a) ? p->stride[a] - extent(p, a) : 0;
            int want = p->output_padding[a] - g->pad_hi[a];
            /* the exact form says what TF.js can: no output_padding argument */
            x[a] = st->js || st->exact ? natural : want > 0 ? want : 0;
            if (x[a] != natural) x_given = 1;
            if (g->pad_lo[a] || g->pad_hi[a] || x[a] != p->output_padding[a]) crop = 1;
            if (st->exact && want > natural) pl.late_bias = 1;
        }
        if (pl.late_bias) act = CONV_ACT_NONE, bias = 0;
    } else if (!dil_stride && p->padding_mode == CONV_MODE_ZEROS && is_tf_same(g, first) &&
               (p->padding == CONV_PAD_SAME || !zero) && !(st->exact && conv3d_strided)) {
        same = 1;
        if (p->padding != CONV_PAD_SAME) {
            out o = new_line(b, 1);
            put(&o, "padding ");
            put_pad_words(&o, g->pad_lo, g->pad_hi, first);
            put(&o, " is what 'same' gives for this input");
        }
    } else if (!zero && p->padding == CONV_PAD_CAUSAL && p->padding_mode == CONV_MODE_ZEROS && !st->js) {
        causal = 1; /* Keras's own word for it; TF.js's conv1d refuses it, so it pads first (below) */
    } else if (!zero) {
        /* measured: TF.js 4's conv3d with 'same' and strides gives other numbers */
        if (st->exact && conv3d_strided && p->padding_mode == CONV_MODE_ZEROS && is_tf_same(g, first))
            add(b, 1, "TF.js's conv3d 'same' with strides > 1 computes other numbers: the padding explicitly");
        tf_pre_pad(b, g, first, st);
    }
    if (pl.blockdiag)
        add(b, 1, "groups=%d as one kernel: each filter's weights for the other groups' channels are zeros "
                  "(TF.js has no groups%s)", p->groups,
            p->kind == CONV_2D && p->groups == g->in_c ? ", and its depthwise layer ignores dilation" : "");
    else if (st->js && p->groups > 1 && !depthwise)
        add(b, 1, "TF.js has no grouped convolution (groups=%d): each filter here reads all %d channels, "
                  "not %d; more weights, same output shape", p->groups, g->in_c, g->cpg);
    if (depthwise) add(b, 1, "%sgroups == in_channels is a depthwise convolution", st->js ? "TF.js has no groups; " : "");
    if (pl.dilate)
        add(b, 1, "dilation %s written into the kernel: zeros between the taps make it %s, dilation 1 (%s)",
            axes(s, sizeof s, p->dilation, first, st->js), axes(text, sizeof text, pl.k, first, st->js),
            tr ? "TF.js's transposed layer ignores dilation" : "TF refuses strides > 1 with dilation > 1");

    c.o.len = 0;
    put(&c.o, "%s", tf_layer_name(g, st, depthwise));
    if (!depthwise) karg(&c, "filters", "%d", p->filters);
    karg(&c, st->js ? "kernelSize" : "kernel_size", "%s", axes(s, sizeof s, pl.k, first, st->js));
    if (depthwise && g->fpg > 1) karg(&c, st->js ? "depthMultiplier" : "depth_multiplier", "%d", g->fpg);
    if (!all_equal(p->stride, first, 1) && !dil_stride)
        karg(&c, "strides", "%s", axes(s, sizeof s, p->stride, first, st->js));
    if (same) karg(&c, "padding", "%ssame%s", q(st), q(st));
    if (causal) karg(&c, "padding", "\"causal\"");
    if (x_given) karg(&c, "output_padding", "%s", axes(s, sizeof s, x, first, 0));
    if (st->cf) karg(&c, st->js ? "dataFormat" : "data_format", "%s", st->js ? "'channelsFirst'" : "\"channels_first\"");
    if (!all_equal(pl.d, first, 1))
        karg(&c, st->js ? "dilationRate" : "dilation_rate", "%s", axes(s, sizeof s, pl.d, first, st->js));
    if (p->groups > 1 && !st->js && !st->exact && !depthwise) karg(&c, "groups", "%d", p->groups);
    if (act != CONV_ACT_NONE) karg(&c, "activation", "%s%s%s", q(st), conv_act_name(act), q(st));
    if (!bias) karg(&c, st->js ? "useBias" : "use_bias", "%s", st->js ? "false" : "False");
    put(&c.o, "%s", st->js ? "})" : ")");
    b->wline = b->n;
    add(b, 0, "%s", text);
    if (dil_stride) tf_post_stride(b, g, first, st);
    if (crop) tf_post_crop(b, g, first, st, x, &pl);
    if (pl.late_bias) tf_late_bias(b, g, st);
}

/* ---- the layer and the scene ---- */

static void make_block(block *b, const conv_geom *g, scene_layout layout, codegen_framework fw, int exact) {
    tfstyle st = {fw == CODEGEN_TFJS, layout == SCENE_CHW, exact};
    memset(b, 0, sizeof *b);
    b->bline = -1;
    if (fw == CODEGEN_PYTORCH) torch_block(b, g);
    else tf_block(b, g, &st);
}

static const char *comment_mark(codegen_framework fw) { return fw == CODEGEN_TFJS ? "//" : "#"; }

int codegen_framework_parse(const char *name, codegen_framework *out) {
    static const struct {
        const char *name;
        codegen_framework fw;
    } names[] = {{"pytorch", CODEGEN_PYTORCH}, {"torch", CODEGEN_PYTORCH}, {"keras", CODEGEN_KERAS},
                 {"tf", CODEGEN_KERAS},        {"tensorflow", CODEGEN_KERAS}, {"tfjs", CODEGEN_TFJS},
                 {"tf.js", CODEGEN_TFJS}};
    char low[16];
    size_t i;
    if (!name || strlen(name) >= sizeof low) return -1;
    for (i = 0; name[i]; i++) low[i] = (char)tolower((unsigned char)name[i]);
    low[i] = 0;
    for (i = 0; i < sizeof names / sizeof names[0]; i++)
        if (strcmp(low, names[i].name) == 0) {
            *out = names[i].fw;
            return 0;
        }
    return -1;
}

const char *const codegen_framework_names[] = {"pytorch", "keras", "tfjs"};
_Static_assert(sizeof codegen_framework_names / sizeof codegen_framework_names[0] == CODEGEN_FRAMEWORK_COUNT,
               "a name for every codegen_framework");

static const char *const class_names[CODEGEN_FRAMEWORK_COUNT][CONV_KIND_COUNT] = {
    {"Conv1d", "Conv2d", "Conv3d", "ConvTranspose2d"},
    {"Conv1D", "Conv2D", "Conv3D", "Conv2DTranspose"},
    {"conv1d", "conv2d", "conv3d", "conv2dTranspose"},
};

const char *codegen_class_name(conv_kind kind, codegen_framework fw) {
    if ((unsigned)kind >= CONV_KIND_COUNT || (unsigned)fw >= CODEGEN_FRAMEWORK_COUNT) return "?";
    return class_names[fw][kind];
}

const char *codegen_framework_name(codegen_framework fw) {
    return (unsigned)fw < CODEGEN_FRAMEWORK_COUNT ? codegen_framework_names[fw] : "?";
}

int codegen_layer(char *buf, size_t n, const conv_geom *g, scene_layout layout, codegen_framework fw) {
    block b;
    out o = {buf, n, 0};
    if (n) buf[0] = 0;
    make_block(&b, g, layout, fw, 0);
    for (int i = 0; i < b.n; i++) {
        if (i) put(&o, "\n");
        if (b.line[i].comment) put(&o, "%s ", comment_mark(fw));
        put(&o, "%s", b.line[i].text);
    }
    return (int)o.len;
}

/* The output shape of a layer, in the framework's convention. */
static void put_out_shape(out *o, const conv_geom *g, scene_layout layout, codegen_framework fw) {
    static const char *batch[] = {"1", "None", "null"};
    int cf = fw == CODEGEN_PYTORCH || layout == SCENE_CHW;
    put_shape(o, batch[fw], g->out_c, g->out_sp, first_axis(g), cf, fw == CODEGEN_TFJS);
}

static int last_expr(const block *b) {
    int last = -1;
    for (int i = 0; i < b->n; i++)
        if (!b->line[i].comment) last = i;
    return last;
}

/* One layer's lines inside the program: nn.Sequential arguments, Keras
 * calls on x, TF.js apply calls. */
static void put_layer_lines(out *o, const block *b, const conv_geom *g, scene_layout layout,
                            codegen_framework fw, const char **var) {
    int last = last_expr(b);
    for (int i = 0; i < b->n; i++) {
        const char *t = b->line[i].text;
        if (fw == CODEGEN_PYTORCH) put(o, "    ");
        if (b->line[i].comment) {
            put(o, "%s %s\n", comment_mark(fw), t);
            continue;
        }
        if (fw == CODEGEN_PYTORCH) put(o, "%s,", t);
        else if (fw == CODEGEN_KERAS) put(o, "x = %s(%s)", t, *var);
        else put(o, "x = %s.apply(x);", t);
        *var = "x";
        if (i == last) {
            put(o, "  %s -> ", comment_mark(fw));
            put_out_shape(o, g, layout, fw);
        }
        put(o, "\n");
    }
}

static void put_title(out *o, const scene *s, codegen_framework fw) {
    int len = 0;
    while (len < SCENE_TITLE_SIZE && s->title[len] && s->title[len] != '\n') len++;
    if (len) put(o, "%s %.*s\n", comment_mark(fw), len, s->title);
}

static const char pad_class[] =
    "# F.pad as a layer: nn.ZeroPad1d/3d and nn.CircularPad*d are new in PyTorch 2.1.\n"
    "class Pad(nn.Module):\n"
    "    def __init__(self, amounts, mode):\n"
    "        super().__init__()\n"
    "        self.amounts, self.mode = amounts, mode\n"
    "\n"
    "    def forward(self, x):\n"
    "        return F.pad(x, self.amounts, mode=self.mode)\n";

static void put_fnlayer_class(out *o) {
    put(o, "// A layer that applies a tensor function, for what TF.js has no layer for.\n"
           "class FnLayer extends tf.layers.Layer {\n"
           "  constructor(fn, outputShape) { super({}); this.fn = fn; this.outShape = outputShape; }\n"
           "  computeOutputShape() { return this.outShape; }\n"
           "  call(inputs) { return this.fn(Array.isArray(inputs) ? inputs[0] : inputs); }\n"
           "  static get className() { return 'FnLayer'; }\n"
           "}\n\n");
}

int codegen_scene(char *buf, size_t n, const scene *s, codegen_framework fw) {
    out o = {buf, n, 0};
    int needs_tf = 0, needs_fnlayer = 0, needs_pad = 0, first, cf = s->layout == SCENE_CHW;
    const char *var = fw == CODEGEN_KERAS ? "inputs" : "x";
    const conv_geom *last;
    block b;
    if (n) buf[0] = 0;
    if (s->nlayers < 1) return 0;
    first = first_axis(&s->layer[0].g);
    last = &s->layer[s->nlayers - 1].g;
    for (int i = 0; i < s->nlayers; i++) {
        make_block(&b, &s->layer[i].g, s->layout, fw, 0);
        needs_tf |= b.needs_tf;
        needs_fnlayer |= b.needs_fnlayer;
        needs_pad |= b.needs_pad;
    }
    put_title(&o, s, fw);
    switch (fw) {
    case CODEGEN_PYTORCH:
        put(&o, "import torch\nfrom torch import nn\n");
        if (needs_pad) put(&o, "import torch.nn.functional as F\n\n%s", pad_class);
        put(&o, "\nmodel = nn.Sequential(\n");
        break;
    case CODEGEN_KERAS:
        if (needs_tf) put(&o, "import tensorflow as tf\n");
        put(&o, "from tensorflow import keras\nfrom tensorflow.keras import layers\n\ninputs = keras.Input(shape=");
        put_shape(&o, NULL, s->in_c, s->in_sp, first, cf, 0);
        put(&o, ")\n");
        break;
    case CODEGEN_TFJS:
        put(&o, "import * as tf from '@tensorflow/tfjs';\n\n");
        if (needs_fnlayer) put_fnlayer_class(&o);
        put(&o, "const input = tf.input({shape: ");
        put_shape(&o, NULL, s->in_c, s->in_sp, first, cf, 1);
        put(&o, "});\nlet x = input;\n");
        break;
    case CODEGEN_FRAMEWORK_COUNT: break;
    }
    for (int i = 0; i < s->nlayers; i++) {
        make_block(&b, &s->layer[i].g, s->layout, fw, 0);
        put_layer_lines(&o, &b, &s->layer[i].g, s->layout, fw, &var);
    }
    switch (fw) {
    case CODEGEN_PYTORCH:
        put(&o, ")\nx = torch.randn");
        put_shape(&o, "1", s->in_c, s->in_sp, first, 1, 0);
        put(&o, "\nprint(model(x).shape)\n# torch.Size([1");
        for (int i = 0; i < 1 + CONV_SP - first; i++)
            put(&o, ", %d", i ? last->out_sp[first + i - 1] : last->out_c);
        put(&o, "])\n");
        break;
    case CODEGEN_KERAS:
        put(&o, "model = keras.Model(inputs, x)\nmodel.summary()\n# output shape: ");
        put_out_shape(&o, last, s->layout, fw);
        put(&o, "\n");
        break;
    case CODEGEN_TFJS:
        put(&o, "const model = tf.model({inputs: input, outputs: x});\nmodel.summary();\n// output shape: ");
        put_out_shape(&o, last, s->layout, fw);
        put(&o, "\n");
        break;
    case CODEGEN_FRAMEWORK_COUNT: break;
    }
    return (int)o.len;
}

int codegen_oneline(char *buf, size_t n, const conv_geom *g, scene_layout layout, codegen_framework fw) {
    char lines[4096];
    const char *mark = comment_mark(fw);
    size_t k = 0;
    codegen_layer(lines, sizeof lines, g, layout, fw);
    if (n) buf[0] = 0;
    for (char *p = lines; *p;) {
        size_t len = strcspn(p, "\n");
        if (strncmp(p, mark, strlen(mark)) != 0) {
            int w = snprintf(buf + (k < n ? k : n), k < n ? n - k : 0, "%s%.*s", k ? " + " : "", (int)len, p);
            k += (size_t)(w > 0 ? w : 0);
        }
        p += len + (p[len] == '\n');
    }
    return (int)k;
}

/* ---- the exact program: the scene's own numbers in and out ---- */

enum { MAX_ARRAYS = 1 + 3 * SCENE_MAX_LAYERS };

/* The arrays a program sets, in the framework's layout, before they are
 * written inline or as side files. */
typedef struct {
    codegen_array a[MAX_ARRAYS];
    int n;
    int64_t values;
} arrays;

static const char *ext(codegen_framework fw) { return fw == CODEGEN_TFJS ? "json" : "npy"; }

static codegen_array *new_array(arrays *as, codegen_framework fw, const char *name, int rank, const int *dim,
                                errmsg *e) {
    codegen_array *a = &as->a[as->n];
    int64_t count;
    if (tensor_count(rank, dim, &count, name, e) != 0) return NULL;
    memset(a, 0, sizeof *a);
    snprintf(a->name, sizeof a->name, "%s_%s.%s", codegen_framework_name(fw), name, ext(fw));
    a->rank = rank;
    memcpy(a->dim, dim, (size_t)rank * sizeof *dim);
    a->count = count;
    a->data = tensor_alloc(count, name, e);
    if (!a->data) return NULL;
    as->n++;
    as->values += count;
    return a;
}

/* The input: channel-first for PyTorch, channel-last for Keras and TF.js
 * (TensorFlow's CPU kernels take NHWC only). */
static int input_array(arrays *as, const scene *s, codegen_framework fw, errmsg *e) {
    int first = first_axis(&s->layer[0].g), nd = CONV_SP - first, dim[1 + CONV_SP], src[1 + CONV_SP],
        perm[1 + CONV_SP];
    codegen_array *a;
    src[0] = s->in_c;
    for (int i = 0; i < nd; i++) src[1 + i] = s->in_sp[first + i];
    for (int i = 0; i <= nd; i++) perm[i] = fw == CODEGEN_PYTORCH ? i : (i + 1) % (nd + 1);
    for (int i = 0; i <= nd; i++) dim[i] = src[perm[i]];
    a = new_array(as, fw, "input", nd + 1, dim, e);
    if (!a) return -1;
    tensor_permute(s->input, nd + 1, src, perm, a->data);
    return 0;
}

/* PyTorch's weight is the core's: [filters][cpg][k...] or, transposed,
 * [in_c][fpg][k...]. */
static int torch_weight(arrays *as, const scene_layer *l, int i, errmsg *e) {
    const conv_geom *g = &l->g;
    int first = first_axis(g), nd = CONV_SP - first, tr = g->p.kind == CONV_TRANSPOSE_2D, dim[2 + CONV_SP];
    char name[32];
    codegen_array *a;
    dim[0] = tr ? g->in_c : g->p.filters;
    dim[1] = tr ? g->fpg : g->cpg;
    for (int k = 0; k < nd; k++) dim[2 + k] = g->p.kernel[first + k];
    snprintf(name, sizeof name, "layer%d_weight", i);
    if (!(a = new_array(as, CODEGEN_PYTORCH, name, nd + 2, dim, e))) return -1;
    memcpy(a->data, l->weight, (size_t)a->count * sizeof *a->data);
    return 0;
}

/* One weight of the TF kernel: u, v are its last two indices (in, out;
 * depthwise: channel, multiplier; transposed: out, in), tap the core tap. */
static double tf_weight_at(const conv_geom *g, const tfplan *pl, const double *w, int u, int v, int tap) {
    if (pl->depthwise) return w[conv_weight_index(g, u * g->fpg + v, 0, tap)];
    if (g->p.kind == CONV_TRANSPOSE_2D) {
        int f = u, c = v;
        if (c / g->cpg != f / g->fpg) return 0; /* another group's block */
        return w[conv_weight_index(g, f, c - conv_group_first_channel(g, f), tap)];
    }
    if (pl->blockdiag) {
        int c_local = u - conv_group_first_channel(g, v);
        if (c_local < 0 || c_local >= g->cpg) return 0;
        return w[conv_weight_index(g, v, c_local, tap)];
    }
    return w[conv_weight_index(g, v, u, tap)];
}

/* TF's kernel: [k...][in][out] ([k...][out][in] transposed), with the
 * plan's rewrites: zero blocks for groups, zeros between dilated taps. */
static int tf_kernel(arrays *as, codegen_framework fw, const scene_layer *l, int i, errmsg *e) {
    const conv_geom *g = &l->g;
    tfstyle st = {fw == CODEGEN_TFJS, 0, 1};
    tfplan pl = tf_plan(g, &st);
    int first = first_axis(g), nd = CONV_SP - first, dim[2 + CONV_SP], kk[CONV_SP] = {1, 1, 1}, nu, nv;
    char name[32];
    codegen_array *a;
    int64_t at = 0;
    if (pl.depthwise) nu = g->in_c, nv = g->fpg;
    else if (g->p.kind == CONV_TRANSPOSE_2D) nu = g->p.filters, nv = g->in_c;
    else nu = pl.blockdiag ? g->in_c : g->cpg, nv = g->p.filters;
    for (int k = 0; k < nd; k++) dim[k] = kk[first + k] = pl.k[first + k];
    dim[nd] = nu;
    dim[nd + 1] = nv;
    snprintf(name, sizeof name, "layer%d_kernel", i);
    if (!(a = new_array(as, fw, name, nd + 2, dim, e))) return -1;
    for (int z = 0; z < kk[0]; z++)
        for (int y = 0; y < kk[1]; y++)
            for (int x = 0; x < kk[2]; x++) {
                int pos[CONV_SP] = {z, y, x}, src[CONV_SP], on = 1;
                for (int ax = 0; ax < CONV_SP; ax++) {
                    int d = pl.dilate ? g->p.dilation[ax] : 1;
                    if (pos[ax] % d) on = 0;
                    src[ax] = pos[ax] / d;
                }
                for (int u = 0; u < nu; u++)
                    for (int v = 0; v < nv; v++) {
                        int tap = (src[0] * g->p.kernel[1] + src[1]) * g->p.kernel[2] + src[2];
                        a->data[at++] = on ? tf_weight_at(g, &pl, l->weight, u, v, tap) : 0;
                    }
            }
    return 0;
}

static int bias_array(arrays *as, codegen_framework fw, const scene_layer *l, int i, errmsg *e) {
    char name[32];
    codegen_array *a;
    snprintf(name, sizeof name, "layer%d_bias", i);
    if (!(a = new_array(as, fw, name, 1, &l->g.p.filters, e))) return -1;
    if (l->bias) memcpy(a->data, l->bias, (size_t)a->count * sizeof *a->data);
    return 0;
}

/* The 1x1 depthwise layer that adds a transposed layer's bias late: weights 1. */
static int ones_array(arrays *as, codegen_framework fw, const scene_layer *l, int i, errmsg *e) {
    int dim[4] = {1, 1, l->g.out_c, 1};
    if (fw == CODEGEN_PYTORCH) dim[0] = l->g.out_c, dim[2] = 1; /* [C][1][1][1] */
    char name[32];
    codegen_array *a;
    snprintf(name, sizeof name, "layer%d_ones", i);
    if (!(a = new_array(as, fw, name, 4, dim, e))) return -1;
    for (int64_t k = 0; k < a->count; k++) a->data[k] = 1;
    return 0;
}

/* Every array the program sets, in order: the input, then per layer its
 * kernel and bias (and the late-bias layer's). */
static int make_arrays(arrays *as, const scene *s, codegen_framework fw, block *blocks, errmsg *e) {
    if (input_array(as, s, fw, e) != 0) return -1;
    for (int i = 0; i < s->nlayers; i++) {
        const scene_layer *l = &s->layer[i];
        int late = blocks[i].bline >= 0;
        if ((fw == CODEGEN_PYTORCH ? torch_weight(as, l, i, e) : tf_kernel(as, fw, l, i, e)) != 0) return -1;
        if (l->g.p.bias && !late && bias_array(as, fw, l, i, e) != 0) return -1;
        if (late && ones_array(as, fw, l, i, e) != 0) return -1;
        if (late && l->g.p.bias && bias_array(as, fw, l, i, e) != 0) return -1;
    }
    return 0;
}

void codegen_data_free(codegen_data *d) {
    if (!d) return;
    for (int i = 0; i < d->n; i++) free(d->a[i].data);
    free(d->a);
    d->a = NULL;
    d->n = 0;
}

static void free_arrays(arrays *as) {
    for (int i = 0; i < as->n; i++) free(as->a[i].data);
    as->n = 0;
}

/* ---- writing the program ---- */

static void sb_num(strbuf *b, double v, codegen_framework fw) {
    char t[40];
    if (v != v) strbuf_puts(b, fw == CODEGEN_TFJS ? "NaN" : "float(\"nan\")");
    else if (v > 1e308 || v < -1e308)
        strbuf_puts(b, fw == CODEGEN_TFJS ? (v > 0 ? "Infinity" : "-Infinity")
                                          : (v > 0 ? "float(\"inf\")" : "-float(\"inf\")"));
    else {
        explain_num(t, sizeof t, v);
        strbuf_puts(b, t);
    }
}

/* A nested list, innermost rows on one line, in both languages' syntax. */
static void sb_nested(strbuf *b, const double *data, const int *dim, int rank, int64_t *at, int indent,
                      codegen_framework fw) {
    strbuf_puts(b, "[");
    for (int i = 0; i < dim[0]; i++) {
        if (i && rank == 1) strbuf_puts(b, ", ");
        if (i && rank > 1) {
            strbuf_puts(b, ",\n");
            for (int k = 0; k < indent + 1; k++) strbuf_puts(b, " ");
        }
        if (rank == 1) sb_num(b, data[(*at)++], fw);
        else sb_nested(b, data, dim + 1, rank - 1, at, indent + 1, fw);
    }
    strbuf_puts(b, "]");
}

static void sb_dims(strbuf *b, const codegen_array *a, int js) {
    strbuf_puts(b, js ? "[" : "(");
    for (int i = 0; i < a->rank; i++) strbuf_printf(b, "%s%d", i ? ", " : "", a->dim[i]);
    if (!js && a->rank == 1) strbuf_puts(b, ",");
    strbuf_puts(b, js ? "]" : ")");
}

/* The array as an expression: a literal, or a load of its side file. */
static void sb_array(strbuf *b, const codegen_array *a, codegen_framework fw, int files, int indent) {
    int64_t at = 0;
    switch (fw) {
    case CODEGEN_PYTORCH:
        if (files) strbuf_printf(b, "torch.from_numpy(np.load(os.path.join(data, \"%s\")))", a->name);
        else {
            strbuf_puts(b, "torch.tensor(");
            sb_nested(b, a->data, a->dim, a->rank, &at, indent + 13, fw);
            strbuf_puts(b, ", dtype=torch.float64)");
        }
        break;
    case CODEGEN_KERAS:
        if (files) strbuf_printf(b, "np.load(os.path.join(data, \"%s\")).astype(np.float32)", a->name);
        else {
            strbuf_puts(b, "np.array(");
            sb_nested(b, a->data, a->dim, a->rank, &at, indent + 9, fw);
            strbuf_puts(b, ", dtype=np.float32)");
        }
        break;
    case CODEGEN_TFJS:
        if (files) {
            strbuf_printf(b, "load('%s', ", a->name);
            sb_dims(b, a, 1);
            strbuf_puts(b, ")");
        } else {
            strbuf_puts(b, "tf.tensor(");
            sb_nested(b, a->data, a->dim, a->rank, &at, indent + 10, fw);
            strbuf_puts(b, ")");
        }
        break;
    case CODEGEN_FRAMEWORK_COUNT: break;
    }
}

/* A string literal both Python and JavaScript read the same way. */
static void sb_string(strbuf *b, const char *s, char quote) {
    strbuf_add(b, &quote, 1);
    for (; *s; s++) {
        unsigned char c = (unsigned char)*s;
        if (c == '\\' || c == (unsigned char)quote) strbuf_printf(b, "\\%c", c);
        else if (c < 0x20 || c == 0x7f) strbuf_printf(b, "\\x%02x", c);
        else strbuf_add(b, s, 1);
    }
    strbuf_add(b, &quote, 1);
}

static void sb_out(strbuf *b, out *o, char *tmp, size_t n) {
    (void)n;
    strbuf_add(b, tmp, o->len < n ? o->len : n - 1);
}

/* Shapes and one layer's lines, through the short form's fixed buffers. */
static void sb_shape(strbuf *b, const char *batch, int c, const int *sp, int first, int cf, int js) {
    char t[128];
    out o = {t, sizeof t, 0};
    put_shape(&o, batch, c, sp, first, cf, js);
    sb_out(b, &o, t, sizeof t);
}

static void sb_out_shape(strbuf *b, const conv_geom *g, scene_layout layout, codegen_framework fw) {
    char t[128];
    out o = {t, sizeof t, 0};
    put_out_shape(&o, g, layout, fw);
    sb_out(b, &o, t, sizeof t);
}

/* The exact form's layer lines: PyTorch modules in the Sequential, Keras
 * and TF.js layers kept in variables (conv0, bias0) to set their weights. */
static void sb_layer_lines(strbuf *b, const block *bl, const conv_geom *g, scene_layout layout,
                           codegen_framework fw, int li, const char **var) {
    int last = last_expr(bl);
    for (int i = 0; i < bl->n; i++) {
        const char *t = bl->line[i].text, *name = i == bl->wline ? "conv" : i == bl->bline ? "bias" : NULL;
        if (fw == CODEGEN_PYTORCH) strbuf_puts(b, "    ");
        if (bl->line[i].comment) {
            strbuf_printf(b, "%s %s\n", comment_mark(fw), t);
            continue;
        }
        if (fw == CODEGEN_PYTORCH) strbuf_printf(b, "%s,", t);
        else if (fw == CODEGEN_KERAS && name) strbuf_printf(b, "%s%d = %s\nx = %s%d(%s)", name, li, t, name, li, *var);
        else if (fw == CODEGEN_KERAS) strbuf_printf(b, "x = %s(%s)", t, *var);
        else if (name) strbuf_printf(b, "const %s%d = %s;\nx = %s%d.apply(x);", name, li, t, name, li);
        else strbuf_printf(b, "x = %s.apply(x);", t);
        *var = "x";
        if (i == last) {
            strbuf_printf(b, "  %s -> ", comment_mark(fw));
            sb_out_shape(b, g, layout, fw);
        }
        strbuf_puts(b, "\n");
    }
}

/* Index in nn.Sequential of each layer's convolution. */
static void torch_indices(const block *blocks, int nlayers, int *idx, int *bidx) {
    int k = 0;
    for (int i = 0; i < nlayers; i++)
        for (int j = 0; j < blocks[i].n; j++) {
            if (blocks[i].line[j].comment) continue;
            if (j == blocks[i].wline) idx[i] = k;
            if (j == blocks[i].bline) bidx[i] = k;
            k++;
        }
}

static void sb_header(strbuf *b, const scene *s, codegen_framework fw, int files, int needs_tf, int needs_fnlayer,
                      int needs_pad) {
    char t[SCENE_TITLE_SIZE + 8];
    out o = {t, sizeof t, 0};
    put_title(&o, s, fw);
    sb_out(b, &o, t, sizeof t);
    switch (fw) {
    case CODEGEN_PYTORCH:
        strbuf_puts(b, "import json\n");
        if (files) strbuf_puts(b, "import os\n\nimport numpy as np\n");
        strbuf_puts(b, "import torch\nfrom torch import nn\n");
        if (needs_pad) strbuf_printf(b, "import torch.nn.functional as F\n\n%s", pad_class);
        strbuf_puts(b, "\n# float64 throughout, as convanim computes: the numbers agree to the last digit or so\n");
        strbuf_puts(b, "model = nn.Sequential(\n");
        break;
    case CODEGEN_KERAS:
        strbuf_puts(b, "import json\n");
        if (files) strbuf_puts(b, "import os\n");
        strbuf_puts(b, "\nimport numpy as np\n");
        if (needs_tf) strbuf_puts(b, "import tensorflow as tf\n");
        strbuf_puts(b, "from tensorflow import keras\nfrom tensorflow.keras import layers\n\n");
        strbuf_puts(b, "# Keras computes in float32: expect about 7 significant digits of convanim's float64\n");
        if (s->layout == SCENE_CHW)
            strbuf_puts(b, "# channels last inside (TensorFlow's CPU convolutions take no other); "
                           "the output goes back to channels first\n");
        strbuf_puts(b, "inputs = keras.Input(shape=");
        sb_shape(b, NULL, s->in_c, s->in_sp, first_axis(&s->layer[0].g), 0, 0);
        strbuf_puts(b, ")\n");
        break;
    case CODEGEN_TFJS:
        strbuf_puts(b, "import * as tf from '@tensorflow/tfjs';\n");
        if (files) strbuf_puts(b, "import * as fs from 'fs';\n");
        strbuf_puts(b, "\n");
        if (needs_fnlayer) {
            char cls[1024];
            out c = {cls, sizeof cls, 0};
            put_fnlayer_class(&c);
            sb_out(b, &c, cls, sizeof cls);
        }
        strbuf_puts(b, "// TF.js computes in float32: expect about 7 significant digits of convanim's float64\n");
        if (s->layout == SCENE_CHW)
            strbuf_puts(b, "// channels last inside (the layout TF.js computes in); the output goes back to channels first\n");
        strbuf_puts(b, "const input = tf.input({shape: ");
        sb_shape(b, NULL, s->in_c, s->in_sp, first_axis(&s->layer[0].g), 0, 1);
        strbuf_puts(b, "});\nlet x = input;\n");
        break;
    case CODEGEN_FRAMEWORK_COUNT: break;
    }
}

/* Sets every layer's weights (and the input), runs, prints. */
static void sb_run(strbuf *b, const scene *s, codegen_framework fw, const arrays *as, const block *blocks,
                   const char *dir) {
    int files = dir != NULL, k = 1, idx[SCENE_MAX_LAYERS] = {0}, bidx[SCENE_MAX_LAYERS] = {0};
    int nd = conv_ndim(s->layer[0].p.kind), chw = s->layout == SCENE_CHW;
    const conv_geom *last = &s->layer[s->nlayers - 1].g;
    const char *ind = fw == CODEGEN_PYTORCH ? "    " : "";
    if (files) {
        strbuf_printf(b, "%s the numbers are in side files (written by convanim code --data)\n", comment_mark(fw));
        strbuf_puts(b, fw == CODEGEN_TFJS ? "const data = " : "data = ");
        sb_string(b, dir, fw == CODEGEN_TFJS ? '\'' : '"');
        strbuf_puts(b, fw == CODEGEN_TFJS ? ";\nconst load = (name, shape) =>\n"
                                            "  tf.tensor(JSON.parse(fs.readFileSync(data + '/' + name, 'utf8')), shape);\n"
                                          : "\n");
    }
    switch (fw) {
    case CODEGEN_PYTORCH:
        torch_indices(blocks, s->nlayers, idx, bidx);
        strbuf_puts(b, "x = ");
        sb_array(b, &as->a[0], fw, files, 4);
        strbuf_puts(b, ".unsqueeze(0)  # the input, a batch of one: ");
        sb_shape(b, "1", s->in_c, s->in_sp, CONV_SP - nd, 1, 0);
        strbuf_puts(b, "\nwith torch.no_grad():\n");
        for (int i = 0; i < s->nlayers; i++) {
            strbuf_printf(b, "%smodel[%d].weight.copy_(", ind, idx[i]);
            sb_array(b, &as->a[k++], fw, files, 26);
            strbuf_puts(b, ")\n");
            if (blocks[i].bline >= 0) {
                strbuf_printf(b, "%smodel[%d].weight.copy_(", ind, bidx[i]);
                sb_array(b, &as->a[k++], fw, files, 26);
                strbuf_puts(b, ")\n");
            }
            if (s->layer[i].g.p.bias) {
                strbuf_printf(b, "%smodel[%d].bias.copy_(", ind, blocks[i].bline >= 0 ? bidx[i] : idx[i]);
                sb_array(b, &as->a[k++], fw, files, 24);
                strbuf_puts(b, ")\n");
            }
        }
        strbuf_puts(b, "    y = model(x)\nprint(y.shape)  # torch.Size([1");
        for (int i = 0; i <= nd; i++) strbuf_printf(b, ", %d", i ? last->out_sp[CONV_SP - nd + i - 1] : last->out_c);
        strbuf_puts(b, "])\n");
        if (chw) strbuf_puts(b, "print(json.dumps(y[0].tolist()))\n");
        else {
            strbuf_puts(b, "# channels last, as the scene writes them\nprint(json.dumps(y[0].permute(");
            for (int i = 1; i <= nd; i++) strbuf_printf(b, "%d, ", i);
            strbuf_puts(b, "0).tolist()))\n");
        }
        break;
    case CODEGEN_KERAS:
    case CODEGEN_TFJS: {
        int js = fw == CODEGEN_TFJS;
        for (int i = 0; i < s->nlayers; i++) {
            int late = blocks[i].bline >= 0, bias = s->layer[i].g.p.bias;
            strbuf_printf(b, js ? "conv%d.setWeights([" : "conv%d.set_weights([", i);
            sb_array(b, &as->a[k++], fw, files, 20);
            if (bias && !late) {
                strbuf_puts(b, ", ");
                sb_array(b, &as->a[k++], fw, files, 20);
            }
            strbuf_puts(b, js ? "]);\n" : "])\n");
            if (late) {
                strbuf_printf(b, js ? "bias%d.setWeights([" : "bias%d.set_weights([", i);
                sb_array(b, &as->a[k++], fw, files, 20);
                if (bias) {
                    strbuf_puts(b, ", ");
                    sb_array(b, &as->a[k++], fw, files, 20);
                }
                strbuf_puts(b, js ? "]);\n" : "])\n");
            }
        }
        strbuf_puts(b, js ? "const y = model.predict(" : "y = model.predict(");
        sb_array(b, &as->a[0], fw, files, 18);
        strbuf_puts(b, js ? ".expandDims(0));\n" : "[None], verbose=0)\n");
        strbuf_printf(b, "%s output shape: ", comment_mark(fw));
        sb_out_shape(b, last, s->layout, fw);
        strbuf_puts(b, "\n");
        if (js) {
            strbuf_puts(b, "console.log(JSON.stringify(");
            if (chw) {
                strbuf_puts(b, "tf.transpose(y, [0, ");
                for (int i = 0; i <= nd; i++) strbuf_printf(b, "%d%s", i ? i : nd + 1, i < nd ? ", " : "");
                strbuf_puts(b, "])");
            } else {
                strbuf_puts(b, "y");
            }
            strbuf_puts(b, ".arraySync()[0]));\n");
        } else {
            strbuf_puts(b, "print(json.dumps(y[0]");
            if (chw) {
                strbuf_printf(b, ".transpose(%d", nd);
                for (int i = 0; i < nd; i++) strbuf_printf(b, ", %d", i);
                strbuf_puts(b, ")");
            }
            strbuf_puts(b, ".tolist()))\n");
        }
        break;
    }
    case CODEGEN_FRAMEWORK_COUNT: break;
    }
}

int codegen_program(strbuf *b, const scene *s, const codegen_opts *o, codegen_data *side, errmsg *e) {
    block *blocks;
    codegen_framework fw = o->fw;
    /* Keras and TF.js run channels last inside (see sb_header). */
    scene_layout layout = fw == CODEGEN_PYTORCH ? s->layout : SCENE_HWC;
    int needs_tf = 0, needs_fnlayer = 0, needs_pad = 0, files = o->data_dir != NULL;
    const char *var = fw == CODEGEN_KERAS ? "inputs" : "x";
    arrays *as;
    if (side) side->n = 0, side->a = NULL;
    if (s->nlayers < 1) return errmsg_set(e, "layers: the scene has no layers");
    blocks = calloc((size_t)s->nlayers, sizeof *blocks);
    if (!blocks) return errmsg_set(e, "code: out of memory");
    for (int i = 0; i < s->nlayers; i++) {
        make_block(&blocks[i], &s->layer[i].g, layout, fw, 1);
        needs_tf |= blocks[i].needs_tf;
        needs_fnlayer |= blocks[i].needs_fnlayer;
        needs_pad |= blocks[i].needs_pad;
    }
    as = calloc(1, sizeof *as);
    if (!as || make_arrays(as, s, fw, blocks, e) != 0 ||
        (!files && as->values > CODEGEN_INLINE_MAX &&
         errmsg_set(e, "data: the scene has %lld numbers to set, more than the %d a snippet holds; "
                       "--data DIR writes them to side files the code loads",
                    (long long)as->values, CODEGEN_INLINE_MAX))) {
        if (!as) errmsg_set(e, "code: out of memory");
        if (as) free_arrays(as);
        free(as);
        free(blocks);
        return -1;
    }
    sb_header(b, s, fw, files, needs_tf, needs_fnlayer, needs_pad);
    for (int i = 0; i < s->nlayers; i++) sb_layer_lines(b, &blocks[i], &s->layer[i].g, layout, fw, i, &var);
    switch (fw) {
    case CODEGEN_PYTORCH: strbuf_puts(b, ").double()\n\n"); break;
    case CODEGEN_KERAS: strbuf_puts(b, "model = keras.Model(inputs, x)\nmodel.summary()\n\n"); break;
    case CODEGEN_TFJS: strbuf_puts(b, "const model = tf.model({inputs: input, outputs: x});\nmodel.summary();\n\n"); break;
    case CODEGEN_FRAMEWORK_COUNT: break;
    }
    sb_run(b, s, fw, as, blocks, o->data_dir);
    if (files && side) {
        /* the caller writes them: the arrays move to side */
        side->a = malloc((size_t)as->n * sizeof *side->a);
        if (!side->a) {
            free_arrays(as);
            free(as);
            free(blocks);
            return errmsg_set(e, "code: out of memory");
        }
        memcpy(side->a, as->a, (size_t)as->n * sizeof *side->a);
        side->n = as->n;
        as->n = 0;
    }
    free_arrays(as);
    free(as);
    free(blocks);
    if (b->failed) return errmsg_set(e, "code: out of memory");
    return 0;
}
