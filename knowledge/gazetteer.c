/* gazetteer: the provinces and districts of data/gazetteer.tsv (built into the library
 * at configure time), their ids, and lookups by name or id for the query side. The
 * matching of names in documents is places.c. */
#include "kn_int.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "vn_terms.h"

/* A name or alias as a slug, for query-side lookups ("tp-hcm" -> Hồ Chí Minh). */
typedef struct slug_entry {
    char *slug;
    const kn_place *p;
} slug_entry;

static slug_entry *slugs;
static size_t nslugs;

size_t kn_slug(const char *text, size_t len, char *out, size_t cap)
{
    if (cap == 0)
        return 0;
    out[0] = '\0';
    char *f = NULL;
    size_t flen = 0;
    if (vn_fold(text, len, &f, &flen, NULL))
        return 0;
    size_t n = 0;
    int sep = 0;
    for (size_t i = 0; i < flen; i++) {
        unsigned char c = (unsigned char)f[i];
        int keep = (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9');
        if (!keep) {
            sep = 1;
            continue;
        }
        if (sep && n && n + 1 < cap)
            out[n++] = '-';
        sep = 0;
        if (n + 1 < cap)
            out[n++] = (char)c;
    }
    out[n] = '\0';
    free(f);
    return n;
}

static char *split(char **line)
{
    char *s = *line;
    if (!s)
        return (char *)"";
    char *tab = strchr(s, '\t');
    if (tab) {
        *tab = '\0';
        *line = tab + 1;
    } else {
        *line = NULL;
    }
    return s;
}

static char *dup_slug(const char *text, const char *prefix)
{
    char buf[160];
    size_t n = kn_slug(text, strlen(text), buf, sizeof buf);
    if (n == 0)
        return NULL;
    size_t pl = prefix ? strlen(prefix) : 0;
    char *out = malloc(pl + 1 + n + 1);
    if (!out)
        return NULL;
    if (pl) {
        memcpy(out, prefix, pl);
        out[pl] = '.';
        memcpy(out + pl + 1, buf, n + 1);
    } else {
        memcpy(out, buf, n + 1);
    }
    return out;
}

static int add_slug(const char *name, const kn_place *p)
{
    slug_entry *s = realloc(slugs, (nslugs + 1) * sizeof *s);
    if (!s)
        return -1;
    slugs = s;
    slugs[nslugs].slug = dup_slug(name, NULL);
    slugs[nslugs].p = p;
    if (!slugs[nslugs].slug)
        return -1;
    nslugs++;
    return 0;
}

static int cmp_slug(const void *a, const void *b)
{
    const slug_entry *x = a, *y = b;
    int c = strcmp(x->slug, y->slug);
    /* Provinces first, so that a name shared by a province and its city resolves to
     * the province. */
    return c ? c : y->p->province - x->p->province;
}

static int fail(tr_error *err, size_t lineno, const char *what)
{
    return tr_error_set(err, TR_EINTERNAL, "data/gazetteer.tsv:%zu: %s", lineno, what);
}

/* Adds a name and its '|'-separated aliases to the lexicon and the slug index. */
static int add_names(kn_gazetteer *g, vn_analyzer *a, kn_place *p, char *aliases,
                     tr_error *err)
{
    if (kn_lex_add(&g->names, a, p->name, p, err) || add_slug(p->name, p))
        return err && err->code ? err->code : tr_error_set(err, TR_ENOMEM, "out of memory");
    g->stats.names++;
    for (char *al = aliases; al && *al;) {
        char *bar = strchr(al, '|');
        if (bar)
            *bar = '\0';
        if (*al) {
            if (kn_lex_add(&g->names, a, al, p, err) || add_slug(al, p))
                return err && err->code ? err->code
                                        : tr_error_set(err, TR_ENOMEM, "out of memory");
            g->stats.names++;
        }
        al = bar ? bar + 1 : NULL;
    }
    return 0;
}

static const struct {
    const char *word;
    int kind, plural;
    const char *label;
} level_words[] = {
    {"tỉnh", KN_LV_PROVINCE, 0, "tỉnh"},         {"các tỉnh", KN_LV_PROVINCE, 1, "tỉnh"},
    {"thành phố", KN_LV_CITY, 0, "thành phố"},   {"tp", KN_LV_CITY, 0, "thành phố"},
    {"các thành phố", KN_LV_CITY, 1, "thành phố"},
    {"các tỉnh, thành phố", KN_LV_PROVINCE, 1, "tỉnh"},
    {"huyện", KN_LV_DISTRICT, 0, "huyện"},       {"các huyện", KN_LV_DISTRICT, 1, "huyện"},
    {"quận", KN_LV_DISTRICT, 0, "quận"},         {"các quận", KN_LV_DISTRICT, 1, "quận"},
    {"thị xã", KN_LV_DISTRICT, 0, "thị xã"},     {"các thị xã", KN_LV_DISTRICT, 1, "thị xã"},
    {"quận, huyện", KN_LV_DISTRICT, 1, "huyện"}, {"các quận, huyện", KN_LV_DISTRICT, 1, "huyện"},
    {"xã", KN_LV_COMMUNE, 0, "xã"},              {"phường", KN_LV_COMMUNE, 0, "phường"},
    {"thị trấn", KN_LV_COMMUNE, 0, "thị trấn"},  {"thôn", KN_LV_COMMUNE, 0, "thôn"},
    {"các xã", KN_LV_COMMUNE, 1, "xã"},
};
static kn_level levels[sizeof level_words / sizeof level_words[0]];

int kn_gazetteer_build(kn_gazetteer *g, vn_analyzer *a, const char *tsv, size_t len,
                       tr_error *err)
{
    memset(g, 0, sizeof *g);
    g->text = malloc(len + 1);
    if (!g->text)
        return tr_error_set(err, TR_ENOMEM, "out of memory loading the gazetteer");
    memcpy(g->text, tsv, len);
    g->text[len] = '\0';
    size_t lines = 1;
    for (size_t i = 0; i < len; i++)
        lines += tsv[i] == '\n';
    g->p = calloc(lines, sizeof *g->p);
    if (!g->p)
        return tr_error_set(err, TR_ENOMEM, "out of memory loading the gazetteer");
    char *next = g->text;
    size_t lineno = 0;
    kn_place *province = NULL;
    while (next) {
        char *line = next;
        char *nl = strchr(line, '\n');
        next = nl ? nl + 1 : NULL;
        if (nl)
            *nl = '\0';
        lineno++;
        if (!*line || *line == '#')
            continue;
        char *kind = split(&line), *name = split(&line), *level = split(&line);
        char *prov = split(&line), *prov2025 = split(&line), *aliases = split(&line);
        if (!*name || !*level)
            return fail(err, lineno, "a place needs a name and a level");
        kn_place *p = &g->p[g->n];
        p->name = name;
        p->level = level;
        if (strcmp(kind, "province") == 0) {
            if (!*prov2025)
                return fail(err, lineno, "a province needs its province_2025");
            p->province = 1;
            p->parent = p;
            p->id = dup_slug(name, NULL);
            p->new_name = prov2025;
            p->new_id = dup_slug(prov2025, NULL);
            province = p;
            g->stats.provinces++;
        } else if (strcmp(kind, "district") == 0) {
            if (!province || strcmp(prov, province->name) != 0)
                return fail(err, lineno, "a district must follow its province");
            p->parent = province;
            p->id = dup_slug(name, province->id);
            p->new_name = province->new_name;
            p->new_id = province->new_id;
            g->stats.districts++;
        } else {
            return fail(err, lineno, "kind must be province or district");
        }
        if (!p->id || !p->new_id)
            return tr_error_set(err, TR_ENOMEM, "out of memory loading the gazetteer");
        if (strlen(p->id) + 3 > VN_TERM_MAX)
            return fail(err, lineno, "a name is too long");
        g->n++;
        int rc = add_names(g, a, p, aliases, err);
        if (rc)
            return rc;
    }
    /* The provinces of 2025 are named by their new name too ("Huế"). */
    for (size_t i = 0; i < g->n; i++) {
        const kn_place *p = &g->p[i];
        if (!p->province)
            continue;
        size_t k = 0;
        while (k < i && !(g->p[k].province && strcmp(g->p[k].new_id, p->new_id) == 0))
            k++;
        if (k == i)
            g->stats.provinces_2025++;
    }
    for (size_t i = 0; i < sizeof level_words / sizeof level_words[0]; i++) {
        levels[i].kind = level_words[i].kind;
        levels[i].plural = level_words[i].plural;
        levels[i].word = level_words[i].label;
        if (kn_lex_add(&g->levels, a, level_words[i].word, &levels[i], err))
            return err ? err->code : TR_ENOMEM;
    }
    qsort(slugs, nslugs, sizeof *slugs, cmp_slug);
    return 0;
}

/* The first slug entry equal to s, or NULL. */
static const slug_entry *find_slug(const char *s)
{
    size_t lo = 0, hi = nslugs;
    while (lo < hi) {
        size_t mid = (lo + hi) / 2;
        if (strcmp(slugs[mid].slug, s) < 0)
            lo = mid + 1;
        else
            hi = mid;
    }
    return lo < nslugs && strcmp(slugs[lo].slug, s) == 0 ? &slugs[lo] : NULL;
}

int kn_place_resolve(const char *text, size_t len, char *out, size_t cap)
{
    if (kn_init(NULL) || cap == 0)
        return 0;
    char s[160];
    size_t n = kn_slug(text, len, s, sizeof s);
    snprintf(out, cap, "%s", s);
    if (n == 0)
        return 0;
    const kn_gazetteer *g = kn_gz();
    for (size_t i = 0; i < g->n; i++) {
        if (strcmp(g->p[i].id, s) == 0)
            return g->p[i].province ? 1 : 2;
        if (g->p[i].province && strcmp(g->p[i].new_id, s) == 0)
            return 1;
    }
    /* A level word typed before the name says which kind is meant. */
    static const char *const lv[] = {"tinh-", "thanh-pho-", "tp-", "huyen-", "quan-", "thi-xa-"};
    const char *name = s;
    int want = 0;
    for (size_t k = 0; k < sizeof lv / sizeof lv[0]; k++)
        if (strncmp(s, lv[k], strlen(lv[k])) == 0 && s[strlen(lv[k])]) {
            name = s + strlen(lv[k]);
            want = k < 3 ? 1 : 2;
            break;
        }
    const char *key = name;
    const slug_entry *e = find_slug(key);
    if (!e && name != s)
        e = find_slug(key = s);
    for (; e && e < slugs + nslugs && strcmp(e->slug, key) == 0; e++) {
        int kind = e->p->province ? 1 : 2;
        if (want && kind != want)
            continue;
        snprintf(out, cap, "%s", e->p->id);
        return kind;
    }
    return 0;
}

const char *kn_place_name(const char *id)
{
    if (kn_init(NULL))
        return NULL;
    const kn_gazetteer *g = kn_gz();
    for (size_t i = 0; i < g->n; i++) {
        if (strcmp(g->p[i].id, id) == 0)
            return g->p[i].name;
        if (g->p[i].province && strcmp(g->p[i].new_id, id) == 0)
            return g->p[i].new_name;
    }
    return NULL;
}

int kn_gazetteer_stats_get(kn_gazetteer_stats *out, tr_error *err)
{
    int rc = kn_init(err);
    if (rc)
        return rc;
    *out = kn_gz()->stats;
    return 0;
}
