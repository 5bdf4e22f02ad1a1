/* qbuild: turns parsed clauses into a Xapian query tree (see qbuild.h). */
#include "qbuild.h"

#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "vn_terms.h"

const se_weights se_weights_default = {
    .title = 5.0,
    .exact = 2.0,
    .bigram = 0.5,
    .phrase = 100.0,
    .headline = 50.0,
    .k1 = 1.0,
    .b = 0.5,
    .tier = 1,
    .cutoff = 0,
    .typo = 0.7,
};
int se_weights_parse(se_weights *w, const char *spec, tr_error *err)
{
    static const struct {
        const char *name;
        size_t offset;
    } fields[] = {
        {"title", offsetof(se_weights, title)},   {"exact", offsetof(se_weights, exact)},
        {"bigram", offsetof(se_weights, bigram)}, {"phrase", offsetof(se_weights, phrase)},
        {"k1", offsetof(se_weights, k1)},         {"b", offsetof(se_weights, b)},
        {"cutoff", offsetof(se_weights, cutoff)}, {"typo", offsetof(se_weights, typo)},
        {"tier", offsetof(se_weights, tier)},     {"headline", offsetof(se_weights, headline)},
    };
    se_weights out = *w;
    const char *s = spec;
    while (*s) {
        size_t n = strcspn(s, "=,");
        size_t f = 0;
        while (f < sizeof fields / sizeof fields[0] &&
               (strlen(fields[f].name) != n || strncmp(fields[f].name, s, n) != 0))
            f++;
        if (f == sizeof fields / sizeof fields[0] || s[n] != '=')
            return tr_error_set(err, TR_EINVAL, "unknown weight in --weights (known: title, "
                                                "exact, bigram, phrase, headline, k1, b, tier, cutoff, typo)");
        char *end;
        double v = strtod(s + n + 1, &end);
        if (end == s + n + 1 || (*end && *end != ',') || !(v >= 0 && v <= 1000))
            return tr_error_set(err, TR_EINVAL, "a weight must be a number from 0 to 1000");
        *(double *)((char *)&out + fields[f].offset) = v;
        s = *end ? end + 1 : end;
    }
    *w = out;
    return 0;
}

/* A unit is what the analyzer made of one token of the query (units.h): a word, or a
 * compound (legal number, abbreviation, date...) with its parts. */
#define MAX_UNITS 64
#define MAX_PARTS SE_UNIT_PARTS
#define WORD_MAX SE_UNIT_MAX

typedef struct units {
    se_unit u[MAX_UNITS];
    size_t n;
} units;

static int marked(const se_unit *u)
{
    return (u->flags & VN_HAS_MARKS) != 0;
}

static int after_break(const se_unit *u)
{
    return (u->flags & VN_AFTER_BREAK) != 0;
}

/* ---- Small builders that take ownership of their arguments -------------- */

static xc_query *term(const char *prefix, const char *a, const char *b, tr_error *err)
{
    char buf[2 * WORD_MAX + 8];
    size_t len = vn_term_build(buf, sizeof buf, prefix, a, strlen(a), b, b ? strlen(b) : 0);
    if (len == 0)
        return xc_query_match_nothing(err);
    return xc_query_term(buf, len, 1, 0, err);
}

/* Combines and frees `subs`. NULL entries (failed builds) make the result NULL. */
static xc_query *combine(xc_op op, xc_query **subs, size_t n, uint32_t window, tr_error *err)
{
    xc_query *out = NULL;
    int ok = 1;
    for (size_t i = 0; i < n; i++)
        ok = ok && subs[i];
    if (ok && n == 1 && op != XC_OP_PHRASE && op != XC_OP_NEAR) {
        out = subs[0];
        subs[0] = NULL;
    } else if (ok && n > 0) {
        out = xc_query_combine(op, subs, n, window, err);
    } else if (ok) {
        out = xc_query_match_nothing(err);
    }
    for (size_t i = 0; i < n; i++)
        xc_query_free(subs[i]);
    return out;
}

static xc_query *combine2(xc_op op, xc_query *a, xc_query *b, tr_error *err)
{
    xc_query *subs[2] = {a, b};
    return combine(op, subs, 2, 0, err);
}

static xc_query *scaled(xc_query *q, double factor, tr_error *err)
{
    if (!q)
        return NULL;
    xc_query *s = xc_query_scale(q, factor, err);
    xc_query_free(q);
    return s;
}

/* A folded word in the body or (weighted up) in the title. */
static xc_query *word_query(const char *folded, const se_weights *w, tr_error *err)
{
    return combine2(XC_OP_OR, term(VN_P_BODY, folded, NULL, err),
                    scaled(term(VN_P_TITLE, folded, NULL, err), w->title, err), err);
}

static int letters_only(const char *s)
{
    for (; *s; s++)
        if ((unsigned char)*s < 0x80 && !(*s >= 'a' && *s <= 'z'))
            return 0;
    return 1;
}

/* A word the index has never seen is most likely a typo: its known neighbours at
 * edit distance 1 (on the folded form) stand in for it, weighted down, so that one
 * typo still finds the document. */
#define TYPO_ALTERNATIVES 3
static xc_query *typo_query(const se_unit *u, xc_db *db, se_view v, const se_lexicon *lx,
                            const se_weights *w, tr_error *err)
{
    if (!lx || w->typo <= 0 || !letters_only(u->folded) ||
        se_lexicon_indexed(db, v, VN_P_BODY, u->folded) ||
        se_lexicon_indexed(db, v, VN_P_TITLE, u->folded))
        return NULL;
    se_near near[TYPO_ALTERNATIVES];
    size_t n = se_lexicon_near(lx, u->folded, strlen(u->folded), near, TYPO_ALTERNATIVES);
    if (n == 0)
        return NULL;
    xc_query *subs[TYPO_ALTERNATIVES];
    for (size_t i = 0; i < n; i++)
        subs[i] = word_query(near[i].folded, w, err);
    return scaled(combine(XC_OP_OR, subs, n, 0, err), w->typo, err);
}

/* A compound is matched whole, so that 01/NQ-CP finds that decision and not every
 * text with "01", "nq" and "cp" in it. Only when the index has never seen it whole
 * (a user typed "NQ-CP" of "01/NQ-CP") do its parts stand in, all required. */
static xc_query *unit_query(const se_unit *u, xc_db *db, se_view v, const se_lexicon *lx,
                            const se_weights *w, tr_error *err)
{
    if (u->nparts < 2) {
        xc_query *typo = typo_query(u, db, v, lx, w, err);
        return typo ? typo : word_query(u->folded, w, err);
    }
    if (se_lexicon_indexed(db, v, VN_P_BODY, u->folded) ||
        se_lexicon_indexed(db, v, VN_P_TITLE, u->folded))
        return word_query(u->folded, w, err);
    xc_query *subs[MAX_PARTS];
    for (size_t i = 0; i < u->nparts; i++)
        subs[i] = word_query(u->parts[i], w, err);
    return combine(XC_OP_AND, subs, u->nparts, 0, err);
}

/* `phrase` restricted to the documents that hold the folded bigrams of its units
 * (`prefix`: the body's or the title's). The indexer writes a bigram for every two
 * neighbours not parted by punctuation, so whatever holds the units side by side holds
 * these; and a bigram is far rarer than its words. Xapian drives an AND by its rarest
 * part, so the positions are then read for a few documents instead of every document
 * holding all the words: on common words that was most of a query's time. */
static xc_query *with_bigrams(xc_query *phrase, const se_unit *us, size_t n, const char *prefix,
                              tr_error *err)
{
    xc_query *bi[MAX_UNITS];
    size_t nb = 0;
    for (size_t i = 1; phrase && i < n; i++) {
        char buf[2 * WORD_MAX + 8];
        size_t len = vn_term_build(buf, sizeof buf, prefix, us[i - 1].folded,
                                   strlen(us[i - 1].folded), us[i].folded,
                                   strlen(us[i].folded));
        if (!after_break(&us[i]) && len > 0) /* too long a bigram is not indexed either */
            bi[nb++] = xc_query_term(buf, len, 1, 0, err);
    }
    if (nb == 0)
        return phrase;
    return combine2(XC_OP_FILTER, phrase, combine(XC_OP_AND, bi, nb, 0, err), err);
}

/* The units in order, side by side, in the body or the title. */
static xc_query *phrase_query(const se_unit *us, size_t n, const se_weights *w, tr_error *err)
{
    if (n == 1)
        return word_query(us[0].folded, w, err);
    xc_query *body[MAX_UNITS], *title[MAX_UNITS];
    for (size_t i = 0; i < n; i++) {
        body[i] = term(VN_P_BODY, us[i].folded, NULL, err);
        title[i] = term(VN_P_TITLE, us[i].folded, NULL, err);
    }
    xc_query *in_body = with_bigrams(combine(XC_OP_PHRASE, body, n, 0, err), us, n,
                                     VN_P_BODY_BI, err);
    xc_query *in_title = with_bigrams(combine(XC_OP_PHRASE, title, n, 0, err), us, n,
                                      VN_P_TITLE_BI, err);
    return combine2(XC_OP_OR, in_body, scaled(in_title, w->title, err), err);
}

static xc_query *clause_query(const units *us, int phrase, int relaxed, xc_db *db,
                              se_view v, const se_lexicon *lx, const se_weights *w,
                              tr_error *err)
{
    if (us->n == 0)
        return NULL;
    if (phrase)
        return phrase_query(us->u, us->n, w, err);
    xc_query *subs[MAX_UNITS];
    for (size_t i = 0; i < us->n; i++)
        subs[i] = unit_query(&us->u[i], db, v, lx, w, err);
    return combine(relaxed ? XC_OP_OR : XC_OP_AND, subs, us->n, 0, err);
}

/* ---- Abbreviations and synonyms (synonyms.h) ------------------------------ */

/* What the user typed ranks above what stands in for it: every document that says
 * "BQP" before those that only say "Bộ Quốc phòng", which still follow. A factor of
 * 0.8 let the expansion's words, each weighing in, fill the top 10 of 50 of 184
 * abbreviations that 10 documents or more hold as typed (docs/ranking.md). A phrase
 * weighs the sum of its words, so a longer alternative is also divided by the ratio
 * of lengths, to weigh about as much as the words it stands for. A shorter one is not
 * raised: an abbreviation is a rarer term than the words it abbreviates, and weighs
 * more as it is. */
#define SYN_SCALE 0.1

static double syn_scale(size_t typed, size_t alt)
{
    return typed < alt ? SYN_SCALE * (double)typed / (double)alt : SYN_SCALE;
}

static _Thread_local units syn_tmp; /* large, so not on the stack */

/* `us` with units [at, at + len) replaced by `alt`'s words, into `out` (only the
 * folded forms are set: phrase_query reads nothing else). */
static int syn_splice(const se_unit *us, size_t n, size_t at, size_t len, const se_syn_alt *alt,
                      units *out)
{
    if (n - len + alt->n > MAX_UNITS)
        return -1;
    out->n = 0;
    for (size_t i = 0; i < at; i++)
        out->u[out->n++] = us[i];
    for (size_t k = 0; k < alt->n; k++) {
        se_unit *u = &out->u[out->n++];
        memset(u, 0, sizeof *u);
        u->folded = strlen(alt->tokens[k]) < WORD_MAX ? alt->tokens[k] : "";
        u->text = u->folded;
    }
    for (size_t i = at + len; i < n; i++)
        out->u[out->n++] = us[i];
    return 0;
}

/* The units as a phrase, or as the same phrase with one abbreviation or synonym
 * swapped for an alternative ("Sở KH&CN" also as "sở khoa học và công nghệ"). One
 * swap per variant: every combination would multiply. */
static xc_query *syn_phrase_query(const se_unit *us, size_t n, const se_syn *syn,
                                  const se_weights *w, tr_error *err)
{
    xc_query *subs[1 + SE_SYN_MAX_ALTS];
    const char *folded[MAX_UNITS];
    size_t ns = 0;
    subs[ns++] = phrase_query(us, n, w, err);
    for (size_t i = 0; i < n; i++)
        folded[i] = us[i].folded;
    for (size_t at = 0, len = 0; syn && at < n; at += len ? len : 1) {
        const se_syn_alt *alts;
        size_t nalts = se_syn_match(syn, folded, n, at, &len, &alts);
        for (size_t k = 0; k < nalts && ns < 1 + SE_SYN_MAX_ALTS; k++)
            if (syn_splice(us, n, at, len, &alts[k], &syn_tmp) == 0)
                subs[ns++] = scaled(phrase_query(syn_tmp.u, syn_tmp.n, w, err),
                                    syn_scale(n, syn_tmp.n), err);
    }
    return combine(XC_OP_OR, subs, ns, 0, err);
}

/* clause_query, where a span of units that is an entry of `syn` matches as typed or
 * as any of its alternatives: "KH&CN" as itself or the phrase "khoa học và công
 * nghệ"; "ủy ban nhân dân" as its words or "ubnd". */
static xc_query *syn_clause_query(const units *us, int phrase, int relaxed, xc_db *db,
                                  se_view v, const se_lexicon *lx, const se_syn *syn,
                                  const se_weights *w, tr_error *err)
{
    if (!syn || us->n == 0)
        return clause_query(us, phrase, relaxed, db, v, lx, w, err);
    if (phrase)
        return syn_phrase_query(us->u, us->n, syn, w, err);
    xc_query *subs[MAX_UNITS];
    const char *folded[MAX_UNITS];
    size_t ns = 0;
    for (size_t i = 0; i < us->n; i++)
        folded[i] = us->u[i].folded;
    for (size_t at = 0, len = 1; at < us->n; at += len) {
        const se_syn_alt *alts;
        size_t nalts = se_syn_match(syn, folded, us->n, at, &len, &alts);
        xc_query *span[MAX_UNITS], *ors[1 + SE_SYN_MAX_ALTS];
        len = nalts ? len : 1;
        /* An entry of the table is matched as typed, never by the typo neighbours
         * of an abbreviation the index lacks ("ĐMST" is not "DMSB"): no lexicon. */
        for (size_t k = 0; k < len; k++)
            span[k] = unit_query(&us->u[at + k], db, v, nalts ? NULL : lx, w, err);
        ors[0] = combine(relaxed ? XC_OP_OR : XC_OP_AND, span, len, 0, err);
        size_t no = 1;
        for (size_t k = 0; k < nalts; k++)
            if (syn_splice(NULL, 0, 0, 0, &alts[k], &syn_tmp) == 0)
                ors[no++] = scaled(phrase_query(syn_tmp.u, syn_tmp.n, w, err),
                                   syn_scale(len, syn_tmp.n), err);
        subs[ns++] = combine(XC_OP_OR, ors, no, 0, err);
    }
    return combine(relaxed ? XC_OP_OR : XC_OP_AND, subs, ns, 0, err);
}

/* The query syntax makes each typed word a clause of its own, and a group of its own
 * unless an OR joins it. Such plain clauses in a row are one AND (one OR, relaxed)
 * whether built apart or together; built together, they can hold an entry of several
 * words ("ủy ban nhân dân"). */
static int syn_plain(const se_query *pq, size_t i)
{
    const se_clause *c = &pq->clauses[i];
    return !c->phrase && !c->negated && !c->or_next && !(i > 0 && pq->clauses[i - 1].or_next);
}

/* ---- Ranking signals ----------------------------------------------------- */

typedef struct boosts {
    xc_query *q[4 * MAX_UNITS + 4];
    size_t n;
} boosts;

static void boost_add(boosts *b, xc_query *q)
{
    if (b->n < sizeof b->q / sizeof b->q[0])
        b->q[b->n++] = q;
    else
        xc_query_free(q);
}

static void add_boosts(boosts *b, const se_unit *us, size_t n, int marks, const se_weights *w,
                       tr_error *err)
{
    for (size_t i = 0; i < n; i++) {
        if (marks && w->exact > 0) {
            boost_add(b, scaled(term(VN_P_BODY_EXACT, us[i].text, NULL, err), w->exact, err));
            boost_add(b, scaled(term(VN_P_TITLE_EXACT, us[i].text, NULL, err),
                                w->exact * w->title, err));
        }
        if (i == 0 || after_break(&us[i]) || w->bigram <= 0)
            continue;
        boost_add(b, scaled(term(VN_P_BODY_BI, us[i - 1].folded, us[i].folded, err), w->bigram,
                            err));
        boost_add(b, scaled(term(VN_P_TITLE_BI, us[i - 1].folded, us[i].folded, err),
                            w->bigram * w->title, err));
        /* No exact bigrams: since schema 4 they are the spelling model's sample, with
         * no weight (docs/schema.md). */
    }
}

/* ---- The whole query ----------------------------------------------------- */

/* `headline` kept only where the title has each word typed with marks in that
 * spelling: its words stand apart, so unlike a phrase nothing else says that "Võ
 * Linh" is not "vợ ... lĩnh". Words typed without marks say nothing of the spelling. */
static xc_query *headline_exact(xc_query *headline, const se_unit *us, size_t n,
                                tr_error *err)
{
    xc_query *exact[MAX_UNITS];
    size_t m = 0;
    for (size_t i = 0; headline && i < n; i++)
        if (marked(&us[i]))
            exact[m++] = term(VN_P_TITLE_EXACT, us[i].text, NULL, err);
    if (m == 0)
        return headline;
    return combine2(XC_OP_FILTER, headline, combine(XC_OP_AND, exact, m, 0, err), err);
}

/* Every word of the query in the title, in the query's order and close together,
 * the way a reader recalls a headline ("Nha kè Tháp" for one that has the three a few
 * words apart). Not anywhere in the title: some sources' titles are whole lead
 * paragraphs, where a name's syllables turn up apart by chance. A word typed with
 * marks must be in the title as typed (headline_exact). A query of two words has no
 * headline: two words a dozen apart say little, and would let every title with "lưu"
 * before "việt" stand beside the one document that names "Lưu Việt". */
#define TITLE_WINDOW(n) (4 * (n) + 10)
#define HEADLINE_MIN 3
static xc_query *headline_query(const se_unit *us, size_t n, int exact, tr_error *err)
{
    xc_query *title[MAX_UNITS];
    size_t m = 0;
    for (size_t i = 0; i < n; i++) {
        /* A word typed twice need not stand twice in the title ("chiếu xạ xạ"). */
        size_t j = 0;
        while (j < i && strcmp(us[j].folded, us[i].folded) != 0)
            j++;
        if (j == i)
            title[m++] = term(VN_P_TITLE, us[i].folded, NULL, err);
    }
    xc_query *hq = combine(m > 1 ? XC_OP_PHRASE : XC_OP_AND, title, m,
                           (uint32_t)TITLE_WINDOW(n), err);
    return exact ? headline_exact(hq, us, n, err) : hq;
}

/* A word typed twice ("chiếu xạ xạ") is recalled from a title that has it twice: the
 * headline keeps it once (requiring both within its window lost titles whose repeats
 * stand far apart), and this ranks, as much as the phrase, the titles that hold every
 * repeat in order, anywhere (Xapian takes a repeated term at distinct positions).
 * NULL when the query repeats no word. */
#define REPEAT_WINDOW 64
static xc_query *repeats_query(const se_unit *us, size_t n, tr_error *err)
{
    int repeated = 0;
    for (size_t i = 1; i < n && !repeated; i++)
        for (size_t j = 0; j < i && !repeated; j++)
            repeated = strcmp(us[j].folded, us[i].folded) == 0;
    if (!repeated)
        return NULL;
    xc_query *title[MAX_UNITS];
    for (size_t i = 0; i < n; i++)
        title[i] = term(VN_P_TITLE, us[i].folded, NULL, err);
    return combine(XC_OP_PHRASE, title, n, REPEAT_WINDOW, err);
}

/* `q` with the query whole as its two strongest signals. A person's name or a title
 * fragment is most telling when it stands whole: as a phrase, or as a headline. What
 * holds the query whole in one of these ways is also what the phrase tier keeps
 * (search.c), so `*phrase` (when asked for) gets the phrase OR the headline. */
static xc_query *whole_query(xc_query *q, const se_unit *us, size_t n, int exact,
                             const se_syn *syn, const se_weights *w, xc_query **phrase,
                             tr_error *err)
{
    xc_query *pq = syn_phrase_query(us, n, syn, w, err);
    xc_query *hq = n >= HEADLINE_MIN ? headline_query(us, n, exact, err) : NULL;
    if (phrase && pq)
        *phrase = n < HEADLINE_MIN ? xc_query_scale(pq, 1.0, err)
                  : hq ? combine2(XC_OP_OR, xc_query_scale(pq, 1.0, err),
                                  xc_query_scale(hq, 1.0, err), err)
                       : NULL;
    q = combine2(XC_OP_AND_MAYBE, q, scaled(pq, w->phrase, err), err);
    if (n < HEADLINE_MIN)
        return q;
    if (w->headline <= 0) {
        xc_query_free(hq);
        return q;
    }
    q = combine2(XC_OP_AND_MAYBE, q, scaled(hq, w->headline, err), err);
    xc_query *rq = repeats_query(us, n, err);
    return rq ? combine2(XC_OP_AND_MAYBE, q, scaled(rq, w->phrase, err), err) : q;
}

static void highlight_add(se_highlight *hl, const char *folded)
{
    if (!hl || !folded[0] || strlen(folded) >= SE_HL_LEN)
        return;
    for (size_t i = 0; i < hl->n; i++)
        if (strcmp(hl->terms[i], folded) == 0)
            return;
    if (hl->n < SE_HL_MAX)
        snprintf(hl->terms[hl->n++], SE_HL_LEN, "%s", folded);
}

static xc_query *filters(xc_query *q, const se_query *pq, tr_error *err)
{
    if (pq->ntypes) {
        xc_query *types[SE_QUERY_MAX_FILTERS];
        for (size_t i = 0; i < pq->ntypes; i++) {
            char buf[64];
            snprintf(buf, sizeof buf, "%s%s", VN_P_TYPE, pq->types[i]);
            types[i] = xc_query_term(buf, strlen(buf), 1, 0, err);
        }
        q = combine2(XC_OP_FILTER, q, combine(XC_OP_OR, types, pq->ntypes, 0, err), err);
    }
    if (pq->year_from) {
        char lo[8], hi[8];
        snprintf(lo, sizeof lo, "%04d", pq->year_from);
        snprintf(hi, sizeof hi, "%04d", pq->year_to);
        q = combine2(XC_OP_FILTER, q, xc_query_value_range(VN_SLOT_YEAR, lo, hi, err), err);
    }
    return q;
}

xc_query *se_qbuild(se_query *pq, vn_analyzer *a, xc_db *db, se_view v, const se_lexicon *lx,
                    const se_syn *syn, const se_weights *w, int relaxed, se_highlight *hl,
                    xc_query **phrase, tr_error *err)
{
    static _Thread_local units cl;  /* per clause; large, so not on the stack */
    static _Thread_local units all; /* every positive unit in order, for the boosts */
    xc_query *groups[SE_QUERY_MAX_CLAUSES], *alts[SE_QUERY_MAX_CLAUSES];
    xc_query *nots[SE_QUERY_MAX_CLAUSES];
    size_t ngroups = 0, nalts = 0, nnots = 0;
    int marks = 0;

    if (hl)
        hl->n = 0;
    if (phrase)
        *phrase = NULL;
    if (se_units_analyze(pq, a, err))
        return NULL;
    all.n = 0;
    for (size_t i = 0, held = 0; i < pq->nclauses; i++) {
        const se_clause *c = &pq->clauses[i];
        cl.n = held ? cl.n : 0;
        for (size_t k = 0; k < c->nunits && cl.n < MAX_UNITS; k++)
            cl.u[cl.n++] = pq->units[c->first_unit + k];
        /* A run stops at half the units' room, so a long one does not lose words. */
        held = syn && i + 1 < pq->nclauses && syn_plain(pq, i) && syn_plain(pq, i + 1) &&
               cl.n < MAX_UNITS / 2;
        if (held)
            continue;
        xc_query *cq = syn_clause_query(&cl, c->phrase, relaxed, db, v, lx, syn, w, err);
        if (c->negated) {
            if (cq)
                nots[nnots++] = cq;
            continue;
        }
        if (cq)
            alts[nalts++] = cq;
        for (size_t k = 0; k < cl.n; k++) {
            marks |= marked(&cl.u[k]);
            highlight_add(hl, cl.u[k].folded);
            for (size_t p = 0; p < cl.u[k].nparts; p++)
                highlight_add(hl, cl.u[k].parts[p]);
            if (all.n < MAX_UNITS)
                all.u[all.n++] = cl.u[k];
        }
        /* Clauses joined by OR form one group; groups are ANDed. */
        if (!c->or_next && nalts) {
            groups[ngroups++] = combine(XC_OP_OR, alts, nalts, 0, err);
            nalts = 0;
        }
    }
    if (nalts)
        groups[ngroups++] = combine(XC_OP_OR, alts, nalts, 0, err);

    xc_query *q;
    if (ngroups == 0) {
        q = xc_query_match_all(err);
    } else {
        q = combine(relaxed ? XC_OP_OR : XC_OP_AND, groups, ngroups, 0, err);
        static _Thread_local boosts b;
        b.n = 0;
        add_boosts(&b, all.u, all.n, marks, w, err);
        if (b.n)
            q = combine2(XC_OP_AND_MAYBE, q, combine(XC_OP_OR, b.q, b.n, 0, err), err);
        if (all.n >= 2 && all.n <= 10 && w->phrase > 0)
            q = whole_query(q, all.u, all.n, !pq->marks_guessed, syn, w, phrase, err);
    }
    if (nnots)
        q = combine2(XC_OP_AND_NOT, q, combine(XC_OP_OR, nots, nnots, 0, err), err);
    return filters(q, pq, err);
}
