/* assemble: what a reader found made into the record of ex.h. Text from any format
 * may be in a pre-Unicode Vietnamese encoding (a page or a .doc typed with the ABC
 * or VNI fonts comes out as Windows-1252 mojibake), so vn_legacy reads it first;
 * then everything is NFC with invalid bytes replaced, white space tidied, and the
 * type and date found in the text. */
#include "ex_int.h"

#include <stdlib.h>
#include <string.h>

#include "vn_legacy.h"

#define TITLE_MAX 300 /* bytes of a title taken from the first line of the body */

/* *s becomes NFC UTF-8 with invalid sequences replaced. */
static int nfc(char **s, tr_error *err)
{
    if (!*s)
        return 0;
    char *out = NULL;
    int rc = vn_legacy_convert(VN_ENC_UTF8, 0, *s, strlen(*s), &out, NULL, err);
    if (rc)
        return rc;
    free(*s);
    *s = out;
    return 0;
}

static int legacy_field(char **s, vn_encoding enc, unsigned flags, tr_error *err)
{
    if (!*s || !vn_legacy_fits(enc, flags, *s, strlen(*s)))
        return 0;
    char *out = NULL;
    int rc = vn_legacy_convert(enc, flags, *s, strlen(*s), &out, NULL, err);
    if (rc)
        return rc;
    free(*s);
    *s = out;
    return 0;
}

/* Length of a white-space character at s (ASCII blanks, NBSP, the Unicode spaces
 * of General Punctuation, ideographic space), 0 for others. */
static size_t space_len(const unsigned char *s)
{
    if (*s == ' ' || *s == '\t' || *s == '\r' || *s == '\f' || *s == '\v')
        return 1;
    if (s[0] == 0xC2 && s[1] == 0xA0)
        return 2;
    if (s[0] == 0xE2 && s[1] == 0x80 && (s[2] <= 0x8A || s[2] == 0xAF))
        return 3;
    if (s[0] == 0xE3 && s[1] == 0x80 && s[2] == 0x80)
        return 3;
    return 0;
}

/* In place: blanks collapsed to one space, lines trimmed, empty lines and control
 * characters dropped. `one_line`: line breaks become spaces too. */
static size_t tidy(char *s, int one_line)
{
    size_t o = 0;
    int pending_space = 0;
    const unsigned char *p = (const unsigned char *)s;
    while (*p) {
        size_t n = space_len(p);
        if (n || (*p == '\n' && one_line)) {
            pending_space = o > 0 && s[o - 1] != '\n';
            p += n ? n : 1;
            continue;
        }
        if (*p == '\n') {
            if (o > 0 && s[o - 1] != '\n')
                s[o++] = '\n';
            pending_space = 0;
            p++;
            continue;
        }
        if (*p < 0x20 || *p == 0x7F) {
            p++;
            continue;
        }
        if (pending_space)
            s[o++] = ' ';
        pending_space = 0;
        s[o++] = (char)*p++;
    }
    if (o > 0 && s[o - 1] == '\n')
        o--;
    s[o] = '\0';
    return o;
}

static void tidy_field(char **s)
{
    if (*s && tidy(*s, 1) == 0) {
        free(*s);
        *s = NULL;
    }
}

/* The first line of the body, cut at a space before TITLE_MAX bytes. */
static int first_line_title(ex_doc *d, tr_error *err)
{
    const char *s = d->body.s;
    size_t n = strcspn(s, "\n");
    if (n > TITLE_MAX) {
        size_t cut = TITLE_MAX;
        while (cut > 0 && s[cut] != ' ')
            cut--;
        if (cut == 0) {
            cut = TITLE_MAX;
            while (cut > 0 && ((unsigned char)s[cut] & 0xC0) == 0x80)
                cut--;
        }
        n = cut;
    }
    return ex_doc_set(&d->title, s, n, err);
}

static int detected_title(ex_doc *d, const ex_detect *det, tr_error *err)
{
    ex_buf t = {0};
    int rc = ex_buf_put(&t, det->title[0], det->title_n[0], err);
    if (rc == 0 && det->title[1]) {
        rc = ex_buf_put(&t, " ", 1, err);
        if (rc == 0)
            rc = ex_buf_put(&t, det->title[1], det->title_n[1], err);
    }
    if (rc == 0 && t.len > TITLE_MAX) {
        size_t cut = TITLE_MAX;
        while (cut > 0 && t.s[cut] != ' ')
            cut--;
        t.len = cut ? cut : t.len;
    }
    if (rc == 0)
        rc = ex_doc_set(&d->title, t.s, t.len, err);
    ex_buf_free(&t);
    return rc;
}

static int set_str(json_t *o, const char *key, const char *v)
{
    if (!v)
        return 0;
    json_t *j = json_string(v);
    return j ? json_object_set_new(o, key, j) : -1;
}

static int build(ex_format f, const ex_doc *d, const ex_detect *det, const char *date,
                 const char *legacy, json_t **out, tr_error *err)
{
    json_t *o = json_object();
    int bad = !o;
    const char *type = det->type ? det->type : d->news ? "news" : NULL;
    if (!bad) {
        bad |= set_str(o, "title", d->title);
        bad |= set_str(o, "body", d->body.s);
        bad |= json_object_set_new(o, "date", date ? json_string(date) : json_null());
        bad |= set_str(o, "type", type);
        bad |= set_str(o, "source", "file");
        bad |= set_str(o, "format", ex_format_name(f));
        bad |= set_str(o, "author", d->author);
        bad |= set_str(o, "description", d->description);
        bad |= set_str(o, "doc_number", det->number[0] ? det->number : NULL);
        bad |= set_str(o, "encoding", legacy ? legacy : d->encoding);
        if (d->pages > 0)
            bad |= json_object_set_new(o, "pages", json_integer(d->pages));
        if (d->ocr)
            bad |= json_object_set_new(o, "ocr", json_true());
    }
    if (bad) {
        json_decref(o);
        return tr_error_set(err, TR_ENOMEM, "out of memory building the record");
    }
    *out = o;
    return 0;
}

int ex_record_make(ex_format f, ex_doc *d, const ex_limits *l, json_t **out, tr_error *err)
{
    *out = NULL;
    if (!d->body.s || d->body.len == 0)
        return tr_error_set(err, TR_EINVAL, "no text in the file");

    char *conv = NULL;
    size_t conv_len = 0;
    vn_encoding from = VN_ENC_UTF8;
    unsigned flags = 0;
    int rc = vn_legacy_decode(VN_ENC_AUTO, d->body.s, d->body.len, &conv, &conv_len, &from,
                              &flags, err);
    if (rc)
        return rc;
    const char *legacy = NULL;
    if (conv) {
        free(d->body.s);
        d->body.s = conv;
        d->body.len = d->body.alloc = conv_len;
        legacy = vn_legacy_name(from);
        char **fields[] = {&d->title, &d->heading, &d->author, &d->description};
        for (size_t i = 0; i < 4 && rc == 0; i++)
            rc = legacy_field(fields[i], from, flags, err);
    } else {
        rc = vn_legacy_convert(VN_ENC_UTF8, 0, d->body.s, d->body.len, &conv, &conv_len, err);
        if (rc == 0) {
            free(d->body.s);
            d->body.s = conv;
            d->body.len = d->body.alloc = conv_len;
        }
    }
    char **fields[] = {&d->title, &d->heading, &d->author, &d->description};
    for (size_t i = 0; i < 4 && rc == 0; i++) {
        rc = nfc(fields[i], err);
        tidy_field(fields[i]);
    }
    if (rc)
        return rc;

    d->body.len = tidy(d->body.s, 0);
    if (d->body.len == 0)
        return tr_error_set(err, TR_EINVAL, "no text in the file");
    if (d->body.len > l->output)
        return tr_error_set(err, TR_ELIMIT, "more than %zu bytes of text (output limit)",
                            l->output);
    ex_detect det;
    if ((rc = ex_detect_run(d->title, d->body.s, d->body.len, &det, err)) != 0)
        return rc;
    if (!d->title && det.title[0] && (rc = detected_title(d, &det, err)) != 0)
        return rc;
    if (!d->title && d->heading) {
        d->title = d->heading;
        d->heading = NULL;
    }
    if (!d->title && (rc = first_line_title(d, err)) != 0)
        return rc;
    /* A meeting's or a decision's own date says more than when its file was saved. */
    const char *date = NULL;
    if (det.type && det.date[0])
        date = det.date;
    else if (d->date)
        date = d->date;
    else if (det.date[0])
        date = det.date;
    return build(f, d, &det, date, legacy, out, err);
}
