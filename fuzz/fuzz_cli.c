/* libFuzzer target: the command line. The input is split on NUL and
 * newline into argv; whatever parses and builds its scene from flags (no
 * files) is loaded and run through compute, summary, explain and code into
 * /dev/null. */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "cli.h"
#include "cmd.h"

enum { MAX_ARGS = 64 };

/* Work of a flag-built scene, so the fuzzer skips units that are merely
 * slow (a 4096-tap kernel over 16M cells is valid, and takes hours). */
static int cheap(const cli_opts *o) {
    conv_geom g;
    if (conv_resolve(&o->params, o->in_c, o->in_sp, &g, NULL) != 0)
        return 1; /* fails early in scene_make, before any allocation */
    return (int64_t)o->in_c * g.in_cells <= 1 << 16 && g.macs <= 1 << 20 &&
           g.weight_count <= 1 << 16 && (int64_t)g.out_c * g.out_cells <= 1 << 16;
}

static void run(const cli_opts *o) {
    static FILE *null;
    scene s;
    errmsg e = {{0}};
    if (!null && !(null = fopen("/dev/null", "w"))) abort();
    if (cmd_load_scene(o, &s, &e) != 0) {
        if (e.msg[0] == '\0') abort();
        return;
    }
    cmd_compute(o, &s, null, &e);
    cmd_summary(o, &s, null, &e);
    if (o->at_n > 0) cmd_explain(o, &s, null, &e);
    if (o->framework) cmd_code(o, &s, null, &e);
    scene_free(&s);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
    char *buf = malloc(size + 1), *argv[MAX_ARGS + 1];
    int argc = 0;
    cli_opts o;
    errmsg e = {{0}};
    if (!buf) return 0;
    memcpy(buf, data, size);
    buf[size] = '\0';
    argv[argc++] = "convanim";
    for (size_t i = 0, start = 0; i <= size && argc < MAX_ARGS; i++)
        if (buf[i] == '\0' || buf[i] == '\n') {
            buf[i] = '\0';
            argv[argc++] = buf + start;
            start = i + 1;
        }
    argv[argc] = NULL;
    if (cli_parse(argc, argv, &o, &e) != 0) {
        if (e.msg[0] == '\0' || strchr(e.msg, '\n')) abort();
    } else if (!o.help && !o.version && o.scene_path == NULL && o.image == NULL &&
               (o.cmd == CLI_COMPUTE || o.cmd == CLI_SUMMARY || o.cmd == CLI_EXPLAIN ||
                o.cmd == CLI_CODE) && cheap(&o)) {
        run(&o);
    }
    free(buf);
    return 0;
}
