/* auth: who is asking, decided for every request before its handler runs.
 *
 * A request's credentials are an `Authorization: Bearer KEY` header (the API) or a
 * session cookie (the web pages, after signing in: page_signin.c); with neither it is
 * public. The key wins when both are sent. sd_auth_identify() sets the request's
 * scope, key name, session and client address, or answers it itself:
 *   - 401 with a JSON error and `WWW-Authenticate: Bearer` for a wrong or revoked key
 *     and for a malformed header (another scheme, no key, over SD_AUTH_KEY_MAX bytes,
 *     characters a key cannot hold); the failure is counted for the client address
 *     (throttle.h) and written to the audit log (audit.h) with the address, never the
 *     key;
 *   - 429 with Retry-After when the address has failed too often, without the key
 *     being looked at;
 *   - 403 for a request with a session that changes something (any method but GET,
 *     HEAD and OPTIONS) without the session's CSRF token, in the form field `csrf` or
 *     the header `X-CSRF-Token` (compared in constant time). SameSite=Strict already
 *     keeps the cookie off other sites' requests; the token also stops a page of a
 *     sibling subdomain, which SameSite counts as the same site.
 * A session cookie that names no live session is ignored: the request is public.
 *
 * The client address is the connection's peer, or, when the peer is one of the
 * trusted proxies, the last address of its X-Forwarded-For; from a trusted proxy,
 * X-Forwarded-Proto: https also marks the request as made over TLS, so that cookies
 * are sent with Secure (always, with secure_cookies).
 */
#ifndef SD_AUTH_H
#define SD_AUTH_H

#include <microhttpd.h>
#include <stddef.h>

#include "keys.h"
#include "request.h"
#include "session.h"
#include "tr_error.h"

#define SD_AUTH_KEY_MAX 256 /* bytes of a Bearer credential; ours are 64 */
#define SD_AUTH_SESSION_COOKIE "tracuu_session"
#define SD_AUTH_SIGNIN_COOKIE "tracuu_signin" /* the sign-in form's own CSRF token */

/* Where the key file is when --keys is not given: a missing file there means no keys. */
#ifndef TRACUU_SYSCONFDIR
#define TRACUU_SYSCONFDIR "/etc/tracuu"
#endif
#define SD_AUTH_KEYS_DEFAULT TRACUU_SYSCONFDIR "/keys"

typedef struct sd_auth_config {
    const char *keys;      /* the key file; NULL: SD_AUTH_KEYS_DEFAULT, missing means none */
    const char *trusted_proxies; /* comma-separated IP addresses; NULL: none */
    int secure_cookies;          /* cookies always carry Secure */
    unsigned session_ttl;        /* seconds; 0: SD_SESSION_TTL_DEFAULT */
} sd_auth_config;

typedef struct sd_auth sd_auth;

/* Reads the key file. NULL with the error when it is bad, or missing when named. */
sd_auth *sd_auth_new(const sd_auth_config *c, tr_error *err);
void sd_auth_free(sd_auth *a);

/* Reads the key file again (SIGHUP): the new keys replace the old ones at once, and
 * the sessions of keys no longer there end; when the file is bad nothing changes and
 * the error says why. */
int sd_auth_reload(sd_auth *a, tr_error *err);

/* Keys known now. */
size_t sd_auth_key_count(sd_auth *a);

/* What sd_auth_identify() keeps for the request; lives as long as it. */
typedef struct sd_auth_state {
    char client[64];
    char key_name[SD_KEY_NAME_MAX + 1];
    sd_session_info session;
} sd_auth_state;

/* Sets r->auth, r->client, r->scope, r->key_name and r->session from the request's
 * credentials (`st` holds what they point to). 0 when the handler may run; -1 when
 * the request has been answered (401, 403, 429; *ret is libmicrohttpd's result). */
int sd_auth_identify(sd_auth *a, sd_request *r, sd_auth_state *st, enum MHD_Result *ret);

/* Signing in with the `len` bytes of `key` (page_signin.c): 0 with a new session in
 * *out; otherwise the HTTP status to answer, 401 for a wrong key or 429 with the
 * seconds to wait in *wait. Failures are counted and audited as for a Bearer key;
 * a success is audited as "sign-in". */
unsigned sd_auth_sign_in(sd_auth *a, const sd_request *r, const char *key, size_t len,
                         sd_session_info *out, unsigned *wait);

/* Ends the request's session (audited as "sign-out"). */
void sd_auth_sign_out(sd_auth *a, const sd_request *r);

/* A Set-Cookie value for `name`=`value` (value NULL: the cookie removed) with Path
 * `path`, lasting `max_age` seconds, HttpOnly, SameSite=Strict, and Secure when the
 * request came over TLS (see above). Into `buf` (`cap` bytes; 256 suffice). */
void sd_auth_cookie_header(const sd_request *r, const char *name, const char *value,
                           const char *path, unsigned max_age, char *buf, size_t cap);

/* The value of the form field `name` of a POST body (urlencoded or multipart, read by
 * libmicrohttpd's post processor) into `out` (`cap` bytes, NUL-terminated): 1, or 0
 * when it is absent, longer than cap - 1 or the body is not a form. */
int sd_auth_form_field(const sd_request *r, const char *name, char *out, size_t cap);

/* Sends {"error": message} with `status`; a 401 carries WWW-Authenticate: Bearer, a
 * 429 Retry-After: `wait`. */
enum MHD_Result sd_auth_reply(struct MHD_Connection *conn, unsigned status, const char *message,
                              unsigned wait);

/* ---- Parsers of header values (pure; fuzz/fuzz_auth.c) ------------------------------ */

/* An Authorization header's value: 0 with *key and *len pointing at the credential of
 * "Bearer KEY" (scheme in any case, spaces around), or -1 with *problem saying what
 * is wrong (not the header's content). */
int sd_auth_parse_bearer(const char *value, const char **key, size_t *len,
                         const char **problem);

/* The value of the cookie `name` in a Cookie header ("a=1; b=2"; quotes around a
 * value removed): 1 with *value and *len pointing into `header`, or 0. The first of
 * several cookies of that name wins, as browsers send the most specific first. */
int sd_auth_parse_cookie(const char *header, const char *name, const char **value, size_t *len);

#endif
