/* similar_int: what the files of the duplicate check share, and nothing else uses.
 *
 * similar.c runs a request; similar_terms.c (below) reads the proposal for it and
 * makes the candidate queries; similar_text.c compares texts (similar.h).
 */
#ifndef SE_SIMILAR_INT_H
#define SE_SIMILAR_INT_H

#include <stddef.h>

#include "shingle.h"
#include "similar.h"
#include "vn_terms.h"

/* ---- similar_terms.c ---------------------------------------------------------------
 *
 * A long proposal may repeat a document in one passage among many pages: the
 * candidate terms of the whole text would be those of its main topic, and the
 * passage's document would never be a candidate. So the proposal is cut into
 * windows of SE_SIM_WINDOW_TOKENS tokens (wider when there would be more than
 * SE_SIM_MAX_WINDOWS), each with its own most distinctive terms and its own
 * candidate query. A proposal of a page or two is one window. */

#define SE_SIM_WINDOW_TOKENS 200
#define SE_SIM_MAX_WINDOWS 64

typedef struct se_sim_term {
    size_t off;     /* in the arena: "a" or "a b", NUL-terminated */
    const char *s;  /* the same, once the arena has stopped growing */
    int bigram;
    size_t tok;     /* the token it ends at, counted over title and text */
    size_t win;
    double tf_text, tf_title;
    double weight;  /* (1 + ln tf) x idf, doubled for title terms; 0: useless */
} se_sim_term;

typedef struct se_sim_scan {
    vn_units raw;  /* every unit, without synonyms: comparable with stored signatures */
    se_sim_term *t;
    size_t n, cap;
    char *arena;
    size_t alen, acap;
    size_t ntok;
    size_t nwin;
    size_t *win_start; /* after se_sim_weigh(): window w's terms are t[win_start[w]..
                          win_start[w + 1]), most distinctive first */
    /* While scanning. */
    uint32_t seg;
    char prev[VN_TERM_MAX + 1];
    size_t prev_len;
    int have_prev;
    tr_error *err;
} se_sim_scan;

/* Analyzes the proposal into raw units and every word and word pair (as the indexer
 * makes bigrams) with the token it ends at. *s starts zeroed; se_sim_scan_free()
 * it whatever the result. */
int se_sim_read(vn_analyzer *a, const se_similar_params *p, se_sim_scan *s, tr_error *err);

/* Cuts the terms into windows, sums each window's occurrences of a term, weighs
 * them by their document frequency in the body of `db` among the documents `v`
 * sees (looked up once a term), and orders each window's terms by weight. */
int se_sim_weigh(xc_db *db, se_view v, double ndocs, se_sim_scan *s, tr_error *err);

/* The candidate query of window `win`: its SE_SIM_QUERY_TERMS heaviest terms ORed,
 * each in the body or the title, filtered by `type` unless it is "all". A window
 * without useful terms matches nothing. */
#define SE_SIM_QUERY_TERMS 40
xc_query *se_sim_window_query(const se_sim_scan *s, size_t win, const char *type,
                              tr_error *err);

void se_sim_scan_free(se_sim_scan *s);

#endif
