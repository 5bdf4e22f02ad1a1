/* facets: counts over the matching documents, and entity filters (see facets.h). */
#include "facets.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "kn.h"
#include "tr_hash.h"
#include "vn_terms.h"

/* ---- Filters ----------------------------------------------------------------------- */

static xc_query *term(const char *prefix, const char *value, const char *tail, int wildcard,
                      tr_error *err)
{
    char buf[VN_TERM_MAX + 1];
    int n = snprintf(buf, sizeof buf, "%s%s%s", prefix, value, tail ? tail : "");
    if (n <= (int)strlen(prefix) || n > VN_TERM_MAX)
        return xc_query_match_nothing(err); /* no such term can be in the index */
    return wildcard ? xc_query_wildcard(buf, (size_t)n, 0, err)
                    : xc_query_term(buf, (size_t)n, 1, 0, err);
}

static xc_query *either(xc_query *a, xc_query *b, tr_error *err)
{
    xc_query *out = NULL;
    if (a && b) {
        xc_query *subs[2] = {a, b};
        out = xc_query_combine(XC_OP_OR, subs, 2, 0, err);
    }
    xc_query_free(a);
    xc_query_free(b);
    return out;
}

/* An id as the index writes them, typed back by a client. */
static int is_id(const char *s)
{
    if (!*s)
        return 0;
    for (; *s; s++)
        if (!((*s >= 'a' && *s <= 'z') || (*s >= '0' && *s <= '9') || *s == '-' || *s == '.' ||
              *s == '@'))
            return 0;
    return 1;
}

xc_query *se_entity_filter_query(vn_analyzer *a, se_entity_key key, const char *value,
                                 tr_error *err)
{
    char id[VN_TERM_MAX + 1];
    size_t len = strlen(value);
    switch (key) {
    case SE_KEY_PROVINCE:
        /* A province counts under its name before and after 2025 ("da-nang" also finds
         * Quảng Nam, merged into it); a district only under its own id. */
        if (kn_place_resolve(value, len, id, sizeof id) == 2)
            return term(VN_P_PLACE, id, NULL, 0, err);
        return either(term(VN_P_PLACE, id, NULL, 0, err), term(VN_P_PLACE_2025, id, NULL, 0, err),
                      err);
    case SE_KEY_ORG:
        /* The body itself and the same body anywhere: "so-khoa-hoc-va-cong-nghe" finds
         * every province's Sở. */
        if (is_id(value))
            snprintf(id, sizeof id, "%s", value);
        else
            kn_org_key(a, value, len, id, sizeof id);
        return either(term(VN_P_ORG, id, NULL, 0, err), term(VN_P_ORG, id, ".", 1, err), err);
    case SE_KEY_PERSON:
        if (strchr(value, '@') && is_id(value))
            return term(VN_P_PERSON, value, NULL, 0, err);
        kn_slug(value, len, id, sizeof id);
        return either(term(VN_P_PERSON, id, NULL, 0, err), term(VN_P_PERSON, id, "@", 1, err),
                      err);
    case SE_KEY_DOCTYPE:
        kn_doctype_resolve(value, len, id, sizeof id);
        return term(VN_P_DOCTYPE, id, NULL, 0, err);
    default:
        break;
    }
    tr_error_set(err, TR_EINVAL, "unknown filter");
    return NULL;
}

/* ---- Counting ----------------------------------------------------------------------- */

/* Values of one facet and their counts: open addressing on the value. */
typedef struct slot {
    char *value;
    unsigned count;
    xc_docid first;       /* a document that has it, for its label */
    char *label, *detail; /* from VN_SLOT_ENTITIES, when the indexer wrote them */
} slot;

typedef struct counter {
    slot *s;
    size_t n, cap;
    int failed;
} counter;

static int count_add(counter *c, const char *v, size_t len, xc_docid doc, const char *label,
                     size_t llen, const char *detail, size_t dlen)
{
    if (c->failed)
        return 0;
    if (c->n * 2 >= c->cap) {
        size_t cap = c->cap ? c->cap * 2 : 256;
        slot *s = calloc(cap, sizeof *s);
        if (!s) {
            c->failed = 1;
            return 0;
        }
        for (size_t i = 0; i < c->cap; i++)
            if (c->s[i].value) {
                size_t k = tr_fnv32(c->s[i].value, strlen(c->s[i].value)) & (cap - 1);
                while (s[k].value)
                    k = (k + 1) & (cap - 1);
                s[k] = c->s[i];
            }
        free(c->s);
        c->s = s;
        c->cap = cap;
    }
    size_t k = tr_fnv32(v, len) & (c->cap - 1);
    while (c->s[k].value) {
        if (strlen(c->s[k].value) == len && memcmp(c->s[k].value, v, len) == 0) {
            c->s[k].count++;
            return 0;
        }
        k = (k + 1) & (c->cap - 1);
    }
    if (!(c->s[k].value = strndup(v, len))) {
        c->failed = 1;
        return 0;
    }
    c->s[k].count = 1;
    c->s[k].first = doc;
    c->s[k].label = label ? strndup(label, llen) : NULL;
    c->s[k].detail = detail ? strndup(detail, dlen) : NULL;
    c->n++;
    return 0;
}

static void counter_free(counter *c)
{
    for (size_t i = 0; i < c->cap; i++) {
        free(c->s[i].value);
        free(c->s[i].label);
        free(c->s[i].detail);
    }
    free(c->s);
}

enum { F_PROVINCE, F_ORG, F_PERSON, F_DOCTYPE, F_COUNT };

typedef struct tally {
    counter c[F_COUNT];
    xc_docid doc;
} tally;

/* One entity term of a document, with its label and detail when the value gave them. */
static void count_term(tally *ty, const char *t, size_t len, const char *label, size_t llen,
                       const char *detail, size_t dlen)
{
    if (len < 3)
        return;
    const char *v = t + 2;
    size_t vlen = len - 2;
    /* Values start in lower case or a digit; longer prefixes of other modules do not. */
    if (!((v[0] >= 'a' && v[0] <= 'z') || (v[0] >= '0' && v[0] <= '9')))
        return;
    int f = -1;
    if (memcmp(t, VN_P_PLACE, 2) == 0 && !memchr(v, '.', vlen))
        f = F_PROVINCE; /* provinces only; districts bring their province */
    else if (memcmp(t, VN_P_ORG, 2) == 0)
        f = F_ORG;
    else if (memcmp(t, VN_P_PERSON, 2) == 0)
        f = F_PERSON;
    else if (memcmp(t, VN_P_DOCTYPE, 2) == 0)
        f = F_DOCTYPE;
    if (f >= 0)
        count_add(&ty->c[f], v, vlen, ty->doc, label, llen, detail, dlen);
}

static int on_term(void *ctx, const char *t, size_t len, uint64_t wdf)
{
    (void)wdf;
    count_term(ctx, t, len, NULL, 0, NULL, 0);
    return 0;
}

/* VN_SLOT_ENTITIES: "term TAB label [TAB detail]" a line. */
static void count_list(tally *ty, const char *list, size_t len)
{
    for (size_t at = 0; at < len;) {
        const char *line = list + at;
        const char *nl = memchr(line, '\n', len - at);
        size_t n = nl ? (size_t)(nl - line) : len - at;
        const char *f[3] = {line, NULL, NULL};
        size_t fl[3] = {n, 0, 0};
        for (int k = 0; k < 2; k++) {
            const char *tab = memchr(f[k], '\t', fl[k]);
            if (!tab)
                break;
            f[k + 1] = tab + 1;
            fl[k + 1] = fl[k] - (size_t)(tab + 1 - f[k]);
            fl[k] = (size_t)(tab - f[k]);
        }
        count_term(ty, f[0], fl[0], f[1], fl[1], f[2], fl[2]);
        at += n + 1;
    }
}

static int by_count(const void *a, const void *b)
{
    const slot *x = a, *y = b;
    if (x->count != y->count)
        return x->count < y->count ? 1 : -1;
    return strcmp(x->value, y->value);
}

/* The stored _entities of the documents labels come from; a few documents at most. */
typedef struct docs {
    xc_docid id[4 * SE_FACET_TOP];
    json_t *ent[4 * SE_FACET_TOP];
    size_t n;
} docs;

static json_t *entities_of(xc_db *db, docs *d, xc_docid id)
{
    for (size_t i = 0; i < d->n; i++)
        if (d->id[i] == id)
            return d->ent[i];
    char *data = NULL;
    size_t len = 0;
    json_t *rec = xc_db_data(db, id, &data, &len, NULL) ? NULL : json_loadb(data, len, 0, NULL);
    free(data);
    json_t *ent = json_incref(json_object_get(rec, "_entities"));
    json_decref(rec);
    if (d->n < sizeof d->id / sizeof d->id[0]) {
        d->id[d->n] = id;
        d->ent[d->n++] = ent;
        return ent;
    }
    json_decref(ent); /* cannot happen: SE_FACET_TOP values per facet */
    return NULL;
}

static json_t *find_by_id(json_t *list, const char *id)
{
    size_t i;
    json_t *x;
    json_array_foreach(list, i, x) {
        const char *v = json_string_value(json_object_get(x, "id"));
        if (v && strcmp(v, id) == 0)
            return x;
    }
    return NULL;
}

static json_t *facet_list(xc_db *db, docs *dd, counter *c, int which)
{
    json_t *a = json_array();
    if (!a || c->failed)
        return a;
    slot *s = malloc((c->n ? c->n : 1) * sizeof *s);
    if (!s)
        return a;
    size_t n = 0;
    for (size_t i = 0; i < c->cap; i++)
        if (c->s[i].value)
            s[n++] = c->s[i];
    qsort(s, n, sizeof *s, by_count);
    for (size_t i = 0; i < n && i < SE_FACET_TOP; i++) {
        const char *label = s[i].label;
        json_t *org = s[i].detail ? json_string(s[i].detail) : NULL;
        if (label) {
            /* the indexer's label */
        } else if (which == F_PROVINCE) {
            label = kn_place_name(s[i].value);
        } else if (which == F_DOCTYPE) {
            label = kn_doctype_name(s[i].value);
        } else {
            json_t *ent = entities_of(db, dd, s[i].first);
            json_t *x = find_by_id(json_object_get(ent, which == F_ORG ? "organizations"
                                                                       : "officials"),
                                   s[i].value);
            label = json_string_value(json_object_get(x, "name"));
            if (which == F_PERSON) {
                /* The organisation the person's id names, as the document wrote it. */
                const char *at = strchr(s[i].value, '@');
                size_t k;
                json_t *p;
                json_array_foreach(json_object_get(x, "positions"), k, p) {
                    const char *oid = json_string_value(json_object_get(p, "org_id"));
                    if (at && oid && strcmp(oid, at + 1) == 0 && !org)
                        org = json_incref(json_object_get(p, "organization"));
                }
            }
        }
        json_t *v = json_pack("{s:s, s:s?, s:I}", "value", s[i].value, "label", label, "count",
                              (json_int_t)s[i].count);
        if (v && which == F_PERSON)
            json_object_set_new(v, "organization", org ? org : json_null());
        else
            json_decref(org);
        json_array_append_new(a, v);
    }
    free(s);
    return a;
}

typedef struct spied {
    json_t *list;
} spied;

static int on_value(void *ctx, const char *v, size_t len, uint64_t count)
{
    spied *sp = ctx;
    json_t *x = json_pack("{s:s%, s:s%, s:I}", "value", v, len, "label", v, len, "count",
                          (json_int_t)count);
    return x ? json_array_append_new(sp->list, x) : TR_ENOMEM;
}

static int newest_first(const void *a, const void *b)
{
    const char *x = json_string_value(json_object_get(*(json_t *const *)a, "value"));
    const char *y = json_string_value(json_object_get(*(json_t *const *)b, "value"));
    return strcmp(y ? y : "", x ? x : "");
}

static json_t *sorted_years(json_t *years)
{
    size_t n = json_array_size(years);
    json_t **v = malloc((n ? n : 1) * sizeof *v);
    json_t *out = json_array();
    if (v && out) {
        for (size_t i = 0; i < n; i++)
            v[i] = json_array_get(years, i);
        qsort(v, n, sizeof *v, newest_first);
        for (size_t i = 0; i < n; i++)
            json_array_append(out, v[i]);
    }
    free(v);
    json_decref(years);
    return out;
}

int se_facet_spies_attach(se_facet_spies *fs, xc_enquire *e, tr_error *err)
{
    se_facet_spies_free(fs);
    fs->types = xc_spy_new(VN_SLOT_TYPE, err);
    fs->years = fs->types ? xc_spy_new(VN_SLOT_YEAR, err) : NULL;
    if (!fs->years || xc_enquire_clear_spies(e, err) || xc_enquire_add_spy(e, fs->types, err) ||
        xc_enquire_add_spy(e, fs->years, err)) {
        se_facet_spies_free(fs);
        return err && err->code ? err->code : TR_EXAPIAN;
    }
    return 0;
}

void se_facet_spies_free(se_facet_spies *fs)
{
    xc_spy_free(fs->types);
    xc_spy_free(fs->years);
    fs->types = fs->years = NULL;
}

int se_facets_from(xc_db *db, const xc_mset *m, const se_facet_spies *fs, json_t **out,
                   tr_error *err)
{
    *out = NULL;
    xc_spy *types = fs->types, *years = fs->years;
    tally ty;
    memset(&ty, 0, sizeof ty);
    int rc = m && types && years ? 0 : tr_error_set(err, TR_EINVAL, "no run to count facets on");
    /* Schema 2 and later: a document without the entity value has no entities. Before
     * it, the terms themselves must be read, much more slowly (two round trips a
     * document over a remote shard). */
    char *schema = NULL;
    size_t schema_len = 0;
    if (!rc)
        rc = xc_db_metadata(db, VN_SCHEMA_KEY, &schema, &schema_len, err);
    int value_is_complete = schema && schema_len > 0 && atoi(schema) >= 2;
    free(schema);
    for (size_t i = 0; !rc && i < xc_mset_size(m) && i < SE_FACET_DOCS; i++) {
        xc_hit h;
        char *list = NULL;
        size_t len = 0;
        rc = xc_mset_hit(m, i, &h, err);
        ty.doc = h.docid;
        if (!rc)
            rc = xc_mset_value(m, i, VN_SLOT_ENTITIES, &list, &len, err);
        /* The terms as the indexer listed them in a value. */
        int overflow = len == strlen(VN_ENTITIES_OVERFLOW) &&
                       memcmp(list, VN_ENTITIES_OVERFLOW, len) == 0;
        if (!rc && !overflow)
            count_list(&ty, list, len);
        if (!rc && (overflow || (!len && !value_is_complete)))
            rc = xc_db_doc_terms(db, h.docid, "X", 1, on_term, &ty, err);
        free(list);
    }
    spied st = {json_array()}, sy = {json_array()};
    if (!rc)
        rc = xc_spy_top(types, SE_FACET_TOP, on_value, &st, err);
    if (!rc)
        rc = xc_spy_top(years, 20, on_value, &sy, err);
    if (!rc) {
        docs dd = {{0}, {0}, 0};
        *out = json_pack("{s:o, s:o, s:o, s:o, s:o, s:o}", "type", st.list, "year",
                         sorted_years(sy.list), "province",
                         facet_list(db, &dd, &ty.c[F_PROVINCE], F_PROVINCE), "organization",
                         facet_list(db, &dd, &ty.c[F_ORG], F_ORG), "person",
                         facet_list(db, &dd, &ty.c[F_PERSON], F_PERSON), "doc_type",
                         facet_list(db, &dd, &ty.c[F_DOCTYPE], F_DOCTYPE));
        st.list = sy.list = NULL;
        for (size_t i = 0; i < dd.n; i++)
            json_decref(dd.ent[i]);
        if (!*out)
            rc = tr_error_set(err, TR_ENOMEM, "out of memory counting facets");
    }
    json_decref(st.list);
    json_decref(sy.list);
    for (int f = 0; f < F_COUNT; f++)
        counter_free(&ty.c[f]);
    return rc;
}
