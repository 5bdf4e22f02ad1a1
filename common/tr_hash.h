/* tr_hash: FNV-1a, the one string hash of tracuu's in-memory tables.
 *
 * The keys hashed are short (terms, ids, words of a list, cache keys), where FNV-1a is
 * as good as anything and simpler than all. The 32-bit form also routes a document to
 * its shard (indexer/shards.c): a sharded index's layout depends on its values, which
 * must therefore never change.
 */
#ifndef TR_HASH_H
#define TR_HASH_H

#include <stddef.h>
#include <stdint.h>

#define TR_FNV64_BASIS 14695981039346656037ULL

/* Goes on hashing n more bytes after the hash h (TR_FNV64_BASIS to start). */
static inline uint64_t tr_fnv64_more(uint64_t h, const void *s, size_t n)
{
    const unsigned char *p = s;
    for (size_t i = 0; i < n; i++)
        h = (h ^ p[i]) * 1099511628211ULL;
    return h;
}

static inline uint64_t tr_fnv64(const void *s, size_t n)
{
    return tr_fnv64_more(TR_FNV64_BASIS, s, n);
}

static inline uint32_t tr_fnv32(const void *s, size_t n)
{
    const unsigned char *p = s;
    uint32_t h = 2166136261u;
    for (size_t i = 0; i < n; i++)
        h = (h ^ p[i]) * 16777619u;
    return h;
}

#endif
