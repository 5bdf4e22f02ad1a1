/* csv: the rows of a CSV file (RFC 4180), cell by cell.
 *
 * Cells are separated by commas; a cell in double quotes may hold commas, line
 * breaks and quotes (doubled: ""). Lines end in LF or CRLF, and a line break inside
 * a quoted cell is kept as LF. A UTF-8 byte order mark at the start is dropped.
 * Where files stray from the RFC the way spreadsheets' exports do, the reading is
 * lenient: a quote inside an unquoted cell is a character. What cannot be read is
 * reported for that row only: text after a closing quote, a quoted cell still open
 * at the end of the file, invalid UTF-8, a NUL byte, a row over the size cap.
 *
 * Reads through reader.h, so .csv.gz and .csv.zst work too. Knows nothing of what
 * the columns mean (table.h does).
 */
#ifndef IX_CSV_H
#define IX_CSV_H

#include <stdint.h>

#include "reader.h"
#include "table.h"
#include "tr_error.h"

typedef struct ix_csv ix_csv;

/* Opens `path` for rows of at most `max_row` bytes. NULL with TR_EIO or TR_ENOMEM. */
ix_csv *ix_csv_open(const char *path, ix_format format, size_t max_row, tr_error *err);

/* Reads the next row into *row (its cells are reset first). Rows are numbered from
 * 1, a blank line being a row (of one empty cell), as a spreadsheet counts them.
 * Returns 0 with *eof set after the last row; TR_EIO when the file cannot be read
 * on (only EOF comes after), TR_ENOMEM. */
int ix_csv_next(ix_csv *c, ix_row *row, int *eof, tr_error *err);

uint64_t ix_csv_disk_bytes(const ix_csv *c);

void ix_csv_free(ix_csv *c);

#endif
