#include "codegen.h"

#include <ctype.h>
#include <stdarg.h>
#include <stdio.h>
#include <string.h>

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

/* The comment line explaining resolved 'same' or 'full' padding. */
static void note_padding(block *b, const conv_geom *g, int first, int js) {
    char s[64];
    out o;
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
        if (p->padding == CONV_PAD_SAME) note_padding(b, g, first, 0);
        else add(b, 1, "asymmetric padding: a pad module first, its amounts run last axis first %s",
                 nd == 1 ? "(left, right)" : nd == 2 ? "(left, right, top, bottom)"
                                                     : "(left, right, top, bottom, front, back)");
        if (p->padding_mode == CONV_MODE_CIRCULAR)
            add(b, 1, "nn.CircularPad%dd needs PyTorch 2.1 or later (before: F.pad(x, ..., mode=\"circular\") in a module)", nd);
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
    call c;
    if (tr)
        for (int a = first; a < CONV_SP; a++) {
            m[a] = g->pad_lo[a] < g->pad_hi[a] ? g->pad_lo[a] : g->pad_hi[a];
            crop_lo[a] = g->pad_lo[a] - m[a];
            crop_hi[a] = g->pad_hi[a] - m[a];
            op[a] = p->output_padding[a];
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
    if (!p->bias) karg(&c, "bias", "False");
    put(&c.o, ")");
    add(b, 0, "%s", text);
    if (tr && !pads_zero(crop_lo, crop_hi, first)) {
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
    int js; /* TF.js names and syntax, else Keras */
    int cf; /* channels first */
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
            put(&e, st->js ? "tf.range(%d, %d, 1, 'int32').mod(%d)" : "tf.range(%d, %d) %% %d", -lo, in + hi, in);
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

/* Transposed layers in Keras and TF.js know only 'valid' and 'same':
 * anything else is 'valid' (plus output padding) and then a crop. x[] is
 * the output padding the framework adds after 'valid'. */
static void tf_post_crop(block *b, const conv_geom *g, int first, const tfstyle *st, const int *x) {
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
        add(b, 1, "TF.js has no output padding: zeros stand in for the cells that hold only the bias "
                  "(same shape; values differ when there is a bias or a sigmoid)");
        o = new_line(b, 0);
        put(&o, "tf.layers.zeroPadding2d({padding: ");
        put_pairs(&o, none, extra, first, 1, 0, 0);
        if (st->cf) put(&o, ", dataFormat: 'channelsFirst'");
        put(&o, "})");
    }
}

static const char *tf_layer_name(const conv_geom *g, const tfstyle *st, int depthwise) {
    static const char *keras[] = {"layers.Conv1D(", "layers.Conv2D(", "layers.Conv3D(", "layers.Conv2DTranspose("};
    static const char *js[] = {"tf.layers.conv1d({", "tf.layers.conv2d({", "tf.layers.conv3d({",
                               "tf.layers.conv2dTranspose({"};
    if (depthwise) return "tf.layers.depthwiseConv2d({";
    return st->js ? js[g->p.kind] : keras[g->p.kind];
}

static void tf_block(block *b, const conv_geom *g, const tfstyle *st) {
    const conv_params *p = &g->p;
    int first = first_axis(g), tr = p->kind == CONV_TRANSPOSE_2D;
    int dil_stride = !all_equal(p->dilation, first, 1) && !all_equal(p->stride, first, 1);
    int zero = pads_zero(g->pad_lo, g->pad_hi, first), same = 0, crop = 0;
    int depthwise = st->js && p->groups > 1 && p->kind == CONV_2D && p->groups == g->in_c;
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
            x[a] = st->js ? natural : want > 0 ? want : 0;
            if (x[a] != natural) x_given = 1;
            if (g->pad_lo[a] || g->pad_hi[a] || x[a] != p->output_padding[a]) crop = 1;
        }
    } else if (!dil_stride && p->padding_mode == CONV_MODE_ZEROS && is_tf_same(g, first) &&
               (p->padding == CONV_PAD_SAME || !zero)) {
        same = 1;
        if (p->padding != CONV_PAD_SAME) {
            out o = new_line(b, 1);
            put(&o, "padding ");
            put_pad_words(&o, g->pad_lo, g->pad_hi, first);
            put(&o, " is what 'same' gives for this input");
        }
    } else if (!zero) {
        tf_pre_pad(b, g, first, st);
    }
    if (st->js && p->groups > 1 && !depthwise)
        add(b, 1, "TF.js has no grouped convolution (groups=%d): each filter here reads all %d channels, "
                  "not %d; more weights, same output shape", p->groups, g->in_c, g->cpg);
    if (depthwise) add(b, 1, "TF.js has no groups; groups == in_channels is a depthwise convolution");

    put(&c.o, "%s", tf_layer_name(g, st, depthwise));
    if (!depthwise) karg(&c, "filters", "%d", p->filters);
    karg(&c, st->js ? "kernelSize" : "kernel_size", "%s", axes(s, sizeof s, p->kernel, first, st->js));
    if (depthwise && g->fpg > 1) karg(&c, "depthMultiplier", "%d", g->fpg);
    if (!all_equal(p->stride, first, 1) && !dil_stride)
        karg(&c, "strides", "%s", axes(s, sizeof s, p->stride, first, st->js));
    if (same) karg(&c, "padding", "%ssame%s", q(st), q(st));
    if (x_given) karg(&c, "output_padding", "%s", axes(s, sizeof s, x, first, 0));
    if (st->cf) karg(&c, st->js ? "dataFormat" : "data_format", "%s", st->js ? "'channelsFirst'" : "\"channels_first\"");
    if (!all_equal(p->dilation, first, 1))
        karg(&c, st->js ? "dilationRate" : "dilation_rate", "%s", axes(s, sizeof s, p->dilation, first, st->js));
    if (p->groups > 1 && !st->js) karg(&c, "groups", "%d", p->groups);
    if (p->activation != CONV_ACT_NONE) karg(&c, "activation", "%s%s%s", q(st), conv_act_name(p->activation), q(st));
    if (!p->bias) karg(&c, st->js ? "useBias" : "use_bias", "%s", st->js ? "false" : "False");
    put(&c.o, "%s", st->js ? "})" : ")");
    add(b, 0, "%s", text);
    if (dil_stride) tf_post_stride(b, g, first, st);
    if (crop) tf_post_crop(b, g, first, st, x);
}

/* ---- the layer and the scene ---- */

static void make_block(block *b, const conv_geom *g, scene_layout layout, codegen_framework fw) {
    tfstyle st = {fw == CODEGEN_TFJS, layout == SCENE_CHW};
    memset(b, 0, sizeof *b);
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

const char *codegen_framework_name(codegen_framework fw) {
    return (unsigned)fw < CODEGEN_FRAMEWORK_COUNT ? codegen_framework_names[fw] : "?";
}

int codegen_layer(char *buf, size_t n, const conv_geom *g, scene_layout layout, codegen_framework fw) {
    block b;
    out o = {buf, n, 0};
    if (n) buf[0] = 0;
    make_block(&b, g, layout, fw);
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
    int needs_tf = 0, needs_fnlayer = 0, first, cf = s->layout == SCENE_CHW;
    const char *var = fw == CODEGEN_KERAS ? "inputs" : "x";
    const conv_geom *last;
    block b;
    if (n) buf[0] = 0;
    if (s->nlayers < 1) return 0;
    first = first_axis(&s->layer[0].g);
    last = &s->layer[s->nlayers - 1].g;
    for (int i = 0; i < s->nlayers; i++) {
        make_block(&b, &s->layer[i].g, s->layout, fw);
        needs_tf |= b.needs_tf;
        needs_fnlayer |= b.needs_fnlayer;
    }
    put_title(&o, s, fw);
    switch (fw) {
    case CODEGEN_PYTORCH: put(&o, "import torch\nfrom torch import nn\n\nmodel = nn.Sequential(\n"); break;
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
        make_block(&b, &s->layer[i].g, s->layout, fw);
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
