/* shardlist: the list of databases an index is spread over (see shardlist.h). */
#include "shardlist.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "tr_grow.h"

#define SHARDS_MAX 1024
#define LINE_MAX_BYTES 4096

typedef struct shard {
    char *name;   /* the path, or HOST:PORT */
    char *host;   /* NULL for a local shard */
    unsigned port;
    unsigned timeout_ms, connect_timeout_ms; /* 0: the list's default */
} shard;

struct se_shards {
    unsigned timeout_ms;
    shard *items;
    size_t n, cap;
    char **watch; /* stub files Xapian reads itself (se_shards_signature) */
    size_t nwatch;
};

se_shards *se_shards_new(unsigned timeout_ms, tr_error *err)
{
    se_shards *s = tr_error_calloc(sizeof *s, err);
    if (!s)
        return NULL;
    s->timeout_ms = timeout_ms;
    return s;
}

void se_shards_free(se_shards *s)
{
    if (!s)
        return;
    for (size_t i = 0; i < s->n; i++) {
        free(s->items[i].name);
        free(s->items[i].host);
    }
    free(s->items);
    for (size_t i = 0; i < s->nwatch; i++)
        free(s->watch[i]);
    free(s->watch);
    free(s);
}

size_t se_shards_count(const se_shards *s)
{
    return s ? s->n : 0;
}

const char *se_shards_name(const se_shards *s, size_t i)
{
    return s && i < s->n ? s->items[i].name : NULL;
}

static int push(se_shards *s, shard sh, tr_error *err)
{
    if (s->n == SHARDS_MAX) {
        free(sh.name);
        free(sh.host);
        return tr_error_set(err, TR_ELIMIT, "more than %d shards", SHARDS_MAX);
    }
    shard *items = tr_grow(s->items, s->n + 1, &s->cap, sizeof *s->items, 8);
    if (!items) {
        free(sh.name);
        free(sh.host);
        return tr_error_set(err, TR_ENOMEM, "out of memory");
    }
    s->items = items;
    s->items[s->n++] = sh;
    return 0;
}

static int add_local(se_shards *s, const char *path, size_t len, const char *base,
                     tr_error *err)
{
    size_t blen = base && path[0] != '/' ? strlen(base) : 0;
    char *name = malloc(blen + 1 + len + 1);
    if (!name)
        return tr_error_set(err, TR_ENOMEM, "out of memory");
    if (blen)
        sprintf(name, "%s/%.*s", base, (int)len, path);
    else
        sprintf(name, "%.*s", (int)len, path);
    return push(s, (shard){.name = name}, err);
}

static int parse_ms(const char *v, unsigned *out)
{
    char *end;
    errno = 0;
    unsigned long ms = strtoul(v, &end, 10);
    if (!*v || *end || errno || v[0] == '-' || ms > 3600000UL)
        return -1;
    *out = (unsigned)ms;
    return 0;
}

/* "HOST:PORT" or "[V6]:PORT" -> a malloc()ed host and the port. */
static int parse_address(const char *a, char **host, unsigned *port)
{
    const char *colon = strrchr(a, ':');
    if (!colon || colon == a || !colon[1])
        return -1;
    const char *h = a, *hend = colon;
    if (a[0] == '[') {
        if (colon[-1] != ']' || colon - a < 3)
            return -1;
        h = a + 1;
        hend = colon - 1;
    } else if (memchr(a, ':', (size_t)(colon - a))) {
        return -1; /* a bare IPv6 address: the port would be ambiguous */
    }
    char *end;
    errno = 0;
    unsigned long p = strtoul(colon + 1, &end, 10);
    if (*end || errno || p == 0 || p > 65535 || colon[1] == '-' || colon[1] == '+')
        return -1;
    *host = strndup(h, (size_t)(hend - h));
    *port = (unsigned)p;
    return *host ? 0 : -1;
}

/* The words after "remote": ["tcp"] ADDRESS [timeout=MS] [connect_timeout=MS]. */
static int add_remote(se_shards *s, char *words, tr_error *err)
{
    char *save = NULL;
    char *w = strtok_r(words, " \t", &save);
    if (w && strcmp(w, "tcp") == 0)
        w = strtok_r(NULL, " \t", &save);
    if (!w)
        return tr_error_set(err, TR_EINVAL, "a remote shard needs HOST:PORT");
    if (w[0] == ':')
        return tr_error_set(err, TR_EINVAL,
                            "remote programs are not supported; serve the shard with "
                            "xapian-tcpsrv and name it HOST:PORT");
    shard sh = {0};
    if (parse_address(w, &sh.host, &sh.port))
        return tr_error_set(err, TR_EINVAL,
                            "a remote shard is HOST:PORT ([ADDRESS]:PORT for IPv6), port 1-65535");
    size_t cap = strlen(sh.host) + 16;
    sh.name = malloc(cap);
    if (!sh.name) {
        free(sh.host);
        return tr_error_set(err, TR_ENOMEM, "out of memory");
    }
    snprintf(sh.name, cap, strchr(sh.host, ':') ? "[%s]:%u" : "%s:%u", sh.host, sh.port);
    while ((w = strtok_r(NULL, " \t", &save))) {
        int bad;
        if (strncmp(w, "timeout=", 8) == 0)
            bad = parse_ms(w + 8, &sh.timeout_ms) || sh.timeout_ms == 0;
        else if (strncmp(w, "connect_timeout=", 16) == 0)
            bad = parse_ms(w + 16, &sh.connect_timeout_ms) || sh.connect_timeout_ms == 0;
        else
            bad = 1;
        if (bad) {
            free(sh.name);
            free(sh.host);
            return tr_error_set(err, TR_EINVAL,
                                "after HOST:PORT only timeout=MS and connect_timeout=MS "
                                "(1 to 3600000) may follow");
        }
    }
    return push(s, sh, err);
}

int se_shards_add_line(se_shards *s, const char *line, const char *base, tr_error *err)
{
    size_t len = strlen(line);
    while (len && (line[len - 1] == '\n' || line[len - 1] == '\r' || line[len - 1] == ' ' ||
                   line[len - 1] == '\t'))
        len--;
    while (len && (*line == ' ' || *line == '\t')) {
        line++;
        len--;
    }
    if (len == 0 || line[0] == '#')
        return 0;
    const char *sp = memchr(line, ' ', len);
    size_t tlen = sp ? (size_t)(sp - line) : len;
    const char *rest = sp ? sp + 1 : line + len;
    size_t rlen = len - (size_t)(rest - line);
    if ((tlen == 4 && memcmp(line, "auto", 4) == 0) ||
        (tlen == 5 && memcmp(line, "glass", 5) == 0) ||
        (tlen == 5 && memcmp(line, "chert", 5) == 0)) {
        if (rlen == 0)
            return tr_error_set(err, TR_EINVAL, "a local shard needs a path");
        return add_local(s, rest, rlen, base, err);
    }
    if (tlen == 6 && memcmp(line, "remote", 6) == 0) {
        char *words = strndup(rest, rlen);
        if (!words)
            return tr_error_set(err, TR_ENOMEM, "out of memory");
        int rc = add_remote(s, words, err);
        free(words);
        return rc;
    }
    return tr_error_set(err, TR_EINVAL,
                        "a shard line starts with auto, glass or remote (Xapian's stub syntax)");
}

/* Adds `path` to what se_shards_signature() looks at. */
static int watch(se_shards *s, const char *path, tr_error *err)
{
    char **w = realloc(s->watch, (s->nwatch + 1) * sizeof *w);
    if (!w)
        return tr_error_set(err, TR_ENOMEM, "out of memory");
    s->watch = w;
    if (!(s->watch[s->nwatch] = strdup(path)))
        return tr_error_set(err, TR_ENOMEM, "out of memory");
    s->nwatch++;
    return 0;
}

/* A list of local shards only is a stub Xapian can open: it is added as one shard,
 * `as` (the file, or the folder holding it as XAPIANDB), and watched. Xapian then reads
 * the stub whenever a handle is opened, which is what follows a replica
 * (xapian-replicate switches its stub to a new copy of the database). */
static int fold_local(se_shards *s, size_t before, const char *file, const char *as,
                      tr_error *err)
{
    for (size_t i = before; i < s->n; i++)
        if (s->items[i].host)
            return 0;
    int rc = watch(s, file, err);
    if (rc)
        return rc;
    while (s->n > before) {
        s->n--;
        free(s->items[s->n].name);
    }
    return add_local(s, as, strlen(as), NULL, err);
}

static int add_list_file(se_shards *s, const char *file, const char *as, tr_error *err)
{
    FILE *f = fopen(file, "r");
    if (!f)
        return tr_error_set(err, errno == ENOENT ? TR_ENOTFOUND : TR_EIO, "cannot open %s: %s",
                            file, strerror(errno));
    char *base = strdup(file);
    if (!base) {
        fclose(f);
        return tr_error_set(err, TR_ENOMEM, "out of memory");
    }
    char *slash = strrchr(base, '/');
    if (slash)
        *(slash == base ? slash + 1 : slash) = '\0';
    char line[LINE_MAX_BYTES];
    int rc = 0;
    size_t before = s->n;
    for (unsigned no = 1; rc == 0 && fgets(line, sizeof line, f); no++) {
        if (!strchr(line, '\n') && !feof(f)) {
            rc = tr_error_set(err, TR_EINVAL, "%s:%u: line longer than %d bytes", file, no,
                              LINE_MAX_BYTES - 2);
            break;
        }
        tr_error lerr = {0};
        if ((rc = se_shards_add_line(s, line, slash ? base : NULL, &lerr)))
            tr_error_set(err, rc, "%s:%u: %s", file, no, lerr.message);
    }
    if (rc == 0 && ferror(f))
        rc = tr_error_set(err, TR_EIO, "cannot read %s", file);
    if (rc == 0 && s->n == before)
        rc = tr_error_set(err, TR_EINVAL, "%s lists no shard", file);
    if (rc == 0)
        rc = fold_local(s, before, file, as, err);
    fclose(f);
    free(base);
    return rc;
}

int se_shards_add_path(se_shards *s, const char *path, tr_error *err)
{
    if (!s || !path || !*path)
        return tr_error_set(err, TR_EINVAL, "no index path");
    struct stat st;
    if (stat(path, &st) != 0)
        return tr_error_set(err, TR_ENOTFOUND, "no index at %s", path);
    if (S_ISREG(st.st_mode))
        return add_list_file(s, path, path, err);
    /* A folder: a database, or a folder of shards with their stub (tracuu-index
     * --shards, xapian-replicate), read here for the timeouts of remote lines. */
    size_t n = strlen(path);
    char *probe = malloc(n + sizeof "/XAPIANDB");
    if (!probe)
        return tr_error_set(err, TR_ENOMEM, "out of memory");
    sprintf(probe, "%s/iamglass", path);
    int is_db = stat(probe, &st) == 0;
    sprintf(probe, "%s/XAPIANDB", path);
    int rc = !is_db && stat(probe, &st) == 0 && S_ISREG(st.st_mode)
                 ? add_list_file(s, probe, path, err)
                 : add_local(s, path, n, NULL, err);
    free(probe);
    /* A database reached through a symbolic link is swapped by renaming another link
     * over it (docs/operations.md): the link is watched, since a handle's reopen would
     * read the new database's version file over the old one's tables. */
    struct stat lst;
    if (rc == 0 && is_db && lstat(path, &lst) == 0 && S_ISLNK(lst.st_mode))
        rc = watch(s, path, err);
    return rc;
}

unsigned long long se_shards_signature(const se_shards *s)
{
    unsigned long long h = 1469598103934665603ULL;
    for (size_t i = 0; s && i < s->nwatch; i++) {
        struct stat st;
        unsigned long long v[4] = {0, 0, 0, 0};
        /* A folder (a link to a database) is known by its identity alone: its time
         * moves at every commit, which a reopen follows. */
        if (stat(s->watch[i], &st) == 0 && S_ISDIR(st.st_mode)) {
            v[0] = (unsigned long long)st.st_ino;
            v[1] = (unsigned long long)st.st_dev;
        } else if (stat(s->watch[i], &st) == 0) {
            v[0] = (unsigned long long)st.st_ino;
            v[1] = (unsigned long long)st.st_size;
            v[2] = (unsigned long long)st.st_mtim.tv_sec;
            v[3] = (unsigned long long)st.st_mtim.tv_nsec;
        }
        for (int k = 0; k < 4; k++)
            h = (h ^ v[k]) * 1099511628211ULL;
    }
    return h;
}

xc_db *se_shards_open(const se_shards *s, tr_error *err)
{
    if (!s || s->n == 0) {
        tr_error_set(err, TR_EINVAL, "no shard to open");
        return NULL;
    }
    xc_db *db = xc_db_open_many(NULL, 0, err);
    for (size_t i = 0; db && i < s->n; i++) {
        const shard *sh = &s->items[i];
        int rc;
        if (sh->host) {
            unsigned t = sh->timeout_ms ? sh->timeout_ms : s->timeout_ms;
            unsigned ct = sh->connect_timeout_ms ? sh->connect_timeout_ms : t;
            rc = xc_db_add_remote(db, sh->host, sh->port, t ? t : 10000, ct ? ct : 10000, err);
        } else {
            rc = xc_db_add(db, sh->name, err);
        }
        if (rc) {
            xc_db_free(db);
            db = NULL;
        }
    }
    return db;
}
