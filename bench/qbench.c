/* qbench: in-process query latency of tracuu, for bench/run.sh.
 *
 * Opens the index as tracuu-searchd does (a pool of handles, the vocabulary, the
 * shipped abbreviations and synonyms) and calls se_search() exactly as the HTTP
 * handler does for GET /api/search?q=...: first page, 10 hits with snippets and
 * facets. One thread, one query at a time; every query of the file is run once to
 * warm the caches, then `--rounds` times timed. Prints one line:
 *   queries N runs N errors N mean_ms X p50_ms X p95_ms X p99_ms X max_ms X
 * It measures; it checks nothing about the answers, but --dump FILE writes every
 * answer of the warm-up (one JSON line a query, without its took_ms) so that two
 * builds can be compared for identical results.
 */
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "engine.h"
#include "tr_opts.h"
#include "vn_terms.h"

static const char usage[] =
    "usage: qbench --db DIR --data DIR [--rounds N] [--no-facets] [--dump FILE] QUERIES\n"
    "QUERIES: one query a line (UTF-8). Prints the latency of se_search() for each.\n"
    "  --dump F   write each answer of the warm-up round to F, one JSON line a query\n"
    "  --help     this text\n"
    "  --version  print the version and the index schema, and exit\n";

typedef struct queries {
    char **q;
    size_t n, cap;
} queries;

static int read_queries(const char *path, queries *qs)
{
    FILE *f = fopen(path, "r");
    if (!f) {
        perror(path);
        return -1;
    }
    char *line = NULL;
    size_t cap = 0;
    ssize_t len;
    while ((len = getline(&line, &cap, f)) >= 0) {
        while (len > 0 && (line[len - 1] == '\n' || line[len - 1] == '\r'))
            line[--len] = '\0';
        if (len == 0)
            continue;
        if (qs->n == qs->cap) {
            size_t ncap = qs->cap ? qs->cap * 2 : 256;
            char **nq = realloc(qs->q, ncap * sizeof *nq);
            if (!nq)
                break;
            qs->q = nq;
            qs->cap = ncap;
        }
        qs->q[qs->n] = strdup(line);
        if (!qs->q[qs->n])
            break;
        qs->n++;
    }
    free(line);
    fclose(f);
    return 0;
}

static int cmp_double(const void *a, const void *b)
{
    double x = *(const double *)a, y = *(const double *)b;
    return x < y ? -1 : x > y;
}

static double pct(const double *sorted, size_t n, double p)
{
    size_t i = (size_t)(p * (double)(n - 1) + 0.5);
    return sorted[i < n ? i : n - 1];
}

/* One search as h_search() makes it; returns its time in ms, or -1 on failure. With
 * dump, the answer is written there too (after the clock stops). */
static double run_one(se_engine *e, const char *q, int facets, FILE *dump)
{
    se_search_params p = {0};
    p.q = q;
    p.qlen = strlen(q);
    p.facets = facets ? NULL : "0";
    json_t *out = NULL;
    tr_error err = {0};
    struct timespec t0;
    clock_gettime(CLOCK_MONOTONIC, &t0);
    int rc = se_search(e, &p, &out, &err);
    /* The answer is serialised as the handler's reply does: part of the cost. */
    char *text = rc == 0 ? json_dumps(out, JSON_COMPACT) : NULL;
    double ms = se_elapsed_ms(&t0);
    if (dump) {
        free(text);
        text = NULL;
        if (rc == 0) {
            json_object_del(out, "took_ms"); /* the only field that varies between runs */
            text = json_dumps(out, JSON_COMPACT | JSON_SORT_KEYS);
        }
        fprintf(dump, "%s\n", text ? text : "error");
    }
    free(text);
    json_decref(out);
    return rc ? -1 : ms;
}

int main(int argc, char **argv)
{
    const char *db = NULL, *data = NULL, *file = NULL, *dump_path = NULL;
    int rounds = 3, facets = 1;
    static const struct option longopts[] = {
        {"db", required_argument, NULL, 'd'},    {"data", required_argument, NULL, 'D'},
        {"rounds", required_argument, NULL, 'r'}, {"no-facets", no_argument, NULL, 'n'},
        {"dump", required_argument, NULL, 'o'},
        {"help", no_argument, NULL, 'h'},        {"version", no_argument, NULL, 'V'},
        {NULL, 0, NULL, 0}};
    int c;
    while ((c = getopt_long(argc, argv, "h", longopts, NULL)) != -1) {
        switch (c) {
        case 'd': db = optarg; break;
        case 'D': data = optarg; break;
        case 'r': rounds = atoi(optarg); break;
        case 'n': facets = 0; break;
        case 'o': dump_path = optarg; break;
        case 'h': fputs(usage, stdout); return 0;
        case 'V': tr_opts_version("tracuu-qbench", VN_SCHEMA_VERSION); return 0;
        default: fputs(usage, stderr); return 2;
        }
    }
    if (optind + 1 == argc)
        file = argv[optind];
    if (!db || !data || !file || rounds < 1) {
        fputs(usage, stderr);
        return 2;
    }
    queries qs = {0};
    if (read_queries(file, &qs) != 0 || qs.n == 0) {
        fprintf(stderr, "qbench: no queries in %s\n", file);
        return 2;
    }

    tr_error err = {0};
    se_config ec = {.dbs = &db, .ndb = 1, .data_dir = data};
    se_engine *e = se_engine_open(&ec, &err);
    if (!e) {
        fprintf(stderr, "qbench: %s\n", err.message);
        return 1;
    }

    FILE *dump = NULL;
    if (dump_path && !(dump = fopen(dump_path, "w"))) {
        perror(dump_path);
        return 1;
    }
    size_t errors = 0, runs = 0;
    for (size_t i = 0; i < qs.n; i++) /* warm-up: vocabulary, blocks in the page cache */
        if (run_one(e, qs.q[i], facets, dump) < 0)
            errors++;
    if (dump)
        fclose(dump);
    double *ms = malloc(qs.n * (size_t)rounds * sizeof *ms);
    double sum = 0;
    for (int r = 0; ms && r < rounds; r++)
        for (size_t i = 0; i < qs.n; i++) {
            double t = run_one(e, qs.q[i], facets, NULL);
            if (t < 0)
                continue;
            ms[runs++] = t;
            sum += t;
        }
    if (!ms || runs == 0) {
        fprintf(stderr, "qbench: no query succeeded\n");
        return 1;
    }
    qsort(ms, runs, sizeof *ms, cmp_double);
    printf("queries %zu runs %zu errors %zu mean_ms %.3f p50_ms %.3f p95_ms %.3f "
           "p99_ms %.3f max_ms %.3f\n",
           qs.n, runs, errors, sum / (double)runs, pct(ms, runs, 0.50), pct(ms, runs, 0.95),
           pct(ms, runs, 0.99), ms[runs - 1]);
    free(ms);
    for (size_t i = 0; i < qs.n; i++)
        free(qs.q[i]);
    free(qs.q);
    se_engine_free(e);
    return 0;
}
