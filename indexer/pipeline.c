/* pipeline: see pipeline.h.
 *
 * The ring: slot seq % RING holds record number seq. Three counters only grow:
 * `produced` (the reader filled the slot), `claimed` (a worker took it) and
 * `consumed` (the writer took its result), with consumed <= claimed <= produced and
 * produced - consumed <= RING. Workers finish out of order; the writer waits for the
 * slot at `consumed` to be DONE, which is what keeps the output in input order. One
 * mutex guards the counters and slot states; a slot's contents belong to whoever
 * the state says (reader before READY, one worker while BUSY, the writer at DONE).
 */
#include "pipeline.h"

#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "batch.h"
#include "document.h"
#include "ex.h"
#include "reader.h"
#include "sync.h"
#include "table.h"
#include "vn.h"
#include "vn_terms.h"

#define RING 64
/* Records read but not yet written may hold this many bytes of text (more when a
 * single record is larger), enough to keep the workers busy. */
#define INFLIGHT_MAX ((size_t)256 << 20)

enum { FREE, READY, BUSY, DONE };

typedef enum job_kind {
    JOB_LINE,       /* a JSON Lines record */
    JOB_TEXT,       /* a whole .txt/.md file */
    JOB_FILE,       /* a document file to extract (ex.h), in the worker */
    JOB_TOO_LONG,   /* a record over the size cap, already discarded */
    JOB_READ_ERROR, /* the file could not be read on: rest of it skipped */
    JOB_SKIP,       /* a spreadsheet row found bad, or a file that cannot be read */
    JOB_FATAL       /* out of memory, or a reader failure no file causes */
} job_kind;

typedef struct slot {
    int state;
    job_kind kind;
    const ix_input *input;
    char *text;
    size_t len;
    size_t held;   /* bytes of text counted in `inflight` */
    ix_result res;
} slot;

typedef struct worker {
    ix_pipeline *p;
    vn_analyzer *analyzer;
    pthread_t thread;
    int started;
} worker;

struct ix_pipeline {
    ix_pipeline_config cfg;
    ex_limits limits;
    pthread_mutex_t mu;
    pthread_cond_t can_fill, can_work, can_take;
    slot ring[RING];
    uint64_t produced, claimed, consumed;
    size_t inflight;
    int reader_done, stop, finished;
    pthread_t reader;
    int reader_started;
    worker *workers;
    unsigned nworkers;
};

/* Hands a job to the workers; takes ownership of `text`. Returns nonzero when the
 * pipeline is stopping and the reader should give up. */
static int push(ix_pipeline *p, job_kind kind, const ix_input *in, uint64_t lineno,
                char *text, size_t len, uint64_t disk_done, const tr_error *why)
{
    pthread_mutex_lock(&p->mu);
    while (!p->stop && (p->produced - p->consumed == RING ||
                        (p->inflight > INFLIGHT_MAX && p->produced > p->consumed)))
        pthread_cond_wait(&p->can_fill, &p->mu);
    if (p->stop) {
        pthread_mutex_unlock(&p->mu);
        free(text);
        return 1;
    }
    slot *s = &p->ring[p->produced % RING];
    s->kind = kind;
    s->input = in;
    s->text = text;
    s->len = len;
    s->held = text ? len : 0;
    memset(&s->res, 0, sizeof s->res);
    s->res.file = in->path;
    s->res.lineno = lineno;
    s->res.text_bytes = len;
    s->res.disk_done = disk_done;
    if (why)
        s->res.why = *why;
    s->state = READY;
    p->produced++;
    p->inflight += s->held;
    pthread_cond_signal(&p->can_work);
    pthread_mutex_unlock(&p->mu);
    return 0;
}

/* An input that cannot be opened or read (permission denied, gone since the folder
 * was listed, an I/O error) or a table without a usable header is skipped, and the
 * run goes on: the other files are no less readable for it. Only running out of
 * memory stops the reader. Nonzero when it must stop. */
static int open_failed(ix_pipeline *p, const ix_input *in, uint64_t disk_done, tr_error *e)
{
    job_kind k = e->code == TR_ENOMEM ? JOB_FATAL : JOB_SKIP;
    int stop = push(p, k, in, 0, NULL, 0, disk_done, e);
    return stop || k == JOB_FATAL;
}

/* Reads one JSON Lines input; nonzero when the reader must stop. */
static int read_jsonl(ix_pipeline *p, const ix_input *in, uint64_t disk_base)
{
    tr_error e = {0};
    ix_reader *r = ix_reader_open(in->path, in->format, p->cfg.max_record, &e);
    if (!r)
        return open_failed(p, in, disk_base + in->size, &e);
    int stop = 0;
    while (!stop) {
        ix_line line;
        tr_error_clear(&e);
        int rc = ix_reader_next(r, &line, &e);
        uint64_t disk = disk_base + ix_reader_disk_bytes(r);
        if (rc == TR_EIO) {
            push(p, JOB_READ_ERROR, in, line.lineno, NULL, 0, disk, &e);
            break;
        }
        if (rc) {
            push(p, JOB_FATAL, in, line.lineno, NULL, 0, disk, &e);
            stop = 1;
        } else if (line.status == IX_LINE_EOF) {
            break;
        } else if (line.status == IX_LINE_TOO_LONG) {
            stop = push(p, JOB_TOO_LONG, in, line.lineno, NULL, line.len, disk, NULL);
        } else if (!ix_record_blank(line.text, line.len)) {
            char *copy = malloc(line.len + 1);
            if (!copy) {
                tr_error_set(&e, TR_ENOMEM, "out of memory reading %s", in->path);
                push(p, JOB_FATAL, in, line.lineno, NULL, 0, disk, &e);
                stop = 1;
            } else {
                memcpy(copy, line.text, line.len);
                copy[line.len] = '\0';
                stop = push(p, JOB_LINE, in, line.lineno, copy, line.len, disk, NULL);
            }
        }
    }
    ix_reader_free(r);
    return stop;
}

static int read_text(ix_pipeline *p, const ix_input *in, uint64_t disk_done)
{
    tr_error e = {0};
    char *text;
    size_t len;
    int rc = ix_read_file(in->path, p->cfg.max_record, &text, &len, &e);
    if (rc == TR_ELIMIT)
        return push(p, JOB_TOO_LONG, in, 0, NULL, in->size, disk_done, NULL);
    if (rc)
        return open_failed(p, in, disk_done, &e);
    return push(p, JOB_TEXT, in, 0, text, len, disk_done, NULL);
}

/* Reads a spreadsheet: each row comes as a JSON record (a JOB_LINE, checked like
 * any other) or with the reason it is skipped. A file without a usable header is
 * skipped whole and the run goes on, as a bad record would be. */
static int read_table(ix_pipeline *p, const ix_input *in, uint64_t disk_base)
{
    tr_error e = {0};
    ix_table_kind kind = in->kind == IX_INPUT_XLSX ? IX_TABLE_XLSX : IX_TABLE_CSV;
    ix_table *t = ix_table_open(in->path, kind, in->format, p->cfg.max_record, &e);
    if (!t)
        return open_failed(p, in, disk_base + in->size, &e);
    int stop = 0, eof = 0;
    while (!stop) {
        ix_table_row row;
        tr_error_clear(&e);
        int rc = ix_table_next(t, &row, &eof, &e);
        uint64_t disk = disk_base + ix_table_disk_bytes(t);
        if (rc == TR_EIO || rc == TR_EINVAL) {
            push(p, JOB_READ_ERROR, in, row.number, NULL, 0, disk, &e);
            break;
        }
        if (rc) {
            push(p, JOB_FATAL, in, row.number, NULL, 0, disk, &e);
            stop = 1;
        } else if (eof) {
            break;
        } else if (row.json) {
            stop = push(p, JOB_LINE, in, row.number, row.json, row.len, disk, NULL);
        } else {
            stop = push(p, JOB_SKIP, in, row.number, NULL, 0, disk, &row.why);
        }
    }
    ix_table_free(t);
    return stop;
}

static void *reader_main(void *arg)
{
    ix_pipeline *p = arg;
    const ix_inputs *inputs = p->cfg.inputs;
    uint64_t disk = 0;
    for (size_t i = 0; i < inputs->n; i++) {
        const ix_input *in = &inputs->v[i];
        int stop = in->kind == IX_INPUT_JSONL ? read_jsonl(p, in, disk)
                   : in->kind == IX_INPUT_CSV || in->kind == IX_INPUT_XLSX
                       ? read_table(p, in, disk)
                   : in->kind == IX_INPUT_FILE
                       ? push(p, JOB_FILE, in, 0, NULL, 0, disk + in->size, NULL)
                       : read_text(p, in, disk + in->size);
        if (stop)
            break;
        disk += in->size;
    }
    pthread_mutex_lock(&p->mu);
    p->reader_done = 1;
    pthread_cond_broadcast(&p->can_work);
    pthread_cond_broadcast(&p->can_take);
    pthread_mutex_unlock(&p->mu);
    return NULL;
}

/* A text file in a legacy encoding is made UTF-8 here, in a worker, before it is
 * checked; a file that is not UTF-8 and not found to be legacy is left to fail the
 * check. */
static int decode_text(ix_pipeline *p, slot *s)
{
    char *conv;
    size_t len;
    int rc = vn_legacy_decode(p->cfg.encoding, s->text, s->len, &conv, &len, &s->res.converted,
                              &s->res.converted_flags, &s->res.why);
    if (rc == 0 && conv) {
        free(s->text);
        s->text = conv;
        s->len = len;
    }
    return rc;
}

/* The type of an extracted document: the folder's .tracuu first, then what the
 * text says it is, then --type (batch.h, as for an uploaded file). */
static int choose_type(ix_pipeline *p, const ix_input *in, json_t *root)
{
    return ix_batch_file_type(root, in->folder.type[0] ? in->folder.type : NULL,
                              p->cfg.default_type);
}

/* A folder's date goes to the documents that have none of their own. */
static int folder_date(const ix_input *in, json_t *root)
{
    json_t *date = json_object_get(root, "date");
    if (!in->folder.date[0] || (json_is_string(date) && json_string_length(date) > 0))
        return 0;
    return json_object_set_new(root, "date", json_string(in->folder.date)) != 0 ? TR_ENOMEM
                                                                                : 0;
}

/* Extracts a document file into a record, in the worker. What is wrong with the
 * file (unreadable, damaged, too large or slow, no text) comes back as TR_EINVAL
 * with the reason: a skip. Only what would fail every file (out of memory, no
 * tracuu-extract to run) is another code, which stops the run. */
static int extract_file(ix_pipeline *p, slot *s, ix_record *rec, uint64_t *hash)
{
    const ix_input *in = s->input;
    ix_result *res = &s->res;
    int rc = 0;
    if (in->sync_term)
        rc = ix_hash_file(in->path, hash, &res->why);
    json_t *root = NULL;
    if (rc == 0)
        rc = ex_extract(in->path, &p->limits, &root, &res->why);
    if (rc)
        return rc == TR_ENOMEM || rc == TR_EINTERNAL ? rc : TR_EINVAL;
    if (!vn_utf8_valid(in->id, strlen(in->id))) {
        json_decref(root);
        return tr_error_set(&res->why, TR_EINVAL, "file name is not valid UTF-8");
    }
    if (json_object_set_new(root, "id", json_string(in->id)) != 0 ||
        choose_type(p, in, root) != 0 || folder_date(in, root) != 0) {
        json_decref(root);
        return tr_error_set(&res->why, TR_ENOMEM, "out of memory");
    }
    rc = ix_record_from_json(rec, root, p->cfg.default_type, &res->why);
    if (rc == 0)
        res->text_bytes = rec->title_len + rec->body_len;
    return rc;
}

/* A .txt/.md file: the folder's type instead of --type, and its date. */
static int text_record(ix_pipeline *p, slot *s, ix_record *rec, uint64_t *hash)
{
    const ix_input *in = s->input;
    ix_result *res = &s->res;
    if (in->sync_term)
        *hash = ix_hash_update(IX_HASH_INIT, s->text, s->len);
    int rc = decode_text(p, s);
    const char *type = in->folder.type[0] ? in->folder.type : p->cfg.default_type;
    if (rc == 0)
        rc = ix_record_from_text(rec, in->id, s->text, s->len, in->kind == IX_INPUT_MARKDOWN,
                                 type, &res->why);
    if (rc == 0 && in->folder.date[0]) {
        json_t *root = json_incref(rec->root);
        ix_record_clear(rec);
        if (folder_date(in, root) != 0) {
            json_decref(root);
            return tr_error_set(&res->why, TR_ENOMEM, "out of memory");
        }
        rc = ix_record_from_json(rec, root, type, &res->why);
    }
    return rc;
}

/* What a synced folder needs to find the document again and tell whether its
 * file changed (sync.h). */
static int add_sync(ix_pipeline *p, const ix_input *in, uint64_t hash, xc_doc *doc,
                    tr_error *err)
{
    char state[128];
    size_t len = ix_sync_state(state, sizeof state, in, hash, p->cfg.default_type,
                               p->cfg.default_access, p->cfg.ocr);
    int rc = xc_doc_add_boolean_term(doc, in->sync_term, strlen(in->sync_term), err);
    if (rc == 0)
        rc = xc_doc_set_value(doc, VN_SLOT_SYNC_STATE, state, len, err);
    return rc;
}

/* Turns a job into a document or a reason to skip it; runs without the lock. */
static void process(ix_pipeline *p, vn_analyzer *a, slot *s)
{
    ix_result *res = &s->res;
    ix_record rec;
    uint64_t hash = 0;
    int rc = 0;
    res->kind = IX_RESULT_SKIP;
    switch (s->kind) {
    case JOB_TOO_LONG:
        tr_error_set(&res->why, TR_ELIMIT, "record too large (over %zu bytes)",
                     p->cfg.max_record);
        return;
    case JOB_READ_ERROR:
        /* The reader's message is kept; only the consequence is added. */
        snprintf(res->why.message + strlen(res->why.message),
                 sizeof res->why.message - strlen(res->why.message), "; rest of file skipped");
        return;
    case JOB_FATAL:
    case JOB_SKIP:
        return;
    case JOB_LINE:
        rc = ix_record_parse(&rec, s->text, s->len, p->cfg.default_type, &res->why);
        if (rc == 0)
            rc = ix_record_decode(&rec, p->cfg.encoding, &res->converted,
                                  &res->converted_flags, &res->why);
        break;
    case JOB_TEXT:
        rc = text_record(p, s, &rec, &hash);
        break;
    case JOB_FILE:
        rc = extract_file(p, s, &rec, &hash);
        break;
    }
    free(s->text);
    s->text = NULL;
    if (rc == 0 && (rc = ix_record_default_access(
                        &rec, ix_folder_access(&s->input->folder, p->cfg.default_access),
                        &res->why)))
        ix_record_clear(&rec);
    if (rc == TR_EINVAL)
        return;
    if (rc == 0) {
        rc = ix_batch_build(a, &rec, res);
        ix_record_clear(&rec);
        if (rc == 0 && s->input->sync_term &&
            (rc = add_sync(p, s->input, hash, res->doc, &res->why)) != 0)
            ix_result_clear(res);
        /* Made ready for the writer here, in parallel, rather than by the writer: Xapian's
         * own document, or for a new index (bulk.h) the terms in order. */
        const xc_doc_term *terms;
        size_t nterms;
        if (rc == 0 && (rc = p->cfg.xapian_docs ? xc_doc_prepare(res->doc, &res->why)
                                                : xc_doc_sorted(res->doc, &terms, &nterms,
                                                                &res->why)) != 0)
            ix_result_clear(res);
        if (rc == 0)
            return;
        res->kind = IX_RESULT_SKIP;
    }
    s->kind = JOB_FATAL; /* out of memory or an analyzer failure: no use going on */
}

static void *worker_main(void *arg)
{
    worker *w = arg;
    ix_pipeline *p = w->p;
    pthread_mutex_lock(&p->mu);
    for (;;) {
        while (!p->stop && p->claimed == p->produced && !p->reader_done)
            pthread_cond_wait(&p->can_work, &p->mu);
        if (p->stop || p->claimed == p->produced)
            break;
        slot *s = &p->ring[p->claimed % RING];
        p->claimed++;
        s->state = BUSY;
        pthread_mutex_unlock(&p->mu);
        process(p, w->analyzer, s);
        pthread_mutex_lock(&p->mu);
        s->state = DONE;
        pthread_cond_signal(&p->can_take);
    }
    pthread_mutex_unlock(&p->mu);
    return NULL;
}

ix_pipeline *ix_pipeline_start(const ix_pipeline_config *cfg, tr_error *err)
{
    ix_pipeline *p = calloc(1, sizeof *p);
    if (!p) {
        tr_error_set(err, TR_ENOMEM, "out of memory starting the pipeline");
        return NULL;
    }
    p->cfg = *cfg;
    if (p->cfg.workers < 1)
        p->cfg.workers = 1;
    ex_limits_init(&p->limits);
    p->limits.ocr = cfg->ocr;
    if (cfg->extract_seconds)
        p->limits.seconds = cfg->extract_seconds;
    if (cfg->extract_memory)
        p->limits.memory = cfg->extract_memory;
    pthread_mutex_init(&p->mu, NULL);
    pthread_cond_init(&p->can_fill, NULL);
    pthread_cond_init(&p->can_work, NULL);
    pthread_cond_init(&p->can_take, NULL);
    p->workers = calloc(p->cfg.workers, sizeof *p->workers);
    if (!p->workers) {
        tr_error_set(err, TR_ENOMEM, "out of memory starting the pipeline");
        ix_pipeline_free(p);
        return NULL;
    }
    for (unsigned i = 0; i < p->cfg.workers; i++) {
        worker *w = &p->workers[i];
        w->p = p;
        p->nworkers++;
        if (!(w->analyzer = vn_analyzer_new(err))) {
            ix_pipeline_free(p);
            return NULL;
        }
    }
    for (unsigned i = 0; i < p->nworkers; i++) {
        worker *w = &p->workers[i];
        if (pthread_create(&w->thread, NULL, worker_main, w) != 0) {
            tr_error_set(err, TR_ENOMEM, "cannot start an indexing thread");
            ix_pipeline_free(p);
            return NULL;
        }
        w->started = 1;
    }
    if (pthread_create(&p->reader, NULL, reader_main, p) != 0) {
        tr_error_set(err, TR_ENOMEM, "cannot start the reading thread");
        ix_pipeline_free(p);
        return NULL;
    }
    p->reader_started = 1;
    return p;
}

int ix_pipeline_next(ix_pipeline *p, ix_result *res, int *done, tr_error *err)
{
    memset(res, 0, sizeof *res);
    *done = 0;
    pthread_mutex_lock(&p->mu);
    slot *s = NULL;
    for (;;) {
        if (p->finished || (p->reader_done && p->consumed == p->produced)) {
            *done = 1;
            break;
        }
        if (p->consumed < p->produced && p->ring[p->consumed % RING].state == DONE) {
            s = &p->ring[p->consumed % RING];
            break;
        }
        pthread_cond_wait(&p->can_take, &p->mu);
    }
    int rc = 0;
    if (s) {
        if (s->kind == JOB_FATAL) {
            rc = tr_error_set(err, s->res.why.code ? s->res.why.code : TR_EINTERNAL, "%s",
                              s->res.why.message);
            p->finished = 1;
            *done = 1;
        } else {
            *res = s->res;
            memset(&s->res, 0, sizeof s->res);
            s->state = FREE;
            p->inflight -= s->held;
            p->consumed++;
            pthread_cond_signal(&p->can_fill);
        }
    }
    pthread_mutex_unlock(&p->mu);
    return rc;
}

void ix_result_clear(ix_result *res)
{
    if (!res)
        return;
    xc_doc_free(res->doc);
    res->doc = NULL;
}

void ix_pipeline_free(ix_pipeline *p)
{
    if (!p)
        return;
    pthread_mutex_lock(&p->mu);
    p->stop = 1;
    pthread_cond_broadcast(&p->can_fill);
    pthread_cond_broadcast(&p->can_work);
    pthread_cond_broadcast(&p->can_take);
    pthread_mutex_unlock(&p->mu);
    if (p->reader_started)
        pthread_join(p->reader, NULL);
    for (unsigned i = 0; i < p->nworkers; i++) {
        if (p->workers[i].started)
            pthread_join(p->workers[i].thread, NULL);
        vn_analyzer_free(p->workers[i].analyzer);
    }
    for (size_t i = 0; i < RING; i++) {
        free(p->ring[i].text);
        ix_result_clear(&p->ring[i].res);
    }
    free(p->workers);
    pthread_cond_destroy(&p->can_fill);
    pthread_cond_destroy(&p->can_work);
    pthread_cond_destroy(&p->can_take);
    pthread_mutex_destroy(&p->mu);
    free(p);
}
