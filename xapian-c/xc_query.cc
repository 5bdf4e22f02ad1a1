/* xc_query.cc: query trees.
 *
 * An xc_query is a Xapian::Query, which is immutable and reference counted, so
 * combining queries shares their subtrees and every handle stays the caller's to
 * free. Each builder here is one Xapian::Query constructor.
 */
#include "xc_int.h"

#include <vector>

using xc::guard;
using xc::ref;

/* Builds a handle around the query make() returns; NULL with err set on failure. */
template <typename F>
static xc_query *build(tr_error *err, F &&make)
{
    xc_query *q = nullptr;
    guard(err, [&] { q = new xc_query{make()}; });
    return q;
}

/* Indexed by xc_op. */
static const Xapian::Query::op ops[] = {
    Xapian::Query::OP_AND,       Xapian::Query::OP_OR,     Xapian::Query::OP_AND_NOT,
    Xapian::Query::OP_AND_MAYBE, Xapian::Query::OP_FILTER, Xapian::Query::OP_PHRASE,
    Xapian::Query::OP_NEAR,      Xapian::Query::OP_SYNONYM, Xapian::Query::OP_MAX,
    Xapian::Query::OP_ELITE_SET,
};
static_assert(sizeof ops / sizeof ops[0] == XC_OP_ELITE_SET + 1, "ops[] must follow xc_op");

xc_query *xc_query_term(const char *term, size_t len, uint32_t wqf, uint32_t pos, tr_error *err)
{
    return build(err, [&] { return Xapian::Query(xc::bytes(term, len), wqf, pos); });
}

xc_query *xc_query_combine(xc_op op, xc_query *const *subs, size_t n, uint32_t window,
                           tr_error *err)
{
    return build(err, [&] {
        if (xc::enum_value(op) > XC_OP_ELITE_SET)
            xc::fail(TR_EINVAL, "unknown query operator");
        if (!subs && n)
            xc::fail(TR_EINVAL, "NULL subquery list");
        std::vector<Xapian::Query> v;
        v.reserve(n);
        for (size_t i = 0; i < n; i++)
            v.push_back(ref(subs[i]).q);
        /* Xapian rejects a window on operators that have none. */
        bool windowed = op == XC_OP_PHRASE || op == XC_OP_NEAR || op == XC_OP_ELITE_SET;
        return Xapian::Query(ops[op], v.begin(), v.end(), windowed ? window : 0);
    });
}

xc_query *xc_query_scale(const xc_query *q, double factor, tr_error *err)
{
    return build(err, [&] {
        return Xapian::Query(Xapian::Query::OP_SCALE_WEIGHT, ref(q).q, factor);
    });
}

xc_query *xc_query_value_range(unsigned slot, const char *lo, const char *hi, tr_error *err)
{
    return build(err, [&] {
        bool open_lo = !lo || !*lo;
        /* An unset value reads as "", and Xapian turns OP_VALUE_GE "" into MatchAll;
         * "\0" is the least set value, so documents without one stay out. */
        if (!hi)
            return Xapian::Query(Xapian::Query::OP_VALUE_GE, slot,
                                 open_lo ? std::string(1, '\0') : std::string(lo));
        if (open_lo)
            return Xapian::Query(Xapian::Query::OP_VALUE_LE, slot, hi);
        return Xapian::Query(Xapian::Query::OP_VALUE_RANGE, slot, lo, hi);
    });
}

xc_query *xc_query_wildcard(const char *prefix, size_t len, uint32_t max_expansion,
                            tr_error *err)
{
    /* Under WILDCARD_LIMIT_MOST_FREQUENT Xapian 1.4 reads a limit of 0 as "keep
     * none", not as "no limit", so an unlimited expansion uses the default type. */
    int limit = max_expansion ? Xapian::Query::WILDCARD_LIMIT_MOST_FREQUENT
                              : Xapian::Query::WILDCARD_LIMIT_ERROR;
    return build(err, [&] {
        return Xapian::Query(Xapian::Query::OP_WILDCARD, xc::bytes(prefix, len), max_expansion,
                             limit, Xapian::Query::OP_SYNONYM);
    });
}

xc_query *xc_query_match_all(tr_error *err)
{
    return build(err, [] { return Xapian::Query::MatchAll; });
}

xc_query *xc_query_match_nothing(tr_error *err)
{
    return build(err, [] { return Xapian::Query::MatchNothing; });
}

char *xc_query_describe(const xc_query *q)
{
    char *out = nullptr;
    guard(nullptr, [&] { xc::copy_out(ref(q).q.get_description(), &out, nullptr); });
    return out;
}

void xc_query_free(xc_query *q)
{
    delete q;
}
