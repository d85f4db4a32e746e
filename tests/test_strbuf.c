#include "check.h"

#include <stdlib.h>

#include "strbuf.h"

int main(void) {
    strbuf b = {0};
    char *at;
    strbuf_puts(&b, "abc");
    strbuf_add(&b, "defg", 2);
    strbuf_printf(&b, "[%d]", 42);
    CHECK_STR(b.s, "abcde[42]");
    CHECK_INT(b.len, 9);
    /* printf is not cut at any fixed size */
    strbuf_printf(&b, "%0300d", 7);
    CHECK_INT(b.len, 309);
    CHECK_INT(b.s[308], '7');
    CHECK_INT(b.s[309], 0);
    /* reserve, write, then count */
    at = strbuf_reserve(&b, 3);
    CHECK(at == b.s + 309);
    memcpy(at, "xyz", 4);
    b.len += 3;
    CHECK_INT(b.s[311], 'z');
    /* once failed, appends do nothing */
    b.failed = 2;
    strbuf_puts(&b, "more");
    CHECK_INT(b.len, 312);
    CHECK(strbuf_reserve(&b, 1) == NULL);
    free(b.s);
    return check_done();
}
