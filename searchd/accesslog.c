/* accesslog: the access log's lines and file, and the daemon's event lines (see
 * accesslog.h). */
#include "accesslog.h"

#include <arpa/inet.h>
#include <errno.h>
#include <fcntl.h>
#include <netinet/in.h>
#include <stdarg.h>
#include <stdio.h>
#include <string.h>
#include <strings.h>
#include <stdlib.h>
#include <unistd.h>

/* A target longer than this is cut in the log: a line stays under PIPE_BUF, so that
 * one write() to journald's pipe is never split. */
#define TARGET_MAX 2048

struct sd_accesslog {
    int fd; /* our own descriptor: reopen dup2()s the new file onto it */
};

/* Query parameters whose values are never written (a key in the URL is a mistake
 * the log must not make worse). */
static const char *const secret_params[] = {"key",    "api_key",  "apikey", "token",
                                            "access_token", "session", "password", "secret"};

static int open_target(const char *path, tr_error *err)
{
    int fd = !path || strcmp(path, "-") == 0
                 ? fcntl(STDERR_FILENO, F_DUPFD_CLOEXEC, 3)
                 : open(path, O_WRONLY | O_APPEND | O_CREAT | O_CLOEXEC, 0640);
    if (fd < 0)
        tr_error_set(err, TR_EIO, "cannot open the access log %s: %s",
                     path && strcmp(path, "-") ? path : "(standard error)", strerror(errno));
    return fd;
}

sd_accesslog *sd_accesslog_new(const char *path, tr_error *err)
{
    sd_accesslog *l = tr_error_calloc(sizeof *l, err);
    if (!l)
        return NULL;
    l->fd = open_target(path, err);
    if (l->fd < 0) {
        free(l);
        return NULL;
    }
    return l;
}

void sd_accesslog_free(sd_accesslog *l)
{
    if (!l)
        return;
    close(l->fd);
    free(l);
}

int sd_accesslog_reopen(sd_accesslog *l, const char *path, tr_error *err)
{
    int fd = open_target(path, err);
    if (fd < 0)
        return TR_EIO;
    /* dup2() replaces the file behind l->fd in one step: a write() running in another
     * thread goes whole to the old file or whole to the new. */
    int rc = dup2(fd, l->fd) < 0 ? tr_error_set(err, TR_EIO, "cannot reopen the access log: %s",
                                                strerror(errno))
                                 : 0;
    close(fd);
    return rc;
}

/* "2026-12-06T08:45:01.123Z" into buf (at least 32 bytes). */
static void iso_time(const struct timespec *t, char *buf, size_t cap)
{
    struct tm tm;
    gmtime_r(&t->tv_sec, &tm);
    size_t n = strftime(buf, cap, "%Y-%m-%dT%H:%M:%S", &tm);
    snprintf(buf + n, cap - n, ".%03ldZ", t->tv_nsec / 1000000L);
}

/* Appends to buf[*n..cap) what fits; the line is cut, not overrun. */
static void put(char *buf, size_t cap, size_t *n, const char *s, size_t len)
{
    if (*n >= cap)
        return;
    size_t room = cap - *n;
    if (len > room)
        len = room;
    memcpy(buf + *n, s, len);
    *n += len;
}

static void put_escaped(char *buf, size_t cap, size_t *n, const char *s, size_t len)
{
    for (size_t i = 0; i < len; i++) {
        unsigned char ch = (unsigned char)s[i];
        if (ch <= 0x20 || ch >= 0x7f || ch == '"' || ch == '\\') {
            char hex[5];
            snprintf(hex, sizeof hex, "\\x%02X", ch);
            put(buf, cap, n, hex, 4);
        } else {
            put(buf, cap, n, (const char *)&s[i], 1);
        }
    }
}

static int is_secret(const char *name, size_t len)
{
    for (size_t i = 0; i < sizeof secret_params / sizeof *secret_params; i++)
        if (strlen(secret_params[i]) == len && strncasecmp(secret_params[i], name, len) == 0)
            return 1;
    return 0;
}

/* The target, its secret parameters' values written as "-". */
static void put_target(char *buf, size_t cap, size_t *n, const char *t)
{
    const char *q = strchr(t, '?');
    size_t path_len = q ? (size_t)(q - t) : strlen(t);
    put_escaped(buf, cap, n, t, path_len);
    for (const char *p = q; p && *p;) {
        put(buf, cap, n, p, 1); /* '?' or '&' */
        p++;
        size_t len = strcspn(p, "&");
        const char *eq = memchr(p, '=', len);
        if (eq && is_secret(p, (size_t)(eq - p))) {
            put_escaped(buf, cap, n, p, (size_t)(eq - p) + 1);
            put(buf, cap, n, "-", 1);
        } else {
            put_escaped(buf, cap, n, p, len);
        }
        p += len;
    }
}

static void put_client(char *buf, size_t cap, size_t *n, const sd_access *a)
{
    if (a->client_name) {
        put_escaped(buf, cap, n, a->client_name, strlen(a->client_name));
        return;
    }
    const struct sockaddr *sa = a->client;
    char addr[INET6_ADDRSTRLEN] = "-";
    if (sa && sa->sa_family == AF_INET)
        inet_ntop(AF_INET, &((const struct sockaddr_in *)sa)->sin_addr, addr, sizeof addr);
    else if (sa && sa->sa_family == AF_INET6)
        inet_ntop(AF_INET6, &((const struct sockaddr_in6 *)sa)->sin6_addr, addr, sizeof addr);
    put(buf, cap, n, addr, strlen(addr));
}

size_t sd_accesslog_format(const sd_access *a, const struct timespec *when, char *buf,
                           size_t cap)
{
    char tail[128], stamp[40];
    iso_time(when, stamp, sizeof stamp);
    size_t n = 0;
    put_client(buf, cap, &n, a);
    put(buf, cap, &n, " - - [", 6);
    put(buf, cap, &n, stamp, strlen(stamp));
    put(buf, cap, &n, "] \"", 3);
    put_escaped(buf, cap, &n, a->method ? a->method : "-", strlen(a->method ? a->method : "-"));
    put(buf, cap, &n, " ", 1);
    /* Room is kept for the end of the line, which a long target must not crowd out. */
    int len = snprintf(tail, sizeof tail, " %s\" %u %llu %.3f\n",
                       a->protocol ? a->protocol : "-", a->status, a->bytes, a->ms);
    size_t tail_len = len > 0 && (size_t)len < sizeof tail ? (size_t)len : 0;
    size_t limit = cap - tail_len - 3 < n + TARGET_MAX ? cap - tail_len - 3 : n + TARGET_MAX;
    size_t before = n;
    put_target(buf, limit, &n, a->target ? a->target : "-");
    if (n == limit && a->target && n - before >= 1) {
        put(buf, cap, &n, "...", 3);
    }
    put(buf, cap, &n, tail, tail_len);
    return n;
}

void sd_accesslog_write(sd_accesslog *l, const sd_access *a)
{
    if (!l)
        return;
    char line[TARGET_MAX + 512];
    struct timespec now;
    clock_gettime(CLOCK_REALTIME, &now);
    size_t n = sd_accesslog_format(a, &now, line, sizeof line);
    /* A failed write (disk full) is not the client's problem, nor worth a second line
     * that would fail the same way. */
    ssize_t w = write(l->fd, line, n);
    (void)w;
}

void sd_log_event(const char *fmt, ...)
{
    char line[1024], stamp[40];
    struct timespec now;
    clock_gettime(CLOCK_REALTIME, &now);
    iso_time(&now, stamp, sizeof stamp);
    int n = snprintf(line, sizeof line, "tracuu-searchd: %s: ", stamp);
    va_list ap;
    va_start(ap, fmt);
    int m = vsnprintf(line + n, sizeof line - (size_t)n - 1, fmt, ap);
    va_end(ap);
    size_t len = (size_t)n + (m < 0 ? 0 : (size_t)m < sizeof line - (size_t)n - 1
                                                ? (size_t)m
                                                : sizeof line - (size_t)n - 2);
    line[len++] = '\n';
    ssize_t w = write(STDERR_FILENO, line, len);
    (void)w;
}
