/* tracuu-searchd: serves a tracuu index over HTTP.
 *
 * Options and signals only: the engine is search/ (engine.h), HTTP is server.c.
 */
#include <errno.h>
#include <getopt.h>
#include <limits.h>
#include <pthread.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "engine.h"
#include "server.h"
#include "tr_config.h"
#include "tr_opts.h"
#include "tr_paths.h"
#include "vn_terms.h"

static void usage(FILE *f)
{
    /* The shipped files' folders as this program finds them (tr_paths.h). */
    char data[PATH_MAX], web[PATH_MAX];
    se_engine_data_dir_default(data, sizeof data);
    tr_paths_find(TR_PLACE_WEB, web, sizeof web);
    fprintf(f,
          "usage: tracuu-searchd [--config FILE] --db DIR [--listen ADDR] [--port N]\n"
          "                      [--threads N] [--quiet] [--weights W] [--data DIR]\n"
          "                      [--synonyms FILE] [OPTION...]\n"
          "\n"
          "Serves the tracuu index in DIR over HTTP (default http://127.0.0.1:8080/).\n"
          "  --config FILE  read options from FILE first, one `key = value` a line (the\n"
          "                 option's name without --; a flag takes yes or no); the\n"
          "                 command line overrides it (tracuu-searchd.conf(5))\n"
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
          "  --head-timeout S  close a connection whose request head (request line and\n"
          "                 headers) is not in S seconds after it opened or after its\n"
          "                 last answer (default 5)\n"
          "  --max-pending N  connections that may wait for their head at once; past\n"
          "                 it the one waiting longest is closed (default: a quarter of\n"
          "                 --max-connections)\n"
          "  --max-similar N  duplicate checks run at once; one more is answered 503 with\n"
          "                 Retry-After (default: half the threads, at least 1)\n"
          "  --cache MB     keep up to MB megabytes of /api/search answers (default 0: no\n"
          "                 result cache; docs/performance.md)\n"
          "  --quiet        log nothing but fatal errors\n"
          "  --weights W    ranking weights, e.g. title=3,exact=1,phrase=5 (docs/ranking.md)\n"
          "  --data DIR     where abbreviations.tsv and synonyms.tsv are\n"
          "                 (default %s)\n"
          "  --synonyms FILE your own synonyms, instead of DIR/synonyms.tsv\n"
          "  --web DIR      the web pages' files, DIR/static\n"
          "                 (default %s)\n"
          "  --cors LIST    origins whose pages may call the API, comma-separated\n"
          "                 (https://site.example,...; * for any; default none)\n"
          "  --frame-ancestors SRC  who may show the pages in a frame: 'self' or\n"
          "                 origins, space-separated (default 'none'; docs/web.md)\n"
          "  --version      print the version and the index schema, and exit\n"
          "The index is reopened when tracuu-index commits; no restart is needed.\n",
          data, web);
}

static int parse_number(const char *s, unsigned min, unsigned max, unsigned *out)
{
    char *end;
    errno = 0;
    unsigned long v = strtoul(s, &end, 10);
    if (errno || !*s || *end || s[0] == '-' || v < min || v > max)
        return -1;
    *out = (unsigned)v;
    return 0;
}

/* The options' numbers: where each is stored, and its range. */
typedef struct number_opt {
    int key;
    const char *name, *unit;
    unsigned min, max;
} number_opt;

static const number_opt numbers[] = {
    {'S', "--shard-timeout", "ms", 1, 3600000},
    {'C', "--cache", "MB", 0, 65536},
    {'p', "--port", "", 0, 65535},
    {'m', "--max-connections", "", 1, 100000},
    {'i', "--max-per-ip", "", 1, 100000},
    {'T', "--timeout", "seconds", 1, 3600},
    {'H', "--head-timeout", "seconds", 1, 3600},
    {'P', "--max-pending", "", 1, 100000},
    {'Y', "--max-similar", "", 1, 256},
    {'j', "--threads", "", 0, 256},
};

static unsigned *number_slot(int key, sd_server_config *cfg, se_config *ec)
{
    switch (key) {
    case 'S': return &ec->shard_timeout_ms;
    case 'C': return &cfg->cache_mb;
    case 'p': return &cfg->port;
    case 'm': return &cfg->max_connections;
    case 'i': return &cfg->max_per_ip;
    case 'T': return &cfg->timeout;
    case 'H': return &cfg->head_timeout;
    case 'P': return &cfg->max_pending;
    case 'Y': return &cfg->max_similar;
    default: return &cfg->threads;
    }
}

static const struct option longopts[] = {
    {"config", required_argument, NULL, 'F'},
    {"db", required_argument, NULL, 'd'},
    {"shard-timeout", required_argument, NULL, 'S'},
    {"listen", required_argument, NULL, 'l'},
    {"port", required_argument, NULL, 'p'},
    {"threads", required_argument, NULL, 'j'},
    {"max-connections", required_argument, NULL, 'm'},
    {"max-per-ip", required_argument, NULL, 'i'},
    {"timeout", required_argument, NULL, 'T'},
    {"head-timeout", required_argument, NULL, 'H'},
    {"max-pending", required_argument, NULL, 'P'},
    {"max-similar", required_argument, NULL, 'Y'},
    {"cache", required_argument, NULL, 'C'},
    {"quiet", no_argument, NULL, 'q'},
    {"weights", required_argument, NULL, 'w'},
    {"data", required_argument, NULL, 'D'},
    {"synonyms", required_argument, NULL, 's'},
    {"web", required_argument, NULL, 'W'},
    {"cors", required_argument, NULL, 'c'},
    {"frame-ancestors", required_argument, NULL, 'f'},
    {"help", no_argument, NULL, 'h'},
    {"version", no_argument, NULL, 'V'},
    {NULL, 0, NULL, 0}};

/* What a configuration file may not say: it is read before the command line. */
static const char *const not_in_file[] = {"config", "help", "version", NULL};

/* Reads one list of options, the configuration file's (file != NULL) or the command
 * line's, into the two configurations: -1 to go on, or the exit status. A problem in
 * the file is named by its line. */
static int read_options(int argc, char **argv, const tr_config *file, sd_server_config *cfg,
                        se_config *ec, const char **dbs)
{
    char where[PATH_MAX + 48] = "tracuu-searchd", line[PATH_MAX + 16];
    int c, dbs_seen = 0;
    opterr = 0; /* the messages below name the option as the user typed it */
    optind = 0; /* glibc: start afresh, the file's list and then the command line */
    while ((c = getopt_long(argc, argv, ":h", longopts, NULL)) != -1) {
        if (file)
            snprintf(where, sizeof where, "tracuu-searchd: %s",
                     tr_config_where(file, optind, line, sizeof line));
        switch (c) {
        case 'd':
            /* --db on the command line replaces the file's, not adds to them. */
            if (!dbs_seen++)
                ec->ndb = 0;
            if (ec->ndb == SE_DBS_MAX) {
                fprintf(stderr, "%s: at most %d --db; list more shards in a file\n", where,
                        SE_DBS_MAX);
                return 2;
            }
            dbs[ec->ndb++] = optarg;
            break;
        case 'F': break; /* read before (tr_config_path) */
        case 'q': cfg->quiet = 1; break;
        case 'w': ec->weights = optarg; break;
        case 'D': ec->data_dir = optarg; break;
        case 's': ec->synonyms = optarg; break;
        case 'W': cfg->web_dir = optarg; break;
        case 'c': cfg->cors = optarg; break;
        case 'f': cfg->frame_ancestors = optarg; break;
        case 'l': cfg->listen = optarg; break;
        case 'h': usage(stdout); return 0;
        case 'V': tr_opts_version("tracuu-searchd", VN_SCHEMA_VERSION); return 0;
        case ':':
        case '?': {
            char msg[256];
            fprintf(stderr, "%s: %s\n", where, tr_opts_problem(c, argv, optind, msg, sizeof msg));
            return 2;
        }
        default:
            for (size_t k = 0; k < sizeof numbers / sizeof *numbers; k++) {
                const number_opt *n = &numbers[k];
                if (n->key == c && parse_number(optarg, n->min, n->max, number_slot(c, cfg, ec))) {
                    fprintf(stderr, "%s: %s must be a number from %u to %u%s%s\n", where,
                            n->name, n->min, n->max, *n->unit ? " " : "", n->unit);
                    return 2;
                }
            }
        }
    }
    if (optind < argc) {
        fprintf(stderr, "tracuu-searchd: unexpected argument %s (see --help)\n", argv[optind]);
        return 2;
    }
    return -1;
}

/* Reads the configuration file of --config (kept in `file`, which the options point
 * into), then argv, into the two configurations: 0 to go on, or the exit status. */
static int parse_args(int argc, char **argv, tr_config *file, sd_server_config *cfg,
                      se_config *ec, const char **dbs)
{
    const char *path = tr_config_path(argc, argv);
    if (path) {
        tr_error err = {0};
        if (tr_config_load(file, "tracuu-searchd", path, longopts, not_in_file, &err)) {
            fprintf(stderr, "tracuu-searchd: %s\n", err.message);
            return 2;
        }
        int status = read_options(file->argc, file->argv, file, cfg, ec, dbs);
        if (status >= 0)
            return status;
    }
    int status = read_options(argc, argv, NULL, cfg, ec, dbs);
    if (status >= 0)
        return status;
    if (ec->ndb == 0) {
        fputs("tracuu-searchd: --db DIR is required\n", stderr);
        usage(stderr);
        return 2;
    }
    return -1;
}

int main(int argc, char **argv)
{
    const char *dbs[SE_DBS_MAX];
    sd_server_config cfg = {.listen = "127.0.0.1", .port = 8080};
    se_config ec = {.dbs = dbs, .warm = 1};
    tr_config file = {0};
    int status = parse_args(argc, argv, &file, &cfg, &ec, dbs);
    if (status >= 0) {
        tr_config_free(&file);
        return status;
    }

    tr_error err = {0};
    se_engine *engine = se_engine_open(&ec, &err);
    if (!engine) {
        fprintf(stderr, "tracuu-searchd: %s\n", err.message);
        tr_config_free(&file);
        return err.code == TR_EINVAL || err.code == TR_ELIMIT ? 2 : 1;
    }
    if (!cfg.quiet && se_syn_count(engine->syn) == 0)
        fprintf(stderr, "tracuu-searchd: no abbreviations or synonyms (see --data)\n");
    /* SIGINT and SIGTERM are blocked before libmicrohttpd's threads start, so that they
     * inherit the mask and the signal can only reach sigwait() below: a handler run by
     * one of those threads would leave the main thread asleep, the daemon deaf to it. */
    sigset_t stop;
    sigemptyset(&stop);
    sigaddset(&stop, SIGINT);
    sigaddset(&stop, SIGTERM);
    pthread_sigmask(SIG_BLOCK, &stop, NULL);
    signal(SIGPIPE, SIG_IGN);
    sd_server *server = sd_server_start(engine, &cfg, &err);
    if (!server) {
        fprintf(stderr, "tracuu-searchd: %s\n", err.message);
        se_engine_free(engine);
        tr_config_free(&file);
        return 1;
    }

    const char *host = cfg.listen;
    int v6 = strchr(host, ':') != NULL;
    printf("tracuu-searchd: serving %s on http://%s%s%s:%u/\n", dbs[0], v6 ? "[" : "", host,
           v6 ? "]" : "", sd_server_port(server));
    fflush(stdout);
    int sig = 0;
    while (sigwait(&stop, &sig) != 0)
        ;

    sd_server_stop(server);
    se_engine_free(engine);
    tr_config_free(&file);
    return 0;
}
