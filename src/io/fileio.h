/* fileio: the checks every reader and writer of user files shares, so that
 * no input or output can hang the program, no output can replace one of
 * its own inputs, and no temporary file outlives its run.
 *
 * - Inputs are opened without blocking (O_NONBLOCK, then fstat) and must be
 *   regular files: a FIFO, a device (/dev/zero) or a socket is refused
 *   before anything is read from it.
 * - Outputs may be missing, regular files (replaced atomically), character
 *   devices (/dev/null, /dev/full, a terminal: written in place) or
 *   /dev/stdout; a FIFO, a socket, a block device or a directory is refused
 *   without opening it.
 * - Temporary files sit beside their target as NAME.tmp-XXXXXX (NAME cut so
 *   the whole fits NAME_MAX) and are locked (flock) while their run lives:
 *   the next run for the same target removes the unlocked ones, which a
 *   killed run left behind.
 *
 * Messages carry no path; callers prefix it. */
#ifndef CONVANIM_FILEIO_H
#define CONVANIM_FILEIO_H

#include <stddef.h>
#include <stdio.h>
#include "errmsg.h"

/* Returned instead of -1 when the failure is the system's (open or read
 * failed: exit status 1), not the input's (exit status 2). */
enum { FILEIO_EIO = -2, FILEIO_TOO_BIG = -3 };

/* Longest file name (one path component) the temporary names keep to. */
enum { FILEIO_NAME_MAX = 255 };

/* Opens path for reading. -1 when it is not a regular file ("is a
 * directory, not a <what>", "is a FIFO, not a regular file"), FILEIO_EIO
 * when it cannot be opened (the message is strerror's alone). */
int fileio_open_read(const char *path, const char *what, FILE **fp, errmsg *e);

/* Reads fp to its end into a malloc'd buffer (with one spare byte for a
 * NUL) of at most limit bytes: FILEIO_TOO_BIG past it, having read no more
 * than limit + 1 bytes; FILEIO_EIO when a read fails ("cannot read: ...");
 * -1 out of memory. */
int fileio_read_all(FILE *fp, size_t limit, char **buf, size_t *len, errmsg *e);

/* 0 when path may be written (see above), -1 with the reason if not. */
int fileio_check_output(const char *path, errmsg *e);

/* 1 when a and b both exist and are the same file (device and inode),
 * whatever names lead to it. */
int fileio_same_file(const char *a, const char *b);

/* The kind of a file that is not regular, for messages: "a FIFO",
 * "a directory", "a character device", "a socket", "a block device". */
const char *fileio_kind(unsigned mode);

/* Creates a temporary file beside target, mode 0600, open for writing and
 * locked; first removes unlocked temporary files of the same target.
 * Returns the fd and sets *tmp to the malloc'd name; -1 on failure
 * ("cannot create a file there: ..."). */
int fileio_temp_open(const char *target, char **tmp, errmsg *e);

/* Gives the temporary file of fd the mode a new file gets (0666 less the
 * umask) and renames it over target, still locked; 0 or an errno. */
int fileio_temp_commit(int fd, const char *tmp, const char *target);

/* The end of a temporary file written through fd: flushed to the disk
 * (fsync; a file system that cannot is let be), then fileio_temp_commit.
 * On success *tmp is freed and NULL. 0 or an errno. */
int fileio_temp_finish(int fd, char **tmp, const char *target);

/* The folder of path into buf of n bytes ("a/b/s.json" -> "a/b",
 * "/s.json" -> "/"), for names a file gives relative to itself; NULL when
 * path has no '/' (the current folder) or buf is too small. */
const char *fileio_dir_of(const char *path, char *buf, size_t n);

/* The full path of a file that exists (for messages: "wrote /home/..."),
 * into buf of n bytes; path itself when it cannot be resolved. */
const char *fileio_full_path(const char *path, char *buf, size_t n);

/* A whole file or none: data[0..n) goes to a temporary file beside path
 * (fileio_temp_open), renamed over it once complete, so a failure leaves
 * no partial file and an existing target untouched; success replaces it.
 * Refuses what fileio_check_output refuses. 0, or -1 with "path: reason". */
int fileio_write_file(const char *path, const void *data, size_t n, errmsg *e);

#endif
