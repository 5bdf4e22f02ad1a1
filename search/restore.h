/* restore: the Viterbi decoder that restores diacritics over a word lattice.
 *
 * Both did-you-mean (spell.c) and autocomplete (complete.c) know, for every word of a
 * text, a few spellings it could stand for ("hoc": "học", "hóc", "hộc"), and score how
 * likely each spelling is after each spelling of the word before it, from the
 * corpus's bigrams. This module chooses the one spelling per word that maximises the
 * whole sequence's score; the scores are the caller's (spell.c interpolates bigrams
 * with unigrams and adds the cost of a typo, complete.c lets the bigram decide), the
 * search is here.
 */
#ifndef SE_RESTORE_H
#define SE_RESTORE_H

#include <stddef.h>

#define SE_RESTORE_MAX_WORDS 64 /* words of one lattice */
#define SE_RESTORE_MAX_CANDS 8  /* spellings of one word */

/* The log-probability of candidate k of word i after candidate j of word i - 1 (for
 * i = 0, j is 0 and there is no word before). */
typedef double (*se_restore_step_fn)(void *ctx, size_t i, size_t j, size_t k);

/* A score of candidate k of word i whatever came before it (the cost of a typo), added
 * once the best predecessor is chosen. */
typedef double (*se_restore_own_fn)(void *ctx, size_t i, size_t k);

/* Chooses candidate choice[i] (0 .. ncands[i] - 1) for each of the `n` words, the
 * sequence of highest total score; on a tie, the lower-numbered candidates (callers
 * put the likelier first). `own` may be NULL (no such score). Returns 0, or -1 (choice
 * untouched) when n is 0 or over SE_RESTORE_MAX_WORDS, or a word has no candidate or
 * more than SE_RESTORE_MAX_CANDS. */
int se_restore_choose(size_t n, const size_t *ncands, se_restore_step_fn step,
                      se_restore_own_fn own, void *ctx, size_t *choice);

#endif
