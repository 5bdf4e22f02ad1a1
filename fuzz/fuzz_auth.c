/* fuzz_auth: what searchd reads of a request's credentials and of its key file: the
 * Authorization header (sd_auth_parse_bearer), the Cookie header (sd_auth_parse_cookie,
 * for the session and the sign-in cookies) and a key file (sd_keys_parse, then a key
 * matched against the set). The first byte picks the parser; the rest is the header's
 * value (up to its first NUL, as libmicrohttpd hands headers over) or the file's bytes.
 *
 * A credential found lies inside the header, is 1 to SD_AUTH_KEY_MAX bytes of RFC 6750
 * token characters; a refusal says why. A cookie's value lies inside the header after
 * "name="; a key file is a set or an error naming its line; a random key matches no
 * key of a file (the hashes are salted BLAKE2b). */
#include "fuzz.h"

#include <stdlib.h>
#include <string.h>

#include "auth.h"
#include "keys.h"

static void bearer(const char *h)
{
    const char *key = NULL, *problem = NULL;
    size_t len = 0;
    if (sd_auth_parse_bearer(h, &key, &len, &problem) != 0) {
        fz_require(problem && *problem, "a refused header says why");
        return;
    }
    fz_require(key >= h && key + len <= h + strlen(h), "the key lies inside the header");
    fz_require(len >= 1 && len <= SD_AUTH_KEY_MAX, "a key of 1 to 256 bytes");
    fz_require(strspn(key, "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789"
                           "-._~+/=") >= len,
               "a key of token characters");
}

static void cookie(const char *h, const char *name)
{
    const char *v = NULL;
    size_t len = 0;
    if (!sd_auth_parse_cookie(h, name, &v, &len))
        return;
    fz_require(v >= h && v + len <= h + strlen(h), "the value lies inside the header");
    const char *eq = v;
    while (eq > h && eq[-1] != '=')
        eq--;
    fz_require(eq > h, "a value follows an equals sign");
}

static void key_file(const uint8_t *data, size_t size)
{
    tr_error err = {0};
    sd_keys *k = sd_keys_parse((const char *)data, size, "keys", &err);
    if (!k) {
        fz_require(strstr(err.message, "keys line") != NULL || err.code == TR_ENOMEM,
                   "a refused key file names its line");
        return;
    }
    size_t lines = 1;
    for (size_t i = 0; i < size; i++)
        lines += data[i] == '\n';
    fz_require(sd_keys_count(k) <= lines, "at most one key a line");
    sd_key_match m;
    static const char random_key[] =
        "3f1c0e8d9b7a65544332211000ffeeddccbbaa99887766554433221100ffeedd";
    fz_require(sd_keys_match(k, random_key, sizeof random_key - 1, &m) == 0,
               "a random key matches nothing");
    sd_keys_free(k);
}

int fz_auth(const uint8_t *data, size_t size)
{
    if (size == 0)
        return 0;
    unsigned which = data[0] % 3;
    if (which == 2) {
        key_file(data + 1, size - 1);
        return 0;
    }
    char *h = strndup((const char *)data + 1, size - 1);
    fz_require(h != NULL, "strndup");
    if (which == 0) {
        bearer(h);
    } else {
        cookie(h, SD_AUTH_SESSION_COOKIE);
        cookie(h, SD_AUTH_SIGNIN_COOKIE);
    }
    free(h);
    return 0;
}

#ifndef TRACUU_FUZZ_NO_MAIN
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    return fz_auth(data, size);
}
#endif
