/* page_search: the search page, /, with the parameters of /api/search (pages.h).
 *
 * The results are se_search()'s JSON rendered as HTML: the hits with their
 * highlighted snippets, type and date; did-you-mean; the facets as links that add a
 * filter (and the active filters as links that remove it); pagination. The results
 * are one <div id="results">, which tracuu.js fetches again and swaps in as the
 * person types.
 */
#include <string.h>

#include "pages.h"
#include "reply.h"

/* The parameters a results page keeps in its links, in the order of the URL. */
enum {
    P_Q, P_TYPE, P_YEAR, P_FROM, P_TO, P_PROVINCE, P_ORG, P_PERSON, P_DOC_TYPE, P_SORT,
    P_PER_PAGE, P_COUNT
};
static const char *const param_keys[P_COUNT] = {
    "q", "type", "year", "from", "to", "province", "org", "person", "doc_type", "sort",
    "per_page",
};

/* The facets of se_search's answer, the filter parameter each sets, and its heading. */
static const struct {
    const char *facet;
    int param;
    const char *heading;
} facet_groups[] = {
    {"type", P_TYPE, "Loại tài liệu"},
    {"year", P_YEAR, "Năm"},
    {"province", P_PROVINCE, "Tỉnh, thành phố"},
    {"organization", P_ORG, "Cơ quan, tổ chức"},
    {"person", P_PERSON, "Người"},
    {"doc_type", P_DOC_TYPE, "Loại văn bản"},
};

static const char *facet_label(int param, const char *label)
{
    return param == P_TYPE ? sd_page_type_name(label) : label;
}

static const char *jstr(const json_t *o, const char *key)
{
    return json_string_value(json_object_get(o, key));
}

static void render_hit(sd_html *h, const json_t *hit)
{
    const char *title = jstr(hit, "title");
    sd_html_put(h, "<li class=\"hit\">\n<h2><a href=\"/doc/%u\">%s</a></h2>\n"
                   "<p class=\"meta\"><span class=\"type\">%s</span>",
                jstr(hit, "id"), title && *title ? title : jstr(hit, "id"),
                sd_page_type_name(jstr(hit, "type")));
    sd_page_access_label(h, hit);
    if (jstr(hit, "date")) {
        sd_html_put(h, " · ");
        sd_page_date(h, jstr(hit, "date"));
    }
    sd_html_put(h, "</p>\n<p class=\"snippet\">%m</p>\n</li>\n", jstr(hit, "snippet"));
}

/* The label a facet gives a value, when the answer has it (an active filter's value is
 * an id such as "quang-nam"; people want to read "Quảng Nam"). */
static const char *value_label(const json_t *facets, const char *facet, int param,
                               const char *value)
{
    size_t i;
    json_t *v;
    json_array_foreach(json_object_get(facets, facet), i, v) {
        const char *val = jstr(v, "value");
        if (val && strcmp(val, value) == 0)
            return facet_label(param, jstr(v, "label"));
    }
    return facet_label(param, value);
}

static void render_facets(sd_html *h, const json_t *facets, const sd_html_param *params)
{
    if (!json_is_object(facets))
        return;
    sd_html_put(h, "<aside class=\"facets\" aria-labelledby=\"facets-h\">\n"
                   "<h2 id=\"facets-h\">Lọc theo</h2>\n");
    for (size_t g = 0; g < sizeof facet_groups / sizeof *facet_groups; g++) {
        const json_t *list = json_object_get(facets, facet_groups[g].facet);
        int param = facet_groups[g].param;
        if (json_array_size(list) == 0)
            continue;
        sd_html_put(h, "<section class=\"facet\">\n<h3>%s</h3>\n<ul>\n",
                    facet_groups[g].heading);
        size_t i;
        json_t *v;
        json_array_foreach(list, i, v) {
            const char *value = jstr(v, "value");
            if (!value)
                continue;
            const char *active = params[param].value;
            int on = active && strcmp(active, value) == 0;
            sd_html_param link[P_COUNT];
            memcpy(link, params, sizeof link);
            link[param].value = on ? NULL : value;
            sd_html_put(h, "<li><a href=\"");
            sd_html_href(h, "/", link, P_COUNT);
            sd_html_put(h, "\"%r>%s <span class=\"count\">%I</span></a></li>\n",
                        on ? " aria-current=\"true\" class=\"on\"" : "",
                        facet_label(param, jstr(v, "label")),
                        (long long)json_integer_value(json_object_get(v, "count")));
        }
        sd_html_put(h, "</ul>\n</section>\n");
    }
    sd_html_put(h, "</aside>\n");
}

/* The filters in force, each a link that removes it. */
static void render_active(sd_html *h, const json_t *facets, const sd_html_param *params)
{
    int any = 0;
    for (size_t g = 0; g < sizeof facet_groups / sizeof *facet_groups; g++) {
        int param = facet_groups[g].param;
        const char *value = params[param].value;
        if (!value || !*value)
            continue;
        if (!any)
            sd_html_put(h, "<ul class=\"active\" aria-label=\"Bộ lọc đang dùng\">\n");
        any = 1;
        sd_html_param link[P_COUNT];
        memcpy(link, params, sizeof link);
        link[param].value = NULL;
        sd_html_put(h, "<li><a href=\"");
        sd_html_href(h, "/", link, P_COUNT);
        sd_html_put(h, "\">%s: %s <span aria-hidden=\"true\">×</span>"
                       "<span class=\"sr\"> (bỏ lọc)</span></a></li>\n",
                    facet_groups[g].heading,
                    value_label(facets, facet_groups[g].facet, param, value));
    }
    if (any)
        sd_html_put(h, "</ul>\n");
}

static void render_sort(sd_html *h, const sd_html_param *params)
{
    static const struct {
        const char *value, *label;
    } sorts[] = {{NULL, "Liên quan nhất"}, {"date", "Mới nhất"}, {"date_asc", "Cũ nhất"}};
    const char *cur = params[P_SORT].value;
    sd_html_put(h, "<p class=\"sort\">Sắp xếp:");
    for (size_t i = 0; i < sizeof sorts / sizeof *sorts; i++) {
        int on = sorts[i].value ? cur && strcmp(cur, sorts[i].value) == 0
                                : !cur || !*cur || strcmp(cur, "relevance") == 0;
        if (on) {
            sd_html_put(h, " <strong aria-current=\"true\">%s</strong>", sorts[i].label);
            continue;
        }
        sd_html_param link[P_COUNT];
        memcpy(link, params, sizeof link);
        link[P_SORT].value = sorts[i].value;
        sd_html_put(h, " <a href=\"");
        sd_html_href(h, "/", link, P_COUNT);
        sd_html_put(h, "\">%s</a>", sorts[i].label);
    }
    sd_html_put(h, "</p>\n");
}

static void render_results(sd_html *h, const json_t *out, const sd_html_param *params)
{
    const json_t *facets = json_object_get(out, "facets");
    long long total = json_integer_value(json_object_get(out, "total"));
    long long page = json_integer_value(json_object_get(out, "page"));
    long long per_page = json_integer_value(json_object_get(out, "per_page"));
    const char *suggestion = jstr(out, "suggestion");
    const char *query = jstr(out, "query");

    if (suggestion && json_is_true(json_object_get(out, "corrected"))) {
        sd_html_put(h, "<p class=\"didyoumean\">Không có kết quả cho từ đã gõ; "
                       "đang hiện kết quả cho <strong>%s</strong>.</p>\n",
                    suggestion);
    } else if (suggestion) {
        sd_html_param link[P_COUNT];
        memcpy(link, params, sizeof link);
        link[P_Q].value = suggestion;
        sd_html_put(h, "<p class=\"didyoumean\">Có phải bạn muốn tìm: <a href=\"");
        sd_html_href(h, "/", link, P_COUNT);
        sd_html_put(h, "\">%s</a>?</p>\n", suggestion);
    }
    render_active(h, facets, params);
    sd_html_put(h, "<p class=\"summary\" role=\"status\">");
    if (total == 0)
        sd_html_put(h, "Không tìm thấy tài liệu nào cho <q>%s</q>.", query);
    else
        sd_html_put(h, "Tìm thấy <strong>%I</strong> kết quả (%f ms).", total,
                    json_number_value(json_object_get(out, "took_ms")));
    sd_html_put(h, "</p>\n");
    sd_html_put(h, "<div class=\"cols\">\n<div class=\"list\">\n");
    if (total > 0)
        render_sort(h, params);
    sd_html_put(h, "<ol class=\"hits\" start=\"%I\">\n", (page - 1) * per_page + 1);
    size_t i;
    json_t *hit;
    json_array_foreach(json_object_get(out, "hits"), i, hit) render_hit(h, hit);
    sd_html_put(h, "</ol>\n");
    sd_page_pagination(h, "/", params, P_COUNT, page, per_page, total);
    sd_html_put(h, "</div>\n");
    if (total > 0)
        render_facets(h, facets, params);
    sd_html_put(h, "</div>\n");
}

static void render_home(sd_html *h)
{
    sd_html_put(h,
                "<section class=\"intro\">\n<h2>Tra cứu được gì?</h2>\n<ul>\n"
                "<li>Tin tức, biên bản họp hội đồng và hồ sơ nhiệm vụ KH&amp;CN: gõ từ khóa, "
                "có dấu hay không dấu đều được.</li>\n"
                "<li><a href=\"/tasks\">Nhiệm vụ KH&amp;CN</a> theo cấp, lĩnh vực, tình trạng, "
                "cơ quan chủ trì, chủ nhiệm và năm.</li>\n"
                "<li><a href=\"/officials\">Cán bộ</a> và <a href=\"/decisions\">văn bản</a> "
                "được nhắc đến trong tài liệu.</li>\n"
                "<li><a href=\"/similar\">Kiểm tra trùng lặp</a>: dán đề xuất nhiệm vụ để xem "
                "nhiệm vụ đã có nào giống.</li>\n</ul>\n</section>\n");
}

enum MHD_Result sd_page_search(const sd_request *r)
{
    sd_html_param params[P_COUNT];
    for (int i = 0; i < P_COUNT; i++)
        params[i] = (sd_html_param){param_keys[i], sd_request_arg(r, param_keys[i], NULL)};
    int empty = 1;
    for (int i = 0; i < P_COUNT; i++)
        if (i != P_SORT && i != P_PER_PAGE && params[i].value && *params[i].value)
            empty = 0;

    json_t *out = NULL;
    tr_error err = {0};
    if (!empty) {
        se_search_params p;
        se_search_params_read(&p, sd_request_param, (void *)r);
        p.view = sd_request_view(r);
        p.facets = NULL; /* the page always shows them */
        if (se_search(r->engine, &p, &out, &err) &&
            sd_status_for(&err) != MHD_HTTP_BAD_REQUEST) /* that one is shown in the page */
            return sd_page_fail(r, &err);
    }

    sd_html h = {0};
    const char *q = params[P_Q].value;
    sd_page_begin(&h, q && *q ? q : "Tìm kiếm", "search");
    sd_html_put(&h, "<h1 class=\"sr\">Tìm kiếm</h1>\n");
    sd_html_param keep[] = {params[P_SORT], params[P_PER_PAGE]};
    sd_page_search_box(&h, q, keep, sizeof keep / sizeof *keep);
    sd_html_put(&h, "<div id=\"results\" aria-live=\"polite\">\n");
    if (empty)
        render_home(&h);
    else if (!out)
        sd_html_put(&h, "<p class=\"error\" role=\"alert\">Yêu cầu không hợp lệ: %s</p>\n",
                    err.message);
    else
        render_results(&h, out, params);
    sd_html_put(&h, "</div>\n");
    sd_page_end(&h);
    unsigned status = out || empty ? MHD_HTTP_OK : MHD_HTTP_BAD_REQUEST;
    json_decref(out);
    return sd_page_send(r, status, &h);
}
