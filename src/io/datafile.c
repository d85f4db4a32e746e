#include "datafile.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>
#include "explain.h"
#include "fileio.h"
#include "strbuf.h"

static int ends_with(const char *s, const char *end) {
    size_t n = strlen(s), k = strlen(end);
    return n >= k && strcmp(s + n - k, end) == 0;
}

/* The .npy header: magic, version 1.0, length, a Python dict padded with
 * spaces so the data starts at a multiple of 64 bytes. */
static void npy_header(strbuf *b, int rank, const int *dim) {
    strbuf h = {0};
    size_t total;
    strbuf_puts(&h, "{'descr': '<f8', 'fortran_order': False, 'shape': (");
    for (int i = 0; i < rank; i++) strbuf_printf(&h, "%d,%s", dim[i], i + 1 < rank ? " " : "");
    strbuf_puts(&h, "), }");
    total = 10 + h.len + 1;
    while (total % 64) strbuf_puts(&h, " "), total++;
    strbuf_puts(&h, "\n");
    strbuf_add(b, "\x93NUMPY\x01\x00", 8);
    if (!h.failed) {
        unsigned char len[2] = {(unsigned char)(h.len & 0xff), (unsigned char)(h.len >> 8)};
        strbuf_add(b, (const char *)len, 2);
        strbuf_add(b, h.s, h.len);
    } else {
        b->failed = 1;
    }
    free(h.s);
}

/* Little-endian bytes of each double, whatever the machine's order. */
static void npy_data(strbuf *b, const double *data, int64_t n) {
    char *p = strbuf_reserve(b, (size_t)n * 8);
    if (!p) return;
    for (int64_t i = 0; i < n; i++) {
        uint64_t u;
        memcpy(&u, &data[i], 8);
        for (int k = 0; k < 8; k++) p[i * 8 + k] = (char)((u >> (8 * k)) & 0xff);
    }
    b->len += (size_t)n * 8;
    b->s[b->len] = 0;
}

static void json_data(strbuf *b, const double *data, int64_t n) {
    char t[40];
    strbuf_puts(b, "[");
    for (int64_t i = 0; i < n; i++) {
        int k = explain_num(t, sizeof t, data[i]);
        if (i) strbuf_add(b, ", ", 2);
        strbuf_add(b, t, (size_t)k);
    }
    strbuf_puts(b, "]\n");
}

int datafile_write(const char *dir, const char *name, const double *data, int rank, const int *dim,
                   errmsg *e) {
    strbuf path = {0}, b = {0};
    int64_t n = 1;
    int rc;
    struct stat st;
    for (int i = 0; i < rank; i++) n *= dim[i];
    if (stat(dir, &st) != 0 && mkdir(dir, 0777) != 0 && errno != EEXIST)
        return errmsg_set(e, "%s: %s", dir, strerror(errno));
    strbuf_printf(&path, "%s/%s", dir, name);
    if (ends_with(name, ".npy")) {
        npy_header(&b, rank, dim);
        npy_data(&b, data, n);
    } else {
        json_data(&b, data, n);
    }
    if (path.failed || b.failed) rc = errmsg_set(e, "%s: out of memory", name);
    else rc = fileio_write_file(path.s, b.s, b.len, e);
    free(path.s);
    free(b.s);
    return rc;
}
