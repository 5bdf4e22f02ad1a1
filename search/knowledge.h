/* knowledge: officials and decisions as the index knows them, behind /api/officials and
 * /api/decisions. Free of HTTP, like search.h.
 *
 * The indexer stores, for each document, the entities it found (knowledge/kn.h) as
 * filter terms (XP person, XD decision, XN a legal text's own number) and in the
 * document's "_entities". These functions find people and documents by those terms and
 * read the positions, types and dates back from the stored entities; nothing is
 * extracted again.
 *
 * A person is known by an id: the folded name, and the organisation when the text gave
 * one ("nguyen-phi-thanh@so-khoa-hoc-va-cong-nghe.quang-nam"). Mentions of the same name
 * without an organisation are counted with it when no other organisation goes with that
 * name.
 *
 * Every function takes the caller's view (view.h): people, numbers, counts and
 * documents are those of the documents it sees, so an official named only in
 * internal minutes does not exist for the public (TR_ENOTFOUND, as an unknown id).
 */
#ifndef SE_KNOWLEDGE_H
#define SE_KNOWLEDGE_H

#include <jansson.h>
#include <stddef.h>

#include "search.h" /* se_engine, se_param_fn */
#include "tr_error.h"

#define SE_KNOW_LIMIT_DEFAULT 10
#define SE_KNOW_LIMIT_MAX 50
#define SE_KNOW_DOCS 50       /* documents read per person in a list */
#define SE_KNOW_DOCS_ONE 200  /* documents listed for one person or decision */

/* People whose name (folded: "nguyen phi thanh" finds "Nguyễn Phi Thạnh") or
 * organisation holds every word of q; names typed with diacritics rank the people so
 * spelt first. q may be empty: the people named most often. `limit` is the raw
 * parameter (NULL: 10). *out:
 * {"query", "total", "officials": [{"id", "ids", "name", "organization", "documents",
 *   "positions": [{"position", "organization", "from", "to", "documents"}]}]}
 * with positions ordered by their latest date. TR_EINVAL / TR_ELIMIT for a bad q or
 * limit. */
int se_officials(se_engine *e, se_view v, const char *q, size_t qlen, const char *limit,
                 json_t **out, tr_error *err);

/* One person by id: {"id", "name", "organization", "positions": [...as above],
 * "documents": [{"id", "title", "date", "type", "positions": [{"position",
 * "organization"}]}], "total"}, newest first. TR_ENOTFOUND for an unknown id. */
int se_official(se_engine *e, se_view v, const char *id, json_t **out, tr_error *err);

/* Legal documents cited whose number holds every part typed ("01/NQ-CP", "nq-cp",
 * "nghị quyết 01"): {"query", "total", "decisions": [{"id", "number", "type",
 * "type_code", "issuer", "date", "documents"}]}, most cited first. */
int se_decisions(se_engine *e, se_view v, const char *q, size_t qlen, const char *limit,
                 json_t **out, tr_error *err);

/* One legal document by number ("01/NQ-CP", any case, with or without diacritics):
 * {"id", "number", "type", "type_code", "issuer", "date", "total",
 *  "documents": [{"id", "title", "date", "type", "sentence"}], "document"} where
 * "document" is the legal text itself when the index holds it, else null.
 * TR_ENOTFOUND when no document cites or is it. */
int se_decision(se_engine *e, se_view v, const char *number, json_t **out, tr_error *err);

#endif
