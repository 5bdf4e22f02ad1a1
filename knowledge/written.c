/* written: the entities kn_extract() found, written out as the index needs them: as
 * index terms (kn_entities_terms), as facet labels (kn_entities_labels) and as the
 * "_entities" JSON object stored with the document (kn_entities_json); see kn.h. */
#include "kn_int.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "tr_grow.h"
#include "vn_terms.h"

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

/* One entity as JSON, the i-th of its kind; NULL leaves it out. */
typedef json_t *(*entity_json_fn)(const kn_entities *e, size_t i);

static json_t *array_of(const kn_entities *e, size_t n, entity_json_fn one)
{
    json_t *a = json_array();
    for (size_t i = 0; a && i < n; i++) {
        json_t *j = one(e, i);
        if (j)
            json_array_append_new(a, j);
    }
    return a;
}

static json_t *official_json(const kn_entities *e, size_t i)
{
    const kn_official *o = &e->off[i];
    json_t *ps = json_array();
    for (size_t k = 0; ps && k < o->npos; k++) {
        const kn_position *p = &o->pos[k];
        json_array_append_new(ps, json_pack("{s:o, s:o, s:o}", "position", str_or_null(p->title),
                                            "organization",
                                            str_or_null(p->org ? p->org->label : NULL), "org_id",
                                            str_or_null(p->org ? p->org->key : NULL)));
    }
    return json_pack("{s:o, s:o, s:o?}", "id", str_or_null(o->key), "name", str_or_null(o->name),
                     "positions", ps);
}

static json_t *decision_json(const kn_entities *e, size_t i)
{
    const kn_decision *dc = &e->dec[i];
    return json_pack("{s:o, s:o, s:o, s:o, s:o, s:o, s:o}", "id", str_or_null(dc->key),
                     "number", str_or_null(dc->number), "type", str_or_null(dc->type_name),
                     "type_code", str_or_null(dc->type_code), "issuer",
                     str_or_null(dc->issuer), "date", str_or_null(dc->date), "sentence",
                     str_or_null(dc->sentence));
}

static json_t *place_json(const kn_entities *e, size_t i)
{
    const kn_place *p = e->pl[i].p;
    return json_pack("{s:o, s:o, s:s, s:o, s:o}", "id", str_or_null(p->id), "name",
                     str_or_null(p->name), "kind", p->province ? "province" : "district",
                     "province", str_or_null(p->parent->id), "province_2025",
                     str_or_null(p->new_id));
}

/* An organisation once, under the first mention of its key; none without a key. */
static json_t *org_json(const kn_entities *e, size_t i)
{
    const kn_org *o = &e->org[i];
    if (!o->key[0])
        return NULL;
    for (size_t k = 0; k < i; k++)
        if (strcmp(e->org[k].key, o->key) == 0)
            return NULL;
    return json_pack("{s:o, s:o}", "id", str_or_null(o->key), "name", str_or_null(o->label));
}

static json_t *date_json(const kn_entities *e, size_t i)
{
    const kn_datehit *d = &e->dt[i];
    return json_pack("{s:o, s:o, s:o}", "text", str_or_null(d->text), "date",
                     str_or_null(d->date), "end", str_or_null(d->end));
}

json_t *kn_entities_json(const kn_entities *e)
{
    json_t *o = json_object();
    json_t *parts[] = {array_of(e, e->noff, official_json), array_of(e, e->ndec, decision_json),
                       array_of(e, e->npl, place_json), array_of(e, e->norg, org_json),
                       array_of(e, e->ndt, date_json)};
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

