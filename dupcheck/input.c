/* input: reading proposals (see input.h). */
#include "input.h"

#include <errno.h>
#include <jansson.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "tr_csv.h"
#include "tr_grow.h"
#include "vn.h"

/* The columns of the task-record format whose text is compared. */
static const char *const text_columns[] = {"objectives", "content", "summary"};
#define NTEXT (sizeof text_columns / sizeof text_columns[0])

int dc_read_file(const char *path, size_t max, char **out, size_t *len, tr_error *err)
{
    *out = NULL;
    *len = 0;
    int is_stdin = strcmp(path, "-") == 0;
    FILE *f = is_stdin ? stdin : fopen(path, "rb");
    if (!f)
        return tr_error_set(err, errno == ENOENT ? TR_ENOTFOUND : TR_EIO, "cannot open %s: %s",
                            path, strerror(errno));
    size_t n = 0, cap = 65536;
    char *buf = malloc(cap);
    int rc = buf ? 0 : tr_error_set(err, TR_ENOMEM, "out of memory");
    while (!rc) {
        if (n + 1 >= cap) {
            char *g = realloc(buf, cap *= 2);
            if (!g) {
                rc = tr_error_set(err, TR_ENOMEM, "out of memory");
                break;
            }
            buf = g;
        }
        size_t got = fread(buf + n, 1, cap - n - 1, f);
        n += got;
        if (n > max)
            rc = tr_error_set(err, TR_ELIMIT, "%s is larger than %zu bytes", path, max);
        else if (got == 0 && ferror(f))
            rc = tr_error_set(err, TR_EIO, "cannot read %s", path);
        else if (got == 0)
            break;
    }
    if (!is_stdin)
        fclose(f);
    if (rc) {
        free(buf);
        return rc;
    }
    buf[n] = '\0';
    if (n >= 3 && memcmp(buf, "\xEF\xBB\xBF", 3) == 0) {
        memmove(buf, buf + 3, n - 2);
        n -= 3;
    }
    *out = buf;
    *len = n;
    return 0;
}

/* ---- CSV ---------------------------------------------------------------------------- */

/* The next row of a CSV (tr_csv.h) that is not an empty line: empty lines are not
 * rows here. Text after a closing quote is read as text, and the encoding is checked
 * only in the cells compared (row_proposal), so of tr_csv's problems only a quoted
 * field left open counts; it is returned as TR_EINVAL naming the line where the
 * field starts. */
static int next_row(tr_csv *c, tr_row *row, int *eof, tr_error *err)
{
    int rc;
    do
        rc = tr_csv_next(c, row, eof, err);
    while (!rc && !*eof && row->empty_line);
    if (rc || *eof || !(row->bad & TR_ROW_UNCLOSED))
        return rc;
    /* The open field is the row's last; the line breaks of the fields before it
     * (kept as LF) say where it starts. */
    uint64_t line = row->line;
    for (size_t k = 0; k + 1 < row->cells.n; k++) {
        size_t len;
        const char *f = tr_cells_get(&row->cells, k, &len);
        for (size_t i = 0; i < len; i++)
            line += f[i] == '\n';
    }
    return tr_error_set(err, TR_EINVAL, "line %llu: a quoted field is not closed",
                        (unsigned long long)line);
}

/* ---- Proposals ------------------------------------------------------------------------ */

void dc_proposal_clear(dc_proposal *p)
{
    free(p->label);
    free(p->title);
    free(p->text);
    memset(p, 0, sizeof *p);
}

void dc_proposals_clear(dc_proposals *ps)
{
    for (size_t i = 0; i < ps->n; i++)
        dc_proposal_clear(&ps->p[i]);
    free(ps->p);
    memset(ps, 0, sizeof *ps);
}

static char *trimmed_copy(const char *s, size_t len)
{
    while (len && (*s == ' ' || *s == '\t' || *s == '\r' || *s == '\n')) {
        s++;
        len--;
    }
    while (len && (s[len - 1] == ' ' || s[len - 1] == '\t' || s[len - 1] == '\r' ||
                   s[len - 1] == '\n'))
        len--;
    char *c = malloc(len + 1);
    if (c) {
        memcpy(c, s, len);
        c[len] = '\0';
    }
    return c;
}

/* The text columns' values, those not empty, one a line. */
static char *join_text(const char *const *parts, size_t n)
{
    size_t len = 0;
    for (size_t i = 0; i < n; i++)
        len += parts[i] ? strlen(parts[i]) + 1 : 0;
    char *out = malloc(len + 1), *o = out;
    if (!out)
        return NULL;
    for (size_t i = 0; i < n; i++) {
        if (!parts[i] || !*parts[i])
            continue;
        if (o > out)
            *o++ = '\n';
        size_t l = strlen(parts[i]);
        memcpy(o, parts[i], l);
        o += l;
    }
    *o = '\0';
    return out;
}

static int fill(dc_proposal *p, const char *label, const char *title, const char *const *parts,
                size_t nparts, tr_error *err)
{
    char *text = join_text(parts, nparts);
    p->label = trimmed_copy(label, strlen(label));
    p->title = trimmed_copy(title ? title : "", title ? strlen(title) : 0);
    p->text = text ? trimmed_copy(text, strlen(text)) : NULL;
    free(text);
    if (!p->label || !p->title || !p->text) {
        dc_proposal_clear(p);
        return tr_error_set(err, TR_ENOMEM, "out of memory");
    }
    return 0;
}

typedef struct columns {
    long code, title, text[NTEXT];
} columns;

/* Header names, folded, of each column read: the task-record format's own and the
 * Vietnamese ones departments' spreadsheets use (as tracuu-index reads them). */
static const char *const code_names[] = {"code", "ma so", "ma nhiem vu", NULL};
static const char *const title_names[] = {"title", "ten nhiem vu", "ten de tai", "ten", NULL};
static const char *const text_names[NTEXT][3] = {
    {"objectives", "muc tieu", NULL},
    {"content", "noi dung", NULL},
    {"summary", "tom tat", NULL},
};

static int named(const char *folded, const char *const *names)
{
    for (size_t i = 0; names[i]; i++)
        if (strcmp(folded, names[i]) == 0)
            return 1;
    return 0;
}

static int find_columns(const tr_row *header, columns *c, tr_error *err)
{
    c->code = c->title = -1;
    int any_text = 0;
    for (size_t k = 0; k < NTEXT; k++)
        c->text[k] = -1;
    for (size_t i = 0; i < header->cells.n; i++) {
        size_t len;
        const char *cell = tr_cells_get(&header->cells, i, &len);
        char *name = trimmed_copy(cell, strlen(cell));
        char *folded = NULL;
        size_t flen;
        if (!name || vn_fold(name, strlen(name), &folded, &flen, NULL)) {
            free(name);
            return tr_error_set(err, TR_ENOMEM, "out of memory");
        }
        if (named(folded, code_names) && c->code < 0)
            c->code = (long)i;
        else if (named(folded, title_names) && c->title < 0)
            c->title = (long)i;
        for (size_t k = 0; k < NTEXT; k++)
            if (named(folded, text_names[k]) && c->text[k] < 0) {
                c->text[k] = (long)i;
                any_text = 1;
            }
        free(folded);
        free(name);
    }
    if (c->title < 0 && !any_text)
        return tr_error_set(err, TR_EINVAL,
                            "the CSV header has neither a title column nor objectives, content "
                            "or summary");
    return 0;
}

static const char *cell(const tr_row *r, long col)
{
    size_t len;
    return col >= 0 && (size_t)col < r->cells.n ? tr_cells_get(&r->cells, (size_t)col, &len) : NULL;
}

static int row_proposal(const tr_row *r, const columns *c, dc_proposal *p, int *empty,
                        tr_error *err)
{
    const char *parts[NTEXT];
    for (size_t k = 0; k < NTEXT; k++)
        parts[k] = cell(r, c->text[k]);
    const char *code = cell(r, c->code);
    char label[64];
    snprintf(label, sizeof label, "dòng %llu", (unsigned long long)r->line);
    if (fill(p, code && *code ? code : label, cell(r, c->title), parts, NTEXT, err))
        return TR_ENOMEM;
    if (!vn_utf8_valid(p->label, strlen(p->label)) || !vn_utf8_valid(p->title, strlen(p->title)) ||
        !vn_utf8_valid(p->text, strlen(p->text))) {
        dc_proposal_clear(p);
        return tr_error_set(err, TR_EINVAL, "line %llu is not valid UTF-8 (save the file as UTF-8)",
                            (unsigned long long)r->line);
    }
    *empty = !*p->title && !*p->text;
    return 0;
}

/* Reads to the end of the CSV after a row that cannot be a proposal: a quoted field
 * left open (always in the last row) is the error told, whatever came before it. */
static int error_after_rest(tr_csv *c, tr_row *row, const tr_error *first, tr_error *err)
{
    int eof = 0, rc;
    while (!(rc = next_row(c, row, &eof, err)) && !eof)
        ;
    return rc ? rc : tr_error_set(err, first->code, "%s", first->message);
}

int dc_proposals_from_csv(const char *data, size_t len, dc_proposals *out, tr_error *err)
{
    memset(out, 0, sizeof *out);
    tr_csv *c = tr_csv_new_text(data, len, SIZE_MAX, err);
    if (!c)
        return TR_ENOMEM;
    tr_row r;
    memset(&r, 0, sizeof r);
    columns col;
    tr_error first = {0};
    size_t cap = 0;
    int rc, eof = 0, header = 0;
    while (!(rc = next_row(c, &r, &eof, err)) && !eof) {
        if (!header) {
            header = 1;
            if (find_columns(&r, &col, &first))
                break;
            continue;
        }
        dc_proposal *g = tr_grow(out->p, out->n + 1, &cap, sizeof *out->p, 64);
        if (!g) {
            tr_error_set(&first, TR_ENOMEM, "out of memory");
            break;
        }
        out->p = g;
        int empty = 0;
        if (row_proposal(&r, &col, &out->p[out->n], &empty, &first))
            break;
        if (empty)
            dc_proposal_clear(&out->p[out->n]);
        else
            out->n++;
    }
    if (!rc && first.code)
        rc = error_after_rest(c, &r, &first, err);
    else if (!rc && !header)
        rc = tr_error_set(err, TR_EINVAL, "the CSV file is empty");
    tr_cells_free(&r.cells);
    tr_csv_free(c);
    if (rc)
        dc_proposals_clear(out);
    return rc;
}

/* ---- One proposal --------------------------------------------------------------------- */

static int from_json(const char *data, size_t len, dc_proposal *p, tr_error *err)
{
    json_t *root = json_loadb(data, len, 0, NULL);
    if (!json_is_object(root)) {
        json_decref(root);
        return tr_error_set(err, TR_EINVAL, "the input is not a JSON object {\"title\", \"text\"}");
    }
    const char *parts[NTEXT + 1] = {0};
    json_t *text = json_object_get(root, "text");
    if (json_is_string(text))
        parts[0] = json_string_value(text);
    for (size_t k = 0; k < NTEXT && !parts[0]; k++) {
        json_t *v = json_object_get(root, text_columns[k]);
        parts[k + 1] = json_is_string(v) ? json_string_value(v) : NULL;
    }
    json_t *title = json_object_get(root, "title");
    json_t *code = json_object_get(root, "code");
    int rc = fill(p, json_is_string(code) ? json_string_value(code) : "proposal",
                  json_is_string(title) ? json_string_value(title) : "", parts, NTEXT + 1, err);
    json_decref(root);
    return rc;
}

static int from_text(const char *data, size_t len, dc_proposal *p, tr_error *err)
{
    size_t i = 0;
    while (i < len && (data[i] == ' ' || data[i] == '\t' || data[i] == '\r' || data[i] == '\n'))
        i++;
    size_t eol = i;
    while (eol < len && data[eol] != '\n')
        eol++;
    p->label = trimmed_copy("proposal", 8);
    p->title = trimmed_copy(data + i, eol - i);
    p->text = trimmed_copy(data + eol, len - eol);
    if (!p->label || !p->title || !p->text) {
        dc_proposal_clear(p);
        return tr_error_set(err, TR_ENOMEM, "out of memory");
    }
    return 0;
}

/* A CSV in the task-record format starts with a header naming its columns. */
static int looks_like_csv(const char *data, size_t len)
{
    size_t eol = 0;
    while (eol < len && data[eol] != '\n')
        eol++;
    tr_csv *c = tr_csv_new_text(data, eol, SIZE_MAX, NULL);
    tr_row r;
    memset(&r, 0, sizeof r);
    int csv = 0, eof = 0;
    if (c && next_row(c, &r, &eof, NULL) == 0 && !eof && r.cells.n >= 2) {
        columns col;
        csv = find_columns(&r, &col, NULL) == 0 && col.title >= 0;
    }
    tr_cells_free(&r.cells);
    tr_csv_free(c);
    return csv;
}

int dc_proposal_parse(const char *data, size_t len, dc_proposal *out, tr_error *err)
{
    memset(out, 0, sizeof *out);
    if (!vn_utf8_valid(data, len))
        return tr_error_set(err, TR_EINVAL, "the input is not valid UTF-8 (save it as UTF-8)");
    size_t i = 0;
    while (i < len && (data[i] == ' ' || data[i] == '\t' || data[i] == '\r' || data[i] == '\n'))
        i++;
    int rc;
    if (i < len && data[i] == '{') {
        rc = from_json(data, len, out, err);
    } else if (looks_like_csv(data + i, len - i)) {
        dc_proposals ps;
        rc = dc_proposals_from_csv(data + i, len - i, &ps, err);
        if (!rc && ps.n != 1)
            rc = tr_error_set(err, TR_EINVAL,
                              "the CSV holds %zu proposals; check one, or use --batch", ps.n);
        if (!rc) {
            *out = ps.p[0];
            ps.n = 0;
        }
        dc_proposals_clear(&ps);
    } else {
        rc = from_text(data + i, len - i, out, err);
    }
    if (!rc && !*out->title && !*out->text) {
        dc_proposal_clear(out);
        rc = tr_error_set(err, TR_EINVAL, "the proposal has neither a title nor a text");
    }
    return rc;
}
