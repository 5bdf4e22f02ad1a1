/* tracuu-index: builds or updates a tracuu index from JSON Lines, spreadsheets and
 * the department's document files, keeps it equal to a folder (--sync), or copies it
 * (--backup). Argument parsing only; the work is ix_run() (indexer.h), ix_sync()
 * (sync.h) for --sync, ix_backup() (backup.h) for --backup. */
#include <errno.h>
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "backup.h"
#include "indexer.h"
#include "record.h"
#include "sync.h"
#include "tr_opts.h"
#include "vn_terms.h"

static const char usage[] =
    "usage: tracuu-index --db DIR [--type TYPE] [--access LEVEL] [--delete ID]...\n"
    "                    [--batch N] [--build-memory MIB] [--quiet]\n"
    "                    [--threads N] [--max-record MIB] [--encoding ENC] [--ocr]\n"
    "                    [--extract-timeout SEC] [--extract-memory MIB]\n"
    "                    [PATH... | --sync FOLDER]\n"
    "       tracuu-index --db DIR --backup DEST\n"
    "\n"
    "Indexes documents into the Xapian database DIR (created when absent).\n"
    "PATH is a JSON Lines file (.jsonl, .jsonl.zst, .jsonl.gz), - for JSON Lines on\n"
    "standard input, a document file, or a folder, searched recursively for all of\n"
    "these; or a spreadsheet of records, one per row under a header row (.csv,\n"
    ".csv.gz, .csv.zst, .xlsx; type task unless a type column says otherwise).\n"
    "Document files are one document each, named by their path under the folder\n"
    "given: .txt and .md (titled by their first line), web pages (.html .htm\n"
    ".xhtml), .pdf, .docx, .odt, .doc, and with --ocr images (.png .jpg .jpeg .tif\n"
    ".tiff). A document replaces the one with the same id.\n"
    "\n"
    "A file named .tracuu in a folder sets, for the document files in it and\n"
    "below (the nearest one wins), lines of key = value, # for comments:\n"
    "  type = minutes      their type, whatever their text looks like\n"
    "  date = 2024-03-15   the date of those that give none\n"
    "  access = internal   the access level of every document below that names\n"
    "                      none, JSON Lines records included (overrides --access)\n"
    "Otherwise a document's type is what its text says (minutes, legal, ...), else\n"
    "--type.\n"
    "\n"
    "  --db DIR          the database folder\n"
    "  --type TYPE       type of records without one and of document files whose\n"
    "                    text and folder do not say (default news)\n"
    "  --access LEVEL    who may see records that name no level (an \"access\"\n"
    "                    field or column) outside a folder that says: public\n"
    "                    (default: anyone) or internal (a key of scope search;\n"
    "                    docs/security.md)\n"
    "  --delete ID       delete the document ID first (may be repeated)\n"
    "  --batch N         documents per commit (default 500)\n"
    "  --build-memory MIB  a new database is written without Xapian's writer; its\n"
    "                    postings are spilled to disk each time they hold this\n"
    "                    much memory, and merged at the end (default 64;\n"
    "                    docs/performance.md)\n"
    "  --threads N       analysis threads (default: one per processor)\n"
    "  --shards N        a new database of N shards, each written by its own thread\n"
    "                    (an existing one keeps its count; docs/performance.md)\n"
    "  --max-record MIB  skip records larger than this (default 64); a record is\n"
    "                    analysed up to 250,000 distinct terms (about 100 MB of\n"
    "                    memory per thread), the rest stored but not searchable\n"
    "  --encoding ENC    how text is encoded: auto (default: legacy Vietnamese\n"
    "                    encodings are detected), utf-8, tcvn3, vni or viqr\n"
    "  --ocr             read images and PDF pages without text by OCR (Tesseract)\n"
    "  --follow-symlinks follow links to files outside a folder given (by default\n"
    "                    they are skipped: anyone who can write in the folder could\n"
    "                    link any file the indexer may read)\n"
    "  --extract-timeout SEC  time for one document file (default 60)\n"
    "  --extract-memory MIB   memory for one document file (default 2048)\n"
    "  --sync FOLDER     make the index's documents of FOLDER equal to its files:\n"
    "                    index new and changed files, delete those of files gone;\n"
    "                    ends with \"sync: N new, M changed, K unchanged, D deleted,\n"
    "                    S skipped\"\n"
    "  --backup DEST     copy the index, compacted, to the new folder DEST while it\n"
    "                    is served and written: one revision, whole; DEST appears\n"
    "                    complete or not at all (docs/operations.md)\n"
    "  --quiet           no progress display\n"
    "  --help            this text\n"
    "  --version         print the version and the index schema, and exit\n"
    "\n"
    "Exit status: 0 all indexed, 1 some records or files skipped (reported as\n"
    "FILE: skipped: why), 2 fatal error.\n";

/* The whole number from 1 to `max` of option `what`; else 0, having said why and set
 * *status to 2. */
static size_t count(const char *s, const char *what, unsigned long max, int *status)
{
    char *end;
    errno = 0;
    unsigned long v = strtoul(s, &end, 10);
    if (errno || end == s || *end || *s == '-' || v < 1 || v > max) {
        fprintf(stderr, "tracuu-index: %s must be a number from 1 to %lu\n", what, max);
        *status = 2;
        return 0;
    }
    return v;
}

static int run_backup(const char *db, const char *dest, int quiet)
{
    ix_backup_stats st;
    tr_error err = {0};
    if (ix_backup(db, dest, &st, &err)) {
        fprintf(stderr, "tracuu-index: backup: %s\n", err.message);
        return 2;
    }
    if (quiet)
        return 0;
    char shards[32] = "";
    if (st.shards)
        snprintf(shards, sizeof shards, " in %u shards", st.shards);
    fprintf(stderr, "tracuu-index: backup of %s written to %s: %llu documents%s, %.1f s%s\n", db,
            dest, (unsigned long long)st.doccount, shards, st.seconds,
            st.tries > 1 ? " (started again: the index changed under the copy)" : "");
    return 0;
}

int main(int argc, char **argv)
{
    static const struct option longopts[] = {
        {"db", required_argument, NULL, 'd'},     {"type", required_argument, NULL, 't'},
        {"delete", required_argument, NULL, 'x'}, {"batch", required_argument, NULL, 'b'},
        {"access", required_argument, NULL, 'A'},
        {"threads", required_argument, NULL, 'j'},
        {"shards", required_argument, NULL, 'S'},
        {"build-memory", required_argument, NULL, 'W'},
        {"max-record", required_argument, NULL, 'm'},
        {"encoding", required_argument, NULL, 'e'},
        {"ocr", no_argument, NULL, 'o'},
        {"follow-symlinks", no_argument, NULL, 'L'},
        {"extract-timeout", required_argument, NULL, 'T'},
        {"extract-memory", required_argument, NULL, 'M'},
        {"sync", required_argument, NULL, 's'},
        {"backup", required_argument, NULL, 'B'},
        {"quiet", no_argument, NULL, 'q'},        {"help", no_argument, NULL, 'h'},
        {"version", no_argument, NULL, 'V'},
        {NULL, 0, NULL, 0}};
    ix_options opt;
    ix_options_init(&opt);
    const char **deletes = calloc((size_t)argc, sizeof *deletes);
    if (!deletes) {
        fputs("tracuu-index: out of memory\n", stderr);
        return 2;
    }
    const char *sync = NULL, *backup = NULL;
    int c, status = -1;
    opterr = 0; /* the messages below name the option as the user typed it */
    while (status < 0 && (c = getopt_long(argc, argv, ":", longopts, NULL)) != -1) {
        switch (c) {
        case 'd': opt.db = optarg; break;
        case 't': opt.type = optarg; break;
        case 'A':
            if (!(opt.access = ix_access_level(optarg, strlen(optarg)))) {
                fprintf(stderr, "tracuu-index: --access must be public or internal\n");
                status = 2;
            }
            break;
        case 'x': deletes[opt.n_deletes++] = optarg; break;
        case 'q': opt.quiet = 1; break;
        case 'o': opt.ocr = 1; break;
        case 'L': opt.follow_symlinks = 1; break;
        case 's': sync = optarg; break;
        case 'B': backup = optarg; break;
        case 'T':
            opt.extract_seconds = (unsigned)count(optarg, "--extract-timeout", 86400, &status);
            break;
        case 'M':
            opt.extract_memory = count(optarg, "--extract-memory", 1048576, &status) << 20;
            break;
        case 'b': opt.batch = count(optarg, "--batch", 100000000ul, &status); break;
        case 'j': opt.threads = (unsigned)count(optarg, "--threads", 64, &status); break;
        case 'S': opt.shards = (unsigned)count(optarg, "--shards", 64, &status); break;
        case 'W':
            opt.bulk_memory = count(optarg, "--build-memory", 1048576, &status) << 20;
            break;
        case 'm': opt.max_record = count(optarg, "--max-record", 4096, &status) << 20; break;
        case 'e': {
            tr_error e = {0};
            if (vn_legacy_parse(optarg, &opt.encoding, &e)) {
                fprintf(stderr, "tracuu-index: --encoding: %s\n", e.message);
                status = 2;
            }
            break;
        }
        case 'h': fputs(usage, stdout); status = 0; break;
        case 'V':
            tr_opts_version("tracuu-index", VN_SCHEMA_VERSION);
            status = 0;
            break;
        default: {
            char msg[256];
            fprintf(stderr, "tracuu-index: %s\n",
                    tr_opts_problem(c, argv, optind, msg, sizeof msg));
            status = 2;
            break;
        }
        }
    }
    if (status < 0 && !opt.db) {
        fprintf(stderr, "tracuu-index: --db DIR is required\n%s", usage);
        status = 2;
    }
    if (status < 0 && sync && optind < argc) {
        fprintf(stderr, "tracuu-index: --sync FOLDER takes no PATH\n");
        status = 2;
    }
    if (status < 0 && backup && (sync || optind < argc || opt.n_deletes)) {
        fprintf(stderr, "tracuu-index: --backup DEST takes no PATH, --sync or --delete\n");
        status = 2;
    }
    if (status < 0 && backup) {
        status = run_backup(opt.db, backup, opt.quiet);
    } else if (status < 0) {
        opt.deletes = deletes;
        opt.paths = (const char *const *)argv + optind;
        opt.n_paths = (size_t)(argc - optind);
        ix_stats st;
        int rc = sync ? ix_sync(&opt, sync, &st, NULL) : ix_run(&opt, &st, NULL);
        status = ix_exit_status(rc, &st);
    }
    free(deletes);
    return status;
}
