/* describe_read: a frame of (scene, view) laid out with the real fonts'
 * measure, written as the public describe JSON and parsed back, and the
 * few readers the tests over that dump share (test_describe.c,
 * test_views.c). Include after check.h; call draw_offscreen_init(&fonts,
 * ...) first. */
#ifndef CONVANIM_DESCRIBE_READ_H
#define CONVANIM_DESCRIBE_READ_H

#include <string.h>
#include <cjson/cJSON.h>

#include "describe.h"
#include "draw.h"
#include "font.h"
#include "layout.h"

static draw_offscreen fonts; /* only its fonts: layout measures with them */

/* The frame of (scene, view) at w x h, described and parsed back. */
static cJSON *described(const scene *s, layout_view *v, int w, int h) {
    frame f;
    errmsg e;
    char *json;
    cJSON *root = NULL;
    frame_init(&f, w, h, (frame_color){255, 255, 255, 255});
    v->measure = font_measure;
    v->measure_ctx = fonts.fonts;
    if (CHECK_INT(layout_frame(&f, s, v, w, h, &e), 0) && (json = describe_json(&f, v->projector, layout_style_names[v->style]))) {
        root = cJSON_Parse(json);
        cJSON_free(json);
    }
    frame_free(&f);
    CHECK(root != NULL);
    return root;
}

static const char *str(const cJSON *o, const char *k) {
    const cJSON *i = cJSON_GetObjectItemCaseSensitive(o, k);
    return cJSON_IsString(i) ? i->valuestring : "";
}

static int num(const cJSON *o, const char *k) {
    const cJSON *i = cJSON_GetObjectItemCaseSensitive(o, k);
    return cJSON_IsNumber(i) ? i->valueint : -1;
}

static int now(const cJSON *o) { return cJSON_IsTrue(cJSON_GetObjectItemCaseSensitive(o, "now")); }
static int is(const cJSON *c, const char *kind, const char *el) {
    return strcmp(str(c, "kind"), kind) == 0 && (!el || strcmp(str(c, "element"), el) == 0);
}
static const cJSON *commands(const cJSON *root) { return cJSON_GetObjectItemCaseSensitive(root, "commands"); }

#endif
