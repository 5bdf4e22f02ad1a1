/* Tests for searchd's counters (searchd/metrics.h): the text of /metrics is
 * Prometheus's format 0.0.4 line by line, the counters move with each request, the
 * histogram is cumulative, and the series are the routes' patterns whatever is asked.
 * test_monitoring.py checks the same text from a running daemon. */
#include <regex.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "metrics.h"
#include "support.h"

static const char *const routes[] = {"/api/search", "/api/doc/*", "/healthz"};

static char *render(sd_metrics *m)
{
    sd_metrics_now now = {.index_ok = 1, .documents = 48, .revision = 7, .index_schema = 2,
                          .reopens = 3, .cache_on = 1, .cache_hits = 5, .cache_misses = 6};
    size_t len = 0;
    char *text = sd_metrics_render(m, &now, "1.2.3", 2, 1796546701.5, &len);
    assert_non_null(text);
    assert_int_equal(strlen(text), len);
    return text;
}

/* Every line is a comment (# HELP, # TYPE) or `name{labels} value`. */
static void check_format(const char *text)
{
    regex_t sample;
    assert_int_equal(regcomp(&sample,
                             "^[a-zA-Z_:][a-zA-Z0-9_:]*"
                             "(\\{[a-zA-Z_][a-zA-Z0-9_]*=\"[^\"]*\"(,[a-zA-Z_][a-zA-Z0-9_]*=\"[^\"]*\")*\\})?"
                             " -?([0-9.]+(e[+-]?[0-9]+)?|\\+Inf)$",
                             REG_EXTENDED | REG_NOSUB),
                     0);
    char *copy = strdup(text);
    assert_non_null(copy);
    assert_true(copy[strlen(copy) - 1] == '\n');
    size_t lines = 0;
    for (char *save = NULL, *line = strtok_r(copy, "\n", &save); line;
         line = strtok_r(NULL, "\n", &save), lines++) {
        if (strncmp(line, "# HELP ", 7) == 0 || strncmp(line, "# TYPE ", 7) == 0)
            continue;
        if (regexec(&sample, line, 0, NULL, 0) != 0)
            fail_msg("not a metrics line: %s", line);
    }
    assert_true(lines > 20);
    free(copy);
    regfree(&sample);
}

/* The value of the sample `series` (name and labels as written), or -1. */
static double value_of(const char *text, const char *series)
{
    size_t n = strlen(series);
    for (const char *p = text; (p = strstr(p, series)); p += n)
        if ((p == text || p[-1] == '\n') && p[n] == ' ')
            return strtod(p + n + 1, NULL);
    return -1;
}

TS_TEST(test_format_and_counts)
{
    tr_error err = {0};
    sd_metrics *m = sd_metrics_new(routes, 3, &err);
    assert_non_null(m);
    char *text = render(m);
    check_format(text);
    /* Nothing asked yet: no request series, the gauges all there. */
    assert_null(strstr(text, "tracuu_http_requests_total{"));
    assert_int_equal(value_of(text, "tracuu_index_documents"), 48);
    assert_int_equal(value_of(text, "tracuu_index_revision"), 7);
    assert_int_equal(value_of(text, "tracuu_cache_hits_total"), 5);
    assert_int_equal(value_of(text, "tracuu_build_info{version=\"1.2.3\",schema=\"2\"}"), 1);
    free(text);

    for (int i = 0; i < 3; i++)
        sd_metrics_begin(m);
    sd_metrics_end(m, 0, 200, 0.0004); /* under the first bucket */
    sd_metrics_end(m, 0, 200, 0.030);
    sd_metrics_end(m, 1, 404, 20.0); /* past the last bound: +Inf only */
    sd_metrics_begin(m);
    sd_metrics_end(m, 99, 404, 0.001); /* no route: "none" */
    sd_metrics_begin(m);             /* still running */
    sd_metrics_reload(m, 1);
    sd_metrics_reload(m, 0);
    sd_metrics_reload(m, 0);
    text = render(m);
    check_format(text);
    static const struct {
        const char *series;
        double value;
    } rows[] = {
        {"tracuu_http_requests_total{route=\"/api/search\",status=\"200\"}", 2},
        {"tracuu_http_requests_total{route=\"/api/doc/*\",status=\"404\"}", 1},
        {"tracuu_http_requests_total{route=\"none\",status=\"404\"}", 1},
        {"tracuu_http_request_duration_seconds_bucket{route=\"/api/search\",le=\"0.001\"}", 1},
        {"tracuu_http_request_duration_seconds_bucket{route=\"/api/search\",le=\"0.025\"}", 1},
        {"tracuu_http_request_duration_seconds_bucket{route=\"/api/search\",le=\"0.05\"}", 2},
        {"tracuu_http_request_duration_seconds_bucket{route=\"/api/search\",le=\"+Inf\"}", 2},
        {"tracuu_http_request_duration_seconds_count{route=\"/api/search\"}", 2},
        {"tracuu_http_request_duration_seconds_sum{route=\"/api/search\"}", 0.0304},
        {"tracuu_http_request_duration_seconds_bucket{route=\"/api/doc/*\",le=\"10\"}", 0},
        {"tracuu_http_request_duration_seconds_bucket{route=\"/api/doc/*\",le=\"+Inf\"}", 1},
        {"tracuu_http_request_duration_seconds_bucket{route=\"none\",le=\"0.001\"}", 1},
        {"tracuu_http_requests_in_flight", 1},
        {"tracuu_reloads_total{result=\"ok\"}", 1},
        {"tracuu_reloads_total{result=\"failed\"}", 2},
        {"process_start_time_seconds", 1796546701.5},
    };
    size_t failed = 0, n = sizeof rows / sizeof rows[0];
    for (size_t i = 0; i < n; i++) {
        double got = value_of(text, rows[i].series);
        if (got < rows[i].value - 1e-6 || got > rows[i].value + 1e-6)
            ts_row_fail(&failed, "%s: got %g, expected %g", rows[i].series, got, rows[i].value);
    }
    /* A route never asked has no series. */
    if (strstr(text, "route=\"/healthz\""))
        ts_row_fail(&failed, "/healthz has series without requests");
    ts_rows_end(failed, n + 1);
    free(text);
    sd_metrics_free(m);
}

/* No index for this scrape: tracuu_index_up is 0 and its gauges are left out. */
TS_TEST(test_index_down)
{
    sd_metrics *m = sd_metrics_new(routes, 3, NULL);
    assert_non_null(m);
    sd_metrics_now now = {0};
    size_t len;
    char *text = sd_metrics_render(m, &now, "1.2.3", 2, 0, &len);
    assert_non_null(text);
    check_format(text);
    assert_int_equal(value_of(text, "tracuu_index_up"), 0);
    assert_null(strstr(text, "tracuu_index_documents"));
    assert_null(strstr(text, "tracuu_cache_hits_total")); /* no cache */
    free(text);
    sd_metrics_free(m);
    sd_metrics_free(NULL);
}

TS_MAIN(NULL, NULL,
        cmocka_unit_test(test_format_and_counts),
        cmocka_unit_test(test_index_down))
