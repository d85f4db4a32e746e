/* draw, font and pngout: frames drawn offscreen, pixels probed where the
 * frame's own commands say things are; PNGs written, read back and broken. */
#include <errno.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>
#include <stb_image.h>

#include "check.h"
#include "draw.h"
#include "font.h"
#include "layout.h"
#include "pngout.h"
#include "scene.h"

static const frame_color white = { 255, 255, 255, 255 }, red = { 220, 20, 30, 255 },
                         blue = { 10, 40, 200, 255 }, black = { 0, 0, 0, 255 };

static int same(frame_color a, frame_color b) {
    return a.r == b.r && a.g == b.g && a.b == b.b;
}

static frame_cmd *push(frame *f, frame_kind k, int x, int y, int w, int h, frame_color c) {
    frame_cmd *cmd = frame_add(f, k, x, y, w, h, c, NULL);
    if (cmd) cmd->size = 14;
    return cmd;
}

static frame_cmd *push_text(frame *f, int x, int y, int w, int h, frame_align al, int size, const char *s) {
    frame_cmd cmd;
    memset(&cmd, 0, sizeof cmd);
    cmd.kind = FRAME_TEXT;
    cmd.x = x;
    cmd.y = y;
    cmd.w = w;
    cmd.h = h;
    cmd.color = black;
    cmd.size = size;
    cmd.align = al;
    cmd.font = FRAME_FONT_SANS;
    return frame_push(f, &cmd, s);
}

/* Pixels of colour c inside x, y, w, h. */
static int count_color(const draw_offscreen *o, int x, int y, int w, int h, frame_color c) {
    int i, j, n = 0;
    for (j = y; j < y + h; j++)
        for (i = x; i < x + w; i++) n += same(draw_offscreen_pixel(o, i, j), c);
    return n;
}

/* Pixels that are not the background in x, y, w, h. */
static int count_ink(const draw_offscreen *o, int x, int y, int w, int h) {
    return w * h - count_color(o, x, y, w, h, white);
}

/* Leftmost and rightmost ink columns in a band. */
static void ink_span(const draw_offscreen *o, int y, int h, int *lo, int *hi) {
    int i;
    *lo = -1;
    *hi = -1;
    for (i = 0; i < o->surface->w; i++)
        if (count_ink(o, i, y, 1, h)) {
            if (*lo < 0) *lo = i;
            *hi = i;
        }
}

static void test_fonts(void) {
    errmsg e = { "" };
    font_set *fs = font_open(NULL, &e);
    int w1, w3;
    CHECK(fs != NULL);
    if (!fs) {
        fprintf(stderr, "%s\n", e.msg);
        return;
    }
    CHECK_HAS(font_path(fs, FRAME_FONT_SANS), "DejaVuSans.ttf");
    CHECK_HAS(font_path(fs, FRAME_FONT_SANS_BOLD), "DejaVuSans-Bold.ttf");
    CHECK_HAS(font_path(fs, FRAME_FONT_MONO), "DejaVuSansMono.ttf");
    w1 = font_measure(fs, FRAME_FONT_MONO, 20, "8");
    w3 = font_measure(fs, FRAME_FONT_MONO, 20, "888");
    CHECK(w1 > 5 && w1 < 20);
    CHECK_INT(w3, 3 * w1); /* monospace */
    CHECK(font_measure(fs, FRAME_FONT_SANS, 40, "Wide") > font_measure(fs, FRAME_FONT_SANS, 20, "Wide"));
    CHECK_INT(font_measure(fs, FRAME_FONT_SANS, 20, ""), 0);
    CHECK_INT(font_measure(fs, FRAME_FONT_MONO, 20, "88\n8888\n8"), 4 * w1); /* widest line */
    CHECK(font_height(fs, FRAME_FONT_SANS, 20) >= 20);
    font_close(fs);

    fs = font_open("/nonexistent/font.ttf", &e);
    CHECK(fs == NULL);
    CHECK_HAS(e.msg, "font: cannot open '/nonexistent/font.ttf'");

    fs = font_open("/usr/share/fonts/truetype/dejavu/DejaVuSansMono.ttf", &e);
    CHECK(fs != NULL);
    if (fs) {
        CHECK_STR(font_path(fs, FRAME_FONT_SANS), "/usr/share/fonts/truetype/dejavu/DejaVuSansMono.ttf");
        CHECK_INT(font_measure(fs, FRAME_FONT_SANS, 20, "888"), w3); /* the one path serves every face */
        font_close(fs);
    }

    /* fontconfig that knows no fonts: the message says what to do */
    {
        char conf[] = "/tmp/test_draw_fc_XXXXXX";
        int fd = mkstemp(conf);
        const char *xml = "<?xml version=\"1.0\"?>\n<fontconfig></fontconfig>\n";
        CHECK(fd >= 0 && write(fd, xml, strlen(xml)) == (ssize_t)strlen(xml));
        if (fd >= 0) close(fd);
        setenv("FONTCONFIG_FILE", conf, 1);
        fs = font_open(NULL, &e);
        CHECK(fs == NULL);
        CHECK_STR(e.msg, "font: no font found through fontconfig for 'DejaVu Sans'; "
                         "install fonts-dejavu-core or pass --font PATH");
        font_close(fs);
        unsetenv("FONTCONFIG_FILE");
        unlink(conf);
    }
}

static void test_shapes(void) {
    errmsg e = { "" };
    draw_offscreen o;
    frame f;
    frame_cmd *c;
    if (draw_offscreen_init(&o, 200, 100, NULL, &e) != 0) {
        CHECK(!"draw_offscreen_init");
        fprintf(stderr, "%s\n", e.msg);
        return;
    }
    frame_init(&f, 200, 100, white);
    push(&f, FRAME_RECT, 10, 10, 20, 20, red);
    c = push(&f, FRAME_BOX, 50, 10, 30, 30, blue);
    c->thick = 3;
    push(&f, FRAME_LINE, 100, 50, 60, 0, black)->thick = 4;
    push(&f, FRAME_HATCH, 10, 60, 30, 30, blue);
    push(&f, FRAME_CLIP, 170, 0, 10, 100, black);
    push(&f, FRAME_RECT, 160, 10, 40, 20, red);
    push(&f, FRAME_CLIP, 0, 0, 0, 0, black);
    CHECK_INT(draw_offscreen_frame(&o, &f, &e), 0);

    CHECK(same(draw_offscreen_pixel(&o, 0, 0), white));          /* background */
    CHECK(same(draw_offscreen_pixel(&o, 10, 10), red));          /* fill, corners in */
    CHECK(same(draw_offscreen_pixel(&o, 29, 29), red));
    CHECK(same(draw_offscreen_pixel(&o, 30, 30), white));        /* and not beyond */
    CHECK(same(draw_offscreen_pixel(&o, 50, 10), blue));         /* box edge */
    CHECK(same(draw_offscreen_pixel(&o, 52, 25), blue));         /* 3 px inside */
    CHECK(same(draw_offscreen_pixel(&o, 53, 25), white));        /* then hollow */
    CHECK(same(draw_offscreen_pixel(&o, 79, 39), blue));
    CHECK(same(draw_offscreen_pixel(&o, 80, 40), white));
    CHECK_INT(count_color(&o, 100, 40, 60, 20, black), 60 * 4);  /* thick line */
    CHECK(count_color(&o, 10, 60, 30, 30, blue) > 60);           /* hatching inside */
    CHECK_INT(count_ink(&o, 0, 55, 10, 45) + count_ink(&o, 40, 55, 10, 45) +
              count_ink(&o, 0, 90, 50, 10), 0);                  /* and only inside */
    CHECK_INT(count_color(&o, 160, 10, 40, 20, red), 10 * 20);   /* clipped fill */
    CHECK(same(draw_offscreen_pixel(&o, 165, 15), white));

    /* dashed: gaps along the line */
    frame_clear(&f, 200, 100, white);
    c = push(&f, FRAME_LINE, 10, 50, 180, 0, black);
    c->thick = 2;
    c->dashed = 1;
    c = push(&f, FRAME_ARROW, 10, 80, 100, 0, red);
    c->thick = 2;
    CHECK_INT(draw_offscreen_frame(&o, &f, &e), 0);
    {
        int n = count_color(&o, 10, 49, 180, 2, black);
        CHECK(n > 180 && n < 2 * 180 - 40);
    }
    CHECK(count_color(&o, 100, 70, 12, 20, red) > count_color(&o, 50, 70, 12, 20, red)); /* head */
    CHECK(same(draw_offscreen_pixel(&o, 50, 80), red));

    frame_free(&f);
    draw_offscreen_free(&o);
}

static void test_text(void) {
    errmsg e = { "" };
    draw_offscreen o;
    frame f;
    int lo, hi, tw, cached;
    if (draw_offscreen_init(&o, 300, 120, NULL, &e) != 0) {
        CHECK(!"draw_offscreen_init");
        return;
    }
    tw = font_measure(o.fonts, FRAME_FONT_SANS, 20, "-12.5");
    frame_init(&f, 300, 120, white);
    push_text(&f, 0, 0, 300, 30, FRAME_ALIGN_LEFT, 20, "-12.5");
    push_text(&f, 0, 30, 300, 30, FRAME_ALIGN_CENTER, 20, "-12.5");
    push_text(&f, 0, 60, 300, 30, FRAME_ALIGN_RIGHT, 20, "-12.5");
    push_text(&f, 100, 90, 40, 30, FRAME_ALIGN_LEFT, 20, "a long caption that overflows");
    push_text(&f, 0, 90, 40, 30, FRAME_ALIGN_LEFT, 20, "\n"); /* nothing to draw, not an error */
    push_text(&f, 0, 90, 40, 30, FRAME_ALIGN_LEFT, 20, "");
    CHECK_INT(draw_offscreen_frame(&o, &f, &e), 0);
    ink_span(&o, 0, 30, &lo, &hi);
    CHECK(lo >= 0 && lo <= 3);
    CHECK(hi >= tw - 4 && hi <= tw);
    ink_span(&o, 30, 30, &lo, &hi);
    CHECK(abs((lo + hi) / 2 - 150) <= 3);
    ink_span(&o, 60, 30, &lo, &hi);
    CHECK(hi >= 296 && hi <= 299);
    CHECK(count_ink(&o, 100, 90, 40, 30) > 20);
    CHECK_INT(count_ink(&o, 0, 90, 100, 30) + count_ink(&o, 140, 90, 160, 30), 0); /* clipped */
    /* text in the box's vertical middle */
    {
        int top = -1, bot = -1, j;
        for (j = 0; j < 30; j++)
            if (count_ink(&o, 0, j, 300, 1)) {
                if (top < 0) top = j;
                bot = j;
            }
        CHECK(top >= 3 && bot <= 26);
    }
    cached = font_cached(o.fonts);
    CHECK_INT(cached, 2);
    /* the same frame again: drawn from the cache, same pixels */
    CHECK_INT(draw_offscreen_frame(&o, &f, &e), 0);
    CHECK_INT(font_cached(o.fonts), 2);
    /* strings no longer drawn leave the cache after two frames */
    frame_clear(&f, 300, 120, white);
    push_text(&f, 0, 0, 300, 30, FRAME_ALIGN_LEFT, 20, "x");
    CHECK_INT(draw_offscreen_frame(&o, &f, &e), 0);
    CHECK_INT(draw_offscreen_frame(&o, &f, &e), 0);
    CHECK_INT(draw_offscreen_frame(&o, &f, &e), 0);
    CHECK_INT(font_cached(o.fonts), 1);
    frame_free(&f);
    draw_offscreen_free(&o);
}

/* First command of element (el, a, b) and kind k. */
static const frame_cmd *find(const frame *f, frame_kind k, frame_element el, int a, int64_t b) {
    size_t i;
    for (i = 0; i < f->n; i++)
        if (f->cmd[i].kind == k && f->cmd[i].el == el && f->cmd[i].a == a && f->cmd[i].b == b)
            return &f->cmd[i];
    return NULL;
}

/* Draws the default scene at step and returns the colour at the first
 * pixel of the output cell rect that no later command covers... the rect's
 * own colour is what the frame asks for; the pixel must show it. */
static int layout_at(frame *f, draw_offscreen *o, const scene *s, layout_view *v, int64_t step) {
    errmsg e = { "" };
    v->step = step;
    if (layout_frame(f, s, v, 960, 600, &e) != 0 || draw_offscreen_frame(o, f, &e) != 0) {
        fprintf(stderr, "%s\n", e.msg);
        return -1;
    }
    return 0;
}

/* A pixel inside c away from its centre (numbers) and its edge (outlines). */
static frame_color probe(const draw_offscreen *o, const frame_cmd *c) {
    return draw_offscreen_pixel(o, c->x + c->w / 5 + 1, c->y + c->h / 5 + 1);
}

static void test_default_scene(void) {
    errmsg e = { "" };
    scene s;
    draw_offscreen o;
    layout_view v;
    frame f;
    const frame_cmd *c;
    const conv_geom *g;
    int64_t last;
    scene_init(&s);
    if (scene_make_default(&s, &e) != 0 || draw_offscreen_init(&o, 960, 600, NULL, &e) != 0) {
        CHECK(!"default scene and offscreen surface");
        fprintf(stderr, "%s\n", e.msg);
        scene_free(&s);
        return;
    }
    g = &s.layer[0].g;
    layout_view_init(&v);
    v.theme = theme_get("light");
    v.gran = SCHED_POSITION;
    v.measure = font_measure;
    v.measure_ctx = o.fonts;
    frame_init(&f, 960, 600, v.theme->background);
    last = sched_count(g, SCHED_POSITION) - 1;
    CHECK_INT(last, 2 * 9 - 1);

    /* output cell (0, 1) before its step: the empty colour */
    CHECK_INT(layout_at(&f, &o, &s, &v, 0), 0);
    c = find(&f, FRAME_RECT, FRAME_EL_OUTPUT_CELL, 0, 1);
    CHECK(c != NULL);
    if (c) {
        CHECK(same(c->color, v.theme->empty));
        CHECK(same(probe(&o, c), v.theme->empty));
    }
    /* the window box around the input cells read: accent pixels on its edge */
    {
        size_t i;
        int found = 0;
        for (i = 0; i < f.n; i++) {
            const frame_cmd *b = &f.cmd[i];
            if (b->kind == FRAME_BOX && same(b->color, v.theme->accent) && b->color.a == 255 && !b->dashed) {
                int t = b->thick > 0 ? b->thick : 1;
                found++;
                CHECK(same(draw_offscreen_pixel(&o, b->x + t / 2, b->y + b->h / 2), v.theme->accent));
                CHECK(same(draw_offscreen_pixel(&o, b->x + b->w / 2, b->y + b->h - 1 - t / 2), v.theme->accent));
            }
        }
        CHECK(found > 0);
    }
    /* padding (padded-grid cell 0 of channel 0) is drawn unlike data (cell 8 = row 1, col 1) */
    {
        const frame_cmd *pad = find(&f, FRAME_RECT, FRAME_EL_PAD_CELL, 0, 0);
        const frame_cmd *dat = find(&f, FRAME_RECT, FRAME_EL_INPUT_CELL, 0, 8);
        CHECK(pad != NULL && dat != NULL);
        if (pad && dat) {
            CHECK(!same(pad->color, dat->color));
            CHECK(!same(probe(&o, pad), probe(&o, dat)));
        }
    }
    /* after its step: the value's colour, not the empty one */
    CHECK_INT(layout_at(&f, &o, &s, &v, last), 0);
    c = find(&f, FRAME_RECT, FRAME_EL_OUTPUT_CELL, 0, 1);
    CHECK(c != NULL);
    if (c) {
        frame_color want = theme_value_color(v.theme, s.layer[0].out[1], 1);
        CHECK(!same(c->color, v.theme->empty));
        CHECK(same(probe(&o, c), c->color));
        (void)want;
    }
    /* the window's path (draw_frame through the renderer alone) gives the
     * same pixels as the offscreen one */
    {
        SDL_Surface *copy = SDL_DuplicateSurface(o.surface);
        errmsg e2 = { "" };
        CHECK(copy != NULL);
        CHECK_INT(draw_frame(o.renderer, o.fonts, &f, &e2), 0);
        SDL_RenderFlush(o.renderer);
        if (copy) {
            int y, diff = 0;
            for (y = 0; y < copy->h; y++)
                diff += memcmp((char *)copy->pixels + (size_t)y * copy->pitch,
                               (char *)o.surface->pixels + (size_t)y * o.surface->pitch,
                               (size_t)copy->w * 4) != 0;
            CHECK_INT(diff, 0);
            SDL_FreeSurface(copy);
        }
    }
    /* every output cell shows its rect's colour */
    {
        int64_t k;
        int fi, ok = 1;
        for (fi = 0; fi < g->out_c; fi++)
            for (k = 0; k < g->out_cells; k++) {
                c = find(&f, FRAME_RECT, FRAME_EL_OUTPUT_CELL, fi, k);
                if (!c || !same(probe(&o, c), c->color)) ok = 0;
            }
        CHECK(ok);
    }
    frame_free(&f);
    draw_offscreen_free(&o);
    scene_free(&s);
}

/* ---- pngout ------------------------------------------------------------- */

static int file_exists(const char *p) {
    struct stat st;
    return stat(p, &st) == 0;
}

static int dir_entries(const char *dir) {
    char cmd[512];
    FILE *p;
    int n = -1;
    snprintf(cmd, sizeof cmd, "ls -A '%s' | wc -l", dir);
    p = popen(cmd, "r");
    if (p) {
        if (fscanf(p, "%d", &n) != 1) n = -1;
        pclose(p);
    }
    return n;
}

static void test_png(void) {
    errmsg e = { "" };
    char dir[] = "/tmp/test_draw_XXXXXX", path[256], sub[256];
    unsigned char px[7 * 5 * 4], *back;
    int i, w, h, n;
    FILE *fp;
    if (!mkdtemp(dir)) {
        CHECK(!"mkdtemp");
        return;
    }
    for (i = 0; i < 7 * 5 * 4; i++) px[i] = (unsigned char)(i * 37 + 11);
    snprintf(path, sizeof path, "%s/a.png", dir);
    CHECK_INT(pngout_write_rgba(path, px, 7, 5, 28, &e), 0);
    back = stbi_load(path, &w, &h, &n, 4);
    CHECK(back != NULL);
    if (back) {
        CHECK_INT(w, 7);
        CHECK_INT(h, 5);
        CHECK(memcmp(back, px, sizeof px) == 0);
        stbi_image_free(back);
    }
    CHECK_INT(dir_entries(dir), 1); /* no temporary left behind */

    /* failures: nothing new, the existing file untouched */
    fp = fopen(path, "wb");
    fputs("old", fp);
    fclose(fp);
    snprintf(sub, sizeof sub, "%s/missing/b.png", dir);
    CHECK_INT(pngout_write_rgba(sub, px, 7, 5, 28, &e), -1);
    CHECK_HAS(e.msg, sub);
    CHECK(!file_exists(sub));
    CHECK_INT(pngout_write_rgba("/dev/full", px, 7, 5, 28, &e), -1);
    CHECK_HAS(e.msg, "/dev/full: ");
    CHECK(dir_entries("/dev") > 0 && !file_exists("/dev/full.tmp-XXXXXX"));
    {
        struct stat st;
        CHECK(stat("/dev/full", &st) == 0 && S_ISCHR(st.st_mode)); /* still the device */
    }
    snprintf(sub, sizeof sub, "%s/ro", dir);
    mkdir(sub, 0555);
    if (geteuid() != 0) { /* root writes anywhere */
        snprintf(sub, sizeof sub, "%s/ro/c.png", dir);
        CHECK_INT(pngout_write_rgba(sub, px, 7, 5, 28, &e), -1);
        CHECK(!file_exists(sub));
        snprintf(sub, sizeof sub, "%s/ro", dir);
        CHECK_INT(dir_entries(sub), 0);
    }
    rmdir(sub);
    /* a bad size is refused before anything is written, over an existing file */
    CHECK_INT(pngout_write_rgba(path, px, 0, 5, 28, &e), -1);
    fp = fopen(path, "rb");
    {
        char buf[8] = "";
        CHECK(fp && fgets(buf, sizeof buf, fp) && strcmp(buf, "old") == 0);
        if (fp) fclose(fp);
    }
    CHECK_INT(dir_entries(dir), 1);

    /* a whole frame through pngout_render */
    {
        scene s;
        layout_view v;
        scene_init(&s);
        layout_view_init(&v);
        v.theme = theme_get("dark");
        v.step = 5;
        snprintf(sub, sizeof sub, "%s/frame.png", dir);
        CHECK_INT(scene_make_default(&s, &e), 0);
        CHECK_INT(pngout_render(&s, &v, 640, 360, NULL, sub, &e), 0);
        back = stbi_load(sub, &w, &h, &n, 4);
        CHECK(back != NULL);
        if (back) {
            CHECK_INT(w, 640);
            CHECK_INT(h, 360);
            CHECK(back[0] == v.theme->background.r && back[1] == v.theme->background.g &&
                  back[2] == v.theme->background.b && back[3] == 255);
            stbi_image_free(back);
        }
        CHECK_INT(pngout_render(&s, &v, 640, 360, "/nonexistent.ttf", sub, &e), -1);
        CHECK_HAS(e.msg, "font: cannot open");
        unlink(sub);
        scene_free(&s);
    }
    unlink(path);
    rmdir(dir);
}

int main(void) {
    test_fonts();
    test_shapes();
    test_text();
    test_png();
    test_default_scene();
    return check_done();
}
