/* synonyms: loading the abbreviation and synonym files, and looking entries up
 * (see synonyms.h).
 *
 * Loading keeps every line as its forms (folded token sequences). After each file,
 * an index is rebuilt from scratch: one key per distinct form, holding what that
 * form may be replaced by, sorted by first token and then longest first, so that a
 * lookup is a binary search on the query's token and a short scan whose first hit
 * is the longest match. The tables are small (hundreds of lines) and built once;
 * rebuilding keeps the code free of incremental bookkeeping.
 */
#include "synonyms.h"

#include <errno.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "tr_grow.h"

/* A longer line is a mistake (a pasted document), not an entry. */
#define LINE_MAX_BYTES 4096
/* qbuild keeps a query's words in 96-byte buffers; a longer token could never match. */
#define TOKEN_MAX_BYTES 95

typedef struct form {
    char *buf;        /* the folded tokens, each NUL-terminated, back to back */
    const char **tok; /* n pointers into buf */
    size_t n;
    int compound;
} form;

typedef struct line {
    form *forms;   /* forms[0] is the abbreviation; then its expansions, and after a
                      compound, the compound's parts in a row */
    size_t nforms;
    unsigned dead; /* 0 while in effect; else the se_syn_load() call (from 1) whose
                      lines for the same abbreviation replaced it */
} line;

typedef struct key {
    const form *form;
    const se_syn_alt *alts;
    size_t nalts;
} key;

struct se_syn {
    line *lines;
    size_t nlines, cap;
    unsigned nfiles;  /* se_syn_load() calls so far */
    key *keys;        /* the index, see the top of the file */
    size_t nkeys;
    se_syn_alt *alts; /* every key's alternatives, one array */
    atomic_uint refs; /* holders less one: se_syn_ref(), se_syn_free() */
};

se_syn *se_syn_new(tr_error *err)
{
    se_syn *s = calloc(1, sizeof *s);
    if (!s)
        tr_error_set(err, TR_ENOMEM, "out of memory");
    return s;
}

static void line_free(line *l)
{
    for (size_t i = 0; i < l->nforms; i++) {
        free(l->forms[i].buf);
        free(l->forms[i].tok);
    }
    free(l->forms);
}

se_syn *se_syn_ref(se_syn *s)
{
    if (s)
        atomic_fetch_add(&s->refs, 1);
    return s;
}

void se_syn_free(se_syn *s)
{
    if (!s || atomic_fetch_sub(&s->refs, 1) > 0)
        return;
    for (size_t i = 0; i < s->nlines; i++)
        line_free(&s->lines[i]);
    free(s->lines);
    free(s->keys);
    free(s->alts);
    free(s);
}

size_t se_syn_count(const se_syn *s)
{
    size_t n = 0;
    for (size_t i = 0; s && i < s->nlines; i++)
        n += !s->lines[i].dead;
    return n;
}

/* ---- Forms: one field of a line, through the analyzer --------------------- */

/* Folded tokens, back to back, each NUL-terminated. */
typedef struct tokens {
    char buf[SE_SYN_MAX_TOKENS * (TOKEN_MAX_BYTES + 1)];
    size_t used, n;
} tokens;

typedef struct collect {
    tokens words; /* the field's tokens */
    tokens parts; /* the parts of its first token, when that is a compound */
    int compound; /* the first token has parts */
    int lost;     /* some of them did not fit: the compound is only matched whole */
    int too_many; /* more than SE_SYN_MAX_TOKENS tokens */
    int too_long; /* a token over TOKEN_MAX_BYTES */
} collect;

static int tokens_add(tokens *ts, const vn_token *t)
{
    if (ts->n == SE_SYN_MAX_TOKENS || t->folded_len > TOKEN_MAX_BYTES)
        return -1;
    memcpy(ts->buf + ts->used, t->folded, t->folded_len);
    ts->used += t->folded_len;
    ts->buf[ts->used++] = '\0';
    ts->n++;
    return 0;
}

static int collect_token(void *ctx, const vn_token *t)
{
    collect *c = ctx;
    if (t->kind == VN_PART) {
        if (c->words.n == 1) {
            c->compound = 1;
            c->lost |= tokens_add(&c->parts, t) != 0;
        }
        return 0;
    }
    if (c->words.n == SE_SYN_MAX_TOKENS)
        c->too_many = 1;
    else if (tokens_add(&c->words, t))
        c->too_long = 1;
    return 0;
}

static int form_set(form *f, const tokens *ts, int compound, tr_error *err)
{
    f->buf = malloc(ts->used);
    f->tok = malloc(ts->n * sizeof *f->tok);
    if (!f->buf || !f->tok) {
        free(f->buf);
        free(f->tok);
        return tr_error_set(err, TR_ENOMEM, "out of memory");
    }
    memcpy(f->buf, ts->buf, ts->used);
    const char *p = f->buf;
    for (size_t i = 0; i < ts->n; i++) {
        f->tok[i] = p;
        p += strlen(p) + 1;
    }
    f->n = ts->n;
    f->compound = compound;
    return 0;
}

/* Adds the forms of one field to `l`: its tokens and, for a compound, its parts in a
 * row. The analyzer joins "KT-XH" but not "kt-xh" (lower case, it could be any two
 * words with a hyphen), so a query or a document that says "kt-xh" has the words
 * "kt" "xh"; the parts make such a spelling an entry too. `l->forms` has room. */
static int forms_add(line *l, vn_analyzer *a, const char *text, size_t len, const char *path,
                     size_t lineno, tr_error *err)
{
    static _Thread_local collect c;
    c.words.used = c.words.n = c.parts.used = c.parts.n = 0;
    c.compound = c.lost = c.too_many = c.too_long = 0;
    int rc = vn_analyze(a, text, len, 0, collect_token, &c, NULL, err);
    if (rc)
        return rc;
    if (c.words.n == 0)
        return tr_error_set(err, TR_EINVAL, "%s:%zu: a field has no letters or digits", path,
                            lineno);
    if (c.too_many)
        return tr_error_set(err, TR_EINVAL, "%s:%zu: a field has more than %d words", path,
                            lineno, SE_SYN_MAX_TOKENS);
    if (c.too_long)
        return tr_error_set(err, TR_EINVAL, "%s:%zu: a word is longer than %d bytes", path,
                            lineno, TOKEN_MAX_BYTES);
    int compound = c.words.n == 1 && c.compound;
    if ((rc = form_set(&l->forms[l->nforms], &c.words, compound, err)))
        return rc;
    l->nforms++;
    if (compound && c.parts.n >= 2 && !c.lost) {
        if ((rc = form_set(&l->forms[l->nforms], &c.parts, 0, err)))
            return rc;
        l->nforms++;
    }
    return 0;
}

static int tokens_equal(const char *const *a, size_t an, const char *const *b, size_t bn)
{
    if (an != bn)
        return 0;
    for (size_t i = 0; i < an; i++)
        if (strcmp(a[i], b[i]) != 0)
            return 0;
    return 1;
}

static int form_equal(const form *a, const form *b)
{
    return tokens_equal(a->tok, a->n, b->tok, b->n);
}

/* ---- Lines ------------------------------------------------------------------ */

static int is_blank(char c)
{
    return c == ' ' || c == '\t' || c == '\r' || c == '\n';
}

/* Parses one line of the file (without its line end) into s->lines, unless it is
 * blank or a comment. */
static int parse_line(se_syn *s, vn_analyzer *a, const char *text, size_t len, const char *path,
                      size_t lineno, tr_error *err)
{
    size_t lead = 0;
    while (lead < len && is_blank(text[lead]))
        lead++;
    if (lead == len || text[lead] == '#')
        return 0;
    if (len > LINE_MAX_BYTES)
        return tr_error_set(err, TR_EINVAL, "%s:%zu: the line is longer than %d bytes", path,
                            lineno, LINE_MAX_BYTES);
    if (!vn_utf8_valid(text, len) || memchr(text, '\0', len))
        return tr_error_set(err, TR_EINVAL, "%s:%zu: the line is not valid UTF-8 text", path,
                            lineno);

    const char *field[SE_SYN_MAX_FORMS + 1];
    size_t flen[SE_SYN_MAX_FORMS + 1], nf = 0;
    for (size_t at = 0; at <= len && nf <= SE_SYN_MAX_FORMS;) {
        const char *tab = memchr(text + at, '\t', len - at);
        size_t end = tab ? (size_t)(tab - text) : len;
        size_t b = at, e = end;
        while (b < e && text[b] == ' ')
            b++;
        while (e > b && text[e - 1] == ' ')
            e--;
        /* A stray tab at the end of a line is invisible in an editor: forgiven. */
        if (b == e && tab)
            return tr_error_set(err, TR_EINVAL, "%s:%zu: an empty field (two tabs in a row?)",
                                path, lineno);
        if (b < e) {
            field[nf] = text + b;
            flen[nf++] = e - b;
        }
        at = end + 1;
    }
    if (nf < 2)
        return tr_error_set(err, TR_EINVAL,
                            "%s:%zu: expected an abbreviation and at least one expansion, "
                            "separated by tabs",
                            path, lineno);
    if (nf > SE_SYN_MAX_FORMS)
        return tr_error_set(err, TR_EINVAL, "%s:%zu: more than %d expansions", path, lineno,
                            SE_SYN_MAX_FORMS - 1);

    line *lines = tr_grow(s->lines, s->nlines + 1, &s->cap, sizeof *s->lines, 64);
    if (!lines)
        return tr_error_set(err, TR_ENOMEM, "out of memory");
    s->lines = lines;
    line *l = &s->lines[s->nlines];
    memset(l, 0, sizeof *l);
    l->forms = calloc(2 * nf, sizeof *l->forms); /* room for the parts of compounds */
    if (!l->forms)
        return tr_error_set(err, TR_ENOMEM, "out of memory");
    int rc = 0;
    for (size_t i = 0; i < nf && rc == 0; i++)
        rc = forms_add(l, a, field[i], flen[i], path, lineno, err);
    if (rc) {
        line_free(l);
        return rc;
    }
    s->nlines++;
    return 0;
}

/* ---- The index ---------------------------------------------------------------- */

typedef struct pair {
    const form *key, *alt;
    size_t seq; /* file order, so that alternatives keep the order of the lines */
} pair;

/* First token, then longest first, then the other tokens. */
static int key_order(const form *a, const form *b)
{
    int c = strcmp(a->tok[0], b->tok[0]);
    if (c)
        return c;
    if (a->n != b->n)
        return a->n > b->n ? -1 : 1;
    for (size_t i = 1; i < a->n; i++)
        if ((c = strcmp(a->tok[i], b->tok[i])))
            return c;
    return 0;
}

static int pair_cmp(const void *x, const void *y)
{
    const pair *a = x, *b = y;
    int c = key_order(a->key, b->key);
    if (c)
        return c;
    return (a->seq > b->seq) - (a->seq < b->seq);
}

static se_syn_alt alt_of(const form *f)
{
    se_syn_alt alt = {.tokens = f->tok, .n = f->n, .compound = f->compound};
    return alt;
}

/* Replaces the index by one built from the live lines. On failure the old index
 * stays. */
static int rebuild(se_syn *s, tr_error *err)
{
    size_t npairs = 0;
    for (size_t i = 0; i < s->nlines; i++)
        if (!s->lines[i].dead)
            npairs += s->lines[i].nforms * (s->lines[i].nforms - 1);
    pair *pairs = malloc((npairs ? npairs : 1) * sizeof *pairs);
    key *keys = malloc((npairs ? npairs : 1) * sizeof *keys);
    se_syn_alt *alts = malloc((npairs ? npairs : 1) * sizeof *alts);
    if (!pairs || !keys || !alts) {
        free(pairs);
        free(keys);
        free(alts);
        return tr_error_set(err, TR_ENOMEM, "out of memory");
    }
    size_t np = 0;
    for (size_t i = 0; i < s->nlines; i++) {
        const line *l = &s->lines[i];
        for (size_t j = 0; !l->dead && j < l->nforms; j++)
            for (size_t k = 0; k < l->nforms; k++)
                if (k != j) {
                    pairs[np] = (pair){&l->forms[j], &l->forms[k], np};
                    np++;
                }
    }
    qsort(pairs, np, sizeof *pairs, pair_cmp);

    size_t nkeys = 0, nalts = 0;
    for (size_t i = 0; i < np;) {
        size_t group = nalts;
        const form *k = pairs[i].key;
        for (; i < np && key_order(pairs[i].key, k) == 0; i++) {
            const form *alt = pairs[i].alt;
            int seen = form_equal(alt, k) || nalts - group == SE_SYN_MAX_ALTS;
            for (size_t j = group; j < nalts && !seen; j++)
                seen = tokens_equal(alt->tok, alt->n, alts[j].tokens, alts[j].n);
            if (!seen)
                alts[nalts++] = alt_of(alt);
        }
        if (nalts > group)
            keys[nkeys++] = (key){k, NULL, nalts - group};
    }
    /* Pointers into `alts` only now that it is complete. */
    for (size_t i = 0, at = 0; i < nkeys; i++) {
        keys[i].alts = alts + at;
        at += keys[i].nalts;
    }
    free(pairs);
    free(s->keys);
    free(s->alts);
    s->keys = keys;
    s->nkeys = nkeys;
    s->alts = alts;
    return 0;
}

/* ---- Loading and lookup ----------------------------------------------------------- */

static void rollback(se_syn *s, size_t first, unsigned file)
{
    while (s->nlines > first)
        line_free(&s->lines[--s->nlines]);
    for (size_t i = 0; i < s->nlines; i++)
        if (s->lines[i].dead == file)
            s->lines[i].dead = 0;
}

int se_syn_load(se_syn *s, vn_analyzer *a, const char *path, int required, tr_error *err)
{
    FILE *f = fopen(path, "rb");
    if (!f) {
        if (errno == ENOENT && !required)
            return 0;
        return tr_error_set(err, errno == ENOENT ? TR_ENOTFOUND : TR_EIO, "cannot open %s: %s",
                            path, strerror(errno));
    }
    unsigned file = ++s->nfiles;
    size_t first = s->nlines, lineno = 0, cap = 0;
    char *buf = NULL;
    ssize_t got;
    int rc = 0;
    while (rc == 0 && (got = getline(&buf, &cap, f)) >= 0) {
        size_t len = (size_t)got;
        const char *text = buf;
        if (++lineno == 1 && len >= 3 && memcmp(text, "\xEF\xBB\xBF", 3) == 0) {
            text += 3;
            len -= 3;
        }
        while (len > 0 && (text[len - 1] == '\n' || text[len - 1] == '\r'))
            len--;
        rc = parse_line(s, a, text, len, path, lineno, err);
    }
    if (rc == 0 && ferror(f))
        rc = tr_error_set(err, TR_EIO, "cannot read %s", path);
    free(buf);
    fclose(f);

    /* The operator's file corrects the shipped one: a later file's entries for an
     * abbreviation replace the earlier files' entries for it. */
    for (size_t i = 0; rc == 0 && i < first; i++)
        for (size_t j = first; !s->lines[i].dead && j < s->nlines; j++)
            if (form_equal(&s->lines[i].forms[0], &s->lines[j].forms[0]))
                s->lines[i].dead = file;
    if (rc == 0)
        rc = rebuild(s, err);
    if (rc)
        rollback(s, first, file);
    return rc;
}

/* Shared by tracuu-searchd and tracuu-dupcheck, so that a proposal is checked with
 * the very table the daemon searches with. */
se_syn *se_syn_open(const char *dir, int dir_given, const char *user, tr_error *err)
{
    char abbr[4096], own[4096];
    snprintf(abbr, sizeof abbr, "%s/abbreviations.tsv", dir);
    snprintf(own, sizeof own, "%s/synonyms.tsv", dir);
    vn_analyzer *a = vn_analyzer_new(err);
    se_syn *s = a ? se_syn_new(err) : NULL;
    if (s && (se_syn_load(s, a, abbr, dir_given, err) ||
              se_syn_load(s, a, user ? user : own, user != NULL, err))) {
        se_syn_free(s);
        s = NULL;
    }
    vn_analyzer_free(a);
    return s;
}

size_t se_syn_match(const se_syn *s, const char *const *folded, size_t n, size_t at,
                    size_t *match_len, const se_syn_alt **alts)
{
    *match_len = 0;
    *alts = NULL;
    if (!s || at >= n)
        return 0;
    size_t lo = 0, hi = s->nkeys;
    while (lo < hi) {
        size_t mid = lo + (hi - lo) / 2;
        if (strcmp(s->keys[mid].form->tok[0], folded[at]) < 0)
            lo = mid + 1;
        else
            hi = mid;
    }
    for (size_t k = lo; k < s->nkeys && strcmp(s->keys[k].form->tok[0], folded[at]) == 0; k++) {
        const form *f = s->keys[k].form;
        size_t i = 1;
        if (f->n > n - at)
            continue;
        while (i < f->n && strcmp(f->tok[i], folded[at + i]) == 0)
            i++;
        if (i == f->n) {
            *match_len = f->n;
            *alts = s->keys[k].alts;
            return s->keys[k].nalts;
        }
    }
    return 0;
}
