/* ex: the dispatcher. The limits, and ex_extract_here() / ex_extract_buffer(): a
 * file or a buffer through its format's reader (which format a file is: format.c)
 * into an ex_doc (buf.c), then into the record (assemble.c). Readers never call
 * back here. The child process that guards all this is spawn.c. */
#define _GNU_SOURCE
#include "ex_int.h"

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

void ex_limits_init(ex_limits *l)
{
    l->seconds = 60;
    l->memory = (size_t)2 << 30;
    l->output = (size_t)32 << 20;
    l->input = (size_t)512 << 20;
    l->ocr = 0;
    l->ocr_lang = "vie";
}

/* ---- Extraction -------------------------------------------------------------- */

/* DOC and images go to a tool, which reads them from `fd` (the file, or a memfd
 * made from the buffer); the others are parsed in memory. */
static int extract(ex_format f, const char *data, size_t len, int fd, const ex_limits *l,
                   json_t **out, tr_error *err)
{
    ex_doc d;
    memset(&d, 0, sizeof d);
    d.body.cap = l->output;
    int rc;
    switch (f) {
    case EX_HTML: rc = ex_html_read(data, len, l, &d, err); break;
    case EX_PDF: rc = ex_pdf_read(data, len, l, &d, err); break;
    case EX_DOCX:
    case EX_ODT: rc = ex_zipdoc_read(f, data, len, l, &d, err); break;
    case EX_DOC: rc = ex_doc_read(fd, l, &d, err); break;
    case EX_IMAGE:
        if (!l->ocr)
            rc = tr_error_set(err, TR_EINVAL, "an image has no text layer; use --ocr");
        else
            rc = ex_ocr_fd(fd, 0, l, &d, err);
        break;
    default: rc = tr_error_set(err, TR_EINVAL, "not a format tracuu-extract reads"); break;
    }
    if (rc == 0)
        rc = ex_record_make(f, &d, l, out, err);
    ex_doc_free(&d);
    return rc;
}

int ex_extract_buffer(ex_format f, const char *data, size_t len, const ex_limits *l,
                      json_t **out, tr_error *err)
{
    *out = NULL;
    if (len > l->input)
        return tr_error_set(err, TR_ELIMIT, "larger than %zu bytes (input limit)", l->input);
    if (f != EX_DOC && f != EX_IMAGE)
        return extract(f, data, len, -1, l, out, err);
    int fd = ex_memfd(ex_format_name(f), data, len, err);
    if (fd < 0)
        return err ? err->code : TR_EIO;
    int rc = extract(f, data, len, fd, l, out, err);
    close(fd);
    return rc;
}

static int read_all(int fd, size_t size, char **data, tr_error *err)
{
    char *buf = malloc(size + 1);
    if (!buf)
        return tr_error_set(err, TR_ENOMEM, "out of memory reading the file");
    size_t got = 0;
    while (got < size) {
        ssize_t n = read(fd, buf + got, size - got);
        if (n < 0 && errno == EINTR)
            continue;
        if (n < 0) {
            free(buf);
            return tr_error_set(err, TR_EIO, "cannot read the file: %s", strerror(errno));
        }
        if (n == 0)
            break;
        got += (size_t)n;
    }
    if (got < size) {
        free(buf);
        return tr_error_set(err, TR_EIO, "the file shrank while it was read");
    }
    buf[size] = '\0';
    *data = buf;
    return 0;
}

int ex_extract_here(const char *path, const ex_limits *l, json_t **out, tr_error *err)
{
    *out = NULL;
    ex_format f = ex_format_of(path);
    if (f == EX_NONE)
        return tr_error_set(err, TR_EINVAL, "not a format tracuu-extract reads (by its name)");
    int fd = open(path, O_RDONLY | O_CLOEXEC);
    if (fd < 0) {
        int e = errno;
        return tr_error_set(err, e == ENOENT ? TR_ENOTFOUND : TR_EIO, "cannot open: %s",
                            strerror(e));
    }
    struct stat st;
    int rc = 0;
    if (fstat(fd, &st) != 0)
        rc = tr_error_set(err, TR_EIO, "cannot stat: %s", strerror(errno));
    else if (!S_ISREG(st.st_mode))
        rc = tr_error_set(err, TR_EINVAL, "not a regular file");
    else if ((unsigned long long)st.st_size > l->input)
        rc = tr_error_set(err, TR_ELIMIT, "larger than %zu bytes (input limit)", l->input);
    char *data = NULL;
    if (rc == 0 && f != EX_DOC && f != EX_IMAGE)
        rc = read_all(fd, (size_t)st.st_size, &data, err);
    if (rc == 0)
        rc = extract(f, data, data ? (size_t)st.st_size : 0, fd, l, out, err);
    free(data);
    close(fd);
    return rc;
}
