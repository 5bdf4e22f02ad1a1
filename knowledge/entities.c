/* entities: kn_extract() runs the rules in order over one document and merges what
 * they found (one entry per person, per document cited, per place); written.c hands
 * the result out (see kn.h). It also loads the word lists once per process. */
#include "kn_int.h"

#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unicode/uchar.h>
#include <unicode/utf8.h>

#include "tr_grow.h"
#include "vn_terms.h"

/* ---- Loading, once ------------------------------------------------------------------ */

extern const unsigned char kn_gazetteer_tsv[];
extern const size_t kn_gazetteer_tsv_len;

static pthread_once_t once = PTHREAD_ONCE_INIT;
static int init_rc;
static tr_error init_err;
static kn_gazetteer gz;

static void init_all(void)
{
    vn_analyzer *a = vn_analyzer_new(&init_err);
    if (!a) {
        init_rc = init_err.code ? init_err.code : TR_ENOMEM;
        return;
    }
    init_rc = kn_gazetteer_build(&gz, a, (const char *)kn_gazetteer_tsv, kn_gazetteer_tsv_len,
                                 &init_err);
    if (!init_rc)
        init_rc = kn_orgs_init(a, &init_err);
    if (!init_rc)
        init_rc = kn_officials_init(a, &init_err);
    if (!init_rc)
        init_rc = kn_decisions_init(a, &init_err);
    vn_analyzer_free(a);
}

int kn_init(tr_error *err)
{
    pthread_once(&once, init_all);
    if (init_rc)
        tr_error_set(err, init_rc, "cannot load the knowledge word lists: %s",
                     init_err.message);
    return init_rc;
}

const kn_gazetteer *kn_gz(void)
{
    return &gz;
}

/* ---- Adding results --------------------------------------------------------------- */

/* "thứ trưởng" -> "Thứ trưởng", "THƯ KÝ" -> "Thư ký": positions are shown as titles. */
static const char *cap_first(kn_arena *ar, const char *s)
{
    int lower = 0;
    for (int32_t k = 0, len = (int32_t)strlen(s); k < len && !lower;) {
        UChar32 ch;
        U8_NEXT(s, k, len, ch);
        lower = ch >= 0 && u_islower(ch);
    }
    if (!lower) {
        char *low = NULL;
        size_t llen = 0;
        if (vn_normalize(s, strlen(s), &low, &llen, NULL) == 0) {
            s = kn_strndup(ar, low, llen); /* case-folded, so lower case */
            free(low);
        }
    }
    int32_t i = 0, n = (int32_t)strlen(s);
    UChar32 c;
    U8_NEXT(s, i, n, c);
    if (c < 0 || !u_islower(c))
        return s;
    UChar32 u = u_toupper(c);
    char *out = kn_alloc(ar, (size_t)n + 4);
    if (!out)
        return s;
    int32_t o = 0;
    UBool bad = 0;
    U8_APPEND(out, o, n + 4, u, bad);
    if (bad)
        return s;
    memcpy(out + o, s + i, (size_t)(n - i) + 1);
    return out;
}

void kn_official_add(kn_doc *d, size_t name_tok, size_t name_len, const char *title,
                     size_t org_index)
{
    kn_entities *e = d->out;
    const char *name = kn_span_text(d, name_tok, name_tok + name_len - 1);
    char slug[VN_TERM_MAX];
    kn_slug(name, strlen(name), slug, sizeof slug);
    if (!slug[0])
        return;
    kn_official *o = NULL;
    for (size_t i = 0; i < e->noff && !o; i++)
        if (strcmp(e->off[i].name_key, slug) == 0)
            o = &e->off[i];
    if (!o) {
        if (kn_grow(&e->ar, (void **)&e->off, &e->capoff, e->noff, sizeof *e->off))
            return;
        o = &e->off[e->noff++];
        memset(o, 0, sizeof *o);
        o->name = name;
        o->name_key = kn_strndup(&e->ar, slug, strlen(slug));
        o->tok = name_tok;
    }
    title = cap_first(&e->ar, title);
    char ts[VN_TERM_MAX], xs[VN_TERM_MAX];
    kn_slug(title, strlen(title), ts, sizeof ts);
    for (size_t i = 0; i < o->npos; i++) {
        kn_slug(o->pos[i].title, strlen(o->pos[i].title), xs, sizeof xs);
        if (strcmp(ts, xs) == 0 && (o->pos[i].org_index == org_index || !org_index))
            return;
        if (strcmp(ts, xs) == 0 && !o->pos[i].org_index) {
            o->pos[i].org_index = org_index;
            return;
        }
    }
    if (kn_grow(&e->ar, (void **)&o->pos, &o->cappos, o->npos, sizeof *o->pos))
        return;
    o->pos[o->npos].title = title;
    o->pos[o->npos].org = NULL;
    o->pos[o->npos++].org_index = org_index;
}

kn_decision *kn_decision_add(kn_doc *d)
{
    kn_entities *e = d->out;
    if (kn_grow(&e->ar, (void **)&e->dec, &e->capdec, e->ndec, sizeof *e->dec))
        return NULL;
    kn_decision *dc = &e->dec[e->ndec++];
    memset(dc, 0, sizeof *dc);
    return dc;
}

void kn_date_add(kn_doc *d, const char *text, const char *date, const char *end)
{
    kn_entities *e = d->out;
    for (size_t i = 0; i < e->ndt; i++)
        if (strcmp(e->dt[i].date, date) == 0 && strcmp(e->dt[i].end, end) == 0)
            return;
    if (kn_grow(&e->ar, (void **)&e->dt, &e->capdt, e->ndt, sizeof *e->dt))
        return;
    kn_datehit *h = &e->dt[e->ndt++];
    h->text = text;
    snprintf(h->date, sizeof h->date, "%s", date);
    snprintf(h->end, sizeof h->end, "%s", end);
}

/* ---- Merging ------------------------------------------------------------------------ */

/* The person's key: the name, and the organisation of the first position that has one,
 * a state body before a party one (a chain often starts with the party post). */
static void key_officials(kn_entities *e)
{
    for (size_t i = 0; i < e->noff; i++) {
        kn_official *o = &e->off[i];
        const kn_org *best = NULL;
        for (size_t k = 0; k < o->npos; k++) {
            kn_position *p = &o->pos[k];
            p->org = p->org_index ? &e->org[p->org_index - 1] : NULL;
            if (p->org && !p->org->key[0])
                p->org = NULL; /* bare, and nothing to resolve it by */
            if (p->org && (!best || (best->party && !p->org->party)))
                best = p->org;
        }
        /* Two mentions of one post ("Giám đốc Sở" twice) are one position. */
        size_t w = 0;
        for (size_t k = 0; k < o->npos; k++) {
            size_t x = 0;
            while (x < w && !(strcmp(o->pos[x].title, o->pos[k].title) == 0 &&
                              (o->pos[x].org == o->pos[k].org ||
                               (o->pos[x].org && o->pos[k].org &&
                                strcmp(o->pos[x].org->key, o->pos[k].org->key) == 0))))
                x++;
            if (x == w)
                o->pos[w++] = o->pos[k];
        }
        o->npos = w;
        if (!best) {
            o->key = o->name_key;
            continue;
        }
        char key[VN_TERM_MAX + 1];
        snprintf(key, sizeof key, "%s@%s", o->name_key, best->key);
        o->key = kn_strndup(&e->ar, key, strlen(key));
    }
}

/* One entry per document cited: a short mention goes into a fuller one of the same
 * serial and type ("Chỉ thị 16" into 16/CT-TTg, "Nghị định 23" into "Nghị định
 * 23/2020"); a number cited twice is one. */
static int fuller(const kn_decision *o, const kn_decision *dc)
{
    if (!dc->shortref || o == dc || !o->key || o->serial != dc->serial || !o->type_code ||
        !dc->type_code || strcmp(o->type_code, dc->type_code) != 0)
        return 0;
    return !o->shortref || strlen(o->number) > strlen(dc->number);
}

static void merge_decisions(kn_entities *e)
{
    size_t w = 0;
    for (size_t i = 0; i < e->ndec; i++) {
        kn_decision *dc = &e->dec[i];
        kn_decision *into = NULL;
        for (size_t k = 0; k < i && !into; k++)
            if (e->dec[k].key && strcmp(e->dec[k].key, dc->key) == 0)
                into = &e->dec[k];
        for (size_t k = 0; k < e->ndec && !into; k++)
            if (fuller(&e->dec[k], dc))
                into = &e->dec[k];
        if (into) {
            if (!into->date[0] || (strlen(into->date) == 4 && strlen(dc->date) == 10))
                memcpy(into->date, dc->date, sizeof into->date);
            dc->key = NULL;
        }
    }
    for (size_t i = 0; i < e->ndec; i++)
        if (e->dec[i].key)
            e->dec[w++] = e->dec[i];
    e->ndec = w;
}

static int cmp_mentions(const void *a, const void *b)
{
    const kn_placehit *x = a, *y = b;
    return (int)y->mentions - (int)x->mentions;
}

kn_reader *kn_reader_new(const kn_text *t, tr_error *err)
{
    if (kn_init(err))
        return NULL;
    kn_reader *r = calloc(1, sizeof *r);
    kn_entities *e = r ? calloc(1, sizeof *e) : NULL;
    if (!e) {
        free(r);
        tr_error_set(err, TR_ENOMEM, "out of memory reading entities");
        return NULL;
    }
    kn_doc *d = &r->d;
    d->ar = &e->ar;
    d->out = e;
    if (t->date && strlen(t->date) == 8) {
        memcpy(d->date, t->date, 9);
        d->year = atoi(t->date) / 10000;
    }
    kn_doc_texts(d, t);
    return r;
}

void kn_reader_free(kn_reader *r)
{
    if (!r)
        return;
    free(r->d.t);
    kn_entities_free(r->d.out);
    free(r);
}

kn_entities *kn_reader_extract(kn_reader *r, tr_error *err)
{
    kn_doc *d = &r->d;
    kn_entities *e = d->out;
    if (!e || e->ar.failed) {
        tr_error_set(err, TR_ENOMEM, "out of memory reading entities");
        return NULL;
    }
    while (r->field < 2)
        kn_reader_field_end(r);
    kn_doc_mark(d);
    kn_decisions_extract(d);
    kn_dates_extract(d);
    kn_officials_extract(d);
    kn_orgs_extract(d);
    kn_places_extract(d);
    kn_orgs_resolve(d);
    key_officials(e);
    merge_decisions(e);
    if (e->npl > 1)
        qsort(e->pl, e->npl, sizeof *e->pl, cmp_mentions);
    if (e->ar.failed) {
        tr_error_set(err, TR_ENOMEM, "out of memory reading entities");
        return NULL;
    }
    d->out = NULL;
    return e;
}

kn_entities *kn_extract(vn_analyzer *a, const kn_text *t, tr_error *err)
{
    kn_reader *r = kn_reader_new(t, err);
    if (!r)
        return NULL;
    int rc = 0;
    for (int f = 0; f < 2 && !rc; f++) {
        rc = vn_analyze(a, r->d.text[f], r->d.len[f], 0, kn_reader_token, r, NULL, err);
        if (rc && r->d.ar->failed)
            tr_error_set(err, TR_ENOMEM, "out of memory reading entities");
        kn_reader_field_end(r);
    }
    kn_entities *e = rc ? NULL : kn_reader_extract(r, err);
    kn_reader_free(r);
    return e;
}

void kn_entities_free(kn_entities *e)
{
    if (!e)
        return;
    for (size_t i = 0; i < e->noff; i++)
        free(e->off[i].pos);
    free(e->off);
    free(e->dec);
    free(e->pl);
    free(e->org);
    free(e->dt);
    kn_arena_free(&e->ar);
    free(e);
}

int kn_entities_empty(const kn_entities *e)
{
    return !e || (!e->noff && !e->ndec && !e->npl && !e->norg && !e->ndt);
}

/* ---- Lookups --------------------------------------------------------------------------- */

int kn_doctype_resolve(const char *text, size_t len, char *out, size_t cap)
{
    if (cap == 0)
        return 0;
    const char *slug = NULL;
    if (!kn_init(NULL) && kn_doctype_lookup(text, len, NULL, &slug, NULL)) {
        snprintf(out, cap, "%s", slug);
        return 1;
    }
    kn_slug(text, len, out, cap);
    return 0;
}

const char *kn_doctype_name(const char *slug)
{
    const char *name = NULL;
    if (kn_init(NULL) || !kn_doctype_lookup(slug, strlen(slug), NULL, NULL, &name))
        return NULL;
    return name;
}

const char *kn_doctype_code(const char *slug)
{
    const char *code = NULL;
    if (kn_init(NULL) || !kn_doctype_lookup(slug, strlen(slug), &code, NULL, NULL))
        return NULL;
    return code;
}

int kn_org_key(vn_analyzer *a, const char *text, size_t len, char *out, size_t cap)
{
    if (cap == 0)
        return 0;
    kn_text t = {NULL, 0, text, len, NULL};
    kn_entities *e = kn_extract(a, &t, NULL);
    const kn_org *first = NULL;
    for (size_t i = 0; e && i < e->norg; i++)
        if (e->org[i].key[0] && (!first || e->org[i].tok < first->tok))
            first = &e->org[i];
    if (first)
        snprintf(out, cap, "%s", first->key);
    else
        kn_slug(text, len, out, cap);
    kn_entities_free(e);
    return first != NULL;
}

size_t kn_number_key(const char *number, size_t len, char *out, size_t cap)
{
    char *f = NULL;
    size_t flen = 0;
    if (cap == 0 || vn_fold(number, len, &f, &flen, NULL))
        return 0;
    size_t n = 0;
    for (size_t i = 0; i < flen && n + 1 < cap; i++)
        if (f[i] != ' ' && f[i] != '\t')
            out[n++] = f[i];
    out[n] = '\0';
    free(f);
    return n;
}
