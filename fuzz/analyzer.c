/* analyzer: the one analyzer of the targets that analyse text (fuzz.h). */
#include "fuzz.h"

#include <stdlib.h>

vn_analyzer *fz_vn(void)
{
    static vn_analyzer *a;
    if (!a && !(a = vn_analyzer_new(NULL)))
        abort();
    return a;
}
