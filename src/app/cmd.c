#include "cmd.h"

#include <errno.h>
#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include "codegen.h"
#include "datafile.h"
#include "explain.h"
#include "fileio.h"
#include "image.h"
#include "sceneio.h"
#include "strbuf.h"

/* ---- signals ---- */

static volatile sig_atomic_t caught;

static void on_signal(int sig) {
    caught = sig;
}

void cmd_catch_signals(void) {
    struct sigaction sa, old;
    memset(&sa, 0, sizeof sa);
    sa.sa_handler = on_signal;
    sigemptyset(&sa.sa_mask);
    /* A SIGINT ignored from the start (nohup, a background job) stays so. */
    if (sigaction(SIGINT, NULL, &old) == 0 && old.sa_handler != SIG_IGN) sigaction(SIGINT, &sa, NULL);
    sigaction(SIGTERM, &sa, NULL);
}

int cmd_signal(void) {
    return caught;
}

int cmd_interrupted(const char *what, errmsg *e) {
    errmsg_set(e, "%s: interrupted by %s; nothing written", what, caught == SIGINT ? "SIGINT" : "SIGTERM");
    return 128 + caught;
}

/* errmsg_set returns -1; commands return an exit status instead. */
static int fail(int status, int rc) {
    (void)rc;
    return status;
}

/* ---- output: commands print into a strbuf, then all at once ---- */

static void out_spaces(strbuf *b, int n) {
    while (n-- > 0)
        strbuf_add(b, " ", 1);
}

/* Straight into the buffer: compute prints millions of these. */
static void out_num(strbuf *b, double v) {
    enum { NUM_MAX = 40 }; /* "-1.2345678901234567e-308" and room to spare */
    char *at = strbuf_reserve(b, NUM_MAX);
    int len;
    if (!at) return;
    len = explain_num(at, NUM_MAX + 1, v);
    b->len += (size_t)(len < NUM_MAX ? len : NUM_MAX);
    b->s[b->len] = 0;
}

/* Writes the buffer and frees it; 1 if memory or the write failed. */
static int out_flush(strbuf *b, FILE *f, errmsg *e) {
    int status = 0;
    if (b->failed)
        status = fail(1, errmsg_set(e, "output: out of memory"));
    else if (b->len > 0 && (fwrite(b->s, 1, b->len, f) != b->len || fflush(f) != 0))
        status = fail(1, errmsg_set(e, "output: %s", strerror(errno)));
    free(b->s);
    return status;
}

/* ---- loading ---- */

/* Unreadable is an I/O failure (1), unusable (not a picture, a FIFO, a
 * device, a folder) bad input (2). */
static int load_status(int rc) {
    return rc == FILEIO_EIO ? 1 : rc != 0 ? 2 : 0;
}

static int apply_image(const cli_opts *o, scene *s, errmsg *e) {
    int rc;
    if (s->in_sp[0] != 1 || (s->in_c != 1 && s->in_c != 3))
        return fail(2, errmsg_set(e, "--image: the input must be 2D with 1 or 3 channels, "
                                     "not %d", s->in_c));
    rc = image_load(o->image, s->in_c, s->in_sp[1], s->in_sp[2], s->input, e);
    if (rc != 0)
        return load_status(rc);
    return scene_compute(s, e) != 0 ? 2 : 0;
}

/* ---- outputs that would replace an input ---- */

typedef struct {
    const char *what, *path;
} named_file;

/* frame_00001.png...: the names a --frames run writes or removes. */
static int frame_file_name(const char *name) {
    size_t n = strspn(name + (strncmp(name, "frame_", 6) == 0 ? 6 : 0), "0123456789");
    return strncmp(name, "frame_", 6) == 0 && n >= 5 && strcmp(name + 6 + n, ".png") == 0;
}

static int check_output(const char *flag, const char *out, const named_file *in, int nin, errmsg *e) {
    int i;
    if (fileio_check_output(out, e) != 0) {
        errmsg_prefix(e, "%s: %s: ", flag, out);
        return -1;
    }
    for (i = 0; i < nin; i++)
        if (fileio_same_file(out, in[i].path))
            return errmsg_set(e, "%s: %s would replace the %s %s", flag, out, in[i].what, in[i].path);
    return 0;
}

/* An input named DIR/frame_00003.png would be replaced or removed by a
 * --frames DIR run. */
static int check_frames(const char *dir, const named_file *in, int nin, errmsg *e) {
    int i;
    for (i = 0; i < nin; i++) {
        const char *slash = strrchr(in[i].path, '/'), *base = slash ? slash + 1 : in[i].path;
        char *there;
        int same;
        if (!frame_file_name(base)) continue;
        if (!(there = malloc(strlen(dir) + strlen(base) + 2)))
            return errmsg_set(e, "--frames: out of memory");
        sprintf(there, "%s/%s", dir, base);
        same = fileio_same_file(there, in[i].path);
        free(there);
        if (same)
            return errmsg_set(e, "--frames: %s holds the %s %s, which the frames would replace", dir,
                              in[i].what, in[i].path);
    }
    return 0;
}

/* Refuses (2) an output that is a FIFO, a socket or a folder, or the same
 * file (device and inode, whatever the name) as one of the inputs. */
/* The files a command reads, which none of its outputs may replace. */
static int input_files(const cli_opts *o, const char *scene_image, named_file in[4]) {
    int nin = 0;
    if (o->scene_path) in[nin++] = (named_file){ "scene file", o->scene_path };
    if (o->image) in[nin++] = (named_file){ "input image", o->image };
    if (scene_image && scene_image[0]) in[nin++] = (named_file){ "input image", scene_image };
    if (o->script) in[nin++] = (named_file){ "script", o->script };
    return nin;
}

static int check_outputs(const cli_opts *o, const char *scene_image, errmsg *e) {
    named_file in[4];
    int nin = input_files(o, scene_image, in);
    if (o->gif && check_output("--gif", o->gif, in, nin, e)) return -1;
    if (o->out && check_output("--out", o->out, in, nin, e)) return -1;
    if (o->screenshot && check_output("--screenshot", o->screenshot, in, nin, e)) return -1;
    if (o->describe && check_output("--describe", o->describe, in, nin, e)) return -1;
    if (o->frames && check_frames(o->frames, in, nin, e)) return -1;
    if (o->mp4 && check_output("--mp4", o->mp4, in, nin, e)) return -1;
    if (o->webm && check_output("--webm", o->webm, in, nin, e)) return -1;
    if (o->pdf && check_output("--pdf", o->pdf, in, nin, e)) return -1;
    return 0;
}

int cmd_load_scene(const cli_opts *o, scene *s, errmsg *e) {
    char scene_image[4096] = "";
    int status = 0;
    scene_init(s);
    if (o->scene_path != NULL) {
        status = load_status(sceneio_load_image(s, o->scene_path, scene_image, sizeof scene_image, e));
        if (status != 0)
            return status;
    } else if (o->scene_flags) {
        if (scene_make(s, &o->params, o->in_c, o->in_sp, o->seed, e) != 0)
            return 2;
    } else if (scene_make_default(s, e) != 0) {
        return 1;
    }
    if (o->layout >= 0)
        s->layout = (scene_layout)o->layout;
    if (o->image != NULL)
        status = apply_image(o, s, e);
    if (status == 0 && check_outputs(o, scene_image, e) != 0)
        status = 2;
    if (status != 0)
        scene_free(s);
    return status;
}

/* ---- shapes in the scene's layout ---- */

static int pick_layer(const cli_opts *o, const scene *s, int *layer, errmsg *e) {
    if (s->nlayers < 1)
        return errmsg_set(e, "layers: the scene has no layers");
    if (o->layer < 0) {
        *layer = s->nlayers - 1;
        return 0;
    }
    if (o->layer >= s->nlayers)
        return errmsg_set(e, "--layer: %d is outside the scene's layers, 0..%d", o->layer,
                          s->nlayers - 1);
    *layer = o->layer;
    return 0;
}

/* ---- compute ---- */

static void out_nested(strbuf *b, const double *data, const int *dim, int rank, int64_t *at) {
    int i;
    strbuf_puts(b, "[");
    for (i = 0; i < dim[0]; i++) {
        if (i) strbuf_puts(b, ", ");
        if (rank == 1) out_num(b, data[(*at)++]);
        else out_nested(b, data, dim + 1, rank - 1, at);
    }
    strbuf_puts(b, "]");
}

int cmd_compute(const cli_opts *o, const scene *s, FILE *out, errmsg *e) {
    const scene_layer *l;
    int li = 0, i, rank, ndim, dim[4], core_dim[4], perm[4];
    int64_t n, at = 0;
    double *data;
    strbuf b = {0};

    if (pick_layer(o, s, &li, e) != 0)
        return 2;
    l = &s->layer[li];
    ndim = conv_ndim(l->p.kind);
    rank = scene_user_shape(s, l->g.out_c, l->g.out_sp, ndim, dim);
    n = (int64_t)l->g.out_c * l->g.out_cells;
    data = s->layout == SCENE_HWC ? malloc((size_t)n * sizeof *data) : l->out;
    if (data == NULL)
        return fail(1, errmsg_set(e, "compute: out of memory"));
    if (s->layout == SCENE_HWC) {
        /* Core order is [C][spatial...]; HWC moves C last. */
        core_dim[0] = l->g.out_c;
        for (i = 0; i < ndim; i++) {
            core_dim[i + 1] = l->g.out_sp[CONV_SP - ndim + i];
            perm[i] = i + 1;
        }
        perm[ndim] = 0;
        tensor_permute(l->out, rank, core_dim, perm, data);
    }

    /* one allocation for the usual numbers (up to 17 digits and ", ") */
    strbuf_reserve(&b, (size_t)n * 21 + 256);
    strbuf_puts(&b, "{\"shape\": [");
    for (i = 0; i < rank; i++)
        strbuf_printf(&b, "%s%d", i ? ", " : "", dim[i]);
    strbuf_puts(&b, "], \"data\": ");
    out_nested(&b, data, dim, rank, &at);
    strbuf_puts(&b, "}\n");
    if (data != l->out)
        free(data);
    return out_flush(&b, out, e);
}

/* ---- summary (Keras 2's model.summary(), sequential form) ---- */

enum { SUMMARY_WIDTH = 65 };

/* One row: columns end at 29, 55 and 65; a field too long for its column
 * continues on the next line, breaking after "),"-like ends as Keras does. */
static void summary_row(strbuf *b, const char *f0, const char *f1, const char *f2) {
    static const int end[3] = {29, 55, SUMMARY_WIDTH};
    static const char *const breaks[4] = {"),", "},", "],", "',"};
    const char *left[3];
    int col, k;
    left[0] = f0; left[1] = f1; left[2] = f2;
    while (*left[0] || *left[1] || *left[2]) {
        char line[256];
        int len = 0;
        for (col = 0; col < 3; col++) {
            int start = col ? end[col - 1] : 0;
            int space = col != 2 ? 2 : 0;
            int cutoff = end[col] - start - space;
            int fit = (int)strlen(left[col]);
            if (fit > cutoff) fit = cutoff;
            for (k = 0; k < 4; k++) {
                const char *hit = strstr(left[col], breaks[k]);
                if (hit && hit - left[col] + 2 <= fit) {
                    int c = (int)(hit - left[col]) + 2;
                    if (c < cutoff) cutoff = c;
                }
            }
            if (fit > cutoff) fit = cutoff;
            if (col == 0) line[len++] = ' ';
            memcpy(line + len, left[col], (size_t)fit);
            len += fit;
            while (space-- > 0) line[len++] = ' ';
            left[col] += fit;
            while (len < end[col]) line[len++] = ' ';
        }
        strbuf_add(b, line, (size_t)len);
        strbuf_puts(b, "\n");
    }
}

static void out_rule(strbuf *b, char c) {
    char line[SUMMARY_WIDTH + 1];
    memset(line, c, SUMMARY_WIDTH);
    line[SUMMARY_WIDTH] = '\n';
    strbuf_add(b, line, sizeof line);
}

/* "(None, 7, 7, 3)" */
static void shape_text(char *buf, size_t n, const int *dim, int rank) {
    size_t len = (size_t)snprintf(buf, n, "(None");
    int i;
    for (i = 0; i < rank && len < n; i++)
        len += (size_t)snprintf(buf + len, n - len, ", %d", dim[i]);
    if (len < n)
        snprintf(buf + len, n - len, ")");
}

/* 1792 -> "1,792" */
static void thousands(char *buf, size_t n, int64_t v) {
    char digits[32];
    int len = snprintf(digits, sizeof digits, "%lld", (long long)v), i, k = 0;
    for (i = 0; i < len && (size_t)k + 2 < n; i++) {
        if (i > 0 && digits[i - 1] != '-' && (len - i) % 3 == 0)
            buf[k++] = ',';
        buf[k++] = digits[i];
    }
    buf[k] = '\0';
}

static void keras_names(conv_kind kind, const char **name, const char **cls) {
    switch (kind) {
    case CONV_1D: *name = "conv1d"; break;
    case CONV_3D: *name = "conv3d"; break;
    case CONV_TRANSPOSE_2D: *name = "conv2d_transpose"; break;
    default: *name = "conv2d"; break;
    }
    *cls = codegen_class_name(kind, CODEGEN_KERAS);
}

int cmd_summary(const cli_opts *o, const scene *s, FILE *out, errmsg *e) {
    int seen[4] = {0}, dim[4], rank, i;
    char field0[96], field1[96], field2[32], shape[80];
    int64_t total = 0;
    strbuf b = {0};
    (void)o;

    if (s->nlayers < 1)
        return fail(2, errmsg_set(e, "layers: the scene has no layers"));
    strbuf_puts(&b, "Model: \"model\"\n");
    out_rule(&b, '_');
    summary_row(&b, "Layer (type)", "Output Shape", "Param #");
    out_rule(&b, '=');

    rank = scene_user_shape(s, s->in_c, s->in_sp, conv_ndim(s->layer[0].p.kind), dim);
    shape_text(shape, sizeof shape, dim, rank);
    snprintf(field1, sizeof field1, "[%s]", shape);
    summary_row(&b, "input_1 (InputLayer)", field1, "0");
    out_spaces(&b, SUMMARY_WIDTH);
    strbuf_puts(&b, "\n");

    for (i = 0; i < s->nlayers; i++) {
        const conv_geom *g = &s->layer[i].g;
        const char *name, *cls;
        int k = (int)g->p.kind;
        keras_names(g->p.kind, &name, &cls);
        /* Keras numbers the second layer of a kind "_1", the third "_2". */
        if (seen[k]++ == 0) snprintf(field0, sizeof field0, "%s (%s)", name, cls);
        else snprintf(field0, sizeof field0, "%s_%d (%s)", name, seen[k] - 1, cls);
        rank = scene_user_shape(s, g->out_c, g->out_sp, conv_ndim(g->p.kind), dim);
        shape_text(field1, sizeof field1, dim, rank);
        snprintf(field2, sizeof field2, "%lld", (long long)g->param_count);
        summary_row(&b, field0, field1, field2);
        out_spaces(&b, SUMMARY_WIDTH);
        strbuf_puts(&b, "\n");
        total += g->param_count;
    }

    out_rule(&b, '=');
    thousands(field2, sizeof field2, total);
    strbuf_printf(&b, "Total params: %s\n", field2);
    strbuf_printf(&b, "Trainable params: %s\n", field2);
    strbuf_puts(&b, "Non-trainable params: 0\n");
    out_rule(&b, '_');
    return out_flush(&b, out, e);
}

/* ---- explain ---- */

static int pick_cell(const cli_opts *o, const conv_geom *g, int64_t *cell, errmsg *e) {
    static const char *const axis[CONV_SP] = {"z", "y", "x"};
    static const char *const form[CONV_SP] = {"X", "Y,X", "Z,Y,X"};
    int ndim = conv_ndim(g->p.kind), out[CONV_SP] = {0, 0, 0}, i;
    if (o->at_n != ndim)
        return errmsg_set(e, "--at: %s takes %d coordinate%s (%s), got %d",
                          conv_kind_name(g->p.kind), ndim, ndim == 1 ? "" : "s",
                          form[ndim - 1], o->at_n);
    for (i = 0; i < ndim; i++) {
        int a = CONV_SP - ndim + i;
        if (o->at[i] >= g->out_sp[a])
            return errmsg_set(e, "--at: %s = %d is outside the output, 0..%d", axis[a],
                              o->at[i], g->out_sp[a] - 1);
        out[a] = o->at[i];
    }
    *cell = conv_cell_index(g, out);
    return 0;
}

int cmd_explain(const cli_opts *o, const scene *s, FILE *out, errmsg *e) {
    const scene_layer *l;
    int li = 0, len;
    int64_t cell = 0;
    char small[1024], *text = small;
    strbuf b = {0};

    if (pick_layer(o, s, &li, e) != 0)
        return 2;
    l = &s->layer[li];
    if (o->filter >= l->g.out_c)
        return fail(2, errmsg_set(e, "--filter: %d is outside the layer's filters, 0..%d",
                                     o->filter, l->g.out_c - 1));
    if (pick_cell(o, &l->g, &cell, e) != 0)
        return 2;
    len = explain_cell(small, sizeof small, &l->g, scene_layer_input_data(s, li), l->weight,
                       l->bias, o->filter, cell);
    if (len >= (int)sizeof small) {
        text = malloc((size_t)len + 1);
        if (text == NULL)
            return fail(1, errmsg_set(e, "explain: out of memory"));
        explain_cell(text, (size_t)len + 1, &l->g, scene_layer_input_data(s, li), l->weight,
                     l->bias, o->filter, cell);
    }
    strbuf_puts(&b, text);
    if (len > 0 && text[len - 1] != '\n')
        strbuf_puts(&b, "\n");
    if (text != small)
        free(text);
    return out_flush(&b, out, e);
}

/* The side files first: the program goes to stdout only once they are all
 * in place (each written whole, see datafile). */
static int write_side(const char *dir, const codegen_data *d, errmsg *e) {
    for (int i = 0; i < d->n; i++)
        if (datafile_write(dir, d->a[i].name, d->a[i].data, d->a[i].rank, d->a[i].dim, e) != 0) return -1;
    return 0;
}

/* Refuses (before any is written) a side file that is a FIFO or a folder,
 * or one of the inputs by another name (the scene's own image is no .npy
 * or .json the program would write). */
static int check_side(const cli_opts *o, const codegen_data *d, errmsg *e) {
    named_file in[4];
    int nin = input_files(o, NULL, in), rc = 0;
    strbuf path = {0};
    for (int i = 0; i < d->n && rc == 0; i++) {
        path.len = 0;
        strbuf_printf(&path, "%s/%s", o->data_dir, d->a[i].name);
        rc = path.failed ? errmsg_set(e, "--data: out of memory") : check_output("--data", path.s, in, nin, e);
    }
    free(path.s);
    return rc;
}

int cmd_code(const cli_opts *o, const scene *s, FILE *out, errmsg *e) {
    codegen_framework fw;
    codegen_opts co;
    codegen_data side = {0, NULL};
    strbuf b = {0};
    int len;
    if (codegen_framework_parse(o->framework, &fw) != 0)
        return fail(2, errmsg_set(e, "--framework: '%s' is not pytorch, keras or tfjs", o->framework));
    if (o->shape_only) {
        len = codegen_scene(NULL, 0, s, fw);
        if (strbuf_reserve(&b, (size_t)len)) {
            codegen_scene(b.s, (size_t)len + 1, s, fw);
            b.len = (size_t)len;
        }
        return out_flush(&b, out, e);
    }
    co.fw = fw;
    co.data_dir = o->data_dir;
    if (codegen_program(&b, s, &co, &side, e) != 0) {
        free(b.s);
        /* too many numbers without --data is bad input; else out of memory */
        return strncmp(e->msg, "data:", 5) == 0 ? 2 : 1;
    }
    if (o->data_dir) {
        int status = check_side(o, &side, e) != 0 ? 2 : write_side(o->data_dir, &side, e) != 0 ? 1 : 0;
        if (status != 0) {
            codegen_data_free(&side);
            free(b.s);
            return status;
        }
    }
    codegen_data_free(&side);
    return out_flush(&b, out, e);
}
