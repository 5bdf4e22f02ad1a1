/* cache: searchd's result cache, the JSON answers of /api/search kept in memory.
 *
 * Off by default (`--cache MB`). Keyed by the request's search parameters in a fixed
 * order (the query with its runs of white space made one space and trimmed), it holds
 * whole answer bodies, least recently used first out, within a bound in bytes that
 * counts keys, bodies and bookkeeping. Every entry belongs to one revision of the
 * index: at most once a second a lookup looks at the version file of every shard
 * (glass rewrites it at each commit) and, when any changed, empties the cache. So an
 * answer is never staler than the pool's handles are allowed to be (pool.h). A shard
 * that is not a local glass database (a remote one) counts as changed at every
 * check: the cache then only spares the repeats within a second.
 *
 * Thread-safe: one mutex; lookups copy the body out.
 */
#ifndef SD_CACHE_H
#define SD_CACHE_H

#include <stddef.h>

#include "search.h"
#include "shardlist.h"
#include "tr_error.h"

typedef struct sd_cache sd_cache;

/* A cache of at most max_bytes (at least 64 KB), for the index made of `shards` (not
 * owned; must outlive the cache). NULL with the error filled when out of memory or
 * max_bytes is too small. */
sd_cache *sd_cache_new(size_t max_bytes, const se_shards *shards, tr_error *err);
void sd_cache_free(sd_cache *c);

/* The key of a search request, malloc()ed (NUL-terminated, *len without the NUL), or
 * NULL when out of memory. */
char *sd_cache_key(const se_search_params *p, size_t *len);

/* 1 and a malloc()ed copy of the body in *body (*len bytes, NUL-terminated) when
 * `key` is cached for the current revision of the index; 0 otherwise. */
int sd_cache_get(sd_cache *c, const char *key, size_t klen, char **body, size_t *len);

/* How many times the cache has been emptied (a new revision, sd_cache_clear): read it
 * before computing an answer, and pass it to sd_cache_put(). */
unsigned long long sd_cache_generation(sd_cache *c);

/* Keeps a copy of `body` under `key`, dropping the least recently used entries to
 * stay within the bound; a body too large for the cache is not kept, nor one computed
 * before the cache was last emptied (`gen` older than sd_cache_generation()), which
 * may hold what a reload or a commit changed. */
void sd_cache_put(sd_cache *c, unsigned long long gen, const char *key, size_t klen,
                  const char *body, size_t len);

/* Drops every answer: the settings they were computed with have changed (a reload of
 * the synonyms, reload.h). */
void sd_cache_clear(sd_cache *c);

/* Hits and misses since the start, for the benchmark and /healthz-style checks. */
void sd_cache_stats(sd_cache *c, unsigned long long *hits, unsigned long long *misses);

#endif
