#include "errmsg.h"

#include <stdarg.h>
#include <stdio.h>
#include <string.h>

/* File names, keys and flag values come from the user; a newline or other
 * control character in one would break the one-line message. */
static void one_line(char *s) {
    for (; *s; s++)
        if ((unsigned char)*s < 32 || *s == 127) *s = '?';
}

int errmsg_set(errmsg *e, const char *fmt, ...) {
    if (e) {
        va_list ap;
        va_start(ap, fmt);
        vsnprintf(e->msg, sizeof e->msg, fmt, ap);
        va_end(ap);
        one_line(e->msg);
    }
    return -1;
}

void errmsg_prefix(errmsg *e, const char *fmt, ...) {
    char head[ERRMSG_SIZE];
    size_t hlen, mlen;
    va_list ap;
    if (!e) return;
    va_start(ap, fmt);
    vsnprintf(head, sizeof head, fmt, ap);
    va_end(ap);
    one_line(head);
    hlen = strlen(head);
    mlen = strnlen(e->msg, sizeof e->msg - 1);
    /* Shift the message right, dropping its tail if the whole will not fit. */
    if (hlen + mlen > sizeof e->msg - 1) mlen = hlen < sizeof e->msg - 1 ? sizeof e->msg - 1 - hlen : 0;
    if (hlen > sizeof e->msg - 1) hlen = sizeof e->msg - 1;
    memmove(e->msg + hlen, e->msg, mlen);
    memcpy(e->msg, head, hlen);
    e->msg[hlen + mlen] = 0;
}
