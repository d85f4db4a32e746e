/* fileio: non-blocking opens, output checks, locked temporary files,
 * whole-file writes. */
#define _DEFAULT_SOURCE /* flock, O_NOFOLLOW, O_CLOEXEC */
#include "fileio.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <unistd.h>

/* ".tmp-XXXXXX" */
enum { TEMP_SUFFIX = 11 };

const char *fileio_kind(unsigned mode) {
    if (S_ISDIR(mode)) return "a directory";
    if (S_ISFIFO(mode)) return "a FIFO";
    if (S_ISCHR(mode)) return "a character device";
    if (S_ISBLK(mode)) return "a block device";
    if (S_ISSOCK(mode)) return "a socket";
    return "not a regular file";
}

int fileio_open_read(const char *path, const char *what, FILE **fp, errmsg *e) {
    struct stat st;
    int fd, flags;
    *fp = NULL;
    /* O_NONBLOCK: opening a FIFO with no writer returns at once instead of
     * waiting for one; nothing is read before fstat has looked at it. */
    fd = open(path, O_RDONLY | O_NONBLOCK | O_NOCTTY | O_CLOEXEC);
    if (fd < 0) {
        errmsg_set(e, "%s", strerror(errno));
        return FILEIO_EIO;
    }
    if (fstat(fd, &st) != 0) {
        int err = errno;
        close(fd);
        errmsg_set(e, "cannot read: %s", strerror(err));
        return FILEIO_EIO;
    }
    if (!S_ISREG(st.st_mode)) {
        close(fd);
        if (S_ISDIR(st.st_mode)) return errmsg_set(e, "is a directory, not a %s", what);
        return errmsg_set(e, "is %s, not a regular file", fileio_kind(st.st_mode));
    }
    flags = fcntl(fd, F_GETFL);
    if (flags != -1) fcntl(fd, F_SETFL, flags & ~O_NONBLOCK);
    *fp = fdopen(fd, "rb");
    if (!*fp) {
        int err = errno;
        close(fd);
        errmsg_set(e, "cannot read: %s", strerror(err));
        return FILEIO_EIO;
    }
    return 0;
}

int fileio_read_all(FILE *fp, size_t limit, char **out, size_t *len, errmsg *e) {
    size_t cap = 0, n = 0;
    char *buf = NULL;
    struct stat st;
    *out = NULL;
    *len = 0;
    /* A file whose size says it all is refused unread. */
    if (fstat(fileno(fp), &st) == 0 && S_ISREG(st.st_mode) && (unsigned long long)st.st_size > limit) {
        errmsg_set(e, "more than %lu bytes", (unsigned long)limit);
        return FILEIO_TOO_BIG;
    }
    for (;;) {
        size_t want, got;
        if (n == cap) {
            char *nb;
            /* Never more than limit + 1 bytes: one past the limit proves it. */
            cap = cap ? cap * 2 : 65536;
            if (cap > limit + 1) cap = limit + 1;
            if (!(nb = realloc(buf, cap + 1))) {
                free(buf);
                return errmsg_set(e, "out of memory");
            }
            buf = nb;
        }
        want = cap - n;
        got = fread(buf + n, 1, want, fp);
        n += got;
        if (n > limit) {
            free(buf);
            errmsg_set(e, "more than %lu bytes", (unsigned long)limit);
            return FILEIO_TOO_BIG;
        }
        if (got < want) {
            if (ferror(fp)) {
                int err = errno ? errno : EIO;
                free(buf);
                errmsg_set(e, "cannot read: %s", strerror(err));
                return FILEIO_EIO;
            }
            break;
        }
    }
    buf[n] = 0;
    *out = buf;
    *len = n;
    return 0;
}

int fileio_check_output(const char *path, errmsg *e) {
    struct stat st;
    /* stdout as a pipe is what `--out /dev/stdout | viewer` means. */
    if (strcmp(path, "/dev/stdout") == 0) return 0;
    /* Missing (or unreachable: the open says why later) is fine. */
    if (stat(path, &st) != 0) return 0;
    if (S_ISREG(st.st_mode) || S_ISCHR(st.st_mode)) return 0;
    return errmsg_set(e, "is %s, not a regular file", fileio_kind(st.st_mode));
}

int fileio_same_file(const char *a, const char *b) {
    struct stat sa, sb;
    if (!a || !b || stat(a, &sa) != 0 || stat(b, &sb) != 0) return 0;
    return sa.st_dev == sb.st_dev && sa.st_ino == sb.st_ino;
}

/* Splits target into its directory ("." if none) and the name that
 * temporary files of it start with: its last component cut so that the
 * name plus ".tmp-XXXXXX" fits FILEIO_NAME_MAX. Caller frees both. */
static int temp_parts(const char *target, char **dir, char **stem) {
    const char *slash = strrchr(target, '/'), *base = slash ? slash + 1 : target;
    size_t dlen = slash ? (size_t)(slash - target) + (slash == target) : 1;
    size_t blen = strlen(base);
    if (blen > FILEIO_NAME_MAX - TEMP_SUFFIX) blen = FILEIO_NAME_MAX - TEMP_SUFFIX;
    *dir = malloc(dlen + 1);
    *stem = malloc(blen + 1);
    if (!*dir || !*stem) {
        free(*dir);
        free(*stem);
        return -1;
    }
    memcpy(*dir, slash ? target : ".", dlen);
    (*dir)[dlen] = 0;
    memcpy(*stem, base, blen);
    (*stem)[blen] = 0;
    return 0;
}

/* Removes stem.tmp-XXXXXX files in dir that no live run holds locked. */
static void temp_sweep(const char *dir, const char *stem) {
    DIR *d = opendir(dir);
    struct dirent *ent;
    size_t n = strlen(stem);
    if (!d) return;
    while ((ent = readdir(d)) != NULL) {
        const char *name = ent->d_name;
        struct stat st;
        int fd;
        if (strlen(name) != n + TEMP_SUFFIX || strncmp(name, stem, n) != 0 ||
            strncmp(name + n, ".tmp-", 5) != 0)
            continue;
        fd = openat(dirfd(d), name, O_RDONLY | O_NOFOLLOW | O_NONBLOCK | O_NOCTTY | O_CLOEXEC);
        if (fd < 0) continue;
        /* Unlinked under the lock: a run that is creating it re-checks its
         * name once it holds the lock (see fileio_temp_open). */
        if (fstat(fd, &st) == 0 && S_ISREG(st.st_mode) && flock(fd, LOCK_EX | LOCK_NB) == 0)
            unlinkat(dirfd(d), name, 0);
        close(fd);
    }
    closedir(d);
}

int fileio_temp_open(const char *target, char **tmp, errmsg *e) {
    char *dir, *stem, *name;
    size_t dlen, slen;
    int fd = -1, err = 0, tries;
    *tmp = NULL;
    if (temp_parts(target, &dir, &stem) != 0) return errmsg_set(e, "out of memory");
    temp_sweep(dir, stem);
    dlen = strlen(dir);
    slen = strlen(stem);
    name = malloc(dlen + slen + TEMP_SUFFIX + 2);
    if (!name) {
        free(dir);
        free(stem);
        return errmsg_set(e, "out of memory");
    }
    for (tries = 0; tries < 8 && fd < 0 && !err; tries++) {
        struct stat a, b;
        if (strrchr(target, '/')) snprintf(name, dlen + slen + TEMP_SUFFIX + 2, "%s/%s.tmp-XXXXXX",
                                           strcmp(dir, "/") ? dir : "", stem);
        else snprintf(name, slen + TEMP_SUFFIX + 1, "%s.tmp-XXXXXX", stem);
        fd = mkstemp(name);
        if (fd < 0) {
            err = errno;
            break;
        }
        /* Another run's sweep may have taken the new file before the lock:
         * then the name no longer leads to this fd, and we start again. */
        if (flock(fd, LOCK_EX) != 0 || fstat(fd, &a) != 0 || stat(name, &b) != 0 ||
            a.st_dev != b.st_dev || a.st_ino != b.st_ino) {
            close(fd);
            fd = -1;
        }
    }
    free(dir);
    free(stem);
    if (fd < 0) {
        free(name);
        return errmsg_set(e, "cannot create a file there: %s", strerror(err ? err : EAGAIN));
    }
    *tmp = name;
    return fd;
}

int fileio_temp_commit(int fd, const char *tmp, const char *target) {
    /* mkstemp makes the file 0600; the output is an ordinary document. */
    mode_t um = umask(0);
    umask(um);
    if (fchmod(fd, 0666 & ~um) != 0) return errno;
    return rename(tmp, target) != 0 ? errno : 0;
}

const char *fileio_dir_of(const char *path, char *buf, size_t n) {
    const char *slash = strrchr(path, '/');
    size_t len;
    if (!slash) return NULL;
    len = slash == path ? 1 : (size_t)(slash - path);
    if (len >= n) return NULL;
    memcpy(buf, path, len);
    buf[len] = 0;
    return buf;
}

const char *fileio_full_path(const char *path, char *buf, size_t n) {
    char *full = realpath(path, NULL);
    if (!full || strlen(full) >= n) {
        free(full);
        return path;
    }
    memcpy(buf, full, strlen(full) + 1);
    free(full);
    return buf;
}

int fileio_write_file(const char *path, const void *data, size_t n, errmsg *e) {
    char *tmp;
    int fd, err = 0;
    FILE *fp;
    if (fileio_check_output(path, e) != 0) {
        errmsg_prefix(e, "%s: ", path);
        return -1;
    }
    /* A temporary name that fits NAME_MAX, locked; stale ones swept. */
    if ((fd = fileio_temp_open(path, &tmp, e)) < 0) {
        errmsg_prefix(e, "%s: ", path);
        return -1;
    }
    if (!(fp = fdopen(fd, "wb"))) {
        err = errno;
        close(fd);
        unlink(tmp);
        free(tmp);
        return errmsg_set(e, "%s: %s", path, strerror(err));
    }
    if (fwrite(data, 1, n, fp) != n) err = errno ? errno : EIO;
    if (!err && fflush(fp) != 0) err = errno ? errno : EIO;
    /* Renamed while still open and locked: see fileio_temp_open. */
    if (!err) err = fileio_temp_commit(fd, tmp, path);
    if (err) unlink(tmp);
    if (fclose(fp) != 0 && !err) err = errno ? errno : EIO;
    free(tmp);
    return err ? errmsg_set(e, "%s: %s", path, strerror(err)) : 0;
}

int fileio_temp_finish(int fd, char **tmp, const char *target) {
    int err;
    if (fsync(fd) != 0 && errno != EINVAL && errno != EROFS) return errno;
    if ((err = fileio_temp_commit(fd, *tmp, target)) != 0) return err;
    free(*tmp);
    *tmp = NULL;
    return 0;
}
