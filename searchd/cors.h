/* cors: which other web sites may call the API from their pages (CORS).
 *
 * The department's site embeds tracuu's search box and, with a script, asks
 * /api/suggest from the browser; a browser lets a page read such an answer only when
 * it names the page's origin in Access-Control-Allow-Origin. The operator lists the
 * origins (--cors https://sokhcn.example.gov.vn,https://other.example), or "*" for
 * every site; nothing is allowed by default.
 *
 * The server puts its sd_cors in each connection's socket context
 * (MHD_OPTION_NOTIFY_CONNECTION), so that reply.c can add the headers to every answer
 * without the handlers passing it along. A reload (SIGHUP, reload.h) puts a new list
 * in the guard; each connection takes it up at its next request, and the old list
 * lives, by reference, until no connection holds it.
 */
#ifndef SD_CORS_H
#define SD_CORS_H

#include <microhttpd.h>

#include "tr_error.h"

typedef struct sd_cors sd_cors;

/* Parses a comma-separated list of origins: "*", or scheme://host[:port] with scheme
 * http or https, no path, no trailing slash. NULL or "" allows none. TR_EINVAL with
 * the offending entry's position for a malformed list. Free with sd_cors_free(). */
sd_cors *sd_cors_new(const char *list, tr_error *err);
/* sd_cors_ref() adds a holder (returns c); sd_cors_free() drops one, and the last
 * frees the list. Safe from any thread; NULL does nothing. */
sd_cors *sd_cors_ref(sd_cors *c);
void sd_cors_free(sd_cors *c);

/* Whether `origin` (an Origin header's value; NULL is no header) may read answers. */
int sd_cors_allows(const sd_cors *c, const char *origin);

/* Whether any origin at all is allowed (then answers vary by Origin). */
int sd_cors_enabled(const sd_cors *c);

/* The allowed origins, space-separated, for a Content-Security-Policy source list
 * ("" when none, "*" for every site). Owned by c. */
const char *sd_cors_sources(const sd_cors *c);

/* Adds Access-Control-Allow-Origin (and Vary: Origin) to `r` when the request on
 * `conn` comes from an allowed origin, using the sd_cors in the connection's socket
 * context; does nothing when there is none. */
void sd_cors_add_headers(struct MHD_Connection *conn, struct MHD_Response *r);

/* The sd_cors of a connection (kept in its socket context, guard.h), or NULL. */
const sd_cors *sd_cors_of(struct MHD_Connection *conn);

/* Answers a preflight (OPTIONS) request: 204 with the allowed methods and headers
 * for an allowed origin, 403 {"error"} otherwise. */
enum MHD_Result sd_cors_preflight(struct MHD_Connection *conn);

#endif
