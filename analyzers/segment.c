/* segment: ICU's word segments cut into atoms, the runs of letters and digits.
 *
 * ICU's word rules (UAX #29) suit English: they keep "TP.HCM", "3,5" and
 * "don't" whole, but also "xong.Ngày" (a missing space after a full stop, common
 * in scraped text), and they split "01/NQ-CP" and "KH&CN". Rather than fight them,
 * we take from ICU what it is good at (which code points form words, Thai and CJK
 * word boundaries, marks staying with their letter, NFD included) and cut its word
 * segments further at every character that is neither letter nor digit. The atoms
 * are then joined back, by our own rules, in compound.c.
 *
 * An atom keeps an apostrophe between two letters (don't, H'Mông), as ICU does,
 * and soft hyphens and zero-width joiners, which normalize.c drops: they are
 * invisible and must not split a word.
 */
#include "vn_int.h"

#include <stdlib.h>

#include <unicode/uchar.h>
#include <unicode/utf16.h>

#include "tr_grow.h"

enum { C_OTHER, C_LETTER, C_DIGIT, C_MARK, C_IGNORE, C_APOS };

int vn_is_ignorable(UChar32 c)
{
    return c == 0x00AD || c == 0x200C || c == 0x200D || c == 0x2060 || c == 0xFEFF;
}

static int class_of(unsigned f, unsigned *cased)
{
    if (f & VN_L_LETTER) {
        *cased = (f & VN_L_UPPER) ? VN_A_UPPER : (f & VN_L_LOWER) ? VN_A_LOWER : 0u;
        return C_LETTER;
    }
    *cased = 0;
    return (f & VN_L_DIGIT) ? C_DIGIT : (f & VN_L_MARK) ? C_MARK : C_OTHER;
}

/* The class of c, and in *cased VN_A_UPPER or VN_A_LOWER for a cased letter.
 * Called for every character of the text: Latin comes from latin.c's table. */
static int classify(UChar32 c, unsigned *cased)
{
    const vn_latin_info *e = vn_latin(c);
    if (e) {
        int cls = class_of(e->flags, cased);
        if (cls == C_OTHER && c == '\'')
            return C_APOS;
        if (cls == C_OTHER && c == 0x00AD)
            return C_IGNORE;
        return cls;
    }
    *cased = 0;
    if (c == 0x2019) /* ’, the typographic apostrophe */
        return C_APOS;
    if (vn_is_ignorable(c))
        return C_IGNORE;
    switch (u_charType(c)) {
    case U_UPPERCASE_LETTER:
    case U_TITLECASE_LETTER: return class_of(VN_L_LETTER | VN_L_UPPER, cased);
    case U_LOWERCASE_LETTER: return class_of(VN_L_LETTER | VN_L_LOWER, cased);
    case U_MODIFIER_LETTER:
    case U_OTHER_LETTER: return C_LETTER;
    case U_NON_SPACING_MARK:
    case U_ENCLOSING_MARK:
    case U_COMBINING_SPACING_MARK: return C_MARK;
    case U_DECIMAL_DIGIT_NUMBER: return C_DIGIT;
    default: return C_OTHER;
    }
}

static int push_atom(vn_analyzer *a, int32_t start, int32_t end, unsigned flags)
{
    vn_atom *p = tr_grow(a->atoms, (size_t)a->natoms + 1, &a->cap_atoms, sizeof *p, 256);
    if (!p)
        return -1;
    a->atoms = p;
    a->atoms[a->natoms++] = (vn_atom){start, end, flags};
    return 0;
}

static int is_letter_at(const UChar *s, int32_t i, int32_t e)
{
    if (i >= e)
        return 0;
    UChar32 c;
    unsigned cased;
    U16_NEXT(s, i, e, c);
    return classify(c, &cased) == C_LETTER;
}

/* Cuts the word segment [b, e) into atoms. */
static int scan_word(vn_analyzer *a, int32_t b, int32_t e)
{
    const UChar *s = a->u16;
    int32_t open = -1; /* start of the atom being read, -1 between atoms */
    unsigned flags = 0;
    int prev = C_OTHER;
    for (int32_t i = b; i < e;) {
        int32_t at = i;
        UChar32 c;
        unsigned cased;
        U16_NEXT(s, i, e, c);
        int cls = classify(c, &cased);
        if (cls == C_APOS)
            cls = open >= 0 && prev == C_LETTER && is_letter_at(s, i, e) ? C_MARK : C_OTHER;
        if (cls == C_OTHER || (open < 0 && (cls == C_MARK || cls == C_IGNORE))) {
            if (open >= 0 && push_atom(a, open, at, flags) != 0)
                return -1;
            open = -1;
            prev = C_OTHER;
            continue;
        }
        if (open < 0) {
            open = at;
            flags = VN_A_ASCII;
        }
        if (c >= 0x80)
            flags &= ~(unsigned)VN_A_ASCII;
        if (cls == C_LETTER) {
            if (!(flags & VN_A_ALPHA) && cased == VN_A_UPPER)
                flags |= VN_A_CAP;
            flags |= VN_A_ALPHA | cased;
        } else if (cls == C_DIGIT) {
            flags |= VN_A_DIGIT;
        } else if (cls == C_IGNORE) {
            flags |= VN_A_IGNORE;
        }
        /* A mark or an ignorable leaves the letter/digit before it in charge. */
        if (cls == C_LETTER || cls == C_DIGIT)
            prev = cls;
    }
    if (open >= 0 && push_atom(a, open, e, flags) != 0)
        return -1;
    return 0;
}

int vn_segment(vn_analyzer *a, int32_t n, tr_error *err)
{
    a->natoms = 0;
    UErrorCode st = U_ZERO_ERROR;
    ubrk_setText(a->bi, a->u16, n, &st);
    if (U_FAILURE(st))
        return tr_error_set(err, TR_EICU, "word break failed: %s", u_errorName(st));
    int32_t b = ubrk_first(a->bi);
    for (int32_t e = ubrk_next(a->bi); e != UBRK_DONE; b = e, e = ubrk_next(a->bi)) {
        /* Spaces, punctuation, symbols, U+FFFD: not words, only gaps. */
        if (ubrk_getRuleStatus(a->bi) < UBRK_WORD_NONE_LIMIT)
            continue;
        if (scan_word(a, b, e) != 0)
            return tr_error_set(err, TR_ENOMEM, "out of memory splitting words");
    }
    return 0;
}

int vn_only_spaces(const UChar *s, int32_t from, int32_t to)
{
    for (int32_t i = from; i < to; i++) {
        UChar c = s[i];
        if (c == ' ' || c == '\t')
            continue;
        if (c < 0x80 || U16_IS_SURROGATE(c))
            return 0;
        if (c != 0x200B && u_charType(c) != U_SPACE_SEPARATOR)
            return 0;
    }
    return 1;
}
