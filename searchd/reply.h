/* reply: every HTTP answer searchd sends goes through these functions.
 *
 * sd_reply_json() sends a JSON document; sd_reply_error() sends {"error": "..."}
 * with a status, so that errors look the same wherever they come from (GNU Taler's
 * exchange routes its errors through one function the same way). Both add the
 * headers every answer carries (content type, no sniffing, cache policy).
 *
 * An engine error (engine.h) becomes an HTTP status in one place, sd_status_for(),
 * and a 5xx is logged in one place, sd_failure_status(): the JSON API (through
 * sd_reply_failure()) and the web pages (pages.h: sd_page_fail()) both go through
 * them, so that a request fails with the same status and the same log line whichever
 * of the two asked.
 */
#ifndef SD_REPLY_H
#define SD_REPLY_H

#include <jansson.h>
#include <microhttpd.h>

#include "request.h"
#include "tr_error.h"

/* How answers write JSON: compact, and a real with up to 15 significant digits, so
 * that a value the engine rounded (took_ms, score) is written as rounded, 12.34, not
 * as jansson's default 17 digits would show it, 12.339999999999999. */
#define SD_JSON_FLAGS (JSON_COMPACT | JSON_REAL_PRECISION(15))

/* Sends `doc` (not consumed) with `status`. */
enum MHD_Result sd_reply_json(struct MHD_Connection *conn, unsigned status, const json_t *doc);

/* Sends {"error": message} with `status`. */
enum MHD_Result sd_reply_error(struct MHD_Connection *conn, unsigned status, const char *message);

/* sd_reply_error() with more headers: NULL or a NULL-terminated list of name, value,
 * name, value, ... (405's Allow). */
enum MHD_Result sd_reply_error_with(struct MHD_Connection *conn, unsigned status,
                                    const char *message, const char *const *headers);

/* Queues `r`, whose body is `len` bytes, with `status`: every answer goes through
 * here, so that the access log knows the bytes sent (guard.h, sd_conn). */
enum MHD_Result sd_reply_queue(struct MHD_Connection *conn, unsigned status,
                               struct MHD_Response *r, size_t len);

/* Sends 503 {"error": message} with "Retry-After: 1": the server is too busy for this
 * request now, and will not be in a second. */
enum MHD_Result sd_reply_busy(struct MHD_Connection *conn, const char *message);

/* Sends `len` bytes of `body` (taken over: free()d whatever happens) as `content_type`,
 * for the web pages and their files (pages.h). `headers` is NULL or a NULL-terminated
 * list of name, value, name, value, ...; without a Cache-Control among them the answer
 * is "no-store". Carries the same common headers as JSON answers. */
enum MHD_Result sd_reply_body(struct MHD_Connection *conn, unsigned status,
                              const char *content_type, char *body, size_t len,
                              const char *const *headers);

/* The HTTP status for an engine error (`err` not NULL, its code not TR_OK): 400 for
 * what is wrong with the request (TR_EINVAL, TR_ELIMIT), 404 for TR_ENOTFOUND, 503
 * when the same request may succeed later (TR_EUNAVAILABLE: a shard cannot be
 * reached; TR_ENOMEM), 500 for the rest (the engine failed). */
unsigned sd_status_for(const tr_error *err);

/* sd_status_for(err); for a 5xx it first writes the path, the code's name and the
 * engine's message to stderr (unless r->quiet). The client of a 5xx is not told the
 * engine's message, which is for operators; a 4xx's message is the client's to read
 * (engine messages hold no user data, tr_error.h). */
unsigned sd_failure_status(const sd_request *r, const tr_error *err);

/* Answers an engine error as JSON with sd_failure_status(): {"error": message} with
 * the engine's message for a 4xx and a generic one for a 5xx; for TR_EUNAVAILABLE,
 * 503 {"error": "shard HOST:PORT unavailable; ...", "partial": false}. */
enum MHD_Result sd_reply_failure(const sd_request *r, const tr_error *err);

#endif
