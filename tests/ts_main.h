/* ts_main: a test program's main() in one line, for every test program, including those
 * that link nothing of tests/support.c.
 *
 * TS_MAIN(setup, teardown, cmocka_unit_test(a), ...) runs the tests as one group with
 * `setup` and `teardown` (NULL: none), so that a program says only which tests and
 * which fixture; TS_TEST(name) { ... } a test that needs no state from its group, without
 * the "(void)state;" every such test would repeat. Include it after <cmocka.h>.
 */
#ifndef TS_MAIN_H
#define TS_MAIN_H

#define TS_MAIN(setup, teardown, ...)                                 \
    int main(void)                                                    \
    {                                                                 \
        const struct CMUnitTest ts_tests_[] = {__VA_ARGS__};          \
        return cmocka_run_group_tests(ts_tests_, setup, teardown);    \
    }

#define TS_TEST(name)                                                 \
    static void name##_body(void);                                    \
    static void name(void **state)                                    \
    {                                                                 \
        (void)state;                                                  \
        name##_body();                                                \
    }                                                                 \
    static void name##_body(void)

#endif
