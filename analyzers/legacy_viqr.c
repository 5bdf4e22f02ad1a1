/* legacy_viqr: VIQR (RFC 1456), Vietnamese in ASCII with the marks spelled after
 * the vowel they belong to: ( breve, ^ circumflex, + horn, then ' acute, ` grave,
 * ? hook, ~ tilde, . dot below; DD and dd are Đ and đ. "Vie^.t Nam", "ddu+o+`ng".
 *
 * The mnemonics are punctuation too. VIQR settles that with a backslash ("\." is a
 * full stop), so a mnemonic is a mark only where it can be one: after a vowel it
 * fits (^ on a e o, ( on a, + on o u), one shape per vowel and one tone per word,
 * and followed by what can end a syllable (tail_ok()). A text that escapes a full
 * stop or a question mark somewhere is taken to escape them everywhere, and read
 * strictly so. Most text never escapes; there ? and . are stops, not tones, where
 * they end a sentence: at the end of the text or of a line, before a space and a
 * capital (unless the word is in capitals) or a line end, and before punctuation
 * other than , ; : ("ho.c", "bi. o^'m", "le^. %s" are marks; "ddi." and
 * "ddi. To^i" stops, and so, wrongly, "Bo^. Gia'o" and a tone at the end of a line).
 * dd is đ only at the start of a word and before a vowel, since English has "add"
 * and dates "DD/MM".
 */
#include "legacy_int.h"

#include <string.h>

#include <unicode/utf16.h>
#include <unicode/utf8.h>

static int is_vowel(uint32_t c)
{
    return c != 0 && c < 0x80 && strchr("aeiouyAEIOUY", (int)c) != NULL;
}

static int is_mnemonic(uint32_t c)
{
    return c != 0 && c < 0x80 && strchr("(^+'`?~.\\", (int)c) != NULL;
}

/* The shape mnemonic c gives lower-case vowel v, or -1. */
static int shape_of(char v, uint32_t c)
{
    if (c == '^' && (v == 'a' || v == 'e' || v == 'o'))
        return LG_CIRC;
    if (c == '(' && v == 'a')
        return LG_BREVE;
    if (c == '+' && (v == 'o' || v == 'u'))
        return LG_HORN;
    return -1;
}

static int tone_of(uint32_t c)
{
    switch (c) {
    case '\'': return LG_ACUTE;
    case '`': return LG_GRAVE;
    case '?': return LG_HOOK;
    case '~': return LG_TILDE;
    case '.': return LG_DOT;
    default: return LG_LEVEL;
    }
}

static int is_letter(uint32_t c)
{
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
}

/* 1 when the letters from u[k] to the end of the word can end a syllable: at most
 * two vowels, then a final consonant or none. A mnemonic inside a word must be
 * followed by such a tail: "ho.c", "Vie^.t", "ngu+o+`i", but not "OpenOffice.org",
 * "we're", "e.g". */
static int tail_ok(const uint32_t *u, size_t k, size_t avail)
{
    static const char *const finals[] = {"", "c", "ch", "m", "n", "ng", "nh", "p", "t"};
    char t[8];
    size_t n = 0, v = 0;
    for (; k < avail && is_letter(u[k]); k++) {
        if (n == sizeof t - 1)
            return 0;
        t[n++] = (char)(u[k] | 0x20);
    }
    t[n] = '\0';
    while (v < n && strchr("aeiouy", t[v]))
        v++;
    for (size_t f = 0; v <= 2 && f < sizeof finals / sizeof finals[0]; f++)
        if (strcmp(t + v, finals[f]) == 0)
            return 1;
    return 0;
}

/* 1 when the ? or . at u[j], not followed by a letter, ends a sentence rather than
 * marks a tone. After a word in capitals, a capital next says nothing. */
static int stops(const uint32_t *u, size_t j, size_t avail, int caps)
{
    if (j + 1 >= avail)
        return 1;
    uint32_t c = u[j + 1];
    /* Whoever escapes what follows has escaped what they meant as punctuation. */
    if (c == ',' || c == ';' || c == ':' || c == '\\')
        return 0;
    if (c == ' ' || c == '\t') {
        uint32_t d = j + 2 < avail ? u[j + 2] : '\n';
        if (d >= 'A' && d <= 'Z')
            return !caps;
        return d == '\n' || d == '\r';
    }
    return lg_is_sep(c);
}

static size_t decode(const uint32_t *u, size_t n, size_t avail, UChar *out, int32_t *out_n,
                     int strict)
{
    int32_t o = 0;
    size_t i = 0;
    int in_word = 0, toned = 0, caps = 0; /* caps: the word so far is in capitals */
    while (i < n) {
        uint32_t c = u[i];
        if (c == '\\' && i + 1 < avail && is_mnemonic(u[i + 1])) {
            out[o++] = (UChar)u[i + 1];
            i += 2;
            in_word = toned = 0;
            continue;
        }
        if ((c == 'd' || c == 'D') && !in_word && i + 2 < avail &&
            (u[i + 1] == 'd' || u[i + 1] == 'D') && is_vowel(u[i + 2])) {
            out[o++] = lg_compose('d', LG_STROKE, LG_LEVEL, c == 'D');
            caps = c == 'D' && u[i + 1] == 'D';
            i += 2;
            in_word = 1;
            continue;
        }
        if (is_vowel(c)) {
            char v = (char)(c | 0x20);
            int shape = LG_PLAIN, tone = LG_LEVEL;
            caps = (in_word ? caps : 1) && c < 'a';
            size_t j = i + 1;
            /* A shape and a tone, in either order. */
            for (int k = 0; k < 2 && j < avail; k++) {
                int s = shape_of(v, u[j]), t = tone_of(u[j]);
                if (j + 1 < avail && is_letter(u[j + 1]) && !tail_ok(u, j + 1, avail))
                    break;
                if (s >= 0 && shape == LG_PLAIN) {
                    shape = s;
                } else if (t && !tone && !toned &&
                           !(!strict && (u[j] == '?' || u[j] == '.') && stops(u, j, avail, caps))) {
                    tone = t;
                } else {
                    break;
                }
                j++;
            }
            out[o++] = lg_compose(v, shape, tone, c < 'a');
            toned |= tone != LG_LEVEL;
            in_word = 1;
            i = j;
            continue;
        }
        U16_APPEND_UNSAFE(out, o, c);
        caps = (in_word ? caps : 1) && c >= 'A' && c <= 'Z';
        in_word = !lg_is_sep(c);
        if (!in_word)
            toned = 0;
        i++;
    }
    *out_n = o;
    return i;
}

size_t lg_viqr_decode(const uint32_t *u, size_t n, size_t avail, UChar *out, int32_t *out_n)
{
    return decode(u, n, avail, out, out_n, 0);
}

size_t lg_viqr_strict_decode(const uint32_t *u, size_t n, size_t avail, UChar *out,
                             int32_t *out_n)
{
    return decode(u, n, avail, out, out_n, 1);
}

int lg_viqr_escapes(const char *text, size_t len)
{
    for (size_t i = 0; i + 1 < len; i++)
        if (text[i] == '\\' && (text[i + 1] == '.' || text[i + 1] == '?'))
            return 1;
    return 0;
}

int lg_viqr_mnemonics(const char *text, size_t len)
{
    const uint8_t *s = (const uint8_t *)text;
    int count = 0;
    uint32_t prev = ' ';
    size_t word = 0; /* letters so far in the current word */
    for (size_t i = 0; i < len;) {
        UChar32 c = s[i];
        if (c < 0x80)
            i++;
        else
            U8_NEXT_OR_FFFD(s, i, len, c);
        if (c >= 0x80 && !lg_is_sep(c))
            return -1;
        if (is_vowel(prev) && (shape_of((char)(prev | 0x20), (uint32_t)c) >= 0 || c == '`' ||
                               c == '~'))
            count++;
        if ((c == 'd' || c == 'D') && (prev == 'd' || prev == 'D') && word == 1)
            count++;
        word = lg_is_sep(c) ? 0 : word + 1;
        prev = (uint32_t)c;
    }
    return count;
}
