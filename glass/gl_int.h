/* gl_int.h: what the files of glass/ share beyond their public headers. */
#ifndef GL_INT_H
#define GL_INT_H

#include <pthread.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

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

/* ---- The builder's state (gl_build.c adds, gl_run.c spills, gl_merge.c and
 * gl_finish.c write) -------------------------------------------------------- */

typedef struct gl_termrec {
    uint64_t name; /* offset in names */
    uint32_t len;
} gl_termrec;

typedef struct gl_posting {
    uint32_t tid, did, wdf;
    uint32_t pos; /* offset of the encoded positions in `positions`, 0: none */
} gl_posting;

/* The postings of the documents added since the last spill: a term dictionary
 * (open addressing over `terms`; a slot holds the top 32 bits of the name's hash
 * over the id + 1, 0 when free) and flat postings. */
typedef struct gl_part {
    gl_termrec *terms;
    size_t nterms, terms_cap;
    uint64_t *table;
    size_t table_cap;
    char *names;
    size_t names_len, names_cap;
    gl_posting *posts;
    size_t nposts, posts_cap;
    gl_buf positions; /* per posting with positions: pack_uint length, then the list */
} gl_part;

/* A value slot in use: its values go to RUNS/slot-N as they come (gl_values.c). */
typedef struct gl_slotvals {
    unsigned slot;
    FILE *f;
    char path[4096];
} gl_slotvals;

typedef struct gl_item { /* user metadata: an item of the postlist's "\0\xc0" keys */
    gl_buf key, tag;
} gl_item;

struct gl_build {
    char *dir, *runs;
    size_t memory;        /* bytes of postings held before a spill */
    gl_table *termlist, *docdata;
    uint32_t ndocs;
    uint32_t *doclens;
    size_t doclens_cap;
    gl_stats st;
    gl_part part;         /* being filled */
    /* The part before, being spilled on a thread of its own while documents go into
     * the next: sorting and writing it is a serial stretch. Once written, its memory
     * becomes the next part's: fresh memory costs a page fault every 4 kB. */
    gl_part spill;
    uint64_t *hashes;     /* the document being added: its terms' hashes, ids */
    uint32_t *ids;
    size_t hashes_cap;
    pthread_t spiller;
    int spilling, spill_rc;
    tr_error spill_err;
    unsigned nruns;       /* runs spilled (or being spilled) */
    /* RUNS/docs: each document's termlist and docdata tags, packed (gl_table_pack),
     * written to their tables at the end without the documents left out. */
    FILE *docs;
    char docs_path[4096];
    uint64_t *dropped;    /* docids left out (replaced), one bit each */
    size_t dropped_cap;   /* words */
    uint32_t ndropped;
    gl_slotvals *slots;
    size_t nslots, slots_cap;
    gl_item *items;       /* user metadata */
    size_t nitems, items_cap;
    gl_buf tag;           /* scratch */
    int failed;
};

/* Adds an item of the postlist's \0 keys, taking over the buffers (left empty): 0,
 * or -1 when out of memory. */
int gl_build_push_item(gl_build *b, gl_buf *key, gl_buf *tag);

/* The kinds of tag in the docs file: the termlist (key: the docid), the slots the
 * values use (termlist table, key: the docid and a NUL), the data (docdata table). */
enum { DOC_TERMLIST, DOC_SLOTS, DOC_DATA };

/* Whether the document was left out (gl_build_drop). */
static inline int gl_build_dropped(const gl_build *b, uint32_t did)
{
    size_t w = did / 64;
    return w < b->dropped_cap && (b->dropped[w] >> (did % 64) & 1);
}

/* Appends a document's values to their slots' files. */
int gl_values_add(gl_build *b, uint32_t did, const gl_value *v, size_t n, tr_error *err);
/* Writes the value statistics and stream chunks of the documents kept into the
 * postlist table (their keys come after the metadata's, before the lengths'). */
int gl_values_write(gl_build *b, gl_table *post, tr_error *err);
void gl_values_free(gl_build *b);

/* Creates the table DIR/NAME.glass of the database being written (gl_table_create). */
int gl_build_table(gl_build *b, const char *name, uint32_t cmin, gl_table **t, tr_error *err);

/* Records a failure for want of memory. */
int gl_build_oom(gl_build *b, tr_error *err);

/* The path of a file of the runs folder: RUNS/NAME or RUNS/NAME-K. */
void gl_run_path(char *buf, size_t cap, const gl_build *b, const char *name, unsigned k);

/* Appends v as pack_uint to a run or scratch file. */
void gl_run_put_uint(FILE *f, uint64_t v);

/* Writes a part's postings as run k: RUNS/post-K (per term in byte order: name, tf,
 * cf, then each posting's docid gap and wdf) and RUNS/pos-K (per term with
 * positions: name, count, then each posting's docid and packed positions). */
int gl_run_write(const gl_build *b, const gl_part *p, unsigned k, tr_error *err);

/* Hands the part being filled over to be written as the next run, on a thread of its
 * own unless `wait` (then on this one), once the run before is written; the builder
 * goes on with an empty part. A failure is this call's or the next one's. */
int gl_run_spill(gl_build *b, int wait, tr_error *err);

/* Waits for the run being written, if one is; its failure is this call's. */
int gl_run_wait(gl_build *b, tr_error *err);

void gl_part_free(gl_part *p);

/* Reads a run (or the docs or a slot file) back, through a buffer of its own: the
 * merge reads two numbers a posting, which stdio's per-call locking and checks made
 * a fifth of its time. */
typedef struct gl_run_reader {
    int fd, own_fd;
    uint64_t off;       /* of the file, where the next read starts */
    unsigned char *buf;
    size_t at, end;     /* buf[at .. end) not read yet */
    char path[4096];
    unsigned k;         /* the run's number: runs of a term merge in this order */
    char name[256];     /* the current term */
    uint32_t len;
    uint64_t prefix;    /* the name's first 8 bytes, big-endian: most comparisons */
    uint64_t a, b;      /* post: tf and cf; pos: the count, and 0 */
    int eof;            /* no term left */
} gl_run_reader;

/* Opens run k's file `what` ("post" or "pos") and reads its first term. */
int gl_run_open(gl_run_reader *r, const gl_build *b, const char *what, unsigned k,
                tr_error *err);
/* A reader of the file open as fd (not closed by gl_run_close), from its start. */
int gl_run_attach(gl_run_reader *r, int fd, const char *path, tr_error *err);
/* Reads the next term's name and counts, once the current one's postings are read;
 * eof is set when there is none. */
int gl_run_next(gl_run_reader *r, int post, tr_error *err);
/* Refills the buffer when it is empty: afterwards r->at == r->end means the end. */
int gl_run_fill(gl_run_reader *r, tr_error *err);
/* One byte, n bytes (into a buffer, reset first), one number (pack_uint): 0, or
 * TR_EIO with err set (cut short). */
int gl_run_byte(gl_run_reader *r, int *c, tr_error *err);
int gl_run_bytes(gl_run_reader *r, gl_buf *out, uint64_t n, tr_error *err);
int gl_run_uint_slow(gl_run_reader *r, uint64_t *v, tr_error *err);
static inline int gl_run_uint(gl_run_reader *r, uint64_t *v, tr_error *err)
{
    if (r->end - r->at < 10)
        return gl_run_uint_slow(r, v, err);
    const unsigned char *p = r->buf + r->at;
    uint64_t n = 0;
    for (int shift = 0; shift < 63; shift += 7) {
        n |= (uint64_t)(*p & 0x7f) << shift;
        if (!(*p++ & 0x80)) {
            r->at = (size_t)(p - r->buf);
            *v = n;
            return 0;
        }
    }
    return gl_run_uint_slow(r, v, err);
}
void gl_run_close(gl_run_reader *r);

/* Writes the postlist table (metadata, values, document lengths, then the runs'
 * postings term by term), on a second thread the position table from the runs, and
 * on a third the termlist and docdata tables from the docs file, each without the
 * documents left out, and finishes them (gl_table_finish: synced) into roots. */
int gl_merge(gl_build *b, gl_table *post, gl_table *pos, gl_root roots[GL_TABLES],
             tr_error *err);

#endif
