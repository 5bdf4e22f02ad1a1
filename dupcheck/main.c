/* tracuu-dupcheck: does a proposal repeat a document on file?
 *
 * Options, the engine (search/engine.h, as tracuu-searchd opens it) and the exit
 * status; the check is the engine's (similar.h), reading and writing is input.c,
 * batch.c and report.c.
 */
#include <errno.h>
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "batch.h"
#include "engine.h"
#include "input.h"
#include "report.h"
#include "tr_opts.h"
#include "vn_terms.h"


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
          "  --data DIR     where abbreviations.tsv and synonyms.tsv are (default: the\n"
          "                 data folder installed with tracuu, PREFIX/share/tracuu/data)\n"
          "  --synonyms FILE your own synonyms, instead of DIR/synonyms.tsv\n"
          "  --version      print the version and the index schema, and exit\n"
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
    static const struct option longopts[] = {
        {"db", required_argument, NULL, 'd'},     {"type", required_argument, NULL, 't'},
        {"limit", required_argument, NULL, 'l'},  {"json", no_argument, NULL, 'j'},
        {"batch", required_argument, NULL, 'b'},  {"out", required_argument, NULL, 'o'},
        {"data", required_argument, NULL, 'D'},   {"synonyms", required_argument, NULL, 's'},
        {"help", no_argument, NULL, 'h'},         {"version", no_argument, NULL, 'V'},
        {NULL, 0, NULL, 0}};
    int c;
    opterr = 0; /* the messages below name the option as the user typed it */
    while ((c = getopt_long(argc, argv, ":h", longopts, NULL)) != -1) {
        switch (c) {
        case 'd': o->db = optarg; break;
        case 't': o->type = optarg; break;
        case 'j': o->json = 1; break;
        case 'b': o->batch = optarg; break;
        case 'o': o->out = optarg; break;
        case 'D': o->data = optarg; break;
        case 's': o->synonyms = optarg; break;
        case 'l': {
            char *end;
            errno = 0;
            unsigned long n = strtoul(optarg, &end, 10);
            if (errno || *end || !*optarg || optarg[0] == '-' || n < 1 ||
                n > SE_SIMILAR_LIMIT_MAX) {
                fprintf(stderr, "tracuu-dupcheck: --limit must be a number from 1 to %d\n",
                        SE_SIMILAR_LIMIT_MAX);
                return 2;
            }
            o->limit = (unsigned)n;
            break;
        }
        case 'h': usage(stdout); return 0;
        case 'V': tr_opts_version("tracuu-dupcheck", VN_SCHEMA_VERSION); return 0;
        default: {
            char msg[256];
            fprintf(stderr, "tracuu-dupcheck: %s\n",
                    tr_opts_problem(c, argv, optind, msg, sizeof msg));
            return 2;
        }
        }
    }
    if (optind < argc)
        o->input = argv[optind++];
    if (optind < argc) {
        fprintf(stderr, "tracuu-dupcheck: one proposal at a time (or --batch)\n");
        return 2;
    }
    if (!o->db) {
        fputs("tracuu-dupcheck: --db DIR is required\n", stderr);
        usage(stderr);
        return 2;
    }
    if ((o->batch && !o->out) || (o->out && !o->batch) || (o->batch && o->input)) {
        fputs("tracuu-dupcheck: --batch FILE and --out PREFIX go together, without FILE|-\n",
              stderr);
        usage(stderr);
        return 2;
    }
    return -1;
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
                                o->limit, DC_VIEW};
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
    int status = parse_args(argc, argv, &o);
    if (status >= 0)
        return status;
    tr_error err = {0};
    se_config ec = {.dbs = &o.db, .ndb = 1, .data_dir = o.data, .synonyms = o.synonyms};
    se_engine *e = se_engine_open(&ec, &err);
    if (!e) {
        fprintf(stderr, "tracuu-dupcheck: %s\n", err.message);
        return 2;
    }
    int rc = o.batch ? check_batch(e, &o, &err) : check_one(e, &o, &err);
    if (rc > 0)
        fprintf(stderr, "tracuu-dupcheck: %s\n", err.message);
    se_engine_free(e);
    return rc > 0 ? 2 : rc < 0 ? 1 : 0;
}
