/* tr_csv: the rows of a CSV file (RFC 4180), cell by cell; the one CSV reader of
 * tracuu (tracuu-index reads spreadsheets with it, tracuu-dupcheck proposals).
 *
 * Cells are separated by commas; a cell in double quotes may hold commas, line
 * breaks and quotes (doubled: ""). Lines end in LF or CRLF, and a line break inside
 * a quoted cell is kept as LF. A UTF-8 byte order mark at the start is dropped.
 * Where files stray from the RFC the way spreadsheets' exports do, the reading is
 * lenient: a quote inside an unquoted cell is a character. What cannot be read is
 * reported for that row only (tr_cells.h: tr_row.bad): text after a closing quote,
 * a quoted cell still open at the end of the file, a NUL byte, a row over the size
 * cap. The encoding is not checked here (this layer knows no UTF-8): callers check
 * the cells they keep.
 *
 * The reader takes its input one physical line at a time from a line source, so
 * that it reads a compressed file (tracuu-index's reader.h) as well as text held in
 * memory (tr_csv_new_text). Knows nothing of what the columns mean.
 */
#ifndef TR_CSV_H
#define TR_CSV_H

#include <stddef.h>

#include "tr_cells.h"
#include "tr_error.h"

typedef enum tr_csv_line_status {
    TR_CSV_LINE_OK,       /* the line is in text/len, without its '\n' */
    TR_CSV_LINE_TOO_LONG, /* the source dropped a line over its own cap */
    TR_CSV_LINE_EOF       /* no more lines */
} tr_csv_line_status;

/* A line source: gives the next line of `source` in *text and *len (valid until the
 * next call) and its status. Returns 0, or a TR_E* code with `err` filled when the
 * input cannot be read on. */
typedef int (*tr_csv_lines)(void *source, const char **text, size_t *len,
                            tr_csv_line_status *status, tr_error *err);

typedef struct tr_csv tr_csv;

/* A reader of rows of at most `max_row` bytes from the lines of `source`, which
 * stays the caller's and must outlive the reader. NULL with TR_ENOMEM. */
tr_csv *tr_csv_new(tr_csv_lines lines, void *source, size_t max_row, tr_error *err);

/* A reader of the `len` bytes at `text`, which must outlive it; lines end at '\n',
 * and a '\n' at the very end does not start another line. NULL with TR_ENOMEM. */
tr_csv *tr_csv_new_text(const char *text, size_t len, size_t max_row, tr_error *err);

/* Reads the next row into *row (its cells are reset first). Rows are numbered from
 * 1, an empty line being a row (of one empty cell, with row->empty_line set), as a
 * spreadsheet counts them. Returns 0 with *eof set after the last row; the line
 * source's error when it fails (only EOF comes after), TR_ENOMEM. */
int tr_csv_next(tr_csv *c, tr_row *row, int *eof, tr_error *err);

/* Frees the reader, not its source; NULL does nothing. */
void tr_csv_free(tr_csv *c);

#endif
