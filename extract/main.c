/* tracuu-extract: extracts one file and prints its record as a JSON object.
 *
 * ex_extract() runs it as a child process; it can be run by hand to see what a file
 * gives. It puts its memory (address space) and CPU limits on itself before it opens
 * the file, so that the tools it starts inherit them. On failure it prints
 * "tracuu-extract: MESSAGE" and exits 64 + the TR_E* code (ex_int.h). */
#include <errno.h>
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>

#include "ex_int.h"
#include "tr_opts.h"
#include "vn_terms.h"

/* AddressSanitizer reserves terabytes of address space for its shadow memory: an
 * RLIMIT_AS would stop it, so sanitized builds go without. */
#if defined(__SANITIZE_ADDRESS__)
#define EX_ASAN 1
#elif defined(__has_feature)
#if __has_feature(address_sanitizer)
#define EX_ASAN 1
#endif
#endif

static const char usage[] =
    "usage: tracuu-extract [--seconds N] [--memory BYTES] [--output BYTES]\n"
    "                      [--input BYTES] [--ocr] [--ocr-lang LANGS] [--] FILE\n"
    "\n"
    "Extracts the text and metadata of FILE (.html .htm .xhtml .pdf .docx .odt .doc,\n"
    "and with --ocr .png .jpg .jpeg .tif .tiff) and prints its record as one JSON\n"
    "object. tracuu-index runs it for each document file.\n"
    "\n"
    "  --seconds N       time for the file, as a CPU limit (default 60; at most\n"
    "                    86400)\n"
    "  --memory BYTES    address space (default 2 GiB)\n"
    "  --output BYTES    text kept at most; more is an error (default 32 MiB)\n"
    "  --input BYTES     larger files are refused unread (default 512 MiB)\n"
    "  --ocr             read images and PDF pages without text by OCR\n"
    "  --ocr-lang LANGS  Tesseract languages (default vie)\n"
    "  --help            this text\n"
    "  --version         print the version and the index schema, and exit\n"
    "\n"
    "On failure: \"tracuu-extract: MESSAGE\" on standard error, exit status 64 + the\n"
    "error's code (tr_error.h).\n";

static int fail(int code, const char *msg)
{
    fprintf(stderr, EX_PROGRAM ": %s\n", msg);
    return EX_EXIT_BASE + code;
}

static int number(const char *s, unsigned long long *v)
{
    char *end;
    errno = 0;
    *v = strtoull(s, &end, 10);
    return errno == 0 && end != s && *end == '\0' && s[0] != '-';
}

static void set_limits(const ex_limits *l)
{
#ifndef EX_ASAN
    struct rlimit as = {l->memory, l->memory};
    if (l->memory)
        setrlimit(RLIMIT_AS, &as);
#endif
    if (l->seconds) {
        /* SIGXCPU at the soft limit, SIGKILL a little later if it is caught. */
        struct rlimit cpu = {l->seconds, l->seconds + 5};
        setrlimit(RLIMIT_CPU, &cpu);
    }
}

/* Reads argv into the limits and the file: 0 to go on, or the exit status. Usage
 * errors fail as extraction errors do (TR_EINVAL), since ex_extract() reads the
 * status the same way. */
static int parse_args(int argc, char **argv, ex_limits *l, const char **path)
{
    static const struct option longopts[] = {
        {"seconds", required_argument, NULL, 's'},
        {"memory", required_argument, NULL, 'm'},
        {"output", required_argument, NULL, 'o'},
        {"input", required_argument, NULL, 'i'},
        {"ocr", no_argument, NULL, 'O'},
        {"ocr-lang", required_argument, NULL, 'L'},
        {"help", no_argument, NULL, 'h'},
        {"version", no_argument, NULL, 'V'},
        {NULL, 0, NULL, 0}};
    char msg[300];
    int c;
    opterr = 0; /* the messages below name the option as the user typed it */
    /* "+": the file ends the options, so that nothing may follow it. */
    while ((c = getopt_long(argc, argv, "+:", longopts, NULL)) != -1) {
        unsigned long long v = 0;
        switch (c) {
        case 'O': l->ocr = 1; break;
        case 'L': l->ocr_lang = optarg; break;
        case 'h': fputs(usage, stdout); return 0;
        case 'V': tr_opts_version(EX_PROGRAM, VN_SCHEMA_VERSION); return 0;
        case ':':
        case '?': return fail(TR_EINVAL, tr_opts_problem(c, argv, optind, msg, sizeof msg));
        default:
            if (!number(optarg, &v) || (c == 's' && v > 86400))
                return fail(TR_EINVAL, "bad number for an option");
            if (c == 's')
                l->seconds = (unsigned)v;
            else if (c == 'm')
                l->memory = (size_t)v;
            else if (c == 'o')
                l->output = (size_t)v;
            else
                l->input = (size_t)v;
        }
    }
    if (optind == argc)
        return fail(TR_EINVAL, "no file given");
    if (optind + 1 < argc)
        return fail(TR_EINVAL, "one file at a time");
    *path = argv[optind];
    return -1;
}

int main(int argc, char **argv)
{
    ex_limits l;
    ex_limits_init(&l);
    const char *path = NULL;
    int status = parse_args(argc, argv, &l, &path);
    if (status >= 0)
        return status;
    set_limits(&l);

    json_t *rec = NULL;
    tr_error err = {0};
    if (ex_extract_here(path, &l, &rec, &err) != 0)
        return fail(err.code, err.message);
    int bad = json_dumpf(rec, stdout, JSON_COMPACT) != 0;
    json_decref(rec);
    bad |= fputc('\n', stdout) == EOF;
    bad |= fflush(stdout) != 0;
    return bad ? fail(TR_EIO, "cannot write the record") : 0;
}
