#include "lesson.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "explain.h"

const char *const lesson_q_names[LESSON_Q_COUNT] = {
    "none", "next_value", "output_shape", "params", "receptive_field"
};
_Static_assert(sizeof lesson_q_names / sizeof lesson_q_names[0] == LESSON_Q_COUNT, "one name per question");

static const char *const q_prompts[LESSON_Q_COUNT] = {
    "",
    "What is the next output value?",
    "What is the shape of this layer's output?",
    "How many parameters (weights and biases) does this layer have?",
    "Which input cells does this output cell read? Click them, then press Enter.",
};
_Static_assert(sizeof q_prompts / sizeof q_prompts[0] == LESSON_Q_COUNT, "one prompt per question");

const char *lesson_q_prompt(lesson_qkind q) {
    return (int)q >= 0 && q < LESSON_Q_COUNT ? q_prompts[q] : "";
}

const char *const lesson_field_names[LESSON_F_COUNT] = {
    "title",
    "C_in", "D_in", "H_in", "W_in",
    "C_out", "D_out", "H_out", "W_out",
    "K_H", "K_W", "S_H", "S_W",
    "P_H", "P_W", "Dil_H", "Dil_W",
    "groups", "filters",
    "in_shape", "out_shape",
    "formula_H", "formula_W",
    "params", "params_sum", "total_params",
    "weights", "macs", "convolutions", "channels_per_filter",
    "layer", "layers",
    "value", "arithmetic",
};
_Static_assert(sizeof lesson_field_names / sizeof lesson_field_names[0] == LESSON_F_COUNT, "one name per field");

void lesson_init(lesson *l) {
    memset(l, 0, sizeof *l);
}

void lesson_free(lesson *l) {
    for (int i = 0; l->slide && i < l->nslides; i++) scene_free(&l->slide[i].s);
    free(l->slide);
    lesson_init(l);
}

void lesson_cell_at(const scene *s, int layer, sched_gran gran, int64_t step, int *filter, int64_t *cell) {
    const conv_geom *g = &s->layer[layer].g;
    int64_t n = sched_count(g, gran);
    sched_pos p = sched_at(g, gran, step < 0 ? 0 : step >= n ? n - 1 : step);
    *filter = p.filter;
    *cell = p.cell;
}

/* "(8, 8, 3)": the shape as the user writes it. */
static void shape_text(char *buf, size_t n, const scene *s, int c, const int sp[CONV_SP], int ndim) {
    int dim[4], rank = scene_user_shape(s, c, sp, ndim, dim);
    size_t k = (size_t)snprintf(buf, n, "(");
    for (int i = 0; i < rank && k < n; i++) k += (size_t)snprintf(buf + k, n - k, "%s%d", i ? ", " : "", dim[i]);
    if (k < n) snprintf(buf + k, n - k, ")");
}

/* An axis of a kind that does not have it reads as 1 (D of a conv2d). */
static int axis_of(const char *name) {
    return name[strlen(name) - 1] == 'H' ? 1 : 2;
}

static void field_text(char *buf, size_t n, lesson_field f, const scene *s, int layer, sched_gran gran,
                       int64_t step) {
    const conv_geom *g = &s->layer[layer].g;
    int nd = conv_ndim(g->p.kind), filter;
    int64_t cell, total = 0;
    switch (f) {
    case LESSON_F_TITLE: snprintf(buf, n, "%s", s->title); return;
    case LESSON_F_C_IN: snprintf(buf, n, "%d", g->in_c); return;
    case LESSON_F_D_IN: snprintf(buf, n, "%d", g->in_sp[0]); return;
    case LESSON_F_H_IN: snprintf(buf, n, "%d", g->in_sp[1]); return;
    case LESSON_F_W_IN: snprintf(buf, n, "%d", g->in_sp[2]); return;
    case LESSON_F_C_OUT: case LESSON_F_FILTERS: snprintf(buf, n, "%d", g->out_c); return;
    case LESSON_F_D_OUT: snprintf(buf, n, "%d", g->out_sp[0]); return;
    case LESSON_F_H_OUT: snprintf(buf, n, "%d", g->out_sp[1]); return;
    case LESSON_F_W_OUT: snprintf(buf, n, "%d", g->out_sp[2]); return;
    case LESSON_F_K_H: case LESSON_F_K_W:
        snprintf(buf, n, "%d", g->p.kernel[axis_of(lesson_field_names[f])]);
        return;
    case LESSON_F_S_H: case LESSON_F_S_W:
        snprintf(buf, n, "%d", g->p.stride[axis_of(lesson_field_names[f])]);
        return;
    case LESSON_F_DIL_H: case LESSON_F_DIL_W:
        snprintf(buf, n, "%d", g->p.dilation[axis_of(lesson_field_names[f])]);
        return;
    case LESSON_F_P_H: case LESSON_F_P_W: {
        int a = axis_of(lesson_field_names[f]);
        if (g->pad_lo[a] == g->pad_hi[a]) snprintf(buf, n, "%d", g->pad_lo[a]);
        else snprintf(buf, n, "%d+%d", g->pad_lo[a], g->pad_hi[a]);
        return;
    }
    case LESSON_F_GROUPS: snprintf(buf, n, "%d", g->p.groups); return;
    case LESSON_F_IN_SHAPE: shape_text(buf, n, s, g->in_c, g->in_sp, nd); return;
    case LESSON_F_OUT_SHAPE: shape_text(buf, n, s, g->out_c, g->out_sp, nd); return;
    case LESSON_F_FORMULA_H: case LESSON_F_FORMULA_W:
        explain_out_size(buf, n, g, f == LESSON_F_FORMULA_H && nd >= 2 ? 1 : 2);
        return;
    case LESSON_F_PARAMS: snprintf(buf, n, "%lld", (long long)g->param_count); return;
    case LESSON_F_PARAMS_SUM: explain_params(buf, n, g); return;
    case LESSON_F_TOTAL_PARAMS:
        for (int i = 0; i < s->nlayers; i++) total += s->layer[i].g.param_count;
        snprintf(buf, n, "%lld", (long long)total);
        return;
    case LESSON_F_WEIGHTS: snprintf(buf, n, "%lld", (long long)g->weight_count); return;
    case LESSON_F_MACS: snprintf(buf, n, "%lld", (long long)g->macs); return;
    case LESSON_F_CONVS: snprintf(buf, n, "%lld", (long long)g->out_c * g->cpg); return;
    case LESSON_F_CPG: snprintf(buf, n, "%d", g->cpg); return;
    case LESSON_F_LAYER: snprintf(buf, n, "%d", layer + 1); return;
    case LESSON_F_LAYERS: snprintf(buf, n, "%d", s->nlayers); return;
    case LESSON_F_VALUE:
        lesson_cell_at(s, layer, gran, step, &filter, &cell);
        explain_num(buf, n, s->layer[layer].out[(int64_t)filter * g->out_cells + cell]);
        return;
    case LESSON_F_ARITHMETIC:
        lesson_cell_at(s, layer, gran, step, &filter, &cell);
        explain_cell_line(buf, n, g, scene_layer_input_data(s, layer), s->layer[layer].weight,
                          s->layer[layer].bias, filter, cell);
        return;
    case LESSON_F_COUNT: break;
    }
    if (n) buf[0] = 0;
}

static void known_fields(char *buf, size_t n) {
    size_t k = 0;
    buf[0] = 0;
    for (int i = 0; i < LESSON_F_COUNT && k < n; i++)
        k += (size_t)snprintf(buf + k, n - k, "%s%s", i ? ", " : "", lesson_field_names[i]);
}

int lesson_fill_at(char *buf, size_t n, const char *text, const scene *s, int layer, sched_gran gran,
                   int64_t step, errmsg *e) {
    size_t k = 0;
    char val[8192];
    if (n == 0) return 0;
    if (layer < 0 || layer >= s->nlayers) return errmsg_set(e, "layer: %d is outside the scene's layers", layer);
    for (const char *p = text; *p; p++) {
        const char *end;
        if ((p[0] == '{' && p[1] == '{') || (p[0] == '}' && p[1] == '}')) {
            if (k + 1 < n) buf[k++] = *p;
            p++;
            continue;
        }
        if (*p == '}') return errmsg_set(e, "a '}' without its '{' (write }} for a brace)");
        if (*p != '{') {
            if (k + 1 < n) buf[k++] = *p;
            continue;
        }
        if (!(end = strchr(p + 1, '}'))) return errmsg_set(e, "a '{' without its '}' (write {{ for a brace)");
        int f = 0;
        for (; f < LESSON_F_COUNT; f++)
            if (strlen(lesson_field_names[f]) == (size_t)(end - p - 1) &&
                strncmp(lesson_field_names[f], p + 1, (size_t)(end - p - 1)) == 0)
                break;
        if (f == LESSON_F_COUNT) {
            char known[640];
            known_fields(known, sizeof known);
            return errmsg_set(e, "{%.*s} is not a field (known: %s)", (int)(end - p - 1 > 40 ? 40 : end - p - 1),
                              p + 1, known);
        }
        field_text(val, sizeof val, (lesson_field)f, s, layer, gran, step);
        for (const char *v = val; *v && k + 1 < n; v++) buf[k++] = *v;
        p = end;
    }
    buf[k] = 0;
    return 0;
}

int lesson_fill(char *buf, size_t n, const char *text, const lesson_slide *sl, errmsg *e) {
    return lesson_fill_at(buf, n, text, &sl->s, sl->layer, sl->gran, sl->step, e);
}
