/* tr_opts: see tr_opts.h. */
#include "tr_opts.h"

#include <stdio.h>

#ifndef TRACUU_VERSION
#define TRACUU_VERSION "unknown"
#endif

const char *tr_opts_problem(int c, char *const *argv, int optind, char *buf, size_t cap)
{
    const char *opt = optind > 0 ? argv[optind - 1] : "?";
    if (c == ':')
        snprintf(buf, cap, "%s needs a value (see --help)", opt);
    else
        snprintf(buf, cap, "unknown option %s (see --help)", opt);
    return buf;
}

void tr_opts_version(const char *program, int schema)
{
    printf("%s %s (index schema %d)\n", program, TRACUU_VERSION, schema);
}
