/* tr_config: see tr_config.h. */
#include "tr_config.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "tr_grow.h"

typedef struct builder {
    tr_config *cfg;
    size_t argv_cap, lines_cap;
} builder;

/* Appends one word (copied) from `line`; argv stays NULL-terminated. */
static int push(builder *b, const char *word, unsigned line)
{
    tr_config *c = b->cfg;
    char **argv = tr_grow(c->argv, (size_t)c->argc + 2, &b->argv_cap, sizeof *argv, 16);
    if (!argv)
        return -1;
    c->argv = argv;
    unsigned *lines = tr_grow(c->lines, (size_t)c->argc + 2, &b->lines_cap, sizeof *lines, 16);
    if (!lines)
        return -1;
    c->lines = lines;
    if (!(argv[c->argc] = strdup(word)))
        return -1;
    lines[c->argc++] = line;
    argv[c->argc] = NULL;
    return 0;
}

static char *trim(char *s)
{
    while (*s == ' ' || *s == '\t')
        s++;
    size_t n = strlen(s);
    while (n && (s[n - 1] == ' ' || s[n - 1] == '\t' || s[n - 1] == '\r' || s[n - 1] == '\n'))
        s[--n] = '\0';
    return s;
}

/* A '#' that starts the line or follows a blank starts a comment; one inside a
 * word (https://x.example/#top) does not. */
static void cut_comment(char *s)
{
    for (char *p = s; *p; p++)
        if (*p == '#' && (p == s || p[-1] == ' ' || p[-1] == '\t')) {
            *p = '\0';
            return;
        }
}

static const struct option *find_option(const struct option *options, const char *key)
{
    for (const struct option *o = options; o->name; o++)
        if (strcmp(o->name, key) == 0)
            return o;
    return NULL;
}

static int refused_key(const char *const *refused, const char *key)
{
    for (; refused && *refused; refused++)
        if (strcmp(*refused, key) == 0)
            return 1;
    return 0;
}

/* yes/no for a flag: 1, 0, or -1 when the value is neither. */
static int flag_value(const char *v)
{
    static const char *const yes[] = {"yes", "true", "on", "1"};
    static const char *const no[] = {"no", "false", "off", "0"};
    for (size_t i = 0; i < sizeof yes / sizeof *yes; i++) {
        if (strcasecmp(v, yes[i]) == 0)
            return 1;
        if (strcasecmp(v, no[i]) == 0)
            return 0;
    }
    return -1;
}

int tr_config_split(char *line, const char *path, unsigned n, char **key, char **value,
                    tr_error *err)
{
    cut_comment(line);
    char *s = trim(line);
    *key = NULL;
    *value = s;
    if (!*s)
        return 0;
    char *eq = strchr(s, '=');
    if (!eq)
        return tr_error_set(err, TR_EINVAL, "%s:%u: expected key = value", path, n);
    *eq = '\0';
    *key = trim(s);
    *value = trim(eq + 1);
    return 0;
}

/* One line of the file into b: 0, or a TR_E* code with err filled. */
static int read_line(builder *b, char *text, unsigned n, const struct option *options,
                     const char *const *refused, tr_error *err)
{
    const char *path = b->cfg->path;
    char *key, *value;
    int rc = tr_config_split(text, path, n, &key, &value, err);
    if (rc || !key)
        return rc;
    if (!*key)
        return tr_error_set(err, TR_EINVAL, "%s:%u: no key before '='", path, n);
    const struct option *o = refused_key(refused, key) ? NULL : find_option(options, key);
    if (!o)
        return tr_error_set(err, TR_EINVAL, "%s:%u: unknown key %s", path, n, key);
    size_t klen = strlen(key);
    char *opt = malloc(klen + strlen(value) + 4);
    if (!opt)
        return tr_error_set(err, TR_ENOMEM, "out of memory");
    rc = 0;
    int oom = 0;
    if (o->has_arg == no_argument) {
        int on = flag_value(value);
        if (on < 0)
            rc = tr_error_set(err, TR_EINVAL, "%s:%u: %s takes yes or no", path, n, key);
        else if (on) {
            sprintf(opt, "--%s", key);
            oom = push(b, opt, n);
        }
    } else if (o->has_arg == optional_argument) {
        sprintf(opt, *value ? "--%s=%s" : "--%s", key, value);
        oom = push(b, opt, n);
    } else if (!*value) {
        rc = tr_error_set(err, TR_EINVAL, "%s:%u: %s needs a value", path, n, key);
    } else {
        sprintf(opt, "--%s", key);
        oom = push(b, opt, n) || push(b, value, n);
    }
    free(opt);
    return oom ? tr_error_set(err, TR_ENOMEM, "out of memory") : rc;
}

int tr_config_load(tr_config *cfg, const char *program, const char *path,
                   const struct option *options, const char *const *refused, tr_error *err)
{
    memset(cfg, 0, sizeof *cfg);
    builder b = {.cfg = cfg};
    if (!(cfg->path = strdup(path)) || push(&b, program, 0)) {
        tr_config_free(cfg);
        return tr_error_set(err, TR_ENOMEM, "out of memory");
    }
    FILE *f = fopen(path, "r");
    if (!f) {
        int e = errno;
        tr_config_free(cfg);
        return tr_error_set(err, TR_EIO, "cannot read %s: %s", path, strerror(e));
    }
    char *text = NULL;
    size_t cap = 0;
    unsigned n = 0;
    int rc = 0;
    while (!rc && getline(&text, &cap, f) >= 0)
        rc = read_line(&b, text, ++n, options, refused, err);
    if (!rc && ferror(f))
        rc = tr_error_set(err, TR_EIO, "cannot read %s: %s", path, strerror(errno));
    free(text);
    fclose(f);
    if (rc)
        tr_config_free(cfg);
    return rc;
}

void tr_config_free(tr_config *cfg)
{
    if (!cfg)
        return;
    for (int i = 0; i < cfg->argc; i++)
        free(cfg->argv[i]);
    free(cfg->argv);
    free(cfg->lines);
    free(cfg->path);
    memset(cfg, 0, sizeof *cfg);
}

const char *tr_config_path(int argc, char *const *argv)
{
    const char *path = NULL;
    for (int i = 1; i < argc; i++) {
        if (strcmp(argv[i], "--") == 0)
            break;
        if (strcmp(argv[i], "--config") == 0 && i + 1 < argc)
            path = argv[++i];
        else if (strncmp(argv[i], "--config=", 9) == 0)
            path = argv[i] + 9;
    }
    return path;
}

const char *tr_config_where(const tr_config *cfg, int optind, char *buf, size_t cap)
{
    int i = optind - 1;
    if (i < 1 || i >= cfg->argc)
        i = cfg->argc - 1;
    snprintf(buf, cap, "%s:%u", cfg->path ? cfg->path : "?", i >= 0 ? cfg->lines[i] : 0);
    return buf;
}
