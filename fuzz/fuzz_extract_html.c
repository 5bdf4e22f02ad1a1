/* fuzz_extract_html: a web page as the indexer reads one (extract/ex.h, libxml2's
 * HTML parser, the charset found from the page), from bytes in memory: either a
 * record with a title and a body in valid UTF-8, or an error that says why. */
#include "fuzz.h"

#include <jansson.h>
#include <string.h>

#include "ex.h"
#include "vn.h"

static void require_text(const json_t *rec, const char *key, int required)
{
    const json_t *v = json_object_get(rec, key);
    if (!v && !required)
        return;
    fz_require(json_is_string(v), key);
    fz_require(vn_utf8_valid(json_string_value(v), json_string_length(v)),
               "extracted text is valid UTF-8");
}

int fz_extract_html(const uint8_t *data, size_t size)
{
    ex_limits l;
    ex_limits_init(&l);
    json_t *out = NULL;
    tr_error err = {0};
    if (ex_extract_buffer(EX_HTML, (const char *)data, size, &l, &out, &err)) {
        fz_require(out == NULL, "no record with an error");
        fz_require(err.code != 0 && err.message[0] != '\0', "an error says why");
        return 0;
    }
    fz_require(json_is_object(out), "a record is a JSON object");
    require_text(out, "title", 1);
    require_text(out, "body", 1);
    require_text(out, "author", 0);
    require_text(out, "description", 0);
    const json_t *date = json_object_get(out, "date");
    fz_require(!date || json_is_null(date) ||
                   (json_is_string(date) && strlen(json_string_value(date)) == 10),
               "date is YYYY-MM-DD or null");
    json_decref(out);
    return 0;
}
