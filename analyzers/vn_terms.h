/* vn_terms: the index schema, the one place that knows the term prefixes and value
 * slots, and that turns a field's tokens into index terms.
 *
 * The indexer calls vn_terms_field() for each text field of a document; the query
 * parser builds the same terms for the words a user types with vn_term_build().
 * docs/schema.md explains each choice. In short, for every token of a field:
 *   - the folded form, with its position (phrase and proximity work on these, so a
 *     query without diacritics is as precise as one with them);
 *   - the exact form, without position (it only raises the weight of exact matches);
 *   - bigrams of neighbouring tokens, folded, without position (cheap adjacency for
 *     ranking, and what a phrase query is driven by); none across punctuation;
 *   - exact bigrams, the same near the start of the text only (VN_BIGRAM_EXACT_SPAN):
 *     a sample for the spelling model of did-you-mean and autocomplete, which needs
 *     counts, not every document;
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
/* The schema's version, kept in the index's metadata under VN_SCHEMA_KEY: raised when
 * a change means an index must be rebuilt (docs/schema.md). */
#define VN_SCHEMA_KEY "tracuu.schema"
#define VN_SCHEMA_VERSION 4

/* What the index's schema value means to this program (schema.c): *version gets
 * the number stored under VN_SCHEMA_KEY (`len` bytes; empty or absent is 1, an
 * index from before versions were written). TR_EINVAL for a value that is not a
 * number from 1 to 9999, the message saying what was found. */
int vn_schema_read(const char *value, size_t len, unsigned *version, tr_error *err);

/* What an index of schema `version` lacks that VN_SCHEMA_VERSION has, as a static
 * sentence for a log line; NULL for the current version or a newer one. */
const char *vn_schema_lacks(unsigned version);

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
/* S&T task records (type "task"), all boolean; docs/schema.md has the values. */
#define VN_P_TASK_LEVEL "XTL"  /* national, ministry, province, grassroots */
#define VN_P_TASK_STATUS "XTS" /* proposed, approved, in_progress, accepted, cancelled */
#define VN_P_TASK_FIELD "XTF"  /* field code, and each code above it: 4, 401, 40102 */
#define VN_P_TASK_FNAME "XTN"  /* field name, as a key (vn_term_key) */
#define VN_P_TASK_ORG "XTO"    /* lead organisation, as a key */
#define VN_P_TASK_PI "XTP"     /* principal investigator, as a person's key */
#define VN_P_TASK_START "XTY"  /* year the task starts, four digits */
/* Entities found at index time (knowledge/kn.h), all boolean; docs/knowledge.md. */
#define VN_P_PERSON "XP"     /* an official: name slug [ "@" organisation key ] */
#define VN_P_ORG "XO"        /* an organisation's key: so-khoa-hoc-va-cong-nghe.quang-nam */
#define VN_P_PLACE "XL"      /* a province or district named (a district brings its province) */
#define VN_P_PLACE_2025 "XM" /* the province of a place after 1 July 2025 */
#define VN_P_DECISION "XD"   /* a legal document cited, by folded number: 01/nq-cp */
#define VN_P_DOCTYPE "XK"    /* the type of a legal document cited: nghi-quyet */
/* A document of a synced folder (tracuu-index --sync, indexer/sync.h), boolean:
 * "XF" + the folder's key (16 hex digits) + the id, so that the term prefix of a
 * folder lists its documents without a pass over the index. */
#define VN_P_SYNC_FILE "XF"
/* A document's access level other than public (docs/security.md), boolean: "XA" +
 * the level ("XAinternal"). A public document has none, so an index written before
 * levels existed is all public; a caller who may not see a level is shown the
 * documents with no "XA" term of a level it lacks (search/view.h). */
#define VN_P_ACCESS "XA"
/* On a restricted document, "XH" + each of its other terms, boolean: the count of
 * restricted documents that have a term, so that what the public sees of the
 * index's statistics (a word's document frequency, the words under a prefix) is
 * the index's minus these, exactly, at the revision being read and over shards
 * alike (search/view.h). */
#define VN_P_HIDDEN "XH"
#define VN_ACCESS_PUBLIC "public"
#define VN_ACCESS_INTERNAL "internal"

/* Value slots. */
enum {
    VN_SLOT_DATE = 0, /* "YYYYMMDD", sorts and ranges by date */
    VN_SLOT_TYPE = 1, /* document type, for facet counts */
    VN_SLOT_YEAR = 2, /* "YYYY" */
    VN_SLOT_TASK_BUDGET = 3, /* a task's budget, state + other, xc_sortable_serialise() */
    VN_SLOT_TASK_START = 4,  /* "YYYY": the year a task starts */
    VN_SLOT_ENTITIES = 5,    /* entity terms (XP, XO, XL, XK) with their labels, one a line:
                                facets read this value, far faster than termlists;
                                VN_ENTITIES_OVERFLOW when too many to list */
    VN_SLOT_MINHASH = 10,    /* MinHash signature of title + body shingles (shingle.h) */
    VN_SLOT_SYNC_STATE = 11  /* synced files: "SIZE MTIME_NS HASH SETTINGS", what tells a
                                changed file from an unchanged one (indexer/sync.h) */
};

/* The entity value of a document with more entities than the value holds: read its
 * entity terms instead. (Schema 2: a document without the value has no entities.) */
#define VN_ENTITIES_OVERFLOW "+"

/* Exact bigrams (VN_P_BODY_BI_EXACT, VN_P_TITLE_BI_EXACT) are made for the tokens at
 * the first this many positions of a text (a body, a title) only, since schema 4, and
 * the indexer writes them without weight (wdf 0). They are the pair counts of the
 * spelling model (search/pairs.h), which a sample of the text serves; ranking does not
 * use them. All of them were 29 % of the postings of the eval corpus's index, these
 * are 11 % (docs/schema.md). */
#define VN_BIGRAM_EXACT_SPAN 128

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

/* The same, and tap(tap_ctx, token) for each token before its terms, so that what else
 * reads the tokens (a signature, entities) shares this analysis instead of running ICU
 * over the text again. The tap sees the tokens vn_analyze(text, first position *pos)
 * gives, up to where fn or tap stopped; a nonzero return from either stops it all. */
int vn_terms_field_tap(vn_analyzer *a, vn_field field, const char *text, size_t len,
                       uint32_t *pos, vn_term_fn fn, void *ctx, vn_token_fn tap, void *tap_ctx,
                       tr_error *err);

/* Writes prefix + a + (b ? " " + b : "") into buf (NUL-terminated). Returns the
 * length, or 0 when it would not fit in `cap` or exceed VN_TERM_MAX. */
size_t vn_term_build(char *buf, size_t cap, const char *prefix, const char *a, size_t alen,
                     const char *b, size_t blen);

/* The prefix for a field and a term kind; NULL for an unknown field or kind. */
const char *vn_term_prefix(vn_field field, vn_term_kind kind);

/* vn_term_key flags. */
#define VN_KEY_PERSON 1u /* a person's name: leading titles (TS., PGS.TS., ThS., ...) go */

/* Writes prefix + the key of a name into buf: folded (no marks, lower case), every
 * run of punctuation and space made one space, trimmed. So "Trường Đại học Bách
 * khoa – ĐH Đà Nẵng" and "truong dai hoc bach khoa - dh da nang" are one key.
 * *out_len receives the term's length, 0 when the key is empty or the term would
 * exceed VN_TERM_MAX or `cap` (such a name is not filtered on). Fails only when
 * out of memory. */
int vn_term_key(const char *prefix, const char *text, size_t len, unsigned flags, char *buf,
                size_t cap, size_t *out_len, tr_error *err);

#endif
