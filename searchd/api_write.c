/* api_write: see api_write.h. */
#include "api_write.h"

#include <stdlib.h>
#include <string.h>

#include "audit.h"
#include "batch.h"
#include "indexer.h"
#include "reply.h"
#include "upload.h"
#include "vn.h"
#include "writes.h"

/* ---- Who may write -------------------------------------------------------------- */

/* 1 when the request may write; otherwise 0 with the answer queued in *ret. A
 * read-only server says so first: it has nothing to authorise. */
static int may_write(const sd_request *r, enum MHD_Result *ret)
{
    if (!r->writer) {
        *ret = sd_reply_error(r->conn, MHD_HTTP_FORBIDDEN,
                              "this server is read-only (tracuu-searchd --writable enables "
                              "the write API)");
        return 0;
    }
    return sd_request_require(r, SD_SCOPE_ADMIN, ret) == 0;
}

/* ---- Records -------------------------------------------------------------------- */

/* The records of one request, built. */
typedef struct batch {
    json_t *records;    /* the array of records (a single one wrapped) */
    ix_result *res;     /* one per record */
    size_t n;
    json_t *answer;     /* {"written", "errors", "results": [...]} */
} batch;

static void batch_free(batch *b)
{
    for (size_t i = 0; b->res && i < b->n; i++)
        ix_result_clear(&b->res[i]);
    free(b->res);
    json_decref(b->records);
    json_decref(b->answer);
}

/* Reads the body into b->records: an object or an array of objects. */
static int read_body(const sd_request *r, int single, batch *b, tr_error *err)
{
    if (!r->body || !r->body_len)
        return tr_error_set(err, TR_EINVAL, single ? "send the document as a JSON object"
                                                   : "send a JSON object or an array of them");
    if (memchr(r->body, '\0', r->body_len))
        return tr_error_set(err, TR_EINVAL, "the body holds a NUL byte");
    if (!vn_utf8_valid(r->body, r->body_len))
        return tr_error_set(err, TR_EINVAL, "the body is not valid UTF-8");
    json_error_t jerr;
    json_t *root = json_loadb(r->body, r->body_len, 0, &jerr);
    if (!root) {
        char *near = strstr(jerr.text, " near "); /* document text: not echoed */
        if (near)
            *near = '\0';
        return tr_error_set(err, TR_EINVAL, "invalid JSON: %s at line %d, column %d", jerr.text,
                            jerr.line, jerr.column);
    }
    if (json_is_object(root)) {
        b->records = json_array();
        if (!b->records || json_array_append_new(b->records, root) != 0) {
            json_decref(root);
            return tr_error_set(err, TR_ENOMEM, "out of memory");
        }
    } else if (json_is_array(root) && !single) {
        b->records = root;
    } else {
        json_decref(root);
        return tr_error_set(err, TR_EINVAL, single ? "send the document as a JSON object"
                                                   : "send a JSON object or an array of them");
    }
    b->n = json_array_size(b->records);
    if (b->n == 0)
        return tr_error_set(err, TR_EINVAL, "the array holds no record");
    if (b->n > SD_WRITE_RECORDS_MAX)
        return tr_error_set(err, TR_ELIMIT, "at most %d records per request",
                            SD_WRITE_RECORDS_MAX);
    b->res = calloc(b->n, sizeof *b->res);
    return b->res ? 0 : tr_error_set(err, TR_ENOMEM, "out of memory");
}

/* Builds every record, as tracuu-index would (batch.h); a bad one gets its reason.
 * Fails only when the analysis itself does (out of memory, ICU). */
static int build_all(batch *b, tr_error *err)
{
    vn_analyzer *a = vn_analyzer_new(err);
    if (!a)
        return err->code;
    int rc = 0;
    for (size_t i = 0; rc == 0 && i < b->n; i++) {
        json_t *rec = json_array_get(b->records, i);
        ix_result *res = &b->res[i];
        if (!json_is_object(rec)) {
            res->kind = IX_RESULT_SKIP;
            tr_error_set(&res->why, TR_EINVAL, "not a JSON object");
            continue;
        }
        rc = ix_batch_json(a, json_incref(rec), IX_DEFAULT_TYPE, res);
        if (rc == TR_EINVAL || rc == TR_ELIMIT)
            rc = 0; /* a bad record: reported */
        else if (rc)
            tr_error_set(err, rc, "%s", res->why.message);
    }
    vn_analyzer_free(a);
    return rc;
}

/* The record's id as sent, for the answer and the audit log; NULL when it has none. */
static const char *record_id(const batch *b, size_t i)
{
    return json_string_value(json_object_get(json_array_get(b->records, i), "id"));
}

/* Writes the built records in one transaction; fills b->answer. */
static int write_all(const sd_request *r, batch *b, size_t *written, tr_error *err)
{
    sd_write_op *ops = calloc(b->n, sizeof *ops);
    if (!ops)
        return tr_error_set(err, TR_ENOMEM, "out of memory");
    size_t n = 0;
    for (size_t i = 0; i < b->n; i++)
        if (b->res[i].kind == IX_RESULT_DOC)
            ops[n++] = (sd_write_op){b->res[i].idterm, b->res[i].idterm_len, b->res[i].doc, 0};
    int rc = n ? sd_writer_apply(r->writer, ops, n, err) : 0;
    free(ops);
    if (rc)
        return rc;
    *written = n;
    json_t *results = json_array();
    b->answer = json_pack("{s:I, s:I, s:o}", "written", (json_int_t)n, "errors",
                          (json_int_t)(b->n - n), "results", results);
    if (!b->answer)
        return tr_error_set(err, TR_ENOMEM, "out of memory");
    for (size_t i = 0; i < b->n; i++) {
        const ix_result *res = &b->res[i];
        const char *id = record_id(b, i);
        json_t *one = json_pack("{s:I, s:s?}", "index", (json_int_t)i, "id", id);
        if (!one || json_array_append_new(results, one) != 0)
            return tr_error_set(err, TR_ENOMEM, "out of memory");
        if (res->kind == IX_RESULT_DOC) {
            json_object_set_new(one, "status", json_string("written"));
            if (res->bounds.truncated || res->bounds.stored_part)
                json_object_set_new(one, "truncated", json_true());
            sd_audit(r, "write", id);
        } else {
            json_object_set_new(one, "status", json_string("skipped"));
            json_object_set_new(one, "error", json_string(res->why.message));
        }
    }
    return 0;
}

/* A failure of the write itself: 503 with Retry-After while another writer holds
 * the index, the engine's status otherwise. */
static enum MHD_Result reply_write_failure(const sd_request *r, const tr_error *err)
{
    if (err->code == TR_EUNAVAILABLE)
        return sd_reply_busy(r->conn, err->message);
    return sd_reply_failure(r, err);
}

/* Reads, builds and writes the records of the body; answers with the results. */
static enum MHD_Result write_records(const sd_request *r, batch *b, int single)
{
    tr_error err = {0};
    size_t written = 0;
    int rc = build_all(b, &err);
    if (rc == 0)
        rc = write_all(r, b, &written, &err);
    if (rc)
        return reply_write_failure(r, &err);
    if (single && !written)
        return sd_reply_error(r->conn, MHD_HTTP_BAD_REQUEST, b->res[0].why.message);
    if (!written)
        json_object_set_new(b->answer, "error", json_string("no record could be written"));
    unsigned status = written == b->n ? MHD_HTTP_OK
                      : written       ? MHD_HTTP_MULTI_STATUS
                                      : MHD_HTTP_BAD_REQUEST;
    return sd_reply_json(r->conn, status, b->answer);
}

/* The one document of a PUT, named by its path; a body that names another is a mistake. */
static enum MHD_Result put_one(const sd_request *r, batch *b)
{
    json_t *rec = json_array_get(b->records, 0);
    json_t *id = json_object_get(rec, "id");
    if (id && !(json_is_string(id) && strcmp(json_string_value(id), r->rest) == 0))
        return sd_reply_error(r->conn, MHD_HTTP_BAD_REQUEST,
                              "the id in the body is not the id in the path");
    if (json_object_set_new(rec, "id", json_string(r->rest)) != 0)
        return sd_reply_error(r->conn, MHD_HTTP_BAD_REQUEST, "the id is not valid UTF-8");
    return write_records(r, b, 1);
}

/* POST (single 0) and PUT (single 1) differ only in what the body may hold. Too many
 * records is 413; only a POST can send them. */
static enum MHD_Result write_body(const sd_request *r, int single)
{
    enum MHD_Result ret;
    if (!may_write(r, &ret))
        return ret;
    if (single && !*r->rest)
        return sd_reply_error(r->conn, MHD_HTTP_BAD_REQUEST, "no id in the path");
    batch b = {0};
    tr_error err = {0};
    if (read_body(r, single, &b, &err))
        ret = err.code == TR_ELIMIT
                  ? sd_reply_error(r->conn, MHD_HTTP_CONTENT_TOO_LARGE, err.message)
                  : sd_reply_failure(r, &err);
    else
        ret = single ? put_one(r, &b) : write_records(r, &b, 0);
    batch_free(&b);
    return ret;
}

enum MHD_Result sd_api_documents_post(const sd_request *r)
{
    return write_body(r, 0);
}

enum MHD_Result sd_api_document_put(const sd_request *r)
{
    return write_body(r, 1);
}

enum MHD_Result sd_api_document_delete(const sd_request *r)
{
    enum MHD_Result ret;
    if (!may_write(r, &ret))
        return ret;
    char term[IX_ID_MAX + 8];
    size_t len = ix_document_idterm(term, sizeof term, r->rest, strlen(r->rest));
    if (!*r->rest || !len)
        return sd_reply_error(r->conn, MHD_HTTP_BAD_REQUEST,
                              !*r->rest ? "no id in the path" : "the id is too long");
    sd_write_op op = {term, len, NULL, 0};
    tr_error err = {0};
    if (sd_writer_apply(r->writer, &op, 1, &err))
        return reply_write_failure(r, &err);
    if (!op.found)
        return sd_reply_error(r->conn, MHD_HTTP_NOT_FOUND, "no such document");
    sd_audit(r, "delete", r->rest);
    json_t *out = json_pack("{s:s, s:s}", "id", r->rest, "status", "deleted");
    ret = sd_reply_json(r->conn, MHD_HTTP_OK, out);
    json_decref(out);
    return ret;
}

/* ---- Files ---------------------------------------------------------------------- */

/* The form fields an uploaded file's document may take (the rest come from the
 * file): the corpus format's metadata. */
static const char *const file_fields[] = {"id", "title", "type", "date", "access", "source",
                                          "author", "description", "doc_number", NULL};
static const ex_format file_formats[] = {EX_PDF, EX_DOCX, EX_ODT, EX_DOC, EX_HTML, EX_NONE};

/* The metadata of the form as a JSON object of its non-empty fields; the id, when
 * the form gives none, is the file's name. NULL with the error filled. */
static json_t *file_metadata(const sd_form *f, tr_error *err)
{
    json_t *meta = json_object();
    for (size_t i = 0; meta && i < f->nfields; i++) {
        const sd_form_field *field = &f->fields[i];
        size_t k = 0;
        while (file_fields[k] && strcmp(file_fields[k], field->name) != 0)
            k++;
        if (strcmp(field->name, "csrf") == 0) /* a signed-in page's token (auth.h) */
            continue;
        if (!file_fields[k]) {
            json_decref(meta);
            tr_error_set(err, TR_EINVAL, "unknown form field: the fields are file, id, title, "
                                         "type, date, access, source, author, description "
                                         "and doc_number");
            return NULL;
        }
        if (field->len && json_object_set_new(meta, field->name, json_string(field->value))) {
            json_decref(meta);
            meta = NULL;
        }
    }
    if (meta && !json_object_get(meta, "id") &&
        json_object_set_new(meta, "id", json_string(f->file_name)) != 0) {
        json_decref(meta);
        meta = NULL;
    }
    if (!meta)
        tr_error_set(err, TR_ENOMEM, "out of memory");
    return meta;
}

typedef struct file_job {
    const json_t *meta;
    ix_result res;
    tr_error err;
} file_job;

static int index_file(void *ctx, const char *path)
{
    file_job *job = ctx;
    ex_limits limits;
    ex_limits_init(&limits);
    vn_analyzer *a = vn_analyzer_new(&job->err);
    if (!a)
        return job->err.code;
    int rc = ix_batch_file(a, path, &limits, job->meta, IX_DEFAULT_TYPE, &job->res);
    vn_analyzer_free(a);
    if (rc)
        tr_error_set(&job->err, rc, "%s", job->res.why.message);
    return rc;
}

enum MHD_Result sd_api_files_post(const sd_request *r)
{
    enum MHD_Result ret;
    if (!may_write(r, &ret))
        return ret;
    sd_form f;
    file_job job = {0};
    int rc = sd_form_read(r->conn, r->body, r->body_len, &f, &job.err);
    ex_format format = EX_NONE;
    if (rc == 0 && (!f.file_field || strcmp(f.file_field, "file") != 0))
        rc = tr_error_set(&job.err, TR_EINVAL, "send the document as the form's field \"file\"");
    if (rc == 0 && (format = sd_upload_format(&f, file_formats)) == EX_NONE)
        rc = tr_error_set(&job.err, TR_EINVAL, "the file must be PDF, DOCX, ODT, DOC or HTML "
                                               "(by its name's ending)");
    json_t *meta = rc == 0 ? file_metadata(&f, &job.err) : NULL;
    if (meta) {
        job.meta = meta;
        rc = sd_upload_with_file(&f, format, index_file, &job, &job.err);
        sd_audit(r, "upload", f.file_name);
    } else if (rc == 0) {
        rc = job.err.code;
    }
    sd_write_op op = {job.res.idterm, job.res.idterm_len, job.res.doc, 0};
    if (rc == 0 && (rc = sd_writer_apply(r->writer, &op, 1, &job.err)) != 0) {
        ret = reply_write_failure(r, &job.err);
    } else if (rc) {
        ret = sd_reply_failure(r, &job.err);
    } else {
        const char *id = json_string_value(json_object_get(meta, "id"));
        sd_audit(r, "write", id);
        json_t *out = json_pack("{s:s, s:s, s:s, s:b}", "id", id, "status", "written", "format",
                                ex_format_name(format), "truncated",
                                job.res.bounds.truncated || job.res.bounds.stored_part);
        ret = sd_reply_json(r->conn, MHD_HTTP_OK, out);
        json_decref(out);
    }
    ix_result_clear(&job.res);
    json_decref(meta);
    sd_form_free(&f);
    return ret;
}
