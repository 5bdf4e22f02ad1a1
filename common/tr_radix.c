/* tr_radix: see tr_radix.h. */
#include "tr_radix.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

static uint64_t key_at(const unsigned char *p)
{
    uint64_t k;
    memcpy(&k, p, sizeof k);
    return k;
}

int tr_radix_sort(void *a, size_t n, size_t size)
{
    if (n < 2)
        return 0;
    if (n > SIZE_MAX / size)
        return -1;
    unsigned char *src = a, *tmp = malloc(n * size);
    if (!tmp)
        return -1;
    unsigned char *dst = tmp;
    for (unsigned shift = 0; shift < 64; shift += 8) {
        size_t count[256] = {0};
        for (size_t i = 0; i < n; i++)
            count[(key_at(src + i * size) >> shift) & 0xff]++;
        if (count[(key_at(src) >> shift) & 0xff] == n)
            continue;
        size_t at = 0;
        for (int b = 0; b < 256; b++) {
            size_t c = count[b];
            count[b] = at;
            at += c;
        }
        for (size_t i = 0; i < n; i++) {
            const unsigned char *r = src + i * size;
            memcpy(dst + count[(key_at(r) >> shift) & 0xff]++ * size, r, size);
        }
        unsigned char *t = src;
        src = dst;
        dst = t;
    }
    if (src != a)
        memcpy(a, src, n * size);
    free(tmp);
    return 0;
}
