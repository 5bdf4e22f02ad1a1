/* test_onepass: a document's texts analysed once (indexer/document.c). The signature
 * (vn_sig, analyzers/shingle.h) and the entities (kn_reader, knowledge/kn.h) read the
 * tokens the term pass taps (vn_terms_field_tap, analyzers/vn_terms.h); each must give
 * what its own analysis of the same text gave before, and so must the document.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "document.h"
#include "kn.h"
#include "record.h"
#include "shingle.h"
#include "ts_main.h"
#include "vn_terms.h"
#include "xc.h"

/* Titles and bodies with compounds, numbers, legal numbers, officials, places, dates,
 * capitals, a long token, and empty fields: all that the three readers look at. */
static const struct {
    const char *title, *body;
} texts[] = {
    {"Khoa học công nghệ", "Nghiên cứu công nghệ sinh học tại Hà Nội."},
    {"", "Phó Chủ tịch UBND tỉnh Bình Định Lâm Hải Giang ký Quyết định số 1234/QĐ-UBND "
         "ngày 13/4/2023 về việc phê duyệt đề án. Sở Khoa học và Công nghệ tỉnh Quảng Nam "
         "triển khai Nghị quyết 01/NQ-CP."},
    {"THỦ TƯỚNG CHỈ ĐẠO KHẨN", ""},
    {"", ""},
    {"Giá xăng giảm 1.234 đồng", "Ngày 24 tháng 12 năm 2013, ông Nguyễn Văn An, Giám đốc Sở "
                                 "Tài chính thành phố Đà Nẵng, cho biết... COVID-19; e-mail: "
                                 "a@b.vn\n\nĐoạn hai: huyện Nam Giang, tỉnh Quảng Nam."},
    {"x", "ab cd"},
    {"Từ dài", "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa"
               "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa"
               "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa cuối"},
};
#define NTEXTS (sizeof texts / sizeof texts[0])

static vn_analyzer *analyzer(void)
{
    vn_analyzer *a = vn_analyzer_new(NULL);
    assert_non_null(a);
    return a;
}

/* ---- vn_terms_field_tap ------------------------------------------------------------- */

typedef struct seen {
    char buf[16384];
    size_t len;
    int stop_at; /* the token count at which to return 99, or 0 */
    int count;
} seen;

static void put(seen *s, const char *fmt, const char *a, size_t alen, const char *b, size_t blen,
                unsigned x, unsigned y)
{
    int n = snprintf(s->buf + s->len, sizeof s->buf - s->len, fmt, (int)alen, a, (int)blen,
                     b ? b : "", x, y);
    assert_true(n > 0 && (size_t)n < sizeof s->buf - s->len);
    s->len += (size_t)n;
}

static int on_token(void *ctx, const vn_token *t)
{
    seen *s = ctx;
    put(s, "%.*s|%.*s|%u|%u\n", t->text, t->text_len, t->folded, t->folded_len,
        (unsigned)t->kind << 16 | t->flags, (unsigned)(t->start << 16 | t->end) ^ t->pos);
    return ++s->count == s->stop_at ? 99 : 0;
}

static int on_term(void *ctx, vn_term_kind kind, const char *term, size_t len, uint32_t pos)
{
    put(ctx, "%.*s%.*s %u %u\n", term, len, NULL, 0, kind, pos);
    return 0;
}

TS_TEST(test_tap_sees_the_tokens_and_leaves_the_terms)
{
    vn_analyzer *a = analyzer();
    static seen plain_terms, tap_terms, plain_tokens, tapped;
    for (size_t i = 0; i < NTEXTS; i++) {
        const char *t = texts[i].body;
        memset(&plain_terms, 0, sizeof plain_terms);
        memset(&tap_terms, 0, sizeof tap_terms);
        memset(&plain_tokens, 0, sizeof plain_tokens);
        memset(&tapped, 0, sizeof tapped);
        uint32_t p1 = 5, p2 = 5, p3 = 0;
        assert_int_equal(vn_terms_field(a, VN_FIELD_BODY, t, strlen(t), &p1, on_term,
                                        &plain_terms, NULL), 0);
        assert_int_equal(vn_terms_field_tap(a, VN_FIELD_BODY, t, strlen(t), &p2, on_term,
                                            &tap_terms, on_token, &tapped, NULL), 0);
        assert_int_equal(vn_analyze(a, t, strlen(t), 5, on_token, &plain_tokens, &p3, NULL), 0);
        assert_string_equal(tap_terms.buf, plain_terms.buf);
        assert_string_equal(tapped.buf, plain_tokens.buf);
        assert_int_equal(p1, p2);
        assert_int_equal(p2, p3);
    }
    vn_analyzer_free(a);
}

TS_TEST(test_tap_stops_the_pass)
{
    vn_analyzer *a = analyzer();
    static seen terms, tapped;
    memset(&terms, 0, sizeof terms);
    memset(&tapped, 0, sizeof tapped);
    tapped.stop_at = 2;
    uint32_t pos = 0;
    const char *t = "một hai ba bốn";
    assert_int_equal(vn_terms_field_tap(a, VN_FIELD_BODY, t, strlen(t), &pos, on_term, &terms,
                                        on_token, &tapped, NULL), 99);
    assert_int_equal(tapped.count, 2);
    assert_non_null(strstr(terms.buf, "mot 0 1"));
    assert_null(strstr(terms.buf, "hai"));
    vn_analyzer_free(a);
}

/* ---- vn_sig ------------------------------------------------------------------------- */

TS_TEST(test_sig_from_tokens_is_vn_signature)
{
    vn_analyzer *a = analyzer();
    for (size_t i = 0; i < NTEXTS; i++) {
        const char *tx[2] = {texts[i].title, texts[i].body};
        size_t lens[2] = {strlen(tx[0]), strlen(tx[1])};
        unsigned char want[VN_SIGNATURE_BYTES], got[VN_SIGNATURE_BYTES];
        assert_int_equal(vn_signature(a, tx, lens, 2, want, NULL), 0);
        vn_sig s;
        vn_sig_init(&s, NULL);
        for (int f = 0; f < 2; f++) {
            assert_int_equal(vn_analyze(a, tx[f], lens[f], 0, vn_sig_token, &s, NULL, NULL), 0);
            assert_int_equal(vn_sig_segment_end(&s), 0);
        }
        vn_sig_finish(&s, got);
        vn_sig_clear(&s);
        assert_memory_equal(got, want, sizeof want);
    }
    vn_analyzer_free(a);
}

TS_TEST(test_sig_short_and_empty_segments)
{
    vn_analyzer *a = analyzer();
    vn_sig s;
    vn_sig_init(&s, NULL);
    assert_int_equal(vn_sig_segment_end(&s), 0); /* an empty segment gives nothing */
    assert_int_equal(s.n, 0);
    assert_int_equal(vn_analyze(a, "hai từ", 8, 0, vn_sig_token, &s, NULL, NULL), 0);
    assert_int_equal(s.n, 0); /* short of a shingle until the segment ends */
    assert_int_equal(vn_sig_segment_end(&s), 0);
    assert_int_equal(s.n, 1);
    unsigned char out[VN_SIGNATURE_BYTES];
    vn_sig_finish(&s, out);
    vn_minhash m;
    assert_int_equal(vn_minhash_decode(out, sizeof out, &m, NULL), 0);
    assert_int_equal(m.count, 1);
    vn_sig_clear(&s);
    vn_analyzer_free(a);
}

/* ---- kn_reader ---------------------------------------------------------------------- */

static char *entities_json(const kn_entities *e)
{
    json_t *j = kn_entities_json(e);
    assert_non_null(j);
    char *s = json_dumps(j, JSON_COMPACT | JSON_SORT_KEYS);
    json_decref(j);
    assert_non_null(s);
    return s;
}

TS_TEST(test_reader_from_tokens_is_kn_extract)
{
    vn_analyzer *a = analyzer();
    for (size_t i = 0; i < NTEXTS; i++) {
        kn_text t = {texts[i].title, strlen(texts[i].title), texts[i].body, strlen(texts[i].body),
                     "20230415"};
        kn_entities *want = kn_extract(a, &t, NULL);
        assert_non_null(want);
        kn_reader *r = kn_reader_new(&t, NULL);
        assert_non_null(r);
        assert_int_equal(vn_analyze(a, t.title, t.title_len, 0, kn_reader_token, r, NULL, NULL),
                         0);
        kn_reader_field_end(r);
        assert_int_equal(vn_analyze(a, t.body, t.body_len, 0, kn_reader_token, r, NULL, NULL), 0);
        /* The body's end is left to kn_reader_extract(), which ends what is open. */
        kn_entities *got = kn_reader_extract(r, NULL);
        kn_reader_free(r);
        assert_non_null(got);
        char *w = entities_json(want), *g = entities_json(got);
        assert_string_equal(g, w);
        assert_int_equal(kn_entities_empty(got), kn_entities_empty(want));
        free(w);
        free(g);
        kn_entities_free(want);
        kn_entities_free(got);
    }
    vn_analyzer_free(a);
}

TS_TEST(test_reader_free_unused)
{
    kn_text t = {"Hà Nội", 8, NULL, 0, NULL};
    kn_reader_free(kn_reader_new(&t, NULL));
    kn_reader_free(NULL);
}

/* ---- The document ------------------------------------------------------------------- */

static const char *value(const xc_doc *doc, unsigned slot, size_t *len)
{
    for (size_t i = 0; i < xc_doc_value_count(doc); i++) {
        unsigned s;
        const char *v;
        xc_doc_value_at(doc, i, &s, &v, len);
        if (s == slot)
            return v;
    }
    *len = 0;
    return NULL;
}

static const xc_doc_term *find(const xc_doc_term *t, size_t n, const xc_doc_term *want)
{
    for (size_t i = 0; i < n; i++)
        if (t[i].len == want->len && memcmp(t[i].name, want->name, want->len) == 0)
            return &t[i];
    return NULL;
}

static int add_entity_term(void *ctx, const char *term, size_t len)
{
    const xc_doc_term *t;
    size_t n;
    assert_int_equal(xc_doc_sorted(ctx, &t, &n, NULL), 0);
    xc_doc_term want = {.name = term, .len = (uint32_t)len};
    assert_non_null(find(t, n, &want));
    return 0;
}

/* The terms each field's own vn_terms_field pass gives are in the document as they
 * were; the signature is vn_signature's; the entities kn_extract's, in the terms and in
 * the stored record. */
static void check_document(vn_analyzer *a, const char *title, const char *body)
{
    json_t *j = json_pack("{s:s, s:s, s:s, s:s, s:s}", "id", "d1", "type", "news", "title", title,
                          "body", body, "date", "2023-04-15");
    char *line = json_dumps(j, JSON_COMPACT);
    json_decref(j);
    ix_record rec;
    tr_error err = {0};
    if (ix_record_parse(&rec, line, strlen(line), "news", &err) != 0)
        fail_msg("%s: %s", line, err.message);
    free(line);
    xc_doc *doc = ix_document_build(a, &rec, NULL, NULL);
    assert_non_null(doc);

    xc_doc *ref = xc_doc_new(NULL);
    uint32_t tpos = 0, bpos = 0;
    assert_int_equal(ix_document_add_text(a, ref, VN_FIELD_TITLE, title, strlen(title), &tpos,
                                          NULL), 0);
    assert_int_equal(ix_document_add_text(a, ref, VN_FIELD_BODY, body, strlen(body), &bpos,
                                          NULL), 0);
    const xc_doc_term *rt, *dt;
    size_t rn, dn;
    assert_int_equal(xc_doc_sorted(ref, &rt, &rn, NULL), 0);
    assert_int_equal(xc_doc_sorted(doc, &dt, &dn, NULL), 0);
    for (size_t i = 0; i < rn; i++) {
        const xc_doc_term *d = find(dt, dn, &rt[i]);
        assert_non_null(d);
        assert_int_equal(d->wdf, rt[i].wdf);
        assert_int_equal(d->npos, rt[i].npos);
        if (d->npos)
            assert_memory_equal(d->pos, rt[i].pos, d->npos * sizeof *d->pos);
    }
    xc_doc_free(ref);

    const char *tx[2] = {title, body};
    size_t lens[2] = {strlen(title), strlen(body)}, len;
    unsigned char sig[VN_SIGNATURE_BYTES];
    assert_int_equal(vn_signature(a, tx, lens, 2, sig, NULL), 0);
    const char *v = value(doc, VN_SLOT_MINHASH, &len);
    assert_int_equal(len, sizeof sig);
    assert_memory_equal(v, sig, sizeof sig);

    kn_text kt = {title, lens[0], body, lens[1], rec.date};
    kn_entities *e = kn_extract(a, &kt, NULL);
    assert_non_null(e);
    assert_int_equal(kn_entities_terms(e, add_entity_term, doc), 0);
    const char *data = xc_doc_data(doc, &len);
    json_t *stored = json_loadb(data, len, 0, NULL);
    assert_non_null(stored);
    json_t *se = json_object_get(stored, "_entities");
    if (kn_entities_empty(e)) {
        assert_null(se);
    } else {
        json_t *want = kn_entities_json(e);
        assert_true(json_equal(se, want));
        json_decref(want);
    }
    json_decref(stored);
    kn_entities_free(e);
    xc_doc_free(doc);
    ix_record_clear(&rec);
}

TS_TEST(test_document_is_what_three_passes_gave)
{
    vn_analyzer *a = analyzer();
    for (size_t i = 0; i < NTEXTS; i++)
        if (texts[i].body[0]) /* a record needs a body (indexer/record.h) */
            check_document(a, texts[i].title, texts[i].body);
    vn_analyzer_free(a);
}

TS_MAIN(NULL, NULL, cmocka_unit_test(test_tap_sees_the_tokens_and_leaves_the_terms),
        cmocka_unit_test(test_tap_stops_the_pass), cmocka_unit_test(test_sig_from_tokens_is_vn_signature),
        cmocka_unit_test(test_sig_short_and_empty_segments),
        cmocka_unit_test(test_reader_from_tokens_is_kn_extract),
        cmocka_unit_test(test_reader_free_unused),
        cmocka_unit_test(test_document_is_what_three_passes_gave))
