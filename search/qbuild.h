/* qbuild: parsed query + analyzer -> Xapian query tree, with tracuu's ranking.
 *
 * Every word is matched on its folded form (no diacritics), in the body or the title,
 * so "khoa hoc", "khoa học" and "KHOA HỌC" find the same documents. Ranking then
 * adds, as optional weight (AND_MAYBE), what makes one match better than another:
 *   - the exact forms, when the user typed diacritics (exact spelling ranks first);
 *   - bigrams of neighbouring words (adjacency without the cost of positions);
 *   - the whole query as a phrase, in the body and in the title.
 * Title terms weigh more than body terms. The weights live in se_weights so that
 * they can be tuned on the evaluation sets (docs/ranking.md).
 */
#ifndef SE_QBUILD_H
#define SE_QBUILD_H

#include <stddef.h>

#include "lexicon.h"
#include "query.h"
#include "synonyms.h"
#include "tr_error.h"
#include "vn.h"
#include "xc.h"

typedef struct se_weights {
    double title;  /* a title match, relative to a body match */
    double exact;  /* exact-form terms, when the query has diacritics */
    double bigram; /* neighbouring-word pairs */
    double phrase; /* the whole query as a phrase */
    double headline; /* every word in the title, in order, close together */
    double k1, b;  /* BM25: term frequency saturation, length normalisation */
    double tier;   /* 1: only documents holding the whole query, when some do */
    double cutoff; /* results under this share of the best weight are dropped */
    double typo;   /* a neighbour standing in for a word the index lacks */
} se_weights;

extern const se_weights se_weights_default;

/* Overrides weights from "name=value,..." (names as in se_weights: title, exact,
 * bigram, phrase, headline, k1, b, tier, cutoff, typo), for tuning with tracuu-searchd --weights. Returns 0, or
 * TR_EINVAL naming the first bad item; *w is unchanged then. */
int se_weights_parse(se_weights *w, const char *spec, tr_error *err);

/* Folded words of the query, for highlighting snippets. */
#define SE_HL_MAX 64
#define SE_HL_LEN 64
typedef struct se_highlight {
    char terms[SE_HL_MAX][SE_HL_LEN];
    size_t n;
} se_highlight;

/* Builds the query for `q`. `lx` (may be NULL) lets a word the index has never seen
 * stand for its known neighbours at edit distance 1, weighted down (typo tolerance). With `relaxed` set, the words need not all match (their
 * groups are ORed), for a second try when the strict query found nothing. `db` is consulted for term frequencies (a compound such
 * as "NQ-CP" that is not indexed whole falls back to its parts). `hl` (may be NULL)
 * receives the folded words to highlight. `phrase` (may be NULL) receives the whole
 * query as one phrase when it has 2 to 10 words (else NULL): the engine probes it to
 * tell whether some document holds the query whole. A query with no positive clause matches
 * every document (minus exclusions), so that "type:task" alone lists tasks.
 * `syn` (may be NULL) gives abbreviations and synonyms: where the query says one, its
 * alternatives are ORed in, weighted well below what was typed, in phrases and
 * exclusions too ("-UBND" also leaves out "ủy ban nhân dân").
 * `q` is analysed with `a` unless it has been already (se_units_analyze), and keeps
 * its units for the next build.
 * `v` and `lx` (of the same view) say which words the index knows: a word only
 * documents outside the view have is a typo like any unknown word. The query is
 * not restricted to the view: the caller applies se_view_apply() with its filters.
 * Returns a new query (xc_query_free) or NULL with the error filled. */
xc_query *se_qbuild(se_query *q, vn_analyzer *a, xc_db *db, se_view v, const se_lexicon *lx,
                    const se_syn *syn, const se_weights *w, int relaxed, se_highlight *hl,
                    xc_query **phrase, tr_error *err);

#endif
