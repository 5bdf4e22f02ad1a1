/* casing: capitals for suggestions, as the index's titles write the words.
 *
 * Every term of the index is lower case, so did-you-mean and autocomplete build their
 * suggestions in lower case: "so khoa hoc quang nam" became "sở khoa học quảng nam".
 * The stored records keep the text as written, and titles are written in sentence
 * case with proper names capitalised ("Sở Khoa học và Công nghệ Quảng Nam tổ chức
 * ..."). So the titles that hold a suggestion's words side by side are read (one OR
 * of their title bigrams, rarer pairs first; 30 titles), and a word
 * written in lower case in a suggestion takes the capital initial that those titles
 * give it inside a sentence (not first in the title, not after punctuation, and not in
 * a title in capitals), where they give it more often than not. A word is judged with
 * its neighbour: "nam" is "Nam" after "quảng" and "nam" after "phía". Nothing new is
 * indexed.
 */
#ifndef SE_CASING_H
#define SE_CASING_H

#include <stddef.h>

#include "tr_error.h"
#include "view.h"
#include "vn.h"
#include "xc.h"

typedef struct se_casing se_casing;

se_casing *se_casing_new(tr_error *err);
void se_casing_free(se_casing *c);

/* Notes the words of `text` (NUL-terminated) written in lower case, to learn their
 * capitals. Returns 0 or a TR_E* code. */
int se_casing_want(se_casing *c, vn_analyzer *a, const char *text, tr_error *err);

/* Reads the titles, among the documents view `v` sees, that hold the words wanted;
 * none when no text noted has a word in lower case, since se_casing_apply (of the texts
 * noted) changes no other. Returns 0 or a TR_E* code (the index failed). */
int se_casing_learn(se_casing *c, vn_analyzer *a, xc_db *db, se_view v, tr_error *err);

/* Capitalises, in place, the initial of each lower-case word of `text` that the titles
 * learnt write with a capital. Returns 0 or a TR_E* code. */
int se_casing_apply(se_casing *c, vn_analyzer *a, char *text, tr_error *err);

/* The three at once, for one text. */
int se_casing_text(vn_analyzer *a, xc_db *db, se_view v, char *text, tr_error *err);

#endif
