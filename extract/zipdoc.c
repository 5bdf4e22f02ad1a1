/* zipdoc: DOCX and ODT, which are zip files of XML parts. libarchive opens the
 * zip, and each part the text needs (word/document.xml and docProps/core.xml;
 * content.xml and meta.xml) is streamed straight from the decompressor into
 * libxml2's xmlTextReader, never held whole. Every byte that comes out is counted:
 * a part or the archive that expands past EX_ZIP_ENTRY_MAX, EX_ZIP_TOTAL_MAX, or
 * EX_ZIP_RATIO times the size of the file, is a zip bomb and stops the reading.
 * The XML parser substitutes no entities and loads nothing from the network. */
#include "ex_int.h"

#include <stdint.h>
#include <string.h>
#include <strings.h>

#include <archive.h>
#include <archive_entry.h>
#include <libxml/xmlreader.h>

#define W_NS "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
#define TEXT_NS "urn:oasis:names:tc:opendocument:xmlns:text:1.0"
#define OFFICE_NS "urn:oasis:names:tc:opendocument:xmlns:office:1.0"

typedef struct zip {
    struct archive *a;
    size_t file_len;
    size_t entry, total; /* bytes decompressed */
    int bomb, damaged;
} zip;

typedef enum part { PART_BODY, PART_META } part;

static int zip_read(void *ctx, char *buf, int len)
{
    zip *z = ctx;
    la_ssize_t n = archive_read_data(z->a, buf, (size_t)len);
    if (n < 0) {
        z->damaged = 1;
        return -1;
    }
    z->entry += (size_t)n;
    z->total += (size_t)n;
    if (z->entry > EX_ZIP_ENTRY_MAX || z->total > EX_ZIP_TOTAL_MAX ||
        (z->total > EX_ZIP_RATIO_FREE && z->total / EX_ZIP_RATIO > z->file_len)) {
        z->bomb = 1;
        return -1;
    }
    return (int)n;
}

static void quiet(void *arg, xmlErrorPtr e)
{
    (void)arg;
    (void)e;
}

/* ---- What the parts hold ------------------------------------------------------ */

typedef struct walker {
    ex_format f;
    ex_doc *d;
    tr_error *err;
    int in_text;        /* DOCX: inside <w:t>; ODT: depth inside <text:p>/<text:h> */
    int skip;           /* ODT: depth inside notes' citations and annotations */
    int heading;        /* the paragraph being read is a title or first-level heading */
    size_t para_start;  /* where it starts in the body */
    ex_buf field;       /* metadata: the element's text */
} walker;

static int is(const xmlChar *a, const char *b)
{
    return a && strcmp((const char *)a, b) == 0;
}

static int para_end(walker *w)
{
    ex_doc *d = w->d;
    if (w->heading && !d->heading && d->body.len > w->para_start) {
        int rc = ex_doc_set(&d->heading, d->body.s + w->para_start, d->body.len - w->para_start,
                            w->err);
        if (rc)
            return rc;
    }
    w->heading = 0;
    return ex_buf_break(&d->body, w->err);
}

static int put_text(walker *w, const char *s)
{
    if (w->f == EX_DOCX)
        return ex_buf_puts(&w->d->body, s, w->err);
    /* ODF spells its spaces with <text:s/>: the line breaks of the XML are none. */
    for (const char *p = s; *p;) {
        size_t n = strcspn(p, "\r\n\t");
        int rc = ex_buf_put(&w->d->body, p, n, w->err);
        if (rc == 0 && p[n])
            rc = ex_buf_put(&w->d->body, " ", 1, w->err);
        if (rc)
            return rc;
        p += n + (p[n] != '\0');
    }
    return 0;
}

static int docx_node(walker *w, xmlTextReaderPtr r, int type, const xmlChar *name)
{
    if (type == XML_READER_TYPE_ELEMENT && is(xmlTextReaderConstNamespaceUri(r), W_NS)) {
        int empty = xmlTextReaderIsEmptyElement(r);
        if (is(name, "p")) {
            w->para_start = w->d->body.len;
            w->heading = 0;
            return empty ? para_end(w) : ex_buf_break(&w->d->body, w->err);
        }
        if (is(name, "t") && !empty)
            w->in_text = 1;
        else if (is(name, "tab"))
            return ex_buf_put(&w->d->body, " ", 1, w->err);
        else if (is(name, "br") || is(name, "cr"))
            return ex_buf_put(&w->d->body, "\n", 1, w->err);
        else if (is(name, "pStyle")) {
            xmlChar *v = xmlTextReaderGetAttributeNs(r, BAD_CAST "val", BAD_CAST W_NS);
            w->heading = v && (strcasecmp((char *)v, "Title") == 0 ||
                               strcasecmp((char *)v, "Heading1") == 0);
            xmlFree(v);
        }
    } else if (type == XML_READER_TYPE_END_ELEMENT &&
               is(xmlTextReaderConstNamespaceUri(r), W_NS)) {
        if (is(name, "t"))
            w->in_text = 0;
        else if (is(name, "p"))
            return para_end(w);
    } else if ((type == XML_READER_TYPE_TEXT || type == XML_READER_TYPE_SIGNIFICANT_WHITESPACE) &&
               w->in_text) {
        return put_text(w, (const char *)xmlTextReaderConstValue(r));
    }
    return 0;
}

static int odt_node(walker *w, xmlTextReaderPtr r, int type, const xmlChar *name)
{
    const xmlChar *ns = xmlTextReaderConstNamespaceUri(r);
    int text_ns = is(ns, TEXT_NS);
    int skipped = (text_ns && is(name, "note-citation")) || (is(ns, OFFICE_NS) && is(name, "annotation"));
    if (type == XML_READER_TYPE_ELEMENT) {
        int empty = xmlTextReaderIsEmptyElement(r);
        if (skipped && !empty)
            w->skip++;
        if (!text_ns || w->skip)
            return 0;
        if ((is(name, "p") || is(name, "h")) && !empty) {
            if (w->in_text++ == 0) {
                int rc = ex_buf_break(&w->d->body, w->err);
                w->para_start = w->d->body.len;
                xmlChar *style = xmlTextReaderGetAttributeNs(r, BAD_CAST "style-name",
                                                             BAD_CAST TEXT_NS);
                xmlChar *level = xmlTextReaderGetAttributeNs(r, BAD_CAST "outline-level",
                                                             BAD_CAST TEXT_NS);
                w->heading = (is(name, "h") && (!level || is(level, "1"))) || is(style, "Title");
                xmlFree(style);
                xmlFree(level);
                return rc;
            }
        } else if (is(name, "s") || is(name, "tab")) {
            return ex_buf_put(&w->d->body, " ", 1, w->err);
        } else if (is(name, "line-break")) {
            return ex_buf_put(&w->d->body, "\n", 1, w->err);
        }
    } else if (type == XML_READER_TYPE_END_ELEMENT) {
        if (skipped && w->skip > 0)
            w->skip--;
        else if (text_ns && !w->skip && (is(name, "p") || is(name, "h")) && w->in_text > 0 &&
                 --w->in_text == 0)
            return para_end(w);
    } else if ((type == XML_READER_TYPE_TEXT || type == XML_READER_TYPE_SIGNIFICANT_WHITESPACE ||
                type == XML_READER_TYPE_WHITESPACE) &&
               w->in_text && !w->skip) {
        return put_text(w, (const char *)xmlTextReaderConstValue(r));
    }
    return 0;
}

/* core.xml and meta.xml: a flat list of elements with text. */
static int meta_node(walker *w, xmlTextReaderPtr r, int type, const xmlChar *name)
{
    if (type == XML_READER_TYPE_ELEMENT) {
        w->field.len = 0;
        return 0;
    }
    if (type == XML_READER_TYPE_TEXT)
        return ex_buf_puts(&w->field, (const char *)xmlTextReaderConstValue(r), w->err);
    if (type != XML_READER_TYPE_END_ELEMENT || !w->field.len)
        return 0;
    ex_doc *d = w->d;
    const char *v = w->field.s;
    size_t n = w->field.len;
    int rc = 0;
    if (is(name, "title"))
        rc = ex_doc_set(&d->title, v, n, w->err);
    else if (is(name, "creator") || is(name, "initial-creator"))
        rc = d->author && is(name, "creator") ? 0 : ex_doc_set(&d->author, v, n, w->err);
    else if (is(name, "description") || (is(name, "subject") && !d->description))
        rc = ex_doc_set(&d->description, v, n, w->err);
    else if (is(name, "created") || is(name, "creation-date")) {
        char day[11];
        if (ex_date_parse(v, day))
            rc = ex_doc_set(&d->date, day, 10, w->err);
    }
    w->field.len = 0;
    return rc;
}

static int read_part(zip *z, walker *w, part p, const char *name)
{
    z->entry = 0;
    xmlTextReaderPtr r = xmlReaderForIO(zip_read, NULL, z, name, NULL,
                                        XML_PARSE_NONET | XML_PARSE_NOERROR | XML_PARSE_NOWARNING);
    if (!r)
        return tr_error_set(w->err, TR_ENOMEM, "out of memory opening %s", name);
    xmlTextReaderSetStructuredErrorHandler(r, quiet, NULL);
    int rc = 0, ret;
    w->in_text = w->skip = w->heading = 0;
    while (rc == 0 && (ret = xmlTextReaderRead(r)) == 1) {
        int type = xmlTextReaderNodeType(r);
        const xmlChar *local = xmlTextReaderConstLocalName(r);
        if (p == PART_META)
            rc = meta_node(w, r, type, local);
        else if (w->f == EX_DOCX)
            rc = docx_node(w, r, type, local);
        else
            rc = odt_node(w, r, type, local);
    }
    xmlFreeTextReader(r);
    if (rc)
        return rc;
    /* libxml2 refuses a text node over 10 MB before the ratio above may be reached:
     * a part that broke the parser after expanding that much, at many times the
     * file's size, was made to expand. */
    if (ret < 0 && z->entry > EX_ZIP_RATIO_FREE && z->total / EX_ZIP_SUSPECT > z->file_len)
        z->bomb = 1;
    if (z->bomb)
        return tr_error_set(w->err, TR_ELIMIT,
                            "zip bomb? %s expands past %zu MiB (%zu times the file)", name,
                            z->total >> 20, z->file_len ? z->total / z->file_len : 0);
    if (z->damaged)
        return tr_error_set(w->err, TR_EINVAL, "damaged %s archive (%s)",
                            ex_format_name(w->f), name);
    if (ret < 0 && p == PART_BODY)
        return tr_error_set(w->err, TR_EINVAL, "malformed XML in %s", name);
    return 0; /* bad metadata loses the metadata, not the text */
}

int ex_zipdoc_read(ex_format f, const char *data, size_t len, const ex_limits *l, ex_doc *d,
                   tr_error *err)
{
    (void)l;
    const char *body_name = f == EX_DOCX ? "word/document.xml" : "content.xml";
    const char *meta_name = f == EX_DOCX ? "docProps/core.xml" : "meta.xml";
    if (len >= 4 && memcmp(data, "\xD0\xCF\x11\xE0", 4) == 0)
        return tr_error_set(err, TR_EINVAL,
                            "an OLE file, not a zip: an encrypted %s, or a .doc renamed",
                            ex_format_name(f));
    zip z = {.a = archive_read_new(), .file_len = len};
    if (!z.a)
        return tr_error_set(err, TR_ENOMEM, "out of memory");
    archive_read_support_format_zip(z.a);
    walker w = {.f = f, .d = d, .err = err};
    int rc = 0, found = 0;
    if (archive_read_open_memory(z.a, data, len) != ARCHIVE_OK)
        rc = tr_error_set(err, TR_EINVAL, "not a zip file, so no .%s", ex_format_name(f));
    struct archive_entry *e;
    while (rc == 0) {
        int h = archive_read_next_header(z.a, &e);
        if (h == ARCHIVE_EOF)
            break;
        if (h != ARCHIVE_OK && h != ARCHIVE_WARN) {
            rc = tr_error_set(err, TR_EINVAL, "not a readable .%s (not a zip file, or damaged)",
                              ex_format_name(f));
            break;
        }
        const char *name = archive_entry_pathname(e);
        int body = name && strcmp(name, body_name) == 0;
        int meta = name && strcmp(name, meta_name) == 0;
        if (!body && !meta)
            continue;
        if (archive_entry_size_is_set(e) && (size_t)archive_entry_size(e) > EX_ZIP_ENTRY_MAX)
            rc = tr_error_set(err, TR_ELIMIT, "zip bomb? %s says it holds %jd MiB", name,
                              (intmax_t)(archive_entry_size(e) >> 20));
        else
            rc = read_part(&z, &w, body ? PART_BODY : PART_META, name);
        found |= body;
    }
    if (rc == 0 && !found)
        rc = tr_error_set(err, TR_EINVAL, "not a .%s document: no %s in the zip",
                          ex_format_name(f), body_name);
    archive_read_free(z.a);
    ex_buf_free(&w.field);
    return rc;
}
