#include "lessonio.h"

#include <cjson/cJSON.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "fileio.h"
#include "sceneio.h"

enum { LPATH = 64, DIR_SIZE = 4096 };

static const char *const top_keys[] = {"title", "slides", NULL};
static const char *const slide_keys[] = {"scene", "layer", "granularity", "step", "stop", "projector",
                                         "hover", "caption", "question", NULL};

/* A whole number in [lo, hi] or an error naming the slide's key. */
static int get_int(const cJSON *it, const char *path, const char *key, double lo, double hi, int64_t *out,
                   errmsg *e) {
    double v = cJSON_IsNumber(it) ? it->valuedouble : NAN;
    if (!(v == floor(v)) || !(v >= lo)) return errmsg_set(e, "%s.%s: must be a whole number >= %.0f", path, key, lo);
    if (!(v <= hi)) return errmsg_set(e, "%s.%s: %.0f is past the last, %.0f", path, key, v, hi);
    *out = (int64_t)v;
    return 0;
}

static int get_string(const cJSON *it, const char *path, const char *key, char *dst, size_t n, errmsg *e) {
    if (!cJSON_IsString(it)) return errmsg_set(e, "%s.%s: must be a string", path, key);
    if (strlen(it->valuestring) >= n) return errmsg_set(e, "%s.%s: longer than %zu bytes", path, key, n - 1);
    memcpy(dst, it->valuestring, strlen(it->valuestring) + 1);
    return 0;
}

/* The name's index in names[0..n), or an error listing them. */
static int get_name(const cJSON *it, const char *path, const char *key, const char *const *names, int n, int *out,
                    errmsg *e) {
    char list[160] = "";
    for (int i = 0; cJSON_IsString(it) && i < n; i++)
        if (strcmp(it->valuestring, names[i]) == 0) {
            *out = i;
            return 0;
        }
    for (int i = 0; i < n; i++) {
        size_t k = strlen(list);
        snprintf(list + k, sizeof list - k, "%s%s", i ? ", " : "", names[i]);
    }
    return errmsg_set(e, "%s.%s: must be one of %s", path, key, list);
}

/* The scene: an object, or a file relative to the lesson's folder. */
static int get_scene(lesson_slide *sl, const cJSON *it, const char *path, const char *base_dir, errmsg *e) {
    char file[DIR_SIZE];
    int rc;
    if (!it) return errmsg_set(e, "%s.scene: missing (a scene object or the path of a scene file)", path);
    if (cJSON_IsObject(it)) {
        rc = sceneio_from_json(&sl->s, it, base_dir, e);
        if (rc) errmsg_prefix(e, "%s.scene.", path);
        return rc;
    }
    if (!cJSON_IsString(it) || !it->valuestring[0])
        return errmsg_set(e, "%s.scene: must be a scene object or the path of a scene file", path);
    if (base_dir && it->valuestring[0] != '/')
        snprintf(file, sizeof file, "%s/%s", base_dir, it->valuestring);
    else
        snprintf(file, sizeof file, "%s", it->valuestring);
    rc = sceneio_load(&sl->s, file, e);
    if (rc) errmsg_prefix(e, "%s.scene: ", path);
    return rc;
}

/* "output:F,Y,X" (one coordinate per axis of the layer): that output
 * cell's receptive field is lit, as the mouse would light it. */
static int get_hover(lesson_slide *sl, const cJSON *it, const char *path, errmsg *e) {
    const conv_geom *g = &sl->s.layer[sl->layer].g;
    int nd = conv_ndim(g->p.kind), at[CONV_SP] = {0, 0, 0}, v[4], n = 0;
    const char *p;
    if (!cJSON_IsString(it) || strncmp(it->valuestring, "output:", 7) != 0)
        return errmsg_set(e, "%s.hover: must be \"output:F,Y,X\" (a filter and the output cell)", path);
    p = it->valuestring + 7;
    while (n < 4) {
        char *end;
        long x = strtol(p, &end, 10);
        if (end == p || x < 0 || x > 1 << 24) break;
        v[n++] = (int)x;
        p = end;
        if (*p != ',') break;
        p++;
    }
    if (*p || n != nd + 1)
        return errmsg_set(e, "%s.hover: a %s layer needs output:F and %d coordinates, got \"%s\"", path,
                          conv_kind_name(g->p.kind), nd, it->valuestring);
    if (v[0] >= g->out_c) return errmsg_set(e, "%s.hover: filter %d is outside 0..%d", path, v[0], g->out_c - 1);
    for (int a = CONV_SP - nd; a < CONV_SP; a++) {
        at[a] = v[1 + a - (CONV_SP - nd)];
        if (at[a] >= g->out_sp[a])
            return errmsg_set(e, "%s.hover: output %s = %d is outside 0..%d", path, conv_axis_name(nd, a), at[a],
                              g->out_sp[a] - 1);
    }
    sl->hover_set = 1;
    sl->hover_filter = v[0];
    sl->hover_cell = conv_cell_index(g, at);
    return 0;
}

static int parse_view(lesson_slide *sl, const cJSON *obj, const char *path, errmsg *e) {
    const cJSON *it;
    int64_t v, n;
    int k;
    if ((it = cJSON_GetObjectItemCaseSensitive(obj, "layer"))) {
        if (get_int(it, path, "layer", 0, sl->s.nlayers - 1, &v, e)) return -1;
        sl->layer = (int)v;
    }
    if ((it = cJSON_GetObjectItemCaseSensitive(obj, "granularity"))) {
        if (get_name(it, path, "granularity", sched_gran_names, SCHED_GRAN_COUNT, &k, e)) return -1;
        sl->gran = (sched_gran)k;
    }
    n = sched_count(&sl->s.layer[sl->layer].g, sl->gran);
    if ((it = cJSON_GetObjectItemCaseSensitive(obj, "step")) && get_int(it, path, "step", 0, (double)(n - 1), &sl->step, e))
        return -1;
    if ((it = cJSON_GetObjectItemCaseSensitive(obj, "stop"))) {
        if (get_int(it, path, "stop", (double)sl->step, (double)(n - 1), &sl->stop, e)) return -1;
    }
    if ((it = cJSON_GetObjectItemCaseSensitive(obj, "projector"))) {
        if (!cJSON_IsBool(it)) return errmsg_set(e, "%s.projector: must be true or false", path);
        sl->projector = cJSON_IsTrue(it);
    }
    if ((it = cJSON_GetObjectItemCaseSensitive(obj, "hover")) && get_hover(sl, it, path, e)) return -1;
    return 0;
}

static int parse_slide(lesson_slide *sl, const cJSON *obj, int i, const char *base_dir, errmsg *e) {
    char path[LPATH], filled[LESSON_TEXT * 4];
    const cJSON *it;
    int rc, k;
    snprintf(path, sizeof path, "slides[%d]", i);
    sl->gran = SCHED_CHANNEL;
    sl->stop = -1;
    sl->projector = -1;
    if (!cJSON_IsObject(obj)) return errmsg_set(e, "%s: must be an object {\"scene\": ...}", path);
    if (sceneio_json_keys(obj, path, slide_keys, e)) return -1;
    if ((rc = get_scene(sl, cJSON_GetObjectItemCaseSensitive(obj, "scene"), path, base_dir, e))) return rc;
    if (parse_view(sl, obj, path, e)) return -1;
    if ((it = cJSON_GetObjectItemCaseSensitive(obj, "caption"))) {
        if (get_string(it, path, "caption", sl->caption, sizeof sl->caption, e)) return -1;
        if (lesson_fill(filled, sizeof filled, sl->caption, sl, e)) {
            errmsg_prefix(e, "%s.caption: ", path);
            return -1;
        }
    }
    if ((it = cJSON_GetObjectItemCaseSensitive(obj, "question"))) {
        if (get_name(it, path, "question", lesson_q_names, LESSON_Q_COUNT, &k, e)) return -1;
        sl->question = (lesson_qkind)k;
    }
    return 0;
}

static int parse_lesson(lesson *l, const cJSON *root, const char *base_dir, errmsg *e) {
    const cJSON *slides, *it;
    int n, i = 0, rc;
    if (!cJSON_IsObject(root)) return errmsg_set(e, "lesson: must be a JSON object {\"title\": ..., \"slides\": [...]}");
    if (sceneio_json_keys(root, "", top_keys, e)) return -1;
    if ((it = cJSON_GetObjectItemCaseSensitive(root, "title"))) {
        if (!cJSON_IsString(it)) return errmsg_set(e, "title: must be a string");
        if (strlen(it->valuestring) >= sizeof l->title) return errmsg_set(e, "title: longer than %d bytes", LESSON_TITLE - 1);
        memcpy(l->title, it->valuestring, strlen(it->valuestring) + 1);
    }
    slides = cJSON_GetObjectItemCaseSensitive(root, "slides");
    if (!slides) return errmsg_set(e, "slides: missing");
    n = cJSON_IsArray(slides) ? cJSON_GetArraySize(slides) : 0;
    if (n < 1 || n > LESSON_MAX_SLIDES) return errmsg_set(e, "slides: must be a list of 1 to %d slides", LESSON_MAX_SLIDES);
    if (!(l->slide = calloc((size_t)n, sizeof *l->slide))) return errmsg_set(e, "slides: out of memory");
    for (const cJSON *s = slides->child; s; s = s->next, i++) {
        scene_init(&l->slide[i].s);
        l->nslides = i + 1;
        if ((rc = parse_slide(&l->slide[i], s, i, base_dir, e))) return rc;
    }
    return 0;
}

int lessonio_parse(lesson *l, const char *json, size_t len, const char *base_dir, errmsg *e) {
    cJSON *root;
    int rc;
    lesson_init(l);
    if (!(root = sceneio_json_parse(json, len, e))) return -1;
    rc = parse_lesson(l, root, base_dir, e);
    cJSON_Delete(root);
    if (rc) lesson_free(l);
    return rc;
}

int lessonio_load(lesson *l, const char *path, errmsg *e) {
    char dir[DIR_SIZE];
    char *buf = NULL;
    size_t len = 0;
    FILE *f;
    int rc;
    lesson_init(l);
    rc = fileio_open_read(path, "lesson file", &f, e);
    if (rc == 0) {
        rc = fileio_read_all(f, (size_t)LESSONIO_MAX_FILE_BYTES, &buf, &len, e);
        fclose(f);
        if (rc == FILEIO_TOO_BIG) rc = errmsg_set(e, "larger than %ld bytes", LESSONIO_MAX_FILE_BYTES);
    }
    if (rc) {
        errmsg_prefix(e, "%s: ", path);
        return rc;
    }
    rc = lessonio_parse(l, buf, len, fileio_dir_of(path, dir, sizeof dir), e);
    free(buf);
    if (rc) errmsg_prefix(e, "%s: ", path);
    return rc;
}
