/* fuzz_jsonl: one JSON Lines line as the indexer takes it: checked and taken apart
 * (indexer/record.h), its text read in a legacy encoding when it looks like one, and
 * built into a Xapian document (document.h), as a pipeline worker does. */
#include "fuzz.h"

#include <stdlib.h>
#include <string.h>

#include "document.h"
#include "record.h"
#include "vn.h"

int fz_jsonl(const uint8_t *data, size_t size)
{
    vn_analyzer *a = fz_vn();
    tr_error err = {0};
    const char *line = (const char *)data;
    (void)ix_record_blank(line, size);
    ix_record rec;
    memset(&rec, 0, sizeof rec);
    if (ix_record_parse(&rec, line, size, "news", &err)) {
        fz_require(err.code == TR_EINVAL && err.message[0], "a rejected record says why");
        ix_record_clear(&rec);
        return 0;
    }
    fz_require(rec.id && rec.id_len > 0 && rec.id_len <= IX_ID_MAX, "id length");
    fz_require(vn_utf8_valid(rec.id, rec.id_len), "id is valid UTF-8");
    fz_require(ix_record_check_type(rec.type, NULL) == 0, "type acceptable");
    fz_require(rec.date[0] == '\0' || strlen(rec.date) == 8, "date is YYYYMMDD or empty");

    vn_encoding from;
    unsigned flags;
    if (ix_record_decode(&rec, VN_ENC_AUTO, &from, &flags, &err))
        return 0; /* out of memory: the record was cleared */
    fz_require(vn_utf8_valid(rec.title, rec.title_len), "title is valid UTF-8 after decoding");
    fz_require(vn_utf8_valid(rec.body, rec.body_len), "body is valid UTF-8 after decoding");

    xc_doc *doc = ix_document_build(a, &rec, NULL, &err);
    xc_doc_free(doc);
    char term[IX_ID_MAX + 8];
    fz_require(ix_document_idterm(term, sizeof term, rec.id, rec.id_len) > 0, "id term fits");
    size_t len = 0;
    char *dump = ix_record_dump(&rec, &len);
    if (dump) {
        /* The stored form is a record again, as searchd reads it back. */
        ix_record again;
        memset(&again, 0, sizeof again);
        tr_error e2 = {0};
        fz_require(ix_record_parse(&again, dump, len, "news", &e2) == 0,
                   "the stored form parses again");
        ix_record_clear(&again);
        free(dump);
    }
    ix_record_clear(&rec);
    return 0;
}
