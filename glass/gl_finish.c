/* gl_finish: the end of a new glass database (gl_build_finish, gl_build_free).
 *
 * The last part is spilled like the others, the statistics are counted again when
 * documents were left out, the tables are written (gl_merge.c) and closed, and the
 * version file names them all.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "gl_int.h"

/* The statistics without the documents left out: counted again over those kept. The
 * greatest wdf stays what it was, an upper bound as glass's own is after a deletion. */
static void final_stats(gl_build *b)
{
    if (b->ndropped == 0)
        return;
    gl_stats *st = &b->st;
    st->doccount = 0;
    st->total_doclen = 0;
    st->doclen_lbound = st->doclen_ubound = 0;
    for (uint32_t d = 1; d <= b->ndocs; d++) {
        if (gl_build_dropped(b, d))
            continue;
        uint32_t len = b->doclens[d - 1];
        st->doccount++;
        st->total_doclen += len;
        if (len && (!st->doclen_lbound || len < st->doclen_lbound))
            st->doclen_lbound = len;
        if (len > st->doclen_ubound)
            st->doclen_ubound = len;
    }
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
    final_stats(b);
    if (rc == 0)
        rc = gl_build_table(b, "postlist", 0, &post, err);
    if (rc == 0)
        rc = gl_build_table(b, "position", 0, &pos, err);
    if (rc == 0)
        rc = gl_merge(b, post, pos, roots, err);
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
    gl_values_free(b);
    if (b->docs)
        fclose(b->docs);
    free(b->dropped);
    for (size_t i = 0; i < b->nitems; i++) {
        gl_buf_free(&b->items[i].key);
        gl_buf_free(&b->items[i].tag);
    }
    free(b->items);
    gl_buf_free(&b->tag);
    free(b->dir);
    free(b->runs);
    free(b);
}
