#include "theme.h"

#include <math.h>
#include <stddef.h>
#include <string.h>

#define RGB(r, g, b) {r, g, b, 255}
#define RGBA(r, g, b, a) {r, g, b, a}

/* Light: the mockup's palette. Blue positive, red negative, orange "now". */
static const theme light = {
    "light",
    RGB(247, 247, 245), RGB(255, 255, 255), RGB(33, 33, 33), RGB(110, 110, 110),
    RGB(200, 200, 200), RGB(170, 170, 170),
    RGB(230, 110, 20), RGBA(240, 140, 50, 110), RGB(150, 150, 150),
    RGB(226, 226, 226), RGB(190, 190, 190), RGB(130, 130, 130), RGB(120, 120, 120),
    RGB(214, 64, 52), RGB(255, 255, 255), RGB(40, 110, 235),
    RGB(236, 236, 233)
};

static const theme dark = {
    "dark",
    RGB(28, 30, 34), RGB(40, 43, 48), RGB(230, 230, 230), RGB(150, 150, 155),
    RGB(72, 74, 80), RGB(95, 97, 104),
    RGB(255, 150, 40), RGBA(255, 160, 60, 100), RGB(140, 140, 145),
    RGB(48, 50, 55), RGB(78, 80, 86), RGB(120, 120, 125), RGB(150, 150, 155),
    RGB(235, 90, 80), RGB(58, 60, 66), RGB(80, 150, 255),
    RGB(36, 38, 43)
};

/* Colour-blind safe: the PuOr/RdBu ends (orange for negative, blue for
 * positive) stay apart under every common deficiency, and the accent is
 * black, told apart by luminance rather than hue. */
static const theme cb = {
    "cb",
    RGB(250, 250, 250), RGB(255, 255, 255), RGB(70, 70, 70), RGB(120, 120, 120),
    RGB(205, 205, 205), RGB(170, 170, 170),
    RGB(0, 0, 0), RGBA(0, 0, 0, 70), RGB(140, 140, 140),
    RGB(228, 228, 228), RGB(185, 185, 185), RGB(130, 130, 130), RGB(110, 110, 110),
    RGB(230, 97, 1), RGB(247, 247, 247), RGB(33, 102, 172),
    RGB(236, 236, 236)
};

static const theme *const all[] = { &light, &dark, &cb };

const theme *theme_get(const char *name) {
    size_t i;
    if (!name) return NULL;
    for (i = 0; i < sizeof all / sizeof all[0]; i++)
        if (strcmp(all[i]->name, name) == 0) return all[i];
    return NULL;
}

const theme *theme_next(const theme *t) {
    size_t i, n = sizeof all / sizeof all[0];
    for (i = 0; i < n; i++)
        if (all[i] == t) return all[(i + 1) % n];
    return all[0];
}

int theme_count(void) { return (int)(sizeof all / sizeof all[0]); }

const theme *theme_at(int i) { return i >= 0 && i < theme_count() ? all[i] : NULL; }

const char *theme_names(void) {
    return "light, dark, cb";
}

static uint8_t mix(uint8_t a, uint8_t b, double t) {
    return (uint8_t)(a + (b - a) * t + 0.5);
}

frame_color theme_value_color(const theme *t, double v, double maxabs) {
    frame_color end, c;
    double k;
    if (!(maxabs > 0) || v == 0 || v != v) return t->zero;
    k = fabs(v) / maxabs;
    if (k > 1) k = 1;
    end = v < 0 ? t->neg : t->pos;
    c.r = mix(t->zero.r, end.r, k);
    c.g = mix(t->zero.g, end.g, k);
    c.b = mix(t->zero.b, end.b, k);
    c.a = 255;
    return c;
}

static double linear(uint8_t c) {
    double s = c / 255.0;
    return s <= 0.04045 ? s / 12.92 : pow((s + 0.055) / 1.055, 2.4);
}

/* WCAG contrast: pick whichever of black and white contrasts more. */
frame_color theme_text_on(const theme *t, frame_color c) {
    frame_color black = RGB(17, 17, 17), white = RGB(255, 255, 255);
    double l = 0.2126 * linear(c.r) + 0.7152 * linear(c.g) + 0.0722 * linear(c.b);
    (void)t;
    return (l + 0.05) / 0.05 >= 1.05 / (l + 0.05) ? black : white;
}

frame_color theme_group_color(int g) {
    static const frame_color okabe_ito[] = {RGB(230, 159, 0), RGB(86, 180, 233), RGB(0, 158, 115), RGB(240, 228, 66),
                                            RGB(0, 114, 178), RGB(213, 94, 0), RGB(204, 121, 167)};
    enum { N = sizeof okabe_ito / sizeof okabe_ito[0] };
    return okabe_ito[((g % N) + N) % N];
}
