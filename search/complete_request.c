/* complete_request: GET /api/suggest over the engine (see complete.h, se_complete):
 * the request's parameters, a handle from the pool and the current lexicon, the
 * answer as JSON. The completions themselves are complete.c's. */
#include "engine.h"
#include "complete.h"

#include <ctype.h>
#include <errno.h>
#include <stdlib.h>
#include <time.h>

#include "complete_int.h"

int se_complete_check_text(const char *q, size_t len, tr_error *err)
{
    if (len > SE_COMPLETE_QUERY_MAX)
        return tr_error_set(err, TR_ELIMIT, "the text is too long for suggestions (at most %d "
                            "bytes)", SE_COMPLETE_QUERY_MAX);
    if (len && (!q || !vn_utf8_valid(q, len)))
        return tr_error_set(err, TR_EINVAL, "the text is not valid UTF-8");
    return 0;
}

static int complete_request(se_engine *e, const void *in, json_t **out, tr_error *err)
{
    const se_complete_params *p = in;
    struct timespec t0;
    clock_gettime(CLOCK_MONOTONIC, &t0);
    *out = NULL;
    const char *q = p->q ? p->q : "";
    size_t len = p->q ? p->qlen : 0;
    char *end = NULL;
    errno = 0;
    unsigned long limit = p->limit && *p->limit ? strtoul(p->limit, &end, 10) : SE_COMPLETE_MAX;
    int rc = se_complete_check_text(q, len, err);
    if (rc)
        return rc;
    if ((end && (*end || errno || !isdigit((unsigned char)*p->limit))) || limit < 1 ||
        limit > SE_COMPLETE_MAX)
        return tr_error_set(err, TR_EINVAL, "limit must be a whole number from 1 to %d",
                            SE_COMPLETE_MAX);
    vn_analyzer *a = se_thread_analyzer(err);
    se_complete_list *list = calloc(1, sizeof *list);
    if (!a || !list) {
        free(list);
        return tr_error_set(err, TR_ENOMEM, "out of memory");
    }
    xc_db *db = len > 0 ? se_pool_get(e->pool, err) : NULL;
    if (len > 0 && !db) {
        rc = err && err->code ? err->code : TR_EXAPIAN;
    } else if (db) {
        se_lexicon *lx = e->lexicons ? se_lexicon_get(e->lexicons, db, p->view, NULL) : NULL;
        rc = se_complete_typed(a, db, p->view, lx, q, len, limit, list, err);
        se_lexicon_unref(lx);
        se_pool_put(e->pool, db, rc != 0);
    }
    json_t *items = rc ? NULL : json_array();
    for (size_t i = 0; items && i < list->n; i++)
        if (json_array_append_new(items, json_pack("{s:s, s:I}", "text", list->items[i].text,
                                                   "count", (json_int_t)list->items[i].count))) {
            json_decref(items);
            items = NULL;
        }
    free(list);
    if (rc)
        return rc;
    double ms = se_elapsed_ms(&t0);
    if (items)
        *out = json_pack("{s:s%, s:o, s:f}", "query", q, len, "suggestions", items, "took_ms", ms);
    return *out ? 0 : tr_error_set(err, TR_ENOMEM, "out of memory");
}

int se_complete(se_engine *e, const se_complete_params *p, json_t **out, tr_error *err)
{
    return se_engine_read(e, complete_request, p, out, err);
}
