#include "check.h"
#include "fileio.h"
#include "image.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <stb_image_write.h>

static void write_bytes(const char *path, const void *data, size_t n) {
    FILE *f = fopen(path, "wb");
    CHECK(f != NULL);
    if (!f) return;
    if (n) CHECK(fwrite(data, 1, n, f) == n);
    fclose(f);
}

static void test_resize_by_hand(void) {
    /* 4x4 gray into 2x2: each cell the mean of a 2x2 block */
    static const unsigned char a[16] = {0, 10, 20, 30, 40, 50, 60, 70, 80, 90, 100, 110, 120, 130, 140, 150};
    double out[9];
    image_resize_area(a, 4, 4, 1, 2, 2, out);
    CHECK_NEAR(out[0], (0 + 10 + 40 + 50) / 4.0 / 255, 1e-15);
    CHECK_NEAR(out[1], (20 + 30 + 60 + 70) / 4.0 / 255, 1e-15);
    CHECK_NEAR(out[2], (80 + 90 + 120 + 130) / 4.0 / 255, 1e-15);
    CHECK_NEAR(out[3], (100 + 110 + 140 + 150) / 4.0 / 255, 1e-15);

    /* 3x3 into 2x2: a cell covers 1.5 x 1.5 pixels, weighted by overlap */
    static const unsigned char b[9] = {9, 18, 27, 36, 45, 54, 63, 72, 81};
    image_resize_area(b, 3, 3, 1, 2, 2, out);
    CHECK_NEAR(out[0], (9 * 1.0 + 18 * 0.5 + 36 * 0.5 + 45 * 0.25) / 2.25 / 255, 1e-15);
    CHECK_NEAR(out[3], (45 * 0.25 + 54 * 0.5 + 72 * 0.5 + 81 * 1.0) / 2.25 / 255, 1e-15);

    /* 2x1 RGB into 1x1: per-channel means, output channel-first */
    static const unsigned char c[6] = {255, 0, 10, 0, 255, 20};
    image_resize_area(c, 2, 1, 3, 1, 1, out);
    CHECK_NEAR(out[0], 0.5, 1e-15);
    CHECK_NEAR(out[1], 0.5, 1e-15);
    CHECK_NEAR(out[2], 15 / 255.0, 1e-15);

    /* enlarging 1x1 into 3x3 repeats the pixel; same size is the identity */
    static const unsigned char d[1] = {51};
    image_resize_area(d, 1, 1, 1, 3, 3, out);
    for (int i = 0; i < 9; i++) CHECK_NEAR(out[i], 0.2, 1e-15);
    image_resize_area(b, 3, 3, 1, 3, 3, out);
    for (int i = 0; i < 9; i++) CHECK_NEAR(out[i], b[i] / 255.0, 1e-15);

    /* 2x2 RGB into 2x1 (wide): rows averaged, channel planes [c][h][w] */
    static const unsigned char r[12] = {10, 20, 30, 40, 50, 60, 70, 80, 90, 100, 110, 120};
    image_resize_area(r, 2, 2, 3, 2, 1, out);
    CHECK_NEAR(out[0], (10 + 70) / 2.0 / 255, 1e-15);
    CHECK_NEAR(out[1], (40 + 100) / 2.0 / 255, 1e-15);
    CHECK_NEAR(out[2 + 0], (20 + 80) / 2.0 / 255, 1e-15);
    CHECK_NEAR(out[4 + 1], (60 + 120) / 2.0 / 255, 1e-15);
}

static void test_load_png(void) {
    unsigned char gray[4 * 4], rgb[2 * 2 * 3], rgba[1 * 2 * 4];
    double out[16 * 3];
    errmsg e = {{0}};
    for (int i = 0; i < 16; i++) gray[i] = (unsigned char)(i * 17);
    CHECK(stbi_write_png("gray.png", 4, 4, 1, gray, 4) != 0);
    CHECK_INT(image_load("gray.png", 1, 4, 4, out, &e), 0);
    CHECK_STR(e.msg, "");
    for (int i = 0; i < 16; i++) CHECK_NEAR(out[i], i / 15.0, 1e-15);
    /* resized on load */
    CHECK_INT(image_load("gray.png", 1, 2, 2, out, &e), 0);
    CHECK_NEAR(out[0], (0 + 17 + 68 + 85) / 4.0 / 255, 1e-15);
    CHECK_NEAR(out[3], (170 + 187 + 238 + 255) / 4.0 / 255, 1e-15);
    /* gray as RGB: three equal planes */
    CHECK_INT(image_load("gray.png", 3, 4, 4, out, &e), 0);
    CHECK_NEAR(out[5], 5 / 15.0, 1e-15);
    CHECK_NEAR(out[16 + 5], 5 / 15.0, 1e-15);
    CHECK_NEAR(out[32 + 5], 5 / 15.0, 1e-15);

    /* RGB: pixel (0,0) red, (0,1) green, (1,0) blue, (1,1) gray 128 */
    memset(rgb, 0, sizeof rgb);
    rgb[0] = 255;
    rgb[3 + 1] = 255;
    rgb[6 + 2] = 255;
    rgb[9] = rgb[10] = rgb[11] = 128;
    CHECK(stbi_write_png("rgb.png", 2, 2, 3, rgb, 2 * 3) != 0);
    CHECK_INT(image_load("rgb.png", 3, 2, 2, out, &e), 0);
    CHECK_NEAR(out[0], 1, 0);     /* R plane */
    CHECK_NEAR(out[1], 0, 0);
    CHECK_NEAR(out[4 + 1], 1, 0); /* G plane */
    CHECK_NEAR(out[8 + 2], 1, 0); /* B plane */
    CHECK_NEAR(out[8 + 3], 128 / 255.0, 1e-15);
    /* RGB as gray: gray stays gray, colours by stb's luminance,
     * (77 r + 150 g + 29 b) >> 8, i.e. 0.299, 0.587, 0.114 in 8 bits */
    CHECK_INT(image_load("rgb.png", 1, 2, 2, out, &e), 0);
    CHECK_NEAR(out[3], 128 / 255.0, 1e-15);
    CHECK_NEAR(out[0], 76 / 255.0, 1e-15);
    CHECK_NEAR(out[1], 149 / 255.0, 1e-15);
    CHECK_NEAR(out[2], 28 / 255.0, 1e-15);

    /* RGBA: alpha is dropped */
    rgba[0] = 10; rgba[1] = 20; rgba[2] = 30; rgba[3] = 0;
    rgba[4] = 40; rgba[5] = 50; rgba[6] = 60; rgba[7] = 255;
    CHECK(stbi_write_png("rgba.png", 2, 1, 4, rgba, 2 * 4) != 0);
    CHECK_INT(image_load("rgba.png", 3, 1, 2, out, &e), 0);
    CHECK_NEAR(out[0], 10 / 255.0, 1e-15);
    CHECK_NEAR(out[2 + 1], 50 / 255.0, 1e-15);
    CHECK_NEAR(out[4 + 1], 60 / 255.0, 1e-15);
}

static void test_bad_files(void) {
    double out[16];
    errmsg e = {{0}};
    unsigned char *wide = calloc(20000, 1);
    FILE *f;
    long size;
    char *png;

    CHECK_INT(image_load("gray.png", 4, 4, 4, out, &e), -1);
    CHECK_STR(e.msg, "gray.png: needs 1 or 3 channels, the input has 4");
    CHECK_INT(image_load("gray.png", 2, 4, 4, out, &e), -1);
    CHECK_STR(e.msg, "gray.png: needs 1 or 3 channels, the input has 2");

    CHECK_INT(image_load("missing.png", 1, 4, 4, out, &e), FILEIO_EIO);
    CHECK_STR(e.msg, "missing.png: cannot open: No such file or directory");
    /* neither would ever end: refused before the first read */
    remove("fifo.png");
    CHECK_INT(mkfifo("fifo.png", 0600), 0);
    CHECK_INT(image_load("fifo.png", 1, 4, 4, out, &e), -1);
    CHECK_STR(e.msg, "fifo.png: is a FIFO, not a regular file");
    remove("fifo.png");
    CHECK_INT(image_load("/dev/zero", 1, 4, 4, out, &e), -1);
    CHECK_STR(e.msg, "/dev/zero: is a character device, not a regular file");

    write_bytes("empty.png", "", 0);
    CHECK_INT(image_load("empty.png", 1, 4, 4, out, &e), -1);
    CHECK_HAS(e.msg, "empty.png: not a picture stb_image can read (");

    write_bytes("text.png", "hello, not a picture\n", 21);
    CHECK_INT(image_load("text.png", 1, 4, 4, out, &e), -1);
    CHECK_HAS(e.msg, "text.png: not a picture stb_image can read (");

    mkdir("folder.png", 0700);
    CHECK_INT(image_load("folder.png", 1, 4, 4, out, &e), -1);
    CHECK_STR(e.msg, "folder.png: is a directory, not a picture");

    /* the header survives, the pixels do not */
    f = fopen("gray.png", "rb");
    CHECK(f != NULL);
    fseek(f, 0, SEEK_END);
    size = ftell(f);
    rewind(f);
    png = malloc((size_t)size);
    CHECK(fread(png, 1, (size_t)size, f) == (size_t)size);
    fclose(f);
    write_bytes("truncated.png", png, (size_t)size / 2 + 4);
    free(png);
    CHECK_INT(image_load("truncated.png", 1, 4, 4, out, &e), -1);
    CHECK_HAS(e.msg, "truncated.png: ");
    CHECK(strstr(e.msg, "cannot decode (") || strstr(e.msg, "not a picture stb_image can read ("));

    /* too wide: refused from the header, before decoding */
    CHECK(stbi_write_png("wide.png", 20000, 1, 1, wide, 20000) != 0);
    free(wide);
    CHECK_INT(image_load("wide.png", 1, 4, 4, out, &e), -1);
    CHECK_STR(e.msg, "wide.png: 20000 x 1 pixels, more than 16384 on a side");

    /* a tiny file that claims a huge picture: 8000 x 8000 is refused from
     * the header (a PGM header of 15 bytes and no data) */
    write_bytes("huge.pgm", "P5\n8000 8000\n255\n", 18);
    CHECK_INT(image_load("huge.pgm", 1, 4, 4, out, &e), -1);
    CHECK_STR(e.msg, "huge.pgm: 8000 x 8000 pixels, more than 16777216 in all");

    CHECK_INT(image_load("gray.png", 1, 0, 4, out, &e), -1);
    CHECK_STR(e.msg, "gray.png: cannot resize to 4 x 0");

    /* found by fuzzing: a PGM header with height 0 decoded to 0/0 = NaN */
    write_bytes("empty.pgm", "P5\n2 0\n255\n\0\1", 13);
    CHECK_INT(image_load("empty.pgm", 1, 4, 4, out, &e), -1);
    CHECK_HAS(e.msg, "empty.pgm: ");
    CHECK(strstr(e.msg, "an empty picture") || strstr(e.msg, "not a picture stb_image can read"));
    /* found by fuzzing: a newline in the name stays out of the one-line message */
    CHECK_INT(image_load("two\nlines.png", 1, 4, 4, out, &e), FILEIO_EIO);
    CHECK_STR(e.msg, "two?lines.png: cannot open: No such file or directory");
}

typedef struct { unsigned char data[4096]; int len; } membuf;

static void mem_write(void *ctx, void *data, int n) {
    membuf *m = ctx;
    if (m->len + n <= (int)sizeof m->data) memcpy(m->data + m->len, data, (size_t)n);
    m->len += n;
}

/* The same decoder from memory: same numbers, same messages with the name. */
static void test_load_memory(void) {
    unsigned char gray[2 * 2] = {0, 51, 102, 255};
    static membuf m;
    const unsigned char *png = m.data;
    double out[4 * 3];
    errmsg e = {{0}};
    int len;
    CHECK(stbi_write_png_to_func(mem_write, &m, 2, 2, 1, gray, 2) != 0);
    len = m.len;
    CHECK(len > 0 && len <= (int)sizeof m.data);
    CHECK_INT(image_load_memory(png, (size_t)len, "mem.png", 1, 2, 2, out, &e), 0);
    CHECK_STR(e.msg, "");
    CHECK_NEAR(out[1], 51 / 255.0, 1e-15);
    CHECK_NEAR(out[3], 1, 0);
    CHECK_INT(image_load_memory(png, (size_t)len, "mem.png", 1, 1, 1, out, &e), 0);
    CHECK_NEAR(out[0], (0 + 51 + 102 + 255) / 4.0 / 255, 1e-15);
    CHECK_INT(image_load_memory(png, (size_t)len, "mem.png", 3, 2, 2, out, &e), 0);
    CHECK_NEAR(out[4 + 2], 102 / 255.0, 1e-15);

    CHECK_INT(image_load_memory(png, 0, "mem.png", 1, 2, 2, out, &e), -1);
    CHECK_STR(e.msg, "mem.png: not a picture stb_image can read (empty file)");
    CHECK_INT(image_load_memory(png, 10, "mem.png", 1, 2, 2, out, &e), -1);
    CHECK_HAS(e.msg, "mem.png: not a picture stb_image can read (");
    CHECK_INT(image_load_memory(png, (size_t)len, "mem.png", 2, 2, 2, out, &e), -1);
    CHECK_STR(e.msg, "mem.png: needs 1 or 3 channels, the input has 2");
    CHECK_INT(image_load_memory("hello", 5, "mem.png", 1, 2, 2, out, &e), -1);
    CHECK_HAS(e.msg, "mem.png: not a picture stb_image can read (");
}

/* Found by fuzzing: stb_image 2.27 writes past its Huffman table when a
 * JPEG DHT segment declares more than 256 codes; the loader refuses it. */
static void test_bad_jpeg_table(void) {
    static membuf m;
    unsigned char px[8 * 8 * 3];
    double out[3 * 8 * 8];
    errmsg e = {{0}};
    int dht = -1;
    for (int i = 0; i < (int)sizeof px; i++) px[i] = (unsigned char)(i * 7);
    CHECK(stbi_write_jpg_to_func(mem_write, &m, 8, 8, 3, px, 90) != 0);
    CHECK(m.len > 0 && m.len <= (int)sizeof m.data);
    /* a good JPEG still loads */
    CHECK_INT(image_load_memory(m.data, (size_t)m.len, "ok.jpg", 3, 8, 8, out, &e), 0);
    CHECK_STR(e.msg, "");
    for (int i = 2; i + 1 < m.len; i++)
        if (m.data[i] == 0xFF && m.data[i + 1] == 0xC4) { dht = i; break; }
    CHECK(dht > 0);
    if (dht < 0) return;
    /* 16 code counts of 20: 320 codes, more than a table holds */
    for (int k = 0; k < 16; k++) m.data[dht + 5 + k] = 20;
    write_bytes("dht.jpg", m.data, (size_t)m.len);
    CHECK_INT(image_load("dht.jpg", 3, 8, 8, out, &e), -1);
    CHECK_STR(e.msg, "dht.jpg: cannot decode (corrupt JPEG Huffman table)");

    /* the same table in the header, before the frame: stbi_info reads it */
    {
        static unsigned char hdr[sizeof m.data + 32];
        static const unsigned char bad[21] = {0xFF, 0xC4, 0x00, 0x13, 0x00, 20, 20, 20, 20, 20,
                                              20, 20, 20, 20, 20, 20, 20, 20, 20, 20, 20};
        memcpy(hdr, m.data, 2);
        memcpy(hdr + 2, bad, sizeof bad);
        memcpy(hdr + 2 + sizeof bad, m.data + 2, (size_t)m.len - 2);
        CHECK_INT(image_load_memory(hdr, (size_t)m.len + sizeof bad, "hdr.jpg", 1, 8, 8, out, &e), -1);
        CHECK_STR(e.msg, "hdr.jpg: cannot decode (corrupt JPEG Huffman table)");
    }
    /* and after fill bytes before the start marker, which stb skips */
    {
        static unsigned char fill[sizeof m.data + 8];
        memset(fill, 0xFF, 4);
        memcpy(fill + 4, m.data, (size_t)m.len);
        CHECK_INT(image_load_memory(fill, (size_t)m.len + 4, "fill.jpg", 1, 8, 8, out, &e), -1);
        CHECK_STR(e.msg, "fill.jpg: cannot decode (corrupt JPEG Huffman table)");
    }
}

/* Found by fuzzing: stb_image 2.27 reads past its buffer converting a
 * 16-bit PNM to another channel count; the loader converts instead. */
static void test_pnm16(void) {
    /* Samples repeat their byte: stb 2.27 also reads 16-bit PNM little-endian.
     * 2 x 1 gray, maxval 65535: 0x1212 and 0xFFFF -> 8 bits 0x12, 0xFF */
    static const char gray16[] = "P5\n2 1\n65535\n\x12\x12\xff\xff";
    /* 1 x 1 RGB, 16 bits: 0xC8C8, 0x6464, 0x3232 -> 200, 100, 50 */
    static const char rgb16[] = "P6\n1 1\n65535\n\xc8\xc8\x64\x64\x32\x32";
    double out[6];
    errmsg e = {{0}};
    CHECK_INT(image_load_memory(gray16, sizeof gray16 - 1, "g.pgm", 3, 1, 2, out, &e), 0);
    CHECK_STR(e.msg, "");
    CHECK_NEAR(out[0], 0x12 / 255.0, 1e-15);
    CHECK_NEAR(out[1], 1, 0);
    CHECK_NEAR(out[2], 0x12 / 255.0, 1e-15); /* G plane */
    CHECK_NEAR(out[5], 1, 0);                /* B plane */
    CHECK_INT(image_load_memory(rgb16, sizeof rgb16 - 1, "c.ppm", 1, 1, 1, out, &e), 0);
    CHECK_NEAR(out[0], ((200 * 77 + 100 * 150 + 50 * 29) >> 8) / 255.0, 1e-15);
    CHECK_INT(image_load_memory(rgb16, sizeof rgb16 - 1, "c.ppm", 3, 1, 1, out, &e), 0);
    CHECK_NEAR(out[0], 200 / 255.0, 1e-15);
    CHECK_NEAR(out[1], 100 / 255.0, 1e-15);
    CHECK_NEAR(out[2], 50 / 255.0, 1e-15);
}

int main(void) {
    test_resize_by_hand();
    test_load_png();
    test_bad_files();
    test_load_memory();
    test_bad_jpeg_table();
    test_pnm16();
    return check_done();
}
