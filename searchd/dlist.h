/* dlist: a list in order of age, threaded through its members: the result cache's
 * entries (least recently used first) and the guard's connections (oldest first).
 * Each member holds an sd_link; SD_DLIST_ITEM() is the member of a link. Not locked:
 * the list's owner holds its own lock.
 */
#ifndef SD_DLIST_H
#define SD_DLIST_H

#include <stddef.h>

typedef struct sd_link {
    struct sd_link *prev, *next;
} sd_link;

typedef struct sd_dlist {
    sd_link *first, *last; /* NULL, NULL: empty */
} sd_dlist;

/* The `type` whose sd_link `member` is `link` (NULL for NULL). */
#define SD_DLIST_ITEM(lk, type, member) \
    ((lk) ? (type *)(void *)((char *)(lk) - offsetof(type, member)) : (type *)NULL)

/* Puts x, in no list, at the end of l. */
void sd_dlist_append(sd_dlist *l, sd_link *x);

/* Takes x out of l. */
void sd_dlist_remove(sd_dlist *l, sd_link *x);

#endif
