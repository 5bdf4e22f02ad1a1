/* proposal: see proposal.h. */
#include "proposal.h"

#include <stdlib.h>
#include <string.h>

#include "vn.h"

static const ex_format proposal_formats[] = {EX_DOCX, EX_PDF, EX_ODT, EX_NONE};

typedef struct extraction {
    json_t *out;
    tr_error *err;
} extraction;

static int extract(void *ctx, const char *path)
{
    extraction *x = ctx;
    ex_limits limits;
    ex_limits_init(&limits);
    return ex_extract(path, &limits, &x->out, x->err);
}

static int read_limit(const sd_form *f, unsigned *limit, tr_error *err)
{
    const char *s = sd_form_get(f, "limit", NULL);
    if (!s || !*s)
        return 0;
    char *end;
    unsigned long v = strtoul(s, &end, 10);
    if (*end || s[0] < '0' || s[0] > '9' || v < 1 || v > SE_SIMILAR_LIMIT_MAX)
        return tr_error_set(err, TR_EINVAL, "limit must be a whole number from 1 to %d",
                            SE_SIMILAR_LIMIT_MAX);
    *limit = (unsigned)v;
    return 0;
}

/* The file's text in place of the form's. */
static int use_file(sd_proposal *pr, tr_error *err)
{
    ex_format format = sd_upload_format(&pr->form, proposal_formats);
    if (format == EX_NONE)
        return tr_error_set(err, TR_EINVAL, "the proposal file must be DOCX, PDF or ODT (by "
                                            "its name's ending)");
    if (pr->p.text_len)
        return tr_error_set(err, TR_EINVAL, "send the proposal's text or a file, not both");
    extraction x = {NULL, err};
    int rc = sd_upload_with_file(&pr->form, format, extract, &x, err);
    if (rc)
        return rc;
    pr->extracted = x.out;
    pr->from_file = 1;
    json_t *body = json_object_get(x.out, "body"), *title = json_object_get(x.out, "title");
    pr->p.text = json_string_value(body);
    pr->p.text_len = vn_utf8_cut(pr->p.text ? pr->p.text : "", json_string_length(body),
                              SE_SIMILAR_TEXT_MAX);
    if (!pr->p.title_len && json_is_string(title)) {
        pr->p.title = json_string_value(title);
        pr->p.title_len = vn_utf8_cut(pr->p.title, json_string_length(title), SE_SIMILAR_TEXT_MAX);
    }
    return 0;
}

int sd_proposal_read(const sd_request *r, sd_proposal *pr, tr_error *err)
{
    memset(pr, 0, sizeof *pr);
    pr->p.view = sd_request_view(r); /* what the caller may be compared against */
    int rc = sd_form_read(r->conn, r->body, r->body_len, &pr->form, err);
    if (rc)
        return rc;
    pr->p.title = sd_form_get(&pr->form, "title", &pr->p.title_len);
    pr->p.text = sd_form_get(&pr->form, "text", &pr->p.text_len);
    pr->p.type = sd_form_get(&pr->form, "type", NULL);
    rc = read_limit(&pr->form, &pr->p.limit, err);
    if (rc == 0 && pr->form.file_field && (pr->form.file_len || *pr->form.file_name))
        rc = use_file(pr, err);
    return rc;
}

void sd_proposal_free(sd_proposal *pr)
{
    if (!pr)
        return;
    sd_form_free(&pr->form);
    json_decref(pr->extracted);
    memset(pr, 0, sizeof *pr);
}
