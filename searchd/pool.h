/* pool: the daemon's read handles on the index, one per thread at a time.
 *
 * A Xapian database handle serves one thread at a time, and libmicrohttpd runs
 * handlers on a pool of threads. sd_pool keeps a stack of open handles: a request
 * takes one, uses it, gives it back. On the way out, at most once a second per
 * handle, it reopens the handle so that what tracuu-index has committed since
 * becomes visible without a restart.
 */
#ifndef SD_POOL_H
#define SD_POOL_H

#include "tr_error.h"
#include "xc.h"

typedef struct sd_pool sd_pool;

/* Opens the index at `path` once (to fail early on a wrong path) and keeps the
 * handle for the first request. NULL with the error filled on failure. */
sd_pool *sd_pool_new(const char *path, tr_error *err);
void sd_pool_free(sd_pool *p);

/* A handle for this thread's exclusive use until sd_pool_put(). Opens a new one when
 * none is free. NULL with the error filled when the index cannot be opened. */
xc_db *sd_pool_get(sd_pool *p, tr_error *err);

/* Gives a handle back. A handle that met an error may be passed with `broken` set:
 * it is closed rather than reused. */
void sd_pool_put(sd_pool *p, xc_db *db, int broken);

#endif
