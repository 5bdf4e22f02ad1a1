/* tracuu-extract: extracts one file and prints its record as a JSON object.
 *
 *   tracuu-extract [--seconds N] [--memory BYTES] [--output BYTES] [--input BYTES]
 *                  [--ocr] [--ocr-lang LANGS] [--] FILE
 *
 * ex_extract() runs it as a child process; it can be run by hand to see what a file
 * gives. It puts its memory (address space) and CPU limits on itself before it opens
 * the file, so that the tools it starts inherit them. On failure it prints
 * "tracuu-extract: MESSAGE" and exits 64 + the TR_E* code (ex_int.h). */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>

#include "ex_int.h"

/* AddressSanitizer reserves terabytes of address space for its shadow memory: an
 * RLIMIT_AS would stop it, so sanitized builds go without. */
#if defined(__SANITIZE_ADDRESS__)
#define EX_ASAN 1
#elif defined(__has_feature)
#if __has_feature(address_sanitizer)
#define EX_ASAN 1
#endif
#endif

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

int main(int argc, char **argv)
{
    ex_limits l;
    ex_limits_init(&l);
    const char *path = NULL;
    for (int i = 1; i < argc; i++) {
        const char *a = argv[i];
        unsigned long long v;
        if (strcmp(a, "--") == 0 && i + 1 < argc) {
            path = argv[++i];
        } else if (strcmp(a, "--ocr") == 0) {
            l.ocr = 1;
        } else if (strcmp(a, "--ocr-lang") == 0 && i + 1 < argc) {
            l.ocr_lang = argv[++i];
        } else if (i + 1 < argc && (strcmp(a, "--seconds") == 0 || strcmp(a, "--memory") == 0 ||
                                    strcmp(a, "--output") == 0 || strcmp(a, "--input") == 0)) {
            if (!number(argv[++i], &v) || (strcmp(a, "--seconds") == 0 && v > 86400))
                return fail(TR_EINVAL, "bad number for an option");
            if (strcmp(a, "--seconds") == 0)
                l.seconds = (unsigned)v;
            else if (strcmp(a, "--memory") == 0)
                l.memory = (size_t)v;
            else if (strcmp(a, "--output") == 0)
                l.output = (size_t)v;
            else
                l.input = (size_t)v;
        } else if (a[0] != '-' && !path) {
            path = a;
        } else {
            return fail(TR_EINVAL, "usage: tracuu-extract [--seconds N] [--memory BYTES] "
                                   "[--output BYTES] [--input BYTES] [--ocr] [--ocr-lang L] FILE");
        }
        if (path && i + 1 < argc)
            return fail(TR_EINVAL, "one file at a time");
    }
    if (!path)
        return fail(TR_EINVAL, "no file given");
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
