/* request: a handler's view of one request (see request.h). */
#include "request.h"

#include <string.h>

const char *sd_request_arg(const sd_request *r, const char *key, size_t *len)
{
    const char *v = NULL;
    size_t n = 0;
    if (MHD_lookup_connection_value_n(r->conn, MHD_GET_ARGUMENT_KIND, key, strlen(key), &v, &n) !=
        MHD_YES)
        v = NULL;
    if (len)
        *len = v ? n : 0;
    return v;
}

se_view sd_request_view(const sd_request *r)
{
    return r->scope >= SD_SCOPE_SEARCH ? SE_VIEW_INTERNAL : SE_VIEW_PUBLIC;
}

const char *sd_request_param(void *ctx, const char *key, size_t *len)
{
    return sd_request_arg(ctx, key, len);
}
