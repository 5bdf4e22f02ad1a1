/* Tests for searchd's abbreviations and synonyms (searchd/synonyms.h): loading the
 * files, every kind of malformed line, lookup as qbuild does it (rows of a query and
 * the matches it must give), and a black-box run of tracuu-searchd --data over a
 * three-document index. */
#include <jansson.h>
#include <setjmp.h>
#include <signal.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cmocka.h>

#include "support.h"
#include "synonyms.h"

static char *dir;
static vn_analyzer *analyzer;

static const char *write_tmp(const char *name, const char *content)
{
    static char path[4096];
    snprintf(path, sizeof path, "%s/%s", dir, name);
    ts_write_file(path, content, strlen(content));
    return path;
}

static se_syn *load(const char *content)
{
    tr_error err = {0};
    se_syn *s = se_syn_new(&err);
    assert_non_null(s);
    if (se_syn_load(s, analyzer, write_tmp("t.tsv", content), 1, &err))
        fail_msg("loading failed: %s", err.message);
    return s;
}

/* Every match in `query`, scanning as qbuild does: "AT+LEN: alt | alt*; ..." with
 * the folded tokens of each alternative, '*' marking a compound. */
typedef struct words {
    char w[32][96];
    size_t n;
} words;

static int collect(void *ctx, const vn_token *t)
{
    words *ws = ctx;
    if (t->kind != VN_PART && ws->n < 32)
        snprintf(ws->w[ws->n++], 96, "%.*s", (int)t->folded_len, t->folded);
    return 0;
}

static void describe(const se_syn *s, const char *query, char *out, size_t cap)
{
    words ws = {.n = 0};
    assert_int_equal(vn_analyze(analyzer, query, strlen(query), 0, collect, &ws, NULL, NULL), 0);
    const char *folded[32];
    for (size_t i = 0; i < ws.n; i++)
        folded[i] = ws.w[i];
    out[0] = '\0';
    size_t used = 0;
    for (size_t at = 0, len = 0; at < ws.n; at += len ? len : 1) {
        const se_syn_alt *alts;
        size_t n = se_syn_match(s, folded, ws.n, at, &len, &alts);
        if (n == 0) {
            assert_int_equal(len, 0);
            assert_null(alts);
            continue;
        }
        used += (size_t)snprintf(out + used, cap - used, "%s%zu+%zu:", used ? "; " : "", at, len);
        for (size_t k = 0; k < n; k++) {
            used += (size_t)snprintf(out + used, cap - used, "%s", k ? " |" : "");
            for (size_t j = 0; j < alts[k].n; j++)
                used += (size_t)snprintf(out + used, cap - used, " %s", alts[k].tokens[j]);
            used += (size_t)snprintf(out + used, cap - used, "%s", alts[k].compound ? "*" : "");
        }
    }
}

static void expect_matches(const se_syn *s, const char *query, const char *expected)
{
    char got[1024];
    describe(s, query, got, sizeof got);
    if (strcmp(got, expected) != 0)
        fail_msg("q=%s: got [%s], expected [%s]", query, got, expected);
}

/* ---- Loading ------------------------------------------------------------------- */

TS_TEST(test_load_good_file)
{
    /* A BOM before the first entry, CRLF, comments, blank lines, spaces around
     * fields and a stray tab at the end of a line. */
    se_syn *s = load("\xEF\xBB\xBFUBND\tủy ban nhân dân\r\n"
                     "# a comment\tthat has a tab\r\n"
                     "\r\n"
                     "   # an indented comment\r\n"
                     "  KH&CN \t khoa học và công nghệ\t\r\n"
                     "HĐND\thội đồng nhân dân");
    assert_int_equal(se_syn_count(s), 3);
    expect_matches(s, "UBND", "0+1: uy ban nhan dan");
    expect_matches(s, "KH&CN", "0+1: kh cn | khoa hoc va cong nghe");
    expect_matches(s, "hội đồng nhân dân", "0+4: hdnd");
    se_syn_free(s);
    se_syn_free(NULL);
}

typedef struct bad_row {
    const char *content;
    const char *message; /* after "t.tsv" */
} bad_row;

TS_TEST(test_malformed_lines)
{
    static char long_line[5000], many_words[512], many_forms[512];
    memset(long_line, 'a', sizeof long_line - 1);
    long_line[1] = '\t';
    strcpy(many_words, "X\t");
    for (int i = 0; i < 17; i++)
        strcat(many_words, "từ ");
    strcpy(many_forms, "X");
    for (int i = 0; i < 16; i++)
        strcat(many_forms, "\tmột");
    const bad_row rows[] = {
        {"# fine\nUBND\n", ":2: expected an abbreviation and at least one expansion"},
        {"UBND ủy ban nhân dân\n", ":1: expected an abbreviation"},
        {"UBND\t\tủy ban nhân dân\n", ":1: an empty field"},
        {"UBND\t  \tủy ban\n", ":1: an empty field"},
        {"UBND\tủy ban nhân dân\n\nX\t&&\n", ":3: a field has no letters or digits"},
        {many_words, ":1: a field has more than 16 words"},
        {many_forms, ":1: more than 15 expansions"},
        {"UBND\t\xff\xfe\n", ":1: the line is not valid UTF-8"},
        {long_line, ":1: the line is longer than 4096 bytes"},
    };
    for (size_t i = 0; i < sizeof rows / sizeof rows[0]; i++) {
        tr_error err = {0};
        se_syn *s = se_syn_new(&err);
        /* A good first file, so that the failure can be seen to leave it alone. */
        assert_int_equal(se_syn_load(s, analyzer, write_tmp("good.tsv", "VN\tViệt Nam\n"), 1,
                                     &err),
                         0);
        int rc = se_syn_load(s, analyzer, write_tmp("t.tsv", rows[i].content), 1, &err);
        char expected[256];
        snprintf(expected, sizeof expected, "t.tsv%s", rows[i].message);
        if (rc != TR_EINVAL || !strstr(err.message, expected))
            fail_msg("row %zu: rc %d, message [%s], expected [%s]", i, rc, err.message,
                     expected);
        assert_int_equal(se_syn_count(s), 1);
        expect_matches(s, "VN", "0+1: viet nam");
        expect_matches(s, "UBND", "");
        se_syn_free(s);
    }
}

TS_TEST(test_missing_file)
{
    tr_error err = {0};
    se_syn *s = se_syn_new(&err);
    char path[4096];
    snprintf(path, sizeof path, "%s/absent.tsv", dir);
    assert_int_equal(se_syn_load(s, analyzer, path, 0, &err), 0);
    assert_int_equal(err.code, TR_OK);
    assert_int_equal(se_syn_count(s), 0);
    assert_int_equal(se_syn_load(s, analyzer, path, 1, &err), TR_ENOTFOUND);
    assert_non_null(strstr(err.message, "absent.tsv"));
    se_syn_free(s);
}

TS_TEST(test_later_file_replaces_entries)
{
    se_syn *s = load("BTV\tban thường vụ\nBTV\tbiên tập viên\nUBND\tủy ban nhân dân\n");
    assert_int_equal(se_syn_count(s), 3);
    expect_matches(s, "BTV", "0+1: ban thuong vu | bien tap vien");
    tr_error err = {0};
    /* Same abbreviation, other case: it replaces both lines of the first file. */
    assert_int_equal(se_syn_load(s, analyzer, write_tmp("own.tsv", "btv\tban thường vụ\n"), 1,
                                 &err),
                     0);
    assert_int_equal(se_syn_count(s), 2);
    expect_matches(s, "BTV", "0+1: ban thuong vu");
    expect_matches(s, "biên tập viên", "");
    expect_matches(s, "UBND", "0+1: uy ban nhan dan");
    se_syn_free(s);
}

/* ---- Matching -------------------------------------------------------------------- */

static const char table[] = "KH&CN\tKHCN\tKH-CN\tkhoa học và công nghệ\n"
                            "BKHCN\tBộ Khoa học và Công nghệ\n"
                            "UBND\tủy ban nhân dân\n"
                            "BTV\tban thường vụ\n"
                            "BTV\tbiên tập viên\n"
                            "TP.HCM\tthành phố Hồ Chí Minh\n";

typedef struct match_row {
    const char *query, *expected;
} match_row;

static const match_row match_rows[] = {
    /* Both directions; a compound alternative is marked. A compound is also its parts
     * in a row: the analyzer does not join "kh-cn" in lower case. */
    {"KH&CN", "0+1: kh cn | khcn | kh-cn* | khoa hoc va cong nghe"},
    {"KH-CN", "0+1: kh&cn* | kh cn | khcn | khoa hoc va cong nghe"},
    {"kh-cn", "0+2: kh&cn* | khcn | kh-cn* | khoa hoc va cong nghe"},
    {"khoa học và công nghệ", "0+5: kh&cn* | kh cn | khcn | kh-cn*"},
    {"UBND", "0+1: uy ban nhan dan"},
    {"TP.HCM", "0+1: tp hcm | thanh pho ho chi minh"},
    {"thành phố Hồ Chí Minh", "0+5: tp.hcm* | tp hcm"},
    /* Case, diacritics and tone placement of the query do not matter. */
    {"kh&cn", "0+1: kh cn | khcn | kh-cn* | khoa hoc va cong nghe"},
    {"ubnd", "0+1: uy ban nhan dan"},
    {"uỷ ban nhân dân", "0+4: ubnd"},
    {"ủy ban nhân dân", "0+4: ubnd"},
    {"UỶ BAN NHÂN DÂN", "0+4: ubnd"},
    {"uy ban nhan dan", "0+4: ubnd"},
    {"KHOA HOC VA CONG NGHE", "0+5: kh&cn* | kh cn | khcn | kh-cn*"},
    /* The longest entry wins; a match may start anywhere; several in one query. */
    {"Bộ Khoa học và Công nghệ", "0+6: bkhcn"},
    {"Sở Khoa học và Công nghệ", "1+5: kh&cn* | kh cn | khcn | kh-cn*"},
    {"UBND tỉnh và Sở KH&CN",
     "0+1: uy ban nhan dan; 4+1: kh cn | khcn | kh-cn* | khoa hoc va cong nghe"},
    /* An ambiguous abbreviation: both meanings, which do not find each other. */
    {"BTV", "0+1: ban thuong vu | bien tap vien"},
    {"ban thường vụ", "0+3: btv"},
    /* Whole tokens only: not inside a word or a compound, not a part of an entry. */
    {"ubndx", ""},
    {"KH", ""},
    {"01/KH-UBND", ""},
    {"HĐND-UBND", ""},
    {"ủy ban nhân", ""},
    {"khoa học", ""},
    {"", ""},
};

TS_TEST(test_matching)
{
    se_syn *s = load(table);
    for (size_t i = 0; i < sizeof match_rows / sizeof match_rows[0]; i++)
        expect_matches(s, match_rows[i].query, match_rows[i].expected);
    const char *one[] = {"ubnd"};
    size_t len = 9;
    const se_syn_alt *alts = NULL;
    assert_int_equal(se_syn_match(NULL, one, 1, 0, &len, &alts), 0);
    assert_int_equal(len, 0);
    assert_int_equal(se_syn_match(s, one, 1, 1, &len, &alts), 0);
    se_syn_free(s);
}

/* ---- Black box: tracuu-searchd --data ------------------------------------------ */

static const char fixture[] =
    /* a1 says KH&CN only. */
    "{\"id\":\"a1\",\"type\":\"news\",\"date\":\"2023-05-10\",\"source\":\"test\","
    "\"title\":\"Hội thảo về đổi mới sáng tạo\","
    "\"body\":\"Sở KH&CN tỉnh Quảng Nam tổ chức hội thảo về đổi mới sáng tạo.\"}\n"
    /* a2 spells it out. */
    "{\"id\":\"a2\",\"type\":\"news\",\"date\":\"2023-12-20\",\"source\":\"test\","
    "\"title\":\"Tổng kết năm\","
    "\"body\":\"Hội nghị tổng kết hoạt động khoa học và công nghệ năm 2023 của tỉnh.\"}\n"
    /* a3: ủy ban nhân dân, spelled out with the old tone placement (uỷ). */
    "{\"id\":\"a3\",\"type\":\"news\",\"date\":\"2023-06-01\",\"source\":\"test\","
    "\"title\":\"Tiếp đoàn công tác\","
    "\"body\":\"Chủ tịch uỷ ban nhân dân huyện Duy Xuyên tiếp đoàn công tác năm 2023.\"}\n";

static const char abbreviations[] = "# test data\nKH&CN\tkhoa học và công nghệ\n"
                                    "UBND\tủy ban nhân dân\n";

static ts_daemon daemon_;

static int setup_daemon(void **state)
{
    (void)state;
    char db[4096], data[4096];
    if (ts_index_fixture(dir, fixture, sizeof fixture - 1, db, sizeof db))
        return -1;
    snprintf(data, sizeof data, "%s/data", dir);
    if (mkdir(data, 0700) != 0)
        return -1;
    write_tmp("data/abbreviations.tsv", abbreviations);
    return ts_searchd_start_data(&daemon_, db, data);
}

static int teardown_daemon(void **state)
{
    (void)state;
    ts_searchd_stop(&daemon_);
    return 0;
}

/* The ids of /api/search?q=QUERY, joined by spaces: in order, or sorted when `any_order`
 * (both answers are right, and which ranks first is not the point). */
static void expect_hits(const char *q, const char *expected, int any_order)
{
    char *enc = ts_urlencode(q);
    char target[4096];
    snprintf(target, sizeof target, "/api/search?q=%s", enc);
    free(enc);
    json_t *doc = ts_get_json(daemon_.port, target, 200);
    char *got = ts_hit_ids(doc, any_order);
    json_decref(doc);
    if (strcmp(got, expected) != 0)
        fail_msg("q=%s: got [%s], expected [%s]", q, got, expected);
    free(got);
}

static void expect_ids(const char *q, const char *expected)
{
    expect_hits(q, expected, 0);
}

TS_TEST(test_searchd_expands_queries)
{
    /* What was typed ranks first: a2 has the words, a1 only KH&CN. a1 survives the
     * phrase tier because the tier's phrase has the alternatives too. */
    expect_ids("khoa học và công nghệ", "a2 a1");
    expect_ids("khoa hoc va cong nghe", "a2 a1");
    expect_ids("Sở khoa học và công nghệ", "a1");
    expect_ids("KH&CN", "a1 a2");
    expect_ids("kh&cn", "a1 a2");
    expect_hits("kh-cn", "a1 a2", 1); /* not joined by the analyzer: the words kh, cn */
    expect_ids("UBND", "a3");
    expect_ids("ubnd", "a3");
    expect_ids("ủy ban nhân dân", "a3");
    /* Phrases and exclusions expand too. */
    expect_ids("\"hoạt động KH&CN\"", "a2");
    expect_ids("2023 -UBND", "a2");
    expect_ids("tỉnh -KH&CN", "");
}

TS_TEST(test_searchd_bad_data)
{
    char data[4096], db[4096];
    snprintf(db, sizeof db, "%s/db", dir);
    snprintf(data, sizeof data, "%s/bad", dir);
    assert_int_equal(mkdir(data, 0700), 0);
    char *argv[] = {(char *)ts_program("searchd/tracuu-searchd"), "--db", db, "--data", data,
                    "--port", "0", "--quiet", NULL};
    /* --data given and no abbreviations.tsv there: an error, not a silent empty table. */
    free(ts_run_expect(argv, 2, "abbreviations.tsv"));
    /* A malformed line is named by file and line. */
    write_tmp("bad/abbreviations.tsv", "# header\nUBND\tủy ban nhân dân\nKHCN khoa học\n");
    free(ts_run_expect(argv, 2, "abbreviations.tsv:3:"));
    /* So is one in the operator's file. */
    write_tmp("bad/abbreviations.tsv", "UBND\tủy ban nhân dân\n");
    write_tmp("bad/synonyms.tsv", "ô tô\n");
    free(ts_run_expect(argv, 2, "synonyms.tsv:1:"));
}

static int setup(void **state)
{
    (void)state;
    dir = ts_tempdir();
    analyzer = vn_analyzer_new(NULL);
    return analyzer ? 0 : -1;
}

static int teardown(void **state)
{
    (void)state;
    vn_analyzer_free(analyzer);
    ts_rmrf(dir);
    free(dir);
    return 0;
}

TS_MAIN(setup, teardown,
        cmocka_unit_test(test_load_good_file),
        cmocka_unit_test(test_malformed_lines),
        cmocka_unit_test(test_missing_file),
        cmocka_unit_test(test_later_file_replaces_entries),
        cmocka_unit_test(test_matching),
        cmocka_unit_test_setup_teardown(test_searchd_expands_queries, setup_daemon,
                                        teardown_daemon),
        cmocka_unit_test(test_searchd_bad_data))
