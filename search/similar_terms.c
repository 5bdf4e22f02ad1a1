/* similar_terms: a proposal read for the duplicate check, and its candidate queries
 * (see similar_int.h).
 */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "similar_int.h"
#include "tr_grow.h"

/* Title words name the topic: they count double in the candidate query. */
#define TITLE_BOOST 2.0

static int add_term(se_sim_scan *s, const char *a, size_t alen, const char *b, size_t blen)
{
    size_t len = alen + (b ? 1 + blen : 0);
    if (len > VN_TERM_MAX - 2)
        return 0; /* too long to be indexed with its prefix */
    se_sim_term *t = tr_grow(s->t, s->n + 1, &s->cap, sizeof *s->t, 256);
    if (!t)
        return TR_ENOMEM;
    s->t = t;
    char *arena = tr_grow(s->arena, s->alen + len + 1, &s->acap, 1, 4096);
    if (!arena)
        return TR_ENOMEM;
    s->arena = arena;
    char *dst = s->arena + s->alen;
    memcpy(dst, a, alen);
    if (b) {
        dst[alen] = ' ';
        memcpy(dst + alen + 1, b, blen);
    }
    dst[len] = '\0';
    s->t[s->n++] = (se_sim_term){s->alen, NULL, b != NULL, s->ntok, 0, s->seg == 1, s->seg == 0, 0};
    s->alen += len + 1;
    return 0;
}

static int scan_token(void *ctx, const vn_token *tok)
{
    se_sim_scan *s = ctx;
    if (tok->kind == VN_PART)
        return 0;
    vn_unit u = {vn_unit_hash(tok->folded, tok->folded_len), tok->start, tok->end, s->seg};
    if (vn_units_push(&s->raw, &u, s->err))
        return TR_ENOMEM;
    int rc = add_term(s, tok->folded, tok->folded_len, NULL, 0);
    /* Pairs as the indexer makes them: never across punctuation. */
    if (!rc && s->have_prev && !(tok->flags & VN_AFTER_BREAK))
        rc = add_term(s, s->prev, s->prev_len, tok->folded, tok->folded_len);
    s->have_prev = tok->folded_len <= VN_TERM_MAX;
    if (s->have_prev) {
        memcpy(s->prev, tok->folded, tok->folded_len);
        s->prev_len = tok->folded_len;
    }
    s->ntok++;
    return rc;
}

int se_sim_read(vn_analyzer *a, const se_similar_params *p, se_sim_scan *s, tr_error *err)
{
    const char *texts[2] = {p->title ? p->title : "", p->text ? p->text : ""};
    size_t lens[2] = {p->title ? p->title_len : 0, p->text ? p->text_len : 0};
    s->err = err;
    int rc = 0;
    for (uint32_t seg = 0; seg < 2 && !rc; seg++) {
        s->seg = seg;
        s->have_prev = 0;
        rc = vn_analyze(a, texts[seg], lens[seg], 0, scan_token, s, NULL, err);
    }
    for (size_t i = 0; !rc && i < s->n; i++)
        s->t[i].s = s->arena + s->t[i].off;
    if (rc == TR_ENOMEM)
        tr_error_set(err, rc, "out of memory reading a proposal");
    return rc;
}

static int cmp_term(const void *a, const void *b)
{
    const se_sim_term *x = a, *y = b;
    if (x->bigram != y->bigram)
        return x->bigram - y->bigram;
    int c = strcmp(x->s, y->s);
    if (c)
        return c;
    return x->win < y->win ? -1 : x->win > y->win;
}

static int cmp_window_weight(const void *a, const void *b)
{
    const se_sim_term *x = a, *y = b;
    if (x->win != y->win)
        return x->win < y->win ? -1 : 1;
    return x->weight > y->weight ? -1 : x->weight < y->weight;
}

/* Rarity, not repetition: a copied passage says each of its rare word pairs once,
 * while the rest of a window may repeat its own topic's words; weighing by how
 * often a term comes gives that topic the query and its documents the candidates. */
static double weight(const se_sim_term *t, uint64_t df, double ndocs)
{
    double idf = df ? log(ndocs / (double)df) : 0;
    return idf > 0 ? (t->tf_title > 0 ? TITLE_BOOST : 1) * idf : 0;
}

int se_sim_weigh(xc_db *db, se_view v, double ndocs, se_sim_scan *s, tr_error *err)
{
    size_t width = (s->ntok + SE_SIM_MAX_WINDOWS - 1) / SE_SIM_MAX_WINDOWS;
    width = width > SE_SIM_WINDOW_TOKENS ? width : SE_SIM_WINDOW_TOKENS;
    s->nwin = s->ntok ? (s->ntok + width - 1) / width : 0;
    for (size_t i = 0; i < s->n; i++)
        s->t[i].win = s->t[i].tok / width < s->nwin ? s->t[i].tok / width : s->nwin - 1;
    if (s->n > 1)
        qsort(s->t, s->n, sizeof *s->t, cmp_term);
    /* One lookup per distinct term; its occurrences summed per window. */
    size_t d = 0;
    for (size_t i = 0; i < s->n;) {
        size_t j = i + 1;
        while (j < s->n && s->t[j].bigram == s->t[i].bigram && strcmp(s->t[j].s, s->t[i].s) == 0)
            j++;
        char buf[VN_TERM_MAX + 1];
        size_t n = vn_term_build(buf, sizeof buf, s->t[i].bigram ? VN_P_BODY_BI : VN_P_BODY,
                                 s->t[i].s, strlen(s->t[i].s), NULL, 0);
        uint64_t df = 0;
        if (n && se_view_termfreq(db, v, buf, n, &df, err))
            return err ? err->code : TR_EXAPIAN;
        for (size_t k = i; k < j; k++) {
            if (d > 0 && k > i && s->t[d - 1].win == s->t[k].win) {
                s->t[d - 1].tf_text += s->t[k].tf_text;
                s->t[d - 1].tf_title += s->t[k].tf_title;
            } else {
                s->t[d++] = s->t[k];
            }
            s->t[d - 1].weight = weight(&s->t[d - 1], df, ndocs);
        }
        i = j;
    }
    s->n = d;
    if (s->n > 1)
        qsort(s->t, s->n, sizeof *s->t, cmp_window_weight);
    s->win_start = malloc((s->nwin + 1) * sizeof *s->win_start);
    if (!s->win_start)
        return tr_error_set(err, TR_ENOMEM, "out of memory");
    for (size_t w = 0, i = 0; w <= s->nwin; w++) {
        while (i < s->n && s->t[i].win < w)
            i++;
        s->win_start[w] = i;
    }
    return 0;
}

static xc_query *prefixed(const char *prefix, const char *text, tr_error *err)
{
    char buf[VN_TERM_MAX + 1];
    size_t n = vn_term_build(buf, sizeof buf, prefix, text, strlen(text), NULL, 0);
    return n ? xc_query_term(buf, n, 1, 0, err) : xc_query_match_nothing(err);
}

xc_query *se_sim_window_query(const se_sim_scan *s, size_t win, const char *type,
                              tr_error *err)
{
    xc_query *subs[SE_SIM_QUERY_TERMS] = {0};
    size_t n = 0;
    int fail = 0;
    for (size_t i = s->win_start[win]; i < s->win_start[win + 1] && n < SE_SIM_QUERY_TERMS && !fail;
         i++) {
        const se_sim_term *t = &s->t[i];
        if (t->weight <= 0)
            break;
        xc_query *pair[2] = {prefixed(t->bigram ? VN_P_BODY_BI : VN_P_BODY, t->s, err),
                             prefixed(t->bigram ? VN_P_TITLE_BI : VN_P_TITLE, t->s, err)};
        xc_query *either = pair[0] && pair[1] ? xc_query_combine(XC_OP_OR, pair, 2, 0, err) : NULL;
        /* Its rarity is BM25's part; the title's words count double. */
        subs[n] = either ? xc_query_scale(either, t->tf_title > 0 ? TITLE_BOOST : 1, err) : NULL;
        fail = !subs[n++];
        xc_query_free(pair[0]);
        xc_query_free(pair[1]);
        xc_query_free(either);
    }
    xc_query *q = fail ? NULL : xc_query_combine(XC_OP_OR, subs, n, 0, err);
    for (size_t i = 0; i < n; i++)
        xc_query_free(subs[i]);
    if (!q || strcmp(type, "all") == 0)
        return q;
    xc_query *f[2] = {q, prefixed(VN_P_TYPE, type, err)};
    xc_query *out = f[1] ? xc_query_combine(XC_OP_FILTER, f, 2, 0, err) : NULL;
    xc_query_free(f[0]);
    xc_query_free(f[1]);
    return out;
}

void se_sim_scan_free(se_sim_scan *s)
{
    vn_units_clear(&s->raw);
    free(s->t);
    free(s->arena);
    free(s->win_start);
    memset(s, 0, sizeof *s);
}
