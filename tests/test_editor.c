/* test_editor: the window's editing as the event loop drives it (keys,
 * typed text, clicks on cells and fields), without a window: the prompts
 * name what is typed, undo / redo go back and forth over every edit, Save
 * As and Ctrl+S say where they wrote, the preset row says "custom", and
 * opening a scene clears the error. */
#include <limits.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "check.h"
#include "editor.h"
#include "sceneio.h"

static int has_text(const frame *f, const char *needle) {
    for (size_t i = 0; i < f->n; i++)
        if (f->cmd[i].kind == FRAME_TEXT && strstr(frame_text(f, &f->cmd[i]), needle)) return 1;
    return 0;
}

/* Commands in the panel's error red (200, 40, 40), and thick field boxes. */
static int red_or_thick(const frame *f) {
    int n = 0;
    for (size_t i = 0; i < f->n; i++) {
        const frame_cmd *c = &f->cmd[i];
        if ((c->color.r == 200 && c->color.g == 40 && c->color.b == 40) ||
            (c->kind == FRAME_BOX && c->el == FRAME_EL_FIELD && c->thick > 1))
            n++;
    }
    return n;
}

static void type(editor *ed, scene *s, layout_view *v, const char *text) {
    editor_text(ed, text);
    editor_key(ed, s, v, SDLK_RETURN, 0);
}

typedef struct {
    scene s;
    layout_view v;
    editor ed;
    frame f;
} fixture;

static void setup(fixture *x, const char *path) {
    errmsg e = {""};
    scene_init(&x->s);
    if (path) CHECK_INT(sceneio_load(&x->s, path, &e), 0);
    else CHECK_INT(scene_make_default(&x->s, &e), 0);
    layout_view_init(&x->v);
    CHECK_INT(editor_init(&x->ed, path, 1, &e), 0);
    x->v.editor = &x->ed.ps;
    frame_init(&x->f, 1, 1, (frame_color){255, 255, 255, 255});
}

static void draw(fixture *x) {
    errmsg e = {""};
    editor_sync(&x->ed, &x->s, &x->v);
    CHECK_INT(layout_frame(&x->f, &x->s, &x->v, 1280, 720, &e), 0);
}

static void teardown(fixture *x) {
    editor_free(&x->ed);
    frame_free(&x->f);
    scene_free(&x->s);
}

/* Clicking a cell asks for its value by name, not for a file. */
static void test_value_prompts(void) {
    fixture x;
    setup(&x, NULL);
    /* weight tap (0, 1) of filter 0, channel 0: 1 in the default scene */
    CHECK_INT(editor_click(&x.ed, &x.s, &x.v, FRAME_EL_WEIGHT_CELL, 0, 1), 1);
    CHECK_INT(x.ed.typing, EDITOR_TYPE_VALUE);
    CHECK_STR(x.ed.ps.prompt, "weight [0,0,0,1] = 1, new value: ");
    draw(&x);
    CHECK(has_text(&x.f, "weight [0,0,0,1] = 1, new value: _"));
    CHECK(!has_text(&x.f, "open:"));
    type(&x.ed, &x.s, &x.v, "2");
    CHECK_NEAR(x.s.layer[0].weight[1], 2, 0);
    CHECK_STR(x.ed.ps.prompt, "");
    CHECK_INT(editor_click(&x.ed, &x.s, &x.v, FRAME_EL_WEIGHT_CELL, 0, 1), 1);
    CHECK_STR(x.ed.ps.prompt, "weight [0,0,0,1] = 2, new value: ");
    editor_key(&x.ed, &x.s, &x.v, SDLK_ESCAPE, 0);
    CHECK_INT(x.ed.typing, EDITOR_TYPE_NONE);
    /* channel 2, tap (2, 0) of filter 1 at the playhead's filter */
    x.v.step = 30; /* filter 1 at channel granularity (27 steps a filter) */
    CHECK_INT(editor_click(&x.ed, &x.s, &x.v, FRAME_EL_WEIGHT_CELL, 2, 6), 1);
    CHECK_HAS(x.ed.ps.prompt, "weight [1,2,2,0] = ");
    editor_key(&x.ed, &x.s, &x.v, SDLK_ESCAPE, 0);
    /* input cells are addressed in the padded grid (7 x 7 with padding 1):
     * padded (2, 4) is input [0, 1, 3] = 2 */
    CHECK_INT(editor_click(&x.ed, &x.s, &x.v, FRAME_EL_INPUT_CELL, 0, 2 * 7 + 4), 1);
    CHECK_STR(x.ed.ps.prompt, "input [0,1,3] = 2, new value: ");
    type(&x.ed, &x.s, &x.v, "5");
    CHECK_NEAR(x.s.input[1 * 5 + 3], 5, 0);
    /* padding is no value */
    CHECK_INT(editor_click(&x.ed, &x.s, &x.v, FRAME_EL_INPUT_CELL, 0, 0), 0);
    CHECK_INT(x.ed.typing, EDITOR_TYPE_NONE);
    /* Ctrl+O still asks for a file */
    editor_key(&x.ed, &x.s, &x.v, SDLK_o, KMOD_LCTRL);
    CHECK_STR(x.ed.ps.prompt, "open: ");
    draw(&x);
    CHECK(has_text(&x.f, "open: _"));
    editor_key(&x.ed, &x.s, &x.v, SDLK_ESCAPE, 0);
    teardown(&x);
}

/* Ctrl+Z / Ctrl+Shift+Z / Ctrl+Y over steps, typed fields and values. */
static void test_undo(void) {
    fixture x;
    scene orig;
    errmsg e = {""};
    char title[256];
    setup(&x, NULL);
    CHECK_INT(scene_copy(&orig, &x.s, &e), 0);
    editor_key(&x.ed, &x.s, &x.v, SDLK_z, KMOD_LCTRL);
    CHECK_STR(x.ed.ps.status, "nothing to undo");
    /* kernel H 3 -> 1 (stepper) -> 3 (typed): new taps get new values */
    CHECK_INT(editor_click(&x.ed, &x.s, &x.v, FRAME_EL_FIELD, EDIT_KERNEL_H, -1), 1);
    CHECK_INT(editor_click(&x.ed, &x.s, &x.v, FRAME_EL_FIELD, EDIT_KERNEL_H, -1), 1);
    CHECK_INT(x.s.layer[0].p.kernel[1], 1);
    CHECK_INT(editor_click(&x.ed, &x.s, &x.v, FRAME_EL_FIELD, EDIT_KERNEL_H, 0), 1);
    type(&x.ed, &x.s, &x.v, "3");
    CHECK_INT(x.s.layer[0].p.kernel[1], 3);
    CHECK(memcmp(x.s.layer[0].weight, orig.layer[0].weight, 54 * sizeof(double)) != 0);
    CHECK_INT(x.ed.unsaved, 1);
    editor_title(&x.ed, &x.s, title, sizeof title);
    CHECK_HAS(title, " *");
    /* a refused edit is not an edit: nothing to undo for it */
    CHECK_INT(editor_click(&x.ed, &x.s, &x.v, FRAME_EL_FIELD, EDIT_KERNEL_H, 0), 1);
    type(&x.ed, &x.s, &x.v, "9");
    CHECK(x.ed.ps.error[0] != 0);
    /* a value */
    CHECK_INT(editor_click(&x.ed, &x.s, &x.v, FRAME_EL_WEIGHT_CELL, 0, 4), 1);
    type(&x.ed, &x.s, &x.v, "8");
    CHECK_NEAR(x.s.layer[0].weight[4], 8, 0);
    /* back: the value, the typed kernel, the stepped one: the old weights */
    editor_key(&x.ed, &x.s, &x.v, SDLK_z, KMOD_LCTRL);
    CHECK_STR(x.ed.ps.status, "undone");
    CHECK(x.s.layer[0].weight[4] != 8);
    CHECK(x.ed.ps.error[0] == 0);
    editor_key(&x.ed, &x.s, &x.v, SDLK_z, KMOD_LCTRL);
    CHECK_INT(x.s.layer[0].p.kernel[1], 1);
    editor_key(&x.ed, &x.s, &x.v, SDLK_z, KMOD_LCTRL);
    CHECK_INT(x.s.layer[0].p.kernel[1], 2);
    editor_key(&x.ed, &x.s, &x.v, SDLK_z, KMOD_LCTRL);
    CHECK_INT(x.s.layer[0].p.kernel[1], 3);
    CHECK(memcmp(x.s.layer[0].weight, orig.layer[0].weight, 54 * sizeof(double)) == 0);
    CHECK(memcmp(x.s.layer[0].out, orig.layer[0].out, 18 * sizeof(double)) == 0);
    CHECK_INT(x.ed.unsaved, 0); /* back to the scene as it was */
    editor_title(&x.ed, &x.s, title, sizeof title);
    CHECK(strstr(title, " *") == NULL);
    editor_key(&x.ed, &x.s, &x.v, SDLK_z, KMOD_LCTRL);
    CHECK_STR(x.ed.ps.status, "nothing to undo");
    /* forward: Ctrl+Shift+Z and Ctrl+Y */
    editor_key(&x.ed, &x.s, &x.v, SDLK_z, KMOD_LCTRL | KMOD_LSHIFT);
    CHECK_STR(x.ed.ps.status, "redone");
    CHECK_INT(x.s.layer[0].p.kernel[1], 2);
    CHECK_INT(x.ed.unsaved, 1);
    editor_key(&x.ed, &x.s, &x.v, SDLK_y, KMOD_LCTRL);
    CHECK_INT(x.s.layer[0].p.kernel[1], 1);
    editor_key(&x.ed, &x.s, &x.v, SDLK_y, KMOD_LCTRL);
    editor_key(&x.ed, &x.s, &x.v, SDLK_y, KMOD_LCTRL);
    CHECK_NEAR(x.s.layer[0].weight[4], 8, 0);
    editor_key(&x.ed, &x.s, &x.v, SDLK_y, KMOD_LCTRL);
    CHECK_STR(x.ed.ps.status, "nothing to redo");
    /* while typing, Ctrl+Z is not an undo */
    CHECK_INT(editor_click(&x.ed, &x.s, &x.v, FRAME_EL_WEIGHT_CELL, 0, 4), 1);
    editor_key(&x.ed, &x.s, &x.v, SDLK_z, KMOD_LCTRL);
    CHECK_NEAR(x.s.layer[0].weight[4], 8, 0);
    editor_key(&x.ed, &x.s, &x.v, SDLK_ESCAPE, 0);
    /* 110 edits of the seed row, all undone */
    for (int i = 0; i < 110; i++) CHECK_INT(editor_click(&x.ed, &x.s, &x.v, FRAME_EL_FIELD, PANEL_ROW_SEED, 1), 1);
    for (int i = 0; i < 110; i++) editor_key(&x.ed, &x.s, &x.v, SDLK_z, KMOD_LCTRL);
    CHECK_STR(x.ed.ps.status, "undone");
    CHECK_NEAR(x.s.layer[0].weight[4], 8, 0);
    CHECK_INT(x.s.layer[0].p.kernel[1], 3);
    scene_free(&orig);
    teardown(&x);
}

/* Ctrl+S on an opened scene and Save As say the whole path; opening
 * forgets the undo history and clears the error and its border. */
static void test_save_open(void) {
    fixture x;
    char dir[] = "/tmp/test_editor_XXXXXX", path[PATH_MAX], full[PATH_MAX + 16], cwd[PATH_MAX];
    errmsg e = {""};
    scene t;
    CHECK(mkdtemp(dir) != NULL);
    snprintf(path, sizeof path, "%s/a.json", dir);
    setup(&x, NULL);
    CHECK_INT(editor_save(&x.ed, &x.s, path, &e), 0);
    teardown(&x);
    setup(&x, path);
    snprintf(full, sizeof full, "%s", path);
    /* Ctrl+S writes where the scene came from, and says so */
    CHECK_INT(editor_click(&x.ed, &x.s, &x.v, FRAME_EL_FIELD, EDIT_STRIDE_H, -1), 1);
    CHECK_INT(x.ed.unsaved, 1);
    editor_key(&x.ed, &x.s, &x.v, SDLK_s, KMOD_LCTRL);
    CHECK_INT(x.ed.typing, EDITOR_TYPE_NONE);
    CHECK_INT(x.ed.unsaved, 0);
    {
        char want[PATH_MAX + 32];
        snprintf(want, sizeof want, "saved %s", full);
        CHECK_STR(x.ed.ps.status, want);
        draw(&x);
        CHECK(has_text(&x.f, "saved /"));
    }
    scene_init(&t);
    CHECK_INT(sceneio_load(&t, path, &e), 0);
    CHECK_INT(t.layer[0].p.stride[1], 1);
    scene_free(&t);
    /* Save As: asks, with the current path to start from */
    editor_key(&x.ed, &x.s, &x.v, SDLK_s, KMOD_LCTRL | KMOD_LSHIFT);
    CHECK_INT(x.ed.typing, EDITOR_TYPE_SAVE);
    CHECK_STR(x.ed.ps.prompt, "save as: ");
    CHECK_STR(x.ed.ps.text, path);
    draw(&x);
    CHECK(has_text(&x.f, "save as: "));
    /* a relative name is saved in the current directory, named in full */
    CHECK(getcwd(cwd, sizeof cwd) != NULL);
    CHECK_INT(chdir(dir), 0);
    type(&x.ed, &x.s, &x.v, "./b.json");
    CHECK(getcwd(full, PATH_MAX) != NULL);
    strcat(full, "/b.json");
    CHECK_INT(chdir(cwd), 0);
    {
        char want[PATH_MAX + 32];
        snprintf(want, sizeof want, "saved %s", full);
        CHECK_STR(x.ed.ps.status, want);
    }
    CHECK_STR(x.ed.path, "./b.json");
    snprintf(path, sizeof path, "%s/b.json", dir);
    CHECK_INT(access(path, F_OK), 0);
    snprintf(path, sizeof path, "%s/b.json.tmp", dir);
    CHECK(access(path, F_OK) != 0);
    /* an error on a field, in red with a thick border ... */
    CHECK_INT(editor_click(&x.ed, &x.s, &x.v, FRAME_EL_FIELD, EDIT_KERNEL_H, 0), 1);
    type(&x.ed, &x.s, &x.v, "9");
    CHECK_INT(x.ed.ps.error_row, EDIT_KERNEL_H);
    draw(&x);
    CHECK(red_or_thick(&x.f) > 0);
    /* ... gone when another scene is opened, with the focus and the history */
    editor_key(&x.ed, &x.s, &x.v, SDLK_o, KMOD_LCTRL);
    type(&x.ed, &x.s, &x.v, TEST_ASSETS "/scenes/conv-arithmetic-full_padding_no_strides.json");
    CHECK_INT(x.s.layer[0].g.pad_lo[1], 2);
    CHECK_STR(x.ed.ps.error, "");
    CHECK_INT(x.ed.ps.error_row, -1);
    CHECK_INT(x.ed.ps.focused, 0);
    CHECK_HAS(x.ed.ps.status, "opened /");
    draw(&x);
    CHECK_INT(red_or_thick(&x.f), 0);
    editor_key(&x.ed, &x.s, &x.v, SDLK_z, KMOD_LCTRL);
    CHECK_STR(x.ed.ps.status, "nothing to undo");
    /* a failed open says why in red; a good one clears it again */
    editor_key(&x.ed, &x.s, &x.v, SDLK_o, KMOD_LCTRL);
    type(&x.ed, &x.s, &x.v, "/nonexistent/none.json");
    CHECK(x.ed.ps.error[0] != 0);
    CHECK_INT(editor_drop(&x.ed, &x.s, &x.v, TEST_ASSETS "/scenes/default.json"), 1);
    CHECK_STR(x.ed.ps.error, "");
    draw(&x);
    CHECK_INT(red_or_thick(&x.f), 0);
    teardown(&x);
    snprintf(path, sizeof path, "%s/a.json", dir);
    remove(path);
    snprintf(path, sizeof path, "%s/b.json", dir);
    remove(path);
    rmdir(dir);
}

/* The preset row: the preset the kernel at the playhead is, or "custom". */
static void test_preset_row(void) {
    fixture x;
    setup(&x, NULL);
    draw(&x);
    CHECK_INT(x.ed.ps.custom, 1); /* random small integers */
    CHECK(has_text(&x.f, "custom"));
    /* stepping the row puts the next preset on every channel of filter 0 */
    CHECK_INT(editor_click(&x.ed, &x.s, &x.v, FRAME_EL_FIELD, PANEL_ROW_PRESET, 1), 1);
    draw(&x);
    CHECK_INT(x.ed.ps.custom, 0);
    CHECK_INT(x.ed.ps.preset, EDIT_PRESET_SOBEL_Y);
    CHECK(has_text(&x.f, "Sobel y"));
    CHECK(!has_text(&x.f, "custom"));
    /* filter 1 at the playhead is still the random one */
    x.v.step = 30;
    draw(&x);
    CHECK(has_text(&x.f, "custom"));
    x.v.step = 0;
    /* one weight changed: custom again */
    CHECK_INT(editor_click(&x.ed, &x.s, &x.v, FRAME_EL_WEIGHT_CELL, 1, 4), 1);
    type(&x.ed, &x.s, &x.v, "3");
    draw(&x);
    CHECK(has_text(&x.f, "custom"));
    /* typed by name */
    CHECK_INT(editor_click(&x.ed, &x.s, &x.v, FRAME_EL_FIELD, PANEL_ROW_PRESET, 0), 1);
    CHECK_STR(x.ed.ps.text, "");
    type(&x.ed, &x.s, &x.v, "Laplacian");
    draw(&x);
    CHECK(has_text(&x.f, "Laplacian"));
    /* undo brings the custom kernel back */
    editor_key(&x.ed, &x.s, &x.v, SDLK_z, KMOD_LCTRL);
    draw(&x);
    CHECK(has_text(&x.f, "custom"));
    CHECK_NEAR(x.s.layer[0].weight[9 + 4], 3, 0);
    teardown(&x);
}

int main(void) {
    test_value_prompts();
    test_undo();
    test_save_open();
    test_preset_row();
    return check_done();
}
