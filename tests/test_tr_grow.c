/* Tests for growing arrays (common/tr_grow.h): room as asked, doubling from the first
 * size, the contents kept, bytes appended with a NUL after them, and a size that would
 * overflow refused with the array left as it was. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "tr_grow.h"
#include "ts_main.h"

TS_TEST(test_push_doubles_and_keeps)
{
    int *v = NULL;
    size_t n = 0, cap = 0;
    for (int i = 0; i < 100; i++) {
        int *g = tr_grow(v, n + 1, &cap, sizeof *v, 4);
        assert_non_null(g);
        v = g;
        v[n++] = i;
        /* 4, 8, 16, ...: never more than twice what is held, and never less. */
        assert_true(cap >= n && cap < 2 * n + 4);
        assert_true(cap % 4 == 0 && ((cap / 4) & (cap / 4 - 1)) == 0);
    }
    for (int i = 0; i < 100; i++)
        assert_int_equal(v[i], i);
    size_t before = cap;
    assert_ptr_equal(tr_grow(v, cap, &cap, sizeof *v, 4), v); /* room already */
    assert_int_equal(cap, before);
    free(v);
}

/* tr_grow_append: the bytes kept, a NUL after them, the room doubled from `first`. */
TS_TEST(test_bytes_grow_past_a_long_append)
{
    char *b = NULL, big[5000];
    size_t len = 0, cap = 0;
    assert_int_equal(tr_grow_append(&b, &len, &cap, "abc", 3, 256), 0);
    assert_int_equal(cap, 256);
    assert_int_equal(len, 3);
    assert_string_equal(b, "abc");
    memset(big, 'x', sizeof big);
    assert_int_equal(tr_grow_append(&b, &len, &cap, big, sizeof big, 256), 0);
    assert_int_equal(cap, 8192);
    assert_int_equal(len, 5003);
    assert_int_equal(strlen(b), 5003);
    assert_memory_equal(b, "abcxx", 5);
    /* Too large for a size_t: refused, the buffer as it was. */
    assert_int_equal(tr_grow_append(&b, &len, &cap, big, SIZE_MAX - 3, 256), -1);
    assert_int_equal(len, 5003);
    assert_int_equal(cap, 8192);
    free(b);
}

TS_TEST(test_zero_first_and_overflow)
{
    size_t cap = 0;
    char *b = tr_grow(NULL, 1, &cap, 1, 0);
    assert_non_null(b);
    assert_int_equal(cap, 1);
    assert_null(tr_grow(b, SIZE_MAX / 2 + 2, &cap, 1, 0));
    assert_int_equal(cap, 1);
    assert_null(tr_grow(b, SIZE_MAX / 8, &cap, 16, 0));
    assert_int_equal(cap, 1);
    b[0] = 'x'; /* still the caller's, still usable */
    free(b);
}

TS_MAIN(NULL, NULL,
        cmocka_unit_test(test_push_doubles_and_keeps),
        cmocka_unit_test(test_bytes_grow_past_a_long_append),
        cmocka_unit_test(test_zero_first_and_overflow))
