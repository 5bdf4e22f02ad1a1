/* api_read: the handlers of the JSON API's reads (README.md, docs/api.md), routed by
 * server.c: search, suggestions, documents, the duplicate check, tasks, officials and
 * decisions. Each reads its parameters from the request, asks the engine (engine.h)
 * in the caller's view (sd_request_view), and answers JSON, or the engine's error
 * through reply.h's one mapping to an HTTP status.
 */
#ifndef SD_API_READ_H
#define SD_API_READ_H

#include "request.h"

enum MHD_Result sd_api_search(const sd_request *c);    /* GET /api/search (cached) */
enum MHD_Result sd_api_suggest(const sd_request *c);   /* GET /api/suggest */
enum MHD_Result sd_api_doc(const sd_request *c);       /* GET /api/doc/{id} */
enum MHD_Result sd_api_similar(const sd_request *c);   /* POST /api/similar: JSON or a form */
enum MHD_Result sd_api_tasks(const sd_request *c);     /* GET /api/tasks */
enum MHD_Result sd_api_officials(const sd_request *c); /* GET /api/officials */
enum MHD_Result sd_api_official(const sd_request *c);  /* GET /api/officials/{id} */
enum MHD_Result sd_api_decisions(const sd_request *c); /* GET /api/decisions */
enum MHD_Result sd_api_decision(const sd_request *c);  /* GET /api/decisions/{number} */
enum MHD_Result sd_api_preflight(const sd_request *c); /* OPTIONS /api/...: CORS */
/* A path no route takes: JSON under /api/, a page for people elsewhere. */
enum MHD_Result sd_api_not_found(const sd_request *c);

#endif
