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
} slot;

struct sd_pool {
    char *path;
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

sd_pool *sd_pool_new(const char *path, tr_error *err)
{
    sd_pool *p = calloc(1, sizeof *p);
    if (!p || !(p->path = strdup(path))) {
        free(p);
        tr_error_set(err, TR_ENOMEM, "out of memory");
        return NULL;
    }
    pthread_mutex_init(&p->lock, NULL);
    xc_db *db = xc_db_open(path, err);
    if (!db) {
        sd_pool_free(p);
        return NULL;
    }
    p->free[p->nfree++] = (slot){db, now_ns()};
    return p;
}

void sd_pool_free(sd_pool *p)
{
    if (!p)
        return;
    for (size_t i = 0; i < p->nfree; i++)
        xc_db_free(p->free[i].db);
    for (size_t i = 0; i < p->nlent; i++)
        xc_db_free(p->lent[i].db);
    pthread_mutex_destroy(&p->lock);
    free(p->path);
    free(p);
}

xc_db *sd_pool_get(sd_pool *p, tr_error *err)
{
    slot s = {NULL, 0};
    pthread_mutex_lock(&p->lock);
    if (p->nfree > 0)
        s = p->free[--p->nfree];
    pthread_mutex_unlock(&p->lock);

    long long now = now_ns();
    if (!s.db) {
        s.db = xc_db_open(p->path, err);
        if (!s.db)
            return NULL;
        s.checked_ns = now;
    } else if (now - s.checked_ns >= REOPEN_EVERY_NS) {
        tr_error ignored = {0};
        /* A failed reopen keeps the old revision readable: better stale than down. */
        if (xc_db_reopen(s.db, NULL, &ignored) == 0)
            s.checked_ns = now;
    }

    pthread_mutex_lock(&p->lock);
    if (p->nlent < POOL_MAX) {
        p->lent[p->nlent++] = s;
    }
    pthread_mutex_unlock(&p->lock);
    return s.db;
}

void sd_pool_put(sd_pool *p, xc_db *db, int broken)
{
    if (!db)
        return;
    slot s = {db, 0};
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
    }
    pthread_mutex_unlock(&p->lock);
    xc_db_free(db); /* broken, or more handles than threads ever need */
}
