/* framedir: a folder that holds one run of numbered frames,
 * frame_00001.EXT, frame_00002.EXT, ... (PNG frames, SVG figures).
 *
 * The folder is made if missing and locked (flock) for the run: a second
 * run into it fails at once instead of mixing its frames in, and parts a
 * killed run left are removed when the next run takes the lock. Frames
 * are written under hidden temporary names (.frame_00001.EXT.part, each
 * itself written atomically by its writer) and renamed to their names
 * only once every frame is done (framedir_commit), replacing an earlier
 * run's; then the earlier run's frames numbered past the new set are
 * removed, and anything else is counted (the first named) for the
 * caller's warning, and left. A failure (framedir_drop) removes the parts,
 * and the folder if this run made it. */
#ifndef CONVANIM_FRAMEDIR_H
#define CONVANIM_FRAMEDIR_H

#include <stddef.h>
#include <stdint.h>
#include "errmsg.h"

typedef struct {
    const char *dir, *ext;  /* the folder; "png", "svg" */
    char *name;             /* scratch for file names */
    size_t name_size;
    int made_dir;           /* the run created dir */
    int dir_fd;             /* dir, held locked; -1 if none */
    int64_t parts;          /* frames written under temporary names */
    long long bytes;        /* all frames together */
    int64_t stale;          /* an earlier run's frames past the new set, removed */
    int64_t other;          /* files that are not frames, left */
    char other_name[256];   /* the first of them */
} framedir;

/* Makes (if missing) and locks dir. On failure framedir_drop and
 * framedir_close are still to be called. */
int framedir_open(framedir *d, const char *dir, const char *ext, errmsg *e);

/* Where frame i (from 0) is to be written, until the next call. */
const char *framedir_part(framedir *d, int64_t i);

/* Frame i is written: counts it and its bytes. */
void framedir_wrote(framedir *d, int64_t i);

/* Every part to its name, then the clean-up above. */
int framedir_commit(framedir *d, errmsg *e);

/* After a failure: the parts go, and the folder if the run made it. */
void framedir_drop(framedir *d);

/* Unlocks the folder and frees d's buffers. */
void framedir_close(framedir *d);

#endif
