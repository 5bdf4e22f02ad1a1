/* test_shardlist: shard lists (search/shardlist.h), line by line and as files.
 *
 * A line of a list names one shard (remote host:port with its timeouts, or a local
 * database); a bad line is refused with its reason. A list file's errors name the
 * line; a folder with a XAPIANDB stub is opened by Xapian itself, and its signature
 * changes with the stub; a shard that does not listen fails the open at once, named.
 * Searching over shards is test_shards.c's.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdio.h>
#include <string.h>

#include "shardlist.h"
#include "support.h"
#include "xc.h"

/* Two shards of a few documents, db-a and db-b, and db-all holding all of them. */
static int setup(void **state)
{
    if (ts_tmp_setup(state))
        return -1;
    static const char *const names[] = {"a", "b", "all"};
    for (int k = 0; k < 3; k++) {
        char jsonl[1024], name[16], path[4096], db[4096];
        size_t len = 0;
        for (int i = 0; i < 4; i++)
            if (k == 2 || i % 2 == k)
                len += (size_t)snprintf(jsonl + len, sizeof jsonl - len,
                                        "{\"id\":\"d%d\",\"title\":\"Nuôi tôm %d\","
                                        "\"body\":\"Nội dung bài %d về khoa học.\"}\n",
                                        i, i, i);
        snprintf(path, sizeof path, "%s", ts_tmp_path(names[k]));
        snprintf(name, sizeof name, "db-%s", names[k]);
        snprintf(db, sizeof db, "%s", ts_tmp_path(name));
        if (ts_index_file(db, path, jsonl, len))
            return -1;
    }
    return 0;
}

/* ---- Shard lists --------------------------------------------------------------------- */

TS_TEST(test_shard_lines)
{
    static const struct {
        const char *line;
        int code;
        const char *name; /* of the shard added, when code is 0 */
    } rows[] = {
        {"remote 10.0.0.7:33333", 0, "10.0.0.7:33333"},
        {"remote tcp db1.example:9000 timeout=2000 connect_timeout=500", 0, "db1.example:9000"},
        {"remote [::1]:7000", 0, "[::1]:7000"},
        {"auto shard0", 0, "/srv/idx/shard0"},
        {"glass /abs/shard1\r\n", 0, "/abs/shard1"},
        {"   # a comment", 0, NULL},
        {"", 0, NULL},
        {"remote", TR_EINVAL, NULL},
        {"remote tcp", TR_EINVAL, NULL},
        {"remote :xapian-progsrv /db", TR_EINVAL, NULL},
        {"remote host", TR_EINVAL, NULL},
        {"remote host:0", TR_EINVAL, NULL},
        {"remote host:70000", TR_EINVAL, NULL},
        {"remote host:12x", TR_EINVAL, NULL},
        {"remote ::1:7000", TR_EINVAL, NULL},
        {"remote host:1 timeout=", TR_EINVAL, NULL},
        {"remote host:1 timeout=0", TR_EINVAL, NULL},
        {"remote host:1 retries=3", TR_EINVAL, NULL},
        {"auto", TR_EINVAL, NULL},
        {"inmemory", TR_EINVAL, NULL},
        {"/srv/idx/shard0", TR_EINVAL, NULL},
    };
    for (size_t i = 0; i < sizeof rows / sizeof *rows; i++) {
        se_shards *s = se_shards_new(0, NULL);
        assert_non_null(s);
        tr_error err = {0};
        int rc = se_shards_add_line(s, rows[i].line, "/srv/idx", &err);
        if (rc != rows[i].code)
            fail_msg("line \"%s\": code %d (%s), expected %d", rows[i].line, rc, err.message,
                     rows[i].code);
        if (rc)
            assert_true(err.message[0] != '\0');
        assert_int_equal(se_shards_count(s), rows[i].name ? 1 : 0);
        if (rows[i].name)
            assert_string_equal(se_shards_name(s, 0), rows[i].name);
        se_shards_free(s);
    }
}

static void put(const char *path, const char *text)
{
    ts_write_file(path, text, strlen(text));
}

TS_TEST(test_shard_list_files)
{
    se_shards *s = se_shards_new(0, NULL);
    tr_error err = {0};
    put(ts_tmp_path("bad-list"), "auto db-a\nremote nowhere\n");
    assert_int_equal(se_shards_add_path(s, ts_tmp_path("bad-list"), &err), TR_EINVAL);
    assert_non_null(strstr(err.message, "bad-list:2: "));
    tr_error_clear(&err);
    put(ts_tmp_path("empty-list"), "# nothing\n");
    assert_int_equal(se_shards_add_path(s, ts_tmp_path("empty-list"), &err), TR_EINVAL);
    tr_error_clear(&err);
    assert_int_equal(se_shards_add_path(s, ts_tmp_path("no-such"), &err), TR_ENOTFOUND);
    tr_error_clear(&err);
    se_shards_free(s);

    /* A folder with a XAPIANDB stub (tracuu-index --shards, xapian-replicate): local
     * shards only, so Xapian reads the stub itself, relative to the folder; and when
     * the stub changes, the signature says so. */
    s = se_shards_new(0, NULL);
    char dir[4096];
    snprintf(dir, sizeof dir, "%s", ts_tmp_dir());
    put(ts_tmp_path("XAPIANDB"), "auto db-a\nauto db-b\n");
    assert_int_equal(se_shards_add_path(s, dir, &err), 0);
    assert_int_equal(se_shards_count(s), 1);
    assert_string_equal(se_shards_name(s, 0), dir);
    unsigned long long sig = se_shards_signature(s);
    assert_true(sig == se_shards_signature(s));
    put(ts_tmp_path("XAPIANDB"), "auto db-a\nglass db-b\n");
    assert_true(sig != se_shards_signature(s));
    xc_db *db = se_shards_open(s, &err);
    assert_non_null(db);
    uint64_t n = 0, all = 0;
    assert_int_equal(xc_db_doccount(db, &n, &err), 0);
    xc_db_free(db);
    db = xc_db_open(ts_tmp_path("db-all"), &err);
    assert_non_null(db);
    assert_int_equal(xc_db_doccount(db, &all, &err), 0);
    xc_db_free(db);
    assert_true(n > 0);
    assert_int_equal(n, all);
    se_shards_free(s);

    /* With a remote shard among them, searchd reads the list (for the timeouts). */
    s = se_shards_new(0, NULL);
    put(ts_tmp_path("mixed"), "auto db-a\nremote 127.0.0.1:9\n");
    assert_int_equal(se_shards_add_path(s, ts_tmp_path("mixed"), &err), 0);
    assert_int_equal(se_shards_count(s), 2);
    assert_string_equal(se_shards_name(s, 0), ts_tmp_path("db-a"));
    assert_string_equal(se_shards_name(s, 1), "127.0.0.1:9");
    se_shards_free(s);

    /* A shard that does not listen: the open fails at once, naming it. */
    s = se_shards_new(500, NULL);
    char line[64];
    unsigned port = ts_free_port();
    snprintf(line, sizeof line, "remote 127.0.0.1:%u", port);
    assert_int_equal(se_shards_add_line(s, line, NULL, &err), 0);
    assert_null(se_shards_open(s, &err));
    assert_int_equal(err.code, TR_EUNAVAILABLE);
    snprintf(line, sizeof line, "shard 127.0.0.1:%u unavailable", port);
    assert_non_null(strstr(err.message, line));
    se_shards_free(s);
}

TS_MAIN(setup, ts_tmp_teardown,
        cmocka_unit_test(test_shard_lines),
        cmocka_unit_test(test_shard_list_files))
