/* audit: the audit log, one line on standard error per change made through the
 * API (a write, a delete, an upload): who, from where, what.
 *
 * "AUDIT 2026-12-06T08:45:00Z write key=NAME client=ADDR subject=ID", in UTC;
 * NAME is the request's key name or "-", ADDR its client address or "-". The
 * subject (a document id, a file name) is the client's text: bytes outside
 * printable ASCII, spaces and backslashes are written as \xHH, so that no line can
 * be forged or broken by it. Written with one write() per line, so that lines from
 * several threads do not mix. docs/security.md says where to keep it.
 */
#ifndef SD_AUDIT_H
#define SD_AUDIT_H

#include "request.h"

/* Writes one line for `action` ("write", "delete", "upload") on `subject` (may be
 * NULL: "-"), whatever r->quiet says: an audit log is not an access log. */
void sd_audit(const sd_request *r, const char *action, const char *subject);

#endif
