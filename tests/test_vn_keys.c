/* test_vn_keys: Telex and VNI keystrokes read back into syllables (analyzers/keys.c), as
 * tables of what a person types with the input method off and the syllable meant.
 *
 * Rows are grouped by what they try: every shape key, every tone key after the vowel and
 * after the word, capitals, the ươ pair, w alone, VNI digits, prefixes still being
 * typed, and words that are keystrokes of nothing ("" expected). A failing row names its
 * input.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>

#include <stdio.h>
#include <string.h>

#include "vn_keys.h"
#include "ts_main.h"

typedef struct row {
    const char *keys;
    const char *meant; /* "": no reading */
} row;

static void check(const row *rows, size_t n, int prefix)
{
    size_t failed = 0;
    for (size_t i = 0; i < n; i++) {
        char out[4 * VN_KEYS_MAX + 1];
        size_t len = vn_keys_read(rows[i].keys, strlen(rows[i].keys), prefix, out, sizeof out);
        if (len == 0)
            out[0] = '\0';
        if (strcmp(out, rows[i].meant) != 0 || len != strlen(out)) {
            fprintf(stderr, "%s: read \"%s\", want \"%s\"\n", rows[i].keys, out, rows[i].meant);
            failed++;
        }
    }
    assert_int_equal(failed, 0);
}

#define CHECK(rows, prefix) check(rows, sizeof rows / sizeof rows[0], prefix)

TS_TEST(telex_shapes)
{
    static const row rows[] = {
        {"caan", "cân"},   {"tieen", "tiên"}, {"coong", "công"}, {"awn", "ăn"},
        {"mowi", "mơi"},   {"thuw", "thư"},   {"dduwa", "đưa"},  {"ddi", "đi"},
        {"nuwowng", "nương"}, {"nuowng", "nương"}, {"tuowng", "tương"}, {"huow", "huơ"},
        {"ddaau", "đâu"},  {"quoon", "quôn"}, {"luaan", "luân"}, {"khoer", "khỏe"},
    };
    CHECK(rows, 0);
}

TS_TEST(telex_tones)
{
    static const row rows[] = {
        /* each tone key after the word */
        {"mas", "má"}, {"maf", "mà"}, {"mar", "mả"}, {"max", "mã"}, {"maj", "mạ"},
        /* and right after its vowel */
        {"vieejt", "việt"}, {"vieetj", "việt"}, {"tieesng", "tiếng"}, {"tieengs", "tiếng"},
        {"caso", "cáo"}, {"caos", "cáo"}, {"phieesu", "phiếu"}, {"phieeus", "phiếu"},
        {"nhoasng", "nhoáng"}, {"goofm", "gồm"}, {"chowps", "chớp"}, {"rawsc", "rắc"},
        /* where the tone goes: the analyzer's one spelling */
        {"hofa", "hòa"}, {"hoaf", "hòa"}, {"thuyr", "thủy"}, {"ngoaif", "ngoài"},
        {"khuyru", "khuỷu"}, {"toans", "toán"}, {"giuwx", "giữ"}, {"quar", "quả"},
        {"gif", "gì"}, {"dduwowjc", "được"}, {"truwowfng", "trường"}, {"nuwowcs", "nước"},
        {"thuowr", "thuở"}, {"ruowju", "rượu"}, {"nguwowif", "người"},
    };
    CHECK(rows, 0);
}

TS_TEST(telex_capitals)
{
    static const row rows[] = {
        {"DDieenr", "Điển"}, {"VIEETJ", "VIỆT"}, {"Vieetj", "Việt"}, {"Bowf", "Bờ"},
        {"Nawngx", "Nẵng"},  {"DDAAU", "ĐÂU"},   {"Hofa", "Hòa"},    {"TRUWOWFNG", "TRƯỜNG"},
        {"W", "Ư"},          {"Ddi", "Đi"},
    };
    CHECK(rows, 0);
}

TS_TEST(telex_w_alone)
{
    static const row rows[] = {
        {"w", "ư"}, {"thw", "thư"}, {"tw", "tư"}, {"nhwng", "nhưng"}, {"ws", "ứ"},
        {"twf", "từ"}, {"dwj", "dự"},
    };
    CHECK(rows, 0);
}

TS_TEST(vni)
{
    static const row rows[] = {
        /* shapes in place */
        {"ca6n", "cân"}, {"tie6n", "tiên"}, {"co6ng", "công"}, {"a8n", "ăn"}, {"mo7i", "mơi"},
        {"thu7", "thư"}, {"d9i", "đi"}, {"tu7o7ng", "tương"}, {"tuo7ng", "tương"},
        /* after the final consonant */
        {"viet65", "việt"}, {"tieng61", "tiếng"},
        /* every tone, after the word and after the vowel */
        {"ma1", "má"}, {"ma2", "mà"}, {"ma3", "mả"}, {"ma4", "mã"}, {"ma5", "mạ"},
        {"vie6t5", "việt"}, {"vie65t", "việt"}, {"d9e62", "đề"}, {"d9a6u2", "đầu"},
        {"tru7o7ng3", "trưởng"}, {"ga8p5", "gặp"}, {"ra8c1", "rắc"}, {"Vinh4", "Vĩnh"},
        {"hoa2", "hòa"}, {"thuo73", "thuở"}, {"d9u7o7c5", "được"},
        /* capitals */
        {"D9ie6n3", "Điển"}, {"VIE6T5", "VIỆT"}, {"Thap1", "Tháp"},
    };
    CHECK(rows, 0);
}

TS_TEST(rejects)
{
    static const row rows[] = {
        /* Telex for nothing: no key used */
        {"tom", ""}, {"nha", ""}, {"khoa", ""}, {"nghieng", ""},
        /* keys that spell no syllable */
        {"pass", ""}, {"fax", ""}, {"class", ""}, {"THCS", ""}, {"VND", ""}, {"TPHCM", ""},
        {"Minzy", ""}, {"process", ""}, {"jazz", ""}, {"sjs", ""}, {"vungbungj", ""},
        {"maas", ""}, {"ca6", ""}, {"nuwowc", ""}, /* â and ươc need a final, ươc a tone */
        {"dd", ""}, {"mawo", ""}, {"uwowng", "ương"},
        /* not keystrokes at all */
        {"", ""}, {"việt", ""}, {"a-b", ""}, {"2023", ""}, {"1a", ""}, {"a0", ""},
        {"ce8", ""}, {"ci7", ""}, {"c9a", ""}, {"ma15", ""},
        {"abcdefghijklmnopqrstuvwxyz", ""},
    };
    CHECK(rows, 0);
}

TS_TEST(prefixes)
{
    static const row rows[] = {
        {"tieen", "tiên"}, {"nghiee", "nghiê"}, {"ddu", "đu"}, {"truwow", "trươ"},
        {"vieej", "việ"}, {"nghie6", "nghiê"}, {"d9", "đ"}, {"dd", "đ"},
        {"ca6", "câ"}, {"tieng", ""}, {"", ""}, {"ce8", ""},
    };
    CHECK(rows, 1);
}

/* A word that shows the query typed in keys, and one that a slip or English could make. */
TS_TEST(sure)
{
    static const struct {
        const char *word;
        int sure;
    } rows[] = {
        {"hoaf", 1}, {"doaj", 1}, {"vieetj", 1}, {"ddi", 1}, {"thw", 1}, {"vie6t5", 1},
        {"ma4", 1}, {"caan", 1}, {"Bowf", 1},
        {"chaos", 0}, {"bus", 0}, {"asng", 0}, {"coong", 0}, {"tom", 0}, {"jazz", 0},
        {"fax", 0}, {"THCS", 0}, {"ma15", 0}, {"of", 0}, {"A1", 0}, {"w", 0},
    };
    size_t failed = 0;
    for (size_t i = 0; i < sizeof rows / sizeof rows[0]; i++)
        if (vn_keys_sure(rows[i].word, strlen(rows[i].word)) != rows[i].sure) {
            fprintf(stderr, "%s: sure should be %d\n", rows[i].word, rows[i].sure);
            failed++;
        }
    assert_int_equal(failed, 0);
}

/* Every word of a text, the last one a prefix unless a space follows. */
TS_TEST(text)
{
    static const row rows[] = {
        {"tieengs viet", "tiếng viet"}, {"tieengs vieej", "tiếng việ"},
        {"tieengs vieej ", "tiếng vieej "}, {"\"tie6ng1 Vie6t5\" -ddi", "\"tiếng Việt\" -đi"},
        {"việt6 tieengs", "việt6 tiếng"}, {"tom and jerry", ""}, {"", ""},
    };
    size_t failed = 0;
    for (size_t i = 0; i < sizeof rows / sizeof rows[0]; i++) {
        char out[256];
        size_t len = vn_keys_text(rows[i].keys, strlen(rows[i].keys), out, sizeof out);
        if (len == 0)
            out[0] = '\0';
        if (strcmp(out, rows[i].meant) != 0) {
            fprintf(stderr, "%s: read \"%s\", want \"%s\"\n", rows[i].keys, out, rows[i].meant);
            failed++;
        }
    }
    char small[4];
    assert_int_equal(vn_keys_text("tieengs", 7, small, sizeof small), 0);
    assert_int_equal(failed, 0);
}

TS_MAIN(NULL, NULL,
        cmocka_unit_test(telex_shapes), cmocka_unit_test(telex_tones),
        cmocka_unit_test(telex_capitals), cmocka_unit_test(telex_w_alone),
        cmocka_unit_test(vni), cmocka_unit_test(rejects), cmocka_unit_test(prefixes),
        cmocka_unit_test(sure),           cmocka_unit_test(text))
