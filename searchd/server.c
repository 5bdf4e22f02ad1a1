/* server: libmicrohttpd set-up, the route table and the handlers (see server.h). */
#include "server.h"

#include <arpa/inet.h>
#include <microhttpd.h>
#include <netinet/in.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <time.h>
#include <unistd.h>

#include "complete.h"
#include "knowledge.h"
#include "reply.h"
#include "similar.h"
#include "tasks.h"

struct sd_server {
    struct MHD_Daemon *daemon;
    sd_engine *engine;
    unsigned port;
    int quiet;
};

/* What one request keeps between libmicrohttpd's calls. */
typedef struct request_state {
    char *body;
    size_t len;
    int too_large;
} request_state;

typedef struct route_ctx {
    sd_server *server;
    struct MHD_Connection *conn;
    const char *url;
    const char *rest;       /* the path after a prefix route's prefix */
    const request_state *rs;
} route_ctx;

typedef enum MHD_Result (*handler_fn)(const route_ctx *c);

/* ---- Handlers ---------------------------------------------------------------- */

static unsigned status_for(int code)
{
    switch (code) {
    case TR_EINVAL: return MHD_HTTP_BAD_REQUEST;
    case TR_ELIMIT: return MHD_HTTP_BAD_REQUEST;
    case TR_ENOTFOUND: return MHD_HTTP_NOT_FOUND;
    case TR_ENOMEM: return MHD_HTTP_SERVICE_UNAVAILABLE;
    default: return MHD_HTTP_INTERNAL_SERVER_ERROR;
    }
}

static enum MHD_Result reply_failure(const route_ctx *c, const tr_error *err)
{
    unsigned status = status_for(err->code);
    if (status >= 500 && !c->server->quiet)
        fprintf(stderr, "tracuu-searchd: %s %s: %s\n", c->url, tr_error_name(err->code),
                err->message);
    return sd_reply_error(c->conn, status,
                          status >= 500 ? "the search engine failed; see its log" : err->message);
}

static const char *arg(const route_ctx *c, const char *key, size_t *len)
{
    const char *v = NULL;
    size_t n = 0;
    if (MHD_lookup_connection_value_n(c->conn, MHD_GET_ARGUMENT_KIND, key, strlen(key), &v, &n) !=
        MHD_YES)
        v = NULL;
    if (len)
        *len = v ? n : 0;
    return v;
}

static enum MHD_Result h_search(const route_ctx *c)
{
    sd_search_params p = {0};
    p.q = arg(c, "q", &p.qlen);
    p.page = arg(c, "page", NULL);
    p.per_page = arg(c, "per_page", NULL);
    p.type = arg(c, "type", NULL);
    p.from = arg(c, "from", NULL);
    p.to = arg(c, "to", NULL);
    p.sort = arg(c, "sort", NULL);
    p.year = arg(c, "year", NULL);
    p.province = arg(c, "province", NULL);
    p.org = arg(c, "org", NULL);
    p.person = arg(c, "person", NULL);
    p.doc_type = arg(c, "doc_type", NULL);
    p.facets = arg(c, "facets", NULL);
    json_t *out = NULL;
    tr_error err = {0};
    if (sd_search(c->server->engine, &p, &out, &err))
        return reply_failure(c, &err);
    enum MHD_Result ret = sd_reply_json(c->conn, MHD_HTTP_OK, out);
    json_decref(out);
    return ret;
}

static enum MHD_Result h_suggest(const route_ctx *c)
{
    sd_complete_params p = {0};
    p.q = arg(c, "q", &p.qlen);
    p.limit = arg(c, "limit", NULL);
    json_t *out = NULL;
    tr_error err = {0};
    if (sd_complete(c->server->engine, &p, &out, &err))
        return reply_failure(c, &err);
    enum MHD_Result ret = sd_reply_json(c->conn, MHD_HTTP_OK, out);
    json_decref(out);
    return ret;
}

static enum MHD_Result h_doc(const route_ctx *c)
{
    json_t *out = NULL;
    tr_error err = {0};
    if (sd_doc(c->server->engine, c->rest, &out, &err))
        return reply_failure(c, &err);
    enum MHD_Result ret = sd_reply_json(c->conn, MHD_HTTP_OK, out);
    json_decref(out);
    return ret;
}

static enum MHD_Result h_healthz(const route_ctx *c)
{
    uint64_t n = 0;
    tr_error err = {0};
    if (sd_doccount(c->server->engine, &n, &err))
        return reply_failure(c, &err);
    json_t *out = json_pack("{s:s, s:I}", "status", "ok", "documents", (json_int_t)n);
    enum MHD_Result ret = sd_reply_json(c->conn, MHD_HTTP_OK, out);
    json_decref(out);
    return ret;
}

static enum MHD_Result h_similar(const route_ctx *c)
{
    json_t *root = NULL, *out = NULL;
    sd_similar_params p;
    tr_error err = {0};
    if (sd_similar_parse(c->rs->body, c->rs->len, &root, &p, &err) ||
        sd_similar(c->server->engine, &p, &out, &err)) {
        json_decref(root);
        return reply_failure(c, &err);
    }
    enum MHD_Result ret = sd_reply_json(c->conn, MHD_HTTP_OK, out);
    json_decref(out);
    json_decref(root);
    return ret;
}

static enum MHD_Result h_tasks(const route_ctx *c)
{
    sd_tasks_params p = {0};
    p.q = arg(c, "q", &p.qlen);
    p.field = arg(c, "field", NULL);
    p.level = arg(c, "level", NULL);
    p.status = arg(c, "status", NULL);
    p.org = arg(c, "org", NULL);
    p.pi = arg(c, "pi", NULL);
    p.year_from = arg(c, "year_from", NULL);
    p.year_to = arg(c, "year_to", NULL);
    p.sort = arg(c, "sort", NULL);
    p.page = arg(c, "page", NULL);
    p.per_page = arg(c, "per_page", NULL);
    json_t *out = NULL;
    tr_error err = {0};
    if (sd_tasks(c->server->engine, &p, &out, &err))
        return reply_failure(c, &err);
    enum MHD_Result ret = sd_reply_json(c->conn, MHD_HTTP_OK, out);
    json_decref(out);
    return ret;
}

/* Officials and decisions (knowledge.h): a list by ?q=, or one by the rest of the path
 * (libmicrohttpd has decoded it: /api/decisions/01%2FNQ-CP arrives as 01/NQ-CP). */
static enum MHD_Result reply_or_fail(const route_ctx *c, int rc, json_t *out,
                                     const tr_error *err)
{
    if (rc)
        return reply_failure(c, err);
    enum MHD_Result ret = sd_reply_json(c->conn, MHD_HTTP_OK, out);
    json_decref(out);
    return ret;
}

static enum MHD_Result h_officials(const route_ctx *c)
{
    size_t qlen;
    const char *q = arg(c, "q", &qlen);
    json_t *out = NULL;
    tr_error err = {0};
    int rc = sd_officials(c->server->engine, q, qlen, arg(c, "limit", NULL), &out, &err);
    return reply_or_fail(c, rc, out, &err);
}

static enum MHD_Result h_official(const route_ctx *c)
{
    json_t *out = NULL;
    tr_error err = {0};
    int rc = sd_official(c->server->engine, c->rest, &out, &err);
    return reply_or_fail(c, rc, out, &err);
}

static enum MHD_Result h_decisions(const route_ctx *c)
{
    size_t qlen;
    const char *q = arg(c, "q", &qlen);
    json_t *out = NULL;
    tr_error err = {0};
    int rc = sd_decisions(c->server->engine, q, qlen, arg(c, "limit", NULL), &out, &err);
    return reply_or_fail(c, rc, out, &err);
}

static enum MHD_Result h_decision(const route_ctx *c)
{
    json_t *out = NULL;
    tr_error err = {0};
    int rc = sd_decision(c->server->engine, c->rest, &out, &err);
    return reply_or_fail(c, rc, out, &err);
}

static enum MHD_Result h_not_found(const route_ctx *c)
{
    return sd_reply_error(c->conn, MHD_HTTP_NOT_FOUND, "no such page");
}

/* ---- The route table ---------------------------------------------------------- */

typedef struct route {
    const char *method;
    const char *path;
    int prefix; /* path is a prefix; the rest goes to the handler */
    handler_fn fn;
} route;

static const route routes[] = {
    {"GET", "/api/search", 0, h_search},
    {"GET", "/api/suggest", 0, h_suggest},
    {"GET", "/api/doc/", 1, h_doc},
    {"GET", "/api/officials", 0, h_officials},
    {"GET", "/api/officials/", 1, h_official},
    {"GET", "/api/decisions", 0, h_decisions},
    {"GET", "/api/decisions/", 1, h_decision},
    {"GET", "/healthz", 0, h_healthz},
    {"GET", "/api/tasks", 0, h_tasks},
    {"POST", "/api/similar", 0, h_similar},
    {NULL, NULL, 0, h_not_found},
};

static enum MHD_Result dispatch(route_ctx *c, const char *method)
{
    int path_matched = 0;
    /* HEAD is answered as GET; libmicrohttpd drops the body. */
    if (strcmp(method, "HEAD") == 0)
        method = "GET";
    for (const route *r = routes; r->path; r++) {
        size_t n = strlen(r->path);
        int match = r->prefix ? strncmp(c->url, r->path, n) == 0 : strcmp(c->url, r->path) == 0;
        if (!match)
            continue;
        path_matched = 1;
        if (strcmp(method, r->method) != 0)
            continue;
        c->rest = c->url + n;
        return r->fn(c);
    }
    if (path_matched)
        return sd_reply_error(c->conn, MHD_HTTP_METHOD_NOT_ALLOWED, "method not allowed here");
    return h_not_found(c);
}

/* ---- libmicrohttpd callbacks ---------------------------------------------------- */

static enum MHD_Result on_request(void *cls, struct MHD_Connection *conn, const char *url,
                                  const char *method, const char *version,
                                  const char *upload_data, size_t *upload_size, void **state)
{
    (void)version;
    sd_server *s = cls;
    request_state *rs = *state;
    if (!rs) {
        /* First call: only the headers are in. Allocate the state and wait for the body. */
        rs = calloc(1, sizeof *rs);
        if (!rs)
            return MHD_NO;
        *state = rs;
        return MHD_YES;
    }
    if (*upload_size) {
        if (!rs->too_large && rs->len + *upload_size <= SD_BODY_MAX) {
            char *b = realloc(rs->body, rs->len + *upload_size + 1);
            if (!b)
                return MHD_NO;
            memcpy(b + rs->len, upload_data, *upload_size);
            rs->body = b;
            rs->len += *upload_size;
            rs->body[rs->len] = '\0';
        } else {
            rs->too_large = 1; /* keep reading to the end, then answer 413 */
        }
        *upload_size = 0;
        return MHD_YES;
    }
    if (rs->too_large)
        return sd_reply_error(conn, MHD_HTTP_CONTENT_TOO_LARGE, "the request body is too large");
    route_ctx c = {s, conn, url, "", rs};
    return dispatch(&c, method);
}

static void on_completed(void *cls, struct MHD_Connection *conn, void **state,
                         enum MHD_RequestTerminationCode toe)
{
    (void)cls;
    (void)conn;
    (void)toe;
    request_state *rs = *state;
    if (rs) {
        free(rs->body);
        free(rs);
        *state = NULL;
    }
}

static void on_mhd_log(void *cls, const char *fmt, va_list ap)
{
    sd_server *s = cls;
    if (s->quiet)
        return;
    fputs("tracuu-searchd: http: ", stderr);
    vfprintf(stderr, fmt, ap);
}

sd_server *sd_server_start(sd_engine *e, const sd_server_config *c, tr_error *err)
{
    sd_server *s = calloc(1, sizeof *s);
    if (!s) {
        tr_error_set(err, TR_ENOMEM, "out of memory");
        return NULL;
    }
    s->engine = e;
    s->quiet = c->quiet;
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
    s->daemon = MHD_start_daemon(
        flags, (uint16_t)c->port, NULL, NULL, on_request, s,
        MHD_OPTION_EXTERNAL_LOGGER, on_mhd_log, s,
        MHD_OPTION_SOCK_ADDR, (struct sockaddr *)&addr,
        MHD_OPTION_THREAD_POOL_SIZE, threads,
        MHD_OPTION_NOTIFY_COMPLETED, on_completed, NULL,
        MHD_OPTION_CONNECTION_TIMEOUT, (unsigned)30,
        MHD_OPTION_CONNECTION_LIMIT, (unsigned)1000,
        MHD_OPTION_CONNECTION_MEMORY_LIMIT, (size_t)(64 * 1024),
        MHD_OPTION_END);
    if (!s->daemon) {
        free(s);
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
    free(s);
}
