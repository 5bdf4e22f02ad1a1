/* reply: JSON answers and errors, and how an engine error becomes one (see reply.h). */
#include "reply.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "accesslog.h"
#include "cors.h"
#include "guard.h"

enum MHD_Result sd_reply_queue(struct MHD_Connection *conn, unsigned status,
                               struct MHD_Response *r, size_t len)
{
    const union MHD_ConnectionInfo *info =
        MHD_get_connection_info(conn, MHD_CONNECTION_INFO_SOCKET_CONTEXT);
    sd_conn *c = info ? info->socket_context : NULL;
    if (c)
        c->reply_bytes = len;
    return MHD_queue_response(conn, status, r);
}

static enum MHD_Result send_buffer_with(struct MHD_Connection *conn, unsigned status,
                                        char *body, size_t len, const char *const *headers)
{
    struct MHD_Response *r =
        MHD_create_response_from_buffer(len, body, MHD_RESPMEM_MUST_FREE);
    if (!r) {
        free(body);
        return MHD_NO;
    }
    MHD_add_response_header(r, MHD_HTTP_HEADER_CONTENT_TYPE, "application/json; charset=utf-8");
    MHD_add_response_header(r, "X-Content-Type-Options", "nosniff");
    MHD_add_response_header(r, MHD_HTTP_HEADER_CACHE_CONTROL, "no-store");
    for (size_t i = 0; headers && headers[i] && headers[i + 1]; i += 2)
        MHD_add_response_header(r, headers[i], headers[i + 1]);
    sd_cors_add_headers(conn, r);
    enum MHD_Result ret = sd_reply_queue(conn, status, r, len);
    MHD_destroy_response(r);
    return ret;
}

static enum MHD_Result send_buffer(struct MHD_Connection *conn, unsigned status, char *body,
                                   size_t len)
{
    return send_buffer_with(conn, status, body, len, NULL);
}

enum MHD_Result sd_reply_busy(struct MHD_Connection *conn, const char *message)
{
    static const char *const retry[] = {MHD_HTTP_HEADER_RETRY_AFTER, "1", NULL};
    return sd_reply_error_with(conn, MHD_HTTP_SERVICE_UNAVAILABLE, message, retry);
}

enum MHD_Result sd_reply_body(struct MHD_Connection *conn, unsigned status,
                              const char *content_type, char *body, size_t len,
                              const char *const *headers)
{
    struct MHD_Response *r = MHD_create_response_from_buffer(len, body, MHD_RESPMEM_MUST_FREE);
    if (!r) {
        free(body);
        return MHD_NO;
    }
    MHD_add_response_header(r, MHD_HTTP_HEADER_CONTENT_TYPE, content_type);
    MHD_add_response_header(r, "X-Content-Type-Options", "nosniff");
    int cached = 0;
    for (size_t i = 0; headers && headers[i] && headers[i + 1]; i += 2) {
        MHD_add_response_header(r, headers[i], headers[i + 1]);
        cached |= strcasecmp(headers[i], MHD_HTTP_HEADER_CACHE_CONTROL) == 0;
    }
    if (!cached)
        MHD_add_response_header(r, MHD_HTTP_HEADER_CACHE_CONTROL, "no-store");
    sd_cors_add_headers(conn, r);
    enum MHD_Result ret = sd_reply_queue(conn, status, r, len);
    MHD_destroy_response(r);
    return ret;
}

enum MHD_Result sd_reply_json(struct MHD_Connection *conn, unsigned status, const json_t *doc)
{
    char *body = json_dumps(doc, SD_JSON_FLAGS);
    if (!body)
        return sd_reply_error(conn, MHD_HTTP_INTERNAL_SERVER_ERROR, "out of memory");
    return send_buffer(conn, status, body, strlen(body));
}

enum MHD_Result sd_reply_error(struct MHD_Connection *conn, unsigned status, const char *message)
{
    return sd_reply_error_with(conn, status, message, NULL);
}

enum MHD_Result sd_reply_error_with(struct MHD_Connection *conn, unsigned status,
                                    const char *message, const char *const *headers)
{
    json_t *doc = json_pack("{s:s}", "error", message);
    char *body = doc ? json_dumps(doc, SD_JSON_FLAGS) : NULL;
    json_decref(doc);
    if (!body) {
        /* Even out of memory, the client gets a status and a valid body. */
        static const char oom[] = "{\"error\":\"out of memory\"}";
        struct MHD_Response *r =
            MHD_create_response_from_buffer(sizeof oom - 1, (void *)oom, MHD_RESPMEM_PERSISTENT);
        if (!r)
            return MHD_NO;
        enum MHD_Result ret = sd_reply_queue(conn, status, r, sizeof oom - 1);
        MHD_destroy_response(r);
        return ret;
    }
    return send_buffer_with(conn, status, body, strlen(body), headers);
}

/* ---- Engine errors ------------------------------------------------------------- */

unsigned sd_status_for(const tr_error *err)
{
    switch (err->code) {
    case TR_EINVAL:
    case TR_ELIMIT: return MHD_HTTP_BAD_REQUEST;
    case TR_ENOTFOUND: return MHD_HTTP_NOT_FOUND;
    case TR_EUNAVAILABLE:
    case TR_EMODIFIED: /* the engine read again, and again the writer was faster */
    case TR_ENOMEM: return MHD_HTTP_SERVICE_UNAVAILABLE;
    default: return MHD_HTTP_INTERNAL_SERVER_ERROR;
    }
}

unsigned sd_failure_status(const sd_request *r, const tr_error *err)
{
    unsigned status = sd_status_for(err);
    if (status >= 500 && !r->quiet)
        sd_log_event("%s %s: %s", r->url, tr_error_name(err->code), err->message);
    return status;
}

/* A remote shard that is down or too slow (xc.h: "shard HOST:PORT unavailable: ...").
 * Xapian 1.4 cannot search the other shards alone with correct statistics, so the
 * answer is a clear 503 rather than results silently missing a part of the index.
 * The client learns which shard; Xapian's words stay in the log. */
static enum MHD_Result reply_unavailable(struct MHD_Connection *conn, const tr_error *err)
{
    const char *end = strstr(err->message, " unavailable");
    int n = end ? (int)(end - err->message) : (int)strlen(err->message);
    char msg[sizeof err->message + 64];
    snprintf(msg, sizeof msg, "%.*s unavailable; no complete answer can be given, try again",
             n, err->message);
    json_t *out = json_pack("{s:s, s:b}", "error", msg, "partial", 0);
    if (!out)
        return sd_reply_error(conn, MHD_HTTP_SERVICE_UNAVAILABLE, msg);
    enum MHD_Result ret = sd_reply_json(conn, MHD_HTTP_SERVICE_UNAVAILABLE, out);
    json_decref(out);
    return ret;
}

enum MHD_Result sd_reply_failure(const sd_request *r, const tr_error *err)
{
    unsigned status = sd_failure_status(r, err);
    if (err->code == TR_EUNAVAILABLE)
        return reply_unavailable(r->conn, err);
    return sd_reply_error(r->conn, status,
                          status >= 500 ? "the search engine failed; see its log" : err->message);
}
