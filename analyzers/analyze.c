/* analyze: the analyzer object and the loop that hands out tokens.
 *
 * The text is taken a chunk at a time (utf8.c cuts it after a space near every
 * VN_CHUNK bytes), so that memory is bounded by the chunk, not the text, and the
 * work stays linear: a 50 MB line costs what 800 paragraphs do. Per chunk: decode
 * once, segment once, then walk the atoms, joining compounds, normalising, and
 * calling back. Nothing is allocated per token; the chunk buffers grow to the
 * largest chunk seen and are kept for the next call.
 *
 * Positions: every token but a VN_PART takes the next one; the parts of a compound
 * share its position. VN_AFTER_BREAK is decided by what lies between a token and
 * the one before it (across chunks too): anything but horizontal space. A token
 * too long to index (see VN_TOKEN_MAX) is skipped, takes no position, and counts
 * as a break.
 */
#include "vn_int.h"

#include <stdlib.h>

/* The state of one vn_analyze() call. */
typedef struct run {
    vn_analyzer *a;
    vn_token_fn fn;
    void *ctx;
    tr_error *err;
    size_t base;      /* byte offset of the chunk in the caller's text */
    uint32_t pos;     /* the next position */
    int brk;          /* a break was seen since the last token */
    int32_t prev_end; /* the end of the last token in this chunk (UTF-16) */
} run;

vn_analyzer *vn_analyzer_new(tr_error *err)
{
    UBreakIterator *bi = vn_icu_break_clone(err);
    if (!bi)
        return NULL;
    vn_analyzer *a = calloc(1, sizeof *a);
    if (!a) {
        ubrk_close(bi);
        tr_error_set(err, TR_ENOMEM, "out of memory creating an analyzer");
        return NULL;
    }
    a->bi = bi;
    return a;
}

void vn_analyzer_free(vn_analyzer *a)
{
    if (!a)
        return;
    ubrk_close(a->bi);
    free(a->u16);
    free(a->map);
    free(a->atoms);
    free(a);
}

static int grow(vn_analyzer *a, size_t units)
{
    if (a->cap16 >= units)
        return 0;
    UChar *u = realloc(a->u16, units * sizeof *u);
    if (!u)
        return -1;
    a->u16 = u;
    uint32_t *m = realloc(a->map, units * sizeof *m);
    if (!m)
        return -1;
    a->map = m;
    a->cap16 = units;
    return 0;
}

/* Calls back with the token in a->text / a->folded, source units [s, e). */
static int deliver(run *r, vn_kind kind, unsigned flags, int32_t s, int32_t e, uint32_t pos)
{
    vn_analyzer *a = r->a;
    vn_token t = {
        .kind = kind,
        .flags = flags,
        .text = a->text,
        .text_len = (size_t)a->text_len,
        .folded = a->folded,
        .folded_len = (size_t)a->folded_len,
        .start = r->base + a->map[s],
        .end = r->base + a->map[e],
        .pos = pos,
    };
    return r->fn(r->ctx, &t);
}

/* Normalises [s, e) and works out the flags of a token that takes a position.
 * Returns 1 when it is to be delivered, 0 when it was skipped. */
static int begin(run *r, int32_t s, int32_t e, unsigned aflags, int cap, unsigned *flags)
{
    vn_analyzer *a = r->a;
    r->brk |= !vn_only_spaces(a->u16, r->prev_end, s);
    r->prev_end = e;
    unsigned nflags;
    if (vn_norm_token(a, a->u16 + s, e - s, (aflags & VN_A_IGNORE) != 0, &nflags) != 0) {
        r->brk = 1;
        return 0;
    }
    *flags = (r->brk ? VN_AFTER_BREAK : 0u) | (cap ? VN_CAPITALISED : 0u) |
             nflags;
    r->brk = 0;
    return 1;
}

static int take_pos(run *r, uint32_t *pos)
{
    if (r->pos == UINT32_MAX)
        return tr_error_set(r->err, TR_ELIMIT, "too many token positions");
    *pos = r->pos++;
    return 0;
}

static int emit_atom(run *r, const vn_atom *at, vn_kind kind)
{
    unsigned flags;
    uint32_t pos = 0;
    if (!begin(r, at->start, at->end, at->flags, (at->flags & VN_A_CAP) != 0, &flags))
        return 0;
    int rc = take_pos(r, &pos);
    return rc ? rc : deliver(r, kind, flags, at->start, at->end, pos);
}

static vn_kind atom_kind(const vn_atom *at)
{
    return vn_atom_digits(at->flags) ? VN_NUMBER : VN_WORD;
}

/* A compound, then its atoms as VN_PART at its position. */
static int emit_compound(run *r, const vn_atom *at, const vn_span *sp)
{
    vn_analyzer *a = r->a;
    unsigned aflags = 0;
    int cap = -1; /* the case of the first letter, where there is one */
    for (int32_t k = 0; k < sp->count; k++) {
        aflags |= at[k].flags;
        if (cap < 0 && (at[k].flags & VN_A_ALPHA))
            cap = (at[k].flags & VN_A_CAP) != 0;
    }
    unsigned flags;
    uint32_t pos = 0;
    /* Save what begin() changes: if the whole is too long, its atoms go out one by
     * one, as if never joined. */
    int brk = r->brk;
    int32_t prev_end = r->prev_end;
    if (!begin(r, at->start, sp->end, aflags, cap > 0, &flags)) {
        r->brk = brk;
        r->prev_end = prev_end;
        for (int32_t k = 0; k < sp->count; k++) {
            int rc = emit_atom(r, &at[k], atom_kind(&at[k]));
            if (rc)
                return rc;
        }
        return 0;
    }
    int rc = take_pos(r, &pos);
    if (rc || (rc = deliver(r, sp->kind, flags, at->start, sp->end, pos)) != 0)
        return rc;
    for (int32_t k = 0; k < sp->count; k++) {
        unsigned nflags;
        if (vn_norm_token(a, a->u16 + at[k].start, at[k].end - at[k].start,
                          (at[k].flags & VN_A_IGNORE) != 0, &nflags) != 0)
            continue;
        unsigned pflags = ((at[k].flags & VN_A_CAP) ? VN_CAPITALISED : 0u) |
                          nflags;
        if ((rc = deliver(r, VN_PART, pflags, at[k].start, at[k].end, pos)) != 0)
            return rc;
    }
    return 0;
}

static int analyze_chunk(run *r, const char *text, size_t off, size_t end)
{
    vn_analyzer *a = r->a;
    size_t len = end - off;
    if (grow(a, len + 1) != 0)
        return tr_error_set(r->err, TR_ENOMEM, "out of memory analysing text");
    int32_t n = vn_utf8_decode((const uint8_t *)text + off, (int32_t)len, a->u16, a->map);
    int rc = vn_segment(a, n, r->err);
    if (rc)
        return rc;
    r->base = off;
    r->prev_end = 0;
    for (int32_t i = 0; i < a->natoms;) {
        vn_span sp;
        vn_compound_at(a->u16, n, a->atoms, a->natoms, i, &sp);
        const vn_atom *at = &a->atoms[i];
        if (sp.count == 1 && (sp.kind == VN_WORD || sp.kind == VN_NUMBER))
            rc = emit_atom(r, at, sp.kind);
        else
            rc = emit_compound(r, at, &sp);
        if (rc)
            return rc;
        i += sp.count;
    }
    r->brk |= !vn_only_spaces(a->u16, r->prev_end, n);
    return 0;
}

int vn_analyze(vn_analyzer *a, const char *text, size_t len, uint32_t first_pos, vn_token_fn fn,
               void *ctx, uint32_t *next_pos, tr_error *err)
{
    if (next_pos)
        *next_pos = first_pos;
    if (!a || !fn || (len && !text))
        return tr_error_set(err, TR_EINVAL, "no analyzer, text or callback");
    if (len > ((size_t)1 << 31))
        return tr_error_set(err, TR_ELIMIT, "text longer than 2 GiB");
    run r = {.a = a, .fn = fn, .ctx = ctx, .err = err, .pos = first_pos};
    int rc = 0;
    for (size_t off = 0; off < len && rc == 0;) {
        size_t end = vn_chunk_end(text, len, off);
        rc = analyze_chunk(&r, text, off, end);
        off = end;
    }
    if (next_pos)
        *next_pos = r.pos;
    return rc;
}
