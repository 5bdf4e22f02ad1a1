/* tr_paths: where a tracuu program finds the files shipped with it.
 *
 * No binary names the machine it was built on: each place is found relative to the
 * running program (/proc/self/exe), so one binary works under any install prefix
 * and in the build tree. For each place the first that exists of these wins:
 *   1. an environment variable (TRACUU_DATA_DIR, TRACUU_WEB_DIR, TRACUU_EXTRACT);
 *   2. the installed layout: PREFIX/bin/PROGRAM finds PREFIX/share/tracuu/data,
 *      PREFIX/share/tracuu/web and PREFIX/lib/tracuu/tracuu-extract (the relative
 *      paths follow the install directories CMake was configured with);
 *   3. the build tree's layout: BUILD/searchd/tracuu-searchd (or BUILD/tests/test_x)
 *      finds BUILD/share/tracuu/... and BUILD/lib/tracuu/..., which CMake fills with
 *      links to the source's data/ and web/ and to the tracuu-extract it built.
 * A command-line option (--data, --web) still beats all of them; that is the
 * caller's business.
 */
#ifndef TR_PATHS_H
#define TR_PATHS_H

#include <stddef.h>

typedef enum tr_place {
    TR_PLACE_DATA,    /* a folder: abbreviations.tsv, synonyms.tsv, gazetteer.tsv */
    TR_PLACE_WEB,     /* a folder: static/ (the web pages' styles and scripts) */
    TR_PLACE_EXTRACT  /* a program: tracuu-extract, the sandboxed file reader */
} tr_place;

/* Writes the path of `place` into buf (cap bytes) and returns 0 when it exists (a
 * program: when it can be run). Otherwise returns -1, with buf holding where the
 * installed layout would have it, for messages and --help; "" if even that is not
 * known (no /proc). */
int tr_paths_find(tr_place place, char *buf, size_t cap);

#endif
