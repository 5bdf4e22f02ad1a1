/* Tests of S&T task records: what a valid task is (task.h), filter keys for names
 * (vn_term_key), numbers as sortable values (xc_sortable_serialise), and a
 * black-box test of GET /api/tasks against a searchd over a fixture written here:
 * filters, sorts by budget and year, names without diacritics, and bad
 * parameters. Spreadsheet input has its own tests (test_table.c). */
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
#include "task.h"
#include "vn_terms.h"
#include "xc.h"

/* ---- Validation --------------------------------------------------------------- */

static const struct {
    const char *json;
    const char *error; /* NULL: valid */
    const char *field, *value; /* what a valid record reads after the check */
} checks[] = {
    {"{\"level\":\"province\",\"status\":\"accepted\",\"body\":\"x\"}", NULL, "level", "province"},
    {"{\"level\":\"Cấp tỉnh\",\"body\":\"x\"}", NULL, "level", "province"},
    {"{\"level\":\"CAP QUOC GIA\",\"body\":\"x\"}", NULL, "level", "national"},
    {"{\"level\":\"cơ sở\",\"body\":\"x\"}", NULL, "level", "grassroots"},
    {"{\"status\":\"Đã nghiệm thu\",\"body\":\"x\"}", NULL, "status", "accepted"},
    {"{\"status\":\"in progress\",\"body\":\"x\"}", NULL, "status", "in_progress"},
    {"{\"status\":\"Đã chấm dứt, hủy bỏ\",\"body\":\"x\"}", NULL, "status", "cancelled"},
    {"{\"start\":\"2021\",\"end\":\"2021-06-30\",\"body\":\"x\"}", NULL, "start", "2021"},
    {"{\"budget\":{\"state\":0,\"other\":null},\"body\":\"x\"}", NULL, "body", "x"},
    {"{\"level\":\"district\",\"body\":\"x\"}",
     "invalid level (expected national, ministry, province or grassroots)", NULL, NULL},
    {"{\"status\":\"done\",\"body\":\"x\"}",
     "invalid status (expected proposed, approved, in_progress, accepted or cancelled)", NULL,
     NULL},
    {"{\"level\":3,\"body\":\"x\"}", "level is not a string", NULL, NULL},
    {"{\"start\":\"2021-13\",\"body\":\"x\"}",
     "invalid start (expected YYYY, YYYY-MM or YYYY-MM-DD)", NULL, NULL},
    {"{\"end\":\"21/06/2021\",\"body\":\"x\"}",
     "invalid end (expected YYYY, YYYY-MM or YYYY-MM-DD)", NULL, NULL},
    {"{\"start\":\"2022-01\",\"end\":\"2021\",\"body\":\"x\"}", "end is before start", NULL, NULL},
    {"{\"budget\":5,\"body\":\"x\"}",
     "budget is not an object (expected {\"state\": N, \"other\": N})", NULL, NULL},
    {"{\"budget\":{\"state\":-1},\"body\":\"x\"}", "budget.state is negative", NULL, NULL},
    {"{\"budget\":{\"other\":1.5},\"body\":\"x\"}", "budget.other is not a whole number of VND",
     NULL, NULL},
    {"{\"budget\":{\"state\":\"100\"},\"body\":\"x\"}",
     "budget.state is not a whole number of VND", NULL, NULL},
    {"{\"budget\":{\"state\":2000000000000000},\"body\":\"x\"}",
     "budget.state is too large (over 10^15 VND)", NULL, NULL},
    {"{\"code\":5,\"body\":\"x\"}", "code is not a string", NULL, NULL},
    {"{\"investigator\":[],\"body\":\"x\"}", "investigator is not a string", NULL, NULL},
};

TS_TEST(test_check)
{
    for (size_t i = 0; i < sizeof checks / sizeof checks[0]; i++) {
        json_t *rec = json_loads(checks[i].json, 0, NULL);
        assert_non_null(rec);
        tr_error err = {0};
        int rc = ix_task_check(rec, &err);
        if (checks[i].error && (rc != TR_EINVAL || strcmp(err.message, checks[i].error) != 0))
            fail_msg("%s: got \"%s\", expected \"%s\"", checks[i].json, err.message,
                     checks[i].error);
        if (!checks[i].error) {
            const char *v = json_string_value(json_object_get(rec, checks[i].field));
            if (rc != 0 || !v || strcmp(v, checks[i].value) != 0)
                fail_msg("%s: rc %d (%s), %s is \"%s\", expected \"%s\"", checks[i].json, rc,
                         err.message, checks[i].field, v ? v : "(none)", checks[i].value);
        }
        json_decref(rec);
    }
}

/* A task without a body gets the corpus's summary line and its text fields. */
TS_TEST(test_generated_body)
{
    json_t *rec = json_loads("{\"code\":\"ĐT.01\",\"level\":\"tỉnh\",\"field\":\"Y dược\","
                             "\"investigator\":\"TS. Lê Văn A\",\"start\":\"2021-06\","
                             "\"end\":\"2022-12-31\",\"budget\":{\"state\":1180000000,"
                             "\"other\":150000000},\"status\":\"accepted\","
                             "\"objectives\":\"Mục tiêu một.\",\"results\":\"Đạt.\"}",
                             0, NULL);
    assert_int_equal(ix_task_check(rec, NULL), 0);
    assert_string_equal(json_string_value(json_object_get(rec, "body")),
                        "Nhiệm vụ KH&CN cấp tỉnh. Mã số: ĐT.01. Lĩnh vực: Y dược. Chủ nhiệm: TS. "
                        "Lê Văn A. Thời gian thực hiện: 06/2021 – 31/12/2022. Tổng kinh phí: "
                        "1.330.000.000 đồng (ngân sách nhà nước: 1.180.000.000 đồng; nguồn khác: "
                        "150.000.000 đồng). Tình trạng: đã nghiệm thu.\n"
                        "Mục tiêu: Mục tiêu một.\nKết quả: Đạt.");
    json_decref(rec);
}

/* ---- Keys and sortable numbers ------------------------------------------------- */

TS_TEST(test_keys)
{
    static const struct {
        const char *text;
        unsigned flags;
        const char *key;
    } rows[] = {
        {"Trường Đại học Bách khoa – Đại học Đà Nẵng", 0,
         "XTOtruong dai hoc bach khoa dai hoc da nang"},
        {"  TRUONG DAI HOC bach-khoa, dai hoc da nang. ", 0,
         "XTOtruong dai hoc bach khoa dai hoc da nang"},
        {"Trung tâm Thông tin và Ứng dụng KH&CN", 0, "XTOtrung tam thong tin va ung dung kh cn"},
        {"PGS.TS. Nguyễn Văn An", VN_KEY_PERSON, "XTOnguyen van an"},
        {"TS.BS. Nguyễn Thị Kim Oanh", VN_KEY_PERSON, "XTOnguyen thi kim oanh"},
        {"BSCKII. Trần Văn Thanh", VN_KEY_PERSON, "XTOtran van thanh"},
        {"ThS Hồ Văn Nam", VN_KEY_PERSON, "XTOho van nam"},
        {"nguyen van an", VN_KEY_PERSON, "XTOnguyen van an"},
        {"TS.", VN_KEY_PERSON, "XTOts"}, /* the last word is never dropped */
        {" – ", 0, ""},
    };
    for (size_t i = 0; i < sizeof rows / sizeof rows[0]; i++) {
        char buf[VN_TERM_MAX + 1];
        size_t len = 99;
        assert_int_equal(vn_term_key("XTO", rows[i].text, strlen(rows[i].text), rows[i].flags,
                                     buf, sizeof buf, &len, NULL),
                         0);
        if (strcmp(len ? buf : "", rows[i].key) != 0 || len != strlen(rows[i].key))
            fail_msg("key of \"%s\": \"%s\", expected \"%s\"", rows[i].text, len ? buf : "",
                     rows[i].key);
    }
    /* Too long to be a key anyone types: no term rather than a cut one. */
    char longname[400], buf[VN_TERM_MAX + 1];
    memset(longname, 'a', sizeof longname - 1);
    longname[sizeof longname - 1] = '\0';
    size_t len = 99;
    assert_int_equal(vn_term_key("XTO", longname, strlen(longname), 0, buf, sizeof buf, &len,
                                 NULL),
                     0);
    assert_int_equal(len, 0);
}

TS_TEST(test_sortable)
{
    static const double v[] = {0, 1, 999, 150000000, 1180000000, 7300000000, 1e15};
    char prev[XC_SORTABLE_MAX];
    size_t prev_len = 0;
    for (size_t i = 0; i < sizeof v / sizeof v[0]; i++) {
        char cur[XC_SORTABLE_MAX];
        size_t n = xc_sortable_serialise(v[i], cur);
        assert_true(n >= 1 && n <= XC_SORTABLE_MAX);
        assert_true(xc_sortable_unserialise(cur, n) == v[i]);
        if (i > 0) {
            size_t m = n < prev_len ? n : prev_len;
            int c = memcmp(prev, cur, m);
            if (!(c < 0 || (c == 0 && prev_len < n)))
                fail_msg("%.0f does not sort after %.0f", v[i], v[i - 1]);
        }
        memcpy(prev, cur, n);
        prev_len = n;
    }
}

/* ---- GET /api/tasks ------------------------------------------------------------- */

/* Six tasks, each with a reason, and a news item that uses the same words. */
static const char fixture[] =
    "{\"id\":\"t1\",\"type\":\"task\",\"title\":\"Chọn tạo giống lúa chịu hạn\","
    "\"code\":\"ĐT.2019.01\",\"level\":\"province\",\"field\":\"Nông nghiệp\","
    "\"investigator\":\"PGS.TS. Nguyễn Văn An\","
    "\"organization\":\"Trường Đại học Bách khoa – Đại học Đà Nẵng\",\"start\":\"2019-06\","
    "\"end\":\"2021-06\",\"budget\":{\"state\":900000000,\"other\":100000000},"
    "\"status\":\"accepted\",\"body\":\"Giống lúa chịu hạn cho vùng trung du.\"}\n"
    /* t2: the same investigator without his title, another school, a sub-field code. */
    "{\"id\":\"t2\",\"type\":\"task\",\"title\":\"Quy trình trồng lúa hữu cơ\","
    "\"code\":\"ĐT.2022.02\",\"level\":\"province\",\"field\":\"Nông nghiệp\","
    "\"field_code\":\"40102\",\"investigator\":\"Nguyễn Văn An\","
    "\"organization\":\"Trường Đại học Quảng Nam\",\"start\":\"2022\",\"end\":\"2024\","
    "\"budget\":{\"state\":500000000,\"other\":0},\"status\":\"in_progress\","
    "\"objectives\":\"Quy trình canh tác lúa hữu cơ đạt chứng nhận.\"}\n"
    "{\"id\":\"t3\",\"type\":\"task\",\"title\":\"Điều trị đái tháo đường\","
    "\"code\":\"B2021-YT-03\",\"level\":\"ministry\",\"field\":\"Y dược\","
    "\"investigator\":\"TS.BS. Lê Thị Hoa\",\"organization\":\"Bệnh viện Đa khoa tỉnh\","
    "\"start\":\"2021-01\",\"end\":\"2023-12\",\"budget\":{\"state\":2500000000,\"other\":"
    "500000000},\"status\":\"accepted\",\"body\":\"Can thiệp cộng đồng.\"}\n"
    "{\"id\":\"t4\",\"type\":\"task\",\"title\":\"Bảo tồn cồng chiêng\","
    "\"code\":\"ĐT.2024.04\",\"level\":\"Cấp tỉnh\",\"field\":\"Khoa học xã hội\","
    "\"investigator\":\"ThS. Trần Thị Bình\",\"organization\":\"Trường Đại học Quảng Nam\","
    "\"start\":\"2024-04\",\"end\":\"2025-12\",\"budget\":{\"state\":800000000},"
    "\"status\":\"đề xuất\",\"body\":\"Cồng chiêng của người Cơ Tu.\"}\n"
    "{\"id\":\"t5\",\"type\":\"task\",\"title\":\"Nuôi tôm trong nhà lưới\","
    "\"code\":\"NTMN.05-2020\",\"level\":\"national\",\"field\":\"Nông nghiệp\","
    "\"investigator\":\"KS. Phạm Văn Cường\",\"organization\":\"Trung tâm Khuyến nông\","
    "\"start\":\"2020-09\",\"end\":\"2022-08\",\"budget\":{\"state\":4000000000,\"other\":"
    "3000000000},\"status\":\"cancelled\",\"body\":\"Tôm thẻ chân trắng.\"}\n"
    /* t6: no start and no budget: sorts lowest either way. */
    "{\"id\":\"t6\",\"type\":\"task\",\"title\":\"Giống lúa cho vùng cát\","
    "\"code\":\"CS.2023.06\",\"level\":\"grassroots\",\"field\":\"Nông nghiệp\","
    "\"status\":\"approved\",\"body\":\"Giống lúa chịu mặn, đất cát ven biển.\"}\n"
    "{\"id\":\"n1\",\"type\":\"news\",\"date\":\"2023-01-01\",\"title\":\"Giống lúa chịu hạn\","
    "\"body\":\"Trường Đại học Quảng Nam giới thiệu giống lúa chịu hạn.\"}\n";

static json_t *get(const char *query, int expect_status)
{
    char target[2048];
    snprintf(target, sizeof target, "/api/tasks%s%s", *query ? "?" : "", query);
    return ts_get_json(ts_group_site.daemon.port, target, expect_status);
}

/* The ids of the hits, in order, space-separated. */
static void expect(const char *query, const char *ids)
{
    json_t *doc = get(query, 200);
    char *got = ts_hit_ids(doc, 0);
    if (strcmp(got, ids) != 0)
        fail_msg("/api/tasks?%s: [%s], expected [%s]", query, got, ids);
    free(got);
    /* Small result sets are counted exactly. */
    size_t n = json_array_size(json_object_get(doc, "hits"));
    if (!strstr(query, "page=") &&
        json_integer_value(json_object_get(doc, "total")) != (json_int_t)n)
        fail_msg("/api/tasks?%s: total %lld for %zu hits", query,
                 (long long)json_integer_value(json_object_get(doc, "total")), n);
    json_decref(doc);
}

TS_TEST(test_filters)
{
    expect("sort=budget", "t6 t2 t4 t1 t3 t5"); /* every task, no news */
    expect("level=national", "t5");
    expect("level=province,grassroots&sort=budget", "t6 t2 t4 t1");
    expect("status=accepted&sort=-budget", "t3 t1");
    expect("status=proposed", "t4"); /* "đề xuất" was stored as its code */
    expect("level=province&status=proposed,in_progress&sort=year", "t2 t4");
    expect("field=4&sort=year", "t6 t1 t5 t2"); /* from the name "Nông nghiệp" */
    expect("field=401", "t2");                  /* a level of field_code 40102 */
    expect("field=40102", "t2");
    expect("field=y+duoc", "t3");
    expect("field=3,5&sort=year", "t3 t4");
    expect("year_from=2021&year_to=2022&sort=year", "t3 t2");
    expect("year_from=2022&sort=-year", "t4 t2");
    expect("year_to=2019", "t1");
}

TS_TEST(test_names_without_diacritics)
{
    expect("org=truong+dai+hoc+bach+khoa+dai+hoc+da+nang", "t1");
    expect("org=TR%C6%AF%E1%BB%9CNG+%C4%90%E1%BA%A0I+H%E1%BB%8CC+B%C3%81CH+KHOA+-+%C4%90%E1"
           "%BA%A0I+H%E1%BB%8CC+%C4%90%C3%80+N%E1%BA%B4NG",
           "t1");
    expect("org=dai+hoc+bach+khoa", ""); /* whole names only */
    expect("org=truong+dai+hoc+quang+nam&sort=year", "t2 t4");
    expect("pi=nguyen+van+an&sort=year", "t1 t2");
    expect("pi=PGS.TS.+Nguy%E1%BB%85n+V%C4%83n+An&sort=year", "t1 t2");
    expect("pi=le+thi+hoa", "t3");
    expect("pi=nguyen+van", "");
}

TS_TEST(test_sorts)
{
    expect("sort=-budget", "t5 t3 t1 t4 t2 t6");
    expect("sort=year", "t6 t1 t5 t3 t2 t4");
    expect("sort=-year", "t4 t2 t3 t5 t1 t6");
    expect("sort=-budget&per_page=2&page=2", "t1 t4");
}

TS_TEST(test_words_and_hits)
{
    expect("q=giong+lua&sort=year", "t6 t1"); /* not the news item n1 */
    expect("q=lua&level=province&sort=year", "t1 t2");
    expect("q=lua+huu+co", "t2"); /* objectives are searchable */
    json_t *doc = get("pi=le+thi+hoa", 200);
    assert_int_equal(json_integer_value(json_object_get(doc, "total")), 1);
    assert_true(json_is_number(json_object_get(doc, "took_ms")));
    json_t *hit = json_array_get(json_object_get(doc, "hits"), 0);
    static const char *const str[][2] = {
        {"id", "t3"},          {"code", "B2021-YT-03"},   {"title", "Điều trị đái tháo đường"},
        {"level", "ministry"}, {"field", "Y dược"},       {"status", "accepted"},
        {"start", "2021-01"},  {"end", "2023-12"},        {"investigator", "TS.BS. Lê Thị Hoa"},
        {"organization", "Bệnh viện Đa khoa tỉnh"},
    };
    for (size_t i = 0; i < sizeof str / sizeof str[0]; i++) {
        const char *v = json_string_value(json_object_get(hit, str[i][0]));
        if (!v || strcmp(v, str[i][1]) != 0)
            fail_msg("hit.%s is %s, expected %s", str[i][0], v ? v : "(none)", str[i][1]);
    }
    json_t *budget = json_object_get(hit, "budget");
    assert_int_equal(json_integer_value(json_object_get(budget, "state")), 2500000000LL);
    assert_int_equal(json_integer_value(json_object_get(budget, "other")), 500000000LL);
    assert_true(json_is_number(json_object_get(hit, "score")));
    json_decref(doc);
    doc = get("q=cat&sort=budget", 200);
    hit = json_array_get(json_object_get(doc, "hits"), 0);
    assert_true(json_is_null(json_object_get(json_object_get(hit, "budget"), "state")));
    assert_true(json_is_null(json_object_get(hit, "start")));
    json_decref(doc);
}

TS_TEST(test_bad_parameters)
{
    static const struct {
        const char *query, *error;
    } rows[] = {
        {"level=district",
         "level must be national, ministry, province or grassroots (several: comma-separated)"},
        {"status=done", "status must be proposed, approved, in_progress, accepted or cancelled "
                        "(several: comma-separated)"},
        {"level=,", "level is empty"},
        {"field=%E2%80%93", "field must be a field code or name"},
        {"level=province,province,province,province,province,province,province,province,"
         "province",
         "level has too many values (at most 8)"},
        {"sort=cost", "sort must be relevance, year, -year, budget or -budget"},
        {"year_from=21", "year_from must be a year: YYYY"},
        {"year_to=2021-06", "year_to must be a year: YYYY"},
        {"year_from=2024&year_to=2020", "year_from is after year_to"},
        {"org=...", "org must be a name (at most 116 letters)"},
        {"pi=%FF", "pi is not valid UTF-8"},
        {"per_page=0", "per_page must be a whole number from 1 to 100"},
        {"page=x", "page must be a whole number from 1"},
    };
    for (size_t i = 0; i < sizeof rows / sizeof rows[0]; i++) {
        json_t *doc = get(rows[i].query, 400);
        const char *msg = json_string_value(json_object_get(doc, "error"));
        if (!msg || strcmp(msg, rows[i].error) != 0)
            fail_msg("/api/tasks?%s: error \"%s\", expected \"%s\"", rows[i].query,
                     msg ? msg : "(none)", rows[i].error);
        json_decref(doc);
    }
}

int main(void)
{
    const struct CMUnitTest unit[] = {
        cmocka_unit_test(test_check),
        cmocka_unit_test(test_generated_body),
        cmocka_unit_test(test_keys),
        cmocka_unit_test(test_sortable),
    };
    const struct CMUnitTest api[] = {
        cmocka_unit_test(test_filters),
        cmocka_unit_test(test_names_without_diacritics),
        cmocka_unit_test(test_sorts),
        cmocka_unit_test(test_words_and_hits),
        cmocka_unit_test(test_bad_parameters),
    };
    int failed = cmocka_run_group_tests_name("task records", unit, NULL, NULL);
    ts_site_use(fixture, sizeof fixture - 1, NULL);
    return failed + cmocka_run_group_tests_name("/api/tasks", api, ts_site_setup,
                                                ts_site_teardown);
}
