/* window: the interactive viewer, a thin SDL event loop. Events become
 * small changes of the view (step, granularity, theme, hover); every
 * picture is layout_frame + draw_frame of that view, drawn only when
 * something changed.
 *
 * Keys: Space play/pause; Right/Left one step; Shift+Right/Left one output
 * cell; Ctrl+Right/Left one filter (same output cell); Home/End; +/- speed;
 * 1/2/3 granularity position/channel/mac; PageUp/PageDown layer (in a
 * lesson they move between slides, Ctrl+PageUp/PageDown between layers
 * everywhere); lesson and quiz keys (N, B, R, A, Enter) in presenter.h; T theme;
 * P projector; H or F1 help; F11 fullscreen; E export the view to a GIF
 * (Esc cancels it); Q or Esc quit. Esc first ends one thing at a time:
 * typing, an export, the help, fullscreen, the panel's focus; only then
 * does it quit. Quitting with unsaved changes (Q, Esc, the window's close
 * button) asks "unsaved changes: quit anyway? Y/N" in the footer: Y quits,
 * N or Esc goes back. Mouse: hover
 * an input or output cell to light its links; click or drag the timeline
 * to scrub; click an output cell to jump to it.
 *
 * A script (tests, demos) feeds the same handler through SDL_PushEvent,
 * one command per line ('#' starts a comment):
 *   key [shift+][ctrl+]NAME   SDL key name: Right, space, Home, t, +
 *   mouse X Y | click X Y     window coordinates
 *   wait MS | resize W H | screenshot PATH
 *   quit                      ends the run (never asks)
 *   close                     as the window's close button (asks when unsaved)
 *   waitexport                hold until the export running (if any) ends
 *   text STRING | drop PATH   typed text, a file dropped on the window
 *
 * E writes "<title>-<layer>-<granularity>.gif" into the current directory
 * (never over a file: "-2", "-3"... are added) from a copy of the scene,
 * on a worker thread; the footer shows its progress, then what was saved.
 * Editing keys (F2, Tab, Ctrl+S, Ctrl+O...) are in editor.h. */
#ifndef CONVANIM_WINDOW_H
#define CONVANIM_WINDOW_H

#include <stdint.h>
#include "errmsg.h"
#include "lesson.h"
#include "scene.h"
#include "sched.h"

/* window_run's failures besides -1: no display to open a window on (SDL
 * has no video driver, or only fell back to its offscreen one); a --script
 * that cannot be read as one (bad input, status 2). */
enum { WINDOW_NO_DISPLAY = -2, WINDOW_BAD_INPUT = -3 };

typedef struct {
    int width, height;      /* window size, 0 = 1280 x 720 */
    const char *font;       /* --font PATH; NULL = fontconfig */
    const char *theme;      /* NULL = "light" */
    int layer;
    sched_gran gran;
    int tview;              /* a layout_tview: transposed layers' view (V switches) */
    int64_t step;
    double speed;           /* steps per second when playing */
    int playing;            /* start playing */
    int projector;
    const char *script;     /* drive the window from this file */
    const char *screenshot; /* save the last frame here at exit */
    int64_t *final_step;    /* if set, receives the step shown at exit */
    int loop;               /* playing starts over at the end instead of stopping */
    int64_t *played;        /* if set, receives how many steps playing advanced (soak) */
    const char *scene_path; /* the scene's file: title, Ctrl+S (editor.h) */
    int editor;             /* editor panel: 1 shown, 0 hidden, -1 when 1280 wide or more */
    const lesson *lesson;   /* present it (presenter.h): slide 0's scene is put into the scene
                               window_run is given, and each slide's after it */
} window_opts;

/* Defaults: 1280 x 720, layer 0, channel granularity, step 0, 2 steps/s. */
void window_opts_init(window_opts *o);

/* Runs until the user (or the script) quits. 0 on a normal exit, -1 on
 * failure, WINDOW_NO_DISPLAY when no window can be opened, WINDOW_BAD_INPUT
 * when the script cannot be read (checked before any window opens); e
 * says why. */
int window_run(scene *s, const window_opts *o, errmsg *e);

#endif
