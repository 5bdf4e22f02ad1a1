/* Keys, staff sign-in and CSRF over a running tracuu-searchd (docs/security.md):
 * --add-key prints the key alone and the key file never holds it; anonymous, search
 * and admin keys are served; a wrong, malformed or revoked key (after SIGHUP) gets 401
 * with a JSON error and WWW-Authenticate; failures are throttled per client address
 * (429 with Retry-After); the sign-in page sets a session cookie with its attributes
 * (Secure behind a trusted TLS proxy); forms posted with a session need its CSRF
 * token; sign-out and expiry end a session; the audit log records it all with the
 * client's address and never a key. The parts below HTTP are test_keys. */
#include <jansson.h>
#include <setjmp.h>
#include <signal.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cmocka.h>

#include "support.h"

static const char fixture[] =
    "{\"id\":\"n1\",\"type\":\"news\",\"date\":\"2023-04-13\",\"title\":\"Khoa học công nghệ "
    "cho nông thôn\",\"body\":\"Chuyển giao khoa học công nghệ cho nông dân miền núi.\"}\n"
    "{\"id\":\"t1\",\"type\":\"task\",\"title\":\"Nuôi tôm thẻ chân trắng\",\"body\":\"Ứng "
    "dụng khoa học công nghệ trong nuôi tôm.\"}\n";

static char *dir;            /* the keys and the audit log */
static char keys_path[4096], audit_path[4096];
static char admin_key[128], search_key[128], gone_key[128];
static char printed[3][128]; /* what --add-key printed for each */
static ts_site site;

/* tracuu-searchd --keys FILE followed by `args`: its standard output, whose exit status
 * must be 0. */
static void run_keys(const char *args, char *out, size_t cap)
{
    char cmd[8192];
    snprintf(cmd, sizeof cmd, "'%s' --keys '%s' %s", ts_program("searchd/tracuu-searchd"),
             keys_path, args);
    FILE *p = popen(cmd, "r");
    assert_non_null(p);
    size_t n = fread(out, 1, cap - 1, p);
    out[n] = '\0';
    assert_int_equal(pclose(p), 0);
}

static int setup(void **state)
{
    (void)state;
    dir = ts_tempdir();
    snprintf(keys_path, sizeof keys_path, "%s/keys", dir);
    snprintf(audit_path, sizeof audit_path, "%s/audit.log", dir);
    run_keys("--add-key editors admin", printed[0], sizeof printed[0]);
    run_keys("--add-key staff search", printed[1], sizeof printed[1]);
    run_keys("--add-key intern search", printed[2], sizeof printed[2]);
    char *keys[] = {admin_key, search_key, gone_key};
    for (size_t i = 0; i < 3; i++)
        snprintf(keys[i], sizeof admin_key, "%.*s", (int)strcspn(printed[i], "\n"), printed[i]);
    static const char *extra[] = {"--keys", keys_path, "--audit-log", audit_path,
                                  "--trusted-proxy", "127.0.0.1", NULL};
    return ts_site_start(&site, fixture, sizeof fixture - 1, extra);
}

static int teardown(void **state)
{
    (void)state;
    ts_site_stop(&site);
    ts_rmrf(dir);
    free(dir);
    return 0;
}

/* One answer: its status, its head (status line and headers) and its body. */
typedef struct answer {
    int status;
    char *all; /* the head, NUL-terminated; the body follows it */
    char *body;
} answer;

static void answer_free(answer *a)
{
    free(a->all);
}

/* A request with `headers` ("Name: value\r\n" each, may be NULL) and a form body (may
 * be NULL), on `port`. */
static answer request_on(unsigned port, const char *method, const char *target,
                         const char *headers, const char *form)
{
    int fd = ts_connect(port);
    assert_true(fd >= 0);
    size_t blen = form ? strlen(form) : 0;
    char *req = malloc(8192 + blen);
    assert_non_null(req);
    int n = snprintf(req, 8192 + blen,
                     "%s %s HTTP/1.1\r\nHost: 127.0.0.1\r\n%s%sContent-Length: %zu\r\n"
                     "Connection: close\r\n\r\n%s",
                     method, target, headers ? headers : "",
                     form ? "Content-Type: application/x-www-form-urlencoded\r\n" : "", blen,
                     form ? form : "");
    assert_int_equal(write(fd, req, (size_t)n), n);
    free(req);
    answer a;
    a.all = ts_read_all(fd);
    close(fd);
    a.status = ts_http_parse(a.all, &a.body);
    assert_non_null(a.body);
    return a;
}

static answer request(const char *method, const char *target, const char *headers,
                      const char *form)
{
    return request_on(site.daemon.port, method, target, headers, form);
}

/* The value of the first header `name` of the head into `out`, or "" when absent. */
static const char *header_value(const answer *a, const char *name, char *out, size_t cap)
{
    out[0] = '\0';
    size_t n = strlen(name);
    for (const char *p = strstr(a->all, "\r\n"); p && p[2]; p = strstr(p + 2, "\r\n"))
        if (strncasecmp(p + 2, name, n) == 0 && p[2 + n] == ':') {
            const char *v = p + 3 + n;
            while (*v == ' ')
                v++;
            size_t len = strcspn(v, "\r");
            snprintf(out, cap, "%.*s", (int)(len < cap ? len : cap - 1), v);
            break;
        }
    return out;
}

static void bearer_header(char *out, size_t cap, const char *key, const char *client)
{
    snprintf(out, cap, "Authorization: Bearer %s\r\nX-Forwarded-For: %s\r\n", key, client);
}

/* The status of GET `target` with `key` from `client`. */
static int bearer_status(const char *target, const char *key, const char *client)
{
    char h[1024];
    bearer_header(h, sizeof h, key, client);
    answer a = request("GET", target, h, NULL);
    int status = a.status;
    answer_free(&a);
    return status;
}

/* The status of POST `target` with `headers` and the form `body`. */
static int post_status(const char *target, const char *headers, const char *body)
{
    answer a = request("POST", target, headers, body);
    int status = a.status;
    answer_free(&a);
    return status;
}

static void expect_error(const answer *a, int status, const char *words)
{
    if (a->status != status)
        fail_msg("status %d, expected %d: %s", a->status, status, a->body);
    json_error_t je;
    json_t *doc = json_loads(a->body, 0, &je);
    const char *msg = json_string_value(json_object_get(doc, "error"));
    if (!msg || (words && !strstr(msg, words)))
        fail_msg("expected {\"error\": \"...%s...\"}, got %s", words ? words : "", a->body);
    json_decref(doc);
}

TS_TEST(test_add_key_output_and_file)
{
    char *text = NULL;
    {
        FILE *f = fopen(keys_path, "rb");
        assert_non_null(f);
        text = ts_read_all(dup(fileno(f)));
        fclose(f);
    }
    const char *keys[] = {admin_key, search_key, gone_key};
    for (size_t i = 0; i < 3; i++) {
        /* The key alone: 64 hex digits and a newline. */
        assert_int_equal(strlen(printed[i]), 65);
        assert_int_equal(strspn(printed[i], "0123456789abcdef"), 64);
        assert_int_equal(printed[i][64], '\n');
        assert_null(strstr(text, keys[i]));
    }
    free(text);
    struct stat st;
    assert_int_equal(stat(keys_path, &st), 0);
    assert_int_equal(st.st_mode & 0777, 0600);
}

TS_TEST(test_key_commands_refuse)
{
    const ts_run_row rows[] = {
        {{"--keys", keys_path, "--add-key", "x", "root"}, 2, "a key's scope is search or admin"},
        {{"--keys", keys_path, "--add-key", "editors", "admin"}, 2,
         "already has a key named editors"},
        {{"--keys", keys_path, "--add-key", "x"}, 2, "--add-key NAME SCOPE"},
        {{"--keys", keys_path, "--add-key", "a/b", "admin"}, 2, "a key's name is"},
        {{"--keys", keys_path, "--revoke-key", "nobody"}, 2, "has no key named nobody"},
        {{"--db", keys_path, "--keys", "/nonexistent/keys"}, 1,
         "the key file /nonexistent/keys does not exist"},
        {{"--db", keys_path, "--trusted-proxy", "proxy.example"}, 2,
         "--trusted-proxy takes up to 16 IP addresses"},
    };
    ts_expect_runs("searchd/tracuu-searchd", rows, sizeof rows / sizeof rows[0]);
}

TS_TEST(test_scopes_are_served)
{
    answer a = request("GET", "/api/search?q=khoa", NULL, NULL);
    assert_int_equal(a.status, 200);
    answer_free(&a);
    assert_int_equal(bearer_status("/api/search?q=khoa", search_key, "192.0.2.1"), 200);
    assert_int_equal(bearer_status("/api/search?q=khoa", admin_key, "192.0.2.1"), 200);
}

TS_TEST(test_wrong_and_malformed)
{
    char h[1024], v[256];
    bearer_header(h, sizeof h, "0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef",
                  "192.0.2.2");
    answer a = request("GET", "/api/search?q=khoa", h, NULL);
    expect_error(&a, 401, "wrong or revoked key");
    assert_string_equal(header_value(&a, "WWW-Authenticate", v, sizeof v),
                        "Bearer realm=\"tracuu\"");
    answer_free(&a);
    /* {an Authorization header, words of its 401} */
    static const ts_pair rows[] = {
        {"Authorization: Basic dXNlcjpwYXNz\r\n", "no other scheme"},
        {"Authorization: \r\n", "empty"},
        {"Authorization: Bearer\r\n", "no key"},
        {"Authorization: Bearer a\"b\r\n", "characters"},
    };
    for (size_t i = 0; i < sizeof rows / sizeof rows[0]; i++) {
        snprintf(h, sizeof h, "%sX-Forwarded-For: 192.0.2.3\r\n", rows[i].in);
        a = request("GET", "/", h, NULL);
        expect_error(&a, 401, rows[i].want);
        answer_free(&a);
    }
    char big[600];
    memset(big, 'a', sizeof big - 1);
    big[sizeof big - 1] = '\0';
    bearer_header(h, sizeof h, big, "192.0.2.4");
    a = request("GET", "/api/search?q=khoa", h, NULL);
    expect_error(&a, 401, "too long");
    answer_free(&a);
}

TS_TEST(test_throttled_per_address)
{
    char h[512], v[64];
    for (int i = 0; i < 10; i++)
        assert_int_equal(bearer_status("/healthz", "wrong", "198.51.100.9"), 401);
    /* The right key too: the address is not listened to for a while. */
    bearer_header(h, sizeof h, admin_key, "198.51.100.9");
    answer a = request("GET", "/healthz", h, NULL);
    expect_error(&a, 429, "too many failed");
    int wait = atoi(header_value(&a, "Retry-After", v, sizeof v));
    assert_true(wait >= 1 && wait <= 60);
    answer_free(&a);
    assert_int_equal(bearer_status("/healthz", admin_key, "198.51.100.10"), 200);
}

static void sign_in_on(unsigned port, const char *key, const char *extra, char *set, size_t cap);
static void cookie_pair(const char *set_cookie, char *out, size_t cap);

/* Whether the page / shows someone signed in, for the session cookie `pair`. */
static int signed_in(const char *pair)
{
    char h[512];
    snprintf(h, sizeof h, "Cookie: %s\r\n", pair);
    answer a = request("GET", "/", h, NULL);
    int yes = strstr(a.body, "Đã đăng nhập") != NULL;
    answer_free(&a);
    return yes;
}

TS_TEST(test_revoked_after_sighup)
{
    char out[256], set[512], pair[256];
    assert_int_equal(bearer_status("/healthz", gone_key, "192.0.2.5"), 200);
    sign_in_on(site.daemon.port, gone_key, NULL, set, sizeof set);
    cookie_pair(set, pair, sizeof pair);
    assert_true(signed_in(pair));
    run_keys("--revoke-key intern", out, sizeof out);
    assert_string_equal(out, "");
    assert_int_equal(kill(site.daemon.pid, SIGHUP), 0);
    int status = 0;
    for (int i = 0; i < 50 && status != 401; i++) { /* the reload is asynchronous */
        usleep(50 * 1000);
        status = bearer_status("/healthz", gone_key, "192.0.2.5");
    }
    assert_int_equal(status, 401);
    assert_false(signed_in(pair)); /* its session ended with it */
    /* A broken file on the next SIGHUP: the keys in use stay. */
    char saved[4200];
    snprintf(saved, sizeof saved, "%s.saved", keys_path);
    assert_int_equal(rename(keys_path, saved), 0);
    ts_write_file(keys_path, "not a key line\n", 15);
    assert_int_equal(kill(site.daemon.pid, SIGHUP), 0);
    usleep(300 * 1000);
    assert_int_equal(bearer_status("/healthz", search_key, "192.0.2.5"), 200);
    assert_int_equal(rename(saved, keys_path), 0);
}

/* The value of the hidden field csrf in a page, into `out` (65 bytes). */
static void csrf_of(const char *page, char *out)
{
    const char *p = strstr(page, "name=\"csrf\" value=\"");
    assert_non_null(p);
    p += strlen("name=\"csrf\" value=\"");
    assert_int_equal(strspn(p, "0123456789abcdef"), 64);
    memcpy(out, p, 64);
    out[64] = '\0';
}

/* The "name=value" of a Set-Cookie header, into `out`. */
static void cookie_pair(const char *set_cookie, char *out, size_t cap)
{
    snprintf(out, cap, "%.*s", (int)strcspn(set_cookie, ";"), set_cookie);
}

/* The sign-in form (on `port`, with the headers `extra`): its token into `token` (65
 * bytes) and its cookie's name=value into `pair`. */
static void signin_form(unsigned port, const char *extra, char *token, char *pair, size_t cap)
{
    answer form = request_on(port, "GET", "/signin", extra, NULL);
    assert_int_equal(form.status, 200);
    char v[512];
    csrf_of(form.body, token);
    cookie_pair(header_value(&form, "Set-Cookie", v, sizeof v), pair, cap);
    assert_non_null(strstr(v, "Path=/signin"));
    answer_free(&form);
}

/* Signs in with `key` through the form (on `port`, headers `extra` added to each
 * request): the session cookie's Set-Cookie, into `set` (the test fails unless 303). */
static void sign_in_on(unsigned port, const char *key, const char *extra, char *set, size_t cap)
{
    char token[65], v[512], pair[256], h[1024], body[512];
    signin_form(port, extra, token, pair, sizeof pair);
    snprintf(h, sizeof h, "Cookie: %s\r\n%s", pair, extra ? extra : "");
    snprintf(body, sizeof body, "key=%s&csrf=%s", key, token);
    answer a = request_on(port, "POST", "/signin", h, body);
    if (a.status != 303)
        fail_msg("sign-in: %d %s", a.status, a.body);
    assert_string_equal(header_value(&a, "Location", v, sizeof v), "/");
    header_value(&a, "Set-Cookie", set, cap);
    answer_free(&a);
}

TS_TEST(test_sign_in_cookie_and_page)
{
    char set[512], pair[256], h[512];
    sign_in_on(site.daemon.port, admin_key, NULL, set, sizeof set);
    assert_int_equal(strncmp(set, "tracuu_session=", 15), 0);
    assert_non_null(strstr(set, "; Path=/;"));
    assert_non_null(strstr(set, "; HttpOnly"));
    assert_non_null(strstr(set, "; SameSite=Strict"));
    assert_non_null(strstr(set, "; Max-Age=28800"));
    assert_null(strstr(set, "Secure")); /* plain HTTP, no proxy saying otherwise */
    assert_null(strstr(set, admin_key));
    cookie_pair(set, pair, sizeof pair);
    snprintf(h, sizeof h, "Cookie: %s\r\n", pair);
    answer a = request("GET", "/", h, NULL);
    assert_int_equal(a.status, 200);
    assert_non_null(strstr(a.body, "Đã đăng nhập: <strong>editors</strong>"));
    assert_non_null(strstr(a.body, "action=\"/signout\""));
    answer_free(&a);
    /* Anonymous pages show the way to sign in instead. */
    a = request("GET", "/", NULL, NULL);
    assert_null(strstr(a.body, "Đã đăng nhập"));
    assert_non_null(strstr(a.body, "href=\"/signin\""));
    answer_free(&a);
    /* Behind the trusted proxy, over TLS: Secure. */
    sign_in_on(site.daemon.port, search_key, "X-Forwarded-Proto: https\r\n", set, sizeof set);
    assert_non_null(strstr(set, "; Secure"));
}

TS_TEST(test_wrong_key_at_sign_in)
{
    char token[65], v[512], pair[256], h[512];
    signin_form(site.daemon.port, "X-Forwarded-For: 192.0.2.20\r\n", token, pair, sizeof pair);
    snprintf(h, sizeof h, "Cookie: %s\r\nX-Forwarded-For: 192.0.2.20\r\n", pair);
    char body[256];
    snprintf(body, sizeof body, "key=wrongkey&csrf=%s", token);
    answer a = request("POST", "/signin", h, body);
    assert_int_equal(a.status, 401);
    assert_non_null(strstr(a.body, "Khóa không đúng"));
    assert_null(strstr(header_value(&a, "Set-Cookie", v, sizeof v), "tracuu_session="));
    answer_free(&a);
    /* The form's own token: a post without it, or with another, is refused. */
    snprintf(body, sizeof body, "key=%s&csrf=%s", admin_key,
             "0000000000000000000000000000000000000000000000000000000000000000");
    assert_int_equal(post_status("/signin", h, body), 403);
    snprintf(body, sizeof body, "key=%s", admin_key);
    assert_int_equal(post_status("/signin", NULL, body), 403);
}

TS_TEST(test_csrf_on_forms)
{
    char set[512], pair[256], h[512], token[65], body[256];
    sign_in_on(site.daemon.port, search_key, NULL, set, sizeof set);
    cookie_pair(set, pair, sizeof pair);
    snprintf(h, sizeof h, "Cookie: %s\r\n", pair);
    answer page = request("GET", "/similar", h, NULL);
    assert_int_equal(page.status, 200);
    /* The duplicate-check form carries the session's token. */
    const char *form = strstr(page.body, "<form class=\"similar\"");
    assert_non_null(form);
    csrf_of(form, token);
    answer_free(&page);
    static const char text[] = "title=Nu%C3%B4i+t%C3%B4m&text=nu%C3%B4i+t%C3%B4m+th%E1%BA%BB";
    assert_int_equal(post_status("/similar", h, text), 403);
    snprintf(body, sizeof body, "%s&csrf=%s", text,
             "1111111111111111111111111111111111111111111111111111111111111111");
    assert_int_equal(post_status("/similar", h, body), 403);
    snprintf(body, sizeof body, "%s&csrf=%s", text, token);
    assert_int_equal(post_status("/similar", h, body), 200);
    /* Anonymous, the form changes nothing and needs no token. */
    assert_int_equal(post_status("/similar", NULL, text), 200);
    /* Sign-out is a form too: refused without the token, done with it. */
    assert_int_equal(post_status("/signout", h, "csrf="), 403);
    snprintf(body, sizeof body, "csrf=%s", token);
    answer a = request("POST", "/signout", h, body);
    assert_int_equal(a.status, 303);
    char v[512];
    assert_non_null(strstr(header_value(&a, "Set-Cookie", v, sizeof v), "Max-Age=0"));
    answer_free(&a);
    assert_false(signed_in(pair));
}

TS_TEST(test_session_expires)
{
    ts_daemon d;
    const char *extra[] = {"--keys", keys_path, "--session-ttl", "1", NULL};
    assert_int_equal(ts_searchd_start_args(&d, site.db, extra), 0);
    char set[512], pair[256], h[512];
    sign_in_on(d.port, search_key, NULL, set, sizeof set);
    assert_non_null(strstr(set, "Max-Age=1"));
    cookie_pair(set, pair, sizeof pair);
    snprintf(h, sizeof h, "Cookie: %s\r\n", pair);
    sleep(2);
    answer a = request_on(d.port, "GET", "/", h, NULL);
    assert_int_equal(a.status, 200);
    assert_null(strstr(a.body, "Đã đăng nhập"));
    answer_free(&a);
    ts_searchd_stop(&d);
}

/* Last: the audit log of everything above. */
TS_TEST(test_audit_log_and_no_secrets)
{
    FILE *f = fopen(audit_path, "rb");
    assert_non_null(f);
    char *text = ts_read_all(dup(fileno(f)));
    fclose(f);
    const char *keys[] = {admin_key, search_key, gone_key};
    for (size_t i = 0; i < 3; i++)
        assert_null(strstr(text, keys[i]));
    assert_null(strstr(text, "wrongkey"));
    assert_non_null(strstr(text, "\"action\":\"auth-failed\",\"key\":\"-\","
                                 "\"client\":\"198.51.100.9\""));
    assert_non_null(strstr(text, "\"action\":\"sign-in\",\"key\":\"editors\","
                                 "\"client\":\"127.0.0.1\""));
    assert_non_null(strstr(text, "\"action\":\"sign-out\",\"key\":\"staff\""));
    assert_non_null(strstr(text, "\"action\":\"auth-failed\",\"key\":\"-\","
                                 "\"client\":\"192.0.2.20\",\"subject\":\"sign-in"));
    assert_non_null(strstr(text, "\"action\":\"csrf-refused\",\"key\":\"staff\""));
    free(text);
}

TS_MAIN(setup, teardown,
        cmocka_unit_test(test_add_key_output_and_file),
        cmocka_unit_test(test_key_commands_refuse),
        cmocka_unit_test(test_scopes_are_served),
        cmocka_unit_test(test_wrong_and_malformed),
        cmocka_unit_test(test_throttled_per_address),
        cmocka_unit_test(test_revoked_after_sighup),
        cmocka_unit_test(test_sign_in_cookie_and_page),
        cmocka_unit_test(test_wrong_key_at_sign_in),
        cmocka_unit_test(test_csrf_on_forms),
        cmocka_unit_test(test_session_expires),
        cmocka_unit_test(test_audit_log_and_no_secrets))
