/* key: a short text made into one filter term (vn_term_key in vn_terms.h).
 *
 * Names of organisations and people are filtered on whole, not word by word: "Trường
 * Đại học Quảng Nam" must not match a filter for "Đại học Quảng Nam" of another
 * school. The indexer and the query side both call this, so a key typed without
 * diacritics, in upper case, with other punctuation or spacing, or without the
 * person's academic title meets the indexed one.
 */
#include "vn_terms.h"

#include <stdlib.h>
#include <string.h>

/* Bytes that separate words in a key: ASCII other than letters and digits, the
 * Latin-1 punctuation block (NBSP, «», ·, ...) and General Punctuation (dashes,
 * curly quotes, ellipsis). Other non-ASCII letters are kept: a key of another
 * script is still a key. Returns the length of the separator at s, 0 for none. */
static size_t separator(const unsigned char *s, size_t n)
{
    unsigned char c = s[0];
    if (c < 0x80) {
        int alnum = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9');
        return alnum ? 0 : 1;
    }
    if (c == 0xC2 && n >= 2 && s[1] >= 0xA0 && s[1] <= 0xBF)
        return 2;
    if (c == 0xE2 && n >= 3 && s[1] >= 0x80 && s[1] <= 0x81)
        return 3;
    return 0;
}

/* Academic and professional titles written before a name, folded and without
 * dots. "PGS.TS." is two of them; a word ending in a dot is a title too, since
 * Vietnamese names have none ("BSCKI.", "TS.BS."). */
static const char *const person_titles[] = {
    "gs", "pgs", "ts", "tskh", "ths", "ks", "kts", "bs", "bsck1", "bsck2", "bscki", "bsckii",
    "ds", "dscki", "cn", "ncs", "ls", "nsnd", "nsut", "nghs", "gv", "gvc", "tt", "nd",
};

static int title_word(const char *w, size_t n)
{
    if (n > 0 && w[n - 1] == '.')
        return 1;
    for (size_t i = 0; i < sizeof person_titles / sizeof person_titles[0]; i++)
        if (strlen(person_titles[i]) == n && memcmp(person_titles[i], w, n) == 0)
            return 1;
    return 0;
}

/* Drops leading title words from the folded text [*s, *s + *n). Words are split on
 * spaces only: the dots belong to the titles. The last word is never dropped, so a
 * name is never lost to a list that happens to know it. */
static void drop_titles(const char **s, size_t *n)
{
    for (;;) {
        while (*n > 0 && (**s == ' ' || **s == '\t')) {
            (*s)++;
            (*n)--;
        }
        size_t w = 0;
        while (w < *n && (*s)[w] != ' ' && (*s)[w] != '\t')
            w++;
        if (w == *n)
            return;
        /* "pgs.ts." -> "pgs", "ts", "": every piece must be a title. */
        int all = 1;
        for (size_t a = 0; a < w && all;) {
            size_t b = a;
            while (b < w && (*s)[b] != '.')
                b++;
            if (b > a && !title_word(*s + a, b - a))
                all = 0;
            a = b + 1;
        }
        if (!all && !title_word(*s, w))
            return;
        *s += w;
        *n -= w;
    }
}

int vn_term_key(const char *prefix, const char *text, size_t len, unsigned flags, char *buf,
                size_t cap, size_t *out_len, tr_error *err)
{
    *out_len = 0;
    if (cap > 0)
        buf[0] = '\0';
    char *folded;
    size_t flen;
    int rc = vn_fold(text, len, &folded, &flen, err);
    if (rc)
        return rc;
    const char *s = folded;
    size_t n = flen;
    if (flags & VN_KEY_PERSON)
        drop_titles(&s, &n);
    size_t plen = strlen(prefix);
    size_t o = plen;
    int pending_space = 0;
    for (size_t i = 0; i < n;) {
        size_t sep = separator((const unsigned char *)s + i, n - i);
        if (sep) {
            pending_space = o > plen;
            i += sep;
            continue;
        }
        if (o + pending_space + 1 >= cap || o + pending_space + 1 > VN_TERM_MAX) {
            o = 0; /* too long to be a key anyone types: no term */
            break;
        }
        if (pending_space)
            buf[o++] = ' ';
        pending_space = 0;
        buf[o++] = s[i++];
    }
    free(folded);
    if (o > plen) {
        memcpy(buf, prefix, plen);
        buf[o] = '\0';
        *out_len = o;
    } else if (cap > 0) {
        buf[0] = '\0';
    }
    return 0;
}
