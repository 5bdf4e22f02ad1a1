/* support: helpers for the black-box tests (see support.h). */
#define _XOPEN_SOURCE 700 /* nftw */
#include "support.h"

#include <arpa/inet.h>
#include <errno.h>
#include <fcntl.h>
#include <ftw.h>
#include <netinet/in.h>
#include <setjmp.h>
#include <signal.h>
#include <sys/prctl.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include <cmocka.h>

#include "xc.h"

static void die(const char *what)
{
    perror(what);
    abort();
}

char *ts_tempdir(void)
{
    const char *base = getenv("TMPDIR");
    char tmpl[4096];
    snprintf(tmpl, sizeof tmpl, "%s/tracuu-test-XXXXXX", base && *base ? base : "/tmp");
    if (!mkdtemp(tmpl))
        die("mkdtemp");
    return strdup(tmpl);
}

static int rm_entry(const char *path, const struct stat *sb, int flag, struct FTW *ftw)
{
    (void)sb;
    (void)flag;
    (void)ftw;
    return remove(path);
}

void ts_rmrf(const char *path)
{
    if (path)
        nftw(path, rm_entry, 16, FTW_DEPTH | FTW_PHYS);
}

static char *tmp_dir;

int ts_tmp_setup(void **state)
{
    (void)state;
    tmp_dir = ts_tempdir();
    return 0;
}

int ts_tmp_teardown(void **state)
{
    (void)state;
    ts_rmrf(tmp_dir);
    free(tmp_dir);
    tmp_dir = NULL;
    return 0;
}

const char *ts_tmp_dir(void)
{
    return tmp_dir;
}

const char *ts_tmp_path(const char *name)
{
    static char bufs[8][512];
    static int next;
    char *b = bufs[next++ % 8];
    snprintf(b, sizeof bufs[0], "%s/%s", tmp_dir, name);
    return b;
}

void ts_write_file(const char *path, const char *data, size_t len)
{
    FILE *f = fopen(path, "wb");
    if (!f || fwrite(data, 1, len, f) != len || fclose(f) != 0)
        die(path);
}

char *ts_read_file(const char *path, size_t *len)
{
    FILE *f = fopen(path, "rb");
    if (!f)
        die(path);
    char *p = NULL;
    size_t cap = 0;
    *len = 0;
    for (;;) {
        if (*len + 1 >= cap) {
            cap = cap ? 2 * cap : 1 << 16;
            if (!(p = realloc(p, cap)))
                die(path);
        }
        size_t n = fread(p + *len, 1, cap - *len - 1, f);
        if (n == 0)
            break;
        *len += n;
    }
    if (ferror(f))
        die(path);
    fclose(f);
    p[*len] = 0;
    return p;
}

static const char *env_dir(const char *name)
{
    const char *v = getenv(name);
    if (!v || !*v) {
        fprintf(stderr, "%s is not set: run the tests through ctest\n", name);
        abort();
    }
    return v;
}

const char *ts_program(const char *rel)
{
    static char buf[4096];
    snprintf(buf, sizeof buf, "%s/%s", env_dir("TRACUU_BINARY_DIR"), rel);
    return buf;
}

const char *ts_source(const char *rel)
{
    static char buf[4096];
    snprintf(buf, sizeof buf, "%s/%s", env_dir("TRACUU_SOURCE_DIR"), rel);
    return buf;
}

const char *ts_shared(const char *rel)
{
    static char buf[4096];
    const char *dir = getenv("TRACUU_SHARED_DIR");
    if (dir && *dir)
        snprintf(buf, sizeof buf, "%s/%s", dir, rel);
    else
        snprintf(buf, sizeof buf, "%s/../shared/%s", env_dir("TRACUU_SOURCE_DIR"), rel);
    return access(buf, R_OK) == 0 ? buf : NULL;
}

char *ts_read_all(int fd)
{
    size_t len = 0, cap = 4096;
    char *buf = malloc(cap);
    if (!buf)
        die("malloc");
    for (;;) {
        if (len + 1 >= cap && !(buf = realloc(buf, cap *= 2)))
            die("realloc");
        ssize_t n = read(fd, buf + len, cap - len - 1);
        if (n < 0 && errno == EINTR)
            continue;
        if (n <= 0)
            break;
        len += (size_t)n;
    }
    buf[len] = '\0';
    return buf;
}

/* Where spawn_piped() sends a child's standard output when the pipe is not it. */
enum { STDOUT_KEEP, STDOUT_NULL, STDOUT_PIPE };

/* Starts argv with its descriptor `fd` (1 or 2) on a pipe whose reading end goes to
 * *out; `stdout_to` says where its standard output goes otherwise. */
static pid_t spawn_piped(const char *const argv[], int fd, int stdout_to, int *out)
{
    int fds[2];
    if (pipe(fds))
        die("pipe");
    pid_t pid = fork();
    if (pid < 0)
        die("fork");
    if (pid == 0) {
        /* A test that fails before it stops its daemon must not leave it running: it
         * would hold the test's output open, and CTest would wait for it for ever. */
        prctl(PR_SET_PDEATHSIG, SIGKILL);
        dup2(fds[1], fd);
        close(fds[0]);
        close(fds[1]);
        int devnull = stdout_to == STDOUT_NULL ? open("/dev/null", 0) : -1;
        if (devnull >= 0)
            dup2(devnull, 1);
        if (stdout_to == STDOUT_PIPE)
            dup2(fd, 1);
        execv(argv[0], (char *const *)argv);
        _exit(127);
    }
    close(fds[1]);
    *out = fds[0];
    return pid;
}

/* ts_run(), with standard output sent as `stdout_to` says. */
static int run_piped(char *const argv[], int stdout_to, char **err_out)
{
    int fd;
    pid_t pid = spawn_piped((const char *const *)argv, 2, stdout_to, &fd);
    char *err = ts_read_all(fd);
    close(fd);
    int status = 0;
    while (waitpid(pid, &status, 0) < 0 && errno == EINTR)
        ;
    if (err_out)
        *err_out = err;
    else
        free(err);
    return WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
}

int ts_run(char *const argv[], char **err_out)
{
    return run_piped(argv, STDOUT_NULL, err_out);
}

void ts_expect_runs(const char *rel, const ts_run_row *rows, size_t n)
{
    for (size_t r = 0; r < n; r++) {
        const char *argv[8] = {ts_program(rel)};
        char line[512] = "";
        size_t k = 1, len = 0;
        for (; rows[r].args[k - 1] && k < 7; k++) {
            argv[k] = rows[r].args[k - 1];
            len += (size_t)snprintf(line + len, len < sizeof line ? sizeof line - len : 0,
                                    " %s", argv[k]);
        }
        char *out = NULL;
        int got = run_piped((char *const *)argv, STDOUT_PIPE, &out);
        if (got != rows[r].status || !strstr(out, rows[r].words)) {
            print_error("output:\n%s", out);
            free(out);
            fail_msg("%s%s: status %d, expected %d, saying \"%s\"", rel, line, got,
                     rows[r].status, rows[r].words);
        }
        free(out);
    }
}

char *ts_run_expect(char *const argv[], int status, const char *words)
{
    char *err = NULL;
    int got = ts_run(argv, &err);
    if (got != status || (words && !strstr(err, words))) {
        const char *slash = strrchr(argv[0], '/');
        print_error("stderr:\n%s", err);
        fail_msg("%s: status %d, expected %d, saying \"%s\"", slash ? slash + 1 : argv[0], got,
                 status, words ? words : "");
    }
    return err;
}

char *ts_program_expect(const char *rel, int status, const char *words, ...)
{
    char *argv[32];
    size_t n = 0;
    argv[n++] = (char *)ts_program(rel);
    va_list ap;
    va_start(ap, words);
    for (const char *a; (a = va_arg(ap, const char *)) != NULL;) {
        if (n == sizeof argv / sizeof *argv - 1)
            fail_msg("ts_program_expect: more than 30 arguments for %s", rel);
        argv[n++] = (char *)a;
    }
    va_end(ap);
    argv[n] = NULL;
    return ts_run_expect(argv, status, words);
}

void ts_row_fail(size_t *failed, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    vprint_error(fmt, ap);
    va_end(ap);
    (*failed)++;
}

void ts_rows_end(size_t failed, size_t n)
{
    if (failed)
        fail_msg("%zu of %zu rows differ", failed, n);
}

int ts_run_reported(char *const argv[])
{
    char *err = NULL;
    int rc = ts_run(argv, &err);
    if (rc != 0) {
        const char *slash = strrchr(argv[0], '/');
        fprintf(stderr, "%s exited %d: %s\n", slash ? slash + 1 : argv[0], rc, err);
    }
    free(err);
    return rc;
}

int ts_index_file(const char *db, const char *path, const char *data, size_t len)
{
    ts_write_file(path, data, len);
    char *argv[] = {(char *)ts_program("indexer/tracuu-index"), "--db", (char *)db, "--quiet",
                    (char *)path, NULL};
    return ts_run_reported(argv);
}

int ts_index_fixture(const char *dir, const char *jsonl, size_t len, char *db, size_t cap)
{
    char path[4096];
    snprintf(path, sizeof path, "%s/fixture.jsonl", dir);
    snprintf(db, cap, "%s/db", dir);
    return ts_index_file(db, path, jsonl, len) == 0 ? 0 : -1;
}

xc_db *ts_index_open(const char *jsonl, size_t len, char **dir)
{
    char db[4096];
    tr_error err = {0};
    *dir = ts_tempdir();
    if (ts_index_fixture(*dir, jsonl, len, db, sizeof db))
        return NULL;
    xc_db *x = xc_db_open(db, &err);
    if (!x)
        fprintf(stderr, "%s: %s\n", db, err.message);
    return x;
}

void ts_index_close(xc_db *db, char *dir)
{
    xc_db_free(db);
    if (dir)
        ts_rmrf(dir);
    free(dir);
}

int ts_site_start(ts_site *s, const char *jsonl, size_t len, const char *const *extra)
{
    s->dir = ts_tempdir();
    if (ts_index_fixture(s->dir, jsonl, len, s->db, sizeof s->db))
        return -1;
    return ts_searchd_start_args(&s->daemon, s->db, extra);
}

void ts_site_stop(ts_site *s)
{
    ts_searchd_stop(&s->daemon);
    ts_rmrf(s->dir);
    free(s->dir);
    s->dir = NULL;
}

ts_site ts_group_site;
static const char *group_jsonl;
static size_t group_len;
static const char *const *group_extra;

void ts_site_use(const char *jsonl, size_t len, const char *const *extra)
{
    group_jsonl = jsonl;
    group_len = len;
    group_extra = extra;
}

int ts_site_setup(void **state)
{
    (void)state;
    return ts_site_start(&ts_group_site, group_jsonl, group_len, group_extra);
}

int ts_site_teardown(void **state)
{
    (void)state;
    ts_site_stop(&ts_group_site);
    return 0;
}

int ts_searchd_start(ts_daemon *d, const char *db)
{
    return ts_searchd_start_data(d, db, NULL);
}

int ts_searchd_start_data(ts_daemon *d, const char *db, const char *data)
{
    const char *extra[] = {"--data", data, NULL};
    return ts_searchd_start_args(d, db, data ? extra : NULL);
}

int ts_searchd_start_args(ts_daemon *d, const char *db, const char *const *extra)
{
    const char *argv[64] = {ts_program("searchd/tracuu-searchd"), "--db", db, "--port", "0",
                            "--quiet"};
    size_t n = 6;
    for (size_t i = 0; extra && extra[i] && n < 63; i++)
        argv[n++] = extra[i];
    argv[n] = NULL;
    int fd;
    pid_t pid = spawn_piped(argv, 1, STDOUT_KEEP, &fd);
    /* The daemon prints "... on http://127.0.0.1:PORT/" once it listens. */
    char line[1024];
    FILE *f = fdopen(fd, "r");
    d->pid = pid;
    d->port = 0;
    if (f && fgets(line, sizeof line, f)) {
        const char *p = strstr(line, "http://127.0.0.1:");
        if (p)
            d->port = (unsigned)atoi(p + strlen("http://127.0.0.1:"));
    }
    if (f)
        fclose(f);
    if (!d->port) {
        fprintf(stderr, "tracuu-searchd did not start over %s\n", db);
        ts_searchd_stop(d);
        return -1;
    }
    return 0;
}

void ts_searchd_stop(ts_daemon *d)
{
    if (d->pid <= 0)
        return;
    kill(d->pid, SIGTERM);
    int status;
    while (waitpid(d->pid, &status, 0) < 0 && errno == EINTR)
        ;
    d->pid = 0;
}

int ts_connect(unsigned port)
{
    int fd = socket(AF_INET, SOCK_STREAM, 0);
    if (fd < 0)
        return -1;
    struct sockaddr_in a = {.sin_family = AF_INET, .sin_port = htons((uint16_t)port)};
    a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    struct timeval tv = {.tv_sec = 30};
    setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &tv, sizeof tv);
    if (connect(fd, (struct sockaddr *)&a, sizeof a)) {
        close(fd);
        return -1;
    }
    return fd;
}

int ts_http(unsigned port, const char *method, const char *raw_target, const char *body,
            size_t body_len, char **resp)
{
    return ts_http_with(port, method, raw_target, NULL, body, body_len, resp);
}

int ts_http_with(unsigned port, const char *method, const char *raw_target, const char *headers,
                 const char *body, size_t body_len, char **resp)
{
    *resp = NULL;
    int fd = ts_connect(port);
    if (fd < 0)
        return -1;
    if (!headers)
        headers = "";
    size_t hlen = strlen(raw_target) + strlen(headers) + 256;
    char *head = malloc(hlen);
    int n = snprintf(head, hlen,
                     "%s %s HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n%s"
                     "Content-Type: application/json\r\nContent-Length: %zu\r\n\r\n",
                     method, raw_target, headers, body ? body_len : 0);
    int ok = write(fd, head, (size_t)n) == n;
    free(head);
    if (ok && body && body_len)
        ok = write(fd, body, body_len) == (ssize_t)body_len;
    char *all = ok ? ts_read_all(fd) : NULL;
    close(fd);
    if (!all)
        return -1;
    char *rest;
    int status = ts_http_parse(all, &rest);
    *resp = strdup(rest ? rest : "");
    free(all);
    return status;
}

char *ts_http_exchange(unsigned port, const char *request)
{
    int fd = ts_connect(port);
    if (fd < 0)
        return NULL;
    size_t n = strlen(request);
    char *all = write(fd, request, n) == (ssize_t)n ? ts_read_all(fd) : NULL;
    close(fd);
    return all;
}

int ts_http_parse(char *all, char **body)
{
    int status = -1;
    if (sscanf(all, "HTTP/1.%*d %d", &status) != 1)
        status = -1;
    char *sep = strstr(all, "\r\n\r\n");
    if (sep)
        *sep = '\0';
    *body = sep ? sep + 4 : NULL;
    return status;
}

json_t *ts_request_json(unsigned port, const char *method, const char *target, const char *body,
                        size_t body_len, int expect_status)
{
    char *resp = NULL;
    int status = ts_http(port, method, target, body, body_len, &resp);
    if (status != expect_status)
        fail_msg("%s %.80s: status %d, expected %d; body %.300s", method, target, status,
                 expect_status, resp ? resp : "(none)");
    json_t *doc = json_loads(resp, 0, NULL);
    if (!doc)
        fail_msg("%s %.80s: body is not JSON: %.300s", method, target, resp);
    free(resp);
    return doc;
}

json_t *ts_get_json(unsigned port, const char *target, int expect_status)
{
    return ts_request_json(port, "GET", target, NULL, 0, expect_status);
}

void ts_expect_error(unsigned port, const char *method, const char *target, const char *body,
                     size_t body_len, int status, const char *words)
{
    json_t *doc = ts_request_json(port, method, target, body, body_len, status);
    const char *e = json_string_value(json_object_get(doc, "error"));
    if (!e || (words && !strstr(e, words)))
        fail_msg("%s %.80s (body %.60s): error \"%s\", expected one saying \"%s\"", method,
                 target, body ? body : "", e ? e : "(none)", words ? words : "");
    json_decref(doc);
}

static int cmp_str(const void *a, const void *b)
{
    return strcmp(*(const char *const *)a, *(const char *const *)b);
}

char *ts_hit_ids(json_t *doc, int sort)
{
    json_t *hits = json_object_get(doc, "hits");
    if (!json_is_array(hits))
        fail_msg("no \"hits\" array in the answer");
    size_t n = json_array_size(hits), len = 1;
    const char **ids = calloc(n + 1, sizeof *ids);
    if (!ids)
        die("calloc");
    for (size_t i = 0; i < n; i++) {
        const char *id = json_string_value(json_object_get(json_array_get(hits, i), "id"));
        ids[i] = id ? id : "(no id)";
        len += strlen(ids[i]) + 1;
    }
    if (sort && n > 1)
        qsort(ids, n, sizeof *ids, cmp_str);
    char *out = malloc(len), *o = out;
    if (!out)
        die("malloc");
    *o = '\0';
    for (size_t i = 0; i < n; i++)
        o += sprintf(o, "%s%s", i ? " " : "", ids[i]);
    free(ids);
    return out;
}

/* Opens `db` (failing the test when it does not open) and gives the count asked. */
static uint64_t db_count(const char *db, const char *term)
{
    xc_db *x = xc_db_open(db, NULL);
    if (!x)
        fail_msg("%s does not open as a database", db);
    uint64_t n = 0;
    int rc = term ? xc_db_termfreq(x, term, strlen(term), &n, NULL) : xc_db_doccount(x, &n, NULL);
    xc_db_free(x);
    if (rc != 0)
        fail_msg("%s: could not count %s", db, term ? term : "documents");
    return n;
}

uint64_t ts_doccount(const char *db)
{
    return db_count(db, NULL);
}

uint64_t ts_termfreq(const char *db, const char *term)
{
    return db_count(db, term);
}

int ts_hit_rank(json_t *doc, const char *id)
{
    size_t i;
    json_t *hit;
    json_array_foreach(json_object_get(doc, "hits"), i, hit) {
        const char *h = json_string_value(json_object_get(hit, "id"));
        if (h && strcmp(h, id) == 0)
            return (int)i;
    }
    return -1;
}

char *ts_urlencode(const char *s)
{
    static const char hex[] = "0123456789ABCDEF";
    size_t n = strlen(s);
    char *out = malloc(3 * n + 1), *o = out;
    if (!out)
        die("malloc");
    for (const unsigned char *p = (const unsigned char *)s; *p; p++) {
        if ((*p >= 'a' && *p <= 'z') || (*p >= 'A' && *p <= 'Z') || (*p >= '0' && *p <= '9') ||
            *p == '-' || *p == '_' || *p == '.' || *p == '~') {
            *o++ = (char)*p;
        } else {
            *o++ = '%';
            *o++ = hex[*p >> 4];
            *o++ = hex[*p & 15];
        }
    }
    *o = '\0';
    return out;
}

unsigned ts_free_port(void)
{
    int fd = socket(AF_INET, SOCK_STREAM, 0);
    if (fd < 0)
        die("socket");
    struct sockaddr_in a = {.sin_family = AF_INET};
    a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    socklen_t len = sizeof a;
    if (bind(fd, (struct sockaddr *)&a, sizeof a) || getsockname(fd, (struct sockaddr *)&a, &len))
        die("bind");
    close(fd);
    return ntohs(a.sin_port);
}

int ts_wait_port(unsigned port, int ms)
{
    for (int waited = 0; waited <= ms; waited += 20) {
        int fd = socket(AF_INET, SOCK_STREAM, 0);
        if (fd < 0)
            die("socket");
        struct sockaddr_in a = {.sin_family = AF_INET, .sin_port = htons((uint16_t)port)};
        a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
        int ok = connect(fd, (struct sockaddr *)&a, sizeof a) == 0;
        close(fd);
        if (ok)
            return 0;
        nanosleep(&(struct timespec){0, 20 * 1000000L}, NULL);
    }
    return -1;
}

pid_t ts_spawn_group(char *const argv[])
{
    pid_t pid = fork();
    if (pid < 0)
        die("fork");
    if (pid == 0) {
        setpgid(0, 0);
        int devnull = open("/dev/null", O_RDWR);
        if (devnull >= 0) {
            dup2(devnull, 0);
            dup2(devnull, 1);
            dup2(devnull, 2);
        }
        execv(argv[0], argv);
        _exit(127);
    }
    setpgid(pid, pid); /* also here, so that no signal can come before the child's */
    return pid;
}

void ts_kill_group(pid_t pid)
{
    if (pid <= 0)
        return;
    kill(-pid, SIGKILL);
    int status;
    while (waitpid(pid, &status, 0) < 0 && errno == EINTR)
        ;
}
