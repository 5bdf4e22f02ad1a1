/* csv: see csv.h. A state machine fed one physical line at a time; a row goes on
 * over the next line only while a quoted cell is open. */
#include "csv.h"

#include <stdlib.h>
#include <string.h>

#include "vn.h"

typedef enum state {
    CELL_START, /* nothing of the cell read yet */
    UNQUOTED,
    QUOTED,
    QUOTE_SEEN  /* a quote inside a quoted cell: "" or the closing one */
} state;

struct ix_csv {
    ix_reader *r;
    size_t max_row;
    uint64_t rows;
    int first_line;
};

ix_csv *ix_csv_open(const char *path, ix_format format, size_t max_row, tr_error *err)
{
    ix_csv *c = calloc(1, sizeof *c);
    if (!c) {
        tr_error_set(err, TR_ENOMEM, "out of memory opening %s", path);
        return NULL;
    }
    c->r = ix_reader_open(path, format, max_row, err);
    if (!c->r) {
        free(c);
        return NULL;
    }
    c->max_row = max_row;
    c->first_line = 1;
    return c;
}

void ix_csv_free(ix_csv *c)
{
    if (!c)
        return;
    ix_reader_free(c->r);
    free(c);
}

uint64_t ix_csv_disk_bytes(const ix_csv *c)
{
    return ix_reader_disk_bytes(c->r);
}

static void bad(ix_row *row, const char *why)
{
    if (!row->bad)
        tr_error_set(&row->why, TR_EINVAL, "%s", why);
    row->bad = 1;
}

/* Runs the bytes of one line through the state machine. Past the size cap the
 * bytes are no longer kept, but the quoting is still followed, so that the next
 * row starts where it should. */
static int feed(ix_csv *c, ix_row *row, const char *s, size_t n, state *st, tr_error *err)
{
    int rc = 0;
    for (size_t i = 0; i < n && rc == 0; i++) {
        char ch = s[i];
        int keep = 0;
        switch (*st) {
        case CELL_START:
            if (ch == '"')
                *st = QUOTED;
            else if (ch == ',')
                rc = ix_cells_end(&row->cells);
            else {
                keep = 1;
                *st = UNQUOTED;
            }
            break;
        case UNQUOTED:
            if (ch == ',') {
                rc = ix_cells_end(&row->cells);
                *st = CELL_START;
            } else {
                keep = 1;
            }
            break;
        case QUOTED:
            if (ch == '"')
                *st = QUOTE_SEEN;
            else
                keep = 1;
            break;
        case QUOTE_SEEN:
            if (ch == '"') {
                keep = 1;
                *st = QUOTED;
            } else if (ch == ',') {
                rc = ix_cells_end(&row->cells);
                *st = CELL_START;
            } else {
                bad(row, "text after the closing quote of a cell");
                keep = 1;
                *st = UNQUOTED;
            }
            break;
        }
        if (keep && !rc) {
            if (row->cells.len >= c->max_row)
                bad(row, "row too large");
            else
                rc = ix_cells_put(&row->cells, &ch, 1);
        }
    }
    return rc ? tr_error_set(err, TR_ENOMEM, "out of memory reading a CSV row") : 0;
}

int ix_csv_next(ix_csv *c, ix_row *row, int *eof, tr_error *err)
{
    ix_cells_reset(&row->cells);
    row->bad = 0;
    tr_error_clear(&row->why);
    *eof = 0;
    state st = CELL_START;
    int started = 0;
    for (;;) {
        ix_line line;
        int rc = ix_reader_next(c->r, &line, err);
        if (rc)
            return rc;
        if (line.status == IX_LINE_EOF) {
            if (!started) {
                *eof = 1;
                return 0;
            }
            bad(row, "a quoted cell is not closed before the end of the file");
            break;
        }
        if (!started)
            row->number = ++c->rows;
        started = 1;
        if (line.status == IX_LINE_TOO_LONG) {
            /* The line is gone, and the quoting with it: the row ends here. */
            bad(row, "row too large");
            break;
        }
        const char *s = line.text;
        size_t n = line.len;
        if (c->first_line && n >= 3 && memcmp(s, "\xEF\xBB\xBF", 3) == 0) {
            s += 3;
            n -= 3;
        }
        c->first_line = 0;
        if (n > 0 && s[n - 1] == '\r')
            n--;
        if (memchr(s, '\0', n))
            bad(row, "binary data (NUL byte)");
        if ((rc = feed(c, row, s, n, &st, err)))
            return rc;
        if (st != QUOTED)
            break;
        if (row->cells.len < c->max_row && ix_cells_put(&row->cells, "\n", 1))
            return tr_error_set(err, TR_ENOMEM, "out of memory reading a CSV row");
    }
    if (ix_cells_end(&row->cells))
        return tr_error_set(err, TR_ENOMEM, "out of memory reading a CSV row");
    if (!row->bad && !vn_utf8_valid(row->cells.buf, row->cells.len))
        bad(row, "invalid UTF-8");
    return 0;
}
