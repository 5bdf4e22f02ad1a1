/* vn_int.h: what the files of analyzers/ share with each other and with nobody else.
 *
 * The analyzer works one chunk at a time (at most VN_CHUNK bytes, cut at a space):
 * utf8.c decodes the chunk into UTF-16 with a map back to the caller's bytes,
 * segment.c turns ICU's word segments into "atoms" (runs of letters and digits),
 * compound.c groups atoms into compounds (legal numbers, dates, URLs, ...),
 * normalize.c turns an atom or compound into its exact and folded forms (canon.c's
 * canonical syllables, case fold, NFC, fold.c), and analyze.c hands the tokens out. Every buffer lives in
 * the analyzer and is reused, so a token costs no allocation.
 */
#ifndef VN_INT_H
#define VN_INT_H

#include <stddef.h>
#include <stdint.h>

#include <unicode/ubrk.h>
#include <unicode/unorm2.h>
#include <unicode/utypes.h>

#include "tr_error.h"
#include "vn.h"

/* Bytes of input converted at a time. Big enough that per-chunk costs (ICU's
 * setText, one decode loop) vanish, small enough that the UTF-16 copy and the
 * offset map (6 bytes per input byte) stay far below the size of the input. */
#define VN_CHUNK 65536

/* A token's source longer than this (UTF-16 units) is not normalised: no word is
 * that long, and a bound lets every per-token buffer be a fixed array. */
#define VN_SRC_MAX 1024

/* Tokens whose normalised form is longer than this (UTF-8 bytes) are skipped:
 * they are base64, hashes or glued garbage, and would exceed Xapian's term limit. */
#define VN_TOKEN_MAX 256

/* Full case folding can triple a string (ß -> ss, ΐ -> three code points), and so
 * can NFC in a few pathological cases; VN_SRC_MAX * 3 covers either. */
#define VN_WORK_MAX (VN_SRC_MAX * 3 + 16)

/* ---- icu.c: ICU objects opened once per process ---- */

/* Opens the shared ICU objects the first time (pthread_once). TR_EICU if ICU's
 * data cannot be loaded. */
int vn_icu_init(tr_error *err);
const UNormalizer2 *vn_icu_nfc(void);
const UNormalizer2 *vn_icu_nfd(void);
/* A private copy of the prototype word break iterator; ubrk_close() it. */
UBreakIterator *vn_icu_break_clone(tr_error *err);

/* ---- utf8.c: decoding with replacement, and encoding ---- */

/* Decodes `len` bytes into dst, replacing every ill-formed subsequence by U+FFFD.
 * dst needs `len` units, map (may be NULL) `len + 1` entries; map[i] is the byte
 * offset (from `src`) of the code point that UTF-16 unit i belongs to, and
 * map[n] == len. Returns n, the number of units written. */
int32_t vn_utf8_decode(const uint8_t *src, int32_t len, UChar *dst, uint32_t *map);

/* Encodes well-formed UTF-16 into dst (no NUL). Returns the length, or -1 when it
 * would not fit in `cap`. */
int32_t vn_utf16_to_utf8(const UChar *src, int32_t n, char *dst, int32_t cap);

/* Where to end the chunk that starts at `off`: after a space or line break near
 * off + VN_CHUNK, so that no token is cut; failing that before an ASCII byte (NFC
 * never combines across it), failing that at a code point boundary. */
size_t vn_chunk_end(const char *text, size_t len, size_t off);

/* ---- canon.c: one spelling for a Vietnamese syllable ---- */

/* Rewrites, in place, every run of letters and marks of s[0..n) that spells a
 * Vietnamese syllable in its canonical form: look-alike letters read as Latin (Ð ->
 * Đ, a Cyrillic о -> o), marks joined to their letters, the tone on the vowel the
 * orthography gives it, each letter in its case. `s` is the source, before case
 * folding and NFC. Returns the new length, never more than n. *misplaced (may be
 * NULL) is set to 1 when a tone was typed where no spelling convention puts it (not
 * the old style "hoà"). */
int32_t vn_canon(UChar *s, int32_t n, int *misplaced);
/* Called once by icu.c. */
void vn_canon_init(void);

/* ---- latin.c: ICU's answers for the Latin ranges, kept in a table ---- */

#define VN_LATIN_LO_END 0x0370   /* ASCII to Latin Extended-B, IPA, U+03xx marks */
#define VN_LATIN_HI_START 0x1E00 /* Latin Extended Additional: most Vietnamese */
#define VN_LATIN_HI_END 0x1F00

enum {
    VN_L_LETTER = 1u << 0,
    VN_L_UPPER = 1u << 1, /* upper or title case */
    VN_L_LOWER = 1u << 2,
    VN_L_MARK = 1u << 3,
    VN_L_DIGIT = 1u << 4,
    VN_L_NFC_INERT = 1u << 5 /* ccc 0 and NFC_QC Yes: a run of these is NFC */
};

/* `base` of a letter with diacritics: the ASCII letter it folds to (đ -> d); 0
 * when it has no diacritic; VN_BASE_OTHER when it has some but folds to
 * something else than one ASCII letter (ICU must be asked). */
#define VN_BASE_OTHER 0xFF

typedef struct vn_latin_info {
    UChar fold;          /* full case folding, when that is one unit; else 0 */
    unsigned char base;  /* see VN_BASE_OTHER */
    unsigned char flags; /* VN_L_* */
} vn_latin_info;

extern vn_latin_info vn_latin_lo[VN_LATIN_LO_END];
extern vn_latin_info vn_latin_hi[VN_LATIN_HI_END - VN_LATIN_HI_START];

/* The table entry of c, NULL outside the ranges. Valid after vn_icu_init(). */
static inline const vn_latin_info *vn_latin(UChar32 c)
{
    if (c < VN_LATIN_LO_END)
        return &vn_latin_lo[c];
    if (c >= VN_LATIN_HI_START && c < VN_LATIN_HI_END)
        return &vn_latin_hi[c - VN_LATIN_HI_START];
    return NULL;
}

static inline unsigned vn_latin_base(UChar32 c)
{
    const vn_latin_info *e = vn_latin(c);
    return e ? e->base : VN_BASE_OTHER;
}

/* Called once by icu.c, after the normalisers are open. */
void vn_latin_init(void);
/* The blocks of combining diacritics (not Indic vowel signs, which are marks but
 * letters in all but name). */
int vn_is_diacritic(UChar32 c);
/* The canonical decomposition of c without its diacritics, into out (>= 32
 * units); its length, or -1 when c has no diacritic to drop. */
int32_t vn_strip_one(UChar32 c, UChar *out);

/* ---- fold.c ---- */

/* Copies src without any diacritic, đ -> d. The result may need NFC again (the
 * caller checks; it never does for Latin text). Returns the length, or -1 when it
 * would not fit. */
int32_t vn_strip_marks(const UChar *src, int32_t n, UChar *dst, int32_t cap);
/* 1 if code point c is a diacritic or a letter with diacritics (or đ). */
int vn_cp_has_marks(UChar32 c);

/* ---- segment.c: atoms, the letter/digit runs inside ICU's word segments ---- */

enum {
    VN_A_ALPHA = 1u << 0,  /* has a letter */
    VN_A_DIGIT = 1u << 1,  /* has a decimal digit */
    VN_A_UPPER = 1u << 2,  /* has an upper- or title-case letter */
    VN_A_LOWER = 1u << 3,  /* has a lower-case letter */
    VN_A_CAP = 1u << 4,    /* its first letter is upper or title case */
    VN_A_IGNORE = 1u << 5, /* holds a soft hyphen or a zero-width joiner to drop */
    VN_A_ASCII = 1u << 6   /* every code point is ASCII */
};

typedef struct vn_atom {
    int32_t start, end; /* UTF-16 units in the chunk */
    unsigned flags;     /* VN_A_* */
} vn_atom;

/* Letters all upper case (KH, ĐMST), not a digit among them. */
static inline int vn_atom_all_upper(unsigned f)
{
    return (f & (VN_A_ALPHA | VN_A_UPPER | VN_A_LOWER | VN_A_DIGIT)) == (VN_A_ALPHA | VN_A_UPPER);
}

/* Digits only. */
static inline int vn_atom_digits(unsigned f)
{
    return (f & (VN_A_ALPHA | VN_A_DIGIT)) == VN_A_DIGIT;
}

/* Fills a->atoms from the chunk a->u16[0..n). */
int vn_segment(vn_analyzer *a, int32_t n, tr_error *err);

/* Soft hyphen, zero-width (non-)joiner, word joiner, BOM: invisible inside a word
 * and dropped from tokens. */
int vn_is_ignorable(UChar32 c);

/* 1 when every code unit is horizontal space (space, tab, no-break space, other
 * Zs): the test for VN_AFTER_BREAK. */
int vn_only_spaces(const UChar *s, int32_t from, int32_t to);

/* ---- compound.c ---- */

/* The token that starts at atom i: `count` atoms (1 for a plain word or number)
 * ending at UTF-16 unit `end`, of kind `kind`. */
typedef struct vn_span {
    int32_t count;
    int32_t end;
    vn_kind kind;
} vn_span;

void vn_compound_at(const UChar *s, int32_t n, const vn_atom *atoms, int32_t natoms,
                    int32_t i, vn_span *out);

/* ---- normalize.c ---- */

/* Normalises src (canonical syllables, case fold, NFC) into a->text and folds it into
 * a->folded. Returns 0, or -1 when the token is too long (it is then skipped).
 * *flags gets VN_HAS_MARKS when folding changed anything, VN_MISPLACED_TONE as
 * vn_canon() says. */
int vn_norm_token(vn_analyzer *a, const UChar *src, int32_t n, int drop_ignorables,
                  unsigned *flags);

/* ---- analyze.c: the analyzer ---- */

struct vn_analyzer {
    UBreakIterator *bi;
    /* The current chunk: UTF-16 and, per unit, its byte offset in the chunk. */
    UChar *u16;
    uint32_t *map;
    size_t cap16;
    vn_atom *atoms;
    int32_t natoms;
    size_t cap_atoms;
    /* The token being made. Fixed arrays: see VN_SRC_MAX. */
    UChar work1[VN_WORK_MAX], work2[VN_WORK_MAX];
    char text[VN_TOKEN_MAX], folded[VN_TOKEN_MAX];
    int32_t text_len, folded_len;
};

#endif
