/* report: what tracuu-dupcheck prints and writes.
 *
 * For one proposal, a plain table of the candidates (rank, score, verdict, id,
 * title) for a terminal. For a batch, a CSV file (one line per proposal and
 * match, for a spreadsheet) and a standalone HTML page (one file, no scripts, no
 * external resources, Vietnamese labels) that an official can open, print or
 * mail. Every text that comes from a proposal or a document is escaped for its
 * format; the passages, which similar.h already hands out HTML-escaped with <mark>,
 * are the only markup taken as is. A CSV cell that a spreadsheet would read as a
 * formula (= + - @ first) is prefixed with an apostrophe.
 */
#ifndef DC_REPORT_H
#define DC_REPORT_H

#include <jansson.h>
#include <stdio.h>

#include "batch.h"

/* Prints the hits of an se_similar() answer as a table. Returns 0, or TR_EIO when
 * writing failed. */
int dc_print_table(FILE *f, const json_t *answer);

/* Writes the batch report as CSV (UTF-8 with a byte order mark, so that
 * spreadsheets read the Vietnamese right) / as an HTML page. 0 or TR_EIO. */
int dc_write_csv(FILE *f, const dc_batch *b);
int dc_write_html(FILE *f, const dc_batch *b);

#endif
