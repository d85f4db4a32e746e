/* view_groups: the map of a grouped layer (groups > 1), in a band under
 * the view of any kind:
 *
 *   in:       every input channel as a chip, coloured by its group
 *   filters:  every filter as a chip under them, coloured by its group,
 *             and a line from each group of filters up to the group of
 *             channels it reads
 *
 * The group in play is lit, the others dimmed but present; the channel and
 * the filter in play are outlined. Depthwise with a multiplier (filters =
 * m x channels) reads as m filters under each channel. */
#include "view.h"

#include <math.h>
#include <stdio.h>
#include <string.h>

#define imin lay_imin
#define imax lay_imax
#define iclamp lay_iclamp

typedef struct {
    int s, sep;        /* chip size, space between groups */
    int lab, link;     /* title line, height of the links */
} gm;

static gm sizes(const lay *l) {
    const conv_geom *g = l->g;
    gm m;
    int most = imax(g->in_c, g->out_c);
    m.lab = text_line_h(l->ts);
    m.sep = imax(3, l->ts / 2);
    m.s = iclamp((l->main.w - (g->p.groups - 1) * m.sep) / most, 3, l->ts * 3 / 2);
    m.link = imax(6, m.s / 2);
    return m;
}

static int band_h(const gm *m, int gap) { return gap + m->lab + 2 * m->s + m->link + gap / 2; }

int view_groups_reserve(lay *l, box *band) {
    gm m;
    int h;
    if (l->g->p.groups < 2) return 0;
    m = sizes(l);
    h = band_h(&m, l->gap);
    if (h > l->main.h / 4) return 0; /* the layer itself comes first */
    *band = (box){l->main.x, l->main.y + l->main.h - h, l->main.w, h};
    l->main.h -= h;
    return 1;
}

/* Left edge of chip i of n in groups of per, the row centred in the band. */
static int chip_x(const gm *m, box band, int n, int per, int i) {
    int groups = n / per, w = n * m->s + (groups - 1) * m->sep;
    return band.x + (band.w - w) / 2 + i * m->s + i / per * m->sep;
}

static void chip(lay *l, box b, int group, int lit, int now, int num, int el_a) {
    frame_color c = theme_group_color(group);
    char s[16];
    if (!lit) c = lay_fade(c, l->t->background, 0.72);
    frame_tag(lay_rect(l, b, c), FRAME_EL_LABEL, el_a, 0);
    lay_outline(l, b, lit ? l->t->border : l->t->grid, 1, 0);
    if (b.w >= 14) {
        int fs = imax(7, b.h * 11 / 20);
        snprintf(s, sizeof s, "%d", num);
        if (lay_measure(l, FRAME_FONT_MONO, fs, s) <= b.w - 2)
            frame_tag(lay_cell_number(l, b, num, fs, 0, lit ? theme_text_on(l->t, c) : l->t->muted), FRAME_EL_LABEL,
                      el_a, 0);
    }
    if (now) lay_outline(l, (box){b.x - 2, b.y - 2, b.w + 4, b.h + 4}, l->t->accent, 2, 0);
}

void view_groups(lay *l, box band) {
    const conv_geom *g = l->g;
    gm m = sizes(l);
    int G = g->p.groups, f = l->st.pos.filter, cur = f / g->fpg, ch = l->st.in_c0 + (l->st.pos.chan >= 0 ? l->st.pos.chan : 0);
    int y_t = band.y + l->gap, y_in = y_t + m.lab, y_f = y_in + m.s + m.link, tk = imax(1, (int)lround(2 * l->sc));
    char f0[256], f1[160], f2[64];
    snprintf(f0, sizeof f0, "groups = %d: each filter reads in_channels / groups = %d / %d = %d channel%s, "
             "%d filter%s a group%s", G, g->in_c, G, g->cpg, g->cpg == 1 ? "" : "s", g->fpg, g->fpg == 1 ? "" : "s",
             G == g->in_c ? (g->fpg > 1 ? " (depthwise, multiplier " : " (depthwise)") : "");
    if (G == g->in_c && g->fpg > 1) snprintf(f0 + strlen(f0), sizeof f0 - strlen(f0), "%d)", g->fpg);
    snprintf(f1, sizeof f1, "groups = %d: %d channel%s, %d filter%s a group", G, g->cpg, g->cpg == 1 ? "" : "s", g->fpg,
             g->fpg == 1 ? "" : "s");
    snprintf(f2, sizeof f2, "groups = %d", G);
    frame_tag(lay_pick(l, (box){band.x, y_t, band.w, m.lab}, FRAME_FONT_SANS, l->ts, FRAME_ALIGN_LEFT, l->t->muted,
                       (const char *const[]){f0, f1, f2}, 3), FRAME_EL_LABEL, 0, 0);
    /* the links first, under the chips */
    for (int gi = 0; gi < G; gi++) {
        int xa = chip_x(&m, band, g->in_c, g->cpg, gi * g->cpg), xb = chip_x(&m, band, g->in_c, g->cpg, (gi + 1) * g->cpg - 1) + m.s;
        int fa = chip_x(&m, band, g->out_c, g->fpg, gi * g->fpg), fb = chip_x(&m, band, g->out_c, g->fpg, (gi + 1) * g->fpg - 1) + m.s;
        int cx = (xa + xb) / 2, fx = (fa + fb) / 2;
        frame_color c = gi == cur ? l->t->accent : lay_fade(theme_group_color(gi), l->t->background, 0.5);
        lay_line(l, fx, y_f - 1, cx - fx, -(m.link - 2), c, gi == cur ? tk : 1, FRAME_LINE);
    }
    for (int c = 0; c < g->in_c; c++)
        chip(l, (box){chip_x(&m, band, g->in_c, g->cpg, c), y_in, m.s, m.s}, c / g->cpg, c / g->cpg == cur, c == ch, c, c);
    for (int k = 0; k < g->out_c; k++)
        chip(l, (box){chip_x(&m, band, g->out_c, g->fpg, k), y_f, m.s, m.s}, k / g->fpg, k / g->fpg == cur, k == f, k, k);
    {
        /* the rows' names, left of the rows where there is room */
        int x_in = chip_x(&m, band, g->in_c, g->cpg, 0), x_f = chip_x(&m, band, g->out_c, g->fpg, 0);
        int w_in = lay_measure(l, FRAME_FONT_SANS, l->ts, "channels "), w_f = lay_measure(l, FRAME_FONT_SANS, l->ts, "filters ");
        if (x_in - w_in >= band.x && m.s >= m.lab)
            frame_tag(lay_text(l, (box){x_in - w_in, y_in + (m.s - m.lab) / 2, w_in, m.lab}, FRAME_FONT_SANS, l->ts,
                               FRAME_ALIGN_LEFT, l->t->muted, "channels"), FRAME_EL_LABEL, 0, 0);
        if (x_f - w_f >= band.x && m.s >= m.lab)
            frame_tag(lay_text(l, (box){x_f - w_f, y_f + (m.s - m.lab) / 2, w_f, m.lab}, FRAME_FONT_SANS, l->ts,
                               FRAME_ALIGN_LEFT, l->t->muted, "filters"), FRAME_EL_LABEL, 0, 0);
    }
}
