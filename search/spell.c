/* spell: did-you-mean by diacritic restoration and typo correction (see spell.h). */
#include "spell.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unicode/uchar.h>
#include <unicode/utf8.h>

#include "casing.h"
#include "cooccur.h"
#include "pairs.h"
#include "restore.h"
#include "synonyms.h"
#include "vn_keys.h"
#include "vn_terms.h"

#define MAX_WORDS 16 /* longer queries are pasted text, not typed: no suggestion */
#define MAX_CANDS 8  /* spellings weighed for a word the index lacks, */
#define KNOWN_CANDS 5 /* and for a known word typed without marks */
#define NEAR_MAX 6    /* neighbours at one letter, two spellings each */
#define TEXT_MAX 64

/* The case a word was typed in, which its replacement keeps: "Giong" -> "Giống",
 * "VIET" -> "VIỆT". */
enum { CAPS_NONE, CAPS_INITIAL, CAPS_ALL };

typedef struct cand {
    char text[TEXT_MAX];
    char folded[TEXT_MAX];
    uint64_t df;
    double channel; /* log P(typed | meant): how likely this slip is */
    double context; /* what the rest of the query says of it (context_scores) */
    int keys;       /* read from Telex or VNI keystrokes (vn_keys.h) */
} cand;

/* One word of the query and what it could be. */
typedef struct slot {
    size_t start, end;   /* in the query string */
    char typed[TEXT_MAX];
    char folded[TEXT_MAX];
    int word;            /* a plain word (not a number or compound): may change */
    int caps;            /* how it was typed: CAPS_NONE, CAPS_INITIAL, CAPS_ALL */
    int after_break;     /* no bigram with the previous slot */
    int unknown;         /* the index has never seen it as typed */
    int misplaced;       /* typed with its tone on a vowel no spelling puts it on */
    int listed;          /* an entry of the abbreviation table: matched as typed */
    cand c[MAX_CANDS];
    size_t nc;
} slot;

typedef struct scan {
    slot s[MAX_WORDS];
    size_t n;
    int marks;   /* some word was typed with diacritics */
    int too_long;
} scan;

static void copy_text(char *dst, const char *src, size_t len)
{
    if (len >= TEXT_MAX)
        len = 0;
    memcpy(dst, src, len);
    dst[len] = '\0';
}

/* CAPS_ALL when every letter of q[start, end) is upper case and there are two or
 * more (one capital is an initial), else CAPS_INITIAL or CAPS_NONE by the flag. */
static int caps_of(const char *q, size_t start, size_t end, unsigned flags)
{
    int32_t i = (int32_t)start, n = (int32_t)end, letters = 0;
    while (i < n) {
        UChar32 c;
        U8_NEXT(q, i, n, c);
        if (c < 0 || u_islower(c) || u_istitle(c))
            return (flags & VN_CAPITALISED) ? CAPS_INITIAL : CAPS_NONE;
        letters += u_isupper(c) != 0;
    }
    return letters >= 2 ? CAPS_ALL : (flags & VN_CAPITALISED) ? CAPS_INITIAL : CAPS_NONE;
}

static void add_slot(scan *sc, const se_unit *u, const char *q)
{
    if (sc->n == MAX_WORDS) {
        sc->too_long = 1;
        return;
    }
    slot *s = &sc->s[sc->n++];
    memset(s, 0, sizeof *s);
    s->start = u->start;
    s->end = u->end;
    copy_text(s->typed, u->text, strlen(u->text));
    copy_text(s->folded, u->folded, strlen(u->folded));
    s->word = u->kind == VN_WORD && s->typed[0];
    s->caps = caps_of(q, u->start, u->end, u->flags);
    s->after_break = (u->flags & VN_AFTER_BREAK) != 0;
    s->misplaced = (u->flags & VN_MISPLACED_TONE) != 0;
    sc->marks |= (u->flags & VN_HAS_MARKS) != 0;
}

/* The tone of a syllable (0 none, 1..5 grave, acute, hook, tilde, dot below): the mark
 * that tells "chó" (dog) from "chò" and must never be "corrected" away. */
static int tone_of(const char *s)
{
    static const char *const tones[5] = {
        "àằầèềìòồờùừỳ", "áắấéếíóốớúứý", "ảẳẩẻểỉỏổởủửỷ", "ãẵẫẽễĩõỗỡũữỹ", "ạặậẹệịọộợụựỵ"};
    for (int32_t i = 0, len = (int32_t)strlen(s); i < len;) {
        int32_t start = i;
        UChar32 c;
        U8_NEXT(s, i, len, c);
        if (c < 0x80)
            continue;
        char ch[8];
        memcpy(ch, s + start, (size_t)(i - start));
        ch[i - start] = '\0';
        for (int t = 0; t < 5; t++)
            if (strstr(tones[t], ch))
                return t + 1;
    }
    return 0;
}

/* The noisy channel: a tone or mark fix costs least, then two neighbouring letters
 * swapped (the commonest slip of fast typing, and the one Telex and VNI input makes
 * worse, since marks travel with their letters), then a letter left out or a key
 * pressed twice ("vaay"); a stray letter or a wrong one costs most, since the typist
 * must also have hit that very key of the dozen around the right one: "hkoac" is
 * "khoác" swapped sooner than "hoặc" with a stray "k", however commoner "hoặc" is. */
#define P_SWAP 0.5
#define P_OMITTED 0.2
#define P_OTHER 0.02
static double channel_of(se_edit edit)
{
    switch (edit) {
    case SE_EDIT_NONE:
        return 0.0;
    case SE_EDIT_SWAP:
        return log(P_SWAP);
    case SE_EDIT_OMITTED:
        return log(P_OMITTED);
    default:
        return log(P_OTHER);
    }
}

static void add_cand(slot *s, const char *text, const char *folded, uint64_t df, double channel)
{
    for (size_t i = 0; i < s->nc; i++)
        if (strcmp(s->c[i].text, text) == 0)
            return;
    if (s->nc < MAX_CANDS && strlen(text) < TEXT_MAX && strlen(folded) < TEXT_MAX) {
        cand *c = &s->c[s->nc++];
        snprintf(c->text, TEXT_MAX, "%s", text);
        snprintf(c->folded, TEXT_MAX, "%s", folded);
        c->channel = channel;
        c->context = 0;
        c->keys = 0;
        c->df = df;
    }
}

/* The word read as Telex or VNI keystrokes typed with the input method off ("vieetj",
 * "vie6t5": "việt"), into meant[TEXT_MAX], when the index has that spelling (its
 * document frequency then, else 0). A word in capitals is an abbreviation ("MAX",
 * "ROS") unless a key shows otherwise ("DDAAU"). */
static uint64_t keys_reading(const slot *s, const se_lexicon *lx, char *meant)
{
    char *folded = NULL;
    size_t flen = 0, tlen = strlen(s->typed);
    size_t len = s->word ? vn_keys_read(s->typed, tlen, 0, meant, TEXT_MAX) : 0;
    if (!len || (s->caps == CAPS_ALL && !vn_keys_sure(s->typed, tlen)) ||
        vn_fold(meant, len, &folded, &flen, NULL))
        return 0;
    const se_spelling *sp;
    size_t n = se_lexicon_spellings(lx, folded, flen, &sp);
    free(folded);
    for (size_t i = 0; i < n; i++)
        if (strcmp(sp[i].text, meant) == 0)
            return sp[i].df;
    return 0;
}

/* Whether the query is typed in keys: a word has a key no Vietnamese word typed without
 * marks has (vn_keys_sure: "hoaf", "vie6t5"), or two words the index has never seen
 * read as keys ("Nhix ... phais"): a slip makes one odd word, not two. */
static int keys_typed(const scan *sc, const se_lexicon *lx)
{
    char meant[TEXT_MAX];
    size_t read = 0;
    for (size_t i = 0; i < sc->n; i++) {
        const slot *s = &sc->s[i];
        if (s->word && vn_keys_sure(s->typed, strlen(s->typed)))
            return 1;
        read += s->unknown && keys_reading(s, lx, meant) > 0;
    }
    return read >= 2;
}

/* The keystroke reading as one more candidate, in place of the least likely when the
 * slot is full, which the bigrams weigh against the literal word ("chaos theory" stays
 * English) and its typo fixes. Alone, such a reading is dearer than a mark fix, since
 * the literal word may be meant, and cheaper than a typo. In a query typed in keys
 * (`keyed`), every word is likelier keys than a slip or a foreign word: the reading
 * costs nothing and the word's other candidates a factor KEYS_OTHERS ("Hoaf" is "Hòa",
 * not "Hoạt"), or KEYS_SURE when the word itself shows keys ("giaf" is "già", not
 * "giáo"; "bu1" is "bú"). */
#define KEYS_CHANNEL log(0.8)
#define KEYS_OTHERS log(0.1)
#define KEYS_SURE log(0.01)
static void add_keys(slot *s, const se_lexicon *lx, int keyed)
{
    char meant[TEXT_MAX];
    uint64_t df = keys_reading(s, lx, meant);
    if (!df)
        return;
    /* What the index has never seen can only match noise: not a candidate. */
    if (s->unknown && s->nc && strcmp(s->c[s->nc - 1].text, s->typed) == 0)
        s->nc--;
    size_t k = 0;
    while (k < s->nc && strcmp(s->c[k].text, meant) != 0)
        k++;
    if (k == s->nc) {
        char *folded = NULL;
        size_t flen = 0;
        if (vn_fold(meant, strlen(meant), &folded, &flen, NULL))
            return;
        k = s->nc < MAX_CANDS ? s->nc : MAX_CANDS - 1;
        s->nc = k;
        add_cand(s, meant, folded, df, 0.0);
        free(folded);
        if (s->nc == k) /* too long to be a candidate */
            return;
    }
    double others = vn_keys_sure(s->typed, strlen(s->typed)) ? KEYS_SURE : KEYS_OTHERS;
    for (size_t j = 0; j < s->nc && keyed; j++)
        s->c[j].channel += others;
    s->c[k].keys = 1;
    s->c[k].channel = keyed ? 0.0 : KEYS_CHANNEL;
}

static void keep_typed(slot *s, const se_lexicon *lx)
{
    s->nc = 0;
    const se_spelling *sp;
    size_t n = se_lexicon_spellings(lx, s->typed, strlen(s->typed), &sp);
    uint64_t df = 1;
    for (size_t i = 0; i < n; i++)
        if (strcmp(sp[i].text, s->typed) == 0)
            df = sp[i].df;
    add_cand(s, s->typed, s->folded, df, 0.0);
}

/* A word that only one document has is no correction while a commoner neighbour is:
 * in a large index most such words are typos themselves, or keystrokes typed with the
 * input method off ("casc" beside "các"), and two of them in one document make a bigram
 * that outweighs any real word's ("chawnj cacs nhoms" became "chawnj casc nhóm"). With
 * no other neighbour it is the only guess: a code name that one document has
 * ("kalimex") is still found from its typo. */
#define RARE_DF 1

/* Spellings of `folded` and of its neighbours at edit distance 1, at most two each;
 * with `tone` >= 0, only those with that tone. */
static void add_neighbours(slot *s, const se_lexicon *lx, const char *folded, size_t flen,
                           int with_self, int tone)
{
    se_near near[NEAR_MAX + 1];
    size_t nn = 0;
    if (with_self)
        near[nn++] = (se_near){folded, 0, SE_EDIT_NONE};
    nn += se_lexicon_near(lx, folded, flen, near + nn, NEAR_MAX);
    int common = 0;
    for (size_t k = 0; k < nn; k++)
        common |= near[k].edit != SE_EDIT_NONE && near[k].df > RARE_DF;
    for (size_t k = 0; k < nn; k++) {
        if (common && near[k].edit != SE_EDIT_NONE && near[k].df <= RARE_DF)
            continue;
        const se_spelling *sp;
        size_t n = se_lexicon_spellings(lx, near[k].folded, strlen(near[k].folded), &sp);
        for (size_t i = 0, taken = 0; i < n && taken < 2; i++) {
            if (tone >= 0 && tone_of(sp[i].text) != tone)
                continue;
            add_cand(s, sp[i].text, near[k].folded, sp[i].df, channel_of(near[k].edit));
            taken++;
        }
    }
}

/* Whether a document's body or title has the word as typed: exact when typed with marks. */
static int indexed(xc_db *db, se_view v, int marked, const char *word)
{
    return se_lexicon_indexed(db, v, marked ? VN_P_BODY_EXACT : VN_P_BODY, word) ||
           se_lexicon_indexed(db, v, marked ? VN_P_TITLE_EXACT : VN_P_TITLE, word);
}

/* Marks the words that are entries of the abbreviation table on their own ("ĐMST",
 * "dmst", "UBND"): however rare in the index, or absent from it, they are what was
 * meant, and never a typo for a commoner code. */
static void mark_listed(scan *sc, const se_syn *syn, const char *q, size_t qlen)
{
    for (size_t i = 0; i < sc->n; i++) {
        slot *s = &sc->s[i];
        const char *folded = s->folded;
        const se_syn_alt *alts;
        size_t len = 0;
        s->listed = s->word && syn && se_syn_match(syn, &folded, 1, 0, &len, &alts) > 0;
        /* A word glued to another by a hyphen, an ampersand or a slash is part of a
         * code as typed ("kt-xh", "gd&đt" in lower case), not a word of its own. */
        s->listed |= s->word && ((s->start > 1 && strchr("-&/", q[s->start - 1]) &&
                                  q[s->start - 2] != ' ') ||
                                 (s->end + 1 < qlen && strchr("-&/", q[s->end]) &&
                                  q[s->end + 1] != ' '));
    }
}

/* What a word could have been meant as. */
static void candidates(slot *s, const se_lexicon *lx, xc_db *db, se_view v, int restore)
{
    char *folded = NULL;
    size_t flen = 0;
    if (!s->word || vn_fold(s->typed, strlen(s->typed), &folded, &flen, NULL)) {
        keep_typed(s, lx);
        return;
    }
    const se_spelling *sp;
    size_t n = se_lexicon_spellings(lx, folded, flen, &sp);
    int marked = strcmp(folded, s->typed) != 0;
    int known = n > 0 && !marked;
    for (size_t i = 0; i < n && marked && !known; i++)
        known = strcmp(sp[i].text, s->typed) == 0;
    /* The lexicon may be a commit behind the index, and holds no word that only
     * titles have: ask the index. */
    known = known || indexed(db, v, marked, s->typed);
    if (s->listed) {
        /* An abbreviation of the table, however rare in the index or absent from it:
         * it is matched as typed and by its expansion (synonyms.h), and a code one
         * letter away is not what was meant. */
        keep_typed(s, lx);
    } else if (known && !s->misplaced) {
        /* A known word: only a query typed without any diacritics has its spelling
         * chosen; a word typed with marks is what the user meant. */
        for (size_t i = 0; restore && !marked && i < n && s->nc < KNOWN_CANDS; i++)
            add_cand(s, sp[i].text, folded, sp[i].df, 0.0);
        if (s->nc == 0)
            keep_typed(s, lx);
    } else {
        /* A word the index has never seen, or never with these marks ("ngiên" for
         * "nghiên"), or typed with its tone on a vowel no spelling puts it on, which
         * the analyzer moved but which may as well be two letters swapped with their
         * marks ("phaí": "phái" as the analyzer reads it, or "phía"): as typed (when
         * known), and its neighbours, keeping the tone the user typed, so "chó" never
         * becomes "chò". */
        s->unknown = 1;
        if (known)
            keep_typed(s, lx);
        add_neighbours(s, lx, folded, flen, marked, marked ? tone_of(s->typed) : -1);
        if (s->nc == 0)
            keep_typed(s, lx);
    }
    free(folded);
}

/* The rest of the query as evidence for a typo's candidates: the query's words stand in
 * the document looked for, side by side or not, so a candidate is scored by the
 * documents it shares with the other words the index knows, P(c | rest) = (together(c,
 * rest) + MU_REST P(c)) / (together(rest) + MU_REST), over its own P(c), which the
 * lattice counts already. With no document holding the rest, every candidate gets the
 * same and its frequency decides as before. Neighbouring bigrams cannot tell "hkoac"
 * in "hkoac vay" ("khoác" by a swap, "hoặc" by one letter left out) when the words
 * were not typed in the text's order, or when the pair is rare in both readings. */
#define MU_REST 2.0
/* The rest is the same for every typo (the known words, and a typo is not one), so it
 * is counted once; when no document holds it, P(c | rest) = P(c) for every candidate
 * (0 + MU_REST P(c) over 0 + MU_REST, exact in floating point), the score they start
 * with, and their own counts, each a query of the index, are not made. */
static void context_scores(scan *sc, const se_lexicon *lx, xc_db *db, se_view v, double docs)
{
    se_cooccur *co = NULL;
    tr_error err = {0};
    uint64_t rest = 0;
    int counted = 0; /* 1: rest holds the count; -1: counting it failed */
    for (size_t i = 0; i < sc->n; i++) {
        slot *s = &sc->s[i];
        const char *words[MAX_WORDS + 1];
        size_t nw = 0;
        int differ = 0;
        for (size_t k = 1; s->unknown && k < s->nc; k++)
            differ |= strcmp(s->c[k].folded, s->c[0].folded) != 0;
        for (size_t j = 0; differ && j < sc->n; j++)
            if (j != i && !sc->s[j].unknown && sc->s[j].folded[0])
                words[nw++] = sc->s[j].folded;
        if (nw == 0)
            continue;
        if (!counted)
            counted = (co || (co = se_cooccur_new(db, v, &err))) &&
                              se_cooccur_count(co, words, nw, &rest, &err) == 0
                          ? 1
                          : -1;
        if (counted < 0 || rest == 0)
            continue; /* a failure costs the evidence, not the suggestion */
        for (size_t k = 0; k < s->nc; k++) {
            size_t same = 0;
            while (same < k && strcmp(s->c[same].folded, s->c[k].folded) != 0)
                same++;
            uint64_t with = 0;
            words[nw] = s->c[k].folded;
            if (same < k) {
                s->c[k].context = s->c[same].context;
            } else if (se_cooccur_count(co, words, nw + 1, &with, &err) == 0) {
                const char *f = s->c[k].folded;
                double p = ((double)se_lexicon_df(lx, f, strlen(f)) + 1) / docs;
                s->c[k].context = log(((double)with + MU_REST * p) / ((double)rest + MU_REST)) -
                                  log(p);
            }
        }
    }
    se_cooccur_free(co);
}

/* The lattice of the slots' candidates, for se_restore_choose. */
_Static_assert(MAX_WORDS <= SE_RESTORE_MAX_WORDS && MAX_CANDS <= SE_RESTORE_MAX_CANDS,
               "a query's lattice fits the decoder");
typedef struct lattice {
    const scan *sc;
    se_pairs *pairs; /* exact bigram counts (pairs.h) */
    double logn;     /* log(documents + 1) */
} lattice;

/* Candidate k of slot i after candidate j of the slot before, by a bigram model
 * interpolated with unigrams (Jelinek-Mercer): P(b|a) = 0.9 count(a b) / count(a) +
 * 0.1 P(b). Stupid back-off was tried first and lost: its 0.4 P(b) for an unseen pair
 * beat rare but real pairs whenever b was a frequent word ("quảng năm" over "quảng
 * nam"). */
#define LAMBDA 0.9
/* A word with no word before it (the first of the query, or after a quote, a number,
 * punctuation) but one after it is chosen by that bigram: P(a | b) = (count(a b) + MU
 * P(a)) / (count(b) + MU), a Dirichlet prior of MU documents. Its unigram alone would
 * always pick the commonest spelling ("tới" over "tôi" in "toi sinh", 9,385 documents
 * against 7,675, where "tôi sinh" is in 20 and "tới sinh" in 8), and so does the
 * forward model above for a first word, whose unigram term outweighs any bigram of two
 * common words (both are document frequencies). */
#define MU 2.0

/* Slot i has no bigram before it and one after it. */
static int starts(const scan *sc, size_t i)
{
    const slot *s = &sc->s[i];
    return s->word && (i == 0 || s->after_break || !sc->s[i - 1].word) && i + 1 < sc->n &&
           sc->s[i + 1].word && !sc->s[i + 1].after_break;
}

static double step(void *ctx, size_t i, size_t j, size_t k)
{
    const lattice *l = ctx;
    const slot *s = &l->sc->s[i], *p = i ? &l->sc->s[i - 1] : NULL;
    /* Two words with one candidate each: the same score on every path, which cannot
     * change the choice; a typed title would otherwise count a bigram at every word. */
    if (p && p->nc == 1 && s->nc == 1)
        return 0;
    double n = exp(l->logn);
    double uni = ((double)s->c[k].df + 1) / n;
    if (starts(l->sc, i))
        return 0; /* scored with the word after it */
    if (!p || s->after_break || !s->word || !p->word)
        return log(uni);
    double bg = (double)se_pair_df(l->pairs, p->c[j].text, s->c[k].text);
    if (starts(l->sc, i - 1)) {
        double before = ((double)p->c[j].df + 1) / n;
        return log(uni) + log((bg + MU * before) / ((double)s->c[k].df + MU));
    }
    return log(LAMBDA * bg / ((double)p->c[j].df + 1) + (1 - LAMBDA) * uni);
}

/* How likely the slip from candidate k of slot i to what was typed is. */
static double channel(void *ctx, size_t i, size_t k)
{
    const lattice *l = ctx;
    return l->sc->s[i].c[k].channel + l->sc->s[i].c[k].context;
}

/* The chosen text in the case the word was typed in: its first letter or all of them
 * in capitals. An upper-case Vietnamese letter is as long in UTF-8 as its lower case. */
static void emit(char *out, size_t *len, const char *text, int caps)
{
    int32_t i = 0, n = (int32_t)strlen(text);
    while (i < n && caps != CAPS_NONE) {
        int32_t at = i, w = 0;
        UChar32 c;
        U8_NEXT(text, i, n, c);
        UChar32 up = c < 0 ? c : u_toupper(c);
        if (c < 0 || U8_LENGTH(up) != i - at) {
            i = at;
            break;
        }
        U8_APPEND_UNSAFE(out + *len, w, up);
        *len += (size_t)w;
        if (caps == CAPS_INITIAL)
            break;
    }
    memcpy(out + *len, text + i, (size_t)(n - i));
    *len += (size_t)(n - i);
}

int se_spell_suggest(vn_analyzer *a, const se_lexicon *lx, const se_syn *syn, xc_db *db,
                     se_view v, se_query *pq,
                     const char *q, size_t len, char **out, int *fixed, tr_error *err)
{
    *out = NULL;
    if (fixed)
        *fixed = 0;
    if (!lx || se_lexicon_size(lx) == 0)
        return 0;
    int rc = se_units_analyze(pq, a, err);
    scan *sc = rc ? NULL : calloc(1, sizeof *sc);
    if (!sc)
        return rc ? rc : tr_error_set(err, TR_ENOMEM, "out of memory");
    for (size_t i = 0; i < pq->nclauses; i++) {
        const se_clause *c = &pq->clauses[i];
        size_t before = sc->n;
        for (size_t k = 0; k < c->nunits; k++)
            add_slot(sc, &pq->units[c->first_unit + k], q);
        if (sc->n == before || sc->too_long)
            continue;
        /* Words typed side by side are neighbours; a quote, a '-', an OR or punctuation
         * between two clauses ("sinh, toi": the comma ends the clause before) is not,
         * so no bigram is scored across it. */
        int apart = before == 0 || c->phrase || c->negated || pq->clauses[i - 1].phrase;
        for (size_t k = apart ? 0 : sc->s[before - 1].end; k < sc->s[before].start && !apart; k++)
            apart = q[k] != ' ';
        if (apart)
            sc->s[before].after_break = 1;
    }
    if (sc->too_long || sc->n == 0) {
        free(sc);
        return rc;
    }
    size_t ncands[MAX_WORDS], choice[MAX_WORDS];
    mark_listed(sc, syn, q, len);
    for (size_t i = 0; i < sc->n; i++)
        candidates(&sc->s[i], lx, db, v, !sc->marks);
    int keyed = keys_typed(sc, lx);
    for (size_t i = 0; i < sc->n; i++) {
        add_keys(&sc->s[i], lx, keyed);
        ncands[i] = sc->s[i].nc;
    }
    uint64_t total = 1;
    se_view_doccount(db, v, &total, NULL);
    context_scores(sc, lx, db, v, (double)total + 1);
    static _Thread_local se_pairs pairs; /* large, so not on the stack */
    pairs.db = db;
    pairs.v = v;
    pairs.lx = lx;
    pairs.nmemo = 0;
    lattice l = {sc, &pairs, log((double)total + 1)};
    int changed = 0;
    if (se_restore_choose(sc->n, ncands, step, channel, &l, choice)) {
        free(sc); /* not reached: see the assertion above */
        return 0;
    }
    int unknown = 0, keys = 0;
    for (size_t i = 0; i < sc->n; i++) {
        int differs = strcmp(sc->s[i].c[choice[i]].text, sc->s[i].typed) != 0;
        changed |= differs;
        unknown |= differs && sc->s[i].unknown;
        keys |= differs && sc->s[i].c[choice[i]].keys;
    }
    if (fixed)
        *fixed = unknown ? 1 : keys ? SE_SPELL_KEYS : 0;
    if (changed) {
        /* Every replacement is at most TEXT_MAX bytes, plus what was typed around. */
        char *s = malloc(len + sc->n * TEXT_MAX + 1);
        if (!s) {
            free(sc);
            return tr_error_set(err, TR_ENOMEM, "out of memory");
        }
        size_t n = 0, pos = 0;
        for (size_t i = 0; i < sc->n; i++) {
            const slot *sl = &sc->s[i];
            const char *text = sl->c[choice[i]].text;
            size_t upto = strcmp(text, sl->typed) == 0 ? sl->end : sl->start;
            memcpy(s + n, q + pos, upto - pos);
            n += upto - pos;
            if (upto == sl->start)
                emit(s, &n, text, sl->caps);
            pos = sl->end;
        }
        memcpy(s + n, q + pos, len - pos);
        n += len - pos;
        s[n] = '\0';
        /* Proper names as the titles write them ("quảng nam" -> "Quảng Nam"); a
         * failure costs the capitals, not the suggestion. */
        tr_error cerr = {0};
        se_casing_text(a, db, v, s, &cerr);
        *out = s;
    }
    free(sc);
    return 0;
}
