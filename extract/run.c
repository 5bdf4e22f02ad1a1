/* run: one way to run a program as a child process and collect what it writes,
 * for tracuu-extract itself (spawn.c) and for the tools it calls (Tesseract,
 * antiword). posix_spawn, because the indexer that calls ex_extract() runs worker
 * threads and fork() there would copy their locks mid-use; every descriptor is
 * opened close-on-exec, so that a child started by one thread never holds the pipe
 * of another's and keeps it from seeing end of file. The deadline is enforced here,
 * by killing the child (its whole process group when it leads one: its own tools
 * die with it). */
#define _GNU_SOURCE
#include "ex_int.h"

#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <spawn.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "tr_clock.h"

extern char **environ;

#define ERR_KEEP 4096

int ex_memfd(const char *name, const char *data, size_t len, tr_error *err)
{
    int fd = memfd_create(name, MFD_CLOEXEC);
    if (fd < 0) {
        tr_error_set(err, TR_EIO, "cannot make a memory file: %s", strerror(errno));
        return -1;
    }
    size_t off = 0;
    while (off < len) {
        ssize_t n = write(fd, data + off, len - off);
        if (n < 0 && errno == EINTR)
            continue;
        if (n <= 0) {
            tr_error_set(err, TR_EIO, "cannot fill a memory file: %s", strerror(errno));
            close(fd);
            return -1;
        }
        off += (size_t)n;
    }
    return fd;
}

/* The environment with `extra` ("NAME=value") put in place of NAME's value. */
static char **env_with(const char *extra)
{
    size_t n = 0;
    while (environ[n])
        n++;
    char **env = calloc(n + 2, sizeof *env);
    if (!env)
        return NULL;
    size_t name = strcspn(extra, "=") + 1, o = 0;
    for (size_t i = 0; i < n; i++)
        if (strncmp(environ[i], extra, name) != 0)
            env[o++] = environ[i];
    env[o++] = (char *)extra;
    env[o] = NULL;
    return env;
}

static int spawn(char *const argv[], const ex_run_opts *o, int out_w, int err_w, pid_t *pid,
                 tr_error *err)
{
    posix_spawn_file_actions_t fa;
    posix_spawnattr_t at;
    if (posix_spawn_file_actions_init(&fa))
        return tr_error_set(err, TR_ENOMEM, "out of memory");
    if (posix_spawnattr_init(&at)) {
        posix_spawn_file_actions_destroy(&fa);
        return tr_error_set(err, TR_ENOMEM, "out of memory");
    }
    int e = posix_spawn_file_actions_addopen(&fa, 0, "/dev/null", O_RDONLY, 0);
    e = e ? e : posix_spawn_file_actions_adddup2(&fa, out_w, 1);
    e = e ? e : posix_spawn_file_actions_adddup2(&fa, err_w, 2);
    if (!e && o->keep_fd >= 0)
        e = posix_spawn_file_actions_adddup2(&fa, o->keep_fd, 3);
    /* The caller may have ignored SIGPIPE; a tool should die of it as usual. */
    sigset_t def;
    sigemptyset(&def);
    sigaddset(&def, SIGPIPE);
    short flags = POSIX_SPAWN_SETSIGDEF;
    e = e ? e : posix_spawnattr_setsigdefault(&at, &def);
    if (o->new_group) {
        flags |= POSIX_SPAWN_SETPGROUP;
        e = e ? e : posix_spawnattr_setpgroup(&at, 0);
    }
    e = e ? e : posix_spawnattr_setflags(&at, flags);
    char **env = environ;
    if (!e && o->setenv && !(env = env_with(o->setenv)))
        e = ENOMEM;
    if (!e)
        e = strchr(argv[0], '/') ? posix_spawn(pid, argv[0], &fa, &at, argv, env)
                                 : posix_spawnp(pid, argv[0], &fa, &at, argv, env);
    if (env != environ)
        free(env);
    posix_spawn_file_actions_destroy(&fa);
    posix_spawnattr_destroy(&at);
    if (e == ENOENT || e == EACCES || e == ENOEXEC)
        return tr_error_set(err, TR_ENOTFOUND, "cannot run %s: %s", argv[0], strerror(e));
    if (e)
        return tr_error_set(err, TR_EIO, "cannot run %s: %s", argv[0], strerror(e));
    return 0;
}

static void kill_child(const ex_run_opts *o, pid_t pid)
{
    kill(o->new_group ? -pid : pid, SIGKILL);
}

/* Reads both pipes until they close, the deadline passes or stdout passes its cap. */
static int collect(const ex_run_opts *o, long long deadline, ex_run *r, int out_r, int err_r,
                   tr_error *err)
{
    ex_buf out = {0}, errb = {0};
    int open_out = 1, open_err = 1, rc = 0;
    char chunk[65536];
    while ((open_out || open_err) && rc == 0) {
        struct pollfd p[2] = {{open_out ? out_r : -1, POLLIN, 0}, {open_err ? err_r : -1, POLLIN, 0}};
        int wait = -1;
        if (deadline) {
            long long left = deadline - tr_clock_ms();
            if (left <= 0) {
                r->timed_out = 1;
                break;
            }
            wait = left > 1000 ? 1000 : (int)left;
        }
        int n = poll(p, 2, wait);
        if (n < 0 && errno == EINTR)
            continue;
        if (n < 0) {
            rc = tr_error_set(err, TR_EIO, "poll: %s", strerror(errno));
            break;
        }
        for (int k = 0; k < 2; k++) {
            if (!(p[k].revents & (POLLIN | POLLHUP | POLLERR)))
                continue;
            ssize_t got = read(p[k].fd, chunk, sizeof chunk);
            if (got < 0 && errno == EINTR)
                continue;
            if (got <= 0) {
                *(k ? &open_err : &open_out) = 0;
                continue;
            }
            if (k == 0) {
                if (out.len + (size_t)got > o->out_cap) {
                    r->over_cap = 1;
                    open_out = open_err = 0;
                    break;
                }
                rc = ex_buf_put(&out, chunk, (size_t)got, err);
            } else {
                /* The last words are the ones that say why it failed. */
                if (errb.len + (size_t)got > 2 * ERR_KEEP) {
                    size_t keep = errb.len > ERR_KEEP ? ERR_KEEP : errb.len;
                    memmove(errb.s, errb.s + errb.len - keep, keep);
                    errb.len = keep;
                }
                size_t take = (size_t)got > ERR_KEEP ? ERR_KEEP : (size_t)got;
                rc = ex_buf_put(&errb, chunk + got - take, take, err);
            }
        }
    }
    r->out = out.s;
    r->out_len = out.len;
    r->errtext = errb.s;
    return rc;
}

int ex_run_program(char *const argv[], const ex_run_opts *o, ex_run *r, tr_error *err)
{
    memset(r, 0, sizeof *r);
    int out_p[2], err_p[2];
    if (pipe2(out_p, O_CLOEXEC) != 0)
        return tr_error_set(err, TR_EIO, "pipe: %s", strerror(errno));
    if (pipe2(err_p, O_CLOEXEC) != 0) {
        close(out_p[0]);
        close(out_p[1]);
        return tr_error_set(err, TR_EIO, "pipe: %s", strerror(errno));
    }
    pid_t pid;
    long long deadline = o->seconds ? tr_clock_ms() + (long long)o->seconds * 1000 : 0;
    int rc = spawn(argv, o, out_p[1], err_p[1], &pid, err);
    close(out_p[1]);
    close(err_p[1]);
    if (rc == 0) {
        r->pid = pid;
        rc = collect(o, deadline, r, out_p[0], err_p[0], err);
        if (rc || r->timed_out || r->over_cap)
            kill_child(o, pid);
        /* The child is not reaped before its group is killed, so that its id (and
         * the group's) cannot have been given to another process meanwhile. */
        siginfo_t si;
        for (;;) {
            si.si_pid = 0;
            if (waitid(P_PID, (id_t)pid, &si, WEXITED | WNOHANG | WNOWAIT) == 0 && si.si_pid)
                break;
            if (deadline && tr_clock_ms() > deadline) {
                r->timed_out = 1;
                kill_child(o, pid);
                deadline = 0;
            }
            struct timespec ts = {0, 2000000};
            nanosleep(&ts, NULL);
        }
        if (o->new_group)
            kill(-pid, SIGKILL); /* tools it left behind */
        while (waitpid(pid, &r->status, 0) < 0 && errno == EINTR)
            ;
    }
    close(out_p[0]);
    close(err_p[0]);
    if (!r->errtext && rc == 0)
        r->errtext = strdup("");
    return rc;
}

void ex_run_free(ex_run *r)
{
    free(r->out);
    free(r->errtext);
    r->out = r->errtext = NULL;
}
