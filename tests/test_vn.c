/* test_vn: the analyzer (analyzers/vn.h), as tables of {input, expected}.
 *
 * Every row also goes through check_invariants(): each token's byte range, cut
 * out of the input and normalised on its own, gives the token's text and folded
 * form; no token holds U+FFFD; positions count up by one and parts share their
 * compound's. So offsets are checked on every row, NFD and invalid bytes included.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>

#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <unicode/unorm2.h>
#include <unicode/ustring.h>

#include "vn.h"
#include "ts_main.h"

typedef struct tok {
    vn_kind kind;
    unsigned flags;
    char text[300], folded[300];
    size_t start, end;
    uint32_t pos;
} tok;

typedef struct got {
    tok v[64];
    size_t n;
    size_t stop_after;  /* return 7 from the callback after this many tokens */
    size_t skip_before; /* ignore tokens that start before this byte */
} got;

typedef struct row {
    const char *in;
    const char *want;
} row;

static int collect(void *ctx, const vn_token *t)
{
    got *g = ctx;
    if (t->start < g->skip_before)
        return 0;
    assert_true(g->n < 64);
    tok *k = &g->v[g->n++];
    assert_true(t->text_len < sizeof k->text && t->folded_len < sizeof k->folded);
    *k = (tok){.kind = t->kind, .flags = t->flags, .start = t->start, .end = t->end, .pos = t->pos};
    memcpy(k->text, t->text, t->text_len);
    memcpy(k->folded, t->folded, t->folded_len);
    return g->stop_after && g->n == g->stop_after ? 7 : 0;
}

/* The input as a C literal would show it, for failure messages. */
static const char *show(const char *in, size_t len)
{
    static char buf[1024];
    size_t o = 0;
    for (size_t i = 0; i < len && o + 5 < sizeof buf; i++) {
        unsigned char c = (unsigned char)in[i];
        if (c < 0x20 || (c >= 0x80 && !vn_utf8_valid(in, len)))
            o += (size_t)snprintf(buf + o, sizeof buf - o, "\\x%02X", c);
        else
            buf[o++] = (char)c;
    }
    buf[o] = '\0';
    return buf;
}

static void expect_str(const char *in, size_t len, const char *what, const char *have,
                       const char *want)
{
    if (strcmp(have, want) != 0)
        fail_msg("input \"%s\" (%s):\n  got:  %s\n  want: %s", show(in, len), what, have, want);
}

static void check_invariants(const char *in, size_t len, uint32_t first, const got *g)
{
    uint32_t pos = first;
    const tok *whole = NULL;
    for (size_t i = 0; i < g->n; i++) {
        const tok *t = &g->v[i];
        char *norm, *fold;
        if (t->start >= t->end || t->end > len)
            fail_msg("input \"%s\": token %zu has range [%zu,%zu)", show(in, len), i, t->start,
                     t->end);
        assert_int_equal(vn_normalize(in + t->start, t->end - t->start, &norm, NULL, NULL), 0);
        assert_int_equal(vn_fold(in + t->start, t->end - t->start, &fold, NULL, NULL), 0);
        expect_str(in, len, "text of the token's source bytes", norm, t->text);
        expect_str(in, len, "folded of the token's source bytes", fold, t->folded);
        free(norm);
        free(fold);
        if (strstr(t->text, "\xEF\xBF\xBD") || !t->text[0])
            fail_msg("input \"%s\": token \"%s\" is empty or holds U+FFFD", show(in, len), t->text);
        if (t->kind == VN_PART) {
            if (!whole || t->pos != whole->pos || t->start < whole->start || t->end > whole->end)
                fail_msg("input \"%s\": part \"%s\" outside its compound", show(in, len), t->text);
            continue;
        }
        if (t->pos != pos++)
            fail_msg("input \"%s\": \"%s\" at %u, want %u", show(in, len), t->text, t->pos, pos - 1);
        if (whole && t->start < whole->end)
            fail_msg("input \"%s\": \"%s\" overlaps the token before", show(in, len), t->text);
        whole = t;
    }
}

static vn_analyzer *analyzer(void)
{
    tr_error err = {0};
    vn_analyzer *a = vn_analyzer_new(&err);
    if (!a)
        fail_msg("vn_analyzer_new: %s", err.message);
    return a;
}

static void run(const char *in, size_t len, got *g)
{
    vn_analyzer *a = analyzer();
    tr_error err = {0};
    uint32_t next = 0;
    memset(g, 0, sizeof *g);
    assert_int_equal(vn_analyze(a, in, len, 10, collect, g, &next, &err), 0);
    assert_int_equal(err.code, TR_OK);
    check_invariants(in, len, 10, g);
    uint32_t positions = 0;
    for (size_t i = 0; i < g->n; i++)
        positions += g->v[i].kind != VN_PART;
    assert_int_equal(next, 10 + positions);
    vn_analyzer_free(a);
}

enum { TEXT, KINDS, FOLDED, FLAGS, OFFSETS };

static const char kind_letter[] = "?WNLADEUP";

static void render(const got *g, int how, char *buf, size_t cap)
{
    size_t o = 0;
    buf[0] = '\0';
    for (size_t i = 0; i < g->n && o < cap; i++) {
        const tok *t = &g->v[i];
        const char *sep = i ? " " : "";
        if (how == TEXT)
            o += (size_t)snprintf(buf + o, cap - o, "%s%s", sep, t->text);
        else if (how == KINDS)
            o += (size_t)snprintf(buf + o, cap - o, "%s%c:%s", sep, kind_letter[t->kind], t->text);
        else if (how == FOLDED)
            o += (size_t)snprintf(buf + o, cap - o, "%s%s", sep, t->folded);
        else if (how == FLAGS)
            o += (size_t)snprintf(buf + o, cap - o, "%s%s/%s%s%s%s", sep, t->text,
                                  t->flags & VN_AFTER_BREAK ? "B" : "",
                                  t->flags & VN_CAPITALISED ? "C" : "",
                                  t->flags & VN_HAS_MARKS ? "M" : "", t->flags ? "" : "-");
        else
            o += (size_t)snprintf(buf + o, cap - o, "%s%s@%u[%zu,%zu)", sep, t->text, t->pos,
                                  t->start, t->end);
    }
}

/* The tokens of `len` bytes at `in`, rendered `how`, must be `want`. */
static void expect_tokens(const char *in, size_t len, int how, const char *want)
{
    char have[4096];
    got g;
    run(in, len, &g);
    render(&g, how, have, sizeof have);
    expect_str(in, len, "tokens", have, want);
}

static void run_rows(const row *rows, size_t n, int how)
{
    for (size_t i = 0; i < n; i++)
        expect_tokens(rows[i].in, strlen(rows[i].in), how, rows[i].want);
}

#define ROWS(r) (r), sizeof(r) / sizeof((r)[0])

/* A function of the whole text (vn_normalize, vn_fold) over rows {in, want}. */
typedef int (*text_fn)(const char *text, size_t len, char **out, size_t *out_len,
                       tr_error *err);

static void run_whole(const row *rows, size_t n, const char *name, text_fn fn)
{
    for (size_t i = 0; i < n; i++) {
        size_t len = strlen(rows[i].in);
        char *out;
        assert_int_equal(fn(rows[i].in, len, &out, NULL, NULL), 0);
        expect_str(rows[i].in, len, name, out, rows[i].want);
        free(out);
    }
}

TS_TEST(test_tone)
{
    static const row rows[] = {
        {"hoà", "hòa"},       {"hoá", "hóa"},         {"hóa", "hóa"},     {"khoẻ", "khỏe"},
        {"thuỷ", "thủy"},     {"uỷ", "ủy"},           {"tuỳ", "tùy"},     {"loè", "lòe"},
        {"xoã", "xõa"},       {"hoạ", "họa"},         {"HOÀ", "hòa"},     {"Thuỷ", "thủy"},
        {"quý", "quý"},       {"quỳ", "quỳ"},         {"quả", "quả"},     {"hoàn", "hoàn"},
        {"thuyền", "thuyền"}, {"khoảng", "khoảng"},   {"toán", "toán"},   {"quyết", "quyết"},
        {"hoài", "hoài"},     {"ngoài", "ngoài"},     {"khuya", "khuya"}, {"khuỷu", "khuỷu"},
        {"giá", "giá"},       {"hoa", "hoa"},         {"koala", "koala"},
        {"ho\xCC\x80" "a", "hòa"},  /* NFD, mark on the o already */
        {"hoa\xCC\x80", "hòa"},     /* NFD, mark on the a */
        {"UBND hoà thuỷ", "ubnd hòa thủy"},
    };
    run_rows(ROWS(rows), TEXT);
    run_whole(ROWS(rows), "vn_normalize", vn_normalize);
}

TS_TEST(test_fold)
{
    static const row rows[] = {
        {"Công Nghệ", "cong nghe"},
        {"Đà Nẵng", "da nang"},
        {"a à á ả ã ạ", "a a a a a a"},
        {"ư ơ â ă ê ô đ Đ", "u o a a e o d d"},
        {"hoà hòa", "hoa hoa"},
        {"thuỷ thủy khoẻ khỏe", "thuy thuy khoe khoe"},
        {"Ελλάδα café", "ελλαδα cafe"},
        {"KH,CN&ĐMST", "kh,cn&dmst kh cn dmst"},
    };
    run_rows(ROWS(rows), FOLDED);
    /* The last row's parts are tokens, not part of the folded text. */
    run_whole(rows, sizeof rows / sizeof rows[0] - 1, "vn_fold", vn_fold);
}

TS_TEST(test_case)
{
    static const row rows[] = {
        {"UBND", "ubnd"}, {"Đ", "đ"}, {"ĐÀ NẴNG", "đà nẵng"}, {"Công Nghệ", "công nghệ"},
        {"Straße", "strasse"}, /* full folding, not lower-casing */
    };
    run_rows(ROWS(rows), TEXT);
}

TS_TEST(test_nfd_same_as_nfc)
{
    static const char *const texts[] = {
        "Công nghệ Đà Nẵng", "HOÀ thuỷ quý Khoẻ", "Quyết định 1234/QĐ-UBND ngày 13/4/2023",
        "KH,CN&ĐMST hoà", "Việt Nam, năm 2023: tăng trưởng", "ngữ ở Ư Ơ Ấ",
    };
    UErrorCode st = U_ZERO_ERROR;
    const UNormalizer2 *nfd = unorm2_getNFDInstance(&st);
    for (size_t i = 0; i < sizeof texts / sizeof texts[0]; i++) {
        UChar u[256], d[512];
        char in[1024];
        int32_t n, m, k;
        u_strFromUTF8(u, 256, &n, texts[i], -1, &st);
        m = unorm2_normalize(nfd, u, n, d, 512, &st);
        u_strToUTF8(in, sizeof in, &k, d, m, &st);
        assert_true(U_SUCCESS(st));
        assert_true((size_t)k > strlen(texts[i])); /* really decomposed */
        got a, b;
        char ra[4096], rb[4096];
        run(texts[i], strlen(texts[i]), &a);
        run(in, (size_t)k, &b); /* offsets into the NFD bytes: check_invariants */
        for (int how = TEXT; how <= FLAGS; how++) {
            render(&a, how, ra, sizeof ra);
            render(&b, how, rb, sizeof rb);
            expect_str(texts[i], strlen(texts[i]), "NFD input", rb, ra);
        }
    }
}

TS_TEST(test_compounds)
{
    static const row rows[] = {
        {"số 01/NQ-CP", "W:số L:01/nq-cp P:01 P:nq P:cp"},
        {"05/2008/TT-BKH&CN-BNV", "L:05/2008/tt-bkh&cn-bnv P:05 P:2008 P:tt P:bkh P:cn P:bnv"},
        {"07-CTr/TU", "L:07-ctr/tu P:07 P:ctr P:tu"},
        {"1234/QĐ-UBND", "L:1234/qđ-ubnd P:1234 P:qđ P:ubnd"},
        {"36/2016/NĐ-CP", "L:36/2016/nđ-cp P:36 P:2016 P:nđ P:cp"},
        {"13/2015/TT-BKHCN", "L:13/2015/tt-bkhcn P:13 P:2015 P:tt P:bkhcn"},
        {"55/2012/NĐ-CP.", "L:55/2012/nđ-cp P:55 P:2012 P:nđ P:cp"},
        {"01/nq-cp", "L:01/nq-cp P:01 P:nq P:cp"}, /* as typed in a query */
        {"KH&CN", "A:kh&cn P:kh P:cn"}, {"kh&cn", "A:kh&cn P:kh P:cn"},
        {"KT-XH", "A:kt-xh P:kt P:xh"}, {"TP.HCM", "A:tp.hcm P:tp P:hcm"},
        {"KH,CN&ĐMST", "A:kh,cn&đmst P:kh P:cn P:đmst"},
        {"COVID-19", "A:covid-19 P:covid P:19"},
        {"KT-XH-năm", "A:kt-xh P:kt P:xh W:năm"},
        {"năm 2023,và", "W:năm N:2023 W:và"},
        {"xong.Ngày", "W:xong W:ngày"},
        {"Hà Nội-Hải Phòng", "W:hà W:nội W:hải W:phòng"},
        {"13/4/2023", "D:13/4/2023 P:13 P:4 P:2023"},
        {"16-17/3/2023", "D:16-17/3/2023 P:16 P:17 P:3 P:2023"},
        {"4/2023", "D:4/2023 P:4 P:2023"}, {"24/12/2013", "D:24/12/2013 P:24 P:12 P:2013"},
        {"2015-2020", "N:2015-2020 P:2015 P:2020"},
        {"1.234.567", "N:1.234.567 P:1 P:234 P:567"},
        {"3,5", "N:3,5 P:3 P:5"}, {"1.234,56", "N:1.234,56 P:1 P:234 P:56"}, {"2023", "N:2023"},
        {"sokhcn@quangnam.gov.vn", "E:sokhcn@quangnam.gov.vn P:sokhcn P:quangnam P:gov P:vn"},
        {"https://dost.quangnam.gov.vn/tin-tuc",
         "U:https://dost.quangnam.gov.vn/tin-tuc P:https P:dost P:quangnam P:gov P:vn P:tin P:tuc"},
        {"www.most.gov.vn", "U:www.most.gov.vn P:www P:most P:gov P:vn"},
        {"(xem https://a.vn/b).", "W:xem U:https://a.vn/b P:https P:a P:vn P:b"},
        {"theo VnExpress.net", "W:theo U:vnexpress.net P:vnexpress P:net"},
        {"kinh tế - xã hội", "W:kinh W:tế W:xã W:hội"}, {"don't", "W:don't"},
    };
    run_rows(ROWS(rows), KINDS);
}

TS_TEST(test_offsets)
{
    static const row rows[] = {
        {"KH&CN.", "kh&cn@10[0,5) kh@10[0,2) cn@10[3,5)"},
        {"ngày 13/4/2023,", "ngày@10[0,5) 13/4/2023@11[6,15) 13@11[6,8) 4@11[9,10) 2023@11[11,15)"},
        {"số 01/NQ-CP xong", "số@10[0,4) 01/nq-cp@11[5,13) 01@11[5,7) nq@11[8,10) cp@11[11,13) "
                             "xong@12[14,18)"},
        {"  Đà\tNẵng  ", "đà@10[2,6) nẵng@11[7,13)"},
    };
    run_rows(ROWS(rows), OFFSETS);
}

TS_TEST(test_flags)
{
    static const row rows[] = {
        {"Hà Nội, ngày mai", "hà/CM nội/CM ngày/BM mai/-"},
        {"một\nhai\tba", "một/M hai/B ba/-"},
        {"a - b", "a/- b/B"},
        {"(Xem) đi", "xem/BC đi/BM"},
        {"Số 01/NQ-CP", "số/CM 01/nq-cp/C 01/- nq/C cp/C"},
        {"ĐMST", "đmst/CM"}, {"hoa\xCC\x80 Hoà", "hòa/M hòa/CM"},
    };
    run_rows(ROWS(rows), FLAGS);
}

TS_TEST(test_invalid_utf8)
{
    static const struct {
        const char *in;
        size_t len;
        const char *want;
    } rows[] = {
        {"a\xFF" "b", 3, "a/- b/B"},
        {"ab\xC0\xAF" "cd", 6, "ab/- cd/B"},         /* overlong '/' */
        {"ab\xED\xA0\x80" "cd", 7, "ab/- cd/B"},     /* surrogate */
        {"ab\xE1\x80", 4, "ab/-"},                   /* truncated at the end */
        {"ab\xE1\x80 cd", 7, "ab/- cd/B"},           /* truncated before a space */
        {"ab\xF4\x90\x80\x80" "cd", 8, "ab/- cd/B"}, /* above U+10FFFF */
        {"\xF5\xF6 Hà", 6, "hà/BCM"},
        {"ab\0cd", 5, "ab/- cd/B"},
        {"\0\0\0", 3, ""},
        {"Hà\x80Nội", 9, "hà/CM nội/BCM"},
    };
    for (size_t i = 0; i < sizeof rows / sizeof rows[0]; i++)
        expect_tokens(rows[i].in, rows[i].len, FLAGS, rows[i].want);
}

TS_TEST(test_utf8_valid)
{
    static const struct {
        const char *in;
        size_t len;
        int valid;
    } rows[] = {
        {"", 0, 1}, {"abc", 3, 1}, {"Đà Nẵng", 10, 1}, {"\0", 1, 1},
        {"\xF0\x9F\x98\x80", 4, 1}, /* U+1F600 */
        {"\xC0\xAF", 2, 0}, {"\xE0\x80\xAF", 3, 0}, /* overlongs */
        {"\xED\xA0\x80", 3, 0},                     /* surrogate */
        {"\xF4\x90\x80\x80", 4, 0},                 /* > U+10FFFF */
        {"\xE1\x80", 2, 0}, {"\x80", 1, 0}, {"\xFE", 1, 0},
    };
    for (size_t i = 0; i < sizeof rows / sizeof rows[0]; i++)
        if (vn_utf8_valid(rows[i].in, rows[i].len) != rows[i].valid)
            fail_msg("input \"%s\": vn_utf8_valid should be %d", show(rows[i].in, rows[i].len),
                     rows[i].valid);
}

TS_TEST(test_utf8_cut)
{
    /* "Đà" is C4 90 C3 A0: a cut inside a character moves back to its start. */
    static const struct {
        const char *in;
        size_t max, want;
    } rows[] = {
        {"abc", 5, 3}, {"abc", 3, 3}, {"abc", 2, 2}, {"Đà", 4, 4}, {"Đà", 3, 2},
        {"Đà", 1, 0},  {"Đà", 0, 0},  {"\xF0\x9F\x98\x80x", 3, 0}, {"\xF0\x9F\x98\x80x", 4, 4},
    };
    for (size_t i = 0; i < sizeof rows / sizeof rows[0]; i++) {
        size_t got = vn_utf8_cut(rows[i].in, strlen(rows[i].in), rows[i].max);
        if (got != rows[i].want)
            fail_msg("input \"%s\" at most %zu: %zu, expected %zu",
                     show(rows[i].in, strlen(rows[i].in)), rows[i].max, got, rows[i].want);
    }
}

TS_TEST(test_has_marks)
{
    static const struct {
        const char *in;
        int want;
    } rows[] = {{"cong nghe", 0}, {"công", 1}, {"đ", 1}, {"Đ", 1}, {"UBND", 0},
                {"a\xCC\x80", 1}, {"café", 1}, {"", 0}, {"2023", 0}};
    for (size_t i = 0; i < sizeof rows / sizeof rows[0]; i++)
        if (vn_has_marks(rows[i].in, strlen(rows[i].in)) != rows[i].want)
            fail_msg("input \"%s\": vn_has_marks should be %d", rows[i].in, rows[i].want);
}

TS_TEST(test_empty_and_bad_arguments)
{
    vn_analyzer *a = analyzer();
    got g = {0};
    tr_error err = {0};
    uint32_t next = 99;
    assert_int_equal(vn_analyze(a, "", 0, 5, collect, &g, &next, &err), 0);
    assert_int_equal(vn_analyze(a, NULL, 0, 5, collect, &g, &next, &err), 0);
    assert_int_equal(g.n, 0);
    assert_int_equal(next, 5);
    assert_int_equal(vn_analyze(a, " ,. \n", 5, 5, collect, &g, &next, &err), 0);
    assert_int_equal(g.n, 0);
    assert_int_equal(vn_analyze(a, "x", 1, 0, NULL, NULL, NULL, &err), TR_EINVAL);
    tr_error_clear(&err);
    assert_int_equal(vn_analyze(NULL, "x", 1, 0, collect, &g, NULL, &err), TR_EINVAL);
    tr_error_clear(&err);
    /* Refused before a byte is read: the buffer is one byte long. */
    assert_int_equal(vn_analyze(a, "x", ((size_t)1 << 31) + 1, 0, collect, &g, NULL, &err),
                     TR_ELIMIT);
    assert_int_equal(err.code, TR_ELIMIT);
    assert_int_equal(g.n, 0);
    vn_analyzer_free(a);
    vn_analyzer_free(NULL);
}

TS_TEST(test_stop)
{
    vn_analyzer *a = analyzer();
    got g = {.stop_after = 3};
    tr_error err = {0};
    uint32_t next = 0;
    const char *in = "một hai ba bốn năm";
    assert_int_equal(vn_analyze(a, in, strlen(in), 0, collect, &g, &next, &err), 7);
    assert_int_equal(g.n, 3);
    assert_int_equal(err.code, TR_OK);
    assert_int_equal(next, 3);
    vn_analyzer_free(a);
}

/* Too long to be a word: skipped, and the next token follows a break. A compound
 * too long: its atoms, one by one. */
TS_TEST(test_long_token)
{
    char in[700], have[1024], want[1024] = "";
    got g;
    memset(in, 'x', 300);
    strcpy(in + 300, " sau");
    run(in, strlen(in), &g);
    render(&g, FLAGS, have, sizeof have);
    expect_str("x{300} sau", 10, "flags", have, "sau/B");
    size_t o = 0;
    for (int i = 0; i < 30; i++) { /* ABCDEFGHI-ABCDEFGHI-...: 299 bytes > 256 */
        if (i)
            in[o++] = '-';
        memcpy(in + o, "ABCDEFGHI", 9);
        o += 9;
        strcat(want, i ? " abcdefghi/BC" : "abcdefghi/C");
    }
    in[o] = '\0';
    run(in, strlen(in), &g);
    render(&g, FLAGS, have, sizeof have);
    expect_str(in, strlen(in), "flags", have, want);
}

static size_t counted;

static int count(void *ctx, const vn_token *t)
{
    (void)ctx;
    (void)t;
    counted++;
    return 0;
}

/* A 50 MB line: chunked, linear, and the count of tokens is exact. */
TS_TEST(test_large_line)
{
    static const char unit[] = "Công nghệ 01/NQ-CP KH&CN năm 2023, và ";
    enum { TOKENS = 12, POSITIONS = 7 }; /* per unit: 5 parts */
    size_t ulen = sizeof unit - 1, reps = 50 * 1000 * 1000 / ulen + 1;
    char *in = malloc(reps * ulen);
    assert_non_null(in);
    for (size_t i = 0; i < reps; i++)
        memcpy(in + i * ulen, unit, ulen);
    vn_analyzer *a = analyzer();
    tr_error err = {0};
    uint32_t next = 0;
    counted = 0;
    assert_int_equal(vn_analyze(a, in, reps * ulen, 0, count, NULL, &next, &err), 0);
    assert_int_equal(counted, reps * TOKENS);
    assert_int_equal(next, reps * POSITIONS);
    vn_analyzer_free(a);
    free(in);
}

/* Lines with no space at all: cut anywhere, still linear; the bound on joined
 * atoms keeps "a-a-a-..." from going quadratic. */
TS_TEST(test_no_spaces)
{
    size_t n = 400000;
    char *in = malloc(n);
    assert_non_null(in);
    for (size_t i = 0; i < n; i += 2)
        memcpy(in + i, "a-", 2);
    vn_analyzer *a = analyzer();
    tr_error err = {0};
    counted = 0;
    assert_int_equal(vn_analyze(a, in, n, 0, count, NULL, NULL, &err), 0);
    assert_int_equal(counted, n / 2);
    memset(in, 'a', n); /* one endless word: skipped, piece by piece */
    counted = 0;
    assert_int_equal(vn_analyze(a, in, n, 0, count, NULL, NULL, &err), 0);
    assert_int_equal(counted, 0);
    vn_analyzer_free(a);
    free(in);
}

/* The break before a token and a compound survive the cut between chunks. */
TS_TEST(test_chunk_boundary)
{
    static const struct {
        size_t filler; /* bytes of "ab " before the tail */
        const char *tail;
        const char *want; /* the tokens of the tail */
    } rows[] = {
        {65532, "cd, ef gh", "cd/- ef/B gh/-"}, /* cut right after ", " */
        {65532, "cd ef gh", "cd/- ef/- gh/-"},
        {65529, "01/NQ-CP x", "01/nq-cp/C 01/- nq/C cp/C x/-"}, /* 64 KiB falls inside */
    };
    vn_analyzer *a = analyzer();
    for (size_t r = 0; r < sizeof rows / sizeof rows[0]; r++) {
        size_t tl = strlen(rows[r].tail), n = rows[r].filler + tl;
        char *in = malloc(n);
        assert_non_null(in);
        for (size_t i = 0; i < rows[r].filler; i++)
            in[i] = "ab "[i % 3];
        memcpy(in + rows[r].filler, rows[r].tail, tl);
        static got g;
        g = (got){.skip_before = rows[r].filler};
        tr_error err = {0};
        assert_int_equal(vn_analyze(a, in, n, 0, collect, &g, NULL, &err), 0);
        assert_true(g.n > 0);
        check_invariants(in, n, g.v[0].pos, &g);
        assert_int_equal(g.v[0].pos, rows[r].filler / 3);
        char have[512];
        render(&g, FLAGS, have, sizeof have);
        expect_str(rows[r].tail, tl, "after 64 KiB", have, rows[r].want);
        free(in);
    }
    vn_analyzer_free(a);
}

static const char thread_text[] =
    "Quyết định 1234/QĐ-UBND ngày 13/4/2023 của UBND tỉnh về KH&CN, hoà thuỷ.";

static void *thread_main(void *arg)
{
    const char *want = arg;
    vn_analyzer *a = vn_analyzer_new(NULL);
    if (!a)
        return "no analyzer";
    const char *res = NULL;
    for (int i = 0; i < 200 && !res; i++) {
        got g = {0};
        char have[4096];
        if (vn_analyze(a, thread_text, sizeof thread_text - 1, 0, collect, &g, NULL, NULL) != 0)
            res = "analyze failed";
        render(&g, OFFSETS, have, sizeof have);
        if (!res && strcmp(have, want) != 0)
            res = "different tokens";
    }
    vn_analyzer_free(a);
    return (void *)res;
}

/* Analyzers in several threads at once, created concurrently too. */
TS_TEST(test_threads)
{
    got g;
    static char want[4096];
    run(thread_text, sizeof thread_text - 1, &g);
    /* run() starts at position 10, the threads at 0 */
    for (size_t i = 0; i < g.n; i++)
        g.v[i].pos -= 10;
    render(&g, OFFSETS, want, sizeof want);
    pthread_t th[4];
    void *res;
    for (int i = 0; i < 4; i++)
        assert_int_equal(pthread_create(&th[i], NULL, thread_main, want), 0);
    for (int i = 0; i < 4; i++)
        if (pthread_join(th[i], &res) != 0 || res)
            fail_msg("thread %d: %s", i, res ? (const char *)res : "join failed");
}

TS_MAIN(NULL, NULL,
        cmocka_unit_test(test_tone),
        cmocka_unit_test(test_fold),
        cmocka_unit_test(test_case),
        cmocka_unit_test(test_nfd_same_as_nfc),
        cmocka_unit_test(test_compounds),
        cmocka_unit_test(test_offsets),
        cmocka_unit_test(test_flags),
        cmocka_unit_test(test_invalid_utf8),
        cmocka_unit_test(test_utf8_valid),
        cmocka_unit_test(test_utf8_cut),
        cmocka_unit_test(test_has_marks),
        cmocka_unit_test(test_empty_and_bad_arguments),
        cmocka_unit_test(test_stop),
        cmocka_unit_test(test_long_token),
        cmocka_unit_test(test_large_line),
        cmocka_unit_test(test_no_spaces),
        cmocka_unit_test(test_chunk_boundary),
        cmocka_unit_test(test_threads))
