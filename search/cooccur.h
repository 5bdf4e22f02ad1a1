/* cooccur: how many documents hold a set of words, for spelling decisions that weigh
 * the whole query rather than a word's neighbours.
 *
 * A typo's candidates ("hkoac": "khoác" by two letters swapped, "hoặc" by one left
 * out) are told apart best by the rest of what was typed: a query's words stand in the
 * document looked for, side by side or not, so the candidate that shares documents with
 * the other words is the one meant. Adjacent bigrams say that only for words typed side
 * by side as in the text; this counts documents holding every word anywhere in the title
 * or the body, by a boolean AND of folded terms (no weights, no positions).
 */
#ifndef SE_COOCCUR_H
#define SE_COOCCUR_H

#include <stddef.h>
#include <stdint.h>

#include "tr_error.h"
#include "view.h"
#include "xc.h"

/* Counting stops being exact past this many documents (Xapian's estimate beyond): a
 * count that large says the words go together, which is all a caller asks. */
#define SE_COOCCUR_EXACT 1000

typedef struct se_cooccur se_cooccur;

/* A counter over `db` for view `v` (both the caller's, used only during its calls).
 * NULL with the error filled when out of memory. */
se_cooccur *se_cooccur_new(xc_db *db, se_view v, tr_error *err);
void se_cooccur_free(se_cooccur *c);

/* Documents the view sees whose title or body holds each of the `n` folded words
 * (a compound such as "01/nq-cp" is one word), into *out. n = 0 counts every
 * document. Returns 0 or a TR_E* code. */
int se_cooccur_count(se_cooccur *c, const char *const *folded, size_t n, uint64_t *out,
                     tr_error *err);

#endif
