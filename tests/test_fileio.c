/* fileio: what the readers and writers of user files rely on. Runs in the
 * build folder; makes and removes its own files there. */
#include "check.h"
#include "fileio.h"

#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

static void test_open_read(void) {
    errmsg e = {{0}};
    FILE *fp;
    remove("t_fileio.fifo");
    CHECK_INT(mkfifo("t_fileio.fifo", 0600), 0);
    /* returns at once (a plain open would wait for a writer forever) */
    CHECK_INT(fileio_open_read("t_fileio.fifo", "scene file", &fp, &e), -1);
    CHECK_STR(e.msg, "is a FIFO, not a regular file");
    CHECK(fp == NULL);
    remove("t_fileio.fifo");
    CHECK_INT(fileio_open_read("/dev/null", "scene file", &fp, &e), -1);
    CHECK_STR(e.msg, "is a character device, not a regular file");
    CHECK_INT(fileio_open_read(".", "scene file", &fp, &e), -1);
    CHECK_STR(e.msg, "is a directory, not a scene file");
    CHECK_INT(fileio_open_read("t_fileio-missing", "scene file", &fp, &e), FILEIO_EIO);
    CHECK_STR(e.msg, "No such file or directory");
}

static void test_read_all(void) {
    errmsg e = {{0}};
    char *buf;
    size_t len;
    FILE *fp = fopen("/dev/zero", "rb");
    /* a file without end: stops one byte past the limit */
    CHECK(fp != NULL);
    if (!fp) return;
    CHECK_INT(fileio_read_all(fp, 100000, &buf, &len, &e), FILEIO_TOO_BIG);
    CHECK_STR(e.msg, "more than 100000 bytes");
    fclose(fp);
    fp = fopen("t_fileio.txt", "wb");
    fputs("hello", fp);
    fclose(fp);
    CHECK_INT(fileio_open_read("t_fileio.txt", "text", &fp, &e), 0);
    CHECK_INT(fileio_read_all(fp, 5, &buf, &len, &e), 0);
    CHECK_INT(len, 5);
    CHECK_STR(buf, "hello"); /* NUL-terminated */
    free(buf);
    fclose(fp);
    CHECK_INT(fileio_open_read("t_fileio.txt", "text", &fp, &e), 0);
    CHECK_INT(fileio_read_all(fp, 4, &buf, &len, &e), FILEIO_TOO_BIG);
    fclose(fp);
}

static void test_outputs(void) {
    errmsg e = {{0}};
    CHECK_INT(fileio_check_output("t_fileio-new.gif", &e), 0);
    CHECK_INT(fileio_check_output("t_fileio.txt", &e), 0);
    CHECK_INT(fileio_check_output("/dev/null", &e), 0);
    CHECK_INT(fileio_check_output("/dev/stdout", &e), 0);
    CHECK_INT(fileio_check_output(".", &e), -1);
    CHECK_STR(e.msg, "is a directory, not a regular file");
    remove("t_fileio.fifo");
    CHECK_INT(mkfifo("t_fileio.fifo", 0600), 0);
    CHECK_INT(fileio_check_output("t_fileio.fifo", &e), -1);
    CHECK_STR(e.msg, "is a FIFO, not a regular file");
    remove("t_fileio.fifo");
    remove("t_fileio-link.txt");
    CHECK_INT(link("t_fileio.txt", "t_fileio-link.txt"), 0);
    CHECK(fileio_same_file("t_fileio.txt", "t_fileio-link.txt"));
    CHECK(fileio_same_file("t_fileio.txt", "./t_fileio.txt"));
    CHECK(!fileio_same_file("t_fileio.txt", "t_fileio-new.gif"));
    remove("t_fileio-link.txt");
}

/* A 254-byte name: the temporary file's name is cut to 255 bytes. */
static void test_temp_names(void) {
    char target[300], *tmp = NULL;
    errmsg e = {{0}};
    int fd;
    memset(target, 'n', 250);
    memcpy(target + 250, ".gif", 5);
    fd = fileio_temp_open(target, &tmp, &e);
    CHECK(fd >= 0);
    if (fd < 0) return;
    CHECK_INT(strlen(tmp), 255);
    CHECK(strncmp(tmp, target, 244) == 0 && strncmp(tmp + 244, ".tmp-", 5) == 0);
    CHECK_INT(write(fd, "x", 1), 1);
    CHECK_INT(fileio_temp_commit(fd, tmp, target), 0);
    close(fd);
    CHECK(access(tmp, F_OK) != 0);
    CHECK(access(target, F_OK) == 0);
    remove(target);
    free(tmp);
    /* in a folder, and the stale file of a killed run goes first */
    mkdir("t_fileio_dir", 0700);
    fclose(fopen("t_fileio_dir/a.png.tmp-OLD123", "wb"));
    fd = fileio_temp_open("t_fileio_dir/a.png", &tmp, &e);
    CHECK(fd >= 0);
    CHECK(access("t_fileio_dir/a.png.tmp-OLD123", F_OK) != 0);
    if (fd >= 0) {
        CHECK(strncmp(tmp, "t_fileio_dir/a.png.tmp-", 23) == 0);
        close(fd);
        remove(tmp);
        free(tmp);
    }
    rmdir("t_fileio_dir");
    remove("t_fileio.txt");
}

/* The folder a scene's or lesson's relative names are read from. */
static void test_dir_of(void) {
    char b[8];
    CHECK_STR(fileio_dir_of("a/b/s.json", b, sizeof b), "a/b");
    CHECK_STR(fileio_dir_of("/s.json", b, sizeof b), "/");
    CHECK_STR(fileio_dir_of("./s.json", b, sizeof b), ".");
    CHECK(fileio_dir_of("s.json", b, sizeof b) == NULL);
    CHECK_STR(fileio_dir_of("1234567/s", b, sizeof b), "1234567");
    CHECK(fileio_dir_of("12345678/s", b, sizeof b) == NULL); /* too long for b: not cut */
}

int main(void) {
    test_dir_of();
    test_open_read();
    test_read_all();
    test_outputs();
    test_temp_names();
    return check_done();
}
