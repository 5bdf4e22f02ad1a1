/* batch: a call for proposals checked against the index and within itself (see
 * batch.h). */
#include "batch.h"

#include <stdlib.h>
#include <string.h>

#include "engine.h"
#include "tr_grow.h"

static int verdict_rank(const char *v)
{
    return strcmp(v, "duplicate") == 0 ? 2 : strcmp(v, "related") == 0 ? 1 : 0;
}

static int add_match(dc_result *r, const dc_match *m, tr_error *err)
{
    dc_match *g = tr_grow(r->m, r->n + 1, &r->cap, sizeof *r->m, 8);
    if (!g)
        return tr_error_set(err, TR_ENOMEM, "out of memory");
    r->m = g;
    r->m[r->n++] = *m;
    if (verdict_rank(m->verdict) > verdict_rank(r->verdict))
        r->verdict = m->verdict;
    return 0;
}

static char *dup_or_empty(const char *s)
{
    return strdup(s ? s : "");
}

static void match_clear(dc_match *m)
{
    free(m->id);
    free(m->title);
    json_decref(m->passages);
}

/* The hits of se_similar() that are not distinct. */
static int index_matches(se_engine *e, const dc_proposal *p, const char *type, unsigned limit,
                         dc_result *r, tr_error *err)
{
    se_similar_params sp = {p->title, strlen(p->title), p->text, strlen(p->text), type, limit};
    json_t *answer = NULL;
    int rc = se_similar(e, &sp, &answer, err);
    size_t i;
    json_t *hit;
    json_array_foreach(rc ? NULL : json_object_get(answer, "hits"), i, hit) {
        const char *verdict = json_string_value(json_object_get(hit, "verdict"));
        if (!verdict || verdict_rank(verdict) == 0)
            continue;
        dc_match m = {0, 0, dup_or_empty(json_string_value(json_object_get(hit, "id"))),
                      dup_or_empty(json_string_value(json_object_get(hit, "title"))),
                      json_real_value(json_object_get(hit, "score")),
                      json_real_value(json_object_get(hit, "containment")),
                      json_real_value(json_object_get(hit, "cosine")),
                      se_similar_verdict(json_real_value(json_object_get(hit, "score"))),
                      json_incref(json_object_get(hit, "passages"))};
        if (!m.id || !m.title || (rc = add_match(r, &m, err))) {
            match_clear(&m);
            rc = tr_error_set(err, TR_ENOMEM, "out of memory");
            break;
        }
    }
    json_decref(answer);
    return rc;
}

static int pair_match(const dc_batch *b, size_t self, size_t other, const se_similarity *s,
                      const se_simtext *mine, const se_simtext *theirs, tr_error *err)
{
    const dc_proposal *o = &b->props.p[other];
    dc_match m = {1, other, strdup(o->label), strdup(o->title), s->score, s->containment,
                  s->cosine, s->verdict, se_simtext_passages(mine, theirs, SE_SIMILAR_PASSAGES)};
    int rc = m.id && m.title && m.passages ? add_match(&b->res[self], &m, err)
                                           : tr_error_set(err, TR_ENOMEM, "out of memory");
    if (rc)
        match_clear(&m);
    return rc;
}

/* Every pair of the batch, compared as a proposal is with a document. */
static int within_batch(se_engine *e, dc_batch *b, tr_error *err)
{
    size_t n = b->props.n;
    se_simtext **t = calloc(n ? n : 1, sizeof *t);
    xc_db *db = se_pool_get(e->pool, err);
    se_lexicon *lx = db && e->lexicons ? se_lexicon_get(e->lexicons, db, NULL) : NULL;
    se_syn *syn = se_engine_syn(e);
    uint64_t ndocs = 0;
    vn_analyzer *a = se_thread_analyzer(err);
    int rc = !t ? tr_error_set(err, TR_ENOMEM, "out of memory")
             : !db || !a ? (err ? err->code : TR_EXAPIAN)
                         : xc_db_doccount(db, &ndocs, err);
    se_idf idf = {lx, db, (double)ndocs};
    for (size_t i = 0; !rc && i < n; i++) {
        const dc_proposal *p = &b->props.p[i];
        t[i] = se_simtext_new(a, syn, &idf, p->title, strlen(p->title), p->text,
                              strlen(p->text), err);
        if (!t[i])
            rc = err ? err->code : TR_ENOMEM;
    }
    for (size_t i = 0; !rc && i < n; i++)
        for (size_t j = i + 1; !rc && j < n; j++) {
            se_similarity s;
            se_simtext_compare(t[i], t[j], &s);
            if (verdict_rank(s.verdict) == 0)
                continue;
            rc = pair_match(b, i, j, &s, t[i], t[j], err);
            if (!rc)
                rc = pair_match(b, j, i, &s, t[j], t[i], err);
        }
    for (size_t i = 0; t && i < n; i++)
        se_simtext_free(t[i]);
    free(t);
    se_syn_free(syn);
    se_lexicon_unref(lx);
    se_pool_put(e->pool, db, rc != 0);
    return rc;
}

static int cmp_match(const void *x, const void *y)
{
    const dc_match *a = x, *b = y;
    if (a->score != b->score)
        return a->score > b->score ? -1 : 1;
    return a->in_batch - b->in_batch;
}

int dc_batch_run(se_engine *e, dc_batch *b, const char *type, unsigned limit, tr_error *err)
{
    b->res = calloc(b->props.n ? b->props.n : 1, sizeof *b->res);
    if (!b->res)
        return tr_error_set(err, TR_ENOMEM, "out of memory");
    for (size_t i = 0; i < b->props.n; i++)
        b->res[i].verdict = "distinct";
    int rc = 0;
    for (size_t i = 0; !rc && i < b->props.n; i++)
        rc = index_matches(e, &b->props.p[i], type, limit, &b->res[i], err);
    if (!rc)
        rc = within_batch(e, b, err);
    for (size_t i = 0; !rc && i < b->props.n; i++)
        if (b->res[i].n > 1)
            qsort(b->res[i].m, b->res[i].n, sizeof *b->res[i].m, cmp_match);
    return rc;
}

size_t dc_batch_duplicates(const dc_batch *b)
{
    size_t n = 0;
    for (size_t i = 0; b->res && i < b->props.n; i++)
        n += verdict_rank(b->res[i].verdict) == 2;
    return n;
}

void dc_batch_clear(dc_batch *b)
{
    for (size_t i = 0; b->res && i < b->props.n; i++) {
        for (size_t k = 0; k < b->res[i].n; k++)
            match_clear(&b->res[i].m[k]);
        free(b->res[i].m);
    }
    free(b->res);
    dc_proposals_clear(&b->props);
    memset(b, 0, sizeof *b);
}
