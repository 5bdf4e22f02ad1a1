/* xc_int.h: what the files of xapian-c share and the C side never sees.
 *
 * The handles of xc.h are plain structs around the Xapian object they name, and
 * every extern "C" function runs its body through xc::guard(), the one place that
 * turns C++ exceptions into a TR_E* code and a tr_error message. The definitions
 * of the API take their C linkage from the extern "C" declarations in xc.h.
 * Sectioned by the file that defines each part.
 */
#ifndef XC_INT_H
#define XC_INT_H

#include <xapian.h>

#include <atomic>
#include <cstring>
#include <memory>
#include <string>

#include "tr_fence.h"
#include "xc.h"
#include "xc_doc_int.h"

/* ---- Handles (defined here so every file can reach inside) --------------- */

namespace xc {

/* Whether a handle's remote shard has failed. Xapian 1.4 keeps a connection that
 * timed out and makes every later call wait out the timeout again; a request makes
 * dozens of calls, so after the first TR_EUNAVAILABLE every call on the handle, and on the
 * enquiries and result sets made from it, fails at once with the same message. */
struct link_state {
    std::atomic<bool> remote{false}; /* a shard was added by xc_db_add_remote() */
    std::atomic<bool> failed{false};
    char msg[sizeof(tr_error{}.message)] = "";
};
using link = std::shared_ptr<link_state>;

/* A new value of xc_db_generation(), never given before in the process. */
uint64_t next_generation();

} // namespace xc

struct xc_db {
    Xapian::Database db;
    xc::link link = std::make_shared<xc::link_state>();
    std::atomic<uint64_t> generation{xc::next_generation()}; /* xc_db_generation() */
};

struct xc_wdb {
    Xapian::WritableDatabase db;
    bool txn = false;            /* a transaction begun by the caller is open */
    tr_fence *fence = nullptr;   /* held for each commit (tr_fence.h); may be none */
};


struct xc_query {
    Xapian::Query q;
};

struct xc_enquire {
    Xapian::Enquire enq;
    xc::link link;              // the database's
    int percent_cutoff = 0;     // remembered: Xapian sets both cutoffs in one call
    double weight_cutoff = 0.0;
};

/* The MSet holds a reference to the enquiry's internals and through them to the
 * database, so a result set stays readable after both handles are freed. */
struct xc_mset {
    Xapian::MSet mset;
    xc::link link; // the database's
};

/* Enquire::add_matchspy() keeps only a raw pointer to this spy; xc_spy owns it. */
struct xc_spy {
    Xapian::ValueCountMatchSpy spy;
};

namespace xc {

/* ---- xc_error.cc --------------------------------------------------------- */

/* Thrown by the argument checks below; guard() reports its code and message. */
struct failure {
    int code;
    const char *msg;
};

[[noreturn]] void fail(int code, const char *msg);

/* Records the exception being handled in err and returns its TR_E* code. Only
 * valid inside a catch block. */
int report(tr_error *err) noexcept;

/* Runs body, returning 0, or the code of whatever it threw. */
template <typename F>
int guard(tr_error *err, F &&body) noexcept
{
    try {
        body();
        return TR_OK;
    } catch (...) {
        return report(err);
    }
}

/* guard() for a call that may reach a remote shard through `l` (may be null): fails
 * at once when the shard already failed, and marks it failed on TR_EUNAVAILABLE. */
int link_failed(const link &l, tr_error *err) noexcept;
int link_result(const link &l, int rc, const tr_error &local, tr_error *err) noexcept;

template <typename F>
int guard_link(const link &l, tr_error *err, F &&body) noexcept
{
    if (link_failed(l, err))
        return TR_EUNAVAILABLE;
    tr_error local = {};
    return link_result(l, guard(&local, body), local, err);
}

/* The byte range (p, len) as a string; p may be NULL when len is 0. */
std::string bytes(const char *p, size_t len);

/* A NUL-terminated argument that must not be NULL (paths, metadata keys). */
std::string cstr(const char *p);

/* *p, or a TR_EINVAL failure when a handle or an output pointer is NULL. */
template <typename T>
T &ref(T *p)
{
    if (!p)
        fail(TR_EINVAL, "NULL handle or output pointer");
    return *p;
}

/* The number a C caller passed as an enum. C allows any int there, while in C++
 * merely reading an enum outside its declared range is undefined, so the bytes
 * are read as an integer instead. */
template <typename E>
unsigned enum_value(const E &e)
{
    unsigned v;
    static_assert(sizeof v == sizeof e, "C enums are int-sized");
    std::memcpy(&v, &e, sizeof v);
    return v;
}

/* Hands s to C as a malloc()ed NUL-terminated copy. */
void copy_out(const std::string &s, char **out, size_t *len);

/* The shape of every function that returns a string: *out is NULL and *len 0
 * unless get() and the copy succeed. */
template <typename F>
int guard_string(char **out, size_t *len, tr_error *err, F &&get) noexcept
{
    if (out)
        *out = nullptr;
    if (len)
        *len = 0;
    return guard(err, [&] { copy_out(get(), out, len); });
}

/* guard_string() through guard_link(). */
template <typename F>
int guard_string_link(const link &l, char **out, size_t *len, tr_error *err, F &&get) noexcept
{
    if (out)
        *out = nullptr;
    if (len)
        *len = 0;
    return guard_link(l, err, [&] { copy_out(get(), out, len); });
}

/* Calls fn for each term from it on, while terms start with `prefix` and fn
 * returns 0; count(it) gives the number passed as fn's last argument. */
template <typename Count>
void feed_terms(Xapian::TermIterator it, const std::string &prefix, xc_term_fn fn, void *ctx,
                Count count)
{
    if (!fn)
        fail(TR_EINVAL, "NULL callback");
    for (; it != Xapian::TermIterator(); ++it) {
        const std::string term = *it;
        if (term.compare(0, prefix.size(), prefix) != 0)
            break;
        if (fn(ctx, term.data(), term.size(), count(it)))
            break;
    }
}

} // namespace xc

#endif
