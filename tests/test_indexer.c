/* Tests of the indexer: the line reader, records good and bad, compressed inputs
 * and folders, replace and delete, input order across threads, the command's exit
 * statuses and options, and an index that survives the indexer being killed mid-run. Every
 * input is written here, in a temporary folder. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <signal.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include <cmocka.h>
#include <jansson.h>
#include <zlib.h>
#include <zstd.h>

#include "indexer.h"
#include "reader.h"
#include "support.h"
#include "vn_terms.h"
#include "xc.h"


static void write_text(const char *path, const char *text)
{
    ts_write_file(path, text, strlen(text));
}

/* Runs the indexer over `paths` (NULL-terminated); the log is returned in *log. */
static int run(const char *db, const char **paths, const char **deletes, size_t batch,
               unsigned threads, ix_stats *st, char **log)
{
    char *buf = NULL;
    size_t len = 0;
    FILE *fp = open_memstream(&buf, &len);
    ix_options opt;
    ix_options_init(&opt);
    opt.db = db;
    opt.log = fp;
    opt.progress = 0;
    opt.threads = threads;
    if (batch)
        opt.batch = batch;
    for (opt.paths = paths; paths && paths[opt.n_paths];)
        opt.n_paths++;
    for (opt.deletes = deletes; deletes && deletes[opt.n_deletes];)
        opt.n_deletes++;
    int rc = ix_run(&opt, st, NULL);
    fclose(fp);
    if (log)
        *log = buf;
    else
        free(buf);
    return rc;
}

static xc_db *open_db(const char *path)
{
    xc_db *db = xc_db_open(path, NULL);
    assert_non_null(db);
    return db;
}

static uint64_t doccount(xc_db *db)
{
    uint64_t n = 0;
    assert_int_equal(xc_db_doccount(db, &n, NULL), 0);
    return n;
}

static xc_docid find(xc_db *db, const char *id)
{
    char term[256];
    snprintf(term, sizeof term, "%s%s", VN_P_ID, id);
    xc_docid docid = 0;
    xc_db_find(db, term, strlen(term), &docid, NULL);
    return docid;
}

static uint64_t termfreq(xc_db *db, const char *prefix, const char *term)
{
    char buf[256];
    snprintf(buf, sizeof buf, "%s%s", prefix, term);
    uint64_t n = 0;
    assert_int_equal(xc_db_termfreq(db, buf, strlen(buf), &n, NULL), 0);
    return n;
}

/* The stored record of document `id`, parsed. */
static json_t *stored(xc_db *db, const char *id)
{
    xc_docid docid = find(db, id);
    assert_true(docid != 0);
    char *data;
    size_t len;
    assert_int_equal(xc_db_data(db, docid, &data, &len, NULL), 0);
    json_t *j = json_loadb(data, len, 0, NULL);
    free(data);
    assert_non_null(j);
    return j;
}

static void assert_value(xc_db *db, const char *id, unsigned slot, const char *want)
{
    char *v;
    size_t len;
    assert_int_equal(xc_db_value(db, find(db, id), slot, &v, &len, NULL), 0);
    assert_string_equal(v, want);
    free(v);
}

TS_TEST(test_reader_lines)
{
    /* U+2028 inside a line, CRLF, an empty line, a line over the cap, no final \n. */
    const char data[] = "m\xe1\xbb\x99t\xe2\x80\xa8hai\nba\r\n\nqu\xc3\xa1 d\xc3\xa0i d\xc3\xa0i "
                        "d\xc3\xa0i\ncu\xe1\xbb\x91i";
    ts_write_file(ts_tmp_path("lines.txt"), data, sizeof data - 1);
    ix_reader *r = ix_reader_open(ts_tmp_path("lines.txt"), IX_FORMAT_PLAIN, 12, NULL);
    assert_non_null(r);
    static const struct {
        ix_line_status status;
        const char *text;
    } want[] = {{IX_LINE_OK, "m\xe1\xbb\x99t\xe2\x80\xa8hai"},
                {IX_LINE_OK, "ba\r"},
                {IX_LINE_OK, ""},
                {IX_LINE_TOO_LONG, NULL},
                {IX_LINE_OK, "cu\xe1\xbb\x91i"},
                {IX_LINE_EOF, NULL}};
    for (size_t i = 0; i < sizeof want / sizeof want[0]; i++) {
        ix_line line;
        assert_int_equal(ix_reader_next(r, &line, NULL), 0);
        assert_int_equal(line.status, want[i].status);
        if (want[i].status == IX_LINE_OK) {
            assert_int_equal(line.lineno, i + 1);
            assert_int_equal(line.len, strlen(want[i].text));
            assert_memory_equal(line.text, want[i].text, line.len);
        }
    }
    ix_reader_free(r);
    assert_null(ix_reader_open(ts_tmp_path("absent.jsonl"), IX_FORMAT_PLAIN, 100, NULL));
}

/* One record per line; the comment says what each line checks. */
static const char *const records[] = {
    /* 1 */ "{\"id\":\"tin-1\",\"type\":\"news\",\"title\":\"Công nghệ mới cho nông dân\","
            "\"date\":\"2023-04-13\",\"source\":\"thử nghiệm\",\"body\":\"Bộ Khoa học và "
            "Công nghệ giới thiệu công nghệ tưới nước tiết kiệm.\",\"topic\":\"khoa học\","
            "\"tags\":[\"nước\",\"nông nghiệp\"],\"so\":3,\"x\":{\"y\":null}}",
    /* 2 invalid JSON */ "{\"id\":\"tin-2\",\"body\": bí_mật_riêng }",
    /* 3 */ "{\"title\":\"Không có mã\",\"body\":\"Văn bản không có mã số.\"}",
    /* 4 invalid UTF-8 */ "{\"id\":\"tin-4\",\"body\":\"ch\xff\xfe sai\"}",
    /* 5 */ "{\"id\":\"tin-5\",\"title\":\"Chỉ có tiêu đề\",\"body\":\"  \"}",
    /* 6 raw U+2028 and U+2029 */ "{\"id\":\"tin-6\",\"title\":\"Dòng\",\"date\":null,"
            "\"body\":\"Đoạn một\xe2\x80\xa8đoạn hai\xe2\x80\xa9đoạn ba.\"}",
    /* 7 */ "{\"id\":7,\"body\":\"Mã là số.\"}",
    /* 8 blank, not a record */ "   ",
    /* 9 id too long: filled in by the test */ NULL,
    /* 10 legal */ "{\"id\":\"luat-1\",\"type\":\"legal\",\"title\":\"Phạm vi điều chỉnh\","
            "\"date\":\"2023-06-01\",\"doc_number\":\"05/2023/TT-BKHCN\",\"body\":\"Thông tư "
            "này quy định về đo lường.\"}",
    /* 11 not an object */ "[1,2]",
    /* 12 no type: --type applies */ "{\"id\":\"tin-12\",\"title\":\"Họp\",\"body\":\"Biên bản họp.\"}",
};

static char *records_file(const char *name)
{
    char *path = strdup(ts_tmp_path(name));
    FILE *fp = fopen(path, "wb");
    assert_non_null(fp);
    for (size_t i = 0; i < sizeof records / sizeof records[0]; i++) {
        if (records[i]) {
            fprintf(fp, "%s\n", records[i]);
        } else {
            char id[260];
            memset(id, 'a', sizeof id - 1);
            id[sizeof id - 1] = '\0';
            fprintf(fp, "{\"id\":\"%s\",\"body\":\"Mã quá dài.\"}\n", id);
        }
    }
    fclose(fp);
    return path;
}

TS_TEST(test_records)
{
    char *path = records_file("records.jsonl");
    const char *paths[] = {path, NULL};
    ix_stats st;
    char *log;
    assert_int_equal(run(ts_tmp_path("db"), paths, NULL, 0, 2, &st, &log), 0);
    assert_int_equal(st.indexed, 4);
    assert_int_equal(st.skipped, 7);
    assert_int_equal(ix_exit_status(0, &st), 1);
    static const char *const reports[] = {
        ":2: skipped: invalid JSON: ", ":3: skipped: missing id\n",
        ":4: skipped: invalid UTF-8\n", ":5: skipped: empty body\n",
        ":7: skipped: id is not a string\n", ":9: skipped: id too long",
        ":11: skipped: not a JSON object\n", "index has 4 documents\n"};
    for (size_t i = 0; i < sizeof reports / sizeof reports[0]; i++) {
        if (!strstr(log, reports[i]))
            fail_msg("log lacks \"%s\":\n%s", reports[i], log);
    }
    assert_non_null(strstr(log, "at column "));
    assert_null(strstr(log, "bí_mật")); /* no document text in messages */
    assert_null(strstr(log, ":8:"));

    xc_db *db = open_db(ts_tmp_path("db"));
    assert_int_equal(doccount(db), 4);
    char *schema;
    size_t len;
    assert_int_equal(xc_db_metadata(db, "tracuu.schema", &schema, &len, NULL), 0);
    assert_string_equal(schema, TS_STR(VN_SCHEMA_VERSION));
    free(schema);

    /* Stored data is the whole record, every field, in UTF-8, and the entities found in
     * it (knowledge/kn.h): here the ministry. */
    json_t *want = json_loads(records[0], 0, NULL), *got = stored(db, "tin-1");
    json_t *orgs = json_object_get(json_object_get(got, "_entities"), "organizations");
    assert_string_equal(json_string_value(json_object_get(json_array_get(orgs, 0), "id")),
                        "bo-khoa-hoc-va-cong-nghe");
    json_object_del(got, "_entities");
    assert_true(json_equal(want, got));
    json_decref(want);
    json_decref(got);
    char *data;
    assert_int_equal(xc_db_data(db, find(db, "tin-6"), &data, &len, NULL), 0);
    assert_non_null(strstr(data, "một\xe2\x80\xa8đoạn hai\xe2\x80\xa9"));
    free(data);

    static const struct {
        const char *prefix, *term;
        uint64_t freq;
    } terms[] = {
        {VN_P_BODY, "cong", 1},          {VN_P_BODY_EXACT, "công", 1},
        {VN_P_BODY, "nghe", 1},          {VN_P_BODY_BI, "cong nghe", 1},
        {VN_P_TITLE, "cong", 1},         {VN_P_TITLE_EXACT, "công", 1},
        {VN_P_TITLE, "nong", 1},         {VN_P_BODY, "doan", 1},
        {VN_P_TYPE, "news", 3},          {VN_P_TYPE, "legal", 1},
        {VN_P_YEAR, "2023", 2},          {VN_P_DOCNUM, "05/2023/tt-bkhcn", 1},
        {VN_P_BODY_EXACT, "05/2023/tt-bkhcn", 1}, {VN_P_BODY, "bkhcn", 1},
        {VN_P_BODY, "mat", 0},           {VN_P_TITLE, "chi", 0},
        {VN_P_ID, "tin-5", 0},           {VN_P_BODY, "tiet", 1},
    };
    for (size_t i = 0; i < sizeof terms / sizeof terms[0]; i++) {
        uint64_t f = termfreq(db, terms[i].prefix, terms[i].term);
        if (f != terms[i].freq)
            fail_msg("term \"%s%s\": %llu documents, want %llu", terms[i].prefix,
                     terms[i].term, (unsigned long long)f, (unsigned long long)terms[i].freq);
    }
    /* Exact bigrams are indexed without weight (schema 4): the spelling model counts
     * their documents, and the length BM25 divides by must not count a pair twice. */
    static const struct {
        const char *prefix, *term;
        int weighed;
    } weights[] = {
        {VN_P_BODY_BI_EXACT, "công nghệ", 0}, {VN_P_BODY_BI, "cong nghe", 1},
        {VN_P_BODY_EXACT, "công", 1},         {VN_P_TITLE_EXACT, "công", 1},
    };
    for (size_t i = 0; i < sizeof weights / sizeof weights[0]; i++) {
        char term[256];
        snprintf(term, sizeof term, "%s%s", weights[i].prefix, weights[i].term);
        uint64_t wdf = 0;
        assert_int_equal(xc_db_collfreq(db, term, strlen(term), &wdf, NULL), 0);
        if (termfreq(db, weights[i].prefix, weights[i].term) != 1 ||
            (wdf > 0) != weights[i].weighed)
            fail_msg("term \"%s\": %llu occurrences counted, want %s", term,
                     (unsigned long long)wdf, weights[i].weighed ? "some" : "none");
    }
    assert_value(db, "tin-1", VN_SLOT_DATE, "20230413");
    assert_value(db, "tin-1", VN_SLOT_TYPE, "news");
    assert_value(db, "luat-1", VN_SLOT_YEAR, "2023");
    assert_value(db, "tin-6", VN_SLOT_DATE, "");
    json_t *t12 = stored(db, "tin-12");
    assert_string_equal(json_string_value(json_object_get(t12, "type")), "news");
    json_decref(t12);
    xc_db_free(db);
    free(log);
    free(path);
}

static void write_gz(const char *path, const char *text)
{
    gzFile gz = gzopen(path, "wb");
    assert_non_null(gz);
    assert_int_equal(gzwrite(gz, text, (unsigned)strlen(text)), (int)strlen(text));
    assert_int_equal(gzclose(gz), Z_OK);
}

/* Writes `text` zstd-compressed, keeping only `keep` of every 100 bytes. */
static void write_zst(const char *path, const char *text, int keep)
{
    size_t cap = ZSTD_compressBound(strlen(text));
    char *buf = malloc(cap);
    size_t n = ZSTD_compress(buf, cap, text, strlen(text), 3);
    assert_false(ZSTD_isError(n));
    ts_write_file(path, buf, n * (size_t)keep / 100);
    free(buf);
}

TS_TEST(test_folder)
{
    assert_int_equal(mkdir(ts_tmp_path("in"), 0700), 0);
    assert_int_equal(mkdir(ts_tmp_path("in/b"), 0700), 0);
    write_text(ts_tmp_path("in/a.txt"), "\n  Báo cáo quý một  \nDoanh thu tăng mạnh.\nLợi nhuận ổn định.\n");
    write_text(ts_tmp_path("in/b/c.md"), "# Hướng dẫn cài đặt\n\nChạy lệnh cài đặt rồi khởi động lại.\n");
    write_gz(ts_tmp_path("in/d.jsonl.gz"), "{\"id\":\"gz-1\",\"title\":\"Nén gzip\",\"body\":\"Tệp nén "
                                   "bằng gzip.\"}\n{\"id\":\"gz-2\",\"body\":\"Thêm một dòng.\"}\n");
    write_zst(ts_tmp_path("in/e.jsonl.zst"), "{\"id\":\"zst-1\",\"title\":\"Nén zstd\",\"body\":\"Tệp "
                                    "nén bằng zstd.\"}", 100);
    write_text(ts_tmp_path("in/f.csv"), "not,an,input\n");
    write_text(ts_tmp_path("in/.an.txt"), "Ẩn\nTệp ẩn không được đọc.\n");
    /* Into an existing database, written by one writer in input order (a new one is
     * built in shards and merged: test_index_shards, test_crash). */
    const char *none[] = {NULL};
    assert_int_equal(run(ts_tmp_path("db"), none, NULL, 0, 0, NULL, NULL), 0);
    const char *paths[] = {ts_tmp_path("in"), NULL};
    ix_stats st;
    char *log;
    assert_int_equal(run(ts_tmp_path("db"), paths, NULL, 0, 0, &st, &log), 0);
    assert_int_equal(st.skipped, 0);
    free(log);

    xc_db *db = open_db(ts_tmp_path("db"));
    assert_int_equal(doccount(db), 5);
    /* Walk order is name order, so docids follow it. */
    static const char *const order[] = {"a.txt", "b/c.md", "gz-1", "gz-2", "zst-1"};
    for (size_t i = 0; i < 5; i++)
        assert_int_equal(find(db, order[i]), i + 1);
    json_t *a = stored(db, "a.txt"), *c = stored(db, "b/c.md");
    assert_string_equal(json_string_value(json_object_get(a, "title")), "Báo cáo quý một");
    assert_string_equal(json_string_value(json_object_get(a, "body")),
                        "Doanh thu tăng mạnh.\nLợi nhuận ổn định.");
    assert_true(json_is_null(json_object_get(a, "date")));
    assert_string_equal(json_string_value(json_object_get(a, "source")), "file");
    assert_string_equal(json_string_value(json_object_get(c, "title")), "Hướng dẫn cài đặt");
    json_decref(a);
    json_decref(c);
    assert_int_equal(termfreq(db, VN_P_TITLE, "huong"), 1);
    assert_int_equal(termfreq(db, VN_P_BODY, "an"), 0);
    assert_int_equal(termfreq(db, VN_P_BODY, "zstd"), 1);
    xc_db_free(db);
}

TS_TEST(test_bad_inputs)
{
    /* A record over the cap, then a good one; a binary file; a truncated .zst. */
    char big[600];
    memset(big, 'x', sizeof big);
    memcpy(big, "{\"id\":\"lon\",\"body\":\"", 20);
    memcpy(big + sizeof big - 3, "\"}\n", 3);
    FILE *fp = fopen(ts_tmp_path("big.jsonl"), "wb");
    fwrite(big, 1, sizeof big, fp);
    fputs("{\"id\":\"nho\",\"body\":\"Ngắn gọn.\"}\n", fp);
    fclose(fp);
    ts_write_file(ts_tmp_path("bin.jsonl"), "\x7f" "ELF\0\0\n\0\1\2\n", 11);
    char many[4096] = "";
    for (int i = 0; i < 40; i++)
        snprintf(many + strlen(many), sizeof many - strlen(many),
                 "{\"id\":\"cut-%d\",\"body\":\"Dòng số %d của tệp bị cắt.\"}\n", i, i);
    write_zst(ts_tmp_path("cut.jsonl.zst"), many, 60);

    const char *paths[] = {ts_tmp_path("big.jsonl"), ts_tmp_path("bin.jsonl"), ts_tmp_path("cut.jsonl.zst"), NULL};
    ix_stats st;
    char *log;
    ix_options opt;
    ix_options_init(&opt);
    opt.db = ts_tmp_path("db");
    opt.paths = paths;
    opt.n_paths = 3;
    opt.max_record = 500;
    opt.progress = 0;
    size_t len;
    opt.log = open_memstream(&log, &len);
    assert_int_equal(ix_run(&opt, &st, NULL), 0);
    fclose(opt.log);
    assert_non_null(strstr(log, "big.jsonl:1: skipped: record too large"));
    assert_non_null(strstr(log, "bin.jsonl:1: skipped: binary data"));
    assert_non_null(strstr(log, "bin.jsonl:2: skipped: binary data"));
    assert_non_null(strstr(log, "cut.jsonl.zst:"));
    assert_non_null(strstr(log, "truncated"));
    assert_int_equal(st.skipped, 4);
    assert_int_equal(ix_exit_status(0, &st), 1);
    xc_db *db = open_db(ts_tmp_path("db"));
    assert_true(find(db, "nho") != 0);
    assert_int_equal(find(db, "lon"), 0);
    xc_db_free(db);
    free(log);

    /* A path that does not exist is fatal, before the database is created. */
    const char *missing[] = {ts_tmp_path("absent.jsonl"), NULL};
    assert_int_equal(run(ts_tmp_path("db2"), missing, NULL, 0, 0, &st, &log), TR_EIO);
    assert_non_null(strstr(log, "absent.jsonl"));
    assert_int_equal(access(ts_tmp_path("db2"), F_OK), -1);
    free(log);
}

TS_TEST(test_replace_delete)
{
    write_text(ts_tmp_path("v1.jsonl"), "{\"id\":\"a\",\"title\":\"Bản đầu\",\"body\":\"Nội dung cũ.\"}\n"
                               "{\"id\":\"b\",\"title\":\"Khác\",\"body\":\"Giữ nguyên.\"}\n");
    write_text(ts_tmp_path("v2.jsonl"), "{\"id\":\"a\",\"title\":\"Bản hai\",\"body\":\"Nội dung mới.\"}\n"
                               "{\"id\":\"a\",\"title\":\"Bản ba\",\"body\":\"Nội dung sau cùng.\"}\n");
    const char *v1[] = {ts_tmp_path("v1.jsonl"), NULL}, *v2[] = {ts_tmp_path("v2.jsonl"), NULL};
    ix_stats st;
    assert_int_equal(run(ts_tmp_path("db"), v1, NULL, 0, 0, &st, NULL), 0);
    assert_int_equal(run(ts_tmp_path("db"), v2, NULL, 0, 0, &st, NULL), 0);
    assert_int_equal(st.indexed, 2);
    assert_int_equal(st.doccount, 2);
    xc_db *db = open_db(ts_tmp_path("db"));
    assert_int_equal(doccount(db), 2);
    json_t *a = stored(db, "a");
    assert_string_equal(json_string_value(json_object_get(a, "title")), "Bản ba");
    json_decref(a);
    assert_int_equal(termfreq(db, VN_P_BODY, "cu"), 0); /* the old text is gone */
    assert_int_equal(termfreq(db, VN_P_TITLE, "ba"), 1);
    xc_db_free(db);

    const char *del[] = {"a", "khong-co", NULL};
    char *log;
    assert_int_equal(run(ts_tmp_path("db"), NULL, del, 0, 0, &st, &log), 0);
    assert_int_equal(st.deleted, 1);
    assert_int_equal(st.doccount, 1);
    assert_non_null(strstr(log, "delete khong-co: no such document"));
    free(log);
    db = open_db(ts_tmp_path("db"));
    assert_int_equal(find(db, "a"), 0);
    assert_true(find(db, "b") != 0);
    xc_db_free(db);
}

static char *numbered(int n, const char *id_fmt)
{
    size_t cap = (size_t)n * 160 + 1, len = 0;
    char *s = malloc(cap);
    for (int i = 0; i < n; i++) {
        char id[32];
        snprintf(id, sizeof id, id_fmt, i);
        len += (size_t)snprintf(s + len, cap - len,
                                "{\"id\":\"%s\",\"title\":\"Bài số %d\",\"body\":\"Nội dung "
                                "bài %d về khoa học và công nghệ.\"}\n", id, i, i % 97);
    }
    return s;
}

TS_TEST(test_order)
{
    char *text = numbered(300, "d%d");
    write_text(ts_tmp_path("many.jsonl"), text);
    free(text);
    write_text(ts_tmp_path("again.jsonl"), "{\"id\":\"d5\",\"title\":\"Sửa lại\",\"body\":\"Đã sửa.\"}\n");
    /* Into an existing database, written by one writer in input order (a new one is
     * built in shards and merged: test_index_shards, test_crash). */
    const char *none[] = {NULL};
    assert_int_equal(run(ts_tmp_path("db"), none, NULL, 0, 0, NULL, NULL), 0);
    const char *paths[] = {ts_tmp_path("many.jsonl"), ts_tmp_path("again.jsonl"), NULL};
    ix_stats st;
    assert_int_equal(run(ts_tmp_path("db"), paths, NULL, 7, 3, &st, NULL), 0);
    assert_int_equal(st.indexed, 301);
    xc_db *db = open_db(ts_tmp_path("db"));
    assert_int_equal(doccount(db), 300);
    for (int i = 0; i < 300; i++) {
        char id[16];
        snprintf(id, sizeof id, "d%d", i);
        if (find(db, id) != (xc_docid)i + 1)
            fail_msg("%s has docid %u, want %d", id, find(db, id), i + 1);
    }
    json_t *d5 = stored(db, "d5");
    assert_string_equal(json_string_value(json_object_get(d5, "title")), "Sửa lại");
    json_decref(d5);
    xc_db_free(db);
}

/* Runs the built command (through sh, for stdin from `in`); stderr goes to *err. */
static int command(const char *args, const char *in, char **err)
{
    char cmd[2048];
    snprintf(cmd, sizeof cmd, "exec '%s' %s <'%s'", ts_program("indexer/tracuu-index"), args,
             in ? in : "/dev/null");
    char *const argv[] = {"/bin/sh", "-c", cmd, NULL};
    return ts_run(argv, err);
}

TS_TEST(test_command)
{
    char *out, args[1024];
    write_text(ts_tmp_path("ok.jsonl"), "{\"id\":\"x\",\"title\":\"Tốt\",\"body\":\"Mọi thứ đều ổn.\"}\n");
    write_text(ts_tmp_path("bad.jsonl"), "{\"id\":\"y\",\"body\":\"Được.\"}\n{\"id\":\"z\"}\n");
    assert_int_equal(command("--help", NULL, &out), 0);
    free(out);

    snprintf(args, sizeof args, "--db '%s' --quiet '%s'", ts_tmp_path("db"), ts_tmp_path("ok.jsonl"));
    assert_int_equal(command(args, NULL, &out), 0);
    assert_non_null(strstr(out, "tracuu-index: 1 documents indexed ("));
    assert_non_null(strstr(out, "; 0 skipped; 0 deleted; index has 1 documents\n"));
    free(out);

    /* Another writer holds the database. */
    xc_wdb *w = xc_wdb_open(ts_tmp_path("db"), XC_OPEN, NULL);
    assert_non_null(w);
    assert_int_equal(command(args, NULL, &out), 2);
    assert_non_null(strstr(out, "tracuu-index: error: "));
    free(out);
    xc_wdb_free(w);

    snprintf(args, sizeof args, "--db '%s' --batch 1 -", ts_tmp_path("db"));
    assert_int_equal(command(args, ts_tmp_path("bad.jsonl"), &out), 1);
    assert_non_null(strstr(out, "stdin:2: skipped: empty body\n"));
    assert_non_null(strstr(out, "; 1 skipped; 0 deleted; index has 2 documents\n"));
    free(out);

    snprintf(args, sizeof args, "--db '%s' --delete x", ts_tmp_path("db"));
    assert_int_equal(command(args, NULL, &out), 0);
    assert_non_null(strstr(out, "1 deleted; index has 1 documents"));
    free(out);

    snprintf(args, sizeof args, "--db '%s' '%s'", ts_tmp_path("db"), ts_tmp_path("absent"));
    assert_int_equal(command(args, NULL, &out), 2);
    assert_non_null(strstr(out, "absent"));
    free(out);

    snprintf(args, sizeof args, "--db '%s' --batch 0", ts_tmp_path("db"));
    assert_int_equal(command(args, NULL, &out), 2);
    free(out);

    snprintf(args, sizeof args, "--db '%s' --type 'tin tức' '%s'", ts_tmp_path("db"), ts_tmp_path("ok.jsonl"));
    assert_int_equal(command(args, NULL, &out), 2);
    assert_non_null(strstr(out, "invalid --type"));
    free(out);
}

/* The command's own options: --version, and a missing value or an unknown option
 * named in the message. */
TS_TEST(test_options)
{
    static const ts_run_row rows[] = {
        {{"--version"}, 0, TS_VERSION_LINE("tracuu-index")},
        {{"--db"}, 2, "tracuu-index: --db needs a value"},
        {{"--db", "db", "--batch"}, 2, "tracuu-index: --batch needs a value"},
        {{"--db", "db", "--frobnicate"}, 2, "tracuu-index: unknown option --frobnicate"},
        /* A whole number in its range, or nothing is done. */
        {{"--db", "db", "--batch", "0"}, 2, "--batch must be a number from 1 to 100000000"},
        {{"--db", "db", "--threads", "65"}, 2, "--threads must be a number from 1 to 64"},
        {{"--db", "db", "--max-record", "4k"}, 2, "--max-record must be a number from 1 to 4096"},
        {{"--db", "db", "--extract-memory", "-1"}, 2, "--extract-memory must be a number from 1"},
    };
    ts_expect_runs("indexer/tracuu-index", rows, sizeof rows / sizeof rows[0]);
}

/* The doccount of `path`, or -1 while it cannot be read. */
static long try_doccount(const char *path)
{
    xc_db *db = xc_db_open(path, NULL);
    uint64_t n = 0;
    long r = db && xc_db_doccount(db, &n, NULL) == 0 ? (long)n : -1;
    xc_db_free(db);
    return r;
}

TS_TEST(test_killed)
{
    enum { DOCS = 4000, BATCH = 10 };
    char *text = numbered(DOCS, "k%05d");
    write_text(ts_tmp_path("kill.jsonl"), text);
    /* The child reads a pipe that stays open until it is killed: it cannot reach
     * the end first, however fast it runs. */
    /* Into an existing database, written by one writer in input order (a new one is
     * built in shards and merged: test_index_shards, test_crash). */
    const char *none[] = {NULL};
    assert_int_equal(run(ts_tmp_path("db"), none, NULL, 0, 0, NULL, NULL), 0);
    int fds[2];
    assert_int_equal(pipe(fds), 0);
    fflush(NULL);
    pid_t pid = fork();
    assert_true(pid >= 0);
    if (pid == 0) {
        dup2(fds[0], 0);
        close(fds[0]);
        close(fds[1]);
        const char *in[] = {"-", NULL};
        _exit(run(ts_tmp_path("db"), in, NULL, BATCH, 2, NULL, NULL) == 0 ? 0 : 3);
    }
    close(fds[0]);
    /* Feed it a few records at a time until a few batches are committed. */
    const char *p = text, *end = text + strlen(text);
    long seen = -1;
    for (int i = 0; i < 6000 && seen < 3 * BATCH && p < end; i++) {
        const char *stop = p;
        for (int k = 0; k < 5 && stop < end; k++)
            stop = strchr(stop, '\n') + 1;
        assert_int_equal(write(fds[1], p, (size_t)(stop - p)), stop - p);
        p = stop;
        struct timespec ms = {0, 5 * 1000 * 1000};
        nanosleep(&ms, NULL);
        seen = try_doccount(ts_tmp_path("db"));
    }
    assert_true(p < end);
    kill(pid, SIGKILL);
    int status;
    assert_int_equal(waitpid(pid, &status, 0), pid);
    assert_true(WIFSIGNALED(status));
    close(fds[1]);
    free(text);

    xc_db *db = open_db(ts_tmp_path("db"));
    uint64_t n = doccount(db);
    assert_true(n >= 3 * BATCH && n < DOCS);
    assert_int_equal(n % BATCH, 0);
    /* A committed state is a prefix of the input. */
    char id[16];
    snprintf(id, sizeof id, "k%05d", (int)n - 1);
    assert_int_equal(find(db, id), n);
    snprintf(id, sizeof id, "k%05d", (int)n);
    assert_int_equal(find(db, id), 0);
    xc_db_free(db);

    ix_stats st;
    const char *paths[] = {ts_tmp_path("kill.jsonl"), NULL};
    assert_int_equal(run(ts_tmp_path("db"), paths, NULL, 0, 0, &st, NULL), 0);
    assert_int_equal(st.doccount, DOCS);
    db = open_db(ts_tmp_path("db"));
    assert_int_equal(doccount(db), DOCS);
    xc_db_free(db);
}

TS_MAIN(NULL, NULL,
        cmocka_unit_test_setup_teardown(test_reader_lines, ts_tmp_setup, ts_tmp_teardown),
        cmocka_unit_test_setup_teardown(test_records, ts_tmp_setup, ts_tmp_teardown),
        cmocka_unit_test_setup_teardown(test_folder, ts_tmp_setup, ts_tmp_teardown),
        cmocka_unit_test_setup_teardown(test_bad_inputs, ts_tmp_setup, ts_tmp_teardown),
        cmocka_unit_test_setup_teardown(test_replace_delete, ts_tmp_setup, ts_tmp_teardown),
        cmocka_unit_test_setup_teardown(test_order, ts_tmp_setup, ts_tmp_teardown),
        cmocka_unit_test_setup_teardown(test_command, ts_tmp_setup, ts_tmp_teardown),
        cmocka_unit_test(test_options),
        cmocka_unit_test_setup_teardown(test_killed, ts_tmp_setup, ts_tmp_teardown))
