/* The fuzz targets' entry points (fuzz/fuzz.h) over the inputs that once broke them,
 * saved in tests/data/fuzz/<target>/, and over their seed corpora (fuzz/corpus/), in
 * the ordinary builds: under AddressSanitizer and UBSan these show a fixed bug coming
 * back without clang or libFuzzer. An input that breaks an invariant aborts, which
 * fails this test. */
#include <dirent.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include <cmocka.h>

#include "fuzz.h"
#include "support.h"

typedef int (*entry_fn)(const uint8_t *data, size_t size);

static unsigned char *read_all(const char *path, size_t *len)
{
    FILE *f = fopen(path, "rb");
    if (!f)
        fail_msg("cannot open %s", path);
    size_t cap = 4096, n = 0;
    unsigned char *buf = malloc(cap);
    assert_non_null(buf);
    for (size_t r; (r = fread(buf + n, 1, cap - n, f)) > 0;) {
        n += r;
        if (n == cap)
            assert_non_null(buf = realloc(buf, cap *= 2));
    }
    fclose(f);
    *len = n;
    return buf;
}

/* Feeds every regular file of `dir` to fn; returns how many. A missing folder has
 * none. */
static size_t feed_dir(const char *dir, entry_fn fn)
{
    DIR *d = opendir(dir);
    if (!d)
        return 0;
    size_t n = 0;
    for (struct dirent *e; (e = readdir(d));) {
        char path[4096];
        snprintf(path, sizeof path, "%s/%s", dir, e->d_name);
        struct stat st;
        if (e->d_name[0] == '.' || stat(path, &st) || !S_ISREG(st.st_mode))
            continue;
        size_t len;
        unsigned char *data = read_all(path, &len);
        print_message("  %s (%zu bytes)\n", path, len);
        assert_int_equal(fn(data, len), 0);
        free(data);
        n++;
    }
    closedir(d);
    return n;
}

static void feed(const char *target, entry_fn fn)
{
    char rel[256];
    snprintf(rel, sizeof rel, "tests/data/fuzz/%s", target);
    size_t crashes = feed_dir(ts_source(rel), fn);
    snprintf(rel, sizeof rel, "fuzz/corpus/%s", target);
    size_t seeds = feed_dir(ts_source(rel), fn);
    print_message("%s: %zu saved crash inputs, %zu seeds\n", target, crashes, seeds);
    if (seeds == 0)
        fail_msg("no seeds in fuzz/corpus/%s", target);
}

/* The targets, each with its saved crash inputs and its seeds. */
static const struct target {
    const char *name;
    entry_fn fn;
} targets[] = {
    {"fuzz_analyzer", fz_analyzer}, {"fuzz_query", fz_query},
    {"fuzz_jsonl", fz_jsonl},       {"fuzz_csv", fz_csv},
    {"fuzz_legacy", fz_legacy},     {"fuzz_http_params", fz_http_params},
    {"fuzz_extract_html", fz_extract_html}, {"fuzz_auth", fz_auth},
    {"fuzz_multipart", fz_multipart},
};

/* A failing target is named (feed), and the files fed are listed as they go. */
TS_TEST(test_targets)
{
    for (size_t i = 0; i < sizeof targets / sizeof targets[0]; i++)
        feed(targets[i].name, targets[i].fn);
}

TS_MAIN(NULL, NULL,
        cmocka_unit_test(test_targets))
