/* reload: SIGHUP's reload, all or nothing, and the signal loop (see reload.h). */
#include "reload.h"

#include <pthread.h>
#include <signal.h>
#include <string.h>

#include "accesslog.h"
#include "cors.h"

int sd_reload(sd_server *s, se_engine *e, const sd_settings *now, tr_error *err)
{
    /* Everything that can fail, first. */
    sd_cors *cors = sd_cors_new(now->cors, err);
    if (!cors)
        return err ? err->code : TR_EINVAL;
    se_config ec = {.data_dir = now->data_dir, .synonyms = now->synonyms};
    se_syn *syn = se_engine_read_synonyms(&ec, err);
    if (!syn) {
        sd_cors_free(cors);
        return err ? err->code : TR_EINVAL;
    }
    /* The log last: once reopened it is in effect, so nothing may fail after it. */
    int rc = sd_server_reopen_log(s, now->access_log, err);
    if (rc) {
        se_syn_free(syn);
        sd_cors_free(cors);
        return rc;
    }
    sd_server_use_cors(s, cors);
    se_engine_use_synonyms(e, syn);
    sd_server_settings_changed(s); /* after: no answer computed before stays */
    return 0;
}

static sigset_t handled(void)
{
    sigset_t set;
    sigemptyset(&set);
    sigaddset(&set, SIGHUP);
    sigaddset(&set, SIGINT);
    sigaddset(&set, SIGTERM);
    return set;
}

void sd_reload_block_signals(void)
{
    /* A handler run by one of libmicrohttpd's threads would leave the main thread
     * asleep in sigwait(), the daemon deaf to the signal. */
    sigset_t set = handled();
    pthread_sigmask(SIG_BLOCK, &set, NULL);
}

static void reload_once(sd_server *s, se_engine *e, sd_settings_fn get, void *ctx)
{
    sd_settings now;
    memset(&now, 0, sizeof now);
    tr_error err = {0};
    int rc = get(ctx, &now, &err);
    if (!rc)
        rc = sd_reload(s, e, &now, &err);
    sd_server_count_reload(s, rc == 0);
    if (rc) {
        /* Always said, even with --quiet: the operator asked and waits for the answer. */
        sd_log_event("reload failed, the settings in effect are kept: %s", err.message);
        return;
    }
    if (sd_server_quiet(s))
        return;
    se_syn *syn = se_engine_syn(e);
    sd_log_event("reloaded: %zu abbreviations and synonyms, CORS %s, access log %s reopened",
                 se_syn_count(syn), now.cors && *now.cors ? now.cors : "off",
                 now.access_log ? now.access_log : "(standard error)");
    se_syn_free(syn);
}

int sd_reload_serve(sd_server *s, se_engine *e, sd_settings_fn get, void (*also)(void *ctx),
                    void *ctx)
{
    sigset_t set = handled();
    for (;;) {
        int sig = 0;
        if (sigwait(&set, &sig) != 0)
            continue;
        if (sig != SIGHUP)
            return sig;
        reload_once(s, e, get, ctx);
        if (also)
            also(ctx);
    }
}
