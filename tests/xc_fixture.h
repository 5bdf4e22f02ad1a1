/* xc_fixture: what the tests of xapian-c (test_xc_db, test_xc_query) share.
 *
 * A seven-document corpus, written out by hand so that tests can state their
 * expected results, which the group setup builds as a database in a fresh
 * temporary folder (the teardown removes the folder and whatever the tests made
 * in it); and the small helpers both tests use to build documents, open
 * databases and run term queries. Not a module of tracuu; linked into the xc
 * tests only.
 */
#ifndef XC_FIXTURE_H
#define XC_FIXTURE_H

#include <stddef.h>
#include <stdint.h>

#include "xc.h"

enum { XF_SLOT_YEAR = 0, XF_SLOT_COLOR = 1 };

/* Document i + 1 of every database built here is row i: its words are indexed
 * at positions 1, 2, ..., "Q" + id is its unique term and "d" + id its data. */
typedef struct {
    const char *id;
    const char *text;
    const char *year;  /* value XF_SLOT_YEAR, NULL for none */
    const char *color; /* value XF_SLOT_COLOR, NULL for none */
} xf_row;

/* The corpus:
 *   1 "apple banana cherry"  2020 red
 *   2 "banana apple"         2021 red
 *   3 "cherry date"          2019 green
 *   4 "apple pie banana"     2022 blue
 *   5 "banana split banana"  2018 red
 *   6 "apple kiwi"           -    green
 *   7 "bake kiwi"            2017 blue
 */
#define XF_NCORPUS 7
extern const xf_row xf_corpus[XF_NCORPUS];

/* The corpus database, in the temporary folder; set by xf_setup. */
extern char xf_corpus_path[256];

/* Group setup and teardown for cmocka_run_group_tests(). */
int xf_setup(void **state);
int xf_teardown(void **state);

/* Writes "<temporary folder>/<name>" into buf (fails the test when it does not fit). */
void xf_path(char *buf, size_t size, const char *name);

/* A new document for the row; the caller frees it with xc_doc_free(). */
xc_doc *xf_make_doc(const xf_row *row);

/* Creates `path` holding rows[0..n-1] as documents 1..n, in one transaction,
 * with metadata "version" = "1". */
void xf_build_db(const char *path, const xf_row *rows, size_t n);

/* Opens a database or fails the test; the caller frees it. */
xc_db *xf_open_db(const char *path);

/* A term query (wqf 1, no position), and the match-all query; the caller frees them. */
xc_query *xf_term(const char *t);
xc_query *xf_all(void);

/* Sets q on e and returns results first .. first+max-1 (checking at least 100),
 * or fails the test; the caller frees the result set. */
xc_mset *xf_run(xc_enquire *e, const xc_query *q, uint32_t first, uint32_t max);

/* Runs q through e and writes the docids of the results as "1 3 7", in rank
 * order, or ascending when `sorted`. */
void xf_run_ids(xc_enquire *e, const xc_query *q, int sorted, char *out, size_t size);

/* Collects what an xc_term_fn is given, as "term=count term=count" when
 * with_count, else "term term"; stops after `limit` terms when limit > 0. */
typedef struct {
    char text[512];
    size_t len;
    int with_count;
    int limit;
    int calls;
} xf_log;

/* An xc_term_fn; ctx is an xf_log. */
int xf_log_term(void *ctx, const char *t, size_t len, uint64_t count);

#endif
