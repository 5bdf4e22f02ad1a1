/* search_fixture: see search_fixture.h. */
#include "search_fixture.h"

#include <stdio.h>
#include <string.h>

#include "support.h"

int sf_open(sf_index *f, const char *jsonl, size_t len)
{
    tr_error err = {0};
    memset(f, 0, sizeof *f);
    if (!(f->db = ts_index_open(jsonl, len, &f->dir)))
        return -1;
    f->analyzer = vn_analyzer_new(&err);
    f->lexicon = f->analyzer ? se_lexicon_build(f->db, &err) : NULL;
    if (!f->lexicon) {
        fprintf(stderr, "set-up failed: %s\n", err.message);
        return -1;
    }
    return 0;
}

void sf_close(sf_index *f)
{
    se_lexicon_unref(f->lexicon);
    vn_analyzer_free(f->analyzer);
    ts_index_close(f->db, f->dir);
    memset(f, 0, sizeof *f);
}
