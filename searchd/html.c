/* html: the escaping page buffer (see html.h). */
#include "html.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "tr_grow.h"

static int reserve(sd_html *h, size_t more)
{
    if (h->failed)
        return -1;
    char *d = tr_grow(h->data, h->len + more + 1, &h->cap, 1, 4096);
    if (!d) {
        h->failed = 1;
        return -1;
    }
    h->data = d;
    return 0;
}

static void append(sd_html *h, const char *s, size_t n)
{
    if (n == 0 || reserve(h, n))
        return;
    memcpy(h->data + h->len, s, n);
    h->len += n;
    h->data[h->len] = '\0';
}

static const char *entity(char c)
{
    switch (c) {
    case '&': return "&amp;";
    case '<': return "&lt;";
    case '>': return "&gt;";
    case '"': return "&quot;";
    case '\'': return "&#39;";
    default: return NULL;
    }
}

void sd_html_textn(sd_html *h, const char *s, size_t n)
{
    if (!s)
        return;
    size_t start = 0;
    for (size_t i = 0; i < n; i++) {
        const char *e = entity(s[i]);
        if (!e)
            continue;
        append(h, s + start, i - start);
        append(h, e, strlen(e));
        start = i + 1;
    }
    append(h, s + start, n - start);
}

void sd_html_text(sd_html *h, const char *s)
{
    if (s)
        sd_html_textn(h, s, strlen(s));
}

void sd_html_url(sd_html *h, const char *s)
{
    static const char hex[] = "0123456789ABCDEF";
    if (!s)
        return;
    for (const unsigned char *p = (const unsigned char *)s; *p; p++) {
        unsigned char c = *p;
        if ((c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') ||
            c == '-' || c == '_' || c == '.' || c == '~') {
            append(h, (const char *)p, 1);
        } else {
            char pct[3] = {'%', hex[c >> 4], hex[c & 15]};
            append(h, pct, 3);
        }
    }
}

/* What the engine's escaping (snippet.c) writes; kept as they are. */
static const char *const kept_entities[] = {"&amp;", "&lt;", "&gt;", "&quot;", "&#39;"};

void sd_html_marked(sd_html *h, const char *s)
{
    static const char open[] = "<mark>", close[] = "</mark>";
    if (!s)
        return;
    int depth = 0;
    const char *p = s;
    while (*p) {
        if (strncmp(p, open, sizeof open - 1) == 0) {
            if (depth == 0)
                append(h, open, sizeof open - 1);
            depth++;
            p += sizeof open - 1;
            continue;
        }
        if (strncmp(p, close, sizeof close - 1) == 0) {
            if (depth == 1)
                append(h, close, sizeof close - 1);
            if (depth > 0)
                depth--;
            p += sizeof close - 1;
            continue;
        }
        if (*p == '&') {
            size_t n = 0;
            for (size_t i = 0; i < sizeof kept_entities / sizeof *kept_entities && !n; i++)
                if (strncmp(p, kept_entities[i], strlen(kept_entities[i])) == 0)
                    n = strlen(kept_entities[i]);
            if (n) {
                append(h, p, n);
                p += n;
                continue;
            }
        }
        const char *e = entity(*p);
        if (e)
            append(h, e, strlen(e));
        else
            append(h, p, 1);
        p++;
    }
    if (depth > 0)
        append(h, close, sizeof close - 1);
}

void sd_html_put(sd_html *h, const char *tpl, ...)
{
    va_list ap;
    va_start(ap, tpl);
    const char *p = tpl;
    while (*p) {
        const char *pct = strchr(p, '%');
        if (!pct) {
            append(h, p, strlen(p));
            break;
        }
        append(h, p, (size_t)(pct - p));
        char num[64];
        int n;
        switch (pct[1]) {
        case 's': sd_html_text(h, va_arg(ap, const char *)); break;
        case 'u': sd_html_url(h, va_arg(ap, const char *)); break;
        case 'm': sd_html_marked(h, va_arg(ap, const char *)); break;
        case 'r': {
            const char *raw = va_arg(ap, const char *);
            if (raw)
                append(h, raw, strlen(raw));
            break;
        }
        case 'd':
            n = snprintf(num, sizeof num, "%d", va_arg(ap, int));
            append(h, num, (size_t)n);
            break;
        case 'I':
            n = snprintf(num, sizeof num, "%lld", va_arg(ap, long long));
            append(h, num, (size_t)n);
            break;
        case 'f':
            n = snprintf(num, sizeof num, "%.2f", va_arg(ap, double));
            append(h, num, (size_t)n);
            break;
        case '%': append(h, "%", 1); break;
        default:
            append(h, "%?", 2);
            if (!pct[1]) {
                va_end(ap);
                return;
            }
            break;
        }
        p = pct + 2;
    }
    va_end(ap);
}

void sd_html_href(sd_html *h, const char *path, const sd_html_param *p, size_t n)
{
    sd_html_text(h, path);
    const char *sep = "?";
    for (size_t i = 0; i < n; i++) {
        if (!p[i].value || !*p[i].value)
            continue;
        sd_html_put(h, "%r%u=%u", sep, p[i].key, p[i].value);
        sep = "&amp;";
    }
}

char *sd_html_take(sd_html *h, size_t *len)
{
    char *out = h->failed ? NULL : h->data;
    if (!out && !h->failed) {
        out = calloc(1, 1);
        h->failed = !out;
    }
    if (h->failed) {
        free(h->data);
        out = NULL;
    }
    if (len)
        *len = out ? h->len : 0;
    memset(h, 0, sizeof *h);
    return out;
}

void sd_html_free(sd_html *h)
{
    free(h->data);
    memset(h, 0, sizeof *h);
}
