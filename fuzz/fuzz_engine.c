/* fuzz_engine: the index and engine shared by the targets that run queries
 * (fuzz.h). */
#define _XOPEN_SOURCE 700 /* nftw */
#include "fuzz.h"

#include <ftw.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "engine.h"
#include "indexer.h"

#ifndef TRACUU_SOURCE_DIR
#define TRACUU_SOURCE_DIR "."
#endif

static se_engine *engine;
static char tmpdir[4096];

static void die(const char *what, const tr_error *err)
{
    fprintf(stderr, "fuzz: %s: %s\n", what, err ? err->message : "");
    abort();
}

static int rm_one(const char *path, const struct stat *sb, int flag, struct FTW *ftw)
{
    (void)sb;
    (void)flag;
    (void)ftw;
    return remove(path);
}

static void cleanup(void)
{
    se_engine_free(engine);
    engine = NULL;
    if (tmpdir[0])
        nftw(tmpdir, rm_one, 16, FTW_DEPTH | FTW_PHYS);
}

static const char *source_dir(void)
{
    const char *s = getenv("TRACUU_SOURCE_DIR");
    return s && *s ? s : TRACUU_SOURCE_DIR;
}

se_engine *fz_engine(void)
{
    if (engine)
        return engine;
    const char *t = getenv("TMPDIR");
    snprintf(tmpdir, sizeof tmpdir, "%s/tracuu-fuzz-XXXXXX", t && *t ? t : "/tmp");
    if (!mkdtemp(tmpdir))
        die("cannot make a temporary folder", NULL);
    atexit(cleanup);

    char corpus[4096], db[4200], data[4096];
    snprintf(corpus, sizeof corpus, "%s/corpus/sample.jsonl", source_dir());
    snprintf(data, sizeof data, "%s/data", source_dir());
    snprintf(db, sizeof db, "%s/db", tmpdir);
    const char *paths[] = {corpus};
    ix_options opt;
    ix_options_init(&opt);
    opt.db = db;
    opt.paths = paths;
    opt.n_paths = 1;
    opt.threads = 1;
    opt.quiet = 1;
    opt.progress = 0;
    opt.log = fopen("/dev/null", "w"); /* the summary line would drown the fuzzer's */
    ix_stats st;
    tr_error err = {0};
    int rc = ix_run(&opt, &st, &err);
    if (opt.log)
        fclose(opt.log);
    if (rc || st.indexed == 0)
        die("cannot index corpus/sample.jsonl (set TRACUU_SOURCE_DIR)", &err);

    const char *dbs[] = {db};
    se_config ec = {.dbs = dbs, .ndb = 1, .data_dir = data};
    engine = se_engine_open(&ec, &err);
    if (!engine)
        die("cannot open the fixture index", &err);
    return engine;
}
