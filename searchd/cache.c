/* cache: see cache.h.
 *
 * A chained hash table over the entries, and a doubly linked list of them from
 * most to least recently used. Each entry is one allocation: the node, then the
 * key, then the body.
 */
#include "cache.h"

#include <pthread.h>
#include <stdint.h>
#include <stdlib.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>

#include "dlist.h"
#include "tr_grow.h"
#include "tr_hash.h"

#define CHECK_EVERY_NS 1000000000LL /* as often as the pool reopens its handles */
#define MIN_BYTES ((size_t)64 << 10)
#define AVG_ENTRY 4096 /* for sizing the table: a page of 10 hits with snippets */

typedef struct entry {
    struct entry *next_in_bucket;
    sd_link lru; /* in the cache's list, least recently used first */
    uint64_t hash;
    size_t klen, blen;
    char bytes[]; /* key, NUL, body, NUL */
} entry;

#define OLDEST(c) SD_DLIST_ITEM((c)->lru.first, entry, lru)

struct sd_cache {
    pthread_mutex_t mu;
    const se_shards *shards;
    entry **buckets;
    size_t nbuckets; /* a power of two */
    sd_dlist lru; /* every entry, least recently used first */
    size_t used, max;
    uint64_t token;      /* the revisions of the shards when last checked */
    int token_known;
    long long checked_ns;
    unsigned long long hits, misses;
    unsigned long long gen; /* times emptied: an answer older than that is not kept */
};


static long long now_ns(void)
{
    struct timespec t;
    clock_gettime(CLOCK_MONOTONIC, &t);
    return (long long)t.tv_sec * 1000000000LL + t.tv_nsec;
}

static size_t cost(const entry *e)
{
    return sizeof *e + e->klen + e->blen + 2 + sizeof(entry *);
}

sd_cache *sd_cache_new(size_t max_bytes, const se_shards *shards, tr_error *err)
{
    if (max_bytes < MIN_BYTES) {
        tr_error_set(err, TR_EINVAL, "the result cache must be at least 64 KB");
        return NULL;
    }
    sd_cache *c = calloc(1, sizeof *c);
    size_t n = 1024;
    while (n < max_bytes / AVG_ENTRY && n < ((size_t)1 << 24))
        n <<= 1;
    if (c)
        c->buckets = calloc(n, sizeof *c->buckets);
    if (!c || !c->buckets) {
        free(c);
        tr_error_set(err, TR_ENOMEM, "out of memory");
        return NULL;
    }
    pthread_mutex_init(&c->mu, NULL);
    c->nbuckets = n;
    c->max = max_bytes;
    c->shards = shards;
    c->checked_ns = now_ns();
    return c;
}

static void unlink_entry(sd_cache *c, entry *e)
{
    entry **pp = &c->buckets[e->hash & (c->nbuckets - 1)];
    while (*pp != e)
        pp = &(*pp)->next_in_bucket;
    *pp = e->next_in_bucket;
    sd_dlist_remove(&c->lru, &e->lru);
    c->used -= cost(e);
    free(e);
}

static void clear(sd_cache *c)
{
    c->gen++;
    while (c->lru.first)
        unlink_entry(c, OLDEST(c));
}

void sd_cache_free(sd_cache *c)
{
    if (!c)
        return;
    clear(c);
    pthread_mutex_destroy(&c->mu);
    free(c->buckets);
    free(c);
}

/* The state of every shard, folded into one number: glass rewrites its version file
 * (iamglass, which holds the revision) by a rename at every commit, so its inode,
 * time and size change. A stat is cheap enough to make under the lock, where opening
 * the databases to ask for their revision took tens of milliseconds on a busy
 * machine. -1 when a shard is not a local glass database. */
static int read_token(const se_shards *s, uint64_t *out)
{
    uint64_t h = TR_FNV64_BASIS;
    for (size_t i = 0; i < se_shards_count(s); i++) {
        char path[4096];
        struct stat st;
        if (snprintf(path, sizeof path, "%s/iamglass", se_shards_name(s, i)) >=
                (int)sizeof path ||
            stat(path, &st) != 0)
            return -1;
        uint64_t parts[4] = {(uint64_t)st.st_ino, (uint64_t)st.st_mtim.tv_sec,
                             (uint64_t)st.st_mtim.tv_nsec, (uint64_t)st.st_size};
        h = tr_fnv64_more(h, parts, sizeof parts);
    }
    *out = h;
    return 0;
}

/* Empties the cache when the index moved since the last check (called locked). */
static void check_revision(sd_cache *c)
{
    long long now = now_ns();
    if (c->token_known && now - c->checked_ns < CHECK_EVERY_NS)
        return;
    c->checked_ns = now;
    uint64_t token;
    int known = read_token(c->shards, &token) == 0;
    if (!known || !c->token_known || token != c->token)
        clear(c);
    c->token = known ? token : 0;
    c->token_known = known;
}

static entry *find(sd_cache *c, const char *key, size_t klen, uint64_t h)
{
    for (entry *e = c->buckets[h & (c->nbuckets - 1)]; e; e = e->next_in_bucket)
        if (e->hash == h && e->klen == klen && memcmp(e->bytes, key, klen) == 0)
            return e;
    return NULL;
}

static void make_newest(sd_cache *c, entry *e)
{
    if (c->lru.last == &e->lru)
        return;
    sd_dlist_remove(&c->lru, &e->lru); /* from the list, not from the bucket */
    sd_dlist_append(&c->lru, &e->lru);
}

int sd_cache_get(sd_cache *c, const char *key, size_t klen, char **body, size_t *len)
{
    *body = NULL;
    *len = 0;
    uint64_t h = tr_fnv64(key, klen);
    pthread_mutex_lock(&c->mu);
    check_revision(c);
    entry *e = find(c, key, klen, h);
    char *copy = e ? malloc(e->blen + 1) : NULL;
    if (copy) {
        memcpy(copy, e->bytes + e->klen + 1, e->blen + 1);
        *len = e->blen;
        make_newest(c, e);
        c->hits++;
    } else {
        c->misses++;
    }
    pthread_mutex_unlock(&c->mu);
    *body = copy;
    return copy != NULL;
}

unsigned long long sd_cache_generation(sd_cache *c)
{
    pthread_mutex_lock(&c->mu);
    unsigned long long gen = c->gen;
    pthread_mutex_unlock(&c->mu);
    return gen;
}

void sd_cache_clear(sd_cache *c)
{
    pthread_mutex_lock(&c->mu);
    clear(c);
    pthread_mutex_unlock(&c->mu);
}

void sd_cache_put(sd_cache *c, unsigned long long gen, const char *key, size_t klen,
                  const char *body, size_t len)
{
    entry *e = malloc(sizeof *e + klen + len + 2);
    if (!e)
        return;
    memset(e, 0, sizeof *e);
    e->hash = tr_fnv64(key, klen);
    e->klen = klen;
    e->blen = len;
    memcpy(e->bytes, key, klen);
    e->bytes[klen] = '\0';
    memcpy(e->bytes + klen + 1, body, len);
    e->bytes[klen + 1 + len] = '\0';
    if (cost(e) > c->max / 4) { /* one answer may not push out a quarter of the cache */
        free(e);
        return;
    }
    pthread_mutex_lock(&c->mu);
    if (gen != c->gen) { /* computed before the cache was emptied: perhaps stale */
        pthread_mutex_unlock(&c->mu);
        free(e);
        return;
    }
    entry *old = find(c, key, klen, e->hash);
    if (old)
        unlink_entry(c, old);
    while (c->lru.first && c->used + cost(e) > c->max)
        unlink_entry(c, OLDEST(c));
    entry **b = &c->buckets[e->hash & (c->nbuckets - 1)];
    e->next_in_bucket = *b;
    *b = e;
    sd_dlist_append(&c->lru, &e->lru);
    c->used += cost(e);
    pthread_mutex_unlock(&c->mu);
}

void sd_cache_stats(sd_cache *c, unsigned long long *hits, unsigned long long *misses)
{
    pthread_mutex_lock(&c->mu);
    *hits = c->hits;
    *misses = c->misses;
    pthread_mutex_unlock(&c->mu);
}

/* ---- Keys ----------------------------------------------------------------- */

typedef struct buf {
    char *p;
    size_t len, cap;
    int failed;
} buf;

static void add(buf *b, const char *s, size_t n)
{
    if (b->failed)
        return;
    char *p = tr_grow(b->p, b->len + n + 1, &b->cap, 1, 2 * (n + 1));
    if (!p) {
        b->failed = 1;
        return;
    }
    b->p = p;
    memcpy(b->p + b->len, s, n);
    b->len += n;
    b->p[b->len] = '\0';
}

/* name, '=', value (absent and empty alike), then a unit separator: a byte no
 * parameter value can hold after URL decoding in practice, and in any case the
 * same request always gives the same key. */
static void field(buf *b, const char *name, const char *v)
{
    add(b, name, strlen(name));
    add(b, "=", 1);
    if (v)
        add(b, v, strlen(v));
    add(b, "\x1f", 1);
}

char *sd_cache_key(const se_search_params *p, size_t *len)
{
    buf b = {0};
    /* Who asked comes first: an answer made for a key is never one for the public. */
    add(&b, p->view == SE_VIEW_PUBLIC ? "public\x1f" : "internal\x1f",
        p->view == SE_VIEW_PUBLIC ? 7 : 9);
    add(&b, "search\x1fq=", 9);
    /* The query with white space runs collapsed and trimmed: "a  b " is "a b". */
    const char *q = p->q ? p->q : "";
    size_t qlen = p->q ? p->qlen : 0;
    int space = 0, started = 0;
    for (size_t i = 0; i < qlen; i++) {
        char ch = q[i];
        if (ch == ' ' || ch == '\t' || ch == '\n' || ch == '\r') {
            space = started;
            continue;
        }
        if (space)
            add(&b, " ", 1);
        space = 0;
        started = 1;
        add(&b, &ch, 1);
    }
    add(&b, "\x1f", 1);
    field(&b, "page", p->page);
    field(&b, "per_page", p->per_page);
    field(&b, "type", p->type);
    field(&b, "from", p->from);
    field(&b, "to", p->to);
    field(&b, "sort", p->sort);
    field(&b, "year", p->year);
    field(&b, "province", p->province);
    field(&b, "org", p->org);
    field(&b, "person", p->person);
    field(&b, "doc_type", p->doc_type);
    field(&b, "facets", p->facets);
    if (b.failed) {
        free(b.p);
        return NULL;
    }
    *len = b.len;
    return b.p;
}
