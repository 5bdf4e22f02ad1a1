/* normalize: the exact and the folded form of a token, and of whole strings.
 *
 * The exact form: invisible format characters dropped, each Vietnamese syllable in
 * its canonical spelling (canon.c: look-alike letters, stray marks, the tone's
 * place), full case folding, NFC. Folding comes before NFC because folding
 * can leave a string unnormalised (U+0130 folds to i + U+0307) while NFC never
 * changes case. The folded form: the exact form with every mark dropped and
 * đ -> d (fold.c), NFC'd again in the rare case that dropping marks left
 * something to compose.
 *
 * Tokens are short, so everything happens in the analyzer's fixed buffers; a
 * token made of ASCII only (a third of Vietnamese syllables, every number) takes a
 * shortcut that lower-cases it and is done, and the Latin letters are folded and
 * checked for NFC with latin.c's table rather than through ICU's string API.
 */
#include "vn_int.h"

#include <stdlib.h>
#include <string.h>

#include <unicode/ustring.h>
#include <unicode/utf16.h>

#include "tr_grow.h"

static int ascii_only(const UChar *s, int32_t n)
{
    UChar bits = 0;
    for (int32_t i = 0; i < n; i++)
        bits |= s[i];
    return bits < 0x80;
}

/* 1 when latin.c's table shows that NFC leaves s alone. */
static int latin_inert(const UChar *s, int32_t n)
{
    for (int32_t i = 0; i < n; i++) {
        const vn_latin_info *e = vn_latin(s[i]);
        if (!e || !(e->flags & VN_L_NFC_INERT))
            return 0;
    }
    return 1;
}

/* NFC of s[0..n) into dst when it is not NFC already; returns the string that is
 * NFC (s or dst) and its length in *n, or NULL when dst is too small. */
static UChar *nfc(UChar *s, int32_t *n, UChar *dst, int32_t cap)
{
    if (latin_inert(s, *n))
        return s;
    const UNormalizer2 *norm = vn_icu_nfc();
    UErrorCode st = U_ZERO_ERROR;
    int32_t yes = unorm2_spanQuickCheckYes(norm, s, *n, &st);
    if (U_FAILURE(st))
        return NULL;
    if (yes == *n)
        return s;
    /* The span ends at a normalisation boundary, so the rest can be normalised
     * on its own and appended. */
    memcpy(dst, s, (size_t)yes * sizeof *s);
    int32_t m = unorm2_normalize(norm, s + yes, *n - yes, dst + yes, cap - yes, &st);
    if (U_FAILURE(st))
        return NULL;
    *n = yes + m;
    return dst;
}

static int32_t put_utf8(char *dst, int32_t o, UChar c)
{
    if (c < 0x80) {
        dst[o++] = (char)c;
    } else if (c < 0x800) {
        dst[o++] = (char)(0xC0 | (c >> 6));
        dst[o++] = (char)(0x80 | (c & 0x3F));
    } else {
        dst[o++] = (char)(0xE0 | (c >> 12));
        dst[o++] = (char)(0x80 | ((c >> 6) & 0x3F));
        dst[o++] = (char)(0x80 | (c & 0x3F));
    }
    return o;
}

/* The common case in one pass each way: every character in latin.c's table,
 * folding to one unit that NFC leaves alone and whose folded form is an ASCII
 * letter or itself. That is all of Vietnamese in NFC, and saves the general
 * path's five passes and ICU calls. Returns 0, -1 when the token is too long,
 * or 1 when it needs the general path. */
static int latin_token(vn_analyzer *a, const UChar *src, int32_t n, int *marks)
{
    UChar *w = a->work1;
    for (int32_t i = 0; i < n; i++) {
        const vn_latin_info *e = vn_latin(src[i]);
        const vn_latin_info *f = e && e->fold ? vn_latin(e->fold) : NULL;
        if (!f || !(f->flags & VN_L_NFC_INERT) || f->base == VN_BASE_OTHER)
            return 1;
        w[i] = e->fold;
    }
    int32_t t = 0, o = 0;
    for (int32_t i = 0; i < n; i++) {
        UChar c = w[i];
        if (t + (c < 0x80 ? 1 : c < 0x800 ? 2 : 3) > VN_TOKEN_MAX)
            return -1;
        t = put_utf8(a->text, t, c);
        unsigned base = vn_latin(c)->base;
        if (base)
            a->folded[o++] = (char)base;
        else
            o = put_utf8(a->folded, o, c);
        *marks |= base != 0;
    }
    a->text_len = t;
    a->folded_len = o;
    return 0;
}

/* Anything else: ICU folds and normalises. */
static int general_token(vn_analyzer *a, const UChar *src, int32_t n, int *marks)
{
    UChar *w1 = a->work1, *w2 = a->work2;
    UErrorCode st = U_ZERO_ERROR;
    int32_t m = u_strFoldCase(w1, VN_WORK_MAX, src, n, U_FOLD_CASE_DEFAULT, &st);
    if (U_FAILURE(st))
        return -1;
    UChar *t = nfc(w1, &m, w2, VN_WORK_MAX);
    if (!t)
        return -1;
    a->text_len = vn_utf16_to_utf8(t, m, a->text, VN_TOKEN_MAX);
    if (a->text_len < 0)
        return -1;
    /* t is spent once encoded: the other buffer takes the folded form, and t the
     * NFC of that if it needs one. */
    UChar *f = t == w1 ? w2 : w1;
    int32_t fl = vn_strip_marks(t, m, f, VN_WORK_MAX);
    if (fl < 0 || !(f = nfc(f, &fl, t, VN_WORK_MAX)))
        return -1;
    a->folded_len = vn_utf16_to_utf8(f, fl, a->folded, VN_TOKEN_MAX);
    if (a->folded_len < 0)
        return -1;
    *marks = a->folded_len != a->text_len || memcmp(a->folded, a->text, (size_t)a->text_len) != 0;
    return 0;
}

int vn_norm_token(vn_analyzer *a, const UChar *src, int32_t n, int drop_ignorables,
                  unsigned *flags)
{
    *flags = 0;
    if (n > VN_SRC_MAX)
        return -1;
    if (ascii_only(src, n)) {
        if (n > VN_TOKEN_MAX)
            return -1;
        for (int32_t i = 0; i < n; i++) {
            UChar c = src[i];
            a->text[i] = (char)(c >= 'A' && c <= 'Z' ? c + ('a' - 'A') : c);
        }
        memcpy(a->folded, a->text, (size_t)n);
        a->text_len = a->folded_len = n;
        return 0;
    }
    /* The token's own copy, for canon.c to rewrite. */
    int32_t m = 0;
    for (int32_t i = 0; i < n; i++)
        if (!drop_ignorables || !vn_is_ignorable(src[i]))
            a->work2[m++] = src[i];
    src = a->work2;
    int misplaced = 0, marks = 0;
    n = vn_canon(a->work2, m, &misplaced);
    int rc = latin_token(a, src, n, &marks);
    if (rc == 1)
        rc = general_token(a, src, n, &marks);
    *flags = (marks ? VN_HAS_MARKS : 0u) | (misplaced ? VN_MISPLACED_TONE : 0u);
    return rc;
}

/* ---- whole strings: vn_normalize() and vn_fold() ---- */

typedef struct strbuf {
    char *p;
    size_t len, cap;
} strbuf;

static int reserve(strbuf *b, size_t more)
{
    char *p = tr_grow(b->p, b->len + more + 1, &b->cap, 1, 64);
    if (!p)
        return -1;
    b->p = p;
    return 0;
}

/* One chunk: decode, drop ignorables, canonical syllables, fold case, NFC, and for `fold` strip
 * marks and NFC again; appended to out. w1 and w2 hold `cap` units each, three
 * times the chunk: enough for what folding and NFC can add. Returns a TR_E* code. */
static int transform_chunk(const uint8_t *src, int32_t len, int fold, UChar *w1, UChar *w2,
                           int32_t cap, strbuf *out)
{
    int32_t n = vn_utf8_decode(src, len, w2, NULL), k = 0;
    for (int32_t i = 0; i < n; i++)
        if (!vn_is_ignorable(w2[i]))
            w2[k++] = w2[i];
    k = vn_canon(w2, k, NULL);
    UErrorCode st = U_ZERO_ERROR;
    int32_t m = u_strFoldCase(w1, cap, w2, k, U_FOLD_CASE_DEFAULT, &st);
    if (U_FAILURE(st))
        return TR_EICU;
    UChar *t = nfc(w1, &m, w2, cap);
    if (!t)
        return TR_EICU;
    if (fold) {
        UChar *f = t == w1 ? w2 : w1;
        m = vn_strip_marks(t, m, f, cap);
        if (m < 0 || !(t = nfc(f, &m, t, cap)))
            return TR_EICU;
    }
    if (reserve(out, (size_t)m * 3) != 0)
        return TR_ENOMEM;
    int32_t o = vn_utf16_to_utf8(t, m, out->p + out->len, m * 3);
    if (o < 0)
        return TR_EINTERNAL;
    out->len += (size_t)o;
    return 0;
}

/* Chunked like vn_analyze(), so that memory stays bounded on any input. Every
 * step is local to a character, a combining sequence or a syllable, none of
 * which spans a chunk boundary, so chunks change nothing in the result. */
static int transform(const char *text, size_t len, int fold, char **out, size_t *out_len,
                     tr_error *err)
{
    if (!out || (len && !text))
        return tr_error_set(err, TR_EINVAL, "no text or no place for the result");
    *out = NULL;
    if (out_len)
        *out_len = 0;
    if (len > ((size_t)1 << 31))
        return tr_error_set(err, TR_ELIMIT, "text longer than 2 GiB");
    int rc = vn_icu_init(err);
    if (rc != 0)
        return rc;
    size_t chunk = len < VN_CHUNK ? len : VN_CHUNK;
    int32_t cap = (int32_t)chunk * 3 + 16;
    UChar *w1 = malloc((size_t)cap * sizeof *w1), *w2 = malloc((size_t)cap * sizeof *w2);
    strbuf b = {0};
    rc = !w1 || !w2 || reserve(&b, len) != 0 ? TR_ENOMEM : 0;
    for (size_t off = 0; off < len && rc == 0;) {
        size_t end = vn_chunk_end(text, len, off);
        rc = transform_chunk((const uint8_t *)text + off, (int32_t)(end - off), fold, w1, w2, cap,
                             &b);
        off = end;
    }
    free(w1);
    free(w2);
    if (rc != 0) {
        free(b.p);
        return tr_error_set(err, rc, "cannot normalise text: %s", tr_error_name(rc));
    }
    b.p[b.len] = '\0';
    *out = b.p;
    if (out_len)
        *out_len = b.len;
    return 0;
}

int vn_normalize(const char *text, size_t len, char **out, size_t *out_len, tr_error *err)
{
    return transform(text, len, 0, out, out_len, err);
}

int vn_fold(const char *text, size_t len, char **out, size_t *out_len, tr_error *err)
{
    return transform(text, len, 1, out, out_len, err);
}
