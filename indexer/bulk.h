/* bulk: a new index written by glass/ (gl_build.h), without Xapian's writer.
 *
 * Xapian's writer is most of what indexing costs (docs/performance.md), and a new
 * index needs none of what it does: nothing to look up, replace or keep consistent
 * between commits. So the first run into an absent or empty DIR writes the documents,
 * in input order, straight into a glass database DIR.merge, its postings spilled as
 * runs into DIR.build each time the builder holds `memory` bytes and merged at the end
 * (gl_build.h); a document whose id comes again later in the input is left out of
 * it. Then DIR.merge is renamed to DIR, which appears whole or not at all. A run
 * killed or failed before that leaves no DIR; the next run removes what is left in
 * DIR.build and starts again. A run holds DIR.build.lock (flock) throughout, so a
 * second first run into the same folder fails at once (TR_EUNAVAILABLE) instead of
 * clearing the first one's work.
 */
#ifndef IX_BULK_H
#define IX_BULK_H

#include <stddef.h>
#include <stdint.h>

#include "tr_error.h"
#include "xc.h"

/* Bytes of postings a part holds before it is spilled. Two parts live at once (one
 * filling, one being written) and each may have twice its use allocated: 64 MB ran
 * as fast as 128 on the eval corpus at 200 MB peak RSS instead of 340, and 32 no
 * faster (docs/performance.md). */
#define IX_BULK_MEMORY_DEFAULT ((size_t)64 << 20)

typedef struct ix_bulk ix_bulk;

/* Starts writing the new database `dir` (absent or an empty folder); `memory` bytes
 * of postings held before a spill (0: the default). NULL with err filled on failure. */
ix_bulk *ix_bulk_open(const char *dir, size_t memory, tr_error *err);

/* User metadata, written with the database. */
int ix_bulk_set_metadata(ix_bulk *b, const char *key, const char *value, size_t len,
                         tr_error *err);

/* Writes the next document, whose unique term is `idterm`; a document given earlier
 * with the same unique term is replaced by it. The document stays the caller's. */
int ix_bulk_add(ix_bulk *b, const char *idterm, size_t len, xc_doc *doc, tr_error *err);

/* Documents in the database so far, each id once. */
uint64_t ix_bulk_count(const ix_bulk *b);

/* Writes the postings left, merges the runs, and puts the database in place at `dir`. */
int ix_bulk_finish(ix_bulk *b, tr_error *err);

/* Frees the writer; a database not finished is abandoned and DIR.build removed. */
void ix_bulk_free(ix_bulk *b);

#endif
