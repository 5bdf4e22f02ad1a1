/* Tests of searchd's reload (searchd/reload.h), in one process: new settings are put
 * in effect whole or not at all, a kept-alive connection takes the new CORS list at
 * its next request, and the engine's synonyms are replaced while it serves.
 * test_monitoring.py sends the SIGHUPs to a running daemon. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

#include <cmocka.h>

#include "engine.h"
#include "reload.h"
#include "server.h"
#include "support.h"

static const char fixture[] =
    "{\"id\":\"a\",\"title\":\"Ủy ban nhân dân tỉnh\",\"body\":\"Ủy ban nhân dân họp.\"}\n"
    "{\"id\":\"b\",\"title\":\"Giống lúa\",\"body\":\"Giống lúa chịu hạn ở Quảng Nam.\"}\n";

static char db[4096];
static se_engine *engine;
static sd_server *server;

static void write_text(const char *name, const char *text)
{
    ts_write_file(ts_tmp_path(name), text, strlen(text));
}

static int setup(void **state)
{
    ts_tmp_setup(state);
    if (ts_index_fixture(ts_tmp_dir(), fixture, sizeof fixture - 1, db, sizeof db) != 0)
        return -1;
    write_text("syn.tsv", "ZQXA\tủy ban nhân dân\n");
    const char *dbs[] = {db};
    se_config ec = {.dbs = dbs, .ndb = 1, .data_dir = ts_source("data"),
                    .synonyms = ts_tmp_path("syn.tsv")};
    tr_error err = {0};
    engine = se_engine_open(&ec, &err);
    sd_server_config cfg = {.port = 0, .quiet = 1, .threads = 2,
                            .cors = "https://a.example", .web_dir = ts_source("web")};
    server = engine ? sd_server_start(engine, &cfg, &err) : NULL;
    if (!server)
        fprintf(stderr, "set-up: %s\n", err.message);
    return server ? 0 : -1;
}

static int teardown(void **state)
{
    sd_server_stop(server);
    se_engine_free(engine);
    return ts_tmp_teardown(state);
}

/* One request on the open connection `fd` (kept alive), from `origin`: the whole
 * answer, head and body, malloc()ed. */
static char *ask(int fd, const char *target, const char *origin)
{
    char req[1024];
    int n = snprintf(req, sizeof req, "GET %s HTTP/1.1\r\nHost: x\r\nOrigin: %s\r\n\r\n", target,
                     origin);
    assert_int_equal(send(fd, req, (size_t)n, 0), n);
    size_t cap = 1 << 16, len = 0;
    char *buf = calloc(1, cap);
    assert_non_null(buf);
    for (;;) {
        ssize_t r = recv(fd, buf + len, cap - 1 - len, 0);
        assert_true(r > 0);
        len += (size_t)r;
        buf[len] = '\0';
        char *end = strstr(buf, "\r\n\r\n");
        const char *cl = strstr(buf, "Content-Length: ");
        if (end && cl && len >= (size_t)(end + 4 - buf) + strtoul(cl + 16, NULL, 10))
            return buf;
    }
}

static int allowed(int fd, const char *origin)
{
    char *resp = ask(fd, "/api/suggest?q=gi", origin);
    char want[256];
    snprintf(want, sizeof want, "Access-Control-Allow-Origin: %s\r\n", origin);
    int yes = strstr(resp, want) != NULL;
    free(resp);
    return yes;
}

static sd_settings settings(const char *cors, const char *synonyms, const char *log)
{
    sd_settings s = {ts_source("data"), synonyms ? synonyms : ts_tmp_path("syn.tsv"), cors, log};
    return s;
}

TS_TEST(test_cors_on_a_kept_alive_connection)
{
    int fd = ts_connect(sd_server_port(server));
    assert_true(fd >= 0);
    assert_true(allowed(fd, "https://a.example"));
    assert_false(allowed(fd, "https://b.example"));
    tr_error err = {0};
    sd_settings s = settings("https://b.example", NULL, NULL);
    assert_int_equal(sd_reload(server, engine, &s, &err), 0);
    assert_false(allowed(fd, "https://a.example"));
    assert_true(allowed(fd, "https://b.example"));
    close(fd);
}

/* A reload with one bad setting changes nothing, and says which. */
TS_TEST(test_all_or_nothing)
{
    tr_error err = {0};
    sd_settings s = settings("https://a.example", NULL, NULL);
    assert_int_equal(sd_reload(server, engine, &s, &err), 0);
    se_syn *before = se_engine_syn(engine);
    write_text("bad.tsv", "no tab here\n");
    static const struct {
        const char *cors, *synonyms, *log, *says;
    } rows[] = {
        {"ftp://c.example", NULL, NULL, "--cors"},
        {"https://c.example", "bad.tsv", NULL, "bad.tsv:1:"},
        {"https://c.example", "missing.tsv", NULL, "missing.tsv"},
        {"https://c.example", NULL, "/nonexistent-dir/access.log", "/nonexistent-dir/access.log"},
    };
    size_t failed = 0, n = sizeof rows / sizeof rows[0];
    int fd = ts_connect(sd_server_port(server));
    assert_true(fd >= 0);
    for (size_t i = 0; i < n; i++) {
        tr_error_clear(&err);
        s = settings(rows[i].cors, rows[i].synonyms ? ts_tmp_path(rows[i].synonyms) : NULL,
                     rows[i].log);
        int rc = sd_reload(server, engine, &s, &err);
        se_syn *now = se_engine_syn(engine);
        if (rc == 0 || !strstr(err.message, rows[i].says))
            ts_row_fail(&failed, "row %zu: rc %d, message %s", i, rc, err.message);
        else if (now != before || allowed(fd, "https://c.example") ||
                 !allowed(fd, "https://a.example"))
            ts_row_fail(&failed, "row %zu: a setting changed", i);
        se_syn_free(now);
    }
    close(fd);
    se_syn_free(before);
    ts_rows_end(failed, n);
}

static uint64_t total(const char *q)
{
    char target[256];
    snprintf(target, sizeof target, "/api/search?q=%s", q);
    json_t *out = ts_get_json(sd_server_port(server), target, 200);
    uint64_t n = (uint64_t)json_integer_value(json_object_get(out, "total"));
    json_decref(out);
    return n;
}

/* The table in effect changes the answers; one held by a request outlives the swap. */
TS_TEST(test_synonyms_replaced)
{
    assert_int_equal(total("zqxw"), 0);
    se_syn *held = se_engine_syn(engine); /* as a request under way holds it */
    write_text("syn2.tsv", "ZQXW\tủy ban nhân dân\n");
    tr_error err = {0};
    sd_settings s = settings("https://a.example", ts_tmp_path("syn2.tsv"), NULL);
    assert_int_equal(sd_reload(server, engine, &s, &err), 0);
    assert_int_equal(total("zqxw"), 1);
    size_t len = 0;
    const se_syn_alt *alts = NULL;
    const char *const words[] = {"zqxa"};
    assert_int_equal(se_syn_match(held, words, 1, 0, &len, &alts), 1); /* still readable */
    se_syn_free(held);
}

TS_MAIN(setup, teardown,
        cmocka_unit_test(test_cors_on_a_kept_alive_connection),
        cmocka_unit_test(test_all_or_nothing),
        cmocka_unit_test(test_synonyms_replaced))
