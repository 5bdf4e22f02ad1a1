/* ymd: a calendar date as "YYYY-MM-DD", out of the ways files write one in their
 * metadata (ISO 8601 in HTML meta tags and ODF, PDF's "D:YYYYMMDD...", and the
 * Vietnamese day-first "13/4/2023"). Only real days of 1900 to 2200 pass, so that
 * a version number or a page count never becomes a date; detect.c checks the dates
 * it reads in the text the same way. */
#include "ex_int.h"

#include <stdio.h>
#include <string.h>

static int valid_ymd(int y, int m, int d)
{
    static const int days[] = {31, 29, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
    if (y < 1900 || y > 2200 || m < 1 || m > 12 || d < 1 || d > days[m - 1])
        return 0;
    return !(m == 2 && d == 29 && (y % 4 || (y % 100 == 0 && y % 400)));
}

int ex_date_parse(const char *s, char out[11])
{
    int y, m, d, n = 0;
    while (*s == ' ')
        s++;
    if (strncmp(s, "D:", 2) == 0)
        s += 2;
    if (sscanf(s, "%4d-%2d-%2d%n", &y, &m, &d, &n) == 3 && n == 10) {
    } else if (sscanf(s, "%4d%2d%2d%n", &y, &m, &d, &n) == 3 && n == 8) {
    } else if (sscanf(s, "%2d/%2d/%4d%n", &d, &m, &y, &n) == 3 && n >= 8) {
    } else {
        return 0;
    }
    if (!valid_ymd(y, m, d))
        return 0;
    char tmp[32];
    snprintf(tmp, sizeof tmp, "%04d-%02d-%02d", y, m, d);
    memcpy(out, tmp, 11);
    return 1;
}
