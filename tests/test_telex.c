/* test_telex: queries typed as Telex or VNI keystrokes with the input method off, through
 * the engine (se_search, se_complete) over a small indexed fixture: the document meant
 * is found, the suggestion shows the Vietnamese, a query mixing keys and plain words
 * works, an English word that is also Telex keeps its literal document first, and a
 * prefix typed in keys completes as the Vietnamese.
 */
#include <jansson.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include <cmocka.h>

#include "complete.h"
#include "engine.h"
#include "support.h"

#define DOC TS_NEWS

static const char docs[] =
    DOC("viet", "Dạy tiếng Việt trong nhà trường", "Dạy tiếng Việt trong nhà trường cho học sinh.")
    DOC("chao", "Bát cháo gà ngon", "Một bát cháo gà nóng cho bữa sáng mùa đông.")
    DOC("chaos", "Chaos theory in physics", "The chaos theory studies systems in physics.")
    DOC("duong", "Đường Trường Sơn huyền thoại", "Con đường Trường Sơn qua rừng núi.")
    DOC("tieng", "Tiếng Việt giàu đẹp", "Tiếng Việt có sáu thanh điệu.")
    DOC("chao2", "Nấu cháo", "Cháo trắng.") DOC("chao3", "Cháo sườn", "Bát cháo sườn.")
    DOC("max", "Boeing MAX bay lại", "Máy bay Boeing MAX được bay lại.")
    DOC("ma", "Mã số thuế", "Mã số thuế của doanh nghiệp.")
    DOC("caobo", "Rừng xanh", "Con cáo chạy, không bỏ cuộc.");

/* Beside them, words commoner than the readings of "caos" and "bor" at one letter from
 * them: "cao" and "bò", in twelve documents each. */
static const char *const common[] = {"Núi cao.", "Con bò."};
#define COPIES 12

static se_engine *engine;

static int setup(void **state)
{
    if (ts_tmp_setup(state))
        return -1;
    char db[4096], in[4096];
    snprintf(db, sizeof db, "%s/db", ts_tmp_path("x"));
    snprintf(in, sizeof in, "%s/in.jsonl", ts_tmp_path("x"));
    if (mkdir(ts_tmp_path("x"), 0700) != 0)
        return -1;
    char text[sizeof docs + 2 * COPIES * 100];
    size_t len = sizeof docs - 1;
    memcpy(text, docs, len);
    for (size_t i = 0; i < 2; i++)
        for (int k = 0; k < COPIES; k++)
            len += (size_t)snprintf(text + len, sizeof text - len,
                                    DOC("gen%zu-%d", "Tin", "%s"), i, k, common[i]);
    ts_write_file(in, text, len);
    char *argv[] = {(char *)ts_program("indexer/tracuu-index"), "--quiet", "--db", db, in, NULL};
    if (ts_run(argv, NULL) != 0)
        return -1;
    const char *dbs[] = {db};
    se_config c = {.dbs = dbs, .ndb = 1};
    tr_error err = {0};
    engine = se_engine_open(&c, &err);
    return engine ? 0 : -1;
}

static int teardown(void **state)
{
    se_engine_free(engine);
    return ts_tmp_teardown(state);
}

typedef struct row {
    const char *q;
    const char *first;      /* the id ranked first */
    const char *suggestion; /* NULL: none */
    const char *also;       /* an id also among the hits; NULL: none asked */
} row;

static int holds(json_t *hits, const char *id)
{
    json_t *h;
    size_t i;
    json_array_foreach(hits, i, h) {
        if (strcmp(json_string_value(json_object_get(h, "id")), id) == 0)
            return 1;
    }
    return 0;
}

TS_TEST(test_search)
{
    static const row rows[] = {
        /* Telex, the tone after the word or after the vowel */
        {"tieengs vieetj trong nhaf truwowngf", "viet", "tiếng Việt trong nhà trường", NULL},
        {"tieesng vieejt trong nhaf truwowngf", "viet", "tiếng Việt trong nhà trường", NULL},
        /* VNI */
        {"tie6ng1 vie6t5 trong nha2 tru7o7ng2", "viet", "tiếng Việt trong nhà trường", NULL},
        {"vie65t trong nha2 tru7o72ng", "viet", "việt trong nhà trường", NULL},
        /* keys and plain words mixed, and capitals kept */
        {"tieengs viet trong nha truong", "viet", "tiếng Việt trong nhà trường", NULL},
        {"DDuwowngf Truwowngf Sown", "duong", "Đường Trường Sơn", NULL},
        /* an English word that is also Telex: its neighbours say which is meant */
        {"chaos theory", "chaos", NULL, NULL},
        {"bats chaos gaf", "chao", "bát cháo gà", NULL},
        /* alone, the commoner reading is suggested and searched too, the literal first */
        {"chaos", "chaos", "cháo", "chao2"},
        /* a word in capitals is an abbreviation, in a query typed in keys too */
        {"dduwowcj MAX", "max", "được MAX", NULL},
        /* two unknown words that read as keys: keys, not two slips ("cao bò") */
        {"caos bor", "caobo", "cáo bỏ", NULL},
    };
    size_t failed = 0;
    for (size_t i = 0; i < sizeof rows / sizeof rows[0]; i++) {
        const row *r = &rows[i];
        se_search_params p = {.q = r->q, .qlen = strlen(r->q)};
        json_t *out = NULL;
        tr_error err = {0};
        int rc = se_search(engine, &p, &out, &err);
        json_t *top = out ? json_array_get(json_object_get(out, "hits"), 0) : NULL;
        const char *first = top ? json_string_value(json_object_get(top, "id")) : NULL;
        const char *sugg = out ? json_string_value(json_object_get(out, "suggestion")) : NULL;
        if (rc || !first || strcmp(first, r->first) != 0 || !sugg != !r->suggestion ||
            (sugg && strcmp(sugg, r->suggestion) != 0) ||
            (r->also && !holds(json_object_get(out, "hits"), r->also)))
            ts_row_fail(&failed, "query \"%s\": first %s, suggestion %s (rc %d)\n", r->q,
                        first ? first : "(none)", sugg ? sugg : "(none)", rc);
        json_decref(out);
    }
    ts_rows_end(failed, sizeof rows / sizeof rows[0]);
}

/* Whether /api/suggest's answer to `q` has a suggestion starting with `want`. */
static int suggests(const char *q, const char *want)
{
    se_complete_params p = {.q = q, .qlen = strlen(q)};
    json_t *out = NULL;
    tr_error err = {0};
    int found = 0;
    assert_int_equal(se_complete(engine, &p, &out, &err), 0);
    json_t *items = json_object_get(out, "suggestions"), *it;
    size_t i;
    json_array_foreach(items, i, it) {
        const char *text = json_string_value(json_object_get(it, "text"));
        found |= text && strncmp(text, want, strlen(want)) == 0;
        fprintf(stderr, "  \"%s\" -> \"%s\"\n", q, text ? text : "");
    }
    json_decref(out);
    return found;
}

TS_TEST(test_suggest)
{
    assert_true(suggests("tieengs vieej", "tiếng Việt"));
    assert_true(suggests("tie6ng1 vi", "tiếng Việt"));
    assert_true(suggests("dduwowngf tr", "đường trường"));
    assert_false(suggests("ddu", "đường")); /* đu is not đư: a w may follow */
    assert_false(suggests("xyzw", "x"));
}

TS_MAIN(setup, teardown,
        cmocka_unit_test(test_search),
        cmocka_unit_test(test_suggest))
