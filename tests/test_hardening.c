/* Hardening of tracuu-searchd against clients that misbehave (docs/hardening.md): a
 * client that sends half a request and waits, requests that are too large, more
 * connections than the limits allow, bytes that are not HTTP, and query strings with
 * invalid UTF-8. After each, the daemon must still answer others. It runs with small
 * limits (--timeout 2, --max-connections 8, --max-per-ip 4, one thread) so that the
 * limits are reached quickly and exactly. */
#include <arpa/inet.h>
#include <errno.h>
#include <jansson.h>
#include <netinet/in.h>
#include <poll.h>
#include <setjmp.h>
#include <signal.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include <cmocka.h>

#include "support.h"

#define TIMEOUT_S 2
#define MAX_CONN 8
#define MAX_PER_IP 4

static const char fixture[] =
    "{\"id\":\"n1\",\"type\":\"news\",\"date\":\"2023-04-13\",\"title\":\"Sở Khoa học và Công "
    "nghệ làm việc với huyện Nam Giang\",\"body\":\"Đoàn công tác của Sở KH&CN đã làm việc với "
    "UBND huyện Nam Giang về khoa học và công nghệ.\"}\n"
    "{\"id\":\"t1\",\"type\":\"task\",\"date\":\"2020-03-01\",\"title\":\"Nghiên cứu chọn tạo "
    "giống lúa chịu hạn\",\"body\":\"Mục tiêu là chọn tạo giống lúa chịu hạn cho vùng trung "
    "du.\"}\n";

#define PORT (ts_group_site.daemon.port)

static double now_s(void)
{
    struct timespec t;
    clock_gettime(CLOCK_MONOTONIC, &t);
    return (double)t.tv_sec + (double)t.tv_nsec / 1e9;
}

/* A TCP connection to the daemon from loopback address 127.0.0.`from`. */
static int connect_from(int from)
{
    int fd = socket(AF_INET, SOCK_STREAM, 0);
    assert_true(fd >= 0);
    struct sockaddr_in src = {.sin_family = AF_INET};
    src.sin_addr.s_addr = htonl(0x7f000000u | (unsigned)from);
    assert_int_equal(bind(fd, (struct sockaddr *)&src, sizeof src), 0);
    struct sockaddr_in a = {.sin_family = AF_INET, .sin_port = htons((uint16_t)PORT)};
    a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    assert_int_equal(connect(fd, (struct sockaddr *)&a, sizeof a), 0);
    return fd;
}

/* Waits up to `seconds` for the peer to close: 1 when it did (EOF or reset), 0 when
 * the connection is still open, -1 when data came instead. */
static int closed_within(int fd, double seconds)
{
    struct pollfd p = {.fd = fd, .events = POLLIN};
    int n = poll(&p, 1, (int)(seconds * 1000));
    if (n <= 0)
        return 0;
    char buf[256];
    ssize_t r = recv(fd, buf, sizeof buf, 0);
    return r <= 0 ? 1 : -1;
}

/* Sends raw bytes and reads the whole answer (the daemon closes after it); returns
 * the HTTP status, or -1 when the connection closed without an answer. *body gets
 * what followed the headers, malloc()ed. */
static int raw_request(const char *bytes, size_t len, char **body)
{
    int fd = connect_from(1);
    struct timeval tv = {.tv_sec = 10};
    setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &tv, sizeof tv);
    ssize_t w = send(fd, bytes, len, MSG_NOSIGNAL);
    (void)w; /* the daemon may close before taking everything: then the answer says why */
    char *all = ts_read_all(fd);
    close(fd);
    char *rest;
    int status = ts_http_parse(all, &rest);
    *body = strdup(rest ? rest : "");
    free(all);
    return status;
}

static void assert_alive(void)
{
    char *body = NULL;
    int status = -1;
    /* A connection just closed may take a moment to leave the daemon's count. */
    for (int i = 0; i < 20 && status != 200; i++) {
        free(body);
        body = NULL;
        status = ts_http(PORT, "GET", "/healthz", NULL, 0, &body);
        if (status != 200)
            usleep(100 * 1000);
    }
    if (status != 200)
        fail_msg("the daemon no longer answers /healthz: status %d", status);
    assert_non_null(strstr(body, "\"documents\""));
    free(body);
}

/* GET target; asserts the status and that the body is {"error": msg...}. */
static void expect_error(const char *target, int status, const char *msg)
{
    ts_expect_error(PORT, "GET", target, NULL, 0, status, msg);
}

/* A client that sends half a request and then nothing is closed after the timeout,
 * and meanwhile others are served. */
TS_TEST(test_slow_client_is_closed_after_timeout)
{
    int idle = connect_from(1);
    int half = connect_from(1);
    static const char part[] = "GET /api/search?q=khoa+hoc HTTP/1.1\r\nHost: 127.0.0.1\r\n";
    assert_int_equal(send(half, part, sizeof part - 1, MSG_NOSIGNAL), (ssize_t)(sizeof part - 1));
    double t0 = now_s();
    assert_alive(); /* while both wait */
    char *body = NULL;
    assert_int_equal(ts_http(PORT, "GET", "/api/search?q=giong+lua", NULL, 0, &body), 200);
    free(body);
    assert_int_equal(closed_within(half, TIMEOUT_S + 3), 1);
    assert_int_equal(closed_within(idle, 1), 1);
    double took = now_s() - t0;
    if (took < TIMEOUT_S - 0.5 || took > TIMEOUT_S + 3)
        fail_msg("closed after %.1f s; the timeout is %d s", took, TIMEOUT_S);
    close(half);
    close(idle);
    assert_alive();
}

TS_TEST(test_query_too_long_is_400)
{
    char target[2200] = "/api/search?q=";
    size_t n = strlen(target);
    memset(target + n, 'a', 1100);
    target[n + 1100] = '\0';
    expect_error(target, 400, "the query is too long (at most 1024 bytes)");
    memcpy(target, "/api/tasks?q=a", strlen("/api/tasks?q=a"));
    memmove(target + strlen("/api/tasks?q="), target + strlen("/api/search?q="), 1101);
    expect_error(target, 400, "the query is too long");
    assert_alive();
}

TS_TEST(test_url_too_long_is_414)
{
    size_t len = 10000;
    char *target = malloc(len + 1);
    assert_non_null(target);
    strcpy(target, "/api/search?q=a&x=");
    size_t n = strlen(target);
    memset(target + n, 'b', len - n);
    target[len] = '\0';
    expect_error(target, 414, "the URL is too long (at most 8192 bytes)");
    free(target);

    /* Over the connection's memory: libmicrohttpd refuses it before any handler. */
    len = 100 * 1000;
    char *raw = malloc(len + 64);
    assert_non_null(raw);
    strcpy(raw, "GET /api/search?q=");
    n = strlen(raw);
    memset(raw + n, 'c', len);
    strcpy(raw + n + len, " HTTP/1.1\r\nHost: x\r\n\r\n");
    char *body = NULL;
    int status = raw_request(raw, strlen(raw), &body);
    if (status != 414)
        fail_msg("a 100 kB URL: status %d, expected 414", status);
    free(body);
    free(raw);
    assert_alive();
}

TS_TEST(test_headers_too_large_are_refused)
{
    size_t len = 80 * 1000;
    char *raw = malloc(len + 128);
    assert_non_null(raw);
    strcpy(raw, "GET /healthz HTTP/1.1\r\nHost: x\r\nX-Big: ");
    size_t n = strlen(raw);
    memset(raw + n, 'h', len);
    strcpy(raw + n + len, "\r\n\r\n");
    char *body = NULL;
    int status = raw_request(raw, strlen(raw), &body);
    if (status != 431 && status != 413)
        fail_msg("80 kB of headers: status %d, expected 431", status);
    free(body);
    free(raw);
    assert_alive();
}

TS_TEST(test_body_too_large_is_413)
{
    size_t len = 1024 * 1024 + 100;
    char *big = malloc(len);
    assert_non_null(big);
    memset(big, ' ', len);
    big[0] = '{';
    big[len - 1] = '}';
    char *body = NULL;
    int status = ts_http(PORT, "POST", "/api/similar", big, len, &body);
    assert_int_equal(status, 413);
    assert_non_null(strstr(body, "\"error\""));
    assert_non_null(strstr(body, "too large"));
    free(body);
    free(big);
    assert_alive();
}

/* A connection over --max-per-ip from one address is closed unanswered. At
 * --max-connections in all the daemon stops accepting: the next connection waits in
 * the kernel's queue, unanswered, until one closes. Those within the limits are
 * served, and the daemon lives on. The connections held send a byte now and then so
 * that the 2 s idle timeout does not close them first. */
TS_TEST(test_connection_limits)
{
    static const char req[] = "GET /healthz HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n";
    int held[MAX_CONN];
    size_t nheld = 0;
    for (int i = 0; i < MAX_PER_IP; i++)
        held[nheld++] = connect_from(2);
    usleep(200 * 1000); /* let the daemon accept them */
    int over_ip = connect_from(2);
    assert_int_equal(send(over_ip, req, sizeof req - 1, MSG_NOSIGNAL), (ssize_t)(sizeof req - 1));
    assert_int_equal(closed_within(over_ip, 3), 1);
    close(over_ip);

    for (size_t i = 0; i < nheld; i++)
        assert_int_equal(send(held[i], "G", 1, MSG_NOSIGNAL), 1);
    for (int i = 0; i < MAX_PER_IP; i++)
        held[nheld++] = connect_from(3);
    usleep(200 * 1000);
    int over_all = connect_from(4);
    assert_int_equal(send(over_all, req, sizeof req - 1, MSG_NOSIGNAL), (ssize_t)(sizeof req - 1));
    int closed = closed_within(over_all, 1);
    if (closed < 0)
        fail_msg("a connection over --max-connections was answered");

    /* One of those held is served ("G" was sent already). */
    assert_int_equal(send(held[0], req + 1, sizeof req - 2, MSG_NOSIGNAL),
                     (ssize_t)(sizeof req - 2));
    char buf[512] = {0};
    struct timeval tv = {.tv_sec = 5};
    setsockopt(held[0], SOL_SOCKET, SO_RCVTIMEO, &tv, sizeof tv);
    assert_true(recv(held[0], buf, sizeof buf - 1, 0) > 0);
    assert_non_null(strstr(buf, " 200 "));
    for (size_t i = 0; i < nheld; i++)
        close(held[i]);

    /* Below the limit again, the waiting connection is taken and answered. */
    if (!closed) {
        memset(buf, 0, sizeof buf);
        setsockopt(over_all, SOL_SOCKET, SO_RCVTIMEO, &tv, sizeof tv);
        assert_true(recv(over_all, buf, sizeof buf - 1, 0) > 0);
        assert_non_null(strstr(buf, " 200 "));
    }
    close(over_all);
    assert_alive();
}

/* Bytes that are not HTTP get 400, or a closed connection when libmicrohttpd cannot
 * read a request line at all (as libmicrohttpd 0.9.75 does), never a crash. */
TS_TEST(test_garbage_is_400)
{
    static const struct {
        const char *bytes;
        size_t len;
        int status; /* -1: closed without an answer */
    } cases[] = {
        {"\x16\x03\x01\x02\x00\x01\x00\x01\xfc\x03\x03\r\n\r\n", 15, -1}, /* TLS */
        {"GET\r\n\r\n", 7, -1},
        {"\0\0\0\0\r\n\r\n", 8, -1},
        {"GET /healthz HTTP/1.1\r\nHost x\r\n\r\n", 34, 400},
        {"POST /api/similar HTTP/1.1\r\nHost: x\r\nContent-Length: -5\r\n\r\n", 60, 400},
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        char *body = NULL;
        int status = raw_request(cases[i].bytes, cases[i].len, &body);
        if (status != cases[i].status)
            fail_msg("garbage case %zu: status %d, expected %d", i, status, cases[i].status);
        free(body);
        assert_alive();
    }
    /* The wrong HTTP version. */
    char *body = NULL;
    int status = raw_request("GET /healthz HTTP/7.0\r\nHost: x\r\n\r\n", 35, &body);
    if (status != 505)
        fail_msg("HTTP/7.0: status %d, expected 505", status);
    free(body);
    assert_alive();
}

TS_TEST(test_bad_query_bytes_are_400)
{
    static const struct {
        const char *target, *says;
    } bad[] = {
        {"/api/search?q=%FF", "UTF-8"},        /* not UTF-8 at all */
        {"/api/search?q=%C0%AF", "UTF-8"},     /* overlong '/' */
        {"/api/search?q=%ED%A0%80", "UTF-8"},  /* a surrogate */
        {"/api/search?q=khoa%E1%BB", "UTF-8"}, /* cut in the middle of a character */
        {"/api/tasks?q=%FE%FF", "UTF-8"},
        {"/api/suggest?q=%C3", "UTF-8"},
        {"/api/officials?q=%FF", "UTF-8"},
        {"/api/decisions?q=%FF", "UTF-8"},
        {"/api/search?q=%00", "NUL"},
        {"/api/search?q=khoa%00hoc", "NUL"},
        {"/api/tasks?q=gi%00ong", "NUL"},
        {"/api/suggest?q=%00", "NUL"},
    };
    for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++)
        expect_error(bad[i].target, 400, bad[i].says);
    assert_alive();
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_slow_client_is_closed_after_timeout),
        cmocka_unit_test(test_query_too_long_is_400),
        cmocka_unit_test(test_url_too_long_is_414),
        cmocka_unit_test(test_headers_too_large_are_refused),
        cmocka_unit_test(test_body_too_large_is_413),
        cmocka_unit_test(test_connection_limits),
        cmocka_unit_test(test_garbage_is_400),
        cmocka_unit_test(test_bad_query_bytes_are_400),
    };
    signal(SIGPIPE, SIG_IGN); /* the daemon may close on us mid-write */
    /* The small limits of this test: TIMEOUT_S, MAX_CONN, MAX_PER_IP. */
    /* --max-pending at --max-connections: the held connections of
     * test_connection_limits are not evicted (test_guard tests that). */
    static const char *const limits[] = {"--threads",         "1", "--timeout",    "2",
                                          "--max-connections", "8", "--max-per-ip", "4",
                                          "--max-pending",     "8", NULL};
    ts_site_use(fixture, sizeof fixture - 1, limits);
    return cmocka_run_group_tests(tests, ts_site_setup, ts_site_teardown);
}
