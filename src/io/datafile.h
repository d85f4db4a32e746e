/* datafile: the side files of `convanim code --data DIR`, written whole or
 * not at all (a temporary file renamed into place).
 *   .npy   NumPy format 1.0, little-endian float64, C order: np.load reads it
 *   .json  one flat JSON list of the values in row-major order; every
 *          number reads back as the same double */
#ifndef CONVANIM_DATAFILE_H
#define CONVANIM_DATAFILE_H

#include <stdint.h>
#include "errmsg.h"

/* Writes dir/name; the format comes from name's ending (.npy or .json).
 * Creates dir if it is missing (one level). Fails naming the path. */
int datafile_write(const char *dir, const char *name, const double *data, int rank, const int *dim,
                   errmsg *e);

#endif
