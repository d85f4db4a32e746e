#include "edit.h"

#include <ctype.h>
#include <errno.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* Largest number a field takes from the editor: far beyond any teaching
 * scene, small enough that sums of fields never overflow an int. */
enum { EDIT_MAX_INT = 4096 };

static int ieq(const char *a, const char *b) {
    for (; *a && *b; a++, b++)
        if (tolower((unsigned char)*a) != tolower((unsigned char)*b)) return 0;
    return *a == *b;
}

/* ---- fields ---- */

/* Spatial axis (0 D, 1 H, 2 W) of an axis field, -1 for the others. */
static int field_axis(edit_field f) {
    switch (f) {
    case EDIT_IN_D: case EDIT_KERNEL_D: case EDIT_STRIDE_D: case EDIT_DILATION_D:
    case EDIT_PAD_D_LO: case EDIT_PAD_D_HI:
        return 0;
    case EDIT_IN_H: case EDIT_KERNEL_H: case EDIT_STRIDE_H: case EDIT_DILATION_H:
    case EDIT_PAD_H_LO: case EDIT_PAD_H_HI: case EDIT_OUTPAD_H:
        return 1;
    case EDIT_IN_W: case EDIT_KERNEL_W: case EDIT_STRIDE_W: case EDIT_DILATION_W:
    case EDIT_PAD_W_LO: case EDIT_PAD_W_HI: case EDIT_OUTPAD_W:
        return 2;
    default: return -1;
    }
}

static int is_pad_amount(edit_field f) { return f >= EDIT_PAD_D_LO && f <= EDIT_PAD_W_HI; }
static int pad_side(edit_field f) { return (f - EDIT_PAD_D_LO) % 2; }

static const conv_params *params(const scene *s, int layer) { return &s->layer[layer].p; }

const char *edit_field_label(const scene *s, int layer, edit_field f) {
    static const char *const labels[EDIT_FIELD_COUNT] = {
        "input D", "input H", "input W", "channels", "filters",
        "kernel D", "kernel H", "kernel W", "stride D", "stride H", "stride W",
        "padding", "pad front", "pad back", "pad top", "pad bottom", "pad left", "pad right",
        "padding mode", "dilation D", "dilation H", "dilation W",
        "output pad H", "output pad W", "groups", "bias", "activation", "layout", "type"
    };
    static const char *const one_d[EDIT_FIELD_COUNT] = {
        [EDIT_IN_W] = "input L", [EDIT_KERNEL_W] = "kernel L", [EDIT_STRIDE_W] = "stride L",
        [EDIT_DILATION_W] = "dilation L"
    };
    if ((unsigned)f >= EDIT_FIELD_COUNT) return "?";
    if (s && layer >= 0 && layer < s->nlayers && params(s, layer)->kind == CONV_1D && one_d[f])
        return one_d[f];
    return labels[f];
}

int edit_field_used(const scene *s, int layer, edit_field f) {
    int a = field_axis(f), first;
    conv_kind kind;
    if (!s || layer < 0 || layer >= s->nlayers || (unsigned)f >= EDIT_FIELD_COUNT) return 0;
    kind = params(s, layer)->kind;
    first = CONV_SP - conv_ndim(kind);
    if ((f >= EDIT_IN_D && f <= EDIT_CHANNELS) && layer != 0) return 0;
    if ((f == EDIT_OUTPAD_H || f == EDIT_OUTPAD_W) && kind != CONV_TRANSPOSE_2D) return 0;
    return a < 0 || a >= first;
}

edit_field edit_field_next(const scene *s, int layer, edit_field f, int dir) {
    int i = (int)f;
    for (int n = 0; n < EDIT_FIELD_COUNT; n++) {
        i = (i + (dir < 0 ? -1 : 1) + EDIT_FIELD_COUNT) % EDIT_FIELD_COUNT;
        if (edit_field_used(s, layer, (edit_field)i)) return (edit_field)i;
    }
    return f;
}

/* ---- choices: padding, mode, bias, activation, layout ---- */

/* Padding, mode and activation speak the core's names (conv.h); stepping
 * padding goes round explicit, valid, same, full, causal (conv1d only). */
static const char *const bias_names[] = {"off", "on"};
static const char *const layout_names[] = {"CHW", "HWC"};

/* The names of a choice field and how many; 0 for a number field. */
static int choices(edit_field f, const char *const **names) {
    switch (f) {
    case EDIT_PADDING: *names = conv_padding_names; return CONV_PADDING_COUNT;
    case EDIT_PADMODE: *names = conv_padmode_names; return CONV_MODE_COUNT;
    case EDIT_BIAS: *names = bias_names; return 2;
    case EDIT_ACTIVATION: *names = conv_act_names; return CONV_ACT_COUNT;
    case EDIT_LAYOUT: *names = layout_names; return 2;
    case EDIT_TYPE: *names = conv_kind_names; return CONV_KIND_COUNT;
    default: *names = NULL; return 0;
    }
}

static int choice_get(const scene *s, int layer, edit_field f) {
    const conv_params *p = params(s, layer);
    switch (f) {
    case EDIT_PADDING: return (int)p->padding;
    case EDIT_PADMODE: return (int)p->padding_mode;
    case EDIT_BIAS: return p->bias != 0;
    case EDIT_ACTIVATION: return (int)p->activation;
    case EDIT_TYPE: return (int)p->kind;
    default: return (int)s->layout;
    }
}

/* Explicit amounts that give what the layer has now, so switching to
 * explicit (or nudging one side) starts from the picture on screen. */
static void make_explicit(scene *s, int layer) {
    scene_layer *L = &s->layer[layer];
    for (int a = 0; a < CONV_SP; a++) {
        L->p.pad[a][0] = L->g.pad_lo[a];
        L->p.pad[a][1] = L->g.pad_hi[a];
    }
    L->p.padding = CONV_PAD_AMOUNT;
}

/* The layer becomes kind k, keeping what it can (edit.h). */
static void set_kind(scene *s, int layer, conv_kind k) {
    conv_params *p = &s->layer[layer].p;
    int from = CONV_SP - conv_ndim(p->kind), to = CONV_SP - conv_ndim(k);
    if ((p->padding == CONV_PAD_CAUSAL && k != CONV_1D) || (p->padding == CONV_PAD_FULL && k == CONV_TRANSPOSE_2D))
        make_explicit(s, layer);
    for (int a = 0; a < CONV_SP; a++) {
        if (a < to) { /* an axis the kind does not have: neutral */
            p->kernel[a] = p->stride[a] = p->dilation[a] = 1;
            p->pad[a][0] = p->pad[a][1] = p->output_padding[a] = 0;
            if (layer == 0) s->in_sp[a] = 1;
        } else if (a < from) { /* a new axis: as the first the old kind had */
            p->kernel[a] = p->kernel[from];
            p->stride[a] = p->stride[from];
            p->dilation[a] = p->dilation[from];
            p->pad[a][0] = p->pad[from][0];
            p->pad[a][1] = p->pad[from][1];
            p->output_padding[a] = p->output_padding[from];
            if (layer == 0) s->in_sp[a] = s->in_sp[from];
        }
        if (k != CONV_TRANSPOSE_2D) p->output_padding[a] = 0;
    }
    if (k == CONV_TRANSPOSE_2D) p->padding_mode = CONV_MODE_ZEROS;
    p->kind = k;
}

static void choice_set(scene *s, int layer, edit_field f, int i) {
    conv_params *p = &s->layer[layer].p;
    switch (f) {
    case EDIT_PADDING:
        if ((conv_padding)i == CONV_PAD_AMOUNT) make_explicit(s, layer);
        else p->padding = (conv_padding)i;
        break;
    case EDIT_PADMODE: p->padding_mode = (conv_padmode)i; break;
    case EDIT_BIAS: p->bias = i; break;
    case EDIT_ACTIVATION: p->activation = (conv_act)i; break;
    case EDIT_TYPE: set_kind(s, layer, (conv_kind)i); break;
    default: s->layout = (scene_layout)i; break;
    }
}

/* ---- numbers ---- */

static int *int_slot(scene *s, int layer, edit_field f) {
    conv_params *p = &s->layer[layer].p;
    int a = field_axis(f);
    switch (f) {
    case EDIT_IN_D: case EDIT_IN_H: case EDIT_IN_W: return &s->in_sp[a];
    case EDIT_CHANNELS: return &s->in_c;
    case EDIT_FILTERS: return &p->filters;
    case EDIT_KERNEL_D: case EDIT_KERNEL_H: case EDIT_KERNEL_W: return &p->kernel[a];
    case EDIT_STRIDE_D: case EDIT_STRIDE_H: case EDIT_STRIDE_W: return &p->stride[a];
    case EDIT_DILATION_D: case EDIT_DILATION_H: case EDIT_DILATION_W: return &p->dilation[a];
    case EDIT_OUTPAD_H: case EDIT_OUTPAD_W: return &p->output_padding[a];
    case EDIT_GROUPS: return &p->groups;
    default: return NULL;
    }
}

static int int_get(const scene *s, int layer, edit_field f) {
    const scene_layer *L = &s->layer[layer];
    if (is_pad_amount(f))
        return pad_side(f) ? L->g.pad_hi[field_axis(f)] : L->g.pad_lo[field_axis(f)];
    return *int_slot((scene *)s, layer, f);
}

static void int_set(scene *s, int layer, edit_field f, int v) {
    if (is_pad_amount(f)) {
        if (s->layer[layer].p.padding != CONV_PAD_AMOUNT) make_explicit(s, layer);
        s->layer[layer].p.pad[field_axis(f)][pad_side(f)] = v;
        return;
    }
    *int_slot(s, layer, f) = v;
}

int edit_get(const scene *s, int layer, edit_field f, char *buf, size_t n) {
    const char *const *names;
    if (!edit_field_used(s, layer, f)) return snprintf(buf, n, "-");
    if (choices(f, &names)) return snprintf(buf, n, "%s", names[choice_get(s, layer, f)]);
    return snprintf(buf, n, "%d", int_get(s, layer, f));
}

/* ---- data that follows a change of shape ---- */

/* A small integer in [lo, hi] chosen by (stream, index) alone, so that new
 * cells get the same values however the scene got its shape. */
static double small_int(uint64_t stream, int64_t index, int lo, int hi) {
    uint64_t st = stream * 0xD1B54A32D192ED03u ^ (uint64_t)index * 0x9E3779B97F4A7C15u;
    return lo + (double)(tensor_rng_next(&st) % (uint64_t)(hi - lo + 1));
}

typedef struct {
    int rank;
    int dim[TENSOR_MAX_RANK];
} shape;

static int64_t shape_count(const shape *sh) {
    int64_t n = 1;
    for (int i = 0; i < sh->rank; i++) n *= sh->dim[i];
    return n;
}

static int shape_eq(const shape *a, const shape *b) {
    if (a->rank != b->rank) return 0;
    for (int i = 0; i < a->rank; i++)
        if (a->dim[i] != b->dim[i]) return 0;
    return 1;
}

/* A new array of shape `to`: old values where every index exists in
 * `from`, new small integers elsewhere. old may be NULL (all new). */
static double *remap(const double *old, const shape *from, const shape *to, uint64_t stream,
                     int lo, int hi, const char *what, errmsg *e) {
    int64_t n = shape_count(to);
    double *p = tensor_alloc(n, what, e);
    if (!p) return NULL;
    for (int64_t j = 0; j < n; j++) {
        int64_t rest = j, oi = 0, stride = 1;
        int inside = old != NULL;
        for (int d = to->rank - 1; d >= 0; d--) {
            int c = (int)(rest % to->dim[d]);
            rest /= to->dim[d];
            if (c >= from->dim[d]) inside = 0;
            oi += c * stride;
            stride *= from->dim[d];
        }
        p[j] = inside ? old[oi] : small_int(stream, j, lo, hi);
    }
    return p;
}

static shape input_shape(const scene *s) {
    shape sh = {4, {s->in_c, s->in_sp[0], s->in_sp[1], s->in_sp[2], 0}};
    return sh;
}

static shape weight_shape(const conv_geom *g) {
    shape sh = {5, {g->p.filters, g->cpg, g->p.kernel[0], g->p.kernel[1], g->p.kernel[2]}};
    if (g->p.kind == CONV_TRANSPOSE_2D) {
        sh.dim[0] = g->in_c;
        sh.dim[1] = g->fpg;
    }
    return sh;
}

static int swap_array(double **slot, double *p) {
    if (!p) return -1;
    free(*slot);
    *slot = p;
    return 0;
}

/* c was copied from old and resolved with new parameters: gives every
 * array the shape its geometry now has. */
static int reshape(scene *c, const scene *old, errmsg *e) {
    shape si = input_shape(c), so = input_shape(old);
    if (!shape_eq(&si, &so) || !c->input)
        if (swap_array(&c->input, remap(c->input, &so, &si, 1, 0, 2, "input", e))) return -1;
    for (int i = 0; i < c->nlayers; i++) {
        scene_layer *L = &c->layer[i];
        const scene_layer *O = &old->layer[i];
        shape wn = weight_shape(&L->g), wo = weight_shape(&O->g);
        shape bn = {1, {L->p.filters, 0, 0, 0, 0}}, bo = {1, {O->p.filters, 0, 0, 0, 0}};
        if (!shape_eq(&wn, &wo) || !L->weight)
            if (swap_array(&L->weight, remap(L->weight, &wo, &wn, 2 + 2 * (uint64_t)i, -1, 1, "weights", e)))
                return -1;
        if (!L->p.bias) {
            free(L->bias);
            L->bias = NULL;
        } else if (!O->p.bias) { /* switched on: new values */
            if (swap_array(&L->bias, remap(NULL, &bo, &bn, 3 + 2 * (uint64_t)i, 0, 1, "bias", e))) return -1;
        } else if (!L->bias) { /* NULL meant zeros: keep them zeros */
            if (!(L->bias = tensor_alloc(bn.dim[0], "bias", e))) return -1;
        } else if (!shape_eq(&bn, &bo)) {
            if (swap_array(&L->bias, remap(L->bias, &bo, &bn, 3 + 2 * (uint64_t)i, 0, 1, "bias", e))) return -1;
        }
    }
    return 0;
}

/* ---- applying a change ---- */

/* Replaces *s by the computed candidate c, or frees c and leaves s. */
static int commit(scene *s, scene *c, int rc) {
    if (rc) {
        scene_free(c);
        return -1;
    }
    scene_free(s);
    *s = *c;
    return 0;
}

static int check_field(const scene *s, int layer, edit_field f, errmsg *e) {
    if (!s || layer < 0 || layer >= s->nlayers)
        return errmsg_set(e, "layer: %d is out of range", layer);
    if ((unsigned)f >= EDIT_FIELD_COUNT) return errmsg_set(e, "field: unknown (%d)", (int)f);
    if (!edit_field_used(s, layer, f))
        return errmsg_set(e, "%s: not a parameter of layer %d (%s)", edit_field_label(s, layer, f), layer,
                          conv_kind_name(params(s, layer)->kind));
    return 0;
}

/* Resolve, reshape, compute the candidate; the message names the field. */
static int finish(scene *c, const scene *old, int layer, edit_field f, const char *value, errmsg *e) {
    if (scene_resolve(c, e) || reshape(c, old, e) || scene_compute(c, e)) {
        errmsg_prefix(e, "%s = %s: ", edit_field_label(old, layer, f), value);
        return -1;
    }
    return 0;
}

static int apply_int(scene *s, int layer, edit_field f, long long v, errmsg *e) {
    scene c;
    char text[32];
    snprintf(text, sizeof text, "%lld", v);
    if (v > EDIT_MAX_INT || v < -EDIT_MAX_INT)
        return errmsg_set(e, "%s = %s: must be at most %d", edit_field_label(s, layer, f), text, EDIT_MAX_INT);
    if (scene_copy(&c, s, e)) return -1;
    int_set(&c, layer, f, (int)v);
    return commit(s, &c, finish(&c, s, layer, f, text, e));
}

static int apply_choice(scene *s, int layer, edit_field f, int i, errmsg *e) {
    const char *const *names;
    scene c;
    choices(f, &names);
    /* a scene's layers share their spatial axes (sceneio): a new rank only for a lone layer */
    if (f == EDIT_TYPE && s->nlayers > 1 && conv_ndim((conv_kind)i) != conv_ndim(params(s, layer)->kind))
        return errmsg_set(e, "type = %s: every layer of a scene has the same number of spatial axes (%d here)",
                          names[i], conv_ndim(params(s, layer)->kind));
    if (scene_copy(&c, s, e)) return -1;
    choice_set(&c, layer, f, i);
    return commit(s, &c, finish(&c, s, layer, f, names[i], e));
}

/* "N": N before and after on every axis the layer has. */
static int apply_pad_all(scene *s, int layer, long long v, errmsg *e) {
    int first = CONV_SP - conv_ndim(params(s, layer)->kind);
    char text[32];
    scene c;
    snprintf(text, sizeof text, "%lld", v);
    if (v > EDIT_MAX_INT || v < -EDIT_MAX_INT)
        return errmsg_set(e, "padding = %s: must be at most %d", text, EDIT_MAX_INT);
    if (scene_copy(&c, s, e)) return -1;
    c.layer[layer].p.padding = CONV_PAD_AMOUNT;
    for (int a = first; a < CONV_SP; a++) c.layer[layer].p.pad[a][0] = c.layer[layer].p.pad[a][1] = (int)v;
    return commit(s, &c, finish(&c, s, layer, EDIT_PADDING, text, e));
}

int edit_step(scene *s, int layer, edit_field f, int delta, errmsg *e) {
    const char *const *names;
    int n;
    if (check_field(s, layer, f, e)) return -1;
    if ((n = choices(f, &names))) {
        int i = ((choice_get(s, layer, f) + delta) % n + n) % n;
        /* causal is conv1d's alone: stepping a 2-D or 3-D layer passes it by */
        if (f == EDIT_PADDING && i == CONV_PAD_CAUSAL && params(s, layer)->kind != CONV_1D)
            i = ((i + (delta < 0 ? -1 : 1)) % n + n) % n;
        return apply_choice(s, layer, f, i, e);
    }
    return apply_int(s, layer, f, (long long)int_get(s, layer, f) + delta, e);
}

static int parse_int(const char *text, long long *v) {
    char *end;
    errno = 0;
    *v = strtoll(text, &end, 10);
    while (isspace((unsigned char)*end)) end++;
    return end != text && !*end && errno == 0 ? 0 : -1;
}

/* "padding: 'half' is not one of explicit, valid, same, full, causal" */
static int not_one_of(const scene *s, int layer, edit_field f, const char *text, const char *const *names, int n,
                      errmsg *e) {
    char list[128];
    size_t len = 0;
    list[0] = 0;
    for (int i = 0; i < n && len < sizeof list; i++)
        len += (size_t)snprintf(list + len, sizeof list - len, "%s%s", i ? ", " : "", names[i]);
    return errmsg_set(e, "%s: '%.40s' is not one of %s", edit_field_label(s, layer, f), text, list);
}

int edit_set(scene *s, int layer, edit_field f, const char *text, errmsg *e) {
    const char *const *names;
    long long v;
    int n;
    if (check_field(s, layer, f, e)) return -1;
    while (isspace((unsigned char)*text)) text++;
    if ((n = choices(f, &names))) {
        if (f == EDIT_PADDING && parse_int(text, &v) == 0) return apply_pad_all(s, layer, v, e);
        if (f == EDIT_BIAS && (ieq(text, "true") || ieq(text, "1") || ieq(text, "yes"))) text = "on";
        if (f == EDIT_BIAS && (ieq(text, "false") || ieq(text, "0") || ieq(text, "no"))) text = "off";
        for (int i = 0; i < n; i++)
            if (ieq(text, names[i])) return apply_choice(s, layer, f, i, e);
        return not_one_of(s, layer, f, text, names, n, e);
    }
    if (parse_int(text, &v))
        return errmsg_set(e, "%s: '%.40s' is not a whole number", edit_field_label(s, layer, f), text);
    return apply_int(s, layer, f, v, e);
}

/* ---- values ---- */

static int recompute(scene *s, scene *c, errmsg *e) {
    return commit(s, c, scene_compute(c, e));
}

int edit_set_value(scene *s, int layer, edit_tensor t, int64_t index, double v, errmsg *e) {
    scene c;
    double *arr;
    int64_t n;
    if (!s || layer < 0 || layer >= s->nlayers) return errmsg_set(e, "layer: %d is out of range", layer);
    if (v != v || v > 1e12 || v < -1e12) return errmsg_set(e, "value: must be a number within +-1e12");
    switch (t) {
    case EDIT_INPUT:
        if (layer != 0) return errmsg_set(e, "input: layer %d reads the layer before it, not the input", layer);
        n = (int64_t)s->in_c * s->layer[0].g.in_cells;
        break;
    case EDIT_WEIGHT: n = s->layer[layer].g.weight_count; break;
    default:
        if (!s->layer[layer].p.bias) return errmsg_set(e, "bias: layer %d has no bias", layer);
        n = s->layer[layer].p.filters;
        break;
    }
    if (index < 0 || index >= n)
        return errmsg_set(e, "index: %lld is outside 0..%lld", (long long)index, (long long)n - 1);
    if (scene_copy(&c, s, e)) return -1;
    if (t == EDIT_BIASES && !c.layer[layer].bias &&
        !(c.layer[layer].bias = tensor_alloc(n, "bias", e))) {
        scene_free(&c);
        return -1;
    }
    arr = t == EDIT_INPUT ? c.input : t == EDIT_WEIGHT ? c.layer[layer].weight : c.layer[layer].bias;
    arr[index] = v;
    /* one weight or bias of a direct layer changes one filter's map */
    if (t == EDIT_BIASES || (t == EDIT_WEIGHT && c.layer[layer].p.kind != CONV_TRANSPOSE_2D)) {
        const conv_geom *g = &c.layer[layer].g;
        int f = t == EDIT_BIASES ? (int)index : (int)(index / ((int64_t)g->cpg * g->kvol));
        return commit(s, &c, scene_compute_filter(&c, layer, f, e));
    }
    return recompute(s, &c, e);
}

const char *edit_preset_name(edit_preset p) {
    static const char *const names[EDIT_PRESET_COUNT] = {
        "identity", "box blur", "Gaussian", "sharpen", "Sobel x", "Sobel y", "Laplacian", "emboss"
    };
    return (unsigned)p < EDIT_PRESET_COUNT ? names[p] : "?";
}

/* Row n of Pascal's triangle at k: the binomial weights of a Gaussian. */
static double binomial(int n, int k) {
    double r = 1;
    for (int i = 1; i <= k; i++) r = r * (n - k + i) / i;
    return r;
}

/* Value of the preset at kernel tap (ky, kx) of a kH x kW kernel. */
static double preset_at(edit_preset p, int kH, int kW, int ky, int kx) {
    static const double m[][3][3] = {
        [EDIT_PRESET_IDENTITY] = {{0, 0, 0}, {0, 1, 0}, {0, 0, 0}},
        [EDIT_PRESET_SHARPEN] = {{0, -1, 0}, {-1, 5, -1}, {0, -1, 0}},
        [EDIT_PRESET_SOBEL_X] = {{-1, 0, 1}, {-2, 0, 2}, {-1, 0, 1}},
        [EDIT_PRESET_SOBEL_Y] = {{-1, -2, -1}, {0, 0, 0}, {1, 2, 1}},
        [EDIT_PRESET_LAPLACIAN] = {{0, 1, 0}, {1, -4, 1}, {0, 1, 0}},
        [EDIT_PRESET_EMBOSS] = {{-2, -1, 0}, {-1, 1, 1}, {0, 1, 2}},
    };
    int r, c;
    if (p == EDIT_PRESET_BOX) return 1.0 / (kH * kW);
    if (p == EDIT_PRESET_GAUSSIAN)
        return binomial(kH - 1, ky) * binomial(kW - 1, kx) / ((double)(1LL << (kH - 1)) * (double)(1LL << (kW - 1)));
    /* the 3x3 centred; a smaller kernel keeps the middle of it */
    r = ky - (kH - 3) / 2;
    c = kx - (kW - 3) / 2;
    if (kH < 3) r = ky + (3 - kH + 1) / 2;
    if (kW < 3) c = kx + (3 - kW + 1) / 2;
    return r >= 0 && r < 3 && c >= 0 && c < 3 ? m[p][r][c] : 0;
}

int edit_kernel_preset(scene *s, int layer, int f, int c_local, edit_preset p, errmsg *e) {
    const conv_geom *g;
    scene c;
    int kD, kH, kW;
    if (!s || layer < 0 || layer >= s->nlayers) return errmsg_set(e, "layer: %d is out of range", layer);
    g = &s->layer[layer].g;
    if ((unsigned)p >= EDIT_PRESET_COUNT) return errmsg_set(e, "preset: unknown (%d)", (int)p);
    if (f < 0 || f >= g->out_c) return errmsg_set(e, "filter: %d is outside 0..%d", f, g->out_c - 1);
    if (c_local < 0 || c_local >= g->cpg)
        return errmsg_set(e, "channel: %d is outside 0..%d", c_local, g->cpg - 1);
    kD = g->p.kernel[0];
    kH = g->p.kernel[1];
    kW = g->p.kernel[2];
    if (kH > 62 || kW > 62) return errmsg_set(e, "preset: the kernel is larger than 62 taps a side");
    if (scene_copy(&c, s, e)) return -1;
    for (int tap = 0; tap < g->kvol; tap++) {
        int kz = tap / (kH * kW), ky = tap / kW % kH, kx = tap % kW;
        c.layer[layer].weight[conv_weight_index(g, f, c_local, tap)] =
            kz == kD / 2 ? preset_at(p, kH, kW, ky, kx) : 0;
    }
    return recompute(s, &c, e);
}

int edit_kernel_which(const scene *s, int layer, int f) {
    const conv_geom *g;
    const double *w;
    int kD, kH, kW;
    if (!s || layer < 0 || layer >= s->nlayers || !(w = s->layer[layer].weight)) return -1;
    g = &s->layer[layer].g;
    kD = g->p.kernel[0];
    kH = g->p.kernel[1];
    kW = g->p.kernel[2];
    if (f < 0 || f >= g->out_c || kH > 62 || kW > 62) return -1;
    for (int p = 0; p < EDIT_PRESET_COUNT; p++) {
        int same = 1;
        for (int c = 0; c < g->cpg && same; c++)
            for (int tap = 0; tap < g->kvol && same; tap++) {
                int kz = tap / (kH * kW), ky = tap / kW % kH, kx = tap % kW;
                double want = kz == kD / 2 ? preset_at((edit_preset)p, kH, kW, ky, kx) : 0;
                same = fabs(w[conv_weight_index(g, f, c, tap)] - want) <= 1e-9;
            }
        if (same) return p;
    }
    return -1;
}

static void fill_random(double *p, int64_t n, uint64_t seed, double lo, double hi) {
    tensor_fill f = {TENSOR_FILL_RANDOM, seed, lo, hi, 1};
    if (p) tensor_fill_apply(&f, p, n);
}

int edit_randomize(scene *s, uint64_t seed, errmsg *e) {
    scene c;
    if (!s || s->nlayers < 1) return errmsg_set(e, "scene: no layers");
    if (scene_copy(&c, s, e)) return -1;
    fill_random(c.input, (int64_t)c.in_c * c.layer[0].g.in_cells, seed, 0, 2);
    for (int i = 0; i < c.nlayers; i++) {
        scene_layer *L = &c.layer[i];
        fill_random(L->weight, L->g.weight_count, seed + 1 + 2 * (uint64_t)i, -1, 1);
        fill_random(L->bias, L->p.bias ? L->p.filters : 0, seed + 2 + 2 * (uint64_t)i, 0, 1);
    }
    return recompute(s, &c, e);
}

int edit_set_input(scene *s, const double *data, errmsg *e) {
    scene c;
    if (!s || s->nlayers < 1 || !data) return errmsg_set(e, "input: nothing to set");
    if (scene_copy(&c, s, e)) return -1;
    memcpy(c.input, data, (size_t)c.in_c * (size_t)c.layer[0].g.in_cells * sizeof *data);
    return recompute(s, &c, e);
}

/* ---- the playhead ---- */

static int iclamp(int v, int lo, int hi) { return v < lo ? lo : v > hi ? hi : v; }

int64_t edit_map_step(const conv_geom *old, const conv_geom *now, sched_gran gran, int64_t step) {
    int64_t n = sched_count(old, gran);
    int out[CONV_SP];
    sched_pos p;
    step = step < 0 ? 0 : step >= n ? n - 1 : step;
    p = sched_at(old, gran, step);
    conv_cell_coords(old, p.cell, out);
    for (int a = 0; a < CONV_SP; a++) out[a] = iclamp(out[a], 0, now->out_sp[a] - 1);
    p.filter = iclamp(p.filter, 0, now->out_c - 1);
    p.cell = conv_cell_index(now, out);
    if (p.chan >= now->cpg) p.chan = now->cpg - 1;
    if (p.tap >= 0) {
        int k[CONV_SP];
        conv_tap_coords(old, p.tap, k);
        for (int a = 0; a < CONV_SP; a++) k[a] = iclamp(k[a], 0, now->p.kernel[a] - 1);
        p.tap = (k[0] * now->p.kernel[1] + k[1]) * now->p.kernel[2] + k[2];
    }
    return sched_index(now, gran, p);
}

/* ---- undo / redo ---- */

static scene *slot(edit_history *h, int i) { return &h->ring[(h->first + i) % h->cap]; }

static size_t scene_bytes(const scene *s) {
    int64_t n = s->input ? (int64_t)s->in_c * s->in_sp[0] * s->in_sp[1] * s->in_sp[2] : 0;
    for (int i = 0; i < s->nlayers; i++) {
        const scene_layer *L = &s->layer[i];
        if (L->weight) n += L->g.weight_count;
        if (L->bias) n += L->p.filters;
        if (L->out) n += (int64_t)L->g.out_c * L->g.out_cells;
    }
    return sizeof *s + (size_t)n * sizeof(double);
}

int edit_history_init(edit_history *h, int levels, size_t budget, errmsg *e) {
    memset(h, 0, sizeof *h);
    if (levels < 1) return errmsg_set(e, "history: %d levels, must be at least 1", levels);
    h->ring = calloc((size_t)levels, sizeof *h->ring);
    h->bytes = calloc((size_t)levels, sizeof *h->bytes);
    h->ids = calloc((size_t)levels, sizeof *h->ids);
    if (!h->ring || !h->bytes || !h->ids) {
        edit_history_free(h);
        return errmsg_set(e, "history: out of memory");
    }
    h->cap = levels;
    h->budget = budget;
    h->next_id = 1;
    return 0;
}

/* Frees slots [from, count). */
static void drop_after(edit_history *h, int from) {
    for (int i = from; i < h->count; i++) {
        h->total -= h->bytes[(h->first + i) % h->cap];
        scene_free(slot(h, i));
    }
    h->count = from;
    if (h->at > from) h->at = from;
}

static void drop_oldest(edit_history *h) {
    h->total -= h->bytes[h->first];
    scene_free(slot(h, 0));
    h->first = (h->first + 1) % h->cap;
    h->count--;
    h->at--;
}

void edit_history_free(edit_history *h) {
    if (h->ring) drop_after(h, 0);
    free(h->ring);
    free(h->bytes);
    free(h->ids);
    memset(h, 0, sizeof *h);
}

void edit_history_clear(edit_history *h) {
    drop_after(h, 0);
    h->now = h->next_id++;
}

void edit_history_push(edit_history *h, scene *before) {
    int k;
    drop_after(h, h->at);
    if (h->count == h->cap) drop_oldest(h);
    k = (h->first + h->count) % h->cap;
    h->ring[k] = *before;
    h->bytes[k] = scene_bytes(before);
    h->ids[k] = h->now;
    h->total += h->bytes[k];
    h->count++;
    h->at = h->count;
    h->now = h->next_id++;
    scene_init(before);
    while (h->count > 1 && h->total > h->budget) drop_oldest(h);
}

/* Swaps the scene shown with slot i, bytes and serial number with it. */
static void swap_with(edit_history *h, int i, scene *s) {
    int k = (h->first + i) % h->cap;
    scene t = h->ring[k];
    uint64_t id = h->ids[k];
    h->ring[k] = *s;
    *s = t;
    h->total -= h->bytes[k];
    h->bytes[k] = scene_bytes(&h->ring[k]);
    h->total += h->bytes[k];
    h->ids[k] = h->now;
    h->now = id;
}

int edit_history_undo(edit_history *h, scene *s) {
    if (!edit_history_can_undo(h)) return 0;
    swap_with(h, --h->at, s);
    return 1;
}

int edit_history_redo(edit_history *h, scene *s) {
    if (!edit_history_can_redo(h)) return 0;
    swap_with(h, h->at++, s);
    return 1;
}

int edit_history_can_undo(const edit_history *h) { return h->at > 0; }
int edit_history_can_redo(const edit_history *h) { return h->at < h->count; }
uint64_t edit_history_id(const edit_history *h) { return h->now; }
