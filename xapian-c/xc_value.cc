/* xc_value.cc: numbers as value-slot bytes.
 *
 * Values compare as bytes (xc_enquire_set_sort, xc_query_value_range), so a number
 * sorts right only once encoded so that byte order is numeric order: Xapian's
 * sortable_serialise() does that for doubles, exactly for whole numbers up to 2^53
 * (a budget in đồng fits many times over).
 */
#include "xc_int.h"

size_t xc_sortable_serialise(double value, char out[XC_SORTABLE_MAX])
{
    try {
        const std::string s = Xapian::sortable_serialise(value);
        if (s.size() > XC_SORTABLE_MAX)
            return 0;
        std::memcpy(out, s.data(), s.size());
        return s.size();
    } catch (...) {
        return 0;
    }
}

double xc_sortable_unserialise(const char *value, size_t len)
{
    try {
        return Xapian::sortable_unserialise(xc::bytes(value, len));
    } catch (...) {
        return 0.0;
    }
}
