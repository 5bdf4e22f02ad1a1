/* legacy_vni: VNI-Windows, the encoding of the VNI fonts.
 *
 * A letter with marks is its base letter followed by one byte that draws the marks
 * over it ("á" is 'a' 0xF9, "ấ" is 'a' 0xE1, "ớ" is 0xF4 0xF9). Nine letters have a
 * byte of their own: đ, ơ, ư, i in each of its five tones, and ỵ. Upper case uses
 * the same scheme with every byte 0x20 lower ("Á" is 'A' 0xD9, "Đ" is 0xD1). The
 * table below gives the lower-case bytes; with the bases a e o u y ơ ư they
 * spell all 134 letters. A mark byte whose case does not match its base (text
 * whose case was changed letter by letter) still counts: the base gives the case.
 * Any other byte is read as Windows-1252, which is what the VNI fonts draw for it.
 */
#include "legacy_int.h"

#include <string.h>

#include <unicode/utf16.h>

/* Every byte of a letter's marks: a mark byte (base 0) follows the letter it draws
 * over; a letter of its own (its base letter) stands alone. */
typedef struct vni_byte {
    uint8_t byte;
    char base;
    uint8_t shape, tone;
} vni_byte;

static const vni_byte bytes[] = {
    {0xF9, 0, LG_PLAIN, LG_ACUTE}, {0xF8, 0, LG_PLAIN, LG_GRAVE}, {0xFB, 0, LG_PLAIN, LG_HOOK},
    {0xF5, 0, LG_PLAIN, LG_TILDE}, {0xEF, 0, LG_PLAIN, LG_DOT},
    {0xE2, 0, LG_CIRC, LG_LEVEL},  {0xE1, 0, LG_CIRC, LG_ACUTE},  {0xE0, 0, LG_CIRC, LG_GRAVE},
    {0xE5, 0, LG_CIRC, LG_HOOK},   {0xE3, 0, LG_CIRC, LG_TILDE},  {0xE4, 0, LG_CIRC, LG_DOT},
    {0xEA, 0, LG_BREVE, LG_LEVEL}, {0xE9, 0, LG_BREVE, LG_ACUTE}, {0xE8, 0, LG_BREVE, LG_GRAVE},
    {0xFA, 0, LG_BREVE, LG_HOOK},  {0xFC, 0, LG_BREVE, LG_TILDE}, {0xEB, 0, LG_BREVE, LG_DOT},
    {0xF1, 'd', LG_STROKE, LG_LEVEL}, {0xF4, 'o', LG_HORN, LG_LEVEL},
    {0xF6, 'u', LG_HORN, LG_LEVEL},   {0xED, 'i', LG_PLAIN, LG_ACUTE},
    {0xEC, 'i', LG_PLAIN, LG_GRAVE},  {0xE6, 'i', LG_PLAIN, LG_HOOK},
    {0xF3, 'i', LG_PLAIN, LG_TILDE},  {0xF2, 'i', LG_PLAIN, LG_DOT},
    {0xEE, 'y', LG_PLAIN, LG_DOT},
};

/* The entry of c, a VNI byte of either case (0xC0 or more); NULL for any other. */
static const vni_byte *find(uint32_t c)
{
    if (c < 0xC0 || c >= 0x100)
        return NULL;
    for (size_t i = 0; i < sizeof bytes / sizeof bytes[0]; i++)
        if (bytes[i].byte == (c | 0x20))
            return &bytes[i];
    return NULL;
}

/* A letter that takes a mark byte (a e o u y ơ ư): its base, shape and case. */
static int base_of(uint32_t c, char *base, int *shape, int *upper)
{
    *shape = LG_PLAIN;
    if (c < 0x80) {
        char l = (char)(c | 0x20);
        *base = l;
        *upper = c < 'a';
        return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') ? strchr("aeouy", l) != NULL
                                                                 : 0;
    }
    const vni_byte *s = find(c);
    if (!s || !s->base || s->shape != LG_HORN)
        return 0;
    *base = s->base;
    *shape = LG_HORN;
    *upper = !(c & 0x20);
    return 1;
}

size_t lg_vni_decode(const uint32_t *u, size_t n, size_t avail, UChar *out, int32_t *out_n)
{
    int32_t o = 0;
    size_t i = 0;
    while (i < n) {
        uint32_t c = u[i];
        char base;
        int shape, upper;
        if (c >= 0x100) {
            U16_APPEND_UNSAFE(out, o, c);
            i++;
            continue;
        }
        if (i + 1 < avail && base_of(c, &base, &shape, &upper)) {
            const vni_byte *m = find(u[i + 1]);
            /* ơ and ư take a tone only: their horn is a shape already. */
            if (m && !m->base && (shape == LG_PLAIN || m->shape == LG_PLAIN)) {
                UChar l = lg_compose(base, shape == LG_PLAIN ? m->shape : shape, m->tone, upper);
                if (l) {
                    out[o++] = l;
                    i += 2;
                    continue;
                }
            }
        }
        const vni_byte *s = find(c);
        if (s && s->base)
            out[o++] = lg_compose(s->base, s->shape, s->tone, !(c & 0x20));
        else
            out[o++] = lg_cp1252((uint8_t)c);
        i++;
    }
    *out_n = o;
    return i;
}
