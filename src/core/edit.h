/* edit: the changes a user makes to a scene, one parameter or value at a
 * time, each all-or-nothing. The window's panel and the tests call the
 * same functions.
 *
 * Every change is tried on a copy (scene_copy): the parameter is changed,
 * the scene resolved and computed, and only a valid result replaces the
 * scene. On failure the scene is untouched and e reads
 * "<field label> = <text>: <the core's reason, with the formula>", e.g.
 * "stride H = 9: layers[0].kernel_size: output H = (5 + 2*1 - 1*(3-1) - 1)/9
 * + 1 = 0, must be at least 1: ...".
 *
 * When a change reshapes the input, the weights or the bias, values whose
 * indices still exist are kept and new ones are filled deterministically
 * (small integers as in scene_make: input 0..2, weights -1..1, bias 0..1,
 * chosen by position), so the same edits always give the same scene. */
#ifndef CONVANIM_EDIT_H
#define CONVANIM_EDIT_H

#include <stddef.h>
#include <stdint.h>
#include "scene.h"
#include "sched.h"

typedef enum {
    EDIT_IN_D, EDIT_IN_H, EDIT_IN_W, /* input size (layer 0 only) */
    EDIT_CHANNELS,                   /* input channels (layer 0 only) */
    EDIT_FILTERS,
    EDIT_KERNEL_D, EDIT_KERNEL_H, EDIT_KERNEL_W,
    EDIT_STRIDE_D, EDIT_STRIDE_H, EDIT_STRIDE_W,
    EDIT_PADDING,                    /* valid, same, full, causal, explicit (or a number) */
    EDIT_PAD_D_LO, EDIT_PAD_D_HI,    /* explicit amounts before / after */
    EDIT_PAD_H_LO, EDIT_PAD_H_HI,
    EDIT_PAD_W_LO, EDIT_PAD_W_HI,
    EDIT_PADMODE,
    EDIT_DILATION_D, EDIT_DILATION_H, EDIT_DILATION_W,
    EDIT_OUTPAD_H, EDIT_OUTPAD_W,    /* conv_transpose2d only */
    EDIT_GROUPS,
    EDIT_BIAS,
    EDIT_ACTIVATION,
    EDIT_LAYOUT,
    EDIT_TYPE,                       /* the layer's kind: what can be kept is kept (edit_step) */
    EDIT_FIELD_COUNT
} edit_field;

/* Short label for the panel and messages, in the layer's axis names:
 * "input H", "kernel W", "pad top", "padding mode". */
const char *edit_field_label(const scene *s, int layer, edit_field f);

/* Whether the field applies to this layer: input size and channels only to
 * layer 0, D axes only to conv3d, H axes not to conv1d, output padding only
 * to conv_transpose2d. */
int edit_field_used(const scene *s, int layer, edit_field f);

/* Next or previous used field from f (dir +1 / -1), wrapping around. */
edit_field edit_field_next(const scene *s, int layer, edit_field f, int dir);

/* The field's value as the panel shows it ("3", "same", "on", "relu",
 * "HWC"); explicit pads show the resolved amounts. Returns snprintf's. */
int edit_get(const scene *s, int layer, edit_field f, char *buf, size_t n);

/* Stepper: numbers move by delta; choices (padding, mode, bias,
 * activation, layout, type) cycle. Stepping a pad amount makes padding
 * explicit. A new type keeps what it can: the axes both kinds have keep
 * their sizes and values, an axis the new kind adds copies the first one
 * the old kind had (a line becomes a square, a square a cube), one it
 * drops goes back to size 1 (the input keeps its first row or slice);
 * padding the new kind cannot say (causal outside conv1d, full in a
 * transposed layer) becomes the explicit amounts it had, and a transposed
 * layer pads with zeros. */
int edit_step(scene *s, int layer, edit_field f, int delta, errmsg *e);

/* Typed value: a whole number, or a choice's name (any case). For
 * EDIT_PADDING a number N means N on both sides of every axis. */
int edit_set(scene *s, int layer, edit_field f, const char *text, errmsg *e);

/* ---- values ---- */

typedef enum { EDIT_INPUT, EDIT_WEIGHT, EDIT_BIASES } edit_tensor;

/* One value: the scene input (layer 0 only; index into [C][D][H][W]), a
 * weight of `layer` (index as in conv.h) or a bias. Recomputes. */
int edit_set_value(scene *s, int layer, edit_tensor t, int64_t index, double v, errmsg *e);

typedef enum {
    EDIT_PRESET_IDENTITY, EDIT_PRESET_BOX, EDIT_PRESET_GAUSSIAN, EDIT_PRESET_SHARPEN,
    EDIT_PRESET_SOBEL_X, EDIT_PRESET_SOBEL_Y, EDIT_PRESET_LAPLACIAN, EDIT_PRESET_EMBOSS,
    EDIT_PRESET_COUNT
} edit_preset;

const char *edit_preset_name(edit_preset p); /* "identity", "box blur", ... */

/* Writes the preset into the 2D kernel (the middle depth slice) of filter f,
 * input channel c_local of its group; other weights of that filter stay.
 * The 3x3 presets are centred in larger kernels; box blur and Gaussian fit
 * any size. Recomputes. */
int edit_kernel_preset(scene *s, int layer, int f, int c_local, edit_preset p, errmsg *e);

/* New random small integers for the input (layer 0), every weight and bias,
 * from seed; the same seed gives the same scene. Recomputes. */
int edit_randomize(scene *s, uint64_t seed, errmsg *e);

/* Replaces the input values (layer 0 shape) with data[in_c * D*H*W], e.g.
 * from image_load. Recomputes. */
int edit_set_input(scene *s, const double *data, errmsg *e);

/* Which preset filter f's kernel is (as edit_kernel_preset writes it, on
 * every input channel of its group, within 1e-9), or -1 when it is none:
 * the panel then says "custom". */
int edit_kernel_which(const scene *s, int layer, int f);

/* ---- undo / redo ---- */

/* The scenes before and after the one shown, oldest first, in a ring of
 * `levels` slots. Undo swaps the scene shown with the one before it, redo
 * with the one after, so neither copies. A new edit forgets what could be
 * redone and, when the ring is full or its scenes take more than `budget`
 * bytes, the oldest (the newest is always kept). Every scene gets a serial
 * number, so the editor knows whether the one shown is the one saved.
 * The history owns the scenes in it. */
enum { EDIT_HISTORY_LEVELS = 128 };
#define EDIT_HISTORY_BUDGET ((size_t)512 << 20)

typedef struct {
    scene *ring;        /* cap slots; slot i of the history is ring[(first + i) % cap] */
    size_t *bytes;      /* what each slot's scene takes */
    uint64_t *ids;      /* each slot's serial number */
    int cap, first, count;
    int at;             /* slots [0, at) can be undone, [at, count) redone */
    size_t total, budget;
    uint64_t now;       /* serial number of the scene shown */
    uint64_t next_id;
} edit_history;

int edit_history_init(edit_history *h, int levels, size_t budget, errmsg *e);
void edit_history_free(edit_history *h);

/* Forgets every scene (another scene was opened); the one shown gets a new
 * serial number. */
void edit_history_clear(edit_history *h);

/* Records the scene as it was before a successful edit: takes *before over
 * (it is left as scene_init leaves it). The scene shown gets a new serial
 * number. */
void edit_history_push(edit_history *h, scene *before);

/* 1 when *s was swapped with the scene before (after) it, 0 when there is
 * nothing to undo (redo). */
int edit_history_undo(edit_history *h, scene *s);
int edit_history_redo(edit_history *h, scene *s);
int edit_history_can_undo(const edit_history *h);
int edit_history_can_redo(const edit_history *h);

/* Serial number of the scene shown. */
uint64_t edit_history_id(const edit_history *h);

/* ---- the playhead ---- */

/* The step of the new geometry showing the same filter and output cell
 * (and channel, tap where the granularity has them) as `step` did in the
 * old one; coordinates that no longer exist are clamped. */
int64_t edit_map_step(const conv_geom *old, const conv_geom *now, sched_gran gran, int64_t step);

#endif
