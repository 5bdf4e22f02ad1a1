/* Tests for autocomplete (searchd/complete.h): GET /api/suggest against a searchd on a
 * loopback port, over a small fixture indexed with tracuu-index, and the completion
 * function called directly on the same index. Each title of the fixture is there for
 * a test that names it. */
#include <jansson.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "complete.h"
#include "support.h"

#define DOC TS_NEWS

static const char fixture[] =
    /* "khoa học và công nghệ" in four titles, "khoa học" alone in a fifth, and one
     * "khoa hóa": "khoa h" must complete to "khoa học" first. */
    DOC("k1", "Hội thảo khoa học và công nghệ tỉnh Quảng Nam",
        "Hội thảo khoa học và công nghệ của tỉnh bàn về đổi mới sáng tạo.")
    DOC("k2", "Đề án phát triển khoa học và công nghệ đến năm 2030",
        "Đề án phát triển khoa học và công nghệ gắn với chuyển đổi số.")
    DOC("k3", "Khoa học và công nghệ phục vụ nông nghiệp",
        "Ứng dụng khoa học và công nghệ trong nông nghiệp công nghệ cao.")
    DOC("k4", "Thông báo tuyển chọn nhiệm vụ khoa học và công nghệ",
        "Sở thông báo tuyển chọn tổ chức chủ trì nhiệm vụ khoa học và công nghệ.")
    DOC("k5", "Giải thưởng khoa học cho nhà nghiên cứu trẻ",
        "Giải thưởng khoa học được trao cho các nhà nghiên cứu trẻ.")
    DOC("k6", "Khoa hóa học tổ chức hội nghị",
        "Khoa hóa học của trường tổ chức hội nghị thường niên.")
    /* "giống lúa" in three titles; "giọng" (voice) folds the same way: "giong l" must
     * be restored to "giống lúa", and "giọng l", typed so, must not become it. */
    DOC("g1", "Nghiên cứu chọn tạo giống lúa chịu mặn",
        "Đề tài chọn tạo giống lúa chịu mặn cho vùng ven biển; giống lúa mới cho năng "
        "suất cao.")
    DOC("g2", "Giống lúa chịu hạn cho vùng trung du",
        "Giống lúa chịu hạn được trồng thử ở vùng trung du.")
    DOC("g3", "Khảo nghiệm giống lúa mới tại Thăng Bình",
        "Khảo nghiệm giống lúa mới; nông dân chọn giống lúa phù hợp.")
    DOC("g4", "Giọng hát mới của làng quan họ",
        "Giọng hát của các nghệ nhân làng quan họ được ghi âm; giọng ca trẻ.")
    /* Words for one-letter prefixes and bodies. */
    DOC("t1", "Mô hình nuôi tôm công nghệ cao", "Mô hình nuôi tôm thẻ chân trắng.")
    DOC("t2", "Tập huấn kỹ thuật trồng lúa", "Tập huấn kỹ thuật trồng lúa cho nông dân.")
    /* Proper names, capitalised inside titles. */
    DOC("p1", "Lễ hội ở huyện Thăng Bình", "Lễ hội truyền thống của huyện Thăng Bình.")
    DOC("p2", "Mưa lớn ở tỉnh Quảng Nam", "Mưa lớn ở tỉnh Quảng Nam và miền Trung.");

#define PORT (ts_group_site.daemon.port)

static json_t *get_json(const char *target, int expect_status)
{
    return ts_get_json(PORT, target, expect_status);
}

/* The suggestions for q (with &extra when not NULL), as an array owned by *doc. */
static json_t *suggest(const char *q, const char *extra, json_t **doc)
{
    char *enc = ts_urlencode(q);
    char target[4096];
    snprintf(target, sizeof target, "/api/suggest?q=%s%s%s", enc, extra ? "&" : "",
             extra ? extra : "");
    free(enc);
    *doc = get_json(target, 200);
    json_t *list = json_object_get(*doc, "suggestions");
    if (!json_is_array(list) || !json_is_number(json_object_get(*doc, "took_ms")) ||
        !json_is_string(json_object_get(*doc, "query")))
        fail_msg("q=%s: not {query, suggestions, took_ms}", q);
    return list;
}

static const char *text_at(json_t *list, size_t i)
{
    const char *t = json_string_value(json_object_get(json_array_get(list, i), "text"));
    return t ? t : "(none)";
}

static int starts_with(const char *s, const char *prefix)
{
    return strncmp(s, prefix, strlen(prefix)) == 0;
}

/* Rows {typed, what the first suggestion must start with}. */
TS_TEST(test_first_suggestion)
{
    static const struct {
        const char *q, *first;
    } rows[] = {
        {"khoa h", "khoa học"},
        {"khoa học ", "khoa học và công nghệ"}, /* the next word, after a space */
        {"giong l", "giống lúa"},               /* diacritics restored */
        {"giống l", "giống lúa"},               /* typed marks kept */
        {"Giống l", "Giống lúa"},               /* and the typed capital */
        {"giong lua", "giống lúa"},             /* a whole word may still go on */
        {"KHOA h", "KHOA học"},                 /* a typed word stays as typed */
        {"Hội thảo khoa h", "Hội thảo khoa học"}, /* one title: not extended */
        {"nuoi t", "nuôi tôm"},
        {"thang b", "Thăng Bình"},          /* a proper name as titles write it */
        {"tỉnh quảng n", "tỉnh Quảng Nam"},
    };
    for (size_t i = 0; i < sizeof rows / sizeof rows[0]; i++) {
        json_t *doc;
        json_t *list = suggest(rows[i].q, NULL, &doc);
        if (json_array_size(list) == 0 || !starts_with(text_at(list, 0), rows[i].first))
            fail_msg("q=\"%s\": first suggestion \"%s\", expected \"%s...\"", rows[i].q,
                     text_at(list, 0), rows[i].first);
        json_decref(doc);
    }
}

TS_TEST(test_marks_typed_are_kept)
{
    json_t *doc;
    /* "giọng" (voice) is never followed by "lúa" in the corpus. */
    json_t *list = suggest("giọng l", NULL, &doc);
    for (size_t i = 0; i < json_array_size(list); i++)
        if (strstr(text_at(list, i), "lúa") || !starts_with(text_at(list, i), "giọng l"))
            fail_msg("q=\"giọng l\" suggested \"%s\"", text_at(list, i));
    json_decref(doc);
    /* A prefix typed with a mark completes only to spellings that have it. */
    list = suggest("khoa hó", NULL, &doc);
    assert_true(json_array_size(list) > 0);
    for (size_t i = 0; i < json_array_size(list); i++)
        if (!starts_with(text_at(list, i), "khoa hó"))
            fail_msg("q=\"khoa hó\" suggested \"%s\"", text_at(list, i));
    json_decref(doc);
}

TS_TEST(test_list_shape)
{
    json_t *doc;
    json_t *list = suggest("t", NULL, &doc); /* one letter: capped, never more than 10 */
    assert_true(json_array_size(list) >= 1 && json_array_size(list) <= 10);
    json_decref(doc);
    list = suggest("k", "limit=3", &doc);
    assert_true(json_array_size(list) >= 1 && json_array_size(list) <= 3);
    json_decref(doc);
    /* Distinct, none equal to what was typed, each with a count. */
    list = suggest("khoa h", NULL, &doc);
    for (size_t i = 0; i < json_array_size(list); i++) {
        assert_true(json_integer_value(json_object_get(json_array_get(list, i), "count")) > 0);
        assert_string_not_equal(text_at(list, i), "khoa h");
        for (size_t j = 0; j < i; j++)
            assert_string_not_equal(text_at(list, i), text_at(list, j));
    }
    json_decref(doc);
    list = suggest("khoa học", NULL, &doc);
    for (size_t i = 0; i < json_array_size(list); i++)
        assert_string_not_equal(text_at(list, i), "khoa học");
    json_decref(doc);
}

TS_TEST(test_nothing_to_suggest)
{
    static const char *const queries[] = {"", "   ", "khoa học,", "zzzq", "“”", "- - -"};
    for (size_t i = 0; i < sizeof queries / sizeof queries[0]; i++) {
        json_t *doc;
        json_t *list = suggest(queries[i], NULL, &doc);
        if (json_array_size(list) != 0)
            fail_msg("q=\"%s\" suggested \"%s\"", queries[i], text_at(list, 0));
        json_decref(doc);
    }
    json_t *doc = get_json("/api/suggest", 200);
    assert_int_equal(json_array_size(json_object_get(doc, "suggestions")), 0);
    json_decref(doc);
}

static void expect_error(const char *target, int status)
{
    ts_expect_error(PORT, "GET", target, NULL, 0, status, NULL);
}

TS_TEST(test_bad_requests)
{
    char target[512] = "/api/suggest?q=";
    for (int i = 0; i < 300; i++)
        strcat(target, "a");
    expect_error(target, 400);                       /* 300 bytes: typed, not pasted */
    expect_error("/api/suggest?q=%FF%FEkhoa", 400);  /* invalid UTF-8 */
    expect_error("/api/suggest?q=kh%C3", 400);       /* a sequence cut short */
    expect_error("/api/suggest?q=kh&limit=0", 400);
    expect_error("/api/suggest?q=kh&limit=11", 400);
    expect_error("/api/suggest?q=kh&limit=abc", 400);
    expect_error("/api/suggest?q=kh&limit=-1", 400);
    char *resp = NULL;
    assert_int_equal(ts_http(PORT, "POST", "/api/suggest?q=kh", "{}", 2, &resp), 405);
    free(resp);
}

/* The completion function itself, on the same index, without HTTP. */
TS_TEST(test_complete_phrases)
{
    tr_error err = {0};
    xc_db *x = xc_db_open(ts_group_site.db, &err);
    assert_non_null(x);
    se_lexicon *lx = se_lexicon_build(x, SE_VIEW_PUBLIC, &err);
    vn_analyzer *a = vn_analyzer_new(&err);
    assert_non_null(lx);
    assert_non_null(a);
    se_complete_list *l = malloc(sizeof *l);
    assert_int_equal(se_complete_phrases(a, x, SE_VIEW_PUBLIC, lx, "khoa h", 6, 3, l, &err), 0);
    assert_true(l->n >= 1 && l->n <= 3);
    assert_true(starts_with(l->items[0].text, "khoa học"));
    for (size_t i = 0; i < l->n; i++)
        if (strcmp(l->items[i].text, "khoa học và công nghệ") == 0)
            assert_int_equal(l->items[i].count, 4); /* k1..k4 */
    /* Without a lexicon: titles only, and no diacritics to restore. */
    assert_int_equal(se_complete_phrases(a, x, SE_VIEW_PUBLIC, NULL, "khoa h", 6, 10, l, &err), 0);
    assert_true(l->n >= 1 && starts_with(l->items[0].text, "khoa hoc"));
    /* Bad input is refused with the error filled, and the list left empty. */
    assert_int_equal(se_complete_phrases(a, x, SE_VIEW_PUBLIC, lx, "\xff", 1, 10, l, &err), TR_EINVAL);
    assert_int_equal(l->n, 0);
    tr_error_clear(&err);
    assert_int_equal(se_complete_phrases(a, x, SE_VIEW_PUBLIC, lx, "kh", 2, 0, l, &err), TR_EINVAL);
    tr_error_clear(&err);
    char long_text[SE_COMPLETE_QUERY_MAX + 1];
    memset(long_text, 'a', sizeof long_text);
    assert_int_equal(se_complete_phrases(a, x, SE_VIEW_PUBLIC, lx, long_text, sizeof long_text, 10, l, &err),
                     TR_ELIMIT);
    free(l);
    vn_analyzer_free(a);
    se_lexicon_unref(lx);
    xc_db_free(x);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_first_suggestion),
        cmocka_unit_test(test_marks_typed_are_kept),
        cmocka_unit_test(test_list_shape),
        cmocka_unit_test(test_nothing_to_suggest),
        cmocka_unit_test(test_bad_requests),
        cmocka_unit_test(test_complete_phrases),
    };
    ts_site_use(fixture, sizeof fixture - 1, NULL);
    return cmocka_run_group_tests(tests, ts_site_setup, ts_site_teardown);
}
