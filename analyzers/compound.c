/* compound: what must stay one token although ICU splits it.
 *
 * Official Vietnamese text is full of legal document numbers (01/NQ-CP,
 * 05/2008/TT-BKH&CN-BNV), joined abbreviations (KH&CN, KT-XH, KH,CN&ĐMST), dates
 * (13/4/2023), grouped numbers (1.234.567, 3,5), e-mail addresses and URLs. People
 * search for them as written, so each is kept as one token; its parts follow as
 * tokens of their own (analyze.c), so that "NQ-CP" or "2023" still finds them.
 *
 * Atoms (segment.c) are joined when one joiner character, and nothing else, lies
 * between them: never across a space, so "kinh tế - xã hội" stays four words, and
 * never past the last atom, so "KH&CN." ends before its full stop. Which joiners
 * may join which atoms is the heuristic; it is written for the forms above and
 * errs towards leaving words apart:
 *   /  -  &  join any atoms;
 *   ,        joins two upper-case letter runs (KH,CN) or two digit runs (3,5), so
 *            "năm 2023,và" (a missing space) stays apart;
 *   .        joins digit runs (1.234.567) or an upper-case run after a capitalised
 *            one (TP.HCM, Tp.HCM), so "xong.Ngày" stays apart.
 * The joined run is then classified (classify()); if it is not a known kind, it is
 * shortened from the right until it is, or left as single atoms.
 * URLs and e-mail addresses are recognised first, by their own shape.
 */
#include "vn_int.h"

#include <string.h>

#include <unicode/uchar.h>
#include <unicode/utf16.h>

/* Joined runs are short; the bound keeps the shortening loop cheap on hostile
 * input like "a-a-a-a-...". */
#define MAX_ATOMS 32

enum { J_SLASH = 1, J_DASH = 2, J_AMP = 4, J_COMMA = 8, J_DOT = 16 };

/* The character between atoms x and x + 1 when it is the only one, else 0. The
 * Unicode hyphens count as '-'. */
static UChar gap_of(const UChar *s, const vn_atom *atoms, int32_t x)
{
    if (atoms[x + 1].start - atoms[x].end != 1)
        return 0;
    UChar c = s[atoms[x].end];
    return c == 0x2010 || c == 0x2011 ? '-' : c;
}

static unsigned joiner_bit(UChar g)
{
    switch (g) {
    case '/': return J_SLASH;
    case '-': return J_DASH;
    case '&': return J_AMP;
    case ',': return J_COMMA;
    case '.': return J_DOT;
    default: return 0;
    }
}

static int join_ok(unsigned bit, unsigned lf, unsigned rf)
{
    if (bit == J_COMMA)
        return (vn_atom_all_upper(lf) && vn_atom_all_upper(rf)) ||
               (vn_atom_digits(lf) && vn_atom_digits(rf));
    if (bit == J_DOT)
        return (vn_atom_digits(lf) && vn_atom_digits(rf)) ||
               ((lf & VN_A_CAP) && vn_atom_all_upper(rf));
    return bit != 0;
}

/* ---- URLs and e-mail addresses ---- */

static int ascii_ieq(const UChar *s, int32_t n, const char *lit)
{
    for (int32_t i = 0; i < n; i++) {
        UChar c = s[i];
        if (c >= 'A' && c <= 'Z')
            c += 'a' - 'A';
        if (!lit[i] || c != (UChar)lit[i])
            return 0;
    }
    return lit[n] == '\0';
}

/* RFC 3986's characters, and letters and digits of any script (IRIs). Quotes and
 * angle brackets end a URL: they are how text around it is written. */
static int url_unit(UChar c)
{
    if (c < 0x80)
        return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
               (c > ' ' && strchr("-._~:/?#[]@!$&()*+,;=%", c) != NULL);
    if (U16_IS_SURROGATE(c))
        return 0;
    return (U_GET_GC_MASK(c) & (U_GC_L_MASK | U_GC_M_MASK | U_GC_ND_MASK)) != 0;
}

/* The end of a URL whose body starts at p: as far as URL characters go, less the
 * punctuation of the sentence around it ("xem https://a.vn/b)."). */
static int32_t url_end(const UChar *s, int32_t n, int32_t p)
{
    int32_t q = p;
    while (q < n && url_unit(s[q]))
        q++;
    while (q > p && s[q - 1] < 0x80 && strchr(".,;:!?)]", s[q - 1]) != NULL)
        q--;
    return q;
}

/* Takes every atom that starts before `end` into the span; an atom cut by the
 * end (an apostrophe is not a URL character) is taken whole. */
static void take_until(const vn_atom *atoms, int32_t natoms, int32_t i, int32_t end, vn_kind kind,
                       vn_span *out)
{
    int32_t k = i;
    while (k < natoms && atoms[k].start < end)
        k++;
    if (atoms[k - 1].end > end)
        end = atoms[k - 1].end;
    out->count = k - i;
    out->end = end;
    out->kind = kind;
}

static int url_at(const UChar *s, int32_t n, const vn_atom *atoms, int32_t natoms, int32_t i,
                  vn_span *out)
{
    const vn_atom *at = &atoms[i];
    const UChar *w = s + at->start;
    int32_t len = at->end - at->start, p;
    if ((ascii_ieq(w, len, "http") || ascii_ieq(w, len, "https") || ascii_ieq(w, len, "ftp")) &&
        at->end + 3 <= n && s[at->end] == ':' && s[at->end + 1] == '/' && s[at->end + 2] == '/')
        p = at->end + 3;
    else if (ascii_ieq(w, len, "www") && at->end < n && s[at->end] == '.')
        p = at->end + 1;
    else
        return 0;
    int32_t q = url_end(s, n, p);
    if (q == p)
        return 0;
    take_until(atoms, natoms, i, q, VN_URL, out);
    return 1;
}

static int is_tld(const UChar *s, int32_t n)
{
    static const char *const tlds[] = {"vn", "com", "net", "org", "edu", "gov", "info", "int", "io"};
    for (size_t t = 0; t < sizeof tlds / sizeof tlds[0]; t++)
        if (ascii_ieq(s, n, tlds[t]))
            return 1;
    return 0;
}

static int is_letters(const vn_atom *a, int32_t min_len)
{
    return (a->flags & (VN_A_ALPHA | VN_A_DIGIT)) == VN_A_ALPHA && a->end - a->start >= min_len;
}

/* local@domain.tld, the local part joined by . _ + -, the domain by . - */
static int email_at(const UChar *s, const vn_atom *atoms, int32_t natoms, int32_t i, vn_span *out)
{
    int32_t j = i;
    for (;;) {
        if (j + 1 >= natoms || j - i >= MAX_ATOMS)
            return 0;
        UChar g = gap_of(s, atoms, j);
        if (g == '@')
            break;
        if (g != '.' && g != '_' && g != '+' && g != '-')
            return 0;
        j++;
    }
    int32_t last = -1;
    for (int32_t k = j + 2; k < natoms && k - i < MAX_ATOMS; k++) {
        UChar g = gap_of(s, atoms, k - 1);
        if (g != '.' && g != '-')
            break;
        if (g == '.' && is_letters(&atoms[k], 2))
            last = k;
    }
    if (last < 0)
        return 0;
    out->count = last - i + 1;
    out->end = atoms[last].end;
    out->kind = VN_EMAIL;
    return 1;
}

/* A bare host name (quangnam.gov.vn, VnExpress.net), known by its top-level
 * domain, with its path if one follows. */
static int domain_at(const UChar *s, int32_t n, const vn_atom *atoms, int32_t natoms, int32_t i,
                     vn_span *out)
{
    if (!(atoms[i].flags & VN_A_ASCII))
        return 0;
    int32_t last = -1;
    for (int32_t k = i + 1; k < natoms && k - i < MAX_ATOMS; k++) {
        UChar g = gap_of(s, atoms, k - 1);
        if ((g != '.' && g != '-') || !(atoms[k].flags & VN_A_ASCII))
            break;
        if (g == '.' && is_tld(s + atoms[k].start, atoms[k].end - atoms[k].start))
            last = k;
    }
    if (last < 0)
        return 0;
    int32_t end = atoms[last].end;
    if (end < n && s[end] == '/')
        end = url_end(s, n, end);
    take_until(atoms, natoms, i, end, VN_URL, out);
    return 1;
}

/* ---- legal numbers, abbreviations, dates, numbers ---- */

/* The value of an atom of at most four ASCII digits, else -1. */
static int small_number(const UChar *s, const vn_atom *a, int *ndigits)
{
    int32_t n = a->end - a->start;
    if (n > 4)
        return -1;
    int v = 0;
    for (int32_t i = 0; i < n; i++) {
        UChar c = s[a->start + i];
        if (c < '0' || c > '9')
            return -1;
        v = v * 10 + (c - '0');
    }
    *ndigits = (int)n;
    return v;
}

typedef struct field {
    int v, digits;
} field;

static int is_day(field f)
{
    return f.digits <= 2 && f.v >= 1 && f.v <= 31;
}

static int is_month(field f)
{
    return f.digits <= 2 && f.v >= 1 && f.v <= 12;
}

static int is_year(field f, int short_ok)
{
    return (f.digits == 4 && f.v >= 1000 && f.v <= 2999) || (short_ok && f.digits == 2);
}

/* A day or month, or a range of them ("16-17"): one or two fields. */
static int is_range(const field *f, int n, int (*ok)(field))
{
    return (n == 1 && ok(f[0])) || (n == 2 && ok(f[0]) && ok(f[1]));
}

/* d/m/y, d/m, m/y, with ranges for days and months (16-17/3/2023), and d-m-y or
 * y-m-d. The plausibility of the values is what tells 13/4/2023 from 123/456. */
static int is_date(const UChar *s, const vn_atom *atoms, int32_t natoms, const unsigned char *bits)
{
    field f[6];
    if (natoms > 6)
        return 0;
    for (int32_t k = 0; k < natoms; k++)
        if ((f[k].v = small_number(s, &atoms[k], &f[k].digits)) < 0)
            return 0;
    int slashes = 0;
    for (int32_t k = 0; k + 1 < natoms; k++)
        slashes += bits[k] == J_SLASH;
    if (slashes == 0)
        return natoms == 3 && ((is_day(f[0]) && is_month(f[1]) && is_year(f[2], 0)) ||
                               (is_year(f[0], 0) && is_month(f[1]) && is_day(f[2])));
    /* Groups between slashes, each one field or a range of two. */
    int gstart[3] = {0}, glen[3] = {0}, ng = 0, start = 0;
    for (int32_t k = 0; k < natoms; k++) {
        if (k + 1 < natoms && bits[k] != J_SLASH)
            continue;
        if (ng == 3 || k + 1 - start > 2)
            return 0;
        gstart[ng] = start;
        glen[ng++] = k + 1 - start;
        start = k + 1;
    }
    const field *g0 = &f[gstart[0]], *g1 = &f[gstart[1]];
    if (ng == 3)
        return is_range(g0, glen[0], is_day) && is_range(g1, glen[1], is_month) && glen[2] == 1 &&
               is_year(f[gstart[2]], 1);
    return (is_range(g0, glen[0], is_day) && glen[1] == 1 && is_month(*g1)) ||
           (is_range(g0, glen[0], is_month) && glen[1] == 1 && is_year(*g1, 0));
}

/* The kind of atoms[0..n) joined by bits[0..n-1), or 0 when it is none. */
static vn_kind classify(const UChar *s, const vn_atom *atoms, int32_t n, const unsigned char *bits)
{
    unsigned joiners = 0, any = 0;
    int all_digits = 1, rest_upper = 1, rest_digits = 1, short_words = 1;
    for (int32_t k = 0; k < n; k++) {
        unsigned f = atoms[k].flags;
        any |= f;
        all_digits &= vn_atom_digits(f);
        if (k > 0) {
            joiners |= bits[k - 1];
            rest_upper &= vn_atom_all_upper(f) || vn_atom_digits(f);
            rest_digits &= vn_atom_digits(f);
        }
        if ((f & VN_A_ALPHA) && atoms[k].end - atoms[k].start > 8)
            short_words = 0;
    }
    unsigned first = atoms[0].flags;
    if (all_digits) {
        if (joiners & J_AMP)
            return 0;
        if (!(joiners & (J_DOT | J_COMMA)) && is_date(s, atoms, n, bits))
            return VN_DATE;
        return VN_NUMBER;
    }
    if (vn_atom_digits(first)) {
        /* A legal number: its own number first, then the issuers. Upper case is
         * how it is written; in lower case (as typed in a query) a slash and
         * short letter runs must do. */
        if (!(joiners & (J_SLASH | J_DASH)))
            return 0;
        if ((any & VN_A_UPPER) || ((joiners & J_SLASH) && short_words))
            return VN_LEGALNUM;
        return 0;
    }
    /* "kh&cn" in any case: & joins nothing else. */
    if (joiners == J_AMP)
        return VN_ABBR;
    int first_ok = vn_atom_all_upper(first) ||
                   ((first & VN_A_CAP) && (bits[0] == J_DOT || rest_digits)); /* Tp.HCM, Covid-19 */
    return first_ok && rest_upper ? VN_ABBR : 0;
}

static void general_at(const UChar *s, const vn_atom *atoms, int32_t natoms, int32_t i,
                       vn_span *out)
{
    unsigned char bits[MAX_ATOMS];
    int32_t last = i;
    while (last + 1 < natoms && last - i + 1 < MAX_ATOMS) {
        unsigned b = joiner_bit(gap_of(s, atoms, last));
        if (!b || !join_ok(b, atoms[last].flags, atoms[last + 1].flags) ||
            atoms[last + 1].end - atoms[i].start > VN_SRC_MAX)
            break;
        bits[last - i] = (unsigned char)b;
        last++;
    }
    for (; last > i; last--) {
        vn_kind kind = classify(s, atoms + i, last - i + 1, bits);
        if (kind) {
            out->count = last - i + 1;
            out->end = atoms[last].end;
            out->kind = kind;
            return;
        }
    }
}

void vn_compound_at(const UChar *s, int32_t n, const vn_atom *atoms, int32_t natoms, int32_t i,
                    vn_span *out)
{
    const vn_atom *at = &atoms[i];
    out->count = 1;
    out->end = at->end;
    out->kind = vn_atom_digits(at->flags) ? VN_NUMBER : VN_WORD;
    /* Most words end at a space: nothing to join. */
    if (at->end >= n || s[at->end] == ' ' || i + 1 == natoms)
        return;
    if (url_at(s, n, atoms, natoms, i, out) || email_at(s, atoms, natoms, i, out) ||
        domain_at(s, n, atoms, natoms, i, out))
        return;
    general_at(s, atoms, natoms, i, out);
}
