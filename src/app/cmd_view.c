#include "cmd_view.h"

#include <stdio.h>
#include <sys/stat.h>

#include "cmd.h"
#include "layout.h"
#include "net.h"
#include "pngout.h"
#include "window.h"

enum { DEFAULT_W = 1280, DEFAULT_H = 720 };

/* --hover tensor:T,C,[Z,][Y,]X: a cell of the network strip's tensor T. */
static int hover_tensor(const cli_opts *o, const scene *s, layout_view *v, errmsg *e) {
    int nd = conv_ndim(s->layer[0].g.p.kind), first = CONV_SP - nd, c, sp[CONV_SP], at[CONV_SP] = {0, 0, 0};
    if (s->nlayers < 2) return errmsg_set(e, "--hover: tensor cells are in the network strip of a scene of several layers");
    if (o->hover_n != 2 + nd)
        return errmsg_set(e, "--hover: a tensor cell needs %d numbers (tensor, channel, position), got %d", 2 + nd, o->hover_n);
    if (o->hover[0] < 0 || o->hover[0] > s->nlayers)
        return errmsg_set(e, "--hover: tensor %d is outside 0..%d", o->hover[0], s->nlayers);
    net_tensor_shape(s, o->hover[0], &c, sp);
    if (o->hover[1] < 0 || o->hover[1] >= c)
        return errmsg_set(e, "--hover: channel %d of tensor %d is outside 0..%d", o->hover[1], o->hover[0], c - 1);
    for (int a = first; a < CONV_SP; a++) {
        at[a] = o->hover[2 + a - first];
        if (at[a] < 0 || at[a] >= sp[a])
            return errmsg_set(e, "--hover: tensor %d's %s = %d is outside 0..%d", o->hover[0], conv_axis_name(nd, a), at[a],
                              sp[a] - 1);
    }
    v->hover_el = FRAME_EL_TENSOR_CELL;
    v->hover_a = o->hover[0];
    v->hover_b = net_cell_index(s, o->hover[0], o->hover[1], at);
    return 0;
}

/* --hover: the cell the mouse is taken to be over, in the layer's terms. */
static int hover_from_opts(const cli_opts *o, const scene *s, layout_view *v, errmsg *e) {
    const conv_geom *g = &s->layer[v->layer].g;
    int nd = conv_ndim(g->p.kind), first = CONV_SP - nd, at[CONV_SP] = {0, 0, 0};
    if (!o->hover_set) return 0;
    if (o->hover_output == 2) return hover_tensor(o, s, v, e);
    if (o->hover_n != 1 + nd)
        return errmsg_set(e, "--hover: a %s layer needs %d numbers (%s first), got %d", conv_kind_name(g->p.kind), 1 + nd,
                          o->hover_output ? "filter" : "channel", o->hover_n);
    if (o->hover_output) {
        if (o->hover[0] < 0 || o->hover[0] >= g->out_c)
            return errmsg_set(e, "--hover: filter %d is outside 0..%d", o->hover[0], g->out_c - 1);
        for (int a = first; a < CONV_SP; a++) {
            at[a] = o->hover[1 + a - first];
            if (at[a] < 0 || at[a] >= g->out_sp[a])
                return errmsg_set(e, "--hover: output %s = %d is outside 0..%d", conv_axis_name(nd, a), at[a], g->out_sp[a] - 1);
        }
        v->hover_el = FRAME_EL_OUTPUT_CELL;
        v->hover_b = conv_cell_index(g, at);
    } else {
        if (o->hover[0] < 0 || o->hover[0] >= g->in_c)
            return errmsg_set(e, "--hover: channel %d is outside 0..%d", o->hover[0], g->in_c - 1);
        v->hover_el = FRAME_EL_INPUT_CELL;
        v->hover_b = layout_input_cell(s, v->layer, o->hover + 1, nd);
        if (v->hover_b < 0) return errmsg_set(e, "--hover: input cell %d,%d... is not on the (padded) input grid",
                                              o->hover[1], o->hover_n > 2 ? o->hover[2] : 0);
    }
    v->hover_a = o->hover[0];
    return 0;
}

/* The view the options ask for, checked against the scene. */
static int view_from_opts(const cli_opts *o, const scene *s, layout_view *v, errmsg *e) {
    int64_t n;
    layout_view_init(v);
    v->layer = o->layer < 0 ? 0 : o->layer;
    if (v->layer >= s->nlayers)
        return errmsg_set(e, "--layer: %d is outside the scene's layers, 0..%d", v->layer, s->nlayers - 1);
    v->gran = o->gran_set ? o->gran : sched_default_gran(&s->layer[v->layer].g);
    v->theme = theme_get(o->theme ? o->theme : "light");
    if (!v->theme) return errmsg_set(e, "--theme: unknown theme '%s' (%s)", o->theme, theme_names());
    v->tview = (layout_tview)o->tview;
    n = sched_order_count(&s->layer[v->layer].g, layout_order(s, v), v->gran);
    if (o->step >= n)
        return errmsg_set(e, "--step: %lld is past the last step %lld at %s granularity",
                          (long long)o->step, (long long)(n - 1), sched_gran_name(v->gran));
    v->step = o->step;
    v->projector = o->projector;
    if (o->style >= 0) v->style = (layout_style)o->style;
    v->numbers = (layout_numbers)o->numbers;
    v->caption = o->caption;
    v->vocab = o->vocab;
    return hover_from_opts(o, s, v, e);
}

/* A signal during the one frame lets it finish: the PNG is renamed into
 * place whole or not at all, and the temporary file never outlives it. */
int cmd_render(const cli_opts *o, const scene *s, errmsg *e) {
    layout_view v;
    int rc;
    if (view_from_opts(o, s, &v, e)) return 2;
    cmd_catch_signals();
    rc = pngout_render_described(s, &v, o->width > 0 ? o->width : DEFAULT_W, o->height > 0 ? o->height : DEFAULT_H,
                                 o->font, o->out, o->describe, e);
    if (rc != 0) return cmd_signal() ? cmd_interrupted("render", e) : 1;
    return 0;
}

/* First of convanim-default.png, convanim-default-2.png, ... not taken. */
static void fallback_name(char *buf, size_t n) {
    struct stat st;
    snprintf(buf, n, "convanim-default.png");
    for (int i = 2; stat(buf, &st) == 0 && i < 1000; i++) snprintf(buf, n, "convanim-default-%d.png", i);
}

int cmd_window(const cli_opts *o, scene *s, errmsg *e) {
    window_opts w;
    layout_view v;
    char path[64];
    int rc;
    if (view_from_opts(o, s, &v, e)) return 2;
    window_opts_init(&w);
    w.width = o->width;
    w.height = o->height;
    w.font = o->font;
    w.theme = v.theme->name;
    w.layer = v.layer;
    w.gran = v.gran;
    w.tview = v.tview;
    w.step = v.step;
    w.script = o->script;
    w.screenshot = o->screenshot;
    w.scene_path = o->scene_path;
    w.projector = v.projector;
    rc = window_run(s, &w, e);
    if (rc == 0) return 0;
    if (rc == WINDOW_BAD_INPUT) return 2;
    if (rc != WINDOW_NO_DISPLAY) return 1;
    fallback_name(path, sizeof path);
    fprintf(stderr, "convanim: %s; rendering the scene to %s instead\n", e->msg, path);
    if (pngout_render(s, &v, o->width > 0 ? o->width : DEFAULT_W, o->height > 0 ? o->height : DEFAULT_H,
                      o->font, path, e))
        return 1;
    printf("%s\n", path);
    return 0;
}
