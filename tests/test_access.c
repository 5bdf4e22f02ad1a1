/* The attacker's test of access levels (docs/security.md, search/view.h).
 *
 * One corpus is indexed three times: whole (public and internal documents), in one
 * database and in three shards, and without its internal documents. Each internal document is there to leak by one path if
 * that path were not filtered: a word found nowhere else, an official and a decision
 * number only internal minutes name, a code name one letter from a typo, an
 * internal task, a proposal under review that a new proposal nearly repeats. Every
 * public answer of the whole index must then be the answer of the index that never
 * held them, byte for byte once serialised, but for the time taken and the BM25
 * weights (docs/security.md says why those two differ); and the same request with
 * the internal view must show what the public one hides, or the test proves
 * nothing. The indexer's ways to say a level (field, --access, .tracuu, a
 * spreadsheet column) are checked on the terms they write.
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

#include "cache.h"
#include "engine.h"
#include "pages.h"
#include "support.h"
#include "vn_terms.h"

#define PUBLIC_DOCS                                                                           \
    "{\"id\":\"p1\",\"type\":\"news\",\"date\":\"2023-04-13\",\"source\":\"test\","            \
    "\"title\":\"Hội thảo chuyển đổi số trong quản lý khoa học\","                             \
    "\"body\":\"Sáng ngày 13/4/2023, ông Trần Văn Hòa, Giám đốc Sở Khoa học và Công nghệ "     \
    "tỉnh Quảng Nam, chủ trì hội thảo về chuyển đổi số. Hội thảo bàn cách triển khai Quyết "   \
    "định số 1234/QĐ-UBND của UBND tỉnh Quảng Nam về quản lý nhiệm vụ khoa học.\"}\n"        \
    "{\"id\":\"p2\",\"type\":\"minutes\",\"date\":\"2023-06-02\",\"source\":\"test\","          \
    "\"title\":\"Biên bản họp hội đồng nghiệm thu nhiệm vụ trồng sâm\","                        \
    "\"body\":\"Hội đồng nghiệm thu nhiệm vụ trồng sâm Ngọc Linh dưới tán rừng tại huyện "     \
    "Nam Trà My. Các thành viên thống nhất đánh giá nhiệm vụ đạt yêu cầu, đề nghị Sở Khoa "    \
    "học và Công nghệ tỉnh Quảng Nam công nhận kết quả.\"}\n"                                  \
    "{\"id\":\"p3\",\"type\":\"task\",\"title\":\"Chọn tạo giống lúa chịu hạn\","               \
    "\"code\":\"ĐT.2019.01\",\"level\":\"province\",\"field\":\"Nông nghiệp\","                 \
    "\"investigator\":\"PGS.TS. Nguyễn Văn An\",\"organization\":\"Trường Đại học Quảng "       \
    "Nam\",\"start\":\"2019-06\",\"end\":\"2021-06\",\"budget\":{\"state\":900000000,"          \
    "\"other\":0},\"status\":\"accepted\",\"body\":\"Chọn tạo giống lúa chịu hạn cho vùng "    \
    "trung du tỉnh Quảng Nam, năng suất ổn định trong mùa khô.\"}\n"                          \
    "{\"id\":\"p4\",\"type\":\"news\",\"date\":\"2024-01-20\",\"source\":\"test\","            \
    "\"title\":\"Nông dân Quảng Nam ứng dụng khoa học vào sản xuất\","                         \
    "\"body\":\"Nhiều hộ nông dân tỉnh Quảng Nam đã ứng dụng tiến bộ khoa học kỹ thuật vào "    \
    "trồng trọt và chăn nuôi, nâng cao thu nhập.\"}\n"

/* The proposal under review (i2) and what a new applicant sends (PROPOSAL): the same
 * text with a few words changed. */
#define REVIEWED_TEXT                                                                         \
    "Xây dựng quy trình nhân giống sâm Ngọc Linh bằng kỹ thuật nuôi cấy mô tế bào, đánh giá " \
    "khả năng thích nghi của cây con trên vùng núi cao huyện Nam Trà My, chuyển giao quy "   \
    "trình cho hợp tác xã dược liệu địa phương và xây dựng mô hình trồng thử nghiệm ba héc "   \
    "ta dưới tán rừng tự nhiên."
#define PROPOSAL                                                                              \
    "Xây dựng quy trình nhân giống sâm Ngọc Linh bằng kỹ thuật nuôi cấy mô tế bào, đánh giá " \
    "khả năng thích nghi của cây giống trên vùng núi cao huyện Nam Trà My, chuyển giao quy "  \
    "trình cho hợp tác xã dược liệu và xây dựng mô hình trồng thử nghiệm hai héc ta dưới "    \
    "tán rừng tự nhiên."

#define INTERNAL_DOCS                                                                         \
    "{\"id\":\"i1\",\"type\":\"minutes\",\"access\":\"internal\",\"date\":\"2024-03-15\","     \
    "\"source\":\"test\",\"title\":\"Biên bản họp kín về dự án Kalimex\","                      \
    "\"body\":\"Cuộc họp không công khai do ông Phạm Quốc Trung, Phó Giám đốc Sở Tài chính "   \
    "tỉnh Quảng Nam chủ trì, bàn phương án kinh phí dự án Kalimex theo Quyết định số "         \
    "777/QĐ-UBND. Thông tin về dự án Kalimex chưa được công bố; khoa học và nông nghiệp "     \
    "tỉnh Quảng Nam được nhắc đến nhiều lần.\"}\n"                                             \
    "{\"id\":\"i2\",\"type\":\"task\",\"access\":\"Nội bộ\",\"title\":\"Nhân giống sâm Ngọc "   \
    "Linh bằng nuôi cấy mô\",\"code\":\"ĐX.2024.07\",\"level\":\"province\","                  \
    "\"field\":\"Nông nghiệp\",\"investigator\":\"TS. Lê Thị Quyên\",\"organization\":"        \
    "\"Trung tâm Dược liệu Quảng Nam\",\"start\":\"2024\",\"status\":\"proposed\","             \
    "\"body\":\"" REVIEWED_TEXT "\"}\n"

static const char public_docs[] = PUBLIC_DOCS;
static const char all_docs[] = PUBLIC_DOCS INTERNAL_DOCS;

static se_engine *whole, *public_only, *sharded; /* sharded: `whole` in 3 shards */

static void make_dir(const char *path)
{
    if (mkdir(path, 0700) != 0)
        fail_msg("cannot make %s", path);
}

static se_engine *open_engine(const char *name, const char *jsonl, size_t len, int shards)
{
    char db[4096], in[4096];
    make_dir(ts_tmp_path(name));
    snprintf(db, sizeof db, "%s/db", ts_tmp_path(name));
    snprintf(in, sizeof in, "%s/in.jsonl", ts_tmp_path(name));
    ts_write_file(in, jsonl, len);
    char *argv[] = {(char *)ts_program("indexer/tracuu-index"), "--quiet", "--shards",
                    shards ? "3" : "1", "--db", db, in, NULL};
    if (ts_run(argv, NULL) != 0)
        return NULL;
    const char *dbs[] = {db};
    se_config c = {.dbs = dbs, .ndb = 1};
    tr_error err = {0};
    se_engine *e = se_engine_open(&c, &err);
    if (!e)
        fprintf(stderr, "cannot open %s: %s\n", db, err.message);
    return e;
}

static int setup(void **state)
{
    if (ts_tmp_setup(state))
        return -1;
    whole = open_engine("whole", all_docs, sizeof all_docs - 1, 0);
    public_only = open_engine("public", public_docs, sizeof public_docs - 1, 0);
    sharded = open_engine("sharded", all_docs, sizeof all_docs - 1, 1);
    return whole && public_only && sharded ? 0 : -1;
}

static int teardown(void **state)
{
    se_engine_free(whole);
    se_engine_free(public_only);
    se_engine_free(sharded);
    return ts_tmp_teardown(state);
}

/* ---- Comparing answers ------------------------------------------------------- */

/* The answer without what may differ: the time taken everywhere, and the BM25
 * weights of hits (`score` of /api/search and /api/tasks) when `weights` is set. */
static void strip(json_t *v, int weights)
{
    if (json_is_object(v)) {
        json_object_del(v, "took_ms");
        if (weights && json_object_get(v, "snippet"))
            json_object_del(v, "score");
        if (weights && json_object_get(v, "code") && json_object_get(v, "investigator"))
            json_object_del(v, "score");
        const char *k;
        json_t *x;
        json_object_foreach(v, k, x) strip(x, weights);
    } else if (json_is_array(v)) {
        size_t i;
        json_t *x;
        json_array_foreach(v, i, x) strip(x, weights);
    }
}

static int by_id(const void *a, const void *b)
{
    const char *x = json_string_value(json_object_get(*(json_t *const *)a, "id"));
    const char *y = json_string_value(json_object_get(*(json_t *const *)b, "id"));
    return strcmp(x ? x : "", y ? y : "");
}

/* The hits in order of id: shards interleave docids, so documents of equal weight
 * (an empty query: all of them) come in another order than from one database. */
static void sort_hits(json_t *answer)
{
    json_t *hits = json_object_get(answer, "hits");
    size_t n = json_array_size(hits);
    json_t **v = calloc(n ? n : 1, sizeof *v);
    assert_non_null(v);
    for (size_t i = 0; i < n; i++)
        v[i] = json_incref(json_array_get(hits, i));
    qsort(v, n, sizeof *v, by_id);
    json_array_clear(hits);
    for (size_t i = 0; i < n; i++)
        json_array_append_new(hits, v[i]);
    free(v);
}

typedef int (*ask_fn)(se_engine *e, se_view v, const void *arg, json_t **out, tr_error *err);

/* The answers of ask() on the index `e` of every document for the public, and on the
 * public index: the same code, message and JSON. */
static void same_as_public(se_engine *e, const char *what, ask_fn ask, const void *arg,
                           int weights)
{
    json_t *a = NULL, *b = NULL;
    tr_error ea = {0}, eb = {0};
    int ra = ask(e, SE_VIEW_PUBLIC, arg, &a, &ea);
    int rb = ask(public_only, SE_VIEW_PUBLIC, arg, &b, &eb);
    if (ra != rb || strcmp(ea.message, eb.message) != 0)
        fail_msg("%s: the public gets %d \"%s\", an index without internal documents %d \"%s\"",
                 what, ra, ea.message, rb, eb.message);
    strip(a, weights);
    strip(b, weights);
    if (e == sharded) {
        sort_hits(a);
        sort_hits(b);
    }
    char *sa = a ? json_dumps(a, JSON_COMPACT | JSON_SORT_KEYS) : NULL;
    char *sb = b ? json_dumps(b, JSON_COMPACT | JSON_SORT_KEYS) : NULL;
    if ((sa || sb) && (!sa || !sb || strcmp(sa, sb) != 0))
        fail_msg("%s: the public gets\n  %s\nan index without internal documents gives\n  %s",
                 what, sa ? sa : "(nothing)", sb ? sb : "(nothing)");
    free(sa);
    free(sb);
    json_decref(a);
    json_decref(b);
}

/* same_as_public() of the whole index, in one database and in shards. Returns the
 * internal view's answer of the whole index (to be checked by the caller, and
 * freed), or NULL when it failed. */
static json_t *same_for_public(const char *what, ask_fn ask, const void *arg, int weights)
{
    char sharded_what[256];
    snprintf(sharded_what, sizeof sharded_what, "%s (3 shards)", what);
    same_as_public(whole, what, ask, arg, weights);
    same_as_public(sharded, sharded_what, ask, arg, weights);
    json_t *in = NULL;
    tr_error ei = {0};
    if (ask(whole, SE_VIEW_INTERNAL, arg, &in, &ei)) {
        json_decref(in);
        return NULL;
    }
    return in;
}

/* The internal view's answer holds `needle` (serialised), which the public one did
 * not: the path shows internal documents to those who may see them. */
static void internal_shows(const char *what, json_t *in, const char *needle)
{
    char *s = in ? json_dumps(in, JSON_COMPACT) : NULL;
    if (!s || !strstr(s, needle))
        fail_msg("%s: the internal view does not show %s: %s", what, needle, s ? s : "(failed)");
    free(s);
    json_decref(in);
}

/* ---- The paths ---------------------------------------------------------------- */

typedef struct search_arg {
    const char *q, *person, *type;
} search_arg;

static int ask_search(se_engine *e, se_view v, const void *arg, json_t **out, tr_error *err)
{
    const search_arg *a = arg;
    se_search_params p = {0};
    p.q = a->q;
    p.qlen = a->q ? strlen(a->q) : 0;
    p.person = a->person;
    p.type = a->type;
    p.per_page = "50";
    p.view = v;
    return se_search(e, &p, out, err);
}

TS_TEST(test_search)
{
    static const struct {
        search_arg a;
        const char *internal; /* what the internal view finds */
    } rows[] = {
        {{"kalimex", NULL, NULL}, "\"i1\""},        /* a word only internal minutes have */
        {{"Kalimex", NULL, NULL}, "\"i1\""},
        {{"\"dự án Kalimex\"", NULL, NULL}, "\"i1\""},
        {{"khoa học Quảng Nam", NULL, NULL}, "\"i1\""}, /* shared words: hits, total, facets */
        {{"", NULL, NULL}, "\"i2\""},               /* every document, every facet count */
        {{NULL, NULL, "minutes"}, "\"i1\""},
        {{"sâm Ngọc Linh", NULL, NULL}, "\"i2\""},
        {{"777/QĐ-UBND", NULL, NULL}, "\"i1\""},    /* a decision number */
        {{"Phạm Quốc Trung", NULL, NULL}, "\"i1\""},
        {{NULL, "pham-quoc-trung@so-tai-chinh.quang-nam", NULL}, "\"i1\""},
        {{NULL, "Phạm Quốc Trung", NULL}, "\"i1\""},
        {{"kalimax", NULL, NULL}, "kalimex"}, /* a typo of the code name: no did-you-mean */
        {{"kailmex", NULL, NULL}, "kalimex"},
    };
    for (size_t i = 0; i < sizeof rows / sizeof rows[0]; i++) {
        char what[128];
        snprintf(what, sizeof what, "search q=%s person=%s type=%s", rows[i].a.q,
                 rows[i].a.person, rows[i].a.type);
        json_t *in = same_for_public(what, ask_search, &rows[i].a, 1);
        internal_shows(what, in, rows[i].internal);
    }
    /* An internal hit says what it is; a public one says nothing new. */
    search_arg a = {"kalimex", NULL, NULL};
    json_t *in = NULL;
    assert_int_equal(ask_search(whole, SE_VIEW_INTERNAL, &a, &in, NULL), 0);
    internal_shows("search kalimex, internal", in, "\"access\":\"internal\"");
    search_arg b = {"hội thảo chuyển đổi số", NULL, NULL};
    assert_int_equal(ask_search(whole, SE_VIEW_INTERNAL, &b, &in, NULL), 0);
    char *s = json_dumps(in, JSON_COMPACT);
    assert_null(strstr(s, "\"access\""));
    free(s);
    json_decref(in);
}

static int ask_complete(se_engine *e, se_view v, const void *arg, json_t **out, tr_error *err)
{
    se_complete_params p = {0};
    p.q = arg;
    p.qlen = strlen(arg);
    p.view = v;
    return se_complete(e, &p, out, err);
}

TS_TEST(test_suggest)
{
    /* {what is typed, what only the internal view suggests} */
    static const ts_pair rows[] = {
        {"kali", "kalimex"},
        {"dự án kal", "kalimex"},
        {"biên bản họp k", "họp kin"},
        {"khoa h", "khoa học"},
        {"sâm ngọc linh b", "sâm"},
    };
    for (size_t i = 0; i < sizeof rows / sizeof rows[0]; i++) {
        char what[128];
        snprintf(what, sizeof what, "suggest %s", rows[i].in);
        json_t *in = same_for_public(what, ask_complete, rows[i].in, 0);
        internal_shows(what, in, rows[i].want);
    }
}

static int ask_doc(se_engine *e, se_view v, const void *arg, json_t **out, tr_error *err)
{
    return se_doc(e, v, arg, out, err);
}

static int ask_count(se_engine *e, se_view v, const void *arg, json_t **out, tr_error *err)
{
    (void)arg;
    uint64_t n = 0;
    int rc = se_doccount(e, v, &n, err);
    *out = rc ? NULL : json_pack("{s:I}", "documents", (json_int_t)n);
    return rc;
}

TS_TEST(test_doc_and_count)
{
    internal_shows("doc i1", same_for_public("doc i1", ask_doc, "i1", 0), "Kalimex");
    internal_shows("doc i2", same_for_public("doc i2", ask_doc, "i2", 0), "ĐX.2024.07");
    /* Not there for the public: the very answer of an id no document has. */
    json_t *out = NULL;
    tr_error a = {0}, b = {0};
    assert_int_equal(se_doc(whole, SE_VIEW_PUBLIC, "i1", &out, &a), TR_ENOTFOUND);
    assert_int_equal(se_doc(whole, SE_VIEW_PUBLIC, "no-such-id", &out, &b), TR_ENOTFOUND);
    assert_string_equal(a.message, b.message);
    internal_shows("doc p1", same_for_public("doc p1", ask_doc, "p1", 0), "Trần Văn Hòa");
    internal_shows("documents", same_for_public("documents", ask_count, NULL, 0), "6");
}

/* A question to the knowledge base: a list (officials or decisions matching q) or one
 * entry (an official's id, a decision's number). */
typedef struct know_arg {
    int (*list)(se_engine *e, se_view v, const char *q, size_t qlen, const char *limit,
                json_t **out, tr_error *err);
    int (*one)(se_engine *e, se_view v, const char *id, json_t **out, tr_error *err);
    const char *s; /* q or the id */
} know_arg;

static int ask_know(se_engine *e, se_view v, const void *arg, json_t **out, tr_error *err)
{
    const know_arg *a = arg;
    return a->list ? a->list(e, v, a->s, strlen(a->s), NULL, out, err)
                   : a->one(e, v, a->s, out, err);
}

TS_TEST(test_officials_and_decisions)
{
    static const struct {
        know_arg a;
        const char *internal; /* what the internal view finds */
    } rows[] = {
        {{se_officials, NULL, "Phạm Quốc Trung"}, "Phạm Quốc Trung"},
        {{se_officials, NULL, ""}, "Phạm Quốc Trung"},
        {{se_officials, NULL, "quang nam"}, "Phạm Quốc Trung"},
        {{se_decisions, NULL, "777"}, "777/"},
        {{se_decisions, NULL, ""}, "777/"},
        {{se_decisions, NULL, "QĐ-UBND"}, "777/"},
        {{NULL, se_official, "pham-quoc-trung@so-tai-chinh.quang-nam"}, "\"i1\""},
        {{NULL, se_decision, "777/QĐ-UBND"}, "\"i1\""},
        {{NULL, se_official, "tran-van-hoa@so-khoa-hoc-va-cong-nghe.quang-nam"}, "\"p1\""},
        {{NULL, se_decision, "1234/QĐ-UBND"}, "\"p1\""},
    };
    for (size_t i = 0; i < sizeof rows / sizeof rows[0]; i++) {
        const know_arg *a = &rows[i].a;
        char what[128];
        snprintf(what, sizeof what, "%s%s",
                 !a->list                    ? "one "
                 : a->list == se_officials ? "officials q="
                                           : "decisions q=",
                 a->s);
        json_t *in = same_for_public(what, ask_know, a, 0);
        internal_shows(what, in, rows[i].internal);
    }
    /* An official known only from internal minutes does not exist for the public. */
    json_t *out = NULL;
    tr_error a = {0}, b = {0};
    assert_int_equal(se_official(whole, SE_VIEW_PUBLIC, "pham-quoc-trung@so-tai-chinh.quang-nam",
                                 &out, &a),
                     TR_ENOTFOUND);
    assert_int_equal(se_official(whole, SE_VIEW_PUBLIC, "nobody@nowhere", &out, &b),
                     TR_ENOTFOUND);
    assert_string_equal(a.message, b.message);
}

static int ask_tasks(se_engine *e, se_view v, const void *arg, json_t **out, tr_error *err)
{
    se_tasks_params p = {0};
    p.q = arg;
    p.qlen = arg ? strlen(arg) : 0;
    p.view = v;
    return se_tasks(e, &p, out, err);
}

TS_TEST(test_tasks)
{
    static const char *const qs[] = {"sâm ngọc linh", "nuôi cấy mô", "dược liệu", NULL,
                                     "ĐX.2024.07"};
    for (size_t i = 0; i < sizeof qs / sizeof qs[0]; i++) {
        char what[128];
        snprintf(what, sizeof what, "tasks q=%s", qs[i]);
        internal_shows(what, same_for_public(what, ask_tasks, qs[i], 1), "\"i2\"");
    }
}

static int ask_similar(se_engine *e, se_view v, const void *arg, json_t **out, tr_error *err)
{
    se_similar_params p = {0};
    p.text = arg;
    p.text_len = strlen(arg);
    p.title = "Nhân giống sâm Ngọc Linh";
    p.title_len = strlen(p.title);
    p.type = "all";
    p.view = v;
    return se_similar(e, &p, out, err);
}

TS_TEST(test_similar)
{
    /* The near-duplicate under review is found by staff, and by nobody else. */
    json_t *in = same_for_public("similar", ask_similar, PROPOSAL, 0);
    json_t *top = json_array_get(json_object_get(in, "hits"), 0);
    assert_string_equal(json_string_value(json_object_get(top, "id")), "i2");
    assert_string_equal(json_string_value(json_object_get(top, "verdict")), "duplicate");
    internal_shows("similar", in, "\"access\":\"internal\"");
}

/* The cache key of a search differs by view alone. */
TS_TEST(test_cache_key)
{
    se_search_params p = {0};
    p.q = "kalimex";
    p.qlen = 7;
    size_t la = 0, lb = 0;
    char *a = sd_cache_key(&p, &la);
    p.view = SE_VIEW_INTERNAL;
    char *b = sd_cache_key(&p, &lb);
    assert_non_null(a);
    assert_non_null(b);
    assert_false(la == lb && memcmp(a, b, la) == 0);
    free(a);
    free(b);
}

/* The pages mark an internal record, and a public one not at all. */
TS_TEST(test_page_label)
{
    static const char *const recs[] = {"{\"id\":\"i1\",\"access\":\"internal\"}",
                                       "{\"id\":\"p1\",\"access\":\"public\"}",
                                       "{\"id\":\"p2\"}"};
    for (size_t i = 0; i < 3; i++) {
        json_t *rec = json_loads(recs[i], 0, NULL);
        sd_html h = {0};
        sd_html_put(&h, "<p>");
        sd_page_access_label(&h, rec);
        size_t len = 0;
        char *s = sd_html_take(&h, &len);
        if ((strstr(s, "Nội bộ") != NULL) != (i == 0))
            fail_msg("%s gives %s", recs[i], s);
        free(s);
        json_decref(rec);
    }
}

/* ---- The indexer's ways to say a level ------------------------------------------ */

static uint64_t restricted(const char *db)
{
    tr_error err = {0};
    xc_db *x = xc_db_open(db, &err);
    if (!x)
        fail_msg("cannot open %s: %s", db, err.message);
    uint64_t n = 0;
    assert_int_equal(xc_db_termfreq(x, VN_P_ACCESS VN_ACCESS_INTERNAL,
                                    strlen(VN_P_ACCESS VN_ACCESS_INTERNAL), &n, NULL),
                     0);
    xc_db_free(x);
    return n;
}

static void index_into(const char *db, const char *const *args, int status, const char *words)
{
    char *argv[16];
    size_t n = 0;
    argv[n++] = (char *)ts_program("indexer/tracuu-index");
    argv[n++] = "--quiet";
    argv[n++] = "--db";
    argv[n++] = (char *)db;
    for (; *args; args++)
        argv[n++] = (char *)*args;
    argv[n] = NULL;
    free(ts_run_expect(argv, status, words));
}

TS_TEST(test_indexer_levels)
{
    /* A field: public, internal, Vietnamese names; an unknown level is refused. */
    const char *lines = ts_tmp_path("levels.jsonl");
    static const char recs[] =
        "{\"id\":\"a\",\"title\":\"A\",\"body\":\"một\",\"access\":\"public\"}\n"
        "{\"id\":\"b\",\"title\":\"B\",\"body\":\"hai\",\"access\":\"internal\"}\n"
        "{\"id\":\"c\",\"title\":\"C\",\"body\":\"ba\",\"access\":\"NỘI BỘ\"}\n"
        "{\"id\":\"d\",\"title\":\"D\",\"body\":\"bốn\",\"access\":\"secret\"}\n"
        "{\"id\":\"e\",\"title\":\"E\",\"body\":\"năm\",\"access\":7}\n"
        "{\"id\":\"f\",\"title\":\"F\",\"body\":\"sáu\"}\n";
    ts_write_file(lines, recs, sizeof recs - 1);
    const char *db1 = ts_tmp_path("levels1");
    index_into(db1, (const char *const[]){lines, NULL}, 1,
               "levels.jsonl:4: skipped: unknown access level (public or internal)");
    assert_int_equal(restricted(db1), 2);
    /* --access internal: the records that name no level. */
    const char *db2 = ts_tmp_path("levels2");
    index_into(db2, (const char *const[]){"--access", "internal", lines, NULL}, 1, NULL);
    assert_int_equal(restricted(db2), 3);
    index_into(ts_tmp_path("levels3"), (const char *const[]){"--access", "secret", lines, NULL},
               2, "--access must be public or internal");
    /* A folder's .tracuu, for its document files and its JSON Lines. */
    char folder[1024];
    snprintf(folder, sizeof folder, "%s", ts_tmp_path("closed"));
    make_dir(folder);
    char path[1100];
    snprintf(path, sizeof path, "%s/.tracuu", folder);
    ts_write_file(path, "access = nội bộ\n", strlen("access = nội bộ\n"));
    snprintf(path, sizeof path, "%s/hop.txt", folder);
    ts_write_file(path, "Biên bản họp kín\nNội dung không công khai.\n",
                  strlen("Biên bản họp kín\nNội dung không công khai.\n"));
    static const char two[] = "{\"id\":\"a\",\"title\":\"A\",\"body\":\"một\","
                              "\"access\":\"public\"}\n"
                              "{\"id\":\"g\",\"title\":\"G\",\"body\":\"bảy\"}\n";
    snprintf(path, sizeof path, "%s/more.jsonl", folder);
    ts_write_file(path, two, sizeof two - 1);
    const char *db4 = ts_tmp_path("levels4");
    index_into(db4, (const char *const[]){folder, NULL}, 0, NULL);
    assert_int_equal(restricted(db4), 2); /* hop.txt and g; a says public itself */
    snprintf(path, sizeof path, "%s/.tracuu", folder);
    ts_write_file(path, "access = secret\n", strlen("access = secret\n"));
    index_into(ts_tmp_path("levels5"), (const char *const[]){folder, NULL}, 2,
               ".tracuu:1: unknown access level (public or internal)");
    /* A spreadsheet's column, in Vietnamese. */
    const char *csv = ts_tmp_path("tasks.csv");
    static const char rows[] = "Mã số,Tên nhiệm vụ,Quyền truy cập\n"
                               "T1,Giống lúa,Công khai\n"
                               "T2,Giống ngô,Nội bộ\n"
                               "T3,Giống sắn,\n";
    ts_write_file(csv, rows, sizeof rows - 1);
    const char *db6 = ts_tmp_path("levels6");
    index_into(db6, (const char *const[]){csv, NULL}, 0, NULL);
    assert_int_equal(restricted(db6), 1);
}

TS_MAIN(setup, teardown,
        cmocka_unit_test(test_search),
        cmocka_unit_test(test_suggest),
        cmocka_unit_test(test_doc_and_count),
        cmocka_unit_test(test_officials_and_decisions),
        cmocka_unit_test(test_tasks),
        cmocka_unit_test(test_similar),
        cmocka_unit_test(test_cache_key),
        cmocka_unit_test(test_page_label),
        cmocka_unit_test(test_indexer_levels))
