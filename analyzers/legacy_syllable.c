/* legacy_syllable: the 134 Vietnamese letters taken apart, what a Vietnamese
 * syllable may look like, and how much of a text is made of such syllables.
 *
 * Detection reads a sample in every way it might be encoded and keeps the reading
 * whose words are Vietnamese. A wrong reading of TCVN3, VNI or mojibake puts
 * marked letters where Vietnamese spelling cannot have them ("ViƯt", "Vieọt",
 * "ViÖt", "cafộ"), so a test of spelling alone (initial consonant, vowel group,
 * final consonant, one tone that the final allows) tells the readings apart
 * sharply. It is a test of form, not a dictionary: "đị" passes, loanwords fail.
 */
#include "legacy_int.h"

#include <string.h>

#include <unicode/utf8.h>

/* Lower case, by vowel and shape; the tones in LG_LEVEL ... LG_DOT order. With
 * đ, and upper case, these are the 134 letters. */
static const struct {
    char base;
    uint8_t shape;
    UChar tones[6];
} vowels[12] = {
    {'a', LG_PLAIN, {0x0061, 0x00E1, 0x00E0, 0x1EA3, 0x00E3, 0x1EA1}},
    {'a', LG_BREVE, {0x0103, 0x1EAF, 0x1EB1, 0x1EB3, 0x1EB5, 0x1EB7}},
    {'a', LG_CIRC, {0x00E2, 0x1EA5, 0x1EA7, 0x1EA9, 0x1EAB, 0x1EAD}},
    {'e', LG_PLAIN, {0x0065, 0x00E9, 0x00E8, 0x1EBB, 0x1EBD, 0x1EB9}},
    {'e', LG_CIRC, {0x00EA, 0x1EBF, 0x1EC1, 0x1EC3, 0x1EC5, 0x1EC7}},
    {'i', LG_PLAIN, {0x0069, 0x00ED, 0x00EC, 0x1EC9, 0x0129, 0x1ECB}},
    {'o', LG_PLAIN, {0x006F, 0x00F3, 0x00F2, 0x1ECF, 0x00F5, 0x1ECD}},
    {'o', LG_CIRC, {0x00F4, 0x1ED1, 0x1ED3, 0x1ED5, 0x1ED7, 0x1ED9}},
    {'o', LG_HORN, {0x01A1, 0x1EDB, 0x1EDD, 0x1EDF, 0x1EE1, 0x1EE3}},
    {'u', LG_PLAIN, {0x0075, 0x00FA, 0x00F9, 0x1EE7, 0x0169, 0x1EE5}},
    {'u', LG_HORN, {0x01B0, 0x1EE9, 0x1EEB, 0x1EED, 0x1EEF, 0x1EF1}},
    {'y', LG_PLAIN, {0x0079, 0x00FD, 0x1EF3, 0x1EF7, 0x1EF9, 0x1EF5}},
};

#define D_STROKE_LOWER 0x0111
#define D_STROKE_UPPER 0x0110

/* Case pairs: ASCII and Latin-1 are 0x20 apart; Latin Extended Additional puts
 * upper case on the even code point; ă ĩ ũ ơ đ are one apart; ư is not (U+01AF,
 * U+01B0). Only letters of the table come here. */
static UChar upper_of(UChar c)
{
    if (c < 0x100)
        return (UChar)(c - 0x20);
    if (c == 0x01B0)
        return 0x01AF;
    return (UChar)(c - 1);
}

static UChar32 lower_of(UChar32 c)
{
    if ((c >= 'A' && c <= 'Z') || (c >= 0xC0 && c <= 0xDE && c != 0xD7))
        return c + 0x20;
    if (c >= 0x1EA0 && c <= 0x1EF8 && !(c & 1))
        return c + 1;
    switch (c) {
    case 0x0102: case 0x0110: case 0x0128: case 0x0168: case 0x01A0:
        return c + 1;
    case 0x01AF:
        return 0x01B0;
    default:
        return c;
    }
}

UChar lg_compose(char base, int shape, int tone, int upper)
{
    UChar c = 0;
    if (tone < LG_LEVEL || tone > LG_DOT)
        return 0;
    if (base == 'd' && shape == LG_STROKE)
        c = tone == LG_LEVEL ? D_STROKE_LOWER : 0;
    else if (base >= 'a' && base <= 'z' && !strchr("aeiouy", base))
        c = shape == LG_PLAIN && tone == LG_LEVEL ? (UChar)base : 0;
    else
        for (size_t i = 0; i < sizeof vowels / sizeof vowels[0] && !c; i++)
            if (vowels[i].base == base && vowels[i].shape == shape)
                c = vowels[i].tones[tone];
    return c && upper ? upper_of(c) : c;
}

int lg_letter_of(UChar32 c, lg_letter *out)
{
    UChar32 l = lower_of(c);
    memset(out, 0, sizeof *out);
    out->upper = l != c;
    if (l >= 'a' && l <= 'z') {
        out->base = (char)l;
        return 1;
    }
    if (l == D_STROKE_LOWER) {
        out->base = 'd';
        out->shape = LG_STROKE;
        return 1;
    }
    for (size_t i = 0; i < sizeof vowels / sizeof vowels[0]; i++)
        for (int t = 0; t < 6; t++)
            if (vowels[i].tones[t] == l) {
                out->base = vowels[i].base;
                out->shape = vowels[i].shape;
                out->tone = (uint8_t)t;
                return 1;
            }
    return 0;
}

int lg_is_sep(UChar32 c)
{
    /* Digits belong to words: a syllable glued to digits ("U+01BA" read as VIQR)
     * is not one. */
    if (c < 0x80)
        return !((c | 0x20) >= 'a' && (c | 0x20) <= 'z') && !(c >= '0' && c <= '9');
    /* C1 controls, no-break space, the Latin-1 symbols (¡ to ¿), × and ÷. */
    if (c < 0xC0 || c == 0xD7 || c == 0xF7)
        return 1;
    /* General punctuation to the arrows and shapes; CJK punctuation; BOM. */
    return (c >= 0x2000 && c <= 0x2BFF) || (c >= 0x3000 && c <= 0x303F) || c == 0xFEFF;
}

/* ---- syllables ---- */

/* A word is spelled in ASCII for the tests: base letters, a shape after its vowel
 * as VIQR writes it ("a(", "o^", "u+"), đ as 'D' so that no ASCII text can spell
 * it, and the tone apart. */
#define SPELL_MAX 24

static const char *const initials[] = {
    "", "b", "c", "ch", "d", "D", "g", "gh", "gi", "h", "k", "kh", "l", "m", "n",
    "ng", "ngh", "nh", "p", "ph", "qu", "r", "s", "t", "th", "tr", "v", "x"};

static const char *const finals[] = {"", "c", "ch", "m", "n", "ng", "nh", "p", "t"};

enum {
    OPEN = 1u << 0,   /* ends in a glide or a long open vowel: no final */
    CLOSED = 1u << 1, /* must have a final */
    PALATAL = 1u << 2, /* may take the finals ch and nh */
    VELAR = 1u << 3    /* takes only the finals c and ng: "oo" (xoong, moóc) */
};

static const struct {
    const char *v;
    unsigned flags;
} nuclei[] = {
    {"a", PALATAL},  {"a(", CLOSED},  {"a^", CLOSED}, {"e", 0},         {"e^", PALATAL},
    {"i", PALATAL},  {"o", 0},        {"o^", 0},      {"o+", 0},        {"u", 0},
    {"u+", 0},       {"y", PALATAL},  {"ai", OPEN},   {"ao", OPEN},     {"au", OPEN},
    {"ay", OPEN},    {"a^u", OPEN},   {"a^y", OPEN},  {"eo", OPEN},     {"e^u", OPEN},
    {"ia", OPEN},    {"ie^", CLOSED}, {"iu", OPEN},   {"oa", PALATAL},  {"oa(", CLOSED},
    {"oe", 0},       {"oi", OPEN},    {"o^i", OPEN},  {"o+i", OPEN},    {"oo", VELAR},
    {"ua", OPEN},    {"ua^", CLOSED}, {"ue^", PALATAL}, {"ui", OPEN},   {"uo^", CLOSED},
    {"uo+", OPEN},   {"uy", PALATAL}, {"u+a", OPEN},  {"u+i", OPEN},    {"u+o+", CLOSED},
    {"u+u", OPEN},   {"ye^", CLOSED}, {"ie^u", OPEN}, {"ye^u", OPEN},   {"oai", OPEN},
    {"oao", OPEN},   {"oay", OPEN},   {"oeo", OPEN},  {"ua^y", OPEN},   {"uo^i", OPEN},
    {"u+o+i", OPEN}, {"u+o+u", OPEN}, {"uya", OPEN},  {"uye^", CLOSED}, {"uyu", OPEN},
};

/* Spelling rules of the initials: k, gh and ngh go before i, e, ê, y only; c and
 * ng never do, nor g before e or ê (that is gh). */
static int onset_ok(const char *init, const char *nuc)
{
    int front = nuc[0] == 'i' || nuc[0] == 'e' || nuc[0] == 'y';
    if (!strcmp(init, "k") || !strcmp(init, "gh") || !strcmp(init, "ngh"))
        return front;
    if (!strcmp(init, "c") || !strcmp(init, "ng"))
        return !front;
    if (!strcmp(init, "g"))
        return nuc[0] != 'e';
    return 1;
}

static int rime_ok(unsigned flags, const char *fin, int tone)
{
    if (*fin && (flags & OPEN))
        return 0;
    if (!*fin && (flags & CLOSED))
        return 0;
    if ((!strcmp(fin, "ch") || !strcmp(fin, "nh")) && !(flags & PALATAL))
        return 0;
    if ((flags & VELAR) && strcmp(fin, "c") && strcmp(fin, "ng"))
        return 0;
    /* After a stop only the two "entering" tones are possible. */
    if ((!strcmp(fin, "c") || !strcmp(fin, "ch") || !strcmp(fin, "p") || !strcmp(fin, "t")) &&
        tone != LG_ACUTE && tone != LG_DOT)
        return 0;
    return 1;
}

/* 1 when s[0..n) is the string p. Detection checks every word of a sample in
 * three readings: this loop stays free of library calls. */
static int same(const char *s, size_t n, const char *p)
{
    size_t i = 0;
    while (i < n && p[i] == s[i])
        i++;
    return i == n && p[n] == '\0';
}

/* 1 when s[0..n) is one of the `count` strings of list. */
static int listed(const char *s, size_t n, const char *const *list, size_t count)
{
    for (size_t i = 0; i < count; i++)
        if (same(s, n, list[i]))
            return 1;
    return 0;
}

static int nucleus_ok(const char *init, const char *v, size_t vn, const char *fin, int tone)
{
    for (size_t k = 0; k < sizeof nuclei / sizeof nuclei[0]; k++)
        if (same(v, vn, nuclei[k].v))
            return rime_ok(nuclei[k].flags, fin, tone) && onset_ok(init, nuclei[k].v);
    return 0;
}

static int is_vowel_part(char c)
{
    switch (c) {
    case 'a': case 'e': case 'i': case 'o': case 'u': case 'y': case '(': case '^': case '+':
        return 1;
    default:
        return 0;
    }
}

/* Splits s (NUL-terminated, n bytes) into consonants, vowels and consonants and
 * checks each part. gi and qu are initials that take a vowel letter: "giữ" is gi
 * + ư, "quốc" qu + ô. */
static int spelled_ok(const char *s, size_t n, int tone)
{
    size_t a = 0, b;
    while (a < n && !is_vowel_part(s[a]))
        a++;
    for (b = a; b < n && is_vowel_part(s[b]);)
        b++;
    const char *fin = s + b;
    if (a == b || a > 3 || !listed(fin, n - b, finals, sizeof finals / sizeof finals[0]))
        return 0;
    char init[4];
    memcpy(init, s, a);
    init[a] = '\0';
    if (listed(init, a, initials, sizeof initials / sizeof initials[0]) &&
        nucleus_ok(init, s + a, b - a, fin, tone))
        return 1;
    if (a == 1 && b - a > 1 && ((s[0] == 'g' && s[1] == 'i') || (s[0] == 'q' && s[1] == 'u')) &&
        !strchr("(^+", s[2])) {
        init[1] = s[1];
        init[2] = '\0';
        return nucleus_ok(init, s + 2, b - 2, fin, tone);
    }
    return 0;
}

int lg_syllable_ok(const lg_letter *l, size_t n, int *strong)
{
    static const char shape_mark[] = {0, '(', '^', '+', 0};
    char s[SPELL_MAX];
    size_t k = 0;
    int tone = LG_LEVEL, marks = 0, st = 0;
    for (size_t i = 0; i < n; i++) {
        if (strchr("fjwz", l[i].base) || k + 3 > sizeof s)
            return 0;
        if (l[i].tone) {
            if (tone)
                return 0;
            tone = l[i].tone;
            marks++;
            st |= tone == LG_GRAVE || tone == LG_TILDE;
        }
        if (l[i].shape) {
            marks++;
            st = 1;
        }
        if (l[i].shape == LG_STROKE) {
            s[k++] = 'D';
            continue;
        }
        s[k++] = l[i].base;
        if (shape_mark[l[i].shape])
            s[k++] = shape_mark[l[i].shape];
    }
    if (strong)
        *strong = st | (marks >= 2);
    s[k] = '\0';
    return spelled_ok(s, k, tone);
}

/* Longer than any syllable: such a word is counted, never valid. */
#define WORD_MAX 16

/* 1 when w[0..n) (n <= WORD_MAX) is a Vietnamese syllable; *strong as lg_score.strong
 * says. */
static int syllable(const UChar *w, int32_t n, int *strong)
{
    lg_letter l[WORD_MAX];
    *strong = 0;
    for (int32_t i = 0; i < n; i++)
        if (!lg_letter_of(w[i], &l[i]))
            return 0;
    return lg_syllable_ok(l, (size_t)n, strong);
}

void lg_score_utf8(const char *text, size_t len, lg_score *sc)
{
    const uint8_t *s = (const uint8_t *)text;
    UChar w[WORD_MAX];
    int32_t wn = 0;
    int marked = 0, overlong = 0;
    memset(sc, 0, sizeof *sc);
    for (size_t i = 0; i <= len;) {
        UChar32 c = ' ';
        if (i < len)
            U8_NEXT_OR_FFFD(s, i, len, c);
        else
            i++;
        if (!lg_is_sep(c)) {
            marked |= c >= 0x80;
            if (wn < WORD_MAX && c <= 0xFFFF)
                w[wn++] = (UChar)c;
            else
                overlong = 1;
            continue;
        }
        if (wn == 0)
            continue;
        int strong;
        sc->words++;
        /* A word of one letter is no evidence: in TCVN3 every byte from 0xB5 up is
         * a vowel, so any stray symbol (·, «, ®) reads as one. */
        if (marked && wn > 1) {
            sc->marked++;
            if (!overlong && syllable(w, wn, &strong)) {
                sc->valid++;
                sc->strong += (uint32_t)strong;
            }
        }
        wn = 0;
        marked = overlong = 0;
    }
}
