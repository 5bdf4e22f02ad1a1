/* cooccur: documents holding a set of words (see cooccur.h). */
#include "cooccur.h"

#include <stdlib.h>
#include <string.h>

#include "vn_terms.h"

#define MAX_WORDS 32

struct se_cooccur {
    xc_db *db;
    se_view v;
    xc_enquire *enq;
};

se_cooccur *se_cooccur_new(xc_db *db, se_view v, tr_error *err)
{
    se_cooccur *c = calloc(1, sizeof *c);
    if (!c)
        tr_error_set(err, TR_ENOMEM, "out of memory");
    else
        *c = (se_cooccur){db, v, NULL};
    return c;
}

void se_cooccur_free(se_cooccur *c)
{
    if (c)
        xc_enquire_free(c->enq);
    free(c);
}

/* The word in the body or the title. */
static xc_query *anywhere(const char *folded, tr_error *err)
{
    char body[VN_TERM_MAX + 1], title[VN_TERM_MAX + 1];
    size_t flen = strlen(folded);
    size_t bl = vn_term_build(body, sizeof body, VN_P_BODY, folded, flen, NULL, 0);
    size_t tl = vn_term_build(title, sizeof title, VN_P_TITLE, folded, flen, NULL, 0);
    if (!bl || !tl)
        return xc_query_match_nothing(err); /* no term can hold it: nowhere */
    xc_query *subs[2] = {xc_query_term(body, bl, 1, 0, err), xc_query_term(title, tl, 1, 0, err)};
    xc_query *q = subs[0] && subs[1] ? xc_query_combine(XC_OP_OR, subs, 2, 0, err) : NULL;
    xc_query_free(subs[0]);
    xc_query_free(subs[1]);
    return q;
}

int se_cooccur_count(se_cooccur *c, const char *const *folded, size_t n, uint64_t *out,
                     tr_error *err)
{
    *out = 0;
    if (n == 0)
        return se_view_doccount(c->db, c->v, out, err);
    if (n > MAX_WORDS)
        n = MAX_WORDS; /* fewer words count more documents: a bound, as asked */
    xc_query *subs[MAX_WORDS];
    size_t ns = 0;
    int ok = 1;
    for (size_t i = 0; i < n && ok; i++)
        ok = (subs[ns++] = anywhere(folded[i], err)) != NULL;
    xc_query *and = ok ? xc_query_combine(XC_OP_AND, subs, ns, 0, err) : NULL;
    while (ns)
        xc_query_free(subs[--ns]);
    /* Scaled by 0 the query is boolean: Xapian counts without weighing. */
    xc_query *q = and ? se_view_apply(c->v, xc_query_scale(and, 0, err), err) : NULL;
    xc_query_free(and);
    if (q && !c->enq)
        c->enq = xc_enquire_new(c->db, err);
    xc_mset *m = NULL;
    if (q && c->enq && xc_enquire_set_query(c->enq, q, err) == 0)
        m = xc_enquire_run(c->enq, 0, 0, SE_COOCCUR_EXACT, err);
    xc_query_free(q);
    if (!m)
        return err && err->code ? err->code : TR_EXAPIAN;
    *out = xc_mset_estimated(m);
    xc_mset_free(m);
    return 0;
}
