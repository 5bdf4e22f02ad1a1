/* test_replication: a read replica kept current with Xapian's replication tools.
 *
 * tracuu-index writes a master index (with XAPIAN_MAX_CHANGESETS set, so that it keeps
 * changesets), xapian-replicate-server serves the folder holding it on a loopback
 * port, and xapian-replicate (one-shot) copies it to a replica, which searchd serves.
 * More documents go into the master and are replicated again: the running searchd
 * must see them without a restart. Then a forced full copy, which xapian-replicate
 * writes to a new folder and switches the replica's stub to: searchd must follow it.
 */
#define _GNU_SOURCE /* getline */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <jansson.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "support.h"

static pid_t server;
static unsigned server_port;
static ts_daemon replica_d;

static int setup(void **state)
{
    if (ts_tmp_setup(state))
        return -1;
    /* The indexer keeps changesets only when asked to, through Xapian's variable. */
    setenv("XAPIAN_MAX_CHANGESETS", "10", 1);
    return 0;
}

static int teardown(void **state)
{
    ts_searchd_stop(&replica_d);
    ts_kill_group(server);
    return ts_tmp_teardown(state);
}

/* Lines [from, to) of the sample corpus into `path`; the id of line `from` goes to
 * first_id. */
static void write_part(const char *path, size_t from, size_t to, char *first_id, size_t cap)
{
    FILE *in = fopen(ts_source("corpus/sample.jsonl"), "r");
    FILE *out = fopen(path, "w");
    assert_non_null(in);
    assert_non_null(out);
    char *line = NULL;
    size_t lcap = 0;
    for (size_t i = 0; getline(&line, &lcap, in) >= 0 && i < to; i++) {
        if (i < from)
            continue;
        fputs(line, out);
        if (i == from) {
            json_t *j = json_loads(line, 0, NULL);
            snprintf(first_id, cap, "%s", json_string_value(json_object_get(j, "id")));
            json_decref(j);
        }
    }
    free(line);
    fclose(in);
    fclose(out);
}

static void run_ok(char *const argv[])
{
    char *err = NULL;
    int rc = ts_run(argv, &err);
    if (rc != 0)
        fprintf(stderr, "%s: exit %d: %s\n", argv[0], rc, err ? err : "");
    free(err);
    assert_int_equal(rc, 0);
}

static void index_part(const char *jsonl, const char *delete_id)
{
    char *argv[] = {(char *)ts_program("indexer/tracuu-index"), "--quiet", "--db",
                    (char *)ts_tmp_path("master/idx"), (char *)jsonl, NULL, NULL, NULL};
    if (delete_id) {
        argv[4] = "--delete";
        argv[5] = (char *)delete_id;
        argv[6] = (char *)jsonl;
    }
    run_ok(argv);
}

static void replicate(int full)
{
    char port[16];
    snprintf(port, sizeof port, "%u", server_port);
    char *argv[] = {"/usr/bin/xapian-replicate", "-h", "127.0.0.1", "-p", port, "-m", "idx",
                    "-o", "-q", "-r", "0", (char *)ts_tmp_path("replica"), NULL, NULL};
    if (full) {
        argv[11] = "-f";
        argv[12] = (char *)ts_tmp_path("replica");
    }
    run_ok(argv);
}

static long documents(void)
{
    char *resp = NULL;
    int status = ts_http(replica_d.port, "GET", "/healthz", NULL, 0, &resp);
    json_t *j = status == 200 && resp ? json_loads(resp, 0, NULL) : NULL;
    free(resp);
    long n = j ? (long)json_integer_value(json_object_get(j, "documents")) : -1;
    json_decref(j);
    return n;
}

/* Waits (searchd reopens at most once a second) until the replica has n documents. */
static int wait_documents(long n)
{
    for (int i = 0; i < 100; i++) {
        if (documents() == n)
            return 0;
        nanosleep(&(struct timespec){0, 50 * 1000000L}, NULL);
    }
    fprintf(stderr, "the replica has %ld documents, not %ld\n", documents(), n);
    return -1;
}

static int doc_status(const char *id)
{
    char target[512], *resp = NULL;
    char *enc = ts_urlencode(id);
    snprintf(target, sizeof target, "/api/doc/%s", enc);
    free(enc);
    int status = ts_http(replica_d.port, "GET", target, NULL, 0, &resp);
    free(resp);
    return status;
}

TS_TEST(test_replica)
{
    if (access("/usr/bin/xapian-replicate", X_OK) != 0)
        skip(); /* xapian-tools is not installed (scripts/deps.sh installs it) */
    char first[256], second[256], third[256];
    write_part(ts_tmp_path("p1.jsonl"), 0, 30, first, sizeof first);
    write_part(ts_tmp_path("p2.jsonl"), 30, 40, second, sizeof second);
    write_part(ts_tmp_path("p3.jsonl"), 40, 48, third, sizeof third);
    /* xapian-replicate-server serves the databases in a folder, by their names. */
    assert_int_equal(mkdir(ts_tmp_path("master"), 0755), 0);
    index_part(ts_tmp_path("p1.jsonl"), NULL);

    server_port = ts_free_port();
    char port[16];
    snprintf(port, sizeof port, "%u", server_port);
    char *srv[] = {"/usr/bin/xapian-replicate-server", "-I", "127.0.0.1", "-p", port,
                   (char *)ts_tmp_path("master"), NULL};
    server = ts_spawn_group(srv);
    assert_int_equal(ts_wait_port(server_port, 10000), 0);

    replicate(0);
    assert_int_equal(ts_searchd_start(&replica_d, ts_tmp_path("replica")), 0);
    assert_int_equal(documents(), 30);
    assert_int_equal(doc_status(first), 200);
    assert_int_equal(doc_status(second), 404);

    /* Changesets: applied in place; the running daemon reopens. */
    index_part(ts_tmp_path("p2.jsonl"), NULL);
    replicate(0);
    assert_int_equal(wait_documents(40), 0);
    assert_int_equal(doc_status(second), 200);
    char *resp = NULL;
    assert_int_equal(ts_http(replica_d.port, "GET", "/api/search?q=khoa+hoc", NULL, 0, &resp),
                     200);
    free(resp);

    /* A full copy goes to a new folder and the stub is switched to it. */
    index_part(ts_tmp_path("p3.jsonl"), first);
    replicate(1);
    assert_int_equal(wait_documents(47), 0);
    assert_int_equal(doc_status(third), 200);
    assert_int_equal(doc_status(first), 404);
}

int main(void)
{
    signal(SIGPIPE, SIG_IGN);
    const struct CMUnitTest tests[] = {cmocka_unit_test(test_replica)};
    return cmocka_run_group_tests(tests, setup, teardown);
}
