/* gl_table: a glass B-tree written in one pass (gl_table.h).
 *
 * This replays what GlassTable::add does under xapian-compact's full compaction
 * (backends/glass/glass_table.cc, Xapian 1.4.22) for keys that only ever arrive in
 * ascending order: the same item layout, the same choice of where a long tag is cut
 * into components, the same block numbers (a block gets its number when it is
 * started, a new root after the sibling that made it), the same separator keys. The
 * result is the table xapian-compact would write from these items, which is what
 * xapian-check, readers and later writers already trust.
 */
#include "gl_table.h"

#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <libdeflate.h>

#define DIR_START 11
#define D2 2
#define X2 2
#define K1 1
#define I2 2
#define BLKNO 4 /* bytes of a block number in a branch item */
#define LEVELS 10 /* glass's BTREE_CURSOR_LEVELS: more is corruption to it */
#define REVISION 1u /* the revision of a new database (gl_version.c) */
/* glass's max_item_size with BLOCK_CAPACITY 4: at least 4 items fit in a block. */
#define MAX_ITEM ((GL_BLOCKSIZE - DIR_START - 4 * D2) / 4)
#define I_COMPRESSED 0x80
#define I_LAST 0x40
#define I_FIRST 0x20

typedef struct level {
    unsigned char *p; /* the block being filled */
    uint32_t n;       /* its block number */
} level;

struct gl_table {
    int fd;
    char *path;
    uint32_t compress_min;
    uint32_t next_block; /* glass's first_unused_block */
    uint64_t entries;
    int top;             /* the root's level */
    level lv[LEVELS];
    unsigned char prev_key[256];
    size_t prev_len;     /* 0: no key yet */
    unsigned char *item; /* one leaf item being formed */
    unsigned char *zbuf;    /* a deflated tag */
    size_t zcap;
    unsigned char *scratch; /* block_compact's copy */
    struct libdeflate_compressor *z;
    int failed;
};

static unsigned rd2(const unsigned char *p) { return (unsigned)p[0] << 8 | p[1]; }
static void wr2(unsigned char *p, unsigned v)
{
    p[0] = (unsigned char)(v >> 8);
    p[1] = (unsigned char)v;
}
static void wr4(unsigned char *p, uint32_t v)
{
    p[0] = (unsigned char)(v >> 24);
    p[1] = (unsigned char)(v >> 16);
    p[2] = (unsigned char)(v >> 8);
    p[3] = (unsigned char)v;
}

#define MAX_FREE(b) rd2((b) + 5)
#define TOTAL_FREE(b) rd2((b) + 7)
#define DIR_END(b) rd2((b) + 9)

static unsigned leaf_size(const unsigned char *it) { return (rd2(it) & 0x1fffu) + 3; }
static unsigned branch_size(const unsigned char *it) { return it[BLKNO] + K1 + X2 + BLKNO; }
static unsigned item_size(const unsigned char *b, const unsigned char *it)
{
    return b[4] ? branch_size(it) : leaf_size(it);
}

static void block_init(unsigned char *b, int lvl)
{
    memset(b, 0, GL_BLOCKSIZE);
    wr4(b, REVISION);
    b[4] = (unsigned char)lvl;
    wr2(b + 9, DIR_START);
    wr2(b + 5, GL_BLOCKSIZE - DIR_START);
    wr2(b + 7, GL_BLOCKSIZE - DIR_START);
}

/* GlassTable::compact: the items packed against the block's end in directory order,
 * so that all free space is contiguous again. */
static void block_compact(unsigned char *b, unsigned char *scratch)
{
    unsigned e = GL_BLOCKSIZE, dir_end = DIR_END(b);
    for (unsigned c = DIR_START; c < dir_end; c += D2) {
        const unsigned char *it = b + rd2(b + c);
        unsigned l = item_size(b, it);
        e -= l;
        memcpy(scratch + e, it, l);
        wr2(b + c, e);
    }
    memcpy(b + e, scratch + e, GL_BLOCKSIZE - e);
    wr2(b + 5, e - dir_end);
    wr2(b + 7, e - dir_end);
}

/* add_item_to_leaf/branch at the directory's end: the item goes just below the free
 * space's top, which is where the previous one was put. */
static void block_append(unsigned char *b, const unsigned char *it, unsigned len)
{
    unsigned dir_end = DIR_END(b) + D2;
    unsigned max_free = MAX_FREE(b) - (len + D2);
    wr2(b + 9, dir_end);
    unsigned o = dir_end + max_free;
    wr2(b + dir_end - D2, o);
    memcpy(b + o, it, len);
    wr2(b + 5, max_free);
    wr2(b + 7, TOTAL_FREE(b) - (len + D2));
}

static int write_block(gl_table *t, uint32_t n, const unsigned char *b, tr_error *err)
{
    off_t off = (off_t)n * GL_BLOCKSIZE;
    size_t done = 0;
    while (done < GL_BLOCKSIZE) {
        ssize_t w = pwrite(t->fd, b + done, GL_BLOCKSIZE - done, off + (off_t)done);
        if (w < 0 && errno == EINTR) continue;
        if (w <= 0) {
            t->failed = 1;
            return tr_error_set(err, TR_EIO, "writing block %u of %s: %s", (unsigned)n,
                                t->path, w < 0 ? strerror(errno) : "no space written");
        }
        done += (size_t)w;
    }
    return 0;
}

static int new_level(gl_table *t, int j, tr_error *err)
{
    if (j >= LEVELS) {
        t->failed = 1;
        return tr_error_set(err, TR_ELIMIT, "%s: B-tree deeper than %d levels", t->path,
                            LEVELS);
    }
    t->lv[j].p = malloc(GL_BLOCKSIZE);
    if (!t->lv[j].p) {
        t->failed = 1;
        return tr_error_set(err, TR_ENOMEM, "out of memory");
    }
    block_init(t->lv[j].p, j);
    t->lv[j].n = t->next_block++;
    return 0;
}

/* A branch item: block number, key length, key, component number. */
static unsigned form_branch(unsigned char *bi, uint32_t blk, const unsigned char *key,
                            unsigned klen, unsigned comp)
{
    wr4(bi, blk);
    bi[BLKNO] = (unsigned char)klen;
    if (klen) memcpy(bi + BLKNO + K1, key, klen); /* the null key: key may be NULL */
    wr2(bi + BLKNO + K1 + klen, comp);
    return BLKNO + K1 + klen + X2;
}

/* GlassTable::split_root: the tree gains a level whose first item, with the null key,
 * points to the old root. */
static int add_branch(gl_table *t, const unsigned char *bi, unsigned len, int j, tr_error *err);

static int split_root(gl_table *t, uint32_t old_root, tr_error *err)
{
    int j = t->top + 1;
    if (new_level(t, j, err)) return -1;
    t->top = j;
    unsigned char bi[BLKNO + K1 + X2];
    unsigned len = form_branch(bi, old_root, NULL, 0, 0);
    return add_branch(t, bi, len, j, err);
}

/* GlassTable::add_branch_item in sequential mode: a full block is written (compacted)
 * and a new one started with the item; the new block's first key goes up a level, and in
 * the block itself that key is then nulled in place (only its length and the count
 * after it change; glass reclaims the bytes in TOTAL_FREE, not MAX_FREE). */
static int add_branch(gl_table *t, const unsigned char *bi, unsigned len, int j, tr_error *err)
{
    unsigned char *b = t->lv[j].p;
    unsigned needed = len + D2;
    if (TOTAL_FREE(b) >= needed) {
        if (MAX_FREE(b) < needed) block_compact(b, t->scratch);
        block_append(b, bi, len);
        return 0;
    }
    uint32_t split_n = t->lv[j].n;
    block_compact(b, t->scratch); /* glass writes the block it splits off compacted */
    if (write_block(t, split_n, b, err)) return -1;
    t->lv[j].n = t->next_block++;
    block_init(b, j);
    block_append(b, bi, len);
    if (j == t->top && split_root(t, split_n, err)) return -1;

    unsigned char up[BLKNO + K1 + 255 + X2];
    unsigned klen = bi[BLKNO];
    unsigned ulen = form_branch(up, t->lv[j].n, bi + BLKNO + K1, klen,
                                rd2(bi + BLKNO + K1 + klen));
    if (add_branch(t, up, ulen, j + 1, err)) return -1;

    unsigned char *first = b + rd2(b + DIR_START);
    first[BLKNO] = 0;
    wr2(first + BLKNO + K1, 0);
    wr2(b + 7, TOTAL_FREE(b) + klen);
    return 0;
}

/* GlassTable::add_leaf_item in sequential mode, then enter_key_above_leaf: the parent
 * gets the shortest prefix of the new block's first key that sorts after the old
 * block's last key. */
static int add_leaf(gl_table *t, const unsigned char *it, unsigned len, tr_error *err)
{
    unsigned char *b = t->lv[0].p;
    unsigned needed = len + D2;
    if (TOTAL_FREE(b) >= needed) {
        if (MAX_FREE(b) < needed) block_compact(b, t->scratch);
        block_append(b, it, len);
        return 0;
    }
    const unsigned char *last = b + rd2(b + DIR_END(b) - D2);
    unsigned char prev[255];
    unsigned plen = last[I2];
    memcpy(prev, last + I2 + K1, plen);

    uint32_t split_n = t->lv[0].n;
    block_compact(b, t->scratch);
    if (write_block(t, split_n, b, err)) return -1;
    t->lv[0].n = t->next_block++;
    block_init(b, 0);
    block_append(b, it, len);
    if (t->top == 0 && split_root(t, split_n, err)) return -1;

    unsigned klen = it[I2];
    const unsigned char *key = it + I2 + K1;
    unsigned comp = (it[0] & I_FIRST) ? 1 : rd2(it + I2 + K1 + klen);
    unsigned i = 0, min = klen < plen ? klen : plen;
    while (i < min && prev[i] == key[i]) i++;
    if (i < klen) i++;
    unsigned char bi[BLKNO + K1 + 255 + X2];
    unsigned blen = form_branch(bi, t->lv[0].n, key, i, comp);
    return add_branch(t, bi, blen, 1, err);
}

gl_table *gl_table_create(const char *path, uint32_t compress_min, tr_error *err)
{
    gl_table *t = tr_error_calloc(sizeof *t, err);
    if (!t) return NULL;
    t->fd = -1;
    t->compress_min = compress_min;
    t->path = strdup(path);
    t->item = malloc(GL_BLOCKSIZE);
    t->zbuf = malloc(GL_BLOCKSIZE);
    t->zcap = GL_BLOCKSIZE;
    t->scratch = malloc(GL_BLOCKSIZE);
    if (!t->path || !t->item || !t->zbuf || !t->scratch) {
        tr_error_set(err, TR_ENOMEM, "out of memory");
        gl_table_free(t);
        return NULL;
    }
    t->fd = open(path, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0666);
    if (t->fd < 0) {
        tr_error_set(err, TR_EIO, "creating %s: %s", path, strerror(errno));
        gl_table_free(t);
        return NULL;
    }
    /* A writable glass table starts from its fake root: block 0, a leaf holding one
     * item with the null key, which stays the first item of the table. */
    if (new_level(t, 0, err)) {
        gl_table_free(t);
        return NULL;
    }
    static const unsigned char null_item[I2 + K1] = {I_FIRST | I_LAST, 0, 0};
    block_append(t->lv[0].p, null_item, sizeof null_item);
    return t;
}

/* What CompressionStream::compress stores: the tag as raw deflate at level 6 (zlib's
 * default, which glass uses), kept only when shorter. libdeflate rather than zlib: on
 * whole small buffers it is about twice as fast at the same ratio (glass's tags are
 * a few hundred bytes, where zlib's per-stream setup weighs), and any raw deflate
 * stream is what Xapian's inflate reads. */
static int deflate_tag(gl_table *t, const unsigned char *tag, size_t *len,
                       const unsigned char **out, tr_error *err)
{
    *out = tag;
    if (!t->z && !(t->z = libdeflate_alloc_compressor(6)))
        return tr_error_set(err, TR_ENOMEM, "cannot start a deflate compressor");
    if (*len > t->zcap) {
        unsigned char *p = realloc(t->zbuf, *len);
        if (!p) return tr_error_set(err, TR_ENOMEM, "out of memory");
        t->zbuf = p;
        t->zcap = *len;
    }
    size_t n = libdeflate_deflate_compress(t->z, tag, *len, t->zbuf, *len - 1);
    if (n == 0) return 0;
    *len = n;
    *out = t->zbuf;
    return 0;
}

static int key_check(gl_table *t, const unsigned char *key, size_t key_len, tr_error *err)
{
    if (key_len == 0 || key_len > 255)
        return tr_error_set(err, TR_EINVAL, "%s: a key of %zu bytes (1 to 255 allowed)",
                            t->path, key_len);
    size_t min = key_len < t->prev_len ? key_len : t->prev_len;
    int c = memcmp(key, t->prev_key, min);
    if (t->prev_len && (c < 0 || (c == 0 && key_len <= t->prev_len)))
        return tr_error_set(err, TR_EINVAL, "%s: keys not strictly ascending", t->path);
    return 0;
}

/* One item: glass's leaf item for each component (I2 with the compressed, last and
 * first bits, K1, key, X2 for all but the first, then the piece of the tag). */
static int add_item(gl_table *t, const unsigned char *key, size_t key_len,
                    const unsigned char *data, size_t tag_len, int compressed, tr_error *err)
{
    /* GlassTable::add: how much of the tag each component carries. */
    const size_t cd = key_len + K1 + I2 + X2;
    const size_t L = MAX_ITEM - cd;
    size_t first_L = L + X2;
    if (tag_len <= first_L) {
        first_L = tag_len;
    } else {
        size_t n = TOTAL_FREE(t->lv[0].p) % (MAX_ITEM + D2);
        if (n > D2 + cd) {
            n -= D2 + cd;
            size_t last = (tag_len - X2) % L;
            if (n >= last || n >= key_len + 34) first_L = n + X2;
        }
    }
    size_t m = (tag_len - first_L + L - 1) / L + 1;
    if (m >= 65536)
        return tr_error_set(err, TR_ELIMIT, "%s: a tag of %zu bytes is too long", t->path,
                            tag_len);
    size_t o = 0;
    for (size_t i = 1; i <= m; i++) {
        size_t l = i == m ? tag_len - o : (i == 1 ? first_L : L);
        size_t this_cd = i == 1 ? cd - X2 : cd;
        unsigned char *it = t->item;
        wr2(it, (unsigned)(this_cd + l - 3));
        it[I2] = (unsigned char)key_len;
        memcpy(it + I2 + K1, key, key_len);
        if (compressed) it[0] |= I_COMPRESSED;
        if (i == m) it[0] |= I_LAST;
        if (i == 1)
            it[0] |= I_FIRST;
        else
            wr2(it + I2 + K1 + key_len, (unsigned)i);
        if (l) memcpy(it + this_cd, data + o, l); /* an empty tag may be NULL */
        o += l;
        int rc = add_leaf(t, it, (unsigned)(this_cd + l), err);
        if (rc) return rc;
    }
    return 0;
}

int gl_table_pack(gl_table *t, const void *tag, size_t tag_len, const void **out,
                  size_t *out_len, int *compressed, tr_error *err)
{
    const unsigned char *data = tag;
    int rc = 0;
    if (t->compress_min && tag_len > t->compress_min)
        rc = deflate_tag(t, tag, &tag_len, &data, err);
    *out = data;
    *out_len = tag_len;
    *compressed = data != tag;
    return rc;
}

int gl_table_add_packed(gl_table *t, const void *key, size_t key_len, const void *data,
                        size_t len, int compressed, tr_error *err)
{
    if (t->failed)
        return tr_error_set(err, TR_EINVAL, "%s: table already finished or failed", t->path);
    /* Any failure loses the item: the table is then no table (gl_table_finish fails). */
    t->failed = 1;
    int rc = key_check(t, key, key_len, err);
    if (!rc) rc = add_item(t, key, key_len, data, len, compressed, err);
    if (rc) return rc;
    t->failed = 0;
    memcpy(t->prev_key, key, key_len);
    t->prev_len = key_len;
    t->entries++;
    return 0;
}

int gl_table_add(gl_table *t, const void *key, size_t key_len, const void *tag,
                 size_t tag_len, tr_error *err)
{
    const void *data;
    size_t len;
    int compressed;
    int rc = gl_table_pack(t, tag, tag_len, &data, &len, &compressed, err);
    if (rc) {
        t->failed = 1;
        return rc;
    }
    return gl_table_add_packed(t, key, key_len, data, len, compressed, err);
}

int gl_table_finish(gl_table *t, gl_root *root, tr_error *err)
{
    if (t->failed)
        return tr_error_set(err, TR_EINVAL, "%s: table already finished or failed", t->path);
    memset(root, 0, sizeof *root);
    root->blocksize = GL_BLOCKSIZE;
    root->compress_min = t->compress_min;
    if (t->entries == 0) {
        /* As glass leaves a table nothing was added to: a fake root, no block. */
        root->root_is_fake = 1;
    } else {
        /* GlassTable::flush_db: the blocks still being filled, root first. */
        for (int j = t->top; j >= 0; j--)
            if (write_block(t, t->lv[j].n, t->lv[j].p, err)) return TR_EIO;
        root->root = t->lv[t->top].n;
        root->level = (unsigned)t->top;
        root->num_entries = t->entries;
        root->nblocks = t->next_block;
    }
    int fd = t->fd;
    t->fd = -1;
    int bad = fsync(fd) != 0;
    int e = errno;
    if (close(fd) != 0 && !bad) {
        bad = 1;
        e = errno;
    }
    if (bad) {
        t->failed = 1;
        return tr_error_set(err, TR_EIO, "syncing %s: %s", t->path, strerror(e));
    }
    t->failed = 1; /* finished: no more items */
    return 0;
}

void gl_table_free(gl_table *t)
{
    if (!t) return;
    if (t->fd >= 0) close(t->fd);
    for (int j = 0; j < LEVELS; j++) free(t->lv[j].p);
    libdeflate_free_compressor(t->z);
    free(t->item);
    free(t->zbuf);
    free(t->scratch);
    free(t->path);
    free(t);
}
