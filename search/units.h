/* units: what the analyzer makes of a parsed query, computed once.
 *
 * Spelling (spell.h) and query building (qbuild.h) both read a query as the analyzer
 * sees it: per clause, its tokens, each a word or a compound (legal number,
 * abbreviation, date...) with its parts. se_units_analyze() runs the analyzer once
 * over every clause of a parsed se_query and keeps the tokens in it; both read them
 * from there, however many times the query is built (strict, then relaxed).
 *
 * It does not decide anything: which units become terms is qbuild's business, which
 * may change is spell's.
 */
#ifndef SE_UNITS_H
#define SE_UNITS_H

#include <stddef.h>

#include "tr_error.h"
#include "vn.h"

/* Bytes of one form, NUL included. A longer form is kept as "": no term can hold it
 * (VN_TERM_MAX), so it is never typed on purpose. */
#define SE_UNIT_MAX 96
#define SE_UNIT_PARTS 8 /* parts kept of one compound; more are dropped */

typedef struct se_unit {
    const char *text;   /* exact form (vn_token's text), NUL-terminated */
    const char *folded; /* without marks */
    const char *parts[SE_UNIT_PARTS]; /* folded parts of a compound */
    size_t nparts;
    vn_kind kind;
    unsigned flags;     /* VN_AFTER_BREAK | VN_CAPITALISED | VN_HAS_MARKS */
    size_t start, end;  /* bytes of the query string */
} se_unit;

typedef struct se_query se_query;

/* Analyzes every clause of `q` (parsed by se_query_parse) into q->units, each clause's
 * units at clause.first_unit .. + clause.nunits; the strings belong to q and live until
 * se_query_clear(). Does nothing when q has been analysed already, so that each user
 * may ask. `a` is used only during the call. Returns 0, or TR_ENOMEM or the analyzer's
 * error (q is then as parsed, not analysed). */
int se_units_analyze(se_query *q, vn_analyzer *a, tr_error *err);

/* Releases what se_units_analyze() allocated in q (se_query_clear() calls it). */
void se_units_clear(se_query *q);

#endif
