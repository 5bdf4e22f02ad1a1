/* gl_pack: Xapian's glass encodings (gl_pack.h). */
#include "gl_pack.h"

#include <stdlib.h>
#include <string.h>

#include "tr_grow.h"

void gl_buf_free(gl_buf *b)
{
    free(b->p);
    b->p = NULL;
    b->len = b->cap = 0;
    b->oom = 0;
}

void gl_buf_add(gl_buf *b, const void *s, size_t n)
{
    if (b->len + n < b->len) { /* overflow */
        b->oom = 1;
        return;
    }
    unsigned char *p = tr_grow(b->p, b->len + n, &b->cap, 1, 256);
    if (!p) {
        b->oom = 1;
        return;
    }
    b->p = p;
    if (n) memcpy(b->p + b->len, s, n);
    b->len += n;
}

void gl_buf_byte(gl_buf *b, unsigned char c)
{
    if (b->len < b->cap) {
        b->p[b->len++] = c;
        return;
    }
    gl_buf_add(b, &c, 1);
}

void gl_pack_uint_grow(gl_buf *b, uint64_t v)
{
    unsigned char tmp[10];
    size_t n = 0;
    while (v >= 128) {
        tmp[n++] = (unsigned char)(v | 0x80);
        v >>= 7;
    }
    tmp[n++] = (unsigned char)v;
    gl_buf_add(b, tmp, n);
}

void gl_pack_uint_last(gl_buf *b, uint64_t v)
{
    unsigned char tmp[8];
    size_t n = 0;
    while (v) {
        tmp[n++] = (unsigned char)v;
        v >>= 8;
    }
    gl_buf_add(b, tmp, n);
}

void gl_pack_uint_sort(gl_buf *b, uint64_t v)
{
    unsigned char tmp[9];
    if (v < 0x8000) {
        tmp[0] = (unsigned char)(v >> 8);
        tmp[1] = (unsigned char)v;
        gl_buf_add(b, tmp, 2);
        return;
    }
    /* Xapian: len = (64 + 5 - clz(v)) / 7 bytes, the first holding a unary length
     * (len - 1 high bits set, as a mask) and the top bits of the value. */
    size_t len = (size_t)((64 + 5 - __builtin_clzll(v)) / 7);
    unsigned mask = 0xffu << (10 - len);
    for (size_t i = 1; i != len; ++i) {
        tmp[len - i] = (unsigned char)v;
        v >>= 8;
    }
    tmp[0] = (unsigned char)(v | mask);
    gl_buf_add(b, tmp, len);
}

void gl_pack_string(gl_buf *b, const void *s, size_t n)
{
    gl_pack_uint(b, n);
    gl_buf_add(b, s, n);
}

void gl_pack_string_sort(gl_buf *b, const void *s, size_t n, int last)
{
    const unsigned char *p = s, *end = p + n;
    while (p < end) {
        const unsigned char *z = memchr(p, 0, (size_t)(end - p));
        if (!z) {
            gl_buf_add(b, p, (size_t)(end - p));
            break;
        }
        gl_buf_add(b, p, (size_t)(z - p) + 1);
        gl_buf_byte(b, 0xff);
        p = z + 1;
    }
    if (!last) gl_buf_byte(b, 0);
}

void gl_pack_bool(gl_buf *b, int v)
{
    gl_buf_byte(b, v ? '1' : '0');
}
