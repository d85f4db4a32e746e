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
    EDIT_PADDING,                    /* valid, same, full, explicit (or a number) */
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
 * activation, layout) cycle. Stepping a pad amount makes padding explicit. */
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

/* ---- the playhead ---- */

/* The step of the new geometry showing the same filter and output cell
 * (and channel, tap where the granularity has them) as `step` did in the
 * old one; coordinates that no longer exist are clamped. */
int64_t edit_map_step(const conv_geom *old, const conv_geom *now, sched_gran gran, int64_t step);

#endif
