/* lexicon: the index's own vocabulary, in memory, for did-you-mean, typo expansion and
 * autocomplete.
 *
 * Every word the index has seen, folded ("nghien"), with its document frequency and
 * its exact spellings ("nghiên", "nghiền"), most frequent first. It is read from the
 * index's own terms (the exact-form prefix), so it follows the corpus, needs no
 * separate file, and works the same over remote shards, where Xapian serves no
 * spelling table. Numbers, compounds and other tokens with non-letters are left out:
 * nobody misspells "01/NQ-CP" into another legal number.
 *
 * A lexicon is immutable once built and may be read by any number of threads.
 * sd_lexicon_get() hands out the current one, rebuilt when the index has changed.
 */
#ifndef SD_LEXICON_H
#define SD_LEXICON_H

#include <stddef.h>
#include <stdint.h>

#include "tr_error.h"
#include "xc.h"

typedef struct sd_lexicon sd_lexicon;

typedef struct sd_spelling {
    const char *text; /* exact form, NUL-terminated, owned by the lexicon */
    uint64_t df;      /* documents that have it */
} sd_spelling;

/* Reads the vocabulary of `db`. NULL with the error filled on failure. */
sd_lexicon *sd_lexicon_build(xc_db *db, tr_error *err);

/* Reference counting: the lexicon lives while anyone holds it. */
sd_lexicon *sd_lexicon_ref(sd_lexicon *lx);
void sd_lexicon_unref(sd_lexicon *lx);

/* Number of distinct folded words. */
size_t sd_lexicon_size(const sd_lexicon *lx);

/* Documents with the folded word (summed over its spellings), 0 when unknown. */
uint64_t sd_lexicon_df(const sd_lexicon *lx, const char *folded, size_t len);

/* The exact spellings of a folded word, most frequent first; *out points into the
 * lexicon. Returns how many (0 when the word is unknown). */
size_t sd_lexicon_spellings(const sd_lexicon *lx, const char *folded, size_t len,
                            const sd_spelling **out);

/* Known folded words at edit distance 1 from `folded` (one letter deleted, inserted,
 * replaced, or two neighbours swapped), swaps first (the likeliest slip), then the
 * others, each most frequent first; at most `max`. The strings point into the
 * lexicon. Returns how many. */
typedef enum sd_edit { SD_EDIT_NONE, SD_EDIT_SWAP, SD_EDIT_OTHER } sd_edit;
typedef struct sd_near {
    const char *folded;
    uint64_t df;
    sd_edit edit; /* how it differs: two neighbours swapped, or one letter */
} sd_near;
size_t sd_lexicon_near(const sd_lexicon *lx, const char *folded, size_t len, sd_near *out,
                       size_t max);

/* Known folded words that start with `prefix`, most frequent first, at most `max`.
 * Returns how many. */
size_t sd_lexicon_complete(const sd_lexicon *lx, const char *prefix, size_t len, sd_near *out,
                           size_t max);

/* ---- The current lexicon of a changing index ------------------------------ */

typedef struct sd_lexicon_cache sd_lexicon_cache;

sd_lexicon_cache *sd_lexicon_cache_new(void);
void sd_lexicon_cache_free(sd_lexicon_cache *c);

/* The lexicon of `db` as it is now: built on first use, and rebuilt (by the first
 * caller that notices, at most once a second) when the index's document count or
 * length has changed; other callers keep the previous one meanwhile. Unref it when
 * done. NULL only when the first build fails. */
sd_lexicon *sd_lexicon_get(sd_lexicon_cache *c, xc_db *db, tr_error *err);

#endif
