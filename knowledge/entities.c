/* entities: kn_extract() runs the rules in order over one document, merges what they
 * found (one entry per person, per document cited, per place), and hands the result out
 * as index terms and as the "_entities" JSON object (see kn.h). It also loads the word
 * lists once per process. */
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

kn_entities *kn_extract(vn_analyzer *a, const kn_text *t, tr_error *err)
{
    if (kn_init(err))
        return NULL;
    kn_entities *e = calloc(1, sizeof *e);
    if (!e) {
        tr_error_set(err, TR_ENOMEM, "out of memory reading entities");
        return NULL;
    }
    kn_doc d;
    memset(&d, 0, sizeof d);
    d.ar = &e->ar;
    d.out = e;
    if (t->date && strlen(t->date) == 8) {
        memcpy(d.date, t->date, 9);
        d.year = atoi(t->date) / 10000;
    }
    int rc = kn_doc_tokenize(&d, a, t, err);
    if (!rc) {
        kn_decisions_extract(&d);
        kn_dates_extract(&d);
        kn_officials_extract(&d);
        kn_orgs_extract(&d);
        kn_places_extract(&d);
        kn_orgs_resolve(&d);
        key_officials(e);
        merge_decisions(e);
        if (e->npl > 1)
            qsort(e->pl, e->npl, sizeof *e->pl, cmp_mentions);
    }
    free(d.t);
    if (!rc && e->ar.failed)
        rc = tr_error_set(err, TR_ENOMEM, "out of memory reading entities");
    if (rc) {
        kn_entities_free(e);
        return NULL;
    }
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

/* ---- Terms ------------------------------------------------------------------------- */

typedef struct termset {
    char **t;
    size_t n, cap;
    int failed;
} termset;

static void term_add(termset *s, const char *prefix, const char *value)
{
    if (!value || !*value || s->failed)
        return;
    char buf[VN_TERM_MAX + 1];
    int n = snprintf(buf, sizeof buf, "%s%s", prefix, value);
    if (n > VN_TERM_MAX) {
        /* Too long for the index: cut at a word so the term still reads. */
        n = VN_TERM_MAX;
        while (n > (int)strlen(prefix) && buf[n] != '-' && buf[n] != '.')
            n--;
        buf[n] = '\0';
    }
    char **t = tr_grow(s->t, s->n + 1, &s->cap, sizeof *s->t, 32);
    if (!t) {
        s->failed = 1;
        return;
    }
    s->t = t;
    if (!(s->t[s->n] = strdup(buf))) {
        s->failed = 1;
        return;
    }
    s->n++;
}

static int cmp_str(const void *a, const void *b)
{
    return strcmp(*(char *const *)a, *(char *const *)b);
}

int kn_entities_terms(const kn_entities *e, kn_term_fn fn, void *ctx)
{
    termset s = {0};
    for (size_t i = 0; i < e->noff; i++)
        term_add(&s, VN_P_PERSON, e->off[i].key);
    for (size_t i = 0; i < e->norg; i++)
        term_add(&s, VN_P_ORG, e->org[i].key);
    for (size_t i = 0; i < e->npl; i++) {
        term_add(&s, VN_P_PLACE, e->pl[i].p->id);
        term_add(&s, VN_P_PLACE_2025, e->pl[i].p->new_id);
    }
    for (size_t i = 0; i < e->ndec; i++) {
        term_add(&s, VN_P_DECISION, e->dec[i].key);
        term_add(&s, VN_P_DOCTYPE, e->dec[i].type_slug);
    }
    int rc = s.failed ? TR_ENOMEM : 0;
    if (!rc && s.n > 1)
        qsort(s.t, s.n, sizeof *s.t, cmp_str);
    for (size_t i = 0; i < s.n && !rc; i++)
        if (i == 0 || strcmp(s.t[i], s.t[i - 1]) != 0)
            rc = fn(ctx, s.t[i], strlen(s.t[i]));
    for (size_t i = 0; i < s.n; i++)
        free(s.t[i]);
    free(s.t);
    return rc;
}

/* Each term once: the terms handed out so far. */
typedef struct labels {
    kn_label_fn fn;
    void *ctx;
    char **seen;
    size_t n, cap;
} labels;

static int emit(labels *l, const char *prefix, const char *value, const char *text,
                const char *detail)
{
    char term[VN_TERM_MAX + 1];
    if (!value || !*value || !text || !*text)
        return 0;
    snprintf(term, sizeof term, "%s%s", prefix, value);
    for (size_t i = 0; i < l->n; i++)
        if (strcmp(l->seen[i], term) == 0)
            return 0;
    if (l->n == l->cap || !(l->seen[l->n] = strdup(term)))
        return TR_ENOMEM;
    l->n++;
    return l->fn(l->ctx, term, text, detail);
}

int kn_entities_labels(const kn_entities *e, kn_label_fn fn, void *ctx)
{
    labels l = {fn, ctx, NULL, 0, e->noff + e->norg + e->npl + e->ndec};
    if (l.cap && !(l.seen = calloc(l.cap, sizeof *l.seen)))
        return TR_ENOMEM;
    int rc = 0;
    for (size_t i = 0; !rc && i < e->noff; i++) {
        const kn_official *o = &e->off[i];
        const char *at = strchr(o->key, '@'), *org = NULL;
        for (size_t p = 0; at && !org && p < o->npos; p++)
            if (o->pos[p].org && strcmp(o->pos[p].org->key, at + 1) == 0)
                org = o->pos[p].org->label;
        rc = emit(&l, VN_P_PERSON, o->key, o->name, org);
    }
    for (size_t i = 0; !rc && i < e->norg; i++)
        rc = emit(&l, VN_P_ORG, e->org[i].key, e->org[i].label, NULL);
    for (size_t i = 0; !rc && i < e->npl; i++)
        rc = emit(&l, VN_P_PLACE, e->pl[i].p->id, e->pl[i].p->name, NULL);
    for (size_t i = 0; !rc && i < e->ndec; i++)
        rc = emit(&l, VN_P_DOCTYPE, e->dec[i].type_slug, e->dec[i].type_name, NULL);
    for (size_t i = 0; i < l.n; i++)
        free(l.seen[i]);
    free(l.seen);
    return rc;
}

/* ---- JSON --------------------------------------------------------------------------- */

static json_t *str_or_null(const char *s)
{
    json_t *v = s && *s ? json_string(s) : NULL;
    return v ? v : json_null();
}

static int set(json_t *o, const char *key, json_t *v)
{
    return json_object_set_new(o, key, v ? v : json_null());
}

static json_t *officials_json(const kn_entities *e)
{
    json_t *a = json_array();
    for (size_t i = 0; a && i < e->noff; i++) {
        const kn_official *o = &e->off[i];
        json_t *j = json_object(), *ps = json_array();
        for (size_t k = 0; j && ps && k < o->npos; k++) {
            const kn_position *p = &o->pos[k];
            json_t *pj = json_object();
            set(pj, "position", str_or_null(p->title));
            set(pj, "organization", str_or_null(p->org ? p->org->label : NULL));
            set(pj, "org_id", str_or_null(p->org ? p->org->key : NULL));
            json_array_append_new(ps, pj);
        }
        set(j, "id", str_or_null(o->key));
        set(j, "name", str_or_null(o->name));
        set(j, "positions", ps);
        json_array_append_new(a, j);
    }
    return a;
}

static json_t *decisions_json(const kn_entities *e)
{
    json_t *a = json_array();
    for (size_t i = 0; a && i < e->ndec; i++) {
        const kn_decision *dc = &e->dec[i];
        json_t *j = json_object();
        set(j, "id", str_or_null(dc->key));
        set(j, "number", str_or_null(dc->number));
        set(j, "type", str_or_null(dc->type_name));
        set(j, "type_code", str_or_null(dc->type_code));
        set(j, "issuer", str_or_null(dc->issuer));
        set(j, "date", str_or_null(dc->date));
        set(j, "sentence", str_or_null(dc->sentence));
        json_array_append_new(a, j);
    }
    return a;
}

static json_t *places_json(const kn_entities *e)
{
    json_t *a = json_array();
    for (size_t i = 0; a && i < e->npl; i++) {
        const kn_place *p = e->pl[i].p;
        json_t *j = json_object();
        set(j, "id", str_or_null(p->id));
        set(j, "name", str_or_null(p->name));
        set(j, "kind", json_string(p->province ? "province" : "district"));
        set(j, "province", str_or_null(p->parent->id));
        set(j, "province_2025", str_or_null(p->new_id));
        json_array_append_new(a, j);
    }
    return a;
}

static json_t *orgs_json(const kn_entities *e)
{
    json_t *a = json_array();
    for (size_t i = 0; a && i < e->norg; i++) {
        const kn_org *o = &e->org[i];
        if (!o->key[0])
            continue;
        size_t k = 0;
        while (k < i && strcmp(e->org[k].key, o->key) != 0)
            k++;
        if (k < i)
            continue;
        json_t *j = json_object();
        set(j, "id", str_or_null(o->key));
        set(j, "name", str_or_null(o->label));
        json_array_append_new(a, j);
    }
    return a;
}

static json_t *dates_json(const kn_entities *e)
{
    json_t *a = json_array();
    for (size_t i = 0; a && i < e->ndt; i++) {
        json_t *j = json_object();
        set(j, "text", str_or_null(e->dt[i].text));
        set(j, "date", str_or_null(e->dt[i].date));
        set(j, "end", str_or_null(e->dt[i].end));
        json_array_append_new(a, j);
    }
    return a;
}

json_t *kn_entities_json(const kn_entities *e)
{
    json_t *o = json_object();
    json_t *parts[] = {officials_json(e), decisions_json(e), places_json(e), orgs_json(e),
                       dates_json(e)};
    static const char *const names[] = {"officials", "decisions", "places", "organizations",
                                        "dates"};
    if (e->inferred[0] && json_object_set_new(o, "date", json_string(e->inferred))) {
        json_decref(o);
        o = NULL;
    }
    int ok = o != NULL;
    for (size_t i = 0; i < 5; i++) {
        if (!parts[i] || !o) {
            json_decref(parts[i]);
            ok = 0;
            continue;
        }
        if (json_array_size(parts[i]) == 0)
            json_decref(parts[i]);
        else if (json_object_set_new(o, names[i], parts[i]))
            ok = 0;
    }
    if (!ok) {
        json_decref(o);
        return NULL;
    }
    return o;
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
