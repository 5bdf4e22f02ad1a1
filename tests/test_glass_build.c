/* gl_build: documents written by gl_build and by Xapian's writer read back the same
 * through Xapian; xapian-check accepts gl_build's database and its compaction; bad
 * input is refused with a clear error. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "gl_build.h"
#include "support.h"

#define NDOCS 300
#define MAXT 40

/* Document d's terms: a few shared by all (long postlists over several chunks), some
 * by every k-th, bytes >= 0x80 and prefixes, wdf 0 for boolean terms; ascending. */
typedef struct tdoc {
    char names[MAXT][32];
    gl_term t[MAXT];
    size_t n;
    uint32_t pos[MAXT][64];
    char data[6000];
    size_t data_len;
    gl_value v[4];
    char vdata[4][16];
    size_t nv;
} tdoc;

static int term_cmp(const void *a, const void *b)
{
    const gl_term *x = a, *y = b;
    size_t m = x->len < y->len ? x->len : y->len;
    int r = memcmp(x->name, y->name, m);
    return r ? r : (int)x->len - (int)y->len;
}

static void make_doc(tdoc *d, unsigned i)
{
    d->n = 0;
    const char *fixed[] = {"common", "XTcommon", "\xc3\xa1o", "K\xe1\xba\xa1"};
    for (unsigned k = 0; k < 4; k++)
        snprintf(d->names[d->n++], 32, "%s", fixed[k]);
    for (unsigned k = 2; k < 30; k++)
        if (i % k == 0)
            snprintf(d->names[d->n++], 32, "div%u", k);
    snprintf(d->names[d->n++], 32, "Qid%u", i);
    for (size_t k = 0; k < d->n; k++) {
        d->t[k] = (gl_term){d->names[k], (uint32_t)strlen(d->names[k]),
                            d->names[k][0] == 'Q' ? 0 : (i + (unsigned)k) % 7 + 1, NULL, 0};
        /* positions for half the terms: one, a few, up to 64 with uneven gaps */
        if (d->names[k][0] != 'Q' && (i + k) % 2 == 0) {
            uint32_t np = (uint32_t)((i * 3 + k * 5) % 64) + 1, p = (uint32_t)(i % 11);
            for (uint32_t j = 0; j < np; j++)
                d->pos[k][j] = p += 1 + (j * 7 + i) % 13 * (j % 3 ? 1 : 50);
            d->t[k].pos = d->pos[k];
            d->t[k].npos = d->t[k].wdf = np;
        }
    }
    if (i % 50 == 0)
        d->n = 0; /* a document without terms */
    qsort(d->t, d->n, sizeof d->t[0], term_cmp);
    static const unsigned slots[] = {0, 3, 200, 300};
    d->nv = 0;
    for (unsigned k = 0; k < 4; k++)
        if (i % (k + 1) == 0) {
            int l = snprintf(d->vdata[d->nv], 16, "v%u-%u", (i * 37 + k) % 101, k);
            d->v[d->nv] = (gl_value){slots[k], d->vdata[d->nv], (size_t)l};
            d->nv++;
        }
    d->data_len = i % 3 == 0 ? 0 : (i % 97 == 1 ? sizeof d->data : 20);
    for (size_t k = 0; k < d->data_len; k++)
        d->data[k] = (char)('a' + (i * 7 + k) % 26);
}

static void build_xapian(const char *dir, unsigned from, unsigned to)
{
    tr_error err = {0};
    xc_wdb *w = xc_wdb_open(dir, XC_CREATE_OR_OPEN, &err);
    assert_non_null(w);
    static tdoc d;
    for (unsigned i = from; i < to; i++) {
        make_doc(&d, i);
        xc_doc *doc = xc_doc_new(&err);
        for (size_t k = 0; k < d.n; k++) {
            for (uint32_t j = 0; j < d.t[k].npos; j++)
                assert_int_equal(
                    xc_doc_add_posting(doc, d.t[k].name, d.t[k].len, d.t[k].pos[j], 1, &err), 0);
            if (!d.t[k].npos)
                assert_int_equal(
                    xc_doc_add_term(doc, d.t[k].name, d.t[k].len, d.t[k].wdf, &err), 0);
        }
        for (size_t k = 0; k < d.nv; k++)
            assert_int_equal(xc_doc_set_value(doc, d.v[k].slot, d.v[k].data, d.v[k].len, &err), 0);
        if (d.data_len)
            assert_int_equal(xc_doc_set_data(doc, d.data, d.data_len, &err), 0);
        xc_docid id;
        assert_int_equal(xc_wdb_add(w, doc, &id, &err), 0);
        xc_doc_free(doc);
    }
    assert_int_equal(xc_wdb_set_metadata(w, "lang", "vi", 2, &err), 0);
    assert_int_equal(xc_wdb_commit(w, &err), 0);
    xc_wdb_free(w);
}

/* Builds documents from .. to - 1 into dir, its runs in dir.runs; `memory` as
 * gl_build_open takes it. Returns the runs written. */
static unsigned build_gl_dropping(const char *dir, unsigned from, unsigned to, size_t memory,
                                  int (*left_out)(unsigned))
{
    tr_error err = {0};
    char runs[4200];
    snprintf(runs, sizeof runs, "%s.runs", dir);
    assert_int_equal(mkdir(runs, 0777), 0);
    gl_build *b = gl_build_open(dir, runs, memory, &err);
    assert_non_null(b);
    static tdoc d;
    for (unsigned i = from; i < to; i++) {
        make_doc(&d, i);
        gl_doc_in in = {d.t, d.n, d.v, d.nv, d.data, d.data_len};
        uint32_t id;
        assert_int_equal(gl_build_add(b, &in, &id, &err), 0);
        assert_int_equal(id, i - from + 1);
    }
    assert_true(gl_build_bytes(b) > 0);
    for (unsigned i = from; left_out && i < to; i++)
        if (left_out(i))
            assert_int_equal(gl_build_drop(b, i - from + 1, &err), 0);
    assert_int_equal(gl_build_drop(b, to - from + 1, &err), TR_EINVAL);
    assert_int_equal(gl_build_set_metadata(b, "lang", "vi", 2, &err), 0);
    assert_int_equal(gl_build_finish(b, &err), 0);
    unsigned n = gl_build_runs(b);
    gl_build_free(b);
    /* The builder leaves nothing in the runs folder. */
    assert_int_equal(rmdir(runs), 0);
    return n;
}

static unsigned build_gl_memory(const char *dir, unsigned from, unsigned to, size_t memory)
{
    return build_gl_dropping(dir, from, to, memory, NULL);
}

static void build_gl(const char *dir, unsigned from, unsigned to)
{
    assert_int_equal(build_gl_memory(dir, from, to, 0), 1);
}

static void check_ok(const char *dir)
{
    char *argv[] = {"/usr/bin/xapian-check", (char *)dir, NULL};
    free(ts_run_expect(argv, 0, NULL));
}

/* Every statistic the two databases give for the terms the generator makes. */
/* Documents left out (gl_build_drop) by test_dropped_left_out: every seventh. */
static int gone(unsigned i)
{
    return i % 7 == 3;
}

/* The databases a and b give the same counts, values, data and metadata; documents i
 * with left_out(i) (when not NULL) are in neither. */
static void same_answers_but(const char *a, const char *b, int (*left_out)(unsigned))
{
    tr_error err = {0};
    xc_db *x = xc_db_open(a, &err), *y = xc_db_open(b, &err);
    assert_non_null(x);
    assert_non_null(y);
    uint64_t n1, n2;
    assert_int_equal(xc_db_doccount(x, &n1, &err), 0);
    assert_int_equal(xc_db_doccount(y, &n2, &err), 0);
    assert_int_equal(n1, n2);
    double av1, av2;
    assert_int_equal(xc_db_avlength(x, &av1, &err), 0);
    assert_int_equal(xc_db_avlength(y, &av2, &err), 0);
    assert_true(av1 == av2);
    static tdoc d;
    for (unsigned i = 0; i < NDOCS; i++) {
        make_doc(&d, i);
        for (size_t k = 0; k < d.n; k++) {
            uint64_t f1, f2, c1, c2;
            assert_int_equal(xc_db_termfreq(x, d.t[k].name, d.t[k].len, &f1, &err), 0);
            assert_int_equal(xc_db_termfreq(y, d.t[k].name, d.t[k].len, &f2, &err), 0);
            assert_int_equal(xc_db_collfreq(x, d.t[k].name, d.t[k].len, &c1, &err), 0);
            assert_int_equal(xc_db_collfreq(y, d.t[k].name, d.t[k].len, &c2, &err), 0);
            assert_int_equal(f1, f2);
            assert_int_equal(c1, c2);
        }
        if (left_out && left_out(i)) {
            char *p = NULL;
            size_t l = 0;
            assert_int_not_equal(xc_db_data(y, i + 1, &p, &l, &err), 0);
            free(p);
            err = (tr_error){0};
            continue;
        }
        for (unsigned slot = 0; slot < 400; slot += 1) {
            char *v1 = NULL, *v2 = NULL;
            size_t n1v = 0, n2v = 0;
            assert_int_equal(xc_db_value(x, i + 1, slot, &v1, &n1v, &err), 0);
            assert_int_equal(xc_db_value(y, i + 1, slot, &v2, &n2v, &err), 0);
            assert_int_equal(n1v, n2v);
            if (n1v)
                assert_memory_equal(v1, v2, n1v);
            free(v1);
            free(v2);
        }
        char *p1 = NULL, *p2 = NULL;
        size_t l1 = 0, l2 = 0;
        int r1 = xc_db_data(x, i + 1, &p1, &l1, &err);
        int r2 = xc_db_data(y, i + 1, &p2, &l2, &err);
        assert_int_equal(r1, r2);
        assert_int_equal(l1, l2);
        if (l1)
            assert_memory_equal(p1, p2, l1);
        free(p1);
        free(p2);
    }
    char *m = NULL;
    size_t ml = 0;
    assert_int_equal(xc_db_metadata(y, "lang", &m, &ml, &err), 0);
    assert_int_equal(ml, 2);
    free(m);
    xc_db_free(x);
    xc_db_free(y);
}

static void same_answers(const char *a, const char *b)
{
    same_answers_but(a, b, NULL);
}

TS_TEST(test_same_as_xapian)
{
    char *dir = ts_tempdir();
    char a[4096], b[4096];
    snprintf(a, sizeof a, "%s/xapian", dir);
    snprintf(b, sizeof b, "%s/gl", dir);
    build_xapian(a, 0, NDOCS);
    build_gl(b, 0, NDOCS);
    check_ok(b);
    same_answers(a, b);
    ts_rmrf(dir);
    free(dir);
}

/* Postings spilled as a run after every document and merged make the very tables
 * that one run makes: the merge cuts chunks as if they had come in one piece. */
TS_TEST(test_runs_merge_to_same_bytes)
{
    char *dir = ts_tempdir();
    char one[4096], many[4096], a[4096];
    snprintf(one, sizeof one, "%s/one", dir);
    snprintf(many, sizeof many, "%s/many", dir);
    snprintf(a, sizeof a, "%s/xapian", dir);
    assert_int_equal(build_gl_memory(one, 0, NDOCS, 0), 1);
    assert_true(build_gl_memory(many, 0, NDOCS, 1) > NDOCS / 2);
    const char *tables[] = {"postlist", "position", "termlist", "docdata"};
    for (size_t i = 0; i < sizeof tables / sizeof *tables; i++) {
        char x[4200], y[4200];
        snprintf(x, sizeof x, "%s/%s.glass", one, tables[i]);
        snprintf(y, sizeof y, "%s/%s.glass", many, tables[i]);
        size_t lx, ly;
        char *bx = ts_read_file(x, &lx), *by = ts_read_file(y, &ly);
        assert_non_null(bx);
        assert_non_null(by);
        if (lx != ly || memcmp(bx, by, lx) != 0)
            fail_msg("%s: %zu bytes from one run, %zu from many, not the same", tables[i], lx,
                     ly);
        free(bx);
        free(by);
    }
    check_ok(many);
    build_xapian(a, 0, NDOCS);
    same_answers(a, many);
    ts_rmrf(dir);
    free(dir);
}

/* Documents left out are as if Xapian had deleted them: the same counts, lengths and
 * values, nothing of theirs left (xapian-check), with one run or many. */
TS_TEST(test_dropped_left_out)
{
    char *dir = ts_tempdir();
    char one[4096], many[4096], a[4096];
    snprintf(one, sizeof one, "%s/one", dir);
    snprintf(many, sizeof many, "%s/many", dir);
    snprintf(a, sizeof a, "%s/xapian", dir);
    build_xapian(a, 0, NDOCS);
    tr_error err = {0};
    xc_wdb *w = xc_wdb_open(a, XC_OPEN, &err);
    assert_non_null(w);
    for (unsigned i = 0; i < NDOCS; i++)
        if (gone(i))
            assert_int_equal(xc_wdb_delete_docid(w, i + 1, &err), 0);
    assert_int_equal(xc_wdb_commit(w, &err), 0);
    xc_wdb_free(w);
    assert_int_equal(build_gl_dropping(one, 0, NDOCS, 0, gone), 1);
    assert_true(build_gl_dropping(many, 0, NDOCS, 1, gone) > NDOCS / 2);
    check_ok(one);
    check_ok(many);
    same_answers_but(a, one, gone);
    same_answers_but(a, many, gone);
    ts_rmrf(dir);
    free(dir);
}

TS_TEST(test_compacted_halves)
{
    char *dir = ts_tempdir();
    char a[4096], h1[4096], h2[4096], m[4096];
    snprintf(a, sizeof a, "%s/xapian", dir);
    snprintf(h1, sizeof h1, "%s/h1", dir);
    snprintf(h2, sizeof h2, "%s/h2", dir);
    snprintf(m, sizeof m, "%s/merged", dir);
    build_xapian(a, 0, NDOCS);
    build_gl(h1, 0, NDOCS / 2);
    build_gl(h2, NDOCS / 2, NDOCS);
    const char *src[] = {h1, h2};
    tr_error err = {0};
    assert_int_equal(xc_compact(src, 2, m, 0, &err), 0);
    check_ok(m);
    same_answers(a, m);
    ts_rmrf(dir);
    free(dir);
}

TS_TEST(test_bad_input)
{
    char *dir = ts_tempdir();
    tr_error err = {0};
    char full[4096];
    snprintf(full, sizeof full, "%s/f", dir);
    ts_write_file(full, "x", 1);
    assert_null(gl_build_open(dir, dir, 0, &err));
    assert_int_equal(err.code, TR_EINVAL);
    assert_non_null(strstr(err.message, "not empty"));
    char db[4096];
    snprintf(db, sizeof db, "%s/db", dir);
    err = (tr_error){0};
    gl_build *b = gl_build_open(db, dir, 0, &err);
    assert_non_null(b);
    char big[300];
    memset(big, 'a', sizeof big);
    struct {
        gl_term t[2];
        int code;
    } cases[] = {
        {{{"b", 1, 1, NULL, 0}, {"a", 1, 1, NULL, 0}}, TR_EINVAL},
        {{{"a", 1, 1, NULL, 0}, {"a", 1, 1, NULL, 0}}, TR_EINVAL},
        {{{"a", 1, 1, NULL, 0}, {big, 246, 1, NULL, 0}}, TR_ELIMIT},
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        tr_error e = {0};
        gl_doc_in in = {cases[i].t, 2, NULL, 0, NULL, 0};
        assert_int_equal(gl_build_add(b, &in, NULL, &e), cases[i].code);
    }
    static const uint32_t back[] = {3, 2};
    gl_term pt = {"p", 1, 2, back, 2};
    gl_value vals[2] = {{5, "x", 1}, {2, "y", 1}};
    gl_doc_in bad_pos = {&pt, 1, NULL, 0, NULL, 0}, bad_vals = {NULL, 0, vals, 2, NULL, 0};
    tr_error e = {0};
    assert_int_equal(gl_build_add(b, &bad_pos, NULL, &e), TR_EINVAL);
    assert_non_null(strstr(e.message, "positions"));
    e = (tr_error){0};
    assert_int_equal(gl_build_add(b, &bad_vals, NULL, &e), TR_EINVAL);
    assert_non_null(strstr(e.message, "values are out of order"));
    gl_build_free(b);
    ts_rmrf(dir);
    free(dir);
}

TS_MAIN(NULL, NULL, cmocka_unit_test(test_same_as_xapian),
        cmocka_unit_test(test_runs_merge_to_same_bytes), cmocka_unit_test(test_dropped_left_out),
        cmocka_unit_test(test_compacted_halves),
        cmocka_unit_test(test_bad_input))
