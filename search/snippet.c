/* snippet: best-window passage selection and highlighting (see snippet.h). */
#include "snippet.h"

#include <stdlib.h>
#include <string.h>

#include "tr_grow.h"

/* Only the start of very long documents is scanned: a snippet is a hint, and a
 * request must not cost a full analysis of a 50 MB body. */
#define SCAN_MAX (256 * 1024)
#define MAX_TOKENS 8192
#define STOP 1000 /* returned by the callback: enough tokens; not a TR_E* code */

int se_buf_append(se_buf *b, const char *s, size_t len)
{
    char *d = tr_grow(b->data, b->len + len + 1, &b->cap, 1, 256);
    if (!d)
        return TR_ENOMEM;
    b->data = d;
    memcpy(b->data + b->len, s, len);
    b->len += len;
    b->data[b->len] = '\0';
    return 0;
}

int se_buf_append_escaped(se_buf *b, const char *s, size_t len)
{
    size_t run = 0;
    for (size_t i = 0; i < len; i++) {
        const char *rep = NULL;
        switch (s[i]) {
        case '&': rep = "&amp;"; break;
        case '<': rep = "&lt;"; break;
        case '>': rep = "&gt;"; break;
        case '"': rep = "&quot;"; break;
        case '\'': rep = "&#39;"; break;
        case '\n': case '\r': case '\t': rep = " "; break;
        default: continue;
        }
        if (se_buf_append(b, s + run, i - run) || se_buf_append(b, rep, strlen(rep)))
            return TR_ENOMEM;
        run = i + 1;
    }
    return se_buf_append(b, s + run, len - run);
}

typedef struct tok {
    size_t start, end;
    int hit; /* index+1 of the highlight term it matches, 0 for none */
} tok;

typedef struct scan {
    const se_highlight *hl;
    tok *toks;
    size_t n;
} scan;

static int match_term(const se_highlight *hl, const char *s, size_t len)
{
    for (size_t i = 0; hl && i < hl->n; i++)
        if (strlen(hl->terms[i]) == len && memcmp(hl->terms[i], s, len) == 0)
            return (int)i + 1;
    return 0;
}

static int on_token(void *ctx, const vn_token *t)
{
    scan *sc = ctx;
    if (t->kind == VN_PART) {
        /* A part of a compound that matches marks the compound. */
        if (sc->n && !sc->toks[sc->n - 1].hit)
            sc->toks[sc->n - 1].hit = match_term(sc->hl, t->folded, t->folded_len);
        return 0;
    }
    if (sc->n >= MAX_TOKENS)
        return STOP;
    sc->toks[sc->n++] = (tok){t->start, t->end, match_term(sc->hl, t->folded, t->folded_len)};
    return 0;
}

/* The first token of the window of `words` tokens with the most distinct hits. */
static size_t best_window(const tok *toks, size_t n, size_t words)
{
    size_t best = 0;
    int best_score = -1;
    for (size_t i = 0; i < n; i++) {
        if (!toks[i].hit)
            continue;
        unsigned long long seen = 0;
        int score = 0;
        for (size_t j = i; j < n && j < i + words; j++) {
            int h = toks[j].hit;
            if (h && !(seen & (1ULL << ((h - 1) & 63)))) {
                seen |= 1ULL << ((h - 1) & 63);
                score += 4;
            } else if (h) {
                score += 1;
            }
        }
        if (score > best_score) {
            best_score = score;
            /* From the start of the text when the hit is in the first half of a
             * window anyway, else a few words before the hit, for context. */
            best = i >= 3 && i >= words / 2 ? i - 3 : 0;
        }
    }
    return best;
}

int se_snippet(vn_analyzer *a, const char *text, size_t len, const se_highlight *hl,
               size_t words, char **out, tr_error *err)
{
    *out = NULL;
    if (len > SCAN_MAX) {
        /* Cut at a character boundary so the analyzer sees no broken sequence. */
        len = SCAN_MAX;
        while (len > 0 && ((unsigned char)text[len] & 0xC0) == 0x80)
            len--;
    }
    scan sc = {hl, malloc(MAX_TOKENS * sizeof(tok)), 0};
    if (!sc.toks)
        return tr_error_set(err, TR_ENOMEM, "out of memory building a snippet");
    int rc = vn_analyze(a, text, len, 0, on_token, &sc, NULL, err);
    if (rc != 0 && rc != STOP) {
        free(sc.toks);
        return rc;
    }

    se_buf b = {0};
    int fail = 0;
    if (sc.n > 0) {
        size_t first = best_window(sc.toks, sc.n, words);
        size_t last = first + words < sc.n ? first + words : sc.n;
        size_t pos = sc.toks[first].start;
        if (first > 0)
            fail |= se_buf_append(&b, "… ", strlen("… "));
        for (size_t i = first; i < last; i++) {
            const tok *t = &sc.toks[i];
            fail |= se_buf_append_escaped(&b, text + pos, t->start - pos);
            if (t->hit)
                fail |= se_buf_append(&b, "<mark>", 6);
            fail |= se_buf_append_escaped(&b, text + t->start, t->end - t->start);
            if (t->hit)
                fail |= se_buf_append(&b, "</mark>", 7);
            pos = t->end;
        }
        if (last < sc.n || rc == STOP)
            fail |= se_buf_append(&b, " …", strlen(" …"));
    }
    if (!fail && !b.data)
        fail |= se_buf_append(&b, "", 0);
    free(sc.toks);
    if (fail) {
        free(b.data);
        return tr_error_set(err, TR_ENOMEM, "out of memory building a snippet");
    }
    *out = b.data;
    return 0;
}
