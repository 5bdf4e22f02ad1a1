/* engine: opening and freeing the engine (engine.h). */
#include "engine.h"

#include <limits.h>
#include <pthread.h>
#include <stdlib.h>

#include "tr_paths.h"
#include "vn_terms.h"

void se_engine_data_dir_default(char *buf, size_t cap)
{
    tr_paths_find(TR_PLACE_DATA, buf, cap);
}

int se_engine_read(se_engine *e, se_read_fn run, const void *in, json_t **out,
                   tr_error *err)
{
    int rc, tries = 0;
    while (se_pool_again(rc = run(e, in, out, err), &tries, err))
        ;
    return rc;
}

/* A missing or unreadable synonyms file is the operator's setting, like a malformed
 * line: TR_EINVAL, as engine.h promises, with the message as it was. */
static void setting_error(tr_error *err)
{
    if (err && err->code != TR_ENOMEM && err->code != TR_EINVAL) {
        tr_error e2 = *err;
        tr_error_clear(err);
        tr_error_set(err, TR_EINVAL, "%s", e2.message);
    }
}

/* The table in effect, and the lock that makes taking a reference to it and
 * replacing it one step each. */
struct se_syn_slot {
    pthread_mutex_t lock;
    se_syn *syn;
};

se_syn *se_engine_syn(const se_engine *e)
{
    pthread_mutex_lock(&e->syn_slot->lock);
    se_syn *s = se_syn_ref(e->syn_slot->syn);
    pthread_mutex_unlock(&e->syn_slot->lock);
    return s;
}

se_syn *se_engine_read_synonyms(const se_config *c, tr_error *err)
{
    char shipped[PATH_MAX];
    if (!c->data_dir)
        se_engine_data_dir_default(shipped, sizeof shipped);
    const char *dir = c->data_dir ? c->data_dir : shipped;
    se_syn *s = se_syn_open(dir, c->data_dir != NULL, c->synonyms, err);
    if (!s)
        setting_error(err);
    return s;
}

void se_engine_use_synonyms(se_engine *e, se_syn *s)
{
    pthread_mutex_lock(&e->syn_slot->lock);
    se_syn *old = e->syn_slot->syn;
    e->syn_slot->syn = s;
    pthread_mutex_unlock(&e->syn_slot->lock);
    se_syn_free(old); /* freed now, or by the last request that holds it */
}

static se_pool *open_pool(const se_config *c, tr_error *err)
{
    if (c->ndb == 0) {
        tr_error_set(err, TR_EINVAL, "no index given");
        return NULL;
    }
    if (c->ndb > SE_DBS_MAX) {
        tr_error_set(err, TR_ELIMIT, "at most %d databases; list more shards in a file",
                     SE_DBS_MAX);
        return NULL;
    }
    se_shards *shards = se_shards_new(c->shard_timeout_ms, err);
    for (size_t i = 0; shards && i < c->ndb; i++) {
        if (se_shards_add_path(shards, c->dbs[i], err)) {
            se_shards_free(shards);
            shards = NULL;
        }
    }
    se_pool *pool = shards ? se_pool_new_shards(shards, err) : NULL;
    /* Xapian's words alone do not say which index failed to open; the first path does
     * when there is one index, the usual case. */
    if (!pool && err && err->code == TR_EDAMAGED) {
        tr_error_index_damaged(err, c->ndb == 1 ? c->dbs[0] : "the index");
    } else if (!pool && err && c->ndb == 1) {
        tr_error e2 = *err;
        tr_error_clear(err);
        tr_error_set(err, e2.code, "cannot open the index %s: %s", c->dbs[0], e2.message);
    }
    return pool;
}

/* The index's schema: a newer one than this program knows is refused. */
static int read_schema(se_engine *e, const se_config *c, tr_error *err)
{
    xc_db *db = se_pool_get(e->pool, err);
    char *value = NULL;
    size_t len = 0;
    int rc = db ? xc_db_metadata(db, VN_SCHEMA_KEY, &value, &len, err)
                : err && err->code ? err->code : TR_EXAPIAN;
    se_pool_put(e->pool, db, rc != 0);
    const char *name = c->ndb == 1 ? c->dbs[0] : "the index";
    tr_error bad = {0};
    if (rc == 0 && vn_schema_read(value, len, &e->schema, &bad))
        rc = tr_error_set(err, bad.code, "%s: %s", name, bad.message);
    free(value);
    if (rc == TR_EDAMAGED)
        tr_error_index_damaged(err, name);
    if (rc == 0 && e->schema > VN_SCHEMA_VERSION)
        rc = tr_error_set(err, TR_EINVAL,
                          "%s has index schema %u, newer than this program reads (%d): serve "
                          "it with the tracuu that wrote it, or rebuild it with this one",
                          name, e->schema, VN_SCHEMA_VERSION);
    return rc;
}

unsigned se_engine_index_schema(const se_engine *e)
{
    return e ? e->schema : 0;
}

se_engine *se_engine_open(const se_config *c, tr_error *err)
{
    se_engine *e = tr_error_calloc(sizeof *e, err);
    if (!e)
        return NULL;
    e->weights = se_weights_default;
    if (c->weights && se_weights_parse(&e->weights, c->weights, err))
        goto fail;
    e->syn_slot = tr_error_calloc(sizeof *e->syn_slot, err);
    if (!e->syn_slot)
        goto fail;
    pthread_mutex_init(&e->syn_slot->lock, NULL);
    if (!(e->syn_slot->syn = se_engine_read_synonyms(c, err)))
        goto fail;
    if (!c->no_vocabulary && !(e->lexicons = se_lexicon_cache_new())) {
        tr_error_set(err, TR_ENOMEM, "out of memory");
        goto fail;
    }
    e->pool = open_pool(c, err);
    if (!e->pool || read_schema(e, c, err))
        goto fail;
    if (c->warm && e->lexicons) {
        /* A failure here is not fatal: the first request tries again. */
        xc_db *db = se_pool_get(e->pool, NULL);
        if (db)
            se_lexicon_unref(se_lexicon_get(e->lexicons, db, SE_VIEW_PUBLIC, NULL));
        se_pool_put(e->pool, db, 0);
    }
    return e;
fail:
    se_engine_free(e);
    return NULL;
}

void se_engine_free(se_engine *e)
{
    if (!e)
        return;
    se_pool_free(e->pool);
    se_lexicon_cache_free(e->lexicons);
    if (e->syn_slot) {
        se_syn_free(e->syn_slot->syn);
        pthread_mutex_destroy(&e->syn_slot->lock);
        free(e->syn_slot);
    }
    free(e);
}
