/* backup: a consistent, compacted copy of an index, made while searchd serves it and
 * tracuu-index writes to it (tracuu-index --db DIR --backup DEST).
 *
 * The copy is one revision of the index: Xapian's compaction from a read handle
 * (xc_db_compact) reads the tables as they were at that revision, whatever the
 * writer commits meanwhile. When the writer commits often enough to discard that
 * revision during the copy (TR_EMODIFIED), the copy starts again from the newest,
 * up to IX_BACKUP_TRIES times, the later tries holding the index's fence
 * (tr_fence.h) so that commits wait for the copy, each up to a few seconds. A
 * sharded index (shards.h) is copied shard by shard
 * with its stub, each shard at one of its commits, as a reader sees it: its layout
 * is kept, so tracuu-index can go on updating a restored copy.
 *
 * The copy is written in a new folder beside DEST ("DEST.partial-XXXXXX") and
 * renamed to DEST at the end, so DEST is whole or absent: a backup killed half-way
 * leaves only that folder, which may be deleted. DEST must not exist. Everything
 * the engine reads is in the index (the schema's metadata, the terms its vocabulary
 * and knowledge come from), so the copy answers as the index did at its revision.
 */
#ifndef IX_BACKUP_H
#define IX_BACKUP_H

#include <stdint.h>
#include <stdio.h>

#include "tr_error.h"

#define IX_BACKUP_TRIES 8
#define IX_BACKUP_FENCE_AFTER 2 /* tries lost before the fence is held */

typedef struct ix_backup_stats {
    uint64_t doccount; /* documents in the copy */
    unsigned shards;   /* 0 for a plain database */
    unsigned tries;    /* copies started, 1 when the first held */
    double seconds;
} ix_backup_stats;

/* Copies the index at `db` to `dest`. TR_EINVAL when dest exists or db holds no
 * index, TR_EDAMAGED (the message naming db and the next step) when it cannot be
 * read, TR_EMODIFIED when the writer discarded every revision tried (the message
 * says to back up when it commits less often), TR_EIO for a file that cannot be
 * written. *st (may be NULL) receives what was copied. Nothing is left at dest on
 * failure. */
int ix_backup(const char *db, const char *dest, ix_backup_stats *st, tr_error *err);

#endif
