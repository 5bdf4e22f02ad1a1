/* restore: Viterbi over a lattice of spellings (see restore.h). */
#include "restore.h"

#include <math.h>

int se_restore_choose(size_t n, const size_t *ncands, se_restore_step_fn step,
                      se_restore_own_fn own, void *ctx, size_t *choice)
{
    double score[SE_RESTORE_MAX_WORDS][SE_RESTORE_MAX_CANDS];
    size_t back[SE_RESTORE_MAX_WORDS][SE_RESTORE_MAX_CANDS];
    if (n == 0 || n > SE_RESTORE_MAX_WORDS)
        return -1;
    for (size_t i = 0; i < n; i++)
        if (ncands[i] == 0 || ncands[i] > SE_RESTORE_MAX_CANDS)
            return -1;
    for (size_t i = 0; i < n; i++)
        for (size_t k = 0; k < ncands[i]; k++) {
            score[i][k] = -INFINITY;
            back[i][k] = 0;
            for (size_t j = 0; j < (i ? ncands[i - 1] : 1); j++) {
                double s = (i ? score[i - 1][j] : 0) + step(ctx, i, j, k);
                if (s > score[i][k] || j == 0) {
                    score[i][k] = s;
                    back[i][k] = j;
                }
            }
            if (own)
                score[i][k] += own(ctx, i, k);
        }
    size_t best = 0;
    for (size_t k = 1; k < ncands[n - 1]; k++)
        best = score[n - 1][k] > score[n - 1][best] ? k : best;
    for (size_t i = n; i-- > 0; best = back[i][best])
        choice[i] = best;
    return 0;
}
