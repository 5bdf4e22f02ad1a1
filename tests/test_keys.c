/* Tests of searchd's keys and what is built on them, below HTTP: the key file
 * (searchd/keys.h: parsing, adding, revoking, matching, reloading), the parsers of the
 * Authorization and Cookie headers (auth.h), sessions (session.h), the throttle of
 * failures (throttle.h), the audit line (audit.h), and sd_request_require (request.h)
 * answered by a libmicrohttpd daemon of the test's own. The same over a running
 * tracuu-searchd is test_auth. */
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

#include "audit.h"
#include "auth.h"
#include "keys.h"
#include "session.h"
#include "support.h"
#include "throttle.h"

static const char good_line[] =
    "ops admin blake2b:00112233445566778899aabbccddeeff:"
    "00112233445566778899aabbccddeeff00112233445566778899aabbccddeeff\n";

TS_TEST(test_parse_rows)
{
    static const struct {
        const char *text;
        size_t keys; /* (size_t)-1: refused */
    } rows[] = {
        {"", 0},
        {"# only a comment\n\n   \n", 0},
        {good_line, 1},
        {"ops admin blake2b:00112233445566778899aabbccddeeff:"
         "00112233445566778899aabbccddeeff00112233445566778899aabbccddeeff", 1}, /* no \n */
        {"ops\tsearch\tblake2b:00112233445566778899aabbccddeeff:"
         "00112233445566778899aabbccddeeff00112233445566778899aabbccddeeff\r\n", 1},
        {"ops public blake2b:00112233445566778899aabbccddeeff:"
         "00112233445566778899aabbccddeeff00112233445566778899aabbccddeeff\n", (size_t)-1},
        {"ops admin sha1:00112233445566778899aabbccddeeff:"
         "00112233445566778899aabbccddeeff00112233445566778899aabbccddeeff\n", (size_t)-1},
        {"ops admin blake2b:0011:00112233\n", (size_t)-1},
        {"ops admin blake2b:00112233445566778899aabbccddeeZZ:"
         "00112233445566778899aabbccddeeff00112233445566778899aabbccddeeff\n", (size_t)-1},
        {"o/ps admin blake2b:00112233445566778899aabbccddeeff:"
         "00112233445566778899aabbccddeeff00112233445566778899aabbccddeeff\n", (size_t)-1},
        {"ops admin\n", (size_t)-1},
        {"5fdc2028ee9aefecbc3a18b020923a0cfe64ed64404b4e8e44585ffca8fb53ff\n", (size_t)-1},
        {"ops admin blake2b:00112233445566778899aabbccddeeff:"
         "00112233445566778899aabbccddeeff00112233445566778899aabbccddeeff extra\n", (size_t)-1},
    };
    size_t failed = 0, n = sizeof rows / sizeof rows[0];
    for (size_t i = 0; i < n; i++) {
        tr_error err = {0};
        sd_keys *k = sd_keys_parse(rows[i].text, strlen(rows[i].text), "keys", &err);
        size_t got = k ? sd_keys_count(k) : (size_t)-1;
        if (got != rows[i].keys)
            ts_row_fail(&failed, "row %zu: %zd keys, expected %zd (%s)", i, (ssize_t)got,
                        (ssize_t)rows[i].keys, err.message);
        if (!k && (!strstr(err.message, "keys line") || strstr(err.message, "5fdc2028")))
            ts_row_fail(&failed, "row %zu: the message names no line or shows it: %s", i,
                        err.message);
        sd_keys_free(k);
    }
    ts_rows_end(failed, n);
}

TS_TEST(test_duplicate_names_refused)
{
    char text[512];
    snprintf(text, sizeof text, "%s# x\n%s", good_line, good_line);
    tr_error err = {0};
    assert_null(sd_keys_parse(text, strlen(text), "keys", &err));
    assert_non_null(strstr(err.message, "line 3: a second key named ops"));
}

static char *slurp(const char *path)
{
    FILE *f = fopen(path, "rb");
    assert_non_null(f);
    int fd = dup(fileno(f));
    fclose(f);
    return ts_read_all(fd);
}

TS_TEST(test_add_match_revoke)
{
    const char *path = ts_tmp_path("keys");
    const char comment[] = "# the department's keys\n";
    ts_write_file(path, comment, sizeof comment - 1);
    char a[SD_KEY_HEX_LEN + 1], b[SD_KEY_HEX_LEN + 1];
    tr_error err = {0};
    assert_int_equal(sd_keys_add(path, "editors", SD_SCOPE_ADMIN, a, &err), 0);
    assert_int_equal(sd_keys_add(path, "staff", SD_SCOPE_SEARCH, b, &err), 0);
    assert_int_equal(strlen(a), SD_KEY_HEX_LEN);
    assert_string_not_equal(a, b);
    struct stat st;
    assert_int_equal(stat(path, &st), 0);
    assert_int_equal(st.st_mode & 0777, 0600);
    char *text = slurp(path);
    assert_null(strstr(text, a)); /* the file never holds a key */
    assert_null(strstr(text, b));
    assert_memory_equal(text, comment, sizeof comment - 1); /* other lines kept */
    free(text);
    assert_int_equal(sd_keys_add(path, "staff", SD_SCOPE_SEARCH, b, &err), TR_EINVAL);

    sd_keys *k = sd_keys_load(path, 0, &err);
    assert_non_null(k);
    sd_key_match m;
    assert_int_equal(sd_keys_match(k, a, strlen(a), &m), 1);
    assert_string_equal(m.name, "editors");
    assert_int_equal(m.scope, SD_SCOPE_ADMIN);
    assert_int_equal(sd_keys_match(k, b, strlen(b), &m), 1);
    assert_string_equal(m.name, "staff");
    assert_int_equal(m.scope, SD_SCOPE_SEARCH);
    char wrong[SD_KEY_HEX_LEN + 1];
    memcpy(wrong, a, sizeof wrong);
    wrong[10] = wrong[10] == '0' ? '1' : '0';
    assert_int_equal(sd_keys_match(k, wrong, strlen(wrong), &m), 0);
    assert_int_equal(sd_keys_match(k, a, strlen(a) - 1, &m), 0);
    assert_int_equal(sd_keys_match(k, "", 0, &m), 0);
    sd_keys_free(k);

    /* The ring: a revoked key stops matching on reload; a bad file keeps the old set. */
    sd_keyring *ring = sd_keyring_new(path, 0, &err);
    assert_non_null(ring);
    assert_int_equal(sd_keys_revoke(path, "editors", &err), 0);
    assert_int_equal(sd_keys_revoke(path, "editors", &err), TR_ENOTFOUND);
    assert_int_equal(sd_keyring_match(ring, a, strlen(a), &m), 1);
    assert_int_equal(sd_keyring_reload(ring, &err), 0);
    assert_int_equal(sd_keyring_match(ring, a, strlen(a), &m), 0);
    assert_int_equal(sd_keyring_match(ring, b, strlen(b), &m), 1);
    ts_write_file(path, "broken\n", 7);
    err = (tr_error){0};
    assert_int_not_equal(sd_keyring_reload(ring, &err), 0);
    assert_non_null(strstr(err.message, "line 1"));
    assert_int_equal(sd_keyring_match(ring, b, strlen(b), &m), 1);
    assert_int_equal(sd_keyring_count(ring), 1);
    sd_keyring_free(ring);
    /* A broken file is not rewritten. */
    assert_int_equal(sd_keys_add(path, "more", SD_SCOPE_SEARCH, a, &err), TR_EINVAL);
    text = slurp(path);
    assert_string_equal(text, "broken\n");
    free(text);
}

TS_TEST(test_missing_file)
{
    tr_error err = {0};
    sd_keys *k = sd_keys_load(ts_tmp_path("none"), 1, &err);
    assert_non_null(k);
    assert_int_equal(sd_keys_count(k), 0);
    sd_keys_free(k);
    assert_null(sd_keys_load(ts_tmp_path("none"), 0, &err));
    assert_non_null(strstr(err.message, "does not exist"));
}

TS_TEST(test_bearer_rows)
{
    static const struct {
        const char *header, *key; /* key NULL: refused, the problem holding `words` */
        const char *words;
    } rows[] = {
        {"Bearer abc", "abc", NULL},
        {"bearer   abc  ", "abc", NULL},
        {"  BEARER\tab-c._~+/=", "ab-c._~+/=", NULL},
        {"", NULL, "empty"},
        {"   ", NULL, "empty"},
        {"Basic dXNlcjpwYXNz", NULL, "no other scheme"},
        {"Bearerabc", NULL, "no other scheme"},
        {"Bearer", NULL, "no key"},
        {"Bearer    ", NULL, "no key"},
        {"Bearer a b", NULL, "characters"},
        {"Bearer a\"b", NULL, "characters"},
        {"Bearer kh\xc3\xb3", NULL, "characters"},
    };
    size_t failed = 0, n = sizeof rows / sizeof rows[0];
    for (size_t i = 0; i < n; i++) {
        const char *key = NULL, *problem = NULL;
        size_t len = 0;
        int rc = sd_auth_parse_bearer(rows[i].header, &key, &len, &problem);
        int ok = rows[i].key ? rc == 0 && len == strlen(rows[i].key) &&
                                   memcmp(key, rows[i].key, len) == 0
                             : rc != 0 && strstr(problem, rows[i].words);
        if (!ok)
            ts_row_fail(&failed, "row %zu \"%s\": rc %d, problem %s", i, rows[i].header, rc,
                        problem ? problem : "-");
    }
    char big[SD_AUTH_KEY_MAX + 16];
    memcpy(big, "Bearer ", 7);
    memset(big + 7, 'a', SD_AUTH_KEY_MAX + 1);
    big[7 + SD_AUTH_KEY_MAX + 1] = '\0';
    const char *key, *problem = NULL;
    size_t len;
    if (sd_auth_parse_bearer(big, &key, &len, &problem) == 0 || !strstr(problem, "too long"))
        ts_row_fail(&failed, "a key of %d bytes was not refused as too long",
                    SD_AUTH_KEY_MAX + 1);
    ts_rows_end(failed, n + 1);
}

TS_TEST(test_cookie_rows)
{
    static const struct {
        const char *header, *value; /* NULL: no such cookie */
    } rows[] = {
        {"tracuu_session=abc", "abc"},
        {"a=1; tracuu_session=abc; b=2", "abc"},
        {"a=1;tracuu_session = abc ;b=2", "abc"},
        {"tracuu_session=\"abc\"", "abc"},
        {"tracuu_session=", ""},
        {"tracuu_session=first; tracuu_session=second", "first"},
        {"xtracuu_session=abc", NULL},
        {"tracuu_sessionx=abc", NULL},
        {"tracuu_session", NULL},
        {"", NULL},
        {";;; ;", NULL},
        {"a=tracuu_session=abc", NULL},
        {"tracuu_session=\"", "\""},
    };
    size_t failed = 0, n = sizeof rows / sizeof rows[0];
    for (size_t i = 0; i < n; i++) {
        const char *v = NULL;
        size_t len = 0;
        int found = sd_auth_parse_cookie(rows[i].header, "tracuu_session", &v, &len);
        int ok = rows[i].value ? found && len == strlen(rows[i].value) &&
                                     memcmp(v, rows[i].value, len) == 0
                               : !found;
        if (!ok)
            ts_row_fail(&failed, "row %zu \"%s\": found %d, \"%.*s\"", i, rows[i].header, found,
                        (int)len, v ? v : "");
    }
    ts_rows_end(failed, n);
}

static int keep_none(void *ctx, const char *key_id, sd_scope *scope)
{
    (void)ctx, (void)key_id, (void)scope;
    return 0;
}

static int keep_as_search(void *ctx, const char *key_id, sd_scope *scope)
{
    (void)key_id;
    *scope = SD_SCOPE_SEARCH;
    return strcmp(key_id, ctx) == 0;
}

TS_TEST(test_sessions)
{
    tr_error err = {0};
    sd_sessions *t = sd_sessions_new(1, &err);
    assert_non_null(t);
    sd_key_match m = {"editors", SD_SCOPE_ADMIN, "0123456789abcdef0123456789abcdef"};
    sd_session_info a, b, got;
    assert_int_equal(sd_sessions_create(t, &m, &a, &err), 0);
    assert_int_equal(sd_sessions_create(t, &m, &b, &err), 0);
    assert_string_not_equal(a.id, b.id);
    assert_string_not_equal(a.id, a.csrf);
    assert_int_equal(strlen(a.id), SD_SESSION_ID_LEN);
    assert_int_equal(sd_sessions_find(t, a.id, strlen(a.id), &got), 1);
    assert_string_equal(got.name, "editors");
    assert_string_equal(got.csrf, a.csrf);
    assert_int_equal(got.scope, SD_SCOPE_ADMIN);
    assert_int_equal(sd_sessions_find(t, a.id, strlen(a.id) - 1, &got), 0);
    char other[SD_SESSION_ID_LEN + 1];
    memcpy(other, a.id, sizeof other);
    other[0] = other[0] == 'a' ? 'b' : 'a';
    assert_int_equal(sd_sessions_find(t, other, SD_SESSION_ID_LEN, &got), 0);
    sd_sessions_end(t, a.id);
    assert_int_equal(sd_sessions_find(t, a.id, SD_SESSION_ID_LEN, &got), 0);
    /* The key's scope follows the key file; a key gone ends its sessions. */
    assert_int_equal(sd_sessions_prune(t, keep_as_search, (void *)m.id), 0);
    assert_int_equal(sd_sessions_find(t, b.id, SD_SESSION_ID_LEN, &got), 1);
    assert_int_equal(got.scope, SD_SCOPE_SEARCH);
    assert_int_equal(sd_sessions_prune(t, keep_none, NULL), 1);
    assert_int_equal(sd_sessions_find(t, b.id, SD_SESSION_ID_LEN, &got), 0);
    /* Expiry: a session of a one-second table is gone two seconds later. */
    assert_int_equal(sd_sessions_create(t, &m, &a, &err), 0);
    sleep(2);
    assert_int_equal(sd_sessions_find(t, a.id, SD_SESSION_ID_LEN, &got), 0);
    assert_int_equal(sd_sessions_count(t), 0);
    sd_sessions_free(t);

    assert_true(sd_token_equal("abc", "abc"));
    assert_false(sd_token_equal("abc", "abd"));
    assert_false(sd_token_equal("abc", "ab"));
    assert_false(sd_token_equal("", "a"));
}

TS_TEST(test_throttle)
{
    tr_error err = {0};
    sd_throttle *t = sd_throttle_new(&err);
    assert_non_null(t);
    for (int i = 0; i < SD_THROTTLE_FAILURES - 1; i++)
        sd_throttle_fail(t, "192.0.2.1");
    assert_int_equal(sd_throttle_wait(t, "192.0.2.1"), 0);
    sd_throttle_fail(t, "192.0.2.1");
    unsigned wait = sd_throttle_wait(t, "192.0.2.1");
    assert_true(wait >= 1 && wait <= SD_THROTTLE_WINDOW);
    assert_int_equal(sd_throttle_wait(t, "192.0.2.2"), 0); /* per address */
    /* A flood of addresses forgets the oldest, never grows past the table. */
    char addr[64];
    for (int i = 0; i < SD_THROTTLE_SLOTS + 10; i++) {
        snprintf(addr, sizeof addr, "10.0.%d.%d", i / 256, i % 256);
        sd_throttle_fail(t, addr);
    }
    assert_int_equal(sd_throttle_wait(t, "10.0.0.1"), 0);
    sd_throttle_free(t);
}

TS_TEST(test_audit_line)
{
    const char *path = ts_tmp_path("audit.log");
    tr_error err = {0};
    assert_int_equal(sd_audit_open(path, &err), 0);
    sd_request r = {0};
    r.key_name = "editors";
    r.client = "192.0.2.7";
    sd_audit(&r, "write", "doc-1\"\n<x>");
    sd_audit(NULL, "auth-failed", NULL);
    sd_audit(&r, "upload", "t\xe1p.pdf"); /* not UTF-8 */
    /* Log rotation: the file moved away, reopened, the next line in a new file. */
    char moved[4096];
    snprintf(moved, sizeof moved, "%s.1", path);
    assert_int_equal(rename(path, moved), 0);
    assert_int_equal(sd_audit_reopen(&err), 0);
    sd_audit(&r, "delete", "doc-2");
    sd_audit_close();
    char *text = slurp(moved);
    char *lines[3] = {text, NULL, NULL};
    for (int i = 1; i < 3; i++) {
        char *nl = strchr(lines[i - 1], '\n');
        assert_non_null(nl);
        *nl = '\0';
        lines[i] = nl + 1;
    }
    json_error_t je;
    json_t *a = json_loads(lines[0], 0, &je), *b = json_loads(lines[1], 0, &je),
           *c = json_loads(lines[2], 0, &je);
    assert_non_null(a);
    assert_non_null(b);
    assert_non_null(c);
    assert_string_equal(json_string_value(json_object_get(a, "action")), "write");
    assert_string_equal(json_string_value(json_object_get(a, "key")), "editors");
    assert_string_equal(json_string_value(json_object_get(a, "client")), "192.0.2.7");
    assert_string_equal(json_string_value(json_object_get(a, "subject")), "doc-1\"\n<x>");
    assert_int_equal(strlen(json_string_value(json_object_get(a, "time"))), 20);
    assert_string_equal(json_string_value(json_object_get(b, "key")), "-");
    assert_true(json_is_null(json_object_get(b, "subject")));
    assert_string_equal(json_string_value(json_object_get(c, "subject")), "t\\xe1p.pdf");
    json_decref(a);
    json_decref(b);
    json_decref(c);
    free(text);
    text = slurp(path);
    assert_non_null(strstr(text, "\"action\":\"delete\""));
    free(text);
}

/* ---- sd_request_require, answered by a daemon of the test's own -------------------- */

/* The scope comes from the header X-Test-Scope; the route is the path. */
static enum MHD_Result require_handler(void *cls, struct MHD_Connection *conn, const char *url,
                                       const char *method, const char *version,
                                       const char *upload_data, size_t *upload_size,
                                       void **con_cls)
{
    (void)cls, (void)method, (void)version, (void)upload_data, (void)upload_size;
    if (!*con_cls) {
        *con_cls = conn;
        return MHD_YES;
    }
    const char *s = MHD_lookup_connection_value(conn, MHD_HEADER_KIND, "X-Test-Scope");
    sd_request r = {0};
    r.conn = conn;
    r.url = url;
    r.method = "POST";
    r.quiet = 1;
    r.key_name = "k";
    r.client = "127.0.0.1";
    r.scope = s ? (sd_scope)atoi(s) : SD_SCOPE_PUBLIC;
    enum MHD_Result ret;
    if (sd_request_require(&r, SD_SCOPE_ADMIN, &ret))
        return ret;
    return sd_auth_reply(conn, 200, "allowed", 0);
}

static int raw_status(unsigned port, const char *scope, char **all, char **body)
{
    char req[256];
    snprintf(req, sizeof req,
             "POST /api/documents HTTP/1.1\r\nHost: x\r\nContent-Length: 0\r\n"
             "%s%s%sConnection: close\r\n\r\n",
             scope ? "X-Test-Scope: " : "", scope ? scope : "", scope ? "\r\n" : "");
    *all = ts_http_exchange(port, req);
    assert_non_null(*all);
    return ts_http_parse(*all, body);
}

TS_TEST(test_require)
{
    struct MHD_Daemon *d = MHD_start_daemon(MHD_USE_INTERNAL_POLLING_THREAD, 0, NULL, NULL,
                                            require_handler, NULL, MHD_OPTION_END);
    assert_non_null(d);
    const union MHD_DaemonInfo *info = MHD_get_daemon_info(d, MHD_DAEMON_INFO_BIND_PORT);
    unsigned port = info->port;
    char *all, *body;
    assert_int_equal(raw_status(port, NULL, &all, &body), 401);
    assert_non_null(strstr(all, "WWW-Authenticate: Bearer"));
    assert_non_null(strstr(body, "needs a key"));
    free(all);
    assert_int_equal(raw_status(port, "1", &all, &body), 403);
    assert_non_null(strstr(body, "scope admin"));
    free(all);
    assert_int_equal(raw_status(port, "2", &all, &body), 200);
    free(all);
    MHD_stop_daemon(d);
}

TS_MAIN(ts_tmp_setup, ts_tmp_teardown,
        cmocka_unit_test(test_parse_rows),
        cmocka_unit_test(test_duplicate_names_refused),
        cmocka_unit_test(test_add_match_revoke),
        cmocka_unit_test(test_missing_file),
        cmocka_unit_test(test_bearer_rows),
        cmocka_unit_test(test_cookie_rows),
        cmocka_unit_test(test_sessions),
        cmocka_unit_test(test_throttle),
        cmocka_unit_test(test_audit_line),
        cmocka_unit_test(test_require))
