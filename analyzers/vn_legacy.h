/* vn_legacy: Vietnamese text in the encodings that came before Unicode, found and
 * read as Unicode.
 *
 * Vietnamese typed on Windows before Unicode took over is in one of three encodings
 * of its own: TCVN3 (TCVN 5712:1993 "VN3", the ABC .VnTime fonts), one byte per
 * letter; VNI-Windows (the VNI fonts), a base letter followed by a byte for its
 * marks; and VIQR (RFC 1456), plain ASCII with the marks spelled after the vowel
 * ("Vie^.t Nam"). Archives still hold such files, and their bytes reach us a second
 * way too: read as Windows-1252 by some tool and saved again as UTF-8 ("mojibake":
 * "ViÖt Nam", "Vieät Nam"). This module tells these apart from Unicode text and
 * converts them to UTF-8 in NFC, so that they index exactly like the same words
 * typed in Unicode. docs/encodings.md says how detection decides and what guards it
 * against false positives.
 *
 * It knows nothing of files or records: the indexer decides what to convert.
 */
#ifndef VN_LEGACY_H
#define VN_LEGACY_H

#include <stddef.h>

#include "tr_error.h"

typedef enum vn_encoding {
    VN_ENC_UTF8,  /* Unicode: nothing to convert */
    VN_ENC_TCVN3, /* TCVN 5712:1993 VN3, the ABC fonts */
    VN_ENC_VNI,   /* VNI-Windows */
    VN_ENC_VIQR,  /* RFC 1456 mnemonics in ASCII */
    VN_ENC_AUTO   /* not an encoding: "find out" */
} vn_encoding;

enum {
    /* TCVN3 and VNI only: the text is valid UTF-8 whose characters are the legacy
     * bytes as Windows-1252 (or Latin-1) reads them; they are made bytes again
     * before they are decoded. */
    VN_LEGACY_MOJIBAKE = 1u << 0
};

/* Detection looks at no more than this many bytes from the start of a text. */
#define VN_LEGACY_SAMPLE 4096

/* The name of an encoding: "utf-8", "tcvn3", "vni", "viqr" or "auto"; static
 * storage. NULL for a value outside the enum. */
const char *vn_legacy_name(vn_encoding enc);

/* Parses a name as given to --encoding: the names above, in any case, and the
 * aliases "utf8", "tcvn", "abc", "vn3" and "vni-windows". Returns 0, or TR_EINVAL
 * (naming the accepted values) and leaves *enc alone. */
int vn_legacy_parse(const char *name, vn_encoding *enc, tr_error *err);

/* Guesses how `len` bytes should be read, from the first VN_LEGACY_SAMPLE of them:
 * - not valid UTF-8: TCVN3 or VNI when one of them reads as Vietnamese, else UTF-8
 *   (meaning "none of these": the caller rejects or repairs the text);
 * - valid UTF-8: TCVN3 or VNI with VN_LEGACY_MOJIBAKE when every character outside
 *   ASCII is a Windows-1252 one and the bytes they stand for read as Vietnamese
 *   far better than the text does as it is; VIQR when the text has no letter
 *   outside ASCII and holds enough mnemonics that make Vietnamese syllables; UTF-8
 *   otherwise.
 * Sets *flags (may be NULL) to VN_LEGACY_MOJIBAKE or 0. Never fails: text that
 * gives no strong evidence, binary data, and out of memory all answer UTF-8. */
vn_encoding vn_legacy_detect(const char *text, size_t len, unsigned *flags);

/* 1 when `text` reads better as `enc` (with `flags`) than as it is: for a short
 * field of a record whose longer text was detected as `enc`, where a field on its
 * own is too short to decide. 0 for VN_ENC_UTF8 and VN_ENC_AUTO. Looks at the first
 * VN_LEGACY_SAMPLE bytes. */
int vn_legacy_fits(vn_encoding enc, unsigned flags, const char *text, size_t len);

/* Converts `len` bytes in `enc` to UTF-8 in NFC, into a malloc()ed NUL-terminated
 * *out (the caller frees it) of *out_len bytes (may be NULL). Never fails on
 * content: bytes that mean nothing in `enc` are read as Windows-1252, invalid
 * UTF-8 (where UTF-8 is read) becomes U+FFFD. VN_ENC_UTF8 only normalises. Returns
 * 0; TR_EINVAL for VN_ENC_AUTO or a value outside the enum, TR_ENOMEM, TR_EICU
 * (ICU's data cannot be loaded); *out is then NULL. */
int vn_legacy_convert(vn_encoding enc, unsigned flags, const char *text, size_t len,
                      char **out, size_t *out_len, tr_error *err);

/* What an ingest path calls: reads `text` as `enc` says. VN_ENC_AUTO detects
 * (vn_legacy_detect); VN_ENC_TCVN3 and VN_ENC_VNI take valid UTF-8 with characters
 * outside ASCII as mojibake and anything else as bytes (a TCVN3 or VNI text is
 * never valid UTF-8 in practice). When the reading changes the text, *out receives
 * the malloc()ed NFC UTF-8 as vn_legacy_convert() gives it; when the text is to be
 * used as it is (VN_ENC_UTF8 given or found, or a reading that changes nothing),
 * *out is NULL and *out_len (may be NULL) 0. *from and *flags (either may be NULL)
 * receive the reading that changed the text, VN_ENC_UTF8 and 0 otherwise. Fails
 * as vn_legacy_convert(). */
int vn_legacy_decode(vn_encoding enc, const char *text, size_t len, char **out,
                     size_t *out_len, vn_encoding *from, unsigned *flags, tr_error *err);

#endif
