/* input: proposals as officials have them, read for tracuu-dupcheck.
 *
 * Three forms, told apart by their content, not their file name:
 *   - plain text: the first non-empty line is the title, the rest the text;
 *   - JSON: {"title", "text"}; a task record's own JSON ({"title", "objectives",
 *     "content", "summary", ...}) is read as the CSV row below;
 *   - CSV in the task-record format, a header and rows (RFC 4180: commas, "quoted"
 *     fields with "" for a quote and line breaks inside): code, title, level,
 *     field, investigator, organization, managing_body, start, end, budget_state,
 *     budget_other, status, objectives, content, results, summary. The title is the
 *     title; objectives, content and summary, those present and not empty, joined
 *     by line breaks, are the text. Columns are found by their header, in any order,
 *     case and with or without diacritics, also under the Vietnamese names that
 *     tracuu-index reads in spreadsheets (Mã số, Tên nhiệm vụ, Mục tiêu, Nội dung,
 *     Tóm tắt); others are ignored.
 * Nothing here looks at the index; it only reads and checks the input.
 */
#ifndef DC_INPUT_H
#define DC_INPUT_H

#include <stddef.h>

#include "tr_error.h"

typedef struct dc_proposal {
    char *label; /* the task code, or "dòng N" (row N of the file); never NULL */
    char *title; /* "" when none */
    char *text;  /* "" when none */
} dc_proposal;

typedef struct dc_proposals {
    dc_proposal *p;
    size_t n;
} dc_proposals;

/* Reads a whole file ("-" for standard input) into a malloc()ed, NUL-terminated
 * buffer. TR_ENOTFOUND / TR_EIO when it cannot be read, TR_ELIMIT when it is larger
 * than `max` bytes. A UTF-8 byte order mark is dropped. */
int dc_read_file(const char *path, size_t max, char **out, size_t *len, tr_error *err);

/* One proposal, in any of the three forms (a CSV must then hold exactly one row).
 * TR_EINVAL with a message that says what is wrong (invalid UTF-8, malformed JSON,
 * a CSV of several rows, nothing to compare). */
int dc_proposal_parse(const char *data, size_t len, dc_proposal *out, tr_error *err);

/* Every row of a CSV in the task-record format, labelled by its code or row
 * number. TR_EINVAL for a file without a title or text column, malformed quoting
 * or invalid UTF-8 (the message names the row); rows with neither title nor text
 * are skipped. */
int dc_proposals_from_csv(const char *data, size_t len, dc_proposals *out, tr_error *err);

void dc_proposal_clear(dc_proposal *p);
void dc_proposals_clear(dc_proposals *ps);

#endif
