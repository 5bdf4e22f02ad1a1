/* gl_pack: the byte encodings of Xapian's glass format, appended to a growing buffer.
 *
 * glass/ writes a new Xapian database (glass backend, Xapian 1.4) in C, from documents
 * already analysed, without Xapian's writer: see gl_build.h for why. Every number and
 * string in glass's keys and tags is one of these encodings (Xapian's common/pack.h);
 * the names say which. A buffer that fails to grow remembers it (`oom`), so a writer
 * appends freely and checks once.
 */
#ifndef GL_PACK_H
#define GL_PACK_H

#include <stddef.h>
#include <stdint.h>

typedef struct gl_buf {
    unsigned char *p;
    size_t len, cap;
    int oom; /* an append failed for want of memory: the content is incomplete */
} gl_buf;

void gl_buf_free(gl_buf *b);
static inline void gl_buf_reset(gl_buf *b) { b->len = 0; }
/* Appends n bytes of s; on failure sets oom and appends nothing. */
void gl_buf_add(gl_buf *b, const void *s, size_t n);
void gl_buf_byte(gl_buf *b, unsigned char c);

/* pack_uint: 7 bits a byte, least significant first, the top bit set on all but the last.
 * Inline: two a posting when posting lists are written. */
void gl_pack_uint_grow(gl_buf *b, uint64_t v);
static inline void gl_pack_uint(gl_buf *b, uint64_t v)
{
    if (b->cap - b->len < 10) {
        gl_pack_uint_grow(b, v);
        return;
    }
    unsigned char *p = b->p + b->len;
    while (v >= 128) {
        *p++ = (unsigned char)(v | 0x80);
        v >>= 7;
    }
    *p++ = (unsigned char)v;
    b->len = (size_t)(p - b->p);
}
/* pack_uint_last: the bytes of v, least significant first, none for 0; only where the
 * end of the string says where the number ends. */
void gl_pack_uint_last(gl_buf *b, uint64_t v);
/* pack_uint_preserving_sort: byte order is numeric order (docids in keys). */
void gl_pack_uint_sort(gl_buf *b, uint64_t v);
/* pack_string: the length as pack_uint, then the bytes. */
void gl_pack_string(gl_buf *b, const void *s, size_t n);
/* pack_string_preserving_sort: NUL written as NUL 0xff, then a NUL unless `last`; byte
 * order of the results is byte order of the strings. */
void gl_pack_string_sort(gl_buf *b, const void *s, size_t n, int last);
/* pack_bool: '0' or '1'. */
void gl_pack_bool(gl_buf *b, int v);

#endif
