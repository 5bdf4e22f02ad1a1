/* similar: the request, the candidates from the index, their re-scoring and the JSON
 * answer (see similar.h; the comparison itself is in similar_text.c).
 */
#include "engine.h"
#include "similar.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "similar_int.h"
#include "tr_grow.h"

/* A candidate's stored text is re-analyzed up to this many bytes: the shared
 * passages of a duplicate are not all past the first quarter megabyte. */
#define REREAD_MAX (256 * 1024)
/* Candidates a window of a long proposal brings; a proposal of one window brings
 * SE_SIMILAR_CANDIDATES. */
#define WINDOW_CANDIDATES 10
/* A long proposal has its windows' two best candidates re-analyzed, up to this many. */
#define RESCORED_MAX 100
/* As similar_text.c's MIN_SHINGLES: a tiny proposal's few shingles are no evidence. */
#define EST_MIN_SHINGLES 10
/* The longest type the indexer accepts (indexer/record.h): a longer one names none. */
#define TYPE_MAX 32

/* ---- The request ------------------------------------------------------------------ */

static int check(const se_similar_params *p, tr_error *err)
{
    if (p->title_len > SE_SIMILAR_TEXT_MAX || p->text_len > SE_SIMILAR_TEXT_MAX)
        return tr_error_set(err, TR_ELIMIT, "the title and the text may have at most %d bytes each",
                            SE_SIMILAR_TEXT_MAX);
    if ((p->title && !vn_utf8_valid(p->title, p->title_len)) ||
        (p->text && !vn_utf8_valid(p->text, p->text_len)))
        return tr_error_set(err, TR_EINVAL, "the title and the text must be valid UTF-8");
    if ((!p->title || p->title_len == 0) && (!p->text || p->text_len == 0))
        return tr_error_set(err, TR_EINVAL, "give a title or a text to compare");
    if (p->limit > SE_SIMILAR_LIMIT_MAX)
        return tr_error_set(err, TR_EINVAL, "limit must be a whole number from 1 to %d",
                            SE_SIMILAR_LIMIT_MAX);
    return 0;
}

static int string_field(json_t *root, const char *key, const char **s, size_t *len,
                        tr_error *err)
{
    json_t *v = json_object_get(root, key);
    *s = NULL;
    if (len)
        *len = 0;
    if (!v || json_is_null(v))
        return 0;
    if (!json_is_string(v))
        return tr_error_set(err, TR_EINVAL, "%s must be a string", key);
    *s = json_string_value(v);
    if (len)
        *len = json_string_length(v);
    return 0;
}

int se_similar_parse(const char *body, size_t len, json_t **root, se_similar_params *p,
                     tr_error *err)
{
    memset(p, 0, sizeof *p);
    *root = body && len ? json_loadb(body, len, 0, NULL) : NULL;
    if (!json_is_object(*root)) {
        json_decref(*root);
        *root = NULL;
        return tr_error_set(err, TR_EINVAL, "the request body must be a JSON object");
    }
    json_t *limit = json_object_get(*root, "limit");
    int rc = string_field(*root, "title", &p->title, &p->title_len, err);
    if (!rc)
        rc = string_field(*root, "text", &p->text, &p->text_len, err);
    if (!rc)
        rc = string_field(*root, "type", &p->type, NULL, err);
    if (!rc && limit && !json_is_null(limit)) {
        json_int_t v = json_is_integer(limit) ? json_integer_value(limit) : 0;
        if (v < 1 || v > SE_SIMILAR_LIMIT_MAX)
            rc = tr_error_set(err, TR_EINVAL, "limit must be a whole number from 1 to %d",
                              SE_SIMILAR_LIMIT_MAX);
        p->limit = (unsigned)(rc ? 0 : v);
    }
    if (!rc)
        rc = check(p, err);
    if (rc) {
        json_decref(*root);
        *root = NULL;
        memset(p, 0, sizeof *p);
    }
    return rc;
}

/* ---- Candidates -------------------------------------------------------------------------- */

typedef struct cand {
    const xc_mset *m; /* the window's result set it came from */
    size_t i;         /* its place there */
    xc_docid docid;
    double weight;    /* BM25 of the window's query, as a share of the window's best */
    double est;       /* shared shingles by the signatures, as a share of the smaller set */
    double pre;       /* the order in which candidates are re-analyzed */
    json_t *rec;      /* the stored record, once re-analyzed */
    se_simtext *doc;
    se_similarity sim;
} cand;

typedef struct check_state {
    se_sim_scan s;
    se_simtext *q;
    xc_mset **m; /* one result set per window */
    size_t nm;
    cand *c;
    size_t nc, cap;
} check_state;

static void check_state_clear(check_state *st)
{
    se_sim_scan_free(&st->s);
    se_simtext_free(st->q);
    for (size_t k = 0; k < st->nm; k++)
        xc_mset_free(st->m[k]);
    free(st->m);
    for (size_t k = 0; k < st->nc; k++) {
        json_decref(st->c[k].rec);
        se_simtext_free(st->c[k].doc);
    }
    free(st->c);
    memset(st, 0, sizeof *st);
}

static xc_mset *run_query(xc_db *db, const xc_query *q, uint32_t max, const se_weights *w,
                          tr_error *err)
{
    xc_enquire *e = xc_enquire_new(db, err);
    xc_mset *m = NULL;
    if (e && xc_enquire_set_query(e, q, err) == 0 &&
        xc_enquire_set_bm25(e, w->k1, 0, 1, w->b, 0.5, err) == 0)
        m = xc_enquire_run(e, 0, max, 0, err);
    xc_enquire_free(e);
    return m;
}

/* Adds a window's result set to the candidates; a document that several windows
 * bring keeps its best relative weight. */
static int add_candidates(check_state *st, const xc_mset *m, tr_error *err)
{
    size_t n = xc_mset_size(m);
    double top = xc_mset_max_attained(m);
    for (size_t i = 0; i < n; i++) {
        xc_hit h;
        if (xc_mset_hit(m, i, &h, err))
            return err ? err->code : TR_EXAPIAN;
        double w = top > 0 ? h.weight / top : 0;
        size_t k = 0;
        while (k < st->nc && st->c[k].docid != h.docid)
            k++;
        if (k < st->nc) {
            if (w > st->c[k].weight)
                st->c[k] = (cand){.m = m, .i = i, .docid = h.docid, .weight = w};
            continue;
        }
        cand *g = tr_grow(st->c, st->nc + 1, &st->cap, sizeof *st->c, 64);
        if (!g)
            return tr_error_set(err, TR_ENOMEM, "out of memory");
        st->c = g;
        st->c[st->nc++] = (cand){.m = m, .i = i, .docid = h.docid, .weight = w};
    }
    return 0;
}

/* Stage 1: each window's query, its best documents gathered. */
static int gather(check_state *st, xc_db *db, const char *type, const se_weights *w,
                  tr_error *err)
{
    st->m = calloc(st->s.nwin ? st->s.nwin : 1, sizeof *st->m);
    if (!st->m)
        return tr_error_set(err, TR_ENOMEM, "out of memory");
    uint32_t per = st->s.nwin > 1 ? WINDOW_CANDIDATES : SE_SIMILAR_CANDIDATES;
    int rc = 0;
    for (size_t win = 0; win < st->s.nwin && !rc; win++) {
        xc_query *q = se_sim_window_query(&st->s, win, type, err);
        xc_mset *m = q ? run_query(db, q, per, w, err) : NULL;
        xc_query_free(q);
        if (!m)
            rc = err && err->code ? err->code : TR_EXAPIAN;
        else
            st->m[st->nm++] = m;
        if (!rc)
            rc = add_candidates(st, m, err);
    }
    return rc;
}

static int cmp_pre(const void *a, const void *b)
{
    const cand *x = a, *y = b;
    return x->pre > y->pre ? -1 : x->pre < y->pre;
}

static int cmp_final(const void *a, const void *b)
{
    const cand *x = a, *y = b;
    int rx = x->doc != NULL, ry = y->doc != NULL;
    if (rx != ry)
        return ry - rx;
    if (x->sim.score != y->sim.score)
        return x->sim.score > y->sim.score ? -1 : 1;
    /* Texts whose cosine reached its cap tie on the score: the cosine decides. */
    if (x->sim.cosine != y->sim.cosine)
        return x->sim.cosine > y->sim.cosine ? -1 : 1;
    return cmp_pre(a, b);
}

/* Signatures say how many shingles a candidate shares, as a share of the smaller
 * side (containment looks both ways); the relative BM25 weight orders those whose
 * signature is missing (an index built before signatures) or says nothing. */
static void prescore(cand *c, size_t n, const vn_minhash *qmh)
{
    for (size_t k = 0; k < n; k++) {
        char *val = NULL;
        size_t len = 0;
        vn_minhash dmh;
        c[k].est = 0;
        if (xc_mset_value(c[k].m, c[k].i, VN_SLOT_MINHASH, &val, &len, NULL) == 0 &&
            vn_minhash_decode(val, len, &dmh, NULL) == 0) {
            double smaller = qmh->count < dmh.count ? qmh->count : dmh.count;
            c[k].est = vn_minhash_common(qmh, &dmh) /
                       (smaller > EST_MIN_SHINGLES ? smaller : EST_MIN_SHINGLES);
        }
        free(val);
        c[k].pre = c[k].est + 0.25 * c[k].weight;
    }
}

/* ---- Stage 2: re-scoring -------------------------------------------------------------- */

/* Cuts `len` to at most `max` bytes on a character boundary. */
static size_t utf8_cut(const char *s, size_t len, size_t max)
{
    if (len <= max)
        return len;
    while (max > 0 && ((unsigned char)s[max] & 0xC0) == 0x80)
        max--;
    return max;
}

static const char *str_field(json_t *rec, const char *key, size_t *len)
{
    json_t *v = json_object_get(rec, key);
    *len = json_is_string(v) ? json_string_length(v) : 0;
    return json_is_string(v) ? json_string_value(v) : "";
}

static int rescore(cand *c, vn_analyzer *a, const se_syn *syn, const se_idf *idf,
                   const se_simtext *q, tr_error *err)
{
    c->rec = se_mset_record(c->m, c->i, err);
    if (!c->rec)
        return err && err->code ? err->code : TR_EXAPIAN;
    size_t tlen, blen;
    const char *title = str_field(c->rec, "title", &tlen);
    const char *body = str_field(c->rec, "body", &blen);
    c->doc = se_simtext_new(a, syn, idf, title, tlen, body, utf8_cut(body, blen, REREAD_MAX),
                            err);
    if (!c->doc)
        return err ? err->code : TR_ENOMEM;
    se_simtext_compare(q, c->doc, &c->sim);
    return 0;
}

/* ---- The answer ----------------------------------------------------------------------- */

static double rounded(double x)
{
    return round(x * 10000) / 10000;
}

static json_t *str_or_null(json_t *rec, const char *key)
{
    json_t *v = json_object_get(rec, key);
    return json_is_string(v) ? json_incref(v) : json_null();
}

static json_t *hit_json(const cand *c, const se_simtext *q, int with_passages)
{
    int shared = c->sim.containment > 0 || c->sim.resemblance > 0;
    json_t *passages = with_passages && shared
                           ? se_simtext_passages(q, c->doc, SE_SIMILAR_PASSAGES)
                           : json_array();
    if (!passages)
        return NULL;
    /* The verdict of the score as shown, so that the two never disagree. */
    double score = rounded(c->sim.score);
    return json_pack("{s:o, s:o, s:o, s:o, s:f, s:s, s:f, s:f, s:f, s:o}", "id",
                     str_or_null(c->rec, "id"), "title", str_or_null(c->rec, "title"), "type",
                     str_or_null(c->rec, "type"), "date", str_or_null(c->rec, "date"), "score",
                     score, "verdict", se_similar_verdict(score), "containment",
                     rounded(c->sim.containment), "resemblance", rounded(c->sim.resemblance),
                     "cosine", rounded(c->sim.cosine), "passages", passages);
}

/* Both stages on one index handle; *hits gets the answer's hits. */
static int check_once(const se_engine *e, xc_db *db, vn_analyzer *a, const se_lexicon *lx,
                      const se_similar_params *p, const char *type, unsigned limit,
                      json_t **hits, tr_error *err)
{
    check_state st = {0};
    se_syn *syn = se_engine_syn(e);
    uint64_t ndocs = 0;
    uint64_t *set = NULL;
    size_t nset = 0;
    vn_minhash qmh;
    int rc = xc_db_doccount(db, &ndocs, err);
    se_idf idf = {lx, db, (double)ndocs};
    if (!rc)
        rc = se_sim_read(a, p, &st.s, err);
    if (!rc)
        rc = vn_shingles(st.s.raw.u, st.s.raw.n, &set, &nset, err);
    vn_minhash_compute(set, nset, &qmh);
    free(set);
    if (!rc)
        rc = se_sim_weigh(db, ndocs > 0 ? (double)ndocs : 1, &st.s, err);
    if (!rc)
        rc = gather(&st, db, type, &e->weights, err);
    if (!rc && !(st.q = se_simtext_new(a, syn, &idf, p->title, p->title_len, p->text,
                                       p->text_len, err)))
        rc = err ? err->code : TR_ENOMEM;
    if (!rc) {
        prescore(st.c, st.nc, &qmh);
        if (st.nc > 1)
            qsort(st.c, st.nc, sizeof *st.c, cmp_pre);
    }
    /* A long proposal's windows each bring their best: re-read two of each. */
    size_t nre = limit > SE_SIMILAR_RESCORED ? limit : SE_SIMILAR_RESCORED;
    if (st.s.nwin > 1 && 2 * st.s.nwin > nre)
        nre = 2 * st.s.nwin < RESCORED_MAX ? 2 * st.s.nwin : RESCORED_MAX;
    for (size_t k = 0; !rc && k < st.nc && k < nre; k++)
        rc = rescore(&st.c[k], a, syn, &idf, st.q, err);
    if (!rc && st.nc > 1)
        qsort(st.c, st.nc, sizeof *st.c, cmp_final);
    *hits = rc ? NULL : json_array();
    for (size_t k = 0; *hits && k < st.nc && k < limit && st.c[k].doc; k++) {
        json_t *hit = hit_json(&st.c[k], st.q, k < SE_SIMILAR_PASSAGE_HITS);
        if (!hit || json_array_append_new(*hits, hit)) {
            json_decref(*hits);
            *hits = NULL;
        }
    }
    if (!rc && !*hits)
        rc = tr_error_set(err, TR_ENOMEM, "out of memory");
    check_state_clear(&st);
    se_syn_free(syn);
    return rc;
}

/* 1 for the bytes that end a word: a sample is cut between words. */
static int is_space(char c)
{
    return c == ' ' || c == '\n' || c == '\t' || c == '\r';
}

/* A long text's sample: SE_SIMILAR_SAMPLE_CHUNKS runs of its words, spread evenly from
 * its start to its end, SE_SIMILAR_SAMPLE_BYTES in all. Cost grows with the text, and
 * a copy of a document runs over many pages, so the runs meet it wherever it is.
 * NULL when out of memory. */
static char *sample_text(const char *text, size_t len, size_t *out_len)
{
    const size_t k = SE_SIMILAR_SAMPLE_CHUNKS, chunk = SE_SIMILAR_SAMPLE_BYTES / k;
    char *out = malloc(SE_SIMILAR_SAMPLE_BYTES + 2 * k);
    if (!out)
        return NULL;
    size_t n = 0;
    for (size_t i = 0; i < k; i++) {
        size_t start = (len - chunk) / (k - 1) * i, end = start + chunk;
        while (i > 0 && start < end && !is_space(text[start]))
            start++; /* the word cut in two belongs to the run before */
        while (end > start && end < len && !is_space(text[end]))
            end--;
        memcpy(out + n, text + start, end - start);
        n += end - start;
        out[n++] = '\n';
    }
    *out_len = n;
    return out;
}

static int similar_request(se_engine *e, const void *in, json_t **out, tr_error *err)
{
    const se_similar_params *given_p = in;
    struct timespec t0;
    clock_gettime(CLOCK_MONOTONIC, &t0);
    *out = NULL;
    int rc = check(given_p, err);
    if (rc)
        return rc;
    se_similar_params sampled = *given_p;
    const se_similar_params *p = &sampled;
    char *sample = NULL;
    if (given_p->text && given_p->text_len > SE_SIMILAR_SAMPLE_BYTES) {
        sample = sample_text(given_p->text, given_p->text_len, &sampled.text_len);
        if (!sample)
            return tr_error_set(err, TR_ENOMEM, "out of memory");
        sampled.text = sample;
    }
    unsigned limit = p->limit ? p->limit : SE_SIMILAR_LIMIT_DEFAULT;
    /* Types are stored in lower case; one that cannot be a type has no documents. */
    char type[TYPE_MAX + 1];
    const char *given = p->type && *p->type ? p->type : "task";
    size_t tlen = strlen(given);
    int known_shape = tlen <= TYPE_MAX;
    for (size_t i = 0; known_shape && i <= tlen; i++)
        type[i] = (char)(given[i] >= 'A' && given[i] <= 'Z' ? given[i] - 'A' + 'a' : given[i]);
    if (!known_shape)
        snprintf(type, sizeof type, "%s", "-");

    json_t *hits = NULL;
    vn_analyzer *a = se_thread_analyzer(err);
    if (!a) {
        free(sample);
        return err ? err->code : TR_ENOMEM;
    }
    if (!known_shape) {
        hits = json_array();
    } else {
        xc_db *db = se_pool_get(e->pool, err);
        se_lexicon *lx = db && e->lexicons ? se_lexicon_get(e->lexicons, db, NULL) : NULL;
        rc = db ? check_once(e, db, a, lx, p, type, limit, &hits, err)
                : err && err->code ? err->code : TR_EXAPIAN;
        se_lexicon_unref(lx);
        se_pool_put(e->pool, db, rc != 0);
        if (rc) {
            free(sample);
            return rc;
        }
    }
    int was_sampled = sample != NULL;
    free(sample);
    *out = hits ? json_pack("{s:o, s:f, s:s, s:{s:f, s:f}, s:b}", "hits", hits, "took_ms",
                            se_elapsed_ms(&t0), "type", type, "thresholds", "duplicate",
                            SE_SIM_DUPLICATE, "related", SE_SIM_RELATED, "sampled",
                            was_sampled)
                : NULL;
    if (!*out)
        return tr_error_set(err, TR_ENOMEM, "out of memory");
    return 0;
}

int se_similar(se_engine *e, const se_similar_params *given_p, json_t **out, tr_error *err)
{
    return se_engine_read(e, similar_request, given_p, out, err);
}
