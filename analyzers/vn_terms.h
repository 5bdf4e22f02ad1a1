/* vn_terms: the index schema, the one place that knows the term prefixes and value
 * slots, and that turns a field's tokens into index terms.
 *
 * The indexer calls vn_terms_field() for each text field of a document; the query
 * parser builds the same terms for the words a user types with vn_term_build().
 * docs/schema.md explains each choice. In short, for every token of a field:
 *   - the folded form, with its position (phrase and proximity work on these, so a
 *     query without diacritics is as precise as one with them);
 *   - the exact form, without position (it only raises the weight of exact matches);
 *   - bigrams of neighbouring tokens, folded and exact, without position (cheap
 *     adjacency for ranking); none across punctuation;
 *   - for compounds (legal numbers, abbreviations, dates, ...) the whole token and,
 *     at the same position, its parts.
 */
#ifndef VN_TERMS_H
#define VN_TERMS_H

#include <stddef.h>
#include <stdint.h>

#include "tr_error.h"
#include "vn.h"

/* Term prefixes. Terms after a prefix are always lower case, so "SE" + "m" and
 * "S" + "em" cannot be confused. */
#define VN_P_BODY ""         /* folded token in the body, positional */
#define VN_P_BODY_EXACT "E"  /* exact token in the body */
#define VN_P_BODY_BI "B"     /* folded bigram "a b" in the body */
#define VN_P_BODY_BI_EXACT "G"
#define VN_P_TITLE "S"       /* folded token in the title, positional */
#define VN_P_TITLE_EXACT "SE"
#define VN_P_TITLE_BI "SB"
#define VN_P_TITLE_BI_EXACT "SG"
#define VN_P_ID "Q"          /* unique id of the document (boolean) */
#define VN_P_TYPE "K"        /* document type: news, legal, minutes, task (boolean) */
#define VN_P_YEAR "Y"        /* year, four digits (boolean) */
#define VN_P_DOCNUM "XN"     /* a legal document's own number, folded (boolean) */

/* Value slots. */
enum {
    VN_SLOT_DATE = 0, /* "YYYYMMDD", sorts and ranges by date */
    VN_SLOT_TYPE = 1, /* document type, for facet counts */
    VN_SLOT_YEAR = 2  /* "YYYY" */
};

/* Terms longer than this (in bytes, prefix included) are not indexed: Xapian's limit
 * is 245 and such terms are never typed. */
#define VN_TERM_MAX 120

typedef enum vn_field { VN_FIELD_BODY, VN_FIELD_TITLE } vn_field;

/* What a term is for, so that callers may treat kinds apart. */
typedef enum vn_term_kind {
    VN_TERM_FOLDED,       /* positional */
    VN_TERM_EXACT,
    VN_TERM_BIGRAM,
    VN_TERM_BIGRAM_EXACT
} vn_term_kind;

/* Called for each term; pos is 1-based for positional terms and 0 for the others.
 * Return nonzero to stop. */
typedef int (*vn_term_fn)(void *ctx, vn_term_kind kind, const char *term, size_t len,
                          uint32_t pos);

/* Analyzes `text` as field `field` and calls fn for every term. *pos (in/out) is the
 * first position to use and becomes the next free one, so that several texts of the
 * same field (say, a body in paragraphs) share one position space. */
int vn_terms_field(vn_analyzer *a, vn_field field, const char *text, size_t len, uint32_t *pos,
                   vn_term_fn fn, void *ctx, tr_error *err);

/* Writes prefix + a + (b ? " " + b : "") into buf (NUL-terminated). Returns the
 * length, or 0 when it would not fit in `cap` or exceed VN_TERM_MAX. */
size_t vn_term_build(char *buf, size_t cap, const char *prefix, const char *a, size_t alen,
                     const char *b, size_t blen);

/* The prefix for a field and a term kind; NULL for an unknown field or kind. */
const char *vn_term_prefix(vn_field field, vn_term_kind kind);

#endif
