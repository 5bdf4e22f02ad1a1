/* tracuu-anbench: how fast the analysis side of indexing runs on one core, apart from
 * the writer, in characters (code points) of title and body per CPU second.
 *
 *   tracuu-anbench [--rounds N] [--max-docs N] FILE.jsonl[.zst|.gz]...
 *
 * Loads the records (the first N with --max-docs) into memory, then, on this one thread, times three stages over
 * all of them (the best of N rounds, CPU time of the thread):
 *   tokens     vn_analyze(): ICU word breaks, atoms, compounds, exact and folded form
 *   terms      vn_terms_field(): the above, plus the terms the schema makes of them
 *   document   ix_document_build(): everything a pipeline worker does for a record
 *              (terms into a Xapian document, entities, near-duplicate signature,
 *              stored record), parsing of the JSON aside
 * and prints "STAGE chars N cpu_s S mchars_per_s R mb_per_s M" a line (MB of UTF-8
 * title and body), for bench/run.sh.
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "document.h"
#include "reader.h"
#include "record.h"
#include "vn.h"
#include "vn_terms.h"

typedef struct corpus {
    ix_record *recs;
    size_t n, cap;
    uint64_t chars, bytes;
} corpus;

static double cpu_now(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_THREAD_CPUTIME_ID, &ts);
    return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

static uint64_t count_chars(const char *s, size_t len)
{
    uint64_t n = 0;
    for (size_t i = 0; i < len; i++)
        n += ((unsigned char)s[i] & 0xC0) != 0x80;
    return n;
}

static int load(corpus *c, const char *path, size_t max)
{
    tr_error err = {0};
    ix_reader *r = ix_reader_open(path, ix_format_of(path), (size_t)64 << 20, &err);
    if (!r) {
        fprintf(stderr, "tracuu-anbench: %s: %s\n", path, err.message);
        return -1;
    }
    ix_line line;
    while (c->n < max && ix_reader_next(r, &line, &err) == 0 && line.status != IX_LINE_EOF) {
        if (line.status != IX_LINE_OK || ix_record_blank(line.text, line.len))
            continue;
        if (c->n == c->cap) {
            size_t cap = c->cap ? c->cap * 2 : 1024;
            ix_record *v = realloc(c->recs, cap * sizeof *v);
            if (!v)
                break;
            c->recs = v;
            c->cap = cap;
        }
        ix_record *rec = &c->recs[c->n];
        if (ix_record_parse(rec, line.text, line.len, "news", &err) != 0)
            continue;
        c->chars += count_chars(rec->title, rec->title_len) +
                    count_chars(rec->body, rec->body_len);
        c->bytes += rec->title_len + rec->body_len;
        c->n++;
    }
    ix_reader_free(r);
    return 0;
}

static int on_token(void *ctx, const vn_token *t)
{
    (*(uint64_t *)ctx) += t->text_len;
    return 0;
}

static int on_term(void *ctx, vn_term_kind kind, const char *term, size_t len, uint32_t pos)
{
    (void)kind;
    (void)term;
    (void)pos;
    (*(uint64_t *)ctx) += len;
    return 0;
}

typedef enum stage { TOKENS, TERMS, DOCUMENT } stage;

static int one(vn_analyzer *a, stage st, const ix_record *rec, uint64_t *sink, tr_error *err)
{
    if (st == DOCUMENT) {
        xc_doc *doc = ix_document_build(a, rec, NULL, err);
        if (!doc)
            return -1;
        *sink += xc_doc_term_count(doc);
        xc_doc_free(doc);
        return 0;
    }
    const char *text[2] = {rec->title, rec->body};
    size_t len[2] = {rec->title_len, rec->body_len};
    vn_field field[2] = {VN_FIELD_TITLE, VN_FIELD_BODY};
    for (int f = 0; f < 2; f++) {
        uint32_t pos = 0;
        int rc = st == TOKENS
                     ? vn_analyze(a, text[f], len[f], 0, on_token, sink, NULL, err)
                     : vn_terms_field(a, field[f], text[f], len[f], &pos, on_term, sink, err);
        if (rc)
            return rc;
    }
    return 0;
}

int main(int argc, char **argv)
{
    int rounds = 3, first = 1;
    size_t max = SIZE_MAX;
    while (first + 1 < argc && strncmp(argv[first], "--", 2) == 0) {
        if (strcmp(argv[first], "--rounds") == 0)
            rounds = atoi(argv[first + 1]);
        else if (strcmp(argv[first], "--max-docs") == 0)
            max = (size_t)strtoull(argv[first + 1], NULL, 10);
        else
            break;
        first += 2;
    }
    if (first >= argc || rounds < 1 || strncmp(argv[first], "--", 2) == 0) {
        fprintf(stderr, "usage: tracuu-anbench [--rounds N] [--max-docs N] FILE.jsonl...\n");
        return 2;
    }
    corpus c = {0};
    for (int i = first; i < argc; i++)
        if (load(&c, argv[i], max) != 0)
            return 1;
    tr_error err = {0};
    vn_analyzer *a = vn_analyzer_new(&err);
    if (!a) {
        fprintf(stderr, "tracuu-anbench: %s\n", err.message);
        return 1;
    }
    static const char *names[] = {"tokens", "terms", "document"};
    uint64_t sink = 0;
    int rc = 0;
    for (int st = TOKENS; rc == 0 && st <= DOCUMENT; st++) {
        double best = 0;
        for (int r = 0; rc == 0 && r < rounds; r++) {
            double t0 = cpu_now();
            for (size_t i = 0; rc == 0 && i < c.n; i++)
                rc = one(a, (stage)st, &c.recs[i], &sink, &err);
            double t = cpu_now() - t0;
            if (r == 0 || t < best)
                best = t;
        }
        if (rc == 0)
            printf("%s chars %llu cpu_s %.3f mchars_per_s %.2f mb_per_s %.2f\n", names[st],
                   (unsigned long long)c.chars, best, (double)c.chars / best / 1e6,
                   (double)c.bytes / best / 1e6);
    }
    if (rc)
        fprintf(stderr, "tracuu-anbench: %s\n", err.message);
    vn_analyzer_free(a);
    for (size_t i = 0; i < c.n; i++)
        ix_record_clear(&c.recs[i]);
    free(c.recs);
    return rc ? 1 : sink == 0;
}
