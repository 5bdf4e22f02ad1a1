/* tr_cells: see tr_cells.h. A row's cells are appended to one buffer, and `start`
 * keeps one offset more than there are cells, so that a cell's length is the gap
 * to the next one. */
#include "tr_cells.h"

#include <stdlib.h>
#include <string.h>

#include "tr_grow.h"

int tr_cells_put(tr_cells *c, const char *s, size_t len)
{
    return tr_grow_append(&c->buf, &c->len, &c->cap, s, len, 1024) ? TR_ENOMEM : 0;
}

int tr_cells_end(tr_cells *c)
{
    if (c->n == c->ncap) {
        size_t ncap = c->ncap ? c->ncap * 2 : 32;
        size_t *ns = realloc(c->start, (ncap + 1) * sizeof *ns);
        if (!ns)
            return TR_ENOMEM;
        c->start = ns;
        c->ncap = ncap;
    }
    if (c->n == 0)
        c->start[0] = 0;
    if (tr_cells_put(c, "", 1))
        return TR_ENOMEM;
    c->n++;
    c->start[c->n] = c->len;
    return 0;
}

const char *tr_cells_get(const tr_cells *c, size_t i, size_t *len)
{
    if (i >= c->n) {
        *len = 0;
        return "";
    }
    *len = c->start[i + 1] - c->start[i] - 1;
    return c->buf + c->start[i];
}

void tr_cells_reset(tr_cells *c)
{
    c->len = 0;
    c->n = 0;
}

void tr_cells_free(tr_cells *c)
{
    free(c->buf);
    free(c->start);
    memset(c, 0, sizeof *c);
}

void tr_row_bad(tr_row *row, unsigned problem, const char *why)
{
    if (!row->bad)
        tr_error_set(&row->why, TR_EINVAL, "%s", why);
    row->bad |= problem;
}
