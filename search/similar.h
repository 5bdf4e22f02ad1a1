/* similar: the duplicate-proposal check, behind POST /api/similar and tracuu-dupcheck.
 *
 * Does a new S&T task proposal repeat a document already on file? The proposal (a
 * title and a text) is compared in two stages (docs/similar.md has the reasons and
 * the measurements):
 *
 *   1. Candidates: its most distinctive folded words and word pairs (by idf, title
 *      words weighted up) are ORed into one Xapian query, filtered by type; the best
 *      SE_SIMILAR_CANDIDATES documents are kept, and ordered again by how many
 *      shingles their stored MinHash signature (analyzers/shingle.h) says they share
 *      with the proposal. A long proposal is cut into windows of a few hundred words,
 *      each with its own query, so that one copied passage among many pages still
 *      brings its document (similar_int.h).
 *   2. Re-scoring: the leading candidates' stored title and body are analyzed again
 *      and compared with the proposal exactly: containment (the share of the
 *      proposal's 5-word shingles found in the document, or of the document's in the
 *      proposal, whichever is larger; in a long text, of the 300 shingles in a row
 *      that share most), resemblance (Jaccard of the two shingle sets) and a TF-IDF
 *      cosine of their words. The score in [0, 1] rests on containment, with the
 *      cosine lifting reworded texts (se_similarity).
 *
 * Both sides are folded (diacritics and tone placement do not matter) and the
 * abbreviations of the synonym table are replaced by one canonical unit on both
 * sides ("KH&CN" and "khoa học và công nghệ" are the same word here), so copies made
 * without a Vietnamese keyboard or with abbreviations written out still match;
 * shingles survive the reordering of sentences, and the title is not needed to
 * match (a rewritten title changes little).
 *
 * The texts compared (se_simtext) are also what tracuu-dupcheck uses to compare the
 * proposals of one call with each other.
 */
#ifndef SE_SIMILAR_H
#define SE_SIMILAR_H

#include <jansson.h>
#include <stddef.h>

#include "lexicon.h"
#include "search.h" /* se_engine, se_param_fn */
#include "synonyms.h"
#include "tr_error.h"
#include "vn.h"
#include "xc.h"

#define SE_SIMILAR_LIMIT_DEFAULT 10
#define SE_SIMILAR_LIMIT_MAX 50
#define SE_SIMILAR_TEXT_MAX (1024 * 1024) /* bytes of title and of text */
/* A longer text is compared through a sample of this many bytes, in this many runs
 * spread over it: the check's cost grows with the text (about 1 s of CPU for 1 MB),
 * and a proposal of a few dozen pages is read whole. */
#define SE_SIMILAR_SAMPLE_BYTES (128 * 1024)
#define SE_SIMILAR_SAMPLE_CHUNKS 16
#define SE_SIMILAR_CANDIDATES 50          /* from the index, stage 1 */
#define SE_SIMILAR_RESCORED 10            /* re-analyzed, at least; more if limit is */
#define SE_SIMILAR_PASSAGE_HITS 5         /* hits that get passages */
#define SE_SIMILAR_PASSAGES 3             /* passages a hit shows at most */

/* Verdict thresholds on the score, calibrated on ../shared/eval/near-dup-dev.jsonl
 * (docs/similar.md): at or above DUPLICATE the document repeats the proposal; at
 * or above RELATED it shares passages or much of its vocabulary; below, distinct. */
#define SE_SIM_DUPLICATE 0.18
#define SE_SIM_RELATED 0.10

/* ---- The request -------------------------------------------------------------- */

typedef struct se_similar_params {
    const char *title; /* may be NULL; not NUL-terminated necessarily */
    size_t title_len;
    const char *text;  /* may be NULL */
    size_t text_len;
    const char *type;  /* NULL or "": "task"; "all": every type; NUL-terminated */
    unsigned limit;    /* 0: SE_SIMILAR_LIMIT_DEFAULT */
    se_view view;      /* who asks (view.h); zero: the public. Candidates, and the
                          word weights of the scores, come from what it sees. */
} se_similar_params;

/* Reads a request body {"title", "text", "type"?, "limit"?}. On success *p points
 * into *root, which the caller json_decref()s when done with *p. TR_EINVAL (with a
 * message fit for the user, nothing of the input in it) for a body that is not a
 * JSON object, a field of the wrong kind, neither title nor text, or a limit
 * outside 1..SE_SIMILAR_LIMIT_MAX; TR_ELIMIT for a title or text over
 * SE_SIMILAR_TEXT_MAX. */
int se_similar_parse(const char *body, size_t len, json_t **root, se_similar_params *p,
                     tr_error *err);

/* Runs the check. Parameters are validated as by se_similar_parse() (a caller that
 * fills them itself gets the same errors); an unknown type has no hits. On success
 * *out is a new JSON object (json_decref):
 *   {"hits": [{"id", "title", "type", "date", "score", "verdict", "containment",
 *              "resemblance", "cosine", "passages": [{"query", "document"}]}],
 *    "took_ms", "type", "thresholds": {"duplicate", "related"}, "sampled"}
 * ("sampled": true when the text was longer than SE_SIMILAR_SAMPLE_BYTES and a sample
 * of it was compared).
 * hits best first; passages are HTML-escaped excerpts with the shared words in
 * <mark>, for the first SE_SIMILAR_PASSAGE_HITS hits (empty for the others).
 * Index failures give TR_EXAPIAN. */
int se_similar(se_engine *e, const se_similar_params *p, json_t **out, tr_error *err);

/* "duplicate", "related" or "distinct" for a score. */
const char *se_similar_verdict(double score);

/* ---- Texts compared ------------------------------------------------------------- */

/* Where word weights (idf) come from: the lexicon when there is one (in memory),
 * else the index's term frequencies; with neither, every word weighs the same. */
typedef struct se_idf {
    const se_lexicon *lx; /* may be NULL */
    xc_db *db;            /* may be NULL */
    double ndocs;         /* documents in the index (that `view` sees) */
    se_view view;         /* whose frequencies: lx must be of this view too */
} se_idf;

/* A title and a text analyzed for comparison: units (canonicalised through `syn`,
 * which may be NULL), shingle sets, word weights. The strings are copied. */
typedef struct se_simtext se_simtext;

/* NULL with the error filled on failure (out of memory, analysis). Either string
 * may be empty. */
se_simtext *se_simtext_new(vn_analyzer *a, const se_syn *syn, const se_idf *idf,
                           const char *title, size_t title_len, const char *text,
                           size_t text_len, tr_error *err);
void se_simtext_free(se_simtext *t);

typedef struct se_similarity {
    double score;       /* [0, 1], what the verdict is taken from */
    double containment; /* the larger share of one side's shingles found in the other
                           (of its best 300 in a row, for a longer text) */
    double resemblance; /* Jaccard of the shingle sets, title and text together */
    double cosine;      /* TF-IDF cosine of the words, titles counted twice */
    const char *verdict;
} se_similarity;

/* Compares a proposal `q` with a document (or another proposal) `d`. Symmetric
 * but for containment's choice of side, which takes the larger anyway. */
void se_simtext_compare(const se_simtext *q, const se_simtext *d, se_similarity *out);

/* The passages q and d share, longest first, at most `max`: a JSON array of
 * {"query": excerpt of q, "document": excerpt of d}, HTML-escaped, shared words in
 * <mark>. An empty array when they share no shingle. NULL when out of memory. */
json_t *se_simtext_passages(const se_simtext *q, const se_simtext *d, size_t max);

#endif
