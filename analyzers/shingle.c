/* shingle: units, shingles and MinHash signatures (see shingle.h).
 *
 * Hashes are 64-bit and mixed with the splitmix64 finaliser: a shingle is hashed
 * from its units' hashes in order, and signature function i is the finaliser
 * applied to the shingle hash xor a per-function seed, top 32 bits kept. These are
 * part of the index format: changing them makes stored signatures meaningless, so
 * the format version in the encoding must change with them.
 */
#include "shingle.h"

#include "tr_radix.h"

#include <stdlib.h>
#include <string.h>

#include "tr_grow.h"

#define FORMAT_VERSION 1

static uint64_t mix64(uint64_t x)
{
    x ^= x >> 30;
    x *= 0xbf58476d1ce4e5b9ULL;
    x ^= x >> 27;
    x *= 0x94d049bb133111ebULL;
    x ^= x >> 31;
    return x;
}

uint64_t vn_unit_hash(const char *folded, size_t len)
{
    uint64_t h = 0xcbf29ce484222325ULL; /* FNV-1a, then mixed: FNV alone is weak in its high bits */
    for (size_t i = 0; i < len; i++) {
        h ^= (unsigned char)folded[i];
        h *= 0x100000001b3ULL;
    }
    return mix64(h);
}

int vn_units_push(vn_units *us, const vn_unit *u, tr_error *err)
{
    vn_unit *grown = tr_grow(us->u, us->n + 1, &us->cap, sizeof *us->u, 256);
    if (!grown)
        return tr_error_set(err, TR_ENOMEM, "out of memory collecting words");
    us->u = grown;
    us->u[us->n++] = *u;
    return 0;
}

typedef struct collect {
    vn_units *us;
    uint32_t seg;
    tr_error *err;
} collect;

static int on_token(void *ctx, const vn_token *t)
{
    collect *c = ctx;
    if (t->kind == VN_PART)
        return 0; /* the compound itself is the unit; its parts would repeat it */
    vn_unit u = {vn_unit_hash(t->folded, t->folded_len), t->start, t->end, c->seg};
    return vn_units_push(c->us, &u, c->err);
}

int vn_units_from_text(vn_analyzer *a, const char *text, size_t len, uint32_t seg, vn_units *us,
                       tr_error *err)
{
    collect c = {us, seg, err};
    return vn_analyze(a, text, len, 0, on_token, &c, NULL, err);
}

void vn_units_clear(vn_units *us)
{
    free(us->u);
    us->u = NULL;
    us->n = us->cap = 0;
}

size_t vn_shingle_span(const vn_unit *u, size_t n, size_t i)
{
    if (i >= n)
        return 0;
    size_t end = i + 1;
    while (end < n && end - i < VN_SHINGLE_LEN && u[end].seg == u[i].seg)
        end++;
    if (end - i == VN_SHINGLE_LEN)
        return VN_SHINGLE_LEN;
    /* Short of a full shingle: only a segment shorter than one gives a shingle,
     * from its first unit. */
    int seg_ends = end == n || u[end].seg != u[i].seg;
    int seg_starts = i == 0 || u[i - 1].seg != u[i].seg;
    return seg_ends && seg_starts ? end - i : 0;
}

uint64_t vn_shingle_hash(const vn_unit *u, size_t span)
{
    uint64_t h = 0x9e3779b97f4a7c15ULL + span;
    for (size_t i = 0; i < span; i++)
        h = mix64(h ^ u[i].hash);
    return h;
}

static int cmp_u64(const void *a, const void *b)
{
    uint64_t x = *(const uint64_t *)a, y = *(const uint64_t *)b;
    return x < y ? -1 : x > y;
}

int vn_shingles(const vn_unit *u, size_t n, uint64_t **out, size_t *nout, tr_error *err)
{
    *out = NULL;
    *nout = 0;
    if (n == 0)
        return 0;
    uint64_t *set = malloc(n * sizeof *set);
    if (!set)
        return tr_error_set(err, TR_ENOMEM, "out of memory computing shingles");
    size_t k = 0;
    for (size_t i = 0; i < n; i++) {
        size_t span = vn_shingle_span(u, n, i);
        if (span)
            set[k++] = vn_shingle_hash(u + i, span);
    }
    qsort(set, k, sizeof *set, cmp_u64);
    size_t d = 0;
    for (size_t i = 0; i < k; i++)
        if (d == 0 || set[i] != set[d - 1])
            set[d++] = set[i];
    if (d == 0) {
        free(set);
        return 0;
    }
    *out = set;
    *nout = d;
    return 0;
}

int vn_shingles_has(const uint64_t *set, size_t n, uint64_t h)
{
    size_t lo = 0, hi = n;
    while (lo < hi) {
        size_t mid = lo + (hi - lo) / 2;
        if (set[mid] < h)
            lo = mid + 1;
        else
            hi = mid;
    }
    return lo < n && set[lo] == h;
}

size_t vn_shingles_common(const uint64_t *a, size_t na, const uint64_t *b, size_t nb)
{
    size_t i = 0, j = 0, common = 0;
    while (i < na && j < nb) {
        if (a[i] < b[j]) {
            i++;
        } else if (a[i] > b[j]) {
            j++;
        } else {
            common++;
            i++;
            j++;
        }
    }
    return common;
}

/* The seed of signature function i: fixed forever (see the top of the file). */
static uint64_t seed(size_t i)
{
    return mix64(0x7472616375750000ULL + i); /* "tracuu" */
}

/* The signature is 5 % of indexing's CPU; its inner loop (a 64-bit mix and a minimum
 * per shingle) vectorises with AVX2 into 4 lanes, twice as fast, where the processor
 * has it (chosen at load time; the values are the same integers either way). GCC only:
 * clang builds the fuzzers, where it does not matter. analyzers/CMakeLists.txt lets
 * GCC's cost model vectorise it at -O2. */
#if defined(__GNUC__) && !defined(__clang__) && defined(__x86_64__)
__attribute__((target_clones("avx2", "default")))
#endif
void vn_minhash_compute(const uint64_t *shingles, size_t n, vn_minhash *out)
{
    uint64_t seeds[VN_MINHASH_K];
    for (size_t k = 0; k < VN_MINHASH_K; k++) {
        seeds[k] = seed(k);
        out->min[k] = UINT32_MAX;
    }
    out->count = n > UINT32_MAX ? UINT32_MAX : (uint32_t)n;
    /* Function by function, the minimum kept in a register: it was 11 % of a worker's
     * CPU with the loops the other way round, a store per shingle and function. */
    for (size_t k = 0; k < VN_MINHASH_K; k++) {
        uint32_t m = UINT32_MAX;
        uint64_t sd = seeds[k];
        for (size_t i = 0; i < n; i++) {
            uint32_t h = (uint32_t)(mix64(shingles[i] ^ sd) >> 32);
            m = h < m ? h : m;
        }
        out->min[k] = m;
    }
}

static void put_u32(unsigned char *p, uint32_t v)
{
    p[0] = (unsigned char)v;
    p[1] = (unsigned char)(v >> 8);
    p[2] = (unsigned char)(v >> 16);
    p[3] = (unsigned char)(v >> 24);
}

static uint32_t get_u32(const unsigned char *p)
{
    return (uint32_t)p[0] | (uint32_t)p[1] << 8 | (uint32_t)p[2] << 16 | (uint32_t)p[3] << 24;
}

void vn_minhash_encode(const vn_minhash *m, unsigned char out[VN_SIGNATURE_BYTES])
{
    out[0] = 'M';
    out[1] = 'H';
    out[2] = FORMAT_VERSION;
    out[3] = VN_SHINGLE_LEN;
    put_u32(out + 4, m->count);
    for (size_t k = 0; k < VN_MINHASH_K; k++)
        put_u32(out + 8 + 4 * k, m->min[k]);
}

int vn_minhash_decode(const void *buf, size_t len, vn_minhash *out, tr_error *err)
{
    const unsigned char *p = buf;
    if (!p || len != VN_SIGNATURE_BYTES || p[0] != 'M' || p[1] != 'H' || p[2] != FORMAT_VERSION ||
        p[3] != VN_SHINGLE_LEN)
        return tr_error_set(err, TR_EINVAL, "not a signature of this format");
    out->count = get_u32(p + 4);
    for (size_t k = 0; k < VN_MINHASH_K; k++)
        out->min[k] = get_u32(p + 8 + 4 * k);
    return 0;
}

double vn_minhash_jaccard(const vn_minhash *a, const vn_minhash *b)
{
    if (a->count == 0 || b->count == 0)
        return 0;
    size_t equal = 0;
    for (size_t k = 0; k < VN_MINHASH_K; k++)
        equal += a->min[k] == b->min[k];
    return (double)equal / VN_MINHASH_K;
}

double vn_minhash_common(const vn_minhash *a, const vn_minhash *b)
{
    double j = vn_minhash_jaccard(a, b);
    double common = j * ((double)a->count + (double)b->count) / (1 + j);
    /* The estimate may overshoot the smaller set, which bounds the truth. */
    double cap = a->count < b->count ? a->count : b->count;
    return common < cap ? common : cap;
}

void vn_sig_init(vn_sig *s, tr_error *err)
{
    *s = (vn_sig){.err = err};
}

static int sig_add(vn_sig *s, uint64_t h)
{
    uint64_t *grown = tr_grow(s->set, s->n + 1, &s->cap, sizeof *s->set, 1024);
    if (!grown)
        return tr_error_set(s->err, TR_ENOMEM, "out of memory computing shingles");
    s->set = grown;
    s->set[s->n++] = h;
    return 0;
}

int vn_sig_token(void *sig, const vn_token *t)
{
    vn_sig *s = sig;
    if (t->kind == VN_PART)
        return 0;
    if (s->seen >= VN_SHINGLE_LEN)
        memmove(s->win, s->win + 1, (VN_SHINGLE_LEN - 1) * sizeof s->win[0]);
    size_t at = s->seen < VN_SHINGLE_LEN ? s->seen : VN_SHINGLE_LEN - 1;
    s->win[at].hash = vn_unit_hash(t->folded, t->folded_len);
    s->seen++;
    return s->seen >= VN_SHINGLE_LEN ? sig_add(s, vn_shingle_hash(s->win, VN_SHINGLE_LEN)) : 0;
}

int vn_sig_segment_end(vn_sig *s)
{
    size_t seen = s->seen;
    s->seen = 0;
    /* A segment shorter than a shingle gives one of its own, as vn_shingle_span(). */
    return seen > 0 && seen < VN_SHINGLE_LEN ? sig_add(s, vn_shingle_hash(s->win, seen)) : 0;
}

/* A document's shingles are evenly spread hashes: a radix sort (qsort's comparisons
 * were 6 % of a worker's CPU), or qsort when there is no memory for its buffer. */
static void sort_u64(uint64_t *a, size_t n)
{
    if (tr_radix_sort(a, n, sizeof *a) != 0)
        qsort(a, n, sizeof *a, cmp_u64);
}

void vn_sig_finish(vn_sig *s, unsigned char out[VN_SIGNATURE_BYTES])
{
    sort_u64(s->set, s->n);
    size_t d = 0;
    for (size_t i = 0; i < s->n; i++)
        if (d == 0 || s->set[i] != s->set[d - 1])
            s->set[d++] = s->set[i];
    s->n = d;
    vn_minhash m;
    vn_minhash_compute(s->set, d, &m);
    vn_minhash_encode(&m, out);
}

void vn_sig_clear(vn_sig *s)
{
    free(s->set);
    s->set = NULL;
    s->n = s->cap = 0;
}

int vn_signature(vn_analyzer *a, const char *const *texts, const size_t *lens, size_t n,
                 unsigned char out[VN_SIGNATURE_BYTES], tr_error *err)
{
    vn_sig s;
    vn_sig_init(&s, err);
    int rc = 0;
    for (size_t i = 0; i < n && !rc; i++) {
        rc = vn_analyze(a, texts[i], lens[i], 0, vn_sig_token, &s, NULL, err);
        if (!rc)
            rc = vn_sig_segment_end(&s);
    }
    if (!rc)
        vn_sig_finish(&s, out);
    vn_sig_clear(&s);
    return rc;
}
