/* shingle: texts as sets of word shingles, and MinHash signatures of those sets,
 * for telling near-duplicates apart from texts that merely share a topic.
 *
 * A text becomes a sequence of units, one per analyzer token (compounds whole, their
 * parts skipped), each the hash of its folded form, so that a copy with its
 * diacritics stripped or its tones placed the old way has the very same units. A
 * shingle is VN_SHINGLE_LEN units in a row (the evaluation in ../shared/eval defines
 * duplication on 5-syllable shingles of folded text); shingles run across
 * punctuation but never from one segment (a title, a body) into the next. Two texts
 * that share many shingles share whole passages, which rewording of a topic does
 * not produce.
 *
 * The indexer stores a MinHash signature of every document's shingle set (title and
 * body) in a value slot (VN_SLOT_MINHASH, docs/schema.md): VN_MINHASH_K minima, each
 * under its own hash function, and the number of distinct shingles. The share of
 * equal minima between two signatures estimates the Jaccard resemblance of the two
 * sets, and with the counts the number of shingles they share, without reading
 * either text again. The search daemon computes the same signature for a proposal
 * and compares.
 *
 * Units carry their byte range in their segment's text, so that a caller can show
 * the passages two texts share. A caller may also replace a run of units by one of
 * its own (searchd canonicalises abbreviations so); the functions here only see
 * hashes. Nothing here allocates except the unit and shingle arrays, which the
 * caller owns.
 */
#ifndef VN_SHINGLE_H
#define VN_SHINGLE_H

#include <stddef.h>
#include <stdint.h>

#include "tr_error.h"
#include "vn.h"

#define VN_SHINGLE_LEN 5
#define VN_MINHASH_K 128
/* Encoded signature: "MH", format version, shingle length, count (u32 LE), then
 * VN_MINHASH_K minima (u32 LE). */
#define VN_SIGNATURE_BYTES (8 + 4 * VN_MINHASH_K)

typedef struct vn_unit {
    uint64_t hash;     /* vn_unit_hash() of the folded token, or the caller's own */
    size_t start, end; /* byte range in the segment's text */
    uint32_t seg;      /* which segment the unit belongs to */
} vn_unit;

/* A growable array of units; start from {0}, vn_units_clear() when done. */
typedef struct vn_units {
    vn_unit *u;
    size_t n, cap;
} vn_units;

/* The unit hash of a folded form (64-bit, well mixed). */
uint64_t vn_unit_hash(const char *folded, size_t len);

/* Appends one unit. TR_ENOMEM on failure (the array is kept as it was). */
int vn_units_push(vn_units *us, const vn_unit *u, tr_error *err);

/* Analyzes `text` and appends a unit for each token but compound parts, all in
 * segment `seg`. Fails as vn_analyze() does, or with TR_ENOMEM. */
int vn_units_from_text(vn_analyzer *a, const char *text, size_t len, uint32_t seg, vn_units *us,
                       tr_error *err);

/* Frees the array and empties it; an empty one is fine. */
void vn_units_clear(vn_units *us);

/* The number of units, from u[i], that the shingle starting at u[i] covers:
 * VN_SHINGLE_LEN, or, for a segment shorter than that, the whole segment (a short
 * title is one shingle rather than none) when i is its first unit; 0 when no
 * shingle starts at i (too close to the segment's end). */
size_t vn_shingle_span(const vn_unit *u, size_t n, size_t i);

/* The hash of the shingle of `span` units starting at u[0] (order matters). */
uint64_t vn_shingle_hash(const vn_unit *u, size_t span);

/* The distinct shingles of units u[0..n), sorted ascending, into a malloc()ed array
 * (*out is NULL when there are none). Returns 0 or TR_ENOMEM. */
int vn_shingles(const vn_unit *u, size_t n, uint64_t **out, size_t *nout, tr_error *err);

/* Whether sorted set `set` holds h. */
int vn_shingles_has(const uint64_t *set, size_t n, uint64_t h);

/* The number of elements two sorted sets have in common. */
size_t vn_shingles_common(const uint64_t *a, size_t na, const uint64_t *b, size_t nb);

typedef struct vn_minhash {
    uint32_t count;              /* distinct shingles (saturated at UINT32_MAX) */
    uint32_t min[VN_MINHASH_K];  /* UINT32_MAX where the set is empty */
} vn_minhash;

/* The signature of a set of distinct shingle hashes (as vn_shingles() gives). */
void vn_minhash_compute(const uint64_t *shingles, size_t n, vn_minhash *out);

/* The stored form of a signature (VN_SIGNATURE_BYTES bytes). */
void vn_minhash_encode(const vn_minhash *m, unsigned char out[VN_SIGNATURE_BYTES]);

/* Reads a stored signature. TR_EINVAL (without touching *out) when `buf` is not
 * one of this format, as an index built before signatures existed gives. */
int vn_minhash_decode(const void *buf, size_t len, vn_minhash *out, tr_error *err);

/* Estimated Jaccard resemblance |A∩B| / |A∪B| of the two sets; 0 when either is
 * empty. The standard error is about sqrt(J(1-J)/VN_MINHASH_K). */
double vn_minhash_jaccard(const vn_minhash *a, const vn_minhash *b);

/* Estimated number of shingles the two sets share: J (|A| + |B|) / (1 + J). */
double vn_minhash_common(const vn_minhash *a, const vn_minhash *b);

/* The signature of a document made of `n` segments (title, body): what the indexer
 * stores. Fails as vn_units_from_text(). */
int vn_signature(vn_analyzer *a, const char *const *texts, const size_t *lens, size_t n,
                 unsigned char out[VN_SIGNATURE_BYTES], tr_error *err);

/* The same signature from tokens handed in as some other pass analyses the texts (the
 * indexer taps its term pass, so that each text goes through ICU once): vn_sig_token()
 * (a vn_token_fn, its ctx the vn_sig) for each token of a segment, vn_sig_segment_end()
 * after each segment, vn_sig_finish() once, vn_sig_clear() always. Shingles are hashed
 * from a window of the last units as they stream by: 8 bytes a token, no unit array. */
typedef struct vn_sig {
    vn_unit win[VN_SHINGLE_LEN];
    size_t seen; /* units of the current segment so far */
    uint64_t *set;
    size_t n, cap;
    tr_error *err;
} vn_sig;

void vn_sig_init(vn_sig *s, tr_error *err);
int vn_sig_token(void *sig, const vn_token *t);
int vn_sig_segment_end(vn_sig *s);
void vn_sig_finish(vn_sig *s, unsigned char out[VN_SIGNATURE_BYTES]);
void vn_sig_clear(vn_sig *s);

#endif
