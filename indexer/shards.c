/* shards: see shards.h.
 *
 * Each shard has a bounded queue of operations and one writer thread that applies
 * them in order to its own xc_wdb, beginning a transaction before the first change
 * after a commit. The caller's thread only routes: it never touches a shard's
 * database while that shard's writer runs. A writer that fails records the first
 * error, drops what it is handed from then on (freeing the documents), and leaves
 * its transaction open, so closing the shard discards it.
 */
#include "shards.h"

#include <dirent.h>
#include <errno.h>
#include <pthread.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "idset.h"
#include "record.h"
#include "tr_hash.h"

/* Documents queued per shard: enough to ride over a commit of the other shards,
 * few enough that built documents (a few hundred KB each in Xapian's maps) stay
 * small beside the writer's own buffers. */
#define QUEUE 32
#define PATH_CAP 4096

typedef enum op_kind { OP_REPLACE, OP_DELETE, OP_META, OP_COMMIT } op_kind;

typedef struct op {
    op_kind kind;
    xc_doc *doc;             /* OP_REPLACE: owned by the op */
    char term[IX_ID_MAX + 8];
    size_t len;
    char *key, *value;       /* OP_META: owned */
    size_t vlen;
    int *deleted;            /* OP_DELETE: the caller's, set before the op is done */
} op;

typedef struct shard {
    struct ix_shards *owner;
    unsigned index;
    xc_wdb *db;
    pthread_t thread;
    int started;
    pthread_mutex_t mu;
    pthread_cond_t can_take, can_put;
    op ring[QUEUE];
    uint64_t head, tail; /* ops done, ops queued; head <= tail <= head + QUEUE */
    int stop;
    int in_txn;          /* writer thread only */
    uint64_t pending;    /* writer thread only: replaces in the open transaction */
    uint64_t committed;  /* under mu */
    int fresh;           /* the shard was empty when opened: `ids` holds what it got */
    ix_idset ids;        /* writer thread only */
} shard;

struct ix_shards {
    unsigned n;
    shard *shards;
    atomic_int failed;
    pthread_mutex_t emu;
    tr_error ferr;       /* the first writer failure, under emu */
};

static void op_clear(op *o)
{
    xc_doc_free(o->doc);
    free(o->key);
    free(o->value);
    memset(o, 0, sizeof *o);
}

int ix_shards_path(char *buf, size_t cap, const char *dir, unsigned i)
{
    int n = snprintf(buf, cap, "%s/shard-%u", dir, i);
    return n < 0 || (size_t)n >= cap ? -1 : 0;
}

/* ---- The stub ------------------------------------------------------------ */

int ix_shards_probe(const char *dir, unsigned *n, tr_error *err)
{
    char path[PATH_CAP];
    *n = 0;
    if (snprintf(path, sizeof path, "%s/%s", dir, IX_SHARDS_STUB) >= (int)sizeof path)
        return tr_error_set(err, TR_EINVAL, "database path too long");
    FILE *f = fopen(path, "r");
    if (!f) {
        struct stat sb;
        /* The stub is written once every shard exists and before any document is
         * queued, so shards without it were killed while being created: they hold
         * no commit, and starting afresh loses nothing. */
        for (unsigned i = 0; i < IX_SHARDS_MAX; i++) {
            if (ix_shards_path(path, sizeof path, dir, i) != 0 || stat(path, &sb) != 0)
                break;
            if (ix_shards_remove_files(path, err))
                return err && err->code ? err->code : TR_EIO;
        }
        return 0;
    }
    char line[128];
    unsigned count = 0;
    int rc = 0;
    while (rc == 0 && fgets(line, sizeof line, f)) {
        char want[64];
        snprintf(want, sizeof want, "auto shard-%u\n", count);
        if (strcmp(line, want) != 0 || ++count > IX_SHARDS_MAX)
            rc = tr_error_set(err, TR_EINVAL,
                              "%s/%s is not a stub written by tracuu-index (line %u)", dir,
                              IX_SHARDS_STUB, count + 1);
    }
    fclose(f);
    if (rc == 0 && count == 0)
        rc = tr_error_set(err, TR_EINVAL, "%s/%s lists no shard", dir, IX_SHARDS_STUB);
    if (rc == 0)
        *n = count;
    return rc;
}

/* Written after every shard exists, and atomically (rename), so that a reader or a
 * later run never sees a stub naming a shard that is not there. */
int ix_shards_write_stub(const char *dir, unsigned n, tr_error *err)
{
    char path[PATH_CAP], tmp[PATH_CAP + 8];
    snprintf(path, sizeof path, "%s/%s", dir, IX_SHARDS_STUB);
    snprintf(tmp, sizeof tmp, "%s.tmp", path);
    if (access(path, F_OK) == 0)
        return 0;
    FILE *f = fopen(tmp, "w");
    if (!f)
        return tr_error_set(err, TR_EIO, "cannot write %s: %s", tmp, strerror(errno));
    for (unsigned i = 0; i < n; i++)
        fprintf(f, "auto shard-%u\n", i);
    int bad = fflush(f) != 0 || fsync(fileno(f)) != 0;
    bad |= fclose(f) != 0;
    if (bad || rename(tmp, path) != 0) {
        int e = errno;
        unlink(tmp);
        return tr_error_set(err, TR_EIO, "cannot write %s: %s", path, strerror(e));
    }
    return 0;
}

unsigned ix_shards_route(const char *idterm, size_t len, unsigned n)
{
    return n ? tr_fnv32(idterm, len) % n : 0;
}

/* ---- Writers ------------------------------------------------------------- */

static void fail(ix_shards *s, const tr_error *e)
{
    pthread_mutex_lock(&s->emu);
    if (!s->ferr.code)
        s->ferr = *e;
    atomic_store(&s->failed, 1);
    pthread_mutex_unlock(&s->emu);
}

static int apply(shard *sh, op *o, tr_error *e)
{
    int rc = 0;
    if (o->kind == OP_COMMIT) {
        if (!sh->in_txn)
            return 0;
        rc = xc_wdb_commit(sh->db, e);
        sh->in_txn = 0;
        if (rc == 0) {
            pthread_mutex_lock(&sh->mu);
            sh->committed += sh->pending;
            pthread_mutex_unlock(&sh->mu);
        }
        sh->pending = 0;
        return rc;
    }
    if (!sh->in_txn) {
        rc = xc_wdb_begin(sh->db, e);
        if (rc)
            return rc;
        sh->in_txn = 1;
    }
    switch (o->kind) {
    case OP_REPLACE:
        /* An id a fresh shard has not been given cannot be in it: adding skips the
         * lookup of its unique term (docs/performance.md). */
        if (sh->fresh && ix_idset_add(&sh->ids, ix_idset_hash(o->term, o->len)) == 1)
            rc = xc_wdb_add(sh->db, o->doc, NULL, e);
        else
            rc = xc_wdb_replace(sh->db, o->term, o->len, o->doc, NULL, e);
        if (rc == 0)
            sh->pending++;
        break;
    case OP_DELETE:
        rc = xc_wdb_delete(sh->db, o->term, o->len, o->deleted, e);
        break;
    case OP_META:
        rc = xc_wdb_set_metadata(sh->db, o->key, o->value, o->vlen, e);
        break;
    case OP_COMMIT:
        break;
    }
    return rc;
}

static void *writer_main(void *arg)
{
    shard *sh = arg;
    ix_shards *s = sh->owner;
    pthread_mutex_lock(&sh->mu);
    for (;;) {
        while (sh->head == sh->tail && !sh->stop)
            pthread_cond_wait(&sh->can_take, &sh->mu);
        if (sh->head == sh->tail)
            break;
        op *o = &sh->ring[sh->head % QUEUE];
        pthread_mutex_unlock(&sh->mu);
        if (!atomic_load(&s->failed)) {
            tr_error e = {0};
            if (apply(sh, o, &e)) {
                /* Name the shard: the Xapian message alone does not say which. */
                tr_error named = {0};
                tr_error_set(&named, e.code, "shard-%u: %s", sh->index, e.message);
                fail(s, &named);
            }
        }
        op_clear(o);
        pthread_mutex_lock(&sh->mu);
        sh->head++;
        pthread_cond_broadcast(&sh->can_put);
    }
    pthread_mutex_unlock(&sh->mu);
    return NULL;
}

static int first_failure(ix_shards *s, tr_error *err)
{
    if (!atomic_load(&s->failed))
        return 0;
    pthread_mutex_lock(&s->emu);
    tr_error e = s->ferr;
    pthread_mutex_unlock(&s->emu);
    return tr_error_set(err, e.code ? e.code : TR_EXAPIAN, "%s", e.message);
}

/* Queues *o on shard i (taking over what it owns) and, when `sync`, waits until the
 * shard has done it. */
static int push(ix_shards *s, unsigned i, op *o, int sync, tr_error *err)
{
    shard *sh = &s->shards[i];
    int rc = first_failure(s, err);
    if (rc) {
        op_clear(o);
        return rc;
    }
    pthread_mutex_lock(&sh->mu);
    while (sh->tail - sh->head == QUEUE)
        pthread_cond_wait(&sh->can_put, &sh->mu);
    sh->ring[sh->tail % QUEUE] = *o;
    uint64_t mine = ++sh->tail;
    pthread_cond_signal(&sh->can_take);
    while (sync && sh->head < mine)
        pthread_cond_wait(&sh->can_put, &sh->mu);
    pthread_mutex_unlock(&sh->mu);
    memset(o, 0, sizeof *o);
    return sync ? first_failure(s, err) : 0;
}

/* ---- The handle ---------------------------------------------------------- */

ix_shards *ix_shards_open(const char *dir, unsigned n, tr_error *err)
{
    if (n < 1 || n > IX_SHARDS_MAX) {
        tr_error_set(err, TR_EINVAL, "the shard count must be from 1 to %d", IX_SHARDS_MAX);
        return NULL;
    }
    if (mkdir(dir, 0777) != 0 && errno != EEXIST) {
        tr_error_set(err, TR_EIO, "cannot create %s: %s", dir, strerror(errno));
        return NULL;
    }
    ix_shards *s = calloc(1, sizeof *s);
    shard *shards = calloc(n, sizeof *shards);
    if (!s || !shards) {
        free(s);
        free(shards);
        tr_error_set(err, TR_ENOMEM, "out of memory");
        return NULL;
    }
    s->n = n;
    s->shards = shards;
    pthread_mutex_init(&s->emu, NULL);
    int rc = 0;
    for (unsigned i = 0; i < n; i++) {
        shard *sh = &shards[i];
        sh->owner = s;
        sh->index = i;
        pthread_mutex_init(&sh->mu, NULL);
        pthread_cond_init(&sh->can_take, NULL);
        pthread_cond_init(&sh->can_put, NULL);
    }
    for (unsigned i = 0; rc == 0 && i < n; i++) {
        char path[PATH_CAP];
        if (ix_shards_path(path, sizeof path, dir, i) != 0) {
            rc = tr_error_set(err, TR_EINVAL, "database path too long");
            break;
        }
        uint64_t docs = 0;
        shards[i].db = xc_wdb_open(path, XC_CREATE_OR_OPEN, err);
        if (!shards[i].db || xc_wdb_doccount(shards[i].db, &docs, err) != 0)
            rc = err && err->code ? err->code : TR_EXAPIAN;
        shards[i].fresh = docs == 0;
    }
    if (rc == 0)
        rc = ix_shards_write_stub(dir, n, err);
    for (unsigned i = 0; rc == 0 && i < n; i++) {
        if (pthread_create(&shards[i].thread, NULL, writer_main, &shards[i]) != 0)
            rc = tr_error_set(err, TR_ENOMEM, "cannot start a writer thread");
        else
            shards[i].started = 1;
    }
    if (rc) {
        ix_shards_free(s);
        return NULL;
    }
    return s;
}

unsigned ix_shards_count(const ix_shards *s)
{
    return s ? s->n : 0;
}

int ix_shards_replace(ix_shards *s, const char *idterm, size_t len, xc_doc *doc,
                      tr_error *err)
{
    op o = {.kind = OP_REPLACE, .doc = doc, .len = len};
    if (len > sizeof o.term) {
        op_clear(&o);
        return tr_error_set(err, TR_EINVAL, "id too long");
    }
    memcpy(o.term, idterm, len);
    return push(s, ix_shards_route(idterm, len, s->n), &o, 0, err);
}

int ix_shards_delete(ix_shards *s, const char *idterm, size_t len, int *deleted,
                     tr_error *err)
{
    *deleted = 0;
    op o = {.kind = OP_DELETE, .len = len, .deleted = deleted};
    if (len > sizeof o.term)
        return tr_error_set(err, TR_EINVAL, "id too long");
    memcpy(o.term, idterm, len);
    return push(s, ix_shards_route(idterm, len, s->n), &o, 1, err);
}

int ix_shards_set_metadata(ix_shards *s, const char *key, const char *value, size_t len,
                           tr_error *err)
{
    int rc = 0;
    for (unsigned i = 0; rc == 0 && i < s->n; i++) {
        op o = {.kind = OP_META, .key = strdup(key), .value = malloc(len + 1), .vlen = len};
        if (!o.key || !o.value) {
            op_clear(&o);
            return tr_error_set(err, TR_ENOMEM, "out of memory");
        }
        memcpy(o.value, value, len);
        rc = push(s, i, &o, 0, err);
    }
    return rc;
}

int ix_shards_commit(ix_shards *s, tr_error *err)
{
    int rc = 0;
    for (unsigned i = 0; rc == 0 && i < s->n; i++) {
        op o = {.kind = OP_COMMIT};
        rc = push(s, i, &o, 0, err);
    }
    return rc;
}

int ix_shards_wait(ix_shards *s, tr_error *err)
{
    for (unsigned i = 0; i < s->n; i++) {
        shard *sh = &s->shards[i];
        pthread_mutex_lock(&sh->mu);
        while (sh->head < sh->tail)
            pthread_cond_wait(&sh->can_put, &sh->mu);
        pthread_mutex_unlock(&sh->mu);
    }
    return first_failure(s, err);
}

uint64_t ix_shards_committed(ix_shards *s)
{
    uint64_t total = 0;
    for (unsigned i = 0; i < s->n; i++) {
        pthread_mutex_lock(&s->shards[i].mu);
        total += s->shards[i].committed;
        pthread_mutex_unlock(&s->shards[i].mu);
    }
    return total;
}

int ix_shards_doccount(ix_shards *s, uint64_t *out, tr_error *err)
{
    *out = 0;
    for (unsigned i = 0; i < s->n; i++) {
        uint64_t c;
        /* The writers are idle after ix_shards_wait(): reading from here is safe. */
        int rc = xc_wdb_doccount(s->shards[i].db, &c, err);
        if (rc)
            return rc;
        *out += c;
    }
    return 0;
}

void ix_shards_free(ix_shards *s)
{
    if (!s)
        return;
    for (unsigned i = 0; i < s->n; i++) {
        shard *sh = &s->shards[i];
        if (!sh->started)
            continue;
        pthread_mutex_lock(&sh->mu);
        sh->stop = 1;
        pthread_cond_signal(&sh->can_take);
        pthread_mutex_unlock(&sh->mu);
        pthread_join(sh->thread, NULL);
    }
    for (unsigned i = 0; i < s->n; i++) {
        shard *sh = &s->shards[i];
        xc_wdb_free(sh->db); /* discards an uncommitted transaction */
        ix_idset_clear(&sh->ids);
        pthread_mutex_destroy(&sh->mu);
        pthread_cond_destroy(&sh->can_take);
        pthread_cond_destroy(&sh->can_put);
    }
    pthread_mutex_destroy(&s->emu);
    free(s->shards);
    free(s);
}

/* ---- Merging ------------------------------------------------------------- */

/* Empties and removes `dir`: its plain files and, when `folders`, its folders of plain
 * files; anything else fails it. Absent is fine. */
static int remove_entries(const char *dir, int folders, tr_error *err)
{
    DIR *d = opendir(dir);
    if (!d)
        return errno == ENOENT ? 0 : tr_error_set(err, TR_EIO, "cannot read %s: %s", dir,
                                                  strerror(errno));
    int rc = 0;
    struct dirent *e;
    while (rc == 0 && (e = readdir(d))) {
        if (strcmp(e->d_name, ".") == 0 || strcmp(e->d_name, "..") == 0)
            continue;
        char path[PATH_CAP];
        struct stat sb;
        if (snprintf(path, sizeof path, "%s/%s", dir, e->d_name) >= (int)sizeof path)
            rc = tr_error_set(err, TR_EINVAL, "database path too long");
        else if (folders && lstat(path, &sb) == 0 && S_ISDIR(sb.st_mode))
            rc = remove_entries(path, 0, err);
        else if (unlink(path) != 0)
            rc = tr_error_set(err, TR_EIO, "cannot remove %s: %s", path, strerror(errno));
    }
    closedir(d);
    if (rc == 0 && rmdir(dir) != 0)
        rc = tr_error_set(err, TR_EIO, "cannot remove %s: %s", dir, strerror(errno));
    return rc;
}

int ix_shards_remove_files(const char *dir, tr_error *err)
{
    return remove_entries(dir, 0, err);
}

int ix_shards_remove_tree(const char *dir, tr_error *err)
{
    return remove_entries(dir, 1, err);
}

int ix_shards_remove(const char *dir, unsigned n, tr_error *err)
{
    int rc = 0;
    for (unsigned i = 0; rc == 0 && i < n; i++) {
        char path[PATH_CAP];
        if (ix_shards_path(path, sizeof path, dir, i) != 0)
            return tr_error_set(err, TR_EINVAL, "database path too long");
        rc = ix_shards_remove_files(path, err);
    }
    char stub[PATH_CAP];
    snprintf(stub, sizeof stub, "%s/%s", dir, IX_SHARDS_STUB);
    if (rc == 0 && unlink(stub) != 0 && errno != ENOENT)
        rc = tr_error_set(err, TR_EIO, "cannot remove %s: %s", stub, strerror(errno));
    if (rc == 0 && rmdir(dir) != 0)
        rc = tr_error_set(err, TR_EIO, "cannot remove %s: %s", dir, strerror(errno));
    return rc;
}
