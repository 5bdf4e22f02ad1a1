/* indexer: see indexer.h. Everything that touches a plain database happens on the
 * caller's thread, here; a sharded one is handed to the writer threads of shards.c. */
#include "indexer.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "bulk.h"
#include "document.h"
#include "pipeline.h"
#include "record.h"
#include "shards.h"
#include "tr_dir.h"
#include "vn_terms.h"
#include "walk.h"
#include "xc.h"

#define STR_(x) #x
#define STR(x) STR_(x)
#define SCHEMA_VERSION STR(VN_SCHEMA_VERSION)
/* Beyond this many reports from one file, it is surely not the file meant. */
#define REPORTS_PER_FILE 100

typedef struct run {
    const ix_options *opt;
    FILE *log;
    ix_stats *st;
    xc_wdb *db;
    ix_shards *shards;             /* instead of db, for a sharded database */
    ix_bulk *bulk;                 /* instead of db, for a new database (bulk.h) */
    int in_txn;
    size_t pending, pending_bytes; /* documents and text in the open transaction */
    uint64_t handed;               /* sharded: documents of ended batches, for progress */
    const char *report_file;       /* the file the last reports were about */
    uint64_t reports;
    const char *conv_file;         /* the file `conv` counts documents of */
    uint64_t conv[VN_ENC_AUTO][2]; /* converted, by encoding and by mojibake or not */
    ix_progress progress;
} run;

void ix_options_init(ix_options *opt)
{
    memset(opt, 0, sizeof *opt);
    opt->type = IX_DEFAULT_TYPE;
    opt->batch = IX_BATCH_DEFAULT;
    opt->batch_bytes = IX_BATCH_BYTES_DEFAULT;
    opt->max_record = IX_MAX_RECORD_DEFAULT;
    opt->progress = -1;
    opt->encoding = VN_ENC_AUTO;
}

int ix_exit_status(int rc, const ix_stats *st)
{
    if (rc)
        return 2;
    return st && st->skipped ? 1 : 0;
}

static const char *display_name(const char *path)
{
    return strcmp(path, "-") == 0 ? "stdin" : path;
}

static void report_skip(run *r, const ix_result *res)
{
    r->st->skipped++;
    if (res->file != r->report_file) {
        r->report_file = res->file;
        r->reports = 0;
    }
    if (++r->reports > REPORTS_PER_FILE) {
        if (r->reports == REPORTS_PER_FILE + 1)
            fprintf(r->log, "%s: more skipped records, not shown\n", display_name(res->file));
        return;
    }
    ix_progress_end(&r->progress);
    if (res->lineno)
        fprintf(r->log, "%s:%llu: skipped: %s\n", display_name(res->file),
                (unsigned long long)res->lineno, res->why.message);
    else
        fprintf(r->log, "%s: skipped: %s\n", display_name(res->file), res->why.message);
}

/* The files of folders that were passed over (walk.h), one line each. */
static void report_walk_skips(run *r, const ix_inputs *in)
{
    for (size_t i = 0; i < in->nskips; i++)
        fprintf(r->log, "%s: skipped: %s\n", in->skips[i].path, in->skips[i].why);
    r->st->skipped += in->nskips;
}

/* A document past its bounds (document.h) is indexed as far as it got, or stored
 * in part: say so, or a search for its later words would fail with no word of why. */
static void report_truncated(run *r, const ix_result *res)
{
    const ix_document_bounds *b = &res->bounds;
    if (res->kind != IX_RESULT_DOC || (!b->truncated && !b->stored_part))
        return;
    r->st->truncated++;
    ix_progress_end(&r->progress);
    fprintf(r->log, "%s", display_name(res->file));
    if (res->lineno)
        fprintf(r->log, ":%llu", (unsigned long long)res->lineno);
    fprintf(r->log, ": truncated:");
    if (b->truncated)
        fprintf(r->log, " more than %zu distinct terms or %zu terms in all, the rest of its "
                        "text is not searchable%s",
                b->max_distinct, b->max_terms_added, b->stored_part ? ";" : "");
    if (b->stored_part)
        fprintf(r->log, " its body is over %u MB, the first %u MB are stored and shown",
                IX_DOC_STORE_BYTES >> 20, IX_DOC_STORE_BYTES >> 20);
    fputc('\n', r->log);
}

/* One line per file that had documents in a legacy encoding, when the next file
 * starts: a line per record would drown the skip reports. */
static void report_conversions(run *r)
{
    char line[256] = "";
    size_t n = 0;
    for (int e = VN_ENC_TCVN3; e < VN_ENC_AUTO; e++)
        for (int m = 0; m < 2 && n < sizeof line; m++)
            if (r->conv[e][m])
                n += (size_t)snprintf(line + n, sizeof line - n, "%s%llu from %s%s",
                                      n ? ", " : "", (unsigned long long)r->conv[e][m],
                                      vn_legacy_name((vn_encoding)e),
                                      m ? " (Windows-1252 mojibake)" : "");
    if (n) {
        ix_progress_end(&r->progress);
        fprintf(r->log, "%s: converted to Unicode: %s\n", display_name(r->conv_file), line);
    }
    memset(r->conv, 0, sizeof r->conv);
    r->conv_file = NULL;
}

static void count_conversion(run *r, const ix_result *res)
{
    if (res->file != r->conv_file) {
        report_conversions(r);
        r->conv_file = res->file;
    }
    if (res->kind == IX_RESULT_DOC && res->converted > VN_ENC_UTF8 &&
        res->converted < VN_ENC_AUTO) {
        r->conv[res->converted][!!(res->converted_flags & VN_LEGACY_MOJIBAKE)]++;
        r->st->converted++;
    }
}

static int begin(run *r, tr_error *err)
{
    if (r->in_txn)
        return 0;
    if (r->shards || r->bulk) { /* shards begin their own; a new database has none */
        r->in_txn = 1;
        return 0;
    }
    int rc = xc_wdb_begin(r->db, err);
    if (rc == 0)
        r->in_txn = 1;
    return rc;
}

static int commit(run *r, tr_error *err)
{
    if (!r->in_txn)
        return 0;
    if (r->shards || r->bulk) { /* counted as indexed at the end */
        r->in_txn = 0;
        r->handed += r->pending;
        r->pending = r->pending_bytes = 0;
        return r->shards ? ix_shards_commit(r->shards, err) : 0;
    }
    int rc = xc_wdb_commit(r->db, err);
    r->in_txn = 0;
    if (rc == 0)
        r->st->indexed += r->pending;
    r->pending = r->pending_bytes = 0;
    return rc;
}

/* What the deletions since the last commit did, said once that commit is known to
 * have held (or not): a deletion that was not committed did not happen. */
static void report_deletes(run *r, size_t from, size_t to, const unsigned char *found,
                           int committed)
{
    for (size_t i = from; i < to; i++) {
        if (committed)
            r->st->deleted += found[i];
        fprintf(r->log, "tracuu-index: delete %s: %s\n", r->opt->deletes[i],
                !committed  ? "not deleted (its transaction was not committed)"
                : found[i] ? "deleted"
                            : "no such document");
    }
}

/* The first transaction: the schema version, then the deletions, committed before
 * any document is read, so that a deleted id given again in PATH comes back. */
static int prepare(run *r, tr_error *err)
{
    const ix_options *opt = r->opt;
    int rc = begin(r, err);
    /* Version 2 promises that every document carries the entity value, so only an
     * empty database may claim it: one written by an older indexer keeps its
     * version until it is rebuilt. */
    uint64_t have = 0;
    if (rc == 0 && !r->bulk)
        rc = r->shards ? ix_shards_doccount(r->shards, &have, err)
                       : xc_wdb_doccount(r->db, &have, err);
    if (rc == 0 && r->bulk)
        rc = ix_bulk_set_metadata(r->bulk, VN_SCHEMA_KEY, SCHEMA_VERSION,
                                  strlen(SCHEMA_VERSION), err);
    else if (rc == 0 && have == 0 && r->shards)
        rc = ix_shards_set_metadata(r->shards, VN_SCHEMA_KEY, SCHEMA_VERSION,
                                    strlen(SCHEMA_VERSION), err);
    else if (rc == 0 && have == 0)
        rc = xc_wdb_set_metadata(r->db, VN_SCHEMA_KEY, SCHEMA_VERSION, strlen(SCHEMA_VERSION), err);
    unsigned char *found = opt->n_deletes ? calloc(opt->n_deletes, 1) : NULL;
    if (rc == 0 && opt->n_deletes && !found)
        rc = tr_error_set(err, TR_ENOMEM, "out of memory");
    size_t done = 0, i = 0; /* deletions before `done` are committed and reported */
    for (; rc == 0 && i < opt->n_deletes; i++) {
        char term[IX_ID_MAX + 8];
        const char *id = opt->deletes[i];
        size_t len = ix_document_idterm(term, sizeof term, id, strlen(id));
        int deleted = 0;
        if (len && r->shards)
            rc = ix_shards_delete(r->shards, term, len, &deleted, err);
        else if (len && !r->bulk) /* a new database holds nothing to delete */
            rc = xc_wdb_delete(r->db, term, len, &deleted, err);
        if (rc)
            break;
        found[i] = deleted != 0;
        /* A sync may delete a whole folder's worth: batches, as documents. */
        if ((i + 1) % opt->batch == 0) {
            rc = commit(r, err);
            report_deletes(r, done, i + 1, found, rc == 0);
            done = i + 1;
            if (rc == 0)
                rc = begin(r, err);
        }
    }
    if (rc == 0)
        rc = commit(r, err);
    report_deletes(r, done, rc ? opt->n_deletes : i, found, rc == 0);
    free(found);
    return rc;
}

static int write_doc(run *r, ix_result *res, tr_error *err)
{
    int rc = begin(r, err);
    if (rc == 0 && r->shards) {
        xc_doc *doc = res->doc; /* the shard's writer frees it */
        res->doc = NULL;
        rc = ix_shards_replace(r->shards, res->idterm, res->idterm_len, doc, err);
    } else if (rc == 0 && r->bulk) {
        rc = ix_bulk_add(r->bulk, res->idterm, res->idterm_len, res->doc, err);
    } else if (rc == 0) {
        rc = xc_wdb_replace(r->db, res->idterm, res->idterm_len, res->doc, NULL, err);
    }
    if (rc)
        return rc;
    r->pending++;
    r->pending_bytes += res->text_bytes;
    if (r->pending >= r->opt->batch || r->pending_bytes >= r->opt->batch_bytes)
        return commit(r, err);
    return 0;
}

static unsigned worker_count(const ix_options *opt)
{
    if (opt->threads)
        return opt->threads;
    long n = sysconf(_SC_NPROCESSORS_ONLN);
    return n < 1 ? 1 : n > 8 ? 8 : (unsigned)n;
}

/* Feeds the pipeline's results to the database until the end or a fatal error. */
static int index_inputs(run *r, const ix_inputs *inputs, tr_error *err)
{
    ix_pipeline_config cfg = {
        .inputs = inputs,
        .default_type = r->opt->type,
        .default_access = r->opt->access,
        .max_record = r->opt->max_record,
        .workers = worker_count(r->opt),
        .encoding = r->opt->encoding,
        .ocr = r->opt->ocr,
        .extract_seconds = r->opt->extract_seconds,
        .extract_memory = r->opt->extract_memory,
        .xapian_docs = r->bulk == NULL,
    };
    ix_pipeline *p = ix_pipeline_start(&cfg, err);
    if (!p)
        return err && err->code ? err->code : TR_ENOMEM;
    int rc = 0, db_failed = 0;
    for (;;) {
        ix_result res;
        int done;
        rc = ix_pipeline_next(p, &res, &done, err);
        if (rc || done)
            break;
        r->st->bytes += res.text_bytes;
        count_conversion(r, &res);
        report_truncated(r, &res);
        if (res.kind == IX_RESULT_SKIP)
            report_skip(r, &res);
        else
            db_failed = rc = write_doc(r, &res, err);
        ix_result_clear(&res);
        if (rc)
            break;
        ix_progress_update(&r->progress, r->st->indexed + r->handed + r->pending, r->st->bytes,
                           res.disk_done);
    }
    ix_pipeline_free(p);
    report_conversions(r);
    /* After an input failure what is written is sound: keep it. After a database
     * failure the transaction is left open, and closing the database discards it. */
    if (!db_failed) {
        int crc = commit(r, err);
        if (rc == 0)
            rc = crc;
    }
    if (r->shards) {
        int wrc = ix_shards_wait(r->shards, err);
        if (rc == 0)
            rc = wrc;
        r->st->indexed = ix_shards_committed(r->shards);
    }
    return rc;
}

static int check_options(const ix_options *opt, tr_error *err)
{
    if (!opt->db || !*opt->db)
        return tr_error_set(err, TR_EINVAL, "no database given (--db DIR)");
    if (opt->inputs && opt->n_paths)
        return tr_error_set(err, TR_EINVAL, "paths and listed inputs both given");
    if (opt->batch < 1)
        return tr_error_set(err, TR_EINVAL, "the batch size must be at least 1");
    if (opt->max_record < 1)
        return tr_error_set(err, TR_EINVAL, "the record size cap must be at least 1 byte");
    if (!vn_legacy_name(opt->encoding))
        return tr_error_set(err, TR_EINVAL, "invalid encoding");
    if (!opt->type || ix_record_check_type(opt->type, NULL) != 0)
        return tr_error_set(err, TR_EINVAL,
                            "invalid --type: use a short word of letters, digits, '-' or '_'");
    return 0;
}

/* No database yet: `dir` absent or an empty folder. */
/* An index already there is read before it is written: one that cannot be read is
 * named with the next step, not only in Xapian's words, and one of a newer schema is
 * left alone (this program would write documents its readers misread). One of an
 * older schema is updated as it is, and keeps its version: it claims less than its
 * new documents hold, which readers handle (docs/schema.md, Metadata). */
static int check_existing(run *r, tr_error *err)
{
    const char *dir = r->opt->db;
    tr_error local = {0};
    xc_db *db = xc_db_open(dir, &local);
    if (!db && local.code != TR_EDAMAGED)
        return 0; /* no database yet: one is made */
    char *value = NULL;
    size_t len = 0;
    uint64_t docs = 0;
    unsigned version = 1;
    int rc = db ? xc_db_metadata(db, VN_SCHEMA_KEY, &value, &len, &local) : local.code;
    if (rc == 0)
        rc = xc_db_doccount(db, &docs, &local);
    xc_db_free(db);
    if (rc == 0)
        rc = vn_schema_read(value, len, &version, &local);
    free(value);
    if (rc == TR_EDAMAGED)
        tr_error_index_damaged(&local, dir);
    if (rc)
        return tr_error_set(err, rc, "%s%s%s", rc == TR_EDAMAGED ? "" : dir,
                            rc == TR_EDAMAGED ? "" : ": ", local.message);
    if (version > VN_SCHEMA_VERSION)
        return tr_error_set(err, TR_EINVAL,
                            "%s has index schema %u, newer than this tracuu-index writes (%d): "
                            "update it with the tracuu that wrote it, or rebuild it with this "
                            "one into a new folder (docs/operations.md)",
                            dir, version, VN_SCHEMA_VERSION);
    if (docs && vn_schema_lacks(version)) {
        ix_progress_end(&r->progress);
        fprintf(r->log, "tracuu-index: note: %s has index schema %u (this program's is %d) and "
                        "keeps it: %s\n",
                dir, version, VN_SCHEMA_VERSION, vn_schema_lacks(version));
    }
    return 0;
}

/* A sharded database keeps the shard count it was made with (the stub says it):
 * the route of an id depends on it. */
static int open_db(run *r, tr_error *err)
{
    const char *dir = r->opt->db;
    unsigned have = 0, want = r->opt->shards;
    int rc = check_existing(r, err);
    if (rc == 0)
        rc = ix_shards_probe(dir, &have, err);
    if (rc)
        return rc;
    if (have && want && want != have)
        return tr_error_set(err, TR_EINVAL, "%s has %u shards; --shards %u does not match",
                            dir, have, want);
    if (!have && want) {
        char glass[4096];
        snprintf(glass, sizeof glass, "%s/iamglass", dir);
        if (access(glass, F_OK) == 0)
            return tr_error_set(err, TR_EINVAL,
                                "%s is a database of one shard; --shards does not apply", dir);
    }
    if (have || want) {
        r->shards = ix_shards_open(dir, have ? have : want, err);
        return r->shards ? 0 : err->code ? err->code : TR_EXAPIAN;
    }
    if (tr_dir_is_empty(dir) == 1) {
        /* Written by glass/ rather than Xapian's writer, several times faster
         * (docs/performance.md). */
        r->bulk = ix_bulk_open(dir, r->opt->bulk_memory, err);
        return r->bulk ? 0 : err->code ? err->code : TR_EIO;
    }
    r->db = xc_wdb_open(dir, XC_CREATE_OR_OPEN, err);
    tr_error_index_damaged(err, dir);
    return r->db ? 0 : err->code ? err->code : TR_EXAPIAN;
}

/* Whether running the same command again can complete what a failed run left: after
 * a database or system failure (a full disk, a commit that failed, memory), yes; after
 * a setting, an input or an index that is wrong, the next run fails the same way. */
static int again_completes(int rc)
{
    return rc == TR_EXAPIAN || rc == TR_EIO || rc == TR_ENOMEM || rc == TR_EMODIFIED ||
           rc == TR_EUNAVAILABLE;
}

int ix_run(const ix_options *opt, ix_stats *st, tr_error *err)
{
    ix_stats local;
    tr_error lerr = {0};
    if (!st)
        st = &local;
    if (!err)
        err = &lerr;
    memset(st, 0, sizeof *st);
    run r = {.opt = opt, .log = opt->log ? opt->log : stderr, .st = st};
    int show = opt->quiet ? 0 : opt->progress >= 0 ? opt->progress : ix_progress_wanted(r.log);
    ix_progress_init(&r.progress, r.log, show, 0);

    /* Every path is resolved before the database is touched: a mistyped path
     * changes nothing. */
    ix_inputs inputs = {.ocr = opt->ocr, .follow_symlinks = opt->follow_symlinks};
    const ix_inputs *todo = opt->inputs ? opt->inputs : &inputs;
    int rc = check_options(opt, err), opened = 0;
    for (size_t i = 0; rc == 0 && i < opt->n_paths; i++)
        rc = ix_walk(&inputs, opt->paths[i], err);
    if (rc == 0) {
        report_walk_skips(&r, todo);
        int unknown;
        uint64_t total = ix_inputs_size(todo, &unknown);
        r.progress.total_disk = unknown ? 0 : total;
        rc = open_db(&r, err);
        opened = rc == 0;
    }
    if (rc == 0)
        rc = prepare(&r, err);
    if (rc == 0)
        rc = index_inputs(&r, todo, err);
    /* Inside a failed transaction the count would include what is being discarded. */
    if (r.db && !r.in_txn && xc_wdb_doccount(r.db, &st->doccount, NULL) == 0)
        st->doccount_known = 1;
    if (r.shards && !r.in_txn && ix_shards_wait(r.shards, NULL) == 0 &&
        ix_shards_doccount(r.shards, &st->doccount, NULL) == 0)
        st->doccount_known = 1;
    xc_wdb_free(r.db); /* discards an uncommitted transaction */
    ix_shards_free(r.shards);
    if (rc == 0 && r.bulk) {
        ix_progress_end(&r.progress);
        rc = ix_bulk_finish(r.bulk, err);
        st->indexed = ix_bulk_count(r.bulk);
        st->doccount = st->indexed;
        st->doccount_known = rc == 0;
        if (rc)
            st->indexed = 0;
    }
    if (rc && r.bulk)
        fprintf(r.log, "tracuu-index: the new index %s was not written%s\n", opt->db,
                again_completes(rc) ? "; run again to build it" : "");
    ix_bulk_free(r.bulk);
    ix_inputs_clear(&inputs);

    st->seconds = ix_progress_elapsed(&r.progress);
    ix_progress_end(&r.progress);
    if (rc)
        fprintf(r.log, "tracuu-index: error: %s\n", err->message[0] ? err->message
                                                                   : tr_error_name(rc));
    if (rc && opened && !r.bulk && again_completes(rc))
        fprintf(r.log, "tracuu-index: the index holds what was committed before the error; "
                       "run again to complete\n");
    ix_summary_print(r.log, st);
    return rc;
}
