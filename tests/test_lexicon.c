/* Tests for searchd's lexicon (searchd/lexicon.h): spellings by folded word, edit-
 * distance neighbours, prefix completion, and the cache that shares one lexicon. The index is built here with the exact-form terms the indexer writes. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "lexicon.h"
#include "support.h"
#include "vn_terms.h"

static char *dir;
static char path[4096];

/* Adds one document holding the given exact words (as E terms). */
static void add_doc(xc_wdb *w, const char *const *words)
{
    xc_doc *d = xc_doc_new(NULL);
    for (size_t i = 0; words[i]; i++) {
        char term[128];
        snprintf(term, sizeof term, "%s%s", VN_P_BODY_EXACT, words[i]);
        assert_int_equal(xc_doc_add_term(d, term, strlen(term), 1, NULL), 0);
    }
    assert_int_equal(xc_wdb_add(w, d, NULL, NULL), 0);
    xc_doc_free(d);
}

static int setup(void **state)
{
    (void)state;
    dir = ts_tempdir();
    snprintf(path, sizeof path, "%s/db", dir);
    xc_wdb *w = xc_wdb_open(path, XC_CREATE_OR_OPEN, NULL);
    assert_non_null(w);
    static const char *const docs[][8] = {
        {"nghiên", "cứu", "khoa", "học", NULL},
        {"nghiên", "cứu", "nghiền", NULL},
        {"nghiên", "học", "hóa", NULL},
        {"hòa", "bình", "hoa", "01/nq-cp", "2023", NULL},
        {"hòa", "khoa", NULL},
    };
    xc_wdb_begin(w, NULL);
    for (size_t i = 0; i < sizeof docs / sizeof docs[0]; i++)
        add_doc(w, docs[i]);
    assert_int_equal(xc_wdb_commit(w, NULL), 0);
    xc_wdb_free(w);
    return 0;
}

static int teardown(void **state)
{
    (void)state;
    ts_rmrf(dir);
    free(dir);
    return 0;
}

TS_TEST(test_spellings)
{
    xc_db *db = xc_db_open(path, NULL);
    se_lexicon *lx = se_lexicon_build(db, SE_VIEW_PUBLIC, NULL);
    assert_non_null(lx);
    const se_spelling *sp;
    assert_int_equal(se_lexicon_spellings(lx, "nghien", 6, &sp), 2);
    assert_string_equal(sp[0].text, "nghiên"); /* most frequent first */
    assert_int_equal(sp[0].df, 3);
    assert_string_equal(sp[1].text, "nghiền");
    assert_int_equal(se_lexicon_df(lx, "nghien", 6), 4);
    assert_int_equal(se_lexicon_spellings(lx, "hoa", 3, &sp), 3);
    assert_string_equal(sp[0].text, "hòa");
    /* Numbers and compounds are not words to correct. */
    assert_int_equal(se_lexicon_df(lx, "2023", 4), 0);
    assert_int_equal(se_lexicon_df(lx, "01/nq-cp", 8), 0);
    assert_int_equal(se_lexicon_df(lx, "khong", 5), 0);
    /* Lookups take a length: a longer buffer is not read past it. */
    assert_int_equal(se_lexicon_df(lx, "khoaxyz", 4), 2);
    assert_int_equal(se_lexicon_size(lx), 6); /* nghien cuu khoa hoc hoa binh */
    se_lexicon_unref(lx);
    xc_db_free(db);
}

typedef struct near_row {
    const char *typed;
    const char *expected; /* space-separated, most frequent first */
} near_row;

TS_TEST(test_near_and_complete)
{
    static const near_row rows[] = {
        {"nghein", "nghien"},      /* swapped neighbours */
        {"ngien", "nghien"},       /* a letter missing */
        {"nghiien", "nghien"},     /* a key pressed twice */
        {"nghiren", "nghien"},     /* a stray letter */
        {"nghian", "nghien"},      /* a letter wrong */
        {"hoa", "khoa hoc"},       /* a known word's neighbours, itself excluded: a
                                      letter left out before a wrong one */
        {"xyzzy", ""},
        {"", ""},
    };
    xc_db *db = xc_db_open(path, NULL);
    se_lexicon *lx = se_lexicon_build(db, SE_VIEW_PUBLIC, NULL);
    for (size_t i = 0; i < sizeof rows / sizeof rows[0]; i++) {
        se_near near[8];
        size_t n = se_lexicon_near(lx, rows[i].typed, strlen(rows[i].typed), near, 8);
        char got[256] = "";
        for (size_t k = 0; k < n; k++) {
            if (k)
                strcat(got, " ");
            strcat(got, near[k].folded);
        }
        if (strcmp(got, rows[i].expected) != 0)
            fail_msg("near(%s) = [%s], expected [%s]", rows[i].typed, got, rows[i].expected);
    }
    se_near out[8];
    size_t n = se_lexicon_complete(lx, "ho", 2, out, 8);
    assert_int_equal(n, 2);
    assert_string_equal(out[0].folded, "hoa"); /* 3 documents, before hoc's 2 */
    assert_string_equal(out[1].folded, "hoc");
    assert_int_equal(se_lexicon_complete(lx, "ho", 2, out, 1), 1);
    assert_int_equal(se_lexicon_complete(lx, "z", 1, out, 8), 0);
    se_lexicon_unref(lx);
    xc_db_free(db);
}

TS_TEST(test_cache_shares_one_lexicon)
{
    xc_db *db = xc_db_open(path, NULL);
    se_lexicon_cache *c = se_lexicon_cache_new();
    se_lexicon *a = se_lexicon_get(c, db, SE_VIEW_PUBLIC, NULL);
    se_lexicon *b = se_lexicon_get(c, db, SE_VIEW_PUBLIC, NULL);
    assert_ptr_equal(a, b); /* unchanged index: the same lexicon */
    se_lexicon_unref(b);
    assert_int_equal(se_lexicon_df(a, "tom", 3), 0);
    se_lexicon_unref(a);
    se_lexicon_cache_free(c);
    xc_db_free(db);
}

TS_MAIN(setup, teardown,
        cmocka_unit_test(test_spellings),
        cmocka_unit_test(test_near_and_complete),
        cmocka_unit_test(test_cache_shares_one_lexicon))
