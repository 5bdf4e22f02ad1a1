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

/* Builds the document for `rec` with analyzer `a` (which must not be in use by
 * another thread). Returns a new xc_doc the caller frees, or NULL with the error
 * filled (out of memory, analysis failure). */
xc_doc *ix_document_build(vn_analyzer *a, const ix_record *rec, tr_error *err);

/* Analyzes text[0..len) as `field` into `doc`, from *pos on (updated), as every text
 * of a document is: the folded terms with positions, the others without. 0, or the
 * analyzer's or Xapian's error. Also used by task.c for the fields of a task. */
int ix_document_add_text(vn_analyzer *a, xc_doc *doc, vn_field field, const char *text,
                         size_t len, uint32_t *pos, tr_error *err);

/* Writes the unique id term ("Q" + id) into buf; returns its length, or 0 when it
 * does not fit in `cap`. */
size_t ix_document_idterm(char *buf, size_t cap, const char *id, size_t id_len);

#endif
