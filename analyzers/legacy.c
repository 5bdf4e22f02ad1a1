/* legacy: see vn_legacy.h. The names, the conversion driver shared by the three
 * decoders, and detection.
 *
 * A conversion never holds the whole text in UTF-16: the input is read in chunks of
 * CHUNK units cut after white space (no letter of any of the encodings spans white
 * space, and NFC never combines across it), each chunk is decoded, normalised and
 * appended as UTF-8. Memory is the output plus a constant.
 *
 * Detection converts a sample in each way it could be read and scores the results
 * with legacy_syllable.c. Converting good text does more harm than missing a
 * legacy file, so a reading must be convincing on its own (convincing()), must
 * beat the other 8-bit reading, and must be far better than the text as it would
 * otherwise be read (best_8bit()): Unicode text, English, code and Latin-1
 * languages stay as they are. docs/encodings.md gives the numbers.
 */
#include "vn_legacy.h"

#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include <unicode/unorm2.h>
#include <unicode/utf16.h>
#include <unicode/utf8.h>

#include "legacy_int.h"
#include "tr_grow.h"
#include "vn_int.h"

/* ---- names ---- */

/* The first five are the canonical names, in enum order. */
static const struct {
    const char *name;
    vn_encoding enc;
} names[] = {
    {"utf-8", VN_ENC_UTF8}, {"tcvn3", VN_ENC_TCVN3}, {"vni", VN_ENC_VNI},
    {"viqr", VN_ENC_VIQR},  {"auto", VN_ENC_AUTO},   {"utf8", VN_ENC_UTF8},
    {"tcvn", VN_ENC_TCVN3}, {"abc", VN_ENC_TCVN3},   {"vn3", VN_ENC_TCVN3},
    {"vni-windows", VN_ENC_VNI},
};

const char *vn_legacy_name(vn_encoding enc)
{
    return enc >= VN_ENC_UTF8 && enc <= VN_ENC_AUTO ? names[enc].name : NULL;
}

int vn_legacy_parse(const char *name, vn_encoding *enc, tr_error *err)
{
    for (size_t i = 0; name && i < sizeof names / sizeof names[0]; i++)
        if (strcasecmp(name, names[i].name) == 0) {
            *enc = names[i].enc;
            return 0;
        }
    return tr_error_set(err, TR_EINVAL,
                        "unknown encoding: use auto, utf-8, tcvn3, vni or viqr");
}

/* ---- Windows-1252 ---- */

/* 0x80-0x9F; the five bytes Windows-1252 leaves undefined read as Latin-1 does. */
static const UChar cp1252_c1[32] = {
    0x20AC, 0x0081, 0x201A, 0x0192, 0x201E, 0x2026, 0x2020, 0x2021,
    0x02C6, 0x2030, 0x0160, 0x2039, 0x0152, 0x008D, 0x017D, 0x008F,
    0x0090, 0x2018, 0x2019, 0x201C, 0x201D, 0x2022, 0x2013, 0x2014,
    0x02DC, 0x2122, 0x0161, 0x203A, 0x0153, 0x009D, 0x017E, 0x0178};

UChar lg_cp1252(uint8_t b)
{
    return b >= 0x80 && b < 0xA0 ? cp1252_c1[b - 0x80] : b;
}

int lg_cp1252_byte(UChar32 c)
{
    /* Below 0x100 both readings agree, or Latin-1's C1 controls stand for the
     * bytes a tool could not map: either way the byte is the code point. */
    if (c < 0x100)
        return c;
    for (int i = 0; i < 32; i++)
        if (cp1252_c1[i] == c)
            return 0x80 + i;
    return -1;
}

/* ---- conversion ---- */

#define CHUNK 8192

enum { SRC_BYTES, SRC_UTF8, SRC_MOJIBAKE };

typedef struct source {
    const uint8_t *s;
    size_t n, i;
    int mode;
} source;

/* The next unit (see lg_decode_fn), or -1 at the end. */
static int32_t next_unit(source *src)
{
    if (src->i >= src->n)
        return -1;
    uint8_t b = src->s[src->i];
    if (src->mode == SRC_BYTES || b < 0x80) {
        src->i++;
        return b;
    }
    UChar32 c;
    U8_NEXT_OR_FFFD(src->s, src->i, src->n, c);
    if (src->mode == SRC_MOJIBAKE) {
        int byte = lg_cp1252_byte(c);
        if (byte >= 0)
            return byte;
    }
    return c;
}

/* VN_ENC_UTF8: the units are code points already. */
static size_t copy_decode(const uint32_t *u, size_t n, size_t avail, UChar *out, int32_t *out_n)
{
    (void)avail;
    int32_t o = 0;
    for (size_t i = 0; i < n; i++)
        U16_APPEND_UNSAFE(out, o, u[i]);
    *out_n = o;
    return n;
}

typedef struct sink {
    char *buf;
    size_t len, cap;
    UChar *nfc;
    int32_t nfc_cap;
} sink;

/* Normalises a decoded chunk and appends it as UTF-8. */
static int flush(sink *k, const UChar *d, int32_t n, tr_error *err)
{
    UErrorCode st = U_ZERO_ERROR;
    int32_t m = unorm2_normalize(vn_icu_nfc(), d, n, k->nfc, k->nfc_cap, &st);
    if (st == U_BUFFER_OVERFLOW_ERROR) {
        size_t cap = (size_t)k->nfc_cap;
        UChar *nfc = tr_grow(k->nfc, (size_t)m, &cap, sizeof *k->nfc, (size_t)m);
        if (!nfc)
            return tr_error_set(err, TR_ENOMEM, "out of memory converting text");
        k->nfc = nfc;
        k->nfc_cap = (int32_t)cap;
        st = U_ZERO_ERROR;
        m = unorm2_normalize(vn_icu_nfc(), d, n, k->nfc, k->nfc_cap, &st);
    }
    if (U_FAILURE(st))
        return tr_error_set(err, TR_EICU, "cannot normalise converted text: %s",
                            u_errorName(st));
    size_t room = (size_t)m * 3 + 1;
    char *buf = tr_grow(k->buf, k->len + room, &k->cap, 1, k->len + room);
    if (!buf)
        return tr_error_set(err, TR_ENOMEM, "out of memory converting text");
    k->buf = buf;
    k->len += (size_t)vn_utf16_to_utf8(k->nfc, m, k->buf + k->len, (int32_t)room);
    return 0;
}

/* Where a chunk of CHUNK + LG_AHEAD units ends: after the last white space in
 * its second half, or at CHUNK in a text without any. */
static size_t cut_point(const uint32_t *u)
{
    for (size_t i = CHUNK; i > CHUNK / 2; i--)
        if (u[i - 1] == ' ' || u[i - 1] == '\n' || u[i - 1] == '\t' || u[i - 1] == '\r')
            return i;
    return CHUNK;
}

int vn_legacy_convert(vn_encoding enc, unsigned flags, const char *text, size_t len,
                      char **out, size_t *out_len, tr_error *err)
{
    *out = NULL;
    if (out_len)
        *out_len = 0;
    lg_decode_fn *decode;
    int mode = flags & VN_LEGACY_MOJIBAKE ? SRC_MOJIBAKE : SRC_BYTES;
    switch (enc) {
    case VN_ENC_UTF8: decode = copy_decode; mode = SRC_UTF8; break;
    case VN_ENC_TCVN3: decode = lg_tcvn3_decode; break;
    case VN_ENC_VNI: decode = lg_vni_decode; break;
    case VN_ENC_VIQR:
        decode = lg_viqr_escapes(text, len) ? lg_viqr_strict_decode : lg_viqr_decode;
        mode = SRC_UTF8;
        break;
    default: return tr_error_set(err, TR_EINVAL, "no encoding to convert from");
    }
    int rc = vn_icu_init(err);
    if (rc)
        return rc;
    source src = {(const uint8_t *)text, len, 0, mode};
    sink k = {0};
    k.cap = len + len / 4 + 64;
    k.nfc_cap = 2 * (CHUNK + LG_AHEAD) + 64;
    k.buf = malloc(k.cap);
    k.nfc = malloc((size_t)k.nfc_cap * sizeof *k.nfc);
    uint32_t *u = malloc((CHUNK + LG_AHEAD) * sizeof *u);
    UChar *d = malloc(2 * (CHUNK + LG_AHEAD) * sizeof *d);
    if (!k.buf || !k.nfc || !u || !d)
        rc = tr_error_set(err, TR_ENOMEM, "out of memory converting text");
    size_t have = 0;
    int at_end = 0;
    while (rc == 0) {
        while (!at_end && have < CHUNK + LG_AHEAD) {
            int32_t c = next_unit(&src);
            if (c < 0)
                at_end = 1;
            else
                u[have++] = (uint32_t)c;
        }
        if (have == 0)
            break;
        int32_t dn;
        size_t used = decode(u, at_end ? have : cut_point(u), have, d, &dn);
        rc = flush(&k, d, dn, err);
        memmove(u, u + used, (have - used) * sizeof *u);
        have -= used;
    }
    free(u);
    free(d);
    free(k.nfc);
    if (rc) {
        free(k.buf);
        return rc;
    }
    k.buf[k.len] = '\0';
    *out = k.buf;
    if (out_len)
        *out_len = k.len;
    return 0;
}

/* ---- detection ---- */

/* The fewest valid syllables that can decide; the number of marked words below
 * which a text is "short" and must be read without a single doubtful word; and
 * the least share of marked words (one in DENSE): most Vietnamese syllables have
 * a mark, while stray accented names, a few symbols or "U+01BA" in English or
 * code are a few words in hundreds. */
#define MIN_VALID 3
#define SHORT_TEXT 5
#define DENSE 4

/* The first VN_LEGACY_SAMPLE bytes or fewer, cut after white space (or at least
 * not inside a UTF-8 sequence) so that no letter is cut in two. */
static size_t sample_len(const char *text, size_t len)
{
    if (len <= VN_LEGACY_SAMPLE)
        return len;
    for (size_t i = VN_LEGACY_SAMPLE; i > VN_LEGACY_SAMPLE - 256; i--)
        if (text[i - 1] == ' ' || text[i - 1] == '\n' || text[i - 1] == '\t')
            return i;
    size_t i = VN_LEGACY_SAMPLE;
    while (i > VN_LEGACY_SAMPLE - 4 && ((uint8_t)text[i] & 0xC0) == 0x80)
        i--;
    return i;
}

/* NUL bytes, or control characters that text does not use in more than 1% of the
 * bytes: let the caller reject it as binary rather than guess. */
static int binary(const char *text, size_t n)
{
    size_t ctl = 0;
    for (size_t i = 0; i < n; i++) {
        uint8_t b = (uint8_t)text[i];
        if (b == 0)
            return 1;
        ctl += b < 0x20 && b != '\t' && b != '\n' && b != '\r' && b != '\f' && b != '\v';
    }
    return ctl * 100 > n;
}

/* 1 when the (valid UTF-8) text has a character outside ASCII and all of them are
 * Windows-1252 characters (a BOM aside): it may be legacy bytes read as such. */
static int reversible(const char *text, size_t n)
{
    const uint8_t *s = (const uint8_t *)text;
    int high = 0;
    for (size_t i = 0; i < n;) {
        if (s[i] < 0x80) {
            i++;
            continue;
        }
        UChar32 c;
        U8_NEXT_OR_FFFD(s, i, n, c);
        if (c != 0xFEFF && lg_cp1252_byte(c) < 0)
            return 0;
        high |= c != 0xFEFF;
    }
    return high;
}

static int score_reading(vn_encoding enc, unsigned flags, const char *text, size_t n,
                         lg_score *sc)
{
    char *u;
    size_t ul;
    if (vn_legacy_convert(enc, flags, text, n, &u, &ul, NULL) != 0)
        return -1;
    lg_score_utf8(u, ul, sc);
    free(u);
    return 0;
}

/* Bytes that are not UTF-8 read as Windows-1252: the baseline a TCVN3 or VNI
 * reading must beat, as the text itself is for mojibake. Latin-1 has á à â ã è é
 * ê ì í ò ó ô õ ù ú ý, so Portuguese or French bytes often make Vietnamese
 * syllables in any reading that leaves those bytes alone ("é", "não"). */
static int score_cp1252(const char *text, size_t n, lg_score *sc)
{
    char *u = malloc(3 * n + 1);
    if (!u)
        return -1;
    size_t o = 0;
    for (size_t i = 0; i < n; i++) {
        UChar c = lg_cp1252((uint8_t)text[i]);
        U8_APPEND_UNSAFE(u, o, c);
    }
    lg_score_utf8(u, o, sc);
    free(u);
    return 0;
}

/* Valid marked words count for a reading, doubtful ones against it. */
static long net(const lg_score *sc)
{
    return 2 * (long)sc->valid - (long)sc->marked;
}

/* A reading is Vietnamese on its own: MIN_VALID syllables, one word in DENSE
 * marked, four in five of the marked words valid, and in a short text all. */
static int convincing(const lg_score *sc)
{
    uint32_t bad = sc->marked - sc->valid;
    if (sc->valid < MIN_VALID || DENSE * sc->marked < sc->words || sc->valid < 4 * bad)
        return 0;
    return sc->marked >= SHORT_TEXT || bad == 0;
}

/* TCVN3 or VNI, whichever reads better and convincingly; UTF-8 for neither. The
 * reading must also have more than twice the valid syllables of `asis`, the text
 * as it would otherwise be read (as UTF-8, or as Windows-1252): Unicode Vietnamese
 * that happens to use only Latin-1 letters ("Cá và tôi") reads as well as TCVN3
 * mojibake and must stay. */
static vn_encoding best_8bit(const char *text, size_t n, unsigned flags, const lg_score *asis)
{
    lg_score t, v;
    if (score_reading(VN_ENC_TCVN3, flags, text, n, &t) ||
        score_reading(VN_ENC_VNI, flags, text, n, &v))
        return VN_ENC_UTF8;
    long nt = net(&t), nv = net(&v);
    if (nt == nv)
        return VN_ENC_UTF8;
    const lg_score *best = nt > nv ? &t : &v;
    if (!convincing(best))
        return VN_ENC_UTF8;
    if (!(best->valid > 2 * asis->valid && net(best) >= net(asis) + 2))
        return VN_ENC_UTF8;
    return nt > nv ? VN_ENC_TCVN3 : VN_ENC_VNI;
}

vn_encoding vn_legacy_detect(const char *text, size_t len, unsigned *flags)
{
    if (flags)
        *flags = 0;
    size_t n = text ? sample_len(text, len) : 0;
    if (n == 0 || binary(text, n))
        return VN_ENC_UTF8;
    lg_score asis;
    if (!vn_utf8_valid(text, n))
        return score_cp1252(text, n, &asis) ? VN_ENC_UTF8 : best_8bit(text, n, 0, &asis);

    if (reversible(text, n)) {
        lg_score_utf8(text, n, &asis);
        vn_encoding e = best_8bit(text, n, VN_LEGACY_MOJIBAKE, &asis);
        if (e != VN_ENC_UTF8) {
            if (flags)
                *flags = VN_LEGACY_MOJIBAKE;
            return e;
        }
    }
    /* English has "I'm" and "go?", which read as VIQR syllables, but seldom two
     * words with a mark that punctuation does not spell. */
    lg_score q;
    if (lg_viqr_mnemonics(text, n) >= 2 && score_reading(VN_ENC_VIQR, 0, text, n, &q) == 0 &&
        convincing(&q) && q.strong >= 2)
        return VN_ENC_VIQR;
    return VN_ENC_UTF8;
}

int vn_legacy_fits(vn_encoding enc, unsigned flags, const char *text, size_t len)
{
    size_t n = text ? sample_len(text, len) : 0;
    int valid = vn_utf8_valid(text, n);
    switch (enc) {
    case VN_ENC_VIQR:
        if (!valid || lg_viqr_mnemonics(text, n) < 0)
            return 0;
        break;
    case VN_ENC_TCVN3:
    case VN_ENC_VNI:
        if ((flags & VN_LEGACY_MOJIBAKE) ? !valid || !reversible(text, n) : valid)
            return 0;
        break;
    default:
        return 0;
    }
    lg_score asis, conv;
    if (valid)
        lg_score_utf8(text, n, &asis);
    if ((!valid && score_cp1252(text, n, &asis)) || score_reading(enc, flags, text, n, &conv))
        return 0;
    return net(&conv) > net(&asis) && conv.valid >= 4 * (conv.marked - conv.valid);
}

int vn_legacy_decode(vn_encoding enc, const char *text, size_t len, char **out,
                     size_t *out_len, vn_encoding *from, unsigned *flags, tr_error *err)
{
    unsigned f = 0;
    *out = NULL;
    if (out_len)
        *out_len = 0;
    if (enc == VN_ENC_AUTO) {
        enc = vn_legacy_detect(text, len, &f);
    } else if (enc == VN_ENC_TCVN3 || enc == VN_ENC_VNI) {
        int high = 0;
        for (size_t i = 0; i < len && !high; i++)
            high = (uint8_t)text[i] >= 0x80;
        if (high && vn_utf8_valid(text, len))
            f = VN_LEGACY_MOJIBAKE;
    } else if (enc != VN_ENC_UTF8 && enc != VN_ENC_VIQR) {
        return tr_error_set(err, TR_EINVAL, "no such encoding");
    }
    size_t n = 0;
    int rc = enc == VN_ENC_UTF8 ? 0 : vn_legacy_convert(enc, f, text, len, out, &n, err);
    /* ASCII without mnemonics reads the same in every encoding: nothing converted. */
    if (*out && n == len && memcmp(*out, text, len) == 0) {
        free(*out);
        *out = NULL;
        n = 0;
    }
    if (!*out) {
        enc = VN_ENC_UTF8;
        f = 0;
    }
    if (from)
        *from = enc;
    if (flags)
        *flags = f;
    if (out_len)
        *out_len = n;
    return rc;
}
