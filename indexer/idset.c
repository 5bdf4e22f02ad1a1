/* idset: see idset.h. Open addressing with linear probing, at most half full. */
#include "idset.h"

#include <stdlib.h>

#include "tr_hash.h"
uint64_t ix_idset_hash(const char *term, size_t len)
{
    return tr_fnv64(term, len);
}

/* The slot that holds h, or the free one where it belongs. */
static size_t probe(const uint64_t *slots, size_t cap, uint64_t h)
{
    size_t i = (size_t)(h ^ (h >> 29)) & (cap - 1);
    while (slots[i] && slots[i] != h)
        i = (i + 1) & (cap - 1);
    return i;
}

static int grow(ix_idset *s)
{
    size_t cap = s->cap ? s->cap * 2 : 1024;
    if (cap < s->cap)
        return -1;
    uint64_t *slots = calloc(cap, sizeof *slots);
    if (!slots)
        return -1;
    for (size_t i = 0; i < s->cap; i++)
        if (s->slots[i])
            slots[probe(slots, cap, s->slots[i])] = s->slots[i];
    free(s->slots);
    s->slots = slots;
    s->cap = cap;
    return 0;
}

int ix_idset_add(ix_idset *s, uint64_t hash)
{
    uint64_t h = hash ? hash : 1;
    if ((s->n + 1) * 2 > s->cap && grow(s) != 0)
        return -1;
    size_t i = probe(s->slots, s->cap, h);
    if (s->slots[i])
        return 0;
    s->slots[i] = h;
    s->n++;
    return 1;
}

void ix_idset_clear(ix_idset *s)
{
    free(s->slots);
    s->slots = NULL;
    s->n = s->cap = 0;
}
