/* complete_keys: autocomplete of a text typed as Telex or VNI keystrokes (see
 * complete.h, se_complete_typed). The keys are read back into Vietnamese (vn_keys.h)
 * and that text completed as if typed with its marks; the index decides whether the
 * reading means anything, since a reading it has no phrase for completes to nothing. */
#include "complete.h"

#include <stdlib.h>
#include <string.h>

#include "vn_keys.h"

int se_complete_typed(vn_analyzer *a, xc_db *db, se_view v, const se_lexicon *lx,
                      const char *q, size_t len, size_t limit, se_complete_list *out,
                      tr_error *err)
{
    int rc = se_complete_phrases(a, db, v, lx, q, len, limit, out, err);
    if (rc || out->n >= limit)
        return rc;
    /* A key reads as at most one letter, of at most 3 bytes ("ệ"). */
    size_t cap = 3 * len + 1, n;
    char *read = malloc(cap);
    se_complete_list *more = read ? malloc(sizeof *more) : NULL;
    if (!more) {
        free(read);
        return tr_error_set(err, TR_ENOMEM, "out of memory");
    }
    n = vn_keys_text(q, len, read, cap);
    rc = n && n <= SE_COMPLETE_QUERY_MAX
             ? se_complete_phrases(a, db, v, lx, read, n, limit, more, err)
             : 0;
    if (rc || !n)
        more->n = 0;
    for (size_t i = 0; i < more->n && out->n < limit; i++) {
        size_t k = 0;
        while (k < out->n && strcmp(out->items[k].text, more->items[i].text) != 0)
            k++;
        if (k == out->n)
            out->items[out->n++] = more->items[i];
    }
    free(more);
    free(read);
    return rc;
}
