/* request: a handler's view of one request (see request.h). */
#include "request.h"

#include <string.h>
#include <strings.h>

#include "audit.h"
#include "auth.h"
#include "pages.h"

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

int sd_request_require(const sd_request *r, sd_scope need, enum MHD_Result *ret)
{
    if (r->scope >= need)
        return 0;
    int api = strncmp(r->url, "/api/", 5) == 0;
    if (r->scope == SD_SCOPE_PUBLIC) {
        *ret = api ? sd_auth_reply(r->conn, MHD_HTTP_UNAUTHORIZED,
                                   "this needs a key: send \"Authorization: Bearer KEY\"", 0)
                   : sd_page_message(r, MHD_HTTP_UNAUTHORIZED, "Cần đăng nhập",
                                     "Trang này chỉ dành cho cán bộ đã đăng nhập.");
        return -1;
    }
    sd_audit(r, "forbidden", r->url);
    *ret = api ? sd_auth_reply(r->conn, MHD_HTTP_FORBIDDEN,
                               need == SD_SCOPE_ADMIN ? "this key may search but not write: "
                                                        "this needs a key of scope admin"
                                                      : "this key's scope is too small",
                               0)
               : sd_page_message(r, MHD_HTTP_FORBIDDEN, "Không có quyền",
                                 "Khóa đã dùng để đăng nhập không có quyền làm việc này.");
    return -1;
}

/* A form (multipart/form-data, with a proposal file or not: proposal.h) or JSON. */
int sd_is_form(struct MHD_Connection *conn)
{
    const char *ct = MHD_lookup_connection_value(conn, MHD_HEADER_KIND,
                                                 MHD_HTTP_HEADER_CONTENT_TYPE);
    return ct && (strncasecmp(ct, MHD_HTTP_POST_ENCODING_MULTIPART_FORMDATA,
                              strlen(MHD_HTTP_POST_ENCODING_MULTIPART_FORMDATA)) == 0 ||
                  strncasecmp(ct, MHD_HTTP_POST_ENCODING_FORM_URLENCODED,
                              strlen(MHD_HTTP_POST_ENCODING_FORM_URLENCODED)) == 0);
}

int sd_request_is_form(const sd_request *r)
{
    if (!sd_is_form(r->conn))
        return 0;
    /* curl -d sends JSON as application/x-www-form-urlencoded unless told otherwise, as
     * the README's own example does: a body that opens like JSON is JSON. */
    const char *ct = MHD_lookup_connection_value(r->conn, MHD_HEADER_KIND,
                                                 MHD_HTTP_HEADER_CONTENT_TYPE);
    if (strncasecmp(ct, MHD_HTTP_POST_ENCODING_FORM_URLENCODED,
                    strlen(MHD_HTTP_POST_ENCODING_FORM_URLENCODED)) != 0)
        return 1;
    size_t i = 0;
    while (r->body && i < r->body_len && strchr(" \t\r\n", r->body[i]))
        i++;
    return !(r->body && i < r->body_len && (r->body[i] == '{' || r->body[i] == '['));
}
