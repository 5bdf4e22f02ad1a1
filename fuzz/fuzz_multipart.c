/* fuzz_multipart: searchd's form bodies (searchd/upload.h: sd_form_read over
 * libmicrohttpd's post processor), as the write API's POST /api/files and the
 * duplicate check's proposal files receive them. The input's first line is the
 * request's Content-Type (multipart/form-data; boundary=..., or anything else), the
 * rest its body. A daemon of libmicrohttpd's own in this process, on a loopback
 * port, is sent each input as one request (over one keep-alive connection), since the post processor reads the
 * Content-Type from a real connection; its handler reads the body as searchd does.
 *
 * A form read must hold what upload.h promises: at most SD_FORM_FIELDS_MAX fields
 * of at most SD_FORM_FIELD_MAX bytes, each valid UTF-8 without NUL and
 * NUL-terminated, one file no larger than the body; a refused body says why. */
#include "fuzz.h"

#include <arpa/inet.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

#include "upload.h"
#include "vn.h"

typedef struct body {
    char *data;
    size_t len;
} body;

static void check_form(int rc, const sd_form *f, const tr_error *err, size_t body_len)
{
    if (rc) {
        fz_require(rc == TR_EINVAL || rc == TR_ENOMEM, "a refused form is a bad request");
        fz_require(err->message[0] != '\0', "a refused form says why");
        return;
    }
    fz_require(f->nfields <= SD_FORM_FIELDS_MAX, "fields within the cap");
    for (size_t i = 0; i < f->nfields; i++) {
        const sd_form_field *field = &f->fields[i];
        fz_require(field->name && field->value, "a field has a name and a value");
        fz_require(field->len <= SD_FORM_FIELD_MAX, "a field within its cap");
        fz_require(field->value[field->len] == '\0', "a value NUL-terminated");
        fz_require(strlen(field->value) == field->len, "no NUL inside a value");
        fz_require(vn_utf8_valid(field->value, field->len), "a value is UTF-8");
        fz_require(sd_form_get(f, field->name, NULL) != NULL, "a field is found by name");
    }
    fz_require(!f->file_field == !f->file_name, "a file has a field and a name");
    fz_require(f->file_len <= body_len, "a file no larger than the body");
    static const ex_format all[] = {EX_PDF, EX_DOCX, EX_ODT, EX_DOC, EX_HTML, EX_NONE};
    (void)sd_upload_format(f, all);
}

static enum MHD_Result handle(void *cls, struct MHD_Connection *conn, const char *url,
                              const char *method, const char *version, const char *upload_data,
                              size_t *upload_size, void **state)
{
    (void)cls, (void)url, (void)method, (void)version;
    body *b = *state;
    if (!b) {
        b = calloc(1, sizeof *b);
        fz_require(b != NULL, "calloc");
        *state = b;
        return MHD_YES;
    }
    if (*upload_size) {
        char *d = realloc(b->data, b->len + *upload_size + 1);
        fz_require(d != NULL, "realloc");
        memcpy(d + b->len, upload_data, *upload_size);
        b->data = d;
        b->len += *upload_size;
        *upload_size = 0;
        return MHD_YES;
    }
    sd_form f;
    tr_error err = {0};
    int rc = sd_form_read(conn, b->data, b->len, &f, &err);
    check_form(rc, &f, &err, b->len);
    sd_form_free(&f);
    struct MHD_Response *r = MHD_create_response_from_buffer(0, "", MHD_RESPMEM_PERSISTENT);
    enum MHD_Result ret = MHD_queue_response(conn, rc ? 400 : 200, r);
    MHD_destroy_response(r);
    return ret;
}

static void completed(void *cls, struct MHD_Connection *conn, void **state,
                      enum MHD_RequestTerminationCode toe)
{
    (void)cls, (void)conn, (void)toe;
    body *b = *state;
    if (b) {
        free(b->data);
        free(b);
    }
    *state = NULL;
}

static struct MHD_Daemon *daemon_;
static unsigned port_;

static void drop_connection(void);

static void stop(void)
{
    drop_connection();
    MHD_stop_daemon(daemon_);
}

static void start(void)
{
    daemon_ = MHD_start_daemon(MHD_USE_INTERNAL_POLLING_THREAD, 0, NULL, NULL, handle, NULL,
                               MHD_OPTION_NOTIFY_COMPLETED, completed, NULL,
                               MHD_OPTION_CONNECTION_TIMEOUT, 5u, MHD_OPTION_END);
    fz_require(daemon_ != NULL, "the daemon starts");
    const union MHD_DaemonInfo *info = MHD_get_daemon_info(daemon_, MHD_DAEMON_INFO_BIND_PORT);
    fz_require(info && info->port, "the daemon has a port");
    port_ = info->port;
    atexit(stop);
}

/* One keep-alive connection for every input (a connection each would use up the
 * loopback's ports within a minute); made again when the daemon closes it. */
static int conn_fd = -1;

static void drop_connection(void)
{
    if (conn_fd >= 0) {
        struct linger now = {1, 0}; /* no TIME_WAIT left behind */
        setsockopt(conn_fd, SOL_SOCKET, SO_LINGER, &now, sizeof now);
        close(conn_fd);
    }
    conn_fd = -1;
}

static int send_all(const char *data, size_t len)
{
    while (len) {
        ssize_t n = send(conn_fd, data, len, MSG_NOSIGNAL);
        if (n <= 0)
            return -1; /* the daemon refused the request early */
        data += n;
        len -= (size_t)n;
    }
    return 0;
}

/* Reads one answer: its head, then Content-Length bytes. 0 when the connection may
 * carry the next request. */
static int read_answer(void)
{
    char buf[8192];
    size_t have = 0;
    char *end = NULL;
    while (!end) {
        if (have == sizeof buf - 1)
            return -1;
        ssize_t n = recv(conn_fd, buf + have, sizeof buf - 1 - have, 0);
        if (n <= 0)
            return -1;
        have += (size_t)n;
        buf[have] = '\0';
        end = strstr(buf, "\r\n\r\n");
    }
    /* libmicrohttpd writes its headers in this case. */
    const char *cl = strstr(buf, "\r\nContent-Length:");
    size_t body = cl && cl < end ? strtoul(cl + 17, NULL, 10) : 0;
    const char *close_it = strstr(buf, "\r\nConnection: close");
    int keep = !(close_it && close_it < end);
    size_t got = have - (size_t)(end + 4 - buf);
    while (got < body) {
        ssize_t n = recv(conn_fd, buf, sizeof buf, 0);
        if (n <= 0)
            return -1;
        got += (size_t)n;
    }
    return keep ? 0 : -1;
}

int fz_multipart(const uint8_t *data, size_t size)
{
    static pthread_once_t once = PTHREAD_ONCE_INIT;
    pthread_once(&once, start);
    const char *nl = memchr(data, '\n', size);
    size_t ct_len = nl ? (size_t)(nl - (const char *)data) : 0;
    const char *payload = nl ? nl + 1 : (const char *)data;
    size_t len = size - (nl ? ct_len + 1 : 0);
    char head[512];
    if (ct_len > 256 || memchr(data, '\r', ct_len) || memchr(data, '\0', ct_len))
        return 0; /* no header a client could send */
    int n = snprintf(head, sizeof head,
                     "POST /api/files HTTP/1.1\r\nHost: 127.0.0.1\r\n"
                     "Content-Type: %.*s\r\nContent-Length: %zu\r\n\r\n",
                     (int)ct_len, (const char *)data, len);
    if (conn_fd < 0) {
        conn_fd = socket(AF_INET, SOCK_STREAM, 0);
        fz_require(conn_fd >= 0, "socket");
        int one = 1; /* the head and the body go in two sends: no wait for an ACK */
        setsockopt(conn_fd, IPPROTO_TCP, TCP_NODELAY, &one, sizeof one);
        struct sockaddr_in a = {.sin_family = AF_INET, .sin_port = htons((uint16_t)port_)};
        a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
        fz_require(connect(conn_fd, (struct sockaddr *)&a, sizeof a) == 0, "connect");
    }
    /* The answer comes once the handler has run (or the daemon refused the request). */
    if (send_all(head, (size_t)n) || send_all(payload, len) || read_answer())
        drop_connection();
    return 0;
}
