/* tracuu-termstats: what an index's terms cost, by prefix, to choose what the schema
 * writes (docs/schema.md, "What the schema writes, measured").
 *
 *   tracuu-termstats DB
 *
 * Prints, per term prefix (the leading capitals: "" for folded body words, "S", "E",
 * "B", "G", ...; every "Q" and "XH" term under those two): the distinct terms, the
 * postings (documents per term, summed: what Xapian's inverter and postlists hold), the
 * within-document frequencies summed, and the positions, which are that sum for the
 * positional prefixes (VN_P_BODY, VN_P_TITLE: one position an occurrence) and none
 * for the others; then the totals and the postings per document. The writer's time
 * goes with postings and positions (docs/performance.md).
 */
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include "tr_error.h"
#include "vn_terms.h"
#include "xc.h"

#define MAX_PREFIXES 64
#define PREFIX_MAX 8

typedef struct row {
    char prefix[PREFIX_MAX];
    uint64_t terms, postings, wdf;
} row;

typedef struct stats {
    xc_db *db;
    row rows[MAX_PREFIXES];
    size_t n;
    int failed;
} stats;

static size_t prefix_len(const char *term, size_t len)
{
    if (len > 0 && term[0] == 'Q')
        return 1; /* an id keeps its case */
    if (len > 1 && memcmp(term, VN_P_HIDDEN, 2) == 0)
        return 2; /* a shadow: its own term's prefix follows */
    size_t n = 0;
    while (n < len && n + 1 < PREFIX_MAX && term[n] >= 'A' && term[n] <= 'Z')
        n++;
    return n;
}

static row *row_of(stats *s, const char *term, size_t plen)
{
    for (size_t i = 0; i < s->n; i++)
        if (strlen(s->rows[i].prefix) == plen && memcmp(s->rows[i].prefix, term, plen) == 0)
            return &s->rows[i];
    if (s->n == MAX_PREFIXES)
        return NULL;
    row *r = &s->rows[s->n++];
    memset(r, 0, sizeof *r);
    memcpy(r->prefix, term, plen);
    return r;
}

static int on_term(void *ctx, const char *term, size_t len, uint64_t termfreq)
{
    stats *s = ctx;
    row *r = row_of(s, term, prefix_len(term, len));
    uint64_t wdf = 0;
    if (!r || xc_db_collfreq(s->db, term, len, &wdf, NULL)) {
        s->failed = 1;
        return 1;
    }
    r->terms++;
    r->postings += termfreq;
    r->wdf += wdf;
    return 0;
}

static int positional(const char *prefix)
{
    return strcmp(prefix, VN_P_BODY) == 0 || strcmp(prefix, VN_P_TITLE) == 0;
}

int main(int argc, char **argv)
{
    if (argc != 2) {
        fprintf(stderr, "usage: tracuu-termstats DB\n");
        return 2;
    }
    tr_error err = {0};
    static stats s;
    s.db = xc_db_open(argv[1], &err);
    uint64_t docs = 0;
    if (!s.db || xc_db_doccount(s.db, &docs, &err) ||
        xc_db_allterms(s.db, "", 0, on_term, &s, &err) || s.failed) {
        fprintf(stderr, "tracuu-termstats: %s: %s\n", argv[1],
                s.failed ? "cannot read the terms" : err.message);
        xc_db_free(s.db);
        return 1;
    }
    row all = {"all", 0, 0, 0};
    uint64_t positions = 0;
    printf("%-8s %10s %12s %12s %12s\n", "prefix", "terms", "postings", "wdf", "positions");
    for (size_t i = 0; i < s.n; i++) {
        const row *r = &s.rows[i];
        uint64_t pos = positional(r->prefix) ? r->wdf : 0;
        printf("%-8s %10llu %12llu %12llu %12llu\n", r->prefix[0] ? r->prefix : "(none)",
               (unsigned long long)r->terms, (unsigned long long)r->postings,
               (unsigned long long)r->wdf, (unsigned long long)pos);
        all.terms += r->terms;
        all.postings += r->postings;
        all.wdf += r->wdf;
        positions += pos;
    }
    printf("%-8s %10llu %12llu %12llu %12llu\n", all.prefix, (unsigned long long)all.terms,
           (unsigned long long)all.postings, (unsigned long long)all.wdf,
           (unsigned long long)positions);
    printf("%llu documents, %.1f postings and %.1f positions a document\n",
           (unsigned long long)docs, docs ? (double)all.postings / (double)docs : 0.0,
           docs ? (double)positions / (double)docs : 0.0);
    xc_db_free(s.db);
    return 0;
}
