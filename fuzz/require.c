/* require: fz_require's failure path (fuzz.h). */
#include "fuzz.h"

#include <stdio.h>
#include <stdlib.h>

void fz_require_at(int ok, const char *what, const char *file, int line)
{
    if (ok)
        return;
    fprintf(stderr, "%s:%d: invariant broken: %s\n", file, line, what);
    abort();
}
