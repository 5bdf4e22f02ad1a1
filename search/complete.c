/* complete: autocomplete from the index's titles (see complete.h). */
#include "complete.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unicode/uchar.h>
#include <unicode/unorm2.h>
#include <unicode/ustring.h>
#include <unicode/utf16.h>
#include <unicode/utf8.h>

#include "casing.h"
#include "complete_int.h"
#include "pairs.h"
#include "restore.h"
#include "vn_terms.h"

#define WORD_MAX VN_TERM_MAX /* a longer word cannot be in a term anyway */
#define TYPED_MAX 32         /* more words than this is pasted text: no suggestion */
#define PATH_WORDS 5         /* words a suggestion adds: the one being typed and 4 more */
#define WORDS_MAX (TYPED_MAX + PATH_WORDS)
#define NODES_MAX 256
#define FIRST_MAX 16         /* candidates for a next word, from one scan */
#define SPELL_MAX 5          /* spellings weighed per word when restoring marks, */
#define SPELL_SHARE 100      /* none a hundred times rarer than the first */
/* Caps that keep a one-letter prefix as fast as a long one (README.md has the
 * numbers): terms read by the first scan, by one continuation scan and by the whole
 * request; phrases extended; AND counts; phrase checks. */
#define FIRST_SCAN_CAP 3000
#define NEXT_SCAN_CAP 600
#define TERMS_CAP 6000
#define EXPAND_CAP 24
#define COUNTS_CAP 32
#define CHECKS_CAP 12
#define JUDGE_RESERVE 12 /* AND counts kept for telling finished phrases, past COUNTS_CAP */
/* A phrase whose best continuation follows it in this share of its documents is
 * unfinished ("khoa học và" -> "công"): it is extended rather than shown. Below
 * JUDGE_MIN documents the share says nothing, and extending costs more than it finds. */
#define GOES_ON 0.8
#define JUDGE_MIN 3
/* A phrase is shown only when its last two words hold together: the Dice coefficient
 * of their body document frequencies, 2 df(a b) / (df(a) + df(b)), is 0.07-0.5 for
 * "nhân dân", "xuân phúc", "yêu cầu" and 0.003-0.035 for the "hà nội sẽ", "xe máy ở"
 * that end in the air (measured on the eval index). Bodies, not titles: titles are
 * too few to tell "nhân dân" (0.033 there) from "công nghệ cấp" (0.051). Exact
 * spellings, not folded ones: "thu" and "do" stand for a dozen words each. */
#define TIGHT_MIN 0.05
#define MEMO_MAX 512

/* Where phrases are looked for: titles first, bodies when titles give too few. */
typedef struct field {
    const char *word, *bigram, *exact_bigram; /* term prefixes */
    uint32_t count_upto; /* documents one count checks; beyond, Xapian estimates */
} field;
static const field titles = {VN_P_TITLE, VN_P_TITLE_BI, VN_P_TITLE_BI_EXACT, 1000};
static const field bodies = {VN_P_BODY, VN_P_BODY_BI, VN_P_BODY_BI_EXACT, 100};

typedef struct typed {
    char text[WORD_MAX + 1]; /* normalised exact form */
    char folded[WORD_MAX + 1];
    size_t start, end;       /* bytes of q */
    unsigned flags;          /* VN_* token flags */
    int word;                /* a plain word, whose marks may be restored */
} typed;

/* A phrase being grown: its last word and the way back to the typed text. */
typedef struct node {
    char word[WORD_MAX + 1]; /* folded */
    int parent;              /* -1: the first word after the typed ones */
    unsigned depth;          /* words after the first */
    uint64_t count;          /* documents holding it; an upper bound until verified */
    uint64_t spent;          /* documents its verified continuations account for */
    int verified, open, expanded, checked;
} node;

typedef struct memo {
    const char *a, *b; /* spellings, compared by address: the lexicon's stay put */
    uint64_t df;
} memo;

typedef struct ctx {
    xc_db *db;
    se_view v; /* every count and every word over what it sees */
    const se_lexicon *lx;
    xc_enquire *enq;
    const char *q;
    tr_error *err;
    int failed; /* an index error: stop and report it */
    const field *f;
    typed t[TYPED_MAX];
    size_t nt, nstem;  /* typed tokens; all but a partial last one are complete */
    int partial;       /* the last token is a prefix being typed */
    int marks;         /* some token was typed with marks */
    int prefix_marked; /* ... the partial one: then `prefix` holds it, see untoned() */
    UChar prefix[3 * WORD_MAX];
    int32_t nprefix;
    int tone;
    size_t chain_from; /* t[chain_from .. nstem) stand together before the next word */
    node nodes[NODES_MAX];
    size_t nn, nseeds; /* nodes[0 .. nseeds) are the title phase's first words */
    int terms_left, expands_left, counts_left, checks_left;
    se_complete_list *out;
    size_t limit;
    uint64_t doccount;
    memo memo[MEMO_MAX];
    size_t nmemo;
    se_pairs pairs; /* what exact_pair() asks (pairs.h: the index samples exact bigrams) */
} ctx;

/* ---- What was typed -------------------------------------------------------------- */

static int on_token(void *v, const vn_token *tok)
{
    ctx *c = v;
    if (tok->kind == VN_PART)
        return 0;
    if (c->nt == TYPED_MAX || tok->text_len > WORD_MAX || tok->folded_len > WORD_MAX)
        return -1; /* pasted text, or a word no term can hold: no suggestion */
    typed *t = &c->t[c->nt++];
    snprintf(t->text, sizeof t->text, "%.*s", (int)tok->text_len, tok->text);
    snprintf(t->folded, sizeof t->folded, "%.*s", (int)tok->folded_len, tok->folded);
    t->start = tok->start;
    t->end = tok->end;
    t->flags = tok->flags;
    t->word = tok->kind == VN_WORD;
    c->marks |= (tok->flags & VN_HAS_MARKS) != 0;
    return 0;
}

/* s decomposed (NFD) without its tone mark, into u (3 * WORD_MAX units); returns the
 * tone, 1..5, 0 for none, -1 on failure. The tone is kept apart because it moves
 * while one types ("hoà" on the way to "hoàn"); the letter marks do not. */
static int untoned(const char *s, UChar *u, int32_t *len)
{
    static const UChar tones[5] = {0x300, 0x301, 0x309, 0x303, 0x323};
    UErrorCode st = U_ZERO_ERROR;
    const UNormalizer2 *nfd = unorm2_getNFDInstance(&st);
    UChar src[WORD_MAX + 1], d[3 * WORD_MAX];
    int32_t n = 0;
    int tone = 0;
    u_strFromUTF8(src, WORD_MAX + 1, &n, s, -1, &st);
    n = U_SUCCESS(st) ? unorm2_normalize(nfd, src, n, d, 3 * WORD_MAX, &st) : 0;
    *len = 0;
    for (int32_t i = 0; i < n; i++) {
        const UChar *t = u_memchr(tones, d[i], 5);
        if (t)
            tone = (int)(t - tones) + 1;
        else
            u[(*len)++] = d[i];
    }
    return U_FAILURE(st) ? -1 : tone;
}

/* Whether `spelling` can be what is being typed as the marked prefix: the same
 * letters with the same marks ("thủ" is not on the way to "thưởng"), and the typed
 * tone if any, wherever it stands. */
static int compatible(const ctx *c, const char *spelling)
{
    UChar u[3 * WORD_MAX];
    int32_t n;
    int tone = untoned(spelling, u, &n);
    return tone >= 0 && (!c->tone || c->tone == tone) && n >= c->nprefix &&
           u_memcmp(u, c->prefix, c->nprefix) == 0 &&
           (n == c->nprefix || u_getCombiningClass(u[c->nprefix]) == 0);
}

/* The likeliest spellings of a folded word; for the word being typed (`typing`), only
 * those that keep the marks typed. */
static size_t spellings(const ctx *c, const char *folded, int typing, const char **text,
                        uint64_t *df)
{
    const se_spelling *sp;
    size_t n = se_lexicon_spellings(c->lx, folded, strlen(folded), &sp), k = 0;
    for (size_t i = 0; i < n && k < SPELL_MAX && (!k || sp[i].df * SPELL_SHARE >= df[0]); i++)
        if (!typing || !c->prefix_marked || compatible(c, sp[i].text)) {
            text[k] = sp[i].text;
            df[k++] = sp[i].df;
        }
    return k;
}

/* ---- Reading the index ----------------------------------------------------------- */

/* The most frequent words after a fixed term prefix, among at most `left` terms:
 * Xapian lists terms in byte order only, so frequency takes a scan. */
typedef struct scan {
    size_t skip, n;
    struct {
        char word[WORD_MAX + 1];
        uint64_t df;
    } f[FIRST_MAX];
    int left;
} scan;

static int on_term(void *v, const char *term, size_t len, uint64_t df)
{
    scan *s = v;
    const char *w = term + s->skip;
    size_t wlen = len - s->skip;
    if (s->left-- <= 0)
        return 1;
    if (wlen == 0 || wlen > WORD_MAX || memchr(w, ' ', wlen) ||
        (s->n == FIRST_MAX && df <= s->f[FIRST_MAX - 1].df))
        return 0;
    size_t at = s->n < FIRST_MAX ? s->n++ : FIRST_MAX - 1;
    for (; at > 0 && s->f[at - 1].df < df; at--)
        s->f[at] = s->f[at - 1];
    memcpy(s->f[at].word, w, wlen);
    s->f[at].word[wlen] = '\0';
    s->f[at].df = df;
    return 0;
}

/* Scans prefix + a (+ " " + b when b is not NULL) for the words that follow. */
static int scan_words(ctx *c, const char *prefix, const char *a, const char *b, int cap,
                      scan *s)
{
    char term[2 * WORD_MAX + 8];
    size_t len = vn_term_build(term, sizeof term, prefix, a, strlen(a), b, b ? strlen(b) : 0);
    s->n = 0;
    s->left = cap < c->terms_left ? cap : c->terms_left;
    s->skip = len - strlen(b ? b : a);
    int before = s->left;
    if (len && s->left > 0 && se_view_allterms(c->db, c->v, term, len, on_term, s, c->err))
        return c->failed = -1;
    c->terms_left -= before - (s->left > 0 ? s->left : 0);
    return 0;
}

static uint64_t termfreq(ctx *c, const char *prefix, const char *a, const char *b)
{
    char term[2 * WORD_MAX + 8];
    size_t len = vn_term_build(term, sizeof term, prefix, a, strlen(a), b, b ? strlen(b) : 0);
    uint64_t df = 0;
    if (len && se_view_termfreq(c->db, c->v, term, len, &df, c->err))
        c->failed = 1;
    return df;
}

/* Documents that have the exact bigram "a b" (se_pair_df: in the body or the title),
 * remembered for the request: the suggestions share their beginning, and so their
 * lookups. */
static uint64_t exact_pair(ctx *c, const char *a, const char *b)
{
    for (size_t k = 0; k < c->nmemo; k++)
        if (c->memo[k].a == a && c->memo[k].b == b)
            return c->memo[k].df;
    uint64_t df = (uint64_t)(se_pair_df(&c->pairs, a, b) + 0.5);
    if (c->nmemo < MEMO_MAX)
        c->memo[c->nmemo++] = (memo){a, b, df};
    return df;
}

/* The folded words of node i's phrase from the start of the chain, in order. */
static size_t phrase_words(const ctx *c, int i, const char **w)
{
    size_t n = 0;
    for (size_t k = c->chain_from; k < c->nstem; k++)
        w[n++] = c->t[k].folded;
    size_t path = c->nodes[i].depth + 1;
    for (int j = i, k = 1; j >= 0; j = c->nodes[j].parent, k++)
        w[n + path - (size_t)k] = c->nodes[j].word;
    return n + path;
}

/* Documents holding every bigram of node i's phrase: an AND of bigram terms, close to
 * a phrase count (titles are short) without reading positions. With `phrase`, the
 * words must also stand in order (a phrase query on the positional terms, about four
 * times the cost): "hà nội" and "nổi tiếng" in one title are not "hà nội tiếng". */
static void verify(ctx *c, int i, int phrase)
{
    const char *w[WORDS_MAX];
    xc_query *subs[WORDS_MAX], *uni[WORDS_MAX];
    size_t n = phrase_words(c, i, w), ns = 0, nu = 0, len;
    char term[2 * WORD_MAX + 8];
    for (size_t k = 0; k < n; k++) {
        if (k + 1 < n && (len = vn_term_build(term, sizeof term, c->f->bigram, w[k],
                                              strlen(w[k]), w[k + 1], strlen(w[k + 1]))) &&
            (subs[ns] = xc_query_term(term, len, 1, 0, c->err)))
            ns++;
        if (phrase && (len = vn_term_build(term, sizeof term, c->f->word, w[k], strlen(w[k]),
                                           NULL, 0)) &&
            (uni[nu] = xc_query_term(term, len, 1, (uint32_t)k + 1, c->err)))
            nu++;
    }
    if (nu && (subs[ns] = xc_query_combine(XC_OP_PHRASE, uni, nu, 0, c->err)))
        ns++;
    xc_query *and = ns ? xc_query_combine(XC_OP_AND, subs, ns, 0, c->err) : NULL;
    /* Scaled by 0 the query is boolean: Xapian counts without weighing. */
    xc_query *q = and ? se_view_apply(c->v, xc_query_scale(and, 0, c->err), c->err) : NULL;
    if (q && !c->enq)
        c->enq = xc_enquire_new(c->db, c->err);
    xc_mset *m = NULL;
    if (q && c->enq && xc_enquire_set_query(c->enq, q, c->err) == 0)
        m = xc_enquire_run(c->enq, 0, 0, c->f->count_upto, c->err);
    c->failed |= !m;
    c->nodes[i].count = m ? xc_mset_estimated(m) : 0;
    c->nodes[i].verified = 1;
    *(phrase ? &c->checks_left : &c->counts_left) -= 1;
    if (!phrase && c->nodes[i].parent >= 0)
        c->nodes[c->nodes[i].parent].spent += c->nodes[i].count;
    xc_mset_free(m);
    xc_query_free(q);
    xc_query_free(and);
    while (ns)
        xc_query_free(subs[--ns]);
    while (nu)
        xc_query_free(uni[--nu]);
}

/* ---- Best-first search over phrases ---------------------------------------------- */

static int add_node(ctx *c, int parent, const char *word, uint64_t count, int verified)
{
    if (c->nn == NODES_MAX || count == 0)
        return -1;
    node *n = &c->nodes[c->nn];
    *n = (node){.parent = parent, .count = count, .verified = verified, .open = 1};
    memcpy(n->word, word, sizeof n->word);
    n->depth = parent < 0 ? 0 : c->nodes[parent].depth + 1;
    return (int)c->nn++;
}

/* The open phrase to look at next: the most documents, then the shortest. A linear
 * pick: a request holds a few hundred nodes at most. */
static int best_open(const ctx *c)
{
    int best = -1;
    for (size_t i = 0; i < c->nn; i++) {
        const node *x = &c->nodes[i], *y = best < 0 ? NULL : &c->nodes[best];
        if (x->open && (!y || x->count > y->count || (x->count == y->count && x->depth < y->depth)))
            best = (int)i;
    }
    return best;
}

/* Adds node i's likeliest continuations (none past PATH_WORDS words); returns 1 when the
 * phrase is finished, 0 when one continuation follows it in nearly all its documents. */
static int expand(ctx *c, int i)
{
    /* Bodies are long: bigrams found together in one say little about a phrase. */
    if (c->f == &bodies || c->nodes[i].count < JUDGE_MIN || c->expands_left-- <= 0)
        return 1;
    scan s;
    const char *from = c->nodes[i].word, *text[SPELL_MAX];
    uint64_t df[SPELL_MAX], count = c->nodes[i].count;
    /* The word being typed with marks is one spelling: it goes on with that spelling's
     * own exact bigrams ("đảo" is not followed by the "tạo" of "đào tạo"). */
    int exact = c->prefix_marked && c->partial && c->nodes[i].depth == 0 &&
                spellings(c, from, 1, text, df);
    if (scan_words(c, exact ? c->f->exact_bigram : c->f->bigram, exact ? text[0] : from, "",
                   NEXT_SCAN_CAP, &s))
        return 1;
    for (size_t k = 0; exact && k < s.n; k++) {
        char *folded = NULL;
        size_t len = 0;
        if (vn_fold(s.f[k].word, strlen(s.f[k].word), &folded, &len, NULL) == 0)
            memcpy(s.f[k].word, folded, len + 1); /* folding never lengthens */
        free(folded);
    }
    /* After no typed word, a two-word phrase is one bigram: its document frequency is
     * its count, no AND needed. */
    exact = c->chain_from == c->nstem && c->nodes[i].depth == 0;
    int finished = 1;
    for (size_t k = 0; k < s.n; k++) {
        uint64_t bound = s.f[k].df < count ? s.f[k].df : count;
        int j = add_node(c, i, s.f[k].word, bound, exact);
        if (j < 0)
            break;
        /* Judged by the three likeliest continuations, and not past the point where
         * those counted take over a fifth of the documents: then none can follow the
         * phrase in four fifths. */
        double need = GOES_ON * (double)count;
        if (finished && k < 3 && count >= JUDGE_MIN && bound >= need &&
            (double)count - (double)c->nodes[i].spent >= need) {
            if (!exact && c->counts_left > -JUDGE_RESERVE)
                verify(c, j, 0);
            finished = !(c->nodes[j].verified && c->nodes[j].count >= need);
            c->nodes[j].open = c->nodes[j].count > 0;
        }
        if (c->nodes[i].depth + 1 >= PATH_WORDS)
            c->nn--; /* only judged */
    }
    return finished;
}

static void emit(ctx *c, int i);

static void search(ctx *c)
{
    int i;
    const char *w[WORDS_MAX];
    while (c->out->n < c->limit && !c->failed && (i = best_open(c)) >= 0) {
        node *nd = &c->nodes[i];
        if (!nd->verified) {
            /* A phrase's documents each go on with one word: what the verified
             * continuations take is not left for the others. */
            const node *p = nd->parent >= 0 ? &c->nodes[nd->parent] : NULL;
            uint64_t left = !p ? nd->count : p->spent < p->count ? p->count - p->spent : 0;
            if (left < nd->count)
                nd->count = left;
            else if (c->counts_left > 0)
                verify(c, i, 0); /* then back in line with its true count */
            else
                nd->count = 0; /* out of budget: what is known is shown */
            nd->open = nd->count > 0;
        } else if (!nd->expanded) {
            nd->expanded = 1;
            nd->open = expand(c, i);
        } else if (!nd->checked && c->f == &titles && phrase_words(c, i, w) > 2) {
            nd->checked = 1; /* about to be shown: worth a phrase check */
            if (c->checks_left > 0)
                verify(c, i, 1);
            nd->open = nd->count > 0;
        } else {
            nd->open = 0;
            emit(c, i);
        }
    }
}

/* The first words of the phrases: after the chain's last word, from bigrams; with no
 * chain, the words that start with the prefix (for bodies, the lexicon's). */
static void seed(ctx *c)
{
    const char *p = c->partial ? c->t[c->nt - 1].folded : "";
    const typed *prev = c->nstem > c->chain_from ? &c->t[c->nstem - 1] : NULL;
    size_t chain = c->nstem - c->chain_from;
    scan s = {0};
    if (prev ? scan_words(c, c->f->bigram, prev->folded, p, FIRST_SCAN_CAP, &s)
             : c->f == &titles && *p && scan_words(c, c->f->word, p, NULL, FIRST_SCAN_CAP, &s))
        return;
    if (!prev && c->f == &bodies && *p) {
        se_near near[FIRST_MAX];
        s.n = se_lexicon_complete(c->lx, p, strlen(p), near, FIRST_MAX);
        for (size_t k = 0; k < s.n; k++) {
            snprintf(s.f[k].word, sizeof s.f[k].word, "%s", near[k].folded);
            s.f[k].df = near[k].df;
        }
    }
    /* Bodies are many and noisy: what only one holds is a typo or glued words. */
    while (c->f == &bodies && s.n && s.f[s.n - 1].df < 2)
        s.n--;
    /* A context word typed with marks must stand with the word as typed: "thủ t" is
     * not followed by the "tên lửa" of "thử tên lửa"; and a prefix typed with marks
     * counts its own spellings only: "sâ" is not the "sát" of folded "sat". */
    int exact = prev ? prev->word && (prev->flags & VN_HAS_MARKS) : c->prefix_marked;
    for (size_t k = 0; k < s.n; k++) {
        const char *text[SPELL_MAX];
        uint64_t df[SPELL_MAX], count = s.f[k].df;
        size_t ns = spellings(c, s.f[k].word, 1, text, df);
        int known = 0;
        for (size_t m = 0; m < c->nseeds; m++)
            known |= strcmp(c->nodes[m].word, s.f[k].word) == 0;
        if ((c->prefix_marked && !ns) || known)
            continue;
        if (exact && ns) {
            count = 0;
            for (size_t m = 0; m < ns; m++)
                count += prev ? termfreq(c, c->f->exact_bigram, prev->text, text[m])
                         : c->f == &titles ? termfreq(c, VN_P_TITLE_EXACT, text[m], NULL) : df[m];
            count = chain > 1 && count ? s.f[k].df : count; /* a bound until counted */
        }
        add_node(c, -1, s.f[k].word, count, chain <= 1);
    }
}

/* ---- Writing a suggestion, with marks restored ------------------------------------- */

typedef struct slot {
    const char *text[SPELL_MAX];
    uint64_t df[SPELL_MAX];
    size_t n;
    int linked; /* right after the previous word, no break between */
} slot;

/* The lattice of a suggestion's spellings, for se_restore_choose. */
_Static_assert(WORDS_MAX <= SE_RESTORE_MAX_WORDS && SPELL_MAX <= SE_RESTORE_MAX_CANDS,
               "a suggestion's lattice fits the decoder");
typedef struct lattice {
    ctx *c;
    const slot *sl;
} lattice;

/* Spelling k of slot i after spelling j of the slot before: P(b|a) = (count(a b) +
 * P(b)) / (count(a) + 1), counts in body documents. A suggestion's words stand side
 * by side in the corpus, so the bigram decides and the unigram only breaks ties;
 * spell.c, whose words may never have met, interpolates instead, which here would let
 * "năm 2021" turn "việt nam 2021" into "việt năm 2021". */
static double transition(void *v, size_t i, size_t j, size_t k)
{
    ctx *c = ((lattice *)v)->c;
    const slot *sl = ((lattice *)v)->sl;
    double uni = ((double)sl[i].df[k] + 1) / ((double)c->doccount + 1);
    if (i == 0 || !sl[i].linked)
        return log(uni);
    if (sl[i].n == 1 && sl[i - 1].n == 1)
        return 0;
    double bg = (double)exact_pair(c, sl[i - 1].text[j], sl[i].text[k]);
    return log((bg + uni) / ((double)sl[i - 1].df[j] + 1));
}

static void fill_slot(const ctx *c, slot *s, const char *folded, int typing, const char *as)
{
    if (!as && (s->n = spellings(c, folded, typing, s->text, s->df)))
        return;
    const se_spelling *sp;
    size_t n = se_lexicon_spellings(c->lx, folded, strlen(folded), &sp);
    s->n = 1;
    s->text[0] = as ? as : folded;
    s->df[0] = 1;
    for (size_t i = 0; i < n; i++)
        s->df[0] = strcmp(sp[i].text, s->text[0]) == 0 ? sp[i].df : s->df[0];
}

/* Appends len bytes of s to out (at *n), the first letter upper-cased with `capital`;
 * sets *full instead when they would not fit. */
static void put(char *out, size_t *n, int *full, const char *s, size_t len, int capital)
{
    char up[8];
    int32_t i = 0, w = 0;
    UChar32 ch;
    if (capital && len) {
        U8_NEXT(s, i, (int32_t)len, ch);
        if (ch >= 0)
            U8_APPEND_UNSAFE(up, w, u_toupper(ch));
        else
            i = 0;
    }
    size_t add = (size_t)w + len - (size_t)i;
    if (*full || *n + add >= SE_COMPLETE_TEXT_MAX) {
        *full = 1;
        return;
    }
    memcpy(out + *n, up, (size_t)w);
    memcpy(out + *n + w, s + i, len - (size_t)i);
    *n += add;
    out[*n] = '\0';
}

/* Writes node i's phrase as a suggestion unless it ends in the air, is what was
 * typed, or repeats one. Typed words stay as typed, but in a text typed without any marks
 * they get the corpus's spellings (keeping a typed capital); new words are written
 * with the corpus's spellings, in lower case. */
static void emit(ctx *c, int i)
{
    const node *path[PATH_WORDS];
    size_t np = c->nodes[i].depth + 1, n = 0, pos = 0, len = 0;
    for (int j = i, k = (int)np - 1; j >= 0; j = c->nodes[j].parent, k--)
        path[k] = &c->nodes[j];
    slot sl[WORDS_MAX];
    size_t ncands[WORDS_MAX], choice[WORDS_MAX];
    const typed *last = c->partial ? &c->t[c->nt - 1] : NULL;
    for (; n < c->nstem; n++) {
        const typed *t = &c->t[n];
        sl[n].linked = n > 0 && !(t->flags & VN_AFTER_BREAK);
        fill_slot(c, &sl[n], t->folded, 0, t->word && !c->marks ? NULL : t->text);
    }
    for (size_t k = 0; k < np; k++, n++) {
        sl[n].linked = k > 0 || (c->nstem > 0 && !(last && (last->flags & VN_AFTER_BREAK)));
        fill_slot(c, &sl[n], path[k]->word, k == 0 && last, NULL);
    }
    for (size_t k = 0; k < n; k++)
        ncands[k] = sl[k].n;
    lattice l = {c, sl};
    if (se_restore_choose(n, ncands, transition, NULL, &l, choice))
        return; /* not reached: see the assertion above */
    /* The completion of the word being typed needs no test: the user put it there. */
    const slot *z = &sl[n - 1], *a = z - (n > 1);
    if (c->lx && n > 1 && z->linked && !(np == 1 && last) &&
        2.0 * (double)exact_pair(c, a->text[choice[n - 2]], z->text[choice[n - 1]]) <
            TIGHT_MIN * (double)(a->df[choice[n - 2]] + z->df[choice[n - 1]]))
        return;

    se_suggestion *out = &c->out->items[c->out->n];
    int same = np == 1 && last, full = 0;
    for (size_t k = 0; k < n; k++) {
        const char *w = sl[k].text[choice[k]];
        const typed *t = k < c->nstem ? &c->t[k] : k == c->nstem ? last : NULL;
        if (t) {
            put(out->text, &len, &full, c->q + pos, t->start - pos, 0);
            pos = t->end;
            same &= strcmp(w, t->text) == 0;
        } else {
            put(out->text, &len, &full, " ", len > 0, 0);
        }
        if (t && k < c->nstem && strcmp(w, t->text) == 0) /* as typed, case and all */
            put(out->text, &len, &full, c->q + t->start, t->end - t->start, 0);
        else
            put(out->text, &len, &full, w, strlen(w), t && (t->flags & VN_CAPITALISED));
    }
    for (size_t k = 0; k < c->out->n && !same; k++)
        same = strcmp(c->out->items[k].text, out->text) == 0;
    if (!same && !full)
        c->out->items[c->out->n++].count = c->nodes[i].count;
}

/* Proper names as the titles write them ("quảng nam" -> "Quảng Nam"), learnt for the
 * whole list at once: one query and a few dozen titles a request. A failure costs the
 * capitals, not the suggestions. */
static void capitals(vn_analyzer *a, xc_db *db, se_view v, se_complete_list *out)
{
    tr_error err = {0};
    se_casing *cs = se_casing_new(&err);
    int rc = cs ? 0 : TR_ENOMEM;
    for (size_t k = 0; rc == 0 && k < out->n; k++)
        rc = se_casing_want(cs, a, out->items[k].text, &err);
    if (rc == 0)
        rc = se_casing_learn(cs, a, db, v, &err);
    for (size_t k = 0; rc == 0 && k < out->n; k++)
        rc = se_casing_apply(cs, a, out->items[k].text, &err);
    se_casing_free(cs);
}

/* ---- Completing a text ------------------------------------------------------------ */

/* The body phase keeps the title phase's first words, closed: a word that titles
 * found unfinished ("khoa học" -> "và") is not brought back from bodies. */
static void run(ctx *c, const field *f)
{
    c->f = f;
    c->nn = f == &titles ? 0 : c->nseeds;
    for (size_t k = 0; k < c->nn; k++)
        c->nodes[k].open = 0;
    seed(c);
    c->nseeds = f == &titles ? c->nn : c->nseeds;
    search(c);
}

int se_complete_phrases(vn_analyzer *a, xc_db *db, se_view v, const se_lexicon *lx,
                        const char *q, size_t len, size_t limit, se_complete_list *out,
                        tr_error *err)
{
    out->n = 0;
    int rc = se_complete_check_text(q, len, err);
    if (rc || limit < 1 || limit > SE_COMPLETE_MAX)
        return rc ? rc : tr_error_set(err, TR_EINVAL, "limit must be from 1 to %d",
                                      SE_COMPLETE_MAX);
    ctx *c = len ? calloc(1, sizeof *c) : NULL;
    if (!c)
        return len ? tr_error_set(err, TR_ENOMEM, "out of memory") : 0;
    c->db = db;
    c->v = v;
    c->lx = lx;
    c->pairs = (se_pairs){.db = db, .v = v, .lx = lx};
    c->q = q;
    c->err = err;
    c->out = out;
    c->limit = limit;
    c->terms_left = TERMS_CAP;
    c->expands_left = EXPAND_CAP;
    c->counts_left = COUNTS_CAP;
    c->checks_left = CHECKS_CAP;
    rc = vn_analyze(a, q, len, 0, on_token, c, NULL, err);
    size_t tail = c->nt ? c->t[c->nt - 1].end : len;
    int blank_tail = 1;
    for (size_t k = tail; k < len; k++)
        blank_tail &= q[k] == ' ' || q[k] == '\t';
    /* After punctuation nothing is linked to what comes next: no guess. */
    if (rc || c->nt == 0 || !blank_tail) {
        free(c);
        return rc == -1 ? 0 : rc;
    }
    c->partial = tail == len;
    c->nstem = c->nt - (size_t)c->partial;
    const typed *last = c->partial ? &c->t[c->nt - 1] : NULL;
    c->prefix_marked = last && last->word && (last->flags & VN_HAS_MARKS) &&
                       (c->tone = untoned(last->text, c->prefix, &c->nprefix)) >= 0;
    c->chain_from = c->nstem; /* back to the last break */
    if (!last || !(last->flags & VN_AFTER_BREAK))
        while (c->chain_from > 0 && (c->chain_from == c->nstem ||
                                     !(c->t[c->chain_from].flags & VN_AFTER_BREAK)))
            c->chain_from--;
    se_view_doccount(db, v, &c->doccount, NULL);
    run(c, &titles);
    /* Bodies only for a word after one typed word or none: their bigrams say nothing
     * of longer phrases (see expand). */
    if (out->n < limit && c->nstem - c->chain_from <= 1)
        run(c, &bodies);
    rc = c->failed ? (err && err->code ? err->code : TR_EXAPIAN) : 0;
    out->n = rc ? 0 : out->n;
    if (out->n)
        capitals(a, db, v, out);
    xc_enquire_free(c->enq);
    free(c);
    return rc;
}
