/* gl_values: the value slots of a new database (gl_int.h).
 *
 * As documents come, each value is appended to its slot's file (RUNS/slot-N: docid,
 * length, bytes), in docid order. At the end, with the documents left out known, each
 * slot is read twice: once for its statistics ("\0\xd0" + pack_uint_last(slot):
 * pack_uint frequency, pack_string lower bound, the upper bound unless equal;
 * GlassValueManager::set_value_stats), once for its stream chunks ("\0\xd8" +
 * pack_uint(slot) + pack_uint_preserving_sort(first docid): each value as
 * pack_string, after the first a pack_uint docid gap - 1, cut at 2,000 bytes;
 * ValueUpdater::append_to_stream). The keys of neither sort as the slot numbers do, so
 * the slots are put in their keys' byte order for each.
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "gl_int.h"
#include "tr_grow.h"

static int slot_file(gl_build *b, gl_slotvals *s, tr_error *err)
{
    char name[32];
    snprintf(name, sizeof name, "slot-%u", s->slot);
    gl_run_path(s->path, sizeof s->path, b, name, (unsigned)-1);
    s->f = fopen(s->path, "w+be");
    if (!s->f)
        return tr_error_set(err, TR_EIO, "cannot create %s: %s", s->path, strerror(errno));
    unlink(s->path); /* nameless: gone with the builder, whatever happens */
    setvbuf(s->f, NULL, _IOFBF, 1 << 16);
    return 0;
}

static gl_slotvals *slot_of(gl_build *b, unsigned slot, tr_error *err)
{
    for (size_t i = 0; i < b->nslots; i++)
        if (b->slots[i].slot == slot)
            return &b->slots[i];
    gl_slotvals *s = tr_grow(b->slots, b->nslots + 1, &b->slots_cap, sizeof *s, 16);
    if (!s) {
        gl_build_oom(b, err);
        return NULL;
    }
    b->slots = s;
    s = &s[b->nslots];
    *s = (gl_slotvals){.slot = slot};
    if (slot_file(b, s, err))
        return NULL;
    b->nslots++;
    return s;
}

int gl_values_add(gl_build *b, uint32_t did, const gl_value *v, size_t n, tr_error *err)
{
    for (size_t i = 0; i < n; i++) {
        if (!v[i].len)
            continue;
        gl_slotvals *s = slot_of(b, v[i].slot, err);
        if (!s)
            return err && err->code ? err->code : TR_EIO;
        gl_run_put_uint(s->f, did);
        gl_run_put_uint(s->f, v[i].len);
        fwrite(v[i].data, 1, v[i].len, s->f);
        if (ferror(s->f))
            return tr_error_set(err, TR_EIO, "writing %s: %s", s->path, strerror(errno));
    }
    return 0;
}

/* ---- At the end -------------------------------------------------------- */

/* Reads a slot's values from the start: each call gives the next one that is kept. */
typedef struct reader {
    gl_run_reader r;
    gl_build *b;
    uint32_t did;
    gl_buf v;
} reader;

static int reader_start(reader *rd, gl_build *b, gl_slotvals *s, tr_error *err)
{
    memset(rd, 0, sizeof *rd);
    rd->b = b;
    if (fflush(s->f) != 0)
        return tr_error_set(err, TR_EIO, "writing %s: %s", s->path, strerror(errno));
    return gl_run_attach(&rd->r, fileno(s->f), s->path, err);
}

static void reader_end(reader *rd)
{
    gl_run_close(&rd->r);
    gl_buf_free(&rd->v);
}

/* 1 with the next value kept, 0 at the end, or an error code (negative). */
static int reader_next(reader *rd, tr_error *err)
{
    for (;;) {
        int rc = gl_run_fill(&rd->r, err);
        if (rc)
            return -rc;
        if (rd->r.at == rd->r.end)
            return 0;
        uint64_t did, len;
        rc = gl_run_uint(&rd->r, &did, err);
        if (rc == 0)
            rc = gl_run_uint(&rd->r, &len, err);
        if (rc == 0)
            rc = gl_run_bytes(&rd->r, &rd->v, len, err);
        if (rc)
            return -rc;
        rd->did = (uint32_t)did;
        if (!gl_build_dropped(rd->b, rd->did))
            return 1;
    }
}

static int cmp_bytes(const unsigned char *a, size_t al, const unsigned char *b, size_t bl)
{
    size_t m = al < bl ? al : bl;
    int c = m ? memcmp(a, b, m) : 0;
    return c ? c : (al > bl) - (al < bl);
}

static int set(gl_buf *to, const gl_buf *from)
{
    gl_buf_reset(to);
    gl_buf_add(to, from->p, from->len);
    return to->oom ? -1 : 0;
}

typedef struct keyed_slot {
    gl_buf key;
    gl_slotvals *s;
    gl_buf tag; /* its statistics */
} keyed_slot;

static int by_key(const void *a, const void *b)
{
    const keyed_slot *x = a, *y = b;
    return cmp_bytes(x->key.p, x->key.len, y->key.p, y->key.len);
}

/* A slot's statistics as the tag of its "\0\xd0" item; tag left empty when no value
 * of the slot is kept. */
static int slot_stats(gl_build *b, gl_slotvals *s, gl_buf *tag, tr_error *err)
{
    reader rd;
    int rc = reader_start(&rd, b, s, err);
    gl_buf lo = {0}, hi = {0};
    uint64_t freq = 0;
    while (rc == 0 && (rc = reader_next(&rd, err)) == 1) {
        rc = 0;
        if (freq++ == 0) {
            if (set(&lo, &rd.v) || set(&hi, &rd.v))
                rc = gl_build_oom(b, err);
        } else if (cmp_bytes(rd.v.p, rd.v.len, lo.p, lo.len) < 0) {
            if (set(&lo, &rd.v))
                rc = gl_build_oom(b, err);
        } else if (cmp_bytes(rd.v.p, rd.v.len, hi.p, hi.len) > 0) {
            if (set(&hi, &rd.v))
                rc = gl_build_oom(b, err);
        }
    }
    rc = rc < 0 ? -rc : rc;
    if (rc == 0 && freq) {
        gl_pack_uint(tag, freq);
        gl_pack_string(tag, lo.p, lo.len);
        if (cmp_bytes(lo.p, lo.len, hi.p, hi.len) != 0)
            gl_buf_add(tag, hi.p, hi.len);
        if (tag->oom)
            rc = gl_build_oom(b, err);
    }
    gl_buf_free(&lo);
    gl_buf_free(&hi);
    reader_end(&rd);
    return rc;
}

/* A slot's stream chunks, in docid order. */
static int slot_chunks(gl_build *b, gl_table *post, gl_slotvals *s, tr_error *err)
{
    reader rd;
    int rc = reader_start(&rd, b, s, err);
    gl_buf chunk = {0}, key = {0};
    uint32_t first = 0, prev = 0;
    for (;;) {
        int more = rc == 0 ? reader_next(&rd, err) : 0;
        if (more < 0)
            rc = -more;
        if (more == 1) {
            if (chunk.len == 0)
                first = rd.did;
            else
                gl_pack_uint(&chunk, rd.did - prev - 1);
            prev = rd.did;
            gl_pack_string(&chunk, rd.v.p, rd.v.len);
        }
        if (rc == 0 && chunk.len && (more != 1 || chunk.len >= GL_CHUNK)) {
            gl_buf_reset(&key);
            gl_buf_add(&key, "\0\xd8", 2);
            gl_pack_uint(&key, s->slot);
            gl_pack_uint_sort(&key, first);
            rc = key.oom || chunk.oom ? gl_build_oom(b, err)
                                      : gl_table_add(post, key.p, key.len, chunk.p, chunk.len, err);
            gl_buf_reset(&chunk);
        }
        if (rc || more != 1)
            break;
    }
    gl_buf_free(&chunk);
    gl_buf_free(&key);
    reader_end(&rd);
    return rc;
}

int gl_values_write(gl_build *b, gl_table *post, tr_error *err)
{
    keyed_slot *k = calloc(b->nslots ? b->nslots : 1, sizeof *k);
    if (!k)
        return gl_build_oom(b, err);
    int rc = 0;
    for (size_t i = 0; rc == 0 && i < b->nslots; i++) {
        k[i].s = &b->slots[i];
        gl_buf_add(&k[i].key, "\0\xd0", 2);
        gl_pack_uint_last(&k[i].key, b->slots[i].slot);
        rc = k[i].key.oom ? gl_build_oom(b, err) : slot_stats(b, k[i].s, &k[i].tag, err);
    }
    if (rc == 0)
        qsort(k, b->nslots, sizeof *k, by_key);
    for (size_t i = 0; rc == 0 && i < b->nslots; i++)
        if (k[i].tag.len)
            rc = gl_table_add(post, k[i].key.p, k[i].key.len, k[i].tag.p, k[i].tag.len, err);
    /* The chunks, the slots in the byte order of pack_uint(slot). */
    for (size_t i = 0; rc == 0 && i < b->nslots; i++) {
        gl_buf_reset(&k[i].key);
        gl_pack_uint(&k[i].key, k[i].s->slot);
        if (k[i].key.oom)
            rc = gl_build_oom(b, err);
    }
    if (rc == 0)
        qsort(k, b->nslots, sizeof *k, by_key);
    for (size_t i = 0; rc == 0 && i < b->nslots; i++)
        rc = slot_chunks(b, post, k[i].s, err);
    for (size_t i = 0; i < b->nslots; i++) {
        gl_buf_free(&k[i].key);
        gl_buf_free(&k[i].tag);
    }
    free(k);
    return rc;
}

void gl_values_free(gl_build *b)
{
    for (size_t i = 0; i < b->nslots; i++)
        if (b->slots[i].f)
            fclose(b->slots[i].f);
    free(b->slots);
    b->slots = NULL;
    b->nslots = 0;
}
