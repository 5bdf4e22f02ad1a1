/* pdf: text and metadata through poppler-glib; pages without a text layer (scans)
 * rendered with cairo at 300 dpi and read by Tesseract when OCR is asked for.
 *
 * poppler gives a page's text line by line as laid out; a paragraph's lines are
 * joined again where the next line goes on in lower case, so that the words at a
 * line end stay neighbours for phrase search. */
#include "ex_int.h"

#include <errno.h>
#include <string.h>
#include <unistd.h>

#include <cairo.h>
#include <poppler.h>
#include <unicode/uchar.h>
#include <unicode/utf8.h>

#define OCR_DPI 300
#define OCR_MAX_PIXELS (60u * 1000 * 1000) /* an A2 page at 300 dpi */

static int blank(const char *s)
{
    for (; s && *s; s++)
        if (*s != ' ' && *s != '\n' && *s != '\t' && *s != '\r' && *s != '\f')
            return 0;
    return 1;
}

static int starts_lower(const char *s, size_t n)
{
    int32_t i = 0;
    UChar32 c;
    U8_NEXT(s, i, (int32_t)(n > 8 ? 8 : n), c);
    return c > 0 && u_islower(c);
}

static int ends_sentence(const char *s, size_t n)
{
    while (n && s[n - 1] == ' ')
        n--;
    return n == 0 || strchr(".:;!?", s[n - 1]) != NULL;
}

static int put_page_text(ex_doc *d, const char *text, tr_error *err)
{
    int rc = ex_buf_break(&d->body, err);
    const char *prev = NULL;
    size_t prev_n = 0;
    for (const char *p = text; rc == 0 && *p;) {
        size_t n = strcspn(p, "\n");
        if (prev && !ends_sentence(prev, prev_n) && starts_lower(p, n))
            rc = ex_buf_put(&d->body, " ", 1, err);
        else if (prev)
            rc = ex_buf_put(&d->body, "\n", 1, err);
        if (rc == 0)
            rc = ex_buf_put(&d->body, p, n, err);
        prev = p;
        prev_n = n;
        p += n + (p[n] == '\n');
    }
    return rc;
}

static cairo_status_t write_fd(void *closure, const unsigned char *data, unsigned int len)
{
    int fd = *(int *)closure;
    while (len) {
        ssize_t n = write(fd, data, len);
        if (n < 0 && errno == EINTR)
            continue;
        if (n <= 0)
            return CAIRO_STATUS_WRITE_ERROR;
        data += n;
        len -= (unsigned)n;
    }
    return CAIRO_STATUS_SUCCESS;
}

/* The page as a PNG in a memory file, then through Tesseract. */
static int ocr_page(PopplerPage *page, const ex_limits *l, ex_doc *d, tr_error *err)
{
    double w, h;
    poppler_page_get_size(page, &w, &h);
    double scale = OCR_DPI / 72.0;
    if (w <= 0 || h <= 0)
        return tr_error_set(err, TR_EINVAL, "a page has no size");
    while (w * scale * h * scale > OCR_MAX_PIXELS)
        scale *= 0.8;
    int pw = (int)(w * scale + 0.5), ph = (int)(h * scale + 0.5);
    cairo_surface_t *s = cairo_image_surface_create(CAIRO_FORMAT_RGB24, pw, ph);
    if (cairo_surface_status(s) != CAIRO_STATUS_SUCCESS) {
        cairo_surface_destroy(s);
        return tr_error_set(err, TR_ENOMEM, "out of memory rendering a page for OCR");
    }
    cairo_t *cr = cairo_create(s);
    cairo_set_source_rgb(cr, 1, 1, 1);
    cairo_paint(cr);
    cairo_scale(cr, scale, scale);
    poppler_page_render(page, cr);
    cairo_destroy(cr);
    int fd = ex_memfd("page.png", "", 0, err);
    int rc = fd < 0 ? TR_EIO : 0;
    if (rc == 0 && cairo_surface_write_to_png_stream(s, write_fd, &fd) != CAIRO_STATUS_SUCCESS)
        rc = tr_error_set(err, TR_EIO, "cannot write a page image for OCR");
    cairo_surface_destroy(s);
    /* scale is pixels per point: the dpi Tesseract should assume is 72 times it. */
    if (rc == 0)
        rc = ex_ocr_fd(fd, (unsigned)(scale * 72 + 0.5), l, d, err);
    if (fd >= 0)
        close(fd);
    return rc;
}

static int metadata(PopplerDocument *doc, ex_doc *d, tr_error *err)
{
    char *v[3] = {poppler_document_get_title(doc), poppler_document_get_author(doc),
                  poppler_document_get_subject(doc)};
    char **field[3] = {&d->title, &d->author, &d->description};
    int rc = 0;
    for (int i = 0; i < 3; i++) {
        if (v[i] && rc == 0)
            rc = ex_doc_set(field[i], v[i], strlen(v[i]), err);
        g_free(v[i]);
    }
    GDateTime *t = poppler_document_get_creation_date_time(doc);
    if (t) {
        char *s = g_date_time_format(t, "%Y-%m-%d");
        char day[11];
        if (s && rc == 0 && ex_date_parse(s, day))
            rc = ex_doc_set(&d->date, day, 10, err);
        g_free(s);
        g_date_time_unref(t);
    }
    return rc;
}

int ex_pdf_read(const char *data, size_t len, const ex_limits *l, ex_doc *d, tr_error *err)
{
    if (len > (size_t)G_MAXSSIZE)
        return tr_error_set(err, TR_ELIMIT, "larger than a PDF can be");
    GBytes *bytes = g_bytes_new_static(data, len);
    GError *ge = NULL;
    PopplerDocument *doc = poppler_document_new_from_bytes(bytes, NULL, &ge);
    g_bytes_unref(bytes);
    if (!doc) {
        int enc = ge && g_error_matches(ge, POPPLER_ERROR, POPPLER_ERROR_ENCRYPTED);
        g_clear_error(&ge);
        return enc ? tr_error_set(err, TR_EINVAL, "encrypted PDF (a password is needed)")
                   : tr_error_set(err, TR_EINVAL, "not a readable PDF (damaged?)");
    }
    int rc = metadata(doc, d, err);
    int n = poppler_document_get_n_pages(doc);
    d->pages = n;
    int with_text = 0, without = 0;
    for (int i = 0; i < n && rc == 0; i++) {
        PopplerPage *page = poppler_document_get_page(doc, i);
        if (!page)
            continue;
        char *text = poppler_page_get_text(page);
        if (!blank(text)) {
            with_text++;
            rc = put_page_text(d, text, err);
        } else {
            without++;
            if (l->ocr)
                rc = ocr_page(page, l, d, err);
        }
        g_free(text);
        g_object_unref(page);
    }
    g_object_unref(doc);
    if (rc == 0 && n == 0)
        rc = tr_error_set(err, TR_EINVAL, "a PDF without pages");
    if (rc == 0 && with_text == 0 && without > 0 && !l->ocr)
        rc = tr_error_set(err, TR_EINVAL, "no text layer; use --ocr");
    return rc;
}
