/* reload: what a running searchd changes on SIGHUP, and the loop that waits for
 * signals.
 *
 * SIGHUP reads again the settings that can change while requests run: the
 * abbreviations and synonyms (the engine's, engine.h), the CORS list (cors.h) and the
 * access log's file (reopened, for logrotate; accesslog.h). The listening socket
 * stays open and requests under way finish with the settings they started with. A
 * reload is all or nothing: every new setting is read and checked first, and when
 * one is wrong (a synonyms file with a malformed line, a bad origin, a log file that
 * cannot be opened) none is put in effect and the reason is logged.
 *
 * Where the new settings come from is the caller's sd_settings_fn: the command line
 * as it was, or a configuration file read again. SIGTERM and SIGINT stop the loop.
 */
#ifndef SD_RELOAD_H
#define SD_RELOAD_H

#include "engine.h"
#include "server.h"
#include "tr_error.h"

/* The settings a reload may change. The strings belong to the caller. */
typedef struct sd_settings {
    const char *data_dir; /* as se_config.data_dir: abbreviations.tsv, synonyms.tsv */
    const char *synonyms; /* as se_config.synonyms */
    const char *cors;     /* as sd_server_config.cors */
    const char *access_log; /* as sd_server_config.access_log */
} sd_settings;

/* Fills *out with the settings to use now; 0, or an error that fails the reload. */
typedef int (*sd_settings_fn)(void *ctx, sd_settings *out, tr_error *err);

/* Puts `now` in effect on `s` and `e`, or nothing of it (the error says why). */
int sd_reload(sd_server *s, se_engine *e, const sd_settings *now, tr_error *err);

/* Blocks SIGHUP, SIGINT and SIGTERM in the calling thread, so that the threads it
 * starts afterwards (libmicrohttpd's) inherit the mask and these signals reach only
 * sd_reload_serve(). Call it before sd_server_start(). */
void sd_reload_block_signals(void);

/* Waits for signals: on SIGHUP asks `get` for the settings and reloads, logging the
 * result, then calls `also` (may be NULL) for what reloads on its own terms (the keys
 * and the audit log, auth.h); both get `ctx`. Returns the signal (SIGTERM or SIGINT)
 * that asks the server to stop. */
int sd_reload_serve(sd_server *s, se_engine *e, sd_settings_fn get, void (*also)(void *ctx),
                    void *ctx);

#endif
