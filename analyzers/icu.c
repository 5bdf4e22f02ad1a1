/* icu: the ICU objects every analyzer shares, opened once per process.
 *
 * Opening a word break iterator loads and compiles ICU's rules (a millisecond or
 * more); cloning an open one is a copy. So the first vn_analyzer_new() opens a
 * prototype under pthread_once and every analyzer clones it. The normalisers are
 * immutable singletons owned by ICU and safe to share between threads.
 */
#include "vn_int.h"

#include <pthread.h>

static pthread_once_t once = PTHREAD_ONCE_INIT;
/* Cloning reads the prototype's state; ICU documents a break iterator as unsafe
 * to share between threads, so clones are made one at a time. */
static pthread_mutex_t proto_lock = PTHREAD_MUTEX_INITIALIZER;
static UBreakIterator *proto;
static const UNormalizer2 *nfc, *nfd;
static UErrorCode init_status = U_ZERO_ERROR;

static void init_once(void)
{
    UErrorCode st = U_ZERO_ERROR;
    nfc = unorm2_getNFCInstance(&st);
    if (U_SUCCESS(st))
        nfd = unorm2_getNFDInstance(&st);
    /* "vi" has no tailoring of its own; ICU falls back to the root rules with
     * U_USING_DEFAULT_WARNING, which is not a failure. Asking for "vi" keeps the
     * door open for one. The prototype is never freed: it lives as long as the
     * process, like ICU's own caches. */
    if (U_SUCCESS(st))
        proto = ubrk_open(UBRK_WORD, "vi", NULL, 0, &st);
    if (U_SUCCESS(st)) {
        vn_latin_init();
        vn_canon_init();
    }
    init_status = st;
}

int vn_icu_init(tr_error *err)
{
    pthread_once(&once, init_once);
    if (U_FAILURE(init_status))
        return tr_error_set(err, TR_EICU, "cannot load ICU data: %s", u_errorName(init_status));
    return 0;
}

const UNormalizer2 *vn_icu_nfc(void)
{
    return nfc;
}

const UNormalizer2 *vn_icu_nfd(void)
{
    return nfd;
}

UBreakIterator *vn_icu_break_clone(tr_error *err)
{
    if (vn_icu_init(err) != 0)
        return NULL;
    UErrorCode st = U_ZERO_ERROR;
    pthread_mutex_lock(&proto_lock);
    UBreakIterator *bi = ubrk_clone(proto, &st);
    pthread_mutex_unlock(&proto_lock);
    if (U_FAILURE(st)) {
        ubrk_close(bi);
        tr_error_set(err, st == U_MEMORY_ALLOCATION_ERROR ? TR_ENOMEM : TR_EICU,
                     "cannot clone the word break iterator: %s", u_errorName(st));
        return NULL;
    }
    return bi;
}
