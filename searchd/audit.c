/* audit: JSON lines of security events to a file or standard error (see audit.h). The
 * sink is the process's: every server and thread writes to the one audit log. */
#include "audit.h"

#include <errno.h>
#include <fcntl.h>
#include <jansson.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

static pthread_mutex_t lock = PTHREAD_MUTEX_INITIALIZER;
static FILE *sink;  /* NULL: standard error */
static char *sink_path;

static FILE *open_append(const char *path, tr_error *err)
{
    int fd = open(path, O_WRONLY | O_APPEND | O_CREAT | O_CLOEXEC, 0600);
    FILE *f = fd >= 0 ? fdopen(fd, "a") : NULL;
    if (!f) {
        tr_error_set(err, TR_EIO, "cannot open the audit log %s: %s", path, strerror(errno));
        if (fd >= 0)
            close(fd);
    }
    return f;
}

/* Makes `f` (NULL: standard error), opened from `path` (malloc()ed, taken), the sink,
 * closing the one before. */
static void set_sink(FILE *f, char *path)
{
    pthread_mutex_lock(&lock);
    if (sink)
        fclose(sink);
    free(sink_path);
    sink = f;
    sink_path = path;
    pthread_mutex_unlock(&lock);
}

int sd_audit_open(const char *path, tr_error *err)
{
    FILE *f = open_append(path, err);
    char *p = f ? strdup(path) : NULL;
    if (f && !p) {
        fclose(f);
        return tr_error_set(err, TR_ENOMEM, "out of memory");
    }
    if (!f)
        return err->code;
    set_sink(f, p);
    return 0;
}

int sd_audit_reopen(tr_error *err)
{
    pthread_mutex_lock(&lock);
    int rc = 0;
    if (sink_path) {
        FILE *f = open_append(sink_path, err);
        if (f) {
            fclose(sink);
            sink = f;
        } else {
            rc = err->code;
        }
    }
    pthread_mutex_unlock(&lock);
    return rc;
}

void sd_audit_close(void)
{
    set_sink(NULL, NULL);
}

/* A subject that is not UTF-8 (a file name from a client): its bytes, the ones outside
 * printable ASCII as \xNN, so that the line says what was sent. */
static json_t *bytes_shown(const char *s)
{
    size_t n = strlen(s);
    char *out = malloc(n * 4 + 1);
    if (!out)
        return NULL;
    size_t o = 0;
    for (size_t i = 0; i < n; i++) {
        unsigned char c = (unsigned char)s[i];
        if (c >= 0x20 && c < 0x7f && c != '\\')
            out[o++] = (char)c;
        else
            o += (size_t)sprintf(out + o, "\\x%02x", c);
    }
    out[o] = '\0';
    json_t *j = json_string(out);
    free(out);
    return j;
}

void sd_audit(const sd_request *r, const char *action, const char *subject)
{
    char when[32];
    time_t t = time(NULL);
    struct tm tm;
    gmtime_r(&t, &tm);
    strftime(when, sizeof when, "%Y-%m-%dT%H:%M:%SZ", &tm);
    const char *key = r && r->key_name ? r->key_name : "-";
    const char *client = r && r->client ? r->client : "-";
    json_t *subj = subject ? json_string(subject) : json_null();
    if (!subj)
        subj = bytes_shown(subject);
    json_t *line = json_pack("{s:s, s:s, s:s, s:s, s:o}", "time", when, "action", action, "key",
                             key, "client", client, "subject", subj);
    char *text = line ? json_dumps(line, JSON_COMPACT | JSON_ENSURE_ASCII) : NULL;
    json_decref(line);
    if (!text)
        return;
    pthread_mutex_lock(&lock);
    if (sink) {
        fprintf(sink, "%s\n", text);
        fflush(sink);
    } else if (!(r && r->quiet)) {
        fprintf(stderr, "tracuu-searchd: audit: %s\n", text);
    }
    pthread_mutex_unlock(&lock);
    free(text);
}
