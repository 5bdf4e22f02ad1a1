/* places: the provinces and districts a document names.
 *
 * A province counts when its name (or an alias: TP.HCM, Đắc Lắc) stands capitalised in
 * the text, with or without "tỉnh"/"thành phố" before it. A district needs its level word
 * ("huyện Nam Giang", "các huyện Nam Giang, Đại Lộc và Phước Sơn", "quận 1"): bare
 * district names are too often people's or companies' names; only provincial cities
 * (Huế, Nha Trang) count bare. A district name shared by several provinces (Châu Thành)
 * counts when the document names one of them. Hồ Chí Minh counts only with its level word
 * or as TP.HCM: bare, it is mostly the man (tư tưởng Hồ Chí Minh, Đoàn TNCS Hồ Chí Minh).
 */
#include "kn_int.h"

#include <string.h>

size_t kn_level_at(const kn_doc *d, size_t i, const kn_level **out)
{
    size_t n = 0;
    *out = kn_lex_first(&kn_gz()->levels, d, i, &n);
    return *out ? n : 0;
}

static int doc_names_province(const kn_doc *d, const kn_place *prov)
{
    for (size_t k = 0; k < d->out->npl; k++)
        if (d->out->pl[k].p == prov)
            return 1;
    return 0;
}

/* A province named just after token `after` ("huyện Châu Thành, tỉnh An Giang",
 * "Châu Thành (An Giang)"), for telling apart districts of the same name. */
static const kn_place *province_after(const kn_doc *d, size_t after)
{
    const kn_gazetteer *g = kn_gz();
    for (size_t j = after; j < d->n && j < after + 3; j++) {
        if (d->t[j].gap & KN_G_ENDS)
            return NULL;
        const kn_phrase *p;
        if (!kn_tok_cap(d, j) || !kn_lex_match(&g->names, d, j, &p))
            continue;
        for (size_t k = 0; k < p->ndata; k++) {
            const kn_place *c = p->data[k];
            if (c->province)
                return c;
        }
    }
    return NULL;
}

static int wanted(const kn_place *c, const kn_level *lv)
{
    if (!lv)
        return c->province || strcmp(c->level, "thành phố") == 0;
    switch (lv->kind) {
    case KN_LV_PROVINCE: return c->province;
    case KN_LV_DISTRICT: return !c->province;
    case KN_LV_CITY: return c->province ? strcmp(c->level, "thành phố") == 0
                                        : strcmp(c->level, "thành phố") == 0;
    default: return 0;
    }
}

size_t kn_place_at(const kn_doc *d, size_t i, const kn_level *lv, const kn_place **out)
{
    *out = NULL;
    if (i >= d->n || d->t[i].used == KN_U_NAME)
        return 0;
    int numbered = d->t[i].kind == VN_NUMBER && lv && lv->kind == KN_LV_DISTRICT;
    if (!numbered && !kn_tok_cap(d, i))
        return 0;
    const kn_phrase *p;
    size_t n = kn_lex_match(&kn_gz()->names, d, i, &p);
    if (!n)
        return 0;
    const kn_place *cand[16];
    size_t nc = 0;
    for (size_t k = 0; k < p->ndata && nc < 16; k++) {
        const kn_place *c = p->data[k];
        if (!wanted(c, lv))
            continue;
        if (!lv && strcmp(c->id, "ho-chi-minh") == 0 && strcmp(p->fold[0], "ho") == 0)
            continue;
        cand[nc++] = c;
    }
    if (nc == 0)
        return 0;
    /* A province and a city of the same name (Thái Nguyên, Hà Tĩnh): the province,
     * unless the level word said district. */
    for (size_t k = 0; k < nc; k++)
        if (cand[k]->province) {
            *out = cand[k];
            return n;
        }
    if (nc == 1) {
        *out = cand[0];
        return n;
    }
    const kn_place *prov = province_after(d, i + n);
    const kn_place *pick = NULL;
    size_t picks = 0;
    for (size_t k = 0; k < nc; k++)
        if (prov ? cand[k]->parent == prov : doc_names_province(d, cand[k]->parent)) {
            pick = cand[k];
            picks++;
        }
    *out = picks == 1 ? pick : NULL;
    return n;
}

void kn_place_note(kn_doc *d, const kn_place *p)
{
    kn_entities *e = d->out;
    for (size_t k = 0; k < e->npl; k++)
        if (e->pl[k].p == p) {
            e->pl[k].mentions++;
            return;
        }
    if (kn_grow(d->ar, (void **)&e->pl, &e->cappl, e->npl, sizeof *e->pl))
        return;
    e->pl[e->npl].p = p;
    e->pl[e->npl].mentions = 1;
    e->npl++;
    /* A district brings its province. */
    if (!p->province)
        kn_place_note(d, p->parent);
}

/* One pass; `districts` says whether districts are taken this time (provinces first,
 * so that shared district names can be told apart by the provinces named anywhere). */
static void pass(kn_doc *d, int districts)
{
    for (size_t i = 0; i < d->n;) {
        if (d->t[i].used) {
            i++;
            continue;
        }
        const kn_level *lv = NULL;
        size_t ln = kn_level_at(d, i, &lv);
        if (ln && lv->kind == KN_LV_COMMUNE)
            ln = 0, lv = NULL;
        const kn_place *p;
        size_t n = kn_place_at(d, i + ln, ln ? lv : NULL, &p);
        if (!n) {
            i += ln ? ln : 1;
            continue;
        }
        if (p && (districts != p->province))
            kn_place_note(d, p);
        i += ln + n;
        /* "các huyện Nam Giang, Đại Lộc và Phước Sơn", "các huyện: Ứng Hòa, Phú Xuyên" */
        while (ln && i < d->n && !(d->t[i].gap & KN_G_ENDS)) {
            size_t j = i;
            if (kn_tok_is(d, j, "va") && !(d->t[j].gap & ~KN_G_COMMA))
                j++;
            else if (!(d->t[j].gap & (KN_G_COMMA | KN_G_COLON)) && !(lv->plural && j == i))
                break;
            n = kn_place_at(d, j, lv, &p);
            if (!n)
                break;
            if (p && (districts != p->province))
                kn_place_note(d, p);
            i = j + n;
        }
    }
}

void kn_places_extract(kn_doc *d)
{
    pass(d, 0);
    pass(d, 1);
}
