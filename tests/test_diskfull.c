/* test_diskfull: tracuu-index on a full disk says what it did not do.
 *
 * A small tmpfs holds an index, then is filled. Deleting, adding and syncing must then
 * fail with exit status 2, name what was not committed, count nothing as done, and
 * leave the index as it was (a delete once printed "deleted" and "1 deleted" while the
 * document stayed). Needs root to mount the tmpfs; skipped otherwise.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mount.h>
#include <sys/stat.h>
#include <unistd.h>

#include "support.h"

static char mnt[4096], db[4200], filler[4200];
static int mounted;

static int setup(void **state)
{
    if (ts_tmp_setup(state))
        return -1;
    snprintf(mnt, sizeof mnt, "%s", ts_tmp_path("small"));
    if (mkdir(mnt, 0755))
        return -1;
    mounted = geteuid() == 0 && mount("tmpfs", mnt, "tmpfs", 0, "size=8m") == 0;
    if (!mounted)
        return 0;
    snprintf(db, sizeof db, "%s/db", mnt);
    char *argv[] = {(char *)ts_program("indexer/tracuu-index"), "--db", db, "--quiet",
                    (char *)ts_source("corpus/sample.jsonl"), NULL};
    if (ts_run_reported(argv) != 0)
        return -1;
    /* Fill what is left. */
    snprintf(filler, sizeof filler, "%s/filler", mnt);
    FILE *f = fopen(filler, "wb");
    static char block[65536];
    while (f && fwrite(block, 1, sizeof block, f) == sizeof block)
        ;
    if (f)
        fclose(f);
    return 0;
}

static int teardown(void **state)
{
    if (mounted)
        umount2(mnt, MNT_DETACH);
    return ts_tmp_teardown(state);
}

TS_TEST(test_delete_on_a_full_disk)
{
    if (!mounted)
        skip();
    assert_int_equal(ts_termfreq(db, "Qnews-2023-001"), 1);
    char *err = ts_program_expect("indexer/tracuu-index", 2, "delete news-2023-001: not deleted",
                                  "--db", db, "--delete", "news-2023-001", NULL);
    assert_null(strstr(err, "news-2023-001: deleted"));
    assert_non_null(strstr(err, "; 0 deleted"));
    assert_non_null(strstr(err, "No space left on device"));
    free(err);
    assert_int_equal(ts_termfreq(db, "Qnews-2023-001"), 1);
}

TS_TEST(test_add_on_a_full_disk)
{
    if (!mounted)
        skip();
    char input[4096];
    snprintf(input, sizeof input, "%s", ts_tmp_path("more.jsonl"));
    FILE *f = fopen(input, "w");
    assert_non_null(f);
    for (int i = 0; i < 300; i++)
        fprintf(f, "{\"id\": \"full-%d\", \"type\": \"news\", \"title\": \"Tin %d\", \"body\": "
                   "\"Nội dung dài về khoa học công nghệ số %d, lặp lại nhiều lần cho đầy đĩa "
                   "đĩa đầy rồi.\"}\n",
                i, i, i * 7919);
    fclose(f);
    char *err = ts_program_expect("indexer/tracuu-index", 2, "error:", "--db", db, input, NULL);
    assert_non_null(strstr(err, "0 documents indexed"));
    free(err);
    assert_int_equal(ts_termfreq(db, "Qfull-0"), 0);
}

TS_MAIN(setup, teardown,
        cmocka_unit_test(test_delete_on_a_full_disk),
        cmocka_unit_test(test_add_on_a_full_disk))
