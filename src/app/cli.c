#include "cli.h"

#include <ctype.h>
#include <errno.h>
#include <limits.h>
#include <stdlib.h>
#include <string.h>

#include "codegen.h"
#include "layout.h"
#include "theme.h"

/* Largest size, count or index a flag accepts; the core checks tensor
 * limits, this only keeps products of a few of them inside int64. */
enum { CLI_MAX_INT = 1 << 20, CLI_MAX_SIZE = 8192, CLI_MAX_MS = 600000 };

/* Which commands take a flag: one bit per cli_command. */
#define C(cmd) (1u << (cmd))
#define C_ALL (C(CLI_WINDOW) | C(CLI_COMPUTE) | C(CLI_SUMMARY) | C(CLI_EXPLAIN) | \
               C(CLI_RENDER) | C(CLI_EXPORT) | C(CLI_CODE))
#define C_ANY (C_ALL | C(CLI_LESSON))
#define C_LAYER (C(CLI_WINDOW) | C(CLI_COMPUTE) | C(CLI_EXPLAIN) | C(CLI_RENDER) | C(CLI_EXPORT))
#define C_VIEW (C(CLI_WINDOW) | C(CLI_RENDER) | C(CLI_EXPORT))

typedef enum {
    F_HELP, F_VERSION,
    /* scene */
    F_TYPE, F_INPUT, F_CHANNELS, F_FILTERS, F_KERNEL, F_STRIDE, F_PADDING, F_PADMODE,
    F_DILATION, F_GROUPS, F_BIAS, F_NO_BIAS, F_ACTIVATION, F_OUTPAD, F_SEED,
    F_IMAGE, F_LAYOUT,
    /* what to look at */
    F_LAYER, F_FILTER, F_AT,
    /* view */
    F_STEP, F_GRAN, F_THEME, F_FONT, F_SIZE, F_OUT, F_SCRIPT, F_SCREENSHOT,
    F_PROJECTOR, F_HOVER, F_DESCRIBE, F_STYLE, F_CAPTION, F_VOCAB, F_NUMBERS, F_TVIEW,
    /* export */
    F_GIF, F_FRAMES, F_MP4, F_WEBM, F_SVG, F_PDF, F_FPS, F_DELAY, F_FROM, F_TO, F_HOLD, F_LOOP, F_QUIET,
    /* code */
    F_FRAMEWORK, F_SHAPE_ONLY, F_DATA,
    /* lesson */
    F_CHECK, F_EXPORT
} flag_id;

typedef struct {
    const char *name;
    flag_id id;
    int takes_value;
    unsigned cmds;
} flag_def;

static const flag_def flags[] = {
    {"--help", F_HELP, 0, C_ANY},
    {"-h", F_HELP, 0, C_ANY},
    {"--version", F_VERSION, 0, C_ANY},
    {"--type", F_TYPE, 1, C_ALL},
    {"--input", F_INPUT, 1, C_ALL},
    {"--channels", F_CHANNELS, 1, C_ALL},
    {"--in-channels", F_CHANNELS, 1, C_ALL},
    {"--filters", F_FILTERS, 1, C_ALL},
    {"--out-channels", F_FILTERS, 1, C_ALL},
    {"--kernel", F_KERNEL, 1, C_ALL},
    {"--kernel-size", F_KERNEL, 1, C_ALL},
    {"--stride", F_STRIDE, 1, C_ALL},
    {"--strides", F_STRIDE, 1, C_ALL},
    {"--padding", F_PADDING, 1, C_ALL},
    {"--padding-mode", F_PADMODE, 1, C_ALL},
    {"--dilation", F_DILATION, 1, C_ALL},
    {"--dilation-rate", F_DILATION, 1, C_ALL},
    {"--groups", F_GROUPS, 1, C_ALL},
    {"--bias", F_BIAS, 0, C_ALL},
    {"--no-bias", F_NO_BIAS, 0, C_ALL},
    {"--activation", F_ACTIVATION, 1, C_ALL},
    {"--output-padding", F_OUTPAD, 1, C_ALL},
    {"--seed", F_SEED, 1, C_ALL},
    {"--image", F_IMAGE, 1, C_ALL},
    {"--layout", F_LAYOUT, 1, C_ALL},
    {"--layer", F_LAYER, 1, C_LAYER},
    {"--filter", F_FILTER, 1, C(CLI_EXPLAIN)},
    {"--at", F_AT, 1, C(CLI_EXPLAIN)},
    {"--step", F_STEP, 1, C(CLI_RENDER) | C(CLI_WINDOW)},
    {"--granularity", F_GRAN, 1, C_VIEW},
    {"--theme", F_THEME, 1, C_VIEW | C(CLI_LESSON)},
    {"--font", F_FONT, 1, C_VIEW | C(CLI_LESSON)},
    {"--size", F_SIZE, 1, C_VIEW | C(CLI_LESSON)},
    {"--out", F_OUT, 1, C(CLI_RENDER)},
    {"--script", F_SCRIPT, 1, C(CLI_WINDOW) | C(CLI_LESSON)},
    {"--screenshot", F_SCREENSHOT, 1, C(CLI_WINDOW) | C(CLI_LESSON)},
    {"--projector", F_PROJECTOR, 0, C_VIEW | C(CLI_LESSON)},
    {"--style", F_STYLE, 1, C(CLI_RENDER) | C(CLI_EXPORT)},
    {"--caption", F_CAPTION, 1, C(CLI_RENDER) | C(CLI_EXPORT)},
    {"--vocab", F_VOCAB, 1, C(CLI_RENDER) | C(CLI_EXPORT)},
    {"--numbers", F_NUMBERS, 1, C(CLI_RENDER) | C(CLI_EXPORT)},
    {"--transposed-view", F_TVIEW, 1, C_VIEW},
    {"--hover", F_HOVER, 1, C(CLI_RENDER)},
    {"--describe", F_DESCRIBE, 1, C(CLI_RENDER)},
    {"--gif", F_GIF, 1, C(CLI_EXPORT)},
    {"--frames", F_FRAMES, 1, C(CLI_EXPORT)},
    {"--mp4", F_MP4, 1, C(CLI_EXPORT)},
    {"--webm", F_WEBM, 1, C(CLI_EXPORT)},
    {"--svg", F_SVG, 1, C(CLI_EXPORT)},
    {"--pdf", F_PDF, 1, C(CLI_EXPORT)},
    {"--fps", F_FPS, 1, C(CLI_EXPORT)},
    {"--delay", F_DELAY, 1, C(CLI_EXPORT)},
    {"--from", F_FROM, 1, C(CLI_EXPORT)},
    {"--to", F_TO, 1, C(CLI_EXPORT)},
    {"--hold", F_HOLD, 1, C(CLI_EXPORT)},
    {"--loop", F_LOOP, 1, C(CLI_EXPORT)},
    {"--quiet", F_QUIET, 0, C(CLI_EXPORT)},
    {"--framework", F_FRAMEWORK, 1, C(CLI_CODE)},
    {"--shape-only", F_SHAPE_ONLY, 0, C(CLI_CODE)},
    {"--data", F_DATA, 1, C(CLI_CODE)},
    {"--check", F_CHECK, 0, C(CLI_LESSON)},
    {"--export", F_EXPORT, 1, C(CLI_LESSON)},
};

static const char *const command_names[] = {
    "window", "compute", "summary", "explain", "render", "export", "code", "lesson"
};

/* Scene flags as given; turned into conv_params once the kind is known,
 * since --kernel 3x1 may come before --type or --input. */
typedef struct {
    int n, v[CONV_SP];
} axes;

typedef struct {
    int type_set;
    conv_kind kind;
    axes input, kernel, stride, dilation, outpad, pad;
    conv_padding padding;
    int filters, groups, bias;
    conv_padmode padmode;
    conv_act act;
    const char *input_flag; /* spelling used, for messages */
} scene_flags;

/* ---- values ---- */

static int parse_int(const char *flag, const char *s, int lo, int hi, int *out, errmsg *e) {
    char *end;
    long v;
    if (!isdigit((unsigned char)*s) && !(*s == '-' && isdigit((unsigned char)s[1])))
        return errmsg_set(e, "%s: \"%s\" is not a whole number", flag, s);
    errno = 0;
    v = strtol(s, &end, 10);
    if (*end != '\0')
        return errmsg_set(e, "%s: \"%s\" is not a whole number", flag, s);
    if (v < lo)
        return errmsg_set(e, "%s: must be at least %d, got %s", flag, lo, s);
    if (errno == ERANGE || v > hi)
        return errmsg_set(e, "%s: %s is too large, at most %d", flag, s, hi);
    *out = (int)v;
    return 0;
}

static int parse_i64(const char *flag, const char *s, int64_t *out, errmsg *e) {
    char *end;
    long long v;
    if (!isdigit((unsigned char)*s))
        return errmsg_set(e, "%s: \"%s\" is not a whole number >= 0", flag, s);
    errno = 0;
    v = strtoll(s, &end, 10);
    if (*end != '\0')
        return errmsg_set(e, "%s: \"%s\" is not a whole number >= 0", flag, s);
    if (errno == ERANGE)
        return errmsg_set(e, "%s: %s is too large", flag, s);
    *out = v;
    return 0;
}

static int parse_u64(const char *flag, const char *s, uint64_t *out, errmsg *e) {
    char *end;
    unsigned long long v;
    if (!isdigit((unsigned char)*s))
        return errmsg_set(e, "%s: \"%s\" is not a whole number >= 0", flag, s);
    errno = 0;
    v = strtoull(s, &end, 10);
    if (*end != '\0')
        return errmsg_set(e, "%s: \"%s\" is not a whole number >= 0", flag, s);
    if (errno == ERANGE)
        return errmsg_set(e, "%s: %s is too large", flag, s);
    *out = v;
    return 0;
}

/* "3", "3x1", "3,1" or "2x3x3": up to CONV_SP whole numbers in lo..hi. */
static int parse_list(const char *flag, const char *s, int lo, int hi, axes *a, errmsg *e) {
    char part[32];
    const char *p = s;
    memset(a, 0, sizeof *a);
    for (;;) {
        size_t len = strcspn(p, "x,");
        if (a->n == CONV_SP)
            return errmsg_set(e, "%s: \"%s\" has more than %d values", flag, s, CONV_SP);
        if (len == 0 || len >= sizeof part)
            return errmsg_set(e, "%s: \"%s\" is not a number or a list like 3x3", flag, s);
        memcpy(part, p, len);
        part[len] = '\0';
        if (parse_int(flag, part, lo, hi, &a->v[a->n], e) != 0)
            return -1;
        a->n++;
        if (p[len] == '\0')
            return 0;
        p += len + 1;
    }
}

static int same_word(const char *a, const char *b) {
    for (; *a && *b; a++, b++)
        if (tolower((unsigned char)*a) != tolower((unsigned char)*b))
            return 0;
    return *a == *b;
}

/* Index of s in names[0..n) (any case), or an error listing them. */
static int parse_choice(const char *flag, const char *s, const char *const *names, int n, errmsg *e) {
    char list[160] = "";
    int i;
    for (i = 0; i < n; i++)
        if (same_word(s, names[i]))
            return i;
    for (i = 0; i < n; i++) {
        if (i) strncat(list, "|", sizeof list - strlen(list) - 1);
        strncat(list, names[i], sizeof list - strlen(list) - 1);
    }
    return errmsg_set(e, "%s: \"%s\" is not one of %s", flag, s, list);
}

/* "input:C,Y,X", "output:F,Y,X" or "tensor:T,C,Y,X" (one coordinate per
 * axis of the layer, checked against the scene later). */
static int parse_hover(const char *flag, const char *s, cli_opts *o, errmsg *e) {
    const char *p;
    char part[32];
    if (strncmp(s, "input:", 6) == 0) o->hover_output = 0, p = s + 6;
    else if (strncmp(s, "output:", 7) == 0) o->hover_output = 1, p = s + 7;
    else if (strncmp(s, "tensor:", 7) == 0) o->hover_output = 2, p = s + 7;
    else return errmsg_set(e, "%s: \"%s\" is not input:C,Y,X, output:F,Y,X or tensor:T,C,Y,X", flag, s);
    o->hover_n = 0;
    for (;;) {
        size_t len = strcspn(p, ",");
        if (o->hover_n == (o->hover_output == 2 ? 5 : 4))
            return errmsg_set(e, "%s: \"%s\" has more than %d numbers", flag, s, o->hover_output == 2 ? 5 : 4);
        if (len == 0 || len >= sizeof part) return errmsg_set(e, "%s: \"%s\" is not a list like 0,1,2", flag, s);
        memcpy(part, p, len);
        part[len] = 0;
        if (parse_int(flag, part, -CLI_MAX_INT, CLI_MAX_INT, &o->hover[o->hover_n], e)) return -1;
        o->hover_n++;
        if (!p[len]) break;
        p += len + 1;
    }
    if (o->hover_n < 2) return errmsg_set(e, "%s: \"%s\" needs a channel and a position, e.g. input:0,1,2", flag, s);
    o->hover_set = 1;
    return 0;
}

static int parse_size(const char *flag, const char *s, cli_opts *o, errmsg *e) {
    axes a;
    if (parse_list(flag, s, 1, CLI_MAX_SIZE, &a, e) != 0)
        return -1;
    if (a.n != 2 || strchr(s, 'x') == NULL)
        return errmsg_set(e, "%s: \"%s\" is not WIDTHxHEIGHT, e.g. 800x600", flag, s);
    o->width = a.v[0];
    o->height = a.v[1];
    return 0;
}

static int parse_fps(const char *flag, const char *s, double *out, errmsg *e) {
    char *end;
    double v = strtod(s, &end);
    if (end == s || *end != '\0')
        return errmsg_set(e, "%s: \"%s\" is not a number", flag, s);
    if (!(v > 0 && v <= 100))
        return errmsg_set(e, "%s: %s is outside (0, 100]", flag, s);
    /* 1000 / 1e-300 ms would overflow the int delay into a fast GIF. */
    if (1000.0 / v > CLI_MAX_MS)
        return errmsg_set(e, "%s: %s makes a frame longer than %d ms, the longest --delay", flag, s, CLI_MAX_MS);
    *out = v;
    return 0;
}

/* ---- flags ---- */

/* The vocabularies are the core's (conv.h, sched.h, codegen.h) and the
 * theme module's; only the layout's spelling on the command line is ours. */
static const char *const layout_names[] = {"chw", "hwc"};
/* --vocab takes the first two of codegen's names: PyTorch's and Keras'. */
_Static_assert(CODEGEN_PYTORCH == 0 && CODEGEN_KERAS == 1, "--vocab: pytorch|keras lead codegen's names");

static int set_padding(const char *flag, const char *s, scene_flags *sf, errmsg *e) {
    if (same_word(s, "valid")) sf->padding = CONV_PAD_VALID;
    else if (same_word(s, "same")) sf->padding = CONV_PAD_SAME;
    else if (same_word(s, "full")) sf->padding = CONV_PAD_FULL;
    else if (same_word(s, "causal")) sf->padding = CONV_PAD_CAUSAL;
    else {
        if (!isdigit((unsigned char)*s))
            return errmsg_set(e, "%s: \"%s\" is not valid|same|full|causal, N or NxM", flag, s);
        if (parse_list(flag, s, 0, CLI_MAX_INT, &sf->pad, e) != 0)
            return -1;
        sf->padding = CONV_PAD_AMOUNT;
    }
    return 0;
}

static int set_scene_flag(const flag_def *f, const char *v, cli_opts *o, scene_flags *sf, errmsg *e) {
    int i;
    o->scene_flags = 1;
    switch (f->id) {
    case F_TYPE:
        if ((i = parse_choice(f->name, v, conv_kind_names, CONV_KIND_COUNT, e)) < 0) return -1;
        sf->type_set = 1;
        sf->kind = (conv_kind)i;
        return 0;
    case F_INPUT:
        sf->input_flag = f->name;
        return parse_list(f->name, v, 1, CLI_MAX_INT, &sf->input, e);
    case F_CHANNELS: return parse_int(f->name, v, 1, CLI_MAX_INT, &o->in_c, e);
    case F_FILTERS: return parse_int(f->name, v, 1, CLI_MAX_INT, &sf->filters, e);
    case F_KERNEL: return parse_list(f->name, v, 1, CLI_MAX_INT, &sf->kernel, e);
    case F_STRIDE: return parse_list(f->name, v, 1, CLI_MAX_INT, &sf->stride, e);
    case F_DILATION: return parse_list(f->name, v, 1, CLI_MAX_INT, &sf->dilation, e);
    case F_OUTPAD: return parse_list(f->name, v, 0, CLI_MAX_INT, &sf->outpad, e);
    case F_PADDING: return set_padding(f->name, v, sf, e);
    case F_GROUPS: return parse_int(f->name, v, 1, CLI_MAX_INT, &sf->groups, e);
    case F_BIAS: sf->bias = 1; return 0;
    case F_NO_BIAS: sf->bias = 0; return 0;
    case F_SEED: return parse_u64(f->name, v, &o->seed, e);
    case F_PADMODE:
        if ((i = parse_choice(f->name, v, conv_padmode_names, CONV_MODE_COUNT, e)) < 0) return -1;
        sf->padmode = (conv_padmode)i;
        return 0;
    case F_ACTIVATION:
        if ((i = parse_choice(f->name, v, conv_act_names, CONV_ACT_COUNT, e)) < 0) return -1;
        sf->act = (conv_act)i;
        return 0;
    default:
        return errmsg_set(e, "%s: not a scene flag", f->name);
    }
}

static int set_flag(const flag_def *f, const char *v, cli_opts *o, scene_flags *sf, errmsg *e) {
    axes a;
    int i;
    switch (f->id) {
    case F_HELP: o->help = 1; return 0;
    case F_VERSION: o->version = 1; return 0;
    case F_IMAGE: o->image = v; return 0;
    case F_LAYOUT:
        if ((i = parse_choice(f->name, v, layout_names, 2, e)) < 0) return -1;
        o->layout = i;
        return 0;
    case F_LAYER: return parse_int(f->name, v, 0, CLI_MAX_INT, &o->layer, e);
    case F_FILTER: return parse_int(f->name, v, 0, CLI_MAX_INT, &o->filter, e);
    case F_AT:
        if (parse_list(f->name, v, 0, CLI_MAX_INT, &a, e) != 0) return -1;
        o->at_n = a.n;
        memcpy(o->at, a.v, sizeof a.v);
        return 0;
    case F_STEP: return parse_i64(f->name, v, &o->step, e);
    case F_GRAN:
        if ((i = parse_choice(f->name, v, sched_gran_names, SCHED_GRAN_COUNT, e)) < 0) return -1;
        o->gran = (sched_gran)i;
        o->gran_set = 1;
        return 0;
    case F_THEME:
        if (!theme_get(v)) {
            const char *names[8];
            int n = 0;
            while (n < 8 && theme_at(n)) names[n] = theme_at(n)->name, n++;
            return parse_choice(f->name, v, names, n, e);
        }
        o->theme = v;
        return 0;
    case F_FONT: o->font = v; return 0;
    case F_SIZE: return parse_size(f->name, v, o, e);
    case F_OUT: o->out = v; return 0;
    case F_SCRIPT: o->script = v; return 0;
    case F_SCREENSHOT: o->screenshot = v; return 0;
    case F_PROJECTOR: o->projector = 1; return 0;
    case F_HOVER: return parse_hover(f->name, v, o, e);
    case F_DESCRIBE: o->describe = v; return 0;
    case F_STYLE:
        if ((i = parse_choice(f->name, v, layout_style_names, LAYOUT_STYLE_COUNT, e)) < 0) return -1;
        o->style = i;
        return 0;
    case F_CAPTION: o->caption = v; return 0;
    case F_VOCAB: /* the description's two vocabularies: the first two of codegen's */
        if ((i = parse_choice(f->name, v, codegen_framework_names, CODEGEN_KERAS + 1, e)) < 0) return -1;
        o->vocab = i;
        return 0;
    case F_NUMBERS:
        if ((i = parse_choice(f->name, v, layout_numbers_names, LAYOUT_NUMBERS_COUNT, e)) < 0) return -1;
        o->numbers = i;
        return 0;
    case F_TVIEW:
        if ((i = parse_choice(f->name, v, layout_tview_names, LAYOUT_TV_COUNT, e)) < 0) return -1;
        o->tview = i;
        return 0;
    case F_GIF: o->gif = v; return 0;
    case F_FRAMES: o->frames = v; return 0;
    case F_MP4: o->mp4 = v; return 0;
    case F_WEBM: o->webm = v; return 0;
    case F_SVG: o->svg = v; return 0;
    case F_PDF: o->pdf = v; return 0;
    case F_FPS: return parse_fps(f->name, v, &o->fps, e);
    case F_DELAY: return parse_int(f->name, v, 1, CLI_MAX_MS, &o->delay_ms, e);
    case F_FROM: return parse_i64(f->name, v, &o->from, e);
    case F_TO: return parse_i64(f->name, v, &o->to, e);
    case F_HOLD: return parse_int(f->name, v, 0, CLI_MAX_MS, &o->hold_ms, e);
    case F_LOOP: return parse_int(f->name, v, 0, 65535, &o->loop, e);
    case F_QUIET: o->quiet = 1; return 0;
    case F_FRAMEWORK:
        if (parse_choice(f->name, v, codegen_framework_names, CODEGEN_FRAMEWORK_COUNT, e) < 0) return -1;
        o->framework = v;
        return 0;
    case F_SHAPE_ONLY: o->shape_only = 1; return 0;
    case F_CHECK: o->check = 1; return 0;
    case F_EXPORT: o->export_dir = v; return 0;
    case F_DATA:
        if (!*v) return errmsg_set(e, "--data: needs a directory");
        o->data_dir = v;
        return 0;
    default:
        return set_scene_flag(f, v, o, sf, e);
    }
}

static const flag_def *find_flag(const char *arg, size_t len) {
    size_t i;
    for (i = 0; i < sizeof flags / sizeof flags[0]; i++)
        if (strlen(flags[i].name) == len && strncmp(flags[i].name, arg, len) == 0)
            return &flags[i];
    return NULL;
}

/* One flag at argv[*i], "--flag value" or "--flag=value"; advances *i past
 * its value. */
static int take_flag(int argc, char **argv, int *i, cli_opts *o, scene_flags *sf, errmsg *e) {
    const char *arg = argv[*i];
    const char *eq = strchr(arg, '=');
    size_t len = eq ? (size_t)(eq - arg) : strlen(arg);
    const flag_def *f = find_flag(arg, len);
    const char *v = NULL;
    if (f == NULL)
        return errmsg_set(e, "%.*s: unknown option (see convanim %s --help)", (int)len, arg,
                          command_names[o->cmd]);
    if (!(f->cmds & C(o->cmd)))
        return errmsg_set(e, "%s: not an option of %s", f->name, command_names[o->cmd]);
    if (f->takes_value) {
        if (eq) v = eq + 1;
        else if (*i + 1 < argc) v = argv[++*i];
        else return errmsg_set(e, "%s: needs a value", f->name);
        if (*v == '\0') return errmsg_set(e, "%s: needs a value", f->name);
    } else if (eq) {
        return errmsg_set(e, "%s: takes no value", f->name);
    }
    return set_flag(f, v, o, sf, e);
}

/* ---- the scene from its flags ---- */

/* Spreads one value to every axis the kind uses, or one per axis onto the
 * trailing axes; unused leading axes keep dflt_unused. */
static int spread(const char *flag, const axes *a, int ndim, int dflt, int dflt_unused,
                  const char *kind, int out[CONV_SP], errmsg *e) {
    int i;
    if (a->n > 1 && a->n != ndim)
        return errmsg_set(e, "%s: %s takes 1 or %d values, got %d", flag, kind, ndim, a->n);
    for (i = 0; i < CONV_SP; i++) {
        int used = i >= CONV_SP - ndim;
        if (!used) out[i] = dflt_unused;
        else if (a->n == 0) out[i] = dflt;
        else out[i] = a->n == 1 ? a->v[0] : a->v[i - (CONV_SP - ndim)];
    }
    return 0;
}

static int build_scene(const scene_flags *sf, cli_opts *o, errmsg *e) {
    conv_params *p = &o->params;
    int pad[CONV_SP], ndim, i;
    conv_kind kind = CONV_2D;
    const char *kname;

    if (sf->type_set)
        kind = sf->kind;
    else if (sf->input.n > 0)
        kind = sf->input.n == 1 ? CONV_1D : sf->input.n == 2 ? CONV_2D : CONV_3D;
    ndim = conv_ndim(kind);
    kname = conv_kind_name(kind);
    if (sf->input.n > 0 && sf->input.n != ndim)
        return errmsg_set(e, "%s: %s needs %d sizes, e.g. %s, got %d", sf->input_flag, kname,
                          ndim, ndim == 1 ? "8" : ndim == 2 ? "5x5" : "4x5x5", sf->input.n);

    o->in_ndim = ndim;
    if (spread("--input", &sf->input, ndim, 5, 1, kname, o->in_sp, e) != 0)
        return -1;
    conv_params_init(p, kind);
    p->filters = sf->filters;
    p->groups = sf->groups;
    p->bias = sf->bias;
    p->padding_mode = sf->padmode;
    p->activation = sf->act;
    p->padding = sf->padding;
    if (spread("--kernel", &sf->kernel, ndim, 3, 1, kname, p->kernel, e) != 0 ||
        spread("--stride", &sf->stride, ndim, 1, 1, kname, p->stride, e) != 0 ||
        spread("--dilation", &sf->dilation, ndim, 1, 1, kname, p->dilation, e) != 0 ||
        spread("--output-padding", &sf->outpad, ndim, 0, 0, kname, p->output_padding, e) != 0 ||
        spread("--padding", &sf->pad, ndim, 0, 0, kname, pad, e) != 0)
        return -1;
    for (i = 0; i < CONV_SP; i++)
        p->pad[i][0] = p->pad[i][1] = pad[i];
    return 0;
}

/* ---- commands ---- */

static int find_command(const char *s) {
    int i;
    for (i = 0; i < (int)(sizeof command_names / sizeof command_names[0]); i++)
        if (strcmp(s, command_names[i]) == 0)
            return i;
    return -1;
}

static int looks_like_path(const char *s) {
    return strchr(s, '.') != NULL || strchr(s, '/') != NULL;
}

static void opts_init(cli_opts *o, scene_flags *sf) {
    memset(o, 0, sizeof *o);
    memset(sf, 0, sizeof *sf);
    o->cmd = CLI_WINDOW;
    o->in_c = 1;
    o->seed = 1;
    o->layer = -1;
    o->filter = 0;
    o->gran = SCHED_CHANNEL;
    o->layout = -1;
    o->style = -1;
    o->vocab = -1;
    o->fps = 2;
    o->from = o->to = -1;
    sf->kind = CONV_2D;
    sf->filters = 1;
    sf->groups = 1;
    sf->bias = 1;
    sf->padding = CONV_PAD_VALID;
    sf->input_flag = "--input";
}

/* A bare word where a scene path goes: a scene file if it looks like one
 * (convanim scene.json), otherwise a mistyped command. */
static int take_positional(const char *arg, cli_opts *o, errmsg *e) {
    if (o->cmd == CLI_WINDOW && o->scene_path == NULL && !looks_like_path(arg))
        return errmsg_set(e, "%s: unknown command (window, compute, summary, explain, "
                          "render, export, code, lesson)", arg);
    if (o->scene_path != NULL)
        return errmsg_set(e, "%s: unexpected argument, the scene is already %s", arg,
                          o->scene_path);
    o->scene_path = arg;
    return 0;
}

int cli_parse(int argc, char **argv, cli_opts *o, errmsg *e) {
    scene_flags sf;
    int i = 1, only_positional = 0, c;

    opts_init(o, &sf);
    /* The command, if any, comes first; without one it is the window. */
    if (argc > 1 && (c = find_command(argv[1])) >= 0) {
        o->cmd = (cli_command)c;
        i = 2;
    }
    for (; i < argc; i++) {
        const char *arg = argv[i];
        if (!only_positional && strcmp(arg, "--") == 0) {
            only_positional = 1;
        } else if (!only_positional && arg[0] == '-' && arg[1] != '\0') {
            if (take_flag(argc, argv, &i, o, &sf, e) != 0)
                return -1;
        } else if (take_positional(arg, o, e) != 0) {
            return -1;
        }
    }
    if (o->help || o->version)
        return 0;
    if (o->scene_flags && o->scene_path != NULL)
        return errmsg_set(e, "%s: scene flags (--input, --kernel, ...) cannot be combined "
                          "with a scene file", o->scene_path);
    if (o->cmd == CLI_EXPLAIN && o->at_n == 0)
        return errmsg_set(e, "--at: explain needs the output cell, e.g. --at 0,0");
    if (o->cmd == CLI_RENDER && o->out == NULL)
        return errmsg_set(e, "--out: render needs the PNG file to write");
    if (o->cmd == CLI_EXPORT && o->gif == NULL && o->frames == NULL && o->mp4 == NULL && o->webm == NULL &&
        o->svg == NULL && o->pdf == NULL)
        return errmsg_set(e, "--gif: export needs --gif FILE or --frames DIR");
    if (o->cmd == CLI_CODE && o->framework == NULL)
        return errmsg_set(e, "--framework: code needs pytorch, keras or tfjs");
    if (o->cmd == CLI_LESSON && o->scene_path == NULL)
        return errmsg_set(e, "lesson: needs the lesson file, e.g. convanim lesson assets/lessons/convolution.json");
    if (o->check && o->export_dir != NULL)
        return errmsg_set(e, "--check: checks only; give it or --export DIR, not both");
    if (o->shape_only && o->data_dir != NULL)
        return errmsg_set(e, "--data: the --shape-only form sets no numbers, so it has no side files");
    if (o->from >= 0 && o->to >= 0 && o->from > o->to)
        return errmsg_set(e, "--from: %lld is after --to %lld", (long long)o->from,
                          (long long)o->to);
    return build_scene(&sf, o, e);
}

/* ---- help ---- */

static const char usage_window[] =
    "usage: convanim [SCENE] [options]\n"
    "       convanim COMMAND [SCENE] [options]\n"
    "\n"
    "Animates convolution layers step by step with exact numbers.\n"
    "\n"
    "commands:\n"
    "  (none), window  open the window\n"
    "  compute         print a layer's output as JSON\n"
    "  summary         print a Keras-style model summary\n"
    "  explain         print the arithmetic of one output cell\n"
    "  render          draw one step to a PNG file\n"
    "  export          write the animation as a GIF or PNG frames\n"
    "  code            print the layer as PyTorch, Keras or TensorFlow.js code\n"
    "  lesson          present a lesson file (slides, captions, questions)\n"
    "\n"
    "SCENE is a scene file (JSON). Instead of a file, scene flags build one\n"
    "layer with random small integers:\n"
    "  --input 5x5            input size: 8 (conv1d), 5x5 (conv2d), 4x5x5 (conv3d)\n"
    "  --channels N           input channels (--in-channels), default 1\n"
    "  --filters N            output channels (--out-channels), default 1\n"
    "  --kernel K             kernel size, K or per axis 3x1 (--kernel-size), default 3\n"
    "  --stride S             per axis like --kernel (--strides), default 1\n"
    "  --padding P            valid, same, full, causal (conv1d), N or per axis NxM,\n"
    "                         default valid\n"
    "  --padding-mode M       zeros, reflect, replicate, circular\n"
    "  --dilation D           per axis like --kernel (--dilation-rate), default 1\n"
    "  --groups G             default 1\n"
    "  --no-bias              no bias (--bias: one per filter, the default)\n"
    "  --activation A         none, relu, sigmoid, tanh\n"
    "  --type T               conv1d, conv2d, conv3d, conv_transpose2d\n"
    "                         (default from the rank of --input)\n"
    "  --output-padding N     conv_transpose2d only\n"
    "  --seed N               random values, default 1\n"
    "  --image PATH           a picture as the input\n"
    "  --layout chw|hwc       print shapes channel-first or channel-last\n"
    "With neither a file nor flags: the default scene.\n"
    "\n"
    "window options:\n"
    "  --layer N --step N --granularity position|channel|mac\n"
    "  --theme light|dark|cb --font PATH --size WxH\n"
    "  --script FILE --screenshot FILE --projector\n"
    "\n"
    "  -h, --help             help (convanim COMMAND --help for a command)\n"
    "  --version              print the version\n";

static const char usage_compute[] =
    "usage: convanim compute SCENE [--layer N]\n"
    "\n"
    "Prints the output of layer N (from 0; default the last) as JSON,\n"
    "{\"shape\": [...], \"data\": [...]}, in the scene's layout, without a batch\n"
    "dimension. Numbers are exact: they read back as the same double.\n"
    "Scene flags may stand for SCENE (see convanim --help).\n";

static const char usage_summary[] =
    "usage: convanim summary SCENE\n"
    "\n"
    "Prints the model as Keras' model.summary() does: each layer's output\n"
    "shape and parameter count, in the scene's layout.\n"
    "Scene flags may stand for SCENE (see convanim --help).\n";

static const char usage_explain[] =
    "usage: convanim explain SCENE --at Y,X [--filter F] [--layer N]\n"
    "\n"
    "Prints the arithmetic of one output cell: every input value times its\n"
    "weight, per channel, the bias and the activation.\n"
    "  --at Y,X       the output cell, from 0 (X for conv1d, Z,Y,X for conv3d)\n"
    "  --filter F     output channel, from 0, default 0\n"
    "  --layer N      layer, from 0, default the last\n"
    "Scene flags may stand for SCENE (see convanim --help).\n";

static const char usage_render[] =
    "usage: convanim render SCENE --step N --out FILE.png|FILE.svg|FILE.pdf [options]\n"
    "\n"
    "Draws one step of the animation into a PNG file (an SVG or PDF by cairo).\n"
    "  --step N                          step, from 0\n"
    "  --out FILE.png                    where to write\n"
    "  --layer N                         layer, default the last\n"
    "  --size WxH                        picture size, at most 8192x8192\n"
    "  --granularity position|channel|mac  how much one step covers\n"
    "  --theme light|dark|cb  --font PATH\n"
    "  --projector                       projector mode: large numbers, no key hints\n"
    "  --hover input:C,Y,X|output:F,Y,X|tensor:T,C,Y,X  draw the frame as with the mouse\n"
    "                                    on that cell (tensor: the network strip's tensor T)\n"
    "                                    (input: unpadded, negative in the padding)\n"
    "  --describe FILE.json              also write the frame's description (README)\n"
    "  --style window|figure             window (default): as on screen; figure: no key\n"
    "                                    hints, timeline or speed, for slides and papers\n"
    "  --caption TEXT  --vocab pytorch|keras  a figure's caption; the layer's words\n"
    "  --numbers auto|on|off             a figure's digits: auto draws them at 10 px or\n"
    "                                    more, or none at all\n"
    "  --transposed-view scatter|inserted  a transposed layer: each input cell stamping\n"
    "                                    into the output (default), or the zero-inserted\n"
    "                                    input with the flipped kernel sliding\n"
    "Default size 1280x720.\n";

static const char usage_export[] =
    "usage: convanim export SCENE --gif FILE | --frames DIR | --mp4 FILE | --webm FILE [options]\n"
    "\n"
    "Writes the animation of a layer as a GIF, numbered PNG frames or a video.\n"
    "  --gif FILE  --frames DIR\n"
    "  --mp4 FILE  --webm FILE   H.264 / VP9 video (FFmpeg's libx264 / libvpx-vp9)\n"
    "  --svg DIR   --pdf FILE    an SVG a step (frame_00001.svg...), a PDF page a step\n"
    "  --fps N          frames per second, in (0, 100], default 2; a frame at most 600 s\n"
    "  --delay MS       milliseconds per frame (instead of --fps)\n"
    "  --from N --to N  step range, default the whole layer\n"
    "  --hold MS        extra time on the last frame\n"
    "  --loop N         times to play, 0 = forever\n"
    "  --layer N --size WxH --granularity position|channel|mac\n"
    "  --theme light|dark|cb --font PATH --projector --quiet\n"
    "  --style figure|window  figure (default): no key hints, timeline or speed\n"
    "  --caption TEXT  --vocab pytorch|keras  --numbers auto|on|off  (as render)\n"
    "  --transposed-view scatter|inserted  (as render)\n"
    "Defaults: 960x540, 2 fps, no hold, loop forever, channel granularity (position\n"
    "for a layer of more than 10,000 steps), the last\n"
    "layer, figure style. The summary line names the full path of each file.\n";

static const char usage_code[] =
    "usage: convanim code SCENE --framework pytorch|keras|tfjs [--data DIR | --shape-only]\n"
    "\n"
    "Prints a program that builds the same layers, sets the scene's input and\n"
    "every weight and bias, runs the model and prints the output: its last\n"
    "line is the output as one JSON nested list, in the scene's layout without\n"
    "the batch axis (what compute prints under \"data\"). PyTorch computes in\n"
    "float64 like convanim; Keras and TF.js in float32 (about 7 digits).\n"
    "  --framework F   pytorch, keras or tfjs\n"
    "  --data DIR      the numbers go to side files in DIR (.npy for Python,\n"
    "                  .json for TF.js) that the program loads; needed above\n"
    "                  4096 numbers\n"
    "  --shape-only    only the layers and the output shape (random input,\n"
    "                  the framework's own weights), as in the window's panel\n"
    "Scene flags may stand for SCENE (see convanim --help).\n";

static const char usage_lesson[] =
    "usage: convanim lesson LESSON [--check | --export DIR] [options]\n"
    "\n"
    "Presents a lesson file (JSON: a title and slides, each a scene with a\n"
    "caption and maybe a question; README \"Lessons\") in the window.\n"
    "  --check          validate every slide and field, print a line, open nothing\n"
    "  --export DIR     write one picture per slide (a GIF when the slide plays\n"
    "                   to a stop, else a PNG) and DIR/index.html with the captions\n"
    "  --size WxH --theme light|dark|cb --font PATH --projector\n"
    "  --script FILE --screenshot FILE\n"
    "Keys: PageDown / PageUp or N / Shift+N next / previous slide, B blank,\n"
    "R reset the slide, Enter answer the question (H shows every key).\n";

const char *cli_usage(cli_command cmd) {
    switch (cmd) {
    case CLI_COMPUTE: return usage_compute;
    case CLI_SUMMARY: return usage_summary;
    case CLI_EXPLAIN: return usage_explain;
    case CLI_RENDER: return usage_render;
    case CLI_EXPORT: return usage_export;
    case CLI_CODE: return usage_code;
    case CLI_LESSON: return usage_lesson;
    default: return usage_window;
    }
}

const char *cli_command_name(cli_command cmd) {
    if ((int)cmd < 0 || (int)cmd >= (int)(sizeof command_names / sizeof command_names[0]))
        return "window";
    return command_names[cmd];
}
