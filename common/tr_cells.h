/* tr_cells: one row of a table (a CSV file, a worksheet) as its readers give it.
 *
 * The cells of a row live in one buffer, each followed by a NUL, so that a row of
 * a hundred cells costs two allocations however often it is reused. A row also
 * says where it starts and, when it could not be read as it should, what went
 * wrong: readers report a bad row and go on to the next, so that one broken row
 * does not cost the rest of the file. What the columns mean is for the caller.
 */
#ifndef TR_CELLS_H
#define TR_CELLS_H

#include <stddef.h>
#include <stdint.h>

#include "tr_error.h"

typedef struct tr_cells {
    char *buf;      /* every cell, each followed by a NUL */
    size_t len, cap;
    size_t *start;  /* offset of cell i in buf */
    size_t n, ncap;
} tr_cells;

/* Appends bytes to the cell being built (the first call after tr_cells_end or
 * tr_cells_reset starts a new one). TR_ENOMEM on failure. */
int tr_cells_put(tr_cells *c, const char *s, size_t len);

/* Ends the cell being built (an empty one when nothing was put). TR_ENOMEM on
 * failure. */
int tr_cells_end(tr_cells *c);

/* Cell i, NUL-terminated, owned by `c` until its next change; "" beyond the last
 * cell. *len is its length in bytes (it may hold a NUL of its own). */
const char *tr_cells_get(const tr_cells *c, size_t i, size_t *len);

/* Empties the row and keeps its memory; tr_cells_free releases it (and leaves an
 * empty row that may be used again). */
void tr_cells_reset(tr_cells *c);
void tr_cells_free(tr_cells *c);

/* Why a row is bad: bits of tr_row.bad. A reader sets every one that applies, so
 * that a caller may forgive some (dupcheck reads text after a closing quote as
 * text) and still see the others. */
enum {
    TR_ROW_UNREADABLE = 1,  /* the reader's own reasons (a worksheet's broken cell) */
    TR_ROW_AFTER_QUOTE = 2, /* text after the closing quote of a cell (kept as text) */
    TR_ROW_UNCLOSED = 4,    /* a quoted cell still open at the end of the file */
    TR_ROW_TOO_LARGE = 8,   /* over the reader's size cap (the cells are cut short) */
    TR_ROW_NUL = 16,        /* a NUL byte: binary data */
    TR_ROW_ENCODING = 32    /* not valid UTF-8 (checked by callers that know UTF-8) */
};

/* What a reader gives for one row. */
typedef struct tr_row {
    uint64_t number;    /* 1-based row, as a spreadsheet counts them */
    uint64_t line;      /* CSV: the 1-based line of the file where the row starts */
    int empty_line;     /* CSV: the row was an empty line (read as one empty cell) */
    tr_cells cells;
    unsigned bad;       /* 0, or TR_ROW_* bits; `why` says why in words */
    tr_error why;       /* the first problem met */
} tr_row;

/* Marks the row bad for `problem` (a TR_ROW_* bit); the first reason given stays
 * in row->why. */
void tr_row_bad(tr_row *row, unsigned problem, const char *why);

#endif
