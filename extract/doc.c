/* doc: Word 97-2003 files through antiword, run as a child process
 * (`antiword -m UTF-8.txt -w 0 FILE`: UTF-8 out, one paragraph a line). The file
 * is handed over as /dev/fd/3. antiword gives no metadata: the title and the date
 * come from the text (assemble.c, detect.c). */
#include "ex_int.h"

#include <stdio.h>
#include <string.h>
#include <sys/wait.h>

int ex_doc_read(int fd, const ex_limits *l, ex_doc *d, tr_error *err)
{
    char *argv[] = {"antiword", "-m", "UTF-8.txt", "-w", "0", "/dev/fd/3", NULL};
    /* antiword wraps its text in blank lines and spaces that tidying drops. */
    ex_run_opts o = {.seconds = l->seconds, .out_cap = l->output + l->output / 8 + 4096,
                     .new_group = 0, .keep_fd = fd, .setenv = NULL};
    ex_run r;
    tr_error run_err = {0};
    int rc = ex_run_program(argv, &o, &r, &run_err);
    if (rc == TR_ENOTFOUND)
        return tr_error_set(err, TR_EINTERNAL, ".doc files need antiword, which is not installed");
    if (rc)
        return tr_error_set(err, rc, "%s", run_err.message);
    const char *why = r.errtext ? r.errtext : "";
    if (r.timed_out)
        rc = tr_error_set(err, TR_ELIMIT, "antiword took longer than %u s (time limit)",
                          l->seconds);
    else if (r.over_cap)
        rc = tr_error_set(err, TR_ELIMIT, "more than %zu bytes of text (output limit)", l->output);
    else if (WIFSIGNALED(r.status))
        rc = tr_error_set(err, TR_EINVAL, "antiword died (signal %d): damaged .doc file?",
                          WTERMSIG(r.status));
    else if (strstr(why, "ncrypted"))
        rc = tr_error_set(err, TR_EINVAL, "encrypted .doc file (password needed)");
    else if (WEXITSTATUS(r.status) != 0 || strstr(why, "not a Word Document"))
        rc = tr_error_set(err, TR_EINVAL, "not a readable Word 97-2003 file (damaged?)");
    if (rc == 0)
        rc = ex_buf_put(&d->body, r.out ? r.out : "", r.out_len, err);
    ex_run_free(&r);
    return rc;
}
