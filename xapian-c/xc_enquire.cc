/* xc_enquire.cc: running queries, reading result sets, counting facets.
 *
 * An xc_enquire is a Xapian::Enquire: the query, the weighting, the order and
 * collapsing of results, and the match spies to feed. A run produces an xc_mset,
 * which keeps what it needs to read documents on its own. An xc_spy is a
 * ValueCountMatchSpy that the enquiry only borrows.
 */
#include "xc_int.h"

using xc::guard;
using xc::ref;

xc_enquire *xc_enquire_new(xc_db *db, tr_error *err)
{
    xc_enquire *e = nullptr;
    guard(err, [&] { e = new xc_enquire{Xapian::Enquire(ref(db).db), ref(db).link}; });
    return e;
}

void xc_enquire_free(xc_enquire *e)
{
    delete e;
}

int xc_enquire_set_query(xc_enquire *e, const xc_query *q, tr_error *err)
{
    return guard(err, [&] { ref(e).enq.set_query(ref(q).q); });
}

int xc_enquire_set_bm25(xc_enquire *e, double k1, double k2, double k3, double b,
                        double min_normlen, tr_error *err)
{
    return guard(err, [&] {
        ref(e).enq.set_weighting_scheme(Xapian::BM25Weight(k1, k2, k3, b, min_normlen));
    });
}

int xc_enquire_set_sort(xc_enquire *e, xc_sort how, unsigned slot, int descending, tr_error *err)
{
    return guard(err, [&] {
        Xapian::Enquire &enq = ref(e).enq;
        /* Xapian's `reverse` turns its ascending value order into descending. */
        bool reverse = descending != 0;
        switch (xc::enum_value(how)) {
        case XC_SORT_RELEVANCE:
            enq.set_sort_by_relevance();
            break;
        case XC_SORT_VALUE:
            enq.set_sort_by_value(slot, reverse);
            break;
        case XC_SORT_VALUE_THEN_RELEVANCE:
            enq.set_sort_by_value_then_relevance(slot, reverse);
            break;
        case XC_SORT_RELEVANCE_THEN_VALUE:
            enq.set_sort_by_relevance_then_value(slot, reverse);
            break;
        default:
            xc::fail(TR_EINVAL, "unknown sort order");
        }
    });
}

int xc_enquire_set_collapse(xc_enquire *e, unsigned slot, uint32_t max, tr_error *err)
{
    return guard(err, [&] {
        if (max == 0)
            ref(e).enq.set_collapse_key(Xapian::BAD_VALUENO);
        else
            ref(e).enq.set_collapse_key(slot, max);
    });
}

int xc_enquire_set_cutoff(xc_enquire *e, int percent, tr_error *err)
{
    return guard(err, [&] {
        if (percent < 0 || percent > 100)
            xc::fail(TR_EINVAL, "percent cutoff outside 0..100");
        ref(e).enq.set_cutoff(percent, ref(e).weight_cutoff);
        ref(e).percent_cutoff = percent;
    });
}

int xc_enquire_set_weight_cutoff(xc_enquire *e, double weight, tr_error *err)
{
    return guard(err, [&] {
        if (!(weight >= 0))
            xc::fail(TR_EINVAL, "weight cutoff is negative");
        // Keep the percent cutoff as it is: Xapian sets both at once.
        ref(e).enq.set_cutoff(ref(e).percent_cutoff, weight);
        ref(e).weight_cutoff = weight;
    });
}

int xc_enquire_add_spy(xc_enquire *e, xc_spy *spy, tr_error *err)
{
    return guard(err, [&] { ref(e).enq.add_matchspy(&ref(spy).spy); });
}

int xc_enquire_clear_spies(xc_enquire *e, tr_error *err)
{
    return guard(err, [&] { ref(e).enq.clear_matchspies(); });
}

xc_mset *xc_enquire_run(xc_enquire *e, uint32_t first, uint32_t max, uint32_t check_at_least,
                        tr_error *err)
{
    xc_mset *m = nullptr;
    xc::guard_link(e ? e->link : xc::link(), err, [&] {
        Xapian::MSet mset = ref(e).enq.get_mset(first, max, check_at_least);
        /* Over remote shards each document read is an exchange; asking for all of
         * the page's at once pipelines them (callers read every document of a page:
         * snippets, facets), so a page costs about one round trip, not one each. */
        if (e->link && e->link->remote.load(std::memory_order_relaxed))
            mset.fetch();
        m = new xc_mset{mset, e->link};
    });
    return m;
}

int xc_enquire_matching_terms(xc_enquire *e, xc_docid docid, xc_term_fn fn, void *ctx,
                              tr_error *err)
{
    return xc::guard_link(e ? e->link : xc::link(), err, [&] {
        xc::feed_terms(ref(e).enq.get_matching_terms_begin(docid), std::string(), fn, ctx,
                       [](const Xapian::TermIterator &) { return 0; });
    });
}

/* ---- Result sets -------------------------------------------------------- */

/* The MSet accessors below do not throw in practice; guard() makes sure. */
template <typename F>
static uint64_t count(const xc_mset *m, F &&get)
{
    uint64_t n = 0;
    guard(nullptr, [&] { n = get(ref(m).mset); });
    return n;
}

size_t xc_mset_size(const xc_mset *m)
{
    return count(m, [](const Xapian::MSet &s) { return s.size(); });
}

uint64_t xc_mset_estimated(const xc_mset *m)
{
    return count(m, [](const Xapian::MSet &s) { return s.get_matches_estimated(); });
}

uint64_t xc_mset_lower_bound(const xc_mset *m)
{
    return count(m, [](const Xapian::MSet &s) { return s.get_matches_lower_bound(); });
}

uint64_t xc_mset_upper_bound(const xc_mset *m)
{
    return count(m, [](const Xapian::MSet &s) { return s.get_matches_upper_bound(); });
}

double xc_mset_max_attained(const xc_mset *m)
{
    double w = 0;
    guard(nullptr, [&] { w = ref(m).mset.get_max_attained(); });
    return w;
}

/* The iterator for result i, or a TR_EINVAL failure when there is none. */
static Xapian::MSetIterator at(const xc_mset *m, size_t i)
{
    const Xapian::MSet &s = ref(m).mset;
    if (i >= s.size())
        xc::fail(TR_EINVAL, "result index out of range");
    return s[static_cast<Xapian::doccount>(i)];
}

int xc_mset_hit(const xc_mset *m, size_t i, xc_hit *out, tr_error *err)
{
    return guard(err, [&] {
        Xapian::MSetIterator it = at(m, i);
        xc_hit &hit = ref(out);
        hit.docid = *it;
        hit.rank = it.get_rank();
        hit.weight = it.get_weight();
        hit.percent = it.get_percent();
        hit.collapse_count = it.get_collapse_count();
    });
}

int xc_mset_data(const xc_mset *m, size_t i, char **out, size_t *len, tr_error *err)
{
    return xc::guard_string_link(m ? m->link : xc::link(), out, len, err,
                                 [&] { return at(m, i).get_document().get_data(); });
}

int xc_mset_value(const xc_mset *m, size_t i, unsigned slot, char **out, size_t *len,
                  tr_error *err)
{
    return xc::guard_string_link(m ? m->link : xc::link(), out, len, err,
                                 [&] { return at(m, i).get_document().get_value(slot); });
}

void xc_mset_free(xc_mset *m)
{
    delete m;
}

/* ---- Match spies -------------------------------------------------------- */

xc_spy *xc_spy_new(unsigned slot, tr_error *err)
{
    xc_spy *spy = nullptr;
    guard(err, [&] { spy = new xc_spy{Xapian::ValueCountMatchSpy(slot)}; });
    return spy;
}

void xc_spy_free(xc_spy *spy)
{
    delete spy;
}

uint64_t xc_spy_total(const xc_spy *spy)
{
    return spy ? spy->spy.get_total() : 0;
}

int xc_spy_top(const xc_spy *spy, size_t max, xc_term_fn fn, void *ctx, tr_error *err)
{
    return guard(err, [&] {
        xc::feed_terms(ref(spy).spy.top_values_begin(max), std::string(), fn, ctx,
                       [](const Xapian::TermIterator &it) { return it.get_termfreq(); });
    });
}
