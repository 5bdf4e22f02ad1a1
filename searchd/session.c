/* session: the table of signed-in sessions (see session.h). */
#include "session.h"

#include <pthread.h>
#include <sodium.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

struct sd_sessions {
    pthread_mutex_t lock;
    unsigned ttl;
    sd_session_info *s; /* SD_SESSION_MAX slots; id[0] == '\0' is a free one */
};

static long long now_s(void)
{
    return (long long)time(NULL);
}

sd_sessions *sd_sessions_new(unsigned ttl, tr_error *err)
{
    sd_sessions *t = calloc(1, sizeof *t);
    if (t)
        t->s = calloc(SD_SESSION_MAX, sizeof *t->s);
    if (!t || !t->s) {
        free(t);
        tr_error_set(err, TR_ENOMEM, "out of memory");
        return NULL;
    }
    if (sodium_init() < 0) {
        free(t->s);
        free(t);
        tr_error_set(err, TR_EINTERNAL, "libsodium could not be initialised");
        return NULL;
    }
    pthread_mutex_init(&t->lock, NULL);
    t->ttl = ttl ? ttl : SD_SESSION_TTL_DEFAULT;
    return t;
}

void sd_sessions_free(sd_sessions *t)
{
    if (!t)
        return;
    pthread_mutex_destroy(&t->lock);
    sodium_memzero(t->s, SD_SESSION_MAX * sizeof *t->s);
    free(t->s);
    free(t);
}

unsigned sd_sessions_ttl(const sd_sessions *t)
{
    return t->ttl;
}

void sd_token_new(char *out)
{
    unsigned char raw[SD_SESSION_ID_LEN / 2];
    randombytes_buf(raw, sizeof raw);
    sodium_bin2hex(out, SD_SESSION_ID_LEN + 1, raw, sizeof raw);
}

int sd_token_equal(const char *a, const char *b)
{
    size_t n = strlen(a);
    return n == strlen(b) && sodium_memcmp(a, b, n) == 0;
}

int sd_sessions_create(sd_sessions *t, const sd_key_match *m, sd_session_info *out,
                       tr_error *err)
{
    (void)err;
    sd_session_info s = {0};
    sd_token_new(s.id);
    sd_token_new(s.csrf);
    memcpy(s.name, m->name, sizeof s.name);
    memcpy(s.key_id, m->id, sizeof s.key_id);
    s.scope = m->scope;
    s.expires = now_s() + t->ttl;
    pthread_mutex_lock(&t->lock);
    /* A free or expired slot, else the one that expires first. */
    size_t pick = 0;
    long long now = now_s();
    for (size_t i = 0; i < SD_SESSION_MAX; i++) {
        if (!t->s[i].id[0] || t->s[i].expires <= now) {
            pick = i;
            break;
        }
        if (t->s[i].expires < t->s[pick].expires)
            pick = i;
    }
    t->s[pick] = s;
    pthread_mutex_unlock(&t->lock);
    *out = s;
    return 0;
}

int sd_sessions_find(sd_sessions *t, const char *id, size_t len, sd_session_info *out)
{
    if (len != SD_SESSION_ID_LEN)
        return 0;
    int found = 0;
    long long now = now_s();
    pthread_mutex_lock(&t->lock);
    for (size_t i = 0; i < SD_SESSION_MAX && !found; i++) {
        sd_session_info *s = &t->s[i];
        if (!s->id[0] || sodium_memcmp(s->id, id, SD_SESSION_ID_LEN) != 0)
            continue;
        if (s->expires <= now)
            memset(s, 0, sizeof *s);
        else {
            *out = *s;
            found = 1;
        }
        break;
    }
    pthread_mutex_unlock(&t->lock);
    return found;
}

void sd_sessions_end(sd_sessions *t, const char *id)
{
    pthread_mutex_lock(&t->lock);
    for (size_t i = 0; i < SD_SESSION_MAX; i++)
        if (t->s[i].id[0] && sd_token_equal(t->s[i].id, id))
            memset(&t->s[i], 0, sizeof t->s[i]);
    pthread_mutex_unlock(&t->lock);
}

size_t sd_sessions_prune(sd_sessions *t, int (*keep)(void *ctx, const char *key_id,
                                                     sd_scope *scope),
                         void *ctx)
{
    size_t ended = 0;
    pthread_mutex_lock(&t->lock);
    for (size_t i = 0; i < SD_SESSION_MAX; i++) {
        sd_session_info *s = &t->s[i];
        if (!s->id[0])
            continue;
        if (!keep(ctx, s->key_id, &s->scope)) {
            memset(s, 0, sizeof *s);
            ended++;
        }
    }
    pthread_mutex_unlock(&t->lock);
    return ended;
}

size_t sd_sessions_count(sd_sessions *t)
{
    size_t n = 0;
    pthread_mutex_lock(&t->lock);
    for (size_t i = 0; i < SD_SESSION_MAX; i++)
        n += t->s[i].id[0] != '\0';
    pthread_mutex_unlock(&t->lock);
    return n;
}
