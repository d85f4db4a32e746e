/* lessonout: a lesson as files for a course page. Slide i (from 1) becomes
 * slide-NN.gif when it plays (a "stop" after its "step": the steps between,
 * as `export` draws them) or slide-NN.png (the frame at its step), in
 * figure style; then index.html shows them in order with their captions
 * (fields filled, HTML-escaped) and questions.
 *
 * Files: each picture and the page are written whole or not at all
 * (atomic temporary files renamed into place, replacing an earlier run's);
 * slide pictures an earlier, longer run left past the new set, or under
 * the other extension, are removed. Nothing else in the folder is touched. */
#ifndef CONVANIM_LESSONOUT_H
#define CONVANIM_LESSONOUT_H

#include "export.h"
#include "lesson.h"

enum { LESSONOUT_NAME = 32 };

typedef struct {
    int width, height;      /* each picture, default 960 x 540 */
    const theme *theme;     /* NULL: light */
    const char *font;       /* NULL: fontconfig's faces */
    int delay_ms;           /* a GIF's time per frame, default 500 */
    layout_style style;     /* LAYOUT_STYLE_FIGURE by default */
} lessonout_opts;

void lessonout_opts_init(lessonout_opts *o);

/* "slide-03.gif" or "slide-03.png": the file slide i (from 0) becomes. */
void lessonout_name(const lesson *l, int i, char *buf, size_t n);

/* Called after each slide (done of total); nonzero stops the run. */
typedef int (*lessonout_progress_fn)(void *ctx, int done, int total);

/* Writes every slide and dir/index.html; dir is created if missing. 0, or
 * -1 with e ("slide 3: ..."). */
int lessonout_write(const lesson *l, const char *dir, const lessonout_opts *o, lessonout_progress_fn progress,
                    void *ctx, errmsg *e);

/* The page alone, into a malloc'd string (the caller frees): for tests. */
char *lessonout_html(const lesson *l, errmsg *e);

#endif
