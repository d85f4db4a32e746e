#include <errno.h>
#include <stdio.h>
#include <string.h>
#include "cli.h"
#include "cmd.h"
#include "cmd_export.h"
#include "cmd_lesson.h"
#include "cmd_view.h"
#include "config.h"

/* The one place that prints errors and picks the exit status. */
static int fail(int status, const errmsg *e) {
    fprintf(stderr, "convanim: %s\n", e->msg);
    return status;
}

/* Help and version print straight to stdout: a full disk or closed pipe
 * must still be a failure, not a silent exit 0. */
static int flush_stdout(errmsg *e) {
    if (fflush(stdout) != 0 || ferror(stdout)) {
        errmsg_set(e, "output: %s", strerror(errno));
        return fail(1, e);
    }
    return 0;
}

/* Loads the scene the options name, runs the command on it. */
static int run_command(const cli_opts *o, errmsg *e) {
    scene s;
    int status = cmd_load_scene(o, &s, e);
    if (status != 0)
        return status;
    switch (o->cmd) {
    case CLI_COMPUTE: status = cmd_compute(o, &s, stdout, e); break;
    case CLI_SUMMARY: status = cmd_summary(o, &s, stdout, e); break;
    case CLI_EXPLAIN: status = cmd_explain(o, &s, stdout, e); break;
    case CLI_CODE: status = cmd_code(o, &s, stdout, e); break;
    case CLI_EXPORT: status = cmd_export_run(&s, o, e); break;
    case CLI_RENDER: status = cmd_render(o, &s, e); break;
    case CLI_WINDOW: status = cmd_window(o, &s, e); break;
    case CLI_LESSON: break; /* main runs it: it loads its own scenes */
    }
    scene_free(&s);
    return status;
}

int main(int argc, char **argv) {
    cli_opts o;
    errmsg e = {{0}};
    int status;

    if (cli_parse(argc, argv, &o, &e) != 0)
        return fail(2, &e);
    if (o.help) {
        fputs(cli_usage(o.cmd), stdout);
        return flush_stdout(&e);
    }
    if (o.version) {
        printf("convanim %s\n", CONVANIM_VERSION);
        return flush_stdout(&e);
    }
    status = o.cmd == CLI_LESSON ? cmd_lesson(&o, &e) : run_command(&o, &e);
    return status != 0 ? fail(status, &e) : 0;
}
