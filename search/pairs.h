/* pairs: how many documents hold two words side by side as spelled, for the spelling
 * models of did-you-mean (spell.c) and autocomplete (complete.c).
 *
 * Since schema 4 the index keeps the exact bigrams (VN_P_BODY_BI_EXACT) of the first
 * VN_BIGRAM_EXACT_SPAN positions of each text only: a sample, which tells how a pair's
 * syllables are spelled but misses a pair that texts have only further on, and counts
 * fewer documents than the unigrams beside it. The folded bigrams (VN_P_BODY_BI) are
 * complete. So the count of "a b" is the folded pair's document frequency times the
 * share of this spelling among the sampled spellings of the folded pair; when the
 * sample has none of them, times the share of each word's spelling among the spellings
 * of its folded form (the lexicon's document frequencies). On an index of schema 3,
 * whose exact bigrams are complete, this comes to about their own count.
 */
#ifndef SE_PAIRS_H
#define SE_PAIRS_H

#include <stddef.h>
#include <stdint.h>

#include "lexicon.h"
#include "view.h"
#include "xc.h"

/* What one request has learnt of folded pairs: the candidates of a word share their
 * folded forms, so the lattice asks the same folded pair for many spellings, and each
 * count is a term lookup or two. */
#define SE_PAIRS_MEMO 64
#define SE_PAIRS_WORD 64 /* longer words are not looked up: such pairs count 0 */
#define SE_PAIRS_SPELLINGS 4 /* spellings of a folded word summed (the commonest) */

typedef struct se_pair_memo {
    char fa[SE_PAIRS_WORD], fb[SE_PAIRS_WORD];
    uint64_t all;     /* the folded pair's documents, */
    uint64_t body, title; /* by field (all is their sum) */
    uint64_t sampled; /* the sampled exact pairs of its commonest spellings, summed */
    /* those exact counts by spelling, in the lexicon's order; na x nb of them */
    uint64_t exact[SE_PAIRS_SPELLINGS][SE_PAIRS_SPELLINGS];
    size_t na, nb;
} se_pair_memo;

typedef struct se_pairs {
    xc_db *db;
    se_view v;
    const se_lexicon *lx; /* may be NULL: then the sampled count as it is */
    se_pair_memo memo[SE_PAIRS_MEMO];
    size_t nmemo;
} se_pairs;

/* Documents holding `a` then `b` (exact forms, as the analyzer writes them) in the body
 * or the title, estimated as above (not a whole number); 0 when none or on an index
 * error. */
double se_pair_df(se_pairs *p, const char *a, const char *b);

#endif
