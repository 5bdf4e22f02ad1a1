/* engine: tracuu's search engine, as a library; the manual of search/.
 *
 * One se_engine serves one index and is shared by every thread that asks it
 * something. It holds what all requests share: a pool of Xapian handles over the
 * index's databases or shards (pool.h, shardlist.h), the ranking weights (qbuild.h),
 * the abbreviations and synonyms (synonyms.h; the only part a running server
 * replaces, se_engine_use_synonyms), and the index's vocabulary, read from
 * the index itself, for did-you-mean, typo expansion and autocomplete (lexicon.h).
 * Open it with se_engine_open(), free it with se_engine_free(); searchd, dupcheck,
 * the benchmarks and the fuzz targets do nothing else to get one.
 *
 * Each kind of request is one function that checks its parameters and answers a new
 * JSON object (the API of README.md, without HTTP). Each takes the caller's view
 * (view.h): public, the zero value and so the default of a zeroed parameter struct,
 * or internal; what a view may not see is left out of the match itself, and out of
 * every count, word list and suggestion (docs/security.md):
 *
 *   se_search()        full-text search: hits, snippets, did-you-mean, facets  search.h
 *   se_doc()           one stored document                                      search.h
 *   se_complete()      autocomplete of a search box                             complete.h
 *   se_tasks()         structured search of S&T task records                    tasks.h
 *   se_officials(), se_official(), se_decisions(), se_decision()            knowledge.h
 *   se_similar()       the duplicate check of a proposal                        similar.h
 *
 * Inside, a query goes one way: query.h parses the syntax (quotes, -, OR, type:,
 * year:, entity filters) and analyses every word once with the analyzers (vn.h);
 * qbuild.h turns the clauses into the Xapian query and its ranking tiers (phrase
 * first, then the whole query, then a typo or the best partial match); spell.h
 * restores diacritics and fixes typos from the same clauses; snippet.h and facets.h
 * read the matches.
 *
 * Errors (tr_error.h): TR_EINVAL and TR_ELIMIT say what is wrong with the request in
 * words fit for its sender; TR_ENOTFOUND, no such document; TR_EUNAVAILABLE, a shard
 * of the index cannot be reached (the answer would be incomplete, so none is given);
 * TR_EXAPIAN, TR_EIO, TR_ENOMEM, TR_EINTERNAL, the engine failed. An HTTP server maps
 * them to 400, 404, 503 and 500.
 */
#ifndef SE_ENGINE_H
#define SE_ENGINE_H

#include <jansson.h>
#include <stddef.h>
#include <stdint.h>

#include "complete.h"
#include "knowledge.h"
#include "lexicon.h"
#include "pool.h"
#include "qbuild.h"
#include "search.h"
#include "similar.h"
#include "synonyms.h"
#include "tasks.h"
#include "tr_error.h"
#include "view.h"

#define SE_DBS_MAX 64 /* databases named one by one; list more in a shard-list file */

typedef struct se_config {
    /* The index: database folders, stub files or shard lists (shardlist.h), searched
     * as one. At least one. */
    const char *const *dbs;
    size_t ndb;
    unsigned shard_timeout_ms; /* remote shards; 0: Xapian's default (10 s) */
    const char *weights;       /* "title=3,exact=1,..." (qbuild.h); NULL: the defaults */
    /* Where abbreviations.tsv and synonyms.tsv are. NULL: the data/ folder shipped
     * with the program (se_engine_data_dir_default), where a missing
     * abbreviations.tsv is no error: the program still searches without it. */
    const char *data_dir;
    const char *synonyms; /* the operator's synonyms, instead of DATA_DIR/synonyms.tsv */
    int no_vocabulary;    /* no did-you-mean, typo expansion or autocomplete */
    int warm;             /* read the vocabulary now, not on the first request */
} se_config;

struct se_syn_slot;

struct se_engine {
    se_pool *pool;
    se_weights weights;
    se_lexicon_cache *lexicons; /* NULL: no did-you-mean, no typo expansion */
    /* The abbreviations and synonyms, which a reload may replace while requests run:
     * read them through se_engine_syn() only. */
    struct se_syn_slot *syn_slot;
    unsigned schema;            /* the index's schema version (se_engine_index_schema) */
};

/* Opens the index and reads what the engine needs. NULL with the error filled:
 * TR_EINVAL for a bad setting (a weight; a synonyms file missing, unreadable, or with
 * a malformed line, named with its file and line; a bad shard-list line) or for an
 * index of a newer schema than this program knows (vn_terms.h: its terms and values
 * would be misread); TR_EDAMAGED for an index that is there but cannot be read, the
 * message naming its path and what to do (tr_error_index_damaged); another code when
 * the index cannot be opened (named by its path). An index of an older schema is
 * served: se_engine_index_schema() and vn_schema_lacks() say what it lacks. */
se_engine *se_engine_open(const se_config *c, tr_error *err);

/* Frees the engine and closes its handles. NULL is fine. No request may be running. */
void se_engine_free(se_engine *e);

/* The abbreviations and synonyms in effect, never NULL: a reference the caller
 * releases with se_syn_free() when its request is done, so that a reload cannot free
 * the table under it. */
se_syn *se_engine_syn(const se_engine *e);

/* A reload in two steps, so that a server can check all its new settings before it
 * puts any in effect. se_engine_read_synonyms() reads the table from c->data_dir and
 * c->synonyms as se_engine_open() does (the other fields of `c` are not read): a new
 * table, or NULL with TR_EINVAL naming the file and line, as se_engine_open() says,
 * or TR_ENOMEM. se_engine_use_synonyms() takes the table over and puts it in effect
 * for the requests that start from now on; those under way keep the old one. */
se_syn *se_engine_read_synonyms(const se_config *c, tr_error *err);
void se_engine_use_synonyms(se_engine *e, se_syn *s);

/* The schema version of the index as it was at se_engine_open() (VN_SCHEMA_KEY of its
 * first database; 1 when unset), for a log line or a health check. */
unsigned se_engine_index_schema(const se_engine *e);

/* Writes into buf (cap bytes) the data folder used when se_config.data_dir is NULL:
 * the one installed with the program, or the build tree's (tr_paths.h). */
void se_engine_data_dir_default(char *buf, size_t cap);

/* ---- for the requests of search/ ---- */

/* One request, run whole: `in` is what it was asked (its entry point's parameters),
 * *out gets its answer (NULL on failure). */
typedef int (*se_read_fn)(se_engine *e, const void *in, json_t **out, tr_error *err);

/* Runs `run` and runs it again while se_pool_again() says so (a commit discarded the
 * revision it was reading); returns its last code. Every entry point above that
 * answers JSON is this one call. */
int se_engine_read(se_engine *e, se_read_fn run, const void *in, json_t **out,
                   tr_error *err);

#endif
