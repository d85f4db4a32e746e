#include "net.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

void net_tensor_shape(const scene *s, int t, int *c, int sp[CONV_SP]) { scene_layer_input(s, t, c, sp); }

int net_cell_at(const scene *s, int t, int64_t b, int *c, int at[CONV_SP]) {
    int n, sp[CONV_SP];
    int64_t cells;
    if (t < 0 || t > s->nlayers) return -1;
    net_tensor_shape(s, t, &n, sp);
    cells = (int64_t)sp[0] * sp[1] * sp[2];
    if (b < 0 || b >= n * cells) return -1;
    *c = (int)(b / cells);
    b %= cells;
    at[2] = (int)(b % sp[2]);
    at[1] = (int)(b / sp[2] % sp[1]);
    at[0] = (int)(b / sp[2] / sp[1]);
    return 0;
}

int64_t net_cell_index(const scene *s, int t, int c, const int at[CONV_SP]) {
    int n, sp[CONV_SP];
    net_tensor_shape(s, t, &n, sp);
    return (int64_t)c * sp[0] * sp[1] * sp[2] + ((int64_t)at[0] * sp[1] + at[1]) * sp[2] + at[2];
}

void net_fields_free(net_field *fields, int n) {
    for (int t = 0; t < n; t++) {
        free(fields[t].chan);
        for (int a = 0; a < CONV_SP; a++) free(fields[t].pos[a]);
        memset(&fields[t], 0, sizeof fields[t]);
    }
}

static int field_alloc(const scene *s, int t, net_field *f) {
    memset(f, 0, sizeof *f);
    net_tensor_shape(s, t, &f->c, f->sp);
    f->chan = calloc((size_t)f->c, 1);
    if (!f->chan) return -1;
    for (int a = 0; a < CONV_SP; a++)
        if (!(f->pos[a] = calloc((size_t)f->sp[a], 1))) return -1;
    return 0;
}

/* Input channels that output channel o of layer g reads: its group's. */
static void back_channels(const conv_geom *g, const net_field *out, net_field *in) {
    for (int o = 0; o < out->c; o++) {
        int c0;
        if (!out->chan[o]) continue;
        c0 = conv_group_first_channel(g, o);
        memset(in->chan + c0, 1, (size_t)g->cpg);
    }
}

/* Positions on axis a that output position o reads, as conv.c's taps do
 * (tap_direct, tap_transposed), one axis at a time. */
static void back_axis(const conv_geom *g, int a, int o, unsigned char *in) {
    int k = g->p.kernel[a], s = g->p.stride[a], d = g->p.dilation[a], n = g->in_sp[a];
    for (int i = 0; i < k; i++) {
        if (g->p.kind == CONV_TRANSPOSE_2D) {
            int num = o + g->pad_lo[a] - i * d;
            if (num >= 0 && num <= (n - 1) * s && num % s == 0) in[num / s] = 1;
        } else {
            int p = o * s + i * d - g->pad_lo[a];
            if (p >= 0 && p < n) in[p] = 1;
            else if (g->p.padding_mode != CONV_MODE_ZEROS) in[conv_pad_source(g->p.padding_mode, p, n)] = 1;
        }
    }
}

int net_fields(const scene *s, int t, int c, const int at[CONV_SP], net_field *fields, errmsg *e) {
    if (t < 0 || t > s->nlayers) return errmsg_set(e, "cell: tensor %d is out of range (0-%d)", t, s->nlayers);
    for (int i = 0; i <= t; i++) {
        if (field_alloc(s, i, &fields[i]) == 0) continue;
        net_fields_free(fields, i + 1);
        return errmsg_set(e, "cell: out of memory");
    }
    if (c < 0 || c >= fields[t].c) {
        errmsg_set(e, "cell: channel %d is out of range (0-%d)", c, fields[t].c - 1);
        net_fields_free(fields, t + 1);
        return -1;
    }
    for (int a = 0; a < CONV_SP; a++) {
        if (at[a] >= 0 && at[a] < fields[t].sp[a]) continue;
        errmsg_set(e, "cell: position %d on axis %d is out of range (0-%d)", at[a], a, fields[t].sp[a] - 1);
        net_fields_free(fields, t + 1);
        return -1;
    }
    fields[t].chan[c] = 1;
    for (int a = 0; a < CONV_SP; a++) fields[t].pos[a][at[a]] = 1;
    for (int i = t; i-- > 0;) {
        const conv_geom *g = &s->layer[i].g;
        back_channels(g, &fields[i + 1], &fields[i]);
        for (int a = 0; a < CONV_SP; a++)
            for (int o = 0; o < fields[i + 1].sp[a]; o++)
                if (fields[i + 1].pos[a][o]) back_axis(g, a, o, fields[i].pos[a]);
    }
    return 0;
}

int net_field_has(const net_field *f, int c, const int at[CONV_SP]) {
    if (c < 0 || c >= f->c || !f->chan[c]) return 0;
    for (int a = 0; a < CONV_SP; a++)
        if (at[a] < 0 || at[a] >= f->sp[a] || !f->pos[a][at[a]]) return 0;
    return 1;
}

void net_field_span(const net_field *f, int a, int *first, int *last) {
    *first = *last = -1;
    for (int i = 0; i < f->sp[a]; i++) {
        if (!f->pos[a][i]) continue;
        if (*first < 0) *first = i;
        *last = i;
    }
}

static int64_t count(const unsigned char *v, int n) {
    int64_t k = 0;
    for (int i = 0; i < n; i++) k += v[i] != 0;
    return k;
}

int64_t net_field_cells(const net_field *f) {
    int64_t k = count(f->chan, f->c);
    for (int a = 0; a < CONV_SP; a++) k *= count(f->pos[a], f->sp[a]);
    return k;
}

int net_receptive(const scene *s, int t, net_rf *rf) {
    if (t < 0 || t > s->nlayers) return -1;
    for (int a = 0; a < CONV_SP; a++) rf->size[a] = rf->jump[a] = 1;
    for (int i = 0; i < t; i++) {
        const conv_params *p = &s->layer[i].g.p;
        if (p->kind == CONV_TRANSPOSE_2D) return -1;
        for (int a = 0; a < CONV_SP; a++) {
            rf->size[a] += (p->kernel[a] - 1) * p->dilation[a] * rf->jump[a];
            rf->jump[a] *= p->stride[a];
        }
    }
    return 0;
}

int net_rf_terms(char *size, size_t ns, char *jump, size_t nj, const scene *s, int t, int a) {
    net_rf rf;
    size_t ks, kj;
    int j = 1;
    size[0] = jump[0] = 0;
    if (a < 0 || a >= CONV_SP || net_receptive(s, t, &rf)) return -1;
    ks = (size_t)snprintf(size, ns, "1");
    kj = (size_t)snprintf(jump, nj, "1");
    for (int i = 0; i < t; i++) {
        const conv_params *p = &s->layer[i].g.p;
        if (ks < ns) ks += (size_t)snprintf(size + ks, ns - ks, " + %d*%d", (p->kernel[a] - 1) * p->dilation[a], j);
        if (kj < nj) kj += (size_t)snprintf(jump + kj, nj - kj, "*%d", p->stride[a]);
        j *= p->stride[a];
    }
    if (ks < ns) snprintf(size + ks, ns - ks, " = %d", rf.size[a]);
    if (kj < nj) snprintf(jump + kj, nj - kj, " = %d", rf.jump[a]);
    return 0;
}
