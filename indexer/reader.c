/* reader: see reader.h. A byte source (plain, zstd, gzip) under one growable line
 * buffer. */
#include "reader.h"

#include <errno.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <zlib.h>
#include <zstd.h>

/* Big enough that a read is rarely shorter than a typical record, small enough
 * to stay in cache while it is scanned for '\n'. */
#define CHUNK (256u * 1024u)

struct ix_reader {
    ix_format format;
    FILE *fp;   /* plain and zstd input */
    int is_stdin;
    gzFile gz;
    ZSTD_DCtx *zd;
    ZSTD_inBuffer zin;
    unsigned char *zbuf;
    size_t zret;      /* ZSTD_decompressStream()'s last real result: 0 at a frame end */
    int zeof;         /* no more compressed input */
    uint64_t disk;    /* bytes taken from the file */

    char *buf;        /* holds buf[start, end) not yet returned */
    size_t cap, start, end, scan;
    size_t max_line;
    uint64_t lineno;
    int eof;          /* the source is exhausted */
    int failed;
};

ix_format ix_format_of(const char *path)
{
    size_t n = strlen(path);
    if (n >= 4 && strcmp(path + n - 4, ".zst") == 0)
        return IX_FORMAT_ZSTD;
    if (n >= 3 && strcmp(path + n - 3, ".gz") == 0)
        return IX_FORMAT_GZIP;
    return IX_FORMAT_PLAIN;
}

ix_reader *ix_reader_open(const char *path, ix_format format, size_t max_line, tr_error *err)
{
    ix_reader *r = calloc(1, sizeof *r);
    if (!r) {
        tr_error_set(err, TR_ENOMEM, "out of memory opening %s", path);
        return NULL;
    }
    r->is_stdin = strcmp(path, "-") == 0;
    r->format = r->is_stdin ? IX_FORMAT_PLAIN : format;
    r->max_line = max_line;
    r->cap = CHUNK;
    r->buf = malloc(r->cap);
    if (!r->buf)
        goto nomem;
    if (r->format == IX_FORMAT_GZIP) {
        r->gz = gzopen(path, "rb");
        if (!r->gz) {
            tr_error_set(err, TR_EIO, "cannot open %s: %s", path,
                         errno ? strerror(errno) : "out of memory");
            ix_reader_free(r);
            return NULL;
        }
        gzbuffer(r->gz, CHUNK);
        return r;
    }
    r->fp = r->is_stdin ? stdin : fopen(path, "rb");
    if (!r->fp) {
        tr_error_set(err, TR_EIO, "cannot open %s: %s", path, strerror(errno));
        ix_reader_free(r);
        return NULL;
    }
    if (r->format == IX_FORMAT_ZSTD) {
        r->zd = ZSTD_createDCtx();
        r->zbuf = malloc(ZSTD_DStreamInSize());
        if (!r->zd || !r->zbuf)
            goto nomem;
        r->zin.src = r->zbuf;
    }
    return r;
nomem:
    tr_error_set(err, TR_ENOMEM, "out of memory opening %s", path);
    ix_reader_free(r);
    return NULL;
}

void ix_reader_free(ix_reader *r)
{
    if (!r)
        return;
    if (r->gz)
        gzclose(r->gz);
    if (r->fp && !r->is_stdin)
        fclose(r->fp);
    ZSTD_freeDCtx(r->zd);
    free(r->zbuf);
    free(r->buf);
    free(r);
}

uint64_t ix_reader_disk_bytes(const ix_reader *r)
{
    return r->disk;
}

static int read_zstd(ix_reader *r, char *dst, size_t cap, size_t *got, tr_error *err)
{
    ZSTD_outBuffer out = {dst, cap, 0};
    for (;;) {
        if (r->zin.pos == r->zin.size && !r->zeof) {
            size_t n = fread(r->zbuf, 1, ZSTD_DStreamInSize(), r->fp);
            if (n == 0 && ferror(r->fp))
                return tr_error_set(err, TR_EIO, "read error: %s", strerror(errno));
            r->zeof = n == 0;
            r->zin.size = n;
            r->zin.pos = 0;
            r->disk += n;
        }
        size_t in_before = r->zin.pos;
        size_t ret = ZSTD_decompressStream(r->zd, &out, &r->zin);
        if (ZSTD_isError(ret))
            return tr_error_set(err, TR_EIO, "zstd: %s", ZSTD_getErrorName(ret));
        /* Without input, the result is a hint for the next frame's size, not the
         * state of the last one: keep only results of calls that did something. */
        if (out.pos > 0 || r->zin.pos > in_before)
            r->zret = ret;
        if (out.pos > 0)
            break;
        if (r->zeof && r->zin.pos == r->zin.size) {
            /* A stream that stops inside a frame is a truncated file, not an
             * early end to accept silently. */
            if (r->zret != 0)
                return tr_error_set(err, TR_EIO, "truncated zstd data");
            break;
        }
    }
    *got = out.pos;
    return 0;
}

static int read_gzip(ix_reader *r, char *dst, size_t cap, size_t *got, tr_error *err)
{
    int n = gzread(r->gz, dst, cap > INT_MAX ? INT_MAX : (unsigned)cap);
    if (n < 0) {
        int code;
        const char *msg = gzerror(r->gz, &code);
        return tr_error_set(err, TR_EIO, "gzip: %s", code == Z_ERRNO ? strerror(errno) : msg);
    }
    /* zlib reports a gzip member cut short as a plain EOF with an error set. */
    if (n == 0) {
        int code;
        const char *msg = gzerror(r->gz, &code);
        if (code != Z_OK && code != Z_STREAM_END)
            return tr_error_set(err, TR_EIO, "gzip: %s", msg);
    }
    long off = gzoffset(r->gz);
    if (off > 0)
        r->disk = (uint64_t)off;
    *got = (size_t)n;
    return 0;
}

/* read(2), not fread(): on a pipe fread() waits for a whole chunk, and records
 * trickling in from a slow producer would wait with it. */
static int read_plain(ix_reader *r, char *dst, size_t cap, size_t *got, tr_error *err)
{
    ssize_t n;
    do
        n = read(fileno(r->fp), dst, cap);
    while (n < 0 && errno == EINTR);
    if (n < 0)
        return tr_error_set(err, TR_EIO, "read error: %s", strerror(errno));
    r->disk += (uint64_t)n;
    *got = (size_t)n;
    return 0;
}

/* Appends the next bytes of the source after buf[end]; sets eof when none came. */
static int fill(ix_reader *r, tr_error *err)
{
    size_t got = 0;
    int rc;
    switch (r->format) {
    case IX_FORMAT_ZSTD: rc = read_zstd(r, r->buf + r->end, r->cap - r->end, &got, err); break;
    case IX_FORMAT_GZIP: rc = read_gzip(r, r->buf + r->end, r->cap - r->end, &got, err); break;
    default: rc = read_plain(r, r->buf + r->end, r->cap - r->end, &got, err); break;
    }
    if (rc)
        return rc;
    if (got == 0)
        r->eof = 1;
    r->end += got;
    return 0;
}

/* Makes room for at least CHUNK more bytes: first by moving the unread part to
 * the front, then by growing, never much past max_line. */
static int make_room(ix_reader *r, tr_error *err)
{
    if (r->start > 0) {
        memmove(r->buf, r->buf + r->start, r->end - r->start);
        r->end -= r->start;
        r->scan -= r->start;
        r->start = 0;
    }
    if (r->cap - r->end >= CHUNK)
        return 0;
    size_t ncap = r->cap * 2;
    if (ncap > r->max_line + 2 * CHUNK)
        ncap = r->max_line + 2 * CHUNK;
    if (ncap < r->end + CHUNK)
        ncap = r->end + CHUNK;
    char *nbuf = realloc(r->buf, ncap);
    if (!nbuf)
        return tr_error_set(err, TR_ENOMEM, "out of memory reading a line");
    r->buf = nbuf;
    r->cap = ncap;
    return 0;
}

/* Discards the rest of an over-long line; buf[start, end) is already part of it. */
static int discard_line(ix_reader *r, ix_line *line, tr_error *err)
{
    uint64_t dropped = r->end - r->start;
    r->start = r->end = r->scan = 0;
    for (;;) {
        if (r->eof)
            break;
        int rc = fill(r, err);
        if (rc)
            return rc;
        char *nl = memchr(r->buf, '\n', r->end);
        if (nl) {
            dropped += (size_t)(nl - r->buf);
            r->start = r->scan = (size_t)(nl - r->buf) + 1;
            break;
        }
        dropped += r->end;
        r->end = 0;
    }
    line->status = IX_LINE_TOO_LONG;
    line->len = dropped > SIZE_MAX ? SIZE_MAX : (size_t)dropped;
    return 0;
}

int ix_reader_next(ix_reader *r, ix_line *line, tr_error *err)
{
    memset(line, 0, sizeof *line);
    line->status = IX_LINE_EOF;
    if (r->failed)
        return 0;
    for (;;) {
        char *nl = memchr(r->buf + r->scan, '\n', r->end - r->scan);
        if (nl || (r->eof && r->start < r->end)) {
            size_t stop = nl ? (size_t)(nl - r->buf) : r->end;
            line->lineno = ++r->lineno;
            line->len = stop - r->start;
            if (line->len > r->max_line) {
                line->status = IX_LINE_TOO_LONG;
            } else {
                line->status = IX_LINE_OK;
                line->text = r->buf + r->start;
            }
            r->start = r->scan = nl ? stop + 1 : stop;
            return 0;
        }
        if (r->eof)
            return 0;
        r->scan = r->end;
        int rc = 0;
        if (r->end - r->start > r->max_line) {
            line->lineno = ++r->lineno;
            rc = discard_line(r, line, err);
            if (rc == 0)
                return 0;
        } else {
            rc = make_room(r, err);
            if (rc == 0)
                rc = fill(r, err);
        }
        if (rc) {
            r->failed = 1;
            memset(line, 0, sizeof *line);
            line->status = IX_LINE_EOF;
            line->lineno = r->lineno + 1;
            return rc;
        }
    }
}

int ix_read_file(const char *path, size_t max, char **out, size_t *len, tr_error *err)
{
    *out = NULL;
    *len = 0;
    FILE *fp = fopen(path, "rb");
    if (!fp)
        return tr_error_set(err, TR_EIO, "cannot open %s: %s", path, strerror(errno));
    size_t cap = 64 * 1024, n = 0;
    char *buf = malloc(cap + 1);
    int rc = 0;
    while (buf) {
        if (n == cap) {
            if (cap > max) {
                rc = tr_error_set(err, TR_ELIMIT, "record too large");
                break;
            }
            cap *= 2;
            char *nbuf = realloc(buf, cap + 1);
            if (!nbuf) {
                free(buf);
                buf = NULL;
                break;
            }
            buf = nbuf;
        }
        size_t got = fread(buf + n, 1, cap - n, fp);
        n += got;
        if (got == 0) {
            if (ferror(fp))
                rc = tr_error_set(err, TR_EIO, "read error in %s: %s", path, strerror(errno));
            break;
        }
    }
    fclose(fp);
    if (!buf)
        return tr_error_set(err, TR_ENOMEM, "out of memory reading %s", path);
    if (rc == 0 && n > max)
        rc = tr_error_set(err, TR_ELIMIT, "record too large");
    if (rc) {
        free(buf);
        return rc;
    }
    buf[n] = '\0';
    *out = buf;
    *len = n;
    return 0;
}
