/* idset: the ids a writer has put into a database that was empty when it opened it,
 * so that it can add a document (Xapian's add_document) rather than replace it by
 * its unique term (replace_document, which first looks the term up in the B-tree
 * and in the pending changes) whenever the id cannot be there yet.
 *
 * It holds 64-bit hashes of the unique terms, not the terms: two ids that share a
 * hash make the second look seen, and a seen id is replaced, which is always
 * correct, only slower. An id is never taken for unseen when it was seen.
 */
#ifndef IX_IDSET_H
#define IX_IDSET_H

#include <stddef.h>
#include <stdint.h>

typedef struct ix_idset {
    uint64_t *slots; /* 0 marks a free slot; a hash of 0 is stored as 1 */
    size_t n, cap;   /* cap is 0 or a power of two */
} ix_idset;

/* The 64-bit FNV-1a hash of a unique term. */
uint64_t ix_idset_hash(const char *term, size_t len);

/* Records `hash`: 1 when it was not there (the id is new to the database), 0 when it
 * was, -1 when out of memory (the set is as it was; treat the id as seen). */
int ix_idset_add(ix_idset *s, uint64_t hash);

void ix_idset_clear(ix_idset *s);

#endif
