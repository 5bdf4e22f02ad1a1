/* xc: a small C API over libxapian, the only C++ in tracuu.
 *
 * Xapian is C++ and ships no C API. This module wraps the part tracuu uses behind
 * opaque handles: databases (read-only, several shards or a stub file at once, or
 * writable with transactions), documents, query trees, enquiries with match spies
 * and collapsing, and result sets. It knows nothing of Vietnamese or of tracuu's
 * schema: terms, values and data are bytes chosen by the caller.
 *
 * Conventions:
 * - Functions that can fail return int, 0 on success or a TR_E* code, and fill the
 *   caller's tr_error (may be NULL). No C++ exception ever crosses into C.
 *   Xapian's errors arrive as "Type: message" ("DatabaseLockError: Unable to get
 *   write lock on ..."), with code TR_ENOTFOUND for a missing document or
 *   database, TR_EINVAL for an argument Xapian rejects (docid 0, an empty term in
 *   a document, ...), TR_EMODIFIED when the writer has discarded the revision a
 *   reader was on (DatabaseModifiedError: reopen and read again), TR_EDAMAGED for
 *   a database that is there but cannot be read (DatabaseCorruptError, a table
 *   shorter than its root says or a block that cannot be read, and
 *   DatabaseOpeningError other than not found: missing or truncated files, a format
 *   this Xapian does not read) and TR_EXAPIAN for the rest. A NULL handle or output pointer
 *   is TR_EINVAL. A remote shard that cannot be reached, dies, or does not answer
 *   in time (NetworkError, NetworkTimeoutError) is TR_EUNAVAILABLE, and the message
 *   names it: "shard HOST:PORT unavailable: NetworkError: ..." (callers tell a shard
 *   failure by the code, never by the message). A handle that met TR_EUNAVAILABLE
 *   stays broken, with the enquiries and result sets made from it: every later call
 *   fails at once with the same error (Xapian would wait out the timeout again on
 *   each). Free it and open a new one, which succeeds once the shard is back.
 * - Constructors return a new handle or NULL (with the error filled); every handle is
 *   freed by its own x_free(), and x_free(NULL) does nothing.
 * - Strings passed in are (pointer, length) byte ranges and are copied; strings handed
 *   out are malloc()ed copies the caller free()s, unless documented otherwise.
 * - A handle is used by one thread at a time. Separate xc_db handles on the same
 *   path may be used from separate threads.
 */
#ifndef XC_H
#define XC_H

#include <stddef.h>
#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

/* Inside the block: tr_error.h has no extern "C" of its own. */
#include "tr_error.h"

typedef uint32_t xc_docid; /* 0 is never a valid document id */

typedef struct xc_db xc_db;           /* read-only database, possibly several shards */
typedef struct xc_wdb xc_wdb;         /* writable database */
typedef struct xc_doc xc_doc;         /* a document being built */
typedef struct xc_query xc_query;     /* an immutable query tree */
typedef struct xc_enquire xc_enquire; /* a search session over an xc_db */
typedef struct xc_mset xc_mset;       /* one page of results */
typedef struct xc_spy xc_spy;         /* counts the values of one slot over all matches */

/* ---- Read-only databases ------------------------------------------------ */

/* Opens `path`: a database directory, or a stub file listing shards (Xapian's
 * "auto", "chert"/"glass" and "remote HOST:PORT" lines; remote shards opened so get
 * Xapian's default timeouts, 10 s: see xc_db_add_remote). TR_ENOTFOUND when there is
 * no database at `path`. */
xc_db *xc_db_open(const char *path, tr_error *err);

/* Opens several databases and searches them as one (docids are interleaved: with
 * n shards, document d of shard i is (d - 1) * n + i + 1). n may be 0. */
xc_db *xc_db_open_many(const char *const *paths, size_t n, tr_error *err);

/* Adds one more shard to an open handle. */
int xc_db_add(xc_db *db, const char *path, tr_error *err);

/* Adds a shard served by xapian-tcpsrv at host:port (the remote backend). Any one
 * exchange with it that takes longer than timeout_ms, or a connection that takes
 * longer than connect_timeout_ms, fails with TR_EUNAVAILABLE (0: wait for ever). A stub
 * file cannot carry timeouts (Xapian 1.4 opens its "remote" lines with the default
 * of 10 s), which is why this exists beside xc_db_add(). */
int xc_db_add_remote(xc_db *db, const char *host, unsigned port, unsigned timeout_ms,
                     unsigned connect_timeout_ms, tr_error *err);

/* Brings the handle to the latest committed revision. *changed (may be NULL) is set
 * to 1 when the revision moved, 0 otherwise. */
int xc_db_reopen(xc_db *db, int *changed, tr_error *err);

void xc_db_free(xc_db *db);

/* A number that stands for what the handle reads: never the same for two handles of
 * the process, and changed whenever xc_db_reopen() may have moved the handle or a
 * shard is added, so that what was learnt of the index under one generation (a
 * cache) holds while it is current. 0 for a NULL handle. */
uint64_t xc_db_generation(const xc_db *db);

/* Number of documents. */
int xc_db_doccount(xc_db *db, uint64_t *out, tr_error *err);

/* The revision the handle reads (each commit adds one), for monitoring. *out is 0
 * when the handle combines several databases, which have no one revision, or reads a
 * remote one. */
int xc_db_revision(xc_db *db, uint64_t *out, tr_error *err);

/* Average document length (in wdf units), for scaling. */
int xc_db_avlength(xc_db *db, double *out, tr_error *err);

/* Number of documents indexed by `term` (0 when absent). */
int xc_db_termfreq(xc_db *db, const char *term, size_t len, uint64_t *out, tr_error *err);

/* Total number of occurrences of `term` (sum of wdf) in the database. */
int xc_db_collfreq(xc_db *db, const char *term, size_t len, uint64_t *out, tr_error *err);

/* Calls fn(ctx, term, len, termfreq) for each term that starts with `prefix`, in
 * byte order; fn returns nonzero to stop early (not an error). */
typedef int (*xc_term_fn)(void *ctx, const char *term, size_t len, uint64_t termfreq);
int xc_db_allterms(xc_db *db, const char *prefix, size_t prefix_len, xc_term_fn fn, void *ctx,
                   tr_error *err);

/* Finds the document indexed by a unique term (such as "Q" + id). Returns
 * TR_ENOTFOUND (with *out = 0, and err filled like any failure) when no document
 * has it. */
int xc_db_find(xc_db *db, const char *term, size_t len, xc_docid *out, tr_error *err);

/* Copies a document's stored data; *out is malloc()ed (NUL-terminated for
 * convenience, *len excludes the NUL). TR_ENOTFOUND when docid is absent. */
int xc_db_data(xc_db *db, xc_docid docid, char **out, size_t *len, tr_error *err);

/* Copies value `slot` of a document (empty when unset); as xc_db_data. */
int xc_db_value(xc_db *db, xc_docid docid, unsigned slot, char **out, size_t *len, tr_error *err);

/* Calls fn for each term of a document that starts with `prefix`, in byte order,
 * with its wdf as the last argument (0 for boolean terms); fn returns nonzero to
 * stop. */
int xc_db_doc_terms(xc_db *db, xc_docid docid, const char *prefix, size_t prefix_len,
                    xc_term_fn fn, void *ctx, tr_error *err);

/* Reads user metadata stored under `key`; *out is malloc()ed, empty when unset. */
int xc_db_metadata(xc_db *db, const char *key, char **out, size_t *len, tr_error *err);

/* ---- Writable databases ------------------------------------------------- */

enum {
    XC_OPEN = 0,          /* open an existing database, fail when absent */
    XC_CREATE_OR_OPEN = 1 /* create when absent */
};

/* Opens `path` for writing (glass backend). Fails with TR_EUNAVAILABLE ("try
 * again later") and the message "DatabaseLockError: Unable to get write lock ..."
 * when another writer holds the lock, TR_ENOTFOUND for XC_OPEN on a path
 * with no database, TR_EINVAL for another mode. */
xc_wdb *xc_wdb_open(const char *path, int mode, tr_error *err);

/* Closes the database. Changes not committed are discarded (not committed): an
 * open transaction is cancelled, and changes made outside a transaction since
 * the last commit are dropped too, although Xapian on its own would commit them
 * on close. */
void xc_wdb_free(xc_wdb *db);

/* Transactions: changes between begin and commit become visible to readers
 * atomically and durably at commit, or not at all (cancel, free, crash, kill).
 * Readers see a commit after xc_db_reopen().
 *
 * Changes may also be made outside a transaction, but then Xapian commits them
 * by itself every XAPIAN_FLUSH_THRESHOLD changed documents (10000 by default), and
 * xc_wdb_begin() commits them before the transaction starts.
 *
 * begin while a transaction is open fails (TR_EXAPIAN, InvalidOperationError).
 * commit ends the open transaction, or commits the changes made outside one.
 * cancel drops every change since the last commit, in a transaction or not. */
int xc_wdb_begin(xc_wdb *db, tr_error *err);
int xc_wdb_commit(xc_wdb *db, tr_error *err);
int xc_wdb_cancel(xc_wdb *db, tr_error *err);

/* Adds a document; *docid (may be NULL) receives its id. The document is copied:
 * doc may be freed or reused at once. The writer sees its own uncommitted changes
 * (xc_wdb_doccount, replace, delete). */
int xc_wdb_add(xc_wdb *db, const xc_doc *doc, xc_docid *docid, tr_error *err);

/* Replaces the document indexed by the unique term, or adds it when none is. */
int xc_wdb_replace(xc_wdb *db, const char *uterm, size_t len, const xc_doc *doc,
                   xc_docid *docid, tr_error *err);

/* Deletes every document indexed by the term. *deleted (may be NULL) is set to 1
 * when one existed, 0 otherwise (not an error). */
int xc_wdb_delete(xc_wdb *db, const char *uterm, size_t len, int *deleted, tr_error *err);

/* Deletes the document numbered `docid` (TR_ENOTFOUND when there is none). */
int xc_wdb_delete_docid(xc_wdb *db, xc_docid docid, tr_error *err);

int xc_wdb_doccount(xc_wdb *db, uint64_t *out, tr_error *err);

int xc_wdb_set_metadata(xc_wdb *db, const char *key, const char *value, size_t len,
                        tr_error *err);

/* ---- Documents ---------------------------------------------------------- */

xc_doc *xc_doc_new(tr_error *err);
void xc_doc_free(xc_doc *doc);

/* Adds `term` at position `pos` (positions start at 1), increasing its wdf by wdfinc. */
int xc_doc_add_posting(xc_doc *doc, const char *term, size_t len, uint32_t pos, uint32_t wdfinc,
                       tr_error *err);

/* Adds `term` without a position, increasing its wdf by wdfinc. */
int xc_doc_add_term(xc_doc *doc, const char *term, size_t len, uint32_t wdfinc, tr_error *err);

/* Adds a filter term: no position, wdf 0, so it does not change the length or the
 * weights of the document. */
int xc_doc_add_boolean_term(xc_doc *doc, const char *term, size_t len, tr_error *err);

int xc_doc_set_value(xc_doc *doc, unsigned slot, const char *value, size_t len, tr_error *err);

/* Calls fn for each term of the document so far, in byte order, with its wdf as the
 * last argument; fn returns nonzero to stop. The document must not be changed
 * meanwhile (collect the terms first to add others). */
int xc_doc_terms(const xc_doc *doc, xc_term_fn fn, void *ctx, tr_error *err);

/* Distinct terms in the document so far (O(1) for a document being built); 0 on
 * error. What a new document costs in memory grows with it, before any commit. */
size_t xc_doc_term_count(const xc_doc *doc);

int xc_doc_set_data(xc_doc *doc, const char *data, size_t len, tr_error *err);

/* A document read out for a writer: its terms in byte order, each with its wdf and its
 * positions ascending and distinct (npos 0: none). The arrays belong to the document
 * and stay valid until it is changed or freed. */
typedef struct xc_doc_term {
    const char *name;
    uint32_t len;
    uint32_t wdf;
    const uint32_t *pos;
    uint32_t npos;
} xc_doc_term;

int xc_doc_sorted(xc_doc *doc, const xc_doc_term **terms, size_t *n, tr_error *err);

/* Its values, ascending slots (an empty value is none), and its data. */
size_t xc_doc_value_count(const xc_doc *doc);
void xc_doc_value_at(const xc_doc *doc, size_t i, unsigned *slot, const char **value,
                     size_t *len);
const char *xc_doc_data(const xc_doc *doc, size_t *len);

/* Makes the Xapian document now, on the calling thread, so that writing it through
 * Xapian (xc_wdb_add, xc_wdb_replace) on a writer thread does not. Optional. */
int xc_doc_prepare(xc_doc *doc, tr_error *err);

/* ---- Queries ------------------------------------------------------------ */

typedef enum {
    XC_OP_AND,
    XC_OP_OR,
    XC_OP_AND_NOT,   /* first minus the others */
    XC_OP_AND_MAYBE, /* first, weighted up by the others */
    XC_OP_FILTER,    /* first, restricted by the others without weight */
    XC_OP_PHRASE,    /* in order, within `window` positions (0: number of subqueries) */
    XC_OP_NEAR,      /* any order, within `window` positions */
    XC_OP_SYNONYM,   /* the subqueries weighted as one term */
    XC_OP_MAX,       /* the best weight of the subqueries */
    XC_OP_ELITE_SET  /* the `window` best-weighted subqueries, ORed */
} xc_op;

/* A term; wqf is the within-query frequency (usually 1), pos its query position
 * (0 when none). The empty term matches every document (Xapian's MatchAll). */
xc_query *xc_query_term(const char *term, size_t len, uint32_t wqf, uint32_t pos, tr_error *err);

/* Combines subqueries. The subqueries are not consumed: the caller still frees them.
 * A NULL entry in `subs` is an error (TR_EINVAL). `window` is ignored by the
 * operators that have none; for XC_OP_ELITE_SET, 0 means Xapian's default, 10.
 * With n == 0 the query matches nothing; with n == 1 it is the subquery. */
xc_query *xc_query_combine(xc_op op, xc_query *const *subs, size_t n, uint32_t window,
                           tr_error *err);

/* The query with its weights multiplied by `factor` (>= 0). */
xc_query *xc_query_scale(const xc_query *q, double factor, tr_error *err);

/* Documents whose value in `slot` is in [lo, hi] (byte order); lo or hi may be NULL
 * (or "") for an open end. A document without a value in the slot never matches,
 * not even with both ends open. lo and hi are NUL-terminated, so they cannot
 * contain a zero byte. Never adds weight. */
xc_query *xc_query_value_range(unsigned slot, const char *lo, const char *hi, tr_error *err);

/* Every term starting with `prefix`, ORed as a synonym; at most `max_expansion`
 * terms (0: unlimited), the most frequent kept. */
xc_query *xc_query_wildcard(const char *prefix, size_t len, uint32_t max_expansion,
                            tr_error *err);

xc_query *xc_query_match_all(tr_error *err);
xc_query *xc_query_match_nothing(tr_error *err);

/* A description for debugging and tests ("Query((a AND b))"); malloc()ed, NULL
 * when q is NULL or memory runs out. */
char *xc_query_describe(const xc_query *q);

void xc_query_free(xc_query *q);

/* ---- Enquiries ---------------------------------------------------------- */

/* The enquiry keeps its own reference to db's shards: db may be freed first, and
 * xc_db_reopen(db) moves the enquiry to the new revision too. */
xc_enquire *xc_enquire_new(xc_db *db, tr_error *err);
void xc_enquire_free(xc_enquire *e);

/* The query is copied: q may be freed afterwards. */
int xc_enquire_set_query(xc_enquire *e, const xc_query *q, tr_error *err);

/* BM25 with Xapian's parameters (defaults: k1 1, k2 0, k3 1, b 0.5, min_normlen 0.5).
 * Xapian clamps them rather than failing: negative k's become 0, b goes to [0, 1]. */
int xc_enquire_set_bm25(xc_enquire *e, double k1, double k2, double k3, double b,
                        double min_normlen, tr_error *err);

typedef enum {
    XC_SORT_RELEVANCE,
    XC_SORT_VALUE,              /* by the value only */
    XC_SORT_VALUE_THEN_RELEVANCE,
    XC_SORT_RELEVANCE_THEN_VALUE
} xc_sort;

/* `descending` nonzero puts the highest values first (for RELEVANCE_THEN_VALUE it
 * orders the value among equal weights; relevance is always best first). Values
 * compare as bytes and an unset value as "", so it sorts lowest. TR_EINVAL for an
 * unknown `how`. */
int xc_enquire_set_sort(xc_enquire *e, xc_sort how, unsigned slot, int descending, tr_error *err);

/* Keeps at most `max` documents for each value of `slot` (0 turns collapsing off).
 * Documents with no value in the slot are never collapsed. */
int xc_enquire_set_collapse(xc_enquire *e, unsigned slot, uint32_t max, tr_error *err);

/* Drops results whose percentage score (xc_hit.percent) is below `percent` (0 turns
 * it off; TR_EINVAL outside 0..100). */
int xc_enquire_set_cutoff(xc_enquire *e, int percent, tr_error *err);

/* Drops results whose weight is below `weight` (0 turns it off; TR_EINVAL when
 * negative). Estimates (xc_mset_estimated) then count only what passes. */
int xc_enquire_set_weight_cutoff(xc_enquire *e, double weight, tr_error *err);

/* Attaches a spy to the next runs. The spy must outlive the runs that use it; it
 * is not owned by the enquiry. Its counts add up over every run it sees, so use
 * a fresh spy per search. */
int xc_enquire_add_spy(xc_enquire *e, xc_spy *spy, tr_error *err);
int xc_enquire_clear_spies(xc_enquire *e, tr_error *err);

/* Runs the query: results first .. first+max-1, having checked at least
 * `check_at_least` documents (for accurate estimates and spy counts). Over remote
 * shards (xc_db_add_remote) the page's documents are asked for at once, pipelined,
 * since callers read them all. */
xc_mset *xc_enquire_run(xc_enquire *e, uint32_t first, uint32_t max, uint32_t check_at_least,
                        tr_error *err);

/* Calls fn for each term of the current query that indexes `docid` (for
 * highlighting), in byte order, with 0 as the last argument. */
int xc_enquire_matching_terms(xc_enquire *e, xc_docid docid, xc_term_fn fn, void *ctx,
                              tr_error *err);

/* ---- Result sets -------------------------------------------------------- */

/* A result set keeps what it needs to read its documents: it stays valid after
 * its enquiry and database are freed. */

typedef struct xc_hit {
    xc_docid docid;
    uint32_t rank;       /* 0-based rank over the whole result list */
    double weight;
    int percent;         /* 0..100 */
    uint32_t collapse_count; /* documents collapsed into this one */
} xc_hit;

size_t xc_mset_size(const xc_mset *m);
uint64_t xc_mset_estimated(const xc_mset *m);   /* Xapian's estimate of all matches */
uint64_t xc_mset_lower_bound(const xc_mset *m);
uint64_t xc_mset_upper_bound(const xc_mset *m);
double xc_mset_max_attained(const xc_mset *m); /* best weight over all matches */

/* Fills *out for result i (0 <= i < size; TR_EINVAL otherwise). */
int xc_mset_hit(const xc_mset *m, size_t i, xc_hit *out, tr_error *err);

/* Copies the stored data / a value of result i; as xc_db_data. */
int xc_mset_data(const xc_mset *m, size_t i, char **out, size_t *len, tr_error *err);
int xc_mset_value(const xc_mset *m, size_t i, unsigned slot, char **out, size_t *len,
                  tr_error *err);

void xc_mset_free(xc_mset *m);

/* ---- Match spies (facet counts) ----------------------------------------- */

xc_spy *xc_spy_new(unsigned slot, tr_error *err);
void xc_spy_free(xc_spy *spy);

/* Documents the spy has seen (0 for NULL). */
uint64_t xc_spy_total(const xc_spy *spy);

/* Calls fn(ctx, value, len, count) for the `max` most frequent values, most
 * frequent first (ties by value). */
int xc_spy_top(const xc_spy *spy, size_t max, xc_term_fn fn, void *ctx, tr_error *err);

/* ---- Compaction (xc_compact.cc) ----------------------------------------- */

/* Writes the n databases (folders or stub files) at `sources`, merged, as one new
 * compact glass database at `dest` (Xapian's compaction, as xapian-compact); the
 * docids of each source follow those of the previous one. `fuller` packs the
 * blocks fully (smallest, for a database that will not be updated). `dest` must
 * not exist or be an empty folder; the sources are not changed. */
int xc_compact(const char *const *sources, size_t n, const char *dest, int fuller,
               tr_error *err);

/* Compacts what `db` reads, the revision each of its databases was at when it was
 * opened or last reopened, into a new glass database at `dest` (as xc_compact;
 * `dest` must not exist or be an empty folder). A writer may go on committing
 * meanwhile: the copy is that revision, whole. User metadata and the spelling and
 * synonym tables are copied with the documents. TR_EMODIFIED when the writer
 * discarded the revision during the copy (the glass backend recycles its blocks
 * two commits later): `dest` is then half written, to be emptied, and the copy
 * made again after xc_db_reopen(). */
int xc_db_compact(xc_db *db, const char *dest, int fuller, tr_error *err);

/* ---- Numbers as values (xc_value.cc) ------------------------------------ */

#define XC_SORTABLE_MAX 9 /* bytes of an encoded number, at most */

/* Encodes `value` so that values compare as bytes in numeric order (Xapian's
 * sortable_serialise). Writes 1 to XC_SORTABLE_MAX bytes, not NUL-terminated and
 * possibly holding zero bytes, and returns their count; never fails (0 only if
 * Xapian's encoding ever grew past XC_SORTABLE_MAX). */
size_t xc_sortable_serialise(double value, char out[XC_SORTABLE_MAX]);

/* The number back from its encoding; 0 for bytes that encode nothing. */
double xc_sortable_unserialise(const char *value, size_t len);

#ifdef __cplusplus
}
#endif

#endif
