/* tracuu-index: builds or updates a tracuu index from JSON Lines and text files.
 * Argument parsing only; the work is ix_run() (indexer.h). */
#include <errno.h>
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "indexer.h"

static const char usage[] =
    "usage: tracuu-index --db DIR [--type TYPE] [--delete ID]... [--batch N] [--quiet]\n"
    "                    [--threads N] [--max-record MIB] [--encoding ENC] [PATH...]\n"
    "\n"
    "Indexes documents into the Xapian database DIR (created when absent).\n"
    "PATH is a JSON Lines file (.jsonl, .jsonl.zst, .jsonl.gz), - for JSON Lines on\n"
    "standard input, a .txt or .md file (one document), or a folder, searched\n"
    "recursively for all of these; or a spreadsheet of records, one per row under a\n"
    "header row (.csv, .csv.gz, .csv.zst, .xlsx; type task unless a type column\n"
    "says otherwise). A document replaces the one with the same id.\n"
    "\n"
    "  --db DIR          the database folder\n"
    "  --type TYPE       type of text files and of records without one (default news)\n"
    "  --delete ID       delete the document ID first (may be repeated)\n"
    "  --batch N         documents per commit (default 2000)\n"
    "  --threads N       analysis threads (default: one per processor)\n"
    "  --max-record MIB  skip records larger than this (default 64)\n"
    "  --encoding ENC    how text is encoded: auto (default: legacy Vietnamese\n"
    "                    encodings are detected), utf-8, tcvn3, vni or viqr\n"
    "  --quiet           no progress display\n"
    "  --help            this text\n"
    "\n"
    "Exit status: 0 all indexed, 1 some records skipped (reported), 2 fatal error.\n";

static int parse_count(const char *s, const char *what, unsigned long max, size_t *out)
{
    char *end;
    errno = 0;
    unsigned long v = strtoul(s, &end, 10);
    if (errno || end == s || *end || *s == '-' || v < 1 || v > max) {
        fprintf(stderr, "tracuu-index: %s must be a number from 1 to %lu\n", what, max);
        return -1;
    }
    *out = v;
    return 0;
}

int main(int argc, char **argv)
{
    static const struct option longopts[] = {
        {"db", required_argument, NULL, 'd'},     {"type", required_argument, NULL, 't'},
        {"delete", required_argument, NULL, 'x'}, {"batch", required_argument, NULL, 'b'},
        {"threads", required_argument, NULL, 'j'},
        {"max-record", required_argument, NULL, 'm'},
        {"encoding", required_argument, NULL, 'e'},
        {"quiet", no_argument, NULL, 'q'},        {"help", no_argument, NULL, 'h'},
        {NULL, 0, NULL, 0}};
    ix_options opt;
    ix_options_init(&opt);
    const char **deletes = calloc((size_t)argc, sizeof *deletes);
    if (!deletes) {
        fputs("tracuu-index: out of memory\n", stderr);
        return 2;
    }
    size_t n = 0;
    int c, status = -1;
    while (status < 0 && (c = getopt_long(argc, argv, "", longopts, NULL)) != -1) {
        switch (c) {
        case 'd': opt.db = optarg; break;
        case 't': opt.type = optarg; break;
        case 'x': deletes[opt.n_deletes++] = optarg; break;
        case 'q': opt.quiet = 1; break;
        case 'b':
            if (parse_count(optarg, "--batch", 100000000ul, &opt.batch))
                status = 2;
            break;
        case 'j':
            if (parse_count(optarg, "--threads", 64, &n))
                status = 2;
            else
                opt.threads = (unsigned)n;
            break;
        case 'm':
            if (parse_count(optarg, "--max-record", 4096, &n))
                status = 2;
            else
                opt.max_record = n << 20;
            break;
        case 'e': {
            tr_error e = {0};
            if (vn_legacy_parse(optarg, &opt.encoding, &e)) {
                fprintf(stderr, "tracuu-index: --encoding: %s\n", e.message);
                status = 2;
            }
            break;
        }
        case 'h': fputs(usage, stdout); status = 0; break;
        default: fputs(usage, stderr); status = 2; break;
        }
    }
    if (status < 0 && !opt.db) {
        fprintf(stderr, "tracuu-index: --db DIR is required\n%s", usage);
        status = 2;
    }
    if (status < 0) {
        opt.deletes = deletes;
        opt.paths = (const char *const *)argv + optind;
        opt.n_paths = (size_t)(argc - optind);
        ix_stats st;
        int rc = ix_run(&opt, &st, NULL);
        status = ix_exit_status(rc, &st);
    }
    free(deletes);
    return status;
}
