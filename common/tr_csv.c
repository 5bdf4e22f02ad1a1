/* tr_csv: see tr_csv.h. A state machine fed one physical line at a time; a row goes
 * on over the next line only while a quoted cell is open. */
#include "tr_csv.h"

#include <stdlib.h>
#include <string.h>

typedef enum state {
    CELL_START, /* nothing of the cell read yet */
    UNQUOTED,
    QUOTED,
    QUOTE_SEEN  /* a quote inside a quoted cell: "" or the closing one */
} state;

/* The source of tr_csv_new_text: what is left of the text. */
typedef struct text_source {
    const char *s;
    size_t len;
} text_source;

struct tr_csv {
    tr_csv_lines lines;
    void *source;
    text_source text; /* the source when reading text in memory */
    size_t max_row;
    uint64_t rows, lineno;
    int first_line;
};

static int text_line(void *source, const char **text, size_t *len, tr_csv_line_status *status,
                     tr_error *err)
{
    (void)err;
    text_source *t = source;
    if (t->len == 0) {
        *status = TR_CSV_LINE_EOF;
        return 0;
    }
    const char *nl = memchr(t->s, '\n', t->len);
    size_t n = nl ? (size_t)(nl - t->s) : t->len;
    *text = t->s;
    *len = n;
    *status = TR_CSV_LINE_OK;
    t->s += n + (nl != NULL);
    t->len -= n + (nl != NULL);
    return 0;
}

tr_csv *tr_csv_new(tr_csv_lines lines, void *source, size_t max_row, tr_error *err)
{
    tr_csv *c = calloc(1, sizeof *c);
    if (!c) {
        tr_error_set(err, TR_ENOMEM, "out of memory opening a CSV file");
        return NULL;
    }
    c->lines = lines;
    c->source = source;
    c->max_row = max_row;
    c->first_line = 1;
    return c;
}

tr_csv *tr_csv_new_text(const char *text, size_t len, size_t max_row, tr_error *err)
{
    tr_csv *c = tr_csv_new(text_line, NULL, max_row, err);
    if (c) {
        c->text = (text_source){text, len};
        c->source = &c->text;
    }
    return c;
}

void tr_csv_free(tr_csv *c)
{
    free(c);
}

/* Runs the bytes of one line through the state machine. Past the size cap the
 * bytes are no longer kept, but the quoting is still followed, so that the next
 * row starts where it should. */
static int feed(tr_csv *c, tr_row *row, const char *s, size_t n, state *st, tr_error *err)
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
                rc = tr_cells_end(&row->cells);
            else {
                keep = 1;
                *st = UNQUOTED;
            }
            break;
        case UNQUOTED:
            if (ch == ',') {
                rc = tr_cells_end(&row->cells);
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
                rc = tr_cells_end(&row->cells);
                *st = CELL_START;
            } else {
                tr_row_bad(row, TR_ROW_AFTER_QUOTE, "text after the closing quote of a cell");
                keep = 1;
                *st = UNQUOTED;
            }
            break;
        }
        if (keep && !rc) {
            if (row->cells.len >= c->max_row)
                tr_row_bad(row, TR_ROW_TOO_LARGE, "row too large");
            else
                rc = tr_cells_put(&row->cells, &ch, 1);
        }
    }
    return rc ? tr_error_set(err, TR_ENOMEM, "out of memory reading a CSV row") : 0;
}

int tr_csv_next(tr_csv *c, tr_row *row, int *eof, tr_error *err)
{
    tr_cells_reset(&row->cells);
    row->bad = 0;
    row->empty_line = 0;
    tr_error_clear(&row->why);
    *eof = 0;
    state st = CELL_START;
    int started = 0;
    for (;;) {
        const char *s = NULL;
        size_t n = 0;
        tr_csv_line_status status;
        int rc = c->lines(c->source, &s, &n, &status, err);
        if (rc)
            return rc;
        if (status == TR_CSV_LINE_EOF) {
            if (!started) {
                *eof = 1;
                return 0;
            }
            tr_row_bad(row, TR_ROW_UNCLOSED,
                       "a quoted cell is not closed before the end of the file");
            break;
        }
        c->lineno++;
        if (!started) {
            row->number = ++c->rows;
            row->line = c->lineno;
        }
        started = 1;
        if (status == TR_CSV_LINE_TOO_LONG) {
            /* The line is gone, and the quoting with it: the row ends here. */
            tr_row_bad(row, TR_ROW_TOO_LARGE, "row too large");
            break;
        }
        if (c->first_line && n >= 3 && memcmp(s, "\xEF\xBB\xBF", 3) == 0) {
            s += 3;
            n -= 3;
        }
        c->first_line = 0;
        if (n > 0 && s[n - 1] == '\r')
            n--;
        if (st == CELL_START && row->cells.n == 0 && n == 0)
            row->empty_line = 1;
        if (memchr(s, '\0', n))
            tr_row_bad(row, TR_ROW_NUL, "binary data (NUL byte)");
        if ((rc = feed(c, row, s, n, &st, err)))
            return rc;
        if (st != QUOTED)
            break;
        if (row->cells.len < c->max_row && tr_cells_put(&row->cells, "\n", 1))
            return tr_error_set(err, TR_ENOMEM, "out of memory reading a CSV row");
    }
    if (tr_cells_end(&row->cells))
        return tr_error_set(err, TR_ENOMEM, "out of memory reading a CSV row");
    return 0;
}
