/* shards: a tracuu index split over several Xapian databases, each written by a
 * thread of its own, so that indexing uses more than one core on the writer side
 * (Xapian's writer is single-threaded and is where most of the indexing time goes:
 * docs/performance.md).
 *
 * Layout of a sharded database DIR:
 *   DIR/shard-0 .. DIR/shard-(N-1)   glass databases
 *   DIR/XAPIANDB                     Xapian's stub file, one "auto shard-K" line each
 * xc_db_open(DIR) (Xapian::Database) reads the stub and searches the shards as one.
 * The shard count of a database is fixed when it is created: a document goes to
 * shard fnv1a(idterm) % N, so replacing or deleting an id reaches the shard that
 * holds it only while N stays the same.
 *
 * Atomicity is per shard. Each writer commits its own transaction when it reaches a
 * batch boundary, so a run killed at any moment leaves every shard at one of its
 * commits, but not all shards at the same batch: a reader may see the documents of
 * the last batch on some shards and not on others. Running the same command again
 * completes the index, since every document is replaced by id.
 *
 * A shard that was empty when opened (a new database) adds the documents whose id
 * it has not been given in this run rather than replacing them (idset.h): the same
 * result without looking the id up.
 */
#ifndef IX_SHARDS_H
#define IX_SHARDS_H

#include <stddef.h>
#include <stdint.h>

#include "tr_error.h"
#include "xc.h"

#define IX_SHARDS_MAX 64
#define IX_SHARDS_STUB "XAPIANDB"

typedef struct ix_shards ix_shards;

/* What is at `dir`: *n = the shard count of a sharded database (from its stub), 0
 * for a plain database or nothing at all. TR_EINVAL when the stub is not one this
 * module wrote (other lines, gaps, more than IX_SHARDS_MAX shards). Shard folders
 * without a stub (a first run killed before it wrote one) hold no commit: they are
 * removed, and the next run starts afresh. */
int ix_shards_probe(const char *dir, unsigned *n, tr_error *err);

/* Writes the path of shard i of the database at `dir` into buf: -1 when it does not
 * fit in `cap`. */
int ix_shards_path(char *buf, size_t cap, const char *dir, unsigned i);

/* Writes the stub of n shards into `dir` unless one is there, atomically (a
 * temporary file renamed), once every shard exists. */
int ix_shards_write_stub(const char *dir, unsigned n, tr_error *err);

/* Empties and removes a folder of plain files, such as a glass database (absent is
 * fine); TR_EIO naming what could not be removed, a subfolder included. */
int ix_shards_remove_files(const char *dir, tr_error *err);

/* The same, and folders of plain files in it too (what bulk.h leaves in DIR.build). */
int ix_shards_remove_tree(const char *dir, tr_error *err);

/* The shard (0 .. n-1) of a document by its unique term: FNV-1a, stable across
 * runs and machines. */
unsigned ix_shards_route(const char *idterm, size_t len, unsigned n);

/* Opens (creating when absent) the n shards under `dir` (created too), writes the
 * stub once they exist, and starts one writer thread per shard. NULL with the
 * error filled on failure (nothing is left running). */
ix_shards *ix_shards_open(const char *dir, unsigned n, tr_error *err);

unsigned ix_shards_count(const ix_shards *s);

/* Hands `doc` (ownership passes, even on failure) to its shard's writer, which
 * replaces the document with unique term `idterm`. Blocks while that writer's
 * queue is full. Returns the first failure of any writer, if there was one. */
int ix_shards_replace(ix_shards *s, const char *idterm, size_t len, xc_doc *doc,
                      tr_error *err);

/* Deletes the document with unique term `idterm` from its shard, synchronously;
 * *deleted as xc_wdb_delete(). Part of the current batch, like a replace. */
int ix_shards_delete(ix_shards *s, const char *idterm, size_t len, int *deleted,
                     tr_error *err);

/* Sets user metadata on every shard (in the current batch). */
int ix_shards_set_metadata(ix_shards *s, const char *key, const char *value, size_t len,
                           tr_error *err);

/* Ends the batch: every writer commits when it reaches this point of its queue.
 * Does not wait for them. */
int ix_shards_commit(ix_shards *s, tr_error *err);

/* Waits until every writer has done all it was handed; returns the first failure. */
int ix_shards_wait(ix_shards *s, tr_error *err);

/* Documents replaced and committed so far, over all shards. */
uint64_t ix_shards_committed(ix_shards *s);

/* Documents in all shards as of their last commit (call after ix_shards_wait). */
int ix_shards_doccount(ix_shards *s, uint64_t *out, tr_error *err);

/* Deletes the sharded database at `dir` that this module wrote: the n shard
 * folders with their files, the stub, and `dir` itself. Anything else in `dir` is
 * left, and makes it fail (TR_EIO) rather than delete what it did not write. */
int ix_shards_remove(const char *dir, unsigned n, tr_error *err);

/* Stops the writers after what they were handed and closes the shards; changes
 * since a shard's last commit are discarded. NULL does nothing. */
void ix_shards_free(ix_shards *s);

#endif
