/* tr_fence: lets a read that keeps losing its revision hold off the next commit.
 *
 * Xapian's glass backend has no read locks: a writer may reuse the blocks of a
 * revision two commits after it, and a reader still on that revision fails with
 * DatabaseModifiedError, to be run again on the newest one. A writer that commits
 * many times a second can make a slow search (a busy machine, a large facet count)
 * lose every run. The fence is a lock file in the database folder, FILE below: a
 * writer takes it exclusive for each commit, waiting a bounded time; a reader that
 * has already lost runs takes it shared, reopens and runs once more, and no commit
 * can discard its revision meanwhile. Readers that do not lose never touch it, so a
 * writer waits only for the few that would otherwise have failed.
 *
 * flock() locks belong to an open file description, so each holder opens its own
 * (tr_fence_open per use); an index without the file (written before tracuu had
 * fences, or on a read-only copy) simply has no fence.
 */
#ifndef TR_FENCE_H
#define TR_FENCE_H

#include <stddef.h>

#ifdef __cplusplus
extern "C" {
#endif

#define TR_FENCE_FILE "tracuu.fence"

/* How long a commit waits for reads holding the fence before it goes ahead anyway:
 * a writer is never stopped by readers for longer. */
#define TR_FENCE_COMMIT_WAIT_MS 3000
/* How long a read waits for a commit in progress to let go. */
#define TR_FENCE_READ_WAIT_MS 10000

typedef struct tr_fence tr_fence;

/* The fences of the index at paths[0..n-1], each a database folder, a folder whose
 * XAPIANDB stub lists local databases ("auto NAME" lines), or such a stub file. With
 * `create`, a folder's own fence file is made when absent (a writer's). NULL when
 * there is none to take (remote shards, no file, out of memory). */
tr_fence *tr_fence_open(const char *const *paths, size_t n, int create);

/* Takes every fence shared (`shared` set: a read) or exclusive (a commit), waiting up
 * to timeout_ms in all. 0 when held, -1 when the time ran out (nothing is held). */
int tr_fence_take(tr_fence *f, int shared, unsigned timeout_ms);

/* Lets go of what tr_fence_take() took. */
void tr_fence_release(tr_fence *f);

/* Lets go and closes. */
void tr_fence_free(tr_fence *f);

#ifdef __cplusplus
}
#endif

#endif
