/* xlsx: see xlsx.h. The zip is read once at open (its central directory is at the
 * end, and the shared strings may come after the sheet); the sheet is then walked
 * row by row with an xmlTextReader, so a row costs no more than its cells. */
#include "xlsx.h"

#include <errno.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <archive.h>
#include <archive_entry.h>
#include <libxml/xmlreader.h>

#include "tr_grow.h"

#define SHARED_STRINGS "xl/sharedStrings.xml"
#define SHEET "xl/worksheets/sheet1.xml"
#define MAX_COLUMNS 16384 /* column XFD, the last Excel has */

typedef struct text {
    char *s;
    size_t len, cap;
} text;

struct ix_xlsx {
    tr_cells strings; /* the shared strings, by index */
    text sheet_xml;
    xmlTextReaderPtr sheet;
    uint64_t disk, last_row;
    int done;
    text value;       /* the cell being read */
};

static int text_put(text *t, const char *s, size_t n)
{
    return tr_grow_append(&t->s, &t->len, &t->cap, s, n, 256) ? TR_ENOMEM : 0;
}

/* ---- The zip --------------------------------------------------------------- */

static int read_entry(struct archive *a, text *out, const char *path, tr_error *err)
{
    char chunk[64 * 1024];
    for (;;) {
        la_ssize_t n = archive_read_data(a, chunk, sizeof chunk);
        if (n == 0)
            return 0;
        if (n < 0)
            return tr_error_set(err, TR_EINVAL, "not a readable .xlsx workbook (zip error)");
        if (out->len + (size_t)n > IX_XLSX_PART_MAX)
            return tr_error_set(err, TR_EINVAL, "a part of the workbook is too large");
        if (text_put(out, chunk, (size_t)n))
            return tr_error_set(err, TR_ENOMEM, "out of memory reading %s", path);
    }
}

static int read_zip(const char *path, text *strings, text *sheet, uint64_t *disk, tr_error *err)
{
    struct archive *a = archive_read_new();
    if (!a)
        return tr_error_set(err, TR_ENOMEM, "out of memory opening %s", path);
    archive_read_support_format_zip(a);
    int rc = 0;
    if (archive_read_open_filename(a, path, 64 * 1024) != ARCHIVE_OK) {
        /* libarchive keeps errno for a file that cannot be opened at all. */
        int e = archive_errno(a);
        rc = e == ENOENT || e == EACCES || e == EISDIR
                 ? tr_error_set(err, TR_EIO, "cannot open %s: %s", path, strerror(e))
                 : tr_error_set(err, TR_EINVAL, "not an .xlsx workbook (not a zip)");
    }
    int found = 0;
    struct archive_entry *entry;
    while (rc == 0) {
        int r = archive_read_next_header(a, &entry);
        if (r == ARCHIVE_EOF)
            break;
        if (r != ARCHIVE_OK && r != ARCHIVE_WARN) {
            rc = tr_error_set(err, TR_EINVAL, "not a readable .xlsx workbook (zip error)");
            break;
        }
        const char *name = archive_entry_pathname(entry);
        while (name && *name == '/')
            name++;
        if (name && strcmp(name, SHARED_STRINGS) == 0)
            rc = read_entry(a, strings, path, err);
        else if (name && strcmp(name, SHEET) == 0) {
            rc = read_entry(a, sheet, path, err);
            found = 1;
        }
    }
    if (rc == 0 && !found)
        rc = tr_error_set(err, TR_EINVAL, "not an .xlsx workbook (no %s)", SHEET);
    *disk = (uint64_t)archive_filter_bytes(a, -1);
    archive_read_free(a);
    return rc;
}

/* ---- XML ------------------------------------------------------------------- */

static void ignore_xml_error(void *ctx, xmlErrorPtr e)
{
    (void)ctx;
    (void)e; /* reported as "not well-formed", without the document's text */
}

static xmlTextReaderPtr xml_open(const text *t)
{
    /* No entity substitution, no DTD loading, no network: a workbook needs none,
     * and a hostile one gets no billion laughs. */
    xmlTextReaderPtr r = xmlReaderForMemory(t->s ? t->s : "", (int)t->len, NULL, NULL,
                                            XML_PARSE_NONET | XML_PARSE_NOERROR |
                                                XML_PARSE_NOWARNING);
    if (r)
        xmlTextReaderSetStructuredErrorHandler(r, ignore_xml_error, NULL);
    return r;
}

static const char *local_name(xmlTextReaderPtr r)
{
    const xmlChar *n = xmlTextReaderConstLocalName(r);
    return n ? (const char *)n : "";
}

static int is_text(int type)
{
    return type == XML_READER_TYPE_TEXT || type == XML_READER_TYPE_CDATA ||
           type == XML_READER_TYPE_SIGNIFICANT_WHITESPACE || type == XML_READER_TYPE_WHITESPACE;
}

/* <sst><si><t>plain</t></si><si><r><t>rich </t></r><r><t>text</t></r></si>...: a
 * string is every <t> of its <si>, except the phonetic guides (<rPh>). */
static int read_strings(tr_cells *out, const text *xml, const char *path, tr_error *err)
{
    if (xml->len == 0)
        return 0;
    xmlTextReaderPtr r = xml_open(xml);
    if (!r)
        return tr_error_set(err, TR_ENOMEM, "out of memory reading %s", path);
    int rc = 0, in_si = 0, in_t = 0, in_rph = 0, step;
    while (rc == 0 && (step = xmlTextReaderRead(r)) == 1) {
        int type = xmlTextReaderNodeType(r);
        const char *name = local_name(r);
        if (type == XML_READER_TYPE_ELEMENT) {
            int empty = xmlTextReaderIsEmptyElement(r);
            if (strcmp(name, "si") == 0) {
                in_si = !empty;
                if (empty)
                    rc = tr_cells_end(out);
            } else if (strcmp(name, "rPh") == 0) {
                in_rph = !empty;
            } else if (strcmp(name, "t") == 0) {
                in_t = !empty;
            }
        } else if (type == XML_READER_TYPE_END_ELEMENT) {
            if (strcmp(name, "si") == 0 && in_si) {
                rc = tr_cells_end(out);
                in_si = 0;
            } else if (strcmp(name, "rPh") == 0) {
                in_rph = 0;
            } else if (strcmp(name, "t") == 0) {
                in_t = 0;
            }
        } else if (is_text(type) && in_si && in_t && !in_rph) {
            const char *v = (const char *)xmlTextReaderConstValue(r);
            rc = v ? tr_cells_put(out, v, strlen(v)) : 0;
        }
    }
    xmlFreeTextReader(r);
    if (rc)
        return tr_error_set(err, TR_ENOMEM, "out of memory reading %s", path);
    if (step != 0)
        return tr_error_set(err, TR_EINVAL, "the shared strings are not well-formed XML");
    return 0;
}

ix_xlsx *ix_xlsx_open(const char *path, tr_error *err)
{
    ix_xlsx *x = calloc(1, sizeof *x);
    if (!x) {
        tr_error_set(err, TR_ENOMEM, "out of memory opening %s", path);
        return NULL;
    }
    xmlInitParser();
    text strings = {0};
    int rc = read_zip(path, &strings, &x->sheet_xml, &x->disk, err);
    if (rc == 0)
        rc = read_strings(&x->strings, &strings, path, err);
    free(strings.s);
    if (rc == 0 && !(x->sheet = xml_open(&x->sheet_xml)))
        rc = tr_error_set(err, TR_ENOMEM, "out of memory opening %s", path);
    if (rc) {
        ix_xlsx_free(x);
        return NULL;
    }
    return x;
}

void ix_xlsx_free(ix_xlsx *x)
{
    if (!x)
        return;
    if (x->sheet)
        xmlFreeTextReader(x->sheet);
    tr_cells_free(&x->strings);
    free(x->sheet_xml.s);
    free(x->value.s);
    free(x);
}

uint64_t ix_xlsx_disk_bytes(const ix_xlsx *x)
{
    return x->disk;
}

/* ---- Rows ------------------------------------------------------------------- */

static char *attr(xmlTextReaderPtr r, const char *name)
{
    return (char *)xmlTextReaderGetAttribute(r, (const xmlChar *)name);
}

/* "AB12" -> 27 (0-based column); -1 when there are no letters or too many. */
static long column_of(const char *ref)
{
    long col = 0;
    const char *p = ref;
    for (; *p >= 'A' && *p <= 'Z'; p++) {
        col = col * 26 + (*p - 'A' + 1);
        if (col > MAX_COLUMNS)
            return -1;
    }
    return p == ref ? -1 : col - 1;
}

/* A number as Excel stores it ("1180000000", "1.18E+9", "0.5"): whole numbers
 * written out in digits, others as they are. */
static int put_number(tr_cells *cells, const char *v, size_t n)
{
    char *end;
    errno = 0;
    double d = n ? strtod(v, &end) : 0;
    if (n && *end == '\0' && errno == 0 && d == floor(d) && fabs(d) < 1e15) {
        char buf[32];
        int len = snprintf(buf, sizeof buf, "%.0f", d);
        return tr_cells_put(cells, buf, (size_t)len);
    }
    return tr_cells_put(cells, v, n);
}

typedef struct cell {
    long col;
    char type[12]; /* the t attribute: s, inlineStr, str, b, e, n, d */
    int in_v, in_is, in_t, in_rph;
} cell;

static int finish_cell(ix_xlsx *x, tr_row *row, const cell *c)
{
    tr_cells *cells = &row->cells;
    while ((long)cells->n < c->col)
        if (tr_cells_end(cells))
            return TR_ENOMEM;
    const char *v = x->value.s ? x->value.s : "";
    size_t n = x->value.len;
    int rc = 0;
    if (strcmp(c->type, "s") == 0) {
        char *end;
        unsigned long i = strtoul(v, &end, 10);
        if (n == 0 || *end || i >= x->strings.n) {
            if (!row->bad)
                tr_error_set(&row->why, TR_EINVAL, "a cell refers to a missing shared string");
            row->bad = 1;
        } else {
            size_t len;
            const char *s = tr_cells_get(&x->strings, i, &len);
            rc = tr_cells_put(cells, s, len);
        }
    } else if (strcmp(c->type, "b") == 0) {
        rc = tr_cells_put(cells, strcmp(v, "1") == 0 ? "TRUE" : "FALSE", strcmp(v, "1") ? 5 : 4);
    } else if (c->type[0] == '\0' || strcmp(c->type, "n") == 0) {
        rc = put_number(cells, v, n);
    } else {
        rc = tr_cells_put(cells, v, n);
    }
    return rc ? rc : tr_cells_end(cells);
}

static int open_cell(ix_xlsx *x, tr_row *row, cell *c)
{
    xmlTextReaderPtr r = x->sheet;
    memset(c, 0, sizeof *c);
    x->value.len = 0;
    char *ref = attr(r, "r"), *type = attr(r, "t");
    c->col = ref ? column_of(ref) : (long)row->cells.n;
    if (type)
        snprintf(c->type, sizeof c->type, "%s", type);
    xmlFree(ref);
    xmlFree(type);
    if (c->col < (long)row->cells.n) {
        /* Out of order, or a reference past XFD: a file no spreadsheet wrote. */
        if (!row->bad)
            tr_error_set(&row->why, TR_EINVAL, "a cell is out of column order");
        row->bad = 1;
        c->col = (long)row->cells.n;
    }
    return xmlTextReaderIsEmptyElement(r) ? finish_cell(x, row, c) : 0;
}

static void start_row(ix_xlsx *x, tr_row *row)
{
    char *num = attr(x->sheet, "r");
    unsigned long long n = num ? strtoull(num, NULL, 10) : 0;
    xmlFree(num);
    row->number = n > x->last_row ? n : x->last_row + 1;
    x->last_row = row->number;
}

int ix_xlsx_next(ix_xlsx *x, tr_row *row, int *eof, tr_error *err)
{
    tr_cells_reset(&row->cells);
    row->bad = 0;
    tr_error_clear(&row->why);
    *eof = 0;
    cell c;
    memset(&c, 0, sizeof c);
    int in_row = 0, in_cell = 0, rc = 0, step = 0;
    while (!x->done && rc == 0 && (step = xmlTextReaderRead(x->sheet)) == 1) {
        int type = xmlTextReaderNodeType(x->sheet);
        const char *name = local_name(x->sheet);
        int empty = type == XML_READER_TYPE_ELEMENT && xmlTextReaderIsEmptyElement(x->sheet);
        if (type == XML_READER_TYPE_ELEMENT && strcmp(name, "row") == 0) {
            start_row(x, row);
            if (empty)
                return 0;
            in_row = 1;
        } else if (type == XML_READER_TYPE_END_ELEMENT && strcmp(name, "row") == 0) {
            return 0;
        } else if (!in_row) {
            continue;
        } else if (type == XML_READER_TYPE_ELEMENT && strcmp(name, "c") == 0) {
            rc = open_cell(x, row, &c);
            in_cell = !empty;
        } else if (type == XML_READER_TYPE_END_ELEMENT && strcmp(name, "c") == 0) {
            rc = in_cell ? finish_cell(x, row, &c) : 0;
            in_cell = 0;
        } else if (in_cell && (type == XML_READER_TYPE_ELEMENT ||
                               type == XML_READER_TYPE_END_ELEMENT)) {
            int open = type == XML_READER_TYPE_ELEMENT && !empty;
            if (strcmp(name, "v") == 0)
                c.in_v = open;
            else if (strcmp(name, "is") == 0)
                c.in_is = open;
            else if (strcmp(name, "t") == 0)
                c.in_t = open;
            else if (strcmp(name, "rPh") == 0)
                c.in_rph = open;
        } else if (in_cell && is_text(type) &&
                   (c.in_v || (c.in_is && c.in_t && !c.in_rph))) {
            const char *v = (const char *)xmlTextReaderConstValue(x->sheet);
            rc = v ? text_put(&x->value, v, strlen(v)) : 0;
        }
    }
    if (rc)
        return tr_error_set(err, TR_ENOMEM, "out of memory reading a worksheet row");
    x->done = 1;
    if (step < 0)
        return tr_error_set(err, TR_EINVAL, "the worksheet is not well-formed XML");
    if (in_row)
        return 0; /* the sheet ended inside a row: libxml2 said so above */
    *eof = 1;
    return 0;
}
