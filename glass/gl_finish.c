/* gl_finish: the end of a new glass database (gl_build_finish, gl_build_free).
 *
 * The last part is spilled like the others, the value chunks still open and the
 * value statistics become items, the runs are merged into the postlist and position
 * tables (gl_merge.c), the termlist and docdata tables, written as documents came,
 * are closed, and the version file names them all.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "gl_int.h"

/* Value statistics as items (GlassValueManager::set_value_stats). */
static int stats_items(gl_build *b)
{
    for (size_t i = 0; i < b->nslots; i++) {
        gl_slotvals *s = &b->slots[i];
        gl_buf key = {0}, tag = {0};
        gl_buf_add(&key, "\0\xd0", 2);
        gl_pack_uint_last(&key, s->slot);
        gl_pack_uint(&tag, s->freq);
        gl_pack_string(&tag, s->lo.p, s->lo.len);
        if (s->lo.len != s->hi.len || memcmp(s->lo.p, s->hi.p, s->lo.len) != 0)
            gl_buf_add(&tag, s->hi.p, s->hi.len);
        if (key.oom || tag.oom || gl_build_push_item(b, &key, &tag)) {
            gl_buf_free(&key);
            gl_buf_free(&tag);
            return -1;
        }
    }
    return 0;
}

int gl_build_finish(gl_build *b, tr_error *err)
{
    if (b->failed)
        return tr_error_set(err, TR_EINVAL, "the database being written failed before");
    gl_table *post = NULL, *pos = NULL;
    gl_root roots[GL_TABLES];
    memset(roots, 0, sizeof roots);
    int rc = 0;
    if (b->part.nposts || b->nruns == 0)
        rc = gl_run_spill(b, 1, err);
    else
        rc = gl_run_wait(b, err);
    for (size_t i = 0; rc == 0 && i < b->nslots; i++)
        if (gl_build_end_chunk(b, &b->slots[i], 0))
            rc = gl_build_oom(b, err);
    if (rc == 0 && stats_items(b))
        rc = gl_build_oom(b, err);
    if (rc == 0)
        rc = gl_build_table(b, "postlist", 0, &post, err);
    if (rc == 0)
        rc = gl_build_table(b, "position", 0, &pos, err);
    if (rc == 0)
        rc = gl_merge(b, post, pos, err);
    if (rc == 0)
        rc = gl_table_finish(post, &roots[GL_POSTLIST], err);
    if (rc == 0)
        rc = gl_table_finish(pos, &roots[GL_POSITION], err);
    if (rc == 0)
        rc = gl_table_finish(b->termlist, &roots[GL_TERMLIST], err);
    if (rc == 0)
        rc = gl_table_finish(b->docdata, &roots[GL_DOCDATA], err);
    gl_table_free(post);
    gl_table_free(pos);
    for (int i = GL_SPELLING; i <= GL_SYNONYM; i++)
        roots[i] = (gl_root){.root_is_fake = 1, .blocksize = GL_BLOCKSIZE,
                             .compress_min = GL_COMPRESS_MIN};
    if (rc == 0)
        rc = gl_version_write(b->dir, roots, &b->st, err);
    if (rc)
        b->failed = 1;
    return rc;
}

void gl_build_free(gl_build *b)
{
    if (!b)
        return;
    gl_run_wait(b, NULL);
    gl_table_free(b->termlist);
    gl_table_free(b->docdata);
    free(b->doclens);
    gl_part_free(&b->part);
    gl_part_free(&b->spill);
    free(b->hashes);
    free(b->ids);
    for (size_t i = 0; i < b->nslots; i++) {
        gl_buf_free(&b->slots[i].lo);
        gl_buf_free(&b->slots[i].hi);
        gl_buf_free(&b->slots[i].chunk);
    }
    free(b->slots);
    for (size_t i = 0; i < b->nitems; i++) {
        gl_buf_free(&b->items[i].key);
        gl_buf_free(&b->items[i].tag);
    }
    free(b->items);
    if (b->values_fd >= 0)
        close(b->values_fd);
    gl_buf_free(&b->tag);
    gl_buf_free(&b->key);
    free(b->dir);
    free(b->runs);
    free(b);
}
