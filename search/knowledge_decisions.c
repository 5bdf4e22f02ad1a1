/* knowledge_decisions: legal documents cited, read back from the index (see
 * knowledge.h). */
#include "engine.h"
#include "knowledge_int.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "kn.h"
#include "vn_terms.h"

/* ---- Decisions ------------------------------------------------------------------------------ */

static int sep(char c)
{
    return c == '/' || c == '-' || c == '.' || c == '\0';
}

/* `part` stands in `key` between separators ("nq-cp" in "01/nq-cp"); a number also
 * without its leading zeros ("1" is "01"). */
static int holds(const char *key, const char *part)
{
    size_t n = strlen(part);
    for (const char *p = strstr(key, part); p; p = strstr(p + 1, part))
        if ((p == key || sep(p[-1])) && sep(p[n]))
            return 1;
    if (strspn(part, "0123456789") != n)
        return 0;
    unsigned long v = strtoul(part, NULL, 10);
    for (const char *p = key; *p;) {
        size_t d = strspn(p, "0123456789");
        if (d && (p == key || sep(p[-1])) && sep(p[d]) && strtoul(p, NULL, 10) == v)
            return 1;
        p += d ? d : 1;
    }
    return 0;
}

typedef struct dscan {
    se_know_words parts;
    char exact[VN_TERM_MAX + 1];
    se_know_cands found;
} dscan;

static int on_decision(void *ctx, const char *term, size_t len, uint64_t tf)
{
    dscan *s = ctx;
    char key[VN_TERM_MAX + 1];
    size_t klen = len - strlen(VN_P_DECISION);
    if (klen >= sizeof key)
        return 0;
    memcpy(key, term + strlen(VN_P_DECISION), klen);
    key[klen] = '\0';
    for (size_t i = 0; i < s->parts.n; i++)
        if (!holds(key, s->parts.w[i]))
            return 0;
    return se_know_cands_add(&s->found, key, klen, tf, strcmp(key, s->exact) == 0);
}

static int most_cited(const void *a, const void *b)
{
    const se_know_cand *x = a, *y = b;
    if (x->name_words != y->name_words)
        return y->name_words - x->name_words;
    return x->tf < y->tf ? 1 : x->tf > y->tf ? -1 : strcmp(x->id, y->id);
}

/* What the citing documents say of a number: its number as written, type, issuer and
 * the fullest date; and, with `docs`, the documents with their sentence. */
static json_t *read_decision(xc_db *db, se_view v, const char *key, uint32_t max, int docs,
                             tr_error *err)
{
    char *keys[1] = {(char *)key};
    xc_mset *m = se_know_newest(db, v, VN_P_DECISION, keys, 1, max, err);
    if (!m)
        return NULL;
    json_t *info = json_pack("{s:s, s:n, s:n, s:n, s:n, s:n}", "id", key, "number", "type",
                             "type_code", "issuer", "date");
    json_t *list = docs ? json_array() : NULL;
    for (size_t i = 0; info && i < xc_mset_size(m); i++) {
        json_t *rec = se_mset_record(m, i, NULL);
        json_t *d = se_know_entity(rec, "decisions", key);
        static const char *const fields[] = {"number", "type", "type_code", "issuer"};
        for (size_t f = 0; d && f < 4; f++)
            if (json_is_null(json_object_get(info, fields[f])) &&
                json_is_string(json_object_get(d, fields[f])))
                json_object_set(info, fields[f], json_object_get(d, fields[f]));
        const char *have = se_know_str(info, "date"), *date = se_know_str(d, "date");
        if (date && (!have || strlen(date) > strlen(have)))
            json_object_set(info, "date", json_object_get(d, "date"));
        if (list)
            json_array_append_new(
                list, se_know_doc(rec, "sentence", json_incref(json_object_get(d, "sentence"))));
        json_decref(rec);
    }
    if (info && list) {
        json_object_set_new(info, "total", json_integer((json_int_t)xc_mset_estimated(m)));
        json_object_set_new(info, "documents", list);
        list = NULL;
    }
    if (info && !docs)
        json_object_set_new(info, "documents", json_integer((json_int_t)xc_mset_estimated(m)));
    json_decref(list);
    xc_mset_free(m);
    if (!info)
        tr_error_set(err, TR_ENOMEM, "out of memory");
    return info;
}

/* The parts of a number typed: "01/NQ-CP" -> 01/nq-cp; "nghị quyết 01" -> nq, 01. */
static int number_parts(vn_analyzer *a, const char *q, size_t qlen, dscan *s, tr_error *err)
{
    (void)a;
    s->parts.n = 0;
    s->exact[0] = '\0';
    if (!q || !qlen)
        return 0;
    kn_number_key(q, qlen, s->exact, sizeof s->exact);
    char *f = NULL;
    size_t flen = 0;
    int rc = vn_fold(q, qlen, &f, &flen, err);
    if (rc)
        return rc;
    se_know_words raw;
    se_know_split(f, flen, se_know_not_space, &raw);
    free(f);
    /* A type named in words stands for its code. */
    size_t from = 0;
    for (size_t take = raw.n < 3 ? raw.n : 3; take > 0 && !from; take--) {
        char phrase[3 * WORD_MAX + 3] = "";
        for (size_t i = 0; i < take; i++) {
            strcat(phrase, i ? " " : "");
            strcat(phrase, raw.w[i]);
        }
        char slug[64];
        int known = kn_doctype_resolve(phrase, strlen(phrase), slug, sizeof slug);
        const char *code = known && take < raw.n ? kn_doctype_code(slug) : NULL;
        if (code && strspn(raw.w[0], "0123456789") == 0) {
            kn_number_key(code, strlen(code), s->parts.w[0], WORD_MAX);
            s->parts.n = 1;
            from = take;
        }
    }
    for (size_t i = from; i < raw.n && s->parts.n < MAX_WORDS; i++) {
        size_t n = strlen(raw.w[i]);
        while (n && !(raw.w[i][n - 1] == '&' || se_know_alnum((unsigned char)raw.w[i][n - 1])))
            raw.w[i][--n] = '\0';
        if (n)
            memcpy(s->parts.w[s->parts.n++], raw.w[i], n + 1);
    }
    return 0;
}

static int decisions_request(se_engine *e, const void *in, json_t **out, tr_error *err)
{
    const se_know_list *l = in;
    se_view v = l->view;
    *out = NULL;
    unsigned lim;
    int rc = se_know_list_check(l, &lim, err);
    dscan s;
    memset(&s, 0, sizeof s);
    vn_analyzer *a = rc ? NULL : se_thread_analyzer(err);
    if (!rc && !a)
        rc = err && err->code ? err->code : TR_ENOMEM;
    if (!rc)
        rc = number_parts(a, l->q, l->qlen, &s, err);
    if (rc)
        return rc;
    xc_db *db = se_pool_get(e->pool, err);
    if (!db)
        return err && err->code ? err->code : TR_EXAPIAN;
    rc = se_view_allterms(db, v, VN_P_DECISION, strlen(VN_P_DECISION), on_decision, &s, err);
    const se_know_cands *found = &s.found;
    if (!rc && found->failed)
        rc = tr_error_set(err, TR_ENOMEM, "out of memory");
    if (!rc && found->n > 1)
        qsort(found->c, found->n, sizeof *found->c, most_cited);
    json_t *list = json_array();
    for (size_t i = 0; !rc && list && i < found->n && i < lim; i++) {
        json_t *d = read_decision(db, v, found->c[i].id, 20, 0, err);
        if (!d)
            rc = err && err->code ? err->code : TR_ENOMEM;
        else
            json_array_append_new(list, d);
    }
    size_t total = found->n;
    se_know_cands_clear(&s.found);
    se_pool_put(e->pool, db, rc != 0);
    return se_know_answer(l, rc, total, "decisions", list, out, err);
}

int se_decisions(se_engine *e, se_view v, const char *q, size_t qlen, const char *limit,
                 json_t **out, tr_error *err)
{
    const se_know_list in = {q, qlen, limit, v};
    return se_engine_read(e, decisions_request, &in, out, err);
}

/* The legal text itself, when the index holds it (its own number, XN). */
static json_t *own_text(xc_db *db, se_view v, const char *key)
{
    char term[VN_TERM_MAX + 8];
    snprintf(term, sizeof term, "%s%s", VN_P_DOCNUM, key);
    xc_docid id = 0;
    char *data = NULL;
    size_t len = 0;
    int sees = 0;
    if (xc_db_find(db, term, strlen(term), &id, NULL) || se_view_sees(db, v, id, &sees, NULL) ||
        !sees || xc_db_data(db, id, &data, &len, NULL))
        return NULL;
    json_t *rec = json_loadb(data, len, 0, NULL);
    free(data);
    json_t *out = NULL;
    if (rec)
        out = json_pack("{s:O?, s:O?, s:O?, s:O?, s:O?}", "id", json_object_get(rec, "id"),
                        "title", json_object_get(rec, "title"), "date",
                        json_object_get(rec, "date"), "type", json_object_get(rec, "type"),
                        "doc_number", json_object_get(rec, "doc_number"));
    json_decref(rec);
    return out;
}

static int decision_request(se_engine *e, const void *in, json_t **out, tr_error *err)
{
    const char *number = ((const se_know_one *)in)->id;
    se_view v = ((const se_know_one *)in)->view;
    *out = NULL;
    size_t len = strlen(number);
    char key[VN_TERM_MAX + 1];
    if (len == 0 || len > VN_TERM_MAX || !vn_utf8_valid(number, len) ||
        !kn_number_key(number, len, key, sizeof key))
        return tr_error_set(err, TR_ENOTFOUND, "no document cites this number");
    xc_db *db = se_pool_get(e->pool, err);
    if (!db)
        return err && err->code ? err->code : TR_EXAPIAN;
    uint64_t tf = 0;
    int rc = se_know_count(db, v, VN_P_DECISION, key, &tf, err);
    json_t *own = rc ? NULL : own_text(db, v, key);
    if (!rc && tf == 0 && !own)
        rc = tr_error_set(err, TR_ENOTFOUND, "no document cites this number");
    if (!rc) {
        *out = read_decision(db, v, key, SE_KNOW_DOCS_ONE, 1, err);
        if (*out && json_is_null(json_object_get(*out, "number")))
            json_object_set_new(*out, "number", json_string(number));
        if (*out)
            json_object_set_new(*out, "document", own ? own : json_null());
        else
            json_decref(own);
        own = NULL;
        if (!*out)
            rc = err && err->code ? err->code : TR_ENOMEM;
    }
    json_decref(own);
    se_pool_put(e->pool, db, rc != 0 && rc != TR_ENOTFOUND);
    return rc;
}

int se_decision(se_engine *e, se_view v, const char *number, json_t **out, tr_error *err)
{
    const se_know_one in = {number, v};
    return se_engine_read(e, decision_request, &in, out, err);
}
