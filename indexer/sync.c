/* sync: see sync.h.
 *
 * The plan is made before the database is opened for writing: walk the folder,
 * list the documents the index has of it (one term prefix), compare, then hand
 * ix_run() the files to index and the ids to delete. Reading the index state goes
 * through a read-only handle, so a sync that finds nothing to do writes nothing
 * but the run's schema transaction.
 */
#include "sync.h"

#include <errno.h>
#include <fcntl.h>
#include <inttypes.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "document.h"
#include "tr_grow.h"
#include "vn_terms.h"
#include "xc.h"

#define KEY_HEX 16
#define HASH_CHUNK ((size_t)1 << 16)

uint64_t ix_hash_update(uint64_t h, const void *data, size_t len)
{
    const unsigned char *b = data;
    for (size_t i = 0; i < len; i++) {
        h ^= b[i];
        h *= 0x100000001b3ull;
    }
    return h;
}

int ix_hash_file(const char *path, uint64_t *out, tr_error *err)
{
    int fd = open(path, O_RDONLY | O_CLOEXEC);
    if (fd < 0)
        return tr_error_set(err, TR_EIO, "cannot read %s: %s", path, strerror(errno));
    unsigned char *buf = malloc(HASH_CHUNK);
    if (!buf) {
        close(fd);
        return tr_error_set(err, TR_ENOMEM, "out of memory reading %s", path);
    }
    uint64_t h = IX_HASH_INIT;
    int rc = 0;
    for (;;) {
        ssize_t n = read(fd, buf, HASH_CHUNK);
        if (n < 0 && errno == EINTR)
            continue;
        if (n < 0) {
            rc = tr_error_set(err, TR_EIO, "cannot read %s: %s", path, strerror(errno));
            break;
        }
        if (n == 0)
            break;
        h = ix_hash_update(h, buf, (size_t)n);
    }
    free(buf);
    close(fd);
    if (rc == 0)
        *out = h;
    return rc;
}

/* What, besides its bytes, makes a file's document what it is: a change of the
 * folder's .tracuu, of --type (for files that fall back on it) or of --ocr must
 * bring the document up to date as a change of the file would. */
static size_t settings(char *buf, size_t cap, const ix_input *in, const char *default_type,
                       const char *default_access, int ocr)
{
    /* A public file adds nothing, so the states written before access levels still
     * compare equal. */
    const char *access = ix_folder_access(&in->folder, default_access);
    int pub = strcmp(access, VN_ACCESS_PUBLIC) == 0;
    int n = snprintf(buf, cap, "%s%s%s%s%s%s%s", in->folder.type[0] ? "=" : "~",
                     in->folder.type[0] ? in->folder.type : default_type,
                     in->folder.date[0] ? "@" : "", in->folder.date, ocr ? "+ocr" : "",
                     pub ? "" : "!", pub ? "" : access);
    return n < 0 || (size_t)n >= cap ? 0 : (size_t)n;
}

size_t ix_sync_state(char *buf, size_t cap, const ix_input *in, uint64_t hash,
                     const char *default_type, const char *default_access, int ocr)
{
    char set[IX_TYPE_MAX * 2 + IX_ACCESS_MAX + 32];
    if (!settings(set, sizeof set, in, default_type, default_access, ocr))
        return 0;
    int n = snprintf(buf, cap, "%" PRIu64 " %" PRId64 " %016" PRIx64 " %s", in->size, in->mtime,
                     hash, set);
    return n < 0 || (size_t)n >= cap ? 0 : (size_t)n;
}

/* ---- what the index holds of the folder ---- */

typedef struct known {
    char *id;
    int seen;
} known;

typedef struct listing {
    known *v;
    size_t n, cap;
    size_t prefix_len;
    int failed;
} listing;

static int list_term(void *ctx, const char *term, size_t len, uint64_t termfreq)
{
    (void)termfreq;
    listing *l = ctx;
    known *nv = tr_grow(l->v, l->n + 1, &l->cap, sizeof *l->v, 256);
    if (!nv)
        return l->failed = 1;
    l->v = nv;
    size_t n = len - l->prefix_len;
    char *id = malloc(n + 1);
    if (!id)
        return l->failed = 1;
    memcpy(id, term + l->prefix_len, n);
    id[n] = '\0';
    l->v[l->n++] = (known){id, 0};
    return 0;
}

static void listing_free(listing *l)
{
    for (size_t i = 0; i < l->n; i++)
        free(l->v[i].id);
    free(l->v);
}

static int cmp_known(const void *key, const void *elem)
{
    return strcmp(key, ((const known *)elem)->id);
}

/* The stored state of document `id`; "" when it has none (indexed before it was
 * synced, or by another command). */
static int stored_state(xc_db *db, const char *id, char *out, size_t cap, tr_error *err)
{
    char term[IX_ID_MAX + 8];
    size_t len = ix_document_idterm(term, sizeof term, id, strlen(id));
    xc_docid docid;
    out[0] = '\0';
    int rc = len ? xc_db_find(db, term, len, &docid, err) : TR_ENOTFOUND;
    if (rc == TR_ENOTFOUND)
        return 0;
    char *value = NULL;
    size_t vlen = 0;
    if (rc == 0)
        rc = xc_db_value(db, docid, VN_SLOT_SYNC_STATE, &value, &vlen, err);
    if (rc == 0 && vlen < cap) {
        memcpy(out, value, vlen);
        out[vlen] = '\0';
    }
    free(value);
    return rc;
}

/* ---- the plan ---- */

typedef struct plan {
    ix_inputs todo;              /* files to index, with their sync terms */
    const char **deletes;        /* ids to delete: --delete's, then the gone files' */
    size_t n_deletes;
    uint64_t added, changed, unchanged, gone;
} plan;

/* Moves input `in` to the plan's list, naming it by its term. */
static int take(plan *pl, ix_input *in, const char *prefix, tr_error *err)
{
    ix_input *nv = tr_grow(pl->todo.v, pl->todo.n + 1, &pl->todo.cap, sizeof *nv, 64);
    if (!nv)
        return tr_error_set(err, TR_ENOMEM, "out of memory planning the sync");
    pl->todo.v = nv;
    size_t plen = strlen(prefix), ilen = strlen(in->id);
    char *term = malloc(plen + ilen + 1);
    if (!term)
        return tr_error_set(err, TR_ENOMEM, "out of memory planning the sync");
    memcpy(term, prefix, plen);
    memcpy(term + plen, in->id, ilen + 1);
    in->sync_term = term;
    pl->todo.v[pl->todo.n++] = *in;
    memset(in, 0, sizeof *in); /* owned by the plan now */
    return 0;
}

/* 1 when the file is as the document's state says: same size, settings and time,
 * or the same bytes when only the time moved. */
static int unchanged(const ix_input *in, const char *state, const ix_options *opt)
{
    uint64_t size, hash;
    int64_t mtime;
    int used = 0;
    if (sscanf(state, "%" SCNu64 " %" SCNd64 " %" SCNx64 " %n", &size, &mtime, &hash, &used) <
            3 ||
        used == 0)
        return 0;
    char want[IX_TYPE_MAX * 2 + IX_ACCESS_MAX + 32];
    if (!settings(want, sizeof want, in, opt->type, opt->access, opt->ocr) ||
        strcmp(state + used, want) != 0 || size != in->size)
        return 0;
    if (mtime == in->mtime)
        return 1;
    uint64_t now;
    return ix_hash_file(in->path, &now, NULL) == 0 && now == hash;
}

/* The documents of what the walk passed over (walk.h: a folder or a file that could
 * not be read) are not gone: they are kept as they are until it can be read again.
 * `root_len` is the length of the folder as given, with its '/', that ids follow. */
static void keep_skipped(listing *l, const ix_inputs *all, size_t root_len)
{
    for (size_t s = 0; s < all->nskips; s++) {
        const char *path = all->skips[s].path;
        if (!all->skips[s].unreadable || strlen(path) <= root_len)
            continue;
        const char *rel = path + root_len;
        size_t n = strlen(rel);
        for (size_t i = 0; i < l->n; i++)
            if (strncmp(l->v[i].id, rel, n) == 0 &&
                (l->v[i].id[n] == '\0' || l->v[i].id[n] == '/'))
                l->v[i].seen = 1;
    }
}

static int make_plan(const ix_options *opt, const char *prefix, size_t root_len,
                     ix_inputs *all, plan *pl, FILE *log, tr_error *err)
{
    listing l = {.prefix_len = strlen(prefix)};
    xc_db *db = xc_db_open(opt->db, err);
    int rc = 0;
    if (!db && err->code != TR_ENOTFOUND)
        return err->code ? err->code : TR_EXAPIAN;
    tr_error_clear(err);
    if (db) {
        rc = xc_db_allterms(db, prefix, l.prefix_len, list_term, &l, err);
        if (rc == 0 && l.failed)
            rc = tr_error_set(err, TR_ENOMEM, "out of memory listing the index");
    }
    for (size_t i = 0; rc == 0 && i < all->n; i++) {
        ix_input *in = &all->v[i];
        if (in->kind == IX_INPUT_JSONL) {
            fprintf(log, "tracuu-index: sync: %s: JSON Lines are not synced (index it by name)\n",
                    in->path);
            continue;
        }
        known *k = l.n ? bsearch(in->id, l.v, l.n, sizeof *l.v, cmp_known) : NULL;
        char state[128] = "";
        if (k) {
            k->seen = 1;
            rc = stored_state(db, in->id, state, sizeof state, err);
        }
        if (rc == 0 && k && unchanged(in, state, opt)) {
            pl->unchanged++;
        } else if (rc == 0) {
            if (k)
                pl->changed++;
            else
                pl->added++;
            rc = take(pl, in, prefix, err);
        }
    }
    keep_skipped(&l, all, root_len);
    size_t n_gone = 0;
    for (size_t i = 0; i < l.n; i++)
        n_gone += !l.v[i].seen;
    if (rc == 0 && !(pl->deletes = calloc(opt->n_deletes + n_gone + 1, sizeof *pl->deletes)))
        rc = tr_error_set(err, TR_ENOMEM, "out of memory planning the sync");
    for (size_t i = 0; rc == 0 && i < opt->n_deletes; i++)
        pl->deletes[pl->n_deletes++] = opt->deletes[i];
    for (size_t i = 0; rc == 0 && i < l.n; i++)
        if (!l.v[i].seen) {
            pl->deletes[pl->n_deletes++] = l.v[i].id; /* the listing's string, kept */
            l.v[i].id = NULL;
            pl->gone++;
        }
    listing_free(&l);
    xc_db_free(db);
    return rc;
}

static void plan_free(plan *pl, size_t n_opt_deletes)
{
    ix_inputs_clear(&pl->todo);
    for (size_t i = n_opt_deletes; pl->deletes && i < pl->n_deletes; i++)
        free((char *)pl->deletes[i]);
    free(pl->deletes);
}

/* The folder's key: the hash of its real path, so that "docs", "./docs/" and
 * "/srv/docs" are one folder. */
static int folder_prefix(const char *folder, char *out, size_t cap, tr_error *err)
{
    struct stat st;
    if (stat(folder, &st) != 0)
        return tr_error_set(err, TR_EIO, "cannot open %s: %s", folder, strerror(errno));
    if (!S_ISDIR(st.st_mode))
        return tr_error_set(err, TR_EINVAL, "--sync %s: not a folder", folder);
    char *real = realpath(folder, NULL);
    if (!real)
        return tr_error_set(err, TR_EIO, "cannot open %s: %s", folder, strerror(errno));
    uint64_t key = ix_hash_update(IX_HASH_INIT, real, strlen(real));
    free(real);
    snprintf(out, cap, "%s%0*" PRIx64, VN_P_SYNC_FILE, KEY_HEX, key);
    return 0;
}

/* The folder as ids are relative to it (walk.c: trailing '/' dropped), with its '/'. */
static size_t root_len(const char *folder)
{
    size_t n = strlen(folder);
    while (n > 1 && folder[n - 1] == '/')
        n--;
    return n + 1;
}

int ix_sync(const ix_options *opt, const char *folder, ix_stats *st, tr_error *err)
{
    ix_stats local;
    tr_error lerr = {0};
    st = st ? st : &local;
    err = err ? err : &lerr;
    FILE *log = opt->log ? opt->log : stderr;
    memset(st, 0, sizeof *st);
    char prefix[sizeof VN_P_SYNC_FILE + KEY_HEX + 1];
    ix_inputs all = {.ocr = opt->ocr, .follow_symlinks = opt->follow_symlinks};
    plan pl = {0};
    int rc = 0;
    if (opt->n_paths || opt->inputs)
        rc = tr_error_set(err, TR_EINVAL, "--sync takes no PATH: it indexes the folder");
    else if (!opt->db || !*opt->db)
        rc = tr_error_set(err, TR_EINVAL, "no database given (--db DIR)");
    else if (!folder || !*folder)
        rc = tr_error_set(err, TR_EINVAL, "no folder to sync given (--sync FOLDER)");
    if (rc == 0)
        rc = folder_prefix(folder, prefix, sizeof prefix, err);
    if (rc == 0)
        rc = ix_walk(&all, folder, err);
    if (rc == 0)
        rc = make_plan(opt, prefix, root_len(folder), &all, &pl, log, err);
    if (rc == 0) { /* the files passed over are the run's to report */
        pl.todo.skips = all.skips;
        pl.todo.nskips = all.nskips;
        pl.todo.skips_cap = all.skips_cap;
        all.skips = NULL;
        all.nskips = all.skips_cap = 0;
    }
    ix_inputs_clear(&all);
    if (rc) {
        fprintf(log, "tracuu-index: error: %s\n", err->message[0] ? err->message
                                                                 : tr_error_name(rc));
        plan_free(&pl, opt->n_deletes);
        return rc;
    }
    ix_options run = *opt;
    run.inputs = &pl.todo;
    run.deletes = pl.deletes;
    run.n_deletes = pl.n_deletes;
    rc = ix_run(&run, st, err);
    if (rc == 0)
        fprintf(log,
                "sync: %" PRIu64 " new, %" PRIu64 " changed, %" PRIu64 " unchanged, %" PRIu64
                " deleted, %" PRIu64 " skipped\n",
                pl.added, pl.changed, pl.unchanged, pl.gone, st->skipped);
    plan_free(&pl, opt->n_deletes);
    return rc;
}
