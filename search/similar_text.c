/* similar_text: a title and a text prepared for comparison, the comparison itself and
 * the passages two texts share (see similar.h).
 *
 * A text becomes units (analyzers/shingle.h): one per token, folded, except that a
 * run of tokens the synonym table knows ("khoa học và công nghệ", "KH&CN") becomes
 * one unit whose hash is the smallest hash among the forms of its entry, so that
 * each form of an entry gives the same unit whichever one a text uses. The title is
 * segment 0 and the text segment 1: no shingle runs from one into the other.
 */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "shingle.h"
#include "similar.h"
#include "snippet.h"
#include "tr_grow.h"

#define SEG_TITLE 0
#define SEG_TEXT 1
/* A side with fewer shingles than this is scored as if it had this many: one shared
 * shingle of a two-shingle title is a coincidence, not half a duplicate. */
#define MIN_SHINGLES 10
/* Containment looks at most this many shingles of a text in a row: a passage of a
 * few hundred words copied into a long text counts as what it is, while the few
 * dozen shingles of formulas any two task records share stay far below a verdict. */
#define LOCAL_WINDOW 300
/* Title words count this many times in the word vector: a title names the topic. */
#define TITLE_WEIGHT 2.0
/* Weight of a canonical unit (an entry of the synonym table), which has no
 * document frequency of its own: that of a fairly common word. */
#define CANONICAL_IDF 2.0
/* The cosine's part in the score: COSINE_WEIGHT times the cosine, at most
 * COSINE_CAP, which is below SE_SIM_DUPLICATE: a text that shares its vocabulary
 * but no passage is "related" at most; "duplicate" takes shared passages, as the
 * evaluation defines duplication (docs/similar.md). */
#define COSINE_WEIGHT 0.3
#define COSINE_CAP 0.15
/* clang does not fold a floating comparison in _Static_assert (the fuzz build uses
 * clang); gcc, which every other build uses, checks it. */
#ifndef __clang__
_Static_assert(COSINE_CAP < SE_SIM_DUPLICATE, "the cosine alone must not make a duplicate");
#endif
#define CONTEXT_UNITS 4  /* words of context around a shared passage */
#define PASSAGE_UNITS 60 /* a longer shared passage is cut */

typedef struct term {
    uint64_t hash;
    double weight;
} term;

struct se_simtext {
    char *seg_text[2];
    size_t seg_len[2];
    vn_units units;
    unsigned char *span; /* per unit: units the shingle starting there covers, or 0 */
    uint64_t *shingle;   /* per unit: that shingle's hash */
    uint64_t *all;       /* distinct shingles of title and text, sorted */
    size_t nall;
    uint64_t *own;       /* of the text alone (of the title when the text has none) */
    size_t nown;
    size_t own_from;     /* the first unit of that text */
    struct place *pl;    /* where each shingle starts, by hash */
    size_t npl;
    term *terms;         /* the word vector, by hash */
    size_t nterms;
    double norm;
};

/* ---- Tokens, then units ------------------------------------------------------- */

typedef struct token {
    size_t folded; /* offset of the NUL-terminated folded form in the arena */
    size_t start, end;
    uint32_t seg;
} token;

typedef struct tokens {
    token *t;
    size_t n, cap;
    char *arena;
    size_t alen, acap;
    uint32_t seg;
} tokens;

static int on_token(void *ctx, const vn_token *tok)
{
    tokens *ts = ctx;
    if (tok->kind == VN_PART)
        return 0; /* the compound is the unit, as in shingle.c */
    token *t = tr_grow(ts->t, ts->n + 1, &ts->cap, sizeof *ts->t, 64);
    if (!t)
        return TR_ENOMEM;
    ts->t = t;
    char *arena = tr_grow(ts->arena, ts->alen + tok->folded_len + 1, &ts->acap, 1, 64);
    if (!arena)
        return TR_ENOMEM;
    ts->arena = arena;
    memcpy(ts->arena + ts->alen, tok->folded, tok->folded_len);
    ts->arena[ts->alen + tok->folded_len] = '\0';
    ts->t[ts->n++] = (token){ts->alen, tok->start, tok->end, ts->seg};
    ts->alen += tok->folded_len + 1;
    return 0;
}

/* The hash of a form given as tokens: the tokens joined by spaces, hashed as one. */
static uint64_t form_hash(const char *const *tok, size_t n)
{
    char buf[1024];
    size_t len = 0;
    for (size_t i = 0; i < n; i++) {
        size_t l = strlen(tok[i]);
        if (len + l + 1 >= sizeof buf)
            break;
        if (i)
            buf[len++] = ' ';
        memcpy(buf + len, tok[i], l);
        len += l;
    }
    /* Kept apart from the unit of a word typed as is: an entry's unit stands for
     * all its forms, the one-word form included. */
    return vn_unit_hash(buf, len) ^ 0x5359e0f5a1b2c3d4ULL;
}

/* Units of one segment's tokens: t[0..n), folded forms in `fold`. `weigh_by` gets,
 * for each unit, the folded form to weigh it by (NULL for an entry's unit). */
static int make_units(se_simtext *st, const se_syn *syn, const token *t, size_t n,
                      const char *const *fold, const char **weigh_by, tr_error *err)
{
    for (size_t at = 0; at < n;) {
        size_t len = 0;
        const se_syn_alt *alts = NULL;
        size_t nalts = syn ? se_syn_match(syn, fold, n, at, &len, &alts) : 0;
        vn_unit u = {0, t[at].start, t[at].end, t[at].seg};
        if (nalts && len > 0) {
            u.hash = form_hash(fold + at, len);
            for (size_t k = 0; k < nalts; k++) {
                uint64_t h = form_hash(alts[k].tokens, alts[k].n);
                if (h < u.hash)
                    u.hash = h;
            }
            u.end = t[at + len - 1].end;
            weigh_by[st->units.n] = NULL;
        } else {
            len = 1;
            u.hash = vn_unit_hash(fold[at], strlen(fold[at]));
            weigh_by[st->units.n] = fold[at];
        }
        if (vn_units_push(&st->units, &u, err))
            return TR_ENOMEM;
        at += len;
    }
    return 0;
}

/* ---- Word weights ------------------------------------------------------------------ */

static double idf(const se_idf *w, const char *folded)
{
    if (!w || w->ndocs < 1)
        return 1.0;
    if (!folded)
        return CANONICAL_IDF;
    size_t len = strlen(folded);
    uint64_t df = w->lx ? se_lexicon_df(w->lx, folded, len) : 0;
    if (df == 0 && w->db)
        se_view_termfreq(w->db, w->view, folded, len, &df, NULL); /* numbers, compounds */
    double v = log((w->ndocs + 1) / ((double)df + 1));
    return v > 0 ? v : 0;
}

/* A hash and the unit where it stands: a word's (terms) or a shingle's (places),
 * sorted by hash, then by where. */
typedef struct place {
    uint64_t hash;
    size_t unit;
} place;

/* Orders places, and anything whose first member is its place. */
static int cmp_place(const void *x, const void *y)
{
    const place *a = x, *b = y;
    if (a->hash != b->hash)
        return a->hash < b->hash ? -1 : 1;
    return a->unit < b->unit ? -1 : a->unit > b->unit;
}

/* A word of the text and its weight in the term frequency. */
typedef struct occ {
    place at; /* first: sorted by cmp_place() */
    double tf;
} occ;

static int make_terms(se_simtext *st, const se_idf *w, const char *const *weigh_by,
                      tr_error *err)
{
    size_t n = st->units.n;
    if (n == 0)
        return 0;
    occ *o = malloc(n * sizeof *o);
    st->terms = malloc(n * sizeof *st->terms);
    if (!o || !st->terms) {
        free(o);
        return tr_error_set(err, TR_ENOMEM, "out of memory weighing words");
    }
    for (size_t i = 0; i < n; i++)
        o[i] = (occ){{st->units.u[i].hash, i},
                     st->units.u[i].seg == SEG_TITLE ? TITLE_WEIGHT : 1.0};
    qsort(o, n, sizeof *o, cmp_place);
    double sq = 0;
    for (size_t i = 0; i < n;) {
        size_t j = i;
        double tf = 0;
        while (j < n && o[j].at.hash == o[i].at.hash)
            tf += o[j++].tf;
        double wt = (1 + log(tf)) * idf(w, weigh_by[o[i].at.unit]);
        if (wt > 0) {
            st->terms[st->nterms++] = (term){o[i].at.hash, wt};
            sq += wt * wt;
        }
        i = j;
    }
    st->norm = sqrt(sq);
    free(o);
    return 0;
}

/* ---- Shingles ------------------------------------------------------------------------ */

/* Where each shingle of a text starts (a place), sorted by hash, to find a shared
 * shingle's places in the other text. */
static int make_places(se_simtext *t, tr_error *err)
{
    t->pl = malloc((t->units.n ? t->units.n : 1) * sizeof *t->pl);
    if (!t->pl)
        return tr_error_set(err, TR_ENOMEM, "out of memory computing shingles");
    for (size_t i = 0; i < t->units.n; i++)
        if (t->span[i])
            t->pl[t->npl++] = (place){t->shingle[i], i};
    if (t->npl > 1)
        qsort(t->pl, t->npl, sizeof *t->pl, cmp_place);
    return 0;
}

static int make_shingles(se_simtext *st, tr_error *err)
{
    const vn_unit *u = st->units.u;
    size_t n = st->units.n;
    if (n == 0)
        return 0;
    st->span = calloc(n, 1);
    st->shingle = calloc(n, sizeof *st->shingle);
    if (!st->span || !st->shingle)
        return tr_error_set(err, TR_ENOMEM, "out of memory computing shingles");
    for (size_t i = 0; i < n; i++) {
        st->span[i] = (unsigned char)vn_shingle_span(u, n, i);
        if (st->span[i])
            st->shingle[i] = vn_shingle_hash(u + i, st->span[i]);
    }
    int rc = vn_shingles(u, n, &st->all, &st->nall, err);
    /* The text's own shingles: the units after the title, else the title's. */
    size_t first_text = 0;
    while (first_text < n && u[first_text].seg == SEG_TITLE)
        first_text++;
    st->own_from = first_text < n ? first_text : 0;
    if (!rc)
        rc = vn_shingles(u + st->own_from, n - st->own_from, &st->own, &st->nown, err);
    if (!rc)
        rc = make_places(st, err);
    return rc;
}

/* ---- Construction -------------------------------------------------------------------- */

void se_simtext_free(se_simtext *st)
{
    if (!st)
        return;
    free(st->seg_text[0]);
    free(st->seg_text[1]);
    vn_units_clear(&st->units);
    free(st->span);
    free(st->shingle);
    free(st->all);
    free(st->own);
    free(st->pl);
    free(st->terms);
    free(st);
}

static char *copy(const char *s, size_t len)
{
    char *c = malloc(len + 1);
    if (c) {
        if (len)
            memcpy(c, s, len);
        c[len] = '\0';
    }
    return c;
}

se_simtext *se_simtext_new(vn_analyzer *a, const se_syn *syn, const se_idf *idf,
                           const char *title, size_t title_len, const char *text,
                           size_t text_len, tr_error *err)
{
    se_simtext *st = calloc(1, sizeof *st);
    tokens ts = {0};
    const char **fold = NULL, **weigh_by = NULL;
    int rc = st ? 0 : TR_ENOMEM;
    if (st) {
        st->seg_text[SEG_TITLE] = copy(title ? title : "", title ? title_len : 0);
        st->seg_text[SEG_TEXT] = copy(text ? text : "", text ? text_len : 0);
        st->seg_len[SEG_TITLE] = title ? title_len : 0;
        st->seg_len[SEG_TEXT] = text ? text_len : 0;
        if (!st->seg_text[0] || !st->seg_text[1])
            rc = TR_ENOMEM;
    }
    for (uint32_t s = 0; s < 2 && !rc; s++) {
        ts.seg = s;
        rc = vn_analyze(a, st->seg_text[s], st->seg_len[s], 0, on_token, &ts, NULL, err);
    }
    if (!rc && ts.n) {
        fold = malloc(ts.n * sizeof *fold);
        weigh_by = malloc(ts.n * sizeof *weigh_by);
        if (!fold || !weigh_by)
            rc = TR_ENOMEM;
        for (size_t i = 0; !rc && i < ts.n; i++)
            fold[i] = ts.arena + ts.t[i].folded;
    }
    /* Entries of the synonym table are matched within a segment, never across. */
    for (size_t i = 0, j; !rc && i < ts.n; i = j) {
        for (j = i; j < ts.n && ts.t[j].seg == ts.t[i].seg;)
            j++;
        rc = make_units(st, syn, ts.t + i, j - i, fold + i, weigh_by, err);
    }
    if (!rc)
        rc = make_terms(st, idf, weigh_by, err);
    if (!rc)
        rc = make_shingles(st, err);
    free(fold);
    free(weigh_by);
    free(ts.t);
    free(ts.arena);
    if (rc) {
        tr_error_set(err, rc, "cannot prepare a text for comparison: %s", tr_error_name(rc));
        se_simtext_free(st);
        return NULL;
    }
    return st;
}

/* ---- Comparison ---------------------------------------------------------------------- */

const char *se_similar_verdict(double score)
{
    if (score >= SE_SIM_DUPLICATE)
        return "duplicate";
    if (score >= SE_SIM_RELATED)
        return "related";
    return "distinct";
}

static double cosine(const se_simtext *a, const se_simtext *b)
{
    if (a->norm <= 0 || b->norm <= 0)
        return 0;
    double dot = 0;
    for (size_t i = 0, j = 0; i < a->nterms && j < b->nterms;) {
        if (a->terms[i].hash < b->terms[j].hash) {
            i++;
        } else if (a->terms[i].hash > b->terms[j].hash) {
            j++;
        } else {
            dot += a->terms[i].weight * b->terms[j].weight;
            i++;
            j++;
        }
    }
    double c = dot / (a->norm * b->norm);
    return c < 1 ? c : 1;
}

static double share(size_t common, size_t n)
{
    return n ? (double)common / (double)(n > MIN_SHINGLES ? n : MIN_SHINGLES) : 0;
}

/* The share of t's own shingles found in `other`; for a text longer than
 * LOCAL_WINDOW shingles, the largest share among any LOCAL_WINDOW in a row, so that
 * one copied passage among many pages is not diluted by them. */
static double local_share(const se_simtext *t, const se_simtext *other, size_t common)
{
    size_t n = t->units.n - t->own_from;
    if (n <= LOCAL_WINDOW)
        return share(common, t->nown);
    unsigned char *hit = calloc(t->units.n, 1);
    if (!hit)
        return share(common, t->nown); /* out of memory: the plain share is still true */
    for (size_t i = 0, j = 0; i < t->npl && j < other->nall;) {
        if (t->pl[i].hash < other->all[j])
            i++;
        else if (t->pl[i].hash > other->all[j])
            j++;
        else
            hit[t->pl[i++].unit] = 1;
    }
    size_t in = 0, best = 0;
    for (size_t k = t->own_from; k < t->units.n; k++) {
        in += hit[k];
        if (k >= t->own_from + LOCAL_WINDOW)
            in -= hit[k - LOCAL_WINDOW];
        best = in > best ? in : best;
    }
    free(hit);
    double local = (double)best / LOCAL_WINDOW, whole = share(common, t->nown);
    return local > whole ? local : whole;
}

void se_simtext_compare(const se_simtext *q, const se_simtext *d, se_similarity *out)
{
    size_t cq = vn_shingles_common(q->own, q->nown, d->all, d->nall);
    size_t cd = vn_shingles_common(d->own, d->nown, q->all, q->nall);
    size_t both = vn_shingles_common(q->all, q->nall, d->all, d->nall);
    double sq = local_share(q, d, cq), sd = local_share(d, q, cd);
    out->containment = sq > sd ? sq : sd;
    size_t uni = q->nall + d->nall - both;
    out->resemblance = uni ? (double)both / (double)uni : 0;
    out->cosine = cosine(q, d);
    double lift = COSINE_WEIGHT * out->cosine;
    lift = lift < COSINE_CAP ? lift : COSINE_CAP;
    out->score = out->containment > lift ? out->containment : lift;
    out->verdict = se_similar_verdict(out->score);
}

/* ---- Passages ------------------------------------------------------------------------ */

/* Marks the units of `t` covered by a shingle that `other` has. */
static unsigned char *mark_shared(const se_simtext *t, const se_simtext *other)
{
    unsigned char *m = calloc(t->units.n + 1, 1);
    if (!m)
        return NULL;
    for (size_t i = 0; i < t->units.n; i++)
        if (t->span[i] && vn_shingles_has(other->all, other->nall, t->shingle[i]))
            memset(m + i, 1, t->span[i]);
    return m;
}

/* The run of marked units of one segment around unit i: [*from, *to). */
static void run_around(const se_simtext *t, const unsigned char *m, size_t i, size_t *from,
                       size_t *to)
{
    const vn_unit *u = t->units.u;
    size_t a = i, b = i + 1;
    while (a > 0 && m[a - 1] && u[a - 1].seg == u[i].seg)
        a--;
    while (b < t->units.n && m[b] && u[b].seg == u[i].seg)
        b++;
    *from = a;
    *to = b;
}

/* The excerpt of t around units [from, to): a little context, the run in <mark>. */
static char *excerpt(const se_simtext *t, size_t from, size_t to)
{
    const vn_unit *u = t->units.u;
    uint32_t seg = u[from].seg;
    const char *text = t->seg_text[seg];
    size_t cut = to - from > PASSAGE_UNITS ? from + PASSAGE_UNITS : to;
    size_t a = from, b = cut;
    for (size_t k = 0; k < CONTEXT_UNITS && a > 0 && u[a - 1].seg == seg; k++)
        a--;
    for (size_t k = 0; cut == to && k < CONTEXT_UNITS && b < t->units.n && u[b].seg == seg; k++)
        b++;
    se_buf buf = {0};
    int fail = 0;
    if (a > 0 && u[a - 1].seg == seg)
        fail |= se_buf_append(&buf, "… ", strlen("… "));
    fail |= se_buf_append_escaped(&buf, text + u[a].start, u[from].start - u[a].start);
    fail |= se_buf_append(&buf, "<mark>", 6);
    fail |= se_buf_append_escaped(&buf, text + u[from].start, u[cut - 1].end - u[from].start);
    fail |= se_buf_append(&buf, "</mark>", 7);
    fail |= se_buf_append_escaped(&buf, text + u[cut - 1].end, u[b - 1].end - u[cut - 1].end);
    if (b < t->units.n && u[b].seg == seg)
        fail |= se_buf_append(&buf, " …", strlen(" …"));
    if (fail) {
        free(buf.data);
        return NULL;
    }
    return buf.data;
}

typedef struct passage {
    size_t qa, qb, da, db;
} passage;

static int cmp_passage(const void *x, const void *y)
{
    const passage *a = x, *b = y;
    size_t la = a->qb - a->qa, lb = b->qb - b->qa;
    if (la != lb)
        return la > lb ? -1 : 1;
    return a->qa < b->qa ? -1 : a->qa > b->qa;
}

/* A shingle repeated more often than this in one text (a refrain, boilerplate) is
 * looked up at its first places only. */
#define PLACES_PER_SHINGLE 8

/* The longest run of d's marked units that holds a shingle of q's run [qa, qb). */
static int pair_run(const se_simtext *q, size_t qa, size_t qb, const se_simtext *d,
                    const unsigned char *md, const place *pl, size_t npl, passage *out)
{
    int found = 0;
    for (size_t k = qa; k < qb; k++) {
        if (!q->span[k])
            continue;
        size_t lo = 0, hi = npl;
        while (lo < hi) {
            size_t mid = lo + (hi - lo) / 2;
            if (pl[mid].hash < q->shingle[k])
                lo = mid + 1;
            else
                hi = mid;
        }
        for (size_t j = lo; j < npl && j < lo + PLACES_PER_SHINGLE && pl[j].hash == q->shingle[k];
             j++) {
            size_t da, db;
            run_around(d, md, pl[j].unit, &da, &db);
            if (!found || db - da > out->db - out->da) {
                *out = (passage){qa, qb, da, db};
                found = 1;
            }
        }
    }
    return found;
}

json_t *se_simtext_passages(const se_simtext *q, const se_simtext *d, size_t max)
{
    json_t *arr = json_array();
    unsigned char *mq = mark_shared(q, d), *md = mark_shared(d, q);
    passage *ps = NULL;
    size_t np = 0, cap = 0;
    int fail = !arr || !mq || !md;
    for (size_t i = 0; !fail && i < q->units.n;) {
        if (!mq[i]) {
            i++;
            continue;
        }
        size_t qa, qb;
        run_around(q, mq, i, &qa, &qb);
        passage p;
        if (pair_run(q, qa, qb, d, md, d->pl, d->npl, &p)) {
            passage *g = tr_grow(ps, np + 1, &cap, sizeof *ps, 64);
            if (g) {
                ps = g;
                ps[np++] = p;
            } else {
                fail = 1;
            }
        }
        i = qb;
    }
    if (!fail && np > 1)
        qsort(ps, np, sizeof *ps, cmp_passage);
    for (size_t i = 0, shown = 0; !fail && i < np && shown < max; i++) {
        int repeat = 0;
        for (size_t k = 0; k < i && !repeat; k++)
            repeat = ps[k].da == ps[i].da && ps[k].db == ps[i].db;
        if (repeat)
            continue; /* two runs of q found the same run of d: show it once */
        char *qe = excerpt(q, ps[i].qa, ps[i].qb), *de = excerpt(d, ps[i].da, ps[i].db);
        json_t *p = qe && de ? json_pack("{s:s, s:s}", "query", qe, "document", de) : NULL;
        fail = !p || json_array_append_new(arr, p);
        free(qe);
        free(de);
        shown++;
    }
    free(ps);
    free(mq);
    free(md);
    if (fail) {
        json_decref(arr);
        return NULL;
    }
    return arr;
}
