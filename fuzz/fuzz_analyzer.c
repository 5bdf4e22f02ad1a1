/* fuzz_analyzer: vn.h over arbitrary bytes, invalid UTF-8 included. Every token must
 * lie inside the input, carry valid UTF-8 and come in order; normalising and folding
 * must give valid UTF-8 whatever came in, and so must reading keystrokes (vn_keys.h). */
#include "fuzz.h"

#include <stdlib.h>

#include "vn.h"
#include "vn_keys.h"

typedef struct walk {
    size_t len;
    size_t last_start;
    uint32_t last_pos;
    size_t n;
} walk;

static int on_token(void *ctx, const vn_token *t)
{
    walk *w = ctx;
    fz_require(t->start <= t->end && t->end <= w->len, "token offsets inside the input");
    fz_require(t->text_len > 0 && t->text_len <= 256, "token text length");
    fz_require(vn_utf8_valid(t->text, t->text_len), "token text is valid UTF-8");
    fz_require(vn_utf8_valid(t->folded, t->folded_len), "folded token is valid UTF-8");
    fz_require(t->kind >= VN_WORD && t->kind <= VN_PART, "token kind");
    if (w->n++) {
        fz_require(t->pos >= w->last_pos, "positions never go back");
        fz_require(t->kind == VN_PART || t->start >= w->last_start, "tokens in text order");
    }
    w->last_pos = t->pos;
    if (t->kind != VN_PART)
        w->last_start = t->start;
    return 0;
}

int fz_analyzer(const uint8_t *data, size_t size)
{
    vn_analyzer *a = fz_vn();
    tr_error err = {0};
    const char *text = (const char *)data;
    walk w = {.len = size};
    uint32_t next = 0;
    int rc = vn_analyze(a, text, size, 7, on_token, &w, &next, &err);
    fz_require(rc == 0, "vn_analyze never fails on content");
    fz_require(next >= 7, "next position after the first");

    char *out = NULL;
    size_t out_len = 0;
    if (vn_normalize(text, size, &out, &out_len, &err) == 0) {
        fz_require(vn_utf8_valid(out, out_len), "vn_normalize gives valid UTF-8");
        free(out);
    }
    out = NULL;
    if (vn_fold(text, size, &out, &out_len, &err) == 0) {
        fz_require(vn_utf8_valid(out, out_len), "vn_fold gives valid UTF-8");
        fz_require(!vn_has_marks(out, out_len), "vn_fold leaves no marks");
        free(out);
    }
    (void)vn_has_marks(text, size);
    if (size <= 256) {
        char keys[3 * 256 + 1];
        size_t n = vn_keys_text(text, size, keys, sizeof keys);
        fz_require(n == 0 || !vn_utf8_valid(text, size) || vn_utf8_valid(keys, n),
                   "vn_keys_text gives valid UTF-8 for valid UTF-8");
        n = vn_keys_read(text, size, size & 1, keys, sizeof keys);
        fz_require(n == 0 || (vn_utf8_valid(keys, n) && keys[n] == '\0'), "vn_keys_read too");
    }
    return 0;
}
