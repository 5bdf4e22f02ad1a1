/* tasks: parameters -> filters and query -> task hits (see tasks.h). The filters are
 * built first, free of the index, so that a bad parameter costs no handle. */
#include "engine.h"
#include "tasks.h"

#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "vn_terms.h"

#define PARAM_MAX 1024 /* bytes of one filter parameter */

typedef struct request {
    unsigned page, per_page;
    int by_value;      /* sort by `slot` then relevance */
    unsigned slot;
    int descending;
    xc_query *filter;  /* every filter ANDed, type:task included */
    se_query q;
} request;

/* ---- Parameters ------------------------------------------------------------ */

static int given(const char *s)
{
    return s && *s;
}

static int digits(const char *s, size_t n)
{
    for (size_t i = 0; i < n; i++)
        if (s[i] < '0' || s[i] > '9')
            return 0;
    return n > 0;
}

/* Checks a raw parameter before it is folded: bounded, and UTF-8. */
static int check_text(const char *name, const char *s, tr_error *err)
{
    size_t n = strlen(s);
    if (n > PARAM_MAX)
        return tr_error_set(err, TR_ELIMIT, "%s is too long (at most %d bytes)", name,
                            PARAM_MAX);
    if (!vn_utf8_valid(s, n))
        return tr_error_set(err, TR_EINVAL, "%s is not valid UTF-8", name);
    return 0;
}

/* Appends a term query to subs[*n]; the caller frees subs on failure. */
static int add_term(xc_query **subs, size_t *n, const char *term, size_t len, tr_error *err)
{
    xc_query *q = xc_query_term(term, len, 1, 0, err);
    if (!q)
        return err && err->code ? err->code : TR_ENOMEM;
    subs[(*n)++] = q;
    return 0;
}

typedef int (*item_fn)(const char *item, size_t len, char *term, size_t cap, size_t *tlen,
                       tr_error *err);

/* Whether item[0..len) is one of `codes` (NULL-terminated), whole. */
static int one_of(const char *const *codes, const char *item, size_t len)
{
    for (; *codes; codes++)
        if (strlen(*codes) == len && strncmp(*codes, item, len) == 0)
            return 1;
    return 0;
}

/* A term of one of a closed list of codes, or TR_EINVAL saying which codes there are. */
static int coded_term(const char *const *codes, const char *prefix, const char *what,
                      const char *item, size_t len, char *term, size_t cap, size_t *tlen,
                      tr_error *err)
{
    if (!one_of(codes, item, len))
        return tr_error_set(err, TR_EINVAL, "%s (several: comma-separated)", what);
    *tlen = vn_term_build(term, cap, prefix, item, len, NULL, 0);
    return 0;
}

static int level_term(const char *item, size_t len, char *term, size_t cap, size_t *tlen,
                      tr_error *err)
{
    static const char *const codes[] = {"national", "ministry", "province", "grassroots",
                                        NULL};
    return coded_term(codes, VN_P_TASK_LEVEL,
                      "level must be national, ministry, province or grassroots", item, len,
                      term, cap, tlen, err);
}

static int status_term(const char *item, size_t len, char *term, size_t cap, size_t *tlen,
                       tr_error *err)
{
    static const char *const codes[] = {"proposed", "approved", "in_progress", "accepted",
                                        "cancelled", NULL};
    return coded_term(codes, VN_P_TASK_STATUS,
                      "status must be proposed, approved, in_progress, accepted or cancelled",
                      item, len, term, cap, tlen, err);
}

/* A code of the classification ("4", "401") or a field's name ("nông nghiệp"). */
static int field_term(const char *item, size_t len, char *term, size_t cap, size_t *tlen,
                      tr_error *err)
{
    if (digits(item, len)) {
        *tlen = vn_term_build(term, cap, VN_P_TASK_FIELD, item, len, NULL, 0);
        return 0;
    }
    int rc = vn_term_key(VN_P_TASK_FNAME, item, len, 0, term, cap, tlen, err);
    if (rc == 0 && *tlen == 0)
        rc = tr_error_set(err, TR_EINVAL, "field must be a field code or name");
    return rc;
}

/* "a, b,c": one term per item, ORed into subs[*n]. */
static int add_list(xc_query **subs, size_t *n, const char *name, const char *value,
                    item_fn fn, tr_error *err)
{
    int rc = check_text(name, value, err);
    xc_query *alts[SE_TASKS_LIST_MAX];
    size_t nalts = 0;
    for (const char *p = value; rc == 0 && *p;) {
        const char *comma = strchr(p, ',');
        size_t len = comma ? (size_t)(comma - p) : strlen(p);
        const char *item = p;
        p += len + (comma ? 1 : 0);
        while (len > 0 && *item == ' ') {
            item++;
            len--;
        }
        while (len > 0 && item[len - 1] == ' ')
            len--;
        if (len == 0)
            continue;
        if (nalts == SE_TASKS_LIST_MAX) {
            rc = tr_error_set(err, TR_ELIMIT, "%s has too many values (at most %d)", name,
                              SE_TASKS_LIST_MAX);
            break;
        }
        char term[VN_TERM_MAX + 1];
        size_t tlen = 0;
        if ((rc = fn(item, len, term, sizeof term, &tlen, err)) == 0)
            rc = tlen ? add_term(alts, &nalts, term, tlen, err)
                      : tr_error_set(err, TR_EINVAL, "%s has a value too long", name);
    }
    if (rc == 0 && nalts == 0)
        rc = tr_error_set(err, TR_EINVAL, "%s is empty", name);
    if (rc == 0) {
        xc_query *any = xc_query_combine(XC_OP_OR, alts, nalts, 0, err);
        if (any)
            subs[(*n)++] = any;
        else
            rc = err && err->code ? err->code : TR_ENOMEM;
    }
    for (size_t i = 0; i < nalts; i++)
        xc_query_free(alts[i]);
    return rc;
}

/* An organisation or a person, matched whole as the indexer keyed it. */
static int add_key(xc_query **subs, size_t *n, const char *name, const char *value,
                   const char *prefix, unsigned flags, tr_error *err)
{
    char term[VN_TERM_MAX + 1];
    size_t tlen = 0;
    int rc = check_text(name, value, err);
    if (rc == 0)
        rc = vn_term_key(prefix, value, strlen(value), flags, term, sizeof term, &tlen, err);
    if (rc == 0 && tlen == 0)
        rc = tr_error_set(err, TR_EINVAL, "%s must be a name (at most %d letters)", name,
                          VN_TERM_MAX - 4);
    return rc ? rc : add_term(subs, n, term, tlen, err);
}

static int parse_year(const char *name, const char *s, char out[5], tr_error *err)
{
    out[0] = '\0';
    if (!given(s))
        return 0;
    if (strlen(s) != 4 || !digits(s, 4))
        return tr_error_set(err, TR_EINVAL, "%s must be a year: YYYY", name);
    memcpy(out, s, 5);
    return 0;
}

static int parse_sort(const char *s, request *r, tr_error *err)
{
    static const struct {
        const char *name;
        unsigned slot;
        int descending;
    } sorts[] = {
        {"year", VN_SLOT_TASK_START, 0},
        {"-year", VN_SLOT_TASK_START, 1},
        {"budget", VN_SLOT_TASK_BUDGET, 0},
        {"-budget", VN_SLOT_TASK_BUDGET, 1},
    };
    if (!given(s) || strcmp(s, "relevance") == 0)
        return 0;
    for (size_t i = 0; i < sizeof sorts / sizeof sorts[0]; i++)
        if (strcmp(s, sorts[i].name) == 0) {
            r->by_value = 1;
            r->slot = sorts[i].slot;
            r->descending = sorts[i].descending;
            return 0;
        }
    return tr_error_set(err, TR_EINVAL, "sort must be relevance, year, -year, budget or -budget");
}

static int build_filter(const se_tasks_params *p, request *r, tr_error *err)
{
    xc_query *subs[8];
    size_t n = 0;
    char from[5], to[5];
    int rc = add_term(subs, &n, VN_P_TYPE "task", strlen(VN_P_TYPE "task"), err);
    if (rc == 0 && given(p->level))
        rc = add_list(subs, &n, "level", p->level, level_term, err);
    if (rc == 0 && given(p->status))
        rc = add_list(subs, &n, "status", p->status, status_term, err);
    if (rc == 0 && given(p->field))
        rc = add_list(subs, &n, "field", p->field, field_term, err);
    if (rc == 0 && given(p->org))
        rc = add_key(subs, &n, "org", p->org, VN_P_TASK_ORG, 0, err);
    if (rc == 0 && given(p->pi))
        rc = add_key(subs, &n, "pi", p->pi, VN_P_TASK_PI, VN_KEY_PERSON, err);
    if (rc == 0)
        rc = parse_year("year_from", p->year_from, from, err);
    if (rc == 0)
        rc = parse_year("year_to", p->year_to, to, err);
    if (rc == 0 && from[0] && to[0] && strcmp(from, to) > 0)
        rc = tr_error_set(err, TR_EINVAL, "year_from is after year_to");
    if (rc == 0 && (from[0] || to[0])) {
        xc_query *range = xc_query_value_range(VN_SLOT_TASK_START, from[0] ? from : NULL,
                                               to[0] ? to : NULL, err);
        if (range)
            subs[n++] = range;
        else
            rc = err && err->code ? err->code : TR_ENOMEM;
    }
    if (rc == 0 && !(r->filter = xc_query_combine(XC_OP_AND, subs, n, 0, err)))
        rc = err && err->code ? err->code : TR_ENOMEM;
    for (size_t i = 0; i < n; i++)
        xc_query_free(subs[i]);
    return rc;
}

static int validate(const se_tasks_params *p, request *r, tr_error *err)
{
    int rc = se_check_query_and_page(p->q, p->qlen, p->page, p->per_page, &r->page,
                                     &r->per_page, err);
    if (rc)
        return rc;
    rc = parse_sort(p->sort, r, err);
    return rc ? rc : build_filter(p, r, err);
}

/* ---- Running ------------------------------------------------------------------ */

static xc_mset *run_once(xc_db *db, xc_query *q, const request *r, const se_weights *w,
                         tr_error *err)
{
    xc_enquire *e = xc_enquire_new(db, err);
    if (!e)
        return NULL;
    xc_mset *m = NULL;
    if (xc_enquire_set_query(e, q, err) == 0 &&
        xc_enquire_set_bm25(e, w->k1, 0, 1, w->b, 0.5, err) == 0 &&
        (!r->by_value || xc_enquire_set_sort(e, XC_SORT_VALUE_THEN_RELEVANCE, r->slot,
                                             r->descending, err) == 0))
        m = xc_enquire_run(e, (r->page - 1) * r->per_page, r->per_page, 200, err);
    xc_enquire_free(e);
    return m;
}

/* The words, strict and then, when nothing matches them all, relaxed (as
 * /api/search does), within the filters. */
static xc_mset *search(xc_db *db, vn_analyzer *a, const se_engine *e, const se_lexicon *lx,
                       request *r, tr_error *err)
{
    xc_mset *m = NULL;
    for (int relaxed = 0; relaxed < 2; relaxed++) {
        se_syn *syn = se_engine_syn(e);
        xc_query *words = se_qbuild(&r->q, a, db, lx, syn, &e->weights, relaxed, NULL, NULL, err);
        se_syn_free(syn);
        if (!words)
            break;
        xc_query *subs[2] = {words, r->filter};
        xc_query *q = xc_query_combine(XC_OP_FILTER, subs, 2, 0, err);
        xc_query_free(words);
        if (!q)
            break;
        xc_mset_free(m);
        m = run_once(db, q, r, &e->weights, err);
        xc_query_free(q);
        if (!m || xc_mset_size(m) > 0 || r->page > 1 || r->q.nclauses < 2)
            break;
    }
    return m;
}

static json_t *get_or_null(json_t *rec, const char *key)
{
    json_t *v = json_object_get(rec, key);
    return v ? json_incref(v) : json_null();
}

static json_t *make_hit(const xc_mset *m, size_t i, tr_error *err)
{
    xc_hit h;
    json_t *rec = xc_mset_hit(m, i, &h, err) ? NULL : se_mset_record(m, i, err);
    if (!rec)
        return NULL;
    json_t *b = json_object_get(rec, "budget");
    json_t *hit = json_pack(
        "{s:o, s:o, s:o, s:o, s:o, s:o, s:o, s:o, s:o, s:o, s:o, s:{s:o, s:o}, s:f}", "id",
        get_or_null(rec, "id"), "code", get_or_null(rec, "code"), "title",
        get_or_null(rec, "title"), "level", get_or_null(rec, "level"), "field",
        get_or_null(rec, "field"), "field_code", get_or_null(rec, "field_code"), "status",
        get_or_null(rec, "status"), "investigator", get_or_null(rec, "investigator"),
        "organization", get_or_null(rec, "organization"), "start", get_or_null(rec, "start"),
        "end", get_or_null(rec, "end"), "budget", "state", get_or_null(b, "state"), "other",
        get_or_null(b, "other"), "score", se_round_score(h.weight));
    json_decref(rec);
    if (!hit)
        tr_error_set(err, TR_ENOMEM, "out of memory");
    return hit;
}

static json_t *answer(const xc_mset *m, const request *r, const struct timespec *t0,
                      tr_error *err)
{
    json_t *hits = json_array();
    for (size_t i = 0; hits && i < xc_mset_size(m); i++) {
        json_t *hit = make_hit(m, i, err);
        if (!hit || json_array_append_new(hits, hit)) {
            json_decref(hits);
            hits = NULL;
        }
    }
    if (!hits)
        return NULL;
    return json_pack("{s:I, s:I, s:I, s:o, s:f}", "total", (json_int_t)xc_mset_estimated(m),
                     "page", (json_int_t)r->page, "per_page", (json_int_t)r->per_page, "hits",
                     hits, "took_ms", se_elapsed_ms(t0));
}

static int tasks_request(se_engine *e, const void *in, json_t **out, tr_error *err)
{
    const se_tasks_params *p = in;
    struct timespec t0;
    clock_gettime(CLOCK_MONOTONIC, &t0);
    *out = NULL;
    request r;
    memset(&r, 0, sizeof r);
    int rc = validate(p, &r, err);
    vn_analyzer *a = rc ? NULL : se_thread_analyzer(err);
    if (!rc && !a)
        rc = err && err->code ? err->code : TR_ENOMEM;
    if (!rc)
        rc = se_query_parse(&r.q, p->q ? p->q : "", p->q ? p->qlen : 0, err);
    if (rc) {
        xc_query_free(r.filter);
        se_query_clear(&r.q);
        return rc;
    }
    xc_db *db = se_pool_get(e->pool, err);
    se_lexicon *lx = db && e->lexicons ? se_lexicon_get(e->lexicons, db, NULL) : NULL;
    xc_mset *m = db ? search(db, a, e, lx, &r, err) : NULL;
    if (m)
        *out = answer(m, &r, &t0, err);
    se_lexicon_unref(lx);
    xc_mset_free(m);
    se_pool_put(e->pool, db, *out == NULL);
    xc_query_free(r.filter);
    se_query_clear(&r.q);
    if (!*out)
        return tr_error_set(err, TR_EINTERNAL, "the task search failed");
    return 0;
}

int se_tasks(se_engine *e, const se_tasks_params *p, json_t **out, tr_error *err)
{
    return se_engine_read(e, tasks_request, p, out, err);
}

void se_tasks_params_read(se_tasks_params *p, se_param_fn get, void *ctx)
{
    memset(p, 0, sizeof *p);
    p->q = get(ctx, "q", &p->qlen);
    p->field = get(ctx, "field", NULL);
    p->level = get(ctx, "level", NULL);
    p->status = get(ctx, "status", NULL);
    p->org = get(ctx, "org", NULL);
    p->pi = get(ctx, "pi", NULL);
    p->year_from = get(ctx, "year_from", NULL);
    p->year_to = get(ctx, "year_to", NULL);
    p->sort = get(ctx, "sort", NULL);
    p->page = get(ctx, "page", NULL);
    p->per_page = get(ctx, "per_page", NULL);
}
