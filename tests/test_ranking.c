/* Black-box test of how tracuu-searchd ranks names and spellings (docs/ranking.md):
 * a small fixture indexed with tracuu-index and served, each document there to be
 * confused with another one by one path the tests name.
 *   - a name stands whole in one document; in another, its syllables stand apart in
 *     the title, in order, one of them inside another word ("đúng" for "Dũng"): the
 *     headline of a near-namesake must not stand beside the one document that names
 *     the person when the name is typed with marks;
 *   - a two-syllable name, and a title holding both syllables apart in order: two
 *     words a few apart are no headline, with or without marks;
 *   - two documents alike but for the spelling of one syllable (Nghi, Nghị): typed
 *     with marks, the exact spelling first; typed without, both equal;
 *   - an abbreviation once in a body, and its expansion in another document's title
 *     and body: what was typed first, what stands in for it after. */
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

#define DOC(id, title, body)                                                                   \
    "{\"id\":\"" id "\",\"type\":\"news\",\"date\":\"2023-01-01\",\"source\":\"test\","        \
    "\"title\":\"" title "\",\"body\":\"" body "\"}\n"

static const char fixture[] =
    DOC("person", "Hội nghị tổng kết năm của ngành",
        "Tại hội nghị, ông Trần Văn Dũng báo cáo kết quả của ngành trong năm qua.")
    DOC("namesake", "Ông Trần Đức kể chuyện văn chương đúng lúc",
        "Nhà văn kể lại những năm tháng sáng tác và các tác phẩm đã in.")
    DOC("viet", "Giao lưu hữu nghị Việt Nam và Lào",
        "Hai đoàn thanh niên giao lưu văn nghệ, thể thao tại cửa khẩu.")
    DOC("luu", "Thiết kế nội thất xanh", "Theo kiến trúc sư Lưu Việt, vật liệu tái chế đang lên.")
    DOC("nghi", "Phát biểu tại phiên họp", "Phát biểu tại phiên họp có đại biểu Lê Văn Nghi.")
    DOC("nghị", "Phát biểu tại phiên họp", "Phát biểu tại phiên họp có đại biểu Lê Văn Nghị.")
    DOC("bqp", "Thông báo tuyển dụng", "Hồ sơ dự tuyển gửi về BQP trước ngày 30 tháng 6.")
    DOC("bqp-full", "Bộ Quốc phòng tổ chức hội nghị",
        "Hội nghị của Bộ Quốc phòng tổng kết công tác; Bộ Quốc phòng khen thưởng.");

#define PORT (ts_group_site.daemon.port)

static json_t *search(const char *q)
{
    char *enc = ts_urlencode(q);
    char target[1024];
    snprintf(target, sizeof target, "/api/search?q=%s&facets=0", enc);
    free(enc);
    return ts_get_json(PORT, target, 200);
}

static void expect_ids(const char *q, const char *expected)
{
    json_t *doc = search(q);
    char *got = ts_hit_ids(doc, 0);
    json_decref(doc);
    if (strcmp(got, expected) != 0)
        fail_msg("q=%s: got [%s], expected [%s]", q, got, expected);
    free(got);
}

TS_TEST(test_name_over_near_namesake)
{
    expect_ids("Trần Văn Dũng", "person");
    /* Without marks "đúng" is "dung": the namesake's title is a headline then, and
     * ranks below, ahead of nothing that names the person. */
    json_t *doc = search("tran van dung");
    int person = ts_hit_rank(doc, "person"), namesake = ts_hit_rank(doc, "namesake");
    json_decref(doc);
    if (person != 0 || namesake == 0)
        fail_msg("q=tran van dung: person at %d, namesake at %d", person, namesake);
}

TS_TEST(test_two_syllables_are_no_headline)
{
    expect_ids("Lưu Việt", "luu");
    expect_ids("luu viet", "luu");
}

/* The score of hit `i` of q's answer. */
static double score_of(json_t *doc, size_t i)
{
    return json_real_value(json_object_get(json_array_get(json_object_get(doc, "hits"), i),
                                           "score"));
}

TS_TEST(test_exact_spelling_first_when_typed)
{
    expect_ids("Lê Văn Nghi", "nghi nghị");
    expect_ids("Lê Văn Nghị", "nghị nghi");
    json_t *doc = search("le van nghi");
    char *ids = ts_hit_ids(doc, 1);
    assert_string_equal(ids, "nghi nghị");
    assert_true(score_of(doc, 0) == score_of(doc, 1));
    free(ids);
    json_decref(doc);
}

TS_TEST(test_abbreviation_as_typed_first)
{
    expect_ids("BQP", "bqp bqp-full");
    expect_ids("bqp", "bqp bqp-full");
    expect_ids("Bộ Quốc phòng", "bqp-full bqp");
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_name_over_near_namesake),
        cmocka_unit_test(test_two_syllables_are_no_headline),
        cmocka_unit_test(test_exact_spelling_first_when_typed),
        cmocka_unit_test(test_abbreviation_as_typed_first),
    };
    ts_site_use(fixture, sizeof fixture - 1, NULL);
    return cmocka_run_group_tests(tests, ts_site_setup, ts_site_teardown);
}
