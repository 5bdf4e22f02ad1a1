/* Tests of extract/ (ex.h): every format of the sample corpus (corpus/files/) gives
 * its Vietnamese title, body, date and type through the tracuu-extract child; web
 * pages in other charsets and legacy encodings; the main text of a page without its
 * menus; OCR of the scanned decision (skipped only without tesseract or its "vie"
 * data); the type detector's rules; and every way a file can fail: damaged,
 * encrypted, not what its name says, a zip bomb, too large, too slow, too much
 * output, a child that cannot start, and tools it left running when killed; and
 * the program's options.
 * The fixtures are made by tests/data/files/make.sh. */
#include <errno.h>
#include <fcntl.h>
#include <pthread.h>
#include <setjmp.h>
#include <signal.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include <archive.h>
#include <archive_entry.h>
#include <cairo.h>
#include <poppler.h>
#include <cmocka.h>
#include <jansson.h>

#include "ex.h"
#include "ex_int.h"
#include "support.h"
#include "vn_legacy.h"
#include "vn_terms.h"

static const char *corpus(const char *name)
{
    static char path[4096];
    snprintf(path, sizeof path, "%s/corpus/files/%s", ts_source("."), name);
    return path;
}

static const char *fixture(const char *name)
{
    static char path[4096];
    snprintf(path, sizeof path, "%s/tests/data/files/%s", ts_source("."), name);
    return path;
}

static const char *str(json_t *rec, const char *key)
{
    return json_string_value(json_object_get(rec, key));
}

static void assert_nfc(const char *s)
{
    char *nfc = NULL;
    assert_int_equal(vn_legacy_convert(VN_ENC_UTF8, 0, s, strlen(s), &nfc, NULL, NULL), 0);
    assert_string_equal(s, nfc);
    free(nfc);
}

static json_t *extract_ok(const char *path, const ex_limits *l)
{
    json_t *rec = NULL;
    tr_error err = {0};
    int rc = ex_extract(path, l, &rec, &err);
    if (rc)
        fail_msg("%s: %s", path, err.message);
    assert_non_null(rec);
    assert_nfc(str(rec, "body"));
    assert_nfc(str(rec, "title"));
    assert_string_equal(str(rec, "source"), "file");
    return rec;
}

/* extract_ok() of a file of the sample corpus with the default limits. */
static json_t *extract_sample(const char *file)
{
    ex_limits l;
    ex_limits_init(&l);
    return extract_ok(corpus(file), &l);
}

/* Extracts with ex_extract() and expects `code` with `words` in the message. */
static void extract_fails(const char *path, const ex_limits *l, int code, const char *words)
{
    json_t *rec = NULL;
    tr_error err = {0};
    int rc = ex_extract(path, l, &rec, &err);
    if (rc != code || !strstr(err.message, words))
        fail_msg("%s: got %d \"%s\", expected %d with \"%s\"", path, rc, err.message, code,
                 words);
    assert_null(rec);
}

/* ---- Formats ------------------------------------------------------------------ */

TS_TEST(test_format_of)
{
    static const struct {
        const char *path;
        ex_format f;
    } rows[] = {
        {"a/b/tin.HTML", EX_HTML}, {"x.htm", EX_HTML},     {"x.xhtml", EX_HTML},
        {"x.pdf", EX_PDF},         {"X.DOCX", EX_DOCX},    {"x.odt", EX_ODT},
        {"x.doc", EX_DOC},         {"scan.Jpeg", EX_IMAGE}, {"scan.tif", EX_IMAGE},
        {"x.txt", EX_NONE},        {".pdf", EX_NONE},      {"dir.pdf/readme", EX_NONE},
        {"noext", EX_NONE},        {"x.docx.bak", EX_NONE},
    };
    for (size_t i = 0; i < sizeof rows / sizeof rows[0]; i++)
        if (ex_format_of(rows[i].path) != rows[i].f)
            fail_msg("%s: format %d", rows[i].path, ex_format_of(rows[i].path));
    assert_string_equal(ex_format_name(EX_DOCX), "docx");
    assert_string_equal(ex_format_name(EX_NONE), "none");
}

static const struct {
    const char *file, *format, *title, *body, *date, *type, *number;
} FORMAT_ROWS[] = {
    {"tin-hoi-thao-chuyen-doi-so.html", "html",
     "Hội thảo chuyển đổi số trong quản lý nhiệm vụ khoa học",
     "tra cứu các đề tài đã thực hiện, để tránh đề xuất trùng lặp", "2024-05-22", "news", NULL},
    {"bien-ban-nghiem-thu-lua-chiu-man.pdf", "pdf",
     "Biên bản họp Hội đồng nghiệm thu đề tài giống lúa chịu mặn",
     "năng suất bình quân đạt 5,8 tấn mỗi héc-ta", "2023-04-13", "minutes", NULL},
    {"thuyet-minh-de-tai-nuoi-tom.docx", "docx",
     "Thuyết minh đề tài nuôi tôm thẻ chân trắng hai giai đoạn trong nhà màng",
     "Mã số: ĐT.KHCN.2024.07", "2024-03-18", "task", NULL},
    {"quyet-dinh-thanh-lap-hoi-dong.odt", "odt",
     "Quyết định thành lập Hội đồng tư vấn xác định nhiệm vụ năm 2024",
     "Điều 2. Hội đồng có nhiệm vụ xem xét các đề xuất về thủy sản nước lợ", "2023-09-20",
     "legal", "112/QĐ-SKHCN"},
    {"cong-van-bao-cao-ket-qua.doc", "doc",
     "V/v báo cáo kết quả thực hiện nhiệm vụ khoa học và công nghệ năm 2023",
     "Kính gửi: các cơ quan chủ trì nhiệm vụ khoa học và công nghệ cấp tỉnh.", "2023-11-10",
     "legal", "356/SKHCN-QLKH"},
};

TS_TEST(test_formats)
{
    ex_limits l;
    ex_limits_init(&l);
    for (size_t i = 0; i < sizeof FORMAT_ROWS / sizeof FORMAT_ROWS[0]; i++) {
        json_t *rec = extract_ok(corpus(FORMAT_ROWS[i].file), &l);
        const char *why = FORMAT_ROWS[i].file;
        if (strcmp(str(rec, "format"), FORMAT_ROWS[i].format) != 0 ||
            strcmp(str(rec, "title"), FORMAT_ROWS[i].title) != 0 ||
            !strstr(str(rec, "body"), FORMAT_ROWS[i].body) ||
            !str(rec, "date") || strcmp(str(rec, "date"), FORMAT_ROWS[i].date) != 0 ||
            !str(rec, "type") || strcmp(str(rec, "type"), FORMAT_ROWS[i].type) != 0)
            fail_msg("%s: %s", why, json_dumps(rec, JSON_COMPACT));
        if (FORMAT_ROWS[i].number)
            assert_string_equal(str(rec, "doc_number"), FORMAT_ROWS[i].number);
        else
            assert_null(json_object_get(rec, "doc_number"));
        assert_null(json_object_get(rec, "ocr"));
        assert_null(json_object_get(rec, "id"));
        /* Paragraphs are one line each: no empty line, no line break inside one. */
        assert_null(strstr(str(rec, "body"), "\n\n"));
        json_decref(rec);
    }
}

TS_TEST(test_metadata)
{
    json_t *rec = extract_sample("bien-ban-nghiem-thu-lua-chiu-man.pdf");
    assert_int_equal(json_integer_value(json_object_get(rec, "pages")), 1);
    assert_string_equal(str(rec, "author"), "Phòng Quản lý khoa học");
    /* A paragraph's lines are joined again where the sentence goes on. */
    assert_non_null(strstr(str(rec, "body"), "Hôm nay, ngày 13 tháng 4 năm 2023, vào lúc 8 giờ"));
    json_decref(rec);
    rec = extract_sample("thuyet-minh-de-tai-nuoi-tom.docx");
    assert_string_equal(str(rec, "author"), "ThS. Trần Văn Minh");
    json_decref(rec);
    rec = extract_sample("tin-hoi-thao-chuyen-doi-so.html");
    assert_string_equal(str(rec, "author"), "Lê Hoài Thương");
    assert_string_equal(str(rec, "encoding"), "utf-8");
    assert_non_null(strstr(str(rec, "description"), "phần mềm quản lý nhiệm vụ"));
    json_decref(rec);
}

/* The page's site around the article is left out. */
TS_TEST(test_html_main_text)
{
    json_t *rec = extract_sample("tin-hoi-thao-chuyen-doi-so.html");
    const char *body = str(rec, "body");
    static const char *const gone[] = {"Trang chủ", "Liên hệ", "Tin mới nhất", "Bản quyền",
                                       "Chia sẻ", "đếm lượt xem", "font-family", "Từ khóa",
                                       "Sở KH&CN Quảng Nam"};
    for (size_t i = 0; i < sizeof gone / sizeof gone[0]; i++)
        if (strstr(body, gone[i]))
            fail_msg("\"%s\" is in the body: %s", gone[i], body);
    assert_non_null(strstr(body, "Sáng ngày 22 tháng 5 năm 2024"));
    assert_non_null(strstr(body, "trước khi áp dụng chính thức."));
    json_decref(rec);
}

TS_TEST(test_html_charsets)
{
    ex_limits l;
    ex_limits_init(&l);
    static const char *const text = "Học viên được hướng dẫn tra cứu nhãn hiệu trước khi nộp đơn";
    json_t *rec = extract_ok(fixture("page-cp1258.html"), &l);
    assert_string_equal(str(rec, "encoding"), "windows-1258");
    assert_string_equal(str(rec, "title"), "Tập huấn sở hữu trí tuệ");
    assert_non_null(strstr(str(rec, "body"), text));
    /* No <article>: the table cell with the paragraphs, not the menu beside it. */
    assert_null(strstr(str(rec, "body"), "Văn bản"));
    assert_string_equal(str(rec, "date"), "2019-08-08");
    json_decref(rec);

    rec = extract_ok(fixture("page-viqr.html"), &l);
    assert_string_equal(str(rec, "encoding"), "viqr");
    assert_non_null(strstr(str(rec, "body"), text));
    json_decref(rec);

    /* Invalid UTF-8 is replaced, and the rest of the page is read as UTF-8: the news
     * page with two letters as Latin-1 bytes, as a page that lost bytes has them. */
    int fd = open(corpus("tin-hoi-thao-chuyen-doi-so.html"), O_RDONLY);
    assert_true(fd >= 0);
    char *page = ts_read_all(fd), *at = strstr(page, "Sáng ngày");
    close(fd);
    assert_non_null(at);
    static const char lost[] = "S\xe1ng ng\xe0y";
    memcpy(at, lost, sizeof lost - 1);
    memmove(at + sizeof lost - 1, at + strlen("Sáng ngày"), strlen(at + strlen("Sáng ngày")) + 1);
    ts_write_file(ts_tmp_path("page-bad-utf8.html"), page, strlen(page));
    free(page);
    rec = extract_ok(ts_tmp_path("page-bad-utf8.html"), &l);
    assert_non_null(strstr(str(rec, "body"), "S\xef\xbf\xbdng ng\xef\xbf\xbdy 22 tháng 5"));
    assert_non_null(strstr(str(rec, "body"), "Phòng Quản lý khoa học"));
    json_decref(rec);

    /* TCVN3 (ABC fonts) on a page that says Windows-1252, as such pages did. */
    static const char tcvn3[] =
        "<html><head><meta charset=\"windows-1252\"><title>Tin</title></head><body><p>"
        "S\xeb Khoa h\xe4""c v\xb5 C\xabng ngh\xd6 t\xd8nh Qu\xb6ng Nam nghi\xaan c\xf8u \xae\xd2 "
        "t\xb5i v\xd2 gi\xe8ng l\xf3""a. S\xeb Khoa h\xe4""c v\xb5 C\xabng ngh\xd6 t\xd8nh "
        "Qu\xb6ng Nam nghi\xaan c\xf8u \xae\xd2 t\xb5i v\xd2 gi\xe8ng l\xf3""a.</p></body></html>";
    tr_error err = {0};
    assert_int_equal(ex_extract_buffer(EX_HTML, tcvn3, sizeof tcvn3 - 1, &l, &rec, &err), 0);
    assert_string_equal(str(rec, "encoding"), "tcvn3");
    assert_non_null(strstr(str(rec, "body"), "Sở Khoa học và Công nghệ tỉnh Quảng Nam nghiên cứu "
                                             "đề tài về giống lúa."));
    json_decref(rec);
}

TS_TEST(test_buffer)
{
    ex_limits l;
    ex_limits_init(&l);
    static const char *const files[] = {"thuyet-minh-de-tai-nuoi-tom.docx",
                                        "quyet-dinh-thanh-lap-hoi-dong.odt",
                                        "bien-ban-nghiem-thu-lua-chiu-man.pdf",
                                        "cong-van-bao-cao-ket-qua.doc"};
    for (size_t i = 0; i < 4; i++) {
        FILE *f = fopen(corpus(files[i]), "rb");
        assert_non_null(f);
        char buf[65536];
        size_t n = fread(buf, 1, sizeof buf, f);
        fclose(f);
        json_t *rec = NULL, *here = NULL;
        tr_error err = {0};
        if (ex_extract_buffer(ex_format_of(files[i]), buf, n, &l, &rec, &err) != 0)
            fail_msg("%s: %s", files[i], err.message);
        assert_int_equal(ex_extract_here(corpus(files[i]), &l, &here, &err), 0);
        assert_true(json_equal(rec, here));
        json_decref(rec);
        json_decref(here);
    }
}

/* Every prefix of every fixture is a damaged file: an error or a record, never a
 * crash, a hang or a leak (this runs under ASan too). */
TS_TEST(test_truncated)
{
    ex_limits l;
    ex_limits_init(&l);
    for (size_t i = 0; i < sizeof FORMAT_ROWS / sizeof FORMAT_ROWS[0]; i++) {
        FILE *f = fopen(corpus(FORMAT_ROWS[i].file), "rb");
        assert_non_null(f);
        static char buf[65536];
        size_t n = fread(buf, 1, sizeof buf, f);
        fclose(f);
        ex_format fmt = ex_format_of(FORMAT_ROWS[i].file);
        for (size_t cut = 0; cut < n; cut += n / 7 + 1) {
            json_t *rec = NULL;
            tr_error err = {0};
            int rc = ex_extract_buffer(fmt, buf, cut, &l, &rec, &err);
            if (rc == 0 ? !json_is_object(rec) : (rec != NULL || !err.message[0]))
                fail_msg("%s cut at %zu: %d", FORMAT_ROWS[i].file, cut, rc);
            json_decref(rec);
        }
    }
}

/* ---- OCR ------------------------------------------------------------------------ */

static int have_tesseract_vie(void)
{
    char *argv[] = {"tesseract", "--list-langs", NULL};
    ex_run_opts o = {.seconds = 20, .out_cap = 65536, .keep_fd = -1};
    ex_run r;
    int ok = ex_run_program(argv, &o, &r, NULL) == 0 && r.out && strstr(r.out, "\nvie");
    ex_run_free(&r);
    return ok;
}

TS_TEST(test_ocr)
{
    ex_limits l;
    ex_limits_init(&l);
    const char *scan = corpus("quyet-dinh-phe-duyet-danh-muc-scan.pdf");
    extract_fails(scan, &l, TR_EINVAL, "no text layer; use --ocr");
    if (!have_tesseract_vie()) {
        print_message("SKIP: OCR: tesseract or its Vietnamese data (tesseract-ocr-vie) "
                      "is not installed\n");
        skip();
    }
    l.ocr = 1;
    json_t *rec = extract_ok(scan, &l);
    assert_true(json_is_true(json_object_get(rec, "ocr")));
    assert_int_equal(json_integer_value(json_object_get(rec, "pages")), 1);
    /* OCR may miss a letter here and there: most of these words must be read right. */
    static const char *const words[] = {"QUYẾT ĐỊNH", "danh mục", "dược liệu", "nuôi trồng nấm",
                                        "bảo quản nông sản", "thuyết minh", "Điều 1", "Điều 2",
                                        "cấp cơ sở"};
    int found = 0;
    for (size_t i = 0; i < sizeof words / sizeof words[0]; i++)
        found += strstr(str(rec, "body"), words[i]) != NULL;
    if (found < 7)
        fail_msg("OCR read %d of 9 words: %s", found, str(rec, "body"));
    assert_string_equal(str(rec, "type"), "legal");
    assert_string_equal(str(rec, "date"), "2024-03-05");
    json_decref(rec);

    /* An image file: the top of the scanned page, as a scanner would save it. */
    GError *ge = NULL;
    char *uri = g_filename_to_uri(scan, NULL, NULL);
    PopplerDocument *doc = poppler_document_new_from_file(uri, NULL, &ge);
    g_free(uri);
    assert_non_null(doc);
    PopplerPage *page = poppler_document_get_page(doc, 0);
    cairo_surface_t *img = cairo_image_surface_create(CAIRO_FORMAT_RGB24, 2480, 700);
    cairo_t *cr = cairo_create(img);
    cairo_set_source_rgb(cr, 1, 1, 1);
    cairo_paint(cr);
    cairo_scale(cr, 300 / 72.0, 300 / 72.0);
    poppler_page_render(page, cr);
    cairo_destroy(cr);
    g_object_unref(page);
    g_object_unref(doc);
    const char *png = ts_tmp_path("trang.png");
    assert_int_equal(cairo_surface_write_to_png(img, png), CAIRO_STATUS_SUCCESS);
    cairo_surface_destroy(img);
    rec = extract_ok(png, &l);
    assert_string_equal(str(rec, "format"), "image");
    assert_true(json_is_true(json_object_get(rec, "ocr")));
    if (!strstr(str(rec, "body"), "KHOA HỌC VÀ CÔNG NGHỆ") || !strstr(str(rec, "body"), "tháng 3"))
        fail_msg("OCR of the image: %s", str(rec, "body"));
    assert_string_equal(str(rec, "date"), "2024-03-05");
    json_decref(rec);
    l.ocr = 0;
    extract_fails(png, &l, TR_EINVAL, "use --ocr");
}

/* ---- Detection ------------------------------------------------------------------ */

TS_TEST(test_detect)
{
    static const struct {
        const char *title, *body, *type, *date, *number;
    } rows[] = {
        {NULL, "SỞ KHOA HỌC VÀ CÔNG NGHỆ\nSố: 12/QĐ-UBND\nĐà Nẵng, ngày 3 tháng 2 năm 2021\n"
               "QUYẾT ĐỊNH\nVề việc giao nhiệm vụ", "legal", "2021-02-03", "12/QĐ-UBND"},
        {NULL, "NGHỊ QUYẾT\nSố: 05/2022/NQ-HĐND\nngày 7/7/2022", "legal", "2022-07-07",
         "05/2022/NQ-HĐND"},
        {NULL, "CHỈ THỊ\nSố: 07-CT/TU\nHội An, ngày 31 tháng 12 năm 2020", "legal", "2020-12-31",
         "07-CT/TU"},
        {NULL, "Số: 88/SKHCN-VP\nV/v góp ý dự thảo\nngày 2 tháng 5 năm 2022", "legal",
         "2022-05-02", "88/SKHCN-VP"},
        {NULL, "Tam Kỳ, ngày 14 tháng 4 năm 2023\nBIÊN BẢN HỌP\nVào lúc 14 giờ 00, ngày 12 "
               "tháng 4 năm 2023, tại ...", "minutes", "2023-04-12", NULL},
        {"Biên bản kiểm tra đề tài", "Hôm nay, ngày 29 tháng 2 năm 2024 đoàn kiểm tra ...",
         "minutes", "2024-02-29", NULL},
        {NULL, "THUYẾT MINH NHIỆM VỤ KHOA HỌC\nTên nhiệm vụ: Bảo tồn gen\nMã số: NV.01", "task",
         "", NULL},
        {NULL, "Tên đề tài: Nuôi cá lồng\nMã số: ĐT.2020.03\nngày 30 tháng 2 năm 2020", "task",
         "", NULL},
        /* News that mentions a decision, and words that only look like headings. */
        {NULL, "Sáng nay, Sở công bố quyết định số 12/QĐ-UBND về biên bản ghi nhớ ngày "
               "5 tháng 6 năm 2023.", NULL, "2023-06-05", NULL},
        {NULL, "Số người tham dự: 120\nKẾT QUẢ HỘI THẢO", NULL, "", NULL},
    };
    for (size_t i = 0; i < sizeof rows / sizeof rows[0]; i++) {
        ex_detect d;
        assert_int_equal(ex_detect_run(rows[i].title, rows[i].body, strlen(rows[i].body), &d, NULL),
                         0);
        int ok = (rows[i].type ? d.type && strcmp(d.type, rows[i].type) == 0 : !d.type) &&
                 strcmp(d.date, rows[i].date) == 0 &&
                 strcmp(d.number, rows[i].number ? rows[i].number : "") == 0;
        if (!ok)
            fail_msg("row %zu (%.30s): type %s date \"%s\" number \"%s\"", i, rows[i].body,
                     d.type ? d.type : "-", d.date, d.number);
    }
}

/* ---- Failures ------------------------------------------------------------------- */

TS_TEST(test_bad_files)
{
    ex_limits l;
    ex_limits_init(&l);
    extract_fails(fixture("truncated.pdf"), &l, TR_EINVAL, "damaged");
    extract_fails(fixture("encrypted.pdf"), &l, TR_EINVAL, "encrypted");
    extract_fails(fixture("random.docx"), &l, TR_EINVAL, "not a zip");
    extract_fails(fixture("random.odt"), &l, TR_EINVAL, "odt");
    extract_fails(fixture("make.sh"), &l, TR_EINVAL, "not a format");
    extract_fails(ts_tmp_path("none.pdf"), &l, TR_ENOTFOUND, "cannot open");
    /* A PDF that is a web page, a .doc that is a PDF, a page with no text. */
    ts_write_file(ts_tmp_path("page.pdf"), "<html><body>x</body></html>", 27);
    extract_fails(ts_tmp_path("page.pdf"), &l, TR_EINVAL, "not a readable PDF");
    FILE *in = fopen(fixture("encrypted.pdf"), "rb");
    char buf[4096];
    size_t n = fread(buf, 1, sizeof buf, in);
    fclose(in);
    ts_write_file(ts_tmp_path("pdf.doc"), buf, n);
    extract_fails(ts_tmp_path("pdf.doc"), &l, TR_EINVAL, "Word");
    ts_write_file(ts_tmp_path("empty.html"), "<html><body> </body></html>", 27);
    extract_fails(ts_tmp_path("empty.html"), &l, TR_EINVAL, "no text");
}

/* A .docx whose document.xml is `mib` MiB of spaces: deflate packs them ~1000:1. */
static void write_bomb(const char *path, size_t mib)
{
    struct archive *a = archive_write_new();
    archive_write_set_format_zip(a);
    assert_int_equal(archive_write_open_filename(a, path), ARCHIVE_OK);
    struct archive_entry *e = archive_entry_new();
    archive_entry_set_pathname(e, "word/document.xml");
    archive_entry_set_filetype(e, AE_IFREG);
    archive_entry_set_perm(e, 0644);
    archive_entry_set_size(e, (la_int64_t)(mib << 20));
    assert_int_equal(archive_write_header(a, e), ARCHIVE_OK);
    static char spaces[1 << 20];
    memset(spaces, ' ', sizeof spaces);
    static const char head[] = "<?xml version=\"1.0\"?><w:document xmlns:w=\"http://"
                               "schemas.openxmlformats.org/wordprocessingml/2006/main\"><w:body>";
    memcpy(spaces, head, sizeof head - 1);
    for (size_t i = 0; i < mib; i++) {
        assert_int_equal(archive_write_data(a, spaces, sizeof spaces), (la_ssize_t)sizeof spaces);
        memset(spaces, ' ', sizeof head);
    }
    archive_entry_free(e);
    archive_write_close(a);
    archive_write_free(a);
}

TS_TEST(test_zip_bomb)
{
    ex_limits l;
    ex_limits_init(&l);
    const char *bomb = ts_tmp_path("bomb.docx");
    write_bomb(bomb, 128);
    struct stat st;
    assert_int_equal(stat(bomb, &st), 0);
    assert_true(st.st_size < (128 << 20) / 200);
    extract_fails(bomb, &l, TR_ELIMIT, "zip bomb?");
}

TS_TEST(test_limits)
{
    ex_limits l;
    ex_limits_init(&l);
    l.output = 200;
    extract_fails(corpus("tin-hoi-thao-chuyen-doi-so.html"), &l, TR_ELIMIT, "output limit");
    extract_fails(corpus("cong-van-bao-cao-ket-qua.doc"), &l, TR_ELIMIT, "output limit");
    ex_limits_init(&l);
    l.input = 1000;
    extract_fails(corpus("bien-ban-nghiem-thu-lua-chiu-man.pdf"), &l, TR_ELIMIT, "input limit");
    static char page[2000] = "<p>x</p>";
    json_t *rec = NULL;
    assert_int_equal(ex_extract_buffer(EX_HTML, page, sizeof page, &l, &rec, NULL), TR_ELIMIT);
}

/* The memory limit is RLIMIT_AS, which AddressSanitizer's shadow memory rules out. */
TS_TEST(test_memory)
{
#if defined(__SANITIZE_ADDRESS__)
    print_message("SKIP: no memory limit in a sanitized build\n");
    skip();
#else
    ex_limits l;
    ex_limits_init(&l);
    l.memory = 30u << 20;
    extract_fails(corpus("bien-ban-nghiem-thu-lua-chiu-man.pdf"), &l, TR_ELIMIT, "memory");
    l.memory = 80u << 20;
    l.ocr = 1;
    extract_fails(corpus("quyet-dinh-phe-duyet-danh-muc-scan.pdf"), &l, TR_ELIMIT, "memory");
#endif
}

/* A stand-in for tracuu-extract: a shell script. */
static void fake_extract(const char *script)
{
    const char *path = ts_tmp_path("fake-extract");
    ts_write_file(path, script, strlen(script));
    chmod(path, 0755);
    setenv("TRACUU_EXTRACT", path, 1);
}

static double now_s(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + ts.tv_nsec / 1e9;
}

static int alive(pid_t pid)
{
    char path[64], buf[512];
    snprintf(path, sizeof path, "/proc/%d/stat", (int)pid);
    FILE *f = fopen(path, "r");
    if (!f)
        return 0;
    size_t n = fread(buf, 1, sizeof buf - 1, f);
    fclose(f);
    buf[n] = '\0';
    const char *paren = strrchr(buf, ')');
    return paren && paren[1] == ' ' && paren[2] != 'Z' && paren[2] != 'X';
}

TS_TEST(test_child)
{
    ex_limits l;
    ex_limits_init(&l);
    const char *file = corpus("tin-hoi-thao-chuyen-doi-so.html");

    /* Too slow: killed at the deadline with the tool it started. */
    char script[1024];
    snprintf(script, sizeof script, "#!/bin/sh\nsleep 30 &\necho $! > %s\nsleep 30\n",
             ts_tmp_path("grandchild"));
    fake_extract(script);
    l.seconds = 1;
    double t0 = now_s();
    extract_fails(file, &l, TR_ELIMIT, "longer than 1 s");
    assert_true(now_s() - t0 < 5);
    FILE *f = fopen(ts_tmp_path("grandchild"), "r");
    assert_non_null(f);
    int pid = 0;
    assert_int_equal(fscanf(f, "%d", &pid), 1);
    fclose(f);
    for (int i = 0; i < 100 && alive(pid); i++)
        usleep(10000);
    assert_false(alive(pid));
    ex_limits_init(&l);

    fake_extract("#!/bin/sh\nexec yes 'một dòng chữ'\n");
    extract_fails(file, &l, TR_ELIMIT, "output limit");

    /* The child's one-line error and its code; what a library wrote before it. */
    fake_extract("#!/bin/sh\necho 'Syntax Error: bad xref' >&2\n"
                 "echo 'tracuu-extract: encrypted PDF' >&2\nexit 66\n");
    extract_fails(file, &l, TR_EINVAL, "encrypted PDF");
    fake_extract("#!/bin/sh\necho 'tracuu-extract: out of memory' >&2\nexit 65\n");
    extract_fails(file, &l, TR_ELIMIT, "memory");
    fake_extract("#!/bin/sh\nkill -SEGV $$\n");
    extract_fails(file, &l, TR_EINVAL, "signal 11");
    fake_extract("#!/bin/sh\necho '[1, 2]'\n");
    extract_fails(file, &l, TR_EINTERNAL, "no JSON object");
    fake_extract("#!/bin/sh\nexit 3\n");
    extract_fails(file, &l, TR_EINTERNAL, "status 3");
    setenv("TRACUU_EXTRACT", ts_tmp_path("missing"), 1);
    extract_fails(file, &l, TR_EINTERNAL, "cannot be started");
    unsetenv("TRACUU_EXTRACT");
}

/* The indexer's workers call ex_extract() at once. */
static void *worker(void *arg)
{
    ex_limits l;
    ex_limits_init(&l);
    const char *file = arg;
    for (int i = 0; i < 3; i++) {
        json_t *rec = NULL;
        tr_error err = {0};
        if (ex_extract(file, &l, &rec, &err) != 0)
            return (void *)1;
        json_decref(rec);
    }
    return NULL;
}

TS_TEST(test_threads)
{
    static char paths[4][4096];
    pthread_t t[4];
    for (size_t i = 0; i < 4; i++) {
        snprintf(paths[i], sizeof paths[i], "%s", corpus(FORMAT_ROWS[i].file));
        assert_int_equal(pthread_create(&t[i], NULL, worker, paths[i]), 0);
    }
    for (size_t i = 0; i < 4; i++) {
        void *r;
        pthread_join(t[i], &r);
        assert_null(r);
    }
}

/* The program's options, as a person running it by hand meets them. */
TS_TEST(test_options)
{
    enum { BAD = EX_EXIT_BASE + TR_EINVAL };
    static const ts_run_row rows[] = {
        {{"--version"}, 0, TS_VERSION_LINE("tracuu-extract")},
        {{"--help"}, 0, "usage: tracuu-extract"},
        {{"--seconds"}, BAD, "tracuu-extract: --seconds needs a value"},
        {{"--frobnicate", "a.pdf"}, BAD, "tracuu-extract: unknown option --frobnicate"},
        {{"--seconds", "90000", "a.pdf"}, BAD, "tracuu-extract: bad number for an option"},
        {{"a.pdf", "--ocr"}, BAD, "tracuu-extract: one file at a time"},
        {{"--ocr"}, BAD, "tracuu-extract: no file given"},
    };
    ts_expect_runs("extract/tracuu-extract", rows, sizeof rows / sizeof rows[0]);
}

int main(void)
{
    unsetenv("TRACUU_EXTRACT");
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_format_of),
        cmocka_unit_test(test_formats),
        cmocka_unit_test(test_metadata),
        cmocka_unit_test(test_html_main_text),
        cmocka_unit_test_setup_teardown(test_html_charsets, ts_tmp_setup, ts_tmp_teardown),
        cmocka_unit_test(test_buffer),
        cmocka_unit_test(test_truncated),
        cmocka_unit_test_setup_teardown(test_ocr, ts_tmp_setup, ts_tmp_teardown),
        cmocka_unit_test(test_detect),
        cmocka_unit_test_setup_teardown(test_bad_files, ts_tmp_setup, ts_tmp_teardown),
        cmocka_unit_test_setup_teardown(test_zip_bomb, ts_tmp_setup, ts_tmp_teardown),
        cmocka_unit_test(test_limits),
        cmocka_unit_test(test_memory),
        cmocka_unit_test_setup_teardown(test_child, ts_tmp_setup, ts_tmp_teardown),
        cmocka_unit_test(test_threads),
        cmocka_unit_test(test_options),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
