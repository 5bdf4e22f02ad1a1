/* cellvalue: see cellvalue.h. */
#include "cellvalue.h"

#include <stdio.h>
#include <string.h>
#include <strings.h>

#include "task.h"

int ix_cell_in_list(const char *list, const char *key)
{
    size_t n = strlen(key);
    for (const char *p = list; *p;) {
        const char *bar = strchr(p, '|');
        size_t len = bar ? (size_t)(bar - p) : strlen(p);
        if (len == n && memcmp(p, key, n) == 0)
            return 1;
        p += len + (bar ? 1 : 0);
    }
    return 0;
}

static void trim(const char **s, size_t *n)
{
    while (*n > 0 && (**s == ' ' || **s == '\t')) {
        (*s)++;
        (*n)--;
    }
    while (*n > 0 && ((*s)[*n - 1] == ' ' || (*s)[*n - 1] == '\t'))
        (*n)--;
}

/* Up to three numbers separated by '/', '-' or '.', as written. */
static int date_parts(const char *s, size_t n, long v[3], size_t w[3])
{
    size_t k = 0;
    v[0] = 0;
    w[0] = 0;
    for (size_t i = 0; i < n; i++) {
        if (s[i] >= '0' && s[i] <= '9') {
            if (++w[k] > 5)
                return 0;
            v[k] = v[k] * 10 + (s[i] - '0');
        } else if ((s[i] == '/' || s[i] == '-' || s[i] == '.') && w[k] > 0 && k < 2) {
            k++;
            v[k] = 0;
            w[k] = 0;
        } else {
            return 0;
        }
    }
    return w[k] > 0 ? (int)k + 1 : 0;
}

/* Days since 1970-01-01 -> civil date (Howard Hinnant's algorithm). */
static void civil(long z, long *y, long *m, long *d)
{
    z += 719468;
    long era = (z >= 0 ? z : z - 146096) / 146097;
    long doe = z - era * 146097;
    long yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
    long doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    long mp = (5 * doy + 2) / 153;
    *d = doy - (153 * mp + 2) / 5 + 1;
    *m = mp < 10 ? mp + 3 : mp - 9;
    *y = yoe + era * 400 + (*m <= 2);
}

/* Writes YYYY-MM-DD, or YYYY-MM when d < 0; -1 when the numbers do not fit. */
static int iso(char out[IX_CELL_DATE_MAX], long y, long m, long d)
{
    char buf[64];
    int n = d >= 0 ? snprintf(buf, sizeof buf, "%04ld-%02ld-%02ld", y, m, d)
                   : snprintf(buf, sizeof buf, "%04ld-%02ld", y, m);
    if (n < 0 || n >= IX_CELL_DATE_MAX)
        return -1;
    memcpy(out, buf, (size_t)n + 1);
    return 0;
}

/* The forms are told apart by the number and widths of their digit groups. */
int ix_cell_date(const char *s, size_t n, char out[IX_CELL_DATE_MAX])
{
    long v[3], y, m, d;
    size_t w[3] = {0, 0, 0};
    int k = date_parts(s, n, v, w);
    if (k == 1 && w[0] == 5 && v[0] >= 20000 && v[0] <= 80000) {
        civil(v[0] - 25569, &y, &m, &d);
        return iso(out, y, m, d);
    }
    if (k == 2 && w[1] == 4 && w[0] <= 2)
        return iso(out, v[1], v[0], -1);
    if (k == 2 && w[0] == 4 && w[1] <= 2)
        return iso(out, v[0], v[1], -1);
    if (k == 3 && w[2] == 4 && w[0] <= 2 && w[1] <= 2)
        return iso(out, v[2], v[1], v[0]);
    if (k == 3 && w[0] == 4 && w[1] <= 2 && w[2] <= 2)
        return iso(out, v[0], v[1], v[2]);
    return -1;
}

static int strip_suffix(const char *s, size_t *n, const char *suffix)
{
    size_t m = strlen(suffix);
    if (*n < m || strncasecmp(s + *n - m, suffix, m) != 0)
        return 0;
    *n -= m;
    return 1;
}

/* Groups first, then which separator (if any) starts a decimal part. */
int ix_cell_amount(const char *s, size_t n, long long unit, long long *out)
{
    static const char *const units[] = {"đồng", "Đồng", "ĐỒNG", "đ", "Đ", "vnđ", "VNĐ", "vnd",
                                        "dong"};
    for (size_t i = 0; i < sizeof units / sizeof units[0]; i++)
        if (strip_suffix(s, &n, units[i]))
            break;
    trim(&s, &n);
    int neg = n > 0 && s[0] == '-';
    if (neg) {
        s++;
        n--;
    }
    size_t groups = 0, len[64], commas = 0;
    char sep[64];
    size_t g = 0;
    for (size_t i = 0; i < n; i++) {
        if (s[i] >= '0' && s[i] <= '9') {
            g++;
            continue;
        }
        if (g == 0 || groups == 63 || !(s[i] == '.' || s[i] == ',' || s[i] == ' '))
            return -1;
        len[groups] = g;
        sep[groups++] = s[i];
        commas += s[i] == ',';
        g = 0;
    }
    if (g == 0)
        return -1;
    len[groups] = g; /* groups separators, groups + 1 digit runs */
    long dec = -1;   /* the separator that starts a decimal part */
    if (groups > 0 && unit > 1 && sep[groups - 1] != ' ' &&
        ((sep[groups - 1] == ',' && commas == 1) || len[groups] != 3))
        dec = (long)groups - 1;
    for (size_t i = 1; i <= groups; i++)
        if ((long)i - 1 != dec && (len[i] != 3 || (i == 1 && len[0] > 3)))
            return -1;
    long long whole = 0, frac = 0, scale = 1;
    size_t run = 0, seen = 0;
    for (size_t i = 0; i < n; i++) {
        if (s[i] < '0' || s[i] > '9') {
            run++;
            continue;
        }
        int digit = s[i] - '0';
        if (dec >= 0 && run > (size_t)dec) {
            if (scale >= unit)
                return -1; /* finer than one đồng */
            frac = frac * 10 + digit;
            scale *= 10;
        } else if (++seen > 16) {
            whole = IX_TASK_BUDGET_MAX + 1; /* refused as too large, not misread */
        } else {
            whole = whole * 10 + digit;
        }
    }
    if (whole > IX_TASK_BUDGET_MAX / unit) {
        *out = IX_TASK_BUDGET_MAX + 1;
    } else {
        if ((frac * unit) % scale != 0)
            return -1;
        *out = whole * unit + frac * unit / scale;
    }
    if (neg)
        *out = -*out;
    return 0;
}

long long ix_cell_unit(const char *key)
{
    if (!*key || ix_cell_in_list("dong|d|vnd", key))
        return 1;
    if (ix_cell_in_list("nghin dong|ngan dong|nghin|ngan|1000 dong|1000d", key))
        return 1000;
    if (ix_cell_in_list("trieu dong|trieu|tr dong|trd|tr d|tr", key))
        return 1000000;
    if (ix_cell_in_list("ty dong|ty", key))
        return 1000000000;
    return 0;
}
