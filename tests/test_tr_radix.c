/* test_tr_radix: records sorted by their 64-bit keys as qsort would, equal keys kept in
 * their order, whatever the record size; nothing to sort and one record. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "tr_radix.h"
#include "ts_main.h"

typedef struct rec {
    uint64_t key;
    uint32_t order; /* where it was before the sort */
    uint32_t pad;
} rec;

static uint64_t next(uint64_t *x)
{
    *x ^= *x << 13;
    *x ^= *x >> 7;
    *x ^= *x << 17;
    return *x;
}

TS_TEST(test_records_by_key_and_stable)
{
    /* Keys drawn from few values in a few bytes (many ties), then from all 64 bits. */
    static const uint64_t masks[] = {0x3, 0xff00000000000f00u, UINT64_MAX};
    for (size_t m = 0; m < sizeof masks / sizeof *masks; m++) {
        enum { N = 5000 };
        rec *r = malloc(N * sizeof *r);
        assert_non_null(r);
        uint64_t x = 88172645463325252u + m;
        for (uint32_t i = 0; i < N; i++)
            r[i] = (rec){next(&x) & masks[m], i, 0};
        assert_int_equal(tr_radix_sort(r, N, sizeof *r), 0);
        for (size_t i = 1; i < N; i++) {
            assert_true(r[i - 1].key <= r[i].key);
            if (r[i - 1].key == r[i].key)
                assert_true(r[i - 1].order < r[i].order);
        }
        free(r);
    }
}

TS_TEST(test_plain_keys)
{
    uint64_t k[] = {5, UINT64_MAX, 0, 1u << 31, 5, 256, 255};
    static const uint64_t want[] = {0, 5, 5, 255, 256, 1u << 31, UINT64_MAX};
    assert_int_equal(tr_radix_sort(k, 7, sizeof *k), 0);
    assert_memory_equal(k, want, sizeof want);
    /* Nothing to sort, one record, all alike: left as they are. */
    assert_int_equal(tr_radix_sort(NULL, 0, 8), 0);
    uint64_t one = 42;
    assert_int_equal(tr_radix_sort(&one, 1, 8), 0);
    assert_int_equal(one, 42);
    uint64_t same[3] = {7, 7, 7};
    assert_int_equal(tr_radix_sort(same, 3, 8), 0);
    assert_int_equal(same[2], 7);
}

TS_MAIN(NULL, NULL, cmocka_unit_test(test_records_by_key_and_stable),
        cmocka_unit_test(test_plain_keys))
