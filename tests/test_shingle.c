/* test_shingle: units, shingles and MinHash signatures (analyzers/shingle.h).
 *
 * The rows say which spellings must give the very same shingles (diacritics, case,
 * tone placement, NFD) and which must not (another word, another order), how many
 * shingles a text of so many words has, and that the indexer's streaming signature
 * equals the one computed from units, which /api/similar relies on.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "shingle.h"
#include "ts_main.h"

static vn_analyzer *an;

static int setup(void **state)
{
    (void)state;
    tr_error err = {0};
    an = vn_analyzer_new(&err);
    return an ? 0 : -1;
}

static int teardown(void **state)
{
    (void)state;
    vn_analyzer_free(an);
    return 0;
}

/* The distinct shingles of `title` (segment 0) and `body` (segment 1). */
static uint64_t *shingles_of(const char *title, const char *body, size_t *n)
{
    vn_units us = {0};
    tr_error err = {0};
    if (title)
        assert_int_equal(vn_units_from_text(an, title, strlen(title), 0, &us, &err), 0);
    if (body)
        assert_int_equal(vn_units_from_text(an, body, strlen(body), 1, &us, &err), 0);
    uint64_t *set = NULL;
    assert_int_equal(vn_shingles(us.u, us.n, &set, n, &err), 0);
    vn_units_clear(&us);
    return set;
}

static int same_set(const char *a, const char *b)
{
    size_t na, nb;
    uint64_t *sa = shingles_of(NULL, a, &na), *sb = shingles_of(NULL, b, &nb);
    int same = na == nb && na > 0 && memcmp(sa, sb, na * sizeof *sa) == 0;
    free(sa);
    free(sb);
    return same;
}

typedef struct pair_row {
    const char *a, *b;
    int same;
} pair_row;

TS_TEST(test_spellings)
{
    static const pair_row rows[] = {
        {"Sở Khoa học và Công nghệ tỉnh Quảng Nam", "so khoa hoc va cong nghe tinh quang nam", 1},
        {"Sở Khoa học và Công nghệ tỉnh Quảng Nam", "SỞ KHOA HỌC VÀ CÔNG NGHỆ TỈNH QUẢNG NAM", 1},
        {"hài hòa với môi trường thủy sản", "hài hoà với môi trường thuỷ sản", 1},
        {"giống lúa chịu hạn cho vùng", "gio\xcc\x82\xcc\x81ng lu\xcc\x81\x61 chịu hạn cho vùng", 1},
        /* Punctuation and spacing do not cut shingles. */
        {"nuôi tôm, thẻ chân trắng", "nuôi tôm thẻ   chân trắng", 1},
        /* Compounds are one unit whatever their parts. */
        {"theo Nghị quyết 01/NQ-CP của Chính phủ", "theo nghi quyet 01/nq-cp cua chinh phu", 1},
        {"giống lúa chịu hạn cho vùng", "giống lúa chịu mặn cho vùng", 0},
        {"giống lúa chịu hạn cho vùng", "vùng cho hạn chịu lúa giống", 0},
    };
    for (size_t i = 0; i < sizeof rows / sizeof rows[0]; i++)
        if (same_set(rows[i].a, rows[i].b) != rows[i].same)
            fail_msg("row %zu: \"%s\" vs \"%s\": expected %s shingles", i, rows[i].a, rows[i].b,
                     rows[i].same ? "the same" : "other");
}

typedef struct count_row {
    const char *title, *body;
    size_t shingles;
} count_row;

TS_TEST(test_counts)
{
    static const count_row rows[] = {
        {NULL, "", 0},
        {NULL, "một", 1},                        /* a short segment is one shingle */
        {NULL, "một hai ba bốn", 1},
        {NULL, "một hai ba bốn năm", 1},
        {NULL, "một hai ba bốn năm sáu bảy", 3}, /* n - 4 */
        {NULL, "KH&CN và ĐMST của tỉnh năm 2023", 3}, /* 7 units: parts are not units */
        /* Segments do not run into each other: 1 + 3, not 12 - 4. */
        {"đề tài khoa học", "một hai ba bốn năm sáu bảy bảy", 5},
        /* Repeated passages count once. */
        {NULL, "một hai ba bốn năm một hai ba bốn năm", 5},
    };
    for (size_t i = 0; i < sizeof rows / sizeof rows[0]; i++) {
        size_t n;
        uint64_t *set = shingles_of(rows[i].title, rows[i].body, &n);
        if (n != rows[i].shingles)
            fail_msg("row %zu \"%s\": %zu shingles, expected %zu", i, rows[i].body, n,
                     rows[i].shingles);
        for (size_t k = 1; k < n; k++)
            assert_true(set[k - 1] < set[k]); /* sorted, distinct */
        free(set);
    }
}

TS_TEST(test_span)
{
    /* Segment 0 of 2 units, segment 1 of 6. */
    vn_unit u[8];
    for (size_t i = 0; i < 8; i++)
        u[i] = (vn_unit){i + 1, 0, 0, i < 2 ? 0 : 1};
    static const size_t want[8] = {2, 0, 5, 5, 0, 0, 0, 0};
    for (size_t i = 0; i < 8; i++)
        if (vn_shingle_span(u, 8, i) != want[i])
            fail_msg("unit %zu: span %zu, expected %zu", i, vn_shingle_span(u, 8, i), want[i]);
    assert_int_equal(vn_shingle_span(u, 8, 8), 0);
    assert_true(vn_shingle_hash(u, 5) != vn_shingle_hash(u + 1, 5));
}

TS_TEST(test_set_operations)
{
    static const uint64_t a[] = {1, 3, 5, 7, 9}, b[] = {2, 3, 4, 9, 10, 11};
    assert_int_equal(vn_shingles_common(a, 5, b, 6), 2);
    assert_int_equal(vn_shingles_common(a, 5, NULL, 0), 0);
    assert_true(vn_shingles_has(a, 5, 7));
    assert_false(vn_shingles_has(a, 5, 8));
    assert_false(vn_shingles_has(a, 5, 0));
    assert_false(vn_shingles_has(a, 5, 10));
    assert_false(vn_shingles_has(NULL, 0, 1));
}

/* Sets 0..n-1 and shift..shift+n-1, hashed as shingles are. */
static void range_set(uint64_t *out, size_t n, size_t shift)
{
    for (size_t i = 0; i < n; i++) {
        vn_unit u = {shift + i, 0, 0, 0};
        out[i] = vn_shingle_hash(&u, 1);
    }
}

TS_TEST(test_minhash)
{
    enum { N = 600 };
    static uint64_t a[N], b[N];
    range_set(a, N, 0);
    range_set(b, N, N / 3); /* 400 shared of 800: J = 0.5 */
    vn_minhash ma, mb, me;
    vn_minhash_compute(a, N, &ma);
    vn_minhash_compute(b, N, &mb);
    vn_minhash_compute(NULL, 0, &me);
    assert_int_equal(ma.count, N);
    assert_true(vn_minhash_jaccard(&ma, &ma) == 1.0);
    double j = vn_minhash_jaccard(&ma, &mb);
    if (j < 0.35 || j > 0.65) /* 3.4 standard errors at K = 128 */
        fail_msg("J estimate %.3f for 0.5", j);
    double common = vn_minhash_common(&ma, &mb);
    if (common < 300 || common > 500)
        fail_msg("common estimate %.1f for 400", common);
    range_set(b, N, 10 * N);
    vn_minhash_compute(b, N, &mb);
    assert_true(vn_minhash_jaccard(&ma, &mb) < 0.05);
    assert_true(vn_minhash_jaccard(&ma, &me) == 0);
    assert_true(vn_minhash_jaccard(&me, &me) == 0);
    assert_true(vn_minhash_common(&ma, &ma) == N);

    unsigned char buf[VN_SIGNATURE_BYTES];
    vn_minhash back;
    tr_error err = {0};
    vn_minhash_encode(&ma, buf);
    assert_int_equal(vn_minhash_decode(buf, sizeof buf, &back, &err), 0);
    assert_memory_equal(&back, &ma, sizeof ma);
    assert_int_equal(vn_minhash_decode(buf, sizeof buf - 1, &back, &err), TR_EINVAL);
    buf[2]++; /* another format version */
    assert_int_equal(vn_minhash_decode(buf, sizeof buf, &back, NULL), TR_EINVAL);
    assert_int_equal(vn_minhash_decode(NULL, 0, &back, NULL), TR_EINVAL);
    assert_int_equal(vn_minhash_decode("20230413", 8, &back, NULL), TR_EINVAL);
}

/* The indexer streams; /api/similar builds units. Both must give one signature. */
TS_TEST(test_signature_matches_units)
{
    static const char *const rows[][2] = {
        {"Nghiên cứu nhân giống sâm Ngọc Linh",
         "Đề tài nhân giống sâm Ngọc Linh bằng nuôi cấy mô; KH&CN tỉnh hỗ trợ theo "
         "Quyết định 1234/QĐ-UBND ngày 13/4/2023. Năng suất 6,5 tấn/ha."},
        {"Ba từ thôi", "ngắn"},
        {"", "một hai ba bốn năm sáu"},
        {"", ""},
    };
    for (size_t i = 0; i < sizeof rows / sizeof rows[0]; i++) {
        const char *texts[2] = {rows[i][0], rows[i][1]};
        size_t lens[2] = {strlen(texts[0]), strlen(texts[1])};
        unsigned char sig[VN_SIGNATURE_BYTES], want[VN_SIGNATURE_BYTES];
        tr_error err = {0};
        assert_int_equal(vn_signature(an, texts, lens, 2, sig, &err), 0);
        size_t n;
        uint64_t *set = shingles_of(texts[0], texts[1], &n);
        vn_minhash m;
        vn_minhash_compute(set, n, &m);
        vn_minhash_encode(&m, want);
        free(set);
        if (memcmp(sig, want, sizeof sig) != 0)
            fail_msg("row %zu: the streamed signature differs from the units' one", i);
    }
}

/* Thousands of shingles, repeated ones among them: the sort of the streamed set (a radix
 * sort) orders and counts them as vn_shingles() does. */
TS_TEST(test_signature_matches_units_long)
{
    static char body[64 * 1024];
    size_t len = 0;
    for (unsigned i = 0; i < 5000; i++)
        len += (size_t)snprintf(body + len, sizeof body - len, "từ%u ", i % 3001 * 7919 % 4099);
    const char *texts[2] = {"Tiêu đề", body};
    size_t lens[2] = {strlen(texts[0]), len};
    unsigned char sig[VN_SIGNATURE_BYTES], want[VN_SIGNATURE_BYTES];
    assert_int_equal(vn_signature(an, texts, lens, 2, sig, NULL), 0);
    size_t n;
    uint64_t *set = shingles_of(texts[0], texts[1], &n);
    assert_true(n > 2000 && n < 5000);
    vn_minhash m;
    vn_minhash_compute(set, n, &m);
    vn_minhash_encode(&m, want);
    free(set);
    assert_memory_equal(sig, want, sizeof sig);
}

TS_TEST(test_reordered_sentences_share_most)
{
    const char *a = "Hội đồng đã nghe chủ nhiệm đề tài báo cáo kết quả chọn tạo giống lúa. "
                    "Hội đồng thống nhất nghiệm thu đề tài ở mức đạt yêu cầu.";
    const char *b = "Hội đồng thống nhất nghiệm thu đề tài ở mức đạt yêu cầu. "
                    "Hội đồng đã nghe chủ nhiệm đề tài báo cáo kết quả chọn tạo giống lúa.";
    size_t na, nb;
    uint64_t *sa = shingles_of(NULL, a, &na), *sb = shingles_of(NULL, b, &nb);
    size_t common = vn_shingles_common(sa, na, sb, nb);
    /* Only the 4 shingles across the sentence joint are lost. */
    assert_int_equal(na, nb);
    assert_int_equal(common, na - 4);
    free(sa);
    free(sb);
}

TS_MAIN(setup, teardown,
        cmocka_unit_test(test_spellings),
        cmocka_unit_test(test_counts),
        cmocka_unit_test(test_span),
        cmocka_unit_test(test_set_operations),
        cmocka_unit_test(test_minhash),
        cmocka_unit_test(test_signature_matches_units),
        cmocka_unit_test(test_signature_matches_units_long),
        cmocka_unit_test(test_reordered_sentences_share_most))
