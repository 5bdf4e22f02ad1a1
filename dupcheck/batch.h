/* batch: checking a whole call for proposals, against the index and each other.
 *
 * Every proposal is checked against the index as POST /api/similar checks one
 * (se_similar()), and against every other proposal of the batch with the same
 * comparison (se_simtext_compare()), since two applicants of one call may propose
 * the same task. What comes out is, per proposal, its matches that are not
 * "distinct", strongest first, with the passages that show why; report.h writes
 * them out.
 */
#ifndef DC_BATCH_H
#define DC_BATCH_H

#include <jansson.h>
#include <stddef.h>

#include "input.h"
#include "search.h"
#include "tr_error.h"

/* What tracuu-dupcheck compares with: every document, internal ones included
 * (search/view.h). It runs on the server with the index's files in reach, as an
 * operator does; the proposals under review it must catch are internal ones. */
#define DC_VIEW SE_VIEW_INTERNAL

typedef struct dc_match {
    int in_batch;        /* 1: another proposal of the batch; 0: a document of the index */
    size_t other;        /* in_batch: that proposal's index in the batch */
    char *id, *title;    /* the document's id and title, or the proposal's label and title */
    double score, containment, cosine;
    const char *verdict; /* "duplicate" or "related" (static) */
    json_t *passages;    /* [{"query", "document"}], HTML-escaped; owned */
} dc_match;

typedef struct dc_result {
    dc_match *m; /* strongest first */
    size_t n, cap;
    const char *verdict; /* the strongest verdict: "duplicate", "related" or "distinct" */
} dc_result;

typedef struct dc_batch {
    dc_proposals props; /* owned */
    dc_result *res;     /* one per proposal */
} dc_batch;

/* Checks every proposal of b->props (taken over by the batch) against the index of
 * `e` (documents of `type`, or "all"; at most `limit` hits each) and against each
 * other. Returns 0, or the first failure (index, out of memory). */
int dc_batch_run(se_engine *e, dc_batch *b, const char *type, unsigned limit, tr_error *err);

/* The number of proposals with a "duplicate" verdict. */
size_t dc_batch_duplicates(const dc_batch *b);

void dc_batch_clear(dc_batch *b);

#endif
