/* test_bulk: a new database written without Xapian's writer (indexer/bulk.h, glass/).
 *
 * The same records indexed into a new folder (bulk) and into an existing database
 * (Xapian's writer) must give the same documents: terms with their wdf, values,
 * stored data, lengths and statistics; the database must pass xapian-check. Then
 * what only the bulk writer does: postings spilled as runs and merged at the end,
 * records whose id came before (in the same run or an earlier one) replacing it, an
 * input of no documents, and what a killed run left in DIR.build and DIR.merge
 * removed.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <fcntl.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cmocka.h>

#include "indexer.h"
#include "support.h"
#include "ts_main.h"
#include "vn_terms.h"
#include "xc.h"

static int run(const char *db, const char *path, size_t memory, ix_stats *st)
{
    FILE *log = fopen("/dev/null", "w");
    ix_options opt;
    ix_options_init(&opt);
    opt.db = db;
    opt.quiet = 1;
    opt.log = log;
    opt.bulk_memory = memory;
    const char *paths[] = {path};
    opt.paths = paths;
    opt.n_paths = path ? 1 : 0;
    tr_error err = {0};
    int rc = ix_run(&opt, st, &err);
    fclose(log);
    if (rc)
        print_message("ix_run %s: %s\n", db, err.message);
    return rc;
}

static int exists(const char *path)
{
    struct stat sb;
    return stat(path, &sb) == 0;
}

static void xapian_check(const char *db)
{
    char *argv[] = {"/usr/bin/xapian-check", (char *)db, NULL};
    if (access(argv[0], X_OK) != 0)
        return; /* xapian-tools absent: the comparisons below still run */
    char *err = ts_run_expect(argv, 0, NULL);
    free(err);
}

static xc_docid find(xc_db *db, const char *id)
{
    char term[256];
    snprintf(term, sizeof term, "Q%s", id);
    xc_docid d = 0;
    xc_db_find(db, term, strlen(term), &d, NULL);
    return d;
}

/* A document's terms with their wdf, one "term:wdf\n" each, in order. */
typedef struct text {
    char *s;
    size_t len, cap;
} text;

static int on_term(void *ctx, const char *term, size_t len, uint64_t wdf)
{
    text *t = ctx;
    char tail[32];
    int n = snprintf(tail, sizeof tail, ":%llu\n", (unsigned long long)wdf);
    if (t->len + len + (size_t)n + 1 > t->cap) {
        t->cap = (t->len + len + (size_t)n + 1) * 2;
        t->s = realloc(t->s, t->cap);
        assert_non_null(t->s);
    }
    memcpy(t->s + t->len, term, len);
    memcpy(t->s + t->len + len, tail, (size_t)n + 1);
    t->len += len + (size_t)n;
    return 0;
}

static char *doc_terms(xc_db *db, xc_docid d)
{
    text t = {0};
    assert_int_equal(xc_db_doc_terms(db, d, "", 0, on_term, &t, NULL), 0);
    return t.s ? t.s : strdup("");
}

static void same_value(xc_db *a, xc_docid da, xc_db *b, xc_docid db_, unsigned slot)
{
    char *x = NULL, *y = NULL;
    size_t xl = 0, yl = 0;
    int rx = xc_db_value(a, da, slot, &x, &xl, NULL);
    int ry = xc_db_value(b, db_, slot, &y, &yl, NULL);
    assert_int_equal(rx, ry);
    assert_int_equal(xl, yl);
    if (xl)
        assert_memory_equal(x, y, xl);
    free(x);
    free(y);
}

/* Every id of `ids` is in both databases with the same terms, values and data. */
static void same_documents(const char *bulk, const char *xap, char **ids, size_t n)
{
    xc_db *a = xc_db_open(bulk, NULL), *b = xc_db_open(xap, NULL);
    assert_non_null(a);
    assert_non_null(b);
    uint64_t ca = 0, cb = 0;
    assert_int_equal(xc_db_doccount(a, &ca, NULL), 0);
    assert_int_equal(xc_db_doccount(b, &cb, NULL), 0);
    assert_int_equal(ca, cb);
    for (size_t i = 0; i < n; i++) {
        xc_docid da = find(a, ids[i]), db_ = find(b, ids[i]);
        if (!da || !db_)
            fail_msg("%s missing (bulk %u, xapian %u)", ids[i], da, db_);
        char *ta = doc_terms(a, da), *tb = doc_terms(b, db_);
        if (strcmp(ta, tb) != 0)
            fail_msg("%s: the terms differ", ids[i]);
        free(ta);
        free(tb);
        char *x = NULL, *y = NULL;
        size_t xl = 0, yl = 0;
        assert_int_equal(xc_db_data(a, da, &x, &xl, NULL), 0);
        assert_int_equal(xc_db_data(b, db_, &y, &yl, NULL), 0);
        assert_int_equal(xl, yl);
        assert_memory_equal(x, y, xl);
        free(x);
        free(y);
        for (unsigned slot = 0; slot <= VN_SLOT_MINHASH; slot++)
            same_value(a, da, b, db_, slot);
    }
    static const char *const terms[] = {"khoa", "Ekhoa", "Bkhoa hoc", "Knews", "Scong", "hoc"};
    for (size_t i = 0; i < sizeof terms / sizeof *terms; i++) {
        uint64_t fa = 0, fb = 0;
        size_t len = strlen(terms[i]);
        assert_int_equal(xc_db_termfreq(a, terms[i], len, &fa, NULL), 0);
        assert_int_equal(xc_db_termfreq(b, terms[i], len, &fb, NULL), 0);
        assert_int_equal(fa, fb);
        assert_int_equal(xc_db_collfreq(a, terms[i], len, &fa, NULL), 0);
        assert_int_equal(xc_db_collfreq(b, terms[i], len, &fb, NULL), 0);
        assert_int_equal(fa, fb);
    }
    xc_db_free(a);
    xc_db_free(b);
}

/* The ids of a JSON Lines file, in order (the sample corpus names them "id"). */
static size_t read_ids(const char *path, char **ids, size_t cap)
{
    FILE *f = fopen(path, "r");
    assert_non_null(f);
    char *line = NULL;
    size_t lcap = 0, n = 0;
    while (n < cap && getline(&line, &lcap, f) > 0) {
        char *p = strstr(line, "\"id\":\"");
        if (!p)
            p = strstr(line, "\"id\": \"");
        if (!p)
            continue;
        p = strchr(p + 4, '"') + 1;
        char *q = strchr(p, '"');
        ids[n++] = strndup(p, (size_t)(q - p));
    }
    free(line);
    fclose(f);
    return n;
}

TS_TEST(test_same_as_xapian_writer)
{
    const char *input = ts_source("corpus/sample.jsonl");
    char *ids[256];
    size_t n = read_ids(input, ids, 256);
    assert_true(n > 10);
    ix_stats st;
    char bulk[4096], xap[4096];
    snprintf(bulk, sizeof bulk, "%s", ts_tmp_path("bulk"));
    snprintf(xap, sizeof xap, "%s", ts_tmp_path("xapian"));
    assert_int_equal(run(bulk, input, 0, &st), 0);
    assert_int_equal(st.indexed, n);
    /* An existing (empty) database is written through Xapian. */
    xc_wdb *w = xc_wdb_open(xap, XC_CREATE_OR_OPEN, NULL);
    assert_non_null(w);
    assert_int_equal(xc_wdb_set_metadata(w, VN_SCHEMA_KEY, "4", 1, NULL), 0);
    assert_int_equal(xc_wdb_commit(w, NULL), 0);
    xc_wdb_free(w);
    assert_int_equal(run(xap, input, 0, &st), 0);
    xapian_check(bulk);
    same_documents(bulk, xap, ids, n);
    /* Documents follow the input's order. */
    xc_db *a = xc_db_open(bulk, NULL);
    for (size_t i = 0; i < n; i++)
        assert_int_equal(find(a, ids[i]), (xc_docid)(i + 1));
    char *v = NULL;
    size_t vl = 0;
    assert_int_equal(xc_db_metadata(a, VN_SCHEMA_KEY, &v, &vl, NULL), 0);
    assert_int_equal(vl, strlen(TS_STR(VN_SCHEMA_VERSION)));
    assert_memory_equal(v, TS_STR(VN_SCHEMA_VERSION), vl);
    free(v);
    xc_db_free(a);
    for (size_t i = 0; i < n; i++)
        free(ids[i]);
}

#define DOCS 40

/* Every id twice, the second version 3 records on or a whole pass later; with a
 * run per document the replaced versions lie in earlier runs. */
static void write_repeats(const char *path)
{
    size_t cap = 4 * DOCS * 200, len = 0;
    char *s = malloc(cap);
    assert_non_null(s);
    const char *fmt = "{\"id\":\"d%d\",\"title\":\"%s %d\",\"body\":\"Nội dung %d về khoa học "
                      "công nghệ.\"}\n";
    for (int i = 0; i < DOCS; i++) {
        len += (size_t)snprintf(s + len, cap - len, fmt, i, "Bài", i, i);
        if (i >= 3 && i < DOCS / 2)
            len += (size_t)snprintf(s + len, cap - len, fmt, i - 3, "Sửa", i - 3, i);
    }
    for (int i = DOCS / 2 - 3; i < DOCS; i++)
        len += (size_t)snprintf(s + len, cap - len, fmt, i, "Sửa", i, i);
    len += (size_t)snprintf(s + len, cap - len, fmt, 0, "Lần ba", 0, 0);
    ts_write_file(path, s, len);
    free(s);
}

static void check_last_versions(const char *db)
{
    assert_int_equal(ts_doccount(db), DOCS);
    xc_db *x = xc_db_open(db, NULL);
    assert_non_null(x);
    for (int i = 0; i < DOCS; i++) {
        char id[16], want[32];
        snprintf(id, sizeof id, "d%d", i);
        snprintf(want, sizeof want, i ? "Sửa %d" : "Lần ba %d", i);
        xc_docid d = find(x, id);
        char *data = NULL;
        size_t dlen = 0;
        if (!d || xc_db_data(x, d, &data, &dlen, NULL) != 0 || !strstr(data, want))
            fail_msg("%s: not its last version (%s)", id, data ? data : "missing");
        free(data);
    }
    /* The replaced versions left no term behind. */
    uint64_t tf = 0;
    assert_int_equal(xc_db_termfreq(x, "Sbai", 4, &tf, NULL), 0);
    assert_int_equal(tf, 0);
    assert_int_equal(xc_db_termfreq(x, "Ssua", 4, &tf, NULL), 0);
    assert_int_equal(tf, DOCS - 1);
    xc_db_free(x);
}

/* A test's database path (PATH_SIZE bytes) and its input of repeated ids (INPUT_SIZE),
 * written. */
#define PATH_SIZE 4096
#define INPUT_SIZE (PATH_SIZE + 16)
static void repeats_db(const char *name, char *db, char *input)
{
    snprintf(db, PATH_SIZE, "%s", ts_tmp_path(name));
    snprintf(input, INPUT_SIZE, "%s.jsonl", db);
    write_repeats(input);
}

/* Nothing of the build is left beside the database. */
static void no_scratch(const char *db)
{
    static const char *const suffixes[] = {".build", ".merge", ".build.lock"};
    for (size_t i = 0; i < sizeof suffixes / sizeof *suffixes; i++) {
        char path[PATH_SIZE + 16];
        snprintf(path, sizeof path, "%s%s", db, suffixes[i]);
        if (exists(path))
            fail_msg("%s is left", path);
    }
}

TS_TEST(test_repeats_in_one_run)
{
    char db[PATH_SIZE], input[INPUT_SIZE];
    repeats_db("one-run", db, input);
    ix_stats st;
    assert_int_equal(run(db, input, 0, &st), 0);
    assert_int_equal(st.indexed, DOCS);
    check_last_versions(db);
    xapian_check(db);
    no_scratch(db);
}

TS_TEST(test_repeats_across_runs)
{
    char db[PATH_SIZE], input[INPUT_SIZE];
    repeats_db("many-runs", db, input);
    ix_stats st;
    assert_int_equal(run(db, input, 1, &st), 0); /* 1 byte: a run per document */
    assert_int_equal(st.indexed, DOCS);
    check_last_versions(db);
    xapian_check(db);
    no_scratch(db);
}

TS_TEST(test_no_documents)
{
    const char *db = ts_tmp_path("empty-db");
    const char *input = ts_tmp_path("empty.jsonl");
    ts_write_file(input, "", 0);
    char in[4096];
    snprintf(in, sizeof in, "%s", input);
    ix_stats st;
    assert_int_equal(run(db, in, 0, &st), 0);
    assert_int_equal(st.indexed, 0);
    assert_int_equal(ts_doccount(db), 0);
    xapian_check(db);
}

TS_TEST(test_leftovers_of_a_killed_run)
{
    char db[PATH_SIZE], path[PATH_SIZE + 64], input[INPUT_SIZE];
    repeats_db("left", db, input);
    snprintf(path, sizeof path, "%s.build", db);
    assert_int_equal(mkdir(path, 0777), 0);
    snprintf(path, sizeof path, "%s.build/seg-0", db);
    assert_int_equal(mkdir(path, 0777), 0);
    snprintf(path, sizeof path, "%s.build/seg-0/postlist.glass", db);
    ts_write_file(path, "half", 4);
    snprintf(path, sizeof path, "%s.build/XAPIANDB", db);
    ts_write_file(path, "auto shard-0\n", 13);
    snprintf(path, sizeof path, "%s.merge", db);
    assert_int_equal(mkdir(path, 0777), 0);
    snprintf(path, sizeof path, "%s.merge/termlist.glass", db);
    ts_write_file(path, "half", 4);
    ix_stats st;
    assert_int_equal(run(db, input, 0, &st), 0);
    check_last_versions(db);
    no_scratch(db);
    /* And the next run writes into it through Xapian. */
    assert_int_equal(run(db, input, 0, &st), 0);
    check_last_versions(db);
}

/* A second first run into the same folder while one is building fails at once and
 * leaves the first one's work alone. */
TS_TEST(test_two_first_runs)
{
    char db[PATH_SIZE], lock[PATH_SIZE + 64], build[PATH_SIZE + 64], input[INPUT_SIZE];
    repeats_db("twice", db, input);
    snprintf(lock, sizeof lock, "%s.build.lock", db);
    snprintf(build, sizeof build, "%s.build", db);
    /* The first run, as far as its lock and its scratch. */
    int fd = open(lock, O_RDWR | O_CREAT, 0644);
    assert_true(fd >= 0);
    assert_int_equal(flock(fd, LOCK_EX | LOCK_NB), 0);
    assert_int_equal(mkdir(build, 0777), 0);
    snprintf(lock, sizeof lock, "%s.build/seg-0", db);
    assert_int_equal(mkdir(lock, 0777), 0);
    ix_stats st;
    assert_int_equal(run(db, input, 0, &st), TR_EUNAVAILABLE);
    assert_true(exists(lock)); /* its scratch is still there */
    assert_false(exists(db));
    close(fd);
    /* Once it is gone, a run clears the scratch and builds. */
    assert_int_equal(run(db, input, 0, &st), 0);
    check_last_versions(db);
    no_scratch(db);
}

TS_MAIN(ts_tmp_setup, ts_tmp_teardown, cmocka_unit_test(test_same_as_xapian_writer),
        cmocka_unit_test(test_repeats_in_one_run),
        cmocka_unit_test(test_repeats_across_runs), cmocka_unit_test(test_no_documents),
        cmocka_unit_test(test_leftovers_of_a_killed_run), cmocka_unit_test(test_two_first_runs))
