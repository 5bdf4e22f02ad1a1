/* Black-box test of tracuu-dupcheck: index a few task records, then check proposals
 * in each input form (text, JSON, CSV row), as a table and as JSON, with the exit
 * status telling whether a duplicate was found; and a batch whose report must
 * escape a hostile title in the HTML page and a formula in the CSV, and find two
 * proposals of the batch that repeat each other. */
#include <jansson.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "support.h"

static const char fixture[] =
    "{\"id\":\"task-sam\",\"type\":\"task\",\"date\":\"2019-05-10\",\"source\":\"test\","
    "\"title\":\"Nghiên cứu nhân giống sâm Ngọc Linh bằng kỹ thuật nuôi cấy mô tế bào\","
    "\"body\":\"Nhóm nghiên cứu tuyển chọn cây mẹ sạch bệnh tại huyện Nam Trà My, khử trùng mẫu "
    "lá và cuống lá, tạo mô sẹo trên môi trường MS bổ sung chất điều hòa sinh trưởng. Cây con "
    "được huấn luyện trong nhà lưới hai tháng trước khi trồng dưới tán rừng.\"}\n"
    "{\"id\":\"task-tom\",\"type\":\"task\",\"date\":\"2020-03-15\",\"source\":\"test\","
    "\"title\":\"Xây dựng mô hình nuôi tôm thẻ chân trắng thâm canh trong nhà màng\","
    "\"body\":\"Ao nuôi được lót bạt, có hệ thống sục khí và xử lý nước thải bằng chế phẩm sinh "
    "học. Mật độ thả 200 con trên mét vuông, năng suất dự kiến 25 tấn một hecta mỗi vụ.\"}\n";

/* task-sam's text without diacritics, under another title. */
static const char dup_title[] = "Quy trinh nhan giong sam quy";
static const char dup_text[] =
    "Cay con duoc huan luyen trong nha luoi hai thang truoc khi trong duoi tan rung. Nhom "
    "nghien cuu tuyen chon cay me sach benh tai huyen Nam Tra My, khu trung mau la va cuong la, "
    "tao mo seo tren moi truong MS bo sung chat dieu hoa sinh truong.";
static const char other_title[] = "Ứng dụng chuyển đổi số trong quản lý thư viện trường học";
static const char other_text[] = "Xây dựng phần mềm quản lý mượn trả sách cho thư viện các "
                                 "trường trung học và số hóa tài liệu quý.";

static const char header[] = "code,title,level,field,investigator,organization,managing_body,"
                             "start,end,budget_state,budget_other,status,objectives,content,"
                             "results,summary\n";

static char *dir;
static char db[4096];

static int setup(void **state)
{
    (void)state;
    dir = ts_tempdir();
    return ts_index_fixture(dir, fixture, sizeof fixture - 1, db, sizeof db);
}

static int teardown(void **state)
{
    (void)state;
    ts_rmrf(dir);
    free(dir);
    return 0;
}

static char *slurp(const char *path)
{
    FILE *f = fopen(path, "rb");
    if (!f)
        return NULL;
    char *buf = calloc(1, 1 << 20);
    size_t n = fread(buf, 1, (1 << 20) - 1, f);
    buf[n] = '\0';
    fclose(f);
    return buf;
}

/* Runs tracuu-dupcheck with `args` (shell words), standard input from `in` (may be
 * NULL); returns the exit status, *out what it printed. */
static int dupcheck(const char *args, const char *in, char **out)
{
    char inpath[4096], outpath[4096], cmd[16384];
    snprintf(inpath, sizeof inpath, "%s/stdin", dir);
    snprintf(outpath, sizeof outpath, "%s/stdout", dir);
    ts_write_file(inpath, in ? in : "", in ? strlen(in) : 0);
    snprintf(cmd, sizeof cmd, "exec '%s' %s < '%s' > '%s'", ts_program("dupcheck/tracuu-dupcheck"),
             args, inpath, outpath);
    char *argv[] = {"/bin/sh", "-c", cmd, NULL};
    char *err = NULL;
    int rc = ts_run(argv, &err);
    if (rc != 0 && rc != 1)
        fprintf(stderr, "tracuu-dupcheck %s: exit %d: %s\n", args, rc, err);
    free(err);
    *out = slurp(outpath);
    return rc;
}

static char *args_for(const char *extra)
{
    static char buf[8192];
    /* Cut, not overflowed: a path this long is a broken test machine. */
    int n = snprintf(buf, sizeof buf, "--db '%.2000s' %.4000s", db, extra);
    assert_true(n > 0 && (size_t)n < sizeof buf);
    return buf;
}

TS_TEST(test_table_and_exit_status)
{
    char in[4096], *out;
    snprintf(in, sizeof in, "%s\n%s\n", dup_title, dup_text);
    assert_int_equal(dupcheck(args_for(""), in, &out), 1);
    /* A header, then the duplicate first. */
    const char *row = strchr(out, '\n');
    assert_non_null(strstr(out, "rank"));
    assert_non_null(row);
    if (strncmp(row + 1, "1 ", 2) != 0 || !strstr(row, "duplicate") || !strstr(row, "task-sam"))
        fail_msg("first row is not task-sam as a duplicate:\n%s", out);
    free(out);
    snprintf(in, sizeof in, "%s\n%s\n", other_title, other_text);
    assert_int_equal(dupcheck(args_for(""), in, &out), 0);
    assert_null(strstr(out, "duplicate"));
    free(out);
}

TS_TEST(test_input_forms_and_json)
{
    json_t *req = json_pack("{s:s, s:s}", "title", dup_title, "text", dup_text);
    char *js = json_dumps(req, 0);
    json_decref(req);
    char csv[8192], *out;
    snprintf(csv, sizeof csv, "%sĐT.2025.01,%s,province,,,,,,,,,proposed,\"%s\",,,\n", header,
             dup_title, dup_text);
    const char *inputs[] = {js, csv};
    for (size_t i = 0; i < 2; i++) {
        assert_int_equal(dupcheck(args_for("--json --limit 2"), inputs[i], &out), 1);
        json_t *doc = json_loads(out, 0, NULL);
        json_t *hits = json_object_get(doc, "hits");
        if (json_array_size(hits) != 2)
            fail_msg("input form %zu: not two hits: %s", i, out);
        json_t *top = json_array_get(hits, 0);
        assert_string_equal(json_string_value(json_object_get(top, "id")), "task-sam");
        assert_string_equal(json_string_value(json_object_get(top, "verdict")), "duplicate");
        assert_true(json_array_size(json_object_get(top, "passages")) >= 1);
        json_decref(doc);
        free(out);
    }
    free(js);
    /* A file argument reads as standard input does. */
    char path[4096], args[8192];
    snprintf(path, sizeof path, "%s/proposal.csv", dir);
    ts_write_file(path, csv, strlen(csv));
    snprintf(args, sizeof args, "'%s'", path);
    assert_int_equal(dupcheck(args_for(args), NULL, &out), 1);
    free(out);
}

TS_TEST(test_errors)
{
    char *out;
    assert_int_equal(dupcheck("", "x\n", &out), 2); /* no --db */
    free(out);
    assert_int_equal(dupcheck(args_for("/no/such/file"), NULL, &out), 2);
    free(out);
    assert_int_equal(dupcheck(args_for(""), "   \n", &out), 2); /* nothing to compare */
    free(out);
    assert_int_equal(dupcheck(args_for("--limit 0"), "x\n", &out), 2);
    free(out);
    assert_int_equal(dupcheck(args_for(""), "{\"title\": ", &out), 2);
    free(out);
    assert_int_equal(dupcheck(args_for(""), "l\xff\n", &out), 2);
    free(out);
    char two[4096];
    snprintf(two, sizeof two, "%sA,một,,,,,,,,,,,,,,\nB,hai,,,,,,,,,,,,,,\n", header);
    assert_int_equal(dupcheck(args_for(""), two, &out), 2); /* two rows: use --batch */
    free(out);
}

TS_TEST(test_batch_report)
{
    char csv[16384], in[2048], prefix[2048], path[4096], args[8192];
    /* 1: a duplicate of the index with a hostile title; 2 and 3: the same new
     * proposal twice; 4: a title a spreadsheet would run as a formula. */
    snprintf(csv, sizeof csv,
             "%s"
             "\"DT-1\",\"<script>alert('x')</script> & co\",,,,,,,,,,proposed,\"%s\",,,\n"
             "DT-2,Hệ thống tưới nhỏ giọt cho cây hồ tiêu,,,,,,,,,,proposed,"
             "\"Lắp đặt hệ thống tưới nhỏ giọt tiết kiệm nước cho vườn hồ tiêu ở Tiên Phước, "
             "đo độ ẩm đất bằng cảm biến và điều khiển van qua điện thoại.\",,,\n"
             "DT-3,Tưới tiết kiệm cho hồ tiêu,,,,,,,,,,proposed,,"
             "\"Lắp đặt hệ thống tưới nhỏ giọt tiết kiệm nước cho vườn hồ tiêu ở Tiên Phước, "
             "đo độ ẩm đất bằng cảm biến và điều khiển van qua điện thoại.\",,\n"
             "DT-4,\"=HYPERLINK(\"\"http://x\"\")\",,,,,,,,,,proposed,\"%s\",,,\n",
             header, dup_text, other_text);
    snprintf(in, sizeof in, "%s/call.csv", dir);
    snprintf(prefix, sizeof prefix, "%s/report", dir);
    ts_write_file(in, csv, strlen(csv));
    snprintf(args, sizeof args, "--batch '%s' --out '%s'", in, prefix);
    char *out;
    assert_int_equal(dupcheck(args_for(args), NULL, &out), 1);
    free(out);

    snprintf(path, sizeof path, "%s.csv", prefix);
    char *rep = slurp(path);
    assert_non_null(rep);
    assert_memory_equal(rep, "\xEF\xBB\xBFproposal,", 12);
    if (!strstr(rep, "\"DT-1\",\"<script>alert('x')</script> & co\",\"duplicate\",\"index\","
                     "\"task-sam\""))
        fail_msg("CSV lacks DT-1's duplicate:\n%s", rep);
    if (!strstr(rep, "\"DT-2\",") || !strstr(rep, "\"batch\",\"DT-3\"") ||
        !strstr(rep, "\"batch\",\"DT-2\""))
        fail_msg("CSV lacks the pair DT-2 / DT-3:\n%s", rep);
    if (!strstr(rep, "\"'=HYPERLINK(\"\"http://x\"\")\",\"distinct\""))
        fail_msg("CSV does not defuse the formula or DT-4 is not distinct:\n%s", rep);
    free(rep);

    snprintf(path, sizeof path, "%s.html", prefix);
    rep = slurp(path);
    assert_non_null(rep);
    assert_non_null(strstr(rep, "<html lang=\"vi\">"));
    assert_non_null(strstr(rep, "<meta charset=\"utf-8\">"));
    assert_null(strstr(rep, "<script"));
    assert_non_null(strstr(rep, "&lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt; &amp; co"));
    assert_non_null(strstr(rep, "Trùng lặp"));
    assert_non_null(strstr(rep, "<mark>"));
    /* Standalone: nothing fetched from elsewhere. */
    assert_null(strstr(rep, "src="));
    assert_null(strstr(rep, "<link"));
    assert_null(strstr(rep, "url("));
    free(rep);
}

TS_MAIN(setup, teardown,
        cmocka_unit_test(test_table_and_exit_status),
        cmocka_unit_test(test_input_forms_and_json),
        cmocka_unit_test(test_errors),
        cmocka_unit_test(test_batch_report))
