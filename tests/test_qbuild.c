/* Tests for the query builder (search/qbuild.h), as the specification of matching and
 * ranking: each row is what a user types and the Xapian query se_qbuild must make of
 * it, as xc_query_describe() writes it. The index is a small fixture indexed with
 * tracuu-index; it matters only where the builder consults it (a compound indexed
 * whole or not, a word the index lacks). Rows name their weights: turning the ranking
 * signals off shows what matches, the defaults show what ranks.
 *
 * Term prefixes (analyzers/vn_terms.h): none for a body word, S a title word, E/SE
 * exact forms, B/SB bigrams, K the type; the year is value slot 2 (G/SG exact bigrams
 * are the spelling model's, and no query reads them). */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "qbuild.h"
#include "search_fixture.h"
#include "support.h"

#define DOC(id, type, title, body)                                                              \
    "{\"id\":\"" id "\",\"type\":\"" type "\",\"date\":\"2023-01-01\",\"title\":\"" title      \
    "\",\"body\":\"" body "\"}\n"

static const char fixture[] =
    DOC("n1", "news", "Hội thảo khoa học và công nghệ",
        "Sở khoa học và công nghệ tổ chức hội thảo về giống lúa.")
    DOC("n2", "news", "Nghị quyết 01/NQ-CP về phát triển",
        "Chính phủ ban hành Nghị quyết 01/NQ-CP năm 2023.")
    DOC("n3", "news", "Ủy ban nhân dân tỉnh họp", "UBND tỉnh họp; ủy ban nhân dân giao việc.")
    DOC("t1", "task", "Giống lúa chịu mặn", "Nghiên cứu giống lúa chịu mặn cho vùng ven biển.")
    DOC("f1", "news", "Biểu mẫu", "Mẫu TTHD kèm theo.");

/* The table of abbreviations some rows use. */
static const char synonyms[] =
    "UBND\tủy ban nhân dân\nKH&CN\tkhoa học và công nghệ\nTTHC\tthủ tục hành chính\n";

static sf_index fx;
static se_syn *syn;

static int setup(void **state)
{
    (void)state;
    tr_error err = {0};
    if (sf_open(&fx, fixture, sizeof fixture - 1))
        return -1;
    char path[4096];
    snprintf(path, sizeof path, "%s/synonyms.tsv", fx.dir);
    ts_write_file(path, synonyms, sizeof synonyms - 1);
    syn = se_syn_new(&err);
    if (!syn || se_syn_load(syn, fx.analyzer, path, 1, &err)) {
        fprintf(stderr, "set-up failed: %s\n", err.message);
        return -1;
    }
    return 0;
}

static int teardown(void **state)
{
    (void)state;
    se_syn_free(syn);
    sf_close(&fx);
    return 0;
}

/* Weights that leave only the matching part of the query: no ranking signal. */
#define MATCH_ONLY "exact=0,bigram=0,phrase=0,headline=0,typo=0"

typedef struct row {
    const char *input;
    const char *weights; /* se_weights_parse() over the defaults; "" for the defaults */
    int relaxed;
    int with_syn;        /* the abbreviation table above */
    const char *expected;
} row;

/* The description of what se_qbuild makes of r->input or, with `probe`, of the phrase
 * it gives the phrase tier ("(none)" when it gives none); malloc()ed. */
static char *build(const row *r, int probe)
{
    se_query q;
    se_weights w = se_weights_default;
    tr_error err = {0};
    if (se_weights_parse(&w, r->weights, &err))
        fail_msg("%s: bad weights in the row: %s", r->input, err.message);
    assert_int_equal(se_query_parse(&q, r->input, strlen(r->input), &err), 0);
    xc_query *phrase = NULL;
    xc_query *x = se_qbuild(&q, fx.analyzer, fx.db, SE_VIEW_PUBLIC, fx.lexicon,
                            r->with_syn ? syn : NULL, &w, r->relaxed, NULL, &phrase, &err);
    if (!x)
        fail_msg("%s: se_qbuild failed: %s", r->input, err.message);
    char *d = probe && !phrase ? strdup("(none)") : xc_query_describe(probe ? phrase : x);
    xc_query_free(x);
    xc_query_free(phrase);
    se_query_clear(&q);
    return d;
}

/* Every row is checked and every failing row named before the test fails. */
static void check_rows(const row *rows, size_t n, int probe)
{
    size_t failed = 0;
    for (size_t i = 0; i < n; i++) {
        char *got = build(&rows[i], probe);
        if (strcmp(got, rows[i].expected) != 0)
            ts_row_fail(&failed,
                        "query \"%s\" (weights \"%s\"%s%s%s):\n  got      %s\n  expected %s\n",
                        rows[i].input, rows[i].weights, rows[i].relaxed ? ", relaxed" : "",
                        rows[i].with_syn ? ", synonyms" : "", probe ? ", phrase probe" : "",
                        got, rows[i].expected);
        free(got);
    }
    ts_rows_end(failed, n);
}

/* Rows {what is typed, weights, relaxed, with the abbreviations, the query it gives}. */
TS_TEST(test_queries)
{
    static const row rows[] = {
        /* What matches: every word folded, in the body or (x5) the title. */
        {"lúa", MATCH_ONLY, 0, 0,
         "Query((lua OR 5 * Slua))"},
        {"giống lúa", MATCH_ONLY, 0, 0,
         "Query(((giong OR 5 * Sgiong) AND (lua OR 5 * Slua)))"},
        {"giong lua", MATCH_ONLY, 0, 0, /* without diacritics: the same query */
         "Query(((giong OR 5 * Sgiong) AND (lua OR 5 * Slua)))"},
        {"GIỐNG Lúa", MATCH_ONLY, 0, 0,
         "Query(((giong OR 5 * Sgiong) AND (lua OR 5 * Slua)))"},
        {"\"giống lúa\"", MATCH_ONLY, 0, 0,
         "Query((((giong PHRASE 2 lua) FILTER Bgiong lua) OR 5 * ((Sgiong PHRASE 2 Slua) FILTER "
         "SBgiong lua)))"},
        {"lúa -mặn", MATCH_ONLY, 0, 0,
         "Query(((lua OR 5 * Slua) AND_NOT (man OR 5 * Sman)))"},
        {"lúa -\"chịu mặn\"", MATCH_ONLY, 0, 0,
         "Query(((lua OR 5 * Slua) AND_NOT (((chiu PHRASE 2 man) FILTER Bchiu man) OR 5 * "
         "((Schiu PHRASE 2 Sman) FILTER SBchiu man))))"},
        {"lúa OR tôm giống", MATCH_ONLY, 0, 0,
         "Query((((lua OR 5 * Slua) OR (tom OR 5 * Stom)) AND (giong OR 5 * Sgiong)))"},
        {"type:task lúa", MATCH_ONLY, 0, 0,
         "Query(((lua OR 5 * Slua) FILTER Ktask))"},
        {"type:task type:news", MATCH_ONLY, 0, 0,
         "Query((<alldocuments> FILTER (Ktask OR Knews)))"},
        {"year:2023 lúa", MATCH_ONLY, 0, 0,
         "Query(((lua OR 5 * Slua) FILTER VALUE_RANGE 2 2023 2023))"},
        {"year:2019..2023", MATCH_ONLY, 0, 0,
         "Query((<alldocuments> FILTER VALUE_RANGE 2 2019 2023))"},
        {"-lúa", MATCH_ONLY, 0, 0,
         "Query((<alldocuments> AND_NOT (lua OR 5 * Slua)))"},
        {"01/NQ-CP", MATCH_ONLY, 0, 0, /* indexed whole: matched whole */
         "Query((01/nq-cp OR 5 * S01/nq-cp))"},
        {"NQ-CP", MATCH_ONLY, 0, 0, /* never indexed whole: its parts */
         "Query(((nq OR 5 * Snq) AND (cp OR 5 * Scp)))"},
        {"giống lúaa", MATCH_ONLY, 0, 0, /* typo=0: a word the index lacks, as typed */
         "Query(((giong OR 5 * Sgiong) AND (luaa OR 5 * Sluaa)))"},
        /* Strict, every group must match; relaxed (the second try), any. */
        {"giống lúa tôm", MATCH_ONLY, 0, 0,
         "Query(((giong OR 5 * Sgiong) AND (lua OR 5 * Slua) AND (tom OR 5 * Stom)))"},
        {"giống lúa tôm", MATCH_ONLY, 1, 0,
         "Query(((giong OR 5 * Sgiong) OR (lua OR 5 * Slua) OR (tom OR 5 * Stom)))"},
        {"lúa OR tôm giống", MATCH_ONLY, 1, 0,
         "Query((((lua OR 5 * Slua) OR (tom OR 5 * Stom)) OR (giong OR 5 * Sgiong)))"},
        /* What ranks: exact forms when typed with marks, bigrams, the phrase, the headline,
         * and a known neighbour for a word the index lacks. */
        {"lúa", "", 0, 0,
         "Query(((lua OR 5 * Slua) AND_MAYBE (2 * Elúa OR 10 * SElúa)))"},
        {"giong lua", "", 0, 0,
         "Query(((((giong OR 5 * Sgiong) AND (lua OR 5 * Slua)) AND_MAYBE (0.5 * Bgiong lua OR "
         "2.5 * SBgiong lua)) AND_MAYBE 100 * (((giong PHRASE 2 lua) FILTER Bgiong lua) OR 5 * "
         "((Sgiong PHRASE 2 Slua) FILTER SBgiong lua))))"},
        {"giống lúa", "", 0, 0,
         "Query(((((giong OR 5 * Sgiong) AND (lua OR 5 * Slua)) AND_MAYBE (2 * Egiống OR 10 * "
         "SEgiống OR 2 * Elúa OR 10 * SElúa OR 0.5 * Bgiong lua OR 2.5 * SBgiong lua)) "
         "AND_MAYBE 100 * (((giong PHRASE 2 lua) FILTER Bgiong lua) OR 5 * ((Sgiong PHRASE 2 "
         "Slua) FILTER SBgiong lua))))"},
        {"lúaa", "", 0, 0, /* a typo: its neighbour, weighted down */
         "Query((0.69999999999999995559 * (lua OR 5 * Slua) AND_MAYBE (2 * Elúaa OR 10 * "
         "SElúaa)))"},
        {"giống lúa", "phrase=0", 0, 0,
         "Query((((giong OR 5 * Sgiong) AND (lua OR 5 * Slua)) AND_MAYBE (2 * Egiống OR 10 * "
         "SEgiống OR 2 * Elúa OR 10 * SElúa OR 0.5 * Bgiong lua OR 2.5 * SBgiong lua)))"},
        /* A word typed twice: titles that have it twice in order, anywhere, rank as the
         * phrase does (the headline has it once). */
        {"lua giong lua", "phrase=2,headline=1,bigram=0", 0, 0,
         "Query((((((lua OR 5 * Slua) AND (giong OR 5 * Sgiong) AND (lua OR 5 * Slua)) AND_MAYBE 2 "
         "* (((lua PHRASE 3 giong PHRASE 3 lua) FILTER (Blua giong AND Bgiong lua)) OR 5 * ((Slua "
         "PHRASE 3 Sgiong PHRASE 3 Slua) FILTER (SBlua giong AND SBgiong lua)))) AND_MAYBE 1 * "
         "(Slua PHRASE 22 Sgiong)) AND_MAYBE 2 * (Slua PHRASE 64 Sgiong PHRASE 64 Slua)))"},
        /* Abbreviations and their expansions stand for each other, a little below what
         * was typed. */
        /* An abbreviation the index lacks is not a typo: its expansion, never the code
         * one letter away ("TTHD"), which stands in for it only outside the table. */
        {"TTHC", "exact=0,bigram=0,phrase=0,headline=0", 0, 1,
         "Query(((tthc OR 5 * Stthc) OR 0.025000000000000001388 * (((thu PHRASE 4 tuc PHRASE 4 hanh "
         "PHRASE 4 chinh) FILTER (Bthu tuc AND Btuc hanh AND Bhanh chinh)) OR 5 * ((Sthu PHRASE 4 "
         "Stuc PHRASE 4 Shanh PHRASE 4 Schinh) FILTER (SBthu tuc AND SBtuc hanh AND SBhanh "
         "chinh)))))"},
        {"TTHC", "exact=0,bigram=0,phrase=0,headline=0", 0, 0,
         "Query(0.69999999999999995559 * (tthd OR 5 * Stthd))"},
        {"UBND", MATCH_ONLY, 0, 1,
         "Query(((ubnd OR 5 * Subnd) OR 0.025000000000000001388 * (((uy PHRASE 4 ban PHRASE 4 nhan "
         "PHRASE 4 dan) FILTER (Buy ban AND Bban nhan AND Bnhan dan)) OR 5 * ((Suy PHRASE 4 Sban "
         "PHRASE 4 Snhan PHRASE 4 Sdan) FILTER (SBuy ban AND SBban nhan AND SBnhan dan)))))"},
        {"ủy ban nhân dân", MATCH_ONLY, 0, 1,
         "Query((((uy OR 5 * Suy) AND (ban OR 5 * Sban) AND (nhan OR 5 * Snhan) AND (dan OR 5 * "
         "Sdan)) OR 0.10000000000000000555 * (ubnd OR 5 * Subnd)))"},
        {"-UBND lúa", MATCH_ONLY, 0, 1,
         "Query(((lua OR 5 * Slua) AND_NOT ((ubnd OR 5 * Subnd) OR 0.025000000000000001388 * (((uy "
         "PHRASE 4 ban PHRASE 4 nhan PHRASE 4 dan) FILTER (Buy ban AND Bban nhan AND Bnhan dan)) "
         "OR 5 * ((Suy PHRASE 4 Sban PHRASE 4 Snhan PHRASE 4 Sdan) FILTER (SBuy ban AND SBban "
         "nhan AND SBnhan dan))))))"},
        {"\"sở KH&CN\"", MATCH_ONLY, 0, 1,
         "Query(((((so PHRASE 2 kh&cn) FILTER Bso kh&cn) OR 5 * ((Sso PHRASE 2 Skh&cn) FILTER "
         "SBso kh&cn)) OR 0.066666666666666665741 * (((so PHRASE 3 kh PHRASE 3 cn) FILTER (Bso kh "
         "AND Bkh cn)) OR 5 * ((Sso PHRASE 3 Skh PHRASE 3 Scn) FILTER (SBso kh AND SBkh cn))) OR "
         "0.033333333333333332871 * (((so PHRASE 6 khoa PHRASE 6 hoc PHRASE 6 va PHRASE 6 cong "
         "PHRASE 6 nghe) FILTER (Bso khoa AND Bkhoa hoc AND Bhoc va AND Bva cong AND Bcong "
         "nghe)) OR 5 * ((Sso PHRASE 6 Skhoa PHRASE 6 Shoc PHRASE 6 Sva PHRASE 6 Scong PHRASE 6 "
         "Snghe) FILTER (SBso khoa AND SBkhoa hoc AND SBhoc va AND SBva cong AND SBcong nghe)))))"},
        {"UBND tỉnh", "", 0, 1,
         "Query((((((ubnd OR 5 * Subnd) OR 0.025000000000000001388 * (((uy PHRASE 4 ban PHRASE 4 "
         "nhan PHRASE 4 dan) FILTER (Buy ban AND Bban nhan AND Bnhan dan)) OR 5 * ((Suy PHRASE 4 "
         "Sban PHRASE 4 Snhan PHRASE 4 Sdan) FILTER (SBuy ban AND SBban nhan AND SBnhan dan)))) "
         "AND (tinh OR 5 * Stinh)) AND_MAYBE (2 * Eubnd OR 10 * SEubnd OR 2 * Etỉnh OR 10 * "
         "SEtỉnh OR 0.5 * Bubnd tinh OR 2.5 * SBubnd tinh)) "
         "AND_MAYBE 100 * ((((ubnd PHRASE 2 tinh) FILTER Bubnd tinh) OR 5 * ((Subnd PHRASE 2 "
         "Stinh) FILTER SBubnd tinh)) OR 0.040000000000000000833 * (((uy PHRASE 5 ban PHRASE 5 "
         "nhan PHRASE 5 dan PHRASE 5 tinh) FILTER (Buy ban AND Bban nhan AND Bnhan dan AND Bdan "
         "tinh)) OR 5 * ((Suy PHRASE 5 Sban PHRASE 5 Snhan PHRASE 5 Sdan PHRASE 5 Stinh) FILTER "
         "(SBuy ban AND SBban nhan AND SBnhan dan AND SBdan tinh))))))"},
    };
    check_rows(rows, sizeof rows / sizeof rows[0], 0);
}

/* The phrase the phrase tier probes (search.c): the whole query, 2 to 10 words, as a
 * phrase or, from 3 words, a headline. */
TS_TEST(test_phrase_probe)
{
    static const row rows[] = {
        {"lúa", "", 0, 0, "(none)"},
        /* Two words: the phrase alone; two words apart in a title are no headline. */
        {"giống lúa", "", 0, 0,
         "Query(1 * (((giong PHRASE 2 lua) FILTER Bgiong lua) OR 5 * ((Sgiong PHRASE 2 Slua) "
         "FILTER SBgiong lua)))"},
        /* Three: the headline too, where the title has each word typed with marks in
         * that spelling ("lúa" here; "giong" and "tom" say nothing of theirs). */
        {"giong lúa tom", "", 0, 0,
         "Query((1 * (((giong PHRASE 3 lua PHRASE 3 tom) FILTER (Bgiong lua AND Blua tom)) OR 5 "
         "* ((Sgiong PHRASE 3 Slua PHRASE 3 Stom) FILTER (SBgiong lua AND SBlua tom))) OR 1 * "
         "((Sgiong PHRASE 22 Slua PHRASE 22 Stom) FILTER SElúa)))"},
        /* A word typed twice: the headline has it once. */
        {"lua giong lua", "", 0, 0,
         "Query((1 * (((lua PHRASE 3 giong PHRASE 3 lua) FILTER (Blua giong AND Bgiong lua)) OR 5 "
         "* ((Slua PHRASE 3 Sgiong PHRASE 3 Slua) FILTER (SBlua giong AND SBgiong lua))) OR 1 * "
         "(Slua PHRASE 22 Sgiong)))"},
        {"giong lua tom", "", 0, 0,
         "Query((1 * (((giong PHRASE 3 lua PHRASE 3 tom) FILTER (Bgiong lua AND Blua tom)) OR 5 "
         "* ((Sgiong PHRASE 3 Slua PHRASE 3 Stom) FILTER (SBgiong lua AND SBlua tom))) OR 1 * "
         "(Sgiong PHRASE 22 Slua PHRASE 22 Stom)))"},
    };
    check_rows(rows, sizeof rows / sizeof rows[0], 1);
}

TS_MAIN(setup, teardown,
        cmocka_unit_test(test_queries),
        cmocka_unit_test(test_phrase_probe))
