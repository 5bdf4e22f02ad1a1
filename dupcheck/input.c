/* input: reading proposals (see input.h). */
#include "input.h"

#include <errno.h>
#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

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

typedef struct row {
    char **f;
    size_t n;
    size_t line; /* where it starts in the file, 1-based */
} row;

typedef struct table {
    row *r;
    size_t n, cap;
} table;

static void table_clear(table *t)
{
    for (size_t i = 0; i < t->n; i++) {
        for (size_t k = 0; k < t->r[i].n; k++)
            free(t->r[i].f[k]);
        free(t->r[i].f);
    }
    free(t->r);
    memset(t, 0, sizeof *t);
}

static int push_field(row *r, const char *s, size_t len)
{
    char **g = realloc(r->f, (r->n + 1) * sizeof *g);
    if (!g)
        return TR_ENOMEM;
    r->f = g;
    if (!(r->f[r->n] = malloc(len + 1)))
        return TR_ENOMEM;
    memcpy(r->f[r->n], s, len);
    r->f[r->n++][len] = '\0';
    return 0;
}

/* Parses RFC 4180 CSV (LF or CRLF line ends; a quote inside an unquoted field is
 * kept as text, as spreadsheets write it). Blank lines are not rows. */
static int parse_csv(const char *s, size_t len, table *t, tr_error *err)
{
    size_t i = 0, line = 1;
    char *field = malloc(len + 1); /* no field is longer than the file */
    if (!field)
        return tr_error_set(err, TR_ENOMEM, "out of memory");
    int rc = 0;
    while (i < len && !rc) {
        if (s[i] == '\n' || (s[i] == '\r' && i + 1 < len && s[i + 1] == '\n')) {
            i += s[i] == '\r' ? 2 : 1;
            line++;
            continue;
        }
        row r = {NULL, 0, line};
        for (;;) {
            size_t fl = 0;
            if (i < len && s[i] == '"') {
                size_t start_line = line;
                i++;
                for (;;) {
                    if (i >= len) {
                        rc = tr_error_set(err, TR_EINVAL, "line %zu: a quoted field is not closed",
                                          start_line);
                        break;
                    }
                    if (s[i] == '"' && i + 1 < len && s[i + 1] == '"') {
                        field[fl++] = '"';
                        i += 2;
                    } else if (s[i] == '"') {
                        i++;
                        break;
                    } else {
                        line += s[i] == '\n';
                        field[fl++] = s[i++];
                    }
                }
            }
            while (!rc && i < len && s[i] != ',' && s[i] != '\n' &&
                   !(s[i] == '\r' && i + 1 < len && s[i + 1] == '\n'))
                field[fl++] = s[i++];
            if (rc || (rc = push_field(&r, field, fl)))
                break;
            if (i < len && s[i] == ',') {
                i++;
                continue;
            }
            break;
        }
        if (!rc) {
            row *g = tr_grow(t->r, t->n + 1, &t->cap, sizeof *t->r, 64);
            if (g)
                t->r = g;
            else
                rc = TR_ENOMEM;
        }
        if (rc) {
            for (size_t k = 0; k < r.n; k++)
                free(r.f[k]);
            free(r.f);
            break;
        }
        t->r[t->n++] = r;
    }
    free(field);
    if (rc == TR_ENOMEM)
        tr_error_set(err, rc, "out of memory");
    return rc;
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

static int find_columns(const row *header, columns *c, tr_error *err)
{
    c->code = c->title = -1;
    int any_text = 0;
    for (size_t k = 0; k < NTEXT; k++)
        c->text[k] = -1;
    for (size_t i = 0; i < header->n; i++) {
        char *name = trimmed_copy(header->f[i], strlen(header->f[i]));
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

static const char *cell(const row *r, long col)
{
    return col >= 0 && (size_t)col < r->n ? r->f[col] : NULL;
}

static int row_proposal(const row *r, const columns *c, dc_proposal *p, int *empty,
                        tr_error *err)
{
    const char *parts[NTEXT];
    for (size_t k = 0; k < NTEXT; k++)
        parts[k] = cell(r, c->text[k]);
    const char *code = cell(r, c->code);
    char label[64];
    snprintf(label, sizeof label, "dòng %zu", r->line);
    if (fill(p, code && *code ? code : label, cell(r, c->title), parts, NTEXT, err))
        return TR_ENOMEM;
    if (!vn_utf8_valid(p->label, strlen(p->label)) || !vn_utf8_valid(p->title, strlen(p->title)) ||
        !vn_utf8_valid(p->text, strlen(p->text))) {
        dc_proposal_clear(p);
        return tr_error_set(err, TR_EINVAL, "line %zu is not valid UTF-8 (save the file as UTF-8)",
                            r->line);
    }
    *empty = !*p->title && !*p->text;
    return 0;
}

int dc_proposals_from_csv(const char *data, size_t len, dc_proposals *out, tr_error *err)
{
    memset(out, 0, sizeof *out);
    table t = {0};
    columns c;
    int rc = parse_csv(data, len, &t, err);
    if (!rc && t.n == 0)
        rc = tr_error_set(err, TR_EINVAL, "the CSV file is empty");
    if (!rc)
        rc = find_columns(&t.r[0], &c, err);
    if (!rc && !(out->p = calloc(t.n, sizeof *out->p)))
        rc = tr_error_set(err, TR_ENOMEM, "out of memory");
    for (size_t i = 1; !rc && i < t.n; i++) {
        int empty = 0;
        rc = row_proposal(&t.r[i], &c, &out->p[out->n], &empty, err);
        if (!rc && empty)
            dc_proposal_clear(&out->p[out->n]);
        else if (!rc)
            out->n++;
    }
    table_clear(&t);
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
    table t = {0};
    int csv = 0;
    if (parse_csv(data, eol, &t, NULL) == 0 && t.n == 1 && t.r[0].n >= 2) {
        columns c;
        csv = find_columns(&t.r[0], &c, NULL) == 0 && c.title >= 0;
    }
    table_clear(&t);
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
