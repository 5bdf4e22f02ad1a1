/* Tests of entity extraction (knowledge/kn.h), table-driven: each row is a text of our
 * own writing, the document's date, what must be found in it and what must not. Facts
 * are written "kind:value":
 *   off:ID               an official with this id (name slug [@ organisation key])
 *   pos:ID=POSITION      ... holding this position
 *   dec:KEY              a legal document cited, by key; type:KEY=TYPE, date:KEY=DATE,
 *                        issuer:KEY=ISSUER
 *   place:ID             a province or district; org:KEY an organisation
 *   when:DATE[..END]     a date of the text
 *   term:TERM            an index term (prefix included)
 * The measured quality on real text is test_extraction.c. */
#include <jansson.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "kn.h"
#include "support.h"

typedef struct row {
    const char *text;
    const char *date; /* YYYYMMDD or NULL */
    const char *must[8];
    const char *must_not[4];
} row;

static const row rows[] = {
    /* Officials, name first and position first. */
    {"Đoàn công tác Sở Khoa học và Công nghệ tỉnh Quảng Nam do đồng chí Nguyễn Văn An – "
     "Giám đốc Sở làm trưởng đoàn.",
     NULL,
     {"off:nguyen-van-an@so-khoa-hoc-va-cong-nghe.quang-nam",
      "pos:nguyen-van-an@so-khoa-hoc-va-cong-nghe.quang-nam=Giám đốc",
      "org:so-khoa-hoc-va-cong-nghe.quang-nam"}, {0}},
    {"Phó Chủ tịch UBND huyện Nam Giang Lê Văn Bình phát biểu.", NULL,
     {"off:le-van-binh@ubnd-huyen.quang-nam.nam-giang", "place:quang-nam.nam-giang",
      "place:quang-nam", "term:XMda-nang"}, {0}},
    {"Bộ trưởng Bộ KH&CN Trần Thị Cúc chủ trì. Thứ trưởng Ngô Văn Dũng báo cáo.", NULL,
     {"off:tran-thi-cuc@bo-khoa-hoc-va-cong-nghe", "off:ngo-van-dung@bo-khoa-hoc-va-cong-nghe",
      "pos:ngo-van-dung@bo-khoa-hoc-va-cong-nghe=Thứ trưởng"}, {0}},
    {"Theo bà Phạm Thị Dung (Trưởng phòng Quản lý khoa học), hồ sơ đã đủ.", NULL,
     {"pos:pham-thi-dung@phong-quan-ly-khoa-hoc=Trưởng phòng"}, {0}},
    {"Đồng chí Hoàng Văn Em, Phó Bí thư Tỉnh ủy, Chủ tịch UBND tỉnh Quảng Trị và Phó Chủ "
     "tịch UBND tỉnh Quảng Trị Đặng Văn Giang dự họp.",
     NULL,
     {"pos:hoang-van-em@ubnd-tinh.quang-tri=Phó Bí thư",
      "pos:hoang-van-em@ubnd-tinh.quang-tri=Chủ tịch",
      "pos:dang-van-giang@ubnd-tinh.quang-tri=Phó Chủ tịch"},
     {"pos:hoang-van-em@ubnd-tinh.quang-tri=Phó Chủ tịch"}},
    {"Có các đồng chí Thứ trưởng Bộ Y tế Lý Văn Hải, Tạ Thị Hoa.", NULL,
     {"off:ly-van-hai@bo-y-te", "off:ta-thi-hoa@bo-y-te"}, {0}},
    {"Ông Nguyễn Văn Hùng, 45 tuổi, trú tại Hà Nội, cho biết đã nộp đơn.", NULL,
     {"place:ha-noi"},
     {"off:nguyen-van-hung", "off:ha-noi"}},
    /* Minutes: the signatures, and the national motto that holds no organisation. */
    {"CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM – Độc lập - Tự do - Hạnh phúc\nPhiên họp kết thúc.\n"
     "THƯ KÝ (đã ký) Võ Thị Lan – CHỦ TỊCH HỘI ĐỒNG (đã ký) Đinh Công Tuấn",
     NULL,
     {"pos:vo-thi-lan=Thư ký", "pos:dinh-cong-tuan=Chủ tịch hội đồng"},
     {"pos:vo-thi-lan=Chủ tịch hội đồng", "org:hoi-chu-nghia-viet-nam"}},
    /* Decisions. */
    {"Theo Nghị quyết số 01/NQ-CP ngày 6/1/2023 của Chính phủ, các bộ triển khai.", NULL,
     {"dec:01/nq-cp", "type:01/nq-cp=nghị quyết", "date:01/nq-cp=2023-01-06",
      "issuer:01/nq-cp=Chính phủ", "term:XKnghi-quyet"}, {0}},
    {"Kiểm tra Chương trình số 07-CTr/TU của Thành ủy Hà Nội.", NULL,
     {"type:07-ctr/tu=chương trình", "issuer:07-ctr/tu=Thành ủy Hà Nội"}, {0}},
    {"Chủ tịch tỉnh bãi bỏ Quyết định số 4914/QĐ - UBND.", NULL,
     {"dec:4914/qd-ubnd", "type:4914/qd-ubnd=quyết định"}, {0}},
    {"Xã thực hiện Chỉ thị số 16/CT-TTg. Theo Chỉ thị 16, người dân ở nhà.", NULL,
     {"dec:16/ct-ttg"},
     {"dec:16/ct"}},
    {"Nghị định 23/2020 quy định việc khai thác cát. Luật số 29/2013/QH13 đã sửa.", NULL,
     {"dec:23/2020/nd", "type:29/2013/qh13=luật", "issuer:29/2013/qh13=Quốc hội"}, {0}},
    {"1/VJA đã không xin lỗi. Hội đồng kỷ luật số 19 họp. Kế hoạch 5 năm được duyệt.", NULL,
     {"nothing"},
     {"dec:1/vja", "dec:19/l", "dec:5/kh"}},
    /* Places. */
    {"Mô hình ở huyện Châu Thành, tỉnh An Giang và các huyện Nam Giang, Đại Lộc và Phước Sơn.",
     NULL,
     {"place:an-giang.chau-thanh", "place:quang-nam.nam-giang", "place:quang-nam.dai-loc",
      "place:quang-nam.phuoc-son"}, {0}},
    {"Học tập tư tưởng Hồ Chí Minh ở Thành phố Hồ Chí Minh và TP.HCM.", NULL,
     {"place:ho-chi-minh"}, {0}},
    {"Nông dân Thừa Thiên - Huế thu hoạch lúa.", NULL,
     {"place:thua-thien-hue", "term:XMhue"}, {0}},
    {"Huyện Châu Thành có mưa lớn.", NULL, {"nothing"}, {"place:an-giang.chau-thanh"}},
    /* Dates. */
    {"Hội nghị ngày 24 tháng 12 năm 2013 và ngày 16-17/3/2023.", NULL,
     {"when:2013-12-24", "when:2023-03-16..2023-03-17"}, {0}},
    {"Ngày 5-7, Sở tổ chức làm việc.", "20240801", {"when:2024-07-05"}, {0}},
    {"Ngày 28-12, Sở tổng kết năm.", "20240105", {"when:2023-12-28"}, {0}},
    {"Ngày 5-7, Sở tổ chức làm việc.", NULL, {"when:--07-05"}, {0}},
    {"Tổng đài phục vụ 24/7 cho người dân.", NULL, {"nothing"}, {"when:--07-24"}},
    /* One organisation, however written. */
    {"Sở KH&CN Quảng Nam và Sở Khoa học và Công nghệ tỉnh Quảng Nam là một.", NULL,
     {"org:so-khoa-hoc-va-cong-nghe.quang-nam"}, {0}},
    /* Where an organisation's name may end: not inside a word, even one a line break
     * cuts; not on a verb; not at "Điều 12"; "và" joins no second organisation. */
    {"Cơ quan chủ trì: Trung tâm Kiểm định và Thử nghiệm Chất\nlượng Sản phẩm tỉnh Gia Lai.",
     NULL,
     {"org:trung-tam-kiem-dinh-va-thu-nghiem-chat-luong-san-pham.gia-lai"},
     {"org:trung-tam-kiem-dinh-va-thu-nghiem-chat"}},
    {"Hội đồng Bảo an họp. Cục Điều tra Liên bang Mỹ vào cuộc. Ngân hàng Thế giới cho vay.",
     NULL,
     {"org:hoi-dong-bao-an", "org:cuc-dieu-tra-lien-bang-my", "org:ngan-hang-the-gioi"},
     {"org:hoi-dong-bao", "org:cuc-dieu-tra-lien"}},
    {"Bệnh viện Bạch Mai tiếp nhận bệnh nhân. Công ty Mỹ cho biết sẽ đầu tư.", NULL,
     {"org:benh-vien-bach-mai"},
     {"org:benh-vien-bach-mai-tiep", "org:cong-ty-my", "org:cong-ty-my-cho"}},
    {"Viện Sinh thái Nhiệt đới tổ chức hội thảo. Hội nghị do Tổng cục Thống kê tổ chức.", NULL,
     {"org:vien-sinh-thai-nhiet-doi", "org:tong-cuc-thong-ke"},
     {"org:vien-sinh-thai-nhiet-doi-to-chuc", "org:tong-cuc-thong-ke-to-chuc"}},
    {"Tổng cục Thuế Điều 12 quy định. Ban Quản lý các dự án họp. Trường Đại học Y Hà Nội "
     "và Bệnh viện Bạch Mai ký kết.",
     NULL,
     {"org:tong-cuc-thue", "org:truong-dai-hoc-y-ha-noi", "org:benh-vien-bach-mai"},
     {"org:tong-cuc-thue-dieu-12", "org:ban-quan-ly"}},
    /* A position is not an organisation; a head needs a name of its own. */
    {"Cuộc họp kết thúc lúc 11 giờ.\nTHƯ KÝ HỘI ĐỒNG CHỦ TỊCH HỘI ĐỒNG\n(đã ký) (đã ký)", NULL,
     {"nothing"},
     {"org:hoi-dong-chu-tich-hoi-dong"}},
    {"Tàu ra quần đảo Trường Sa, qua sông Trường Giang và dãy Trường Sơn. Trường Thịnh",
     NULL,
     {"nothing"},
     {"org:truong-sa", "org:truong-giang", "org:truong-son", "org:truong-thinh"}},
    {"Học sinh Trường THPT Chu Văn An và Trường Lê Quý Đôn đi du lịch Hội An, Quy Nhơn, "
     "Phong Điền và Tây Ban Nha. Liên Hợp Quốc hoan nghênh.",
     NULL,
     {"org:truong-thpt-chu-van-an", "org:truong-le-quy-don", "org:lien-hop-quoc"},
     {"org:hoi-an", "org:quy-nhon", "org:phong-dien", "org:ban-nha"}},
    /* A title is more than a bare position; a village is no organisation. */
    {"Bà Lò Thị Mai, Trưởng Trạm Y tế xã Mường Lạn, và ông Hà Văn Sáu, Trưởng thôn Nà "
     "Pồng, dự họp.",
     NULL,
     {"pos:lo-thi-mai@tram-y-te=Trưởng Trạm", "pos:ha-van-sau=Trưởng thôn"},
     {"pos:lo-thi-mai@tram-y-te=Trưởng", "org:na-pong"}},
    /* A Sở named without its province is the document's. */
    {"Ông Trần Văn Tư, Giám đốc Sở Khoa học và Công nghệ, cho biết tỉnh Gia Lai có 12 nhiệm "
     "vụ.",
     NULL,
     {"off:tran-van-tu@so-khoa-hoc-va-cong-nghe.gia-lai"},
     {"org:so-khoa-hoc-va-cong-nghe"}},
    {"Sở Y tế tỉnh Bình Phước làm việc với Hà Nội và Đà Nẵng; Phó Giám đốc Sở Y tế Lê Văn "
     "Bảy cũng dự.",
     NULL,
     {"off:le-van-bay@so-y-te.binh-phuoc"},
     {"org:so-y-te"}},
    /* Records and signatures: "POSITION: NAME", "POSITION là NAME", a title in capitals
     * over a name alone on its line; Tỉnh ủy alone is the document's province's. */
    {"Chủ nhiệm nhiệm vụ: KS. Huỳnh Tấn Lộc\nChủ nhiệm đề tài là ThS. Lê Thị Mỹ.\n"
     "KT. GIÁM ĐỐC\nPHÓ GIÁM ĐỐC\nPhạm Văn Triều",
     NULL,
     {"pos:huynh-tan-loc=Chủ nhiệm nhiệm vụ", "pos:le-thi-my=Chủ nhiệm đề tài",
      "pos:pham-van-trieu=Phó giám đốc"},
     {0}},
    /* A country is no one's name. */
    {"Thủ tướng Thái Lan và Đại sứ Hàn Quốc tại Việt Nam Lý Văn Tám dự lễ.", NULL,
     {"nothing"},
     {"off:thai-lan", "off:han-quoc"}},
    {"Ông Thái Văn Quý, Bí thư Tỉnh ủy, Chủ tịch HĐND tỉnh Nghệ An chủ trì.", NULL,
     {"org:tinh-uy.nghe-an", "org:hdnd-tinh.nghe-an"}, {0}},
};

/* Every fact of the entities, as "kind:value" strings in a JSON object used as a set. */
static void facts(const kn_entities *e, json_t *set)
{
    json_t *j = kn_entities_json(e);
    size_t i, k;
    json_t *x, *p;
    char buf[512];
    json_array_foreach(json_object_get(j, "officials"), i, x) {
        const char *id = json_string_value(json_object_get(x, "id"));
        snprintf(buf, sizeof buf, "off:%s", id);
        json_object_set_new(set, buf, json_true());
        json_array_foreach(json_object_get(x, "positions"), k, p) {
            snprintf(buf, sizeof buf, "pos:%s=%s", id,
                     json_string_value(json_object_get(p, "position")));
            json_object_set_new(set, buf, json_true());
        }
    }
    json_array_foreach(json_object_get(j, "decisions"), i, x) {
        const char *id = json_string_value(json_object_get(x, "id"));
        static const char *const fields[] = {"type", "date", "issuer"};
        snprintf(buf, sizeof buf, "dec:%s", id);
        json_object_set_new(set, buf, json_true());
        for (k = 0; k < 3; k++) {
            const char *v = json_string_value(json_object_get(x, fields[k]));
            snprintf(buf, sizeof buf, "%s:%s=%s", fields[k], id, v ? v : "(null)");
            json_object_set_new(set, buf, json_true());
        }
    }
    json_array_foreach(json_object_get(j, "places"), i, x) {
        snprintf(buf, sizeof buf, "place:%s", json_string_value(json_object_get(x, "id")));
        json_object_set_new(set, buf, json_true());
    }
    json_array_foreach(json_object_get(j, "organizations"), i, x) {
        snprintf(buf, sizeof buf, "org:%s", json_string_value(json_object_get(x, "id")));
        json_object_set_new(set, buf, json_true());
    }
    json_array_foreach(json_object_get(j, "dates"), i, x) {
        const char *end = json_string_value(json_object_get(x, "end"));
        snprintf(buf, sizeof buf, "when:%s%s%s", json_string_value(json_object_get(x, "date")),
                 end ? ".." : "", end ? end : "");
        json_object_set_new(set, buf, json_true());
    }
    json_decref(j);
}

static int add_term(void *ctx, const char *term, size_t len)
{
    char buf[256];
    snprintf(buf, sizeof buf, "term:%.*s", (int)len, term);
    json_object_set_new(ctx, buf, json_true());
    return 0;
}

/* One analyzer for all the tests, as the indexer has one per thread. */
static vn_analyzer *analyzer;

static int setup(void **state)
{
    (void)state;
    analyzer = vn_analyzer_new(NULL);
    return analyzer ? 0 : -1;
}

static int teardown(void **state)
{
    (void)state;
    vn_analyzer_free(analyzer);
    return 0;
}

/* Every row is checked, and every fact a row lacks or should not have named, before
 * the test fails. */
TS_TEST(test_rows)
{
    size_t failed = 0, n = sizeof rows / sizeof rows[0];
    for (size_t r = 0; r < n; r++) {
        const row *w = &rows[r];
        kn_text t = {NULL, 0, w->text, strlen(w->text), w->date};
        tr_error err = {0};
        kn_entities *e = kn_extract(analyzer, &t, &err);
        if (!e)
            fail_msg("row %zu: %s", r, err.message);
        json_t *set = json_object();
        facts(e, set);
        assert_int_equal(kn_entities_terms(e, add_term, set), 0);
        size_t wrong = 0;
        for (size_t i = 0; i < 8 && w->must[i]; i++)
            if (strcmp(w->must[i], "nothing") != 0 && !json_object_get(set, w->must[i])) {
                char *all = json_dumps(set, JSON_SORT_KEYS);
                ts_row_fail(&wrong, "row %zu (%.40s...): lacks %s; found %s\n", r, w->text,
                            w->must[i], all);
                free(all);
            }
        for (size_t i = 0; i < 4 && w->must_not[i]; i++)
            if (json_object_get(set, w->must_not[i]))
                ts_row_fail(&wrong, "row %zu (%.40s...): should not have %s\n", r, w->text,
                            w->must_not[i]);
        failed += wrong > 0;
        json_decref(set);
        kn_entities_free(e);
    }
    ts_rows_end(failed, n);
}

/* Nothing to find is no failure, and the same text always gives the same entities. */
TS_TEST(test_empty_and_stable)
{
    kn_text empty = {NULL, 0, NULL, 0, NULL};
    kn_entities *e = kn_extract(analyzer, &empty, NULL);
    assert_non_null(e);
    assert_true(kn_entities_empty(e));
    json_t *j = kn_entities_json(e);
    assert_int_equal(json_object_size(j), 0);
    json_decref(j);
    kn_entities_free(e);
    kn_entities_free(NULL);
    /* Invalid UTF-8 and control bytes are read, not refused. */
    static const char junk[] = "\xff\xfe Giám đốc \x01 Nguyễn\xc3 Văn A 01/\xe2 UBND tỉnh";
    kn_text t = {junk, sizeof junk - 1, junk, sizeof junk - 1, "2023"};
    e = kn_extract(analyzer, &t, NULL);
    assert_non_null(e);
    kn_entities_free(e);
}

TS_TEST(test_gazetteer)
{
    kn_gazetteer_stats st;
    assert_int_equal(kn_gazetteer_stats_get(&st, NULL), 0);
    assert_int_equal(st.provinces, 63);
    assert_int_equal(st.provinces_2025, 34);
    assert_true(st.districts >= 690);
    static const struct {
        const char *typed, *id;
        int kind;
    } places[] = {
        {"Quảng Nam", "quang-nam", 1},         {"quang-nam", "quang-nam", 1},
        {"TP.HCM", "ho-chi-minh", 1},          {"Sài Gòn", "ho-chi-minh", 1},
        {"huyện Nam Giang", "quang-nam.nam-giang", 2}, {"Huế", "hue", 1},
        {"Đắc Lắc", "dak-lak", 1},             {"thành phố Thái Nguyên", "thai-nguyen", 1},
        {"Atlantis", "atlantis", 0},
    };
    for (size_t i = 0; i < sizeof places / sizeof places[0]; i++) {
        char id[128];
        int kind = kn_place_resolve(places[i].typed, strlen(places[i].typed), id, sizeof id);
        if (kind != places[i].kind || strcmp(id, places[i].id) != 0)
            fail_msg("%s: %d %s, expected %d %s", places[i].typed, kind, id, places[i].kind,
                     places[i].id);
    }
    assert_string_equal(kn_place_name("da-nang"), "Đà Nẵng");
    assert_string_equal(kn_place_name("quang-nam.nam-giang"), "Nam Giang");
    assert_null(kn_place_name("atlantis"));
    char s[64];
    assert_int_equal(kn_doctype_resolve("NQ", 2, s, sizeof s), 1);
    assert_string_equal(s, "nghi-quyet");
    assert_int_equal(kn_doctype_resolve("quyết định", strlen("quyết định"), s, sizeof s), 1);
    assert_string_equal(s, "quyet-dinh");
    assert_string_equal(kn_doctype_code("quyet-dinh"), "QĐ");
    assert_int_equal(kn_number_key("01/NQ-CP", 8, s, sizeof s), 8);
    assert_string_equal(s, "01/nq-cp");
    assert_int_equal(kn_org_key(analyzer, "Sở KH&CN Quảng Nam", strlen("Sở KH&CN Quảng Nam"), s,
                                sizeof s), 1);
    assert_string_equal(s, "so-khoa-hoc-va-cong-nghe.quang-nam");
}

TS_MAIN(setup, teardown,
        cmocka_unit_test(test_rows),
        cmocka_unit_test(test_empty_and_stable),
        cmocka_unit_test(test_gazetteer))
