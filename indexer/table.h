/* table: a spreadsheet (CSV or .xlsx) read as records, one per row.
 *
 * Departments keep their task lists in spreadsheets. The first non-empty row is the
 * header: its names are the record's field names (those of the JSON Lines corpus:
 * id, code, title, level, field, investigator, organization, ..., and
 * budget_state / budget_other for the two parts of budget), in any case, with or
 * without diacritics, or in Vietnamese ("Mã số", "Tên nhiệm vụ", "Chủ nhiệm", "Cơ
 * quan chủ trì", "Kinh phí NSNN", ...; table.c has the list). A budget column may
 * say its unit: "Kinh phí NSNN (triệu đồng)". An "access" ("Quyền truy cập") column
 * says who may see the row: public ("Công khai") or internal ("Nội bộ"), record.h;
 * an empty cell, the run's default. A "STT" (row number) column is
 * dropped; other columns are kept as fields named by their header.
 *
 * Each later row becomes one record as JSON text, for record.h to check like any
 * JSON Lines record: type "task" unless a type column says otherwise, id from the
 * id column or else the code, empty cells left out, dates given as 06/2019,
 * 20/6/2019 or an Excel date number made YYYY-MM or YYYY-MM-DD, amounts such as
 * "1.250.000.000" or "1.250,5" (in millions) made whole numbers of VND. A row that
 * cannot be read (broken quoting, invalid UTF-8, a cell outside the header's
 * columns, no id) comes with a reason instead, and the rows after it still come.
 *
 * Rows are numbered as a spreadsheet numbers them: the header is row 1 in most
 * files, and in a CSV file the row is the line number unless a quoted cell holds
 * line breaks. tr_csv.h (common/) and xlsx.h read the cells (tr_cells.h) and
 * cellvalue.h dates and amounts; this module gives the columns their meaning.
 */
#ifndef IX_TABLE_H
#define IX_TABLE_H

#include <stddef.h>
#include <stdint.h>

#include "reader.h"
#include "tr_cells.h"
#include "tr_error.h"

/* ---- Tables --------------------------------------------------------------- */

typedef enum ix_table_kind { IX_TABLE_CSV, IX_TABLE_XLSX } ix_table_kind;

typedef struct ix_table ix_table;

/* Opens `path` and reads its header row. Records may be up to `max_record` bytes.
 * NULL with the error filled: TR_EIO when the file cannot be opened (the system's
 * reason), TR_EINVAL when it is not a table this module can read (not a zip, no
 * worksheet, no header row, a header without an id or a code column, a field
 * named twice); the message names the file, never its contents. */
ix_table *ix_table_open(const char *path, ix_table_kind kind, ix_format format,
                        size_t max_record, tr_error *err);

typedef struct ix_table_row {
    uint64_t number; /* the row, for FILE:ROW reports */
    char *json;      /* the record, malloc()ed (the caller frees it); NULL when bad */
    size_t len;
    tr_error why;    /* when json is NULL: why the row is skipped */
} ix_table_row;

/* Reads the next data row into *row. Returns 0 with *eof set after the last one.
 * Blank rows are passed over. TR_EIO when the file cannot be read on (a truncated
 * zip, a read error), after which only EOF comes; TR_ENOMEM when out of memory. */
int ix_table_next(ix_table *t, ix_table_row *row, int *eof, tr_error *err);

/* Bytes taken from the file so far, for progress. */
uint64_t ix_table_disk_bytes(const ix_table *t);

void ix_table_free(ix_table *t);

#endif
