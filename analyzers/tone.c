/* tone: one canonical place for the tone mark in oa, oe and uy.
 *
 * Vietnamese writes the same syllable two ways: "hoà" and "hòa", "thuỷ" and
 * "thủy", "khoẻ" and "khỏe". The old style (still common in government text)
 * puts the mark on the second vowel of oa/oe/uy, the new style on the first; both
 * are correct, and a search for one must find the other. Folding alone would not
 * do: the exact form is indexed too. So the exact form gets one spelling.
 *
 * The rule. The ambiguity exists only when the pair ends the syllable: with a
 * final consonant or vowel after it (hoàn, toán, khoảng, thuyền, hoài, khuỷu) the
 * mark has always gone on the second vowel and nobody writes it otherwise. So:
 * when o+a, o+e or u+y ends a syllable and the tone sits on the a/e/y, move it to
 * the o/u. Two look-alikes must be left alone:
 *   - "qu": the u is part of the consonant, so "quý", "quỳ", "quả" carry the tone
 *     on their only real vowel and are already canonical;
 *   - a vowel before the o/u ("uoa" does not occur, but a foreign word might):
 *     then the o/u is not the start of the nucleus and we do not guess.
 * The text is NFC and case-folded by now, so every toned vowel is one code unit
 * and the move is an exchange of two units, done in place.
 */
#include "vn_int.h"

#include <unicode/uchar.h>
#include <unicode/utf16.h>

/* The five tones in one order (huyền, sắc, hỏi, ngã, nặng) for each vowel the
 * rule touches; the index carries the tone from one vowel to the other. */
static const UChar a_toned[5] = {0x00E0, 0x00E1, 0x1EA3, 0x00E3, 0x1EA1}; /* à á ả ã ạ */
static const UChar e_toned[5] = {0x00E8, 0x00E9, 0x1EBB, 0x1EBD, 0x1EB9}; /* è é ẻ ẽ ẹ */
static const UChar y_toned[5] = {0x1EF3, 0x00FD, 0x1EF7, 0x1EF9, 0x1EF5}; /* ỳ ý ỷ ỹ ỵ */
static const UChar o_toned[5] = {0x00F2, 0x00F3, 0x1ECF, 0x00F5, 0x1ECD}; /* ò ó ỏ õ ọ */
static const UChar u_toned[5] = {0x00F9, 0x00FA, 0x1EE7, 0x0169, 0x1EE5}; /* ù ú ủ ũ ụ */

static int tone_of(UChar c, const UChar toned[5])
{
    for (int t = 0; t < 5; t++)
        if (toned[t] == c)
            return t;
    return -1;
}

static int is_vowel(UChar c)
{
    unsigned b = c < 0x80 ? c : vn_latin_base(c);
    return b == 'a' || b == 'e' || b == 'i' || b == 'o' || b == 'u' || b == 'y';
}

/* A letter or mark continues the syllable; anything else (space, digit, joiner of
 * a compound) ends it. Surrogates are never part of a Vietnamese syllable. */
static int continues_syllable(UChar c)
{
    if (c < 0x80)
        return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
    if (U16_IS_SURROGATE(c))
        return 1;
    return u_isalpha(c) || (U_GET_GC_MASK(c) & U_GC_M_MASK) != 0;
}

void vn_tone_canon(UChar *s, int32_t n)
{
    for (int32_t i = 0; i + 1 < n; i++) {
        UChar c = s[i];
        if (c != 'o' && c != 'u')
            continue;
        int t = c == 'o' ? tone_of(s[i + 1], a_toned) : tone_of(s[i + 1], y_toned);
        UChar second = 'a';
        if (c == 'o' && t < 0) {
            t = tone_of(s[i + 1], e_toned);
            second = 'e';
        } else if (c == 'u') {
            second = 'y';
        }
        if (t < 0)
            continue;
        if (i + 2 < n && continues_syllable(s[i + 2]))
            continue;
        if (i > 0 && (is_vowel(s[i - 1]) || (c == 'u' && s[i - 1] == 'q')))
            continue;
        s[i] = c == 'o' ? o_toned[t] : u_toned[t];
        s[i + 1] = second;
    }
}
