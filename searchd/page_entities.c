/* page_entities: people and legal documents found in the corpus (pages.h):
 * /officials?q=, /officials/{id}, /decisions?q=, /decisions/{number}, rendered from
 * se_officials(), se_official(), se_decisions() and se_decision() (knowledge.h). */
#include <stdio.h>
#include <string.h>

#include "knowledge.h"
#include "pages.h"

static const char *jstr(const json_t *o, const char *key)
{
    return json_string_value(json_object_get(o, key));
}

static long long jint(const json_t *o, const char *key)
{
    return (long long)json_integer_value(json_object_get(o, key));
}

/* The small search form at the top of the list pages. */
static void list_form(sd_html *h, const char *action, const char *label, const char *q,
                      const char *placeholder)
{
    sd_html_put(h,
                "<form class=\"search\" role=\"search\" action=\"%s\" method=\"get\">\n"
                "<label for=\"q\">%s</label>\n<div class=\"box\">\n"
                "<input id=\"q\" name=\"q\" type=\"search\" value=\"%s\" autocomplete=\"off\" "
                "maxlength=\"1024\" placeholder=\"%s\">\n"
                "<button type=\"submit\">Tìm</button>\n</div>\n</form>\n",
                action, label, q ? q : "", placeholder);
}

static void date_range(sd_html *h, const char *from, const char *to)
{
    if (!from && !to)
        return;
    sd_html_put(h, " <span class=\"dates\">(");
    sd_page_date(h, from);
    if (to && (!from || strcmp(from, to) != 0)) {
        sd_html_put(h, " – ");
        sd_page_date(h, to);
    }
    sd_html_put(h, ")</span>");
}

static void positions(sd_html *h, const json_t *list)
{
    if (!json_array_size(list))
        return;
    sd_html_put(h, "<ul class=\"positions\">\n");
    size_t i;
    json_t *p;
    json_array_foreach(list, i, p) {
        sd_html_put(h, "<li>%s", jstr(p, "position"));
        if (jstr(p, "organization"))
            sd_html_put(h, ", %s", jstr(p, "organization"));
        date_range(h, jstr(p, "from"), jstr(p, "to"));
        sd_html_put(h, "</li>\n");
    }
    sd_html_put(h, "</ul>\n");
}

/* A document of an entity's page: title link, type and date, and `extra` below. */
static void doc_item_begin(sd_html *h, const json_t *d)
{
    sd_html_put(h, "<li class=\"hit\">\n<h3><a href=\"/doc/%u\">%s</a></h3>\n"
                   "<p class=\"meta\"><span class=\"type\">%s</span>",
                jstr(d, "id"), jstr(d, "title") ? jstr(d, "title") : jstr(d, "id"),
                sd_page_type_name(jstr(d, "type")));
    if (jstr(d, "date")) {
        sd_html_put(h, " · ");
        sd_page_date(h, jstr(d, "date"));
    }
    sd_html_put(h, "</p>\n");
}

/* A list page: /officials and /decisions are the same page of other things. */
typedef struct list_page {
    int (*find)(se_engine *e, se_view v, const char *q, size_t qlen, const char *limit,
                json_t **out, tr_error *err);
    const char *name; /* the page's path and nav item, and the answer's array */
    const char *title, *heading;
    const char *label, *placeholder; /* of the search form */
    const char *noun;                /* of the summary: "12 người." */
    void (*item)(sd_html *h, const json_t *one);
} list_page;

static enum MHD_Result send_list(const sd_request *r, const list_page *p)
{
    size_t qlen;
    const char *q = sd_request_arg(r, "q", &qlen);
    json_t *out = NULL;
    tr_error err = {0};
    if (p->find(r->engine, sd_request_view(r), q, qlen, sd_request_arg(r, "limit", NULL), &out,
                &err))
        return sd_page_fail(r, &err);
    sd_html h = {0};
    sd_page_begin(&h, p->title, p->name);
    sd_html_put(&h, "<h1>%s</h1>\n", p->heading);
    char action[32];
    snprintf(action, sizeof action, "/%s", p->name);
    list_form(&h, action, p->label, q, p->placeholder);
    sd_html_put(&h, "<p class=\"summary\" role=\"status\">%I %s.</p>\n<ul class=\"people\">\n",
                jint(out, "total"), p->noun);
    size_t i;
    json_t *one;
    json_array_foreach(json_object_get(out, p->name), i, one)
        p->item(&h, one);
    sd_html_put(&h, "</ul>\n");
    sd_page_end(&h);
    json_decref(out);
    return sd_page_send(r, MHD_HTTP_OK, &h);
}

static void official_item(sd_html *h, const json_t *o)
{
    sd_html_put(h, "<li>\n<h2><a href=\"/officials/%u\">%s</a></h2>\n<p class=\"meta\">",
                jstr(o, "id"), jstr(o, "name"));
    if (jstr(o, "organization"))
        sd_html_put(h, "%s · ", jstr(o, "organization"));
    sd_html_put(h, "%I tài liệu</p>\n", jint(o, "documents"));
    positions(h, json_object_get(o, "positions"));
    sd_html_put(h, "</li>\n");
}

static void render_official(sd_html *h, const json_t *out)
{
    sd_page_begin(h, jstr(out, "name"), "officials");
    sd_html_put(h, "<article class=\"entity\">\n<p class=\"meta\">Cán bộ</p>\n<h1>%s</h1>\n",
                jstr(out, "name"));
    if (jstr(out, "organization"))
        sd_html_put(h, "<p>%s</p>\n", jstr(out, "organization"));
    sd_html_put(h, "<h2>Chức vụ</h2>\n");
    positions(h, json_object_get(out, "positions"));
    sd_html_put(h, "<h2>Tài liệu (%I)</h2>\n<ol class=\"hits\">\n", jint(out, "total"));
    size_t i, j;
    json_t *d, *p;
    json_array_foreach(json_object_get(out, "documents"), i, d) {
        doc_item_begin(h, d);
        json_array_foreach(json_object_get(d, "positions"), j, p) {
            sd_html_put(h, "%r%s", j ? "; " : "<p>Với chức vụ: ", jstr(p, "position"));
            if (jstr(p, "organization"))
                sd_html_put(h, ", %s", jstr(p, "organization"));
        }
        if (json_array_size(json_object_get(d, "positions")))
            sd_html_put(h, "</p>\n");
        sd_html_put(h, "</li>\n");
    }
    sd_html_put(h, "</ol>\n</article>\n");
}

static void decision_meta(sd_html *h, const json_t *d)
{
    sd_html_put(h, "<p class=\"meta\">");
    if (jstr(d, "type"))
        sd_html_put(h, "<span class=\"type\">%s</span>", jstr(d, "type"));
    if (jstr(d, "issuer"))
        sd_html_put(h, " · %s", jstr(d, "issuer"));
    if (jstr(d, "date")) {
        sd_html_put(h, " · ");
        sd_page_date(h, jstr(d, "date"));
    }
    sd_html_put(h, "</p>\n");
}

static void decision_item(sd_html *h, const json_t *d)
{
    sd_html_put(h, "<li>\n<h2><a href=\"/decisions/%u\">%s</a></h2>\n", jstr(d, "number"),
                jstr(d, "number"));
    decision_meta(h, d);
    sd_html_put(h, "<p>Được dẫn trong %I tài liệu.</p>\n</li>\n", jint(d, "documents"));
}

static void render_decision(sd_html *h, const json_t *out)
{
    sd_page_begin(h, jstr(out, "number"), "decisions");
    sd_html_put(h, "<article class=\"entity\">\n<h1>%s</h1>\n", jstr(out, "number"));
    decision_meta(h, out);
    const json_t *own = json_object_get(out, "document");
    if (json_is_object(own))
        sd_html_put(h, "<p>Toàn văn: <a href=\"/doc/%u\">%s</a></p>\n", jstr(own, "id"),
                    jstr(own, "title") ? jstr(own, "title") : jstr(own, "id"));
    sd_html_put(h, "<h2>Tài liệu dẫn văn bản này (%I)</h2>\n<ol class=\"hits\">\n",
                jint(out, "total"));
    size_t i;
    json_t *d;
    json_array_foreach(json_object_get(out, "documents"), i, d) {
        doc_item_begin(h, d);
        if (jstr(d, "sentence"))
            sd_html_put(h, "<blockquote>%s</blockquote>\n", jstr(d, "sentence"));
        sd_html_put(h, "</li>\n");
    }
    sd_html_put(h, "</ol>\n</article>\n");
}

static const list_page officials = {
    se_officials, "officials", "Cán bộ", "Cán bộ được nhắc đến trong tài liệu",
    "Tìm theo họ tên hoặc cơ quan", "nguyen huu phuoc", "người", official_item};

static const list_page decisions = {
    se_decisions, "decisions", "Văn bản", "Văn bản được dẫn trong tài liệu",
    "Tìm theo số hiệu văn bản", "22/2019/QĐ-UBND", "văn bản", decision_item};

enum MHD_Result sd_page_officials(const sd_request *r)
{
    return send_list(r, &officials);
}

enum MHD_Result sd_page_decisions(const sd_request *r)
{
    return send_list(r, &decisions);
}

enum MHD_Result sd_page_official(const sd_request *r)
{
    return sd_page_named(r, se_official, render_official);
}

enum MHD_Result sd_page_decision(const sd_request *r)
{
    return sd_page_named(r, se_decision, render_decision);
}
