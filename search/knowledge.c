/* knowledge: officials read back from the index, and what the decisions share with
 * them (see knowledge.h, knowledge_int.h). */
#include "engine.h"
#include "knowledge_int.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "kn.h"
#include "tr_grow.h"
#include "vn_terms.h"

/* ---- Parameters ------------------------------------------------------------------------ */

static int parse_limit(const char *s, unsigned *out, tr_error *err)
{
    *out = SE_KNOW_LIMIT_DEFAULT;
    if (!s || !*s)
        return 0;
    char *end;
    errno = 0;
    unsigned long v = strtoul(s, &end, 10);
    if (*end || errno || v == 0 || v > SE_KNOW_LIMIT_MAX || s[0] == '-' || s[0] == '+')
        return tr_error_set(err, TR_EINVAL, "limit must be a whole number from 1 to %d",
                            SE_KNOW_LIMIT_MAX);
    *out = (unsigned)v;
    return 0;
}

int se_know_list_check(const se_know_list *l, unsigned *limit, tr_error *err)
{
    if (l->qlen > SE_QUERY_MAX_BYTES)
        return tr_error_set(err, TR_ELIMIT, "the query is too long (at most %d bytes)",
                            SE_QUERY_MAX_BYTES);
    if (l->q && !vn_utf8_valid(l->q, l->qlen))
        return tr_error_set(err, TR_EINVAL, "the query is not valid UTF-8");
    return parse_limit(l->limit, limit, err);
}

/* Splits `s` into runs of the characters `keep` accepts (at most MAX_WORDS). */
void se_know_split(const char *s, size_t len, int (*keep)(unsigned char), se_know_words *out)
{
    out->n = 0;
    size_t i = 0;
    while (i < len && out->n < MAX_WORDS) {
        while (i < len && !keep((unsigned char)s[i]))
            i++;
        size_t b = i;
        while (i < len && keep((unsigned char)s[i]))
            i++;
        if (i > b && i - b < WORD_MAX) {
            memcpy(out->w[out->n], s + b, i - b);
            out->w[out->n++][i - b] = '\0';
        }
    }
}

int se_know_alnum(unsigned char c)
{
    return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9');
}

int se_know_not_space(unsigned char c)
{
    return c != ' ' && c != '\t' && c != '\n' && c != '\r';
}

/* Folded words of the query ("Nguyễn Phi Thạnh" -> nguyen, phi, thanh). */
int se_know_folded(const char *q, size_t qlen, se_know_words *out, tr_error *err)
{
    out->n = 0;
    if (!q || !qlen)
        return 0;
    char *f = NULL;
    size_t flen = 0;
    int rc = vn_fold(q, qlen, &f, &flen, err);
    if (rc)
        return rc;
    se_know_split(f, flen, se_know_alnum, out);
    free(f);
    return 0;
}

int se_know_has_word(const se_know_words *ws, const char *w)
{
    for (size_t i = 0; i < ws->n; i++)
        if (strcmp(ws->w[i], w) == 0)
            return 1;
    return 0;
}

int se_know_cands_add(se_know_cands *l, const char *id, size_t len, uint64_t tf,
                      int name_words)
{
    se_know_cand *c = tr_grow(l->c, l->n + 1, &l->cap, sizeof *l->c, 64);
    char *copy = c ? strndup(id, len) : NULL;
    if (c)
        l->c = c;
    if (!copy) {
        l->failed = 1;
        return 1;
    }
    l->c[l->n++] = (se_know_cand){copy, tf, name_words};
    return 0;
}

void se_know_cands_clear(se_know_cands *l)
{
    for (size_t i = 0; i < l->n; i++)
        free(l->c[i].id);
    free(l->c);
    memset(l, 0, sizeof *l);
}

/* ---- Reading stored entities --------------------------------------------------------------- */

json_t *se_know_entity(json_t *rec, const char *kind, const char *id)
{
    size_t i;
    json_t *x;
    json_array_foreach(json_object_get(json_object_get(rec, "_entities"), kind), i, x) {
        const char *v = json_string_value(json_object_get(x, "id"));
        if (v && strcmp(v, id) == 0)
            return x;
    }
    return NULL;
}

const char *se_know_str(json_t *o, const char *key)
{
    return json_string_value(json_object_get(o, key));
}

/* The document's date; for one given without, the date its text gives first (kn.h). */
json_t *se_know_date(json_t *rec)
{
    json_t *d = json_object_get(rec, "date");
    return json_is_string(d) ? d : json_object_get(json_object_get(rec, "_entities"), "date");
}

json_t *se_know_doc(json_t *rec, const char *key, json_t *value)
{
    return json_pack("{s:O?, s:O?, s:O?, s:O?, s:o?}", "id", json_object_get(rec, "id"),
                     "title", json_object_get(rec, "title"), "date", se_know_date(rec),
                     "type", json_object_get(rec, "type"), key, value);
}

int se_know_answer(const se_know_list *l, int rc, size_t total, const char *name,
                   json_t *list, json_t **out, tr_error *err)
{
    if (!rc && list)
        *out = json_pack("{s:s%, s:I, s:o}", "query", l->q ? l->q : "", l->q ? l->qlen : 0,
                         "total", (json_int_t)total, name, list);
    else
        json_decref(list);
    if (!rc && !*out)
        rc = tr_error_set(err, TR_ENOMEM, "out of memory");
    return rc;
}

int se_know_count(xc_db *db, se_view v, const char *prefix, const char *value, uint64_t *tf,
                  tr_error *err)
{
    char term[VN_TERM_MAX + 8];
    snprintf(term, sizeof term, "%s%s", prefix, value);
    return se_view_termfreq(db, v, term, strlen(term), tf, err);
}

/* Documents holding any of `terms` (prefix + value), newest first. */
xc_mset *se_know_newest(xc_db *db, se_view v, const char *prefix, char *const *values,
                        size_t n, uint32_t max, tr_error *err)
{
    xc_query **subs = calloc(n ? n : 1, sizeof *subs);
    if (!subs) {
        tr_error_set(err, TR_ENOMEM, "out of memory");
        return NULL;
    }
    int ok = 1;
    for (size_t i = 0; i < n && ok; i++) {
        char t[VN_TERM_MAX + 8];
        int len = snprintf(t, sizeof t, "%s%s", prefix, values[i]);
        ok = len > 0 && (size_t)len < sizeof t &&
             (subs[i] = xc_query_term(t, (size_t)len, 1, 0, err)) != NULL;
    }
    xc_query *q = ok ? se_view_apply(v, xc_query_combine(XC_OP_OR, subs, n, 0, err), err) : NULL;
    for (size_t i = 0; i < n; i++)
        xc_query_free(subs[i]);
    free(subs);
    xc_enquire *e = q ? xc_enquire_new(db, err) : NULL;
    xc_mset *m = NULL;
    if (e && !xc_enquire_set_query(e, q, err) &&
        !xc_enquire_set_sort(e, XC_SORT_VALUE_THEN_RELEVANCE, VN_SLOT_DATE, 1, err))
        m = xc_enquire_run(e, 0, max, 0, err);
    xc_enquire_free(e);
    xc_query_free(q);
    return m;
}

/* ---- Officials ------------------------------------------------------------------------------ */

/* One position over time. */
typedef struct held {
    char *position, *organization;
    char from[11], to[11];
    unsigned documents;
    size_t order; /* first seen, newest document first: ties keep it */
} held;

typedef struct person {
    char **ids;
    size_t nids;
    uint64_t documents;
    int name_words; /* query words found in the name */
    int exact;      /* the name is spelt as typed, marks and all */
    json_t *out;
} person;

static int is_id(const person *p, const char *id)
{
    for (size_t i = 0; i < p->nids; i++)
        if (strcmp(p->ids[i], id) == 0)
            return 1;
    return 0;
}

static void note_held(held **h, size_t *n, const char *pos, const char *org, const char *date)
{
    pos = pos ? pos : "";
    org = org ? org : "";
    size_t i = 0;
    while (i < *n &&
           !(strcmp((*h)[i].position, pos) == 0 && strcmp((*h)[i].organization, org) == 0))
        i++;
    if (i == *n) {
        held *nh = realloc(*h, (*n + 1) * sizeof *nh);
        if (!nh)
            return;
        *h = nh;
        memset(&nh[i], 0, sizeof nh[i]);
        nh[i].order = i;
        nh[i].position = strdup(pos);
        nh[i].organization = strdup(org);
        if (!nh[i].position || !nh[i].organization) {
            free(nh[i].position);
            free(nh[i].organization);
            return;
        }
        (*n)++;
    }
    held *x = &(*h)[i];
    x->documents++;
    if (date && strlen(date) >= 4) {
        if (!x->from[0] || strcmp(date, x->from) < 0)
            snprintf(x->from, sizeof x->from, "%s", date);
        if (strcmp(date, x->to) > 0)
            snprintf(x->to, sizeof x->to, "%s", date);
    }
}

static int latest_first(const void *a, const void *b)
{
    const held *x = a, *y = b;
    int c = strcmp(y->to, x->to);
    if (c)
        return c;
    if (x->documents != y->documents)
        return x->documents < y->documents ? 1 : -1;
    return x->order < y->order ? -1 : x->order > y->order;
}

static json_t *held_json(held *h, size_t n)
{
    if (n > 1)
        qsort(h, n, sizeof *h, latest_first);
    json_t *a = json_array();
    for (size_t i = 0; a && i < n; i++)
        json_array_append_new(
            a, json_pack("{s:s, s:s?, s:s?, s:s?, s:I}", "position", h[i].position,
                         "organization", h[i].organization[0] ? h[i].organization : NULL,
                         "from", h[i].from[0] ? h[i].from : NULL, "to",
                         h[i].to[0] ? h[i].to : NULL, "documents", (json_int_t)h[i].documents));
    for (size_t i = 0; i < n; i++) {
        free(h[i].position);
        free(h[i].organization);
    }
    free(h);
    return a;
}

/* Whether the display name holds every marked word of the query as typed. */
static int spelt_as_typed(const char *name, const se_know_words *typed)
{
    int marked = 0;
    char *nn = NULL;
    size_t nlen = 0;
    if (vn_normalize(name, strlen(name), &nn, &nlen, NULL))
        return 0;
    se_know_words nw;
    se_know_split(nn, nlen, se_know_not_space, &nw);
    free(nn);
    for (size_t i = 0; i < typed->n; i++) {
        if (!vn_has_marks(typed->w[i], strlen(typed->w[i])))
            continue;
        marked = 1;
        if (!se_know_has_word(&nw, typed->w[i]))
            return 0;
    }
    return marked;
}

/* Reads a person's documents: name, organisation, positions over time, and the
 * documents themselves when `docs` is set. */
static json_t *read_person(xc_db *db, se_view view, person *p, uint32_t max, int docs,
                           const se_know_words *typed, tr_error *err)
{
    xc_mset *m = se_know_newest(db, view, VN_P_PERSON, p->ids, p->nids, max, err);
    if (!m)
        return NULL;
    held *h = NULL;
    size_t nh = 0;
    json_t *list = docs ? json_array() : NULL;
    json_t *names = json_object();
    const char *org_label = NULL;
    json_t *keep = json_array(); /* keeps the records org_label points into */
    for (size_t i = 0; i < xc_mset_size(m); i++) {
        json_t *rec = se_mset_record(m, i, NULL);
        if (!rec)
            continue;
        const char *date = json_string_value(se_know_date(rec));
        json_t *mine = json_array();
        size_t k;
        json_t *o;
        json_array_foreach(json_object_get(json_object_get(rec, "_entities"), "officials"), k, o) {
            const char *id = se_know_str(o, "id");
            if (!id || !is_id(p, id))
                continue;
            const char *name = se_know_str(o, "name");
            if (name) {
                json_int_t seen = json_integer_value(json_object_get(names, name));
                json_object_set_new(names, name, json_integer(seen + 1));
            }
            size_t j;
            json_t *pos;
            json_array_foreach(json_object_get(o, "positions"), j, pos) {
                note_held(&h, &nh, se_know_str(pos, "position"),
                          se_know_str(pos, "organization"), date);
                const char *at = strchr(id, '@');
                const char *oid = se_know_str(pos, "org_id");
                if (!org_label && at && oid && strcmp(oid, at + 1) == 0)
                    org_label = se_know_str(pos, "organization");
                json_array_append_new(mine, json_pack("{s:O?, s:O?}", "position",
                                                      json_object_get(pos, "position"),
                                                      "organization",
                                                      json_object_get(pos, "organization")));
            }
        }
        if (list)
            json_array_append_new(list, se_know_doc(rec, "positions", mine));
        else
            json_decref(mine);
        json_array_append_new(keep, rec);
    }
    /* The name as most documents spell it. */
    const char *best = NULL;
    json_int_t top = 0;
    const char *key;
    json_t *v;
    json_object_foreach(names, key, v) {
        if (json_integer_value(v) > top) {
            top = json_integer_value(v);
            best = key;
        }
    }
    p->exact = best && spelt_as_typed(best, typed);
    json_t *out = json_pack("{s:s, s:o, s:s?, s:s?, s:I, s:o}", "id", p->ids[0], "ids",
                            json_array(), "name", best, "organization", org_label,
                            "documents", (json_int_t)p->documents, "positions",
                            held_json(h, nh));
    for (size_t i = 0; out && i < p->nids; i++)
        json_array_append_new(json_object_get(out, "ids"), json_string(p->ids[i]));
    if (out && list) {
        json_object_set_new(out, "total", json_integer((json_int_t)xc_mset_estimated(m)));
        json_object_set_new(out, "documents", list);
        list = NULL;
    }
    json_decref(list);
    json_decref(names);
    json_decref(keep);
    xc_mset_free(m);
    if (!out)
        tr_error_set(err, TR_ENOMEM, "out of memory");
    return out;
}

typedef struct scan {
    const se_know_words *q;
    se_know_cands found;
} scan;

/* Every word of the query in the id's name or organisation. */
static int on_person(void *ctx, const char *term, size_t len, uint64_t tf)
{
    scan *s = ctx;
    const char *id = term + strlen(VN_P_PERSON);
    size_t idlen = len - strlen(VN_P_PERSON);
    const char *at = memchr(id, '@', idlen);
    se_know_words name, all;
    se_know_split(id, at ? (size_t)(at - id) : idlen, se_know_alnum, &name);
    se_know_split(id, idlen, se_know_alnum, &all);
    int in_name = 0;
    for (size_t i = 0; i < s->q->n; i++) {
        if (!se_know_has_word(&all, s->q->w[i]))
            return 0;
        in_name += se_know_has_word(&name, s->q->w[i]);
    }
    return se_know_cands_add(&s->found, id, idlen, tf, in_name);
}

static size_t name_len(const char *id)
{
    const char *at = strchr(id, '@');
    return at ? (size_t)(at - id) : strlen(id);
}

static int by_name(const void *a, const void *b)
{
    const se_know_cand *x = a, *y = b;
    size_t lx = name_len(x->id), ly = name_len(y->id);
    int c = strncmp(x->id, y->id, lx < ly ? lx : ly);
    if (c || lx != ly)
        return c ? c : (lx < ly ? -1 : 1);
    return (int)(strchr(y->id, '@') != NULL) - (int)(strchr(x->id, '@') != NULL);
}

static int by_rank(const void *a, const void *b)
{
    const person *x = a, *y = b;
    if (x->exact != y->exact)
        return y->exact - x->exact;
    if (x->name_words != y->name_words)
        return y->name_words - x->name_words;
    return x->documents < y->documents ? 1 : x->documents > y->documents ? -1 : 0;
}

/* People from the candidates: a name's mentions without organisation join the one
 * organisation that name has, when it has exactly one. */
static person *group(se_know_cand *c, size_t n, size_t *np)
{
    person *p = calloc(n ? n : 1, sizeof *p);
    *np = 0;
    if (!p)
        return NULL;
    if (n > 1)
        qsort(c, n, sizeof *c, by_name);
    for (size_t i = 0; i < n;) {
        size_t j = i, with_org = 0;
        while (j < n && name_len(c[j].id) == name_len(c[i].id) &&
               strncmp(c[j].id, c[i].id, name_len(c[i].id)) == 0) {
            with_org += strchr(c[j].id, '@') != NULL;
            j++;
        }
        int merge = with_org == 1;
        for (size_t k = i; k < j; k++) {
            int bare = strchr(c[k].id, '@') == NULL;
            person *to = merge && bare && *np > 0 ? &p[*np - 1] : NULL;
            if (merge && bare && k == i) /* the org one sorts first; this is not reached */
                to = NULL;
            if (!to) {
                to = &p[(*np)++];
                to->ids = calloc(j - i, sizeof *to->ids);
                if (!to->ids)
                    return p;
            }
            to->ids[to->nids++] = c[k].id;
            c[k].id = NULL;
            to->documents += c[k].tf;
            if (c[k].name_words > to->name_words)
                to->name_words = c[k].name_words;
        }
        i = j;
    }
    return p;
}

static void persons_free(person *p, size_t n)
{
    for (size_t i = 0; p && i < n; i++) {
        for (size_t k = 0; k < p[i].nids; k++)
            free(p[i].ids[k]);
        free(p[i].ids);
        json_decref(p[i].out);
    }
    free(p);
}

static int officials_request(se_engine *e, const void *in, json_t **out, tr_error *err)
{
    const se_know_list *l = in;
    const char *q = l->q;
    size_t qlen = l->qlen;
    se_view v = l->view;
    *out = NULL;
    unsigned lim;
    se_know_words qw, typed;
    int rc = se_know_list_check(l, &lim, err);
    if (!rc)
        rc = se_know_folded(q, qlen, &qw, err);
    typed.n = 0;
    if (!rc && q && qlen) {
        char *nq = NULL;
        size_t nlen = 0;
        rc = vn_normalize(q, qlen, &nq, &nlen, err);
        if (!rc)
            se_know_split(nq, nlen, se_know_not_space, &typed);
        free(nq);
    }
    if (rc)
        return rc;
    xc_db *db = se_pool_get(e->pool, err);
    if (!db)
        return err && err->code ? err->code : TR_EXAPIAN;
    scan s = {.q = &qw};
    rc = se_view_allterms(db, v, VN_P_PERSON, strlen(VN_P_PERSON), on_person, &s, err);
    if (!rc && s.found.failed)
        rc = tr_error_set(err, TR_ENOMEM, "out of memory");
    size_t np = 0;
    person *p = rc ? NULL : group(s.found.c, s.found.n, &np);
    if (!rc && !p)
        rc = tr_error_set(err, TR_ENOMEM, "out of memory");
    if (!rc && np > 1)
        qsort(p, np, sizeof *p, by_rank);
    /* Names typed with their marks put the people so spelt first: read a few more
     * than asked, then rank again. */
    size_t read = np < 2 * (size_t)lim ? np : 2 * (size_t)lim;
    for (size_t i = 0; !rc && i < read; i++)
        if (!(p[i].out = read_person(db, v, &p[i], SE_KNOW_DOCS, 0, &typed, err)))
            rc = err && err->code ? err->code : TR_ENOMEM;
    if (!rc && read > 1)
        qsort(p, read, sizeof *p, by_rank);
    json_t *list = json_array();
    for (size_t i = 0; !rc && list && i < read && i < lim; i++)
        json_array_append(list, p[i].out);
    persons_free(p, np);
    se_know_cands_clear(&s.found);
    se_pool_put(e->pool, db, rc != 0 && rc != TR_EINVAL);
    return se_know_answer(l, rc, np, "officials", list, out, err);
}

int se_officials(se_engine *e, se_view v, const char *q, size_t qlen, const char *limit,
                 json_t **out, tr_error *err)
{
    const se_know_list in = {q, qlen, limit, v};
    return se_engine_read(e, officials_request, &in, out, err);
}

static int official_request(se_engine *e, const void *in, json_t **out, tr_error *err)
{
    const char *id = ((const se_know_one *)in)->id;
    se_view v = ((const se_know_one *)in)->view;
    *out = NULL;
    size_t len = strlen(id);
    if (len == 0 || len > VN_TERM_MAX || !vn_utf8_valid(id, len))
        return tr_error_set(err, TR_ENOTFOUND, "no official has this id");
    xc_db *db = se_pool_get(e->pool, err);
    if (!db)
        return err && err->code ? err->code : TR_EXAPIAN;
    uint64_t tf = 0;
    int rc = se_know_count(db, v, VN_P_PERSON, id, &tf, err);
    if (!rc && tf == 0)
        rc = tr_error_set(err, TR_ENOTFOUND, "no official has this id");
    if (!rc) {
        char *ids[1] = {strdup(id)};
        person p = {ids, 1, tf, 0, 0, NULL};
        se_know_words none = {.n = 0};
        *out = ids[0] ? read_person(db, v, &p, SE_KNOW_DOCS_ONE, 1, &none, err) : NULL;
        free(ids[0]);
        if (!*out)
            rc = err && err->code ? err->code : TR_ENOMEM;
    }
    se_pool_put(e->pool, db, rc != 0 && rc != TR_ENOTFOUND);
    return rc;
}

int se_official(se_engine *e, se_view v, const char *id, json_t **out, tr_error *err)
{
    const se_know_one in = {id, v};
    return se_engine_read(e, official_request, &in, out, err);
}

