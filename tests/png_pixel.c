/* png_pixel: prints "R G B" of the pixel at (X, Y) of a PNG, decoded with
 * stb_image, for test_window.sh (what a screenshot shows where).
 *   png_pixel FILE X Y */
#include <stdio.h>
#include <stdlib.h>

#include <stb_image.h>

int main(int argc, char **argv) {
    unsigned char *px;
    int w, h, comp, x, y;
    if (argc != 4 || sscanf(argv[2], "%d", &x) != 1 || sscanf(argv[3], "%d", &y) != 1) {
        fprintf(stderr, "usage: png_pixel FILE X Y\n");
        return 2;
    }
    if (!(px = stbi_load(argv[1], &w, &h, &comp, 3))) {
        fprintf(stderr, "%s: %s\n", argv[1], stbi_failure_reason());
        return 1;
    }
    if (x < 0 || y < 0 || x >= w || y >= h) {
        fprintf(stderr, "%s: (%d, %d) is outside %d x %d\n", argv[1], x, y, w, h);
        stbi_image_free(px);
        return 1;
    }
    printf("%d %d %d\n", px[(y * w + x) * 3], px[(y * w + x) * 3 + 1], px[(y * w + x) * 3 + 2]);
    stbi_image_free(px);
    return 0;
}
