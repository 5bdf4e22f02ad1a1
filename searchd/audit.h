/* audit: the record of who signed in, who failed to, and who changed the index.
 *
 * One line per event, as a JSON object, so that every value is escaped whatever it
 * holds:
 *
 *     {"time":"2026-12-06T08:45:00Z","action":"sign-in","key":"editors",
 *      "client":"192.0.2.7","subject":null}
 *
 * `action` is "sign-in", "sign-out", "auth-failed", "forbidden", "write", "delete",
 * "upload", ...; `key` the name of the request's key or session ("-" without one);
 * `client` the request's client address (auth.h); `subject` a document id or a file
 * name, or null. A key itself is never written. The lines go to the file given to
 * sd_audit_open (appended; sd_audit_reopen opens it again after log rotation), or,
 * without one, to standard error after "tracuu-searchd: audit: " unless the request
 * is quiet. Lines are written whole, one thread at a time.
 */
#ifndef SD_AUDIT_H
#define SD_AUDIT_H

#include "request.h"
#include "tr_error.h"

/* Writes one line for `r` (may be NULL: no key, no address). */
void sd_audit(const sd_request *r, const char *action, const char *subject);

/* Sends the lines to `path` (appended, created 0600) from now on. TR_EIO when it
 * cannot be opened; the lines then still go where they went. */
int sd_audit_open(const char *path, tr_error *err);

/* Opens the same file again (after it was moved away by log rotation). */
int sd_audit_reopen(tr_error *err);

/* Closes the file; the lines go to standard error again. */
void sd_audit_close(void);

#endif
