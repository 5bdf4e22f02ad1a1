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

#include "accesslog.h"
#include "api_write.h"
#include "audit.h"
#include "auth.h"
#include "engine.h"
#include "reload.h"
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
          "                      [--synonyms FILE] [--keys FILE] [OPTION...]\n"
          "       tracuu-searchd [--keys FILE] --add-key NAME SCOPE | --revoke-key NAME\n"
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
          "  --access-log FILE  write the access log to FILE (reopened on SIGHUP, for\n"
          "                 logrotate; - is standard error, the default; docs/monitoring.md)\n"
          "  --quiet        no access log on standard error, no start, stop or reload\n"
          "                 lines; errors and failed reloads are still written\n"
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
          "  --writable     enable the write API (POST/PUT/DELETE /api/documents, POST\n"
          "                 /api/files; keys of scope admin only; docs/api.md): the index\n"
          "                 must be one plain database folder. Without it searchd only\n"
          "                 reads the index\n"
          "  --max-write MB cap on a write's request body (default 16)\n"
          "  --keys FILE    the API keys (default " SD_AUTH_KEYS_DEFAULT "; without it,\n"
          "                 everything is public; docs/security.md)\n"
          "  --add-key NAME SCOPE  add a new key of scope search or admin to the key file,\n"
          "                 print it, and exit\n"
          "  --revoke-key NAME  remove the key NAME from the key file, and exit\n"
          "  --audit-log FILE  sign-ins, failed authentications and writes (default:\n"
          "                 standard error)\n"
          "  --trusted-proxy LIST  addresses of reverse proxies whose X-Forwarded-For\n"
          "                 and X-Forwarded-Proto are believed (comma-separated)\n"
          "  --secure-cookies  the sign-in cookie always carries Secure (TLS in front)\n"
          "  --session-ttl S  a staff sign-in lasts S seconds (default 28800)\n"
          "  --version      print the version and the index schema, and exit\n"
          "The index is reopened when tracuu-index commits; no restart is needed.\n"
          "SIGHUP reads the synonyms, abbreviations, --cors and the key file again and\n"
          "reopens the access and audit logs; SIGTERM or SIGINT stops the server\n"
          "(docs/monitoring.md).\n",
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
    {'M', "--max-write", "MB", 1, 4096},
    {'E', "--session-ttl", "seconds", 1, 30 * 24 * 3600},
};

/* What the options ask besides serving: the key file's settings, and a key to add or
 * revoke instead of serving. */
typedef struct auth_opts {
    sd_auth_config auth;
    const char *audit_log;
    const char *add, *scope, *revoke;
} auth_opts;

static auth_opts auth_args;

static unsigned *number_slot(int key, sd_server_config *cfg, se_config *ec)
{
    switch (key) {
    case 'E': return &auth_args.auth.session_ttl;
    case 'S': return &ec->shard_timeout_ms;
    case 'C': return &cfg->cache_mb;
    case 'p': return &cfg->port;
    case 'm': return &cfg->max_connections;
    case 'i': return &cfg->max_per_ip;
    case 'T': return &cfg->timeout;
    case 'H': return &cfg->head_timeout;
    case 'P': return &cfg->max_pending;
    case 'Y': return &cfg->max_similar;
    case 'M': return &cfg->max_write_mb;
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
    {"writable", no_argument, NULL, 'B'},
    {"max-write", required_argument, NULL, 'M'},
    {"quiet", no_argument, NULL, 'q'},
    {"weights", required_argument, NULL, 'w'},
    {"data", required_argument, NULL, 'D'},
    {"synonyms", required_argument, NULL, 's'},
    {"web", required_argument, NULL, 'W'},
    {"cors", required_argument, NULL, 'c'},
    {"frame-ancestors", required_argument, NULL, 'f'},
    {"access-log", required_argument, NULL, 'G'},
    {"keys", required_argument, NULL, 'K'},
    {"add-key", required_argument, NULL, 'A'},
    {"revoke-key", required_argument, NULL, 'R'},
    {"audit-log", required_argument, NULL, 'L'},
    {"trusted-proxy", required_argument, NULL, 'X'},
    {"secure-cookies", no_argument, NULL, 'Z'},
    {"session-ttl", required_argument, NULL, 'E'},
    {"help", no_argument, NULL, 'h'},
    {"version", no_argument, NULL, 'V'},
    {NULL, 0, NULL, 0}};

/* --writable: searchd takes the write API's requests (api_write.h). */
static int writable;

/* What a configuration file may not say: it is read before the command line, and
 * adding or revoking a key is a command, not a setting. */
static const char *const not_in_file[] = {"config", "help", "version", "add-key", "revoke-key",
                                          NULL};

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
        case 'B': writable = 1; break;
        case 'w': ec->weights = optarg; break;
        case 'D': ec->data_dir = optarg; break;
        case 's': ec->synonyms = optarg; break;
        case 'W': cfg->web_dir = optarg; break;
        case 'c': cfg->cors = optarg; break;
        case 'f': cfg->frame_ancestors = optarg; break;
        case 'l': cfg->listen = optarg; break;
        case 'G': cfg->access_log = optarg; break;
        case 'K': auth_args.auth.keys = optarg; break;
        case 'L': auth_args.audit_log = optarg; break;
        case 'X': auth_args.auth.trusted_proxies = optarg; break;
        case 'Z': auth_args.auth.secure_cookies = 1; break;
        case 'R': auth_args.revoke = optarg; break;
        case 'A':
            auth_args.add = optarg;
            if (optind >= argc || argv[optind][0] == '-') {
                fputs("tracuu-searchd: --add-key NAME SCOPE (SCOPE: search or admin)\n", stderr);
                return 2;
            }
            auth_args.scope = argv[optind++];
            break;
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
    if (auth_args.add || auth_args.revoke)
        return -1;
    if (ec->ndb == 0) {
        fputs("tracuu-searchd: --db DIR is required\n", stderr);
        usage(stderr);
        return 2;
    }
    return -1;
}

/* The settings a reload reads: without --config, those of the command line, which
 * hold the file names (what changed is what is in the files); with it, the
 * configuration file read again, then the command line over it, as at the start. */
typedef struct run_settings {
    const sd_server_config *cfg;
    const se_config *ec;
    sd_auth *auth;
    int argc;
    char **argv;
    tr_config file; /* as the last reload read it: the strings of *out live in it */
} run_settings;

static int current_settings(void *ctx, sd_settings *out, tr_error *err)
{
    run_settings *rs = ctx;
    const sd_server_config *cfg = rs->cfg;
    const se_config *ec = rs->ec;
    const char *path = tr_config_path(rs->argc, rs->argv);
    /* Read into scratch settings; the key options are not reloaded this way (auth.h
     * reloads the key file itself), so theirs are kept as they were. */
    const char *dbs[SE_DBS_MAX];
    sd_server_config now_cfg = {.listen = "127.0.0.1", .port = 8080};
    se_config now_ec = {.dbs = dbs, .warm = 1};
    if (path) {
        tr_config_free(&rs->file);
        auth_opts kept = auth_args;
        tr_error e = {0};
        int status = 2;
        if (tr_config_load(&rs->file, "tracuu-searchd", path, longopts, not_in_file, &e) == 0 &&
            (status = read_options(rs->file.argc, rs->file.argv, &rs->file, &now_cfg, &now_ec,
                                   dbs)) < 0)
            status = read_options(rs->argc, rs->argv, NULL, &now_cfg, &now_ec, dbs);
        auth_args = kept;
        if (status >= 0)
            return tr_error_set(err, TR_EINVAL, "%s",
                                e.code ? e.message : "a bad line in the configuration file");
        cfg = &now_cfg;
        ec = &now_ec;
    }
    out->data_dir = ec->data_dir;
    out->synonyms = ec->synonyms;
    out->cors = cfg->cors;
    out->access_log = cfg->access_log;
    return 0;
}

/* --add-key and --revoke-key: the key alone on standard output, then exit. */
static int change_keys(const auth_opts *o)
{
    const char *path = o->auth.keys ? o->auth.keys : SD_AUTH_KEYS_DEFAULT;
    tr_error err = {0};
    if (o->add && o->revoke) {
        fputs("tracuu-searchd: --add-key or --revoke-key, not both\n", stderr);
        return 2;
    }
    if (o->revoke) {
        if (sd_keys_revoke(path, o->revoke, &err))
            goto fail;
        fprintf(stderr, "tracuu-searchd: key %s revoked; send SIGHUP to a running searchd\n",
                o->revoke);
        return 0;
    }
    sd_scope scope;
    if (sd_scope_parse(o->scope, &scope)) {
        fprintf(stderr, "tracuu-searchd: a key's scope is search or admin, not %s\n", o->scope);
        return 2;
    }
    char key[SD_KEY_HEX_LEN + 1];
    if (sd_keys_add(path, o->add, scope, key, &err))
        goto fail;
    printf("%s\n", key);
    return fflush(stdout) == 0 ? 0 : 1;
fail:
    fprintf(stderr, "tracuu-searchd: %s\n", err.message);
    return err.code == TR_EINVAL || err.code == TR_ENOTFOUND ? 2 : 1;
}

/* SIGHUP: the key file and the audit log again; the old keys stay when the file is
 * bad. */
static void reload(sd_auth *auth, int quiet)
{
    tr_error err = {0};
    if (sd_auth_reload(auth, &err))
        sd_log_event("reload: %s (the keys in use are kept)", err.message);
    else if (!quiet)
        sd_log_event("reload: %zu keys", sd_auth_key_count(auth));
    tr_error aerr = {0};
    if (sd_audit_reopen(&aerr))
        sd_log_event("reload: %s (still writing to the old file)", aerr.message);
}

/* What SIGHUP reloads besides the settings of reload.h. */
static void reload_auth(void *ctx)
{
    const run_settings *rs = ctx;
    reload(rs->auth, rs->cfg->quiet);
}

/* Serves until SIGINT or SIGTERM: the exit status. */
static int serve(sd_server_config cfg, se_config ec, const char **dbs, int argc, char **argv)
{
    tr_error err = {0};
    if (writable && (ec.ndb != 1 ||
                     !(cfg.writer = sd_writer_new(dbs[0], SD_WRITE_WAIT_MS_DEFAULT, &err)))) {
        fprintf(stderr, "tracuu-searchd: %s\n",
                ec.ndb != 1 ? "--writable writes one database: give one --db" : err.message);
        return 2;
    }
    if (auth_args.audit_log && sd_audit_open(auth_args.audit_log, &err)) {
        fprintf(stderr, "tracuu-searchd: %s\n", err.message);
        sd_writer_free(cfg.writer);
        return 1;
    }
    sd_auth *auth = sd_auth_new(&auth_args.auth, &err);
    if (!auth) {
        fprintf(stderr, "tracuu-searchd: %s\n", err.message);
        sd_audit_close();
        sd_writer_free(cfg.writer);
        return err.code == TR_EINVAL ? 2 : 1;
    }
    cfg.auth = auth;
    se_engine *engine = se_engine_open(&ec, &err);
    if (!engine) {
        fprintf(stderr, "tracuu-searchd: %s\n", err.message);
        sd_writer_free(cfg.writer);
        sd_auth_free(auth);
        sd_audit_close();
        return err.code == TR_EINVAL || err.code == TR_ELIMIT ? 2 : 1;
    }
    unsigned schema = se_engine_index_schema(engine);
    if (vn_schema_lacks(schema))
        fprintf(stderr, "tracuu-searchd: note: %s has index schema %u (this program's is %d): %s\n",
                dbs[0], schema, VN_SCHEMA_VERSION, vn_schema_lacks(schema));
    se_syn *syn = se_engine_syn(engine);
    if (!cfg.quiet && se_syn_count(syn) == 0)
        fprintf(stderr, "tracuu-searchd: no abbreviations or synonyms (see --data)\n");
    se_syn_free(syn);
    sd_reload_block_signals();
    signal(SIGPIPE, SIG_IGN);
    sd_server *server = sd_server_start(engine, &cfg, &err);
    if (!server) {
        fprintf(stderr, "tracuu-searchd: %s\n", err.message);
        se_engine_free(engine);
        sd_writer_free(cfg.writer);
        sd_auth_free(auth);
        sd_audit_close();
        return 1;
    }

    const char *host = cfg.listen;
    int v6 = strchr(host, ':') != NULL;
    printf("tracuu-searchd: serving %s on http://%s%s%s:%u/\n", dbs[0], v6 ? "[" : "", host,
           v6 ? "]" : "", sd_server_port(server));
    fflush(stdout);
    if (!cfg.quiet)
        sd_log_event("started: version %s, index schema %d, %s, port %u", TRACUU_VERSION,
                     VN_SCHEMA_VERSION, dbs[0], sd_server_port(server));
    run_settings rs = {&cfg, &ec, auth, argc, argv, {0}};
    int sig = sd_reload_serve(server, engine, current_settings, reload_auth, &rs);
    tr_config_free(&rs.file);
    if (!cfg.quiet)
        sd_log_event("stopping on %s: finishing the requests under way",
                     sig == SIGINT ? "SIGINT" : "SIGTERM");
    sd_server_stop(server);
    se_engine_free(engine);
    sd_writer_free(cfg.writer);
    sd_auth_free(auth);
    sd_audit_close();
    if (!cfg.quiet)
        sd_log_event("stopped");
    return 0;
}

int main(int argc, char **argv)
{
    const char *dbs[SE_DBS_MAX];
    sd_server_config cfg = {.listen = "127.0.0.1", .port = 8080};
    se_config ec = {.dbs = dbs, .warm = 1};
    /* The configuration file's words, which the options point into, live as long. */
    tr_config file = {0};
    int status = parse_args(argc, argv, &file, &cfg, &ec, dbs);
    if (status < 0 && (auth_args.add || auth_args.revoke))
        status = change_keys(&auth_args);
    if (status < 0)
        status = serve(cfg, ec, dbs, argc, argv);
    tr_config_free(&file);
    return status;
}
