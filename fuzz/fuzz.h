/* fuzz: libFuzzer targets over every surface that takes bytes from outside: the
 * analyzer, the query syntax, JSON Lines records, CSV tables, legacy encodings,
 * searchd's request parameters and its credentials (docs/fuzzing.md).
 *
 * Each fuzz_<name>.c holds one entry point fz_<name>(); target.c is the
 * LLVMFuzzerTestOneInput that calls it in the fuzz_<name> program. The regression
 * test (tests/test_fuzz_regressions.c) links the same entry points without libFuzzer
 * and feeds them the inputs that once crashed them. An entry point returns 0; a broken
 * invariant aborts (fz_require), which libFuzzer and cmocka both report as a crash.
 */
#ifndef FZ_H
#define FZ_H

#include <stddef.h>
#include <stdint.h>

#include "engine.h"
#include "vn.h"

int fz_analyzer(const uint8_t *data, size_t size);
int fz_query(const uint8_t *data, size_t size);
int fz_jsonl(const uint8_t *data, size_t size);
int fz_csv(const uint8_t *data, size_t size);
int fz_legacy(const uint8_t *data, size_t size);
int fz_http_params(const uint8_t *data, size_t size);
int fz_extract_html(const uint8_t *data, size_t size);
int fz_auth(const uint8_t *data, size_t size);

/* The engine of a searchd over the sample corpus (corpus/sample.jsonl, found through
 * $TRACUU_SOURCE_DIR or the source tree this was built from), indexed into a
 * temporary folder on the first call and kept, with the shipped abbreviations and
 * synonyms, until exit (the folder is removed then). Aborts when it cannot be made:
 * a fuzz run without its fixture would test nothing. */
se_engine *fz_engine(void);

/* The analyzer of the targets that analyse text, made on the first call and kept
 * until exit; aborts when it cannot be made (analyzer.c). */
vn_analyzer *fz_vn(void);

/* Aborts with `what` on stderr when `cond` is false: an invariant the code under
 * test promises (valid UTF-8 out, offsets inside the input, ...). */
#define fz_require(cond, what) fz_require_at((cond) != 0, (what), __FILE__, __LINE__)
void fz_require_at(int ok, const char *what, const char *file, int line);

#endif
