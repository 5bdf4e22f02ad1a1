/* Tests of tracuu-index --sync, black-box: a first sync indexes a folder; a
 * second with nothing changed does nothing; then a file changed with the same size,
 * a file touched but unchanged (not extracted again: the summary counts it
 * unchanged), a file deleted, a file added and a .tracuu changed are each seen
 * for what they are, and the index ends equal to the folder. Every file is
 * written here. */
#include <fcntl.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include <cmocka.h>

#include "support.h"
#include "vn_terms.h"
#include "xc.h"

static char dir[4096], db[4096];

static const char *at(const char *name)
{
    static char p[8][4200];
    static int k;
    k = (k + 1) % 8;
    snprintf(p[k], sizeof p[k], "%s/%s", dir, name);
    return p[k];
}

static void write_text(const char *name, const char *text)
{
    ts_write_file(at(name), text, strlen(text));
}

/* Sets a file's modification time `secs` seconds after a fixed moment, so that a
 * change is seen whatever the clock's resolution. */
static void set_mtime(const char *name, long secs)
{
    struct timespec t[2] = {{1700000000 + secs, 0}, {1700000000 + secs, 0}};
    assert_int_equal(utimensat(AT_FDCWD, at(name), t, 0), 0);
}

/* Runs a sync of `folder`; returns stderr and checks the exit status. */
static char *sync_run(const char *folder, int want_status)
{
    char *argv[] = {(char *)ts_program("indexer/tracuu-index"), "--db", db, "--quiet",
                    "--sync", (char *)folder, NULL};
    char *err = NULL;
    int status = ts_run(argv, &err);
    if (status != want_status) {
        print_error("stderr:\n%s", err);
        free(err);
        fail_msg("exit status %d, expected %d", status, want_status);
    }
    return err;
}

static void expect_summary(char *err, const char *line)
{
    if (!strstr(err, line)) {
        print_error("expected \"%s\" in:\n%s", line, err);
        free(err);
        fail();
    }
}

static char *type_of(const char *id)
{
    xc_db *x = xc_db_open(db, NULL);
    assert_non_null(x);
    char term[300];
    snprintf(term, sizeof term, "%s%s", VN_P_ID, id);
    xc_docid docid;
    assert_int_equal(xc_db_find(x, term, strlen(term), &docid, NULL), 0);
    char *v;
    size_t len;
    assert_int_equal(xc_db_value(x, docid, VN_SLOT_TYPE, &v, &len, NULL), 0);
    xc_db_free(x);
    return v;
}

static int setup(void **state)
{
    ts_tmp_setup(state);
    snprintf(dir, sizeof dir, "%s/folder", ts_tmp_dir());
    snprintf(db, sizeof db, "%s/db", ts_tmp_dir());
    assert_int_equal(mkdir(dir, 0700), 0);
    assert_int_equal(mkdir(at("sub"), 0700), 0);
    write_text("a.txt", "Tài liệu A\nalphaone về giống lúa.\n");
    write_text("b.md", "# Tài liệu B\n\nbetaone về nuôi tôm.\n");
    write_text("sub/c.html", "<html><head><meta charset=\"utf-8\"><title>Trang C</title></head>"
                             "<body><p>gammaone về thủy lợi.</p></body></html>");
    write_text("sub/d.txt", "Tài liệu D\ndeltaone.\n");
    set_mtime("a.txt", 0);
    set_mtime("b.md", 0);
    set_mtime("sub/c.html", 0);
    set_mtime("sub/d.txt", 0);
    return 0;
}

TS_TEST(test_sync)
{
    char *err = sync_run(dir, 0);
    expect_summary(err, "sync: 4 new, 0 changed, 0 unchanged, 0 deleted, 0 skipped");
    free(err);
    assert_int_equal(ts_doccount(db), 4);
    assert_int_equal(ts_termfreq(db, "alphaone"), 1);
    assert_int_equal(ts_termfreq(db, "gammaone"), 1);

    /* Nothing changed: nothing to do, whatever the spelling of the folder. */
    char other[4200];
    snprintf(other, sizeof other, "%s/./folder/", ts_tmp_dir());
    err = sync_run(other, 0);
    expect_summary(err, "sync: 0 new, 0 changed, 4 unchanged, 0 deleted, 0 skipped");
    expect_summary(err, "0 documents indexed");
    free(err);

    /* a.txt: the same size, other bytes; b.md: touched only; sub/c.html: gone;
     * e.txt: new. */
    write_text("a.txt", "Tài liệu A\nalphatwo về giống lúa.\n");
    set_mtime("a.txt", 60);
    set_mtime("b.md", 60);
    assert_int_equal(unlink(at("sub/c.html")), 0);
    write_text("e.txt", "Tài liệu E\nepsilonone.\n");
    err = sync_run(dir, 0);
    expect_summary(err, "sync: 1 new, 1 changed, 2 unchanged, 1 deleted, 0 skipped");
    expect_summary(err, "2 documents indexed");
    free(err);
    assert_int_equal(ts_doccount(db), 4);
    assert_int_equal(ts_termfreq(db, "alphaone"), 0);
    assert_int_equal(ts_termfreq(db, "alphatwo"), 1);
    assert_int_equal(ts_termfreq(db, "gammaone"), 0);
    assert_int_equal(ts_termfreq(db, "epsilonone"), 1);

    /* The touched file is hashed again on the next run, and still unchanged. */
    err = sync_run(dir, 0);
    expect_summary(err, "sync: 0 new, 0 changed, 4 unchanged, 0 deleted, 0 skipped");
    free(err);

    /* New settings for a folder make its documents over. */
    write_text("sub/.tracuu", "type = minutes\n");
    err = sync_run(dir, 0);
    expect_summary(err, "sync: 0 new, 1 changed, 3 unchanged, 0 deleted, 0 skipped");
    free(err);
    char *type = type_of("sub/d.txt");
    assert_string_equal(type, "minutes");
    free(type);

    /* A file that cannot be read is reported, the rest goes on, exit status 1;
     * it is tried again on the next run. */
    static const char binary[] = "Bad\n\0\0\0\x01\x02 not text";
    ts_write_file(at("sub/bad.txt"), binary, sizeof binary - 1);
    err = sync_run(dir, 1);
    expect_summary(err, "bad.txt: skipped: ");
    expect_summary(err, "sync: 1 new, 0 changed, 4 unchanged, 0 deleted, 1 skipped");
    free(err);
    assert_int_equal(unlink(at("sub/bad.txt")), 0);

    /* The folder emptied: every document of it goes. */
    assert_int_equal(unlink(at("a.txt")), 0);
    assert_int_equal(unlink(at("b.md")), 0);
    assert_int_equal(unlink(at("e.txt")), 0);
    assert_int_equal(unlink(at("sub/d.txt")), 0);
    err = sync_run(dir, 0);
    expect_summary(err, "sync: 0 new, 0 changed, 0 unchanged, 4 deleted, 0 skipped");
    free(err);
    assert_int_equal(ts_doccount(db), 0);
}

/* Documents indexed otherwise (a JSON Lines record) are not the folder's: a sync
 * leaves them alone. --sync with a PATH, or of a file, is refused. */
TS_TEST(test_sync_leaves_others)
{
    char jsonl[4200], jdb[4200];
    snprintf(jsonl, sizeof jsonl, "%s/other.jsonl", ts_tmp_dir());
    snprintf(jdb, sizeof jdb, "%s/db", ts_tmp_dir());
    const char rec[] = "{\"id\":\"x1\",\"title\":\"X\",\"body\":\"zetaone\"}\n";
    assert_int_equal(ts_index_file(jdb, jsonl, rec, strlen(rec)), 0);
    char *err = sync_run(dir, 0);
    free(err);
    assert_int_equal(ts_termfreq(db, "zetaone"), 1);

    char *both[] = {(char *)ts_program("indexer/tracuu-index"), "--db", jdb, "--sync", dir,
                    jsonl, NULL};
    assert_int_equal(ts_run(both, NULL), 2);
    char *file[] = {(char *)ts_program("indexer/tracuu-index"), "--db", jdb, "--sync", jsonl,
                    NULL};
    err = NULL;
    assert_int_equal(ts_run(file, &err), 2);
    assert_non_null(strstr(err, "not a folder"));
    free(err);
}

TS_MAIN(setup, ts_tmp_teardown,
        cmocka_unit_test(test_sync),
        cmocka_unit_test(test_sync_leaves_others))
