/* gl_build: a new Xapian glass database written from documents in memory, in C.
 *
 * Xapian's own writer spends most of tracuu's indexing time: every posting goes
 * through a std::map in the Document, another in the inverter, and a B-tree update
 * at each commit (docs/performance.md). A new index needs none of that: its
 * documents are numbered 1, 2, 3 ... as they come, the termlist and docdata tables
 * are written in that order as they come, and the postings and positions are kept in
 * flat arrays; when they reach the memory given, they are sorted by term and spilled
 * to a run file (on a thread of their own, while the next documents come), and at the
 * end the runs are merged term by term into the postlist and position tables (two
 * threads, one table each), written in key order (gl_table.h). The result is an
 * ordinary glass database that Xapian opens, checks (xapian-check), searches,
 * compacts and updates like one it wrote itself, byte for byte the same whatever the
 * memory given.
 */
#ifndef GL_BUILD_H
#define GL_BUILD_H

#include <stddef.h>
#include <stdint.h>

#include "gl_table.h"
#include "tr_error.h"

/* One term of a document: its name (1 to 245 bytes, no prefix rules here), its wdf,
 * and its positions (ascending, distinct, from 1; npos 0 for none). */
typedef struct gl_term {
    const char *name;
    uint32_t len;
    uint32_t wdf;
    const uint32_t *pos;
    uint32_t npos;
} gl_term;

typedef struct gl_value {
    unsigned slot;
    const char *data;
    size_t len; /* > 0: an empty value is no value */
} gl_value;

/* A document as the builder takes it. terms: distinct, ascending in byte order of
 * their names; values: ascending slots, distinct. The document's length is the sum of
 * its wdfs. */
typedef struct gl_doc_in {
    const gl_term *terms;
    size_t nterms;
    const gl_value *values;
    size_t nvalues;
    const char *data;
    size_t data_len;
} gl_doc_in;

typedef struct gl_build gl_build;

/* Starts a new database in the folder `dir`, which must not exist or be empty. `runs`:
 * an existing folder for the run files (the caller removes it after), `memory`: the
 * bytes of postings held before a spill (0: 64 MB). NULL with err filled on failure. */
gl_build *gl_build_open(const char *dir, const char *runs, size_t memory, tr_error *err);

/* Adds the next document (docid 1, 2, ...); *docid (may be NULL) is set to it. The
 * builder copies what it keeps. */
int gl_build_add(gl_build *b, const gl_doc_in *doc, uint32_t *docid, tr_error *err);

/* Leaves the document `docid` (added before) out of the database: a later one replaced
 * it. Nothing of it is written (postings, positions, values, data, termlist), and the
 * statistics count without it; its docid stays unused. */
int gl_build_drop(gl_build *b, uint32_t docid, tr_error *err);

/* Bytes of memory the builder holds for postings not yet spilled. */
size_t gl_build_bytes(const gl_build *b);

/* Runs spilled so far (all of them after gl_build_finish). */
unsigned gl_build_runs(const gl_build *b);

/* Sets user metadata (Xapian's set_metadata) written with the database. */
int gl_build_set_metadata(gl_build *b, const char *key, const void *value, size_t len,
                          tr_error *err);

/* Spills the last postings, merges the runs into the postlist and position tables,
 * writes the values and statistics, then the version file; the folder is a database
 * from then on. */
int gl_build_finish(gl_build *b, tr_error *err);

/* Frees the builder (after finish, or to abandon the database: then the caller
 * removes the folder). */
void gl_build_free(gl_build *b);

#endif
