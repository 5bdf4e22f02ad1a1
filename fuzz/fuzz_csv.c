/* fuzz_csv: a CSV file as tracuu reads one: cell by cell (common/tr_csv.h, as
 * text in memory, with a small row cap so that the cap is met too) and as
 * tracuu-index reads a table of task records (table.h), each row's JSON then
 * checked as a record (record.h). The table reader takes a path, so the input goes
 * to a memory file named through /proc/self/fd. */
#define _GNU_SOURCE
#include "fuzz.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <unistd.h>

#include "record.h"
#include "table.h"
#include "tr_csv.h"

static const char *memfile(const uint8_t *data, size_t size)
{
    static int fd = -1;
    static char path[64];
    if (fd < 0) {
        fd = memfd_create("fuzz.csv", 0);
        fz_require(fd >= 0, "memfd_create");
        snprintf(path, sizeof path, "/proc/self/fd/%d", fd);
    }
    fz_require(ftruncate(fd, 0) == 0, "ftruncate");
    size_t done = 0;
    while (done < size) {
        ssize_t n = pwrite(fd, data + done, size - done, (off_t)done);
        fz_require(n > 0, "pwrite");
        done += (size_t)n;
    }
    return path;
}

static void cells(const uint8_t *data, size_t size)
{
    tr_error err = {0};
    tr_csv *c = tr_csv_new_text((const char *)data, size, 256, &err);
    fz_require(c != NULL, "tr_csv_new_text");
    tr_row row;
    memset(&row, 0, sizeof row);
    uint64_t last = 0, last_line = 0;
    for (int eof = 0;;) {
        if (tr_csv_next(c, &row, &eof, &err) || eof)
            break;
        fz_require(row.number > last, "rows numbered upwards");
        fz_require(row.line > last_line, "rows start on later lines");
        last = row.number;
        last_line = row.line;
        /* The encoding is the caller's to check (table() below meets it). */
        if (!row.bad)
            for (size_t i = 0; i < row.cells.n; i++) {
                size_t len;
                const char *s = tr_cells_get(&row.cells, i, &len);
                fz_require(memchr(s, 0, len) == NULL, "a good cell has no NUL");
            }
    }
    tr_cells_free(&row.cells);
    tr_csv_free(c);
}

static void table(const char *path)
{
    tr_error err = {0};
    ix_table *t = ix_table_open(path, IX_TABLE_CSV, IX_FORMAT_PLAIN, 1 << 20, &err);
    if (!t) {
        fz_require(err.code == TR_EINVAL || err.code == TR_ENOMEM, "a table refused says why");
        return;
    }
    for (int eof = 0;;) {
        ix_table_row row;
        memset(&row, 0, sizeof row);
        if (ix_table_next(t, &row, &eof, &err) || eof)
            break;
        if (row.json) {
            ix_record rec;
            memset(&rec, 0, sizeof rec);
            tr_error e2 = {0};
            if (ix_record_parse(&rec, row.json, row.len, "task", &e2) == 0)
                ix_record_clear(&rec);
            free(row.json);
        } else {
            fz_require(row.why.message[0] != '\0', "a skipped row says why");
        }
    }
    ix_table_free(t);
}

int fz_csv(const uint8_t *data, size_t size)
{
    cells(data, size);
    table(memfile(data, size));
    return 0;
}
