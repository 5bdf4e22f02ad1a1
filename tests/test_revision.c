/* test_revision: reads while the index is written (search/pool.h).
 *
 * - Xapian's glass backend recycles a revision's blocks two commits later; a reader
 *   still on it gets DatabaseModifiedError, which xapian-c must report as
 *   TR_EMODIFIED, the code the engine reads again on (se_pool_again).
 * - A request that has lost runs holds the fence (tr_fence.h): the writer's next commit
 *   waits until the request gives its handle back, so that its run cannot be lost.
 * - A client reads its own writes and never goes back: each commit of tracuu-index is
 *   seen by the very next request, by /healthz, /api/search and /api/doc alike
 *   (handles were reopened at most once a second, so a new document could be found
 *   by search and then be 404 at /api/doc, and counts went down and up).
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <pthread.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "pool.h"
#include "support.h"
#include "tr_fence.h"
#include "xc.h"

static xc_doc *doc_with(const char *idterm, unsigned round, unsigned i)
{
    xc_doc *d = xc_doc_new(NULL);
    char t[64];
    assert_non_null(d);
    assert_int_equal(xc_doc_add_boolean_term(d, idterm, strlen(idterm), NULL), 0);
    for (unsigned k = 0; k < 40; k++) {
        int n = snprintf(t, sizeof t, "w%u_%u", round, (i * 7 + k) % 997);
        assert_int_equal(xc_doc_add_posting(d, t, (size_t)n, k + 1, 1, NULL), 0);
    }
    snprintf(t, sizeof t, "data %u %u", round, i);
    assert_int_equal(xc_doc_set_data(d, t, strlen(t), NULL), 0);
    return d;
}

/* Rewrites every document: after two such commits a reader on the first revision has
 * nothing left to read. */
static void rewrite_all(xc_wdb *w, unsigned round, unsigned n)
{
    assert_int_equal(xc_wdb_begin(w, NULL), 0);
    for (unsigned i = 0; i < n; i++) {
        char id[32];
        snprintf(id, sizeof id, "Q%u", i);
        xc_doc *d = doc_with(id, round, i);
        assert_int_equal(xc_wdb_replace(w, id, strlen(id), d, NULL, NULL), 0);
        xc_doc_free(d);
    }
    assert_int_equal(xc_wdb_commit(w, NULL), 0);
}

TS_TEST(test_discarded_revision_is_emodified)
{
    const unsigned n = 3000;
    char path[4096];
    snprintf(path, sizeof path, "%s", ts_tmp_path("glass"));
    xc_wdb *w = xc_wdb_open(path, XC_CREATE_OR_OPEN, NULL);
    assert_non_null(w);
    rewrite_all(w, 0, n);
    xc_db *r = xc_db_open(path, NULL);
    assert_non_null(r);
    rewrite_all(w, 1, n);
    rewrite_all(w, 2, n);
    rewrite_all(w, 3, n);
    /* The reader is still on revision 1: reading it must fail as "modified". */
    tr_error err = {0};
    int rc = 0;
    for (unsigned i = 1; rc == 0 && i <= n; i += 7) {
        char *data = NULL;
        size_t len;
        rc = xc_db_data(r, i, &data, &len, &err);
        free(data);
    }
    if (rc != TR_EMODIFIED)
        fail_msg("reading a discarded revision: code %d (%s), expected TR_EMODIFIED", rc,
                 err.message);
    /* The engine's rule: run again, a bounded number of times. */
    int tries = 0;
    assert_int_equal(se_pool_again(rc, &tries, &err), 1);
    assert_int_equal(err.code, TR_OK);
    tr_error_set(&err, TR_EMODIFIED, "again");
    assert_int_equal(se_pool_again(TR_EINTERNAL, &tries, &err), 1); /* the cause counts */
    tr_error_set(&err, TR_EXAPIAN, "other");
    assert_int_equal(se_pool_again(TR_EXAPIAN, &tries, &err), 0);
    tries = 0;
    for (int k = 1; k < SE_READ_TRIES; k++)
        assert_int_equal(se_pool_again(TR_EMODIFIED, &tries, NULL), 1);
    assert_int_equal(se_pool_again(TR_EMODIFIED, &tries, NULL), 0);
    /* Reopened, it reads the newest revision. */
    assert_int_equal(xc_db_reopen(r, NULL, NULL), 0);
    char *data = NULL;
    size_t len;
    assert_int_equal(xc_db_data(r, 1, &data, &len, NULL), 0);
    assert_non_null(strstr(data, "data 3 "));
    free(data);
    xc_db_free(r);
    xc_wdb_free(w);
}

/* Whether the fences of `path` can be taken exclusive now, as a commit would. */
static int commit_could_go(const char *path)
{
    tr_fence *f = tr_fence_open(&path, 1, 0);
    assert_non_null(f);
    int rc = tr_fence_take(f, 0, 50);
    tr_fence_free(f);
    return rc == 0;
}

typedef struct committer {
    xc_wdb *w;
    atomic_int done;
} committer;

static void *commit_one(void *arg)
{
    committer *c = arg;
    rewrite_all(c->w, 9, 1);
    atomic_store(&c->done, 1);
    return NULL;
}

TS_TEST(test_losing_request_holds_off_commits)
{
    char path[4096], fence[4200];
    snprintf(path, sizeof path, "%s", ts_tmp_path("fenced"));
    xc_wdb *w = xc_wdb_open(path, XC_CREATE_OR_OPEN, NULL);
    assert_non_null(w);
    rewrite_all(w, 0, 10);
    snprintf(fence, sizeof fence, "%s/" TR_FENCE_FILE, path);
    struct stat st;
    assert_int_equal(stat(fence, &st), 0); /* the writer made it */

    se_pool *p = se_pool_new(path, NULL);
    assert_non_null(p);
    /* A request that has not lost: its handle holds nothing. */
    xc_db *db = se_pool_get(p, NULL);
    assert_non_null(db);
    assert_true(commit_could_go(path));
    se_pool_put(p, db, 0);

    /* Lost SE_FENCE_AFTER runs: the next handle is lent with the fence held. */
    int tries = 0;
    for (int k = 0; k < SE_FENCE_AFTER; k++)
        assert_int_equal(se_pool_again(TR_EMODIFIED, &tries, NULL), 1);
    db = se_pool_get(p, NULL);
    assert_non_null(db);
    assert_false(commit_could_go(path));
    committer c = {w, 0};
    pthread_t t;
    assert_int_equal(pthread_create(&t, NULL, commit_one, &c), 0);
    usleep(300 * 1000); /* a one-document commit takes a few ms when nothing holds it */
    if (atomic_load(&c.done))
        fail_msg("the writer committed while a losing request held the fence");
    se_pool_put(p, db, 0);
    assert_int_equal(pthread_join(t, NULL), 0);
    assert_true(atomic_load(&c.done));
    assert_true(commit_could_go(path));

    /* The request's end (run again or not) clears its count for the thread's next. */
    assert_int_equal(se_pool_again(0, &tries, NULL), 0);
    db = se_pool_get(p, NULL);
    assert_true(commit_could_go(path));
    se_pool_put(p, db, 0);
    se_pool_free(p);
    xc_wdb_free(w);
}

/* A sharded index (indexer/shards.h): the folder's stub names the databases, and a
 * reader of the folder takes each one's fence. */
TS_TEST(test_fence_of_a_stub_reaches_its_shards)
{
    char dir[4096], shard[4200], stub[4200];
    snprintf(dir, sizeof dir, "%s", ts_tmp_path("sharded"));
    assert_int_equal(mkdir(dir, 0755), 0);
    snprintf(shard, sizeof shard, "%s/shard-0", dir);
    xc_wdb *w = xc_wdb_open(shard, XC_CREATE_OR_OPEN, NULL);
    assert_non_null(w);
    snprintf(stub, sizeof stub, "%s/XAPIANDB", dir);
    FILE *f = fopen(stub, "w");
    assert_non_null(f);
    fputs("auto shard-0\nremote tcp host:1\n", f);
    fclose(f);

    const char *names[] = {dir};
    tr_fence *reader = tr_fence_open(names, 1, 0);
    assert_non_null(reader);
    assert_int_equal(tr_fence_take(reader, 1, 1000), 0);
    assert_false(commit_could_go(shard));
    tr_fence_release(reader);
    assert_true(commit_could_go(shard));
    tr_fence_free(reader);
    /* Nothing to fence: a remote shard's name, a missing path. */
    const char *none[] = {"host:33333", "/nonexistent/tracuu"};
    assert_null(tr_fence_open(none, 2, 0));
    xc_wdb_free(w);
}

static int add_one(const char *db, unsigned i)
{
    char line[256], file[4096];
    int n = snprintf(line, sizeof line,
                     "{\"id\": \"new-%u\", \"type\": \"news\", \"title\": \"Tin mới %u\", "
                     "\"body\": \"Bài viết mới soanmoi%u về khoa học.\"}\n",
                     i, i, i);
    snprintf(file, sizeof file, "%s", ts_tmp_path("one.jsonl"));
    return ts_index_file(db, file, line, (size_t)n);
}

TS_TEST(test_reads_follow_each_commit)
{
    char db[4096];
    snprintf(db, sizeof db, "%s", ts_tmp_path("served"));
    char *argv[] = {(char *)ts_program("indexer/tracuu-index"), "--db", db, "--quiet",
                    (char *)ts_source("corpus/sample.jsonl"), NULL};
    assert_int_equal(ts_run_reported(argv), 0);
    ts_daemon d;
    assert_int_equal(ts_searchd_start(&d, db), 0);
    json_t *h = ts_get_json(d.port, "/healthz", 200);
    json_int_t docs = json_integer_value(json_object_get(h, "documents"));
    json_decref(h);
    for (unsigned i = 0; i < 12; i++) {
        /* Each request right after the commit: within the second the old pool took
         * to notice it. */
        assert_int_equal(add_one(db, i), 0);
        char target[128];
        snprintf(target, sizeof target, "/api/search?q=soanmoi%u&facets=0", i);
        json_t *s = ts_get_json(d.port, target, 200);
        if (json_integer_value(json_object_get(s, "total")) != 1)
            fail_msg("commit %u: the new document is not found by the next search", i);
        json_decref(s);
        snprintf(target, sizeof target, "/api/doc/new-%u", i);
        json_decref(ts_get_json(d.port, target, 200));
        h = ts_get_json(d.port, "/healthz", 200);
        json_int_t now = json_integer_value(json_object_get(h, "documents"));
        json_decref(h);
        if (now != docs + 1)
            fail_msg("commit %u: /healthz says %lld documents after %lld, one commit later",
                     i, (long long)now, (long long)docs);
        docs = now;
    }
    ts_searchd_stop(&d);
}

TS_MAIN(ts_tmp_setup, ts_tmp_teardown,
        cmocka_unit_test(test_discarded_revision_is_emodified),
        cmocka_unit_test(test_losing_request_holds_off_commits),
        cmocka_unit_test(test_fence_of_a_stub_reaches_its_shards),
        cmocka_unit_test(test_reads_follow_each_commit))
