/* request: what a handler is given for one request.
 *
 * server.c's route table is the one place that maps {method, path} to a handler, for
 * the JSON API (server.c) and the web pages (pages.h) alike; every handler has the
 * type sd_handler and reads the request from an sd_request, which lives for the
 * handler's call only.
 */
#ifndef SD_REQUEST_H
#define SD_REQUEST_H

#include <microhttpd.h>
#include <stddef.h>

#include "cache.h"
#include "engine.h"

struct sd_page_site;
struct sd_monitor;
struct sd_writer;
struct sd_auth;
struct sd_session_info;

/* Who is asking: set by the server from the request's key or signed-in session
 * before the handler runs (docs/security.md). Handlers see internal documents only
 * from SD_SCOPE_SEARCH up, and write only with SD_SCOPE_ADMIN. */
typedef enum sd_scope {
    SD_SCOPE_PUBLIC = 0, /* no key: public documents only */
    SD_SCOPE_SEARCH = 1, /* a key (or session) of scope search: internal documents too */
    SD_SCOPE_ADMIN = 2,  /* search, and the write API */
} sd_scope;

typedef struct sd_request {
    se_engine *engine;
    const struct sd_page_site *site; /* the web pages' configuration (pages.h) */
    sd_cache *cache;                 /* answers of /api/search; NULL: none */
    struct MHD_Connection *conn;
    const char *method; /* the route's: GET (also for HEAD), POST or OPTIONS */
    const char *url;    /* the decoded path */
    const char *rest;   /* the path after a prefix route's prefix; "" for other routes */
    const char *body;   /* the request body, NUL-terminated; NULL when there is none */
    size_t body_len;
    int quiet; /* log nothing */
    sd_scope scope;
    const char *key_name; /* the name of the key or session's key (audit log); NULL: none */
    struct sd_monitor *monitor; /* for /healthz and /metrics (monitor.h) */
    /* Set with the scope (auth.h): the keys and sessions, the client's address (the
     * peer's, or a trusted proxy's X-Forwarded-For) and the signed-in session of the
     * web pages (NULL: none; its CSRF token goes into every form that posts). */
    struct sd_auth *auth;
    const char *client;
    const struct sd_session_info *session;
    struct sd_writer *writer; /* the write API's (writes.h); NULL: searchd is read-only */
} sd_request;

/* What the engine shows this caller (search/view.h): internal documents from
 * SD_SCOPE_SEARCH up, public ones only below. Every handler passes it to the engine. */
se_view sd_request_view(const sd_request *r);

/* A route's handler: queues the answer and returns libmicrohttpd's result. */
typedef enum MHD_Result (*sd_handler)(const sd_request *r);

/* Whether the request may do what needs `need`: 0 when its scope is enough; otherwise
 * it is answered (JSON for /api/, a page otherwise): 401 with WWW-Authenticate when it
 * came with no key, 403 when its key's scope is too small (audited as "forbidden"),
 * and *ret is libmicrohttpd's result for the handler to return:
 *
 *     enum MHD_Result ret;
 *     if (sd_request_require(r, SD_SCOPE_ADMIN, &ret))
 *         return ret;
 */
int sd_request_require(const sd_request *r, sd_scope need, enum MHD_Result *ret);

/* The value of the query parameter `key` as libmicrohttpd decoded it, or NULL; its
 * length in *len (may be NULL). The string belongs to the connection. It holds no
 * NUL byte: the server refuses such requests before any handler runs. */
const char *sd_request_arg(const sd_request *r, const char *key, size_t *len);

/* sd_request_arg() as an se_param_fn (search.h; ctx is the sd_request), so that the
 * API and the pages read parameters with the engine's own readers. */
const char *sd_request_param(void *ctx, const char *key, size_t *len);

/* Whether the body is a form (multipart/form-data, with a proposal file or not, or
 * application/x-www-form-urlencoded) rather than JSON. */
int sd_is_form(struct MHD_Connection *conn);

/* Whether the request's body is to be read as a form: sd_is_form(), except a
 * url-encoded body that opens like JSON ({ or [), as `curl -d '{...}'` sends. */
int sd_request_is_form(const sd_request *r);

#endif
