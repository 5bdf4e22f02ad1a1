/* accesslog: searchd's log, one line per request, and the daemon's own events.
 *
 * Each request ends in one line (docs/monitoring.md), the Common Log Format with an
 * ISO 8601 UTC time to the millisecond and the milliseconds taken added at the end:
 *
 *     127.0.0.1 - - [2026-12-06T08:45:01.123Z] "GET /api/search?q=ubnd HTTP/1.1" 200 1234 12.345
 *
 * client address (the peer's, or the one a trusted proxy names), time, request line (method, path and query as sent, protocol),
 * status, bytes of the body sent, milliseconds from the request's first byte to its
 * last answer byte handed to the kernel. No header is ever logged (Authorization,
 * Cookie), and the values of query parameters that may hold a secret (key, token,
 * session, ...) are written as "-". Bytes outside printable ASCII, '"' and '\' are
 * written as \xHH, so that a line is always one line and parses as it reads.
 *
 * The lines go to standard error (journald keeps it under systemd) or to a file the
 * operator names, opened for appending and reopened on request (SIGHUP, after
 * logrotate has moved it). A line is written with one write(), so that lines from
 * many threads never mix. The daemon's events (start, stop, reload, errors) go to
 * standard error, each with its time: sd_log_event().
 */
#ifndef SD_ACCESSLOG_H
#define SD_ACCESSLOG_H

#include <stddef.h>
#include <sys/socket.h>
#include <time.h>

#include "tr_error.h"

typedef struct sd_accesslog sd_accesslog;

/* A log writing to the file at `path` (created with mode 0640 when missing), or to
 * standard error when `path` is NULL or "-". NULL with the error filled (TR_EIO,
 * naming the path and why) when the file cannot be opened. Free with
 * sd_accesslog_free(). */
sd_accesslog *sd_accesslog_new(const char *path, tr_error *err);
void sd_accesslog_free(sd_accesslog *l);

/* Opens `path` again (NULL or "-": standard error) and writes there from now on:
 * after logrotate moved the file, or when the configuration names another. Lines
 * being written meanwhile go to one file or the other, whole. On failure the log
 * keeps writing where it did, and the error says why. */
int sd_accesslog_reopen(sd_accesslog *l, const char *path, tr_error *err);

/* One finished request. `client` may be NULL (written "-"); `target` is the path and
 * query string as sent (NULL: "-"); status 0 when no answer was sent. */
typedef struct sd_access {
    const struct sockaddr *client;
    const char *client_name; /* when set, written instead of `client`: the address a
                                trusted proxy names (auth.h, X-Forwarded-For) */
    const char *method;
    const char *target;
    const char *protocol;
    unsigned status;
    unsigned long long bytes;
    double ms;
} sd_access;

/* Writes the line of `a`. Never allocates; safe from any thread. NULL `l`: nothing. */
void sd_accesslog_write(sd_accesslog *l, const sd_access *a);

/* Formats the line of `a`, newline included, into buf (cap bytes, at least 256): a
 * target too long for it is cut and ends in "...". Returns the line's length. */
size_t sd_accesslog_format(const sd_access *a, const struct timespec *when, char *buf,
                           size_t cap);

/* Writes "tracuu-searchd: TIME: message" on standard error, TIME as in the access
 * log; a message for operators, not for clients. */
void sd_log_event(const char *fmt, ...) __attribute__((format(printf, 1, 2)));

#endif
