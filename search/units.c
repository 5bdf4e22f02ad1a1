/* units: the analyzer's tokens of a parsed query, once (see units.h). */
#include "units.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "query.h"
#include "tr_grow.h"

/* While analysing, the strings grow in one buffer that may move: units hold offsets
 * into it (here), made pointers once the buffer is final. */
typedef struct offsets {
    size_t text, folded, parts[SE_UNIT_PARTS];
} offsets;

typedef struct analysis {
    se_query *q;
    size_t cap, off_cap, text_len, text_cap;
    offsets *off;
    size_t clause_first; /* the first unit of the clause being analysed */
    size_t base;         /* the clause's offset in the query string */
    int failed;
} analysis;

/* Appends a form (or "" for one too long) to the buffer; its offset, or SIZE_MAX. */
static size_t add_text(analysis *an, const char *s, size_t len)
{
    if (len >= SE_UNIT_MAX)
        len = 0;
    char *t = tr_grow(an->q->unit_text, an->text_len + len + 1, &an->text_cap, 1, 1024);
    if (!t)
        return SIZE_MAX;
    an->q->unit_text = t;
    memcpy(t + an->text_len, s, len);
    t[an->text_len + len] = '\0';
    an->text_len += len + 1;
    return an->text_len - len - 1;
}

static int on_token(void *ctx, const vn_token *t)
{
    analysis *an = ctx;
    se_query *q = an->q;
    if (t->kind == VN_PART) {
        if (q->nunits == an->clause_first)
            return 0;
        se_unit *u = &q->units[q->nunits - 1];
        if (u->nparts == SE_UNIT_PARTS)
            return 0;
        size_t at = add_text(an, t->folded, t->folded_len);
        an->off[q->nunits - 1].parts[u->nparts++] = at;
        return at == SIZE_MAX ? (an->failed = 1) : 0;
    }
    se_unit *units = tr_grow(q->units, q->nunits + 1, &an->cap, sizeof *units, 16);
    offsets *off = units ? tr_grow(an->off, q->nunits + 1, &an->off_cap, sizeof *off, 16) : NULL;
    q->units = units ? units : q->units;
    an->off = off ? off : an->off;
    if (!off)
        return an->failed = 1;
    se_unit *u = &q->units[q->nunits];
    memset(u, 0, sizeof *u);
    u->kind = t->kind;
    u->flags = t->flags;
    u->start = an->base + t->start;
    u->end = an->base + t->end;
    off = &an->off[q->nunits++];
    off->text = add_text(an, t->text, t->text_len);
    off->folded = add_text(an, t->folded, t->folded_len);
    return off->text == SIZE_MAX || off->folded == SIZE_MAX ? (an->failed = 1) : 0;
}

int se_units_analyze(se_query *q, vn_analyzer *a, tr_error *err)
{
    if (q->analysed)
        return 0;
    analysis an = {.q = q};
    int rc = 0;
    for (size_t i = 0; i < q->nclauses && rc == 0; i++) {
        se_clause *c = &q->clauses[i];
        an.clause_first = c->first_unit = q->nunits;
        an.base = (size_t)(c->text - q->buf);
        rc = vn_analyze(a, c->text, c->len, 0, on_token, &an, NULL, err);
        if (rc && an.failed)
            rc = tr_error_set(err, TR_ENOMEM, "out of memory analysing the query");
        c->nunits = q->nunits - c->first_unit;
    }
    for (size_t i = 0; i < q->nunits && rc == 0; i++) {
        se_unit *u = &q->units[i];
        u->text = q->unit_text + an.off[i].text;
        u->folded = q->unit_text + an.off[i].folded;
        for (size_t k = 0; k < u->nparts; k++)
            u->parts[k] = q->unit_text + an.off[i].parts[k];
    }
    free(an.off);
    if (rc)
        se_units_clear(q);
    q->analysed = rc == 0;
    return rc;
}

void se_units_clear(se_query *q)
{
    free(q->units);
    free(q->unit_text);
    q->units = NULL;
    q->unit_text = NULL;
    q->nunits = 0;
    q->analysed = 0;
    for (size_t i = 0; i < q->nclauses; i++)
        q->clauses[i].first_unit = q->clauses[i].nunits = 0;
}
