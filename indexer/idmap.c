/* idmap: see idmap.h. Open addressing with linear probing, at most half full; the
 * hash is idset.h's. */
#include "idmap.h"

#include <stdlib.h>
#include <string.h>

#include "idset.h"
#include "tr_grow.h"

typedef struct ix_idmap_entry {
    uint64_t hash;
    size_t term; /* offset in terms */
    uint32_t len;
    uint32_t docid;
} ix_idmap_entry;

static int same(const ix_idmap *m, const ix_idmap_entry *e, uint64_t h, const char *term,
                size_t len)
{
    return e->hash == h && e->len == len && memcmp(m->terms + e->term, term, len) == 0;
}

static int grow(ix_idmap *m)
{
    size_t cap = m->cap ? m->cap * 2 : 1024;
    if (cap < m->cap)
        return -1;
    uint32_t *slots = calloc(cap, sizeof *slots);
    if (!slots)
        return -1;
    for (size_t k = 0; k < m->n; k++) {
        size_t i = (size_t)m->entries[k].hash & (cap - 1);
        while (slots[i])
            i = (i + 1) & (cap - 1);
        slots[i] = (uint32_t)k + 1;
    }
    free(m->slots);
    m->slots = slots;
    m->cap = cap;
    return 0;
}

int ix_idmap_put(ix_idmap *m, const char *term, size_t len, uint32_t docid, uint32_t *previous)
{
    if ((m->n + 1) * 2 > m->cap && grow(m) != 0)
        return -1;
    uint64_t h = ix_idset_hash(term, len);
    size_t i = (size_t)h & (m->cap - 1);
    for (; m->slots[i]; i = (i + 1) & (m->cap - 1)) {
        ix_idmap_entry *e = &m->entries[m->slots[i] - 1];
        if (same(m, e, h, term, len)) {
            *previous = e->docid;
            e->docid = docid;
            return 0;
        }
    }
    ix_idmap_entry *entries =
        tr_grow(m->entries, m->n + 1, &m->entries_cap, sizeof *entries, 1024);
    if (!entries)
        return -1;
    m->entries = entries;
    size_t at = m->terms_len;
    if (tr_grow_append(&m->terms, &m->terms_len, &m->terms_cap, term, len, 16384))
        return -1;
    entries[m->n] = (ix_idmap_entry){.hash = h, .term = at, .len = (uint32_t)len,
                                     .docid = docid};
    m->slots[i] = (uint32_t)++m->n;
    return 1;
}

size_t ix_idmap_count(const ix_idmap *m)
{
    return m->n;
}

void ix_idmap_clear(ix_idmap *m)
{
    free(m->slots);
    free(m->entries);
    free(m->terms);
    memset(m, 0, sizeof *m);
}
