/* spawn: ex_extract(), the guarded way: tracuu-extract runs in a process group of
 * its own, sets its memory and CPU limits on itself before it reads a byte (main.c),
 * and is killed with everything it started when the wall clock runs out or it
 * writes more than the output allows. Its answer is a JSON object on stdout, or one
 * line on stderr and an exit status that carries the TR_E* code. */
#include "ex_int.h"
#include "tr_paths.h"

#include <limits.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

/* "...\ntracuu-extract: MESSAGE\n" -> "MESSAGE": the library it used may have
 * written its own complaints first. */
static const char *child_message(char *text)
{
    if (!text || !*text)
        return "no message";
    const char *prefix = EX_PROGRAM ": ";
    char *msg = NULL;
    for (char *p = text; (p = strstr(p, prefix)) != NULL; p++)
        if (p == text || p[-1] == '\n')
            msg = p + strlen(prefix);
    if (!msg) {
        msg = text;
        while (*msg == '\n')
            msg++;
    }
    msg[strcspn(msg, "\n")] = '\0';
    return msg;
}

static int crashed(const ex_run *r, const ex_limits *l, tr_error *err)
{
    int sig = WTERMSIG(r->status);
    if (sig == SIGXCPU)
        return tr_error_set(err, TR_ELIMIT, "used more than %u s of CPU (time limit)", l->seconds);
    const char *text = r->errtext ? r->errtext : "";
    /* GLib and poppler abort() when an allocation fails under RLIMIT_AS. */
    if (strstr(text, "alloc") || strstr(text, "emory"))
        return tr_error_set(err, TR_ELIMIT, "needed more than %zu MiB of memory (memory limit)",
                            l->memory >> 20);
    return tr_error_set(err, TR_EINVAL, "tracuu-extract died of signal %d: damaged file?", sig);
}

static int answer(ex_run *r, const ex_limits *l, json_t **out, tr_error *err)
{
    if (r->timed_out)
        return tr_error_set(err, TR_ELIMIT, "took longer than %u s (time limit)", l->seconds);
    if (r->over_cap)
        return tr_error_set(err, TR_ELIMIT, "more than %zu bytes of text (output limit)",
                            l->output);
    if (WIFSIGNALED(r->status))
        return crashed(r, l, err);
    int code = WEXITSTATUS(r->status);
    if (code > EX_EXIT_BASE && code <= EX_EXIT_BASE + TR_EINTERNAL) {
        code -= EX_EXIT_BASE;
        const char *msg = child_message(r->errtext);
        if (code == TR_ENOMEM)
            return tr_error_set(err, TR_ELIMIT, "needed more than %zu MiB of memory (%s)",
                                l->memory >> 20, msg);
        return tr_error_set(err, code, "%s", msg);
    }
    if (code != 0)
        return tr_error_set(err, TR_EINTERNAL, "tracuu-extract exited with status %d: %s", code,
                            child_message(r->errtext));
    json_error_t je;
    json_t *o = r->out ? json_loadb(r->out, r->out_len, 0, &je) : NULL;
    if (!json_is_object(o)) {
        json_decref(o);
        return tr_error_set(err, TR_EINTERNAL, "tracuu-extract gave no JSON object");
    }
    *out = o;
    return 0;
}

int ex_extract(const char *path, const ex_limits *l, json_t **out, tr_error *err)
{
    *out = NULL;
    char prog[PATH_MAX];
    /* $TRACUU_EXTRACT, else PREFIX/lib/tracuu or the build tree's (tr_paths.h). */
    if (tr_paths_find(TR_PLACE_EXTRACT, prog, sizeof prog) != 0)
        return tr_error_set(err, TR_EINTERNAL,
                            "%s cannot be started: no such program (set TRACUU_EXTRACT "
                            "to tracuu-extract's path)",
                            prog[0] ? prog : EX_PROGRAM);
    char seconds[24], memory[24], output[24], input[24];
    snprintf(seconds, sizeof seconds, "%u", l->seconds);
    snprintf(memory, sizeof memory, "%zu", l->memory);
    snprintf(output, sizeof output, "%zu", l->output);
    snprintf(input, sizeof input, "%zu", l->input);
    char *argv[16];
    int a = 0;
    argv[a++] = prog;
    argv[a++] = "--seconds", argv[a++] = seconds;
    argv[a++] = "--memory", argv[a++] = memory;
    argv[a++] = "--output", argv[a++] = output;
    argv[a++] = "--input", argv[a++] = input;
    if (l->ocr) {
        argv[a++] = "--ocr";
        argv[a++] = "--ocr-lang", argv[a++] = (char *)(l->ocr_lang ? l->ocr_lang : "vie");
    }
    argv[a++] = "--";
    argv[a++] = (char *)path;
    argv[a] = NULL;

    /* JSON writes "\n" and '"' with a backslash: room for that, and for the fields. */
    ex_run_opts o = {.seconds = l->seconds, .out_cap = l->output * 2 + 65536, .new_group = 1,
                     .keep_fd = -1, .setenv = NULL};
    ex_run r;
    tr_error run_err = {0};
    int rc = ex_run_program(argv, &o, &r, &run_err);
    if (rc)
        rc = tr_error_set(err, TR_EINTERNAL, "tracuu-extract cannot be started: %s",
                          run_err.message);
    else
        rc = answer(&r, l, out, err);
    ex_run_free(&r);
    return rc;
}
