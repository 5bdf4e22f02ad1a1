/* proposal: the proposal of a duplicate check sent as a form, with or without a
 * file, for POST /api/similar (as multipart/form-data) and the /similar page.
 *
 * The form's fields are title, text, type and limit, as the JSON body of
 * /api/similar has them, and optionally a file (DOCX, PDF or ODT) in place of the
 * text: it is extracted in the sandbox (upload.h, ex.h) and its body compared, its
 * title used when the form gives none. The file is never stored or indexed: its
 * temporary copy is removed once extracted.
 */
#ifndef SD_PROPOSAL_H
#define SD_PROPOSAL_H

#include <jansson.h>

#include "request.h"
#include "similar.h"
#include "upload.h"

typedef struct sd_proposal {
    sd_form form;
    json_t *extracted;     /* what the file gave, or NULL */
    int from_file;         /* the text is the file's */
    se_similar_params p;   /* points into form and extracted */
} sd_proposal;

/* Reads the request's form into *pr (which sd_proposal_free() then frees, also on
 * failure) and fills pr->p. TR_EINVAL (a message for the client) for a form that
 * cannot be read (upload.h), a file of another format, a text and a file both
 * given, a limit that is no number from 1 to SE_SIMILAR_LIMIT_MAX, a file with no
 * text; TR_ELIMIT for a file too large or too slow to extract; TR_EINTERNAL when
 * tracuu-extract cannot run. */
int sd_proposal_read(const sd_request *r, sd_proposal *pr, tr_error *err);
void sd_proposal_free(sd_proposal *pr);

#endif
