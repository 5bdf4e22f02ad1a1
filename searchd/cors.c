/* cors: the origin allow-list (see cors.h). */
#include "cors.h"

#include <stdatomic.h>
#include <stdlib.h>
#include <string.h>

#include "guard.h"
#include "reply.h"

#define CORS_MAX_ORIGINS 64

struct sd_cors {
    char **origins;
    size_t n;
    int any;
    char *sources;    /* the origins joined by spaces */
    atomic_uint refs; /* holders less one */
};

sd_cors *sd_cors_ref(sd_cors *c)
{
    if (c)
        atomic_fetch_add(&c->refs, 1);
    return c;
}

void sd_cors_free(sd_cors *c)
{
    if (!c || atomic_fetch_sub(&c->refs, 1) > 0)
        return;
    for (size_t i = 0; i < c->n; i++)
        free(c->origins[i]);
    free(c->origins);
    free(c->sources);
    free(c);
}

/* scheme://host[:port]: what browsers send in Origin. */
static int valid_origin(const char *s, size_t n)
{
    size_t skip;
    if (n > 7 && strncmp(s, "http://", 7) == 0)
        skip = 7;
    else if (n > 8 && strncmp(s, "https://", 8) == 0)
        skip = 8;
    else
        return 0;
    int colon = 0;
    for (size_t i = skip; i < n; i++) {
        char ch = s[i];
        if (ch == ':' && !colon && i > skip && i + 1 < n) {
            colon = 1;
            continue;
        }
        int ok = colon ? (ch >= '0' && ch <= '9')
                       : ((ch >= 'a' && ch <= 'z') || (ch >= 'A' && ch <= 'Z') ||
                          (ch >= '0' && ch <= '9') || ch == '-' || ch == '.');
        if (!ok)
            return 0;
    }
    return 1;
}

sd_cors *sd_cors_new(const char *list, tr_error *err)
{
    sd_cors *c = calloc(1, sizeof *c);
    if (c)
        c->origins = calloc(CORS_MAX_ORIGINS, sizeof *c->origins);
    if (!c || !c->origins)
        goto oom;
    size_t total = 1;
    const char *p = list ? list : "";
    while (*p) {
        const char *end = strchr(p, ',');
        size_t n = end ? (size_t)(end - p) : strlen(p);
        while (n && (*p == ' ' || *p == '\t'))
            p++, n--;
        while (n && (p[n - 1] == ' ' || p[n - 1] == '\t'))
            n--;
        if (n == 1 && *p == '*') {
            c->any = 1;
        } else if (!valid_origin(p, n)) {
            tr_error_set(err, TR_EINVAL,
                         "--cors: entry %zu is not an origin (\"*\" or scheme://host[:port], "
                         "http or https, no path)",
                         c->n + (size_t)c->any + 1);
            sd_cors_free(c);
            return NULL;
        } else if (c->n == CORS_MAX_ORIGINS) {
            tr_error_set(err, TR_ELIMIT, "--cors: at most %d origins", CORS_MAX_ORIGINS);
            sd_cors_free(c);
            return NULL;
        } else {
            c->origins[c->n] = strndup(p, n);
            if (!c->origins[c->n])
                goto oom;
            c->n++;
            total += n + 1;
        }
        p = end ? end + 1 : p + n;
    }
    c->sources = malloc(total + 2);
    if (!c->sources)
        goto oom;
    c->sources[0] = '\0';
    if (c->any) {
        strcpy(c->sources, "*");
    } else {
        for (size_t i = 0; i < c->n; i++) {
            if (i)
                strcat(c->sources, " ");
            strcat(c->sources, c->origins[i]);
        }
    }
    return c;
oom:
    sd_cors_free(c);
    tr_error_set(err, TR_ENOMEM, "out of memory");
    return NULL;
}

int sd_cors_allows(const sd_cors *c, const char *origin)
{
    if (!c || !origin || !*origin)
        return 0;
    if (c->any)
        return 1;
    for (size_t i = 0; i < c->n; i++)
        if (strcmp(c->origins[i], origin) == 0)
            return 1;
    return 0;
}

int sd_cors_enabled(const sd_cors *c)
{
    return c && (c->any || c->n > 0);
}

const char *sd_cors_sources(const sd_cors *c)
{
    return c && c->sources ? c->sources : "";
}

const sd_cors *sd_cors_of(struct MHD_Connection *conn)
{
    const union MHD_ConnectionInfo *info =
        MHD_get_connection_info(conn, MHD_CONNECTION_INFO_SOCKET_CONTEXT);
    const sd_conn *c = info ? info->socket_context : NULL;
    return c ? c->cors : NULL;
}

static const char *origin_of(struct MHD_Connection *conn)
{
    return MHD_lookup_connection_value(conn, MHD_HEADER_KIND, MHD_HTTP_HEADER_ORIGIN);
}

void sd_cors_add_headers(struct MHD_Connection *conn, struct MHD_Response *r)
{
    const sd_cors *c = sd_cors_of(conn);
    if (!sd_cors_enabled(c))
        return;
    const char *origin = origin_of(conn);
    /* Caches must not give one site's answer to another. */
    MHD_add_response_header(r, MHD_HTTP_HEADER_VARY, "Origin");
    if (sd_cors_allows(c, origin))
        MHD_add_response_header(r, MHD_HTTP_HEADER_ACCESS_CONTROL_ALLOW_ORIGIN, origin);
}

enum MHD_Result sd_cors_preflight(struct MHD_Connection *conn)
{
    const sd_cors *c = sd_cors_of(conn);
    const char *origin = origin_of(conn);
    if (!sd_cors_allows(c, origin))
        return sd_reply_error(conn, MHD_HTTP_FORBIDDEN, "this origin may not call the API");
    struct MHD_Response *r = MHD_create_response_from_buffer(0, (void *)"", MHD_RESPMEM_PERSISTENT);
    if (!r)
        return MHD_NO;
    sd_cors_add_headers(conn, r);
    MHD_add_response_header(r, "Access-Control-Allow-Methods", "GET, POST, OPTIONS");
    MHD_add_response_header(r, "Access-Control-Allow-Headers", "Content-Type");
    MHD_add_response_header(r, "Access-Control-Max-Age", "600");
    enum MHD_Result ret = sd_reply_queue(conn, MHD_HTTP_NO_CONTENT, r, 0);
    MHD_destroy_response(r);
    return ret;
}
