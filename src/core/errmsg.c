#include "errmsg.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* File names, keys and flag values come from the user; a newline or other
 * control character in one would break the one-line message. */
static void one_line(char *s) {
    for (; *s; s++)
        if ((unsigned char)*s < 32 || *s == 127) *s = '?';
}

/* Not in the middle of a UTF-8 sequence. */
static int at_char(const char *s) {
    return ((unsigned char)*s & 0xC0) != 0x80;
}

/* Copies text (len bytes) into msg; when it does not fit, its middle gives
 * way to "...", so that a 5,000-byte path still leaves the reason at the
 * end of the message (and the start of the path) in view. */
static void put_fitted(errmsg *e, const char *text, size_t len) {
    size_t cap = sizeof e->msg - 1, head, tail;
    if (len <= cap) {
        memcpy(e->msg, text, len);
        e->msg[len] = 0;
        return;
    }
    head = cap / 3;
    tail = cap - head - 3;
    while (head > 0 && !at_char(text + head)) head--;
    while (tail > 0 && !at_char(text + len - tail)) tail--;
    memcpy(e->msg, text, head);
    memcpy(e->msg + head, "...", 3);
    memcpy(e->msg + head + 3, text + len - tail, tail);
    e->msg[head + 3 + tail] = 0;
}

/* Formats into e->msg, through a buffer as large as the text needs. */
static void put_formatted(errmsg *e, const char *fmt, va_list ap) {
    char small[ERRMSG_SIZE * 2], *buf = small;
    va_list again;
    int len;
    size_t n;
    va_copy(again, ap);
    len = vsnprintf(NULL, 0, fmt, ap);
    n = (len > 0 ? (size_t)len : 0) + 1;
    if (n > sizeof small && !(buf = malloc(n))) {
        buf = small; /* out of memory: plain truncation will do */
        n = sizeof small;
    }
    vsnprintf(buf, n, fmt, again);
    va_end(again);
    put_fitted(e, buf, strlen(buf));
    if (buf != small) free(buf);
}

int errmsg_set(errmsg *e, const char *fmt, ...) {
    if (e) {
        va_list ap;
        va_start(ap, fmt);
        put_formatted(e, fmt, ap);
        va_end(ap);
        one_line(e->msg);
    }
    return -1;
}

void errmsg_prefix(errmsg *e, const char *fmt, ...) {
    char msg[ERRMSG_SIZE];
    va_list ap;
    if (!e) return;
    /* The message so far becomes the tail of the new one. */
    memcpy(msg, e->msg, sizeof msg);
    msg[sizeof msg - 1] = 0;
    va_start(ap, fmt);
    {
        char *text;
        size_t hlen;
        va_list again;
        int len;
        va_copy(again, ap);
        len = vsnprintf(NULL, 0, fmt, ap);
        hlen = len > 0 ? (size_t)len : 0;
        text = malloc(hlen + strlen(msg) + 1);
        if (text) {
            vsnprintf(text, hlen + 1, fmt, again);
            memcpy(text + hlen, msg, strlen(msg) + 1);
            put_fitted(e, text, strlen(text));
            free(text);
        } else {
            put_fitted(e, msg, strlen(msg));
        }
        va_end(again);
    }
    va_end(ap);
    one_line(e->msg);
}
