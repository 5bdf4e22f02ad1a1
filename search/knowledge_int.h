/* knowledge_int.h: what knowledge.c and knowledge_decisions.c share. */
#ifndef SE_KNOWLEDGE_INT_H
#define SE_KNOWLEDGE_INT_H

#include <stdint.h>

#include "knowledge.h"
#include "xc.h"

#define MAX_WORDS 16
#define WORD_MAX 64

/* ---- knowledge.c -------------------------------------------------------------------- */

/* What se_officials() and se_decisions() are asked: their request, run by
 * se_engine_read(). */
typedef struct se_know_list {
    const char *q;
    size_t qlen;
    const char *limit;
    se_view view;
} se_know_list;

/* What se_official() and se_decision() are asked. */
typedef struct se_know_one {
    const char *id; /* an official's id, a decision's number */
    se_view view;
} se_know_one;

typedef struct se_know_words {
    char w[MAX_WORDS][WORD_MAX];
    size_t n;
} se_know_words;

typedef struct se_know_cand {
    char *id;
    uint64_t tf;
    int name_words;
} se_know_cand;

/* The candidates a scan of the index's terms (xc_db_allterms) collects. */
typedef struct se_know_cands {
    se_know_cand *c;
    size_t n, cap;
    int failed; /* out of memory: the scan stopped, the caller reports TR_ENOMEM */
} se_know_cands;

/* Adds a copy of id[0..len) with its counts. Returns 0, or 1 (the scan callback's
 * "stop") with `failed` set when out of memory. */
int se_know_cands_add(se_know_cands *l, const char *id, size_t len, uint64_t tf,
                      int name_words);
/* Frees the ids still held (NULL ones are taken) and the array. */
void se_know_cands_clear(se_know_cands *l);

/* What a list request must be: q at most SE_QUERY_MAX_BYTES of valid UTF-8 (TR_ELIMIT,
 * TR_EINVAL) and limit= a whole number from 1 to SE_KNOW_LIMIT_MAX (TR_EINVAL), into
 * *limit (SE_KNOW_LIMIT_DEFAULT when not given). */
int se_know_list_check(const se_know_list *l, unsigned *limit, tr_error *err);
/* Splits `s` into runs of the characters `keep` accepts (at most MAX_WORDS). */
void se_know_split(const char *s, size_t len, int (*keep)(unsigned char), se_know_words *out);
int se_know_alnum(unsigned char c);
int se_know_not_space(unsigned char c);
/* Folded words of a query ("Nguyễn Phi Thạnh" -> nguyen, phi, thanh). */
int se_know_folded(const char *q, size_t qlen, se_know_words *out, tr_error *err);
int se_know_has_word(const se_know_words *ws, const char *w);
/* The entity of `kind` ("officials", "decisions") with this id in a record, borrowed. */
json_t *se_know_entity(json_t *rec, const char *kind, const char *id);
const char *se_know_str(json_t *o, const char *key);
/* The record's date, or the date its text gives first (borrowed; may be NULL). */
json_t *se_know_date(json_t *rec);
/* A document that names an entity, as the entity's page lists it: its id, title, date
 * and type, and `key` with `value` (stolen; NULL gives null). */
json_t *se_know_doc(json_t *rec, const char *key, json_t *value);
/* The answer of se_officials() or se_decisions(), {"query", "total", `name`: list},
 * into *out unless `rc` says the request failed (the list is freed then). Returns rc,
 * or TR_ENOMEM when the answer could not be made. */
int se_know_answer(const se_know_list *l, int rc, size_t total, const char *name,
                   json_t *list, json_t **out, tr_error *err);
/* How many documents view `v` sees hold the term prefix + value (an id or a
 * number's key, at most VN_TERM_MAX bytes). */
int se_know_count(xc_db *db, se_view v, const char *prefix, const char *value, uint64_t *tf,
                  tr_error *err);
/* Documents `v` sees holding any of prefix + values[i], newest first. */
xc_mset *se_know_newest(xc_db *db, se_view v, const char *prefix, char *const *values,
                        size_t n, uint32_t max, tr_error *err);

#endif
