/* Tests of the write API (searchd/api_write.h, writes.h, upload.h, proposal.h): a
 * server runs in a child process over a fixture index, with a key file of an admin
 * and a search key (auth.h); requests carry the key `bearer` says. The child's audit
 * log is a file the tests read. */
#include <jansson.h>
#include <setjmp.h>
#include <pthread.h>
#include <signal.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/prctl.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <dirent.h>
#include <fcntl.h>
#include <time.h>
#include <unistd.h>

#include <cmocka.h>

#include "api_write.h"
#include "audit.h"
#include "auth.h"
#include "engine.h"
#include "keys.h"
#include "server.h"
#include "support.h"
#include "vn_terms.h"
#include "writes.h"
#include "xc.h"

/* Short, so that the lock test does not take long; searchd's is 5 s. */
#define WAIT_MS 800

static const char fixture[] =
    "{\"id\":\"n1\",\"type\":\"news\",\"date\":\"2023-04-13\",\"title\":\"Hội thảo chuyển "
    "đổi số\",\"body\":\"Sở Khoa học và Công nghệ tổ chức hội thảo chuyển đổi số.\"}\n";

typedef struct server {
    pid_t pid;
    unsigned port;
    char dir[2048]; /* the fixture: DIR/db, DIR/stderr, DIR/tmp */
    char db[4096];
} server;

typedef struct server_opts {
    int writable;
    unsigned max_write_mb;
    unsigned large_bodies_mb;
} server_opts;

/* The key file of every server: "admin" of scope admin, "reader" of scope search,
 * made once (keys_setup). */
static char keys_dir[2048], keys_path[2100];
static char admin_key[SD_KEY_HEX_LEN + 1], reader_key[SD_KEY_HEX_LEN + 1];
/* The Authorization header of the next requests ("" for none). */
static char bearer[128];

static void use_key(const char *key)
{
    if (key)
        snprintf(bearer, sizeof bearer, "Authorization: Bearer %s\r\n", key);
    else
        bearer[0] = '\0';
}

static int keys_setup(void **state)
{
    (void)state;
    char *dir = ts_tempdir();
    snprintf(keys_dir, sizeof keys_dir, "%s", dir);
    free(dir);
    snprintf(keys_path, sizeof keys_path, "%s/keys", keys_dir);
    tr_error err = {0};
    if (sd_keys_add(keys_path, "admin", SD_SCOPE_ADMIN, admin_key, &err) ||
        sd_keys_add(keys_path, "reader", SD_SCOPE_SEARCH, reader_key, &err)) {
        fprintf(stderr, "keys: %s\n", err.message);
        return -1;
    }
    return 0;
}

static int keys_teardown(void **state)
{
    (void)state;
    ts_rmrf(keys_dir);
    return 0;
}

/* Each test writes as admin unless it says otherwise. */
static int as_admin(void **state)
{
    (void)state;
    use_key(admin_key);
    return 0;
}

/* The child: serves until SIGTERM, then frees everything and exits (0, unless the
 * sanitizers found a leak), or until killed. Its audit log goes to DIR/audit, its
 * stderr to DIR/stderr, its uploads' temporary files to DIR/tmp. */
static void serve(const server *s, const server_opts *o, int out)
{
    prctl(PR_SET_PDEATHSIG, SIGKILL);
    char path[4200];
    snprintf(path, sizeof path, "%s/stderr", s->dir);
    int fd = open(path, O_WRONLY | O_CREAT | O_APPEND, 0600);
    if (fd >= 0)
        dup2(fd, 2);
    snprintf(path, sizeof path, "%s/tmp", s->dir);
    setenv("TMPDIR", path, 1);
    snprintf(path, sizeof path, "%s/audit", s->dir);
    sigset_t term;
    sigemptyset(&term);
    sigaddset(&term, SIGTERM);
    pthread_sigmask(SIG_BLOCK, &term, NULL); /* before the server's threads start */
    const char *dbs[1] = {s->db};
    se_config ec = {.dbs = dbs, .ndb = 1};
    tr_error err = {0};
    sd_auth_config ac = {.keys = keys_path};
    sd_auth *auth = sd_audit_open(path, &err) == 0 ? sd_auth_new(&ac, &err) : NULL;
    se_engine *e = auth ? se_engine_open(&ec, &err) : NULL;
    sd_writer *w = o->writable ? sd_writer_new(s->db, WAIT_MS, &err) : NULL;
    sd_server_config c = {.listen = "127.0.0.1", .threads = 4, .quiet = 1, .writer = w,
                          .max_write_mb = o->max_write_mb, .large_bodies_mb = o->large_bodies_mb,
                          .auth = auth};
    sd_server *srv = e && (w || !o->writable) ? sd_server_start(e, &c, &err) : NULL;
    if (!srv)
        fprintf(stderr, "test server: %s\n", err.message);
    unsigned port = srv ? sd_server_port(srv) : 0;
    if (write(out, &port, sizeof port) != sizeof port || !srv)
        _exit(1);
    int sig;
    while (sigwait(&term, &sig) != 0)
        ;
    sd_server_stop(srv);
    sd_writer_free(w);
    se_engine_free(e);
    sd_auth_free(auth);
    sd_audit_close();
    exit(0);
}

static int server_start_in(server *s, const server_opts *o)
{
    snprintf(s->db, sizeof s->db, "%s/db", s->dir);
    char tmp[4200];
    snprintf(tmp, sizeof tmp, "%s/tmp", s->dir);
    mkdir(tmp, 0700);
    int fds[2];
    if (pipe(fds) != 0)
        return -1;
    fflush(NULL);
    s->pid = fork();
    if (s->pid == 0) {
        close(fds[0]);
        serve(s, o, fds[1]);
    }
    close(fds[1]);
    s->port = 0;
    ssize_t n = read(fds[0], &s->port, sizeof s->port);
    close(fds[0]);
    return n == sizeof s->port && s->port ? 0 : -1;
}

/* A new folder with the fixture indexed, served. */
static void server_start(server *s, const server_opts *o)
{
    memset(s, 0, sizeof *s);
    char *dir = ts_tempdir();
    snprintf(s->dir, sizeof s->dir, "%s", dir);
    free(dir);
    char db[4096];
    assert_int_equal(ts_index_fixture(s->dir, fixture, strlen(fixture), db, sizeof db), 0);
    assert_int_equal(server_start_in(s, o), 0);
}

static void server_kill(server *s)
{
    if (s->pid > 0) {
        kill(s->pid, SIGKILL);
        waitpid(s->pid, NULL, 0);
        s->pid = 0;
    }
}

/* Stops the server as tracuu-searchd stops, and checks that it exited cleanly. */
static void server_stop(server *s)
{
    int status = -1;
    if (s->pid > 0) {
        kill(s->pid, SIGTERM);
        waitpid(s->pid, &status, 0);
        s->pid = 0;
    }
    if (!WIFEXITED(status) || WEXITSTATUS(status) != 0) {
        char path[4200];
        snprintf(path, sizeof path, "%s/stderr", s->dir);
        FILE *f = fopen(path, "r");
        char line[1024];
        while (f && fgets(line, sizeof line, f))
            fputs(line, stderr);
        if (f)
            fclose(f);
        ts_rmrf(s->dir);
        fail_msg("the server did not exit cleanly (status %d): its stderr above", status);
    }
    ts_rmrf(s->dir);
}

/* ---- HTTP with headers ------------------------------------------------------------ */

typedef struct reply {
    int status;
    char *head; /* the status line and headers */
    char *body;
    json_t *json; /* the body parsed, or NULL */
} reply;

static void reply_free(reply *r)
{
    free(r->head);
    json_decref(r->json);
    memset(r, 0, sizeof *r);
}

/* One request with `headers` (each ending in \r\n, may be ""); the body's length
 * is sent as Content-Length. */
static reply request(unsigned port, const char *method, const char *target, const char *headers,
                     const char *body, size_t len)
{
    reply r = {0};
    int fd = ts_connect(port);
    assert_true(fd >= 0);
    char head[8192];
    int n = snprintf(head, sizeof head,
                     "%s %s HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n%s%s"
                     "Content-Length: %zu\r\n\r\n",
                     method, target, bearer, headers, len);
    assert_int_equal(write(fd, head, (size_t)n), n);
    /* The server may answer (413) before the whole body is sent. */
    for (size_t off = 0; off < len;) {
        ssize_t w = write(fd, body + off, len - off);
        if (w <= 0)
            break;
        off += (size_t)w;
    }
    char *all = ts_read_all(fd);
    close(fd);
    assert_non_null(all);
    r.status = ts_http_parse(all, &r.body);
    r.head = all;
    r.json = r.body ? json_loads(r.body, 0, NULL) : NULL;
    return r;
}

static reply json_request(unsigned port, const char *method, const char *target,
                          const char *body)
{
    return request(port, method, target, "Content-Type: application/json\r\n", body,
                   strlen(body));
}

static void expect_status(const reply *r, int status, const char *what)
{
    if (r->status != status)
        fail_msg("%s: status %d, expected %d; body: %s", what, r->status, status,
                 r->body ? r->body : "(none)");
}

/* One JSON request whose answer must have `status`. */
static void expect_json(unsigned port, const char *method, const char *target, const char *body,
                        int status, const char *what)
{
    reply r = json_request(port, method, target, body);
    expect_status(&r, status, what);
    reply_free(&r);
}

/* A multipart/form-data body: fields (name, value, ... NULL) and a file (NULL: none). */
#define BOUNDARY "tracuuTestBoundary42"

static char *form_body(const char *const *fields, const char *file_name, const char *data,
                       size_t data_len, size_t *len)
{
    size_t cap = data_len + 8192;
    for (size_t i = 0; fields && fields[i]; i += 2)
        cap += strlen(fields[i]) + strlen(fields[i + 1]) + 128;
    char *b = malloc(cap);
    assert_non_null(b);
    size_t n = 0;
    for (size_t i = 0; fields && fields[i]; i += 2)
        n += (size_t)snprintf(b + n, cap - n,
                              "--" BOUNDARY "\r\nContent-Disposition: form-data; name=\"%s\""
                              "\r\n\r\n%s\r\n",
                              fields[i], fields[i + 1]);
    if (file_name) {
        n += (size_t)snprintf(b + n, cap - n,
                              "--" BOUNDARY "\r\nContent-Disposition: form-data; name=\"file\"; "
                              "filename=\"%s\"\r\nContent-Type: application/octet-stream\r\n\r\n",
                              file_name);
        memcpy(b + n, data, data_len);
        n += data_len;
        n += (size_t)snprintf(b + n, cap - n, "\r\n");
    }
    n += (size_t)snprintf(b + n, cap - n, "--" BOUNDARY "--\r\n");
    *len = n;
    return b;
}

static const char form_type[] = "Content-Type: multipart/form-data; boundary=" BOUNDARY "\r\n";

static reply post_form(unsigned port, const char *target, const char *const *fields,
                       const char *file_name, const char *data, size_t data_len)
{
    size_t len;
    char *body = form_body(fields, file_name, data, data_len, &len);
    reply r = request(port, "POST", target, form_type, body, len);
    free(body);
    return r;
}

static char *read_file(const char *path, size_t *len)
{
    FILE *f = fopen(path, "rb");
    if (!f)
        fail_msg("cannot read %s", path);
    fseek(f, 0, SEEK_END);
    long n = ftell(f);
    rewind(f);
    char *data = malloc((size_t)n + 1);
    assert_int_equal(fread(data, 1, (size_t)n, f), (size_t)n);
    fclose(f);
    data[n] = '\0';
    *len = (size_t)n;
    return data;
}

/* ---- What the index holds ----------------------------------------------------------- */

static int has_doc(const char *db, const char *id)
{
    char term[256];
    snprintf(term, sizeof term, "Q%s", id);
    return ts_termfreq(db, term) > 0;
}

/* The hits of /api/search?q=Q (URL-encoded by the caller). */
static char *search(unsigned port, const char *q)
{
    char target[1024];
    snprintf(target, sizeof target, "/api/search?q=%s", q);
    json_t *doc = ts_get_json(port, target, 200);
    char *ids = ts_hit_ids(doc, 1);
    json_decref(doc);
    return ids;
}

/* The hits of a search must be `want` (ids sorted, joined by spaces). */
static void expect_hits(unsigned port, const char *q, const char *want)
{
    char *ids = search(port, q);
    if (strcmp(ids, want) != 0)
        fail_msg("search %s: hits \"%s\", expected \"%s\"", q, ids, want);
    free(ids);
}

/* The audit log so far. */
static char *audit_log(const server *s)
{
    char path[4200];
    snprintf(path, sizeof path, "%s/audit", s->dir);
    size_t len;
    return read_file(path, &len);
}

static long long now_ms(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (long long)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

/* ---- Tests --------------------------------------------------------------------------- */

static const server_opts admin = {1, 0, 0};

static void test_post_one_is_searchable_at_once(void **state)
{
    (void)state;
    server s;
    server_start(&s, &admin);
    reply r = json_request(s.port, "POST", "/api/documents",
                           "{\"id\":\"w1\",\"type\":\"news\",\"date\":\"2024-05-01\","
                           "\"title\":\"Nuôi cá tầm ở Trà My\",\"body\":\"Mô hình nuôi cá tầm "
                           "nước lạnh.\"}");
    expect_status(&r, 200, "POST one");
    assert_int_equal(json_integer_value(json_object_get(r.json, "written")), 1);
    json_t *one = json_array_get(json_object_get(r.json, "results"), 0);
    assert_string_equal(json_string_value(json_object_get(one, "status")), "written");
    assert_string_equal(json_string_value(json_object_get(one, "id")), "w1");
    reply_free(&r);
    /* The next search sees it: the pool reopens its handles before lending them. */
    expect_hits(s.port, "c%C3%A1+t%E1%BA%A7m", "w1");
    char *log = audit_log(&s);
    assert_non_null(strstr(log, "\"action\":\"write\",\"key\":\"admin\",\"client\":\"127.0.0.1\",\"subject\":\"w1\"}\n"));
    free(log);
    server_stop(&s);
}

static void test_post_array_keeps_good_reports_bad(void **state)
{
    (void)state;
    server s;
    server_start(&s, &admin);
    reply r = json_request(s.port, "POST", "/api/documents",
                           "[{\"id\":\"a1\",\"title\":\"Giống lúa mới\",\"body\":\"Giống lúa "
                           "chịu mặn.\"},"
                           "{\"title\":\"no id\",\"body\":\"x\"},"
                           "42,"
                           "{\"id\":\"a3\",\"date\":\"2024-13-45\",\"title\":\"t\",\"body\":\"b\"},"
                           "{\"id\":\"a4\",\"type\":\"minutes\",\"title\":\"Biên bản họp\","
                           "\"body\":\"Hội đồng họp.\"}]");
    expect_status(&r, 207, "POST with bad records");
    assert_int_equal(json_integer_value(json_object_get(r.json, "written")), 2);
    assert_int_equal(json_integer_value(json_object_get(r.json, "errors")), 3);
    json_t *results = json_object_get(r.json, "results");
    const char *want[] = {"written", "skipped", "skipped", "skipped", "written"};
    for (size_t i = 0; i < 5; i++) {
        json_t *one = json_array_get(results, i);
        assert_int_equal(json_integer_value(json_object_get(one, "index")), (json_int_t)i);
        assert_string_equal(json_string_value(json_object_get(one, "status")), want[i]);
        if (strcmp(want[i], "skipped") == 0)
            assert_true(json_string_length(json_object_get(one, "error")) > 0);
    }
    assert_non_null(strstr(json_string_value(json_object_get(json_array_get(results, 1),
                                                              "error")), "id"));
    assert_non_null(strstr(json_string_value(json_object_get(json_array_get(results, 2),
                                                              "error")), "object"));
    assert_non_null(strstr(json_string_value(json_object_get(json_array_get(results, 3),
                                                              "error")), "date"));
    reply_free(&r);
    assert_true(has_doc(s.db, "a1"));
    assert_true(has_doc(s.db, "a4"));
    assert_false(has_doc(s.db, "a3"));
    server_stop(&s);
}

static void test_bad_bodies(void **state)
{
    (void)state;
    server s;
    server_start(&s, &admin);
    static const struct {
        const char *body;
        int status;
        const char *words;
    } rows[] = {
        {"", 400, "JSON object or an array"},
        {"{\"id\":", 400, "invalid JSON"},
        {"\"text\"", 400, "invalid JSON"},
        {"[{\"id\":\"e\",\"title\":\"\\u0000\"}]", 400, "invalid JSON"},
        {"[]", 400, "no record"},
        {"[{\"title\":\"no id\"}]", 400, "no record could be written"},
    };
    for (size_t i = 0; i < sizeof rows / sizeof *rows; i++) {
        reply r = json_request(s.port, "POST", "/api/documents", rows[i].body);
        expect_status(&r, rows[i].status, rows[i].body);
        const char *e = json_string_value(json_object_get(r.json, "error"));
        if (!e || !strstr(e, rows[i].words))
            fail_msg("%s: error %s, expected %s", rows[i].body, e ? e : "(none)", rows[i].words);
        reply_free(&r);
    }
    /* More records than a request may hold. */
    size_t cap = (SD_WRITE_RECORDS_MAX + 1) * 40 + 16, n = 0;
    char *many = malloc(cap);
    many[n++] = '[';
    for (int i = 0; i <= SD_WRITE_RECORDS_MAX; i++)
        n += (size_t)snprintf(many + n, cap - n, "%s{\"id\":\"m%d\",\"title\":\"t\"}",
                              i ? "," : "", i);
    many[n++] = ']';
    many[n] = '\0';
    expect_json(s.port, "POST", "/api/documents", many, 413, "too many records");
    free(many);
    server_stop(&s);
}

static void test_put_and_delete(void **state)
{
    (void)state;
    server s;
    server_start(&s, &admin);
    expect_json(s.port, "PUT", "/api/documents/p1",
                "{\"title\":\"Trạm khí tượng\",\"body\":\"Lắp đặt trạm khí tượng "
                "tự động.\"}",
                200, "PUT new");
    expect_hits(s.port, "kh%C3%AD+t%C6%B0%E1%BB%A3ng", "p1");
    /* Replaced: the old words are gone. */
    expect_json(s.port, "PUT", "/api/documents/p1",
                "{\"id\":\"p1\",\"title\":\"Trạm quan trắc\",\"body\":\"Quan trắc môi "
                "trường nước.\"}",
                200, "PUT replace");
    expect_hits(s.port, "kh%C3%AD+t%C6%B0%E1%BB%A3ng", "");
    expect_hits(s.port, "quan+tr%E1%BA%AFc", "p1");
    expect_json(s.port, "PUT", "/api/documents/p1", "{\"id\":\"p2\",\"title\":\"t\"}", 400,
                "PUT with another id");
    expect_json(s.port, "PUT", "/api/documents/p1", "[{\"title\":\"t\"}]", 400, "PUT an array");
    expect_json(s.port, "PUT", "/api/documents/p1", "{\"date\":\"yesterday\"}", 400,
                "PUT a bad record");

    expect_json(s.port, "DELETE", "/api/documents/p1", "", 200, "DELETE");
    assert_false(has_doc(s.db, "p1"));
    expect_json(s.port, "DELETE", "/api/documents/p1", "", 404, "DELETE again");
    expect_json(s.port, "GET", "/api/documents", "", 405, "GET /api/documents");
    char *log = audit_log(&s);
    assert_non_null(strstr(log, "\"action\":\"delete\",\"key\":\"admin\",\"client\":\"127.0.0.1\",\"subject\":\"p1\"}\n"));
    free(log);
    server_stop(&s);
}

/* Every route, for a caller who may not write. */
static void expect_refused(unsigned port, int status, const char *words)
{
    static const char *const routes[][2] = {{"POST", "/api/documents"},
                                            {"PUT", "/api/documents/x"},
                                            {"DELETE", "/api/documents/n1"},
                                            {"POST", "/api/files"}};
    for (size_t i = 0; i < 4; i++) {
        reply r = json_request(port, routes[i][0], routes[i][1],
                               "{\"id\":\"x\",\"title\":\"t\",\"body\":\"b\"}");
        char what[64];
        snprintf(what, sizeof what, "%s %s", routes[i][0], routes[i][1]);
        expect_status(&r, status, what);
        const char *e = json_string_value(json_object_get(r.json, "error"));
        if (!e || !strstr(e, words))
            fail_msg("%s: error %s", what, e ? e : "(none)");
        if (status == 401)
            assert_non_null(strstr(r.head, "\r\nWWW-Authenticate: Bearer"));
        reply_free(&r);
    }
}

static void test_who_may_write(void **state)
{
    (void)state;
    server s;
    server_start(&s, &admin);
    use_key(NULL);
    expect_refused(s.port, 401, "this needs a key");
    use_key(reader_key);
    expect_refused(s.port, 403, "scope admin");
    use_key("0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef");
    expect_refused(s.port, 401, "");
    server_kill(&s);
    /* Without --writable nothing writes, whoever asks. */
    use_key(admin_key);
    server_opts o = {0, 0, 0};
    assert_int_equal(server_start_in(&s, &o), 0);
    expect_refused(s.port, 403, "read-only");
    assert_false(has_doc(s.db, "x"));
    assert_true(has_doc(s.db, "n1"));
    server_stop(&s);
}

/* Another writer (tracuu-index) holds the lock for `ms`, in a child. */
static pid_t hold_lock(const char *db, int ms)
{
    int fds[2];
    assert_int_equal(pipe(fds), 0);
    pid_t pid = fork();
    if (pid == 0) {
        close(fds[0]);
        xc_wdb *w = xc_wdb_open(db, XC_OPEN, NULL);
        char c = w ? 1 : 0;
        if (write(fds[1], &c, 1) != 1)
            _exit(1);
        usleep((useconds_t)ms * 1000);
        xc_wdb_free(w);
        _exit(0);
    }
    close(fds[1]);
    char c = 0;
    assert_int_equal(read(fds[0], &c, 1), 1);
    close(fds[0]);
    assert_int_equal(c, 1);
    return pid;
}

static void test_lock_held_waits_then_503(void **state)
{
    (void)state;
    server s;
    server_start(&s, &admin);
    /* Held past the wait: 503 with Retry-After, nothing written. */
    pid_t holder = hold_lock(s.db, WAIT_MS + 1500);
    long long t0 = now_ms();
    reply r = json_request(s.port, "POST", "/api/documents",
                           "{\"id\":\"l1\",\"title\":\"t\",\"body\":\"b\"}");
    long long took = now_ms() - t0;
    expect_status(&r, 503, "POST while locked");
    assert_non_null(strstr(r.head, "\r\nRetry-After: "));
    assert_true(took >= WAIT_MS - 50);
    reply_free(&r);
    waitpid(holder, NULL, 0);
    assert_false(has_doc(s.db, "l1"));
    /* Released within the wait: the write waits for it and succeeds. */
    holder = hold_lock(s.db, WAIT_MS / 3);
    expect_json(s.port, "POST", "/api/documents", "{\"id\":\"l2\",\"title\":\"t\",\"body\":\"b\"}",
                200, "POST while locked for a moment");
    waitpid(holder, NULL, 0);
    assert_true(has_doc(s.db, "l2"));
    server_stop(&s);
}

static void test_acknowledged_write_survives_sigkill(void **state)
{
    (void)state;
    server s;
    server_start(&s, &admin);
    for (int i = 0; i < 5; i++) {
        char body[128], id[16];
        snprintf(id, sizeof id, "k%d", i);
        snprintf(body, sizeof body, "{\"id\":\"%s\",\"title\":\"Bền vững\",\"body\":\"%d\"}",
                 id, i);
        expect_json(s.port, "POST", "/api/documents", body, 200, "POST before the kill");
        server_kill(&s); /* right after the answer */
        assert_true(has_doc(s.db, id));
        assert_int_equal(server_start_in(&s, &admin), 0);
    }
    server_stop(&s);
}

/* The terms (with wdf), values and stored record of document `id` in `db`. */
typedef struct doc_dump {
    char *text;
    size_t len, cap;
} doc_dump;

static int dump_term(void *ctx, const char *term, size_t len, uint64_t wdf)
{
    doc_dump *d = ctx;
    if (d->len + len + 32 > d->cap) {
        d->cap = (d->len + len + 32) * 2;
        d->text = realloc(d->text, d->cap);
    }
    d->len += (size_t)snprintf(d->text + d->len, d->cap - d->len, "%.*s:%llu\n", (int)len, term,
                               (unsigned long long)wdf);
    return 0;
}

static char *dump_doc(const char *path, const char *id)
{
    xc_db *db = xc_db_open(path, NULL);
    assert_non_null(db);
    char term[256];
    snprintf(term, sizeof term, "Q%s", id);
    xc_docid docid;
    assert_int_equal(xc_db_find(db, term, strlen(term), &docid, NULL), 0);
    doc_dump d = {calloc(1, 64), 0, 64};
    assert_int_equal(xc_db_doc_terms(db, docid, "", 0, dump_term, &d, NULL), 0);
    for (unsigned slot = 0; slot < 16; slot++) {
        char *v;
        size_t len;
        assert_int_equal(xc_db_value(db, docid, slot, &v, &len, NULL), 0);
        char label[32];
        snprintf(label, sizeof label, "value %u = ", slot);
        dump_term(&d, label, strlen(label), len);
        dump_term(&d, v, len, 0);
        free(v);
    }
    char *data;
    size_t len;
    assert_int_equal(xc_db_data(db, docid, &data, &len, NULL), 0);
    dump_term(&d, data, len, 0);
    free(data);
    xc_db_free(db);
    return d.text;
}

static void test_indexed_as_tracuu_index_does(void **state)
{
    (void)state;
    /* A legal text with a number, a date, a legacy-encoded (VIQR) title, a field of
     * its own: every path of the document's build. */
    static const char record[] =
        "{\"id\":\"same\",\"type\":\"legal\",\"date\":\"2023-02-01\",\"doc_number\":"
        "\"12/2023/QĐ-UBND\",\"title\":\"Quye^'t ddi.nh ve^` khoa ho.c\",\"body\":\"Quyết "
        "định số 12/2023/QĐ-UBND về quản lý nhiệm vụ khoa học và công nghệ cấp tỉnh; Sở "
        "KH&CN chủ trì, phối hợp với UBND huyện Nam Giang.\",\"author\":\"Sở KH&CN\"}";
    server s;
    server_start(&s, &admin);
    expect_json(s.port, "POST", "/api/documents", record, 200, "POST the record");
    char *dir = ts_tempdir(), db[4096];
    char line[sizeof record + 1];
    snprintf(line, sizeof line, "%s\n", record);
    assert_int_equal(ts_index_fixture(dir, line, strlen(line), db, sizeof db), 0);
    char *by_api = dump_doc(s.db, "same"), *by_index = dump_doc(db, "same");
    assert_string_equal(by_api, by_index);
    assert_non_null(strstr(by_api, "\nKlegal:0\n"));
    free(by_api);
    free(by_index);
    ts_rmrf(dir);
    free(dir);
    server_stop(&s);
}

/* The files in the server's temporary folder: none once an upload is answered. */
static int tmp_files(const server *s)
{
    char path[4200];
    snprintf(path, sizeof path, "%s/tmp", s->dir);
    DIR *d = opendir(path);
    assert_non_null(d);
    int n = 0;
    for (struct dirent *e; (e = readdir(d));)
        n += e->d_name[0] != '.';
    closedir(d);
    return n;
}

static void test_upload_files(void **state)
{
    (void)state;
    server s;
    server_start(&s, &admin);
    size_t len;
    char *docx = read_file(ts_source("corpus/files/thuyet-minh-de-tai-nuoi-tom.docx"), &len);
    static const char *const meta[] = {"id", "up-docx", "title", "Thuyết minh nuôi tôm",
                                       "date", "2024-02-03", NULL};
    reply r = post_form(s.port, "/api/files", meta, "thuyet-minh.docx", docx, len);
    expect_status(&r, 200, "upload DOCX");
    assert_string_equal(json_string_value(json_object_get(r.json, "id")), "up-docx");
    assert_string_equal(json_string_value(json_object_get(r.json, "format")), "docx");
    reply_free(&r);
    free(docx);
    assert_true(has_doc(s.db, "up-docx"));
    json_t *doc = ts_get_json(s.port, "/api/doc/up-docx", 200);
    const char *title = json_string_value(json_object_get(doc, "title"));
    assert_string_equal(title, "Thuyết minh nuôi tôm");
    json_decref(doc);

    /* A PDF without an id is named after its file. */
    char *pdf = read_file(ts_source("corpus/files/bien-ban-nghiem-thu-lua-chiu-man.pdf"), &len);
    r = post_form(s.port, "/api/files", NULL, "bien-ban.pdf", pdf, len);
    expect_status(&r, 200, "upload PDF");
    reply_free(&r);
    free(pdf);
    assert_true(has_doc(s.db, "bien-ban.pdf"));
    char *ids = search(s.port, "ch%E1%BB%8Bu+m%E1%BA%B7n");
    assert_non_null(strstr(ids, "bien-ban.pdf"));
    free(ids);
    assert_int_equal(tmp_files(&s), 0);
    char *log = audit_log(&s);
    assert_non_null(strstr(log, "\"action\":\"upload\",\"key\":\"admin\",\"client\":\"127.0.0.1\",\"subject\":\"thuyet-minh.docx\"}\n"));
    assert_non_null(strstr(log, "\"action\":\"write\",\"key\":\"admin\",\"client\":\"127.0.0.1\",\"subject\":\"up-docx\"}\n"));
    free(log);
    server_stop(&s);
}

static void test_bad_uploads(void **state)
{
    (void)state;
    server s;
    server_opts o = {1, 1, 0};
    server_start(&s, &o);
    size_t len;
    char *bad = read_file(ts_source("tests/data/files/random.docx"), &len);
    static const char *const colour[] = {"colour", "red", NULL};
    static const char *const no_file[] = {"id", "x", NULL};
    const struct {
        const char *name;
        const char *const *fields;
        int status;
        const char *words;
    } rows[] = {
        {"damaged.docx", NULL, 400, "zip"},
        {"notes.txt", NULL, 400, "PDF, DOCX, ODT, DOC or HTML"},
        {"x.docx", colour, 400, "unknown form field"},
        {NULL, no_file, 400, "field \"file\""},
    };
    for (size_t i = 0; i < sizeof rows / sizeof *rows; i++) {
        reply r = post_form(s.port, "/api/files", rows[i].fields, rows[i].name, bad, len);
        expect_status(&r, rows[i].status, rows[i].name ? rows[i].name : "no file");
        const char *e = json_string_value(json_object_get(r.json, "error"));
        if (!e || !strstr(e, rows[i].words))
            fail_msg("row %zu: error %s, expected %s", i, e ? e : "(none)", rows[i].words);
        reply_free(&r);
    }
    free(bad);
    /* Malformed multipart: no closing boundary, garbage, a part without a name; JSON
     * sent to the form's route. */
    static const char *const malformed[] = {
        "--" BOUNDARY "\r\nContent-Disposition: form-data; name=\"file\"; filename=\"a.pdf\""
        "\r\n\r\n%PDF-1.4 cut short",
        "this is no multipart body at all",
        "--" BOUNDARY "\r\nContent-Disposition: form-data; filename=\"a.pdf\"\r\n\r\n%PDF\r\n"
        "--" BOUNDARY "--\r\n",
    };
    for (size_t i = 0; i < sizeof malformed / sizeof *malformed; i++) {
        reply r = request(s.port, "POST", "/api/files", form_type, malformed[i],
                          strlen(malformed[i]));
        expect_status(&r, 400, malformed[i]);
        reply_free(&r);
    }
    expect_json(s.port, "POST", "/api/files", "{\"id\":\"x\"}", 400, "JSON to /api/files");
    /* Over --max-write (1 MB here): 413, and nothing of it is kept. */
    size_t big = (size_t)2 << 20;
    char *zeros = calloc(1, big);
    reply r = post_form(s.port, "/api/files", NULL, "big.pdf", zeros, big);
    expect_status(&r, 413, "an upload over --max-write");
    reply_free(&r);
    free(zeros);
    assert_int_equal(tmp_files(&s), 0);
    server_stop(&s);
}

static void test_similar_with_a_file(void **state)
{
    (void)state;
    server s;
    server_opts o = {0, 0, 0}; /* read-only and anonymous: still allowed */
    use_key(NULL);
    server_start(&s, &o);
    /* The proposal's own text indexed, so that the check has something to find. */
    size_t len;
    char *docx = read_file(ts_source("corpus/files/thuyet-minh-de-tai-nuoi-tom.docx"), &len);
    static const char *const fields[] = {"type", "all", "limit", "3", NULL};
    reply r = post_form(s.port, "/api/similar", fields, "de-xuat.docx", docx, len);
    expect_status(&r, 200, "/api/similar with a file");
    assert_true(json_is_true(json_object_get(r.json, "file")));
    assert_true(json_is_array(json_object_get(r.json, "hits")));
    reply_free(&r);
    assert_int_equal(tmp_files(&s), 0);
    /* The page takes the same form. */
    r = post_form(s.port, "/similar", fields, "de-xuat.docx", docx, len);
    expect_status(&r, 200, "/similar with a file");
    assert_non_null(strstr(r.body, "Kết quả kiểm tra"));
    reply_free(&r);
    /* A text and a file at once, a format it does not take. */
    static const char *const both[] = {"text", "một đoạn văn", NULL};
    r = post_form(s.port, "/api/similar", both, "de-xuat.docx", docx, len);
    expect_status(&r, 400, "text and file");
    reply_free(&r);
    r = post_form(s.port, "/api/similar", NULL, "de-xuat.doc", docx, len);
    expect_status(&r, 400, "a .doc proposal");
    reply_free(&r);
    free(docx);
    /* Never stored, never indexed. */
    assert_int_equal(tmp_files(&s), 0);
    assert_int_equal(ts_doccount(s.db), 1);
    /* The JSON form is unchanged. */
    expect_json(s.port, "POST", "/api/similar", "{\"text\":\"hội thảo chuyển đổi số\"}", 200,
                "/api/similar with JSON");
    server_stop(&s);
}

/* Large bodies held at once are bounded: while one upload of 1.5 MB is under way,
 * another is answered 503 (the budget is 2 MB here); once it is done, one passes. */
static void test_large_bodies_at_once(void **state)
{
    (void)state;
    server s;
    server_opts o = {0, 0, 2};
    use_key(NULL);
    server_start(&s, &o);
    size_t part = 1536 * 1024, whole = part + 1024;
    char *zeros = calloc(1, whole);
    int fd = ts_connect(s.port);
    assert_true(fd >= 0);
    char head[512];
    int n = snprintf(head, sizeof head,
                     "POST /api/similar HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n"
                     "%sContent-Length: %zu\r\n\r\n",
                     form_type, whole);
    assert_int_equal(write(fd, head, (size_t)n), n);
    assert_int_equal(write(fd, zeros, part), (ssize_t)part);
    usleep(300 * 1000); /* read and held by the server */
    reply r = post_form(s.port, "/api/similar", NULL, "b.pdf", zeros, part);
    expect_status(&r, 503, "a second large body at once");
    assert_non_null(strstr(r.head, "\r\nRetry-After: "));
    reply_free(&r);
    assert_int_equal(write(fd, zeros, whole - part), (ssize_t)(whole - part));
    char *all = ts_read_all(fd);
    close(fd);
    char *body;
    assert_int_equal(ts_http_parse(all, &body), 400); /* zeros are no form */
    free(all);
    r = post_form(s.port, "/api/similar", NULL, "b.pdf", zeros, part);
    expect_status(&r, 400, "a large body alone"); /* zeros are no PDF */
    reply_free(&r);
    free(zeros);
    server_stop(&s);
}

static void test_options(void **state)
{
    (void)state;
    static const ts_run_row rows[] = {
        {{"--db", "/nonexistent", "--writable", NULL}, 2, "one plain database folder"},
        {{"--db", "a", "--db", "b", "--writable", NULL}, 2, "give one --db"},
        {{"--db", "a", "--max-write", "0", NULL}, 2, "--max-write must be a number from 1"},
        {{"--help", NULL}, 0, "--writable"},
    };
    ts_expect_runs("searchd/tracuu-searchd", rows, sizeof rows / sizeof *rows);
}

int main(void)
{
    signal(SIGPIPE, SIG_IGN); /* a 413 may come before the whole body is sent */
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_setup(test_post_one_is_searchable_at_once, as_admin),
        cmocka_unit_test_setup(test_post_array_keeps_good_reports_bad, as_admin),
        cmocka_unit_test_setup(test_bad_bodies, as_admin),
        cmocka_unit_test_setup(test_put_and_delete, as_admin),
        cmocka_unit_test_setup(test_who_may_write, as_admin),
        cmocka_unit_test(test_lock_held_waits_then_503),
        cmocka_unit_test_setup(test_acknowledged_write_survives_sigkill, as_admin),
        cmocka_unit_test_setup(test_indexed_as_tracuu_index_does, as_admin),
        cmocka_unit_test_setup(test_upload_files, as_admin),
        cmocka_unit_test_setup(test_bad_uploads, as_admin),
        cmocka_unit_test_setup(test_similar_with_a_file, as_admin),
        cmocka_unit_test_setup(test_large_bodies_at_once, as_admin),
        cmocka_unit_test_setup(test_options, as_admin),
    };
    return cmocka_run_group_tests(tests, keys_setup, keys_teardown);
}
