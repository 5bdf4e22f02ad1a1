/* pages: the web pages searchd serves to people, in Vietnamese, as HTML.
 *
 *   /                 search: box, results with highlighted snippets, facets as
 *                     filters, did-you-mean, pagination (the parameters of /api/search)
 *   /doc/{id}         one document          /tasks        task search with filters
 *   /officials[/{id}] people                /decisions[/{number}]  legal documents
 *   /similar          the duplicate check: GET shows the form, POST the candidates
 *   /signin, /signout staff sign-in with a key, and sign-out (auth.h)
 *   /static/...       the files of web/static (static.c)
 *   /opensearch.xml   so that browsers can add tracuu as a search engine
 *   /robots.txt       crawlers: documents yes, facet and paging links no
 *
 * Each page is a handler (request.h) with its own entry in server.c's route table,
 * which answers HEAD, and methods a page does not take, for all of them; a page's
 * {id} is the request's `rest`. Each page calls the same engine function as its JSON
 * endpoint (search.h, tasks.h, knowledge.h, similar.h) and renders the JSON it gets,
 * so a page and the API always show the same results. Pages work without JavaScript; web/static/tracuu.js adds
 * suggestions and instant updates. Everything that comes from documents or requests is
 * escaped by html.h, and every page is sent with a Content-Security-Policy that allows
 * no inline script.
 */
#ifndef SD_PAGES_H
#define SD_PAGES_H

#include <jansson.h>
#include <microhttpd.h>
#include <stddef.h>

#include "html.h"
#include "request.h"
#include "search.h"
#include "tr_error.h"

/* What the pages need from the server's configuration. */
typedef struct sd_page_site {
    char *web_dir; /* the folder holding static/ */
    char *csp;     /* the Content-Security-Policy of every page */
} sd_page_site;

/* Builds the site: `web_dir` (NULL: the one shipped with the program, tr_paths.h), the
 * frame-ancestors sources (NULL: 'none'; otherwise a space-separated list of origins,
 * 'self' or 'none', checked). TR_EINVAL for a bad frame-ancestors list. */
sd_page_site *sd_page_site_new(const char *web_dir, const char *frame_ancestors,
                               tr_error *err);
void sd_page_site_free(sd_page_site *s);

/* An /api/suggest answer in the OpenSearch suggestions format, [query, [texts]]:
 * a new array, or NULL when out of memory. */
json_t *sd_page_opensearch_suggestions(const json_t *complete);

/* ---- Shared by the page files (page_layout.c) ------------------------------------ */

/* The head, the site's header with its navigation (`nav`: "search", "tasks",
 * "officials", "decisions", "similar" or NULL) and the opening of <main>. */
void sd_page_begin(sd_html *h, const char *title, const char *nav);
/* Closes <main>, the footer and the document. */
void sd_page_end(sd_html *h);

/* The search box of / (a form with a label; tracuu.js adds suggestions to it). */
void sd_page_search_box(sd_html *h, const char *q, const sd_html_param *keep, size_t nkeep);

/* Links to the pages of a result list: previous, numbers around `page`, next;
 * `params` are the list's parameters without "page". */
void sd_page_pagination(sd_html *h, const char *path, const sd_html_param *params, size_t n,
                        long long page, long long per_page, long long total);

/* "2023-04-13" as 13/04/2023 in a <time> element; "2023-04" as 04/2023; "2023" as is. */
void sd_page_date(sd_html *h, const char *iso);

/* A task's "start" and "end" as one <dt>`label`</dt><dd>start – end</dd> of a <dl>;
 * nothing when the record has neither. `label` is text (escaped). */
void sd_page_period(sd_html *h, const char *label, const json_t *rec);

/* " · Nội bộ", marked up, when a record or hit is of a restricted access level (its
 * "access" field; search/view.h): only callers who may see internal documents get
 * such records, and they must not take one for public. Nothing for a public one. */
void sd_page_access_label(sd_html *h, const json_t *rec);

/* A table of values and their Vietnamese names (fields, types, levels ...). */
typedef struct sd_name_pair {
    const char *value, *name;
} sd_name_pair;

/* The name of `value` (not NULL) in the table of n pairs, or NULL when it has none. */
const char *sd_name_of(const sd_name_pair *t, size_t n, const char *value);

/* Vietnamese names of the corpus's values; the value itself when unknown. */
const char *sd_page_type_name(const char *type);
const char *sd_page_level_name(const char *level);
const char *sd_page_status_name(const char *status);
const char *sd_page_verdict_name(const char *verdict);

/* Sends the page in *h (taken over) with `status` and the site's headers. The header
 * shows who is signed in, with a sign-out button, or a link to sign in when the
 * server has keys (auth.h). */
enum MHD_Result sd_page_send(const sd_request *r, unsigned status, sd_html *h);
/* The same with more headers: NULL or a NULL-terminated list of name, value, ... (at
 * most 4 pairs: Set-Cookie, Location). */
enum MHD_Result sd_page_send_with(const sd_request *r, unsigned status, sd_html *h,
                                  const char *const *extra);

/* A page of a title and a message (text, escaped), with `status`. */
enum MHD_Result sd_page_message(const sd_request *r, unsigned status, const char *title,
                                const char *message);

/* The hidden field of the session's CSRF token, for every form that posts (nothing
 * when no one is signed in: auth.h). */
void sd_page_csrf_field(sd_html *h, const sd_request *r);

/* A page saying what went wrong, for an engine error or a bad parameter: the status
 * is sd_failure_status()'s (reply.h: the API's, and a 5xx is logged the same way),
 * and a 4xx shows the engine's message, which never holds user input. */
enum MHD_Result sd_page_fail(const sd_request *r, const tr_error *err);

/* The HTML "not found" page. */
enum MHD_Result sd_page_not_found(const sd_request *r);

/* The page of one thing the path names (its rest: a document's id, an official's, a
 * decision's number): "not found" for no name, sd_page_fail() when `lookup` fails,
 * else the page `render` writes (from sd_page_begin() on) of what `lookup` gave. */
typedef int (*sd_page_lookup)(se_engine *e, se_view v, const char *name, json_t **out,
                              tr_error *err);
enum MHD_Result sd_page_named(const sd_request *r, sd_page_lookup lookup,
                              void (*render)(sd_html *h, const json_t *out));

/* ---- The pages (one file each; each an sd_handler) -------------------------------- */

enum MHD_Result sd_page_search(const sd_request *r);     /* page_search.c */
enum MHD_Result sd_page_doc(const sd_request *r);        /* page_doc.c; rest: the id */
enum MHD_Result sd_page_tasks(const sd_request *r);      /* page_tasks.c */
enum MHD_Result sd_page_officials(const sd_request *r);  /* page_entities.c */
enum MHD_Result sd_page_official(const sd_request *r);   /* rest: the id */
enum MHD_Result sd_page_decisions(const sd_request *r);
enum MHD_Result sd_page_decision(const sd_request *r);   /* rest: the number */
enum MHD_Result sd_page_similar(const sd_request *r);    /* page_similar.c; GET and POST */
enum MHD_Result sd_page_static(const sd_request *r);     /* static.c; rest: the file */
enum MHD_Result sd_page_opensearch(const sd_request *r); /* page_site.c */
enum MHD_Result sd_page_robots(const sd_request *r);     /* page_site.c: /robots.txt */
enum MHD_Result sd_page_signin(const sd_request *r);     /* page_signin.c; GET and POST */
enum MHD_Result sd_page_signout(const sd_request *r);    /* POST */

#endif
