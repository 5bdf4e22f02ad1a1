/* Black-box test of the knowledge layer: entities found by tracuu-index, read back by
 * tracuu-searchd's /api/officials, /api/decisions, and the facets and entity filters of
 * /api/search. The fixture is written here; each document is there for a reason the
 * tests name. A second part indexes ../shared/seeds as text files, when present. */
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
    /* k3, k1, k2: one person, two positions over time, one organisation written three
     * ways (Sở Khoa học và Công nghệ tỉnh Quảng Nam, "Sở" alone, Sở KH&CN Quảng Nam). */
    "{\"id\":\"k3\",\"type\":\"minutes\",\"date\":\"2021-06-01\",\"source\":\"test\","
    "\"title\":\"Biên bản họp hội đồng tư vấn xác định nhiệm vụ\","
    "\"body\":\"Chủ trì cuộc họp có ông Trần Văn Hòa, Phó Giám đốc Sở Khoa học và Công nghệ "
    "tỉnh Quảng Nam. Hội đồng thống nhất danh mục nhiệm vụ năm 2022.\"}\n"
    "{\"id\":\"k1\",\"type\":\"news\",\"date\":\"2023-04-13\",\"source\":\"test\","
    "\"title\":\"Làm việc với huyện Nam Giang về khoa học cấp huyện\","
    "\"body\":\"Sáng ngày 13/4/2023, đoàn công tác của Sở Khoa học và Công nghệ tỉnh Quảng "
    "Nam do đồng chí Trần Văn Hòa – Giám đốc Sở làm trưởng đoàn đã làm việc với UBND huyện "
    "Nam Giang về triển khai Nghị quyết số 01/NQ-CP của Chính phủ.\"}\n"
    "{\"id\":\"k2\",\"type\":\"news\",\"date\":\"2023-09-20\",\"source\":\"test\","
    "\"title\":\"Phê duyệt danh mục nhiệm vụ khoa học cấp tỉnh\","
    "\"body\":\"Giám đốc Sở KH&CN Quảng Nam Trần Văn Hòa cho biết Quyết định số 1234/QĐ-UBND "
    "ngày 5/9/2023 của UBND tỉnh Quảng Nam đã phê duyệt danh mục. Phó Chủ tịch UBND tỉnh "
    "Quảng Nam Lê Thị Mai đề nghị các sở phối hợp.\"}\n"
    /* k4: elsewhere (Hà Nội), a ministry and a joint circular. */
    "{\"id\":\"k4\",\"type\":\"news\",\"date\":\"2022-03-03\",\"source\":\"test\","
    "\"title\":\"Hội nghị về khoa học quận huyện\","
    "\"body\":\"Tại quận Cầu Giấy, Thứ trưởng Bộ KH&CN Nguyễn Văn Bình nhắc lại Thông tư "
    "05/2008/TT-BKH&CN-BNV về nhiệm vụ của cấp huyện.\"}\n"
    /* k5: a full number and a short mention of the same directive. */
    "{\"id\":\"k5\",\"type\":\"news\",\"date\":\"2020-11-11\",\"source\":\"test\","
    "\"title\":\"Giãn cách xã hội ở Thành phố Hồ Chí Minh\","
    "\"body\":\"Thành phố Hồ Chí Minh thực hiện Chỉ thị số 16/CT-TTg của Thủ tướng. Theo Chỉ "
    "thị 16, người dân ở nhà.\"}\n"
    /* k6: the resolution itself, as a legal text with its own number. */
    "{\"id\":\"k6\",\"type\":\"legal\",\"date\":\"2023-01-06\",\"source\":\"test\","
    "\"doc_number\":\"01/NQ-CP\",\"title\":\"Nghị quyết về nhiệm vụ, giải pháp năm 2023\","
    "\"body\":\"Chính phủ quyết nghị các nhiệm vụ, giải pháp chủ yếu năm 2023.\"}\n";

static json_t *get(const char *target, int expect)
{
    return ts_get_json(ts_group_site.daemon.port, target, expect);
}

/* "/api/search?...&" + the ids of the hits, sorted, joined by spaces. */
static void expect_ids(const char *params, const char *expected)
{
    char target[2048];
    snprintf(target, sizeof target, "/api/search?per_page=100&facets=0&%s", params);
    json_t *doc = get(target, 200);
    char *got = ts_hit_ids(doc, 1);
    if (strcmp(got, expected) != 0)
        fail_msg("%s: got [%s], expected [%s]", params, got, expected);
    free(got);
    json_decref(doc);
}

static json_t *facet(json_t *doc, const char *name, const char *value)
{
    size_t i;
    json_t *v;
    json_array_foreach(json_object_get(json_object_get(doc, "facets"), name), i, v) {
        if (strcmp(json_string_value(json_object_get(v, "value")), value) == 0)
            return v;
    }
    fail_msg("facet %s has no %s", name, value);
    return NULL;
}

static json_int_t count_of(json_t *doc, const char *name, const char *value)
{
    return json_integer_value(json_object_get(facet(doc, name, value), "count"));
}

TS_TEST(test_officials_over_time)
{
    static const char *const queries[] = {"tran%20van%20hoa", "Tr%E1%BA%A7n%20V%C4%83n%20H%C3%B2a",
                                          "TRAN%20VAN%20HOA", "van%20hoa%20quang%20nam"};
    for (size_t i = 0; i < sizeof queries / sizeof queries[0]; i++) {
        char target[256];
        snprintf(target, sizeof target, "/api/officials?q=%s", queries[i]);
        json_t *doc = get(target, 200);
        json_t *p = json_array_get(json_object_get(doc, "officials"), 0);
        assert_non_null(p);
        assert_string_equal(json_string_value(json_object_get(p, "id")),
                            "tran-van-hoa@so-khoa-hoc-va-cong-nghe.quang-nam");
        assert_string_equal(json_string_value(json_object_get(p, "name")), "Trần Văn Hòa");
        assert_int_equal(json_integer_value(json_object_get(p, "documents")), 3);
        /* Positions, latest first: Giám đốc in 2023 (twice), Phó Giám đốc in 2021. */
        json_t *ps = json_object_get(p, "positions");
        json_t *now = json_array_get(ps, 0), *before = json_array_get(ps, json_array_size(ps) - 1);
        assert_string_equal(json_string_value(json_object_get(now, "position")), "Giám đốc");
        assert_string_equal(json_string_value(json_object_get(now, "from")), "2023-04-13");
        assert_string_equal(json_string_value(json_object_get(now, "to")), "2023-09-20");
        assert_int_equal(json_integer_value(json_object_get(now, "documents")), 2);
        assert_string_equal(json_string_value(json_object_get(before, "position")), "Phó Giám đốc");
        assert_string_equal(json_string_value(json_object_get(before, "to")), "2021-06-01");
        assert_string_equal(json_string_value(json_object_get(p, "organization")),
                            "Sở Khoa học và Công nghệ Quảng Nam");
        json_decref(doc);
    }
    /* A person of another organisation is not mixed in. */
    json_t *doc = get("/api/officials?q=le%20thi%20mai", 200);
    json_t *p = json_array_get(json_object_get(doc, "officials"), 0);
    assert_string_equal(json_string_value(json_object_get(p, "id")),
                        "le-thi-mai@ubnd-tinh.quang-nam");
    assert_string_equal(json_string_value(json_object_get(json_array_get(
                            json_object_get(p, "positions"), 0), "position")),
                        "Phó Chủ tịch");
    json_decref(doc);
    doc = get("/api/officials?q=khong%20co%20ai", 200);
    assert_int_equal(json_integer_value(json_object_get(doc, "total")), 0);
    json_decref(doc);
}

TS_TEST(test_official_by_id)
{
    json_t *doc = get("/api/officials/tran-van-hoa@so-khoa-hoc-va-cong-nghe.quang-nam", 200);
    json_t *docs = json_object_get(doc, "documents");
    assert_int_equal(json_array_size(docs), 3);
    static const char *const newest_first[] = {"k2", "k1", "k3"};
    for (size_t i = 0; i < 3; i++)
        assert_string_equal(json_string_value(json_object_get(json_array_get(docs, i), "id")),
                            newest_first[i]);
    json_t *pos = json_array_get(json_object_get(json_array_get(docs, 2), "positions"), 0);
    assert_string_equal(json_string_value(json_object_get(pos, "position")), "Phó Giám đốc");
    json_decref(doc);
    json_decref(get("/api/officials/nobody@nowhere", 404));
}

TS_TEST(test_decisions)
{
    json_t *doc = get("/api/decisions/01%2FNQ-CP", 200);
    assert_string_equal(json_string_value(json_object_get(doc, "number")), "01/NQ-CP");
    assert_string_equal(json_string_value(json_object_get(doc, "type")), "nghị quyết");
    assert_string_equal(json_string_value(json_object_get(doc, "issuer")), "Chính phủ");
    json_t *docs = json_object_get(doc, "documents");
    assert_int_equal(json_array_size(docs), 1);
    assert_string_equal(json_string_value(json_object_get(json_array_get(docs, 0), "id")), "k1");
    assert_non_null(strstr(json_string_value(json_object_get(json_array_get(docs, 0), "sentence")),
                           "Nghị quyết số 01/NQ-CP"));
    /* The resolution itself is in the index too. */
    assert_string_equal(json_string_value(json_object_get(json_object_get(doc, "document"), "id")),
                        "k6");
    json_decref(doc);
    /* Any case, with the slash as is. */
    json_decref(get("/api/decisions/01/nq-cp", 200));
    doc = get("/api/decisions/1234%2FQ%C4%90-UBND", 200);
    assert_string_equal(json_string_value(json_object_get(doc, "date")), "2023-09-05");
    assert_string_equal(json_string_value(json_object_get(doc, "type_code")), "QĐ");
    json_decref(doc);
    /* "Chỉ thị 16" is the directive cited in full. */
    doc = get("/api/decisions/16%2FCT-TTg", 200);
    assert_int_equal(json_integer_value(json_object_get(doc, "total")), 1);
    json_decref(doc);
    json_decref(get("/api/decisions/16%2FCT", 404));
    json_decref(get("/api/decisions/99%2FXX-YY", 404));
    /* Lists. */
    doc = get("/api/decisions?q=nq-cp", 200);
    assert_string_equal(json_string_value(json_object_get(
                            json_array_get(json_object_get(doc, "decisions"), 0), "id")),
                        "01/nq-cp");
    json_decref(doc);
    doc = get("/api/decisions?q=ngh%E1%BB%8B%20quy%E1%BA%BFt%2001", 200);
    assert_int_equal(json_integer_value(json_object_get(doc, "total")), 1);
    json_decref(doc);
    doc = get("/api/decisions?q=bkh%26cn", 200);
    assert_string_equal(json_string_value(json_object_get(
                            json_array_get(json_object_get(doc, "decisions"), 0), "number")),
                        "05/2008/TT-BKH&CN-BNV");
    json_decref(doc);
}

TS_TEST(test_facets)
{
    json_t *doc = get("/api/search?q=&per_page=1", 200);
    assert_int_equal(count_of(doc, "type", "news"), 4);
    assert_int_equal(count_of(doc, "type", "minutes"), 1);
    assert_int_equal(count_of(doc, "year", "2023"), 3);
    assert_int_equal(count_of(doc, "province", "quang-nam"), 3);
    assert_string_equal(json_string_value(json_object_get(facet(doc, "province", "quang-nam"),
                                                          "label")),
                        "Quảng Nam");
    assert_int_equal(count_of(doc, "province", "ha-noi"), 1);
    assert_int_equal(count_of(doc, "province", "ho-chi-minh"), 1);
    assert_int_equal(count_of(doc, "organization", "so-khoa-hoc-va-cong-nghe.quang-nam"), 3);
    assert_int_equal(count_of(doc, "person", "tran-van-hoa@so-khoa-hoc-va-cong-nghe.quang-nam"), 3);
    assert_string_equal(json_string_value(json_object_get(
                            facet(doc, "person", "tran-van-hoa@so-khoa-hoc-va-cong-nghe.quang-nam"),
                            "label")),
                        "Trần Văn Hòa");
    assert_int_equal(count_of(doc, "doc_type", "nghi-quyet"), 1);
    assert_int_equal(count_of(doc, "doc_type", "chi-thi"), 1);
    json_decref(doc);
    /* Facets follow the query and its filters. */
    doc = get("/api/search?q=&province=ha-noi", 200);
    assert_int_equal(json_array_size(json_object_get(json_object_get(doc, "facets"), "type")), 1);
    assert_int_equal(count_of(doc, "person", "nguyen-van-binh@bo-khoa-hoc-va-cong-nghe"), 1);
    json_decref(doc);
    doc = get("/api/search?q=&facets=0", 200);
    assert_true(json_is_null(json_object_get(doc, "facets")));
    json_decref(doc);
}

TS_TEST(test_entity_filters)
{
    expect_ids("province=quang-nam", "k1 k2 k3");
    expect_ids("province=Qu%E1%BA%A3ng%20Nam", "k1 k2 k3");
    expect_ids("province=da-nang", "k1 k2 k3"); /* Quảng Nam is in Đà Nẵng since 2025 */
    expect_ids("province=hue", "");
    expect_ids("province=huy%E1%BB%87n%20Nam%20Giang", "k1");
    expect_ids("province=TP.HCM", "k5");
    expect_ids("q=province%3Aquang-nam%20danh%20m%E1%BB%A5c", "k2 k3");
    expect_ids("q=province%3A%22Qu%E1%BA%A3ng%20Nam%22", "k1 k2 k3");
    expect_ids("org=so-khoa-hoc-va-cong-nghe.quang-nam", "k1 k2 k3");
    expect_ids("org=so-khoa-hoc-va-cong-nghe", "k1 k2 k3"); /* every province's Sở */
    expect_ids("org=S%E1%BB%9F%20KH%26CN%20Qu%E1%BA%A3ng%20Nam", "k1 k2 k3");
    expect_ids("org=UBND%20huy%E1%BB%87n%20Nam%20Giang", "k1");
    expect_ids("person=tran-van-hoa@so-khoa-hoc-va-cong-nghe.quang-nam", "k1 k2 k3");
    expect_ids("person=Tr%E1%BA%A7n%20V%C4%83n%20H%C3%B2a", "k1 k2 k3");
    expect_ids("q=person%3Ale-thi-mai", "k2");
    expect_ids("doc_type=NQ", "k1");
    expect_ids("doc_type=ch%E1%BB%89%20th%E1%BB%8B", "k5");
    expect_ids("q=doc_type%3Athong-tu", "k4");
    expect_ids("province=quang-nam&type=minutes", "k3");
    expect_ids("province=quang-nam&year=2023", "k1 k2");
    expect_ids("province=quang-nam&q=year%3A2021", "k3");
    expect_ids("province=quang-nam&province=ha-noi", "k1 k2 k3"); /* the first one counts */
    expect_ids("q=province%3Aquang-nam%20province%3Aha-noi", "k1 k2 k3 k4");
    expect_ids("province=quang-nam&org=bo-khoa-hoc-va-cong-nghe", "");
}

TS_TEST(test_bad_requests)
{
    static const char *const bad[] = {
        "/api/officials?limit=0", "/api/officials?limit=51", "/api/officials?limit=x",
        "/api/officials?q=%FF", "/api/decisions?limit=-1", "/api/decisions?q=%C3",
        "/api/search?q=a&year=20x", "/api/search?q=a&province=%FF",
    };
    for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
        json_t *doc = get(bad[i], 400);
        assert_true(json_is_string(json_object_get(doc, "error")));
        json_decref(doc);
    }
    char target[2048] = "/api/search?q=a&org=";
    for (int i = 0; i < 200; i++)
        strcat(target, "x");
    json_decref(get(target, 400));
    json_decref(get("/api/decisions/", 404));
    json_decref(get("/api/officials/", 404));
    /* Hostile but well-formed: answered, not failed. */
    json_decref(get("/api/officials?q=%40%40%40", 200));
    json_decref(get("/api/decisions?q=%2F%2F--", 200));
    json_decref(get("/api/search?q=province%3A%22%22%20org%3A", 200));
}

/* ../shared/seeds, indexed as text files: the director of the Quảng Nam department
 * and the document citing 01/NQ-CP. */
TS_TEST(test_seeds)
{
    const char *seeds = ts_shared("seeds");
    if (!seeds) {
        printf("../shared/seeds is absent: the seed documents are not tested\n");
        skip();
    }
    char seeds_dir[4096], sdb[4096];
    snprintf(seeds_dir, sizeof seeds_dir, "%s", seeds);
    snprintf(sdb, sizeof sdb, "%s/seeds-db", ts_group_site.dir);
    char *argv[] = {(char *)ts_program("indexer/tracuu-index"), "--db", sdb, "--quiet", "--type",
                    "news", seeds_dir, NULL};
    assert_int_equal(ts_run_reported(argv), 0);
    ts_daemon d;
    assert_int_equal(ts_searchd_start(&d, sdb), 0);
    json_t *doc = ts_get_json(d.port, "/api/officials?q=nguyen%20phi%20thanh", 200);
    json_t *p = json_array_get(json_object_get(doc, "officials"), 0);
    assert_string_equal(json_string_value(json_object_get(p, "name")), "Nguyễn Phi Thạnh");
    json_t *pos = json_array_get(json_object_get(p, "positions"), 0);
    assert_string_equal(json_string_value(json_object_get(pos, "position")), "Giám đốc");
    assert_non_null(strstr(json_string_value(json_object_get(pos, "organization")), "Quảng Nam"));
    /* The seeds carry no date: the one their text gives first stands in. */
    assert_string_equal(json_string_value(json_object_get(pos, "from")), "2023-04-13");
    json_decref(doc);
    doc = ts_get_json(d.port, "/api/decisions/01%2FNQ-CP", 200);
    assert_string_equal(json_string_value(json_object_get(
                            json_array_get(json_object_get(doc, "documents"), 0), "id")),
                        "002_4d47eb0ce2eac107.txt");
    json_decref(doc);
    /* Nam Giang is found under Quảng Nam, and under Đà Nẵng since 2025. */
    doc = ts_get_json(d.port, "/api/search?q=&province=da-nang&per_page=10&facets=0", 200);
    assert_string_equal(json_string_value(json_object_get(
                            json_array_get(json_object_get(doc, "hits"), 0), "id")),
                        "000_78685f9514df5ddc.txt");
    json_decref(doc);
    ts_searchd_stop(&d);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_officials_over_time), cmocka_unit_test(test_official_by_id),
        cmocka_unit_test(test_decisions),           cmocka_unit_test(test_facets),
        cmocka_unit_test(test_entity_filters),      cmocka_unit_test(test_bad_requests),
        cmocka_unit_test(test_seeds),
    };
    ts_site_use(fixture, sizeof fixture - 1, NULL);
    return cmocka_run_group_tests(tests, ts_site_setup, ts_site_teardown);
}
