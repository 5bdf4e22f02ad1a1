/* record: see record.h. Checks are ordered from cheapest to dearest, and every
 * reason is a fixed phrase: the messages go to logs, document text must not. */
#include "record.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "task.h"
#include "vn.h"
#include "vn_terms.h"

static int is_space(char c)
{
    return c == ' ' || c == '\t' || c == '\r' || c == '\n' || c == '\f' || c == '\v';
}

int ix_record_blank(const char *line, size_t len)
{
    for (size_t i = 0; i < len; i++)
        if (!is_space(line[i]))
            return 0;
    return 1;
}

/* A text field: absent and null read as "", anything but a string is an error. */
static int text_field(json_t *root, const char *name, const char **out, size_t *len,
                      tr_error *err)
{
    json_t *v = json_object_get(root, name);
    *out = "";
    *len = 0;
    if (!v || json_is_null(v))
        return 0;
    if (!json_is_string(v))
        return tr_error_set(err, TR_EINVAL, "%s is not a string", name);
    *out = json_string_value(v);
    *len = json_string_length(v);
    return 0;
}

static int digits(const char *s, size_t n)
{
    for (size_t i = 0; i < n; i++)
        if (s[i] < '0' || s[i] > '9')
            return 0;
    return 1;
}

/* Accepts YYYY-MM-DD, optionally followed by a time ("T..." or " ..."). */
static int parse_date(ix_record *rec, const char *s, size_t n, tr_error *err)
{
    if (n == 0)
        return 0;
    if (n < 10 || (n > 10 && s[10] != 'T' && s[10] != ' ') || !digits(s, 4) || s[4] != '-' ||
        !digits(s + 5, 2) || s[7] != '-' || !digits(s + 8, 2))
        return tr_error_set(err, TR_EINVAL, "invalid date (expected YYYY-MM-DD)");
    int month = (s[5] - '0') * 10 + (s[6] - '0');
    int day = (s[8] - '0') * 10 + (s[9] - '0');
    if (month < 1 || month > 12 || day < 1 || day > 31)
        return tr_error_set(err, TR_EINVAL, "invalid date (expected YYYY-MM-DD)");
    memcpy(rec->date, s, 4);
    memcpy(rec->date + 4, s + 5, 2);
    memcpy(rec->date + 6, s + 8, 2);
    rec->date[8] = '\0';
    memcpy(rec->year, s, 4);
    rec->year[4] = '\0';
    return 0;
}

/* Types become terms and facet values: one short lower-case word, so that
 * "Legal" and "legal" are one facet. */
static int set_type(ix_record *rec, const char *s, size_t n, tr_error *err)
{
    if (n == 0 || n > IX_TYPE_MAX)
        return tr_error_set(err, TR_EINVAL, "invalid type");
    for (size_t i = 0; i < n; i++) {
        char c = s[i];
        if (c >= 'A' && c <= 'Z')
            c = (char)(c - 'A' + 'a');
        if (!((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '_' || c == '-'))
            return tr_error_set(err, TR_EINVAL, "invalid type");
        rec->type[i] = c;
    }
    rec->type[n] = '\0';
    return 0;
}

int ix_record_check_type(const char *type, tr_error *err)
{
    ix_record rec;
    return set_type(&rec, type, strlen(type), err);
}

const char *ix_access_level(const char *name, size_t len)
{
    static const struct {
        const char *key, *code;
    } names[] = {{"public", VN_ACCESS_PUBLIC},
                 {"cong khai", VN_ACCESS_PUBLIC},
                 {"internal", VN_ACCESS_INTERNAL},
                 {"noi bo", VN_ACCESS_INTERNAL}};
    char key[64];
    size_t klen = 0;
    if (len >= sizeof key || vn_term_key("", name, len, 0, key, sizeof key, &klen, NULL) ||
        klen == 0)
        return NULL;
    for (size_t i = 0; i < sizeof names / sizeof names[0]; i++)
        if (strcmp(key, names[i].key) == 0)
            return names[i].code;
    return NULL;
}

static int set_access(ix_record *rec, const char *code, tr_error *err)
{
    if (json_object_set_new(rec->root, "access", json_string(code)) != 0)
        return tr_error_set(err, TR_ENOMEM, "out of memory");
    snprintf(rec->access, sizeof rec->access, "%s", code);
    return 0;
}

/* The record's own level; a record that names none is public until a default
 * says otherwise. */
static int read_access(ix_record *rec, tr_error *err)
{
    json_t *v = json_object_get(rec->root, "access");
    snprintf(rec->access, sizeof rec->access, "%s", VN_ACCESS_PUBLIC);
    rec->access_given = 0;
    if (!v || json_is_null(v))
        return 0;
    if (!json_is_string(v))
        return tr_error_set(err, TR_EINVAL, "access is not a string");
    const char *code = ix_access_level(json_string_value(v), json_string_length(v));
    if (!code)
        return tr_error_set(err, TR_EINVAL, "unknown access level (public or internal)");
    rec->access_given = 1;
    return set_access(rec, code, err);
}

int ix_record_default_access(ix_record *rec, const char *level, tr_error *err)
{
    if (rec->access_given || !level || strcmp(level, VN_ACCESS_PUBLIC) == 0)
        return 0;
    return set_access(rec, level, err);
}

/* Fills the record's views of rec->root and checks them. */
static int extract(ix_record *rec, const char *default_type, tr_error *err)
{
    json_t *root = rec->root;
    if (!json_is_object(root))
        return tr_error_set(err, TR_EINVAL, "not a JSON object");

    json_t *id = json_object_get(root, "id");
    if (!id || json_is_null(id))
        return tr_error_set(err, TR_EINVAL, "missing id");
    if (!json_is_string(id))
        return tr_error_set(err, TR_EINVAL, "id is not a string");
    rec->id = json_string_value(id);
    rec->id_len = json_string_length(id);
    if (rec->id_len == 0)
        return tr_error_set(err, TR_EINVAL, "empty id");
    if (rec->id_len > IX_ID_MAX)
        return tr_error_set(err, TR_EINVAL, "id too long (over %d bytes)", IX_ID_MAX);

    json_t *type = json_object_get(root, "type");
    if (!type || json_is_null(type)) {
        if (json_object_set_new(root, "type", json_string(default_type)) != 0)
            return tr_error_set(err, TR_ENOMEM, "out of memory");
        type = json_object_get(root, "type");
    }
    if (!json_is_string(type))
        return tr_error_set(err, TR_EINVAL, "type is not a string");
    int rc = set_type(rec, json_string_value(type), json_string_length(type), err);
    if (rc || (rc = read_access(rec, err)))
        return rc;
    /* Before the body is read: a task without one gets one made of its fields. */
    if (strcmp(rec->type, IX_TASK_TYPE) == 0 && (rc = ix_task_check(root, err)))
        return rc;

    if ((rc = text_field(root, "title", &rec->title, &rec->title_len, err)) ||
        (rc = text_field(root, "body", &rec->body, &rec->body_len, err)))
        return rc;
    if (ix_record_blank(rec->body, rec->body_len))
        return tr_error_set(err, TR_EINVAL, "empty body");

    const char *date;
    size_t date_len;
    if ((rc = text_field(root, "date", &date, &date_len, err)) ||
        (rc = parse_date(rec, date, date_len, err)))
        return rc;

    /* Only a legal text's own number identifies it; other types may carry a
     * doc_number field that means something else, and keep it as stored data. */
    json_t *num = json_object_get(root, "doc_number");
    if (strcmp(rec->type, "legal") == 0 && json_is_string(num) &&
        !ix_record_blank(json_string_value(num), json_string_length(num))) {
        rec->doc_number = json_string_value(num);
        rec->doc_number_len = json_string_length(num);
    }
    return 0;
}

static void empty(ix_record *rec)
{
    memset(rec, 0, sizeof *rec);
    rec->title = rec->body = "";
}

int ix_record_parse(ix_record *rec, const char *line, size_t len, const char *default_type,
                    tr_error *err)
{
    empty(rec);
    if (memchr(line, '\0', len))
        return tr_error_set(err, TR_EINVAL, "binary data (NUL byte)");
    if (!vn_utf8_valid(line, len))
        return tr_error_set(err, TR_EINVAL, "invalid UTF-8");
    json_error_t jerr;
    rec->root = json_loadb(line, len, 0, &jerr);
    if (!rec->root) {
        /* Jansson ends most messages with "near '<token>'": that is document text. */
        char *near = strstr(jerr.text, " near ");
        if (near)
            *near = '\0';
        return tr_error_set(err, TR_EINVAL, "invalid JSON: %s at column %d", jerr.text,
                            jerr.column);
    }
    int rc = extract(rec, default_type, err);
    if (rc)
        ix_record_clear(rec);
    return rc;
}

/* The sample detection reads: the title, a line break, and the start of the body. */
static char *detection_sample(const ix_record *rec, size_t *len)
{
    size_t body = rec->body_len < VN_LEGACY_SAMPLE ? rec->body_len : VN_LEGACY_SAMPLE;
    char *s = malloc(rec->title_len + 1 + body);
    if (!s)
        return NULL;
    memcpy(s, rec->title, rec->title_len);
    s[rec->title_len] = '\n';
    memcpy(s + rec->title_len + 1, rec->body, body);
    *len = rec->title_len + 1 + body;
    return s;
}

/* Replaces the string at `it` by its conversion; *changed is set when it differs. */
static int convert_field(json_t *root, void *it, vn_encoding enc, unsigned flags, int *changed,
                         tr_error *err)
{
    json_t *v = json_object_iter_value(it);
    const char *s = json_string_value(v);
    size_t n = json_string_length(v);
    char *out;
    size_t len;
    int rc = vn_legacy_convert(enc, flags, s, n, &out, &len, err);
    if (rc)
        return rc;
    if (len != n || memcmp(out, s, n) != 0) {
        json_t *nv = json_stringn(out, len);
        if (!nv || json_object_iter_set_new(root, it, nv) != 0)
            rc = tr_error_set(err, TR_ENOMEM, "out of memory");
        *changed = 1;
    }
    free(out);
    return rc;
}

int ix_record_decode(ix_record *rec, vn_encoding enc, vn_encoding *from, unsigned *flags,
                     tr_error *err)
{
    *from = VN_ENC_UTF8;
    *flags = 0;
    if (enc == VN_ENC_UTF8)
        return 0;
    unsigned f = 0;
    int forced = enc != VN_ENC_AUTO;
    if (forced) {
        f = enc == VN_ENC_VIQR ? 0 : VN_LEGACY_MOJIBAKE;
    } else {
        size_t len;
        char *sample = detection_sample(rec, &len);
        if (!sample) {
            ix_record_clear(rec);
            return tr_error_set(err, TR_ENOMEM, "out of memory");
        }
        enc = vn_legacy_detect(sample, len, &f);
        free(sample);
        if (enc == VN_ENC_UTF8)
            return 0;
    }
    int rc = 0, changed = 0;
    for (void *it = json_object_iter(rec->root); it && rc == 0;
         it = json_object_iter_next(rec->root, it)) {
        const char *key = json_object_iter_key(it);
        json_t *v = json_object_iter_value(it);
        if (!json_is_string(v) || !strcmp(key, "id") || !strcmp(key, "type") ||
            !strcmp(key, "date"))
            continue;
        if (forced || vn_legacy_fits(enc, f, json_string_value(v), json_string_length(v)))
            rc = convert_field(rec->root, it, enc, f, &changed, err);
    }
    /* The views point into the strings just replaced. */
    if (rc == 0 && changed) {
        *from = enc;
        *flags = f;
        rc = extract(rec, rec->type, err);
    }
    if (rc)
        ix_record_clear(rec);
    return rc;
}

/* Trims white space on both ends of [*s, *s + *n). */
static void trim(const char **s, size_t *n)
{
    while (*n > 0 && is_space(**s)) {
        (*s)++;
        (*n)--;
    }
    while (*n > 0 && is_space((*s)[*n - 1]))
        (*n)--;
}

int ix_record_from_text(ix_record *rec, const char *id, const char *text, size_t len,
                        int markdown, const char *type, tr_error *err)
{
    empty(rec);
    if (memchr(text, '\0', len))
        return tr_error_set(err, TR_EINVAL, "binary data (NUL byte)");
    if (!vn_utf8_valid(text, len))
        return tr_error_set(err, TR_EINVAL, "invalid UTF-8");
    if (len >= 3 && memcmp(text, "\xEF\xBB\xBF", 3) == 0) {
        text += 3;
        len -= 3;
    }
    const char *p = text, *end = text + len;
    const char *title = p;
    size_t title_len = 0;
    while (p < end && title_len == 0) {
        const char *nl = memchr(p, '\n', (size_t)(end - p));
        const char *stop = nl ? nl : end;
        title = p;
        title_len = (size_t)(stop - p);
        trim(&title, &title_len);
        if (markdown) {
            while (title_len > 0 && *title == '#') {
                title++;
                title_len--;
            }
            while (title_len > 0 && title[title_len - 1] == '#')
                title_len--;
            trim(&title, &title_len);
        }
        p = nl ? nl + 1 : end;
    }
    const char *body = p;
    size_t body_len = (size_t)(end - p);
    trim(&body, &body_len);

    json_t *root = json_object();
    rec->root = root;
    if (!root || json_object_set_new(root, "id", json_string(id)) ||
        json_object_set_new(root, "type", json_string(type)) ||
        json_object_set_new(root, "title", json_stringn(title, title_len)) ||
        json_object_set_new(root, "date", json_null()) ||
        json_object_set_new(root, "source", json_string("file")) ||
        json_object_set_new(root, "body", json_stringn(body, body_len))) {
        ix_record_clear(rec);
        /* json_string() also fails on invalid UTF-8, which only the id can be. */
        if (!vn_utf8_valid(id, strlen(id)))
            return tr_error_set(err, TR_EINVAL, "file name is not valid UTF-8");
        return tr_error_set(err, TR_ENOMEM, "out of memory");
    }
    int rc = extract(rec, type, err);
    if (rc)
        ix_record_clear(rec);
    return rc;
}

int ix_record_from_json(ix_record *rec, json_t *root, const char *default_type,
                        tr_error *err)
{
    empty(rec);
    rec->root = root;
    int rc = extract(rec, default_type, err);
    if (rc)
        ix_record_clear(rec);
    return rc;
}

char *ix_record_dump(const ix_record *rec, size_t *len)
{
    char *s = json_dumps(rec->root, JSON_COMPACT);
    if (s && len)
        *len = strlen(s);
    return s;
}

void ix_record_clear(ix_record *rec)
{
    if (!rec)
        return;
    json_decref(rec->root);
    empty(rec);
}
