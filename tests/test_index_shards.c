/* Tests of indexer/shards (tracuu-index --shards): the stub and the route of ids,
 * replace and delete reaching the right shard, the fixed shard count, and a new
 * database (written by bulk.h, test_bulk's subject) ending as one plain database with
 * nothing left beside it. Crash consistency is test_crash's. */
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

#include "indexer.h"
#include "shards.h"
#include "support.h"
#include "xc.h"

#define DOCS 60

static void write_docs(const char *path, const char *title_fmt)
{
    char *s = malloc(DOCS * 200);
    assert_non_null(s);
    size_t len = 0;
    for (int i = 0; i < DOCS; i++) {
        char title[64];
        snprintf(title, sizeof title, title_fmt, i);
        len += (size_t)snprintf(s + len, DOCS * 200 - len,
                                "{\"id\":\"d%d\",\"title\":\"%s\",\"body\":\"Nội dung bài %d "
                                "về khoa học.\"}\n",
                                i, title, i);
    }
    ts_write_file(path, s, len);
    free(s);
}

static int run(const char *db, unsigned shards, const char *path, const char *del,
               ix_stats *st, tr_error *err)
{
    FILE *log = fopen("/dev/null", "w");
    ix_options opt;
    ix_options_init(&opt);
    opt.db = db;
    opt.shards = shards;
    opt.quiet = 1;
    opt.log = log;
    opt.batch = 7;
    const char *paths[] = {path};
    opt.paths = paths;
    opt.n_paths = path ? 1 : 0;
    const char *dels[] = {del};
    opt.deletes = dels;
    opt.n_deletes = del ? 1 : 0;
    int rc = ix_run(&opt, st, err);
    fclose(log);
    return rc;
}

static xc_docid find(xc_db *db, const char *id)
{
    char term[64];
    snprintf(term, sizeof term, "Q%s", id);
    xc_docid d = 0;
    xc_db_find(db, term, strlen(term), &d, NULL);
    return d;
}

static int exists(const char *path)
{
    struct stat st;
    return stat(path, &st) == 0;
}

TS_TEST(test_route)
{
    /* Stable across runs and machines: a changed hash would strand every id. */
    assert_int_equal(ix_shards_route("Qd1", 3, 1000), 2559648379u % 1000); /* FNV-1a */
    unsigned seen[4] = {0};
    for (int i = 0; i < 400; i++) {
        char term[16];
        int n = snprintf(term, sizeof term, "Qd%d", i);
        unsigned s = ix_shards_route(term, (size_t)n, 4);
        assert_true(s < 4);
        seen[s]++;
    }
    for (int i = 0; i < 4; i++)
        assert_true(seen[i] > 60); /* about 100 each */
    assert_int_equal(ix_shards_route("Qx", 2, 1), 0);
}

TS_TEST(test_sharded)
{
    const char *db = ts_tmp_path("sharded");
    char input[4096], stub[4096];
    snprintf(input, sizeof input, "%s", ts_tmp_path("in.jsonl"));
    write_docs(input, "Bài %d");
    ix_stats st;
    tr_error err = {0};
    assert_int_equal(run(db, 2, input, NULL, &st, &err), 0);
    assert_int_equal(st.indexed, DOCS);
    assert_int_equal(st.doccount, DOCS);

    snprintf(stub, sizeof stub, "%s/XAPIANDB", db);
    FILE *f = fopen(stub, "r");
    assert_non_null(f);
    char text[128] = "";
    size_t n = fread(text, 1, sizeof text - 1, f);
    fclose(f);
    text[n] = '\0';
    assert_string_equal(text, "auto shard-0\nauto shard-1\n");
    unsigned have = 0;
    assert_int_equal(ix_shards_probe(db, &have, NULL), 0);
    assert_int_equal(have, 2);
    assert_int_equal(ts_doccount(db), DOCS); /* the stub opens as one database */

    /* Each document is in the shard its id routes to, and only there. */
    char s0[4096], s1[4096];
    snprintf(s0, sizeof s0, "%s/shard-0", db);
    snprintf(s1, sizeof s1, "%s/shard-1", db);
    xc_db *sh[2] = {xc_db_open(s0, NULL), xc_db_open(s1, NULL)};
    assert_non_null(sh[0]);
    assert_non_null(sh[1]);
    uint64_t c0 = 0, c1 = 0;
    xc_db_doccount(sh[0], &c0, NULL);
    xc_db_doccount(sh[1], &c1, NULL);
    assert_int_equal(c0 + c1, DOCS);
    assert_true(c0 > 0 && c1 > 0);
    for (int i = 0; i < DOCS; i++) {
        char id[16], term[16];
        snprintf(id, sizeof id, "d%d", i);
        int len = snprintf(term, sizeof term, "Q%s", id);
        unsigned k = ix_shards_route(term, (size_t)len, 2);
        if (!find(sh[k], id) || find(sh[1 - k], id))
            fail_msg("%s is not in shard %u alone", id, k);
    }
    xc_db_free(sh[0]);
    xc_db_free(sh[1]);

    /* Again without --shards: the stub's count is kept; titles replaced by id, one
     * document deleted, and nothing doubled. */
    write_docs(input, "Sửa %d");
    assert_int_equal(run(db, 0, input, NULL, &st, &err), 0);
    assert_int_equal(st.doccount, DOCS);
    assert_int_equal(run(db, 2, NULL, "d7", &st, &err), 0);
    assert_int_equal(st.deleted, 1);
    assert_int_equal(ts_doccount(db), DOCS - 1);
    xc_db *all = xc_db_open(db, NULL);
    assert_int_equal(find(all, "d7"), 0);
    xc_docid d = find(all, "d8");
    assert_true(d > 0);
    char *data = NULL;
    size_t dlen = 0;
    assert_int_equal(xc_db_data(all, d, &data, &dlen, NULL), 0);
    assert_non_null(strstr(data, "Sửa 8"));
    free(data);
    xc_db_free(all);

    /* The count is fixed. */
    tr_error e = {0};
    assert_int_equal(run(db, 3, NULL, NULL, &st, &e), TR_EINVAL);
    assert_non_null(strstr(e.message, "has 2 shards"));
}

TS_TEST(test_bad_layouts)
{
    ix_stats st;
    /* A plain database takes no --shards. */
    const char *plain = ts_tmp_path("plain");
    assert_int_equal(run(plain, 0, NULL, NULL, &st, NULL), 0);
    tr_error e = {0};
    assert_int_equal(run(plain, 2, NULL, NULL, &st, &e), TR_EINVAL);
    assert_non_null(strstr(e.message, "one shard"));

    /* A stub that tracuu-index did not write. */
    const char *odd = ts_tmp_path("odd");
    mkdir(odd, 0777);
    ts_write_file(ts_tmp_path("odd/XAPIANDB"), "auto /elsewhere\n", 16);
    tr_error e2 = {0};
    assert_int_equal(run(odd, 0, NULL, NULL, &st, &e2), TR_EINVAL);
    assert_non_null(strstr(e2.message, "not a stub written by tracuu-index"));

    /* Shards without a stub: a first run that died before writing it. They hold no
     * commit, so the next run clears them and starts afresh. */
    const char *half = ts_tmp_path("half");
    mkdir(half, 0777);
    mkdir(ts_tmp_path("half/shard-0"), 0777);
    const char *input = ts_tmp_path("half.jsonl"); /* 7 paths in all: none reused */
    write_docs(input, "Nửa %d");
    tr_error e3 = {0};
    assert_int_equal(run(half, 2, input, NULL, &st, &e3), 0);
    assert_int_equal(st.indexed, DOCS);
    assert_true(exists(ts_tmp_path("half/XAPIANDB")));
}

TS_TEST(test_new_is_merged)
{
    const char *db = ts_tmp_path("new");
    char input[4096], path[4096 + 16];
    snprintf(input, sizeof input, "%s", ts_tmp_path("new.jsonl"));
    write_docs(input, "Bài %d");
    ix_stats st;
    assert_int_equal(run(db, 0, input, NULL, &st, NULL), 0);
    assert_int_equal(st.indexed, DOCS);
    snprintf(path, sizeof path, "%s/iamglass", db);
    assert_true(exists(path));
    snprintf(path, sizeof path, "%s/XAPIANDB", db);
    assert_false(exists(path));
    snprintf(path, sizeof path, "%s.build", db);
    assert_false(exists(path));
    snprintf(path, sizeof path, "%s.merge", db);
    assert_false(exists(path));
    assert_int_equal(ts_doccount(db), DOCS);
    xc_db *x = xc_db_open(db, NULL);
    for (int i = 0; i < DOCS; i++) {
        char id[16];
        snprintf(id, sizeof id, "d%d", i);
        if (!find(x, id))
            fail_msg("%s is missing from the merged database", id);
    }
    xc_db_free(x);
    /* The next run writes into it with one writer. */
    assert_int_equal(run(db, 0, NULL, "d3", &st, NULL), 0);
    assert_int_equal(ts_doccount(db), DOCS - 1);
}

TS_MAIN(ts_tmp_setup, ts_tmp_teardown,
        cmocka_unit_test(test_route),
        cmocka_unit_test(test_sharded),
        cmocka_unit_test(test_bad_layouts),
        cmocka_unit_test(test_new_is_merged))
