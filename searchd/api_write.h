/* api_write: the write API's handlers (docs/api.md), routed by server.c.
 *
 *   POST   /api/documents       one record of the corpus format, or an array of them
 *   PUT    /api/documents/{id}  one record, stored under the id of the path
 *   DELETE /api/documents/{id}
 *   POST   /api/files           a document file (multipart/form-data) and its metadata
 *
 * Each needs a server started with --writable (403 otherwise) and a request of
 * scope admin (401 without a key, 403 with a key of another scope). Records are
 * checked and built by the indexer's own code (indexer/batch.h), so that they are
 * indexed exactly as tracuu-index would index them; a bad record is reported with
 * its position and reason and the good ones of the request are written, in one
 * committed transaction (writes.h). Every change is written to the audit log
 * (audit.h).
 */
#ifndef SD_API_WRITE_H
#define SD_API_WRITE_H

#include "request.h"

#define SD_WRITE_RECORDS_MAX 1000 /* records in one POST /api/documents */
#define SD_MAX_WRITE_MB_DEFAULT 16 /* request body of a write: --max-write */

enum MHD_Result sd_api_documents_post(const sd_request *r);
enum MHD_Result sd_api_document_put(const sd_request *r);
enum MHD_Result sd_api_document_delete(const sd_request *r);
enum MHD_Result sd_api_files_post(const sd_request *r);

#endif
