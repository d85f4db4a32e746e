#include "text.h"

#include <string.h>

static int imax(int a, int b) { return a > b ? a : b; }

int text_line_h(int size) { return size + (size + 3) / 4; }

int text_width(const text_pen *p, frame_font font, int size, const char *s) {
    if (p->measure) return p->measure(p->ctx, font, size, s);
    return frame_text_width_estimate(NULL, font, size, s);
}

frame_cmd *text_put(text_pen *p, text_box b, frame_font font, int size, frame_align al, frame_color c,
                    const char *s) {
    int h = text_line_h(size);
    frame_cmd *r = frame_add(p->f, FRAME_TEXT, b.x, b.y + (b.h - h) / 2, b.w, h, c, s);
    if (!r) {
        p->fail = 1;
        return NULL;
    }
    r->font = font;
    r->size = size;
    r->align = al;
    return r;
}

int text_fit(const text_pen *p, text_box b, frame_font font, int want, const char *s) {
    int size = want, lo;
    if (b.w <= 0 || b.h <= 0 || !*s) return 0;
    while (size > TEXT_MIN && text_line_h(size) > b.h) size--;
    if (text_line_h(size) > b.h) return 0;
    lo = imax(TEXT_MIN, size * 3 / 4);
    while (size > lo && text_width(p, font, size, s) > b.w) size--;
    return text_width(p, font, size, s) <= b.w ? size : 0;
}

frame_cmd *text_whole(text_pen *p, text_box b, frame_font font, int size, frame_align al, frame_color c,
                      const char *s) {
    int fs = text_fit(p, b, font, size, s);
    return fs ? text_put(p, b, font, fs, al, c, s) : NULL;
}

frame_cmd *text_cut(text_pen *p, text_box b, frame_font font, int size, frame_align al, frame_color c,
                    const char *s) {
    char buf[1024];
    size_t n;
    int fs = text_fit(p, b, font, size, s);
    if (fs) return text_put(p, b, font, fs, al, c, s);
    while (size > TEXT_MIN && text_line_h(size) > b.h) size--;
    if (b.w <= 0 || text_line_h(size) > b.h || !*s) return NULL;
    size = imax(TEXT_MIN, size * 3 / 4);
    n = strlen(s);
    if (n >= sizeof buf - 4) n = sizeof buf - 4;
    while (n > 0) {
        do n--; while (n > 0 && ((unsigned char)s[n] & 0xC0) == 0x80); /* whole UTF-8 characters */
        memcpy(buf, s, n);
        memcpy(buf + n, "...", 4);
        if (text_width(p, font, size, buf) <= b.w) return text_put(p, b, font, size, al, c, buf);
    }
    return NULL;
}

frame_cmd *text_pick(text_pen *p, text_box b, frame_font font, int size, frame_align al, frame_color c,
                     const char *const *forms, int n) {
    for (int i = 0; i < n; i++) {
        int fs = forms[i] && *forms[i] ? text_fit(p, b, font, size, forms[i]) : 0;
        if (fs) return text_put(p, b, font, fs, al, c, forms[i]);
    }
    return n > 0 && forms[n - 1] ? text_cut(p, b, font, size, al, c, forms[n - 1]) : NULL;
}

int text_wrap(text_pen *p, text_box b, frame_font font, int size, frame_color c, frame_element el, const char *s) {
    char buf[1024];
    int h = text_line_h(size), y = b.y, bottom = b.y + b.h;
    const char *q = s;
    if (b.h < h) {
        size = b.h * 4 / 5;
        h = text_line_h(size);
        if (size < TEXT_MIN) return 0;
    }
    while (*q && y + h <= bottom) {
        size_t para = strcspn(q, "\n"), len = 0, i = 0;
        if (y + 2 * h > bottom) {
            len = strlen(q); /* the last line: text_cut ends it with "..." */
        } else {
            while (i < para) {
                size_t j = i;
                while (j < para && q[j] == ' ') j++;
                while (j < para && q[j] != ' ') j++;
                if (j >= sizeof buf) break;
                memcpy(buf, q, j);
                buf[j] = 0;
                if (len > 0 && text_width(p, font, size, buf) > b.w) break;
                len = i = j;
            }
            if (len == 0) len = para;
        }
        if (len >= sizeof buf) len = sizeof buf - 1;
        memcpy(buf, q, len);
        buf[len] = 0;
        for (size_t k = 0; k < len; k++)
            if (buf[k] == '\n') buf[k] = ' ';
        frame_tag(text_cut(p, (text_box){b.x, y, b.w, h}, font, size, FRAME_ALIGN_LEFT, c, buf), el, 0, 0);
        q += len;
        while (*q == ' ') q++;
        if (*q == '\n') q++;
        y += h;
    }
    return y - b.y;
}
