/* facets: counts of what the matching documents are and speak of, and the filters that
 * narrow a search to one of them.
 *
 * The facets of /api/search, computed on the query that was run:
 *   type, year             single-valued: counted by match spies on the value slots
 *                          over at least SE_FACET_CHECK matching documents (exact when
 *                          fewer match);
 *   province, organization, person, doc_type
 *                          multi-valued (a document names several): counted on the
 *                          entity terms (XL, XO, XP, XK of vn_terms.h) of the best
 *                          SE_FACET_DOCS matching documents, not all of them. The terms
 *                          are read from the copy the indexer keeps in the value slot
 *                          VN_SLOT_ENTITIES (0.5 ms for 300 documents, where their
 *                          termlists, xc_db_doc_terms(), take 30 ms). In an index of
 *                          schema 2 (docs/schema.md) a document without the value has no
 *                          entities; before it, or when the value says the list
 *                          overflowed, the termlist is read instead.
 * Each facet is a list of {"value", "label", "count"}, most frequent first (years newest
 * first); "value" is what the filter takes back.
 *
 * Filters: province= (a province, before or after 2025, or a district; a name, an alias
 * or an id), org= (an organisation's key or its name as written), person= (a person's
 * id, or a name: every person of that name), doc_type= (a type's code or name). A value
 * the index does not know matches nothing, silently, as an unknown word would.
 */
#ifndef SE_FACETS_H
#define SE_FACETS_H

#include <jansson.h>

#include "query.h"
#include "tr_error.h"
#include "vn.h"
#include "xc.h"

#define SE_FACET_DOCS 300   /* documents read for the multi-valued facets */
#define SE_FACET_CHECK 2000 /* documents the spies see at least */
#define SE_FACET_TOP 10     /* values per facet (years: 20) */

/* The filter for one entity value, as a new query (xc_query_free), or NULL with the
 * error filled. `a` is the calling thread's analyzer (organisation names are read with
 * it). */
xc_query *se_entity_filter_query(vn_analyzer *a, se_entity_key key, const char *value,
                                 tr_error *err);

/* The facets are counted in the run that makes the page, so that the query is
 * matched once: spies for the single-valued facets are attached to that run's
 * enquiry, which then keeps at least its SE_FACET_DOCS best documents (the page is a
 * slice of them) and checks SE_FACET_CHECK. A second run cost as much as the first
 * (docs/performance.md). The multi-valued facets count the best documents in the
 * page's own order: by date when the search is sorted by date. */
typedef struct se_facet_spies {
    xc_spy *types, *years;
} se_facet_spies;

/* Makes fresh spies (counts add up over runs: one set per run) and attaches them to
 * `e`, dropping spies attached before. */
int se_facet_spies_attach(se_facet_spies *fs, xc_enquire *e, tr_error *err);

/* Frees the spies; a zeroed set is fine. */
void se_facet_spies_free(se_facet_spies *fs);

/* The facets of the run that produced `m` (from its first document) with spies `fs`,
 * as a new JSON object in *out. */
int se_facets_from(xc_db *db, const xc_mset *m, const se_facet_spies *fs, json_t **out,
                   tr_error *err);

#endif
