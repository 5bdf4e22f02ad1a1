/* tr_error: the error record every tracuu module fills.
 *
 * Functions that can fail return int (0 on success, a TR_E* code otherwise) and
 * take a caller-owned `tr_error *`. The first error recorded wins: later calls to
 * tr_error_set() on the same record are ignored, so the message that reaches the
 * user names the root cause, not its consequences (SQLite's sticky rc, RediSearch's
 * QueryError). Passing NULL for the record is allowed and discards the message.
 *
 * Messages are plain words for an operator. Do not paste user data (queries,
 * document text) into them: they end up in logs.
 */
#ifndef TR_ERROR_H
#define TR_ERROR_H

#include <stddef.h>

#ifdef __cplusplus
extern "C" {
#endif

enum {
    TR_OK = 0,
    TR_ENOMEM,    /* out of memory */
    TR_EINVAL,    /* bad argument or bad input (invalid UTF-8, malformed JSON, ...) */
    TR_EIO,       /* file or network failure */
    TR_ENOTFOUND, /* no such document, term or file */
    TR_EXAPIAN,   /* libxapian reported an error (database locked, corrupt, ...) */
    TR_EICU,      /* ICU reported an error */
    TR_ELIMIT,    /* a size or count limit was exceeded */
    TR_EINTERNAL, /* a bug: an invariant did not hold */
    TR_EUNAVAILABLE, /* a shard or the index cannot be reached; retry later */
    TR_EMODIFIED,    /* the index changed under a read: the revision it was reading was
                        discarded by the writer; read again from the newest */
    TR_EDAMAGED      /* the index is damaged or unreadable (corrupt blocks, missing
                        files, a format this Xapian cannot read): tr_error_index_damaged() */
};

typedef struct tr_error {
    int code;          /* TR_OK while no error has been recorded */
    char message[256]; /* NUL-terminated, empty while code == TR_OK */
} tr_error;

/* Resets the record to "no error". */
void tr_error_clear(tr_error *err);

/* Records an error unless one is already recorded. Returns `code` so callers
 * can write `return tr_error_set(err, TR_EINVAL, "...")`. `err` may be NULL. */
int tr_error_set(tr_error *err, int code, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));

/* When err holds TR_EDAMAGED, rewrites its message for an operator: the index's
 * path and the next step first ("PATH: the index is damaged or unreadable:
 * xapian-check PATH, then restore a backup or rebuild (docs/operations.md)"), then
 * Xapian's words, cut where the message ends. Any other error is left as it is. */
void tr_error_index_damaged(tr_error *err, const char *path);

/* One zeroed object of `size` bytes (calloc()), or NULL with TR_ENOMEM, "out of
 * memory", recorded: the first step of the constructors that fail with NULL. */
void *tr_error_calloc(size_t size, tr_error *err);

/* A short name for a code ("out of memory", "invalid input", ...). */
const char *tr_error_name(int code);

#ifdef __cplusplus
}
#endif

#endif
