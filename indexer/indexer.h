/* indexer: one run of tracuu-index, as a library call.
 *
 * Opens (or creates) the database, applies the deletions, then writes the documents
 * that the pipeline makes of the inputs, committing every `batch` documents (or
 * sooner when a batch holds much text). Each commit is a Xapian transaction, so a
 * run killed at any moment leaves the index as of its last commit, never half a
 * batch; running the same command again completes it, since documents are keyed by
 * id and replaced. Reports bad records, deletions, progress and a summary on `log`.
 *
 * Who writes: an existing plain database, one writer (the caller's thread). A sharded
 * one (`shards`, or a stub already there: shards.h), a writer thread per shard, each
 * committing at the same batch boundaries, so atomicity is per shard. A new database
 * (absent or an empty folder, no `shards`), glass/ without Xapian's writer (bulk.h):
 * it appears at the end, whole or not at all, and a killed first run is started
 * again by the same command (docs/performance.md).
 */
#ifndef IX_INDEXER_H
#define IX_INDEXER_H

#include <stddef.h>
#include <stdio.h>

#include "progress.h"
#include "tr_error.h"
#include "vn_legacy.h"

#define IX_BATCH_DEFAULT 500 /* smaller batches cost less CPU and memory: docs/performance.md */
#define IX_BATCH_BYTES_DEFAULT ((size_t)64 << 20)
#define IX_MAX_RECORD_DEFAULT ((size_t)64 << 20)
#define IX_DEFAULT_TYPE "news"

typedef struct ix_options {
    const char *db;                /* database folder; created when absent */
    const char *type;              /* for records without one, and text files */
    const char *access;            /* the level of records naming none, outside a
                                      folder whose .tracuu names one (a code of
                                      ix_access_level()); NULL: public */
    const char *const *deletes;    /* ids to delete before indexing */
    size_t n_deletes;
    const char *const *paths;      /* files, folders, "-" */
    size_t n_paths;
    size_t batch;                  /* documents per commit */
    size_t batch_bytes;            /* text per commit, at most about */
    size_t max_record;             /* bytes per record; longer ones are skipped */
    unsigned threads;              /* analysis threads; 0: one per processor */
    unsigned shards;               /* writer shards (shards.h); 0: as the database is,
                                      one for a new one */
    size_t bulk_memory;            /* a new database: bytes of postings per spill (bulk.h); 0:
                                      IX_BULK_MEMORY_DEFAULT */
    int quiet;                     /* no progress (errors and summary still shown) */
    int progress;                  /* 1 on, 0 off, -1: ix_progress_wanted() */
    vn_encoding encoding;          /* how text is encoded; VN_ENC_AUTO: detected */
    FILE *log;                     /* messages; NULL: stderr */
    /* Document files (walk.h, ex.h, docs/ingest.md). */
    int ocr;                       /* OCR images and PDF pages without text */
    int follow_symlinks;           /* follow links out of a folder given (walk.h) */
    unsigned extract_seconds;      /* time for one file's extraction; 0: ex.h's default */
    size_t extract_memory;         /* bytes for one extraction; 0: ex.h's default */
    const struct ix_inputs *inputs; /* inputs already listed, instead of `paths` (which
                                       must then be empty): how ix_sync() runs */
} ix_options;

/* Fills the defaults (no db, no paths, encoding detected). */
void ix_options_init(ix_options *opt);

/* Runs: the deletions, then the documents of `paths` (or `inputs`). A sync is not a
 * run: ix_sync() (sync.h) plans one and hands it here. Returns 0 when the run went
 * to its end, even if records were skipped (see st->skipped); otherwise a TR_E*
 * code for a fatal error (bad option, a path or the database cannot be opened, the
 * database fails), already reported on the log. *st (may be NULL) receives the
 * counts in every case; err (may be NULL) the first error. */
int ix_run(const ix_options *opt, ix_stats *st, tr_error *err);

/* The command's exit status: 2 for a fatal error, 1 when records were skipped, 0
 * otherwise. */
int ix_exit_status(int rc, const ix_stats *st);

#endif
