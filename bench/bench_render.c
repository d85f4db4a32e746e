/* bench_render: frames per second of layout_frame + drawing, stepping
 * through the schedule at the granularity the window opens the layer with
 * (position for layers of more than SCHED_BIG steps) so text changes.
 *
 * Two targets: "offscreen" is draw_offscreen (render, export, tests: the
 * software renderer on a surface), "window" an SDL window's own renderer
 * as the window makes it, without vsync so the figure is what a frame
 * costs, not the display's rate (SDL_VIDEODRIVER=offscreen when there is
 * no display: SDL's software or GL renderer; skipped when no video driver
 * starts).
 *
 * The machine may be shared: beside the wall-clock fps the line gives the
 * fps on the process's CPU time, what a frame costs on a core of its own.
 *
 *   bench_render [WORD]   only the scenes whose name holds WORD (for a
 *                         profiler: perf record build/bench/bench_render 224) */
#include <stdio.h>
#include <string.h>
#include <time.h>

#include "draw.h"
#include "font.h"
#include "layout.h"
#include "scene.h"

static double clock_s(clockid_t id) {
    struct timespec t;
    clock_gettime(id, &t);
    return t.tv_sec + t.tv_nsec * 1e-9;
}

static double now(void) { return clock_s(CLOCK_MONOTONIC); }
static double cpu(void) { return clock_s(CLOCK_PROCESS_CPUTIME_ID); }

typedef struct {
    const char *name;      /* "offscreen", "window" */
    draw_offscreen *o;     /* offscreen: its surface */
    SDL_Renderer *r;       /* window: its renderer */
    font_set *fonts;
} target;

static int draw_on(target *t, const frame *f, errmsg *e) {
    if (t->o) return draw_offscreen_frame(t->o, f, e);
    if (draw_frame(t->r, t->fonts, f, e) != 0) return -1;
    SDL_RenderPresent(t->r);
    return 0;
}

static int run(const char *name, const scene *s, target *t, int w, int h) {
    errmsg e = { "" };
    layout_view v;
    frame f;
    sched_gran gran = sched_default_gran(&s->layer[0].g);
    int64_t n = sched_count(&s->layer[0].g, gran), i;
    double t0, t1, tl = 0, c0, cl = 0, c1;
    int frames = 0;
    layout_view_init(&v);
    v.theme = theme_get("light");
    v.gran = gran;
    v.measure = font_measure;
    v.measure_ctx = t->fonts;
    frame_init(&f, w, h, v.theme->background);
    /* unmeasured: the text cache filled, a GL driver's shaders compiled */
    for (i = 0; i < 10 && layout_frame(&f, s, &v, w, h, &e) == 0 && draw_on(t, &f, &e) == 0; i++) {}
    t0 = now();
    c0 = cpu();
    for (i = 0; now() - t0 < 2.0 || frames < 20; i++) {
        double a = now(), ca = cpu();
        v.step = i % n;
        if (layout_frame(&f, s, &v, w, h, &e) != 0) break;
        tl += now() - a;
        cl += cpu() - ca;
        if (draw_on(t, &f, &e) != 0) break;
        frames++;
    }
    t1 = now();
    c1 = cpu();
    if (e.msg[0]) {
        fprintf(stderr, "%s\n", e.msg);
        frame_free(&f);
        return -1;
    }
    printf("%-28s %-9s %4dx%-4d %7.1f fps, %7.1f on CPU time  (%s steps, %zu commands; per frame: layout %.2f ms, "
           "draw %.2f ms; CPU: layout %.2f ms, draw %.2f ms)\n",
           name, t->name, w, h, frames / (t1 - t0), frames / (c1 - c0), sched_gran_name(gran), f.n, 1e3 * tl / frames,
           1e3 * (t1 - t0 - tl) / frames, 1e3 * cl / frames, 1e3 * (c1 - c0 - cl) / frames);
    frame_free(&f);
    return 0;
}

enum { NSCENES = 5 };
typedef struct { const char *name; scene s; } bench_scene;

/* Random small integers as scene_make makes them (input 0..2, weights
 * -1..1), through 3x3 filters with padding 1; the photo's input divided
 * by 2 lies in [0, 1] and is drawn as the RGB picture a photo is. */
static int make_scenes(bench_scene sc[NSCENES], errmsg *e) {
    static const struct { const char *name; int in_c, size, filters, rgb; } def[NSCENES - 1] = {
        { "32x32x3 -> 8", 3, 32, 8, 0 },
        { "3x224x224 -> 16", 3, 224, 16, 0 },
        { "3x224x224 RGB photo -> 16", 3, 224, 16, 1 },
        { "64x64x64 -> 64", 64, 64, 64, 0 },
    };
    conv_params p;
    sc[0].name = "default 5x5x3 -> 2";
    if (scene_make_default(&sc[0].s, e) != 0) return -1;
    conv_params_init(&p, CONV_2D);
    p.kernel[1] = p.kernel[2] = 3;
    p.padding = CONV_PAD_AMOUNT;
    p.pad[1][0] = p.pad[1][1] = p.pad[2][0] = p.pad[2][1] = 1;
    for (int i = 0; i < NSCENES - 1; i++) {
        scene *s = &sc[i + 1].s;
        int sp[CONV_SP] = { 1, def[i].size, def[i].size };
        sc[i + 1].name = def[i].name;
        p.filters = def[i].filters;
        if (scene_make(s, &p, def[i].in_c, sp, 1, e) != 0) return -1;
        if (def[i].rgb) {
            for (int64_t k = 0; k < (int64_t)def[i].in_c * def[i].size * def[i].size; k++) s->input[k] /= 2;
            if (scene_compute(s, e) != 0) return -1;
        }
    }
    return 0;
}

static const int size[2][2] = { { 1280, 720 }, { 1920, 1080 } };

/* Every scene at both sizes on t. */
static int run_all(bench_scene sc[NSCENES], target *t, const char *only) {
    for (int k = 0; k < 2; k++)
        for (int i = 0; i < NSCENES; i++)
            if ((!only || strstr(sc[i].name, only)) && run(sc[i].name, &sc[i].s, t, size[k][0], size[k][1]) != 0)
                return -1;
    return 0;
}

/* The window's path: a window per size (SDL_CreateRenderer as the window
 * does, less vsync). 0 when no video driver starts (nothing measured). */
static int run_window(bench_scene sc[NSCENES], font_set *fonts, const char *only) {
    int rc = 0;
    if (SDL_InitSubSystem(SDL_INIT_VIDEO) != 0) {
        printf("window: skipped (no video driver: %s; try SDL_VIDEODRIVER=offscreen)\n", SDL_GetError());
        return 0;
    }
    for (int k = 0; k < 2 && rc == 0; k++) {
        SDL_Window *win = SDL_CreateWindow("bench_render", 0, 0, size[k][0], size[k][1], 0);
        SDL_Renderer *r = win ? SDL_CreateRenderer(win, -1, 0) : NULL;
        SDL_RendererInfo info;
        char name[32];
        target t = { name, NULL, r, fonts };
        int w, h;
        if (!r || SDL_GetRendererOutputSize(r, &w, &h) != 0) {
            printf("window: skipped (%s)\n", SDL_GetError());
            if (win) SDL_DestroyWindow(win);
            break;
        }
        SDL_GetRendererInfo(r, &info);
        snprintf(name, sizeof name, "window:%s", info.name);
        for (int i = 0; i < NSCENES && rc == 0; i++)
            if (!only || strstr(sc[i].name, only)) rc = run(sc[i].name, &sc[i].s, &t, w, h);
        font_release(fonts); /* its textures belong to this renderer */
        SDL_DestroyRenderer(r);
        SDL_DestroyWindow(win);
    }
    SDL_QuitSubSystem(SDL_INIT_VIDEO);
    return rc;
}

int main(int argc, char **argv) {
    errmsg e = { "" };
    bench_scene sc[NSCENES];
    const char *only = argc > 1 ? argv[1] : NULL;
    draw_offscreen o;
    target off = { "offscreen", &o, NULL, NULL };
    int rc;
    for (int i = 0; i < NSCENES; i++) scene_init(&sc[i].s);
    if (make_scenes(sc, &e) != 0 || draw_offscreen_init(&o, 1280, 720, NULL, &e) != 0) {
        fprintf(stderr, "%s\n", e.msg);
        return 1;
    }
    off.fonts = o.fonts;
    rc = run_all(sc, &off, only);
    if (rc == 0) rc = run_window(sc, o.fonts, only);
    draw_offscreen_free(&o);
    for (int i = 0; i < NSCENES; i++) scene_free(&sc[i].s);
    return rc ? 1 : 0;
}
