/* vn_keys: Vietnamese typed as Telex or VNI keystrokes with the input method off.
 *
 * Vietnamese keyboards are software: with the input method switched off, "việt" arrives
 * as the keys that would have made it, "vieetj" (Telex) or "vie6t5" (VNI). This module
 * reads one word of such keys back into the syllable it spells:
 *   - Telex: aa ee oo -> â ê ô, aw ow uw -> ă ơ ư, uow -> ươ, w alone -> ư ("thw" ->
 *     "thư"), dd -> đ; the tone keys s f r x j (sắc huyền hỏi ngã nặng) anywhere after
 *     the first vowel: after the word ("vieetj") or right after its vowel ("vieejt");
 *   - VNI: 6 -> â ê ô, 7 -> ơ ư (uo7 -> ươ), 8 -> ă, 9 -> đ, after the letter they mark
 *     or after the final consonants that follow it ("vie6t", "viet6"); tone digits 1-5
 *     (sắc huyền hỏi ngã nặng) after the vowel or at the end. A word with a digit is
 *     read as VNI, one of letters only as Telex.
 * Capitals are kept letter by letter ("DDieenr" -> "Điển"). The tone goes where the
 * analyzer's canonical syllable puts it (canon.c: "hofa" -> "hòa").
 *
 * A reading is given only when the keys spell a Vietnamese syllable (legacy_syllable.c's
 * test of form) and used at least one key: "tom" is Telex for nothing, "chaos" reads
 * "cháo" (whether the user meant the English word is for the index to say: see
 * search/spell.c), "pass" (two tones) and "fax" (no initial f) read nothing.
 */
#ifndef VN_KEYS_H
#define VN_KEYS_H

#include <stddef.h>

/* Longest word read, in bytes: no syllable needs more keys. */
#define VN_KEYS_MAX 24

/* The syllable that `len` bytes of keystrokes spell, as NUL-terminated NFC UTF-8 in
 * out[0..cap) (cap >= 4 * VN_KEYS_MAX + 1 is always enough). Returns its length, or 0
 * when the word is not keystrokes of a Vietnamese syllable (or out is too small). With
 * `prefix`, the word may be the start of a syllable still being typed ("tieeng",
 * "nghie6"): only the letters' form is checked, not that they make a whole syllable. */
size_t vn_keys_read(const char *word, size_t len, int prefix, char *out, size_t cap);

/* 1 when the word has a reading (vn_keys_read) and a key that no Vietnamese word typed
 * without marks has: f j w z, a digit, a doubled a or e, dd ("hoaf", "vieetj",
 * "vie6t5"). Not a tone key s r x (initials that a slip puts after a vowel: "asng" for
 * "sang") nor oo ("xoong"), nor a word of two keys, as often English or a code as
 * keys ("of", "if", "A1"). A query with such a word is typed in keys. */
int vn_keys_sure(const char *word, size_t len);

/* `len` bytes of text with every word (a run of ASCII letters and digits) that has a
 * keystroke reading replaced by it, and everything else kept: "tieengs viet" ->
 * "tiếng viet". The last word is read as a prefix when the text does not end with a
 * space or a tab (a search box being typed in). Into out[0..cap), NUL-terminated;
 * returns the length, or 0 when no word has a reading or out is too small (3 * len +
 * 1 is always enough). */
size_t vn_keys_text(const char *text, size_t len, char *out, size_t cap);

#endif
