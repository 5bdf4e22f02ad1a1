/* latin: what ICU says about the Latin letters, asked once and kept in a table.
 *
 * Nearly every character of our text is ASCII, a Vietnamese letter (Latin-1,
 * Latin Extended-A/B, Latin Extended Additional) or a combining mark of U+03xx.
 * For those, the analyzer's hot path needs the general category, the case
 * folding, whether NFC can leave the character alone, and the letter without
 * diacritics. ICU answers each through a function call, a trie lookup and, for
 * case folding and NFC checks, some object set-up per string; together that was
 * most of the time spent outside the break iterator. So icu.c asks ICU once for
 * these ranges, here, and the rest of analyzers/ reads the answers from
 * vn_latin_lo/vn_latin_hi (vn_latin() in vn_int.h). Characters outside the ranges
 * still go to ICU. Deriving the table from ICU rather than typing it in keeps the
 * two from ever disagreeing.
 */
#include "vn_int.h"

#include <unicode/uchar.h>
#include <unicode/ustring.h>
#include <unicode/utf16.h>

vn_latin_info vn_latin_lo[VN_LATIN_LO_END];
vn_latin_info vn_latin_hi[VN_LATIN_HI_END - VN_LATIN_HI_START];

int vn_is_diacritic(UChar32 c)
{
    return (c >= 0x0300 && c < 0x0370) || (c >= 0x1AB0 && c < 0x1B00) ||
           (c >= 0x1DC0 && c < 0x1E00) || (c >= 0x20D0 && c < 0x2100) ||
           (c >= 0xFE20 && c < 0xFE30);
}

int32_t vn_strip_one(UChar32 c, UChar *out)
{
    UChar d[32];
    UErrorCode st = U_ZERO_ERROR;
    int32_t k = unorm2_getDecomposition(vn_icu_nfd(), c, d, 32, &st);
    if (U_FAILURE(st) || k <= 0)
        return -1;
    int32_t o = 0, dropped = 0;
    for (int32_t i = 0; i < k;) {
        UChar32 x;
        U16_NEXT(d, i, k, x);
        if (vn_is_diacritic(x))
            dropped = 1;
        else
            U16_APPEND_UNSAFE(out, o, x);
    }
    return dropped ? o : -1;
}

static void fill(vn_latin_info *e, UChar32 c)
{
    unsigned f = 0;
    switch (u_charType(c)) {
    case U_UPPERCASE_LETTER:
    case U_TITLECASE_LETTER: f = VN_L_LETTER | VN_L_UPPER; break;
    case U_LOWERCASE_LETTER: f = VN_L_LETTER | VN_L_LOWER; break;
    case U_MODIFIER_LETTER:
    case U_OTHER_LETTER: f = VN_L_LETTER; break;
    case U_NON_SPACING_MARK:
    case U_ENCLOSING_MARK:
    case U_COMBINING_SPACING_MARK: f = VN_L_MARK; break;
    case U_DECIMAL_DIGIT_NUMBER: f = VN_L_DIGIT; break;
    default: break;
    }
    /* NFC leaves a run of such characters alone: none combines with what follows
     * it (only NFC_QC=Maybe characters do), and none needs reordering (ccc 0). */
    if (u_getCombiningClass(c) == 0 &&
        u_getIntPropertyValue(c, UCHAR_NFC_QUICK_CHECK) == UNORM_YES)
        f |= VN_L_NFC_INERT;
    UChar src[2], dst[8];
    int32_t n = 0;
    U16_APPEND_UNSAFE(src, n, c);
    UErrorCode st = U_ZERO_ERROR;
    int32_t m = u_strFoldCase(dst, 8, src, n, U_FOLD_CASE_DEFAULT, &st);
    e->fold = U_SUCCESS(st) && m == 1 ? dst[0] : 0;
    UChar out[32];
    int32_t k = vn_strip_one(c, out);
    e->base = 0;
    if (k == 1 && out[0] < 0x80)
        e->base = (unsigned char)out[0];
    else if (k >= 0)
        e->base = VN_BASE_OTHER;
    e->flags = (unsigned char)f;
}

void vn_latin_init(void)
{
    for (UChar32 c = 0; c < VN_LATIN_LO_END; c++)
        fill(&vn_latin_lo[c], c);
    for (UChar32 c = VN_LATIN_HI_START; c < VN_LATIN_HI_END; c++)
        fill(&vn_latin_hi[c - VN_LATIN_HI_START], c);
    /* đ is a letter of its own, not d with a stroke: no decomposition, but it
     * folds to d all the same. */
    vn_latin_lo[0x0110].base = 'D';
    vn_latin_lo[0x0111].base = 'd';
}
