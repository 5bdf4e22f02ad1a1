/* progress: see progress.h. */
#include "progress.h"

#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

static double now(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

int ix_progress_wanted(FILE *out)
{
    const char *env = getenv("TRACUU_PROGRESS");
    if (env && *env)
        return strcmp(env, "1") == 0;
    return isatty(fileno(out));
}

void ix_progress_init(ix_progress *pg, FILE *out, int enabled, uint64_t total_disk)
{
    memset(pg, 0, sizeof *pg);
    pg->out = out;
    pg->enabled = enabled;
    pg->tty = isatty(fileno(out));
    pg->total_disk = total_disk;
    pg->start = pg->last = now();
}

double ix_progress_elapsed(const ix_progress *pg)
{
    return now() - pg->start;
}

void ix_progress_update(ix_progress *pg, uint64_t docs, uint64_t bytes, uint64_t disk_done)
{
    if (!pg->enabled)
        return;
    double t = now();
    if (t - pg->last < 1.0)
        return;
    pg->last = t;
    double elapsed = t - pg->start;
    char eta[48] = "";
    /* Time left is extrapolated from the share of the bytes on disk read so far,
     * which for compressed input assumes an even compression ratio. */
    if (pg->total_disk > 0 && disk_done > 0 && disk_done <= pg->total_disk) {
        double left = elapsed * (double)(pg->total_disk - disk_done) / (double)disk_done;
        unsigned s = (unsigned)(left + 0.5);
        snprintf(eta, sizeof eta, ", %u%%, about %u:%02u:%02u left",
                 (unsigned)(100.0 * (double)disk_done / (double)pg->total_disk), s / 3600,
                 s / 60 % 60, s % 60);
    }
    fprintf(pg->out, "%stracuu-index: %llu documents, %.1f MB, %.0f docs/s, %.1f MB/s%s%s",
            pg->tty ? "\r" : "", (unsigned long long)docs, (double)bytes / 1e6,
            (double)docs / elapsed, (double)bytes / 1e6 / elapsed, eta,
            pg->tty ? "\033[K" : "\n");
    fflush(pg->out);
    pg->line_open = pg->tty;
}

void ix_progress_end(ix_progress *pg)
{
    if (pg->line_open) {
        fputc('\n', pg->out);
        pg->line_open = 0;
    }
}

void ix_summary_print(FILE *out, const ix_stats *st)
{
    double secs = st->seconds > 0 ? st->seconds : 1e-9;
    fprintf(out,
            "tracuu-index: %llu documents indexed (%.1f MB) in %.1f s, %.0f docs/s; "
            "%llu skipped; %llu deleted",
            (unsigned long long)st->indexed, (double)st->bytes / 1e6, st->seconds,
            (double)st->indexed / secs, (unsigned long long)st->skipped,
            (unsigned long long)st->deleted);
    if (st->converted)
        fprintf(out, "; %llu converted", (unsigned long long)st->converted);
    if (st->truncated)
        fprintf(out, "; %llu truncated", (unsigned long long)st->truncated);
    if (st->doccount_known)
        fprintf(out, "; index has %llu documents", (unsigned long long)st->doccount);
    fputc('\n', out);
    fflush(out);
}
