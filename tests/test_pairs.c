/* Tests for the counts of exact word pairs (search/pairs.h) over an index whose exact
 * bigrams are a sample (the first VN_BIGRAM_EXACT_SPAN positions of each text): each
 * row is a pair and the documents se_pair_df must count for it. The fixture puts some
 * pairs near the start of a body, some past the span behind filler words, some in a
 * title only. */
#include <math.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "pairs.h"
#include "search_fixture.h"
#include "support.h"
#include "vn_terms.h"

/* Each body is `before` filler words ("ba"), then the text: past the span when
 * `before` is. */
static const struct {
    const char *title, *text;
    int before, copies;
} docs[] = {
    {"Tin", "Tôi sinh ngày 15 tháng 3.", 0, 3},      /* near the start: sampled */
    {"Tin", "Tôi đi học.", 2 * VN_BIGRAM_EXACT_SPAN, 2}, /* past it: not sampled */
    {"Tin", "Đoàn tới thăm trường.", 0, 1},
    {"Tin", "Đoàn tới thăm trường.", 2 * VN_BIGRAM_EXACT_SPAN, 3},
    {"Tin", "Cô mặc áo khoác váy dài.", 2 * VN_BIGRAM_EXACT_SPAN, 2},
    {"Tin", "Vay vốn ngân hàng, mua váy.", 0, 1}, /* "vay" and "váy": two spellings */
    {"Giống lúa chịu mặn", "Nghiên cứu.", 0, 1},  /* in a title only */
};

static sf_index fx;

static int setup(void **state)
{
    (void)state;
    size_t cap = 1 << 16, len = 0;
    char *s = malloc(cap);
    if (!s)
        return -1;
    for (size_t i = 0; i < sizeof docs / sizeof docs[0]; i++)
        for (int k = 0; k < docs[i].copies; k++) {
            len += (size_t)snprintf(s + len, cap - len,
                                    "{\"id\":\"d%zu-%d\",\"type\":\"news\",\"title\":\"%s\","
                                    "\"body\":\"",
                                    i, k, docs[i].title);
            for (int w = 0; w < docs[i].before; w++)
                len += (size_t)snprintf(s + len, cap - len, "ba ");
            len += (size_t)snprintf(s + len, cap - len, "%s\"}\n", docs[i].text);
        }
    int rc = len < cap ? sf_open(&fx, s, len) : -1;
    free(s);
    return rc;
}

static int teardown(void **state)
{
    (void)state;
    sf_close(&fx);
    return 0;
}

TS_TEST(test_pair_counts)
{
    static const struct {
        const char *a, *b;
        double want;
    } rows[] = {
        {"tôi", "sinh", 3}, /* sampled whole: its own count */
        {"tới", "sinh", 0}, /* the sample spells "toi sinh" otherwise */
        /* Past the span only: the folded pair's count, times the share of each word's
         * spelling among those of its folded form ("tôi" in 5 documents, "tới" in 4). */
        {"tôi", "đi", 2 * 5.0 / 9.0},
        {"tới", "đi", 2 * 4.0 / 9.0},
        /* Sampled once in 4 documents, so all 4 spelled the same. */
        {"tới", "thăm", 4},
        {"tôi", "thăm", 0},
        /* "váy" is in 3 documents, "vay" in 1. */
        {"khoác", "váy", 2 * 3.0 / 4.0},
        {"khác", "váy", 0}, /* no such folded pair */
        {"giống", "lúa", 1}, /* a title's pairs count too */
        {"giông", "lúa", 0},
        {"15", "tháng", 3}, /* not words of the lexicon: the sampled count as it is */
    };
    se_pairs p = {.db = fx.db, .v = SE_VIEW_PUBLIC, .lx = fx.lexicon};
    size_t failed = 0;
    for (size_t i = 0; i < sizeof rows / sizeof rows[0]; i++) {
        double got = se_pair_df(&p, rows[i].a, rows[i].b);
        if (fabs(got - rows[i].want) > 1e-9)
            ts_row_fail(&failed, "pair \"%s %s\": %.4f documents, want %.4f\n", rows[i].a,
                        rows[i].b, got, rows[i].want);
    }
    ts_rows_end(failed, sizeof rows / sizeof rows[0]);
}

/* Without a lexicon there is nothing to estimate with: the sampled count. */
TS_TEST(test_without_lexicon)
{
    se_pairs p = {.db = fx.db, .v = SE_VIEW_PUBLIC, .lx = NULL};
    assert_true(se_pair_df(&p, "tôi", "sinh") == 3.0);
    assert_true(se_pair_df(&p, "tôi", "đi") == 0.0);
}

/* The memo keeps a folded pair's documents by field, which tell the fields whose exact
 * pairs are looked up: rows {a, b, body documents, title documents}. */
TS_TEST(test_memo_by_field)
{
    static const struct {
        const char *a, *b;
        uint64_t body, title;
    } rows[] = {
        {"tôi", "sinh", 3, 0},
        {"giống", "lúa", 0, 1},
        {"khác", "váy", 0, 0},
        {"tới", "thăm", 4, 0},
    };
    size_t failed = 0;
    for (size_t i = 0; i < sizeof rows / sizeof rows[0]; i++) {
        static se_pairs p; /* large, so not on the stack */
        p = (se_pairs){.db = fx.db, .v = SE_VIEW_PUBLIC, .lx = fx.lexicon};
        se_pair_df(&p, rows[i].a, rows[i].b);
        if (p.nmemo != 1 || p.memo[0].body != rows[i].body || p.memo[0].title != rows[i].title ||
            p.memo[0].all != rows[i].body + rows[i].title)
            ts_row_fail(&failed, "pair \"%s %s\": %zu memos, body %llu, title %llu; want 1, %llu, "
                        "%llu\n", rows[i].a, rows[i].b, p.nmemo,
                        (unsigned long long)(p.nmemo ? p.memo[0].body : 0),
                        (unsigned long long)(p.nmemo ? p.memo[0].title : 0),
                        (unsigned long long)rows[i].body, (unsigned long long)rows[i].title);
    }
    ts_rows_end(failed, sizeof rows / sizeof rows[0]);
}

/* A count is the same from the memo, from a full memo (learnt again each time), and
 * after the memo is emptied for the next request (spell.c sets nmemo to 0). */
TS_TEST(test_memo_reuse)
{
    static const char *const pairs[][2] = {
        {"tôi", "sinh"}, {"tôi", "đi"}, {"tới", "đi"}, {"khoác", "váy"}, {"giống", "lúa"}};
    size_t n = sizeof pairs / sizeof pairs[0];
    static se_pairs p;
    p = (se_pairs){.db = fx.db, .v = SE_VIEW_PUBLIC, .lx = fx.lexicon};
    double first[sizeof pairs / sizeof pairs[0]];
    for (size_t i = 0; i < n; i++)
        first[i] = se_pair_df(&p, pairs[i][0], pairs[i][1]);
    size_t learnt = p.nmemo;
    for (size_t i = 0; i < n; i++) /* from the memo: nothing new learnt */
        assert_true(se_pair_df(&p, pairs[i][0], pairs[i][1]) == first[i]);
    assert_int_equal(p.nmemo, learnt);
    p.nmemo = SE_PAIRS_MEMO; /* full: every pair learnt into the scratch memo */
    for (size_t i = 0; i < n; i++)
        assert_true(se_pair_df(&p, pairs[i][0], pairs[i][1]) == first[i]);
    p.nmemo = 0; /* the next request's */
    for (size_t i = n; i-- > 0;)
        assert_true(se_pair_df(&p, pairs[i][0], pairs[i][1]) == first[i]);
    assert_int_equal(p.nmemo, learnt);
}

TS_MAIN(setup, teardown,
        cmocka_unit_test(test_pair_counts),
        cmocka_unit_test(test_without_lexicon),
        cmocka_unit_test(test_memo_by_field),
        cmocka_unit_test(test_memo_reuse))
