/* xc_compact.cc: Xapian's compaction of one or several databases into a new one
 * (what xapian-compact does): xc_compact() by paths, for merging shards built in
 * parallel; xc_db_compact() from an open handle, for a backup of one revision. */
#include "xc_int.h"

using xc::guard;
using xc::ref;

static unsigned level_of(int fuller)
{
    return fuller ? Xapian::Compactor::FULLER : Xapian::Compactor::FULL;
}

int xc_compact(const char *const *sources, size_t n, const char *dest, int fuller,
               tr_error *err)
{
    return guard(err, [&] {
        if (!sources || n == 0 || !dest)
            xc::fail(TR_EINVAL, "nothing to compact");
        Xapian::Database src;
        for (size_t i = 0; i < n; i++)
            src.add_database(Xapian::Database(xc::cstr(sources[i])));
        /* Docids of later sources follow those of earlier ones: the shards'
         * interleaved numbering is not kept, and nothing in tracuu relies on it
         * (documents are found by their Q term). */
        src.compact(xc::cstr(dest), Xapian::DB_BACKEND_GLASS | level_of(fuller));
    });
}

int xc_db_compact(xc_db *db, const char *dest, int fuller, tr_error *err)
{
    /* Database::compact() reads the tables of the handle's own revision, not the
     * newest on disk: what makes a copy of a database being written consistent. */
    return guard(err, [&] {
        ref(db).db.compact(xc::cstr(dest), Xapian::DB_BACKEND_GLASS | level_of(fuller));
    });
}
