/* sceneio: scene files (JSON, via cJSON) to and from the core's scene.
 *
 * Format (see README "Scene files"): title, layout "CHW" (default, PyTorch
 * order) or "HWC" (Keras/TF order), input {shape, data | fill | image},
 * layers [{type, filters, kernel_size, stride, padding, padding_mode,
 * dilation, groups, bias, activation, output_padding, weights, bias_values}].
 * Aliases: out_channels = filters, strides = stride, dilation_rate =
 * dilation, use_bias = bias. Shapes and data are in the scene's layout; the
 * loader permutes them to the core's channel-first order.
 *
 * Errors name the JSON path and the reason, e.g.
 * "layers[0].kernel_size: must be a positive integer or a list of 2". */
#ifndef CONVANIM_SCENEIO_H
#define CONVANIM_SCENEIO_H

#include <stddef.h>
#include "scene.h"

/* Largest scene file read, in bytes (checked before reading). */
#define SCENEIO_MAX_FILE_BYTES (64L * 1024 * 1024)

/* Parses, resolves and computes. base_dir resolves relative image paths
 * (NULL: current directory). On failure s is left empty (scene_free'd). */
int sceneio_parse(scene *s, const char *json, size_t len, const char *base_dir, errmsg *e);

/* Reads a file and parses it; messages start with the path. Returns -1
 * for bad input (including a path that is not a regular file: a FIFO or a
 * device is never read), FILEIO_EIO (fileio.h) when the file cannot be
 * opened or read. */
int sceneio_load(scene *s, const char *path, errmsg *e);

/* sceneio_load, also giving the path of the input's image as it was opened
 * (relative to the scene's folder resolved), "" when the input is not an
 * image: commands check that no output replaces it. */
int sceneio_load_image(scene *s, const char *path, char *image, size_t image_size, errmsg *e);

/* For files that hold scenes (lessons, lessonio.h): the same strict JSON
 * reading and the same messages. cJSON's own type, declared here so that
 * users of this header need not include cJSON. */
struct cJSON;

/* The JSON text parsed as the scene loader does (no leading zeros, no
 * \u0000, nothing after the value: "line 3, column 7: invalid JSON near
 * ..."); NULL with e on failure. The caller cJSON_Delete's it. */
struct cJSON *sceneio_json_parse(const char *json, size_t len, errmsg *e);

/* Every key of obj is one of keys (NULL-terminated, at most 32), once;
 * path names obj in the message ("slides[2].colour: unknown key (known:
 * ...)"), "" for the top. */
int sceneio_json_keys(const struct cJSON *obj, const char *path, const char *const *keys, errmsg *e);

/* sceneio_parse of an object already parsed; messages are the scene's own
 * paths ("layers[0].stride: ..."), for the caller to prefix. */
int sceneio_from_json(scene *s, const struct cJSON *root, const char *base_dir, errmsg *e);

/* The scene as JSON that sceneio_parse reads back to the identical scene
 * (explicit data and weights, numbers exact). Caller frees with free(). */
char *sceneio_to_json(const scene *s, errmsg *e);

#endif
