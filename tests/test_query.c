/* Tests for searchd's query syntax (searchd/query.h): each row is a query string and
 * the clauses and filters it must give. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include <cmocka.h>

#include "query.h"
#include "ts_main.h"

/* Expected clauses written compactly: "w:text" a word, "p:text" a phrase, a leading
 * '-' for negated, a trailing '|' for "ORed with the next". */
typedef struct row {
    const char *input;
    const char *clauses[8];
    const char *types[3];
    int year_from, year_to;
    const char *filters[3]; /* entity filters as "key=value" */
} row;

static const row rows[] = {
    {"khoa học công nghệ", {"w:khoa", "w:học", "w:công", "w:nghệ"}, {0}, 0, 0, {0}},
    {"  khoa   hoc  ", {"w:khoa", "w:hoc"}, {0}, 0, 0, {0}},
    {"\"khoa học\" Quảng Nam", {"p:khoa học", "w:Quảng", "w:Nam"}, {0}, 0, 0, {0}},
    {"“sở khoa học” 2023", {"p:sở khoa học", "w:2023"}, {0}, 0, 0, {0}},
    {"nông nghiệp -lúa", {"w:nông", "w:nghiệp", "-w:lúa"}, {0}, 0, 0, {0}},
    {"hội thảo -\"công nghệ cao\"", {"w:hội", "w:thảo", "-p:công nghệ cao"}, {0}, 0, 0, {0}},
    {"tôm OR cá giống", {"w:tôm|", "w:cá", "w:giống"}, {0}, 0, 0, {0}},
    {"a OR b OR c", {"w:a|", "w:b|", "w:c"}, {0}, 0, 0, {0}},
    {"OR đầu", {"w:đầu"}, {0}, 0, 0, {0}},
    {"cuối OR", {"w:cuối"}, {0}, 0, 0, {0}},
    {"or thường", {"w:or", "w:thường"}, {0}, 0, 0, {0}},
    {"kinh tế - xã hội", {"w:kinh", "w:tế", "w:xã", "w:hội"}, {0}, 0, 0, {0}},
    {"01/NQ-CP KH&CN", {"w:01/NQ-CP", "w:KH&CN"}, {0}, 0, 0, {0}},
    {"type:task giống lúa", {"w:giống", "w:lúa"}, {"task"}, 0, 0, {0}},
    {"TYPE:news type:minutes", {0}, {"news", "minutes"}, 0, 0, {0}},
    {"year:2023 hội nghị", {"w:hội", "w:nghị"}, {0}, 2023, 2023, {0}},
    {"year:2023..2019", {0}, {0}, 2019, 2023, {0}},
    {"year:abcd", {"w:year:abcd"}, {0}, 0, 0, {0}},
    {"tác giả:Lan", {"w:tác", "w:giả:Lan"}, {0}, 0, 0, {0}},
    {"\"không đóng", {"p:không đóng"}, {0}, 0, 0, {0}},
    {"\"\"", {0}, {0}, 0, 0, {0}},
    {"province:quang-nam giống lúa", {"w:giống", "w:lúa"}, {0}, 0, 0, {"province=quang-nam"}},
    {"province:\"Quảng Nam\" org:ubnd-tinh.quang-nam", {0}, {0}, 0, 0,
     {"province=Quảng Nam", "org=ubnd-tinh.quang-nam"}},
    {"person:nguyen-phi-thanh doc_type:NQ", {0}, {0}, 0, 0,
     {"person=nguyen-phi-thanh", "doc_type=NQ"}},
    {"PROVINCE:hue type:news nuôi tôm", {"w:nuôi", "w:tôm"}, {"news"}, 0, 0, {"province=hue"}},
    {"org:“Sở KH&CN Quảng Nam” hội thảo", {"w:hội", "w:thảo"}, {0}, 0, 0,
     {"org=Sở KH&CN Quảng Nam"}},
    {"-province:hue lúa", {"-w:province:hue", "w:lúa"}, {0}, 0, 0, {0}},
    {"province: lúa", {"w:province:", "w:lúa"}, {0}, 0, 0, {0}},
    {"province:\"\" lúa", {"w:lúa"}, {0}, 0, 0, {0}},
    {"tỉnh:Quảng Nam", {"w:tỉnh:Quảng", "w:Nam"}, {0}, 0, 0, {0}},
    {"-", {0}, {0}, 0, 0, {0}},
    {"", {0}, {0}, 0, 0, {0}},
};

static void check_row(const row *r)
{
    se_query q;
    assert_int_equal(se_query_parse(&q, r->input, strlen(r->input), NULL), 0);
    size_t n = 0;
    while (n < 8 && r->clauses[n])
        n++;
    if (q.nclauses != n)
        fail_msg("%s: %zu clauses, expected %zu", r->input, q.nclauses, n);
    for (size_t i = 0; i < n; i++) {
        const char *e = r->clauses[i];
        int neg = e[0] == '-';
        e += neg;
        int phrase = e[0] == 'p';
        e += 2;
        size_t elen = strlen(e);
        int or_next = elen && e[elen - 1] == '|';
        elen -= or_next;
        const se_clause *c = &q.clauses[i];
        if (c->len != elen || memcmp(c->text, e, elen) != 0 || c->phrase != phrase ||
            c->negated != neg || c->or_next != or_next)
            fail_msg("%s: clause %zu is \"%.*s\" (phrase %d, negated %d, or %d), expected %s",
                     r->input, i, (int)c->len, c->text, c->phrase, c->negated, c->or_next,
                     r->clauses[i]);
    }
    size_t nt = 0;
    while (nt < 3 && r->types[nt])
        nt++;
    if (q.ntypes != nt)
        fail_msg("%s: %zu type filters, expected %zu", r->input, q.ntypes, nt);
    for (size_t i = 0; i < nt; i++)
        if (strcmp(q.types[i], r->types[i]) != 0)
            fail_msg("%s: type %zu is %s, expected %s", r->input, i, q.types[i], r->types[i]);
    if (q.year_from != r->year_from || q.year_to != r->year_to)
        fail_msg("%s: years %d..%d, expected %d..%d", r->input, q.year_from, q.year_to,
                 r->year_from, r->year_to);
    size_t nf = 0;
    while (nf < 3 && r->filters[nf])
        nf++;
    if (q.nfilters != nf)
        fail_msg("%s: %zu entity filters, expected %zu", r->input, q.nfilters, nf);
    static const char *const keys[] = {"province", "org", "person", "doc_type"};
    for (size_t i = 0; i < nf; i++) {
        char got[SE_FILTER_VALUE_MAX + 16];
        snprintf(got, sizeof got, "%s=%s", keys[q.filters[i].key], q.filters[i].value);
        if (strcmp(got, r->filters[i]) != 0)
            fail_msg("%s: entity filter %zu is %s, expected %s", r->input, i, got, r->filters[i]);
    }
    assert_int_equal(se_query_has_positive(&q), n > 0 && !(n == 1 && r->clauses[0][0] == '-'));
    se_query_clear(&q);
}

TS_TEST(test_rows)
{
    for (size_t i = 0; i < sizeof rows / sizeof rows[0]; i++)
        check_row(&rows[i]);
}

TS_TEST(test_too_many_clauses)
{
    char buf[4096] = "";
    for (int i = 0; i < 200; i++)
        strcat(buf, "ab ");
    se_query q;
    assert_int_equal(se_query_parse(&q, buf, strlen(buf), NULL), 0);
    assert_int_equal(q.nclauses, SE_QUERY_MAX_CLAUSES);
    se_query_clear(&q);
}

TS_TEST(test_embedded_nul)
{
    const char s[] = "ab\0cd ef";
    se_query q;
    assert_int_equal(se_query_parse(&q, s, sizeof s - 1, NULL), 0);
    assert_int_equal(q.nclauses, 2);
    assert_int_equal(q.clauses[0].len, 5);
    se_query_clear(&q);
}

TS_MAIN(NULL, NULL,
        cmocka_unit_test(test_rows),
        cmocka_unit_test(test_too_many_clauses),
        cmocka_unit_test(test_embedded_nul))
