/* test_canon: the canonical syllable (analyzers/canon.c), as a table of what a file or a
 * user may type and the exact form the index keeps.
 *
 * Each row goes through the analyzer (the exact forms of its tokens, joined by a space)
 * and through vn_normalize() of the whole text: documents and queries must meet on the
 * same form. Rows are grouped by what they try: look-alike letters, leftover marks,
 * the tone on every wrong vowel of the two- and three-vowel groups, with and without
 * a final consonant, in both cases, and words that are not Vietnamese syllables and
 * must be left as they are. A failing row names its input.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "support.h"
#include "vn.h"

typedef struct row {
    const char *in;
    const char *exact;  /* the tokens' exact forms, space-separated */
    const char *folded; /* their folded forms; NULL: not checked */
} row;

typedef struct joined {
    char exact[512], folded[512];
    size_t elen, flen;
} joined;

static void append(char *buf, size_t *len, size_t cap, const char *s, size_t n)
{
    if (*len && *len + 1 < cap)
        buf[(*len)++] = ' ';
    if (*len + n < cap) {
        memcpy(buf + *len, s, n);
        *len += n;
    }
    buf[*len] = '\0';
}

static int join(void *ctx, const vn_token *t)
{
    joined *j = ctx;
    append(j->exact, &j->elen, sizeof j->exact, t->text, t->text_len);
    append(j->folded, &j->flen, sizeof j->folded, t->folded, t->folded_len);
    return 0;
}

static void check_rows(const row *rows, size_t n)
{
    tr_error err = {0};
    vn_analyzer *a = vn_analyzer_new(&err);
    assert_non_null(a);
    size_t failed = 0;
    for (size_t i = 0; i < n; i++) {
        const row *r = &rows[i];
        joined j = {0};
        char *whole = NULL;
        size_t len = strlen(r->in);
        if (vn_analyze(a, r->in, len, 0, join, &j, NULL, &err) != 0 ||
            vn_normalize(r->in, len, &whole, NULL, &err) != 0) {
            ts_row_fail(&failed, "\"%s\": failed: %s\n", r->in, err.message);
            continue;
        }
        if (strcmp(j.exact, r->exact) != 0)
            ts_row_fail(&failed, "\"%s\": tokens \"%s\", want \"%s\"\n", r->in, j.exact, r->exact);
        /* A row of one token: the whole text normalised is that token. */
        if (!strchr(r->exact, ' ') && strcmp(whole, r->exact) != 0)
            ts_row_fail(&failed, "\"%s\": vn_normalize \"%s\", want \"%s\"\n", r->in, whole,
                        r->exact);
        if (r->folded && strcmp(j.folded, r->folded) != 0)
            ts_row_fail(&failed, "\"%s\": folded \"%s\", want \"%s\"\n", r->in, j.folded,
                        r->folded);
        free(whole);
    }
    vn_analyzer_free(a);
    ts_rows_end(failed, n);
}

#define ROWS(r) (r), sizeof(r) / sizeof((r)[0])

static int first_flags(void *ctx, const vn_token *t)
{
    *(unsigned *)ctx = t->flags;
    return 1;
}

/* Letters of other scripts or code pages drawn like Vietnamese ones. */
TS_TEST(test_lookalikes)
{
    static const row rows[] = {
        {"Ðại học Quốc gia", "đại học quốc gia", "dai hoc quoc gia"}, /* U+00D0 eth */
        {"ðảm", "đảm", "dam"},                                           /* U+00F0 */
        {"ÐẢM BẢO", "đảm bảo", "dam bao"},
        {"\xC6\x89" "ồng", "đồng", "dong"}, /* U+0189, the African D */
        {"ÐHQG", "đhqg", "dhqg"},           /* an abbreviation in capitals: Ð is Đ */
        {"V\xD1\x96\xE1\xBB\x87t", "việt", "viet"},     /* Cyrillic і */
        {"n\xD0\xB0m", "nam", "nam"},                   /* Cyrillic а */
        {"c\xD0\xBEng ngh\xD0\xB5", "cong nghe", NULL}, /* Cyrillic о, е */
        {"\xD0\xA2\xD0\x9E\xC3\x80N", "toàn", "toan"}, /* Cyrillic Т О before À N */
        {"h\xCE\xBF\xC3\xA0", "hòa", "hoa"},           /* Greek ο */
        {"\xCE\x97\xCE\x9F\xC3\x80", "hòa", "hoa"},    /* Greek Η Ο */
        {"ｖｉệｔ", "việt", "viet"},                   /* full-width forms */
        {"ＶＩỆＴ ＮＡＭ", "việt nam", "viet nam"},
        {"０１/ＮＱ-ＣＰ", "01/nq-cp 01 nq cp", NULL},
        {"ＫＨ＆ＣＮ", "kh&cn kh cn", NULL},
    };
    check_rows(ROWS(rows));
}

/* Marks after a letter that already has them, and the deprecated tone marks. */
TS_TEST(test_leftover_marks)
{
    static const row rows[] = {
        {"Việ\xCC\xA3t", "việt", "viet"},  /* ệ + U+0323 again */
        {"tiế\xCC\x81ng", "tiếng", "tieng"}, /* ế + U+0301 again */
        {"mơ\xCC\x9B", "mơ", "mo"},          /* ơ + U+031B again */
        {"nă\xCC\x86m", "năm", "nam"},       /* ă + U+0306 again */
        {"ca\xCD\x81", "cá", "ca"},          /* U+0341, acute tone mark */
        {"ho\xCD\x80" "a", "hòa", "hoa"},    /* U+0340, grave tone mark */
        {"vi\xCC\x81\xC3\xAAt", "viết", "viet"}, /* a combining acute on the wrong vowel */
    };
    check_rows(ROWS(rows));
}

/* The tone typed on every vowel of a two- or three-vowel group, open and closed. */
TS_TEST(test_tone_place)
{
    static const row rows[] = {
        /* oa */
        {"hoà", "hòa", NULL},       {"hòa", "hòa", NULL},     {"hòan", "hoàn", NULL},
        {"tóan", "toán", NULL},     {"khỏang", "khoảng", NULL}, {"HOÀ", "hòa", NULL},
        {"TÓAN", "toán", NULL},     {"ngòai", "ngoài", NULL}, {"ngoaì", "ngoài", NULL},
        {"xóay", "xoáy", NULL},
        /* oe */
        {"khoẻ", "khỏe", NULL},     {"tóet", "toét", NULL},   {"nhỏen", "nhoẻn", NULL},
        {"KHOẺ", "khỏe", NULL},     {"ngỏeo", "ngoẻo", NULL},
        /* uy */
        {"thuỷ", "thủy", NULL},     {"tuỳ", "tùy", NULL},     {"hùynh", "huỳnh", NULL},
        {"húyt", "huýt", NULL},     {"khủyu", "khuỷu", NULL}, {"khuyủ", "khuỷu", NULL},
        {"THUỶ", "thủy", NULL},     {"HÙYNH", "huỳnh", NULL},
        /* uê */
        {"thúê", "thuế", NULL},     {"hụê", "huệ", NULL},     {"tùênh", "tuềnh", NULL},
        {"khúêch", "khuếch", NULL}, {"THÚÊ", "thuế", NULL},
        /* ươ */
        {"lựơng", "lượng", NULL},   {"đựơc", "được", NULL},   {"mừơi", "mười", NULL},
        {"rựơu", "rượu", NULL},     {"LỰƠNG", "lượng", NULL}, {"ĐỰƠC", "được", NULL},
        {"ngừơi", "người", NULL},   {"ngươì", "người", NULL},
        /* iê */
        {"nghịêm", "nghiệm", NULL}, {"tìên", "tiền", NULL},   {"bíêt", "biết", NULL},
        {"nhìêu", "nhiều", NULL},   {"tỉêu", "tiểu", NULL},   {"tiêủ", "tiểu", NULL},
        {"NGHỊÊM", "nghiệm", NULL},
        /* yê, uyê */
        {"ýêu", "yếu", NULL},       {"yêú", "yếu", NULL},     {"ýên", "yến", NULL},
        {"chuỵên", "chuyện", NULL}, {"trùyên", "truyền", NULL}, {"ngũyên", "nguyễn", NULL},
        {"qúyêt", "quyết", NULL},   {"CHUỴÊN", "chuyện", NULL},
        /* uô */
        {"múôn", "muốn", NULL},     {"cụôc", "cuộc", NULL},   {"úông", "uống", NULL},
        {"tủôi", "tuổi", NULL},     {"tuôỉ", "tuổi", NULL},   {"CỤÔC", "cuộc", NULL},
        /* the groups of the issue, and gi, qu */
        {"baỏ", "bảo", NULL},       {"đaị", "đại", NULL},     {"BAỎ", "bảo", NULL},
        {"gíup", "giúp", NULL},     {"qủa", "quả", NULL},     {"gịưa", "giựa", NULL},
    };
    check_rows(ROWS(rows));
}

/* Already canonical, or not Vietnamese: as it was (case folded). */
TS_TEST(test_left_alone)
{
    static const row rows[] = {
        {"quý", "quý", NULL},       {"quyết", "quyết", NULL}, {"hoàn", "hoàn", NULL},
        {"khuya", "khuya", NULL},   {"giữ", "giữ", NULL},     {"gì", "gì", NULL},
        {"koala", "koala", NULL},   {"café", "café", "cafe"},
        {"Guðrún", "guðrún", NULL}, /* a name with an eth */
        {"Micros\xD0\xBE" "ft", "micros\xD0\xBE" "ft", NULL}, /* not a syllable */
        {"\xD0\xBD\xD0\xB0", "\xD0\xBD\xD0\xB0", NULL},       /* Russian "на", not "ha" */
        {"á\xCC\x80", "á\xCC\x80", NULL}, /* two tones: no telling which was meant */
        {"Ελλάδα", "ελλάδα", NULL},
        {"cụcthuỷ", "cụcthủy", NULL}, /* glued words: the old-style end, as ever */
        {"xemhoà", "xemhòa", NULL},
        {"kuoà", "kuoà", NULL},       /* a vowel before the pair: not guessed */
    };
    check_rows(ROWS(rows));
}

/* VN_MISPLACED_TONE: a tone typed where no spelling puts it, not the old style. */
TS_TEST(test_misplaced_flag)
{
    static const struct {
        const char *in;
        int misplaced;
    } rows[] = {
        {"lựơng", 1}, {"baỏ", 1}, {"phaí", 1}, {"khủyu", 1}, {"qúa", 1},  {"hoà", 0},
        {"thuỷ", 0},  {"hòa", 0}, {"Ðại", 0},  {"hoàn", 0},  {"lượng", 0}, {"hòan", 1},
    };
    tr_error err = {0};
    vn_analyzer *a = vn_analyzer_new(&err);
    assert_non_null(a);
    size_t failed = 0, n = sizeof rows / sizeof rows[0];
    for (size_t i = 0; i < n; i++) {
        unsigned flags = 0;
        assert_int_equal(vn_analyze(a, rows[i].in, strlen(rows[i].in), 0, first_flags, &flags,
                                    NULL, &err), 1); /* stopped at the first */
        if (((flags & VN_MISPLACED_TONE) != 0) != rows[i].misplaced)
            ts_row_fail(&failed, "\"%s\": misplaced %d, want %d\n", rows[i].in,
                        (flags & VN_MISPLACED_TONE) != 0, rows[i].misplaced);
    }
    vn_analyzer_free(a);
    ts_rows_end(failed, n);
}

TS_MAIN(NULL, NULL,
        cmocka_unit_test(test_lookalikes),
        cmocka_unit_test(test_leftover_marks),
        cmocka_unit_test(test_tone_place),
        cmocka_unit_test(test_left_alone),
        cmocka_unit_test(test_misplaced_flag))
