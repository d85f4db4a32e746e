/* lessonio: lesson files (JSON, via cJSON) to the core's lesson.
 *
 * Format (README "Lesson files"):
 *   { "title": "...", "slides": [ { "scene": {...} | "path.json",
 *       "layer": 0, "granularity": "position|channel|mac", "step": 0,
 *       "stop": 8, "projector": true, "hover": "output:F,Y,X",
 *       "caption": "H_out = {formula_H}", "question": "next_value" } ] }
 * A scene is an object written as in a scene file, or the path of one,
 * relative to the lesson's folder. Captions are checked here: every field
 * they name must exist (lesson.h).
 *
 * Errors name the JSON path and the reason, through the scene's own
 * paths: "slides[1].scene.layers[0].stride: must be a positive integer". */
#ifndef CONVANIM_LESSONIO_H
#define CONVANIM_LESSONIO_H

#include <stddef.h>
#include "lesson.h"

/* Largest lesson file read, in bytes. */
#define LESSONIO_MAX_FILE_BYTES (64L * 1024 * 1024)

/* Parses a lesson; base_dir resolves relative scene paths (NULL: the
 * current directory). On failure l is left empty. Returns -1 for bad
 * input, FILEIO_EIO when a scene file it names cannot be read. */
int lessonio_parse(lesson *l, const char *json, size_t len, const char *base_dir, errmsg *e);

/* Reads a file and parses it; messages start with the path. -1 for bad
 * input, FILEIO_EIO when a file cannot be opened or read. */
int lessonio_load(lesson *l, const char *path, errmsg *e);

#endif
