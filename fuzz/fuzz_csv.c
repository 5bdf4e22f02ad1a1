/* fuzz_csv: a CSV file as tracuu-index reads a spreadsheet: cell by cell
 * (indexer/csv.h, with a small row cap so that the cap is met too) and as a table
 * of task records (table.h), each row's JSON then checked as a record (record.h).
 * The readers take a path, so the input goes to a memory file named through
 * /proc/self/fd. */
#define _GNU_SOURCE
#include "fuzz.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <unistd.h>

#include "csv.h"
#include "record.h"
#include "table.h"
#include "vn.h"

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

static void cells(const char *path)
{
    tr_error err = {0};
    ix_csv *c = ix_csv_open(path, IX_FORMAT_PLAIN, 256, &err);
    fz_require(c != NULL, "ix_csv_open of a readable file");
    ix_row row;
    memset(&row, 0, sizeof row);
    uint64_t last = 0;
    for (int eof = 0;;) {
        if (ix_csv_next(c, &row, &eof, &err) || eof)
            break;
        fz_require(row.number > last, "rows numbered upwards");
        last = row.number;
        if (!row.bad)
            for (size_t i = 0; i < row.cells.n; i++) {
                size_t len;
                const char *s = ix_cells_get(&row.cells, i, &len);
                fz_require(vn_utf8_valid(s, len), "a good cell is valid UTF-8");
                fz_require(memchr(s, 0, len) == NULL, "a good cell has no NUL");
            }
    }
    ix_cells_free(&row.cells);
    ix_csv_free(c);
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
    const char *path = memfile(data, size);
    cells(path);
    table(path);
    return 0;
}

#ifndef TRACUU_FUZZ_NO_MAIN
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    return fz_csv(data, size);
}
#endif
