#include "explain.h"
#include "net.h"

#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

/* Whole numbers below 2^53: digits by hand, much faster than printf. */
static int whole_num(char *buf, size_t n, double v) {
    char t[24];
    int len = 0, k = 0;
    unsigned long long u = (unsigned long long)(v < 0 ? -v : v);
    do t[len++] = (char)('0' + u % 10); while ((u /= 10) != 0);
    if (v < 0) t[len++] = '-';
    for (; k < len && (size_t)k + 1 < n; k++) buf[k] = t[len - 1 - k];
    if (n) buf[k < (int)n ? k : (int)n - 1] = 0;
    return len;
}

#ifdef __SIZEOF_INT128__
/* The shortest digits exactly, in 128-bit integers, for the numbers tables
 * are full of (1e-4 <= |v| < 2^52, not whole): v = m * 2^-k, and a decimal
 * D * 10^-q reads back as v when it lies inside v's rounding interval.
 * Six times faster than printf and strtod, which remain for the rest. */
__extension__ typedef unsigned __int128 u128;

static u128 pow10_128(int q) {
    static const uint64_t p[20] = {1ull, 10ull, 100ull, 1000ull, 10000ull, 100000ull, 1000000ull,
        10000000ull, 100000000ull, 1000000000ull, 10000000000ull, 100000000000ull, 1000000000000ull,
        10000000000000ull, 100000000000000ull, 1000000000000000ull, 10000000000000000ull,
        100000000000000000ull, 1000000000000000000ull, 10000000000000000000ull};
    return q < 20 ? (u128)p[q] : (u128)p[19] * p[q - 19];
}

/* m * 2^-k >= 10^x */
static int at_least_pow10(uint64_t m, int k, int x) {
    if (x >= 0) return (u128)m >= (pow10_128(x) << k);
    return (u128)m * pow10_128(-x) >= (u128)1 << k;
}

/* d = v correctly rounded to p digits (v in [10^x, 10^(x+1))), and
 * whether d reads back as v. The interval is in units of 2^-(k+2): half an
 * ulp each side, a quarter below a power of two; its ends count when m is
 * even (strtod rounds ties to even). */
static int round_trips(uint64_t m, int k, int pow2, int x, int p, uint64_t *d_out) {
    int q = p - 1 - x;
    u128 d, rem, lo = 4 * (u128)m - (pow2 ? 1 : 2), hi = 4 * (u128)m + 2, at;
    if (q >= 0) {
        u128 num = (u128)m * pow10_128(q), half = (u128)1 << (k - 1);
        d = num >> k;
        rem = num - (d << k);
        if (rem > half || (rem == half && (d & 1))) d++;
        at = d << (k + 2);
        lo *= pow10_128(q);
        hi *= pow10_128(q);
    } else {
        u128 den = ((u128)1 << k) * pow10_128(-q);
        d = m / den;
        rem = m - d * den;
        if (2 * rem > den || (2 * rem == den && (d & 1))) d++;
        at = (d * pow10_128(-q)) << (k + 2);
    }
    *d_out = (uint64_t)d;
    return m & 1 ? at > lo && at < hi : at >= lo && at <= hi;
}

/* The shortest form in %g's fixed notation, or -1 where it does not apply. */
static int fast_num(char *t, double v) {
    uint64_t bits, m, d = 0;
    int be, k, x, lo = 1, hi = 17, len = 0, nd, pow2, z;
    char dig[24];
    double a = fabs(v);
    if (!(a >= 1e-4 && a < 4503599627370496.0)) return -1;
    memcpy(&bits, &v, sizeof bits);
    be = (int)((bits >> 52) & 0x7ff);
    m = (bits & ((1ull << 52) - 1)) | (1ull << 52);
    k = 1075 - be;
    if (k <= 0 || k > 70) return -1;
    x = (int)floor((be - 1023) * 0.30102999566398120); /* log10(2^e), within one */
    while (x > -5 && !at_least_pow10(m, k, x)) x--;
    while (at_least_pow10(m, k, x + 1)) x++;
    /* Fewest digits: reading back only gets easier with more of them.
     * Most computed values need 16 or 17, short ones (0.5) 15 or fewer. */
    pow2 = (bits & ((1ull << 52) - 1)) == 0;
    if (round_trips(m, k, pow2, x, 15, &d)) hi = 15;
    else if (round_trips(m, k, pow2, x, 16, &d)) lo = 16;
    else round_trips(m, k, pow2, x, 17, &d), lo = 17;
    while (lo < hi) { /* d stays the digits for hi */
        int mid = (lo + hi) / 2;
        uint64_t dm;
        if (round_trips(m, k, pow2, x, mid, &dm)) hi = mid, d = dm;
        else lo = mid + 1;
    }
    nd = 0;
    do dig[nd++] = (char)('0' + d % 10); while ((d /= 10) != 0);
    if (nd > lo) x++; /* 9.99... rounded up to 10 */
    for (z = 0; z < nd - 1 && dig[z] == '0'; z++) {}
    nd -= z; /* the trailing zeros: dig holds the digits last first */
    if (x >= nd || x < -4) return -1; /* not a fraction in fixed notation */
    if (v < 0) t[len++] = '-';
    if (x < 0) {
        t[len++] = '0';
        t[len++] = '.';
        for (int i = 0; i < -x - 1; i++) t[len++] = '0';
        for (int i = nd - 1; i >= 0; i--) t[len++] = dig[z + i];
    } else {
        for (int i = nd - 1; i >= 0; i--) {
            t[len++] = dig[z + i];
            if (nd - 1 - i == x) t[len++] = '.';
        }
    }
    t[len] = 0;
    return len;
}
#else
static int fast_num(char *t, double v) {
    (void)t, (void)v;
    return -1;
}
#endif

int explain_num(char *buf, size_t n, double v) {
    char tmp[40];
    int len;
    if (v == 0) v = 0; /* no "-0" in front of a learner */
    /* %g would write 10 as "1e+01"; whole numbers below 2^53 are exact. */
    if (v == floor(v) && fabs(v) < 9007199254740992.0) return whole_num(buf, n, v);
    if (n >= sizeof tmp && (len = fast_num(buf, v)) >= 0) return len; /* room for any */
    if ((len = fast_num(tmp, v)) >= 0) {
        size_t k = (size_t)len < n ? (size_t)len : n ? n - 1 : 0;
        if (n) memcpy(buf, tmp, k), buf[k] = 0;
        return len;
    }
    /* The shortest form that reads back as v. Any decimal of at most 15
     * digits survives the trip through a double, so when one of them is
     * v's, %.15g is it (%g drops the trailing zeros); else 16 or 17 digits
     * are needed, and 17 always do. Three tries instead of seventeen.
     * (Subnormals, with fewer digits of their own, may get one more than
     * the shortest; still exact.) */
    for (int prec = 15; prec <= 17; prec++) {
        snprintf(tmp, sizeof tmp, "%.*g", prec, v);
        if (prec == 17 || strtod(tmp, NULL) == v) break;
    }
    return snprintf(buf, n, "%s", tmp);
}

int explain_short(char *buf, size_t n, double v, int digits) {
    if (v == 0) v = 0;
    if (v == floor(v) && fabs(v) < 1e6) return snprintf(buf, n, "%.0f", v);
    return snprintf(buf, n, "%.*g", digits, v);
}

/* An appending writer that counts what it wanted to write, like snprintf. */
typedef struct {
    char *buf;
    size_t n, len;
} out;

static void put(out *o, const char *fmt, ...) ERRMSG_PRINTF(2, 3);
static void put(out *o, const char *fmt, ...) {
    va_list ap;
    int k;
    va_start(ap, fmt);
    k = vsnprintf(o->len < o->n ? o->buf + o->len : NULL, o->len < o->n ? o->n - o->len : 0, fmt, ap);
    va_end(ap);
    if (k > 0) o->len += (size_t)k;
}

/* Whether a tap's product belongs in the written arithmetic. A transposed
 * layer gathers only from real input cells: its holes and its outer zeros
 * are artefacts of the equivalent direct convolution, not terms. A direct
 * layer's padding zeros are shown, as every textbook writes them. */
static int shown(const conv_geom *g, const conv_tap *t) {
    if (t->kind == CONV_TAP_HOLE) return 0;
    return !(g->p.kind == CONV_TRANSPOSE_2D && t->kind == CONV_TAP_PAD);
}

/* A number as a factor or term: negative ones in parentheses, "2*(-4)". */
static void put_num(out *o, double v, int paren, int digits) {
    char s[40];
    if (digits) explain_short(s, sizeof s, v, digits);
    else explain_num(s, sizeof s, v);
    put(o, paren && s[0] == '-' ? "(%s)" : "%s", s);
}

static void put_products(out *o, const conv_geom *g, const double *input, const double *weight,
                         int f, const int cell[CONV_SP], int c_local, int digits) {
    int c = conv_group_first_channel(g, f) + c_local, terms = 0;
    double sum = 0;
    for (int t = 0; t < g->kvol; t++) {
        conv_tap tap;
        double x, w;
        conv_tap_at(g, cell, t, &tap);
        x = conv_tap_value(g, input, c, &tap);
        w = weight[conv_weight_index(g, f, c_local, t)];
        sum += x * w;
        if (!shown(g, &tap)) continue;
        if (terms++) put(o, " + ");
        put_num(o, x, 1, digits);
        put(o, "*");
        put_num(o, w, 1, digits);
    }
    if (!terms) put(o, "0");
    put(o, " = ");
    put_num(o, sum, 0, digits);
}

int explain_channel(char *buf, size_t n, const conv_geom *g, const double *input,
                    const double *weight, int f, int64_t cell, int c_local) {
    out o = {buf, n, 0};
    int xyz[CONV_SP];
    if (n) buf[0] = 0;
    conv_cell_coords(g, cell, xyz);
    put_products(&o, g, input, weight, f, xyz, c_local, 0);
    return (int)o.len;
}

static void put_activation(out *o, const conv_geom *g, double pre, double value, int digits) {
    if (g->p.activation == CONV_ACT_NONE) return;
    put(o, "%s(", conv_act_name(g->p.activation));
    put_num(o, pre, 0, digits);
    put(o, ") = ");
    put_num(o, value, 0, digits);
    put(o, "\n");
}

int explain_cell(char *buf, size_t n, const conv_geom *g, const double *input,
                 const double *weight, const double *bias, int f, int64_t cell) {
    out o = {buf, n, 0};
    int xyz[CONV_SP], c0 = conv_group_first_channel(g, f);
    double *cs = malloc((size_t)g->cpg * sizeof *cs), pre, value;
    double b = (g->p.bias && bias) ? bias[f] : 0;
    if (n) buf[0] = 0;
    if (!cs) return snprintf(buf, n, "out of memory\n");
    value = conv_cell(g, input, weight, bias, f, cell, cs, &pre);
    conv_cell_coords(g, cell, xyz);
    if (g->cpg == 1 && !g->p.bias) {
        put_products(&o, g, input, weight, f, xyz, 0, 0);
        put(&o, "\n");
    } else {
        for (int c = 0; c < g->cpg; c++) {
            put(&o, "channel %d: ", c0 + c);
            put_products(&o, g, input, weight, f, xyz, c, 0);
            put(&o, "\n");
        }
        if (g->p.bias) {
            put(&o, "bias: ");
            put_num(&o, b, 0, 0);
            put(&o, "\n");
        }
        put(&o, "total: ");
        for (int c = 0; c < g->cpg; c++) {
            if (c) put(&o, " + ");
            put_num(&o, cs[c], c > 0, 0);
        }
        if (g->p.bias) {
            put(&o, " + ");
            put_num(&o, b, 1, 0);
        }
        put(&o, " = ");
        put_num(&o, pre, 0, 0);
        put(&o, "\n");
    }
    put_activation(&o, g, pre, value, 0);
    free(cs);
    return (int)o.len;
}

/* "x*w + ... = partial" of one channel of a step's state. */
static void put_state_products(out *o, const conv_geom *g, const sched_state *s, int c, int digits) {
    int terms = 0;
    for (int t = 0; t < s->kvol; t++) {
        size_t i = (size_t)c * s->kvol + t;
        if (!shown(g, &s->tap[t])) continue;
        if (terms++) put(o, " + ");
        put_num(o, s->x[i], 1, digits);
        put(o, "*");
        put_num(o, s->w[i], 1, digits);
    }
    if (!terms) put(o, "0");
    put(o, " = ");
    put_num(o, s->chan_sum[c], 0, digits);
}

int explain_step(char *buf, size_t n, const conv_geom *g, const sched_state *s, sched_gran gran) {
    out o = {buf, n, 0};
    enum { DIGITS = 4 };
    if (n) buf[0] = 0;
    if (gran == SCHED_POSITION || s->pos.chan < 0) {
        /* One channel: its products are the whole sum, so show them. */
        if (s->cpg == 1) put_state_products(&o, g, s, 0, DIGITS);
        else
            for (int c = 0; c < s->cpg; c++) {
                if (c) put(&o, " + ");
                put_num(&o, s->chan_sum[c], c > 0, DIGITS);
            }
        if (g->p.bias) {
            put(&o, " + bias ");
            put_num(&o, s->pre - s->sum, 1, DIGITS);
        }
        if (s->cpg > 1 || g->p.bias) {
            put(&o, " = ");
            put_num(&o, s->pre, 0, DIGITS);
        }
        if (g->p.activation != CONV_ACT_NONE) {
            put(&o, ";  %s -> ", conv_act_name(g->p.activation));
            put_num(&o, s->value, 0, DIGITS);
        }
        return (int)o.len;
    }
    put(&o, "channel %d:  ", s->in_c0 + s->pos.chan);
    if (gran == SCHED_MAC) {
        size_t i = (size_t)s->pos.chan * s->kvol + s->pos.tap;
        put_num(&o, s->x[i], 1, DIGITS);
        put(&o, "*");
        put_num(&o, s->w[i], 1, DIGITS);
        put(&o, " = ");
        put_num(&o, s->x[i] * s->w[i], 0, DIGITS);
        put(&o, ",  channel sum so far ");
        put_num(&o, s->chan_sum[s->pos.chan], 0, DIGITS);
        return (int)o.len;
    }
    put_state_products(&o, g, s, s->pos.chan, DIGITS);
    return (int)o.len;
}

int explain_out_size(char *buf, size_t n, const conv_geom *g, int axis) {
    char f[512];
    conv_formula(f, sizeof f, g, axis);
    return snprintf(buf, n, "%s_out = %s", conv_axis_name(conv_ndim(g->p.kind), axis), f);
}

int explain_rf(char *buf, size_t n, const scene *s, int t, int axis) {
    char size[256], jump[256];
    const char *ax;
    if (s->nlayers < 1 || net_rf_terms(size, sizeof size, jump, sizeof jump, s, t, axis)) {
        if (n) buf[0] = 0;
        return 0;
    }
    ax = conv_axis_name(conv_ndim(s->layer[0].p.kind), axis);
    return snprintf(buf, n, "RF_%s = %s, jump_%s = %s", ax, size, ax, jump);
}

/* "5x5" of v over the user's axes */
static void axes_text(char *buf, size_t n, const int *v, int first) {
    size_t k = 0;
    buf[0] = 0;
    for (int a = first; a < CONV_SP && k < n; a++) k += (size_t)snprintf(buf + k, n - k, "%s%d", a > first ? "x" : "", v[a]);
}

int explain_rf_short(char *buf, size_t n, const scene *s, int t) {
    net_rf rf;
    char size[64], jump[64];
    int first;
    if (s->nlayers < 1 || net_receptive(s, t, &rf)) {
        if (n) buf[0] = 0;
        return 0;
    }
    first = CONV_SP - conv_ndim(s->layer[0].p.kind);
    axes_text(size, sizeof size, rf.size, first);
    axes_text(jump, sizeof jump, rf.jump, first);
    return snprintf(buf, n, "receptive field %s, jump %s", size, jump);
}

int explain_cell_line(char *buf, size_t n, const conv_geom *g, const double *input,
                      const double *weight, const double *bias, int f, int64_t cell) {
    char *tmp = malloc(n ? n : 1);
    size_t k = 0, len;
    if (!tmp) return snprintf(buf, n, "out of memory");
    explain_cell(tmp, n, g, input, weight, bias, f, cell);
    len = strlen(tmp);
    while (len > 0 && tmp[len - 1] == '\n') tmp[--len] = 0;
    for (const char *p = tmp; *p && k + 3 < n; p++) {
        if (*p == '\n') buf[k++] = ';', buf[k++] = ' ';
        else buf[k++] = *p;
    }
    if (n) buf[k < n ? k : n - 1] = 0;
    free(tmp);
    return (int)k;
}

int explain_params(char *buf, size_t n, const conv_geom *g) {
    out o = {buf, n, 0};
    int first = CONV_SP - conv_ndim(g->p.kind);
    if (n) buf[0] = 0;
    if (g->p.bias) put(&o, "(");
    for (int a = first; a < CONV_SP; a++) put(&o, "%d*", g->p.kernel[a]);
    put(&o, "%d", g->cpg);
    if (g->p.bias) put(&o, " + 1)");
    put(&o, "*%d = %lld", g->p.filters, (long long)g->param_count);
    return (int)o.len;
}

int explain_groups(char *buf, size_t n, const conv_geom *g) {
    out o = {buf, n, 0};
    int first = CONV_SP - conv_ndim(g->p.kind), G = g->p.groups;
    if (n) buf[0] = 0;
    if (G < 2) return 0;
    put(&o, "channels/groups = %d/%d = %d a filter, filters/groups = %d/%d = %d a group\n", g->in_c, G, g->cpg,
        g->p.filters, G, g->fpg);
    put(&o, "a group: ");
    if (g->p.bias) put(&o, "(");
    for (int a = first; a < CONV_SP; a++) put(&o, "%d*", g->p.kernel[a]);
    put(&o, "%d", g->cpg);
    if (g->p.bias) put(&o, " + 1)");
    put(&o, "*%d = %lld; %d groups: %lld", g->fpg, (long long)(g->param_count / G), G, (long long)g->param_count);
    return (int)o.len;
}
