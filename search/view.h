/* view: what a caller may see of the index; the one place that decides it.
 *
 * A document has an access level (docs/security.md): public, or a restricted level
 * held as the boolean term VN_P_ACCESS + level ("XAinternal", vn_terms.h). A
 * public document has no such term, so an index written before levels existed is
 * all public as it stands. Every entry point of the engine takes the caller's view
 * in its parameters, and the zero value is SE_VIEW_PUBLIC: a caller that forgets
 * to say sees what anyone may, never more.
 *
 * How a view is applied:
 *   - in the match, never after it: se_view_apply() turns a query into "query
 *     AND_NOT any XA term", so hits, totals, facet counts and the work done are
 *     those of an index without the restricted documents, and a remote shard
 *     applies the filter itself (it travels inside the query);
 *   - outside a match, what the engine reads of the index's statistics (a word's
 *     document frequency for did-you-mean, autocomplete and the duplicate check's
 *     idf; the officials and decisions lists; the document count) is counted over
 *     the visible documents by the functions below: the index's counts minus those
 *     of the restricted documents, which carry a shadow of each of their terms
 *     (VN_P_HIDDEN + term, written by the indexer). Exact at the revision read, over
 *     shards and remote shards alike, at the cost of one more term lookup (or one
 *     more term list under a prefix); nothing more when no document is restricted.
 * Only a public view restricts today; a named group would be one more view that
 * lets through the documents of its own level (AND_NOT every XA term but its own):
 * the terms stay as they are.
 */
#ifndef SE_VIEW_H
#define SE_VIEW_H

#include <jansson.h>
#include <stddef.h>
#include <stdint.h>

#include "tr_error.h"
#include "xc.h"

typedef enum se_view {
    SE_VIEW_PUBLIC = 0,   /* documents of no restricted level: anyone */
    SE_VIEW_INTERNAL = 1, /* every document: a key or session of scope search */
} se_view;

/* The query restricted to what the view sees. Takes over q (freed in every case);
 * the result, or NULL with the error filled (q NULL gives NULL). */
xc_query *se_view_apply(se_view v, xc_query *q, tr_error *err);

/* *hides = 1 when the view hides documents of db (a public view over an index with
 * restricted documents), else 0. */
int se_view_hides(xc_db *db, se_view v, int *hides, tr_error *err);

/* The documents of db the view sees. */
int se_view_doccount(xc_db *db, se_view v, uint64_t *out, tr_error *err);

/* The documents the view sees that have `term` (xc_db_termfreq for what it sees). */
int se_view_termfreq(xc_db *db, se_view v, const char *term, size_t len, uint64_t *out,
                     tr_error *err);

/* xc_db_allterms() over what the view sees: each term starting with `prefix` that a
 * visible document has, with the number of visible documents that have it. */
int se_view_allterms(xc_db *db, se_view v, const char *prefix, size_t prefix_len,
                     xc_term_fn fn, void *ctx, tr_error *err);

/* *sees = 1 when the view sees document `id` of db, else 0. */
int se_view_sees(xc_db *db, se_view v, xc_docid id, int *sees, tr_error *err);

/* The view of a stored record: 1 when its "access" field (indexer/record.h) names
 * a level other than public, for the pages' "Nội bộ" label. NULL is public. */
int se_view_record_restricted(const json_t *rec);

/* Copies the "access" field of a restricted record into `hit` (a result made of it),
 * so that a caller who sees internal documents is told which are; a public record
 * adds nothing, and a public answer stays what it was before levels existed.
 * Returns `hit`, or NULL (hit released) when out of memory; NULL hit gives NULL. */
json_t *se_view_mark(json_t *hit, const json_t *rec);

#endif
