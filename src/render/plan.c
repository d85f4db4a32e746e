#include "plan.h"

const char *const plan_mode_names[] = {"rows", "stage"};
_Static_assert(sizeof plan_mode_names / sizeof plan_mode_names[0] == PLAN_MODE_COUNT, "a name for every plan_mode");

static int imin(int a, int b) { return a < b ? a : b; }
static int imax(int a, int b) { return a > b ? a : b; }

int plan_kernel_cell(const plan_in *in, int c) {
    return c >= PLAN_NUMBERS ? c : imax(c, in->ck_min);
}

int plan_row_h(const plan_in *in, int c) {
    return in->lab + imax(in->grid_h * c, in->k_h * plan_kernel_cell(in, c)) + in->gap;
}

/* Input grid, gap, weights, gap, products, gap, partial sum. */
int plan_row_w(const plan_in *in, const plan_out *p, int c) {
    int w = in->grid_w * c + 2 * in->gap;
    if (p->show_kernel) w += (p->show_products ? 2 : 1) * (in->k_w * plan_kernel_cell(in, c) + in->gap);
    if (p->show_sum) w += in->wsum + in->gap;
    if (in->box_under && p->show_box) /* the sum box under the weights, as wide as it is */
        w = imax(w, in->grid_w * c + 2 * in->gap + (p->show_kernel ? 0 : -2 * in->gap) + in->wbox + in->gap);
    return w;
}

/* Width beside the channel column: the sum box and its arrows. */
static int box_w(const plan_in *in, const plan_out *p) {
    return p->show_box && !in->box_under ? in->wbox + 3 * in->gap : 0;
}

/* Output maps that fit stacked with cells of at least PLAN_NUMBERS (at
 * least one), and their largest cell by height. */
static int maps_fit(const plan_in *in, int *co_h) {
    for (int n = in->maps; n >= 1; n--) {
        int more = n < in->maps ? in->lab : 0;
        int c = (in->h - n * (in->lab + in->gap) - more) / (n * in->out_h);
        if (c >= PLAN_NUMBERS || n == 1) {
            *co_h = imax(c, 0);
            return n;
        }
    }
    *co_h = 0;
    return 0;
}

/* The output cell that a channel column of cell c leaves room for. */
static int out_cell(const plan_in *in, const plan_out *p, int c, int co_h) {
    int avail = in->w - plan_row_w(in, p, c) - box_w(in, p) - in->gap;
    int co = imin(avail / in->out_w, co_h);
    /* outputs a little larger than the inputs read as the result; much
     * larger, they starve the inputs (a picture in, a picture out) */
    return imin(co, imin(in->cmax * 5 / 4, imax(imax(c * 3 / 2, 2 * PLAN_NUMBERS), in->co_want)));
}

/* The outputs are the point of it all: their cells at least 3/4 of the
 * input's, as the height allows (out_cell gives them more where there is
 * room, up to readable numbers). */
static int out_need(int c, int co_h) { return imin(co_h, imax(c * 3 / 4, 1)); }

/* The outputs' share, or up to the floor the caller asks for, cells of
 * at least the floor's outputs. */
static int out_ok(const plan_in *in, const plan_out *p, int c, int co_h) {
    int co = out_cell(in, p, c, co_h);
    if (c <= in->c_floor && co >= imax(1, in->co_floor)) return 1;
    if (co < in->co_floor) return 0; /* the floor's outputs are kept too */
    return co >= imax(1, out_need(c, co_h));
}

static int rows_fit(const plan_in *in, const plan_out *p, int c, int co_h) {
    if (in->chans * plan_row_h(in, c) - in->gap > in->h) return 0;
    return out_ok(in, p, c, co_h);
}

/* Strip of small maps at cell t under a stage row `width` wide: how many a
 * line, how many lines, the height. */
static int strip_h(const plan_in *in, int width, int t, int *per, int *lines) {
    int each = in->grid_w * t + in->gap;
    *per = imax(1, imin(in->chans, (width + in->gap) / each));
    *lines = (in->chans + *per - 1) / *per;
    return in->lab + *lines * (in->lab + in->grid_h * t + in->gap);
}

/* Largest strip cell (<= tmax) that fits under a stage row of cell c. */
static int strip_t(const plan_in *in, const plan_out *p, int c, int tmax) {
    int room = in->h - plan_row_h(in, c) - in->gap, per, lines;
    for (int t = tmax; t >= 1; t--)
        if (strip_h(in, plan_row_w(in, p, c), t, &per, &lines) <= room) return t;
    return 0;
}

/* The strip's maps grow with the stage, a quarter of its cell (at least
 * a pixel, at most PLAN_NUMBERS): so more room never means a smaller stage. */
static int strip_need(int c) { return imax(1, imin(c / 4, PLAN_NUMBERS)); }

/* cut: the strip may be cut to the lines that fit (one at least). */
static int stage_fit(const plan_in *in, const plan_out *p, int c, int co_h, int cut) {
    if (!out_ok(in, p, c, co_h)) return 0;
    if (cut) return plan_row_h(in, c) + in->gap + 2 * in->lab + in->grid_h + in->gap <= in->h;
    return strip_t(in, p, c, strip_need(c)) >= strip_need(c);
}

static int best_rows(const plan_in *in, const plan_out *p, int co_h) {
    for (int c = in->cmax; c >= 1; c--)
        if (rows_fit(in, p, c, co_h)) return c;
    return 0;
}

static int best_stage(const plan_in *in, const plan_out *p, int co_h, int cut) {
    for (int c = in->cmax; c >= 1; c--)
        if (stage_fit(in, p, c, co_h, cut)) return c;
    return 0;
}

/* Drops the sum box, then the partial sums, then the kernel, while not
 * even one-pixel cells fit beside them. */
static void trim(const plan_in *in, plan_out *p, int co_h) {
    p->show_box = p->show_sum = p->show_kernel = p->show_products = 1;
    while (in->w - plan_row_w(in, p, 1) - box_w(in, p) - in->gap < in->out_w * imax(1, out_need(1, co_h))) {
        if (p->show_box) p->show_box = 0;
        else if (p->show_sum) p->show_sum = 0;
        else if (p->show_kernel) p->show_kernel = 0;
        else break;
    }
}

static void finish(const plan_in *in, plan_out *p, int co_h) {
    p->row_w = plan_row_w(in, p, p->c);
    p->co = imax(0, out_cell(in, p, p->c, co_h));
    if (p->mode == PLAN_ROWS) {
        p->col_h = p->rows * plan_row_h(in, p->c) - in->gap;
    } else {
        p->t = imax(1, strip_t(in, p, p->c, imax(1, p->c * 3 / 5)));
        p->col_h = plan_row_h(in, p->c) + in->gap + strip_h(in, p->row_w, p->t, &p->per_line, &p->lines);
        /* not even 1-pixel maps for every channel: the lines that fit */
        while (p->lines > 1 && p->col_h > in->h) {
            p->lines--;
            p->col_h -= in->lab + in->grid_h * p->t + in->gap;
        }
        p->strip_n = imin(in->chans, p->per_line * p->lines);
    }
    p->maps_h = p->fn * (in->lab + in->out_h * p->co + in->gap) - in->gap + (p->fn < in->maps ? in->lab : 0);
    p->width = p->row_w + box_w(in, p) + in->gap + in->out_w * p->co;
}

/* The plan with the pieces p shows (trim's, less what a figure gave up). */
static int plan_with(const plan_in *in, plan_out *p, int co_h) {
    int c_rows, c_stage;
    c_rows = best_rows(in, p, co_h);
    p->mode = PLAN_ROWS;
    p->rows = in->chans;
    p->c = c_rows;
    if (in->chans > 1) {
        /* a stage pays when it makes the channel in play larger; rows are
         * kept when they are good enough (or every channel is in play) */
        c_stage = best_stage(in, p, co_h, 0);
        if (c_stage == 0) c_stage = best_stage(in, p, co_h, 1);
        int worth = c_stage > c_rows + imax(2, c_rows / 5) && c_rows < in->cgood;
        if (c_rows < in->c_floor && c_stage > c_rows) worth = 1; /* the floor: rows would shrink the cells */
        if (in->all_now && c_rows >= PLAN_NUMBERS && c_rows >= in->c_floor) worth = 0;
        if (worth) {
            p->mode = PLAN_STAGE;
            p->c = c_stage;
            p->rows = 1;
        }
    }
    if (p->c < 1) return -1;
    finish(in, p, co_h);
    return 0;
}

int plan_grid(const plan_in *in, plan_out *out) {
    int co_h, rc;
    plan_out *p = out;
    *p = (plan_out){0};
    if (in->w < 1 || in->h < 1 || in->chans < 1 || in->grid_w < 1 || in->grid_h < 1 || in->out_w < 1 || in->out_h < 1)
        return -1;
    p->fn = maps_fit(in, &co_h);
    trim(in, p, co_h);
    rc = plan_with(in, p, co_h);
    /* a figure gives up the sum box, then the products, for cells large
     * enough to read (the partial sum says the total either way) */
    for (int drop = 0; in->c_want > 0 && drop < 2 && (rc != 0 || imin(p->c, p->co) < in->c_want); drop++) {
        plan_out q = *p;
        if (drop == 0 && q.show_box) q.show_box = 0;
        else if (drop == 1 && q.show_kernel && q.show_products) q.show_products = 0;
        else continue;
        if (plan_with(in, &q, co_h) == 0 && (rc != 0 || imin(q.c, q.co) > imin(p->c, p->co))) {
            *p = q;
            rc = 0;
        }
    }
    return rc;
}
