/* page_layout: what every page shares: the head and the site's header and footer, the
 * search box, pagination, dates, Vietnamese names of values, and sending a page with
 * its headers (see pages.h). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "auth.h"
#include "pages.h"
#include "reply.h"

/* Where sd_page_send() puts who is signed in: sd_page_begin() is not given the request. */
#define ACCOUNT_MARK "<!--account-->"

static const struct {
    const char *id, *href, *label;
} nav_items[] = {
    {"search", "/", "Tìm kiếm"},
    {"tasks", "/tasks", "Nhiệm vụ KH&CN"},
    {"officials", "/officials", "Cán bộ"},
    {"decisions", "/decisions", "Văn bản"},
    {"similar", "/similar", "Kiểm tra trùng lặp"},
};

void sd_page_begin(sd_html *h, const char *title, const char *nav)
{
    sd_html_put(h,
                "<!DOCTYPE html>\n<html lang=\"vi\">\n<head>\n<meta charset=\"utf-8\">\n"
                "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n"
                "<title>%s – Tra cứu KH&amp;CN</title>\n"
                "<link rel=\"stylesheet\" href=\"/static/tracuu.css\">\n"
                "<link rel=\"icon\" type=\"image/svg+xml\" href=\"/static/favicon.svg\">\n"
                "<link rel=\"search\" type=\"application/opensearchdescription+xml\" "
                "title=\"Tra cứu KH&amp;CN\" href=\"/opensearch.xml\">\n"
                "<script src=\"/static/embed.js\" defer></script>\n"
                "<script src=\"/static/tracuu.js\" defer></script>\n"
                "</head>\n<body>\n"
                "<a class=\"skip\" href=\"#main\">Bỏ qua, đến nội dung chính</a>\n"
                "<header class=\"site\"><div class=\"wrap\">\n"
                "<a class=\"brand\" href=\"/\">tracuu <span>Tra cứu khoa học và công nghệ"
                "</span></a>\n<nav aria-label=\"Các trang\"><ul>\n",
                title);
    for (size_t i = 0; i < sizeof nav_items / sizeof *nav_items; i++) {
        int here = nav && strcmp(nav, nav_items[i].id) == 0;
        sd_html_put(h, "<li><a href=\"%s\"%r>%s</a></li>\n", nav_items[i].href,
                    here ? " aria-current=\"page\"" : "", nav_items[i].label);
    }
    sd_html_put(h, "</ul></nav>\n%r</div></header>\n<main id=\"main\" class=\"wrap\">\n",
                ACCOUNT_MARK);
}

void sd_page_end(sd_html *h)
{
    sd_html_put(h, "</main>\n<footer class=\"site\"><div class=\"wrap\">"
                   "<p>Sở Khoa học và Công nghệ · Cơ sở dữ liệu tra cứu tài liệu, nhiệm vụ "
                   "KH&amp;CN · <a href=\"/api/search\">API (JSON)</a></p>"
                   "</div></footer>\n</body>\n</html>\n");
}

void sd_page_search_box(sd_html *h, const char *q, const sd_html_param *keep, size_t nkeep)
{
    sd_html_put(h,
                "<form class=\"search\" role=\"search\" action=\"/\" method=\"get\">\n"
                "<label for=\"q\">Tìm kiếm tài liệu, tin tức, biên bản, nhiệm vụ</label>\n"
                "<div class=\"box\">\n"
                "<input id=\"q\" name=\"q\" type=\"search\" value=\"%s\" autocomplete=\"off\" "
                "spellcheck=\"false\" maxlength=\"1024\" data-suggest=\"/api/suggest\" "
                "aria-describedby=\"q-hint\" placeholder=\"khoa hoc cong nghe\">\n"
                "<button type=\"submit\">Tìm kiếm</button>\n</div>\n"
                "<p id=\"q-hint\" class=\"hint\">Gõ có dấu hoặc không dấu; "
                "dùng \"…\" để tìm cụm từ, -từ để loại trừ.</p>\n",
                q ? q : "");
    for (size_t i = 0; i < nkeep; i++)
        if (keep[i].value && *keep[i].value)
            sd_html_put(h, "<input type=\"hidden\" name=\"%s\" value=\"%s\">\n", keep[i].key,
                        keep[i].value);
    sd_html_put(h, "</form>\n");
}

static void page_link(sd_html *h, const char *path, const sd_html_param *params, size_t n,
                      long long page, const char *label, const char *rel)
{
    sd_html_param all[24];
    size_t m = n < 23 ? n : 23;
    memcpy(all, params, m * sizeof *params);
    char num[32];
    snprintf(num, sizeof num, "%lld", page);
    all[m] = (sd_html_param){"page", page > 1 ? num : NULL};
    sd_html_put(h, "<li><a href=\"");
    sd_html_href(h, path, all, m + 1);
    sd_html_put(h, "\"%r>%s</a></li>\n", rel, label);
}

void sd_page_pagination(sd_html *h, const char *path, const sd_html_param *params, size_t n,
                        long long page, long long per_page, long long total)
{
    if (per_page <= 0)
        return;
    long long last = (total + per_page - 1) / per_page;
    long long deepest = SE_RESULTS_MAX / per_page;
    if (last > deepest)
        last = deepest;
    if (last <= 1)
        return;
    sd_html_put(h, "<nav class=\"pages\" aria-label=\"Phân trang\"><ul>\n");
    if (page > 1)
        page_link(h, path, params, n, page - 1, "‹ Trang trước", " rel=\"prev\"");
    long long from = page - 3 > 1 ? page - 3 : 1;
    long long to = page + 3 < last ? page + 3 : last;
    for (long long p = from; p <= to; p++) {
        char label[64];
        snprintf(label, sizeof label, "%lld", p);
        if (p == page)
            sd_html_put(h, "<li><span aria-current=\"page\">%s</span></li>\n", label);
        else
            page_link(h, path, params, n, p, label, "");
    }
    if (page < last)
        page_link(h, path, params, n, page + 1, "Trang sau ›", " rel=\"next\"");
    sd_html_put(h, "</ul></nav>\n");
}

void sd_page_date(sd_html *h, const char *iso)
{
    if (!iso || !*iso)
        return;
    size_t n = strlen(iso);
    int digits = 1;
    for (size_t i = 0; i < n; i++)
        if (!((iso[i] >= '0' && iso[i] <= '9') || ((i == 4 || i == 7) && iso[i] == '-')))
            digits = 0;
    char shown[16];
    if (digits && n == 10)
        snprintf(shown, sizeof shown, "%.2s/%.2s/%.4s", iso + 8, iso + 5, iso);
    else if (digits && n == 7)
        snprintf(shown, sizeof shown, "%.2s/%.4s", iso + 5, iso);
    else if (digits && n == 4)
        snprintf(shown, sizeof shown, "%.4s", iso);
    else {
        sd_html_text(h, iso);
        return;
    }
    sd_html_put(h, "<time datetime=\"%s\">%s</time>", iso, shown);
}

void sd_page_period(sd_html *h, const char *label, const json_t *rec)
{
    const char *start = json_string_value(json_object_get(rec, "start"));
    const char *end = json_string_value(json_object_get(rec, "end"));
    if (!start && !end)
        return;
    sd_html_put(h, "<dt>%s</dt><dd>", label);
    sd_page_date(h, start);
    sd_html_put(h, " – ");
    sd_page_date(h, end);
    sd_html_put(h, "</dd>\n");
}

const char *sd_name_of(const sd_name_pair *t, size_t n, const char *value)
{
    for (size_t i = 0; i < n; i++)
        if (strcmp(t[i].value, value) == 0)
            return t[i].name;
    return NULL;
}

/* The name of a value shown on a page: "" for none, the value itself when unknown. */
static const char *lookup(const sd_name_pair *t, size_t n, const char *value)
{
    const char *name = value ? sd_name_of(t, n, value) : "";
    return name ? name : value;
}

#define LOOKUP(table, value) lookup(table, sizeof table / sizeof *table, value)

void sd_page_access_label(sd_html *h, const json_t *rec)
{
    if (se_view_record_restricted(rec))
        sd_html_put(h, " · <span class=\"internal\" title=\"Tài liệu nội bộ: không công "
                       "khai\">Nội bộ</span>");
}

const char *sd_page_type_name(const char *type)
{
    static const sd_name_pair t[] = {
        {"news", "Tin tức"},        {"minutes", "Biên bản"}, {"task", "Nhiệm vụ KH&CN"},
        {"legal", "Văn bản pháp luật"}, {"report", "Báo cáo"},  {"text", "Văn bản"},
    };
    return LOOKUP(t, type);
}

const char *sd_page_level_name(const char *level)
{
    static const sd_name_pair t[] = {
        {"national", "Cấp quốc gia"}, {"ministry", "Cấp bộ"},
        {"province", "Cấp tỉnh"},     {"grassroots", "Cấp cơ sở"},
    };
    return LOOKUP(t, level);
}

const char *sd_page_status_name(const char *status)
{
    static const sd_name_pair t[] = {
        {"proposed", "Đề xuất"},          {"approved", "Đã phê duyệt"},
        {"in_progress", "Đang thực hiện"}, {"accepted", "Đã nghiệm thu"},
        {"cancelled", "Đã hủy"},
    };
    return LOOKUP(t, status);
}

const char *sd_page_verdict_name(const char *verdict)
{
    static const sd_name_pair t[] = {
        {"duplicate", "Trùng lặp"}, {"related", "Có liên quan"}, {"distinct", "Khác biệt"},
    };
    return LOOKUP(t, verdict);
}

void sd_page_csrf_field(sd_html *h, const sd_request *r)
{
    if (r->session)
        sd_html_put(h, "<input type=\"hidden\" name=\"csrf\" value=\"%s\">\n",
                    r->session->csrf);
}

/* The header's corner: who is signed in and the sign-out button, or the way to sign in
 * where there are keys to sign in with. */
static void account(sd_html *h, const sd_request *r)
{
    if (r->session) {
        sd_html_put(h, "<form class=\"account\" action=\"/signout\" method=\"post\">"
                       "<span>Đã đăng nhập: <strong>%s</strong> (%s)</span>\n",
                    r->session->name,
                    r->session->scope == SD_SCOPE_ADMIN ? "quản trị" : "tra cứu nội bộ");
        sd_page_csrf_field(h, r);
        sd_html_put(h, "<button type=\"submit\">Đăng xuất</button></form>\n");
    } else if (r->auth && sd_auth_key_count(r->auth) > 0) {
        sd_html_put(h, "<a class=\"account\" href=\"/signin\">Đăng nhập (cán bộ)</a>\n");
    }
}

/* `body` with the account mark replaced; NULL when out of memory (body freed). */
static char *with_account(const sd_request *r, char *body, size_t *len)
{
    char *mark = strstr(body, ACCOUNT_MARK);
    if (!mark)
        return body;
    sd_html a = {0};
    account(&a, r);
    size_t alen = 0;
    char *text = a.len ? sd_html_take(&a, &alen) : NULL;
    if (a.failed || (a.len && !text)) {
        free(body);
        return NULL;
    }
    size_t head = (size_t)(mark - body), mlen = sizeof ACCOUNT_MARK - 1;
    size_t total = *len - mlen + alen;
    char *out = malloc(total + 1);
    if (out) {
        memcpy(out, body, head);
        memcpy(out + head, text ? text : "", alen);
        memcpy(out + head + alen, mark + mlen, *len - head - mlen + 1);
        *len = total;
    }
    free(text);
    free(body);
    return out;
}

enum MHD_Result sd_page_send_with(const sd_request *r, unsigned status, sd_html *h,
                                  const char *const *extra)
{
    size_t len;
    char *body = sd_html_take(h, &len);
    if (body)
        body = with_account(r, body, &len);
    if (!body)
        return sd_reply_error(r->conn, MHD_HTTP_SERVICE_UNAVAILABLE, "out of memory");
    const char *headers[16] = {
        "Content-Security-Policy", r->site->csp,
        "Referrer-Policy", "same-origin",
        MHD_HTTP_HEADER_CACHE_CONTROL, "no-cache",
    };
    size_t n = 6;
    for (size_t i = 0; extra && extra[i] && extra[i + 1] && n + 2 < 16; i += 2) {
        headers[n++] = extra[i];
        headers[n++] = extra[i + 1];
    }
    headers[n] = NULL;
    return sd_reply_body(r->conn, status, "text/html; charset=utf-8", body, len, headers);
}

enum MHD_Result sd_page_send(const sd_request *r, unsigned status, sd_html *h)
{
    return sd_page_send_with(r, status, h, NULL);
}

enum MHD_Result sd_page_message(const sd_request *r, unsigned status, const char *title,
                                const char *message)
{
    sd_html h = {0};
    sd_page_begin(&h, title, NULL);
    sd_html_put(&h, "<h1>%s</h1>\n<p class=\"error\" role=\"alert\">%s</p>\n"
                    "<p><a href=\"/\">Về trang tìm kiếm</a></p>\n",
                title, message);
    sd_page_end(&h);
    return sd_page_send(r, status, &h);
}

enum MHD_Result sd_page_fail(const sd_request *r, const tr_error *err)
{
    unsigned status = sd_failure_status(r, err);
    if (status == MHD_HTTP_BAD_REQUEST)
        return sd_page_message(r, status, "Yêu cầu không hợp lệ", err->message);
    if (status == MHD_HTTP_NOT_FOUND)
        return sd_page_not_found(r);
    if (err->code == TR_EUNAVAILABLE) /* a shard: the answer would be incomplete (xc.h) */
        return sd_page_message(r, status, "Tạm thời không tìm được",
                            "Một phần cơ sở dữ liệu tạm thời không truy cập được; vui lòng "
                            "thử lại sau.");
    return sd_page_message(r, status, "Lỗi máy chủ", "Máy tìm kiếm gặp lỗi; vui lòng thử lại sau.");
}

enum MHD_Result sd_page_not_found(const sd_request *r)
{
    return sd_page_message(r, MHD_HTTP_NOT_FOUND, "Không tìm thấy trang",
                        "Trang hoặc tài liệu này không có trong cơ sở dữ liệu.");
}

enum MHD_Result sd_page_named(const sd_request *r, sd_page_lookup lookup,
                              void (*render)(sd_html *h, const json_t *out))
{
    if (!*r->rest)
        return sd_page_not_found(r);
    json_t *out = NULL;
    tr_error err = {0};
    if (lookup(r->engine, sd_request_view(r), r->rest, &out, &err))
        return sd_page_fail(r, &err);
    sd_html h = {0};
    render(&h, out);
    sd_page_end(&h);
    json_decref(out);
    return sd_page_send(r, MHD_HTTP_OK, &h);
}
