/* complete_int: what the files of autocomplete share, and nothing else uses.
 *
 * complete.c completes a typed text (se_complete_phrases); complete_request.c answers
 * GET /api/suggest with it (se_complete).
 */
#ifndef SE_COMPLETE_INT_H
#define SE_COMPLETE_INT_H

#include <stddef.h>

#include "tr_error.h"

/* ---- complete_request.c --------------------------------------------------------- */

/* 0 when `len` bytes of `q` may be completed; TR_ELIMIT over SE_COMPLETE_QUERY_MAX,
 * TR_EINVAL for invalid UTF-8, with a message fit for the user (nothing of q in it). */
int se_complete_check_text(const char *q, size_t len, tr_error *err);

#endif
