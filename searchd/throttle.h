/* throttle: failed authentications counted per client address, so that keys cannot be
 * guessed at the speed of the network (docs/security.md).
 *
 * After SD_THROTTLE_FAILURES failures from one address within SD_THROTTLE_WINDOW
 * seconds, that address is refused (429 with Retry-After) until the window it
 * started ends, without its key being looked at. The table holds SD_THROTTLE_SLOTS
 * addresses; when it is full the one whose window is oldest is forgotten, so a flood
 * of addresses can cost memory only up to that. Behind a reverse proxy the address is
 * the client's only when the proxy is trusted (auth.h).
 */
#ifndef SD_THROTTLE_H
#define SD_THROTTLE_H

#include "tr_error.h"

#define SD_THROTTLE_FAILURES 10
#define SD_THROTTLE_WINDOW 60 /* seconds */
#define SD_THROTTLE_SLOTS 4096

typedef struct sd_throttle sd_throttle;

sd_throttle *sd_throttle_new(tr_error *err);
void sd_throttle_free(sd_throttle *t);

/* 0 when `client` may try, else the seconds it must wait (at least 1). */
unsigned sd_throttle_wait(sd_throttle *t, const char *client);

/* Counts a failure of `client`. */
void sd_throttle_fail(sd_throttle *t, const char *client);

#endif
