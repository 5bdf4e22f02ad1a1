/* Black-box test of POST /api/similar: index a small fixture of task records (and a
 * news article and minutes, for the type filter), start tracuu-searchd, and check
 * that a reworded copy of a task (diacritics stripped, sentences reordered, title
 * rewritten, abbreviations swapped) is found first and judged a duplicate, with its
 * shared passages shown, while an unrelated proposal is not; and that every kind
 * of bad request gets a JSON error. */
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
    /* ta: the task a later proposal repeats. "Sở Khoa học và Công nghệ" and "Ủy ban
     * nhân dân" written out, "> 85%" to be escaped in passages. */
    "{\"id\":\"ta\",\"type\":\"task\",\"date\":\"2019-05-10\",\"source\":\"test\","
    "\"title\":\"Nghiên cứu nhân giống sâm Ngọc Linh bằng kỹ thuật nuôi cấy mô tế bào\","
    "\"body\":\"Đề tài do Sở Khoa học và Công nghệ tỉnh Quảng Nam quản lý. Mục tiêu là xây dựng "
    "quy trình nhân giống sâm Ngọc Linh bằng kỹ thuật nuôi cấy mô tế bào với tỉ lệ cây sống > 85% "
    "khi đưa ra vườn ươm. Nhóm nghiên cứu tuyển chọn cây mẹ sạch bệnh tại huyện Nam Trà My, khử "
    "trùng mẫu lá và cuống lá, tạo mô sẹo trên môi trường MS bổ sung chất điều hòa sinh trưởng. "
    "Cây con được huấn luyện trong nhà lưới hai tháng trước khi trồng dưới tán rừng. Kết quả được "
    "chuyển giao cho Ủy ban nhân dân huyện Nam Trà My và các hợp tác xã trồng sâm.\"}\n"
    /* tb: shrimp, another task. */
    "{\"id\":\"tb\",\"type\":\"task\",\"date\":\"2020-03-15\",\"source\":\"test\","
    "\"title\":\"Xây dựng mô hình nuôi tôm thẻ chân trắng thâm canh trong nhà màng\","
    "\"body\":\"Dự án xây dựng mô hình nuôi tôm thẻ chân trắng thâm canh trong nhà màng tại xã "
    "Tam Hòa, huyện Núi Thành. Ao nuôi được lót bạt, có hệ thống sục khí và xử lý nước thải bằng "
    "chế phẩm sinh học. Mật độ thả 200 con trên mét vuông, năng suất dự kiến 25 tấn một hecta mỗi "
    "vụ. Người dân được tập huấn quy trình kỹ thuật và quản lý dịch bệnh.\"}\n"
    /* tc: rice, with both abbreviations written out. */
    "{\"id\":\"tc\",\"type\":\"task\",\"date\":\"2021-01-20\",\"source\":\"test\","
    "\"title\":\"Tuyển chọn giống lúa chịu mặn cho vùng ven biển\","
    "\"body\":\"Ủy ban nhân dân tỉnh giao Sở Khoa học và Công nghệ chủ trì tuyển chọn ba giống lúa "
    "chịu mặn phù hợp với vùng ven biển. Các giống được khảo nghiệm trong hai vụ đông xuân và hè "
    "thu trên đất nhiễm mặn từ hai đến bốn phần nghìn.\"}\n"
    /* n1: news that retells ta's method, for the type filter. */
    "{\"id\":\"n1\",\"type\":\"news\",\"date\":\"2022-06-01\",\"source\":\"test\","
    "\"title\":\"Thành công bước đầu trong nhân giống sâm quý\","
    "\"body\":\"Theo báo cáo, nhóm nghiên cứu tuyển chọn cây mẹ sạch bệnh tại huyện Nam Trà My, "
    "khử trùng mẫu lá và cuống lá, tạo mô sẹo trên môi trường MS bổ sung chất điều hòa sinh "
    "trưởng. Đây là tin vui cho người trồng sâm.\"}\n"
    /* m1: minutes on something else. */
    "{\"id\":\"m1\",\"type\":\"minutes\",\"date\":\"2023-02-02\",\"source\":\"test\","
    "\"title\":\"Biên bản họp hội đồng tư vấn xác định nhiệm vụ năm 2024\","
    "\"body\":\"Hội đồng thống nhất đề xuất đặt hàng các nhiệm vụ về chuyển đổi số trong quản lý "
    "hành chính và phát triển du lịch cộng đồng.\"}\n";

/* ta, reworded: no diacritics, sentences in another order, a new title, and "Sở KH&CN"
 * and "UBND" for what ta writes out. */
static const char reworded_title[] = "De xuat quy trinh nhan nhanh cay sam quy cua tinh";
static const char reworded_text[] =
    "Cay con duoc huan luyen trong nha luoi hai thang truoc khi trong duoi tan rung. "
    "Nhom nghien cuu tuyen chon cay me sach benh tai huyen Nam Tra My, khu trung mau la va cuong "
    "la, tao mo seo tren moi truong MS bo sung chat dieu hoa sinh truong. Muc tieu la xay dung "
    "quy trinh nhan giong sam Ngoc Linh bang ky thuat nuoi cay mo te bao voi ti le cay song > 85% "
    "khi dua ra vuon uom. Ket qua se chuyen giao cho UBND huyen Nam Tra My. De tai do So KH&CN "
    "tinh Quang Nam quan ly.";

static const char unrelated_title[] = "Ứng dụng chuyển đổi số trong quản lý thư viện trường học";
static const char unrelated_text[] =
    "Đề tài xây dựng phần mềm quản lý mượn trả sách cho thư viện các trường trung học, số hóa "
    "tài liệu quý và đào tạo cán bộ thư viện sử dụng hệ thống mới.";

/* td: a long record of monitoring stations, generated: every 5 words in a row hold
 * a number or a name, so its 900 shingles are all distinct. A proposal that copies
 * a few of its sentences repeats a small share of it. */
static int station(char *buf, size_t cap, int i)
{
    static const char *const communes[] = {"Tam Hải", "Tam Quang", "Bình Minh", "Duy Hải",
                                           "Cẩm Thanh", "Điện Dương", "Tam Tiến"};
    static const char *const measures[] = {"độ mặn", "nhiệt độ nước", "lượng mưa",
                                           "mực nước sông", "độ ẩm đất"};
    static const char *const sinks[] = {"Chi cục Thủy lợi", "Trung tâm Khuyến nông",
                                        "Đài Khí tượng"};
    return snprintf(buf, cap, "Trạm %d ở xã %s đo %s lúc %d giờ, ghi %d lần, báo về %s. ",
                    100 + i, communes[i % 7], measures[i % 5], i % 24, 3 + i, sinks[i % 3]);
}

#define PORT (ts_group_site.daemon.port)

/* The fixture, and td: a long task of 45 sentences about stations, for passages. */
static char *fixture_with_long_task(size_t *len_out)
{
    size_t cap = sizeof fixture + 16384, len = sizeof fixture - 1;
    char *all = malloc(cap);
    if (!all)
        abort();
    memcpy(all, fixture, len);
    len += (size_t)snprintf(all + len, cap - len,
                            "{\"id\":\"td\",\"type\":\"task\",\"date\":\"2021-07-01\","
                            "\"source\":\"test\",\"title\":\"Mạng trạm quan trắc ven biển\","
                            "\"body\":\"");
    for (int i = 0; i < 45; i++)
        len += (size_t)station(all + len, cap - len, i);
    len += (size_t)snprintf(all + len, cap - len, "\"}\n");
    *len_out = len;
    return all;
}

/* POSTs {"title", "text", "type"?, "limit"?} and returns the answer (status 200). */
static json_t *similar(const char *title, const char *text, const char *type, int limit)
{
    json_t *req = json_pack("{s:s, s:s}", "title", title, "text", text);
    if (type)
        json_object_set_new(req, "type", json_string(type));
    if (limit)
        json_object_set_new(req, "limit", json_integer(limit));
    char *body = json_dumps(req, JSON_COMPACT);
    json_decref(req);
    json_t *doc = ts_request_json(PORT, "POST", "/api/similar", body, strlen(body), 200);
    free(body);
    if (!json_is_array(json_object_get(doc, "hits")))
        fail_msg("POST /api/similar: no hits");
    return doc;
}

static const char *hit_str(json_t *doc, size_t i, const char *key)
{
    return json_string_value(json_object_get(json_array_get(json_object_get(doc, "hits"), i), key));
}

static double hit_num(json_t *doc, size_t i, const char *key)
{
    return json_real_value(json_object_get(json_array_get(json_object_get(doc, "hits"), i), key));
}

TS_TEST(test_reworded_copy_is_a_duplicate)
{
    json_t *doc = similar(reworded_title, reworded_text, NULL, 0);
    json_t *hits = json_object_get(doc, "hits");
    assert_true(json_array_size(hits) >= 1);
    assert_string_equal(hit_str(doc, 0, "id"), "ta");
    assert_string_equal(hit_str(doc, 0, "type"), "task");
    assert_string_equal(hit_str(doc, 0, "verdict"), "duplicate");
    /* Four sentence joints and one reworded clause cost about a fifth of the
     * shingles; folding and abbreviations must cost none. */
    if (hit_num(doc, 0, "containment") < 0.75)
        fail_msg("containment %.3f: folding or abbreviations lost shingles",
                 hit_num(doc, 0, "containment"));
    /* Ordered by score, in [0, 1]; the other tasks are not duplicates. */
    for (size_t i = 0; i < json_array_size(hits); i++) {
        double s = hit_num(doc, i, "score");
        assert_true(s >= 0 && s <= 1);
        if (i > 0) {
            assert_true(s <= hit_num(doc, i - 1, "score"));
            assert_string_not_equal(hit_str(doc, i, "verdict"), "duplicate");
        }
        /* Default type: tasks only. */
        assert_string_equal(hit_str(doc, i, "type"), "task");
    }
    assert_true(json_is_number(json_object_get(doc, "took_ms")));
    json_decref(doc);
}

TS_TEST(test_passages_show_why)
{
    json_t *doc = similar(reworded_title, reworded_text, "task", 1);
    json_t *ps = json_object_get(json_array_get(json_object_get(doc, "hits"), 0), "passages");
    assert_true(json_array_size(ps) >= 1);
    int found = 0;
    size_t i;
    json_t *p;
    json_array_foreach(ps, i, p) {
        const char *q = json_string_value(json_object_get(p, "query"));
        const char *d = json_string_value(json_object_get(p, "document"));
        assert_non_null(q);
        assert_non_null(d);
        assert_non_null(strstr(q, "<mark>"));
        assert_non_null(strstr(d, "<mark>"));
        assert_null(strstr(d, "> 85")); /* escaped */
        /* The query side quotes the proposal as typed, the document side the record. */
        if (strstr(q, "tuyen chon cay me sach benh") && strstr(d, "tuyển chọn cây mẹ sạch bệnh"))
            found = 1;
        if (strstr(d, "cây sống &gt; 85%"))
            found |= 2;
    }
    if (found != 3)
        fail_msg("passages miss the shared sentences (found %d): %s", found,
                 json_dumps(ps, JSON_INDENT(1)));
    json_decref(doc);
}

TS_TEST(test_unrelated_is_distinct)
{
    json_t *doc = similar(unrelated_title, unrelated_text, "all", 0);
    json_t *hits = json_object_get(doc, "hits");
    for (size_t i = 0; i < json_array_size(hits); i++)
        if (strcmp(hit_str(doc, i, "verdict"), "duplicate") == 0)
            fail_msg("an unrelated proposal was judged a duplicate of %s", hit_str(doc, i, "id"));
    json_decref(doc);
}

TS_TEST(test_abbreviations_match_expansions)
{
    /* tc's text with "UBND" and "Sở KH&CN" for what it writes out: the same text. */
    json_t *doc = similar("Giống lúa cho vùng nhiễm mặn",
                          "UBND tỉnh giao Sở KH&CN chủ trì tuyển chọn ba giống lúa chịu mặn phù "
                          "hợp với vùng ven biển. Các giống được khảo nghiệm trong hai vụ đông "
                          "xuân và hè thu trên đất nhiễm mặn từ hai đến bốn phần nghìn.",
                          NULL, 3);
    assert_string_equal(hit_str(doc, 0, "id"), "tc");
    if (hit_num(doc, 0, "containment") < 0.99)
        fail_msg("containment %.3f: UBND / KH&CN did not meet their expansions",
                 hit_num(doc, 0, "containment"));
    json_decref(doc);
}

/* Six of td's 45 sentences in the middle of some 1,200 words of other text: an
 * eighth of td and a tenth of the proposal, too little of either as a whole, but
 * a passage copied all the same: duplicate. */
TS_TEST(test_passage_in_a_long_proposal)
{
    static const char *const places[] = {"Tiên Phước", "Hiệp Đức", "Phước Sơn", "Đại Lộc",
                                         "Duy Xuyên", "Quế Sơn", "Nông Sơn", "Bắc Trà My"};
    static const char *const topics[] = {"giáo dục nghề nghiệp", "nước sạch nông thôn",
                                         "du lịch cộng đồng", "bảo tồn di tích",
                                         "chuyển đổi số", "xử lý rác thải"};
    size_t cap = 64 * 1024, len = 0;
    char *text = malloc(cap);
    for (int i = 0; i < 48; i++) {
        for (int k = 20; i == 24 && k < 26; k++)
            len += (size_t)station(text + len, cap - len, k);
        len += (size_t)snprintf(text + len, cap - len,
                                "Năm %d, nhóm khảo sát %d hộ tại huyện %s về %s và đề xuất "
                                "giải pháp số %d cho địa phương. ",
                                2000 + i, 37 * i + 11, places[i % 8], topics[i % 6], i + 1);
    }
    json_t *doc = similar("Đề xuất tổng hợp phát triển kinh tế huyện", text, NULL, 3);
    assert_string_equal(hit_str(doc, 0, "id"), "td");
    assert_string_equal(hit_str(doc, 0, "verdict"), "duplicate");
    json_decref(doc);
    free(text);
}

/* A proposal of 600 KB, past SE_SIMILAR_SAMPLE_BYTES: td's sentences copied all
 * through pages of other text. Its sample meets them, and says it is a sample; a
 * proposal of a page is compared whole. */
TS_TEST(test_long_proposal_is_sampled)
{
    size_t cap = 700 * 1024, len = 0;
    char *text = malloc(cap);
    assert_non_null(text);
    for (int i = 0; len < 600 * 1024; i++) {
        if (i % 6 == 0)
            len += (size_t)station(text + len, cap - len, (i / 6) % 45);
        len += (size_t)snprintf(text + len, cap - len,
                                "Năm %d, hội nghị lần thứ %d bàn về kế hoạch số %d của xã. ",
                                1990 + i % 30, i, 7 * i + 3);
    }
    json_t *doc = similar("Đề xuất rất dài", text, NULL, 3);
    assert_true(json_is_true(json_object_get(doc, "sampled")));
    assert_string_equal(hit_str(doc, 0, "id"), "td");
    assert_string_equal(hit_str(doc, 0, "verdict"), "duplicate");
    json_decref(doc);
    free(text);
    doc = similar("Nuôi tôm", "Xây dựng mô hình nuôi tôm thẻ chân trắng.", NULL, 3);
    assert_true(json_is_false(json_object_get(doc, "sampled")));
    json_decref(doc);
}

static char *ids(json_t *doc)
{
    char *out = calloc(1, 1024);
    json_t *hits = json_object_get(doc, "hits");
    for (size_t i = 0; i < json_array_size(hits); i++) {
        if (i)
            strcat(out, " ");
        strncat(out, hit_str(doc, i, "id"), 100);
    }
    return out;
}

TS_TEST(test_type_filter)
{
    json_t *doc = similar(reworded_title, reworded_text, "news", 0);
    char *got = ids(doc);
    assert_string_equal(got, "n1");
    free(got);
    json_decref(doc);
    doc = similar(reworded_title, reworded_text, "all", 0);
    got = ids(doc);
    if (strncmp(got, "ta n1", 5) != 0)
        fail_msg("type all: got [%s], expected ta then n1 first", got);
    free(got);
    json_decref(doc);
    doc = similar(reworded_title, reworded_text, "nosuchtype", 0);
    assert_int_equal(json_array_size(json_object_get(doc, "hits")), 0);
    json_decref(doc);
    doc = similar(reworded_title, reworded_text, "all", 2);
    assert_int_equal(json_array_size(json_object_get(doc, "hits")), 2);
    json_decref(doc);
}

static void expect_error(const char *method, const char *body, size_t len, int status)
{
    ts_expect_error(PORT, method, "/api/similar", body, len, status, NULL);
}

TS_TEST(test_bad_requests)
{
    static const char *const bodies[] = {
        "",
        "not json",
        "[\"title\", \"text\"]",
        "{}",
        "{\"title\": \"\", \"text\": \"\"}",
        "{\"title\": 5}",
        "{\"text\": [\"a\"]}",
        "{\"title\": \"lúa\", \"type\": 3}",
        "{\"title\": \"lúa\", \"limit\": 0}",
        "{\"title\": \"lúa\", \"limit\": 51}",
        "{\"title\": \"lúa\", \"limit\": \"5\"}",
        "{\"title\": \"lúa\", \"limit\": 2.5}",
        "{\"title\": \"l\xff\"}",
    };
    for (size_t i = 0; i < sizeof bodies / sizeof bodies[0]; i++)
        expect_error("POST", bodies[i], strlen(bodies[i]), 400);
    expect_error("GET", NULL, 0, 405);
    size_t big = 2u << 20;
    char *huge = malloc(big);
    memset(huge, 'a', big);
    memcpy(huge, "{\"text\": \"", 10);
    expect_error("POST", huge, big, 413);
    free(huge);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_reworded_copy_is_a_duplicate),
        cmocka_unit_test(test_passages_show_why),
        cmocka_unit_test(test_unrelated_is_distinct),
        cmocka_unit_test(test_abbreviations_match_expansions),
        cmocka_unit_test(test_passage_in_a_long_proposal),
        cmocka_unit_test(test_long_proposal_is_sampled),
        cmocka_unit_test(test_type_filter),
        cmocka_unit_test(test_bad_requests),
    };
    size_t len;
    char *all = fixture_with_long_task(&len);
    ts_site_use(all, len, NULL);
    int failed = cmocka_run_group_tests(tests, ts_site_setup, ts_site_teardown);
    free(all);
    return failed;
}
