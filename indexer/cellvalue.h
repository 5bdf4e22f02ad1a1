/* cellvalue: dates and amounts as Vietnamese spreadsheets write them.
 *
 * A department's list says "06/2021" or "20/6/2021" for a date (or holds Excel's
 * day number, when the cell is formatted as a date), and "1.250.000.000" or
 * "1.250.000.000 đồng" for an amount, often in a column "(triệu đồng)". These
 * functions read such cells into the one form the records keep: ISO dates and
 * whole numbers of VND. table.h applies them to the date and budget columns; what
 * they cannot read is kept as written, for the task check (task.h) to refuse.
 */
#ifndef IX_CELLVALUE_H
#define IX_CELLVALUE_H

#include <stddef.h>

#define IX_CELL_DATE_MAX 11 /* "YYYY-MM-DD" and its NUL */

/* "06/2019", "6-2019" -> "2019-06"; "20/6/2019", "20.06.2019" -> "2019-06-20";
 * "2019-6" -> "2019-06"; "2019/06/20" -> "2019-06-20"; an Excel day number from
 * 20000 to 80000 (1954 to 2119; days since 1899-12-30) -> YYYY-MM-DD. Returns 0
 * with `out` filled, or -1 (out untouched) for anything else, a bare year
 * included: that one is already in its form. Months and days are not checked. */
int ix_cell_date(const char *s, size_t n, char out[IX_CELL_DATE_MAX]);

/* The VND one unit of a header's unit stands for: the key (vn_term_key) of
 * "(đồng)" or none -> 1, "(nghìn đồng)" -> 1000, "(triệu đồng)", "(tr.đ)" ->
 * 10^6, "(tỷ đồng)" -> 10^9; 0 when the unit is not one of these. */
long long ix_cell_unit(const char *key);

/* Whether `key` is one of the names in `list`, "name|name|...", whole: the
 * spellings a header or a unit is known by, as keys (vn_term_key). */
int ix_cell_in_list(const char *list, const char *key);

/* Reads an amount in `unit`s as whole VND: digits grouped by '.', ',' or ' ' in
 * threes ("1.250.000.000", "1,250,000,000", "1 250 000 000"), a unit word after it
 * ("đồng", "đ", "VNĐ") and a leading '-' allowed. With a unit of 1000 or more a
 * decimal part is allowed too: after a ',' that is the only one ("1.180,5" triệu,
 * as Vietnamese writes it) or after a last separator not followed by exactly three
 * digits ("2.5" tỷ); it may not be finer than one đồng. An amount over the budget
 * cap reads as one more than the cap (task.h refuses it as too large, rather than
 * as unreadable). Returns 0 with *out set, or -1 when it is no amount. */
int ix_cell_amount(const char *s, size_t n, long long unit, long long *out);

#endif
