/* tr_clock: the monotonic clock in milliseconds, for deadlines and waits.
 *
 * Timeouts (a request head that is late, a writer's lock, a commit's fence, a child
 * process that runs too long) are measured on CLOCK_MONOTONIC, which the wall
 * clock's corrections do not move; this is the one place that reads it so.
 */
#ifndef TR_CLOCK_H
#define TR_CLOCK_H

#ifdef __cplusplus
extern "C" {
#endif

/* Milliseconds since an arbitrary fixed point (CLOCK_MONOTONIC). */
long long tr_clock_ms(void);

#ifdef __cplusplus
}
#endif

#endif
