/* xc_doc: the document being built, in C (xc_doc_int.h says why).
 *
 * Terms are found by an open-addressing hash over their names, kept one after the
 * other in one buffer; positions are appended as (term, position) pairs in the order
 * they come and grouped by term only when the document is read out, so building a
 * document allocates per buffer doubling, never per term or position. The semantics
 * are Xapian::Document's: wdf adds up, a position given twice is kept once, an empty
 * value is no value, a term is 1 to XC_TERM_MAX bytes.
 */
#include <stdlib.h>
#include <string.h>

#include "tr_error.h"
#include "tr_grow.h"
#include "tr_hash.h"
#include "tr_radix.h"
#include "xc_doc_int.h"

#define XC_TERM_MAX 245 /* Xapian's limit on a term in a glass database */

static void unsort(xc_doc *d)
{
    d->sorted_ok = 0;
    if (d->prepared) {
        d->free_prepared(d->prepared);
        d->prepared = NULL;
    }
}

/* The terms and their positions, as added and as read out. */
static void drop_terms(xc_doc *d)
{
    free(d->entries);
    free(d->table);
    free(d->names);
    free(d->adds);
    free(d->sorted);
    free(d->positions);
}

xc_doc *xc_doc_new(tr_error *err)
{
    xc_doc *d = calloc(1, sizeof *d);
    if (!d)
        tr_error_set(err, TR_ENOMEM, "out of memory");
    return d;
}

void xc_doc_free(xc_doc *d)
{
    if (!d)
        return;
    unsort(d);
    for (size_t i = 0; i < d->nvalues; i++)
        free(d->values[i].data);
    free(d->values);
    free(d->data);
    drop_terms(d);
    free(d);
}

static int rehash(xc_doc *d, tr_error *err)
{
    size_t cap = d->table_cap ? d->table_cap * 2 : 256;
    uint32_t *t = calloc(cap, sizeof *t);
    if (!t)
        return tr_error_set(err, TR_ENOMEM, "out of memory");
    for (size_t i = 0; i < d->n; i++) {
        const xc_doc_entry *e = &d->entries[i];
        size_t h = tr_fnv32(d->names + e->name, e->len) & (cap - 1);
        while (t[h])
            h = (h + 1) & (cap - 1);
        t[h] = (uint32_t)i + 1;
    }
    free(d->table);
    d->table = t;
    d->table_cap = cap;
    return 0;
}

/* The entry of `term`, added with wdf 0 when new; -1 with err filled on failure. */
static long entry_of(xc_doc *d, const char *term, size_t len, tr_error *err)
{
    if (!d || (!term && len))
        return tr_error_set(err, TR_EINVAL, "no document or term"), -1;
    if (len == 0 || len > XC_TERM_MAX)
        /* Xapian's own words, as when Xapian kept the document. */
        return tr_error_set(err, TR_EINVAL, len ? "InvalidArgumentError: Term too long (> %d)"
                                                : "InvalidArgumentError: Empty termnames "
                                                  "aren't allowed.",
                            XC_TERM_MAX),
               -1;
    if (2 * (d->n + 1) > d->table_cap && rehash(d, err))
        return -1;
    size_t mask = d->table_cap - 1, h = tr_fnv32(term, len) & mask;
    for (; d->table[h]; h = (h + 1) & mask) {
        const xc_doc_entry *e = &d->entries[d->table[h] - 1];
        if (e->len == len && memcmp(d->names + e->name, term, len) == 0)
            return (long)d->table[h] - 1;
    }
    xc_doc_entry *ents = tr_grow(d->entries, d->n + 1, &d->cap, sizeof *ents, 64);
    if (!ents)
        return tr_error_set(err, TR_ENOMEM, "out of memory"), -1;
    d->entries = ents;
    size_t at = d->names_len;
    if (at + len > UINT32_MAX ||
        tr_grow_append(&d->names, &d->names_len, &d->names_cap, term, len, 1024))
        return tr_error_set(err, TR_ENOMEM, "out of memory"), -1;
    ents[d->n] = (xc_doc_entry){.name = (uint32_t)at, .len = (uint32_t)len};
    d->table[h] = (uint32_t)++d->n;
    return (long)d->n - 1;
}

int xc_doc_add_posting(xc_doc *d, const char *term, size_t len, uint32_t pos, uint32_t wdfinc,
                       tr_error *err)
{
    long e = entry_of(d, term, len, err);
    if (e < 0)
        return err && err->code ? err->code : TR_EINVAL;
    uint32_t(*adds)[2] = tr_grow(d->adds, d->nadds + 1, &d->adds_cap, sizeof *adds, 256);
    if (!adds)
        return tr_error_set(err, TR_ENOMEM, "out of memory");
    d->adds = adds;
    adds[d->nadds][0] = (uint32_t)e;
    adds[d->nadds][1] = pos;
    d->nadds++;
    d->entries[e].wdf += wdfinc;
    d->entries[e].npos++;
    unsort(d);
    return 0;
}

int xc_doc_add_term(xc_doc *d, const char *term, size_t len, uint32_t wdfinc, tr_error *err)
{
    long e = entry_of(d, term, len, err);
    if (e < 0)
        return err && err->code ? err->code : TR_EINVAL;
    d->entries[e].wdf += wdfinc;
    unsort(d);
    return 0;
}

int xc_doc_add_boolean_term(xc_doc *d, const char *term, size_t len, tr_error *err)
{
    return xc_doc_add_term(d, term, len, 0, err);
}

size_t xc_doc_term_count(const xc_doc *d)
{
    return d ? d->n : 0;
}

int xc_doc_set_value(xc_doc *d, unsigned slot, const char *value, size_t len, tr_error *err)
{
    if (!d || (!value && len))
        return tr_error_set(err, TR_EINVAL, "no document or value");
    size_t i = 0;
    while (i < d->nvalues && d->values[i].slot < slot)
        i++;
    int have = i < d->nvalues && d->values[i].slot == slot;
    if (len == 0) { /* Xapian: an empty value removes the slot's */
        if (have) {
            free(d->values[i].data);
            memmove(d->values + i, d->values + i + 1, (d->nvalues - i - 1) * sizeof *d->values);
            d->nvalues--;
            unsort(d);
        }
        return 0;
    }
    char *copy = malloc(len);
    if (!copy)
        return tr_error_set(err, TR_ENOMEM, "out of memory");
    memcpy(copy, value, len);
    if (!have) {
        xc_doc_slotval *v = tr_grow(d->values, d->nvalues + 1, &d->values_cap, sizeof *v, 8);
        if (!v) {
            free(copy);
            return tr_error_set(err, TR_ENOMEM, "out of memory");
        }
        d->values = v;
        memmove(v + i + 1, v + i, (d->nvalues - i) * sizeof *v);
        d->nvalues++;
        v[i] = (xc_doc_slotval){.slot = slot};
    }
    free(d->values[i].data);
    d->values[i].data = copy;
    d->values[i].len = len;
    unsort(d);
    return 0;
}

int xc_doc_set_data(xc_doc *d, const char *data, size_t len, tr_error *err)
{
    if (!d || (!data && len))
        return tr_error_set(err, TR_EINVAL, "no document or data");
    char *copy = malloc(len + 1);
    if (!copy)
        return tr_error_set(err, TR_ENOMEM, "out of memory");
    if (len)
        memcpy(copy, data, len);
    copy[len] = '\0';
    free(d->data);
    d->data = copy;
    d->data_len = len;
    unsort(d);
    return 0;
}

size_t xc_doc_value_count(const xc_doc *d)
{
    return d ? d->nvalues : 0;
}

void xc_doc_value_at(const xc_doc *d, size_t i, unsigned *slot, const char **value, size_t *len)
{
    *slot = d->values[i].slot;
    *value = d->values[i].data;
    *len = d->values[i].len;
}

const char *xc_doc_data(const xc_doc *d, size_t *len)
{
    *len = d->data_len;
    return d->data ? d->data : "";
}

/* ---- Read out in order --------------------------------------------------- */

static int name_cmp(const xc_doc_term *x, const xc_doc_term *y)
{
    size_t n = x->len < y->len ? x->len : y->len;
    int c = memcmp(x->name, y->name, n);
    return c ? c : (x->len > y->len) - (x->len < y->len);
}

/* The first 8 bytes of a name, big-endian, zero-padded: their order is the names'
 * order wherever they differ. */
static uint64_t prefix_key(const xc_doc_term *t)
{
    uint64_t k = 0;
    for (uint32_t i = 0; i < 8; i++)
        k = k << 8 | (i < t->len ? (unsigned char)t->name[i] : 0);
    return k;
}

typedef struct keyed {
    uint64_t key;
    xc_doc_term t;
} keyed;

/* Sorts the terms by name: a radix sort on the 8-byte prefixes (qsort's comparisons
 * were a twentieth of all indexing time), then the names that share a prefix by
 * insertion, runs being short. */
static int sort_terms(xc_doc_term *terms, size_t n)
{
    keyed *a = malloc((n ? n : 1) * sizeof *a);
    if (!a)
        return -1;
    for (size_t i = 0; i < n; i++)
        a[i] = (keyed){prefix_key(&terms[i]), terms[i]};
    if (tr_radix_sort(a, n, sizeof *a) != 0) {
        free(a);
        return -1;
    }
    for (size_t i = 1; i < n; i++) {
        keyed x = a[i];
        size_t j = i;
        while (j > 0 && a[j - 1].key == x.key && name_cmp(&a[j - 1].t, &x.t) > 0) {
            a[j] = a[j - 1];
            j--;
        }
        a[j] = x;
    }
    for (size_t i = 0; i < n; i++)
        terms[i] = a[i].t;
    free(a);
    return 0;
}

static int by_u32(const void *a, const void *b)
{
    uint32_t x = *(const uint32_t *)a, y = *(const uint32_t *)b;
    return (x > y) - (x < y);
}

int xc_doc_sorted(xc_doc *d, const xc_doc_term **terms, size_t *n, tr_error *err)
{
    if (!d || !terms || !n)
        return tr_error_set(err, TR_EINVAL, "no document");
    if (d->sorted_ok) {
        *terms = d->sorted;
        *n = d->n;
        return 0;
    }
    free(d->sorted);
    free(d->positions);
    d->sorted = malloc((d->n ? d->n : 1) * sizeof *d->sorted);
    d->positions = malloc((d->nadds ? d->nadds : 1) * sizeof *d->positions);
    size_t *start = calloc(d->n + 1, sizeof *start);
    if (!d->sorted || !d->positions || !start) {
        free(start);
        return tr_error_set(err, TR_ENOMEM, "out of memory");
    }
    /* Group the positions by term (a counting sort, stable), then order each group. */
    for (size_t i = 0; i < d->n; i++)
        start[i + 1] = start[i] + d->entries[i].npos;
    for (size_t i = 0; i < d->nadds; i++)
        d->positions[start[d->adds[i][0]]++] = d->adds[i][1];
    size_t from = 0;
    for (size_t i = 0; i < d->n; i++) {
        const xc_doc_entry *e = &d->entries[i];
        uint32_t *p = d->positions + from;
        uint32_t np = e->npos;
        int ordered = 1;
        for (uint32_t k = 1; k < np && ordered; k++)
            ordered = p[k - 1] < p[k];
        if (!ordered) {
            qsort(p, np, sizeof *p, by_u32);
            uint32_t w = np ? 1 : 0;
            for (uint32_t k = 1; k < np; k++)
                if (p[k] != p[w - 1])
                    p[w++] = p[k];
            np = w;
        }
        d->sorted[i] = (xc_doc_term){.name = d->names + e->name, .len = e->len, .wdf = e->wdf,
                                     .pos = np ? p : NULL, .npos = np};
        from += e->npos;
    }
    free(start);
    if (d->n && sort_terms(d->sorted, d->n))
        return tr_error_set(err, TR_ENOMEM, "out of memory");
    d->sorted_ok = 1;
    *terms = d->sorted;
    *n = d->n;
    return 0;
}

int xc_doc_terms(const xc_doc *doc, xc_term_fn fn, void *ctx, tr_error *err)
{
    const xc_doc_term *t;
    size_t n;
    /* Reading out changes no term: the cast only lets it keep its sorted copy. */
    int rc = xc_doc_sorted((xc_doc *)doc, &t, &n, err);
    for (size_t i = 0; rc == 0 && i < n; i++)
        if (fn(ctx, t[i].name, t[i].len, t[i].wdf))
            break;
    return rc;
}
