/* lexicon: the index's vocabulary in memory (see lexicon.h). */
#include "lexicon.h"

#include <pthread.h>
#include <stdatomic.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "tr_hash.h"
#include "tr_grow.h"
#include "vn.h"
#include "vn_terms.h"

#define WORD_MAX 48 /* bytes; longer "words" are not worth correcting */

typedef struct entry {
    const char *folded;
    uint64_t df;
    uint32_t first, count; /* its spellings: spellings[first .. first+count) */
} entry;

struct se_lexicon {
    atomic_int refs;
    entry *entries;     /* sorted by folded, for prefix completion */
    size_t n;
    se_spelling *spellings;
    uint32_t *slots;    /* open addressing: index+1 into entries, 0 empty */
    size_t nslots;
    char *arena;        /* every string, NUL-terminated */
};

/* ---- Building ------------------------------------------------------------- */

typedef struct raw {
    char *folded, *exact;
    uint64_t df;
} raw;

typedef struct collect {
    raw *items;
    size_t n, cap;
    int failed;
} collect;

/* Letters only: a word with digits or punctuation is a number, a code or a compound,
 * and edit-distance neighbours of those are other numbers and codes, not fixes. */
static int is_word(const char *s, size_t len)
{
    if (len == 0 || len > WORD_MAX)
        return 0;
    for (size_t i = 0; i < len; i++) {
        unsigned char c = (unsigned char)s[i];
        if (c < 0x80 && !(c >= 'a' && c <= 'z'))
            return 0;
    }
    return 1;
}

static int on_exact_term(void *ctx, const char *term, size_t len, uint64_t tf)
{
    collect *c = ctx;
    size_t plen = strlen(VN_P_BODY_EXACT);
    const char *w = term + plen;
    size_t wlen = len - plen;
    if (!is_word(w, wlen))
        return 0;
    char *folded = NULL;
    size_t flen = 0;
    if (vn_fold(w, wlen, &folded, &flen, NULL) || !is_word(folded, flen)) {
        free(folded);
        return 0;
    }
    raw *items = tr_grow(c->items, c->n + 1, &c->cap, sizeof *c->items, 65536);
    if (!items) {
        free(folded);
        c->failed = 1;
        return 1;
    }
    c->items = items;
    char *exact = strndup(w, wlen);
    if (!exact) {
        free(folded);
        c->failed = 1;
        return 1;
    }
    c->items[c->n++] = (raw){folded, exact, tf};
    return 0;
}

static int by_folded_then_df(const void *a, const void *b)
{
    const raw *x = a, *y = b;
    int c = strcmp(x->folded, y->folded);
    if (c)
        return c;
    return x->df < y->df ? 1 : x->df > y->df ? -1 : strcmp(x->exact, y->exact);
}

static const entry *lookup(const se_lexicon *lx, const char *s, size_t len)
{
    if (!lx->nslots)
        return NULL;
    for (size_t i = tr_fnv64(s, len) & (lx->nslots - 1);; i = (i + 1) & (lx->nslots - 1)) {
        uint32_t slot = lx->slots[i];
        if (!slot)
            return NULL;
        const entry *e = &lx->entries[slot - 1];
        if (strncmp(e->folded, s, len) == 0 && e->folded[len] == '\0')
            return e;
    }
}

static void free_raw(collect *c)
{
    for (size_t i = 0; i < c->n; i++) {
        free(c->items[i].folded);
        free(c->items[i].exact);
    }
    free(c->items);
}

/* Lays the sorted items out as entries, spellings and one string arena. */
static int assemble(se_lexicon *lx, const collect *c)
{
    size_t bytes = 0;
    for (size_t i = 0; i < c->n; i++)
        bytes += strlen(c->items[i].folded) + strlen(c->items[i].exact) + 2;
    lx->arena = malloc(bytes ? bytes : 1);
    lx->entries = calloc(c->n ? c->n : 1, sizeof *lx->entries);
    lx->spellings = calloc(c->n ? c->n : 1, sizeof *lx->spellings);
    for (lx->nslots = 1024; lx->nslots < 2 * c->n;)
        lx->nslots *= 2;
    lx->slots = calloc(lx->nslots, sizeof *lx->slots);
    if (!lx->arena || !lx->entries || !lx->spellings || !lx->slots)
        return TR_ENOMEM;
    char *p = lx->arena;
    for (size_t i = 0; i < c->n; i++) {
        const raw *r = &c->items[i];
        if (lx->n == 0 || strcmp(lx->entries[lx->n - 1].folded, r->folded) != 0) {
            size_t len = strlen(r->folded);
            memcpy(p, r->folded, len + 1);
            lx->entries[lx->n++] = (entry){p, 0, (uint32_t)i, 0};
            p += len + 1;
        }
        entry *e = &lx->entries[lx->n - 1];
        size_t len = strlen(r->exact);
        memcpy(p, r->exact, len + 1);
        lx->spellings[i] = (se_spelling){p, r->df};
        p += len + 1;
        e->count++;
        e->df += r->df;
    }
    for (size_t k = 0; k < lx->n; k++) {
        size_t i = tr_fnv64(lx->entries[k].folded, strlen(lx->entries[k].folded)) & (lx->nslots - 1);
        while (lx->slots[i])
            i = (i + 1) & (lx->nslots - 1);
        lx->slots[i] = (uint32_t)k + 1;
    }
    return 0;
}

se_lexicon *se_lexicon_build(xc_db *db, se_view v, tr_error *err)
{
    collect c = {0};
    int rc = se_view_allterms(db, v, VN_P_BODY_EXACT, strlen(VN_P_BODY_EXACT), on_exact_term,
                              &c, err);
    se_lexicon *lx = NULL;
    if (rc == 0 && c.failed)
        rc = tr_error_set(err, TR_ENOMEM, "out of memory reading the vocabulary");
    if (rc == 0) {
        qsort(c.items, c.n, sizeof *c.items, by_folded_then_df);
        lx = calloc(1, sizeof *lx);
        if (!lx || assemble(lx, &c)) {
            tr_error_set(err, TR_ENOMEM, "out of memory building the vocabulary");
            if (lx)
                atomic_init(&lx->refs, 1);
            se_lexicon_unref(lx);
            lx = NULL;
        } else {
            atomic_init(&lx->refs, 1);
        }
    }
    free_raw(&c);
    return lx;
}

se_lexicon *se_lexicon_ref(se_lexicon *lx)
{
    if (lx)
        atomic_fetch_add(&lx->refs, 1);
    return lx;
}

void se_lexicon_unref(se_lexicon *lx)
{
    if (!lx || atomic_fetch_sub(&lx->refs, 1) != 1)
        return;
    free(lx->entries);
    free(lx->spellings);
    free(lx->slots);
    free(lx->arena);
    free(lx);
}

/* ---- Reading -------------------------------------------------------------- */

size_t se_lexicon_size(const se_lexicon *lx)
{
    return lx ? lx->n : 0;
}

uint64_t se_lexicon_df(const se_lexicon *lx, const char *folded, size_t len)
{
    const entry *e = lx ? lookup(lx, folded, len) : NULL;
    return e ? e->df : 0;
}

size_t se_lexicon_spellings(const se_lexicon *lx, const char *folded, size_t len,
                            const se_spelling **out)
{
    const entry *e = lx ? lookup(lx, folded, len) : NULL;
    *out = e ? &lx->spellings[e->first] : NULL;
    return e ? e->count : 0;
}

/* Whether a should come before b: likelier slips first (SE_EDIT_NONE, then swaps,
 * then letters left out), then the more frequent word. */
static int before(se_edit ea, uint64_t dfa, se_edit eb, uint64_t dfb)
{
    return ea != eb ? ea < eb : dfa > dfb;
}

/* Keeps `out` in that order, without duplicates. */
static size_t add_near(se_near *out, size_t n, size_t max, const entry *e, se_edit edit)
{
    for (size_t i = 0; i < n; i++) {
        if (out[i].folded != e->folded)
            continue;
        if (!before(edit, e->df, out[i].edit, out[i].df))
            return n;
        memmove(&out[i], &out[i + 1], (n - i - 1) * sizeof *out); /* found again, likelier */
        n--;
        break;
    }
    size_t at = n;
    while (at > 0 && before(edit, e->df, out[at - 1].edit, out[at - 1].df))
        at--;
    if (at >= max)
        return n;
    size_t keep = n < max ? n : max - 1;
    memmove(&out[at + 1], &out[at], (keep - at) * sizeof *out);
    out[at] = (se_near){e->folded, e->df, edit};
    return keep + 1;
}

size_t se_lexicon_near(const se_lexicon *lx, const char *w, size_t len, se_near *out,
                       size_t max)
{
    if (!lx || len == 0 || len > WORD_MAX || max == 0)
        return 0;
    static const char letters[] = "abcdefghijklmnopqrstuvwxyz";
    char buf[WORD_MAX + 2];
    size_t n = 0;
    const entry *e;
    for (size_t i = 0; i < len; i++) { /* deletions: a letter too many */
        memcpy(buf, w, i);
        memcpy(buf + i, w + i + 1, len - i - 1);
        int twice = (i > 0 && w[i - 1] == w[i]) || (i + 1 < len && w[i + 1] == w[i]);
        if ((e = lookup(lx, buf, len - 1)))
            n = add_near(out, n, max, e, twice ? SE_EDIT_OMITTED : SE_EDIT_OTHER);
    }
    for (size_t i = 0; i + 1 < len; i++) { /* transpositions */
        memcpy(buf, w, len);
        buf[i] = w[i + 1];
        buf[i + 1] = w[i];
        if (buf[i] != buf[i + 1] && (e = lookup(lx, buf, len)))
            n = add_near(out, n, max, e, SE_EDIT_SWAP);
    }
    for (size_t i = 0; i < len; i++) { /* substitutions */
        memcpy(buf, w, len);
        for (const char *l = letters; *l; l++) {
            if (*l == w[i])
                continue;
            buf[i] = *l;
            if ((e = lookup(lx, buf, len)))
                n = add_near(out, n, max, e, SE_EDIT_OTHER);
        }
    }
    for (size_t i = 0; i <= len; i++) { /* insertions: a letter the typist left out */
        memcpy(buf, w, i);
        memcpy(buf + i + 1, w + i, len - i);
        for (const char *l = letters; *l; l++) {
            buf[i] = *l;
            if ((e = lookup(lx, buf, len + 1)))
                n = add_near(out, n, max, e, SE_EDIT_OMITTED);
        }
    }
    return n;
}

size_t se_lexicon_complete(const se_lexicon *lx, const char *prefix, size_t len, se_near *out,
                           size_t max)
{
    if (!lx || max == 0)
        return 0;
    size_t lo = 0, hi = lx->n; /* first entry >= prefix */
    while (lo < hi) {
        size_t mid = lo + (hi - lo) / 2;
        if (strncmp(lx->entries[mid].folded, prefix, len) < 0)
            lo = mid + 1;
        else
            hi = mid;
    }
    size_t n = 0;
    for (size_t i = lo; i < lx->n && strncmp(lx->entries[i].folded, prefix, len) == 0; i++)
        n = add_near(out, n, max, &lx->entries[i], SE_EDIT_NONE);
    return n;
}

int se_lexicon_indexed(xc_db *db, se_view v, const char *prefix, const char *word)
{
    char term[VN_TERM_MAX + 1];
    size_t len = vn_term_build(term, sizeof term, prefix, word, strlen(word), NULL, 0);
    uint64_t df = 0;
    return len && se_view_termfreq(db, v, term, len, &df, NULL) == 0 && df > 0;
}

/* ---- The current lexicon --------------------------------------------------- */

#define RECHECK_NS 1000000000LL

struct se_lexicon_cache {
    pthread_mutex_t lock;
    se_lexicon *cur;        /* every document's */
    se_lexicon *cur_public; /* the public documents' (view.h) */
    uint64_t doccount; /* what the index looked like when cur was built */
    double avlength;
    uint64_t restricted;
    long long checked_ns;
    int building;
};

se_lexicon_cache *se_lexicon_cache_new(void)
{
    se_lexicon_cache *c = calloc(1, sizeof *c);
    if (c)
        pthread_mutex_init(&c->lock, NULL);
    return c;
}

void se_lexicon_cache_free(se_lexicon_cache *c)
{
    if (!c)
        return;
    se_lexicon_unref(c->cur);
    se_lexicon_unref(c->cur_public);
    pthread_mutex_destroy(&c->lock);
    free(c);
}

static long long now_ns(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (long long)ts.tv_sec * 1000000000LL + ts.tv_nsec;
}

/* Which documents are restricted: their ids' shadows (view.h), hashed. */
static int hash_term(void *ctx, const char *term, size_t len, uint64_t tf)
{
    (void)tf;
    uint64_t *h = ctx;
    *h = (*h ^ tr_fnv64(term, len)) * 1099511628211ULL;
    return 0;
}

/* The lexicon of the view (under the lock). */
static se_lexicon *current(se_lexicon_cache *c, se_view v)
{
    return se_lexicon_ref(v == SE_VIEW_INTERNAL ? c->cur : c->cur_public);
}

/* The public lexicon beside a fresh whole one: the same while nothing is hidden. */
static se_lexicon *build_public(xc_db *db, se_lexicon *whole, tr_error *err)
{
    int hides = 1;
    if (se_view_hides(db, SE_VIEW_PUBLIC, &hides, err))
        return NULL;
    return hides ? se_lexicon_build(db, SE_VIEW_PUBLIC, err) : se_lexicon_ref(whole);
}

se_lexicon *se_lexicon_get(se_lexicon_cache *c, xc_db *db, se_view v, tr_error *err)
{
    long long now = now_ns();
    pthread_mutex_lock(&c->lock);
    if (c->cur && (c->building || now - c->checked_ns < RECHECK_NS)) {
        se_lexicon *lx = current(c, v);
        pthread_mutex_unlock(&c->lock);
        return lx;
    }
    /* The document count and average length move with nearly every commit: a
     * cheap signature of the index's contents. */
    uint64_t doccount = 0, restricted = 0;
    double avlength = 0;
    xc_db_doccount(db, &doccount, NULL);
    xc_db_avlength(db, &avlength, NULL);
    /* A document made internal without changing a word moves neither. */
    xc_db_allterms(db, VN_P_HIDDEN VN_P_ID, strlen(VN_P_HIDDEN VN_P_ID), hash_term, &restricted,
                   NULL);
    c->checked_ns = now;
    if (c->cur && doccount == c->doccount && avlength == c->avlength &&
        restricted == c->restricted) {
        se_lexicon *lx = current(c, v);
        pthread_mutex_unlock(&c->lock);
        return lx;
    }
    c->building = 1;
    pthread_mutex_unlock(&c->lock);

    /* Both views at once, from the same revision of the handle: a public lexicon
     * never lags behind a change of access the whole one has seen. */
    se_lexicon *fresh = se_lexicon_build(db, SE_VIEW_INTERNAL, err);
    se_lexicon *fresh_public = fresh ? build_public(db, fresh, err) : NULL;
    if (!fresh_public) {
        se_lexicon_unref(fresh);
        fresh = NULL;
    }

    pthread_mutex_lock(&c->lock);
    c->building = 0;
    if (fresh) {
        se_lexicon_unref(c->cur);
        se_lexicon_unref(c->cur_public);
        c->cur = fresh;
        c->cur_public = fresh_public;
        c->doccount = doccount;
        c->avlength = avlength;
        c->restricted = restricted;
    }
    se_lexicon *lx = current(c, v);
    pthread_mutex_unlock(&c->lock);
    return lx;
}
