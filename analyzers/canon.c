/* canon: one spelling for a Vietnamese syllable, however it was typed or converted.
 *
 * The same syllable reaches us in several spellings that a reader takes for one:
 *   - look-alike letters: Ð/ð (U+00D0/U+00F0, the Icelandic eth) for Đ/đ, from old
 *     fonts and Windows code pages; Cyrillic or Greek letters (а е о р с у х, ο α ...)
 *     inside an otherwise Latin word, from OCR and keyboard mix-ups;
 *   - marks left over: a combining tone or shape after a letter that already has it
 *     ("ệ" + U+0323), and the deprecated tone marks U+0340/U+0341;
 *   - the tone on the wrong vowel: "lựơng", "nghịêm", "baỏ", "đaị" (some input methods,
 *     conversions from legacy encodings), and the old-style "hoà", "thuỷ", "khoẻ".
 * Each syllable is taken apart into letters (base, vowel shape, tone), its one tone is
 * put where the orthography puts it, and it is written back precomposed, each letter in
 * its case. The placement, for the vowel group after the initial (gi and qu are
 * initials):
 *   - on the vowel with a shape (ă â ê ô ơ ư), the second of ươ: "lượng", "nghiệm";
 *   - else, with a final consonant, on the last vowel: "hoàn", "toán", "huýt";
 *   - else on the middle of three ("ngoài", "khuỷu") or the first of two: "bảo", "đại",
 *     and "hòa", "thủy", "khỏe" (the new style, which the index has always used).
 *
 * Only a run of letters that spells a Vietnamese syllable (legacy_syllable.c's test) is
 * rewritten; names and foreign words ("Guðrún", "Microsoft" with a Cyrillic с, Greek
 * words) are left as they are. The one exception is an abbreviation in capitals
 * ("ÐHQG"), where Ð can only be Đ. A Cyrillic or Greek letter is read as Latin only
 * beside a real Latin letter, so that a Russian "на" never becomes "ha".
 *
 * This runs on the source, before case folding and NFC (a Cyrillic е with a combining
 * circumflex would not compose), for tokens and whole strings alike, one run of letters
 * and marks at a time: a token's runs are the whole text's runs, so a token normalised
 * alone is the token normalised in its text. The result is never longer than the
 * source: a letter stays one unit and marks are absorbed into their letters.
 */
#include "vn_int.h"

#include <string.h>

#include <unicode/uchar.h>
#include <unicode/utf16.h>

#include "legacy_int.h"

/* Vietnamese letters taken apart, by code point: ASCII to Latin Extended-B (ư is
 * U+01B0) and Latin Extended Additional. A base of 0: not a Vietnamese letter. Read
 * for every letter of every marked token, so a lookup rather than lg_letter_of()'s
 * search. */
#define LO_END 0x01B1
#define HI_START 0x1EA0
#define HI_END 0x1EFA
static lg_letter letters_lo[LO_END];
static lg_letter letters_hi[HI_END - HI_START];

void vn_canon_init(void)
{
    for (UChar32 c = 0; c < LO_END; c++)
        if (!lg_letter_of(c, &letters_lo[c]))
            letters_lo[c].base = 0;
    for (UChar32 c = HI_START; c < HI_END; c++)
        if (!lg_letter_of(c, &letters_hi[c - HI_START]))
            letters_hi[c - HI_START].base = 0;
}

static int letter_of(UChar c, lg_letter *out)
{
    if (c < LO_END)
        *out = letters_lo[c];
    else if (c >= HI_START && c < HI_END)
        *out = letters_hi[c - HI_START];
    else
        return 0;
    return out->base != 0;
}

/* Letters of other scripts drawn like a Latin one, by code point (Unicode's
 * confusables, kept to those that look the same at text size and in both cases where
 * they are listed). */
static const struct {
    UChar from, to;
} lookalikes[] = {
    {0x0391, 'A'}, {0x0392, 'B'}, {0x0395, 'E'}, {0x0396, 'Z'}, {0x0397, 'H'}, {0x0399, 'I'},
    {0x039A, 'K'}, {0x039C, 'M'}, {0x039D, 'N'}, {0x039F, 'O'}, {0x03A1, 'P'}, {0x03A4, 'T'},
    {0x03A5, 'Y'}, {0x03A7, 'X'}, {0x03B1, 'a'}, {0x03B9, 'i'}, {0x03BD, 'v'}, {0x03BF, 'o'},
    {0x03C5, 'u'}, {0x0405, 'S'}, {0x0406, 'I'}, {0x0408, 'J'}, {0x0410, 'A'}, {0x0412, 'B'},
    {0x0415, 'E'}, {0x041A, 'K'}, {0x041C, 'M'}, {0x041D, 'H'}, {0x041E, 'O'}, {0x0420, 'P'},
    {0x0421, 'C'}, {0x0422, 'T'}, {0x0423, 'Y'}, {0x0425, 'X'}, {0x0430, 'a'}, {0x0435, 'e'},
    {0x043E, 'o'}, {0x0440, 'p'}, {0x0441, 'c'}, {0x0443, 'y'}, {0x0445, 'x'}, {0x0455, 's'},
    {0x0456, 'i'}, {0x0458, 'j'}, {0x04AE, 'Y'}, {0x04BB, 'h'}, {0x0501, 'd'}, {0x051B, 'q'},
    {0x051D, 'w'},
};

static UChar lookalike(UChar c)
{
    size_t lo = 0, hi = sizeof lookalikes / sizeof lookalikes[0];
    while (lo < hi) {
        size_t mid = (lo + hi) / 2;
        if (lookalikes[mid].from == c)
            return lookalikes[mid].to;
        if (lookalikes[mid].from < c)
            lo = mid + 1;
        else
            hi = mid;
    }
    return 0;
}

/* Eth and the African D, drawn as Đ in upper case. */
static UChar eth(UChar c)
{
    return c == 0x00D0 || c == 0x0189 ? 0x0110 : c == 0x00F0 ? 0x0111 : 0;
}

/* What a combining mark adds to a Vietnamese letter: a tone (LG_ACUTE ...) or, as
 * -LG_BREVE ..., a shape. 0 for any other mark. */
static int mark_of(UChar c)
{
    switch (c) {
    case 0x0300: case 0x0340: return LG_GRAVE;
    case 0x0301: case 0x0341: return LG_ACUTE;
    case 0x0309: return LG_HOOK;
    case 0x0303: return LG_TILDE;
    case 0x0323: return LG_DOT;
    case 0x0306: return -LG_BREVE;
    case 0x0302: return -LG_CIRC;
    case 0x031B: return -LG_HORN;
    default: return 0;
    }
}

/* Longer than any syllable, with room for a mark per letter: such a run is left. */
#define RUN_MAX 24

typedef struct syllable {
    lg_letter l[RUN_MAX];
    int32_t n;
    int tone;
    int latin;   /* a letter that is Latin in its own right */
    int foreign; /* a Cyrillic or Greek look-alike */
    int eth;     /* an Ð or ð */
    int lower;   /* a lower-case letter */
    int marks;   /* a combining mark */
    int32_t typed_at; /* the letter the tone was typed on, -1 for none */
} syllable;

/* Adds a combining mark to the last letter; 0 when it makes no Vietnamese letter or
 * gives the letter a second, different tone. */
static int add_mark(syllable *y, int m)
{
    if (y->n == 0 || m == 0)
        return 0;
    lg_letter *l = &y->l[y->n - 1];
    if (m > 0) {
        if (l->tone && l->tone != m)
            return 0;
        l->tone = (uint8_t)m;
        return lg_compose(l->base, l->shape, l->tone, 0) != 0;
    }
    if (l->shape && l->shape != -m)
        return 0;
    l->shape = (uint8_t)-m;
    return lg_compose(l->base, l->shape, LG_LEVEL, 0) != 0;
}

/* Takes the run s[0..n) apart. 0 when it is not made of Vietnamese letters (and
 * look-alikes) and their marks, or carries two different tones. */
static int take_apart(const UChar *s, int32_t n, syllable *y)
{
    memset(y, 0, sizeof *y);
    if (n > RUN_MAX)
        return 0;
    for (int32_t i = 0; i < n; i++) {
        UChar c = s[i], as;
        int m = mark_of(c);
        if (m) {
            if (!add_mark(y, m))
                return 0;
            y->marks = 1;
            continue;
        }
        /* Vietnamese letters first: nearly every letter is one. */
        if (letter_of(c, &y->l[y->n])) {
            y->latin = 1;
        } else if ((as = eth(c)) != 0) {
            y->eth = 1;
            letter_of(as, &y->l[y->n]);
        } else if ((as = lookalike(c)) != 0) {
            y->foreign = 1;
            letter_of(as, &y->l[y->n]);
        } else {
            return 0;
        }
        y->lower |= !y->l[y->n].upper;
        y->n++;
    }
    return y->n > 0;
}

/* Takes the tone off the letters into y->tone (the same tone typed twice is one);
 * 0 when two letters carry different tones: no syllable has two. */
static int merge_tone(syllable *y)
{
    y->typed_at = -1;
    for (int32_t i = 0; i < y->n; i++) {
        int t = y->l[i].tone;
        if (t && y->tone && t != y->tone)
            return 0;
        if (t && !y->tone)
            y->typed_at = i;
        y->tone = t ? t : y->tone;
        y->l[i].tone = LG_LEVEL;
    }
    return 1;
}

static int is_vowel(char b)
{
    return b == 'a' || b == 'e' || b == 'i' || b == 'o' || b == 'u' || b == 'y';
}

/* The letter that carries the tone (see the top of the file); -1 without a vowel. */
static int32_t tone_slot(const lg_letter *l, int32_t n)
{
    int32_t v = 0;
    while (v < n && !is_vowel(l[v].base))
        v++;
    /* gi and qu before another vowel are initials: "giữ", "quả". */
    if (v == 1 && n > 2 && is_vowel(l[2].base) &&
        ((l[0].base == 'q' && l[1].base == 'u' && !l[1].shape) ||
         (l[0].base == 'g' && l[1].base == 'i')))
        v = 2;
    int32_t e = v, shaped = -1;
    for (; e < n && is_vowel(l[e].base); e++)
        if (l[e].shape)
            shaped = e;
    if (e == v)
        return -1;
    if (shaped >= 0)
        return shaped;
    if (e < n)
        return e - 1;
    return e - v == 3 ? v + 1 : v;
}

/* 1 when letters at, at + 1 are the last two and make oa, oe or uy, whose tone the
 * old style puts on the second vowel ("hoà", "khoẻ", "thuỷ") and the new one on the
 * first. */
static int open_pair(const syllable *y, int32_t at)
{
    const lg_letter *l = y->l;
    return at + 2 == y->n && !l[at].shape && !l[at + 1].shape &&
           ((l[at].base == 'o' && (l[at + 1].base == 'a' || l[at + 1].base == 'e')) ||
            (l[at].base == 'u' && l[at + 1].base == 'y'));
}

/* 1 when the tone, canonical on letter `at`, was typed on a letter where no spelling
 * convention puts it: not there, and not on the second vowel of an open pair. */
static int misplaced(const syllable *y, int32_t at)
{
    if (y->typed_at < 0 || y->typed_at == at)
        return 0;
    return !(open_pair(y, at) && y->typed_at == at + 1);
}

/* A run that is no syllable but ends in an open pair in the old style, after a
 * consonant: words glued together ("cụcthuỷ", a space lost in conversion) keep the
 * one placement the index has always given such an end, "cụcthủy". `y` as taken
 * apart, tones on their letters. 1 when moved. */
static int glued_pair(syllable *y)
{
    int32_t at = y->n - 2;
    if (at < 0 || !open_pair(y, at) || y->l[at].tone || !y->l[at + 1].tone)
        return 0;
    char before = at > 0 ? y->l[at - 1].base : 0;
    if (is_vowel(before) || (y->l[at].base == 'u' && before == 'q'))
        return 0;
    y->l[at].tone = y->l[at + 1].tone;
    y->l[at + 1].tone = LG_LEVEL;
    return 1;
}

/* Writes the letters back over s, each composed in its case; returns how many. */
static int32_t write_back(const syllable *y, UChar *s)
{
    for (int32_t i = 0; i < y->n; i++) {
        const lg_letter *l = &y->l[i];
        s[i] = lg_compose(l->base, l->shape, l->tone, l->upper);
    }
    return y->n;
}

/* 1 when writing y back could only give the run as it is: precomposed letters of
 * its own script, and no tone or one tone where it belongs. Most syllables of any
 * text: they skip the test of spelling. */
static int as_it_is(const syllable *y)
{
    if (y->foreign || y->eth || y->marks)
        return 0;
    int32_t toned = -1;
    for (int32_t i = 0; i < y->n; i++)
        if (y->l[i].tone) {
            if (toned >= 0)
                return 0;
            toned = i;
        }
    return toned < 0 || tone_slot(y->l, y->n) == toned;
}

/* The canonical spelling of the run s[0..n), written over it; its new length. *moved
 * set to 1 when the tone was misplaced. */
static int32_t canon_run(UChar *s, int32_t n, int *moved)
{
    syllable y;
    if (!take_apart(s, n, &y) || as_it_is(&y))
        return n;
    /* A look-alike is read as Latin only beside a real Latin letter. */
    if (y.foreign && !y.latin)
        return n;
    syllable m = y;
    int32_t at = merge_tone(&m) ? tone_slot(m.l, m.n) : -1;
    if (at >= 0) {
        m.l[at].tone = (uint8_t)m.tone;
        if (lg_syllable_ok(m.l, (size_t)m.n, NULL)) {
            *moved |= misplaced(&m, at);
            return write_back(&m, s);
        }
    }
    if (!y.foreign && !y.eth && glued_pair(&y))
        return write_back(&y, s);
    /* Not a syllable: an abbreviation in capitals may still have its Ð read as Đ. */
    if (y.eth && !y.foreign && !y.lower && m.tone == LG_LEVEL) {
        for (int32_t i = 0; i < n; i++)
            if (eth(s[i]))
                s[i] = eth(s[i]);
    }
    return n;
}

/* A letter or a mark continues a run; anything else (space, digit, apostrophe, the
 * joiners of a compound) ends it. */
static int in_run(UChar c)
{
    if (c < 0x80)
        return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
    const vn_latin_info *e = vn_latin(c);
    if (e)
        return (e->flags & (VN_L_LETTER | VN_L_MARK)) != 0;
    if (U16_IS_SURROGATE(c))
        return 1;
    return u_isalpha(c) || (U_GET_GC_MASK(c) & U_GC_M_MASK) != 0;
}

int32_t vn_canon(UChar *s, int32_t n, int *misplaced_out)
{
    int32_t o = 0;
    int moved = 0;
    for (int32_t i = 0; i < n;) {
        int32_t b = i, ascii = 1;
        while (i < n && in_run(s[i])) {
            ascii &= s[i] < 0x80;
            i++;
        }
        if (i == b) {
            s[o++] = s[i++];
            continue;
        }
        /* Plain ASCII has no mark to move and no look-alike: the common case. */
        int32_t m = ascii ? i - b : canon_run(s + b, i - b, &moved);
        memmove(s + o, s + b, (size_t)m * sizeof *s);
        o += m;
    }
    if (misplaced_out)
        *misplaced_out = moved;
    return o;
}
