#include "atomic.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "fileio.h"

int atomic_write(const char *path, const void *data, size_t n, errmsg *e) {
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
