/* tracuu-dupcheck: does a proposal repeat a document on file?
 *
 * Argument parsing, setting up the engine as tracuu-searchd does, and the exit
 * status; the check is searchd's own (similar.h), reading and writing is input.c,
 * batch.c and report.c.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "batch.h"
#include "input.h"
#include "report.h"
#include "similar.h"

#ifndef TRACUU_DATA_DIR
#define TRACUU_DATA_DIR "data"
#endif

#define INPUT_MAX (2 * SE_SIMILAR_TEXT_MAX + 4096)
#define BATCH_MAX (256 * 1024 * 1024)

static void usage(FILE *f)
{
    fputs("usage: tracuu-dupcheck --db DIR [--type TYPE] [--limit N] [--json] [FILE|-]\n"
          "       tracuu-dupcheck --db DIR --batch FILE.csv --out PREFIX [--type TYPE]\n"
          "                       [--limit N]\n"
          "\n"
          "Checks whether a proposal repeats a document of the index in DIR and prints the\n"
          "most similar ones with a score (0 to 1) and a verdict: duplicate, related or\n"
          "distinct (docs/similar.md).\n"
          "  FILE           the proposal (standard input when absent or -): plain text whose\n"
          "                 first line is the title, JSON {\"title\", \"text\"}, or a CSV header\n"
          "                 and one row in the task-record format\n"
          "  --type TYPE    compare with documents of this type (default task; all: every one)\n"
          "  --limit N      at most N candidates, 1 to 50 (default 10; 5 with --batch)\n"
          "  --json         print the answer as JSON, as POST /api/similar gives it\n"
          "  --batch FILE   check every row of a CSV in the task-record format, against the\n"
          "                 index and against each other; writes PREFIX.csv and PREFIX.html\n"
          "  --out PREFIX   where --batch writes its report\n"
          "  --data DIR     where abbreviations.tsv and synonyms.tsv are (default " TRACUU_DATA_DIR
          ")\n"
          "  --synonyms FILE your own synonyms, instead of DIR/synonyms.tsv\n"
          "Exit status: 0 when no duplicate was found, 1 when one was, 2 on an error.\n",
          f);
}

typedef struct options {
    const char *db, *type, *batch, *out, *data, *synonyms, *input;
    unsigned limit;
    int json;
} options;

static int parse_args(int argc, char **argv, options *o)
{
    for (int i = 1; i < argc; i++) {
        const char *a = argv[i];
        const char *v = i + 1 < argc ? argv[i + 1] : NULL;
        if (strcmp(a, "--help") == 0 || strcmp(a, "-h") == 0) {
            usage(stdout);
            exit(0);
        } else if (strcmp(a, "--json") == 0) {
            o->json = 1;
            continue;
        } else if (a[0] != '-' || strcmp(a, "-") == 0) {
            if (o->input) {
                fprintf(stderr, "tracuu-dupcheck: one proposal at a time (or --batch)\n");
                return -1;
            }
            o->input = a;
            continue;
        } else if (!v) {
            fprintf(stderr, "tracuu-dupcheck: %s needs a value (see --help)\n", a);
            return -1;
        } else if (strcmp(a, "--db") == 0) {
            o->db = v;
        } else if (strcmp(a, "--type") == 0) {
            o->type = v;
        } else if (strcmp(a, "--batch") == 0) {
            o->batch = v;
        } else if (strcmp(a, "--out") == 0) {
            o->out = v;
        } else if (strcmp(a, "--data") == 0) {
            o->data = v;
        } else if (strcmp(a, "--synonyms") == 0) {
            o->synonyms = v;
        } else if (strcmp(a, "--limit") == 0) {
            char *end;
            unsigned long n = strtoul(v, &end, 10);
            if (*end || !*v || v[0] == '-' || n < 1 || n > SE_SIMILAR_LIMIT_MAX) {
                fprintf(stderr, "tracuu-dupcheck: --limit must be a number from 1 to %d\n",
                        SE_SIMILAR_LIMIT_MAX);
                return -1;
            }
            o->limit = (unsigned)n;
        } else {
            fprintf(stderr, "tracuu-dupcheck: unknown option %s (see --help)\n", a);
            return -1;
        }
        i++;
    }
    if (!o->db || (o->batch && !o->out) || (o->out && !o->batch) || (o->batch && o->input)) {
        usage(stderr);
        return -1;
    }
    return 0;
}

static int check_one(se_engine *e, const options *o, tr_error *err)
{
    char *data = NULL;
    size_t len = 0;
    dc_proposal p = {0};
    json_t *answer = NULL;
    int rc = dc_read_file(o->input ? o->input : "-", INPUT_MAX, &data, &len, err);
    if (!rc)
        rc = dc_proposal_parse(data, len, &p, err);
    free(data);
    if (!rc) {
        se_similar_params sp = {p.title, strlen(p.title), p.text, strlen(p.text), o->type,
                                o->limit};
        rc = se_similar(e, &sp, &answer, err);
    }
    dc_proposal_clear(&p);
    if (rc)
        return rc;
    int dup = 0;
    size_t i;
    json_t *hit;
    json_array_foreach(json_object_get(answer, "hits"), i, hit)
        dup |= strcmp(json_string_value(json_object_get(hit, "verdict")), "duplicate") == 0;
    if (o->json) {
        json_object_del(answer, "took_ms"); /* the same input prints the same output */
        rc = json_dumpf(answer, stdout, JSON_INDENT(2) | JSON_REAL_PRECISION(6)) ||
             fputc('\n', stdout) == EOF;
    } else {
        rc = dc_print_table(stdout, answer);
    }
    json_decref(answer);
    if (rc)
        return tr_error_set(err, TR_EIO, "cannot write the answer");
    return dup ? -1 : 0;
}

static int write_report(const char *path, int (*fn)(FILE *, const dc_batch *),
                        const dc_batch *b, tr_error *err)
{
    FILE *f = fopen(path, "wb");
    if (!f)
        return tr_error_set(err, TR_EIO, "cannot write %s", path);
    int rc = fn(f, b);
    if (fclose(f) != 0 || rc)
        return tr_error_set(err, TR_EIO, "cannot write %s", path);
    return 0;
}

static int check_batch(se_engine *e, const options *o, tr_error *err)
{
    char *data = NULL;
    size_t len = 0;
    dc_batch b = {0};
    int rc = dc_read_file(o->batch, BATCH_MAX, &data, &len, err);
    if (!rc)
        rc = dc_proposals_from_csv(data, len, &b.props, err);
    free(data);
    if (!rc)
        rc = dc_batch_run(e, &b, o->type, o->limit ? o->limit : 5, err);
    size_t plen = strlen(o->out);
    char *path = malloc(plen + 6);
    if (!rc && !path)
        rc = tr_error_set(err, TR_ENOMEM, "out of memory");
    if (!rc) {
        snprintf(path, plen + 6, "%s.csv", o->out);
        rc = write_report(path, dc_write_csv, &b, err);
    }
    if (!rc) {
        snprintf(path, plen + 6, "%s.html", o->out);
        rc = write_report(path, dc_write_html, &b, err);
    }
    if (!rc)
        fprintf(stderr, "tracuu-dupcheck: %zu proposals, %zu with a duplicate; wrote %s.csv and "
                        "%s.html\n",
                b.props.n, dc_batch_duplicates(&b), o->out, o->out);
    int dup = !rc && dc_batch_duplicates(&b) > 0;
    free(path);
    dc_batch_clear(&b);
    return rc ? rc : dup ? -1 : 0;
}

int main(int argc, char **argv)
{
    options o = {0};
    if (parse_args(argc, argv, &o))
        return 2;
    tr_error err = {0};
    const char *data = o.data ? o.data : TRACUU_DATA_DIR;
    se_syn *syn = se_syn_open(data, o.data != NULL, o.synonyms, &err);
    se_engine e = {.weights = se_weights_default, .syn = syn};
    if (syn)
        e.pool = se_pool_new(o.db, &err);
    if (!syn || !e.pool) {
        fprintf(stderr, "tracuu-dupcheck: %s\n", err.message);
        se_syn_free(syn);
        return 2;
    }
    e.lexicons = se_lexicon_cache_new();
    int rc = o.batch ? check_batch(&e, &o, &err) : check_one(&e, &o, &err);
    if (rc > 0)
        fprintf(stderr, "tracuu-dupcheck: %s\n", err.message);
    se_pool_free(e.pool);
    se_lexicon_cache_free(e.lexicons);
    se_syn_free(syn);
    return rc > 0 ? 2 : rc < 0 ? 1 : 0;
}
