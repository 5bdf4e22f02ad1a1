/* Tests for did-you-mean (search/spell.h), as the specification of spelling: each row
 * is what a user types and the suggestion se_spell_suggest must make (none when the
 * query is as good as the index can tell), and whether the suggestion fixes a word
 * the index has never seen (then it is searched instead). The index is a small
 * fixture indexed with tracuu-index: its words and their neighbours are what the
 * suggestions are drawn from. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "casing.h"
#include "search_fixture.h"
#include "spell.h"
#include "synonyms.h"
#include "support.h"

#define DOC TS_NEWS

static const char fixture[] =
    DOC("k1", "Hội thảo khoa học và công nghệ", "Sở khoa học và công nghệ tổ chức hội thảo.")
    DOC("k2", "Nhiệm vụ khoa học và công nghệ", "Nghiên cứu khoa học và công nghệ cấp tỉnh.")
    DOC("k3", "Nghị quyết 01/NQ-CP", "Chính phủ ban hành Nghị quyết 01/NQ-CP về khoa học.")
    DOC("g1", "Giống lúa chịu mặn", "Nghiên cứu giống lúa chịu mặn ở phía nam.")
    DOC("g2", "Giống lúa mới", "Nông dân gieo giống lúa mới; con chó nằm phía trước nhà.")
    DOC("v1", "Bóng đá", "Đội tuyển Việt Nam vô địch.");

/* Generated beside the fixture: a word whose commonest spelling is not the one the word
 * after it calls for. "tới" is in 80 documents, "tôi" in 30, "tôi sinh" in 3 and "tới
 * sinh" in none: a first word chosen by its own frequency would be "tới". */
static const struct {
    const char *body;
    int copies;
} generated[] = {
    {"Đoàn tới thăm trường; học sinh hát.", 80},
    {"Tôi sinh ngày 15 tháng 3 ở Hà Nội.", 3},
    {"Tôi đi học.", 27},
    {"Môn phái võ thuật.", 1},
    /* Form codes common in the index, one letter from abbreviations of
     * data/abbreviations.tsv that are rare in it (ĐMST, once), only in a title (KHTN),
     * or absent (TTHC): an abbreviation is never "corrected" into a code. */
    {"Mẫu DMSB kèm theo; mẫu KHTM và TTHD.", 20},
    {"Chiến lược ĐMST của tỉnh.", 1},
    /* Slips typed without marks: "hkoac" is "khoác" with two letters swapped, or the
     * commoner "hoặc" with a stray letter; "nagn" is "ngăn" or the rarer "nâng", each
     * by a swap, and only "nâng" shares documents with "đê"; "casc", in one document, is
     * "các" swapped but no correction itself. */
    {"Anh khoác áo mưa.", 2},
    {"Hoặc thế này.", 30},
    {"Ngăn chặn dịch bệnh.", 30},
    {"Nâng cấp tuyến đê biển.", 3},
    {"Các em đi học.", 30},
    {"Gõ nhầm casc.", 1},
};

/* The fixture and the generated documents, as JSON Lines; malloc()ed. */
static char *fixture_text(size_t *len)
{
    static const char title_only[] =
        DOC("t1", "Quỹ KHTN", "Quỹ hỗ trợ nghiên cứu.")
        /* A proper name that titles write with capitals, and the same word without. */
        DOC("p1", "Hội nghị tỉnh Quảng Nam", "Hội nghị tỉnh Quảng Nam họp.")
        DOC("p2", "Mưa lớn ở tỉnh Quảng Nam", "Mưa lớn ở tỉnh Quảng Nam.")
        DOC("p3", "Gió mạnh ở miền nam", "Gió mạnh ở miền nam.")
        DOC("p4", "Mưa ở miền nam", "Mưa lớn ở miền nam.");
    size_t cap = sizeof fixture + sizeof title_only + 400 * 160;
    char *s = malloc(cap);
    if (!s)
        return NULL;
    memcpy(s, fixture, sizeof fixture - 1);
    *len = sizeof fixture - 1;
    memcpy(s + *len, title_only, sizeof title_only - 1);
    *len += sizeof title_only - 1;
    for (size_t i = 0; i < sizeof generated / sizeof generated[0]; i++)
        for (int k = 0; k < generated[i].copies; k++)
            *len += (size_t)snprintf(s + *len, cap - *len,
                                     "{\"id\":\"gen%zu-%d\",\"type\":\"news\",\"title\":\"Tin\","
                                     "\"body\":\"%s\"}\n",
                                     i, k, generated[i].body);
    return s;
}

static sf_index fx;
static se_syn *syn; /* the shipped data/abbreviations.tsv */

static int setup(void **state)
{
    (void)state;
    size_t len = 0;
    char *text = fixture_text(&len);
    int rc = text ? sf_open(&fx, text, len) : -1;
    free(text);
    tr_error err = {0};
    if (rc == 0 && (!(syn = se_syn_new(&err)) ||
                    se_syn_load(syn, fx.analyzer, ts_source("data/abbreviations.tsv"), 1, &err))) {
        fprintf(stderr, "set-up failed: %s\n", err.message);
        rc = -1;
    }
    return rc;
}

static int teardown(void **state)
{
    (void)state;
    se_syn_free(syn);
    sf_close(&fx);
    return 0;
}

typedef struct row {
    const char *input;
    const char *expected; /* NULL: no suggestion */
    int fixed;            /* the suggestion replaces a word the index has never seen */
} row;

static void check_rows(const row *rows, size_t n)
{
    size_t failed = 0;
    for (size_t i = 0; i < n; i++) {
        const row *r = &rows[i];
        se_query q;
        tr_error err = {0};
        assert_int_equal(se_query_parse(&q, r->input, strlen(r->input), &err), 0);
        char *got = NULL;
        int fixed = -1;
        int rc = se_spell_suggest(fx.analyzer, fx.lexicon, syn, fx.db, SE_VIEW_PUBLIC, &q, r->input,
                                  strlen(r->input), &got, &fixed, &err);
        se_query_clear(&q);
        if (rc || !got != !r->expected || (got && strcmp(got, r->expected) != 0) ||
            fixed != r->fixed) {
            ts_row_fail(&failed,
                        "query \"%s\":\n  got      %s (fixed %d, rc %d)\n  expected %s (fixed "
                        "%d)\n",
                        r->input, got ? got : "(none)", fixed, rc,
                        r->expected ? r->expected : "(none)", r->fixed);
        }
        free(got);
    }
    ts_rows_end(failed, n);
}

/* Rows {what is typed, the suggestion, whether it fixes a word the index lacks}. */
TS_TEST(test_suggestions)
{
    static const row rows[] = {
        /* A query typed without any diacritics gets the corpus's likeliest accented form. */
        {"khoa hoc va cong nghe", "khoa học và công nghệ", 0},
        {"giong lua", "giống lúa", 0},
        {"nghien cuu giong lua", "nghiên cứu giống lúa", 0},
        {"Giong lua", "Giống lúa", 0},         /* a typed capital is kept */
        {"\"giong lua\" -cho", "\"giống lúa\" -chó", 0}, /* and the syntax around the words */
        {"nghi quyet 01/NQ-CP", "nghị quyết 01/NQ-CP", 0}, /* a legal number as typed */
        {"khoa học và công nghệ", NULL, 0}, /* typed with marks: as meant */
        {"khoa", NULL, 0},                  /* already its only spelling */
        /* A word the index has never seen becomes its likeliest neighbour at one letter. */
        {"khao học", "khoa học", 1},    /* two letters swapped */
        {"giống lú", "giống lúa", 1},   /* one letter left out, tone as typed */
        {"giong luaa", "giống lúa", 1}, /* one letter too many, and no marks at all */
        {"phiá nam", NULL, 0},  /* the mark on the wrong vowel: the analyzer puts it right */
        {"phaí nam", "phía nam", 1}, /* read "phái", but two letters swapped with the tone */
        {"phaí", NULL, 0},           /* alone, the word the analyzer reads: "phái" */
        {"zzzz", NULL, 0},              /* nothing near: nothing to say */
        /* A tone the user typed is what they meant: it is never changed for another. */
        {"con chò", NULL, 0}, /* only "chó" is indexed: "chò" is not its typo */
        {"con chó", NULL, 0},
        {"giống lùa", NULL, 0}, /* nor "lúa" for "lùa" */
    };
    check_rows(rows, sizeof rows / sizeof rows[0]);
}

/* The case a word was typed in is the case of its replacement. */
TS_TEST(test_keeps_case)
{
    static const row rows[] = {
        {"VIET NAM vo dich", "VIỆT NAM vô địch", 0}, /* all capitals stay capitals */
        {"GIONG LUA", "GIỐNG LÚA", 0},
        {"Giong LUA", "Giống LÚA", 0},
        {"Viet Nam vo dich", "Việt Nam vô địch", 0},   /* an initial stays an initial */
        {"ViET nam", "Việt nam", 0},                   /* mixed: the initial only */
        {"KHAO HỌC", "KHOA HỌC", 1},                   /* a typo fixed, in capitals */
    };
    check_rows(rows, sizeof rows / sizeof rows[0]);
}

/* A word with no word before it is chosen by the bigram it makes with the next one. */
TS_TEST(test_restores_from_the_right)
{
    static const row rows[] = {
        {"Toi sinh ngay 15", "Tôi sinh ngày 15", 0},
        {"toi sinh", "tôi sinh", 0},
        {"toi di hoc", "tôi đi học", 0},
        {"doan toi tham", "đoàn tới thăm", 0}, /* a word before it: its bigram decides */
        {"hoc sinh, toi sinh", "học sinh, tôi sinh", 0}, /* after punctuation */
        {"toi", "tới", 0},       /* no word around it: the commonest spelling */
        {"15 toi sinh", "15 tôi sinh", 0}, /* after a number */
        /* Written before the first run and kept as they came out. */
        {"Nong dan gieo giong", "Nông dân gieo giống", 0},
        {"NONG DAN", "NÔNG DÂN", 0},
        {"con cho nam phia truoc nha", "con chó nằm phía trước nhà", 0},
        {"Doan toi tham truong", "Đoàn tới thăm trường", 0},
        {"Toi di hoc", "Tôi đi học", 0},
    };
    check_rows(rows, sizeof rows / sizeof rows[0]);
}

/* Abbreviations, legal numbers and codes are matched as typed (and expanded by the
 * abbreviation table), never corrected into a code that is commoner in the index:
 * correction is for words that neither the index nor the table knows. */
TS_TEST(test_never_corrects_abbreviations)
{
    static const row rows[] = {
        {"ĐMST", NULL, 0},            /* once in the index, "DMSB" in 20 documents */
        {"chiến lược ĐMST", NULL, 0},
        {"chien luoc DMST", "chiến lược DMST", 0}, /* the words around it restored */
        {"dmst", NULL, 0},            /* in the table: as typed */
        {"KHTN", NULL, 0},            /* only in a title, "KHTM" in 20 bodies */
        {"quỹ KHTN", NULL, 0},
        {"TTHC", NULL, 0},            /* nowhere in the index, but in the table */
        {"mẫu TTHC", NULL, 0},
        {"KH,CN&ĐMST", NULL, 0},      /* compounds and legal numbers as typed */
        {"kt-xh", NULL, 0},           /* in lower case, two words glued: a code */
        {"gd&dt", NULL, 0},
        {"01/NQ-CP", NULL, 0},
        {"mẫu TTHX", "mẫu TTHD", 1},  /* known to neither: a typo */
    };
    check_rows(rows, sizeof rows / sizeof rows[0]);
}

/* A slip in a word typed without marks: two letters swapped is likelier than a stray or
 * wrong key, the rest of the query tells two readings apart where no neighbouring
 * bigram does, and a word of one document is no correction. */
TS_TEST(test_slips_without_marks)
{
    static const row rows[] = {
        {"hkoac", "khoác", 1},     /* a swap, though "hoặc" is 15 times commoner */
        {"hkoác", "khoác", 1},     /* the same with its tone */
        {"hkoac ao mua", "khoác áo mưa", 1},
        {"nagn de", "nâng đê", 1}, /* "ngăn" is commoner, but never with "đê" */
        {"nagn chan", "ngăn chặn", 1},
        {"cacs", "các", 1},        /* not "casc", though a swap */
        {"cacs em", "các em", 1},
    };
    check_rows(rows, sizeof rows / sizeof rows[0]);
}

/* A suggestion writes proper names as the index's titles do; other words stay lower
 * case, and a word the user typed with capitals as typed. */
TS_TEST(test_capitals_of_names)
{
    static const row rows[] = {
        {"tinh quang nam", "tỉnh Quảng Nam", 0},
        {"mua o mien nam", "mưa ở miền nam", 0}, /* "nam" beside "miền": lower case */
        {"TINH QUANG NAM", "TỈNH QUẢNG NAM", 0},
        {"hoi nghi tinh quang nam", "hội nghị tỉnh Quảng Nam", 0},
    };
    check_rows(rows, sizeof rows / sizeof rows[0]);
}

/* Capitals learnt for several texts at once (as autocomplete does): rows {the texts
 * noted, each as it comes out}. A text with no word in lower case is as written, and one
 * noted with such a text still gets its capitals. */
TS_TEST(test_casing_of_texts)
{
    static const struct {
        const char *in[2], *out[2];
    } rows[] = {
        {{"tỉnh quảng nam", NULL}, {"tỉnh Quảng Nam", NULL}},
        {{"TỈNH QUẢNG NAM", "Tỉnh Quảng Nam"}, {"TỈNH QUẢNG NAM", "Tỉnh Quảng Nam"}},
        {{"Tỉnh Quảng Nam", "mưa ở tỉnh quảng nam"}, {"Tỉnh Quảng Nam", "mưa ở tỉnh Quảng Nam"}},
    };
    size_t failed = 0;
    for (size_t i = 0; i < sizeof rows / sizeof rows[0]; i++) {
        tr_error err = {0};
        se_casing *c = se_casing_new(&err);
        assert_non_null(c);
        char text[2][64] = {"", ""};
        size_t n = rows[i].in[1] ? 2 : 1;
        int rc = 0;
        for (size_t k = 0; k < n && rc == 0; k++) {
            snprintf(text[k], sizeof text[k], "%s", rows[i].in[k]);
            rc = se_casing_want(c, fx.analyzer, text[k], &err);
        }
        if (rc == 0)
            rc = se_casing_learn(c, fx.analyzer, fx.db, SE_VIEW_PUBLIC, &err);
        for (size_t k = 0; k < n && rc == 0; k++)
            rc = se_casing_apply(c, fx.analyzer, text[k], &err);
        for (size_t k = 0; k < n; k++)
            if (rc || strcmp(text[k], rows[i].out[k]) != 0)
                ts_row_fail(&failed, "row %zu: \"%s\" became \"%s\" (rc %d), want \"%s\"\n", i,
                            rows[i].in[k], text[k], rc, rows[i].out[k]);
        se_casing_free(c);
    }
    ts_rows_end(failed, sizeof rows / sizeof rows[0]);
}

/* Texts without a word in lower case need no titles: the index is not read, so learning
 * succeeds without one. */
TS_TEST(test_casing_reads_nothing_without_lower_case)
{
    tr_error err = {0};
    se_casing *c = se_casing_new(&err);
    assert_non_null(c);
    assert_int_equal(se_casing_want(c, fx.analyzer, "TỈNH Quảng Nam", &err), 0);
    assert_int_equal(se_casing_learn(c, fx.analyzer, NULL, SE_VIEW_PUBLIC, &err), 0);
    se_casing_free(c);
}

TS_MAIN(setup, teardown,
        cmocka_unit_test(test_suggestions),
        cmocka_unit_test(test_keeps_case),
        cmocka_unit_test(test_restores_from_the_right),
        cmocka_unit_test(test_never_corrects_abbreviations),
        cmocka_unit_test(test_slips_without_marks),
        cmocka_unit_test(test_capitals_of_names),
        cmocka_unit_test(test_casing_of_texts),
        cmocka_unit_test(test_casing_reads_nothing_without_lower_case))
