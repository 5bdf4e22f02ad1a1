/* upload: a form posted to searchd, its text fields and at most one file, and that
 * file extracted in the sandbox.
 *
 * The body, already read whole by the server under the route's cap (server.h), is
 * taken apart by libmicrohttpd's post processor, which reads the request's
 * Content-Type: multipart/form-data (what a browser sends with a file) or
 * application/x-www-form-urlencoded. Nothing of the form is trusted: at most
 * SD_FORM_FIELDS_MAX fields of at most SD_FORM_FIELD_MAX bytes each, text fields
 * valid UTF-8 without NUL bytes, one file. The file is never parsed in searchd:
 * sd_upload_with_file() writes it to a private temporary file (mode 0600, named
 * with the upload's ending so that ex.h reads it as its format), hands its path to
 * the caller, who runs the extraction in the sandboxed child (ex_extract), and
 * removes it whatever happened: an upload is kept only if it is indexed.
 */
#ifndef SD_UPLOAD_H
#define SD_UPLOAD_H

#include <microhttpd.h>
#include <stddef.h>

#include "ex.h"
#include "tr_error.h"

#define SD_FORM_FIELDS_MAX 32
#define SD_FORM_FIELD_MAX (1024 * 1024) /* bytes of a text field: a proposal's text */

typedef struct sd_form_field {
    char *name;
    char *value; /* NUL-terminated; `len` bytes */
    size_t len;
} sd_form_field;

typedef struct sd_form {
    sd_form_field fields[SD_FORM_FIELDS_MAX];
    size_t nfields;
    char *file_field; /* the file's field name, NULL when the form has no file */
    char *file_name;  /* the name the client gave it (may be "") */
    char *file;       /* its bytes */
    size_t file_len;
    tr_error why;     /* the first thing found wrong while reading */
} sd_form;

/* Reads `len` bytes of `body` as the form the connection's Content-Type says into
 * *f (which sd_form_free() then frees, also on failure). TR_EINVAL with a message
 * for the client when the body is no such form, is malformed or cut short, has
 * too many or too long fields, a text field that is not UTF-8 or holds a NUL byte,
 * or a second file; TR_ENOMEM. */
int sd_form_read(struct MHD_Connection *conn, const char *body, size_t len, sd_form *f,
                 tr_error *err);

/* The text of field `name` (its first occurrence) and its length (may be NULL), or
 * NULL when the form has no such field. */
const char *sd_form_get(const sd_form *f, const char *name, size_t *len);

void sd_form_free(sd_form *f);

/* The format of the form's file by its name's ending, when it is one of `allowed`
 * (an array ending in EX_NONE); EX_NONE otherwise. */
ex_format sd_upload_format(const sd_form *f, const ex_format *allowed);

/* Writes the form's file (of format `format`) to a temporary file in $TMPDIR (or
 * /tmp), calls fn(ctx, path), and removes the file; returns what fn returned, or
 * TR_EIO when the file cannot be written (the error filled). */
typedef int (*sd_upload_fn)(void *ctx, const char *path);
int sd_upload_with_file(const sd_form *f, ex_format format, sd_upload_fn fn, void *ctx,
                        tr_error *err);

#endif
