/* page_tasks: task search with structured filters, /tasks, with the parameters of
 * /api/tasks, rendered from se_tasks() (tasks.h; pages.h). */
#include <stdio.h>
#include <string.h>

#include "pages.h"
#include "reply.h"
#include "tasks.h"

enum {
    T_Q, T_LEVEL, T_STATUS, T_FIELD, T_ORG, T_PI, T_YEAR_FROM, T_YEAR_TO, T_SORT, T_PER_PAGE,
    T_COUNT
};
static const char *const task_keys[T_COUNT] = {
    "q", "level", "status", "field", "org", "pi", "year_from", "year_to", "sort", "per_page",
};

static const char *jstr(const json_t *o, const char *key)
{
    return json_string_value(json_object_get(o, key));
}

typedef struct option {
    const char *value, *label;
} option;

static void select_box(sd_html *h, const char *id, const char *label, const option *opts,
                       size_t n, const char *current)
{
    sd_html_put(h, "<div class=\"field\"><label for=\"%s\">%s</label>\n"
                   "<select id=\"%s\" name=\"%s\">\n",
                id, label, id, id);
    for (size_t i = 0; i < n; i++) {
        int on = current ? strcmp(current, opts[i].value) == 0 : !*opts[i].value;
        sd_html_put(h, "<option value=\"%s\"%r>%s</option>\n", opts[i].value,
                    on ? " selected" : "", opts[i].label);
    }
    sd_html_put(h, "</select></div>\n");
}

static void text_box(sd_html *h, const char *id, const char *label, const char *value,
                     const char *extra)
{
    sd_html_put(h, "<div class=\"field\"><label for=\"%s\">%s</label>\n"
                   "<input id=\"%s\" name=\"%s\" value=\"%s\"%r></div>\n",
                id, label, id, id, value ? value : "", extra);
}

static void render_form(sd_html *h, const sd_html_param *p)
{
    static const option levels[] = {
        {"", "Tất cả"},          {"national", "Cấp quốc gia"}, {"ministry", "Cấp bộ"},
        {"province", "Cấp tỉnh"}, {"grassroots", "Cấp cơ sở"},
    };
    static const option statuses[] = {
        {"", "Tất cả"},           {"proposed", "Đề xuất"},
        {"approved", "Đã phê duyệt"}, {"in_progress", "Đang thực hiện"},
        {"accepted", "Đã nghiệm thu"}, {"cancelled", "Đã hủy"},
    };
    static const option sorts[] = {
        {"", "Liên quan nhất"},  {"-year", "Năm bắt đầu, mới nhất"},
        {"year", "Năm bắt đầu, cũ nhất"}, {"-budget", "Kinh phí, cao nhất"},
        {"budget", "Kinh phí, thấp nhất"},
    };
    sd_html_put(h, "<form class=\"filters\" action=\"/tasks\" method=\"get\">\n"
                   "<fieldset><legend>Tìm nhiệm vụ KH&amp;CN</legend>\n");
    text_box(h, "q", "Từ khóa", p[T_Q].value,
             " type=\"search\" maxlength=\"1024\" placeholder=\"giong lua chiu han\"");
    select_box(h, "level", "Cấp quản lý", levels, sizeof levels / sizeof *levels,
               p[T_LEVEL].value);
    select_box(h, "status", "Tình trạng", statuses, sizeof statuses / sizeof *statuses,
               p[T_STATUS].value);
    text_box(h, "field", "Lĩnh vực (tên hoặc mã)", p[T_FIELD].value,
             " placeholder=\"nong nghiep\"");
    text_box(h, "org", "Cơ quan chủ trì", p[T_ORG].value, "");
    text_box(h, "pi", "Chủ nhiệm", p[T_PI].value, "");
    text_box(h, "year_from", "Từ năm", p[T_YEAR_FROM].value,
             " inputmode=\"numeric\" pattern=\"[0-9]{4}\" maxlength=\"4\"");
    text_box(h, "year_to", "Đến năm", p[T_YEAR_TO].value,
             " inputmode=\"numeric\" pattern=\"[0-9]{4}\" maxlength=\"4\"");
    select_box(h, "sort", "Sắp xếp", sorts, sizeof sorts / sizeof *sorts, p[T_SORT].value);
    sd_html_put(h, "</fieldset>\n<p><button type=\"submit\">Tìm nhiệm vụ</button> "
                   "<a href=\"/tasks\">Xóa bộ lọc</a></p>\n</form>\n");
}

static void amount(sd_html *h, long long v)
{
    /* In millions, as task lists give budgets. */
    char s[48];
    long long m = v / 1000000, rest = (v % 1000000) / 10000;
    if (rest)
        snprintf(s, sizeof s, "%lld,%02lld triệu đồng", m, rest);
    else
        snprintf(s, sizeof s, "%lld triệu đồng", m);
    sd_html_text(h, s);
}

static void render_hit(sd_html *h, const json_t *t)
{
    sd_html_put(h, "<li class=\"hit task\">\n<h2><a href=\"/doc/%u\">%s</a></h2>\n"
                   "<p class=\"meta\">",
                jstr(t, "id"), jstr(t, "title") ? jstr(t, "title") : jstr(t, "id"));
    if (jstr(t, "code"))
        sd_html_put(h, "<span class=\"code\">%s</span> · ", jstr(t, "code"));
    sd_html_put(h, "%s", sd_page_level_name(jstr(t, "level")));
    if (jstr(t, "status"))
        sd_html_put(h, " · <span class=\"status\">%s</span>",
                    sd_page_status_name(jstr(t, "status")));
    sd_html_put(h, "</p>\n<dl class=\"fields compact\">\n");
    if (jstr(t, "field"))
        sd_html_put(h, "<dt>Lĩnh vực</dt><dd>%s</dd>\n", jstr(t, "field"));
    if (jstr(t, "investigator"))
        sd_html_put(h, "<dt>Chủ nhiệm</dt><dd><a href=\"/tasks?pi=%u\">%s</a></dd>\n",
                    jstr(t, "investigator"), jstr(t, "investigator"));
    if (jstr(t, "organization"))
        sd_html_put(h, "<dt>Cơ quan chủ trì</dt><dd><a href=\"/tasks?org=%u\">%s</a></dd>\n",
                    jstr(t, "organization"), jstr(t, "organization"));
    sd_page_period(h, "Thời gian", t);
    const json_t *budget = json_object_get(t, "budget");
    const json_t *state = json_object_get(budget, "state"), *other = json_object_get(budget, "other");
    if (json_is_integer(state) || json_is_integer(other)) {
        sd_html_put(h, "<dt>Kinh phí</dt><dd>");
        amount(h, (long long)(json_integer_value(state) + json_integer_value(other)));
        sd_html_put(h, "</dd>\n");
    }
    sd_html_put(h, "</dl>\n</li>\n");
}

enum MHD_Result sd_page_tasks(const sd_request *r)
{
    sd_html_param params[T_COUNT];
    for (int i = 0; i < T_COUNT; i++)
        params[i] = (sd_html_param){task_keys[i], sd_request_arg(r, task_keys[i], NULL)};
    se_tasks_params p;
    se_tasks_params_read(&p, sd_request_param, (void *)r);
    p.view = sd_request_view(r);
    json_t *out = NULL;
    tr_error err = {0};
    if (se_tasks(r->engine, &p, &out, &err) && sd_status_for(&err) != MHD_HTTP_BAD_REQUEST)
        return sd_page_fail(r, &err);

    sd_html h = {0};
    sd_page_begin(&h, "Nhiệm vụ KH&CN", "tasks");
    sd_html_put(&h, "<h1>Nhiệm vụ khoa học và công nghệ</h1>\n");
    render_form(&h, params);
    sd_html_put(&h, "<div id=\"results\" aria-live=\"polite\">\n");
    if (!out) {
        sd_html_put(&h, "<p class=\"error\" role=\"alert\">Yêu cầu không hợp lệ: %s</p>\n",
                    err.message);
    } else {
        long long total = (long long)json_integer_value(json_object_get(out, "total"));
        sd_html_put(&h, "<p class=\"summary\" role=\"status\">%I nhiệm vụ.</p>\n"
                        "<ol class=\"hits\">\n",
                    total);
        size_t i;
        json_t *t;
        json_array_foreach(json_object_get(out, "hits"), i, t) render_hit(&h, t);
        sd_html_put(&h, "</ol>\n");
        sd_page_pagination(&h, "/tasks", params, T_COUNT,
                           (long long)json_integer_value(json_object_get(out, "page")),
                           (long long)json_integer_value(json_object_get(out, "per_page")),
                           total);
    }
    sd_html_put(&h, "</div>\n");
    sd_page_end(&h);
    unsigned status = out ? MHD_HTTP_OK : MHD_HTTP_BAD_REQUEST;
    json_decref(out);
    return sd_page_send(r, status, &h);
}
