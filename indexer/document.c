/* document: see document.h. */
#include "document.h"

#include <stdlib.h>
#include <string.h>

#include "kn.h"
#include "shingle.h"
#include "task.h"
#include "tr_grow.h"
#include "vn_terms.h"

/* What a callback returns to stop the analysis of a document that reached its
 * bounds; never an error of its own. */
#define STOP_BOUNDED (-1)
/* Distinct terms are counted (a call into Xapian) once every so many terms. */
#define COUNT_EVERY 4096

typedef struct sink {
    xc_doc *doc;
    tr_error *err;
    ix_document_bounds *b; /* NULL: no bounds (a task's fields, a legal number) */
    size_t since_count;
} sink;

static int over_bounds(sink *s)
{
    ix_document_bounds *b = s->b;
    if (++b->terms_added > b->max_terms_added) {
        b->truncated = 1;
        return 1;
    }
    if (++s->since_count < COUNT_EVERY)
        return 0;
    s->since_count = 0;
    b->distinct = xc_doc_term_count(s->doc);
    if (b->distinct > b->max_distinct)
        b->truncated = 1;
    return b->truncated;
}

/* Folded terms carry positions for phrases; the others only add weight, and
 * positions would cost index space for nothing. Exact bigrams add no weight either
 * (wdf 0): they are the spelling model's sample (vn_terms.h), counted by document, and
 * with a weight they would make the length BM25 divides by count a short text's pairs
 * twice (folded and exact) and most of a long one's once, which moved rankings. */
static int add_term(void *ctx, vn_term_kind kind, const char *term, size_t len, uint32_t pos)
{
    sink *s = ctx;
    if (s->b && over_bounds(s))
        return STOP_BOUNDED;
    if (kind == VN_TERM_FOLDED && pos > 0)
        return xc_doc_add_posting(s->doc, term, len, pos, 1, s->err);
    return xc_doc_add_term(s->doc, term, len, kind == VN_TERM_BIGRAM_EXACT ? 0 : 1, s->err);
}

static int add_text_bounded(vn_analyzer *a, xc_doc *doc, vn_field field, const char *text,
                            size_t len, uint32_t *pos, ix_document_bounds *b, vn_token_fn tap,
                            void *tap_ctx, tr_error *err)
{
    if (b && b->truncated)
        return 0;
    sink s = {doc, err, b, 0};
    int rc = vn_terms_field_tap(a, field, text, len, pos, add_term, &s, tap, tap_ctx, err);
    return rc == STOP_BOUNDED ? 0 : rc;
}

int ix_document_add_text(vn_analyzer *a, xc_doc *doc, vn_field field, const char *text,
                         size_t len, uint32_t *pos, tr_error *err)
{
    return add_text_bounded(a, doc, field, text, len, pos, NULL, NULL, NULL, err);
}

/* The signature and the entities read the title's and the body's tokens as the term
 * pass hands them out: ICU analysed each document twice more for them before (a third
 * of the indexer's CPU). Both start their positions at 0 as the term pass does. */
typedef struct tap {
    vn_sig sig;
    kn_reader *kn;
} tap;

static int on_tap(void *ctx, const vn_token *tok)
{
    tap *t = ctx;
    int rc = vn_sig_token(&t->sig, tok);
    return rc ? rc : kn_reader_token(t->kn, tok);
}

static int add_field_tapped(vn_analyzer *a, xc_doc *doc, vn_field field, const char *text,
                            size_t len, uint32_t *pos, ix_document_bounds *b, tap *t,
                            tr_error *err)
{
    int rc = add_text_bounded(a, doc, field, text, len, pos, b, on_tap, t, err);
    if (!rc)
        rc = vn_sig_segment_end(&t->sig);
    kn_reader_field_end(t->kn);
    return rc;
}

/* The terms of a document being built, copied: it cannot change while they are read. */
typedef struct shadow {
    char *term; /* VN_P_HIDDEN + the term */
    size_t len;
} shadow;

typedef struct term_list {
    shadow *t;
    size_t n, cap;
    int failed;
} term_list;

static int on_doc_term(void *ctx, const char *term, size_t len, uint64_t wdf)
{
    (void)wdf;
    term_list *l = ctx;
    size_t plen = strlen(VN_P_HIDDEN);
    shadow *t = tr_grow(l->t, l->n + 1, &l->cap, sizeof *l->t, 1024);
    char *copy = t ? malloc(plen + len) : NULL;
    if (t)
        l->t = t;
    if (!copy) {
        l->failed = 1;
        return 1;
    }
    memcpy(copy, VN_P_HIDDEN, plen);
    memcpy(copy + plen, term, len);
    l->t[l->n++] = (shadow){copy, plen + len};
    return 0;
}

/* A restricted document's shadow terms (VN_P_HIDDEN): one for each of its terms, so
 * that the public's statistics are the index's minus those of restricted documents
 * (search/view.h). */
static int add_hidden(xc_doc *doc, tr_error *err)
{
    term_list l = {0};
    int rc = xc_doc_terms(doc, on_doc_term, &l, err);
    if (!rc && l.failed)
        rc = tr_error_set(err, TR_ENOMEM, "out of memory");
    for (size_t i = 0; !rc && i < l.n; i++)
        rc = xc_doc_add_boolean_term(doc, l.t[i].term, l.t[i].len, err);
    for (size_t i = 0; i < l.n; i++)
        free(l.t[i].term);
    free(l.t);
    return rc;
}

static int add_boolean(xc_doc *doc, const char *prefix, const char *text, size_t len,
                       tr_error *err)
{
    char buf[VN_TERM_MAX + 1];
    size_t n = vn_term_build(buf, sizeof buf, prefix, text, len, NULL, 0);
    if (n == 0)
        return 0; /* too long to be typed in a filter; not worth failing for */
    return xc_doc_add_boolean_term(doc, buf, n, err);
}

static int add_docnum(vn_analyzer *a, xc_doc *doc, const ix_record *rec, uint32_t *pos,
                      tr_error *err)
{
    const char *num = rec->doc_number;
    size_t len = rec->doc_number_len;
    while (len > 0 && (*num == ' ' || *num == '\t')) {
        num++;
        len--;
    }
    while (len > 0 && (num[len - 1] == ' ' || num[len - 1] == '\t'))
        len--;

    *pos += IX_DOCNUM_GAP;
    int rc = ix_document_add_text(a, doc, VN_FIELD_BODY, num, len, pos, err);
    if (rc)
        return rc;
    char *folded;
    size_t folded_len;
    rc = vn_fold(num, len, &folded, &folded_len, err);
    if (rc)
        return rc;
    rc = add_boolean(doc, VN_P_DOCNUM, folded, folded_len, err);
    free(folded);
    return rc;
}

/* The body the signature and the entities read: all of it, but for a document past
 * its bounds, whose text beyond IX_DOC_SCAN_BYTES says nothing a search could use. */
static size_t scanned_body(const ix_record *rec, const ix_document_bounds *b)
{
    if (!b->truncated || rec->body_len <= IX_DOC_SCAN_BYTES)
        return rec->body_len;
    size_t n = IX_DOC_SCAN_BYTES;
    while (n > 0 && ((unsigned char)rec->body[n] & 0xC0) == 0x80)
        n--; /* not inside a UTF-8 sequence */
    return n;
}

/* The MinHash signature of the title and body shingles, which /api/similar compares
 * with a proposal's before it reads any candidate's text (analyzers/shingle.h). */
static int add_signature(vn_analyzer *a, xc_doc *doc, const ix_record *rec, size_t body_len,
                         tr_error *err)
{
    const char *texts[2] = {rec->title, rec->body};
    size_t lens[2] = {rec->title_len, body_len};
    unsigned char sig[VN_SIGNATURE_BYTES];
    int rc = vn_signature(a, texts, lens, 2, sig, err);
    return rc ? rc : xc_doc_set_value(doc, VN_SLOT_MINHASH, (const char *)sig, sizeof sig, err);
}

/* Entities (officials, decisions, places, organisations, dates; knowledge/kn.h) become
 * filter terms here and an "_entities" object in the stored record (record_data). */
typedef struct entity_sink {
    xc_doc *doc;
    tr_error *err;
    char list[4096]; /* VN_SLOT_ENTITIES: term TAB label [TAB detail] per line */
    size_t len;
    int full;        /* then the value is VN_ENTITIES_OVERFLOW: searchd reads the terms */
} entity_sink;

static int add_entity_term(void *ctx, const char *term, size_t len)
{
    entity_sink *s = ctx;
    return xc_doc_add_boolean_term(s->doc, term, len, s->err);
}

static int list_entity(void *ctx, const char *term, const char *label, const char *detail)
{
    entity_sink *s = ctx;
    int n = snprintf(s->list + s->len, sizeof s->list - s->len, "%s\t%s%s%s\n", term, label,
                     detail ? "\t" : "", detail ? detail : "");
    if (n > 0 && (size_t)n < sizeof s->list - s->len)
        s->len += (size_t)n;
    else
        s->full = 1;
    return 0;
}

static int add_entity_terms(xc_doc *doc, const kn_entities *ents, tr_error *err)
{
    entity_sink s = {.doc = doc, .err = err};
    int rc = kn_entities_terms(ents, add_entity_term, &s);
    if (!rc)
        rc = kn_entities_labels(ents, list_entity, &s);
    if (rc || !s.len)
        return rc;
    if (s.full)
        return xc_doc_set_value(doc, VN_SLOT_ENTITIES, VN_ENTITIES_OVERFLOW,
                                strlen(VN_ENTITIES_OVERFLOW), err);
    return xc_doc_set_value(doc, VN_SLOT_ENTITIES, s.list, s.len, err);
}

static int add_entities(vn_analyzer *a, xc_doc *doc, const ix_record *rec, size_t body_len,
                        kn_entities **out, tr_error *err)
{
    kn_text t = {rec->title, rec->title_len, rec->body, body_len, rec->date};
    *out = kn_extract(a, &t, err);
    if (!*out)
        return err && err->code ? err->code : TR_ENOMEM;
    return add_entity_terms(doc, *out, err);
}

/* The signature and entities of a document whose title and body the term pass read
 * whole: from the tap. A document past its bounds stopped that pass early, and its
 * signature and entities read IX_DOC_SCAN_BYTES of the body: they analyse it again. */
static int add_sig_entities(vn_analyzer *a, xc_doc *doc, const ix_record *rec,
                            const ix_document_bounds *b, tap *t, kn_entities **ents,
                            tr_error *err)
{
    if (b->truncated) {
        size_t body_len = scanned_body(rec, b);
        int rc = add_signature(a, doc, rec, body_len, err);
        return rc ? rc : add_entities(a, doc, rec, body_len, ents, err);
    }
    unsigned char sig[VN_SIGNATURE_BYTES];
    vn_sig_finish(&t->sig, sig);
    int rc = xc_doc_set_value(doc, VN_SLOT_MINHASH, (const char *)sig, sizeof sig, err);
    if (rc)
        return rc;
    *ents = kn_reader_extract(t->kn, err);
    if (!*ents)
        return err && err->code ? err->code : TR_ENOMEM;
    return add_entity_terms(doc, *ents, err);
}

/* The length of the body that is stored: all of it up to IX_DOC_STORE_BYTES, else
 * that much, cut between two UTF-8 sequences. */
static size_t stored_body(const ix_record *rec)
{
    if (rec->body_len <= IX_DOC_STORE_BYTES)
        return rec->body_len;
    size_t n = IX_DOC_STORE_BYTES;
    while (n > 0 && ((unsigned char)rec->body[n] & 0xC0) == 0x80)
        n--;
    return n;
}

/* The stored record: as read, plus "_entities" when there are some; a body over
 * IX_DOC_STORE_BYTES is stored in part, with "_body_bytes", the length it had. */
static char *record_data(const ix_record *rec, const kn_entities *ents, size_t *len)
{
    size_t body = stored_body(rec);
    if (kn_entities_empty(ents) && body == rec->body_len)
        return ix_record_dump(rec, len);
    json_t *copy = json_copy(rec->root);
    int ok = copy != NULL;
    if (ok && !kn_entities_empty(ents))
        ok = json_object_set_new(copy, "_entities", kn_entities_json(ents)) == 0;
    if (ok && body < rec->body_len)
        ok = json_object_set_new(copy, "body", json_stringn(rec->body, body)) == 0 &&
             json_object_set_new(copy, "_body_bytes", json_integer((json_int_t)rec->body_len)) ==
                 0;
    char *data = ok ? json_dumps(copy, JSON_COMPACT) : NULL;
    json_decref(copy);
    if (data)
        *len = strlen(data);
    return data;
}

size_t ix_document_idterm(char *buf, size_t cap, const char *id, size_t id_len)
{
    size_t plen = strlen(VN_P_ID);
    if (plen + id_len + 1 > cap)
        return 0;
    memcpy(buf, VN_P_ID, plen);
    memcpy(buf + plen, id, id_len);
    buf[plen + id_len] = '\0';
    return plen + id_len;
}

void ix_document_bounds_init(ix_document_bounds *b)
{
    *b = (ix_document_bounds){.max_distinct = IX_DOC_DISTINCT_MAX,
                              .max_terms_added = IX_DOC_TERMS_ADDED_MAX};
}

xc_doc *ix_document_build(vn_analyzer *a, const ix_record *rec, ix_document_bounds *b,
                          tr_error *err)
{
    ix_document_bounds own;
    if (!b) {
        ix_document_bounds_init(&own);
        b = &own;
    }
    xc_doc *doc = xc_doc_new(err);
    if (!doc)
        return NULL;
    /* Title and body terms have different prefixes, so each field may start at
     * the first position without phrases running from one into the other.
     * vn_terms_field() counts from 0 and hands out 1-based positions. */
    uint32_t tpos = 0, bpos = 0;
    char idterm[IX_ID_MAX + 8];
    size_t idlen = ix_document_idterm(idterm, sizeof idterm, rec->id, rec->id_len);
    int rc = idlen ? xc_doc_add_boolean_term(doc, idterm, idlen, err)
                   : tr_error_set(err, TR_EINVAL, "id too long");
    kn_text kt = {rec->title, rec->title_len, rec->body, rec->body_len, rec->date};
    tap t = {.kn = rc ? NULL : kn_reader_new(&kt, err)};
    vn_sig_init(&t.sig, err);
    if (!rc && !t.kn)
        rc = err && err->code ? err->code : TR_ENOMEM;
    if (!rc)
        rc = add_field_tapped(a, doc, VN_FIELD_TITLE, rec->title, rec->title_len, &tpos, b, &t,
                              err);
    if (!rc)
        rc = add_field_tapped(a, doc, VN_FIELD_BODY, rec->body, rec->body_len, &bpos, b, &t,
                              err);
    if (!rc && rec->doc_number)
        rc = add_docnum(a, doc, rec, &bpos, err);
    if (!rc && strcmp(rec->type, IX_TASK_TYPE) == 0)
        rc = ix_task_index(a, doc, rec->root, &bpos, err);
    size_t type_len = strlen(rec->type);
    if (!rc)
        rc = add_boolean(doc, VN_P_TYPE, rec->type, type_len, err);
    if (!rc)
        rc = xc_doc_set_value(doc, VN_SLOT_TYPE, rec->type, type_len, err);
    if (!rc && rec->year[0])
        rc = add_boolean(doc, VN_P_YEAR, rec->year, 4, err);
    int restricted = rec->access[0] && strcmp(rec->access, VN_ACCESS_PUBLIC) != 0;
    if (!rc && restricted)
        rc = add_boolean(doc, VN_P_ACCESS, rec->access, strlen(rec->access), err);
    if (!rc && rec->year[0])
        rc = xc_doc_set_value(doc, VN_SLOT_YEAR, rec->year, 4, err);
    if (!rc && rec->date[0])
        rc = xc_doc_set_value(doc, VN_SLOT_DATE, rec->date, 8, err);
    kn_entities *ents = NULL;
    if (!rc)
        rc = add_sig_entities(a, doc, rec, b, &t, &ents, err);
    vn_sig_clear(&t.sig);
    kn_reader_free(t.kn);
    b->distinct = xc_doc_term_count(doc);
    if (!rc && restricted)
        rc = add_hidden(doc, err);
    b->stored_part = stored_body(rec) < rec->body_len;
    if (!rc) {
        size_t len;
        char *data = record_data(rec, ents, &len);
        rc = data ? xc_doc_set_data(doc, data, len, err)
                  : tr_error_set(err, TR_ENOMEM, "out of memory storing a document");
        free(data);
    }
    kn_entities_free(ents);
    if (rc) {
        /* A callback's failure may have come back without a message of its own. */
        tr_error_set(err, rc, "cannot build the document: %s", tr_error_name(rc));
        xc_doc_free(doc);
        return NULL;
    }
    return doc;
}
