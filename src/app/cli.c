#include "cli.h"

int cli_parse(int argc, char **argv, cli_opts *o, errmsg *e) {
    (void)argc; (void)argv; (void)o;
    return errmsg_set(e, "not implemented yet");
}

const char *cli_usage(cli_command cmd) { (void)cmd; return "convanim\n"; }
const char *cli_command_name(cli_command cmd) { (void)cmd; return "window"; }
