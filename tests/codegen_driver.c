/* The framework test's generator: for each scene, what `convanim compute`
 * and `convanim code --framework F` print, through the same cmd_* calls
 * main makes, in one process (the test has hundreds of scenes, and a
 * convanim process costs some 30 ms of loading SDL alone).
 *
 * usage: codegen_driver OUTDIR SCENE...
 * Scene i writes OUTDIR/i.compute and OUTDIR/i.pytorch / .tfjs / .keras;
 * a program with too many numbers to hold gets side files in OUTDIR/data-i
 * (--data). One line a scene on stdout: "i STATUS [message]", STATUS the
 * exit status compute would have (2: the scene was refused). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cmd.h"

static int run_to(const char *path, int (*cmd)(const cli_opts *, const scene *, FILE *, errmsg *),
                  const cli_opts *o, const scene *s, errmsg *e) {
    FILE *f = fopen(path, "w");
    int status;
    if (!f) return 1;
    status = cmd(o, s, f, e);
    if (fclose(f) != 0 && status == 0) status = 1;
    return status;
}

int main(int argc, char **argv) {
    static const char *const fws[] = {"pytorch", "tfjs", "keras"};
    char path[4096], data[4096];
    if (argc < 2) {
        fprintf(stderr, "usage: codegen_driver OUTDIR SCENE...\n");
        return 2;
    }
    for (int i = 2; i < argc; i++) {
        cli_opts o;
        scene s;
        errmsg e = {{0}};
        int status, k = i - 2;
        memset(&o, 0, sizeof o);
        o.layer = -1;
        o.layout = -1;
        o.scene_path = argv[i];
        if ((status = cmd_load_scene(&o, &s, &e)) != 0) {
            printf("%d %d %s\n", k, status, e.msg);
            continue;
        }
        snprintf(path, sizeof path, "%s/%d.compute", argv[1], k);
        status = run_to(path, cmd_compute, &o, &s, &e);
        for (int fw = 0; fw < 3 && status == 0; fw++) {
            o.framework = fws[fw];
            o.data_dir = NULL;
            snprintf(path, sizeof path, "%s/%d.%s", argv[1], k, fws[fw]);
            status = run_to(path, cmd_code, &o, &s, &e);
            if (status == 2 && strncmp(e.msg, "data:", 5) == 0) { /* too many numbers: side files */
                snprintf(data, sizeof data, "%s/data-%d", argv[1], k);
                o.data_dir = data;
                status = run_to(path, cmd_code, &o, &s, &e);
            }
            if (status != 0) printf("%d code %s failed: %s\n", k, fws[fw], e.msg), status = 0, fw = 3;
        }
        if (status == 0) printf("%d 0\n", k);
        else printf("%d %d %s\n", k, status, e.msg);
        scene_free(&s);
    }
    return 0;
}
