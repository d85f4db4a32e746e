/* atomic: a whole file or none. The bytes go to a temporary file beside the
 * target, which is renamed over it once complete, so a failure leaves no
 * partial file and an existing target untouched; success replaces it.
 * The temporary file is fileio's (a name that fits NAME_MAX, locked, stale
 * ones of a killed run removed); a FIFO or folder target is refused. */
#ifndef CONVANIM_ATOMIC_H
#define CONVANIM_ATOMIC_H

#include <stddef.h>
#include "errmsg.h"

/* Writes data[0..n) to path; 0, or -1 with "path: reason" in e. */
int atomic_write(const char *path, const void *data, size_t n, errmsg *e);

#endif
