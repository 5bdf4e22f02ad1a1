/* Tests of searchd's result cache (cache.h): keys, least-recently-used eviction
 * within the byte bound, answers too large to keep, emptying on a commit to the
 * index, and searchd --cache answering a repeated search as the first time. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <cmocka.h>

#include "cache.h"
#include "shardlist.h"
#include "support.h"

static const char fixture[] =
    "{\"id\":\"a\",\"title\":\"Nuôi tôm\",\"body\":\"Mô hình nuôi tôm thẻ chân trắng.\"}\n"
    "{\"id\":\"b\",\"title\":\"Giống lúa\",\"body\":\"Giống lúa chịu hạn ở Quảng Nam.\"}\n";

static char db[4096];
static se_shards *shards;

static int setup(void **state)
{
    ts_tmp_setup(state);
    if (ts_index_fixture(ts_tmp_dir(), fixture, sizeof fixture - 1, db, sizeof db) != 0)
        return -1;
    shards = se_shards_new(0, NULL);
    return shards && se_shards_add_path(shards, db, NULL) == 0 ? 0 : -1;
}

static int teardown(void **state)
{
    se_shards_free(shards);
    return ts_tmp_teardown(state);
}

static char *key_of(const char *q, const char *page, size_t *len)
{
    se_search_params p = {0};
    p.q = q;
    p.qlen = q ? strlen(q) : 0;
    p.page = page;
    char *k = sd_cache_key(&p, len);
    assert_non_null(k);
    return k;
}

TS_TEST(test_keys)
{
    size_t l1, l2, l3, l4, l5;
    char *a = key_of("nuoi  tom ", NULL, &l1), *b = key_of(" nuoi tom", "", &l2);
    char *c = key_of("nuoi tom", "2", &l3), *d = key_of("nuoitom", NULL, &l4);
    char *e = key_of(NULL, NULL, &l5);
    assert_int_equal(l1, l2);
    assert_memory_equal(a, b, l1); /* white space runs and an empty page do not count */
    assert_true(l1 != l3 || memcmp(a, c, l1) != 0);
    assert_true(l1 != l4 || memcmp(a, d, l1) != 0);
    assert_true(l5 < l1);
    free(a), free(b), free(c), free(d), free(e);
}

TS_TEST(test_lru)
{
    assert_null(sd_cache_new(1000, shards, NULL)); /* below the minimum */
    sd_cache *c = sd_cache_new(64 << 10, shards, NULL);
    assert_non_null(c);
    char body[10000];
    memset(body, 'x', sizeof body);
    char *got;
    size_t len;
    assert_int_equal(sd_cache_get(c, "k0", 2, &got, &len), 0);
    for (int i = 0; i < 5; i++) {
        char k[8];
        snprintf(k, sizeof k, "k%d", i);
        body[0] = (char)('0' + i);
        sd_cache_put(c, sd_cache_generation(c), k, 2, body, sizeof body);
    }
    assert_int_equal(sd_cache_get(c, "k0", 2, &got, &len), 1); /* k0 is now the newest */
    assert_int_equal(len, sizeof body);
    assert_int_equal(got[0], '0');
    assert_int_equal(got[len], '\0');
    free(got);
    for (int i = 5; i < 8; i++) { /* 8 x 10 KB does not fit in 64 KB */
        char k[8];
        snprintf(k, sizeof k, "k%d", i);
        sd_cache_put(c, sd_cache_generation(c), k, 2, body, sizeof body);
    }
    assert_int_equal(sd_cache_get(c, "k0", 2, &got, &len), 1);
    free(got);
    assert_int_equal(sd_cache_get(c, "k1", 2, &got, &len), 0); /* the oldest went first */
    assert_int_equal(sd_cache_get(c, "k7", 2, &got, &len), 1);
    free(got);
    /* Put again under one key: the new body replaces the old. */
    sd_cache_put(c, sd_cache_generation(c), "k7", 2, "new", 3);
    assert_int_equal(sd_cache_get(c, "k7", 2, &got, &len), 1);
    assert_string_equal(got, "new");
    free(got);
    /* More than a quarter of the cache is not kept. */
    char *big = calloc(1, 20000);
    sd_cache_put(c, sd_cache_generation(c), "big", 3, big, 20000);
    free(big);
    assert_int_equal(sd_cache_get(c, "big", 3, &got, &len), 0);
    unsigned long long hits, misses;
    sd_cache_stats(c, &hits, &misses);
    assert_int_equal(hits, 4);
    assert_int_equal(misses, 3);
    sd_cache_free(c);
    sd_cache_free(NULL);
}

TS_TEST(test_commit_empties)
{
    sd_cache *c = sd_cache_new(1 << 20, shards, NULL);
    assert_non_null(c);
    char *got;
    size_t len;
    assert_int_equal(sd_cache_get(c, "q", 1, &got, &len), 0);
    sd_cache_put(c, sd_cache_generation(c), "q", 1, "{}", 2);
    assert_int_equal(sd_cache_get(c, "q", 1, &got, &len), 1);
    free(got);
    /* A commit (tracuu-index again), then past the once-a-second check. */
    const char more[] = "{\"id\":\"c\",\"title\":\"Mới\",\"body\":\"Một bài mới.\"}\n";
    char in[4096];
    snprintf(in, sizeof in, "%s", ts_tmp_path("more.jsonl"));
    assert_int_equal(ts_index_file(db, in, more, sizeof more - 1), 0);
    struct timespec wait = {1, 200 * 1000 * 1000};
    nanosleep(&wait, NULL);
    assert_int_equal(sd_cache_get(c, "q", 1, &got, &len), 0);
    sd_cache_free(c);
}

TS_TEST(test_searchd)
{
    const char *extra[] = {"--cache", "1", NULL};
    ts_daemon d;
    assert_int_equal(ts_searchd_start_args(&d, db, extra), 0);
    char *first = NULL, *second = NULL;
    assert_int_equal(ts_http(d.port, "GET", "/api/search?q=nuoi+tom", NULL, 0, &first), 200);
    assert_int_equal(ts_http(d.port, "GET", "/api/search?q=nuoi++tom", NULL, 0, &second), 200);
    assert_string_equal(first, second); /* took_ms too: the same answer, kept */
    assert_non_null(strstr(first, "\"a\""));
    free(first);
    free(second);
    ts_searchd_stop(&d);

    free(ts_program_expect("searchd/tracuu-searchd", 2, "--cache", "--db", db, "--cache", "x",
                           NULL));
}

TS_MAIN(setup, teardown,
        cmocka_unit_test(test_keys),
        cmocka_unit_test(test_lru),
        cmocka_unit_test(test_commit_empties),
        cmocka_unit_test(test_searchd))
