/* monitor: what an operator watches of a running searchd: the access log
 * (accesslog.h), the counters of /metrics (metrics.h) and /healthz.
 *
 * The server makes one sd_monitor and tells it of every request: when its first
 * callback comes (sd_monitor_begin) and when libmicrohttpd says it is over
 * (sd_monitor_end, from MHD_OPTION_NOTIFY_COMPLETED, with the status libmicrohttpd
 * queued and the bytes reply.c recorded). /healthz and /metrics are handlers of the
 * route table that read the monitor through their sd_request.
 */
#ifndef SD_MONITOR_H
#define SD_MONITOR_H

#include <microhttpd.h>
#include <stddef.h>
#include <time.h>

#include "cache.h"
#include "guard.h"
#include "metrics.h"
#include "request.h"
#include "tr_error.h"

typedef struct sd_monitor sd_monitor;

/* A monitor for routes labelled `labels` (nlabels; not copied), writing the access
 * log to `access_log` (a file; "-": standard error), or, when it is NULL, to standard
 * error unless `quiet`. `cache` (may be NULL) and `guard` are read for /metrics, not
 * owned. NULL with the error filled (the log file cannot be opened; out of memory). */
sd_monitor *sd_monitor_new(const char *const *labels, size_t nlabels, const char *access_log,
                           int quiet, sd_cache *cache, sd_guard *guard, tr_error *err);
void sd_monitor_free(sd_monitor *m);

/* One request's record, kept by the server from its first callback to its end. */
typedef struct sd_monitor_req {
    struct timespec t0; /* CLOCK_MONOTONIC at the first callback */
    size_t route;       /* index of its route; nlabels when none */
    const char *method, *target, *protocol; /* NULL: "-" */
    const char *client; /* as a trusted proxy names it (auth.h); NULL: the peer */
} sd_monitor_req;

void sd_monitor_begin(sd_monitor *m, sd_monitor_req *q);
/* The request on `conn` is over: its line in the access log, its counts. */
void sd_monitor_end(sd_monitor *m, struct MHD_Connection *conn, const sd_monitor_req *q);

/* The access log from now on: `path` as sd_monitor_new() takes it (reopened, for
 * logrotate). On failure the log stays as it was. */
int sd_monitor_reopen_log(sd_monitor *m, const char *path, tr_error *err);

/* A reload (reload.h) was asked: whether it took effect. */
void sd_monitor_reloaded(sd_monitor *m, int ok);

/* GET /healthz: {"status": "ok", "version", "schema" (what this program writes and
 * reads), "index_schema" (what the index was written with), "revision", "documents",
 * "uptime_seconds"}; the engine's error status when the index cannot be read. */
enum MHD_Result sd_monitor_healthz(const sd_request *r);

/* GET /metrics: Prometheus's text format 0.0.4 (metrics.h). */
enum MHD_Result sd_monitor_metrics(const sd_request *r);

#endif
