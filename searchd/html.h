/* html: a growing buffer that HTML pages are written into, escaping by default.
 *
 * The pages (pages.h) are written as templates: sd_html_put(h, "<a href=\"/doc/%u\">%s</a>",
 * id, title) escapes what it is given according to where the template puts it, so that
 * text from documents and queries can never become markup. Only template literals and
 * %r arguments (markup the page code wrote itself) are copied as they are.
 *
 * Errors are sticky: after an allocation failure every call does nothing and
 * sd_html_take() returns NULL, so a page is written without a check after each line.
 */
#ifndef SD_HTML_H
#define SD_HTML_H

#include <stddef.h>

typedef struct sd_html {
    char *data;
    size_t len, cap;
    int failed; /* out of memory: the text is incomplete */
} sd_html;

/* Writes `tpl` with its directives replaced by the next arguments:
 *   %s  const char *: text, escaped (& < > " ' become entities); fit for element
 *       content and for double-quoted attribute values. NULL writes nothing.
 *   %u  const char *: percent-encoded (every byte but A-Z a-z 0-9 - _ . ~), for a path
 *       segment or a query value inside an href; NULL writes nothing.
 *   %m  const char *: text from the engine with <mark> highlights (snippets, passages:
 *       already escaped, see snippet.h); <mark> and </mark> and the five entities the
 *       engine writes are kept, anything else that could be markup is escaped again,
 *       and marks left open are closed.
 *   %d  int, %I long long, %f double with two decimals.
 *   %r  const char *: markup written by the page code itself, copied as is.
 *   %%  a percent sign.
 * Any other directive is a programming error and writes "%?". */
void sd_html_put(sd_html *h, const char *tpl, ...);

/* The same as sd_html_put with one %s, %u or %m. */
void sd_html_text(sd_html *h, const char *s);
void sd_html_textn(sd_html *h, const char *s, size_t n);
void sd_html_url(sd_html *h, const char *s);
void sd_html_marked(sd_html *h, const char *s);

/* One query parameter of a link. */
typedef struct sd_html_param {
    const char *key;
    const char *value; /* NULL or "": left out of the link */
} sd_html_param;

/* Writes `path` followed by ?k=v&amp;k=v... for the parameters that have a value,
 * URL-encoded and escaped for an href. */
void sd_html_href(sd_html *h, const char *path, const sd_html_param *p, size_t n);

/* The text written so far, NUL-terminated, and its length; the buffer is handed over
 * (free()) and *h is empty again. NULL (and *h emptied) when a call ran out of memory. */
char *sd_html_take(sd_html *h, size_t *len);

/* Frees what was written. */
void sd_html_free(sd_html *h);

#endif
