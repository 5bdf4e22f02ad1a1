/* pairs: see pairs.h. */
#include "pairs.h"

#include <stdlib.h>
#include <string.h>

#include "vn.h"
#include "vn_terms.h"

/* Spellings of a folded word weighed in a pair's sampled total: the lexicon sorts them
 * commonest first, and the rare ones add little to a sum. */
#define SPELLINGS_MAX 4

static uint64_t df(se_pairs *p, const char *prefix, const char *a, const char *b)
{
    char term[2 * SE_PAIRS_WORD + 8];
    size_t len = vn_term_build(term, sizeof term, prefix, a, strlen(a), b, strlen(b));
    uint64_t n = 0;
    if (len)
        se_view_termfreq(p->db, p->v, term, len, &n, NULL);
    return n;
}

/* Documents with the pair in the title or in the body: titles are where a pair is
 * likeliest to be looked for, and their exact bigrams are all there (titles are
 * shorter than the span). A document with it in both counts twice. */
static uint64_t exact_df(se_pairs *p, const char *a, const char *b)
{
    return df(p, VN_P_BODY_BI_EXACT, a, b) + df(p, VN_P_TITLE_BI_EXACT, a, b);
}

static uint64_t folded_df(se_pairs *p, const char *fa, const char *fb)
{
    return df(p, VN_P_BODY_BI, fa, fb) + df(p, VN_P_TITLE_BI, fa, fb);
}

/* The sampled documents of every spelling of the folded pair (fa, fb). */
static uint64_t sampled_total(se_pairs *p, const char *fa, const char *fb)
{
    for (size_t i = 0; i < p->nmemo; i++)
        if (strcmp(p->memo[i].fa, fa) == 0 && strcmp(p->memo[i].fb, fb) == 0)
            return p->memo[i].sampled;
    const se_spelling *sa, *sb;
    size_t na = se_lexicon_spellings(p->lx, fa, strlen(fa), &sa);
    size_t nb = se_lexicon_spellings(p->lx, fb, strlen(fb), &sb);
    uint64_t total = 0;
    for (size_t i = 0; i < na && i < SPELLINGS_MAX; i++)
        for (size_t k = 0; k < nb && k < SPELLINGS_MAX; k++)
            total += exact_df(p, sa[i].text, sb[k].text);
    if (p->nmemo < SE_PAIRS_MEMO) {
        memcpy(p->memo[p->nmemo].fa, fa, strlen(fa) + 1);
        memcpy(p->memo[p->nmemo].fb, fb, strlen(fb) + 1);
        p->memo[p->nmemo++].sampled = total;
    }
    return total;
}

/* The share of spelling `w` among the spellings of its folded form `f`. */
static double spelling_share(const se_lexicon *lx, const char *w, const char *f)
{
    const se_spelling *s;
    size_t n = se_lexicon_spellings(lx, f, strlen(f), &s);
    uint64_t mine = 0, all = 0;
    for (size_t i = 0; i < n; i++) {
        all += s[i].df;
        if (strcmp(s[i].text, w) == 0)
            mine = s[i].df;
    }
    return all ? (double)mine / (double)all : 0.0;
}

/* The folded form of `w` into buf; 0 when it does not fit. */
static int folded(const char *w, char *buf)
{
    char *f = NULL;
    size_t len = 0;
    int ok = vn_fold(w, strlen(w), &f, &len, NULL) == 0 && len < SE_PAIRS_WORD;
    if (ok)
        memcpy(buf, f, len + 1);
    free(f);
    return ok;
}

double se_pair_df(se_pairs *p, const char *a, const char *b)
{
    uint64_t exact = exact_df(p, a, b);
    char fa[SE_PAIRS_WORD], fb[SE_PAIRS_WORD];
    if (!p->lx || strlen(a) >= SE_PAIRS_WORD || strlen(b) >= SE_PAIRS_WORD || !folded(a, fa) ||
        !folded(b, fb))
        return (double)exact;
    uint64_t all = folded_df(p, fa, fb);
    if (all == 0)
        return (double)exact;
    uint64_t sampled = sampled_total(p, fa, fb);
    if (sampled < exact) /* a spelling past the commonest few */
        sampled = exact;
    double n = sampled ? (double)all * (double)exact / (double)sampled
                       : (double)all * spelling_share(p->lx, a, fa) * spelling_share(p->lx, b, fb);
    return n > (double)exact ? n : (double)exact;
}
