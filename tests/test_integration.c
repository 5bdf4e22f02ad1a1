/* Integration test on real data: index ../shared/corpus/news-dantri.jsonl and
 * legal-khcn.jsonl with tracuu-index, serve them with tracuu-searchd on a loopback
 * port, and check real answers over HTTP: the dev queries of ../shared/eval whose
 * answers lie in these two files, with and without diacritics, in old tone
 * placement and NFD; legal numbers; a phrase; an exclusion; a bad request.
 * Skipped, with a message, when ../shared is absent. */
#include <jansson.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "support.h"
#include "vn.h"

static char *dir;
static char db[4096];
static ts_daemon daemon_;

static int setup(void **state)
{
    (void)state;
    const char *dantri = ts_shared("corpus/news-dantri.jsonl");
    if (!dantri)
        return 0; /* each test skips */
    char a[4096], b[4096];
    snprintf(a, sizeof a, "%s", dantri);
    snprintf(b, sizeof b, "%s", ts_shared("corpus/legal-khcn.jsonl"));
    dir = ts_tempdir();
    snprintf(db, sizeof db, "%s/db", dir);
    char *argv[] = {(char *)ts_program("indexer/tracuu-index"), "--db", db, "--quiet", a, b, NULL};
    char *err = NULL;
    int rc = ts_run(argv, &err);
    if (rc != 0 && rc != 1) { /* 1: some records skipped, the rest indexed */
        fprintf(stderr, "tracuu-index exited %d: %s\n", rc, err);
        free(err);
        return -1;
    }
    free(err);
    return ts_searchd_start(&daemon_, db);
}

static int teardown(void **state)
{
    (void)state;
    ts_searchd_stop(&daemon_);
    if (dir)
        ts_rmrf(dir);
    free(dir);
    return 0;
}

#define SKIP_WITHOUT_SHARED()                                                                     \
    do {                                                                                          \
        if (!dir) {                                                                               \
            print_message("skipped: ../shared/corpus is absent\n");                               \
            skip();                                                                               \
        }                                                                                         \
    } while (0)

static json_t *search(const char *q, const char *extra)
{
    char *enc = ts_urlencode(q);
    char target[8192];
    snprintf(target, sizeof target, "/api/search?q=%s&per_page=10%s%s", enc, extra ? "&" : "",
             extra ? extra : "");
    free(enc);
    json_t *doc = ts_get_json(daemon_.port, target, 200);
    if (!json_is_array(json_object_get(doc, "hits")))
        fail_msg("q=%s: no hits list", q);
    return doc;
}

static int in_these_files(const char *id)
{
    return strncmp(id, "unc-", 4) == 0 || strncmp(id, "phapdien-", 9) == 0;
}

/* Known-item queries: the target must be in the top 10 for nearly every variant. */
TS_TEST(test_known_items)
{
    SKIP_WITHOUT_SHARED();
    const char *path = ts_shared("eval/known-item-dev.jsonl");
    assert_non_null(path);
    FILE *f = fopen(path, "r");
    assert_non_null(f);
    static const char *const variants[] = {"exact", "lower", "nodiac", "oldtone", "nfd"};
    int found[5] = {0}, total[5] = {0};
    char line[8192];
    while (fgets(line, sizeof line, f)) {
        json_t *row = json_loads(line, 0, NULL);
        const char *target = json_string_value(json_object_get(row, "target"));
        const char *variant = json_string_value(json_object_get(row, "variant"));
        for (int v = 0; v < 5 && target && in_these_files(target); v++) {
            if (strcmp(variant, variants[v]) != 0)
                continue;
            json_t *doc = search(json_string_value(json_object_get(row, "q")), NULL);
            total[v]++;
            found[v] += ts_hit_rank(doc, target) >= 0;
            json_decref(doc);
        }
        json_decref(row);
    }
    fclose(f);
    for (int v = 0; v < 5; v++) {
        print_message("known-item %-8s S@10 %d/%d\n", variants[v], found[v], total[v]);
        if (total[v] && found[v] * 100 < total[v] * 85)
            fail_msg("known-item %s: S@10 %d/%d is under 0.85", variants[v], found[v], total[v]);
    }
    assert_true(total[0] >= 20);
}

/* Legal numbers: every hit in the top 10 must hold the number; most relevant
 * documents must be there. */
TS_TEST(test_legal_numbers)
{
    SKIP_WITHOUT_SHARED();
    FILE *f = fopen(ts_shared("eval/entity-dev.jsonl"), "r");
    assert_non_null(f);
    char line[65536];
    int queries = 0, relevant_found = 0, relevant_expected = 0;
    while (fgets(line, sizeof line, f)) {
        json_t *row = json_loads(line, 0, NULL);
        json_t *rel = json_object_get(row, "relevant");
        const char *cls = json_string_value(json_object_get(row, "class"));
        if (!cls || strcmp(cls, "legal") != 0 || json_object_get(row, "truncated")) {
            json_decref(row);
            continue;
        }
        json_t *doc = search(json_string_value(json_object_get(row, "q")), NULL);
        size_t i;
        json_t *id;
        int expected = 0, found = 0;
        json_array_foreach(rel, i, id) {
            if (!in_these_files(json_string_value(id)))
                continue;
            expected++;
            found += ts_hit_rank(doc, json_string_value(id)) >= 0;
        }
        if (expected) {
            queries++;
            relevant_expected += expected < 10 ? expected : 10;
            relevant_found += found;
        }
        json_decref(doc);
        json_decref(row);
    }
    fclose(f);
    print_message("legal numbers: %d queries, %d of %d relevant found\n", queries,
                  relevant_found, relevant_expected);
    assert_true(queries >= 10);
    if (relevant_found * 100 < relevant_expected * 80)
        fail_msg("legal numbers: recall %d/%d is under 0.8", relevant_found, relevant_expected);
}

/* The folded title + body of a document, fetched over HTTP. */
static char *folded_text(const char *id)
{
    char target[1024];
    char *enc = ts_urlencode(id);
    snprintf(target, sizeof target, "/api/doc/%s", enc);
    free(enc);
    json_t *doc = ts_get_json(daemon_.port, target, 200);
    const char *t = json_string_value(json_object_get(doc, "title"));
    const char *b = json_string_value(json_object_get(doc, "body"));
    size_t n = strlen(t ? t : "") + strlen(b ? b : "") + 2;
    char *both = malloc(n);
    snprintf(both, n, "%s\n%s", t ? t : "", b ? b : "");
    json_decref(doc);
    char *folded = NULL;
    size_t flen = 0;
    assert_int_equal(vn_fold(both, strlen(both), &folded, &flen, NULL), 0);
    free(both);
    return folded;
}

TS_TEST(test_phrase_and_exclusion)
{
    SKIP_WITHOUT_SHARED();
    /* Every hit of a phrase holds the phrase (folded, as the engine matches it). */
    json_t *doc = search("\"chuyển giao công nghệ\"", NULL);
    size_t i;
    json_t *hit;
    assert_true(json_array_size(json_object_get(doc, "hits")) >= 5);
    json_array_foreach(json_object_get(doc, "hits"), i, hit) {
        char *text = folded_text(json_string_value(json_object_get(hit, "id")));
        if (!strstr(text, "chuyen giao cong nghe"))
            fail_msg("hit %s lacks the phrase", json_string_value(json_object_get(hit, "id")));
        free(text);
    }
    json_decref(doc);
    /* No hit of an exclusion holds the excluded word. */
    doc = search("công nghệ -doanh", NULL);
    assert_true(json_array_size(json_object_get(doc, "hits")) >= 5);
    json_array_foreach(json_object_get(doc, "hits"), i, hit) {
        char *text = folded_text(json_string_value(json_object_get(hit, "id")));
        if (strstr(text, "doanh"))
            fail_msg("hit %s holds the excluded word",
                     json_string_value(json_object_get(hit, "id")));
        free(text);
    }
    json_decref(doc);
}

TS_TEST(test_same_answers_without_diacritics)
{
    SKIP_WITHOUT_SHARED();
    static const char *const pairs[][2] = {
        {"chất lượng sản phẩm hàng hóa", "chat luong san pham hang hoa"},
        {"hàng hoá", "hàng hóa"},
        {"sở hữu trí tuệ", "so huu tri tue"},
        {"ĐO LƯỜNG", "do luong"},
    };
    for (size_t p = 0; p < sizeof pairs / sizeof pairs[0]; p++) {
        json_t *a = search(pairs[p][0], NULL), *b = search(pairs[p][1], NULL);
        json_int_t ta = json_integer_value(json_object_get(a, "total"));
        json_int_t tb = json_integer_value(json_object_get(b, "total"));
        if (ta == 0 || ta != tb)
            fail_msg("%s: %lld results, %s: %lld", pairs[p][0], (long long)ta, pairs[p][1],
                     (long long)tb);
        json_decref(a);
        json_decref(b);
    }
}

TS_TEST(test_bad_request)
{
    SKIP_WITHOUT_SHARED();
    ts_expect_error(daemon_.port, "GET", "/api/search?q=a&per_page=1000", NULL, 0, 400, NULL);
}

TS_MAIN(setup, teardown,
        cmocka_unit_test(test_known_items),
        cmocka_unit_test(test_legal_numbers),
        cmocka_unit_test(test_phrase_and_exclusion),
        cmocka_unit_test(test_same_answers_without_diacritics),
        cmocka_unit_test(test_bad_request))
