/* vn: Vietnamese text analysis, text in, tokens out.
 *
 * One analyzer serves the indexer and the query parser alike, so that a document
 * and a query typed by a person meet on the same tokens. Modelled on SQLite FTS5's
 * tokenizer API: a small object, and vn_analyze() that calls back once per token
 * with its byte offsets in the original text.
 *
 * What it does to the text:
 * - decodes UTF-8, replacing invalid sequences by U+FFFD (offsets still point into
 *   the caller's bytes); never fails on content;
 * - reads the full-width forms of ASCII as ASCII ("ＵＢＮＤ" -> "UBND");
 * - one canonical spelling for every Vietnamese syllable (canon.c): look-alike
 *   letters read as Latin ("Ðại" -> "Đại", a Cyrillic "о" inside a Latin word ->
 *   "o"), leftover combining marks joined to their letter, and the tone on the vowel
 *   where the orthography puts it, whatever vowel it was typed on ("lựơng" ->
 *   "lượng", "baỏ" -> "bảo", "hoà" -> "hòa", "thuỷ" -> "thủy"); names and foreign
 *   words that are not Vietnamese syllables are left as they are;
 * - ICU NFC normalisation and full case folding ("UBND" -> "ubnd");
 * - ICU word breaks, which for Vietnamese give syllables;
 * - keeps whole what ICU splits: legal numbers (01/NQ-CP, 05/2008/TT-BKH&CN-BNV,
 *   07-CTr/TU), joined abbreviations (KH&CN, KT-XH, KH,CN&ĐMST), dates (13/4/2023,
 *   16-17/3/2023), numbers (1.234.567, 3,5), e-mail addresses and URLs; the parts of
 *   such a compound follow it as tokens of their own at the same position;
 * - a folded form of every token: every mark removed, đ -> d ("công nghệ" -> "cong
 *   nghe");
 * - skips a token whose normalised form is longer than 256 bytes (base64, hashes):
 *   it takes no position and the next token gets VN_AFTER_BREAK. A compound that
 *   long is given piece by piece, as ordinary words and numbers.
 *
 * It does not make terms or know the index's prefixes: that is vn_terms.h.
 */
#ifndef VN_H
#define VN_H

#include <stddef.h>
#include <stdint.h>

#include "tr_error.h"

typedef struct vn_analyzer vn_analyzer;

typedef enum vn_kind {
    VN_WORD = 1,  /* a run of letters: a Vietnamese syllable, or a foreign word */
    VN_NUMBER,    /* digits, possibly grouped or with decimals: 2023, 1.234.567, 3,5 */
    VN_LEGALNUM,  /* a legal document number: 01/NQ-CP, 1234/QĐ-UBND, 07-CTr/TU */
    VN_ABBR,      /* letters joined by & , - : KH&CN, KT-XH, KH,CN&ĐMST, COVID-19 */
    VN_DATE,      /* 13/4/2023, 16-17/3/2023, 4/2023 */
    VN_EMAIL,
    VN_URL,
    VN_PART       /* one part of the preceding compound (legal number, abbreviation,
                     date, number, e-mail, URL), at the compound's position */
} vn_kind;

enum {
    /* The token follows punctuation or a line break (not only spaces): adjacency
     * with the previous token is weak, so no bigram is made across it. */
    VN_AFTER_BREAK = 1u << 0,
    /* The source text of the token had an upper-case first letter. */
    VN_CAPITALISED = 1u << 1,
    /* The source text of the token had diacritics (marks, or đ). */
    VN_HAS_MARKS = 1u << 2,
    /* The source put a tone on a vowel where no spelling of the syllable has it
     * ("lựơng", "phaí"; not the old style "hoà"): the token's text has it where it
     * belongs. In a query, such a word may also be a slip of other letters ("phaí"
     * typed for "phía"), which did-you-mean considers. */
    VN_MISPLACED_TONE = 1u << 3
};

typedef struct vn_token {
    vn_kind kind;
    unsigned flags;     /* VN_AFTER_BREAK | VN_CAPITALISED | VN_HAS_MARKS | VN_MISPLACED_TONE */
    const char *text;   /* normalised exact form: canonical syllables, NFC, case-folded */
    size_t text_len;
    const char *folded; /* `text` with every mark removed and đ -> d */
    size_t folded_len;
    size_t start, end;  /* byte range of the token in the caller's text */
    uint32_t pos;       /* 0-based position; a VN_PART has its compound's position */
} vn_token;

/* Called once per token, in text order. The strings are valid only during the call.
 * Return 0 to go on, nonzero to stop: vn_analyze() then returns that value. */
typedef int (*vn_token_fn)(void *ctx, const vn_token *tok);

/* Creates an analyzer. Cheap after the first call in a process (ICU data is loaded
 * once). NULL on failure with the error filled. An analyzer is used by one thread
 * at a time. */
vn_analyzer *vn_analyzer_new(tr_error *err);
void vn_analyzer_free(vn_analyzer *a);

/* Analyzes `len` bytes of UTF-8 text (need not be NUL-terminated), calling fn for
 * each token. Returns 0, the callback's nonzero value, or a TR_E* code on failure
 * (out of memory, ICU failure; never for bad content). Input over 2^31 bytes is
 * refused with TR_ELIMIT. Positions start at `first_pos`, so that a caller can
 * analyze several fields into one position space. Returns through *next_pos (may be
 * NULL) the position after the last token. */
int vn_analyze(vn_analyzer *a, const char *text, size_t len, uint32_t first_pos,
               vn_token_fn fn, void *ctx, uint32_t *next_pos, tr_error *err);

/* Normalises a whole string as vn_analyze does its tokens (canonical syllables, case
 * fold, NFC; invalid UTF-8 replaced), into a malloc()ed NUL-terminated string. */
int vn_normalize(const char *text, size_t len, char **out, size_t *out_len, tr_error *err);

/* Folds a string: NFC, case fold, every mark removed, đ -> d. Malloc()ed. */
int vn_fold(const char *text, size_t len, char **out, size_t *out_len, tr_error *err);

/* 1 when the UTF-8 text holds a Vietnamese diacritic (a combining mark once
 * decomposed, or đ/Đ), 0 otherwise. */
int vn_has_marks(const char *text, size_t len);

/* 1 when `len` bytes are valid UTF-8 (no overlongs, no surrogates, <= U+10FFFF). */
int vn_utf8_valid(const char *text, size_t len);

/* The length of the longest start of text[0..len) of at most `max` bytes that does
 * not end inside a character: where to cut a text that is too long. */
size_t vn_utf8_cut(const char *text, size_t len, size_t max);

#endif
