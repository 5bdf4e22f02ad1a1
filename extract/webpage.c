/* webpage: a web page's title, dates, description and main text, through libxml2's
 * HTML parser (which mends tag soup as browsers do).
 *
 * The main text is what a reader came for, without the site around it: elements
 * that are never content (scripts, styles, forms, <nav>, <aside>, <footer>, and a
 * <header> outside the article) and elements whose class, id or role says menu,
 * navigation, footer, sidebar, breadcrumb, share, ... are dropped. Of what is left,
 * the largest <article>, <main> or role="main" is taken when there is one with text;
 * else the densest block: each paragraph's text counts for its parent, and half for
 * its grandparent (Readability's rule), and the best-scored element wins. */
#include "ex_int.h"

#include <ctype.h>
#include <limits.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include <libxml/HTMLparser.h>
#include <libxml/tree.h>

#define MAIN_MIN 200  /* bytes of text that make an <article> or <main> worth taking */
#define PARA_MIN 25   /* a shorter paragraph says nothing about where the text is */

static const char *const DROP_TAGS[] = {
    "script", "style", "noscript", "nav", "footer", "aside", "form", "iframe", "svg",
    "button", "select", "textarea", "template", "menu", "object", "embed", "canvas",
    "map", "dialog", "head",
};

/* Words of a class or id (or a word's start or end: "mainmenu", "navbar"). */
static const char *const DROP_WORDS[] = {
    "menu", "nav", "footer", "sidebar", "breadcrumb", "banner", "share", "social",
    "cookie", "advert", "widget", "pagination", "related", "comment", "toolbar", "topbar",
    "login", "search", "popup", "modal",
};

static const char *const DROP_ROLES[] = {
    "navigation", "banner", "contentinfo", "complementary", "search", "menu", "menubar",
};

static const char *const BLOCK_TAGS[] = {
    "p", "div", "h1", "h2", "h3", "h4", "h5", "h6", "li", "ul", "ol", "tr", "table",
    "section", "article", "main", "blockquote", "pre", "dl", "dt", "dd", "figure",
    "figcaption", "header", "address", "hr", "caption", "tbody", "thead",
};

static int in_list(const char *s, const char *const *list, size_t n)
{
    for (size_t i = 0; i < n; i++)
        if (strcasecmp(s, list[i]) == 0)
            return 1;
    return 0;
}
#define IN(s, list) in_list((s), (list), sizeof(list) / sizeof(list)[0])

static int is_el(const xmlNode *n, const char *name)
{
    return n->type == XML_ELEMENT_NODE && strcasecmp((const char *)n->name, name) == 0;
}

static char *attr(const xmlNode *n, const char *name)
{
    return (char *)xmlGetProp(n, BAD_CAST name);
}

static int word_drops(const char *w, size_t n)
{
    for (size_t i = 0; i < sizeof DROP_WORDS / sizeof *DROP_WORDS; i++) {
        size_t k = strlen(DROP_WORDS[i]);
        if (n >= k && (strncasecmp(w, DROP_WORDS[i], k) == 0 ||
                       strncasecmp(w + n - k, DROP_WORDS[i], k) == 0))
            return 1;
    }
    return 0;
}

static int names_drop(const char *v)
{
    for (const char *p = v; p && *p;) {
        while (*p && !isalnum((unsigned char)*p))
            p++;
        const char *s = p;
        while (*p && isalnum((unsigned char)*p))
            p++;
        if (p > s && word_drops(s, (size_t)(p - s)))
            return 1;
    }
    return 0;
}

static int dropped(const xmlNode *n, int in_article)
{
    if (n->type != XML_ELEMENT_NODE)
        return n->type != XML_TEXT_NODE && n->type != XML_CDATA_SECTION_NODE;
    const char *name = (const char *)n->name;
    if (IN(name, DROP_TAGS) || (!in_article && strcasecmp(name, "header") == 0))
        return 1;
    if (strcasecmp(name, "body") == 0 || strcasecmp(name, "main") == 0 ||
        strcasecmp(name, "article") == 0 || strcasecmp(name, "html") == 0)
        return 0;
    char *hidden = attr(n, "hidden");
    char *role = attr(n, "role");
    char *cls = attr(n, "class");
    char *id = attr(n, "id");
    int d = hidden || (role && IN(role, DROP_ROLES)) || names_drop(cls) || names_drop(id);
    xmlFree(hidden);
    xmlFree(role);
    xmlFree(cls);
    xmlFree(id);
    return d;
}

static int is_article(const xmlNode *n)
{
    if (is_el(n, "article") || is_el(n, "main"))
        return 1;
    if (n->type != XML_ELEMENT_NODE)
        return 0;
    char *role = attr(n, "role");
    char *prop = attr(n, "itemprop");
    int yes = (role && strcasecmp(role, "main") == 0) ||
              (prop && strcasecmp(prop, "articleBody") == 0);
    xmlFree(role);
    xmlFree(prop);
    return yes;
}

/* Bytes of text under n, dropped parts left out; `links`: also inside <a>. */
static size_t text_len(const xmlNode *n, int in_article, int links)
{
    if (n->type == XML_TEXT_NODE || n->type == XML_CDATA_SECTION_NODE) {
        size_t k = 0;
        for (const xmlChar *p = n->content; p && *p; p++)
            k += !isspace(*p);
        return k;
    }
    if (dropped(n, in_article) || (!links && is_el(n, "a")))
        return 0;
    size_t sum = 0;
    for (const xmlNode *c = n->children; c; c = c->next)
        sum += text_len(c, in_article || is_article(n), links);
    return sum;
}

/* ---- Choosing the main element --------------------------------------------- */

typedef struct pick {
    const xmlNode *article; /* the largest article/main */
    size_t article_len;
} pick;

static void find_article(const xmlNode *n, int in_article, pick *p)
{
    for (const xmlNode *c = n->children; c; c = c->next) {
        if (c->type != XML_ELEMENT_NODE || dropped(c, in_article))
            continue;
        if (is_article(c)) {
            size_t len = text_len(c, 1, 0);
            if (len > p->article_len) {
                p->article = c;
                p->article_len = len;
            }
        }
        find_article(c, in_article || is_article(c), p);
    }
}

/* Scores live in each element's _private, which libxml2 leaves to its user. */
static void add_score(xmlNode *n, size_t v)
{
    if (n && n->type == XML_ELEMENT_NODE)
        n->_private = (void *)((uintptr_t)n->_private + v);
}

static void score(xmlNode *n)
{
    for (xmlNode *c = n->children; c; c = c->next) {
        if (c->type != XML_ELEMENT_NODE || dropped(c, 0))
            continue;
        if (is_el(c, "p") || is_el(c, "pre") || is_el(c, "blockquote") || is_el(c, "td")) {
            size_t len = text_len(c, 0, 0);
            if (len >= PARA_MIN) {
                add_score(c->parent, len);
                if (c->parent)
                    add_score(c->parent->parent, len / 2);
            }
        }
        score(c);
    }
}

static void best(xmlNode *n, xmlNode **top, uintptr_t *top_score)
{
    for (xmlNode *c = n->children; c; c = c->next) {
        if (c->type != XML_ELEMENT_NODE)
            continue;
        if ((uintptr_t)c->_private > *top_score) {
            *top = c;
            *top_score = (uintptr_t)c->_private;
        }
        best(c, top, top_score);
    }
}

static void clear_scores(xmlNode *n)
{
    for (xmlNode *c = n; c; c = c->next) {
        c->_private = NULL;
        if (c->type == XML_ELEMENT_NODE)
            clear_scores(c->children);
    }
}

/* ---- Text out ------------------------------------------------------------------ */

static int put_text(ex_doc *d, const xmlNode *n, int pre, tr_error *err)
{
    const char *s = (const char *)n->content;
    if (!s)
        return 0;
    if (pre)
        return ex_buf_puts(&d->body, s, err);
    /* Line breaks in HTML source are spaces. */
    for (const char *p = s; *p;) {
        size_t k = strcspn(p, "\r\n");
        int rc = ex_buf_put(&d->body, p, k, err);
        if (rc == 0 && p[k])
            rc = ex_buf_put(&d->body, " ", 1, err);
        if (rc)
            return rc;
        p += k + (p[k] != '\0');
    }
    return 0;
}

static int emit(ex_doc *d, const xmlNode *n, int in_article, int pre, tr_error *err)
{
    if (n->type == XML_TEXT_NODE || n->type == XML_CDATA_SECTION_NODE)
        return put_text(d, n, pre, err);
    if (dropped(n, in_article))
        return 0;
    const char *name = (const char *)n->name;
    if (strcasecmp(name, "br") == 0)
        return ex_buf_put(&d->body, "\n", 1, err);
    int block = IN(name, BLOCK_TAGS);
    int rc = block ? ex_buf_break(&d->body, err) : 0;
    if (rc == 0 && (strcasecmp(name, "td") == 0 || strcasecmp(name, "th") == 0))
        rc = ex_buf_put(&d->body, " ", 1, err);
    in_article |= is_article(n);
    pre |= strcasecmp(name, "pre") == 0;
    for (const xmlNode *c = n->children; c && rc == 0; c = c->next)
        rc = emit(d, c, in_article, pre, err);
    if (rc == 0 && block)
        rc = ex_buf_break(&d->body, err);
    return rc;
}

/* ---- Metadata ------------------------------------------------------------------ */

typedef struct meta {
    char *og_title, *h1;
    int date_rank; /* lower is better: the publication date before others */
} meta;

static const char *const DATE_KEYS[] = {
    "article:published_time", "datepublished", "dc.date.issued", "dcterms.issued",
    "pubdate", "publishdate", "publish-date", "citation_publication_date", "og:published_time",
    "date", "dc.date", "dcterms.created", "dcterms.date", "created", "article:modified_time",
};

static int set_if(char **field, const char *v, tr_error *err)
{
    return *field || !v ? 0 : ex_doc_set(field, v, strlen(v), err);
}

static int node_text(const xmlNode *n, char **out, tr_error *err)
{
    xmlChar *t = xmlNodeGetContent(n);
    int rc = t ? ex_doc_set(out, (const char *)t, strlen((const char *)t), err) : 0;
    xmlFree(t);
    return rc;
}

static int meta_tag(const xmlNode *n, ex_doc *d, meta *m, tr_error *err)
{
    char *key = attr(n, "property");
    if (!key)
        key = attr(n, "name");
    if (!key)
        key = attr(n, "itemprop");
    char *content = attr(n, "content");
    if (!content)
        content = attr(n, "datetime");
    int rc = 0;
    if (key && content) {
        const char *k = (const char *)key;
        if (strcasecmp(k, "og:title") == 0 || strcasecmp(k, "dc.title") == 0)
            rc = set_if(&m->og_title, content, err);
        else if (strcasecmp(k, "description") == 0 || strcasecmp(k, "og:description") == 0 ||
                 strcasecmp(k, "dc.description") == 0)
            rc = set_if(&d->description, content, err);
        else if (strcasecmp(k, "author") == 0 || strcasecmp(k, "dc.creator") == 0)
            rc = set_if(&d->author, content, err);
        else if (strcasecmp(k, "og:type") == 0 && strcasecmp(content, "article") == 0)
            d->news = 1;
        for (int i = 0; i < (int)(sizeof DATE_KEYS / sizeof *DATE_KEYS) && rc == 0; i++) {
            char day[11];
            if (strcasecmp(k, DATE_KEYS[i]) == 0 && i < m->date_rank &&
                ex_date_parse(content, day)) {
                rc = ex_doc_set(&d->date, day, 10, err);
                m->date_rank = i;
                d->news |= i == 0;
            }
        }
    }
    xmlFree(key);
    xmlFree(content);
    return rc;
}

static int walk_meta(const xmlNode *n, ex_doc *d, meta *m, tr_error *err)
{
    int rc = 0;
    for (const xmlNode *c = n; c && rc == 0; c = c->next) {
        if (c->type != XML_ELEMENT_NODE)
            continue;
        if (is_el(c, "title") && !d->title)
            rc = node_text(c, &d->title, err);
        else if (is_el(c, "meta") || (is_el(c, "time") && m->date_rank == INT_MAX))
            rc = meta_tag(c, d, m, err);
        else if (is_el(c, "h1") && !m->h1)
            rc = node_text(c, &m->h1, err);
        else if (is_el(c, "article"))
            d->news = 1;
        if (rc == 0 && !is_el(c, "script") && !is_el(c, "style"))
            rc = walk_meta(c->children, d, m, err);
    }
    return rc;
}

/* The page's <title> often adds the site's name ("Title - Sở KH&CN"): the <h1>
 * is the article's own when the <title> starts with it. */
static void choose_title(ex_doc *d, meta *m)
{
    if (m->og_title) {
        free(d->title);
        d->title = m->og_title;
        m->og_title = NULL;
    } else if (m->h1 && (!d->title || strncmp(d->title, m->h1, strlen(m->h1)) == 0)) {
        free(d->title);
        d->title = m->h1;
        m->h1 = NULL;
    }
}

int ex_html_read(const char *data, size_t len, const ex_limits *l, ex_doc *d, tr_error *err)
{
    (void)l;
    char *utf8 = NULL, *used = NULL;
    size_t n = 0;
    int rc = ex_charset_to_utf8(data, len, &utf8, &n, &used, err);
    if (rc)
        return rc;
    d->encoding = used;
    if (n > INT_MAX) {
        free(utf8);
        return tr_error_set(err, TR_ELIMIT, "a page larger than the HTML parser reads");
    }
    htmlDocPtr doc = htmlReadMemory(utf8, (int)n, "page.html", "UTF-8",
                                    HTML_PARSE_RECOVER | HTML_PARSE_NOERROR |
                                        HTML_PARSE_NOWARNING | HTML_PARSE_NONET |
                                        HTML_PARSE_IGNORE_ENC | HTML_PARSE_COMPACT);
    free(utf8);
    if (!doc)
        return tr_error_set(err, TR_EINVAL, "not a readable web page");
    xmlNode *root = xmlDocGetRootElement(doc);
    meta m = {.date_rank = INT_MAX};
    if (root)
        rc = walk_meta(root, d, &m, err);
    if (rc == 0 && root)
        choose_title(d, &m);

    xmlNode *body = root;
    for (xmlNode *c = root ? root->children : NULL; c; c = c->next)
        if (is_el(c, "body"))
            body = c;
    if (rc == 0 && body) {
        pick p = {0};
        find_article(body, 0, &p);
        const xmlNode *main = p.article_len >= MAIN_MIN ? p.article : NULL;
        if (!main) {
            clear_scores(body);
            score(body);
            xmlNode *top = NULL;
            uintptr_t top_score = 0;
            best(body, &top, &top_score);
            clear_scores(body);
            main = top ? top : body;
        }
        rc = emit(d, main, main != body && is_article(main), 0, err);
        /* A page whose text is all outside paragraphs: take the body after all. */
        if (rc == 0 && main != body && d->body.len < MAIN_MIN) {
            d->body.len = 0;
            if (d->body.s)
                d->body.s[0] = '\0';
            rc = emit(d, body, 0, 0, err);
        }
    }
    free(m.og_title);
    free(m.h1);
    xmlFreeDoc(doc);
    return rc;
}
