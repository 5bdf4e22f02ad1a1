/* Tests of indexer/idset: the ids a fresh shard has been given, by hash. A miss
 * would add a second copy of a document, so "seen" must never be lost, through
 * growth and for the hash 0. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include <cmocka.h>

#include "idset.h"
#include "ts_main.h"

TS_TEST(test_add)
{
    static const struct {
        uint64_t hash;
        int want;
    } steps[] = {
        {42, 1}, {42, 0}, {43, 1}, {0, 1}, {0, 0}, {1, 0} /* 0 is kept as 1 */,
        {1024 + 42, 1}, /* the same first slot as 42 */
        {42, 0},  {1024 + 42, 0}, {UINT64_MAX, 1}, {UINT64_MAX, 0},
    };
    ix_idset s = {0};
    for (size_t i = 0; i < sizeof steps / sizeof *steps; i++)
        if (ix_idset_add(&s, steps[i].hash) != steps[i].want)
            fail_msg("step %zu: hash %llu", i, (unsigned long long)steps[i].hash);
    ix_idset_clear(&s);
    assert_null(s.slots);
    assert_int_equal(ix_idset_add(&s, 42), 1); /* cleared: empty again, and usable */
    ix_idset_clear(&s);
}

TS_TEST(test_growth)
{
    ix_idset s = {0};
    enum { N = 50000 };
    for (int i = 0; i < N; i++) {
        char term[32];
        int n = snprintf(term, sizeof term, "Qdoc-%d", i);
        assert_int_equal(ix_idset_add(&s, ix_idset_hash(term, (size_t)n)), 1);
    }
    assert_int_equal(s.n, N);
    assert_true(s.cap >= 2 * N);
    for (int i = 0; i < N; i++) {
        char term[32];
        int n = snprintf(term, sizeof term, "Qdoc-%d", i);
        if (ix_idset_add(&s, ix_idset_hash(term, (size_t)n)) != 0)
            fail_msg("Qdoc-%d lost after growth", i);
    }
    ix_idset_clear(&s);
}

TS_TEST(test_hash)
{
    /* FNV-1a 64: the empty string is the offset basis; a term is not its prefix. */
    assert_true(ix_idset_hash("", 0) == 14695981039346656037u);
    assert_true(ix_idset_hash("a", 1) == 0xaf63dc4c8601ec8cu);
    assert_true(ix_idset_hash("Qab", 3) != ix_idset_hash("Qa", 2));
    assert_true(ix_idset_hash("Qab", 3) != ix_idset_hash("Qba", 3));
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_add),
        cmocka_unit_test(test_growth),
        cmocka_unit_test(test_hash),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
