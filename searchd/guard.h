/* guard: what searchd keeps of each open connection, and the defence against
 * clients that hold connections without ever finishing a request.
 *
 * libmicrohttpd's timeout is an idle timeout: a client that sends one byte of its
 * request head every few seconds keeps a connection for ever, and a few addresses
 * doing that with many connections take every slot (ten addresses, 600 connections,
 * a byte every 4 s, stopped the service for everyone). So a request head (the request
 * line and headers) must arrive whole within head_timeout seconds of the connection
 * opening, or of the idle timeout after the previous answer (a keep-alive connection
 * may wait that long for its next request), and at most max_pending connections may
 * be waiting for theirs: past that the one that has waited longest is closed, since
 * a real client sends its head at once. A thread closes the late ones (shutdown() of
 * the socket, which libmicrohttpd then sees as closed by the peer).
 *
 * What a reverse proxy adds (docs/hardening.md): it buffers whole requests before it
 * passes them on, so behind one only the proxy's own connections reach searchd.
 */
#ifndef SD_GUARD_H
#define SD_GUARD_H

#include "cors.h"
#include "dlist.h"
#include "tr_error.h"

#define SD_HEAD_TIMEOUT_DEFAULT 5 /* seconds; below the idle timeout */

typedef struct sd_guard sd_guard;

/* One open connection: libmicrohttpd's socket context for it. */
typedef struct sd_conn {
    sd_cors *cors; /* the CORS allow-list, for the replies (cors.h); a reference */
    /* The answer of the request under way, for the access log (reply.c sets them). */
    unsigned long long reply_bytes;
    int fd;
    int head_done;            /* its current request's head has arrived */
    long long since_ms;       /* when it started waiting for a head */
    sd_link link;             /* in the guard's list of open connections */
} sd_conn;

/* Starts the guard's thread. NULL with the error filled when it cannot. */
sd_guard *sd_guard_new(unsigned head_timeout_s, unsigned idle_timeout_s, unsigned max_pending,
                       sd_cors *cors, tr_error *err);

/* The CORS list for the connections' requests from now on (a reload): each connection
 * takes it at its next request head. The guard takes a reference to `cors`. */
void sd_guard_set_cors(sd_guard *g, sd_cors *cors);
/* Stops the thread; every connection must have been closed (sd_guard_close). */
void sd_guard_free(sd_guard *g);

/* A connection opened on socket `fd`: its record, or NULL when out of memory (the
 * connection then goes unguarded). May close the connection that has waited longest
 * for its head. */
sd_conn *sd_guard_open(sd_guard *g, int fd);
/* Its request head has arrived: also, the connection takes up the guard's current
 * CORS list (the request runs on the connection's thread, which alone reads it). */
void sd_guard_head(sd_guard *g, sd_conn *c);
/* Its request is over: it waits for the next head. */
void sd_guard_idle(sd_guard *g, sd_conn *c);
/* It is closed: the record is freed. NULL is fine. */
void sd_guard_close(sd_guard *g, sd_conn *c);

/* Connections closed for a late head, since the start (for tests and logs). */
unsigned long long sd_guard_closed(const sd_guard *g);

#endif
