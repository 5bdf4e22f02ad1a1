/* query: the search box's syntax, parsed into clauses and filters.
 *
 * What a user may type:
 *   words              every word must match (accents optional)
 *   "quoted phrase"    the words in this order, side by side ("..." or “...”)
 *   -word, -"phrase"   documents with it are left out
 *   a OR b             either; binds tighter than the implicit AND: a b OR c = a (b OR c)
 *   type:news          only this document type (repeatable: ORed)
 *   year:2023          only this year; year:2019..2023 for a range
 *   province:quang-nam, province:"Quảng Nam", org:..., person:..., doc_type:NQ
 *                      only documents naming this entity (knowledge/kn.h); the value is
 *                      kept as typed (quoted, it may hold spaces) and resolved by the
 *                      search (facets.h); repeatable: the same key ORed, keys ANDed
 * Anything else is text: a stray quote is closed at the end, a lone "-" is ignored,
 * an unknown "field:" is searched as words.
 *
 * This module only splits the string; se_units_analyze (units.h) runs the analyzer
 * over the clauses, once, and se_qbuild (qbuild.h) turns them into a Xapian query.
 */
#ifndef SE_QUERY_H
#define SE_QUERY_H

#include <stddef.h>

#include "tr_error.h"
#include "units.h"

typedef struct se_clause {
    const char *text; /* points into se_query's own copy of the string, not NUL-terminated */
    size_t len;
    int phrase;       /* quoted */
    int negated;      /* preceded by '-' */
    int or_next;      /* joined to the next clause by OR */
    size_t first_unit, nunits; /* its units in se_query.units, once analysed */
} se_clause;

#define SE_QUERY_MAX_CLAUSES 64
#define SE_QUERY_MAX_FILTERS 8
#define SE_FILTER_VALUE_MAX 128

/* Entity filters, by their query-syntax key. */
typedef enum se_entity_key {
    SE_KEY_PROVINCE,
    SE_KEY_ORG,
    SE_KEY_PERSON,
    SE_KEY_DOCTYPE,
    SE_KEY_COUNT
} se_entity_key;

typedef struct se_entity_filter {
    se_entity_key key;
    char value[SE_FILTER_VALUE_MAX]; /* as typed, NUL-terminated; longer values are dropped */
} se_entity_filter;

typedef struct se_query {
    char *buf;                        /* the parsed copy; clauses point into it */
    se_clause clauses[SE_QUERY_MAX_CLAUSES];
    size_t nclauses;
    char types[SE_QUERY_MAX_FILTERS][32];   /* NUL-terminated; longer values are dropped */
    size_t ntypes;
    int year_from, year_to;           /* 0 when absent */
    se_entity_filter filters[SE_QUERY_MAX_FILTERS];
    size_t nfilters;
    /* What the analyzer made of the clauses (se_units_analyze), in clause order. */
    se_unit *units;
    size_t nunits;
    char *unit_text; /* the units' strings */
    int analysed;
    /* Set by the caller when the text is did-you-mean's correction, whose marks are the
     * engine's guess, not what the user typed: they rank, but exclude nothing. */
    int marks_guessed;
} se_query;

/* The key of "province", "org", "person" or "doc_type" (len bytes), or -1. */
int se_entity_key_of(const char *name, size_t len);

/* Parses `len` bytes of `text` (valid UTF-8, checked by the caller) into *q.
 * Clauses over SE_QUERY_MAX_CLAUSES are dropped (the query still runs). Returns 0,
 * or TR_ENOMEM. Free with se_query_clear(). */
int se_query_parse(se_query *q, const char *text, size_t len, tr_error *err);

/* Releases what se_query_parse() and se_units_analyze() allocated; the struct may be
 * parsed into again. */
void se_query_clear(se_query *q);

/* 1 when the query has at least one positive (not negated) clause. */
int se_query_has_positive(const se_query *q);

#endif
