/* server: libmicrohttpd set-up, the route table (the one map of {method, path} to a
 * handler: the JSON API, api_read.h and api_write.h, and the web pages, pages.h), and
 * what each request goes through before its handler (see server.h). */
#include "server.h"

#include <arpa/inet.h>
#include <microhttpd.h>
#include <stdatomic.h>
#include <netinet/in.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/socket.h>
#include <time.h>
#include <unistd.h>

#include "accesslog.h"
#include "api_read.h"
#include "api_write.h"
#include "auth.h"
#include "guard.h"
#include "monitor.h"
#include "pages.h"
#include "reply.h"
#include "request.h"

struct sd_server {
    struct MHD_Daemon *daemon;
    se_engine *engine;
    unsigned port;
    int quiet;
    sd_page_site *site; /* the web pages' configuration */
    sd_cors *cors;      /* put in every connection's socket context (cors.h) */
    sd_cache *cache;    /* answers of /api/search; NULL: none */
    sd_guard *guard;    /* connections waiting for their request head (guard.h) */
    sd_auth *auth;      /* keys and sessions (auth.h); NULL: every request is public */
    atomic_uint heavy;  /* requests of heavy routes under way */
    unsigned heavy_max;
    sd_monitor *monitor; /* the access log, the metrics, /healthz (monitor.h) */
    sd_writer *writer;  /* NULL: read-only */
    size_t max_write;   /* bytes of a write's body */
    atomic_size_t large_held;  /* bytes of bodies over SD_BODY_MAX held now */
    size_t large_max;
};

/* What one request keeps between libmicrohttpd's calls. */
typedef struct request_state {
    char *body;
    size_t len;
    size_t body_max; /* the route's cap (body_cap) */
    size_t reserved; /* bytes counted in large_held */
    int too_large;
    int busy;        /* large_held was full: answered 503 */
    size_t uri_len; /* the URL as sent, path and query string */
    int path_nul;   /* the path as sent holds %00 */
    size_t nargs;   /* '&'-separated parts of the query string as sent */
    int started;    /* on_request has seen the headers */
    /* For the access log and the metrics (monitor.h); mon's strings point below. */
    sd_monitor_req mon;
    char method[16], protocol[16];
    char client[64];
    char target[]; /* the URL as sent */
} request_state;

/* ---- The route table ---------------------------------------------------------- */

typedef struct route {
    const char *method;
    const char *path;
    int prefix; /* path is a prefix; the rest goes to the handler */
    sd_handler fn;
    /* A heavy route costs up to a second of CPU a request (the duplicate check of a
     * long text): at most heavy_max of them run at once, so that they cannot take
     * every thread from searches; one more is answered 503 with Retry-After. */
    int heavy;
} route;

static const route routes[] = {
    {"GET", "/api/search", 0, sd_api_search, 0},
    {"GET", "/api/suggest", 0, sd_api_suggest, 0},
    {"GET", "/api/doc/", 1, sd_api_doc, 0},
    {"GET", "/api/officials", 0, sd_api_officials, 0},
    {"GET", "/api/officials/", 1, sd_api_official, 0},
    {"GET", "/api/decisions", 0, sd_api_decisions, 0},
    {"GET", "/api/decisions/", 1, sd_api_decision, 0},
    {"GET", "/healthz", 0, sd_monitor_healthz, 0},
    {"GET", "/metrics", 0, sd_monitor_metrics, 0},
    {"GET", "/api/tasks", 0, sd_api_tasks, 0},
    {"POST", "/api/similar", 0, sd_api_similar, 1},
    /* The write API (api_write.h). */
    {"POST", "/api/documents", 0, sd_api_documents_post, 0},
    {"PUT", "/api/documents/", 1, sd_api_document_put, 0},
    {"DELETE", "/api/documents/", 1, sd_api_document_delete, 0},
    {"POST", "/api/files", 0, sd_api_files_post, 1},
    {"OPTIONS", "/api/", 1, sd_api_preflight, 0},
    /* The web pages (pages.h). */
    {"GET", "/", 0, sd_page_search, 0},
    {"GET", "/doc/", 1, sd_page_doc, 0},
    {"GET", "/tasks", 0, sd_page_tasks, 0},
    {"GET", "/officials", 0, sd_page_officials, 0},
    {"GET", "/officials/", 1, sd_page_official, 0},
    {"GET", "/decisions", 0, sd_page_decisions, 0},
    {"GET", "/decisions/", 1, sd_page_decision, 0},
    {"GET", "/similar", 0, sd_page_similar, 0},
    {"POST", "/similar", 0, sd_page_similar, 1},
    {"GET", "/signin", 0, sd_page_signin, 0},
    {"POST", "/signin", 0, sd_page_signin, 0},
    {"POST", "/signout", 0, sd_page_signout, 0},
    {"GET", "/static/", 1, sd_page_static, 0},
    {"GET", "/opensearch.xml", 0, sd_page_opensearch, 0},
    {"GET", "/robots.txt", 0, sd_page_robots, 0},
    {NULL, NULL, 0, sd_api_not_found, 0},
};

static enum MHD_Result run_heavy(sd_server *s, const route *r, sd_request *c)
{
    if (atomic_fetch_add(&s->heavy, 1) >= s->heavy_max) {
        atomic_fetch_sub(&s->heavy, 1);
        static const char busy[] = "busy: too many duplicate checks or uploads at once; try "
                                   "again in a second";
        if (strncmp(c->url, "/api/", 5) == 0)
            return sd_reply_busy(c->conn, busy);
        tr_error err = {0};
        tr_error_set(&err, TR_EUNAVAILABLE, "%s", busy);
        return sd_page_fail(c, &err);
    }
    enum MHD_Result ret = r->fn(c);
    atomic_fetch_sub(&s->heavy, 1);
    return ret;
}

#define NROUTES (sizeof routes / sizeof *routes - 1)

static int route_takes(const route *r, const char *url)
{
    size_t n = strlen(r->path);
    return r->prefix ? strncmp(url, r->path, n) == 0 : strcmp(url, r->path) == 0;
}

/* The route for `method` on `url`, or NULL. HEAD is answered as GET (libmicrohttpd
 * drops the body). */
static const route *find_route(const char *url, const char *method)
{
    if (strcmp(method, "HEAD") == 0)
        method = "GET";
    for (const route *r = routes; r->path; r++)
        if (route_takes(r, url) && strcmp(method, r->method) == 0)
            return r;
    return NULL;
}

/* The methods the routes take on `url`, for 405's Allow ("" when none: the path is
 * unknown). The API's preflight route takes every /api/ path and does not make one
 * known. */
static void allowed_methods(const char *url, char *buf, size_t cap)
{
    buf[0] = '\0';
    int known = 0;
    for (const route *r = routes; r->path; r++) {
        if (!route_takes(r, url))
            continue;
        known |= r->fn != sd_api_preflight;
        const char *m = strcmp(r->method, "GET") == 0 ? "GET, HEAD" : r->method;
        if (!strstr(buf, m)) {
            size_t n = strlen(buf);
            snprintf(buf + n, cap - n, "%s%s", n ? ", " : "", m);
        }
    }
    if (!known)
        buf[0] = '\0';
}

static enum MHD_Result dispatch(sd_server *s, sd_request *c, const char *method)
{
    const route *r = find_route(c->url, method);
    if (r) {
        c->method = r->method;
        c->rest = c->url + strlen(r->path);
        return r->heavy ? run_heavy(s, r, c) : r->fn(c);
    }
    char allow[96];
    allowed_methods(c->url, allow, sizeof allow);
    if (*allow) {
        const char *headers[] = {MHD_HTTP_HEADER_ALLOW, allow, NULL};
        return sd_reply_error_with(c->conn, MHD_HTTP_METHOD_NOT_ALLOWED,
                                   "method not allowed here", headers);
    }
    return sd_api_not_found(c);
}

/* ---- libmicrohttpd callbacks ---------------------------------------------------- */

/* A %00 in a parameter: handlers read most parameters as C strings, which would end
 * there, so it is refused for all of them at once. */
static enum MHD_Result find_nul(void *cls, enum MHD_ValueKind kind, const char *key,
                                size_t key_size, const char *value, size_t value_size)
{
    (void)kind;
    if (memchr(key, '\0', key_size) || (value && memchr(value, '\0', value_size))) {
        *(int *)cls = 1;
        return MHD_NO;
    }
    return MHD_YES;
}

/* What check_head() learns from the headers. */
typedef struct head_scan {
    const char *length; /* the first Content-Length */
    int conflict;       /* a second, different one */
    size_t bytes;       /* names and values */
} head_scan;

static enum MHD_Result scan_header(void *cls, enum MHD_ValueKind kind, const char *key,
                                   const char *value)
{
    (void)kind;
    head_scan *h = cls;
    h->bytes += strlen(key) + (value ? strlen(value) : 0) + 4;
    if (strcasecmp(key, MHD_HTTP_HEADER_CONTENT_LENGTH) != 0)
        return MHD_YES;
    if (h->length && strcmp(h->length, value ? value : "") != 0)
        h->conflict = 1;
    h->length = value ? value : "";
    return MHD_YES;
}

static sd_conn *conn_of(struct MHD_Connection *conn)
{
    const union MHD_ConnectionInfo *info =
        MHD_get_connection_info(conn, MHD_CONNECTION_INFO_SOCKET_CONTEXT);
    return info ? info->socket_context : NULL;
}

/* The checks of a request head, made as soon as it is in, before any body is read: an
 * answer now ends the request (libmicrohttpd then closes the connection). */
static enum MHD_Result check_head(struct MHD_Connection *conn, const request_state *rs,
                                  int *answered)
{
    *answered = 1;
    if (rs->uri_len > SD_URI_MAX)
        return sd_reply_error(conn, MHD_HTTP_URI_TOO_LONG,
                              "the URL is too long (at most 8192 bytes)");
    if (rs->path_nul)
        return sd_reply_error(conn, MHD_HTTP_BAD_REQUEST,
                              "the path holds a NUL byte (%00), which no path may hold");
    if (rs->nargs > SD_ARGS_MAX)
        return sd_reply_error(conn, MHD_HTTP_BAD_REQUEST,
                              "too many parameters in the URL (at most 64)");
    int nul = 0;
    MHD_get_connection_values_n(conn, MHD_GET_ARGUMENT_KIND, find_nul, &nul);
    if (nul)
        return sd_reply_error(conn, MHD_HTTP_BAD_REQUEST,
                              "a parameter holds a NUL byte (%00), which no text may hold");
    head_scan h = {0};
    MHD_get_connection_values(conn, MHD_HEADER_KIND, scan_header, &h);
    if (h.bytes > SD_HEADERS_MAX)
        return sd_reply_error(conn, MHD_HTTP_REQUEST_HEADER_FIELDS_TOO_LARGE,
                              "the request headers are too large (at most 32 KB)");
    if (h.conflict)
        return sd_reply_error(conn, MHD_HTTP_BAD_REQUEST,
                              "two different Content-Length headers");
    const char *te = MHD_lookup_connection_value(conn, MHD_HEADER_KIND,
                                                 MHD_HTTP_HEADER_TRANSFER_ENCODING);
    if (te)
        /* Chunked bodies are refused: every client of the API sends a length, and
         * libmicrohttpd answers a malformed chunk with an HTML page of its own. */
        return sd_reply_error(conn, MHD_HTTP_LENGTH_REQUIRED,
                              "send the body with a Content-Length, not in chunks");
    *answered = 0;
    return MHD_YES;
}

/* ---- Each request's record for the monitor ------------------------------------- */

/* A request's state, from its first callback: the clock starts, the URL as sent is
 * kept for the access log. NULL when out of memory. */
static request_state *new_state(sd_server *s, const char *uri)
{
    size_t len = strlen(uri);
    request_state *rs = calloc(1, sizeof *rs + len + 1);
    if (!rs)
        return NULL;
    memcpy(rs->target, uri, len + 1);
    rs->mon.target = rs->target;
    sd_monitor_begin(s->monitor, &rs->mon);
    return rs;
}

/* Copies what the access log writes of the request line, and finds the route the
 * metrics count the request under. */
static void note_head(request_state *rs, const char *url, const char *method,
                      const char *version)
{
    snprintf(rs->method, sizeof rs->method, "%s", method);
    snprintf(rs->protocol, sizeof rs->protocol, "%s", version);
    rs->mon.method = rs->method;
    rs->mon.protocol = rs->protocol;
    const route *r = find_route(url, method);
    rs->mon.route = r ? (size_t)(r - routes) : NROUTES;
}

/* The client's address as auth.h found it (behind a trusted proxy, the one the
 * proxy names), for the access log. */
static void note_client(request_state *rs, const char *client)
{
    if (!client)
        return;
    snprintf(rs->client, sizeof rs->client, "%s", client);
    rs->mon.client = rs->client;
}

/* The cap on a request's body, known from its head: a write's (when writes are
 * on), a duplicate check's form with a file, or SD_BODY_MAX. */
static size_t body_cap(const sd_server *s, struct MHD_Connection *conn, const char *url,
                       const char *method)
{
    int post = strcmp(method, "POST") == 0;
    if (s->writer && ((post && (strcmp(url, "/api/documents") == 0 ||
                                strcmp(url, "/api/files") == 0)) ||
                      (strcmp(method, "PUT") == 0 && strncmp(url, "/api/documents/", 15) == 0)))
        return s->max_write;
    if (post && (strcmp(url, "/api/similar") == 0 || strcmp(url, "/similar") == 0) &&
        sd_is_form(conn))
        return SD_UPLOAD_MAX;
    return SD_BODY_MAX;
}

/* Counts a body's growth to `len` bytes against large_held once it is over
 * SD_BODY_MAX; 0 when that would pass large_max. */
static int reserve(sd_server *s, request_state *rs, size_t len)
{
    if (len <= SD_BODY_MAX || len <= rs->reserved)
        return 1;
    size_t more = len - rs->reserved;
    if (atomic_fetch_add(&s->large_held, more) + more > s->large_max) {
        atomic_fetch_sub(&s->large_held, more);
        return 0;
    }
    rs->reserved = len;
    return 1;
}

static enum MHD_Result on_request(void *cls, struct MHD_Connection *conn, const char *url,
                                  const char *method, const char *version,
                                  const char *upload_data, size_t *upload_size, void **state)
{
    sd_server *s = cls;
    request_state *rs = *state;
    if (!rs || !rs->started) {
        /* First call: only the head is in. The state (made by on_uri) waits for the
         * body. */
        if (!rs && !(rs = new_state(s, "")))
            return MHD_NO;
        rs->started = 1;
        *state = rs;
        sd_guard_head(s->guard, conn_of(conn));
        note_head(rs, url, method, version);
        int answered;
        enum MHD_Result ret = check_head(conn, rs, &answered);
        rs->body_max = body_cap(s, conn, url, method);
        return answered ? ret : MHD_YES;
    }
    if (*upload_size) {
        size_t len = rs->len + *upload_size;
        if (len > rs->body_max) {
            rs->too_large = 1; /* keep reading to the end, then answer 413 */
        } else if (!rs->too_large && !rs->busy && !(rs->busy = !reserve(s, rs, len))) {
            char *b = realloc(rs->body, len + 1);
            if (!b)
                return MHD_NO;
            memcpy(b + rs->len, upload_data, *upload_size);
            rs->body = b;
            rs->len = len;
            rs->body[rs->len] = '\0';
        }
        *upload_size = 0;
        return MHD_YES;
    }
    if (rs->too_large)
        return sd_reply_error(conn, MHD_HTTP_CONTENT_TOO_LARGE, "the request body is too large");
    if (rs->busy)
        return sd_reply_busy(conn, "busy: too many large uploads at once; try again in a "
                                   "second");
    sd_request c = {.engine = s->engine,
                    .site = s->site,
                    .cache = s->cache,
                    .conn = conn,
                    .method = method,
                    .url = url,
                    .rest = "",
                    .body = rs->body,
                    .body_len = rs->len,
                    .quiet = s->quiet,
                    .scope = SD_SCOPE_PUBLIC,
                    .key_name = NULL,
                    .monitor = s->monitor,
                    .auth = NULL,
                    .client = NULL,
                    .session = NULL,
                    .writer = s->writer};
    sd_auth_state st;
    enum MHD_Result ret;
    int answered = s->auth && sd_auth_identify(s->auth, &c, &st, &ret);
    note_client(rs, c.client);
    if (answered)
        return ret;
    return dispatch(s, &c, method);
}

/* libmicrohttpd shows the URL as sent before it splits and decodes it; what this
 * returns becomes the request's state, so its length is known to on_request. The
 * completion callback frees it even when the request goes no further. */
static void *on_uri(void *cls, const char *uri, struct MHD_Connection *conn)
{
    sd_conn *sc = conn_of(conn);
    if (sc)
        sc->reply_bytes = 0; /* the previous request's, on a kept-alive connection */
    request_state *rs = new_state(cls, uri);
    if (!rs)
        return NULL;
    rs->uri_len = strlen(uri);
    const char *q = strchr(uri, '?');
    size_t path_len = q ? (size_t)(q - uri) : rs->uri_len;
    for (size_t i = 0; i + 2 < path_len && !rs->path_nul; i++)
        rs->path_nul = uri[i] == '%' && uri[i + 1] == '0' && uri[i + 2] == '0';
    for (const char *p = q; p && *p; p++)
        rs->nargs += *p == '&' || p == q;
    return rs;
}

static void on_completed(void *cls, struct MHD_Connection *conn, void **state,
                         enum MHD_RequestTerminationCode toe)
{
    sd_server *s = cls;
    request_state *rs = *state;
    if (rs)
        sd_monitor_end(s->monitor, conn, &rs->mon);
    if (toe == MHD_REQUEST_TERMINATED_COMPLETED_OK)
        sd_guard_idle(s->guard, conn_of(conn)); /* keep-alive: the next head is due */
    if (rs) {
        atomic_fetch_sub(&s->large_held, rs->reserved);
        free(rs->body);
        free(rs);
        *state = NULL;
    }
}

/* Every connection is known to the guard (guard.h), and carries the CORS allow-list
 * for the replies (cors.h). */
static void on_connection(void *cls, struct MHD_Connection *conn, void **socket_context,
                          enum MHD_ConnectionNotificationCode toe)
{
    sd_server *s = cls;
    if (toe == MHD_CONNECTION_NOTIFY_STARTED) {
        const union MHD_ConnectionInfo *info =
            MHD_get_connection_info(conn, MHD_CONNECTION_INFO_CONNECTION_FD);
        *socket_context = info ? sd_guard_open(s->guard, info->connect_fd) : NULL;
    } else if (toe == MHD_CONNECTION_NOTIFY_CLOSED) {
        sd_guard_close(s->guard, *socket_context);
        *socket_context = NULL;
    }
}

static void on_mhd_log(void *cls, const char *fmt, va_list ap)
{
    sd_server *s = cls;
    if (s->quiet)
        return;
    char msg[512];
    vsnprintf(msg, sizeof msg, fmt, ap);
    size_t n = strlen(msg);
    while (n && msg[n - 1] == '\n') /* sd_log_event() ends the line */
        msg[--n] = '\0';
    sd_log_event("http: %s", msg);
}

/* The metrics' label of each route: its pattern, ending in "*" for a prefix. Made
 * once; the strings live as long as the program. */
static const char *const *route_labels(void)
{
    static char labels[NROUTES][64];
    static const char *ptrs[NROUTES];
    for (size_t i = 0; i < NROUTES; i++) {
        snprintf(labels[i], sizeof labels[i], "%s%s", routes[i].path, routes[i].prefix ? "*" : "");
        ptrs[i] = labels[i];
    }
    return ptrs;
}

/* Frees what sd_server_start() made, in the reverse order; for a failed start too. */
static void server_free(sd_server *s)
{
    sd_monitor_free(s->monitor);
    sd_guard_free(s->guard);
    sd_cache_free(s->cache);
    sd_cors_free(s->cors);
    sd_page_site_free(s->site);
    free(s);
}

sd_server *sd_server_start(se_engine *e, const sd_server_config *c, tr_error *err)
{
    sd_server *s = tr_error_calloc(sizeof *s, err);
    if (!s)
        return NULL;
    s->engine = e;
    s->quiet = c->quiet;
    s->auth = c->auth;
    s->writer = c->writer;
    s->max_write = (size_t)(c->max_write_mb ? c->max_write_mb : SD_MAX_WRITE_MB_DEFAULT) << 20;
    s->large_max = c->large_bodies_mb                      ? (size_t)c->large_bodies_mb << 20
                   : s->max_write > SD_LARGE_BODIES_MEMORY ? s->max_write
                                                           : SD_LARGE_BODIES_MEMORY;
    const char *listen = c->listen ? c->listen : "127.0.0.1";
    struct sockaddr_storage addr;
    memset(&addr, 0, sizeof addr);
    unsigned flags = MHD_USE_INTERNAL_POLLING_THREAD | MHD_USE_EPOLL | MHD_USE_ERROR_LOG;
    struct sockaddr_in *v4 = (struct sockaddr_in *)&addr;
    struct sockaddr_in6 *v6 = (struct sockaddr_in6 *)&addr;
    if (inet_pton(AF_INET, listen, &v4->sin_addr) == 1) {
        v4->sin_family = AF_INET;
        v4->sin_port = htons((uint16_t)c->port);
    } else if (inet_pton(AF_INET6, listen, &v6->sin6_addr) == 1) {
        v6->sin6_family = AF_INET6;
        v6->sin6_port = htons((uint16_t)c->port);
        flags |= MHD_USE_IPv6;
    } else {
        free(s);
        tr_error_set(err, TR_EINVAL, "--listen must be an IPv4 or IPv6 address");
        return NULL;
    }
    unsigned threads = c->threads;
    if (threads == 0) {
        long n = sysconf(_SC_NPROCESSORS_ONLN);
        threads = n > 0 && n < 256 ? (unsigned)n : 2;
    }
    s->site = sd_page_site_new(c->web_dir, c->frame_ancestors, err);
    s->cors = s->site ? sd_cors_new(c->cors, err) : NULL;
    if (s->cors && c->cache_mb)
        s->cache = sd_cache_new((size_t)c->cache_mb << 20, se_pool_shards(e->pool), err);
    unsigned max_conn = c->max_connections ? c->max_connections : SD_MAX_CONNECTIONS_DEFAULT;
    if (s->cors && (!c->cache_mb || s->cache))
        s->guard = sd_guard_new(c->head_timeout, c->timeout ? c->timeout : SD_TIMEOUT_DEFAULT,
                                c->max_pending ? c->max_pending : max_conn / 4, s->cors, err);
    s->heavy_max = c->max_similar ? c->max_similar : threads > 1 ? threads / 2 : 1;
    if (s->guard)
        s->monitor = sd_monitor_new(route_labels(), NROUTES, c->access_log, c->quiet, s->cache,
                                    s->guard, err);
    if (!s->monitor) {
        server_free(s);
        return NULL;
    }
    s->daemon = MHD_start_daemon(
        flags, (uint16_t)c->port, NULL, NULL, on_request, s,
        MHD_OPTION_EXTERNAL_LOGGER, on_mhd_log, s,
        MHD_OPTION_SOCK_ADDR, (struct sockaddr *)&addr,
        MHD_OPTION_THREAD_POOL_SIZE, threads,
        MHD_OPTION_NOTIFY_COMPLETED, on_completed, s,
        MHD_OPTION_NOTIFY_CONNECTION, on_connection, s,
        MHD_OPTION_URI_LOG_CALLBACK, on_uri, s,
        MHD_OPTION_CONNECTION_TIMEOUT, c->timeout ? c->timeout : SD_TIMEOUT_DEFAULT,
        MHD_OPTION_CONNECTION_LIMIT, max_conn,
        MHD_OPTION_PER_IP_CONNECTION_LIMIT, c->max_per_ip ? c->max_per_ip : SD_MAX_PER_IP_DEFAULT,
        MHD_OPTION_CONNECTION_MEMORY_LIMIT, (size_t)SD_REQUEST_MEMORY,
        MHD_OPTION_END);
    if (!s->daemon) {
        server_free(s);
        tr_error_set(err, TR_EIO, "cannot listen on %s port %u (in use, or not allowed?)",
                     listen, c->port);
        return NULL;
    }
    const union MHD_DaemonInfo *info = MHD_get_daemon_info(s->daemon, MHD_DAEMON_INFO_BIND_PORT);
    s->port = info ? info->port : c->port;
    return s;
}

unsigned sd_server_port(const sd_server *s)
{
    return s->port;
}

void sd_server_stop(sd_server *s)
{
    if (!s)
        return;
    MHD_stop_daemon(s->daemon);
    server_free(s);
}

/* ---- Changes while running (reload.h) --------------------------------------------- */

int sd_server_reopen_log(sd_server *s, const char *path, tr_error *err)
{
    return sd_monitor_reopen_log(s->monitor, path, err);
}

void sd_server_settings_changed(sd_server *s)
{
    if (s->cache)
        sd_cache_clear(s->cache);
}

void sd_server_use_cors(sd_server *s, sd_cors *cors)
{
    sd_guard_set_cors(s->guard, cors);
    sd_cors_free(s->cors);
    s->cors = cors;
}

void sd_server_count_reload(sd_server *s, int ok)
{
    sd_monitor_reloaded(s->monitor, ok);
}

int sd_server_quiet(const sd_server *s)
{
    return s->quiet;
}
