/* batch: records and document files made into documents one at a time, outside a
 * run of tracuu-index.
 *
 * tracuu-searchd's write API (searchd/writes.h) indexes what it is sent with these,
 * and the run's workers (pipeline.c) go through the same functions, so that a
 * document written over HTTP has exactly the terms, values and stored record that
 * tracuu-index would give it. Nothing here touches a database.
 */
#ifndef IX_BATCH_H
#define IX_BATCH_H

#include <jansson.h>

#include "ex.h"
#include "pipeline.h"
#include "record.h"
#include "vn.h"

/* Builds the document of a checked record into `res` (which it fills from zero but
 * for `file`, `lineno` and the conversion fields, kept): the id term, the document
 * within the default bounds (res->bounds says whether it was cut). 0 with
 * res->kind IX_RESULT_DOC, or the error of the build (out of memory, analysis) in
 * res->why and its code. The record is left to the caller. */
int ix_batch_build(vn_analyzer *a, const ix_record *rec, ix_result *res);

/* One record of the corpus format already parsed as JSON (an element of the write
 * API's array): takes over the caller's reference to `root` in every case, checks
 * it as tracuu-index checks a line (record.h), reads its text as --encoding auto
 * does, then builds it. 0 with res->kind IX_RESULT_DOC; TR_EINVAL with
 * res->kind IX_RESULT_SKIP and the reason in res->why for a bad record; another
 * code (out of memory, analysis) otherwise. */
int ix_batch_json(vn_analyzer *a, json_t *root, const char *default_type, ix_result *res);

/* The type of a document extracted from a file: `forced` when not NULL (a folder's
 * .tracuu, the upload form's field), else what the text says it is, else
 * `default_type`. A text the extractor calls a task that is no valid task record
 * gets `default_type`: the file is still worth finding. 0, or TR_ENOMEM. */
int ix_batch_file_type(json_t *root, const char *forced, const char *default_type);

/* A document file extracted in the sandbox (ex_extract() under `limits`), with the
 * metadata in `fields` (a JSON object of strings, not consumed: "id" required,
 * "type" as ix_batch_file_type()'s `forced`, every other one replacing what the
 * extractor found) then checked and built as ix_batch_json(). What is wrong with
 * the file (damaged, too large, no text, ...) is TR_EINVAL with the reason, naming
 * no text, in res->why; TR_ENOMEM and TR_EINTERNAL (no tracuu-extract) as they
 * come. */
int ix_batch_file(vn_analyzer *a, const char *path, const ex_limits *limits,
                  const json_t *fields, const char *default_type, ix_result *res);

#endif
