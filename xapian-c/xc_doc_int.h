/* xc_doc_int.h: the document being built, shared by xc_doc.c (C) and xc_wdb.cc.
 *
 * A document is kept in plain C arrays rather than in a Xapian::Document so that a
 * writer other than Xapian's (glass/, for a new index) can read it without going
 * through Xapian's per-document std::map, which cost a tenth of all indexing time
 * (docs/performance.md). xc_wdb.cc makes the Xapian::Document from it when it is
 * written through Xapian (xc_doc_prepare() does it ahead, on the caller's thread).
 */
#ifndef XC_DOC_INT_H
#define XC_DOC_INT_H

#include <stddef.h>
#include <stdint.h>

#include "xc.h"

#ifdef __cplusplus
extern "C" {
#endif

typedef struct xc_doc_entry {
    uint32_t name;  /* offset of the name in `names` */
    uint32_t len;
    uint32_t wdf;
    uint32_t npos;  /* positions added (before duplicates are removed) */
} xc_doc_entry;

typedef struct xc_doc_slotval {
    unsigned slot;
    char *data;
    size_t len;
} xc_doc_slotval;

struct xc_doc {
    xc_doc_entry *entries;      /* in the order first added */
    size_t n, cap;
    uint32_t *table;            /* open addressing: entry index + 1, 0 empty */
    size_t table_cap;           /* a power of two, at least 2n */
    char *names;
    size_t names_len, names_cap;
    uint32_t (*adds)[2];        /* (entry, position) in the order added */
    size_t nadds, adds_cap;
    xc_doc_slotval *values;     /* ascending slots */
    size_t nvalues, values_cap;
    char *data;
    size_t data_len;
    /* Made by xc_doc_sorted(), valid until the next change. */
    xc_doc_term *sorted;
    uint32_t *positions;
    int sorted_ok;
    /* The Xapian::Document made by xc_doc_prepare(), and how to free it. */
    void *prepared;
    void (*free_prepared)(void *);
};

#ifdef __cplusplus
}
#endif

#endif
