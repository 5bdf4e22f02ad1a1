/* Tests for the error record (common/tr_error.h): the first error wins, NULL records
 * are allowed, long messages are cut, not overflowed, tr_error_calloc() records "out
 * of memory". */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "tr_error.h"
#include "ts_main.h"

TS_TEST(test_first_error_wins)
{
    tr_error err = {0};
    assert_int_equal(tr_error_set(&err, TR_EIO, "cannot read %s", "a.jsonl"), TR_EIO);
    assert_int_equal(tr_error_set(&err, TR_ENOMEM, "later"), TR_ENOMEM);
    assert_int_equal(err.code, TR_EIO);
    assert_string_equal(err.message, "cannot read a.jsonl");
    tr_error_clear(&err);
    assert_int_equal(err.code, TR_OK);
    assert_string_equal(err.message, "");
    tr_error_set(&err, TR_EINVAL, "again");
    assert_string_equal(err.message, "again");
}

TS_TEST(test_null_record_long_message_calloc)
{
    assert_int_equal(tr_error_set(NULL, TR_EINVAL, "nobody listens"), TR_EINVAL);
    tr_error_clear(NULL);
    char longer[1000];
    memset(longer, 'x', sizeof longer - 1);
    longer[sizeof longer - 1] = '\0';
    tr_error err = {0};
    tr_error_set(&err, TR_ELIMIT, "%s", longer);
    assert_int_equal(strlen(err.message), sizeof err.message - 1);
    /* tr_error_calloc: a zeroed object and the record untouched (a NULL one too); no
     * memory, NULL and "out of memory" (not under ASan, whose allocator aborts on such
     * a size instead). */
    unsigned char *p = tr_error_calloc(64, NULL);
    assert_non_null(p);
    free(p);
    tr_error fresh = {0};
    p = tr_error_calloc(64, &fresh);
    assert_non_null(p);
    for (size_t i = 0; i < 64; i++)
        assert_int_equal(p[i], 0);
    assert_int_equal(fresh.code, TR_OK);
    free(p);
#ifndef __SANITIZE_ADDRESS__
    assert_null(tr_error_calloc(SIZE_MAX, &fresh));
    assert_int_equal(fresh.code, TR_ENOMEM);
    assert_string_equal(fresh.message, "out of memory");
#endif
}

TS_TEST(test_names)
{
    assert_string_equal(tr_error_name(TR_OK), "no error");
    assert_string_equal(tr_error_name(TR_ENOMEM), "out of memory");
    assert_string_equal(tr_error_name(TR_EXAPIAN), "index error");
    assert_string_equal(tr_error_name(TR_EUNAVAILABLE), "unavailable");
    assert_string_equal(tr_error_name(TR_EMODIFIED), "index changed");
    assert_string_equal(tr_error_name(12345), "internal error");
}

TS_MAIN(NULL, NULL,
        cmocka_unit_test(test_first_error_wins),
        cmocka_unit_test(test_null_record_long_message_calloc),
        cmocka_unit_test(test_names))
