/* net: receptive fields through stacks of layers, against a brute force
 * that follows every tap of every cell (conv_tap_at) tensor by tensor. */
#include <stdlib.h>
#include <string.h>

#include "check.h"
#include "net.h"

static uint64_t rng = 88172645463325252ull;
static int rnd(int n) {
    rng ^= rng << 13;
    rng ^= rng >> 7;
    rng ^= rng << 17;
    return (int)(rng % (uint64_t)n);
}

/* Per tensor a full mask [c][cells]: the field by following taps. */
static unsigned char **brute(const scene *s, int t, int c, const int at[CONV_SP]) {
    unsigned char **m = calloc((size_t)t + 1, sizeof *m);
    for (int i = 0; i <= t; i++) {
        int ch, sp[CONV_SP];
        net_tensor_shape(s, i, &ch, sp);
        m[i] = calloc((size_t)ch * sp[0] * sp[1] * sp[2], 1);
    }
    {
        int ch, sp[CONV_SP];
        net_tensor_shape(s, t, &ch, sp);
        m[t][(int64_t)c * sp[0] * sp[1] * sp[2] + ((int64_t)at[0] * sp[1] + at[1]) * sp[2] + at[2]] = 1;
    }
    for (int i = t; i-- > 0;) {
        const conv_geom *g = &s->layer[i].g;
        for (int f = 0; f < g->out_c; f++)
            for (int64_t cell = 0; cell < g->out_cells; cell++) {
                int out[CONV_SP];
                if (!m[i + 1][(int64_t)f * g->out_cells + cell]) continue;
                conv_cell_coords(g, cell, out);
                for (int tap = 0; tap < g->kvol; tap++) {
                    conv_tap tp;
                    conv_tap_at(g, out, tap, &tp);
                    if (tp.kind != CONV_TAP_DATA && tp.kind != CONV_TAP_COPY) continue;
                    for (int cl = 0; cl < g->cpg; cl++) {
                        int ic = conv_group_first_channel(g, f) + cl;
                        int64_t src = ((int64_t)tp.src[0] * g->in_sp[1] + tp.src[1]) * g->in_sp[2] + tp.src[2];
                        m[i][(int64_t)ic * g->in_cells + src] = 1;
                    }
                }
            }
    }
    return m;
}

static void random_layer(conv_params *p, conv_kind kind, int in_c) {
    int nd = conv_ndim(kind);
    conv_params_init(p, kind);
    p->groups = in_c % 2 == 0 && rnd(3) == 0 ? 2 : 1;
    p->filters = p->groups * (1 + rnd(2));
    for (int a = CONV_SP - nd; a < CONV_SP; a++) {
        p->kernel[a] = 1 + rnd(3);
        p->stride[a] = 1 + rnd(2);
        p->dilation[a] = 1 + rnd(2);
    }
    if (kind == CONV_TRANSPOSE_2D) {
        p->padding = CONV_PAD_AMOUNT;
        for (int a = CONV_SP - nd; a < CONV_SP; a++) p->pad[a][0] = p->pad[a][1] = rnd(2);
        return;
    }
    switch (rnd(4)) {
    case 0: p->padding = CONV_PAD_VALID; break;
    case 1: p->padding = CONV_PAD_SAME; break;
    case 2: p->padding = CONV_PAD_FULL; break;
    default:
        p->padding = CONV_PAD_AMOUNT;
        for (int a = CONV_SP - nd; a < CONV_SP; a++) p->pad[a][0] = p->pad[a][1] = rnd(2);
        p->padding_mode = (conv_padmode)rnd(CONV_MODE_COUNT);
        break;
    }
}

/* A random stack that resolves; 0 if this draw did not. */
static int random_scene(scene *s, conv_kind kind, int nl) {
    errmsg e;
    scene_init(s);
    s->in_c = 1 + rnd(4);
    for (int a = 0; a < CONV_SP; a++) s->in_sp[a] = a < CONV_SP - conv_ndim(kind) ? 1 : 6 + rnd(6);
    s->nlayers = nl;
    for (int i = 0; i < nl; i++) {
        int c = i == 0 ? s->in_c : s->layer[i - 1].p.filters;
        random_layer(&s->layer[i].p, kind, c);
    }
    return scene_resolve(s, &e) == 0;
}

static void check_against_brute(void) {
    static const conv_kind kinds[] = {CONV_1D, CONV_2D, CONV_3D, CONV_TRANSPOSE_2D};
    int tried = 0, bad = 0;
    while (tried < 120) {
        scene s;
        conv_kind kind = kinds[rnd(4)];
        int nl = 1 + rnd(3), t, c, sp[CONV_SP], at[CONV_SP];
        net_field fl[SCENE_MAX_LAYERS + 1];
        unsigned char **m;
        errmsg e;
        if (!random_scene(&s, kind, nl)) continue;
        tried++;
        t = 1 + rnd(nl);
        net_tensor_shape(&s, t, &c, sp);
        c = rnd(c);
        for (int a = 0; a < CONV_SP; a++) at[a] = rnd(sp[a]);
        if (!CHECK(net_fields(&s, t, c, at, fl, &e) == 0)) continue;
        m = brute(&s, t, c, at);
        for (int i = 0; i <= t; i++) {
            int ch, isp[CONV_SP];
            int64_t n = 0, want = 0;
            net_tensor_shape(&s, i, &ch, isp);
            for (int k = 0; k < ch; k++)
                for (int z = 0; z < isp[0]; z++)
                    for (int y = 0; y < isp[1]; y++)
                        for (int x = 0; x < isp[2]; x++) {
                            int p[CONV_SP] = {z, y, x};
                            int64_t j = (int64_t)k * isp[0] * isp[1] * isp[2] + ((int64_t)z * isp[1] + y) * isp[2] + x;
                            want += m[i][j];
                            n += m[i][j] != 0;
                            if (net_field_has(&fl[i], k, p) != m[i][j]) bad++;
                        }
            CHECK_INT(net_field_cells(&fl[i]), want);
            (void)n;
            free(m[i]);
        }
        free(m);
        net_fields_free(fl, t + 1);
        scene_free(&s);
    }
    CHECK_INT(bad, 0);
}

/* The Keras two-layer scene (two 3x3 valid layers on 8x8x3): a layer-2
 * cell sees 5x5 of the input on every channel; jump 1. */
static void two_layers(void) {
    scene s;
    errmsg e;
    net_field fl[3];
    net_rf rf;
    int at[CONV_SP] = {0, 1, 2}, first, last;
    char sz[128], jp[128];
    scene_init(&s);
    s.in_c = 3;
    s.in_sp[0] = 1;
    s.in_sp[1] = s.in_sp[2] = 8;
    s.nlayers = 2;
    for (int i = 0; i < 2; i++) {
        conv_params_init(&s.layer[i].p, CONV_2D);
        s.layer[i].p.filters = i ? 4 : 2;
        s.layer[i].p.kernel[1] = s.layer[i].p.kernel[2] = 3;
    }
    CHECK(scene_resolve(&s, &e) == 0);
    CHECK(net_fields(&s, 2, 3, at, fl, &e) == 0);
    CHECK_INT(net_field_cells(&fl[2]), 1);
    CHECK_INT(net_field_cells(&fl[1]), 2 * 3 * 3);
    CHECK_INT(net_field_cells(&fl[0]), 3 * 5 * 5);
    net_field_span(&fl[0], 1, &first, &last);
    CHECK_INT(first, 1);
    CHECK_INT(last, 5);
    net_field_span(&fl[0], 2, &first, &last);
    CHECK_INT(first, 2);
    CHECK_INT(last, 6);
    net_fields_free(fl, 3);
    CHECK(net_receptive(&s, 2, &rf) == 0);
    CHECK_INT(rf.size[1], 5);
    CHECK_INT(rf.jump[2], 1);
    CHECK(net_rf_terms(sz, sizeof sz, jp, sizeof jp, &s, 2, 2) == 0);
    CHECK_STR(sz, "1 + 2*1 + 2*1 = 5");
    CHECK_STR(jp, "1*1*1 = 1");
    /* stride 2 then dilation 2: r = 1 + 2*1 + 4*2 = 11, j = 2 */
    s.layer[0].p.stride[1] = s.layer[0].p.stride[2] = 2;
    s.layer[1].p.dilation[1] = s.layer[1].p.dilation[2] = 2;
    s.in_sp[1] = s.in_sp[2] = 16;
    CHECK(scene_resolve(&s, &e) == 0);
    CHECK(net_receptive(&s, 2, &rf) == 0);
    CHECK_INT(rf.size[2], 11);
    CHECK_INT(rf.jump[2], 2);
    CHECK(net_rf_terms(sz, sizeof sz, jp, sizeof jp, &s, 2, 1) == 0);
    CHECK_STR(sz, "1 + 2*1 + 4*2 = 11");
    CHECK_STR(jp, "1*2*1 = 2");
    /* the field spans the textbook size away from the borders, with the
     * dilation's holes: layer 2's taps 2, 4, 6 on layer 1 read input
     * 4-6, 8-10, 12-14: 11 wide, 9 cells an axis */
    at[1] = at[2] = 2;
    CHECK(net_fields(&s, 2, 0, at, fl, &e) == 0);
    net_field_span(&fl[0], 2, &first, &last);
    CHECK_INT(last - first + 1, 11);
    CHECK_INT(first, 4);
    CHECK_INT(net_field_cells(&fl[1]), 2 * 3 * 3);
    CHECK_INT(net_field_cells(&fl[0]), 3 * 9 * 9);
    CHECK(!net_field_has(&fl[0], 0, (int[]){0, 7, 7}));
    CHECK(net_field_has(&fl[0], 2, (int[]){0, 8, 14}));
    net_fields_free(fl, 3);
    CHECK(net_fields(&s, 2, 4, at, fl, &e) != 0);
    CHECK_HAS(e.msg, "channel 4");
    at[2] = 99;
    CHECK(net_fields(&s, 2, 0, at, fl, &e) != 0);
    CHECK_HAS(e.msg, "position 99");
    conv_params_init(&s.layer[1].p, CONV_TRANSPOSE_2D);
    s.layer[1].p.kernel[1] = s.layer[1].p.kernel[2] = 3;
    CHECK(scene_resolve(&s, &e) == 0);
    CHECK(net_receptive(&s, 2, &rf) == -1);
    CHECK(net_rf_terms(sz, sizeof sz, jp, sizeof jp, &s, 2, 1) == -1);
    CHECK_STR(sz, "");
    scene_free(&s);
}

int main(void) {
    two_layers();
    check_against_brute();
    return check_done();
}
