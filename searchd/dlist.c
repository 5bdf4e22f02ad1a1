/* dlist: a list in order of age, threaded through its members (see dlist.h). */
#include "dlist.h"

void sd_dlist_append(sd_dlist *l, sd_link *x)
{
    x->next = NULL;
    x->prev = l->last;
    if (l->last)
        l->last->next = x;
    else
        l->first = x;
    l->last = x;
}

void sd_dlist_remove(sd_dlist *l, sd_link *x)
{
    if (x->prev)
        x->prev->next = x->next;
    else
        l->first = x->next;
    if (x->next)
        x->next->prev = x->prev;
    else
        l->last = x->prev;
    x->prev = x->next = NULL;
}
