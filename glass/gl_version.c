/* gl_version: the version file that makes a folder of tables a glass database
 * (gl_table.h), as GlassVersion::write and RootInfo::serialise write it
 * (backends/glass/glass_version.cc, Xapian 1.4.22). */
#include "gl_table.h"

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <sys/random.h>
#include <unistd.h>

#include "gl_pack.h"

/* Glass's format version is a date, 2016-03-14: (2016 - 2014) << 9 | 3 << 5 | 14. */
#define GL_FORMAT_VERSION ((2u << 9) | (3u << 5) | 14u)
#define GL_REVISION 1u /* the blocks' revision too (gl_table.c) */
/* GlassVersion::read reads this much of the file and no more. */
#define GL_VERSION_MAX 256

static void pack_root(gl_buf *b, const gl_root *r)
{
    gl_pack_uint(b, r->root);
    /* sequential (0x02): the table was written in key order, as the compactor's are */
    gl_pack_uint(b, (uint64_t)r->level << 2 | 0x02 | (r->root_is_fake ? 0x01 : 0));
    gl_pack_uint(b, r->num_entries);
    gl_pack_uint(b, (r->blocksize ? r->blocksize : GL_BLOCKSIZE) >> 11);
    gl_pack_uint(b, r->compress_min);
    /* The free list (GlassFreeList::pack): its revision, the first block never used,
     * and empty read and write cursors. A table without blocks has none at all, as
     * glass leaves a table it never opened. */
    gl_buf fl = {0};
    if (r->nblocks) {
        gl_pack_uint(&fl, GL_REVISION);
        gl_pack_uint(&fl, r->nblocks);
        for (int i = 0; i < 4; i++) gl_pack_uint(&fl, 0);
    }
    gl_pack_string(b, fl.p, fl.len);
    b->oom |= fl.oom;
    gl_buf_free(&fl);
}

static void pack_stats(gl_buf *b, const gl_stats *s)
{
    gl_pack_uint(b, s->doccount);
    gl_pack_uint(b, s->last_docid - s->doccount);
    gl_pack_uint(b, s->doclen_lbound);
    gl_pack_uint(b, s->wdf_ubound);
    gl_pack_uint(b, s->doclen_ubound - s->wdf_ubound);
    gl_pack_uint(b, 0); /* oldest_changeset: no changesets */
    gl_pack_uint(b, s->total_doclen);
    gl_pack_uint(b, s->spelling_wordfreq_ubound);
}

/* A random (version 4) UUID, as Xapian's Uuid::generate makes one. */
static int make_uuid(unsigned char u[16], tr_error *err)
{
    size_t got = 0;
    while (got < 16) {
        ssize_t n = getrandom(u + got, 16 - got, 0);
        if (n < 0 && errno == EINTR) continue;
        if (n <= 0) return tr_error_set(err, TR_EIO, "getrandom: %s", strerror(errno));
        got += (size_t)n;
    }
    u[6] = (unsigned char)((u[6] & 0x0f) | 0x40);
    u[8] = (unsigned char)((u[8] & 0x3f) | 0x80);
    return 0;
}

static int write_all(int fd, const unsigned char *p, size_t n)
{
    while (n) {
        ssize_t w = write(fd, p, n);
        if (w < 0 && errno == EINTR) continue;
        if (w <= 0) return -1;
        p += w;
        n -= (size_t)w;
    }
    return 0;
}

/* The tmp file's content synced, then linked as iamglass (link, unlike rename, will
 * not replace a version file already there) and the folder synced. */
static int publish(const char *dir, const gl_buf *b, tr_error *err)
{
    char tmp[4096], final[4096];
    if ((size_t)snprintf(tmp, sizeof tmp, "%s/v.tmp", dir) >= sizeof tmp ||
        (size_t)snprintf(final, sizeof final, "%s/iamglass", dir) >= sizeof final)
        return tr_error_set(err, TR_EINVAL, "database path too long");
    int fd = open(tmp, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0666);
    if (fd < 0) return tr_error_set(err, TR_EIO, "creating %s: %s", tmp, strerror(errno));
    int bad = write_all(fd, b->p, b->len) != 0 || fsync(fd) != 0;
    int e = errno;
    if (close(fd) != 0 && !bad) {
        bad = 1;
        e = errno;
    }
    if (bad) {
        unlink(tmp);
        return tr_error_set(err, TR_EIO, "writing %s: %s", tmp, strerror(e));
    }
    if (link(tmp, final) != 0) {
        e = errno;
        unlink(tmp);
        return tr_error_set(err, TR_EIO, "creating %s: %s", final, strerror(e));
    }
    unlink(tmp);
    int dfd = open(dir, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
    if (dfd < 0) return tr_error_set(err, TR_EIO, "opening %s: %s", dir, strerror(errno));
    bad = fsync(dfd) != 0;
    e = errno;
    close(dfd);
    if (bad) return tr_error_set(err, TR_EIO, "syncing %s: %s", dir, strerror(e));
    return 0;
}

int gl_version_write(const char *dir, const gl_root roots[GL_TABLES], const gl_stats *stats,
                     tr_error *err)
{
    if (stats->last_docid < stats->doccount || stats->doclen_ubound < stats->wdf_ubound)
        return tr_error_set(err, TR_EINVAL,
                            "database statistics: last docid below the document count or "
                            "greatest document length below the greatest wdf");
    gl_buf b = {0};
    static const unsigned char magic[14] = {0x0f, 0x0d, 'X', 'a', 'p', 'i', 'a',
                                            'n',  ' ',  'G', 'l', 'a', 's', 's'};
    gl_buf_add(&b, magic, sizeof magic);
    gl_buf_byte(&b, (unsigned char)(GL_FORMAT_VERSION >> 8));
    gl_buf_byte(&b, (unsigned char)GL_FORMAT_VERSION);
    unsigned char uuid[16];
    if (make_uuid(uuid, err)) {
        gl_buf_free(&b);
        return TR_EIO;
    }
    gl_buf_add(&b, uuid, sizeof uuid);
    gl_pack_uint(&b, GL_REVISION);
    for (int i = 0; i < GL_TABLES; i++) pack_root(&b, &roots[i]);
    pack_stats(&b, stats);
    int rc;
    if (b.oom)
        rc = tr_error_set(err, TR_ENOMEM, "out of memory");
    else if (b.len > GL_VERSION_MAX)
        rc = tr_error_set(err, TR_ELIMIT, "%s: a version file of %zu bytes (glass reads %d)",
                          dir, b.len, GL_VERSION_MAX);
    else
        rc = publish(dir, &b, err);
    gl_buf_free(&b);
    return rc;
}
