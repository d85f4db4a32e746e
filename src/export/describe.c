#include "describe.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <cjson/cJSON.h>

#include "fileio.h"

static const char *const font_names[] = {"sans", "bold", "mono"};

static int add_command(cJSON *list, const frame *f, const frame_cmd *c) {
    cJSON *o = cJSON_CreateObject(), *idx;
    char color[8];
    if (!o || !cJSON_AddItemToArray(list, o)) {
        cJSON_Delete(o);
        return -1;
    }
    snprintf(color, sizeof color, "#%02x%02x%02x", c->color.r, c->color.g, c->color.b);
    if (!cJSON_AddStringToObject(o, "kind", (unsigned)c->kind < FRAME_KIND_COUNT ? frame_kind_names[c->kind] : "?") ||
        !cJSON_AddNumberToObject(o, "x", c->x) || !cJSON_AddNumberToObject(o, "y", c->y) ||
        !cJSON_AddNumberToObject(o, "w", c->w) || !cJSON_AddNumberToObject(o, "h", c->h))
        return -1;
    if (c->kind == FRAME_TEXT) {
        if (!cJSON_AddStringToObject(o, "text", frame_text(f, c)) || !cJSON_AddNumberToObject(o, "size", c->size) ||
            !cJSON_AddStringToObject(o, "font", (unsigned)c->font < 3 ? font_names[c->font] : "?"))
            return -1;
    }
    if (c->kind == FRAME_IMAGE) {
        int px[2] = {c->pw, c->ph};
        if (!(idx = cJSON_CreateIntArray(px, 2)) || !cJSON_AddItemToObject(o, "pixels", idx)) {
            cJSON_Delete(idx);
            return -1;
        }
    }
    if (!cJSON_AddStringToObject(o, "element", (unsigned)c->el < FRAME_EL_COUNT ? frame_element_names[c->el] : "none"))
        return -1;
    if (c->nidx > 0) {
        if (!(idx = cJSON_CreateIntArray(c->idx, c->nidx)) || !cJSON_AddItemToObject(o, "index", idx)) {
            cJSON_Delete(idx);
            return -1;
        }
    }
    if (c->lit && !cJSON_AddBoolToObject(o, "lit", 1)) return -1;
    if (!cJSON_AddBoolToObject(o, "now", c->now) || !cJSON_AddStringToObject(o, "color", color)) return -1;
    return 0;
}

char *describe_json(const frame *f, int projector, const char *style) {
    cJSON *root = cJSON_CreateObject(), *list;
    char *out = NULL;
    int ok = root && cJSON_AddNumberToObject(root, "width", f->width) && cJSON_AddNumberToObject(root, "height", f->height)
             && cJSON_AddBoolToObject(root, "projector", projector != 0)
             && cJSON_AddStringToObject(root, "style", style ? style : "window")
             && (list = cJSON_AddArrayToObject(root, "commands"));
    for (size_t i = 0; ok && i < f->n; i++) ok = add_command(list, f, &f->cmd[i]) == 0;
    if (ok) out = cJSON_PrintUnformatted(root);
    cJSON_Delete(root);
    return out;
}

int describe_write(const char *path, const frame *f, int projector, const char *style, errmsg *e) {
    char *json = describe_json(f, projector, style);
    int rc;
    if (!json) return errmsg_set(e, "%s: out of memory describing the frame", path);
    rc = fileio_write_file(path, json, strlen(json), e);
    cJSON_free(json);
    return rc;
}
