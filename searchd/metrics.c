/* metrics: atomic counters and their text exposition (see metrics.h). */
#include "metrics.h"

#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>

#define STATUS_MAX 600 /* statuses 0 (none sent) and 100 to 599 */

/* Upper bounds in seconds: a search answers in milliseconds, a duplicate check of a
 * long text or a remote shard's timeout takes seconds. */
static const double bucket_le[SD_METRICS_BUCKETS - 1] = {0.001, 0.0025, 0.005, 0.01, 0.025, 0.05,
                                                         0.1,   0.25,   0.5,   1,    2.5,   5,
                                                         10};

typedef struct route_counts {
    atomic_ullong status[STATUS_MAX];
    atomic_ullong bucket[SD_METRICS_BUCKETS]; /* not cumulative; the last is +Inf */
    atomic_ullong sum_us;
} route_counts;

struct sd_metrics {
    const char *const *names;
    size_t nroutes;
    route_counts *r; /* nroutes + 1 */
    atomic_llong in_flight;
    atomic_ullong reloads_ok, reloads_failed;
};

sd_metrics *sd_metrics_new(const char *const *routes, size_t nroutes, tr_error *err)
{
    sd_metrics *m = calloc(1, sizeof *m);
    if (m)
        m->r = calloc(nroutes + 1, sizeof *m->r);
    if (!m || !m->r) {
        free(m);
        tr_error_set(err, TR_ENOMEM, "out of memory");
        return NULL;
    }
    m->names = routes;
    m->nroutes = nroutes;
    return m;
}

void sd_metrics_free(sd_metrics *m)
{
    if (!m)
        return;
    free(m->r);
    free(m);
}

void sd_metrics_begin(sd_metrics *m)
{
    atomic_fetch_add_explicit(&m->in_flight, 1, memory_order_relaxed);
}

void sd_metrics_end(sd_metrics *m, size_t route, unsigned status, double seconds)
{
    route_counts *r = &m->r[route < m->nroutes ? route : m->nroutes];
    atomic_fetch_add_explicit(&r->status[status < STATUS_MAX ? status : 0], 1,
                              memory_order_relaxed);
    size_t b = 0;
    while (b < SD_METRICS_BUCKETS - 1 && seconds > bucket_le[b])
        b++;
    atomic_fetch_add_explicit(&r->bucket[b], 1, memory_order_relaxed);
    double us = seconds > 0 ? seconds * 1e6 : 0;
    atomic_fetch_add_explicit(&r->sum_us, (unsigned long long)us, memory_order_relaxed);
    atomic_fetch_sub_explicit(&m->in_flight, 1, memory_order_relaxed);
}

void sd_metrics_reload(sd_metrics *m, int ok)
{
    atomic_fetch_add_explicit(ok ? &m->reloads_ok : &m->reloads_failed, 1, memory_order_relaxed);
}

static unsigned long long get(atomic_ullong *a)
{
    return atomic_load_explicit(a, memory_order_relaxed);
}

static void head(FILE *f, const char *name, const char *type, const char *help)
{
    fprintf(f, "# HELP %s %s\n# TYPE %s %s\n", name, help, name, type);
}

static void one(FILE *f, const char *name, const char *type, const char *help, double v)
{
    head(f, name, type, help);
    fprintf(f, "%s %.17g\n", name, v);
}

static const char *route_name(const sd_metrics *m, size_t i)
{
    return i < m->nroutes ? m->names[i] : "none";
}

static void requests(FILE *f, sd_metrics *m)
{
    head(f, "tracuu_http_requests_total", "counter",
         "Requests answered, by route pattern and status (0: no answer was sent).");
    for (size_t i = 0; i <= m->nroutes; i++)
        for (unsigned s = 0; s < STATUS_MAX; s++) {
            unsigned long long n = get(&m->r[i].status[s]);
            if (n)
                fprintf(f, "tracuu_http_requests_total{route=\"%s\",status=\"%u\"} %llu\n",
                        route_name(m, i), s, n);
        }
    head(f, "tracuu_http_request_duration_seconds", "histogram",
         "Time from a request's first byte to its answer handed to the kernel, by route.");
    for (size_t i = 0; i <= m->nroutes; i++) {
        unsigned long long cum = 0;
        for (size_t b = 0; b < SD_METRICS_BUCKETS; b++)
            cum += get(&m->r[i].bucket[b]);
        if (!cum)
            continue; /* a route never asked has no series */
        cum = 0;
        const char *name = route_name(m, i);
        for (size_t b = 0; b < SD_METRICS_BUCKETS; b++) {
            cum += get(&m->r[i].bucket[b]);
            if (b < SD_METRICS_BUCKETS - 1)
                fprintf(f,
                        "tracuu_http_request_duration_seconds_bucket{route=\"%s\",le=\"%g\"} "
                        "%llu\n",
                        name, bucket_le[b], cum);
            else
                fprintf(f,
                        "tracuu_http_request_duration_seconds_bucket{route=\"%s\",le=\"+Inf\"} "
                        "%llu\n",
                        name, cum);
        }
        fprintf(f, "tracuu_http_request_duration_seconds_sum{route=\"%s\"} %.6f\n", name,
                (double)get(&m->r[i].sum_us) / 1e6);
        fprintf(f, "tracuu_http_request_duration_seconds_count{route=\"%s\"} %llu\n", name, cum);
    }
}

char *sd_metrics_render(sd_metrics *m, const sd_metrics_now *now, const char *version,
                        int schema, double start_time, size_t *len)
{
    char *text = NULL;
    size_t n = 0;
    FILE *f = open_memstream(&text, &n);
    if (!f)
        return NULL;
    requests(f, m);
    one(f, "tracuu_http_requests_in_flight", "gauge", "Requests begun and not yet ended.",
        (double)atomic_load_explicit(&m->in_flight, memory_order_relaxed));
    head(f, "tracuu_reloads_total", "counter",
         "Reloads asked by SIGHUP, by result (failed: the old settings stayed).");
    fprintf(f, "tracuu_reloads_total{result=\"ok\"} %llu\n", get(&m->reloads_ok));
    fprintf(f, "tracuu_reloads_total{result=\"failed\"} %llu\n", get(&m->reloads_failed));
    if (now->cache_on) {
        one(f, "tracuu_cache_hits_total", "counter", "Searches answered from the result cache.",
            (double)now->cache_hits);
        one(f, "tracuu_cache_misses_total", "counter",
            "Searches the result cache did not hold.", (double)now->cache_misses);
    }
    one(f, "tracuu_index_up", "gauge", "1 when the index could be read for this scrape.",
        now->index_ok);
    if (now->index_ok) {
        one(f, "tracuu_index_documents", "gauge", "Documents in the index.",
            (double)now->documents);
        one(f, "tracuu_index_revision", "gauge",
            "The index's revision (one more at each commit; 0 over shards).",
            (double)now->revision);
        one(f, "tracuu_index_schema", "gauge", "The schema the index was written with.",
            now->index_schema);
    }
    one(f, "tracuu_index_reopens_total", "counter",
        "Index handles brought to a newer revision (commits seen).", (double)now->reopens);
    one(f, "tracuu_index_handle_opens_total", "counter", "Index handles opened.",
        (double)now->handle_opens);
    one(f, "tracuu_shard_errors_total", "counter",
        "Index handles that failed to open or reopen (a shard unreachable, files changed).",
        (double)now->shard_errors);
    one(f, "tracuu_late_heads_total", "counter",
        "Connections closed because their request head was late.", (double)now->late_heads);
    one(f, "process_start_time_seconds", "gauge", "Start time of the process, Unix time.",
        start_time);
    head(f, "tracuu_build_info", "gauge", "The version, and the index schema it writes and reads.");
    fprintf(f, "tracuu_build_info{version=\"%s\",schema=\"%d\"} 1\n", version, schema);
    if (fclose(f) != 0) {
        free(text);
        return NULL;
    }
    *len = n;
    return text;
}
