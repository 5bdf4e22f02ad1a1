/* test_facets: the entity filters and the facet counts of search/facets.h, row by row.
 *
 * Filters: what se_entity_filter_query() builds for a province, an organisation, a
 * person or a legal document type as a client types it (case, diacritics, an alias, a
 * district, a province before or after the 2025 reorganisation of data/gazetteer.tsv),
 * compared with the Xapian query's description; then the same filters run over a small
 * fixture, row by row, with the documents they must find.
 * Facets: the counts se_facets_from() gives for a run with spies attached
 * (se_facet_spies_attach), over all of the fixture and over a filtered run: type and
 * year from the value slots, province, organization, person and doc_type from the
 * entities the indexer kept in VN_SLOT_ENTITIES, with their labels and their order.
 * The fixture is indexed with tracuu-index; each document is there for rows that name it.
 * Rows the headers promise but the code does not keep yet are in
 * test_filter_query_known_bugs, skipped while they fail.
 */
#include <jansson.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "facets.h"
#include "support.h"
#include "vn.h"
#include "xc.h"

#define DOC(id, type, date, title, body)                                                        \
    "{\"id\":\"" id "\",\"type\":\"" type "\",\"date\":\"" date "\",\"title\":\"" title          \
    "\",\"body\":\"" body "\"}\n"

static const char fixture[] =
    /* d1: Quảng Nam (Đà Nẵng since 2025) and its district Nam Giang; the Sở written in
     * full; its director; a decision of the province. */
    DOC("d1", "news", "2023-04-13",
        "Sở Khoa học và Công nghệ tỉnh Quảng Nam làm việc với huyện Nam Giang",
        "Sáng ngày 13/4/2023, ông Nguyễn Văn An, Giám đốc Sở Khoa học và Công nghệ tỉnh "
        "Quảng Nam, làm việc với UBND huyện Nam Giang về Quyết định số 12/QĐ-UBND của UBND "
        "tỉnh Quảng Nam.")
    /* d2: the same Sở, abbreviated; its deputy director; a plan and a decision. */
    DOC("d2", "minutes", "2024-03-05", "Biên bản họp hội đồng tư vấn tại thành phố Hội An",
        "Chủ trì cuộc họp có bà Lê Thị Bình, Phó Giám đốc Sở KH&CN Quảng Nam. Hội đồng góp ý "
        "Kế hoạch số 45/KH-UBND và Quyết định số 30/QĐ-UBND.")
    /* d3: Đà Nẵng itself, a district of it; a director of the same name as d1's, of
     * another Sở; a resolution. */
    DOC("d3", "news", "2024-06-10", "Hội thảo chuyển đổi số tại quận Hải Châu",
        "Sở Khoa học và Công nghệ thành phố Đà Nẵng tổ chức hội thảo tại quận Hải Châu. Ông "
        "Nguyễn Văn An, Giám đốc Sở, phát biểu về Nghị quyết số 01/NQ-CP của Chính phủ.")
    /* d4: Thừa Thiên Huế (the city of Huế since 2025); the same resolution. */
    DOC("d4", "news", "2023-11-20", "Thừa Thiên Huế triển khai chuyển đổi số",
        "Tỉnh Thừa Thiên Huế triển khai Nghị quyết số 01/NQ-CP của Chính phủ về chuyển đổi "
        "số.")
    /* d5: Hà Nội, a ministry and its minister; a circular. */
    DOC("d5", "legal", "2023-02-01", "Thông tư quy định quản lý nhiệm vụ khoa học",
        "Bộ trưởng Bộ Khoa học và Công nghệ Huỳnh Thành Đạt ký Thông tư số 05/2023/TT-BKHCN "
        "tại Hà Nội.")
    /* d6: Bình Dương, merged into Hồ Chí Minh in 2025, and Hồ Chí Minh; a plan. */
    DOC("d6", "news", "2022-05-05", "Bình Dương và Thành phố Hồ Chí Minh ký kết hợp tác",
        "Tỉnh Bình Dương và Thành phố Hồ Chí Minh ký kết hợp tác theo Kế hoạch số "
        "88/KH-UBND.")
    /* d7: no entity at all: it counts for its type and year only. */
    DOC("d7", "minutes", "2022-12-12", "Biên bản họp chi bộ",
        "Chi bộ họp thường kỳ, thống nhất nội dung sinh hoạt chuyên đề.");

static char db_path[4096];
static xc_db *db;
static vn_analyzer *analyzer;

static int setup(void **state)
{
    tr_error err = {0};
    if (ts_tmp_setup(state) ||
        ts_index_fixture(ts_tmp_dir(), fixture, sizeof fixture - 1, db_path, sizeof db_path))
        return -1;
    db = xc_db_open(db_path, &err);
    analyzer = vn_analyzer_new(&err);
    if (!db || !analyzer) {
        fprintf(stderr, "setup: %s\n", err.message);
        return -1;
    }
    return 0;
}

static int teardown(void **state)
{
    xc_db_free(db);
    vn_analyzer_free(analyzer);
    return ts_tmp_teardown(state);
}

static const char *const key_names[] = {"province", "org", "person", "doc_type"};

/* The description of the filter for `value`; malloc()ed, or NULL when the filter failed. */
static char *describe_filter(se_entity_key key, const char *value)
{
    tr_error err = {0};
    xc_query *q = se_entity_filter_query(analyzer, key, value, &err);
    char *d = q ? xc_query_describe(q) : NULL;
    xc_query_free(q);
    return d;
}

/* Rows {key, value as a client types it, the query it must give}. */
TS_TEST(test_filter_query)
{
#define OR2(a, b) "Query((" a " OR " b "))"
#define WILD(p) "WILDCARD SYNONYM " p
    static const struct {
        se_entity_key key;
        const char *value, *expected;
    } rows[] = {
        /* A province: under its name before and after 2025, however typed. */
        {SE_KEY_PROVINCE, "quang-nam", OR2("XLquang-nam", "XMquang-nam")},
        {SE_KEY_PROVINCE, "Quảng Nam", OR2("XLquang-nam", "XMquang-nam")},
        {SE_KEY_PROVINCE, "quảng nam", OR2("XLquang-nam", "XMquang-nam")},
        {SE_KEY_PROVINCE, "QUẢNG NAM", OR2("XLquang-nam", "XMquang-nam")},
        {SE_KEY_PROVINCE, "Quang Nam", OR2("XLquang-nam", "XMquang-nam")},
        {SE_KEY_PROVINCE, "tỉnh Quảng Nam", OR2("XLquang-nam", "XMquang-nam")},
        {SE_KEY_PROVINCE, "Đà Nẵng", OR2("XLda-nang", "XMda-nang")},
        {SE_KEY_PROVINCE, "thành phố Đà Nẵng", OR2("XLda-nang", "XMda-nang")},
        {SE_KEY_PROVINCE, "tỉnh Đà Nẵng", OR2("XLda-nang", "XMda-nang")},
        {SE_KEY_PROVINCE, "ha-noi", OR2("XLha-noi", "XMha-noi")},
        {SE_KEY_PROVINCE, "Ha Noi", OR2("XLha-noi", "XMha-noi")},
        {SE_KEY_PROVINCE, "Da Nang", OR2("XLda-nang", "XMda-nang")},
        {SE_KEY_PROVINCE, "Thừa Thiên Huế", OR2("XLthua-thien-hue", "XMthua-thien-hue")},
        {SE_KEY_PROVINCE, "TT-Huế", OR2("XLthua-thien-hue", "XMthua-thien-hue")},
        {SE_KEY_PROVINCE, "Huế", OR2("XLhue", "XMhue")}, /* the 2025 province */
        {SE_KEY_PROVINCE, "TP.HCM", OR2("XLho-chi-minh", "XMho-chi-minh")},
        {SE_KEY_PROVINCE, "Sài Gòn", OR2("XLho-chi-minh", "XMho-chi-minh")},
        {SE_KEY_PROVINCE, "Bình Dương", OR2("XLbinh-duong", "XMbinh-duong")},
        {SE_KEY_PROVINCE, "BR-VT", OR2("XLba-ria-vung-tau", "XMba-ria-vung-tau")},
        /* A district: under its own id only. */
        {SE_KEY_PROVINCE, "huyện Nam Giang", "Query(XLquang-nam.nam-giang)"},
        {SE_KEY_PROVINCE, "Nam Giang", "Query(XLquang-nam.nam-giang)"},
        {SE_KEY_PROVINCE, "quận Hải Châu", "Query(XLda-nang.hai-chau)"},
        {SE_KEY_PROVINCE, "Hội An", "Query(XLquang-nam.hoi-an)"},
        {SE_KEY_PROVINCE, "thị xã Điện Bàn", "Query(XLquang-nam.dien-ban)"},
        {SE_KEY_PROVINCE, "Quận 9", "Query(XLho-chi-minh.thu-duc)"}, /* merged into Thủ Đức */
        /* Unknown: its slug, which no document has; nothing at all: nothing. */
        {SE_KEY_PROVINCE, "Atlantis", OR2("XLatlantis", "XMatlantis")},
        {SE_KEY_PROVINCE, "", "Query()"},
        {SE_KEY_PROVINCE, "!!!", "Query()"},
        /* An organisation: the body itself, and the same body in every place. */
        {SE_KEY_ORG, "so-khoa-hoc-va-cong-nghe.quang-nam",
         OR2("XOso-khoa-hoc-va-cong-nghe.quang-nam", WILD("XOso-khoa-hoc-va-cong-nghe.quang-nam."))},
        {SE_KEY_ORG, "Sở Khoa học và Công nghệ tỉnh Quảng Nam",
         OR2("XOso-khoa-hoc-va-cong-nghe.quang-nam", WILD("XOso-khoa-hoc-va-cong-nghe.quang-nam."))},
        {SE_KEY_ORG, "Sở KH&CN Quảng Nam",
         OR2("XOso-khoa-hoc-va-cong-nghe.quang-nam", WILD("XOso-khoa-hoc-va-cong-nghe.quang-nam."))},
        {SE_KEY_ORG, "so-khoa-hoc-va-cong-nghe",
         OR2("XOso-khoa-hoc-va-cong-nghe", WILD("XOso-khoa-hoc-va-cong-nghe."))},
        {SE_KEY_ORG, "Sở Khoa học và Công nghệ thành phố Đà Nẵng",
         OR2("XOso-khoa-hoc-va-cong-nghe.da-nang", WILD("XOso-khoa-hoc-va-cong-nghe.da-nang."))},
        {SE_KEY_ORG, "SO-KHOA-HOC-VA-CONG-NGHE",
         OR2("XOso-khoa-hoc-va-cong-nghe", WILD("XOso-khoa-hoc-va-cong-nghe."))},
        {SE_KEY_ORG, "UBND huyện Nam Giang",
         OR2("XOubnd-huyen.quang-nam.nam-giang", WILD("XOubnd-huyen.quang-nam.nam-giang."))},
        {SE_KEY_ORG, "Bộ Khoa học và Công nghệ",
         OR2("XObo-khoa-hoc-va-cong-nghe", WILD("XObo-khoa-hoc-va-cong-nghe."))},
        /* A person: an id is that person; a name is every person of that name. */
        {SE_KEY_PERSON, "nguyen-van-an@so-khoa-hoc-va-cong-nghe.quang-nam",
         "Query(XPnguyen-van-an@so-khoa-hoc-va-cong-nghe.quang-nam)"},
        {SE_KEY_PERSON, "Nguyễn Văn An", OR2("XPnguyen-van-an", WILD("XPnguyen-van-an@"))},
        {SE_KEY_PERSON, "NGUYỄN VĂN AN", OR2("XPnguyen-van-an", WILD("XPnguyen-van-an@"))},
        {SE_KEY_PERSON, "nguyen van an", OR2("XPnguyen-van-an", WILD("XPnguyen-van-an@"))},
        {SE_KEY_PERSON, "nguyen-van-an", OR2("XPnguyen-van-an", WILD("XPnguyen-van-an@"))},
        /* A legal document type: by code or by name. */
        {SE_KEY_DOCTYPE, "QĐ", "Query(XKquyet-dinh)"},
        {SE_KEY_DOCTYPE, "quyết định", "Query(XKquyet-dinh)"},
        {SE_KEY_DOCTYPE, "Quyết Định", "Query(XKquyet-dinh)"},
        {SE_KEY_DOCTYPE, "QUYẾT ĐỊNH", "Query(XKquyet-dinh)"},
        {SE_KEY_DOCTYPE, "qd", "Query(XKquyet-dinh)"},
        {SE_KEY_DOCTYPE, "quyet-dinh", "Query(XKquyet-dinh)"},
        {SE_KEY_DOCTYPE, "NQ", "Query(XKnghi-quyet)"},
        {SE_KEY_DOCTYPE, "nghị quyết", "Query(XKnghi-quyet)"},
        {SE_KEY_DOCTYPE, "TT", "Query(XKthong-tu)"},
        {SE_KEY_DOCTYPE, "KH", "Query(XKke-hoach)"},
        {SE_KEY_DOCTYPE, "tờ trình", "Query(XKto-trinh)"},
        {SE_KEY_DOCTYPE, "CTr", "Query(XKchuong-trinh)"},
        {SE_KEY_DOCTYPE, "QyĐ", "Query(XKquy-dinh)"},
        {SE_KEY_DOCTYPE, "sắc lệnh", "Query(XKsac-lenh)"}, /* unknown: its slug */
        {SE_KEY_DOCTYPE, "", "Query()"},
    };
#undef OR2
#undef WILD
    size_t failed = 0, n = sizeof rows / sizeof rows[0];
    for (size_t i = 0; i < n; i++) {
        char *got = describe_filter(rows[i].key, rows[i].value);
        if (!got || strcmp(got, rows[i].expected) != 0)
            ts_row_fail(&failed, "%s=\"%s\": %s, expected %s\n", key_names[rows[i].key],
                        rows[i].value, got ? got : "(no query)", rows[i].expected);
        free(got);
    }
    ts_rows_end(failed, n);
}

/* Rows the headers promise that the code does not keep yet (reported, not fixed here):
 * skipped while every row fails; a row that passes fails the test, to be moved into
 * test_filter_query. */
TS_TEST(test_filter_query_known_bugs)
{
    static const struct {
        se_entity_key key;
        const char *value, *expected, *why;
    } rows[] = {
        /* facets.h: "a district; a name, an alias or an id": kn_slug() drops the dot of
         * a district's id, so it resolves to nothing. */
        {SE_KEY_PROVINCE, "quang-nam.nam-giang", "Query(XLquang-nam.nam-giang)",
         "a district's id"},
        /* "thành phố"/"TP" is also the level of provincial cities (and of Huế since
         * 2025): kn_place_resolve() takes it for a province's level only. */
        {SE_KEY_PROVINCE, "thành phố Hội An", "Query(XLquang-nam.hoi-an)", "a city's level"},
        {SE_KEY_PROVINCE, "TP Tam Kỳ", "Query(XLquang-nam.tam-ky)", "a city's level"},
        {SE_KEY_PROVINCE, "thành phố Thủ Đức", "Query(XLho-chi-minh.thu-duc)",
         "a city's level"},
        {SE_KEY_PROVINCE, "thành phố Huế", "Query((XLhue OR XMhue))",
         "the 2025 province's level"},
    };
    int passing = 0;
    for (size_t i = 0; i < sizeof rows / sizeof rows[0]; i++) {
        char *got = describe_filter(rows[i].key, rows[i].value);
        if (got && strcmp(got, rows[i].expected) == 0) {
            print_error("%s=\"%s\" now gives %s: move the row to test_filter_query\n",
                        key_names[rows[i].key], rows[i].value, got);
            passing++;
        } else {
            print_message("known bug (%s): %s=\"%s\" gives %s, expected %s\n", rows[i].why,
                          key_names[rows[i].key], rows[i].value, got ? got : "(no query)",
                          rows[i].expected);
        }
        free(got);
    }
    if (passing)
        fail_msg("%d known-bug row(s) now pass", passing);
    skip();
}

TS_TEST(test_filter_bad_key)
{
    tr_error err = {0};
    assert_null(se_entity_filter_query(analyzer, SE_KEY_COUNT, "quang-nam", &err));
    assert_int_equal(err.code, TR_EINVAL);
}

static int cmp_str(const void *a, const void *b)
{
    return strcmp(*(const char *const *)a, *(const char *const *)b);
}

/* The ids of the documents `q` matches, sorted, joined by spaces, in buf. */
static const char *matched_ids(const xc_query *q, char *buf, size_t cap)
{
    tr_error err = {0};
    xc_enquire *e = xc_enquire_new(db, &err);
    xc_mset *m = NULL;
    if (e && !xc_enquire_set_query(e, q, &err))
        m = xc_enquire_run(e, 0, 100, 100, &err);
    if (!m)
        fail_msg("search failed: %s", err.message);
    const char *ids[100];
    json_t *recs[100];
    size_t n = xc_mset_size(m);
    for (size_t i = 0; i < n && i < 100; i++) {
        char *data = NULL;
        size_t len = 0;
        assert_int_equal(xc_mset_data(m, i, &data, &len, &err), 0);
        recs[i] = json_loadb(data, len, 0, NULL);
        free(data);
        ids[i] = json_string_value(json_object_get(recs[i], "id"));
        if (!ids[i])
            ids[i] = "?";
    }
    qsort(ids, n, sizeof ids[0], cmp_str);
    size_t at = 0;
    buf[0] = '\0';
    for (size_t i = 0; i < n; i++)
        at += (size_t)snprintf(buf + at, at < cap ? cap - at : 0, "%s%s", i ? " " : "", ids[i]);
    for (size_t i = 0; i < n; i++)
        json_decref(recs[i]);
    xc_mset_free(m);
    xc_enquire_free(e);
    return buf;
}

/* Rows {key, value, the fixture's documents it finds}. */
TS_TEST(test_filter_matches)
{
    static const struct {
        se_entity_key key;
        const char *value, *expected;
    } rows[] = {
        {SE_KEY_PROVINCE, "Quảng Nam", "d1 d2"},
        {SE_KEY_PROVINCE, "quang nam", "d1 d2"},
        {SE_KEY_PROVINCE, "Đà Nẵng", "d1 d2 d3"}, /* Quảng Nam is in Đà Nẵng since 2025 */
        {SE_KEY_PROVINCE, "huyện Nam Giang", "d1"},
        {SE_KEY_PROVINCE, "quận Hải Châu", "d3"},
        {SE_KEY_PROVINCE, "Thừa Thiên Huế", "d4"},
        {SE_KEY_PROVINCE, "Huế", "d4"},
        {SE_KEY_PROVINCE, "Hồ Chí Minh", "d6"},
        {SE_KEY_PROVINCE, "Bình Dương", "d6"},
        {SE_KEY_PROVINCE, "Hà Nội", "d5"},
        {SE_KEY_PROVINCE, "Atlantis", ""},
        {SE_KEY_PROVINCE, "", ""},
        {SE_KEY_ORG, "Sở Khoa học và Công nghệ tỉnh Quảng Nam", "d1 d2"},
        {SE_KEY_ORG, "Sở KH&CN Quảng Nam", "d1 d2"},
        {SE_KEY_ORG, "so-khoa-hoc-va-cong-nghe", "d1 d2 d3"}, /* every province's Sở */
        {SE_KEY_ORG, "so-khoa-hoc-va-cong-nghe.da-nang", "d3"},
        {SE_KEY_ORG, "Sở Khoa học và Công nghệ thành phố Đà Nẵng", "d3"},
        {SE_KEY_ORG, "UBND huyện Nam Giang", "d1"},
        {SE_KEY_ORG, "Bộ KH&CN", "d5"},
        {SE_KEY_ORG, "", ""},
        {SE_KEY_PERSON, "Nguyễn Văn An", "d1 d3"}, /* two people of one name */
        {SE_KEY_PERSON, "nguyen-van-an@so-khoa-hoc-va-cong-nghe.da-nang", "d3"},
        {SE_KEY_PERSON, "Lê Thị Bình", "d2"},
        {SE_KEY_PERSON, "Huỳnh Thành Đạt", "d5"},
        {SE_KEY_PERSON, "Trần Văn Không", ""},
        {SE_KEY_PERSON, "", ""},
        {SE_KEY_DOCTYPE, "QĐ", "d1 d2"},
        {SE_KEY_DOCTYPE, "nghị quyết", "d3 d4"},
        {SE_KEY_DOCTYPE, "KH", "d2 d6"},
        {SE_KEY_DOCTYPE, "thông tư", "d5"},
        {SE_KEY_DOCTYPE, "chỉ thị", ""},
        {SE_KEY_DOCTYPE, "", ""},
    };
    size_t failed = 0, n = sizeof rows / sizeof rows[0];
    for (size_t i = 0; i < n; i++) {
        tr_error err = {0};
        xc_query *q = se_entity_filter_query(analyzer, rows[i].key, rows[i].value, &err);
        char buf[256];
        const char *got = q ? matched_ids(q, buf, sizeof buf) : "(no query)";
        if (strcmp(got, rows[i].expected) != 0)
            ts_row_fail(&failed, "%s=\"%s\": finds \"%s\", expected \"%s\"\n",
                        key_names[rows[i].key], rows[i].value, got, rows[i].expected);
        xc_query_free(q);
    }
    ts_rows_end(failed, n);
}

/* The facets of a run of `q` (match-all when NULL) over the fixture: a new object. */
static json_t *facets_of(const xc_query *q)
{
    tr_error err = {0};
    xc_query *all = q ? NULL : xc_query_match_all(&err);
    xc_enquire *e = xc_enquire_new(db, &err);
    se_facet_spies fs = {0};
    xc_mset *m = NULL;
    json_t *out = NULL;
    if (e && !xc_enquire_set_query(e, q ? q : all, &err) &&
        !se_facet_spies_attach(&fs, e, &err))
        m = xc_enquire_run(e, 0, SE_FACET_DOCS, SE_FACET_CHECK, &err);
    if (!m || se_facets_from(db, m, &fs, &out, &err))
        fail_msg("facets failed: %s", err.message);
    xc_mset_free(m);
    se_facet_spies_free(&fs);
    xc_enquire_free(e);
    xc_query_free(all);
    return out;
}

typedef struct facet_row {
    const char *facet, *value;
    int count;         /* 0: the value must be absent */
    const char *label; /* NULL: not checked */
} facet_row;

/* The facets of a run of `q` (match-all when NULL), named `run` in a failing row,
 * against the rows; the test fails after naming every row that differs. */
static void check_rows(const xc_query *q, const char *run, const facet_row *rows, size_t n)
{
    json_t *facets = facets_of(q);
    size_t failed = 0;
    for (size_t i = 0; i < n; i++) {
        json_t *list = json_object_get(facets, rows[i].facet), *v, *found = NULL;
        size_t k;
        json_array_foreach(list, k, v) {
            const char *value = json_string_value(json_object_get(v, "value"));
            if (value && strcmp(value, rows[i].value) == 0)
                found = v;
        }
        int count = (int)json_integer_value(json_object_get(found, "count"));
        const char *label = json_string_value(json_object_get(found, "label"));
        if (count != rows[i].count ||
            (rows[i].label && (!label || strcmp(label, rows[i].label) != 0)))
            ts_row_fail(&failed, "%s: %s \"%s\": count %d label \"%s\", expected %d \"%s\"\n",
                        run, rows[i].facet, rows[i].value, count, label ? label : "(none)",
                        rows[i].count, rows[i].label ? rows[i].label : "(any)");
    }
    json_decref(facets);
    ts_rows_end(failed, n);
}

/* Rows {facet, value, count, label} over the whole fixture. */
TS_TEST(test_facet_counts)
{
    static const facet_row rows[] = {
        /* Single-valued, from the spies: every matching document counts. */
        {"type", "news", 4, "news"},
        {"type", "minutes", 2, "minutes"}, /* d7, without entities, too */
        {"type", "legal", 1, "legal"},
        {"year", "2024", 2, "2024"},
        {"year", "2023", 3, "2023"},
        {"year", "2022", 2, "2022"},
        /* Provinces as they stood before 2025: Quảng Nam is not counted as Đà Nẵng, nor
         * Bình Dương as Hồ Chí Minh, and a district counts for its province. */
        {"province", "quang-nam", 2, "Quảng Nam"},
        {"province", "da-nang", 1, "Đà Nẵng"},
        {"province", "thua-thien-hue", 1, "Thừa Thiên Huế"},
        {"province", "ha-noi", 1, "Hà Nội"},
        {"province", "binh-duong", 1, "Bình Dương"},
        {"province", "ho-chi-minh", 1, "Hồ Chí Minh"},
        {"province", "hue", 0, NULL},                /* the 2025 province is not a facet */
        {"province", "quang-nam.nam-giang", 0, NULL}, /* nor is a district */
        {"province", "da-nang.hai-chau", 0, NULL},
        /* Organisations, however the document wrote them. */
        {"organization", "so-khoa-hoc-va-cong-nghe.quang-nam", 2, NULL},
        {"organization", "so-khoa-hoc-va-cong-nghe.da-nang", 1, NULL},
        {"organization", "ubnd-huyen.quang-nam.nam-giang", 1, "UBND huyện Nam Giang"},
        {"organization", "bo-khoa-hoc-va-cong-nghe", 1, "Bộ Khoa học và Công nghệ"},
        /* People: one name, two people by their organisation. */
        {"person", "nguyen-van-an@so-khoa-hoc-va-cong-nghe.quang-nam", 1, "Nguyễn Văn An"},
        {"person", "nguyen-van-an@so-khoa-hoc-va-cong-nghe.da-nang", 1, "Nguyễn Văn An"},
        {"person", "le-thi-binh@so-khoa-hoc-va-cong-nghe.quang-nam", 1, "Lê Thị Bình"},
        {"person", "huynh-thanh-dat@bo-khoa-hoc-va-cong-nghe", 1, "Huỳnh Thành Đạt"},
        {"person", "nguyen-van-an", 0, NULL},
        /* Types of the legal documents cited. */
        {"doc_type", "quyet-dinh", 2, "quyết định"},
        {"doc_type", "nghi-quyet", 2, "nghị quyết"},
        {"doc_type", "ke-hoach", 2, "kế hoạch"},
        {"doc_type", "thong-tu", 1, "thông tư"},
    };
    check_rows(NULL, "all", rows, sizeof rows / sizeof rows[0]);
}

/* The same over a run filtered to Đà Nẵng (since 2025): d1, d2, d3. */
TS_TEST(test_facet_counts_filtered)
{
    static const facet_row rows[] = {
        {"type", "news", 2, NULL},
        {"type", "minutes", 1, NULL},
        {"type", "legal", 0, NULL},
        {"year", "2024", 2, NULL},
        {"year", "2023", 1, NULL},
        {"year", "2022", 0, NULL},
        {"province", "quang-nam", 2, NULL},
        {"province", "da-nang", 1, NULL},
        {"province", "ha-noi", 0, NULL},
        {"organization", "so-khoa-hoc-va-cong-nghe.quang-nam", 2, NULL},
        {"organization", "bo-khoa-hoc-va-cong-nghe", 0, NULL},
        {"person", "huynh-thanh-dat@bo-khoa-hoc-va-cong-nghe", 0, NULL},
        {"person", "le-thi-binh@so-khoa-hoc-va-cong-nghe.quang-nam", 1, NULL},
        {"doc_type", "quyet-dinh", 2, NULL},
        {"doc_type", "nghi-quyet", 1, NULL},
        {"doc_type", "ke-hoach", 1, NULL},
        {"doc_type", "thong-tu", 0, NULL},
    };
    tr_error err = {0};
    xc_query *q = se_entity_filter_query(analyzer, SE_KEY_PROVINCE, "Đà Nẵng", &err);
    assert_non_null(q);
    check_rows(q, "province=Đà Nẵng", rows, sizeof rows / sizeof rows[0]);
    xc_query_free(q);
}

/* Every facet is there; years newest first, the others most frequent first. */
TS_TEST(test_facet_order)
{
    static const char *const names[] = {"type", "year", "province", "organization", "person",
                                        "doc_type"};
    json_t *facets = facets_of(NULL);
    for (size_t f = 0; f < sizeof names / sizeof names[0]; f++) {
        json_t *list = json_object_get(facets, names[f]);
        if (!json_is_array(list) || json_array_size(list) == 0)
            fail_msg("facet %s: missing or empty", names[f]);
        for (size_t i = 1; i < json_array_size(list); i++) {
            json_t *a = json_array_get(list, i - 1), *b = json_array_get(list, i);
            const char *va = json_string_value(json_object_get(a, "value"));
            const char *vb = json_string_value(json_object_get(b, "value"));
            json_int_t ca = json_integer_value(json_object_get(a, "count"));
            json_int_t cb = json_integer_value(json_object_get(b, "count"));
            int ok = strcmp(names[f], "year") == 0 ? strcmp(va, vb) > 0 : ca >= cb;
            if (!ok)
                fail_msg("facet %s: \"%s\" (%lld) before \"%s\" (%lld)", names[f], va,
                         (long long)ca, vb, (long long)cb);
        }
    }
    json_decref(facets);
}

TS_TEST(test_facets_without_run)
{
    se_facet_spies fs = {0};
    se_facet_spies_free(&fs); /* a zeroed set is fine */
    tr_error err = {0};
    json_t *before = json_object(), *out = before;
    assert_int_equal(se_facets_from(db, NULL, &fs, &out, &err), TR_EINVAL);
    assert_null(out); /* set to NULL even on failure */
    json_decref(before);
}

TS_MAIN(setup, teardown,
        cmocka_unit_test(test_filter_query),
        cmocka_unit_test(test_filter_query_known_bugs),
        cmocka_unit_test(test_filter_bad_key),
        cmocka_unit_test(test_filter_matches),
        cmocka_unit_test(test_facet_counts),
        cmocka_unit_test(test_facet_counts_filtered),
        cmocka_unit_test(test_facet_order),
        cmocka_unit_test(test_facets_without_run))
