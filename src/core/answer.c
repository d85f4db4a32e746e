#include "answer.h"

#include <ctype.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "explain.h"

/* Separators people put between the sides of a shape; brackets around it. */
static int is_sep(int c) { return c == ',' || c == 'x' || c == 'X' || c == '*' || isspace(c); }
static int is_bracket(int c) { return c == '(' || c == ')' || c == '[' || c == ']'; }

int answer_parse(const char *text, double *v, int max, int *n, errmsg *e) {
    const char *p = text;
    *n = 0;
    if (max > ANSWER_MAX_NUMBERS) max = ANSWER_MAX_NUMBERS;
    for (;;) {
        char *end;
        double x;
        while (*p && (is_sep((unsigned char)*p) || is_bracket((unsigned char)*p))) p++;
        if (!*p) break;
        /* "×" (U+00D7) as a separator too */
        if ((unsigned char)p[0] == 0xC3 && (unsigned char)p[1] == 0x97) {
            p += 2;
            continue;
        }
        x = strtod(p, &end);
        if (end == p || !isfinite(x) || (*end && !is_sep((unsigned char)*end) && !is_bracket((unsigned char)*end) &&
                                         (unsigned char)*end != 0xC3))
            return errmsg_set(e, "answer: \"%.40s\" is not a number or a list like (4, 4, 2)", text);
        if (*n == max)
            return errmsg_set(e, "answer: \"%.40s\" has more than %d number%s", text, max, max == 1 ? "" : "s");
        v[(*n)++] = x;
        p = end;
    }
    if (*n == 0 && text[strspn(text, " \t")])
        return errmsg_set(e, "answer: \"%.40s\" is not a number or a list like (4, 4, 2)", text);
    if (*n == 0) return errmsg_set(e, "answer: type a number%s", max > 1 ? " or a list like (4, 4, 2)" : "");
    return 0;
}

static void shape_of(const scene *s, const conv_geom *g, int *dim, int *rank, char *buf, size_t n) {
    size_t k;
    *rank = scene_user_shape(s, g->out_c, g->out_sp, conv_ndim(g->p.kind), dim);
    k = (size_t)snprintf(buf, n, "(");
    for (int i = 0; i < *rank && k < n; i++) k += (size_t)snprintf(buf + k, n - k, "%s%d", i ? ", " : "", dim[i]);
    if (k < n) snprintf(buf + k, n - k, ")");
}

/* Digits typed after the decimal point ("0.333": 3), -1 without one. */
static int decimals(const char *typed) {
    const char *dot = strchr(typed, '.');
    int n = 0;
    if (!dot) return -1;
    while (isdigit((unsigned char)dot[1 + n])) n++;
    return n;
}

void answer_value_cell(const scene *s, int layer, sched_gran gran, int64_t step, int *filter, int64_t *cell) {
    const conv_geom *g = &s->layer[layer].g;
    lesson_cell_at(s, layer, gran, step, filter, cell);
    if (step >= sched_cell_last(g, gran, *filter, *cell) && step + 1 < sched_count(g, gran))
        lesson_cell_at(s, layer, gran, step + 1, filter, cell);
}

void answer_cell_name(char *buf, size_t n, const scene *s, int layer, int filter, int64_t cell) {
    const conv_geom *g = &s->layer[layer].g;
    int at[CONV_SP], nd = conv_ndim(g->p.kind);
    size_t k = (size_t)snprintf(buf, n, "output");
    conv_cell_coords(g, cell, at);
    if (s->layout == SCENE_CHW && k < n) k += (size_t)snprintf(buf + k, n - k, "[%d]", filter);
    for (int a = CONV_SP - nd; a < CONV_SP && k < n; a++) k += (size_t)snprintf(buf + k, n - k, "[%d]", at[a]);
    if (s->layout == SCENE_HWC && k < n) snprintf(buf + k, n - k, "[%d]", filter);
}

void answer_prompt(char *buf, size_t n, const scene *s, int layer, sched_gran gran, int64_t step, lesson_qkind q) {
    int f;
    int64_t cell;
    char name[64];
    if (q != LESSON_Q_VALUE && q != LESSON_Q_FIELD) {
        snprintf(buf, n, "%s", lesson_q_prompt(q));
        return;
    }
    if (q == LESSON_Q_VALUE) answer_value_cell(s, layer, gran, step, &f, &cell);
    else lesson_cell_at(s, layer, gran, step, &f, &cell);
    answer_cell_name(name, sizeof name, s, layer, f, cell);
    if (q == LESSON_Q_VALUE) snprintf(buf, n, "What is the next output value, %s?", name);
    else snprintf(buf, n, "Which input cells does %s read? Click them, then Enter.", name);
}

static void check_value(const scene *s, int layer, sched_gran gran, int64_t step, double x, int dec,
                        answer_verdict *v) {
    const scene_layer *L = &s->layer[layer];
    const conv_geom *g = &L->g;
    char ar[ANSWER_VERDICT - 128], you[32], name[64];
    int f;
    int64_t cell;
    double want, scale = 0;
    answer_value_cell(s, layer, gran, step, &f, &cell);
    answer_cell_name(name, sizeof name, s, layer, f, cell);
    want = L->out[(int64_t)f * g->out_cells + cell];
    for (int64_t i = 0; i < (int64_t)g->out_c * g->out_cells; i++) scale = fmax(scale, fabs(L->out[i]));
    /* exact but for float noise, or rounded to the decimals typed ("0.333") */
    v->right = fabs(x - want) <= 1e-9 * fmax(1, scale) || (dec > 0 && fabs(x - want) <= 0.5 * pow(10, -dec) + 1e-12);
    explain_cell_line(ar, sizeof ar, g, scene_layer_input_data(s, layer), L->weight, L->bias, f, cell);
    explain_num(you, sizeof you, x);
    if (v->right) snprintf(v->text, sizeof v->text, "right: %s = %s", name, ar);
    else snprintf(v->text, sizeof v->text, "not quite (you said %s): %s = %s", you, name, ar);
}

static void check_shape(const scene *s, const conv_geom *g, const double *x, int nx, answer_verdict *v) {
    int dim[4], rank, k = 0;
    char want[64], f[512];
    size_t len;
    shape_of(s, g, dim, &rank, want, sizeof want);
    v->right = nx == rank;
    for (int i = 0; v->right && i < rank; i++) v->right = x[i] == dim[i];
    len = (size_t)snprintf(v->text, sizeof v->text, "%s: the output is %s", v->right ? "right" : "not quite", want);
    for (int a = CONV_SP - conv_ndim(g->p.kind); a < CONV_SP && len < sizeof v->text; a++, k++) {
        explain_out_size(f, sizeof f, g, a);
        len += (size_t)snprintf(v->text + len, sizeof v->text - len, "%s%s", k ? "; " : ": ", f);
    }
    if (len < sizeof v->text)
        snprintf(v->text + len, sizeof v->text - len, "; %d filter%s give%s %d channel%s", g->out_c,
                 g->out_c == 1 ? "" : "s", g->out_c == 1 ? "s" : "", g->out_c, g->out_c == 1 ? "" : "s");
}

static void check_params(const conv_geom *g, double x, answer_verdict *v) {
    char sum[128];
    explain_params(sum, sizeof sum, g);
    v->right = x == (double)g->param_count;
    snprintf(v->text, sizeof v->text, "%s: %s%s", v->right ? "right" : "not quite", sum,
             g->p.bias ? " (each filter's weights, plus its bias)" : " (each filter's weights, no bias)");
}

int answer_check(const scene *s, int layer, sched_gran gran, int64_t step, lesson_qkind q, const char *typed,
                 answer_verdict *v, errmsg *e) {
    double x[ANSWER_MAX_NUMBERS];
    int n;
    const conv_geom *g;
    if (layer < 0 || layer >= s->nlayers) return errmsg_set(e, "layer: %d is outside the scene's layers", layer);
    g = &s->layer[layer].g;
    switch (q) {
    case LESSON_Q_VALUE:
        if (answer_parse(typed, x, 1, &n, e)) return -1;
        check_value(s, layer, gran, step, x[0], decimals(typed), v);
        return 0;
    case LESSON_Q_SHAPE:
        if (answer_parse(typed, x, ANSWER_MAX_NUMBERS, &n, e)) return -1;
        check_shape(s, g, x, n, v);
        return 0;
    case LESSON_Q_PARAMS:
        if (answer_parse(typed, x, 1, &n, e)) return -1;
        check_params(g, x[0], v);
        return 0;
    default:
        return errmsg_set(e, "question: %s is not answered by typing", lesson_q_names[q]);
    }
}

int64_t answer_field(const scene *s, int layer, sched_gran gran, int64_t step, unsigned char *field) {
    const conv_geom *g = &s->layer[layer].g;
    int f, out[CONV_SP];
    int64_t cell, marked = 0;
    lesson_cell_at(s, layer, gran, step, &f, &cell);
    conv_cell_coords(g, cell, out);
    memset(field, 0, (size_t)g->in_cells);
    for (int tap = 0; tap < g->kvol; tap++) {
        conv_tap t;
        int64_t i;
        conv_tap_at(g, out, tap, &t);
        if (t.kind != CONV_TAP_DATA && t.kind != CONV_TAP_COPY) continue;
        i = ((int64_t)t.src[0] * g->in_sp[1] + t.src[1]) * g->in_sp[2] + t.src[2];
        if (!field[i]) marked++;
        field[i] = 1;
    }
    return marked;
}

void answer_check_field(const scene *s, int layer, sched_gran gran, int64_t step, const unsigned char *picked,
                        answer_verdict *v) {
    const conv_geom *g = &s->layer[layer].g;
    unsigned char *want = malloc((size_t)g->in_cells);
    int64_t n, hit = 0, extra = 0;
    int f, out[CONV_SP], k[CONV_SP];
    int64_t cell;
    if (!want) {
        v->right = 0;
        snprintf(v->text, sizeof v->text, "out of memory");
        return;
    }
    n = answer_field(s, layer, gran, step, want);
    for (int64_t i = 0; i < g->in_cells; i++) {
        if (picked[i] && want[i]) hit++;
        else if (picked[i]) extra++;
    }
    free(want);
    lesson_cell_at(s, layer, gran, step, &f, &cell);
    conv_cell_coords(g, cell, out);
    conv_tap_coords(g, g->kvol - 1, k);
    v->right = hit == n && extra == 0;
    snprintf(v->text, sizeof v->text,
             "%s: it reads %lld input cell%s (a %dx%d window, dilation %d, stride %d%s); you picked %lld of them%s",
             v->right ? "right" : "not quite", (long long)n, n == 1 ? "" : "s", k[1] + 1, k[2] + 1,
             g->p.dilation[2], g->p.stride[2], n < g->kvol ? ", the rest is padding" : "", (long long)hit,
             extra ? " and cells outside it" : "");
}
