/* editor: the window's editing, turned from events into edit.h calls. The
 * window hands it keys, typed text, clicks on panel elements and cells,
 * and dropped files; it changes the scene, keeps the playhead on the same
 * output cell (edit_map_step), and keeps the panel's state (panel.h).
 *
 * Keys: F2 shows / hides the panel (shown by default in windows at least
 * 1280 wide). Tab focuses the panel, then moves to the next field
 * (Shift+Tab back). Up/Down or +/- step the focused field; Enter starts
 * typing (or a digit does), Enter again applies, Esc cancels; Esc leaves
 * the panel. Clicking a field's value types into it, its - / + step it;
 * clicking an input or weight cell types a new value for it (the prompt
 * names it: "weight [0,0,0,1] = 2, new value: _"). Ctrl+Z undoes an edit,
 * Ctrl+Shift+Z or Ctrl+Y redoes it (EDIT_HISTORY_LEVELS of them). Ctrl+S
 * saves (asks for a path the first time) and says where it wrote;
 * Ctrl+Shift+S asks for a path to save as; Ctrl+O asks for a path to open.
 * Dropping a .json file opens it; dropping a picture makes it the input,
 * resized to the input size. Opening a scene forgets the undo history. */
#ifndef CONVANIM_EDITOR_H
#define CONVANIM_EDITOR_H

#include <SDL.h>
#include <stddef.h>
#include "layout.h"
#include "panel.h"

enum { EDITOR_PATH = 1024 };

typedef enum { EDITOR_TYPE_NONE, EDITOR_TYPE_FIELD, EDITOR_TYPE_VALUE, EDITOR_TYPE_OPEN, EDITOR_TYPE_SAVE } editor_typing;

typedef struct {
    panel_state ps;
    char path[EDITOR_PATH];   /* where the scene saves; "" none yet */
    int unsaved;              /* the scene shown is not the one saved or opened */
    edit_history hist;        /* undo / redo of every edit */
    uint64_t saved;           /* hist's serial number of the scene saved or opened */
    editor_typing typing;     /* what the typed text is for */
    edit_tensor vt;           /* EDITOR_TYPE_VALUE: which value */
    int64_t vi;
    int fresh;                /* the next typed text replaces the whole value */
    int changed;              /* set on any change to scene, view or panel */
} editor;

/* path: the file the scene came from (NULL: none). 0, or -1 with e when
 * there is no memory for the undo history. editor_free releases it. */
int editor_init(editor *ed, const char *path, int open, errmsg *e);
void editor_free(editor *ed);

/* Each returns 1 when the editor took the event (the window then ignores
 * it), 0 otherwise. s and v may be changed: the layer, step and scene. */
int editor_key(editor *ed, scene *s, layout_view *v, SDL_Keycode key, Uint16 mod);
int editor_text(editor *ed, const char *utf8);
int editor_click(editor *ed, scene *s, layout_view *v, frame_element el, int a, int64_t b);
int editor_drop(editor *ed, scene *s, layout_view *v, const char *path);

/* Writes the scene to path (temp file + rename); 0 or -1 with e. */
int editor_save(editor *ed, const scene *s, const char *path, errmsg *e);
int editor_open(editor *ed, scene *s, layout_view *v, const char *path, errmsg *e);

/* Before drawing: the panel's preset row names the preset the kernel of
 * the filter at the playhead is, or says "custom". */
void editor_sync(editor *ed, const scene *s, const layout_view *v);

/* "convanim - file.json *" (the mark when there are unsaved changes). */
void editor_title(const editor *ed, const scene *s, char *buf, size_t n);

#endif
