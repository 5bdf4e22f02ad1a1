/* gl_positions: a term's positions in a document, as glass stores them (gl_int.h).
 *
 * The bit writer is Xapian's BitWriter (common/bitstream.cc): values coded in the
 * fewest bits their range allows, the middle of a range one bit shorter when the
 * range is not a power of two, least significant bit first.
 */
#include "gl_int.h"

typedef struct bits {
    gl_buf *b;
    uint32_t acc; /* Xapian::termpos: 32 bits */
    int n;
} bits;

static int highest_bit(uint32_t x)
{
    return x ? 32 - __builtin_clz(x) : 0;
}

static void encode(bits *w, uint32_t value, uint32_t outof)
{
    int nbits = highest_bit(outof - 1);
    uint32_t spare = (nbits >= 32 ? 0 : (uint32_t)1 << nbits) - outof;
    if (spare) {
        uint32_t mid_start = (outof - spare) / 2;
        if (value >= mid_start + spare)
            value = (value - (mid_start + spare)) | (uint32_t)1 << (nbits - 1);
        else if (value >= mid_start)
            --nbits;
    }
    if (nbits + w->n > 32) {
        w->acc |= value << w->n;
        gl_buf_byte(w->b, (unsigned char)w->acc);
        w->acc >>= 8;
        value >>= 8;
        nbits -= 8;
    }
    w->acc |= w->n < 32 ? value << w->n : 0;
    w->n += nbits;
    while (w->n >= 8) {
        gl_buf_byte(w->b, (unsigned char)w->acc);
        w->acc >>= 8;
        w->n -= 8;
    }
}

static void interpolative(bits *w, const uint32_t *pos, int j, int k)
{
    while (j + 1 < k) {
        int mid = j + (k - j) / 2;
        uint32_t outof = pos[k] - pos[j] + (uint32_t)(j - k) + 1;
        uint32_t lowest = pos[j] + (uint32_t)(mid - j);
        encode(w, pos[mid] - lowest, outof);
        interpolative(w, pos, j, mid);
        j = mid;
    }
}

void gl_positions_pack(gl_buf *b, const uint32_t *pos, uint32_t n)
{
    gl_pack_uint(b, pos[n - 1]);
    if (n < 2)
        return;
    bits w = {.b = b};
    encode(&w, pos[0], pos[n - 1]);
    encode(&w, n - 2, pos[n - 1] - pos[0]);
    interpolative(&w, pos, 0, (int)n - 1);
    if (w.n)
        gl_buf_byte(b, (unsigned char)w.acc);
}
