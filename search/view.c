/* view: what a caller may see (see view.h). */
#include "view.h"

#include <stdlib.h>
#include <string.h>

#include "tr_grow.h"
#include "vn_terms.h"

static xc_query *restricted_query(tr_error *err)
{
    return xc_query_wildcard(VN_P_ACCESS, strlen(VN_P_ACCESS), 0, err);
}

xc_query *se_view_apply(se_view v, xc_query *q, tr_error *err)
{
    if (!q || v == SE_VIEW_INTERNAL)
        return q;
    xc_query *subs[2] = {q, restricted_query(err)};
    xc_query *out = subs[1] ? xc_query_combine(XC_OP_AND_NOT, subs, 2, 0, err) : NULL;
    xc_query_free(subs[0]);
    xc_query_free(subs[1]);
    return out;
}

/* Any term at all: boolean terms come with wdf 0, and a term listed by
 * xc_db_allterms() has a document. */
static int found(void *ctx, const char *term, size_t len, uint64_t n)
{
    (void)term;
    (void)len;
    (void)n;
    *(int *)ctx = 1;
    return 1;
}

int se_view_hides(xc_db *db, se_view v, int *hides, tr_error *err)
{
    *hides = 0;
    if (v == SE_VIEW_INTERNAL)
        return 0;
    return xc_db_allterms(db, VN_P_ACCESS, strlen(VN_P_ACCESS), found, hides, err);
}

/* The restricted documents of db that also match `q` (NULL: all of them): their
 * number, and their ids when `ids` is not NULL (malloc()ed). Takes over q. */
static int restricted_docs(xc_db *db, xc_query *q, uint64_t *count, xc_docid **ids,
                           tr_error *err)
{
    *count = 0;
    if (ids)
        *ids = NULL;
    uint64_t total = 0;
    xc_query *r = restricted_query(err);
    if (r && q) {
        xc_query *subs[2] = {q, r};
        xc_query *f = xc_query_combine(XC_OP_FILTER, subs, 2, 0, err);
        xc_query_free(r);
        r = f;
    }
    xc_query_free(q);
    xc_enquire *e = r && xc_db_doccount(db, &total, err) == 0 ? xc_enquire_new(db, err) : NULL;
    xc_mset *m = NULL;
    uint32_t max = total > UINT32_MAX ? UINT32_MAX : (uint32_t)total;
    if (e && xc_enquire_set_query(e, r, err) == 0)
        m = xc_enquire_run(e, 0, max, max, err);
    xc_query_free(r);
    xc_enquire_free(e);
    if (!m)
        return err && err->code ? err->code : TR_EXAPIAN;
    size_t n = xc_mset_size(m);
    int rc = 0;
    if (ids && n && !(*ids = malloc(n * sizeof **ids)))
        rc = tr_error_set(err, TR_ENOMEM, "out of memory");
    for (size_t i = 0; ids && !rc && i < n; i++) {
        xc_hit h;
        rc = xc_mset_hit(m, i, &h, err);
        (*ids)[i] = h.docid;
    }
    xc_mset_free(m);
    if (rc && ids) {
        free(*ids);
        *ids = NULL;
    }
    *count = rc ? 0 : n;
    return rc;
}

int se_view_doccount(xc_db *db, se_view v, uint64_t *out, tr_error *err)
{
    int hides = 0;
    uint64_t hidden = 0;
    int rc = xc_db_doccount(db, out, err);
    if (!rc)
        rc = se_view_hides(db, v, &hides, err);
    if (!rc && hides)
        rc = restricted_docs(db, NULL, &hidden, NULL, err);
    if (!rc)
        *out = *out > hidden ? *out - hidden : 0;
    return rc;
}

int se_view_termfreq(xc_db *db, se_view v, const char *term, size_t len, uint64_t *out,
                     tr_error *err)
{
    int hides = 0;
    uint64_t hidden = 0;
    int rc = xc_db_termfreq(db, term, len, out, err);
    if (!rc && *out)
        rc = se_view_hides(db, v, &hides, err);
    if (!rc && hides) {
        xc_query *q = xc_query_term(term, len, 1, 0, err);
        rc = q ? restricted_docs(db, q, &hidden, NULL, err) : TR_ENOMEM;
    }
    if (!rc)
        *out = *out > hidden ? *out - hidden : 0;
    return rc;
}

/* ---- Term lists without the restricted documents ------------------------- */

typedef struct hidden {
    char **terms; /* the restricted documents' terms under the prefix, one per document */
    size_t n, cap;
    int failed;
} hidden;

static int on_hidden_term(void *ctx, const char *term, size_t len, uint64_t wdf)
{
    (void)wdf;
    hidden *h = ctx;
    char **terms = tr_grow(h->terms, h->n + 1, &h->cap, sizeof *h->terms, 1024);
    char *copy = terms ? strndup(term, len) : NULL;
    if (terms)
        h->terms = terms;
    if (!copy) {
        h->failed = 1;
        return 1;
    }
    h->terms[h->n++] = copy;
    return 0;
}

static int by_bytes(const void *a, const void *b)
{
    return strcmp(*(char *const *)a, *(char *const *)b);
}

typedef struct merge {
    const hidden *h;
    size_t at; /* next hidden term not yet passed */
    xc_term_fn fn;
    void *ctx;
} merge;

/* A NUL-terminated term against (term, len), in byte order. */
static int compare(const char *a, const char *term, size_t len)
{
    size_t alen = strlen(a);
    int c = memcmp(a, term, alen < len ? alen : len);
    return c ? c : alen < len ? -1 : alen > len;
}

/* Terms arrive in byte order, as the hidden ones are sorted: a walk of both. */
static int on_visible_term(void *ctx, const char *term, size_t len, uint64_t tf)
{
    merge *m = ctx;
    const hidden *h = m->h;
    while (m->at < h->n && compare(h->terms[m->at], term, len) < 0)
        m->at++;
    uint64_t minus = 0;
    for (; m->at < h->n && compare(h->terms[m->at], term, len) == 0; m->at++)
        minus++;
    if (tf <= minus)
        return 0;
    return m->fn(m->ctx, term, len, tf - minus);
}

int se_view_allterms(xc_db *db, se_view v, const char *prefix, size_t prefix_len,
                     xc_term_fn fn, void *ctx, tr_error *err)
{
    int hides = 0;
    int rc = se_view_hides(db, v, &hides, err);
    if (rc || !hides)
        return rc ? rc : xc_db_allterms(db, prefix, prefix_len, fn, ctx, err);
    uint64_t n = 0;
    xc_docid *ids = NULL;
    hidden h = {0};
    rc = restricted_docs(db, NULL, &n, &ids, err);
    for (uint64_t i = 0; !rc && i < n; i++) {
        rc = xc_db_doc_terms(db, ids[i], prefix, prefix_len, on_hidden_term, &h, err);
        if (!rc && h.failed)
            rc = tr_error_set(err, TR_ENOMEM, "out of memory");
    }
    free(ids);
    if (!rc) {
        qsort(h.terms, h.n, sizeof *h.terms, by_bytes);
        merge m = {&h, 0, fn, ctx};
        rc = xc_db_allterms(db, prefix, prefix_len, on_visible_term, &m, err);
    }
    for (size_t i = 0; i < h.n; i++)
        free(h.terms[i]);
    free(h.terms);
    return rc;
}

int se_view_sees(xc_db *db, se_view v, xc_docid id, int *sees, tr_error *err)
{
    int hides = 0;
    *sees = 1;
    int rc = se_view_hides(db, v, &hides, err);
    if (!rc && hides) {
        int restricted = 0;
        rc = xc_db_doc_terms(db, id, VN_P_ACCESS, strlen(VN_P_ACCESS), found, &restricted,
                             err);
        *sees = !restricted;
    }
    return rc;
}

json_t *se_view_mark(json_t *hit, const json_t *rec)
{
    if (hit && se_view_record_restricted(rec) &&
        json_object_set(hit, "access", json_object_get(rec, "access"))) {
        json_decref(hit);
        return NULL;
    }
    return hit;
}

int se_view_record_restricted(const json_t *rec)
{
    json_t *a = json_object_get(rec, "access");
    return json_is_string(a) && strcmp(json_string_value(a), VN_ACCESS_PUBLIC) != 0;
}
