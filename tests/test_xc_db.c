/* test_xc_db: storage in the C API over Xapian (xapian-c/xc.h), on real databases.
 *
 * Writable databases (adding, replacing, deleting, transactions, what is discarded
 * and when readers see a commit, the write lock), documents and metadata, opening
 * errors, several shards (xc_db_open_many, stub files, xc_db_add), and reading a
 * database back: statistics (termfreq, collfreq), stored data and values, all
 * terms and a document's terms; last, NULL handles. The corpus and helpers are in
 * xc_fixture.h; tests that write make their own databases in its folder.
 */
#include <math.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <cmocka.h>

#include "xc.h"
#include "xc_fixture.h"
#include "ts_main.h"

/* ---- Helpers ------------------------------------------------------------ */

static uint64_t db_count(const char *path)
{
    xc_db *db = xf_open_db(path);
    uint64_t n = 0;
    assert_int_equal(xc_db_doccount(db, &n, NULL), 0);
    xc_db_free(db);
    return n;
}

/* ---- Writable databases ------------------------------------------------- */

TS_TEST(test_create_add_commit)
{
    char path[256];
    xf_path(path, sizeof path, "basic");
    tr_error err = {0};
    xc_wdb *w = xc_wdb_open(path, XC_CREATE_OR_OPEN, &err);
    assert_non_null(w);

    uint64_t n = 99;
    assert_int_equal(xc_wdb_doccount(w, &n, &err), 0);
    assert_int_equal(n, 0);

    assert_int_equal(xc_wdb_begin(w, &err), 0);
    for (size_t i = 0; i < 2; i++) {
        xc_doc *doc = xf_make_doc(&xf_corpus[i]);
        assert_int_equal(xc_wdb_add(w, doc, NULL, &err), 0);
        xc_doc_free(doc);
    }
    /* The writer sees its own pending changes. */
    assert_int_equal(xc_wdb_doccount(w, &n, &err), 0);
    assert_int_equal(n, 2);

    /* Transactions do not nest. */
    tr_error nested = {0};
    assert_int_equal(xc_wdb_begin(w, &nested), TR_EXAPIAN);
    assert_non_null(strstr(nested.message, "InvalidOperationError"));

    assert_int_equal(xc_wdb_commit(w, &err), 0);
    xc_wdb_free(w);
    assert_int_equal(db_count(path), 2);

    /* XC_OPEN reopens what exists. */
    w = xc_wdb_open(path, XC_OPEN, &err);
    assert_non_null(w);
    assert_int_equal(xc_wdb_doccount(w, &n, &err), 0);
    assert_int_equal(n, 2);
    xc_wdb_free(w);
    assert_int_equal(err.code, TR_OK);
}

TS_TEST(test_bad_documents)
{
    tr_error err = {0};
    xc_doc *doc = xc_doc_new(&err);
    assert_non_null(doc);
    assert_int_equal(xc_doc_add_term(doc, "", 0, 1, &err), TR_EINVAL);
    assert_string_equal(err.message, "InvalidArgumentError: Empty termnames aren't allowed.");
    assert_int_equal(xc_doc_add_term(doc, NULL, 1, 1, NULL), TR_EINVAL);

    /* Glass refuses terms over 245 bytes, and so does the document, before any writer
     * sees it; the message must not quote the term. */
    char big[300];
    memset(big, 'x', sizeof big);
    tr_error_clear(&err);
    assert_int_equal(xc_doc_add_posting(doc, big, sizeof big, 1, 1, &err), TR_EINVAL);
    assert_string_equal(err.message, "InvalidArgumentError: Term too long (> 245)");
    assert_int_equal(xc_doc_add_term(doc, big, 245, 1, NULL), 0);
    assert_int_equal(xc_doc_term_count(doc), 1);
    xc_doc_free(doc);
}

TS_TEST(test_replace_and_delete)
{
    char path[256];
    xf_path(path, sizeof path, "replace");
    xf_build_db(path, xf_corpus, 3);

    tr_error err = {0};
    xc_wdb *w = xc_wdb_open(path, XC_OPEN, &err);
    assert_non_null(w);
    assert_int_equal(xc_wdb_begin(w, &err), 0);

    xf_row row = {"2", "fig", NULL, NULL};
    xc_doc *doc = xf_make_doc(&row);
    assert_int_equal(xc_doc_set_data(doc, "new", 3, &err), 0);
    xc_docid id = 0;
    assert_int_equal(xc_wdb_replace(w, "Q2", 2, doc, &id, &err), 0);
    assert_int_equal(id, 2);
    uint64_t n = 0;
    assert_int_equal(xc_wdb_doccount(w, &n, &err), 0);
    assert_int_equal(n, 3);

    xc_doc_free(doc);

    /* Replacing by a term nobody has adds a document. */
    xf_row added = {"9", "fig", NULL, NULL};
    doc = xf_make_doc(&added);
    assert_int_equal(xc_wdb_replace(w, "Q9", 2, doc, &id, &err), 0);
    assert_int_equal(id, 4);
    xc_doc_free(doc);

    int deleted = -1;
    assert_int_equal(xc_wdb_delete(w, "Q1", 2, &deleted, &err), 0);
    assert_int_equal(deleted, 1);
    assert_int_equal(xc_wdb_delete(w, "Q1", 2, &deleted, &err), 0);
    assert_int_equal(deleted, 0);
    assert_int_equal(xc_wdb_doccount(w, &n, &err), 0);
    assert_int_equal(n, 3);
    assert_int_equal(xc_wdb_commit(w, &err), 0);
    xc_wdb_free(w);

    xc_db *db = xf_open_db(path);
    char *data = NULL;
    size_t len = 0;
    assert_int_equal(xc_db_data(db, 2, &data, &len, &err), 0);
    assert_string_equal(data, "new");
    assert_int_equal(len, 3);
    free(data);
    uint64_t freq = 9;
    assert_int_equal(xc_db_termfreq(db, "banana", 6, &freq, &err), 0);
    assert_int_equal(freq, 0); /* doc 1 deleted, doc 2 no longer has it */
    assert_int_equal(xc_db_termfreq(db, "fig", 3, &freq, &err), 0);
    assert_int_equal(freq, 2);
    assert_int_equal(xc_db_data(db, 1, &data, &len, NULL), TR_ENOTFOUND);
    assert_null(data);
    xc_db_free(db);
    assert_int_equal(err.code, TR_OK);
}

/* The three ways a change can end up discarded, and the one way it stays. */
TS_TEST(test_discard)
{
    char path[256];
    xf_path(path, sizeof path, "discard");
    xf_build_db(path, xf_corpus, 1);
    tr_error err = {0};
    xc_doc *doc = xf_make_doc(&xf_corpus[1]);

    xc_wdb *w = xc_wdb_open(path, XC_OPEN, &err);
    assert_non_null(w);
    assert_int_equal(xc_wdb_begin(w, &err), 0);
    assert_int_equal(xc_wdb_add(w, doc, NULL, &err), 0);
    assert_int_equal(xc_wdb_cancel(w, &err), 0);
    uint64_t n = 0;
    assert_int_equal(xc_wdb_doccount(w, &n, &err), 0);
    assert_int_equal(n, 1);
    xc_wdb_free(w);
    assert_int_equal(db_count(path), 1);

    /* Freed inside a transaction. */
    w = xc_wdb_open(path, XC_OPEN, &err);
    assert_non_null(w);
    assert_int_equal(xc_wdb_begin(w, &err), 0);
    assert_int_equal(xc_wdb_add(w, doc, NULL, &err), 0);
    xc_wdb_free(w);
    assert_int_equal(db_count(path), 1);

    /* Freed with changes made outside a transaction: Xapian alone would commit them. */
    w = xc_wdb_open(path, XC_OPEN, &err);
    assert_non_null(w);
    assert_int_equal(xc_wdb_add(w, doc, NULL, &err), 0);
    xc_wdb_free(w);
    assert_int_equal(db_count(path), 1);

    /* Outside a transaction, commit alone makes them stay. */
    w = xc_wdb_open(path, XC_OPEN, &err);
    assert_non_null(w);
    assert_int_equal(xc_wdb_add(w, doc, NULL, &err), 0);
    assert_int_equal(xc_wdb_commit(w, &err), 0);
    xc_wdb_free(w);
    assert_int_equal(db_count(path), 2);

    xc_doc_free(doc);
    assert_int_equal(err.code, TR_OK);
}

TS_TEST(test_reader_sees_commits_after_reopen)
{
    char path[256];
    xf_path(path, sizeof path, "visibility");
    xf_build_db(path, xf_corpus, 2);
    tr_error err = {0};
    xc_db *db = xf_open_db(path);
    xc_wdb *w = xc_wdb_open(path, XC_OPEN, &err);
    assert_non_null(w);

    assert_int_equal(xc_wdb_begin(w, &err), 0);
    xc_doc *doc = xf_make_doc(&xf_corpus[2]);
    assert_int_equal(xc_wdb_add(w, doc, NULL, &err), 0);
    xc_doc_free(doc);

    uint64_t n = 0;
    int changed = -1;
    uint64_t gen = xc_db_generation(db);
    assert_true(gen != 0);
    assert_int_equal(xc_db_reopen(db, &changed, &err), 0);
    assert_int_equal(changed, 0);
    assert_int_equal(xc_db_generation(db), gen); /* not moved: what was learnt holds */
    assert_int_equal(xc_db_doccount(db, &n, &err), 0);
    assert_int_equal(n, 2);

    xc_enquire *e = xc_enquire_new(db, &err);
    assert_non_null(e);
    assert_int_equal(xc_wdb_commit(w, &err), 0);
    assert_int_equal(xc_db_doccount(db, &n, &err), 0);
    assert_int_equal(n, 2); /* still the revision it opened */
    assert_int_equal(xc_db_reopen(db, &changed, &err), 0);
    assert_int_equal(changed, 1);
    assert_true(xc_db_generation(db) != gen); /* moved: a new generation */
    assert_int_equal(xc_db_doccount(db, &n, &err), 0);
    assert_int_equal(n, 3);
    assert_int_equal(xc_db_reopen(db, &changed, &err), 0);
    assert_int_equal(changed, 0);

    /* An enquiry made before the reopen moved with it. */
    xc_query *q = xf_all();
    char ids[16];
    xf_run_ids(e, q, 1, ids, sizeof ids);
    assert_string_equal(ids, "1 2 3");
    xc_query_free(q);
    xc_enquire_free(e);

    /* Discarded changes leave no revision behind either. */
    doc = xf_make_doc(&xf_corpus[3]);
    assert_int_equal(xc_wdb_add(w, doc, NULL, &err), 0);
    xc_doc_free(doc);
    xc_wdb_free(w);
    assert_int_equal(xc_db_reopen(db, &changed, &err), 0);
    assert_int_equal(changed, 0);
    xc_db_free(db);
    assert_int_equal(err.code, TR_OK);
}

TS_TEST(test_second_writer_is_refused)
{
    char path[256];
    xf_path(path, sizeof path, "locked");
    tr_error err = {0};
    xc_wdb *first = xc_wdb_open(path, XC_CREATE_OR_OPEN, &err);
    assert_non_null(first);

    tr_error lock = {0};
    assert_null(xc_wdb_open(path, XC_CREATE_OR_OPEN, &lock));
    assert_int_equal(lock.code, TR_EUNAVAILABLE);
    assert_non_null(strstr(lock.message, "DatabaseLockError: Unable to get write lock"));

    xc_wdb_free(first);
    xc_wdb *second = xc_wdb_open(path, XC_OPEN, &err);
    assert_non_null(second);
    xc_wdb_free(second);
    assert_int_equal(err.code, TR_OK);
}

TS_TEST(test_open_errors)
{
    char missing[256];
    xf_path(missing, sizeof missing, "no-such-db");

    tr_error err = {0};
    assert_null(xc_db_open(missing, &err));
    assert_int_equal(err.code, TR_ENOTFOUND);
    assert_non_null(strstr(err.message, "DatabaseNotFoundError"));

    tr_error_clear(&err);
    assert_null(xc_wdb_open(missing, XC_OPEN, &err));
    assert_int_equal(err.code, TR_ENOTFOUND);
    assert_int_equal(access(missing, F_OK), -1); /* XC_OPEN created nothing */

    tr_error_clear(&err);
    assert_null(xc_wdb_open(missing, 7, &err));
    assert_int_equal(err.code, TR_EINVAL);

    tr_error_clear(&err);
    const char *paths[] = {xf_corpus_path, missing};
    assert_null(xc_db_open_many(paths, 2, &err));
    assert_int_equal(err.code, TR_ENOTFOUND);

    tr_error_clear(&err);
    assert_null(xc_db_open(NULL, &err));
    assert_int_equal(err.code, TR_EINVAL);
}

/* ---- Several shards ----------------------------------------------------- */

static const xf_row shard_a[] = {{"A1", "alpha", NULL, NULL}, {"A2", "alpha beta", NULL, NULL}};
static const xf_row shard_b[] = {
    {"B1", "beta", NULL, NULL}, {"B2", "gamma", NULL, NULL}, {"B3", "beta gamma", NULL, NULL}};

static void make_shards(char *a, char *b, size_t size)
{
    xf_path(a, size, "shard-a");
    xf_path(b, size, "shard-b");
    if (access(a, F_OK) != 0) {
        xf_build_db(a, shard_a, 2);
        xf_build_db(b, shard_b, 3);
    }
}

/* Docids interleave: shard a has the odd ones, shard b the even ones. */
static void check_two_shards(xc_db *db)
{
    static const struct {
        const char *uterm;
        xc_docid docid;
        const char *data;
    } rows[] = {
        {"QA1", 1, "dA1"}, {"QB1", 2, "dB1"}, {"QA2", 3, "dA2"},
        {"QB2", 4, "dB2"}, {"QB3", 6, "dB3"},
    };
    tr_error err = {0};
    uint64_t n = 0;
    assert_int_equal(xc_db_doccount(db, &n, &err), 0);
    assert_int_equal(n, 5);
    for (size_t i = 0; i < sizeof rows / sizeof rows[0]; i++) {
        xc_docid id = 0;
        if (xc_db_find(db, rows[i].uterm, strlen(rows[i].uterm), &id, &err))
            fail_msg("%s: %s", rows[i].uterm, err.message);
        assert_int_equal(id, rows[i].docid);
        char *data = NULL;
        assert_int_equal(xc_db_data(db, id, &data, NULL, &err), 0);
        assert_string_equal(data, rows[i].data);
        free(data);
    }
    assert_int_equal(xc_db_termfreq(db, "beta", 4, &n, &err), 0);
    assert_int_equal(n, 3);
}

TS_TEST(test_open_many)
{
    char a[256], b[256];
    make_shards(a, b, sizeof a);
    tr_error err = {0};
    const char *paths[] = {a, b};
    xc_db *db = xc_db_open_many(paths, 2, &err);
    assert_non_null(db);
    check_two_shards(db);

    /* Results from both shards, readable through the result set. */
    xc_enquire *e = xc_enquire_new(db, &err);
    assert_non_null(e);
    xc_query *q = xf_term("beta");
    char ids[64];
    xf_run_ids(e, q, 1, ids, sizeof ids);
    assert_string_equal(ids, "2 3 6");
    xc_mset *m = xf_run(e, q, 0, 10);
    for (size_t i = 0; i < xc_mset_size(m); i++) {
        xc_hit hit;
        char *data = NULL;
        assert_int_equal(xc_mset_hit(m, i, &hit, &err), 0);
        assert_int_equal(xc_mset_data(m, i, &data, NULL, &err), 0);
        assert_string_equal(data, hit.docid == 3 ? "dA2" : hit.docid == 2 ? "dB1" : "dB3");
        free(data);
    }
    xc_mset_free(m);
    xc_query_free(q);
    xc_enquire_free(e);
    xc_db_free(db);
    assert_int_equal(err.code, TR_OK);
}

TS_TEST(test_stub_file)
{
    char a[256], b[256], stub[256];
    make_shards(a, b, sizeof a);
    xf_path(stub, sizeof stub, "both.stub");
    FILE *f = fopen(stub, "w");
    assert_non_null(f);
    fprintf(f, "auto %s\nauto %s\n", a, b);
    assert_int_equal(fclose(f), 0);

    xc_db *db = xf_open_db(stub);
    check_two_shards(db);
    xc_db_free(db);
}

TS_TEST(test_add_shard)
{
    char a[256], b[256];
    make_shards(a, b, sizeof a);
    xc_db *db = xf_open_db(a), *again = xf_open_db(a);
    tr_error err = {0};
    uint64_t gen = xc_db_generation(db);
    assert_true(gen != 0 && xc_db_generation(again) != gen); /* never two handles' */
    assert_int_equal(xc_db_add(db, b, &err), 0);
    assert_true(xc_db_generation(db) != gen && xc_db_generation(db) != xc_db_generation(again));
    check_two_shards(db);
    xc_db_free(again);
    xc_db_free(db);
}

/* ---- Reading a database ------------------------------------------------- */

TS_TEST(test_db_stats)
{
    xc_db *db = xf_open_db(xf_corpus_path);
    tr_error err = {0};
    static const struct {
        const char *term;
        uint64_t termfreq, collfreq;
    } rows[] = {
        {"banana", 4, 5}, /* twice in document 5 */
        {"apple", 4, 4},
        {"Q3", 1, 0}, /* boolean terms have wdf 0 */
        {"nope", 0, 0},
    };
    for (size_t i = 0; i < sizeof rows / sizeof rows[0]; i++) {
        uint64_t tf = 99, cf = 99;
        size_t len = strlen(rows[i].term);
        assert_int_equal(xc_db_termfreq(db, rows[i].term, len, &tf, &err), 0);
        assert_int_equal(xc_db_collfreq(db, rows[i].term, len, &cf, &err), 0);
        if (tf != rows[i].termfreq || cf != rows[i].collfreq)
            fail_msg("%s: termfreq %llu collfreq %llu", rows[i].term, (unsigned long long)tf,
                     (unsigned long long)cf);
    }
    uint64_t n = 0;
    assert_int_equal(xc_db_doccount(db, &n, &err), 0);
    assert_int_equal(n, XF_NCORPUS);
    double avlen = 0;
    assert_int_equal(xc_db_avlength(db, &avlen, &err), 0);
    assert_true(fabs(avlen - 17.0 / 7.0) < 1e-9); /* 17 words; boolean terms add nothing */
    xc_db_free(db);
    assert_int_equal(err.code, TR_OK);
}

TS_TEST(test_db_documents)
{
    xc_db *db = xf_open_db(xf_corpus_path);
    tr_error err = {0};
    xc_docid id = 99;
    assert_int_equal(xc_db_find(db, "Q3", 2, &id, &err), 0);
    assert_int_equal(id, 3);

    char *s = NULL;
    size_t len = 0;
    assert_int_equal(xc_db_data(db, 3, &s, &len, &err), 0);
    assert_string_equal(s, "d3");
    assert_int_equal(len, 2);
    free(s);
    assert_int_equal(xc_db_value(db, 1, XF_SLOT_YEAR, &s, &len, &err), 0);
    assert_string_equal(s, "2020");
    free(s);
    assert_int_equal(xc_db_value(db, 6, XF_SLOT_YEAR, &s, &len, &err), 0);
    assert_string_equal(s, ""); /* unset reads as empty */
    assert_int_equal(len, 0);
    free(s);
    assert_int_equal(xc_db_metadata(db, "version", &s, &len, &err), 0);
    assert_string_equal(s, "1");
    free(s);
    assert_int_equal(xc_db_metadata(db, "unset", &s, &len, &err), 0);
    assert_string_equal(s, "");
    free(s);
    assert_int_equal(err.code, TR_OK);

    tr_error missing = {0};
    assert_int_equal(xc_db_find(db, "Q99", 3, &id, &missing), TR_ENOTFOUND);
    assert_int_equal(id, 0);
    assert_int_equal(missing.code, TR_ENOTFOUND);
    s = (char *)"garbage";
    len = 7;
    assert_int_equal(xc_db_data(db, 99, &s, &len, NULL), TR_ENOTFOUND);
    assert_null(s);
    assert_int_equal(len, 0);
    assert_int_equal(xc_db_value(db, 99, XF_SLOT_YEAR, &s, &len, NULL), TR_ENOTFOUND);
    assert_null(s);
    assert_int_equal(xc_db_data(db, 0, &s, &len, NULL), TR_EINVAL);
    xc_db_free(db);
}

TS_TEST(test_term_lists)
{
    xc_db *db = xf_open_db(xf_corpus_path);
    tr_error err = {0};
    static const struct {
        const char *prefix;
        int limit;
        const char *expect;
    } all[] = {
        {"ba", 0, "bake=1 banana=4"},
        {"Q", 2, "Q1=1 Q2=1"}, /* the callback stops after two */
        {"zz", 0, ""},
    };
    for (size_t i = 0; i < sizeof all / sizeof all[0]; i++) {
        xf_log log = {.with_count = 1, .limit = all[i].limit};
        assert_int_equal(
            xc_db_allterms(db, all[i].prefix, strlen(all[i].prefix), xf_log_term, &log, &err), 0);
        if (strcmp(log.text, all[i].expect))
            fail_msg("allterms %s: got '%s'", all[i].prefix, log.text);
    }
    xf_log every = {0};
    assert_int_equal(xc_db_allterms(db, NULL, 0, xf_log_term, &every, &err), 0);
    assert_int_equal(every.calls, 15); /* 8 words and 7 unique terms */

    static const struct {
        xc_docid docid;
        const char *prefix;
        const char *expect;
    } doc[] = {
        {5, "", "Q5=0 banana=2 split=1"},
        {5, "b", "banana=2"},
        {1, "c", "cherry=1"},
    };
    for (size_t i = 0; i < sizeof doc / sizeof doc[0]; i++) {
        xf_log log = {.with_count = 1};
        assert_int_equal(xc_db_doc_terms(db, doc[i].docid, doc[i].prefix, strlen(doc[i].prefix),
                                         xf_log_term, &log, &err),
                         0);
        if (strcmp(log.text, doc[i].expect))
            fail_msg("terms of %u prefix '%s': got '%s'", (unsigned)doc[i].docid, doc[i].prefix,
                     log.text);
    }
    xf_log none = {0};
    assert_int_equal(xc_db_doc_terms(db, 42, "", 0, xf_log_term, &none, NULL), TR_ENOTFOUND);
    assert_int_equal(none.calls, 0);
    xc_db_free(db);
    assert_int_equal(err.code, TR_OK);
}

TS_TEST(test_null_handles)
{
    xc_db_free(NULL);
    xc_wdb_free(NULL);
    xc_doc_free(NULL);
    xc_query_free(NULL);
    xc_enquire_free(NULL);
    xc_mset_free(NULL);
    xc_spy_free(NULL);
    assert_int_equal(xc_mset_size(NULL), 0);
    assert_int_equal(xc_spy_total(NULL), 0);
    assert_int_equal(xc_db_generation(NULL), 0);

    tr_error err = {0};
    uint64_t n = 0;
    assert_int_equal(xc_db_doccount(NULL, &n, &err), TR_EINVAL);
    assert_string_equal(err.message, "NULL handle or output pointer");
    xc_db *db = xf_open_db(xf_corpus_path);
    assert_int_equal(xc_db_doccount(db, NULL, NULL), TR_EINVAL);
    assert_int_equal(xc_db_allterms(db, "", 0, NULL, NULL, NULL), TR_EINVAL);
    xc_db_free(db);
}

TS_MAIN(xf_setup, xf_teardown,
        cmocka_unit_test(test_create_add_commit),
        cmocka_unit_test(test_bad_documents),
        cmocka_unit_test(test_replace_and_delete),
        cmocka_unit_test(test_discard),
        cmocka_unit_test(test_reader_sees_commits_after_reopen),
        cmocka_unit_test(test_second_writer_is_refused),
        cmocka_unit_test(test_open_errors),
        cmocka_unit_test(test_open_many),
        cmocka_unit_test(test_stub_file),
        cmocka_unit_test(test_add_shard),
        cmocka_unit_test(test_db_stats),
        cmocka_unit_test(test_db_documents),
        cmocka_unit_test(test_term_lists),
        cmocka_unit_test(test_null_handles))
