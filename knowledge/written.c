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

