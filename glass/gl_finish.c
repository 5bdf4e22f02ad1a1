/* gl_finish: the end of a new glass database (gl_build_finish, gl_build_free).
 *
 * The postlist table is written in its key order: user metadata ("\0\xc0"), value
 * statistics ("\0\xd0"), value stream chunks ("\0\xd8"), the document lengths
 * ("\0\xe0"), then the terms in byte order, each as its first chunk (keyed by the
 * name) and its later ones (name, NUL, first docid); the position table, keyed by
 * name and docid, in the same pass over the terms.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "gl_int.h"
#include "tr_radix.h"

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

static int item_cmp(const void *a, const void *b)
{
    const gl_item *x = a, *y = b;
    size_t m = x->key.len < y->key.len ? x->key.len : y->key.len;
    int c = memcmp(x->key.p, y->key.p, m);
    return c ? c : (x->key.len > y->key.len) - (x->key.len < y->key.len);
}

/* Value statistics as items (GlassValueManager::set_value_stats). */
static int stats_items(gl_build *b)
{
    for (size_t i = 0; i < b->nslots; i++) {
        gl_slotvals *s = &b->slots[i];
        gl_buf key = {0}, tag = {0};
        gl_buf_add(&key, "\0\xd0", 2);
        gl_pack_uint_last(&key, s->slot);
        gl_pack_uint(&tag, s->freq);
        gl_pack_string(&tag, s->lo.p, s->lo.len);
        if (s->lo.len != s->hi.len || memcmp(s->lo.p, s->hi.p, s->lo.len) != 0)
            gl_buf_add(&tag, s->hi.p, s->hi.len);
        if (key.oom || tag.oom || gl_build_push_item(b, &key, &tag)) {
            gl_buf_free(&key);
            gl_buf_free(&tag);
            return -1;
        }
    }
    return 0;
}

typedef struct keyed {
    uint64_t key; /* the name's first 8 bytes, big-endian, zero-padded */
    uint32_t id;
} keyed;

/* qsort has no context argument in C11; one per thread, as segments finish on threads */
static _Thread_local const gl_build *sort_b;

static int by_name(const void *a, const void *b)
{
    const gl_termrec *x = &sort_b->terms[((const keyed *)a)->id];
    const gl_termrec *y = &sort_b->terms[((const keyed *)b)->id];
    uint32_t m = x->len < y->len ? x->len : y->len;
    int c = memcmp(sort_b->names + x->name, sort_b->names + y->name, m);
    return c ? c : (x->len > y->len) - (x->len < y->len);
}

/* Term ids in byte order of their names; NULL when out of memory. A radix sort of the
 * names' first 8 bytes, then qsort within runs that share them: a qsort of the whole,
 * every comparison two cache misses, took most of a large segment's finish. */
static uint32_t *sorted_terms(const gl_build *b)
{
    size_t n = b->nterms;
    keyed *x = malloc((n ? n : 1) * sizeof *x);
    uint32_t *ids = malloc((n ? n : 1) * sizeof *ids);
    if (!x || !ids) {
        free(x);
        free(ids);
        return NULL;
    }
    for (size_t i = 0; i < n; i++) {
        const gl_termrec *t = &b->terms[i];
        const unsigned char *p = (const unsigned char *)b->names + t->name;
        uint64_t k = 0;
        for (uint32_t j = 0; j < 8; j++)
            k = k << 8 | (j < t->len ? p[j] : 0);
        x[i] = (keyed){k, (uint32_t)i};
    }
    if (tr_radix_sort(x, n, sizeof *x) != 0) {
        free(x);
        free(ids);
        return NULL;
    }
    sort_b = b;
    for (size_t i = 0, j; i < n; i = j) {
        for (j = i + 1; j < n && x[j].key == x[i].key; j++)
            ;
        if (j - i > 1)
            qsort(x + i, j - i, sizeof *x, by_name);
    }
    sort_b = NULL;
    for (size_t i = 0; i < n; i++)
        ids[i] = x[i].id;
    free(x);
    return ids;
}

/* Indexes of the postings grouped by term id, in docid order within a term (a
 * counting sort of the indexes); start[tid] .. start[tid + 1] is term tid's run. */
static uint32_t *group_postings(const gl_build *b, size_t **start_out)
{
    size_t *start = calloc(b->nterms + 1, sizeof *start);
    uint32_t *idx = malloc((b->nposts ? b->nposts : 1) * sizeof *idx);
    if (!start || !idx || b->nposts > UINT32_MAX) {
        free(start);
        free(idx);
        return NULL;
    }
    for (size_t i = 0; i < b->nposts; i++)
        start[b->posts[i].tid + 1]++;
    for (size_t t = 0; t < b->nterms; t++)
        start[t + 1] += start[t];
    size_t *at = malloc((b->nterms ? b->nterms : 1) * sizeof *at);
    if (!at) {
        free(start);
        free(idx);
        return NULL;
    }
    memcpy(at, start, b->nterms * sizeof *at);
    for (size_t i = 0; i < b->nposts; i++)
        idx[at[b->posts[i].tid]++] = (uint32_t)i;
    free(at);
    *start_out = start;
    return idx;
}

/* The postings and positions of every term, in name order. */
static int write_terms(gl_build *b, gl_table *post, gl_table *pos, tr_error *err)
{
    uint32_t *ids = sorted_terms(b);
    size_t *start = NULL;
    uint32_t *idx = ids ? group_postings(b, &start) : NULL;
    if (!idx) {
        free(ids);
        return gl_build_oom(b, err);
    }
    chunker c = {.t = post};
    gl_buf pkey = {0};
    int rc = 0;
    for (size_t k = 0; rc == 0 && k < b->nterms; k++) {
        const gl_termrec *t = &b->terms[ids[k]];
        const char *name = b->names + t->name;
        c.name = name;
        c.len = t->len;
        c.tf = t->tf;
        c.cf = t->cf;
        c.started = c.later = 0;
        for (size_t i = start[ids[k]]; rc == 0 && i < start[ids[k] + 1]; i++) {
            const gl_posting *p = &b->posts[idx[i]];
            rc = chunk_append(&c, p->did, p->wdf, err);
            if (rc || !p->pos)
                continue;
            /* The positions: pack_uint length, then the packed list. */
            const unsigned char *q = b->positions.p + p->pos;
            uint64_t n = 0;
            int shift = 0;
            while (*q & 0x80) {
                n |= (uint64_t)(*q++ & 0x7f) << shift;
                shift += 7;
            }
            n |= (uint64_t)*q++ << shift;
            gl_buf_reset(&pkey);
            gl_pack_string_sort(&pkey, name, t->len, 0);
            gl_pack_uint_sort(&pkey, p->did);
            rc = pkey.oom ? gl_build_oom(b, err)
                          : gl_table_add(pos, pkey.p, pkey.len, q, (size_t)n, err);
        }
        if (rc == 0 && c.started)
            rc = chunk_flush(&c, 1, err);
    }
    chunker_free(&c);
    gl_buf_free(&pkey);
    free(ids);
    free(idx);
    free(start);
    return rc;
}

int gl_build_finish(gl_build *b, tr_error *err)
{
    if (b->failed)
        return tr_error_set(err, TR_EINVAL, "the database being written failed before");
    gl_table *post = NULL, *pos = NULL;
    gl_root roots[GL_TABLES];
    memset(roots, 0, sizeof roots);
    int rc = 0;
    for (size_t i = 0; rc == 0 && i < b->nslots; i++)
        if (gl_build_end_chunk(b, &b->slots[i]))
            rc = gl_build_oom(b, err);
    if (rc == 0 && stats_items(b))
        rc = gl_build_oom(b, err);
    if (rc == 0)
        qsort(b->items, b->nitems, sizeof *b->items, item_cmp);
    if (rc == 0)
        rc = gl_build_table(b, "postlist", 0, &post, err);
    if (rc == 0)
        rc = gl_build_table(b, "position", 0, &pos, err);
    for (size_t i = 0; rc == 0 && i < b->nitems; i++)
        rc = gl_table_add(post, b->items[i].key.p, b->items[i].key.len, b->items[i].tag.p,
                          b->items[i].tag.len, err);
    /* The document lengths: a posting list of every document, its length as wdf. */
    chunker c = {.t = post};
    for (uint32_t d = 0; rc == 0 && d < b->ndocs; d++)
        rc = chunk_append(&c, d + 1, b->doclens[d], err);
    if (rc == 0 && c.started)
        rc = chunk_flush(&c, 1, err);
    chunker_free(&c);
    if (rc == 0)
        rc = write_terms(b, post, pos, err);
    if (rc == 0)
        rc = gl_table_finish(post, &roots[GL_POSTLIST], err);
    if (rc == 0)
        rc = gl_table_finish(pos, &roots[GL_POSITION], err);
    if (rc == 0)
        rc = gl_table_finish(b->termlist, &roots[GL_TERMLIST], err);
    if (rc == 0)
        rc = gl_table_finish(b->docdata, &roots[GL_DOCDATA], err);
    gl_table_free(post);
    gl_table_free(pos);
    for (int i = GL_SPELLING; i <= GL_SYNONYM; i++)
        roots[i] = (gl_root){.root_is_fake = 1, .blocksize = GL_BLOCKSIZE,
                             .compress_min = GL_COMPRESS_MIN};
    if (rc == 0)
        rc = gl_version_write(b->dir, roots, &b->st, err);
    if (rc)
        b->failed = 1;
    return rc;
}

/* The term dictionary and the postings. */
static void free_postings(gl_build *b)
{
    free(b->terms);
    free(b->table);
    free(b->names);
    free(b->posts);
    gl_buf_free(&b->positions);
}

void gl_build_free(gl_build *b)
{
    if (!b)
        return;
    gl_table_free(b->termlist);
    gl_table_free(b->docdata);
    free(b->doclens);
    free_postings(b);
    for (size_t i = 0; i < b->nslots; i++) {
        gl_buf_free(&b->slots[i].lo);
        gl_buf_free(&b->slots[i].hi);
        gl_buf_free(&b->slots[i].chunk);
    }
    free(b->slots);
    for (size_t i = 0; i < b->nitems; i++) {
        gl_buf_free(&b->items[i].key);
        gl_buf_free(&b->items[i].tag);
    }
    free(b->items);
    gl_buf_free(&b->tag);
    gl_buf_free(&b->key);
    free(b->dir);
    free(b);
}
