/* fuzz_http_params: searchd's request handling below HTTP: a query string taken
 * apart and unescaped as libmicrohttpd does it (split on '&' and '=', '+' a space,
 * %XX decoded, NUL bytes included), then given to the endpoint's engine function with
 * its parameter checks (se_check_query_and_page and each endpoint's own), over the
 * sample corpus's index. The first byte picks the endpoint; for POST /api/similar the
 * rest is the request body; for the routes with an id in the path, the path's rest.
 *
 * Every answer must be either a JSON object or an error with a message fit for the
 * user; a 5xx-kind error (TR_EXAPIAN, ...) is a finding, as searchd would log it. */
#include "fuzz.h"

#include <microhttpd.h>
#include <stdlib.h>
#include <string.h>

#include "complete.h"
#include "knowledge.h"
#include "similar.h"
#include "tasks.h"

#define MAX_ARGS 32

typedef struct args {
    char *key[MAX_ARGS];
    char *val[MAX_ARGS];
    size_t len[MAX_ARGS];
    size_t n;
} args;

/* libmicrohttpd reads a URL as a C string and its arguments from it. */
static size_t unescape(char *s)
{
    for (char *p = s; *p; p++)
        if (*p == '+')
            *p = ' ';
    return MHD_http_unescape(s);
}

static void args_parse(args *a, const char *qs, size_t len)
{
    memset(a, 0, sizeof *a);
    char *copy = strndup(qs, len);
    fz_require(copy != NULL, "strndup");
    for (char *save = NULL, *item = strtok_r(copy, "&", &save); item && a->n < MAX_ARGS;
         item = strtok_r(NULL, "&", &save)) {
        char *eq = strchr(item, '=');
        if (eq)
            *eq = '\0';
        a->key[a->n] = strdup(item);
        a->val[a->n] = strdup(eq ? eq + 1 : "");
        fz_require(a->key[a->n] && a->val[a->n], "strdup");
        unescape(a->key[a->n]);
        a->len[a->n] = unescape(a->val[a->n]);
        a->n++;
    }
    free(copy);
}

static void args_free(args *a)
{
    for (size_t i = 0; i < a->n; i++) {
        free(a->key[i]);
        free(a->val[i]);
    }
}

/* The first value of `key`, as MHD_lookup_connection_value_n gives it. */
static const char *arg(const args *a, const char *key, size_t *len)
{
    for (size_t i = 0; i < a->n; i++)
        if (strcmp(a->key[i], key) == 0) {
            if (len)
                *len = a->len[i];
            return a->val[i];
        }
    if (len)
        *len = 0;
    return NULL;
}

static void answered(int rc, json_t *out, const tr_error *err)
{
    if (rc == 0) {
        fz_require(json_is_object(out), "an answer is a JSON object");
        char *s = json_dumps(out, JSON_COMPACT);
        fz_require(s != NULL, "an answer serialises");
        free(s);
        json_decref(out);
        return;
    }
    fz_require(out == NULL, "no answer with an error");
    fz_require(rc == TR_EINVAL || rc == TR_ELIMIT || rc == TR_ENOTFOUND,
               "a bad request is a 4xx, never an engine failure");
    fz_require(err->message[0] != '\0', "an error says what is wrong");
}

/* arg() as an se_param_fn: the server's own parameter readers are fuzzed too. */
static const char *param(void *ctx, const char *key, size_t *len)
{
    return arg(ctx, key, len);
}

/* The endpoints that read a query string, as searchd runs them. */
typedef int (*endpoint_fn)(se_engine *e, const args *a, json_t **out, tr_error *err);

static int search(se_engine *e, const args *a, json_t **out, tr_error *err)
{
    se_search_params p;
    se_search_params_read(&p, param, (void *)a);
    return se_search(e, &p, out, err);
}

static int tasks(se_engine *e, const args *a, json_t **out, tr_error *err)
{
    se_tasks_params p;
    se_tasks_params_read(&p, param, (void *)a);
    return se_tasks(e, &p, out, err);
}

static int suggest(se_engine *e, const args *a, json_t **out, tr_error *err)
{
    se_complete_params p = {0};
    p.q = arg(a, "q", &p.qlen);
    p.limit = arg(a, "limit", NULL);
    return se_complete(e, &p, out, err);
}

static int officials(se_engine *e, const args *a, json_t **out, tr_error *err)
{
    size_t qlen;
    const char *q = arg(a, "q", &qlen);
    return se_officials(e, q, qlen, arg(a, "limit", NULL), out, err);
}

static int decisions(se_engine *e, const args *a, json_t **out, tr_error *err)
{
    size_t qlen;
    const char *q = arg(a, "q", &qlen);
    return se_decisions(e, q, qlen, arg(a, "limit", NULL), out, err);
}

static const endpoint_fn by_query[] = {search, tasks, suggest, officials, decisions};

/* /api/doc/{id}, /api/officials/{id}, /api/decisions/{number}: the rest of the path,
 * unescaped. */
static void by_path(se_engine *e, const char *rest, size_t len, int which)
{
    char *s = strndup(rest, len);
    fz_require(s != NULL, "strndup");
    unescape(s);
    json_t *out = NULL;
    tr_error err = {0};
    int rc = which == 0 ? se_doc(e, s, &out, &err)
           : which == 1 ? se_official(e, s, &out, &err)
                        : se_decision(e, s, &out, &err);
    answered(rc, out, &err);
    free(s);
}

static void similar(se_engine *e, const char *body, size_t len)
{
    json_t *root = NULL, *out = NULL;
    se_similar_params p;
    tr_error err = {0};
    int rc = se_similar_parse(body, len, &root, &p, &err);
    if (rc == 0)
        rc = se_similar(e, &p, &out, &err);
    else
        fz_require(root == NULL, "no document kept after a refused body");
    answered(rc, out, &err);
    json_decref(root);
}

int fz_http_params(const uint8_t *data, size_t size)
{
    if (size == 0)
        return 0;
    se_engine *e = fz_engine();
    const char *rest = (const char *)data + 1;
    size_t len = size - 1;
    unsigned which = data[0] % 9; /* the five of by_query[], then by_path()'s three, similar */
    if (which >= 5) {
        if (which == 8)
            similar(e, rest, len);
        else
            by_path(e, rest, len, (int)which - 5);
        return 0;
    }
    args a;
    args_parse(&a, rest, len);
    json_t *out = NULL;
    tr_error err = {0};
    int rc = by_query[which](e, &a, &out, &err);
    answered(rc, out, &err);
    args_free(&a);
    return 0;
}
