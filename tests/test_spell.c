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

#include "search_fixture.h"
#include "spell.h"
#include "support.h"

#define DOC(id, title, body)                                                                    \
    "{\"id\":\"" id "\",\"type\":\"news\",\"date\":\"2023-01-01\",\"title\":\"" title "\","     \
    "\"body\":\"" body "\"}\n"

static const char fixture[] =
    DOC("k1", "Hội thảo khoa học và công nghệ", "Sở khoa học và công nghệ tổ chức hội thảo.")
    DOC("k2", "Nhiệm vụ khoa học và công nghệ", "Nghiên cứu khoa học và công nghệ cấp tỉnh.")
    DOC("k3", "Nghị quyết 01/NQ-CP", "Chính phủ ban hành Nghị quyết 01/NQ-CP về khoa học.")
    DOC("g1", "Giống lúa chịu mặn", "Nghiên cứu giống lúa chịu mặn ở phía nam.")
    DOC("g2", "Giống lúa mới", "Nông dân gieo giống lúa mới; con chó nằm phía trước nhà.");

static sf_index fx;

static int setup(void **state)
{
    (void)state;
    return sf_open(&fx, fixture, sizeof fixture - 1);
}

static int teardown(void **state)
{
    (void)state;
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
        int rc = se_spell_suggest(fx.analyzer, fx.lexicon, fx.db, &q, r->input, strlen(r->input), &got,
                                  &fixed, &err);
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
static void test_suggestions(void **state)
{
    (void)state;
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
        {"phiá nam", "phía nam", 1},    /* the mark typed on the wrong letter */
        {"zzzz", NULL, 0},              /* nothing near: nothing to say */
        /* A tone the user typed is what they meant: it is never changed for another. */
        {"con chò", NULL, 0}, /* only "chó" is indexed: "chò" is not its typo */
        {"con chó", NULL, 0},
        {"giống lùa", NULL, 0}, /* nor "lúa" for "lùa" */
    };
    check_rows(rows, sizeof rows / sizeof rows[0]);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_suggestions),
    };
    return cmocka_run_group_tests(tests, setup, teardown);
}
