/* orgs: organisations named in a document, with a label and a key that stay the same
 * however the text writes them.
 *
 * An organisation starts with a head and goes on by its kind:
 *   - local bodies (UBND, HĐND, Tỉnh ủy, Công an, ...): a level word and a place of the
 *     gazetteer ("UBND huyện Nam Giang" -> ubnd-huyen.quang-nam.nam-giang), or a commune
 *     by name ("UBND xã Tham Đôn");
 *   - departments and ministries (Sở, Bộ): a branch from a fixed list, written out or
 *     abbreviated (KH&CN, TN&MT, GD-ĐT), then for a Sở its province ("Sở KH&CN tỉnh
 *     Quảng Nam" and "Sở Khoa học và Công nghệ Quảng Nam" are one key);
 *   - named bodies (Viện, Trường, Cục, Trung tâm, Công ty, ...): capitalised words, with
 *     lower-case words only from a list of words such names use ("Trường Đại học Bách
 *     khoa Hà Nội");
 *   - single bodies (Chính phủ, Quốc hội, Bộ Chính trị).
 * A head written alone ("Giám đốc Sở", "UBND tỉnh") is bare: it takes the key of the
 * nearest organisation of the same head the document names in full (kn_orgs_resolve).
 */
#include "kn_int.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "vn_terms.h"

static int title_abbr(const char *fold)
{
    static const char *const t[] = {"ts", "ths", "pgs", "gs", "bs", "ks", "tskh", "pgs.ts",
                                    "gs.ts", "gs.tskh", "ths.bs"};
    for (size_t i = 0; i < sizeof t / sizeof t[0]; i++)
        if (strcmp(fold, t[i]) == 0)
            return 1;
    return 0;
}

/* The lower-case syllable at k ends the word a capitalised syllable began, that
 * syllable starting a word of the name ("Hội đồng Bảo an", "Trường Tiểu học", "Cục Điều
 * tra Liên bang"): a name written in sentence case does not end inside a word. After two
 * capitalised syllables in a row the name is a proper name that may well end there
 * ("Bệnh viện Bạch Mai tiếp nhận"). A word that ends a name ("Công ty Mỹ cho biết", "Cục
 * Thuế tỉnh") is not taken, nor anything after a brand that is no Vietnamese syllable
 * ("Vingroup công bố"). */
static int ends_word(const kn_doc *d, size_t j, size_t k)
{
    const kn_tok *c = &d->t[k - 1], *t = &d->t[k];
    if (k - 1 > j && kn_tok_cap(d, k - 2) && !(d->t[k - 2].flags & KN_T_UPPER) &&
        !d->t[k - 1].gap)
        return 0;
    return !t->gap && t->kind == VN_WORD && !kn_tok_cap(d, k) && c->kind == VN_WORD &&
           (c->flags & KN_T_CAP) && !(c->flags & (KN_T_UPPER | KN_T_SHOUT)) && c->fold[1] &&
           kn_viet_syllable(c->fold) && kn_viet_syllable(t->fold) && !kn_word_at(d, KN_W_FUNCTION, k);
}

/* A name does not end on a word of the list that is a verb when the clause goes on
 * ("Viện Sinh học Nhiệt đới tổ chức hội thảo"), nor, whatever follows, on one that ends
 * names ("... Chất lượng tổ chức."): the end without it. */
static size_t trim_verb(const kn_doc *d, size_t j, size_t k)
{
    int goes_on = k < d->n && !d->t[k].gap && d->t[k].kind == VN_WORD && !kn_tok_cap(d, k);
    for (size_t x = k - 1; x > j && k - x <= 3; x--)
        if (!kn_tok_cap(d, x) && kn_word_at(d, KN_W_VERB, x) == k - x &&
            (goes_on || kn_word_at(d, KN_W_FUNCTION, x) == k - x))
            return x;
    return k;
}

/* The words of a name from token j: capitalised words, abbreviations, "và" between
 * capitalised words, and lower-case words of the list; their count. A position does not
 * start a name ("Hội đồng CHỦ TỊCH HỘI ĐỒNG" is a signature's title), and a line break
 * may fall inside one of its words ("Chất\nlượng"). */
static size_t name_run(const kn_doc *d, size_t j, int stop_at_name)
{
    size_t k = j;
    while (k < d->n) {
        const kn_tok *t = &d->t[k];
        if (t->used == KN_U_NAME)
            break;
        if (k == j && (kn_org_head_at(d, k) || kn_position_at(d, k)))
            break;
        if (k > j && title_abbr(t->fold))
            break; /* the next person's "TS." */
        if (k > j) {
            if (t->gap & ~KN_G_DASH) {
                size_t w = t->gap == KN_G_PARA ? kn_org_words_wrapped(d, k) : 0;
                if (!w)
                    break;
                k += w;
                continue;
            }
            if ((t->gap & KN_G_DASH) && !kn_tok_cap(d, k))
                break;
            if (kn_org_head_at(d, k) || kn_position_at(d, k))
                break;
        }
        if (stop_at_name && k > j) {
            size_t m = kn_name_at(d, k);
            if (m && (k + m >= d->n || !kn_tok_cap(d, k + m) || d->t[k + m].gap)) {
                int named = 0;
                for (size_t x = j; x < k && !named; x++)
                    named = kn_tok_cap(d, x) && !kn_generic_word(d->t[x].fold);
                if (named)
                    break;
            }
        }
        if (k > j && kn_legal_part_at(d, k))
            break; /* "... Điều 19", a reference, not a name */
        if (kn_tok_cap(d, k) || t->kind == VN_ABBR || (t->kind == VN_NUMBER && k > j)) {
            k++;
            continue;
        }
        if (k == j)
            break;
        /* "và" joins words of one name, not a name and a person ("... Huế và Ông
         * Trương Quốc Hùng"). */
        if ((kn_tok_is(d, k, "va") || kn_tok_is(d, k, "&")) && k + 1 < d->n &&
            kn_tok_cap(d, k + 1) && !d->t[k + 1].gap && !kn_name_at(d, k + 1) &&
            !kn_head_at(d, k + 1, NULL) &&
            !kn_tok_is(d, k + 1, "ong") && !kn_tok_is(d, k + 1, "ba")) {
            k += 2;
            continue;
        }
        /* ... and lower-case words of the list: "tiến bộ khoa học và công nghệ" */
        size_t after = kn_tok_is(d, k, "va") && k + 1 < d->n && !d->t[k + 1].gap &&
                               !kn_tok_cap(d, k - 1) && !kn_tok_cap(d, k + 1)
                           ? kn_org_words_at(d, k + 1)
                           : 0;
        if (after) {
            k += 1 + after;
            continue;
        }
        size_t w = kn_org_words_at(d, k);
        if (!w && ends_word(d, j, k))
            w = 1;
        if (!w)
            break;
        k += w;
    }
    k = trim_verb(d, j, k);
    while (k > j + 1 && kn_tok_is(d, k - 1, "va"))
        k--;
    return k - j;
}

/* Whether the capitalised words after a named head name something: not words that name
 * nothing alone ("Trường ĐH", "Công ty TNHH", "Trung tâm TP"), a country ("Công ty Mỹ"
 * is an American company), or an activity that wants its object ("Ban Quản lý", "Viện
 * Nghiên cứu" cut short); a school's kind after "Trường"; and not a place of the
 * gazetteer that begins with the head ("Hội An", "Trường Sa", "Quy Nhơn"). */
static int names_body(const kn_doc *d, const kn_head *h, size_t i, size_t k, size_t rn)
{
    int named = 0;
    for (size_t x = k; x < k + rn && !named; x++)
        named = !kn_generic_word(d->t[x].fold) && !kn_tok_is(d, x, "tp");
    if (!named || kn_word_at(d, KN_W_COUNTRY, k) == rn || kn_word_at(d, KN_W_UNFINISHED, k) == rn)
        return 0;
    if (strcmp(h->canon, "Trường") == 0 && !kn_word_at(d, KN_W_SCHOOL, k) && !kn_name_at(d, k))
        return 0;
    const kn_phrase *p;
    return kn_lex_match(&kn_gz()->names, d, i, &p) <= k - i;
}

/* A capitalised head right after a capitalised word is inside another name ("Tây Ban
 * Nha"), unless that word ends a position ("Giám đốc Sở", "Trưởng Ban"). */
static int inside_name(const kn_doc *d, size_t i)
{
    if (i == 0 || d->t[i].gap || !(d->t[i].flags & KN_T_CAP) || d->t[i - 1].used)
        return 0;
    const kn_tok *p = &d->t[i - 1];
    if (p->kind != VN_WORD || !(p->flags & KN_T_CAP) || (p->flags & (KN_T_UPPER | KN_T_SHOUT)))
        return 0;
    for (size_t x = i - 1, back = 0; back < 5; x--, back++) {
        if (kn_position_at(d, x) >= i - x)
            return 0;
        if (x == 0)
            break;
    }
    return 1;
}

/* What follows an organisation's name to say where it is. */
typedef struct where {
    size_t n;              /* tokens taken */
    const kn_place *p;     /* a place of the gazetteer */
    const char *level;     /* its level word as written ("tỉnh"), or NULL */
    const char *commune;   /* "xã Tham Đôn", for places under the gazetteer's level */
    int bare_level;        /* a level word alone ("UBND tỉnh"): its KN_LV_* */
    int plural;
} where;

/* The level a head's own name gives: "Huyện ủy Hóc Môn" is a district's. */
static const kn_level *implied_level(const kn_head *h)
{
    static const kn_level province = {KN_LV_PROVINCE, 0, "tỉnh"},
                          city = {KN_LV_CITY, 0, "thành phố"},
                          district = {KN_LV_DISTRICT, 0, "huyện"};
    if (!h || h->party != 2)
        return NULL;
    if (strcmp(h->canon, "Tỉnh ủy") == 0)
        return &province;
    return strcmp(h->canon, "Thành ủy") == 0 ? &city : &district;
}

static where place_after(kn_doc *d, size_t k, int stop_at_name, const kn_head *h)
{
    where w = {0};
    if (k >= d->n || (d->t[k].gap & ~KN_G_DOT))
        return w;
    const kn_level *lv = NULL;
    size_t ln = kn_level_at(d, k, &lv);
    if (!ln && implied_level(h)) {
        const kn_place *p;
        size_t n = kn_place_at(d, k, implied_level(h), &p);
        if (n && p) {
            w.p = p;
            w.n = n;
            return w;
        }
    }
    if (ln && lv->plural) {
        w.plural = 1;
        return w;
    }
    if (ln && lv->kind == KN_LV_COMMUNE) {
        size_t n = 0;
        while (n < 3 && kn_tok_cap(d, k + ln + n) && !(d->t[k + ln + n].gap & ~KN_G_DOT) &&
               !(stop_at_name && n > 0 && kn_name_at(d, k + ln + n)))
            n++;
        if (!n)
            return w;
        w.commune = kn_strcat3(d->ar, lv->word, " ", kn_span_text(d, k + ln, k + ln + n - 1));
        w.n = ln + n;
        return w;
    }
    size_t n = kn_place_at(d, k + ln, ln ? lv : NULL, &w.p);
    if (n) {
        w.n = ln + n;
        w.level = ln ? lv->word : NULL;
        return w;
    }
    if (ln) {
        w.bare_level = lv->kind;
        w.level = lv->word;
        w.n = ln;
    }
    return w;
}

static void mark(kn_doc *d, size_t from, size_t to)
{
    for (size_t x = from; x < to && x < d->n; x++)
        if (!d->t[x].used)
            d->t[x].used = KN_U_ORG;
}

static const char *slug_of(kn_doc *d, const char *text)
{
    char s[VN_TERM_MAX];
    size_t n = kn_slug(text, strlen(text), s, sizeof s);
    return kn_strndup(d->ar, s, n);
}

/* Labels and keys: the place goes after a '.', so that the same body in two places
 * has two keys and the key still reads ("ubnd-huyen.quang-nam.nam-giang"). */
static void place_org(kn_doc *d, kn_org *o, const char *name, const where *w, int local,
                      const kn_head *h)
{
    if (w->p) {
        kn_place_note(d, w->p);
        o->level = w->p->province ? KN_LV_PROVINCE : KN_LV_DISTRICT;
        const char *lvw = w->level ? w->level : w->p->level;
        if (local && h->party != 2) {
            o->label = kn_strcat3(d->ar, name, " ", kn_strcat3(d->ar, lvw, " ", w->p->name));
            o->key = kn_strcat3(d->ar, slug_of(d, kn_strcat3(d->ar, name, " ", lvw)), ".",
                                w->p->id);
        } else {
            o->label = kn_strcat3(d->ar, name, " ", w->p->name);
            o->key = kn_strcat3(d->ar, slug_of(d, name), ".", w->p->id);
        }
    } else if (w->commune) {
        o->label = kn_strcat3(d->ar, name, " ", w->commune);
        o->key = slug_of(d, o->label);
        o->level = KN_LV_COMMUNE;
    } else {
        o->label = name;
        o->key = slug_of(d, name);
    }
}

/* A head in lower case ("sở", "vụ", "phòng") is a syllable of another word as often as
 * not ("trụ sở", "nhiệm vụ", "văn phòng"): it counts after a position, after
 * punctuation, or after a word that introduces a name ("của", "tại", "với"). */
static int lower_head_ok(const kn_doc *d, size_t i, size_t hn, unsigned flags)
{
    static const char *const intro[] = {"cua", "tai", "voi", "va", "cho", "thuoc", "cac",
                                        "o", "tu", "den", "la", "theo", "giua", "gui",
                                        "truc", "lanh", "dao", "dien", "phia", "hai", "ba"};
    /* A head in capitals says no more than one in lower case: "CỘNG HÒA XÃ HỘI CHỦ
     * NGHĨA" holds no Hội. */
    int cased = kn_tok_cap(d, i) && !(d->t[i].flags & (KN_T_UPPER | KN_T_SHOUT));
    if (cased || hn > 1 || (flags & KN_ORG_AFTER_POSITION) || i == 0 || d->t[i].gap)
        return 1;
    for (size_t k = 0; k < sizeof intro / sizeof intro[0]; k++)
        if (kn_tok_is(d, i - 1, intro[k]))
            return 1;
    return 0;
}

/* A head with nothing after it may stand for one the document names in full. */
static int bare_ok(const kn_doc *d, size_t k, unsigned flags)
{
    if (flags & KN_ORG_AFTER_POSITION)
        return 1;
    return k >= d->n || d->t[k].gap || kn_tok_cap(d, k) || d->t[k].kind != VN_WORD;
}

static size_t bare(kn_doc *d, kn_org *o, const kn_head *h, size_t i, size_t n, const where *w)
{
    o->key = "";
    o->label = w && w->level ? kn_strcat3(d->ar, h->canon, " ", w->level) : h->canon;
    o->level = w && w->bare_level ? w->bare_level
               : implied_level(h)       ? implied_level(h)->kind
                                        : 0; /* "Bí thư Tỉnh ủy": a province's */
    o->plural = w && w->plural;
    o->bare = 1;
    mark(d, i, i + n);
    return n;
}

static size_t org_at(kn_doc *d, size_t i, unsigned flags, const char *implied, kn_org *out)
{
    out->tok = i;
    out->key = "";
    if (flags & KN_ORG_IMPLIED_ONLY) {
        const kn_head *h = implied ? kn_head_by_phrase(implied) : NULL;
        if (h && h->kind != KN_H_LOCAL && h->kind != KN_H_STANDALONE) {
            out->head = h->kind;
            out->party = h->party != 0;
            out->head_word = kn_head_slug(h);
            out->label = h->canon;
            out->bare = 1;
        }
        return 0;
    }
    if (i >= d->n || d->t[i].used)
        return 0;
    int stop = (flags & KN_ORG_STOP_AT_NAME) != 0;
    size_t hn = 0;
    const kn_head *h = kn_head_at(d, i, &hn);
    if (h && h->kind == KN_H_STANDALONE && !kn_tok_cap(d, i))
        h = NULL;
    if (h && !lower_head_ok(d, i, hn, flags))
        h = NULL;
    if (h && (d->t[i].flags & KN_T_SHOUT) && h->kind == KN_H_NAMED)
        h = NULL; /* in a headline in capitals, every word looks like a name */
    if (!h && implied) {
        h = kn_head_by_phrase(implied);
        hn = 0;
    }
    if (!h) {
        size_t n = (flags & KN_ORG_HEADLESS) ? name_run(d, i, stop) : 0;
        if (!n || kn_name_at(d, i))
            return 0;
        out->head = KN_H_HEADLESS;
        out->label = kn_span_text(d, i, i + n - 1);
        out->key = slug_of(d, out->label);
        mark(d, i, i + n);
        return n;
    }
    out->head = h->kind;
    out->party = h->party != 0;
    out->head_word = kn_head_slug(h);
    size_t k = i + hn;
    switch (h->kind) {
    case KN_H_STANDALONE:
        out->label = h->canon;
        out->key = slug_of(d, h->canon);
        mark(d, i, k);
        return hn;
    case KN_H_LOCAL: {
        where w = place_after(d, k, stop, h);
        if (w.p || w.commune) {
            place_org(d, out, h->canon, &w, 1, h);
            mark(d, i, k + w.n);
            return hn + w.n;
        }
        if (hn == 0) {
            out->head = KN_H_NONE; /* "Chủ tịch" alone is not of an UBND */
            out->head_word = NULL;
            return 0;
        }
        /* "Đảng ủy Bộ Lao động - Thương binh và Xã hội", "Công an tỉnh" */
        kn_org inner;
        size_t n2 = !w.n && k < d->n && !d->t[k].gap ? kn_org_at(d, k, flags, NULL, &inner) : 0;
        if (n2 && inner.key[0] && inner.head != KN_H_LOCAL) {
            out->label = kn_strcat3(d->ar, h->canon, " ", inner.label);
            out->key = kn_strcat3(d->ar, out->head_word, "-", inner.key);
            mark(d, i, k + n2);
            return hn + n2;
        }
        return bare_ok(d, k + w.n, flags) ? bare(d, out, h, i, hn + w.n, &w) : 0;
    }
    case KN_H_DEPT:
    case KN_H_MIN: {
        size_t bn = 0;
        const char *branch = k < d->n && !d->t[k].gap ? kn_branch_at(d, k, &bn) : NULL;
        if (branch) {
            const char *name = kn_strcat3(d->ar, h->canon, " ", branch);
            where w = {0};
            if (h->kind == KN_H_DEPT)
                w = place_after(d, k + bn, stop, NULL);
            if (w.p && !w.p->province)
                w.p = w.p->parent; /* a Sở is a province's */
            place_org(d, out, name, &w, 0, h);
            if (w.plural || (!w.p && !w.commune))
                out->level = 0;
            mark(d, i, k + bn + (w.p ? w.n : 0));
            return hn + bn + (w.p ? w.n : 0);
        }
        if (h->kind == KN_H_DEPT && k < d->n && !d->t[k].gap && kn_tok_cap(d, k))
            break; /* a Sở not on the list: named */
        return bare_ok(d, k, flags) ? bare(d, out, h, i, hn, NULL) : 0;
    }
    default:
        break;
    }
    /* Named bodies. */
    if (hn && k < d->n && (d->t[k].gap & ~KN_G_DOT))
        return 0;
    if (hn && inside_name(d, i)) {
        out->head = KN_H_NONE;
        return 0;
    }
    size_t rn = name_run(d, k, stop);
    if (rn && !names_body(d, h, i, k, rn)) {
        out->head = KN_H_NONE;
        return 0;
    }
    if (!rn) {
        if (hn == 0)
            return bare(d, out, h, i, 0, NULL);
        out->head = KN_H_NONE;
        return 0;
    }
    const char *name = kn_strcat3(d->ar, h->canon, " ", kn_span_text(d, k, k + rn - 1));
    where w = place_after(d, k + rn, stop, NULL);
    place_org(d, out, name, &w, 0, h);
    mark(d, i, k + rn + w.n);
    return hn + rn + w.n;
}

size_t kn_org_at(kn_doc *d, size_t i, unsigned flags, const char *implied, kn_org *out)
{
    memset(out, 0, sizeof *out);
    out->tok = i;
    out->key = "";
    size_t n = org_at(d, i, flags, implied, out);
    if (!n && !out->bare) {
        memset(out, 0, sizeof *out);
        out->key = "";
    }
    return n;
}

size_t kn_org_note(kn_doc *d, const kn_org *o)
{
    kn_entities *e = d->out;
    if (kn_grow(d->ar, (void **)&e->org, &e->caporg, e->norg, sizeof *e->org))
        return 0;
    e->org[e->norg] = *o;
    return ++e->norg;
}

void kn_orgs_extract(kn_doc *d)
{
    for (size_t i = 0; i < d->n;) {
        kn_org o;
        size_t n = d->t[i].used ? 0 : kn_org_at(d, i, KN_ORG_STOP_AT_NAME, NULL, &o);
        if (n && o.key[0])
            kn_org_note(d, &o);
        i += n ? n : 1;
    }
}

/* The province the document is most about, when one stands out. */
static const kn_place *main_province(const kn_doc *d)
{
    const kn_place *best = NULL;
    unsigned top = 0, second = 0;
    for (size_t k = 0; k < d->out->npl; k++) {
        const kn_placehit *h = &d->out->pl[k];
        if (!h->p->province)
            continue;
        if (h->mentions > top) {
            second = top;
            top = h->mentions;
            best = h->p;
        } else if (h->mentions > second) {
            second = h->mentions;
        }
    }
    return top > second ? best : NULL;
}

static int same_head(const kn_org *bare, const kn_org *full)
{
    if (!full->key[0] || !full->head_word || strcmp(bare->head_word, full->head_word) != 0)
        return 0;
    return !bare->level || bare->level == full->level ||
           (bare->level == KN_LV_CITY && full->level != KN_LV_COMMUNE);
}

/* The organisation nearest to org i that `match` accepts: before it, else after it. */
static const kn_org *nearest(const kn_entities *e, size_t i,
                             int (*match)(const kn_org *o, const kn_org *f))
{
    const kn_org *o = &e->org[i], *before = NULL, *after = NULL;
    for (size_t k = 0; k < e->norg; k++) {
        const kn_org *f = &e->org[k];
        if (k == i || !match(o, f))
            continue;
        if (f->tok < o->tok && (!before || f->tok > before->tok))
            before = f;
        if (f->tok > o->tok && (!after || f->tok < after->tok))
            after = f;
    }
    return before ? before : after;
}

/* f is the Sở o with its province. */
static int placed_same(const kn_org *o, const kn_org *f)
{
    size_t n = strlen(o->key);
    return f->head == KN_H_DEPT && strncmp(f->key, o->key, n) == 0 && f->key[n] == '.';
}

/* A Sở named without its province ("Phó Giám đốc Sở Khoa học và Công nghệ") is the
 * one of the same branch the document places, the nearest, or else that of the province
 * the document is about ("UBND TỈNH HẬU GIANG\nSỞ KHOA HỌC VÀ CÔNG NGHỆ"): a Sở is a
 * province's. */
static void place_departments(kn_doc *d)
{
    kn_entities *e = d->out;
    for (size_t i = 0; i < e->norg; i++) {
        kn_org *o = &e->org[i];
        if (o->head != KN_H_DEPT || !o->key[0] || strchr(o->key, '.'))
            continue;
        const kn_org *pick = nearest(e, i, placed_same);
        const kn_place *p = pick ? NULL : main_province(d);
        if (pick) {
            o->key = pick->key;
            o->label = pick->label;
        } else if (p) {
            where w = {.p = p};
            place_org(d, o, o->label, &w, 0, NULL);
        }
    }
}

void kn_orgs_resolve(kn_doc *d)
{
    kn_entities *e = d->out;
    place_departments(d);
    for (size_t i = 0; i < e->norg; i++) {
        kn_org *o = &e->org[i];
        if (o->key[0] || o->plural || !o->head_word)
            continue;
        /* The nearest full name of the same head. */
        const kn_org *pick = nearest(e, i, same_head);
        if (pick) {
            o->key = pick->key;
            o->label = pick->label;
            continue;
        }
        const kn_place *p = main_province(d);
        if (p && o->head == KN_H_LOCAL &&
            (o->level == KN_LV_PROVINCE || o->level == KN_LV_CITY)) {
            const kn_head *h = kn_head_by_slug(o->head_word);
            where w = {.p = p};
            if (h)
                place_org(d, o, h->canon, &w, 1, h);
        }
    }
}
