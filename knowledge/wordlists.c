/* wordlists: the word lists of the rules (positions, heads of organisations, place names,
 * document types), matched on a document's tokens.
 *
 * Each phrase is analyzed with the same analyzer as the documents, so "KH&CN",
 * "TP.HCM" or "Khánh Hoà" in a list meet the tokens the text gives, whatever the tone
 * placement or case. A word matches a token when the folded forms are equal and, if the
 * token has diacritics, the exact forms too: "Năm" is not "Nam", but "Quang Nam" typed
 * without marks is "Quảng Nam". Phrases are found by a hash of their first word.
 */
#include "kn_int.h"

#include <stdlib.h>
#include <string.h>

#include "tr_grow.h"
#include "tr_hash.h"

uint32_t kn_hash(const char *s)
{
    return tr_fnv32(s, strlen(s));
}

typedef struct words {
    char *fold[32], *exact[32];
    uint8_t brk[32];
    size_t n;
    int overflow;
} words;

static int on_word(void *ctx, const vn_token *t)
{
    words *w = ctx;
    if (t->kind == VN_PART)
        return 0;
    if (w->n == 32) {
        w->overflow = 1;
        return 1;
    }
    w->fold[w->n] = strndup(t->folded, t->folded_len);
    w->exact[w->n] = strndup(t->text, t->text_len);
    w->brk[w->n] = (t->flags & VN_AFTER_BREAK) != 0;
    if (!w->fold[w->n] || !w->exact[w->n]) {
        free(w->fold[w->n]);
        free(w->exact[w->n]);
        return TR_ENOMEM;
    }
    w->n++;
    return 0;
}

static void words_free(words *w)
{
    for (size_t i = 0; i < w->n; i++) {
        free(w->fold[i]);
        free(w->exact[i]);
    }
    w->n = 0;
}

static int analyze(vn_analyzer *a, const char *text, size_t len, words *w, tr_error *err)
{
    memset(w, 0, sizeof *w);
    int rc = vn_analyze(a, text, len, 0, on_word, w, NULL, err);
    if (rc == TR_ENOMEM)
        return tr_error_set(err, TR_ENOMEM, "out of memory loading word lists");
    if (w->overflow) {
        words_free(w);
        return tr_error_set(err, TR_EINTERNAL, "a phrase of a word list is too long");
    }
    return rc;
}

static int same_words(const kn_phrase *p, const words *w)
{
    if (p->n != w->n)
        return 0;
    for (size_t i = 0; i < w->n; i++)
        if (strcmp(p->fold[i], w->fold[i]) != 0 || strcmp(p->exact[i], w->exact[i]) != 0)
            return 0;
    return 1;
}

static int rehash(kn_lex *lx, size_t nbucket)
{
    uint32_t *b = calloc(nbucket, sizeof *b);
    uint32_t *next = calloc(lx->cap ? lx->cap : 1, sizeof *next);
    if (!b || !next) {
        free(b);
        free(next);
        return -1;
    }
    for (size_t i = 0; i < lx->nph; i++) {
        uint32_t h = kn_hash(lx->ph[i].fold[0]) & (uint32_t)(nbucket - 1);
        next[i] = b[h];
        b[h] = (uint32_t)i + 1;
    }
    free(lx->bucket);
    free(lx->next);
    lx->bucket = b;
    lx->next = next;
    lx->nbucket = nbucket;
    return 0;
}

int kn_lex_add(kn_lex *lx, vn_analyzer *a, const char *phrase, const void *data, tr_error *err)
{
    words w;
    int rc = analyze(a, phrase, strlen(phrase), &w, err);
    if (rc)
        return rc;
    if (w.n == 0)
        return 0;
    if (lx->nbucket && lx->nph) {
        uint32_t h = kn_hash(w.fold[0]) & (uint32_t)(lx->nbucket - 1);
        for (uint32_t k = lx->bucket[h]; k; k = lx->next[k - 1]) {
            kn_phrase *p = &lx->ph[k - 1];
            if (!same_words(p, &w))
                continue;
            const void **nd = realloc(p->data, (p->ndata + 1) * sizeof *nd);
            words_free(&w);
            if (!nd)
                return tr_error_set(err, TR_ENOMEM, "out of memory loading word lists");
            nd[p->ndata++] = data;
            p->data = nd;
            return 0;
        }
    }
    int grew = lx->nph == lx->cap;
    kn_phrase *ph = tr_grow(lx->ph, lx->nph + 1, &lx->cap, sizeof *lx->ph, 64);
    if (!ph) {
        words_free(&w);
        return tr_error_set(err, TR_ENOMEM, "out of memory loading word lists");
    }
    lx->ph = ph;
    kn_phrase *p = &lx->ph[lx->nph];
    memset(p, 0, sizeof *p);
    p->fold = malloc(w.n * sizeof *p->fold);
    p->exact = malloc(w.n * sizeof *p->exact);
    p->brk = malloc(w.n);
    p->hash = malloc(w.n * sizeof *p->hash);
    p->data = malloc(sizeof *p->data);
    if (!p->fold || !p->exact || !p->brk || !p->hash || !p->data) {
        free(p->fold);
        free(p->exact);
        free(p->brk);
        free(p->hash);
        free(p->data);
        words_free(&w);
        return tr_error_set(err, TR_ENOMEM, "out of memory loading word lists");
    }
    memcpy(p->fold, w.fold, w.n * sizeof *p->fold);
    memcpy(p->exact, w.exact, w.n * sizeof *p->exact);
    memcpy(p->brk, w.brk, w.n);
    for (size_t k = 0; k < w.n; k++)
        p->hash[k] = kn_hash(w.fold[k]);
    p->n = (uint8_t)w.n;
    p->data[0] = data;
    p->ndata = 1;
    lx->nph++;
    /* The phrase's strings now belong to it. A load factor of one half keeps the
     * chains short; the chain array follows the phrase array's capacity. */
    size_t nb = lx->nbucket ? lx->nbucket : 256;
    while (nb < lx->nph * 2)
        nb *= 2;
    if (grew || nb != lx->nbucket) {
        if (rehash(lx, nb))
            return tr_error_set(err, TR_ENOMEM, "out of memory loading word lists");
        return 0;
    }
    uint32_t h = kn_hash(p->fold[0]) & (uint32_t)(lx->nbucket - 1);
    lx->next[lx->nph - 1] = lx->bucket[h];
    lx->bucket[h] = (uint32_t)lx->nph;
    return 0;
}

static int word_matches(const kn_phrase *p, size_t k, const kn_tok *t)
{
    if (p->hash[k] != t->hash || strcmp(p->fold[k], t->fold) != 0)
        return 0;
    return !(t->flags & KN_T_MARKS) || strcmp(p->exact[k], t->exact) == 0;
}

static size_t lex_match(const kn_lex *lx, const kn_doc *d, size_t i, uint16_t breaks,
                        const kn_phrase **out)
{
    *out = NULL;
    if (!lx->nbucket || i >= d->n)
        return 0;
    uint32_t h = d->t[i].hash & (uint32_t)(lx->nbucket - 1);
    size_t best = 0, best_exact = 0;
    for (uint32_t k = lx->bucket[h]; k; k = lx->next[k - 1]) {
        const kn_phrase *p = &lx->ph[k - 1];
        if (p->n < best || i + p->n > d->n)
            continue;
        size_t w = 0, exact = 0;
        for (; w < p->n; w++) {
            const kn_tok *t = &d->t[i + w];
            if (w > 0) {
                /* Inside a phrase: spaces, a dash, or what the list itself had there
                 * ("Văn hóa, Thể thao và Du lịch"); never a line break. */
                uint16_t ok = KN_G_DASH | breaks |
                              (p->brk[w] ? (KN_G_COMMA | KN_G_DOT | KN_G_SENT) : 0);
                if ((t->gap & ~ok) || t->field != d->t[i].field)
                    break;
            }
            if (!word_matches(p, w, t))
                break;
            exact += strcmp(p->exact[w], t->exact) == 0;
        }
        /* Longest first; of two as long, the one spelt as the text is ("Thanh Hóa"
         * typed without marks could be "Thạnh Hóa", typed with them it cannot). */
        if (w == p->n && (p->n > best || exact > best_exact)) {
            best = p->n;
            best_exact = exact;
            *out = p;
        }
    }
    return best;
}

size_t kn_lex_match(const kn_lex *lx, const kn_doc *d, size_t i, const kn_phrase **out)
{
    return lex_match(lx, d, i, 0, out);
}

size_t kn_lex_match_wrapped(const kn_lex *lx, const kn_doc *d, size_t i, const kn_phrase **out)
{
    return lex_match(lx, d, i, KN_G_PARA, out);
}

const void *kn_lex_first(const kn_lex *lx, const kn_doc *d, size_t i, size_t *len)
{
    const kn_phrase *p;
    size_t n = kn_lex_match(lx, d, i, &p);
    if (len)
        *len = n;
    return n ? p->data[0] : NULL;
}

