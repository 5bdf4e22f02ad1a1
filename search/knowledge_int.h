/* knowledge_int.h: what knowledge.c and knowledge_decisions.c share. */
#ifndef SD_KNOWLEDGE_INT_H
#define SD_KNOWLEDGE_INT_H

#include <stdint.h>

#include "knowledge.h"
#include "xc.h"

#define MAX_WORDS 16
#define WORD_MAX 64

/* ---- knowledge.c -------------------------------------------------------------------- */

typedef struct sd_know_words {
    char w[MAX_WORDS][WORD_MAX];
    size_t n;
} sd_know_words;

typedef struct sd_know_cand {
    char *id;
    uint64_t tf;
    int name_words;
} sd_know_cand;

/* The candidates a scan of the index's terms (xc_db_allterms) collects. */
typedef struct sd_know_cands {
    sd_know_cand *c;
    size_t n, cap;
    int failed; /* out of memory: the scan stopped, the caller reports TR_ENOMEM */
} sd_know_cands;

/* Adds a copy of id[0..len) with its counts. Returns 0, or 1 (the scan callback's
 * "stop") with `failed` set when out of memory. */
int sd_know_cands_add(sd_know_cands *l, const char *id, size_t len, uint64_t tf,
                      int name_words);
/* Frees the ids still held (NULL ones are taken) and the array. */
void sd_know_cands_clear(sd_know_cands *l);

/* The limit= parameter; TR_EINVAL unless 1..SD_KNOW_LIMIT_MAX. */
int sd_know_limit(const char *s, unsigned *out, tr_error *err);
/* q: at most SD_QUERY_MAX_BYTES of valid UTF-8. */
int sd_know_check_q(const char *q, size_t qlen, tr_error *err);
/* Splits `s` into runs of the characters `keep` accepts (at most MAX_WORDS). */
void sd_know_split(const char *s, size_t len, int (*keep)(unsigned char), sd_know_words *out);
int sd_know_alnum(unsigned char c);
int sd_know_not_space(unsigned char c);
/* Folded words of a query ("Nguyễn Phi Thạnh" -> nguyen, phi, thanh). */
int sd_know_folded(const char *q, size_t qlen, sd_know_words *out, tr_error *err);
int sd_know_has_word(const sd_know_words *ws, const char *w);
/* The entity of `kind` ("officials", "decisions") with this id in a record, borrowed. */
json_t *sd_know_entity(json_t *rec, const char *kind, const char *id);
const char *sd_know_str(json_t *o, const char *key);
/* The record's date, or the date its text gives first (borrowed; may be NULL). */
json_t *sd_know_date(json_t *rec);
/* How many documents hold the term prefix + value (an id or a number's key, at most
 * VN_TERM_MAX bytes). */
int sd_know_count(xc_db *db, const char *prefix, const char *value, uint64_t *tf,
                  tr_error *err);
/* Documents holding any of prefix + values[i], newest first. */
xc_mset *sd_know_newest(xc_db *db, const char *prefix, char *const *values, size_t n,
                        uint32_t max, tr_error *err);

#endif
