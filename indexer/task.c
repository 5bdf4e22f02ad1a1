/* task: see task.h. */
#include "task.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "document.h"
#include "vn_terms.h"

/* ---- Codes and their Vietnamese names ------------------------------------- */

typedef struct alias {
    const char *key; /* vn_term_key() form */
    const char *code;
} alias;

/* The names a registry or a spreadsheet uses for a level: "Cấp tỉnh", "tỉnh". */
static const alias level_aliases[] = {
    {"national", "national"},       {"quoc gia", "national"},   {"cap quoc gia", "national"},
    {"nha nuoc", "national"},       {"cap nha nuoc", "national"}, {"ministry", "ministry"},
    {"bo", "ministry"},             {"cap bo", "ministry"},     {"bo nganh", "ministry"},
    {"province", "province"},       {"provincial", "province"}, {"tinh", "province"},
    {"cap tinh", "province"},       {"grassroots", "grassroots"}, {"co so", "grassroots"},
    {"cap co so", "grassroots"},
};

static const alias status_aliases[] = {
    {"proposed", "proposed"},       {"de xuat", "proposed"},
    {"de xuat chua phe duyet", "proposed"},
    {"approved", "approved"},       {"phe duyet", "approved"},  {"da phe duyet", "approved"},
    {"da phe duyet chua trien khai", "approved"},
    {"in progress", "in_progress"}, {"dang thuc hien", "in_progress"},
    {"dang trien khai", "in_progress"},
    {"accepted", "accepted"},       {"nghiem thu", "accepted"}, {"da nghiem thu", "accepted"},
    {"cancelled", "cancelled"},     {"canceled", "cancelled"},  {"huy", "cancelled"},
    {"da huy", "cancelled"},        {"huy bo", "cancelled"},    {"cham dut", "cancelled"},
    {"da cham dut", "cancelled"},   {"da cham dut huy bo", "cancelled"},
    {"dung", "cancelled"},
};

/* The Vietnamese words for the summary line of a generated body. */
static const alias level_words[] = {
    {"national", "cấp quốc gia"}, {"ministry", "cấp bộ"},
    {"province", "cấp tỉnh"},     {"grassroots", "cấp cơ sở"},
};

static const alias status_words[] = {
    {"proposed", "đề xuất, chưa phê duyệt"}, {"approved", "đã phê duyệt, chưa triển khai"},
    {"in_progress", "đang thực hiện"},       {"accepted", "đã nghiệm thu"},
    {"cancelled", "đã chấm dứt, hủy bỏ"},
};

/* The first level of the national classification of S&T fields, for tasks that
 * give the field by name only (as the corpus does): field=4 then finds every
 * agricultural task, whatever its sub-field. */
static const alias field_codes[] = {
    {"khoa hoc tu nhien", "1"},          {"tu nhien", "1"},
    {"khoa hoc ky thuat va cong nghe", "2"}, {"ky thuat va cong nghe", "2"},
    {"ky thuat cong nghe", "2"},         {"khoa hoc ky thuat", "2"},
    {"khoa hoc y duoc", "3"},            {"y duoc", "3"},  {"y hoc", "3"},
    {"khoa hoc nong nghiep", "4"},       {"nong nghiep", "4"},
    {"khoa hoc xa hoi", "5"},            {"xa hoi", "5"},
    {"khoa hoc nhan van", "6"},          {"nhan van", "6"},
};

#define COUNT(a) (sizeof(a) / sizeof(a)[0])

static const char *lookup(const alias *t, size_t n, const char *key)
{
    for (size_t i = 0; i < n; i++)
        if (strcmp(t[i].key, key) == 0)
            return t[i].code;
    return NULL;
}

/* ---- Checks ----------------------------------------------------------------- */

static const char *const text_fields[] = {
    "code",    "field",     "field_code",       "investigator", "organization", "managing_body",
    "objectives", "content", "expected_results", "results",     "summary",
};

/* Replaces a level or status by its code; absent and null are fine. */
static int normalise_code(json_t *root, const char *name, const alias *t, size_t n,
                          const char *expected, tr_error *err)
{
    json_t *v = json_object_get(root, name);
    if (!v || json_is_null(v))
        return 0;
    if (!json_is_string(v))
        return tr_error_set(err, TR_EINVAL, "%s is not a string", name);
    char key[VN_TERM_MAX + 1];
    size_t len;
    int rc = vn_term_key("", json_string_value(v), json_string_length(v), 0, key, sizeof key,
                         &len, err);
    if (rc)
        return rc;
    if (len == 0) {
        json_object_del(root, name);
        return 0;
    }
    const char *code = lookup(t, n, key);
    if (!code)
        return tr_error_set(err, TR_EINVAL, "invalid %s (expected %s)", name, expected);
    if (strcmp(json_string_value(v), code) != 0 &&
        json_object_set_new(root, name, json_string(code)) != 0)
        return tr_error_set(err, TR_ENOMEM, "out of memory");
    return 0;
}

static int digits(const char *s, size_t n)
{
    for (size_t i = 0; i < n; i++)
        if (s[i] < '0' || s[i] > '9')
            return 0;
    return n > 0;
}

/* YYYY, YYYY-MM or YYYY-MM-DD with a real month and day (30 February passes: a
 * planning date, not a calendar). */
static int valid_date(const char *s, size_t n)
{
    if (!(n == 4 || n == 7 || n == 10) || !digits(s, 4))
        return 0;
    if (n >= 7) {
        if (s[4] != '-' || !digits(s + 5, 2))
            return 0;
        int m = (s[5] - '0') * 10 + (s[6] - '0');
        if (m < 1 || m > 12)
            return 0;
    }
    if (n == 10) {
        if (s[7] != '-' || !digits(s + 8, 2))
            return 0;
        int d = (s[8] - '0') * 10 + (s[9] - '0');
        if (d < 1 || d > 31)
            return 0;
    }
    return 1;
}

static int check_dates(json_t *root, tr_error *err)
{
    const char *names[2] = {"start", "end"};
    const char *s[2] = {NULL, NULL};
    size_t n[2] = {0, 0};
    for (int i = 0; i < 2; i++) {
        json_t *v = json_object_get(root, names[i]);
        if (!v || json_is_null(v))
            continue;
        if (!json_is_string(v))
            return tr_error_set(err, TR_EINVAL, "%s is not a string", names[i]);
        s[i] = json_string_value(v);
        n[i] = json_string_length(v);
        if (n[i] == 0) {
            s[i] = NULL;
            continue;
        }
        if (!valid_date(s[i], n[i]))
            return tr_error_set(err, TR_EINVAL,
                                "invalid %s (expected YYYY, YYYY-MM or YYYY-MM-DD)", names[i]);
    }
    /* "2021" against "2021-06": only what both say is compared. */
    if (s[0] && s[1] && memcmp(s[1], s[0], n[0] < n[1] ? n[0] : n[1]) < 0)
        return tr_error_set(err, TR_EINVAL, "end is before start");
    return 0;
}

static int check_budget(json_t *root, tr_error *err)
{
    json_t *b = json_object_get(root, "budget");
    if (!b || json_is_null(b))
        return 0;
    if (!json_is_object(b))
        return tr_error_set(err, TR_EINVAL,
                            "budget is not an object (expected {\"state\": N, \"other\": N})");
    const char *parts[2] = {"state", "other"};
    for (int i = 0; i < 2; i++) {
        json_t *v = json_object_get(b, parts[i]);
        if (!v || json_is_null(v))
            continue;
        if (!json_is_integer(v))
            return tr_error_set(err, TR_EINVAL, "budget.%s is not a whole number of VND",
                                parts[i]);
        json_int_t x = json_integer_value(v);
        if (x < 0)
            return tr_error_set(err, TR_EINVAL, "budget.%s is negative", parts[i]);
        if (x > IX_TASK_BUDGET_MAX)
            return tr_error_set(err, TR_EINVAL, "budget.%s is too large (over 10^15 VND)",
                                parts[i]);
    }
    return 0;
}

/* ---- A body for a task that has none ---------------------------------------- */

static const char *str(json_t *root, const char *name)
{
    json_t *v = json_object_get(root, name);
    const char *s = json_is_string(v) ? json_string_value(v) : NULL;
    return s && *s ? s : NULL;
}

static json_int_t budget_part(json_t *root, const char *name, int *present)
{
    json_t *v = json_object_get(json_object_get(root, "budget"), name);
    if (json_is_integer(v)) {
        *present = 1;
        return json_integer_value(v);
    }
    return 0;
}

/* 1330000000 -> "1.330.000.000", as Vietnamese writes amounts. */
static void vnd(json_int_t x, char out[32])
{
    char d[24];
    int n = snprintf(d, sizeof d, "%lld", (long long)x), o = 0;
    for (int i = 0; i < n; i++) {
        if (i > 0 && (n - i) % 3 == 0)
            out[o++] = '.';
        out[o++] = d[i];
    }
    out[o] = '\0';
}

/* "2019-06" -> "06/2019", "2019-06-20" -> "20/06/2019". */
static void vn_date(FILE *f, const char *s)
{
    size_t n = strlen(s);
    if (n == 10)
        fprintf(f, "%.2s/%.2s/%.4s", s + 8, s + 5, s);
    else if (n == 7)
        fprintf(f, "%.2s/%.4s", s + 5, s);
    else
        fputs(s, f);
}

static void labelled(FILE *f, const char *label, const char *text, int *sep)
{
    if (!text)
        return;
    fprintf(f, "%s%s: %s", *sep ? "\n" : "", label, text);
    *sep = 1;
}

/* The summary line follows the corpus's ("Đề tài cấp tỉnh. Mã số: ... Tình trạng:
 * đã nghiệm thu."), then one paragraph per text field. */
static int make_body(json_t *root, tr_error *err)
{
    char *buf = NULL;
    size_t len = 0;
    FILE *f = open_memstream(&buf, &len);
    if (!f)
        return tr_error_set(err, TR_ENOMEM, "out of memory");
    const char *level = str(root, "level"), *status = str(root, "status");
    const char *lw = level ? lookup(level_words, COUNT(level_words), level) : NULL;
    fprintf(f, "Nhiệm vụ KH&CN%s%s.", lw ? " " : "", lw ? lw : "");
    static const char *const head[][2] = {
        {"code", "Mã số"},         {"field", "Lĩnh vực"},
        {"investigator", "Chủ nhiệm"}, {"organization", "Cơ quan chủ trì"},
        {"managing_body", "Cơ quan quản lý"},
    };
    for (size_t i = 0; i < COUNT(head); i++)
        if (str(root, head[i][0]))
            fprintf(f, " %s: %s.", head[i][1], str(root, head[i][0]));
    const char *start = str(root, "start"), *end = str(root, "end");
    if (start || end) {
        fputs(" Thời gian thực hiện: ", f);
        vn_date(f, start ? start : "?");
        fputs(" – ", f);
        vn_date(f, end ? end : "?");
        fputc('.', f);
    }
    int has_state = 0, has_other = 0;
    json_int_t state = budget_part(root, "state", &has_state);
    json_int_t other = budget_part(root, "other", &has_other);
    if (has_state || has_other) {
        char t[32], s[32], o[32];
        vnd(state + other, t);
        vnd(state, s);
        vnd(other, o);
        fprintf(f, " Tổng kinh phí: %s đồng (ngân sách nhà nước: %s đồng; nguồn khác: %s đồng).",
                t, s, o);
    }
    const char *sw = status ? lookup(status_words, COUNT(status_words), status) : NULL;
    if (sw)
        fprintf(f, " Tình trạng: %s.", sw);
    int sep = 1;
    labelled(f, "Mục tiêu", str(root, "objectives"), &sep);
    labelled(f, "Nội dung", str(root, "content"), &sep);
    labelled(f, "Kết quả dự kiến", str(root, "expected_results"), &sep);
    labelled(f, "Kết quả", str(root, "results"), &sep);
    labelled(f, "Tóm tắt", str(root, "summary"), &sep);
    int failed = ferror(f);
    fclose(f);
    json_t *body = failed ? NULL : json_stringn(buf, len);
    free(buf);
    if (!body || json_object_set_new(root, "body", body) != 0)
        return tr_error_set(err, TR_ENOMEM, "out of memory");
    return 0;
}

static int blank(const char *s)
{
    for (; s && *s; s++)
        if (*s != ' ' && *s != '\t' && *s != '\r' && *s != '\n')
            return 0;
    return 1;
}

int ix_task_check(json_t *root, tr_error *err)
{
    for (size_t i = 0; i < COUNT(text_fields); i++) {
        json_t *v = json_object_get(root, text_fields[i]);
        if (v && !json_is_null(v) && !json_is_string(v))
            return tr_error_set(err, TR_EINVAL, "%s is not a string", text_fields[i]);
    }
    int rc = normalise_code(root, "level", level_aliases, COUNT(level_aliases),
                            "national, ministry, province or grassroots", err);
    if (!rc)
        rc = normalise_code(root, "status", status_aliases, COUNT(status_aliases),
                            "proposed, approved, in_progress, accepted or cancelled", err);
    if (!rc)
        rc = check_dates(root, err);
    if (!rc)
        rc = check_budget(root, err);
    json_t *body = json_object_get(root, "body");
    if (!rc && (!body || json_is_null(body) || (json_is_string(body) &&
                                                blank(json_string_value(body)))))
        rc = make_body(root, err);
    return rc;
}

/* ---- Index terms and values ------------------------------------------------- */

static int add_key(xc_doc *doc, const char *prefix, const char *text, unsigned flags,
                   tr_error *err)
{
    char term[VN_TERM_MAX + 1];
    size_t len;
    int rc = vn_term_key(prefix, text, strlen(text), flags, term, sizeof term, &len, err);
    if (rc == 0 && len > 0)
        rc = xc_doc_add_boolean_term(doc, term, len, err);
    return rc;
}

static int add_plain(xc_doc *doc, const char *prefix, const char *text, size_t len,
                     tr_error *err)
{
    char term[VN_TERM_MAX + 1];
    size_t n = vn_term_build(term, sizeof term, prefix, text, len, NULL, 0);
    return n ? xc_doc_add_boolean_term(doc, term, n, err) : 0;
}

/* A field code is hierarchical: 1 digit, then 3, then 5 ("4", "401", "40102"); a
 * task is filed under each level, so a filter on any of them finds it. Codes that
 * are not digits are taken whole, lower case. */
static int add_field(xc_doc *doc, json_t *root, tr_error *err)
{
    const char *name = str(root, "field"), *code = str(root, "field_code");
    int rc = name ? add_key(doc, VN_P_TASK_FNAME, name, 0, err) : 0;
    char key[VN_TERM_MAX + 1];
    size_t klen = 0;
    if (!rc && !code && name &&
        !(rc = vn_term_key("", name, strlen(name), 0, key, sizeof key, &klen, err)) && klen)
        code = lookup(field_codes, COUNT(field_codes), key);
    if (rc || !code)
        return rc;
    size_t n = strlen(code);
    if (!digits(code, n))
        return add_key(doc, VN_P_TASK_FIELD, code, 0, err);
    static const size_t levels[] = {1, 3, 5};
    for (size_t i = 0; i < COUNT(levels) && !rc && levels[i] < n; i++)
        rc = add_plain(doc, VN_P_TASK_FIELD, code, levels[i], err);
    return rc ? rc : add_plain(doc, VN_P_TASK_FIELD, code, n, err);
}

static int add_values(xc_doc *doc, json_t *root, tr_error *err)
{
    int rc = 0;
    const char *start = str(root, "start");
    if (start && digits(start, 4)) {
        rc = add_plain(doc, VN_P_TASK_START, start, 4, err);
        if (!rc)
            rc = xc_doc_set_value(doc, VN_SLOT_TASK_START, start, 4, err);
    }
    int has = 0;
    json_int_t total = budget_part(root, "state", &has) + budget_part(root, "other", &has);
    if (!rc && has) {
        char v[XC_SORTABLE_MAX];
        size_t n = xc_sortable_serialise((double)total, v);
        rc = n ? xc_doc_set_value(doc, VN_SLOT_TASK_BUDGET, v, n, err) : 0;
    }
    return rc;
}

/* Whether `needle` occurs in `hay` (memmem is a GNU extension). */
static int contains(const char *hay, size_t hn, const char *needle, size_t nn)
{
    if (nn == 0)
        return 1;
    for (const char *p = hay; nn <= (size_t)(hay + hn - p);) {
        const char *c = memchr(p, needle[0], (size_t)(hay + hn - p) - nn + 1);
        if (!c)
            return 0;
        if (memcmp(c, needle, nn) == 0)
            return 1;
        p = c + 1;
    }
    return 0;
}

/* The fields a search by words should reach, in the body field. A field the body
 * quotes whole (a generated body, or the corpus's summary line naming the
 * organisation) is not added again: it would only count its words twice. */
static int add_text(vn_analyzer *a, xc_doc *doc, json_t *root, uint32_t *bpos, tr_error *err)
{
    static const char *const fields[] = {
        "code",    "investigator", "organization", "managing_body",
        "objectives", "content",   "expected_results", "results", "summary",
    };
    json_t *bv = json_object_get(root, "body");
    const char *body = json_is_string(bv) ? json_string_value(bv) : "";
    size_t body_len = json_is_string(bv) ? json_string_length(bv) : 0;
    int rc = 0;
    for (size_t i = 0; i < COUNT(fields) && !rc; i++) {
        json_t *v = json_object_get(root, fields[i]);
        if (!json_is_string(v) || blank(json_string_value(v)))
            continue;
        const char *t = json_string_value(v);
        size_t n = json_string_length(v);
        if (contains(body, body_len, t, n))
            continue;
        /* The gap keeps phrases from running from one field into the next. */
        *bpos += IX_DOCNUM_GAP;
        rc = ix_document_add_text(a, doc, VN_FIELD_BODY, t, n, bpos, err);
    }
    return rc;
}

int ix_task_index(vn_analyzer *a, xc_doc *doc, json_t *root, uint32_t *bpos, tr_error *err)
{
    const char *level = str(root, "level"), *status = str(root, "status");
    const char *org = str(root, "organization"), *pi = str(root, "investigator");
    int rc = level ? add_plain(doc, VN_P_TASK_LEVEL, level, strlen(level), err) : 0;
    if (!rc && status)
        rc = add_plain(doc, VN_P_TASK_STATUS, status, strlen(status), err);
    if (!rc)
        rc = add_field(doc, root, err);
    if (!rc && org)
        rc = add_key(doc, VN_P_TASK_ORG, org, 0, err);
    if (!rc && pi)
        rc = add_key(doc, VN_P_TASK_PI, pi, VN_KEY_PERSON, err);
    if (!rc)
        rc = add_values(doc, root, err);
    if (!rc)
        rc = add_text(a, doc, root, bpos, err);
    return rc;
}
