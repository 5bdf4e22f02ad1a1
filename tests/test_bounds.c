/* test_bounds: what one record may cost the indexer (indexer/document.h).
 *
 * A record of more distinct words than IX_DOC_DISTINCT_MAX once took gigabytes of
 * memory while its document was built. It is now indexed as far as its bounds go:
 * reported with its file and line, counted in the summary, its first words
 * searchable and its last not, and the records after it indexed as usual.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "support.h"
#include "xc.h"

#define WORDS 400000 /* distinct words, past the bound of 250,000 distinct terms */

/* The i-th distinct word: "x" and i in base 26, letters only, so that each is one
 * token whose folded term is itself. */
static size_t word(char *buf, unsigned long i)
{
    size_t n = 0;
    buf[n++] = 'x';
    do {
        buf[n++] = (char)('a' + i % 26);
        i /= 26;
    } while (i);
    buf[n] = '\0';
    return n;
}

static char *big_corpus(size_t *len)
{
    size_t cap = (size_t)WORDS * 8 + 1024, n = 0;
    char *s = malloc(cap);
    assert_non_null(s);
    n += (size_t)snprintf(s, cap, "{\"id\": \"big\", \"type\": \"news\", \"title\": \"Tài liệu "
                                  "lớn\", \"body\": \"");
    char w[16];
    for (unsigned long i = 0; i < WORDS; i++) {
        size_t k = word(w, i);
        memcpy(s + n, w, k);
        n += k;
        s[n++] = ' ';
    }
    n += (size_t)snprintf(s + n, cap - n,
                          "\"}\n{\"id\": \"after\", \"type\": \"news\", \"title\": \"Khoa học\", "
                          "\"body\": \"Nghiên cứu công nghệ sinh học.\"}\n");
    *len = n;
    return s;
}

TS_TEST(test_huge_record_is_truncated_and_reported)
{
    size_t len;
    char *jsonl = big_corpus(&len);
    char input[4096], db[4096];
    snprintf(input, sizeof input, "%s", ts_tmp_path("big.jsonl"));
    snprintf(db, sizeof db, "%s", ts_tmp_path("db"));
    ts_write_file(input, jsonl, len);
    free(jsonl);

    char *err = NULL;
    char *argv[] = {(char *)ts_program("indexer/tracuu-index"), "--db", db, "--max-record",
                    "64", input, NULL};
    int status = ts_run(argv, &err);
    assert_non_null(err);
    if (status != 0)
        fprintf(stderr, "%s", err);
    assert_int_equal(status, 0); /* indexed, in part: not a skipped record */
    assert_non_null(strstr(err, "big.jsonl:1: truncated: more than 250000 distinct terms"));
    assert_non_null(strstr(err, "2 documents indexed"));
    assert_non_null(strstr(err, "; 1 truncated"));
    assert_non_null(strstr(err, "the first 1 MB are stored and shown"));
    free(err);

    char w[16];
    word(w, 0);
    assert_int_equal(ts_termfreq(db, w), 1); /* the first words are searchable */
    word(w, WORDS - 1);
    assert_int_equal(ts_termfreq(db, w), 0); /* the last are not */
    assert_int_equal(ts_termfreq(db, "Qafter"), 1);
    assert_int_equal(ts_doccount(db), 2);

    /* Its stored record holds the first 1 MB of the body, and says how long it was. */
    xc_db *x = xc_db_open(db, NULL);
    assert_non_null(x);
    xc_docid id = 0;
    assert_int_equal(xc_db_find(x, "Qbig", 4, &id, NULL), 0);
    char *data = NULL;
    size_t dlen = 0;
    assert_int_equal(xc_db_data(x, id, &data, &dlen, NULL), 0);
    json_t *rec = json_loadb(data, dlen, 0, NULL);
    assert_non_null(rec);
    size_t stored = json_string_length(json_object_get(rec, "body"));
    if (stored > (1u << 20) || stored < (1u << 20) - 16)
        fail_msg("%zu bytes of the body stored; 1 MB expected", stored);
    assert_true(json_integer_value(json_object_get(rec, "_body_bytes")) > (1 << 20));
    json_decref(rec);
    free(data);
    xc_db_free(x);
}

TS_TEST(test_normal_record_is_whole)
{
    static const char jsonl[] = "{\"id\": \"n\", \"type\": \"news\", \"title\": \"Tin\", "
                                "\"body\": \"xa xb xc\"}\n";
    char input[4096], db[4096];
    snprintf(input, sizeof input, "%s", ts_tmp_path("n.jsonl"));
    snprintf(db, sizeof db, "%s", ts_tmp_path("db-n"));
    ts_write_file(input, jsonl, sizeof jsonl - 1);
    char *err = ts_program_expect("indexer/tracuu-index", 0, NULL, "--db", db, input, NULL);
    assert_null(strstr(err, "truncated"));
    free(err);
    assert_int_equal(ts_termfreq(db, "xc"), 1);
}

TS_MAIN(ts_tmp_setup, ts_tmp_teardown,
        cmocka_unit_test(test_huge_record_is_truncated_and_reported),
        cmocka_unit_test(test_normal_record_is_whole))
