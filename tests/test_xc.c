/* test_xc: the C API over Xapian (xapian-c/xc.h), checked on real databases.
 *
 * The group setup builds a seven-document corpus in a temporary directory; the
 * query, enquiry and result-set tests read it, the writer tests make their own
 * databases beside it, and the teardown removes the whole directory. Expected
 * results are written out by hand from the corpus table below.
 */
#include <dirent.h>
#include <math.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cmocka.h>

#include "xc.h"

enum { SLOT_YEAR = 0, SLOT_COLOR = 1 };

/* Document i + 1 of every database built here is row i: its words are indexed
 * at positions 1, 2, ..., "Q" + id is its unique term and "d" + id its data. */
typedef struct {
    const char *id;
    const char *text;
    const char *year;  /* value SLOT_YEAR, NULL for none */
    const char *color; /* value SLOT_COLOR */
} doc_row;

static const doc_row corpus[] = {
    {"1", "apple banana cherry", "2020", "red"},
    {"2", "banana apple", "2021", "red"},
    {"3", "cherry date", "2019", "green"},
    {"4", "apple pie banana", "2022", "blue"},
    {"5", "banana split banana", "2018", "red"},
    {"6", "apple kiwi", NULL, "green"},
    {"7", "bake kiwi", "2017", "blue"},
};
#define NCORPUS (sizeof corpus / sizeof corpus[0])

static char tmpdir[] = "/tmp/test_xc.XXXXXX";
static char corpus_path[256];

/* ---- Helpers ------------------------------------------------------------ */

static void path_in(char *buf, size_t size, const char *name)
{
    int n = snprintf(buf, size, "%s/%s", tmpdir, name);
    assert_true(n > 0 && (size_t)n < size);
}

static int remove_tree(const char *path)
{
    struct stat st;
    if (lstat(path, &st) != 0)
        return -1;
    if (S_ISDIR(st.st_mode)) {
        DIR *d = opendir(path);
        if (!d)
            return -1;
        struct dirent *ent;
        while ((ent = readdir(d))) {
            if (!strcmp(ent->d_name, ".") || !strcmp(ent->d_name, ".."))
                continue;
            char child[512];
            snprintf(child, sizeof child, "%s/%s", path, ent->d_name);
            remove_tree(child);
        }
        closedir(d);
        return rmdir(path);
    }
    return unlink(path);
}

static xc_doc *make_doc(const doc_row *row)
{
    tr_error err = {0};
    xc_doc *doc = xc_doc_new(&err);
    assert_non_null(doc);

    char words[128];
    snprintf(words, sizeof words, "%s", row->text);
    uint32_t pos = 1;
    char *save = NULL;
    for (char *w = strtok_r(words, " ", &save); w; w = strtok_r(NULL, " ", &save))
        assert_int_equal(xc_doc_add_posting(doc, w, strlen(w), pos++, 1, &err), 0);

    char buf[32];
    int n = snprintf(buf, sizeof buf, "Q%s", row->id);
    assert_int_equal(xc_doc_add_boolean_term(doc, buf, (size_t)n, &err), 0);
    n = snprintf(buf, sizeof buf, "d%s", row->id);
    assert_int_equal(xc_doc_set_data(doc, buf, (size_t)n, &err), 0);
    if (row->year)
        assert_int_equal(xc_doc_set_value(doc, SLOT_YEAR, row->year, strlen(row->year), &err), 0);
    if (row->color)
        assert_int_equal(
            xc_doc_set_value(doc, SLOT_COLOR, row->color, strlen(row->color), &err), 0);
    return doc;
}

/* Creates `path` holding rows[0..n-1] as documents 1..n, in one transaction. */
static void build_db(const char *path, const doc_row *rows, size_t n)
{
    tr_error err = {0};
    xc_wdb *w = xc_wdb_open(path, XC_CREATE_OR_OPEN, &err);
    assert_non_null(w);
    assert_int_equal(xc_wdb_begin(w, &err), 0);
    for (size_t i = 0; i < n; i++) {
        xc_doc *doc = make_doc(&rows[i]);
        xc_docid id = 0;
        assert_int_equal(xc_wdb_add(w, doc, &id, &err), 0);
        assert_int_equal(id, i + 1);
        xc_doc_free(doc);
    }
    assert_int_equal(xc_wdb_set_metadata(w, "version", "1", 1, &err), 0);
    assert_int_equal(xc_wdb_commit(w, &err), 0);
    xc_wdb_free(w);
}

static xc_db *open_db(const char *path)
{
    tr_error err = {0};
    xc_db *db = xc_db_open(path, &err);
    if (!db)
        fail_msg("opening %s: %s", path, err.message);
    return db;
}

static uint64_t db_count(const char *path)
{
    xc_db *db = open_db(path);
    uint64_t n = 0;
    assert_int_equal(xc_db_doccount(db, &n, NULL), 0);
    xc_db_free(db);
    return n;
}

static xc_query *term(const char *t)
{
    xc_query *q = xc_query_term(t, strlen(t), 1, 0, NULL);
    assert_non_null(q);
    return q;
}

static xc_query *all(void)
{
    xc_query *q = xc_query_match_all(NULL);
    assert_non_null(q);
    return q;
}

/* Combines the terms of a NULL-terminated list. */
static xc_query *terms_query(xc_op op, uint32_t window, const char *const *terms)
{
    xc_query *subs[8] = {0};
    size_t n = 0;
    while (terms[n]) {
        assert_true(n < 8);
        subs[n] = term(terms[n]);
        n++;
    }
    tr_error err = {0};
    xc_query *q = xc_query_combine(op, subs, n, window, &err);
    for (size_t i = 0; i < n; i++)
        xc_query_free(subs[i]);
    if (!q)
        fail_msg("combine: %s", err.message);
    return q;
}

static xc_query *pair_query(xc_op op, xc_query *a, xc_query *b)
{
    xc_query *subs[2] = {a, b};
    xc_query *q = xc_query_combine(op, subs, 2, 0, NULL);
    assert_non_null(q);
    xc_query_free(a);
    xc_query_free(b);
    return q;
}

static xc_mset *run(xc_enquire *e, const xc_query *q, uint32_t first, uint32_t max)
{
    tr_error err = {0};
    assert_int_equal(xc_enquire_set_query(e, q, &err), 0);
    xc_mset *m = xc_enquire_run(e, first, max, 100, &err);
    if (!m)
        fail_msg("run: %s", err.message);
    return m;
}

static int cmp_docid(const void *a, const void *b)
{
    xc_docid x = *(const xc_docid *)a, y = *(const xc_docid *)b;
    return (x > y) - (x < y);
}

/* Runs q through e and writes the docids of the results as "1 3 7", in rank
 * order or ascending. */
static void run_ids(xc_enquire *e, const xc_query *q, int sorted, char *out, size_t size)
{
    xc_mset *m = run(e, q, 0, 100);
    xc_docid ids[64];
    size_t n = xc_mset_size(m);
    assert_true(n <= 64);
    for (size_t i = 0; i < n; i++) {
        xc_hit hit;
        assert_int_equal(xc_mset_hit(m, i, &hit, NULL), 0);
        ids[i] = hit.docid;
    }
    xc_mset_free(m);
    if (sorted)
        qsort(ids, n, sizeof ids[0], cmp_docid);
    size_t len = 0;
    out[0] = '\0';
    for (size_t i = 0; i < n && len < size; i++)
        len += (size_t)snprintf(out + len, size - len, "%s%u", i ? " " : "", (unsigned)ids[i]);
}

/* Runs q alone on db and returns the weight of docid, or -1 when it does not match. */
static double weight_of(xc_db *db, const xc_query *q, xc_docid docid)
{
    xc_enquire *e = xc_enquire_new(db, NULL);
    assert_non_null(e);
    xc_mset *m = run(e, q, 0, 100);
    double w = -1;
    for (size_t i = 0; i < xc_mset_size(m); i++) {
        xc_hit hit;
        assert_int_equal(xc_mset_hit(m, i, &hit, NULL), 0);
        if (hit.docid == docid)
            w = hit.weight;
    }
    xc_mset_free(m);
    xc_enquire_free(e);
    return w;
}

static xc_docid top_docid(xc_db *db, const xc_query *q)
{
    xc_enquire *e = xc_enquire_new(db, NULL);
    assert_non_null(e);
    xc_mset *m = run(e, q, 0, 1);
    assert_int_equal(xc_mset_size(m), 1);
    xc_hit hit;
    assert_int_equal(xc_mset_hit(m, 0, &hit, NULL), 0);
    xc_mset_free(m);
    xc_enquire_free(e);
    return hit.docid;
}

/* Collects what an xc_term_fn is given as "term=count term=count", stopping
 * after `limit` terms when limit > 0. */
typedef struct {
    char text[512];
    size_t len;
    int with_count;
    int limit;
    int calls;
} term_log;

static int log_term(void *ctx, const char *t, size_t len, uint64_t count)
{
    term_log *log = ctx;
    size_t room = sizeof log->text - log->len;
    int n = log->with_count
                ? snprintf(log->text + log->len, room, "%s%.*s=%llu", log->calls ? " " : "",
                           (int)len, t, (unsigned long long)count)
                : snprintf(log->text + log->len, room, "%s%.*s", log->calls ? " " : "",
                           (int)len, t);
    log->len += (size_t)n < room ? (size_t)n : room - 1;
    log->calls++;
    return log->limit > 0 && log->calls >= log->limit;
}

/* ---- Setup -------------------------------------------------------------- */

static int setup(void **state)
{
    (void)state;
    if (!mkdtemp(tmpdir))
        return -1;
    path_in(corpus_path, sizeof corpus_path, "corpus");
    build_db(corpus_path, corpus, NCORPUS);
    return 0;
}

static int teardown(void **state)
{
    (void)state;
    return remove_tree(tmpdir);
}

/* ---- Writable databases ------------------------------------------------- */

static void test_create_add_commit(void **state)
{
    (void)state;
    char path[256];
    path_in(path, sizeof path, "basic");
    tr_error err = {0};
    xc_wdb *w = xc_wdb_open(path, XC_CREATE_OR_OPEN, &err);
    assert_non_null(w);

    uint64_t n = 99;
    assert_int_equal(xc_wdb_doccount(w, &n, &err), 0);
    assert_int_equal(n, 0);

    assert_int_equal(xc_wdb_begin(w, &err), 0);
    for (size_t i = 0; i < 2; i++) {
        xc_doc *doc = make_doc(&corpus[i]);
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

static void test_bad_documents(void **state)
{
    (void)state;
    tr_error err = {0};
    xc_doc *doc = xc_doc_new(&err);
    assert_non_null(doc);
    assert_int_equal(xc_doc_add_term(doc, "", 0, 1, &err), TR_EINVAL);
    assert_string_equal(err.message, "InvalidArgumentError: Empty termnames aren't allowed.");
    assert_int_equal(xc_doc_add_term(doc, NULL, 1, 1, NULL), TR_EINVAL);

    /* Glass refuses terms over 245 bytes; the message must not quote the term. */
    char big[300];
    memset(big, 'x', sizeof big);
    assert_int_equal(xc_doc_add_posting(doc, big, sizeof big, 1, 1, NULL), 0);
    char path[256];
    path_in(path, sizeof path, "bad-docs");
    xc_wdb *w = xc_wdb_open(path, XC_CREATE_OR_OPEN, NULL);
    assert_non_null(w);
    tr_error_clear(&err);
    assert_int_equal(xc_wdb_add(w, doc, NULL, &err), TR_EINVAL);
    assert_string_equal(err.message, "InvalidArgumentError: Term too long (> 245)");
    xc_wdb_free(w);
    xc_doc_free(doc);
}

static void test_replace_and_delete(void **state)
{
    (void)state;
    char path[256];
    path_in(path, sizeof path, "replace");
    build_db(path, corpus, 3);

    tr_error err = {0};
    xc_wdb *w = xc_wdb_open(path, XC_OPEN, &err);
    assert_non_null(w);
    assert_int_equal(xc_wdb_begin(w, &err), 0);

    doc_row row = {"2", "fig", NULL, NULL};
    xc_doc *doc = make_doc(&row);
    assert_int_equal(xc_doc_set_data(doc, "new", 3, &err), 0);
    xc_docid id = 0;
    assert_int_equal(xc_wdb_replace(w, "Q2", 2, doc, &id, &err), 0);
    assert_int_equal(id, 2);
    uint64_t n = 0;
    assert_int_equal(xc_wdb_doccount(w, &n, &err), 0);
    assert_int_equal(n, 3);

    xc_doc_free(doc);

    /* Replacing by a term nobody has adds a document. */
    doc_row added = {"9", "fig", NULL, NULL};
    doc = make_doc(&added);
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

    xc_db *db = open_db(path);
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
static void test_discard(void **state)
{
    (void)state;
    char path[256];
    path_in(path, sizeof path, "discard");
    build_db(path, corpus, 1);
    tr_error err = {0};
    xc_doc *doc = make_doc(&corpus[1]);

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

static void test_reader_sees_commits_after_reopen(void **state)
{
    (void)state;
    char path[256];
    path_in(path, sizeof path, "visibility");
    build_db(path, corpus, 2);
    tr_error err = {0};
    xc_db *db = open_db(path);
    xc_wdb *w = xc_wdb_open(path, XC_OPEN, &err);
    assert_non_null(w);

    assert_int_equal(xc_wdb_begin(w, &err), 0);
    xc_doc *doc = make_doc(&corpus[2]);
    assert_int_equal(xc_wdb_add(w, doc, NULL, &err), 0);
    xc_doc_free(doc);

    uint64_t n = 0;
    int changed = -1;
    assert_int_equal(xc_db_reopen(db, &changed, &err), 0);
    assert_int_equal(changed, 0);
    assert_int_equal(xc_db_doccount(db, &n, &err), 0);
    assert_int_equal(n, 2);

    xc_enquire *e = xc_enquire_new(db, &err);
    assert_non_null(e);
    assert_int_equal(xc_wdb_commit(w, &err), 0);
    assert_int_equal(xc_db_doccount(db, &n, &err), 0);
    assert_int_equal(n, 2); /* still the revision it opened */
    assert_int_equal(xc_db_reopen(db, &changed, &err), 0);
    assert_int_equal(changed, 1);
    assert_int_equal(xc_db_doccount(db, &n, &err), 0);
    assert_int_equal(n, 3);
    assert_int_equal(xc_db_reopen(db, &changed, &err), 0);
    assert_int_equal(changed, 0);

    /* An enquiry made before the reopen moved with it. */
    xc_query *q = all();
    char ids[16];
    run_ids(e, q, 1, ids, sizeof ids);
    assert_string_equal(ids, "1 2 3");
    xc_query_free(q);
    xc_enquire_free(e);

    /* Discarded changes leave no revision behind either. */
    doc = make_doc(&corpus[3]);
    assert_int_equal(xc_wdb_add(w, doc, NULL, &err), 0);
    xc_doc_free(doc);
    xc_wdb_free(w);
    assert_int_equal(xc_db_reopen(db, &changed, &err), 0);
    assert_int_equal(changed, 0);
    xc_db_free(db);
    assert_int_equal(err.code, TR_OK);
}

static void test_second_writer_is_refused(void **state)
{
    (void)state;
    char path[256];
    path_in(path, sizeof path, "locked");
    tr_error err = {0};
    xc_wdb *first = xc_wdb_open(path, XC_CREATE_OR_OPEN, &err);
    assert_non_null(first);

    tr_error lock = {0};
    assert_null(xc_wdb_open(path, XC_CREATE_OR_OPEN, &lock));
    assert_int_equal(lock.code, TR_EXAPIAN);
    assert_non_null(strstr(lock.message, "DatabaseLockError: Unable to get write lock"));

    xc_wdb_free(first);
    xc_wdb *second = xc_wdb_open(path, XC_OPEN, &err);
    assert_non_null(second);
    xc_wdb_free(second);
    assert_int_equal(err.code, TR_OK);
}

static void test_open_errors(void **state)
{
    (void)state;
    char missing[256];
    path_in(missing, sizeof missing, "no-such-db");

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
    const char *paths[] = {corpus_path, missing};
    assert_null(xc_db_open_many(paths, 2, &err));
    assert_int_equal(err.code, TR_ENOTFOUND);

    tr_error_clear(&err);
    assert_null(xc_db_open(NULL, &err));
    assert_int_equal(err.code, TR_EINVAL);
}

/* ---- Several shards ----------------------------------------------------- */

static const doc_row shard_a[] = {{"A1", "alpha", NULL, NULL}, {"A2", "alpha beta", NULL, NULL}};
static const doc_row shard_b[] = {
    {"B1", "beta", NULL, NULL}, {"B2", "gamma", NULL, NULL}, {"B3", "beta gamma", NULL, NULL}};

static void make_shards(char *a, char *b, size_t size)
{
    path_in(a, size, "shard-a");
    path_in(b, size, "shard-b");
    if (access(a, F_OK) != 0) {
        build_db(a, shard_a, 2);
        build_db(b, shard_b, 3);
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

static void test_open_many(void **state)
{
    (void)state;
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
    xc_query *q = term("beta");
    char ids[64];
    run_ids(e, q, 1, ids, sizeof ids);
    assert_string_equal(ids, "2 3 6");
    xc_mset *m = run(e, q, 0, 10);
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

static void test_stub_file(void **state)
{
    (void)state;
    char a[256], b[256], stub[256];
    make_shards(a, b, sizeof a);
    path_in(stub, sizeof stub, "both.stub");
    FILE *f = fopen(stub, "w");
    assert_non_null(f);
    fprintf(f, "auto %s\nauto %s\n", a, b);
    assert_int_equal(fclose(f), 0);

    xc_db *db = open_db(stub);
    check_two_shards(db);
    xc_db_free(db);
}

static void test_add_shard(void **state)
{
    (void)state;
    char a[256], b[256];
    make_shards(a, b, sizeof a);
    xc_db *db = open_db(a);
    tr_error err = {0};
    assert_int_equal(xc_db_add(db, b, &err), 0);
    check_two_shards(db);
    xc_db_free(db);
}

/* ---- Reading a database ------------------------------------------------- */

static void test_db_stats(void **state)
{
    (void)state;
    xc_db *db = open_db(corpus_path);
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
    assert_int_equal(n, NCORPUS);
    double avlen = 0;
    assert_int_equal(xc_db_avlength(db, &avlen, &err), 0);
    assert_true(fabs(avlen - 17.0 / 7.0) < 1e-9); /* 17 words; boolean terms add nothing */
    xc_db_free(db);
    assert_int_equal(err.code, TR_OK);
}

static void test_db_documents(void **state)
{
    (void)state;
    xc_db *db = open_db(corpus_path);
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
    assert_int_equal(xc_db_value(db, 1, SLOT_YEAR, &s, &len, &err), 0);
    assert_string_equal(s, "2020");
    free(s);
    assert_int_equal(xc_db_value(db, 6, SLOT_YEAR, &s, &len, &err), 0);
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
    assert_int_equal(xc_db_value(db, 99, SLOT_YEAR, &s, &len, NULL), TR_ENOTFOUND);
    assert_null(s);
    assert_int_equal(xc_db_data(db, 0, &s, &len, NULL), TR_EINVAL);
    xc_db_free(db);
}

static void test_term_lists(void **state)
{
    (void)state;
    xc_db *db = open_db(corpus_path);
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
        term_log log = {.with_count = 1, .limit = all[i].limit};
        assert_int_equal(
            xc_db_allterms(db, all[i].prefix, strlen(all[i].prefix), log_term, &log, &err), 0);
        if (strcmp(log.text, all[i].expect))
            fail_msg("allterms %s: got '%s'", all[i].prefix, log.text);
    }
    term_log every = {0};
    assert_int_equal(xc_db_allterms(db, NULL, 0, log_term, &every, &err), 0);
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
        term_log log = {.with_count = 1};
        assert_int_equal(xc_db_doc_terms(db, doc[i].docid, doc[i].prefix, strlen(doc[i].prefix),
                                         log_term, &log, &err),
                         0);
        if (strcmp(log.text, doc[i].expect))
            fail_msg("terms of %u prefix '%s': got '%s'", (unsigned)doc[i].docid, doc[i].prefix,
                     log.text);
    }
    term_log none = {0};
    assert_int_equal(xc_db_doc_terms(db, 42, "", 0, log_term, &none, NULL), TR_ENOTFOUND);
    assert_int_equal(none.calls, 0);
    xc_db_free(db);
    assert_int_equal(err.code, TR_OK);
}

/* ---- Queries ------------------------------------------------------------ */

static const struct {
    xc_op op;
    uint32_t window;
    const char *terms[4];
    const char *expect;   /* matching docids, ascending */
    const char *describe; /* shows that the operator reached Xapian */
} op_rows[] = {
    {XC_OP_AND, 0, {"apple", "banana"}, "1 2 4", "Query((apple AND banana))"},
    {XC_OP_OR, 0, {"cherry", "kiwi"}, "1 3 6 7", "Query((cherry OR kiwi))"},
    {XC_OP_AND_NOT, 0, {"apple", "banana"}, "6", "Query((apple AND_NOT banana))"},
    {XC_OP_AND_NOT, 0, {"banana", "apple", "split"}, "",
     "Query((banana AND_NOT apple AND_NOT split))"},
    {XC_OP_AND_MAYBE, 0, {"apple", "cherry"}, "1 2 4 6", "Query((apple AND_MAYBE cherry))"},
    {XC_OP_FILTER, 0, {"apple", "banana"}, "1 2 4", "Query((apple FILTER banana))"},
    {XC_OP_PHRASE, 0, {"apple", "banana"}, "1", "Query((apple PHRASE 2 banana))"},
    {XC_OP_PHRASE, 3, {"apple", "banana"}, "1 4", "Query((apple PHRASE 3 banana))"},
    {XC_OP_NEAR, 2, {"apple", "banana"}, "1 2", "Query((apple NEAR 2 banana))"},
    {XC_OP_NEAR, 3, {"apple", "banana"}, "1 2 4", "Query((apple NEAR 3 banana))"},
    {XC_OP_SYNONYM, 0, {"date", "kiwi"}, "3 6 7", "Query((date SYNONYM kiwi))"},
    {XC_OP_MAX, 0, {"cherry", "date"}, "1 3", "Query((cherry MAX date))"},
    /* ELITE_SET keeps the rarer term when it may keep one. */
    {XC_OP_ELITE_SET, 1, {"banana", "date"}, "3", "Query((banana ELITE_SET 1 date))"},
    {XC_OP_ELITE_SET, 2, {"banana", "date"}, "1 2 3 4 5", "Query((banana ELITE_SET 2 date))"},
    {XC_OP_AND, 0, {"kiwi"}, "6 7", "Query(kiwi)"},
    {XC_OP_OR, 0, {NULL}, "", "Query()"},
};

static void test_operators(void **state)
{
    (void)state;
    xc_db *db = open_db(corpus_path);
    xc_enquire *e = xc_enquire_new(db, NULL);
    assert_non_null(e);
    for (size_t i = 0; i < sizeof op_rows / sizeof op_rows[0]; i++) {
        xc_query *q = terms_query(op_rows[i].op, op_rows[i].window, op_rows[i].terms);
        char ids[64];
        run_ids(e, q, 1, ids, sizeof ids);
        char *text = xc_query_describe(q);
        if (strcmp(ids, op_rows[i].expect) || strcmp(text, op_rows[i].describe))
            fail_msg("%s: expected '%s', got '%s' from %s", op_rows[i].describe,
                     op_rows[i].expect, ids, text);
        free(text);
        xc_query_free(q);
    }
    xc_enquire_free(e);
    xc_db_free(db);
}

static xc_query *year_2019_2020(void) { return xc_query_value_range(SLOT_YEAR, "2019", "2020", NULL); }
static xc_query *year_from_2021(void) { return xc_query_value_range(SLOT_YEAR, "2021", NULL, NULL); }
static xc_query *year_to_2018(void) { return xc_query_value_range(SLOT_YEAR, NULL, "2018", NULL); }
static xc_query *year_any(void) { return xc_query_value_range(SLOT_YEAR, NULL, NULL, NULL); }
static xc_query *year_empty_lo(void) { return xc_query_value_range(SLOT_YEAR, "", "2019", NULL); }
static xc_query *wild_ba(void) { return xc_query_wildcard("ba", 2, 0, NULL); }
static xc_query *wild_ba_1(void) { return xc_query_wildcard("ba", 2, 1, NULL); }
static xc_query *nothing(void) { return xc_query_match_nothing(NULL); }
static xc_query *apple_recent(void)
{
    return pair_query(XC_OP_FILTER, term("apple"), year_from_2021());
}
static xc_query *all_but_red(void)
{
    xc_query *red = xc_query_value_range(SLOT_COLOR, "red", "red", NULL);
    return pair_query(XC_OP_AND_NOT, all(), red);
}

static const struct {
    const char *name;
    xc_query *(*make)(void);
    const char *expect;
} query_rows[] = {
    {"year in [2019, 2020]", year_2019_2020, "1 3"},
    {"year >= 2021", year_from_2021, "2 4"},
    {"year <= 2018 (unset does not match)", year_to_2018, "5 7"},
    {"year set", year_any, "1 2 3 4 5 7"},
    {"year in [\"\", 2019]", year_empty_lo, "3 5 7"},
    {"wildcard ba", wild_ba, "1 2 4 5 7"},
    {"wildcard ba, most frequent only", wild_ba_1, "1 2 4 5"},
    {"match all", all, "1 2 3 4 5 6 7"},
    {"match nothing", nothing, ""},
    {"apple filtered by year >= 2021", apple_recent, "2 4"},
    {"all but red", all_but_red, "3 4 6 7"},
};

static void test_other_queries(void **state)
{
    (void)state;
    xc_db *db = open_db(corpus_path);
    xc_enquire *e = xc_enquire_new(db, NULL);
    assert_non_null(e);
    for (size_t i = 0; i < sizeof query_rows / sizeof query_rows[0]; i++) {
        xc_query *q = query_rows[i].make();
        assert_non_null(q);
        char ids[64];
        run_ids(e, q, 1, ids, sizeof ids);
        if (strcmp(ids, query_rows[i].expect))
            fail_msg("%s: expected '%s', got '%s'", query_rows[i].name, query_rows[i].expect,
                     ids);
        xc_query_free(q);
    }
    xc_enquire_free(e);
    xc_db_free(db);
}

/* What the operators do to weights and order, beyond which documents match. */
static void test_weights(void **state)
{
    (void)state;
    xc_db *db = open_db(corpus_path);

    /* AND_MAYBE: cherry lifts document 1 to the top; apple alone prefers shorter ones. */
    xc_query *apple = term("apple");
    assert_int_not_equal(top_docid(db, apple), 1);
    xc_query *maybe = pair_query(XC_OP_AND_MAYBE, term("apple"), term("cherry"));
    assert_int_equal(top_docid(db, maybe), 1);
    xc_query_free(maybe);

    /* FILTER: banana restricts without adding weight; AND adds it. */
    xc_query *filter = pair_query(XC_OP_FILTER, term("apple"), term("banana"));
    xc_query *both = pair_query(XC_OP_AND, term("apple"), term("banana"));
    double w_apple = weight_of(db, apple, 1);
    assert_true(w_apple > 0);
    assert_true(fabs(weight_of(db, filter, 1) - w_apple) < 1e-9);
    assert_true(weight_of(db, both, 1) > w_apple + 1e-6);
    xc_query_free(filter);
    xc_query_free(both);
    xc_query_free(apple);

    /* MAX: the better of the two weights, not their sum. */
    xc_query *cherry = term("cherry"), *date = term("date");
    xc_query *max = pair_query(XC_OP_MAX, term("cherry"), term("date"));
    double wc = weight_of(db, cherry, 3), wd = weight_of(db, date, 3);
    assert_true(wc > 0 && wd > 0);
    assert_true(fabs(weight_of(db, max, 3) - (wc > wd ? wc : wd)) < 1e-9);
    xc_query_free(max);

    /* Scaling by 2 and by 0 decides which term wins; weight 0 still matches. */
    tr_error err = {0};
    xc_query *kiwi = term("kiwi");
    xc_query *c2 = xc_query_scale(cherry, 2, &err), *k0 = xc_query_scale(kiwi, 0, &err);
    xc_query *c0 = xc_query_scale(cherry, 0, &err), *k2 = xc_query_scale(kiwi, 2, &err);
    assert_int_equal(err.code, TR_OK);
    xc_query *cherry_wins = pair_query(XC_OP_OR, c2, k0);
    xc_query *kiwi_wins = pair_query(XC_OP_OR, c0, k2);
    xc_docid top = top_docid(db, cherry_wins);
    assert_true(top == 1 || top == 3);
    top = top_docid(db, kiwi_wins);
    assert_true(top == 6 || top == 7);
    assert_true(weight_of(db, kiwi_wins, 3) == 0);
    assert_true(fabs(weight_of(db, kiwi_wins, 7) - 2 * weight_of(db, kiwi, 7)) < 1e-9);
    xc_query_free(cherry_wins);
    xc_query_free(kiwi_wins);

    assert_null(xc_query_scale(kiwi, -1, &err));
    assert_int_equal(err.code, TR_EINVAL);
    xc_query_free(kiwi);
    xc_query_free(cherry);
    xc_query_free(date);
    xc_db_free(db);
}

static void test_query_describe_and_errors(void **state)
{
    (void)state;
    xc_query *q = term("apple");
    tr_error err = {0};
    xc_query *subs[] = {q, NULL};
    assert_null(xc_query_combine(XC_OP_OR, subs, 2, 0, &err));
    assert_int_equal(err.code, TR_EINVAL);
    tr_error_clear(&err);
    assert_null(xc_query_combine((xc_op)42, subs, 1, 0, &err));
    assert_int_equal(err.code, TR_EINVAL);
    tr_error_clear(&err);
    assert_null(xc_query_term(NULL, 3, 1, 0, &err));
    assert_int_equal(err.code, TR_EINVAL);
    assert_null(xc_query_describe(NULL));
    xc_query_free(q);

    /* wqf 3 and position 2 reach Xapian. */
    q = xc_query_term("kiwi", 4, 3, 2, &err);
    assert_non_null(q);
    char *s = xc_query_describe(q);
    assert_string_equal(s, "Query(kiwi#3@2)");
    free(s);
    xc_query_free(q);
}

/* ---- Enquiries ---------------------------------------------------------- */

static void test_sort(void **state)
{
    (void)state;
    static const struct {
        const char *name;
        xc_sort how;
        unsigned slot;
        int descending;
        const char *term; /* NULL: match all */
        const char *expect;
    } rows[] = {
        {"year ascending (unset first)", XC_SORT_VALUE, SLOT_YEAR, 0, NULL, "6 7 5 3 1 2 4"},
        {"year descending", XC_SORT_VALUE, SLOT_YEAR, 1, NULL, "4 2 1 3 5 7 6"},
        {"color descending, then relevance", XC_SORT_VALUE_THEN_RELEVANCE, SLOT_COLOR, 1,
         "apple", "2 1 6 4"},
        {"equal relevance, then year", XC_SORT_RELEVANCE_THEN_VALUE, SLOT_YEAR, 0, NULL,
         "6 7 5 3 1 2 4"},
        {"relevance", XC_SORT_RELEVANCE, 0, 0, "kiwi", "6 7"},
    };
    xc_db *db = open_db(corpus_path);
    for (size_t i = 0; i < sizeof rows / sizeof rows[0]; i++) {
        xc_enquire *e = xc_enquire_new(db, NULL);
        assert_non_null(e);
        assert_int_equal(xc_enquire_set_sort(e, rows[i].how, rows[i].slot, rows[i].descending,
                                             NULL),
                         0);
        xc_query *q = rows[i].term ? term(rows[i].term) : all();
        char ids[64];
        run_ids(e, q, 0, ids, sizeof ids);
        if (strcmp(ids, rows[i].expect))
            fail_msg("%s: expected '%s', got '%s'", rows[i].name, rows[i].expect, ids);
        xc_query_free(q);
        xc_enquire_free(e);
    }
    xc_enquire *e = xc_enquire_new(db, NULL);
    tr_error err = {0};
    assert_int_equal(xc_enquire_set_sort(e, (xc_sort)9, 0, 0, &err), TR_EINVAL);
    xc_enquire_free(e);
    xc_db_free(db);
}

static void test_collapse(void **state)
{
    (void)state;
    xc_db *db = open_db(corpus_path);
    xc_enquire *e = xc_enquire_new(db, NULL);
    tr_error err = {0};
    assert_int_equal(xc_enquire_set_collapse(e, SLOT_COLOR, 1, &err), 0);
    xc_query *q = all();
    xc_mset *m = run(e, q, 0, 10);
    assert_int_equal(xc_mset_size(m), 3); /* red, green, blue */
    for (size_t i = 0; i < 3; i++) {
        xc_hit hit;
        char *color = NULL;
        assert_int_equal(xc_mset_hit(m, i, &hit, &err), 0);
        assert_int_equal(xc_mset_value(m, i, SLOT_COLOR, &color, NULL, &err), 0);
        uint32_t expect = strcmp(color, "red") ? 1 : 2; /* 3 red, 2 green, 2 blue */
        if (hit.collapse_count != expect)
            fail_msg("%s: collapse_count %u", color, (unsigned)hit.collapse_count);
        free(color);
    }
    xc_mset_free(m);

    assert_int_equal(xc_enquire_set_collapse(e, SLOT_COLOR, 2, &err), 0);
    m = run(e, q, 0, 10);
    assert_int_equal(xc_mset_size(m), 6);
    xc_mset_free(m);
    assert_int_equal(xc_enquire_set_collapse(e, SLOT_COLOR, 0, &err), 0);
    m = run(e, q, 0, 10);
    assert_int_equal(xc_mset_size(m), NCORPUS);
    xc_mset_free(m);

    xc_query_free(q);
    xc_enquire_free(e);
    xc_db_free(db);
    assert_int_equal(err.code, TR_OK);
}

static void test_cutoff_and_bm25(void **state)
{
    (void)state;
    xc_db *db = open_db(corpus_path);
    xc_enquire *e = xc_enquire_new(db, NULL);
    tr_error err = {0};
    /* Only document 6 has both terms, so only it scores near 100%. */
    xc_query *q = terms_query(XC_OP_OR, 0, (const char *[]){"apple", "kiwi", NULL});
    char ids[64];
    run_ids(e, q, 1, ids, sizeof ids);
    assert_string_equal(ids, "1 2 4 6 7");
    assert_int_equal(xc_enquire_set_cutoff(e, 90, &err), 0);
    run_ids(e, q, 1, ids, sizeof ids);
    assert_string_equal(ids, "6");
    assert_int_equal(xc_enquire_set_cutoff(e, 0, &err), 0);
    run_ids(e, q, 1, ids, sizeof ids);
    assert_string_equal(ids, "1 2 4 6 7");
    xc_query_free(q);
    assert_int_equal(err.code, TR_OK);
    assert_int_equal(xc_enquire_set_cutoff(e, 101, &err), TR_EINVAL);
    xc_enquire_free(e);

    /* With b = 0 document length no longer matters: 1 and 2 both have apple once. */
    q = term("apple");
    double w1 = weight_of(db, q, 1), w2 = weight_of(db, q, 2);
    assert_true(w2 > w1 + 1e-6);
    e = xc_enquire_new(db, NULL);
    tr_error_clear(&err);
    assert_int_equal(xc_enquire_set_bm25(e, 1, 0, 1, 0, 0.5, &err), 0);
    xc_mset *m = run(e, q, 0, 10);
    xc_hit a, b;
    assert_int_equal(xc_mset_size(m), 4);
    assert_int_equal(xc_mset_hit(m, 0, &a, &err), 0);
    assert_int_equal(xc_mset_hit(m, 3, &b, &err), 0);
    assert_true(fabs(a.weight - b.weight) < 1e-9);
    xc_mset_free(m);
    xc_query_free(q);
    xc_enquire_free(e);
    xc_db_free(db);
}

static void test_spy(void **state)
{
    (void)state;
    xc_db *db = open_db(corpus_path);
    xc_enquire *e = xc_enquire_new(db, NULL);
    tr_error err = {0};
    xc_spy *spy = xc_spy_new(SLOT_COLOR, &err);
    assert_non_null(spy);
    assert_int_equal(xc_enquire_add_spy(e, spy, &err), 0);
    xc_query *q = all();
    xc_mset *m = run(e, q, 0, 1); /* counts cover the 100 checked, not the 1 returned */
    xc_mset_free(m);
    assert_int_equal(xc_spy_total(spy), NCORPUS);

    term_log log = {.with_count = 1};
    assert_int_equal(xc_spy_top(spy, 10, log_term, &log, &err), 0);
    assert_string_equal(log.text, "red=3 blue=2 green=2"); /* ties by value */
    term_log top1 = {.with_count = 1};
    assert_int_equal(xc_spy_top(spy, 1, log_term, &top1, &err), 0);
    assert_string_equal(top1.text, "red=3");

    /* Detached spies count no more. */
    assert_int_equal(xc_enquire_clear_spies(e, &err), 0);
    m = run(e, q, 0, 1);
    xc_mset_free(m);
    assert_int_equal(xc_spy_total(spy), NCORPUS);

    xc_spy_free(spy);
    xc_query_free(q);
    xc_enquire_free(e);
    xc_db_free(db);
    assert_int_equal(err.code, TR_OK);
}

static void test_matching_terms(void **state)
{
    (void)state;
    xc_db *db = open_db(corpus_path);
    xc_enquire *e = xc_enquire_new(db, NULL);
    xc_db_free(db); /* the enquiry keeps its own reference */
    xc_query *q = terms_query(XC_OP_OR, 0, (const char *[]){"kiwi", "cherry", "apple", NULL});
    tr_error err = {0};
    assert_int_equal(xc_enquire_set_query(e, q, &err), 0);
    xc_query_free(q); /* and its own copy of the query */
    static const struct {
        xc_docid docid;
        const char *expect; /* in byte order, not query order */
    } rows[] = {{1, "apple cherry"}, {3, "cherry"}, {6, "apple kiwi"}, {5, ""}};
    for (size_t i = 0; i < sizeof rows / sizeof rows[0]; i++) {
        term_log log = {0};
        assert_int_equal(xc_enquire_matching_terms(e, rows[i].docid, log_term, &log, &err), 0);
        if (strcmp(log.text, rows[i].expect))
            fail_msg("doc %u: got '%s'", (unsigned)rows[i].docid, log.text);
    }
    xc_enquire_free(e);
    assert_int_equal(err.code, TR_OK);
}

/* ---- Result sets -------------------------------------------------------- */

static void test_mset(void **state)
{
    (void)state;
    xc_db *db = open_db(corpus_path);
    xc_enquire *e = xc_enquire_new(db, NULL);
    tr_error err = {0};

    /* A page from the middle: ranks count from the start of the whole list. */
    xc_query *q = all();
    xc_mset *m = run(e, q, 2, 2);
    assert_int_equal(xc_mset_size(m), 2);
    assert_int_equal(xc_mset_estimated(m), NCORPUS);
    assert_int_equal(xc_mset_lower_bound(m), NCORPUS);
    assert_int_equal(xc_mset_upper_bound(m), NCORPUS);
    xc_hit hit;
    assert_int_equal(xc_mset_hit(m, 1, &hit, &err), 0);
    assert_int_equal(hit.rank, 3);
    assert_int_equal(hit.docid, 4);
    assert_int_equal(hit.percent, 100); /* match all: every document is perfect */
    assert_int_equal(xc_mset_hit(m, 2, &hit, &err), TR_EINVAL);
    tr_error_clear(&err);
    xc_mset_free(m);
    xc_query_free(q);

    /* The result set outlives the enquiry and the database it came from. */
    q = terms_query(XC_OP_AND, 0, (const char *[]){"apple", "kiwi", NULL});
    m = run(e, q, 0, 10);
    xc_query_free(q);
    xc_enquire_free(e);
    xc_db_free(db);
    assert_int_equal(xc_mset_size(m), 1);
    assert_int_equal(xc_mset_hit(m, 0, &hit, &err), 0);
    assert_int_equal(hit.docid, 6);
    assert_int_equal(hit.rank, 0);
    assert_true(hit.weight > 0);
    char *s = NULL;
    size_t len = 9;
    assert_int_equal(xc_mset_data(m, 0, &s, &len, &err), 0);
    assert_string_equal(s, "d6");
    assert_int_equal(len, 2);
    free(s);
    assert_int_equal(xc_mset_value(m, 0, SLOT_COLOR, &s, &len, &err), 0);
    assert_string_equal(s, "green");
    assert_int_equal(len, 5);
    free(s);
    assert_int_equal(xc_mset_value(m, 0, SLOT_YEAR, &s, &len, &err), 0);
    assert_string_equal(s, "");
    free(s);
    assert_int_equal(err.code, TR_OK);
    assert_int_equal(xc_mset_data(m, 1, &s, &len, &err), TR_EINVAL);
    assert_null(s);
    xc_mset_free(m);
}

static void test_null_handles(void **state)
{
    (void)state;
    xc_db_free(NULL);
    xc_wdb_free(NULL);
    xc_doc_free(NULL);
    xc_query_free(NULL);
    xc_enquire_free(NULL);
    xc_mset_free(NULL);
    xc_spy_free(NULL);
    assert_int_equal(xc_mset_size(NULL), 0);
    assert_int_equal(xc_spy_total(NULL), 0);

    tr_error err = {0};
    uint64_t n = 0;
    assert_int_equal(xc_db_doccount(NULL, &n, &err), TR_EINVAL);
    assert_string_equal(err.message, "NULL handle or output pointer");
    xc_db *db = open_db(corpus_path);
    assert_int_equal(xc_db_doccount(db, NULL, NULL), TR_EINVAL);
    assert_int_equal(xc_db_allterms(db, "", 0, NULL, NULL, NULL), TR_EINVAL);
    xc_db_free(db);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
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
        cmocka_unit_test(test_operators),
        cmocka_unit_test(test_other_queries),
        cmocka_unit_test(test_weights),
        cmocka_unit_test(test_query_describe_and_errors),
        cmocka_unit_test(test_sort),
        cmocka_unit_test(test_collapse),
        cmocka_unit_test(test_cutoff_and_bm25),
        cmocka_unit_test(test_spy),
        cmocka_unit_test(test_matching_terms),
        cmocka_unit_test(test_mset),
        cmocka_unit_test(test_null_handles),
    };
    return cmocka_run_group_tests(tests, setup, teardown);
}
