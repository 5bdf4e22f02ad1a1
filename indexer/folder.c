/* folder: see folder.h. */
#include "folder.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "tr_config.h"
#include "vn_terms.h"

static int valid_date(const char *s)
{
    if (strlen(s) != 10 || s[4] != '-' || s[7] != '-')
        return 0;
    for (int i = 0; i < 10; i++)
        if (i != 4 && i != 7 && (s[i] < '0' || s[i] > '9'))
            return 0;
    int month = (s[5] - '0') * 10 + (s[6] - '0');
    int day = (s[8] - '0') * 10 + (s[9] - '0');
    return month >= 1 && month <= 12 && day >= 1 && day <= 31;
}

static int apply(ix_folder_conf *c, char *line, const char *path, unsigned lineno,
                 tr_error *err)
{
    /* The syntax of every tracuu key = value file (tr_config.h). */
    char *key, *value;
    int rc = tr_config_split(line, path, lineno, &key, &value, err);
    if (rc || !key)
        return rc;
    if (strcmp(key, "type") == 0) {
        if (*value && ix_record_check_type(value, NULL) != 0)
            return tr_error_set(err, TR_EINVAL,
                                "%s:%u: invalid type (one word of letters, digits, '-' or '_')",
                                path, lineno);
        for (size_t i = 0; value[i]; i++)
            c->type[i] = value[i] >= 'A' && value[i] <= 'Z' ? (char)(value[i] - 'A' + 'a')
                                                             : value[i];
        c->type[strlen(value)] = '\0';
        return 0;
    }
    if (strcmp(key, "date") == 0) {
        if (*value && !valid_date(value))
            return tr_error_set(err, TR_EINVAL, "%s:%u: invalid date (expected YYYY-MM-DD)",
                                path, lineno);
        memcpy(c->date, value, strlen(value) + 1);
        return 0;
    }
    if (strcmp(key, "access") == 0) {
        const char *code = *value ? ix_access_level(value, strlen(value)) : "";
        if (!code)
            return tr_error_set(err, TR_EINVAL,
                                "%s:%u: unknown access level (public or internal)", path,
                                lineno);
        snprintf(c->access, sizeof c->access, "%s", code);
        return 0;
    }
    return tr_error_set(err, TR_EINVAL,
                        "%s:%u: unknown setting '%.40s' (type, date or access)", path, lineno,
                        key);
}

const char *ix_folder_access(const ix_folder_conf *c, const char *run_default)
{
    if (c && c->access[0])
        return c->access;
    return run_default && *run_default ? run_default : VN_ACCESS_PUBLIC;
}

int ix_folder_read(const char *dir, const ix_folder_conf *parent, ix_folder_conf *out,
                   tr_error *err)
{
    if (parent)
        *out = *parent;
    else
        memset(out, 0, sizeof *out);
    size_t len = strlen(dir) + sizeof IX_FOLDER_FILE + 1;
    char *path = malloc(len);
    if (!path)
        return tr_error_set(err, TR_ENOMEM, "out of memory reading %s", dir);
    snprintf(path, len, "%s/%s", dir, IX_FOLDER_FILE);
    FILE *f = fopen(path, "r");
    if (!f) {
        int e = errno;
        int rc = e == ENOENT ? 0
                             : tr_error_set(err, TR_EIO, "cannot read %s: %s", path, strerror(e));
        free(path);
        return rc;
    }
    char *line = NULL;
    size_t cap = 0;
    unsigned lineno = 0;
    int rc = 0;
    errno = 0;
    while (rc == 0 && getline(&line, &cap, f) != -1)
        rc = apply(out, line, path, ++lineno, err);
    if (rc == 0 && ferror(f))
        rc = tr_error_set(err, TR_EIO, "cannot read %s: %s", path, strerror(errno));
    free(line);
    fclose(f);
    free(path);
    return rc;
}
