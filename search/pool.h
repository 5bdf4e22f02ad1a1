/* pool: the daemon's read handles on the index, one per thread at a time.
 *
 * A Xapian database handle serves one thread at a time, and libmicrohttpd runs
 * handlers on a pool of threads. se_pool keeps a stack of open handles: a request
 * takes one, uses it, gives it back. On the way out, at most once a second per
 * handle, it reopens the handle so that what tracuu-index has committed since
 * becomes visible without a restart.
 *
 * The index may be spread over shards (shards.h), some behind xapian-tcpsrv. A
 * remote shard that dies breaks every handle connected to it, and one that comes
 * back is reached only by new handles: a handle whose reopen fails with
 * TR_EUNAVAILABLE is replaced by a fresh one, and a handle given back broken makes
 * the pool check the idle ones before lending them again. xapian-tcpsrv also closes
 * connections idle for a minute; the reopen on the way out finds those and replaces
 * them.
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

/* Gives a handle back. A handle that met an error may be passed with `broken` set:
 * it is closed rather than reused. */
void se_pool_put(se_pool *p, xc_db *db, int broken);

#endif
