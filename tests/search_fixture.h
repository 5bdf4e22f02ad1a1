/* search_fixture: what the unit tests of the query builder (test_qbuild) and of
 * spelling (test_spell) share: a small JSON Lines fixture indexed with tracuu-index
 * into a new temporary folder and opened, with an analyzer and the index's vocabulary
 * (se_lexicon_build), which is what those modules read beside the query. Not a module
 * of tracuu; linked into those tests only.
 */
#ifndef SEARCH_FIXTURE_H
#define SEARCH_FIXTURE_H

#include <stddef.h>

#include "lexicon.h"
#include "vn.h"
#include "xc.h"

typedef struct sf_index {
    char *dir; /* the temporary folder, where a test may write more (a synonyms file) */
    xc_db *db;
    vn_analyzer *analyzer;
    se_lexicon *lexicon;
} sf_index;

/* Makes it from `len` bytes of JSON Lines. Returns 0, or -1 after printing why (for a
 * cmocka group set-up). sf_close() frees what was made, after a failed sf_open() too. */
int sf_open(sf_index *f, const char *jsonl, size_t len);
void sf_close(sf_index *f);

#endif
