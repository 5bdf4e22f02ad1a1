/* walk: the command line's PATHs made into the ordered list of inputs to read.
 *
 * A file is taken as given (JSON Lines, one document when it ends in .txt or .md,
 * one document to extract (ex.h) when it ends in .html, .htm, .xhtml, .pdf, .docx,
 * .odt or .doc, or in .png, .jpg, .jpeg, .tif or .tiff with OCR on; a spreadsheet
 * of records when it ends in .csv, .csv.gz, .csv.zst or .xlsx; endings but .jsonl*
 * in any case); "-" is standard input; a folder is walked recursively
 * for *.jsonl, *.jsonl.zst, *.jsonl.gz, *.txt, *.md and the document formats above,
 * in byte order of names at each level so that two runs index the same documents
 * in the same order. Spreadsheets in a folder are left alone: a folder of
 * documents holds tables that are no records. Hidden entries and symbolic links
 * to folders are not followed (a link cycle would never end), nor links to files
 * outside the folder given unless follow_symlinks is set: anyone who can write in a
 * shared folder could otherwise make any file the indexer can read searchable.
 * FIFOs, sockets and devices are no documents: skipped in a folder, refused when
 * named (opening a FIFO nobody writes to would wait for ever; "-" reads a pipe).
 * Each folder's `.tracuu` settings (folder.h) go with the document files found
 * under it.
 */
#ifndef IX_WALK_H
#define IX_WALK_H

#include <stddef.h>
#include <stdint.h>

#include "ex.h"
#include "folder.h"
#include "reader.h"
#include "tr_error.h"

typedef enum ix_input_kind {
    IX_INPUT_JSONL,    /* records, one per line */
    IX_INPUT_TEXT,     /* one document: .txt */
    IX_INPUT_MARKDOWN, /* one document: .md, title without its '#' */
    IX_INPUT_CSV,      /* records, one per row under a header row (table.h) */
    IX_INPUT_XLSX,     /* the same, in the first sheet of a workbook */
    IX_INPUT_FILE      /* one document extracted by ex_extract(): web page, PDF,
                          office file, image */
} ix_input_kind;

typedef struct ix_input {
    char *path;        /* to open; "-" is standard input */
    char *id;          /* document files: the path relative to the folder given */
    ix_input_kind kind;
    ix_format format;
    ex_format ex;      /* IX_INPUT_FILE: what to extract it as */
    uint64_t size;     /* bytes on disk; 0 when unknown */
    int64_t mtime;     /* last modification, ns since the epoch; 0 when unknown */
    ix_folder_conf folder; /* document files and JSON Lines files in a folder: the
                              .tracuu settings that apply (JSON Lines: access only) */
    char *sync_term;   /* set by sync.h for a file of a synced folder: the term
                          that lists it there; NULL otherwise */
} ix_input;

/* A file or folder of a folder that was passed over, and why (for the run to
 * report as "PATH: skipped: WHY"). */
typedef struct ix_skip {
    char *path;
    char why[320]; /* a tr_error message (256) and strerror() fit */
    int unreadable; /* it could not be read, and may still hold documents (a sync keeps
                       theirs); 0 for what is passed over by rule (a link out) */
} ix_skip;

typedef struct ix_inputs {
    ix_input *v;
    size_t n, cap;
    int ocr;             /* set before walking: images are inputs only with OCR on */
    int follow_symlinks; /* set before walking: links out of a folder are followed */
    ix_skip *skips;      /* links out of the folder and what could not be read,
                            passed over */
    size_t nskips, skips_cap;
} ix_inputs;

/* Appends the inputs found at `path`. Fails with TR_EIO (naming the path) when it
 * cannot be read. What cannot be read under a folder given (a folder or its
 * .tracuu that cannot be opened, an entry gone while the folder is listed) is passed
 * over and listed in `skips`: the rest of the folder is still indexed. */
int ix_walk(ix_inputs *list, const char *path, tr_error *err);

/* Sum of the sizes; *unknown is set to 1 when some size is not known. */
uint64_t ix_inputs_size(const ix_inputs *list, int *unknown);

/* Frees the list's contents and empties it. */
void ix_inputs_clear(ix_inputs *list);

#endif
