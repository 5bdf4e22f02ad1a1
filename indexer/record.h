/* record: one input document, checked and taken apart.
 *
 * A record comes from a JSON Lines line (the corpus format: id, type, title, date,
 * source, body, and any other fields, which are kept; a spreadsheet row arrives as
 * such a line, table.h) or from a .txt/.md file. This module decides what is
 * acceptable (a task's own fields by task.h) and says why not in plain words that
 * name no document text ("missing id", "invalid UTF-8", ...); it does not index
 * anything (document.h does).
 */
#ifndef IX_RECORD_H
#define IX_RECORD_H

#include <stddef.h>

#include <jansson.h>

#include "tr_error.h"
#include "vn_legacy.h"

#define IX_ID_MAX 200   /* bytes; "Q" + id must stay well under Xapian's term limit */
#define IX_TYPE_MAX 32
#define IX_ACCESS_MAX 16

typedef struct ix_record {
    json_t *root;          /* the whole record, owned; every field kept */
    /* The fields below point into `root` (or into the record) and live as long as
     * it does. Absent or null text fields are "". */
    const char *id;
    size_t id_len;
    char type[IX_TYPE_MAX + 1]; /* lower case ASCII */
    const char *title;
    size_t title_len;
    const char *body;
    size_t body_len;
    char date[9];          /* "YYYYMMDD", or "" when the record has no date */
    char year[5];          /* "YYYY", or "" */
    const char *doc_number; /* a legal text's own number, or NULL */
    size_t doc_number_len;
    /* Who may see it (docs/security.md): VN_ACCESS_PUBLIC or VN_ACCESS_INTERNAL, from
     * the record's "access" field, else public until ix_record_default_access(). */
    char access[IX_ACCESS_MAX + 1];
    int access_given; /* the record named its level */
} ix_record;

/* The code of an access level as a record, a spreadsheet cell, a .tracuu line or
 * --access names it: "public" or "internal", or in Vietnamese "công khai" or "nội
 * bộ", in any case and with or without diacritics. NULL for any other name: an
 * unknown level is refused rather than guessed, since guessing public would
 * publish what its author meant to restrict. */
const char *ix_access_level(const char *name, size_t len);

/* Gives a record that named no access level the level `level` (a code of
 * ix_access_level(); NULL or public: nothing changes), in rec->access and in the
 * stored record's "access" field. 0, or TR_ENOMEM. */
int ix_record_default_access(ix_record *rec, const char *level, tr_error *err);

/* 0 when `type` is acceptable as a document type (1 to 32 letters, digits, '-' or
 * '_'), TR_EINVAL otherwise. */
int ix_record_check_type(const char *type, tr_error *err);

/* 1 when the line holds only white space (such lines are not records). */
int ix_record_blank(const char *line, size_t len);

/* Parses and checks one JSON Lines record. An "access" field must name a level
 * (ix_access_level()), which is stored as its code. `default_type` is used when the record
 * has no "type" (and is then added to it). On failure returns TR_EINVAL with the
 * reason as the message, and *rec is empty. Call ix_record_clear() after success. */
int ix_record_parse(ix_record *rec, const char *line, size_t len, const char *default_type,
                    tr_error *err);

/* Reads the text fields of a parsed record (every string at the top level but id,
 * type and date) as `enc` says. JSON is UTF-8, so a legacy encoding can only
 * arrive as VIQR or as mojibake (vn_legacy.h). VN_ENC_AUTO detects on the title
 * and the start of the body together, since a title alone is too short to decide,
 * then converts each field that reads better so; another encoding converts every
 * field; VN_ENC_UTF8 does nothing. *from and *flags receive what the record was
 * read as (VN_ENC_UTF8 when nothing changed). On failure (out of memory) *rec is
 * cleared. */
int ix_record_decode(ix_record *rec, vn_encoding enc, vn_encoding *from, unsigned *flags,
                     tr_error *err);

/* Makes a record from a text file: id as given, title its first non-empty line
 * (trimmed; for markdown without the leading '#'s), body the rest, date null,
 * source "file". Failures as ix_record_parse(). */
int ix_record_from_text(ix_record *rec, const char *id, const char *text, size_t len,
                        int markdown, const char *type, tr_error *err);

/* Makes a record of a JSON object already parsed (a document extracted by ex.h):
 * takes over the caller's reference to `root` in every case, and checks it as
 * ix_record_parse() does, `default_type` going to a record without "type".
 * Failures as ix_record_parse(). */
int ix_record_from_json(ix_record *rec, json_t *root, const char *default_type,
                        tr_error *err);

/* The stored form of the record: compact JSON, UTF-8 (not escaped to ASCII), every
 * field in its original order. malloc()ed; NULL when out of memory. */
char *ix_record_dump(const ix_record *rec, size_t *len);

/* Frees what the record owns and empties it; an empty record is fine. */
void ix_record_clear(ix_record *rec);

#endif
