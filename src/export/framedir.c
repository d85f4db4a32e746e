/* framedir: a folder of numbered frames, one run at a time (framedir.h). */
#define _DEFAULT_SOURCE /* flock */
#include "framedir.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <unistd.h>

/* DIR/.frame_00001.png.part while the run lasts, DIR/frame_00001.png after. */
static const char *framedir_name(framedir *x, int64_t i, int part) {
    snprintf(x->name, x->name_size, "%s/%sframe_%05lld.%s%s", x->dir, part ? "." : "", (long long)i + 1, x->ext,
             part ? ".part" : "");
    return x->name;
}

/* The number of frame_00001.png (5 digits or more), 0 for any other name. */
static long long framedir_number(const framedir *x, const char *name) {
    size_t n;
    if (strncmp(name, "frame_", 6) != 0) return 0;
    n = strspn(name + 6, "0123456789");
    if (n < 5 || n > 15 || name[6 + n] != '.' || strcmp(name + 7 + n, x->ext) != 0) return 0;
    return strtoll(name + 6, NULL, 10);
}

/* .frame_00001.png.part, and the temporary files of its writer beside it. */
static int framedir_part_name(const framedir *x, const char *name) {
    char suffix[32];
    const char *end;
    size_t n = (size_t)snprintf(suffix, sizeof suffix, ".%s.part", x->ext);
    end = strstr(name, suffix);
    return strncmp(name, ".frame_", 7) == 0 && end && (end[n] == 0 || strncmp(end + n, ".tmp-", 5) == 0);
}

/* A listing of the locked folder from its start, on a copy of its
 * descriptor (the lock stays with x->dir_fd); NULL if none can be had. */
static DIR *framedir_list(const framedir *x) {
    int fd = dup(x->dir_fd);
    DIR *d = fd >= 0 ? fdopendir(fd) : NULL;
    if (!d) {
        if (fd >= 0) close(fd);
        return NULL;
    }
    rewinddir(d); /* a dup shares the offset an earlier scan left at the end */
    return d;
}

/* With the folder locked, any part there is a killed run's: removed. */
static void framedir_sweep(framedir *x) {
    DIR *d = framedir_list(x);
    struct dirent *ent;
    if (!d) return;
    while ((ent = readdir(d)) != NULL)
        if (framedir_part_name(x, ent->d_name)) unlinkat(dirfd(d), ent->d_name, 0);
    closedir(d);
}

/* Creates the folder if missing and locks it, so that two runs into one
 * folder cannot mix their frames: the second fails at once. */
int framedir_open(framedir *x, const char *dir, const char *ext, errmsg *e) {
    struct stat st;
    int made = 0;
    memset(x, 0, sizeof *x);
    x->dir = dir;
    x->ext = ext;
    x->dir_fd = -1;
    x->name_size = strlen(dir) + strlen(ext) + 64;
    if (!(x->name = malloc(x->name_size))) return errmsg_set(e, "%s: out of memory", dir);
    if (stat(dir, &st) == 0) {
        if (!S_ISDIR(st.st_mode)) return errmsg_set(e, "%s: not a directory", dir);
    } else if (mkdir(dir, 0777) == 0) {
        made = 1;
    } else if (errno != EEXIST) { /* EEXIST: another run made it meanwhile */
        return errmsg_set(e, "%s: cannot create the directory: %s", dir, strerror(errno));
    }
    x->dir_fd = open(dir, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
    if (x->dir_fd < 0) return errmsg_set(e, "%s: %s", dir, strerror(errno));
    if (flock(x->dir_fd, LOCK_EX | LOCK_NB) != 0) {
        if (errno == EWOULDBLOCK) return errmsg_set(e, "%s: another export is writing frames there", dir);
        return errmsg_set(e, "%s: cannot lock the directory: %s", dir, strerror(errno));
    }
    /* Only now: a run that made the folder but lost the lock must not
     * remove it from under the winner. */
    x->made_dir = made;
    framedir_sweep(x);
    return 0;
}

/* After the new set is in place: frames numbered past it are an earlier
 * run's and go; anything else is counted (and the first named) for the
 * caller's warning, and left. */
static void framedir_clean(framedir *x, int64_t count) {
    DIR *d = framedir_list(x);
    struct dirent *ent;
    if (!d) return;
    while ((ent = readdir(d)) != NULL) {
        const char *name = ent->d_name;
        long long k = framedir_number(x, name);
        if (strcmp(name, ".") == 0 || strcmp(name, "..") == 0 || (k >= 1 && k <= count)) continue;
        if (k > count) {
            if (unlinkat(dirfd(d), name, 0) == 0) x->stale++;
            continue;
        }
        if (x->other++ == 0) snprintf(x->other_name, sizeof x->other_name, "%s", name);
    }
    closedir(d);
}

const char *framedir_part(framedir *x, int64_t i) { return framedir_name(x, i, 1); }

void framedir_wrote(framedir *x, int64_t i) {
    struct stat st;
    if (stat(framedir_name(x, i, 1), &st) == 0) x->bytes += (long long)st.st_size;
    x->parts = i + 1;
}

/* Renames every part to its final name. */
int framedir_commit(framedir *x, errmsg *e) {
    int64_t i;
    size_t n = x->name_size;
    char *to = malloc(n);
    if (!to) return errmsg_set(e, "%s: out of memory", x->dir);
    for (i = 0; i < x->parts; i++) {
        memcpy(to, framedir_name(x, i, 0), n);
        if (rename(framedir_name(x, i, 1), to) != 0) {
            errmsg_set(e, "%s: %s", to, strerror(errno));
            free(to);
            return -1;
        }
    }
    framedir_clean(x, x->parts);
    x->parts = 0;
    free(to);
    return 0;
}

/* After a failure: the parts go, and the directory if this run made it. */
void framedir_drop(framedir *x) {
    int64_t i;
    if (!x->name) return;
    for (i = 0; i < x->parts; i++) unlink(framedir_name(x, i, 1));
    x->parts = 0;
    if (x->made_dir) rmdir(x->dir);
}

void framedir_close(framedir *x) {
    if (x->dir_fd >= 0) close(x->dir_fd); /* and with it the lock */
    free(x->name);
    x->dir_fd = -1;
    x->name = NULL;
}
