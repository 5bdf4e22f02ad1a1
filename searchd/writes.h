/* writes: tracuu-searchd's side of Xapian's single writer, for the write API
 * (api_write.h).
 *
 * searchd reads the index through its pool of read handles (search/pool.h) and
 * writes it only when started with --writable, through one sd_writer: one batch
 * of changes at a time (a mutex serialises the HTTP threads), each applied in one
 * transaction on a writable handle opened for it and closed after it, so that
 * between writes the lock is free for tracuu-index. When tracuu-index (or another
 * writer) holds the lock, a batch waits for it up to `wait_ms`, then fails with
 * TR_EUNAVAILABLE, which the API answers 503 with Retry-After. A batch is
 * committed (Xapian syncs it to disk) before sd_writer_apply() returns 0: an
 * acknowledged write survives a kill of searchd right after its answer, and a
 * failed or killed one leaves the index as it was. The pool reopens its handles
 * before lending them, so a committed write is searchable by the next request.
 *
 * Only a plain (one-folder, glass) database can be written: a sharded one routes
 * ids through its writer threads (indexer/shards.h), a remote one is written where
 * it lives.
 */
#ifndef SD_WRITES_H
#define SD_WRITES_H

#include <stddef.h>

#include "tr_error.h"
#include "xc.h"

#define SD_WRITE_WAIT_MS_DEFAULT 5000

typedef struct sd_writer sd_writer;

/* A writer for the database folder `db` (not opened yet). TR_EINVAL when `db` is
 * no plain glass database. */
sd_writer *sd_writer_new(const char *db, unsigned wait_ms, tr_error *err);
void sd_writer_free(sd_writer *w);

/* One change: the document indexed by the unique term `idterm` replaced by `doc`
 * (added when there is none), or deleted when `doc` is NULL; for a deletion,
 * `found` says on return whether there was one. */
typedef struct sd_write_op {
    const char *idterm;
    size_t idterm_len;
    const xc_doc *doc;
    int found;
} sd_write_op;

/* Applies ops[0..n) in order, in one transaction, and commits. 0 when committed;
 * TR_EUNAVAILABLE when the lock was not free within the wait; another code when
 * the database failed (nothing of the batch is then written). */
int sd_writer_apply(sd_writer *w, sd_write_op *ops, size_t n, tr_error *err);

#endif
