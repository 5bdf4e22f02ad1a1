/* charset: a web page's bytes made UTF-8 before the HTML parser sees them, so that
 * libxml2 never guesses (it falls back to Latin-1 at the first invalid byte).
 *
 * The charset is the one the page declares (byte order mark, <meta charset>,
 * <meta http-equiv content="...; charset=...">, <?xml encoding?>). ICU's converters
 * read every charset a browser knows, Windows-1258 included (its tone marks come out
 * combining; assemble.c makes them NFC). The pre-Unicode Vietnamese encodings are
 * vn_legacy's: a page that names TCVN3, VNI or VIQR, or declares nothing and is not
 * UTF-8 but reads as one of them. Such pages usually declare Windows-1252 for their
 * .VnTime fonts: their text is then mojibake, which assemble.c detects and reads. */
#include "ex_int.h"

#include <ctype.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include <unicode/ucnv.h>

#include "vn.h"
#include "vn_legacy.h"

#define SNIFF 4096 /* where a declaration must be, as in the HTML standard (1024) and more */

/* Finds "charset=NAME" (or encoding="NAME") in the first SNIFF bytes. */
static void declared(const char *data, size_t len, char name[64])
{
    name[0] = '\0';
    size_t n = len < SNIFF ? len : SNIFF;
    static const char *const KEYS[] = {"charset", "encoding"};
    for (size_t k = 0; k < 2 && !name[0]; k++) {
        size_t w = strlen(KEYS[k]);
        for (size_t i = 0; i + w < n; i++) {
            if (strncasecmp(data + i, KEYS[k], w) != 0)
                continue;
            size_t j = i + w;
            while (j < n && (data[j] == ' ' || data[j] == '\t'))
                j++;
            if (j >= n || data[j] != '=')
                continue;
            j++;
            while (j < n && (data[j] == ' ' || data[j] == '"' || data[j] == '\''))
                j++;
            size_t o = 0;
            while (j < n && o < 63 && (isalnum((unsigned char)data[j]) || strchr("-_.:", data[j])))
                name[o++] = (char)tolower((unsigned char)data[j++]);
            name[o] = '\0';
            if (o)
                break;
        }
    }
}

static int icu_convert(const char *from, const char *data, size_t len, char **out,
                       size_t *out_len, tr_error *err)
{
    if (len > 0x7FFFFFFF / 4)
        return tr_error_set(err, TR_ELIMIT, "a page too large to convert from %s", from);
    UErrorCode st = U_ZERO_ERROR;
    UConverter *c = ucnv_open(from, &st);
    if (U_FAILURE(st))
        return TR_ENOTFOUND; /* not a charset ICU knows: the caller chooses another */
    ucnv_close(c);
    int32_t cap = (int32_t)len * 3 + 16;
    char *buf = malloc((size_t)cap);
    if (!buf)
        return tr_error_set(err, TR_ENOMEM, "out of memory converting a page");
    st = U_ZERO_ERROR;
    int32_t n = ucnv_convert("UTF-8", from, buf, cap, data, (int32_t)len, &st);
    if (U_FAILURE(st)) {
        free(buf);
        return tr_error_set(err, TR_EICU, "cannot convert a page from %s: %s", from,
                            u_errorName(st));
    }
    *out = buf;
    *out_len = (size_t)n;
    return 0;
}

static int legacy(vn_encoding enc, unsigned flags, const char *data, size_t len, char **out,
                  size_t *out_len, char **used, const char *name, tr_error *err)
{
    int rc = vn_legacy_convert(enc, flags, data, len, out, out_len, err);
    if (rc == 0 && !(*used = strdup(name)))
        rc = tr_error_set(err, TR_ENOMEM, "out of memory");
    return rc;
}

int ex_charset_to_utf8(const char *data, size_t len, char **out, size_t *out_len, char **used,
                       tr_error *err)
{
    *out = NULL;
    *used = NULL;
    char name[64];
    if (len >= 3 && memcmp(data, "\xEF\xBB\xBF", 3) == 0)
        strcpy(name, "utf-8");
    else if (len >= 2 && (memcmp(data, "\xFF\xFE", 2) == 0 || memcmp(data, "\xFE\xFF", 2) == 0))
        strcpy(name, data[0] == '\xFF' ? "utf-16le" : "utf-16be");
    else
        declared(data, len, name);

    vn_encoding enc;
    if (name[0] && strcmp(name, "utf-8") != 0 && strcmp(name, "utf8") != 0 &&
        vn_legacy_parse(name, &enc, NULL) == 0 && enc != VN_ENC_AUTO)
        return legacy(enc, 0, data, len, out, out_len, used, vn_legacy_name(enc), err);
    if (!name[0] && !vn_utf8_valid(data, len)) {
        unsigned flags = 0;
        enc = vn_legacy_detect(data, len, &flags);
        if (enc != VN_ENC_UTF8)
            return legacy(enc, flags, data, len, out, out_len, used, vn_legacy_name(enc), err);
        strcpy(name, "windows-1252"); /* what browsers read an undeclared page as */
    }
    if (!name[0] || strcmp(name, "utf-8") == 0 || strcmp(name, "utf8") == 0 ||
        strcmp(name, "us-ascii") == 0)
        return legacy(VN_ENC_UTF8, 0, data, len, out, out_len, used, "utf-8", err);
    /* The HTML standard reads these labels as Windows-1252, as browsers do. */
    if (strcmp(name, "iso-8859-1") == 0 || strcmp(name, "latin1") == 0)
        strcpy(name, "windows-1252");
    int rc = icu_convert(name, data, len, out, out_len, err);
    if (rc == TR_ENOTFOUND) /* an unknown label: read as UTF-8, invalid bytes replaced */
        return legacy(VN_ENC_UTF8, 0, data, len, out, out_len, used, "utf-8", err);
    if (rc == 0 && !(*used = strdup(name))) {
        free(*out);
        *out = NULL;
        rc = tr_error_set(err, TR_ENOMEM, "out of memory");
    }
    return rc;
}
