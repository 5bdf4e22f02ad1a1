/* Tests of vn_legacy (TCVN3, VNI-Windows and VIQR read as Unicode): every letter of
 * each encoding, sentences converted and detected in each form (bytes, and the
 * mojibake Windows-1252 makes of the bytes), the texts that must never be
 * detected, the analyzer seeing the same tokens, and the indexer converting text
 * files and JSON Lines records, found or forced with --encoding.
 *
 * The legacy forms are made here, by an encoder of the test's own from the
 * published tables written out below, not by the module under test. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include <cmocka.h>
#include <jansson.h>

#include "indexer.h"
#include "support.h"
#include "vn.h"
#include "vn_legacy.h"
#include "vn_terms.h"
#include "xc.h"

/* ---- the published tables ---- */

/* A vowel with its shape, in the six tones: level, sắc, huyền, hỏi, ngã, nặng. */
typedef struct letter_row {
    const char *uni[6];
    unsigned char tcvn3[6]; /* TCVN 5712:1993 VN3; 0: no byte for this letter */
    const char *vni[6];     /* VNI-Windows */
    const char *viqr;       /* RFC 1456: the vowel and its shape; the tone follows */
} letter_row;

static const letter_row rows[] = {
    {{"a", "á", "à", "ả", "ã", "ạ"}, {'a', 0xB8, 0xB5, 0xB6, 0xB7, 0xB9},
     {"a", "a\xf9", "a\xf8", "a\xfb", "a\xf5", "a\xef"}, "a"},
    {{"ă", "ắ", "ằ", "ẳ", "ẵ", "ặ"}, {0xA8, 0xBE, 0xBB, 0xBC, 0xBD, 0xC6},
     {"a\xea", "a\xe9", "a\xe8", "a\xfa", "a\xfc", "a\xeb"}, "a("},
    {{"â", "ấ", "ầ", "ẩ", "ẫ", "ậ"}, {0xA9, 0xCA, 0xC7, 0xC8, 0xC9, 0xCB},
     {"a\xe2", "a\xe1", "a\xe0", "a\xe5", "a\xe3", "a\xe4"}, "a^"},
    {{"e", "é", "è", "ẻ", "ẽ", "ẹ"}, {'e', 0xD0, 0xCC, 0xCE, 0xCF, 0xD1},
     {"e", "e\xf9", "e\xf8", "e\xfb", "e\xf5", "e\xef"}, "e"},
    {{"ê", "ế", "ề", "ể", "ễ", "ệ"}, {0xAA, 0xD5, 0xD2, 0xD3, 0xD4, 0xD6},
     {"e\xe2", "e\xe1", "e\xe0", "e\xe5", "e\xe3", "e\xe4"}, "e^"},
    {{"i", "í", "ì", "ỉ", "ĩ", "ị"}, {'i', 0xDD, 0xD7, 0xD8, 0xDC, 0xDE},
     {"i", "\xed", "\xec", "\xe6", "\xf3", "\xf2"}, "i"},
    {{"o", "ó", "ò", "ỏ", "õ", "ọ"}, {'o', 0xE3, 0xDF, 0xE1, 0xE2, 0xE4},
     {"o", "o\xf9", "o\xf8", "o\xfb", "o\xf5", "o\xef"}, "o"},
    {{"ô", "ố", "ồ", "ổ", "ỗ", "ộ"}, {0xAB, 0xE8, 0xE5, 0xE6, 0xE7, 0xE9},
     {"o\xe2", "o\xe1", "o\xe0", "o\xe5", "o\xe3", "o\xe4"}, "o^"},
    {{"ơ", "ớ", "ờ", "ở", "ỡ", "ợ"}, {0xAC, 0xED, 0xEA, 0xEB, 0xEC, 0xEE},
     {"\xf4", "\xf4\xf9", "\xf4\xf8", "\xf4\xfb", "\xf4\xf5", "\xf4\xef"}, "o+"},
    {{"u", "ú", "ù", "ủ", "ũ", "ụ"}, {'u', 0xF3, 0xEF, 0xF1, 0xF2, 0xF4},
     {"u", "u\xf9", "u\xf8", "u\xfb", "u\xf5", "u\xef"}, "u"},
    {{"ư", "ứ", "ừ", "ử", "ữ", "ự"}, {0xAD, 0xF8, 0xF5, 0xF6, 0xF7, 0xF9},
     {"\xf6", "\xf6\xf9", "\xf6\xf8", "\xf6\xfb", "\xf6\xf5", "\xf6\xef"}, "u+"},
    {{"y", "ý", "ỳ", "ỷ", "ỹ", "ỵ"}, {'y', 0xFD, 0xFA, 0xFB, 0xFC, 0xFE},
     {"y", "y\xf9", "y\xf8", "y\xfb", "y\xf5", "\xee"}, "y"},
    /* Upper case. VN3 has Ă Â Ê Ô Ơ Ư Đ; the others it has are VN1's in its gaps. */
    {{"A", "Á", "À", "Ả", "Ã", "Ạ"}, {'A', 0, 0, 0, 0, 0},
     {"A", "A\xd9", "A\xd8", "A\xdb", "A\xd5", "A\xcf"}, "A"},
    {{"Ă", "Ắ", "Ằ", "Ẳ", "Ẵ", "Ặ"}, {0xA1, 0xC0, 0xAF, 0xBA, 0xBF, 0},
     {"A\xca", "A\xc9", "A\xc8", "A\xda", "A\xdc", "A\xcb"}, "A("},
    {{"Â", "Ấ", "Ầ", "Ẩ", "Ẫ", "Ậ"}, {0xA2, 0xC4, 0xC1, 0xC2, 0xC3, 0},
     {"A\xc2", "A\xc1", "A\xc0", "A\xc5", "A\xc3", "A\xc4"}, "A^"},
    {{"E", "É", "È", "Ẻ", "Ẽ", "Ẹ"}, {'E', 0, 0, 0, 0, 0},
     {"E", "E\xd9", "E\xd8", "E\xdb", "E\xd5", "E\xcf"}, "E"},
    {{"Ê", "Ế", "Ề", "Ể", "Ễ", "Ệ"}, {0xA3, 0xDA, 0xC5, 0xCD, 0xD9, 0},
     {"E\xc2", "E\xc1", "E\xc0", "E\xc5", "E\xc3", "E\xc4"}, "E^"},
    {{"I", "Í", "Ì", "Ỉ", "Ĩ", "Ị"}, {'I', 0, 0, 0, 0, 0},
     {"I", "\xcd", "\xcc", "\xc6", "\xd3", "\xd2"}, "I"},
    {{"O", "Ó", "Ò", "Ỏ", "Õ", "Ọ"}, {'O', 0, 0, 0, 0, 0},
     {"O", "O\xd9", "O\xd8", "O\xdb", "O\xd5", "O\xcf"}, "O"},
    {{"Ô", "Ố", "Ồ", "Ổ", "Ỗ", "Ộ"}, {0xA4, 0xFF, 0xDB, 0xE0, 0xF0, 0},
     {"O\xc2", "O\xc1", "O\xc0", "O\xc5", "O\xc3", "O\xc4"}, "O^"},
    {{"Ơ", "Ớ", "Ờ", "Ở", "Ỡ", "Ợ"}, {0xA5, 0, 0, 0, 0, 0},
     {"\xd4", "\xd4\xd9", "\xd4\xd8", "\xd4\xdb", "\xd4\xd5", "\xd4\xcf"}, "O+"},
    {{"U", "Ú", "Ù", "Ủ", "Ũ", "Ụ"}, {'U', 0, 0, 0, 0, 0},
     {"U", "U\xd9", "U\xd8", "U\xdb", "U\xd5", "U\xcf"}, "U"},
    {{"Ư", "Ứ", "Ừ", "Ử", "Ữ", "Ự"}, {0xA6, 0, 0, 0, 0, 0},
     {"\xd6", "\xd6\xd9", "\xd6\xd8", "\xd6\xdb", "\xd6\xd5", "\xd6\xcf"}, "U+"},
    {{"Y", "Ý", "Ỳ", "Ỷ", "Ỹ", "Ỵ"}, {'Y', 0, 0, 0, 0, 0},
     {"Y", "Y\xd9", "Y\xd8", "Y\xdb", "Y\xd5", "\xce"}, "Y"},
    /* đ and Đ take no tone */
    {{"đ", "", "", "", "", ""}, {0xAE}, {"\xf1"}, "dd"},
    {{"Đ", "", "", "", "", ""}, {0xA7}, {"\xd1"}, "DD"},
};
#define NROWS (sizeof rows / sizeof rows[0])

static const char viqr_tones[] = "\0'`?~.";

/* The legacy form of one letter at `p`; *used gets its UTF-8 length. NULL when p
 * is not a letter with marks; "" when the encoding has no form for it. */
static const char *letter_form(const char *p, vn_encoding enc, size_t *used)
{
    static char buf[8];
    for (size_t r = 0; r < NROWS; r++)
        for (int t = 0; t < 6; t++) {
            const char *u = rows[r].uni[t];
            size_t n = strlen(u);
            if (n < 2 || strncmp(p, u, n) != 0)
                continue;
            *used = n;
            if (enc == VN_ENC_VNI)
                return rows[r].vni[t];
            if (enc == VN_ENC_TCVN3) {
                buf[0] = (char)rows[r].tcvn3[t];
                buf[1] = '\0';
                return buf;
            }
            snprintf(buf, sizeof buf, "%s%c", rows[r].viqr, viqr_tones[t]);
            return buf;
        }
    return NULL;
}

/* Encodes NFC UTF-8 text (ASCII and Vietnamese letters); NULL when a letter has no
 * form in the encoding. VIQR escapes a mnemonic after a letter, as RFC 1456 asks.
 * malloc()ed. */
static char *encode(const char *text, vn_encoding enc)
{
    size_t cap = strlen(text) * 3 + 1, o = 0;
    char *out = malloc(cap);
    int after_letter = 0;
    for (const char *p = text; *p;) {
        size_t used;
        const char *form = letter_form(p, enc, &used);
        if (form && !*form) {
            free(out);
            return NULL;
        }
        if (form) {
            memcpy(out + o, form, strlen(form));
            o += strlen(form);
            p += used;
            after_letter = 1;
            continue;
        }
        assert_true((unsigned char)*p < 0x80);
        if (enc == VN_ENC_VIQR && ((after_letter && strchr("(^+'`?~.", *p)) || *p == '\\'))
            out[o++] = '\\';
        after_letter = (*p | 0x20) >= 'a' && (*p | 0x20) <= 'z';
        out[o++] = *p++;
    }
    out[o] = '\0';
    return out;
}

/* Text in legacy bytes as a tool reading them as Latin-1 saves them: UTF-8 of each
 * byte (the letters' bytes are all 0xA0 or more, where Windows-1252 is Latin-1). */
static char *moji(vn_encoding enc, const char *text)
{
    char *bytes = encode(text, enc), *out = malloc(strlen(bytes) * 2 + 1), *o = out;
    for (const unsigned char *p = (const unsigned char *)bytes; *p; p++) {
        if (*p < 0x80) {
            *o++ = (char)*p;
        } else {
            *o++ = (char)(0xC0 | (*p >> 6));
            *o++ = (char)(0x80 | (*p & 0x3F));
        }
    }
    *o = '\0';
    free(bytes);
    return out;
}

static void assert_converts(vn_encoding enc, unsigned flags, const char *in, const char *want)
{
    char *got;
    size_t len;
    assert_int_equal(vn_legacy_convert(enc, flags, in, strlen(in), &got, &len, NULL), 0);
    assert_int_equal(strlen(got), len);
    if (strcmp(got, want) != 0)
        fail_msg("%s%s: \"%s\" gave \"%s\", want \"%s\"", vn_legacy_name(enc),
                 flags ? " mojibake" : "", in, got, want);
    free(got);
}

static void expect_detect(const char *text, size_t len, vn_encoding want, unsigned want_flags,
                          const char *what)
{
    unsigned flags = 99;
    vn_encoding got = vn_legacy_detect(text, len, &flags);
    if (got != want || flags != want_flags)
        fail_msg("%s: detected %s%s, want %s%s", what, vn_legacy_name(got),
                 flags ? " mojibake" : "", vn_legacy_name(want), want_flags ? " mojibake" : "");
}

/* `e`, `text` in `enc`, converts back to `text`, and so does the mojibake of it (but
 * VIQR's, which is ASCII); with `what` (not NULL), both are detected as what they are
 * and a failure is named by it. */
static void assert_round_trip(vn_encoding enc, const char *e, const char *text,
                              const char *what)
{
    assert_converts(enc, 0, e, text);
    if (what)
        expect_detect(e, strlen(e), enc, 0, what);
    if (enc == VN_ENC_VIQR)
        return;
    char *m = moji(enc, text);
    assert_converts(enc, VN_LEGACY_MOJIBAKE, m, text);
    if (what)
        expect_detect(m, strlen(m), enc, VN_LEGACY_MOJIBAKE, what);
    free(m);
}

/* ---- letters ---- */

TS_TEST(test_letters)
{
    int tcvn3 = 0, all = 0;
    char want[32];
    for (size_t r = 0; r < NROWS; r++)
        for (int t = 0; t < 6; t++) {
            const char *u = rows[r].uni[t];
            if (strlen(u) < 2)
                continue;
            all++;
            /* Before a vowel, so that VIQR's . and ? are not taken for stops and
             * dd is đ. */
            snprintf(want, sizeof want, "%sa", u);
            for (vn_encoding enc = VN_ENC_TCVN3; enc <= VN_ENC_VIQR; enc++) {
                char *e = encode(want, enc);
                if (!e)
                    continue;
                tcvn3 += enc == VN_ENC_TCVN3;
                assert_round_trip(enc, e, want, NULL);
                free(e);
            }
        }
    assert_int_equal(all, 134);
    assert_int_equal(tcvn3, 67 + 23);
}

/* ---- sentences ---- */

/* Every tone, every vowel shape, đ and Đ, upper case; all but the last in TCVN3. */
static const char *const sentences[] = {
    "Việt Nam là một quốc gia nằm ở phía đông bán đảo Đông Dương.",
    "Hà Nội là thủ đô, còn Thành phố Hồ Chí Minh là trung tâm kinh tế lớn nhất.",
    "Người dân ở đồng bằng sông Cửu Long trồng lúa, nuôi tôm và đánh bắt cá.",
    "Chúng tôi đã học tiếng Việt được ba năm nhưng vẫn còn nhiều điều mới mẻ.",
    "Quyển sách này kể chuyện một cậu bé nghèo khéo léo vượt qua mọi khó khăn.",
    "Mưa rơi trên mái nhà, gió thổi qua rặng tre xanh ngắt, lũ trẻ ngủ say.",
    "Ông bà ấy sống ở quê, hằng ngày ra vườn tưới cây, nhổ cỏ và hái rau.",
    "Bộ Giáo dục và Đào tạo vừa ban hành quy định mới về kỳ thi tốt nghiệp.",
    "ĐẤT ĐỒNG BẰNG ẨM, NÊN TRỒNG CÂY LẤY GỖ",
    "HỘI NGHỊ TOÀN QUỐC VỀ PHÁT TRIỂN KINH TẾ XÃ HỘI Ở VÙNG ĐỒNG BẰNG SÔNG CỬU LONG",
};
#define NSENT (sizeof sentences / sizeof sentences[0])

/* Tokens as a string, to compare what the analyzer makes of two texts. */
static int collect(void *ctx, const vn_token *tok)
{
    FILE *fp = ctx;
    fprintf(fp, "%d %u %.*s %.*s|", tok->kind, tok->pos, (int)tok->text_len, tok->text,
            (int)tok->folded_len, tok->folded);
    return 0;
}

static char *tokens(vn_analyzer *a, const char *text)
{
    char *buf;
    size_t len;
    FILE *fp = open_memstream(&buf, &len);
    assert_int_equal(vn_analyze(a, text, strlen(text), 0, collect, fp, NULL, NULL), 0);
    fclose(fp);
    return buf;
}

/* Each sentence in each encoding converts back exactly, is detected, and gives the
 * analyzer the same tokens. */
TS_TEST(test_sentences)
{
    vn_analyzer *a = vn_analyzer_new(NULL);
    assert_non_null(a);
    for (size_t i = 0; i < NSENT; i++) {
        const char *s = sentences[i];
        char *want = tokens(a, s);
        for (vn_encoding enc = VN_ENC_TCVN3; enc <= VN_ENC_VIQR; enc++) {
            char *e = encode(s, enc);
            if (!e) {
                assert_true(enc == VN_ENC_TCVN3 && i == NSENT - 1);
                continue;
            }
            char what[128];
            snprintf(what, sizeof what, "sentence %zu in %s", i + 1, vn_legacy_name(enc));
            assert_round_trip(enc, e, s, what);
            /* What the indexer calls, detecting and converting in one. */
            char *out;
            vn_encoding from;
            assert_int_equal(vn_legacy_decode(VN_ENC_AUTO, e, strlen(e), &out, NULL, &from,
                                              NULL, NULL), 0);
            assert_int_equal(from, enc);
            assert_string_equal(out, s);
            char *got = tokens(a, out);
            assert_string_equal(got, want);
            free(got);
            free(out);
            free(e);
        }
        free(want);
    }
    vn_analyzer_free(a);
}

/* VIQR as people type it, without the escapes RFC 1456 asks for. */
TS_TEST(test_viqr_punctuation)
{
    static const char *const cases[][2] = {
        {"To^i bi. o^'m. Me. to^i ve^`.", "Tôi bị ốm. Mẹ tôi về."},
        {"Anh ddi dda^u? To^i o+? nha`.", "Anh đi đâu? Tôi ở nhà."},
        {"Chi. ddi.\nEm ddi dda^u?", "Chị đi.\nEm đi đâu?"},
        {"dde^?, ddi (ho.c), ddi...", "để, đi (học), đi..."},
        {"Ca'i \\. va` a\\' va` \\\\", "Cái . và a' và \\"},
        {"add DD/MM/YYYY, ddo^ la", "add DD/MM/YYYY, đô la"},
        {"Ho+`i hoa` ngu+o+`i nu+o+'c", "Hời hoà người nước"},
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++)
        assert_converts(VN_ENC_VIQR, 0, cases[i][0], cases[i][1]);
}

/* ---- false positives ---- */

TS_TEST(test_not_legacy)
{
    static const char *const texts[] = {
        "",
        "The quick brown fox jumps over the lazy dog. I'm sure it's fine, isn't it? "
        "Let's go? So... e.g. a^2 + b^2 = c^2, x(y+z), and C++ code: i++; "
        "Was it Mr. Smith's idea? You'd add DD/MM dates, too.",
        "Viet Nam la mot quoc gia nam o phia dong ban dao Dong Duong. Ha Noi la thu do, "
        "con Thanh pho Ho Chi Minh la trung tam kinh te lon nhat.",
        "Le café est très bon, on y va à pied. Une idée naïve, déjà vue.",
        "Ele é professor e é muito bom. Não sei.",
        "Cá và tôi có mèo.", /* Unicode that only uses Latin-1 letters */
        "Vie^.t Nam",        /* VIQR, but too short to be sure */
        "Vi\xc3\x96t Nam",   /* TCVN3 mojibake ("ViÖt Nam"), likewise */
        "T\xc3\xa2i-o\xc3\xa2n Chile", /* reads as TCVN3 mojibake "Tõi-oõn" */
        "\xef\xbb\xbf" "Báo cáo “quý một”: doanh thu tăng mạnh.",
        /* NFD */
        "Ngu\xcc\x9bo\xcc\x9b\xcc\x80i da\xcc\x82n o\xcc\x9b\xcc\x89 \xc4\x91o\xcc\x82\xcc\x80ng "
        "ba\xcc\x86\xcc\x80ng so\xcc\x82ng Cu\xcc\x9b\xcc\x89u Long tro\xcc\x82\xcc\x80ng lu\xcc\x81"
        "a, nuo\xcc\x82i to\xcc\x82m va\xcc\x80 \xc4\x91" "a\xcc\x81nh ba\xcc\x86\xcc\x81t ca\xcc\x81.",
    };
    for (size_t i = 0; i < sizeof texts / sizeof texts[0]; i++)
        expect_detect(texts[i], strlen(texts[i]), VN_ENC_UTF8, 0, texts[i]);

    char all[2048] = "";
    for (size_t i = 0; i < NSENT; i++)
        snprintf(all + strlen(all), sizeof all - strlen(all), "%s\n", sentences[i]);
    expect_detect(all, strlen(all), VN_ENC_UTF8, 0, "Vietnamese");

    /* Latin-1 bytes (not UTF-8) with a few accented letters; Portuguese ones make
     * Vietnamese syllables in VNI ("é", "não", "sĩ"), as they do in Latin-1. */
    static const char *const latin1[] = {
        "Le caf\xe9 est tr\xe8s bon, on y va \xe0 pied. Na\xefve id\xe9" "e, d\xe9j\xe0 vue.",
        "Ele \xe9 professor e \xe9 muito bom. N\xe3o sei. \xc9 s\xf3 isso."};
    for (size_t i = 0; i < 2; i++)
        expect_detect(latin1[i], strlen(latin1[i]), VN_ENC_UTF8, 0, "Latin-1 bytes");

    /* Random bytes, with and without NUL. */
    char bin[4096];
    uint32_t x = 2463534242u;
    for (int pass = 0; pass < 2; pass++) {
        for (size_t i = 0; i < sizeof bin; i++) {
            x ^= x << 13, x ^= x >> 17, x ^= x << 5;
            bin[i] = (char)(pass ? (x % 255) + 1 : x);
        }
        expect_detect(bin, sizeof bin, VN_ENC_UTF8, 0, "random bytes");
    }

    /* A field too short to decide on its own still fits the record's encoding. */
    assert_true(vn_legacy_fits(VN_ENC_VIQR, 0, "Vie^.t Nam", 10));
    assert_false(vn_legacy_fits(VN_ENC_VIQR, 0, "Việt Nam", strlen("Việt Nam")));
    assert_false(vn_legacy_fits(VN_ENC_TCVN3, VN_LEGACY_MOJIBAKE, "Cá và tôi",
                                strlen("Cá và tôi")));
    assert_true(vn_legacy_fits(VN_ENC_TCVN3, VN_LEGACY_MOJIBAKE, "Vi\xc3\x96t Nam", 9));
}

TS_TEST(test_names)
{
    static const struct {
        const char *name;
        vn_encoding enc;
    } ok[] = {{"auto", VN_ENC_AUTO}, {"UTF8", VN_ENC_UTF8}, {"ABC", VN_ENC_TCVN3},
              {"VNI-Windows", VN_ENC_VNI}, {"viqr", VN_ENC_VIQR}};
    for (size_t i = 0; i < sizeof ok / sizeof ok[0]; i++) {
        vn_encoding e = VN_ENC_AUTO + 1;
        assert_int_equal(vn_legacy_parse(ok[i].name, &e, NULL), 0);
        assert_int_equal(e, ok[i].enc);
    }
    tr_error err = {0};
    vn_encoding e = VN_ENC_VNI;
    assert_int_equal(vn_legacy_parse("latin-1", &e, &err), TR_EINVAL);
    assert_int_equal(e, VN_ENC_VNI);
    assert_non_null(strstr(err.message, "tcvn3"));
    assert_string_equal(vn_legacy_name(VN_ENC_TCVN3), "tcvn3");
    assert_null(vn_legacy_name(VN_ENC_AUTO + 1));
    char *out = (char *)1;
    assert_int_equal(vn_legacy_convert(VN_ENC_AUTO, 0, "x", 1, &out, NULL, NULL), TR_EINVAL);
    assert_null(out);
    /* UTF-8 is only normalised; invalid UTF-8 read as such is replaced. */
    assert_converts(VN_ENC_UTF8, 0, "Vie\xcc\x82\xcc\xa3t \xff", "Việt \xef\xbf\xbd");
}

/* A long text goes through in chunks; letters on either side of every cut stay. */
TS_TEST(test_long)
{
    size_t n = 0, cap = 200000;
    char *text = malloc(cap);
    for (size_t i = 0; n + 200 < cap; i++)
        n += (size_t)snprintf(text + n, cap - n, "%s%s", sentences[i % (NSENT - 1)],
                              i % 7 ? " " : "\n");
    for (vn_encoding enc = VN_ENC_TCVN3; enc <= VN_ENC_VIQR; enc++) {
        char *e = encode(text, enc);
        assert_converts(enc, 0, e, text);
        expect_detect(e, strlen(e), enc, 0, "long text");
        free(e);
    }
    free(text);
}

/* ---- the indexer ---- */


static void write_owned(const char *name, char *text)
{
    ts_write_file(ts_tmp_path(name), text, strlen(text));
    free(text);
}

/* Indexes `paths` (NULL-terminated) into the database `db` under ts_tmp_dir(). */
static int index_paths(const char *db, const char **paths, vn_encoding enc, ix_stats *st,
                       char **log)
{
    size_t len;
    FILE *fp = open_memstream(log, &len);
    ix_options opt;
    ix_options_init(&opt);
    opt.db = ts_tmp_path(db);
    opt.log = fp;
    opt.progress = 0;
    opt.encoding = enc;
    for (opt.paths = paths; paths[opt.n_paths];)
        opt.n_paths++;
    int rc = ix_run(&opt, st, NULL);
    fclose(fp);
    return rc;
}

static uint64_t termfreq(const char *db, const char *prefix, const char *term)
{
    char buf[256];
    snprintf(buf, sizeof buf, "%s%s", prefix, term);
    return ts_termfreq(ts_tmp_path(db), buf);
}

static void assert_log(const char *log, const char *want, int present)
{
    if ((strstr(log, want) != NULL) != present)
        fail_msg("log %s \"%s\":\n%s", present ? "lacks" : "has", want, log);
}

/* Appends a record, as jansson writes it (VIQR's backslashes escaped). */
static void add_record(FILE *fp, const char *id, char *title, char *body)
{
    json_t *j = json_pack("{s:s, s:s, s:s}", "id", id, "title", title, "body", body);
    char *s = json_dumps(j, JSON_COMPACT);
    fprintf(fp, "%s\n", s);
    free(s);
    json_decref(j);
    free(title);
    free(body);
}

/* The same text as a Unicode, a TCVN3, a VNI and a VIQR file, and as JSON Lines
 * records in mojibake, VIQR and Unicode: eight documents with the same terms. */
TS_TEST(test_index_detected)
{
    const char *title = sentences[0];
    char body[2048] = "", text[4096];
    for (size_t i = 1; i < NSENT - 2; i++)
        snprintf(body + strlen(body), sizeof body - strlen(body), "%s%s", i > 1 ? " " : "",
                 sentences[i]);
    snprintf(text, sizeof text, "%s\n%s\n", title, body);
    assert_int_equal(mkdir(ts_tmp_path("in"), 0700), 0);
    write_owned("in/unicode.txt", strdup(text));
    write_owned("in/tcvn3.txt", encode(text, VN_ENC_TCVN3));
    write_owned("in/vni.txt", encode(text, VN_ENC_VNI));
    write_owned("in/viqr.txt", encode(text, VN_ENC_VIQR));
    FILE *fp = fopen(ts_tmp_path("in/records.jsonl"), "w");
    add_record(fp, "moji-tcvn3", moji(VN_ENC_TCVN3, title), moji(VN_ENC_TCVN3, body));
    add_record(fp, "moji-vni", moji(VN_ENC_VNI, title), moji(VN_ENC_VNI, body));
    add_record(fp, "viqr", encode(title, VN_ENC_VIQR), encode(body, VN_ENC_VIQR));
    add_record(fp, "unicode", strdup(title), strdup(body));
    fclose(fp);

    const char *paths[] = {ts_tmp_path("in"), NULL};
    ix_stats st;
    char *log;
    assert_int_equal(index_paths("db", paths, VN_ENC_AUTO, &st, &log), 0);
    assert_int_equal(st.indexed, 8);
    assert_int_equal(st.skipped, 0);
    assert_int_equal(st.converted, 6);
    assert_log(log, "records.jsonl: converted to Unicode: 1 from tcvn3 (Windows-1252 "
                    "mojibake), 1 from vni (Windows-1252 mojibake), 1 from viqr\n", 1);
    assert_log(log, "tcvn3.txt: converted to Unicode: 1 from tcvn3\n", 1);
    assert_log(log, "vni.txt: converted to Unicode: 1 from vni\n", 1);
    assert_log(log, "viqr.txt: converted to Unicode: 1 from viqr\n", 1);
    assert_log(log, "unicode.txt", 0);
    assert_log(log, "; 6 converted; index has 8 documents", 1);
    free(log);

    static const struct {
        const char *prefix, *term;
    } terms[] = {
        {VN_P_TITLE, "viet"},   {VN_P_TITLE_EXACT, "việt"}, {VN_P_TITLE_EXACT, "đông"},
        {VN_P_BODY, "nguoi"},   {VN_P_BODY_EXACT, "người"}, {VN_P_BODY_BI, "dong bang"},
        {VN_P_BODY_EXACT, "nghiệp"}, {VN_P_BODY_EXACT, "rặng"}, {VN_P_BODY_BI_EXACT, "đồng bằng"},
    };
    for (size_t i = 0; i < sizeof terms / sizeof terms[0]; i++) {
        uint64_t f = termfreq("db", terms[i].prefix, terms[i].term);
        if (f != 8)
            fail_msg("term \"%s%s\": %llu documents, want 8", terms[i].prefix, terms[i].term,
                     (unsigned long long)f);
    }
    assert_int_equal(termfreq("db", VN_P_BODY, "vie"), 0);
}

TS_TEST(test_index_forced)
{
    write_owned("viqr.txt", strdup("Vie^.t\nNam va Lao.\n"));
    write_owned("tcvn3.txt", strdup("H\xb5\nNam.\n"));
    write_owned("viqr.jsonl", strdup("{\"id\":\"j\",\"title\":\"Vie^.t\",\"body\":\"Nam\"}\n"));
    write_owned("moji.jsonl", strdup("{\"id\":\"m\",\"title\":\"H\xc2\xb5\",\"body\":\"Nam\"}\n"));
    ix_stats st;
    char *log;

    /* Too little to detect: VIQR stays ASCII, TCVN3 fails the UTF-8 check. */
    const char *all[] = {ts_tmp_path("viqr.txt"), ts_tmp_path("tcvn3.txt"), ts_tmp_path("viqr.jsonl"), NULL};
    assert_int_equal(index_paths("auto", all, VN_ENC_AUTO, &st, &log), 0);
    assert_int_equal(st.indexed, 2);
    assert_int_equal(st.converted, 0);
    assert_log(log, "tcvn3.txt: skipped: invalid UTF-8", 1);
    free(log);
    assert_int_equal(termfreq("auto", VN_P_TITLE_EXACT, "việt"), 0);

    const char *viqr[] = {ts_tmp_path("viqr.txt"), ts_tmp_path("viqr.jsonl"), NULL};
    assert_int_equal(index_paths("viqr", viqr, VN_ENC_VIQR, &st, &log), 0);
    assert_int_equal(st.converted, 2);
    free(log);
    assert_int_equal(termfreq("viqr", VN_P_TITLE_EXACT, "việt"), 2);

    const char *tcvn3[] = {ts_tmp_path("tcvn3.txt"), ts_tmp_path("moji.jsonl"), NULL};
    assert_int_equal(index_paths("tcvn3", tcvn3, VN_ENC_TCVN3, &st, &log), 0);
    assert_int_equal(st.converted, 2);
    assert_log(log, "moji.jsonl: converted to Unicode: 1 from tcvn3 (Windows-1252 mojibake)", 1);
    free(log);
    assert_int_equal(termfreq("tcvn3", VN_P_TITLE_EXACT, "hà"), 2);

    /* utf-8 turns detection off. */
    write_owned("long.txt", encode(sentences[1], VN_ENC_TCVN3));
    const char *lng[] = {ts_tmp_path("long.txt"), NULL};
    assert_int_equal(index_paths("utf8", lng, VN_ENC_UTF8, &st, &log), 0);
    assert_log(log, "long.txt: skipped: invalid UTF-8", 1);
    free(log);

    /* The command. */
    char *const bad[] = {(char *)ts_program("indexer/tracuu-index"), "--db", (char *)ts_tmp_path("c"),
                         "--encoding", "latin-1", NULL};
    assert_int_equal(ts_run(bad, &log), 2);
    assert_log(log, "--encoding: unknown encoding", 1);
    free(log);
    char *const good[] = {(char *)ts_program("indexer/tracuu-index"), "--db", (char *)ts_tmp_path("c"),
                          "--quiet", "--encoding", "TCVN3", (char *)ts_tmp_path("tcvn3.txt"), NULL};
    assert_int_equal(ts_run(good, &log), 0);
    assert_log(log, "tcvn3.txt: converted to Unicode: 1 from tcvn3\n", 1);
    assert_log(log, "; 1 converted; index has 1 documents", 1);
    free(log);
}

TS_MAIN(NULL, NULL,
        cmocka_unit_test(test_letters),
        cmocka_unit_test(test_sentences),
        cmocka_unit_test(test_viqr_punctuation),
        cmocka_unit_test(test_not_legacy),
        cmocka_unit_test(test_names),
        cmocka_unit_test(test_long),
        cmocka_unit_test_setup_teardown(test_index_detected, ts_tmp_setup, ts_tmp_teardown),
        cmocka_unit_test_setup_teardown(test_index_forced, ts_tmp_setup, ts_tmp_teardown))
