/* throttle: failures per client address in a fixed window (see throttle.h). */
#include "throttle.h"

#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

typedef struct slot {
    char client[64]; /* "" is a free slot; INET6_ADDRSTRLEN is 46 */
    long long start; /* when its window began, CLOCK_MONOTONIC seconds */
    unsigned failures;
} slot;

struct sd_throttle {
    pthread_mutex_t lock;
    slot *slots;
};

static long long now_s(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (long long)ts.tv_sec;
}

sd_throttle *sd_throttle_new(tr_error *err)
{
    sd_throttle *t = tr_error_calloc(sizeof *t, err);
    if (t && !(t->slots = tr_error_calloc(SD_THROTTLE_SLOTS * sizeof *t->slots, err))) {
        free(t);
        return NULL;
    }
    if (!t)
        return NULL;
    pthread_mutex_init(&t->lock, NULL);
    return t;
}

void sd_throttle_free(sd_throttle *t)
{
    if (!t)
        return;
    pthread_mutex_destroy(&t->lock);
    free(t->slots);
    free(t);
}

/* The slot of `client` (its window restarted when over), or NULL. */
static slot *find(sd_throttle *t, const char *client, long long now)
{
    for (size_t i = 0; i < SD_THROTTLE_SLOTS; i++) {
        slot *s = &t->slots[i];
        if (s->client[0] && strcmp(s->client, client) == 0) {
            if (now - s->start >= SD_THROTTLE_WINDOW)
                memset(s, 0, sizeof *s);
            return s->client[0] ? s : NULL;
        }
    }
    return NULL;
}

unsigned sd_throttle_wait(sd_throttle *t, const char *client)
{
    long long now = now_s();
    pthread_mutex_lock(&t->lock);
    slot *s = find(t, client, now);
    unsigned wait = 0;
    if (s && s->failures >= SD_THROTTLE_FAILURES)
        wait = (unsigned)(s->start + SD_THROTTLE_WINDOW - now);
    pthread_mutex_unlock(&t->lock);
    return wait ? wait : (s && s->failures >= SD_THROTTLE_FAILURES ? 1 : 0);
}

void sd_throttle_fail(sd_throttle *t, const char *client)
{
    long long now = now_s();
    pthread_mutex_lock(&t->lock);
    slot *s = find(t, client, now);
    if (!s) {
        /* A free slot, or else the oldest window, forgotten. */
        size_t pick = 0;
        for (size_t i = 0; i < SD_THROTTLE_SLOTS; i++) {
            if (!t->slots[i].client[0]) {
                pick = i;
                break;
            }
            if (t->slots[i].start < t->slots[pick].start)
                pick = i;
        }
        s = &t->slots[pick];
        memset(s, 0, sizeof *s);
        snprintf(s->client, sizeof s->client, "%s", client);
        s->start = now;
    }
    s->failures++;
    pthread_mutex_unlock(&t->lock);
}
