/* server: searchd's HTTP side, libmicrohttpd with a route table.
 *
 * A static table {method, path, handler} ends in a 404 entry (libmicrohttpd's own
 * examples are built this way). Handlers are thin: read parameters, call the
 * engine (search.h), write JSON through reply.h. Request bodies are read
 * incrementally into per-request state with a cap; the state is freed in the
 * completion callback whatever happens to the connection.
 */
#ifndef SD_SERVER_H
#define SD_SERVER_H

#include "cors.h"
#include "auth.h"
#include "engine.h"
#include "tr_error.h"

#define SD_BODY_MAX (1024 * 1024) /* larger request bodies get 413 */
/* Limits against clients that hold connections or send too much (docs/hardening.md).
 * Each is answered with its status and a JSON error as soon as the request head is in:
 * a URL (path and query string, as sent) over SD_URI_MAX gets 414, more than
 * SD_ARGS_MAX parameters, %00 in the path or two different Content-Length headers
 * 400, headers over SD_HEADERS_MAX 431, a chunked body 411. libmicrohttpd's per-connection buffer, SD_REQUEST_MEMORY,
 * is large enough for any URL under the limit with every parameter parsed (about 64
 * bytes each); only a request line or headers over it get libmicrohttpd's own answer,
 * which a reverse proxy in front never lets through. */
#define SD_URI_MAX 8192
#define SD_ARGS_MAX 64
#define SD_HEADERS_MAX (32 * 1024)
#define SD_REQUEST_MEMORY (512 * 1024)
#define SD_MAX_CONNECTIONS_DEFAULT 512
#define SD_MAX_PER_IP_DEFAULT 64
#define SD_TIMEOUT_DEFAULT 10 /* seconds a connection may stay idle */

typedef struct sd_server_config {
    const char *listen; /* IPv4 or IPv6 address; NULL for 127.0.0.1 */
    unsigned port;      /* 0 picks a free port (see sd_server_port) */
    unsigned threads;   /* 0: one per core */
    int quiet;          /* no access log on stderr, no start/stop/reload events */
    /* 0 for each: the SD_*_DEFAULT above. Connections over a limit are closed at
     * once, unanswered. Behind a reverse proxy every client has the proxy's address:
     * give max_per_ip the value of max_connections there. */
    unsigned max_connections; /* open connections in all */
    unsigned max_per_ip;      /* open connections from one address */
    unsigned timeout;         /* seconds without traffic before a connection is closed */
    /* Seconds for a request head to arrive whole, and connections that may wait for
     * theirs at once (guard.h; 0: SD_HEAD_TIMEOUT_DEFAULT, max_connections / 4). */
    unsigned head_timeout;
    unsigned max_pending;
    /* Duplicate checks (POST /api/similar and /similar) run at once; one more gets
     * 503 with Retry-After, so that they cannot take every thread from searches. 0:
     * half the threads, at least one. */
    unsigned max_similar;
    /* The web pages (pages.h): where web/ is (NULL: the source tree's), the origins
     * whose pages may call the API (cors.h; NULL: none), and who may frame the pages
     * (a CSP frame-ancestors list; NULL: 'none'). */
    const char *web_dir;
    const char *cors;
    const char *frame_ancestors;
    unsigned cache_mb; /* megabytes of /api/search answers kept (cache.h); 0: none */
    /* The access log (accesslog.h): a file, or "-" for standard error; NULL: standard
     * error unless quiet. */
    const char *access_log;
    /* Keys and sessions (auth.h; not owned, must outlive the server): every request's
     * scope comes from its credentials. NULL: every request is public. */
    sd_auth *auth;
} sd_server_config;

typedef struct sd_server sd_server;

/* Starts serving `e` (not owned; must outlive the server). */
sd_server *sd_server_start(se_engine *e, const sd_server_config *c, tr_error *err);

/* The port actually bound. */
unsigned sd_server_port(const sd_server *s);

/* Stops accepting, finishes the requests under way, frees the server. NULL is fine. */
void sd_server_stop(sd_server *s);

/* ---- Changes while running: reload.h calls these from the main thread ---- */

/* The access log from now on: `path` as sd_server_config.access_log (reopened, for
 * logrotate). On failure nothing changes. */
int sd_server_reopen_log(sd_server *s, const char *path, tr_error *err);

/* The engine's settings have changed (its synonyms): the result cache is emptied. */
void sd_server_settings_changed(sd_server *s);

/* The CORS list for requests from now on (taken over; cors.h). */
void sd_server_use_cors(sd_server *s, sd_cors *cors);

/* Counts a reload asked, and whether it took effect, for /metrics. */
void sd_server_count_reload(sd_server *s, int ok);

/* Whether the server was started quiet. */
int sd_server_quiet(const sd_server *s);

#endif
