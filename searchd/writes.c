/* writes: see writes.h. */
#include "writes.h"

#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "tr_clock.h"
#include "vn_terms.h"

#define STR_(x) #x
#define STR(x) STR_(x)
/* How often a batch tries the lock while another writer holds it. */
#define LOCK_POLL_MS 50

struct sd_writer {
    char *db;
    unsigned wait_ms;
    pthread_mutex_t mu; /* one batch at a time */
};

sd_writer *sd_writer_new(const char *db, unsigned wait_ms, tr_error *err)
{
    char probe[4096];
    if (snprintf(probe, sizeof probe, "%s/iamglass", db) >= (int)sizeof probe ||
        access(probe, F_OK) != 0) {
        tr_error_set(err, TR_EINVAL,
                     "--writable needs one plain database folder (not shards, a shard list "
                     "or a remote database)");
        return NULL;
    }
    sd_writer *w = calloc(1, sizeof *w);
    if (!w || !(w->db = strdup(db))) {
        free(w);
        tr_error_set(err, TR_ENOMEM, "out of memory");
        return NULL;
    }
    w->wait_ms = wait_ms;
    pthread_mutex_init(&w->mu, NULL);
    return w;
}

void sd_writer_free(sd_writer *w)
{
    if (!w)
        return;
    pthread_mutex_destroy(&w->mu);
    free(w->db);
    free(w);
}

/* The writable handle, once the lock is ours, or NULL at the deadline. */
static xc_wdb *open_waiting(const sd_writer *w, long long deadline, tr_error *err)
{
    for (;;) {
        tr_error_clear(err);
        xc_wdb *db = xc_wdb_open(w->db, XC_OPEN, err);
        if (db || err->code != TR_EUNAVAILABLE)
            return db;
        if (tr_clock_ms() >= deadline) {
            tr_error_set(err, TR_EUNAVAILABLE, "another writer (tracuu-index?) holds the "
                                               "index; try again later");
            return NULL;
        }
        usleep(LOCK_POLL_MS * 1000);
    }
}

static int apply_ops(xc_wdb *db, sd_write_op *ops, size_t n, tr_error *err)
{
    int rc = xc_wdb_begin(db, err);
    /* An emptied index may be written afresh: as tracuu-index, only an empty
     * database claims the schema version (indexer.c). */
    uint64_t have = 1;
    if (rc == 0)
        rc = xc_wdb_doccount(db, &have, err);
    if (rc == 0 && have == 0)
        rc = xc_wdb_set_metadata(db, VN_SCHEMA_KEY, STR(VN_SCHEMA_VERSION),
                                 strlen(STR(VN_SCHEMA_VERSION)), err);
    for (size_t i = 0; rc == 0 && i < n; i++) {
        sd_write_op *op = &ops[i];
        rc = op->doc ? xc_wdb_replace(db, op->idterm, op->idterm_len, op->doc, NULL, err)
                     : xc_wdb_delete(db, op->idterm, op->idterm_len, &op->found, err);
    }
    if (rc == 0)
        rc = xc_wdb_commit(db, err);
    return rc;
}

int sd_writer_apply(sd_writer *w, sd_write_op *ops, size_t n, tr_error *err)
{
    /* The wait counts from the request's arrival, whether for the batches of other
     * threads before it or for another program's lock. */
    long long deadline = tr_clock_ms() + w->wait_ms;
    struct timespec until;
    clock_gettime(CLOCK_REALTIME, &until);
    until.tv_sec += w->wait_ms / 1000;
    until.tv_nsec += (long)(w->wait_ms % 1000) * 1000000;
    if (until.tv_nsec >= 1000000000) {
        until.tv_sec++;
        until.tv_nsec -= 1000000000;
    }
    if (pthread_mutex_timedlock(&w->mu, &until) != 0)
        return tr_error_set(err, TR_EUNAVAILABLE, "other writes are under way; try again "
                                                  "later");
    xc_wdb *db = open_waiting(w, deadline, err);
    int rc = db ? apply_ops(db, ops, n, err) : err->code;
    xc_wdb_free(db); /* discards the transaction when it failed */
    pthread_mutex_unlock(&w->mu);
    return rc;
}
