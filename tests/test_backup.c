/* test_backup: tracuu-index --db DIR --backup DEST (indexer/backup.h) and what the
 * programs say of a damaged index.
 *
 * - While a writer commits batch after batch, each backup is one revision, whole
 *   (a multiple of the batch), passes xapian-check, and holds what the source held
 *   at that revision, metadata included.
 * - A copy of a revision the writer discarded fails as TR_EMODIFIED (what the
 *   backup starts again on), and succeeds after a reopen.
 * - A backup of a served index answers every search as the source does, plain and
 *   sharded (the shard layout is kept).
 * - DEST existing, or no index at DIR, is refused; a backup killed at any moment
 *   leaves DEST absent or whole.
 * - A truncated copy of an index: tracuu-index, tracuu-searchd and --backup name its
 *   path and the next step (xapian-check, restore or rebuild).
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <dirent.h>
#include <fcntl.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "support.h"
#include "xc.h"

#define BATCH 400

static const char *index_prog(void)
{
    static char path[4096];
    snprintf(path, sizeof path, "%s", ts_program("indexer/tracuu-index"));
    return path;
}

/* Runs tracuu-index --db db --backup dest; returns its status, stderr in *out. */
static int backup(const char *db, const char *dest, char **out)
{
    char *argv[] = {(char *)index_prog(), "--db", (char *)db, "--backup", (char *)dest, NULL};
    return ts_run(argv, out);
}

static void expect_check_clean(const char *db)
{
    char *argv[] = {"/usr/bin/xapian-check", (char *)db, NULL};
    char *err = NULL;
    int st = ts_run(argv, &err);
    if (st != 0)
        fail_msg("xapian-check %s: status %d: %s", db, st, err ? err : "");
    free(err);
}

/* Document k of the writer: its id term, words, and data saying which it is. */
static void add_batch(xc_wdb *w, unsigned first)
{
    assert_int_equal(xc_wdb_begin(w, NULL), 0);
    for (unsigned k = first; k < first + BATCH; k++) {
        xc_doc *d = xc_doc_new(NULL);
        char t[64];
        int n = snprintf(t, sizeof t, "Q%u", k);
        assert_int_equal(xc_doc_add_boolean_term(d, t, (size_t)n, NULL), 0);
        for (unsigned j = 0; j < 30; j++) {
            n = snprintf(t, sizeof t, "w%u", (k * 31 + j * 7) % 5000);
            assert_int_equal(xc_doc_add_posting(d, t, (size_t)n, j + 1, 1, NULL), 0);
        }
        n = snprintf(t, sizeof t, "document %u", k);
        assert_int_equal(xc_doc_set_data(d, t, (size_t)n, NULL), 0);
        assert_int_equal(xc_wdb_add(w, d, NULL, NULL), 0);
        xc_doc_free(d);
    }
    assert_int_equal(xc_wdb_commit(w, NULL), 0);
}

/* A writer process adding batches until it is killed. */
static pid_t start_writer(const char *db, unsigned first)
{
    pid_t pid = fork();
    assert_true(pid >= 0);
    if (pid == 0) {
        xc_wdb *w = xc_wdb_open(db, XC_OPEN, NULL);
        if (!w)
            _exit(3);
        for (unsigned k = first;; k += BATCH)
            add_batch(w, k);
    }
    return pid;
}

static void stop(pid_t pid)
{
    kill(pid, SIGKILL);
    waitpid(pid, NULL, 0);
}

static uint64_t doccount(const char *db)
{
    return ts_doccount(db);
}

/* A new database at ts_tmp_path(name) of `batches` batches, schema metadata "2";
 * its path in src. */
static void make_index(char src[4096], const char *name, unsigned batches)
{
    snprintf(src, 4096, "%s", ts_tmp_path(name));
    xc_wdb *w = xc_wdb_open(src, XC_CREATE_OR_OPEN, NULL);
    assert_non_null(w);
    assert_int_equal(xc_wdb_set_metadata(w, "tracuu.schema", "2", 1, NULL), 0);
    for (unsigned k = 0; k < batches * BATCH; k += BATCH)
        add_batch(w, k);
    xc_wdb_free(w);
}

TS_TEST(test_backup_while_writing)
{
    char src[4096];
    make_index(src, "live", 10);
    pid_t writer = start_writer(src, 10 * BATCH);
    char dest[3][4096];
    for (int i = 0; i < 3; i++) {
        snprintf(dest[i], sizeof dest[i], "%s%d", ts_tmp_path("copy"), i);
        char *out = NULL;
        int st = backup(src, dest[i], &out);
        if (st != 0)
            fail_msg("backup %d under a writer: status %d: %s", i, st, out);
        free(out);
        usleep(100 * 1000);
    }
    stop(writer);
    xc_db *s = xc_db_open(src, NULL);
    assert_non_null(s);
    uint64_t before = 0;
    for (int i = 0; i < 3; i++) {
        expect_check_clean(dest[i]);
        uint64_t n = doccount(dest[i]);
        if (n % BATCH || n < 10 * BATCH)
            fail_msg("copy %d has %llu documents: not a committed revision", i,
                     (unsigned long long)n);
        assert_true(n >= before);
        before = n;
        xc_db *c = xc_db_open(dest[i], NULL);
        assert_non_null(c);
        char *meta = NULL;
        size_t len = 0;
        assert_int_equal(xc_db_metadata(c, "tracuu.schema", &meta, &len, NULL), 0);
        assert_string_equal(meta, "2");
        free(meta);
        /* Documents were only added: the copy's are the source's first n. */
        for (xc_docid d = 1; d <= n; d += 97) {
            char *a = NULL, *b = NULL;
            size_t la, lb;
            assert_int_equal(xc_db_data(c, d, &a, &la, NULL), 0);
            assert_int_equal(xc_db_data(s, d, &b, &lb, NULL), 0);
            assert_string_equal(a, b);
            free(a);
            free(b);
        }
        uint64_t tf_copy = 0;
        char q[32];
        snprintf(q, sizeof q, "Q%llu", (unsigned long long)n);
        assert_int_equal(xc_db_termfreq(c, q, strlen(q), &tf_copy, NULL), 0);
        assert_int_equal(tf_copy, 0); /* nothing of a later revision */
        xc_db_free(c);
    }
    xc_db_free(s);
}

/* What the retries of ix_backup() rest on: a copy of a revision the writer has
 * discarded fails as TR_EMODIFIED, and succeeds after a reopen. */
TS_TEST(test_discarded_revision_is_emodified)
{
    char src[4096], dest[4096];
    make_index(src, "discard", 10);
    xc_db *r = xc_db_open(src, NULL);
    assert_non_null(r);
    xc_wdb *w = xc_wdb_open(src, XC_OPEN, NULL);
    assert_non_null(w);
    for (int round = 0; round < 3; round++) { /* every document, three times */
        assert_int_equal(xc_wdb_begin(w, NULL), 0);
        for (unsigned k = 1; k <= 10 * BATCH; k++) {
            char id[32];
            snprintf(id, sizeof id, "Q%u", k - 1);
            xc_doc *d = xc_doc_new(NULL);
            assert_int_equal(xc_doc_add_boolean_term(d, id, strlen(id), NULL), 0);
            assert_int_equal(xc_doc_add_posting(d, "r", 1, 1, 1, NULL), 0);
            assert_int_equal(xc_wdb_replace(w, id, strlen(id), d, NULL, NULL), 0);
            xc_doc_free(d);
        }
        assert_int_equal(xc_wdb_commit(w, NULL), 0);
    }
    xc_wdb_free(w);
    snprintf(dest, sizeof dest, "%s", ts_tmp_path("discard-copy"));
    tr_error err = {0};
    int rc = xc_db_compact(r, dest, 0, &err);
    if (rc != TR_EMODIFIED)
        fail_msg("a copy of a discarded revision: code %d (%s), expected TR_EMODIFIED", rc,
                 err.message);
    ts_rmrf(dest);
    assert_int_equal(xc_db_reopen(r, NULL, NULL), 0);
    assert_int_equal(xc_db_compact(r, dest, 0, NULL), 0);
    xc_db_free(r);
    expect_check_clean(dest);
    assert_int_equal(ts_termfreq(dest, "r"), 10 * BATCH);
}

/* The same search on two daemons gives the same answer (took_ms aside). */
static void expect_same_answers(unsigned a, unsigned b, const char *what)
{
    static const char *const targets[] = {
        "/api/search?q=khoa%20h%E1%BB%8Dc",
        "/api/search?q=ngh%E1%BB%8B%20quy%E1%BA%BFt&facets=1",
        "/api/search?q=nong%20nghiep&page=2",
        "/api/search?q=%22c%C3%B4ng%20ngh%E1%BB%87%22",
        "/api/suggest?q=kho",
        "/api/officials",
        "/api/search?q=khoa%20hocc",
    };
    size_t failed = 0;
    for (size_t i = 0; i < sizeof targets / sizeof targets[0]; i++) {
        json_t *x = ts_get_json(a, targets[i], 200), *y = ts_get_json(b, targets[i], 200);
        json_object_del(x, "took_ms");
        json_object_del(y, "took_ms");
        char *sx = json_dumps(x, JSON_COMPACT | JSON_SORT_KEYS);
        char *sy = json_dumps(y, JSON_COMPACT | JSON_SORT_KEYS);
        if (strcmp(sx, sy) != 0)
            ts_row_fail(&failed, "%s %s: the source answers\n  %.300s\nthe copy\n  %.300s",
                        what, targets[i], sx, sy);
        free(sx);
        free(sy);
        json_decref(x);
        json_decref(y);
    }
    ts_rows_end(failed, sizeof targets / sizeof targets[0]);
}

static void same_answers(const char *extra_flag, const char *name)
{
    char db[4096], dest[4096];
    snprintf(db, sizeof db, "%s-src", ts_tmp_path(name));
    snprintf(dest, sizeof dest, "%s-copy", ts_tmp_path(name));
    char *argv[] = {(char *)index_prog(), "--quiet", "--db", db,
                    (char *)ts_source("corpus/sample.jsonl"), (char *)extra_flag,
                    extra_flag ? "2" : NULL, NULL};
    assert_int_equal(ts_run_reported(argv), 0);
    ts_daemon src, copy;
    assert_int_equal(ts_searchd_start(&src, db), 0);
    char *out = NULL;
    assert_int_equal(backup(db, dest, &out), 0);
    assert_non_null(strstr(out, "backup of"));
    free(out);
    if (extra_flag) { /* the layout is kept */
        char p[4200];
        snprintf(p, sizeof p, "%s/XAPIANDB", dest);
        assert_int_equal(access(p, F_OK), 0);
        for (int i = 0; i < 2; i++) {
            snprintf(p, sizeof p, "%s/shard-%d", dest, i);
            expect_check_clean(p);
        }
    } else {
        expect_check_clean(dest);
    }
    assert_int_equal(doccount(dest), doccount(db));
    assert_int_equal(ts_searchd_start(&copy, dest), 0);
    expect_same_answers(src.port, copy.port, name);
    ts_searchd_stop(&copy);
    ts_searchd_stop(&src);
}

TS_TEST(test_backup_answers_as_the_source)
{
    same_answers(NULL, "plain");
}

TS_TEST(test_backup_of_shards_answers_as_the_source)
{
    same_answers("--shards", "sharded");
}

TS_TEST(test_backup_refuses)
{
    char db[4096], dest[4096];
    snprintf(db, sizeof db, "%s", ts_tmp_path("refuse-src"));
    snprintf(dest, sizeof dest, "%s", ts_tmp_path("refuse-dest"));
    static const char doc[] = "{\"id\":\"a\",\"title\":\"Tiêu đề\",\"body\":\"Nội dung\"}\n";
    assert_int_equal(ts_index_file(db, ts_tmp_path("refuse.jsonl"), doc, sizeof doc - 1), 0);
    assert_int_equal(mkdir(dest, 0755), 0);
    char *out = NULL;
    assert_int_equal(backup(db, dest, &out), 2);
    assert_non_null(strstr(out, "exists"));
    free(out);
    /* Nothing was written into it. */
    DIR *d = opendir(dest);
    assert_non_null(d);
    struct dirent *e;
    int entries = 0;
    while ((e = readdir(d)))
        entries += e->d_name[0] != '.';
    closedir(d);
    assert_int_equal(entries, 0);
    /* No index at DIR. */
    char empty[4096];
    snprintf(empty, sizeof empty, "%s", ts_tmp_path("not-an-index"));
    assert_int_equal(mkdir(empty, 0755), 0);
    assert_int_equal(backup(empty, ts_tmp_path("never"), &out), 2);
    assert_non_null(strstr(out, "no index there"));
    free(out);
    assert_int_equal(access(ts_tmp_path("never"), F_OK), -1);
    /* --backup with documents to index is a mistake. */
    char *argv[] = {(char *)index_prog(), "--db", db, "--backup", (char *)ts_tmp_path("x"),
                    (char *)ts_tmp_path("refuse.jsonl"), NULL};
    free(ts_run_expect(argv, 2, "--backup DEST takes no PATH"));
}

static int has_partial(const char *dir)
{
    DIR *d = opendir(dir);
    struct dirent *e;
    int found = 0;
    while (d && (e = readdir(d)))
        found |= strstr(e->d_name, "kill.partial-") != NULL;
    if (d)
        closedir(d);
    return found;
}

TS_TEST(test_backup_killed_leaves_no_dest)
{
    char src[4096];
    make_index(src, "big", 60);
    static const unsigned after_ms[] = {5, 20, 40, 80, 120, 200, 300, 500};
    int cut = 0; /* kills that came while the copy was being written */
    for (size_t i = 0; i < sizeof after_ms / sizeof after_ms[0]; i++) {
        char dir[4096], dest[4200];
        snprintf(dir, sizeof dir, "%s%zu", ts_tmp_path("killed"), i);
        assert_int_equal(mkdir(dir, 0755), 0);
        snprintf(dest, sizeof dest, "%s/kill", dir);
        pid_t pid = fork();
        assert_true(pid >= 0);
        if (pid == 0) {
            int null = open("/dev/null", O_WRONLY);
            dup2(null, 2);
            execl(index_prog(), index_prog(), "--db", src, "--backup", dest, (char *)NULL);
            _exit(127);
        }
        struct timespec t = {0, (long)after_ms[i] * 1000000L};
        nanosleep(&t, NULL);
        kill(pid, SIGKILL);
        waitpid(pid, NULL, 0);
        if (access(dest, F_OK) == 0) {
            expect_check_clean(dest); /* whole, since it is there */
            assert_int_equal(doccount(dest), 60 * BATCH);
        } else {
            cut += has_partial(dir);
        }
    }
    /* Some kills came in the middle of a copy: otherwise this tested nothing. */
    assert_true(cut > 0);
}

TS_TEST(test_damaged_index_named_with_next_step)
{
    char db[4096], bad[4096], table[4200];
    snprintf(db, sizeof db, "%s", ts_tmp_path("whole"));
    snprintf(bad, sizeof bad, "%s", ts_tmp_path("damaged"));
    char *argv[] = {(char *)index_prog(), "--quiet", "--db", db,
                    (char *)ts_source("corpus/sample.jsonl"), NULL};
    assert_int_equal(ts_run_reported(argv), 0);
    char *out = NULL;
    assert_int_equal(backup(db, bad, &out), 0);
    free(out);
    snprintf(table, sizeof table, "%s/postlist.glass", bad);
    assert_int_equal(truncate(table, 8192), 0);
    const char *words = "the index is damaged or unreadable: xapian-check";
    char *ix[] = {(char *)index_prog(), "--quiet", "--db", bad,
                  (char *)ts_source("corpus/sample.jsonl"), NULL};
    out = ts_run_expect(ix, 2, words);
    assert_non_null(strstr(out, bad));
    assert_non_null(strstr(out, "docs/operations.md"));
    assert_null(strstr(out, "run again")); /* it would fail the same way */
    free(out);
    char *sd[] = {(char *)ts_program("searchd/tracuu-searchd"), "--db", bad, "--port", "0",
                  NULL};
    out = ts_run_expect(sd, 1, words);
    assert_non_null(strstr(out, bad));
    free(out);
    free(ts_run_expect((char *[]){(char *)index_prog(), "--db", bad, "--backup",
                                  (char *)ts_tmp_path("of-damaged"), NULL},
                       2, words));
    assert_int_equal(access(ts_tmp_path("of-damaged"), F_OK), -1);
}

TS_MAIN(ts_tmp_setup, ts_tmp_teardown,
        cmocka_unit_test(test_backup_while_writing),
        cmocka_unit_test(test_discarded_revision_is_emodified),
        cmocka_unit_test(test_backup_answers_as_the_source),
        cmocka_unit_test(test_backup_of_shards_answers_as_the_source),
        cmocka_unit_test(test_backup_refuses),
        cmocka_unit_test(test_backup_killed_leaves_no_dest),
        cmocka_unit_test(test_damaged_index_named_with_next_step))
