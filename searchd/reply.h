/* reply: every HTTP answer searchd sends goes through these functions.
 *
 * sd_reply_json() sends a JSON document; sd_reply_error() sends {"error": "..."}
 * with a status, so that errors look the same wherever they come from (GNU Taler's
 * exchange routes its errors through one function the same way). Both add the
 * headers every answer carries (content type, no sniffing, cache policy).
 */
#ifndef SD_REPLY_H
#define SD_REPLY_H

#include <jansson.h>
#include <microhttpd.h>

/* Sends `doc` (not consumed) with `status`. */
enum MHD_Result sd_reply_json(struct MHD_Connection *conn, unsigned status, const json_t *doc);

/* Sends {"error": message} with `status`. */
enum MHD_Result sd_reply_error(struct MHD_Connection *conn, unsigned status, const char *message);

/* Sends `len` bytes of `body` (taken over: free()d whatever happens) as `content_type`,
 * for the web pages and their files (pages.h). `headers` is NULL or a NULL-terminated
 * list of name, value, name, value, ...; without a Cache-Control among them the answer
 * is "no-store". Carries the same common headers as JSON answers. */
enum MHD_Result sd_reply_body(struct MHD_Connection *conn, unsigned status,
                              const char *content_type, char *body, size_t len,
                              const char *const *headers);

#endif
