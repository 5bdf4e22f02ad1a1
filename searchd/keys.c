/* keys: the key file, its hashes, and the key set the server shares (see keys.h). */
#include "keys.h"

#include <errno.h>
#include <fcntl.h>
#include <pthread.h>
#include <sodium.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#define SALT_BYTES 16
#define HASH_BYTES 32
#define KEY_BYTES (SD_KEY_HEX_LEN / 2)
#define FILE_MAX (1024 * 1024) /* a key file is a few lines; a bigger one is a mistake */
#define HASH_TAG "blake2b:"

typedef struct key_line {
    char name[SD_KEY_NAME_MAX + 1];
    sd_scope scope;
    unsigned char salt[SALT_BYTES];
    unsigned char hash[HASH_BYTES];
} key_line;

struct sd_keys {
    key_line *keys;
    size_t n;
};

int sd_scope_parse(const char *s, sd_scope *out)
{
    if (strcmp(s, "search") == 0)
        *out = SD_SCOPE_SEARCH;
    else if (strcmp(s, "admin") == 0)
        *out = SD_SCOPE_ADMIN;
    else
        return -1;
    return 0;
}

const char *sd_scope_name(sd_scope s)
{
    return s == SD_SCOPE_ADMIN ? "admin" : s == SD_SCOPE_SEARCH ? "search" : "public";
}

/* sodium_init() is safe to call from several threads and more than once. */
static int crypto_ready(tr_error *err)
{
    if (sodium_init() < 0)
        return tr_error_set(err, TR_EINTERNAL, "libsodium could not be initialised");
    return 0;
}

static int valid_name(const char *s, size_t n)
{
    if (n == 0 || n > SD_KEY_NAME_MAX)
        return 0;
    for (size_t i = 0; i < n; i++)
        if (!strchr("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789._-", s[i]) ||
            s[i] == '\0')
            return 0;
    return 1;
}

static void key_hash(const key_line *k, const char *key, size_t len, unsigned char *out)
{
    crypto_generichash(out, HASH_BYTES, (const unsigned char *)key, len, k->salt, SALT_BYTES);
}

static int hex_field(const char *hex, size_t hexlen, unsigned char *out, size_t outlen)
{
    size_t got = 0;
    return hexlen == outlen * 2 &&
                   sodium_hex2bin(out, outlen, hex, hexlen, NULL, &got, NULL) == 0 &&
                   got == outlen
               ? 0
               : -1;
}

/* One line, without its newline: 1 with *k filled, 0 for a blank or comment line, -1
 * for a bad one. Fields are separated by spaces or tabs. */
static int parse_line(const char *s, size_t n, key_line *k)
{
    const char *f[4];
    size_t fl[4], nf = 0;
    size_t i = 0;
    while (i < n && (s[i] == ' ' || s[i] == '\t'))
        i++;
    if (i == n || s[i] == '#')
        return 0;
    while (i < n) {
        size_t start = i;
        while (i < n && s[i] != ' ' && s[i] != '\t' && s[i] != '\r')
            i++;
        if (nf == 4)
            return -1;
        f[nf] = s + start;
        fl[nf++] = i - start;
        while (i < n && (s[i] == ' ' || s[i] == '\t' || s[i] == '\r'))
            i++;
    }
    if (nf != 3 || !valid_name(f[0], fl[0]))
        return -1;
    memcpy(k->name, f[0], fl[0]);
    k->name[fl[0]] = '\0';
    char scope[8];
    if (fl[1] >= sizeof scope)
        return -1;
    memcpy(scope, f[1], fl[1]);
    scope[fl[1]] = '\0';
    if (sd_scope_parse(scope, &k->scope))
        return -1;
    size_t tag = strlen(HASH_TAG);
    const char *h = f[2];
    if (fl[2] != tag + SALT_BYTES * 2 + 1 + HASH_BYTES * 2 || memcmp(h, HASH_TAG, tag) != 0 ||
        h[tag + SALT_BYTES * 2] != ':')
        return -1;
    if (hex_field(h + tag, SALT_BYTES * 2, k->salt, SALT_BYTES) ||
        hex_field(h + tag + SALT_BYTES * 2 + 1, HASH_BYTES * 2, k->hash, HASH_BYTES))
        return -1;
    return 1;
}

sd_keys *sd_keys_parse(const char *text, size_t len, const char *path, tr_error *err)
{
    if (crypto_ready(err))
        return NULL;
    sd_keys *k = tr_error_calloc(sizeof *k, err);
    if (!k)
        return NULL;
    size_t lineno = 0, cap = 0;
    for (size_t pos = 0; pos < len;) {
        const char *nl = memchr(text + pos, '\n', len - pos);
        size_t n = nl ? (size_t)(nl - (text + pos)) : len - pos;
        lineno++;
        key_line line;
        int rc = memchr(text + pos, '\0', n) ? -1 : parse_line(text + pos, n, &line);
        pos += n + (nl != NULL);
        if (rc == 0)
            continue;
        for (size_t i = 0; rc > 0 && i < k->n; i++)
            if (strcmp(k->keys[i].name, line.name) == 0) {
                tr_error_set(err, TR_EINVAL, "%s line %zu: a second key named %s", path,
                             lineno, line.name);
                sd_keys_free(k);
                return NULL;
            }
        if (rc < 0) {
            tr_error_set(err, TR_EINVAL,
                         "%s line %zu: not NAME SCOPE " HASH_TAG "SALT:HASH (NAME of A-Z a-z "
                         "0-9 . _ -, SCOPE search or admin)",
                         path, lineno);
            sd_keys_free(k);
            return NULL;
        }
        if (k->n == cap) {
            cap = cap ? cap * 2 : 8;
            key_line *grown = realloc(k->keys, cap * sizeof *grown);
            if (!grown) {
                sd_keys_free(k);
                tr_error_set(err, TR_ENOMEM, "out of memory");
                return NULL;
            }
            k->keys = grown;
        }
        k->keys[k->n++] = line;
    }
    return k;
}

/* The file's text into *out (malloc()ed, NUL-terminated): 0; 1 when it does not
 * exist; -1 with the error set. */
static int read_text(const char *path, char **out, size_t *len, tr_error *err)
{
    *out = NULL;
    *len = 0;
    FILE *f = fopen(path, "rb");
    if (!f) {
        if (errno == ENOENT)
            return 1;
        tr_error_set(err, TR_EIO, "cannot read the key file %s: %s", path, strerror(errno));
        return -1;
    }
    char *buf = malloc(FILE_MAX + 1);
    size_t n = buf ? fread(buf, 1, FILE_MAX + 1, f) : 0;
    int bad = ferror(f);
    fclose(f);
    if (!buf || bad || n > FILE_MAX) {
        free(buf);
        return tr_error_set(err, !buf ? TR_ENOMEM : bad ? TR_EIO : TR_ELIMIT,
                            "cannot read the key file %s (%s)", path,
                            !buf ? "out of memory" : bad ? "read error" : "over 1 MB"),
               -1;
    }
    buf[n] = '\0';
    *out = buf;
    *len = n;
    return 0;
}

sd_keys *sd_keys_load(const char *path, int missing_ok, tr_error *err)
{
    char *text;
    size_t len;
    int rc = read_text(path, &text, &len, err);
    if (rc < 0)
        return NULL;
    if (rc == 1 && !missing_ok) {
        tr_error_set(err, TR_EIO, "the key file %s does not exist (make it with --add-key)",
                     path);
        return NULL;
    }
    sd_keys *k = sd_keys_parse(text ? text : "", len, path, err);
    free(text);
    return k;
}

void sd_keys_free(sd_keys *k)
{
    if (!k)
        return;
    sodium_memzero(k->keys, k->n * sizeof *k->keys);
    free(k->keys);
    free(k);
}

size_t sd_keys_count(const sd_keys *k)
{
    return k ? k->n : 0;
}

static void key_id(const key_line *k, char *out)
{
    sodium_bin2hex(out, SD_KEY_ID_LEN + 1, k->hash, SD_KEY_ID_LEN / 2);
}

int sd_keys_match(const sd_keys *k, const char *key, size_t len, sd_key_match *out)
{
    size_t found = (size_t)-1;
    for (size_t i = 0; k && i < k->n; i++) {
        unsigned char h[HASH_BYTES];
        key_hash(&k->keys[i], key, len, h);
        int same = sodium_memcmp(h, k->keys[i].hash, HASH_BYTES) == 0;
        /* No branch on the comparison: names are unique, hashes collide never. */
        found ^= (found ^ i) & (size_t)-(size_t)same;
    }
    if (found == (size_t)-1)
        return 0;
    const key_line *m = &k->keys[found];
    snprintf(out->name, sizeof out->name, "%s", m->name);
    out->scope = m->scope;
    key_id(m, out->id);
    return 1;
}

int sd_keys_has_id(const sd_keys *k, const char *id, sd_scope *scope)
{
    for (size_t i = 0; k && i < k->n; i++) {
        char mine[SD_KEY_ID_LEN + 1];
        key_id(&k->keys[i], mine);
        if (strcmp(mine, id) == 0) {
            *scope = k->keys[i].scope;
            return 1;
        }
    }
    return 0;
}

/* ---- Changing the file ---------------------------------------------------------- */

/* Writes `len` bytes of `text` over `path` atomically, mode 0600. */
static int replace_file(const char *path, const char *text, size_t len, tr_error *err)
{
    size_t plen = strlen(path);
    char *tmp = malloc(plen + 16);
    if (!tmp)
        return tr_error_set(err, TR_ENOMEM, "out of memory");
    snprintf(tmp, plen + 16, "%s.tmp.XXXXXX", path);
    int fd = mkstemp(tmp); /* mkstemp makes it 0600 */
    if (fd < 0) {
        tr_error_set(err, TR_EIO, "cannot write beside %s: %s", path, strerror(errno));
        free(tmp);
        return TR_EIO;
    }
    int bad = 0;
    for (size_t done = 0; !bad && done < len;) {
        ssize_t w = write(fd, text + done, len - done);
        bad = w < 0 && errno != EINTR;
        done += w > 0 ? (size_t)w : 0;
    }
    bad = bad || fchmod(fd, 0600) != 0 || fsync(fd) != 0;
    bad = close(fd) != 0 || bad;
    if (bad || rename(tmp, path) != 0) {
        tr_error_set(err, TR_EIO, "cannot write %s: %s", path, strerror(errno));
        unlink(tmp);
        free(tmp);
        return TR_EIO;
    }
    free(tmp);
    return 0;
}

/* The file's text, checked to parse (so that a broken file is not made worse), with
 * the set it holds. */
static int read_checked(const char *path, char **text, size_t *len, sd_keys **keys,
                        tr_error *err)
{
    if (crypto_ready(err))
        return TR_EINTERNAL;
    if (read_text(path, text, len, err) < 0)
        return err->code;
    *keys = sd_keys_parse(*text ? *text : "", *len, path, err);
    if (!*keys) {
        free(*text);
        return err->code;
    }
    return 0;
}

int sd_keys_add(const char *path, const char *name, sd_scope scope,
                char key_out[SD_KEY_HEX_LEN + 1], tr_error *err)
{
    if (!valid_name(name, strlen(name)))
        return tr_error_set(err, TR_EINVAL,
                            "a key's name is 1 to 64 of A-Z a-z 0-9 . _ - (not \"%s\")", name);
    if (scope != SD_SCOPE_SEARCH && scope != SD_SCOPE_ADMIN)
        return tr_error_set(err, TR_EINVAL, "a key's scope is search or admin");
    char *text;
    size_t len;
    sd_keys *keys;
    if (read_checked(path, &text, &len, &keys, err))
        return err->code;
    for (size_t i = 0; i < keys->n; i++)
        if (strcmp(keys->keys[i].name, name) == 0) {
            sd_keys_free(keys);
            free(text);
            return tr_error_set(err, TR_EINVAL,
                                "%s already has a key named %s (revoke it first)", path, name);
        }
    sd_keys_free(keys);
    key_line k;
    unsigned char raw[KEY_BYTES];
    randombytes_buf(raw, sizeof raw);
    randombytes_buf(k.salt, sizeof k.salt);
    sodium_bin2hex(key_out, SD_KEY_HEX_LEN + 1, raw, sizeof raw);
    sodium_memzero(raw, sizeof raw);
    key_hash(&k, key_out, SD_KEY_HEX_LEN, k.hash);
    char salt[SALT_BYTES * 2 + 1], hash[HASH_BYTES * 2 + 1];
    sodium_bin2hex(salt, sizeof salt, k.salt, SALT_BYTES);
    sodium_bin2hex(hash, sizeof hash, k.hash, HASH_BYTES);
    size_t cap = len + 256;
    char *out = malloc(cap);
    if (!out) {
        free(text);
        return tr_error_set(err, TR_ENOMEM, "out of memory");
    }
    int sep = len && text[len - 1] != '\n';
    memcpy(out, text ? text : "", len);
    int n = snprintf(out + len, cap - len, "%s%s %s " HASH_TAG "%s:%s\n", sep ? "\n" : "", name,
                     sd_scope_name(scope), salt, hash);
    int rc = replace_file(path, out, len + (size_t)n, err);
    free(out);
    free(text);
    if (rc)
        sodium_memzero(key_out, SD_KEY_HEX_LEN + 1);
    return rc;
}

int sd_keys_revoke(const char *path, const char *name, tr_error *err)
{
    char *text;
    size_t len;
    sd_keys *keys = NULL;
    if (read_checked(path, &text, &len, &keys, err))
        return err->code;
    sd_keys_free(keys);
    char *out = malloc(len + 1);
    if (!out) {
        free(text);
        return tr_error_set(err, TR_ENOMEM, "out of memory");
    }
    size_t olen = 0;
    int found = 0;
    for (size_t pos = 0; pos < len;) {
        const char *nl = memchr(text + pos, '\n', len - pos);
        size_t n = nl ? (size_t)(nl - (text + pos)) + 1 : len - pos;
        key_line k;
        if (parse_line(text + pos, nl ? n - 1 : n, &k) > 0 && strcmp(k.name, name) == 0)
            found = 1;
        else {
            memcpy(out + olen, text + pos, n);
            olen += n;
        }
        pos += n;
    }
    int rc = found ? replace_file(path, out, olen, err)
                   : tr_error_set(err, TR_ENOTFOUND, "%s has no key named %s", path, name);
    free(out);
    free(text);
    return rc;
}

/* ---- The shared set --------------------------------------------------------------- */

struct sd_keyring {
    char *path;
    int missing_ok;
    pthread_rwlock_t lock; /* readers match keys; reload swaps `keys` */
    sd_keys *keys;
};

sd_keyring *sd_keyring_new(const char *path, int missing_ok, tr_error *err)
{
    sd_keyring *r = calloc(1, sizeof *r);
    if (!r || !(r->path = strdup(path))) {
        free(r);
        tr_error_set(err, TR_ENOMEM, "out of memory");
        return NULL;
    }
    r->missing_ok = missing_ok;
    if (!(r->keys = sd_keys_load(path, missing_ok, err))) {
        free(r->path);
        free(r);
        return NULL;
    }
    pthread_rwlock_init(&r->lock, NULL);
    return r;
}

void sd_keyring_free(sd_keyring *r)
{
    if (!r)
        return;
    pthread_rwlock_destroy(&r->lock);
    sd_keys_free(r->keys);
    free(r->path);
    free(r);
}

int sd_keyring_reload(sd_keyring *r, tr_error *err)
{
    sd_keys *fresh = sd_keys_load(r->path, r->missing_ok, err);
    if (!fresh)
        return err->code;
    pthread_rwlock_wrlock(&r->lock);
    sd_keys *old = r->keys;
    r->keys = fresh;
    pthread_rwlock_unlock(&r->lock);
    sd_keys_free(old);
    return 0;
}

int sd_keyring_match(sd_keyring *r, const char *key, size_t len, sd_key_match *out)
{
    pthread_rwlock_rdlock(&r->lock);
    int m = sd_keys_match(r->keys, key, len, out);
    pthread_rwlock_unlock(&r->lock);
    return m;
}

int sd_keyring_has_id(sd_keyring *r, const char *id, sd_scope *scope)
{
    pthread_rwlock_rdlock(&r->lock);
    int m = sd_keys_has_id(r->keys, id, scope);
    pthread_rwlock_unlock(&r->lock);
    return m;
}

size_t sd_keyring_count(sd_keyring *r)
{
    pthread_rwlock_rdlock(&r->lock);
    size_t n = sd_keys_count(r->keys);
    pthread_rwlock_unlock(&r->lock);
    return n;
}
