/* scene: the model the program animates: an input tensor and a stack of
 * layers, each taking the previous layer's output.
 *
 * All arrays are in the core's channel-first layouts (see conv.h); `layout`
 * only records how the user writes shapes and data (CHW = PyTorch order,
 * HWC = Keras/TF order), for loading, saving and printing.
 *
 * Ownership: a scene owns every array it points to (malloc'd); scene_free
 * releases them. Loaders fill params and arrays, then call scene_resolve
 * (geometry of every layer, no data needed) and scene_compute (outputs). */
#ifndef CONVANIM_SCENE_H
#define CONVANIM_SCENE_H

#include "conv.h"
#include "tensor.h"

enum { SCENE_MAX_LAYERS = 16, SCENE_TITLE_SIZE = 128 };

/* Values in a whole scene (input, weights, biases, outputs): 2^26, 512 MiB
 * of doubles, whatever each tensor's own limit allows. */
#define SCENE_MAX_VALUES ((int64_t)1 << 26)

typedef enum { SCENE_CHW, SCENE_HWC } scene_layout;

typedef struct {
    conv_params p;
    double *weight; /* conv.h weight layout; NULL until filled */
    double *bias;   /* [filters] when p.bias; NULL means zeros */
    conv_geom g;    /* set by scene_resolve */
    double *out;    /* [g.out_c][g.out_cells], set by scene_compute */
    /* Of weight, bias (p.bias, else zeros) and out, set with out: what a
     * frame reads of them without scanning them (tensor.h). */
    tensor_stat w_stat, b_stat, out_stat;
} scene_layer;

typedef struct {
    char title[SCENE_TITLE_SIZE];
    scene_layout layout;
    int in_c, in_sp[CONV_SP]; /* input shape; unused leading axes are 1 */
    double *input;            /* [in_c][D][H][W] */
    tensor_stat in_stat;      /* of input, set by scene_compute */
    int nlayers;
    scene_layer layer[SCENE_MAX_LAYERS];
} scene;

void scene_init(scene *s);
void scene_free(scene *s);

/* Resolves every layer's geometry in turn; errors are prefixed "layers[i].".
 * Fails past SCENE_MAX_VALUES in all. */
int scene_resolve(scene *s, errmsg *e);

/* Allocates missing weights (zeros) and outputs, runs every forward pass
 * and counts every tensor's stat. Whatever changes a scene's values calls
 * this (or scene_compute_filter) before the scene is drawn again.
 * Fails ("layers[i].output: filter F, y Y, x X is inf: ...") when a layer's
 * output is not finite: the sums overflowed. */
int scene_compute(scene *s, errmsg *e);

/* After one filter's weights or bias of layer `layer` changed: that
 * filter's output map again (conv_cell, the same numbers as the whole
 * pass), that layer's stats, then every layer after it. Needs the outputs computed before;
 * falls back to scene_compute where it has none. */
int scene_compute_filter(scene *s, int layer, int filter, errmsg *e);

/* Input channels and spatial size that layer i reads (the scene input for
 * i = 0, else layer i-1's output). Valid after scene_resolve. */
void scene_layer_input(const scene *s, int i, int *c, int sp[CONV_SP]);
const double *scene_layer_input_data(const scene *s, int i);
/* The stat of that input (in_stat, or layer i-1's out_stat). */
const tensor_stat *scene_layer_input_stat(const scene *s, int i);

/* A one-layer scene from parameters, the shape of the command line's
 * --input/--channels/... flags: random small integers from seed (input
 * 0..2, weights -1..1, bias 0..1, as in the CS231n demo). Resolved and
 * computed. */
int scene_make(scene *s, const conv_params *p, int in_c, const int in_sp[CONV_SP],
               uint64_t seed, errmsg *e);

/* The default scene: 5x5x3 input, padding 1, two 3x3x3 filters, stride 2. */
int scene_make_default(scene *s, errmsg *e);

/* dim[] of a tensor of c channels over the last ndim spatial axes of sp,
 * in the order the user writes it (the scene's layout: channel first or
 * last); returns the rank, ndim + 1. */
int scene_user_shape(const scene *s, int c, const int sp[CONV_SP], int ndim, int dim[4]);

/* Deep copy (for editing with undo of an invalid change). */
int scene_copy(scene *dst, const scene *src, errmsg *e);

#endif
