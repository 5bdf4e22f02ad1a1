/* search: full-text search over the index, and the checks every endpoint shares.
 *
 * se_search() validates a request's parameters, runs the query (query.h parses it,
 * qbuild.h builds the Xapian query, spell.h offers a better one) and returns the JSON
 * answer with snippets (snippet.h) and facets (facets.h); se_doc() returns one stored
 * document. The engine these run on is engine.h's.
 */
#ifndef SE_SEARCH_H
#define SE_SEARCH_H

#include <jansson.h>
#include <stddef.h>

#include "lexicon.h"
#include "pool.h"
#include "qbuild.h"
#include "synonyms.h"
#include "tr_error.h"

#define SE_QUERY_MAX_BYTES 1024
#define SE_PER_PAGE_MAX 100
#define SE_PER_PAGE_DEFAULT 10
#define SE_RESULTS_MAX 10000 /* page * per_page may not go deeper */
#define SE_SNIPPET_WORDS 30
#define SE_SNIPPET_SCAN_BYTES (256 * 1024) /* of a body, where a snippet is looked for */

typedef struct se_engine se_engine; /* engine.h */

typedef enum se_sort { SE_SORT_RELEVANCE, SE_SORT_NEWEST, SE_SORT_OLDEST } se_sort;

typedef struct se_search_params {
    const char *q;      /* the query string; NULL is the empty query */
    size_t qlen;
    const char *page;   /* the raw parameters as given, NULL when absent */
    const char *per_page;
    const char *type;
    const char *from;   /* YYYY, YYYY-MM or YYYY-MM-DD */
    const char *to;
    const char *sort;   /* relevance (default), date (newest first), date_asc */
    const char *year;   /* YYYY or YYYY..YYYY */
    /* Entities (facets.h): a province or district, an organisation, a person, a legal
     * document type; as a client typed them or as facets gave them. */
    const char *province;
    const char *org;
    const char *person;
    const char *doc_type;
    const char *facets; /* "0" leaves the facets out */
} se_search_params;

/* Runs a search. Bad parameters give TR_EINVAL or TR_ELIMIT with a message fit for
 * the user (nothing of the input pasted in); index failures TR_EXAPIAN. On success
 * *out is a new JSON object (json_decref):
 * {"query", "total", "took_ms", "page", "per_page",
 *  "hits": [{"id", "type", "title", "date", "score", "snippet"}], "suggestion",
 *  "facets": {"type", "year", "province", "organization", "person", "doc_type"}}
 * (facets.h; null when they could not be counted or facets=0). */
int se_search(se_engine *e, const se_search_params *p, json_t **out, tr_error *err);

/* The stored record of result i of `m`, parsed: a new JSON object (json_decref), or
 * NULL with the error filled (TR_EINTERNAL when the stored data is not an object). */
json_t *se_mset_record(const xc_mset *m, size_t i, tr_error *err);

/* Where a request's parameters come from (the query string over HTTP, a fuzzer's
 * bytes in tests): the raw value of `key` with its length in *len (len may be NULL),
 * or NULL when it is absent. */
typedef const char *(*se_param_fn)(void *ctx, const char *key, size_t *len);

/* Fills *p with the parameters of /api/search, by their names in the API. */
void se_search_params_read(se_search_params *p, se_param_fn get, void *ctx);

/* The stored document `id` as a JSON object, or TR_ENOTFOUND. */
int se_doc(se_engine *e, const char *id, json_t **out, tr_error *err);

/* What a monitor asks of the index, as the newest revision has it (/healthz,
 * /metrics). */
typedef struct se_index_status {
    uint64_t documents;
    uint64_t revision; /* commits so far; 0 over shards (xc_db_revision) */
    int schema;        /* the schema the index was written with; 0: not recorded */
} se_index_status;
int se_index_status_read(se_engine *e, se_index_status *out, tr_error *err);

/* The checks every search endpoint makes of its common parameters: the query (at most
 * SE_QUERY_MAX_BYTES of valid UTF-8; q may be NULL) and paging (page from 1, per_page
 * from 1 to SE_PER_PAGE_MAX, no deeper than SE_RESULTS_MAX). Fills *page and *per_page
 * (defaults when absent); TR_EINVAL or TR_ELIMIT with a message fit for the user. */
int se_check_query_and_page(const char *q, size_t qlen, const char *page, const char *per_page,
                            unsigned *page_out, unsigned *per_page_out, tr_error *err);

/* Milliseconds since t0 (CLOCK_MONOTONIC), for "took_ms": rounded to 0.01 ms, as
 * answers show it (a client has no use for nanoseconds). */
struct timespec;
double se_elapsed_ms(const struct timespec *t0);

/* A score as answers show it: 4 significant digits, enough to order and compare
 * hits, few enough to read. */
double se_round_score(double x);

/* The calling thread's analyzer (created on first use, freed at thread exit). */
vn_analyzer *se_thread_analyzer(tr_error *err);

#endif
