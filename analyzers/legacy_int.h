/* legacy_int.h: what the files of the vn_legacy module (analyzers/legacy*.c) share
 * with each other and with nobody else.
 *
 * A conversion runs in three steps: legacy.c turns the input into "units" (bytes,
 * or code points), one decoder per encoding turns units into UTF-16
 * (legacy_tcvn3.c, legacy_vni.c, legacy_viqr.c), and legacy.c normalises that to
 * NFC and writes UTF-8. Detection converts a sample each way it might be read and
 * asks legacy_syllable.c how much of it is Vietnamese. The analyzer's canonical
 * syllable (canon.c) takes its letters and its test of spelling from there too.
 */
#ifndef LEGACY_INT_H
#define LEGACY_INT_H

#include <stddef.h>
#include <stdint.h>

#include <unicode/utypes.h>

/* ---- legacy_syllable.c: Vietnamese letters and syllables ---- */

/* The mark that makes a vowel another letter (ă, â/ê/ô, ơ/ư), and đ's stroke. */
enum { LG_PLAIN, LG_BREVE, LG_CIRC, LG_HORN, LG_STROKE };
/* The six tones, in the order Vietnamese grammars give them after "ngang". */
enum { LG_LEVEL, LG_ACUTE, LG_GRAVE, LG_HOOK, LG_TILDE, LG_DOT };

/* The precomposed letter for an ASCII base ('a', 'e', 'i', 'o', 'u', 'y', or 'd'
 * with LG_STROKE), a shape and a tone; upper case when `upper`. 0 when Vietnamese
 * has no such letter (a breve on an e, a tone on a d). */
UChar lg_compose(char base, int shape, int tone, int upper);

typedef struct lg_letter {
    char base;     /* lower-case ASCII letter */
    uint8_t shape; /* LG_PLAIN ... */
    uint8_t tone;  /* LG_LEVEL ... */
    uint8_t upper;
} lg_letter;

/* Takes apart an ASCII letter or one of the 134 Vietnamese letters. 0 for
 * anything else. */
int lg_letter_of(UChar32 c, lg_letter *out);

/* 1 when the letters l[0..n) spell a Vietnamese syllable: an initial consonant, a
 * vowel group, a final consonant, and at most one tone, one that the final allows.
 * A test of form, not a dictionary: "đị" passes, loanwords fail. Where the tone sits
 * is not checked. *strong (may be NULL) as lg_score.strong says. Also used by canon.c,
 * which spells syllables one way. */
int lg_syllable_ok(const lg_letter *l, size_t n, int *strong);

/* 1 for a character that separates words: white space, punctuation, symbols.
 * Digits and letters outside Vietnamese (ß, ø) are not separators. */
int lg_is_sep(UChar32 c);

/* How much of a text is Vietnamese. A word is a run of non-separators; it is
 * "marked" when it has a character outside ASCII and more than one character. */
typedef struct lg_score {
    uint32_t words;  /* words */
    uint32_t marked; /* marked words */
    uint32_t valid;  /* marked words that are Vietnamese syllables */
    uint32_t strong; /* valid ones with a mark that VIQR does not spell with
                        punctuation: a vowel shape (ă â ê ô ơ ư), đ, a grave or
                        a tilde, or two marks */
} lg_score;

void lg_score_utf8(const char *text, size_t len, lg_score *sc);

/* ---- legacy.c: Windows-1252 ---- */

/* The character Windows-1252 gives byte b (its own value for the five undefined
 * bytes and for ASCII, as Latin-1 reads them). */
UChar lg_cp1252(uint8_t b);

/* The Windows-1252 (or Latin-1) byte of code point c, or -1 when it has none. */
int lg_cp1252_byte(UChar32 c);

/* ---- the decoders ---- */

/* Decodes units u[0..n) into out (room for 2 * avail units). The decoder may look
 * at u[n..avail): the caller keeps LG_AHEAD units there, unless the text ends at
 * `avail`. For TCVN3 and VNI a unit below 0x100 is a byte and one above a code
 * point that is kept as it is; for VIQR every unit is a code point. Returns how
 * many units were used: n, or a few more when a letter's bytes run past n. *out_n
 * receives the UTF-16 length. */
#define LG_AHEAD 8
typedef size_t lg_decode_fn(const uint32_t *u, size_t n, size_t avail, UChar *out,
                            int32_t *out_n);

lg_decode_fn lg_tcvn3_decode; /* legacy_tcvn3.c */
lg_decode_fn lg_vni_decode;   /* legacy_vni.c */
lg_decode_fn lg_viqr_decode;  /* legacy_viqr.c: for text that does not escape */
lg_decode_fn lg_viqr_strict_decode; /* ... for text that escapes its stops */

/* legacy_viqr.c: 1 when the text escapes a full stop or a question mark ("\.",
 * "\?"), as RFC 1456 asks, so that an unescaped one is a tone. */
int lg_viqr_escapes(const char *text, size_t len);

/* legacy_viqr.c: the number of mnemonics in the (UTF-8) text that only VIQR
 * writes: ^ ( + ` ~ after a vowel they fit, dd at the start of a word; -1 when the
 * text has a letter outside ASCII and cannot be VIQR. A cheap test before the
 * costly one. */
int lg_viqr_mnemonics(const char *text, size_t len);

#endif
