/* xlsx: the rows of the first worksheet of an Office Open XML workbook (.xlsx).
 *
 * An .xlsx file is a zip of XML parts. libarchive reads the two that hold the
 * cells, xl/sharedStrings.xml (the text of string cells, stored once) and
 * xl/worksheets/sheet1.xml (the first sheet a workbook was made with), and
 * libxml2's streaming reader walks them. Cells come as text: shared strings,
 * inline strings (<is>), formula results as last computed, TRUE/FALSE, and
 * numbers, a whole number written out in digits ("1.18E+9" -> "1180000000"). Empty
 * cells left out of the file are given as empty, so that a cell stays under its
 * column; styles (and so whether a number is shown as a date) are not read.
 *
 * Knows nothing of what the columns mean (table.h does).
 */
#ifndef IX_XLSX_H
#define IX_XLSX_H

#include <stdint.h>

#include "table.h"
#include "tr_error.h"

/* Each XML part is read whole into memory, up to this size. */
#define IX_XLSX_PART_MAX ((size_t)256 << 20)

typedef struct ix_xlsx ix_xlsx;

/* Opens `path` and reads its shared strings. NULL with the error filled: TR_EIO
 * when the file cannot be opened, TR_EINVAL when it is not an .xlsx workbook (not
 * a zip, no xl/worksheets/sheet1.xml, a part that is not XML, a part over
 * IX_XLSX_PART_MAX), TR_ENOMEM. */
ix_xlsx *ix_xlsx_open(const char *path, tr_error *err);

/* Reads the next row of the sheet into *row (its cells are reset first), numbered
 * as the sheet numbers it. Returns 0 with *eof set after the last row; TR_EINVAL
 * when the sheet turns out not to be well-formed XML (only EOF comes after),
 * TR_ENOMEM. */
int ix_xlsx_next(ix_xlsx *x, tr_row *row, int *eof, tr_error *err);

/* Bytes of the file read (all of it, once open). */
uint64_t ix_xlsx_disk_bytes(const ix_xlsx *x);

void ix_xlsx_free(ix_xlsx *x);

#endif
