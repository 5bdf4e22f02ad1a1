/* fuzz_legacy: the legacy-encoding detector and converters (analyzers/vn_legacy.h)
 * over arbitrary bytes: detection never fails, every reading gives valid UTF-8, and
 * what the ingest path calls (vn_legacy_decode) agrees with detection. */
#include "fuzz.h"

#include <stdlib.h>

#include "vn.h"
#include "vn_legacy.h"

static void convert(vn_encoding enc, unsigned flags, const char *text, size_t len)
{
    char *out = NULL;
    size_t out_len = 0;
    tr_error err = {0};
    if (vn_legacy_convert(enc, flags, text, len, &out, &out_len, &err) == 0) {
        fz_require(out != NULL, "a conversion gives text");
        fz_require(vn_utf8_valid(out, out_len), "a conversion gives valid UTF-8");
        free(out);
    } else {
        fz_require(out == NULL && err.code != TR_EINVAL, "a real encoding converts");
    }
}

int fz_legacy(const uint8_t *data, size_t size)
{
    const char *text = (const char *)data;
    unsigned flags = 7;
    vn_encoding found = vn_legacy_detect(text, size, &flags);
    fz_require(found == VN_ENC_UTF8 || found == VN_ENC_TCVN3 || found == VN_ENC_VNI ||
                   found == VN_ENC_VIQR,
               "detection answers an encoding");
    fz_require(flags == 0 || flags == VN_LEGACY_MOJIBAKE, "detection flags");
    fz_require(vn_legacy_name(found) != NULL, "every encoding has a name");

    const vn_encoding all[] = {VN_ENC_UTF8, VN_ENC_TCVN3, VN_ENC_VNI, VN_ENC_VIQR};
    for (size_t i = 0; i < sizeof all / sizeof all[0]; i++) {
        (void)vn_legacy_fits(all[i], 0, text, size);
        (void)vn_legacy_fits(all[i], VN_LEGACY_MOJIBAKE, text, size);
        convert(all[i], 0, text, size);
        if (all[i] == VN_ENC_TCVN3 || all[i] == VN_ENC_VNI)
            convert(all[i], VN_LEGACY_MOJIBAKE, text, size);
    }

    const vn_encoding asked[] = {VN_ENC_AUTO, VN_ENC_UTF8, VN_ENC_TCVN3, VN_ENC_VNI, VN_ENC_VIQR};
    for (size_t i = 0; i < sizeof asked / sizeof asked[0]; i++) {
        char *out = NULL;
        size_t out_len = 0;
        vn_encoding from = VN_ENC_AUTO;
        unsigned fl = 7;
        tr_error err = {0};
        if (vn_legacy_decode(asked[i], text, size, &out, &out_len, &from, &fl, &err))
            continue;
        if (out) {
            fz_require(vn_utf8_valid(out, out_len), "a decoded text is valid UTF-8");
            fz_require(from != VN_ENC_UTF8 && from != VN_ENC_AUTO, "a change names its reading");
            free(out);
        } else {
            fz_require(from == VN_ENC_UTF8 && fl == 0, "no change reads as UTF-8");
        }
        if (asked[i] == VN_ENC_AUTO && found == VN_ENC_UTF8)
            fz_require(out == NULL || from == VN_ENC_UTF8, "auto follows detection");
    }
    return 0;
}
