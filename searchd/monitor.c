/* monitor: the access log's lines, the counters, /healthz and /metrics (see
 * monitor.h). */
#include "monitor.h"

#include <stdatomic.h>
#include <stdlib.h>
#include <string.h>

#include "accesslog.h"
#include "engine.h"
#include "reply.h"
#include "vn_terms.h"

struct sd_monitor {
    sd_metrics *metrics;
    size_t nlabels;
    int quiet;
    /* NULL until a log is wanted; once made it lives as long as the monitor, and a
     * reload only reopens it or turns it off (log_on), since another thread may be
     * writing to it. */
    _Atomic(sd_accesslog *) log;
    atomic_int log_on;
    sd_cache *cache;
    sd_guard *guard;
    struct timespec started; /* CLOCK_MONOTONIC */
    double start_time;       /* Unix time */
};

static double seconds_since(const struct timespec *t0)
{
    struct timespec t1;
    clock_gettime(CLOCK_MONOTONIC, &t1);
    return (double)(t1.tv_sec - t0->tv_sec) + (double)(t1.tv_nsec - t0->tv_nsec) / 1e9;
}

sd_monitor *sd_monitor_new(const char *const *labels, size_t nlabels, const char *access_log,
                           int quiet, sd_cache *cache, sd_guard *guard, tr_error *err)
{
    sd_monitor *m = tr_error_calloc(sizeof *m, err);
    if (!m)
        return NULL;
    m->nlabels = nlabels;
    m->quiet = quiet;
    m->cache = cache;
    m->guard = guard;
    clock_gettime(CLOCK_MONOTONIC, &m->started);
    struct timespec now;
    clock_gettime(CLOCK_REALTIME, &now);
    m->start_time = (double)now.tv_sec + (double)now.tv_nsec / 1e9;
    m->metrics = sd_metrics_new(labels, nlabels, err);
    if (m->metrics && sd_monitor_reopen_log(m, access_log, err) == 0)
        return m;
    sd_monitor_free(m);
    return NULL;
}

void sd_monitor_free(sd_monitor *m)
{
    if (!m)
        return;
    sd_accesslog_free(atomic_load(&m->log));
    sd_metrics_free(m->metrics);
    free(m);
}

int sd_monitor_reopen_log(sd_monitor *m, const char *path, tr_error *err)
{
    /* --quiet without --access-log: no access log at all. */
    if (!path && m->quiet) {
        atomic_store(&m->log_on, 0);
        return 0;
    }
    sd_accesslog *log = atomic_load(&m->log);
    if (!log) {
        if (!(log = sd_accesslog_new(path, err)))
            return err ? err->code : TR_EIO;
        atomic_store(&m->log, log);
    } else if (sd_accesslog_reopen(log, path, err)) {
        return err ? err->code : TR_EIO;
    }
    atomic_store(&m->log_on, 1);
    return 0;
}

void sd_monitor_reloaded(sd_monitor *m, int ok)
{
    sd_metrics_reload(m->metrics, ok);
}

void sd_monitor_begin(sd_monitor *m, sd_monitor_req *q)
{
    clock_gettime(CLOCK_MONOTONIC, &q->t0);
    q->route = m->nlabels;
    sd_metrics_begin(m->metrics);
}

void sd_monitor_end(sd_monitor *m, struct MHD_Connection *conn, const sd_monitor_req *q)
{
    double s = seconds_since(&q->t0);
    const union MHD_ConnectionInfo *st = MHD_get_connection_info(conn, MHD_CONNECTION_INFO_HTTP_STATUS);
    unsigned status = st ? st->http_status : 0;
    sd_metrics_end(m->metrics, q->route, status, s);
    sd_accesslog *log = atomic_load(&m->log);
    if (!log || !atomic_load(&m->log_on))
        return;
    const union MHD_ConnectionInfo *ctx =
        MHD_get_connection_info(conn, MHD_CONNECTION_INFO_SOCKET_CONTEXT);
    const union MHD_ConnectionInfo *addr =
        MHD_get_connection_info(conn, MHD_CONNECTION_INFO_CLIENT_ADDRESS);
    const sd_conn *c = ctx ? ctx->socket_context : NULL;
    int head = q->method && strcmp(q->method, "HEAD") == 0; /* no body is sent */
    sd_access a = {addr ? addr->client_addr : NULL,
                   q->client,
                   q->method,
                   q->target,
                   q->protocol,
                   status,
                   c && !head && status ? c->reply_bytes : 0,
                   s * 1e3};
    sd_accesslog_write(log, &a);
}

/* ---- /healthz and /metrics ------------------------------------------------------ */

enum MHD_Result sd_monitor_healthz(const sd_request *r)
{
    se_index_status st;
    tr_error err = {0};
    if (se_index_status_read(r->engine, sd_request_view(r), &st, &err))
        return sd_reply_failure(r, &err);
    json_t *out = json_pack("{s:s, s:s, s:i, s:i, s:I, s:I, s:I}", "status", "ok", "version",
                            TRACUU_VERSION, "schema", VN_SCHEMA_VERSION, "index_schema",
                            st.schema, "revision", (json_int_t)st.revision, "documents",
                            (json_int_t)st.documents, "uptime_seconds",
                            (json_int_t)seconds_since(&r->monitor->started));
    if (!out)
        return sd_reply_error(r->conn, MHD_HTTP_SERVICE_UNAVAILABLE, "out of memory");
    enum MHD_Result ret = sd_reply_json(r->conn, MHD_HTTP_OK, out);
    json_decref(out);
    return ret;
}

enum MHD_Result sd_monitor_metrics(const sd_request *r)
{
    sd_monitor *m = r->monitor;
    sd_metrics_now now;
    memset(&now, 0, sizeof now);
    se_index_status st;
    /* The caller's view: an anonymous scrape counts public documents only. */
    now.index_ok = se_index_status_read(r->engine, sd_request_view(r), &st, NULL) == 0;
    if (now.index_ok) {
        now.documents = st.documents;
        now.revision = st.revision;
        now.index_schema = st.schema;
    }
    se_pool_stats ps;
    se_pool_stats_read(r->engine->pool, &ps);
    now.reopens = ps.reopens;
    now.handle_opens = ps.opens;
    now.shard_errors = ps.failures;
    now.cache_on = m->cache != NULL;
    if (m->cache)
        sd_cache_stats(m->cache, &now.cache_hits, &now.cache_misses);
    now.late_heads = sd_guard_closed(m->guard);
    size_t len = 0;
    char *text = sd_metrics_render(m->metrics, &now, TRACUU_VERSION, VN_SCHEMA_VERSION,
                                   m->start_time, &len);
    if (!text)
        return sd_reply_error(r->conn, MHD_HTTP_SERVICE_UNAVAILABLE, "out of memory");
    return sd_reply_body(r->conn, MHD_HTTP_OK, "text/plain; version=0.0.4; charset=utf-8", text,
                         len, NULL);
}
