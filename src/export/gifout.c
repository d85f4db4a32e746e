/* gifout: colour histogram -> palette -> indexed frames -> cgif -> file. */
#include "gifout.h"

#include <errno.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>
#include <cgif.h>

#include "fileio.h"

/* ---- colour table: open addressing, RGB -> a 32-bit value ---- */

/* Keys are RGB with bit 24 set, so 0 marks an empty slot. */
typedef struct {
    uint32_t *key, *val;
    size_t cap, n; /* cap is a power of two, kept at most half full */
} ctab;

static size_t ctab_hash(uint32_t key, size_t cap) {
    return (size_t)((key * 2654435761u) >> 7) & (cap - 1);
}

static int ctab_init(ctab *t, size_t cap) {
    t->key = calloc(cap, sizeof *t->key);
    t->val = calloc(cap, sizeof *t->val);
    t->cap = cap;
    t->n = 0;
    return t->key && t->val ? 0 : -1;
}

static void ctab_free(ctab *t) {
    free(t->key);
    free(t->val);
    memset(t, 0, sizeof *t);
}

static size_t ctab_probe(const ctab *t, uint32_t key) {
    size_t i = ctab_hash(key, t->cap);
    while (t->key[i] != 0 && t->key[i] != key) i = (i + 1) & (t->cap - 1);
    return i;
}

static int ctab_grow(ctab *t) {
    ctab bigger;
    size_t i;
    if (ctab_init(&bigger, t->cap * 2) != 0) {
        ctab_free(&bigger);
        return -1;
    }
    for (i = 0; i < t->cap; i++) {
        if (t->key[i]) {
            size_t j = ctab_probe(&bigger, t->key[i]);
            bigger.key[j] = t->key[i];
            bigger.val[j] = t->val[i];
        }
    }
    bigger.n = t->n;
    ctab_free(t);
    *t = bigger;
    return 0;
}

/* The value slot of rgb, inserted as 0 if new; NULL when out of memory. */
static uint32_t *ctab_slot(ctab *t, uint32_t rgb) {
    uint32_t key = rgb | 0x1000000u;
    size_t i = ctab_probe(t, key);
    if (t->key[i] == 0) {
        if (2 * (t->n + 1) > t->cap) {
            if (ctab_grow(t) != 0) return NULL;
            i = ctab_probe(t, key);
        }
        t->key[i] = key;
        t->val[i] = 0;
        t->n++;
    }
    return &t->val[i];
}

/* ---- the writer ---- */

struct gifout {
    char *path;
    char *tmp;          /* temporary file, NULL when writing in place */
    FILE *fp;
    int w, h, loop;
    int werr;           /* errno of the first failed write */
    long long bytes;
    int nframes;
    CGIF *cg;           /* created with the first frame, once the palette is known */
    ctab hist;          /* colour -> pixel count, until the palette is fixed */
    int nsampled;       /* frames counted in hist */
    ctab map;           /* colour -> palette index, exact and nearest */
    uint8_t pal[3 * 256];
    int npal;
    uint8_t *idx;       /* w*h indices of the frame being added */
};

static int gifout_write(void *ctx, const uint8_t *data, size_t n) {
    gifout *g = ctx;
    if (g->werr) return -1;
    if (fwrite(data, 1, n, g->fp) != n) {
        g->werr = errno ? errno : EIO;
        return -1;
    }
    g->bytes += (long long)n;
    return 0;
}

static void gifout_free(gifout *g) {
    if (g->fp) fclose(g->fp);
    if (g->tmp) unlink(g->tmp);
    ctab_free(&g->hist);
    ctab_free(&g->map);
    free(g->idx);
    free(g->tmp);
    free(g->path);
    free(g);
}

/* The temporary file beside path (fileio.h: locked, a name that fits);
 * the path itself when it is a device or /dev/stdout, which cannot be
 * replaced. A FIFO or a folder is refused before anything opens it. */
static int gifout_create(gifout *g, errmsg *e) {
    struct stat st;
    int fd;
    if (fileio_check_output(g->path, e) != 0) {
        errmsg_prefix(e, "%s: ", g->path);
        return -1;
    }
    if (strcmp(g->path, "/dev/stdout") == 0 || (stat(g->path, &st) == 0 && !S_ISREG(st.st_mode))) {
        g->fp = fopen(g->path, "wb");
        if (!g->fp) return errmsg_set(e, "%s: %s", g->path, strerror(errno));
        return 0;
    }
    fd = fileio_temp_open(g->path, &g->tmp, e);
    if (fd < 0) {
        errmsg_prefix(e, "%s: ", g->path);
        return -1;
    }
    g->fp = fdopen(fd, "wb");
    if (!g->fp) {
        int err = errno;
        close(fd);
        return errmsg_set(e, "%s: %s", g->path, strerror(err));
    }
    return 0;
}

gifout *gifout_open(const char *path, int w, int h, int loop, errmsg *e) {
    gifout *g;
    if (w < 1 || h < 1 || w > 65535 || h > 65535) {
        errmsg_set(e, "%s: bad GIF size %dx%d (1..65535 each way)", path, w, h);
        return NULL;
    }
    if (loop < 0 || loop > 65535) {
        errmsg_set(e, "%s: bad loop count %d (0..65535)", path, loop);
        return NULL;
    }
    g = calloc(1, sizeof *g);
    if (!g) {
        errmsg_set(e, "%s: out of memory", path);
        return NULL;
    }
    g->w = w;
    g->h = h;
    g->loop = loop;
    g->path = malloc(strlen(path) + 1);
    g->idx = malloc((size_t)w * (size_t)h);
    if (!g->path || !g->idx || ctab_init(&g->hist, 1024) != 0 || ctab_init(&g->map, 1024) != 0) {
        errmsg_set(e, "%s: out of memory", path);
        gifout_free(g);
        return NULL;
    }
    strcpy(g->path, path);
    if (gifout_create(g, e) != 0) {
        gifout_free(g);
        return NULL;
    }
    return g;
}

static uint32_t gifout_rgb(const unsigned char *p) {
    return (uint32_t)p[0] << 16 | (uint32_t)p[1] << 8 | p[2];
}

int gifout_sample(gifout *g, const unsigned char *rgba, int stride, errmsg *e) {
    uint32_t last = 0xffffffffu, *count = NULL;
    int x, y;
    if (g->npal > 0) return 0;
    g->nsampled++;
    for (y = 0; y < g->h; y++) {
        const unsigned char *p = rgba + (size_t)y * (size_t)stride;
        for (x = 0; x < g->w; x++, p += 4) {
            uint32_t c = gifout_rgb(p);
            /* Runs of one colour are the common case: skip the probe. */
            if (c != last || !count) {
                count = ctab_slot(&g->hist, c);
                if (!count) return errmsg_set(e, "%s: out of memory", g->path);
                last = c;
            }
            (*count)++;
        }
    }
    return 0;
}

typedef struct {
    uint32_t rgb, count;
} gifout_bin;

/* Most frequent first; equal counts by colour, so the palette does not
 * depend on the hash table's order. */
static int gifout_bin_cmp(const void *a, const void *b) {
    const gifout_bin *x = a, *y = b;
    if (x->count != y->count) return x->count > y->count ? -1 : 1;
    return x->rgb < y->rgb ? -1 : x->rgb > y->rgb;
}

static long gifout_dist(uint32_t a, uint32_t b) {
    long dr = (long)(a >> 16) - (long)(b >> 16);
    long dg = (long)(a >> 8 & 255) - (long)(b >> 8 & 255);
    long db = (long)(a & 255) - (long)(b & 255);
    /* Green weighted most, as the eye does. */
    return 2 * dr * dr + 4 * dg * dg + 3 * db * db;
}

/* Orders bin[from..n) so that each next colour is the one farthest from
 * every colour before it, up to bin[limit): the rare colours that get
 * entries then cover their whole range instead of bunching at one end. */
static void gifout_spread(gifout_bin *bin, size_t from, size_t n, size_t limit) {
    long *near = malloc(n * sizeof *near);
    size_t i, j;
    if (!near) return; /* the frequency order is a fine fallback */
    for (i = from; i < n; i++) {
        near[i] = -1;
        for (j = 0; j < from; j++) {
            long d = gifout_dist(bin[i].rgb, bin[j].rgb);
            if (near[i] < 0 || d < near[i]) near[i] = d;
        }
    }
    for (i = from; i < limit && i < n; i++) {
        size_t far = i;
        gifout_bin t;
        long td;
        for (j = i; j < n; j++)
            if (near[j] > near[far]) far = j;
        t = bin[i], bin[i] = bin[far], bin[far] = t;
        td = near[i], near[i] = near[far], near[far] = td;
        for (j = i + 1; j < n; j++) {
            long d = gifout_dist(bin[j].rgb, bin[i].rgb);
            if (d < near[j]) near[j] = d;
        }
    }
    free(near);
}

/* The smallest palette (63, 127 or 255 colours: LZW codes one bit
 * narrower each step down) that keeps every flat colour exact with a
 * quarter of it left for anti-aliasing ramps. bin is sorted, most
 * frequent first; a flat colour covers at least GIFOUT_FLAT_PIXELS in
 * an average sampled frame. */
static size_t gifout_palette_size(const gifout_bin *bin, size_t n, int frames) {
    size_t flat = 0, size;
    uint64_t min = (uint64_t)GIFOUT_FLAT_PIXELS * (uint64_t)(frames > 0 ? frames : 1);
    while (flat < n && bin[flat].count >= min) flat++;
    for (size = 63; size < GIFOUT_MAX_COLORS; size = size * 2 + 1)
        if (flat <= size - size / 4) break;
    return size;
}

static int gifout_fix_palette(gifout *g, errmsg *e) {
    gifout_bin *bin = malloc((g->hist.n ? g->hist.n : 1) * sizeof *bin);
    size_t i, n = 0;
    if (!bin) return errmsg_set(e, "%s: out of memory", g->path);
    for (i = 0; i < g->hist.cap; i++) {
        if (g->hist.key[i]) {
            bin[n].rgb = g->hist.key[i] & 0xffffffu;
            bin[n].count = g->hist.val[i];
            n++;
        }
    }
    qsort(bin, n, sizeof *bin, gifout_bin_cmp);
    {
        size_t size = gifout_palette_size(bin, n, g->nsampled);
        if (n > size) {
            gifout_spread(bin, size - size / 4, n, size);
            n = size;
        }
    }
    for (i = 0; i < n; i++) {
        uint32_t *slot = ctab_slot(&g->map, bin[i].rgb);
        if (!slot) {
            free(bin);
            return errmsg_set(e, "%s: out of memory", g->path);
        }
        *slot = (uint32_t)i;
        g->pal[3 * i] = (uint8_t)(bin[i].rgb >> 16);
        g->pal[3 * i + 1] = (uint8_t)(bin[i].rgb >> 8);
        g->pal[3 * i + 2] = (uint8_t)bin[i].rgb;
    }
    /* cgif wants at least two entries. */
    for (; n < 2; n++) memset(g->pal + 3 * n, 0, 3);
    g->npal = (int)n;
    free(bin);
    ctab_free(&g->hist);
    return 0;
}

static uint32_t gifout_nearest(const gifout *g, uint32_t rgb) {
    long best = -1;
    uint32_t bi = 0;
    int i;
    for (i = 0; i < g->npal; i++) {
        uint32_t p = (uint32_t)g->pal[3 * i] << 16 | (uint32_t)g->pal[3 * i + 1] << 8 | g->pal[3 * i + 2];
        long d = gifout_dist(rgb, p);
        if (best < 0 || d < best) {
            best = d;
            bi = (uint32_t)i;
        }
    }
    return bi;
}

static int gifout_index(gifout *g, const unsigned char *rgba, int stride, errmsg *e) {
    uint32_t last = 0xffffffffu, li = 0;
    int x, y;
    for (y = 0; y < g->h; y++) {
        const unsigned char *p = rgba + (size_t)y * (size_t)stride;
        uint8_t *out = g->idx + (size_t)y * (size_t)g->w;
        for (x = 0; x < g->w; x++, p += 4) {
            uint32_t c = gifout_rgb(p);
            if (c != last) {
                size_t before = g->map.n;
                uint32_t *slot = ctab_slot(&g->map, c);
                if (!slot) return errmsg_set(e, "%s: out of memory", g->path);
                if (g->map.n != before) *slot = gifout_nearest(g, c);
                last = c;
                li = *slot;
            }
            out[x] = (uint8_t)li;
        }
    }
    return 0;
}

static int gifout_start(gifout *g, errmsg *e) {
    CGIF_Config c;
    memset(&c, 0, sizeof c);
    c.pGlobalPalette = g->pal;
    c.numGlobalPaletteEntries = (uint16_t)(g->npal < 2 ? 2 : g->npal);
    c.attrFlags = CGIF_ATTR_IS_ANIMATED | (g->loop == 1 ? CGIF_ATTR_NO_LOOP : 0);
    c.genFlags = CGIF_FRAME_GEN_USE_DIFF_WINDOW | CGIF_FRAME_GEN_USE_TRANSPARENCY;
    c.width = (uint16_t)g->w;
    c.height = (uint16_t)g->h;
    c.numLoops = (uint16_t)(g->loop == 0 ? 0 : g->loop - 1); /* 0 = CGIF_INFINITE_LOOP */
    c.pWriteFn = gifout_write;
    c.pContext = g;
    g->cg = cgif_newgif(&c);
    if (!g->cg) return errmsg_set(e, "%s: cannot start the GIF", g->path);
    return 0;
}

static int gifout_fail(gifout *g, errmsg *e) {
    if (g->werr) return errmsg_set(e, "%s: %s", g->path, strerror(g->werr));
    return errmsg_set(e, "%s: the GIF encoder failed", g->path);
}

int gifout_add(gifout *g, const unsigned char *rgba, int stride, int delay_cs, errmsg *e) {
    CGIF_FrameConfig fc;
    if (stride < 4 * g->w) return errmsg_set(e, "%s: bad row stride %d", g->path, stride);
    if (g->npal == 0) {
        if (gifout_sample(g, rgba, stride, e) != 0 || gifout_fix_palette(g, e) != 0) return -1;
        if (gifout_start(g, e) != 0) return -1;
    }
    if (gifout_index(g, rgba, stride, e) != 0) return -1;
    memset(&fc, 0, sizeof fc);
    fc.pImageData = g->idx;
    fc.genFlags = CGIF_FRAME_GEN_USE_DIFF_WINDOW | CGIF_FRAME_GEN_USE_TRANSPARENCY;
    fc.delay = (uint16_t)(delay_cs < 2 ? 2 : delay_cs > 65535 ? 65535 : delay_cs);
    if (cgif_addframe(g->cg, &fc) != CGIF_OK) return gifout_fail(g, e);
    g->nframes++;
    return 0;
}

/* Flushes fp to the disk and, for a temporary file, renames it into
 * place while it is still open and locked (so no other run's sweep can
 * take it first); then closes it. 0 or an errno. */
static int gifout_finish_file(gifout *g) {
    FILE *fp = g->fp;
    int err = 0;
    g->fp = NULL;
    if (fflush(fp) != 0) err = errno ? errno : EIO;
    /* fsync is meaningless on a pipe or a device: only the temp file. */
    if (!err && g->tmp && fsync(fileno(fp)) != 0) err = errno;
    if (!err && g->tmp) err = fileio_temp_commit(fileno(fp), g->tmp, g->path);
    if (!err && g->tmp) {
        free(g->tmp);
        g->tmp = NULL;
    }
    if (fclose(fp) != 0 && !err) err = errno ? errno : EIO;
    return err;
}

int gifout_close(gifout *g, long long *bytes, errmsg *e) {
    int rc = 0, err;
    if (g->nframes == 0) {
        rc = errmsg_set(e, "%s: no frames to write", g->path);
    } else {
        int r = cgif_close(g->cg);
        if (r != CGIF_OK) rc = gifout_fail(g, e);
    }
    g->cg = NULL;
    if (rc == 0) {
        err = gifout_finish_file(g);
        if (err) rc = errmsg_set(e, "%s: %s", g->path, strerror(err));
    }
    if (rc == 0 && bytes) *bytes = g->bytes;
    gifout_free(g);
    return rc;
}

void gifout_abort(gifout *g) {
    if (!g) return;
    g->werr = ECANCELED; /* cgif_close below frees the encoder: let it write nothing */
    if (g->cg) cgif_close(g->cg);
    gifout_free(g);
}

long long gifout_bytes(const gifout *g) {
    return g->bytes;
}

int gifout_palette(const gifout *g, unsigned char rgb[3 * 256]) {
    memcpy(rgb, g->pal, 3 * (size_t)g->npal);
    return g->npal;
}
