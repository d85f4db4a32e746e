/* window: SDL events -> view changes -> layout_frame -> draw_frame. */
#include "window.h"

#include <SDL.h>
#include <ctype.h>
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>
#include <unistd.h>

#include "describe.h"
#include "draw.h"
#include "editor.h"
#include "export.h"
#include "fileio.h"
#include "font.h"
#include "layout.h"
#include "pngout.h"
#include "presenter.h"

enum { WINDOW_SCRIPT_MAX = 4096, WINDOW_PATH = 1024, WINDOW_STATUS_MS = 4000 };
/* Script limits: a line (comments too), the file, a wait (10 minutes, as
 * --delay), a window side, a mouse coordinate. */
enum {
    WINDOW_SCRIPT_LINE = 4096, WINDOW_SCRIPT_BYTES = 1 << 20, WINDOW_SCRIPT_WAIT_MS = 600000,
    WINDOW_SCRIPT_SIDE = 16384, WINDOW_SCRIPT_COORD = 100000
};

#define WINDOW_SPEED_MIN 0.5
#define WINDOW_SPEED_MAX 262144.0 /* whole rows a second of a 224-wide layer at any granularity */

typedef enum {
    SCRIPT_KEY, SCRIPT_MOUSE, SCRIPT_CLICK, SCRIPT_WAIT, SCRIPT_RESIZE,
    SCRIPT_SCREENSHOT, SCRIPT_WAITEXPORT, SCRIPT_QUIT, SCRIPT_TEXT, SCRIPT_DROP, SCRIPT_DESCRIBE,
    SCRIPT_CLOSE
} script_kind;

typedef struct {
    script_kind kind;
    SDL_Keycode key;
    Uint16 mod;
    int x, y;
    char path[WINDOW_PATH];
} script_cmd;

/* An export running on its own thread, from its own copy of the scene
 * (so the window may change the scene meanwhile). The thread writes only
 * the atomics until it ends; the rest is the window's again after
 * SDL_WaitThread. */
typedef struct {
    scene s;
    export_opts o;
    char path[WINDOW_PATH];
    SDL_Thread *thread;
    SDL_atomic_t done, total, finished, cancel;
    Uint32 event;           /* pushed on progress and at the end: wakes the loop */
    int rc;
    export_stats st;
    errmsg e;
} window_export;

typedef struct {
    scene *s;
    const window_opts *o;
    SDL_Window *win;
    SDL_Renderer *r;
    font_set *fonts;
    frame f;
    layout_view v;
    double pos;          /* fractional step while playing */
    int64_t played;      /* whole steps playing has advanced */
    Uint64 tick;         /* performance counter at the last advance */
    int dirty, quit, dragging, fullscreen;
    int asking;          /* "unsaved changes: quit anyway? Y/N" is in the footer */
    SDL_Rect windowed;   /* where the window was before fullscreen */
    script_cmd *script;
    int nscript, next;
    Uint32 wait_until;   /* SDL_GetTicks deadline of a script wait */
    Uint32 drawn_at;     /* SDL_GetTicks of the last frame presented */
    window_export *job;  /* the export running, NULL if none */
    Uint32 job_event;    /* SDL user event of export progress */
    char status[WINDOW_PATH + 128];
    Uint32 status_until; /* SDL_GetTicks when the status line goes */
    errmsg *e;
    int failed;
    editor ed;
    int editor_was_open;      /* before projector mode closed it */
    presenter pres;           /* the lesson shown and the quiz */
    int64_t stop;             /* play pauses here (a slide's "stop"), -1 none */
} window_app;

void window_opts_init(window_opts *o) {
    memset(o, 0, sizeof *o);
    o->width = 1280;
    o->height = 720;
    o->gran = SCHED_CHANNEL;
    o->speed = 2;
    o->editor = -1;
}

/* ---- script ------------------------------------------------------------ */

static int script_key(script_cmd *c, const char *name) {
    static const struct { const char *prefix; Uint16 mod; } mods[] = {
        { "shift+", KMOD_LSHIFT }, { "ctrl+", KMOD_LCTRL }, { "alt+", KMOD_LALT }
    };
    size_t i;
    int again = 1;
    c->mod = 0;
    while (again) {
        again = 0;
        for (i = 0; i < sizeof mods / sizeof mods[0]; i++) {
            size_t n = strlen(mods[i].prefix);
            if (strncasecmp(name, mods[i].prefix, n) == 0 && name[n]) {
                c->mod |= mods[i].mod;
                name += n;
                again = 1;
            }
        }
    }
    c->key = SDL_GetKeyFromName(name);
    return c->key == SDLK_UNKNOWN ? -1 : 0;
}

/* A whole number in [lo, hi] at *p, which moves past it; -1 if there is
 * none or it is out of range (strtol clamps on overflow: caught too). */
static int script_int(char **p, long lo, long hi, int *out) {
    char *end;
    long v;
    errno = 0;
    v = strtol(*p, &end, 10);
    if (end == *p || errno == ERANGE || v < lo || v > hi) return -1;
    *p = end;
    *out = (int)v;
    return 0;
}

/* Two numbers, then nothing but space. */
static int script_pair(char *line, long lo, long hi, int *x, int *y) {
    if (script_int(&line, lo, hi, x) != 0 || script_int(&line, lo, hi, y) != 0) return -1;
    while (isspace((unsigned char)*line)) line++;
    return *line ? -1 : 0;
}

/* 0: a command; 1: a blank line; -1: cannot read it, with why[] set to
 * ": the rule" where there is one to give. */
static int script_line(script_cmd *c, char *line, char *why, size_t n) {
    char word[32], arg[WINDOW_PATH];
    int len = 0;
    memset(c, 0, sizeof *c);
    why[0] = 0;
    if (sscanf(line, "%31s%n", word, &len) != 1) return 1; /* blank */
    line += len;
    while (isspace((unsigned char)*line)) line++;
    if (strcmp(word, "key") == 0) {
        c->kind = SCRIPT_KEY;
        return sscanf(line, "%1023s", arg) == 1 ? script_key(c, arg) : -1;
    }
    if (strcmp(word, "mouse") == 0 || strcmp(word, "click") == 0) {
        c->kind = word[0] == 'm' ? SCRIPT_MOUSE : SCRIPT_CLICK;
        snprintf(why, n, ": %s takes X Y, each in -%d..%d", word, WINDOW_SCRIPT_COORD, WINDOW_SCRIPT_COORD);
        return script_pair(line, -WINDOW_SCRIPT_COORD, WINDOW_SCRIPT_COORD, &c->x, &c->y);
    }
    if (strcmp(word, "wait") == 0) {
        c->kind = SCRIPT_WAIT;
        snprintf(why, n, ": wait takes milliseconds, 0..%d", WINDOW_SCRIPT_WAIT_MS);
        if (script_int(&line, 0, WINDOW_SCRIPT_WAIT_MS, &c->x) != 0) return -1;
        while (isspace((unsigned char)*line)) line++;
        return *line ? -1 : 0;
    }
    if (strcmp(word, "resize") == 0) {
        c->kind = SCRIPT_RESIZE;
        snprintf(why, n, ": resize takes W H, each in 1..%d", WINDOW_SCRIPT_SIDE);
        return script_pair(line, 1, WINDOW_SCRIPT_SIDE, &c->x, &c->y);
    }
    if (strcmp(word, "screenshot") == 0 || strcmp(word, "describe") == 0) {
        size_t len = strcspn(line, "\r\n");
        c->kind = word[0] == 's' ? SCRIPT_SCREENSHOT : SCRIPT_DESCRIBE;
        if (len == 0 || len >= WINDOW_PATH) return -1;
        memcpy(c->path, line, len);
        return 0;
    }
    if (strcmp(word, "text") == 0 || strcmp(word, "drop") == 0) { /* typed text, a dropped file */
        size_t len = strcspn(line, "\r\n");
        c->kind = word[0] == 't' ? SCRIPT_TEXT : SCRIPT_DROP;
        if (len == 0 || len >= WINDOW_PATH) return -1;
        memcpy(c->path, line, len);
        return 0;
    }
    if (strcmp(word, "quit") == 0) {
        c->kind = SCRIPT_QUIT;
        return 0;
    }
    if (strcmp(word, "close") == 0) { /* as the window's close button */
        c->kind = SCRIPT_CLOSE;
        return 0;
    }
    if (strcmp(word, "waitexport") == 0) {
        c->kind = SCRIPT_WAITEXPORT;
        return 0;
    }
    return -1;
}

/* The next line of fp into buf (without its newline): 1 if there was one,
 * 0 at the end, -1 when it is longer than the buffer (then a comment's
 * tail can never be read as a command) or the read fails. */
static int script_read_line(FILE *fp, char *buf, size_t size, int *too_long) {
    size_t n = 0;
    int ch;
    *too_long = 0;
    while ((ch = getc(fp)) != EOF && ch != '\n') {
        if (n + 1 >= size) {
            *too_long = 1;
            return -1;
        }
        buf[n++] = (char)ch;
    }
    buf[n] = 0;
    if (ch == EOF && ferror(fp)) return -1;
    return ch == EOF && n == 0 ? 0 : 1;
}

static int script_fail(window_app *app, FILE *fp, int rc, const char *fmt, ...) ERRMSG_PRINTF(4, 5);

static int script_fail(window_app *app, FILE *fp, int rc, const char *fmt, ...) {
    char msg[ERRMSG_SIZE];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(msg, sizeof msg, fmt, ap);
    va_end(ap);
    if (fp) fclose(fp);
    errmsg_set(app->e, "script: %s", msg);
    return rc;
}

/* A script is input like a scene: a regular file (a FIFO would hang, a
 * device never end), of bounded size, lines and numbers; any fault is
 * bad input (WINDOW_BAD_INPUT) with one line naming the line. */
static int script_load(window_app *app, const char *path) {
    char line[WINDOW_SCRIPT_LINE], why[96];
    long long bytes = 0;
    int lineno = 0, got, too_long;
    FILE *fp;
    errmsg e;
    int rc = fileio_open_read(path, "script", &fp, &e);
    if (rc != 0)
        return script_fail(app, NULL, rc == FILEIO_EIO ? -1 : WINDOW_BAD_INPUT, "%s: %s", path, e.msg);
    app->script = calloc(WINDOW_SCRIPT_MAX, sizeof *app->script);
    if (!app->script) return script_fail(app, fp, -1, "out of memory");
    while ((got = script_read_line(fp, line, sizeof line, &too_long)) != 0) {
        char *hash;
        lineno++;
        if (got < 0 && too_long)
            return script_fail(app, fp, WINDOW_BAD_INPUT, "%s:%d: longer than %d bytes", path, lineno,
                               WINDOW_SCRIPT_LINE - 1);
        if (got < 0) return script_fail(app, fp, -1, "%s: cannot read: %s", path, strerror(errno));
        bytes += (long long)strlen(line) + 1;
        if (bytes > WINDOW_SCRIPT_BYTES)
            return script_fail(app, fp, WINDOW_BAD_INPUT, "%s: larger than %d bytes", path, WINDOW_SCRIPT_BYTES);
        if ((hash = strchr(line, '#')) != NULL) *hash = '\0';
        rc = script_line(&app->script[app->nscript], line, why, sizeof why);
        if (rc < 0)
            return script_fail(app, fp, WINDOW_BAD_INPUT, "%s:%d: cannot read '%.*s'%s", path, lineno,
                               (int)strcspn(line, "\r\n"), line, why);
        if (rc == 0 && app->nscript == WINDOW_SCRIPT_MAX)
            return script_fail(app, fp, WINDOW_BAD_INPUT, "%s:%d: more than %d commands", path, lineno,
                               WINDOW_SCRIPT_MAX);
        if (rc == 0) app->nscript++;
    }
    fclose(fp);
    return 0;
}

/* ---- view changes ------------------------------------------------------ */

static void window_set_step(window_app *app, int64_t step);

static const conv_geom *window_geom(const window_app *app) {
    return &app->s->layer[app->v.layer].g;
}

static sched_order window_order(const window_app *app) { return layout_order(app->s, &app->v); }

static int64_t window_count(const window_app *app) {
    return sched_order_count(window_geom(app), window_order(app), app->v.gran);
}

static void window_set_step(window_app *app, int64_t step) {
    int64_t n = window_count(app);
    if (step > n - 1) step = n - 1;
    if (step < 0) step = 0;
    if (step != app->v.step) app->dirty = 1;
    app->v.step = step;
    app->pos = (double)step;
}

/* Same filter and output cell (and channel, tap where the new granularity
 * has them), so switching granularity never loses the place. */
static void window_set_gran(window_app *app, sched_gran gran) {
    const conv_geom *g = window_geom(app);
    sched_pos p = sched_order_at(g, window_order(app), app->v.gran, app->v.step);
    if (gran == app->v.gran) return;
    if (gran == SCHED_POSITION) p.chan = -1;
    if (gran != SCHED_MAC) p.tap = -1;
    app->v.gran = gran;
    app->dirty = 1;
    window_set_step(app, sched_order_index(g, window_order(app), gran, p));
}

/* The scatter view steps by input cell (each one's stamp). */
static void window_cell_step(window_app *app, int dir) {
    const conv_geom *g = window_geom(app);
    sched_order o = window_order(app);
    sched_pos p = sched_order_at(g, o, app->v.gran, app->v.step);
    int64_t cells = o == SCHED_SCATTER ? g->in_cells : g->out_cells;
    int64_t cell = (int64_t)p.filter * cells + p.cell + dir;
    if (cell < 0 || cell >= (int64_t)g->out_c * cells) return;
    p.filter = (int)(cell / cells);
    p.cell = cell % cells;
    p.chan = p.tap = -1;
    window_set_step(app, sched_order_index(g, o, app->v.gran, p));
}

/* V: a transposed layer's other view, at the start of the same filter's
 * work (the two orders share no other step). */
static void window_tview(window_app *app) {
    const conv_geom *g = window_geom(app);
    sched_pos p = sched_order_at(g, window_order(app), app->v.gran, app->v.step);
    if (g->p.kind != CONV_TRANSPOSE_2D) return;
    app->v.tview = app->v.tview == LAYOUT_TV_SCATTER ? LAYOUT_TV_INSERTED : LAYOUT_TV_SCATTER;
    app->dirty = 1;
    p.cell = 0;
    p.chan = p.tap = -1;
    window_set_step(app, sched_order_index(g, window_order(app), app->v.gran, p));
}

static void window_filter_step(window_app *app, int dir) {
    const conv_geom *g = window_geom(app);
    sched_pos p = sched_order_at(g, window_order(app), app->v.gran, app->v.step);
    if (p.filter + dir < 0 || p.filter + dir >= g->out_c) return;
    p.filter += dir;
    p.chan = p.tap = -1;
    window_set_step(app, sched_order_index(g, window_order(app), app->v.gran, p));
}

static void window_set_layer(window_app *app, int layer) {
    if (layer < 0 || layer >= app->s->nlayers || layer == app->v.layer) return;
    app->v.layer = layer;
    app->v.hover_el = FRAME_EL_NONE;
    app->v.step = -1;
    window_set_step(app, 0);
}

/* A click on cell b of the strip's tensor t: layer t-1 (0 for the input)
 * animated, at that output cell where the order walks output cells. */
static void window_strip_cell(window_app *app, int t, int64_t b) {
    const conv_geom *g;
    sched_pos p = {0, 0, -1, -1};
    window_set_layer(app, t > 0 ? t - 1 : 0);
    if (t < 1 || t - 1 != app->v.layer || window_order(app) != SCHED_GATHER) return;
    g = window_geom(app);
    if (b < 0 || b >= (int64_t)g->out_c * g->out_cells) return;
    p.filter = (int)(b / g->out_cells);
    p.cell = b % g->out_cells;
    window_set_step(app, sched_index(g, app->v.gran, p));
}

/* The same column of the output one row down (dir 1) or up, first step
 * of that cell; a big layer's rows are many steps long. */
static void window_row_step(window_app *app, int dir) {
    const conv_geom *g = window_geom(app);
    sched_pos p = sched_at(g, app->v.gran, app->v.step);
    int64_t cell = p.cell + (int64_t)dir * g->out_sp[2];
    if (cell < 0 || cell >= g->out_cells) return;
    p.cell = cell;
    p.chan = p.tap = -1;
    window_set_step(app, sched_index(g, app->v.gran, p));
}

static void window_play(window_app *app, int on) {
    if (on && app->v.step >= window_count(app) - 1) window_set_step(app, 0);
    app->v.playing = on;
    app->pos = (double)app->v.step;
    app->tick = SDL_GetPerformanceCounter();
    app->dirty = 1;
}

static void window_speed(window_app *app, double factor) {
    double s = app->v.speed * factor;
    app->v.speed = s < WINDOW_SPEED_MIN ? WINDOW_SPEED_MIN : s > WINDOW_SPEED_MAX ? WINDOW_SPEED_MAX : s;
    app->dirty = 1;
}

static void window_next_theme(window_app *app) {
    app->v.theme = theme_next(app->v.theme);
    app->dirty = 1;
}

/* The editor changed the scene, the step or the panel: clamp, redraw, title. */
static void window_edited(window_app *app) {
    char title[EDITOR_PATH + 32];
    if (!app->ed.changed) return;
    app->ed.changed = 0;
    if (app->v.layer >= app->s->nlayers) app->v.layer = 0;
    window_set_step(app, app->v.step);
    app->dirty = 1;
    editor_title(&app->ed, app->s, title, sizeof title);
    if (app->win) SDL_SetWindowTitle(app->win, title);
}

/* ---- export ------------------------------------------------------------ */

/* While the quit question is asked it keeps the footer: messages wait. */
static void window_status(window_app *app, const char *fmt, ...) {
    va_list ap;
    if (app->asking) return;
    va_start(ap, fmt);
    vsnprintf(app->status, sizeof app->status, fmt, ap);
    va_end(ap);
    app->status_until = SDL_GetTicks() + WINDOW_STATUS_MS;
    app->v.status = app->status;
    app->dirty = 1;
}

static void window_export_wake(const window_export *x) {
    SDL_Event ev;
    memset(&ev, 0, sizeof ev);
    ev.type = x->event;
    SDL_PushEvent(&ev);
}

/* On the export's thread. */
static int window_export_progress(void *ctx, int64_t done, int64_t total) {
    window_export *x = ctx;
    SDL_AtomicSet(&x->total, (int)(total < INT_MAX ? total : INT_MAX));
    SDL_AtomicSet(&x->done, (int)(done < INT_MAX ? done : INT_MAX));
    window_export_wake(x);
    return SDL_AtomicGet(&x->cancel);
}

static int window_export_thread(void *ctx) {
    window_export *x = ctx;
    x->rc = export_run(&x->s, &x->o, window_export_progress, x, &x->st, &x->e);
    SDL_AtomicSet(&x->finished, 1);
    window_export_wake(x);
    return 0;
}

/* "<title>-<layer>-<granularity>.gif" in the current directory, the title
 * cut down to letters, digits and dashes; "-2", "-3"... when the name is
 * taken, so no file is ever overwritten. */
static int window_export_name(const window_app *app, char *buf, size_t n) {
    const char *t = app->s->title[0] ? app->s->title : "convanim", *gran = sched_gran_name(app->v.gran);
    char slug[48];
    size_t k = 0;
    for (; *t && k < sizeof slug - 1; t++) {
        unsigned char ch = (unsigned char)*t;
        if (isalnum(ch) || ch == '_') slug[k++] = (char)ch;
        else if (k > 0 && slug[k - 1] != '-') slug[k++] = '-';
    }
    if (*t) /* cut: end at a word */
        while (k > 0 && slug[k - 1] != '-') k--;
    while (k > 0 && slug[k - 1] == '-') k--;
    slug[k] = '\0';
    if (k == 0) snprintf(slug, sizeof slug, "convanim");
    for (int i = 1; i < 1000; i++) {
        struct stat st;
        if (i == 1) snprintf(buf, n, "%s-%d-%s.gif", slug, app->v.layer, gran);
        else snprintf(buf, n, "%s-%d-%s-%d.gif", slug, app->v.layer, gran, i);
        if (stat(buf, &st) != 0) return 0;
    }
    return -1;
}

/* The window's size (in window units, as the picture is seen), at most
 * 1920 x 1080; 960 x 540 for a window too small to read. */
static void window_export_size(const window_app *app, int *w, int *h) {
    int ww, wh;
    double k;
    SDL_GetWindowSize(app->win, &ww, &wh);
    if (ww < 320 || wh < 240) {
        *w = EXPORT_DEFAULT_W;
        *h = EXPORT_DEFAULT_H;
        return;
    }
    k = fmin(1.0, fmin(1920.0 / ww, 1080.0 / wh));
    *w = (int)(ww * k);
    *h = (int)(wh * k);
}

static void window_export_show(window_app *app) {
    window_export *x = app->job;
    int done = SDL_AtomicGet(&x->done), total = SDL_AtomicGet(&x->total);
    app->v.export_progress = total > 0 ? (double)done / total : 0;
    app->dirty = 1;
    if (app->asking) return;
    if (SDL_AtomicGet(&x->cancel))
        snprintf(app->status, sizeof app->status, "cancelling the export of %s", x->path);
    else
        snprintf(app->status, sizeof app->status, "exporting %s: %d / %d frames   Esc cancels", x->path, done,
                 total);
    app->v.status = app->status;
}

/* The current layer at the current granularity and theme, whole, at the
 * view's speed; the scene is copied so the export reads a frozen one. */
static void window_export_start(window_app *app) {
    window_export *x;
    if (app->job) return;
    if (!app->job_event) {
        window_status(app, "export: no SDL event type left to report progress with");
        return;
    }
    if (!(x = calloc(1, sizeof *x))) {
        window_status(app, "export: out of memory");
        return;
    }
    if (window_export_name(app, x->path, sizeof x->path) != 0) {
        window_status(app, "export: no free file name like %s", x->path);
        free(x);
        return;
    }
    scene_init(&x->s);
    if (scene_copy(&x->s, app->s, &x->e) != 0) {
        window_status(app, "export: %s", x->e.msg);
        free(x);
        return;
    }
    export_opts_init(&x->o);
    x->o.gif = x->path;
    window_export_size(app, &x->o.width, &x->o.height);
    x->o.layer = app->v.layer;
    x->o.gran = app->v.gran;
    x->o.tview = app->v.tview;
    x->o.theme = app->v.theme;
    x->o.projector = app->v.projector; /* the view on screen, as a figure (export's default style) */
    x->o.font = app->o->font;
    x->o.delay_ms = (int)fmin(5000, fmax(20, lround(1000.0 / app->v.speed)));
    x->o.hold_ms = 1000;
    x->event = app->job_event;
    x->thread = SDL_CreateThread(window_export_thread, "export", x);
    if (!x->thread) {
        window_status(app, "export: cannot start a thread: %s", SDL_GetError());
        scene_free(&x->s);
        free(x);
        return;
    }
    app->job = x;
    window_export_show(app);
}

/* Joins the thread and says how it went. */
static void window_export_end(window_app *app) {
    window_export *x = app->job;
    char full[WINDOW_PATH * 2];
    SDL_WaitThread(x->thread, NULL);
    app->job = NULL;
    app->v.export_progress = -1;
    if (x->rc == 0)
        window_status(app, "saved %s (%lld frames, %lld KB)", fileio_full_path(x->path, full, sizeof full),
                      (long long)x->st.frames,
                      (x->st.gif_bytes + 1023) / 1024);
    else if (SDL_AtomicGet(&x->cancel))
        window_status(app, "export cancelled: nothing written");
    else
        window_status(app, "export failed: %s", x->e.msg);
    scene_free(&x->s);
    free(x);
}

static void window_export_event(window_app *app) {
    if (!app->job) return;
    if (SDL_AtomicGet(&app->job->finished)) window_export_end(app);
    else window_export_show(app);
}

static void window_export_cancel(window_app *app) {
    SDL_AtomicSet(&app->job->cancel, 1);
    window_export_show(app);
}

/* Projector mode puts the picture first: the editor column closes, and
 * comes back as it was when the mode ends (F2 still opens it meanwhile). */
static void window_projector(window_app *app) {
    app->v.projector = !app->v.projector;
    if (app->v.projector) {
        app->editor_was_open = app->ed.ps.open;
        app->ed.ps.open = 0;
    } else if (app->editor_was_open) {
        app->ed.ps.open = 1;
    }
    app->dirty = 1;
}

/* Quitting with unsaved changes asks first, in the footer. */
static void window_quit(window_app *app) {
    if (!app->ed.unsaved) {
        app->quit = 1;
        return;
    }
    snprintf(app->status, sizeof app->status, "unsaved changes: quit anyway? Y/N");
    app->v.status = app->status;
    app->asking = 1;
    app->dirty = 1;
}

/* While asking: Y quits, N or Esc goes back; other keys do nothing. */
static void window_answer(window_app *app, SDL_Keycode key) {
    if (key == SDLK_y) {
        app->quit = 1;
    } else if (key == SDLK_n || key == SDLK_ESCAPE) {
        app->asking = 0;
        app->v.status = NULL;
        app->dirty = 1;
        if (app->job) window_export_show(app);
    }
}

/* Without a window manager nobody resizes the window for fullscreen, yet
 * SDL reports the display's size: the frame would be laid out for a
 * window that is not there. So the window is first moved and sized to the
 * display (what a window manager would do), and put back on the way out;
 * the next redraw lays out for the size SDL then reports. */
static void window_fullscreen(window_app *app, int on) {
    SDL_Rect b;
    int d = SDL_GetWindowDisplayIndex(app->win);
    if (on) {
        SDL_GetWindowPosition(app->win, &app->windowed.x, &app->windowed.y);
        SDL_GetWindowSize(app->win, &app->windowed.w, &app->windowed.h);
        if (d >= 0 && SDL_GetDisplayBounds(d, &b) == 0) {
            SDL_SetWindowPosition(app->win, b.x, b.y);
            SDL_SetWindowSize(app->win, b.w, b.h);
        }
        SDL_SetWindowFullscreen(app->win, SDL_WINDOW_FULLSCREEN_DESKTOP);
    } else {
        SDL_SetWindowFullscreen(app->win, 0);
        if (app->windowed.w > 0 && app->windowed.h > 0) {
            SDL_SetWindowSize(app->win, app->windowed.w, app->windowed.h);
            SDL_SetWindowPosition(app->win, app->windowed.x, app->windowed.y);
        }
    }
    app->fullscreen = on;
    app->dirty = 1;
}

/* Esc undoes one thing at a time: the export, the help, fullscreen (typing
 * and the panel's focus are the editor's); 0 when there was none of these. */
static int window_escape(window_app *app) {
    if (app->job) window_export_cancel(app);
    else if (app->v.show_help) app->v.show_help = 0;
    else if (app->fullscreen) window_fullscreen(app, 0);
    else return 0;
    app->dirty = 1;
    return 1;
}

/* Slide i of the lesson: its scene (a fresh copy: edits on the last one
 * are gone, which is what R is for), its view, where play stops; the
 * undo history starts again. */
static void window_slide(window_app *app, int i) {
    const lesson_slide *sl;
    errmsg e = {""};
    int open = app->ed.ps.open;
    if (!(sl = presenter_goto_slide(&app->pres, i, app->s, &e))) {
        window_status(app, "slide %d: %s", i + 1, e.msg);
        return;
    }
    editor_free(&app->ed);
    if (editor_init(&app->ed, NULL, open, &e) != 0) window_status(app, "editor: %s", e.msg);
    app->v.layer = sl->layer < app->s->nlayers ? sl->layer : 0;
    app->v.gran = sl->gran;
    app->v.hover_el = sl->hover_set ? FRAME_EL_OUTPUT_CELL : FRAME_EL_NONE;
    app->v.hover_a = sl->hover_filter;
    app->v.hover_b = sl->hover_cell;
    app->v.playing = 0;
    app->v.step = -1;
    window_set_step(app, sl->step);
    app->stop = sl->stop;
    if (sl->projector >= 0 && sl->projector != app->v.projector) window_projector(app);
    app->ed.changed = 1;
    window_edited(app);
    app->dirty = 1;
}

static void window_key(window_app *app, SDL_Keycode key, Uint16 mod) {
    int shift = (mod & KMOD_SHIFT) != 0, ctrl = (mod & KMOD_CTRL) != 0;
    int dir = key == SDLK_RIGHT ? 1 : -1;
    if (app->asking) {
        window_answer(app, key);
        return;
    }
    if (!app->ed.typing && !app->ed.ps.focused) {
        int moved = -1;
        if (presenter_key(&app->pres, app->s, &app->v, key, mod, &moved)) {
            if (moved >= 0) window_slide(app, moved);
            app->dirty = 1;
            return;
        }
    }
    if (key == SDLK_ESCAPE && !app->ed.typing && window_escape(app)) return;
    if (editor_key(&app->ed, app->s, &app->v, key, mod)) {
        window_edited(app);
        return;
    }
    switch (key) {
    case SDLK_SPACE: window_play(app, !app->v.playing); break;
    case SDLK_RIGHT:
    case SDLK_LEFT:
        if (ctrl) window_filter_step(app, dir);
        else if (shift) window_cell_step(app, dir);
        else window_set_step(app, app->v.step + dir);
        break;
    case SDLK_DOWN: case SDLK_UP:
        if (shift) window_row_step(app, key == SDLK_DOWN ? 1 : -1);
        break;
    case SDLK_HOME: window_set_step(app, 0); break;
    case SDLK_END: window_set_step(app, window_count(app) - 1); break;
    case SDLK_PLUS: case SDLK_EQUALS: case SDLK_KP_PLUS: window_speed(app, 2); break;
    case SDLK_MINUS: case SDLK_KP_MINUS: window_speed(app, 0.5); break;
    case SDLK_1: window_set_gran(app, SCHED_POSITION); break;
    case SDLK_2: window_set_gran(app, SCHED_CHANNEL); break;
    case SDLK_3: window_set_gran(app, SCHED_MAC); break;
    case SDLK_PAGEUP: window_set_layer(app, app->v.layer - 1); break; /* in a lesson: Ctrl+ (slides have them) */
    case SDLK_PAGEDOWN: window_set_layer(app, app->v.layer + 1); break;
    case SDLK_t: window_next_theme(app); break;
    case SDLK_g: app->v.gray = !app->v.gray; app->dirty = 1; break;
    case SDLK_v: window_tview(app); break;
    case SDLK_p: window_projector(app); break;
    case SDLK_h: case SDLK_F1: app->v.show_help = !app->v.show_help; app->dirty = 1; break;
    case SDLK_F11: window_fullscreen(app, !app->fullscreen); break;
    case SDLK_e: window_export_start(app); break;
    case SDLK_ESCAPE: case SDLK_q: window_quit(app); break;
    default: break;
    }
}

/* Mouse positions arrive in window units; the frame is in drawable pixels. */
static void window_to_frame(const window_app *app, int x, int y, int *fx, int *fy) {
    *fx = (int)lround(x * app->v.scale);
    *fy = (int)lround(y * app->v.scale);
}

static void window_scrub(window_app *app, int fx) {
    int64_t step = layout_timeline_step(&app->f, app->s, &app->v, fx);
    if (step >= 0) window_set_step(app, step);
}

static void window_motion(window_app *app, int x, int y) {
    frame_element el = FRAME_EL_NONE;
    int a = 0, fx, fy;
    int64_t b = 0;
    window_to_frame(app, x, y, &fx, &fy);
    if (app->dragging) {
        window_scrub(app, fx);
        return;
    }
    if (layout_hit(&app->f, fx, fy, &el, &a, &b) && el == FRAME_EL_NETWORK_TENSOR &&
        (b = layout_strip_cell(&app->f, app->s, fx, fy, &a)) >= 0)
        el = FRAME_EL_TENSOR_CELL; /* a cell of a map drawn as a picture */
    if (el != FRAME_EL_INPUT_CELL && el != FRAME_EL_OUTPUT_CELL && el != FRAME_EL_TENSOR_CELL) {
        el = FRAME_EL_NONE;
        a = 0;
        b = 0;
    }
    if (el != app->v.hover_el || a != app->v.hover_a || b != app->v.hover_b) {
        app->v.hover_el = el;
        app->v.hover_a = a;
        app->v.hover_b = b;
        app->dirty = 1;
    }
}

static void window_press(window_app *app, int x, int y) {
    frame_element el = FRAME_EL_NONE;
    int a = 0, fx, fy;
    int64_t b = 0;
    window_to_frame(app, x, y, &fx, &fy);
    if (!layout_hit(&app->f, fx, fy, &el, &a, &b)) return;
    if (el == FRAME_EL_ANSWER) el = FRAME_EL_INPUT_CELL; /* a picked cell's outline is the cell */
    if (presenter_click(&app->pres, app->s, &app->v, el, b)) {
        app->dirty = 1;
        return;
    }
    app->pres.typing = 0; /* a click elsewhere ends the answer box */
    if (editor_click(&app->ed, app->s, &app->v, el, a, b)) {
        window_edited(app);
        return;
    }
    if (el == FRAME_EL_TIMELINE) {
        app->dragging = 1;
        window_scrub(app, fx);
    } else if (el == FRAME_EL_OUTPUT_CELL && window_order(app) == SCHED_GATHER) {
        sched_pos p = { a, b, -1, -1 };
        window_set_step(app, sched_index(window_geom(app), app->v.gran, p));
    } else if (el == FRAME_EL_NETWORK_LAYER) { /* the network strip: animate that layer */
        window_set_layer(app, a);
    } else if (el == FRAME_EL_NETWORK_TENSOR) { /* a tensor: the layer that makes it (at the cell, on a picture) */
        int t;
        int64_t cell = layout_strip_cell(&app->f, app->s, fx, fy, &t);
        if (cell >= 0) window_strip_cell(app, t, cell);
        else window_set_layer(app, a > 0 ? a - 1 : 0);
    } else if (el == FRAME_EL_TENSOR_CELL) { /* a tensor's cell: the layer that makes it, at that cell */
        window_strip_cell(app, a, b);
    } else if (el == FRAME_EL_PICTURE) { /* the window moves to where the picture was clicked */
        const conv_geom *g = window_geom(app);
        sched_pos p = sched_at(g, app->v.gran, app->v.step);
        int64_t cell = layout_picture_cell(&app->f, app->s, app->v.layer, p.cell, fx, fy);
        if (cell >= 0) {
            p.cell = cell;
            p.chan = p.tap = -1;
            window_set_step(app, sched_index(g, app->v.gran, p));
        }
    }
}

static void window_event(window_app *app, const SDL_Event *ev) {
    if (app->job_event && ev->type == app->job_event) {
        window_export_event(app);
        return;
    }
    switch (ev->type) {
    case SDL_QUIT: window_quit(app); break; /* the window's close button too */
    case SDL_KEYDOWN: window_key(app, ev->key.keysym.sym, ev->key.keysym.mod); break;
    case SDL_TEXTINPUT:
        if (presenter_text(&app->pres, ev->text.text)) {
            app->dirty = 1;
            break;
        }
        editor_text(&app->ed, ev->text.text);
        window_edited(app);
        break;
    case SDL_DROPFILE:
        editor_drop(&app->ed, app->s, &app->v, ev->drop.file);
        if (ev->drop.windowID != 0) SDL_free(ev->drop.file); /* the script's own are not SDL's */
        window_edited(app);
        break;
    case SDL_MOUSEMOTION: window_motion(app, ev->motion.x, ev->motion.y); break;
    case SDL_MOUSEBUTTONDOWN:
        if (ev->button.button == SDL_BUTTON_LEFT) window_press(app, ev->button.x, ev->button.y);
        break;
    case SDL_MOUSEBUTTONUP:
        if (ev->button.button == SDL_BUTTON_LEFT) app->dragging = 0;
        break;
    case SDL_WINDOWEVENT:
        if (ev->window.event == SDL_WINDOWEVENT_SIZE_CHANGED ||
            ev->window.event == SDL_WINDOWEVENT_EXPOSED)
            app->dirty = 1;
        break;
    default: break;
    }
}

/* Playing moves speed * elapsed steps; the picture changes only when the
 * whole step does. Stops on the last step, or starts over when looping. */
static void window_advance(window_app *app) {
    Uint64 now;
    int64_t n, step, from;
    if (!app->v.playing) return;
    now = SDL_GetPerformanceCounter();
    from = (int64_t)floor(app->pos);
    app->pos += app->v.speed * (double)(now - app->tick) / (double)SDL_GetPerformanceFrequency();
    app->tick = now;
    n = window_count(app);
    step = (int64_t)floor(app->pos);
    if (app->stop >= 0 && from < app->stop && step >= app->stop) { /* a slide's stop: pause there */
        step = app->stop;
        app->pos = (double)step;
        app->v.playing = 0;
        app->dirty = 1;
    }
    if (!app->o->loop && step >= n - 1) {
        step = n - 1;
        app->v.playing = 0;
        app->dirty = 1;
    }
    if (step > from) app->played += step - from;
    if (step >= n) {
        app->pos = fmod(app->pos, (double)n);
        step = (int64_t)floor(app->pos);
    }
    if (step != app->v.step) {
        app->v.step = step;
        app->dirty = 1;
    }
}

/* ---- drawing ----------------------------------------------------------- */

static int window_save(window_app *app, int w, int h, const char *path) {
    unsigned char *px = malloc((size_t)w * h * 4);
    int rc;
    if (!px) return errmsg_set(app->e, "%s: out of memory", path);
    if (SDL_RenderReadPixels(app->r, NULL, SDL_PIXELFORMAT_RGBA32, px, w * 4) != 0) {
        free(px);
        return errmsg_set(app->e, "%s: cannot read the window's pixels: %s", path, SDL_GetError());
    }
    rc = pngout_write_rgba(path, px, w, h, w * 4, app->e);
    free(px);
    return rc;
}

/* Lays out and draws the current view; saves it to shot (if given) before
 * presenting, while the back buffer still holds it. */
static int window_redraw(window_app *app, const char *shot) {
    int ww, wh, dw, dh;
    SDL_GetWindowSize(app->win, &ww, &wh);
    if (SDL_GetRendererOutputSize(app->r, &dw, &dh) != 0 || dw < 1 || dh < 1) {
        dw = ww;
        dh = wh;
    }
    app->v.scale = ww > 0 ? (double)dw / ww : 1.0;
    editor_sync(&app->ed, app->s, &app->v);
    app->v.slide = presenter_sync(&app->pres, app->s, &app->v);
    if (layout_frame(&app->f, app->s, &app->v, dw, dh, app->e) != 0) return -1;
    if (draw_frame(app->r, app->fonts, &app->f, app->e) != 0) return -1;
    if (shot && window_save(app, dw, dh, shot) != 0) return -1;
    SDL_RenderPresent(app->r);
    app->drawn_at = SDL_GetTicks();
    app->dirty = 0;
    return 0;
}

/* ---- the loop ---------------------------------------------------------- */

static void window_push_key(SDL_Keycode key, Uint16 mod) {
    SDL_Event ev;
    memset(&ev, 0, sizeof ev);
    ev.type = SDL_KEYDOWN;
    ev.key.state = SDL_PRESSED;
    ev.key.keysym.sym = key;
    ev.key.keysym.scancode = SDL_GetScancodeFromKey(key);
    ev.key.keysym.mod = mod;
    SDL_PushEvent(&ev);
    ev.type = SDL_KEYUP;
    ev.key.state = SDL_RELEASED;
    SDL_PushEvent(&ev);
}

static void window_push_mouse(Uint32 type, int x, int y) {
    SDL_Event ev;
    memset(&ev, 0, sizeof ev);
    ev.type = type;
    if (type == SDL_MOUSEMOTION) {
        ev.motion.x = x;
        ev.motion.y = y;
    } else {
        ev.button.button = SDL_BUTTON_LEFT;
        ev.button.state = type == SDL_MOUSEBUTTONDOWN ? SDL_PRESSED : SDL_RELEASED;
        ev.button.clicks = 1;
        ev.button.x = x;
        ev.button.y = y;
    }
    SDL_PushEvent(&ev);
}

/* One script command per turn of the loop, after the events of the one
 * before were handled and drawn, so a screenshot shows their result. */
static int window_script(window_app *app) {
    const script_cmd *c;
    if (app->next >= app->nscript || !SDL_TICKS_PASSED(SDL_GetTicks(), app->wait_until)) return 0;
    if (app->dirty) return 0; /* a coalesced frame is not drawn yet: clicks would hit the one before */
    c = &app->script[app->next];
    if (c->kind == SCRIPT_WAITEXPORT && app->job) return 0; /* its end wakes the loop */
    app->next++;
    switch (c->kind) {
    case SCRIPT_KEY: window_push_key(c->key, c->mod); break;
    case SCRIPT_MOUSE: window_push_mouse(SDL_MOUSEMOTION, c->x, c->y); break;
    case SCRIPT_CLICK:
        window_push_mouse(SDL_MOUSEMOTION, c->x, c->y);
        window_push_mouse(SDL_MOUSEBUTTONDOWN, c->x, c->y);
        window_push_mouse(SDL_MOUSEBUTTONUP, c->x, c->y);
        break;
    case SCRIPT_WAIT: app->wait_until = SDL_GetTicks() + (Uint32)c->x; break;
    case SCRIPT_RESIZE:
        SDL_SetWindowSize(app->win, c->x, c->y);
        app->dirty = 1;
        break;
    case SCRIPT_SCREENSHOT: return window_redraw(app, c->path);
    case SCRIPT_DESCRIBE: /* the frame on screen, described (describe.h) */
        if (window_redraw(app, NULL)) return -1;
        return describe_write(c->path, &app->f, app->v.projector, "window", app->e);
    case SCRIPT_TEXT: case SCRIPT_DROP: {
        SDL_Event ev;
        memset(&ev, 0, sizeof ev);
        if (c->kind == SCRIPT_TEXT) { /* in pieces of SDL's size, as typing delivers it */
            size_t n = sizeof ev.text.text - 1;
            ev.type = SDL_TEXTINPUT;
            for (size_t i = 0; i < strlen(c->path); i += n) {
                snprintf(ev.text.text, sizeof ev.text.text, "%.*s", (int)n, c->path + i);
                SDL_PushEvent(&ev);
            }
            break;
        } else {
            ev.type = SDL_DROPFILE;
            ev.drop.file = (char *)c->path; /* windowID 0: not SDL's to free */
        }
        SDL_PushEvent(&ev);
        break;
    }
    case SCRIPT_WAITEXPORT: break;
    case SCRIPT_QUIT: app->quit = 1; break;
    case SCRIPT_CLOSE: {
        SDL_Event ev;
        memset(&ev, 0, sizeof ev);
        ev.type = SDL_QUIT;
        SDL_PushEvent(&ev);
        break;
    }
    }
    return 0;
}

/* The shortest time between two frames the loop presents. With vsync,
 * SDL_RenderPresent paces the loop; without it (SDL's offscreen driver,
 * some X servers), a burst of events (a fast mouse, a dense script, a
 * resize) submitted frames as fast as they were laid out, faster than a
 * software GL rasteriser draws them, and Mesa's llvmpipe keeps the memory
 * of every frame in its queue: scripts/soak --gl grew 72 MB. Frames are
 * coalesced instead, at most one every WINDOW_FRAME_MS (125 a second). */
enum { WINDOW_FRAME_MS = 8 };

static int window_frame_due(const window_app *app) {
    return SDL_TICKS_PASSED(SDL_GetTicks(), app->drawn_at + WINDOW_FRAME_MS);
}

/* Milliseconds to wait for an event: forever when idle, not at all while a
 * script has a command ready, until the next step while playing. */
static int window_timeout(const window_app *app) {
    int t = -1;
    if (app->next < app->nscript && !(app->job && app->script[app->next].kind == SCRIPT_WAITEXPORT)) {
        Sint32 left = (Sint32)(app->wait_until - SDL_GetTicks());
        t = left > 0 ? (int)left : 0;
    }
    if (app->v.status && !app->job && !app->asking) {
        Sint32 left = (Sint32)(app->status_until - SDL_GetTicks());
        int ms = left > 0 ? (int)left : 0;
        if (t < 0 || ms < t) t = ms;
    }
    if (app->v.playing) {
        double frac = app->pos - floor(app->pos);
        int ms = (int)ceil((1.0 - frac) / app->v.speed * 1000.0);
        if (ms > 16) ms = 16;
        if (ms < 1) ms = 1;
        if (t < 0 || ms < t) t = ms;
    }
    if (app->dirty) {
        Sint32 left = (Sint32)(app->drawn_at + WINDOW_FRAME_MS - SDL_GetTicks());
        int ms = left > 0 ? (int)left : 0;
        if (t < 0 || ms < t) t = ms;
    }
    return t;
}

static int window_loop(window_app *app) {
    while (!app->quit) {
        SDL_Event ev;
        int t = window_timeout(app), got;
        got = t < 0 ? SDL_WaitEvent(&ev) : t == 0 ? SDL_PollEvent(&ev) : SDL_WaitEventTimeout(&ev, t);
        if (got) {
            window_event(app, &ev);
            while (SDL_PollEvent(&ev)) window_event(app, &ev);
        }
        if (app->quit) break;
        if (app->v.status && !app->job && !app->asking && SDL_TICKS_PASSED(SDL_GetTicks(), app->status_until)) {
            app->v.status = NULL;
            app->dirty = 1;
        }
        window_advance(app);
        if (app->dirty && window_frame_due(app) && window_redraw(app, NULL) != 0) return -1;
        if (window_script(app) != 0) return -1;
    }
    if (app->o->screenshot) return window_redraw(app, app->o->screenshot);
    return 0;
}

/* SDL falls back to its offscreen driver when there is no display; that
 * counts as a display only when asked for by name (tests). */
/* While SDL probes its video drivers, stderr goes to /dev/null: libwayland
 * and others print their own complaints ("XDG_RUNTIME_DIR is invalid")
 * there when the display is dead, before our one line that says so. The
 * fd of the real stderr, or -1. No other thread runs yet. */
static int window_mute_stderr(void) {
    int saved, nul;
    fflush(stderr);
    saved = dup(STDERR_FILENO);
    nul = open("/dev/null", O_WRONLY | O_CLOEXEC);
    if (saved < 0 || nul < 0 || dup2(nul, STDERR_FILENO) < 0) {
        if (saved >= 0) close(saved);
        if (nul >= 0) close(nul);
        return -1;
    }
    close(nul);
    return saved;
}

static void window_unmute_stderr(int saved) {
    if (saved < 0) return;
    dup2(saved, STDERR_FILENO);
    close(saved);
}

static int window_video(errmsg *e) {
    const char *want = SDL_getenv("SDL_VIDEODRIVER"), *got;
    int muted, rc;
    /* Nothing to connect to: say so before SDL probes (and complains). */
    if (!want && !SDL_getenv("DISPLAY") && !SDL_getenv("WAYLAND_DISPLAY")) {
        errmsg_set(e, "no display (DISPLAY and WAYLAND_DISPLAY are not set)");
        return WINDOW_NO_DISPLAY;
    }
    muted = window_mute_stderr();
    rc = SDL_InitSubSystem(SDL_INIT_VIDEO);
    window_unmute_stderr(muted);
    if (rc != 0) {
        errmsg_set(e, "no display (%s)", SDL_GetError());
        return WINDOW_NO_DISPLAY;
    }
    got = SDL_GetCurrentVideoDriver();
    if (got && (strcmp(got, "offscreen") == 0 || strcmp(got, "dummy") == 0) &&
        !(want && strcasecmp(want, got) == 0)) {
        SDL_QuitSubSystem(SDL_INIT_VIDEO);
        errmsg_set(e, "no display (SDL found only its '%s' video driver)", got);
        return WINDOW_NO_DISPLAY;
    }
    return 0;
}

static int window_open(window_app *app) {
    const window_opts *o = app->o;
    const char *title = app->s->title[0] ? app->s->title : "convanim";
    int w = o->width > 0 ? o->width : 1280, h = o->height > 0 ? o->height : 720;
    app->win = SDL_CreateWindow(title, SDL_WINDOWPOS_CENTERED, SDL_WINDOWPOS_CENTERED, w, h,
                                SDL_WINDOW_RESIZABLE | SDL_WINDOW_ALLOW_HIGHDPI);
    if (!app->win) {
        errmsg_set(app->e, "window: no display: cannot open a window: %s", SDL_GetError());
        return WINDOW_NO_DISPLAY;
    }
    app->r = SDL_CreateRenderer(app->win, -1, SDL_RENDERER_PRESENTVSYNC);
    if (!app->r) app->r = SDL_CreateRenderer(app->win, -1, SDL_RENDERER_SOFTWARE);
    if (!app->r) return errmsg_set(app->e, "window: cannot make a renderer: %s", SDL_GetError());
    app->job_event = SDL_RegisterEvents(1);
    if (app->job_event == (Uint32)-1) app->job_event = 0;
    app->fonts = font_open(o->font, app->e);
    return app->fonts ? 0 : -1;
}

/* The editor column opens by itself on a window 1280 wide or more, but
 * not beside a big layer (one that opens at position granularity, a
 * photo): there the magnifier needs the width, and F2 brings the panel. */
static int editor_by_default(const window_app *app) {
    const window_opts *o = app->o;
    if (o->width > 0 && o->width < 1280) return 0;
    return sched_default_gran(&app->s->layer[o->layer].g) != SCHED_POSITION;
}

static int window_view(window_app *app) {
    const window_opts *o = app->o;
    layout_view_init(&app->v);
    if (o->theme && !(app->v.theme = theme_get(o->theme)))
        return errmsg_set(app->e, "theme: unknown '%s' (one of %s)", o->theme, theme_names());
    if (!app->v.theme) app->v.theme = theme_get("light");
    if (app->s->nlayers < 1) return errmsg_set(app->e, "scene: no layers to show");
    if (o->layer < 0 || o->layer >= app->s->nlayers)
        return errmsg_set(app->e, "layer: %d is outside 0..%d", o->layer, app->s->nlayers - 1);
    app->v.layer = o->layer;
    app->v.gran = o->gran;
    app->v.tview = (layout_tview)o->tview;
    app->v.speed = o->speed > 0 ? o->speed : 2;
    if (editor_init(&app->ed, o->scene_path, o->editor > 0 || (o->editor < 0 && editor_by_default(app)), app->e))
        return -1;
    if (o->projector) window_projector(app); /* as pressing P: the editor column waits */
    app->v.editor = &app->ed.ps;
    app->ed.changed = 1;
    window_edited(app);
    app->v.measure = font_measure;
    app->v.measure_ctx = app->fonts;
    app->v.step = -1;
    window_set_step(app, o->step);
    app->stop = -1;
    presenter_init(&app->pres, o->lesson);
    if (o->lesson) window_slide(app, 0);
    if (o->playing) window_play(app, 1);
    app->dirty = 1;
    return 0;
}

int window_run(scene *s, const window_opts *o, errmsg *e) {
    window_app app;
    int rc;
    memset(&app, 0, sizeof app);
    app.s = s;
    app.o = o;
    app.e = e;
    frame_init(&app.f, 1, 1, (frame_color){ 255, 255, 255, 255 });
    rc = o->script ? script_load(&app, o->script) : 0;
    if (rc == 0) rc = window_video(e);
    if (rc == 0) {
        rc = window_open(&app);
        if (rc == 0) rc = window_view(&app);
        if (rc == 0) rc = window_loop(&app);
        if (app.job) { /* quitting stops an export; it leaves nothing behind */
            SDL_AtomicSet(&app.job->cancel, 1);
            window_export_end(&app);
        }
        if (o->final_step) *o->final_step = app.v.step;
        if (o->played) *o->played = app.played;
        editor_free(&app.ed);
        presenter_free(&app.pres);
        if (app.fonts) font_release(app.fonts);
        if (app.r) SDL_DestroyRenderer(app.r);
        if (app.win) SDL_DestroyWindow(app.win);
        font_close(app.fonts);
        SDL_QuitSubSystem(SDL_INIT_VIDEO);
    }
    frame_free(&app.f);
    free(app.script);
    return rc;
}
