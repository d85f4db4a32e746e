/* check: the few assertions the tests need. Each failure prints file:line
 * and what differed; main ends with check_done(), which prints
 * "N passed, N failed" and returns the exit status. */
#ifndef CONVANIM_CHECK_H
#define CONVANIM_CHECK_H

#include <math.h>
#include <stdio.h>
#include <string.h>

static int check_pass, check_fail;

#define CHECK(cond) check_true_((cond), #cond, __FILE__, __LINE__)
#define CHECK_INT(got, want) check_int_((long long)(got), (long long)(want), #got, __FILE__, __LINE__)
#define CHECK_NEAR(got, want, tol) check_near_((got), (want), (tol), #got, __FILE__, __LINE__)
#define CHECK_STR(got, want) check_str_((got), (want), #got, __FILE__, __LINE__)
/* haystack contains needle */
#define CHECK_HAS(got, needle) check_has_((got), (needle), #got, __FILE__, __LINE__)

static inline int check_true_(int ok, const char *what, const char *file, int line) {
    if (ok) { check_pass++; return 1; }
    check_fail++;
    fprintf(stderr, "%s:%d: FAIL %s\n", file, line, what);
    return 0;
}

static inline int check_int_(long long got, long long want, const char *what, const char *file, int line) {
    if (got == want) { check_pass++; return 1; }
    check_fail++;
    fprintf(stderr, "%s:%d: FAIL %s = %lld, want %lld\n", file, line, what, got, want);
    return 0;
}

static inline int check_near_(double got, double want, double tol, const char *what, const char *file, int line) {
    double scale = fabs(want) > 1 ? fabs(want) : 1;
    if (fabs(got - want) <= tol * scale) { check_pass++; return 1; }
    check_fail++;
    fprintf(stderr, "%s:%d: FAIL %s = %.17g, want %.17g\n", file, line, what, got, want);
    return 0;
}

static inline int check_str_(const char *got, const char *want, const char *what, const char *file, int line) {
    if (got && want && strcmp(got, want) == 0) { check_pass++; return 1; }
    check_fail++;
    fprintf(stderr, "%s:%d: FAIL %s =\n  \"%s\"\nwant\n  \"%s\"\n", file, line, what,
            got ? got : "(null)", want ? want : "(null)");
    return 0;
}

static inline int check_has_(const char *got, const char *needle, const char *what, const char *file, int line) {
    if (got && needle && strstr(got, needle)) { check_pass++; return 1; }
    check_fail++;
    fprintf(stderr, "%s:%d: FAIL %s =\n  \"%s\"\ndoes not contain\n  \"%s\"\n", file, line, what,
            got ? got : "(null)", needle ? needle : "(null)");
    return 0;
}

static inline int check_done(void) {
    printf("%d passed, %d failed\n", check_pass, check_fail);
    return check_fail ? 1 : 0;
}

#endif
