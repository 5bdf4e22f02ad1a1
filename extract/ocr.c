/* ocr: text out of an image with Tesseract, run as a child process
 * (`tesseract IMAGE stdout -l vie`). The image is handed over as /dev/fd/3, a file
 * or a memory file, so that no temporary file is left behind when the child is
 * killed at its deadline. Tesseract's own threads are held to one: the indexer
 * already runs one extraction per core. */
#include "ex_int.h"

#include <stdio.h>
#include <string.h>
#include <sys/wait.h>

static int lang_ok(const char *lang)
{
    if (!lang || !*lang || strlen(lang) > 64)
        return 0;
    for (const char *p = lang; *p; p++)
        if (!((*p >= 'a' && *p <= 'z') || (*p >= 'A' && *p <= 'Z') || *p == '_' || *p == '+'))
            return 0;
    return 1;
}

int ex_ocr_fd(int fd, unsigned dpi, const ex_limits *l, ex_doc *d, tr_error *err)
{
    const char *lang = l->ocr_lang ? l->ocr_lang : "vie";
    if (!lang_ok(lang))
        return tr_error_set(err, TR_EINVAL, "bad OCR language list (letters, '_' and '+')");
    char dpi_s[16];
    snprintf(dpi_s, sizeof dpi_s, "%u", dpi);
    char *argv[] = {"tesseract", "/dev/fd/3", "stdout", "-l", (char *)lang,
                    dpi ? "--dpi" : NULL, dpi_s, NULL};
    size_t room = l->output > d->body.len ? l->output - d->body.len : 0;
    ex_run_opts o = {.seconds = l->seconds, .out_cap = room, .new_group = 0, .keep_fd = fd,
                     .setenv = "OMP_THREAD_LIMIT=1"};
    ex_run r;
    tr_error run_err = {0};
    int rc = ex_run_program(argv, &o, &r, &run_err);
    if (rc == TR_ENOTFOUND)
        rc = tr_error_set(err, TR_EINTERNAL, "OCR needs tesseract, which is not installed");
    else if (rc)
        rc = tr_error_set(err, rc, "%s", run_err.message);
    else if (r.timed_out)
        rc = tr_error_set(err, TR_ELIMIT, "OCR took longer than %u s (time limit)", l->seconds);
    else if (r.over_cap)
        rc = tr_error_set(err, TR_ELIMIT, "more than %zu bytes of text (output limit)", l->output);
    else if (WIFSIGNALED(r.status))
        rc = tr_error_set(err, TR_EINVAL, "tesseract died (signal %d) on the image",
                          WTERMSIG(r.status));
    else if (WEXITSTATUS(r.status) != 0) {
        const char *why = r.errtext ? r.errtext : "";
        if (strstr(why, "Failed loading language"))
            rc = tr_error_set(err, TR_EINTERNAL,
                              "tesseract has no data for OCR language %s (tesseract-ocr-%s)",
                              lang, lang);
        /* Leptonica says "pix not defined" when it could not allocate an image; for a
         * page rendered here, which is a valid PNG, that is the memory limit. */
        else if (strstr(why, "alloc") || (dpi && strstr(why, "pix not defined")))
            rc = tr_error_set(err, TR_ENOMEM, "out of memory in tesseract (memory limit)");
        else
            rc = tr_error_set(err, TR_EINVAL, "tesseract cannot read the image (exit %d)",
                              WEXITSTATUS(r.status));
    }
    if (rc == 0) {
        rc = ex_buf_break(&d->body, err);
        if (rc == 0 && r.out_len)
            rc = ex_buf_put(&d->body, r.out, r.out_len, err);
        if (rc == 0)
            rc = ex_buf_break(&d->body, err);
        d->ocr = 1;
    }
    ex_run_free(&r);
    return rc;
}
