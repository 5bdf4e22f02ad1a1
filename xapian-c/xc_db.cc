/* xc_db.cc: read-only databases.
 *
 * An xc_db is one Xapian::Database, which may combine several shards: a stub file
 * opened by path, several paths given at once, or shards added later. Documents
 * are read through get_document(), which finds the right shard for a docid.
 * Shards may be local or remote (xapian-tcpsrv); Xapian merges their statistics,
 * so a combined search ranks as one database holding all the documents would.
 */
#include "xc_int.h"

using xc::guard;
using xc::guard_link;
using xc::ref;

/* The handle's remote-failure state, or none for a NULL handle (ref() reports it). */
static const xc::link &lk(const xc_db *db)
{
    static const xc::link none;
    return db ? db->link : none;
}

uint64_t xc::next_generation()
{
    static std::atomic<uint64_t> last{0};
    return last.fetch_add(1, std::memory_order_relaxed) + 1;
}

/* What the handle reads may have changed: caches keyed by its generation are stale. */
static void moved_on(xc_db *db)
{
    if (db)
        db->generation.store(xc::next_generation(), std::memory_order_relaxed);
}

uint64_t xc_db_generation(const xc_db *db)
{
    return db ? db->generation.load(std::memory_order_relaxed) : 0;
}

xc_db *xc_db_open(const char *path, tr_error *err)
{
    xc_db *db = nullptr;
    guard(err, [&] { db = new xc_db{Xapian::Database(xc::cstr(path))}; });
    return db;
}

xc_db *xc_db_open_many(const char *const *paths, size_t n, tr_error *err)
{
    xc_db *db = nullptr;
    int rc = guard(err, [&] {
        if (!paths && n)
            xc::fail(TR_EINVAL, "NULL path list");
        db = new xc_db{};
        for (size_t i = 0; i < n; i++)
            db->db.add_database(Xapian::Database(xc::cstr(paths[i])));
    });
    if (rc) {
        delete db;
        db = nullptr;
    }
    return db;
}

int xc_db_add(xc_db *db, const char *path, tr_error *err)
{
    int rc = guard(err, [&] { ref(db).db.add_database(Xapian::Database(xc::cstr(path))); });
    moved_on(db);
    return rc;
}

int xc_db_add_remote(xc_db *db, const char *host, unsigned port, unsigned timeout_ms,
                     unsigned connect_timeout_ms, tr_error *err)
{
    int rc = guard(err, [&] {
        std::string h = xc::cstr(host);
        if (h.empty() || port == 0 || port > 65535)
            xc::fail(TR_EINVAL, "a remote shard needs a host and a port from 1 to 65535");
        ref(db).db.add_database(Xapian::Remote::open(h, port, timeout_ms, connect_timeout_ms));
        db->link->remote.store(true, std::memory_order_relaxed);
    });
    moved_on(db);
    return rc;
}

int xc_db_reopen(xc_db *db, int *changed, tr_error *err)
{
    if (changed)
        *changed = 0;
    bool moved = true; /* unless Xapian says otherwise: a failed reopen may have moved */
    int rc = guard_link(lk(db), err, [&] {
        moved = ref(db).db.reopen();
        if (changed)
            *changed = moved;
    });
    if (moved)
        moved_on(db);
    return rc;
}

void xc_db_free(xc_db *db)
{
    delete db;
}

int xc_db_doccount(xc_db *db, uint64_t *out, tr_error *err)
{
    return guard_link(lk(db), err, [&] { ref(out) = ref(db).db.get_doccount(); });
}

int xc_db_revision(xc_db *db, uint64_t *out, tr_error *err)
{
    return guard_link(lk(db), err, [&] {
        try {
            ref(out) = ref(db).db.get_revision();
        } catch (const Xapian::InvalidOperationError &) {
            ref(out) = 0; /* several sub-databases: no one revision */
        } catch (const Xapian::UnimplementedError &) {
            ref(out) = 0; /* a remote database */
        }
    });
}

int xc_db_avlength(xc_db *db, double *out, tr_error *err)
{
    return guard_link(lk(db), err, [&] { ref(out) = ref(db).db.get_avlength(); });
}

int xc_db_termfreq(xc_db *db, const char *term, size_t len, uint64_t *out, tr_error *err)
{
    return guard_link(lk(db), err,
                      [&] { ref(out) = ref(db).db.get_termfreq(xc::bytes(term, len)); });
}

int xc_db_collfreq(xc_db *db, const char *term, size_t len, uint64_t *out, tr_error *err)
{
    return guard_link(lk(db), err, [&] {
        ref(out) = ref(db).db.get_collection_freq(xc::bytes(term, len));
    });
}

int xc_db_allterms(xc_db *db, const char *prefix, size_t prefix_len, xc_term_fn fn, void *ctx,
                   tr_error *err)
{
    return guard_link(lk(db), err, [&] {
        std::string p = xc::bytes(prefix, prefix_len);
        xc::feed_terms(ref(db).db.allterms_begin(p), p, fn, ctx,
                       [](const Xapian::TermIterator &it) { return it.get_termfreq(); });
    });
}

int xc_db_find(xc_db *db, const char *term, size_t len, xc_docid *out, tr_error *err)
{
    if (out)
        *out = 0;
    return guard_link(lk(db), err, [&] {
        const Xapian::Database &d = ref(db).db;
        std::string t = xc::bytes(term, len);
        Xapian::PostingIterator it = d.postlist_begin(t);
        if (it == d.postlist_end(t))
            xc::fail(TR_ENOTFOUND, "no document has this term");
        ref(out) = *it;
    });
}

int xc_db_data(xc_db *db, xc_docid docid, char **out, size_t *len, tr_error *err)
{
    return xc::guard_string_link(lk(db), out, len, err,
                            [&] { return ref(db).db.get_document(docid).get_data(); });
}

int xc_db_value(xc_db *db, xc_docid docid, unsigned slot, char **out, size_t *len, tr_error *err)
{
    return xc::guard_string_link(lk(db), out, len, err,
                            [&] { return ref(db).db.get_document(docid).get_value(slot); });
}

int xc_db_doc_terms(xc_db *db, xc_docid docid, const char *prefix, size_t prefix_len,
                    xc_term_fn fn, void *ctx, tr_error *err)
{
    return guard_link(lk(db), err, [&] {
        std::string p = xc::bytes(prefix, prefix_len);
        Xapian::Document doc = ref(db).db.get_document(docid);
        Xapian::TermIterator it = doc.termlist_begin();
        it.skip_to(p);
        xc::feed_terms(it, p, fn, ctx, [](const Xapian::TermIterator &t) { return t.get_wdf(); });
    });
}

int xc_db_metadata(xc_db *db, const char *key, char **out, size_t *len, tr_error *err)
{
    return xc::guard_string_link(lk(db), out, len, err,
                            [&] { return ref(db).db.get_metadata(xc::cstr(key)); });
}
