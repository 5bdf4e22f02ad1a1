/* xc_compact.cc: xc_compact(), Xapian's compaction of one or several databases
 * into a new one (what xapian-compact does), for merging shards built in parallel. */
#include "xc_int.h"

using xc::guard;

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
        unsigned level = fuller ? Xapian::Compactor::FULLER : Xapian::Compactor::FULL;
        src.compact(xc::cstr(dest), Xapian::DB_BACKEND_GLASS | level);
    });
}
