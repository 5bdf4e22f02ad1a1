/* Tests for searchd's snippets (searchd/snippet.h): which passage is chosen, what is
 * marked, and that everything from the document is HTML-escaped. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "snippet.h"
#include "support.h"

typedef struct row {
    const char *text;
    const char *terms[4]; /* folded words to highlight */
    size_t words;
    const char *expected;
} row;

static const row rows[] = {
    /* Accented words are marked for a folded query word, in their original spelling. */
    {"Sở Khoa học và Công nghệ tỉnh Quảng Nam", {"khoa", "hoc"}, 30,
     "Sở <mark>Khoa</mark> <mark>học</mark> và Công nghệ tỉnh Quảng Nam"},
    /* Old tone placement in the text still matches. */
    {"ngành thuỷ sản phát triển", {"thuy"}, 30, "ngành <mark>thuỷ</mark> sản phát triển"},
    /* Everything from the document is escaped, marks or not. */
    {"a <b>&\"x\" 'y' tôm", {"tom"}, 30, "a &lt;b&gt;&amp;&quot;x&quot; &#39;y&#39; <mark>tôm</mark>"},
    /* A compound is marked whole when its part is searched. */
    {"theo Nghị quyết 01/NQ-CP của Chính phủ", {"nq"}, 30,
     "theo Nghị quyết <mark>01/NQ-CP</mark> của Chính phủ"},
    /* The window goes to the matches, with a little context before, and says it cut. */
    {"một hai ba bốn năm sáu bảy tám chín mười tôm cá", {"tom", "ca"}, 5,
     "… tám chín mười <mark>tôm</mark> <mark>cá</mark>"},
    {"một hai tôm ba bốn năm sáu", {"tom"}, 6, "một hai <mark>tôm</mark> ba bốn năm …"},
    {"tôm một hai ba bốn năm sáu", {"tom"}, 3, "<mark>tôm</mark> một hai …"},
    /* No match: the start of the text. */
    {"không có gì khớp ở đây", {"zzz"}, 3, "không có gì …"},
    /* Line breaks become spaces. */
    {"dòng một\ndòng hai", {"hai"}, 30, "dòng một dòng <mark>hai</mark>"},
    {"", {"x"}, 30, ""},
};

TS_TEST(test_rows)
{
    tr_error err = {0};
    vn_analyzer *a = vn_analyzer_new(&err);
    assert_non_null(a);
    for (size_t i = 0; i < sizeof rows / sizeof rows[0]; i++) {
        const row *r = &rows[i];
        se_highlight hl = {.n = 0};
        for (size_t t = 0; t < 4 && r->terms[t]; t++)
            snprintf(hl.terms[hl.n++], SE_HL_LEN, "%s", r->terms[t]);
        char *out = NULL;
        assert_int_equal(se_snippet(a, r->text, strlen(r->text), &hl, r->words, &out, &err), 0);
        if (strcmp(out, r->expected) != 0)
            fail_msg("snippet of \"%s\": got \"%s\", expected \"%s\"", r->text, out, r->expected);
        free(out);
    }
    vn_analyzer_free(a);
}

/* A body far larger than what is scanned still gives a snippet, from its start. */
TS_TEST(test_huge_text)
{
    size_t n = 4 * 1024 * 1024;
    char *text = malloc(n + 1);
    for (size_t i = 0; i < n; i += 4)
        memcpy(text + i, "ab  ", 4);
    text[n] = '\0';
    vn_analyzer *a = vn_analyzer_new(NULL);
    se_highlight hl = {.n = 1};
    snprintf(hl.terms[0], SE_HL_LEN, "ab");
    char *out = NULL;
    assert_int_equal(se_snippet(a, text, n, &hl, 5, &out, NULL), 0);
    assert_string_equal(out, "<mark>ab</mark>  <mark>ab</mark>  <mark>ab</mark>  <mark>ab</mark>  "
                             "<mark>ab</mark> …");
    free(out);
    free(text);
    vn_analyzer_free(a);
}

TS_MAIN(NULL, NULL,
        cmocka_unit_test(test_rows),
        cmocka_unit_test(test_huge_text))
