/* Tests for searchd's access log (searchd/accesslog.h): the line of a request, row by
 * row, with what is never written (secrets, raw bytes that would break a line), and
 * the file reopened after logrotate moved it. The lines of a running daemon are
 * checked over HTTP by test_monitoring.py. */
#include <arpa/inet.h>
#include <fcntl.h>
#include <netinet/in.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include <cmocka.h>

#include "accesslog.h"
#include "support.h"

/* 2026-12-06T08:45:01.123Z */
static const struct timespec when = {1796546701, 123456789};

TS_TEST(test_lines)
{
    struct sockaddr_in v4 = {.sin_family = AF_INET};
    inet_pton(AF_INET, "192.0.2.7", &v4.sin_addr);
    struct sockaddr_in6 v6 = {.sin6_family = AF_INET6};
    inet_pton(AF_INET6, "2001:db8::1", &v6.sin6_addr);
    static const char prefix4[] = "192.0.2.7 - - [2026-12-06T08:45:01.123Z] ";
    static const struct {
        int family; /* 4, 6 or 0: no address */
        const char *method, *target;
        unsigned status;
        unsigned long long bytes;
        double ms;
        const char *expected; /* after the address and time */
    } rows[] = {
        {4, "GET", "/api/search?q=ubnd", 200, 1234, 12.3456,
         "\"GET /api/search?q=ubnd HTTP/1.1\" 200 1234 12.346\n"},
        {4, "POST", "/api/similar", 413, 45, 0.5, "\"POST /api/similar HTTP/1.1\" 413 45 0.500\n"},
        /* Secrets in the URL: the value goes, the name stays. */
        {4, "GET", "/api/search?q=a&key=s3cret&TOKEN=t&keyword=k", 200, 1, 1,
         "\"GET /api/search?q=a&key=-&TOKEN=-&keyword=k HTTP/1.1\" 200 1 1.000\n"},
        /* Bytes that would end the quoted field or the line. */
        {4, "GET", "/a\"b\\c\nd\xc3\xa1", 404, 10, 2,
         "\"GET /a\\x22b\\x5Cc\\x0Ad\\xC3\\xA1 HTTP/1.1\" 404 10 2.000\n"},
        /* No request line at all (libmicrohttpd answered before it was read). */
        {4, NULL, NULL, 0, 0, 0, "\"- - HTTP/1.1\" 0 0 0.000\n"},
        {6, "GET", "/", 200, 5, 1, "\"GET / HTTP/1.1\" 200 5 1.000\n"},
        {0, "GET", "/", 200, 5, 1, "\"GET / HTTP/1.1\" 200 5 1.000\n"},
    };
    size_t failed = 0, n = sizeof rows / sizeof rows[0];
    for (size_t i = 0; i < n; i++) {
        sd_access a = {rows[i].family == 4   ? (const struct sockaddr *)&v4
                       : rows[i].family == 6 ? (const struct sockaddr *)&v6
                                             : NULL,
                       NULL,
                       rows[i].method, rows[i].target, "HTTP/1.1", rows[i].status,
                       rows[i].bytes, rows[i].ms};
        char line[4096], expected[4096];
        size_t len = sd_accesslog_format(&a, &when, line, sizeof line);
        line[len] = '\0';
        snprintf(expected, sizeof expected, "%s%s",
                 rows[i].family == 4   ? prefix4
                 : rows[i].family == 6 ? "2001:db8::1 - - [2026-12-06T08:45:01.123Z] "
                                       : "- - - [2026-12-06T08:45:01.123Z] ",
                 rows[i].expected);
        if (strcmp(line, expected) != 0)
            ts_row_fail(&failed, "row %zu: got %s expected %s", i, line, expected);
    }
    ts_rows_end(failed, n);
}

/* Behind a trusted proxy, the address it names stands first, as given. */
TS_TEST(test_client_named_by_proxy)
{
    struct sockaddr_in v4 = {.sin_family = AF_INET};
    inet_pton(AF_INET, "127.0.0.1", &v4.sin_addr);
    sd_access a = {(const struct sockaddr *)&v4, "203.0.113.9", "GET", "/", "HTTP/1.1", 200, 5, 1};
    char line[512];
    size_t len = sd_accesslog_format(&a, &when, line, sizeof line);
    line[len] = '\0';
    assert_string_equal(line, "203.0.113.9 - - [2026-12-06T08:45:01.123Z] \"GET / HTTP/1.1\" 200 5 1.000\n");
}

/* A long URL is cut, marked, and the line still ends with its status and numbers. */
TS_TEST(test_long_target_is_cut)
{
    char target[9000];
    memset(target, 'a', sizeof target - 1);
    target[0] = '/';
    target[sizeof target - 1] = '\0';
    sd_access a = {NULL, NULL, "GET", target, "HTTP/1.1", 414, 60, 0.25};
    char line[4096];
    size_t len = sd_accesslog_format(&a, &when, line, sizeof line);
    line[len] = '\0';
    assert_true(len < 4096);
    assert_non_null(strstr(line, "aaa... HTTP/1.1\" 414 60 0.250\n"));
    /* And into a small buffer too. */
    char small[256];
    len = sd_accesslog_format(&a, &when, small, sizeof small);
    static const char tail[] = "a... HTTP/1.1\" 414 60 0.250\n";
    assert_true(len <= sizeof small && len > sizeof tail);
    assert_memory_equal(small + len - (sizeof tail - 1), tail, sizeof tail - 1);
}

static char *slurp(const char *path)
{
    int fd = open(path, O_RDONLY);
    if (fd < 0)
        return NULL;
    char *text = ts_read_all(fd);
    close(fd);
    return text;
}

/* logrotate moves the file; the reopen makes a new one, and no line is lost. */
TS_TEST(test_reopen)
{
    const char *path = ts_tmp_path("access.log");
    char moved[4096];
    snprintf(moved, sizeof moved, "%s.1", path);
    tr_error err = {0};
    sd_accesslog *l = sd_accesslog_new(path, &err);
    assert_non_null(l);
    sd_access a = {NULL, NULL, "GET", "/before", "HTTP/1.1", 200, 1, 1};
    sd_accesslog_write(l, &a);
    assert_int_equal(rename(path, moved), 0);
    assert_int_equal(sd_accesslog_reopen(l, path, &err), 0);
    a.target = "/after";
    sd_accesslog_write(l, &a);
    char *old = slurp(moved), *now = slurp(path);
    assert_non_null(old);
    assert_non_null(now);
    assert_non_null(strstr(old, "/before"));
    assert_null(strstr(old, "/after"));
    assert_non_null(strstr(now, "/after"));
    free(old);
    free(now);
    /* A file that cannot be opened: the error names it, the log stays where it was. */
    assert_int_not_equal(sd_accesslog_reopen(l, "/nonexistent-dir/access.log", &err), 0);
    assert_non_null(strstr(err.message, "/nonexistent-dir/access.log"));
    a.target = "/still";
    sd_accesslog_write(l, &a);
    now = slurp(path);
    assert_non_null(strstr(now, "/still"));
    free(now);
    sd_accesslog_free(l);
    tr_error_clear(&err);
    assert_null(sd_accesslog_new("/nonexistent-dir/access.log", &err));
    assert_int_equal(err.code, TR_EIO);
}

TS_MAIN(NULL, NULL,
        cmocka_unit_test(test_lines),
        cmocka_unit_test(test_client_named_by_proxy),
        cmocka_unit_test(test_long_target_is_cut),
        cmocka_unit_test_setup_teardown(test_reopen, ts_tmp_setup, ts_tmp_teardown))
