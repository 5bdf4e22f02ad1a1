/* xc_error.cc: the exception boundary of xapian-c, and the argument helpers.
 *
 * report() is the only catch list in the module: it maps Xapian's exception
 * classes to TR_E* codes and writes "Type: message (system error)" into the
 * caller's tr_error, the form operators know from Xapian's own tools.
 */
#include "xc_int.h"

#include <cstdlib>
#include <cstring>
#include <new>

namespace xc {

void fail(int code, const char *msg)
{
    throw failure{code, msg};
}

static int set_xapian(tr_error *err, int code, const Xapian::Error &e)
{
    std::string msg = e.get_msg();
    /* "Term too long (> 245): <the term>" would put document text into logs. */
    if (msg.compare(0, 13, "Term too long") == 0 && msg.find(')') != std::string::npos)
        msg.erase(msg.find(')') + 1);
    const char *sys = e.get_error_string();
    return tr_error_set(err, code, "%s: %s%s%s%s", e.get_type(), msg.c_str(), sys ? " (" : "",
                        sys ? sys : "", sys ? ")" : "");
}

/* A remote shard's failure names the shard: Xapian puts "remote:tcp(HOST:PORT)" in
 * the error's context, which get_msg() leaves out. */
static int set_network(tr_error *err, const Xapian::Error &e)
{
    const std::string &ctx = e.get_context();
    const std::string tcp = "remote:tcp(";
    std::string shard;
    if (ctx.compare(0, tcp.size(), tcp) == 0 && ctx.back() == ')')
        shard = ctx.substr(tcp.size(), ctx.size() - tcp.size() - 1);
    else
        shard = ctx.empty() ? "(unknown)" : ctx;
    const char *sys = e.get_error_string();
    return tr_error_set(err, TR_EUNAVAILABLE, "shard %s unavailable: %s: %s%s%s%s", shard.c_str(),
                        e.get_type(), e.get_msg().c_str(), sys ? " (" : "", sys ? sys : "",
                        sys ? ")" : "");
}

int report(tr_error *err) noexcept
{
    try {
        throw;
    } catch (const failure &f) {
        return tr_error_set(err, f.code, "%s", f.msg);
    } catch (const Xapian::DocNotFoundError &e) {
        return set_xapian(err, TR_ENOTFOUND, e);
    } catch (const Xapian::DatabaseNotFoundError &e) {
        return set_xapian(err, TR_ENOTFOUND, e);
    } catch (const Xapian::InvalidArgumentError &e) {
        return set_xapian(err, TR_EINVAL, e);
    } catch (const Xapian::DatabaseLockError &e) { // another writer: it will end
        return set_xapian(err, TR_EUNAVAILABLE, e);
    } catch (const Xapian::DatabaseCorruptError &e) {
        return set_xapian(err, TR_EDAMAGED, e);
    } catch (const Xapian::DatabaseOpeningError &e) { // and DatabaseVersionError
        return set_xapian(err, TR_EDAMAGED, e);
    } catch (const Xapian::DatabaseModifiedError &e) {
        return set_xapian(err, TR_EMODIFIED, e);
    } catch (const Xapian::DatabaseError &e) {
        /* A table shorter than its root says ("EOF reading block 2"), or a block that
         * cannot be read, is damage; a failed write (a full disk) is not. */
        const std::string &m = e.get_msg();
        bool reading = m.compare(0, 11, "EOF reading") == 0 ||
                       m.compare(0, 13, "Error reading") == 0 ||
                       m.find("ouldn't read") != std::string::npos;
        return set_xapian(err, reading ? TR_EDAMAGED : TR_EXAPIAN, e);
    } catch (const Xapian::NetworkError &e) { // and NetworkTimeoutError
        return set_network(err, e);
    } catch (const Xapian::Error &e) {
        return set_xapian(err, TR_EXAPIAN, e);
    } catch (const std::bad_alloc &) {
        return tr_error_set(err, TR_ENOMEM, "out of memory");
    } catch (const std::exception &e) {
        return tr_error_set(err, TR_EINTERNAL, "C++ exception: %s", e.what());
    } catch (...) {
        return tr_error_set(err, TR_EINTERNAL, "unknown C++ exception");
    }
}

int link_failed(const link &l, tr_error *err) noexcept
{
    if (!l || !l->failed.load(std::memory_order_acquire))
        return 0;
    tr_error_set(err, TR_EUNAVAILABLE, "%s", l->msg);
    return 1;
}

int link_result(const link &l, int rc, const tr_error &local, tr_error *err) noexcept
{
    if (rc == TR_EUNAVAILABLE && l && !l->failed.load(std::memory_order_relaxed)) {
        std::memcpy(l->msg, local.message, sizeof l->msg);
        l->failed.store(true, std::memory_order_release);
    }
    if (rc)
        tr_error_set(err, rc, "%s", local.message);
    return rc;
}

std::string bytes(const char *p, size_t len)
{
    if (!p && len)
        fail(TR_EINVAL, "NULL string with a nonzero length");
    return p ? std::string(p, len) : std::string();
}

std::string cstr(const char *p)
{
    if (!p)
        fail(TR_EINVAL, "NULL string");
    return p;
}

void copy_out(const std::string &s, char **out, size_t *len)
{
    if (!out)
        fail(TR_EINVAL, "NULL output pointer");
    char *p = static_cast<char *>(std::malloc(s.size() + 1));
    if (!p)
        throw std::bad_alloc();
    std::memcpy(p, s.data(), s.size());
    p[s.size()] = '\0';
    *out = p;
    if (len)
        *len = s.size();
}

} // namespace xc
