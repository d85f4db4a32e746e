/* net: a scene's layers read as one network, and what a cell of a later
 * tensor sees of the earlier ones.
 *
 * Tensors are numbered t = 0 (the scene's input) to t = nlayers (the last
 * layer's output): layer i (0-based) reads tensor i and writes tensor i+1.
 *
 * The receptive field of a cell on an earlier tensor is every cell that
 * reaches it through the layers' taps: padding copies (reflect, replicate,
 * circular) count as the cells they copy; zero padding and a transposed
 * layer's holes count as none. Every kind's taps are a product of the
 * channels of a group and a set of positions on each axis, so the field on
 * each tensor is a product too: a set of channels times a set of positions
 * a spatial axis. net_field keeps those sets (axes D, H, W as in conv.h). */
#ifndef CONVANIM_NET_H
#define CONVANIM_NET_H

#include "scene.h"

typedef struct {
    int c, sp[CONV_SP];          /* the tensor's shape */
    unsigned char *chan;         /* [c]: 1 for a channel in the field */
    unsigned char *pos[CONV_SP]; /* [sp[a]]: 1 for a position on axis a in the field */
} net_field;

/* Channels and spatial size of tensor t (0..nlayers). */
void net_tensor_shape(const scene *s, int t, int *c, int sp[CONV_SP]);

/* Cell b of tensor t, linear over [c][D][H][W] (as FRAME_EL_TENSOR_CELL's
 * b): its channel and position. -1 if t or b is off the tensors. */
int net_cell_at(const scene *s, int t, int64_t b, int *c, int at[CONV_SP]);
/* The linear index of (c, at) on tensor t: net_cell_at's inverse. */
int64_t net_cell_index(const scene *s, int t, int c, const int at[CONV_SP]);

/* fields[0..t]: the receptive field on each tensor 0..t of the cell at
 * channel c, position at of tensor t (fields[t] holds that cell alone).
 * Allocates (net_fields_free(fields, t + 1)); fails on a cell off the
 * tensor ("cell: ...") or out of memory. O(sum of the tensors' axes x
 * kernel), whatever the tensors' sizes. */
int net_fields(const scene *s, int t, int c, const int at[CONV_SP], net_field *fields, errmsg *e);
void net_fields_free(net_field *fields, int n);

/* The cell (c, at) is in the field. */
int net_field_has(const net_field *f, int c, const int at[CONV_SP]);
/* First and last marked position on axis a (-1, -1 if none). */
void net_field_span(const net_field *f, int a, int *first, int *last);
/* Cells in the field: channels x positions on each axis. */
int64_t net_field_cells(const net_field *f);

/* The textbook receptive field of one cell of tensor t on the input, per
 * axis, borders aside: r_0 = 1, j_0 = 1, and through layer i
 *   r_i+1 = r_i + (k-1)*d*j_i,   j_i+1 = j_i*s
 * size: r_t, the input cells one cell of t spans; jump: j_t, the input
 * cells between neighbouring cells of t (the effective stride). Returns 0;
 * -1 if a transposed layer is on the way (its jump is a fraction: read
 * net_fields' spans instead) or t is out of range. */
typedef struct { int size[CONV_SP], jump[CONV_SP]; } net_rf;
int net_receptive(const scene *s, int t, net_rf *rf);

/* The recurrence of axis a up to tensor t with the numbers, a term a
 * layer (each (k-1)*d times the jump before it): size "1 + 2*1 + 2*2 = 7",
 * jump "1*2*2 = 4" for two 3x3 layers of stride 2. Returns 0; -1 (both
 * "") when net_receptive fails. */
int net_rf_terms(char *size, size_t ns, char *jump, size_t nj, const scene *s, int t, int a);

#endif
