/* report: the table, the CSV and the HTML page (see report.h). */
#include "report.h"

#include <string.h>

#include "similar.h"
#include "tr_error.h"

#define TITLE_CHARS 80 /* a longer title is cut in the table */
#define ID_CHARS 40

/* ---- The table -------------------------------------------------------------------------- */

/* Characters (code points) in UTF-8 text: what a terminal's columns count, near
 * enough for NFC Vietnamese. */
static size_t chars(const char *s, size_t len)
{
    size_t n = 0;
    for (size_t i = 0; i < len; i++)
        n += ((unsigned char)s[i] & 0xC0) != 0x80;
    return n;
}

/* Prints at most `max` characters of s, cut with "…", padded to `width`. */
static void put_cell(FILE *f, const char *s, size_t max, size_t width)
{
    size_t len = strlen(s), n = 0, i = 0;
    for (; i < len; i++) {
        if (((unsigned char)s[i] & 0xC0) != 0x80 && ++n > max)
            break;
        fputc(s[i] == '\n' || s[i] == '\t' || s[i] == '\r' ? ' ' : s[i], f);
    }
    size_t shown = chars(s, i);
    if (i < len) {
        fputs("…", f);
        shown++;
    }
    for (; shown < width; shown++)
        fputc(' ', f);
}

static const char *str(const json_t *o, const char *key)
{
    const char *s = json_string_value(json_object_get(o, key));
    return s ? s : "";
}

int dc_print_table(FILE *f, const json_t *answer)
{
    const json_t *hits = json_object_get(answer, "hits");
    size_t n = json_array_size(hits), idw = 2;
    for (size_t i = 0; i < n; i++) {
        const char *id = str(json_array_get(hits, i), "id");
        size_t w = chars(id, strlen(id));
        idw = w > idw ? (w < ID_CHARS ? w : ID_CHARS + 1) : idw;
    }
    if (n == 0) {
        fputs("no similar documents found\n", f);
        return ferror(f) ? TR_EIO : 0;
    }
    fprintf(f, "%-4s %-6s %-9s  ", "rank", "score", "verdict");
    put_cell(f, "id", ID_CHARS, idw);
    fputs("  title\n", f);
    for (size_t i = 0; i < n; i++) {
        const json_t *h = json_array_get(hits, i);
        fprintf(f, "%-4zu %-6.3f %-9s  ", i + 1, json_real_value(json_object_get(h, "score")),
                str(h, "verdict"));
        put_cell(f, str(h, "id"), ID_CHARS, idw);
        fputs("  ", f);
        put_cell(f, str(h, "title"), TITLE_CHARS, 0);
        fputc('\n', f);
    }
    return ferror(f) ? TR_EIO : 0;
}

/* ---- CSV ------------------------------------------------------------------------------------ */

static void csv_cell(FILE *f, const char *s, int last)
{
    int formula = *s == '=' || *s == '+' || *s == '-' || *s == '@';
    fputc('"', f);
    if (formula)
        fputc('\'', f);
    for (; *s; s++) {
        if (*s == '"')
            fputc('"', f);
        fputc(*s, f);
    }
    fputc('"', f);
    fputs(last ? "\r\n" : ",", f);
}

static void csv_number(FILE *f, double v)
{
    fprintf(f, "%.4f,", v);
}

int dc_write_csv(FILE *f, const dc_batch *b)
{
    fputs("\xEF\xBB\xBF", f);
    fputs("proposal,proposal_title,verdict,match_source,match_id,match_title,score,containment,"
          "cosine,match_verdict\r\n",
          f);
    for (size_t i = 0; i < b->props.n; i++) {
        const dc_proposal *p = &b->props.p[i];
        const dc_result *r = &b->res[i];
        for (size_t k = 0; k < (r->n ? r->n : 1); k++) {
            csv_cell(f, p->label, 0);
            csv_cell(f, p->title, 0);
            csv_cell(f, r->verdict, 0);
            if (r->n == 0) {
                fputs(",,,,,,\r\n", f);
                continue;
            }
            const dc_match *m = &r->m[k];
            csv_cell(f, m->in_batch ? "batch" : "index", 0);
            csv_cell(f, m->id, 0);
            csv_cell(f, m->title, 0);
            csv_number(f, m->score);
            csv_number(f, m->containment);
            csv_number(f, m->cosine);
            csv_cell(f, m->verdict, 1);
        }
    }
    return ferror(f) ? TR_EIO : 0;
}

/* ---- HTML ------------------------------------------------------------------------------------ */

static void html(FILE *f, const char *s)
{
    for (; *s; s++) {
        switch (*s) {
        case '&': fputs("&amp;", f); break;
        case '<': fputs("&lt;", f); break;
        case '>': fputs("&gt;", f); break;
        case '"': fputs("&quot;", f); break;
        case '\'': fputs("&#39;", f); break;
        default: fputc(*s, f);
        }
    }
}

static const char *verdict_vi(const char *v)
{
    if (strcmp(v, "duplicate") == 0)
        return "Trùng lặp";
    if (strcmp(v, "related") == 0)
        return "Có liên quan";
    return "Không trùng";
}

static const char page_head[] =
    "<!DOCTYPE html>\n<html lang=\"vi\">\n<head>\n<meta charset=\"utf-8\">\n"
    "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n"
    "<title>Kiểm tra trùng lặp đề xuất nhiệm vụ KH&amp;CN</title>\n<style>\n"
    "body{font-family:\"Segoe UI\",Roboto,\"Noto Sans\",Arial,sans-serif;margin:2em auto;"
    "max-width:75em;padding:0 1em;color:#222;line-height:1.45}\n"
    "table{border-collapse:collapse;width:100%;margin:.5em 0 1.5em}\n"
    "th,td{border:1px solid #bbb;padding:.35em .6em;text-align:left;vertical-align:top}\n"
    "th{background:#eee}\n"
    ".duplicate{background:#fbd5d5}.related{background:#fff0c2}.distinct{background:#e3f2e3}\n"
    "mark{background:#ffe066;padding:0 .1em}\n"
    ".passage{margin:.4em 0;padding:.3em .6em;border-left:3px solid #999;font-size:.93em}\n"
    ".num{text-align:right;white-space:nowrap}\n"
    "@media print{a{color:inherit;text-decoration:none}}\n"
    "</style>\n</head>\n<body>\n<h1>Kiểm tra trùng lặp đề xuất nhiệm vụ KH&amp;CN</h1>\n";

static void summary(FILE *f, const dc_batch *b)
{
    size_t dup = 0, rel = 0;
    for (size_t i = 0; i < b->props.n; i++) {
        dup += strcmp(b->res[i].verdict, "duplicate") == 0;
        rel += strcmp(b->res[i].verdict, "related") == 0;
    }
    fprintf(f,
            "<p>%zu đề xuất: %zu trùng lặp, %zu có liên quan. Điểm từ 0 đến 1; trùng lặp từ "
            "%.2f (có đoạn văn trùng), có liên quan từ %.2f.</p>\n",
            b->props.n, dup, rel, SE_SIM_DUPLICATE, SE_SIM_RELATED);
    fputs("<table>\n<tr><th>#</th><th>Mã / dòng</th><th>Tên đề xuất</th><th>Kết luận</th>"
          "<th>Giống nhất với</th><th class=\"num\">Điểm</th></tr>\n",
          f);
    for (size_t i = 0; i < b->props.n; i++) {
        const dc_result *r = &b->res[i];
        fprintf(f, "<tr class=\"%s\"><td><a href=\"#p%zu\">%zu</a></td><td>", r->verdict, i + 1,
                i + 1);
        html(f, b->props.p[i].label);
        fputs("</td><td>", f);
        html(f, b->props.p[i].title);
        fprintf(f, "</td><td>%s</td><td>", verdict_vi(r->verdict));
        if (r->n) {
            html(f, r->m[0].title);
            fputs(" (", f);
            html(f, r->m[0].id);
            fprintf(f, ")</td><td class=\"num\">%.3f</td></tr>\n", r->m[0].score);
        } else {
            fputs("—</td><td class=\"num\"></td></tr>\n", f);
        }
    }
    fputs("</table>\n", f);
}

static void passages(FILE *f, const json_t *ps)
{
    size_t i;
    const json_t *p;
    json_array_foreach(ps, i, p) {
        /* Escaped with <mark> by similar.h: the one markup taken as is. */
        fprintf(f, "<div class=\"passage\"><div><b>Đề xuất:</b> %s</div>"
                   "<div><b>Tài liệu:</b> %s</div></div>\n",
                str(p, "query"), str(p, "document"));
    }
}

static void details(FILE *f, const dc_batch *b, size_t i)
{
    const dc_proposal *p = &b->props.p[i];
    const dc_result *r = &b->res[i];
    fprintf(f, "<h2 id=\"p%zu\">%zu. ", i + 1, i + 1);
    html(f, p->label);
    fputs(" — ", f);
    html(f, *p->title ? p->title : "(không có tên)");
    fprintf(f, "</h2>\n<p class=\"%s\">Kết luận: <b>%s</b></p>\n", r->verdict,
            verdict_vi(r->verdict));
    if (r->n == 0) {
        fputs("<p>Không tìm thấy tài liệu hay đề xuất nào giống.</p>\n", f);
        return;
    }
    fputs("<table>\n<tr><th>Nguồn</th><th>Mã</th><th>Tên</th><th>Kết luận</th>"
          "<th class=\"num\">Điểm</th><th class=\"num\">Tỉ lệ đoạn trùng</th>"
          "<th class=\"num\">Cosine</th></tr>\n",
          f);
    for (size_t k = 0; k < r->n; k++) {
        const dc_match *m = &r->m[k];
        fprintf(f, "<tr class=\"%s\"><td>%s</td><td>", m->verdict,
                m->in_batch ? "Đề xuất cùng đợt" : "Cơ sở dữ liệu");
        html(f, m->id);
        fputs("</td><td>", f);
        html(f, m->title);
        fprintf(f,
                "</td><td>%s</td><td class=\"num\">%.3f</td><td class=\"num\">%.0f%%</td>"
                "<td class=\"num\">%.3f</td></tr>\n",
                verdict_vi(m->verdict), m->score, 100 * m->containment, m->cosine);
        if (json_array_size(m->passages)) {
            fputs("<tr><td colspan=\"7\">\n", f);
            passages(f, m->passages);
            fputs("</td></tr>\n", f);
        }
    }
    fputs("</table>\n", f);
}

int dc_write_html(FILE *f, const dc_batch *b)
{
    fputs(page_head, f);
    summary(f, b);
    for (size_t i = 0; i < b->props.n; i++)
        details(f, b, i);
    fputs("<p><small>Tạo bởi tracuu-dupcheck. Điểm dựa trên tỉ lệ các cụm 5 âm tiết trùng nhau "
          "(không phân biệt dấu) và độ tương đồng từ vựng.</small></p>\n</body>\n</html>\n",
          f);
    return ferror(f) ? TR_EIO : 0;
}
