/* ex_int.h: what the files of extract/ share with each other and with nobody else.
 *
 * Every format reader fills an ex_doc (buf.c: raw text and metadata, not yet
 * normalised); ex.c, the dispatcher, hands it to assemble.c, which makes the record
 * ex.h describes: NFC, legacy encodings read, title fallback, type and date found
 * by detect.c, size checked. Readers never build JSON, and never call ex.c.
 */
#ifndef EX_INT_H
#define EX_INT_H

#include <stddef.h>
#include <sys/types.h>

#include "ex.h"

/* ---- buf.c: the text buffer and the document a reader fills ---- */

/* A growing NUL-terminated string with a cap: appending past `cap` bytes fails
 * with TR_ELIMIT, so that no reader ever holds more text than the limit allows. */
typedef struct ex_buf {
    char *s;
    size_t len, alloc;
    size_t cap; /* 0: no cap */
} ex_buf;

int ex_buf_put(ex_buf *b, const char *s, size_t n, tr_error *err);
int ex_buf_puts(ex_buf *b, const char *s, tr_error *err);
/* Ends the current paragraph: a "\n" unless the buffer is empty or already ends so. */
int ex_buf_break(ex_buf *b, tr_error *err);
/* Frees the text; the buffer is empty again, its cap kept. */
void ex_buf_free(ex_buf *b);

/* What a reader found: zeroed, with body.cap set, by the dispatcher (ex.c). */
typedef struct ex_doc {
    ex_buf body;         /* paragraphs; runs of white space are collapsed later */
    char *title;         /* malloc()ed or NULL, for every field */
    char *heading;       /* the first heading, when the format marks one */
    char *author;
    char *description;
    char *date;          /* "YYYY-MM-DD" from metadata */
    char *encoding;      /* HTML: the charset the page was read in */
    int pages;           /* PDF: the page count; 0 otherwise */
    int ocr;             /* some text came from OCR */
    int news;            /* the page says it is an article (HTML) */
} ex_doc;

/* Replaces *field with a copy of `len` bytes (trimmed; empty stays as it was). */
int ex_doc_set(char **field, const char *s, size_t len, tr_error *err);
/* Frees every field and zeroes *d. */
void ex_doc_free(ex_doc *d);

/* ---- ymd.c: dates as metadata writes them ---- */

/* "YYYY-MM-DD" from the start of an ISO 8601 date ("2023-04-13T08:00:00+07:00",
 * PDF's "D:20230413..." without the "D:"), or from "13/4/2023"; into out[11].
 * Returns 1 when a valid date was found. */
int ex_date_parse(const char *s, char out[11]);

/* ---- assemble.c ---- */

/* The record ex.h describes, out of what a reader found: legacy encodings read,
 * NFC, white space tidied, title fallback, type and date (detect.c). */
int ex_record_make(ex_format f, ex_doc *d, const ex_limits *l, json_t **out, tr_error *err);

/* ---- charset.c ---- */

/* A web page's bytes as UTF-8 (malloc()ed, NUL-terminated) from the charset it
 * declares or, when it declares none, what it reads as; *used receives that
 * charset's name (malloc()ed). */
int ex_charset_to_utf8(const char *data, size_t len, char **out, size_t *out_len, char **used,
                       tr_error *err);

/* ---- webpage.c ---- */

int ex_html_read(const char *data, size_t len, const ex_limits *l, ex_doc *d, tr_error *err);

/* ---- pdf.c ---- */

int ex_pdf_read(const char *data, size_t len, const ex_limits *l, ex_doc *d, tr_error *err);

/* ---- zipdoc.c: DOCX and ODT ---- */

/* Bytes an archive may expand to: per entry, in total, and in proportion to its
 * size on disk (past EX_ZIP_RATIO_FREE bytes). Office files compress text about
 * 5:1; a ratio of 100 leaves room for any real one and none for a bomb. */
#define EX_ZIP_ENTRY_MAX ((size_t)256 << 20)
#define EX_ZIP_TOTAL_MAX ((size_t)512 << 20)
#define EX_ZIP_RATIO 100
#define EX_ZIP_RATIO_FREE ((size_t)8 << 20)
#define EX_ZIP_SUSPECT 20 /* a ratio that makes a broken part a bomb (zipdoc.c) */

int ex_zipdoc_read(ex_format f, const char *data, size_t len, const ex_limits *l, ex_doc *d,
                   tr_error *err);

/* ---- run.c: running a tool as a child process ---- */

typedef struct ex_run {
    char *out;      /* what it wrote on stdout, NUL-terminated, at most out_cap bytes */
    size_t out_len;
    char *errtext;  /* the last 4 to 8 KiB of its stderr, NUL-terminated */
    int status;     /* as waitpid() gives it */
    int timed_out;  /* killed at the deadline */
    int over_cap;   /* killed for writing more than out_cap bytes */
    pid_t pid;
} ex_run;

typedef struct ex_run_opts {
    unsigned seconds;   /* wall clock; 0: none */
    size_t out_cap;
    int new_group;      /* the child leads a new process group, killed as a whole */
    int keep_fd;        /* >= 0: this descriptor is given to the child as fd 3 */
    const char *setenv; /* "NAME=value" added to the environment, or NULL */
} ex_run_opts;

/* Runs argv[0] (searched in PATH when it has no '/') with stdin from /dev/null and
 * waits for it. Returns 0 when it ran (whatever its exit status: see r), ENOENT-like
 * failures to start as TR_ENOTFOUND, others as TR_EIO. Thread-safe. r is filled
 * in every case and freed with ex_run_free(). */
int ex_run_program(char *const argv[], const ex_run_opts *o, ex_run *r, tr_error *err);
void ex_run_free(ex_run *r);

/* A descriptor holding `len` bytes, readable by a child as /dev/fd/3 (memfd). */
int ex_memfd(const char *name, const char *data, size_t len, tr_error *err);

/* ---- spawn.c and main.c: how tracuu-extract answers ---- */

/* On success tracuu-extract prints the record as one JSON object on stdout and
 * exits 0. On failure it prints "tracuu-extract: MESSAGE" as one line on stderr
 * and exits EX_EXIT_BASE + the TR_E* code. */
#define EX_EXIT_BASE 64
#define EX_PROGRAM "tracuu-extract"

/* ---- ocr.c ---- */

/* OCR of the image in file descriptor `fd` (any format Leptonica reads), appended
 * to d->body. `dpi` 0 lets Tesseract guess. */
int ex_ocr_fd(int fd, unsigned dpi, const ex_limits *l, ex_doc *d, tr_error *err);

/* ---- doc.c ---- */

int ex_doc_read(int fd, const ex_limits *l, ex_doc *d, tr_error *err);

/* ---- detect.c: what kind of document the text is ---- */

typedef struct ex_detect {
    const char *type;  /* "minutes", "legal", "task" or NULL; static */
    char date[11];     /* "YYYY-MM-DD" from the text, or "" */
    char number[64];   /* legal: "12/QĐ-UBND", or "" */
    /* A title from the text, in up to two pieces pointing into the body: the kind's
     * heading and the line that says what about ("QUYẾT ĐỊNH" + "Về việc ..."), a
     * letter's "V/v ..." line, a task's name after "Tên đề tài:". */
    const char *title[2];
    size_t title_n[2];
} ex_detect;

/* Looks at the title and the first lines of the body (UTF-8 NFC). */
int ex_detect_run(const char *title, const char *body, size_t len, ex_detect *out,
                  tr_error *err);

#endif
