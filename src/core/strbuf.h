/* strbuf: a string built in pieces (JSON, tables, reports). Appending
 * never fails loudly: out of memory sets `failed` and later appends do
 * nothing, so a writer checks once at the end. Owners may set their own
 * nonzero `failed` codes (a value the format cannot hold) the same way.
 * s is NUL-terminated whenever it is not NULL; the owner frees it. */
#ifndef CONVANIM_STRBUF_H
#define CONVANIM_STRBUF_H

#include <stddef.h>
#include "errmsg.h"

typedef struct {
    char *s;
    size_t len, cap;
    int failed;
} strbuf;

/* Room for n more bytes and a NUL: where they go, or NULL (failed). */
char *strbuf_reserve(strbuf *b, size_t n);
void strbuf_add(strbuf *b, const char *s, size_t n);
void strbuf_puts(strbuf *b, const char *s);
void strbuf_printf(strbuf *b, const char *fmt, ...) ERRMSG_PRINTF(2, 3);

#endif
