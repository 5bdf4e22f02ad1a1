/* gl_table: one glass B-tree table written in a single pass, keys in ascending order.
 *
 * A new database is written whole, so each table (postlist, termlist, position,
 * docdata) is built the way Xapian's compactor builds one: leaf blocks filled in key
 * order, the branch levels above them made as the leaves are written, no free list,
 * one revision. The format is Xapian 1.4's glass (backends/glass/glass_table.*):
 * blocks of GL_BLOCKSIZE bytes with an 11-byte header and a directory of item
 * offsets; a tag longer than fits in a block is split into components. Tags of a
 * table opened with compression are deflated (raw deflate, as glass's CompressionStream)
 * when that makes them shorter. gl_version_write() then names the tables' roots and
 * the database's statistics in the version file, which is what makes it a database.
 */
#ifndef GL_TABLE_H
#define GL_TABLE_H

#include <stddef.h>
#include <stdint.h>

#include "tr_error.h"

#define GL_BLOCKSIZE 8192u /* glass's default */

/* What the version file says of one table (glass's RootInfo). */
typedef struct gl_root {
    uint32_t root;        /* block number of the root */
    unsigned level;       /* 0: the root is a leaf */
    uint64_t num_entries; /* items (keys) in the table */
    int root_is_fake;     /* an empty table */
    unsigned blocksize;
    uint32_t compress_min; /* 0: tags not compressed */
    uint32_t nblocks;      /* blocks in the file (glass's first_unused_block), 0 if none */
} gl_root;

typedef struct gl_table gl_table;

/* Creates the file `path` (which must not exist) for a table. compress_min: deflate
 * tags longer than this many bytes when it makes them shorter (Xapian 1.4.22 uses 18,
 * its COMPRESS_MIN, for the docdata, termlist, spelling and synonym tables, and reads
 * a stored 4 as 18), 0 for none (postlist, position). NULL with err filled on failure. */
gl_table *gl_table_create(const char *path, uint32_t compress_min, tr_error *err);

/* Adds one item. Keys must be strictly ascending in byte order (shorter first when one
 * is a prefix of the other), 1 to 255 bytes (TR_EINVAL otherwise); tags up to 65535
 * components of about 2 KB (TR_ELIMIT). Any failure fails the table: later adds and
 * gl_table_finish() fail too. Glass itself never stores an empty tag for user metadata
 * or document data (xapian-check calls those errors): leave such items out. */
int gl_table_add(gl_table *t, const void *key, size_t key_len, const void *tag,
                 size_t tag_len, tr_error *err);

/* What gl_table_add stores for a tag: deflated when the table compresses and that
 * makes it shorter (*compressed 1, *out in a buffer of t's valid until the next call),
 * else the tag itself. For writing the tag elsewhere first, then gl_table_add_packed. */
int gl_table_pack(gl_table *t, const void *tag, size_t tag_len, const void **out,
                  size_t *out_len, int *compressed, tr_error *err);

/* gl_table_add for a tag already as gl_table_pack gave it. */
int gl_table_add_packed(gl_table *t, const void *key, size_t key_len, const void *data,
                        size_t len, int compressed, tr_error *err);

/* Writes the last blocks, syncs and closes the file, and fills *root. An empty table
 * is valid: a fake root and an empty file. Glass opens the postlist and termlist
 * tables' files even then; the docdata, position, spelling and synonym tables are
 * lazy, their files may be absent. */
int gl_table_finish(gl_table *t, gl_root *root, tr_error *err);

/* Frees the table; a table not finished leaves its file incomplete (the caller removes
 * the folder it was building). */
void gl_table_free(gl_table *t);

/* The tables of a glass database, in glass's order (Glass::table_type). */
enum { GL_POSTLIST, GL_DOCDATA, GL_TERMLIST, GL_POSITION, GL_SPELLING, GL_SYNONYM, GL_TABLES };

/* The database's statistics, kept in the version file. */
typedef struct gl_stats {
    uint32_t doccount;
    uint64_t total_doclen;
    uint32_t last_docid;
    uint32_t doclen_lbound, doclen_ubound; /* smallest and greatest document length */
    uint32_t wdf_ubound;                   /* greatest wdf of any term in any document */
    uint32_t spelling_wordfreq_ubound;
} gl_stats;

/* Writes DIR/iamglass (revision 1, a fresh UUID) naming roots[GL_TABLES] (a table not
 * written: root_is_fake with blocksize GL_BLOCKSIZE) and *stats, synced and renamed into
 * place last: until it exists DIR is no database. */
int gl_version_write(const char *dir, const gl_root roots[GL_TABLES], const gl_stats *stats,
                     tr_error *err);

#endif
