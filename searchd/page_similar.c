/* page_similar: the duplicate check, /similar (pages.h).
 *
 * GET shows the form; the form POSTs the proposal (title, text, type) as
 * application/x-www-form-urlencoded or multipart/form-data, read with
 * libmicrohttpd's post processor, and the page shows se_similar()'s candidates, as
 * POST /api/similar answers them: each with its verdict and score, and the passages it
 * shares with the proposal side by side, the shared words highlighted.
 */
#include <stdlib.h>
#include <string.h>

#include "pages.h"
#include "reply.h"
#include "similar.h"

static const char *jstr(const json_t *o, const char *key)
{
    return json_string_value(json_object_get(o, key));
}

/* The form's fields as they arrive, in pieces. */
typedef struct form_field {
    char *data;
    size_t len;
} form_field;

typedef struct form {
    form_field title, text, type;
    int failed;
} form;

static enum MHD_Result on_field(void *cls, enum MHD_ValueKind kind, const char *key,
                                const char *filename, const char *content_type,
                                const char *transfer_encoding, const char *data, uint64_t off,
                                size_t size)
{
    (void)kind, (void)filename, (void)content_type, (void)transfer_encoding, (void)off;
    form *f = cls;
    form_field *field = strcmp(key, "title") == 0  ? &f->title
                        : strcmp(key, "text") == 0 ? &f->text
                        : strcmp(key, "type") == 0 ? &f->type
                                                   : NULL;
    if (!field)
        return MHD_YES;
    char *d = realloc(field->data, field->len + size + 1);
    if (!d) {
        f->failed = 1;
        return MHD_NO;
    }
    memcpy(d + field->len, data, size);
    field->data = d;
    field->len += size;
    d[field->len] = '\0';
    return MHD_YES;
}

static void form_free(form *f)
{
    free(f->title.data);
    free(f->text.data);
    free(f->type.data);
}

/* Reads the POST body. -1 when it is not a form libmicrohttpd can read. */
static int read_form(const sd_request *r, form *f)
{
    struct MHD_PostProcessor *pp = MHD_create_post_processor(r->conn, 16 * 1024, on_field, f);
    if (!pp)
        return -1;
    int ok = !r->body_len || MHD_post_process(pp, r->body, r->body_len) == MHD_YES;
    MHD_destroy_post_processor(pp);
    return ok && !f->failed ? 0 : -1;
}

static void render_form(sd_html *h, const sd_request *r, const form *f)
{
    const char *type = f && f->type.data ? f->type.data : "task";
    sd_html_put(h,
                "<form class=\"similar\" action=\"/similar\" method=\"post\">\n"
                "<div class=\"field\"><label for=\"title\">Tên đề xuất</label>\n"
                "<input id=\"title\" name=\"title\" value=\"%s\" maxlength=\"2000\"></div>\n"
                "<div class=\"field\"><label for=\"text\">Nội dung đề xuất (mục tiêu, nội dung,"
                " kết quả dự kiến)</label>\n"
                "<textarea id=\"text\" name=\"text\" rows=\"10\">%s</textarea></div>\n"
                "<div class=\"field\"><label for=\"type\">So sánh với</label>\n"
                "<select id=\"type\" name=\"type\">\n"
                "<option value=\"task\"%r>Nhiệm vụ KH&amp;CN đã có</option>\n"
                "<option value=\"all\"%r>Mọi tài liệu</option>\n</select></div>\n",
                f && f->title.data ? f->title.data : "", f && f->text.data ? f->text.data : "",
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
    form f = {0};
    json_t *out = NULL;
    tr_error err = {0};
    int posted = strcmp(r->method, "POST") == 0;
    if (posted) {
        if (read_form(r, &f)) {
            tr_error_set(&err, TR_EINVAL, "the form could not be read");
        } else {
            se_similar_params p = {0};
            p.title = f.title.data;
            p.title_len = f.title.len;
            p.text = f.text.data;
            p.text_len = f.text.len;
            p.type = f.type.data;
            if (se_similar(r->engine, &p, &out, &err) &&
                sd_status_for(&err) != MHD_HTTP_BAD_REQUEST) {
                form_free(&f);
                return sd_page_fail(r, &err);
            }
        }
    }
    sd_html h = {0};
    sd_page_begin(&h, "Kiểm tra trùng lặp", "similar");
    sd_html_put(&h, "<h1>Kiểm tra trùng lặp đề xuất nhiệm vụ</h1>\n"
                    "<p class=\"lead\">Dán tên và nội dung đề xuất; tracuu so sánh với các nhiệm "
                    "vụ đã có (không cần gõ dấu) và chỉ ra các đoạn trùng.</p>\n");
    render_form(&h, r, posted ? &f : NULL);
    if (posted && !out)
        sd_html_put(&h, "<p class=\"error\" role=\"alert\">Không kiểm tra được: %s</p>\n",
                    err.message);
    else if (out)
        render_results(&h, out);
    sd_page_end(&h);
    unsigned status = posted && !out ? MHD_HTTP_BAD_REQUEST : MHD_HTTP_OK;
    json_decref(out);
    form_free(&f);
    return sd_page_send(r, status, &h);
}
