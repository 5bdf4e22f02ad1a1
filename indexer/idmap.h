/* idmap: the unique terms of a new database being written (bulk.h) and the docid each
 * was last given, so that a record whose id came before replaces the earlier one.
 *
 * Unlike idset.h it keeps the terms themselves, compared byte for byte: what it says
 * decides which document is deleted, so two ids sharing a hash must not be confused.
 */
#ifndef IX_IDMAP_H
#define IX_IDMAP_H

#include <stddef.h>
#include <stdint.h>

typedef struct ix_idmap {
    uint32_t *slots;      /* entry index + 1; 0: free */
    size_t cap;           /* 0 or a power of two, at least twice n */
    struct ix_idmap_entry *entries;
    size_t n, entries_cap;
    char *terms;          /* the terms one after the other */
    size_t terms_len, terms_cap;
} ix_idmap;

/* Gives `term` the docid `docid`. Returns 1 when the term is new, 0 when it had one
 * (then *previous is set to it), -1 when out of memory (the map is as it was). */
int ix_idmap_put(ix_idmap *m, const char *term, size_t len, uint32_t docid, uint32_t *previous);

size_t ix_idmap_count(const ix_idmap *m);

void ix_idmap_clear(ix_idmap *m);

#endif
