/* Crash consistency of tracuu-index: a run killed with SIGKILL at a random moment must
 * leave an index that opens and holds exactly the documents of its committed batches,
 * and running the same command again must complete it (indexer.h promises both).
 *
 * The input is corpus/sample.jsonl three times over under new ids: 144 documents, in
 * batches of 20. Each iteration kills the indexer after a random delay within the
 * time a whole run takes, checks what it left, runs the same command again to the end
 * and checks that every document is there and found as in an index built in one go.
 * Three ways of running, three promises:
 *   - into an existing index (one writer): the index holds the first k * 20 records
 *     of the input, in input order, or all of them;
 *   - into a new index (the default first run writes glass segments in DIR.build and
 *     puts the database at DIR at the end, indexer/bulk.h): DIR is absent or whole,
 *     and whatever DIR.build (or DIR.merge) holds, the re-run removes and completes;
 *   - with --shards 2: the same per-shard promise in DIR (indexer/shards.h).
 * A few kills come within the first 0.1 s of a first run, while the database is
 * being created.
 * TRACUU_CRASH_ITERATIONS sets the count of each of the first two (default 20;
 * bench: 100; the third runs a quarter as many) and TRACUU_CRASH_SEED the seed
 * (printed, to repeat a run). */
#include <errno.h>
#include <jansson.h>
#include <setjmp.h>
#include <signal.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include <cmocka.h>

#include "shards.h"
#include "support.h"
#include "vn.h"
#include "xc.h"

#define BATCH 20
#define COPIES 3
#define MAX_DOCS 512

static char *dir;
static char input[4096];
static char *ids[MAX_DOCS]; /* in input order */
static size_t nids;
static double full_run_s;    /* how long an uninterrupted first run takes */
static double add_run_s;     /* and one into an existing index */
static char ref_db[4096];    /* built in one go */
static char probe_terms[4][128];
static size_t nprobe;
static int have_shards;
static char seed_input[4096]; /* one record, to make an index exist before a run */

static double now_s(void)
{
    struct timespec t;
    clock_gettime(CLOCK_MONOTONIC, &t);
    return (double)t.tv_sec + (double)t.tv_nsec / 1e9;
}

/* corpus/sample.jsonl COPIES times, ids made unique: "c<k>-<id>". */
static void write_input(void)
{
    FILE *in = fopen(ts_source("corpus/sample.jsonl"), "r");
    assert_non_null(in);
    char *lines[128];
    size_t n = 0, cap = 0;
    char *line = NULL;
    while (n < 128 && getline(&line, &cap, in) > 0)
        lines[n++] = strdup(line);
    free(line);
    fclose(in);
    snprintf(input, sizeof input, "%s/crash.jsonl", dir);
    FILE *out = fopen(input, "w");
    assert_non_null(out);
    for (int k = 0; k < COPIES; k++)
        for (size_t i = 0; i < n; i++) {
            json_error_t je;
            json_t *rec = json_loads(lines[i], 0, &je);
            assert_non_null(rec);
            char id[256];
            snprintf(id, sizeof id, "c%d-%s", k, json_string_value(json_object_get(rec, "id")));
            json_object_set_new(rec, "id", json_string(id));
            char *s = json_dumps(rec, JSON_COMPACT);
            fprintf(out, "%s\n", s);
            free(s);
            json_decref(rec);
            assert_true(nids < MAX_DOCS);
            ids[nids++] = strdup(id);
        }
    fclose(out);
    for (size_t i = 0; i < n; i++)
        free(lines[i]);
    snprintf(seed_input, sizeof seed_input, "%s/seed.jsonl", dir);
    static const char seed[] = "{\"id\":\"seed\",\"title\":\"Zzyzx\",\"body\":\"Qwxz.\"}\n";
    ts_write_file(seed_input, seed, sizeof seed - 1);
}

/* Runs tracuu-index to the end; asserts exit 0. */
static void index_file(const char *db, const char *shards, const char *path)
{
    char *argv[] = {(char *)ts_program("indexer/tracuu-index"), "--db", (char *)db, "--batch",
                    "20", "--quiet", (char *)path, NULL, NULL, NULL};
    if (shards) {
        argv[6] = "--shards";
        argv[7] = (char *)shards;
        argv[8] = (char *)path;
    }
    char *err = NULL;
    int rc = ts_run(argv, &err);
    if (rc != 0)
        fail_msg("tracuu-index --db %s: exit %d: %s", db, rc, err ? err : "");
    free(err);
}

static void index_all(const char *db, const char *shards)
{
    index_file(db, shards, input);
}

static int collect_id(void *ctx, const char *term, size_t len, uint64_t tf)
{
    (void)tf;
    char ***out = ctx;
    **out = strndup(term + 1, len - 1);
    (*out)++;
    return 0;
}

static int cmp_str(const void *a, const void *b)
{
    return strcmp(*(char *const *)a, *(char *const *)b);
}

/* The ids in `db` (sorted, malloc()ed strings) into out; returns their count. */
static size_t ids_in(xc_db *db, char **out)
{
    uint64_t count = 0;
    assert_int_equal(xc_db_doccount(db, &count, NULL), 0);
    assert_true(count <= MAX_DOCS);
    char **end = out;
    assert_int_equal(xc_db_allterms(db, "Q", 1, collect_id, &end, NULL), 0);
    size_t n = (size_t)(end - out);
    if (n != count)
        fail_msg("the index counts %llu documents but holds %zu ids", (unsigned long long)count,
                 n);
    qsort(out, n, sizeof *out, cmp_str);
    return n;
}

/* 1 when the sorted `have` (n) is exactly the ids among the first `k` of the input
 * for which keep(i) holds. */
static int is_prefix_set(char **have, size_t n, size_t k, unsigned shard, unsigned nshards)
{
    char *want[MAX_DOCS];
    size_t m = 0;
    for (size_t i = 0; i < k; i++) {
        char term[256];
        int len = snprintf(term, sizeof term, "Q%s", ids[i]);
        if (nshards == 0 || ix_shards_route(term, (size_t)len, nshards) == shard)
            want[m++] = ids[i];
    }
    if (m != n)
        return 0;
    qsort(want, m, sizeof *want, cmp_str);
    for (size_t i = 0; i < n; i++)
        if (strcmp(want[i], have[i]) != 0)
            return 0;
    return 1;
}

static void free_ids(char **v, size_t n)
{
    for (size_t i = 0; i < n; i++)
        free(v[i]);
}

/* Takes the seed record's id out of the sorted `have` (it must be there); returns the
 * new count. */
static size_t drop_seed(char **have, size_t n)
{
    for (size_t i = 0; i < n; i++)
        if (strcmp(have[i], "seed") == 0) {
            free(have[i]);
            memmove(have + i, have + i + 1, (n - i - 1) * sizeof *have);
            return n - 1;
        }
    fail_msg("the document indexed before the killed run is gone");
    return n;
}

/* A whole index: as many documents as the input, the same ids, and the same
 * answers as the index built in one go. */
static void check_complete(const char *db, int seeded)
{
    xc_db *d = xc_db_open(db, NULL);
    xc_db *ref = xc_db_open(ref_db, NULL);
    assert_non_null(d);
    assert_non_null(ref);
    char *have[MAX_DOCS];
    size_t n = ids_in(d, have);
    if (seeded)
        n = drop_seed(have, n);
    if (!is_prefix_set(have, n, nids, 0, 0))
        fail_msg("after the re-run the index holds %zu documents, not the %zu of the input", n,
                 nids);
    free_ids(have, n);
    for (size_t i = 0; i < nprobe; i++) {
        uint64_t a = 0, b = 0;
        size_t len = strlen(probe_terms[i]);
        assert_int_equal(xc_db_termfreq(d, probe_terms[i], len, &a, NULL), 0);
        assert_int_equal(xc_db_termfreq(ref, probe_terms[i], len, &b, NULL), 0);
        xc_query *q = xc_query_term(probe_terms[i], len, 1, 0, NULL);
        xc_enquire *e = xc_enquire_new(d, NULL);
        assert_non_null(q);
        assert_non_null(e);
        assert_int_equal(xc_enquire_set_query(e, q, NULL), 0);
        xc_mset *m = xc_enquire_run(e, 0, MAX_DOCS, MAX_DOCS, NULL);
        assert_non_null(m);
        if (a != b || xc_mset_size(m) != b || b == 0)
            fail_msg("term %s: %llu documents after the re-run, %zu found by a search, %llu in "
                     "one go", probe_terms[i], (unsigned long long)a, xc_mset_size(m),
                     (unsigned long long)b);
        xc_mset_free(m);
        xc_enquire_free(e);
        xc_query_free(q);
    }
    xc_db_free(ref);
    xc_db_free(d);
}

/* Title words of the first and the last record, folded, as title terms. */
static void pick_probes(void)
{
    FILE *f = fopen(input, "r");
    assert_non_null(f);
    char *line = NULL, *first = NULL, *last = NULL;
    size_t cap = 0;
    while (getline(&line, &cap, f) > 0) {
        if (!first)
            first = strdup(line);
        free(last);
        last = strdup(line);
    }
    free(line);
    fclose(f);
    const char *recs[] = {first, last};
    for (size_t r = 0; r < 2; r++) {
        json_error_t je;
        json_t *rec = json_loads(recs[r], 0, &je);
        assert_non_null(rec);
        const char *title = json_string_value(json_object_get(rec, "title"));
        assert_non_null(title);
        char *folded = NULL;
        size_t flen = 0;
        assert_int_equal(vn_fold(title, strlen(title), &folded, &flen, NULL), 0);
        char *save = NULL;
        int taken = 0;
        for (char *w = strtok_r(folded, " ,.:;()\"", &save); w && taken < 2;
             w = strtok_r(NULL, " ,.:;()\"", &save)) {
            if (strlen(w) < 3 || strlen(w) > 100)
                continue;
            snprintf(probe_terms[nprobe++], sizeof probe_terms[0], "S%s", w);
            taken++;
        }
        free(folded);
        json_decref(rec);
    }
    free(first);
    free(last);
    assert_true(nprobe > 0);
}

static int setup(void **state)
{
    (void)state;
    dir = ts_tempdir();
    write_input();
    pick_probes();
    snprintf(ref_db, sizeof ref_db, "%s/ref", dir);
    double t0 = now_s();
    index_all(ref_db, NULL);
    full_run_s = now_s() - t0;
    char add_db[4200];
    snprintf(add_db, sizeof add_db, "%s/add", dir);
    index_file(add_db, NULL, seed_input);
    t0 = now_s();
    index_all(add_db, NULL);
    add_run_s = now_s() - t0;
    ts_rmrf(add_db);
    /* Whether this tracuu-index has --shards: a bad count is refused either way, and
     * the message tells which. */
    char *argv[] = {(char *)ts_program("indexer/tracuu-index"), "--shards", "0", NULL};
    char *err = NULL;
    ts_run(argv, &err);
    have_shards = err && strstr(err, "--shards") && !strstr(err, "unrecognized");
    free(err);
    print_message("input: %zu documents in batches of %d; a whole run takes %.2f s into a new "
                  "index, %.2f s into an existing one; --shards %s\n",
                  nids, BATCH, full_run_s, add_run_s, have_shards ? "present" : "absent");
    return 0;
}

static int teardown(void **state)
{
    (void)state;
    ts_rmrf(dir);
    free(dir);
    free_ids(ids, nids);
    return 0;
}

/* Starts tracuu-index, kills it after `delay` seconds; returns 1 when it had ended
 * by itself (exit 0) before the kill. */
static int run_and_kill(const char *db, const char *shards, double delay)
{
    pid_t pid = fork();
    assert_true(pid >= 0);
    if (pid == 0) {
        const char *prog = ts_program("indexer/tracuu-index");
        if (shards)
            execl(prog, prog, "--db", db, "--batch", "20", "--quiet", "--shards", shards, input,
                  (char *)NULL);
        else
            execl(prog, prog, "--db", db, "--batch", "20", "--quiet", input, (char *)NULL);
        _exit(127);
    }
    struct timespec ts = {.tv_sec = (time_t)delay,
                          .tv_nsec = (long)((delay - (double)(time_t)delay) * 1e9)};
    while (nanosleep(&ts, &ts) && errno == EINTR)
        ;
    kill(pid, SIGKILL);
    int status;
    while (waitpid(pid, &status, 0) < 0 && errno == EINTR)
        ;
    if (WIFEXITED(status) && WEXITSTATUS(status) != 0)
        fail_msg("tracuu-index exited %d before it was killed", WEXITSTATUS(status));
    return WIFEXITED(status);
}

static int exists(const char *path)
{
    struct stat st;
    return stat(path, &st) == 0;
}

/* An existing index after the kill: it opens, keeps what it had, and holds the first
 * k * BATCH records of the input or all of them. Returns how many of them. */
static size_t check_killed_existing(const char *db, unsigned iteration)
{
    tr_error err = {0};
    xc_db *d = xc_db_open(db, &err);
    if (!d)
        fail_msg("iteration %u: the index does not open after the kill: %s", iteration,
                 err.message);
    char *have[MAX_DOCS];
    size_t n = drop_seed(have, ids_in(d, have));
    xc_db_free(d);
    if (n % BATCH != 0 && n != nids)
        fail_msg("iteration %u: %zu documents: not whole batches of %d", iteration, n, BATCH);
    if (!is_prefix_set(have, n, n, 0, 0))
        fail_msg("iteration %u: the %zu documents are not the first %zu of the input",
                 iteration, n, n);
    free_ids(have, n);
    return n;
}

/* Shards under `dir` (a stub and shard-K folders): each holds its share of the first
 * k batches, k its own. A shard not created yet holds nothing. Returns the documents
 * over all shards; fails when the shards cannot be told apart (no stub). */
static size_t check_shards(const char *dir, unsigned iteration)
{
    unsigned nshards = 0;
    tr_error err = {0};
    if (ix_shards_probe(dir, &nshards, &err))
        fail_msg("iteration %u: %s", iteration, err.message);
    size_t total = 0;
    for (unsigned s = 0; s < nshards; s++) {
        char path[4400];
        snprintf(path, sizeof path, "%s/shard-%u", dir, s);
        xc_db *d = exists(path) ? xc_db_open(path, NULL) : NULL;
        if (!d)
            continue;
        char *have[MAX_DOCS];
        size_t n = ids_in(d, have);
        xc_db_free(d);
        int ok = 0;
        for (size_t k = 0; k <= nids && !ok; k += BATCH)
            ok = is_prefix_set(have, n, k, s, nshards);
        ok = ok || is_prefix_set(have, n, nids, s, nshards);
        if (!ok)
            fail_msg("iteration %u: shard %u of %s holds %zu documents that are not its share "
                     "of whole batches", iteration, s, dir, n);
        free_ids(have, n);
        total += n;
    }
    if (nshards) {
        xc_db *d = xc_db_open(dir, &err);
        if (!d)
            fail_msg("iteration %u: %s has its stub but does not open: %s", iteration, dir,
                     err.message);
        xc_db_free(d);
    }
    return total;
}

static unsigned env_unsigned(const char *name, unsigned dflt)
{
    const char *s = getenv(name);
    return s && *s ? (unsigned)strtoul(s, NULL, 10) : dflt;
}

static unsigned iterations(unsigned divisor)
{
    unsigned n = env_unsigned("TRACUU_CRASH_ITERATIONS", 20) / divisor;
    return n ? n : 1;
}

static unsigned seeded_rand(unsigned offset)
{
    static unsigned base;
    if (!base) {
        base = env_unsigned("TRACUU_CRASH_SEED", (unsigned)time(NULL));
        print_message("seed %u (TRACUU_CRASH_SEED=%u repeats this run)\n", base, base);
    }
    srand(base + offset);
    return base + offset;
}

/* Up to a little longer than a whole run, so that some kills come after the end. */
static double random_delay(double whole_run)
{
    return 1.05 * whole_run * ((double)rand() / RAND_MAX);
}

TS_TEST(test_kill_while_adding_to_an_index)
{
    seeded_rand(0);
    unsigned n = iterations(1), none = 0, partial = 0, whole = 0;
    for (unsigned i = 0; i < n; i++) {
        char db[4200];
        snprintf(db, sizeof db, "%s/db-%u", dir, i);
        index_file(db, NULL, seed_input);
        double delay = random_delay(add_run_s);
        int ended = run_and_kill(db, NULL, delay);
        size_t got = check_killed_existing(db, i);
        print_message("  %2u: killed after %.3f s: %s%zu documents committed\n", i, delay,
                      ended ? "(had ended) " : "", got);
        none += got == 0;
        partial += got > 0 && got < nids;
        whole += got == nids;
        index_all(db, NULL);
        check_complete(db, 1);
        ts_rmrf(db);
    }
    print_message("%u kills: %u before the first commit, %u mid-run, %u after the last\n", n,
                  none, partial, whole);
}

TS_TEST(test_kill_while_building_a_new_index)
{
    seeded_rand(1);
    unsigned n = iterations(1), absent = 0, building = 0, whole = 0;
    for (unsigned i = 0; i < n; i++) {
        char db[4200], build[4300];
        snprintf(db, sizeof db, "%s/new-%u", dir, i);
        snprintf(build, sizeof build, "%s.build", db);
        double delay = random_delay(full_run_s);
        run_and_kill(db, NULL, delay);
        size_t got = 0;
        if (exists(db)) {
            check_complete(db, 0); /* the merge is all or nothing */
            got = nids;
            whole++;
        } else if (exists(build)) {
            building++; /* scratch: the re-run starts again */
        } else {
            absent++;
        }
        print_message("  %2u: killed after %.3f s: %s, %zu documents committed\n", i, delay,
                      exists(db) ? "index whole" : exists(build) ? "building" : "nothing yet",
                      got);
        index_all(db, NULL);
        check_complete(db, 0);
        ts_rmrf(db);
        ts_rmrf(build);
    }
    print_message("%u kills: %u before anything was written, %u while building, %u after "
                  "the merge\n", n, absent, building, whole);
}

/* The first moments of a first run, where the database is being created: a kill
 * there must not leave a folder that a re-run refuses. What an older tracuu-index's
 * killed first run left (a shard without its stub in DIR.build) is made by hand
 * first, then random kills follow. */
TS_TEST(test_kill_while_creating_a_new_index)
{
    char db[4200], build[4300], shard[4400];
    snprintf(db, sizeof db, "%s/start", dir);
    snprintf(build, sizeof build, "%s.build", db);
    snprintf(shard, sizeof shard, "%s/shard-0", build);
    assert_int_equal(mkdir(build, 0777), 0);
    xc_wdb *w = xc_wdb_open(shard, XC_CREATE_OR_OPEN, NULL);
    assert_non_null(w);
    xc_wdb_free(w);
    index_all(db, NULL);
    check_complete(db, 0);
    ts_rmrf(db);
    ts_rmrf(build);

    seeded_rand(3);
    unsigned n = iterations(4);
    for (unsigned i = 0; i < n; i++) {
        char db[4200], build[4300];
        snprintf(db, sizeof db, "%s/start-%u", dir, i);
        snprintf(build, sizeof build, "%s.build", db);
        double delay = 0.1 * ((double)rand() / RAND_MAX);
        run_and_kill(db, NULL, delay);
        if (exists(db))
            check_complete(db, 0);
        print_message("  %2u: killed after %.3f s: %s\n", i, delay,
                      exists(db) ? "index whole" : exists(build) ? "building" : "nothing yet");
        index_all(db, NULL);
        check_complete(db, 0);
        ts_rmrf(db);
        ts_rmrf(build);
    }
}

TS_TEST(test_kill_with_shards)
{
    if (!have_shards)
        skip();
    seeded_rand(2);
    unsigned n = iterations(4);
    for (unsigned i = 0; i < n; i++) {
        char db[4200];
        snprintf(db, sizeof db, "%s/sharded-%u", dir, i);
        double delay = random_delay(full_run_s);
        run_and_kill(db, "2", delay);
        size_t got = exists(db) ? check_shards(db, i) : 0;
        print_message("  %2u: killed after %.3f s: %zu documents over 2 shards\n", i, delay, got);
        index_all(db, "2");
        check_complete(db, 0);
        ts_rmrf(db);
    }
}

TS_MAIN(setup, teardown,
        cmocka_unit_test(test_kill_while_adding_to_an_index),
        cmocka_unit_test(test_kill_while_building_a_new_index),
        cmocka_unit_test(test_kill_while_creating_a_new_index),
        cmocka_unit_test(test_kill_with_shards))
