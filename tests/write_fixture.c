/* write_fixture: see write_fixture.h. */
#include "write_fixture.h"

#include <dirent.h>
#include <fcntl.h>
#include <pthread.h>
#include <setjmp.h>
#include <signal.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/prctl.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include <cmocka.h>

#include "audit.h"
#include "auth.h"
#include "engine.h"
#include "server.h"
#include "support.h"
#include "writes.h"

const wf_opts wf_admin = {1, 0, 0};

static const char fixture[] =
    "{\"id\":\"n1\",\"type\":\"news\",\"date\":\"2023-04-13\",\"title\":\"Hội thảo chuyển "
    "đổi số\",\"body\":\"Sở Khoa học và Công nghệ tổ chức hội thảo chuyển đổi số.\"}\n";

/* The key file of every server: "admin" of scope admin, "reader" of scope search,
 * made once (wf_keys_setup). */
static char keys_dir[2048], keys_path[2100];
char wf_admin_key[SD_KEY_HEX_LEN + 1], wf_reader_key[SD_KEY_HEX_LEN + 1];
/* The Authorization header of the next requests ("" for none). */
static char bearer[128];

void wf_use_key(const char *key)
{
    if (key)
        snprintf(bearer, sizeof bearer, "Authorization: Bearer %s\r\n", key);
    else
        bearer[0] = '\0';
}

int wf_keys_setup(void **state)
{
    (void)state;
    char *dir = ts_tempdir();
    snprintf(keys_dir, sizeof keys_dir, "%s", dir);
    free(dir);
    snprintf(keys_path, sizeof keys_path, "%s/keys", keys_dir);
    tr_error err = {0};
    if (sd_keys_add(keys_path, "admin", SD_SCOPE_ADMIN, wf_admin_key, &err) ||
        sd_keys_add(keys_path, "reader", SD_SCOPE_SEARCH, wf_reader_key, &err)) {
        fprintf(stderr, "keys: %s\n", err.message);
        return -1;
    }
    return 0;
}

int wf_keys_teardown(void **state)
{
    (void)state;
    ts_rmrf(keys_dir);
    return 0;
}

/* Each test writes as admin unless it says otherwise. */
int wf_as_admin(void **state)
{
    (void)state;
    wf_use_key(wf_admin_key);
    return 0;
}

/* The child: serves until SIGTERM, then frees everything and exits (0, unless the
 * sanitizers found a leak), or until killed. Its audit log goes to DIR/audit, its
 * stderr to DIR/stderr, its uploads' temporary files to DIR/tmp. */
static void serve(const wf_server *s, const wf_opts *o, int out)
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
    sd_writer *w = o->writable ? sd_writer_new(s->db, WF_WAIT_MS, &err) : NULL;
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

int wf_start_in(wf_server *s, const wf_opts *o)
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
void wf_start(wf_server *s, const wf_opts *o)
{
    memset(s, 0, sizeof *s);
    char *dir = ts_tempdir();
    snprintf(s->dir, sizeof s->dir, "%s", dir);
    free(dir);
    char db[4096];
    assert_int_equal(ts_index_fixture(s->dir, fixture, strlen(fixture), db, sizeof db), 0);
    assert_int_equal(wf_start_in(s, o), 0);
}

void wf_kill(wf_server *s)
{
    if (s->pid > 0) {
        kill(s->pid, SIGKILL);
        waitpid(s->pid, NULL, 0);
        s->pid = 0;
    }
}

/* Stops the server as tracuu-searchd stops, and checks that it exited cleanly. */
void wf_stop(wf_server *s)
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

void wf_reply_free(wf_reply *r)
{
    free(r->head);
    json_decref(r->json);
    memset(r, 0, sizeof *r);
}

/* One request with `headers` (each ending in \r\n, may be ""); the body's length
 * is sent as Content-Length. */
wf_reply wf_request(unsigned port, const char *method, const char *target, const char *headers,
                     const char *body, size_t len)
{
    wf_reply r = {0};
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

wf_reply wf_json_request(unsigned port, const char *method, const char *target,
                          const char *body)
{
    return wf_request(port, method, target, "Content-Type: application/json\r\n", body,
                   strlen(body));
}

void wf_expect_status(const wf_reply *r, int status, const char *what)
{
    if (r->status != status)
        fail_msg("%s: status %d, expected %d; body: %s", what, r->status, status,
                 r->body ? r->body : "(none)");
}

/* One JSON request whose answer must have `status`. */
void wf_expect_json(unsigned port, const char *method, const char *target, const char *body,
                        int status, const char *what)
{
    wf_reply r = wf_json_request(port, method, target, body);
    wf_expect_status(&r, status, what);
    wf_reply_free(&r);
}

/* A multipart/form-data body: fields (name, value, ... NULL) and a file (NULL: none). */
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
                              "--" WF_BOUNDARY "\r\nContent-Disposition: form-data; name=\"%s\""
                              "\r\n\r\n%s\r\n",
                              fields[i], fields[i + 1]);
    if (file_name) {
        n += (size_t)snprintf(b + n, cap - n,
                              "--" WF_BOUNDARY "\r\nContent-Disposition: form-data; name=\"file\"; "
                              "filename=\"%s\"\r\nContent-Type: application/octet-stream\r\n\r\n",
                              file_name);
        memcpy(b + n, data, data_len);
        n += data_len;
        n += (size_t)snprintf(b + n, cap - n, "\r\n");
    }
    n += (size_t)snprintf(b + n, cap - n, "--" WF_BOUNDARY "--\r\n");
    *len = n;
    return b;
}

const char wf_form_type[] = "Content-Type: multipart/form-data; boundary=" WF_BOUNDARY "\r\n";

wf_reply wf_post_form(unsigned port, const char *target, const char *const *fields,
                       const char *file_name, const char *data, size_t data_len)
{
    size_t len;
    char *body = form_body(fields, file_name, data, data_len, &len);
    wf_reply r = wf_request(port, "POST", target, wf_form_type, body, len);
    free(body);
    return r;
}

char *wf_read_file(const char *path, size_t *len)
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

int wf_has_doc(const char *db, const char *id)
{
    char term[256];
    snprintf(term, sizeof term, "Q%s", id);
    return ts_termfreq(db, term) > 0;
}

/* The hits of /api/search?q=Q (URL-encoded by the caller), sorted ids. */
char *wf_search(unsigned port, const char *q)
{
    char target[1024];
    snprintf(target, sizeof target, "/api/search?q=%s", q);
    json_t *doc = ts_get_json(port, target, 200);
    char *ids = ts_hit_ids(doc, 1);
    json_decref(doc);
    return ids;
}

/* The hits of a search must be `want` (ids sorted, joined by spaces). */
void wf_expect_hits(unsigned port, const char *q, const char *want)
{
    char *ids = wf_search(port, q);
    if (strcmp(ids, want) != 0)
        fail_msg("search %s: hits \"%s\", expected \"%s\"", q, ids, want);
    free(ids);
}

void wf_expect_audit(const wf_server *s, const char *action, const char *subject)
{
    char path[4200], line[512];
    snprintf(path, sizeof path, "%s/audit", s->dir);
    snprintf(line, sizeof line,
             "\"action\":\"%s\",\"key\":\"admin\",\"client\":\"127.0.0.1\",\"subject\":\"%s\"}\n",
             action, subject);
    size_t len;
    char *log = wf_read_file(path, &len);
    if (!strstr(log, line))
        fail_msg("the audit log has no line %s:\n%s", line, log);
    free(log);
}

long long wf_now_ms(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (long long)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

/* The files in the server's temporary folder: none once an upload is answered. */
int wf_tmp_files(const wf_server *s)
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

