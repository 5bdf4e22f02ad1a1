/* utf8: the caller's bytes in and out of ICU's UTF-16, and where to cut chunks.
 *
 * Text from the web and from converted office files holds invalid UTF-8 often
 * enough that refusing it is not an option. Decoding replaces each ill-formed
 * subsequence (overlong, surrogate, truncated, above U+10FFFF) by one U+FFFD, the
 * "maximal subpart" practice of Unicode §3.9 that ICU's U8_NEXT_OR_FFFD follows,
 * reads the full-width forms of ASCII (ＡＢＣ, １２３, ＆, from East Asian input
 * methods) as ASCII, as NFKC would, so that words, numbers and compounds are found
 * whatever their width, and records for every UTF-16 unit the offset of its bytes, so that tokens can
 * point back into the original text for snippets.
 */
#include "vn_int.h"

#include <unicode/utf16.h>
#include <unicode/utf8.h>

int32_t vn_utf8_decode(const uint8_t *src, int32_t len, UChar *dst, uint32_t *map)
{
    int32_t i = 0, n = 0;
    while (i < len) {
        /* Most of a Vietnamese text is ASCII (spaces, consonants, a, i, o, ...). */
        if (src[i] < 0x80) {
            if (map)
                map[n] = (uint32_t)i;
            dst[n++] = src[i++];
            continue;
        }
        int32_t at = i;
        UChar32 c;
        U8_NEXT_OR_FFFD(src, i, len, c);
        if (c >= 0xFF01 && c <= 0xFF5E)
            c -= 0xFF01 - 0x21;
        if (map)
            map[n] = (uint32_t)at;
        if (c <= 0xFFFF) {
            dst[n++] = (UChar)c;
        } else {
            if (map)
                map[n + 1] = (uint32_t)at;
            dst[n++] = U16_LEAD(c);
            dst[n++] = U16_TRAIL(c);
        }
    }
    if (map)
        map[n] = (uint32_t)len;
    return n;
}

int32_t vn_utf16_to_utf8(const UChar *src, int32_t n, char *dst, int32_t cap)
{
    int32_t o = 0;
    for (int32_t i = 0; i < n;) {
        UChar32 c = src[i];
        if (c < 0x80) {
            if (o >= cap)
                return -1;
            dst[o++] = (char)c;
            i++;
            continue;
        }
        U16_NEXT(src, i, n, c);
        if (o + U8_LENGTH(c) > cap)
            return -1;
        UBool bad = 0;
        U8_APPEND((uint8_t *)dst, o, cap, c, bad);
        if (bad)
            return -1;
    }
    return o;
}

int vn_utf8_valid(const char *text, size_t len)
{
    const uint8_t *s = (const uint8_t *)text;
    if (len > 0 && !s)
        return 0;
    size_t i = 0;
    while (i < len) {
        if (s[i] < 0x80) {
            i++;
            continue;
        }
        UChar32 c;
        U8_NEXT(s, i, len, c);
        if (c < 0)
            return 0;
    }
    return 1;
}

size_t vn_utf8_cut(const char *text, size_t len, size_t max)
{
    if (len <= max)
        return len;
    while (max > 0 && ((unsigned char)text[max] & 0xC0) == 0x80)
        max--;
    return max;
}

static int is_space_byte(uint8_t b)
{
    return b == ' ' || b == '\t' || b == '\n' || b == '\r';
}

size_t vn_chunk_end(const char *text, size_t len, size_t off)
{
    if (len - off <= VN_CHUNK)
        return len;
    const uint8_t *s = (const uint8_t *)text;
    size_t lim = off + VN_CHUNK;
    /* Look back at most 1/16 of a chunk: a token or a URL is never that long. */
    size_t floor = lim - VN_CHUNK / 16;
    for (size_t i = lim; i > floor; i--)
        if (is_space_byte(s[i - 1]))
            return i;
    /* No space: a line of base64 or a glued table. An ASCII byte is a starter that
     * nothing before it combines with, so NFC is the same on both sides; a token
     * crossing the cut is cut in two. */
    for (size_t i = lim; i > floor; i--)
        if (s[i] < 0x80)
            return i;
    size_t i = lim;
    while (i > lim - 3 && U8_IS_TRAIL(s[i]))
        i--;
    return i;
}
