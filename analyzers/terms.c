/* terms: a field's tokens turned into index terms (see vn_terms.h, docs/schema.md).
 *
 * Per token, in this order: the folded term (positional), the exact term (always,
 * even when it equals the folded one: the query side looks exact terms up without
 * checking), then, unless the token follows a break, the folded bigram with the token
 * before it and, within the first VN_BIGRAM_EXACT_SPAN positions of the text, the
 * exact one. A VN_PART gives its folded and exact terms at
 * its compound's position and nothing else: bigrams link the compound's whole
 * token to its neighbours, and the parts are not neighbours of anything.
 *
 * Terms are built in a stack buffer of VN_TERM_MAX bytes: the indexer pushes
 * several terms per word through here, and a malloc each would show.
 */
#include "vn_terms.h"

#include <string.h>

#include "vn_int.h"

const char *vn_term_prefix(vn_field field, vn_term_kind kind)
{
    static const char *const body[] = {VN_P_BODY, VN_P_BODY_EXACT, VN_P_BODY_BI,
                                       VN_P_BODY_BI_EXACT};
    static const char *const title[] = {VN_P_TITLE, VN_P_TITLE_EXACT, VN_P_TITLE_BI,
                                        VN_P_TITLE_BI_EXACT};
    if ((unsigned)kind > VN_TERM_BIGRAM_EXACT)
        return NULL;
    switch (field) {
    case VN_FIELD_BODY: return body[kind];
    case VN_FIELD_TITLE: return title[kind];
    }
    return NULL;
}

size_t vn_term_build(char *buf, size_t cap, const char *prefix, const char *a, size_t alen,
                     const char *b, size_t blen)
{
    size_t plen = prefix ? strlen(prefix) : 0;
    if (!buf || (!a && alen) || alen > VN_TERM_MAX || blen > VN_TERM_MAX)
        return 0;
    size_t len = plen + alen + (b ? 1 + blen : 0);
    if (len >= cap || len > VN_TERM_MAX)
        return 0;
    if (plen)
        memcpy(buf, prefix, plen);
    if (alen)
        memcpy(buf + plen, a, alen);
    if (b) {
        buf[plen + alen] = ' ';
        memcpy(buf + plen + alen + 1, b, blen);
    }
    buf[len] = '\0';
    return len;
}

typedef struct terms {
    const char *prefix[4]; /* by vn_term_kind */
    vn_term_fn fn;
    void *ctx;
    vn_token_fn tap; /* or NULL */
    void *tap_ctx;
    uint32_t first_pos; /* of the text: exact bigrams are made near its start only */
    int have_prev;
    /* The previous non-part token, for bigrams. Longer than a term can be, it could
     * not make a bigram anyway: its length is then kept and its bytes are not. */
    char prev_text[VN_TERM_MAX], prev_folded[VN_TERM_MAX];
    size_t prev_text_len, prev_folded_len;
} terms;

/* Builds and hands out one term; a term too long to index is skipped silently. */
static int term(terms *t, vn_term_kind kind, const char *a, size_t alen, const char *b,
                size_t blen, uint32_t pos)
{
    char buf[VN_TERM_MAX + 1];
    size_t n = vn_term_build(buf, sizeof buf, t->prefix[kind], a, alen, b, blen);
    return n ? t->fn(t->ctx, kind, buf, n, pos) : 0;
}

static void remember(char *dst, size_t *dst_len, const char *src, size_t len)
{
    *dst_len = len;
    if (len <= VN_TERM_MAX)
        memcpy(dst, src, len);
}

static int on_token(void *ctx, const vn_token *tok)
{
    terms *t = ctx;
    int rc;
    if (t->tap && (rc = t->tap(t->tap_ctx, tok)) != 0)
        return rc;
    if ((rc = term(t, VN_TERM_FOLDED, tok->folded, tok->folded_len, NULL, 0, tok->pos + 1)) ||
        (rc = term(t, VN_TERM_EXACT, tok->text, tok->text_len, NULL, 0, 0)))
        return rc;
    if (tok->kind == VN_PART)
        return 0;
    if (t->have_prev && !(tok->flags & VN_AFTER_BREAK) && t->prev_folded_len <= VN_TERM_MAX &&
        t->prev_text_len <= VN_TERM_MAX) {
        if ((rc = term(t, VN_TERM_BIGRAM, t->prev_folded, t->prev_folded_len, tok->folded,
                       tok->folded_len, 0)) ||
            (tok->pos - t->first_pos < VN_BIGRAM_EXACT_SPAN &&
             (rc = term(t, VN_TERM_BIGRAM_EXACT, t->prev_text, t->prev_text_len, tok->text,
                        tok->text_len, 0))))
            return rc;
    }
    remember(t->prev_folded, &t->prev_folded_len, tok->folded, tok->folded_len);
    remember(t->prev_text, &t->prev_text_len, tok->text, tok->text_len);
    t->have_prev = 1;
    return 0;
}

int vn_terms_field_tap(vn_analyzer *a, vn_field field, const char *text, size_t len,
                       uint32_t *pos, vn_term_fn fn, void *ctx, vn_token_fn tap, void *tap_ctx,
                       tr_error *err)
{
    if (!pos || !fn || !vn_term_prefix(field, VN_TERM_FOLDED))
        return tr_error_set(err, TR_EINVAL, "no position, callback or known field");
    terms t = {.fn = fn, .ctx = ctx, .tap = tap, .tap_ctx = tap_ctx, .first_pos = *pos};
    for (int k = VN_TERM_FOLDED; k <= VN_TERM_BIGRAM_EXACT; k++)
        t.prefix[k] = vn_term_prefix(field, (vn_term_kind)k);
    uint32_t next;
    int rc = vn_analyze(a, text, len, *pos, on_token, &t, &next, err);
    *pos = next;
    return rc;
}

int vn_terms_field(vn_analyzer *a, vn_field field, const char *text, size_t len, uint32_t *pos,
                   vn_term_fn fn, void *ctx, tr_error *err)
{
    return vn_terms_field_tap(a, field, text, len, pos, fn, ctx, NULL, NULL, err);
}
