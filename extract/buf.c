/* buf: what a format reader writes into. The body goes in an ex_buf, a growing
 * string with a cap, so that no reader holds more text than the output limit
 * allows whatever the file expands to; the metadata fields of the ex_doc around it
 * are set trimmed, an empty value leaving a field unset. Readers (webpage.c, pdf.c,
 * zipdoc.c, doc.c, ocr.c) and assemble.c use these; the dispatcher (ex.c) only
 * makes and frees the ex_doc. */
#define _GNU_SOURCE
#include "ex_int.h"

#include <ctype.h>
#include <stdlib.h>
#include <string.h>

#include "tr_grow.h"

int ex_buf_put(ex_buf *b, const char *s, size_t n, tr_error *err)
{
    if (b->cap && b->len + n > b->cap)
        return tr_error_set(err, TR_ELIMIT, "more than %zu bytes of text (output limit)", b->cap);
    if (tr_grow_append(&b->s, &b->len, &b->alloc, s, n, 4096))
        return tr_error_set(err, TR_ENOMEM, "out of memory");
    return 0;
}

int ex_buf_puts(ex_buf *b, const char *s, tr_error *err)
{
    return ex_buf_put(b, s, strlen(s), err);
}

int ex_buf_break(ex_buf *b, tr_error *err)
{
    if (b->len == 0 || b->s[b->len - 1] == '\n')
        return 0;
    return ex_buf_put(b, "\n", 1, err);
}

void ex_buf_free(ex_buf *b)
{
    free(b->s);
    b->s = NULL;
    b->len = b->alloc = 0;
}

int ex_doc_set(char **field, const char *s, size_t len, tr_error *err)
{
    while (len && isspace((unsigned char)*s))
        s++, len--;
    while (len && isspace((unsigned char)s[len - 1]))
        len--;
    if (!len)
        return 0;
    char *copy = strndup(s, len);
    if (!copy)
        return tr_error_set(err, TR_ENOMEM, "out of memory");
    free(*field);
    *field = copy;
    return 0;
}

void ex_doc_free(ex_doc *d)
{
    ex_buf_free(&d->body);
    free(d->title);
    free(d->heading);
    free(d->author);
    free(d->description);
    free(d->date);
    free(d->encoding);
    memset(d, 0, sizeof *d);
}
