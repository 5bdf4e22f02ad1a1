/* detect: what kind of document a text is, its number and its own date, from the
 * way Vietnamese administrative documents are laid out (Decree 30/2020/ND-CP): the
 * heading block (issuer, "Số: 12/QĐ-UBND", place and date "Quảng Nam, ngày 5 tháng
 * 3 năm 2024"), then the document's kind in capitals ("QUYẾT ĐỊNH", "BIÊN BẢN").
 * Minutes carry the meeting's date in their first sentence ("Hôm nay, ngày 13 tháng
 * 4 năm 2023", "Vào lúc 8 giờ 00, ngày ..."), and task dossiers open with
 * "THUYẾT MINH ĐỀ TÀI" or list "Tên nhiệm vụ" and "Mã số".
 *
 * Matching is done on the folded text (no marks, lower case, đ -> d), so that
 * "QUYẾT ĐỊNH", "Quyết định" and "QUYET DINH" are one; only the number is read
 * from the original, where its "Đ" must be kept. */
#include "ex_int.h"

#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <unicode/uchar.h>
#include <unicode/utf8.h>

#include "vn.h"

#define HEAD_BYTES 6000 /* the heading block and the first sentences */
#define HEAD_LINES 25   /* lines in which a heading or a number counts */

static const char *const LEGAL_KINDS[] = {
    "quyet dinh", "nghi quyet", "nghi dinh", "thong tu", "chi thi", "cong van", "luat",
};

typedef struct lines {
    const char *s[HEAD_LINES];
    size_t n[HEAD_LINES];
    size_t count;
} lines;

static void split(const char *s, size_t len, lines *out)
{
    out->count = 0;
    size_t i = 0;
    while (i < len && out->count < HEAD_LINES) {
        size_t e = i;
        while (e < len && s[e] != '\n')
            e++;
        if (e > i) {
            out->s[out->count] = s + i;
            out->n[out->count++] = e - i;
        }
        i = e + 1;
    }
}

static int starts(const char *s, size_t n, const char *word)
{
    size_t w = strlen(word);
    return n >= w && memcmp(s, word, w) == 0 && (n == w || !isalnum((unsigned char)s[w]));
}

static const char *find(const char *s, size_t n, const char *word)
{
    size_t w = strlen(word);
    for (size_t i = 0; i + w <= n; i++)
        if (memcmp(s + i, word, w) == 0 && (i == 0 || !isalnum((unsigned char)s[i - 1])))
            return s + i;
    return NULL;
}

/* A heading is in capitals: no lower-case letter among its first few. */
static int capitals(const char *s, size_t n)
{
    int32_t i = 0, letters = 0;
    while ((size_t)i < n && letters < 8) {
        UChar32 c;
        U8_NEXT(s, i, (int32_t)n, c);
        if (c < 0)
            continue;
        if (u_islower(c))
            return 0;
        if (u_isalpha(c))
            letters++;
    }
    return letters > 0;
}

static size_t skip_spaces(const char *s, size_t i, size_t n)
{
    while (i < n && (s[i] == ' ' || s[i] == '\t'))
        i++;
    return i;
}

static int number_at(const char *s, size_t *i, size_t n, int *v)
{
    size_t j = *i;
    int x = 0;
    while (j < n && isdigit((unsigned char)s[j]) && j - *i < 4)
        x = x * 10 + (s[j++] - '0');
    if (j == *i || (j < n && isdigit((unsigned char)s[j])))
        return 0;
    *v = x;
    *i = j;
    return 1;
}

static int valid_date(int y, int m, int d, char out[11])
{
    char s[48];
    snprintf(s, sizeof s, "%04d-%02d-%02d", y, m, d);
    return y >= 1900 && y <= 2200 && ex_date_parse(s, out);
}

/* A date at folded s[i]: "ngay 13 thang 4 nam 2023" or "ngay 13/4/2023". */
static int date_at(const char *s, size_t i, size_t n, char out[11])
{
    if (!starts(s + i, n - i, "ngay"))
        return 0;
    int d, m, y;
    i = skip_spaces(s, i + 4, n);
    if (!number_at(s, &i, n, &d))
        return 0;
    if (i < n && (s[i] == '/' || s[i] == '-' || s[i] == '.')) {
        char sep = s[i++];
        if (!number_at(s, &i, n, &m) || i >= n || s[i++] != sep || !number_at(s, &i, n, &y))
            return 0;
        return valid_date(y, m, d, out);
    }
    i = skip_spaces(s, i, n);
    if (!starts(s + i, n - i, "thang"))
        return 0;
    i = skip_spaces(s, i + 5, n);
    if (!number_at(s, &i, n, &m))
        return 0;
    i = skip_spaces(s, i, n);
    if (!starts(s + i, n - i, "nam"))
        return 0;
    i = skip_spaces(s, i + 3, n);
    return number_at(s, &i, n, &y) && valid_date(y, m, d, out);
}

static int first_date(const char *s, size_t from, size_t n, char out[11])
{
    for (size_t i = from; i < n; i++)
        if ((i == 0 || !isalnum((unsigned char)s[i - 1])) && date_at(s, i, n, out))
            return 1;
    return 0;
}

/* "Số: 12/QĐ-UBND" in an original line: the number after "Số", with a '/' and a
 * letter in it, so that "Số người: 12" is no number. */
static void number_in(const char *s, size_t n, char out[64])
{
    static const char *const SO[] = {"S\xe1\xbb\x91", "s\xe1\xbb\x91", "S\xe1\xbb\x90", "So",
                                     "SO"};
    for (size_t k = 0; k < sizeof SO / sizeof SO[0]; k++) {
        size_t w = strlen(SO[k]);
        for (size_t i = 0; i + w < n; i++) {
            if (memcmp(s + i, SO[k], w) != 0 || (i > 0 && isalnum((unsigned char)s[i - 1])))
                continue;
            size_t j = skip_spaces(s, i + w, n);
            if (j < n && (s[j] == ':' || s[j] == '.'))
                j = skip_spaces(s, j + 1, n);
            if (j >= n || !isdigit((unsigned char)s[j]))
                continue;
            size_t e = j;
            int slash = 0, letter = 0;
            while (e < n && s[e] != ' ' && s[e] != '\t' && s[e] != ',' && s[e] != ';' &&
                   s[e] != ')' && e - j < 60) {
                slash |= s[e] == '/';
                letter |= isalpha((unsigned char)s[e]) || (unsigned char)s[e] >= 0x80;
                e++;
            }
            while (e > j && s[e - 1] == '.')
                e--;
            if (slash && letter) {
                memcpy(out, s + j, e - j);
                out[e - j] = '\0';
                return;
            }
        }
    }
}

/* A task is best named by its name: "1. Tên đề tài: Nghiên cứu ...". */
static void task_name(const lines *orig, const lines *fold, size_t nl, ex_detect *out)
{
    for (size_t k = 0; k < nl; k++) {
        const char *f = fold->s[k];
        size_t fn = fold->n[k], i = 0;
        while (i < fn && (isdigit((unsigned char)f[i]) || f[i] == '.' || f[i] == ' '))
            i++;
        if (!starts(f + i, fn - i, "ten de tai") && !starts(f + i, fn - i, "ten nhiem vu") &&
            !starts(f + i, fn - i, "ten du an"))
            continue;
        const char *colon = memchr(orig->s[k], ':', orig->n[k]);
        if (!colon)
            continue;
        size_t skip = (size_t)(colon + 1 - orig->s[k]);
        while (skip < orig->n[k] && orig->s[k][skip] == ' ')
            skip++;
        if (skip < orig->n[k]) {
            out->title[0] = orig->s[k] + skip;
            out->title_n[0] = orig->n[k] - skip;
            out->title[1] = NULL;
            out->title_n[1] = 0;
        }
        return;
    }
}

int ex_detect_run(const char *title, const char *body, size_t len, ex_detect *out,
                  tr_error *err)
{
    memset(out, 0, sizeof *out);
    size_t head = len < HEAD_BYTES ? len : HEAD_BYTES;
    while (head < len && ((unsigned char)body[head] & 0xC0) == 0x80)
        head--;
    char *folded = NULL, *ftitle = NULL;
    size_t flen = 0, ftlen = 0;
    int rc = vn_fold(body, head, &folded, &flen, err);
    if (rc == 0 && title)
        rc = vn_fold(title, strlen(title), &ftitle, &ftlen, err);
    if (rc) {
        free(folded);
        return rc;
    }
    /* Folding keeps line breaks, so line k of one is line k of the other. */
    lines orig, fold;
    split(body, head, &orig);
    split(folded, flen, &fold);
    size_t nl = orig.count < fold.count ? orig.count : fold.count;

    int title_minutes = ftitle && starts(ftitle, ftlen, "bien ban");
    size_t at = 0;
    for (size_t k = 0; k < nl && !out->type; k++) {
        at = k;
        const char *f = fold.s[k];
        size_t fn = fold.n[k];
        int heading = capitals(orig.s[k], orig.n[k]) || (title && k == 0);
        if (starts(f, fn, "bien ban") && (heading || title_minutes))
            out->type = "minutes";
        else if (starts(f, fn, "thuyet minh") &&
                 (find(f, fn, "de tai") || find(f, fn, "nhiem vu") || find(f, fn, "du an")))
            out->type = "task";
        for (size_t j = 0; !out->type && heading && j < sizeof LEGAL_KINDS / sizeof *LEGAL_KINDS;
             j++)
            if (starts(f, fn, LEGAL_KINDS[j]))
                out->type = "legal";
    }
    if (out->type) {
        out->title[0] = orig.s[at];
        out->title_n[0] = orig.n[at];
        if (at + 1 < nl && strcmp(out->type, "task") != 0 &&
            (starts(fold.s[at + 1], fold.n[at + 1], "ve") ||
             starts(fold.s[at + 1], fold.n[at + 1], "v/v") ||
             capitals(orig.s[at + 1], orig.n[at + 1]))) {
            out->title[1] = orig.s[at + 1];
            out->title_n[1] = orig.n[at + 1];
        }
    }
    if (!out->type && title_minutes)
        out->type = "minutes";
    if (!out->type && (find(folded, flen, "ten nhiem vu") || find(folded, flen, "ten de tai")) &&
        find(folded, flen, "ma so"))
        out->type = "task";

    for (size_t k = 0; k < orig.count && !out->number[0]; k++)
        number_in(orig.s[k], orig.n[k], out->number);
    if (!out->type) {
        /* A letter (công văn) has no heading, but has a number and a "V/v" subject. */
        for (size_t k = 0; k < nl && !out->type; k++)
            if (starts(fold.s[k], fold.n[k], "v/v") && out->number[0]) {
                out->type = "legal";
                out->title[0] = orig.s[k];
                out->title_n[0] = orig.n[k];
            }
    }
    if (!out->type || strcmp(out->type, "legal") != 0)
        out->number[0] = '\0';
    if (out->type && strcmp(out->type, "task") == 0)
        task_name(&orig, &fold, nl, out);

    int found = 0;
    if (out->type && strcmp(out->type, "minutes") == 0) {
        const char *at = find(folded, flen, "hom nay");
        if (!at)
            at = find(folded, flen, "vao luc");
        if (at) {
            size_t from = (size_t)(at - folded);
            size_t to = from + 200 < flen ? from + 200 : flen;
            found = first_date(folded, from, to, out->date);
        }
    }
    if (!found)
        first_date(folded, 0, flen, out->date);
    free(folded);
    free(ftitle);
    return 0;
}
