/* tracuu-termsum: a fingerprint of the terms the analyzer makes of each document, to
 * count the documents that a change of the analyzer re-spells.
 *
 *   tracuu-termsum [--terms] < records.jsonl
 *
 * Reads JSON Lines records (the corpus format: `id`, `title`, `body`) and prints, per
 * record, "ID<TAB>EXACT<TAB>FOLDED<TAB>TOKENS": 64-bit FNV-1a hashes of its exact terms
 * (exact tokens and bigrams, title and body) and of its folded ones, in the order the
 * analyzer makes them, and how many terms it has. Two builds of the analyzer that give
 * a record the same EXACT give it the same exact terms. With --terms, every exact term
 * instead, "ID<TAB>TERM" a line, to see what changed in a few records.
 * bench/termdiff.sh builds this against two revisions and compares.
 */
#include <getopt.h>
#include <jansson.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "vn_terms.h"

typedef struct sum {
    uint64_t exact, folded;
    uint64_t terms;
    const char *id; /* with --terms: print each exact term under this id */
} sum;

static uint64_t fnv(uint64_t h, const char *s, size_t n)
{
    for (size_t i = 0; i < n; i++)
        h = (h ^ (unsigned char)s[i]) * 0x100000001b3ULL;
    return (h ^ 0xff) * 0x100000001b3ULL; /* a separator, so "ab" "c" != "a" "bc" */
}

static int on_term(void *ctx, vn_term_kind kind, const char *term, size_t len, uint32_t pos)
{
    sum *s = ctx;
    (void)pos;
    s->terms++;
    if (kind == VN_TERM_EXACT || kind == VN_TERM_BIGRAM_EXACT) {
        s->exact = fnv(s->exact, term, len);
        if (s->id)
            printf("%s\t%.*s\n", s->id, (int)len, term);
    } else {
        s->folded = fnv(s->folded, term, len);
    }
    return 0;
}

static int field(vn_analyzer *a, vn_field f, json_t *rec, const char *key, sum *s,
                 tr_error *err)
{
    json_t *v = json_object_get(rec, key);
    uint32_t pos = 0;
    if (!json_is_string(v))
        return 0;
    return vn_terms_field(a, f, json_string_value(v), json_string_length(v), &pos, on_term, s,
                          err);
}

/* bench/termdiff.sh compiles this without the build's definitions. */
#ifndef TRACUU_VERSION
#define TRACUU_VERSION "(bench/termdiff.sh)"
#endif

static const char usage[] = "usage: tracuu-termsum [--terms] < records.jsonl\n"
                            "  --terms    every exact term, \"ID<TAB>TERM\" a line\n"
                            "  --help     this text\n"
                            "  --version  print the version and the index schema, and exit\n";

int main(int argc, char **argv)
{
    static const struct option longopts[] = {{"terms", no_argument, NULL, 't'},
                                             {"help", no_argument, NULL, 'h'},
                                             {"version", no_argument, NULL, 'V'},
                                             {NULL, 0, NULL, 0}};
    int terms = 0, c;
    while ((c = getopt_long(argc, argv, "", longopts, NULL)) != -1) {
        switch (c) {
        case 't': terms = 1; break;
        case 'h': fputs(usage, stdout); return 0;
        case 'V':
            printf("tracuu-termsum %s (index schema %d)\n", TRACUU_VERSION, VN_SCHEMA_VERSION);
            return 0;
        default: fputs(usage, stderr); return 2;
        }
    }
    if (optind < argc) {
        fputs(usage, stderr);
        return 2;
    }
    tr_error err = {0};
    vn_analyzer *a = vn_analyzer_new(&err);
    if (!a) {
        fprintf(stderr, "tracuu-termsum: %s\n", err.message);
        return 1;
    }
    char *line = NULL;
    size_t cap = 0;
    ssize_t n;
    unsigned long lineno = 0;
    int rc = 0;
    while (rc == 0 && (n = getline(&line, &cap, stdin)) > 0) {
        lineno++;
        json_error_t jerr;
        json_t *rec = json_loadb(line, (size_t)n, 0, &jerr);
        const char *id = rec ? json_string_value(json_object_get(rec, "id")) : NULL;
        if (!id) {
            fprintf(stderr, "tracuu-termsum: line %lu: not a record with an id\n", lineno);
            json_decref(rec);
            rc = 1;
            break;
        }
        sum s = {0xcbf29ce484222325ULL, 0xcbf29ce484222325ULL, 0, terms ? id : NULL};
        rc = field(a, VN_FIELD_TITLE, rec, "title", &s, &err);
        if (rc == 0)
            rc = field(a, VN_FIELD_BODY, rec, "body", &s, &err);
        if (rc == 0 && !terms)
            printf("%s\t%016llx\t%016llx\t%llu\n", id, (unsigned long long)s.exact,
                   (unsigned long long)s.folded, (unsigned long long)s.terms);
        else if (rc)
            fprintf(stderr, "tracuu-termsum: %s: %s\n", id, err.message);
        json_decref(rec);
    }
    free(line);
    vn_analyzer_free(a);
    return rc;
}
