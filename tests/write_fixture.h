/* write_fixture: what the tests of the write API (test_writes) and of uploads
 * (test_upload) share: tracuu-searchd's server run in a child process over a small
 * fixture index, with a key file of an admin key and a search key (auth.h) and its
 * audit log in a file; requests with headers and the key wf_use_key() chose;
 * multipart forms; what the index and the audit log hold. Not a module of tracuu;
 * linked into those tests only.
 */
#ifndef WRITE_FIXTURE_H
#define WRITE_FIXTURE_H

#include <jansson.h>
#include <stddef.h>
#include <sys/types.h>

#include "keys.h"

/* The writer's wait for the lock: short, so that the lock test does not take long
 * (searchd's is 5 s). */
#define WF_WAIT_MS 800
#define WF_BOUNDARY "tracuuTestBoundary42"

typedef struct wf_server {
    pid_t pid;
    unsigned port;
    char dir[2048]; /* the fixture: DIR/db, DIR/stderr, DIR/tmp */
    char db[4096];
} wf_server;

typedef struct wf_opts {
    int writable;
    unsigned max_write_mb;
    unsigned large_bodies_mb;
} wf_opts;

typedef struct wf_reply {
    int status;
    char *head; /* the status line and headers */
    char *body;
    json_t *json; /* the body parsed, or NULL */
} wf_reply;

/* A writable server, as the tests of writes start it. */
extern const wf_opts wf_admin;

/* The keys of the key file every server reads: "admin" (scope admin) and "reader"
 * (scope search). */
extern char wf_admin_key[SD_KEY_HEX_LEN + 1], wf_reader_key[SD_KEY_HEX_LEN + 1];

/* The group's set-up and tear-down (the key file), and each test's set-up
 * (wf_use_key(wf_admin_key)). */
int wf_keys_setup(void **state);
int wf_keys_teardown(void **state);
int wf_as_admin(void **state);

/* The main() of a test program of this fixture: SIGPIPE ignored (a 413 may come before
 * the whole body is sent) and its tests (WF_TEST()s) run as one group with the keys of
 * wf_keys_setup(), each as the admin key. The program includes <signal.h>. */
#define WF_TEST(f) cmocka_unit_test_setup(f, wf_as_admin)
#define WF_MAIN(...)                                                                   \
    int main(void)                                                                     \
    {                                                                                  \
        signal(SIGPIPE, SIG_IGN);                                                      \
        const struct CMUnitTest wf_tests_[] = {__VA_ARGS__};                           \
        return cmocka_run_group_tests(wf_tests_, wf_keys_setup, wf_keys_teardown);     \
    }

/* The key the next requests carry as Authorization: Bearer (NULL: none). */
void wf_use_key(const char *key);

/* A new folder with the fixture indexed into DIR/db, served by a child process
 * (its audit log DIR/audit, its stderr DIR/stderr, its TMPDIR DIR/tmp); the test
 * fails when it does not come up. wf_start_in() serves s->dir again (0, or -1). */
void wf_start(wf_server *s, const wf_opts *o);
int wf_start_in(wf_server *s, const wf_opts *o);

/* Kills the child with SIGKILL (the folder is kept). */
void wf_kill(wf_server *s);

/* Stops the child as tracuu-searchd stops (SIGTERM: everything freed, so that the
 * sanitizers check for leaks), fails the test unless it exited 0, removes the folder. */
void wf_stop(wf_server *s);

/* One request with `headers` (each ending in \r\n; may be "") and `len` bytes of
 * body, on its own connection. */
wf_reply wf_request(unsigned port, const char *method, const char *target, const char *headers,
                    const char *body, size_t len);
wf_reply wf_json_request(unsigned port, const char *method, const char *target,
                         const char *body);
void wf_reply_free(wf_reply *r);

/* The test fails, naming `what` and showing the body, unless the status is `status`. */
void wf_expect_status(const wf_reply *r, int status, const char *what);

/* A JSON request whose answer must have `status`. */
void wf_expect_json(unsigned port, const char *method, const char *target, const char *body,
                    int status, const char *what);

/* A multipart/form-data POST: fields (name, value, ..., NULL; may be NULL) and a file
 * in the field "file" (file_name NULL: none). */
extern const char wf_form_type[]; /* its Content-Type header */
wf_reply wf_post_form(unsigned port, const char *target, const char *const *fields,
                      const char *file_name, const char *data, size_t data_len);

/* A whole file, malloc()ed and NUL-terminated; the test fails when it cannot be read. */
char *wf_read_file(const char *path, size_t *len);

/* Whether the index at `db` has a document of id `id`. */
int wf_has_doc(const char *db, const char *id);

/* The ids of the hits of /api/search?q=Q (Q URL-encoded), sorted, joined by
 * spaces; malloc()ed. */
char *wf_search(unsigned port, const char *q);

/* The hits of /api/search?q=Q (Q URL-encoded) must be `want`: ids sorted, joined by
 * spaces. */
void wf_expect_hits(unsigned port, const char *q, const char *want);

/* The server's audit log must hold the line of the admin key's `action` on `subject`
 * from 127.0.0.1 (the test fails, showing the log, otherwise). */
void wf_expect_audit(const wf_server *s, const char *action, const char *subject);

/* Files in the server's temporary folder: none once an upload is answered. */
int wf_tmp_files(const wf_server *s);

long long wf_now_ms(void);

#endif
