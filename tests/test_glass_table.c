/* test_glass_table: glass/'s table and version writers (gl_table.h) and encodings
 * (gl_pack.h), judged by Xapian itself: databases written by gl_table are opened with
 * Xapian through xapian-c, every stored value read back, and xapian-check must find no
 * error; the encodings are compared with values worked out from Xapian's pack.h.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "gl_pack.h"
#include "gl_table.h"
#include "support.h"

/* ---- encodings --------------------------------------------------------- */

typedef struct pack_row {
    const char *what;
    void (*pack)(gl_buf *, uint64_t);
    uint64_t v;
    const char *want; /* hex */
    size_t want_len;
} pack_row;

#define ROW(f, v, bytes) {#f "(" #v ")", f, v, bytes, sizeof(bytes) - 1}

/* Worked out by hand from Xapian 1.4.22's common/pack.h. */
static const pack_row pack_rows[] = {
    ROW(gl_pack_uint, 0, "\x00"),
    ROW(gl_pack_uint, 127, "\x7f"),
    ROW(gl_pack_uint, 128, "\x80\x01"),
    ROW(gl_pack_uint, 300, "\xac\x02"),
    ROW(gl_pack_uint, UINT64_MAX, "\xff\xff\xff\xff\xff\xff\xff\xff\xff\x01"),
    ROW(gl_pack_uint_last, 0, ""),
    ROW(gl_pack_uint_last, 1, "\x01"),
    ROW(gl_pack_uint_last, 0x1234, "\x34\x12"),
    ROW(gl_pack_uint_last, 0x1000000, "\x00\x00\x00\x01"),
    ROW(gl_pack_uint_sort, 0, "\x00\x00"),
    ROW(gl_pack_uint_sort, 1, "\x00\x01"),
    ROW(gl_pack_uint_sort, 0x1234, "\x12\x34"),
    ROW(gl_pack_uint_sort, 0x7fff, "\x7f\xff"),
    ROW(gl_pack_uint_sort, 0x8000, "\x80\x80\x00"),
    ROW(gl_pack_uint_sort, 0x3fffff, "\xbf\xff\xff"),
    ROW(gl_pack_uint_sort, 0x400000, "\xc0\x40\x00\x00"),
    ROW(gl_pack_uint_sort, 0xffffffff, "\xe0\xff\xff\xff\xff"),
    ROW(gl_pack_uint_sort, UINT64_MAX, "\xfe\xff\xff\xff\xff\xff\xff\xff\xff"),
};

static void hex(char *out, const unsigned char *p, size_t n)
{
    out[0] = 0;
    for (size_t i = 0; i < n && i < 20; i++) sprintf(out + 3 * i, "%02x ", p[i]);
}

TS_TEST(test_pack_numbers)
{
    size_t failed = 0, n = sizeof pack_rows / sizeof pack_rows[0];
    for (size_t i = 0; i < n; i++) {
        gl_buf b = {0};
        pack_rows[i].pack(&b, pack_rows[i].v);
        if (b.len != pack_rows[i].want_len || (b.len && memcmp(b.p, pack_rows[i].want, b.len))) {
            char got[64], want[64];
            hex(got, b.p, b.len);
            hex(want, (const unsigned char *)pack_rows[i].want, pack_rows[i].want_len);
            ts_row_fail(&failed, "%s: got %s, want %s", pack_rows[i].what, got, want);
        }
        gl_buf_free(&b);
    }
    ts_rows_end(failed, n);
}

TS_TEST(test_pack_strings)
{
    gl_buf b = {0};
    gl_pack_string(&b, "ab", 2);
    gl_pack_string_sort(&b, "a\0b", 3, 0);
    gl_pack_string_sort(&b, "a\0b", 3, 1);
    gl_pack_string_sort(&b, "", 0, 0);
    gl_pack_bool(&b, 1);
    gl_pack_bool(&b, 0);
    static const char want[] = "\x02" "ab" "a\0\xff" "b\0" "a\0\xff" "b" "\0" "10";
    assert_int_equal(b.len, sizeof want - 1);
    assert_memory_equal(b.p, want, b.len);
    assert_false(b.oom);
    gl_buf_free(&b);
}

/* ---- databases --------------------------------------------------------- */

static void xapian_check_ok(const char *path)
{
    char *argv[] = {"/usr/bin/xapian-check", (char *)path, NULL};
    free(ts_run_expect(argv, 0, NULL));
}

/* Deterministic bytes: compressible (a few words repeated) or not (a generator). */
static void fill(unsigned char *p, size_t n, unsigned seed, int compressible)
{
    static const char words[] = "quyet dinh so ve viec bo nhiem ";
    uint32_t x = seed * 2654435761u + 1;
    for (size_t i = 0; i < n; i++) {
        x ^= x << 13;
        x ^= x >> 17;
        x ^= x << 5;
        p[i] = compressible ? (unsigned char)words[(i + seed) % (sizeof words - 1)]
                            : (unsigned char)x;
    }
}

static void write_version(const char *dir, gl_root roots[GL_TABLES], const gl_stats *st)
{
    for (int i = 0; i < GL_TABLES; i++)
        if (!roots[i].blocksize) {
            roots[i].blocksize = GL_BLOCKSIZE;
            roots[i].root_is_fake = 1;
        }
    tr_error err = {0};
    assert_int_equal(gl_version_write(dir, roots, st, &err), 0);
}

/* A new table DIR/NAME; aborts the test when it cannot be made. */
static gl_table *new_table(const char *dir, const char *name, uint32_t cmin)
{
    char path[512];
    snprintf(path, sizeof path, "%s/%s", dir, name);
    tr_error err = {0};
    gl_table *t = gl_table_create(path, cmin, &err);
    if (!t) fail_msg("%s: %s", path, err.message);
    return t;
}

/* The termlist table is not lazy: glass opens its file even when it is empty. */
static void empty_table(const char *dir, const char *name, uint32_t cmin, gl_root *root)
{
    tr_error err = {0};
    gl_table *t = new_table(dir, name, cmin);
    assert_int_equal(gl_table_finish(t, root, &err), 0);
    gl_table_free(t);
}

#define META_KEYS 8000
#define META_PAD 200 /* a long common prefix: long separator keys, a deeper tree */

static size_t meta_name(char *name, unsigned i)
{
    memset(name, 'p', META_PAD);
    return META_PAD + (size_t)sprintf(name + META_PAD, "%06u%.*s", i, (int)(i % 40),
                                      "-abcdefghijklmnopqrstuvwxyz0123456789xyz");
}

static size_t meta_len(unsigned i)
{
    if (i % 97 == 0) return 2000 + (i * 7919u) % 30000; /* several blocks: components */
    return 1 + (i * 31u) % 120; /* glass stores no empty metadata: "" deletes a key */
}

/* The metadata items META_KEYS / step, in order, into a postlist table: key 00 c0 +
 * name (glass_database.cc's set_metadata). */
static void write_meta(gl_table *t, unsigned step, unsigned char *buf)
{
    tr_error err = {0};
    char name[300];
    for (unsigned i = 0; i < META_KEYS; i += step) {
        unsigned char key[256] = {0x00, 0xc0};
        size_t n = meta_name(name, i);
        memcpy(key + 2, name, n);
        size_t len = meta_len(i);
        fill(buf, len, i, i % 2);
        assert_int_equal(gl_table_add(t, key, n + 2, buf, len, &err), 0);
    }
}

TS_TEST(test_metadata_database)
{
    char *dir = ts_tempdir();
    char name[300];
    unsigned char *val = malloc(40000);
    assert_non_null(val);
    tr_error err = {0};
    gl_root roots[GL_TABLES] = {0};

    gl_table *t = new_table(dir, "postlist.glass", 0);
    write_meta(t, 1, val);
    assert_int_equal(gl_table_finish(t, &roots[GL_POSTLIST], &err), 0);
    gl_table_free(t);
    assert_int_equal(roots[GL_POSTLIST].num_entries, META_KEYS);
    assert_true(roots[GL_POSTLIST].level >= 2);
    empty_table(dir, "termlist.glass", 18, &roots[GL_TERMLIST]);
    gl_stats st = {0};
    write_version(dir, roots, &st);

    xc_db *db = xc_db_open(dir, &err);
    assert_non_null(db);
    uint64_t count = 1;
    assert_int_equal(xc_db_doccount(db, &count, &err), 0);
    assert_int_equal(count, 0);
    size_t failed = 0;
    for (unsigned i = 0; i < META_KEYS; i++) {
        meta_name(name, i);
        char *got = NULL;
        size_t got_len = 0;
        assert_int_equal(xc_db_metadata(db, name, &got, &got_len, &err), 0);
        size_t len = meta_len(i);
        fill(val, len, i, i % 2);
        if (got_len != len || memcmp(got, val, len) != 0)
            ts_row_fail(&failed, "metadata %u: %zu bytes, want %zu\n", i, got_len, len);
        free(got);
    }
    ts_rows_end(failed, META_KEYS);
    xc_db_free(db);
    xapian_check_ok(dir);
    free(val);
    ts_rmrf(dir);
    free(dir);
}

#define DOCS 3000

static size_t doc_len(unsigned d)
{
    if (d % 211 == 0) return 9000 + (d * 131u) % 40000; /* compressed or not, components */
    return 1 + (d * 53u) % 700; /* around compress_min too; glass stores no empty data */
}

/* Glass finds a document by its length in the postlist table's document-length list
 * (key 00 e0): one chunk (glass_postlist.cc's first-chunk and chunk headers), every
 * document of length 0. */
static void doclen_list(const char *dir, gl_root *root)
{
    gl_buf tag = {0};
    gl_pack_uint(&tag, 0); /* term and collection frequencies: unused for this list */
    gl_pack_uint(&tag, 0);
    gl_pack_uint(&tag, 0); /* first docid - 1 */
    gl_pack_bool(&tag, 1); /* the last chunk */
    gl_pack_uint(&tag, DOCS - 1);
    gl_pack_uint(&tag, 0);
    for (unsigned d = 2; d <= DOCS; d++) {
        gl_pack_uint(&tag, 0); /* docid gap - 1 */
        gl_pack_uint(&tag, 0); /* length */
    }
    tr_error err = {0};
    gl_table *t = new_table(dir, "postlist.glass", 0);
    assert_int_equal(gl_table_add(t, "\x00\xe0", 2, tag.p, tag.len, &err), 0);
    assert_int_equal(gl_table_finish(t, root, &err), 0);
    gl_table_free(t);
    gl_buf_free(&tag);
}

/* Every document's data, in docid order, into a docdata table (key: the docid as
 * pack_uint_preserving_sort, glass_docdata.h). */
/* Document data, a third of it compressible unless `raw`. */
static void put_docs(gl_table *t, unsigned char *buf, int raw)
{
    tr_error err = {0};
    for (unsigned d = 1; d <= DOCS; d++) {
        gl_buf key = {0};
        gl_pack_uint_sort(&key, d);
        size_t len = doc_len(d);
        fill(buf, len, d, !raw && d % 3 != 0);
        assert_int_equal(gl_table_add(t, key.p, key.len, buf, len, &err), 0);
        gl_buf_free(&key);
    }
}

static void write_docs(gl_table *t, unsigned char *buf) { put_docs(t, buf, 0); }
static void write_raw_docs(gl_table *t, unsigned char *buf) { put_docs(t, buf, 1); }

TS_TEST(test_compressed_docdata)
{
    char *dir = ts_tempdir();
    char path[512];
    unsigned char *data = malloc(50000);
    assert_non_null(data);
    tr_error err = {0};
    gl_root roots[GL_TABLES] = {0};

    gl_table *t = new_table(dir, "docdata.glass", 18);
    write_docs(t, data);
    assert_int_equal(gl_table_finish(t, &roots[GL_DOCDATA], &err), 0);
    gl_table_free(t);
    struct stat sb;
    snprintf(path, sizeof path, "%s/docdata.glass", dir);
    assert_int_equal(stat(path, &sb), 0);
    assert_int_equal(sb.st_size, (off_t)roots[GL_DOCDATA].nblocks * GL_BLOCKSIZE);
    doclen_list(dir, &roots[GL_POSTLIST]);
    empty_table(dir, "termlist.glass", 18, &roots[GL_TERMLIST]);
    gl_stats st = {.doccount = DOCS, .last_docid = DOCS};
    write_version(dir, roots, &st);

    /* Compression made the table smaller than the data it holds. */
    size_t total = 0;
    for (unsigned d = 1; d <= DOCS; d++) total += doc_len(d);
    assert_true((size_t)sb.st_size < total);

    xc_db *db = xc_db_open(dir, &err);
    assert_non_null(db);
    uint64_t count = 0;
    assert_int_equal(xc_db_doccount(db, &count, &err), 0);
    assert_int_equal(count, DOCS);
    size_t failed = 0;
    for (unsigned d = 1; d <= DOCS; d++) {
        char *got = NULL;
        size_t got_len = 0;
        int rc = xc_db_data(db, d, &got, &got_len, &err);
        size_t len = doc_len(d);
        fill(data, len, d, d % 3 != 0);
        if (rc != 0 || got_len != len || memcmp(got, data, len) != 0)
            ts_row_fail(&failed, "document %u: rc %d, %zu bytes, want %zu: %s\n", d, rc, got_len,
                        len, err.message);
        free(got);
    }
    ts_rows_end(failed, DOCS);
    xc_db_free(db);
    snprintf(path, sizeof path, "%s/docdata.glass", dir);
    xapian_check_ok(path);
    xapian_check_ok(dir);

    /* Xapian's writer updates the database: its free list must say which blocks are
     * taken, or the new revision would overwrite the tables it is based on. */
    xc_wdb *w = xc_wdb_open(dir, XC_OPEN, &err);
    assert_non_null(w);
    xc_doc *doc = xc_doc_new(&err);
    assert_int_equal(xc_doc_add_term(doc, "added", 5, 1, &err), 0);
    assert_int_equal(xc_doc_set_data(doc, "later", 5, &err), 0);
    xc_docid id = 0;
    assert_int_equal(xc_wdb_add(w, doc, &id, &err), 0);
    assert_int_equal(id, DOCS + 1);
    xc_doc_free(doc);
    assert_int_equal(xc_wdb_commit(w, &err), 0);
    xc_wdb_free(w);
    xapian_check_ok(dir);
    db = xc_db_open(dir, &err);
    assert_non_null(db);
    for (unsigned d = 1; d <= DOCS + 1; d += 3) {
        char *got = NULL;
        size_t got_len = 0;
        assert_int_equal(xc_db_data(db, d, &got, &got_len, &err), 0);
        size_t len = d > DOCS ? 5 : doc_len(d);
        fill(data, len, d, d % 3 != 0);
        assert_int_equal(got_len, len);
        assert_memory_equal(got, d > DOCS ? (const unsigned char *)"later" : data, len);
        free(got);
    }
    xc_db_free(db);
    free(data);
    ts_rmrf(dir);
    free(dir);
}

/* ---- the same bytes as xapian-compact --------------------------------- */

/* Glass starts a block from a copy of the one it split, so the space between the
 * directory and the items holds whatever was there: not part of the table. */
static void clear_free_space(unsigned char *p, size_t len)
{
    for (size_t o = 0; o + GL_BLOCKSIZE <= len; o += GL_BLOCKSIZE) {
        unsigned char *b = p + o;
        size_t dir_end = (size_t)b[9] << 8 | b[10], max_free = (size_t)b[5] << 8 | b[6];
        if (dir_end + max_free <= GL_BLOCKSIZE) memset(b + dir_end, 0, max_free);
    }
}

static void same_file(const char *a, const char *b)
{
    size_t la, lb;
    unsigned char *pa = (unsigned char *)ts_read_file(a, &la);
    unsigned char *pb = (unsigned char *)ts_read_file(b, &lb);
    clear_free_space(pa, la);
    clear_free_space(pb, lb);
    size_t i = 0;
    while (i < la && i < lb && pa[i] == pb[i]) i++;
    if (la != lb || i < la)
        fail_msg("%s (%zu bytes) and %s (%zu bytes) differ at byte %zu (block %zu)", a, la,
                 b, lb, i, i / GL_BLOCKSIZE);
    free(pa);
    free(pb);
}

/* xapian-compact's copy of the Xapian database `src` beside it, and the table `table`
 * written by gl_table with `write` must hold the same bytes. Returns the root's level. */
static unsigned same_as_compact(const char *dir, const char *src, const char *table,
                                uint32_t compress_min,
                                void (*write)(gl_table *, unsigned char *), unsigned char *buf)
{
    char dst[600], ours[600], theirs[700];
    snprintf(dst, sizeof dst, "%s/%s-compact", dir, src);
    snprintf(ours, sizeof ours, "%s/%s", dir, src);
    const char *srcs[] = {ours};
    tr_error err = {0};
    assert_int_equal(xc_compact(srcs, 1, dst, 0, &err), 0);
    gl_table *t = new_table(dir, table, compress_min);
    write(t, buf);
    gl_root root;
    assert_int_equal(gl_table_finish(t, &root, &err), 0);
    gl_table_free(t);
    snprintf(ours, sizeof ours, "%s/%s", dir, table);
    snprintf(theirs, sizeof theirs, "%s/%s", dst, table);
    same_file(ours, theirs);
    return root.level;
}

static void write_meta_3(gl_table *t, unsigned char *buf) { write_meta(t, 3, buf); }

/* Xapian writes the items (user metadata in one database, document data in another),
 * xapian-compact (full compaction) copies them, and gl_table given the same items in
 * order must write the very same tables: the layout, the cutting of long tags, the
 * block numbering and separator keys. The document data is incompressible: glass/
 * deflates with libdeflate, whose bytes are not zlib's (test_compressed_docdata reads
 * compressed tags back through Xapian). */
TS_TEST(test_same_as_xapian_compact)
{
    char *dir = ts_tempdir();
    char path[600], name[300];
    unsigned char *buf = malloc(50000);
    assert_non_null(buf);
    tr_error err = {0};

    snprintf(path, sizeof path, "%s/meta", dir);
    xc_wdb *w = xc_wdb_open(path, XC_CREATE_OR_OPEN, &err);
    assert_non_null(w);
    for (unsigned i = 0; i < META_KEYS; i += 3) {
        meta_name(name, i);
        size_t len = meta_len(i);
        fill(buf, len, i, i % 2);
        assert_int_equal(xc_wdb_set_metadata(w, name, (const char *)buf, len, &err), 0);
    }
    assert_int_equal(xc_wdb_commit(w, &err), 0);
    xc_wdb_free(w);
    assert_true(same_as_compact(dir, "meta", "postlist.glass", 0, write_meta_3, buf) >= 2);

    snprintf(path, sizeof path, "%s/docs", dir);
    w = xc_wdb_open(path, XC_CREATE_OR_OPEN, &err);
    assert_non_null(w);
    for (unsigned d = 1; d <= DOCS; d++) {
        xc_doc *doc = xc_doc_new(&err);
        size_t len = doc_len(d);
        fill(buf, len, d, 0);
        assert_int_equal(xc_doc_set_data(doc, (const char *)buf, len, &err), 0);
        assert_int_equal(xc_wdb_add(w, doc, NULL, &err), 0);
        xc_doc_free(doc);
    }
    assert_int_equal(xc_wdb_commit(w, &err), 0);
    xc_wdb_free(w);
    same_as_compact(dir, "docs", "docdata.glass", 18, write_raw_docs, buf);
    free(buf);
    ts_rmrf(dir);
    free(dir);
}

/* ---- errors ------------------------------------------------------------ */

typedef struct key_row {
    const char *what;
    const char *first;
    size_t first_len;
    const char *second;
    size_t second_len;
} key_row;

static char long_key[256];

TS_TEST(test_bad_keys)
{
    memset(long_key, 'k', sizeof long_key);
    static const key_row rows[] = {
        {"descending", "b", 1, "a", 1},
        {"duplicate", "ab", 2, "ab", 2},
        {"prefix after longer", "ab", 2, "a", 1},
        {"empty key", "a", 1, "", 0},
        {"256 bytes", "a", 1, long_key, 256},
    };
    char *dir = ts_tempdir();
    size_t failed = 0, n = sizeof rows / sizeof rows[0];
    for (size_t i = 0; i < n; i++) {
        char path[512];
        snprintf(path, sizeof path, "%s/t%zu.glass", dir, i);
        tr_error err = {0};
        gl_table *t = gl_table_create(path, 0, &err);
        assert_non_null(t);
        assert_int_equal(gl_table_add(t, rows[i].first, rows[i].first_len, "x", 1, &err), 0);
        int rc = gl_table_add(t, rows[i].second, rows[i].second_len, "y", 1, &err);
        if (rc != TR_EINVAL || !strstr(err.message, path))
            ts_row_fail(&failed, "%s: rc %d, message \"%s\"", rows[i].what, rc, err.message);
        /* The table refuses to finish: nothing half-written is called a table. */
        gl_root root;
        tr_error err2 = {0};
        if (gl_table_finish(t, &root, &err2) == 0)
            ts_row_fail(&failed, "%s: finished after an error", rows[i].what);
        gl_table_free(t);
    }
    ts_rows_end(failed, n);
    /* 255 bytes is the longest key allowed. */
    char path[512];
    snprintf(path, sizeof path, "%s/long.glass", dir);
    tr_error err = {0};
    gl_table *t = gl_table_create(path, 0, &err);
    assert_non_null(t);
    assert_int_equal(gl_table_add(t, long_key, 255, "v", 1, &err), 0);
    assert_int_equal(gl_table_add(t, "z", 1, NULL, 0, &err), 0); /* an empty tag */
    gl_root root;
    assert_int_equal(gl_table_finish(t, &root, &err), 0);
    assert_int_equal(root.num_entries, 2);
    /* A finished table takes no more items. */
    assert_int_equal(gl_table_add(t, "zz", 2, "v", 1, &err), TR_EINVAL);
    assert_non_null(strstr(err.message, "finished"));
    gl_table_free(t);
    ts_rmrf(dir);
    free(dir);
}

TS_TEST(test_existing_files)
{
    char *dir = ts_tempdir();
    char path[512];
    snprintf(path, sizeof path, "%s/postlist.glass", dir);
    ts_write_file(path, "old", 3);
    tr_error err = {0};
    assert_null(gl_table_create(path, 0, &err));
    assert_int_equal(err.code, TR_EIO);
    assert_non_null(strstr(err.message, path));

    /* A version file already there is not replaced. */
    snprintf(path, sizeof path, "%s/iamglass", dir);
    ts_write_file(path, "old", 3);
    gl_root roots[GL_TABLES] = {0};
    gl_stats st = {0};
    tr_error err2 = {0};
    for (int i = 0; i < GL_TABLES; i++) roots[i].blocksize = GL_BLOCKSIZE;
    assert_int_equal(gl_version_write(dir, roots, &st, &err2), TR_EIO);
    assert_non_null(strstr(err2.message, "iamglass"));
    struct stat sb;
    assert_int_equal(stat(path, &sb), 0);
    assert_int_equal(sb.st_size, 3);
    snprintf(path, sizeof path, "%s/v.tmp", dir);
    assert_int_not_equal(access(path, F_OK), 0);

    /* Statistics glass could not store. */
    tr_error err3 = {0};
    gl_stats bad = {.doccount = 2, .last_docid = 1};
    assert_int_equal(gl_version_write(dir, roots, &bad, &err3), TR_EINVAL);
    ts_rmrf(dir);
    free(dir);
}

/* Glass reads 256 bytes of the version file: numbers so large that it would be longer
 * are refused, not written for glass to misread. */
TS_TEST(test_version_too_long)
{
    char *dir = ts_tempdir();
    gl_root roots[GL_TABLES];
    for (int i = 0; i < GL_TABLES; i++)
        roots[i] = (gl_root){.root = UINT32_MAX, .level = 9, .num_entries = UINT64_MAX,
                             .blocksize = GL_BLOCKSIZE, .compress_min = UINT32_MAX,
                             .nblocks = UINT32_MAX};
    gl_stats st = {UINT32_MAX, UINT64_MAX, UINT32_MAX, 1, UINT32_MAX, 1, UINT32_MAX};
    tr_error err = {0};
    assert_int_equal(gl_version_write(dir, roots, &st, &err), TR_ELIMIT);
    char path[600];
    snprintf(path, sizeof path, "%s/iamglass", dir);
    assert_int_not_equal(access(path, F_OK), 0);
    ts_rmrf(dir);
    free(dir);
}

TS_MAIN(NULL, NULL, cmocka_unit_test(test_pack_numbers), cmocka_unit_test(test_pack_strings),
        cmocka_unit_test(test_metadata_database), cmocka_unit_test(test_compressed_docdata),
        cmocka_unit_test(test_same_as_xapian_compact),
        cmocka_unit_test(test_bad_keys), cmocka_unit_test(test_existing_files),
        cmocka_unit_test(test_version_too_long))
