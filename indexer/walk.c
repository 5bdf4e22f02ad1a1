/* walk: see walk.h. */
#include "walk.h"

#include <dirent.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>

#include "tr_grow.h"

static int ends_with(const char *s, const char *suffix)
{
    size_t n = strlen(s), m = strlen(suffix);
    return n >= m && strcmp(s + n - m, suffix) == 0;
}

/* Spreadsheets come from Windows as often as not: ".CSV", ".XLSX". */
static int table_kind(const char *name, ix_input_kind *kind)
{
    static const char *const csv[] = {".csv", ".csv.gz", ".csv.zst"};
    size_t n = strlen(name);
    for (size_t i = 0; i < sizeof csv / sizeof csv[0]; i++)
        if (n >= strlen(csv[i]) && strcasecmp(name + n - strlen(csv[i]), csv[i]) == 0) {
            *kind = IX_INPUT_CSV;
            return 1;
        }
    if (n >= 5 && strcasecmp(name + n - 5, ".xlsx") == 0) {
        *kind = IX_INPUT_XLSX;
        return 1;
    }
    return 0;
}

/* What a document file is by its ending, or 0 when it is not one; images count
 * only when they will be read by OCR. */
static int document_kind(const char *name, int ocr, ix_input_kind *kind, ex_format *ex)
{
    size_t n = strlen(name);
    *ex = EX_NONE;
    if (n >= 4 && strcasecmp(name + n - 4, ".txt") == 0)
        *kind = IX_INPUT_TEXT;
    else if (n >= 3 && strcasecmp(name + n - 3, ".md") == 0)
        *kind = IX_INPUT_MARKDOWN;
    else if ((*ex = ex_format_of(name)) != EX_NONE && (*ex != EX_IMAGE || ocr))
        *kind = IX_INPUT_FILE;
    else
        return 0;
    return 1;
}

static int add(ix_inputs *list, const char *path, const char *id, ix_input_kind kind,
               const struct stat *st, tr_error *err)
{
    ix_input *nv = tr_grow(list->v, list->n + 1, &list->cap, sizeof *list->v, 16);
    if (!nv)
        return tr_error_set(err, TR_ENOMEM, "out of memory listing inputs");
    list->v = nv;
    ix_input *in = &list->v[list->n];
    memset(in, 0, sizeof *in);
    in->path = strdup(path);
    in->id = id ? strdup(id) : NULL;
    if (!in->path || (id && !in->id)) {
        free(in->path);
        free(in->id);
        return tr_error_set(err, TR_ENOMEM, "out of memory listing inputs");
    }
    in->kind = kind;
    in->format = kind == IX_INPUT_JSONL || kind == IX_INPUT_CSV ? ix_format_of(path)
                                                               : IX_FORMAT_PLAIN;
    if (kind == IX_INPUT_FILE)
        in->ex = ex_format_of(path);
    if (st && S_ISREG(st->st_mode)) {
        in->size = (uint64_t)st->st_size;
        in->mtime = (int64_t)st->st_mtim.tv_sec * 1000000000 + st->st_mtim.tv_nsec;
    }
    list->n++;
    return 0;
}

/* `errnum` (0: none) is said after `why`; `read_failed` when the path could not be
 * read (rather than passed over by rule). */
static int add_skip(ix_inputs *list, const char *path, const char *why, int errnum,
                    int read_failed, tr_error *err)
{
    ix_skip *nv = tr_grow(list->skips, list->nskips + 1, &list->skips_cap, sizeof *nv, 8);
    char *copy = nv ? strdup(path) : NULL;
    if (nv)
        list->skips = nv;
    if (!copy)
        return tr_error_set(err, TR_ENOMEM, "out of memory listing inputs");
    ix_skip *sk = &list->skips[list->nskips++];
    sk->path = copy;
    sk->unreadable = read_failed;
    snprintf(sk->why, sizeof sk->why, "%s%s%s", why, errnum ? ": " : "",
             errnum ? strerror(errnum) : "");
    return 0;
}

/* 1 when the link `path` leads to a file inside `root` (a resolved path). */
static int link_inside(const char *path, const char *root)
{
    char *target = realpath(path, NULL);
    size_t n = strlen(root);
    int inside = target && strncmp(target, root, n) == 0 && (target[n] == '/' || n == 1);
    free(target);
    return inside;
}

static int cmp_names(const void *a, const void *b)
{
    return strcmp(*(char *const *)a, *(char *const *)b);
}

static void free_names(char **names, size_t n)
{
    for (size_t i = 0; i < n; i++)
        free(names[i]);
    free(names);
}

/* The names in a folder, sorted, without hidden ones. */
static int list_dir(const char *dir, char ***out, size_t *count, tr_error *err)
{
    *out = NULL;
    *count = 0;
    DIR *d = opendir(dir);
    if (!d)
        return tr_error_set(err, TR_EIO, "cannot read folder %s: %s", dir, strerror(errno));
    char **names = NULL;
    size_t n = 0, cap = 0;
    int rc = 0;
    struct dirent *e;
    while ((e = readdir(d)) != NULL) {
        if (e->d_name[0] == '.')
            continue;
        char **nn = tr_grow(names, n + 1, &cap, sizeof *names, 32);
        if (!nn) {
            rc = TR_ENOMEM;
            break;
        }
        names = nn;
        if (!(names[n] = strdup(e->d_name))) {
            rc = TR_ENOMEM;
            break;
        }
        n++;
    }
    closedir(d);
    if (rc) {
        free_names(names, n);
        return tr_error_set(err, rc, "out of memory listing %s", dir);
    }
    if (n) /* an empty folder has no array at all */
        qsort(names, n, sizeof *names, cmp_names);
    *out = names;
    *count = n;
    return 0;
}

static int walk_dir(ix_inputs *list, const char *dir, size_t root_len, const char *root_real,
                    const ix_folder_conf *parent, tr_error *err)
{
    /* A folder under the one given that cannot be read is passed over, with its
     * files: an unreadable .tracuu too, since its files would get the wrong type. */
    if (parent) {
        DIR *d = opendir(dir);
        if (!d)
            return add_skip(list, dir, "cannot read the folder", errno, 1, err);
        closedir(d);
    }
    ix_folder_conf conf;
    tr_error local = {0};
    int rc = ix_folder_read(dir, parent, &conf, &local);
    if (rc == TR_EIO && parent)
        return add_skip(list, dir, local.message, 0, 1, err);
    if (rc)
        return tr_error_set(err, rc, "%s", local.message);
    char **names;
    size_t n;
    rc = list_dir(dir, &names, &n, err);
    for (size_t i = 0; rc == 0 && i < n; i++) {
        size_t len = strlen(dir) + strlen(names[i]) + 2;
        char *path = malloc(len);
        if (!path) {
            rc = tr_error_set(err, TR_ENOMEM, "out of memory listing %s", dir);
            break;
        }
        snprintf(path, len, "%s/%s", dir, names[i]);
        struct stat lst, st;
        if (lstat(path, &lst) != 0) {
            /* Gone since the folder was listed, or not to be reached. */
            rc = add_skip(list, path, "cannot read", errno, 1, err);
        } else if (stat(path, &st) != 0) {
            /* A dangling link is no input; anything else unreadable is passed over. */
            if (!S_ISLNK(lst.st_mode))
                rc = add_skip(list, path, "cannot read", errno, 1, err);
        } else if (S_ISDIR(st.st_mode)) {
            if (!S_ISLNK(lst.st_mode))
                rc = walk_dir(list, path, root_len, root_real, &conf, err);
        } else if (S_ISREG(st.st_mode) && S_ISLNK(lst.st_mode) && !list->follow_symlinks &&
                   !link_inside(path, root_real)) {
            rc = add_skip(list, path, "a link to a file outside the folder (--follow-symlinks "
                                      "follows it)", 0, 0, err);
        } else if (S_ISREG(st.st_mode)) {
            const char *name = names[i];
            ix_input_kind kind;
            ex_format ex;
            if (ends_with(name, ".jsonl") || ends_with(name, ".jsonl.zst") ||
                ends_with(name, ".jsonl.gz")) {
                rc = add(list, path, NULL, IX_INPUT_JSONL, &st, err);
                if (rc == 0) /* its records that name no access level take the folder's */
                    list->v[list->n - 1].folder = conf;
            } else if (document_kind(name, list->ocr, &kind, &ex)) {
                rc = add(list, path, path + root_len, kind, &st, err);
                if (rc == 0)
                    list->v[list->n - 1].folder = conf;
            }
        }
        free(path);
    }
    free_names(names, n);
    return rc;
}

int ix_walk(ix_inputs *list, const char *path, tr_error *err)
{
    if (strcmp(path, "-") == 0)
        return add(list, path, NULL, IX_INPUT_JSONL, NULL, err);
    struct stat st;
    if (stat(path, &st) != 0)
        return tr_error_set(err, TR_EIO, "cannot open %s: %s", path, strerror(errno));
    if (S_ISDIR(st.st_mode)) {
        /* Ids are relative to the folder as given, without a trailing '/'. */
        char *root = strdup(path);
        if (!root)
            return tr_error_set(err, TR_ENOMEM, "out of memory listing %s", path);
        size_t len = strlen(root);
        while (len > 1 && root[len - 1] == '/')
            root[--len] = '\0';
        char *real = realpath(root, NULL);
        int rc = real ? walk_dir(list, root, len + 1, real, NULL, err)
                      : tr_error_set(err, TR_EIO, "cannot open %s: %s", path, strerror(errno));
        free(real);
        free(root);
        return rc;
    }
    if (!S_ISREG(st.st_mode))
        return tr_error_set(err, TR_EINVAL,
                            "%s is not a file or a folder (a FIFO, socket or device); give "
                            "- to read standard input",
                            path);
    const char *id = path;
    while (strncmp(id, "./", 2) == 0)
        id += 2;
    ix_input_kind kind;
    ex_format ex;
    if (table_kind(path, &kind))
        return add(list, path, NULL, kind, &st, err);
    /* A file named on its own takes the settings of its own folder only: the
     * folders above it were not given. Images need OCR, whose absence
     * ex_extract() reports by name rather than the file being read as records. */
    if (document_kind(path, 1, &kind, &ex)) {
        char *dir = strdup(path);
        if (!dir)
            return tr_error_set(err, TR_ENOMEM, "out of memory listing %s", path);
        char *slash = strrchr(dir, '/');
        if (slash)
            slash[slash == dir] = '\0';
        ix_folder_conf conf;
        int rc = ix_folder_read(slash ? dir : ".", NULL, &conf, err);
        free(dir);
        if (rc == 0)
            rc = add(list, path, id, kind, &st, err);
        if (rc == 0)
            list->v[list->n - 1].folder = conf;
        return rc;
    }
    return add(list, path, NULL, IX_INPUT_JSONL, &st, err);
}

uint64_t ix_inputs_size(const ix_inputs *list, int *unknown)
{
    uint64_t total = 0;
    *unknown = 0;
    for (size_t i = 0; i < list->n; i++) {
        total += list->v[i].size;
        if (list->v[i].size == 0 && strcmp(list->v[i].path, "-") == 0)
            *unknown = 1;
    }
    return total;
}

void ix_inputs_clear(ix_inputs *list)
{
    for (size_t i = 0; i < list->n; i++) {
        free(list->v[i].path);
        free(list->v[i].id);
        free(list->v[i].sync_term);
    }
    free(list->v);
    list->v = NULL;
    list->n = list->cap = 0;
    for (size_t i = 0; i < list->nskips; i++)
        free(list->skips[i].path);
    free(list->skips);
    list->skips = NULL;
    list->nskips = list->skips_cap = 0;
}
