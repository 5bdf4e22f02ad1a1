/* metrics: searchd's counters, and /metrics in Prometheus's text format (0.0.4).
 *
 * Requests are counted by route, the route table's pattern (a prefix route's ends in "*"), never the
 * path as sent, so that the series stay as few as the routes whatever clients ask;
 * by status; and timed into a histogram of buckets fit for a search engine, 1 ms to
 * 10 s. The counters are C11 atomics in arrays made once at start: counting a
 * request takes no lock and no allocation. What belongs to other parts (the index's
 * size and revision, the pool's reopens, the cache's hits) is read from them when
 * /metrics is asked, and handed to sd_metrics_render() in an sd_metrics_now.
 * docs/monitoring.md lists every metric.
 */
#ifndef SD_METRICS_H
#define SD_METRICS_H

#include <stddef.h>
#include <stdint.h>

#include "tr_error.h"

#define SD_METRICS_BUCKETS 14 /* 0.001 s to 10 s, and +Inf */

typedef struct sd_metrics sd_metrics;

/* Counters for `nroutes` routes named by `routes` (patterns, not copied: they must
 * outlive the metrics); route index nroutes counts the requests no route took (404,
 * and those refused before routing), labelled "none". NULL with the error filled
 * when out of memory. */
sd_metrics *sd_metrics_new(const char *const *routes, size_t nroutes, tr_error *err);
void sd_metrics_free(sd_metrics *m);

/* A request has begun (in flight until sd_metrics_end()). */
void sd_metrics_begin(sd_metrics *m);

/* A request has ended: its route (0 to nroutes), status (0: none was sent) and
 * seconds taken. */
void sd_metrics_end(sd_metrics *m, size_t route, unsigned status, double seconds);

/* A reload was asked (SIGHUP): whether it took effect. */
void sd_metrics_reload(sd_metrics *m, int ok);

/* What other parts know, read when /metrics is asked. index_ok is 0 when the index
 * could not be read then (the index gauges are left out, tracuu_index_up is 0). */
typedef struct sd_metrics_now {
    int index_ok;
    uint64_t documents, revision;
    int index_schema;
    unsigned long long reopens, handle_opens, shard_errors; /* se_pool_stats */
    int cache_on;
    unsigned long long cache_hits, cache_misses;
    unsigned long long late_heads; /* connections closed by the guard */
} sd_metrics_now;

/* The text of /metrics, malloc()ed, *len bytes (NUL-terminated), or NULL when out of
 * memory. `version` and `schema` label tracuu_build_info; start_time is the
 * process's start, in seconds since the epoch. */
char *sd_metrics_render(sd_metrics *m, const sd_metrics_now *now, const char *version,
                        int schema, double start_time, size_t *len);

#endif
