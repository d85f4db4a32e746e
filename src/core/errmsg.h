/* errmsg: how library code reports a failure.
 *
 * Every fallible function in the libraries takes an `errmsg *` last and
 * returns 0 on success or -1 on failure, after writing one line into it:
 * "field: reason", e.g. "kernel_size: (5 + 2*0 - 1*(7-1) - 1)/1 + 1 = -1,
 * the output would be empty". Callers that know more context prepend it
 * ("layers[0]."). Library code never prints and never exits; main decides.
 * A NULL errmsg is allowed and discards the message. Control characters
 * in the text (a newline in a file name) show as '?', so it stays one line; a
 * text too long for the message loses its middle to "...", so the reason
 * at its end survives a very long path. */
#ifndef CONVANIM_ERRMSG_H
#define CONVANIM_ERRMSG_H

#include <stddef.h>

enum { ERRMSG_SIZE = 512 };

typedef struct errmsg {
    char msg[ERRMSG_SIZE];
} errmsg;

#if defined(__GNUC__)
#define ERRMSG_PRINTF(a, b) __attribute__((format(printf, a, b)))
#else
#define ERRMSG_PRINTF(a, b)
#endif

/* Writes the message; always returns -1 so callers can `return errmsg_set(...)`. */
int errmsg_set(errmsg *e, const char *fmt, ...) ERRMSG_PRINTF(2, 3);

/* Prepends context to an existing message ("layers[2]." + "stride: ..."). */
void errmsg_prefix(errmsg *e, const char *fmt, ...) ERRMSG_PRINTF(2, 3);

#endif
