/* xc_wdb.cc: writable databases and the documents written to them.
 *
 * One writer per database (Xapian's lock), glass backend. Beyond passing calls
 * through, the wrapper keeps one rule of xc.h: freeing a writer commits nothing.
 * Xapian commits pending changes when a WritableDatabase is closed, so
 * xc_wdb_free() discards them first, as xc_wdb_cancel() does (discard()).
 */
#include "xc_int.h"

using xc::guard;
using xc::ref;

/* Throws away every change since the last commit. Changes made outside a
 * transaction are adopted by an unflushed transaction (begin_transaction(false)),
 * and cancelling that transaction drops them along with its own. */
static void discard(xc_wdb &w)
{
    if (!w.txn)
        w.db.begin_transaction(false);
    w.txn = false; /* Xapian leaves the transaction even when cancelling fails */
    w.db.cancel_transaction();
}

xc_wdb *xc_wdb_open(const char *path, int mode, tr_error *err)
{
    xc_wdb *w = nullptr;
    guard(err, [&] {
        int action = 0;
        if (mode == XC_OPEN)
            action = Xapian::DB_OPEN;
        else if (mode == XC_CREATE_OR_OPEN)
            action = Xapian::DB_CREATE_OR_OPEN;
        else
            xc::fail(TR_EINVAL, "unknown open mode");
        w = new xc_wdb{
            Xapian::WritableDatabase(xc::cstr(path), action | Xapian::DB_BACKEND_GLASS)};
        w->fence = tr_fence_open(&path, 1, 1);
    });
    return w;
}

void xc_wdb_free(xc_wdb *w)
{
    if (!w)
        return;
    guard(nullptr, [&] { discard(*w); }); /* nothing to report to; close regardless */
    tr_fence_free(w->fence);
    delete w;
}

int xc_wdb_begin(xc_wdb *w, tr_error *err)
{
    return guard(err, [&] {
        ref(w).db.begin_transaction(true);
        w->txn = true;
    });
}

int xc_wdb_commit(xc_wdb *w, tr_error *err)
{
    /* Reads that have lost their revision to earlier commits finish first; past the
     * wait the commit goes ahead, so that no reader can stop the writer. */
    if (w)
        (void)tr_fence_take(w->fence, 0, TR_FENCE_COMMIT_WAIT_MS);
    int rc = guard(err, [&] {
        if (ref(w).txn) {
            w->txn = false; /* even if the commit throws, the transaction is over */
            w->db.commit_transaction();
        } else {
            w->db.commit();
        }
    });
    if (w)
        tr_fence_release(w->fence);
    return rc;
}

int xc_wdb_cancel(xc_wdb *w, tr_error *err)
{
    return guard(err, [&] { discard(ref(w)); });
}

namespace {
const Xapian::Document &xapian_doc(const xc_doc *cdoc);
}

int xc_wdb_add(xc_wdb *w, const xc_doc *doc, xc_docid *docid, tr_error *err)
{
    return guard(err, [&] {
        xc_docid id = ref(w).db.add_document(xapian_doc(doc));
        if (docid)
            *docid = id;
    });
}

int xc_wdb_replace(xc_wdb *w, const char *uterm, size_t len, const xc_doc *doc,
                   xc_docid *docid, tr_error *err)
{
    return guard(err, [&] {
        xc_docid id = ref(w).db.replace_document(xc::bytes(uterm, len), xapian_doc(doc));
        if (docid)
            *docid = id;
    });
}

int xc_wdb_delete(xc_wdb *w, const char *uterm, size_t len, int *deleted, tr_error *err)
{
    if (deleted)
        *deleted = 0;
    return guard(err, [&] {
        std::string term = xc::bytes(uterm, len);
        /* delete_document(term) does not say whether it found anything. */
        bool found = ref(w).db.term_exists(term);
        if (found)
            w->db.delete_document(term);
        if (deleted)
            *deleted = found;
    });
}

int xc_wdb_delete_docid(xc_wdb *w, xc_docid docid, tr_error *err)
{
    return guard(err, [&] { ref(w).db.delete_document(docid); });
}

int xc_wdb_doccount(xc_wdb *w, uint64_t *out, tr_error *err)
{
    return guard(err, [&] { ref(out) = ref(w).db.get_doccount(); });
}

int xc_wdb_set_metadata(xc_wdb *w, const char *key, const char *value, size_t len,
                        tr_error *err)
{
    return guard(err,
                 [&] { ref(w).db.set_metadata(xc::cstr(key), xc::bytes(value, len)); });
}

/* ---- Documents ---------------------------------------------------------- */

namespace {

void free_document(void *p)
{
    delete static_cast<Xapian::Document *>(p);
}

/* The Xapian document of a C one (xc_doc.c), made once. */
const Xapian::Document &xapian_doc(const xc_doc *cdoc)
{
    xc_doc *doc = const_cast<xc_doc *>(&ref(cdoc));
    if (doc->prepared)
        return *static_cast<Xapian::Document *>(doc->prepared);
    const xc_doc_term *terms;
    size_t n;
    tr_error e = {};
    if (xc_doc_sorted(doc, &terms, &n, &e))
        throw std::bad_alloc();
    auto *x = new Xapian::Document;
    try {
        for (size_t i = 0; i < n; i++) {
            std::string name(terms[i].name, terms[i].len);
            x->add_term(name, terms[i].wdf);
            for (uint32_t k = 0; k < terms[i].npos; k++)
                x->add_posting(name, terms[i].pos[k], 0);
        }
        for (size_t i = 0; i < doc->nvalues; i++)
            x->add_value(doc->values[i].slot,
                         std::string(doc->values[i].data, doc->values[i].len));
        x->set_data(std::string(doc->data ? doc->data : "", doc->data_len));
    } catch (...) {
        delete x;
        throw;
    }
    doc->prepared = x;
    doc->free_prepared = free_document;
    return *x;
}

} // namespace

int xc_doc_prepare(xc_doc *doc, tr_error *err)
{
    return guard(err, [&] { xapian_doc(doc); });
}
