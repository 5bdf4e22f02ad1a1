/* Tests for what a view counts (search/view.h) as the index changes under a reader:
 * whether a handle hides documents is kept by the handle's generation, so a handle
 * that moves to a revision with restricted documents must count without them at once,
 * and one that has not moved must still count as its revision says. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <cmocka.h>

#include "view.h"
#include "vn_terms.h"
#include "xc.h"
#include "xc_fixture.h"
#include "ts_main.h"

#define WORD "kalimex"

/* A restricted document with WORD, and its shadow as the indexer writes it. */
static void add_restricted(const char *path)
{
    tr_error err = {0};
    xc_wdb *w = xc_wdb_open(path, XC_OPEN, &err);
    assert_non_null(w);
    xc_doc *doc = xc_doc_new(&err);
    assert_non_null(doc);
    static const char *const terms[] = {VN_P_ACCESS VN_ACCESS_INTERNAL, WORD, VN_P_HIDDEN WORD};
    for (size_t i = 0; i < sizeof terms / sizeof terms[0]; i++)
        assert_int_equal(xc_doc_add_boolean_term(doc, terms[i], strlen(terms[i]), &err), 0);
    assert_int_equal(xc_wdb_add(w, doc, NULL, &err), 0);
    assert_int_equal(xc_wdb_commit(w, &err), 0);
    xc_doc_free(doc);
    xc_wdb_free(w);
}

/* The handle's answers: hides for the public view, and WORD's count in each view. */
static void expect(xc_db *db, int hides, uint64_t public_tf, uint64_t internal_tf)
{
    tr_error err = {0};
    int h = -1;
    uint64_t pub = 99, in = 99;
    for (int twice = 0; twice < 2; twice++) { /* the second from what was kept */
        assert_int_equal(se_view_hides(db, SE_VIEW_PUBLIC, &h, &err), 0);
        assert_int_equal(h, hides);
        assert_int_equal(se_view_hides(db, SE_VIEW_INTERNAL, &h, &err), 0);
        assert_int_equal(h, 0);
        assert_int_equal(se_view_termfreq(db, SE_VIEW_PUBLIC, WORD, strlen(WORD), &pub, &err), 0);
        assert_int_equal(se_view_termfreq(db, SE_VIEW_INTERNAL, WORD, strlen(WORD), &in, &err), 0);
        assert_int_equal(pub, public_tf);
        assert_int_equal(in, internal_tf);
    }
}

TS_TEST(test_hides_follows_reopen)
{
    char path[256];
    xf_path(path, sizeof path, "view");
    xf_build_db(path, xf_corpus, 2);
    xc_db *db = xf_open_db(path), *other = xf_open_db(path);
    expect(db, 0, 0, 0);
    expect(other, 0, 0, 0);
    add_restricted(path);
    expect(db, 0, 0, 0); /* still the revision it read */
    tr_error err = {0};
    int changed = 0;
    assert_int_equal(xc_db_reopen(db, &changed, &err), 0);
    assert_int_equal(changed, 1);
    expect(db, 1, 0, 1);
    expect(other, 0, 0, 0); /* another handle, not moved: its own answer */
    assert_int_equal(xc_db_reopen(other, &changed, &err), 0);
    expect(other, 1, 0, 1);
    xc_db_free(db);
    xc_db_free(other);
}

TS_MAIN(xf_setup, xf_teardown, cmocka_unit_test(test_hides_follows_reopen))
