/* Tests of the write API's documents routes (searchd/api_write.h, writes.h): POST,
 * PUT and DELETE /api/documents over a server in a child process (write_fixture.h),
 * who may write, the writer's lock shared with tracuu-index, an acknowledged write
 * across SIGKILL, and documents indexed exactly as tracuu-index indexes them. */
#include <jansson.h>
#include <setjmp.h>
#include <signal.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cmocka.h>

#include "api_write.h"
#include "support.h"
#include "write_fixture.h"
#include "xc.h"

TS_TEST(test_post_one_is_searchable_at_once)
{
    wf_server s;
    wf_start(&s, &wf_admin);
    wf_reply r = wf_json_request(s.port, "POST", "/api/documents",
                           "{\"id\":\"w1\",\"type\":\"news\",\"date\":\"2024-05-01\","
                           "\"title\":\"Nuôi cá tầm ở Trà My\",\"body\":\"Mô hình nuôi cá tầm "
                           "nước lạnh.\"}");
    wf_expect_status(&r, 200, "POST one");
    assert_int_equal(json_integer_value(json_object_get(r.json, "written")), 1);
    json_t *one = json_array_get(json_object_get(r.json, "results"), 0);
    assert_string_equal(json_string_value(json_object_get(one, "status")), "written");
    assert_string_equal(json_string_value(json_object_get(one, "id")), "w1");
    wf_reply_free(&r);
    /* The next search sees it: the pool reopens its handles before lending them. */
    wf_expect_hits(s.port, "c%C3%A1+t%E1%BA%A7m", "w1");
    wf_expect_audit(&s, "write", "w1");
    wf_stop(&s);
}

TS_TEST(test_post_array_keeps_good_reports_bad)
{
    wf_server s;
    wf_start(&s, &wf_admin);
    wf_reply r = wf_json_request(s.port, "POST", "/api/documents",
                           "[{\"id\":\"a1\",\"title\":\"Giống lúa mới\",\"body\":\"Giống lúa "
                           "chịu mặn.\"},"
                           "{\"title\":\"no id\",\"body\":\"x\"},"
                           "42,"
                           "{\"id\":\"a3\",\"date\":\"2024-13-45\",\"title\":\"t\",\"body\":\"b\"},"
                           "{\"id\":\"a4\",\"type\":\"minutes\",\"title\":\"Biên bản họp\","
                           "\"body\":\"Hội đồng họp.\"}]");
    wf_expect_status(&r, 207, "POST with bad records");
    assert_int_equal(json_integer_value(json_object_get(r.json, "written")), 2);
    assert_int_equal(json_integer_value(json_object_get(r.json, "errors")), 3);
    json_t *results = json_object_get(r.json, "results");
    const char *want[] = {"written", "skipped", "skipped", "skipped", "written"};
    for (size_t i = 0; i < 5; i++) {
        json_t *one = json_array_get(results, i);
        assert_int_equal(json_integer_value(json_object_get(one, "index")), (json_int_t)i);
        assert_string_equal(json_string_value(json_object_get(one, "status")), want[i]);
        if (strcmp(want[i], "skipped") == 0)
            assert_true(json_string_length(json_object_get(one, "error")) > 0);
    }
    assert_non_null(strstr(json_string_value(json_object_get(json_array_get(results, 1),
                                                              "error")), "id"));
    assert_non_null(strstr(json_string_value(json_object_get(json_array_get(results, 2),
                                                              "error")), "object"));
    assert_non_null(strstr(json_string_value(json_object_get(json_array_get(results, 3),
                                                              "error")), "date"));
    wf_reply_free(&r);
    assert_true(wf_has_doc(s.db, "a1"));
    assert_true(wf_has_doc(s.db, "a4"));
    assert_false(wf_has_doc(s.db, "a3"));
    wf_stop(&s);
}

TS_TEST(test_bad_bodies)
{
    wf_server s;
    wf_start(&s, &wf_admin);
    static const struct {
        const char *body;
        int status;
        const char *words;
    } rows[] = {
        {"", 400, "JSON object or an array"},
        {"{\"id\":", 400, "invalid JSON"},
        {"\"text\"", 400, "invalid JSON"},
        {"[{\"id\":\"e\",\"title\":\"\\u0000\"}]", 400, "invalid JSON"},
        {"[]", 400, "no record"},
        {"[{\"title\":\"no id\"}]", 400, "no record could be written"},
    };
    for (size_t i = 0; i < sizeof rows / sizeof *rows; i++) {
        wf_reply r = wf_json_request(s.port, "POST", "/api/documents", rows[i].body);
        wf_expect_status(&r, rows[i].status, rows[i].body);
        const char *e = json_string_value(json_object_get(r.json, "error"));
        if (!e || !strstr(e, rows[i].words))
            fail_msg("%s: error %s, expected %s", rows[i].body, e ? e : "(none)", rows[i].words);
        wf_reply_free(&r);
    }
    /* More records than a request may hold. */
    size_t cap = (SD_WRITE_RECORDS_MAX + 1) * 40 + 16, n = 0;
    char *many = malloc(cap);
    many[n++] = '[';
    for (int i = 0; i <= SD_WRITE_RECORDS_MAX; i++)
        n += (size_t)snprintf(many + n, cap - n, "%s{\"id\":\"m%d\",\"title\":\"t\"}",
                              i ? "," : "", i);
    many[n++] = ']';
    many[n] = '\0';
    wf_expect_json(s.port, "POST", "/api/documents", many, 413, "too many records");
    free(many);
    wf_stop(&s);
}

TS_TEST(test_put_and_delete)
{
    wf_server s;
    wf_start(&s, &wf_admin);
    wf_expect_json(s.port, "PUT", "/api/documents/p1",
                "{\"title\":\"Trạm khí tượng\",\"body\":\"Lắp đặt trạm khí tượng "
                "tự động.\"}",
                200, "PUT new");
    wf_expect_hits(s.port, "kh%C3%AD+t%C6%B0%E1%BB%A3ng", "p1");
    /* Replaced: the old words are gone. */
    wf_expect_json(s.port, "PUT", "/api/documents/p1",
                "{\"id\":\"p1\",\"title\":\"Trạm quan trắc\",\"body\":\"Quan trắc môi "
                "trường nước.\"}",
                200, "PUT replace");
    wf_expect_hits(s.port, "kh%C3%AD+t%C6%B0%E1%BB%A3ng", "");
    wf_expect_hits(s.port, "quan+tr%E1%BA%AFc", "p1");
    wf_expect_json(s.port, "PUT", "/api/documents/p1", "{\"id\":\"p2\",\"title\":\"t\"}", 400,
                "PUT with another id");
    wf_expect_json(s.port, "PUT", "/api/documents/p1", "[{\"title\":\"t\"}]", 400, "PUT an array");
    wf_expect_json(s.port, "PUT", "/api/documents/p1", "{\"date\":\"yesterday\"}", 400,
                "PUT a bad record");

    wf_expect_json(s.port, "DELETE", "/api/documents/p1", "", 200, "DELETE");
    assert_false(wf_has_doc(s.db, "p1"));
    wf_expect_json(s.port, "DELETE", "/api/documents/p1", "", 404, "DELETE again");
    wf_expect_json(s.port, "GET", "/api/documents", "", 405, "GET /api/documents");
    wf_expect_audit(&s, "delete", "p1");
    wf_stop(&s);
}

/* Every route, for a caller who may not write. */
static void expect_refused(unsigned port, int status, const char *words)
{
    static const char *const routes[][2] = {{"POST", "/api/documents"},
                                            {"PUT", "/api/documents/x"},
                                            {"DELETE", "/api/documents/n1"},
                                            {"POST", "/api/files"}};
    for (size_t i = 0; i < 4; i++) {
        wf_reply r = wf_json_request(port, routes[i][0], routes[i][1],
                               "{\"id\":\"x\",\"title\":\"t\",\"body\":\"b\"}");
        char what[64];
        snprintf(what, sizeof what, "%s %s", routes[i][0], routes[i][1]);
        wf_expect_status(&r, status, what);
        const char *e = json_string_value(json_object_get(r.json, "error"));
        if (!e || !strstr(e, words))
            fail_msg("%s: error %s", what, e ? e : "(none)");
        if (status == 401)
            assert_non_null(strstr(r.head, "\r\nWWW-Authenticate: Bearer"));
        wf_reply_free(&r);
    }
}

TS_TEST(test_who_may_write)
{
    wf_server s;
    wf_start(&s, &wf_admin);
    wf_use_key(NULL);
    expect_refused(s.port, 401, "this needs a key");
    wf_use_key(wf_reader_key);
    expect_refused(s.port, 403, "scope admin");
    wf_use_key("0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef");
    expect_refused(s.port, 401, "");
    wf_kill(&s);
    /* Without --writable nothing writes, whoever asks. */
    wf_use_key(wf_admin_key);
    wf_opts o = {0, 0, 0};
    assert_int_equal(wf_start_in(&s, &o), 0);
    expect_refused(s.port, 403, "read-only");
    assert_false(wf_has_doc(s.db, "x"));
    assert_true(wf_has_doc(s.db, "n1"));
    wf_stop(&s);
}

/* Another writer (tracuu-index) holds the lock for `ms`, in a child. */
static pid_t hold_lock(const char *db, int ms)
{
    int fds[2];
    assert_int_equal(pipe(fds), 0);
    pid_t pid = fork();
    if (pid == 0) {
        close(fds[0]);
        xc_wdb *w = xc_wdb_open(db, XC_OPEN, NULL);
        char c = w ? 1 : 0;
        if (write(fds[1], &c, 1) != 1)
            _exit(1);
        usleep((useconds_t)ms * 1000);
        xc_wdb_free(w);
        _exit(0);
    }
    close(fds[1]);
    char c = 0;
    assert_int_equal(read(fds[0], &c, 1), 1);
    close(fds[0]);
    assert_int_equal(c, 1);
    return pid;
}

TS_TEST(test_lock_held_waits_then_503)
{
    wf_server s;
    wf_start(&s, &wf_admin);
    /* Held past the wait: 503 with Retry-After, nothing written. */
    pid_t holder = hold_lock(s.db, WF_WAIT_MS + 1500);
    long long t0 = wf_now_ms();
    wf_reply r = wf_json_request(s.port, "POST", "/api/documents",
                           "{\"id\":\"l1\",\"title\":\"t\",\"body\":\"b\"}");
    long long took = wf_now_ms() - t0;
    wf_expect_status(&r, 503, "POST while locked");
    assert_non_null(strstr(r.head, "\r\nRetry-After: "));
    assert_true(took >= WF_WAIT_MS - 50);
    wf_reply_free(&r);
    waitpid(holder, NULL, 0);
    assert_false(wf_has_doc(s.db, "l1"));
    /* Released within the wait: the write waits for it and succeeds. */
    holder = hold_lock(s.db, WF_WAIT_MS / 3);
    wf_expect_json(s.port, "POST", "/api/documents", "{\"id\":\"l2\",\"title\":\"t\",\"body\":\"b\"}",
                200, "POST while locked for a moment");
    waitpid(holder, NULL, 0);
    assert_true(wf_has_doc(s.db, "l2"));
    wf_stop(&s);
}

TS_TEST(test_acknowledged_write_survives_sigkill)
{
    wf_server s;
    wf_start(&s, &wf_admin);
    for (int i = 0; i < 5; i++) {
        char body[128], id[16];
        snprintf(id, sizeof id, "k%d", i);
        snprintf(body, sizeof body, "{\"id\":\"%s\",\"title\":\"Bền vững\",\"body\":\"%d\"}",
                 id, i);
        wf_expect_json(s.port, "POST", "/api/documents", body, 200, "POST before the kill");
        wf_kill(&s); /* right after the answer */
        assert_true(wf_has_doc(s.db, id));
        assert_int_equal(wf_start_in(&s, &wf_admin), 0);
    }
    wf_stop(&s);
}

/* The terms (with wdf), values and stored record of document `id` in `db`. */
typedef struct doc_dump {
    char *text;
    size_t len, cap;
} doc_dump;

static int dump_term(void *ctx, const char *term, size_t len, uint64_t wdf)
{
    doc_dump *d = ctx;
    if (d->len + len + 32 > d->cap) {
        d->cap = (d->len + len + 32) * 2;
        d->text = realloc(d->text, d->cap);
    }
    d->len += (size_t)snprintf(d->text + d->len, d->cap - d->len, "%.*s:%llu\n", (int)len, term,
                               (unsigned long long)wdf);
    return 0;
}

static char *dump_doc(const char *path, const char *id)
{
    xc_db *db = xc_db_open(path, NULL);
    assert_non_null(db);
    char term[256];
    snprintf(term, sizeof term, "Q%s", id);
    xc_docid docid;
    assert_int_equal(xc_db_find(db, term, strlen(term), &docid, NULL), 0);
    doc_dump d = {calloc(1, 64), 0, 64};
    assert_int_equal(xc_db_doc_terms(db, docid, "", 0, dump_term, &d, NULL), 0);
    for (unsigned slot = 0; slot < 16; slot++) {
        char *v;
        size_t len;
        assert_int_equal(xc_db_value(db, docid, slot, &v, &len, NULL), 0);
        char label[32];
        snprintf(label, sizeof label, "value %u = ", slot);
        dump_term(&d, label, strlen(label), len);
        dump_term(&d, v, len, 0);
        free(v);
    }
    char *data;
    size_t len;
    assert_int_equal(xc_db_data(db, docid, &data, &len, NULL), 0);
    dump_term(&d, data, len, 0);
    free(data);
    xc_db_free(db);
    return d.text;
}

TS_TEST(test_indexed_as_tracuu_index_does)
{
    /* A legal text with a number, a date, a legacy-encoded (VIQR) title, a field of
     * its own: every path of the document's build. */
    static const char record[] =
        "{\"id\":\"same\",\"type\":\"legal\",\"date\":\"2023-02-01\",\"doc_number\":"
        "\"12/2023/QĐ-UBND\",\"title\":\"Quye^'t ddi.nh ve^` khoa ho.c\",\"body\":\"Quyết "
        "định số 12/2023/QĐ-UBND về quản lý nhiệm vụ khoa học và công nghệ cấp tỉnh; Sở "
        "KH&CN chủ trì, phối hợp với UBND huyện Nam Giang.\",\"author\":\"Sở KH&CN\"}";
    wf_server s;
    wf_start(&s, &wf_admin);
    wf_expect_json(s.port, "POST", "/api/documents", record, 200, "POST the record");
    char *dir = ts_tempdir(), db[4096];
    char line[sizeof record + 1];
    snprintf(line, sizeof line, "%s\n", record);
    assert_int_equal(ts_index_fixture(dir, line, strlen(line), db, sizeof db), 0);
    char *by_api = dump_doc(s.db, "same"), *by_index = dump_doc(db, "same");
    assert_string_equal(by_api, by_index);
    assert_non_null(strstr(by_api, "\nKlegal:0\n"));
    free(by_api);
    free(by_index);
    ts_rmrf(dir);
    free(dir);
    wf_stop(&s);
}

TS_TEST(test_options)
{
    static const ts_run_row rows[] = {
        {{"--db", "/nonexistent", "--writable", NULL}, 2, "one plain database folder"},
        {{"--db", "a", "--db", "b", "--writable", NULL}, 2, "give one --db"},
        {{"--db", "a", "--max-write", "0", NULL}, 2, "--max-write must be a number from 1"},
        {{"--help", NULL}, 0, "--writable"},
    };
    ts_expect_runs("searchd/tracuu-searchd", rows, sizeof rows / sizeof *rows);
}

WF_MAIN(WF_TEST(test_post_one_is_searchable_at_once),
        WF_TEST(test_post_array_keeps_good_reports_bad), WF_TEST(test_bad_bodies),
        WF_TEST(test_put_and_delete), WF_TEST(test_who_may_write),
        WF_TEST(test_lock_held_waits_then_503), WF_TEST(test_acknowledged_write_survives_sigkill),
        WF_TEST(test_indexed_as_tracuu_index_does), WF_TEST(test_options))
