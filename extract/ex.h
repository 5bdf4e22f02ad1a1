/* ex: text and metadata out of the department's own files: web pages (HTML),
 * PDF (with OCR for pages that have no text layer), DOCX, ODT, DOC and images.
 *
 * Every format goes through a Debian library or tool (libxml2's HTML parser,
 * poppler-glib, libarchive + libxml2, antiword, Tesseract), never a hand-written
 * parser. Untrusted files are not parsed inside the indexer: ex_extract() runs the
 * tracuu-extract program as a child process with a time limit, a memory limit and
 * an output-size limit (as Omega's omindex does with its filters), so that a zip
 * bomb, a damaged PDF or a page that never ends costs one skipped file, not the run.
 *
 * The result is a record in the corpus format (docs/schema.md), ready for
 * record.h: the indexer treats it as one more JSON Lines line.
 */
#ifndef EX_H
#define EX_H

#include <stddef.h>

#include <jansson.h>

#include "tr_error.h"

typedef enum ex_format {
    EX_NONE = 0, /* not a format this module reads */
    EX_HTML,     /* .html .htm .xhtml */
    EX_PDF,      /* .pdf */
    EX_DOCX,     /* .docx */
    EX_ODT,      /* .odt */
    EX_DOC,      /* .doc (Word 97-2003, through antiword) */
    EX_IMAGE     /* .png .jpg .jpeg .tif .tiff (OCR only) */
} ex_format;

/* The format by the file name's ending, in any case; EX_NONE for others. */
ex_format ex_format_of(const char *path);

/* "html", "pdf", "docx", "odt", "doc", "image"; "none". */
const char *ex_format_name(ex_format f);

typedef struct ex_limits {
    unsigned seconds;     /* wall-clock time for one file (default 60; OCR counts) */
    size_t memory;        /* address space of the child, bytes (default 2 GiB); not
                             enforced in AddressSanitizer builds */
    size_t output;        /* bytes of extracted text kept at most (default 32 MiB);
                             more is an error, not a silent cut */
    size_t input;         /* larger files are refused unread (default 512 MiB) */
    int ocr;              /* 1: OCR images and PDF pages without text (default 0) */
    const char *ocr_lang; /* Tesseract languages, "vie" or "vie+eng" (default "vie");
                             static storage or the caller's for the call */
} ex_limits;

/* Fills the defaults above. */
void ex_limits_init(ex_limits *l);

/* Extracts `path` in a child process under the limits. On success *out is a new
 * JSON object (the caller json_decref()s it) with:
 *   "title"   string: from metadata (<title>, PDF Title, dc:title, core.xml), else
 *             the first heading or first non-empty line;
 *   "body"    string: the main text, UTF-8 NFC, paragraphs separated by "\n";
 *   "date"    "YYYY-MM-DD" or null: from metadata (<meta> dates, PDF creation
 *             date, dcterms:created) or the text ("ngày 24 tháng 12 năm 2013", for
 *             minutes the meeting date);
 *   "type"    "minutes", "legal", "task" or "news" when the text says which
 *             ("BIÊN BẢN ...", "QUYẾT ĐỊNH"/"NGHỊ QUYẾT"/"THÔNG TƯ"/... with a
 *             number, a task dossier), absent when it does not;
 *   "source"  "file";  "format" ex_format_name();
 *   optional: "author", "description", "pages" (integer), "doc_number",
 *             "ocr" (true when some text came from OCR, so that it can be shown
 *             as such), "encoding" (the charset a web page was read in).
 * No "id": the caller names the document.
 * Errors (the message names the file's problem, never its text nor its path: the
 * caller names the file):
 *   TR_ENOTFOUND / TR_EIO   the file cannot be read;
 *   TR_ELIMIT               too large, too slow, too much memory or output
 *                           ("zip bomb?" when an archive expands too much);
 *   TR_EINVAL               damaged, encrypted, not the format its name says, or
 *                           no text (an image-only PDF without --ocr says so);
 *   TR_EINTERNAL            tracuu-extract cannot be started, or a tool it needs
 *                           (tesseract and its language data, antiword) is missing.
 * tracuu-extract is $TRACUU_EXTRACT, else the one beside the running program, else
 * ../extract/tracuu-extract from it (the build tree), else the build folder's.
 * Thread-safe: the indexer's workers call it at the same time (posix_spawn; every
 * descriptor close-on-exec). *out is NULL on failure. */
int ex_extract(const char *path, const ex_limits *l, json_t **out, tr_error *err);

/* The same work in this process, without the child or its limits but for
 * `output` and `input`: what tracuu-extract runs, and what the tests and fuzz
 * targets call. */
int ex_extract_here(const char *path, const ex_limits *l, json_t **out, tr_error *err);

/* Extracts from `len` bytes already in memory, as ex_extract_here() does a file of
 * format `f` (DOC and images reach their tool through a memory file); for fuzzing.
 * The bytes are not changed and not kept. */
int ex_extract_buffer(ex_format f, const char *data, size_t len, const ex_limits *l,
                      json_t **out, tr_error *err);

#endif
