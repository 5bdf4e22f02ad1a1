/* Access levels over HTTP (docs/security.md): a running tracuu-searchd with a key file
 * and the result cache, over an index with one public and one internal document.
 * Anonymous requests never see the internal one (API, pages, suggestions, the count),
 * whichever was asked first with a key, so no cached answer crosses over; a key of
 * scope search sees it, marked "access": "internal" and "Nội bộ" on the pages. The
 * paths themselves are test_access (the engine); this is their wiring to the scope
 * the key gives. */
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

static const char fixture[] =
    "{\"id\":\"p1\",\"type\":\"news\",\"date\":\"2023-04-13\",\"title\":\"Khoa học công nghệ "
    "cho nông thôn\",\"body\":\"Chuyển giao khoa học công nghệ cho nông dân miền núi.\"}\n"
    "{\"id\":\"i1\",\"type\":\"minutes\",\"access\":\"internal\",\"date\":\"2024-03-15\","
    "\"title\":\"Biên bản họp kín về dự án Kalimex\",\"body\":\"Hội đồng bàn kinh phí dự án "
    "Kalimex, ứng dụng khoa học công nghệ; thông tin chưa công bố.\"}\n";

static char keys_path[4096];
static char auth[256]; /* "Authorization: Bearer KEY\r\n" */
static ts_site site;

static int setup(void **state)
{
    if (ts_tmp_setup(state))
        return -1;
    snprintf(keys_path, sizeof keys_path, "%s", ts_tmp_path("keys"));
    char cmd[8192], key[128];
    snprintf(cmd, sizeof cmd, "'%s' --keys '%s' --add-key staff search",
             ts_program("searchd/tracuu-searchd"), keys_path);
    FILE *p = popen(cmd, "r");
    size_t n = p ? fread(key, 1, sizeof key - 1, p) : 0;
    if (!p || pclose(p) != 0 || n == 0)
        return -1;
    key[n] = '\0';
    snprintf(auth, sizeof auth, "Authorization: Bearer %.*s\r\n", (int)strcspn(key, "\n"), key);
    static const char *extra[] = {"--keys", keys_path, "--cache", "8", NULL};
    return ts_site_start(&site, fixture, sizeof fixture - 1, extra);
}

static int teardown(void **state)
{
    ts_site_stop(&site);
    return ts_tmp_teardown(state);
}

/* GET `target`, with the key or without; the status must be `expect`. The body,
 * malloc()ed. */
static char *get(const char *target, int with_key, int expect)
{
    char *body = NULL;
    int status = ts_http_with(site.daemon.port, "GET", target, with_key ? auth : NULL, NULL, 0,
                              &body);
    if (status != expect)
        fail_msg("%s %s: %d, expected %d: %s", with_key ? "key" : "anonymous", target, status,
                 expect, body ? body : "");
    return body;
}

static json_int_t total_of(const char *target, int with_key)
{
    char *body = get(target, with_key, 200);
    json_t *doc = json_loads(body, 0, NULL);
    assert_non_null(doc);
    json_t *t = json_object_get(doc, "total");
    if (!t)
        t = json_object_get(doc, "documents");
    json_int_t n = json_integer_value(t);
    json_decref(doc);
    free(body);
    return n;
}

static void has(const char *target, int with_key, int expect, const char *words, int present)
{
    char *body = get(target, with_key, expect);
    if ((strstr(body, words) != NULL) != present)
        fail_msg("%s %s: %s \"%s\": %s", with_key ? "key" : "anonymous", target,
                 present ? "lacks" : "has", words, body);
    free(body);
}

TS_TEST(test_search_and_cache)
{
    /* Asked with the key first: the anonymous answer is not the cached one. */
    assert_int_equal(total_of("/api/search?q=kalimex", 1), 1);
    assert_int_equal(total_of("/api/search?q=kalimex", 0), 0);
    assert_int_equal(total_of("/api/search?q=khoa+hoc", 1), 2);
    assert_int_equal(total_of("/api/search?q=khoa+hoc", 0), 1);
    /* And the other way round. */
    assert_int_equal(total_of("/api/search?q=kinh+phi", 0), 0);
    assert_int_equal(total_of("/api/search?q=kinh+phi", 1), 1);
    has("/api/search?q=kalimex", 1, 200, "\"access\":\"internal\"", 1);
    has("/api/search?q=kalimex", 0, 200, "i1", 0);
    has("/api/search?q=kalimax", 0, 200, "kalimex", 0); /* no did-you-mean */
    assert_int_equal(total_of("/healthz", 0), 1);
    assert_int_equal(total_of("/healthz", 1), 2);
    /* /metrics too counts what the caller sees: a scrape without a key, the public. */
    has("/metrics", 0, 200, "\ntracuu_index_documents 1\n", 1);
    has("/metrics", 1, 200, "\ntracuu_index_documents 2\n", 1);
}

TS_TEST(test_doc_suggest_pages)
{
    char *hidden = get("/api/doc/i1", 0, 404), *none = get("/api/doc/nothing", 0, 404);
    assert_string_equal(hidden, none);
    free(hidden);
    free(none);
    has("/api/doc/i1", 1, 200, "Kalimex", 1);
    has("/api/suggest?q=kali", 0, 200, "kalimex", 0);
    has("/api/suggest?q=kali", 1, 200, "kalimex", 1);
    has("/api/officials?q=", 0, 200, "i1", 0);
    has("/api/tasks?q=kalimex", 0, 200, "i1", 0);
    /* The pages: marked for staff, absent for the public. */
    has("/?q=kalimex", 1, 200, "Nội bộ", 1);
    has("/?q=khoa+hoc", 0, 200, "Nội bộ", 0);
    has("/?q=khoa+hoc", 0, 200, "Kalimex", 0);
    has("/doc/i1", 1, 200, "Nội bộ", 1);
    has("/doc/p1", 1, 200, "Nội bộ", 0);
    has("/doc/i1", 0, 404, "Kalimex", 0);
}

TS_MAIN(setup, teardown,
        cmocka_unit_test(test_search_and_cache),
        cmocka_unit_test(test_doc_suggest_pages))
