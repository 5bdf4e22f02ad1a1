/* ts_main: a test program's main() in one line, for every test program, including those
 * that link nothing of tests/support.c.
 *
 * TS_MAIN(setup, teardown, cmocka_unit_test(a), ...) runs the tests as one group with
 * `setup` and `teardown` (NULL: none), so that a program says only which tests and
 * which fixture. Include it after <cmocka.h>.
 */
#ifndef TS_MAIN_H
#define TS_MAIN_H

#define TS_MAIN(setup, teardown, ...)                                 \
    int main(void)                                                    \
    {                                                                 \
        const struct CMUnitTest ts_tests_[] = {__VA_ARGS__};          \
        return cmocka_run_group_tests(ts_tests_, setup, teardown);    \
    }

#endif
