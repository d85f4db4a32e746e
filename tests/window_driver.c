/* window_driver: opens the window on the default scene (or SCENE, which
 * Ctrl+S then saves to), runs a script and prints the step shown at exit,
 * for test_window.sh. --loop (scripts/soak) makes playing start over at
 * the end and also prints "played N", the steps playing advanced.
 * --lesson FILE presents a lesson instead (test_lesson.sh), as `convanim
 * lesson FILE` does, with the libraries kept mapped (below). A scene
 * opens at the granularity `convanim` gives it (position for a big layer).
 *   window_driver [--loop] [--lesson FILE] SCRIPT [SCREENSHOT] [WxH] [SCENE] */
#include <stdio.h>
#include <string.h>

#include "scene.h"
#include "sched.h"
#include "lessonio.h"
#include "sceneio.h"
#include "window.h"

/* Keep every library loaded at run time mapped until exit. SDL_Quit
 * unloads the GL stack (libEGL_mesa, swrast_dri), and a leak report
 * inside an unloaded library reads "<unknown module>", which no
 * suppression in tests/lsan.supp can match; kept mapped, LeakSanitizer
 * names the library, and the suppressions stay narrow. Test-only: the
 * program itself unloads as usual. */
int dlclose(void *handle);
int dlclose(void *handle) {
    (void)handle;
    return 0;
}

int main(int argc, char **argv) {
    errmsg e = { "" };
    window_opts o;
    scene s;
    int64_t step = -1, played = 0;
    lesson l;
    const char *lesson_path = NULL;
    int rc, loop = argc > 1 && strcmp(argv[1], "--loop") == 0;
    argc -= loop;
    argv += loop;
    if (argc > 2 && strcmp(argv[1], "--lesson") == 0) {
        lesson_path = argv[2];
        argc -= 2;
        argv += 2;
    }
    if (argc < 2) {
        fprintf(stderr, "usage: window_driver [--loop] SCRIPT [SCREENSHOT] [WxH] [SCENE]\n");
        return 2;
    }
    window_opts_init(&o);
    o.loop = loop;
    o.played = &played;
    o.script = argv[1];
    o.screenshot = argc > 2 && argv[2][0] ? argv[2] : NULL;
    if (argc > 3 && argv[3][0] && sscanf(argv[3], "%dx%d", &o.width, &o.height) != 2) return 2;
    o.final_step = &step;
    scene_init(&s);
    lesson_init(&l);
    if (lesson_path) {
        if (lessonio_load(&l, lesson_path, &e) != 0 || scene_copy(&s, &l.slide[0].s, &e) != 0) {
            fprintf(stderr, "%s\n", e.msg);
            lesson_free(&l);
            return 1;
        }
        o.lesson = &l;
    } else {
        if (argc > 4) o.scene_path = argv[4];
        if (argc > 4 ? sceneio_load(&s, argv[4], &e) != 0 : scene_make_default(&s, &e) != 0) {
            fprintf(stderr, "%s\n", e.msg);
            return 1;
        }
    }
    /* as `convanim` opens a scene: a big layer at a step a cell */
    if (!lesson_path && s.nlayers > 0) o.gran = sched_default_gran(&s.layer[0].g);
    rc = window_run(&s, &o, &e);
    scene_free(&s);
    lesson_free(&l);
    if (rc != 0) {
        fprintf(stderr, "%s\n", e.msg);
        return rc == WINDOW_NO_DISPLAY ? 3 : 1;
    }
    printf("step %lld\n", (long long)step);
    if (loop) printf("played %lld\n", (long long)played);
    return 0;
}
