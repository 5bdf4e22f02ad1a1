/* page_site: the site as a whole: its configuration and Content-Security-Policy, and
 * the OpenSearch description and suggestions that let a browser use tracuu as a search
 * engine (pages.h). Which page answers which path is server.c's route table. */
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "pages.h"
#include "reply.h"
#include "tr_paths.h"


/* 'self', 'none', or an http(s) origin: nothing that could end the directive. */
static int valid_source(const char *s, size_t n)
{
    if ((n == 6 && strncmp(s, "'self'", 6) == 0) || (n == 6 && strncmp(s, "'none'", 6) == 0))
        return 1;
    if (!(n > 7 && strncmp(s, "http://", 7) == 0) && !(n > 8 && strncmp(s, "https://", 8) == 0))
        return 0;
    for (size_t i = 0; i < n; i++) {
        char c = s[i];
        if (!((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
              c == ':' || c == '/' || c == '.' || c == '-' || c == '*'))
            return 0;
    }
    return 1;
}

sd_page_site *sd_page_site_new(const char *web_dir, const char *frame_ancestors, tr_error *err)
{
    const char *fa = frame_ancestors && *frame_ancestors ? frame_ancestors : "'none'";
    for (const char *p = fa; *p;) {
        while (*p == ' ')
            p++;
        size_t n = strcspn(p, " ");
        if (n && !valid_source(p, n)) {
            tr_error_set(err, TR_EINVAL,
                         "--frame-ancestors takes 'self', 'none' or http(s) origins, "
                         "separated by spaces");
            return NULL;
        }
        p += n;
    }
    sd_page_site *s = tr_error_calloc(sizeof *s, err);
    if (!s)
        return NULL;
    char shipped[PATH_MAX];
    if (!web_dir) {
        tr_paths_find(TR_PLACE_WEB, shipped, sizeof shipped);
        web_dir = shipped;
    }
    s->web_dir = strdup(web_dir);
    static const char policy[] =
        "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
        "connect-src 'self'; object-src 'none'; base-uri 'none'; form-action 'self'; "
        "frame-ancestors ";
    size_t len = sizeof policy + strlen(fa);
    s->csp = malloc(len);
    if (!s->web_dir || !s->csp) {
        sd_page_site_free(s);
        tr_error_set(err, TR_ENOMEM, "out of memory");
        return NULL;
    }
    snprintf(s->csp, len, "%s%s", policy, fa);
    return s;
}

void sd_page_site_free(sd_page_site *s)
{
    if (!s)
        return;
    free(s->web_dir);
    free(s->csp);
    free(s);
}

/* ---- OpenSearch ---------------------------------------------------------------- */

/* http(s)://host of this request, for the absolute URLs OpenSearch wants. The Host
 * header is the client's; anything in it that is not a host name is refused. */
static void base_url(const sd_request *r, char *out, size_t cap)
{
    const char *host = MHD_lookup_connection_value(r->conn, MHD_HEADER_KIND, MHD_HTTP_HEADER_HOST);
    const char *proto = MHD_lookup_connection_value(r->conn, MHD_HEADER_KIND, "X-Forwarded-Proto");
    int ok = host && *host && strlen(host) < 256;
    for (const char *p = host; ok && *p; p++)
        ok = (*p >= 'a' && *p <= 'z') || (*p >= 'A' && *p <= 'Z') || (*p >= '0' && *p <= '9') ||
             *p == '.' || *p == '-' || *p == ':' || *p == '[' || *p == ']';
    snprintf(out, cap, "%s://%s", proto && strcmp(proto, "https") == 0 ? "https" : "http",
             ok ? host : "127.0.0.1");
}

enum MHD_Result sd_page_opensearch(const sd_request *r)
{
    char base[300];
    base_url(r, base, sizeof base);
    sd_html h = {0};
    /* The same escaping serves XML: the template's { } pass through untouched. */
    sd_html_put(&h,
                "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
                "<OpenSearchDescription xmlns=\"http://a9.com/-/spec/opensearch/1.1/\" "
                "xmlns:moz=\"http://www.mozilla.org/2006/browser/search/\">\n"
                "<ShortName>Tra cứu KH&amp;CN</ShortName>\n"
                "<Description>Tìm tin tức, biên bản, nhiệm vụ khoa học và công nghệ"
                "</Description>\n"
                "<InputEncoding>UTF-8</InputEncoding>\n<Language>vi</Language>\n"
                "<Url type=\"text/html\" method=\"get\" template=\"%s/?q={searchTerms}\"/>\n"
                "<Url type=\"application/x-suggestions+json\" method=\"get\" "
                "template=\"%s/api/suggest?format=opensearch&amp;q={searchTerms}\"/>\n"
                "<Url type=\"application/opensearchdescription+xml\" rel=\"self\" "
                "template=\"%s/opensearch.xml\"/>\n"
                "<moz:SearchForm>%s/</moz:SearchForm>\n"
                "</OpenSearchDescription>\n",
                base, base, base, base);
    size_t len;
    char *body = sd_html_take(&h, &len);
    if (!body)
        return sd_reply_error(r->conn, MHD_HTTP_SERVICE_UNAVAILABLE, "out of memory");
    const char *headers[] = {MHD_HTTP_HEADER_CACHE_CONTROL, "public, max-age=3600", NULL};
    return sd_reply_body(r->conn, MHD_HTTP_OK, "application/opensearchdescription+xml", body,
                         len, headers);
}

json_t *sd_page_opensearch_suggestions(const json_t *complete)
{
    json_t *texts = json_array();
    const char *q = json_string_value(json_object_get(complete, "query"));
    json_t *out = json_pack("[s, o]", q ? q : "", texts);
    if (!out)
        return NULL;
    size_t i;
    json_t *s;
    json_array_foreach(json_object_get(complete, "suggestions"), i, s) {
        json_t *t = json_object_get(s, "text");
        if (json_is_string(t) && json_array_append(texts, t)) {
            json_decref(out);
            return NULL;
        }
    }
    return out;
}

/* The pages link to the same results in countless ways: every facet, page and sort of
 * a list is a URL with a query string (/?q=..&type=..&page=3, /tasks?org=..). A
 * crawler that followed them would ask for the same documents without end, so every
 * URL with a query string is kept out (RFC 9309's wildcard), with the API and the
 * duplicate check; the search page itself, documents, people and decisions
 * (/doc/ID, /officials/ID, /decisions/N) and the static files are open. */
static const char robots[] = "# tracuu: documents yes; result lists' facets and pages no\n"
                             "User-agent: *\n"
                             "Disallow: /api/\n"
                             "Disallow: /similar\n"
                             "Disallow: /*?\n"
                             "Allow: /\n";

enum MHD_Result sd_page_robots(const sd_request *r)
{
    char *body = strdup(robots);
    if (!body)
        return sd_reply_error(r->conn, MHD_HTTP_SERVICE_UNAVAILABLE, "out of memory");
    const char *headers[] = {MHD_HTTP_HEADER_CACHE_CONTROL, "public, max-age=86400", NULL};
    return sd_reply_body(r->conn, MHD_HTTP_OK, "text/plain; charset=utf-8", body,
                         sizeof robots - 1, headers);
}
