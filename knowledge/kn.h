/* kn: knowledge extraction, who and what a document speaks of.
 *
 * At index time, kn_extract() reads a document's title and body and finds, by rules and
 * word lists (no statistical model):
 *   - officials: a Vietnamese name (2 to 4 capitalised syllables starting with a surname)
 *     with a position and, where stated or clear from the document, an organisation:
 *     "đồng chí Nguyễn Phi Thạnh – Giám đốc Sở", "Phó Chủ tịch UBND tỉnh Bình Định Lâm
 *     Hải Giang", "ông B, Phó Chủ tịch UBND huyện C"; one entry per person, with every
 *     position the document gives, and a key (folded name, and organisation when known)
 *     that merges the person across documents;
 *   - decisions and other legal documents cited by number: the analyzer's legal numbers
 *     (01/NQ-CP, 07-CTr/TU) and "Chỉ thị số 16" style mentions, with the type (from the
 *     code or the word before), the issuer (from the code's suffix), the date where
 *     stated, and the sentence that cites it;
 *   - places: provinces and districts of the gazetteer (data/gazetteer.tsv, built in),
 *     each with its province as it stood before 1 July 2025 and the province after;
 *   - organisations: Sở X [tỉnh Y], UBND huyện Y, Bộ Z, Viện ..., Trường ..., Cục ...;
 *   - dates in their Vietnamese forms (13/4/2023, 16-17/3/2023, "ngày 24 tháng 12 năm
 *     2013", "Ngày 5-7" resolved against the document's date).
 * The result becomes boolean terms (kn_entities_terms, with the prefixes of vn_terms.h)
 * and an "_entities" object in the stored document (kn_entities_json), so that the search
 * side can filter, count and show entities without extracting again.
 *
 * It does not know Xapian or HTTP. Precision and recall, measured on a labelled set, are
 * in docs/knowledge.md.
 */
#ifndef KN_H
#define KN_H

#include <jansson.h>
#include <stddef.h>

#include "tr_error.h"
#include "vn.h"

/* Loads the word lists and the built-in gazetteer, once per process; later calls return
 * at once with the first call's result. Safe to call from several threads. kn_extract()
 * and the lookups below call it themselves. Fails with TR_ENOMEM, TR_EICU, or
 * TR_EINTERNAL when the built-in gazetteer does not parse (a bug in data/gazetteer.tsv,
 * caught by the tests). */
int kn_init(tr_error *err);

/* A document to read. Strings need not be NUL-terminated; NULL with length 0 is empty. */
typedef struct kn_text {
    const char *title;
    size_t title_len;
    const char *body;
    size_t body_len;
    const char *date; /* the document's date "YYYYMMDD", or NULL / "" when unknown */
} kn_text;

typedef struct kn_entities kn_entities;

/* Extracts the entities of `t` with analyzer `a` (used by one thread at a time, as
 * always). Returns a new object (kn_entities_free), never NULL on success even when
 * nothing was found; NULL with the error filled when out of memory or the analyzer
 * fails. Never fails on content. */
kn_entities *kn_extract(vn_analyzer *a, const kn_text *t, tr_error *err);

/* kn_extract() in steps, for a caller that analyses the texts itself: the indexer hands
 * the tokens of its term pass here too, so that each text goes through ICU once.
 * kn_reader_new(t) (t's strings must outlive the reader; t itself need not), then
 * kn_reader_token() (a vn_token_fn, its ctx the reader) for each token of the title as
 * vn_analyze(t->title, first position 0) gives them, kn_reader_field_end(), the same for
 * the body, and kn_reader_extract(): what kn_extract(t) returns, the reader then spent.
 * kn_reader_free() always (NULL is fine). Fails only when out of memory or kn_init()
 * fails (NULL from kn_reader_new, TR_ENOMEM from a token, NULL from the extract). */
typedef struct kn_reader kn_reader;
kn_reader *kn_reader_new(const kn_text *t, tr_error *err);
int kn_reader_token(void *reader, const vn_token *tok);
void kn_reader_field_end(kn_reader *r);
kn_entities *kn_reader_extract(kn_reader *r, tr_error *err);
void kn_reader_free(kn_reader *r);

void kn_entities_free(kn_entities *e);

/* 1 when nothing was found. */
int kn_entities_empty(const kn_entities *e);

/* Calls fn(ctx, term, len) for each boolean term of the entities (prefix included: XP,
 * XO, XL, XM, XD, XK of vn_terms.h), each distinct term once. Terms longer than
 * VN_TERM_MAX are cut at a word boundary. Stops at and returns fn's first nonzero value. */
typedef int (*kn_term_fn)(void *ctx, const char *term, size_t len);
int kn_entities_terms(const kn_entities *e, kn_term_fn fn, void *ctx);

/* Calls fn(ctx, term, label, detail) for each person, organisation, place and legal
 * document type term (not decisions, not 2025 provinces), each distinct term once: the
 * label is how to show it ("Nguyễn Phi Thạnh", "UBND huyện Nam Giang", "Quảng Nam",
 * "nghị quyết"), detail a person's organisation or NULL. For facet counts that need no
 * stored record. Stops at fn's first nonzero value. */
typedef int (*kn_label_fn)(void *ctx, const char *term, const char *label, const char *detail);
int kn_entities_labels(const kn_entities *e, kn_label_fn fn, void *ctx);

/* The entities as the JSON object stored under "_entities" (new reference; NULL when out
 * of memory):
 *   {"officials": [{"id", "name", "positions": [{"position", "organization", "org_id"}]}],
 *    "decisions": [{"id", "number", "type", "type_code", "issuer", "date", "sentence"}],
 *    "places": [{"id", "name", "kind", "province", "province_2025"}],
 *    "organizations": [{"id", "name"}],
 *    "dates": [{"text", "date", "end"}],
 *    "date": "YYYY-MM-DD"}
 * Empty lists are left out; unknown fields are null. "date" is there only for a document
 * given without a date: the first full date it gives, the best guess at its own.
 * "id"s are the values of the terms (without prefix), so they can be used as filters and
 * in URLs. */
json_t *kn_entities_json(const kn_entities *e);

/* ---- Lookups for the query side ---------------------------------------------------- */

/* The slug of a text: folded (no marks, đ -> d, lower case), words joined by '-', every
 * other character dropped ("Quảng Nam" -> "quang-nam"). Writes at most cap-1 bytes and a
 * NUL; returns the length (0 when nothing is left or on failure). */
size_t kn_slug(const char *text, size_t len, char *out, size_t cap);

/* Resolves what a user typed for a place ("Quảng Nam", "quang-nam", "TP.HCM",
 * "huyện Nam Giang", "Huế") to a place id of the index ("quang-nam",
 * "quang-nam.nam-giang", "hue"). Returns 1 for a province (before or after 2025), 2 for a
 * district, 0 when the gazetteer does not know it (out then holds the slug, which may
 * still match). */
int kn_place_resolve(const char *text, size_t len, char *out, size_t cap);

/* The display name of a place id ("quang-nam" -> "Quảng Nam", "hue" -> "Huế"), or NULL.
 * The string is static. */
const char *kn_place_name(const char *id);

/* Resolves a legal document type typed as a code or a name ("NQ", "nghị quyết",
 * "nghi-quyet") to the slug used by the index ("nghi-quyet"). Returns 1 when known, 0
 * otherwise (out then holds the slug of the text). */
int kn_doctype_resolve(const char *text, size_t len, char *out, size_t cap);

/* The name of a legal document type's slug ("nghi-quyet" -> "nghị quyết"), or NULL. The
 * string is static. */
const char *kn_doctype_name(const char *slug);

/* The code of a legal document type's slug ("nghi-quyet" -> "NQ"), or NULL. Static. */
const char *kn_doctype_code(const char *slug);

/* The key of the organisation a user typed ("Sở KH&CN Quảng Nam" ->
 * "so-khoa-hoc-va-cong-nghe.quang-nam", "UBND huyện Nam Giang" ->
 * "ubnd-huyen.quang-nam.nam-giang"), read as a document would be, with analyzer `a`.
 * Returns 1 when an organisation was recognised; otherwise 0 and out holds the text's
 * slug. */
int kn_org_key(vn_analyzer *a, const char *text, size_t len, char *out, size_t cap);

/* The key of a legal document number as the index holds it ("01/NQ-CP" -> "01/nq-cp";
 * "Chỉ thị 16" style mentions are keyed "16/ct"). Returns the length, 0 on failure. */
size_t kn_number_key(const char *number, size_t len, char *out, size_t cap);

/* Counts of the built-in gazetteer, for tests and the docs. */
typedef struct kn_gazetteer_stats {
    size_t provinces;      /* lines of kind province: 63 */
    size_t provinces_2025; /* distinct province_2025 values: 34 */
    size_t districts;
    size_t names;          /* names and aliases indexed */
} kn_gazetteer_stats;
int kn_gazetteer_stats_get(kn_gazetteer_stats *out, tr_error *err);

#endif
