/* Black-box test of tracuu-searchd: index a small fixture with tracuu-index, start the
 * daemon on a free loopback port, and check its answers over HTTP. The fixture is
 * written here so that each document exists for a reason the tests name. */
#include <jansson.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <cmocka.h>

#include "support.h"

static const char fixture[] =
    /* n1: a working visit; legal number, abbreviation, date, a name with new tone. */
    "{\"id\":\"n1\",\"type\":\"news\",\"date\":\"2023-04-13\",\"source\":\"test\","
    "\"title\":\"Sở Khoa học và Công nghệ làm việc với huyện Nam Giang\","
    "\"body\":\"Ngày 13/4/2023, đoàn công tác của Sở KH&CN do ông Trần Văn Hòa – Giám đốc Sở "
    "làm trưởng đoàn đã làm việc với UBND huyện Nam Giang về triển khai Nghị quyết 01/NQ-CP "
    "và hoạt động khoa học và công nghệ cấp huyện năm 2023.\"}\n"
    /* n2: aquaculture; old tone placement (thuỷ, hoà). */
    "{\"id\":\"n2\",\"type\":\"news\",\"date\":\"2022-08-02\",\"source\":\"test\","
    "\"title\":\"Mô hình nuôi tôm công nghệ cao ở Thăng Bình\","
    "\"body\":\"Mô hình nuôi tôm thẻ chân trắng giúp ngành thuỷ sản của huyện phát triển "
    "hài hoà với môi trường; người dân được tập huấn về khoa học kỹ thuật.\"}\n"
    /* m1: minutes; rice that tolerates salt, not drought. */
    "{\"id\":\"m1\",\"type\":\"minutes\",\"date\":\"2021-12-20\",\"source\":\"test\","
    "\"title\":\"Biên bản họp hội đồng nghiệm thu đề tài giống lúa chịu mặn\","
    "\"body\":\"Hội đồng đã nghe chủ nhiệm đề tài báo cáo kết quả chọn tạo giống lúa chịu mặn "
    "bằng công nghệ sinh học; hội đồng thống nhất nghiệm thu ở mức đạt.\"}\n"
    /* t1: a task; rice that tolerates drought; a decision number with Đ. */
    "{\"id\":\"t1\",\"type\":\"task\",\"date\":\"2020-03-01\",\"source\":\"test\","
    "\"title\":\"Nghiên cứu chọn tạo giống lúa chịu hạn cho vùng trung du\","
    "\"body\":\"Đề tài được phê duyệt theo Quyết định số 1234/QĐ-UBND; mục tiêu là chọn tạo "
    "giống lúa chịu hạn, năng suất 6,5 tấn/ha cho vùng trung du.\"}\n"
    /* n3: flowers (hoa without a tone), once, as n1 and n2 have hòa once: other
     * things equal, the exact spelling must rank first. */
    "{\"id\":\"n3\",\"type\":\"news\",\"date\":\"2024-01-30\",\"source\":\"test\","
    "\"title\":\"Lễ hội mùa xuân ở làng nghề\","
    "\"body\":\"Lễ hội mùa xuân trưng bày hàng nghìn chậu hoa do nông dân làng nghề trồng.\"}\n"
    /* n4: khoa and học both present but never side by side, for phrases. */
    "{\"id\":\"n4\",\"type\":\"news\",\"date\":\"2023-09-05\",\"source\":\"test\","
    "\"title\":\"Học sinh tham quan bệnh viện\","
    "\"body\":\"Các em học sinh đến thăm khoa nhi của bệnh viện tỉnh.\"}\n"
    /* n5, n6: "dược liệu quý hiếm" side by side in n6 only; in n5 a full stop parts
     * "liệu" from "quý", which a reader does not take for the phrase. */
    "{\"id\":\"n5\",\"type\":\"news\",\"date\":\"2019-05-06\",\"source\":\"test\","
    "\"title\":\"Trạm thu mua\","
    "\"body\":\"Trạm thu mua dược liệu. Quý hiếm thì không mua.\"}\n"
    "{\"id\":\"n6\",\"type\":\"news\",\"date\":\"2019-05-07\",\"source\":\"test\","
    "\"title\":\"Bảo tồn nguồn gen\","
    "\"body\":\"Bảo tồn dược liệu quý hiếm ở vùng núi cao.\"}\n";

#define PORT (ts_group_site.daemon.port)

static json_t *get_json(const char *target, int expect_status)
{
    return ts_get_json(PORT, target, expect_status);
}

/* The ids of /api/search?q=QUERY&EXTRA, joined by spaces: in order, or sorted when
 * `sort` (only the set matters). */
static char *hit_ids(const char *q, const char *extra, int sort)
{
    char *enc = ts_urlencode(q);
    char target[4096];
    snprintf(target, sizeof target, "/api/search?q=%s%s%s", enc, extra ? "&" : "",
             extra ? extra : "");
    free(enc);
    json_t *doc = get_json(target, 200);
    char *out = ts_hit_ids(doc, sort);
    json_decref(doc);
    return out;
}

static char *search_ids(const char *q, const char *extra)
{
    return hit_ids(q, extra, 0);
}

static void expect_ids(const char *q, const char *extra, const char *expected)
{
    char *got = search_ids(q, extra);
    if (strcmp(got, expected) != 0)
        fail_msg("q=%s %s: got [%s], expected [%s]", q, extra ? extra : "", got, expected);
    free(got);
}

static void expect_same_set(const char *q1, const char *q2)
{
    char *sa = hit_ids(q1, NULL, 1), *sb = hit_ids(q2, NULL, 1);
    if (strcmp(sa, sb) != 0 || !*sa)
        fail_msg("q=%s gives [%s] but q=%s gives [%s]", q1, sa, q2, sb);
    free(sa);
    free(sb);
}

TS_TEST(test_diacritics_optional)
{
    expect_same_set("khoa học công nghệ", "khoa hoc cong nghe");
    expect_same_set("KHOA HỌC CÔNG NGHỆ", "khoa hoc cong nghe");
    /* NFD input (decomposed marks) finds what NFC finds. */
    expect_same_set("gio\xcc\x82\xcc\x81ng lu\xcc\x81\x61", "giống lúa");
    expect_same_set("Đề tài", "de tai");
}

TS_TEST(test_tone_placement)
{
    /* n2 spells it "thuỷ" and "hoà"; the new placement must find it, first. */
    expect_ids("thủy sản", NULL, "n2");
    expect_ids("hài hòa", NULL, "n2");
}

TS_TEST(test_exact_forms_rank_first)
{
    char *ids = search_ids("hòa", NULL);
    /* n1 (Hòa) and n2 (hoà) have the exact form; n3 only "hoa". */
    const char *n3 = strstr(ids, "n3");
    if (!n3 || !strstr(ids, "n1") || !strstr(ids, "n2") || strstr(ids, "n1") > n3 ||
        strstr(ids, "n2") > n3)
        fail_msg("q=hòa gave [%s]; expected n1 and n2 before n3", ids);
    free(ids);
    expect_ids("chậu hoa", NULL, "n3");
    char *s = hit_ids("hoa", NULL, 1);
    assert_string_equal(s, "n1 n2 n3"); /* without marks, every spelling matches */
    free(s);
}

TS_TEST(test_legal_numbers_and_abbreviations)
{
    expect_ids("01/NQ-CP", NULL, "n1");
    expect_ids("01/nq-cp", NULL, "n1");
    expect_ids("1234/QĐ-UBND", NULL, "t1");
    expect_ids("1234/qd-ubnd", NULL, "t1");
    expect_ids("KH&CN", NULL, "n1");
    expect_ids("13/4/2023", NULL, "n1");
}

TS_TEST(test_phrase_and_operators)
{
    /* Words match apart, in any order... */
    char *words = search_ids("học khoa", NULL);
    if (!strstr(words, "n4") || !strstr(words, "n1"))
        fail_msg("học khoa gave [%s]", words);
    free(words);
    /* ...but when documents hold the query whole, those far behind are dropped. */
    words = search_ids("khoa học", NULL);
    if (strstr(words, "n4") || !strstr(words, "n1"))
        fail_msg("khoa học gave [%s]", words);
    free(words);
    /* Side by side means without punctuation between: the phrase tier keeps n6. */
    expect_ids("dược liệu quý hiếm", NULL, "n6");
    expect_ids("\"dược liệu quý hiếm\"", NULL, "n6");
    /* Both hold the pair side by side; they weigh alike, so input order decides. */
    expect_ids("dược liệu", NULL, "n5 n6");
    char *phrase = search_ids("\"khoa học\"", NULL);
    if (strstr(phrase, "n4") || !strstr(phrase, "n1"))
        fail_msg("phrase \"khoa học\" gave [%s]", phrase);
    free(phrase);
    expect_ids("giống lúa -hạn", NULL, "m1");
    expect_ids("giống lúa -\"chịu hạn\"", NULL, "m1");
    char *s = hit_ids("tôm OR mặn", NULL, 1);
    assert_string_equal(s, "m1 n2");
    free(s);
    expect_ids("type:task lúa", NULL, "t1");
    expect_ids("lúa", "type=minutes", "m1");
    expect_ids("lúa year:2020", NULL, "t1");
    expect_ids("hội", "from=2021-12&to=2021-12-31", "m1");
}

TS_TEST(test_sort_by_date)
{
    expect_ids("công nghệ", "sort=date", "n1 n2 m1");
    expect_ids("công nghệ", "sort=date_asc", "m1 n2 n1");
}

TS_TEST(test_hit_fields_and_snippet)
{
    json_t *doc = get_json("/api/search?q=nuoi%20tom", 200);
    assert_true(json_integer_value(json_object_get(doc, "total")) >= 1);
    assert_true(json_is_number(json_object_get(doc, "took_ms")));
    /* Typed without diacritics: the accented form is suggested. */
    assert_string_equal(json_string_value(json_object_get(doc, "suggestion")), "nuôi tôm");
    json_t *hit = json_array_get(json_object_get(doc, "hits"), 0);
    assert_string_equal(json_string_value(json_object_get(hit, "id")), "n2");
    assert_string_equal(json_string_value(json_object_get(hit, "type")), "news");
    assert_string_equal(json_string_value(json_object_get(hit, "date")), "2022-08-02");
    assert_true(json_real_value(json_object_get(hit, "score")) > 0);
    const char *snip = json_string_value(json_object_get(hit, "snippet"));
    assert_non_null(snip);
    if (!strstr(snip, "<mark>nuôi</mark> <mark>tôm</mark>"))
        fail_msg("snippet does not mark the accented words: %s", snip);
    json_decref(doc);
}

static const char *suggestion_for(const char *q, char *buf, size_t cap)
{
    char *enc = ts_urlencode(q);
    char target[1024];
    snprintf(target, sizeof target, "/api/search?q=%s", enc);
    free(enc);
    json_t *doc = get_json(target, 200);
    json_t *s = json_object_get(doc, "suggestion");
    snprintf(buf, cap, "%s", json_is_string(s) ? json_string_value(s) : "(null)");
    json_decref(doc);
    return buf;
}

TS_TEST(test_did_you_mean_and_typos)
{
    char buf[256];
    /* Diacritic restoration follows the corpus; the user's capital is kept. */
    assert_string_equal(suggestion_for("giong lua chiu man", buf, sizeof buf),
                        "giống lúa chịu mặn");
    assert_string_equal(suggestion_for("Nam Giang", buf, sizeof buf), "(null)");
    assert_string_equal(suggestion_for("huyen Nam Giang", buf, sizeof buf), "huyện Nam Giang");
    /* A word the index lacks gets its neighbour; a typed tone is kept. */
    assert_string_equal(suggestion_for("giốnh lúa", buf, sizeof buf), "giống lúa");
    assert_string_equal(suggestion_for("giống lúa", buf, sizeof buf), "(null)");
    /* Operators and filters stay as typed. */
    assert_string_equal(suggestion_for("type:task giong -man", buf, sizeof buf),
                        "type:task giống -mặn");
    /* And one typo still finds the documents. */
    char *ids = search_ids("giốnh lúa chịu hạn", NULL);
    assert_non_null(strstr(ids, "t1"));
    free(ids);
}

TS_TEST(test_doc_and_health)
{
    json_t *doc = get_json("/api/doc/t1", 200);
    assert_string_equal(json_string_value(json_object_get(doc, "id")), "t1");
    assert_non_null(strstr(json_string_value(json_object_get(doc, "body")), "1234/QĐ-UBND"));
    json_decref(doc);
    doc = get_json("/api/doc/nope", 404);
    assert_true(json_is_string(json_object_get(doc, "error")));
    json_decref(doc);
    doc = get_json("/healthz", 200);
    assert_int_equal(json_integer_value(json_object_get(doc, "documents")), 8);
    json_decref(doc);
}

static void expect_error(const char *method, const char *target, const char *body,
                         size_t body_len, int status)
{
    ts_expect_error(PORT, method, target, body, body_len, status, NULL);
}

TS_TEST(test_bad_requests)
{
    expect_error("GET", "/api/search?q=lua&per_page=101", NULL, 0, 400);
    expect_error("GET", "/api/search?q=lua&per_page=0", NULL, 0, 400);
    expect_error("GET", "/api/search?q=lua&per_page=abc", NULL, 0, 400);
    expect_error("GET", "/api/search?q=lua&page=0", NULL, 0, 400);
    expect_error("GET", "/api/search?q=lua&page=101&per_page=100", NULL, 0, 400);
    expect_error("GET", "/api/search?q=%FF%FE", NULL, 0, 400);
    expect_error("GET", "/api/search?q=lua&sort=sideways", NULL, 0, 400);
    expect_error("GET", "/api/search?q=lua&from=yesterday", NULL, 0, 400);
    char target[2048] = "/api/search?q=";
    for (int i = 0; i < 1100; i++)
        strcat(target, "a");
    expect_error("GET", target, NULL, 0, 400);
    expect_error("GET", "/api/no/such/endpoint", NULL, 0, 404); /* pages: test_web */
    expect_error("POST", "/api/search?q=lua", "{}", 2, 405);
    size_t big = 2 * 1024 * 1024;
    char *huge = malloc(big);
    memset(huge, 'x', big);
    expect_error("POST", "/api/search", huge, big, 413);
    free(huge);
}

TS_TEST(test_hostile_queries)
{
    static const char *const queries[] = {
        "\"\"\"\"", "OR OR OR", "- - -", "-lúa", "type:", "year:..", "\"lúa", "“”", "&&&//--",
        "a b c d e f g h i j k l m n o p q r s t u v w x y z a b c d e f g h i j k l m n o p q r "
        "s t u v w x y z a b c d e f g h i j k l m n o p",
    };
    for (size_t i = 0; i < sizeof queries / sizeof queries[0]; i++) {
        char *enc = ts_urlencode(queries[i]);
        char target[4096];
        snprintf(target, sizeof target, "/api/search?q=%s", enc);
        json_decref(get_json(target, 200));
        free(enc);
    }
    /* A bare exclusion lists every document without the word. */
    char *ids = search_ids("-lúa", "per_page=100");
    assert_null(strstr(ids, "t1"));
    assert_non_null(strstr(ids, "n3"));
    free(ids);
    json_decref(get_json("/api/search", 200));
}

TS_TEST(test_reopens_after_commit)
{
    char path[4096];
    snprintf(path, sizeof path, "%s/more.jsonl", ts_group_site.dir);
    static const char more[] =
        "{\"id\":\"n5\",\"type\":\"news\",\"title\":\"Hội chợ sâm Ngọc Linh\","
        "\"body\":\"Hội chợ giới thiệu sâm Ngọc Linh của các hợp tác xã.\",\"date\":null}\n";
    assert_int_equal(ts_index_file(ts_group_site.db, path, more, sizeof more - 1), 0);
    char *ids = NULL;
    for (int tries = 0; tries < 50; tries++) {
        free(ids);
        ids = search_ids("sâm ngọc linh", NULL);
        if (strcmp(ids, "n5") == 0)
            break;
        usleep(100 * 1000);
    }
    assert_string_equal(ids, "n5");
    free(ids);
}

/* The fixture served to every test. */
static int setup(void **state)
{
    ts_site_use(fixture, sizeof fixture - 1, NULL);
    return ts_site_setup(state);
}

TS_MAIN(setup, ts_site_teardown,
        cmocka_unit_test(test_diacritics_optional),
        cmocka_unit_test(test_tone_placement),
        cmocka_unit_test(test_exact_forms_rank_first),
        cmocka_unit_test(test_legal_numbers_and_abbreviations),
        cmocka_unit_test(test_phrase_and_operators),
        cmocka_unit_test(test_sort_by_date),
        cmocka_unit_test(test_hit_fields_and_snippet),
        cmocka_unit_test(test_did_you_mean_and_typos),
        cmocka_unit_test(test_doc_and_health),
        cmocka_unit_test(test_bad_requests),
        cmocka_unit_test(test_hostile_queries),
        cmocka_unit_test(test_reopens_after_commit))
