/* test_xc_query: searching through the C API over Xapian (xapian-c/xc.h).
 *
 * Query operators and the other queries (value ranges, wildcards, match all and
 * nothing), what they do to weights, enquiries (sorting, collapsing, percent and
 * weight cutoffs, BM25 parameters, match spies, matching terms) and result sets.
 * Every test reads the hand-built corpus of xc_fixture.h, so expected results are
 * written out by hand from its table.
 */
#include <math.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "xc.h"
#include "xc_fixture.h"
#include "ts_main.h"

/* ---- Helpers ------------------------------------------------------------ */

/* Combines the terms of a NULL-terminated list. */
static xc_query *terms_query(xc_op op, uint32_t window, const char *const *terms)
{
    xc_query *subs[8] = {0};
    size_t n = 0;
    while (terms[n]) {
        assert_true(n < 8);
        subs[n] = xf_term(terms[n]);
        n++;
    }
    tr_error err = {0};
    xc_query *q = xc_query_combine(op, subs, n, window, &err);
    for (size_t i = 0; i < n; i++)
        xc_query_free(subs[i]);
    if (!q)
        fail_msg("combine: %s", err.message);
    return q;
}

static xc_query *pair_query(xc_op op, xc_query *a, xc_query *b)
{
    xc_query *subs[2] = {a, b};
    xc_query *q = xc_query_combine(op, subs, 2, 0, NULL);
    assert_non_null(q);
    xc_query_free(a);
    xc_query_free(b);
    return q;
}

/* Runs q alone on db and returns the weight of docid, or -1 when it does not match. */
static double weight_of(xc_db *db, const xc_query *q, xc_docid docid)
{
    xc_enquire *e = xc_enquire_new(db, NULL);
    assert_non_null(e);
    xc_mset *m = xf_run(e, q, 0, 100);
    double w = -1;
    for (size_t i = 0; i < xc_mset_size(m); i++) {
        xc_hit hit;
        assert_int_equal(xc_mset_hit(m, i, &hit, NULL), 0);
        if (hit.docid == docid)
            w = hit.weight;
    }
    xc_mset_free(m);
    xc_enquire_free(e);
    return w;
}

static xc_docid top_docid(xc_db *db, const xc_query *q)
{
    xc_enquire *e = xc_enquire_new(db, NULL);
    assert_non_null(e);
    xc_mset *m = xf_run(e, q, 0, 1);
    assert_int_equal(xc_mset_size(m), 1);
    xc_hit hit;
    assert_int_equal(xc_mset_hit(m, 0, &hit, NULL), 0);
    xc_mset_free(m);
    xc_enquire_free(e);
    return hit.docid;
}

/* ---- Queries ------------------------------------------------------------ */

static const struct {
    xc_op op;
    uint32_t window;
    const char *terms[4];
    const char *expect;   /* matching docids, ascending */
    const char *describe; /* shows that the operator reached Xapian */
} op_rows[] = {
    {XC_OP_AND, 0, {"apple", "banana"}, "1 2 4", "Query((apple AND banana))"},
    {XC_OP_OR, 0, {"cherry", "kiwi"}, "1 3 6 7", "Query((cherry OR kiwi))"},
    {XC_OP_AND_NOT, 0, {"apple", "banana"}, "6", "Query((apple AND_NOT banana))"},
    {XC_OP_AND_NOT, 0, {"banana", "apple", "split"}, "",
     "Query((banana AND_NOT apple AND_NOT split))"},
    {XC_OP_AND_MAYBE, 0, {"apple", "cherry"}, "1 2 4 6", "Query((apple AND_MAYBE cherry))"},
    {XC_OP_FILTER, 0, {"apple", "banana"}, "1 2 4", "Query((apple FILTER banana))"},
    {XC_OP_PHRASE, 0, {"apple", "banana"}, "1", "Query((apple PHRASE 2 banana))"},
    {XC_OP_PHRASE, 3, {"apple", "banana"}, "1 4", "Query((apple PHRASE 3 banana))"},
    {XC_OP_NEAR, 2, {"apple", "banana"}, "1 2", "Query((apple NEAR 2 banana))"},
    {XC_OP_NEAR, 3, {"apple", "banana"}, "1 2 4", "Query((apple NEAR 3 banana))"},
    {XC_OP_SYNONYM, 0, {"date", "kiwi"}, "3 6 7", "Query((date SYNONYM kiwi))"},
    {XC_OP_MAX, 0, {"cherry", "date"}, "1 3", "Query((cherry MAX date))"},
    /* ELITE_SET keeps the rarer term when it may keep one. */
    {XC_OP_ELITE_SET, 1, {"banana", "date"}, "3", "Query((banana ELITE_SET 1 date))"},
    {XC_OP_ELITE_SET, 2, {"banana", "date"}, "1 2 3 4 5", "Query((banana ELITE_SET 2 date))"},
    {XC_OP_AND, 0, {"kiwi"}, "6 7", "Query(kiwi)"},
    {XC_OP_OR, 0, {NULL}, "", "Query()"},
};

TS_TEST(test_operators)
{
    xc_db *db = xf_open_db(xf_corpus_path);
    xc_enquire *e = xc_enquire_new(db, NULL);
    assert_non_null(e);
    for (size_t i = 0; i < sizeof op_rows / sizeof op_rows[0]; i++) {
        xc_query *q = terms_query(op_rows[i].op, op_rows[i].window, op_rows[i].terms);
        char ids[64];
        xf_run_ids(e, q, 1, ids, sizeof ids);
        char *text = xc_query_describe(q);
        if (strcmp(ids, op_rows[i].expect) || strcmp(text, op_rows[i].describe))
            fail_msg("%s: expected '%s', got '%s' from %s", op_rows[i].describe,
                     op_rows[i].expect, ids, text);
        free(text);
        xc_query_free(q);
    }
    xc_enquire_free(e);
    xc_db_free(db);
}

static xc_query *years(const char *lo, const char *hi)
{
    return xc_query_value_range(XF_SLOT_YEAR, lo, hi, NULL);
}
static xc_query *year_2019_2020(void) { return years("2019", "2020"); }
static xc_query *year_from_2021(void) { return years("2021", NULL); }
static xc_query *year_to_2018(void) { return years(NULL, "2018"); }
static xc_query *year_any(void) { return years(NULL, NULL); }
static xc_query *year_empty_lo(void) { return years("", "2019"); }
static xc_query *wild_ba(void) { return xc_query_wildcard("ba", 2, 0, NULL); }
static xc_query *wild_ba_1(void) { return xc_query_wildcard("ba", 2, 1, NULL); }
static xc_query *nothing(void) { return xc_query_match_nothing(NULL); }
static xc_query *apple_recent(void)
{
    return pair_query(XC_OP_FILTER, xf_term("apple"), year_from_2021());
}
static xc_query *all_but_red(void)
{
    xc_query *red = xc_query_value_range(XF_SLOT_COLOR, "red", "red", NULL);
    return pair_query(XC_OP_AND_NOT, xf_all(), red);
}

static const struct {
    const char *name;
    xc_query *(*make)(void);
    const char *expect;
} query_rows[] = {
    {"year in [2019, 2020]", year_2019_2020, "1 3"},
    {"year >= 2021", year_from_2021, "2 4"},
    {"year <= 2018 (unset does not match)", year_to_2018, "5 7"},
    {"year set", year_any, "1 2 3 4 5 7"},
    {"year in [\"\", 2019]", year_empty_lo, "3 5 7"},
    {"wildcard ba", wild_ba, "1 2 4 5 7"},
    {"wildcard ba, most frequent only", wild_ba_1, "1 2 4 5"},
    {"match all", xf_all, "1 2 3 4 5 6 7"},
    {"match nothing", nothing, ""},
    {"apple filtered by year >= 2021", apple_recent, "2 4"},
    {"all but red", all_but_red, "3 4 6 7"},
};

TS_TEST(test_other_queries)
{
    xc_db *db = xf_open_db(xf_corpus_path);
    xc_enquire *e = xc_enquire_new(db, NULL);
    assert_non_null(e);
    for (size_t i = 0; i < sizeof query_rows / sizeof query_rows[0]; i++) {
        xc_query *q = query_rows[i].make();
        assert_non_null(q);
        char ids[64];
        xf_run_ids(e, q, 1, ids, sizeof ids);
        if (strcmp(ids, query_rows[i].expect))
            fail_msg("%s: expected '%s', got '%s'", query_rows[i].name, query_rows[i].expect,
                     ids);
        xc_query_free(q);
    }
    xc_enquire_free(e);
    xc_db_free(db);
}

/* What the operators do to weights and order, beyond which documents match. */
TS_TEST(test_weights)
{
    xc_db *db = xf_open_db(xf_corpus_path);

    /* AND_MAYBE: cherry lifts document 1 to the top; apple alone prefers shorter ones. */
    xc_query *apple = xf_term("apple");
    assert_int_not_equal(top_docid(db, apple), 1);
    xc_query *maybe = pair_query(XC_OP_AND_MAYBE, xf_term("apple"), xf_term("cherry"));
    assert_int_equal(top_docid(db, maybe), 1);
    xc_query_free(maybe);

    /* FILTER: banana restricts without adding weight; AND adds it. */
    xc_query *filter = pair_query(XC_OP_FILTER, xf_term("apple"), xf_term("banana"));
    xc_query *both = pair_query(XC_OP_AND, xf_term("apple"), xf_term("banana"));
    double w_apple = weight_of(db, apple, 1);
    assert_true(w_apple > 0);
    assert_true(fabs(weight_of(db, filter, 1) - w_apple) < 1e-9);
    assert_true(weight_of(db, both, 1) > w_apple + 1e-6);
    xc_query_free(filter);
    xc_query_free(both);
    xc_query_free(apple);

    /* MAX: the better of the two weights, not their sum. */
    xc_query *cherry = xf_term("cherry"), *date = xf_term("date");
    xc_query *max = pair_query(XC_OP_MAX, xf_term("cherry"), xf_term("date"));
    double wc = weight_of(db, cherry, 3), wd = weight_of(db, date, 3);
    assert_true(wc > 0 && wd > 0);
    assert_true(fabs(weight_of(db, max, 3) - (wc > wd ? wc : wd)) < 1e-9);
    xc_query_free(max);

    /* Scaling by 2 and by 0 decides which term wins; weight 0 still matches. */
    tr_error err = {0};
    xc_query *kiwi = xf_term("kiwi");
    xc_query *c2 = xc_query_scale(cherry, 2, &err), *k0 = xc_query_scale(kiwi, 0, &err);
    xc_query *c0 = xc_query_scale(cherry, 0, &err), *k2 = xc_query_scale(kiwi, 2, &err);
    assert_int_equal(err.code, TR_OK);
    xc_query *cherry_wins = pair_query(XC_OP_OR, c2, k0);
    xc_query *kiwi_wins = pair_query(XC_OP_OR, c0, k2);
    xc_docid top = top_docid(db, cherry_wins);
    assert_true(top == 1 || top == 3);
    top = top_docid(db, kiwi_wins);
    assert_true(top == 6 || top == 7);
    assert_true(weight_of(db, kiwi_wins, 3) == 0);
    assert_true(fabs(weight_of(db, kiwi_wins, 7) - 2 * weight_of(db, kiwi, 7)) < 1e-9);
    xc_query_free(cherry_wins);
    xc_query_free(kiwi_wins);

    assert_null(xc_query_scale(kiwi, -1, &err));
    assert_int_equal(err.code, TR_EINVAL);
    xc_query_free(kiwi);
    xc_query_free(cherry);
    xc_query_free(date);
    xc_db_free(db);
}

TS_TEST(test_query_describe_and_errors)
{
    xc_query *q = xf_term("apple");
    tr_error err = {0};
    xc_query *subs[] = {q, NULL};
    assert_null(xc_query_combine(XC_OP_OR, subs, 2, 0, &err));
    assert_int_equal(err.code, TR_EINVAL);
    tr_error_clear(&err);
    assert_null(xc_query_combine((xc_op)42, subs, 1, 0, &err));
    assert_int_equal(err.code, TR_EINVAL);
    tr_error_clear(&err);
    assert_null(xc_query_term(NULL, 3, 1, 0, &err));
    assert_int_equal(err.code, TR_EINVAL);
    assert_null(xc_query_describe(NULL));
    xc_query_free(q);

    /* wqf 3 and position 2 reach Xapian. */
    q = xc_query_term("kiwi", 4, 3, 2, &err);
    assert_non_null(q);
    char *s = xc_query_describe(q);
    assert_string_equal(s, "Query(kiwi#3@2)");
    free(s);
    xc_query_free(q);
}

/* ---- Enquiries ---------------------------------------------------------- */

TS_TEST(test_sort)
{
    static const struct {
        const char *name;
        xc_sort how;
        unsigned slot;
        int descending;
        const char *term; /* NULL: match all */
        const char *expect;
    } rows[] = {
        {"year ascending (unset first)", XC_SORT_VALUE, XF_SLOT_YEAR, 0, NULL, "6 7 5 3 1 2 4"},
        {"year descending", XC_SORT_VALUE, XF_SLOT_YEAR, 1, NULL, "4 2 1 3 5 7 6"},
        {"color descending, then relevance", XC_SORT_VALUE_THEN_RELEVANCE, XF_SLOT_COLOR, 1,
         "apple", "2 1 6 4"},
        {"equal relevance, then year", XC_SORT_RELEVANCE_THEN_VALUE, XF_SLOT_YEAR, 0, NULL,
         "6 7 5 3 1 2 4"},
        {"relevance", XC_SORT_RELEVANCE, 0, 0, "kiwi", "6 7"},
    };
    xc_db *db = xf_open_db(xf_corpus_path);
    for (size_t i = 0; i < sizeof rows / sizeof rows[0]; i++) {
        xc_enquire *e = xc_enquire_new(db, NULL);
        assert_non_null(e);
        assert_int_equal(xc_enquire_set_sort(e, rows[i].how, rows[i].slot, rows[i].descending,
                                             NULL),
                         0);
        xc_query *q = rows[i].term ? xf_term(rows[i].term) : xf_all();
        char ids[64];
        xf_run_ids(e, q, 0, ids, sizeof ids);
        if (strcmp(ids, rows[i].expect))
            fail_msg("%s: expected '%s', got '%s'", rows[i].name, rows[i].expect, ids);
        xc_query_free(q);
        xc_enquire_free(e);
    }
    xc_enquire *e = xc_enquire_new(db, NULL);
    tr_error err = {0};
    assert_int_equal(xc_enquire_set_sort(e, (xc_sort)9, 0, 0, &err), TR_EINVAL);
    xc_enquire_free(e);
    xc_db_free(db);
}

TS_TEST(test_collapse)
{
    xc_db *db = xf_open_db(xf_corpus_path);
    xc_enquire *e = xc_enquire_new(db, NULL);
    tr_error err = {0};
    assert_int_equal(xc_enquire_set_collapse(e, XF_SLOT_COLOR, 1, &err), 0);
    xc_query *q = xf_all();
    xc_mset *m = xf_run(e, q, 0, 10);
    assert_int_equal(xc_mset_size(m), 3); /* red, green, blue */
    for (size_t i = 0; i < 3; i++) {
        xc_hit hit;
        char *color = NULL;
        assert_int_equal(xc_mset_hit(m, i, &hit, &err), 0);
        assert_int_equal(xc_mset_value(m, i, XF_SLOT_COLOR, &color, NULL, &err), 0);
        uint32_t expect = strcmp(color, "red") ? 1 : 2; /* 3 red, 2 green, 2 blue */
        if (hit.collapse_count != expect)
            fail_msg("%s: collapse_count %u", color, (unsigned)hit.collapse_count);
        free(color);
    }
    xc_mset_free(m);

    assert_int_equal(xc_enquire_set_collapse(e, XF_SLOT_COLOR, 2, &err), 0);
    m = xf_run(e, q, 0, 10);
    assert_int_equal(xc_mset_size(m), 6);
    xc_mset_free(m);
    assert_int_equal(xc_enquire_set_collapse(e, XF_SLOT_COLOR, 0, &err), 0);
    m = xf_run(e, q, 0, 10);
    assert_int_equal(xc_mset_size(m), XF_NCORPUS);
    xc_mset_free(m);

    xc_query_free(q);
    xc_enquire_free(e);
    xc_db_free(db);
    assert_int_equal(err.code, TR_OK);
}

TS_TEST(test_cutoff_and_bm25)
{
    xc_db *db = xf_open_db(xf_corpus_path);
    xc_enquire *e = xc_enquire_new(db, NULL);
    tr_error err = {0};
    /* Only document 6 has both terms, so only it scores near 100%. */
    xc_query *q = terms_query(XC_OP_OR, 0, (const char *[]){"apple", "kiwi", NULL});
    char ids[64];
    xf_run_ids(e, q, 1, ids, sizeof ids);
    assert_string_equal(ids, "1 2 4 6 7");
    assert_int_equal(xc_enquire_set_cutoff(e, 90, &err), 0);
    xf_run_ids(e, q, 1, ids, sizeof ids);
    assert_string_equal(ids, "6");
    assert_int_equal(xc_enquire_set_cutoff(e, 0, &err), 0);
    xf_run_ids(e, q, 1, ids, sizeof ids);
    assert_string_equal(ids, "1 2 4 6 7");
    xc_query_free(q);
    assert_int_equal(err.code, TR_OK);
    assert_int_equal(xc_enquire_set_cutoff(e, 101, &err), TR_EINVAL);
    xc_enquire_free(e);

    /* With b = 0 document length no longer matters: 1 and 2 both have apple once. */
    q = xf_term("apple");
    double w1 = weight_of(db, q, 1), w2 = weight_of(db, q, 2);
    assert_true(w2 > w1 + 1e-6);
    e = xc_enquire_new(db, NULL);
    tr_error_clear(&err);
    assert_int_equal(xc_enquire_set_bm25(e, 1, 0, 1, 0, 0.5, &err), 0);
    xc_mset *m = xf_run(e, q, 0, 10);
    xc_hit a, b;
    assert_int_equal(xc_mset_size(m), 4);
    assert_int_equal(xc_mset_hit(m, 0, &a, &err), 0);
    assert_int_equal(xc_mset_hit(m, 3, &b, &err), 0);
    assert_true(fabs(a.weight - b.weight) < 1e-9);
    xc_mset_free(m);
    xc_query_free(q);
    xc_enquire_free(e);
    xc_db_free(db);
}

/* The docids of m, in rank order, as "6 7 2"; checks that m holds what it claims. */
static void mset_ids(const xc_mset *m, char *out, size_t size)
{
    size_t len = 0;
    out[0] = '\0';
    for (size_t i = 0; i < xc_mset_size(m) && len < size; i++) {
        xc_hit hit;
        assert_int_equal(xc_mset_hit(m, i, &hit, NULL), 0);
        len += (size_t)snprintf(out + len, size - len, "%s%u", i ? " " : "", (unsigned)hit.docid);
    }
}

/* A weight cutoff keeps the results at or above it; max_attained is the best weight
 * over all matches, so the first hit's under relevance order, whatever the page. */
TS_TEST(test_weight_cutoff_and_max_attained)
{
    xc_db *db = xf_open_db(xf_corpus_path);
    xc_enquire *e = xc_enquire_new(db, NULL);
    assert_non_null(e);
    tr_error err = {0};
    xc_query *q = terms_query(XC_OP_OR, 0, (const char *[]){"apple", "kiwi", NULL});

    /* No cutoff: five matches, document 6 (both terms) first. */
    xc_mset *m = xf_run(e, q, 0, 10);
    xc_hit hits[5];
    assert_int_equal(xc_mset_size(m), 5);
    for (size_t i = 0; i < 5; i++)
        assert_int_equal(xc_mset_hit(m, i, &hits[i], &err), 0);
    assert_int_equal(hits[0].docid, 6);
    assert_true(hits[0].weight > hits[1].weight + 1e-6);
    assert_true(xc_mset_max_attained(m) == hits[0].weight);
    char all_ids[64];
    mset_ids(m, all_ids, sizeof all_ids);
    assert_string_equal(all_ids, "6 7 2 1 4"); /* kiwi is the rarer term; 1 and 4 tie */
    xc_mset_free(m);

    /* A page that leaves out the best hit still reports its weight. */
    m = xf_run(e, q, 2, 2);
    assert_int_equal(xc_mset_size(m), 2);
    assert_true(xc_mset_max_attained(m) == hits[0].weight);
    xc_mset_free(m);

    /* Halfway between two neighbouring weights, exactly the hits above stay, in the
     * same order, and the estimate counts only them. */
    int gaps = 0;
    for (size_t k = 0; k + 1 < 5; k++) {
        if (!(hits[k].weight > hits[k + 1].weight + 1e-6))
            continue; /* a tie: no cutoff falls between them */
        gaps++;
        assert_int_equal(
            xc_enquire_set_weight_cutoff(e, (hits[k].weight + hits[k + 1].weight) / 2, &err), 0);
        m = xf_run(e, q, 0, 10);
        char ids[64], expect[64];
        mset_ids(m, ids, sizeof ids);
        size_t len = 0;
        for (size_t i = 0; i <= k; i++)
            len += (size_t)snprintf(expect + len, sizeof expect - len, "%s%u", i ? " " : "",
                                    (unsigned)hits[i].docid);
        if (strcmp(ids, expect) || xc_mset_estimated(m) != k + 1)
            fail_msg("cutoff below rank %zu: expected '%s', got '%s' (estimated %llu)", k,
                     expect, ids, (unsigned long long)xc_mset_estimated(m));
        assert_true(xc_mset_max_attained(m) == hits[0].weight);
        xc_mset_free(m);
    }
    assert_true(gaps >= 1);

    /* The cutoff just under document 6 keeps it alone. */
    assert_int_equal(
        xc_enquire_set_weight_cutoff(e, (hits[0].weight + hits[1].weight) / 2, &err), 0);
    char ids[64];
    xf_run_ids(e, q, 0, ids, sizeof ids);
    assert_string_equal(ids, "6");

    /* Above every weight nothing is left; 0 turns the cutoff off. */
    assert_int_equal(xc_enquire_set_weight_cutoff(e, hits[0].weight * 2, &err), 0);
    m = xf_run(e, q, 0, 10);
    assert_int_equal(xc_mset_size(m), 0);
    assert_int_equal(xc_mset_estimated(m), 0);
    xc_mset_free(m);
    assert_int_equal(xc_enquire_set_weight_cutoff(e, 0, &err), 0);
    xf_run_ids(e, q, 0, ids, sizeof ids);
    assert_string_equal(ids, all_ids);

    /* The weight and percent cutoffs are set apart: one does not reset the other. */
    assert_int_equal(xc_enquire_set_cutoff(e, 90, &err), 0);
    assert_int_equal(xc_enquire_set_weight_cutoff(e, 0, &err), 0);
    xf_run_ids(e, q, 1, ids, sizeof ids);
    assert_string_equal(ids, "6");
    assert_int_equal(xc_enquire_set_weight_cutoff(e, hits[0].weight * 2, &err), 0);
    assert_int_equal(xc_enquire_set_cutoff(e, 0, &err), 0);
    xf_run_ids(e, q, 1, ids, sizeof ids);
    assert_string_equal(ids, "");
    assert_int_equal(err.code, TR_OK);

    assert_int_equal(xc_enquire_set_weight_cutoff(e, -1, &err), TR_EINVAL);
    assert_int_equal(err.code, TR_EINVAL);
    xc_query_free(q);
    xc_enquire_free(e);
    xc_db_free(db);
}

TS_TEST(test_spy)
{
    xc_db *db = xf_open_db(xf_corpus_path);
    xc_enquire *e = xc_enquire_new(db, NULL);
    tr_error err = {0};
    xc_spy *spy = xc_spy_new(XF_SLOT_COLOR, &err);
    assert_non_null(spy);
    assert_int_equal(xc_enquire_add_spy(e, spy, &err), 0);
    xc_query *q = xf_all();
    xc_mset *m = xf_run(e, q, 0, 1); /* counts cover the 100 checked, not the 1 returned */
    xc_mset_free(m);
    assert_int_equal(xc_spy_total(spy), XF_NCORPUS);

    xf_log log = {.with_count = 1};
    assert_int_equal(xc_spy_top(spy, 10, xf_log_term, &log, &err), 0);
    assert_string_equal(log.text, "red=3 blue=2 green=2"); /* ties by value */
    xf_log top1 = {.with_count = 1};
    assert_int_equal(xc_spy_top(spy, 1, xf_log_term, &top1, &err), 0);
    assert_string_equal(top1.text, "red=3");

    /* Detached spies count no more. */
    assert_int_equal(xc_enquire_clear_spies(e, &err), 0);
    m = xf_run(e, q, 0, 1);
    xc_mset_free(m);
    assert_int_equal(xc_spy_total(spy), XF_NCORPUS);

    xc_spy_free(spy);
    xc_query_free(q);
    xc_enquire_free(e);
    xc_db_free(db);
    assert_int_equal(err.code, TR_OK);
}

TS_TEST(test_matching_terms)
{
    xc_db *db = xf_open_db(xf_corpus_path);
    xc_enquire *e = xc_enquire_new(db, NULL);
    xc_db_free(db); /* the enquiry keeps its own reference */
    xc_query *q = terms_query(XC_OP_OR, 0, (const char *[]){"kiwi", "cherry", "apple", NULL});
    tr_error err = {0};
    assert_int_equal(xc_enquire_set_query(e, q, &err), 0);
    xc_query_free(q); /* and its own copy of the query */
    static const struct {
        xc_docid docid;
        const char *expect; /* in byte order, not query order */
    } rows[] = {{1, "apple cherry"}, {3, "cherry"}, {6, "apple kiwi"}, {5, ""}};
    for (size_t i = 0; i < sizeof rows / sizeof rows[0]; i++) {
        xf_log log = {0};
        assert_int_equal(xc_enquire_matching_terms(e, rows[i].docid, xf_log_term, &log, &err), 0);
        if (strcmp(log.text, rows[i].expect))
            fail_msg("doc %u: got '%s'", (unsigned)rows[i].docid, log.text);
    }
    xc_enquire_free(e);
    assert_int_equal(err.code, TR_OK);
}

/* ---- Result sets -------------------------------------------------------- */

TS_TEST(test_mset)
{
    xc_db *db = xf_open_db(xf_corpus_path);
    xc_enquire *e = xc_enquire_new(db, NULL);
    tr_error err = {0};

    /* A page from the middle: ranks count from the start of the whole list. */
    xc_query *q = xf_all();
    xc_mset *m = xf_run(e, q, 2, 2);
    assert_int_equal(xc_mset_size(m), 2);
    assert_int_equal(xc_mset_estimated(m), XF_NCORPUS);
    assert_int_equal(xc_mset_lower_bound(m), XF_NCORPUS);
    assert_int_equal(xc_mset_upper_bound(m), XF_NCORPUS);
    xc_hit hit;
    assert_int_equal(xc_mset_hit(m, 1, &hit, &err), 0);
    assert_int_equal(hit.rank, 3);
    assert_int_equal(hit.docid, 4);
    assert_int_equal(hit.percent, 100); /* match all: every document is perfect */
    assert_int_equal(xc_mset_hit(m, 2, &hit, &err), TR_EINVAL);
    tr_error_clear(&err);
    xc_mset_free(m);
    xc_query_free(q);

    /* The result set outlives the enquiry and the database it came from. */
    q = terms_query(XC_OP_AND, 0, (const char *[]){"apple", "kiwi", NULL});
    m = xf_run(e, q, 0, 10);
    xc_query_free(q);
    xc_enquire_free(e);
    xc_db_free(db);
    assert_int_equal(xc_mset_size(m), 1);
    assert_int_equal(xc_mset_hit(m, 0, &hit, &err), 0);
    assert_int_equal(hit.docid, 6);
    assert_int_equal(hit.rank, 0);
    assert_true(hit.weight > 0);
    char *s = NULL;
    size_t len = 9;
    assert_int_equal(xc_mset_data(m, 0, &s, &len, &err), 0);
    assert_string_equal(s, "d6");
    assert_int_equal(len, 2);
    free(s);
    assert_int_equal(xc_mset_value(m, 0, XF_SLOT_COLOR, &s, &len, &err), 0);
    assert_string_equal(s, "green");
    assert_int_equal(len, 5);
    free(s);
    assert_int_equal(xc_mset_value(m, 0, XF_SLOT_YEAR, &s, &len, &err), 0);
    assert_string_equal(s, "");
    free(s);
    assert_int_equal(err.code, TR_OK);
    assert_int_equal(xc_mset_data(m, 1, &s, &len, &err), TR_EINVAL);
    assert_null(s);
    xc_mset_free(m);
}

TS_MAIN(xf_setup, xf_teardown,
        cmocka_unit_test(test_operators),
        cmocka_unit_test(test_other_queries),
        cmocka_unit_test(test_weights),
        cmocka_unit_test(test_query_describe_and_errors),
        cmocka_unit_test(test_sort),
        cmocka_unit_test(test_collapse),
        cmocka_unit_test(test_cutoff_and_bm25),
        cmocka_unit_test(test_weight_cutoff_and_max_attained),
        cmocka_unit_test(test_spy),
        cmocka_unit_test(test_matching_terms),
        cmocka_unit_test(test_mset))
