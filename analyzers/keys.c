/* keys: Telex and VNI keystrokes read back into the syllable they spell (see vn_keys.h).
 *
 * The keys are replayed as an input method would take them, one at a time, onto a row
 * of letters (base, shape, case) and one tone; the row is then tested as a syllable
 * and written out through the canonical spelling, so that a reading is the very form
 * the analyzer gives the syllable typed with its marks.
 */
#include "vn_keys.h"

#include <string.h>

#include "legacy_int.h"
#include "vn_int.h"

typedef struct row {
    lg_letter l[VN_KEYS_MAX];
    size_t n;
    int tone;   /* LG_LEVEL ... LG_DOT */
    int keys;   /* keys that marked or toned rather than wrote a letter */
    int uo;     /* 1 + the index of a u given its horn by a following ơ ("uow", "uo7") */
} row;

static int is_vowel(char b)
{
    return b && strchr("aeiouy", b) != NULL;
}

static int has_vowel(const row *r)
{
    for (size_t i = 0; i < r->n; i++)
        if (is_vowel(r->l[i].base))
            return 1;
    return 0;
}

static int append(row *r, char base, int shape, int upper)
{
    if (r->n == VN_KEYS_MAX)
        return 0;
    r->l[r->n++] = (lg_letter){base, (uint8_t)shape, LG_LEVEL, (uint8_t)(upper != 0)};
    return 1;
}

static int plain(const row *r, size_t i, char base)
{
    return i < r->n && r->l[i].base == base && r->l[i].shape == LG_PLAIN;
}

/* A tone key: after a vowel only (before one, s r x are initials), once. */
static int tone(row *r, int t)
{
    if (!has_vowel(r) || r->tone != LG_LEVEL)
        return 0;
    r->tone = t;
    r->keys++;
    return 1;
}

/* The horn on the o at i, and on the u before it unless that u belongs to qu: "uow" and
 * "uo7" are ươ, the commonest pair that takes it. */
static void horn_o(row *r, size_t i)
{
    r->l[i].shape = LG_HORN;
    if (i >= 1 && plain(r, i - 1, 'u') && !(i >= 2 && r->l[i - 2].base == 'q')) {
        r->l[i - 1].shape = LG_HORN;
        r->uo = (int)i;
    }
}

static int telex_key(row *r, char c, int upper)
{
    size_t last = r->n - 1; /* wraps when empty; plain() then says no */
    if (c == 'd' && r->n == 1 && plain(r, 0, 'd')) {
        r->l[0].shape = LG_STROKE;
        r->keys++;
        return 1;
    }
    if ((c == 'a' || c == 'e' || c == 'o') && plain(r, last, c)) {
        r->l[last].shape = LG_CIRC;
        r->keys++;
        return 1;
    }
    if (c == 'w') {
        r->keys++;
        if (plain(r, last, 'a'))
            r->l[last].shape = LG_BREVE;
        else if (plain(r, last, 'o'))
            horn_o(r, last);
        else if (plain(r, last, 'u'))
            r->l[last].shape = LG_HORN;
        else
            return append(r, 'u', LG_HORN, upper); /* w alone: ư */
        return 1;
    }
    static const char tones[] = "sfrxj";
    const char *t = strchr(tones, c);
    if (t && has_vowel(r))
        return tone(r, LG_ACUTE + (int)(t - tones));
    return append(r, c, LG_PLAIN, upper);
}

/* The vowel a VNI shape digit marks: the last one, past any final consonants typed
 * before the digit ("viet6"). */
static size_t last_vowel(const row *r)
{
    for (size_t i = r->n; i-- > 0;)
        if (is_vowel(r->l[i].base))
            return i;
    return (size_t)-1;
}

static int vni_key(row *r, char c)
{
    if (c >= '1' && c <= '5')
        return tone(r, LG_ACUTE + (c - '1'));
    size_t v = last_vowel(r);
    r->keys++;
    switch (c) {
    case '6':
        if (plain(r, v, 'a') || plain(r, v, 'e') || plain(r, v, 'o'))
            return r->l[v].shape = LG_CIRC, 1;
        return 0;
    case '7':
        if (plain(r, v, 'o'))
            return horn_o(r, v), 1;
        if (plain(r, v, 'u'))
            return r->l[v].shape = LG_HORN, 1;
        return 0;
    case '8':
        if (plain(r, v, 'a'))
            return r->l[v].shape = LG_BREVE, 1;
        return 0;
    case '9':
        if (plain(r, 0, 'd'))
            return r->l[0].shape = LG_STROKE, 1;
        return 0;
    default:
        return 0;
    }
}

/* Where the tone goes while the row is tested: on the vowel with a shape, else the
 * first vowel after a gi or qu initial. vn_canon() moves it to its place in a whole
 * syllable; a prefix keeps this one. */
static size_t tone_slot(const row *r)
{
    size_t first = (size_t)-1, shaped = (size_t)-1;
    for (size_t i = 0; i < r->n; i++) {
        if (!is_vowel(r->l[i].base))
            continue;
        int initial = i == 1 && r->n > 2 && is_vowel(r->l[2].base) &&
                      ((r->l[0].base == 'q' && r->l[1].base == 'u') ||
                       (r->l[0].base == 'g' && r->l[1].base == 'i'));
        if (first == (size_t)-1 && !initial)
            first = i;
        if (r->l[i].shape != LG_PLAIN)
            shaped = i;
    }
    return shaped != (size_t)-1 ? shaped : first;
}

static int spells(row *r, int prefix)
{
    size_t at = tone_slot(r);
    if (at == (size_t)-1 && !(prefix && r->tone == LG_LEVEL)) /* "dd": đ still typing */
        return 0;
    lg_letter l[VN_KEYS_MAX];
    memcpy(l, r->l, r->n * sizeof l[0]);
    if (at != (size_t)-1)
        l[at].tone = (uint8_t)r->tone;
    for (size_t i = 0; i < r->n; i++)
        if (!lg_compose(l[i].base, l[i].shape, l[i].tone, l[i].upper))
            return 0;
    if (!prefix && !lg_syllable_ok(l, r->n, NULL))
        return 0;
    if (at != (size_t)-1)
        r->l[at].tone = (uint8_t)r->tone;
    return 1;
}

static int key_char(char c)
{
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9');
}

size_t vn_keys_read(const char *word, size_t len, int prefix, char *out, size_t cap)
{
    if (len == 0 || len > VN_KEYS_MAX || vn_icu_init(NULL))
        return 0;
    int vni = 0;
    for (size_t i = 0; i < len; i++) {
        char c = word[i];
        if (!key_char(c))
            return 0;
        vni |= c >= '0' && c <= '9';
    }
    row r;
    memset(&r, 0, sizeof r);
    for (size_t i = 0; i < len; i++) {
        char c = word[i];
        int upper = c >= 'A' && c <= 'Z';
        char lc = upper ? (char)(c - 'A' + 'a') : c;
        int ok = vni ? (c >= '0' && c <= '9' ? vni_key(&r, c) : append(&r, lc, LG_PLAIN, upper))
                     : telex_key(&r, lc, upper);
        if (!ok)
            return 0;
    }
    if (r.keys == 0)
        return 0;
    if (!spells(&r, prefix)) {
        /* "thuowr", "huow": the u keeps no horn where ươ cannot end a syllable (thuở). */
        if (!r.uo)
            return 0;
        r.l[r.uo - 1].shape = LG_PLAIN;
        if (!spells(&r, prefix))
            return 0;
    }
    UChar u[VN_KEYS_MAX];
    for (size_t i = 0; i < r.n; i++)
        u[i] = lg_compose(r.l[i].base, r.l[i].shape, r.l[i].tone, r.l[i].upper);
    int32_t m = vn_canon(u, (int32_t)r.n, NULL);
    int32_t n = cap ? vn_utf16_to_utf8(u, m, out, (int32_t)cap - 1) : -1;
    if (n <= 0)
        return 0;
    out[n] = '\0';
    return (size_t)n;
}

int vn_keys_sure(const char *word, size_t len)
{
    char out[4 * VN_KEYS_MAX + 1];
    if (len < 3 || !vn_keys_read(word, len, 0, out, sizeof out))
        return 0;
    for (size_t i = 0; i < len; i++) {
        char c = word[i] | 0x20, next = i + 1 < len ? word[i + 1] | 0x20 : 0;
        if (strchr("fjwz", c) || (word[i] >= '0' && word[i] <= '9') ||
            (next == c && strchr("aed", c)))
            return 1;
    }
    return 0;
}

size_t vn_keys_text(const char *text, size_t len, char *out, size_t cap)
{
    size_t n = 0, i = 0;
    int read = 0;
    while (i < len) {
        size_t start = i;
        /* A word is a run of keys between bytes that are not (a UTF-8 letter is not a
         * key, so "việt6" is no word of keys). */
        int word = key_char(text[i]) && (i == 0 || (unsigned char)text[i - 1] < 0x80);
        while (i < len && key_char(text[i]) == key_char(text[start]))
            i++;
        word = word && (i == len || (unsigned char)text[i] < 0x80);
        char syl[4 * VN_KEYS_MAX + 1];
        size_t m = word ? vn_keys_read(text + start, i - start, i == len, syl, sizeof syl) : 0;
        const char *put = m ? syl : text + start;
        size_t plen = m ? m : i - start;
        if (n + plen >= cap)
            return 0;
        memcpy(out + n, put, plen);
        n += plen;
        read |= m > 0;
    }
    out[n] = '\0';
    return read ? n : 0;
}
