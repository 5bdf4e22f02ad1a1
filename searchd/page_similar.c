/* page_similar: the duplicate check, /similar (pages.h).
 *
 * GET shows the form; the form POSTs the proposal (title, and a text or a DOCX, PDF
 * or ODT file) as multipart/form-data, read as proposal.h reads it (the file
 * extracted in the sandbox, never kept), and the page shows se_similar()'s
 * candidates, as
 * POST /api/similar answers them: each with its verdict and score, and the passages it
 * shares with the proposal side by side, the shared words highlighted.
 */
#include <stdlib.h>
#include <string.h>

#include "pages.h"
#include "proposal.h"
#include "reply.h"
#include "similar.h"

static const char *jstr(const json_t *o, const char *key)
{
    return json_string_value(json_object_get(o, key));
}

static void render_form(sd_html *h, const sd_request *r, const sd_form *f)
{
    const char *type = f && sd_form_get(f, "type", NULL) ? sd_form_get(f, "type", NULL) : "task";
    const char *title = f ? sd_form_get(f, "title", NULL) : NULL;
    const char *text = f ? sd_form_get(f, "text", NULL) : NULL;
    sd_html_put(h,
                "<form class=\"similar\" action=\"/similar\" method=\"post\" "
                "enctype=\"multipart/form-data\">\n"
                "<div class=\"field\"><label for=\"title\">Tên đề xuất</label>\n"
                "<input id=\"title\" name=\"title\" value=\"%s\" maxlength=\"2000\"></div>\n"
                "<div class=\"field\"><label for=\"text\">Nội dung đề xuất (mục tiêu, nội dung,"
                " kết quả dự kiến)</label>\n"
                "<textarea id=\"text\" name=\"text\" rows=\"10\">%s</textarea></div>\n"
                "<div class=\"field\"><label for=\"file\">hoặc tệp đề xuất (DOCX, PDF, ODT; "
                "không được lưu lại)</label>\n"
                "<input id=\"file\" name=\"file\" type=\"file\" "
                "accept=\".docx,.pdf,.odt\"></div>\n"
                "<div class=\"field\"><label for=\"type\">So sánh với</label>\n"
                "<select id=\"type\" name=\"type\">\n"
                "<option value=\"task\"%r>Nhiệm vụ KH&amp;CN đã có</option>\n"
                "<option value=\"all\"%r>Mọi tài liệu</option>\n</select></div>\n",
                title ? title : "", text ? text : "",
                strcmp(type, "all") != 0 ? " selected" : "",
                strcmp(type, "all") == 0 ? " selected" : "");
    sd_page_csrf_field(h, r);
    sd_html_put(h, "<p><button type=\"submit\">Kiểm tra trùng lặp</button></p>\n</form>\n");
}

static void render_hit(sd_html *h, const json_t *hit)
{
    const char *verdict = jstr(hit, "verdict");
    double score = json_number_value(json_object_get(hit, "score"));
    sd_html_put(h, "<li class=\"candidate %s\">\n<h3><a href=\"/doc/%u\">%s</a></h3>\n"
                   "<p class=\"meta\"><span class=\"verdict %s\">%s</span> · "
                   "điểm <strong>%d%%</strong> · <span class=\"type\">%s</span>",
                verdict, jstr(hit, "id"), jstr(hit, "title") ? jstr(hit, "title") : jstr(hit, "id"),
                verdict, sd_page_verdict_name(verdict), (int)(score * 100 + 0.5),
                sd_page_type_name(jstr(hit, "type")));
    sd_page_access_label(h, hit);
    if (jstr(hit, "date")) {
        sd_html_put(h, " · ");
        sd_page_date(h, jstr(hit, "date"));
    }
    sd_html_put(h, "</p>\n<p class=\"measures\">Tỷ lệ đoạn trùng %d%%, độ tương đồng từ vựng "
                   "%d%%</p>\n",
                (int)(json_number_value(json_object_get(hit, "containment")) * 100 + 0.5),
                (int)(json_number_value(json_object_get(hit, "cosine")) * 100 + 0.5));
    const json_t *passages = json_object_get(hit, "passages");
    if (json_array_size(passages)) {
        sd_html_put(h, "<div class=\"passages\">\n");
        size_t i;
        json_t *p;
        json_array_foreach(passages, i, p) {
            sd_html_put(h, "<div class=\"pair\">\n"
                           "<div><h4>Đề xuất</h4><p>%m</p></div>\n"
                           "<div><h4>Tài liệu đã có</h4><p>%m</p></div>\n</div>\n",
                        jstr(p, "query"), jstr(p, "document"));
        }
        sd_html_put(h, "</div>\n");
    }
    sd_html_put(h, "</li>\n");
}

static void render_results(sd_html *h, const json_t *out)
{
    const json_t *hits = json_object_get(out, "hits");
    sd_html_put(h, "<section id=\"results\" aria-labelledby=\"cand-h\">\n"
                   "<h2 id=\"cand-h\">Kết quả kiểm tra</h2>\n");
    size_t dup = 0, i;
    json_t *hit;
    json_array_foreach(hits, i, hit) dup += strcmp(jstr(hit, "verdict") ? jstr(hit, "verdict") : "",
                                                   "duplicate") == 0;
    if (dup)
        sd_html_put(h, "<p class=\"summary warn\" role=\"status\">Có %d tài liệu trùng lặp với "
                       "đề xuất.</p>\n",
                    (int)dup);
    else
        sd_html_put(h, "<p class=\"summary\" role=\"status\">Không thấy tài liệu trùng lặp; "
                       "%d tài liệu gần nhất được liệt kê dưới đây.</p>\n",
                    (int)json_array_size(hits));
    sd_html_put(h, "<ol class=\"candidates\">\n");
    json_array_foreach(hits, i, hit) render_hit(h, hit);
    sd_html_put(h, "</ol>\n</section>\n");
}

enum MHD_Result sd_page_similar(const sd_request *r)
{
    sd_proposal pr = {0};
    json_t *out = NULL;
    tr_error err = {0};
    int posted = strcmp(r->method, "POST") == 0;
    if (posted && sd_proposal_read(r, &pr, &err) == 0 &&
        se_similar(r->engine, &pr.p, &out, &err) &&
        sd_status_for(&err) != MHD_HTTP_BAD_REQUEST) {
        sd_proposal_free(&pr);
        return sd_page_fail(r, &err);
    }
    sd_html h = {0};
    sd_page_begin(&h, "Kiểm tra trùng lặp", "similar");
    sd_html_put(&h, "<h1>Kiểm tra trùng lặp đề xuất nhiệm vụ</h1>\n"
                    "<p class=\"lead\">Dán tên và nội dung đề xuất, hoặc chọn tệp đề xuất; "
                    "tracuu so sánh với các nhiệm vụ đã có (không cần gõ dấu) và chỉ ra các "
                    "đoạn trùng.</p>\n");
    render_form(&h, r, posted ? &pr.form : NULL);
    if (posted && !out)
        sd_html_put(&h, "<p class=\"error\" role=\"alert\">Không kiểm tra được: %s</p>\n",
                    err.message);
    else if (out)
        render_results(&h, out);
    sd_page_end(&h);
    unsigned status = posted && !out ? MHD_HTTP_BAD_REQUEST : MHD_HTTP_OK;
    json_decref(out);
    sd_proposal_free(&pr);
    return sd_page_send(r, status, &h);
}
