/* bulk: see bulk.h. */
#include "bulk.h"

#include <errno.h>
#include <fcntl.h>
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

struct ix_bulk {
    char *dir, *build, *merge;   /* DIR, DIR.build (the runs), DIR.merge (the database) */
    char *lock;                  /* DIR.build.lock, held (flock) for the whole run */
    int lock_fd;
    gl_build *db;
    ix_idmap ids;                /* unique term -> docid */
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
    rc = ix_shards_remove_tree(b->build, err); /* runs: plain files */
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
    b->db = gl_build_open(b->merge, b->build, memory ? memory : IX_BULK_MEMORY_DEFAULT, err);
    if (!b->db) {
        ix_bulk_free(b);
        return NULL;
    }
    return b;
}

int ix_bulk_set_metadata(ix_bulk *b, const char *key, const char *value, size_t len,
                         tr_error *err)
{
    return gl_build_set_metadata(b->db, key, value, len, err);
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
    gl_doc_in in;
    uint32_t did = 0, previous = 0;
    int rc = convert(b, doc, &in, err);
    if (rc == 0)
        rc = gl_build_add(b->db, &in, &did, err);
    if (rc)
        return rc;
    int fresh = ix_idmap_put(&b->ids, idterm, len, did, &previous);
    if (fresh < 0)
        return tr_error_set(err, TR_ENOMEM, "out of memory");
    /* The record this one replaces is left out of the database when it is written. */
    return fresh ? 0 : gl_build_drop(b->db, previous, err);
}

uint64_t ix_bulk_count(const ix_bulk *b)
{
    return b ? ix_idmap_count(&b->ids) : 0;
}

int ix_bulk_finish(ix_bulk *b, tr_error *err)
{
    int rc = gl_build_finish(b->db, err);
    gl_build_free(b->db); /* its files closed before DIR.merge is opened or moved */
    b->db = NULL;
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
    gl_build_free(b->db);
    if (b->build)
        ix_shards_remove_tree(b->build, NULL);
    if (b->merge && !b->finished)
        ix_shards_remove_files(b->merge, NULL);
    ix_idmap_clear(&b->ids);
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
