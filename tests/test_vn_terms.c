/* test_vn_terms: the terms a field's text becomes (analyzers/vn_terms.h).
 *
 * Each row lists every term in order as KIND:term@pos, KIND being F (folded,
 * positional), E (exact), B (bigram), G (exact bigram), so that a missing, extra
 * or misplaced term shows in the failure message together with the input.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "vn_terms.h"
#include "ts_main.h"

typedef struct terms {
    char buf[8192];
    size_t len;
    size_t count, stop_after;
} terms;

static int collect(void *ctx, vn_term_kind kind, const char *term, size_t len, uint32_t pos)
{
    terms *t = ctx;
    assert_int_equal(strlen(term), len); /* NUL-terminated at len */
    assert_true(len <= VN_TERM_MAX);
    assert_true((kind == VN_TERM_FOLDED) == (pos != 0));
    t->len += (size_t)snprintf(t->buf + t->len, sizeof t->buf - t->len, "%s%c:%.*s@%u",
                               t->len ? " " : "", "FEBG"[kind], (int)len, term, pos);
    assert_true(t->len < sizeof t->buf);
    return ++t->count == t->stop_after ? 9 : 0;
}

typedef struct row {
    vn_field field;
    const char *in;
    const char *want;
} row;

TS_TEST(test_field_terms)
{
    static const row rows[] = {
        {VN_FIELD_TITLE, "Hà Nội, KH&CN",
         "F:Sha@1 E:SEhà@0 "
         "F:Snoi@2 E:SEnội@0 B:SBha noi@0 G:SGhà nội@0 "
         "F:Skh&cn@3 E:SEkh&cn@0 F:Skh@3 E:SEkh@0 F:Scn@3 E:SEcn@0"},
        {VN_FIELD_BODY, "Theo 36/2016/NĐ-CP, hoà bình",
         "F:theo@1 E:Etheo@0 "
         "F:36/2016/nd-cp@2 E:E36/2016/nđ-cp@0 B:Btheo 36/2016/nd-cp@0 G:Gtheo 36/2016/nđ-cp@0 "
         "F:36@2 E:E36@0 F:2016@2 E:E2016@0 F:nd@2 E:Enđ@0 F:cp@2 E:Ecp@0 "
         "F:hoa@3 E:Ehòa@0 "
         "F:binh@4 E:Ebình@0 B:Bhoa binh@0 G:Ghòa bình@0"},
        {VN_FIELD_BODY, "Năm 2023 (KT-XH) tăng",
         "F:nam@1 E:Enăm@0 "
         "F:2023@2 E:E2023@0 B:Bnam 2023@0 G:Gnăm 2023@0 "
         "F:kt-xh@3 E:Ekt-xh@0 F:kt@3 E:Ekt@0 F:xh@3 E:Exh@0 "
         "F:tang@4 E:Etăng@0"},
        {VN_FIELD_TITLE, "", ""},
    };
    vn_analyzer *a = vn_analyzer_new(NULL);
    assert_non_null(a);
    for (size_t i = 0; i < sizeof rows / sizeof rows[0]; i++) {
        terms t = {0};
        tr_error err = {0};
        uint32_t pos = 0;
        int rc = vn_terms_field(a, rows[i].field, rows[i].in, strlen(rows[i].in), &pos, collect,
                                &t, &err);
        if (rc != 0)
            fail_msg("input \"%s\": vn_terms_field returned %d (%s)", rows[i].in, rc, err.message);
        if (strcmp(t.buf, rows[i].want) != 0)
            fail_msg("input \"%s\":\n  got:  %s\n  want: %s", rows[i].in, t.buf, rows[i].want);
    }
    vn_analyzer_free(a);
}

/* Paragraphs of one body share a position space; no bigram joins two of them. */
TS_TEST(test_positions_carry_over)
{
    vn_analyzer *a = vn_analyzer_new(NULL);
    terms t = {0};
    uint32_t pos = 0;
    assert_int_equal(vn_terms_field(a, VN_FIELD_BODY, "một hai", strlen("một hai"), &pos, collect,
                                    &t, NULL), 0);
    assert_int_equal(pos, 2);
    assert_int_equal(vn_terms_field(a, VN_FIELD_BODY, "ba", 2, &pos, collect, &t, NULL), 0);
    assert_int_equal(pos, 3);
    assert_string_equal(t.buf, "F:mot@1 E:Emột@0 F:hai@2 E:Ehai@0 B:Bmot hai@0 G:Gmột hai@0 "
                               "F:ba@3 E:Eba@0");
    vn_analyzer_free(a);
}

/* Exact bigrams are made for the first VN_BIGRAM_EXACT_SPAN positions of each text
 * only (schema 4), folded ones for all of it; a text added after another (a legal
 * number after its body) starts a span of its own. */
typedef struct kinds {
    size_t n[4]; /* by vn_term_kind */
} kinds;

static int count_kinds(void *ctx, vn_term_kind kind, const char *term, size_t len, uint32_t pos)
{
    (void)term, (void)len, (void)pos;
    ((kinds *)ctx)->n[kind]++;
    return 0;
}

TS_TEST(test_exact_bigrams_near_the_start)
{
    static const struct {
        size_t words;
        uint32_t first_pos;
    } rows[] = {
        {2, 0},
        {VN_BIGRAM_EXACT_SPAN - 1, 0},
        {VN_BIGRAM_EXACT_SPAN, 0},
        {VN_BIGRAM_EXACT_SPAN + 1, 0},
        {3 * VN_BIGRAM_EXACT_SPAN, 0},
        {3 * VN_BIGRAM_EXACT_SPAN, 500}, /* after a gap, as a legal number is added */
    };
    vn_analyzer *a = vn_analyzer_new(NULL);
    assert_non_null(a);
    char text[8 * 3 * VN_BIGRAM_EXACT_SPAN];
    for (size_t i = 0; i < sizeof rows / sizeof rows[0]; i++) {
        size_t len = 0;
        for (size_t w = 0; w < rows[i].words; w++)
            len += (size_t)snprintf(text + len, sizeof text - len, "%sđể", w ? " " : "");
        kinds k = {0};
        uint32_t pos = rows[i].first_pos;
        assert_int_equal(vn_terms_field(a, VN_FIELD_BODY, text, len, &pos, count_kinds, &k, NULL),
                         0);
        size_t spanned = rows[i].words < VN_BIGRAM_EXACT_SPAN ? rows[i].words
                                                                : VN_BIGRAM_EXACT_SPAN;
        if (k.n[VN_TERM_BIGRAM] != rows[i].words - 1 ||
            k.n[VN_TERM_BIGRAM_EXACT] != spanned - 1 || k.n[VN_TERM_EXACT] != rows[i].words)
            fail_msg("%zu words from %u: %zu bigrams, %zu exact ones, %zu exact words",
                     rows[i].words, rows[i].first_pos, k.n[VN_TERM_BIGRAM], k.n[VN_TERM_BIGRAM_EXACT],
                     k.n[VN_TERM_EXACT]);
    }
    vn_analyzer_free(a);
}

/* A token can be longer than a term may be: its terms and bigrams are left out,
 * the tokens around it are not. */
TS_TEST(test_long_terms_skipped)
{
    char in[256];
    memset(in, 'x', 119); /* "SE" + 119 bytes > VN_TERM_MAX, "S" + 119 == 120 fits */
    strcpy(in + 119, " y");
    vn_analyzer *a = vn_analyzer_new(NULL);
    terms t = {0};
    uint32_t pos = 0;
    assert_int_equal(vn_terms_field(a, VN_FIELD_TITLE, in, strlen(in), &pos, collect, &t, NULL), 0);
    char want[512];
    snprintf(want, sizeof want, "F:S%.119s@1 F:Sy@2 E:SEy@0", in);
    if (strcmp(t.buf, want) != 0)
        fail_msg("input \"x{119} y\":\n  got:  %s\n  want: %s", t.buf, want);
    vn_analyzer_free(a);
}

TS_TEST(test_stop)
{
    vn_analyzer *a = vn_analyzer_new(NULL);
    terms t = {.stop_after = 3};
    uint32_t pos = 0;
    tr_error err = {0};
    const char *in = "một hai ba";
    assert_int_equal(vn_terms_field(a, VN_FIELD_BODY, in, strlen(in), &pos, collect, &t, &err), 9);
    assert_int_equal(t.count, 3);
    assert_int_equal(err.code, TR_OK);
    assert_int_equal(vn_terms_field(a, VN_FIELD_BODY, "x", 1, NULL, collect, &t, &err), TR_EINVAL);
    vn_analyzer_free(a);
}

TS_TEST(test_term_build)
{
    static const struct {
        const char *prefix, *a, *b;
        size_t alen, blen, cap;
        const char *want; /* "" when it must not fit */
    } rows[] = {
        {"E", "hà", NULL, 3, 0, 64, "Ehà"},
        {"", "noi", NULL, 3, 0, 64, "noi"},
        {"SB", "ha", "noi", 2, 3, 64, "SBha noi"},
        {"G", "ab", "cd", 1, 1, 64, "Ga c"}, /* lengths count, not NULs */
        {"E", "abc", NULL, 3, 0, 4, ""},     /* no room for the NUL */
        {"E", "abc", NULL, 3, 0, 5, "Eabc"},
    };
    char buf[256];
    for (size_t i = 0; i < sizeof rows / sizeof rows[0]; i++) {
        size_t n = vn_term_build(buf, rows[i].cap, rows[i].prefix, rows[i].a, rows[i].alen,
                                 rows[i].b, rows[i].blen);
        if (n != strlen(rows[i].want) || (n && strcmp(buf, rows[i].want) != 0))
            fail_msg("input \"%s\" + \"%.*s\": got %zu \"%s\", want \"%s\"", rows[i].prefix,
                     (int)rows[i].alen, rows[i].a, n, n ? buf : "", rows[i].want);
    }
    /* VN_TERM_MAX counts the prefix and the bigram's space. */
    char big[200];
    memset(big, 'a', sizeof big);
    assert_int_equal(vn_term_build(buf, sizeof buf, "S", big, 119, NULL, 0), 120);
    assert_int_equal(strlen(buf), 120);
    assert_int_equal(vn_term_build(buf, sizeof buf, "SE", big, 119, NULL, 0), 0);
    assert_int_equal(vn_term_build(buf, sizeof buf, "SB", big, 60, big, 57), 120);
    assert_int_equal(vn_term_build(buf, sizeof buf, "SB", big, 60, big, 58), 0);
}

TS_TEST(test_term_prefix)
{
    static const struct {
        vn_field field;
        vn_term_kind kind;
        const char *want;
    } rows[] = {
        {VN_FIELD_BODY, VN_TERM_FOLDED, ""},    {VN_FIELD_BODY, VN_TERM_EXACT, "E"},
        {VN_FIELD_BODY, VN_TERM_BIGRAM, "B"},   {VN_FIELD_BODY, VN_TERM_BIGRAM_EXACT, "G"},
        {VN_FIELD_TITLE, VN_TERM_FOLDED, "S"},  {VN_FIELD_TITLE, VN_TERM_EXACT, "SE"},
        {VN_FIELD_TITLE, VN_TERM_BIGRAM, "SB"}, {VN_FIELD_TITLE, VN_TERM_BIGRAM_EXACT, "SG"},
    };
    for (size_t i = 0; i < sizeof rows / sizeof rows[0]; i++) {
        const char *p = vn_term_prefix(rows[i].field, rows[i].kind);
        if (!p || strcmp(p, rows[i].want) != 0)
            fail_msg("field %d kind %d: got \"%s\", want \"%s\"", rows[i].field, rows[i].kind,
                     p ? p : "(null)", rows[i].want);
    }
    assert_null(vn_term_prefix((vn_field)7, VN_TERM_FOLDED));
    assert_null(vn_term_prefix(VN_FIELD_BODY, (vn_term_kind)9));
}

TS_MAIN(NULL, NULL,
        cmocka_unit_test(test_field_terms),      cmocka_unit_test(test_positions_carry_over),
        cmocka_unit_test(test_long_terms_skipped), cmocka_unit_test(test_stop),
        cmocka_unit_test(test_term_build),       cmocka_unit_test(test_term_prefix),
        cmocka_unit_test(test_exact_bigrams_near_the_start))
