/* Tests of uploads (searchd/upload.h, proposal.h, api_write.h): document files
 * through POST /api/files, bad and malformed forms, the duplicate check with a
 * proposal file (never kept), and the bound on large bodies held at once, over a
 * server in a child process (write_fixture.h). */
#include <jansson.h>
#include <setjmp.h>
#include <signal.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cmocka.h>

#include "support.h"
#include "write_fixture.h"

TS_TEST(test_upload_files)
{
    wf_server s;
    wf_start(&s, &wf_admin);
    size_t len;
    char *docx = wf_read_file(ts_source("corpus/files/thuyet-minh-de-tai-nuoi-tom.docx"), &len);
    static const char *const meta[] = {"id", "up-docx", "title", "Thuyết minh nuôi tôm",
                                       "date", "2024-02-03", NULL};
    wf_reply r = wf_post_form(s.port, "/api/files", meta, "thuyet-minh.docx", docx, len);
    wf_expect_status(&r, 200, "upload DOCX");
    assert_string_equal(json_string_value(json_object_get(r.json, "id")), "up-docx");
    assert_string_equal(json_string_value(json_object_get(r.json, "format")), "docx");
    wf_reply_free(&r);
    free(docx);
    assert_true(wf_has_doc(s.db, "up-docx"));
    json_t *doc = ts_get_json(s.port, "/api/doc/up-docx", 200);
    const char *title = json_string_value(json_object_get(doc, "title"));
    assert_string_equal(title, "Thuyết minh nuôi tôm");
    json_decref(doc);

    /* A PDF without an id is named after its file. */
    char *pdf = wf_read_file(ts_source("corpus/files/bien-ban-nghiem-thu-lua-chiu-man.pdf"), &len);
    r = wf_post_form(s.port, "/api/files", NULL, "bien-ban.pdf", pdf, len);
    wf_expect_status(&r, 200, "upload PDF");
    wf_reply_free(&r);
    free(pdf);
    assert_true(wf_has_doc(s.db, "bien-ban.pdf"));
    char *ids = wf_search(s.port, "ch%E1%BB%8Bu+m%E1%BA%B7n");
    assert_non_null(strstr(ids, "bien-ban.pdf"));
    free(ids);
    assert_int_equal(wf_tmp_files(&s), 0);
    wf_expect_audit(&s, "upload", "thuyet-minh.docx");
    wf_expect_audit(&s, "write", "up-docx");
    wf_stop(&s);
}

TS_TEST(test_bad_uploads)
{
    wf_server s;
    wf_opts o = {1, 1, 0};
    wf_start(&s, &o);
    size_t len;
    char *bad = wf_read_file(ts_source("tests/data/files/random.docx"), &len);
    static const char *const colour[] = {"colour", "red", NULL};
    static const char *const no_file[] = {"id", "x", NULL};
    const struct {
        const char *name;
        const char *const *fields;
        int status;
        const char *words;
    } rows[] = {
        {"damaged.docx", NULL, 400, "zip"},
        {"notes.txt", NULL, 400, "PDF, DOCX, ODT, DOC or HTML"},
        {"x.docx", colour, 400, "unknown form field"},
        {NULL, no_file, 400, "field \"file\""},
    };
    for (size_t i = 0; i < sizeof rows / sizeof *rows; i++) {
        wf_reply r = wf_post_form(s.port, "/api/files", rows[i].fields, rows[i].name, bad, len);
        wf_expect_status(&r, rows[i].status, rows[i].name ? rows[i].name : "no file");
        const char *e = json_string_value(json_object_get(r.json, "error"));
        if (!e || !strstr(e, rows[i].words))
            fail_msg("row %zu: error %s, expected %s", i, e ? e : "(none)", rows[i].words);
        wf_reply_free(&r);
    }
    free(bad);
    /* Malformed multipart: no closing boundary, garbage, a part without a name; JSON
     * sent to the form's route. */
    static const char *const malformed[] = {
        "--" WF_BOUNDARY "\r\nContent-Disposition: form-data; name=\"file\"; filename=\"a.pdf\""
        "\r\n\r\n%PDF-1.4 cut short",
        "this is no multipart body at all",
        "--" WF_BOUNDARY "\r\nContent-Disposition: form-data; filename=\"a.pdf\"\r\n\r\n%PDF\r\n"
        "--" WF_BOUNDARY "--\r\n",
    };
    for (size_t i = 0; i < sizeof malformed / sizeof *malformed; i++) {
        wf_reply r = wf_request(s.port, "POST", "/api/files", wf_form_type, malformed[i],
                          strlen(malformed[i]));
        wf_expect_status(&r, 400, malformed[i]);
        wf_reply_free(&r);
    }
    wf_expect_json(s.port, "POST", "/api/files", "{\"id\":\"x\"}", 400, "JSON to /api/files");
    /* Over --max-write (1 MB here): 413, and nothing of it is kept. */
    size_t big = (size_t)2 << 20;
    char *zeros = calloc(1, big);
    wf_reply r = wf_post_form(s.port, "/api/files", NULL, "big.pdf", zeros, big);
    wf_expect_status(&r, 413, "an upload over --max-write");
    wf_reply_free(&r);
    free(zeros);
    assert_int_equal(wf_tmp_files(&s), 0);
    wf_stop(&s);
}

TS_TEST(test_similar_with_a_file)
{
    wf_server s;
    wf_opts o = {0, 0, 0}; /* read-only and anonymous: still allowed */
    wf_use_key(NULL);
    wf_start(&s, &o);
    /* The proposal's own text indexed, so that the check has something to find. */
    size_t len;
    char *docx = wf_read_file(ts_source("corpus/files/thuyet-minh-de-tai-nuoi-tom.docx"), &len);
    static const char *const fields[] = {"type", "all", "limit", "3", NULL};
    wf_reply r = wf_post_form(s.port, "/api/similar", fields, "de-xuat.docx", docx, len);
    wf_expect_status(&r, 200, "/api/similar with a file");
    assert_true(json_is_true(json_object_get(r.json, "file")));
    assert_true(json_is_array(json_object_get(r.json, "hits")));
    wf_reply_free(&r);
    assert_int_equal(wf_tmp_files(&s), 0);
    /* The page takes the same form. */
    r = wf_post_form(s.port, "/similar", fields, "de-xuat.docx", docx, len);
    wf_expect_status(&r, 200, "/similar with a file");
    assert_non_null(strstr(r.body, "Kết quả kiểm tra"));
    wf_reply_free(&r);
    /* A text and a file at once, a format it does not take. */
    static const char *const both[] = {"text", "một đoạn văn", NULL};
    r = wf_post_form(s.port, "/api/similar", both, "de-xuat.docx", docx, len);
    wf_expect_status(&r, 400, "text and file");
    wf_reply_free(&r);
    r = wf_post_form(s.port, "/api/similar", NULL, "de-xuat.doc", docx, len);
    wf_expect_status(&r, 400, "a .doc proposal");
    wf_reply_free(&r);
    free(docx);
    /* Never stored, never indexed. */
    assert_int_equal(wf_tmp_files(&s), 0);
    assert_int_equal(ts_doccount(s.db), 1);
    /* The JSON form is unchanged. */
    wf_expect_json(s.port, "POST", "/api/similar", "{\"text\":\"hội thảo chuyển đổi số\"}", 200,
                "/api/similar with JSON");
    wf_stop(&s);
}

/* Large bodies held at once are bounded: while one upload of 1.5 MB is under way,
 * another is answered 503 (the budget is 2 MB here); once it is done, one passes. */
TS_TEST(test_large_bodies_at_once)
{
    wf_server s;
    wf_opts o = {0, 0, 2};
    wf_use_key(NULL);
    wf_start(&s, &o);
    size_t part = 1536 * 1024, whole = part + 1024;
    char *zeros = calloc(1, whole);
    int fd = ts_connect(s.port);
    assert_true(fd >= 0);
    char head[512];
    int n = snprintf(head, sizeof head,
                     "POST /api/similar HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n"
                     "%sContent-Length: %zu\r\n\r\n",
                     wf_form_type, whole);
    assert_int_equal(write(fd, head, (size_t)n), n);
    assert_int_equal(write(fd, zeros, part), (ssize_t)part);
    usleep(300 * 1000); /* read and held by the server */
    wf_reply r = wf_post_form(s.port, "/api/similar", NULL, "b.pdf", zeros, part);
    wf_expect_status(&r, 503, "a second large body at once");
    assert_non_null(strstr(r.head, "\r\nRetry-After: "));
    wf_reply_free(&r);
    assert_int_equal(write(fd, zeros, whole - part), (ssize_t)(whole - part));
    char *all = ts_read_all(fd);
    close(fd);
    char *body;
    assert_int_equal(ts_http_parse(all, &body), 400); /* zeros are no form */
    free(all);
    r = wf_post_form(s.port, "/api/similar", NULL, "b.pdf", zeros, part);
    wf_expect_status(&r, 400, "a large body alone"); /* zeros are no PDF */
    wf_reply_free(&r);
    free(zeros);
    wf_stop(&s);
}

WF_MAIN(WF_TEST(test_upload_files), WF_TEST(test_bad_uploads), WF_TEST(test_similar_with_a_file),
        WF_TEST(test_large_bodies_at_once))
