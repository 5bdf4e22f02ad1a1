/* test_xc_doc: the document being built (xapian-c/xc_doc.c), which holds a document
 * in C arrays and must mean what Xapian::Document meant: wdf added up, a position
 * given twice kept once and positions read out in order, terms in byte order, an empty
 * value no value, bad terms refused. Then the same document written through Xapian and
 * read back, prepared ahead (xc_doc_prepare) or not.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "ts_main.h"
#include "xc.h"
#include "xc_fixture.h"

/* One addition: a positional one when pos > 0. */
typedef struct add {
    const char *term;
    uint32_t pos;
    uint32_t wdfinc;
} add;

/* What reading out must give, in byte order. */
typedef struct want {
    const char *term;
    uint32_t wdf;
    uint32_t pos[4]; /* 0 ends */
} want;

static xc_doc *build(const add *adds, size_t n)
{
    xc_doc *doc = xc_doc_new(NULL);
    assert_non_null(doc);
    for (size_t i = 0; i < n; i++) {
        size_t len = strlen(adds[i].term);
        int rc = adds[i].pos ? xc_doc_add_posting(doc, adds[i].term, len, adds[i].pos,
                                                  adds[i].wdfinc, NULL)
                             : xc_doc_add_term(doc, adds[i].term, len, adds[i].wdfinc, NULL);
        assert_int_equal(rc, 0);
    }
    return doc;
}

static void expect(xc_doc *doc, const want *w, size_t n)
{
    const xc_doc_term *t;
    size_t got;
    assert_int_equal(xc_doc_sorted(doc, &t, &got, NULL), 0);
    assert_int_equal(got, n);
    assert_int_equal(xc_doc_term_count(doc), n);
    for (size_t i = 0; i < n; i++) {
        assert_int_equal(t[i].len, strlen(w[i].term));
        assert_memory_equal(t[i].name, w[i].term, t[i].len);
        assert_int_equal(t[i].wdf, w[i].wdf);
        uint32_t np = 0;
        while (np < 4 && w[i].pos[np])
            np++;
        assert_int_equal(t[i].npos, np);
        for (uint32_t k = 0; k < np; k++)
            assert_int_equal(t[i].pos[k], w[i].pos[k]);
    }
}

TS_TEST(test_terms_in_byte_order_with_wdf_and_positions)
{
    static const add adds[] = {
        {"nghe", 2, 1},  {"cong", 1, 1}, {"Ecông", 0, 1}, {"cong", 5, 1}, {"nghe", 6, 1},
        {"Bcong nghe", 0, 1}, {"Kmeeting", 0, 0}, {"cong", 3, 1},
        /* the same position twice: wdf counts both, the position is kept once */
        {"cong", 5, 1}, {"Q\xc3\xa9t\xc3\xa9", 0, 0}, {"nghe", 0, 2},
    };
    static const want wants[] = {
        {"Bcong nghe", 1, {0}},
        {"Ecông", 1, {0}},
        {"Kmeeting", 0, {0}},
        {"Q\xc3\xa9t\xc3\xa9", 0, {0}},
        {"cong", 4, {1, 3, 5, 0}},
        {"nghe", 4, {2, 6, 0}},
    };
    xc_doc *doc = build(adds, sizeof adds / sizeof *adds);
    expect(doc, wants, sizeof wants / sizeof *wants);
    /* Read twice, and after a change the read-out follows it. */
    expect(doc, wants, sizeof wants / sizeof *wants);
    assert_int_equal(xc_doc_add_posting(doc, "aa", 2, 9, 1, NULL), 0);
    const xc_doc_term *t;
    size_t n;
    assert_int_equal(xc_doc_sorted(doc, &t, &n, NULL), 0);
    assert_int_equal(n, 7);
    assert_memory_equal(t[4].name, "aa", 2);
    xc_doc_free(doc);
}

TS_TEST(test_many_terms_grow_the_table)
{
    xc_doc *doc = xc_doc_new(NULL);
    char term[32];
    for (int round = 0; round < 2; round++)
        for (int i = 0; i < 5000; i++) {
            int len = snprintf(term, sizeof term, "t%05d", 4999 - i);
            assert_int_equal(xc_doc_add_posting(doc, term, (size_t)len,
                                                (uint32_t)(round * 5000 + i + 1), 1, NULL),
                             0);
        }
    const xc_doc_term *t;
    size_t n;
    assert_int_equal(xc_doc_sorted(doc, &t, &n, NULL), 0);
    assert_int_equal(n, 5000);
    for (size_t i = 0; i < n; i++) {
        snprintf(term, sizeof term, "t%05zu", i);
        assert_memory_equal(t[i].name, term, 6);
        assert_int_equal(t[i].wdf, 2);
        assert_int_equal(t[i].npos, 2);
        assert_true(t[i].pos[0] < t[i].pos[1]);
    }
    xc_doc_free(doc);
}

/* Names alike in their first 8 bytes and more, in no order: the sort must still order
 * them by the bytes that differ, and a name before its own extensions. */
TS_TEST(test_long_common_prefixes)
{
    xc_doc *doc = xc_doc_new(NULL);
    char term[64];
    unsigned x = 12345;
    for (int i = 0; i < 3000; i++) {
        x = x * 1103515245u + 12345u;
        int len = snprintf(term, sizeof term, "Bkhoa hoc %u", (x >> 8) % 2000);
        assert_int_equal(xc_doc_add_term(doc, term, (size_t)len, 1, NULL), 0);
    }
    assert_int_equal(xc_doc_add_term(doc, "Bkhoa hoc", 9, 1, NULL), 0);
    assert_int_equal(xc_doc_add_term(doc, "Bkhoa ho", 8, 1, NULL), 0);
    const xc_doc_term *t;
    size_t n;
    assert_int_equal(xc_doc_sorted(doc, &t, &n, NULL), 0);
    assert_true(n > 1000);
    assert_int_equal(t[0].len, 8);
    assert_int_equal(t[1].len, 9);
    for (size_t i = 1; i < n; i++) {
        size_t m = t[i - 1].len < t[i].len ? t[i - 1].len : t[i].len;
        int c = memcmp(t[i - 1].name, t[i].name, m);
        if (c > 0 || (c == 0 && t[i - 1].len >= t[i].len))
            fail_msg("terms %zu and %zu out of order", i - 1, i);
    }
    xc_doc_free(doc);
}

TS_TEST(test_values_and_data)
{
    xc_doc *doc = xc_doc_new(NULL);
    assert_int_equal(xc_doc_set_value(doc, 5, "five", 4, NULL), 0);
    assert_int_equal(xc_doc_set_value(doc, 1, "one", 3, NULL), 0);
    assert_int_equal(xc_doc_set_value(doc, 9, "nine", 4, NULL), 0);
    assert_int_equal(xc_doc_set_value(doc, 5, "FIVE!", 5, NULL), 0); /* replaces */
    assert_int_equal(xc_doc_set_value(doc, 9, "", 0, NULL), 0);      /* removes */
    assert_int_equal(xc_doc_set_value(doc, 7, "", 0, NULL), 0);      /* nothing to remove */
    assert_int_equal(xc_doc_value_count(doc), 2);
    unsigned slot;
    const char *v;
    size_t len;
    xc_doc_value_at(doc, 0, &slot, &v, &len);
    assert_int_equal(slot, 1);
    assert_int_equal(len, 3);
    assert_memory_equal(v, "one", 3);
    xc_doc_value_at(doc, 1, &slot, &v, &len);
    assert_int_equal(slot, 5);
    assert_memory_equal(v, "FIVE!", 5);
    assert_string_equal(xc_doc_data(doc, &len), "");
    assert_int_equal(len, 0);
    assert_int_equal(xc_doc_set_data(doc, "{\"id\":\"a\"}", 10, NULL), 0);
    assert_string_equal(xc_doc_data(doc, &len), "{\"id\":\"a\"}");
    xc_doc_free(doc);
}

TS_TEST(test_bad_terms)
{
    xc_doc *doc = xc_doc_new(NULL);
    tr_error err = {0};
    assert_int_equal(xc_doc_add_posting(doc, "", 0, 1, 1, &err), TR_EINVAL);
    assert_int_equal(xc_doc_add_term(NULL, "a", 1, 1, NULL), TR_EINVAL);
    assert_int_equal(xc_doc_set_value(doc, 1, NULL, 3, NULL), TR_EINVAL);
    assert_int_equal(xc_doc_term_count(doc), 0);
    xc_doc_free(doc);
    xc_doc_free(NULL);
}

/* Written through Xapian, the document reads back as it was built. */
static void round_trip(int prepared)
{
    static const add adds[] = {
        {"cong", 3, 1}, {"cong", 1, 1}, {"Ecông", 0, 1}, {"Kx", 0, 0}, {"nghe", 2, 1},
    };
    xc_doc *doc = build(adds, sizeof adds / sizeof *adds);
    assert_int_equal(xc_doc_set_value(doc, 2, "2023", 4, NULL), 0);
    assert_int_equal(xc_doc_set_data(doc, "stored", 6, NULL), 0);
    if (prepared)
        assert_int_equal(xc_doc_prepare(doc, NULL), 0);
    char path[256];
    xf_path(path, sizeof path, prepared ? "doc-prepared" : "doc-plain");
    xc_wdb *w = xc_wdb_open(path, XC_CREATE_OR_OPEN, NULL);
    assert_non_null(w);
    xc_docid id = 0;
    assert_int_equal(xc_wdb_add(w, doc, &id, NULL), 0);
    assert_int_equal(xc_wdb_commit(w, NULL), 0);
    xc_wdb_free(w);
    xc_doc_free(doc);

    xc_db *db = xf_open_db(path);
    char *s = NULL;
    size_t len = 0;
    assert_int_equal(xc_db_data(db, id, &s, &len, NULL), 0);
    assert_int_equal(len, 6);
    assert_memory_equal(s, "stored", 6);
    free(s);
    assert_int_equal(xc_db_value(db, id, 2, &s, &len, NULL), 0);
    assert_memory_equal(s, "2023", 4);
    free(s);
    uint64_t tf = 0, cf = 0;
    assert_int_equal(xc_db_termfreq(db, "cong", 4, &tf, NULL), 0);
    assert_int_equal(tf, 1);
    assert_int_equal(xc_db_collfreq(db, "cong", 4, &cf, NULL), 0);
    assert_int_equal(cf, 2);
    assert_int_equal(xc_db_collfreq(db, "Kx", 2, &cf, NULL), 0);
    assert_int_equal(cf, 0);
    xc_db_free(db);
}

TS_TEST(test_written_through_xapian) { round_trip(0); }
TS_TEST(test_prepared_then_written) { round_trip(1); }

TS_MAIN(xf_setup, xf_teardown, cmocka_unit_test(test_terms_in_byte_order_with_wdf_and_positions),
        cmocka_unit_test(test_many_terms_grow_the_table),
        cmocka_unit_test(test_long_common_prefixes), cmocka_unit_test(test_values_and_data),
        cmocka_unit_test(test_bad_terms), cmocka_unit_test(test_written_through_xapian),
        cmocka_unit_test(test_prepared_then_written))
