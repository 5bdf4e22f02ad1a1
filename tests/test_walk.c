/* test_walk: what a folder run reads (indexer/walk.h), as an attacker who can write in
 * a shared folder would try it: a link to a file outside the folder, a FIFO in the
 * folder, a FIFO named on the command line.
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

static char folder[4096], outside[4096];

/* folder/: a.txt, inside.txt -> a.txt, secret.txt -> ../outside/secret.txt, pipe
 * (a FIFO); outside/secret.txt. */
static int setup(void **state)
{
    if (ts_tmp_setup(state))
        return -1;
    snprintf(folder, sizeof folder, "%s", ts_tmp_path("folder"));
    snprintf(outside, sizeof outside, "%s", ts_tmp_path("outside"));
    if (mkdir(folder, 0755) || mkdir(outside, 0755))
        return -1;
    char p[4200], q[4200];
    snprintf(p, sizeof p, "%s/a.txt", folder);
    static const char a[] = "Báo cáo tổng kết\nNội dung công khai về nông nghiệp.\n";
    ts_write_file(p, a, sizeof a - 1);
    snprintf(p, sizeof p, "%s/secret.txt", outside);
    static const char secret[] = "Mật khẩu máy chủ\nkhoabimatxyz\n";
    ts_write_file(p, secret, sizeof secret - 1);
    snprintf(q, sizeof q, "%s/secret.txt", folder);
    if (symlink(p, q))
        return -1;
    snprintf(q, sizeof q, "%s/inside.txt", folder);
    if (symlink("a.txt", q))
        return -1;
    snprintf(p, sizeof p, "%s/pipe", folder);
    if (mkfifo(p, 0600))
        return -1;
    alarm(120); /* a run that waits on the FIFO fails the test instead of hanging it */
    return 0;
}

static int index_folder(const char *db, const char *extra, char **err)
{
    char *argv[8] = {(char *)ts_program("indexer/tracuu-index"), "--db", (char *)db, "--quiet"};
    int n = 4;
    if (extra)
        argv[n++] = (char *)extra;
    argv[n++] = folder;
    argv[n] = NULL;
    return ts_run(argv, err);
}

/* Indexes the folder into `name` under the temporary folder with `extra` (may be
 * NULL): the link out of the folder must be skipped and named, with `summary` on
 * stderr (NULL: not checked), and the file it points at must not be read. */
static void expect_link_skipped(const char *name, const char *extra, const char *summary,
                                char db[4096])
{
    char *err = NULL;
    snprintf(db, 4096, "%s", ts_tmp_path(name));
    assert_int_equal(index_folder(db, extra, &err), 1); /* a file was skipped */
    assert_non_null(strstr(err, "secret.txt: skipped: a link to a file outside the folder"));
    if (summary && !strstr(err, summary))
        fail_msg("no \"%s\" on stderr:\n%s", summary, err);
    free(err);
    assert_int_equal(ts_termfreq(db, "khoabimatxyz"), 0);
    assert_int_equal(ts_termfreq(db, "Qa.txt"), 1);
}

TS_TEST(test_link_out_of_the_folder_is_skipped)
{
    char db[4096];
    expect_link_skipped("db", NULL, NULL, db);
    /* the link inside the folder is read, the FIFO passed over */
    assert_int_equal(ts_termfreq(db, "Qinside.txt"), 1);
    assert_int_equal(ts_termfreq(db, "Qpipe"), 0);
}

TS_TEST(test_sync_skips_it_too)
{
    char db[4096];
    expect_link_skipped("db-sync", "--sync", "1 skipped\n", db);
}

TS_TEST(test_follow_symlinks_reads_it)
{
    char db[4096], *err = NULL;
    snprintf(db, sizeof db, "%s", ts_tmp_path("db-follow"));
    assert_int_equal(index_folder(db, "--follow-symlinks", &err), 0);
    free(err);
    assert_int_equal(ts_termfreq(db, "khoabimatxyz"), 1);
}

TS_TEST(test_fifo_named_is_refused)
{
    char db[4096], fifo[4200];
    snprintf(db, sizeof db, "%s", ts_tmp_path("db-fifo"));
    snprintf(fifo, sizeof fifo, "%s/pipe", folder);
    free(ts_program_expect("indexer/tracuu-index", 2,
                           "is not a file or a folder (a FIFO, socket or device)", "--db", db,
                           fifo, NULL));
}

TS_MAIN(setup, ts_tmp_teardown,
        cmocka_unit_test(test_link_out_of_the_folder_is_skipped),
        cmocka_unit_test(test_sync_skips_it_too),
        cmocka_unit_test(test_follow_symlinks_reads_it),
        cmocka_unit_test(test_fifo_named_is_refused))
