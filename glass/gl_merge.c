/* gl_merge: the tables written at the end (gl_int.h).
 *
 * Each table is written by one thread in its key order, the documents left out
 * (gl_build_drop) skipped everywhere. The postlist: the items of the \0 keys (user
 * metadata "\0\xc0", then the values: gl_values.c), the document lengths ("\0\xe0"),
 * then the terms in byte order, each as its first chunk (keyed by the name) and its
 * later ones (name, NUL, first docid); a term's postings come from the runs that hold
 * it, in run order, which is docid order, and are cut into chunks as if they had come
 * from one run: the table is the same whatever the number of runs. The position
 * table: keyed by name and docid, its tags copied from the runs. The termlist and
 * docdata tables: their tags copied from the docs file.
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <unistd.h>

#include "gl_int.h"

/* ---- Posting lists cut into chunks ------------------------------------------ */

/* One posting list being cut into chunks (PostlistChunkWriter::append and the
 * compactor's first chunk). */
typedef struct chunker {
    gl_table *t;
    const char *name; /* NULL: the document lengths */
    uint32_t len;
    uint32_t tf;
    uint64_t cf;
    gl_buf entries, tag, key;
    uint32_t first, last; /* docids of the chunk being filled */
    int started, later;   /* an entry is in; a chunk was written before */
} chunker;

static void chunk_key(chunker *c, int first_chunk)
{
    gl_buf_reset(&c->key);
    if (!c->name) {
        gl_buf_add(&c->key, "\0\xe0", 2);
        if (!first_chunk)
            gl_pack_uint_sort(&c->key, c->first);
    } else {
        gl_pack_string_sort(&c->key, c->name, c->len, first_chunk);
        if (!first_chunk)
            gl_pack_uint_sort(&c->key, c->first);
    }
}

static int chunk_flush(chunker *c, int is_last, tr_error *err)
{
    gl_buf_reset(&c->tag);
    if (!c->later) {
        gl_pack_uint(&c->tag, c->tf);
        gl_pack_uint(&c->tag, c->cf);
        gl_pack_uint(&c->tag, c->first - 1);
    }
    gl_pack_bool(&c->tag, is_last);
    gl_pack_uint(&c->tag, c->last - c->first);
    gl_buf_add(&c->tag, c->entries.p, c->entries.len);
    chunk_key(c, !c->later);
    if (c->tag.oom || c->key.oom)
        return tr_error_set(err, TR_ENOMEM, "out of memory writing the database");
    c->later = 1;
    c->started = 0;
    gl_buf_reset(&c->entries);
    return gl_table_add(c->t, c->key.p, c->key.len, c->tag.p, c->tag.len, err);
}

static int chunk_append(chunker *c, uint32_t did, uint32_t wdf, tr_error *err)
{
    if (c->started && c->entries.len >= GL_CHUNK) {
        int rc = chunk_flush(c, 0, err);
        if (rc)
            return rc;
    }
    if (!c->started) {
        c->started = 1;
        c->first = did;
    } else {
        gl_pack_uint(&c->entries, did - c->last - 1);
    }
    c->last = did;
    gl_pack_uint(&c->entries, wdf);
    return 0;
}

static void chunker_free(chunker *c)
{
    gl_buf_free(&c->entries);
    gl_buf_free(&c->tag);
    gl_buf_free(&c->key);
}

/* ---- The runs, term by term -------------------------------------------------- */

typedef struct merger {
    gl_run_reader *r;   /* one per run */
    unsigned nruns;
    unsigned *heap;     /* runs with a term left, the least (name, run) first */
    size_t n;
    unsigned *same;     /* the runs holding the current term, in run order */
    size_t nsame;
} merger;

static int less(const merger *m, unsigned a, unsigned b)
{
    const gl_run_reader *x = &m->r[a], *y = &m->r[b];
    if (x->prefix != y->prefix)
        return x->prefix < y->prefix;
    uint32_t l = x->len < y->len ? x->len : y->len;
    int c = memcmp(x->name, y->name, l);
    if (c == 0)
        c = (x->len > y->len) - (x->len < y->len);
    return c < 0 || (c == 0 && x->k < y->k);
}

static void heap_push(merger *m, unsigned k)
{
    size_t i = m->n++;
    m->heap[i] = k;
    while (i > 0 && less(m, m->heap[i], m->heap[(i - 1) / 2])) {
        unsigned t = m->heap[i];
        m->heap[i] = m->heap[(i - 1) / 2];
        m->heap[(i - 1) / 2] = t;
        i = (i - 1) / 2;
    }
}

static unsigned heap_pop(merger *m)
{
    unsigned top = m->heap[0];
    m->heap[0] = m->heap[--m->n];
    for (size_t i = 0;;) {
        size_t l = 2 * i + 1, r = l + 1, s = i;
        if (l < m->n && less(m, m->heap[l], m->heap[s]))
            s = l;
        if (r < m->n && less(m, m->heap[r], m->heap[s]))
            s = r;
        if (s == i)
            break;
        unsigned t = m->heap[i];
        m->heap[i] = m->heap[s];
        m->heap[s] = t;
        i = s;
    }
    return top;
}

static void merger_free(merger *m)
{
    for (unsigned k = 0; m->r && k < m->nruns; k++)
        gl_run_close(&m->r[k]);
    free(m->r);
    free(m->heap);
    free(m->same);
}

static int merger_open(merger *m, const gl_build *b, const char *what, tr_error *err)
{
    memset(m, 0, sizeof *m);
    unsigned n = b->nruns ? b->nruns : 1;
    m->r = calloc(n, sizeof *m->r);
    m->heap = malloc(n * sizeof *m->heap);
    m->same = malloc(n * sizeof *m->same);
    if (!m->r || !m->heap || !m->same)
        return tr_error_set(err, TR_ENOMEM, "out of memory merging the runs");
    int rc = 0;
    for (unsigned k = 0; rc == 0 && k < b->nruns; k++) {
        m->nruns = k + 1;
        rc = gl_run_open(&m->r[k], b, what, k, err);
        if (rc == 0 && !m->r[k].eof)
            heap_push(m, k);
    }
    return rc;
}

/* The runs holding the least term left, into m->same (in run order); 0 when none. */
static size_t next_term(merger *m)
{
    m->nsame = 0;
    if (m->n == 0)
        return 0;
    unsigned first = heap_pop(m);
    m->same[m->nsame++] = first;
    const gl_run_reader *f = &m->r[first];
    while (m->n) {
        const gl_run_reader *x = &m->r[m->heap[0]];
        if (x->prefix != f->prefix || x->len != f->len || memcmp(x->name, f->name, f->len) != 0)
            break;
        m->same[m->nsame++] = heap_pop(m);
    }
    return m->nsame;
}

/* Once the current term's postings are read: each run on to its next term. */
static int advance(merger *m, int post, tr_error *err)
{
    for (size_t i = 0; i < m->nsame; i++) {
        gl_run_reader *r = &m->r[m->same[i]];
        int rc = gl_run_next(r, post, err);
        if (rc)
            return rc;
        if (!r->eof)
            heap_push(m, m->same[i]);
    }
    return 0;
}

/* A term's postings from all its runs, the documents left out skipped: its counts
 * head its first chunk, so they are known before any is written. */
typedef struct postings {
    uint32_t *did, *wdf;
    size_t n, cap;
} postings;

static int gather(gl_build *b, merger *m, postings *ps, tr_error *err)
{
    ps->n = 0;
    for (size_t i = 0; i < m->nsame; i++) {
        gl_run_reader *r = &m->r[m->same[i]];
        uint64_t did = 0, gap, wdf;
        for (uint64_t j = 0; j < r->a; j++) {
            int rc = gl_run_uint(r, &gap, err);
            if (rc == 0)
                rc = gl_run_uint(r, &wdf, err);
            if (rc)
                return rc;
            did += gap;
            if (gl_build_dropped(b, (uint32_t)did))
                continue;
            if (ps->n == ps->cap) {
                size_t cap = ps->cap ? 2 * ps->cap : 1024;
                uint32_t *d = realloc(ps->did, cap * sizeof *d);
                if (d)
                    ps->did = d;
                uint32_t *w = d ? realloc(ps->wdf, cap * sizeof *w) : NULL;
                if (!w)
                    return gl_build_oom(b, err);
                ps->wdf = w;
                ps->cap = cap;
            }
            ps->did[ps->n] = (uint32_t)did;
            ps->wdf[ps->n++] = (uint32_t)wdf;
        }
    }
    return 0;
}

static int merge_postings(gl_build *b, gl_table *post, tr_error *err)
{
    merger m;
    int rc = merger_open(&m, b, "post", err);
    chunker c = {.t = post};
    postings ps = {0};
    char name[256];
    while (rc == 0 && next_term(&m)) {
        const gl_run_reader *f = &m.r[m.same[0]];
        memcpy(name, f->name, f->len);
        c.name = name;
        c.len = f->len;
        c.started = c.later = 0;
        rc = gather(b, &m, &ps, err);
        if (rc == 0 && ps.n > UINT32_MAX)
            rc = tr_error_set(err, TR_ELIMIT, "a term in more than 2^32 documents");
        c.tf = (uint32_t)ps.n;
        c.cf = 0;
        for (size_t i = 0; i < ps.n; i++)
            c.cf += ps.wdf[i];
        for (size_t i = 0; rc == 0 && i < ps.n; i++)
            rc = chunk_append(&c, ps.did[i], ps.wdf[i], err);
        if (rc == 0 && c.started)
            rc = chunk_flush(&c, 1, err);
        if (rc == 0)
            rc = advance(&m, 1, err);
    }
    free(ps.did);
    free(ps.wdf);
    chunker_free(&c);
    merger_free(&m);
    return rc;
}

static int merge_positions(gl_build *b, gl_table *pos, tr_error *err)
{
    merger m;
    int rc = merger_open(&m, b, "pos", err);
    gl_buf key = {0}, tag = {0};
    while (rc == 0 && next_term(&m)) {
        const gl_run_reader *f = &m.r[m.same[0]];
        gl_buf_reset(&key);
        gl_pack_string_sort(&key, f->name, f->len, 0);
        size_t base = key.len;
        for (size_t i = 0; rc == 0 && i < m.nsame; i++) {
            gl_run_reader *r = &m.r[m.same[i]];
            uint64_t did, n;
            for (uint64_t j = 0; rc == 0 && j < r->a; j++) {
                rc = gl_run_uint(r, &did, err);
                if (rc == 0)
                    rc = gl_run_uint(r, &n, err);
                if (rc == 0)
                    rc = gl_run_bytes(r, &tag, n, err);
                if (rc || gl_build_dropped(b, (uint32_t)did))
                    continue;
                key.len = base;
                gl_pack_uint_sort(&key, did);
                if (rc == 0 && key.oom)
                    rc = tr_error_set(err, TR_ENOMEM, "out of memory writing the database");
                if (rc == 0)
                    rc = gl_table_add(pos, key.p, key.len, tag.p, tag.len, err);
            }
        }
        if (rc == 0)
            rc = advance(&m, 0, err);
    }
    gl_buf_free(&key);
    gl_buf_free(&tag);
    merger_free(&m);
    return rc;
}

/* ---- The postlist's items and document lengths --------------------------------- */

static int item_cmp(const void *a, const void *b)
{
    const gl_item *x = a, *y = b;
    size_t m = x->key.len < y->key.len ? x->key.len : y->key.len;
    int c = memcmp(x->key.p, y->key.p, m);
    return c ? c : (x->key.len > y->key.len) - (x->key.len < y->key.len);
}

static int write_items(gl_build *b, gl_table *post, tr_error *err)
{
    qsort(b->items, b->nitems, sizeof *b->items, item_cmp);
    int rc = 0;
    for (size_t i = 0; rc == 0 && i < b->nitems; i++)
        rc = gl_table_add(post, b->items[i].key.p, b->items[i].key.len, b->items[i].tag.p,
                          b->items[i].tag.len, err);
    return rc;
}

static int write_postlist(gl_build *b, gl_table *post, tr_error *err)
{
    int rc = write_items(b, post, err);
    if (rc == 0)
        rc = gl_values_write(b, post, err);
    /* The document lengths: a posting list of every document, its length as wdf. */
    chunker c = {.t = post};
    for (uint32_t d = 0; rc == 0 && d < b->ndocs; d++)
        if (!gl_build_dropped(b, d + 1))
            rc = chunk_append(&c, d + 1, b->doclens[d], err);
    if (rc == 0 && c.started)
        rc = chunk_flush(&c, 1, err);
    chunker_free(&c);
    return rc == 0 ? merge_postings(b, post, err) : rc;
}

/* ---- The termlist and docdata tables ------------------------------------------ */

static int write_docs(gl_build *b, tr_error *err)
{
    if (fflush(b->docs) != 0)
        return tr_error_set(err, TR_EIO, "writing %s: %s", b->docs_path, strerror(errno));
    gl_run_reader r = {0};
    int rc = gl_run_attach(&r, fileno(b->docs), b->docs_path, err);
    gl_buf tag = {0}, key = {0};
    while (rc == 0 && (rc = gl_run_fill(&r, err)) == 0 && r.at < r.end) {
        uint64_t did = 0, n = 0;
        int kind = 0, compressed = 0;
        rc = gl_run_byte(&r, &kind, err);
        if (rc == 0)
            rc = gl_run_uint(&r, &did, err);
        if (rc == 0)
            rc = gl_run_byte(&r, &compressed, err);
        if (rc == 0 && kind > DOC_DATA)
            rc = tr_error_set(err, TR_EIO, "%s: not a docs file", b->docs_path);
        if (rc == 0)
            rc = gl_run_uint(&r, &n, err);
        if (rc == 0)
            rc = gl_run_bytes(&r, &tag, n, err);
        if (rc || gl_build_dropped(b, (uint32_t)did))
            continue;
        gl_buf_reset(&key);
        gl_pack_uint_sort(&key, did);
        if (kind == DOC_SLOTS)
            gl_buf_byte(&key, 0);
        rc = key.oom ? tr_error_set(err, TR_ENOMEM, "out of memory writing the database")
                     : gl_table_add_packed(kind == DOC_DATA ? b->docdata : b->termlist, key.p,
                                           key.len, tag.p, tag.len, compressed, err);
    }
    gl_run_close(&r);
    gl_buf_free(&tag);
    gl_buf_free(&key);
    return rc;
}

/* ---- Three tables, three threads -------------------------------------------- */

typedef struct job {
    gl_build *b;
    gl_table *pos;
    gl_root *roots;
    int rc;
    tr_error err;
    pthread_t t;
    int started;
} job;

static void *pos_main(void *arg)
{
    job *j = arg;
    j->rc = merge_positions(j->b, j->pos, &j->err);
    if (j->rc == 0)
        j->rc = gl_table_finish(j->pos, &j->roots[GL_POSITION], &j->err);
    return NULL;
}

static void *docs_main(void *arg)
{
    job *j = arg;
    j->rc = write_docs(j->b, &j->err);
    if (j->rc == 0)
        j->rc = gl_table_finish(j->b->termlist, &j->roots[GL_TERMLIST], &j->err);
    if (j->rc == 0)
        j->rc = gl_table_finish(j->b->docdata, &j->roots[GL_DOCDATA], &j->err);
    return NULL;
}

/* Both merges hold every run's file open at once: a large database in little memory
 * can need more than the 1024 files a process may open by default. */
static int enough_files(const gl_build *b, tr_error *err)
{
    rlim_t need = (rlim_t)b->nruns * 2 + 64;
    struct rlimit rl;
    if (getrlimit(RLIMIT_NOFILE, &rl) != 0 || rl.rlim_cur >= need)
        return 0;
    if (rl.rlim_max != RLIM_INFINITY && rl.rlim_max < need)
        return tr_error_set(err, TR_ELIMIT, "merging %u runs needs %llu open files, and at most "
                                            "%llu may be open: give the builder more memory",
                            b->nruns, (unsigned long long)need, (unsigned long long)rl.rlim_max);
    rl.rlim_cur = need;
    if (setrlimit(RLIMIT_NOFILE, &rl) != 0)
        return tr_error_set(err, TR_ELIMIT, "merging %u runs needs %llu open files: %s",
                            b->nruns, (unsigned long long)need, strerror(errno));
    return 0;
}

static void start(job *j, void *(*main)(void *))
{
    j->started = pthread_create(&j->t, NULL, main, j) == 0;
}

static int join(job *j, void *(*main)(void *), int rc, tr_error *err)
{
    if (j->started)
        pthread_join(j->t, NULL);
    else
        main(j);
    if (rc == 0 && j->rc)
        rc = tr_error_set(err, j->rc, "%s", j->err.message);
    return rc;
}

int gl_merge(gl_build *b, gl_table *post, gl_table *pos, gl_root roots[GL_TABLES],
             tr_error *err)
{
    int rc = enough_files(b, err);
    if (rc)
        return rc;
    job p = {.b = b, .pos = pos, .roots = roots}, d = {.b = b, .roots = roots};
    start(&p, pos_main);
    start(&d, docs_main);
    rc = write_postlist(b, post, err);
    if (rc == 0)
        rc = gl_table_finish(post, &roots[GL_POSTLIST], err);
    rc = join(&p, pos_main, rc, err);
    return join(&d, docs_main, rc, err);
}
