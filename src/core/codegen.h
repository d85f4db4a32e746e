/* codegen: the scene written as framework code (PyTorch, Keras, TF.js), for
 * the window's code panel and `convanim code`. The code computes what the
 * core computes: same output shape, and the same values once the weights
 * are copied in. Where a framework cannot say a layer directly (TF 'same'
 * with stride 2 in PyTorch, reflect padding in Keras, groups in TF.js...)
 * the code does it the long way and a comment says why.
 *
 * Pure formatting into caller buffers; each function returns the length it
 * wanted to write (like snprintf), truncating safely. */
#ifndef CONVANIM_CODEGEN_H
#define CONVANIM_CODEGEN_H

#include <stddef.h>
#include "scene.h"
#include "strbuf.h"

typedef enum { CODEGEN_PYTORCH, CODEGEN_KERAS, CODEGEN_TFJS, CODEGEN_FRAMEWORK_COUNT } codegen_framework;

/* The canonical names, the table's one owner: "pytorch", "keras", "tfjs". */
extern const char *const codegen_framework_names[CODEGEN_FRAMEWORK_COUNT];

/* "pytorch"/"torch", "keras"/"tf"/"tensorflow", "tfjs"/"tf.js" (any case).
 * Returns 0, or -1 for an unknown name. */
int codegen_framework_parse(const char *name, codegen_framework *out);

const char *codegen_framework_name(codegen_framework fw); /* "pytorch", "keras", "tfjs" */

/* The layer class a kind is in each framework's own words: "Conv2d",
 * "ConvTranspose2d" (PyTorch's nn), "Conv2D", "Conv2DTranspose" (Keras),
 * "conv2d", "conv2dTranspose" (TF.js's tf.layers). */
const char *codegen_class_name(conv_kind kind, codegen_framework fw);

/* One layer, resolved (g) and read in the scene's layout: its expressions,
 * one per line, in the order they are applied: padding helpers, the
 * convolution, PyTorch's activation module. Lines that are comments say
 * why a helper is there. No trailing newline. Usually a single line:
 *   nn.Conv2d(in_channels=3, out_channels=2, kernel_size=3, stride=2, padding=1)
 *   layers.Conv2D(filters=2, kernel_size=3, strides=2, padding="same")
 *   tf.layers.conv2d({filters: 2, kernelSize: 3, strides: 2, padding: 'same'}) */
int codegen_layer(char *buf, size_t n, const conv_geom *g, scene_layout layout, codegen_framework fw);

/* The layer on one line, for the picture's header and side panel: the
 * expressions of codegen_layer without its comments, joined by " + ":
 *   nn.ZeroPad2d((0, 1, 0, 1)) + nn.Conv2d(in_channels=1, ..., stride=2)
 * Returns the length it wanted to write, as snprintf. */
int codegen_oneline(char *buf, size_t n, const conv_geom *g, scene_layout layout, codegen_framework fw);

/* A complete program for a resolved scene: imports, every layer in order,
 * a random input (weights left to the framework's initialiser), and the
 * line that prints the output shape. Each layer's line ends in a comment
 * with its output shape in the framework's convention, and the last line
 * is a comment with the shape the program prints. */
int codegen_scene(char *buf, size_t n, const scene *s, codegen_framework fw);

/* ---- the exact program (convanim code, without --shape-only) ----
 * It sets the scene's input and every weight and bias, runs the model and
 * prints the output: last line, one JSON nested list in the scene's layout
 * without the batch axis (what `compute` prints under "data"). PyTorch in
 * float64; Keras and TF.js in float32 (a comment says so), channels last
 * inside. Where TF cannot say a layer, an exact rewrite does it (groups as
 * a block-diagonal kernel, dilation as zeros in the kernel, a transposed
 * layer's output padding as zeros then a late bias), with a comment. */

/* Most numbers written into a program; above, they go to side files. */
enum { CODEGEN_INLINE_MAX = 4096 };

typedef struct {
    codegen_framework fw;
    const char *data_dir; /* side files there (the code names this path); NULL: inline */
} codegen_opts;

/* One array for a side file: .npy (float64, Python) or .json (a flat list,
 * TF.js), named "pytorch_input.npy", "tfjs_layer0_kernel.json", ... */
typedef struct {
    char name[48];
    int rank, dim[6];
    int64_t count;
    double *data; /* row-major, dim[] */
} codegen_array;

typedef struct {
    int n;
    codegen_array *a;
} codegen_data;

/* Appends the program to b. With o->data_dir, fills side with the arrays the
 * program loads (the caller writes them into data_dir and frees side with
 * codegen_data_free). Fails naming "data" when the numbers exceed
 * CODEGEN_INLINE_MAX without data_dir. */
int codegen_program(strbuf *b, const scene *s, const codegen_opts *o, codegen_data *side, errmsg *e);
void codegen_data_free(codegen_data *d);

#endif
