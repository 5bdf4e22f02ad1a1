/* session: the signed-in staff of the web pages, kept in memory by searchd.
 *
 * Signing in with a key (page_signin.c) makes a session: a random id (32 bytes from
 * libsodium's randombytes, in hex) that the browser holds in a cookie, the key's name,
 * scope and identity (keys.h), a CSRF token of its own (32 random bytes) that every
 * form posted with the session must carry, and an expiry. Only the server knows what
 * an id stands for, so a session ends for good when it expires, when its holder signs
 * out, or when its key is revoked (sd_sessions_prune after the key file is read again);
 * a restart ends them all. Ids are compared in constant time.
 */
#ifndef SD_SESSION_H
#define SD_SESSION_H

#include <stddef.h>

#include "keys.h"
#include "tr_error.h"

#define SD_SESSION_ID_LEN 64   /* hex digits */
#define SD_SESSION_MAX 4096    /* sessions at once; past it the oldest ends */
#define SD_SESSION_TTL_DEFAULT (8 * 3600) /* seconds: a working day */

/* What a handler may know of a session: a copy, valid for the request. */
typedef struct sd_session_info {
    char id[SD_SESSION_ID_LEN + 1];
    char csrf[SD_SESSION_ID_LEN + 1];
    char name[SD_KEY_NAME_MAX + 1]; /* the key's */
    sd_scope scope;
    char key_id[SD_KEY_ID_LEN + 1];
    long long expires; /* CLOCK_REALTIME seconds */
} sd_session_info;

typedef struct sd_sessions sd_sessions;

/* A table whose sessions last `ttl` seconds (0: SD_SESSION_TTL_DEFAULT). */
sd_sessions *sd_sessions_new(unsigned ttl, tr_error *err);
void sd_sessions_free(sd_sessions *t);

unsigned sd_sessions_ttl(const sd_sessions *t);

/* A new session for the key `m`, copied into *out: 0, or TR_EINTERNAL when libsodium
 * cannot be initialised. */
int sd_sessions_create(sd_sessions *t, const sd_key_match *m, sd_session_info *out,
                       tr_error *err);

/* The live session whose id is the `len` bytes of `id`: 1 with *out filled, or 0 (none,
 * or expired: it is removed then). */
int sd_sessions_find(sd_sessions *t, const char *id, size_t len, sd_session_info *out);

/* Ends the session of that id; nothing when there is none. */
void sd_sessions_end(sd_sessions *t, const char *id);

/* Ends every session whose key `keep` (given its key identity, `ctx`, and where to
 * put its current scope) no longer knows, and gives the others their key's current
 * scope. Returns how many ended. */
size_t sd_sessions_prune(sd_sessions *t, int (*keep)(void *ctx, const char *key_id,
                                                     sd_scope *scope),
                         void *ctx);

/* Sessions alive (expired ones not yet removed included). */
size_t sd_sessions_count(sd_sessions *t);

/* Whether the two NUL-terminated tokens are equal, in time that depends on their
 * lengths only (the CSRF check). */
int sd_token_equal(const char *a, const char *b);

/* 32 random bytes in hex into `out` (SD_SESSION_ID_LEN + 1 bytes). */
void sd_token_new(char *out);

#endif
