/* upload: see upload.h. */
#include "upload.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "vn.h"

/* libmicrohttpd's buffer for one field's name and headers (at least 256 bytes). */
#define PP_BUFFER (16 * 1024)

static int fail(sd_form *f, int code, const char *message)
{
    if (!f->why.code)
        tr_error_set(&f->why, code, "%s", message);
    return MHD_NO;
}

/* Appends data to a growing buffer of at most `max` bytes, kept NUL-terminated. */
static int append(sd_form *f, char **buf, size_t *len, const char *data, size_t size,
                  size_t max)
{
    if (size > max - *len)
        return fail(f, TR_EINVAL, "a form field is too long");
    char *b = realloc(*buf, *len + size + 1);
    if (!b)
        return fail(f, TR_ENOMEM, "out of memory");
    memcpy(b + *len, data, size);
    *len += size;
    b[*len] = '\0';
    *buf = b;
    return MHD_YES;
}

/* The field a piece of text belongs to: the last one when the piece goes on, a new
 * one when it starts (offset 0), so that a repeated name is a field of its own. */
static sd_form_field *field_for(sd_form *f, const char *key, uint64_t off)
{
    if (off > 0 && f->nfields && strcmp(f->fields[f->nfields - 1].name, key) == 0)
        return &f->fields[f->nfields - 1];
    if (f->nfields == SD_FORM_FIELDS_MAX) {
        fail(f, TR_EINVAL, "too many form fields");
        return NULL;
    }
    sd_form_field *field = &f->fields[f->nfields];
    if (!(field->name = strdup(key)) || !(field->value = calloc(1, 1))) {
        free(field->name);
        field->name = NULL;
        fail(f, TR_ENOMEM, "out of memory");
        return NULL;
    }
    f->nfields++;
    return field;
}

static enum MHD_Result on_data(void *cls, enum MHD_ValueKind kind, const char *key,
                               const char *filename, const char *content_type,
                               const char *transfer_encoding, const char *data, uint64_t off,
                               size_t size)
{
    (void)kind, (void)content_type, (void)transfer_encoding;
    sd_form *f = cls;
    if (!key) /* a part without Content-Disposition's name */
        return fail(f, TR_EINVAL, "a form field has no name");
    if (filename) {
        if (!f->file_field) {
            if (!(f->file_field = strdup(key)) || !(f->file_name = strdup(filename)) ||
                !(f->file = calloc(1, 1)))
                return fail(f, TR_ENOMEM, "out of memory");
        } else if (off == 0 || strcmp(f->file_field, key) != 0 ||
                   strcmp(f->file_name, filename) != 0) {
            return fail(f, TR_EINVAL, "send one file per request");
        }
        /* The server's cap on the body bounds the file. */
        return append(f, &f->file, &f->file_len, data, size, (size_t)-1 / 2);
    }
    sd_form_field *field = field_for(f, key, off);
    if (!field)
        return MHD_NO;
    return append(f, &field->value, &field->len, data, size, SD_FORM_FIELD_MAX);
}

int sd_form_read(struct MHD_Connection *conn, const char *body, size_t len, sd_form *f,
                 tr_error *err)
{
    memset(f, 0, sizeof *f);
    struct MHD_PostProcessor *pp = MHD_create_post_processor(conn, PP_BUFFER, on_data, f);
    if (!pp)
        return tr_error_set(err, TR_EINVAL, "send a form: Content-Type multipart/form-data "
                                            "(or application/x-www-form-urlencoded)");
    int ok = len == 0 || MHD_post_process(pp, body, len) == MHD_YES;
    /* libmicrohttpd says here whether the body ended where a form ends. */
    ok = MHD_destroy_post_processor(pp) == MHD_YES && ok;
    if (f->why.code)
        return tr_error_set(err, f->why.code, "%s", f->why.message);
    if (!ok)
        return tr_error_set(err, TR_EINVAL, "the form is malformed or cut short");
    for (size_t i = 0; i < f->nfields; i++) {
        const sd_form_field *field = &f->fields[i];
        if (memchr(field->value, '\0', field->len))
            return tr_error_set(err, TR_EINVAL, "a form field holds a NUL byte");
        if (!vn_utf8_valid(field->value, field->len) ||
            !vn_utf8_valid(field->name, strlen(field->name)))
            return tr_error_set(err, TR_EINVAL, "a form field is not valid UTF-8");
    }
    return 0;
}

const char *sd_form_get(const sd_form *f, const char *name, size_t *len)
{
    for (size_t i = 0; i < f->nfields; i++)
        if (strcmp(f->fields[i].name, name) == 0) {
            if (len)
                *len = f->fields[i].len;
            return f->fields[i].value;
        }
    if (len)
        *len = 0;
    return NULL;
}

void sd_form_free(sd_form *f)
{
    if (!f)
        return;
    for (size_t i = 0; i < f->nfields; i++) {
        free(f->fields[i].name);
        free(f->fields[i].value);
    }
    free(f->file_field);
    free(f->file_name);
    free(f->file);
    memset(f, 0, sizeof *f);
}

ex_format sd_upload_format(const sd_form *f, const ex_format *allowed)
{
    ex_format have = f->file_name ? ex_format_of(f->file_name) : EX_NONE;
    for (const ex_format *a = allowed; have != EX_NONE && *a != EX_NONE; a++)
        if (*a == have)
            return have;
    return EX_NONE;
}

static int write_all(int fd, const char *data, size_t len)
{
    while (len) {
        ssize_t n = write(fd, data, len);
        if (n < 0 && errno == EINTR)
            continue;
        if (n <= 0)
            return -1;
        data += n;
        len -= (size_t)n;
    }
    return 0;
}

int sd_upload_with_file(const sd_form *f, ex_format format, sd_upload_fn fn, void *ctx,
                        tr_error *err)
{
    const char *tmp = getenv("TMPDIR");
    const char *ending = ex_format_name(format);
    char path[4096];
    int n = snprintf(path, sizeof path, "%s/tracuu-upload-XXXXXX.%s", tmp && *tmp ? tmp : "/tmp",
                     ending);
    if (n < 0 || (size_t)n >= sizeof path)
        return tr_error_set(err, TR_EIO, "the temporary folder's path is too long");
    int fd = mkstemps(path, (int)strlen(ending) + 1); /* mode 0600 */
    if (fd < 0)
        return tr_error_set(err, TR_EIO, "cannot make a temporary file for the upload (%s)",
                            strerror(errno));
    int bad = write_all(fd, f->file, f->file_len);
    bad = close(fd) != 0 || bad;
    int rc = bad ? tr_error_set(err, TR_EIO, "cannot write the upload to a temporary file")
                 : fn(ctx, path);
    unlink(path);
    return rc;
}
