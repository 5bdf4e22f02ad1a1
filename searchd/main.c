/* tracuu-searchd: serves a tracuu index over HTTP.
 *
 * Argument parsing and signal handling only; the work is in server.c and search.c.
 */
#include <pthread.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "cache.h"
#include "server.h"

/* Where abbreviations.tsv and synonyms.tsv are when --data is not given: the source
 * tree's data/, set by CMake. */
#ifndef TRACUU_DATA_DIR
#define TRACUU_DATA_DIR "data"
#endif

/* Where the web pages' files are when --web is not given: the source tree's web/. */
#ifndef TRACUU_WEB_DIR
#define TRACUU_WEB_DIR "web"
#endif

#define SD_MAIN_DBS_MAX 64 /* --db given several times: the shards of one index */

static void usage(FILE *f)
{
    fputs("usage: tracuu-searchd --db DIR [--listen ADDR] [--port N] [--threads N] [--quiet]\n"
          "                      [--weights W] [--data DIR] [--synonyms FILE]\n"
          "\n"
          "Serves the tracuu index in DIR over HTTP (default http://127.0.0.1:8080/).\n"
          "  --db DIR       the index written by tracuu-index (a folder), or a shard list\n"
          "                 (docs/deployment.md); several --db: shards searched as one\n"
          "  --shard-timeout MS  give up on a remote shard after MS ms (default 10000)\n"
          "  --listen ADDR  address to bind, IPv4 or IPv6 (default 127.0.0.1)\n"
          "  --port N       port (default 8080; 0 picks a free one)\n"
          "  --threads N    worker threads (default: one per core)\n"
          "  --max-connections N  open connections in all (default 512)\n"
          "  --max-per-ip N       open connections from one address (default 64; behind\n"
          "                       a proxy, the same as --max-connections)\n"
          "  --timeout S    close a connection idle for S seconds (default 10)\n"
          "  --cache MB     keep up to MB megabytes of /api/search answers (default 0: no\n"
          "                 result cache; docs/performance.md)\n"
          "  --quiet        log nothing but fatal errors\n"
          "  --weights W    ranking weights, e.g. title=3,exact=1,phrase=5 (docs/ranking.md)\n"
          "  --data DIR     where abbreviations.tsv and synonyms.tsv are (default " TRACUU_DATA_DIR
          ")\n"
          "  --synonyms FILE your own synonyms, instead of DIR/synonyms.tsv\n"
          "  --web DIR      the web pages' files, DIR/static (default " TRACUU_WEB_DIR ")\n"
          "  --cors LIST    origins whose pages may call the API, comma-separated\n"
          "                 (https://site.example,...; * for any; default none)\n"
          "  --frame-ancestors SRC  who may show the pages in a frame: 'self' or\n"
          "                 origins, space-separated (default 'none'; docs/web.md)\n"
          "The index is reopened when tracuu-index commits; no restart is needed.\n",
          f);
}

static int parse_number(const char *s, unsigned max, unsigned *out)
{
    char *end;
    unsigned long v = strtoul(s, &end, 10);
    if (!*s || *end || v > max || s[0] == '-')
        return -1;
    *out = (unsigned)v;
    return 0;
}

int main(int argc, char **argv)
{
    const char *db = NULL, *weights = NULL, *data = NULL, *synonyms = NULL;
    const char *dbs[SD_MAIN_DBS_MAX];
    size_t ndb = 0;
    unsigned shard_timeout = 0;
    unsigned cache_mb = 0;
    sd_server_config cfg = {.listen = "127.0.0.1", .port = 8080};
    for (int i = 1; i < argc; i++) {
        const char *a = argv[i];
        const char *v = i + 1 < argc ? argv[i + 1] : NULL;
        if (strcmp(a, "--help") == 0 || strcmp(a, "-h") == 0) {
            usage(stdout);
            return 0;
        } else if (strcmp(a, "--quiet") == 0) {
            cfg.quiet = 1;
            continue;
        } else if (!v) {
            fprintf(stderr, "tracuu-searchd: %s needs a value (see --help)\n", a);
            return 2;
        } else if (strcmp(a, "--db") == 0) {
            if (ndb == SD_MAIN_DBS_MAX) {
                fprintf(stderr, "tracuu-searchd: at most %d --db; list more shards in a file\n",
                        SD_MAIN_DBS_MAX);
                return 2;
            }
            db = db ? db : v;
            dbs[ndb++] = v;
        } else if (strcmp(a, "--shard-timeout") == 0) {
            if (parse_number(v, 3600000, &shard_timeout) || shard_timeout == 0) {
                fprintf(stderr, "tracuu-searchd: --shard-timeout must be 1 to 3600000 ms\n");
                return 2;
            }
        } else if (strcmp(a, "--cache") == 0) {
            if (parse_number(v, 65536, &cache_mb)) {
                fprintf(stderr, "tracuu-searchd: --cache must be 0 to 65536 MB\n");
                return 2;
            }
        } else if (strcmp(a, "--weights") == 0) {
            weights = v;
        } else if (strcmp(a, "--data") == 0) {
            data = v;
        } else if (strcmp(a, "--synonyms") == 0) {
            synonyms = v;
        } else if (strcmp(a, "--web") == 0) {
            cfg.web_dir = v;
        } else if (strcmp(a, "--cors") == 0) {
            cfg.cors = v;
        } else if (strcmp(a, "--frame-ancestors") == 0) {
            cfg.frame_ancestors = v;
        } else if (strcmp(a, "--listen") == 0) {
            cfg.listen = v;
        } else if (strcmp(a, "--port") == 0) {
            if (parse_number(v, 65535, &cfg.port)) {
                fprintf(stderr, "tracuu-searchd: --port must be a number from 0 to 65535\n");
                return 2;
            }
        } else if (strcmp(a, "--max-connections") == 0 || strcmp(a, "--max-per-ip") == 0) {
            unsigned *n = strcmp(a, "--max-per-ip") == 0 ? &cfg.max_per_ip : &cfg.max_connections;
            if (parse_number(v, 100000, n) || *n == 0) {
                fprintf(stderr, "tracuu-searchd: %s must be a number from 1 to 100000\n", a);
                return 2;
            }
        } else if (strcmp(a, "--timeout") == 0) {
            if (parse_number(v, 3600, &cfg.timeout) || cfg.timeout == 0) {
                fprintf(stderr, "tracuu-searchd: --timeout must be 1 to 3600 seconds\n");
                return 2;
            }
        } else if (strcmp(a, "--threads") == 0) {
            if (parse_number(v, 256, &cfg.threads)) {
                fprintf(stderr, "tracuu-searchd: --threads must be a number from 0 to 256\n");
                return 2;
            }
        } else {
            fprintf(stderr, "tracuu-searchd: unknown option %s (see --help)\n", a);
            return 2;
        }
        i++;
    }
    if (!db) {
        usage(stderr);
        return 2;
    }

    tr_error err = {0};
    se_engine engine = {.weights = se_weights_default, .lexicons = se_lexicon_cache_new()};
    if (weights && se_weights_parse(&engine.weights, weights, &err)) {
        fprintf(stderr, "tracuu-searchd: %s\n", err.message);
        return 2;
    }
    se_syn *syn = se_syn_open(data ? data : TRACUU_DATA_DIR, data != NULL, synonyms, &err);
    if (!syn) {
        fprintf(stderr, "tracuu-searchd: %s\n", err.message);
        se_lexicon_cache_free(engine.lexicons);
        return 2;
    }
    if (!cfg.quiet && se_syn_count(syn) == 0)
        fprintf(stderr, "tracuu-searchd: no abbreviations or synonyms (see --data)\n");
    engine.syn = syn;
    se_shards *shards = se_shards_new(shard_timeout, &err);
    for (size_t i = 0; shards && i < ndb; i++) {
        if (se_shards_add_path(shards, dbs[i], &err)) {
            se_shards_free(shards);
            shards = NULL;
        }
    }
    engine.pool = shards ? se_pool_new_shards(shards, &err) : NULL;
    if (engine.pool && cache_mb) {
        engine.cache = sd_cache_new((size_t)cache_mb << 20, se_pool_shards(engine.pool), &err);
        if (!engine.cache) {
            fprintf(stderr, "tracuu-searchd: --cache: %s\n", err.message);
            return 2;
        }
    }
    if (!engine.pool) {
        fprintf(stderr, "tracuu-searchd: cannot open the index %s: %s\n", db, err.message);
        se_lexicon_cache_free(engine.lexicons);
        se_syn_free(syn);
        return 1;
    }
    /* Read the vocabulary now, so that the first user does not wait for it. A failure
     * here is not fatal: the first request tries again. */
    xc_db *warm = se_pool_get(engine.pool, NULL);
    if (warm)
        se_lexicon_unref(se_lexicon_get(engine.lexicons, warm, NULL));
    se_pool_put(engine.pool, warm, 0);
    /* SIGINT and SIGTERM are blocked before libmicrohttpd's threads start, so that they
     * inherit the mask and the signal can only reach sigwait() below: a handler run by
     * one of those threads would leave the main thread asleep, the daemon deaf to it. */
    sigset_t stop;
    sigemptyset(&stop);
    sigaddset(&stop, SIGINT);
    sigaddset(&stop, SIGTERM);
    pthread_sigmask(SIG_BLOCK, &stop, NULL);
    signal(SIGPIPE, SIG_IGN);
    sd_server *server = sd_server_start(&engine, &cfg, &err);
    if (!server) {
        fprintf(stderr, "tracuu-searchd: %s\n", err.message);
        se_pool_free(engine.pool);
        se_lexicon_cache_free(engine.lexicons);
        se_syn_free(syn);
        return 1;
    }

    const char *host = cfg.listen;
    int v6 = strchr(host, ':') != NULL;
    printf("tracuu-searchd: serving %s on http://%s%s%s:%u/\n", db, v6 ? "[" : "", host,
           v6 ? "]" : "", sd_server_port(server));
    fflush(stdout);
    int sig = 0;
    while (sigwait(&stop, &sig) != 0)
        ;

    sd_server_stop(server);
    sd_cache_free(engine.cache);
    se_pool_free(engine.pool);
    se_lexicon_cache_free(engine.lexicons);
    se_syn_free(syn);
    return 0;
}
