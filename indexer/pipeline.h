/* pipeline: inputs in, ready-to-write documents out, in input order.
 *
 * One reader thread cuts the inputs into records; worker threads (each with its own
 * analyzer) extract the document files (ex.h: slow, so never on the reader),
 * check the records and build their Xapian documents; the caller, the single
 * writer, takes the results one by one in exactly the order of the input, so that
 * an index built twice from the same files is the same, and of two records with one
 * id the later wins. Between them is a ring of slots bounded in count and in bytes,
 * so memory stays flat however large the input.
 *
 * It does not touch the database: indexer.h does.
 */
#ifndef IX_PIPELINE_H
#define IX_PIPELINE_H

#include <stddef.h>
#include <stdint.h>

#include "document.h"
#include "record.h"
#include "tr_error.h"
#include "vn_legacy.h"
#include "walk.h"
#include "xc.h"

typedef struct ix_pipeline ix_pipeline;

typedef struct ix_pipeline_config {
    const ix_inputs *inputs; /* must outlive the pipeline */
    const char *default_type;
    const char *default_access; /* of records naming no level, outside a folder
                                   saying one (folder.h); NULL: public */
    size_t max_record;       /* bytes per record */
    unsigned workers;        /* analysis threads, at least 1 */
    vn_encoding encoding;    /* how text is encoded; VN_ENC_AUTO: detected */
    int ocr;                 /* document files: OCR images and pages without text */
    unsigned extract_seconds; /* per file; 0: ex.h's default */
    size_t extract_memory;   /* per file; 0: ex.h's default */
    int xapian_docs;         /* the documents are written through Xapian: make the
                                Xapian document on the worker (xc_doc_prepare); else
                                sort its terms there (xc_doc_sorted) */
} ix_pipeline_config;

typedef enum ix_result_kind {
    IX_RESULT_DOC,  /* a document to write */
    IX_RESULT_SKIP  /* a record that was not indexed; `why` says why */
} ix_result_kind;

typedef struct ix_result {
    ix_result_kind kind;
    const char *file;   /* the input's path (owned by the inputs) */
    uint64_t lineno;    /* 1-based line, or 0 for a whole file */
    xc_doc *doc;        /* IX_RESULT_DOC: owned by the result */
    char idterm[IX_ID_MAX + 8]; /* the unique term "Q" + id */
    size_t idterm_len;
    tr_error why;       /* IX_RESULT_SKIP: the reason, in plain words */
    size_t text_bytes;  /* input bytes of the record */
    vn_encoding converted;     /* the legacy encoding the record was read in, or
                                  VN_ENC_UTF8 when it was not converted */
    unsigned converted_flags;  /* VN_LEGACY_MOJIBAKE */
    uint64_t disk_done; /* bytes on disk of the inputs read so far, for progress */
    ix_document_bounds bounds; /* IX_RESULT_DOC: whether it was truncated (document.h) */
} ix_result;

/* Starts the threads. NULL with the error filled when they or the analyzers cannot
 * be created. */
ix_pipeline *ix_pipeline_start(const ix_pipeline_config *cfg, tr_error *err);

/* Moves the next result, in input order, into *res (which the caller then clears
 * with ix_result_clear). Returns 0 with *done set to 1 after the last one. Returns
 * an error code, after every result that comes before it, when an input cannot be
 * opened or the analysis fails (out of memory): the pipeline is then finished. */
int ix_pipeline_next(ix_pipeline *p, ix_result *res, int *done, tr_error *err);

/* Frees the document a result holds. */
void ix_result_clear(ix_result *res);

/* Stops the threads (waiting for the reader's current read) and frees everything;
 * NULL does nothing. */
void ix_pipeline_free(ix_pipeline *p);

#endif
