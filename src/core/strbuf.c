#include "strbuf.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

char *strbuf_reserve(strbuf *b, size_t n) {
    if (b->failed) return NULL;
    if (b->len + n + 1 > b->cap) {
        size_t cap = b->cap ? b->cap : 256;
        char *s;
        while (cap < b->len + n + 1) cap *= 2;
        if (!(s = realloc(b->s, cap))) {
            b->failed = 1;
            return NULL;
        }
        b->s = s;
        b->cap = cap;
    }
    return b->s + b->len;
}

void strbuf_add(strbuf *b, const char *s, size_t n) {
    char *at = strbuf_reserve(b, n);
    if (!at) return;
    memcpy(at, s, n);
    b->len += n;
    b->s[b->len] = 0;
}

void strbuf_puts(strbuf *b, const char *s) { strbuf_add(b, s, strlen(s)); }

void strbuf_printf(strbuf *b, const char *fmt, ...) {
    va_list ap;
    char *at;
    int n;
    va_start(ap, fmt);
    n = vsnprintf(NULL, 0, fmt, ap);
    va_end(ap);
    if (n < 0 || !(at = strbuf_reserve(b, (size_t)n))) return;
    va_start(ap, fmt);
    vsnprintf(at, (size_t)n + 1, fmt, ap);
    va_end(ap);
    b->len += (size_t)n;
}
