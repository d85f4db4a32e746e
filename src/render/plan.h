/* plan: how large the cells of the grid view are and what goes where,
 * decided by arithmetic alone (no frame, no fonts), so the rules can be
 * tested without drawing anything.
 *
 * The picture, left to right: the channel column (each input channel's
 * padded grid, the weights and the products beside it, then its partial
 * sum), the sum box, the output maps. Two shapes of channel column:
 *   PLAN_ROWS   every channel a full row, all at one cell size;
 *   PLAN_STAGE  the channel in play drawn large on a stage row, and every
 *               channel (that one too, outlined) as a small map on a strip
 *               below it, with its index and partial sum.
 * Either way the input cells, weights and products of the channel in play
 * share one cell size, so the window box on the input is the size of the
 * kernel grid beside it; only when the input's cells are too small to
 * carry numbers (a picture) do the weights keep a readable size of their
 * own (ck_min), until the magnifier of big inputs comes.
 *
 * All sizes are pixels. */
#ifndef CONVANIM_PLAN_H
#define CONVANIM_PLAN_H

typedef enum { PLAN_ROWS, PLAN_STAGE, PLAN_MODE_COUNT } plan_mode;
extern const char *const plan_mode_names[PLAN_MODE_COUNT]; /* "rows", "stage" */

typedef struct {
    int w, h;           /* the main area */
    int grid_h, grid_w; /* the input grid drawn (padded or zero-inserted) */
    int k_h, k_w;       /* the kernel slice drawn */
    int out_h, out_w;   /* one output map */
    int chans;          /* input channels each filter reads */
    int maps;           /* output maps (filters) */
    int all_now;        /* every channel is in play (position granularity) */
    int lab, gap;       /* a label line's height; spacing */
    int wsum, wbox;     /* width of a partial sum column; of the sum box */
    int cmax;           /* largest cell worth drawing */
    int ck_min;         /* kernel cells beside an input too fine for numbers */
    int cgood;          /* cells this large need no stage */
    int box_under;      /* the sum box goes under the channel column: no width beside it */
    int co_want;        /* output cells may grow to this whatever the input's (0: by the input's) */
    int c_floor, co_floor; /* cells up to c_floor are fine with outputs of co_floor: the balance
                              between inputs and outputs may not push below them (0: none) */
    int c_want;         /* a figure: cells this large are worth the sum box and then the products
                           (dropped, in that order, while the cells stay under it); 0: keep them */
} plan_in;

enum { PLAN_NUMBERS = 12 }; /* smallest cell that still carries its number */
enum { PLAN_READABLE = 40 }; /* cells whose numbers (to 1 decimal at worst) are set at 14 px or more */

typedef struct {
    plan_mode mode;
    int c;              /* cell of the channel(s) in play: input, weights, products */
    int rows;           /* PLAN_ROWS: rows drawn (all channels) */
    int t;              /* PLAN_STAGE: cell of the strip's small maps */
    int per_line, lines;/* PLAN_STAGE: small maps per strip line, strip lines */
    int strip_n;        /* PLAN_STAGE: small maps drawn (all channels if they fit) */
    int co;             /* output cell */
    int fn;             /* output maps drawn */
    int show_kernel, show_sum, show_box;
    int show_products;  /* the products grid beside the weights (with show_kernel) */
    int row_w;          /* width of a channel row at cell c (stage row) */
    int col_h;          /* height of the channel column */
    int maps_h;         /* height of the output column */
    int width;          /* width of the whole picture */
    int focus;          /* the view drew a magnifier (view_grid.c sets it; plan_grid never does) */
} plan_out;

/* Fills out; returns 0, or -1 if not even one cell fits (out->c == 0). */
int plan_grid(const plan_in *in, plan_out *out);

/* Pieces of the plan the view places by. */
int plan_row_w(const plan_in *in, const plan_out *p, int c);
int plan_row_h(const plan_in *in, int c);
/* Cell of the weights and products beside input cells of c. */
int plan_kernel_cell(const plan_in *in, int c);

#endif
