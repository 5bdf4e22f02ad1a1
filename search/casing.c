/* casing: capitals for suggestions, from the index's titles (see casing.h). */
#include "casing.h"

#include <jansson.h>
#include <stdlib.h>
#include <string.h>
#include <unicode/uchar.h>
#include <unicode/utf8.h>

#include "vn_terms.h"

#define WORDS_MAX 64 /* words and pairs learnt at once: ten suggestions of a few words */
#define TOKENS_MAX 64
#define WORD_MAX 48
#define TITLES 30 /* titles read: enough to outvote a headline in title case */
#define VOTES_MIN 2

typedef struct votes {
    unsigned cap, lower;
} votes;

typedef struct word {
    char exact[WORD_MAX], folded[WORD_MAX];
    votes alone;
} word;

typedef struct pair {
    size_t a, b;   /* words */
    votes side[2]; /* how the titles write a, and b, when side by side */
} pair;

struct se_casing {
    word w[WORDS_MAX];
    size_t nw;
    pair p[WORDS_MAX];
    size_t np;
    int lower; /* some word noted is written in lower case: the only ones applied */
};

/* A token of a text, and how its source writes it. */
typedef struct tok {
    char exact[WORD_MAX], folded[WORD_MAX];
    size_t start, end;
    int word, linked; /* a word; after the one before it, no punctuation between */
    int lower;        /* every letter lower case */
    int initial;      /* an upper-case first letter, the others lower case */
} tok;

typedef struct toks {
    const char *src;
    tok t[TOKENS_MAX];
    size_t n;
} toks;

static int on_token(void *ctx, const vn_token *vt)
{
    toks *ts = ctx;
    if (vt->kind == VN_PART)
        return 0;
    if (ts->n == TOKENS_MAX)
        return 1;
    tok *t = &ts->t[ts->n++];
    memset(t, 0, sizeof *t);
    t->word = vt->kind == VN_WORD && vt->text_len < WORD_MAX && vt->folded_len < WORD_MAX;
    if (t->word) {
        memcpy(t->exact, vt->text, vt->text_len);
        memcpy(t->folded, vt->folded, vt->folded_len);
    }
    t->start = vt->start;
    t->end = vt->end;
    t->linked = ts->n > 1 && !(vt->flags & VN_AFTER_BREAK);
    int32_t i = (int32_t)vt->start, n = (int32_t)vt->end, k = 0, upper_rest = 0, first_up = 0;
    while (i < n) {
        UChar32 c;
        U8_NEXT(ts->src, i, n, c);
        if (k++ == 0)
            first_up = c >= 0 && u_isupper(c);
        else
            upper_rest |= c >= 0 && u_isupper(c);
    }
    t->lower = !first_up && !upper_rest;
    t->initial = first_up && !upper_rest;
    return 0;
}

static int tokens(vn_analyzer *a, const char *text, size_t len, toks *ts, tr_error *err)
{
    ts->src = text;
    ts->n = 0;
    int rc = vn_analyze(a, text, len, 0, on_token, ts, NULL, err);
    return rc == 1 ? 0 : rc; /* more tokens than kept: the first ones serve */
}

static size_t find_word(const se_casing *c, const char *exact)
{
    size_t i = 0;
    while (i < c->nw && strcmp(c->w[i].exact, exact) != 0)
        i++;
    return i;
}

static size_t find_pair(const se_casing *c, size_t a, size_t b)
{
    size_t i = 0;
    while (i < c->np && !(c->p[i].a == a && c->p[i].b == b))
        i++;
    return i;
}

se_casing *se_casing_new(tr_error *err)
{
    se_casing *c = calloc(1, sizeof *c);
    if (!c)
        tr_error_set(err, TR_ENOMEM, "out of memory");
    return c;
}

void se_casing_free(se_casing *c)
{
    free(c);
}

int se_casing_want(se_casing *c, vn_analyzer *a, const char *text, tr_error *err)
{
    toks ts;
    int rc = tokens(a, text, strlen(text), &ts, err);
    size_t idx[TOKENS_MAX];
    for (size_t k = 0; rc == 0 && k < ts.n; k++) {
        idx[k] = WORDS_MAX;
        if (!ts.t[k].word)
            continue;
        size_t i = find_word(c, ts.t[k].exact);
        if (i == c->nw && c->nw < WORDS_MAX) {
            memcpy(c->w[i].exact, ts.t[k].exact, WORD_MAX);
            memcpy(c->w[i].folded, ts.t[k].folded, WORD_MAX);
            c->nw++;
        }
        idx[k] = i < c->nw ? i : WORDS_MAX;
        c->lower |= ts.t[k].lower && idx[k] < WORDS_MAX;
        if (k && ts.t[k].linked && idx[k - 1] < WORDS_MAX && idx[k] < WORDS_MAX &&
            find_pair(c, idx[k - 1], idx[k]) == c->np && c->np < WORDS_MAX)
            c->p[c->np++] = (pair){idx[k - 1], idx[k], {{0, 0}, {0, 0}}};
    }
    return rc;
}

/* A title word's vote: inside a sentence, and not in a word in capitals. */
static void vote(votes *v, const tok *t, size_t k)
{
    if (k == 0 || !t->linked)
        return;
    v->cap += t->initial;
    v->lower += t->lower;
}

static void tally(se_casing *c, const toks *ts)
{
    size_t prev = WORDS_MAX;
    for (size_t k = 0; k < ts->n; k++) {
        const tok *t = &ts->t[k];
        size_t i = t->word ? find_word(c, t->exact) : c->nw;
        if (i < c->nw) {
            vote(&c->w[i].alone, t, k);
            size_t p = prev < c->nw && t->linked ? find_pair(c, prev, i) : c->np;
            if (p < c->np) {
                vote(&c->p[p].side[0], &ts->t[k - 1], k - 1);
                vote(&c->p[p].side[1], t, k);
            }
        }
        prev = i < c->nw ? i : WORDS_MAX;
    }
}

/* The titles that hold the words wanted side by side (a word alone, alone), those with
 * the rarer pairs first: "quảng nam" before "ủy ban". */
static xc_query *wanted(const se_casing *c, tr_error *err)
{
    xc_query *subs[2 * WORDS_MAX];
    size_t n = 0;
    char term[2 * WORD_MAX + 8];
    for (size_t i = 0; i < c->np; i++) {
        const word *a = &c->w[c->p[i].a], *b = &c->w[c->p[i].b];
        size_t len = vn_term_build(term, sizeof term, VN_P_TITLE_BI, a->folded,
                                   strlen(a->folded), b->folded, strlen(b->folded));
        if (len && (subs[n] = xc_query_term(term, len, 1, 0, err)))
            n++;
    }
    for (size_t i = 0; i < c->nw; i++) {
        /* A word with a neighbour is judged by the pair: its titles are those. */
        size_t p = 0;
        while (p < c->np && c->p[p].a != i && c->p[p].b != i)
            p++;
        if (p < c->np)
            continue;
        size_t len = vn_term_build(term, sizeof term, VN_P_TITLE, c->w[i].folded,
                                   strlen(c->w[i].folded), NULL, 0);
        if (len && (subs[n] = xc_query_term(term, len, 1, 0, err)))
            n++;
    }
    xc_query *q = n ? xc_query_combine(XC_OP_OR, subs, n, 0, err) : NULL;
    while (n)
        xc_query_free(subs[--n]);
    return q;
}

/* The title of result i, without parsing the body: the record is a JSON object, where
 * a key's quotes cannot be inside a string (they would be escaped there), so the first
 * "title": is the record's own. *out is NULL when it has none. */
static int title_of(const xc_mset *m, size_t i, json_t **out, tr_error *err)
{
    static const char key[] = "\"title\":";
    char *data = NULL;
    size_t len = 0;
    *out = NULL;
    if (xc_mset_data(m, i, &data, &len, err))
        return err && err->code ? err->code : TR_EXAPIAN;
    const char *at = NULL;
    for (size_t k = 0; !at && k + sizeof key - 1 <= len; k++)
        if (data[k] == '"' && memcmp(data + k, key, sizeof key - 1) == 0)
            at = data + k;
    if (at) {
        at += sizeof key - 1;
        while (at < data + len && (*at == ' ' || *at == '\t' || *at == '\n'))
            at++;
        *out = json_loadb(at, len - (size_t)(at - data), JSON_DECODE_ANY | JSON_DISABLE_EOF_CHECK,
                          NULL);
    }
    free(data);
    return 0;
}

int se_casing_learn(se_casing *c, vn_analyzer *a, xc_db *db, se_view v, tr_error *err)
{
    /* Capitals go to words written in lower case only (se_casing_apply): with none,
     * the titles could change nothing, and are not read. */
    if (c->nw == 0 || !c->lower)
        return 0;
    xc_query *q = wanted(c, err);
    q = q ? se_view_apply(v, q, err) : NULL;
    xc_enquire *enq = q ? xc_enquire_new(db, err) : NULL;
    xc_mset *m = NULL;
    if (enq && xc_enquire_set_query(enq, q, err) == 0)
        m = xc_enquire_run(enq, 0, TITLES, 0, err);
    int rc = m ? 0 : err && err->code ? err->code : TR_EXAPIAN;
    for (size_t i = 0; m && rc == 0 && i < xc_mset_size(m); i++) {
        json_t *title = NULL;
        toks ts;
        if ((rc = title_of(m, i, &title, err)) == 0 && json_is_string(title) &&
            (rc = tokens(a, json_string_value(title), json_string_length(title), &ts, err)) == 0)
            tally(c, &ts);
        json_decref(title);
    }
    xc_mset_free(m);
    xc_enquire_free(enq);
    xc_query_free(q);
    return rc;
}

/* Upper-cases the first letter of s in place, when its capital is as long in UTF-8. */
static void capitalise(char *s, size_t len)
{
    int32_t i = 0, w = 0;
    UChar32 c;
    U8_NEXT(s, i, (int32_t)len, c);
    UChar32 up = c < 0 ? c : u_toupper(c);
    if (c >= 0 && U8_LENGTH(up) == i)
        U8_APPEND_UNSAFE(s, w, up);
}

/* The votes for token k of ts (word i) from the pairs it makes with its neighbours;
 * *beside is set when it has one. */
static votes pair_votes(const se_casing *c, const toks *ts, size_t k, size_t i, int *beside)
{
    votes v = {0, 0};
    *beside = 0;
    for (int side = 0; side < 2; side++) {
        size_t o = side == 0 ? k - 1 : k + 1;
        if ((side == 0 && (k == 0 || !ts->t[k].linked)) ||
            (side == 1 && (o >= ts->n || !ts->t[o].linked)) || !ts->t[o].word)
            continue;
        size_t j = find_word(c, ts->t[o].exact);
        size_t p = j == c->nw ? c->np : side == 0 ? find_pair(c, j, i) : find_pair(c, i, j);
        *beside = 1;
        if (p < c->np) {
            v.cap += c->p[p].side[side == 0 ? 1 : 0].cap;
            v.lower += c->p[p].side[side == 0 ? 1 : 0].lower;
        }
    }
    return v;
}

int se_casing_apply(se_casing *c, vn_analyzer *a, char *text, tr_error *err)
{
    toks ts;
    int rc = tokens(a, text, strlen(text), &ts, err);
    int up[TOKENS_MAX] = {0}, unknown[TOKENS_MAX] = {0};
    for (size_t k = 0; rc == 0 && k < ts.n; k++) {
        const tok *t = &ts.t[k];
        size_t i = t->word && t->lower ? find_word(c, t->exact) : c->nw;
        if (i == c->nw)
            continue;
        /* Beside a word, judged with it: "nam" after "quảng", not "nam" anywhere. */
        int beside;
        votes v = pair_votes(c, &ts, k, i, &beside);
        if (!beside)
            v = c->w[i].alone;
        up[k] = v.cap >= VOTES_MIN && v.cap > v.lower;
        unknown[k] = v.cap + v.lower == 0;
    }
    /* A name's first word is mostly first in its titles too ("Hà Nam: ..."), where its
     * capital says nothing: a word without a vote goes with a neighbour that is
     * capitalised. */
    for (size_t k = 0; rc == 0 && k + 1 < ts.n; k++)
        up[k] |= unknown[k] && up[k + 1] && ts.t[k + 1].linked;
    for (size_t k = 0; rc == 0 && k < ts.n; k++)
        if (up[k])
            capitalise(text + ts.t[k].start, ts.t[k].end - ts.t[k].start);
    return rc;
}

int se_casing_text(vn_analyzer *a, xc_db *db, se_view v, char *text, tr_error *err)
{
    se_casing *c = se_casing_new(err);
    int rc = c ? se_casing_want(c, a, text, err) : TR_ENOMEM;
    if (rc == 0)
        rc = se_casing_learn(c, a, db, v, err);
    if (rc == 0)
        rc = se_casing_apply(c, a, text, err);
    se_casing_free(c);
    return rc;
}
