/* pool: a stack of read handles with periodic reopen (see pool.h). */
#include "pool.h"

#include <pthread.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#define POOL_MAX 64
#define REOPEN_EVERY_NS 1000000000LL

typedef struct slot {
    xc_db *db;
    long long checked_ns; /* when it was last brought up to date */
    unsigned long long sig; /* se_shards_signature() when it was opened */
} slot;

struct se_pool {
    se_shards *shards;
    pthread_mutex_t lock;
    slot free[POOL_MAX];
    size_t nfree;
    /* Handles lent out, so that put() knows when each was last reopened. */
    slot lent[POOL_MAX];
    size_t nlent;
};

static long long now_ns(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (long long)ts.tv_sec * 1000000000LL + ts.tv_nsec;
}

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
    p->free[p->nfree++] = (slot){db, now_ns(), se_shards_signature(shards)};
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
    for (size_t i = 0; i < p->nlent; i++)
        xc_db_free(p->lent[i].db);
    pthread_mutex_destroy(&p->lock);
    se_shards_free(p->shards);
    free(p);
}

xc_db *se_pool_get(se_pool *p, tr_error *err)
{
    slot s = {NULL, 0, 0};
    pthread_mutex_lock(&p->lock);
    if (p->nfree > 0)
        s = p->free[--p->nfree];
    pthread_mutex_unlock(&p->lock);

    long long now = now_ns();
    int due = s.db && now - s.checked_ns >= REOPEN_EVERY_NS;
    if (due && se_shards_signature(p->shards) != s.sig) {
        /* A stub now names other databases (a replica's new copy): only a new handle
         * reads it. */
        xc_db_free(s.db);
        s.db = NULL;
    } else if (due) {
        tr_error failed = {0};
        if (xc_db_reopen(s.db, NULL, &failed) == 0) {
            s.checked_ns = now;
        } else if (failed.code == TR_EUNAVAILABLE) {
            /* A remote shard went away, or closed the idle connection: this handle
             * will never work again, a new one may. But a shard that did not answer
             * in time would only make a new handle wait as long again. */
            xc_db_free(s.db);
            s.db = NULL;
            if (strstr(failed.message, "NetworkTimeoutError")) {
                tr_error_set(err, failed.code, "%s", failed.message);
                return NULL;
            }
        }
        /* Any other failed reopen keeps the old revision readable: better stale than
         * down. */
    }
    if (!s.db) {
        s.sig = se_shards_signature(p->shards);
        s.db = se_shards_open(p->shards, err);
        if (!s.db)
            return NULL;
        s.checked_ns = now;
    }

    pthread_mutex_lock(&p->lock);
    if (p->nlent < POOL_MAX) {
        p->lent[p->nlent++] = s;
    }
    pthread_mutex_unlock(&p->lock);
    return s.db;
}

void se_pool_put(se_pool *p, xc_db *db, int broken)
{
    if (!db)
        return;
    slot s = {db, 0, 0};
    pthread_mutex_lock(&p->lock);
    for (size_t i = 0; i < p->nlent; i++) {
        if (p->lent[i].db == db) {
            s = p->lent[i];
            p->lent[i] = p->lent[--p->nlent];
            break;
        }
    }
    if (!broken && p->nfree < POOL_MAX) {
        p->free[p->nfree++] = s;
        db = NULL;
    } else if (broken) {
        /* When a shard died, the idle handles are connected to it too: have each
         * checked (reopened, or replaced) before it is lent again. */
        for (size_t i = 0; i < p->nfree; i++)
            p->free[i].checked_ns = 0;
    }
    pthread_mutex_unlock(&p->lock);
    xc_db_free(db); /* broken, or more handles than threads ever need */
}
