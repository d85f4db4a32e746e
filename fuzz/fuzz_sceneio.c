/* libFuzzer target: the scene file parser on arbitrary bytes.
 * Every input must either parse to a scene that round-trips through
 * sceneio_to_json, or fail with a one-line message. */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include "sceneio.h"

static void check_message(const errmsg *e) {
    /* One line, never empty. */
    if (e->msg[0] == '\0' || strchr(e->msg, '\n')) abort();
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
    scene s, t;
    errmsg e = {{0}};
    char *json;
    /* base_dir: an image path in the scene resolves under a folder that
     * does not exist, so the fuzzer never reads real files. */
    if (sceneio_parse(&s, (const char *)data, size, "/nonexistent-fuzz-dir", &e) != 0) {
        check_message(&e);
        return 0;
    }
    json = sceneio_to_json(&s, &e);
    if (json) {
        if (sceneio_parse(&t, json, strlen(json), NULL, &e) != 0) abort();
        if (t.nlayers != s.nlayers || t.in_c != s.in_c) abort();
        scene_free(&t);
        free(json);
    }
    scene_free(&s);
    return 0;
}
