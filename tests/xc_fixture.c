/* xc_fixture: the corpus and helpers shared by the tests of xapian-c; see
 * xc_fixture.h.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "support.h"
#include "xc_fixture.h"

const xf_row xf_corpus[XF_NCORPUS] = {
    {"1", "apple banana cherry", "2020", "red"},
    {"2", "banana apple", "2021", "red"},
    {"3", "cherry date", "2019", "green"},
    {"4", "apple pie banana", "2022", "blue"},
    {"5", "banana split banana", "2018", "red"},
    {"6", "apple kiwi", NULL, "green"},
    {"7", "bake kiwi", "2017", "blue"},
};

char xf_corpus_path[256];

/* ---- Setup: the temporary folder is support's (ts_tmp_setup) ------------ */

int xf_setup(void **state)
{
    if (ts_tmp_setup(state))
        return -1;
    xf_path(xf_corpus_path, sizeof xf_corpus_path, "corpus");
    xf_build_db(xf_corpus_path, xf_corpus, XF_NCORPUS);
    return 0;
}

int xf_teardown(void **state)
{
    return ts_tmp_teardown(state);
}

void xf_path(char *buf, size_t size, const char *name)
{
    int n = snprintf(buf, size, "%s/%s", ts_tmp_dir(), name);
    assert_true(n > 0 && (size_t)n < size);
}

/* ---- Documents and databases -------------------------------------------- */

xc_doc *xf_make_doc(const xf_row *row)
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
        assert_int_equal(
            xc_doc_set_value(doc, XF_SLOT_YEAR, row->year, strlen(row->year), &err), 0);
    if (row->color)
        assert_int_equal(
            xc_doc_set_value(doc, XF_SLOT_COLOR, row->color, strlen(row->color), &err), 0);
    return doc;
}

void xf_build_db(const char *path, const xf_row *rows, size_t n)
{
    tr_error err = {0};
    xc_wdb *w = xc_wdb_open(path, XC_CREATE_OR_OPEN, &err);
    assert_non_null(w);
    assert_int_equal(xc_wdb_begin(w, &err), 0);
    for (size_t i = 0; i < n; i++) {
        xc_doc *doc = xf_make_doc(&rows[i]);
        xc_docid id = 0;
        assert_int_equal(xc_wdb_add(w, doc, &id, &err), 0);
        assert_int_equal(id, i + 1);
        xc_doc_free(doc);
    }
    assert_int_equal(xc_wdb_set_metadata(w, "version", "1", 1, &err), 0);
    assert_int_equal(xc_wdb_commit(w, &err), 0);
    xc_wdb_free(w);
}

xc_db *xf_open_db(const char *path)
{
    tr_error err = {0};
    xc_db *db = xc_db_open(path, &err);
    if (!db)
        fail_msg("opening %s: %s", path, err.message);
    return db;
}

/* ---- Queries ------------------------------------------------------------ */

xc_query *xf_term(const char *t)
{
    xc_query *q = xc_query_term(t, strlen(t), 1, 0, NULL);
    assert_non_null(q);
    return q;
}

xc_query *xf_all(void)
{
    xc_query *q = xc_query_match_all(NULL);
    assert_non_null(q);
    return q;
}

xc_mset *xf_run(xc_enquire *e, const xc_query *q, uint32_t first, uint32_t max)
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

void xf_run_ids(xc_enquire *e, const xc_query *q, int sorted, char *out, size_t size)
{
    xc_mset *m = xf_run(e, q, 0, 100);
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

/* ---- Term callbacks ----------------------------------------------------- */

int xf_log_term(void *ctx, const char *t, size_t len, uint64_t count)
{
    xf_log *log = ctx;
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
