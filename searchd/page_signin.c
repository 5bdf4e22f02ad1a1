/* page_signin: staff sign-in with a key, and sign-out (pages.h, auth.h).
 *
 * GET /signin shows a form for the key. The form carries a token of its own, also set
 * in a cookie for /signin alone (SameSite=Strict): a POST whose field and cookie
 * differ did not come from this form, so another site cannot sign a browser into a
 * session of its choosing (login CSRF). A good key makes a session (session.h) whose
 * id goes into the session cookie, and the browser is sent to the search page; a bad
 * one is counted against the client's address like a bad Bearer key (throttle.h).
 * POST /signout ends the session; auth.c has already checked its CSRF token.
 */
#include <stdio.h>
#include <string.h>
#include <time.h>

#include "auth.h"
#include "pages.h"

#define SIGNIN_FORM_TTL 1800 /* seconds the sign-in form may stay open */

static void render_form(sd_html *h, const char *token, const char *problem)
{
    sd_html_put(h, "<h1>Đăng nhập cho cán bộ</h1>\n"
                   "<p class=\"lead\">Cán bộ có khóa truy cập đăng nhập để tra cứu cả tài liệu "
                   "nội bộ.</p>\n");
    if (problem)
        sd_html_put(h, "<p class=\"error\" role=\"alert\">%s</p>\n", problem);
    sd_html_put(h,
                "<form class=\"signin\" action=\"/signin\" method=\"post\">\n"
                "<div class=\"field\"><label for=\"key\">Khóa truy cập</label>\n"
                "<input id=\"key\" name=\"key\" type=\"password\" autocomplete=\"off\" "
                "maxlength=\"256\" required></div>\n"
                "<input type=\"hidden\" name=\"csrf\" value=\"%s\">\n"
                "<p><button type=\"submit\">Đăng nhập</button></p>\n</form>\n",
                token);
}

/* The form with a fresh token (and its cookie), `problem` above it when not NULL. */
static enum MHD_Result send_form(const sd_request *r, unsigned status, const char *problem,
                                 const char *retry_after)
{
    char token[SD_SESSION_ID_LEN + 1], cookie[256];
    sd_token_new(token);
    sd_auth_cookie_header(r, SD_AUTH_SIGNIN_COOKIE, token, "/signin", SIGNIN_FORM_TTL, cookie,
                          sizeof cookie);
    sd_html h = {0};
    sd_page_begin(&h, "Đăng nhập", NULL);
    render_form(&h, token, problem);
    sd_page_end(&h);
    const char *headers[] = {MHD_HTTP_HEADER_SET_COOKIE, cookie,
                             retry_after ? MHD_HTTP_HEADER_RETRY_AFTER : NULL, retry_after,
                             NULL};
    return sd_page_send_with(r, status, &h, headers);
}

/* A 303 to the search page with the cookies given. */
static enum MHD_Result see_search(const sd_request *r, const char *title, const char *const *cookies)
{
    sd_html h = {0};
    sd_page_begin(&h, title, NULL);
    sd_html_put(&h, "<h1>%s</h1>\n<p><a href=\"/\">Tiếp tục đến trang tìm kiếm</a></p>\n",
                title);
    sd_page_end(&h);
    const char *headers[] = {MHD_HTTP_HEADER_LOCATION, "/", MHD_HTTP_HEADER_SET_COOKIE, cookies[0],
                             MHD_HTTP_HEADER_SET_COOKIE, cookies[1], NULL};
    return sd_page_send_with(r, MHD_HTTP_SEE_OTHER, &h, headers);
}

/* Whether the posted form's token is the one its cookie holds. */
static int form_token_ok(const sd_request *r)
{
    char field[SD_SESSION_ID_LEN + 2], token[SD_SESSION_ID_LEN + 1];
    const char *cookies = MHD_lookup_connection_value(r->conn, MHD_HEADER_KIND,
                                                      MHD_HTTP_HEADER_COOKIE),
               *v;
    size_t len;
    if (!cookies || !sd_auth_parse_cookie(cookies, SD_AUTH_SIGNIN_COOKIE, &v, &len) ||
        len != SD_SESSION_ID_LEN || !sd_auth_form_field(r, "csrf", field, sizeof field))
        return 0;
    memcpy(token, v, len);
    token[len] = '\0';
    return sd_token_equal(field, token);
}

static enum MHD_Result sign_in(const sd_request *r)
{
    if (!r->auth)
        return sd_page_message(r, MHD_HTTP_NOT_FOUND, "Không có đăng nhập",
                               "Máy chủ này không có khóa nào để đăng nhập.");
    if (!form_token_ok(r))
        return send_form(r, MHD_HTTP_FORBIDDEN,
                         "Biểu mẫu đã hết hạn hoặc không được gửi từ trang này; hãy nhập lại "
                         "khóa.",
                         NULL);
    char key[SD_AUTH_KEY_MAX + 2];
    if (!sd_auth_form_field(r, "key", key, sizeof key))
        key[0] = '\0';
    sd_session_info s;
    unsigned wait = 0;
    unsigned status = sd_auth_sign_in(r->auth, r, key, strlen(key), &s, &wait);
    memset(key, 0, sizeof key);
    if (status == MHD_HTTP_TOO_MANY_REQUESTS) {
        char retry[16];
        snprintf(retry, sizeof retry, "%u", wait);
        return send_form(r, status,
                         "Đã nhập sai quá nhiều lần từ địa chỉ này; hãy thử lại sau ít phút.",
                         retry);
    }
    if (status == MHD_HTTP_UNAUTHORIZED)
        return send_form(r, status, "Khóa không đúng hoặc đã bị thu hồi.", NULL);
    if (status)
        return sd_page_message(r, status, "Lỗi máy chủ", "Không đăng nhập được; hãy thử lại.");
    char session[256], done[256];
    sd_auth_cookie_header(r, SD_AUTH_SESSION_COOKIE, s.id, "/", (unsigned)(s.expires - time(NULL)),
                          session, sizeof session);
    sd_auth_cookie_header(r, SD_AUTH_SIGNIN_COOKIE, NULL, "/signin", 0, done, sizeof done);
    const char *cookies[] = {session, done};
    return see_search(r, "Đã đăng nhập", cookies);
}

enum MHD_Result sd_page_signin(const sd_request *r)
{
    if (strcmp(r->method, "POST") == 0)
        return sign_in(r);
    if (r->session)
        return sd_page_message(r, MHD_HTTP_OK, "Đã đăng nhập",
                               "Bạn đã đăng nhập; nút Đăng xuất ở đầu trang.");
    if (!r->auth || sd_auth_key_count(r->auth) == 0)
        return sd_page_message(r, MHD_HTTP_NOT_FOUND, "Không có đăng nhập",
                               "Máy chủ này chỉ phục vụ tài liệu công khai; không có khóa nào "
                               "để đăng nhập.");
    return send_form(r, MHD_HTTP_OK, NULL, NULL);
}

enum MHD_Result sd_page_signout(const sd_request *r)
{
    sd_auth_sign_out(r->auth, r);
    char gone[256], form[256];
    sd_auth_cookie_header(r, SD_AUTH_SESSION_COOKIE, NULL, "/", 0, gone, sizeof gone);
    sd_auth_cookie_header(r, SD_AUTH_SIGNIN_COOKIE, NULL, "/signin", 0, form, sizeof form);
    const char *cookies[] = {gone, form};
    return see_search(r, "Đã đăng xuất", cookies);
}
