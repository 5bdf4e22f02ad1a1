/* test_schema: the index schema's version (analyzers/vn_terms.h) as the programs read it.
 *
 * - vn_schema_read() rows: unset is 1, a number is itself, anything else is refused.
 * - An index of a newer schema: tracuu-index, tracuu-searchd and the engine refuse it,
 *   saying so; nothing is written.
 * - An older one (1) or one without the key: served, the engine says which schema it
 *   is, and tracuu-index updates it with a note of what it lacks, keeping its version.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "engine.h"
#include "support.h"
#include "vn_terms.h"
#include "xc.h"

TS_TEST(test_read_rows)
{
    static const struct {
        const char *value;
        int rc;
        unsigned version;
    } rows[] = {
        {"", 0, 1},           {"1", 0, 1},           {"2", 0, 2},
        {"17", 0, 17},        {"9999", 0, 9999},     {"0", TR_EINVAL, 1},
        {"abc", TR_EINVAL, 1}, {"2 ", TR_EINVAL, 1}, {"-1", TR_EINVAL, 1},
        {"10000", TR_EINVAL, 1},
    };
    size_t failed = 0, n = sizeof rows / sizeof rows[0];
    for (size_t i = 0; i < n; i++) {
        unsigned v = 0;
        tr_error err = {0};
        int rc = vn_schema_read(rows[i].value, strlen(rows[i].value), &v, &err);
        if (rc != rows[i].rc || (rc == 0 && v != rows[i].version))
            ts_row_fail(&failed, "\"%s\": rc %d version %u, expected rc %d version %u",
                        rows[i].value, rc, v, rows[i].rc, rows[i].version);
    }
    ts_rows_end(failed, n);
    /* Every older schema is served, and told how to get the current one. */
    for (unsigned old = 1; old < VN_SCHEMA_VERSION; old++) {
        const char *lacks = vn_schema_lacks(old);
        assert_non_null(lacks);
        assert_non_null(
            strstr(lacks, "rebuild the index to get schema " TS_STR(VN_SCHEMA_VERSION)));
    }
    assert_null(vn_schema_lacks(VN_SCHEMA_VERSION));
    assert_null(vn_schema_lacks(VN_SCHEMA_VERSION + 1));
}

static char db[4096], doc[4096];

static void index_sample(const char *name)
{
    snprintf(db, sizeof db, "%s", ts_tmp_path(name));
    snprintf(doc, sizeof doc, "%s.jsonl", ts_tmp_path(name));
    static const char one[] = "{\"id\":\"a\",\"title\":\"Tiêu đề\",\"body\":\"Nội dung\"}\n";
    assert_int_equal(ts_index_file(db, doc, one, sizeof one - 1), 0);
}

static void set_schema(const char *value)
{
    xc_wdb *w = xc_wdb_open(db, XC_OPEN, NULL);
    assert_non_null(w);
    assert_int_equal(xc_wdb_set_metadata(w, VN_SCHEMA_KEY, value, strlen(value), NULL), 0);
    assert_int_equal(xc_wdb_commit(w, NULL), 0);
    xc_wdb_free(w);
}

static char *schema_of(void)
{
    xc_db *r = xc_db_open(db, NULL);
    assert_non_null(r);
    char *v = NULL;
    size_t len;
    assert_int_equal(xc_db_metadata(r, VN_SCHEMA_KEY, &v, &len, NULL), 0);
    xc_db_free(r);
    return v;
}

static se_engine *open_engine(tr_error *err)
{
    const char *dbs[] = {db};
    se_config c = {.dbs = dbs, .ndb = 1, .no_vocabulary = 1};
    return se_engine_open(&c, err);
}

TS_TEST(test_newer_is_refused)
{
    index_sample("newer");
    char newer[16], said_ix[128], said_sd[128];
    snprintf(newer, sizeof newer, "%d", VN_SCHEMA_VERSION + 1);
    set_schema(newer);
    snprintf(said_ix, sizeof said_ix,
             "has index schema %s, newer than this tracuu-index writes (%d)", newer,
             VN_SCHEMA_VERSION);
    snprintf(said_sd, sizeof said_sd, "has index schema %s, newer than this program reads (%d)",
             newer, VN_SCHEMA_VERSION);
    static const char more[] = "{\"id\":\"b\",\"title\":\"Khác\",\"body\":\"Nội dung khác\"}\n";
    ts_write_file(doc, more, sizeof more - 1);
    char *ix[] = {(char *)ts_program("indexer/tracuu-index"), "--quiet", "--db", db, doc, NULL};
    free(ts_run_expect(ix, 2, said_ix));
    assert_int_equal(ts_doccount(db), 1); /* nothing written */
    char *sd[] = {(char *)ts_program("searchd/tracuu-searchd"), "--db", db, "--port", "0",
                  NULL};
    free(ts_run_expect(sd, 2, said_sd));
    tr_error err = {0};
    assert_null(open_engine(&err));
    assert_int_equal(err.code, TR_EINVAL);
}

/* An index of schema `value` ("" for none) is served and updated, keeping it. */
static void expect_older_served(const char *name, const char *value)
{
    index_sample(name);
    set_schema(value);
    tr_error err = {0};
    se_engine *e = open_engine(&err);
    if (!e)
        fail_msg("schema \"%s\": %s", value, err.message);
    assert_int_equal(se_engine_index_schema(e), 1);
    se_engine_free(e);
    ts_daemon d;
    assert_int_equal(ts_searchd_start(&d, db), 0);
    json_t *j = ts_get_json(d.port, "/api/search?q=n%E1%BB%99i%20dung", 200);
    assert_int_equal(json_array_size(json_object_get(j, "hits")), 1);
    json_decref(j);
    ts_searchd_stop(&d);
    static const char more[] = "{\"id\":\"b\",\"title\":\"Khác\",\"body\":\"Nội dung khác\"}\n";
    ts_write_file(doc, more, sizeof more - 1);
    char *ix[] = {(char *)ts_program("indexer/tracuu-index"), "--quiet", "--db", db, doc, NULL};
    char *out = ts_run_expect(
        ix, 0, "has index schema 1 (this program's is " TS_STR(VN_SCHEMA_VERSION) ") and keeps it");
    free(out);
    assert_int_equal(ts_doccount(db), 2);
    char *v = schema_of();
    assert_string_equal(v, value);
    free(v);
}

TS_TEST(test_older_is_served)
{
    expect_older_served("older", "1");
}

TS_TEST(test_missing_is_schema_1)
{
    expect_older_served("missing", "");
}

TS_TEST(test_not_a_number_is_refused)
{
    index_sample("garbage");
    set_schema("two");
    char *ix[] = {(char *)ts_program("indexer/tracuu-index"), "--quiet", "--db", db, doc, NULL};
    free(ts_run_expect(ix, 2, "is \"two\", not a version number"));
    char *sd[] = {(char *)ts_program("searchd/tracuu-searchd"), "--db", db, "--port", "0",
                  NULL};
    free(ts_run_expect(sd, 2, "is \"two\", not a version number"));
}

TS_TEST(test_current_is_written)
{
    index_sample("current");
    char *v = schema_of();
    assert_string_equal(v, TS_STR(VN_SCHEMA_VERSION));
    free(v);
    tr_error err = {0};
    se_engine *e = open_engine(&err);
    assert_non_null(e);
    assert_int_equal(se_engine_index_schema(e), VN_SCHEMA_VERSION);
    se_engine_free(e);
}

TS_MAIN(ts_tmp_setup, ts_tmp_teardown,
        cmocka_unit_test(test_read_rows),
        cmocka_unit_test(test_newer_is_refused),
        cmocka_unit_test(test_older_is_served),
        cmocka_unit_test(test_missing_is_schema_1),
        cmocka_unit_test(test_not_a_number_is_refused),
        cmocka_unit_test(test_current_is_written))
