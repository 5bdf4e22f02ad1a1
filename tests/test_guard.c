/* test_guard: searchd against requests that hold it or that libmicrohttpd would
 * answer on its own (searchd/guard.h, server.h), each found by a probe of the daemon:
 *   - clients that never finish their request head, from many connections: others
 *     are still served, and a head that trickles in is cut at --head-timeout even
 *     though bytes keep coming (the idle timeout never fires);
 *   - a thousand query parameters: 400 at once (was: no answer until the timeout);
 *   - %00 in the path (was: 200 for the path cut there), two different
 *     Content-Length headers, a chunked body (was: libmicrohttpd's HTML page):
 *     JSON errors;
 *   - duplicate checks beyond --max-similar: 503 with Retry-After, not a queue.
 */
#include <arpa/inet.h>
#include <jansson.h>
#include <netinet/in.h>
#include <poll.h>
#include <pthread.h>
#include <setjmp.h>
#include <signal.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <time.h>
#include <unistd.h>

#include <cmocka.h>

#include "support.h"

#define PORT (ts_group_site.daemon.port)
#define MAX_CONN 24
#define MAX_PENDING 6
#define HEAD_TIMEOUT 2

static const char fixture[] =
    "{\"id\":\"a\",\"type\":\"task\",\"title\":\"Nhân giống sâm Ngọc Linh\",\"body\":\"Quy trình "
    "nhân giống sâm Ngọc Linh bằng nuôi cấy mô tại huyện Nam Trà My.\"}\n"
    "{\"id\":\"b\",\"type\":\"news\",\"title\":\"Giống lúa chịu hạn\",\"body\":\"Tuyển chọn "
    "giống lúa chịu hạn cho vùng ven biển.\"}\n";

static double now_s(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

/* 1 when the daemon closed fd within `seconds` without answering, 0 when it is still
 * open, -1 when it answered. */
static int closed_within(int fd, double seconds)
{
    struct pollfd p = {.fd = fd, .events = POLLIN};
    if (poll(&p, 1, (int)(seconds * 1000)) <= 0)
        return 0;
    char buf[256];
    return recv(fd, buf, sizeof buf, 0) <= 0 ? 1 : -1;
}

/* Sends raw bytes; the status of the answer and its body (malloc()ed). */
static int raw(const char *bytes, char **body)
{
    int fd = ts_connect(PORT);
    assert_true(fd >= 0);
    ssize_t w = send(fd, bytes, strlen(bytes), MSG_NOSIGNAL);
    (void)w;
    char *all = ts_read_all(fd);
    close(fd);
    char *rest = NULL;
    int status = ts_http_parse(all, &rest);
    *body = strdup(rest ? rest : "");
    free(all);
    return status;
}

static void expect_json_error(const char *bytes, int status, const char *words)
{
    char *body = NULL;
    int got = raw(bytes, &body);
    if (got != status)
        fail_msg("status %d, expected %d, for: %.60s", got, status, bytes);
    json_t *doc = json_loads(body, 0, NULL);
    if (!json_is_string(json_object_get(doc, "error")))
        fail_msg("not a JSON error (%.80s) for: %.60s", body, bytes);
    if (words && !strstr(json_string_value(json_object_get(doc, "error")), words))
        fail_msg("error \"%s\" does not say \"%s\"",
                 json_string_value(json_object_get(doc, "error")), words);
    json_decref(doc);
    free(body);
}

TS_TEST(test_slow_heads_do_not_lock_others_out)
{
    static const char part[] = "GET /api/search?q=lua HTTP/1.1\r\nHost: x\r\nX-Slow: ";
    int held[MAX_CONN];
    for (int i = 0; i < MAX_CONN; i++) {
        held[i] = ts_connect(PORT);
        assert_true(held[i] >= 0);
        assert_int_equal(send(held[i], part, sizeof part - 1, MSG_NOSIGNAL),
                         (ssize_t)(sizeof part - 1));
    }
    usleep(300 * 1000);
    /* Every slot was taken by a head that never ends: only the last MAX_PENDING are
     * still open, and a real client is served at once. */
    double t0 = now_s();
    char *body = NULL;
    assert_int_equal(ts_http(PORT, "GET", "/healthz", NULL, 0, &body), 200);
    free(body);
    if (now_s() - t0 > 3) /* without the guard: until the idle timeout, 10 s */
        fail_msg("a real client waited %.1f s behind slow heads", now_s() - t0);
    int closed = 0;
    for (int i = 0; i < MAX_CONN; i++)
        closed += closed_within(held[i], 0.05) == 1;
    if (closed < MAX_CONN - MAX_PENDING - 1)
        fail_msg("%d of %d slow heads closed; at most %d may wait", closed, MAX_CONN,
                 MAX_PENDING);
    for (int i = 0; i < MAX_CONN; i++)
        close(held[i]);
}

TS_TEST(test_trickled_head_is_cut)
{
    int fd = ts_connect(PORT);
    static const char start[] = "GET /healthz HTTP/1.1\r\nHost: x\r\nX-Trickle: ";
    assert_int_equal(send(fd, start, sizeof start - 1, MSG_NOSIGNAL), (ssize_t)(sizeof start - 1));
    double t0 = now_s();
    int closed = 0;
    while (!closed && now_s() - t0 < HEAD_TIMEOUT + 3) {
        /* A byte every 0.4 s: the idle timeout would never close this. */
        closed = closed_within(fd, 0.4) == 1 || send(fd, "a", 1, MSG_NOSIGNAL) < 0;
    }
    double took = now_s() - t0;
    close(fd);
    if (!closed)
        fail_msg("a head trickling in for %.1f s was not cut", took);
    if (took < HEAD_TIMEOUT - 0.5)
        fail_msg("cut after %.1f s; --head-timeout is %d s", took, HEAD_TIMEOUT);
}

TS_TEST(test_request_limits_answer_json)
{
    /* A thousand parameters. */
    size_t cap = 8192;
    char *req = malloc(cap);
    assert_non_null(req);
    size_t n = (size_t)snprintf(req, cap, "GET /api/search?q=lua");
    for (int i = 0; i < 1000; i++)
        n += (size_t)snprintf(req + n, cap - n, "&a=1");
    snprintf(req + n, cap - n, " HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n");
    double t0 = now_s();
    expect_json_error(req, 400, "too many parameters");
    if (now_s() - t0 > 2)
        fail_msg("a thousand parameters answered after %.1f s", now_s() - t0);
    free(req);
    expect_json_error("GET /api/doc/a%00junk HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n",
                      400, "NUL");
    char *body = NULL; /* the same path without the NUL is found */
    assert_int_equal(ts_http(PORT, "GET", "/api/doc/a", NULL, 0, &body), 200);
    free(body);
}

TS_TEST(test_body_framing_answers_json)
{
    expect_json_error("POST /api/similar HTTP/1.1\r\nHost: x\r\nConnection: close\r\n"
                      "Content-Length: 5\r\nContent-Length: 50\r\n\r\n{\"a\":",
                      400, "Content-Length");
    /* A chunk-size line with a 70 kB extension once got libmicrohttpd's own HTML 500. */
    size_t ext = 70 * 1024;
    char *req = malloc(ext + 256);
    assert_non_null(req);
    int n = snprintf(req, 256, "POST /api/similar HTTP/1.1\r\nHost: x\r\nConnection: close\r\n"
                               "Transfer-Encoding: chunked\r\n\r\n5;x=");
    memset(req + n, 'e', ext);
    strcpy(req + n + ext, "\r\n{\"a\":\r\n0\r\n\r\n");
    expect_json_error(req, 411, "Content-Length");
    free(req);
}

/* One duplicate check of a 900 kB proposal; its status and whether a 503 carried
 * Retry-After. */
typedef struct similar_call {
    int status;
    int retry_after;
} similar_call;

static void *post_similar(void *arg)
{
    similar_call *c = arg;
    size_t len = 900 * 1024;
    char *text = malloc(len + 1);
    for (size_t i = 0; i < len; i++)
        text[i] = "nhân giống sâm ngọc linh nuôi cấy mô "[i % 38];
    text[len] = '\0';
    json_t *req = json_pack("{s:s, s:s, s:s}", "title", "Đề xuất", "text", text, "type", "all");
    char *body = json_dumps(req, JSON_COMPACT);
    json_decref(req);
    free(text);
    size_t blen = strlen(body);
    char head[256];
    snprintf(head, sizeof head,
             "POST /api/similar HTTP/1.1\r\nHost: x\r\nConnection: close\r\n"
             "Content-Type: application/json\r\nContent-Length: %zu\r\n\r\n",
             blen);
    int fd = ts_connect(PORT);
    ssize_t w = send(fd, head, strlen(head), MSG_NOSIGNAL);
    w += send(fd, body, blen, MSG_NOSIGNAL);
    (void)w;
    free(body);
    char *all = ts_read_all(fd);
    close(fd);
    c->retry_after = strstr(all, "Retry-After: 1") != NULL;
    char *rest = NULL;
    c->status = ts_http_parse(all, &rest);
    free(all);
    return NULL;
}

TS_TEST(test_duplicate_checks_beyond_the_limit_are_503)
{
    enum { N = 6 };
    pthread_t t[N];
    similar_call calls[N];
    memset(calls, 0, sizeof calls);
    for (int i = 0; i < N; i++)
        assert_int_equal(pthread_create(&t[i], NULL, post_similar, &calls[i]), 0);
    int ok = 0, busy = 0;
    for (int i = 0; i < N; i++) {
        pthread_join(t[i], NULL);
        if (calls[i].status == 200)
            ok++;
        else if (calls[i].status == 503 && calls[i].retry_after)
            busy++;
        else
            fail_msg("a duplicate check got %d (Retry-After %d)", calls[i].status,
                     calls[i].retry_after);
    }
    if (ok < 1 || busy < 1)
        fail_msg("%d answered, %d told to retry: with --max-similar 1, expected some of each",
                 ok, busy);
    char *body = NULL;
    assert_int_equal(ts_http(PORT, "GET", "/api/search?q=lua", NULL, 0, &body), 200);
    free(body);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_slow_heads_do_not_lock_others_out),
        cmocka_unit_test(test_trickled_head_is_cut),
        cmocka_unit_test(test_request_limits_answer_json),
        cmocka_unit_test(test_body_framing_answers_json),
        cmocka_unit_test(test_duplicate_checks_beyond_the_limit_are_503),
    };
    signal(SIGPIPE, SIG_IGN);
    static const char *const limits[] = {
        "--threads",     "2",  "--max-connections", "24", "--max-per-ip", "24",
        "--max-pending", "6",  "--head-timeout",    "2",  "--timeout",    "10",
        "--max-similar", "1",  NULL};
    ts_site_use(fixture, sizeof fixture - 1, limits);
    return cmocka_run_group_tests(tests, ts_site_setup, ts_site_teardown);
}
