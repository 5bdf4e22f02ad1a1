/* auth: credentials of a request into its scope, and the answers when they are bad
 * (see auth.h). */
#include "auth.h"

#include <arpa/inet.h>
#include <netinet/in.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/socket.h>

#include "audit.h"
#include "pages.h"
#include "reply.h"
#include "throttle.h"

#define PROXIES_MAX 16

struct sd_auth {
    sd_keyring *keys;
    sd_sessions *sessions;
    sd_throttle *throttle;
    char proxies[PROXIES_MAX][64]; /* trusted proxies, as inet_ntop writes them */
    size_t nproxies;
    int secure_cookies;
};

/* "a,b" into the canonical text of each address. */
static int parse_proxies(sd_auth *a, const char *list, tr_error *err)
{
    for (const char *p = list; p && *p;) {
        const char *comma = strchr(p, ',');
        size_t n = comma ? (size_t)(comma - p) : strlen(p);
        char one[64];
        unsigned char bin[sizeof(struct in6_addr)];
        int family = 0;
        if (n && n < sizeof one) {
            memcpy(one, p, n);
            one[n] = '\0';
            family = inet_pton(AF_INET, one, bin) == 1    ? AF_INET
                     : inet_pton(AF_INET6, one, bin) == 1 ? AF_INET6
                                                          : 0;
        }
        if (!family || a->nproxies == PROXIES_MAX)
            return tr_error_set(err, TR_EINVAL,
                                "--trusted-proxy takes up to %d IP addresses, comma-separated",
                                PROXIES_MAX);
        inet_ntop(family, bin, a->proxies[a->nproxies++], sizeof a->proxies[0]);
        p = comma ? comma + 1 : p + n;
    }
    return 0;
}

sd_auth *sd_auth_new(const sd_auth_config *c, tr_error *err)
{
    sd_auth *a = tr_error_calloc(sizeof *a, err);
    if (!a)
        return NULL;
    a->secure_cookies = c->secure_cookies;
    if (parse_proxies(a, c->trusted_proxies, err) ||
        !(a->keys = sd_keyring_new(c->keys ? c->keys : SD_AUTH_KEYS_DEFAULT, !c->keys, err)) ||
        !(a->sessions = sd_sessions_new(c->session_ttl, err)) ||
        !(a->throttle = sd_throttle_new(err))) {
        sd_auth_free(a);
        return NULL;
    }
    return a;
}

void sd_auth_free(sd_auth *a)
{
    if (!a)
        return;
    sd_throttle_free(a->throttle);
    sd_sessions_free(a->sessions);
    sd_keyring_free(a->keys);
    free(a);
}

static int key_still_there(void *ctx, const char *key_id, sd_scope *scope)
{
    return sd_keyring_has_id(ctx, key_id, scope);
}

int sd_auth_reload(sd_auth *a, tr_error *err)
{
    if (sd_keyring_reload(a->keys, err))
        return err->code;
    sd_sessions_prune(a->sessions, key_still_there, a->keys);
    return 0;
}

size_t sd_auth_key_count(sd_auth *a)
{
    return sd_keyring_count(a->keys);
}

/* ---- Parsers ------------------------------------------------------------------- */

int sd_auth_parse_bearer(const char *value, const char **key, size_t *len,
                         const char **problem)
{
    static const char scheme[] = "Bearer";
    const char *p = value;
    while (*p == ' ' || *p == '\t')
        p++;
    size_t n = strlen(p);
    while (n && (p[n - 1] == ' ' || p[n - 1] == '\t'))
        n--;
    if (n == 0)
        return *problem = "the Authorization header is empty; send \"Bearer KEY\"", -1;
    size_t s = sizeof scheme - 1;
    if (n < s || strncasecmp(p, scheme, s) != 0 || (n > s && p[s] != ' ' && p[s] != '\t'))
        return *problem = "the Authorization header must be \"Bearer KEY\" (no other scheme)",
               -1;
    const char *k = p + s;
    while (k < p + n && (*k == ' ' || *k == '\t'))
        k++;
    size_t klen = (size_t)(p + n - k);
    if (klen == 0)
        return *problem = "the Authorization header has no key after \"Bearer\"", -1;
    if (klen > SD_AUTH_KEY_MAX)
        return *problem = "the key in the Authorization header is too long", -1;
    /* RFC 6750's token68: what a key can be made of. */
    for (size_t i = 0; i < klen; i++)
        if (!strchr("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-._~+/=",
                    k[i]) ||
            k[i] == '\0')
            return *problem = "the key in the Authorization header holds characters no key "
                              "holds",
                   -1;
    *key = k;
    *len = klen;
    return 0;
}

int sd_auth_parse_cookie(const char *header, const char *name, const char **value, size_t *len)
{
    size_t nlen = strlen(name);
    for (const char *p = header; p && *p;) {
        while (*p == ' ' || *p == '\t' || *p == ';')
            p++;
        const char *end = strchr(p, ';');
        if (!end)
            end = p + strlen(p);
        const char *eq = memchr(p, '=', (size_t)(end - p));
        if (eq) {
            const char *ne = eq;
            while (ne > p && (ne[-1] == ' ' || ne[-1] == '\t'))
                ne--;
            if ((size_t)(ne - p) == nlen && memcmp(p, name, nlen) == 0) {
                const char *v = eq + 1, *ve = end;
                while (v < ve && (*v == ' ' || *v == '\t'))
                    v++;
                while (ve > v && (ve[-1] == ' ' || ve[-1] == '\t'))
                    ve--;
                if (ve - v >= 2 && *v == '"' && ve[-1] == '"')
                    v++, ve--;
                *value = v;
                *len = (size_t)(ve - v);
                return 1;
            }
        }
        p = end;
    }
    return 0;
}

/* ---- Who is asking --------------------------------------------------------------- */

static void peer_address(struct MHD_Connection *conn, char *out, size_t cap)
{
    snprintf(out, cap, "-");
    const union MHD_ConnectionInfo *info =
        MHD_get_connection_info(conn, MHD_CONNECTION_INFO_CLIENT_ADDRESS);
    const struct sockaddr *sa = info ? info->client_addr : NULL;
    if (sa && sa->sa_family == AF_INET)
        inet_ntop(AF_INET, &((const struct sockaddr_in *)(const void *)sa)->sin_addr, out,
                  (socklen_t)cap);
    else if (sa && sa->sa_family == AF_INET6)
        inet_ntop(AF_INET6, &((const struct sockaddr_in6 *)(const void *)sa)->sin6_addr, out,
                  (socklen_t)cap);
}

static int trusted(const sd_auth *a, const char *peer)
{
    for (size_t i = 0; i < a->nproxies; i++)
        if (strcmp(a->proxies[i], peer) == 0)
            return 1;
    return 0;
}

static const char *header(struct MHD_Connection *conn, const char *name)
{
    return MHD_lookup_connection_value(conn, MHD_HEADER_KIND, name);
}

/* The client: the peer, or the last hop a trusted proxy saw. */
static void client_address(const sd_auth *a, struct MHD_Connection *conn, char *out, size_t cap)
{
    peer_address(conn, out, cap);
    const char *xff = trusted(a, out) ? header(conn, "X-Forwarded-For") : NULL;
    if (!xff)
        return;
    const char *last = strrchr(xff, ',');
    last = last ? last + 1 : xff;
    while (*last == ' ')
        last++;
    char one[64];
    unsigned char bin[sizeof(struct in6_addr)];
    size_t n = strcspn(last, " ");
    if (n >= sizeof one)
        return;
    memcpy(one, last, n);
    one[n] = '\0';
    if (inet_pton(AF_INET, one, bin) == 1 || inet_pton(AF_INET6, one, bin) == 1)
        snprintf(out, cap, "%s", one);
}

enum MHD_Result sd_auth_reply(struct MHD_Connection *conn, unsigned status, const char *message,
                              unsigned wait)
{
    json_t *doc = json_pack("{s:s}", "error", message);
    char *body = doc ? json_dumps(doc, JSON_COMPACT) : NULL;
    json_decref(doc);
    if (!body)
        return sd_reply_error(conn, MHD_HTTP_SERVICE_UNAVAILABLE, "out of memory");
    char retry[16];
    snprintf(retry, sizeof retry, "%u", wait);
    const char *headers[] = {
        status == MHD_HTTP_UNAUTHORIZED ? MHD_HTTP_HEADER_WWW_AUTHENTICATE
                                        : MHD_HTTP_HEADER_RETRY_AFTER,
        status == MHD_HTTP_UNAUTHORIZED ? "Bearer realm=\"tracuu\"" : retry,
        NULL,
    };
    int with = status == MHD_HTTP_UNAUTHORIZED || status == MHD_HTTP_TOO_MANY_REQUESTS;
    return sd_reply_body(conn, status, "application/json; charset=utf-8", body, strlen(body),
                         with ? headers : NULL);
}

/* A failed attempt: counted, audited with the address and `why`, never the key. */
static void failed(sd_auth *a, const sd_request *r, const char *why)
{
    sd_throttle_fail(a->throttle, r->client);
    sd_audit(r, "auth-failed", why);
}

static int bearer(sd_auth *a, sd_request *r, sd_auth_state *st, const char *value,
                  enum MHD_Result *ret)
{
    unsigned wait = sd_throttle_wait(a->throttle, r->client);
    if (wait) {
        *ret = sd_auth_reply(r->conn, MHD_HTTP_TOO_MANY_REQUESTS,
                             "too many failed authentications from this address; try again "
                             "later",
                             wait);
        return -1;
    }
    const char *key, *problem;
    size_t len;
    sd_key_match m;
    if (sd_auth_parse_bearer(value, &key, &len, &problem)) {
        failed(a, r, "malformed Authorization header");
        *ret = sd_auth_reply(r->conn, MHD_HTTP_UNAUTHORIZED, problem, 0);
        return -1;
    }
    if (!sd_keyring_match(a->keys, key, len, &m)) {
        failed(a, r, "wrong or revoked key");
        *ret = sd_auth_reply(r->conn, MHD_HTTP_UNAUTHORIZED, "wrong or revoked key", 0);
        return -1;
    }
    memcpy(st->key_name, m.name, sizeof st->key_name);
    r->key_name = st->key_name;
    r->scope = m.scope;
    return 0;
}

static int safe_method(const char *method)
{
    return strcmp(method, "GET") == 0 || strcmp(method, "HEAD") == 0 ||
           strcmp(method, "OPTIONS") == 0;
}

/* A request with a session that changes something must carry the session's token. */
static int csrf_ok(const sd_request *r)
{
    if (safe_method(r->method) || strcmp(r->url, "/signin") == 0)
        return 1;
    char token[SD_SESSION_ID_LEN + 2];
    const char *h = header(r->conn, "X-CSRF-Token");
    if (h)
        return sd_token_equal(h, r->session->csrf);
    return sd_auth_form_field(r, "csrf", token, sizeof token) &&
           sd_token_equal(token, r->session->csrf);
}

int sd_auth_identify(sd_auth *a, sd_request *r, sd_auth_state *st, enum MHD_Result *ret)
{
    client_address(a, r->conn, st->client, sizeof st->client);
    r->auth = a;
    r->client = st->client;
    const char *authz = header(r->conn, MHD_HTTP_HEADER_AUTHORIZATION);
    if (authz)
        return bearer(a, r, st, authz, ret);
    const char *cookies = header(r->conn, MHD_HTTP_HEADER_COOKIE), *id;
    size_t len;
    if (!cookies || !sd_auth_parse_cookie(cookies, SD_AUTH_SESSION_COOKIE, &id, &len) ||
        !sd_sessions_find(a->sessions, id, len, &st->session))
        return 0;
    r->session = &st->session;
    r->scope = st->session.scope;
    r->key_name = st->session.name;
    if (csrf_ok(r))
        return 0;
    sd_audit(r, "csrf-refused", r->url);
    static const char msg[] = "this form has expired or did not come from this site; open the "
                              "page again and send it from there";
    if (strncmp(r->url, "/api/", 5) == 0)
        *ret = sd_auth_reply(r->conn, MHD_HTTP_FORBIDDEN, msg, 0);
    else
        *ret = sd_page_message(r, MHD_HTTP_FORBIDDEN, "Biểu mẫu không hợp lệ",
                               "Biểu mẫu đã hết hạn hoặc không được gửi từ trang này. Hãy mở "
                               "lại trang và gửi lại.");
    return -1;
}

unsigned sd_auth_sign_in(sd_auth *a, const sd_request *r, const char *key, size_t len,
                         sd_session_info *out, unsigned *wait)
{
    *wait = sd_throttle_wait(a->throttle, r->client);
    if (*wait)
        return MHD_HTTP_TOO_MANY_REQUESTS;
    sd_key_match m;
    if (len > SD_AUTH_KEY_MAX || !sd_keyring_match(a->keys, key, len, &m)) {
        failed(a, r, "sign-in with a wrong or revoked key");
        return MHD_HTTP_UNAUTHORIZED;
    }
    tr_error err = {0};
    if (sd_sessions_create(a->sessions, &m, out, &err))
        return MHD_HTTP_SERVICE_UNAVAILABLE;
    sd_request who = *r;
    who.key_name = out->name;
    sd_audit(&who, "sign-in", NULL);
    return 0;
}

void sd_auth_sign_out(sd_auth *a, const sd_request *r)
{
    if (!r->session)
        return;
    sd_sessions_end(a->sessions, r->session->id);
    sd_audit(r, "sign-out", NULL);
}

void sd_auth_cookie_header(const sd_request *r, const char *name, const char *value,
                           const char *path, unsigned max_age, char *buf, size_t cap)
{
    const sd_auth *a = r->auth;
    int secure = a && a->secure_cookies;
    char peer[64];
    peer_address(r->conn, peer, sizeof peer);
    if (!secure && a && trusted(a, peer)) {
        const char *proto = header(r->conn, "X-Forwarded-Proto");
        secure = proto && strcasecmp(proto, "https") == 0;
    }
    snprintf(buf, cap, "%s=%s; Path=%s; Max-Age=%u; HttpOnly; SameSite=Strict%s", name,
             value ? value : "", path, value ? max_age : 0, secure ? "; Secure" : "");
}

/* ---- Form fields ----------------------------------------------------------------- */

typedef struct field_search {
    const char *name;
    char *out;
    size_t cap, len;
    int state; /* 0: not seen yet, 1: in the first field of that name, 2: past it */
    int too_long;
} field_search;

static enum MHD_Result on_field(void *cls, enum MHD_ValueKind kind, const char *key,
                                const char *filename, const char *content_type,
                                const char *transfer_encoding, const char *data, uint64_t off,
                                size_t size)
{
    (void)kind, (void)filename, (void)content_type, (void)transfer_encoding, (void)off;
    field_search *f = cls;
    /* The first field of that name counts; it may come in several pieces. */
    int mine = strcmp(key, f->name) == 0;
    if (f->state == 1 && (!mine || off == 0))
        f->state = 2;
    else if (f->state == 0 && mine)
        f->state = 1;
    if (f->state != 1)
        return MHD_YES;
    if (f->len + size >= f->cap) {
        f->too_long = 1;
        return MHD_NO;
    }
    memcpy(f->out + f->len, data, size);
    f->len += size;
    f->out[f->len] = '\0';
    return MHD_YES;
}

int sd_auth_form_field(const sd_request *r, const char *name, char *out, size_t cap)
{
    field_search f = {name, out, cap, 0, 0, 0};
    if (cap == 0 || !r->body_len)
        return 0;
    out[0] = '\0';
    struct MHD_PostProcessor *pp = MHD_create_post_processor(r->conn, 16 * 1024, on_field, &f);
    if (!pp)
        return 0;
    MHD_post_process(pp, r->body, r->body_len);
    MHD_destroy_post_processor(pp);
    return f.state && !f.too_long && memchr(out, '\0', f.len) == NULL;
}
