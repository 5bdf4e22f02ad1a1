/* support: what the tests share: temporary folders, running the built programs and
 * checking their exit status and stderr, writing a file and indexing it, a loopback
 * HTTP client, a fixture served by tracuu-searchd, asserting JSON answers and counts
 * in a database, the tally of a table-driven check whose failing rows name
 * themselves, and where the source, build and ../shared are.
 * Not a module of tracuu; linked into every test program.
 */
#ifndef TS_SUPPORT_H
#define TS_SUPPORT_H

#include <jansson.h>
#include <stddef.h>
#include <stdint.h>
#include <sys/types.h>

#include "ts_main.h"
#include "xc.h"

/* A new empty folder under $TMPDIR or /tmp; malloc()ed path. Aborts on failure. */
char *ts_tempdir(void);

/* A temporary folder per test group: ts_tmp_setup() makes it, ts_tmp_teardown()
 * removes it (cmocka group set-up and tear-down), ts_tmp_dir() is its path and
 * ts_tmp_path("x") is its path + "/x", in a rotating static buffer of 8. */
int ts_tmp_setup(void **state);
int ts_tmp_teardown(void **state);
const char *ts_tmp_dir(void);
const char *ts_tmp_path(const char *name);

/* Removes a folder and everything in it. */
void ts_rmrf(const char *path);

/* Writes `len` bytes to `path` (aborts on failure). */
void ts_write_file(const char *path, const char *data, size_t len);

/* The whole of a file, in malloc'd memory (a NUL after the last byte), its length in
 * *len; aborts when it cannot be read. */
char *ts_read_file(const char *path, size_t *len);

/* Path of a built program ("indexer/tracuu-index"); static storage, one at a time. */
const char *ts_program(const char *rel);

/* Path of a file of the source tree ("corpus/sample.jsonl"). */
const char *ts_source(const char *rel);

/* Path of a file in ../shared beside the checkout, or NULL when it is absent. */
const char *ts_shared(const char *rel);

/* Runs argv (argv[0] a path) to completion. Returns its exit status (128+signal
 * when killed). *err_out (may be NULL) receives what it wrote on stderr, malloc()ed. */
int ts_run(char *const argv[], char **err_out);

/* One run of a built program and what it must do: exit with `status`, having
 * written `words` (on standard output and standard error together). */
typedef struct ts_run_row {
    const char *args[6]; /* NULL-terminated */
    int status;
    const char *words;
} ts_run_row;

/* Runs the built program `rel` ("indexer/tracuu-index", as ts_program()) once per
 * row; the test fails at the first row it does not keep, naming its arguments and
 * showing the output. */
void ts_expect_runs(const char *rel, const ts_run_row *rows, size_t n);

/* The line `--version` prints: "PROGRAM VERSION (index schema N)", for a ts_run_row
 * (the caller includes vn_terms.h). */
#define TS_STR_(x) #x
#define TS_STR(x) TS_STR_(x)
#define TS_VERSION_LINE(program) \
    program " " TRACUU_VERSION " (index schema " TS_STR(VN_SCHEMA_VERSION) ")\n"

/* Runs argv (argv[0] a path, as ts_run) and fails the test, showing what it wrote on
 * stderr, unless it exits with `status` having written `words` there (NULL: not
 * checked). Returns that stderr, malloc()ed, for the caller's further checks. */
char *ts_run_expect(char *const argv[], int status, const char *words);

/* ts_run_expect() of the built program `rel` ("indexer/tracuu-index", as
 * ts_program()) with the arguments that follow `words`, up to a NULL (at most 30). */
char *ts_program_expect(const char *rel, int status, const char *words, ...)
    __attribute__((sentinel));

/* A table-driven check names every row that fails before the test fails:
 * ts_row_fail() prints one row's report (printf form: the row's input, what it gave
 * and what was expected) and counts it in *failed; ts_rows_end() then fails the test,
 * "FAILED of N rows differ", when any row did. */
void ts_row_fail(size_t *failed, const char *fmt, ...);
void ts_rows_end(size_t failed, size_t n);

/* A row of a table-driven test whose input gives one string: what it must equal,
 * contain or start with, as the test says. */
typedef struct ts_pair {
    const char *in, *want;
} ts_pair;

/* ts_run, and when the program exits other than 0, prints its name, status and
 * stderr (for a set-up that fails with -1 and must say why). Returns the status. */
int ts_run_reported(char *const argv[]);

/* Writes `len` bytes to `path` and indexes that file into `db` with tracuu-index
 * --quiet (ts_run_reported). Returns its exit status: 0, or after printing what it
 * said. */
int ts_index_file(const char *db, const char *path, const char *data, size_t len);

/* Writes `len` bytes of JSON Lines to DIR/fixture.jsonl and indexes them with
 * tracuu-index into DIR/db, whose path goes to `db` (`cap` bytes). Returns 0, or -1
 * after printing what the indexer said. */
int ts_index_fixture(const char *dir, const char *jsonl, size_t len, char *db, size_t cap);

/* A fixture for a unit test of the engine: a new temporary folder (*dir, malloc()ed),
 * `len` bytes of JSON Lines indexed into it (ts_index_fixture) and opened. Returns the
 * open index, or NULL after printing why. ts_index_close() frees both (NULLs do
 * nothing). */
xc_db *ts_index_open(const char *jsonl, size_t len, char **dir);
void ts_index_close(xc_db *db, char *dir);

/* A running tracuu-searchd. */
typedef struct ts_daemon {
    pid_t pid;
    unsigned port;
} ts_daemon;

/* Starts tracuu-searchd on a free loopback port over `db`. Returns 0, or -1 when it
 * did not come up. */
int ts_searchd_start(ts_daemon *d, const char *db);

/* The same, with --data DIR (abbreviations and synonyms) when `data` is not NULL. */
int ts_searchd_start_data(ts_daemon *d, const char *db, const char *data);
void ts_searchd_stop(ts_daemon *d);

/* The same with more arguments for tracuu-searchd: a NULL-terminated list (may be NULL). */
int ts_searchd_start_args(ts_daemon *d, const char *db, const char *const *extra);

/* A fixture served: a new temporary folder, `len` bytes of JSON Lines indexed into
 * DIR/db (ts_index_fixture), and tracuu-searchd over it with `extra` arguments (a
 * NULL-terminated list, may be NULL). For a cmocka group set-up: 0, or -1 after
 * printing why. ts_site_stop() stops the daemon and removes the folder. */
typedef struct ts_site {
    char *dir;
    char db[4096];
    ts_daemon daemon;
} ts_site;

int ts_site_start(ts_site *s, const char *jsonl, size_t len, const char *const *extra);
void ts_site_stop(ts_site *s);

/* The site of a test program that serves one fixture to all its tests: main() names
 * it with ts_site_use() (the three must outlive the tests) and passes ts_site_setup
 * and ts_site_teardown to cmocka_run_group_tests(); ts_group_site is it. */
extern ts_site ts_group_site;
void ts_site_use(const char *jsonl, size_t len, const char *const *extra);
int ts_site_setup(void **state);
int ts_site_teardown(void **state);

/* A loopback port that was free a moment ago (bound to port 0, then closed). */
unsigned ts_free_port(void);

/* Waits until something accepts connections on 127.0.0.1:port: 0, or -1 after `ms`. */
int ts_wait_port(unsigned port, int ms);

/* Starts argv (argv[0] a path) in a process group of its own, its output to /dev/null,
 * for servers that fork (xapian-tcpsrv, xapian-replicate-server): ts_kill_group() then
 * kills the server and every child it forked, as a machine going down would, and
 * reaps it. */
pid_t ts_spawn_group(char *const argv[]);
void ts_kill_group(pid_t pid);

/* A TCP connection to 127.0.0.1:port with a 30 s receive timeout, or -1. */
int ts_connect(unsigned port);

/* All that can be read from fd until its end, NUL-terminated, malloc()ed. */
char *ts_read_all(int fd);

/* One HTTP/1.1 request on 127.0.0.1:port, "Connection: close". `body` may be NULL.
 * Returns the status code (or -1 when the connection failed); *resp gets the body,
 * malloc()ed and NUL-terminated. `raw_target` is sent as is (already URL-encoded). */
int ts_http(unsigned port, const char *method, const char *raw_target, const char *body,
            size_t body_len, char **resp);

/* ts_http() with more request headers: "Name: value\r\n" each (may be NULL). */
int ts_http_with(unsigned port, const char *method, const char *raw_target, const char *headers,
                 const char *body, size_t body_len, char **resp);

/* Sends `request` (a whole HTTP request, as is) to 127.0.0.1:port and returns the
 * whole response, malloc()ed, or NULL when the connection failed. */
char *ts_http_exchange(unsigned port, const char *request);

/* Splits a whole HTTP response in place: returns its status (-1 without a status
 * line), ends `all` after the headers and points *body at what follows them (NULL
 * when the headers never end). */
int ts_http_parse(char *all, char **body);

/* One request whose status must be `expect_status` and whose body must be JSON: the
 * test fails (naming the request and the body) otherwise. The caller json_decref()s. */
json_t *ts_request_json(unsigned port, const char *method, const char *target, const char *body,
                        size_t body_len, int expect_status);
json_t *ts_get_json(unsigned port, const char *target, int expect_status);

/* One request whose status must be `status` and whose body must be {"error": "..."},
 * the message containing `words` unless they are NULL; the test fails otherwise. */
void ts_expect_error(unsigned port, const char *method, const char *target, const char *body,
                     size_t body_len, int status, const char *words);

/* The "id"s of the array doc["hits"] (the test fails when it is no array), joined
 * by spaces: in their order, or sorted when `sort`. malloc()ed. */
char *ts_hit_ids(json_t *doc, int sort);

/* The number of documents of the database at `db`, and of those that hold `term`
 * (with its prefix); the test fails when it does not open. */
uint64_t ts_doccount(const char *db);
uint64_t ts_termfreq(const char *db, const char *term);

/* The rank (0-based) of the hit whose "id" is `id` in doc["hits"], -1 when absent. */
int ts_hit_rank(json_t *doc, const char *id);

/* One news record of a test fixture as a JSON Lines line: id, title and body, dated
 * 2023-01-01 (string literals, so fixtures are built at compile time). */
#define TS_NEWS(id, title, body)                                                                \
    "{\"id\":\"" id "\",\"type\":\"news\",\"date\":\"2023-01-01\",\"title\":\"" title "\","     \
    "\"body\":\"" body "\"}\n"

/* Percent-encodes a query string value (UTF-8 bytes as %XX). malloc()ed. */
char *ts_urlencode(const char *s);

#endif
