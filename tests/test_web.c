/* The web pages of tracuu-searchd (pages.h), black-box over HTTP, and the escaping page
 * builder (html.h) in-process: what comes from documents and queries is escaped, every
 * page carries the Content-Security-Policy and no inline script, CORS answers only the
 * listed origins, /opensearch.xml is valid, static files are served and nothing outside
 * web/static is, and the pages list what the API answers. The browser test
 * (tests/browser/) checks the same pages in Chromium. */
#include <jansson.h>
#include <libxml/parser.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <unistd.h>

#include <cmocka.h>

#include "html.h"
#include "support.h"

#define XSS_SCRIPT "<script>alert(1)</script>"
#define XSS_ATTR "\"><img src=x onerror=alert(2)>"

static const char fixture[] =
    /* x1: markup in the title and body, which every page must show as text. */
    "{\"id\":\"x1\",\"type\":\"news\",\"date\":\"2023-05-01\",\"source\":\"test <b>nguồn</b>\","
    "\"title\":\"Tiêu đề <script>alert(1)</script> \\\"><img src=x onerror=alert(2)>\","
    "\"body\":\"Khoa học công nghệ <b>đậm</b> & \\\"trích dẫn\\\" về nông nghiệp.\"}\n"
    /* n1..n5: five news items on one topic, for pagination and the type facet. */
    "{\"id\":\"n1\",\"type\":\"news\",\"date\":\"2023-04-13\",\"title\":\"Sở Khoa học và Công "
    "nghệ làm việc với huyện Nam Giang\",\"body\":\"Ngày 13/4/2023, ông Trần Văn Hòa – Giám đốc "
    "Sở Khoa học và Công nghệ làm việc về khoa học công nghệ theo Quyết định số "
    "1234/QĐ-UBND.\"}\n"
    "{\"id\":\"n2\",\"type\":\"news\",\"date\":\"2022-08-02\",\"title\":\"Khoa học công nghệ "
    "trong nuôi tôm\",\"body\":\"Ứng dụng khoa học công nghệ trong nuôi tôm thẻ chân trắng.\"}\n"
    "{\"id\":\"n3\",\"type\":\"news\",\"date\":\"2021-03-02\",\"title\":\"Khoa học công nghệ "
    "cho nông thôn\",\"body\":\"Chuyển giao khoa học công nghệ cho nông dân miền núi.\"}\n"
    "{\"id\":\"n4\",\"type\":\"news\",\"date\":\"2020-06-12\",\"title\":\"Hội thảo khoa học "
    "công nghệ\",\"body\":\"Hội thảo về khoa học công nghệ và đổi mới sáng tạo.\"}\n"
    /* t1, t2: tasks, for the duplicate check and the type facet. */
    "{\"id\":\"t1\",\"type\":\"task\",\"date\":\"2020-03-01\",\"title\":\"Nghiên cứu chọn tạo "
    "giống lúa chịu hạn cho vùng trung du\",\"level\":\"province\",\"status\":\"accepted\","
    "\"code\":\"ĐT.01\",\"body\":\"Mục tiêu: chọn tạo giống lúa chịu hạn bằng khoa học công "
    "nghệ sinh học, năng suất 6,5 tấn/ha cho vùng trung du, thử nghiệm trên 20 ha tại ba "
    "huyện miền núi trong hai vụ liên tiếp.\"}\n"
    "{\"id\":\"t2\",\"type\":\"task\",\"date\":\"2021-03-01\",\"title\":\"Ứng dụng khoa học "
    "công nghệ nuôi cá lồng\",\"level\":\"province\",\"status\":\"in_progress\","
    "\"body\":\"Xây dựng mô hình nuôi cá lồng trên hồ thủy điện bằng khoa học công nghệ.\"}\n";

#define ALLOWED "https://sokhcn.example.vn"
#define PORT (ts_group_site.daemon.port)

/* ---- A client that keeps the headers ------------------------------------------ */

typedef struct reply {
    int status;
    char *head; /* status line and headers */
    char *body;
} reply;

static void reply_free(reply *r)
{
    free(r->head);
    free(r->body);
}

/* One request; `headers` are extra lines ending in \r\n (may be NULL). */
static reply request(const char *method, const char *target, const char *headers,
                     const char *body)
{
    reply r = {-1, NULL, NULL};
    int fd = ts_connect(PORT);
    assert_true(fd >= 0);
    size_t blen = body ? strlen(body) : 0;
    char *head = NULL;
    size_t hlen = 0;
    FILE *f = open_memstream(&head, &hlen);
    fprintf(f, "%s %s HTTP/1.1\r\nHost: 127.0.0.1:%u\r\nConnection: close\r\n%s", method,
            target, PORT, headers ? headers : "");
    if (body)
        fprintf(f, "Content-Length: %zu\r\n", blen);
    fputs("\r\n", f);
    fclose(f);
    assert_int_equal(write(fd, head, hlen), (ssize_t)hlen);
    free(head);
    if (blen)
        assert_int_equal(write(fd, body, blen), (ssize_t)blen);
    char *all = ts_read_all(fd);
    close(fd);
    char *rest;
    r.status = ts_http_parse(all, &rest);
    assert_non_null(rest);
    r.head = all;
    r.body = strdup(rest);
    return r;
}

static reply get(const char *target, int status)
{
    reply r = request("GET", target, NULL, NULL);
    if (r.status != status)
        fail_msg("GET %.80s: status %d, expected %d", target, r.status, status);
    return r;
}

/* A header's value (case-insensitive name) in a static buffer, or NULL. */
static const char *header(const reply *r, const char *name)
{
    static char value[1024];
    size_t n = strlen(name);
    for (const char *p = strstr(r->head, "\r\n"); p; p = strstr(p + 2, "\r\n")) {
        if (strncasecmp(p + 2, name, n) == 0 && p[2 + n] == ':') {
            const char *v = p + 3 + n;
            while (*v == ' ')
                v++;
            size_t m = strcspn(v, "\r\n");
            snprintf(value, sizeof value, "%.*s", (int)m, v);
            return value;
        }
    }
    return NULL;
}

static void assert_contains(const char *hay, const char *needle)
{
    if (!strstr(hay, needle))
        fail_msg("expected to find %s", needle);
}

static void assert_lacks(const char *hay, const char *needle)
{
    if (strstr(hay, needle))
        fail_msg("did not expect %s", needle);
}

/* Where `html` has a <script> element without src, or an element with an event
 * handler attribute (on...=); NULL when nowhere. Read tag by tag, as a browser would,
 * so that escaped text ("&lt;img onerror=") does not count and a real attribute does. */
static const char *inline_script(const char *html)
{
    for (const char *p = strchr(html, '<'); p; p = strchr(p, '<')) {
        const char *tag = p++;
        if (!((*p >= 'a' && *p <= 'z') || (*p >= 'A' && *p <= 'Z')))
            continue;
        size_t n = strcspn(p, " \t\n/>");
        int script = n == 6 && strncasecmp(p, "script", 6) == 0, has_src = 0;
        p += n;
        while (*p && *p != '>') {
            while (*p == ' ' || *p == '\t' || *p == '\n' || *p == '/')
                p++;
            size_t an = strcspn(p, " \t\n=>");
            if (an >= 2 && strncasecmp(p, "on", 2) == 0)
                return tag;
            has_src |= an == 3 && strncasecmp(p, "src", 3) == 0;
            p += an;
            if (*p == '=') {
                p++;
                char q = *p == '"' || *p == '\'' ? *p++ : 0;
                p += q ? strcspn(p, q == '"' ? "\"" : "'") : strcspn(p, " \t\n>");
                if (q && *p)
                    p++;
            }
        }
        if (script && !has_src)
            return tag;
    }
    return NULL;
}

static void assert_no_inline_script(const char *html, const char *what)
{
    const char *at = inline_script(html);
    if (at)
        fail_msg("%s: inline script: %.60s", what, at);
}

#define FORM "Content-Type: application/x-www-form-urlencoded\r\n"

/* A page, its status, and what its body must hold and must not (NULL-ended lists); it
 * is POSTed as a form when `form` is not NULL. No page may have an inline script. */
typedef struct page_check {
    const char *target;
    int status;
    const char *has[7];
    const char *lacks[3];
    const char *form;
} page_check;

static void check_pages(const page_check *rows, size_t n)
{
    for (size_t i = 0; i < n; i++) {
        const page_check *c = &rows[i];
        const char *method = c->form ? "POST" : "GET";
        reply r = request(method, c->target, c->form ? FORM : NULL, c->form);
        if (r.status != c->status)
            fail_msg("%s %.80s: status %d, expected %d", method, c->target, r.status, c->status);
        for (size_t j = 0; j < sizeof c->has / sizeof *c->has && c->has[j]; j++)
            if (!strstr(r.body, c->has[j]))
                fail_msg("%s %.80s: expected to find %s", method, c->target, c->has[j]);
        for (size_t j = 0; j < sizeof c->lacks / sizeof *c->lacks && c->lacks[j]; j++)
            if (strstr(r.body, c->lacks[j]))
                fail_msg("%s %.80s: did not expect %s", method, c->target, c->lacks[j]);
        assert_no_inline_script(r.body, c->target);
        reply_free(&r);
    }
}

TS_TEST(test_inline_script_check)
{
    static const struct {
        const char *html;
        int bad;
    } rows[] = {
        {"<p>&lt;img src=x onerror=alert(1)&gt;</p>", 0},
        {"<script src=\"/static/a.js\" defer></script><a href=\"x\" title='on=1'>on</a>", 0},
        {"<img src=x onerror=alert(1)>", 1},
        {"<div class=\"a\" ONCLICK=\"x()\">", 1},
        {"<svg/onload=alert(1)>", 1},
        {"<script>alert(1)</script>", 1},
        {"<SCRIPT type=\"module\">x</SCRIPT>", 1},
    };
    for (size_t i = 0; i < sizeof rows / sizeof *rows; i++)
        if ((inline_script(rows[i].html) != NULL) != rows[i].bad)
            fail_msg("row %zu: %s", i, rows[i].html);
}

/* ---- The escaping page builder ---------------------------------------------------- */

TS_TEST(test_html_escapes)
{
    static const struct {
        const char *tpl, *arg, *expected;
    } rows[] = {
        {"<p>%s</p>", XSS_SCRIPT, "<p>&lt;script&gt;alert(1)&lt;/script&gt;</p>"},
        {"<a title=\"%s\">", XSS_ATTR, "<a title=\"&quot;&gt;&lt;img src=x onerror=alert(2)&gt;\">"},
        {"%s", "a & b ' c", "a &amp; b &#39; c"},
        {"/?q=%u", "khoa học&x=1 #", "/?q=khoa%20h%E1%BB%8Dc%26x%3D1%20%23"},
        {"%u", "a-b_c.d~e", "a-b_c.d~e"},
        {"%m", "x <mark>khoa</mark> &amp; y", "x <mark>khoa</mark> &amp; y"},
        /* Markup other than marks is escaped again, even inside a mark. */
        {"%m", "<mark><script>x</script></mark>", "<mark>&lt;script&gt;x&lt;/script&gt;</mark>"},
        {"%m", "a <b onclick=\"x\"> & c", "a &lt;b onclick=&quot;x&quot;&gt; &amp; c"},
        /* Marks stay balanced: an unopened close is dropped, an open one is closed. */
        {"%m", "</mark>a <mark>b", "a <mark>b</mark>"},
        {"%m", "<mark><mark>a</mark></mark>", "<mark>a</mark>"},
        {"%r|%%", "<br>", "<br>|%"},
        {"[%s]", NULL, "[]"},
    };
    for (size_t i = 0; i < sizeof rows / sizeof *rows; i++) {
        sd_html h = {0};
        sd_html_put(&h, rows[i].tpl, rows[i].arg);
        size_t len;
        char *out = sd_html_take(&h, &len);
        assert_non_null(out);
        if (strcmp(out, rows[i].expected) != 0)
            fail_msg("row %zu (%s): got %s, expected %s", i, rows[i].tpl, out, rows[i].expected);
        assert_int_equal(len, strlen(out));
        free(out);
    }
    sd_html h = {0};
    sd_html_put(&h, "%d %I %f", -3, 12345678901LL, 0.5);
    sd_html_param p[] = {{"q", "a b"}, {"type", NULL}, {"page", "2"}};
    sd_html_href(&h, " /x", p, 3);
    char *out = sd_html_take(&h, NULL);
    assert_string_equal(out, "-3 12345678901 0.50 /x?q=a%20b&amp;page=2");
    free(out);
    sd_html_free(&h); /* empty: nothing to free */
}

/* ---- Pages ------------------------------------------------------------------------ */

TS_TEST(test_query_is_escaped)
{
    const char *queries[] = {XSS_SCRIPT, XSS_ATTR};
    for (size_t i = 0; i < 2; i++) {
        char *q = ts_urlencode(queries[i]);
        const char *pages[] = {"/?q=", "/tasks?q=", "/officials?q=", "/decisions?q="};
        for (size_t j = 0; j < sizeof pages / sizeof *pages; j++) {
            char target[512];
            snprintf(target, sizeof target, "%s%s", pages[j], q);
            reply r = request("GET", target, NULL, NULL);
            assert_true(r.status == 200 || r.status == 400);
            assert_lacks(r.body, "<script>alert");
            assert_lacks(r.body, "<img");
            assert_no_inline_script(r.body, target);
            reply_free(&r);
        }
        free(q);
    }
    char *q = ts_urlencode(XSS_ATTR);
    char target[512];
    snprintf(target, sizeof target, "/?q=%s", q);
    reply r = get(target, 200);
    assert_contains(r.body, "value=\"&quot;&gt;&lt;img src=x onerror=alert(2)&gt;\"");
    reply_free(&r);
    free(q);
}

TS_TEST(test_every_page_has_the_policy)
{
    const char *pages[] = {"/", "/?q=khoa+hoc", "/doc/n1", "/tasks", "/tasks?level=province",
                           "/officials", "/decisions", "/similar", "/doc/nope"};
    for (size_t i = 0; i < sizeof pages / sizeof *pages; i++) {
        reply r = request("GET", pages[i], NULL, NULL);
        assert_int_equal(r.status, strcmp(pages[i], "/doc/nope") == 0 ? 404 : 200);
        const char *csp = header(&r, "Content-Security-Policy");
        if (!csp)
            fail_msg("%s: no Content-Security-Policy", pages[i]);
        assert_contains(csp, "default-src 'self'");
        assert_contains(csp, "script-src 'self';");
        assert_contains(csp, "frame-ancestors 'none'");
        assert_lacks(csp, "unsafe-inline");
        assert_string_equal(header(&r, "Content-Type"), "text/html; charset=utf-8");
        assert_string_equal(header(&r, "X-Content-Type-Options"), "nosniff");
        assert_contains(r.body, "<html lang=\"vi\">");
        assert_contains(r.body, "<link rel=\"search\" type=\"application/opensearchdescription+xml\"");
        assert_no_inline_script(r.body, pages[i]);
        reply_free(&r);
    }
    /* An unknown page URL gets the site's page that says so; under /api/, JSON. */
    reply r = get("/no/such/page", 404);
    assert_string_equal(header(&r, "Content-Type"), "text/html; charset=utf-8");
    assert_contains(r.body, "Không tìm thấy trang");
    assert_contains(r.body, "<html lang=\"vi\">");
    reply_free(&r);
    r = get("/api/no/such", 404);
    assert_contains(r.body, "\"error\"");
    reply_free(&r);
}

/* The ids the page links to, in order, as a JSON array. */
static json_t *page_ids(const char *html)
{
    json_t *ids = json_array();
    for (const char *p = strstr(html, "<h2><a href=\"/doc/"); p;
         p = strstr(p + 1, "<h2><a href=\"/doc/")) {
        p += strlen("<h2><a href=\"/doc/");
        json_array_append_new(ids, json_stringn(p, strcspn(p, "\"")));
    }
    return ids;
}

TS_TEST(test_page_lists_what_the_api_answers)
{
    const char *queries[] = {"q=khoa+hoc+cong+nghe", "q=khoa+hoc&type=task",
                             "q=khoa+hoc+cong+nghe&sort=date&per_page=3&page=2"};
    for (size_t i = 0; i < sizeof queries / sizeof *queries; i++) {
        char target[256];
        snprintf(target, sizeof target, "/?%s", queries[i]);
        reply page = get(target, 200);
        snprintf(target, sizeof target, "/api/search?%s", queries[i]);
        reply api = get(target, 200);
        json_t *doc = json_loads(api.body, 0, NULL);
        json_t *want = json_array();
        size_t k;
        json_t *hit;
        json_array_foreach(json_object_get(doc, "hits"), k, hit)
            json_array_append(want, json_object_get(hit, "id"));
        json_t *got = page_ids(page.body);
        assert_true(json_array_size(want) > 0);
        if (!json_equal(got, want))
            fail_msg("%s: the page and the API list different documents", queries[i]);
        json_decref(got);
        json_decref(want);
        json_decref(doc);
        reply_free(&page);
        reply_free(&api);
    }
}

/* Pages as a browser asks for them, and what each must show. */
TS_TEST(test_pages)
{
    static const page_check pages[] = {
        /* Search results. A facet link adds its filter and keeps the query; the list is
         * headed "Lọc theo". */
        {.target = "/?q=khoa+hoc+cong+nghe&per_page=2",
         .status = 200,
         .has = {"<nav class=\"pages\" aria-label=\"Phân trang\">",
                 "href=\"/?q=khoa%20hoc%20cong%20nghe&amp;per_page=2&amp;page=2\" rel=\"next\"",
                 "Trang sau", "Lọc theo",
                 "href=\"/?q=khoa%20hoc%20cong%20nghe&amp;type=task&amp;per_page=2\"",
                 "Có phải bạn muốn tìm"},
         .lacks = {"rel=\"prev\""}},
        {.target = "/?q=khoa+hoc+cong+nghe&per_page=2&page=2",
         .status = 200,
         .has = {"rel=\"prev\"", "<span aria-current=\"page\">2</span>"}},
        /* The filter in force: marked, and its link removes it. */
        {.target = "/?q=khoa+hoc+cong+nghe&type=task",
         .status = 200,
         .has = {"aria-current=\"true\" class=\"on\"", "<ul class=\"active\"",
                 "<a href=\"/?q=khoa%20hoc%20cong%20nghe\">Loại tài liệu: Nhiệm vụ KH&amp;CN"}},
        /* A bad parameter is a page that says so, not a crash or JSON. */
        {.target = "/?q=lua&page=0", .status = 400, .has = {"Yêu cầu không hợp lệ"}},
        /* A document's markup, escaped in the results (title and snippet) and on its page. */
        {.target = "/?q=trich+dan",
         .status = 200,
         .has = {"href=\"/doc/x1\"",
                 "Tiêu đề &lt;script&gt;alert(1)&lt;/script&gt; &quot;&gt;&lt;img", "&lt;b&gt;"},
         .lacks = {XSS_SCRIPT, "<img", "<b>"}},
        {.target = "/doc/x1",
         .status = 200,
         .has = {"<h1>Tiêu đề &lt;script&gt;alert(1)&lt;/script&gt;",
                 "<title>Tiêu đề &lt;script&gt;", "Nguồn: test &lt;b&gt;nguồn&lt;/b&gt;",
                 "&lt;b&gt;đậm&lt;/b&gt; &amp; &quot;trích dẫn&quot;"},
         .lacks = {"<img"}},
        /* The task search, a decision, an official, a task record. */
        {.target = "/tasks?level=province&sort=-year",
         .status = 200,
         .has = {"href=\"/doc/t2\"", "Đang thực hiện", "<option value=\"province\" selected>"}},
        {.target = "/tasks?year_from=abc", .status = 400},
        {.target = "/decisions/1234%2FQ%C4%90-UBND",
         .status = 200,
         .has = {"<h1>1234/QĐ-UBND</h1>", "href=\"/doc/n1\""}},
        {.target = "/decisions/99%2FXX", .status = 404},
        {.target = "/officials?q=tran+van+hoa", .status = 200, .has = {"Trần Văn Hòa"}},
        {.target = "/doc/t1",
         .status = 200,
         .has = {"<dt>Mã số</dt><dd>ĐT.01</dd>", "<dt>Cấp quản lý</dt><dd>Cấp tỉnh</dd>",
                 "<dt>Tình trạng</dt><dd>Đã nghiệm thu</dd>"}},
        /* The entities of a document, each list under its heading, linked. */
        {.target = "/doc/n1",
         .status = 200,
         .has = {"<h3>Cán bộ</h3>\n<ul>\n<li><a href=\"/officials/tran-van-hoa%40",
                 "<h3>Văn bản được dẫn</h3>\n<ul>\n<li><a href=\"/decisions/1234%2FQ%C4%90-UBND\">"
                 "1234/QĐ-UBND</a> (quyết định)</li>",
                 "<h3>Địa danh</h3>\n<ul>\n<li><a href=\"/?province=quang-nam\">Quảng Nam</a></li>\n"
                 "<li><a href=\"/?province=quang-nam.nam-giang\">"}},
        /* The duplicate check: its form, then a proposal's candidates. */
        {.target = "/similar",
         .status = 200,
         .has = {"<form class=\"similar\" action=\"/similar\" method=\"post\" "
                 "enctype=\"multipart/form-data\">",
                 "<input id=\"file\" name=\"file\" type=\"file\" accept=\".docx,.pdf,.odt\">"}},
        {.target = "/similar",
         .status = 200,
         .has = {"<li class=\"candidate duplicate\">", "href=\"/doc/t1\"", "Trùng lặp",
                 "<div class=\"pair\">", "<mark>", "value=\"Chon tao giong lua chiu han\""},
         .form = "title=Chon+tao+giong+lua+chiu+han&text=Muc+tieu%3A+chon+tao+giong+lua+chiu+"
                 "han+bang+khoa+hoc+cong+nghe+sinh+hoc%2C+nang+suat+6%2C5+tan%2Fha+cho+vung+"
                 "trung+du%2C+thu+nghiem+tren+20+ha+tai+ba+huyen+mien+nui+trong+hai+vu+lien+"
                 "tiep.&type=task"},
        /* Markup in the proposal comes back escaped, in the form and in the passages. */
        {.target = "/similar",
         .status = 200,
         .lacks = {"<script>alert", "<img"},
         .form = "title=%3Cscript%3Ealert(1)%3C%2Fscript%3E&text=%22%3E%3Cimg+src%3Dx+"
                 "onerror%3Dalert(2)%3E+chon+tao+giong+lua+chiu+han"},
        /* Neither title nor text. */
        {.target = "/similar", .status = 400, .has = {"Không kiểm tra được"}, .form = "type=task"},
    };
    check_pages(pages, sizeof pages / sizeof *pages);
}

/* The duplicate check takes a form: a body that is none is refused. */
TS_TEST(test_similar_needs_a_form)
{
    reply r = request("POST", "/similar", "Content-Type: text/plain\r\n", "hello");
    assert_int_equal(r.status, 400);
    reply_free(&r);
}

TS_TEST(test_cors)
{
    reply r = request("GET", "/api/suggest?q=khoa", "Origin: " ALLOWED "\r\n", NULL);
    assert_int_equal(r.status, 200);
    assert_string_equal(header(&r, "Access-Control-Allow-Origin"), ALLOWED);
    assert_string_equal(header(&r, "Vary"), "Origin");
    reply_free(&r);
    r = request("GET", "/api/search?q=khoa", "Origin: http://localhost:8000\r\n", NULL);
    assert_string_equal(header(&r, "Access-Control-Allow-Origin"), "http://localhost:8000");
    reply_free(&r);
    const char *denied[] = {"https://evil.example", "https://sokhcn.example.vn.evil.example",
                            "http://sokhcn.example.vn", "null"};
    for (size_t i = 0; i < sizeof denied / sizeof *denied; i++) {
        char h[256];
        snprintf(h, sizeof h, "Origin: %s\r\n", denied[i]);
        r = request("GET", "/api/search?q=khoa", h, NULL);
        assert_int_equal(r.status, 200);
        if (header(&r, "Access-Control-Allow-Origin"))
            fail_msg("%s was allowed", denied[i]);
        assert_string_equal(header(&r, "Vary"), "Origin");
        reply_free(&r);
    }
    r = request("OPTIONS", "/api/similar",
                "Origin: " ALLOWED "\r\nAccess-Control-Request-Method: POST\r\n", NULL);
    assert_int_equal(r.status, 204);
    assert_string_equal(header(&r, "Access-Control-Allow-Origin"), ALLOWED);
    assert_contains(header(&r, "Access-Control-Allow-Methods"), "POST");
    assert_contains(header(&r, "Access-Control-Allow-Headers"), "Content-Type");
    reply_free(&r);
    r = request("OPTIONS", "/api/similar",
                "Origin: https://evil.example\r\nAccess-Control-Request-Method: POST\r\n", NULL);
    assert_int_equal(r.status, 403);
    assert_null(header(&r, "Access-Control-Allow-Origin"));
    reply_free(&r);
}

TS_TEST(test_opensearch)
{
    reply r = get("/opensearch.xml", 200);
    assert_string_equal(header(&r, "Content-Type"), "application/opensearchdescription+xml");
    xmlDocPtr doc = xmlReadMemory(r.body, (int)strlen(r.body), "opensearch.xml", "UTF-8",
                                  XML_PARSE_NONET | XML_PARSE_NOERROR | XML_PARSE_NOWARNING);
    if (!doc)
        fail_msg("/opensearch.xml is not well-formed XML");
    xmlNodePtr root = xmlDocGetRootElement(doc);
    assert_string_equal((const char *)root->name, "OpenSearchDescription");
    int templates = 0;
    char want[128];
    snprintf(want, sizeof want, "http://127.0.0.1:%u/?q={searchTerms}", PORT);
    for (xmlNodePtr n = root->children; n; n = n->next) {
        if (n->type != XML_ELEMENT_NODE || strcmp((const char *)n->name, "Url") != 0)
            continue;
        xmlChar *type = xmlGetProp(n, (const xmlChar *)"type");
        xmlChar *tpl = xmlGetProp(n, (const xmlChar *)"template");
        if (strcmp((const char *)type, "text/html") == 0) {
            assert_string_equal((const char *)tpl, want);
            templates++;
        } else if (strcmp((const char *)type, "application/x-suggestions+json") == 0) {
            assert_non_null(strstr((const char *)tpl, "/api/suggest?format=opensearch&q="));
            templates++;
        }
        xmlFree(type);
        xmlFree(tpl);
    }
    assert_int_equal(templates, 2);
    xmlFreeDoc(doc);
    reply_free(&r);
    /* A Host header that is no host name does not get into the document. */
    r = request("GET", "/opensearch.xml", NULL, NULL);
    reply_free(&r);
    /* The suggestions in the format the description names: [query, [texts]]. */
    r = get("/api/suggest?q=khoa+h&format=opensearch", 200);
    json_t *s = json_loads(r.body, 0, NULL);
    assert_true(json_is_array(s));
    assert_string_equal(json_string_value(json_array_get(s, 0)), "khoa h");
    assert_true(json_array_size(json_array_get(s, 1)) > 0);
    assert_true(json_is_string(json_array_get(json_array_get(s, 1), 0)));
    json_decref(s);
    reply_free(&r);
}

TS_TEST(test_static_files)
{
    /* {a file, its Content-Type} */
    static const ts_pair files[] = {
        {"/static/tracuu.css", "text/css; charset=utf-8"},
        {"/static/tracuu.js", "text/javascript; charset=utf-8"},
        {"/static/embed.js", "text/javascript; charset=utf-8"},
        {"/static/favicon.svg", "image/svg+xml"},
    };
    for (size_t i = 0; i < sizeof files / sizeof *files; i++) {
        reply r = get(files[i].in, 200);
        assert_string_equal(header(&r, "Content-Type"), files[i].want);
        assert_true(strlen(r.body) > 100);
        char etag[128];
        assert_non_null(header(&r, "ETag"));
        snprintf(etag, sizeof etag, "If-None-Match: %s\r\n", header(&r, "ETag"));
        assert_contains(header(&r, "Cache-Control"), "max-age=");
        reply_free(&r);
        r = request("GET", files[i].in, etag, NULL);
        assert_int_equal(r.status, 304);
        assert_string_equal(r.body, "");
        reply_free(&r);
    }
    /* Nothing outside web/static, however the path is written. */
    const char *refused[] = {
        "/static/../../CMakeLists.txt", "/static/%2e%2e/%2e%2e/CMakeLists.txt",
        "/static/..%2f..%2fCMakeLists.txt", "/static/./tracuu.css", "/static//tracuu.css",
        "/static/", "/static/nope.css", "/static/.hidden",
        "/static/../embed.html",
    };
    for (size_t i = 0; i < sizeof refused / sizeof *refused; i++) {
        reply r = request("GET", refused[i], NULL, NULL);
        if (r.status != 404 && r.status != 400)
            fail_msg("%s: status %d", refused[i], r.status);
        assert_lacks(r.body, "cmake_minimum_required");
        assert_lacks(r.body, "tracuu-embed");
        reply_free(&r);
    }
}

TS_TEST(test_bad_configuration)
{
    static const struct {
        const char *option, *value, *message;
    } rows[] = {
        {"--cors", "ftp://x.example", "--cors: entry 1"},
        {"--cors", "https://a.example,https://b.example/path", "--cors: entry 2"},
        {"--frame-ancestors", "'self'; script-src *", "--frame-ancestors"},
    };
    for (size_t i = 0; i < sizeof rows / sizeof *rows; i++) {
        char *argv[] = {(char *)ts_program("searchd/tracuu-searchd"), "--db", ts_group_site.db,
                        "--port", "0", (char *)rows[i].option, (char *)rows[i].value, NULL};
        char *err = NULL;
        int rc = ts_run(argv, &err);
        if (rc == 0 || !err || !strstr(err, rows[i].message))
            fail_msg("%s %s: exit %d, %s", rows[i].option, rows[i].value, rc, err);
        free(err);
    }
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_html_escapes),
        cmocka_unit_test(test_inline_script_check),
        cmocka_unit_test(test_query_is_escaped),
        cmocka_unit_test(test_every_page_has_the_policy),
        cmocka_unit_test(test_page_lists_what_the_api_answers),
        cmocka_unit_test(test_pages),
        cmocka_unit_test(test_similar_needs_a_form),
        cmocka_unit_test(test_cors),
        cmocka_unit_test(test_opensearch),
        cmocka_unit_test(test_static_files),
        cmocka_unit_test(test_bad_configuration),
    };
    char web[4096];
    snprintf(web, sizeof web, "%s", ts_source("web"));
    const char *extra[] = {"--cors", ALLOWED ",http://localhost:8000", "--web", web, NULL};
    ts_site_use(fixture, sizeof fixture - 1, extra);
    return cmocka_run_group_tests(tests, ts_site_setup, ts_site_teardown);
}
