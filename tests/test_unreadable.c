/* test_unreadable: a folder run and --sync pass over what they cannot read
 * (indexer/walk.h, pipeline.c, sync.c): "PATH: skipped: why", counted, exit status 1,
 * the rest indexed, and no advice to run again, which would fail the same way.
 *
 * - A file whose read fails with an I/O error, for root too: a link to
 *   /proc/self/mem, whose first page is never mapped (read gives EIO).
 * - A folder that cannot be opened (mode 000). Root reads it anyway, so when the
 *   tests run as root (as in CI) tracuu-index runs as nobody through setpriv; the
 *   test is skipped, saying why, only when that cannot be done. A sync then keeps
 *   the documents of the folder it cannot read instead of deleting them.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "support.h"

static const char text[] = "Báo cáo tổng kết\nNội dung công khai về nông nghiệp.\n";

static void expect_words(const char *out, const char *words)
{
    if (!strstr(out, words))
        fail_msg("no \"%s\" in what tracuu-index said:\n%s", words, out);
}

TS_TEST(test_file_with_io_error_is_skipped)
{
    char docs[4096], db[4096], p[4200];
    snprintf(docs, sizeof docs, "%s", ts_tmp_path("io"));
    snprintf(db, sizeof db, "%s", ts_tmp_path("io-db"));
    assert_int_equal(mkdir(docs, 0755), 0);
    snprintf(p, sizeof p, "%s/a.txt", docs);
    ts_write_file(p, text, sizeof text - 1);
    snprintf(p, sizeof p, "%s/b.txt", docs);
    assert_int_equal(symlink("/proc/self/mem", p), 0);
    char *argv[] = {(char *)ts_program("indexer/tracuu-index"), "--quiet", "--db", db,
                    "--follow-symlinks", docs, NULL};
    char *out = ts_run_expect(argv, 1, "b.txt: skipped: ");
    expect_words(out, "Input/output error");
    expect_words(out, "1 skipped");
    assert_null(strstr(out, "run again"));
    free(out);
    assert_int_equal(ts_termfreq(db, "Qa.txt"), 1);
}

/* argv as nobody when root; NULL (the test skipped) when that cannot be done. */
static char **as_user(char **argv, char **buf, size_t cap)
{
    if (geteuid() != 0)
        return argv;
    static char *const prefix[] = {"/usr/bin/setpriv", "--reuid=65534", "--regid=65534",
                                   "--clear-groups", "--"};
    size_t n = sizeof prefix / sizeof prefix[0], i = 0;
    if (access(prefix[0], X_OK) != 0)
        return NULL;
    for (; i < n; i++)
        buf[i] = prefix[i];
    for (size_t j = 0; argv[j] && i + 1 < cap; j++)
        buf[i++] = argv[j];
    buf[i] = NULL;
    return buf;
}

static char *run_as_user(char **argv, int status, const char *words)
{
    char *buf[32];
    char **a = as_user(argv, buf, 32);
    return a ? ts_run_expect(a, status, words) : NULL;
}

TS_TEST(test_unreadable_folder_is_skipped)
{
    char *probe[] = {(char *)ts_program("indexer/tracuu-index"), "--version", NULL}, *buf[32];
    char **a = as_user(probe, buf, 32);
    if (!a || ts_run(a, NULL) != 0) {
        print_message("skipped: cannot run tracuu-index as an unprivileged user (setpriv, "
                      "or the build folder is not readable by nobody), and root reads a "
                      "folder of mode 000\n");
        skip();
    }
    /* Everything the unprivileged run needs to reach or write. */
    char top[4096], docs[4200], locked[4300], db[4200], p[4400];
    snprintf(top, sizeof top, "%s", ts_tmp_path("perm"));
    assert_int_equal(chmod(ts_tmp_dir(), 0755), 0);
    assert_int_equal(mkdir(top, 0777), 0);
    assert_int_equal(chmod(top, 0777), 0);
    snprintf(docs, sizeof docs, "%s/docs", top);
    snprintf(locked, sizeof locked, "%s/locked", docs);
    snprintf(db, sizeof db, "%s/db", top);
    assert_int_equal(mkdir(docs, 0755), 0);
    assert_int_equal(mkdir(locked, 0755), 0);
    snprintf(p, sizeof p, "%s/a.txt", docs);
    ts_write_file(p, text, sizeof text - 1);
    snprintf(p, sizeof p, "%s/b.txt", locked);
    ts_write_file(p, text, sizeof text - 1);

    char *sync[] = {(char *)ts_program("indexer/tracuu-index"), "--quiet", "--db", db,
                    "--sync", docs, NULL};
    free(run_as_user(sync, 0, "sync: 2 new"));
    assert_int_equal(chmod(locked, 0), 0);
    char *out = run_as_user(sync, 1, "locked: skipped: cannot read the folder: ");
    /* Its documents are not gone: they stay until it can be read again. */
    expect_words(out, "0 deleted, 1 skipped");
    assert_null(strstr(out, "run again"));
    free(out);
    assert_int_equal(ts_termfreq(db, "Qlocked/b.txt"), 1);
    assert_int_equal(ts_doccount(db), 2);

    /* A plain folder run: the rest is indexed. */
    char db2[4200];
    snprintf(db2, sizeof db2, "%s/db2", top);
    char *run[] = {(char *)ts_program("indexer/tracuu-index"), "--quiet", "--db", db2, docs,
                   NULL};
    free(run_as_user(run, 1, "locked: skipped: cannot read the folder: "));
    assert_int_equal(ts_termfreq(db2, "Qa.txt"), 1);
    assert_int_equal(chmod(locked, 0755), 0); /* for the teardown */
}

TS_TEST(test_file_named_alone_still_stops)
{
    /* A mistyped path on the command line is no file to skip: nothing is written. */
    char db[4096];
    snprintf(db, sizeof db, "%s", ts_tmp_path("typo-db"));
    char *argv[] = {(char *)ts_program("indexer/tracuu-index"), "--quiet", "--db", db,
                    (char *)ts_tmp_path("no-such-file.txt"), NULL};
    free(ts_run_expect(argv, 2, "cannot open"));
    assert_int_equal(access(db, F_OK), -1);
}

TS_MAIN(ts_tmp_setup, ts_tmp_teardown,
        cmocka_unit_test(test_file_with_io_error_is_skipped),
        cmocka_unit_test(test_unreadable_folder_is_skipped),
        cmocka_unit_test(test_file_named_alone_still_stops))
