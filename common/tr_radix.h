/* tr_radix: records sorted by a 64-bit key, a byte at a time from the least significant.
 *
 * The indexer sorts many small records by a key that fits in 64 bits: a document's terms
 * by the first 8 bytes of their names, a new index's terms the same way, a document's
 * shingle hashes. qsort's comparisons (a call each, and for names two cache misses) were
 * several percent of indexing time; a radix sort reads each record 8 times in order.
 */
#ifndef TR_RADIX_H
#define TR_RADIX_H

#include <stddef.h>

#ifdef __cplusplus
extern "C" {
#endif

/* Sorts the n records of `size` bytes at `a` (size a multiple of 8), each beginning with
 * its key as a uint64_t, in ascending order of the keys; records of equal keys keep
 * their order. A byte alike in every key costs one counting pass. Returns 0, or -1 when
 * out of memory for the second buffer (the records are then as they were). */
int tr_radix_sort(void *a, size_t n, size_t size);

#ifdef __cplusplus
}
#endif

#endif
