/* page_doc: one document, /doc/{id}, from se_doc() as /api/doc/{id} gives it (pages.h).
 *
 * A task record shows its fields under their Vietnamese names; every document shows
 * its text in paragraphs, and the people, legal documents, places and organisations
 * found in it as links to their pages and to the search filtered by them. Fields the
 * page does not know are listed as they are, so that nothing indexed is hidden.
 */
#include <stdio.h>
#include <string.h>

#include "pages.h"

static const char *jstr(const json_t *o, const char *key)
{
    return json_string_value(json_object_get(o, key));
}

/* How a task field's value is shown. */
enum show { AS_TEXT, AS_LEVEL, AS_STATUS, AS_TASKS_OF_PERSON, AS_TASKS_OF_ORG };

/* Task fields, the names a Vietnamese record gives them and how they are shown. */
static const struct {
    const char *key, *name;
    enum show show;
} task_fields[] = {
    {"code", "Mã số", AS_TEXT},
    {"level", "Cấp quản lý", AS_LEVEL},
    {"field", "Lĩnh vực", AS_TEXT},
    {"investigator", "Chủ nhiệm", AS_TASKS_OF_PERSON},
    {"organization", "Cơ quan chủ trì", AS_TASKS_OF_ORG},
    {"managing_body", "Cơ quan quản lý", AS_TEXT},
    {"status", "Tình trạng", AS_STATUS},
};

/* A task's texts, each under a heading. */
static const sd_name_pair text_fields[] = {
    {"objectives", "Mục tiêu"},
    {"content", "Nội dung"},
    {"results", "Kết quả"},
    {"summary", "Tóm tắt"},
};
#define N_TEXT_FIELDS (sizeof text_fields / sizeof *text_fields)

/* Fields shown elsewhere on the page, or not meant for people. */
static int shown_elsewhere(const char *key)
{
    static const char *const keys[] = {"id",    "type", "title",  "date",  "source",
                                       "body",  "start", "end", "budget", "access"};
    if (key[0] == '_')
        return 1;
    for (size_t i = 0; i < sizeof keys / sizeof *keys; i++)
        if (strcmp(key, keys[i]) == 0)
            return 1;
    for (size_t i = 0; i < sizeof task_fields / sizeof *task_fields; i++)
        if (strcmp(key, task_fields[i].key) == 0)
            return 1;
    return sd_name_of(text_fields, N_TEXT_FIELDS, key) != NULL;
}

/* 1330000000 as "1.330.000.000 đồng", the way Vietnamese writes amounts. */
static void money(sd_html *h, const json_t *v)
{
    if (!json_is_integer(v))
        return;
    char digits[32], grouped[48];
    snprintf(digits, sizeof digits, "%lld", (long long)json_integer_value(v));
    size_t n = strlen(digits), k = 0;
    for (size_t i = 0; i < n; i++) {
        if (i && (n - i) % 3 == 0 && digits[i - 1] != '-')
            grouped[k++] = '.';
        grouped[k++] = digits[i];
    }
    grouped[k] = '\0';
    sd_html_put(h, "%s đồng", grouped);
}

/* Text with its line breaks as paragraphs. */
static void paragraphs(sd_html *h, const char *text)
{
    const char *p = text;
    while (p && *p) {
        const char *nl = strchr(p, '\n');
        size_t n = nl ? (size_t)(nl - p) : strlen(p);
        if (n) {
            sd_html_put(h, "<p>");
            sd_html_textn(h, p, n);
            sd_html_put(h, "</p>\n");
        }
        p = nl ? nl + 1 : p + n;
    }
}

static void render_task(sd_html *h, const json_t *doc)
{
    sd_html_put(h, "<dl class=\"fields\">\n");
    for (size_t i = 0; i < sizeof task_fields / sizeof *task_fields; i++) {
        const char *v = jstr(doc, task_fields[i].key);
        if (!v)
            continue;
        sd_html_put(h, "<dt>%s</dt><dd>", task_fields[i].name);
        switch (task_fields[i].show) {
        case AS_LEVEL:
            sd_html_text(h, sd_page_level_name(v));
            break;
        case AS_STATUS:
            sd_html_text(h, sd_page_status_name(v));
            break;
        case AS_TASKS_OF_PERSON:
            sd_html_put(h, "<a href=\"/tasks?pi=%u\">%s</a>", v, v);
            break;
        case AS_TASKS_OF_ORG:
            sd_html_put(h, "<a href=\"/tasks?org=%u\">%s</a>", v, v);
            break;
        case AS_TEXT:
            sd_html_text(h, v);
            break;
        }
        sd_html_put(h, "</dd>\n");
    }
    sd_page_period(h, "Thời gian thực hiện", doc);
    const json_t *budget = json_object_get(doc, "budget");
    if (json_is_object(budget)) {
        const json_t *state = json_object_get(budget, "state");
        const json_t *other = json_object_get(budget, "other");
        if (json_is_integer(state)) {
            sd_html_put(h, "<dt>Kinh phí ngân sách nhà nước</dt><dd>");
            money(h, state);
            sd_html_put(h, "</dd>\n");
        }
        if (json_is_integer(other)) {
            sd_html_put(h, "<dt>Kinh phí từ nguồn khác</dt><dd>");
            money(h, other);
            sd_html_put(h, "</dd>\n");
        }
    }
    sd_html_put(h, "</dl>\n");
    for (size_t i = 0; i < N_TEXT_FIELDS; i++) {
        const char *v = jstr(doc, text_fields[i].value);
        if (v && *v) {
            sd_html_put(h, "<h2>%s</h2>\n", text_fields[i].name);
            paragraphs(h, v);
        }
    }
}

static void render_other_fields(sd_html *h, const json_t *doc)
{
    const char *key;
    json_t *v;
    int any = 0;
    json_object_foreach((json_t *)doc, key, v) {
        if (shown_elsewhere(key) || !(json_is_string(v) || json_is_number(v)))
            continue;
        if (!any)
            sd_html_put(h, "<h2>Thông tin khác</h2>\n<dl class=\"fields\">\n");
        any = 1;
        sd_html_put(h, "<dt>%s</dt><dd>", key);
        if (json_is_string(v))
            sd_html_text(h, json_string_value(v));
        else if (json_is_integer(v))
            sd_html_put(h, "%I", (long long)json_integer_value(v));
        else
            sd_html_put(h, "%f", json_real_value(v));
        sd_html_put(h, "</dd>\n");
    }
    if (any)
        sd_html_put(h, "</dl>\n");
}

/* One entity of the aside, an <li>: a link to its page, or to the search for what
 * is filtered by it (`param`). */
static void official_item(sd_html *h, const json_t *e, const char *param)
{
    (void)param;
    sd_html_put(h, "<li><a href=\"/officials/%u\">%s</a>", jstr(e, "id"), jstr(e, "name"));
    const json_t *pos = json_array_get(json_object_get(e, "positions"), 0);
    if (jstr(pos, "position"))
        sd_html_put(h, ", %s", jstr(pos, "position"));
    if (jstr(pos, "organization"))
        sd_html_put(h, " %s", jstr(pos, "organization"));
    sd_html_put(h, "</li>\n");
}

static void decision_item(sd_html *h, const json_t *e, const char *param)
{
    (void)param;
    sd_html_put(h, "<li><a href=\"/decisions/%u\">%s</a>", jstr(e, "number"),
                jstr(e, "number"));
    if (jstr(e, "type"))
        sd_html_put(h, " (%s)", jstr(e, "type"));
    sd_html_put(h, "</li>\n");
}

static void filter_item(sd_html *h, const json_t *e, const char *param)
{
    sd_html_put(h, "<li><a href=\"/?%u=%u\">%s</a></li>\n", param, jstr(e, "id"),
                jstr(e, "name"));
}

static void render_entities(sd_html *h, const json_t *ent)
{
    if (!json_is_object(ent))
        return;
    static const struct {
        const char *key, *heading, *param;
        void (*item)(sd_html *h, const json_t *e, const char *param);
    } lists[] = {
        {"officials", "Cán bộ", NULL, official_item},
        {"decisions", "Văn bản được dẫn", NULL, decision_item},
        {"places", "Địa danh", "province", filter_item},
        {"organizations", "Cơ quan", "org", filter_item},
    };
    sd_html_put(h, "<aside class=\"entities\" aria-labelledby=\"ent-h\">\n"
                   "<h2 id=\"ent-h\">Trong tài liệu này</h2>\n");
    for (size_t l = 0; l < sizeof lists / sizeof *lists; l++) {
        const json_t *list = json_object_get(ent, lists[l].key);
        if (!json_array_size(list))
            continue;
        sd_html_put(h, "<h3>%s</h3>\n<ul>\n", lists[l].heading);
        size_t i;
        json_t *e;
        json_array_foreach(list, i, e)
            lists[l].item(h, e, lists[l].param);
        sd_html_put(h, "</ul>\n");
    }
    sd_html_put(h, "</aside>\n");
}

static void render_doc(sd_html *h, const json_t *doc)
{
    const char *title = jstr(doc, "title");
    if (!title || !*title)
        title = jstr(doc, "id");
    sd_page_begin(h, title, NULL);
    sd_html_put(h, "<article class=\"doc\">\n<p class=\"meta\"><span class=\"type\">%s</span>",
                sd_page_type_name(jstr(doc, "type")));
    sd_page_access_label(h, doc);
    if (jstr(doc, "date")) {
        sd_html_put(h, " · ");
        sd_page_date(h, jstr(doc, "date"));
    }
    sd_html_put(h, "</p>\n<h1>%s</h1>\n", title);
    if (jstr(doc, "source"))
        sd_html_put(h, "<p class=\"source\">Nguồn: %s</p>\n", jstr(doc, "source"));
    sd_html_put(h, "<div class=\"cols\">\n<div class=\"text\">\n");
    if (jstr(doc, "type") && strcmp(jstr(doc, "type"), "task") == 0)
        render_task(h, doc);
    const char *body = jstr(doc, "body");
    if (body && *body) {
        sd_html_put(h, "<h2>Toàn văn</h2>\n");
        paragraphs(h, body);
    }
    render_other_fields(h, doc);
    sd_html_put(h, "<p class=\"tools\"><a href=\"/api/doc/%u\">Dữ liệu JSON</a></p>\n",
                jstr(doc, "id"));
    sd_html_put(h, "</div>\n");
    render_entities(h, json_object_get(doc, "_entities"));
    sd_html_put(h, "</div>\n</article>\n");
}

enum MHD_Result sd_page_doc(const sd_request *r)
{
    return sd_page_named(r, se_doc, render_doc);
}
