/* search: parameters -> query -> results as JSON (see search.h). */
#include "engine.h"
#include "search.h"

#include <errno.h>
#include <math.h>
#include <pthread.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "facets.h"
#include "snippet.h"
#include "spell.h"
#include "vn_terms.h"

/* ---- One analyzer per thread ---------------------------------------------- */

static pthread_key_t analyzer_key;
static pthread_once_t analyzer_once = PTHREAD_ONCE_INIT;

static void analyzer_free(void *a)
{
    vn_analyzer_free(a);
}

static void analyzer_key_init(void)
{
    pthread_key_create(&analyzer_key, analyzer_free);
}

vn_analyzer *se_thread_analyzer(tr_error *err)
{
    pthread_once(&analyzer_once, analyzer_key_init);
    vn_analyzer *a = pthread_getspecific(analyzer_key);
    if (!a) {
        a = vn_analyzer_new(err);
        if (a)
            pthread_setspecific(analyzer_key, a);
    }
    return a;
}

/* ---- Parameters ------------------------------------------------------------ */

static int parse_uint(const char *s, unsigned def, unsigned *out)
{
    if (!s || !*s) {
        *out = def;
        return 0;
    }
    char *end;
    errno = 0;
    unsigned long v = strtoul(s, &end, 10);
    if (*end || errno || v > 1000000 || s[0] == '-' || s[0] == '+')
        return -1;
    *out = (unsigned)v;
    return 0;
}

/* "2023", "2023-04" or "2023-04-13" -> "2023", "202304", "20230413", padded with
 * `pad` ('0' for a lower bound, '9' for an upper one) to 8 digits. */
static int parse_date_bound(const char *s, char pad, char out[9])
{
    size_t n = 0;
    for (const char *p = s; *p; p++) {
        if (*p >= '0' && *p <= '9' && n < 8)
            out[n++] = *p;
        else if (*p != '-' || n == 0)
            return -1;
    }
    if (n != 4 && n != 6 && n != 8)
        return -1;
    while (n < 8)
        out[n++] = pad;
    out[8] = '\0';
    return 0;
}

typedef struct request {
    unsigned page, per_page;
    se_sort sort;
    char from[9], to[9];
    char year_from[5], year_to[5]; /* the year= parameter, "" when absent */
    se_query q;
    se_query keys; /* q read as Telex or VNI keys, searched beside it (with_keys) */
    int has_keys;
} request;

/* year= as the query syntax's year: "2023" or "2019..2023". */
static int parse_years(const char *s, char from[5], char to[5])
{
    size_t n = strlen(s);
    const char *dots = strstr(s, "..");
    const char *b = dots ? dots + 2 : s;
    size_t alen = dots ? (size_t)(dots - s) : n;
    if (alen != 4 || strlen(b) != 4 || strspn(s, "0123456789") != 4 || strspn(b, "0123456789") != 4)
        return -1;
    memcpy(from, s, 4);
    memcpy(to, b, 4);
    from[4] = to[4] = '\0';
    if (strcmp(from, to) > 0) {
        char t[5];
        memcpy(t, from, 5);
        memcpy(from, to, 5);
        memcpy(to, t, 5);
    }
    return 0;
}

int se_check_query_and_page(const char *q, size_t qlen, const char *page, const char *per_page,
                            unsigned *page_out, unsigned *per_page_out, tr_error *err)
{
    if (qlen > SE_QUERY_MAX_BYTES)
        return tr_error_set(err, TR_ELIMIT, "the query is too long (at most %d bytes)",
                            SE_QUERY_MAX_BYTES);
    if (q && !vn_utf8_valid(q, qlen))
        return tr_error_set(err, TR_EINVAL, "the query is not valid UTF-8");
    if (parse_uint(page, 1, page_out) || *page_out == 0)
        return tr_error_set(err, TR_EINVAL, "page must be a whole number from 1");
    if (parse_uint(per_page, SE_PER_PAGE_DEFAULT, per_page_out) || *per_page_out == 0 ||
        *per_page_out > SE_PER_PAGE_MAX)
        return tr_error_set(err, TR_EINVAL, "per_page must be a whole number from 1 to %d",
                            SE_PER_PAGE_MAX);
    if ((unsigned long long)*page_out * *per_page_out > SE_RESULTS_MAX)
        return tr_error_set(err, TR_ELIMIT,
                            "the page is too deep: only the first %d results can be paged",
                            SE_RESULTS_MAX);
    return 0;
}

static int validate(const se_search_params *p, request *r, tr_error *err)
{
    int rc = se_check_query_and_page(p->q, p->qlen, p->page, p->per_page, &r->page,
                                     &r->per_page, err);
    if (rc)
        return rc;
    r->from[0] = r->to[0] = '\0';
    if (p->from && *p->from && parse_date_bound(p->from, '0', r->from))
        return tr_error_set(err, TR_EINVAL, "from must be a date: YYYY, YYYY-MM or YYYY-MM-DD");
    if (p->to && *p->to && parse_date_bound(p->to, '9', r->to))
        return tr_error_set(err, TR_EINVAL, "to must be a date: YYYY, YYYY-MM or YYYY-MM-DD");
    if (!p->sort || !*p->sort || strcmp(p->sort, "relevance") == 0)
        r->sort = SE_SORT_RELEVANCE;
    else if (strcmp(p->sort, "date") == 0 || strcmp(p->sort, "newest") == 0)
        r->sort = SE_SORT_NEWEST;
    else if (strcmp(p->sort, "date_asc") == 0 || strcmp(p->sort, "oldest") == 0)
        r->sort = SE_SORT_OLDEST;
    else
        return tr_error_set(err, TR_EINVAL, "sort must be relevance, date or date_asc");
    if (p->type && strlen(p->type) >= sizeof r->q.types[0])
        return tr_error_set(err, TR_EINVAL, "unknown document type");
    r->year_from[0] = r->year_to[0] = '\0';
    if (p->year && *p->year && parse_years(p->year, r->year_from, r->year_to))
        return tr_error_set(err, TR_EINVAL, "year must be YYYY or YYYY..YYYY");
    const char *ent[] = {p->province, p->org, p->person, p->doc_type};
    for (size_t i = 0; i < 4; i++)
        if (ent[i] &&
            (strlen(ent[i]) >= SE_FILTER_VALUE_MAX || !vn_utf8_valid(ent[i], strlen(ent[i]))))
            return tr_error_set(err, TR_EINVAL,
                                "province, org, person and doc_type must be valid UTF-8 of at "
                                "most %d bytes", SE_FILTER_VALUE_MAX - 1);
    return 0;
}

/* The entity filters of the parameters and of the query syntax: values of one key
 * ORed, keys ANDed. *out is NULL when there are none. */
static int entity_filters(const se_search_params *p, const request *r, xc_query **out,
                          tr_error *err)
{
    *out = NULL;
    const char *given[SE_KEY_COUNT] = {p->province, p->org, p->person, p->doc_type};
    vn_analyzer *a = se_thread_analyzer(err);
    if (!a)
        return err ? err->code : TR_ENOMEM;
    xc_query *keys[SE_KEY_COUNT];
    size_t nkeys = 0;
    int rc = 0;
    for (int k = 0; k < SE_KEY_COUNT && !rc; k++) {
        xc_query *alts[SE_QUERY_MAX_FILTERS + 1];
        size_t n = 0;
        if (given[k] && *given[k])
            alts[n++] = se_entity_filter_query(a, (se_entity_key)k, given[k], err);
        for (size_t i = 0; i < r->q.nfilters; i++)
            if ((int)r->q.filters[i].key == k)
                alts[n++] = se_entity_filter_query(a, (se_entity_key)k, r->q.filters[i].value,
                                                   err);
        for (size_t i = 0; i < n; i++)
            if (!alts[i])
                rc = err && err->code ? err->code : TR_ENOMEM;
        if (!rc && n)
            keys[nkeys++] = xc_query_combine(XC_OP_OR, alts, n, 0, err);
        for (size_t i = 0; i < n; i++)
            xc_query_free(alts[i]);
        if (!rc && nkeys && !keys[nkeys - 1])
            rc = err && err->code ? err->code : TR_ENOMEM;
    }
    if (!rc && nkeys)
        *out = xc_query_combine(XC_OP_AND, keys, nkeys, 0, err);
    for (size_t i = 0; i < nkeys; i++)
        xc_query_free(keys[i]);
    if (!rc && nkeys && !*out)
        rc = err && err->code ? err->code : TR_ENOMEM;
    return rc;
}

/* ---- Running the query ----------------------------------------------------- */

double se_elapsed_ms(const struct timespec *t0)
{
    struct timespec t1;
    clock_gettime(CLOCK_MONOTONIC, &t1);
    double ms = (double)(t1.tv_sec - t0->tv_sec) * 1e3 + (double)(t1.tv_nsec - t0->tv_nsec) / 1e6;
    return round(ms * 100) / 100;
}

double se_round_score(double x)
{
    if (x == 0 || !isfinite(x))
        return x;
    double scale = pow(10, 3 - floor(log10(fabs(x))));
    return round(x * scale) / scale;
}

static json_t *json_str_or_null(json_t *rec, const char *key)
{
    json_t *v = json_object_get(rec, key);
    return json_is_string(v) ? json_incref(v) : json_null();
}

json_t *se_mset_record(const xc_mset *m, size_t i, tr_error *err)
{
    char *data = NULL;
    size_t len = 0;
    if (xc_mset_data(m, i, &data, &len, err))
        return NULL;
    json_t *rec = json_loadb(data, len, 0, NULL);
    free(data);
    if (!json_is_object(rec)) {
        json_decref(rec);
        tr_error_set(err, TR_EINTERNAL, "a stored document is not a JSON object");
        return NULL;
    }
    return rec;
}

/* One hit: the stored record's id, type, title, date, and a snippet of its body. */
/* How much of a body a snippet is looked for in: its start, cut between two UTF-8
 * sequences. A snippet shows the first place the words meet; past a few pages of
 * text, looking further costs more than it finds. */
static size_t snippet_scope(const char *body, size_t len)
{
    if (len <= SE_SNIPPET_SCAN_BYTES)
        return len;
    size_t n = SE_SNIPPET_SCAN_BYTES;
    while (n > 0 && ((unsigned char)body[n] & 0xC0) == 0x80)
        n--;
    return n;
}

static json_t *make_hit(const xc_mset *m, size_t i, vn_analyzer *a, const se_highlight *hl,
                        tr_error *err)
{
    xc_hit h;
    json_t *rec = xc_mset_hit(m, i, &h, err) ? NULL : se_mset_record(m, i, err);
    if (!rec)
        return NULL;
    json_t *body = json_object_get(rec, "body");
    char *snip = NULL;
    if (json_is_string(body) &&
        se_snippet(a, json_string_value(body),
                   snippet_scope(json_string_value(body), json_string_length(body)), hl,
                   SE_SNIPPET_WORDS, &snip, err)) {
        json_decref(rec);
        return NULL;
    }
    json_t *hit = json_pack("{s:o, s:o, s:o, s:o, s:f, s:s?}", "id", json_str_or_null(rec, "id"),
                            "type", json_str_or_null(rec, "type"), "title",
                            json_str_or_null(rec, "title"), "date", json_str_or_null(rec, "date"),
                            "score", se_round_score(h.weight), "snippet", snip);
    free(snip);
    hit = se_view_mark(hit, rec);
    json_decref(rec);
    if (!hit)
        tr_error_set(err, TR_ENOMEM, "out of memory");
    return hit;
}

static xc_query *with_filters(xc_query *q, const se_search_params *p, const request *r,
                              tr_error *err)
{
    xc_query *subs[5] = {q, NULL, NULL, NULL, NULL};
    size_t n = 1;
    xc_query *ents = NULL;
    if (entity_filters(p, r, &ents, err)) {
        xc_query_free(q);
        return NULL;
    }
    if (ents)
        subs[n++] = ents;
    if (r->year_from[0])
        subs[n++] = xc_query_value_range(VN_SLOT_YEAR, r->year_from, r->year_to, err);
    if (p->type && *p->type) {
        char term[64];
        snprintf(term, sizeof term, "%s%s", VN_P_TYPE, p->type);
        subs[n++] = xc_query_term(term, strlen(term), 1, 0, err);
    }
    if (r->from[0] || r->to[0])
        subs[n++] = xc_query_value_range(VN_SLOT_DATE, r->from[0] ? r->from : NULL,
                                         r->to[0] ? r->to : NULL, err);
    if (n == 1)
        return se_view_apply(p->view, q, err);
    xc_query *out = NULL;
    int ok = 1;
    for (size_t i = 0; i < n; i++)
        ok = ok && subs[i];
    if (ok)
        out = xc_query_combine(XC_OP_FILTER, subs, n, 0, err);
    for (size_t i = 0; i < n; i++)
        xc_query_free(subs[i]);
    return se_view_apply(p->view, out, err);
}

/* With facets (fs not NULL) the run counts them too, and its result set holds the
 * best SE_FACET_DOCS documents or the page's end, from the first (facets.h); the
 * page is then a slice of it (page_offset()). */
static xc_mset *run(xc_db *db, xc_query *q, const request *r, const se_weights *w,
                    double min_weight, se_facet_spies *fs, tr_error *err)
{
    xc_enquire *e = xc_enquire_new(db, err);
    if (!e)
        return NULL;
    xc_mset *m = NULL;
    if ((!fs || se_facet_spies_attach(fs, e, err) == 0) && xc_enquire_set_query(e, q, err) == 0 &&
        xc_enquire_set_bm25(e, w->k1, 0, 1, w->b, 0.5, err) == 0 &&
        xc_enquire_set_weight_cutoff(e, min_weight, err) == 0 &&
        (r->sort == SE_SORT_RELEVANCE ||
         xc_enquire_set_sort(e, XC_SORT_VALUE_THEN_RELEVANCE, VN_SLOT_DATE,
                             r->sort == SE_SORT_NEWEST, err) == 0)) {
        uint32_t end = (uint32_t)(r->page * r->per_page);
        if (fs)
            m = xc_enquire_run(e, 0, end > SE_FACET_DOCS ? end : SE_FACET_DOCS, SE_FACET_CHECK,
                               err);
        else /* Checking a few hundred documents makes `total` exact for small result
              * sets, where a reader notices, at little cost for large ones. */
            m = xc_enquire_run(e, (r->page - 1) * r->per_page, r->per_page, 200, err);
    }
    xc_enquire_free(e);
    return m;
}

/* Where the page starts in the result set of run(). */
static size_t page_offset(const request *r, const se_facet_spies *fs)
{
    return fs ? (size_t)(r->page - 1) * r->per_page : 0;
}

/* run(), and again with the weight cutoff when one is set. */
static xc_mset *run_ranked(xc_db *db, xc_query *q, const request *r, const se_weights *w,
                           se_facet_spies *fs, tr_error *err)
{
    xc_mset *m = run(db, q, r, w, 0, fs, err);
    if (m && w->cutoff > 0 && r->sort == SE_SORT_RELEVANCE) {
        double min_weight = w->cutoff * xc_mset_max_attained(m);
        xc_mset_free(m);
        m = run(db, q, r, w, min_weight, fs, err);
    }
    return m;
}

/* A query whose words the index knows as typed but which also read as Telex or VNI
 * keys that the bigrams prefer ("chaos" and "cháo", spell.h) is searched both ways,
 * the literal reading's matches weighted KEYS_LITERAL times, so that they come first
 * when both readings have support; its phrase tier holds either phrase. Takes q and
 * *phrase; NULL on failure. */
#define KEYS_LITERAL 10.0
static xc_query *with_keys(xc_query *q, xc_query **phrase, xc_db *db, vn_analyzer *a,
                           const se_engine *e, const se_lexicon *lx, se_syn *syn,
                           const se_search_params *p, request *r, int relaxed, tr_error *err)
{
    if (!q || !r->has_keys)
        return q;
    xc_query *kphrase = NULL;
    xc_query *k = se_qbuild(&r->keys, a, db, p->view, lx, syn, &e->weights, relaxed, NULL,
                            &kphrase, err);
    xc_query *subs[2] = {k ? xc_query_scale(q, KEYS_LITERAL, err) : NULL, k};
    xc_query *both = subs[0] ? xc_query_combine(XC_OP_OR, subs, 2, 0, err) : NULL;
    xc_query *phrases[2] = {*phrase, kphrase};
    xc_query *tier = *phrase && kphrase ? xc_query_combine(XC_OP_OR, phrases, 2, 0, err) : NULL;
    for (size_t i = 0; i < 2; i++) {
        xc_query_free(subs[i]);
        xc_query_free(phrases[i]);
    }
    xc_query_free(q);
    *phrase = tier;
    return both;
}

/* Builds and runs the query on one handle; relaxed when the strict query found
 * nothing, so that one word the index lacks does not empty the page.
 * The phrase tier: when some document (within the filters) holds the whole query as a
 * phrase, only such documents are returned. A person's name, a title or a term typed
 * whole is then answered by the documents that carry it, not padded with documents
 * that merely contain its syllables here and there (docs/ranking.md).
 * The tier is tried first and the whole query only when the tier is empty: asking
 * first whether the phrase occurs at all cost a third of a query's time, a second
 * pass over the same postings, and most queries typed whole do occur whole. */
static xc_mset *search_once(xc_db *db, vn_analyzer *a, const se_engine *e,
                            const se_lexicon *lx, const se_search_params *p, request *r,
                            se_highlight *hl, se_facet_spies *fs, tr_error *err)
{
    xc_mset *m = NULL;
    for (int relaxed = 0; relaxed < 2; relaxed++) {
        xc_query *phrase = NULL;
        se_syn *syn = se_engine_syn(e);
        xc_query *q = se_qbuild(&r->q, a, db, p->view, lx, syn, &e->weights, relaxed, hl, &phrase, err);
        q = with_keys(q, &phrase, db, a, e, lx, syn, p, r, relaxed, err);
        se_syn_free(syn);
        q = q ? with_filters(q, p, r, err) : NULL;
        xc_query *tier = NULL;
        if (q && phrase && e->weights.tier > 0) {
            xc_query *subs[2] = {q, phrase};
            tier = xc_query_combine(XC_OP_FILTER, subs, 2, 0, err);
            if (!tier) {
                xc_query_free(q);
                q = NULL;
            }
        }
        xc_query_free(phrase);
        xc_mset_free(m); /* the strict try's empty page, when this is the relaxed one */
        m = NULL;
        if (!q)
            return NULL;
        int tiered = tier != NULL;
        m = tiered ? run_ranked(db, tier, r, &e->weights, fs, err) : NULL;
        xc_query_free(tier);
        if (tiered && !m) {
            xc_query_free(q);
            return NULL;
        }
        if (m && xc_mset_size(m) == 0 && xc_mset_lower_bound(m) == 0) {
            xc_mset_free(m);
            m = NULL;
        }
        if (!m)
            m = run_ranked(db, q, r, &e->weights, fs, err);
        xc_query_free(q);
        if (!m || xc_mset_size(m) > page_offset(r, fs) || r->page > 1 || r->q.nclauses < 2)
            break;
    }
    return m;
}

static int search_request(se_engine *e, const void *in, json_t **out, tr_error *err)
{
    const se_search_params *p = in;
    struct timespec t0;
    clock_gettime(CLOCK_MONOTONIC, &t0);
    *out = NULL;
    request r;
    memset(&r, 0, sizeof r);
    int rc = validate(p, &r, err);
    if (rc)
        return rc;
    vn_analyzer *a = se_thread_analyzer(err);
    if (!a)
        return err ? err->code : TR_ENOMEM;
    if ((rc = se_query_parse(&r.q, p->q ? p->q : "", p->q ? p->qlen : 0, err)))
        return rc;

    se_highlight hl;
    xc_db *db = se_pool_get(e->pool, err);
    se_lexicon *lx = db && e->lexicons ? se_lexicon_get(e->lexicons, db, p->view, NULL) : NULL;
    /* Did-you-mean first: when it fixes a word the index has never seen as typed,
     * the fixed query is what is searched ("showing results for"), since the typo
     * itself can only match noise; when it reads known words as Telex or VNI keys,
     * both readings are (with_keys). A failure here costs the suggestion, not the
     * answer. */
    char *suggestion = NULL;
    int fixed = 0;
    if (lx) {
        se_syn *syn = se_engine_syn(e);
        se_spell_suggest(a, lx, syn, db, p->view, &r.q, p->q ? p->q : "", p->q ? p->qlen : 0,
                         &suggestion, &fixed, NULL);
        se_syn_free(syn);
    }
    if (fixed) {
        r.has_keys = fixed == SE_SPELL_KEYS;
        if (!r.has_keys)
            se_query_clear(&r.q);
        if ((rc = se_query_parse(r.has_keys ? &r.keys : &r.q, suggestion, strlen(suggestion),
                                 err))) {
            se_query_clear(&r.q);
            free(suggestion);
            se_lexicon_unref(lx);
            se_pool_put(e->pool, db, 0);
            return rc;
        }
        r.q.marks_guessed = 1;
    }
    se_facet_spies spies = {0};
    se_facet_spies *fs = p->facets && strcmp(p->facets, "0") == 0 ? NULL : &spies;
    xc_mset *m = db ? search_once(db, a, e, lx, p, &r, &hl, fs, err) : NULL;
    json_t *hits = json_array();
    size_t from = page_offset(&r, fs);
    for (size_t i = from; m && hits && i < xc_mset_size(m) && i < from + r.per_page; i++) {
        json_t *hit = make_hit(m, i, a, &hl, err);
        if (!hit || json_array_append_new(hits, hit)) {
            json_decref(hits);
            hits = NULL;
        }
    }
    se_lexicon_unref(lx);
    if (m && hits)
        *out = json_pack("{s:s%, s:I, s:f, s:I, s:I, s:o, s:s?, s:b}", "query",
                         p->q ? p->q : "", p->q ? p->qlen : 0, "total",
                         (json_int_t)xc_mset_estimated(m), "took_ms", se_elapsed_ms(&t0), "page",
                         (json_int_t)r.page, "per_page", (json_int_t)r.per_page, "hits", hits,
                         "suggestion", suggestion, "corrected", fixed == 1);
    else
        json_decref(hits);
    if (*out) {
        /* Counted in the same run; when counting fails the answer stands without. */
        json_t *facets = NULL;
        tr_error ferr = {0};
        if (fs)
            se_facets_from(db, m, fs, &facets, &ferr);
        json_object_set_new(*out, "facets", facets ? facets : json_null());
    }
    se_facet_spies_free(&spies);
    free(suggestion);
    xc_mset_free(m);
    se_pool_put(e->pool, db, *out == NULL);
    se_query_clear(&r.q);
    if (r.has_keys)
        se_query_clear(&r.keys);
    if (!*out)
        return tr_error_set(err, TR_EINTERNAL, "the search failed");
    return 0;
}

int se_search(se_engine *e, const se_search_params *p, json_t **out, tr_error *err)
{
    return se_engine_read(e, search_request, p, out, err);
}

/* What se_doc() is asked. */
typedef struct doc_arg {
    const char *id;
    se_view view;
} doc_arg;

static int doc_request(se_engine *e, const void *in, json_t **out, tr_error *err)
{
    const char *id = ((const doc_arg *)in)->id;
    se_view v = ((const doc_arg *)in)->view;
    *out = NULL;
    size_t idlen = strlen(id);
    if (idlen == 0 || idlen > 1000 || !vn_utf8_valid(id, idlen))
        return tr_error_set(err, TR_ENOTFOUND, "no document has this id");
    char *term = malloc(idlen + 2);
    if (!term)
        return tr_error_set(err, TR_ENOMEM, "out of memory");
    memcpy(term, VN_P_ID, 1);
    memcpy(term + 1, id, idlen + 1);
    xc_db *db = se_pool_get(e->pool, err);
    xc_docid docid = 0;
    char *data = NULL;
    size_t len = 0;
    int rc = db ? xc_db_find(db, term, idlen + 1, &docid, err) : TR_EXAPIAN;
    int sees = 1;
    if (rc == 0)
        rc = se_view_sees(db, v, docid, &sees, err);
    if (rc == 0 && !sees) /* not there, for this caller */
        rc = tr_error_set(err, TR_ENOTFOUND, "no document has this id");
    if (rc == 0)
        rc = xc_db_data(db, docid, &data, &len, err);
    se_pool_put(e->pool, db, rc != 0 && rc != TR_ENOTFOUND);
    free(term);
    if (rc == TR_ENOTFOUND) {
        tr_error_clear(err);
        return tr_error_set(err, TR_ENOTFOUND, "no document has this id");
    }
    if (rc)
        return rc;
    *out = json_loadb(data, len, 0, NULL);
    free(data);
    if (!*out)
        return tr_error_set(err, TR_EINTERNAL, "a stored document is not valid JSON");
    return 0;
}

int se_doc(se_engine *e, se_view v, const char *id, json_t **out, tr_error *err)
{
    const doc_arg in = {id, v};
    return se_engine_read(e, doc_request, &in, out, err);
}

static int index_status_once(xc_db *db, se_view v, se_index_status *out, tr_error *err)
{
    char *schema = NULL;
    size_t len = 0;
    int rc = se_view_doccount(db, v, &out->documents, err);
    if (!rc)
        rc = xc_db_revision(db, &out->revision, err);
    if (!rc)
        rc = xc_db_metadata(db, VN_SCHEMA_KEY, &schema, &len, err);
    unsigned version = 0; /* unset is 1, as the engine reads it; 0 for a value no number */
    out->schema = vn_schema_read(schema, len, &version, NULL) == 0 ? (int)version : 0;
    free(schema);
    return rc;
}

int se_index_status_read(se_engine *e, se_view v, se_index_status *out, tr_error *err)
{
    int rc, tries = 0;
    memset(out, 0, sizeof *out);
    do {
        xc_db *db = se_pool_get(e->pool, err);
        rc = db ? index_status_once(db, v, out, err) : err && err->code ? err->code : TR_EXAPIAN;
        se_pool_put(e->pool, db, rc != 0);
    } while (se_pool_again(rc, &tries, err));
    return rc;
}

int se_doccount(se_engine *e, se_view v, uint64_t *out, tr_error *err)
{
    se_index_status st;
    int rc = se_index_status_read(e, v, &st, err);
    *out = rc ? 0 : st.documents;
    return rc;
}

void se_search_params_read(se_search_params *p, se_param_fn get, void *ctx)
{
    memset(p, 0, sizeof *p);
    p->q = get(ctx, "q", &p->qlen);
    p->page = get(ctx, "page", NULL);
    p->per_page = get(ctx, "per_page", NULL);
    p->type = get(ctx, "type", NULL);
    p->from = get(ctx, "from", NULL);
    p->to = get(ctx, "to", NULL);
    p->sort = get(ctx, "sort", NULL);
    p->year = get(ctx, "year", NULL);
    p->province = get(ctx, "province", NULL);
    p->org = get(ctx, "org", NULL);
    p->person = get(ctx, "person", NULL);
    p->doc_type = get(ctx, "doc_type", NULL);
    p->facets = get(ctx, "facets", NULL);
}
