/* gif_frames: decodes a GIF with stb_image and prints "FRAMES W H", for
 * test_window.sh (the window's export checked by a decoder of its own).
 *   gif_frames FILE */
#include <stdio.h>
#include <stdlib.h>

#include <stb_image.h>

int main(int argc, char **argv) {
    FILE *fp;
    long n;
    unsigned char *buf, *px;
    int *delays = NULL, w, h, frames, comp;
    if (argc != 2) {
        fprintf(stderr, "usage: gif_frames FILE\n");
        return 2;
    }
    if (!(fp = fopen(argv[1], "rb")) || fseek(fp, 0, SEEK_END) != 0 || (n = ftell(fp)) <= 0) {
        fprintf(stderr, "%s: cannot read\n", argv[1]);
        if (fp) fclose(fp);
        return 1;
    }
    rewind(fp);
    buf = malloc((size_t)n);
    if (!buf || fread(buf, 1, (size_t)n, fp) != (size_t)n) {
        fprintf(stderr, "%s: cannot read\n", argv[1]);
        fclose(fp);
        free(buf);
        return 1;
    }
    fclose(fp);
    px = stbi_load_gif_from_memory(buf, (int)n, &delays, &w, &h, &frames, &comp, 4);
    free(buf);
    if (!px) {
        fprintf(stderr, "%s: not a GIF stb_image reads: %s\n", argv[1], stbi_failure_reason());
        return 1;
    }
    printf("%d %d %d\n", frames, w, h);
    stbi_image_free(px);
    stbi_image_free(delays);
    return 0;
}
