/* api_read: the JSON API's read handlers (see api_read.h). */
#include "api_read.h"

#include <stdlib.h>
#include <string.h>

#include "cache.h"
#include "complete.h"
#include "cors.h"
#include "knowledge.h"
#include "pages.h"
#include "proposal.h"
#include "reply.h"
#include "similar.h"
#include "tasks.h"

enum MHD_Result sd_api_search(const sd_request *c)
{
    se_search_params p;
    se_search_params_read(&p, sd_request_param, (void *)c);
    p.view = sd_request_view(c);
    sd_cache *cache = c->cache;
    size_t klen = 0, blen = 0;
    char *key = cache ? sd_cache_key(&p, &klen) : NULL, *body = NULL;
    if (key && sd_cache_get(cache, key, klen, &body, &blen)) {
        free(key);
        return sd_reply_body(c->conn, MHD_HTTP_OK, "application/json; charset=utf-8", body,
                             blen, NULL);
    }
    /* Read before the engine takes its settings: an answer computed with what a
     * reload replaced is not kept (sd_cache_put). */
    unsigned long long gen = cache ? sd_cache_generation(cache) : 0;
    json_t *out = NULL;
    tr_error err = {0};
    if (se_search(c->engine, &p, &out, &err)) {
        free(key);
        return sd_reply_failure(c, &err);
    }
    body = key ? json_dumps(out, SD_JSON_FLAGS) : NULL;
    if (body) {
        blen = strlen(body);
        sd_cache_put(cache, gen, key, klen, body, blen);
    }
    free(key);
    enum MHD_Result ret = body ? sd_reply_body(c->conn, MHD_HTTP_OK,
                                               "application/json; charset=utf-8", body, blen,
                                               NULL)
                               : sd_reply_json(c->conn, MHD_HTTP_OK, out);
    json_decref(out);
    return ret;
}

enum MHD_Result sd_api_suggest(const sd_request *c)
{
    se_complete_params p = {0};
    p.q = sd_request_arg(c, "q", &p.qlen);
    p.limit = sd_request_arg(c, "limit", NULL);
    p.view = sd_request_view(c);
    json_t *out = NULL;
    tr_error err = {0};
    if (se_complete(c->engine, &p, &out, &err))
        return sd_reply_failure(c, &err);
    /* Browsers ask for suggestions in OpenSearch's [query, [texts]] (/opensearch.xml). */
    const char *format = sd_request_arg(c, "format", NULL);
    if (format && strcmp(format, "opensearch") == 0) {
        json_t *os = sd_page_opensearch_suggestions(out);
        json_decref(out);
        if (!os)
            return sd_reply_error(c->conn, MHD_HTTP_SERVICE_UNAVAILABLE, "out of memory");
        out = os;
    }
    enum MHD_Result ret = sd_reply_json(c->conn, MHD_HTTP_OK, out);
    json_decref(out);
    return ret;
}

enum MHD_Result sd_api_doc(const sd_request *c)
{
    json_t *out = NULL;
    tr_error err = {0};
    if (se_doc(c->engine, sd_request_view(c), c->rest, &out, &err))
        return sd_reply_failure(c, &err);
    enum MHD_Result ret = sd_reply_json(c->conn, MHD_HTTP_OK, out);
    json_decref(out);
    return ret;
}

enum MHD_Result sd_api_similar(const sd_request *c)
{
    json_t *root = NULL, *out = NULL;
    se_similar_params p;
    sd_proposal pr = {0};
    tr_error err = {0};
    int form = sd_request_is_form(c);
    int rc = form ? sd_proposal_read(c, &pr, &err)
                  : se_similar_parse(c->body, c->body_len, &root, &p, &err);
    if (rc == 0) {
        se_similar_params *sp = form ? &pr.p : &p;
        sp->view = sd_request_view(c);
        rc = se_similar(c->engine, sp, &out, &err);
    }
    if (rc == 0 && pr.from_file)
        json_object_set_new(out, "file", json_true());
    enum MHD_Result ret = rc ? sd_reply_failure(c, &err) : sd_reply_json(c->conn, MHD_HTTP_OK, out);
    json_decref(out);
    json_decref(root);
    sd_proposal_free(&pr);
    return ret;
}

enum MHD_Result sd_api_tasks(const sd_request *c)
{
    se_tasks_params p;
    se_tasks_params_read(&p, sd_request_param, (void *)c);
    p.view = sd_request_view(c);
    json_t *out = NULL;
    tr_error err = {0};
    if (se_tasks(c->engine, &p, &out, &err))
        return sd_reply_failure(c, &err);
    enum MHD_Result ret = sd_reply_json(c->conn, MHD_HTTP_OK, out);
    json_decref(out);
    return ret;
}

/* Officials and decisions (knowledge.h): a list by ?q=, or one by the rest of the path
 * (libmicrohttpd has decoded it: /api/decisions/01%2FNQ-CP arrives as 01/NQ-CP). */
static enum MHD_Result reply_or_fail(const sd_request *c, int rc, json_t *out,
                                     const tr_error *err)
{
    if (rc)
        return sd_reply_failure(c, err);
    enum MHD_Result ret = sd_reply_json(c->conn, MHD_HTTP_OK, out);
    json_decref(out);
    return ret;
}

/* The knowledge endpoints: a list for q and limit (/api/officials, /api/decisions),
 * or one entry by the rest of the path. */
typedef int (*list_fn)(se_engine *e, se_view v, const char *q, size_t qlen, const char *limit,
                       json_t **out, tr_error *err);
typedef int (*entry_fn)(se_engine *e, se_view v, const char *id, json_t **out, tr_error *err);

static enum MHD_Result reply_list(const sd_request *c, list_fn fn)
{
    size_t qlen;
    const char *q = sd_request_arg(c, "q", &qlen);
    json_t *out = NULL;
    tr_error err = {0};
    int rc = fn(c->engine, sd_request_view(c), q, qlen, sd_request_arg(c, "limit", NULL), &out,
                &err);
    return reply_or_fail(c, rc, out, &err);
}

static enum MHD_Result reply_entry(const sd_request *c, entry_fn fn)
{
    json_t *out = NULL;
    tr_error err = {0};
    int rc = fn(c->engine, sd_request_view(c), c->rest, &out, &err); /* before `out` is read */
    return reply_or_fail(c, rc, out, &err);
}

enum MHD_Result sd_api_officials(const sd_request *c)
{
    return reply_list(c, se_officials);
}

enum MHD_Result sd_api_official(const sd_request *c)
{
    return reply_entry(c, se_official);
}

enum MHD_Result sd_api_decisions(const sd_request *c)
{
    return reply_list(c, se_decisions);
}

enum MHD_Result sd_api_decision(const sd_request *c)
{
    return reply_entry(c, se_decision);
}

/* CORS preflights for the API. */
enum MHD_Result sd_api_preflight(const sd_request *c)
{
    return sd_cors_preflight(c->conn);
}

/* A path no route takes: JSON under /api/, where programs ask; a page for people
 * elsewhere. */
enum MHD_Result sd_api_not_found(const sd_request *c)
{
    if (strncmp(c->url, "/api/", 5) == 0 || strcmp(c->url, "/api") == 0)
        return sd_reply_error(c->conn, MHD_HTTP_NOT_FOUND, "no such API endpoint");
    return sd_page_not_found(c);
}
