/* tasks: structured search over S&T task records, behind GET /api/tasks.
 *
 * Researchers look for past tasks by topic, organisation, person, level, status and
 * year, and officials by budget. The words (q) go through the engine's usual query
 * building (qbuild.h: diacritics optional, synonyms, phrase boosts); everything
 * else is a filter on the terms and values the indexer writes for tasks
 * (indexer/task.h, docs/schema.md): organisation and investigator match whole,
 * without diacritics, case or the investigator's title. Free of HTTP, like
 * search.h.
 */
#ifndef SE_TASKS_H
#define SE_TASKS_H

#include <jansson.h>
#include <stddef.h>

#include "search.h" /* se_engine, se_param_fn */
#include "tr_error.h"

/* At most this many values in a comma-separated level, status or field filter. */
#define SE_TASKS_LIST_MAX 8

typedef struct se_tasks_params {
    const char *q;        /* words, optional; NULL is none */
    size_t qlen;
    const char *field;    /* field codes ("4", "401") or names ("nông nghiệp"), ORed */
    const char *level;    /* national, ministry, province, grassroots; ORed */
    const char *status;   /* proposed, approved, in_progress, accepted, cancelled; ORed */
    const char *org;      /* the lead organisation, whole */
    const char *pi;       /* the principal investigator, whole, title optional */
    const char *year_from; /* start year, YYYY, inclusive */
    const char *year_to;
    const char *sort;     /* relevance (default), year, -year, budget, -budget */
    const char *page;     /* as /api/search */
    const char *per_page;
    se_view view;         /* who asks (view.h); zero: the public */
} se_tasks_params;

/* Runs a task search. Every parameter is raw as given; NULL or "" is absent. Bad
 * parameters give TR_EINVAL or TR_ELIMIT with a message fit for the user, naming
 * the parameter and never echoing its value; index failures TR_EXAPIAN. On success
 * *out is a new JSON object (json_decref):
 * {"total", "page", "per_page", "took_ms",
 *  "hits": [{"id", "code", "title", "level", "field", "field_code", "status",
 *            "investigator", "organization", "start", "end",
 *            "budget": {"state", "other"}, "score"}]}
 * with null for what a task does not say. In a sort by year or budget a task
 * without one counts as lowest: first for year and budget, last for -year and
 * -budget; ties go by relevance. */
int se_tasks(se_engine *e, const se_tasks_params *p, json_t **out, tr_error *err);

/* Fills *p with the parameters of /api/tasks, by their names in the API. */
void se_tasks_params_read(se_tasks_params *p, se_param_fn get, void *ctx);

#endif
