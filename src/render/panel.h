/* panel: the editor column, laid out as frame commands (no SDL). One row
 * per parameter of the layer (label, value, - and + steppers), then rows
 * for the values (kernel preset, random seed), the last error in red
 * naming the field and why, the output-size formulas, parameter and MAC
 * counts, and the layer as code with a PyTorch / Keras / TF.js switch.
 *
 * Rows are addressed by panel_row: the edit fields (edit.h) first, then
 * the value rows. Commands carry element ids for hit-testing:
 *   FRAME_EL_FIELD     a = row, b = 0 value, -1 minus, +1 plus
 *   FRAME_EL_CODE_TAB  a = codegen_framework
 * The state is the window's (src/app/editor.c changes it); layout_frame
 * draws the panel in place of its side panel when view.editor is open. */
#ifndef CONVANIM_PANEL_H
#define CONVANIM_PANEL_H

#include "codegen.h"
#include "edit.h"
#include "frame.h"
#include "theme.h"

enum {
    PANEL_ROW_PRESET = EDIT_FIELD_COUNT, /* kernel preset for the filter at the playhead */
    PANEL_ROW_SEED,                      /* randomize input and weights */
    PANEL_ROW_COUNT
};

enum { PANEL_TEXT = 256, PANEL_STATUS = 1152 };

typedef struct panel_state {
    int open;                 /* the column is shown */
    int focused;              /* keys go to the panel */
    int row;                  /* focused row (a panel_row) */
    int typing;               /* text is being typed into the row */
    char text[PANEL_TEXT];
    int error_row;            /* row the error belongs to, -1 none */
    char error[ERRMSG_SIZE];  /* why the last change was refused */
    codegen_framework fw;
    int preset;               /* edit_preset shown in its row */
    int custom;               /* the kernel is none of the presets: the row says "custom" */
    int seed;                 /* last random seed */
    char prompt[PANEL_TEXT];  /* what the typed text is for, shown before it
                               * ("open: ", "weight [0,0,0,1] = 2, new value: "); "" none */
    char status[PANEL_STATUS]; /* one line: "saved /home/me/scene.json", ... */
} panel_state;

void panel_state_init(panel_state *ps);

/* Label of a row ("stride H", "kernel preset", "random seed"). */
const char *panel_row_label(const scene *s, int layer, int row);
int panel_row_used(const scene *s, int layer, int row);
int panel_row_next(const scene *s, int layer, int row, int dir);

/* Width the column takes in a frame `width` wide at text size ts; 0 when
 * the frame is too narrow to give one. */
int panel_width(int width, int ts);

typedef struct {
    const theme *t;
    int ts;                   /* base text size */
    frame_measure_fn measure; /* NULL: frame_text_width_estimate */
    void *measure_ctx;
} panel_style;

/* Lays the panel out into the box (x, y, w, h) of f. Fails only on memory. */
int panel_frame(frame *f, const scene *s, int layer, const panel_state *ps, int x, int y, int w, int h,
                const panel_style *st, errmsg *e);

#endif
