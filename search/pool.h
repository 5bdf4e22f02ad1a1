/* pool: the engine's read handles on the index, one per thread at a time.
 *
 * A Xapian database handle serves one thread at a time, and a server runs requests
 * on many threads. se_pool keeps a stack of open handles: a request takes one, uses
 * it, gives it back. Each handle is reopened before it is lent, so that a request
 * reads the newest revision tracuu-index has committed: no restart is needed, and a
 * client never sees the index go back from one request to the next (as it could
 * when handles were brought up to date at different times). A request reads one
 * revision, its handle's, from start to end.
 *
 * The index may be spread over shards (shardlist.h), some behind xapian-tcpsrv. A
 * remote shard that dies breaks every handle connected to it, and one that comes
 * back is reached only by new handles: a handle whose reopen fails is replaced by a
 * fresh one. xapian-tcpsrv also closes connections idle for a minute; the reopen
 * before lending finds those and replaces them.
 */
#ifndef SE_POOL_H
#define SE_POOL_H

#include "shardlist.h"
#include "tr_error.h"
#include "xc.h"

typedef struct se_pool se_pool;

/* Opens the index at `path` once (to fail early on a wrong path) and keeps the
 * handle for the first request. NULL with the error filled on failure. */
se_pool *se_pool_new(const char *path, tr_error *err);

/* The same over a list of shards, which the pool takes over (freed with it, also on
 * failure). */
se_pool *se_pool_new_shards(se_shards *shards, tr_error *err);

/* The shards the pool opens (owned by the pool). */
const se_shards *se_pool_shards(const se_pool *p);
void se_pool_free(se_pool *p);

/* A handle for this thread's exclusive use until se_pool_put(). Opens a new one when
 * none is free. NULL with the error filled when the index cannot be opened. */
xc_db *se_pool_get(se_pool *p, tr_error *err);

/* What the pool has done since it was made, for monitoring (/metrics): handles
 * brought to a new revision (a commit seen), handles opened, and handles that failed
 * to reopen or to open (a shard unreachable, files changed under it). */
typedef struct se_pool_stats {
    unsigned long long reopens;
    unsigned long long opens;
    unsigned long long failures;
} se_pool_stats;
void se_pool_stats_read(const se_pool *p, se_pool_stats *out);

/* Gives a handle back. A handle that met an error may be passed with `broken` set:
 * it is closed rather than reused. */
void se_pool_put(se_pool *p, xc_db *db, int broken);

/* Whether a request that ended with `rc` (and the error in `err`) is to be run again,
 * whole: when it failed with TR_EMODIFIED, because the writer discarded the revision
 * it was reading (Xapian's glass backend recycles a revision's blocks two commits
 * later), its next handle is reopened to the newest revision. From the
 * SE_FENCE_AFTER-th run again on, the handle is lent with the index's fence held
 * (tr_fence.h), so that the writer's commits wait for that run: a slow request under
 * a writer that commits many times a second does not lose every run. At most
 * SE_READ_TRIES runs in all, counted in *tries (start it at 0); `err` is cleared for
 * the next one. Every engine entry point runs through this, so that no commit ever
 * fails a read. The request's handles must be taken and given back on this thread. */
#define SE_READ_TRIES 6
#define SE_FENCE_AFTER 2
int se_pool_again(int rc, int *tries, tr_error *err);

#endif
