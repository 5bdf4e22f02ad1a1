/* gl_int.h: what the files of glass/ share beyond their public headers. */
#ifndef GL_INT_H
#define GL_INT_H

#include <stddef.h>
#include <stdint.h>

#include "gl_build.h"
#include "gl_pack.h"
#include "gl_table.h"

/* Glass's postlist and value-stream chunks are cut when their entries reach this many
 * bytes (CHUNKSIZE in glass_postlist.cc, CHUNK_SIZE_THRESHOLD in glass_values.cc). */
#define GL_CHUNK 2000u
/* Glass's COMPRESS_MIN: tags of the docdata and termlist tables longer than this are
 * deflated when that makes them shorter. */
#define GL_COMPRESS_MIN 18u

/* Appends a position list as GlassPositionListTable::pack writes it: the last
 * position, then (for two or more) the first, the count and the rest by binary
 * interpolative coding (common/bitstream.cc). pos: ascending, distinct, n >= 1. */
void gl_positions_pack(gl_buf *b, const uint32_t *pos, uint32_t n);

/* ---- The builder's state (gl_build.c adds, gl_finish.c writes) ---------- */

typedef struct gl_termrec {
    uint64_t name; /* offset in names */
    uint32_t len;
    uint32_t tf;   /* documents */
    uint64_t cf;   /* wdf summed */
} gl_termrec;

typedef struct gl_posting {
    uint32_t tid, did, wdf;
    uint32_t pos; /* offset of the encoded positions in `positions`, 0: none */
} gl_posting;

typedef struct gl_slotvals {
    unsigned slot;
    uint32_t freq;
    gl_buf lo, hi;      /* the bounds */
    gl_buf chunk;       /* the stream chunk being filled */
    uint32_t first, prev; /* its first docid, the last docid in it */
} gl_slotvals;

typedef struct gl_item { /* a postlist item of the \0 keys: metadata, values */
    gl_buf key, tag;
} gl_item;

struct gl_build {
    char *dir;
    gl_table *termlist, *docdata;
    uint32_t ndocs;
    uint32_t *doclens;
    size_t doclens_cap;
    gl_stats st;
    gl_termrec *terms;
    size_t nterms, terms_cap;
    uint32_t *table; /* term id + 1; 0 free */
    size_t table_cap;
    char *names;
    size_t names_len, names_cap;
    gl_posting *posts;
    size_t nposts, posts_cap;
    gl_buf positions;  /* per posting with positions: pack_uint length, then the list */
    gl_slotvals *slots;
    size_t nslots, slots_cap;
    gl_item *items;       /* finished value chunks and metadata */
    size_t nitems, items_cap;
    gl_buf tag, key;   /* scratch */
    int failed;
};

/* Adds an item of the postlist's \0 keys, taking over the buffers (left empty): 0,
 * or -1 when out of memory. */
int gl_build_push_item(gl_build *b, gl_buf *key, gl_buf *tag);

/* Ends the stream chunk a slot is filling, as an item of the postlist table: 0, or
 * -1 when out of memory. */
int gl_build_end_chunk(gl_build *b, gl_slotvals *s);

/* Creates the table DIR/NAME.glass of the database being written (gl_table_create). */
int gl_build_table(gl_build *b, const char *name, uint32_t cmin, gl_table **t, tr_error *err);

/* Records a failure for want of memory. */
int gl_build_oom(gl_build *b, tr_error *err);

#endif
