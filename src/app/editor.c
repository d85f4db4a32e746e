#include "editor.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <unistd.h>

#include "image.h"
#include "sceneio.h"

int editor_init(editor *ed, const char *path, int open, errmsg *e) {
    memset(ed, 0, sizeof *ed);
    panel_state_init(&ed->ps);
    ed->ps.open = open;
    if (path) snprintf(ed->path, sizeof ed->path, "%s", path);
    if (edit_history_init(&ed->hist, EDIT_HISTORY_LEVELS, EDIT_HISTORY_BUDGET, e)) return -1;
    ed->saved = edit_history_id(&ed->hist);
    return 0;
}

void editor_free(editor *ed) {
    edit_history_free(&ed->hist);
}

/* Unsaved when the scene shown is not the one saved or opened (undoing
 * back to it makes it saved again). */
static void mark(editor *ed) {
    ed->unsaved = edit_history_id(&ed->hist) != ed->saved;
}

static const char *base_name(const char *path) {
    const char *slash = strrchr(path, '/');
    return slash ? slash + 1 : path;
}

void editor_title(const editor *ed, const scene *s, char *buf, size_t n) {
    const char *name = ed->path[0] ? base_name(ed->path) : s->title[0] ? s->title : "untitled";
    snprintf(buf, n, "convanim - %s%s", name, ed->unsaved ? " *" : "");
}

static void set_error(editor *ed, int row, const errmsg *e) {
    ed->ps.error_row = row;
    snprintf(ed->ps.error, sizeof ed->ps.error, "%s", e->msg);
}

static void clear_error(editor *ed) {
    ed->ps.error_row = -1;
    ed->ps.error[0] = 0;
}

/* After a change that kept the scene's shape of layers: the same output
 * cell, the unsaved mark, no error. */
static void edited(editor *ed, const scene *s, layout_view *v, const conv_geom *old) {
    v->step = edit_map_step(old, &s->layer[v->layer].g, v->gran, v->step);
    v->hover_el = FRAME_EL_NONE;
    mark(ed);
    clear_error(ed);
}

/* Every edit is bracketed: a copy of the scene before it, then kept for
 * undo when the edit was made (rc 0), dropped when it was refused. */
static int before_edit(scene *before, const scene *s, errmsg *e) {
    return scene_copy(before, s, e);
}

static void after_edit(editor *ed, scene *before, int rc) {
    if (rc == 0) edit_history_push(&ed->hist, before);
    else scene_free(before);
}

/* Ctrl+Z (dir -1) and Ctrl+Shift+Z / Ctrl+Y (dir +1). */
static void undo_redo(editor *ed, scene *s, layout_view *v, int dir) {
    conv_geom old = s->layer[v->layer].g;
    int done = dir < 0 ? edit_history_undo(&ed->hist, s) : edit_history_redo(&ed->hist, s);
    if (done) {
        if (v->layer >= s->nlayers) v->layer = 0;
        edited(ed, s, v, &old);
    }
    snprintf(ed->ps.status, sizeof ed->ps.status, "%s", done ? (dir < 0 ? "undone" : "redone")
             : dir < 0 ? "nothing to undo" : "nothing to redo");
    ed->changed = 1;
}

static int filter_at_playhead(const scene *s, const layout_view *v) {
    const conv_geom *g = &s->layer[v->layer].g;
    sched_order o = layout_order(s, v);
    int64_t n = sched_order_count(g, o, v->gran), step = v->step < 0 ? 0 : v->step >= n ? n - 1 : v->step;
    return sched_order_at(g, o, v->gran, step).filter;
}

/* Every channel of the filter at the playhead gets the preset. */
static int apply_preset(editor *ed, scene *s, layout_view *v, errmsg *e) {
    int f = filter_at_playhead(s, v);
    for (int c = 0; c < s->layer[v->layer].g.cpg; c++)
        if (edit_kernel_preset(s, v->layer, f, c, (edit_preset)ed->ps.preset, e)) return -1;
    return 0;
}

static int step_edit(editor *ed, scene *s, layout_view *v, int row, int delta, errmsg *e) {
    if (row == PANEL_ROW_PRESET) {
        ed->ps.preset = ((ed->ps.preset + delta) % EDIT_PRESET_COUNT + EDIT_PRESET_COUNT) % EDIT_PRESET_COUNT;
        return apply_preset(ed, s, v, e);
    }
    if (row == PANEL_ROW_SEED) {
        ed->ps.seed += delta;
        return edit_randomize(s, (uint64_t)ed->ps.seed, e);
    }
    return edit_step(s, v->layer, (edit_field)row, delta, e);
}

/* Stepper of a row: delta +1 / -1. */
static void step_row(editor *ed, scene *s, layout_view *v, int row, int delta) {
    conv_geom old = s->layer[v->layer].g;
    errmsg e = {""};
    scene before;
    int rc = before_edit(&before, s, &e);
    if (rc == 0) after_edit(ed, &before, rc = step_edit(ed, s, v, row, delta, &e));
    if (rc) set_error(ed, row, &e);
    else edited(ed, s, v, &old);
    ed->changed = 1;
}

/* prompt: what the panel shows before the typed text ("open: "); NULL for
 * a field, which is typed into its own row. */
static void start_typing(editor *ed, editor_typing what, const char *prompt, const char *text) {
    ed->typing = what;
    ed->ps.typing = what == EDITOR_TYPE_FIELD;
    snprintf(ed->ps.prompt, sizeof ed->ps.prompt, "%s", prompt ? prompt : "");
    snprintf(ed->ps.text, sizeof ed->ps.text, "%.*s", (int)sizeof ed->ps.text - 1, text);
    ed->fresh = text[0] != 0; /* as if selected: typing replaces it */
    ed->changed = 1;
}

static void stop_typing(editor *ed) {
    ed->typing = EDITOR_TYPE_NONE;
    ed->ps.typing = 0;
    ed->ps.prompt[0] = ed->ps.text[0] = 0;
    ed->changed = 1;
}

static void start_field(editor *ed, const scene *s, const layout_view *v, const char *first) {
    char buf[PANEL_TEXT];
    if (first) snprintf(buf, sizeof buf, "%s", first);
    else if (ed->ps.row == PANEL_ROW_PRESET)
        snprintf(buf, sizeof buf, "%s", ed->ps.custom ? "" : edit_preset_name((edit_preset)ed->ps.preset));
    else if (ed->ps.row == PANEL_ROW_SEED) snprintf(buf, sizeof buf, "%d", ed->ps.seed);
    else edit_get(s, v->layer, (edit_field)ed->ps.row, buf, sizeof buf);
    start_typing(ed, EDITOR_TYPE_FIELD, NULL, buf);
}

static int find_preset(const char *text) {
    for (int p = 0; p < EDIT_PRESET_COUNT; p++)
        if (strcasecmp(text, edit_preset_name((edit_preset)p)) == 0) return p;
    return -1;
}

static int field_edit(editor *ed, scene *s, layout_view *v, int row, const char *text, errmsg *e) {
    if (row == PANEL_ROW_PRESET) {
        int p = find_preset(text);
        if (p < 0) return errmsg_set(e, "kernel preset: '%s' is not a preset", text);
        ed->ps.preset = p;
        return apply_preset(ed, s, v, e);
    }
    if (row == PANEL_ROW_SEED) {
        char *end;
        long seed = strtol(text, &end, 10);
        if (end == text || *end) return errmsg_set(e, "random seed: '%s' is not a whole number", text);
        ed->ps.seed = (int)seed;
        return edit_randomize(s, (uint64_t)seed, e);
    }
    return edit_set(s, v->layer, (edit_field)row, text, e);
}

static void commit_field(editor *ed, scene *s, layout_view *v) {
    conv_geom old = s->layer[v->layer].g;
    errmsg e = {""};
    int rc, row = ed->ps.row;
    char text[PANEL_TEXT];
    scene before;
    snprintf(text, sizeof text, "%s", ed->ps.text);
    stop_typing(ed);
    if ((rc = before_edit(&before, s, &e)) == 0) after_edit(ed, &before, rc = field_edit(ed, s, v, row, text, &e));
    if (rc) set_error(ed, row, &e);
    else edited(ed, s, v, &old);
}

static void commit_value(editor *ed, scene *s, layout_view *v) {
    conv_geom old = s->layer[v->layer].g;
    errmsg e = {""};
    char *end;
    double x = strtod(ed->ps.text, &end);
    scene before;
    int rc;
    if (end == ed->ps.text || *end) rc = errmsg_set(&e, "value: '%s' is not a number", ed->ps.text);
    else if ((rc = before_edit(&before, s, &e)) == 0)
        after_edit(ed, &before, rc = edit_set_value(s, v->layer, ed->vt, ed->vi, x, &e));
    stop_typing(ed);
    if (rc) set_error(ed, -1, &e);
    else edited(ed, s, v, &old);
}

/* "saved /home/me/scene.json": the whole path, so a class knows where it
 * went (a relative one from the current directory, as the file was
 * written; as typed when that directory cannot be told). */
static void say_where(editor *ed, const char *what, const char *path) {
    char cwd[EDITOR_PATH], full[2 * EDITOR_PATH + 2];
    while (path[0] == '.' && path[1] == '/') path += 2;
    if (path[0] != '/' && getcwd(cwd, sizeof cwd)) snprintf(full, sizeof full, "%s/%s", cwd, path);
    else snprintf(full, sizeof full, "%s", path);
    snprintf(ed->ps.status, sizeof ed->ps.status, "%s %.*s", what, (int)sizeof ed->ps.status - 16, full);
}

int editor_save(editor *ed, const scene *s, const char *path, errmsg *e) {
    char tmp[EDITOR_PATH + 16];
    char *json = sceneio_to_json(s, e);
    FILE *fp;
    size_t n;
    int ok;
    if (!json) return -1;
    snprintf(tmp, sizeof tmp, "%s.tmp", path);
    if (!(fp = fopen(tmp, "wb"))) {
        free(json);
        return errmsg_set(e, "%s: cannot write", tmp);
    }
    n = strlen(json);
    ok = fwrite(json, 1, n, fp) == n;
    ok = (fclose(fp) == 0) && ok;
    free(json);
    /* rename replaces the old file in one step: a crash leaves it whole */
    if (!ok || rename(tmp, path) != 0) {
        remove(tmp);
        return errmsg_set(e, "%s: cannot write", path);
    }
    if (path != ed->path) snprintf(ed->path, sizeof ed->path, "%s", path);
    ed->saved = edit_history_id(&ed->hist);
    mark(ed);
    say_where(ed, "saved", path);
    ed->changed = 1;
    return 0;
}

int editor_open(editor *ed, scene *s, layout_view *v, const char *path, errmsg *e) {
    scene t;
    scene_init(&t);
    if (sceneio_load(&t, path, e)) return -1;
    scene_free(s);
    *s = t;
    v->layer = 0;
    v->step = 0;
    v->hover_el = FRAME_EL_NONE;
    if (path != ed->path) snprintf(ed->path, sizeof ed->path, "%s", path);
    /* a new scene: nothing of the old one to undo, no error, no field in
     * focus (its border would read as the old error's) */
    edit_history_clear(&ed->hist);
    ed->saved = edit_history_id(&ed->hist);
    mark(ed);
    clear_error(ed);
    if (ed->typing) stop_typing(ed);
    ed->ps.focused = 0;
    say_where(ed, "opened", path);
    ed->changed = 1;
    return 0;
}

static void commit_path(editor *ed, scene *s, layout_view *v) {
    errmsg e = {""};
    char path[PANEL_TEXT];
    editor_typing what = ed->typing;
    snprintf(path, sizeof path, "%s", ed->ps.text);
    stop_typing(ed);
    if (!path[0]) return;
    if (what == EDITOR_TYPE_SAVE ? editor_save(ed, s, path, &e) : editor_open(ed, s, v, path, &e))
        set_error(ed, -1, &e);
    else
        clear_error(ed);
}

static void commit(editor *ed, scene *s, layout_view *v) {
    switch (ed->typing) {
    case EDITOR_TYPE_FIELD: commit_field(ed, s, v); break;
    case EDITOR_TYPE_VALUE: commit_value(ed, s, v); break;
    case EDITOR_TYPE_OPEN: case EDITOR_TYPE_SAVE: commit_path(ed, s, v); break;
    default: break;
    }
}

/* While typing every key belongs to the text. */
static int typing_key(editor *ed, scene *s, layout_view *v, SDL_Keycode key) {
    size_t n = strlen(ed->ps.text);
    switch (key) {
    case SDLK_RETURN: case SDLK_KP_ENTER: commit(ed, s, v); break;
    case SDLK_ESCAPE: stop_typing(ed); break;
    case SDLK_BACKSPACE:
        while (n > 0 && ((unsigned char)ed->ps.text[n - 1] & 0xC0) == 0x80) n--; /* whole characters */
        if (ed->fresh) ed->ps.text[0] = 0;
        else if (n > 0) ed->ps.text[n - 1] = 0;
        ed->fresh = 0;
        ed->changed = 1;
        break;
    case SDLK_TAB: /* apply and move on, as forms do */
        if (ed->typing == EDITOR_TYPE_FIELD) {
            commit(ed, s, v);
            ed->ps.row = panel_row_next(s, v->layer, ed->ps.row, 1);
            start_field(ed, s, v, NULL);
        }
        break;
    default: break;
    }
    return 1;
}

static void focus(editor *ed, const scene *s, const layout_view *v) {
    ed->ps.open = ed->ps.focused = 1;
    if (!panel_row_used(s, v->layer, ed->ps.row)) ed->ps.row = panel_row_next(s, v->layer, ed->ps.row, 1);
    ed->changed = 1;
}

int editor_key(editor *ed, scene *s, layout_view *v, SDL_Keycode key, Uint16 mod) {
    int ctrl = (mod & KMOD_CTRL) != 0, shift = (mod & KMOD_SHIFT) != 0;
    if (ed->typing) return typing_key(ed, s, v, key);
    if (ctrl && (key == SDLK_z || key == SDLK_y)) {
        undo_redo(ed, s, v, key == SDLK_y || shift ? 1 : -1);
        return 1;
    }
    if (ctrl && key == SDLK_s) {
        errmsg e = {""};
        if (shift || !ed->path[0]) start_typing(ed, EDITOR_TYPE_SAVE, "save as: ", ed->path[0] ? ed->path : "scene.json");
        else if (editor_save(ed, s, ed->path, &e)) set_error(ed, -1, &e);
        ed->ps.open = 1;
        return 1;
    }
    if (ctrl && key == SDLK_o) {
        ed->ps.open = 1;
        start_typing(ed, EDITOR_TYPE_OPEN, "open: ", "");
        return 1;
    }
    if (key == SDLK_F2) {
        ed->ps.open = !ed->ps.open;
        ed->ps.focused = ed->ps.focused && ed->ps.open;
        ed->changed = 1;
        return 1;
    }
    if (key == SDLK_TAB) {
        if (ed->ps.focused) ed->ps.row = panel_row_next(s, v->layer, ed->ps.row, shift ? -1 : 1);
        focus(ed, s, v);
        return 1;
    }
    if (!ed->ps.focused) return 0;
    if (!panel_row_used(s, v->layer, ed->ps.row)) ed->ps.row = panel_row_next(s, v->layer, ed->ps.row, 1);
    switch (key) {
    case SDLK_UP: case SDLK_PLUS: case SDLK_EQUALS: case SDLK_KP_PLUS: step_row(ed, s, v, ed->ps.row, 1); return 1;
    case SDLK_DOWN: case SDLK_MINUS: case SDLK_KP_MINUS: step_row(ed, s, v, ed->ps.row, -1); return 1;
    case SDLK_RETURN: case SDLK_KP_ENTER: start_field(ed, s, v, NULL); return 1;
    case SDLK_ESCAPE:
        ed->ps.focused = 0;
        ed->changed = 1;
        return 1;
    default:
        /* digits start typing a number (the text event brings the digit) */
        if (key >= SDLK_0 && key <= SDLK_9 && !ctrl) {
            start_field(ed, s, v, "");
            return 1;
        }
        return 0;
    }
}

int editor_text(editor *ed, const char *utf8) {
    size_t n = strlen(ed->ps.text), add = strlen(utf8);
    if (!ed->typing) return 0;
    if (ed->fresh) ed->ps.text[0] = 0, n = 0;
    ed->fresh = 0;
    if (n + add < sizeof ed->ps.text) memcpy(ed->ps.text + n, utf8, add + 1);
    ed->changed = 1;
    return 1;
}

/* "weight [0,0,0,1] = 2, new value: " for the value at index, its place
 * given as n indices in the scene's own terms. */
static void start_value(editor *ed, edit_tensor t, int64_t index, double now, const char *what,
                        const int *at, int n) {
    char prompt[PANEL_TEXT];
    size_t k = (size_t)snprintf(prompt, sizeof prompt, "%s [", what);
    for (int i = 0; i < n && k < sizeof prompt; i++)
        k += (size_t)snprintf(prompt + k, sizeof prompt - k, "%s%d", i ? "," : "", at[i]);
    if (k < sizeof prompt) snprintf(prompt + k, sizeof prompt - k, "] = %.10g, new value: ", now);
    ed->vt = t;
    ed->vi = index;
    start_typing(ed, EDITOR_TYPE_VALUE, prompt, "");
}

/* The spatial coordinates a conv of nd axes has, from the last nd of c. */
static int put_axes(int *at, int n, const int c[CONV_SP], int nd) {
    for (int a = CONV_SP - nd; a < CONV_SP; a++) at[n++] = c[a];
    return n;
}

int editor_click(editor *ed, scene *s, layout_view *v, frame_element el, int a, int64_t b) {
    const conv_geom *g = &s->layer[v->layer].g;
    int at[2 + CONV_SP], c[CONV_SP], nd = conv_ndim(g->p.kind);
    if (ed->typing && el != FRAME_EL_FIELD) stop_typing(ed);
    switch (el) {
    case FRAME_EL_FIELD:
        if (ed->typing) stop_typing(ed);
        ed->ps.row = a;
        focus(ed, s, v);
        if (b) step_row(ed, s, v, a, (int)b);
        else start_field(ed, s, v, NULL);
        return 1;
    case FRAME_EL_CODE_TAB:
        ed->ps.fw = (codegen_framework)a;
        ed->changed = 1;
        return 1;
    case FRAME_EL_INPUT_CELL: {
        int64_t i = layout_input_index(s, v->layer, b);
        if (v->layer != 0 || a < 0 || a >= g->in_c || i < 0) return 0;
        c[2] = (int)(i % g->in_sp[2]);
        c[1] = (int)(i / g->in_sp[2] % g->in_sp[1]);
        c[0] = (int)(i / g->in_sp[2] / g->in_sp[1]);
        at[0] = a;
        start_value(ed, EDIT_INPUT, (int64_t)a * g->in_cells + i, s->input[(int64_t)a * g->in_cells + i], "input",
                    at, put_axes(at, 1, c, nd));
        ed->ps.open = 1;
        return 1;
    }
    case FRAME_EL_WEIGHT_CELL: {
        int f = filter_at_playhead(s, v);
        int64_t i;
        if (a < 0 || a >= g->cpg || b < 0 || b >= g->kvol) return 0;
        i = conv_weight_index(g, f, a, (int)b);
        conv_tap_coords(g, (int)b, c);
        at[0] = f;
        at[1] = a;
        start_value(ed, EDIT_WEIGHT, i, s->layer[v->layer].weight[i], "weight", at, put_axes(at, 2, c, nd));
        ed->ps.open = 1;
        return 1;
    }
    default: return 0;
    }
}

static int ends_with(const char *s, const char *tail) {
    size_t n = strlen(s), m = strlen(tail);
    return n >= m && strcasecmp(s + n - m, tail) == 0;
}

/* A picture becomes the input, resized to the input's size. */
static int drop_image(scene *s, const char *path, errmsg *e) {
    int64_t n = (int64_t)s->in_c * s->in_sp[0] * s->in_sp[1] * s->in_sp[2];
    double *data;
    int rc;
    if (s->in_sp[0] != 1 || (s->in_c != 1 && s->in_c != 3))
        return errmsg_set(e, "image: the input must be 2D with 1 or 3 channels, it is %d channels", s->in_c);
    if (!(data = tensor_alloc(n, "image", e))) return -1;
    rc = image_load(path, s->in_c, s->in_sp[1], s->in_sp[2], data, e);
    if (rc == 0) rc = edit_set_input(s, data, e);
    free(data);
    return rc;
}

int editor_drop(editor *ed, scene *s, layout_view *v, const char *path) {
    errmsg e = {""};
    int rc;
    if (ends_with(path, ".json")) {
        rc = editor_open(ed, s, v, path, &e);
    } else {
        conv_geom old = s->layer[v->layer].g;
        scene before;
        if ((rc = before_edit(&before, s, &e)) == 0) after_edit(ed, &before, rc = drop_image(s, path, &e));
        if (rc == 0) {
            edited(ed, s, v, &old);
            snprintf(ed->ps.status, sizeof ed->ps.status, "input from %s", base_name(path));
        }
    }
    if (rc) set_error(ed, -1, &e);
    ed->ps.open = 1;
    ed->changed = 1;
    return 1;
}

void editor_sync(editor *ed, const scene *s, const layout_view *v) {
    int p = edit_kernel_which(s, v->layer, filter_at_playhead(s, v));
    ed->ps.custom = p < 0;
    if (p >= 0) ed->ps.preset = p;
}
