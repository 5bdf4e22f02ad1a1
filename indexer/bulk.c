/* bulk: see bulk.h. */
#include "bulk.h"

#include <errno.h>
#include <fcntl.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <unistd.h>

#include "gl_build.h"
#include "idmap.h"
#include "shards.h"
#include "tr_grow.h"

#define PATH_CAP 4096
#define SEGMENTS_MAX 4096

typedef struct meta {
    char *key, *value;
    size_t len;
} meta;

struct ix_bulk {
    char *dir, *build, *merge;   /* DIR, DIR.build, DIR.merge */
    char *lock;                  /* DIR.build.lock, held (flock) for the whole run */
    int lock_fd;
    size_t memory;
    gl_build *seg;               /* the segment being written, NULL between two */
    unsigned nseg;               /* segments begun */
    uint32_t offset;             /* docids of the segments before this one */
    uint32_t in_seg;             /* documents in this one */
    ix_idmap ids;                /* unique term -> docid in the merged database */
    uint32_t *stale;             /* docids replaced by a later record */
    size_t nstale, stale_cap;
    meta *meta;
    size_t nmeta, meta_cap;
    /* The segment before, being finished on a thread of its own while documents go
     * into the next: finishing (sorting, writing the postings) is a serial stretch
     * that would otherwise leave the analysis threads waiting. */
    pthread_t finisher;
    int finishing;
    gl_build *done;              /* what the finisher writes */
    int done_rc;
    tr_error done_err;
    gl_term *terms;              /* the document being added, as gl_build takes it */
    size_t terms_cap;
    gl_value *values;
    size_t values_cap;
    int finished;
};

static char *suffixed(const char *dir, const char *suffix)
{
    size_t a = strlen(dir), b = strlen(suffix);
    char *s = malloc(a + b + 1);
    if (s) {
        memcpy(s, dir, a);
        memcpy(s + a, suffix, b + 1);
    }
    return s;
}

static void seg_path(char *buf, size_t cap, const ix_bulk *b, unsigned k)
{
    snprintf(buf, cap, "%s/seg-%u", b->build, k);
}

ix_bulk *ix_bulk_open(const char *dir, size_t memory, tr_error *err)
{
    ix_bulk *b = calloc(1, sizeof *b);
    if (b)
        b->lock_fd = -1;
    if (!b || !(b->dir = suffixed(dir, "")) || !(b->build = suffixed(dir, ".build")) ||
        !(b->merge = suffixed(dir, ".merge")) || !(b->lock = suffixed(dir, ".build.lock"))) {
        ix_bulk_free(b);
        tr_error_set(err, TR_ENOMEM, "out of memory");
        return NULL;
    }
    b->memory = memory ? memory : IX_BULK_MEMORY_DEFAULT;
    /* Xapian's lock guarded a database being written; DIR.build is ours, so is its lock:
     * a second first run into the same folder must not clear the first one's work. */
    int rc = 0;
    b->lock_fd = open(b->lock, O_RDWR | O_CREAT | O_CLOEXEC, 0644);
    if (b->lock_fd < 0)
        rc = tr_error_set(err, TR_EIO, "cannot create %s: %s", b->lock, strerror(errno));
    else if (flock(b->lock_fd, LOCK_EX | LOCK_NB) != 0)
        rc = tr_error_set(err, errno == EWOULDBLOCK ? TR_EUNAVAILABLE : TR_EIO,
                          "another tracuu-index is building %s (%s is locked)", dir, b->lock);
    if (rc) {
        if (b->lock_fd >= 0)
            close(b->lock_fd);
        b->lock_fd = -1;
        free(b->build); /* another run's, or none */
        b->build = NULL;
        free(b->merge);
        b->merge = NULL;
        ix_bulk_free(b);
        return NULL;
    }
    /* What a killed run left holds nothing the inputs do not: start again. */
    rc = ix_shards_remove_tree(b->build, err); /* segments: folders of plain files */
    if (rc == 0)
        rc = ix_shards_remove_files(b->merge, err);
    if (rc == 0 && mkdir(b->build, 0777) != 0)
        rc = tr_error_set(err, TR_EIO, "cannot create %s: %s", b->build, strerror(errno));
    if (rc) {
        free(b->build); /* not ours to remove when it could not be made */
        b->build = NULL;
        ix_bulk_free(b);
        return NULL;
    }
    return b;
}

static int begin_segment(ix_bulk *b, tr_error *err)
{
    if (b->nseg == SEGMENTS_MAX)
        return tr_error_set(err, TR_ELIMIT, "more than %d segments: give more memory",
                            SEGMENTS_MAX);
    char path[PATH_CAP];
    seg_path(path, sizeof path, b, b->nseg);
    b->seg = gl_build_open(path, err);
    if (!b->seg)
        return err && err->code ? err->code : TR_EIO;
    b->nseg++;
    b->in_seg = 0;
    int rc = 0;
    for (size_t i = 0; rc == 0 && i < b->nmeta; i++)
        rc = gl_build_set_metadata(b->seg, b->meta[i].key, b->meta[i].value, b->meta[i].len,
                                   err);
    return rc;
}

static void *finish_main(void *arg)
{
    ix_bulk *b = arg;
    b->done_rc = gl_build_finish(b->done, &b->done_err);
    gl_build_free(b->done);
    b->done = NULL;
    return NULL;
}

/* Waits for the segment being finished, if one is; its failure is this call's. */
static int wait_finisher(ix_bulk *b, tr_error *err)
{
    if (!b->finishing)
        return 0;
    pthread_join(b->finisher, NULL);
    b->finishing = 0;
    if (b->done_rc)
        return tr_error_set(err, b->done_rc, "%s", b->done_err.message);
    return 0;
}

/* Ends the segment being written: on the finisher's thread, or on this one when it
 * is the last (`wait`) or no thread can be started. */
static int end_segment(ix_bulk *b, int wait, tr_error *err)
{
    int rc = wait_finisher(b, err);
    if (rc)
        return rc;
    b->offset += b->in_seg;
    b->done = b->seg;
    b->seg = NULL;
    b->done_rc = 0;
    memset(&b->done_err, 0, sizeof b->done_err);
    if (!wait && pthread_create(&b->finisher, NULL, finish_main, b) == 0) {
        b->finishing = 1;
        return 0;
    }
    finish_main(b);
    return b->done_rc ? tr_error_set(err, b->done_rc, "%s", b->done_err.message) : 0;
}

int ix_bulk_set_metadata(ix_bulk *b, const char *key, const char *value, size_t len,
                         tr_error *err)
{
    meta *m = tr_grow(b->meta, b->nmeta + 1, &b->meta_cap, sizeof *m, 4);
    if (!m)
        return tr_error_set(err, TR_ENOMEM, "out of memory");
    b->meta = m;
    m[b->nmeta] = (meta){.key = strdup(key), .value = malloc(len + 1), .len = len};
    if (!m[b->nmeta].key || !m[b->nmeta].value) {
        free(m[b->nmeta].key);
        free(m[b->nmeta].value);
        return tr_error_set(err, TR_ENOMEM, "out of memory");
    }
    memcpy(m[b->nmeta].value, value, len);
    b->nmeta++;
    return b->seg ? gl_build_set_metadata(b->seg, key, value, len, err) : 0;
}

/* The document as gl_build takes it, in b's buffers. */
static int convert(ix_bulk *b, xc_doc *doc, gl_doc_in *in, tr_error *err)
{
    const xc_doc_term *t;
    size_t n;
    int rc = xc_doc_sorted(doc, &t, &n, err);
    if (rc)
        return rc;
    gl_term *terms = tr_grow(b->terms, n ? n : 1, &b->terms_cap, sizeof *terms, 1024);
    size_t nv = xc_doc_value_count(doc);
    gl_value *values = terms ? tr_grow(b->values, nv ? nv : 1, &b->values_cap, sizeof *values, 16)
                             : NULL;
    if (terms)
        b->terms = terms;
    if (!values)
        return tr_error_set(err, TR_ENOMEM, "out of memory");
    b->values = values;
    for (size_t i = 0; i < n; i++)
        terms[i] = (gl_term){.name = t[i].name, .len = t[i].len, .wdf = t[i].wdf,
                             .pos = t[i].pos, .npos = t[i].npos};
    for (size_t i = 0; i < nv; i++)
        xc_doc_value_at(doc, i, &values[i].slot, &values[i].data, &values[i].len);
    *in = (gl_doc_in){.terms = terms, .nterms = n, .values = values, .nvalues = nv};
    in->data = xc_doc_data(doc, &in->data_len);
    return 0;
}

int ix_bulk_add(ix_bulk *b, const char *idterm, size_t len, xc_doc *doc, tr_error *err)
{
    int rc = 0;
    if (b->seg && gl_build_bytes(b->seg) >= b->memory)
        rc = end_segment(b, 0, err);
    if (rc == 0 && !b->seg)
        rc = begin_segment(b, err);
    gl_doc_in in;
    uint32_t local = 0, previous = 0;
    if (rc == 0)
        rc = convert(b, doc, &in, err);
    if (rc == 0)
        rc = gl_build_add(b->seg, &in, &local, err);
    if (rc)
        return rc;
    b->in_seg = local;
    int fresh = ix_idmap_put(&b->ids, idterm, len, b->offset + local, &previous);
    if (fresh < 0)
        return tr_error_set(err, TR_ENOMEM, "out of memory");
    if (fresh == 0) {
        uint32_t *s = tr_grow(b->stale, b->nstale + 1, &b->stale_cap, sizeof *s, 256);
        if (!s)
            return tr_error_set(err, TR_ENOMEM, "out of memory");
        b->stale = s;
        s[b->nstale++] = previous;
    }
    return 0;
}

uint64_t ix_bulk_count(const ix_bulk *b)
{
    return b ? ix_idmap_count(&b->ids) : 0;
}

/* The replaced documents, deleted from the merged database in one commit. */
static int delete_stale(ix_bulk *b, tr_error *err)
{
    if (b->nstale == 0)
        return 0;
    xc_wdb *w = xc_wdb_open(b->merge, XC_OPEN, err);
    if (!w)
        return err && err->code ? err->code : TR_EXAPIAN;
    int rc = 0;
    for (size_t i = 0; rc == 0 && i < b->nstale; i++)
        rc = xc_wdb_delete_docid(w, b->stale[i], err);
    if (rc == 0)
        rc = xc_wdb_commit(w, err);
    xc_wdb_free(w);
    return rc;
}

int ix_bulk_finish(ix_bulk *b, tr_error *err)
{
    int rc = 0;
    if (!b->seg && b->nseg == 0)
        rc = begin_segment(b, err); /* no document: still a database */
    if (rc == 0 && b->seg)
        rc = end_segment(b, 1, err);
    if (rc == 0)
        rc = wait_finisher(b, err);
    char path[PATH_CAP];
    if (rc == 0 && b->nseg == 1) {
        seg_path(path, sizeof path, b, 0);
        if (rename(path, b->merge) != 0)
            rc = tr_error_set(err, TR_EIO, "cannot rename %s to %s: %s", path, b->merge,
                              strerror(errno));
    } else if (rc == 0) {
        char(*paths)[PATH_CAP] = malloc(b->nseg * sizeof *paths);
        const char **srcs = malloc(b->nseg * sizeof *srcs);
        if (!paths || !srcs)
            rc = tr_error_set(err, TR_ENOMEM, "out of memory");
        for (unsigned k = 0; rc == 0 && k < b->nseg; k++) {
            seg_path(paths[k], sizeof paths[k], b, k);
            srcs[k] = paths[k];
        }
        if (rc == 0)
            rc = xc_compact(srcs, b->nseg, b->merge, 0, err);
        free(paths);
        free(srcs);
    }
    if (rc == 0)
        rc = delete_stale(b, err);
    if (rc == 0 && rmdir(b->dir) != 0 && errno != ENOENT)
        rc = tr_error_set(err, TR_EIO, "%s is in the way of the new database: %s", b->dir,
                          strerror(errno));
    if (rc == 0 && rename(b->merge, b->dir) != 0)
        rc = tr_error_set(err, TR_EIO, "cannot rename %s to %s: %s", b->merge, b->dir,
                          strerror(errno));
    if (rc == 0)
        b->finished = 1;
    return rc;
}

void ix_bulk_free(ix_bulk *b)
{
    if (!b)
        return;
    wait_finisher(b, NULL);
    if (b->seg)
        gl_build_free(b->seg);
    if (b->build)
        ix_shards_remove_tree(b->build, NULL);
    if (b->merge && !b->finished)
        ix_shards_remove_files(b->merge, NULL);
    for (size_t i = 0; i < b->nmeta; i++) {
        free(b->meta[i].key);
        free(b->meta[i].value);
    }
    free(b->meta);
    ix_idmap_clear(&b->ids);
    free(b->stale);
    free(b->terms);
    free(b->values);
    if (b->lock_fd >= 0) {
        unlink(b->lock); /* still held: a run waiting on it fails, none is left behind */
        close(b->lock_fd);
    }
    char *paths[] = {b->lock, b->dir, b->build, b->merge};
    for (size_t i = 0; i < sizeof paths / sizeof *paths; i++)
        free(paths[i]);
    free(b);
}
