/* dates: the dates a document gives, in their Vietnamese forms.
 *
 *   13/4/2023, 30-11-2023, 06.08.2020      a day
 *   16-17/3/2023                           a range of days
 *   ngày 24 tháng 12 năm 2013              a day, in words
 *   tháng 12/2013, tháng 12 năm 2013       a month
 *   ngày 5-7, sáng 28/5, (30/4)            a day without its year: the year is the
 *                                          document's (or that of the first full date it
 *                                          gives), the year before when that would put
 *                                          the day more than two months after it
 * A day and month without a year need a word before them (ngày, sáng, chiều, tối, từ,
 * đến, ...) or brackets of their own: "24/7" alone is a service, not a date.
 */
#include "kn_int.h"

#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static int valid(int y, int m, int dd)
{
    static const int days[] = {31, 29, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
    return (y == 0 || (y >= 1900 && y <= 2100)) && m >= 1 && m <= 12 && dd >= 1 &&
           dd <= days[m - 1];
}

/* Splits "16-17/3/2023" into numbers and the separators between them. */
static int numbers(const char *s, size_t len, int out[4], char sep[4])
{
    int n = 0;
    size_t i = 0;
    while (i < len && n < 4) {
        if (!isdigit((unsigned char)s[i]))
            return 0;
        int v = 0, digits = 0;
        while (i < len && isdigit((unsigned char)s[i]) && digits < 5)
            v = v * 10 + (s[i++] - '0'), digits++;
        out[n] = v;
        sep[n] = i < len ? s[i] : '\0';
        n++;
        if (i < len)
            i++;
    }
    return i >= len ? n : 0;
}

/* The year of a day given without one. */
static int year_for(const kn_doc *d, int m, int dd)
{
    if (!d->year)
        return 0;
    int ref_m = (d->date[4] - '0') * 10 + (d->date[5] - '0');
    int ref_d = (d->date[6] - '0') * 10 + (d->date[7] - '0');
    int months_after = (m - ref_m) * 31 + (dd - ref_d);
    return months_after > 62 ? d->year - 1 : d->year;
}

static void put(char out[11], int y, int m, int dd)
{
    unsigned uy = (unsigned)y % 10000u, um = (unsigned)m % 100u, ud = (unsigned)dd % 100u;
    if (y && dd)
        snprintf(out, 11, "%04u-%02u-%02u", uy, um, ud);
    else if (y)
        snprintf(out, 11, "%04u-%02u", uy, um);
    else
        snprintf(out, 11, "--%02u-%02u", um, ud);
}

static int context_word(const kn_doc *d, size_t i)
{
    static const char *const words[] = {"ngay", "sang", "trua", "chieu", "toi", "dem",
                                        "hom", "tu", "den", "truoc", "sau", "dip", "le"};
    if (i == 0)
        return 0;
    if (d->t[i].gap & KN_G_OPEN)
        return i + 1 >= d->n || (d->t[i + 1].gap & KN_G_CLOSE);
    if (d->t[i].gap)
        return 0;
    for (size_t k = 0; k < sizeof words / sizeof words[0]; k++)
        if (kn_tok_is(d, i - 1, words[k]))
            return 1;
    return 0;
}

static int number_tok(const kn_doc *d, size_t i, int *v)
{
    if (i >= d->n || d->t[i].kind != VN_NUMBER || d->t[i].src_len > 4)
        return 0;
    int x = 0;
    for (uint32_t k = 0; k < d->t[i].src_len; k++) {
        if (!isdigit((unsigned char)d->t[i].src[k]))
            return 0;
        x = x * 10 + (d->t[i].src[k] - '0');
    }
    *v = x;
    return 1;
}

size_t kn_date_at(const kn_doc *d, size_t i, char out[11], char end[11])
{
    out[0] = end[0] = '\0';
    if (i >= d->n)
        return 0;
    const kn_tok *t = &d->t[i];
    int v[4], dd, m, y;
    char sep[4];
    /* ngày 24 tháng 12 năm 2013 */
    if (kn_tok_is(d, i, "ngay") && number_tok(d, i + 1, &dd) && kn_tok_is(d, i + 2, "thang") &&
        number_tok(d, i + 3, &m)) {
        size_t n = 4;
        y = 0;
        if (kn_tok_is(d, i + 4, "nam") && number_tok(d, i + 5, &y) && y >= 1900)
            n = 6;
        else
            y = year_for(d, m, dd);
        if (!valid(y, m, dd))
            return 0;
        put(out, y, m, dd);
        return n;
    }
    /* tháng 12/2013, tháng 12 năm 2013 */
    if (kn_tok_is(d, i, "thang") && i + 1 < d->n) {
        const kn_tok *u = &d->t[i + 1];
        int n = numbers(u->src, u->src_len, v, sep);
        if (u->kind == VN_DATE && n == 2 && v[1] >= 1900 && valid(v[1], v[0], 1)) {
            put(out, v[1], v[0], 0);
            return 2;
        }
        if (number_tok(d, i + 1, &m) && kn_tok_is(d, i + 2, "nam") && number_tok(d, i + 3, &y) &&
            y >= 1900 && valid(y, m, 1)) {
            put(out, y, m, 0);
            return 4;
        }
        return 0;
    }
    if (t->kind != VN_DATE && t->kind != VN_NUMBER)
        return 0;
    int n = numbers(t->src, t->src_len, v, sep);
    if (n == 3 && v[2] >= 1900 && valid(v[2], v[1], v[0]) && (sep[0] == sep[1])) {
        put(out, v[2], v[1], v[0]); /* 13/4/2023, 30-11-2023 */
        return 1;
    }
    if (n == 4 && sep[0] == '-' && valid(v[3], v[2], v[0]) && valid(v[3], v[2], v[1]) &&
        v[3] >= 1900 && v[1] > v[0]) {
        put(out, v[3], v[2], v[0]); /* 16-17/3/2023 */
        put(end, v[3], v[2], v[1]);
        return 1;
    }
    if (!context_word(d, i))
        return 0;
    if (n == 2 && valid(0, v[1], v[0]) && v[1] <= 12) {
        y = year_for(d, v[1], v[0]); /* ngày 5-7, sáng 28/5 */
        put(out, y, v[1], v[0]);
        return 1;
    }
    if (n == 3 && sep[0] == '-' && sep[1] == '/' && valid(0, v[2], v[1]) && v[1] > v[0]) {
        y = year_for(d, v[2], v[0]); /* 27-28/4 */
        put(out, y, v[2], v[0]);
        put(end, y, v[2], v[1]);
        return 1;
    }
    return 0;
}

void kn_dates_extract(kn_doc *d)
{
    /* Without the document's own date, the first full date it gives dates the rest. */
    if (!d->year) {
        for (size_t i = 0; i < d->n && !d->year; i++) {
            char out[11], end[11];
            if (d->t[i].kind == VN_DATE && kn_date_at(d, i, out, end) && out[0] != '-' &&
                strlen(out) == 10) {
                snprintf(d->date, sizeof d->date, "%.4s%.2s%.2s", out, out + 5, out + 8);
                d->year = atoi(out);
                memcpy(d->out->inferred, out, sizeof d->out->inferred);
            }
        }
    }
    for (size_t i = 0; i < d->n;) {
        char out[11], end[11];
        size_t n = d->t[i].used ? 0 : kn_date_at(d, i, out, end);
        if (n) {
            kn_date_add(d, kn_span_text(d, i, i + n - 1), out, end);
            i += n;
        } else {
            i++;
        }
    }
}
