/* tr_grow: see tr_grow.h. */
#include "tr_grow.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

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

int tr_grow_append(char **buf, size_t *len, size_t *cap, const char *s, size_t n,
                   size_t first)
{
    if (n > SIZE_MAX - 1 - *len)
        return -1;
    char *grown = tr_grow(*buf, *len + n + 1, cap, 1, first);
    if (!grown)
        return -1;
    *buf = grown;
    memcpy(grown + *len, s, n);
    *len += n;
    grown[*len] = '\0';
    return 0;
}
