/* query: splits the search box's string into clauses and filters (see query.h). */
#include "query.h"

#include <stdlib.h>
#include <string.h>
#include <strings.h>

static int is_space(unsigned char c)
{
    return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' || c == '\v';
}

/* Length of the quote character at s (ASCII '"' or the curly “ ” that word
 * processors put in pasted text), 0 when there is none. */
static size_t quote_len(const char *s, const char *end)
{
    if (s < end && *s == '"')
        return 1;
    if (end - s >= 3 && (unsigned char)s[0] == 0xE2 && (unsigned char)s[1] == 0x80 &&
        ((unsigned char)s[2] == 0x9C || (unsigned char)s[2] == 0x9D))
        return 3;
    return 0;
}

static int parse_year(const char *s, size_t len)
{
    if (len != 4)
        return 0;
    int y = 0;
    for (size_t i = 0; i < 4; i++) {
        if (s[i] < '0' || s[i] > '9')
            return 0;
        y = y * 10 + (s[i] - '0');
    }
    return y;
}

int se_entity_key_of(const char *name, size_t len)
{
    static const char *const keys[SE_KEY_COUNT] = {"province", "org", "person", "doc_type"};
    for (int k = 0; k < SE_KEY_COUNT; k++)
        if (strlen(keys[k]) == len && strncasecmp(name, keys[k], len) == 0)
            return k;
    return -1;
}

static void add_entity_filter(se_query *q, int key, const char *val, size_t vlen)
{
    if (q->nfilters < SE_QUERY_MAX_FILTERS && vlen && vlen < SE_FILTER_VALUE_MAX) {
        se_entity_filter *f = &q->filters[q->nfilters++];
        f->key = (se_entity_key)key;
        memcpy(f->value, val, vlen);
        f->value[vlen] = '\0';
    }
}

/* type:X, year:Y[..Z] and the entity keys. Returns 1 when the word was a filter and was
 * consumed. */
static int take_filter(se_query *q, const char *word, size_t len)
{
    const char *colon = memchr(word, ':', len);
    if (!colon || colon == word || colon + 1 == word + len)
        return 0;
    size_t flen = (size_t)(colon - word);
    const char *val = colon + 1;
    size_t vlen = len - flen - 1;
    if (flen == 4 && strncasecmp(word, "type", 4) == 0) {
        if (q->ntypes < SE_QUERY_MAX_FILTERS && vlen < sizeof q->types[0]) {
            memcpy(q->types[q->ntypes], val, vlen);
            q->types[q->ntypes++][vlen] = '\0';
        }
        return 1;
    }
    if (flen == 4 && strncasecmp(word, "year", 4) == 0) {
        const char *dots = NULL;
        for (size_t i = 0; i + 1 < vlen && !dots; i++)
            if (val[i] == '.' && val[i + 1] == '.')
                dots = val + i;
        int from, to;
        if (dots) {
            from = parse_year(val, (size_t)(dots - val));
            to = parse_year(dots + 2, vlen - (size_t)(dots - val) - 2);
        } else {
            from = to = parse_year(val, vlen);
        }
        if (!from || !to)
            return 0;
        q->year_from = from < to ? from : to;
        q->year_to = from < to ? to : from;
        return 1;
    }
    int key = se_entity_key_of(word, flen);
    if (key >= 0) {
        add_entity_filter(q, key, val, vlen);
        return 1;
    }
    return 0;
}

static se_clause *add_clause(se_query *q, const char *text, size_t len, int phrase, int negated)
{
    if (len == 0 || q->nclauses >= SE_QUERY_MAX_CLAUSES)
        return NULL;
    se_clause *c = &q->clauses[q->nclauses++];
    c->text = text;
    c->len = len;
    c->phrase = phrase;
    c->negated = negated;
    c->or_next = 0;
    return c;
}

int se_query_parse(se_query *q, const char *text, size_t len, tr_error *err)
{
    memset(q, 0, sizeof *q);
    q->buf = malloc(len + 1);
    if (!q->buf)
        return tr_error_set(err, TR_ENOMEM, "out of memory parsing the query");
    memcpy(q->buf, text, len);
    q->buf[len] = '\0';

    char *s = q->buf, *end = q->buf + len;
    int pending_or = 0;
    while (s < end) {
        while (s < end && is_space((unsigned char)*s))
            s++;
        if (s >= end)
            break;
        int negated = 0;
        if (*s == '-' && s + 1 < end && !is_space((unsigned char)s[1])) {
            negated = 1;
            s++;
        }
        se_clause *c = NULL;
        size_t ql = quote_len(s, end);
        if (ql) {
            char *start = s + ql, *p = start;
            while (p < end && !quote_len(p, end))
                p++;
            c = add_clause(q, start, (size_t)(p - start), 1, negated);
            s = p < end ? p + quote_len(p, end) : end;
        } else {
            char *start = s;
            while (s < end && !is_space((unsigned char)*s) && !quote_len(s, end))
                s++;
            size_t wlen = (size_t)(s - start);
            if (!negated && wlen == 2 && start[0] == 'O' && start[1] == 'R') {
                pending_or = q->nclauses > 0;
                continue;
            }
            if (!negated && take_filter(q, start, wlen))
                continue;
            /* province:"Quảng Nam": a quoted value */
            int key = wlen > 1 && start[wlen - 1] == ':' ? se_entity_key_of(start, wlen - 1) : -1;
            if (!negated && key >= 0 && quote_len(s, end)) {
                char *v = s + quote_len(s, end), *p = v;
                while (p < end && !quote_len(p, end))
                    p++;
                add_entity_filter(q, key, v, (size_t)(p - v));
                s = p < end ? p + quote_len(p, end) : end;
                continue;
            }
            if (wlen == 1 && *start == '-') /* "kinh tế - xã hội": a spaced dash */
                continue;
            c = add_clause(q, start, wlen, 0, negated);
        }
        if (c && pending_or && q->nclauses >= 2 && !c->negated &&
            !q->clauses[q->nclauses - 2].negated)
            q->clauses[q->nclauses - 2].or_next = 1;
        pending_or = 0;
    }
    return 0;
}

void se_query_clear(se_query *q)
{
    se_units_clear(q);
    free(q->buf);
    memset(q, 0, sizeof *q);
}

int se_query_has_positive(const se_query *q)
{
    for (size_t i = 0; i < q->nclauses; i++)
        if (!q->clauses[i].negated)
            return 1;
    return 0;
}
