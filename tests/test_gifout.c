/* gifout and export_run: what is written decodes (stb_image) to the frames,
 * delays, loop count and pixels asked for; failures leave nothing behind. */
#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>
#include <stb_image.h>

#include "check.h"
#include "export.h"
#include "gifout.h"

/* ---- helpers ---- */

static unsigned char *slurp(const char *path, int *len) {
    FILE *fp = fopen(path, "rb");
    unsigned char *buf;
    long n;
    if (!fp) return NULL;
    fseek(fp, 0, SEEK_END);
    n = ftell(fp);
    fseek(fp, 0, SEEK_SET);
    buf = malloc(n > 0 ? (size_t)n : 1);
    if (buf && fread(buf, 1, (size_t)n, fp) != (size_t)n) {
        free(buf);
        buf = NULL;
    }
    fclose(fp);
    *len = (int)n;
    return buf;
}

static int exists(const char *path) {
    struct stat st;
    return stat(path, &st) == 0;
}

/* Entries of dir other than . and .. */
static int count_entries(const char *dir) {
    DIR *d = opendir(dir);
    struct dirent *de;
    int n = 0;
    if (!d) return -1;
    while ((de = readdir(d)) != NULL)
        if (strcmp(de->d_name, ".") != 0 && strcmp(de->d_name, "..") != 0) n++;
    closedir(d);
    return n;
}

static void write_text(const char *path, const char *s) {
    FILE *fp = fopen(path, "wb");
    if (fp) {
        fputs(s, fp);
        fclose(fp);
    }
}

/* The NETSCAPE2.0 loop count; -1 if there is no loop extension. */
static int gif_loop_count(const unsigned char *b, int n) {
    int i;
    for (i = 0; i + 16 <= n; i++)
        if (b[i] == 0x21 && b[i + 1] == 0xff && b[i + 2] == 11 && memcmp(b + i + 3, "NETSCAPE2.0", 11) == 0)
            return b[i + 14] == 3 && b[i + 15] == 1 ? b[i + 16] | b[i + 17] << 8 : -2;
    return -1;
}

typedef struct {
    unsigned char *file;
    int len;
    unsigned char *px; /* frames * w * h * 4 */
    int *delays;       /* ms */
    int w, h, frames;
} decoded;

static int gif_decode(const char *path, decoded *d) {
    int comp;
    memset(d, 0, sizeof *d);
    d->file = slurp(path, &d->len);
    if (!d->file) return -1;
    d->px = stbi_load_gif_from_memory(d->file, d->len, &d->delays, &d->w, &d->h, &d->frames, &comp, 4);
    return d->px ? 0 : -1;
}

static void gif_free(decoded *d) {
    stbi_image_free(d->px);
    free(d->delays);
    free(d->file);
}

static const unsigned char *gif_pixel(const decoded *d, int f, int x, int y) {
    return d->px + (((size_t)f * d->h + y) * d->w + x) * 4;
}

/* A w x h picture of flat colour c with a 4x4 cell of colour k at (cx, cy). */
static void paint(unsigned char *rgba, int w, int h, const unsigned char c[3], int cx, int cy,
                  const unsigned char k[3]) {
    int x, y;
    for (y = 0; y < h; y++)
        for (x = 0; x < w; x++) {
            const unsigned char *s = x >= cx && x < cx + 4 && y >= cy && y < cy + 4 ? k : c;
            unsigned char *p = rgba + 4 * ((size_t)y * w + x);
            p[0] = s[0], p[1] = s[1], p[2] = s[2], p[3] = 255;
        }
}

static const unsigned char WHITE[3] = {255, 255, 255}, RED[3] = {200, 30, 40},
                           BLUE[3] = {20, 90, 210}, GREEN[3] = {10, 160, 60};

/* ---- gifout on its own ---- */

/* Three frames: a red cell moves, then turns blue. */
static int write_three(const char *path, int loop, long long *bytes, errmsg *e) {
    enum { W = 40, H = 30 };
    static unsigned char px[W * H * 4];
    gifout *g = gifout_open(path, W, H, loop, e);
    if (!g) return -1;
    /* Blue first appears in frame 3: show it to the palette up front. */
    paint(px, W, H, WHITE, 20, 8, BLUE);
    if (gifout_sample(g, px, 4 * W, e) != 0) goto fail;
    paint(px, W, H, WHITE, 4, 4, RED);
    if (gifout_add(g, px, 4 * W, 50, e) != 0) goto fail;
    paint(px, W, H, WHITE, 20, 8, RED);
    if (gifout_add(g, px, 4 * W, 7, e) != 0) goto fail;
    paint(px, W, H, WHITE, 20, 8, BLUE);
    if (gifout_add(g, px, 4 * W, 120, e) != 0) goto fail;
    return gifout_close(g, bytes, e);
fail:
    gifout_abort(g);
    return -1;
}

static void test_round_trip(void) {
    errmsg e = {{0}};
    decoded d;
    long long bytes = 0;
    CHECK_INT(write_three("t_three.gif", 0, &bytes, &e), 0);
    CHECK_INT(gif_decode("t_three.gif", &d), 0);
    CHECK_INT(bytes, d.len);
    CHECK_INT(d.frames, 3);
    CHECK_INT(d.w, 40);
    CHECK_INT(d.h, 30);
    if (d.frames == 3) {
        CHECK_INT(d.delays[0], 500);
        CHECK_INT(d.delays[1], 70);
        CHECK_INT(d.delays[2], 1200);
        CHECK(memcmp(gif_pixel(&d, 0, 5, 5), RED, 3) == 0);
        CHECK(memcmp(gif_pixel(&d, 0, 21, 9), WHITE, 3) == 0);
        CHECK(memcmp(gif_pixel(&d, 1, 5, 5), WHITE, 3) == 0);   /* the old cell is cleared */
        CHECK(memcmp(gif_pixel(&d, 1, 21, 9), RED, 3) == 0);
        CHECK(memcmp(gif_pixel(&d, 2, 21, 9), BLUE, 3) == 0);
        CHECK(memcmp(gif_pixel(&d, 2, 39, 29), WHITE, 3) == 0);
        CHECK_INT(gif_pixel(&d, 2, 39, 29)[3], 255);            /* transparency is not seen through */
    }
    CHECK_INT(gif_loop_count(d.file, d.len), 0);                 /* forever */
    gif_free(&d);
    remove("t_three.gif");
}

static void test_loop_counts(void) {
    errmsg e = {{0}};
    int loops[] = {1, 2, 5}, want[] = {-1, 1, 4}, i;
    for (i = 0; i < 3; i++) {
        int len = 0;
        unsigned char *b;
        CHECK_INT(write_three("t_loop.gif", loops[i], NULL, &e), 0);
        b = slurp("t_loop.gif", &len);
        CHECK(b != NULL);
        if (b) CHECK_INT(gif_loop_count(b, len), want[i]);
        free(b);
    }
    remove("t_loop.gif");
}

/* Stripes: a first frame that is expensive, so a full redraw would show. */
static void stripes(unsigned char *px, int w, int h) {
    int i;
    for (i = 0; i < w * h; i++) {
        const unsigned char *c = (i % w / 7 + i / w / 5) % 3 == 0 ? GREEN : (i % 11 ? WHITE : BLUE);
        px[4 * i] = c[0], px[4 * i + 1] = c[1], px[4 * i + 2] = c[2], px[4 * i + 3] = 255;
    }
}

/* A frame where one pixel changes costs bytes for that pixel only. */
static void test_diff_window(void) {
    enum { W = 400, H = 300 };
    unsigned char *px = malloc(W * H * 4);
    errmsg e = {{0}};
    long long first = 0, all = 0;
    decoded d;
    int i;
    gifout *g;
    if (!px) return;
    stripes(px, W, H);
    g = gifout_open("t_diff.gif", W, H, 0, &e);
    CHECK(g && gifout_add(g, px, 4 * W, 50, &e) == 0);
    if (g) CHECK_INT(gifout_close(g, &first, &e), 0);
    g = gifout_open("t_diff.gif", W, H, 0, &e);
    px[0] = RED[0], px[1] = RED[1], px[2] = RED[2];
    CHECK(g && gifout_sample(g, px, 4 * W, &e) == 0);
    stripes(px, W, H);
    CHECK(g && gifout_add(g, px, 4 * W, 50, &e) == 0);
    for (i = 0; g && i < 40; i++) {
        unsigned char *p = px + 4 * ((size_t)(100 + i % 5) * W + 200 + i);
        p[0] = RED[0], p[1] = RED[1], p[2] = RED[2];
        CHECK_INT(gifout_add(g, px, 4 * W, 50, &e), 0);
    }
    if (g) CHECK_INT(gifout_close(g, &all, &e), 0);
    CHECK(first > 2000);             /* a full frame costs this much */
    CHECK(all - first < 40 * 40);    /* a changed pixel: control blocks and a byte or two */
    CHECK_INT(gif_decode("t_diff.gif", &d), 0);
    CHECK_INT(d.frames, 41);
    if (d.frames == 41) {
        CHECK(memcmp(gif_pixel(&d, 40, 239, 104), RED, 3) == 0);
        CHECK(memcmp(gif_pixel(&d, 40, 0, 0), GREEN, 3) == 0);
        CHECK(memcmp(gif_pixel(&d, 1, 239, 104), gif_pixel(&d, 0, 239, 104), 3) == 0);
        CHECK(memcmp(gif_pixel(&d, 40, 0, 0), gif_pixel(&d, 0, 0, 0), 4) == 0);
    }
    gif_free(&d);
    free(px);
    remove("t_diff.gif");
}

/* More than 255 colours: the flat ones stay exact, the rare ones map to the
 * nearest entry, and the palette has a free slot for transparency. */
static void test_palette_overflow(void) {
    enum { W = 64, H = 64 };
    unsigned char px[W * H * 4], pal[3 * 256];
    errmsg e = {{0}};
    decoded d;
    int i, n;
    gifout *g = gifout_open("t_pal.gif", W, H, 0, &e);
    CHECK(g != NULL);
    if (!g) return;
    paint(px, W, H, WHITE, 10, 10, RED);
    /* Rows 32..63: 2048 pixels on a white-to-blue ramp of 1024 steps, as
     * anti-aliased edges of blue text on white make. */
    for (i = 32 * W; i < W * H; i++) {
        int k = (i - 32 * W) / 2, c;
        for (c = 0; c < 3; c++) px[4 * i + c] = (unsigned char)((WHITE[c] * (1023 - k) + BLUE[c] * k) / 1023);
    }
    CHECK_INT(gifout_add(g, px, 4 * W, 10, &e), 0);
    n = gifout_palette(g, pal);
    CHECK_INT(n, GIFOUT_MAX_COLORS);
    CHECK(memcmp(pal, WHITE, 3) == 0); /* the most frequent colour first */
    CHECK_INT(gifout_close(g, NULL, &e), 0);
    CHECK_INT(gif_decode("t_pal.gif", &d), 0);
    if (d.px) {
        int worst = 0, x;
        CHECK(memcmp(gif_pixel(&d, 0, 0, 0), WHITE, 3) == 0);
        CHECK(memcmp(gif_pixel(&d, 0, 11, 11), RED, 3) == 0);
        for (x = 0; x < W * 32; x++) {
            const unsigned char *p = d.px + 4 * (size_t)(32 * W + x), *s = px + 4 * (size_t)(32 * W + x);
            int dd = abs(p[0] - s[0]) + abs(p[1] - s[1]) + abs(p[2] - s[2]);
            if (dd > worst) worst = dd;
        }
        CHECK(worst > 0);   /* some did not fit */
        CHECK(worst <= 6);  /* and went to a near colour, not a far one */
    }
    gif_free(&d);
    remove("t_pal.gif");
}

/* A colour no sample showed maps to its nearest entry, and keeps mapping
 * to the same one. */
static void test_unsampled_colour(void) {
    enum { W = 16, H = 16 };
    unsigned char px[W * H * 4];
    const unsigned char pink[3] = {210, 40, 50};
    errmsg e = {{0}};
    decoded d;
    gifout *g = gifout_open("t_new.gif", W, H, 0, &e);
    CHECK(g != NULL);
    if (!g) return;
    paint(px, W, H, WHITE, 2, 2, BLUE);
    CHECK_INT(gifout_add(g, px, 4 * W, 10, &e), 0);
    paint(px, W, H, WHITE, 8, 8, pink);
    CHECK_INT(gifout_add(g, px, 4 * W, 10, &e), 0);
    CHECK_INT(gifout_add(g, px, 4 * W, 10, &e), 0);
    CHECK_INT(gifout_close(g, NULL, &e), 0);
    CHECK_INT(gif_decode("t_new.gif", &d), 0);
    if (d.frames == 3) {
        CHECK(memcmp(gif_pixel(&d, 1, 9, 9), BLUE, 3) == 0); /* nearer than white */
        CHECK(memcmp(gif_pixel(&d, 2, 9, 9), BLUE, 3) == 0);
        CHECK(memcmp(gif_pixel(&d, 1, 3, 3), WHITE, 3) == 0);
    }
    gif_free(&d);
    remove("t_new.gif");
}

static void test_failures(void) {
    errmsg e = {{0}};
    unsigned char px[8 * 8 * 4];
    gifout *g;
    int len = 0;
    unsigned char *b;
    paint(px, 8, 8, WHITE, 2, 2, RED);

    /* Bad sizes: nothing created. */
    CHECK(gifout_open("t_bad.gif", 0, 10, 0, &e) == NULL);
    CHECK_HAS(e.msg, "t_bad.gif: bad GIF size 0x10");
    CHECK(gifout_open("t_bad.gif", 70000, 10, 0, &e) == NULL);
    CHECK(!exists("t_bad.gif"));

    /* A directory that is not there, or a file where the directory should be. */
    CHECK(gifout_open("t_no_dir/x.gif", 8, 8, 0, &e) == NULL);
    CHECK_HAS(e.msg, "t_no_dir/x.gif: cannot create a file there: No such file or directory");
    write_text("t_plain", "x");
    CHECK(gifout_open("t_plain/x.gif", 8, 8, 0, &e) == NULL);
    CHECK_HAS(e.msg, "t_plain/x.gif: cannot create a file there: Not a directory");
    remove("t_plain");

    /* /dev/full: written in place (a device is never replaced), and the
     * full disk is reported, not swallowed by stdio's buffer. */
    g = gifout_open("/dev/full", 8, 8, 0, &e);
    CHECK(g != NULL);
    if (g) {
        CHECK_INT(gifout_add(g, px, 32, 10, &e), 0);
        CHECK_INT(gifout_close(g, NULL, &e), -1);
        CHECK_STR(e.msg, "/dev/full: No space left on device");
        CHECK(strchr(e.msg, '\n') == NULL);
    }

    /* An existing file survives an aborted or empty GIF, and no temp file stays. */
    mkdir("t_keep", 0777);
    write_text("t_keep/a.gif", "old contents");
    g = gifout_open("t_keep/a.gif", 8, 8, 0, &e);
    CHECK(g != NULL);
    if (g) {
        CHECK_INT(count_entries("t_keep"), 2); /* the target and its temp file */
        CHECK_INT(gifout_add(g, px, 32, 10, &e), 0);
        gifout_abort(g);
    }
    g = gifout_open("t_keep/a.gif", 8, 8, 0, &e);
    if (g) {
        CHECK_INT(gifout_close(g, NULL, &e), -1);
        CHECK_STR(e.msg, "t_keep/a.gif: no frames to write");
    }
    b = slurp("t_keep/a.gif", &len);
    CHECK(b && len == 12 && memcmp(b, "old contents", 12) == 0);
    free(b);
    CHECK_INT(count_entries("t_keep"), 1);
    remove("t_keep/a.gif");
    rmdir("t_keep");
}

/* ---- export_run: the GIF against the PNG frames of the same steps ---- */

typedef struct {
    int calls;
    int64_t last_done, total;
    int ordered;
} progress_log;

static int log_progress(void *ctx, int64_t done, int64_t total) {
    progress_log *p = ctx;
    if (p->calls > 0 && done != p->last_done + 1) p->ordered = 0;
    p->calls++;
    p->last_done = done;
    p->total = total;
    return 0;
}

/* Asks to stop once `stop_at` frames are done. */
static int stop_progress(void *ctx, int64_t done, int64_t total) {
    int64_t *stop_at = ctx;
    (void)total;
    return done >= *stop_at;
}

static int in_palette(const unsigned char *pal, int n, const unsigned char *c) {
    int i;
    for (i = 0; i < n; i++)
        if (memcmp(pal + 3 * i, c, 3) == 0) return 1;
    return 0;
}

static void compare_frame(const decoded *d, int f, const char *png) {
    int w, h, comp, i, off = 0, exact_miss = 0, npal;
    const unsigned char *pal = d->file + 13; /* the global colour table */
    unsigned char *p = stbi_load(png, &w, &h, &comp, 4);
    CHECK(p != NULL);
    if (!p) return;
    CHECK_INT(w, d->w);
    CHECK_INT(h, d->h);
    npal = 2 << (d->file[10] & 7);
    for (i = 0; i < w * h; i++) {
        const unsigned char *g = d->px + ((size_t)f * w * h + i) * 4, *s = p + 4 * (size_t)i;
        if (memcmp(g, s, 3) == 0) continue;
        if (in_palette(pal, npal, s)) exact_miss++;
        else off++;
    }
    CHECK_INT(exact_miss, 0);  /* a colour the palette has comes out exactly */
    CHECK(off < w * h / 50);   /* the rest: a few anti-aliased edge pixels */
    stbi_image_free(p);
}

static void test_export_run(void) {
    scene s;
    export_opts o;
    export_stats st;
    progress_log log = {0, -1, 0, 1};
    errmsg e = {{0}};
    decoded d;
    int64_t n;
    scene_init(&s);
    CHECK_INT(scene_make_default(&s, &e), 0);
    export_opts_init(&o);
    o.gif = "t_run.gif";
    o.frames = "t_run_frames";
    o.width = 320;
    o.height = 200;
    o.gran = SCHED_POSITION;
    o.delay_ms = 250;
    o.hold_ms = 1000;
    o.loop = 3;
    n = sched_count(&s.layer[0].g, SCHED_POSITION);
    CHECK_INT(n, 18); /* 2 filters x 3x3 cells */
    CHECK_INT(export_run(&s, &o, log_progress, &log, &st, &e), 0);
    CHECK_INT(st.frames, n);
    CHECK_INT(log.calls, n + 1);
    CHECK(log.ordered);
    CHECK_INT(log.total, n);
    CHECK_INT(count_entries("t_run_frames"), (int)n);
    CHECK(exists("t_run_frames/frame_00001.png"));
    CHECK(exists("t_run_frames/frame_00018.png"));
    CHECK_INT(gif_decode("t_run.gif", &d), 0);
    CHECK_INT(st.gif_bytes, d.len);
    CHECK_INT(d.frames, n);
    CHECK_INT(d.w, 320);
    CHECK_INT(d.h, 200);
    if (d.frames == n) {
        CHECK_INT(d.delays[0], 250);
        CHECK_INT(d.delays[16], 250);
        CHECK_INT(d.delays[17], 1250);
        CHECK_INT(gif_loop_count(d.file, d.len), 2);
        compare_frame(&d, 0, "t_run_frames/frame_00001.png");
        compare_frame(&d, 7, "t_run_frames/frame_00008.png");
        compare_frame(&d, 17, "t_run_frames/frame_00018.png");
    }
    gif_free(&d);

    /* A subrange, with a delay that does not divide into hundredths. */
    o.frames = NULL;
    o.from = 3;
    o.to = 6;
    o.delay_ms = 333;
    o.hold_ms = 0;
    CHECK_INT(export_run(&s, &o, NULL, NULL, &st, &e), 0);
    CHECK_INT(st.frames, 4);
    CHECK_INT(gif_decode("t_run.gif", &d), 0);
    CHECK_INT(d.frames, 4);
    if (d.frames == 4) CHECK_INT(d.delays[0] + d.delays[1] + d.delays[2] + d.delays[3], 1330);
    gif_free(&d);
    CHECK_INT(export_delay_cs(&o, 0, 4) + export_delay_cs(&o, 1, 4) + export_delay_cs(&o, 2, 4), 100);

    /* Stopped by the progress callback: a failure, nothing left behind. */
    {
        int64_t stop_at = 3;
        int before = count_entries(".");
        o.from = o.to = -1;
        o.gif = "t_cancel.gif";
        o.frames = "t_cancel_frames";
        CHECK_INT(export_run(&s, &o, stop_progress, &stop_at, &st, &e), -1);
        CHECK_STR(e.msg, "export: cancelled");
        CHECK(!exists("t_cancel.gif"));
        CHECK(!exists("t_cancel_frames"));
        CHECK_INT(count_entries("."), before);
        stop_at = 0; /* before the first frame */
        CHECK_INT(export_run(&s, &o, stop_progress, &stop_at, &st, &e), -1);
        CHECK_INT(count_entries("."), before);
        o.gif = "t_run.gif";
        o.frames = NULL;
    }

    /* Bad ranges are bad input, caught before anything is written. */
    o.from = 3;
    o.to = 18;
    CHECK_INT(export_run(&s, &o, NULL, NULL, &st, &e), -1);
    CHECK_STR(e.msg, "to: step 18 is past the last step 17 (position granularity)");
    o.from = 5;
    o.to = 4;
    CHECK_INT(export_run(&s, &o, NULL, NULL, &st, &e), -1);
    CHECK_STR(e.msg, "from: 5 is after to 4");
    o.from = o.to = -1;
    o.layer = 1;
    CHECK_INT(export_run(&s, &o, NULL, NULL, &st, &e), -1);
    CHECK_STR(e.msg, "layer: 1 is past the last layer 0");

    {
        int i;
        char name[64];
        for (i = 1; i <= 18; i++) {
            snprintf(name, sizeof name, "t_run_frames/frame_%05d.png", i);
            remove(name);
        }
        rmdir("t_run_frames");
    }
    remove("t_run.gif");
    scene_free(&s);
}

/* A failure half way (frame 3 cannot be written) removes this run's
 * frames and leaves the existing GIF as it was. */
static void test_export_failure(void) {
    scene s;
    export_opts o;
    errmsg e = {{0}};
    int len = 0;
    unsigned char *b;
    scene_init(&s);
    CHECK_INT(scene_make_default(&s, &e), 0);
    mkdir("t_fail", 0777);
    mkdir("t_fail/frames", 0777);
    mkdir("t_fail/frames/.frame_00003.png.part", 0777); /* rename onto it fails */
    write_text("t_fail/old.gif", "keep me");
    export_opts_init(&o);
    o.gif = "t_fail/old.gif";
    o.frames = "t_fail/frames";
    o.width = 160;
    o.height = 100;
    o.gran = SCHED_POSITION;
    CHECK_INT(export_run(&s, &o, NULL, NULL, NULL, &e), -1);
    CHECK_HAS(e.msg, "t_fail/frames/.frame_00003.png.part: ");
    b = slurp("t_fail/old.gif", &len);
    CHECK(b && len == 7 && memcmp(b, "keep me", 7) == 0);
    free(b);
    CHECK_INT(count_entries("t_fail"), 2);        /* old.gif and frames/, no temp file */
    CHECK_INT(count_entries("t_fail/frames"), 1); /* only the blocker */

    /* A frames directory that did not exist is removed again. */
    o.frames = "t_fail/new_frames";
    o.gif = "t_fail/no_such_dir/a.gif";
    CHECK_INT(export_run(&s, &o, NULL, NULL, NULL, &e), -1);
    CHECK_HAS(e.msg, "t_fail/no_such_dir/a.gif: cannot create a file there");
    CHECK(!exists("t_fail/new_frames"));

    rmdir("t_fail/frames/.frame_00003.png.part");
    rmdir("t_fail/frames");
    remove("t_fail/old.gif");
    rmdir("t_fail");
    scene_free(&s);
}

int main(void) {
    test_round_trip();
    test_loop_counts();
    test_diff_window();
    test_palette_overflow();
    test_unsampled_colour();
    test_failures();
    test_export_run();
    test_export_failure();
    return check_done();
}
