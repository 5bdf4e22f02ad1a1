/* gl_run: a part's postings spilled to files, and read back (gl_int.h).
 *
 * A run is the part's terms in byte order of their names, each with its postings in
 * docid order, in two files so that the postlist and the position table can be merged
 * on two threads: post-K (name, tf, cf, then per posting the docid gap and the wdf)
 * and pos-K (name, count, then per posting with positions its docid and the packed
 * list as the position table stores it). Numbers are pack_uint, names pack_string. The
 * files live only until the merge: their format is private and carries no version.
 */
#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "gl_int.h"
#include "tr_radix.h"

#define RUN_BUFFER (1u << 20)

void gl_run_path(char *buf, size_t cap, const gl_build *b, const char *name, unsigned k)
{
    if (k == (unsigned)-1)
        snprintf(buf, cap, "%s/%s", b->runs, name);
    else
        snprintf(buf, cap, "%s/%s-%u", b->runs, name, k);
}

void gl_part_free(gl_part *p)
{
    free(p->terms);
    free(p->table);
    free(p->names);
    free(p->posts);
    gl_buf_free(&p->positions);
    memset(p, 0, sizeof *p);
}

/* ---- Sorting a part -------------------------------------------------------- */

typedef struct keyed {
    uint64_t key; /* the name's first 8 bytes, big-endian, zero-padded */
    uint32_t id;
} keyed;

/* qsort has no context argument in C11; one per thread, as parts spill on threads */
static _Thread_local const gl_part *sort_p;

static int by_name(const void *a, const void *b)
{
    const gl_termrec *x = &sort_p->terms[((const keyed *)a)->id];
    const gl_termrec *y = &sort_p->terms[((const keyed *)b)->id];
    uint32_t m = x->len < y->len ? x->len : y->len;
    int c = memcmp(sort_p->names + x->name, sort_p->names + y->name, m);
    return c ? c : (x->len > y->len) - (x->len < y->len);
}

/* Term ids in byte order of their names; NULL when out of memory. A radix sort of the
 * names' first 8 bytes, then qsort within runs that share them: a qsort of the whole,
 * every comparison two cache misses, took most of a large part's spill. */
static uint32_t *sorted_terms(const gl_part *p)
{
    size_t n = p->nterms;
    keyed *x = malloc((n ? n : 1) * sizeof *x);
    uint32_t *ids = malloc((n ? n : 1) * sizeof *ids);
    if (!x || !ids) {
        free(x);
        free(ids);
        return NULL;
    }
    for (size_t i = 0; i < n; i++) {
        const gl_termrec *t = &p->terms[i];
        const unsigned char *s = (const unsigned char *)p->names + t->name;
        uint64_t k = 0;
        for (uint32_t j = 0; j < 8; j++)
            k = k << 8 | (j < t->len ? s[j] : 0);
        x[i] = (keyed){k, (uint32_t)i};
    }
    if (tr_radix_sort(x, n, sizeof *x) != 0) {
        free(x);
        free(ids);
        return NULL;
    }
    sort_p = p;
    for (size_t i = 0, j; i < n; i = j) {
        for (j = i + 1; j < n && x[j].key == x[i].key; j++)
            ;
        if (j - i > 1)
            qsort(x + i, j - i, sizeof *x, by_name);
    }
    sort_p = NULL;
    for (size_t i = 0; i < n; i++)
        ids[i] = x[i].id;
    free(x);
    return ids;
}

/* Indexes of the postings grouped by term id, in docid order within a term (a
 * counting sort of the indexes); start[tid] .. start[tid + 1] is term tid's run. */
static uint32_t *group_postings(const gl_part *p, size_t **start_out)
{
    size_t *start = calloc(p->nterms + 1, sizeof *start);
    uint32_t *idx = malloc((p->nposts ? p->nposts : 1) * sizeof *idx);
    size_t *at = malloc((p->nterms ? p->nterms : 1) * sizeof *at);
    if (!start || !idx || !at || p->nposts > UINT32_MAX) {
        free(start);
        free(idx);
        free(at);
        return NULL;
    }
    for (size_t i = 0; i < p->nposts; i++)
        start[p->posts[i].tid + 1]++;
    for (size_t t = 0; t < p->nterms; t++)
        start[t + 1] += start[t];
    memcpy(at, start, p->nterms * sizeof *at);
    for (size_t i = 0; i < p->nposts; i++)
        idx[at[p->posts[i].tid]++] = (uint32_t)i;
    free(at);
    *start_out = start;
    return idx;
}

/* ---- Writing ------------------------------------------------------------- */

void gl_run_put_uint(FILE *f, uint64_t v)
{
    while (v >= 128) {
        putc_unlocked((int)(v & 0x7f) | 0x80, f);
        v >>= 7;
    }
    putc_unlocked((int)v, f);
}

/* The pack_uint at q: its value, and q moved past it. */
static uint64_t get_packed(const unsigned char **q)
{
    const unsigned char *p = *q;
    uint64_t n = 0;
    int shift = 0;
    while (*p & 0x80) {
        n |= (uint64_t)(*p++ & 0x7f) << shift;
        shift += 7;
    }
    n |= (uint64_t)*p++ << shift;
    *q = p;
    return n;
}

static FILE *create(const gl_build *b, const char *what, unsigned k, char *path, size_t cap,
                    tr_error *err)
{
    gl_run_path(path, cap, b, what, k);
    FILE *f = fopen(path, "wbe");
    if (!f)
        tr_error_set(err, TR_EIO, "cannot create %s: %s", path, strerror(errno));
    else
        setvbuf(f, NULL, _IOFBF, RUN_BUFFER);
    return f;
}

static int close_written(FILE *f, const char *path, int rc, tr_error *err)
{
    int bad = ferror(f);
    int e = errno;
    if (fclose(f) != 0 && !bad) {
        bad = 1;
        e = errno;
    }
    if (bad && rc == 0)
        rc = tr_error_set(err, TR_EIO, "writing %s: %s", path, strerror(e));
    return rc;
}

static void write_term(const gl_part *p, const gl_termrec *t, const uint32_t *idx, size_t from,
                       size_t to, FILE *post, FILE *pos)
{
    const char *name = p->names + t->name;
    uint64_t cf = 0;
    uint32_t prev = 0, npos = 0;
    for (size_t i = from; i < to; i++) {
        const gl_posting *g = &p->posts[idx[i]];
        cf += g->wdf;
        npos += g->pos != 0;
    }
    gl_run_put_uint(post, t->len);
    fwrite(name, 1, t->len, post);
    gl_run_put_uint(post, to - from);
    gl_run_put_uint(post, cf);
    for (size_t i = from; i < to; i++) {
        const gl_posting *g = &p->posts[idx[i]];
        gl_run_put_uint(post, g->did - prev);
        gl_run_put_uint(post, g->wdf);
        prev = g->did;
    }
    if (npos == 0)
        return;
    gl_run_put_uint(pos, t->len);
    fwrite(name, 1, t->len, pos);
    gl_run_put_uint(pos, npos);
    for (size_t i = from; i < to; i++) {
        const gl_posting *g = &p->posts[idx[i]];
        if (!g->pos)
            continue;
        const unsigned char *q = p->positions.p + g->pos;
        uint64_t n = get_packed(&q);
        gl_run_put_uint(pos, g->did);
        gl_run_put_uint(pos, n);
        fwrite(q, 1, (size_t)n, pos);
    }
}

int gl_run_write(const gl_build *b, const gl_part *p, unsigned k, tr_error *err)
{
    uint32_t *ids = sorted_terms(p);
    size_t *start = NULL;
    uint32_t *idx = ids ? group_postings(p, &start) : NULL;
    if (!idx) {
        free(ids);
        return tr_error_set(err, TR_ENOMEM, "out of memory writing the database");
    }
    char post_path[4096], pos_path[4096];
    FILE *post = create(b, "post", k, post_path, sizeof post_path, err);
    FILE *pos = post ? create(b, "pos", k, pos_path, sizeof pos_path, err) : NULL;
    int rc = pos ? 0 : TR_EIO;
    for (size_t i = 0; rc == 0 && i < p->nterms; i++)
        write_term(p, &p->terms[ids[i]], idx, start[ids[i]], start[ids[i] + 1], post, pos);
    if (post)
        rc = close_written(post, post_path, rc, err);
    if (pos)
        rc = close_written(pos, pos_path, rc, err);
    free(ids);
    free(idx);
    free(start);
    return rc;
}

/* ---- Spilling on a thread ------------------------------------------------- */

static void *spill_main(void *arg)
{
    gl_build *b = arg;
    b->spill_rc = gl_run_write(b, &b->spill, b->nruns - 1, &b->spill_err);
    return NULL;
}

/* Empties a part, keeping its memory. */
static void part_reset(gl_part *p)
{
    p->nterms = p->names_len = p->nposts = 0;
    if (p->table)
        memset(p->table, 0, p->table_cap * sizeof *p->table);
    gl_buf_reset(&p->positions);
    gl_buf_byte(&p->positions, 0); /* offset 0 means none */
}

int gl_run_wait(gl_build *b, tr_error *err)
{
    if (!b->spilling)
        return 0;
    pthread_join(b->spiller, NULL);
    b->spilling = 0;
    if (b->spill_rc) {
        b->failed = 1;
        return tr_error_set(err, b->spill_rc, "%s", b->spill_err.message);
    }
    return 0;
}

int gl_run_spill(gl_build *b, int wait, tr_error *err)
{
    int rc = gl_run_wait(b, err);
    if (rc)
        return rc;
    gl_part written = b->spill;
    b->spill = b->part;
    b->part = written;
    part_reset(&b->part);
    if (b->part.positions.oom)
        return gl_build_oom(b, err);
    b->nruns++;
    b->spill_rc = 0;
    memset(&b->spill_err, 0, sizeof b->spill_err);
    if (!wait && pthread_create(&b->spiller, NULL, spill_main, b) == 0) {
        b->spilling = 1;
        return 0;
    }
    spill_main(b);
    if (b->spill_rc) {
        b->failed = 1;
        return tr_error_set(err, b->spill_rc, "%s", b->spill_err.message);
    }
    return 0;
}

/* ---- Reading back ---------------------------------------------------------- */

#define READ_BUFFER (128u << 10)

int gl_run_fill(gl_run_reader *r, tr_error *err)
{
    if (r->at < r->end)
        return 0;
    r->at = r->end = 0;
    for (;;) {
        ssize_t n = pread(r->fd, r->buf, READ_BUFFER, (off_t)r->off);
        if (n < 0 && errno == EINTR)
            continue;
        if (n < 0)
            return tr_error_set(err, TR_EIO, "reading %s: %s", r->path, strerror(errno));
        r->end = (size_t)n;
        r->off += (uint64_t)n;
        return 0;
    }
}

static int cut_short(gl_run_reader *r, tr_error *err)
{
    return tr_error_set(err, TR_EIO, "%s: cut short", r->path);
}

int gl_run_byte(gl_run_reader *r, int *c, tr_error *err)
{
    int rc = gl_run_fill(r, err);
    if (rc)
        return rc;
    if (r->at == r->end)
        return cut_short(r, err);
    *c = r->buf[r->at++];
    return 0;
}

int gl_run_uint_slow(gl_run_reader *r, uint64_t *v, tr_error *err)
{
    uint64_t n = 0;
    for (int shift = 0; shift < 64; shift += 7) {
        int c = 0, rc = gl_run_byte(r, &c, err);
        if (rc)
            return rc;
        n |= (uint64_t)(c & 0x7f) << shift;
        if (!(c & 0x80)) {
            *v = n;
            return 0;
        }
    }
    return tr_error_set(err, TR_EIO, "%s: a number too long", r->path);
}

int gl_run_bytes(gl_run_reader *r, gl_buf *out, uint64_t n, tr_error *err)
{
    gl_buf_reset(out);
    if (n > out->cap) {
        unsigned char *q = realloc(out->p, (size_t)n);
        if (!q)
            return tr_error_set(err, TR_ENOMEM, "out of memory reading %s", r->path);
        out->p = q;
        out->cap = (size_t)n;
    }
    while (out->len < n) {
        int rc = gl_run_fill(r, err);
        if (rc)
            return rc;
        if (r->at == r->end)
            return cut_short(r, err);
        size_t take = r->end - r->at;
        if (take > n - out->len)
            take = (size_t)(n - out->len);
        memcpy(out->p + out->len, r->buf + r->at, take);
        out->len += take;
        r->at += take;
    }
    return 0;
}

int gl_run_next(gl_run_reader *r, int post, tr_error *err)
{
    int rc = gl_run_fill(r, err);
    if (rc)
        return rc;
    if (r->at == r->end) {
        r->eof = 1;
        return 0;
    }
    uint64_t len = 0;
    rc = gl_run_uint(r, &len, err);
    if (rc == 0 && (len == 0 || len >= sizeof r->name))
        rc = tr_error_set(err, TR_EIO, "%s: a term of %llu bytes", r->path,
                          (unsigned long long)len);
    for (uint64_t i = 0; rc == 0 && i < len; i++) {
        int c = 0;
        if (r->at < r->end)
            c = r->buf[r->at++];
        else
            rc = gl_run_byte(r, &c, err);
        r->name[i] = (char)c;
    }
    r->len = (uint32_t)len;
    r->prefix = 0;
    for (uint32_t j = 0; rc == 0 && j < 8; j++)
        r->prefix = r->prefix << 8 | (j < r->len ? (unsigned char)r->name[j] : 0);
    r->b = 0;
    if (rc == 0)
        rc = gl_run_uint(r, &r->a, err);
    if (rc == 0 && post)
        rc = gl_run_uint(r, &r->b, err);
    return rc;
}

int gl_run_attach(gl_run_reader *r, int fd, const char *path, tr_error *err)
{
    unsigned k = r->k;
    memset(r, 0, sizeof *r);
    r->k = k;
    r->fd = fd;
    snprintf(r->path, sizeof r->path, "%s", path);
    if (!(r->buf = malloc(READ_BUFFER)))
        return tr_error_set(err, TR_ENOMEM, "out of memory reading %s", path);
    return 0;
}

int gl_run_open(gl_run_reader *r, const gl_build *b, const char *what, unsigned k,
                tr_error *err)
{
    char path[4096];
    gl_run_path(path, sizeof path, b, what, k);
    int fd = open(path, O_RDONLY | O_CLOEXEC);
    memset(r, 0, sizeof *r);
    r->fd = -1;
    if (fd < 0)
        return tr_error_set(err, TR_EIO, "cannot open %s: %s", path, strerror(errno));
    unlink(path); /* read once: its space is freed as the merge closes it */
    r->k = k;
    int rc = gl_run_attach(r, fd, path, err);
    r->own_fd = 1;
    return rc ? rc : gl_run_next(r, strcmp(what, "post") == 0, err);
}

void gl_run_close(gl_run_reader *r)
{
    if (r->own_fd && r->fd >= 0)
        close(r->fd);
    free(r->buf);
    r->buf = NULL;
    r->fd = -1;
    r->own_fd = 0;
}
