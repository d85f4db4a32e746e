/* make_sample_image: draws the bundled sample picture, so the project ships
 * no third-party images: 64x64 RGB, a few flat shapes with sharp edges in
 * every direction (a square, a disc, a triangle, stripes), the kind of
 * input on which an edge kernel (Sobel, Laplacian) shows what it finds.
 *   make_sample_image OUT.png */
#include <stdio.h>

#include <stb_image_write.h>

enum { SIDE = 64 };

typedef struct { unsigned char r, g, b; } rgb;

static void put(unsigned char *px, int x, int y, rgb c) {
    unsigned char *p = px + 3 * (y * SIDE + x);
    p[0] = c.r;
    p[1] = c.g;
    p[2] = c.b;
}

/* Which shape covers pixel (x, y); later shapes lie on top. */
static rgb colour_at(int x, int y) {
    rgb c = {40, 40, 60};                                   /* dark background */
    int dx = x - 44, dy = y - 20;
    if (x >= 6 && x < 26 && y >= 6 && y < 26) c = (rgb){230, 200, 40};      /* square */
    if (dx * dx + dy * dy <= 12 * 12) c = (rgb){60, 160, 230};              /* disc */
    if (y >= 34 && y < 58 && x >= 8 + (58 - y) / 2 && x < 56 - (58 - y) / 2)
        c = (rgb){220, 70, 60};                                              /* triangle */
    if (y >= 60 && (x / 4) % 2 == 0) c = (rgb){250, 250, 250};               /* stripes */
    return c;
}

int main(int argc, char **argv) {
    unsigned char px[SIDE * SIDE * 3];
    if (argc != 2) {
        fprintf(stderr, "usage: make_sample_image OUT.png\n");
        return 2;
    }
    for (int y = 0; y < SIDE; y++)
        for (int x = 0; x < SIDE; x++) put(px, x, y, colour_at(x, y));
    if (!stbi_write_png(argv[1], SIDE, SIDE, 3, px, SIDE * 3)) {
        fprintf(stderr, "make_sample_image: cannot write %s\n", argv[1]);
        return 1;
    }
    return 0;
}
