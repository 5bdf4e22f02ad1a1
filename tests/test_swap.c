/* test_swap: the rebuild-and-swap upgrade of docs/operations.md, under load.
 *
 * tracuu-searchd serves --db CURRENT, a symbolic link to one index (or a stub file
 * naming it); a new index is built beside it and swapped in with one rename while
 * clients search without pause, and the old index is then deleted. No request may
 * fail, and within a second every answer comes from the new index
 * (search/shardlist.h: the link or stub is watched, search/pool.c replaces the
 * handles opened on the old one).
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "support.h"

#define CLIENTS 3

static pid_t clients[CLIENTS]; /* killed by the teardown when a test fails */

static const char old_docs[] =
    "{\"id\":\"old-1\",\"title\":\"Báo cáo cũ\",\"body\":\"Kế hoạch alpha về nông nghiệp.\"}\n"
    "{\"id\":\"old-2\",\"title\":\"Tờ trình cũ\",\"body\":\"Dự án alpha về thủy lợi.\"}\n";
static const char new_docs[] =
    "{\"id\":\"new-1\",\"title\":\"Báo cáo mới\",\"body\":\"Kế hoạch beta về nông nghiệp.\"}\n"
    "{\"id\":\"new-2\",\"title\":\"Tờ trình mới\",\"body\":\"Dự án beta về thủy lợi.\"}\n"
    "{\"id\":\"new-3\",\"title\":\"Quyết định\",\"body\":\"Chương trình beta.\"}\n";

/* Searches without pause until SIGUSR1; exits with the number of failed requests
 * (at most 100), having written each failure on stderr. */
static void client(unsigned port)
{
    static const char *const targets[] = {"/api/search?q=alpha", "/api/search?q=beta",
                                          "/api/search?q=n%C3%B4ng%20nghi%E1%BB%87p"};
    unsigned failed = 0;
    for (unsigned i = 0;; i++) {
        char *body = NULL;
        int st = ts_http(port, "GET", targets[i % 3], NULL, 0, &body);
        json_t *j = st == 200 && body ? json_loads(body, 0, NULL) : NULL;
        if (!j || !json_is_array(json_object_get(j, "hits"))) {
            fprintf(stderr, "%s: status %d: %.200s\n", targets[i % 3], st, body ? body : "");
            if (++failed == 100)
                _exit(100);
        }
        json_decref(j);
        free(body);
        /* SIGUSR1 (blocked, so pending) ends the loop; so does the test's end. */
        sigset_t pending;
        sigpending(&pending);
        if (sigismember(&pending, SIGUSR1) || getppid() == 1)
            _exit(failed);
    }
}

static pid_t start_client(unsigned port)
{
    sigset_t usr1;
    sigemptyset(&usr1);
    sigaddset(&usr1, SIGUSR1);
    pid_t pid = fork();
    assert_true(pid >= 0);
    if (pid == 0) {
        sigprocmask(SIG_BLOCK, &usr1, NULL); /* pending, read by the loop */
        client(port);
    }
    return pid;
}

static int stop_client(pid_t pid)
{
    int st = 0;
    kill(pid, SIGUSR1);
    waitpid(pid, &st, 0);
    return WIFEXITED(st) ? WEXITSTATUS(st) : 128;
}

static int hits_of(unsigned port, const char *word)
{
    char target[128];
    snprintf(target, sizeof target, "/api/search?q=%s", word);
    json_t *j = ts_get_json(port, target, 200);
    int n = (int)json_array_size(json_object_get(j, "hits"));
    json_decref(j);
    return n;
}

static void sleep_ms(long ms)
{
    struct timespec t = {ms / 1000, (ms % 1000) * 1000000L};
    nanosleep(&t, NULL);
}

/* Renames `fresh` over `current`: the swap, one atomic step. */
static void swap(const char *fresh, const char *current)
{
    if (rename(fresh, current) != 0)
        fail_msg("rename %s %s failed", fresh, current);
}

/* `make_current(target, path)` makes `path` name the database `target`. */
static void swap_under_load(int (*make_current)(const char *target, const char *path))
{
    char old_db[4096], new_db[4096], current[4096], fresh[4096];
    snprintf(old_db, sizeof old_db, "%s", ts_tmp_path("index-1"));
    snprintf(new_db, sizeof new_db, "%s", ts_tmp_path("index-2"));
    snprintf(current, sizeof current, "%s", ts_tmp_path("current"));
    snprintf(fresh, sizeof fresh, "%s", ts_tmp_path("current.new"));
    assert_int_equal(ts_index_file(old_db, ts_tmp_path("old.jsonl"), old_docs,
                                   sizeof old_docs - 1), 0);
    assert_int_equal(make_current(old_db, current), 0);
    ts_daemon d;
    assert_int_equal(ts_searchd_start(&d, current), 0);
    assert_int_equal(hits_of(d.port, "alpha"), 2);
    assert_int_equal(hits_of(d.port, "beta"), 0);

    for (int i = 0; i < CLIENTS; i++)
        clients[i] = start_client(d.port);
    /* The new index is built beside the old one while it is served. */
    assert_int_equal(ts_index_file(new_db, ts_tmp_path("new.jsonl"), new_docs,
                                   sizeof new_docs - 1), 0);
    sleep_ms(300);
    assert_int_equal(make_current(new_db, fresh), 0);
    swap(fresh, current);
    sleep_ms(300);
    ts_rmrf(old_db); /* handles still on it read their open files */
    int beta = 0;
    for (int i = 0; i < 40 && beta != 3; i++) {
        beta = hits_of(d.port, "beta");
        if (beta != 3)
            sleep_ms(100);
    }
    assert_int_equal(beta, 3);
    assert_int_equal(hits_of(d.port, "alpha"), 0);
    sleep_ms(300);
    int failed = 0;
    for (int i = 0; i < CLIENTS; i++) {
        failed += stop_client(clients[i]);
        clients[i] = 0;
    }
    ts_searchd_stop(&d);
    if (failed)
        fail_msg("%d requests failed during the swap", failed);
}

static int make_link(const char *target, const char *path)
{
    return symlink(target, path);
}

static int make_stub(const char *target, const char *path)
{
    char line[4200];
    int n = snprintf(line, sizeof line, "auto %s\n", target);
    ts_write_file(path, line, (size_t)n);
    return 0;
}

TS_TEST(test_swap_a_symlink)
{
    swap_under_load(make_link);
}

TS_TEST(test_swap_a_stub_file)
{
    swap_under_load(make_stub);
}

static int teardown(void **state)
{
    for (int i = 0; i < CLIENTS; i++)
        if (clients[i] > 0) {
            kill(clients[i], SIGKILL);
            waitpid(clients[i], NULL, 0);
            clients[i] = 0;
        }
    return ts_tmp_teardown(state);
}

int main(void)
{
    alarm(300);
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_setup_teardown(test_swap_a_symlink, ts_tmp_setup, teardown),
        cmocka_unit_test_setup_teardown(test_swap_a_stub_file, ts_tmp_setup, teardown),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
