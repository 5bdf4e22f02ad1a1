/* reader: the lines of a JSON Lines input, whatever its container.
 *
 * Reads plain files, zstd (.zst, any number of frames) and gzip (.gz) files and
 * standard input, and cuts them into records on '\n' only: U+2028 and U+2029 are
 * legal raw inside JSON strings and are not line ends. A trailing '\r' is left in
 * the line (JSON treats it as white space). Lines may be huge; the buffer grows up
 * to a cap, and a longer line is skipped whole and reported as such, so that one bad
 * record does not cost the rest of the file.
 *
 * It knows nothing of JSON: record.h turns lines into records.
 */
#ifndef IX_READER_H
#define IX_READER_H

#include <stddef.h>
#include <stdint.h>

#include "tr_error.h"

typedef enum ix_format {
    IX_FORMAT_PLAIN,
    IX_FORMAT_ZSTD,
    IX_FORMAT_GZIP
} ix_format;

typedef struct ix_reader ix_reader;

typedef enum ix_line_status {
    IX_LINE_OK,       /* text/len hold the line, without its '\n' */
    IX_LINE_TOO_LONG, /* the line was longer than the cap and was discarded */
    IX_LINE_EOF       /* no more lines */
} ix_line_status;

typedef struct ix_line {
    ix_line_status status;
    const char *text; /* valid until the next call; NULL unless IX_LINE_OK */
    size_t len;       /* bytes of the line (for TOO_LONG: the bytes discarded) */
    uint64_t lineno;  /* 1-based */
} ix_line;

/* Guesses the format from the name: ".zst" and ".gz" endings, plain otherwise. */
ix_format ix_format_of(const char *path);

/* Opens `path` ("-" is standard input, always read as plain text) for reading
 * lines of at most `max_line` bytes. NULL with TR_EIO (and the system's reason)
 * when it cannot be opened, TR_ENOMEM when out of memory. */
ix_reader *ix_reader_open(const char *path, ix_format format, size_t max_line, tr_error *err);

/* Closes the input; NULL does nothing. Standard input is not closed. */
void ix_reader_free(ix_reader *r);

/* Reads the next line into *line. Returns 0, or TR_EIO on a read or decompression
 * error (a truncated .zst or .gz file, say), after which the reader only reports
 * EOF. Out of memory gives TR_ENOMEM. */
int ix_reader_next(ix_reader *r, ix_line *line, tr_error *err);

/* Bytes taken from the file so far (compressed bytes for .zst and .gz), for
 * progress against the file's size. */
uint64_t ix_reader_disk_bytes(const ix_reader *r);

/* Reads a whole file of at most `max` bytes into a malloc()ed, NUL-terminated
 * buffer. A larger file gives TR_ELIMIT and no buffer; other failures TR_EIO or
 * TR_ENOMEM. */
int ix_read_file(const char *path, size_t max, char **out, size_t *len, tr_error *err);

#endif
