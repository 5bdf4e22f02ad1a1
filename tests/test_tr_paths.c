/* Tests for where the programs find their shipped files (common/tr_paths.h): the
 * build tree's layout, the environment's override, and a program copied into a
 * prefix of its own, which finds PREFIX/share/tracuu and nothing of the build. */
#include <limits.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cmocka.h>

#include "support.h"
#include "tr_paths.h"

static int exists(const char *dir, const char *name)
{
    char path[2 * PATH_MAX];
    snprintf(path, sizeof path, "%s/%s", dir, name);
    return access(path, F_OK) == 0;
}

TS_TEST(test_build_tree)
{
    char buf[PATH_MAX];
    assert_int_equal(tr_paths_find(TR_PLACE_DATA, buf, sizeof buf), 0);
    assert_true(exists(buf, "synonyms.tsv"));
    assert_int_equal(tr_paths_find(TR_PLACE_WEB, buf, sizeof buf), 0);
    assert_true(exists(buf, "static/tracuu.css"));
    assert_int_equal(tr_paths_find(TR_PLACE_EXTRACT, buf, sizeof buf), 0);
    assert_int_equal(access(buf, X_OK), 0);
    assert_string_equal(strrchr(buf, '/'), "/tracuu-extract");
}

TS_TEST(test_environment_wins)
{
    char buf[PATH_MAX];
    setenv("TRACUU_DATA_DIR", ts_tmp_dir(), 1);
    assert_int_equal(tr_paths_find(TR_PLACE_DATA, buf, sizeof buf), 0);
    assert_string_equal(buf, ts_tmp_dir());
    /* Named but missing: an error, and the message names it. */
    setenv("TRACUU_DATA_DIR", ts_tmp_path("none"), 1);
    assert_int_equal(tr_paths_find(TR_PLACE_DATA, buf, sizeof buf), -1);
    assert_string_equal(buf, ts_tmp_path("none"));
    unsetenv("TRACUU_DATA_DIR");
    setenv("TRACUU_EXTRACT", ts_tmp_path("none"), 1);
    assert_int_equal(tr_paths_find(TR_PLACE_EXTRACT, buf, sizeof buf), -1);
    unsetenv("TRACUU_EXTRACT");
}

static void copy_program(const char *from, const char *to)
{
    char cmd[3 * PATH_MAX];
    snprintf(cmd, sizeof cmd, "cp '%s' '%s'", from, to);
    assert_int_equal(system(cmd), 0);
}

/* What `prog --help` says on standard output, malloc()ed. */
static char *help_text(const char *prog)
{
    char cmd[3 * PATH_MAX];
    const char *out = ts_tmp_path("help.txt");
    snprintf(cmd, sizeof cmd, "'%s' --help > '%s'", prog, out);
    assert_int_equal(system(cmd), 0);
    FILE *f = fopen(out, "r");
    assert_non_null(f);
    char *text = calloc(1, 16384);
    assert_non_null(text);
    fread(text, 1, 16383, f);
    fclose(f);
    return text;
}

static void expect_default(const char *text, const char *prefix, const char *rel)
{
    char want[2 * PATH_MAX];
    snprintf(want, sizeof want, "(default %s%s)", prefix, rel);
    if (!strstr(text, want))
        fail_msg("--help does not say %s:\n%s", want, text);
}

/* tracuu-searchd --help names the folders it would use: under a prefix of its own,
 * PREFIX/share/tracuu/..., whether they are there yet or not. */
TS_TEST(test_relocated_program)
{
    char prefix[1024], dir[PATH_MAX], prog[PATH_MAX];
    snprintf(prefix, sizeof prefix, "%s/prefix", ts_tmp_dir());
    static const char *const dirs[] = {"", "/bin"};
    for (size_t i = 0; i < 2; i++) {
        snprintf(dir, sizeof dir, "%s%s", prefix, dirs[i]);
        assert_int_equal(mkdir(dir, 0755), 0);
    }
    snprintf(prog, sizeof prog, "%s/bin/tracuu-searchd", prefix);
    copy_program(ts_program("searchd/tracuu-searchd"), prog);
    /* Nothing installed beside it yet: where it should be, not the build tree's. */
    char *text = help_text(prog);
    expect_default(text, prefix, "/share/tracuu/data");
    expect_default(text, prefix, "/share/tracuu/web");
    free(text);
    static const char *const shared[] = {"/share", "/share/tracuu", "/share/tracuu/data",
                                         "/share/tracuu/web"};
    for (size_t i = 0; i < sizeof shared / sizeof *shared; i++) {
        snprintf(dir, sizeof dir, "%s%s", prefix, shared[i]);
        assert_int_equal(mkdir(dir, 0755), 0);
    }
    text = help_text(prog);
    expect_default(text, prefix, "/share/tracuu/data");
    expect_default(text, prefix, "/share/tracuu/web");
    free(text);
}

TS_MAIN(ts_tmp_setup, ts_tmp_teardown,
        cmocka_unit_test(test_build_tree),
        cmocka_unit_test(test_environment_wins),
        cmocka_unit_test(test_relocated_program))
