/* Tests of tracuu-index on the department's own files, black-box: a folder of
 * .txt, .md, a web page, a PDF, a DOCX and an ODT (all written here) is indexed by
 * the program; each document is then found in the database by id, type, date and
 * a word of its text; a .tracuu file sets the type and date of its folder; a
 * damaged PDF and a zip bomb are reported by name while the run goes on and ends
 * with exit status 1; images are read only with --ocr. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <archive.h>
#include <archive_entry.h>
#include <cmocka.h>

#include "support.h"
#include "vn_terms.h"
#include "xc.h"

static void write_text(const char *path, const char *text)
{
    ts_write_file(path, text, strlen(text));
}

/* A zip archive of `n` entries (names[i], data[i]); an entry whose data is NULL
 * holds `big` bytes of 'a' between data_head and data_tail, written a chunk at a
 * time, so that a bomb is made without holding it. */
static void write_zip(const char *path, const char *const *names, const char *const *data,
                      size_t n, size_t big)
{
    struct archive *a = archive_write_new();
    assert_non_null(a);
    assert_int_equal(archive_write_set_format_zip(a), ARCHIVE_OK);
    assert_int_equal(archive_write_open_filename(a, path), ARCHIVE_OK);
    static const char head[] = "<?xml version=\"1.0\"?><w:document xmlns:w=\"http://schemas."
                               "openxmlformats.org/wordprocessingml/2006/main\"><w:body><w:p>"
                               "<w:r><w:t>";
    static const char tail[] = "</w:t></w:r></w:p></w:body></w:document>";
    for (size_t i = 0; i < n; i++) {
        struct archive_entry *e = archive_entry_new();
        archive_entry_set_pathname(e, names[i]);
        archive_entry_set_filetype(e, AE_IFREG);
        archive_entry_set_perm(e, 0644);
        size_t size = data[i] ? strlen(data[i]) : strlen(head) + big + strlen(tail);
        archive_entry_set_size(e, (la_int64_t)size);
        assert_int_equal(archive_write_header(a, e), ARCHIVE_OK);
        if (data[i]) {
            assert_int_equal(archive_write_data(a, data[i], size), (la_ssize_t)size);
        } else {
            size_t chunk = (size_t)1 << 20;
            char *buf = malloc(chunk);
            assert_non_null(buf);
            memset(buf, 'a', chunk);
            archive_write_data(a, head, strlen(head));
            for (size_t done = 0; done < big; done += chunk)
                archive_write_data(a, buf, big - done < chunk ? big - done : chunk);
            archive_write_data(a, tail, strlen(tail));
            free(buf);
        }
        archive_entry_free(e);
    }
    assert_int_equal(archive_write_close(a), ARCHIVE_OK);
    archive_write_free(a);
}

static const char CONTENT_TYPES[] =
    "<?xml version=\"1.0\"?><Types xmlns=\"http://schemas.openxmlformats.org/package/2006/"
    "content-types\"><Default Extension=\"xml\" ContentType=\"application/xml\"/>"
    "<Override PartName=\"/word/document.xml\" ContentType=\"application/vnd.openxmlformats-"
    "officedocument.wordprocessingml.document.main+xml\"/></Types>";

static void write_docx(const char *path, const char *para1, const char *para2)
{
    char doc[2048];
    snprintf(doc, sizeof doc,
             "<?xml version=\"1.0\"?><w:document xmlns:w=\"http://schemas.openxmlformats.org/"
             "wordprocessingml/2006/main\"><w:body><w:p><w:r><w:t>%s</w:t></w:r></w:p><w:p>"
             "<w:r><w:t>%s</w:t></w:r></w:p></w:body></w:document>",
             para1, para2);
    const char *names[] = {"[Content_Types].xml", "word/document.xml"};
    const char *data[] = {CONTENT_TYPES, doc};
    write_zip(path, names, data, 2, 0);
}

static void write_odt(const char *path, const char *para1, const char *para2)
{
    char content[2048];
    snprintf(content, sizeof content,
             "<?xml version=\"1.0\"?><office:document-content xmlns:office=\"urn:oasis:names:"
             "tc:opendocument:xmlns:office:1.0\" xmlns:text=\"urn:oasis:names:tc:opendocument:"
             "xmlns:text:1.0\"><office:body><office:text><text:p>%s</text:p><text:p>%s"
             "</text:p></office:text></office:body></office:document-content>",
             para1, para2);
    const char *names[] = {"mimetype", "content.xml"};
    const char *data[] = {"application/vnd.oasis.opendocument.text", content};
    write_zip(path, names, data, 2, 0);
}

/* A one-page PDF whose text is `line` (ASCII), with a correct cross-reference
 * table. */
static void write_pdf(const char *path, const char *line)
{
    char stream[512], buf[4096];
    snprintf(stream, sizeof stream, "BT /F1 12 Tf 72 720 Td (%s) Tj ET", line);
    const char *objs[5];
    char o4[640];
    objs[0] = "<< /Type /Catalog /Pages 2 0 R >>";
    objs[1] = "<< /Type /Pages /Kids [3 0 R] /Count 1 >>";
    objs[2] = "<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Contents 4 0 R "
              "/Resources << /Font << /F1 5 0 R >> >> >>";
    snprintf(o4, sizeof o4, "<< /Length %zu >>\nstream\n%s\nendstream", strlen(stream), stream);
    objs[3] = o4;
    objs[4] = "<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>";
    size_t off[5], n = (size_t)snprintf(buf, sizeof buf, "%%PDF-1.4\n");
    for (int i = 0; i < 5; i++) {
        off[i] = n;
        n += (size_t)snprintf(buf + n, sizeof buf - n, "%d 0 obj\n%s\nendobj\n", i + 1, objs[i]);
    }
    size_t xref = n;
    n += (size_t)snprintf(buf + n, sizeof buf - n, "xref\n0 6\n0000000000 65535 f \n");
    for (int i = 0; i < 5; i++)
        n += (size_t)snprintf(buf + n, sizeof buf - n, "%010zu 00000 n \n", off[i]);
    n += (size_t)snprintf(buf + n, sizeof buf - n,
                          "trailer\n<< /Size 6 /Root 1 0 R >>\nstartxref\n%zu\n%%%%EOF\n", xref);
    ts_write_file(path, buf, n);
}

static void copy_file(const char *from, const char *to)
{
    FILE *f = fopen(from, "rb");
    if (!f)
        fail_msg("cannot read %s", from);
    char *buf = malloc((size_t)1 << 20);
    assert_non_null(buf);
    size_t n = fread(buf, 1, (size_t)1 << 20, f);
    fclose(f);
    ts_write_file(to, buf, n);
    free(buf);
}

/* Indexes `path` into `db` (with --ocr when `ocr`); the test fails, showing stderr,
 * unless tracuu-index exits with `want`. Returns its stderr, malloc()ed. */
static char *index_expect(const char *db, const char *path, int ocr, int want)
{
    char *argv[] = {(char *)ts_program("indexer/tracuu-index"), "--db", (char *)db, "--quiet",
                    (char *)path, ocr ? "--ocr" : NULL, NULL};
    char *err = NULL;
    int status = ts_run(argv, &err);
    if (status != want)
        fail_msg("tracuu-index %s: exit status %d, expected %d; stderr:\n%s", path, status, want,
                 err);
    return err;
}

/* Images in a folder are documents only with --ocr; without it they are not read
 * at all (a folder of photos is not a folder of documents). */
TS_TEST(test_images_need_ocr)
{
    char dir[4200], p[4300], db[4200];
    snprintf(dir, sizeof dir, "%s/photos", ts_tmp_dir());
    assert_int_equal(mkdir(dir, 0700), 0);
    snprintf(p, sizeof p, "%s/a.txt", dir);
    write_text(p, "Ảnh hội nghị\nnuword.\n");
    snprintf(p, sizeof p, "%s/scan.PNG", dir);
    write_text(p, "not really a PNG");
    snprintf(db, sizeof db, "%s/db4", ts_tmp_dir());
    char *err = index_expect(db, dir, 0, 0);
    assert_null(strstr(err, "scan.PNG"));
    free(err);
    err = index_expect(db, dir, 1, 1);
    assert_non_null(strstr(err, "scan.PNG: skipped: "));
    free(err);
}

/* The stored value `slot` of document `id`; "" when unset. */
static char *value_of(xc_db *db, const char *id, unsigned slot)
{
    char term[300];
    snprintf(term, sizeof term, "%s%s", VN_P_ID, id);
    xc_docid docid = 0;
    tr_error e = {0};
    if (xc_db_find(db, term, strlen(term), &docid, &e) != 0)
        fail_msg("document %s not indexed: %s", id, e.message);
    char *v = NULL;
    size_t len;
    assert_int_equal(xc_db_value(db, docid, slot, &v, &len, NULL), 0);
    return v;
}

static void assert_value(xc_db *db, const char *id, unsigned slot, const char *want)
{
    char *v = value_of(db, id, slot);
    if (strcmp(v, want) != 0)
        fail_msg("%s: slot %u is '%s', expected '%s'", id, slot, v, want);
    free(v);
}

static uint64_t termfreq(xc_db *db, const char *term)
{
    uint64_t n = 0;
    assert_int_equal(xc_db_termfreq(db, term, strlen(term), &n, NULL), 0);
    return n;
}

TS_TEST(test_folder_of_files)
{
    const char *in = ts_tmp_path("files");
    char dir[4096];
    snprintf(dir, sizeof dir, "%s", in);
    assert_int_equal(mkdir(dir, 0700), 0);
    char p[4200];
#define AT(name) (snprintf(p, sizeof p, "%s/%s", dir, name), p)
    assert_int_equal(mkdir(AT("hop"), 0700), 0);
    write_text(AT("note.txt"), "Ghi chép\nGiống lúa chịu hạn alphaword ở Quảng Nam.\n");
    write_text(AT("readme.MD"), "# Hướng dẫn\n\nCách dùng betaword.\n");
    write_text(AT("page.html"),
               "<!DOCTYPE html><html><head><meta charset=\"utf-8\"><title>Tin tức gammaword"
               "</title></head><body><h1>Tin tức gammaword</h1><p>Sở Khoa học và Công nghệ "
               "tổ chức hội thảo về deltaword.</p></body></html>");
    write_pdf(AT("report.pdf"), "Bao cao epsilonword ve nong nghiep cong nghe cao");
    write_docx(AT("letter.docx"), "Giới thiệu zetaword", "Hướng dẫn triển khai etaword năm 2024.");
    write_odt(AT("plan.odt"), "Kế hoạch thetaword", "Nội dung iotaword của kế hoạch.");
    /* The folder's settings beat what the text says: this page reads as minutes. */
    write_text(AT("hop/.tracuu"), "# biên bản các cuộc họp\ntype = Minutes\n"
                                  "date = 2024-03-15  # the meeting\n");
    write_text(AT("hop/q1.txt"), "Họp quý một\nBàn về kappaword.\n");
    write_text(AT("hop/bb.html"),
               "<html><head><meta charset=\"utf-8\"><title>lambdaword</title></head><body>"
               "<p>QUYẾT ĐỊNH Số 12/QĐ-UBND về lambdaword</p></body></html>");
    /* Damaged and hostile files: each costs itself, not the run. */
    write_text(AT("broken.pdf"), "%PDF-1.4\nthis is not a pdf at all\n");
    const char *names[] = {"[Content_Types].xml", "word/document.xml"};
    const char *data[] = {CONTENT_TYPES, NULL};
    write_zip(AT("bomb.docx"), names, data, 2, (size_t)64 << 20);
    write_text(AT("ignored.xyz"), "not a format the indexer reads");
    /* Word 97 through antiword, from the sample folder run.sh indexes. */
    int have_antiword = access("/usr/bin/antiword", X_OK) == 0;
    if (have_antiword)
        copy_file(ts_source("corpus/files/cong-van-bao-cao-ket-qua.doc"), AT("cv.doc"));
    else
        print_message("antiword is not installed: .doc not tested (scripts/deps.sh)\n");

    char db[4200];
    snprintf(db, sizeof db, "%s/db", ts_tmp_dir());
    char *err = index_expect(db, dir, 0, 1);
    if (!strstr(err, "broken.pdf: skipped: ") || !strstr(err, "bomb.docx: skipped: "))
        fail_msg("the damaged files are not reported by name:\n%s", err);
    if (strstr(err, "ignored.xyz"))
        fail_msg("a file of no known format was read:\n%s", err);
    free(err);

    xc_db *x = xc_db_open(db, NULL);
    assert_non_null(x);
    uint64_t n = 0;
    assert_int_equal(xc_db_doccount(x, &n, NULL), 0);
    assert_int_equal(n, 8 + (uint64_t)have_antiword);
    if (have_antiword)
        assert_value(x, "cv.doc", VN_SLOT_TYPE, "legal");
    /* One word of each document's text, each found in its own document. */
    static const char *const words[] = {"alphaword", "betaword", "deltaword", "epsilonword",
                                        "etaword", "iotaword", "kappaword", "lambdaword"};
    for (size_t i = 0; i < sizeof words / sizeof words[0]; i++)
        if (termfreq(x, words[i]) != 1)
            fail_msg("'%s' is not searchable", words[i]);
    assert_value(x, "note.txt", VN_SLOT_TYPE, "news");
    assert_value(x, "readme.MD", VN_SLOT_TYPE, "news");
    assert_value(x, "page.html", VN_SLOT_TYPE, "news");
    assert_value(x, "report.pdf", VN_SLOT_TYPE, "news");
    assert_value(x, "letter.docx", VN_SLOT_TYPE, "news");
    assert_value(x, "plan.odt", VN_SLOT_TYPE, "news");
    assert_value(x, "hop/q1.txt", VN_SLOT_TYPE, "minutes");
    assert_value(x, "hop/q1.txt", VN_SLOT_DATE, "20240315");
    assert_value(x, "hop/bb.html", VN_SLOT_TYPE, "minutes");
    assert_value(x, "hop/bb.html", VN_SLOT_DATE, "20240315");
    assert_value(x, "note.txt", VN_SLOT_DATE, "");
    /* The stored record says where the text came from. */
    char *v = NULL;
    size_t len;
    xc_docid docid;
    assert_int_equal(xc_db_find(x, "Qletter.docx", 12, &docid, NULL), 0);
    assert_int_equal(xc_db_data(x, docid, &v, &len, NULL), 0);
    assert_non_null(strstr(v, "\"format\":\"docx\""));
    assert_non_null(strstr(v, "\"id\":\"letter.docx\""));
    free(v);
    xc_db_free(x);
#undef AT
}

/* The type a file's text gives is used when no .tracuu says otherwise, and a file
 * named alone on the command line is taken by its ending. */
TS_TEST(test_detected_type_and_single_file)
{
    const char *page = ts_tmp_path("bienban.htm");
    write_text(page, "<html><head><meta charset=\"utf-8\"></head><body>"
                     "<p>BIÊN BẢN HỌP</p><p>Hội đồng khoa học họp ngày 24 tháng 12 năm 2013 "
                     "về muword.</p></body></html>");
    char db[4200];
    snprintf(db, sizeof db, "%s/db2", ts_tmp_dir());
    char *err = index_expect(db, page, 0, 0);
    free(err);
    xc_db *x = xc_db_open(db, NULL);
    assert_non_null(x);
    /* Named alone, a file's id is its path as given. */
    assert_value(x, page, VN_SLOT_TYPE, "minutes");
    assert_value(x, page, VN_SLOT_DATE, "20131224");
    assert_int_equal(termfreq(x, "muword"), 1);
    xc_db_free(x);
}

/* A .tracuu line that cannot be read stops the run before the index changes. */
TS_TEST(test_bad_settings)
{
    char dir[4200];
    snprintf(dir, sizeof dir, "%s/badconf", ts_tmp_dir());
    assert_int_equal(mkdir(dir, 0700), 0);
    char p[4300];
    snprintf(p, sizeof p, "%s/.tracuu", dir);
    write_text(p, "type = minutes\ncolour = blue\n");
    snprintf(p, sizeof p, "%s/a.txt", dir);
    write_text(p, "A\nb\n");
    char db[4200];
    snprintf(db, sizeof db, "%s/db3", ts_tmp_dir());
    char *err = index_expect(db, dir, 0, 2);
    if (!strstr(err, ".tracuu:2: unknown setting"))
        fail_msg("unexpected message:\n%s", err);
    free(err);
    struct stat st;
    assert_int_not_equal(stat(db, &st), 0);
}

TS_MAIN(ts_tmp_setup, ts_tmp_teardown,
        cmocka_unit_test(test_folder_of_files),
        cmocka_unit_test(test_detected_type_and_single_file),
        cmocka_unit_test(test_bad_settings),
        cmocka_unit_test(test_images_need_ocr))
