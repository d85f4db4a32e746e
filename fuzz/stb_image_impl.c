/* stb_image compiled into the image fuzzer, so libFuzzer's coverage
 * reaches the decoders (the system's libstb.so is not instrumented). The
 * executable's definitions take precedence over the shared library's. */
#define STB_IMAGE_IMPLEMENTATION
#include <stb_image.h>
