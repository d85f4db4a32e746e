#include "atomic.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

int atomic_write(const char *path, const void *data, size_t n, errmsg *e) {
    size_t len = strlen(path);
    char *tmp = malloc(len + 16);
    int fd, err = 0;
    FILE *fp;
    if (!tmp) return errmsg_set(e, "%s: out of memory", path);
    memcpy(tmp, path, len);
    memcpy(tmp + len, ".tmp-XXXXXX", 12);
    if ((fd = mkstemp(tmp)) < 0) {
        err = errno;
        free(tmp);
        return errmsg_set(e, "%s: cannot create a file there: %s", path, strerror(err));
    }
    if (!(fp = fdopen(fd, "wb"))) {
        err = errno;
        close(fd);
    } else {
        if (fwrite(data, 1, n, fp) != n) err = errno ? errno : EIO;
        if (fclose(fp) != 0 && !err) err = errno ? errno : EIO;
    }
    /* mkstemp makes the file 0600; the file is an ordinary document */
    if (!err) {
        mode_t um = umask(0);
        umask(um);
        chmod(tmp, 0666 & ~um);
    }
    if (!err && rename(tmp, path) != 0) err = errno;
    if (err) unlink(tmp);
    free(tmp);
    return err ? errmsg_set(e, "%s: %s", path, strerror(err)) : 0;
}
