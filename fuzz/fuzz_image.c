/* libFuzzer target: the picture loader (stb_image + area resize) on
 * arbitrary bytes through image_load_memory, which shares its decoder
 * with image_load. The first two bytes pick the channels and target size. */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include "image.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
    static double out[3 * 16 * 16];
    errmsg e = {{0}};
    int channels, h, w;
    if (size < 2) return 0;
    channels = data[0] & 1 ? 3 : 1;
    h = 1 + (data[0] >> 4);
    w = 1 + (data[1] & 15);
    if (image_load_memory(data + 2, size - 2, "fuzz", channels, h, w, out, &e) != 0) {
        if (e.msg[0] == '\0' || strchr(e.msg, '\n')) abort();
        return 0;
    }
    /* Area means of 8-bit pixels stay in 0..1. */
    for (int i = 0; i < channels * h * w; i++)
        if (!(out[i] >= 0 && out[i] <= 1)) abort();
    return 0;
}
