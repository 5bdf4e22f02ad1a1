/* complete: autocomplete, the phrases a person is most likely typing.
 *
 * Given what has been typed so far ("khoa h", "giong l", "ủy ban "), proposes up to ten
 * ways to go on ("khoa học", "khoa học và công nghệ", ...), drawn from the index's own
 * titles: titles say what documents are about, so a phrase many titles share is a
 * phrase people look for. The last word is a prefix unless the text ends with a space;
 * diacritics are optional, as in search.
 *
 * How, in short (the comments in complete.c say why):
 *   - the next word comes from the title bigrams (SB) that begin with the last complete
 *     word and the typed prefix, or from the title words (S) for a first word;
 *   - a phrase grows one title bigram at a time, best-first by the number of titles
 *     that hold all of its bigrams (an AND of bigram terms, close to a phrase count at
 *     a fraction of a phrase query's cost; a phrase query confirms the few shown); a
 *     phrase that nearly always goes on ("khoa học và" -> "công") is extended rather
 *     than shown, and one whose last two words do not hold together ("hà nội sẽ") is
 *     not shown;
 *   - body bigrams and the lexicon fill in when titles offer too few;
 *   - diacritics are restored from the corpus (the lexicon's spellings, chosen by the
 *     exact bigrams of neighbours); words typed with marks stay as typed, and a prefix
 *     typed with marks completes only to spellings that have them;
 *   - proper names get the capitals the index's titles give them (casing.h).
 * Every index scan and count is capped, so a one-letter prefix costs what a long one
 * does (numbers: README.md, GET /api/suggest).
 *
 * It does not correct typos: a misspelt prefix completes to nothing.
 */
#ifndef SE_COMPLETE_H
#define SE_COMPLETE_H

#include <jansson.h>
#include <stddef.h>
#include <stdint.h>

#include "lexicon.h"
#include "search.h" /* se_engine, se_param_fn */
#include "tr_error.h"
#include "vn.h"
#include "xc.h"

#define SE_COMPLETE_QUERY_MAX 200 /* bytes of typed text; more is pasted, not typed */
#define SE_COMPLETE_MAX 10        /* suggestions per request, and the default */
#define SE_COMPLETE_TEXT_MAX 1024 /* bytes of one suggestion, NUL included */

typedef struct se_suggestion {
    char text[SE_COMPLETE_TEXT_MAX]; /* what to put in the search box, NUL-terminated */
    /* Documents whose titles hold the phrase (for a suggestion drawn from bodies, whose
     * text does): counted from its bigrams, and by a phrase query for three words and
     * more, unless the request's budget for those ran out. */
    uint64_t count;
} se_suggestion;

typedef struct se_complete_list {
    se_suggestion items[SE_COMPLETE_MAX]; /* best first */
    size_t n;
} se_complete_list;

/* The completions of `len` bytes of typed UTF-8 text `q` over `db`, at most `limit`
 * (1..SE_COMPLETE_MAX), into the caller's *out (overwritten; nothing to free). The
 * analyzer and the handle stay the caller's and are used only during the call, by
 * the calling thread. Only what view `v` sees is proposed or counted (view.h): a
 * phrase of documents outside it is not there. `lx` (read, not kept; of view `v`)
 * gives the spellings that restore diacritics and completes first words bodies know; it may be NULL (suggestions then
 * come from titles only, without diacritics).
 * Empty or blank text gives an empty list. TR_ELIMIT when q is longer than
 * SE_COMPLETE_QUERY_MAX, TR_EINVAL for invalid UTF-8 or a limit out of range,
 * TR_EXAPIAN when the index fails (the handle should then be given back broken). */
int se_complete_phrases(vn_analyzer *a, xc_db *db, se_view v, const se_lexicon *lx,
                        const char *q, size_t len, size_t limit, se_complete_list *out,
                        tr_error *err);

/* se_complete_phrases, and when it leaves room, the completions of the text read as
 * Telex or VNI keystrokes typed with the input method off ("tieengs vieej" -> "tiếng
 * việt ...", vn_keys.h), after the literal ones and without repeating them. What
 * /api/suggest answers with. Same arguments and errors. */
int se_complete_typed(vn_analyzer *a, xc_db *db, se_view v, const se_lexicon *lx,
                      const char *q, size_t len, size_t limit, se_complete_list *out,
                      tr_error *err);

typedef struct se_complete_params {
    const char *q; /* the typed text; NULL is the empty text */
    size_t qlen;
    const char *limit; /* the raw parameter, NULL when absent */
    se_view view;      /* who asks (view.h); zero: the public */
} se_complete_params;

/* What GET /api/suggest answers: validates the parameters (messages fit for the user,
 * nothing of the input pasted in), takes a handle from e's pool and the current
 * lexicon, and on success sets *out to a new JSON object (json_decref):
 * {"query", "suggestions": [{"text", "count"}], "took_ms"}. */
int se_complete(se_engine *e, const se_complete_params *p, json_t **out, tr_error *err);

#endif
