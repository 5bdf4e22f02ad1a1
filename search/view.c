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

/* Whether a handle has restricted documents is asked at every count of a term (a
 * list of terms read each time), dozens of times a request, and changes only when the
 * handle moves to another revision: the answer is kept by the handle's generation, a
 * few handles a thread (the pool's, which a worker takes in turn). */
#define HIDES_KEPT 4
static _Thread_local struct {
    uint64_t generation; /* 0: none */
    int hides;
} hides_kept[HIDES_KEPT];
static _Thread_local size_t hides_next;

int se_view_hides(xc_db *db, se_view v, int *hides, tr_error *err)
{
    *hides = 0;
    if (v == SE_VIEW_INTERNAL)
        return 0;
    uint64_t g = xc_db_generation(db);
    for (size_t i = 0; g && i < HIDES_KEPT; i++)
        if (hides_kept[i].generation == g) {
            *hides = hides_kept[i].hides;
            return 0;
        }
    int rc = xc_db_allterms(db, VN_P_ACCESS, strlen(VN_P_ACCESS), found, hides, err);
    if (rc == 0 && g) {
        hides_kept[hides_next].generation = g;
        hides_kept[hides_next].hides = *hides;
        hides_next = (hides_next + 1) % HIDES_KEPT;
    }
    return rc;
}

static int add_tf(void *ctx, const char *term, size_t len, uint64_t tf)
{
    (void)term;
    (void)len;
    *(uint64_t *)ctx += tf;
    return 0;
}

int se_view_doccount(xc_db *db, se_view v, uint64_t *out, tr_error *err)
{
    uint64_t hidden = 0;
    int rc = xc_db_doccount(db, out, err);
    /* A document has one level at most: the documents of the levels add up. */
    if (!rc && v != SE_VIEW_INTERNAL)
        rc = xc_db_allterms(db, VN_P_ACCESS, strlen(VN_P_ACCESS), add_tf, &hidden, err);
    if (!rc)
        *out = *out > hidden ? *out - hidden : 0;
    return rc;
}

/* VN_P_HIDDEN + term into buf; 0 when it cannot be a term (then no restricted
 * document has it either: the indexer could not have written it). */
static size_t shadow(char *buf, size_t cap, const char *term, size_t len)
{
    size_t plen = strlen(VN_P_HIDDEN);
    if (plen + len > cap)
        return 0;
    memcpy(buf, VN_P_HIDDEN, plen);
    memcpy(buf + plen, term, len);
    return plen + len;
}

#define TERM_CAP 245 /* Xapian's longest term */

int se_view_termfreq(xc_db *db, se_view v, const char *term, size_t len, uint64_t *out,
                     tr_error *err)
{
    int hides = 0;
    uint64_t hidden = 0;
    char buf[TERM_CAP];
    int rc = xc_db_termfreq(db, term, len, out, err);
    if (!rc && *out)
        rc = se_view_hides(db, v, &hides, err);
    size_t slen = hides ? shadow(buf, sizeof buf, term, len) : 0;
    if (!rc && slen)
        rc = xc_db_termfreq(db, buf, slen, &hidden, err);
    if (!rc)
        *out = *out > hidden ? *out - hidden : 0;
    return rc;
}

/* ---- Term lists without the restricted documents ------------------------- */

typedef struct hidden {
    char **terms; /* the shadows under the prefix, without VN_P_HIDDEN, in byte order */
    uint64_t *tf;
    size_t n, cap, tcap;
    int failed;
} hidden;

static int on_shadow(void *ctx, const char *term, size_t len, uint64_t tf)
{
    hidden *h = ctx;
    size_t plen = strlen(VN_P_HIDDEN);
    char **terms = tr_grow(h->terms, h->n + 1, &h->cap, sizeof *h->terms, 256);
    if (terms)
        h->terms = terms;
    uint64_t *tfs = terms ? tr_grow(h->tf, h->n + 1, &h->tcap, sizeof *h->tf, 256) : NULL;
    if (tfs)
        h->tf = tfs;
    char *copy = tfs ? strndup(term + plen, len - plen) : NULL;
    if (!copy) {
        h->failed = 1;
        return 1;
    }
    h->terms[h->n] = copy;
    h->tf[h->n++] = tf;
    return 0;
}

typedef struct merge {
    const hidden *h;
    size_t at; /* next shadow not yet passed */
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

/* Terms and their shadows both arrive in byte order: a walk of the two lists. */
static int on_visible_term(void *ctx, const char *term, size_t len, uint64_t tf)
{
    merge *m = ctx;
    const hidden *h = m->h;
    while (m->at < h->n && compare(h->terms[m->at], term, len) < 0)
        m->at++;
    uint64_t minus = 0;
    if (m->at < h->n && compare(h->terms[m->at], term, len) == 0)
        minus = h->tf[m->at++];
    if (tf <= minus)
        return 0;
    return m->fn(m->ctx, term, len, tf - minus);
}

int se_view_allterms(xc_db *db, se_view v, const char *prefix, size_t prefix_len,
                     xc_term_fn fn, void *ctx, tr_error *err)
{
    int hides = 0;
    int rc = se_view_hides(db, v, &hides, err);
    char buf[TERM_CAP];
    size_t slen = hides ? shadow(buf, sizeof buf, prefix, prefix_len) : 0;
    if (rc || !slen)
        return rc ? rc : xc_db_allterms(db, prefix, prefix_len, fn, ctx, err);
    hidden h = {0};
    rc = xc_db_allterms(db, buf, slen, on_shadow, &h, err);
    if (!rc && h.failed)
        rc = tr_error_set(err, TR_ENOMEM, "out of memory");
    if (!rc) {
        merge m = {&h, 0, fn, ctx};
        rc = xc_db_allterms(db, prefix, prefix_len, on_visible_term, &m, err);
    }
    for (size_t i = 0; i < h.n; i++)
        free(h.terms[i]);
    free(h.terms);
    free(h.tf);
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
