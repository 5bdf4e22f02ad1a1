/* tr_grow: see tr_grow.h. */
#include "tr_grow.h"

#include <stdint.h>
#include <stdlib.h>

void *tr_grow(void *items, size_t need, size_t *cap, size_t size, size_t first)
{
    if (need <= *cap)
        return items;
    size_t want = *cap ? *cap : first ? first : 1;
    while (want < need) {
        if (want > SIZE_MAX / 2)
            return NULL;
        want *= 2;
    }
    if (size && want > SIZE_MAX / size)
        return NULL;
    void *grown = realloc(items, want * size);
    if (grown)
        *cap = want;
    return grown;
}
