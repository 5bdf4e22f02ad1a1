/* lexicon: the index's own vocabulary, in memory, for did-you-mean, typo expansion and
 * autocomplete.
 *
 * Every word the index has seen, folded ("nghien"), with its document frequency and
 * its exact spellings ("nghiên", "nghiền"), most frequent first. It is read from the
 * index's own terms (the exact-form prefix), so it follows the corpus, needs no
 * separate file, and works the same over remote shards, where Xapian serves no
 * spelling table. A lexicon is of one view (view.h): a public caller's holds only
 * the words of public documents, so that no suggestion, correction or completion
 * comes from a document it may not see. Numbers, compounds and other tokens with
 * non-letters are left out: nobody misspells "01/NQ-CP" into another legal number.
 *
 * A lexicon is immutable once built and may be read by any number of threads.
 * se_lexicon_get() hands out the current one, rebuilt when the index has changed.
 */
#ifndef SE_LEXICON_H
#define SE_LEXICON_H

#include <stddef.h>
#include <stdint.h>

#include "tr_error.h"
#include "view.h"
#include "xc.h"

typedef struct se_lexicon se_lexicon;

typedef struct se_spelling {
    const char *text; /* exact form, NUL-terminated, owned by the lexicon */
    uint64_t df;      /* documents that have it */
} se_spelling;

/* Reads the vocabulary of the documents of `db` that view `v` sees, with their
 * frequencies among them. NULL with the error filled on failure. */
se_lexicon *se_lexicon_build(xc_db *db, se_view v, tr_error *err);

/* Reference counting: the lexicon lives while anyone holds it. */
se_lexicon *se_lexicon_ref(se_lexicon *lx);
void se_lexicon_unref(se_lexicon *lx);

/* Number of distinct folded words. */
size_t se_lexicon_size(const se_lexicon *lx);

/* Documents with the folded word (summed over its spellings), 0 when unknown. */
uint64_t se_lexicon_df(const se_lexicon *lx, const char *folded, size_t len);

/* The exact spellings of a folded word, most frequent first; *out points into the
 * lexicon. Returns how many (0 when the word is unknown). */
size_t se_lexicon_spellings(const se_lexicon *lx, const char *folded, size_t len,
                            const se_spelling **out);

/* Known folded words at edit distance 1 from `folded` (one letter deleted, inserted,
 * replaced, or two neighbours swapped), the likeliest slips first: two neighbours
 * swapped, then a letter left out or a key pressed twice (none asks the typist to hit
 * a wrong key), then a letter too many or a wrong one; each kind most frequent first;
 * at most `max`. The strings point into the lexicon. Returns how many. */
typedef enum se_edit {
    SE_EDIT_NONE,
    SE_EDIT_SWAP,    /* "khao" for "khoa" */
    SE_EDIT_OMITTED, /* "ngien" for "nghien": the typed word lacks a letter, or has one */
                     /* twice ("nghiien") */
    SE_EDIT_OTHER    /* "nghiren", "nghiem" for "nghien": a stray letter, or a wrong one */
} se_edit;
typedef struct se_near {
    const char *folded;
    uint64_t df;
    se_edit edit; /* how it differs from the typed word */
} se_near;
size_t se_lexicon_near(const se_lexicon *lx, const char *folded, size_t len, se_near *out,
                       size_t max);

/* Known folded words that start with `prefix`, most frequent first, at most `max`.
 * Returns how many. */
size_t se_lexicon_complete(const se_lexicon *lx, const char *prefix, size_t len, se_near *out,
                           size_t max);

/* Whether a document of the index that view `v` sees has `word` (NUL-terminated)
 * under the term prefix `prefix` (vn_terms.h): asked of the index, not of a lexicon,
 * which may be a commit behind it and holds no compounds. 0 also when the index
 * fails or no term can hold the word. */
int se_lexicon_indexed(xc_db *db, se_view v, const char *prefix, const char *word);

/* ---- The current lexicon of a changing index ------------------------------ */

typedef struct se_lexicon_cache se_lexicon_cache;

se_lexicon_cache *se_lexicon_cache_new(void);
void se_lexicon_cache_free(se_lexicon_cache *c);

/* The lexicon of `db` for view `v` as it is now: built on first use, and rebuilt
 * (by the first caller that notices, at most once a second) when the index's
 * document count or length has changed; other callers keep the previous one
 * meanwhile. The public one is the whole one while no document is restricted.
 * Unref it when done. NULL only when the first build fails. */
se_lexicon *se_lexicon_get(se_lexicon_cache *c, xc_db *db, se_view v, tr_error *err);

#endif
