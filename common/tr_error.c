/* tr_error: see tr_error.h. */
#include "tr_error.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>

void tr_error_clear(tr_error *err)
{
    if (!err)
        return;
    err->code = TR_OK;
    err->message[0] = '\0';
}

int tr_error_set(tr_error *err, int code, const char *fmt, ...)
{
    if (!err || err->code != TR_OK)
        return code;
    err->code = code;
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(err->message, sizeof err->message, fmt, ap);
    va_end(ap);
    return code;
}

void tr_error_index_damaged(tr_error *err, const char *path)
{
    if (!err || err->code != TR_EDAMAGED)
        return;
    tr_error was = *err;
    tr_error_clear(err);
    tr_error_set(err, TR_EDAMAGED,
                 "%s: the index is damaged or unreadable: xapian-check %s, then restore a "
                 "backup or rebuild (docs/operations.md); %s",
                 path, path, was.message);
}

const char *tr_error_name(int code)
{
    switch (code) {
    case TR_OK: return "no error";
    case TR_ENOMEM: return "out of memory";
    case TR_EINVAL: return "invalid input";
    case TR_EIO: return "input/output error";
    case TR_ENOTFOUND: return "not found";
    case TR_EXAPIAN: return "index error";
    case TR_EICU: return "text analysis error";
    case TR_ELIMIT: return "limit exceeded";
    case TR_EUNAVAILABLE: return "unavailable";
    case TR_EMODIFIED: return "index changed";
    case TR_EDAMAGED: return "index damaged";
    default: return "internal error";
    }
}

void *tr_error_calloc(size_t size, tr_error *err)
{
    void *p = calloc(1, size);
    if (!p)
        tr_error_set(err, TR_ENOMEM, "out of memory");
    return p;
}
