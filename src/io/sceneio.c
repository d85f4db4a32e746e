#include "sceneio.h"

#include "explain.h"
#include "fileio.h"
#include "image.h"
#include "strbuf.h"

#include <cjson/cJSON.h>
#include <errno.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

/* Numbers beyond this lose integer exactness in doubles and make sums
 * meaningless to a learner; larger values are almost always typos. */
#define NUM_LIMIT 1e15
#define NUM_RULE "must be a finite number of magnitude at most 1e15"
/* Largest integer parameter; keeps every int conversion and product safe. */
#define INT_LIMIT (1 << 24)

enum { PATH_SIZE = 192 };

/* ------------------------------------------------------------------ */
/* Names and paths                                                     */


static int ieq(const char *a, const char *b) {
    for (; *a && *b; a++, b++) {
        int x = (unsigned char)*a, y = (unsigned char)*b;
        if (x >= 'A' && x <= 'Z') x += 'a' - 'A';
        if (y >= 'A' && y <= 'Z') y += 'a' - 'A';
        if (x != y) return 0;
    }
    return *a == *b;
}

static int name_index(const char *const *names, int n, const char *s) {
    for (int i = 0; i < n; i++)
        if (ieq(names[i], s)) return i;
    return -1;
}

/* Length of the valid UTF-8 sequence at s (of n bytes), 0 if it is not
 * one: overlong forms, surrogates and code points past U+10FFFF are not. */
static size_t utf8_len(const unsigned char *s, size_t n) {
    unsigned lo = 0x80, hi = 0xBF;
    size_t len, i;
    if (s[0] < 0x80) return 1;
    if (s[0] >= 0xC2 && s[0] <= 0xDF) len = 2;
    else if (s[0] >= 0xE0 && s[0] <= 0xEF) len = 3;
    else if (s[0] >= 0xF0 && s[0] <= 0xF4) len = 4;
    else return 0;
    if (s[0] == 0xE0) lo = 0xA0;
    if (s[0] == 0xED) hi = 0x9F;
    if (s[0] == 0xF0) lo = 0x90;
    if (s[0] == 0xF4) hi = 0x8F;
    if (n < len || s[1] < lo || s[1] > hi) return 0;
    for (i = 2; i < len; i++)
        if (s[i] < 0x80 || s[i] > 0xBF) return 0;
    return len;
}

/* Appends n bytes of a key from the file to dst (of PATH_SIZE, holding a
 * string): control characters would break the one-line message, so they
 * show as '?'; bytes that are not UTF-8 would reach the terminal raw, so
 * they show as \xHH. Cut at the buffer's end. */
static void path_append(char *dst, const char *key, size_t n) {
    size_t at = strlen(dst), i = 0;
    while (i < n && at + 5 < PATH_SIZE) {
        const unsigned char *k = (const unsigned char *)key + i;
        size_t len = utf8_len(k, n - i);
        if (len == 0) {
            at += (size_t)snprintf(dst + at, PATH_SIZE - at, "\\x%02X", k[0]);
            i++;
        } else if (len == 1) {
            dst[at++] = k[0] < 32 || k[0] == 127 ? '?' : (char)k[0];
            i++;
        } else {
            memcpy(dst + at, k, len);
            at += len;
            i += len;
        }
    }
    dst[at] = 0;
}

static void path_key(char *dst, const char *base, const char *key) {
    snprintf(dst, PATH_SIZE, "%s%s", base, *base ? "." : "");
    path_append(dst, key, strlen(key));
}

static void path_index(char *dst, const char *base, int i) {
    snprintf(dst, PATH_SIZE, "%s[%d]", base, i);
}

static const char *json_kind(const cJSON *it) {
    if (cJSON_IsNumber(it)) return "a number";
    if (cJSON_IsString(it)) return "a string";
    if (cJSON_IsBool(it)) return "true/false";
    if (cJSON_IsNull(it)) return "null";
    if (cJSON_IsArray(it)) return "a list";
    return "an object";
}

/* User-visible axes of a kind: the last ndim of the core's D, H, W. */
static int first_axis(int ndim) { return CONV_SP - ndim; }

static int kind_ndim(conv_kind k) { return k == CONV_1D ? 1 : k == CONV_3D ? 3 : 2; }

/* ------------------------------------------------------------------ */
/* Objects: known keys, duplicates, aliases                            */

/* Every key must be one of `keys` (NULL-terminated, at most 32) and
 * appear once; cJSON itself keeps duplicates silently. */
static int check_keys(const cJSON *obj, const char *path, const char *const *keys, errmsg *e) {
    char seen[32] = {0}, p[PATH_SIZE];
    for (const cJSON *c = obj->child; c; c = c->next) {
        int k = 0;
        while (keys[k] && strcmp(keys[k], c->string) != 0) k++;
        path_key(p, path, c->string);
        if (!keys[k]) {
            char list[320] = "";
            for (int j = 0; keys[j]; j++) {
                size_t at = strlen(list);
                snprintf(list + at, sizeof list - at, "%s%s", j ? ", " : "", keys[j]);
            }
            return errmsg_set(e, "%s: unknown key (known: %s)", p, list);
        }
        if (seen[k]++) return errmsg_set(e, "%s: duplicate key", p);
    }
    return 0;
}

typedef struct {
    const cJSON *item; /* NULL when absent */
    char path[PATH_SIZE];
} field;

/* Looks up `name` or its alias (may be NULL); giving both is an error. */
static int field_get(const cJSON *obj, const char *base, const char *name, const char *alias,
                     field *f, errmsg *e) {
    const cJSON *a = cJSON_GetObjectItemCaseSensitive(obj, name);
    const cJSON *b = alias ? cJSON_GetObjectItemCaseSensitive(obj, alias) : NULL;
    f->item = a ? a : b;
    path_key(f->path, base, a || !b ? name : alias);
    if (a && b) return errmsg_set(e, "%s: %s is the same parameter; give only one", f->path, alias);
    return 0;
}

/* ------------------------------------------------------------------ */
/* Scalars                                                             */

static int num_ok(const cJSON *it) {
    return cJSON_IsNumber(it) && isfinite(it->valuedouble) && fabs(it->valuedouble) <= NUM_LIMIT;
}

static int get_num(const cJSON *it, const char *path, double *v, errmsg *e) {
    if (!cJSON_IsNumber(it)) return errmsg_set(e, "%s: expected a number, got %s", path, json_kind(it));
    if (!num_ok(it)) return errmsg_set(e, "%s: " NUM_RULE, path);
    *v = it->valuedouble;
    return 0;
}

/* 0 if it is a whole number in [lo, INT_LIMIT]. */
static int as_int(const cJSON *it, int lo, int *out) {
    double v;
    if (!cJSON_IsNumber(it)) return -1;
    v = it->valuedouble;
    if (!(v >= lo && v <= INT_LIMIT) || v != floor(v)) return -1;
    *out = (int)v;
    return 0;
}

static int int_error(const cJSON *it, const char *path, const char *rule, errmsg *e) {
    if (cJSON_IsNumber(it) && it->valuedouble > INT_LIMIT && it->valuedouble == floor(it->valuedouble))
        return errmsg_set(e, "%s: too large (at most %d)", path, INT_LIMIT);
    return errmsg_set(e, "%s: %s", path, rule);
}

static int get_int(const field *f, int lo, int *out, errmsg *e) {
    if (as_int(f->item, lo, out) == 0) return 0;
    return int_error(f->item, f->path, lo > 0 ? "must be a positive integer" : "must be a non-negative integer", e);
}

static int get_bool(const field *f, int *out, errmsg *e) {
    if (!cJSON_IsBool(f->item)) return errmsg_set(e, "%s: must be true or false", f->path);
    *out = cJSON_IsTrue(f->item);
    return 0;
}

/* A string that must be one of names[]; case-insensitive (TF writes "SAME"). */
static int get_name(const field *f, const char *const *names, int n, const char *rule, int *out, errmsg *e) {
    int k = cJSON_IsString(f->item) ? name_index(names, n, f->item->valuestring) : -1;
    if (k < 0) return errmsg_set(e, "%s: %s", f->path, rule);
    *out = k;
    return 0;
}

/* kernel_size, stride, dilation, output_padding: one integer for every
 * axis, or a list of ndim of them. */
static int get_axes(const field *f, int ndim, int lo, int out[CONV_SP], errmsg *e) {
    char rule[96];
    int v[CONV_SP];
    snprintf(rule, sizeof rule, "must be a %s integer or a list of %d of them",
             lo > 0 ? "positive" : "non-negative", ndim);
    if (cJSON_IsArray(f->item)) {
        int i = 0;
        if (cJSON_GetArraySize(f->item) != ndim) return errmsg_set(e, "%s: %s", f->path, rule);
        for (const cJSON *c = f->item->child; c; c = c->next, i++)
            if (as_int(c, lo, &v[i])) return int_error(c, f->path, rule, e);
    } else {
        if (as_int(f->item, lo, &v[0])) return int_error(f->item, f->path, rule, e);
        for (int i = 1; i < ndim; i++) v[i] = v[0];
    }
    for (int i = 0; i < ndim; i++) out[first_axis(ndim) + i] = v[i];
    return 0;
}

/* padding: "valid" | "same" | "full" | "causal" | n | [n, ...] | [[lo, hi], ...];
 * list entries may mix n and [lo, hi]. */
static int get_padding(const field *f, int ndim, conv_params *p, errmsg *e) {
    char rule[200];
    int lo[CONV_SP], hi[CONV_SP], k;
    snprintf(rule, sizeof rule, "must be \"valid\", \"same\", \"full\", \"causal\", a non-negative integer, "
             "or a list of %d integers or [before, after] pairs", ndim);
    if (cJSON_IsString(f->item)) {
        k = name_index(conv_padding_names + 1, CONV_PADDING_COUNT - 1, f->item->valuestring);
        if (k < 0) return errmsg_set(e, "%s: %s", f->path, rule);
        p->padding = (conv_padding)(k + 1);
        return 0;
    }
    if (cJSON_IsArray(f->item)) {
        int i = 0;
        if (cJSON_GetArraySize(f->item) != ndim) return errmsg_set(e, "%s: %s", f->path, rule);
        for (const cJSON *c = f->item->child; c; c = c->next, i++) {
            if (cJSON_IsArray(c) && cJSON_GetArraySize(c) == 2) {
                if (as_int(c->child, 0, &lo[i]) || as_int(c->child->next, 0, &hi[i]))
                    return errmsg_set(e, "%s: %s", f->path, rule);
            } else if (as_int(c, 0, &lo[i]) == 0) {
                hi[i] = lo[i];
            } else {
                return int_error(c, f->path, rule, e);
            }
        }
    } else if (as_int(f->item, 0, &lo[0]) == 0) {
        for (int i = 0; i < ndim; i++) lo[i] = hi[i] = lo[0];
    } else {
        return int_error(f->item, f->path, rule, e);
    }
    p->padding = CONV_PAD_AMOUNT;
    for (int i = 0; i < ndim; i++) {
        p->pad[first_axis(ndim) + i][0] = lo[i];
        p->pad[first_axis(ndim) + i][1] = hi[i];
    }
    return 0;
}

/* ------------------------------------------------------------------ */
/* Tensors: nested lists and fills                                     */

static void shape_text(char *buf, size_t n, int rank, const int *dim, const char *sep) {
    size_t at = 0;
    buf[0] = 0;
    for (int i = 0; i < rank && at < n; i++) {
        snprintf(buf + at, n - at, "%s%d", i ? sep : "", dim[i]);
        at = strlen(buf);
    }
}

/* Reads a nested list of exactly dim[0] x ... x dim[rank-1] numbers into
 * out in file order. Recursion depth is rank (at most TENSOR_MAX_RANK),
 * however deep the file nests. */
static int read_nested(const cJSON *it, char *path, int rank, const int *dim, double *out,
                       int64_t *at, errmsg *e) {
    size_t plen = strlen(path);
    int i = 0, n;
    const char *what = rank == 1 ? "numbers" : "lists";
    if (!cJSON_IsArray(it))
        return errmsg_set(e, "%s: expected a list of %d %s, got %s", path, dim[0], what, json_kind(it));
    n = cJSON_GetArraySize(it);
    if (n != dim[0])
        return errmsg_set(e, "%s: expected a list of %d %s, got %d", path, dim[0], what, n);
    for (const cJSON *c = it->child; c; c = c->next, i++) {
        snprintf(path + plen, PATH_SIZE - plen, "[%d]", i);
        if (rank == 1) {
            if (get_num(c, path, &out[*at], e)) return -1;
            ++*at;
        } else if (read_nested(c, path, rank - 1, dim + 1, out, at, e)) {
            return -1;
        }
    }
    path[plen] = 0;
    return 0;
}

static int read_data(const cJSON *it, const char *path, int rank, const int *dim, double *out, errmsg *e) {
    char p[PATH_SIZE];
    int64_t at = 0;
    snprintf(p, sizeof p, "%s", path);
    return read_nested(it, p, rank, dim, out, &at, e);
}

/* The shape a nested list appears to have, following first elements;
 * at most max_rank levels are looked at. */
static int measure(const cJSON *it, int max_rank, int *dim) {
    int r = 0;
    while (cJSON_IsArray(it) && r < max_rank) {
        dim[r++] = cJSON_GetArraySize(it);
        it = it->child;
    }
    return r;
}

/* Reads fill, seed, min, max, integers from obj (keys checked by the
 * caller); f holds the defaults on entry. */
static int get_fill(const cJSON *obj, const char *base, tensor_fill *f, errmsg *e) {
    field fl, sd, mn, mx, in;
    int k, has_int = 0, integers = 0;
    if (field_get(obj, base, "fill", NULL, &fl, e)) return -1;
    if (get_name(&fl, tensor_fill_names, TENSOR_FILL_COUNT, "must be \"random\", \"zeros\", \"ones\" or \"ramp\"", &k, e)) return -1;
    f->kind = (tensor_fillkind)k;
    field_get(obj, base, "seed", NULL, &sd, e);
    field_get(obj, base, "min", NULL, &mn, e);
    field_get(obj, base, "max", NULL, &mx, e);
    field_get(obj, base, "integers", NULL, &in, e);
    if (sd.item) {
        if (!cJSON_IsNumber(sd.item) || !(sd.item->valuedouble >= 0) ||
            sd.item->valuedouble > 9007199254740992.0 || sd.item->valuedouble != floor(sd.item->valuedouble))
            return errmsg_set(e, "%s: must be a whole number from 0 to 2^53", sd.path);
        f->seed = (uint64_t)sd.item->valuedouble;
    }
    if (mn.item && get_num(mn.item, mn.path, &f->lo, e)) return -1;
    if (mx.item && get_num(mx.item, mx.path, &f->hi, e)) return -1;
    if (in.item) {
        if (get_bool(&in, &integers, e)) return -1;
        has_int = 1;
    }
    if (f->lo > f->hi) return errmsg_set(e, "%s: %.17g is more than max %.17g",
                                         mn.item ? mn.path : mx.path, f->lo, f->hi);
    if (mn.item || mx.item || has_int) {
        int whole = f->lo == floor(f->lo) && f->hi == floor(f->hi);
        if (!has_int) integers = whole;
        if (integers && !whole) return errmsg_set(e, "%s: true needs whole min and max", in.path);
        f->integers = integers;
    }
    return 0;
}

static const char *const fill_keys[] = {"fill", "seed", "min", "max", "integers", NULL};

/* A weights or bias_values entry: a nested list in file order, or a fill
 * object. Shape mismatches of a multi-axis list are reported as shapes. */
static int read_values(const cJSON *it, const char *path, int rank, const int *dim,
                       tensor_fill *deflt, double *out, int64_t n, errmsg *e) {
    if (!it) {
        tensor_fill_apply(deflt, out, n);
        return 0;
    }
    if (cJSON_IsObject(it)) {
        if (check_keys(it, path, fill_keys, e)) return -1;
        if (!cJSON_GetObjectItemCaseSensitive(it, "fill"))
            return errmsg_set(e, "%s: a fill object needs \"fill\"", path);
        if (get_fill(it, path, deflt, e)) return -1;
        tensor_fill_apply(deflt, out, n);
        return 0;
    }
    if (!cJSON_IsArray(it))
        return errmsg_set(e, "%s: must be a nested list of numbers or a fill object", path);
    if (rank > 1) {
        int got[TENSOR_MAX_RANK + 1], r = measure(it, rank + 1, got), same = r == rank;
        for (int i = 0; same && i < rank; i++) same = got[i] == dim[i];
        if (!same) {
            char want[64], has[80];
            shape_text(want, sizeof want, rank, dim, ", ");
            shape_text(has, sizeof has, r, got, " x ");
            return errmsg_set(e, "%s: shape [%s] expected, data has %s%s", path, want, has,
                              r > rank ? " x ..." : "");
        }
    }
    return read_data(it, path, rank, dim, out, e);
}

/* ------------------------------------------------------------------ */
/* Layouts                                                             */

/* Permutation from the file's order to the core's. Input: [*sp, C] ->
 * [C, *sp]. Weights: [*k, B, A] -> [A, B, *k]. */
static void perm_to_core(int nlead, int ndim, int *perm) {
    for (int i = 0; i < nlead; i++) perm[i] = ndim + nlead - 1 - i;
    for (int i = 0; i < ndim; i++) perm[nlead + i] = i;
}

/* The inverse: [C, *sp] -> [*sp, C]; [A, B, *k] -> [*k, B, A]. */
static void perm_to_file(int nlead, int ndim, int *perm) {
    for (int i = 0; i < ndim; i++) perm[i] = nlead + i;
    for (int i = 0; i < nlead; i++) perm[ndim + i] = nlead - 1 - i;
}

/* Shape of a tensor as written in the file: lead = {C} for the input,
 * {A, B} for weights (see conv.h), then the kernel or spatial sizes. */
static int file_shape(int hwc, int nlead, const int *lead, int ndim, const int *sp, int *dim) {
    for (int i = 0; i < nlead; i++) dim[hwc ? ndim + nlead - 1 - i : i] = lead[i];
    for (int i = 0; i < ndim; i++) dim[hwc ? i : nlead + i] = sp[i];
    return nlead + ndim;
}

/* Takes ownership of file-order data and returns it in core order. */
static double *to_core(double *data, int hwc, int nlead, int ndim, const int *dim, int64_t n,
                       const char *what, errmsg *e) {
    int perm[TENSOR_MAX_RANK];
    double *out;
    if (!hwc) return data;
    out = tensor_alloc(n, what, e);
    if (out) {
        perm_to_core(nlead, ndim, perm);
        tensor_permute(data, nlead + ndim, dim, perm, out);
    }
    free(data);
    return out;
}

/* ------------------------------------------------------------------ */
/* The scene                                                           */

typedef struct {
    const char *base_dir;
    char *image;       /* receives the image's path as opened; NULL: not wanted */
    size_t image_size;
    int hwc;
    const cJSON *weights[SCENE_MAX_LAYERS], *bias[SCENE_MAX_LAYERS];
    int in_channels[SCENE_MAX_LAYERS]; /* 0: not given */
} ctx;

static const char *const layer_keys[] = {
    "type", "filters", "out_channels", "in_channels", "kernel_size", "stride", "strides",
    "padding", "padding_mode", "dilation", "dilation_rate", "groups", "bias", "use_bias",
    "activation", "output_padding", "weights", "bias_values", NULL};

static int parse_layer_params(ctx *c, const cJSON *obj, int li, conv_params *p, errmsg *e) {
    char base[PATH_SIZE];
    field f;
    int k, ndim;
    path_index(base, "layers", li);
    if (!cJSON_IsObject(obj)) return errmsg_set(e, "%s: must be an object", base);
    if (check_keys(obj, base, layer_keys, e)) return -1;

    field_get(obj, base, "type", NULL, &f, e);
    if (!f.item) return errmsg_set(e, "%s: missing", f.path);
    if (get_name(&f, conv_kind_names, CONV_KIND_COUNT, "must be \"conv1d\", \"conv2d\", \"conv3d\" or \"conv_transpose2d\"", &k, e))
        return -1;
    conv_params_init(p, (conv_kind)k);
    ndim = kind_ndim(p->kind);

    if (field_get(obj, base, "filters", "out_channels", &f, e)) return -1;
    if (f.item && get_int(&f, 1, &p->filters, e)) return -1;
    field_get(obj, base, "in_channels", NULL, &f, e);
    if (f.item && get_int(&f, 1, &c->in_channels[li], e)) return -1;
    field_get(obj, base, "kernel_size", NULL, &f, e);
    if (!f.item) return errmsg_set(e, "%s: missing", f.path);
    if (get_axes(&f, ndim, 1, p->kernel, e)) return -1;
    if (field_get(obj, base, "stride", "strides", &f, e)) return -1;
    if (f.item && get_axes(&f, ndim, 1, p->stride, e)) return -1;
    if (field_get(obj, base, "dilation", "dilation_rate", &f, e)) return -1;
    if (f.item && get_axes(&f, ndim, 1, p->dilation, e)) return -1;
    field_get(obj, base, "padding", NULL, &f, e);
    if (f.item && get_padding(&f, ndim, p, e)) return -1;
    field_get(obj, base, "padding_mode", NULL, &f, e);
    if (f.item) {
        if (get_name(&f, conv_padmode_names, CONV_MODE_COUNT, "must be \"zeros\", \"reflect\", \"replicate\" or \"circular\"", &k, e))
            return -1;
        p->padding_mode = (conv_padmode)k;
    }
    field_get(obj, base, "groups", NULL, &f, e);
    if (f.item && get_int(&f, 1, &p->groups, e)) return -1;
    if (field_get(obj, base, "bias", "use_bias", &f, e)) return -1;
    if (f.item && get_bool(&f, &p->bias, e)) return -1;
    field_get(obj, base, "activation", NULL, &f, e);
    if (f.item) {
        const char *rule = "must be \"none\", \"linear\", \"relu\", \"sigmoid\" or \"tanh\"";
        if (cJSON_IsString(f.item) && ieq(f.item->valuestring, "linear")) k = CONV_ACT_NONE;
        else if (get_name(&f, conv_act_names, CONV_ACT_COUNT, rule, &k, e)) return -1;
        p->activation = (conv_act)k;
    }
    field_get(obj, base, "output_padding", NULL, &f, e);
    if (f.item && get_axes(&f, ndim, 0, p->output_padding, e)) return -1;

    c->weights[li] = cJSON_GetObjectItemCaseSensitive(obj, "weights");
    c->bias[li] = cJSON_GetObjectItemCaseSensitive(obj, "bias_values");
    if (c->bias[li] && !p->bias)
        return errmsg_set(e, "%s.bias_values: given, but bias is false", base);
    return 0;
}

/* One table indexed twice: gcc 12 at -O2 misread the pointer chosen
 * between two tables, (hwc ? hw : chw)[ndim - 1], as out of bounds under
 * -fsanitize=object-size. */
static const char *shape_names(int hwc, int ndim) {
    static const char *const names[2][3] = {
        {"[C, W]", "[C, H, W]", "[C, D, H, W]"},
        {"[W, C]", "[H, W, C]", "[D, H, W, C]"},
    };
    if (ndim < 1 || ndim > 3) return "";
    return names[hwc ? 1 : 0][ndim - 1];
}

static const char *const input_keys[] = {"shape", "data", "fill", "seed", "min", "max",
                                         "integers", "image", NULL};

static int input_shape(ctx *c, const cJSON *obj, conv_kind kind, scene *s, int *dim, errmsg *e) {
    const cJSON *sh = cJSON_GetObjectItemCaseSensitive(obj, "shape");
    int ndim = kind_ndim(kind), i = 0;
    if (!sh) return errmsg_set(e, "input.shape: missing");
    if (!cJSON_IsArray(sh)) return errmsg_set(e, "input.shape: must be a list of positive integers");
    if (cJSON_GetArraySize(sh) != ndim + 1)
        return errmsg_set(e, "input.shape: %s needs %d dimensions %s, got %d", conv_kind_names[kind],
                          ndim + 1, shape_names(c->hwc, ndim), cJSON_GetArraySize(sh));
    for (const cJSON *d = sh->child; d; d = d->next, i++)
        if (as_int(d, 1, &dim[i])) return int_error(d, "input.shape", "must be a list of positive integers", e);
    s->in_c = dim[c->hwc ? ndim : 0];
    for (i = 0; i < CONV_SP; i++) s->in_sp[i] = 1;
    for (i = 0; i < ndim; i++) s->in_sp[first_axis(ndim) + i] = dim[c->hwc ? i : i + 1];
    return 0;
}

static int read_image(ctx *c, const cJSON *img, scene *s, int ndim, errmsg *e) {
    char full[4096];
    const char *path;
    if (!cJSON_IsString(img) || !img->valuestring[0])
        return errmsg_set(e, "input.image: must be a file name");
    if (ndim != 2) return errmsg_set(e, "input.image: only for 2-D inputs %s", shape_names(c->hwc, 2));
    if (s->in_c != 1 && s->in_c != 3)
        return errmsg_set(e, "input.image: needs 1 or 3 channels, the input has %d", s->in_c);
    path = img->valuestring;
    if (c->base_dir && path[0] != '/') {
        if (snprintf(full, sizeof full, "%s/%s", c->base_dir, path) >= (int)sizeof full)
            return errmsg_set(e, "input.image: path too long");
        path = full;
    }
    if (c->image && strlen(path) < c->image_size) memcpy(c->image, path, strlen(path) + 1);
    if (image_load(path, s->in_c, s->in_sp[1], s->in_sp[2], s->input, e)) {
        errmsg_prefix(e, "input.image: ");
        return -1;
    }
    return 0;
}

static int parse_input(ctx *c, const cJSON *obj, conv_kind kind, scene *s, errmsg *e) {
    static const char *const extra[] = {"seed", "min", "max", "integers"};
    int dim[TENSOR_MAX_RANK], ndim = kind_ndim(kind), rank = ndim + 1, sources;
    const cJSON *data, *fill, *img;
    int64_t n;
    double *buf;
    if (!obj) return errmsg_set(e, "input: missing");
    if (!cJSON_IsObject(obj)) return errmsg_set(e, "input: must be an object");
    if (check_keys(obj, "input", input_keys, e)) return -1;
    if (input_shape(c, obj, kind, s, dim, e)) return -1;
    if (tensor_count(rank, dim, &n, "input.shape", e)) return -1;

    data = cJSON_GetObjectItemCaseSensitive(obj, "data");
    fill = cJSON_GetObjectItemCaseSensitive(obj, "fill");
    img = cJSON_GetObjectItemCaseSensitive(obj, "image");
    sources = !!data + !!fill + !!img;
    if (sources != 1) return errmsg_set(e, "input: needs exactly one of data, fill or image");
    for (int i = 0; i < 4 && !fill; i++)
        if (cJSON_GetObjectItemCaseSensitive(obj, extra[i]))
            return errmsg_set(e, "input.%s: only used with fill", extra[i]);

    if (!(buf = tensor_alloc(n, "input", e))) return -1;
    if (img) {
        s->input = buf; /* image_load writes channel-first whatever the layout */
        return read_image(c, img, s, ndim, e);
    }
    if (data) {
        if (read_data(data, "input.data", rank, dim, buf, e)) { free(buf); return -1; }
    } else {
        tensor_fill f = {TENSOR_FILL_RANDOM, 1, 0, 2, 1};
        if (get_fill(obj, "input", &f, e)) { free(buf); return -1; }
        tensor_fill_apply(&f, buf, n);
    }
    s->input = to_core(buf, c->hwc, 1, ndim, dim, n, "input", e);
    return s->input ? 0 : -1;
}

static int load_weights(ctx *c, scene_layer *L, int li, errmsg *e) {
    const conv_geom *g = &L->g;
    int ndim = kind_ndim(g->p.kind), dim[TENSOR_MAX_RANK], lead[2], rank;
    int transposed = g->p.kind == CONV_TRANSPOSE_2D;
    char path[PATH_SIZE];
    tensor_fill deflt = {TENSOR_FILL_RANDOM, (uint64_t)li + 1, -1, 1, 1};
    int64_t n;
    double *buf;
    lead[0] = transposed ? g->in_c : g->out_c;
    lead[1] = transposed ? g->fpg : g->cpg;
    rank = file_shape(c->hwc, 2, lead, ndim, g->p.kernel + first_axis(ndim), dim);
    snprintf(path, sizeof path, "layers[%d].weights", li);
    if (tensor_count(rank, dim, &n, path, e)) return -1;
    if (!(buf = tensor_alloc(n, path, e))) return -1;
    if (read_values(c->weights[li], path, rank, dim, &deflt, buf, n, e)) { free(buf); return -1; }
    L->weight = to_core(buf, c->hwc, 2, ndim, dim, n, path, e);
    return L->weight ? 0 : -1;
}

static int load_bias(ctx *c, scene_layer *L, int li, errmsg *e) {
    char path[PATH_SIZE];
    tensor_fill deflt = {TENSOR_FILL_ZEROS, (uint64_t)li + 1, 0, 1, 1};
    int64_t n = L->p.filters;
    if (!L->p.bias) return 0;
    snprintf(path, sizeof path, "layers[%d].bias_values", li);
    if (!(L->bias = tensor_alloc(n, path, e))) return -1;
    return read_values(c->bias[li], path, 1, &L->p.filters, &deflt, L->bias, n, e);
}

static const char *const top_keys[] = {"title", "layout", "data_format", "input", "layers", NULL};

static int parse_top(ctx *c, const cJSON *root, scene *s, errmsg *e) {
    field f;
    const cJSON *layers;
    int k;
    if (!cJSON_IsObject(root)) return errmsg_set(e, "scene: must be a JSON object {...}");
    if (check_keys(root, "", top_keys, e)) return -1;

    field_get(root, "", "title", NULL, &f, e);
    if (f.item) {
        if (!cJSON_IsString(f.item)) return errmsg_set(e, "title: must be a string");
        if (strlen(f.item->valuestring) >= SCENE_TITLE_SIZE)
            return errmsg_set(e, "title: longer than %d bytes", SCENE_TITLE_SIZE - 1);
        memcpy(s->title, f.item->valuestring, strlen(f.item->valuestring) + 1);
    }
    if (field_get(root, "", "layout", "data_format", &f, e)) return -1;
    if (f.item) {
        static const char *const layouts[] = {"CHW", "HWC", "channels_first", "channels_last"};
        int alias = !strcmp(f.path, "data_format");
        if (get_name(&f, layouts + 2 * alias, 2,
                     alias ? "must be \"channels_first\" or \"channels_last\"" : "must be \"CHW\" or \"HWC\"",
                     &k, e))
            return -1;
        c->hwc = k;
    }
    s->layout = c->hwc ? SCENE_HWC : SCENE_CHW;

    layers = cJSON_GetObjectItemCaseSensitive(root, "layers");
    if (!layers) return errmsg_set(e, "layers: missing");
    if (!cJSON_IsArray(layers) || cJSON_GetArraySize(layers) < 1 || cJSON_GetArraySize(layers) > SCENE_MAX_LAYERS)
        return errmsg_set(e, "layers: must be a list of 1 to %d layers", SCENE_MAX_LAYERS);
    k = 0;
    for (const cJSON *l = layers->child; l; l = l->next, k++) {
        conv_params *p = &s->layer[k].p;
        if (parse_layer_params(c, l, k, p, e)) return -1;
        s->nlayers = k + 1;
        if (k > 0 && kind_ndim(p->kind) != kind_ndim(s->layer[0].p.kind))
            return errmsg_set(e, "layers[%d].type: %s after %s; all layers need the same number of "
                              "spatial axes", k, conv_kind_names[p->kind], conv_kind_names[s->layer[0].p.kind]);
    }
    return parse_input(c, cJSON_GetObjectItemCaseSensitive(root, "input"), s->layer[0].p.kind, s, e);
}

static int parse_scene(ctx *c, const cJSON *root, scene *s, errmsg *e) {
    if (parse_top(c, root, s, e)) return -1;
    if (scene_resolve(s, e)) return -1;
    for (int i = 0; i < s->nlayers; i++) {
        scene_layer *L = &s->layer[i];
        if (c->in_channels[i] && c->in_channels[i] != L->g.in_c)
            return errmsg_set(e, "layers[%d].in_channels: %d, but the layer's input has %d channels",
                              i, c->in_channels[i], L->g.in_c);
        if (load_weights(c, L, i, e) || load_bias(c, L, i, e)) return -1;
    }
    return scene_compute(s, e);
}

/* "line 3, column 7" of a byte offset, for cJSON's error position. */
static int json_error(const char *json, size_t len, const char *end, const char *what, errmsg *e) {
    size_t pos = end && end >= json && (size_t)(end - json) <= len ? (size_t)(end - json) : len;
    int line = 1, col = 1;
    char near[24];
    size_t k = 0;
    for (size_t i = 0; i < pos; i++) {
        if (json[i] == '\n') { line++; col = 1; }
        else col++;
    }
    for (size_t i = pos; i < len && k < 16 && json[i] != '\n' && json[i] != '\r'; i++)
        near[k++] = (unsigned char)json[i] < 32 ? ' ' : json[i];
    near[k] = 0;
    if (pos >= len || k == 0)
        return errmsg_set(e, "line %d, column %d: %s at the end", line, col, what);
    return errmsg_set(e, "line %d, column %d: %s near \"%s\"", line, col, what, near);
}

/* ------------------------------------------------------------------ */
/* What cJSON lets through                                             */

/* cJSON reads "01" as 1 (JSON has no leading zeros, nor "1." or "-") and
 * decodes \u0000 into a NUL that ends the C string early, so
 * "conv2d\u0000junk" would be read as conv2d. A second walk over text
 * cJSON has accepted refuses both, naming the JSON path. */
typedef struct {
    const char *p, *end;
    char path[PATH_SIZE];
} strict;

static void strict_ws(strict *j) {
    while (j->p < j->end && (*j->p == ' ' || *j->p == '\t' || *j->p == '\n' || *j->p == '\r')) j->p++;
}

/* At the opening quote: moves past the string; *raw, *n its text as
 * written; 1 when it holds \u0000. */
static int strict_string(strict *j, const char **raw, size_t *n) {
    const char *q = ++j->p;
    int nul = 0;
    while (q < j->end && *q != '"') {
        if (*q == '\\' && q + 1 < j->end) {
            if (q[1] == 'u' && j->end - q >= 6 && strncmp(q + 2, "0000", 4) == 0) nul = 1;
            q++;
        }
        q++;
    }
    *raw = j->p;
    *n = (size_t)(q - j->p);
    j->p = q < j->end ? q + 1 : q;
    return nul;
}

static size_t digits(const char *p, const char *end) {
    size_t n = 0;
    while (p + n < end && p[n] >= '0' && p[n] <= '9') n++;
    return n;
}

/* -?(0|[1-9][0-9]*)(.[0-9]+)?([eE][+-]?[0-9]+)? and nothing more. */
static int strict_number(strict *j, errmsg *e) {
    const char *s = j->p, *q = s;
    size_t n;
    int ok;
    if (q < j->end && *q == '-') q++;
    n = digits(q, j->end);
    ok = n > 0 && !(n > 1 && *q == '0');
    q += n;
    if (ok && q < j->end && *q == '.') {
        n = digits(++q, j->end);
        ok = n > 0;
        q += n;
    }
    if (ok && q < j->end && (*q == 'e' || *q == 'E')) {
        q++;
        if (q < j->end && (*q == '+' || *q == '-')) q++;
        n = digits(q, j->end);
        ok = n > 0;
        q += n;
    }
    /* cJSON's own scan took whatever strtod did: the rest of the token */
    while (q < j->end && (strchr("0123456789.eE+-", *q) != NULL && *q)) {
        q++;
        ok = 0;
    }
    j->p = q;
    if (ok) return 0;
    return errmsg_set(e, "%s: %.*s is not a JSON number%s", j->path[0] ? j->path : "scene",
                      (int)(q - s > 32 ? 32 : q - s), s,
                      (s[0] == '0' || (s[0] == '-' && s[1] == '0')) && digits(s + (s[0] == '-'), q) > 1
                          ? " (leading zero)" : "");
}

static int strict_value(strict *j, errmsg *e);

static int strict_object(strict *j, errmsg *e) {
    size_t keep = strlen(j->path);
    j->p++;
    strict_ws(j);
    if (j->p < j->end && *j->p == '}') {
        j->p++;
        return 0;
    }
    while (j->p < j->end && *j->p == '"') {
        const char *raw;
        size_t n;
        int nul = strict_string(j, &raw, &n);
        if (keep) snprintf(j->path + keep, PATH_SIZE - keep, ".");
        path_append(j->path, raw, n);
        if (nul) return errmsg_set(e, "%s: \\u0000 (a NUL character) in a key", j->path);
        strict_ws(j);
        if (j->p < j->end && *j->p == ':') j->p++;
        if (strict_value(j, e)) return -1;
        j->path[keep] = 0;
        strict_ws(j);
        if (j->p < j->end && *j->p == ',') {
            j->p++;
            strict_ws(j);
            continue;
        }
        break;
    }
    if (j->p < j->end && *j->p == '}') j->p++;
    return 0;
}

static int strict_array(strict *j, errmsg *e) {
    size_t keep = strlen(j->path);
    int i = 0;
    j->p++;
    strict_ws(j);
    if (j->p < j->end && *j->p == ']') {
        j->p++;
        return 0;
    }
    while (j->p < j->end) {
        snprintf(j->path + keep, PATH_SIZE - keep, "[%d]", i++);
        if (strict_value(j, e)) return -1;
        j->path[keep] = 0;
        strict_ws(j);
        if (j->p < j->end && *j->p == ',') {
            j->p++;
            continue;
        }
        break;
    }
    if (j->p < j->end && *j->p == ']') j->p++;
    return 0;
}

static int strict_value(strict *j, errmsg *e) {
    const char *raw;
    size_t n;
    strict_ws(j);
    if (j->p >= j->end) return 0;
    switch (*j->p) {
    case '{': return strict_object(j, e);
    case '[': return strict_array(j, e);
    case '"':
        if (strict_string(j, &raw, &n))
            return errmsg_set(e, "%s: \\u0000 (a NUL character) in a string", j->path[0] ? j->path : "scene");
        return 0;
    case '-': case '0': case '1': case '2': case '3': case '4':
    case '5': case '6': case '7': case '8': case '9':
        return strict_number(j, e);
    default: /* true, false, null */
        while (j->p < j->end && *j->p >= 'a' && *j->p <= 'z') j->p++;
        return 0;
    }
}

static cJSON *parse_json(const char *json, size_t len, errmsg *e) {
    const char *end = NULL, *nul = memchr(json, 0, len);
    char *buf;
    cJSON *root;
    if (nul) {
        json_error(json, len, nul, "NUL byte", e);
        return NULL;
    }
    /* cJSON wants the terminating NUL inside the length to reject trailing text. */
    if (!(buf = malloc(len + 1))) {
        errmsg_set(e, "out of memory");
        return NULL;
    }
    memcpy(buf, json, len);
    buf[len] = 0;
    root = cJSON_ParseWithLengthOpts(buf, len + 1, &end, 1);
    if (!root) {
        json_error(buf, len, end, "invalid JSON", e);
    } else {
        strict j;
        j.p = buf;
        j.end = buf + len;
        j.path[0] = 0;
        if (strict_value(&j, e) != 0) {
            cJSON_Delete(root);
            root = NULL;
        }
    }
    free(buf);
    return root;
}

static int parse_with(scene *s, const char *json, size_t len, const char *base_dir, char *image,
                      size_t image_size, errmsg *e) {
    ctx c;
    cJSON *root;
    int rc;
    scene_init(s);
    memset(&c, 0, sizeof c);
    c.base_dir = base_dir;
    c.image = image;
    c.image_size = image_size;
    if (image && image_size) image[0] = 0;
    if (!(root = parse_json(json, len, e))) return -1;
    rc = parse_scene(&c, root, s, e);
    cJSON_Delete(root);
    if (rc) {
        scene_free(s);
        scene_init(s);
    }
    return rc;
}

int sceneio_parse(scene *s, const char *json, size_t len, const char *base_dir, errmsg *e) {
    return parse_with(s, json, len, base_dir, NULL, 0, e);
}

cJSON *sceneio_json_parse(const char *json, size_t len, errmsg *e) {
    return parse_json(json, len, e);
}

int sceneio_json_keys(const cJSON *obj, const char *path, const char *const *keys, errmsg *e) {
    return check_keys(obj, path, keys, e);
}

int sceneio_from_json(scene *s, const cJSON *root, const char *base_dir, errmsg *e) {
    ctx c;
    int rc;
    scene_init(s);
    memset(&c, 0, sizeof c);
    c.base_dir = base_dir;
    rc = parse_scene(&c, root, s, e);
    if (rc) {
        scene_free(s);
        scene_init(s);
    }
    return rc;
}

/* ------------------------------------------------------------------ */
/* Files                                                               */

/* The whole file: 0, -1 (not a regular file, too large) or FILEIO_EIO. */
static int read_file(const char *path, char **buf, size_t *len, errmsg *e) {
    FILE *f;
    int rc = fileio_open_read(path, "scene file", &f, e);
    if (rc) return rc;
    rc = fileio_read_all(f, (size_t)SCENEIO_MAX_FILE_BYTES, buf, len, e);
    fclose(f);
    if (rc == FILEIO_TOO_BIG) return errmsg_set(e, "larger than %ld bytes", SCENEIO_MAX_FILE_BYTES);
    return rc;
}

int sceneio_load(scene *s, const char *path, errmsg *e) {
    return sceneio_load_image(s, path, NULL, 0, e);
}

int sceneio_load_image(scene *s, const char *path, char *image, size_t image_size, errmsg *e) {
    char dir[4096];
    size_t len = 0;
    char *buf;
    int rc;
    scene_init(s);
    if ((rc = read_file(path, &buf, &len, e)) != 0) {
        errmsg_prefix(e, "%s: ", path);
        return rc;
    }
    rc = parse_with(s, buf, len, fileio_dir_of(path, dir, sizeof dir), image, image_size, e);
    free(buf);
    if (rc) errmsg_prefix(e, "%s: ", path);
    return rc;
}

/* ------------------------------------------------------------------ */
/* Writing                                                             */

static void sb_string(strbuf *b, const char *s) {
    strbuf_add(b, "\"", 1);
    for (; *s; s++) {
        unsigned char ch = (unsigned char)*s;
        if (ch == '"' || ch == '\\') { strbuf_add(b, "\\", 1); strbuf_add(b, s, 1); }
        else if (ch < 32) strbuf_printf(b, "\\u%04x", ch);
        else strbuf_add(b, s, 1);
    }
    strbuf_add(b, "\"", 1);
}

static void sb_num(strbuf *b, double v) {
    char tmp[64];
    if (!isfinite(v) || fabs(v) > NUM_LIMIT) { b->failed = 2; return; }
    /* explain_num may drop the sign of zero; the round trip must not. */
    if (v == 0 && signbit(v)) snprintf(tmp, sizeof tmp, "-0");
    else explain_num(tmp, sizeof tmp, v);
    strbuf_add(b, tmp, strlen(tmp));
}

static void sb_ints(strbuf *b, int n, const int *v) {
    strbuf_add(b, "[", 1);
    for (int i = 0; i < n; i++) strbuf_printf(b, "%s%d", i ? ", " : "", v[i]);
    strbuf_add(b, "]", 1);
}

static void sb_indent(strbuf *b, int depth) {
    for (int i = 0; i < depth; i++) strbuf_add(b, "  ", 2);
}

/* A nested list; a sublist of at most 16 numbers stays on one line. */
static void sb_nested(strbuf *b, const double *v, int rank, const int *dim, int depth) {
    int64_t sub = 1;
    for (int i = 1; i < rank; i++) sub *= dim[i];
    strbuf_add(b, "[", 1);
    if (rank == 1 || sub * dim[0] <= 16) {
        for (int i = 0; i < dim[0]; i++) {
            if (i) strbuf_add(b, ", ", 2);
            if (rank == 1) sb_num(b, v[i]);
            else sb_nested(b, v + i * sub, rank - 1, dim + 1, depth + 1);
        }
    } else {
        for (int i = 0; i < dim[0]; i++) {
            strbuf_add(b, i ? ",\n" : "\n", i ? 2 : 1);
            sb_indent(b, depth + 1);
            sb_nested(b, v + i * sub, rank - 1, dim + 1, depth + 1);
        }
        strbuf_add(b, "\n", 1);
        sb_indent(b, depth);
    }
    strbuf_add(b, "]", 1);
}

/* Writes core-order data in the file's order. */
static void sb_tensor(strbuf *b, const double *core, int hwc, int nlead, const int *lead, int ndim,
                      const int *sp, int depth) {
    int dim[TENSOR_MAX_RANK], cdim[TENSOR_MAX_RANK], perm[TENSOR_MAX_RANK];
    int rank = file_shape(hwc, nlead, lead, ndim, sp, dim);
    int64_t n = 1;
    double *tmp;
    if (!hwc) { sb_nested(b, core, rank, dim, depth); return; }
    file_shape(0, nlead, lead, ndim, sp, cdim);
    for (int i = 0; i < rank; i++) n *= dim[i];
    if (!(tmp = malloc((size_t)n * sizeof *tmp))) { b->failed = 1; return; }
    perm_to_file(nlead, ndim, perm);
    tensor_permute(core, rank, cdim, perm, tmp);
    sb_nested(b, tmp, rank, dim, depth);
    free(tmp);
}

static void sb_axes(strbuf *b, const char *key, int ndim, const int *v) {
    strbuf_printf(b, ",\n      \"%s\": ", key);
    sb_ints(b, ndim, v + first_axis(ndim));
}

static void write_layer(strbuf *b, const scene *s, int li) {
    const scene_layer *L = &s->layer[li];
    const conv_params *p = &L->p;
    int ndim = kind_ndim(p->kind), a = first_axis(ndim), hwc = s->layout == SCENE_HWC, lead[2];
    int transposed = p->kind == CONV_TRANSPOSE_2D;
    strbuf_printf(b, "    {\n      \"type\": \"%s\",\n      \"in_channels\": %d,\n      \"filters\": %d",
              conv_kind_names[p->kind], L->g.in_c, p->filters);
    sb_axes(b, "kernel_size", ndim, p->kernel);
    sb_axes(b, "stride", ndim, p->stride);
    if (p->padding == CONV_PAD_AMOUNT) {
        strbuf_printf(b, ",\n      \"padding\": [");
        for (int i = 0; i < ndim; i++)
            strbuf_printf(b, "%s[%d, %d]", i ? ", " : "", p->pad[a + i][0], p->pad[a + i][1]);
        strbuf_add(b, "]", 1);
    } else {
        strbuf_printf(b, ",\n      \"padding\": \"%s\"", conv_padding_names[p->padding]);
    }
    strbuf_printf(b, ",\n      \"padding_mode\": \"%s\"", conv_padmode_names[p->padding_mode]);
    sb_axes(b, "dilation", ndim, p->dilation);
    strbuf_printf(b, ",\n      \"groups\": %d,\n      \"bias\": %s,\n      \"activation\": \"%s\"",
              p->groups, p->bias ? "true" : "false", conv_act_names[p->activation]);
    sb_axes(b, "output_padding", ndim, p->output_padding);
    strbuf_printf(b, ",\n      \"weights\": ");
    lead[0] = transposed ? L->g.in_c : L->g.out_c;
    lead[1] = transposed ? L->g.fpg : L->g.cpg;
    sb_tensor(b, L->weight, hwc, 2, lead, ndim, p->kernel + a, 3);
    if (p->bias) {
        strbuf_printf(b, ",\n      \"bias_values\": [");
        for (int f = 0; f < p->filters; f++) {
            if (f) strbuf_add(b, ", ", 2);
            sb_num(b, L->bias ? L->bias[f] : 0.0);
        }
        strbuf_add(b, "]", 1);
    }
    strbuf_printf(b, "\n    }");
}

char *sceneio_to_json(const scene *s, errmsg *e) {
    strbuf b = {0};
    int ndim, hwc = s->layout == SCENE_HWC, dim[TENSOR_MAX_RANK];
    if (s->nlayers < 1 || !s->input) {
        errmsg_set(e, "scene: nothing to save (no input or no layers)");
        return NULL;
    }
    for (int i = 0; i < s->nlayers; i++)
        if (!s->layer[i].weight) {
            errmsg_set(e, "layers[%d].weights: not computed yet", i);
            return NULL;
        }
    ndim = kind_ndim(s->layer[0].p.kind);
    strbuf_printf(&b, "{\n  \"title\": ");
    sb_string(&b, s->title);
    strbuf_printf(&b, ",\n  \"layout\": \"%s\",\n  \"input\": {\n    \"shape\": ", hwc ? "HWC" : "CHW");
    file_shape(hwc, 1, &s->in_c, ndim, s->in_sp + first_axis(ndim), dim);
    sb_ints(&b, ndim + 1, dim);
    strbuf_printf(&b, ",\n    \"data\": ");
    sb_tensor(&b, s->input, hwc, 1, &s->in_c, ndim, s->in_sp + first_axis(ndim), 2);
    strbuf_printf(&b, "\n  },\n  \"layers\": [\n");
    for (int i = 0; i < s->nlayers; i++) {
        if (i) strbuf_printf(&b, ",\n");
        write_layer(&b, s, i);
    }
    strbuf_printf(&b, "\n  ]\n}\n");
    if (b.failed) {
        errmsg_set(e, b.failed == 2 ? "scene: a value is not " "a finite number of magnitude at most 1e15"
                                 : "scene: out of memory");
        free(b.s);
        return NULL;
    }
    return b.s;
}
