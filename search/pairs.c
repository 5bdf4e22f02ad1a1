/* pairs: see pairs.h. */
#include "pairs.h"

#include <stdlib.h>
#include <string.h>

#include "vn.h"
#include "vn_terms.h"

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
 * shorter than the span). A document with it in both counts twice.
 * The indexer writes an exact bigram only beside the folded bigram of the same two
 * tokens (analyzers/terms.c), so a field whose folded pair no document has has none
 * of its spellings either: `m` (may be NULL) knows the folded counts, and the lookups
 * of such a field, most of the lattice's, are not made. */
static uint64_t exact_df(se_pairs *p, const se_pair_memo *m, const char *a, const char *b)
{
    return (!m || m->body ? df(p, VN_P_BODY_BI_EXACT, a, b) : 0) +
           (!m || m->title ? df(p, VN_P_TITLE_BI_EXACT, a, b) : 0);
}

/* The memo of the folded pair (fa, fb): its documents, and the sampled documents of its
 * commonest spellings, one by one and summed (the sum only when the pair has documents).
 * When the memo is full, `scratch` is filled instead. */
static const se_pair_memo *learn(se_pairs *p, const char *fa, const char *fb,
                                 se_pair_memo *scratch)
{
    for (size_t i = 0; i < p->nmemo; i++)
        if (strcmp(p->memo[i].fa, fa) == 0 && strcmp(p->memo[i].fb, fb) == 0)
            return &p->memo[i];
    se_pair_memo *m = p->nmemo < SE_PAIRS_MEMO ? &p->memo[p->nmemo++] : scratch;
    memcpy(m->fa, fa, strlen(fa) + 1);
    memcpy(m->fb, fb, strlen(fb) + 1);
    m->body = df(p, VN_P_BODY_BI, fa, fb);
    m->title = df(p, VN_P_TITLE_BI, fa, fb);
    m->all = m->body + m->title;
    m->sampled = 0;
    m->na = m->nb = 0;
    if (m->all == 0)
        return m;
    const se_spelling *sa, *sb;
    size_t na = se_lexicon_spellings(p->lx, fa, strlen(fa), &sa);
    size_t nb = se_lexicon_spellings(p->lx, fb, strlen(fb), &sb);
    m->na = na < SE_PAIRS_SPELLINGS ? na : SE_PAIRS_SPELLINGS;
    m->nb = nb < SE_PAIRS_SPELLINGS ? nb : SE_PAIRS_SPELLINGS;
    /* The body's pairs first, then the title's: each field's terms stand together in
     * the index, so the lookups stay on the blocks the one before read. */
    for (int title = 0; title < 2; title++)
        for (size_t i = 0; i < m->na; i++)
            for (size_t k = 0; k < m->nb; k++) {
                const char *prefix = title ? VN_P_TITLE_BI_EXACT : VN_P_BODY_BI_EXACT;
                uint64_t n = (title ? m->title : m->body) ? df(p, prefix, sa[i].text, sb[k].text)
                                                          : 0;
                m->exact[i][k] = (title ? m->exact[i][k] : 0) + n;
                m->sampled += n;
            }
    return m;
}

/* The sampled count of the spellings (a, b) of the memo's pair, from the memo when both
 * are among the spellings it summed. */
static uint64_t exact_of(se_pairs *p, const se_pair_memo *m, const char *a, const char *b)
{
    const se_spelling *sa, *sb;
    size_t i = 0, k = 0;
    if (m->na && m->nb) {
        se_lexicon_spellings(p->lx, m->fa, strlen(m->fa), &sa);
        se_lexicon_spellings(p->lx, m->fb, strlen(m->fb), &sb);
        while (i < m->na && strcmp(sa[i].text, a) != 0)
            i++;
        while (k < m->nb && strcmp(sb[k].text, b) != 0)
            k++;
        if (i < m->na && k < m->nb)
            return m->exact[i][k];
    }
    return exact_df(p, m, a, b);
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
    char fa[SE_PAIRS_WORD], fb[SE_PAIRS_WORD];
    if (!p->lx || strlen(a) >= SE_PAIRS_WORD || strlen(b) >= SE_PAIRS_WORD || !folded(a, fa) ||
        !folded(b, fb))
        return (double)exact_df(p, NULL, a, b);
    se_pair_memo scratch;
    const se_pair_memo *m = learn(p, fa, fb, &scratch);
    uint64_t exact = exact_of(p, m, a, b);
    if (m->all == 0)
        return (double)exact;
    uint64_t sampled = m->sampled;
    if (sampled < exact) /* a spelling past the commonest few */
        sampled = exact;
    double n = sampled ? (double)m->all * (double)exact / (double)sampled
                       : (double)m->all * spelling_share(p->lx, a, fa) *
                             spelling_share(p->lx, b, fb);
    return n > (double)exact ? n : (double)exact;
}
