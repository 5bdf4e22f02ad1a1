/* gl_build: a new glass database from documents in memory (gl_build.h).
 *
 * What Xapian's add_document and commit write, laid out the way xapian-compact lays
 * out a database: the docdata and termlist tables as documents come (their keys are
 * docids, ascending); the postings as flat records of (term id, docid, wdf, where the
 * encoded positions are), each term's frequencies counted as they come, in a part
 * that is spilled as a run (gl_run.c) when it holds the memory given; value stream
 * chunks, once full, to the values file. gl_finish.c and gl_merge.c write the rest.
 * Formats: glass_postlist.cc, glass_termlisttable.cc, glass_positionlist.cc,
 * glass_values.cc, glass_compact.cc.
 */
#include "gl_build.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "gl_int.h"
#include "tr_dir.h"
#include "tr_grow.h"
#include "tr_hash.h"

#define TERM_MAX 245 /* glass's MAX_SAFE_TERM_LENGTH */
#define MEMORY_DEFAULT ((size_t)64 << 20)

int gl_build_oom(gl_build *b, tr_error *err)
{
    b->failed = 1;
    return tr_error_set(err, TR_ENOMEM, "out of memory writing the database");
}

int gl_build_table(gl_build *b, const char *name, uint32_t cmin, gl_table **t, tr_error *err)
{
    char path[4096];
    if (snprintf(path, sizeof path, "%s/%s.glass", b->dir, name) >= (int)sizeof path)
        return tr_error_set(err, TR_EINVAL, "database path too long");
    *t = gl_table_create(path, cmin, err);
    return *t ? 0 : err && err->code ? err->code : TR_EIO;
}

gl_build *gl_build_open(const char *dir, const char *runs, size_t memory, tr_error *err)
{
    if (mkdir(dir, 0777) != 0 && errno != EEXIST) {
        tr_error_set(err, TR_EIO, "cannot create %s: %s", dir, strerror(errno));
        return NULL;
    }
    int empty = tr_dir_is_empty(dir);
    if (empty < 0) {
        tr_error_set(err, TR_EIO, "cannot read %s: %s", dir, strerror(errno));
        return NULL;
    }
    if (!empty) {
        tr_error_set(err, TR_EINVAL, "%s is not empty: a new database needs a folder of its own",
                     dir);
        return NULL;
    }
    gl_build *b = calloc(1, sizeof *b);
    if (!b || !(b->dir = strdup(dir)) || !(b->runs = strdup(runs))) {
        gl_build_free(b);
        tr_error_set(err, TR_ENOMEM, "out of memory");
        return NULL;
    }
    b->memory = memory ? memory : MEMORY_DEFAULT;
    gl_buf_byte(&b->part.positions, 0); /* offset 0 means none */
    int rc = gl_build_table(b, "termlist", GL_COMPRESS_MIN, &b->termlist, err);
    if (rc == 0)
        rc = gl_build_table(b, "docdata", GL_COMPRESS_MIN, &b->docdata, err);
    gl_run_path(b->docs_path, sizeof b->docs_path, b, "docs", (unsigned)-1);
    if (rc == 0 && !(b->docs = fopen(b->docs_path, "w+be")))
        rc = tr_error_set(err, TR_EIO, "cannot create %s: %s", b->docs_path, strerror(errno));
    if (rc == 0)
        unlink(b->docs_path); /* nameless: gone with the builder, whatever happens */
    if (rc == 0)
        setvbuf(b->docs, NULL, _IOFBF, 1 << 20);
    if (rc || b->part.positions.oom) {
        if (!rc)
            gl_build_oom(b, err);
        gl_build_free(b);
        return NULL;
    }
    return b;
}

/* ---- Terms --------------------------------------------------------------- */

#define SLOT(h, id) ((h) >> 32 << 32 | ((uint64_t)(id) + 1))
#define SLOT_ID(v) ((uint32_t)(v) - 1)
#define SLOT_TAG(v) ((v) >> 32)

static int rehash(gl_part *p)
{
    size_t cap = p->table_cap ? p->table_cap * 2 : 1 << 16;
    uint64_t *t = calloc(cap, sizeof *t);
    if (!t)
        return -1;
    for (size_t i = 0; i < p->nterms; i++) {
        uint64_t hv = tr_fnv64(p->names + p->terms[i].name, p->terms[i].len);
        size_t h = hv & (cap - 1);
        while (t[h])
            h = (h + 1) & (cap - 1);
        t[h] = SLOT(hv, i);
    }
    free(p->table);
    p->table = t;
    p->table_cap = cap;
    return 0;
}

/* The ids of a document's terms (new ones added) into b->ids; -1 out of memory.
 * The dictionary is far larger than the caches, and a lookup one term at a time
 * waits on a miss for the slot and another for the name: done for all the terms
 * together, the slots are fetched at once first, then the names they point to. */
static int term_ids(gl_build *b, const gl_term *t, size_t n)
{
    gl_part *p = &b->part;
    if (n > b->hashes_cap) {
        uint64_t *h = realloc(b->hashes, n * sizeof *h);
        uint32_t *ids = h ? realloc(b->ids, n * sizeof *ids) : NULL;
        if (h)
            b->hashes = h;
        if (!ids)
            return -1;
        b->ids = ids;
        b->hashes_cap = n;
    }
    while (2 * (p->nterms + n) > p->table_cap)
        if (rehash(p))
            return -1;
    size_t mask = p->table_cap - 1;
    for (size_t i = 0; i < n; i++) {
        b->hashes[i] = tr_fnv64(t[i].name, t[i].len);
        __builtin_prefetch(&p->table[b->hashes[i] & mask]);
    }
    /* First probes: a slot whose tag matches names its term, nearly always. */
    for (size_t i = 0; i < n; i++) {
        uint64_t v = p->table[b->hashes[i] & mask];
        b->ids[i] = UINT32_MAX;
        if (v && SLOT_TAG(v) == b->hashes[i] >> 32) {
            b->ids[i] = SLOT_ID(v);
            __builtin_prefetch(&p->terms[b->ids[i]]);
        }
    }
    for (size_t i = 0; i < n; i++)
        if (b->ids[i] != UINT32_MAX)
            __builtin_prefetch(p->names + p->terms[b->ids[i]].name);
    for (size_t i = 0; i < n; i++) {
        uint32_t id = b->ids[i];
        if (id != UINT32_MAX) {
            const gl_termrec *r = &p->terms[id];
            if (r->len == t[i].len && memcmp(p->names + r->name, t[i].name, t[i].len) == 0)
                continue;
        }
        uint64_t hv = b->hashes[i];
        size_t h = hv & mask;
        for (; p->table[h]; h = (h + 1) & mask) {
            uint64_t v = p->table[h];
            if (SLOT_TAG(v) != hv >> 32)
                continue;
            const gl_termrec *r = &p->terms[SLOT_ID(v)];
            if (r->len == t[i].len && memcmp(p->names + r->name, t[i].name, t[i].len) == 0)
                break;
        }
        if (p->table[h]) {
            b->ids[i] = SLOT_ID(p->table[h]);
            continue;
        }
        if (p->nterms >= UINT32_MAX - 1)
            return -1;
        gl_termrec *terms = tr_grow(p->terms, p->nterms + 1, &p->terms_cap, sizeof *terms, 1 << 14);
        if (!terms)
            return -1;
        p->terms = terms;
        size_t at = p->names_len;
        if (tr_grow_append(&p->names, &p->names_len, &p->names_cap, t[i].name, t[i].len, 1 << 18))
            return -1;
        terms[p->nterms] = (gl_termrec){.name = at, .len = t[i].len};
        p->table[h] = SLOT(hv, p->nterms);
        b->ids[i] = (uint32_t)p->nterms++;
    }
    return 0;
}

/* ---- Adding a document ---------------------------------------------------- */

static int check_doc(const gl_doc_in *d, tr_error *err)
{
    for (size_t i = 0; i < d->nterms; i++) {
        const gl_term *t = &d->terms[i];
        if (t->len == 0 || t->len > TERM_MAX)
            return tr_error_set(err, t->len ? TR_ELIMIT : TR_EINVAL,
                                "a term of %u bytes (1 to %d allowed)", t->len, TERM_MAX);
        if (i > 0) {
            const gl_term *p = &d->terms[i - 1];
            uint32_t m = p->len < t->len ? p->len : t->len;
            int c = memcmp(p->name, t->name, m);
            if (c > 0 || (c == 0 && p->len >= t->len))
                return tr_error_set(err, TR_EINVAL,
                                    "the terms of a document are not in ascending order");
        }
        for (uint32_t k = 1; k < t->npos; k++)
            if (t->pos[k] <= t->pos[k - 1])
                return tr_error_set(err, TR_EINVAL, "positions not ascending");
    }
    for (size_t i = 1; i < d->nvalues; i++)
        if (d->values[i].slot <= d->values[i - 1].slot)
            return tr_error_set(err, TR_EINVAL, "a document's values are out of order "
                                                "(their slots must ascend)");
    return 0;
}

/* The termlist entry (GlassTermListTable::set_termlist): the length, the count, then
 * each name after what it shares with the one before, its wdf packed with that share
 * into one byte when it fits. */
static void termlist_tag(gl_buf *tag, const gl_doc_in *d, uint64_t doclen)
{
    gl_buf_reset(tag);
    if (d->nterms == 0)
        return;
    gl_pack_uint(tag, doclen);
    gl_pack_uint(tag, d->nterms);
    const gl_term *prev = &d->terms[0];
    gl_buf_byte(tag, (unsigned char)prev->len);
    gl_buf_add(tag, prev->name, prev->len);
    gl_pack_uint(tag, prev->wdf);
    for (size_t i = 1; i < d->nterms; i++) {
        const gl_term *t = &d->terms[i];
        uint32_t reuse = 0, m = prev->len < t->len ? prev->len : t->len;
        while (reuse < m && prev->name[reuse] == t->name[reuse])
            reuse++;
        size_t packed = t->wdf < 127 ? (size_t)(t->wdf + 1) * (prev->len + 1) + reuse : 0;
        if (packed && packed < 256) {
            gl_buf_byte(tag, (unsigned char)packed);
            gl_buf_byte(tag, (unsigned char)(t->len - reuse));
            gl_buf_add(tag, t->name + reuse, t->len - reuse);
        } else {
            gl_buf_byte(tag, (unsigned char)reuse);
            gl_buf_byte(tag, (unsigned char)(t->len - reuse));
            gl_buf_add(tag, t->name + reuse, t->len - reuse);
            gl_pack_uint(tag, t->wdf);
        }
        prev = t;
    }
}

int gl_build_push_item(gl_build *b, gl_buf *key, gl_buf *tag)
{
    gl_item *it = tr_grow(b->items, b->nitems + 1, &b->items_cap, sizeof *it, 64);
    if (!it)
        return -1;
    b->items = it;
    it[b->nitems++] = (gl_item){.key = *key, .tag = *tag};
    memset(key, 0, sizeof *key);
    memset(tag, 0, sizeof *tag);
    return 0;
}

/* One tag of the docs file: kind, docid, compressed, length, the packed tag. */
static int doc_item(gl_build *b, int kind, uint32_t did, const void *tag, size_t len,
                    tr_error *err)
{
    const void *data;
    size_t n;
    int compressed;
    int rc = gl_table_pack(kind == DOC_DATA ? b->docdata : b->termlist, tag, len, &data, &n,
                           &compressed, err);
    if (rc)
        return rc;
    putc_unlocked(kind, b->docs);
    gl_run_put_uint(b->docs, did);
    putc_unlocked(compressed, b->docs);
    gl_run_put_uint(b->docs, n);
    if (n) /* a document without terms has an empty termlist, and no buffer behind it */
        fwrite(data, 1, n, b->docs);
    if (ferror(b->docs))
        return tr_error_set(err, TR_EIO, "writing %s: %s", b->docs_path, strerror(errno));
    return 0;
}

int gl_build_drop(gl_build *b, uint32_t docid, tr_error *err)
{
    if (docid == 0 || docid > b->ndocs)
        return tr_error_set(err, TR_EINVAL, "no document %u to leave out", docid);
    if (gl_build_dropped(b, docid))
        return 0;
    size_t w = docid / 64;
    if (w >= b->dropped_cap) {
        size_t cap = b->dropped_cap;
        uint64_t *d = tr_grow(b->dropped, w + 1, &b->dropped_cap, sizeof *d, 1024);
        if (!d)
            return gl_build_oom(b, err);
        memset(d + cap, 0, (b->dropped_cap - cap) * sizeof *d);
        b->dropped = d;
    }
    b->dropped[w] |= (uint64_t)1 << (docid % 64);
    b->ndropped++;
    return 0;
}

int gl_build_add(gl_build *b, const gl_doc_in *d, uint32_t *docid, tr_error *err)
{
    if (b->failed)
        return tr_error_set(err, TR_EINVAL, "the database being written failed before");
    int rc = check_doc(d, err);
    if (rc)
        return rc;
    if (b->ndocs == UINT32_MAX - 1)
        return tr_error_set(err, TR_ELIMIT, "too many documents for one database");
    uint32_t did = b->ndocs + 1;
    uint64_t doclen = 0;
    for (size_t i = 0; i < d->nterms; i++)
        doclen += d->terms[i].wdf;
    if (doclen > UINT32_MAX)
        return tr_error_set(err, TR_ELIMIT, "a document too long for glass");
    if (b->part.nposts && gl_build_bytes(b) >= b->memory && (rc = gl_run_spill(b, 0, err)))
        return rc;
    /* The postings and positions. */
    gl_part *part = &b->part;
    gl_posting *p = part->posts;
    if (d->nterms) {
        p = tr_grow(part->posts, part->nposts + d->nterms, &part->posts_cap, sizeof *p, 1 << 16);
        if (!p)
            return gl_build_oom(b, err);
        part->posts = p;
    }
    if (term_ids(b, d->terms, d->nterms))
        return gl_build_oom(b, err);
    for (size_t i = 0; i < d->nterms; i++) {
        const gl_term *t = &d->terms[i];
        uint32_t tid = b->ids[i];
        if (t->wdf > b->st.wdf_ubound)
            b->st.wdf_ubound = t->wdf;
        uint32_t at = 0;
        if (t->npos) {
            gl_buf *positions = &part->positions;
            if (positions->len > UINT32_MAX - 64 - 5 * (size_t)t->npos) {
                b->failed = 1;
                return tr_error_set(err, TR_ELIMIT, "positions over 4 GB in memory: give "
                                                    "the builder less memory");
            }
            at = (uint32_t)positions->len;
            gl_buf_reset(&b->tag);
            gl_positions_pack(&b->tag, t->pos, t->npos);
            gl_pack_uint(positions, b->tag.len);
            gl_buf_add(positions, b->tag.p, b->tag.len);
            if (positions->oom || b->tag.oom)
                return gl_build_oom(b, err);
        }
        p[part->nposts++] = (gl_posting){tid, did, t->wdf, at};
    }
    /* The termlist, the slots the values use, the data: packed now, on this thread,
     * written to their tables at the end (gl_merge.c), when the documents left out
     * are known. */
    termlist_tag(&b->tag, d, doclen);
    if (b->tag.oom)
        return gl_build_oom(b, err);
    rc = doc_item(b, DOC_TERMLIST, did, b->tag.p, b->tag.len, err);
    if (rc == 0 && d->nvalues) {
        gl_buf_reset(&b->tag);
        unsigned prev = (unsigned)-1;
        for (size_t i = 0; i < d->nvalues; i++) {
            gl_pack_uint(&b->tag, d->values[i].slot - prev - 1);
            prev = d->values[i].slot;
        }
        rc = b->tag.oom ? gl_build_oom(b, err)
                        : doc_item(b, DOC_SLOTS, did, b->tag.p, b->tag.len, err);
    }
    if (rc == 0 && d->data_len)
        rc = doc_item(b, DOC_DATA, did, d->data, d->data_len, err);
    if (rc == 0)
        rc = gl_values_add(b, did, d->values, d->nvalues, err);
    if (rc) {
        b->failed = 1;
        return rc;
    }
    uint32_t *dl = tr_grow(b->doclens, did, &b->doclens_cap, sizeof *dl, 1 << 14);
    if (!dl)
        return gl_build_oom(b, err);
    b->doclens = dl;
    dl[did - 1] = (uint32_t)doclen;
    b->ndocs = did;
    b->st.doccount++;
    b->st.last_docid = did;
    b->st.total_doclen += doclen;
    if (doclen && (!b->st.doclen_lbound || doclen < b->st.doclen_lbound))
        b->st.doclen_lbound = (uint32_t)doclen;
    if (doclen > b->st.doclen_ubound)
        b->st.doclen_ubound = (uint32_t)doclen;
    if (docid)
        *docid = did;
    return 0;
}

size_t gl_build_bytes(const gl_build *b)
{
    /* What is used, not what is allocated: a part reuses the memory of the one before. */
    const gl_part *p = &b->part;
    return p->nposts * (sizeof *p->posts + sizeof(uint32_t)) /* and the index sort's */ +
           p->positions.len + p->nterms * (sizeof *p->terms + 2 * sizeof *p->table) +
           p->names_len;
}

unsigned gl_build_runs(const gl_build *b)
{
    return b->nruns;
}

int gl_build_set_metadata(gl_build *b, const char *key, const void *value, size_t len,
                          tr_error *err)
{
    size_t klen = strlen(key);
    if (klen == 0 || klen + 2 > 255)
        return tr_error_set(err, TR_EINVAL, "a metadata key of %zu bytes (1 to 253)", klen);
    for (size_t i = 0; i < b->nitems; i++) {
        gl_buf *k = &b->items[i].key;
        if (k->len == klen + 2 && memcmp(k->p, "\0\xc0", 2) == 0 &&
            memcmp(k->p + 2, key, klen) == 0) {
            gl_buf_reset(&b->items[i].tag);
            gl_buf_add(&b->items[i].tag, value, len);
            return b->items[i].tag.oom ? gl_build_oom(b, err) : 0;
        }
    }
    if (len == 0)
        return 0; /* Xapian: an empty value is no entry */
    gl_buf k = {0}, t = {0};
    gl_buf_add(&k, "\0\xc0", 2);
    gl_buf_add(&k, key, klen);
    gl_buf_add(&t, value, len);
    if (k.oom || t.oom || gl_build_push_item(b, &k, &t)) {
        gl_buf_free(&k);
        gl_buf_free(&t);
        return gl_build_oom(b, err);
    }
    return 0;
}

