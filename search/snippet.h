/* snippet: the passage of a document that best shows why it matched.
 *
 * The text is analyzed with the same analyzer as the query, so a word typed without
 * diacritics highlights its accented form in the original text ("khoa hoc" marks
 * "Khoa học"). The window with the most distinct query words wins; the result is
 * HTML-escaped text with <mark>...</mark> around the matched words and "…" where
 * the text was cut.
 */
#ifndef SE_SNIPPET_H
#define SE_SNIPPET_H

#include <stddef.h>

#include "qbuild.h"
#include "tr_error.h"
#include "vn.h"

/* Builds a snippet of about `words` words from `text`. With no highlight terms or no
 * match, it is the start of the text. *out is malloc()ed and NUL-terminated. */
int se_snippet(vn_analyzer *a, const char *text, size_t len, const se_highlight *hl,
               size_t words, char **out, tr_error *err);

/* Appends `len` bytes of `s` to `buf`, HTML-escaped (& < > " '). Returns 0 or
 * TR_ENOMEM. */
typedef struct se_buf {
    char *data;
    size_t len, cap;
} se_buf;
int se_buf_append(se_buf *b, const char *s, size_t len);
int se_buf_append_escaped(se_buf *b, const char *s, size_t len);

#endif
