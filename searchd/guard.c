/* guard: connections waiting for their request head, and who closes the late ones
 * (see guard.h). */
#include "guard.h"

#include <pthread.h>
#include <stdlib.h>
#include <sys/socket.h>
#include <time.h>

#include "tr_clock.h"

#define SWEEP_MS 250 /* how often the thread looks for late heads */
#define CONN(l) SD_DLIST_ITEM(l, sd_conn, link)

struct sd_guard {
    pthread_mutex_t lock;
    pthread_cond_t wake;
    pthread_t thread;
    int stopping;
    long long timeout_ms;
    long long keepalive_ms; /* more time for the head of a connection's next request */
    unsigned max_pending, pending;
    sd_cors *cors; /* a reference */
    sd_dlist conns; /* every open connection, oldest first */
    unsigned long long closed;
};

/* Called with the lock held. The record stays listed until libmicrohttpd says the
 * connection is closed, so the socket is still its own when shutdown() runs. A
 * connection cut is counted as having its head, not to be cut again. */
static void cut(sd_guard *g, sd_conn *c)
{
    shutdown(c->fd, SHUT_RDWR);
    c->head_done = 1;
    g->pending--;
    g->closed++;
}

static void *sweep(void *arg)
{
    sd_guard *g = arg;
    pthread_mutex_lock(&g->lock);
    while (!g->stopping) {
        struct timespec until;
        clock_gettime(CLOCK_REALTIME, &until);
        until.tv_nsec += SWEEP_MS * 1000000L;
        until.tv_sec += until.tv_nsec / 1000000000L;
        until.tv_nsec %= 1000000000L;
        pthread_cond_timedwait(&g->wake, &g->lock, &until);
        long long now = tr_clock_ms();
        for (sd_link *l = g->conns.first; l; l = l->next) {
            sd_conn *c = CONN(l);
            if (!c->head_done && now - c->since_ms > g->timeout_ms)
                cut(g, c);
        }
    }
    pthread_mutex_unlock(&g->lock);
    return NULL;
}

sd_guard *sd_guard_new(unsigned head_timeout_s, unsigned idle_timeout_s, unsigned max_pending,
                       sd_cors *cors, tr_error *err)
{
    sd_guard *g = tr_error_calloc(sizeof *g, err);
    if (!g)
        return NULL;
    g->timeout_ms = (long long)(head_timeout_s ? head_timeout_s : SD_HEAD_TIMEOUT_DEFAULT) * 1000;
    g->keepalive_ms = (long long)idle_timeout_s * 1000;
    g->max_pending = max_pending ? max_pending : 1;
    g->cors = sd_cors_ref(cors);
    pthread_mutex_init(&g->lock, NULL);
    pthread_cond_init(&g->wake, NULL);
    if (pthread_create(&g->thread, NULL, sweep, g) != 0) {
        pthread_cond_destroy(&g->wake);
        pthread_mutex_destroy(&g->lock);
        sd_cors_free(g->cors);
        free(g);
        tr_error_set(err, TR_ENOMEM, "cannot start the connection guard's thread");
        return NULL;
    }
    return g;
}

void sd_guard_free(sd_guard *g)
{
    if (!g)
        return;
    pthread_mutex_lock(&g->lock);
    g->stopping = 1;
    pthread_cond_signal(&g->wake);
    pthread_mutex_unlock(&g->lock);
    pthread_join(g->thread, NULL);
    while (g->conns.first) { /* libmicrohttpd has said nothing of these: not ours to close */
        sd_conn *c = CONN(g->conns.first);
        sd_dlist_remove(&g->conns, &c->link);
        sd_cors_free(c->cors);
        free(c);
    }
    pthread_cond_destroy(&g->wake);
    pthread_mutex_destroy(&g->lock);
    sd_cors_free(g->cors);
    free(g);
}

void sd_guard_set_cors(sd_guard *g, sd_cors *cors)
{
    sd_cors_ref(cors);
    pthread_mutex_lock(&g->lock);
    sd_cors *old = g->cors;
    g->cors = cors;
    pthread_mutex_unlock(&g->lock);
    sd_cors_free(old);
}

sd_conn *sd_guard_open(sd_guard *g, int fd)
{
    sd_conn *c = calloc(1, sizeof *c);
    if (!c)
        return NULL;
    c->fd = fd;
    c->since_ms = tr_clock_ms();
    pthread_mutex_lock(&g->lock);
    c->cors = sd_cors_ref(g->cors);
    sd_dlist_append(&g->conns, &c->link);
    if (++g->pending > g->max_pending) {
        for (sd_link *l = g->conns.first; l; l = l->next) {
            sd_conn *o = CONN(l);
            if (!o->head_done && o != c) {
                cut(g, o);
                break;
            }
        }
    }
    pthread_mutex_unlock(&g->lock);
    return c;
}

void sd_guard_head(sd_guard *g, sd_conn *c)
{
    if (!c)
        return;
    sd_cors *old = NULL;
    pthread_mutex_lock(&g->lock);
    if (!c->head_done) {
        c->head_done = 1;
        g->pending--;
    }
    if (c->cors != g->cors) {
        old = c->cors;
        c->cors = sd_cors_ref(g->cors);
    }
    pthread_mutex_unlock(&g->lock);
    sd_cors_free(old);
}

void sd_guard_idle(sd_guard *g, sd_conn *c)
{
    if (!c)
        return;
    pthread_mutex_lock(&g->lock);
    if (c->head_done) {
        c->head_done = 0;
        g->pending++;
    }
    /* An idle keep-alive connection is the idle timeout's to close; the deadline for
     * its next head starts when that could have begun. */
    c->since_ms = tr_clock_ms() + g->keepalive_ms;
    pthread_mutex_unlock(&g->lock);
}

void sd_guard_close(sd_guard *g, sd_conn *c)
{
    if (!c)
        return;
    pthread_mutex_lock(&g->lock);
    if (!c->head_done)
        g->pending--;
    sd_dlist_remove(&g->conns, &c->link);
    pthread_mutex_unlock(&g->lock);
    sd_cors_free(c->cors);
    free(c);
}

unsigned long long sd_guard_closed(const sd_guard *g)
{
    pthread_mutex_lock((pthread_mutex_t *)&g->lock);
    unsigned long long n = g->closed;
    pthread_mutex_unlock((pthread_mutex_t *)&g->lock);
    return n;
}
