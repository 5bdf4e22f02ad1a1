/* spell: did-you-mean, from the index's own statistics.
 *
 * Two corrections, in one pass over the query's words:
 *   - diacritic restoration: a query typed without any diacritics ("so khoa hoc va
 *     cong nghe quang nam") gets its most likely accented form ("sở khoa học và công
 *     nghệ quảng nam"); each word's spellings come from the lexicon, and the sequence
 *     is chosen by how often neighbouring spellings stand together in the indexed text
 *     (exact bigram terms), with unigram frequency as the back-off; a word with no word
 *     before it (the first of the query, or after punctuation or a number) is chosen by
 *     the bigram it makes with the word after it ("toi sinh" -> "tôi sinh", though
 *     "tới" is the commoner word);
 *   - keystrokes: a word typed as Telex or VNI keys with the input method off
 *     ("vieetj", "vie6t5") has the syllable it spells ("việt") as a candidate, weighed
 *     by the same bigrams against the literal word and its typo fixes;
 *   - typo correction: a word the index has never seen is replaced by its most likely
 *     neighbour at edit distance 1 (on the folded form), the likeliest being the one
 *     that shares documents with the rest of the query (cooccur.h). Tones the user
 *     typed are kept: "chó" is never corrected to "chò", and a misspelt marked word
 *     prefers spellings with the same marks. An abbreviation of the table `syn`
 *     (data/abbreviations.tsv: "ĐMST", "TTHC"), a legal number or a code is never
 *     corrected, however rare in the index or absent from it: it is searched as
 *     typed and by its expansion.
 * The rest of the query (operators, quotes, filters, compounds, numbers) is kept as
 * typed, and so is the case of a word: "Giong" -> "Giống", "VIET" -> "VIỆT"; a word typed
 * in lower case takes the capital the index's titles give it in a proper name ("quang
 * nam" -> "Quảng Nam", casing.h).
 */
#ifndef SE_SPELL_H
#define SE_SPELL_H

#include <stddef.h>

#include "lexicon.h"
#include "query.h"
#include "synonyms.h"
#include "tr_error.h"
#include "vn.h"
#include "xc.h"

/* Suggests a better query for the parsed query `pq` (parsed from `q`, `len` bytes), or
 * sets *out to NULL when the query is as good as the index can tell. `db` gives the
 * bigram counts, over the documents view `v` sees (view.h; `lx` must be of the same
 * view), so that nothing is corrected into a word only other documents have. `pq`
 * is analysed with `a` unless it has been already (se_units_analyze), and keeps its
 * units for se_qbuild. `syn` (may be NULL) is the abbreviation table of the engine
 * (se_engine_syn). *out is malloc()ed. *fixed
 * (may be NULL) is set to 1 when the suggestion replaces a word the index has never
 * seen as typed: the suggestion then finds what the query cannot, and the engine
 * searches it instead; to SE_SPELL_KEYS when it only reads words the index knows as
 * typed as Telex or VNI keystrokes (vn_keys.h: "chaos" -> "cháo"): both may be meant,
 * and the engine searches both, the literal first. Returns 0 or a TR_E* code (out of
 * memory, analyzer failure). */
#define SE_SPELL_KEYS 2
int se_spell_suggest(vn_analyzer *a, const se_lexicon *lx, const se_syn *syn, xc_db *db,
                     se_view v, se_query *pq, const char *q, size_t len, char **out, int *fixed,
                     tr_error *err);

#endif
