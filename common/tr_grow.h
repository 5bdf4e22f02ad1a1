/* tr_grow: room in an array that doubles as it fills.
 *
 * Most of tracuu's collections are a pointer, a count and a capacity: arrays of
 * records pushed one at a time, and byte buffers appended to. This is the one place
 * that grows them (and appends to the byte buffers), so that they all grow the same way (doubling, from a first size
 * that suits each) and all check the byte size for overflow.
 */
#ifndef TR_GROW_H
#define TR_GROW_H

#include <stddef.h>

#ifdef __cplusplus
extern "C" {
#endif

/* Makes room for `need` elements of `size` bytes in `items`, which has room for *cap
 * of them. While need <= *cap, returns `items` as it is. Otherwise reallocates it to
 * *cap doubled as often as it takes (from `first` when *cap is 0), sets *cap and
 * returns the new block, which replaces `items`. Returns NULL when out of memory (or
 * when the size would not fit in a size_t): `items` and *cap are then as they were,
 * still the caller's. To push one element: tr_grow(v, n + 1, &cap, sizeof *v, 64). */
void *tr_grow(void *items, size_t need, size_t *cap, size_t size, size_t first);

/* Appends `n` bytes of `s` to the byte buffer *buf of *len bytes (room for *cap), grown
 * by tr_grow() from `first`, and ends it with a NUL that *len does not count. Returns
 * 0, or -1 when out of memory or too large: the buffer is then as it was. */
int tr_grow_append(char **buf, size_t *len, size_t *cap, const char *s, size_t n,
                   size_t first);

#ifdef __cplusplus
}
#endif

#endif
