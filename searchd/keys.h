/* keys: the API keys searchd accepts, read from a key file (docs/security.md).
 *
 * One line per key: its name, its scope and a salted hash of it, never the key itself:
 *
 *     # comments and blank lines are kept as they are
 *     editors admin blake2b:SALT:HASH
 *
 * NAME is 1 to 64 of A-Z a-z 0-9 . _ -; SCOPE is `search` or `admin`; SALT is 16
 * random bytes and HASH is BLAKE2b-256 of the key keyed with the salt (libsodium's
 * crypto_generichash), both in hex. A key is 32 random bytes (getrandom, through
 * libsodium's randombytes) written as 64 hex digits. A slow password hash (Argon2)
 * would add nothing: it slows down guessing a low-entropy password, and a 256-bit
 * random key cannot be guessed however fast the hash is; it would cost every request
 * with a key tens of milliseconds of CPU, an easy way to overload the daemon. The
 * salt makes two files holding the same key look different.
 *
 * A set of keys (sd_keys) is immutable once read; sd_keyring holds the current set
 * for the server's threads and swaps in a new one atomically on reload, keeping the
 * old one when the new file is bad.
 */
#ifndef SD_KEYS_H
#define SD_KEYS_H

#include <stddef.h>

#include "request.h"
#include "tr_error.h"

#define SD_KEY_NAME_MAX 64
#define SD_KEY_HEX_LEN 64 /* the key as given to its holder: 32 bytes in hex */
#define SD_KEY_ID_LEN 32  /* an opaque identity of one key line (its hash, hex) */

/* "search" or "admin" into *out: 0, or -1 for anything else (public is no key's). */
int sd_scope_parse(const char *s, sd_scope *out);
/* "public", "search" or "admin". */
const char *sd_scope_name(sd_scope s);

typedef struct sd_keys sd_keys;

/* Parses a key file's text (`len` bytes; `path` only names it in messages). A new set,
 * or NULL with TR_EINVAL naming the first bad line (its number, never its content:
 * it may hold a key pasted by mistake), or TR_ENOMEM. */
sd_keys *sd_keys_parse(const char *text, size_t len, const char *path, tr_error *err);

/* Reads and parses the file at `path`. A missing file is an empty set when
 * `missing_ok` (the default file of an installation without keys), TR_EIO otherwise. */
sd_keys *sd_keys_load(const char *path, int missing_ok, tr_error *err);

void sd_keys_free(sd_keys *k);

size_t sd_keys_count(const sd_keys *k);

/* What a matching key is. */
typedef struct sd_key_match {
    char name[SD_KEY_NAME_MAX + 1];
    sd_scope scope;
    char id[SD_KEY_ID_LEN + 1]; /* changes when the key is revoked and added again */
} sd_key_match;

/* Whether the `len` bytes of `key` are one of the set's keys: 1 with *out filled, or 0.
 * Every line is hashed and compared in constant time, whatever matches, so the time
 * taken says nothing about which key came close. */
int sd_keys_match(const sd_keys *k, const char *key, size_t len, sd_key_match *out);

/* Whether a key whose identity is `id` is still in the set, with its scope in *scope. */
int sd_keys_has_id(const sd_keys *k, const char *id, sd_scope *scope);

/* Adds a key named `name` with `scope` to the file at `path` (created when missing),
 * keeping its other lines, and writes the new key (SD_KEY_HEX_LEN digits and a NUL)
 * into `key_out`. The file is replaced atomically (a temporary file in the same
 * folder, mode 0600, fsync, rename). TR_EINVAL for a bad name, a name already there
 * or a bad file; TR_EIO when it cannot be written. */
int sd_keys_add(const char *path, const char *name, sd_scope scope,
                char key_out[SD_KEY_HEX_LEN + 1], tr_error *err);

/* Removes the key named `name` from the file, the same way. TR_ENOTFOUND when there
 * is none of that name. */
int sd_keys_revoke(const char *path, const char *name, tr_error *err);

/* The current set, shared by the server's threads. */
typedef struct sd_keyring sd_keyring;

/* Loads `path` (missing_ok as sd_keys_load); NULL with the error when it cannot. */
sd_keyring *sd_keyring_new(const char *path, int missing_ok, tr_error *err);
void sd_keyring_free(sd_keyring *r);

/* Reads the file again and swaps the new set in; when the file is bad the old set
 * stays and the error says why. */
int sd_keyring_reload(sd_keyring *r, tr_error *err);

/* sd_keys_match and sd_keys_has_id on the current set. */
int sd_keyring_match(sd_keyring *r, const char *key, size_t len, sd_key_match *out);
int sd_keyring_has_id(sd_keyring *r, const char *id, sd_scope *scope);
size_t sd_keyring_count(sd_keyring *r);

#endif
