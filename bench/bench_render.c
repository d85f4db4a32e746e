/* bench_render: frames per second of layout_frame + draw_frame on an
 * offscreen surface, stepping through the schedule so text changes.
 * bench_render [WORD]: only the scenes whose name holds WORD (for a
 * profiler: perf record build/bench/bench_render 224). */
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
/* The process's CPU time: on a machine other programs load too, the cost
 * of a frame on a core of its own (the wall-clock fps then shows less). */
static double cpu(void) { return clock_s(CLOCK_PROCESS_CPUTIME_ID); }

static const char *only; /* bench_render's argument */

static int run(const char *name, const scene *s, draw_offscreen *o, int w, int h) {
    errmsg e = { "" };
    layout_view v;
    frame f;
    int64_t n = sched_count(&s->layer[0].g, SCHED_CHANNEL), i;
    double t0, t1, tl = 0, c0, cl = 0, c1;
    int frames = 0;
    if (only && !strstr(name, only)) return 0;
    layout_view_init(&v);
    v.theme = theme_get("light");
    v.gran = SCHED_CHANNEL;
    v.measure = font_measure;
    v.measure_ctx = o->fonts;
    frame_init(&f, w, h, v.theme->background);
    t0 = now();
    c0 = cpu();
    for (i = 0; now() - t0 < 2.0 || frames < 20; i++) {
        double a = now(), ca = cpu();
        v.step = i % n;
        if (layout_frame(&f, s, &v, w, h, &e) != 0) break;
        tl += now() - a;
        cl += cpu() - ca;
        if (draw_offscreen_frame(o, &f, &e) != 0) break;
        frames++;
    }
    t1 = now();
    c1 = cpu();
    if (e.msg[0]) {
        fprintf(stderr, "%s\n", e.msg);
        frame_free(&f);
        return -1;
    }
    printf("%-24s %4dx%-4d %7.1f fps, %7.1f on CPU time  (%zu commands; per frame: layout %.2f ms, draw %.2f ms; "
           "CPU: layout %.2f ms, draw %.2f ms)\n",
           name, w, h, frames / (t1 - t0), frames / (c1 - c0), f.n, 1e3 * tl / frames, 1e3 * (t1 - t0 - tl) / frames,
           1e3 * cl / frames, 1e3 * (c1 - c0 - cl) / frames);
    frame_free(&f);
    return 0;
}

int main(int argc, char **argv) {
    static const int size[][2] = { { 1280, 720 }, { 1920, 1080 } };
    errmsg e = { "" };
    scene def, big, photo, wide;
    conv_params p;
    int in_sp[CONV_SP] = { 1, 32, 32 }, photo_sp[CONV_SP] = { 1, 224, 224 }, wide_sp[CONV_SP] = { 1, 64, 64 }, i, rc = 0;
    draw_offscreen o;
    if (argc > 1) only = argv[1];
    scene_init(&def);
    scene_init(&big);
    scene_init(&photo);
    scene_init(&wide);
    conv_params_init(&p, CONV_2D);
    p.filters = 8;
    p.kernel[1] = p.kernel[2] = 3;
    p.padding = CONV_PAD_AMOUNT;
    p.pad[1][0] = p.pad[1][1] = p.pad[2][0] = p.pad[2][1] = 1;
    if (scene_make_default(&def, &e) != 0 || scene_make(&big, &p, 3, in_sp, 1, &e) != 0 ||
        draw_offscreen_init(&o, 1280, 720, NULL, &e) != 0) {
        fprintf(stderr, "%s\n", e.msg);
        return 1;
    }
    /* the big inputs: a photo's size through 16 filters, 64 channels through 64 */
    p.filters = 16;
    if (scene_make(&photo, &p, 3, photo_sp, 1, &e) != 0) {
        fprintf(stderr, "%s\n", e.msg);
        return 1;
    }
    p.filters = 64;
    if (scene_make(&wide, &p, 64, wide_sp, 1, &e) != 0) {
        fprintf(stderr, "%s\n", e.msg);
        return 1;
    }
    for (i = 0; i < 2 && rc == 0; i++) {
        rc = run("default 5x5x3 -> 2", &def, &o, size[i][0], size[i][1]);
        if (rc == 0) rc = run("32x32x3 -> 8, k3 p1", &big, &o, size[i][0], size[i][1]);
        if (rc == 0) rc = run("3x224x224 -> 16, k3 p1", &photo, &o, size[i][0], size[i][1]);
        if (rc == 0) rc = run("64x64x64 -> 64, k3 p1", &wide, &o, size[i][0], size[i][1]);
    }
    scene_free(&photo);
    scene_free(&wide);
    draw_offscreen_free(&o);
    scene_free(&def);
    scene_free(&big);
    return rc ? 1 : 0;
}
