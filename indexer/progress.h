/* progress: what a run tells the person waiting for it.
 *
 * A progress line, about once a second, while the run is long and someone watches
 * (standard error is a terminal, or TRACUU_PROGRESS=1): documents, megabytes read,
 * documents per second and, when the input's size is known, the time left. And
 * one summary line at the end, always. Sizes are in decimal megabytes (10^6 bytes).
 */
#ifndef IX_PROGRESS_H
#define IX_PROGRESS_H

#include <stdint.h>
#include <stdio.h>

/* The counts of a run. */
typedef struct ix_stats {
    uint64_t indexed;   /* documents written and committed (replacements included) */
    uint64_t skipped;   /* records not indexed (reported one by one) */
    uint64_t deleted;   /* --delete ids that existed */
    uint64_t converted; /* documents read from a legacy encoding (vn_legacy.h) */
    uint64_t truncated; /* documents indexed only in part: past their bounds (document.h) */
    uint64_t bytes;     /* input text read, uncompressed */
    uint64_t doccount;  /* documents in the index at the end */
    int doccount_known; /* 0 when the run failed before it could be read */
    double seconds;
} ix_stats;

typedef struct ix_progress {
    FILE *out;
    int enabled, tty;
    uint64_t total_disk; /* 0: unknown, no time left shown */
    double start, last;
    int line_open;       /* a progress line without its '\n' is on a terminal */
} ix_progress;

/* 1 when progress should be shown on `out` by default (a terminal, or
 * TRACUU_PROGRESS=1 in the environment). */
int ix_progress_wanted(FILE *out);

/* Starts the clock. `total_disk` is the inputs' size on disk (0 when unknown). */
void ix_progress_init(ix_progress *pg, FILE *out, int enabled, uint64_t total_disk);

/* Shows the counts if a second has passed since the last line. `disk_done` is how
 * much of total_disk has been read. */
void ix_progress_update(ix_progress *pg, uint64_t docs, uint64_t bytes, uint64_t disk_done);

/* Ends a progress line left open on a terminal, so the next message starts clean. */
void ix_progress_end(ix_progress *pg);

/* Seconds since ix_progress_init(). */
double ix_progress_elapsed(const ix_progress *pg);

/* Prints the summary line:
 * "tracuu-index: N documents indexed (X MB) in T s, R docs/s; S skipped; D deleted;
 *  index has C documents", with "; V converted" after the deletions when V > 0. */
void ix_summary_print(FILE *out, const ix_stats *st);

#endif
