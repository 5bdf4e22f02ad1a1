/* tr_fence: a lock file per database folder that a losing read holds (tr_fence.h). */
#define _POSIX_C_SOURCE 200809L
#include "tr_fence.h"

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "tr_clock.h"

/* As many as a stub may list (indexer/shards.h allows 64), and the folder itself. */
#define FENCE_MAX 65

struct tr_fence {
    int fd[FENCE_MAX];
    int held[FENCE_MAX];
    int n;
};

static void add(tr_fence *f, const char *dir, size_t dlen, const char *name, int create)
{
    if (f->n >= FENCE_MAX)
        return;
    char path[4096];
    int len = snprintf(path, sizeof path, "%.*s%s%s/" TR_FENCE_FILE, (int)dlen, dir,
                       dlen && name[0] ? "/" : "", name);
    if (len < 0 || (size_t)len >= sizeof path)
        return;
    int fd = create ? open(path, O_RDWR | O_CREAT | O_CLOEXEC, 0644)
                    : open(path, O_RDONLY | O_CLOEXEC);
    if (fd >= 0)
        f->fd[f->n++] = fd;
}

/* The databases a Xapian stub lists in "auto PATH" or "glass PATH" lines, relative to
 * the stub's folder `dir`; remote lines have no fence here. */
static void add_stub(tr_fence *f, const char *stub, const char *dir, size_t dlen)
{
    FILE *in = fopen(stub, "re");
    if (!in)
        return;
    char line[4096];
    while (fgets(line, sizeof line, in)) {
        line[strcspn(line, "\r\n")] = '\0';
        const char *rest = NULL;
        if (!strncmp(line, "auto ", 5))
            rest = line + 5;
        else if (!strncmp(line, "glass ", 6))
            rest = line + 6;
        if (!rest || !*rest)
            continue;
        if (rest[0] == '/')
            add(f, rest, strlen(rest), "", 0);
        else
            add(f, dir, dlen, rest, 0);
    }
    fclose(in);
}

static void add_path(tr_fence *f, const char *path, int create)
{
    struct stat st;
    if (stat(path, &st) != 0)
        return; /* HOST:PORT of a remote shard, or gone */
    if (S_ISDIR(st.st_mode)) {
        add(f, path, strlen(path), "", create);
        char stub[4096];
        if (snprintf(stub, sizeof stub, "%s/XAPIANDB", path) < (int)sizeof stub)
            add_stub(f, stub, path, strlen(path));
    } else {
        const char *slash = strrchr(path, '/');
        add_stub(f, path, slash ? path : ".", slash ? (size_t)(slash - path) : 1);
    }
}

tr_fence *tr_fence_open(const char *const *paths, size_t n, int create)
{
    tr_fence *f = calloc(1, sizeof *f);
    if (!f)
        return NULL;
    for (size_t i = 0; i < n; i++)
        add_path(f, paths[i], create);
    if (f->n == 0) {
        free(f);
        return NULL;
    }
    return f;
}

int tr_fence_take(tr_fence *f, int shared, unsigned timeout_ms)
{
    if (!f)
        return 0;
    long long deadline = tr_clock_ms() + timeout_ms;
    int op = (shared ? LOCK_SH : LOCK_EX) | LOCK_NB;
    for (int i = 0; i < f->n;) {
        if (flock(f->fd[i], op) == 0) {
            f->held[i++] = 1;
            continue;
        }
        if ((errno != EWOULDBLOCK && errno != EINTR) || tr_clock_ms() >= deadline) {
            tr_fence_release(f);
            return -1;
        }
        /* A commit holds it for milliseconds, a read for one request: poll, since a
         * blocking flock() cannot be given a deadline. */
        nanosleep(&(struct timespec){0, 1000000}, NULL);
    }
    return 0;
}

void tr_fence_release(tr_fence *f)
{
    if (!f)
        return;
    for (int i = 0; i < f->n; i++) {
        if (f->held[i])
            flock(f->fd[i], LOCK_UN);
        f->held[i] = 0;
    }
}

void tr_fence_free(tr_fence *f)
{
    if (!f)
        return;
    for (int i = 0; i < f->n; i++)
        close(f->fd[i]); /* closing lets go of its lock too */
    free(f);
}
