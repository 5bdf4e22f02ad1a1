/* test_shards: searchd over an index spread on shards served by xapian-tcpsrv.
 *
 * The sample corpus is split into two halves, each indexed into its own database and
 * served by its own xapian-tcpsrv on a loopback port; searchd over the two remote
 * shards must answer every endpoint as searchd over one index of the whole corpus
 * does: the same ids in the same order, totals, facets, suggestions, snippets. Only
 * documents of equal score may come in another order (Xapian breaks ties by docid,
 * and a document's docid depends on the layout), so a run of ties is compared as a
 * set, and a run the page cuts only by its scores. A shard killed, or stopped, gets a
 * 503 naming it within the timeout, and searchd recovers when the shard returns.
 * (Reading shard lists is test_shardlist.c's.)
 *
 * Run with the argument "eval" (CTest: test_shards_eval, label "once"), the same
 * comparison runs the dev query sets of ../shared/eval over a slice of the shared
 * corpus: the documents the queries target and every eighth other one.
 */
#define _GNU_SOURCE /* getline, strndup */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <jansson.h>
#include <math.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "facets.h"
#include "pool.h" /* and through it search/shardlist.h */
#include "support.h"

#define TIMEOUT_MS 1500

typedef struct shard_srv {
    char db[4096];
    unsigned port;
    pid_t pid;
} shard_srv;

static shard_srv srv[2];
static ts_daemon whole, sharded;
static int eval_mode;

/* ---- Set-up ----------------------------------------------------------------- */

static void index_into(const char *db, const char *jsonl)
{
    char *argv[] = {(char *)ts_program("indexer/tracuu-index"), "--quiet", "--db", (char *)db,
                    (char *)jsonl, NULL};
    char *err = NULL;
    int rc = ts_run(argv, &err);
    if (rc != 0)
        fprintf(stderr, "tracuu-index %s: %s\n", jsonl, err ? err : "");
    free(err);
    assert_int_equal(rc, 0);
}

static int start_shard(shard_srv *s)
{
    char port[16];
    snprintf(port, sizeof port, "%u", s->port);
    char *argv[] = {"/usr/bin/xapian-tcpsrv", "--port", port, "--interface", "127.0.0.1",
                    "--quiet", s->db, NULL};
    s->pid = ts_spawn_group(argv);
    return ts_wait_port(s->port, 10000);
}

/* Splits `lines` (n JSON Lines) alternately into halves a and b, indexes them and the
 * whole, and starts the shard servers and both daemons. */
static int start_all(char **lines, size_t n)
{
    FILE *f[3] = {fopen(ts_tmp_path("a.jsonl"), "w"), fopen(ts_tmp_path("b.jsonl"), "w"),
                  fopen(ts_tmp_path("all.jsonl"), "w")};
    for (int k = 0; k < 3; k++)
        assert_non_null(f[k]);
    for (size_t i = 0; i < n; i++) {
        fputs(lines[i], f[i % 2]);
        fputs(lines[i], f[2]);
    }
    for (int k = 0; k < 3; k++)
        fclose(f[k]);
    snprintf(srv[0].db, sizeof srv[0].db, "%s", ts_tmp_path("db-a"));
    snprintf(srv[1].db, sizeof srv[1].db, "%s", ts_tmp_path("db-b"));
    index_into(srv[0].db, ts_tmp_path("a.jsonl"));
    index_into(srv[1].db, ts_tmp_path("b.jsonl"));
    index_into(ts_tmp_path("db-all"), ts_tmp_path("all.jsonl"));

    if (access("/usr/bin/xapian-tcpsrv", X_OK) != 0)
        return 0; /* the tests skip */
    for (int k = 0; k < 2; k++) {
        srv[k].port = ts_free_port();
        if (start_shard(&srv[k]))
            return -1;
    }
    /* One line as Xapian writes stubs, one with what only tracuu reads. */
    char list[256];
    int len = snprintf(list, sizeof list,
                       "# two shards of the same corpus\n"
                       "remote 127.0.0.1:%u\n"
                       "remote tcp 127.0.0.1:%u timeout=%d\n",
                       srv[0].port, srv[1].port, TIMEOUT_MS);
    ts_write_file(ts_tmp_path("shards"), list, (size_t)len);
    char timeout[16];
    snprintf(timeout, sizeof timeout, "%d", TIMEOUT_MS);
    const char *extra[] = {"--shard-timeout", timeout, "--threads", "2", NULL};
    if (ts_searchd_start(&whole, ts_tmp_path("db-all")) ||
        ts_searchd_start_args(&sharded, ts_tmp_path("shards"), extra))
        return -1;
    return 0;
}

static char *slurp_line(FILE *f)
{
    char *line = NULL;
    size_t cap = 0;
    if (getline(&line, &cap, f) < 0) {
        free(line);
        return NULL;
    }
    return line;
}

static int setup_sample(void **state)
{
    if (ts_tmp_setup(state))
        return -1;
    FILE *f = fopen(ts_source("corpus/sample.jsonl"), "r");
    if (!f)
        return -1;
    char *lines[256];
    size_t n = 0;
    while (n < 256 && (lines[n] = slurp_line(f)))
        n++;
    fclose(f);
    int rc = start_all(lines, n);
    for (size_t i = 0; i < n; i++)
        free(lines[i]);
    return rc;
}

static int teardown(void **state)
{
    ts_searchd_stop(&whole);
    ts_searchd_stop(&sharded);
    for (int k = 0; k < 2; k++)
        ts_kill_group(srv[k].pid);
    return ts_tmp_teardown(state);
}

/* ---- Comparing answers ---------------------------------------------------------- */

/* What may differ between the two layouts: the time taken; of /healthz, the uptime
 * and the revision (shards have no one revision, docs/monitoring.md). */
static void strip(json_t *j)
{
    if (json_is_object(j)) {
        json_object_del(j, "took_ms");
        json_object_del(j, "uptime_seconds");
        json_object_del(j, "revision");
        const char *k;
        json_t *v;
        json_object_foreach(j, k, v)
            strip(v);
    } else if (json_is_array(j)) {
        size_t i;
        json_t *v;
        json_array_foreach(j, i, v)
            strip(v);
    }
}

static json_t *ask(unsigned port, const char *method, const char *target, const char *body,
                   int *status)
{
    char *resp = NULL;
    *status = ts_http(port, method, target, body, body ? strlen(body) : 0, &resp);
    json_t *j = resp ? json_loads(resp, 0, NULL) : NULL;
    free(resp);
    if (j)
        strip(j);
    return j;
}

static double score_of(json_t *hit)
{
    return json_number_value(json_object_get(hit, "score"));
}

/* Scores agree up to the order in which a document's term weights were added up. */
static int same_score(double a, double b)
{
    double m = fabs(a) > fabs(b) ? fabs(a) : fabs(b);
    return fabs(a - b) <= 1e-9 * (m > 1 ? m : 1);
}

static json_t *find_hit(json_t *hits, const char *id)
{
    size_t i;
    json_t *h;
    json_array_foreach(hits, i, h) {
        if (strcmp(json_string_value(json_object_get(h, "id")), id) == 0)
            return h;
    }
    return NULL;
}

/* The same ranking: scores position by position, and the same documents in every run
 * of equal scores, except a run that the page cuts (which of a tie makes the page is
 * the docids' choice, and a document's docid depends on the layout). Each document
 * found in both is the same, score aside. */
static int same_hits(json_t *a, json_t *b)
{
    size_t n = json_array_size(a);
    if (n != json_array_size(b))
        return 0;
    for (size_t i = 0; i < n; i++) {
        json_t *ha = json_array_get(a, i);
        if (!json_is_object(ha) || !json_is_string(json_object_get(ha, "id")))
            return 0;
        if (!same_score(score_of(ha), score_of(json_array_get(b, i))))
            return 0;
    }
    for (size_t i = 0, j; i < n; i = j) {
        double s = score_of(json_array_get(a, i));
        for (j = i + 1; j < n && same_score(score_of(json_array_get(a, j)), s); j++)
            ;
        int cut = j == n;
        for (size_t k = i; k < j; k++) {
            json_t *ha = json_array_get(a, k);
            json_t *hb = find_hit(b, json_string_value(json_object_get(ha, "id")));
            if (!hb) {
                if (cut)
                    continue;
                return 0;
            }
            json_t *ca = json_deep_copy(ha), *cb = json_deep_copy(hb);
            json_object_del(ca, "score");
            json_object_del(cb, "score");
            int eq = json_equal(ca, cb);
            json_decref(ca);
            json_decref(cb);
            if (!eq)
                return 0;
        }
    }
    return 1;
}

/* What is counted over a part of the matches only, where the part depends on how
 * ties fall: `total` is exact below 200 matches (search.c checks that many) and
 * Xapian's estimate above, which the shards make otherwise; the entity facets are
 * counted over the best SE_FACET_DOCS matches, the spies over SE_FACET_CHECK. */
static void drop_estimates(json_t *a, json_t *b)
{
    json_int_t ta = json_integer_value(json_object_get(a, "total"));
    json_int_t tb = json_integer_value(json_object_get(b, "total"));
    if (ta >= 200 && tb >= 200) {
        json_object_del(a, "total");
        json_object_del(b, "total");
    }
    static const char *const entity[] = {"province", "organization", "person", "doc_type"};
    for (json_t *x = a; x; x = x == a ? b : NULL) {
        json_t *f = json_object_get(x, "facets");
        if (json_is_object(f) && ta > SE_FACET_DOCS)
            for (size_t i = 0; i < 4; i++)
                json_object_del(f, entity[i]);
        if (json_is_object(f) && ta > SE_FACET_CHECK)
            json_object_clear(f);
    }
}

/* Whether both daemons give the same answer; says what differs when not. */
static int same_answer(const char *method, const char *target, const char *body)
{
    int s1, s2;
    json_t *a = ask(whole.port, method, target, body, &s1);
    json_t *b = ask(sharded.port, method, target, body, &s2);
    int same = s1 == 200 && s1 == s2 && a && b;
    if (same)
        drop_estimates(a, b);
    json_t *ha = json_object_get(a, "hits"), *hb = json_object_get(b, "hits");
    if (same && json_is_array(ha) && json_is_array(hb)) {
        same = same_hits(ha, hb);
        json_t *ra = json_deep_copy(a), *rb = json_deep_copy(b);
        json_object_del(ra, "hits");
        json_object_del(rb, "hits");
        same = same && json_equal(ra, rb);
        json_decref(ra);
        json_decref(rb);
    } else if (same) {
        same = json_equal(a, b);
    }
    if (!same) {
        char *ta = a ? json_dumps(a, JSON_COMPACT) : NULL;
        char *tb = b ? json_dumps(b, JSON_COMPACT) : NULL;
        fprintf(stderr, "differs: %s %s\n  one index (%d): %s\n  two shards (%d): %s\n",
                method, target, s1, ta ? ta : "-", s2, tb ? tb : "-");
        free(ta);
        free(tb);
    }
    json_decref(a);
    json_decref(b);
    return same;
}

static void need_tcpsrv(void)
{
    if (srv[0].pid <= 0)
        skip(); /* xapian-tools is not installed (scripts/deps.sh installs it) */
}

/* ---- Every endpoint over the sample corpus ----------------------------------------- */

TS_TEST(test_same_answers)
{
    need_tcpsrv();
    static const char *const gets[] = {
        "/api/search?q=khoa+hoc",
        "/api/search?q=nuoi+tom&sort=date",
        "/api/search?q=giong+lua&sort=date_asc&per_page=3&page=2",
        "/api/search?q=ngien+cuu",                              /* typo fixed */
        "/api/search?q=so+khoa+hoc+va+cong+nghe+quang+nam",     /* diacritics restored */
        "/api/search?q=KH%26CN",                                /* abbreviation */
        "/api/search?q=%22s%C3%A2m+Ng%E1%BB%8Dc+Linh%22",         /* phrase */
        "/api/search?q=&type=task",
        "/api/search?q=quyet+dinh&from=2023&to=2023",
        "/api/search?q=khoa+hoc&year=2023",
        "/api/search?q=xyzzyqwerty",
        "/api/suggest?q=khoa+h",
        "/api/suggest?q=ngh&limit=10",
        "/api/officials",
        "/api/officials?q=nguyen",
        "/api/decisions",
        "/api/tasks",
        "/api/tasks?q=lua&sort=-budget",
        "/api/tasks?level=province&sort=year",
        "/api/doc/news-2023-001",
        "/healthz",
    };
    int bad = 0;
    for (size_t i = 0; i < sizeof gets / sizeof *gets; i++)
        bad += !same_answer("GET", gets[i], NULL);
    bad += !same_answer("POST", "/api/similar",
                        "{\"title\": \"Nuôi tôm thẻ chân trắng trong nhà màng\", "
                        "\"text\": \"mô hình nuôi tôm thẻ chân trắng công nghệ cao\"}");
    assert_int_equal(bad, 0);
}

/* Several --db: local shards, searched as one. */
TS_TEST(test_local_shards)
{
    ts_daemon two = {0};
    const char *extra[] = {"--db", srv[1].db, NULL};
    assert_int_equal(ts_searchd_start_args(&two, srv[0].db, extra), 0);
    int s1, s2;
    json_t *a = ask(whole.port, "GET", "/api/search?q=nghien+cuu&per_page=20", NULL, &s1);
    json_t *b = ask(two.port, "GET", "/api/search?q=nghien+cuu&per_page=20", NULL, &s2);
    ts_searchd_stop(&two);
    assert_int_equal(s1, 200);
    assert_int_equal(s2, 200);
    assert_true(json_equal(a, b));
    json_decref(a);
    json_decref(b);
}

/* ---- A shard that fails ------------------------------------------------------------ */

static double now_ms(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return ts.tv_sec * 1e3 + ts.tv_nsec / 1e6;
}

/* A search on the sharded daemon must fail at once or within the timeout, with a 503
 * that names the shard and says the answer is not partial. */
static void expect_shard_failure(const char *target, unsigned port)
{
    char *resp = NULL;
    double t0 = now_ms();
    int status = ts_http(sharded.port, "GET", target, NULL, 0, &resp);
    double took = now_ms() - t0;
    assert_int_equal(status, 503);
    assert_true(took < TIMEOUT_MS + 1000);
    char name[64];
    snprintf(name, sizeof name, "shard 127.0.0.1:%u unavailable", port);
    json_t *j = resp ? json_loads(resp, 0, NULL) : NULL;
    free(resp);
    const char *msg = json_string_value(json_object_get(j, "error"));
    assert_non_null(msg);
    assert_non_null(strstr(msg, name));
    assert_true(json_is_false(json_object_get(j, "partial")));
    json_decref(j);
}

TS_TEST(test_killed_shard)
{
    need_tcpsrv();
    assert_true(same_answer("GET", "/api/search?q=khoa+hoc", NULL));
    ts_kill_group(srv[1].pid); /* the server and the children serving connections */
    srv[1].pid = 0;
    expect_shard_failure("/api/search?q=khoa+hoc", srv[1].port);
    expect_shard_failure("/api/search?q=giong+lua", srv[1].port);
    expect_shard_failure("/api/tasks?q=lua", srv[1].port);
    expect_shard_failure("/api/officials", srv[1].port);
    char *page = NULL; /* the web page of a search says so too */
    assert_int_equal(ts_http(sharded.port, "GET", "/?q=khoa+hoc", NULL, 0, &page), 503);
    free(page);

    assert_int_equal(start_shard(&srv[1]), 0); /* back on the same port */
    assert_true(same_answer("GET", "/api/search?q=khoa+hoc", NULL));
    assert_true(same_answer("GET", "/api/suggest?q=khoa+h", NULL));
    assert_true(same_answer("GET", "/api/tasks?q=lua", NULL));
}

/* A shard that hangs (stopped, as a machine under swap or behind a dead link): the
 * answer comes within the timeout, and the shard is used again once it resumes. */
TS_TEST(test_hung_shard)
{
    need_tcpsrv();
    assert_true(same_answer("GET", "/api/search?q=nuoi+tom", NULL));
    kill(-srv[0].pid, SIGSTOP);
    expect_shard_failure("/api/search?q=nuoi+tom", srv[0].port);
    expect_shard_failure("/api/search?q=khoa+hoc&sort=date", srv[0].port);
    kill(-srv[0].pid, SIGCONT);
    assert_true(same_answer("GET", "/api/search?q=nuoi+tom", NULL));
    assert_true(same_answer("GET", "/api/search?q=khoa+hoc&sort=date", NULL));
}

/* ---- The dev query sets over a slice of the shared corpus ------------------------------ */

typedef struct idset {
    char **ids;
    size_t n, cap;
} idset;

static void idset_add(idset *s, const char *id)
{
    if (s->n == s->cap) {
        s->cap = s->cap ? s->cap * 2 : 256;
        s->ids = realloc(s->ids, s->cap * sizeof *s->ids);
        assert_non_null(s->ids);
    }
    s->ids[s->n++] = strdup(id);
}

static int idset_has(const idset *s, const char *id)
{
    for (size_t i = 0; i < s->n; i++)
        if (strcmp(s->ids[i], id) == 0)
            return 1;
    return 0;
}

static void idset_free(idset *s)
{
    for (size_t i = 0; i < s->n; i++)
        free(s->ids[i]);
    free(s->ids);
}

/* Queries of a dev set whose targets are in the two uncompressed corpus files. */
static void read_queries(const char *set, idset *queries, idset *targets)
{
    FILE *f = fopen(set, "r");
    assert_non_null(f);
    char *line;
    while ((line = slurp_line(f))) {
        json_t *j = json_loads(line, 0, NULL);
        free(line);
        const char *q = json_string_value(json_object_get(j, "q"));
        json_t *rel = json_object_get(j, "relevant");
        const char *target = json_string_value(json_object_get(j, "target"));
        int wanted = 0;
        if (target && (strncmp(target, "unc-", 4) == 0 || strncmp(target, "phapdien-", 9) == 0)) {
            idset_add(targets, target);
            wanted = 1;
        }
        size_t i;
        json_t *v;
        json_array_foreach(rel, i, v) {
            const char *id = json_string_value(v);
            if (id && (strncmp(id, "unc-", 4) == 0 || strncmp(id, "phapdien-", 9) == 0)) {
                idset_add(targets, id);
                wanted = 1;
            }
        }
        if (q && wanted)
            idset_add(queries, q);
        json_decref(j);
    }
    fclose(f);
}

static int setup_eval(void **state)
{
    const char *shared = ts_shared("eval/known-item-dev.jsonl"); /* a static buffer */
    char ki[4096], entity[4096];
    if (!shared) {
        fprintf(stderr, "test_shards eval: ../shared/eval is absent; nothing to compare\n");
        return ts_tmp_setup(state);
    }
    snprintf(ki, sizeof ki, "%s", shared);
    snprintf(entity, sizeof entity, "%s", ts_shared("eval/entity-dev.jsonl"));
    idset *queries = calloc(1, sizeof *queries), targets = {0};
    read_queries(ki, queries, &targets);
    read_queries(entity, queries, &targets);
    *state = queries;
    if (ts_tmp_setup(NULL))
        return -1;
    static const char *const files[] = {"corpus/news-dantri.jsonl", "corpus/legal-khcn.jsonl"};
    size_t n = 0, cap = 1024, seen = 0;
    char **lines = malloc(cap * sizeof *lines);
    for (size_t k = 0; k < 2; k++) {
        FILE *f = fopen(ts_shared(files[k]), "r");
        assert_non_null(f);
        char *line;
        while ((line = slurp_line(f))) {
            json_t *j = json_loads(line, 0, NULL);
            const char *id = json_string_value(json_object_get(j, "id"));
            if (id && (idset_has(&targets, id) || seen++ % 8 == 0)) {
                if (n == cap)
                    lines = realloc(lines, (cap *= 2) * sizeof *lines);
                lines[n++] = line;
            } else {
                free(line);
            }
            json_decref(j);
        }
        fclose(f);
    }
    idset_free(&targets);
    int rc = start_all(lines, n);
    for (size_t i = 0; i < n; i++)
        free(lines[i]);
    free(lines);
    return rc;
}

static int teardown_eval(void **state)
{
    idset *queries = *state;
    if (queries) {
        idset_free(queries);
        free(queries);
    }
    *state = NULL;
    return teardown(state);
}

static void test_eval_queries(void **state)
{
    idset *queries = *state;
    if (!queries)
        skip();
    need_tcpsrv();
    int bad = 0;
    size_t asked = 0;
    for (size_t i = 0; i < queries->n; i++) {
        char *q = ts_urlencode(queries->ids[i]);
        char target[4096];
        snprintf(target, sizeof target, "/api/search?q=%s", q);
        free(q);
        bad += !same_answer("GET", target, NULL);
        asked++;
    }
    fprintf(stderr, "test_shards eval: %zu dev queries, %d answered differently\n", asked, bad);
    assert_true(asked > 100);
    /* Xapian's matcher does not weigh every query exactly alike over shards and over
     * one database (docs/deployment.md: about 1 query in 100 of the dev sets, two
     * near-equal documents swapped); more than 2 in 100 is a fault of ours. */
    assert_true((size_t)bad * 50 <= asked);
}

int main(void)
{
    signal(SIGPIPE, SIG_IGN);
    /* The run over the dev query sets (test_shards_eval in CTest). */
    const char *mode = getenv("TRACUU_SHARDS_EVAL");
    eval_mode = mode && strcmp(mode, "1") == 0;
    if (eval_mode) {
        const struct CMUnitTest tests[] = {cmocka_unit_test(test_eval_queries)};
        return cmocka_run_group_tests(tests, setup_eval, teardown_eval);
    }
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_same_answers), cmocka_unit_test(test_local_shards),
        cmocka_unit_test(test_killed_shard), cmocka_unit_test(test_hung_shard),
    };
    return cmocka_run_group_tests(tests, setup_sample, teardown);
}
