/* document: an ix_record turned into a Xapian document, following the schema of
 * vn_terms.h (docs/schema.md explains it).
 *
 * Title and body are analyzed into their own prefixed terms; a legal text's number
 * is added to the body (after a gap, so no phrase runs from the body into it) and
 * as a filter term; type and year become filter terms, date, type and year values;
 * a task's fields add their own terms and values (task.h); the record itself, as
 * compact JSON, is the stored data.
 */
#ifndef IX_DOCUMENT_H
#define IX_DOCUMENT_H

#include <stddef.h>
#include <stdint.h>

#include "record.h"
#include "tr_error.h"
#include "vn.h"
#include "vn_terms.h"
#include "xc.h"

/* Positions left empty between the body and the document number. */
#define IX_DOCNUM_GAP 100

/* What one document may cost. A document is built in memory before it is written,
 * and each distinct term costs about 400 bytes there (Xapian's term map, positions),
 * whatever --max-record allows in bytes: a 17 MB record of 2 million distinct words
 * once took 3.3 GB. Past either bound the title and body are not analysed further
 * (the document is indexed as far as it got and stored whole), and the signature and
 * entities read only the first IX_DOC_SCAN_BYTES of the body. A normal article has
 * a few thousand distinct terms; the largest of ../shared/corpus (64 KB
 * of text) has 9,729. */
#define IX_DOC_DISTINCT_MAX 250000     /* distinct terms: ~100 MB per document */
#define IX_DOC_TERMS_ADDED_MAX 8000000 /* terms and postings added in all */
#define IX_DOC_SCAN_BYTES (4u << 20)
/* The body stored with the record is at most this long: a search reads the stored
 * record of every hit it shows, and the document page shows it (a 60 MB record once
 * made each search that found it take 2.5 s). The rest is in the source file. */
#define IX_DOC_STORE_BYTES (1u << 20)

typedef struct ix_document_bounds {
    size_t max_distinct, max_terms_added; /* the bounds */
    size_t distinct, terms_added;         /* what the document came to */
    int truncated;                        /* a bound was reached */
    int stored_part;                      /* only IX_DOC_STORE_BYTES of its body stored */
} ix_document_bounds;

/* The bounds above. */
void ix_document_bounds_init(ix_document_bounds *b);

/* Builds the document for `rec` with analyzer `a` (which must not be in use by
 * another thread), within the bounds `b` (NULL: the defaults), which say on return
 * whether the document was truncated and what it came to. Returns a new xc_doc the
 * caller frees, or NULL with the error filled (out of memory, analysis failure). */
xc_doc *ix_document_build(vn_analyzer *a, const ix_record *rec, ix_document_bounds *b,
                          tr_error *err);

/* Analyzes text[0..len) as `field` into `doc`, from *pos on (updated), as every text
 * of a document is: the folded terms with positions, the others without. 0, or the
 * analyzer's or Xapian's error. Also used by task.c for the fields of a task. */
int ix_document_add_text(vn_analyzer *a, xc_doc *doc, vn_field field, const char *text,
                         size_t len, uint32_t *pos, tr_error *err);

/* Writes the unique id term ("Q" + id) into buf; returns its length, or 0 when it
 * does not fit in `cap`. */
size_t ix_document_idterm(char *buf, size_t cap, const char *id, size_t id_len);

#endif
