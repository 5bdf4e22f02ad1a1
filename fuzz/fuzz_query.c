/* fuzz_query: the search box's syntax (searchd/query.h) and the Xapian query built
 * from it (qbuild.h), strict and relaxed, over the sample corpus's index. The query
 * string is taken as searchd takes it: valid UTF-8 only (the caller checks), any
 * length the parser may meet. */
#include "fuzz.h"

#include <stdlib.h>
#include <string.h>

#include "qbuild.h"
#include "query.h"
#include "vn.h"

int fz_query(const uint8_t *data, size_t size)
{
    const char *text = (const char *)data;
    if (!vn_utf8_valid(text, size))
        return 0;
    se_engine *e = fz_engine();
    tr_error err = {0};
    se_query q;
    memset(&q, 0, sizeof q);
    if (se_query_parse(&q, text, size, &err))
        return 0;
    fz_require(q.nclauses <= SE_QUERY_MAX_CLAUSES, "clause count");
    fz_require(q.ntypes <= SE_QUERY_MAX_FILTERS && q.nfilters <= SE_QUERY_MAX_FILTERS,
               "filter count");
    for (size_t i = 0; i < q.nclauses; i++) {
        const se_clause *c = &q.clauses[i];
        fz_require(c->text >= q.buf && c->len <= size + 1 && c->text + c->len <= q.buf + size + 1,
                   "clause inside the parsed copy");
    }
    for (size_t i = 0; i < q.nfilters; i++)
        fz_require(memchr(q.filters[i].value, 0, SE_FILTER_VALUE_MAX) != NULL,
                   "filter value terminated");
    (void)se_query_has_positive(&q);

    vn_analyzer *a = se_thread_analyzer(&err);
    xc_db *db = se_pool_get(e->pool, &err);
    fz_require(a && db, "analyzer and index handle");
    se_lexicon *lx = se_lexicon_get(e->lexicons, db, NULL);
    se_syn *syn = se_engine_syn(e);
    for (int relaxed = 0; relaxed < 2; relaxed++) {
        se_highlight hl;
        xc_query *phrase = NULL;
        tr_error qerr = {0};
        xc_query *x = se_qbuild(&q, a, db, lx, syn, &e->weights, relaxed, &hl, &phrase, &qerr);
        if (x) {
            fz_require(hl.n <= SE_HL_MAX, "highlight count");
            char *d = xc_query_describe(x);
            free(d);
        }
        xc_query_free(x);
        xc_query_free(phrase);
    }
    se_syn_free(syn);
    se_lexicon_unref(lx);
    se_pool_put(e->pool, db, 0);
    se_query_clear(&q);
    return 0;
}
