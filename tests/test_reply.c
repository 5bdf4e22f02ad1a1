/* Tests for searchd's answers to engine errors (searchd/reply.h): every TR_E* code
 * maps to one HTTP status, the same for the JSON API and the web pages. The answers
 * themselves are checked over HTTP by test_searchd, test_web and test_shards. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

#include <cmocka.h>

#include "reply.h"
#include "ts_main.h"

TS_TEST(test_status_for)
{
    static const struct {
        int code;
        unsigned status;
    } rows[] = {
        {TR_EINVAL, 400},       {TR_ELIMIT, 400},   {TR_ENOTFOUND, 404},
        {TR_EUNAVAILABLE, 503}, {TR_EMODIFIED, 503}, {TR_ENOMEM, 503},   {TR_EIO, 500},
        {TR_EXAPIAN, 500},      {TR_EICU, 500},     {TR_EINTERNAL, 500},
        {12345, 500}, /* a code this build does not know: the engine failed */
    };
    for (size_t i = 0; i < sizeof rows / sizeof rows[0]; i++) {
        tr_error err = {0};
        tr_error_set(&err, rows[i].code, "row %zu", i);
        unsigned got = sd_status_for(&err);
        if (got != rows[i].status)
            fail_msg("%s (%d): got %u, expected %u", tr_error_name(rows[i].code),
                     rows[i].code, got, rows[i].status);
    }
}

/* The status that logs a 5xx on the way (here quiet, so nothing is written) is
 * sd_status_for()'s. */
TS_TEST(test_failure_status_is_the_same)
{
    sd_request r = {0};
    r.url = "/api/search";
    r.quiet = 1;
    const int codes[] = {TR_EINVAL, TR_ENOTFOUND, TR_EUNAVAILABLE, TR_EXAPIAN};
    for (size_t i = 0; i < sizeof codes / sizeof codes[0]; i++) {
        tr_error err = {0};
        tr_error_set(&err, codes[i], "failed");
        assert_int_equal(sd_failure_status(&r, &err), sd_status_for(&err));
    }
}

TS_MAIN(NULL, NULL,
        cmocka_unit_test(test_status_for),
        cmocka_unit_test(test_failure_status_is_the_same))
