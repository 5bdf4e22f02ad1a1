/* table: see table.h. The header is matched once, on keys (vn_term_key: folded,
 * punctuation made spaces), so "Mã số", "MA SO" and "mã_số" are one name; each row
 * is then laid out in the corpus's field order and written as JSON. */
#include "table.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <jansson.h>

#include "cellvalue.h"
#include "task.h"
#include "tr_csv.h"
#include "tr_grow.h"
#include "vn.h"
#include "vn_terms.h"
#include "xlsx.h"

/* ---- Header names ---------------------------------------------------------- */

enum { AS_TEXT, AS_DATE, AS_AMOUNT };

/* The record's fields in the corpus's order, with the header names taken for
 * each (keys, '|'-separated). budget_state and budget_other make "budget". */
static const struct field {
    const char *name;
    int as;
    const char *aliases;
} fields[] = {
    {"id", AS_TEXT, "id|ma dinh danh"},
    {"type", AS_TEXT, "type|loai|loai tai lieu"},
    {"title", AS_TEXT, "title|ten nhiem vu|ten de tai|ten du an|ten de tai du an|ten"},
    {"date", AS_DATE, "date|ngay|ngay ghi nhan"},
    {"source", AS_TEXT, "source|nguon"},
    {"code", AS_TEXT, "code|ma so|ma nhiem vu|ma so nhiem vu|ma de tai|ma"},
    {"level", AS_TEXT, "level|cap|cap nhiem vu|cap quan ly"},
    {"field", AS_TEXT, "field|linh vuc|ten linh vuc|linh vuc nghien cuu"},
    {"field_code", AS_TEXT, "field code|ma linh vuc"},
    {"investigator", AS_TEXT,
     "investigator|pi|chu nhiem|chu nhiem nhiem vu|chu nhiem de tai|chu nhiem du an"},
    {"organization", AS_TEXT,
     "organization|organisation|org|co quan chu tri|to chuc chu tri|don vi chu tri"},
    {"managing_body", AS_TEXT, "managing body|co quan quan ly|don vi quan ly"},
    {"start", AS_DATE, "start|bat dau|thoi gian bat dau|ngay bat dau"},
    {"end", AS_DATE, "end|ket thuc|thoi gian ket thuc|ngay ket thuc"},
    {"budget_state", AS_AMOUNT,
     "budget state|kinh phi nsnn|nsnn|kinh phi tu nsnn|ngan sach nha nuoc|kinh phi ngan sach|"
     "kinh phi tu ngan sach nha nuoc|kinh phi su nghiep khcn"},
    {"budget_other", AS_AMOUNT,
     "budget other|kinh phi khac|nguon khac|kinh phi tu nguon khac|doi ung|kinh phi doi ung|"
     "ngoai ngan sach"},
    {"status", AS_TEXT, "status|tinh trang|trang thai"},
    {"objectives", AS_TEXT, "objectives|muc tieu"},
    {"content", AS_TEXT, "content|noi dung|noi dung chinh"},
    {"expected_results", AS_TEXT, "expected results|ket qua du kien|san pham du kien"},
    {"results", AS_TEXT, "results|ket qua|ket qua dat duoc|ket qua thuc hien"},
    {"summary", AS_TEXT, "summary|tom tat"},
    {"body", AS_TEXT, "body|toan van|mo ta"},
    /* public or internal, "Công khai" or "Nội bộ" (record.h) */
    {"access", AS_TEXT, "access|quyen truy cap|muc truy cap|muc do cong khai|pham vi cong khai"},
};

#define NFIELDS (sizeof fields / sizeof fields[0])
/* Positions in fields[] that rows treat apart (checked at open). */
enum { F_ID = 0, F_TYPE = 1, F_CODE = 5, F_STATE = 14, F_OTHER = 15 };

/* A row-number column carries no information of the record's own. */
static const char ignored_names[] = "stt|tt|so tt|so thu tu";
/* A single budget column cannot say how much is state money. */
static const char total_names[] = "budget|kinh phi|tong kinh phi|tong kinh phi thuc hien";

enum { COL_NONE, COL_IGNORE, COL_FIELD, COL_EXTRA };

typedef struct column {
    int kind;
    size_t field;    /* COL_FIELD: index in fields[] */
    char *name;      /* COL_EXTRA: the header as written */
    long long unit;  /* amounts: VND per unit written */
} column;

struct ix_table {
    ix_reader *lines; /* a CSV file's, read by csv */
    tr_csv *csv;
    ix_xlsx *xlsx;
    tr_row row;
    column *cols;
    size_t ncols;
    long field_col[NFIELDS]; /* column of each field, -1 when absent */
};

/* "A", "B", ..., "Z", "AA": how a spreadsheet names a column. */
static const char *column_name(size_t i, char buf[8])
{
    char tmp[8];
    size_t n = 0;
    for (i++; i > 0 && n < sizeof tmp - 1; i = (i - 1) / 26)
        tmp[n++] = (char)('A' + (i - 1) % 26);
    for (size_t k = 0; k < n; k++)
        buf[k] = tmp[n - 1 - k];
    buf[n] = '\0';
    return buf;
}

static void trim(const char **s, size_t *n)
{
    while (*n > 0 && (**s == ' ' || **s == '\t' || **s == '\r' || **s == '\n')) {
        (*s)++;
        (*n)--;
    }
    while (*n > 0 && ((*s)[*n - 1] == ' ' || (*s)[*n - 1] == '\t' || (*s)[*n - 1] == '\r' ||
                      (*s)[*n - 1] == '\n'))
        (*n)--;
}

static int key_of(const char *s, size_t n, char *key, size_t cap, tr_error *err)
{
    size_t len;
    return vn_term_key("", s, n, 0, key, cap, &len, err);
}

/* Gives column i its meaning from its header cell. */
static int name_column(ix_table *t, size_t i, const char *text, size_t n, tr_error *err)
{
    column *c = &t->cols[i];
    char cname[8], key[VN_TERM_MAX + 1], unit[VN_TERM_MAX + 1] = "";
    trim(&text, &n);
    c->unit = 1;
    /* "Kinh phí NSNN (triệu đồng)": the name, then the unit. */
    size_t base = n;
    if (n > 0 && text[n - 1] == ')') {
        const char *open = NULL;
        for (size_t k = 0; k < n; k++)
            if (text[k] == '(')
                open = text + k;
        if (open) {
            base = (size_t)(open - text);
            int rc = key_of(open + 1, n - base - 2, unit, sizeof unit, err);
            if (rc)
                return rc;
        }
    }
    int rc = key_of(text, base, key, sizeof key, err);
    if (rc)
        return rc;
    if (!*key && base < n && (rc = key_of(text, n, key, sizeof key, err)))
        return rc;
    if (!*key) {
        c->kind = COL_NONE;
        return 0;
    }
    if (ix_cell_in_list(ignored_names, key)) {
        c->kind = COL_IGNORE;
        return 0;
    }
    if (ix_cell_in_list(total_names, key))
        return tr_error_set(err, TR_EINVAL,
                            "column %s gives one total budget; give budget_state and "
                            "budget_other (Kinh phí NSNN, Kinh phí khác) instead",
                            column_name(i, cname));
    for (size_t f = 0; f < NFIELDS; f++) {
        if (!ix_cell_in_list(fields[f].aliases, key))
            continue;
        if (t->field_col[f] >= 0) {
            char other[8];
            return tr_error_set(err, TR_EINVAL, "columns %s and %s are both %s",
                                column_name((size_t)t->field_col[f], other),
                                column_name(i, cname), fields[f].name);
        }
        if (fields[f].as == AS_AMOUNT && !(c->unit = ix_cell_unit(unit)))
            return tr_error_set(err, TR_EINVAL,
                                "column %s: unknown unit (use đồng, nghìn đồng, triệu "
                                "đồng or tỷ đồng)",
                                column_name(i, cname));
        c->kind = COL_FIELD;
        c->field = f;
        t->field_col[f] = (long)i;
        return 0;
    }
    for (size_t k = 0; k < i; k++)
        if (t->cols[k].kind == COL_EXTRA && strlen(t->cols[k].name) == n &&
            memcmp(t->cols[k].name, text, n) == 0) {
            char other[8];
            return tr_error_set(err, TR_EINVAL, "columns %s and %s have the same name",
                                column_name(k, other), column_name(i, cname));
        }
    c->kind = COL_EXTRA;
    if (!(c->name = strndup(text, n)))
        return tr_error_set(err, TR_ENOMEM, "out of memory");
    return 0;
}

static int row_blank(const tr_row *row)
{
    for (size_t i = 0; i < row->cells.n; i++) {
        size_t n;
        const char *s = tr_cells_get(&row->cells, i, &n);
        trim(&s, &n);
        if (n)
            return 0;
    }
    return 1;
}

/* The lines of a CSV file, for tr_csv, through reader.h (so .csv.gz and .csv.zst). */
static int csv_line(void *source, const char **text, size_t *len, tr_csv_line_status *status,
                    tr_error *err)
{
    ix_line line;
    int rc = ix_reader_next(source, &line, err);
    if (rc)
        return rc;
    *text = line.text;
    *len = line.len;
    *status = line.status == IX_LINE_OK         ? TR_CSV_LINE_OK
              : line.status == IX_LINE_TOO_LONG ? TR_CSV_LINE_TOO_LONG
                                                : TR_CSV_LINE_EOF;
    return 0;
}

static tr_csv *open_csv(ix_table *t, const char *path, ix_format format, size_t max_row,
                        tr_error *err)
{
    t->lines = ix_reader_open(path, format, max_row, err);
    return t->lines ? tr_csv_new(csv_line, t->lines, max_row, err) : NULL;
}

static int read_row(ix_table *t, int *eof, tr_error *err)
{
    if (!t->csv)
        return ix_xlsx_next(t->xlsx, &t->row, eof, err);
    int rc = tr_csv_next(t->csv, &t->row, eof, err);
    /* tr_csv knows no UTF-8; a worksheet's cells are UTF-8 by the XML they are in. */
    if (rc == 0 && !*eof && !t->row.bad && !vn_utf8_valid(t->row.cells.buf, t->row.cells.len))
        tr_row_bad(&t->row, TR_ROW_ENCODING, "invalid UTF-8");
    return rc;
}

static int read_header(ix_table *t, tr_error *err)
{
    int eof = 0, rc;
    do {
        rc = read_row(t, &eof, err);
    } while (rc == 0 && !eof && !t->row.bad && row_blank(&t->row));
    if (rc)
        return rc;
    if (eof)
        return tr_error_set(err, TR_EINVAL, "no header row (the file has no rows)");
    if (t->row.bad)
        return tr_error_set(err, TR_EINVAL, "the header row (row %llu) cannot be read: %s",
                            (unsigned long long)t->row.number, t->row.why.message);
    t->ncols = t->row.cells.n;
    if (!(t->cols = calloc(t->ncols, sizeof *t->cols)))
        return tr_error_set(err, TR_ENOMEM, "out of memory");
    for (size_t i = 0; i < t->ncols && rc == 0; i++) {
        size_t n;
        const char *s = tr_cells_get(&t->row.cells, i, &n);
        rc = name_column(t, i, s, n, err);
    }
    if (rc == 0 && t->field_col[F_ID] < 0 && t->field_col[F_CODE] < 0)
        rc = tr_error_set(err, TR_EINVAL,
                          "the header row (row %llu) has neither an id nor a code (Mã số) "
                          "column",
                          (unsigned long long)t->row.number);
    return rc;
}

ix_table *ix_table_open(const char *path, ix_table_kind kind, ix_format format,
                        size_t max_record, tr_error *err)
{
    ix_table *t = calloc(1, sizeof *t);
    if (!t) {
        tr_error_set(err, TR_ENOMEM, "out of memory opening %s", path);
        return NULL;
    }
    for (size_t f = 0; f < NFIELDS; f++)
        t->field_col[f] = -1;
    /* A field added to fields[] must not shift the ones rows treat apart. */
    if (strcmp(fields[F_ID].name, "id") || strcmp(fields[F_TYPE].name, "type") ||
        strcmp(fields[F_CODE].name, "code") || strcmp(fields[F_STATE].name, "budget_state") ||
        strcmp(fields[F_OTHER].name, "budget_other")) {
        free(t);
        tr_error_set(err, TR_EINTERNAL, "table: the field list is out of step");
        return NULL;
    }
    if (kind == IX_TABLE_CSV)
        t->csv = open_csv(t, path, format, max_record, err);
    else
        t->xlsx = ix_xlsx_open(path, err);
    if ((!t->csv && !t->xlsx) || read_header(t, err)) {
        ix_table_free(t);
        return NULL;
    }
    return t;
}

void ix_table_free(ix_table *t)
{
    if (!t)
        return;
    tr_csv_free(t->csv);
    ix_reader_free(t->lines);
    ix_xlsx_free(t->xlsx);
    tr_cells_free(&t->row.cells);
    for (size_t i = 0; i < t->ncols; i++)
        free(t->cols[i].name);
    free(t->cols);
    free(t);
}

uint64_t ix_table_disk_bytes(const ix_table *t)
{
    return t->csv ? ix_reader_disk_bytes(t->lines) : ix_xlsx_disk_bytes(t->xlsx);
}

/* ---- Rows -> records ---------------------------------------------------------- */

/* A date as written, made YYYY-MM or YYYY-MM-DD when it can be (cellvalue.h). */
static json_t *date_value(const char *s, size_t n)
{
    char iso[IX_CELL_DATE_MAX];
    return ix_cell_date(s, n, iso) == 0 ? json_string(iso) : json_stringn(s, n);
}

static const char *cell(const ix_table *t, long col, size_t *n)
{
    if (col < 0) {
        *n = 0;
        return "";
    }
    const char *s = tr_cells_get(&t->row.cells, (size_t)col, n);
    trim(&s, n);
    return s;
}

static int set(json_t *obj, const char *key, json_t *v)
{
    return !v || json_object_set_new(obj, key, v) != 0;
}

static int add_budget(const ix_table *t, json_t *rec)
{
    json_t *b = NULL;
    int failed = 0;
    for (int i = 0; i < 2 && !failed; i++) {
        size_t f = i ? F_OTHER : F_STATE, n;
        const char *s = cell(t, t->field_col[f], &n);
        if (!n)
            continue;
        if (!b && (failed = set(rec, "budget", b = json_object())))
            break;
        long long x;
        json_t *v = ix_cell_amount(s, n, t->cols[t->field_col[f]].unit, &x) == 0
                        ? json_integer(x)
                        : json_stringn(s, n);
        failed = set(b, i ? "other" : "state", v);
    }
    return failed;
}

/* Lays the row out as a record; NULL with row->why set when it cannot be one. */
static json_t *make_record(ix_table *t, tr_error *why)
{
    char cname[8];
    for (size_t i = 0; i < t->row.cells.n; i++) {
        size_t n;
        cell(t, (long)i, &n);
        if (n && (i >= t->ncols || t->cols[i].kind == COL_NONE)) {
            tr_error_set(why, TR_EINVAL, "a cell in column %s, which has no header",
                         column_name(i, cname));
            return NULL;
        }
    }
    json_t *rec = json_object();
    int failed = !rec;
    for (size_t f = 0; f < NFIELDS && !failed; f++) {
        if (f == F_OTHER)
            continue;
        if (f == F_STATE) {
            failed = add_budget(t, rec);
            continue;
        }
        size_t n;
        const char *s = cell(t, t->field_col[f], &n);
        if (f == F_ID && !n)
            s = cell(t, t->field_col[F_CODE], &n);
        if (f == F_TYPE && !n) {
            s = IX_TASK_TYPE;
            n = strlen(s);
        }
        if (n)
            failed = set(rec, fields[f].name,
                         fields[f].as == AS_DATE ? date_value(s, n) : json_stringn(s, n));
    }
    for (size_t i = 0; i < t->ncols && !failed; i++) {
        size_t n;
        const char *s = cell(t, (long)i, &n);
        if (t->cols[i].kind == COL_EXTRA && n)
            failed = set(rec, t->cols[i].name, json_stringn(s, n));
    }
    if (failed) {
        json_decref(rec);
        tr_error_set(why, TR_ENOMEM, "out of memory");
        return NULL;
    }
    if (!json_object_get(rec, "id")) {
        json_decref(rec);
        tr_error_set(why, TR_EINVAL, "no id and no code");
        return NULL;
    }
    return rec;
}

int ix_table_next(ix_table *t, ix_table_row *row, int *eof, tr_error *err)
{
    memset(row, 0, sizeof *row);
    int rc;
    do {
        rc = read_row(t, eof, err);
    } while (rc == 0 && !*eof && !t->row.bad && row_blank(&t->row));
    if (rc || *eof)
        return rc;
    row->number = t->row.number;
    if (t->row.bad) {
        row->why = t->row.why;
        return 0;
    }
    json_t *rec = make_record(t, &row->why);
    if (!rec)
        return row->why.code == TR_ENOMEM ? tr_error_set(err, TR_ENOMEM, "out of memory") : 0;
    row->json = json_dumps(rec, JSON_COMPACT);
    json_decref(rec);
    if (!row->json)
        return tr_error_set(err, TR_ENOMEM, "out of memory");
    row->len = strlen(row->json);
    return 0;
}
