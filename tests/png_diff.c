/* png_diff: how far apart two pictures of one size are, for the tests of
 * the outputs drawn by other programs (a decoded video frame, an SVG
 * rasterised by rsvg-convert) against our PNG render of the same frame.
 *   png_diff A.png B.png MEAN   prints "mean M, N% of pixels off by more than 48"
 *                               and exits 1 if the sizes differ or the mean
 *                               absolute difference (0..255 a channel) is
 *                               above MEAN. */
#include <stdio.h>
#include <stdlib.h>

#include <stb_image.h>

int main(int argc, char **argv) {
    unsigned char *a, *b;
    int wa, ha, wb, hb, comp;
    double lim, sum = 0;
    long long off = 0, n;
    if (argc != 4 || sscanf(argv[3], "%lf", &lim) != 1) {
        fprintf(stderr, "usage: png_diff A.png B.png MEAN\n");
        return 2;
    }
    a = stbi_load(argv[1], &wa, &ha, &comp, 3);
    b = stbi_load(argv[2], &wb, &hb, &comp, 3);
    if (!a || !b) {
        fprintf(stderr, "%s: %s\n", a ? argv[2] : argv[1], stbi_failure_reason());
        return 1;
    }
    if (wa != wb || ha != hb) {
        printf("sizes differ: %dx%d and %dx%d\n", wa, ha, wb, hb);
        return 1;
    }
    n = (long long)wa * ha;
    for (long long i = 0; i < n; i++) {
        int worst = 0;
        for (int c = 0; c < 3; c++) {
            int d = abs(a[i * 3 + c] - b[i * 3 + c]);
            sum += d;
            if (d > worst) worst = d;
        }
        off += worst > 48;
    }
    printf("mean %.2f, %.2f%% of pixels off by more than 48\n", sum / (3.0 * n), 100.0 * off / n);
    stbi_image_free(a);
    stbi_image_free(b);
    return sum / (3.0 * n) <= lim ? 0 : 1;
}
