/* task: S&T task records (nhiệm vụ KH&CN: đề tài, dự án), what makes one valid and
 * what of it the index holds.
 *
 * A task is a record of type "task" with, beside id, title, date and body, the
 * fields the department's task registry keeps (docs/schema.md lists them):
 * code, level, field, field_code, investigator, organization, managing_body, start,
 * end, budget {state, other} in VND, status, objectives, content,
 * expected_results, results, summary. All are optional; those present must be
 * right. record.h calls ix_task_check() for every task record, whatever file it
 * came from; document.h calls ix_task_index() when it builds the document.
 */
#ifndef IX_TASK_H
#define IX_TASK_H

#include <jansson.h>
#include <stdint.h>

#include "tr_error.h"
#include "vn.h"
#include "xc.h"

#define IX_TASK_TYPE "task"

/* The largest budget figure taken, in VND: beyond it a figure is a typing error,
 * and below it sums stay exact in a double (value slots). */
#define IX_TASK_BUDGET_MAX 1000000000000000LL

/* Checks the task fields of `root` (a record of type task) and puts them in their
 * one stored form:
 *   - level and status: one of the codes, from the code in any case or the
 *     Vietnamese name ("cấp tỉnh" -> "province", "Đã nghiệm thu" -> "accepted");
 *   - start and end: YYYY, YYYY-MM or YYYY-MM-DD, a real month and day, end not
 *     before start;
 *   - budget: an object whose state and other, when present, are whole numbers of
 *     VND from 0 to IX_TASK_BUDGET_MAX;
 *   - the text fields: strings (or null).
 * A task without a body gets one made of its fields (a summary line as the corpus
 * has, then objectives, content and results), so that it has snippets and reads
 * like the other tasks. Returns 0, TR_EINVAL with the reason as a fixed phrase
 * naming the field (never its value), or TR_ENOMEM. */
int ix_task_check(json_t *root, tr_error *err);

/* Adds to `doc` what the index holds for a task (record `root`, already checked):
 * filter terms for level, status, field code (and the codes above it), field
 * name, organisation, investigator and start year; the budget (state + other) and
 * start-year values; and the text of the code, investigator, organisation,
 * managing body, objectives, content, results and summary in the body field,
 * starting at *bpos and each after a gap, except what the body already quotes
 * word for word. *bpos moves past what was added. */
int ix_task_index(vn_analyzer *a, xc_doc *doc, json_t *root, uint32_t *bpos, tr_error *err);

#endif
