/* fold: the form of a word without its diacritics ("Đà Nẵng" -> "da nang").
 *
 * People type Vietnamese without marks at least as often as with them, so every
 * token is also indexed folded: NFD, every combining diacritic dropped, đ -> d,
 * NFC again. đ has no decomposition (it is a letter of its own, not d plus a
 * stroke), hence its own rule.
 *
 * Decomposing every token with ICU would cost more than the rest of the analysis;
 * the Latin letters (all of Vietnamese) are answered from latin.c's table, built
 * from ICU's NFD at start-up, and ICU is asked only for the rest (Greek,
 * Cyrillic, ...).
 */
#include "vn_int.h"

#include <unicode/utf16.h>
#include <unicode/utf8.h>

int vn_cp_has_marks(UChar32 c)
{
    if (vn_is_diacritic(c))
        return 1;
    unsigned b = vn_latin_base(c);
    if (b != VN_BASE_OTHER)
        return b != 0;
    UChar out[32];
    return vn_strip_one(c, out) >= 0;
}

int32_t vn_strip_marks(const UChar *src, int32_t n, UChar *dst, int32_t cap)
{
    int32_t o = 0;
    for (int32_t i = 0; i < n;) {
        /* ASCII takes the general path too: its table entry (base 0, nothing to drop)
         * is as quick to read as a test for it. */
        int32_t at = i;
        UChar32 c;
        U16_NEXT(src, i, n, c);
        if (vn_is_diacritic(c))
            continue;
        unsigned b = vn_latin_base(c);
        UChar out[32];
        int32_t k = -1;
        if (b == VN_BASE_OTHER)
            k = vn_strip_one(c, out);
        if (b != 0 && b != VN_BASE_OTHER) {
            out[0] = (UChar)b;
            k = 1;
        }
        if (k < 0) { /* nothing to drop: copy c as it was */
            k = i - at;
            out[0] = src[at];
            if (k == 2)
                out[1] = src[at + 1];
        }
        if (o + k > cap)
            return -1;
        for (int32_t j = 0; j < k; j++)
            dst[o++] = out[j];
    }
    return o;
}

int vn_has_marks(const char *text, size_t len)
{
    const uint8_t *s = (const uint8_t *)text;
    if (!s || vn_icu_init(NULL) != 0)
        return 0;
    for (size_t i = 0; i < len;) {
        UChar32 c;
        U8_NEXT_OR_FFFD(s, i, len, c);
        if (vn_cp_has_marks(c))
            return 1;
    }
    return 0;
}
