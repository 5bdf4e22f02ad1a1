/* backup: see backup.h. */
#define _GNU_SOURCE /* renameat2: a rename that never replaces */

#include "backup.h"

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "shards.h"
#include "tr_fence.h"
#include "xc.h"

#define PATH_CAP 4096

/* The shard count of the index at `db` (0 for a plain database), without changing
 * anything: ix_shards_probe() tidies after a killed writer when there is no stub,
 * which is not a backup's business. */
static int probe(const char *db, unsigned *n, tr_error *err)
{
    char path[PATH_CAP];
    *n = 0;
    if (snprintf(path, sizeof path, "%s/%s", db, IX_SHARDS_STUB) >= (int)sizeof path)
        return tr_error_set(err, TR_EINVAL, "database path too long");
    if (access(path, F_OK) == 0)
        return ix_shards_probe(db, n, err);
    snprintf(path, sizeof path, "%s/iamglass", db);
    if (access(path, F_OK) != 0)
        return tr_error_set(err, TR_EINVAL, "%s: no index there (%s)", db,
                            errno == ENOENT ? "no iamglass or XAPIANDB file" : strerror(errno));
    return 0;
}

/* Empties the copy being written and makes its folder again, for another try. */
static int clear(const char *tmp, unsigned n, tr_error *err)
{
    int rc = n ? ix_shards_remove(tmp, n, err) : ix_shards_remove_files(tmp, err);
    if (rc == 0 && mkdir(tmp, 0755) != 0)
        rc = tr_error_set(err, TR_EIO, "cannot create %s: %s", tmp, strerror(errno));
    return rc;
}

/* One copy of every shard, each at the revision its handle opened on: the handles
 * are all opened before any copying, so the shards are as close in time as a
 * reader's. */
static int copy_once(const char *db, unsigned n, const char *tmp, uint64_t *docs,
                     tr_error *err)
{
    unsigned count = n ? n : 1;
    xc_db *h[IX_SHARDS_MAX] = {0};
    char src[PATH_CAP], out[PATH_CAP];
    int rc = 0;
    *docs = 0;
    for (unsigned i = 0; rc == 0 && i < count; i++) {
        uint64_t d = 0;
        if (n && ix_shards_path(src, sizeof src, db, i) != 0)
            rc = tr_error_set(err, TR_EINVAL, "database path too long");
        else if (!(h[i] = xc_db_open(n ? src : db, err)))
            rc = err && err->code ? err->code : TR_EXAPIAN;
        else if ((rc = xc_db_doccount(h[i], &d, err)) == 0)
            *docs += d;
    }
    for (unsigned i = 0; rc == 0 && i < count; i++) {
        if (n && ix_shards_path(out, sizeof out, tmp, i) != 0)
            rc = tr_error_set(err, TR_EINVAL, "backup path too long");
        else
            rc = xc_db_compact(h[i], n ? out : tmp, 0, err);
    }
    for (unsigned i = 0; i < count; i++)
        xc_db_free(h[i]);
    return rc;
}

/* Makes the rename that put the copy in place durable. */
static void sync_parent(const char *path)
{
    char dir[PATH_CAP];
    snprintf(dir, sizeof dir, "%s", path);
    char *slash = strrchr(dir, '/');
    if (!slash)
        snprintf(dir, sizeof dir, ".");
    else
        slash[slash == dir] = '\0';
    int fd = open(dir, O_RDONLY | O_DIRECTORY);
    if (fd >= 0) {
        fsync(fd);
        close(fd);
    }
}

static double since(const struct timespec *t0)
{
    struct timespec t;
    clock_gettime(CLOCK_MONOTONIC, &t);
    return (double)(t.tv_sec - t0->tv_sec) + (double)(t.tv_nsec - t0->tv_nsec) / 1e9;
}

int ix_backup(const char *db, const char *dest, ix_backup_stats *st, tr_error *err)
{
    ix_backup_stats local;
    st = st ? st : &local;
    memset(st, 0, sizeof *st);
    struct timespec t0;
    clock_gettime(CLOCK_MONOTONIC, &t0);
    if (!db || !*db || !dest || !*dest)
        return tr_error_set(err, TR_EINVAL, "a backup needs --db DIR and --backup DEST");
    struct stat sb;
    if (lstat(dest, &sb) == 0)
        return tr_error_set(err, TR_EINVAL,
                            "%s exists: a backup never writes over anything; give a new path",
                            dest);
    if (errno != ENOENT)
        return tr_error_set(err, TR_EIO, "cannot use %s: %s", dest, strerror(errno));
    unsigned n = 0;
    int rc = probe(db, &n, err);
    if (rc)
        return rc;
    char tmp[PATH_CAP];
    if (snprintf(tmp, sizeof tmp, "%s.partial-XXXXXX", dest) >= (int)sizeof tmp)
        return tr_error_set(err, TR_EINVAL, "backup path too long");
    if (!mkdtemp(tmp))
        return tr_error_set(err, TR_EIO, "cannot create %s: %s", tmp, strerror(errno));
    chmod(tmp, 0755); /* mkdtemp's 0700 would keep searchd's user out of a restore */
    st->shards = n;
    tr_error local_err = {0};
    for (;;) {
        st->tries++;
        tr_error_clear(&local_err);
        /* After lost tries, commits are held off while the copy is made, each for at
         * most TR_FENCE_COMMIT_WAIT_MS (tr_fence.h): a small index is then copied
         * whole, a large one has a better chance. */
        tr_fence *fence = st->tries > IX_BACKUP_FENCE_AFTER ? tr_fence_open(&db, 1, 0) : NULL;
        if (fence && tr_fence_take(fence, 1, TR_FENCE_READ_WAIT_MS) != 0) {
            tr_fence_free(fence);
            fence = NULL;
        }
        rc = copy_once(db, n, tmp, &st->doccount, &local_err);
        tr_fence_free(fence);
        if (rc != TR_EMODIFIED || st->tries == IX_BACKUP_TRIES)
            break;
        if ((rc = clear(tmp, n, &local_err)) != 0)
            break;
    }
    if (rc == TR_EMODIFIED) {
        tr_error_set(err, rc,
                     "%s changed %u times under the backup (each revision being copied was "
                     "discarded by a newer commit): back up when tracuu-index commits less "
                     "often (a larger --batch) or between runs",
                     db, st->tries);
    } else if (rc) {
        tr_error_index_damaged(&local_err, db);
        tr_error_set(err, rc, "%s", local_err.message);
    }
    if (rc == 0 && n)
        rc = ix_shards_write_stub(tmp, n, err);
    if (rc == 0 && renameat2(AT_FDCWD, tmp, AT_FDCWD, dest, RENAME_NOREPLACE) != 0)
        rc = tr_error_set(err, errno == EEXIST ? TR_EINVAL : TR_EIO,
                          "cannot rename %s to %s: %s", tmp, dest, strerror(errno));
    if (rc == 0)
        sync_parent(dest);
    if (rc) {
        tr_error ignored = {0};
        if (n ? ix_shards_remove(tmp, n, &ignored) : ix_shards_remove_files(tmp, &ignored))
            rmdir(tmp);
    }
    st->seconds = since(&t0);
    return rc;
}
