/* schema: what the version an index was written with means to this program
 * (vn_terms.h). The programs that open an index (tracuu-index, the engine) read the
 * value under VN_SCHEMA_KEY and ask here: a newer schema is refused, since terms
 * and values this program does not know would be misread or overwritten; an older
 * one is served, and what it lacks is said once. */
#include <stdlib.h>
#include <string.h>

#include "vn_terms.h"

int vn_schema_read(const char *value, size_t len, unsigned *version, tr_error *err)
{
    *version = 1;
    if (!value || len == 0)
        return 0;
    unsigned v = 0;
    for (size_t i = 0; i < len; i++) {
        if (value[i] < '0' || value[i] > '9' || v > 999)
            return tr_error_set(err, TR_EINVAL,
                                "the index's schema (%s) is \"%.*s\", not a version number",
                                VN_SCHEMA_KEY, len > 16 ? 16 : (int)len, value);
        v = v * 10 + (unsigned)(value[i] - '0');
    }
    if (v == 0)
        return tr_error_set(err, TR_EINVAL, "the index's schema (%s) is 0, not a version",
                            VN_SCHEMA_KEY);
    *version = v;
    return 0;
}

/* Indexed by the version an index has: what it misses of each later one. */
static const char *const lacks[] = {
    [1] = "documents without the entity value (slot 5) may still have entities, so "
          "facets read their terms, slower; and its documents keep the spellings they were "
          "indexed with, not the canonical syllable (rebuild the index to get schema 4)",
    [2] = "its documents keep the spellings they were indexed with, not the canonical "
          "syllable: one written with a look-alike letter or a misplaced tone is found only "
          "through the folded form, or not at all (rebuild the index to get schema 4)",
    [3] = "nothing a query reads, but it holds the exact bigrams of whole texts, with "
          "weight, where schema 4 keeps those of their first 128 words without: a quarter "
          "more postings, slower to update, and rankings a little apart from a rebuilt "
          "index's (rebuild the index to get schema 4)",
};

const char *vn_schema_lacks(unsigned version)
{
    _Static_assert(sizeof lacks / sizeof lacks[0] == VN_SCHEMA_VERSION,
                   "say what an index of each older schema lacks");
    return version >= 1 && version < VN_SCHEMA_VERSION ? lacks[version] : NULL;
}
