/* tokens: a document read into an array of tokens that the rules walk back and forth,
 * with what lies between them (comma, dash, sentence end, line break) and their case;
 * and the arena the results live in. */
#include "kn_int.h"

#include <stdlib.h>
#include <string.h>
#include <unicode/uchar.h>
#include <unicode/utf8.h>

#include "tr_grow.h"

/* ---- Arena ------------------------------------------------------------------------ */

struct kn_chunk {
    kn_chunk *next;
    size_t used, cap;
    max_align_t data[];
};

#define KN_CHUNK 16384

void *kn_alloc(kn_arena *ar, size_t n)
{
    if (ar->failed)
        return NULL;
    n = (n + sizeof(max_align_t) - 1) / sizeof(max_align_t) * sizeof(max_align_t);
    kn_chunk *c = ar->head;
    if (!c || c->cap - c->used < n) {
        size_t cap = n > KN_CHUNK ? n : KN_CHUNK;
        c = malloc(sizeof *c + cap);
        if (!c) {
            ar->failed = 1;
            return NULL;
        }
        c->cap = cap;
        c->used = 0;
        c->next = ar->head;
        ar->head = c;
    }
    void *p = (char *)c->data + c->used;
    c->used += n;
    return p;
}

char *kn_strndup(kn_arena *ar, const char *s, size_t n)
{
    char *p = kn_alloc(ar, n + 1);
    if (!p)
        return (char *)"";
    memcpy(p, s, n);
    p[n] = '\0';
    return p;
}

char *kn_strcat3(kn_arena *ar, const char *a, const char *b, const char *c)
{
    size_t la = strlen(a), lb = strlen(b), lc = strlen(c);
    char *p = kn_alloc(ar, la + lb + lc + 1);
    if (!p)
        return (char *)"";
    memcpy(p, a, la);
    memcpy(p + la, b, lb);
    memcpy(p + la + lb, c, lc + 1);
    return p;
}

void kn_arena_free(kn_arena *ar)
{
    for (kn_chunk *c = ar->head, *next; c; c = next) {
        next = c->next;
        free(c);
    }
    ar->head = NULL;
}

int kn_grow(kn_arena *ar, void **arr, size_t *cap, size_t n, size_t size)
{
    void *p = tr_grow(*arr, n + 1, cap, size, 16);
    if (!p) {
        ar->failed = 1;
        return -1;
    }
    *arr = p;
    return 0;
}

/* ---- Tokens ------------------------------------------------------------------------- */

/* Two letters or more, none lower case. */
static int all_upper(const char *s, size_t len)
{
    int32_t i = 0, n = (int32_t)len, letters = 0;
    while (i < n) {
        UChar32 c;
        U8_NEXT(s, i, n, c);
        if (c < 0)
            return 0;
        if (u_islower(c))
            return 0;
        if (u_isalpha(c))
            letters++;
    }
    return letters >= 2;
}

int kn_reader_token(void *reader, const vn_token *tok)
{
    kn_reader *r = reader;
    kn_doc *d = &r->d;
    if (tok->kind == VN_PART || r->field > 1)
        return 0;
    if (kn_grow(d->ar, (void **)&d->t, &d->cap, d->n, sizeof *d->t))
        return TR_ENOMEM;
    kn_tok *t = &d->t[d->n++];
    memset(t, 0, sizeof *t);
    t->fold = kn_strndup(d->ar, tok->folded, tok->folded_len);
    t->hash = kn_hash(t->fold);
    t->exact = kn_strndup(d->ar, tok->text, tok->text_len);
    t->src = d->text[r->field] + tok->start;
    t->src_len = (uint32_t)(tok->end - tok->start);
    t->start = (uint32_t)tok->start;
    t->kind = (uint8_t)tok->kind;
    t->field = r->field;
    t->flags = (uint8_t)(((tok->flags & VN_CAPITALISED) ? KN_T_CAP : 0) |
                         ((tok->flags & VN_HAS_MARKS) ? KN_T_MARKS : 0) |
                         (all_upper(t->src, t->src_len) ? KN_T_UPPER : 0));
    return d->ar->failed ? TR_ENOMEM : 0;
}

/* What the bytes between two tokens hold. */
static uint16_t classify_gap(const char *s, size_t len)
{
    uint16_t g = 0;
    int32_t i = 0, n = (int32_t)len;
    while (i < n) {
        UChar32 c;
        U8_NEXT(s, i, n, c);
        switch (c) {
        case ' ': case '\t': case 0xA0: case 0x200B: case 0xFEFF: break;
        case '\n': case '\r': case 0x2028: case 0x2029: g |= KN_G_PARA; break;
        case '.': g |= i == n ? KN_G_DOT : KN_G_SENT; break;
        case '!': case '?': case 0x2026: g |= KN_G_SENT; break;
        case ';': g |= KN_G_SEMI; break;
        case ':': g |= KN_G_COLON; break;
        case ',': g |= KN_G_COMMA; break;
        case '-': case 0x2013: case 0x2014: case 0x2212: g |= KN_G_DASH; break;
        case '(': case '[': g |= KN_G_OPEN; break;
        case ')': case ']': g |= KN_G_CLOSE; break;
        case '"': case '\'': case 0x201C: case 0x201D: case 0x2018: case 0x2019: case 0xAB:
        case 0xBB: g |= KN_G_QUOTE; break;
        default: g |= KN_G_OTHER; break;
        }
    }
    return g;
}

/* A field written in capitals (a headline in upper case) says nothing by its case. */
static void mark_shouting(kn_doc *d, size_t from)
{
    size_t words = 0, upper = 0;
    for (size_t i = from; i < d->n; i++) {
        if (d->t[i].kind != VN_WORD)
            continue;
        words++;
        if ((d->t[i].flags & KN_T_UPPER) || d->t[i].src_len == 1)
            upper++;
    }
    if (words >= 3 && upper * 10 >= words * 9)
        for (size_t i = from; i < d->n; i++)
            d->t[i].flags |= KN_T_SHOUT;
}

void kn_doc_texts(kn_doc *d, const kn_text *in)
{
    d->text[0] = in->title ? in->title : "";
    d->len[0] = in->title ? in->title_len : 0;
    d->text[1] = in->body ? in->body : "";
    d->len[1] = in->body ? in->body_len : 0;
}

void kn_reader_field_end(kn_reader *r)
{
    if (r->field > 1)
        return;
    kn_doc *d = &r->d;
    uint8_t f = r->field;
    for (size_t i = r->from; i < d->n; i++) {
        kn_tok *t = &d->t[i];
        if (i == r->from) {
            t->gap = KN_G_PARA;
            continue;
        }
        const kn_tok *p = &d->t[i - 1];
        size_t pend = p->start + p->src_len;
        t->gap = t->start > pend ? classify_gap(d->text[f] + pend, t->start - pend) : 0;
    }
    mark_shouting(d, r->from);
    r->field++;
    r->from = d->n;
}

void kn_doc_mark(kn_doc *d)
{
    size_t words = 0, marks = 0;
    for (size_t k = 0; k < d->n; k++) {
        words += d->t[k].kind == VN_WORD;
        marks += (d->t[k].flags & KN_T_MARKS) != 0;
    }
    d->marked = marks * 5 > words;
}

int kn_tok_cap(const kn_doc *d, size_t i)
{
    if (i >= d->n)
        return 0;
    const kn_tok *t = &d->t[i];
    if (t->kind != VN_WORD && t->kind != VN_ABBR)
        return 0;
    return (t->flags & (KN_T_CAP | KN_T_SHOUT)) != 0;
}

int kn_tok_is(const kn_doc *d, size_t i, const char *word)
{
    return i < d->n && strcmp(d->t[i].fold, word) == 0;
}

char *kn_span_text(const kn_doc *d, size_t i, size_t j)
{
    if (i >= d->n)
        return (char *)"";
    if (j >= d->n)
        j = d->n - 1;
    while (j > i && d->t[j].field != d->t[i].field)
        j--;
    const char *s = d->t[i].src;
    const char *e = d->t[j].src + d->t[j].src_len;
    char *out = kn_alloc(d->ar, (size_t)(e - s) + 1);
    if (!out)
        return (char *)"";
    size_t n = 0;
    int space = 0;
    for (const char *p = s; p < e; p++) {
        if (*p == ' ' || *p == '\t' || *p == '\n' || *p == '\r') {
            space = 1;
            continue;
        }
        if (space && n)
            out[n++] = ' ';
        space = 0;
        out[n++] = *p;
    }
    out[n] = '\0';
    return out;
}

size_t kn_sentence_start(const kn_doc *d, size_t i)
{
    while (i > 0 && !(d->t[i].gap & KN_G_ENDS) && d->t[i - 1].field == d->t[i].field)
        i--;
    return i;
}

size_t kn_sentence_end(const kn_doc *d, size_t i)
{
    while (i + 1 < d->n && !(d->t[i + 1].gap & KN_G_ENDS) && d->t[i + 1].field == d->t[i].field)
        i++;
    return i;
}
