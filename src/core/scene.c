#include "scene.h"

#include <math.h>
#include <stdlib.h>
#include <stdio.h>
#include <string.h>

void scene_init(scene *s) {
    memset(s, 0, sizeof *s);
    s->layout = SCENE_CHW;
    for (int a = 0; a < CONV_SP; a++) s->in_sp[a] = 1;
}

void scene_free(scene *s) {
    free(s->input);
    for (int i = 0; i < SCENE_MAX_LAYERS; i++) {
        free(s->layer[i].weight);
        free(s->layer[i].bias);
        free(s->layer[i].out);
    }
    scene_init(s);
}

void scene_layer_input(const scene *s, int i, int *c, int sp[CONV_SP]) {
    if (i == 0) {
        *c = s->in_c;
        memcpy(sp, s->in_sp, sizeof s->in_sp);
    } else {
        *c = s->layer[i - 1].g.out_c;
        memcpy(sp, s->layer[i - 1].g.out_sp, sizeof s->layer[i - 1].g.out_sp);
    }
}

const double *scene_layer_input_data(const scene *s, int i) {
    return i == 0 ? s->input : s->layer[i - 1].out;
}

const tensor_stat *scene_layer_input_stat(const scene *s, int i) {
    return i == 0 ? &s->in_stat : &s->layer[i - 1].out_stat;
}

int scene_resolve(scene *s, errmsg *e) {
    int64_t n;
    int dim[1 + CONV_SP] = {s->in_c, s->in_sp[0], s->in_sp[1], s->in_sp[2]};
    if (tensor_count(1 + CONV_SP, dim, &n, "input.shape", e)) return -1;
    if (s->nlayers < 1) return errmsg_set(e, "layers: at least one layer is needed");
    if (s->nlayers > SCENE_MAX_LAYERS)
        return errmsg_set(e, "layers: %d layers, the limit is %d", s->nlayers, SCENE_MAX_LAYERS);
    for (int i = 0; i < s->nlayers; i++) {
        int c, sp[CONV_SP];
        const conv_geom *g = &s->layer[i].g;
        scene_layer_input(s, i, &c, sp);
        if (conv_resolve(&s->layer[i].p, c, sp, &s->layer[i].g, e)) {
            errmsg_prefix(e, "layers[%d].", i);
            return -1;
        }
        /* Each tensor within its limit can still add up to gigabytes over
         * 16 layers: the scene as a whole has one too. */
        n += g->weight_count + (int64_t)g->out_c * g->out_cells + g->p.filters;
        if (n > SCENE_MAX_VALUES)
            return errmsg_set(e, "layers[%d]: more than %lld values in the scene up to this layer (input, "
                                 "weights, biases, outputs), the limit on a scene",
                              i, (long long)SCENE_MAX_VALUES);
    }
    return 0;
}

/* The first value of the layer's output that is not finite: the message
 * names it, since JSON has no inf and an animation of inf teaches nothing. */
static int check_finite(const scene_layer *L, errmsg *e) {
    static const char *const axis[CONV_SP] = {"z", "y", "x"};
    const conv_geom *g = &L->g;
    int64_t n = (int64_t)g->out_c * g->out_cells, k, cell;
    int ndim = conv_ndim(g->p.kind), pos[CONV_SP], a;
    char at[96];
    size_t len = 0;
    for (k = 0; k < n && isfinite(L->out[k]); k++) {}
    if (k == n) return 0;
    cell = k % g->out_cells;
    pos[2] = (int)(cell % g->out_sp[2]);
    pos[1] = (int)(cell / g->out_sp[2] % g->out_sp[1]);
    pos[0] = (int)(cell / ((int64_t)g->out_sp[2] * g->out_sp[1]));
    at[0] = 0;
    for (a = CONV_SP - ndim; a < CONV_SP; a++)
        len += (size_t)snprintf(at + len, sizeof at - len, ", %s %d", axis[a], pos[a]);
    return errmsg_set(e, "output: filter %lld%s is %s: the values overflow a double; keep the inputs "
                         "and weights smaller", (long long)(k / g->out_cells), at,
                      isnan(L->out[k]) ? "nan" : L->out[k] > 0 ? "inf" : "-inf");
}

static void layer_stats(scene_layer *L) {
    L->w_stat = tensor_stat_of(L->weight, L->g.weight_count);
    L->b_stat = tensor_stat_of(L->p.bias ? L->bias : NULL, L->g.out_c);
    L->out_stat = tensor_stat_of(L->out, (int64_t)L->g.out_c * L->g.out_cells);
}

static int compute_layer(scene *s, int i, errmsg *e) {
    scene_layer *L = &s->layer[i];
    if (!L->weight && !(L->weight = tensor_alloc(L->g.weight_count, "weights", e))) return -1;
    free(L->out);
    if (!(L->out = tensor_alloc((int64_t)L->g.out_c * L->g.out_cells, "output", e))) return -1;
    conv_forward(&L->g, scene_layer_input_data(s, i), L->weight, L->bias, L->out);
    layer_stats(L);
    return check_finite(L, e);
}

int scene_compute(scene *s, errmsg *e) {
    s->in_stat = tensor_stat_of(s->input, (int64_t)s->in_c * s->in_sp[0] * s->in_sp[1] * s->in_sp[2]);
    for (int i = 0; i < s->nlayers; i++)
        if (compute_layer(s, i, e)) {
            errmsg_prefix(e, "layers[%d].", i);
            return -1;
        }
    return 0;
}

int scene_compute_filter(scene *s, int layer, int filter, errmsg *e) {
    scene_layer *L;
    const double *in;
    if (layer < 0 || layer >= s->nlayers || !s->layer[layer].out || !s->layer[layer].weight)
        return scene_compute(s, e);
    L = &s->layer[layer];
    if (filter < 0 || filter >= L->g.out_c) return scene_compute(s, e);
    in = scene_layer_input_data(s, layer);
    for (int64_t cell = 0; cell < L->g.out_cells; cell++)
        L->out[(int64_t)filter * L->g.out_cells + cell] = conv_cell(&L->g, in, L->weight, L->bias, filter, cell, NULL, NULL);
    layer_stats(L);
    if (check_finite(L, e)) {
        errmsg_prefix(e, "layers[%d].", layer);
        return -1;
    }
    for (int i = layer + 1; i < s->nlayers; i++)
        if (compute_layer(s, i, e)) {
            errmsg_prefix(e, "layers[%d].", i);
            return -1;
        }
    return 0;
}

static double *filled(int64_t n, double lo, double hi, uint64_t seed, const char *what, errmsg *e) {
    tensor_fill f = {TENSOR_FILL_RANDOM, seed, lo, hi, 1};
    double *p = tensor_alloc(n, what, e);
    if (p) tensor_fill_apply(&f, p, n);
    return p;
}

int scene_make(scene *s, const conv_params *p, int in_c, const int in_sp[CONV_SP],
               uint64_t seed, errmsg *e) {
    scene_layer *L = &s->layer[0];
    scene_init(s);
    s->in_c = in_c;
    memcpy(s->in_sp, in_sp, sizeof s->in_sp);
    s->nlayers = 1;
    L->p = *p;
    if (scene_resolve(s, e)) goto fail;
    if (!(s->input = filled((int64_t)in_c * L->g.in_cells, 0, 2, seed, "input", e))) goto fail;
    if (!(L->weight = filled(L->g.weight_count, -1, 1, seed + 1, "weights", e))) goto fail;
    if (p->bias && !(L->bias = filled(p->filters, 0, 1, seed + 2, "bias", e))) goto fail;
    if (scene_compute(s, e)) goto fail;
    return 0;
fail:
    scene_free(s);
    return -1;
}

int scene_make_default(scene *s, errmsg *e) {
    conv_params p;
    int sp[CONV_SP] = {1, 5, 5};
    conv_params_init(&p, CONV_2D);
    p.filters = 2;
    p.kernel[1] = p.kernel[2] = 3;
    p.stride[1] = p.stride[2] = 2;
    p.padding = CONV_PAD_AMOUNT;
    p.pad[1][0] = p.pad[1][1] = p.pad[2][0] = p.pad[2][1] = 1;
    if (scene_make(s, &p, 3, sp, 7, e)) return -1;
    /* The CS231n demo's biases, so the bias step is visible on filter 0. */
    s->layer[0].bias[0] = 1;
    s->layer[0].bias[1] = 0;
    snprintf(s->title, sizeof s->title, "%s", "CS231n demo: 5x5x3 input, two 3x3x3 filters, stride 2, padding 1");
    return scene_compute(s, e);
}

static double *dup_array(const double *src, int64_t n, errmsg *e) {
    double *p;
    if (!src) return NULL;
    if (!(p = tensor_alloc(n, "copy", e))) return NULL;
    memcpy(p, src, (size_t)n * sizeof *p);
    return p;
}

int scene_copy(scene *dst, const scene *src, errmsg *e) {
    *dst = *src;
    dst->input = NULL;
    for (int i = 0; i < SCENE_MAX_LAYERS; i++)
        dst->layer[i].weight = dst->layer[i].bias = dst->layer[i].out = NULL;
    if (src->input && !(dst->input = dup_array(src->input, (int64_t)src->in_c * src->in_sp[0] * src->in_sp[1] * src->in_sp[2], e)))
        goto fail;
    for (int i = 0; i < src->nlayers; i++) {
        const scene_layer *L = &src->layer[i];
        scene_layer *D = &dst->layer[i];
        if (L->weight && !(D->weight = dup_array(L->weight, L->g.weight_count, e))) goto fail;
        if (L->bias && !(D->bias = dup_array(L->bias, L->p.filters, e))) goto fail;
        if (L->out && !(D->out = dup_array(L->out, (int64_t)L->g.out_c * L->g.out_cells, e))) goto fail;
    }
    return 0;
fail:
    scene_free(dst);
    return -1;
}

int scene_user_shape(const scene *s, int c, const int sp[CONV_SP], int ndim, int dim[4]) {
    int k = 0;
    if (s->layout == SCENE_CHW) dim[k++] = c;
    for (int i = CONV_SP - ndim; i < CONV_SP; i++) dim[k++] = sp[i];
    if (s->layout == SCENE_HWC) dim[k++] = c;
    return k;
}
