/* pool: a stack of read handles, each reopened before it is lent (see pool.h). */
#include "pool.h"

#include <pthread.h>
#include <stdatomic.h>
#include <stdlib.h>
#include <string.h>

#include "tr_fence.h"

#define POOL_MAX 64

typedef struct slot {
    xc_db *db;
    unsigned long long sig; /* se_shards_signature() when it was opened */
    tr_fence *fence;        /* held shared while lent, for a run after lost ones */
} slot;

/* Set by se_pool_again() between the runs of one request on this thread: the
 * request has lost this many runs to commits, and its next handle is lent with the
 * fence held once it has lost SE_FENCE_AFTER. */
static _Thread_local int lost_runs;

struct se_pool {
    se_shards *shards;
    pthread_mutex_t lock;
    slot free[POOL_MAX];
    size_t nfree;
    /* Handles lent out, so that put() knows what each was opened over. */
    slot lent[POOL_MAX];
    size_t nlent;
    atomic_ullong reopens, opens, failures; /* se_pool_stats */
};

se_pool *se_pool_new(const char *path, tr_error *err)
{
    se_shards *s = se_shards_new(0, err);
    if (s && se_shards_add_path(s, path, err)) {
        se_shards_free(s);
        return NULL;
    }
    return s ? se_pool_new_shards(s, err) : NULL;
}

se_pool *se_pool_new_shards(se_shards *shards, tr_error *err)
{
    se_pool *p = calloc(1, sizeof *p);
    if (!p) {
        se_shards_free(shards);
        tr_error_set(err, TR_ENOMEM, "out of memory");
        return NULL;
    }
    p->shards = shards;
    pthread_mutex_init(&p->lock, NULL);
    xc_db *db = se_shards_open(shards, err);
    if (!db) {
        se_pool_free(p);
        return NULL;
    }
    p->free[p->nfree++] = (slot){db, se_shards_signature(shards), NULL};
    return p;
}

const se_shards *se_pool_shards(const se_pool *p)
{
    return p->shards;
}

void se_pool_free(se_pool *p)
{
    if (!p)
        return;
    for (size_t i = 0; i < p->nfree; i++)
        xc_db_free(p->free[i].db);
    for (size_t i = 0; i < p->nlent; i++) {
        xc_db_free(p->lent[i].db);
        tr_fence_free(p->lent[i].fence);
    }
    pthread_mutex_destroy(&p->lock);
    se_shards_free(p->shards);
    free(p);
}

/* Holds off the writer's commits (tr_fence.h) for a request that keeps losing: taken
 * before the reopen, so that the revision the handle moves to stays whole until
 * se_pool_put(). Local databases only; without fence files, plain runs again. */
static tr_fence *hold_fence(const se_pool *p)
{
    size_t n = se_shards_count(p->shards);
    const char *names[64];
    if (n > 64)
        n = 64;
    for (size_t i = 0; i < n; i++)
        names[i] = se_shards_name(p->shards, i);
    tr_fence *f = tr_fence_open(names, n, 0);
    if (f && tr_fence_take(f, 1, TR_FENCE_READ_WAIT_MS) != 0) {
        tr_fence_free(f);
        f = NULL;
    }
    return f;
}

xc_db *se_pool_get(se_pool *p, tr_error *err)
{
    tr_fence *fence = lost_runs >= SE_FENCE_AFTER ? hold_fence(p) : NULL;
    slot s = {NULL, 0, NULL};
    pthread_mutex_lock(&p->lock);
    if (p->nfree > 0)
        s = p->free[--p->nfree];
    pthread_mutex_unlock(&p->lock);
    s.fence = fence;

    if (s.db && se_shards_signature(p->shards) != s.sig) {
        /* A stub now names other databases (a replica's new copy): only a new handle
         * reads it. */
        xc_db_free(s.db);
        s.db = NULL;
    } else if (s.db) {
        /* Every request reads the newest revision, so that no client sees the index
         * go back from one request to the next, whichever handle each gets. Xapian's
         * reopen costs a read of the version file when nothing changed. */
        tr_error failed = {0};
        int moved = 0;
        int rc = xc_db_reopen(s.db, &moved, &failed);
        if (!rc && moved)
            atomic_fetch_add_explicit(&p->reopens, 1, memory_order_relaxed);
        if (rc) {
            atomic_fetch_add_explicit(&p->failures, 1, memory_order_relaxed);
            /* A remote shard went away or closed the idle connection, or the files
             * changed under it: this handle will not read the newest revision, a new
             * one may. But a shard that did not answer in time would only make a new
             * handle wait as long again. */
            xc_db_free(s.db);
            s.db = NULL;
            if (failed.code == TR_EUNAVAILABLE && strstr(failed.message, "NetworkTimeoutError")) {
                tr_error_set(err, failed.code, "%s", failed.message);
                tr_fence_free(s.fence);
                return NULL;
            }
        }
    }
    if (!s.db) {
        s.sig = se_shards_signature(p->shards);
        s.db = se_shards_open(p->shards, err);
        atomic_fetch_add_explicit(s.db ? &p->opens : &p->failures, 1, memory_order_relaxed);
        if (!s.db) {
            tr_fence_free(s.fence);
            return NULL;
        }
    }

    pthread_mutex_lock(&p->lock);
    if (p->nlent < POOL_MAX) {
        p->lent[p->nlent++] = s;
        s.fence = NULL;
    }
    pthread_mutex_unlock(&p->lock);
    tr_fence_free(s.fence); /* not kept as lent (more than POOL_MAX): not held */
    return s.db;
}

void se_pool_put(se_pool *p, xc_db *db, int broken)
{
    if (!db)
        return;
    slot s = {db, 0, NULL};
    pthread_mutex_lock(&p->lock);
    for (size_t i = 0; i < p->nlent; i++) {
        if (p->lent[i].db == db) {
            s = p->lent[i];
            p->lent[i] = p->lent[--p->nlent];
            break;
        }
    }
    tr_fence_free(s.fence); /* the writer may commit again */
    s.fence = NULL;
    if (!broken && p->nfree < POOL_MAX) {
        p->free[p->nfree++] = s;
        db = NULL;
    }
    pthread_mutex_unlock(&p->lock);
    xc_db_free(db); /* broken, or more handles than threads ever need */
}

void se_pool_stats_read(const se_pool *p, se_pool_stats *out)
{
    /* C11's atomic_load takes a pointer to non-const before C17's DR 459. */
    se_pool *q = (se_pool *)p;
    out->reopens = atomic_load_explicit(&q->reopens, memory_order_relaxed);
    out->opens = atomic_load_explicit(&q->opens, memory_order_relaxed);
    out->failures = atomic_load_explicit(&q->failures, memory_order_relaxed);
}

int se_pool_again(int rc, int *tries, tr_error *err)
{
    int modified = rc == TR_EMODIFIED || (rc && err && err->code == TR_EMODIFIED);
    if (!modified || ++*tries >= SE_READ_TRIES) {
        lost_runs = 0;
        return 0;
    }
    lost_runs = *tries;
    tr_error_clear(err);
    return 1;
}
