/* Tests for configuration files (common/tr_config.h) and their use by
 * tracuu-searchd --config: keys become options in the file's order, comments and
 * blanks are skipped, each bad line is refused with its file and line, the
 * command line overrides the file, and SIGHUP reads the file again. */
#include <getopt.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <signal.h>
#include <string.h>
#include <unistd.h>

#include <cmocka.h>

#include "support.h"
#include "tr_config.h"

static const struct option options[] = {
    {"db", required_argument, NULL, 'd'},     {"port", required_argument, NULL, 'p'},
    {"quiet", no_argument, NULL, 'q'},        {"cors", required_argument, NULL, 'c'},
    {"level", optional_argument, NULL, 'l'},  {"help", no_argument, NULL, 'h'},
    {"config", required_argument, NULL, 'F'}, {NULL, 0, NULL, 0}};
static const char *const refused[] = {"help", "config", NULL};

/* Writes `text` to a file of the group's folder and reads it; the error, if any,
 * goes to *err. */
static int load(tr_config *cfg, const char *text, tr_error *err)
{
    const char *path = ts_tmp_path("test.conf");
    ts_write_file(path, text, strlen(text));
    tr_error_clear(err);
    return tr_config_load(cfg, "prog", path, options, refused, err);
}

/* cfg's argv after argv[0], joined by '|'. */
static const char *joined(const tr_config *cfg)
{
    static char buf[1024];
    buf[0] = '\0';
    for (int i = 1; i < cfg->argc; i++)
        snprintf(buf + strlen(buf), sizeof buf - strlen(buf), "%s%s", i > 1 ? "|" : "",
                 cfg->argv[i]);
    return buf;
}

TS_TEST(test_good_file)
{
    tr_config cfg;
    tr_error err;
    assert_int_equal(load(&cfg,
                          "# tracuu-searchd\n"
                          "\n"
                          "db = /var/lib/tracuu/index\n"
                          "   \t\n"
                          "  port=8080   # the default\n"
                          "cors = https://a.example/#top, https://b.example\n"
                          "db = /srv/shard2\r\n"
                          "quiet = yes\n"
                          "level =\n"
                          "level = 3\n"
                          "  # indented comment = not a key\n"
                          "quiet = no",
                          &err),
                     0);
    assert_string_equal(cfg.argv[0], "prog");
    assert_string_equal(joined(&cfg), "--db|/var/lib/tracuu/index|--port|8080|--cors|"
                                      "https://a.example/#top, https://b.example|--db|"
                                      "/srv/shard2|--quiet|--level|--level=3");
    assert_null(cfg.argv[cfg.argc]);
    /* Every word knows its line: the option and its value alike. */
    static const unsigned lines[] = {0, 3, 3, 5, 5, 6, 6, 7, 7, 8, 9, 10};
    assert_int_equal(cfg.argc, sizeof lines / sizeof *lines);
    for (int i = 0; i < cfg.argc; i++)
        assert_int_equal(cfg.lines[i], lines[i]);
    char want[512], where[512];
    snprintf(want, sizeof want, "%s:5", ts_tmp_path("test.conf"));
    assert_string_equal(tr_config_where(&cfg, 5, where, sizeof where), want);
    tr_config_free(&cfg);
    tr_config_free(&cfg); /* twice is fine: it was zeroed */
    assert_null(cfg.argv);
}

TS_TEST(test_empty_file)
{
    tr_config cfg;
    tr_error err;
    assert_int_equal(load(&cfg, "# nothing set\n\n", &err), 0);
    assert_int_equal(cfg.argc, 1);
    tr_config_free(&cfg);
}

/* Each bad line, after good ones: its line number and why. */
TS_TEST(test_bad_lines)
{
    /* {a file, where and why it is refused} */
    static const ts_pair rows[] = {
        {"db = x\nport 8080\n", ":2: expected key = value"},
        {"db = x\n\n= 8080\n", ":3: no key before '='"},
        {"# c\nprot = 8080\n", ":2: unknown key prot"},
        {"--port = 8080\n", ":1: unknown key --port"},
        {"db = x\nhelp = yes\n", ":2: unknown key help"},
        {"config = /etc/x.conf\n", ":1: unknown key config"},
        {"db = x\ndb =   # none\n", ":2: db needs a value"},
        {"quiet = maybe\n", ":1: quiet takes yes or no"},
        {"db = x\nquiet\n", ":2: expected key = value"},
    };
    size_t failed = 0, n = sizeof rows / sizeof *rows;
    for (size_t i = 0; i < n; i++) {
        tr_config cfg;
        tr_error err;
        int rc = load(&cfg, rows[i].in, &err);
        char want[512];
        snprintf(want, sizeof want, "%s%s", ts_tmp_path("test.conf"), rows[i].want);
        if (rc != TR_EINVAL || strcmp(err.message, want) != 0 || cfg.argv)
            ts_row_fail(&failed, "%s: gave %d \"%s\", expected \"%s\"", rows[i].in, rc,
                        err.message, want);
        tr_config_free(&cfg);
    }
    ts_rows_end(failed, n);
}

TS_TEST(test_missing_file)
{
    tr_config cfg;
    tr_error err = {0};
    assert_int_equal(tr_config_load(&cfg, "prog", ts_tmp_path("none.conf"), options, refused,
                                    &err),
                     TR_EIO);
    assert_non_null(strstr(err.message, "cannot read"));
    assert_non_null(strstr(err.message, "none.conf"));
    assert_null(cfg.argv);
}

TS_TEST(test_config_path)
{
    char *a[] = {"p", "--port", "1", "--config", "a.conf", NULL};
    assert_string_equal(tr_config_path(5, a), "a.conf");
    char *b[] = {"p", "--config=b.conf", "--config", "c.conf", NULL};
    assert_string_equal(tr_config_path(4, b), "c.conf");
    char *c[] = {"p", "--db", "x", "--", "--config", "d.conf", NULL};
    assert_null(tr_config_path(6, c));
    char *d[] = {"p", "--config", NULL};
    assert_null(tr_config_path(2, d));
}

/* A program reads the file's argv, then its own, with one getopt_long loop: the
 * command line's value is the one left. */
TS_TEST(test_command_line_overrides)
{
    tr_config cfg;
    tr_error err;
    assert_int_equal(load(&cfg, "port = 1\ncors = https://a.example\n", &err), 0);
    char *argv[] = {"prog", "--port", "2", NULL};
    const char *port = NULL, *cors = NULL;
    char **lists[] = {cfg.argv, argv};
    int counts[] = {cfg.argc, 3};
    for (int k = 0; k < 2; k++) {
        optind = 0;
        int c;
        while ((c = getopt_long(counts[k], lists[k], ":", options, NULL)) != -1) {
            if (c == 'p')
                port = optarg;
            if (c == 'c')
                cors = optarg;
        }
    }
    assert_string_equal(port, "2");
    assert_string_equal(cors, "https://a.example");
    tr_config_free(&cfg);
}

/* tracuu-searchd --config: a bad line stops the start, named; the command line's
 * --db and --port win over the file's. */
TS_TEST(test_searchd_config)
{
    const char *conf = ts_tmp_path("searchd.conf");
    static const char bad[] = "db = /nonexistent\n# fine so far\nport = 70000\n";
    ts_write_file(conf, bad, strlen(bad));
    char want[512];
    snprintf(want, sizeof want, "%s:3: --port must be a number", conf);
    char *argv[] = {(char *)ts_program("searchd/tracuu-searchd"), "--config", (char *)conf,
                    NULL};
    free(ts_run_expect(argv, 2, want));
    static const char unknown[] = "listen = 127.0.0.1\nthreds = 4\n";
    ts_write_file(conf, unknown, strlen(unknown));
    snprintf(want, sizeof want, "%s:2: unknown key threds", conf);
    free(ts_run_expect(argv, 2, want));

    char db[4096];
    static const char doc[] = "{\"id\":\"a\",\"title\":\"Khoa học\",\"body\":\"công nghệ\"}\n";
    assert_int_equal(ts_index_fixture(ts_tmp_dir(), doc, strlen(doc), db, sizeof db), 0);
    static const char good[] = "db = /nonexistent\nport = 1\ncors = https://a.example\n";
    ts_write_file(conf, good, strlen(good));
    const char *extra[] = {"--config", conf, NULL};
    ts_daemon d;
    assert_int_equal(ts_searchd_start_args(&d, db, extra), 0);
    assert_int_not_equal(d.port, 1);
    json_t *r = ts_get_json(d.port, "/api/search?q=khoa+hoc", 200);
    assert_int_equal(json_integer_value(json_object_get(r, "total")), 1);
    json_decref(r);
    ts_searchd_stop(&d);
}

/* Whether searchd answers a page of `origin` with Access-Control-Allow-Origin. */
static int cors_allows(unsigned port, const char *origin)
{
    char req[512];
    snprintf(req, sizeof req,
             "GET /api/search?q=khoa HTTP/1.1\r\nHost: x\r\nOrigin: %s\r\n"
             "Connection: close\r\n\r\n",
             origin);
    char *all = ts_http_exchange(port, req);
    assert_non_null(all);
    char want[256];
    snprintf(want, sizeof want, "Access-Control-Allow-Origin: %s\r\n", origin);
    int yes = all && strstr(all, want) != NULL;
    free(all);
    return yes;
}

/* SIGHUP reads the configuration file again (the command line still over it); a
 * file that has become bad keeps the settings in effect. */
TS_TEST(test_searchd_reload)
{
    char db[4096];
    static const char doc[] = "{\"id\":\"a\",\"title\":\"Khoa học\",\"body\":\"công nghệ\"}\n";
    assert_int_equal(ts_index_fixture(ts_tmp_dir(), doc, strlen(doc), db, sizeof db), 0);
    const char *conf = ts_tmp_path("reload.conf");
    static const char first[] = "cors = https://a.example\n";
    ts_write_file(conf, first, strlen(first));
    const char *extra[] = {"--config", conf, NULL};
    ts_daemon d;
    assert_int_equal(ts_searchd_start_args(&d, db, extra), 0);
    assert_true(cors_allows(d.port, "https://a.example"));
    assert_false(cors_allows(d.port, "https://b.example"));

    static const char second[] = "cors = https://b.example\n";
    ts_write_file(conf, second, strlen(second));
    kill(d.pid, SIGHUP);
    int changed = 0;
    for (int i = 0; i < 100 && !changed; i++) {
        usleep(50 * 1000);
        changed = cors_allows(d.port, "https://b.example");
    }
    assert_true(changed);
    assert_false(cors_allows(d.port, "https://a.example"));

    static const char bad[] = "cors = https://a.example\nprot = 1\n";
    ts_write_file(conf, bad, strlen(bad));
    kill(d.pid, SIGHUP);
    usleep(500 * 1000);
    assert_true(cors_allows(d.port, "https://b.example"));
    assert_false(cors_allows(d.port, "https://a.example"));
    ts_searchd_stop(&d);
}

TS_MAIN(ts_tmp_setup, ts_tmp_teardown,
        cmocka_unit_test(test_good_file),
        cmocka_unit_test(test_empty_file),
        cmocka_unit_test(test_bad_lines),
        cmocka_unit_test(test_missing_file),
        cmocka_unit_test(test_config_path),
        cmocka_unit_test(test_command_line_overrides),
        cmocka_unit_test(test_searchd_config),
        cmocka_unit_test(test_searchd_reload))
